#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chainwatch/tenders.h"
#include "testutil.h"

static char path[] = "/tmp/cw-test-tenders-XXXXXX";

/* A bid CSV at `path`: the header, then what write_rows writes. */
static void bid_file(void (*write_rows)(FILE *fp, size_t n), size_t n)
{
	int fd;
	FILE *fp;

	strcpy(path, "/tmp/cw-test-tenders-XXXXXX");
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	fp = fdopen(fd, "w");
	ck_assert_ptr_nonnull(fp);
	fputs("Tender reference,Lot,Bidder name,Supplier number,Bid price,Status,Awarded\n", fp);
	write_rows(fp, n);
	ck_assert_int_eq(fclose(fp), 0);
}

static void check(struct tender_check *tc)
{
	struct tender_settings s;
	struct diag err;

	tender_settings_init(&s);
	diag_init(&err);
	ck_assert_msg(tender_check_file(path, NULL, &s, NULL, tc, &err) == 0, "%s", err.msg);
	unlink(path);
}

static void few_rows(FILE *fp, size_t n)
{
	(void)n;
	fputs("T2,,Alpha Ltd,A1,100000,valid,yes\n"
	      "T1,Lot 2,Beta Ltd,B1,200000,,no\n"
	      "T1,,Gamma Ltd,C1,300000,withdrawn,\n"
	      "T2,,Delta Ltd,D1,110000,valid,no\n"
	      "T1,Lot 2,Alpha Ltd,A1,190000,valid,yes\n"
	      "T2,,Beta Ltd,,120000,valid,yes\n", fp);
}

START_TEST(bid_csv_rows_become_procedures_in_first_seen_order)
{
	static const char *const ocid[] = { "T2", "T1/Lot 2", "T1" };
	static const char *const bidders[] = {
		"Alpha Ltd", "Delta Ltd", "Beta Ltd", "Beta Ltd", "Alpha Ltd", "Gamma Ltd",
	};
	struct tender_check tc;
	const struct procedure *p;
	size_t i;

	bid_file(few_rows, 0);
	check(&tc);
	ck_assert_uint_eq(tc.data.nprocs, 3);
	ck_assert_uint_eq(tc.data.bids.n, 6);
	for (i = 0; i < 3; i++)
		ck_assert_str_eq(tc.data.procs[i].ocid, ocid[i]);
	for (i = 0; i < 6; i++)                   /* tender by tender, file order within */
		ck_assert_str_eq(tc.data.bids.v[i].bidder, bidders[i]);
	p = &tc.data.procs[0];
	ck_assert_uint_eq(p->first_bid, 0);
	ck_assert_uint_eq(p->nbids, 3);
	ck_assert_uint_eq(p->nactive, 2);         /* two bids awarded: Cardinal skips it */
	ck_assert_uint_eq(p->nsupplier_ids, 2);
	ck_assert_str_eq(p->supplier_ids[0], "A1");
	ck_assert_str_eq(p->supplier_ids[1], "");
	ck_assert_str_eq(p->source, tc.data.bids.v[0].source);
	p = &tc.data.procs[1];
	ck_assert_uint_eq(p->first_bid, 3);
	ck_assert_uint_eq(p->nsupplier_ids, 1);
	ck_assert_int_eq(p->has_awards, 1);
	ck_assert_int_eq(tc.data.bids.v[3].valid, 1);   /* no status: valid */
	p = &tc.data.procs[2];
	ck_assert_uint_eq(p->nsupplier_ids, 0);
	ck_assert_int_eq(p->has_awards, 0);
	ck_assert_int_eq(tc.data.bids.v[5].valid, 0);
	ck_assert_int_eq(tc.alt[5].excluded, 1);
	ck_assert_uint_eq(tc.alt[0].group, tc.alt[2].group);
	tender_check_release(&tc);
}
END_TEST

/* Tender i % 50,000; the first row of each wins at the lowest price. */
static void many_rows(FILE *fp, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		fprintf(fp, "T-%zu,,Bidder %zu Ltd,S%zu,%zu.%02zu,valid,%s\n", i % 50000, i % 7, i % 7,
			i < 50000 ? 900000 + i % 1000 : 1000000 + (i * 7919) % 100000, i % 100,
			i < 50000 ? "yes" : "no");
}

/* 200,000 bids in 50,000 tenders: the tcase's timeout fails anything quadratic. */
START_TEST(two_hundred_thousand_bids_in_fifty_thousand_tenders)
{
	struct tender_check tc;
	char id[32];
	size_t i;

	bid_file(many_rows, 200000);
	check(&tc);
	ck_assert_uint_eq(tc.accepted, 200000);
	ck_assert_uint_eq(tc.data.nprocs, 50000);
	for (i = 0; i < 50000; i += 4999) {
		snprintf(id, sizeof(id), "T-%zu", i);
		ck_assert_str_eq(tc.data.procs[i].ocid, id);
		ck_assert_uint_eq(tc.data.procs[i].nbids, 4);
		ck_assert_uint_eq(tc.data.procs[i].first_bid, 4 * i);
		ck_assert_int_eq(tc.alt[4 * i].rank, 1);
	}
	ck_assert_uint_eq(tc.cardinal.nkept, 50000);
	ck_assert_int_ne(tc.alt[0].r[ALT_X1].level, ALT_NOT_ASSESSABLE);
	tender_check_release(&tc);
}
END_TEST

static Suite *tenders_suite(void)
{
	Suite *s = suite_create("tenders");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, bid_csv_rows_become_procedures_in_first_seen_order);
	suite_add_tcase(s, tc);
	tc = tcase_create("scale");
	tcase_set_timeout(tc, 10);
	tcase_add_test(tc, two_hundred_thousand_bids_in_fifty_thousand_tenders);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(tenders_suite)
