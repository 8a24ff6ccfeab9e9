#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chainwatch/cardinal.h"
#include "chainwatch/json.h"
#include "chainwatch/xalloc.h"
#include "testutil.h"

#define FIXTURES "tests/data/ocds/cardinal/"

/* --- quantiles ----------------------------------------------------------- */

START_TEST(quantile_matches_statrs_vectors)
{
	/* statrs' tests: [-1, 5, 0, -3, 10, -0.5, 4, 0.2, 1, 6], sorted */
	static const double x[] = { -3, -1, -0.5, 0, 0.2, 1, 4, 5, 6, 10 };

	ck_assert_double_eq_tol(cardinal_quantile(x, 10, 0.5), 3.0 / 5.0, 1e-15);
	ck_assert_double_eq_tol(cardinal_quantile(x, 10, 0.2), -4.0 / 5.0, 1e-15);
	ck_assert_double_eq(cardinal_quantile(x, 10, 0.7), 137.0 / 30.0);   /* assert_eq! there */
	ck_assert_double_eq_tol(cardinal_quantile(x, 10, 0.52), 287.0 / 375.0, 1e-15);
	ck_assert_double_eq_tol(cardinal_quantile(x, 10, 0.325), -37.0 / 240.0, 1e-15);
	ck_assert_double_eq(cardinal_quantile(x, 10, 0), -3);
	ck_assert_double_eq(cardinal_quantile(x, 10, 1), 10);
	ck_assert_double_eq(cardinal_quantile(x, 10, 0.01), -3);     /* hf <= 0 */
	ck_assert_double_eq(cardinal_quantile(x, 10, 0.99), 10);     /* hf >= n */
	ck_assert_double_eq(cardinal_quantile(x, 1, 0.25), -3);
	ck_assert(isnan(cardinal_quantile(x, 0, 0.5)));
	ck_assert(isnan(cardinal_quantile(x, 10, -0.1)));
	ck_assert(isnan(cardinal_quantile(x, 10, 1.1)));
	ck_assert(isnan(cardinal_quantile(x, 10, NAN)));
}
END_TEST

START_TEST(quantile_worked_example)
{
	/* methods reference §1.3.2 */
	static const double r[] = { 0.01, 0.02, 0.05, 0.07, 0.10, 0.15, 0.99 };
	double q1 = cardinal_quantile(r, 7, 0.25), q3 = cardinal_quantile(r, 7, 0.75);

	ck_assert_double_eq_tol(q1, 0.025, 1e-12);
	ck_assert_double_eq_tol(q3, 0.141667, 1e-6);
	ck_assert_double_eq_tol(fma(q3 - q1, -1.5, q1), -0.15, 1e-12);
	ck_assert_double_eq_tol(fma(q3 - q1, 1.5, q3), 0.316667, 1e-6);
}
END_TEST

/* --- helpers ------------------------------------------------------------- */

static void read_text(const char *text, struct ocds_data *d)
{
	ocds_data_init(d);
	ck_assert_int_eq(ocds_read_mem(text, strlen(text), "t.jsonl", NULL, d, NULL, NULL), 0);
	ck_assert_uint_eq(d->nrejected, 0);
}

/* Cardinal's compact output (no Meta) as a string, for comparisons. */
static char *output(const struct cardinal_result *res, const struct ocds_data *d, int meta)
{
	struct buf b;

	buf_init(&b, 0);
	ck_assert_int_eq(cardinal_write_json(res, d, meta, &b), 0);
	return buf_detach(&b, NULL);
}

/* A line of one procedure: winner W bids w, L bids l, award to W. */
static void line(struct buf *b, const char *ocid, const char *w, const char *l)
{
	buf_printf(b, "{\"ocid\":\"%s\",\"bids\":{\"details\":["
		   "{\"status\":\"valid\",\"tenderers\":[{\"id\":\"W\"}],\"value\":{\"amount\":%s,\"currency\":\"GBP\"}},"
		   "{\"status\":\"valid\",\"tenderers\":[{\"id\":\"L\"}],\"value\":{\"amount\":%s,\"currency\":\"GBP\"}}]},"
		   "\"awards\":[{\"status\":\"active\",\"suppliers\":[{\"id\":\"W\"}]}]}\n", ocid, w, l);
}

START_TEST(worked_example_flags_r058_and_skips_r024)
{
	static const char *const second[] = { "101", "102", "105", "107", "110", "115", "199" };
	struct ocds_data d;
	struct cardinal_result res;
	struct buf b;
	char id[8], *out;
	size_t i;

	buf_init(&b, 0);
	for (i = 0; i < 7; i++) {
		snprintf(id, sizeof(id), "p%zu", i + 1);
		line(&b, id, "100", second[i]);
	}
	read_text(b.s, &d);
	cardinal_run(&d, NULL, &res);
	ck_assert_uint_eq(res.nkept, 7);
	ck_assert_double_eq(res.procs[0].r, 0.01);
	ck_assert_double_eq(res.procs[6].r, 0.99);
	ck_assert_double_eq_tol(res.r024.fence, -0.15, 1e-12);
	ck_assert_int_eq(res.r024.armed, 0);                      /* the fence is not > 0 */
	ck_assert_int_eq(res.r058.armed, 1);
	ck_assert_uint_eq(res.r058.flagged, 1);
	ck_assert_int_eq(res.procs[6].r058, 1);
	ck_assert_str_eq(res.procs[6].winner_id, "W");
	ck_assert_str_eq(res.procs[6].second_id, "L");
	ck_assert_uint_eq(res.procs[6].winner_bid, 12);
	ck_assert_uint_eq(res.procs[6].second_bid, 13);
	out = output(&res, &d, 1);
	ck_assert_str_eq(out, "{\"OCID\":{\"p7\":{\"R058\":0.99}},\"Tenderer\":{\"W\":{\"R058\":0.0}},"
			 "\"Meta\":{\"R024\":{\"q1\":0.025,\"q3\":0.1417,\"lower_fence\":-0.15},"
			 "\"R058\":{\"q1\":0.025,\"q3\":0.1417,\"upper_fence\":0.3167}}}");
	free(out);
	/* the flag clears once the winner bids at least this */
	ck_assert_int_eq(cardinal_r058_clear_pence(19900, res.r058.fence), 15114);
	ck_assert((199.0 - 151.14) / 151.14 < res.r058.fence);
	ck_assert(!((199.0 - 151.13) / 151.13 < res.r058.fence));
	cardinal_result_release(&res);
	ocds_data_release(&d);
	buf_release(&b);
}
END_TEST

/* --- parity with Cardinal's fixtures ----------------------------------- */

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *p = xmalloc(1 << 16);
	size_t n;

	ck_assert_msg(f != NULL, "cannot open %s", path);
	n = fread(p, 1, (1 << 16) - 1, f);
	p[n] = '\0';
	fclose(f);
	return p;
}

/* Is got[group][key][code] == v?  (NULL group/key objects are empty maps.) */
static int has_result(const struct jnode *got, const char *group, const char *key,
		      const char *code, double v)
{
	double x;

	return jnode_number(jnode_get(jnode_get(jnode_get(got, group), key), code), &x) == 0 &&
	       x == v;
}

static size_t count_results(const struct jnode *doc)
{
	const struct jnode *g, *k, *v;
	const char *gk, *kk, *ck;
	void *gi = NULL, *ki, *ci;
	size_t n = 0;

	while (jnode_object_next(doc, &gi, &gk, &g))
		for (ki = NULL; jnode_object_next(g, &ki, &kk, &k);)
			for (ci = NULL; jnode_object_next(k, &ci, &ck, &v);)
				n++;
	return n;
}

/* Every result in `want` is in `got` with the same value, and no more (map equality). */
static void same_results(const struct jnode *want, const struct jnode *got)
{
	const struct jnode *g, *k, *v;
	const char *gk, *kk, *ck;
	void *gi = NULL, *ki, *ci;
	double x;

	while (jnode_object_next(want, &gi, &gk, &g))
		for (ki = NULL; jnode_object_next(g, &ki, &kk, &k);)
			for (ci = NULL; jnode_object_next(k, &ci, &ck, &v);) {
				ck_assert_int_eq(jnode_number(v, &x), 0);
				ck_assert_msg(has_result(got, gk, kk, ck, x), "missing %s/%s/%s = %g",
					      gk, kk, ck, x);
			}
	ck_assert_uint_eq(count_results(got), count_results(want));
}

struct parity_case {
	const char *name;       /* FIXTURES name.jsonl and name.expected */
	int r024, r058;
};

static const struct parity_case parity[] = {
	{ "R024", 1, 0 },
	{ "R058", 0, 1 },
	{ "example-024", 1, 0 },
	{ "example-058", 0, 1 },
};

START_TEST(parity_with_cardinal_expected_output)
{
	const struct parity_case *c = &parity[_i];
	struct cardinal_settings s;
	struct cardinal_result res;
	struct ocds_data d;
	struct jdoc *want = NULL, *got = NULL;
	char path[256], *expected, *out;
	size_t n;

	/* Cardinal's test harness: this indicator alone, NPC and EXC, no currency */
	cardinal_settings_init(&s);
	s.r024 = c->r024;
	s.r058 = c->r058;
	s.no_price_comparison_methods = "NPC";
	s.excluded_methods = "EXC";
	ocds_data_init(&d);
	snprintf(path, sizeof(path), FIXTURES "%s.jsonl", c->name);
	ck_assert_int_eq(ocds_read_file(path, NULL, &d, NULL, NULL), 0);
	ck_assert_uint_eq(d.nrejected, 0);
	cardinal_run(&d, &s, &res);

	snprintf(path, sizeof(path), FIXTURES "%s.expected", c->name);
	expected = slurp(path);
	out = output(&res, &d, 0);
	ck_assert_int_eq(jdoc_load_mem(expected, strlen(expected), path, &want, NULL), 0);
	ck_assert_int_eq(jdoc_load_mem(out, strlen(out), "ours", &got, NULL), 0);
	same_results(jdoc_root(want), jdoc_root(got));
	/* and the very text: these files happen to list keys in sorted order */
	n = strlen(expected);
	ck_assert(n > 0 && expected[n - 1] == '\n');
	expected[n - 1] = '\0';
	ck_assert_str_eq(out, expected);

	jdoc_free(want);
	jdoc_free(got);
	free(expected);
	free(out);
	cardinal_result_release(&res);
	ocds_data_release(&d);
}
END_TEST

START_TEST(r024_fixture_meta_and_reasons)
{
	static const struct {
		const char *ocid;
		enum cardinal_skip skip;
	} want[] = {
		{ "F", CARDINAL_KEPT },
		{ "accept", CARDINAL_KEPT },
		{ "pending award", CARDINAL_AWARD_PENDING },
		{ "invalid award", CARDINAL_AWARD_PENDING },
		{ "invited bid", CARDINAL_NO_WINNING_BID },
		{ "pending bid", CARDINAL_NO_WINNING_BID },
		{ "withdrawn bid", CARDINAL_NO_WINNING_BID },
		{ "disqualified bid", CARDINAL_NO_WINNING_BID },
		{ "non-price criteria", CARDINAL_NOT_LOWEST },
		{ "multiple awards", CARDINAL_ACTIVE_AWARDS },
		{ "multiple tenderers", CARDINAL_NO_OTHER_BID },
		{ "multiple suppliers", CARDINAL_SUPPLIERS },
		{ "cancelled tender", CARDINAL_CANCELLED },
		{ "repeat tenderers", CARDINAL_KEPT },
		{ "no price comparison", CARDINAL_NO_PRICE_COMPARISON },
		{ "exclude procurement method details", CARDINAL_EXCLUDED },
	};
	struct cardinal_settings s;
	struct cardinal_result res;
	struct ocds_data d;
	size_t i, j;
	char *out;

	cardinal_settings_init(&s);
	s.no_price_comparison_methods = "NPC";
	s.excluded_methods = "EXC";
	ocds_data_init(&d);
	ck_assert_int_eq(ocds_read_file(FIXTURES "R024.jsonl", NULL, &d, NULL, NULL), 0);
	cardinal_run(&d, &s, &res);
	ck_assert_uint_eq(res.nkept, 9);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		for (j = 0; j < d.nprocs && strcmp(d.procs[j].ocid, want[i].ocid); j++)
			;
		ck_assert_uint_lt(j, d.nprocs);
		ck_assert_msg(res.procs[j].skip == want[i].skip, "%s: %s", want[i].ocid,
			      cardinal_skip_reason(res.procs[j].skip));
	}
	ck_assert_str_eq(res.procs[d.nprocs - 3].second_id, "L");     /* repeat tenderers */
	ck_assert_double_eq(res.procs[d.nprocs - 3].r, 0.0);
	/* Meta as Cardinal's documentation prints it for these ratios (indicators/index.md) */
	out = output(&res, &d, 1);
	ck_assert_str_eq(strstr(out, "\"Meta\""),
			 "\"Meta\":{\"R024\":{\"q1\":66.6667,\"q3\":100.0,\"lower_fence\":16.6667},"
			 "\"R058\":{\"q1\":66.6667,\"q3\":100.0,\"upper_fence\":150.0}}}");
	free(out);
	cardinal_result_release(&res);
	ocds_data_release(&d);
}
END_TEST

/* --- settings ------------------------------------------------------------ */

START_TEST(thresholds_replace_the_fences)
{
	struct ocds_data d;
	struct cardinal_settings s;
	struct cardinal_result res;
	struct buf b;
	char *out;

	buf_init(&b, 0);
	line(&b, "a", "100", "104");                                  /* r = 0.04 */
	line(&b, "b", "100", "105");                                  /* r = 0.05 */
	line(&b, "c", "100", "150");                                  /* r = 0.5 */
	read_text(b.s, &d);
	cardinal_settings_init(&s);
	s.r024_threshold = 0.05;
	s.r058_threshold = 0.5;
	cardinal_run(&d, &s, &res);
	ck_assert_int_eq(res.procs[0].r024 + res.procs[1].r024 + res.procs[2].r024, 2);  /* inclusive */
	ck_assert_int_eq(res.procs[2].r058, 1);                                           /* inclusive */
	out = output(&res, &d, 1);
	ck_assert_str_eq(out, "{\"OCID\":{\"a\":{\"R024\":0.04},\"b\":{\"R024\":0.05},\"c\":{\"R058\":0.5}},"
			 "\"Tenderer\":{\"L\":{\"R024\":0.0},\"W\":{\"R024\":0.0,\"R058\":0.0}},"
			 "\"Meta\":{\"R024\":{\"lower_fence\":0.05},\"R058\":{\"upper_fence\":0.5}}}");
	free(out);
	cardinal_result_release(&res);

	s.r024_threshold = 0;                  /* the guard: threshold > 0 */
	s.r058 = 0;
	cardinal_run(&d, &s, &res);
	ck_assert_uint_eq(res.r024.flagged, 0);
	ck_assert_int_eq(res.r058.ran, 0);
	out = output(&res, &d, 1);
	ck_assert_str_eq(out, "{\"Meta\":{\"R024\":{\"lower_fence\":0.0}}}");
	free(out);
	cardinal_result_release(&res);
	ocds_data_release(&d);
	buf_release(&b);
}
END_TEST

START_TEST(price_comparison_methods_allow_list)
{
	/* Cardinal's rstest matches_procurement_method_details cases */
	static const struct {
		const char *value;
		int include, exclude, kept;
	} cases[] = {
		{ "X", 0, 0, 1 }, { "X", 1, 0, 0 }, { "X", 0, 1, 1 },
		{ "Y", 0, 0, 1 }, { "Y", 1, 0, 1 }, { "Y", 0, 1, 1 },
		{ "N", 0, 0, 1 }, { "N", 1, 0, 0 }, { "N", 0, 1, 0 },
		{ NULL, 0, 0, 1 }, { NULL, 1, 0, 0 }, { NULL, 0, 1, 1 },
	};
	char text[512];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cardinal_settings s;
		struct cardinal_result res;
		struct ocds_data d;

		snprintf(text, sizeof(text),
			 "{\"ocid\":\"F\",%s%s%s\"bids\":{\"details\":["
			 "{\"status\":\"valid\",\"tenderers\":[{\"id\":\"W\"}],\"value\":{\"amount\":1,\"currency\":\"USD\"}},"
			 "{\"status\":\"valid\",\"tenderers\":[{\"id\":\"L\"}],\"value\":{\"amount\":2,\"currency\":\"USD\"}}]},"
			 "\"awards\":[{\"status\":\"active\",\"suppliers\":[{\"id\":\"W\"}]}]}\n",
			 cases[i].value ? "\"tender\":{\"procurementMethodDetails\":\"" : "",
			 cases[i].value ? cases[i].value : "", cases[i].value ? "\"}," : "");
		read_text(text, &d);
		cardinal_settings_init(&s);
		s.price_comparison_methods = cases[i].include ? "Y" : NULL;
		s.no_price_comparison_methods = cases[i].exclude ? "N" : NULL;
		cardinal_run(&d, &s, &res);
		ck_assert_msg((res.procs[0].skip == CARDINAL_KEPT) == cases[i].kept, "case %zu", i);
		cardinal_result_release(&res);
		ocds_data_release(&d);
	}
}
END_TEST

START_TEST(pipe_lists_split_like_cardinal)
{
	static const struct {
		const char *list, *value;
		int excluded;
	} cases[] = {
		{ "A|B", "B", 1 }, { "A|B|", "B", 1 }, { "A|B|", "", 0 }, { "|A", "", 1 },
		{ "A||B", "", 1 }, { "", "", 0 }, { "AB", "A", 0 }, { "Random Selection", "Random Selection", 1 },
	};
	char text[512];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cardinal_settings s;
		struct cardinal_result res;
		struct ocds_data d;

		snprintf(text, sizeof(text), "{\"ocid\":\"F\",\"tender\":{\"procurementMethodDetails\":\"%s\"}}",
			 cases[i].value);
		read_text(text, &d);
		cardinal_settings_init(&s);
		s.excluded_methods = cases[i].list;
		cardinal_run(&d, &s, &res);
		ck_assert_msg((res.procs[0].skip == CARDINAL_EXCLUDED) == cases[i].excluded, "case %zu", i);
		cardinal_result_release(&res);
		ocds_data_release(&d);
	}
}
END_TEST

START_TEST(no_ratios_give_null_meta_and_no_flags)
{
	struct ocds_data d;
	struct cardinal_result res;
	char *out;

	ocds_data_init(&d);
	cardinal_run(&d, NULL, &res);
	ck_assert_uint_eq(res.nkept, 0);
	ck_assert(isnan(res.r024.q1));
	out = output(&res, &d, 1);
	ck_assert_str_eq(out, "{\"Meta\":{\"R024\":{\"q1\":null,\"q3\":null,\"lower_fence\":null},"
			 "\"R058\":{\"q1\":null,\"q3\":null,\"upper_fence\":null}}}");
	free(out);
	out = output(&res, &d, 0);
	ck_assert_str_eq(out, "{}");
	free(out);
	cardinal_result_release(&res);
	cardinal_result_release(NULL);
	ocds_data_release(&d);
}
END_TEST

START_TEST(superseded_release_is_not_counted)
{
	struct ocds_data d;
	struct cardinal_result res;
	struct buf b;

	buf_init(&b, 0);
	line(&b, "x", "100", "200");
	line(&b, "x", "100", "101");
	read_text(b.s, &d);
	cardinal_run(&d, NULL, &res);
	ck_assert_int_eq(res.procs[0].skip, CARDINAL_SUPERSEDED);
	ck_assert_int_eq(res.procs[1].skip, CARDINAL_KEPT);
	ck_assert_double_eq(res.procs[1].r, 0.01);
	ck_assert_uint_eq(res.procs[1].winner_bid, 0);
	ck_assert_str_eq(cardinal_skip_reason(CARDINAL_SUPERSEDED),
			 "replaced by a later release of the same ocid");
	cardinal_result_release(&res);
	ocds_data_release(&d);
	buf_release(&b);
}
END_TEST

/* --- numbers as Cardinal prints them ------------------------------------- */

static const struct {
	double v;
	const char *text;
} numbers[] = {
	{ 100.0, "100.0" }, { 0.0, "0.0" }, { -0.0, "-0.0" }, { 1.0, "1.0" }, { 99.0, "99.0" },
	{ 0.25, "0.25" }, { 0.99, "0.99" }, { 0.1 + 0.2, "0.30000000000000004" },
	{ 1.0 / 3.0, "0.3333333333333333" }, { 66.6667, "66.6667" }, { -0.15, "-0.15" },
	{ 0.001, "0.001" }, { 0.0001, "0.0001" }, { 0.00001, "0.00001" }, { 1e-6, "1e-6" },
	{ 1.5e-7, "1.5e-7" }, { 1e15, "1000000000000000.0" }, { 1e16, "1e16" },
	{ 1.5e16, "1.5e16" }, { 1234567890123456.0, "1234567890123456.0" },
	{ 12345678901234567.0, "1.2345678901234568e16" }, { 123.456, "123.456" },
	{ 5e-324, "5e-324" }, { 1.7976931348623157e308, "1.7976931348623157e308" },
};

START_TEST(numbers_print_as_serde_json)
{
	char out[32];

	ck_assert_str_eq(cardinal_number(numbers[_i].v, out), numbers[_i].text);
}
END_TEST

START_TEST(non_finite_numbers_are_null)
{
	char out[32];

	ck_assert_str_eq(cardinal_number(NAN, out), "null");
	ck_assert_str_eq(cardinal_number(INFINITY, out), "null");
	ck_assert_str_eq(cardinal_number(-INFINITY, out), "null");
	ck_assert_double_eq(cardinal_round4(66.66666666), 66.6667);
	ck_assert_double_eq(cardinal_round4(-0.00005), -0.0001);     /* half away from zero */
}
END_TEST

/* --- prices at which a flag clears -------------------------------------- */

START_TEST(clearing_prices_sit_on_the_fence)
{
	/* R024 at 0.05: the second bid must make r > 0.05; 105.00/100.00 is exactly 0.05 */
	ck_assert_int_eq(cardinal_r024_clear_second_pence(10000, 0.05), 10501);
	ck_assert_int_eq(cardinal_r024_clear_winner_pence(10500, 0.05), 9999);
	/* R058 at 0.5: the winner must make r < 0.5 against 150.00 */
	ck_assert_int_eq(cardinal_r058_clear_pence(15000, 0.5), 10001);
	ck_assert_int_eq(cardinal_r058_clear_pence(15000, 0), -1);
	ck_assert_int_eq(cardinal_r058_clear_pence(15000, NAN), -1);
	ck_assert_int_eq(cardinal_r024_clear_second_pence(10000, -1), -1);
	ck_assert_int_eq(cardinal_r024_clear_second_pence(10000, 1e300), -1);
	ck_assert_int_eq(cardinal_r024_clear_winner_pence(1, 0.05), -1);
}
END_TEST

/* --- scale --------------------------------------------------------------- */

/*
 * One release with 200,000 bids by as many parties, the award to the first:
 * the OCDS reader and Cardinal within the tcase's 10 s timeout, so neither
 * looks a bid's party, award or rival up by a scan of the others.
 */
START_TEST(two_hundred_thousand_bids_in_one_procedure)
{
	struct ocds_data d;
	struct cardinal_result res;
	struct buf b;
	size_t i, n = 200000;

	buf_init(&b, 0);
	buf_adds(&b, "{\"ocid\":\"big\",\"parties\":[");
	for (i = 0; i < n; i++)
		buf_printf(&b, "%s{\"id\":\"P%zu\",\"name\":\"Bidder %zu\",\"identifier\":"
			   "{\"scheme\":\"GB-COH\",\"id\":\"%08zu\"}}", i ? "," : "", i, i,
			   i + 1);
	buf_adds(&b, "],\"bids\":{\"details\":[");
	for (i = 0; i < n; i++)
		buf_printf(&b, "%s{\"id\":\"b%zu\",\"status\":\"valid\",\"tenderers\":[{\"id\":"
			   "\"P%zu\"}],\"value\":{\"amount\":%zu,\"currency\":\"GBP\"}}",
			   i ? "," : "", i, i, i ? 200000 + (i * 7919) % 100000 : 100000);
	buf_adds(&b, "]},\"awards\":[{\"status\":\"active\",\"suppliers\":[{\"id\":\"P0\"}]}]}\n");
	read_text(b.s, &d);
	buf_release(&b);
	ck_assert_uint_eq(d.bids.n, n);
	ck_assert_int_eq(d.bids.v[0].awarded, 1);
	ck_assert_int_eq(d.bids.v[n - 1].awarded, 0);
	ck_assert_str_eq(d.bids.v[n - 1].bidder, "Bidder 199999");
	ck_assert_str_eq(d.bids.v[n - 1].company_number, "00200000");
	cardinal_run(&d, NULL, &res);
	ck_assert_uint_eq(res.nkept, 1);
	ck_assert_uint_eq(res.procs[0].winner_bid, 0);
	ck_assert_double_eq(res.procs[0].r, 1.0);      /* the lowest rival bids 200000 */
	cardinal_result_release(&res);
	ocds_data_release(&d);
}
END_TEST

static Suite *cardinal_suite(void)
{
	Suite *s = suite_create("cardinal");
	TCase *tc = tcase_create("core");

#define LOOP(t, table) tcase_add_loop_test(tc, t, 0, (int)(sizeof(table) / sizeof(table[0])))
	tcase_add_test(tc, quantile_matches_statrs_vectors);
	tcase_add_test(tc, quantile_worked_example);
	tcase_add_test(tc, worked_example_flags_r058_and_skips_r024);
	LOOP(parity_with_cardinal_expected_output, parity);
	tcase_add_test(tc, r024_fixture_meta_and_reasons);
	tcase_add_test(tc, thresholds_replace_the_fences);
	tcase_add_test(tc, price_comparison_methods_allow_list);
	tcase_add_test(tc, pipe_lists_split_like_cardinal);
	tcase_add_test(tc, no_ratios_give_null_meta_and_no_flags);
	tcase_add_test(tc, superseded_release_is_not_counted);
	LOOP(numbers_print_as_serde_json, numbers);
	tcase_add_test(tc, non_finite_numbers_are_null);
	tcase_add_test(tc, clearing_prices_sit_on_the_fence);
	suite_add_tcase(s, tc);
	tc = tcase_create("scale");
	tcase_set_timeout(tc, 10);
	tcase_add_test(tc, two_hundred_thousand_bids_in_one_procedure);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(cardinal_suite)
