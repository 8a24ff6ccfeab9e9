#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chainwatch/alt.h"
#include "chainwatch/amount.h"
#include "chainwatch/xalloc.h"
#include "testutil.h"

/* Bids of one tender: prices in pounds; estimate in pounds (0 = none). */
static void add_bids(struct bid_list *l, const char *tender, const double *pounds, size_t n,
		     double estimate)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct bid *b = bid_list_add(l);

		free(b->tender_id);
		b->tender_id = xstrdup(tender);
		b->price_pence = llround(pounds[i] * 100.0);
		if (estimate > 0)
			b->estimate_pence = llround(estimate * 100.0);
	}
}

static struct alt_bid *run(struct bid_list *l)
{
	struct alt_settings s;
	struct alt_bid *a;

	alt_settings_init(&s);
	a = alt_assess(l, &s);
	alt_decide(a, l->n);
	return a;
}

START_TEST(alt_quantile_matches_statrs_type_8)
{
	double x[] = { -1, 5, 0, -3, 10, -0.5, 4, 0.2, 1, 6 };
	double r[] = { 0.01, 0.02, 0.05, 0.07, 0.10, 0.15, 0.99 };
	size_t n = sizeof(x) / sizeof(x[0]), i, j;

	for (i = 1; i < n; i++)        /* sort */
		for (j = i; j > 0 && x[j - 1] > x[j]; j--) {
			double t = x[j];

			x[j] = x[j - 1];
			x[j - 1] = t;
		}
	ck_assert_double_eq_tol(alt_quantile(x, n, 0.5), 0.6, 1e-12);
	ck_assert_double_eq_tol(alt_quantile(x, n, 0.2), -0.8, 1e-12);
	ck_assert_double_eq_tol(alt_quantile(x, n, 0.7), 137.0 / 30.0, 1e-12);
	ck_assert_double_eq_tol(alt_quantile(r, 7, 0.25), 0.025, 1e-9);
	ck_assert_double_eq_tol(alt_quantile(r, 7, 0.75), 0.141666666667, 1e-9);
	ck_assert_double_eq(alt_quantile(x, n, 0.0), -3);
	ck_assert_double_eq(alt_quantile(x, n, 1.0), 10);
	ck_assert(isnan(alt_quantile(x, 0, 0.5)));
}
END_TEST

START_TEST(alt_set_keeps_short_and_long_texts_whole)
{
	struct alt_result r;
	char *long_text = xmalloc(5001);
	size_t i;

	memset(&r, 0, sizeof(r));
	for (i = 0; i < 5000; i++)
		long_text[i] = (char)('a' + i % 26);
	long_text[5000] = '\0';
	alt_set(&r, ALT_AMBER, 0.5, 0.25, 123, "d = %.1f%%", 50.0);
	ck_assert_str_eq(r.text, "d = 50.0%");
	ck_assert_int_eq(r.level, ALT_AMBER);
	ck_assert_int_eq(r.clear_pence, 123);
	alt_set(&r, ALT_PASS, NAN, NAN, -1, "<%s>", long_text);   /* past any first buffer */
	ck_assert_uint_eq(strlen(r.text), 5002);
	ck_assert_int_eq(r.text[0], '<');
	ck_assert_int_eq(memcmp(r.text + 1, long_text, 5000), 0);
	ck_assert_int_eq(r.text[5001], '>');
	alt_set(&r, ALT_PASS, NAN, NAN, -1, "%s", "");
	ck_assert_str_eq(r.text, "");
	free(r.text);
	free(long_text);
}
END_TEST

START_TEST(e1_red_amber_pass_and_not_assessable)
{
	static const struct { double bid, est; enum alt_level want; } c[] = {
		{ 70000, 100000, ALT_RED },      /* 30% below */
		{ 75000, 100000, ALT_RED },      /* exactly 25% */
		{ 82000, 100000, ALT_AMBER },    /* 18% */
		{ 85000, 100000, ALT_AMBER },    /* exactly 15% */
		{ 90000, 100000, ALT_PASS },
		{ 120000, 100000, ALT_PASS },    /* above the estimate */
		{ 50000, 0, ALT_NOT_ASSESSABLE },
	};
	size_t i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct bid_list l;
		struct alt_bid *a;

		bid_list_init(&l);
		add_bids(&l, "T1", &c[i].bid, 1, c[i].est);
		a = run(&l);
		ck_assert_msg(a[0].r[ALT_E1].level == c[i].want, "case %zu: %s", i,
			      alt_level_name(a[0].r[ALT_E1].level));
		if (c[i].want >= ALT_AMBER)    /* clears just above 85% of the estimate */
			ck_assert_int_eq(a[0].r[ALT_E1].clear_pence, 8500001);
		alt_bids_free(a, l.n);
		bid_list_release(&l);
	}
}
END_TEST

START_TEST(g1_gap_to_next_lowest)
{
	double p[] = { 100000, 80000, 120000 };
	struct bid_list l;
	struct alt_bid *a;

	bid_list_init(&l);
	add_bids(&l, "T1", p, 3, 0);
	a = run(&l);
	/* b1/b2 = 80,000 / 100,000 = 0.80: red; clears above 90,000 */
	ck_assert_int_eq(a[1].r[ALT_G1].level, ALT_RED);
	ck_assert_double_eq_tol(a[1].r[ALT_G1].value, 0.8, 1e-12);
	ck_assert_int_eq(a[1].r[ALT_G1].clear_pence, 9000001);
	ck_assert_int_eq(a[1].rank, 1);
	ck_assert_int_eq(a[0].r[ALT_G1].level, ALT_PASS);      /* not the lowest */
	ck_assert_int_eq(a[1].verdict, ALT_INVESTIGATE);
	alt_bids_free(a, l.n);
	bid_list_release(&l);
}
END_TEST

START_TEST(m1_scottish_rule_and_m2_leave_one_out)
{
	double p[] = { 70000, 100000, 105000, 110000 };
	struct bid_list l;
	struct alt_bid *a;

	bid_list_init(&l);
	add_bids(&l, "T1", p, 4, 0);
	a = run(&l);
	/* AAP = (70,000 + 100,000 + 105,000)/3 = 91,666.67; line 77,916.67; LQP 100,000;
	 * margin clamp(1,000) = 1,000: 70,000 is below the line and 30,000 below LQP */
	ck_assert_int_eq(a[0].r[ALT_M1].level, ALT_RED);
	ck_assert_int_eq(a[0].r[ALT_M1].clear_pence, 7791667);
	ck_assert_int_eq(a[1].r[ALT_M1].level, ALT_PASS);
	/* d_M = 1 - 70,000/105,000 = 33.3% */
	ck_assert_int_eq(a[0].r[ALT_M2].level, ALT_AMBER);
	ck_assert_double_eq_tol(a[0].r[ALT_M2].value, 1.0 / 3.0, 1e-9);
	ck_assert_int_eq(a[0].r[ALT_M2].clear_pence, 8400000);
	ck_assert_int_eq(a[3].r[ALT_M2].level, ALT_PASS);
	alt_bids_free(a, l.n);
	bid_list_release(&l);
}
END_TEST

START_TEST(m1_proximity_margin_spares_a_bid_just_below_the_cluster)
{
	/* AAP = (1,000 + 1,300 + 1,310)/3 = 1,203.33, line 1,022.83; LQP 1,300; but the
	 * margin is clamped to £1,000 and 1,300 - 1,000 = 300 is within it */
	double p[] = { 1000, 1300, 1310, 1400 };
	struct bid_list l;
	struct alt_bid *a;

	bid_list_init(&l);
	add_bids(&l, "T1", p, 4, 0);
	a = run(&l);
	ck_assert_int_eq(a[0].r[ALT_M1].level, ALT_PASS);
	ck_assert_ptr_nonnull(strstr(a[0].r[ALT_M1].text, "within the proximity margin"));
	alt_bids_free(a, l.n);
	bid_list_release(&l);
}
END_TEST

START_TEST(s1_robust_z_needs_five_and_a_spread)
{
	double p5[] = { 100, 102, 98, 101, 60 };
	double flat[] = { 100, 100, 100, 100, 60 };
	struct bid_list l;
	struct alt_bid *a;

	bid_list_init(&l);
	add_bids(&l, "T1", p5, 5, 0);
	add_bids(&l, "T2", flat, 5, 0);
	add_bids(&l, "T3", p5, 4, 0);
	a = run(&l);
	/* median 100, MAD 2 -> z* = (60 - 100)/(1.4826 x 2) = -13.49 */
	ck_assert_int_eq(a[4].r[ALT_S1].level, ALT_AMBER);
	ck_assert_double_eq_tol(a[4].r[ALT_S1].value, -40.0 / (1.4826 * 2), 1e-9);
	ck_assert_int_eq(a[0].r[ALT_S1].level, ALT_PASS);
	ck_assert_int_eq(a[9].r[ALT_S1].level, ALT_NOT_ASSESSABLE);    /* MAD 0 */
	ck_assert_int_eq(a[10].r[ALT_S1].level, ALT_NOT_ASSESSABLE);   /* 4 bids */
	ck_assert_int_eq(a[10].r[ALT_S2].level, ALT_NOT_ASSESSABLE);
	alt_bids_free(a, l.n);
	bid_list_release(&l);
}
END_TEST

START_TEST(s2_tukey_fence_with_eight_bids)
{
	double p[] = { 100, 101, 102, 103, 104, 105, 106, 50 };
	struct bid_list l;
	struct alt_bid *a;

	bid_list_init(&l);
	add_bids(&l, "T1", p, 8, 0);
	a = run(&l);
	ck_assert_int_eq(a[7].r[ALT_S2].level, ALT_AMBER);
	ck_assert_int_eq(a[0].r[ALT_S2].level, ALT_PASS);
	alt_bids_free(a, l.n);
	bid_list_release(&l);
}
END_TEST

START_TEST(lots_are_kept_apart_and_disqualified_bids_not_compared)
{
	double p[] = { 100000, 50000, 101000 };
	struct bid_list l;
	struct alt_bid *a;

	bid_list_init(&l);
	add_bids(&l, "T1", p, 3, 0);
	free(l.v[2].lot);
	l.v[2].lot = xstrdup("2");          /* another lot: T1/1 has two bids */
	l.v[1].valid = 0;                    /* the low bid was disqualified */
	a = run(&l);
	ck_assert_int_eq(a[1].r[ALT_G1].level, ALT_NOT_ASSESSABLE);
	ck_assert_int_eq(a[1].rank, 0);
	ck_assert_int_eq(a[0].nvalid, 1);
	ck_assert_int_eq(a[0].r[ALT_G1].level, ALT_NOT_ASSESSABLE);   /* one valid bid */
	ck_assert_int_ne(a[0].group, a[2].group);
	alt_bids_free(a, l.n);
	bid_list_release(&l);
}
END_TEST

START_TEST(verdict_red_or_two_ambers_investigate_one_amber_note)
{
	struct alt_bid a[3];
	struct buf b;
	size_t i, k;

	memset(a, 0, sizeof(a));
	for (i = 0; i < 3; i++)
		for (k = 0; k < ALT__COUNT; k++)
			a[i].r[k].level = ALT_PASS;
	a[0].r[ALT_L1].level = ALT_RED;
	a[1].r[ALT_E1].level = ALT_AMBER;
	a[1].r[ALT_M2].level = ALT_AMBER;
	a[2].r[ALT_S1].level = ALT_AMBER;
	alt_decide(a, 3);
	ck_assert_int_eq(a[0].verdict, ALT_INVESTIGATE);
	ck_assert_int_eq(a[0].labour_law, 1);
	ck_assert_int_eq(a[1].verdict, ALT_INVESTIGATE);
	ck_assert_int_eq(a[2].verdict, ALT_NOTE);
	buf_init(&b, 0);
	ck_assert_ptr_nonnull(strstr(alt_questions(&a[0], &b), "staffing model"));
	ck_assert_ptr_nonnull(strstr(b.s, "regulation 69(1)"));
	ck_assert_ptr_nonnull(strstr(alt_questions(&a[2], &b), "section 19(4)"));
	ck_assert_ptr_null(strstr(b.s, "staffing model"));
	buf_release(&b);
}
END_TEST

/*
 * ---- the reference: every rule worked out afresh for each bid ----
 *
 * alt_assess() as it was before the group's statistics were computed once
 * per group (quadratic: each bid summed, copied and sorted the group's
 * prices).  Kept verbatim as the oracle the fast one must match exactly.
 */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median_of(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

/* £12,345.67 */
static const char *gbp(int64_t pence, char out[48])
{
	return amount_format_gbp(pence, out);
}

static int64_t ceil_pence(double pence)
{
	return (int64_t)ceil(pence - 1e-9);
}

/* ---- one group: the bids of one tender and lot ---- */

struct group {
	const struct bid_list *bids;
	struct alt_bid *a;
	size_t *idx;               /* the group's bids, valid first by price */
	size_t n, nvalid;
	double *prices;            /* valid prices in pounds, ascending */
};

static int is_valid(const struct bid *b)
{
	return b->valid != 0 && b->price_pence > 0;
}

static void rule_e1(const struct alt_settings *s, const struct bid *b, int64_t estimate,
		    struct alt_result *r)
{
	char m1[48], m2[48];
	double d;

	if (estimate <= 0) {
		alt_set(r, ALT_NOT_ASSESSABLE, NAN, s->e1_amber, -1, "no pre-tender estimate given");
		return;
	}
	d = (double)(estimate - b->price_pence) / (double)estimate;
	alt_set(r, d >= s->e1_red ? ALT_RED : d >= s->e1_amber ? ALT_AMBER : ALT_PASS, d,
		d >= s->e1_red ? s->e1_red : s->e1_amber,
		(int64_t)floor((double)estimate * (1.0 - s->e1_amber)) + 1,
		"d_E = (E - b)/E = (%s - %s)/%s = %.1f%%; red at %.0f%%, amber at %.0f%% "
		"(methods reference 1.2.3; Spain's RGLCAP art. 85 uses 25 points)",
		gbp(estimate, m1), gbp(b->price_pence, m2), gbp(estimate, m1), d * 100.0,
		s->e1_red * 100.0, s->e1_amber * 100.0);
	if (r->level == ALT_PASS)
		r->clear_pence = -1;
}

/* Scottish rule: AAP = mean of the valid bids but the highest; LQP = lowest not below 0.85 AAP. */
static void rule_m1(const struct alt_settings *s, const struct group *g, const struct bid *b,
		    struct alt_result *r)
{
	double aap = 0, line, lqp = -1, margin;
	size_t i;
	char m[5][48];

	if (g->nvalid < 3) {
		alt_set(r, ALT_NOT_ASSESSABLE, NAN, s->m1_below_aap, -1,
			"%zu valid bid%s: the rule needs 3", g->nvalid, g->nvalid == 1 ? "" : "s");
		return;
	}
	for (i = 0; i + 1 < g->nvalid; i++)
		aap += g->prices[i];
	aap /= (double)(g->nvalid - 1);
	line = aap * (1.0 - s->m1_below_aap);
	for (i = 0; i < g->nvalid && lqp < 0; i++)
		if (g->prices[i] >= line)
			lqp = g->prices[i];
	margin = lqp * s->m1_margin;
	if (margin < (double)s->m1_margin_min_pence / 100.0)
		margin = (double)s->m1_margin_min_pence / 100.0;
	if (margin > (double)s->m1_margin_max_pence / 100.0)
		margin = (double)s->m1_margin_max_pence / 100.0;
	{
		double bp = (double)b->price_pence / 100.0;
		int hit = bp < line && lqp - bp > margin;
		double clear = line < lqp - margin ? line : lqp - margin;

		alt_set(r, hit ? ALT_RED : ALT_PASS, bp / aap, 1.0 - s->m1_below_aap,
			hit ? ceil_pence(clear * 100.0) : -1,
			"AAP (mean of the valid bids but the highest) %s; %.0f%% of it %s; lowest "
			"qualifying price %s, proximity margin %s; b %s %s the line%s (Scottish "
			"Construction Procurement Handbook ch. 8)",
			gbp(llround(aap * 100), m[0]), (1.0 - s->m1_below_aap) * 100.0,
			gbp(llround(line * 100), m[1]),
			gbp(llround(lqp * 100), m[2]), gbp(llround(margin * 100), m[3]),
			gbp(b->price_pence, m[4]), bp < line ? "is below" : "is not below",
			bp < line && !hit ? " but within the proximity margin" : "");
	}
}

static void rule_m2(const struct alt_settings *s, const struct group *g, const struct bid *b,
		    int valid, struct alt_result *r)
{
	double sum = 0, mean, d, bp = (double)b->price_pence / 100.0;
	size_t i, others;

	if (g->nvalid < 3) {
		alt_set(r, ALT_NOT_ASSESSABLE, NAN, s->m2_below_mean, -1,
			"%zu valid bid%s: the rule needs 3", g->nvalid, g->nvalid == 1 ? "" : "s");
		return;
	}
	for (i = 0; i < g->nvalid; i++)
		sum += g->prices[i];
	others = g->nvalid - (valid ? 1 : 0);
	if (valid)
		sum -= bp;
	mean = sum / (double)others;
	d = 1.0 - bp / mean;
	alt_set(r, d >= s->m2_below_mean ? ALT_AMBER : ALT_PASS, d, s->m2_below_mean,
		d >= s->m2_below_mean ? ceil_pence(mean * (1.0 - s->m2_below_mean) * 100.0) : -1,
		"d_M = 1 - b/mean(others) = 1 - %.2f/%.2f = %.1f%%; amber at %.0f%% (leave-one-out "
		"mean of %zu other valid bid%s; methods reference 1.2.2)", bp, mean, d * 100.0,
		s->m2_below_mean * 100.0, others, others == 1 ? "" : "s");
}

static void rule_g1(const struct alt_settings *s, const struct group *g, const struct bid *b,
		    int rank, struct alt_result *r)
{
	double b1, b2, ratio;
	char m1[48], m2[48];

	if (g->nvalid < 2) {
		alt_set(r, ALT_NOT_ASSESSABLE, NAN, s->g1_amber, -1,
			"one valid bid: no next lowest to compare with; judge it against the "
			"estimate and the labour floors (Veridos, C-669/20)");
		return;
	}
	if (rank != 1) {
		alt_set(r, ALT_PASS, NAN, s->g1_amber, -1, "not the lowest valid bid");
		return;
	}
	b1 = g->prices[0];
	b2 = g->prices[1];
	ratio = b1 / b2;
	alt_set(r, ratio <= s->g1_red ? ALT_RED : ratio <= s->g1_amber ? ALT_AMBER : ALT_PASS,
		ratio, ratio <= s->g1_red ? s->g1_red : s->g1_amber,
		ratio <= s->g1_amber ? (int64_t)floor(b2 * s->g1_amber * 100.0) + 1 : -1,
		"b1/b2 = %s / %s = %.3f; red at %.2f, amber at %.2f (the German "
		"Aufgreifschwelle of 20%%; methods reference 1.2.1)",
		gbp(llround(b1 * 100), m1), gbp(llround(b2 * 100), m2), ratio, s->g1_red,
		s->g1_amber);
	(void)b;
}

static void rule_s1(const struct alt_settings *s, const struct group *g, const struct bid *b,
		    struct alt_result *r)
{
	double *v, med, mad, z, bp = (double)b->price_pence / 100.0;
	size_t i;

	if ((int)g->nvalid < s->s1_min_bids) {
		alt_set(r, ALT_NOT_ASSESSABLE, NAN, s->s1_z, -1, "%zu valid bid%s: the rule needs %d",
			g->nvalid, g->nvalid == 1 ? "" : "s", s->s1_min_bids);
		return;
	}
	v = xcalloc(g->nvalid, sizeof(*v));
	memcpy(v, g->prices, g->nvalid * sizeof(*v));
	med = median_of(v, g->nvalid);
	for (i = 0; i < g->nvalid; i++)
		v[i] = fabs(v[i] - med);
	mad = median_of(v, g->nvalid);
	free(v);
	if (mad <= 0) {
		alt_set(r, ALT_NOT_ASSESSABLE, NAN, s->s1_z, -1,
			"the median absolute deviation is 0 (most bids equal): use the percentage "
			"rules");
		return;
	}
	z = (bp - med) / (1.4826 * mad);
	alt_set(r, z <= s->s1_z ? ALT_AMBER : ALT_PASS, z, s->s1_z,
		z <= s->s1_z ? (int64_t)floor((med + s->s1_z * 1.4826 * mad) * 100.0) + 1 : -1,
		"z* = (b - median)/(1.4826 MAD) = (%.2f - %.2f)/(1.4826 x %.2f) = %.2f; amber at "
		"%.1f (Leys et al. 2013)", bp, med, mad, z, s->s1_z);
}

static void rule_s2(const struct alt_settings *s, const struct group *g, const struct bid *b,
		    struct alt_result *r)
{
	double q1, q3, fence, bp = (double)b->price_pence / 100.0;

	if ((int)g->nvalid < s->s2_min_bids) {
		alt_set(r, ALT_NOT_ASSESSABLE, NAN, NAN, -1, "%zu valid bid%s: the rule needs %d",
			g->nvalid, g->nvalid == 1 ? "" : "s", s->s2_min_bids);
		return;
	}
	q1 = alt_quantile(g->prices, g->nvalid, 0.25);
	q3 = alt_quantile(g->prices, g->nvalid, 0.75);
	fence = q1 - s->s2_iqr * (q3 - q1);
	alt_set(r, bp < fence ? ALT_AMBER : ALT_PASS, bp, fence,
		bp < fence ? ceil_pence(fence * 100.0) : -1,
		"Q1 %.2f, Q3 %.2f (type-8 quartiles), lower fence Q1 - %.1f IQR = %.2f; b %.2f "
		"(Tukey; methods reference 1.2.2)", q1, q3, s->s2_iqr, fence, bp);
}

/* The estimate for a bid: its own, else the largest any bid of the group gives. */
static int64_t group_estimate(const struct group *g, const struct bid *b)
{
	int64_t e = b->estimate_pence;
	size_t i;

	for (i = 0; e <= 0 && i < g->n; i++)
		if (g->bids->v[g->idx[i]].estimate_pence > e)
			e = g->bids->v[g->idx[i]].estimate_pence;
	return e;
}

static void assess_group(const struct alt_settings *s, struct group *g)
{
	size_t i, k;

	for (i = 0; i < g->n; i++) {
		struct alt_bid *a = &g->a[g->idx[i]];
		const struct bid *b = a->bid;
		int valid = is_valid(b);

		a->nvalid = (int)g->nvalid;
		a->rank = valid ? (int)i + 1 : 0;
		if (!valid) {
			/* out of the competition: nothing to ask its bidder */
			for (k = 0; k < ALT__COUNT; k++)
				alt_set(&a->r[k], ALT_NOT_ASSESSABLE, NAN, NAN, -1,
					"a disqualified or withdrawn bid is not assessed");
			a->excluded = 1;
			continue;
		}
		rule_e1(s, b, group_estimate(g, b), &a->r[ALT_E1]);
		rule_m1(s, g, b, &a->r[ALT_M1]);
		rule_m2(s, g, b, valid, &a->r[ALT_M2]);
		rule_g1(s, g, b, a->rank, &a->r[ALT_G1]);
		rule_s1(s, g, b, &a->r[ALT_S1]);
		rule_s2(s, g, b, &a->r[ALT_S2]);
	}
}

/* A group's sort key: valid bids first by price, then the rest in file order. */
struct order_key {
	int valid;
	int64_t price;
	size_t idx;
};

static int by_group_order(const void *x, const void *y)
{
	const struct order_key *a = x, *b = y;

	if (a->valid != b->valid)
		return a->valid ? -1 : 1;
	if (a->valid && a->price != b->price)
		return a->price < b->price ? -1 : 1;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

static struct alt_bid *ref_assess(const struct bid_list *bids, const struct alt_settings *s)
{
	struct alt_bid *a = xcalloc(bids->n ? bids->n : 1, sizeof(*a));
	size_t *order = xcalloc(bids->n ? bids->n : 1, sizeof(*order));
	struct order_key *keys = xcalloc(bids->n ? bids->n : 1, sizeof(*keys));
	size_t i, j, k, ngroups = 0;
	int *done = xcalloc(bids->n ? bids->n : 1, sizeof(*done));

	for (i = 0; i < bids->n; i++) {
		a[i].bid = &bids->v[i];
		for (k = 0; k < ALT__COUNT; k++)
			alt_set(&a[i].r[k], ALT_NOT_ASSESSABLE, NAN, NAN, -1, "not assessed");
	}
	for (i = 0; i < bids->n; i++) {
		struct group g;
		size_t n = 0;

		if (done[i])
			continue;
		for (j = i; j < bids->n; j++)
			if (!done[j] && !strcmp(bids->v[j].tender_id, bids->v[i].tender_id) &&
			    !strcmp(bids->v[j].lot, bids->v[i].lot)) {
				done[j] = 1;
				keys[n].valid = is_valid(&bids->v[j]);
				keys[n].price = bids->v[j].price_pence;
				keys[n++].idx = j;
				a[j].group = ngroups;
			}
		ngroups++;
		qsort(keys, n, sizeof(*keys), by_group_order);
		for (k = 0; k < n; k++)
			order[k] = keys[k].idx;
		memset(&g, 0, sizeof(g));
		g.bids = bids;
		g.a = a;
		g.idx = order;
		g.n = n;
		g.prices = xcalloc(n, sizeof(*g.prices));
		for (k = 0; k < n && is_valid(&bids->v[order[k]]); k++)
			g.prices[k] = (double)bids->v[order[k]].price_pence / 100.0;
		g.nvalid = k;
		assess_group(s, &g);
		free(g.prices);
	}
	free(order);
	free(keys);
	free(done);
	return a;
}

/* ---- random tenders against the reference ---- */

static uint64_t rng_state;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static size_t pick(size_t n)
{
	return (size_t)(rng() % n);
}

static void set_text(char **field, const char *s)
{
	free(*field);
	*field = xstrdup(s);
}

/*
 * ngroups random tenders (some with lots), interleaved in the list: mostly
 * small, prices from a narrow range so ties are common, some bids withdrawn
 * or disqualified, some status unknown, some without a price, estimates on
 * some bids only.
 */
static void random_bids(struct bid_list *l, size_t ngroups)
{
	size_t g, n, total = 0;
	size_t *left = xcalloc(ngroups, sizeof(*left));
	char id[32];

	for (g = 0; g < ngroups; g++) {
		static const size_t sizes[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 16, 25, 40 };

		left[g] = sizes[pick(sizeof(sizes) / sizeof(sizes[0]))];
		total += left[g];
	}
	while (total) {
		struct bid *b;
		int64_t base;

		do
			g = pick(ngroups);
		while (!left[g]);
		left[g]--;
		total--;
		b = bid_list_add(l);
		snprintf(id, sizeof(id), "T%zu", g / 2);
		set_text(&b->tender_id, id);
		set_text(&b->lot, g % 2 ? "Lot 1" : "");
		base = 100000 + (int64_t)(g % 7) * 50000;
		switch (pick(10)) {
		case 0: b->price_pence = base / 2 + (int64_t)pick(3) * 1000; break;   /* low */
		case 1: b->price_pence = base; break;                                 /* a tie */
		case 2: b->price_pence = pick(4) ? base + 1 : -1; break;
		default: b->price_pence = base + (int64_t)pick(20) * 2500 + (int64_t)pick(3); break;
		}
		n = pick(12);
		b->valid = n == 0 ? 0 : n == 1 ? -1 : 1;
		n = pick(6);
		b->estimate_pence = n == 0 ? base + 20000 : n == 1 ? base * 2 : n == 2 ? 0 : -1;
	}
	free(left);
}

static int same_double(double x, double y)
{
	return (isnan(x) && isnan(y)) || !memcmp(&x, &y, sizeof(x));
}

static void assert_same(const struct bid_list *l, const struct alt_settings *s)
{
	struct alt_bid *want = ref_assess(l, s), *got = alt_assess(l, s);
	size_t i, k;

	for (i = 0; i < l->n; i++) {
		ck_assert_ptr_eq(got[i].bid, &l->v[i]);
		ck_assert_uint_eq(got[i].group, want[i].group);
		ck_assert_int_eq(got[i].rank, want[i].rank);
		ck_assert_int_eq(got[i].nvalid, want[i].nvalid);
		ck_assert_int_eq(got[i].excluded, want[i].excluded);
		for (k = 0; k < ALT__COUNT; k++) {
			const struct alt_result *a = &got[i].r[k], *b = &want[i].r[k];

			ck_assert_msg(a->level == b->level && same_double(a->value, b->value) &&
				      same_double(a->threshold, b->threshold) &&
				      a->clear_pence == b->clear_pence && !strcmp(a->text, b->text),
				      "bid %zu (%s) rule %s: got %s %.17g %.17g %lld '%s', want "
				      "%s %.17g %.17g %lld '%s'", i, l->v[i].tender_id,
				      alt_rule_name((enum alt_rule)k), alt_level_name(a->level),
				      a->value, a->threshold, (long long)a->clear_pence, a->text,
				      alt_level_name(b->level), b->value, b->threshold,
				      (long long)b->clear_pence, b->text);
		}
	}
	alt_bids_free(got, l->n);
	alt_bids_free(want, l->n);
}

START_TEST(random_tenders_match_the_per_bid_reference)
{
	struct alt_settings s;
	struct bid_list l;
	int round;

	rng_state = 0x9E3779B97F4A7C15ULL;
	for (round = 0; round < 12; round++) {       /* 4,800 tenders and lots */
		bid_list_init(&l);
		random_bids(&l, 400);
		alt_settings_init(&s);
		if (round % 3 == 1) {
			s.s1_min_bids = 3;           /* S1 on the smallest groups too */
			s.s2_min_bids = 4;
		} else if (round % 3 == 2) {
			s.m1_below_aap = 0.05;
			s.g1_amber = 0.99;
			s.s1_z = -1.0;
		}
		assert_same(&l, &s);
		bid_list_release(&l);
	}
}
END_TEST

/* 200,000 bids in one tender: the tcase's timeout fails it when the rules are quadratic. */
START_TEST(two_hundred_thousand_bids_in_one_tender)
{
	struct bid_list l;
	struct alt_bid *a;
	size_t i, n = 200000, lowest = 0;
	int64_t low = INT64_MAX;

	rng_state = 42;
	bid_list_init(&l);
	for (i = 0; i < n; i++) {
		struct bid *b = bid_list_add(&l);

		set_text(&b->tender_id, "BIG");
		b->price_pence = 50000000 + (int64_t)pick(100000000);
		b->estimate_pence = i == n / 2 ? 120000000 : -1;
		b->valid = pick(10) ? 1 : 0;
		if (b->valid && b->price_pence < low) {
			low = b->price_pence;
			lowest = i;
		}
	}
	l.v[lowest].price_pence = 100000;    /* far below the rest */
	a = run(&l);
	ck_assert_int_eq(a[lowest].rank, 1);
	ck_assert_int_eq(a[lowest].r[ALT_S1].level, ALT_AMBER);
	ck_assert_int_eq(a[lowest].r[ALT_G1].level, ALT_RED);
	ck_assert_int_eq(a[lowest].r[ALT_E1].level, ALT_RED);
	for (i = 0; i < n; i++)
		ck_assert_uint_eq(a[i].group, 0);
	alt_bids_free(a, l.n);
	bid_list_release(&l);
}
END_TEST

/* 200,000 bids in 50,000 tenders, interleaved: grouping them must not be quadratic either. */
START_TEST(two_hundred_thousand_bids_in_fifty_thousand_tenders)
{
	struct bid_list l;
	struct alt_bid *a;
	size_t i, n = 200000, ntenders = 50000;
	char id[32];

	rng_state = 7;
	bid_list_init(&l);
	for (i = 0; i < n; i++) {
		struct bid *b = bid_list_add(&l);

		snprintf(id, sizeof(id), "T-%zu", i % ntenders);
		set_text(&b->tender_id, id);
		b->price_pence = i < ntenders ? 100000 : 1000000 + (int64_t)pick(1000);
	}
	a = run(&l);
	for (i = 0; i < n; i++) {
		ck_assert_uint_eq(a[i].group, i % ntenders);
		ck_assert_int_eq(a[i].nvalid, 4);
	}
	ck_assert_int_eq(a[0].rank, 1);
	ck_assert_int_eq(a[0].r[ALT_G1].level, ALT_RED);
	alt_bids_free(a, l.n);
	bid_list_release(&l);
}
END_TEST

static Suite *alt_suite(void)
{
	Suite *s = suite_create("alt");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, alt_quantile_matches_statrs_type_8);
	tcase_add_test(tc, alt_set_keeps_short_and_long_texts_whole);
	tcase_add_test(tc, e1_red_amber_pass_and_not_assessable);
	tcase_add_test(tc, g1_gap_to_next_lowest);
	tcase_add_test(tc, m1_scottish_rule_and_m2_leave_one_out);
	tcase_add_test(tc, m1_proximity_margin_spares_a_bid_just_below_the_cluster);
	tcase_add_test(tc, s1_robust_z_needs_five_and_a_spread);
	tcase_add_test(tc, s2_tukey_fence_with_eight_bids);
	tcase_add_test(tc, lots_are_kept_apart_and_disqualified_bids_not_compared);
	tcase_add_test(tc, verdict_red_or_two_ambers_investigate_one_amber_note);
	suite_add_tcase(s, tc);
	tc = tcase_create("reference");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, random_tenders_match_the_per_bid_reference);
	suite_add_tcase(s, tc);
	tc = tcase_create("scale");
	tcase_set_timeout(tc, 10);
	tcase_add_test(tc, two_hundred_thousand_bids_in_one_tender);
	tcase_add_test(tc, two_hundred_thousand_bids_in_fifty_thousand_tenders);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(alt_suite)
