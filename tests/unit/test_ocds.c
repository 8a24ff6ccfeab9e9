#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chainwatch/buf.h"
#include "chainwatch/json.h"
#include "chainwatch/ocds.h"
#include "chainwatch/xalloc.h"
#include "testutil.h"

#define DATA "tests/data/ocds/"

/* --- helpers ------------------------------------------------------------- */

struct rejects {
	int n;
	char where[32][256];
	char reason[32][512];
	char raw[32][64];
};

static void collect(void *ctx, const char *where, const char *reason, const char *raw)
{
	struct rejects *rj = ctx;

	if (rj->n < 32) {
		snprintf(rj->where[rj->n], sizeof(rj->where[0]), "%s", where);
		snprintf(rj->reason[rj->n], sizeof(rj->reason[0]), "%s", reason);
		snprintf(rj->raw[rj->n], sizeof(rj->raw[0]), "%s", raw);
	}
	rj->n++;
}

/* Read text called name with main currency cur (NULL: first seen). */
static void read_text(const char *text, const char *name, const char *cur, struct ocds_data *d,
		      struct rejects *rj)
{
	struct ocds_options opt = { cur };
	struct bid_reject_sink sink = { collect, rj };
	struct diag err;

	memset(rj, 0, sizeof(*rj));
	ocds_data_init(d);
	diag_init(&err);
	ck_assert_int_eq(ocds_read_mem(text, strlen(text), name, &opt, d, &sink, &err), 0);
	ck_assert_uint_eq(d->nrejected, (size_t)rj->n);
}

static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	char *p = xmalloc(1 << 20);

	ck_assert_ptr_nonnull(f);
	*n = fread(p, 1, (1 << 20) - 1, f);
	p[*n] = '\0';
	fclose(f);
	return p;
}

/* The file's object with "ocid":"X", inserted after its first '{'. */
static char *with_ocid(const char *path)
{
	size_t n;
	char *p = slurp(path, &n), *out = xmalloc(n + 64), *brace = strchr(p, '{');

	ck_assert_ptr_nonnull(brace);
	snprintf(out, n + 64, "{\"ocid\":\"ocds-x\",%s", brace + 1);
	free(p);
	return out;
}

/* --- forms --------------------------------------------------------------- */

static const char package[] =
	"{\"uri\":\"x\",\"releases\":[\n"
	" {\"ocid\":\"ocds-a-1\",\"date\":\"2024-03-02T10:00:00Z\",\n"
	"  \"parties\":[{\"id\":\"GB-COH-01166449\",\"name\":\"Acme Care Ltd\",\n"
	"               \"identifier\":{\"scheme\":\"GB-COH\",\"id\":\"1166449\"}},\n"
	"              {\"id\":\"P2\",\"name\":\"Beta Homes\",\"identifier\":{\"scheme\":\"GB-CHC\",\"id\":\"123\"},\n"
	"               \"additionalIdentifiers\":[{\"scheme\":\"GB-COH\",\"id\":\"SC12345\"}]},\n"
	"              {\"id\":\"P3\",\"name\":\"Gamma\",\"identifier\":{\"scheme\":\"GB-COH\",\"id\":\"22222222.0\"}}],\n"
	"  \"tender\":{\"id\":\"T-1\",\"title\":\"Home care\",\"status\":\"complete\",\n"
	"   \"procurementMethodDetails\":\"Open\",\"value\":{\"amount\":500000,\"currency\":\"GBP\"},\n"
	"   \"tenderPeriod\":{\"endDate\":\"2024-02-29T12:00:00Z\"},\"contractPeriod\":{\"durationInDays\":1095}},\n"
	"  \"bids\":{\"details\":[\n"
	"   {\"id\":\"b1\",\"status\":\"valid\",\"value\":{\"amount\":450000.5,\"currency\":\"GBP\"},\"tenderers\":[{\"id\":\"GB-COH-01166449\"}]},\n"
	"   {\"id\":\"b2\",\"status\":\"disqualified\",\"value\":{\"amount\":300000,\"currency\":\"GBP\"},\"tenderers\":[{\"id\":\"P2\",\"name\":\"Beta Homes Ltd\"}]},\n"
	"   {\"id\":\"b3\",\"value\":{\"amount\":470000,\"currency\":\"GBP\"},\"tenderers\":[{\"id\":\"P3\"},{\"id\":\"P2\"}]}]},\n"
	"  \"awards\":[{\"status\":\"active\",\"suppliers\":[{\"id\":\"GB-COH-01166449\"}]},{\"status\":\"cancelled\",\"suppliers\":[{\"id\":\"P2\"}]}]},\n"
	" {\"ocid\":\"ocds-a-2\",\"tender\":{\"contractPeriod\":{\"startDate\":\"2024-04-01\",\"endDate\":\"2027-03-31\"}},\n"
	"  \"bids\":{\"details\":[{\"status\":\"valid\",\"value\":{\"amount\":10,\"currency\":\"GBP\"},\"tenderers\":[{\"id\":\"Z\",\"name\":\"Zed\"}]}]}}\n"
	"]}";

START_TEST(release_package_fills_every_field)
{
	struct ocds_data d;
	struct rejects rj;
	const struct bid *b;

	read_text(package, "t.json", NULL, &d, &rj);
	ck_assert_int_eq(rj.n, 0);
	ck_assert_uint_eq(d.nprocs, 2);
	ck_assert_uint_eq(d.bids.n, 4);
	ck_assert_str_eq(d.currency, "GBP");

	b = &d.bids.v[0];
	ck_assert_str_eq(b->tender_id, "ocds-a-1");
	ck_assert_str_eq(b->lot, "");
	ck_assert_str_eq(b->title, "Home care");
	ck_assert_int_eq(b->tender_date, 20240229);
	ck_assert_str_eq(b->bidder, "Acme Care Ltd");              /* from the party */
	ck_assert_str_eq(b->supplier_id, "GB-COH-01166449");
	ck_assert_str_eq(b->company_number, "01166449");
	ck_assert_int_eq(b->price_pence, 45000050);
	ck_assert_int_eq(b->estimate_pence, 50000000);
	ck_assert_int_eq(b->contract_months, 36);
	ck_assert_int_eq(b->valid, 1);
	ck_assert_int_eq(b->awarded, 1);
	ck_assert_str_eq(b->source, "t.json:/releases/0/bids/details/0");

	b = &d.bids.v[1];
	ck_assert_str_eq(b->bidder, "Beta Homes Ltd");             /* the bid's own name */
	ck_assert_str_eq(b->company_number, "SC012345");          /* additionalIdentifiers */
	ck_assert_int_eq(b->valid, 0);
	ck_assert_int_eq(b->awarded, 0);                          /* only a cancelled award */

	b = &d.bids.v[2];                                         /* a consortium */
	ck_assert_str_eq(b->bidder, "Gamma; Beta Homes");
	ck_assert_str_eq(b->supplier_id, "");
	ck_assert_str_eq(b->company_number, "");
	ck_assert_int_eq(b->valid, -1);
	ck_assert_str_eq(b->source, "t.json:/releases/0/bids/details/2");

	b = &d.bids.v[3];
	ck_assert_str_eq(b->tender_id, "ocds-a-2");
	ck_assert_str_eq(b->bidder, "Zed");
	ck_assert_int_eq(b->tender_date, 0);
	ck_assert_int_eq(b->estimate_pence, -1);
	ck_assert_int_eq(b->contract_months, 36);                 /* 2024-04-01..2027-03-31 */
	ck_assert_int_eq(b->awarded, -1);                         /* no awards */

	ck_assert_str_eq(d.procs[0].ocid, "ocds-a-1");
	ck_assert_str_eq(d.procs[0].source, "t.json:/releases/0");
	ck_assert_str_eq(d.procs[0].tender_status, "complete");
	ck_assert_str_eq(d.procs[0].method_details, "Open");
	ck_assert_int_eq(d.procs[0].has_awards, 1);
	ck_assert_uint_eq(d.procs[0].nactive, 1);
	ck_assert_uint_eq(d.procs[0].nawards_pending, 0);
	ck_assert_uint_eq(d.procs[0].nsupplier_ids, 1);
	ck_assert_str_eq(d.procs[0].supplier_ids[0], "GB-COH-01166449");
	ck_assert_uint_eq(d.procs[0].first_bid, 0);
	ck_assert_uint_eq(d.procs[0].nbids, 3);
	ck_assert_ptr_null(d.procs[1].method_details);
	ck_assert_int_eq(d.procs[1].has_awards, 0);
	ck_assert_uint_eq(d.procs[1].first_bid, 3);
	ocds_data_release(&d);
}
END_TEST

START_TEST(party_company_numbers_from_identifiers)
{
	static const char text[] =
		"{\"ocid\":\"o\",\"parties\":[{\"id\":\"GB-COH-22222222\",\"identifier\":{\"scheme\":\"GB-COH\",\"id\":\"22222222.0\"}},"
		"{\"id\":\"X\",\"identifier\":{\"scheme\":\"GB-COH\",\"id\":\"not a number\"}}],"
		"\"bids\":{\"details\":["
		"{\"value\":{\"amount\":1,\"currency\":\"GBP\"},\"tenderers\":[{\"id\":\"GB-COH-22222222\"}]},"
		"{\"value\":{\"amount\":1,\"currency\":\"GBP\"},\"tenderers\":[{\"id\":\"X\"}]},"
		"{\"value\":{\"amount\":1,\"currency\":\"GBP\"},\"tenderers\":[{\"id\":\"GB-COH-sc 12345\"}]},"
		"{\"value\":{\"amount\":1,\"currency\":\"GBP\"},\"tenderers\":[{\"id\":\"GB-CHC-1\"}]}]}}";
	struct ocds_data d;
	struct rejects rj;

	read_text(text, "p.json", NULL, &d, &rj);
	ck_assert_uint_eq(d.bids.n, 4);
	ck_assert_str_eq(d.bids.v[0].company_number, "22222222");   /* a spreadsheet float */
	ck_assert_str_eq(d.bids.v[1].company_number, "");
	ck_assert_str_eq(d.bids.v[2].company_number, "SC012345");   /* from the id */
	ck_assert_str_eq(d.bids.v[3].company_number, "");
	ocds_data_release(&d);
}
END_TEST

START_TEST(lots_give_estimate_term_title_and_award)
{
	static const char text[] =
		"{\"ocid\":\"o\",\"tender\":{\"title\":\"Cleaning\",\"value\":{\"amount\":900,\"currency\":\"GBP\"},"
		"\"contractPeriod\":{\"durationInDays\":365},"
		"\"lots\":[{\"id\":\"L1\",\"title\":\"North\",\"value\":{\"amount\":400,\"currency\":\"GBP\"},"
		"\"contractPeriod\":{\"durationInDays\":730}},{\"id\":\"L2\",\"title\":\"South\"}]},"
		"\"bids\":{\"details\":["
		"{\"id\":\"1\",\"status\":\"valid\",\"value\":{\"amount\":390,\"currency\":\"GBP\"},\"tenderers\":[{\"id\":\"A\"}],\"relatedLots\":[\"L1\"]},"
		"{\"id\":\"2\",\"status\":\"valid\",\"value\":{\"amount\":420,\"currency\":\"GBP\"},\"tenderers\":[{\"id\":\"A\"}],\"relatedLots\":[\"L2\"]},"
		"{\"id\":\"3\",\"status\":\"valid\",\"value\":{\"amount\":800,\"currency\":\"GBP\"},\"tenderers\":[{\"id\":\"B\"}],\"relatedLots\":[\"L1\",\"L2\"]}]},"
		"\"awards\":[{\"status\":\"active\",\"suppliers\":[{\"id\":\"A\"}],\"relatedLots\":[\"L1\"]},"
		"{\"status\":\"active\",\"suppliers\":[{\"id\":\"B\"}],\"relatedLots\":[\"L2\"]}]}";
	struct ocds_data d;
	struct rejects rj;

	read_text(text, "l.json", NULL, &d, &rj);
	ck_assert_uint_eq(d.bids.n, 3);
	ck_assert_str_eq(d.bids.v[0].lot, "L1");
	ck_assert_str_eq(d.bids.v[0].title, "Cleaning: North");
	ck_assert_int_eq(d.bids.v[0].estimate_pence, 40000);
	ck_assert_int_eq(d.bids.v[0].contract_months, 24);
	ck_assert_int_eq(d.bids.v[0].awarded, 1);
	ck_assert_str_eq(d.bids.v[1].lot, "L2");
	ck_assert_str_eq(d.bids.v[1].title, "Cleaning: South");
	ck_assert_int_eq(d.bids.v[1].estimate_pence, -1);        /* the lot has none */
	ck_assert_int_eq(d.bids.v[1].contract_months, 12);       /* the tender's */
	ck_assert_int_eq(d.bids.v[1].awarded, 0);                /* A won lot 1, not lot 2 */
	ck_assert_str_eq(d.bids.v[2].lot, "L1+L2");
	ck_assert_int_eq(d.bids.v[2].estimate_pence, -1);
	ck_assert_int_eq(d.bids.v[2].awarded, 1);                /* B won lot 2 */
	ck_assert_uint_eq(d.procs[0].nactive, 2);
	ck_assert_uint_eq(d.procs[0].nsupplier_ids, 2);
	ocds_data_release(&d);
}
END_TEST

START_TEST(record_package_single_release_and_array)
{
	static const char records[] =
		"{\"records\":[{\"ocid\":\"r1\",\"compiledRelease\":{\"ocid\":\"r1\",\"bids\":{\"details\":"
		"[{\"value\":{\"amount\":5,\"currency\":\"EUR\"},\"tenderers\":[{\"id\":\"A\"}]}]}}},"
		"{\"ocid\":\"r2\",\"releases\":[]}]}";
	static const char array[] =
		"[{\"ocid\":\"a1\",\"bids\":{\"details\":[{\"value\":{\"amount\":1,\"currency\":\"GBP\"}}]}},"
		" {\"releases\":[{\"ocid\":\"a2\"}]}, 7]";
	struct ocds_data d;
	struct rejects rj;

	read_text(records, "r.json", NULL, &d, &rj);
	ck_assert_uint_eq(d.bids.n, 1);
	ck_assert_str_eq(d.currency, "EUR");
	ck_assert_str_eq(d.bids.v[0].source, "r.json:/records/0/compiledRelease/bids/details/0");
	ck_assert_int_eq(rj.n, 1);
	ck_assert_str_eq(rj.where[0], "r.json:/records/1");
	ck_assert_str_eq(rj.reason[0], "record has no compiledRelease");
	ocds_data_release(&d);

	read_text("{\"ocid\":\"s\",\"bids\":{\"details\":[{\"value\":{\"amount\":2,\"currency\":\"GBP\"}}]}}",
		  "s.json", NULL, &d, &rj);
	ck_assert_uint_eq(d.bids.n, 1);
	ck_assert_str_eq(d.bids.v[0].source, "s.json:/bids/details/0");
	ck_assert_str_eq(d.bids.v[0].bidder, "");
	ocds_data_release(&d);

	read_text(array, "a.json", NULL, &d, &rj);
	ck_assert_uint_eq(d.nprocs, 2);
	ck_assert_str_eq(d.bids.v[0].source, "a.json:/0/bids/details/0");
	ck_assert_str_eq(d.procs[1].source, "a.json:/1/releases/0");
	ck_assert_int_eq(rj.n, 1);
	ck_assert_str_eq(rj.where[0], "a.json:/2");
	ck_assert_str_eq(rj.reason[0], "not an OCDS release or package");
	ocds_data_release(&d);
}
END_TEST

START_TEST(json_lines_one_release_a_line)
{
	static const char text[] =
		"\xEF\xBB\xBF{\"ocid\":\"j1\",\"bids\":{\"details\":[{\"value\":{\"amount\":1,\"currency\":\"GBP\"}},"
		"{\"value\":{\"amount\":2,\"currency\":\"GBP\"}}]}}\r\n"
		"\r\n"
		"   \n"
		"{\"ocid\":\"j2\",\"bids\":{\"details\":[{\"value\":{\"amount\":3,\"currency\":\"GBP\"}}]}}\r\n"
		"{\"ocid\":\"j3\",\"bids\":{\"details\":[{\"value\":{\"amount\":4,\"currency\":\"GBP\"}}]}}";
	struct ocds_data d;
	struct rejects rj;

	read_text(text, "t.jsonl", NULL, &d, &rj);
	ck_assert_int_eq(rj.n, 0);
	ck_assert_uint_eq(d.nprocs, 3);
	ck_assert_uint_eq(d.bids.n, 4);
	ck_assert_str_eq(d.bids.v[1].source, "t.jsonl:1:/bids/details/1");
	ck_assert_str_eq(d.bids.v[2].source, "t.jsonl:4:/bids/details/0");
	ck_assert_str_eq(d.bids.v[3].source, "t.jsonl:5:/bids/details/0");
	ck_assert_str_eq(d.procs[1].source, "t.jsonl:4");
	ocds_data_release(&d);

	/* no .jsonl name: the first line is JSON on its own, so the file is lines */
	read_text(text, "t.txt", NULL, &d, &rj);
	ck_assert_uint_eq(d.bids.n, 4);
	ck_assert_str_eq(d.bids.v[3].source, "t.txt:5:/bids/details/0");
	ocds_data_release(&d);
}
END_TEST

START_TEST(later_release_of_an_ocid_replaces_the_earlier)
{
	static const char text[] =
		"{\"ocid\":\"x\",\"bids\":{\"details\":[{\"value\":{\"amount\":1,\"currency\":\"GBP\"}},"
		"{\"value\":{\"amount\":2,\"currency\":\"GBP\"}}]}}\n"
		"{\"ocid\":\"y\",\"bids\":{\"details\":[{\"value\":{\"amount\":3,\"currency\":\"GBP\"}}]}}\n"
		"{\"ocid\":\"x\",\"bids\":{\"details\":[{\"value\":{\"amount\":4,\"currency\":\"GBP\"}}]}}\n";
	struct ocds_data d;
	struct rejects rj;

	read_text(text, "dup.jsonl", NULL, &d, &rj);
	ck_assert_uint_eq(d.nprocs, 3);
	ck_assert_int_eq(d.procs[0].superseded, 1);
	ck_assert_uint_eq(d.procs[0].nbids, 0);
	ck_assert_int_eq(d.procs[1].superseded, 0);
	ck_assert_int_eq(d.procs[2].superseded, 0);
	ck_assert_uint_eq(d.nsuperseded, 2);
	ck_assert_uint_eq(d.bids.n, 2);
	ck_assert_int_eq(d.bids.v[0].price_pence, 300);
	ck_assert_int_eq(d.bids.v[1].price_pence, 400);
	ck_assert_uint_eq(d.procs[1].first_bid, 0);
	ck_assert_uint_eq(d.procs[2].first_bid, 1);
	ck_assert_str_eq(d.bids.v[1].source, "dup.jsonl:3:/bids/details/0");
	ocds_data_release(&d);
}
END_TEST

/* --- the bids extension's README examples, OCDS sample data ---------------- */

START_TEST(readme_examples_need_an_ocid)
{
	struct ocds_data d;
	struct rejects rj;
	struct bid_reject_sink sink = { collect, &rj };
	struct diag err;

	memset(&rj, 0, sizeof(rj));
	ocds_data_init(&d);
	diag_init(&err);
	ck_assert_int_eq(ocds_read_file(DATA "bid-extension/readme-example-bids-awards.json", NULL,
					&d, &sink, &err), 0);
	ck_assert_uint_eq(d.bids.n, 0);
	ck_assert_int_eq(rj.n, 1);
	ck_assert_str_eq(rj.where[0], DATA "bid-extension/readme-example-bids-awards.json");
	ck_assert_str_eq(rj.reason[0], "release has no ocid");
	ocds_data_release(&d);
}
END_TEST

START_TEST(readme_example_bids_and_awards)
{
	char *text = with_ocid(DATA "bid-extension/readme-example-bids-awards.json");
	struct ocds_data d;
	struct rejects rj;

	read_text(text, "readme.json", NULL, &d, &rj);
	ck_assert_int_eq(rj.n, 0);
	ck_assert_uint_eq(d.bids.n, 2);
	ck_assert_str_eq(d.currency, "USD");
	ck_assert_str_eq(d.bids.v[0].bidder, "Mega Consortium");
	ck_assert_str_eq(d.bids.v[0].supplier_id, "MEGA");
	ck_assert_int_eq(d.bids.v[0].price_pence, 100000);
	ck_assert_int_eq(d.bids.v[0].valid, 1);
	ck_assert_int_eq(d.bids.v[0].awarded, 1);                 /* awards[0].relatedBids */
	ck_assert_int_eq(d.bids.v[0].tender_date, 0);
	ck_assert_str_eq(d.bids.v[1].bidder, "Beta Consortium");
	ck_assert_int_eq(d.bids.v[1].price_pence, 150000);
	ck_assert_int_eq(d.bids.v[1].valid, 0);
	ck_assert_int_eq(d.bids.v[1].awarded, 0);
	ck_assert_uint_eq(d.procs[0].nactive, 1);
	ck_assert_uint_eq(d.procs[0].nsupplier_ids, 0);           /* the award names no supplier */
	ocds_data_release(&d);
	free(text);

	/* in GBP, both USD bids are rejected */
	text = with_ocid(DATA "bid-extension/readme-example-bids-awards.json");
	read_text(text, "readme.json", "GBP", &d, &rj);
	ck_assert_uint_eq(d.bids.n, 0);
	ck_assert_int_eq(rj.n, 2);
	ck_assert_str_eq(rj.where[1], "readme.json:/bids/details/1");
	ck_assert_str_eq(rj.reason[1], "bid currency 'USD' is not the main currency 'GBP'");
	ocds_data_release(&d);
	free(text);
}
END_TEST

START_TEST(readme_example_expressions_of_interest_lots)
{
	char *text = with_ocid(DATA "bid-extension/readme-example-expressions-of-interest.json");
	struct ocds_data d;
	struct rejects rj;

	read_text(text, "eoi.json", NULL, &d, &rj);
	ck_assert_uint_eq(d.bids.n, 2);
	ck_assert_str_eq(d.bids.v[0].lot, "LOT-0001");
	ck_assert_str_eq(d.bids.v[1].lot, "LOT-0002");
	ck_assert_int_eq(d.bids.v[1].price_pence, 50000);
	ck_assert_int_eq(d.bids.v[0].valid, -1);                 /* no status */
	ck_assert_int_eq(d.bids.v[0].awarded, -1);               /* no awards */
	ck_assert_int_eq(d.procs[0].has_awards, 0);
	ocds_data_release(&d);
	free(text);
}
END_TEST

START_TEST(fictional_example_release_packages)
{
	struct ocds_data d;
	struct rejects rj;
	struct bid_reject_sink sink = { collect, &rj };
	struct diag err;

	memset(&rj, 0, sizeof(rj));
	ocds_data_init(&d);
	diag_init(&err);
	ck_assert_int_eq(ocds_read_file(DATA "fictional-example/ocds-213czf-000-00001.json", NULL,
					&d, &sink, &err), 0);
	ck_assert_int_eq(rj.n, 0);
	ck_assert_uint_eq(d.nprocs, 6);                          /* six releases of one ocid */
	ck_assert_int_eq(d.procs[4].superseded, 1);
	ck_assert_int_eq(d.procs[5].superseded, 0);
	ck_assert_uint_eq(d.bids.n, 0);
	ck_assert_int_eq(ocds_read_file(DATA "fictional-example/ocds-213czf-000-00001-04-award.json",
					NULL, &d, &sink, &err), 0);
	ck_assert_uint_eq(d.nprocs, 7);
	ck_assert_int_eq(d.procs[5].superseded, 1);               /* across files too */
	ck_assert_str_eq(d.procs[6].tender_status, "complete");
	ck_assert_uint_eq(d.procs[6].nawards_pending, 1);
	ck_assert_uint_eq(d.procs[6].nactive, 0);
	ck_assert_int_eq(d.procs[6].has_awards, 0);               /* no bids/details */
	ocds_data_release(&d);
}
END_TEST

/* --- money --------------------------------------------------------------- */

struct money_case {
	const char *amount;     /* JSON text */
	long long pence;        /* -1: rejected */
	const char *reason;
};

static const struct money_case money[] = {
	{ "1234.56", 123456, NULL },
	{ "0.1", 10, NULL },
	{ "0.07", 7, NULL },
	{ "12", 1200, NULL },
	{ "12.0", 1200, NULL },
	{ "1234.565", 123457, NULL },            /* half away from zero, on the text */
	{ "1234.5649", 123456, NULL },
	{ "0.005", 1, NULL },
	{ "3736.0699999999997", 373607, NULL },  /* Devon's float noise */
	{ "1e3", 100000, NULL },
	{ "1.5E+3", 150000, NULL },
	{ "2.5e-1", 25, NULL },
	{ "99999999.99", 9999999999LL, NULL },
	{ "123456789012.34", 12345678901234LL, NULL },
	{ "9999999999999.99", 999999999999999LL, NULL },
	{ "10000000000000", 1000000000000000LL, NULL },  /* 10^15 pence: the limit */
	{ "10000000000000.01", -1, "bid amount '10000000000000.01' is implausibly large" },
	{ "1e20", -1, "bid amount '100000000000000000000' is implausibly large" },
	{ "1e40", -1, "bid amount is implausibly large" },
	{ "-5", -1, "bid amount is negative" },
	{ "-0.01", -1, "bid amount is negative" },
	{ "0", -1, "bid amount is zero (a placeholder, not a bid)" },
	{ "0.001", -1, "bid amount is zero (a placeholder, not a bid)" },
	{ "\"100\"", -1, "bid amount '100' is not a number" },
	{ "null", -1, "bid has no numeric amount" },
	{ "true", -1, "bid has no numeric amount" },
};

START_TEST(money_is_exact_pence)
{
	const struct money_case *c = &money[_i];
	char text[512];
	struct ocds_data d;
	struct rejects rj;

	snprintf(text, sizeof(text),
		 "{\"ocid\":\"m\",\"bids\":{\"details\":[{\"value\":{\"amount\":%s,\"currency\":\"GBP\"}}]}}\n",
		 c->amount);
	read_text(text, "m.jsonl", NULL, &d, &rj);
	if (c->pence >= 0) {
		ck_assert_int_eq(rj.n, 0);
		ck_assert_uint_eq(d.bids.n, 1);
		ck_assert_int_eq(d.bids.v[0].price_pence, c->pence);
	} else {
		ck_assert_uint_eq(d.bids.n, 0);
		ck_assert_int_eq(rj.n, 1);
		ck_assert_str_eq(rj.where[0], "m.jsonl:1:/bids/details/0");
		ck_assert_str_eq(rj.reason[0], c->reason);
		ck_assert(!strncmp(rj.raw[0], "{\"ocid\":\"m\",\"bids\":", 19));   /* the line */
	}
	ocds_data_release(&d);
}
END_TEST

/* --- rejects ------------------------------------------------------------- */

struct reject_case {
	const char *text;
	const char *name;
	const char *where;
	const char *reason;     /* a prefix of the reason */
};

static const struct reject_case rejects[] = {
	{ "this is not json", "x.json", "x.json:1:4", "not JSON: '[' or '{' expected near 'this'" },
	{ "{\"ocid\":\"a\",\n\"bids\":", "x.json", "x.json:2:", "not JSON: " },
	{ "", "x.json", "x.json:", "not JSON: " },
	{ "{\"ocid\":\"a\"}\n{\"ocid\":\n", "x.jsonl", "x.jsonl:2:", "not JSON: " },
	{ "{\"ocid\":\"a\"}\nnope\n", "x.jsonl", "x.jsonl:2:4", "not JSON: '[' or '{' expected near 'nope'" },
	{ "{\"ocid\":\"a\",\"o\":\"\\u0000\"}\n", "n.jsonl", "n.jsonl:1:", "not JSON: \\u0000 is not allowed" },
	{ "{\"ocid\":\"\xff\xfe\"}\n", "u.jsonl", "u.jsonl:1:", "not JSON: unable to decode byte 0xff" },
	{ "{\"ocid\":\"a\",\"x\":1e400}\n", "h.jsonl", "h.jsonl:1:", "not JSON: real number overflow" },
	{ "{\"ocid\":\"a\",\"x\":123456789012345678901234567890}\n", "h.jsonl", "h.jsonl:1:",
	  "not JSON: too big integer" },
	{ "{\"ocid\":\"a\",\"ocid\":\"b\"}\n", "d.jsonl", "d.jsonl:1:", "not JSON: duplicate object key" },
	{ "{\"id\":\"no ocid\"}", "o.json", "o.json", "release has no ocid" },
	{ "{\"ocid\":\"\"}", "o.json", "o.json", "release has no ocid" },
	{ "{\"ocid\":7}\n", "o.jsonl", "o.jsonl:1", "release has no ocid" },
	{ "{\"releases\":[{\"ocid\":\"a\"},3]}", "o.json", "o.json:/releases/1", "release is not an object" },
	{ "\"text\"", "o.json", "o.json:1:", "not JSON: '[' or '{' expected" },
	{ "{\"ocid\":\"a\",\"bids\":{\"details\":[5]}}", "b.json", "b.json:/bids/details/0",
	  "bid is not an object" },
	{ "{\"ocid\":\"a\",\"bids\":{\"details\":[{\"status\":\"valid\"}]}}", "b.json",
	  "b.json:/bids/details/0", "bid has no numeric amount" },
	{ "{\"ocid\":\"a\",\"bids\":{\"details\":[{\"value\":{\"amount\":5}}]}}", "b.json",
	  "b.json:/bids/details/0", "bid amount has no currency" },
	{ "{\"ocid\":\"a\",\"bids\":{\"details\":[{\"value\":{\"amount\":5,\"currency\":\"USD\"}}]}}",
	  "b.json", "b.json:/bids/details/0", "bid currency 'USD' is not the main currency 'GBP'" },
	{ "{\"ocid\":\"a\",\"bids\":{\"details\":[{\"value\":{\"amount\":5,\"currency\":\"POUNDS STERLING UK\"}}]}}",
	  "b.json", "b.json:/bids/details/0", "bid currency 'POUNDS STERLING UK' is not a currency code" },
};

START_TEST(bad_input_is_rejected_with_its_place)
{
	const struct reject_case *c = &rejects[_i];
	struct ocds_options opt = { "GBP" };
	struct rejects rj;
	struct bid_reject_sink sink = { collect, &rj };
	struct ocds_data d;
	struct diag err;
	size_t n = strlen(c->text);

	memset(&rj, 0, sizeof(rj));
	ocds_data_init(&d);
	diag_init(&err);
	ck_assert_int_eq(ocds_read_mem(c->text, n, c->name, &opt, &d, &sink, &err), 0);
	ck_assert_int_eq(rj.n, 1);
	ck_assert_uint_eq(d.nrejected, 1);
	ck_assert_uint_eq(d.bids.n, 0);
	ck_assert_msg(!strncmp(rj.where[0], c->where, strlen(c->where)), "where '%s'", rj.where[0]);
	ck_assert_msg(!strncmp(rj.reason[0], c->reason, strlen(c->reason)), "reason '%s'",
		      rj.reason[0]);
	ocds_data_release(&d);
}
END_TEST

START_TEST(raw_nul_byte_is_a_rejected_line)
{
	static const char text[] = "{\"ocid\":\"a\",\"o\":\"a\0b\"}\n{\"ocid\":\"b\"}\n";
	struct ocds_options opt = { NULL };
	struct rejects rj;
	struct bid_reject_sink sink = { collect, &rj };
	struct ocds_data d;

	memset(&rj, 0, sizeof(rj));
	ocds_data_init(&d);
	ck_assert_int_eq(ocds_read_mem(text, sizeof(text) - 1, "nul.jsonl", &opt, &d, &sink, NULL), 0);
	ck_assert_int_eq(rj.n, 1);
	ck_assert_str_eq(rj.where[0], "nul.jsonl:1:18");
	ck_assert_uint_eq(d.nprocs, 1);
	ck_assert_str_eq(d.procs[0].ocid, "b");
	ocds_data_release(&d);
}
END_TEST

START_TEST(deep_nesting_is_a_rejected_line)
{
	size_t depth = 100000;
	char *text = xmalloc(depth + 64);
	struct ocds_data d;
	struct rejects rj;

	strcpy(text, "{\"ocid\":\"ok\"}\n{\"ocid\":\"deep\",\"x\":");
	memset(text + strlen(text), '[', depth);
	strcpy(text + strlen("{\"ocid\":\"ok\"}\n{\"ocid\":\"deep\",\"x\":") + depth, "\n");
	read_text(text, "deep.jsonl", NULL, &d, &rj);
	ck_assert_int_eq(rj.n, 1);
	ck_assert_msg(!strncmp(rj.where[0], "deep.jsonl:2:", 13), "where '%s'", rj.where[0]);
	ck_assert_msg(strstr(rj.reason[0], "depth") != NULL, "reason '%s'", rj.reason[0]);
	ck_assert_uint_eq(d.nprocs, 1);
	ocds_data_release(&d);
	free(text);
}
END_TEST

START_TEST(unreadable_file_is_an_input_error)
{
	struct ocds_data d;
	struct diag err;

	ocds_data_init(&d);
	diag_init(&err);
	ck_assert_int_eq(ocds_read_file("tests/data/ocds/no-such-file.json", NULL, &d, NULL, &err), -1);
	ck_assert_int_eq(err.code, CW_INPUT);
	ck_assert_str_eq(err.msg, "tests/data/ocds/no-such-file.json: cannot open: "
			 "No such file or directory");
	diag_init(&err);
	ck_assert_int_eq(ocds_read_file("tests/data/ocds", NULL, &d, NULL, &err), -1);
	ck_assert_int_eq(err.code, CW_INPUT);
	ck_assert_str_eq(err.msg, "tests/data/ocds: cannot read: Is a directory");
	ck_assert_uint_eq(d.nprocs, 0);
	ocds_data_release(&d);
	ocds_data_release(NULL);
}
END_TEST

/* --- awards to bids, against a scan of every award ------------------------ */

static unsigned long rng_state;

static size_t pick(size_t n)
{
	rng_state = rng_state * 6364136223846793005UL + 1442695040888963407UL;
	return (size_t)((rng_state >> 33) % n);
}

/* A JSON array of some of the strings "<prefix>0".."<prefix>n-1"; now and then a number. */
static void some_ids(struct buf *b, const char *prefix, size_t n)
{
	size_t i, k = 0;

	buf_addc(b, '[');
	for (i = 0; i < n; i++)
		if (!pick(2))
			buf_printf(b, "%s\"%s%zu\"", k++ ? "," : "", prefix, i);
	if (!pick(12))
		buf_printf(b, "%s7", k ? "," : "");
	buf_addc(b, ']');
}

/* A release: lots L0.., bids b0.. by tenderers A..D, awards with every status and shape. */
static void random_release(struct buf *b, size_t r)
{
	static const char *const status[] = { "\"active\"", "\"active\"", "\"active\"",
					      "\"cancelled\"", "\"unsuccessful\"", "\"pending\"",
					      NULL };
	size_t nlots = 1 + pick(5), nbids = 1 + pick(8), nawards = pick(7), i, k;

	buf_printf(b, "{\"ocid\":\"o%zu\",\"bids\":{\"details\":[", r);
	for (i = 0; i < nbids; i++) {
		buf_printf(b, "%s{", i ? "," : "");
		if (pick(8))
			buf_printf(b, "\"id\":\"b%zu\",", i);
		buf_adds(b, "\"value\":{\"amount\":100,\"currency\":\"GBP\"},\"tenderers\":[");
		for (k = 0; k < 1 + pick(2); k++)
			buf_printf(b, "%s{\"id\":\"%c\"}", k ? "," : "", (char)('A' + pick(4)));
		buf_addc(b, ']');
		if (pick(4)) {
			buf_adds(b, ",\"relatedLots\":");
			some_ids(b, "L", nlots);
		}
		buf_addc(b, '}');
	}
	buf_adds(b, "]}");
	if (pick(6)) {
		buf_adds(b, ",\"awards\":[");
		for (i = 0; i < nawards; i++) {
			const char *st = status[pick(sizeof(status) / sizeof(status[0]))];

			buf_printf(b, "%s{\"id\":\"a%zu\"", i ? "," : "", i);
			if (st)
				buf_printf(b, ",\"status\":%s", st);
			buf_adds(b, ",\"suppliers\":[");
			for (k = 0; k < pick(3); k++)
				buf_printf(b, "%s{\"id\":\"%c\"}", k ? "," : "", (char)('A' + pick(4)));
			buf_addc(b, ']');
			if (pick(3)) {
				buf_adds(b, ",\"relatedLots\":");
				some_ids(b, "L", nlots);
			}
			if (!pick(3)) {
				buf_adds(b, ",\"relatedBids\":");
				some_ids(b, "b", nbids);
			}
			buf_addc(b, '}');
		}
		buf_addc(b, ']');
	}
	buf_adds(b, "}\n");
}

static int has_string(const struct jnode *arr, const char *s, const char *key)
{
	size_t i;

	for (i = 0; s && i < jnode_array_size(arr); i++) {
		const struct jnode *v = jnode_array_at(arr, i);
		const char *x = key ? jnode_string(jnode_get(v, key)) : jnode_string(v);

		if (x && !strcmp(x, s))
			return 1;
	}
	return 0;
}

/* The award covers the bid's lots: either names none, or a lot is in both. */
static int covers(const struct jnode *award, const struct jnode *bid)
{
	const struct jnode *al = jnode_get(award, "relatedLots"), *bl = jnode_get(bid, "relatedLots");
	size_t i;

	if (!jnode_array_size(al) || !jnode_array_size(bl))
		return 1;
	for (i = 0; i < jnode_array_size(bl); i++)
		if (has_string(al, jnode_string(jnode_array_at(bl, i)), NULL))
			return 1;
	return 0;
}

/* ocds.h's "awarded", by looking at every award for every bid. */
static int awarded_by_scan(const struct jnode *release, const struct jnode *bid)
{
	const struct jnode *awards = jnode_get(release, "awards");
	const struct jnode *tenderers = jnode_get(bid, "tenderers");
	size_t i, k, nstatus = 0, pending = 0;

	for (i = 0; i < jnode_array_size(awards); i++) {
		const struct jnode *a = jnode_array_at(awards, i);
		const char *st = jnode_string(jnode_get(a, "status"));
		int named = has_string(jnode_get(a, "relatedBids"), jnode_string(jnode_get(bid, "id")),
				       NULL);

		nstatus += st != NULL;
		pending += st && strcmp(st, "active") && strcmp(st, "cancelled") &&
			   strcmp(st, "unsuccessful");
		if (!st || strcmp(st, "active"))
			continue;
		for (k = 0; k < jnode_array_size(tenderers); k++)
			named |= has_string(jnode_get(a, "suppliers"),
					    jnode_string(jnode_get(jnode_array_at(tenderers, k), "id")),
					    "id");
		if (named && covers(a, bid))
			return 1;
	}
	return jnode_is_array(awards) && nstatus && !pending ? 0 : -1;
}

START_TEST(random_awards_match_a_scan_of_every_award)
{
	struct ocds_data d;
	struct rejects rj;
	struct buf b;
	size_t r, i, at = 0, n = 3000;
	const char *p;

	rng_state = 2026;
	buf_init(&b, 0);
	for (r = 0; r < n; r++)
		random_release(&b, r);
	read_text(b.s, "awards.jsonl", NULL, &d, &rj);
	ck_assert_int_eq(rj.n, 0);
	ck_assert_uint_eq(d.nprocs, n);
	for (p = b.s, r = 0; r < n; r++) {
		const char *nl = strchr(p, '\n');
		struct jdoc *doc;
		const struct jnode *details;

		ck_assert_int_eq(jdoc_load_mem(p, (size_t)(nl - p), "", &doc, NULL), 0);
		details = jnode_get(jnode_get(jdoc_root(doc), "bids"), "details");
		for (i = 0; i < jnode_array_size(details); i++, at++)
			ck_assert_msg(d.bids.v[at].awarded ==
				      awarded_by_scan(jdoc_root(doc), jnode_array_at(details, i)),
				      "release %zu bid %zu: awarded %d, a scan says %d: %.*s", r, i,
				      d.bids.v[at].awarded,
				      awarded_by_scan(jdoc_root(doc), jnode_array_at(details, i)),
				      (int)(nl - p), p);
		jdoc_free(doc);
		p = nl + 1;
	}
	ck_assert_uint_eq(at, d.bids.n);
	ocds_data_release(&d);
	buf_release(&b);
}
END_TEST

/*
 * A framework of 100,000 lots: X and Y bid for every one, each wins half.
 * Matching awards to bids by scanning a supplier's awards was quadratic:
 * the tcase's timeout fails it.
 */
START_TEST(two_hundred_thousand_bids_over_a_hundred_thousand_lots)
{
	struct ocds_data d;
	struct rejects rj;
	struct buf b;
	size_t i, n = 100000;

	buf_init(&b, 0);
	buf_adds(&b, "{\"ocid\":\"fw\",\"bids\":{\"details\":[");
	for (i = 0; i < n; i++)
		buf_printf(&b, "%s{\"id\":\"x%zu\",\"relatedLots\":[\"L%zu\"],\"tenderers\":[{\"id\":\"X\"}],"
			   "\"value\":{\"amount\":150,\"currency\":\"GBP\"}},{\"id\":\"y%zu\","
			   "\"relatedLots\":[\"L%zu\"],\"tenderers\":[{\"id\":\"Y\"}],"
			   "\"value\":{\"amount\":160,\"currency\":\"GBP\"}}", i ? "," : "", i, i, i, i);
	buf_adds(&b, "]},\"awards\":[");
	for (i = 0; i < n; i++)
		buf_printf(&b, "%s{\"status\":\"active\",\"relatedLots\":[\"L%zu\"],\"suppliers\":"
			   "[{\"id\":\"%c\"}]}", i ? "," : "", i, i % 2 ? 'Y' : 'X');
	buf_adds(&b, "]}\n");
	read_text(b.s, "fw.jsonl", NULL, &d, &rj);
	buf_release(&b);
	ck_assert_uint_eq(d.bids.n, 2 * n);
	for (i = 0; i < 2 * n; i++)
		ck_assert_int_eq(d.bids.v[i].awarded, (i / 2) % 2 == i % 2);
	ocds_data_release(&d);
}
END_TEST

static Suite *ocds_suite(void)
{
	Suite *s = suite_create("ocds");
	TCase *tc = tcase_create("core");

#define LOOP(t, table) tcase_add_loop_test(tc, t, 0, (int)(sizeof(table) / sizeof(table[0])))
	tcase_add_test(tc, release_package_fills_every_field);
	tcase_add_test(tc, party_company_numbers_from_identifiers);
	tcase_add_test(tc, lots_give_estimate_term_title_and_award);
	tcase_add_test(tc, record_package_single_release_and_array);
	tcase_add_test(tc, json_lines_one_release_a_line);
	tcase_add_test(tc, later_release_of_an_ocid_replaces_the_earlier);
	tcase_add_test(tc, readme_examples_need_an_ocid);
	tcase_add_test(tc, readme_example_bids_and_awards);
	tcase_add_test(tc, readme_example_expressions_of_interest_lots);
	tcase_add_test(tc, fictional_example_release_packages);
	LOOP(money_is_exact_pence, money);
	LOOP(bad_input_is_rejected_with_its_place, rejects);
	tcase_add_test(tc, raw_nul_byte_is_a_rejected_line);
	tcase_add_test(tc, deep_nesting_is_a_rejected_line);
	tcase_add_test(tc, unreadable_file_is_an_input_error);
	tcase_add_test(tc, random_awards_match_a_scan_of_every_award);
	suite_add_tcase(s, tc);
	tc = tcase_create("scale");
	tcase_set_timeout(tc, 10);
	tcase_add_test(tc, two_hundred_thousand_bids_over_a_hundred_thousand_lots);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(ocds_suite)
