#include <math.h>
#include <string.h>

#include "chainwatch/alt.h"
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

static Suite *alt_suite(void)
{
	Suite *s = suite_create("alt");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, alt_quantile_matches_statrs_type_8);
	tcase_add_test(tc, e1_red_amber_pass_and_not_assessable);
	tcase_add_test(tc, g1_gap_to_next_lowest);
	tcase_add_test(tc, m1_scottish_rule_and_m2_leave_one_out);
	tcase_add_test(tc, m1_proximity_margin_spares_a_bid_just_below_the_cluster);
	tcase_add_test(tc, s1_robust_z_needs_five_and_a_spread);
	tcase_add_test(tc, s2_tukey_fence_with_eight_bids);
	tcase_add_test(tc, lots_are_kept_apart_and_disqualified_bids_not_compared);
	tcase_add_test(tc, verdict_red_or_two_ambers_investigate_one_amber_note);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(alt_suite)
