/*
 * Supplier master reading and its join to spend: tests/data/master/basic.csv
 * (every row kind) joined by tests/data/master/spend.csv (every join route).
 */
#include <stdio.h>
#include <string.h>

#include "chainwatch/master.h"
#include "chainwatch/spend.h"
#include "testutil.h"

struct rejects {
	int n;
	unsigned long line[8];
	char reason[8][200];
};

static void collect(void *ctx, const struct input_stats *st, unsigned long line,
		    const char *reason, const char *raw, size_t rawlen)
{
	struct rejects *r = ctx;

	(void)st;
	(void)raw;
	(void)rawlen;
	if (r->n < 8) {
		r->line[r->n] = line;
		snprintf(r->reason[r->n], sizeof(r->reason[0]), "%s", reason);
	}
	r->n++;
}

static struct supplier *find(struct supplier_table *t, const char *key)
{
	size_t n, i;
	struct supplier **all = supplier_table_sorted(t, 0, &n);

	for (i = 0; i < n; i++)
		if (!strcmp(all[i]->key, key))
			return all[i];
	return NULL;
}

START_TEST(master_rows_are_accepted_skipped_or_rejected_with_reasons)
{
	struct supplier_table *t = supplier_table_new();
	struct reject_sink sink = { collect, NULL };
	struct rejects rj;
	struct input_stats st;
	struct diag err;
	struct supplier *s;

	memset(&rj, 0, sizeof(rj));
	sink.ctx = &rj;
	diag_init(&err);
	ck_assert_int_eq(master_read("tests/data/master/basic.csv", NULL, t, &sink, &st, &err), 0);
	ck_assert_uint_eq(st.records, 8);
	ck_assert_uint_eq(st.accepted, 3);
	ck_assert_uint_eq(st.skipped, 2);
	ck_assert_uint_eq(st.rejected, 3);
	ck_assert_int_eq(rj.n, 3);
	ck_assert_uint_eq(rj.line[0], 5);
	ck_assert_str_eq(rj.reason[0], "company number 'ABC' is not a Companies House number");
	ck_assert_uint_eq(rj.line[1], 6);
	ck_assert_msg(strstr(rj.reason[1], "turnover: amount 'lots'") != NULL, "%s", rj.reason[1]);
	ck_assert_uint_eq(rj.line[2], 9);
	ck_assert_str_eq(rj.reason[2], "supplier name is empty");
	ck_assert_str_eq(st.columns[COL_SUPPLIER_ID], "Supplier Number");
	ck_assert_str_eq(st.columns[COL_TURNOVER], "Annual Turnover");

	s = find(t, "id:S1");
	ck_assert_ptr_nonnull(s);
	ck_assert_str_eq(s->company_number, "01166449");
	ck_assert_str_eq(s->vat, "123456789");
	ck_assert_str_eq(s->country, "GB");
	ck_assert_str_eq(s->sic, "81210");
	ck_assert_int_eq(s->turnover_pence, 4000000000LL);
	ck_assert_int_eq(find(t, "id:S2")->turnover_pence, -1);
	ck_assert_ptr_nonnull(find(t, "cn:09876543"));
	input_stats_release(&st);
	supplier_table_free(t);
}
END_TEST

START_TEST(spend_joins_master_by_id_then_company_number_then_name)
{
	struct supplier_table *t = supplier_table_new();
	struct input_stats st1, st2;
	struct spend_sink sink;
	struct diag err;
	struct supplier *s;

	diag_init(&err);
	ck_assert_int_eq(master_read("tests/data/master/basic.csv", NULL, t, NULL, &st1, &err), 0);
	memset(&sink, 0, sizeof(sink));
	sink.suppliers = t;
	ck_assert_int_eq(spend_read("tests/data/master/spend.csv", NULL, &sink, &st2, &err), 0);
	ck_assert_uint_eq(st2.accepted, 5);

	s = find(t, "id:S1");
	ck_assert_int_eq(s->spend_pence, 12500);
	ck_assert_uint_eq(s->transactions, 2);
	ck_assert_str_eq(s->match, "supplier id");
	ck_assert_str_eq(s->name, "Acme Cleaning Services Ltd");   /* the master's name */

	s = find(t, "id:S2");
	ck_assert_int_eq(s->spend_pence, 20000);
	ck_assert_str_eq(s->match, "company number");

	s = find(t, "cn:09876543");
	ck_assert_int_eq(s->spend_pence, 30000);
	ck_assert_str_eq(s->match, "name");

	s = find(t, "id:X55");
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(s->in_master, 0);
	ck_assert_ptr_null(s->match);

	/* Gamma and Delta were rejected from the master; with spend only, 4 suppliers */
	{
		size_t n;

		supplier_table_sorted(t, 1, &n);
		ck_assert_uint_eq(n, 4);
	}
	input_stats_release(&st1);
	input_stats_release(&st2);
	supplier_table_free(t);
}
END_TEST

START_TEST(master_without_name_column_is_an_input_error)
{
	struct supplier_table *t = supplier_table_new();
	struct input_stats st;
	struct diag err;

	diag_init(&err);
	ck_assert_int_eq(master_read("tests/data/master/spend.csv", NULL, t, NULL, &st, &err), 0);
	input_stats_release(&st);
	ck_assert_int_eq(master_read("tests/data/spend/lambeth-2011-aggregate/input.csv", NULL, t,
				     NULL, &st, &err), -1);
	ck_assert_int_eq(err.code, CW_INPUT);
	ck_assert_ptr_nonnull(strstr(err.msg, "a supplier ID or company number column"));
	input_stats_release(&st);
	supplier_table_free(t);
}
END_TEST

static Suite *master_suite(void)
{
	Suite *s = suite_create("master");
	TCase *tc = tcase_create("master");

	tcase_add_test(tc, master_rows_are_accepted_skipped_or_rejected_with_reasons);
	tcase_add_test(tc, spend_joins_master_by_id_then_company_number_then_name);
	tcase_add_test(tc, master_without_name_column_is_an_input_error);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(master_suite)
