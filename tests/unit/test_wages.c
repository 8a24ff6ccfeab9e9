#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chainwatch/buf.h"
#include "chainwatch/wages.h"
#include "testutil.h"

#define SHIPPED "sectors/wages.json"

static struct wages *shipped;

static void load_shipped(void)
{
	struct diag err;

	diag_init(&err);
	if (wages_load(SHIPPED, &shipped, &err) < 0) {
		fprintf(stderr, "wages_load: %s\n", err.msg);
		abort();
	}
}

static void free_shipped(void)
{
	wages_free(shipped);
	shipped = NULL;
}

static void collect(void *ctx, const char *msg)
{
	struct buf *b = ctx;

	buf_adds(b, msg);
	buf_addc(b, '\n');
}

/* --- the shipped file ---------------------------------------------------- */

START_TEST(wages_shipped_file_passes_check)
{
	struct buf msgs;
	struct diag err;
	int n;

	buf_init(&msgs, 0);
	diag_init(&err);
	n = wages_check(SHIPPED, collect, &msgs, &err);
	ck_assert_msg(n == 0, "%d problems:\n%s%s", n, msgs.s, err.msg);
	buf_release(&msgs);
}
END_TEST

START_TEST(wages_shipped_file_carries_version_sources_and_tables)
{
	ck_assert_str_eq(shipped->version, "chainwatch-wages 1 (2026-11)");
	ck_assert(*shipped->source && *shipped->holiday_source && *shipped->nmw_source);
	ck_assert(*shipped->rlw_source && *shipped->nic_source && *shipped->pension_source);
	ck_assert_uint_eq(shipped->nnmw, 12);     /* April 2016 .. April 2026, plus Oct 2016 */
	ck_assert_uint_eq(shipped->nrlw, 11);
	ck_assert_uint_eq(shipped->nnic, 3);      /* the reference gives 2024-25 .. 2026-27 only */
	ck_assert_uint_eq(shipped->npension, 3);
	ck_assert_str_eq(shipped->nic[0].tax_year, "2024-25");
	ck_assert_str_eq(shipped->pension[2].tax_year, "2026-27");
	ck_assert_uint_eq(shipped->nquestions, 8);
	ck_assert_str_eq(wage_band_name(WAGE_21_22), "21-22");
	ck_assert_str_eq(wage_band_name(WAGE_APPRENTICE), "apprentice");
}
END_TEST

START_TEST(wages_holiday_uplift_is_5_6_over_46_4)
{
	double u = wages_holiday_uplift(shipped);

	ck_assert_double_eq_tol(u, 5.6 / 46.4, 1e-12);
	ck_assert_int_eq((int)(u * 10000 + 0.5), 1207);            /* 12.07% */
	ck_assert_int_eq(shipped->paid_weeks, 52143);
	ck_assert_int_eq(shipped->full_time_hours, 37500);
}
END_TEST

/* --- lookups ------------------------------------------------------------- */

struct rate_case {
	int32_t date;
	int band;
	long long want;         /* pence; -1: an error */
};

static const struct rate_case rates[] = {
	{ 20160331, WAGE_NLW, -1 },              /* before the table */
	{ 20160401, WAGE_NLW, 720 }, { 20160401, WAGE_21_24, 670 },
	{ 20160930, WAGE_21_24, 670 }, { 20161001, WAGE_21_24, 695 },
	{ 20160930, WAGE_APPRENTICE, 330 }, { 20161001, WAGE_APPRENTICE, 340 },
	{ 20170331, WAGE_NLW, 720 }, { 20170401, WAGE_NLW, 750 },
	{ 20180331, WAGE_NLW, 750 }, { 20180401, WAGE_NLW, 783 },
	{ 20190331, WAGE_NLW, 783 }, { 20190401, WAGE_NLW, 821 },
	{ 20200331, WAGE_NLW, 821 }, { 20200401, WAGE_NLW, 872 },
	{ 20210331, WAGE_NLW, 872 }, { 20210401, WAGE_NLW, 891 },
	{ 20210331, WAGE_21_24, 820 }, { 20210401, WAGE_21_24, -1 },
	{ 20210331, WAGE_21_22, -1 }, { 20210401, WAGE_21_22, 836 },
	{ 20220331, WAGE_NLW, 891 }, { 20220401, WAGE_NLW, 950 },
	{ 20230331, WAGE_NLW, 950 }, { 20230401, WAGE_NLW, 1042 },
	{ 20240331, WAGE_21_22, 1018 }, { 20240401, WAGE_21_22, -1 },
	{ 20240331, WAGE_NLW, 1042 }, { 20240401, WAGE_NLW, 1144 },
	{ 20250331, WAGE_NLW, 1144 }, { 20250401, WAGE_NLW, 1221 },
	{ 20250401, WAGE_18_20, 1000 }, { 20250401, WAGE_16_17, 755 },
	{ 20260331, WAGE_NLW, 1221 }, { 20260401, WAGE_NLW, 1271 },
	{ 20260401, WAGE_18_20, 1085 }, { 20260401, WAGE_APPRENTICE, 800 },
	{ 20270331, WAGE_NLW, 1271 },            /* last day the table covers */
	{ 20270401, WAGE_NLW, -1 },              /* the April 2027 rates are not in the reference */
	{ 20250229, WAGE_NLW, -1 },              /* not a date */
	{ 0, WAGE_NLW, -1 },
};

START_TEST(wages_band_rates_change_on_1_april)
{
	const struct rate_case *c = &rates[_i];
	struct diag err;
	int64_t p = -7;
	int r;

	diag_init(&err);
	r = wages_band_rate(shipped, c->date, (enum wage_band)c->band, &p, &err);
	if (c->want < 0) {
		ck_assert_msg(r == -1, "%d %s: got %lld", (int)c->date,
			      wage_band_name((enum wage_band)c->band), (long long)p);
		ck_assert_int_eq(err.code, CW_INPUT);
		ck_assert_int_eq(p, -7);
	} else {
		ck_assert_msg(r == 0, "%d: %s", (int)c->date, err.msg);
		ck_assert_int_eq(p, c->want);
	}
}
END_TEST

START_TEST(wages_dates_outside_the_tables_are_errors)
{
	const struct employer_nic *nic;
	const struct living_wage *rlw;
	struct diag err;
	int64_t p;

	diag_init(&err);
	ck_assert_int_eq(wages_adult_rate(shipped, 20270401, &p, &err), -1);
	ck_assert_str_eq(err.msg, "no minimum wage table for 2027-04-01: sectors/wages.json covers "
				  "2016-04-01 to 2027-03-31");
	ck_assert_int_eq(wages_adult_rate(shipped, 20151231, &p, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "no minimum wage table for 2015-12-31"));
	ck_assert_int_eq(wages_nic_at(shipped, 20240405, &nic, &err), -1);
	ck_assert_str_eq(err.msg, "no employer NIC table for 2024-04-05: sectors/wages.json covers "
				  "2024-04-06 to 2027-04-05");
	ck_assert_int_eq(wages_rlw_at(shipped, 20270501, &rlw, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "no Real Living Wage table for 2027-05-01"));
	ck_assert_int_eq(wages_band_rate(shipped, 20160401, WAGE_21_22, &p, &err), -1);
	ck_assert_str_eq(err.msg, "no 21-22 rate on 2016-04-01: the NLW started at 25 then");
	ck_assert_int_eq(wages_adult_rate(shipped, 20250229, &p, &err), -1);
	ck_assert_str_eq(err.msg, "no minimum wage table for date 20250229: not a date");
}
END_TEST

struct age_case {
	int32_t date;
	int age, apprentice;
	long long want;
	int band;
};

static const struct age_case ages[] = {
	{ 20200601, 25, 0, 872, WAGE_NLW }, { 20200601, 24, 0, 820, WAGE_21_24 },
	{ 20200601, 21, 0, 820, WAGE_21_24 }, { 20200601, 20, 0, 645, WAGE_18_20 },
	{ 20210601, 23, 0, 891, WAGE_NLW }, { 20210601, 24, 0, 891, WAGE_NLW },
	{ 20210601, 22, 0, 836, WAGE_21_22 }, { 20240601, 21, 0, 1144, WAGE_NLW },
	{ 20240601, 20, 0, 860, WAGE_18_20 }, { 20240601, 18, 0, 860, WAGE_18_20 },
	{ 20240601, 17, 0, 640, WAGE_16_17 }, { 20240601, 16, 0, 640, WAGE_16_17 },
	{ 20240601, 30, 1, 640, WAGE_APPRENTICE }, { 20260401, 40, 0, 1271, WAGE_NLW },
};

START_TEST(wages_age_picks_the_band_of_its_year)
{
	const struct age_case *c = &ages[_i];
	enum wage_band b;
	struct diag err;
	int64_t p;

	diag_init(&err);
	ck_assert_msg(wages_age_rate(shipped, c->date, c->age, c->apprentice, &p, &b, &err) == 0,
		      "%s", err.msg);
	ck_assert_int_eq(p, c->want);
	ck_assert_int_eq(b, c->band);
}
END_TEST

START_TEST(wages_age_below_16_is_an_error)
{
	enum wage_band b;
	struct diag err;
	int64_t p;

	diag_init(&err);
	ck_assert_int_eq(wages_age_rate(shipped, 20250601, 15, 0, &p, &b, &err), -1);
	ck_assert_str_eq(err.msg, "no minimum wage below age 16 (age 15)");
}
END_TEST

struct rlw_case {
	int32_t date;
	long long uk, london;   /* -1: not in the table */
	int stated;
};

static const struct rlw_case rlws[] = {
	{ 20160430, -1, -1, 0 }, { 20160501, 825, 940, 0 }, { 20170430, 825, 940, 0 },
	{ 20170501, 845, 975, 0 }, { 20220514, 950, 1085, 0 }, { 20220515, 990, 1105, 1 },
	{ 20230430, 990, 1105, 1 }, { 20230501, 1090, 1195, 0 }, { 20240430, 1090, 1195, 0 },
	{ 20240501, 1200, 1315, 1 }, { 20250430, 1200, 1315, 1 }, { 20250501, 1260, 1385, 1 },
	{ 20260501, 1345, 1480, 0 }, { 20270430, 1345, 1480, 0 }, { 20270501, -1, -1, 0 },
};

START_TEST(wages_living_wage_binds_from_its_deadline)
{
	const struct rlw_case *c = &rlws[_i];
	const struct living_wage *r = NULL;
	struct diag err;
	int64_t uk = 0, london = 0;

	diag_init(&err);
	if (c->uk < 0) {
		ck_assert_int_eq(wages_rlw_at(shipped, c->date, &r, &err), -1);
		ck_assert_int_eq(wages_rlw_rate(shipped, c->date, 0, &uk, &err), -1);
		return;
	}
	ck_assert_msg(wages_rlw_at(shipped, c->date, &r, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(wages_rlw_rate(shipped, c->date, 0, &uk, &err), 0);
	ck_assert_int_eq(wages_rlw_rate(shipped, c->date, 1, &london, &err), 0);
	ck_assert_int_eq(uk, c->uk);
	ck_assert_int_eq(london, c->london);
	ck_assert_int_eq(r->deadline_stated, c->stated);
}
END_TEST

struct tax_case {
	int32_t date;
	const char *year;       /* NULL: no table */
	long long rate, st;
};

static const struct tax_case taxes[] = {
	{ 20240405, NULL, 0, 0 }, { 20240406, "2024-25", 1380, 910000 },
	{ 20250405, "2024-25", 1380, 910000 }, { 20250406, "2025-26", 1500, 500000 },
	{ 20260405, "2025-26", 1500, 500000 }, { 20260406, "2026-27", 1500, 500000 },
	{ 20270405, "2026-27", 1500, 500000 }, { 20270406, NULL, 0, 0 },
};

START_TEST(wages_tax_year_turns_on_6_april)
{
	const struct tax_case *c = &taxes[_i];
	const struct employer_nic *nic;
	const struct pension_band *pen;
	struct diag err;

	diag_init(&err);
	if (!c->year) {
		ck_assert_int_eq(wages_nic_at(shipped, c->date, &nic, &err), -1);
		ck_assert_int_eq(wages_pension_at(shipped, c->date, &pen, &err), -1);
		return;
	}
	ck_assert_msg(wages_nic_at(shipped, c->date, &nic, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(wages_pension_at(shipped, c->date, &pen, &err), 0);
	ck_assert_str_eq(nic->tax_year, c->year);
	ck_assert_str_eq(pen->tax_year, c->year);
	ck_assert_int_eq(nic->rate, c->rate);
	ck_assert_int_eq(nic->secondary_threshold, c->st);
	ck_assert_int_eq(nic->upper_secondary_threshold, 5027000);
	ck_assert_int_eq(pen->rate, 300);
	ck_assert_int_eq(pen->trigger, 1000000);
	ck_assert_int_eq(pen->lower, 624000);
	ck_assert_int_eq(pen->upper, 5027000);
}
END_TEST

START_TEST(wages_pension_trigger_and_band_edges)
{
	const struct pension_band *p;
	const struct employer_nic *n;
	struct diag err;

	diag_init(&err);
	ck_assert_int_eq(wages_pension_at(shipped, 20250601, &p, &err), 0);
	ck_assert_int_eq(wages_nic_at(shipped, 20250601, &n, &err), 0);
	/* below the £10,000 trigger nothing, although above the £6,240 band floor */
	ck_assert_double_eq_tol(wages_worker_pension(p, 999999.0), 0.0, 1e-9);
	ck_assert_double_eq_tol(wages_worker_pension(p, 624000.0), 0.0, 1e-9);
	/* at the trigger: 3% of 10,000 - 6,240 = £112.80 */
	ck_assert_double_eq_tol(wages_worker_pension(p, 1000000.0), 11280.0, 1e-6);
	/* at and above the £50,270 top: 3% of 44,030 = £1,320.90 */
	ck_assert_double_eq_tol(wages_worker_pension(p, 5027000.0), 132090.0, 1e-6);
	ck_assert_double_eq_tol(wages_worker_pension(p, 9000000.0), 132090.0, 1e-6);
	/* NIC: 15% above £5,000; under-21s and apprentices from £50,270 */
	ck_assert_double_eq_tol(wages_worker_nic(n, WAGE_NLW, 500000.0), 0.0, 1e-9);
	ck_assert_double_eq_tol(wages_worker_nic(n, WAGE_NLW, 500100.0), 15.0, 1e-6);
	ck_assert_double_eq_tol(wages_worker_nic(n, WAGE_18_20, 1000000.0), 0.0, 1e-9);
	ck_assert_double_eq_tol(wages_worker_nic(n, WAGE_16_17, 5127000.0), 15000.0, 1e-6);
	ck_assert_double_eq_tol(wages_worker_nic(n, WAGE_APPRENTICE, 5027000.0), 0.0, 1e-9);
	ck_assert_double_eq_tol(wages_worker_nic(n, WAGE_21_22, 1000000.0), 75000.0, 1e-6);
}
END_TEST

/* --- worked figures, methods reference §1.4.4 ---------------------------- */

struct worked {
	int32_t date;
	long long rate;
	double week_hours;
	long long pay, nic, pension, total;     /* pounds as the reference rounds them; -1 unshown */
	long long per_hour;                     /* pence */
	long long times_nlw;                    /* hundredths; -1 unshown */
};

static const struct worked workeds[] = {
	/* full-time adult on the NLW: 37.5 h/wk x 52.143 paid weeks */
	{ 20240601, 1144, 37.5, 22369, 1831, 484, 24684, 1414, 124 },
	{ 20250601, 1221, 37.5, 23875, 2831, 529, 27235, 1560, 128 },
	{ 20260601, 1271, 37.5, 24853, 2978, 558, 28389, 1627, 128 },
	/* the same basis at other pay rates */
	{ 20250601, 1260, 37.5, -1, -1, -1, -1, 1612, -1 },    /* RLW UK 2025-26 */
	{ 20250601, 1385, 37.5, -1, -1, -1, -1, 1777, -1 },    /* LLW 2025-26 */
	{ 20260601, 1345, 37.5, -1, -1, -1, -1, 1724, -1 },    /* RLW UK 2026-27 */
	{ 20260601, 1480, 37.5, -1, -1, -1, -1, 1903, -1 },    /* LLW 2026-27 */
	/* part-time workers, 2025-26 */
	{ 20250601, 1221, 16, -1, -1, -1, -1, 1488, -1 },
	{ 20250601, 1221, 10, -1, -1, -1, -1, 1412, -1 },      /* below the AE trigger */
};

static long long pounds(long long pence) { return (pence + 50) / 100; }

START_TEST(wages_worked_figures_per_worker)
{
	const struct worked *c = &workeds[_i];
	struct wages_worker r;
	struct diag err;

	diag_init(&err);
	ck_assert_msg(wages_worker_year(shipped, c->date, c->rate, c->week_hours, WAGE_NLW, &r,
					&err) == 0, "%s", err.msg);
	if (c->pay >= 0) {
		ck_assert_int_eq(pounds(r.pay), c->pay);
		ck_assert_int_eq(pounds(r.nic), c->nic);
		ck_assert_int_eq(pounds(r.pension), c->pension);
		ck_assert_int_eq(pounds(r.total), c->total);
		ck_assert_double_eq_tol(r.paid_hours, 1955.36, 0.01);       /* "1,955.4 paid h" */
		ck_assert_double_eq_tol(r.productive_hours, 1745.36, 0.01); /* "1,745.4 productive" */
	}
	ck_assert_int_eq(r.per_hour, c->per_hour);
	if (c->times_nlw >= 0)
		ck_assert_int_eq((r.per_hour * 100 + c->rate / 2) / c->rate, c->times_nlw);
	if (c->week_hours == 10)
		ck_assert_int_eq(r.pension, 0);
}
END_TEST

START_TEST(wages_16_27_per_productive_hour_2026_27)
{
	struct wages_worker r;
	struct diag err;
	int64_t nlw;

	diag_init(&err);
	ck_assert_int_eq(wages_adult_rate(shipped, 20260406, &nlw, &err), 0);
	ck_assert_int_eq(wages_worker_year(shipped, 20260406, nlw, 37.5, WAGE_NLW, &r, &err), 0);
	ck_assert_int_eq(r.per_hour, 1627);                          /* £16.27 */
}
END_TEST

struct cleaning {
	int32_t date;
	long long wages, nic, pension, real;    /* pounds */
	long long f_hard, f_real;               /* pence per productive hour */
};

/* 2,080 productive h/yr, 2 part-time cleaners, paid hours 2,331 */
static const struct cleaning cleanings[] = {
	{ 20240601, 26667, 1168, 426, 28261, 1282, 1359 },
	{ 20250601, 28462, 2769, 479, 31711, 1368, 1525 },
	{ 20260601, 29627, 2944, 514, 33086, 1424, 1591 },
};

START_TEST(wages_worked_office_cleaning_contract)
{
	const struct cleaning *c = &cleanings[_i];
	struct wages_floor_in in;
	struct wages_floor f;
	struct diag err;
	int k;

	for (k = 0; k < 2; k++) {           /* two workers stated, then derived (full time: 2) */
		wages_floor_in_init(&in);
		in.date = c->date;
		in.hours = 2080;
		in.months = 12;
		in.workers = k ? 0 : 2;
		diag_init(&err);
		ck_assert_msg(wages_floor(shipped, &in, &f, &err) == 0, "%s", err.msg);
		ck_assert_int_eq(f.workers, 2);
		ck_assert_int_eq(f.workers_assumed, k);
		ck_assert_int_eq((long long)(f.paid_hours + 0.5), 2331);
		ck_assert_int_eq(pounds(f.statutory.wages), c->wages);
		ck_assert_int_eq(pounds(f.statutory.nic), c->nic);
		ck_assert_int_eq(pounds(f.statutory.pension), c->pension);
		ck_assert_int_eq(pounds(f.statutory.total), c->real);
		ck_assert_int_eq(f.statutory.per_hour_hard, c->f_hard);
		ck_assert_int_eq(f.statutory.per_hour, c->f_real);
		ck_assert_int_eq(f.l1.floor, f.statutory.wages);
		ck_assert_int_eq(f.l2.floor, f.statutory.total);
		ck_assert_int_eq(f.l1.fails, -1);          /* no price given */
		ck_assert(f.l1.assessable && f.l2.assessable && f.l3.assessable);
	}
}
END_TEST

START_TEST(wages_14_per_hour_fails_l1_in_2026_27)
{
	struct wages_floor_in in;
	struct wages_floor f;
	struct diag err;

	wages_floor_in_init(&in);
	in.date = 20260601;
	in.hours = 2080;
	in.months = 12;
	in.price = 2080 * 1400;         /* £14.00 per productive hour, the labour line */
	diag_init(&err);
	ck_assert_msg(wages_floor(shipped, &in, &f, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(f.statutory.per_hour_hard, 1424);  /* NLW x 1.1207 = £14.24 */
	ck_assert_int_eq(f.labour_price, 2912000);
	ck_assert_int_eq(f.l1.fails, 1);
	ck_assert_int_eq(f.l1.shortfall, f.statutory.wages - 2912000);
	ck_assert_int_eq(f.l1.clear_price, f.statutory.wages);
	ck_assert_int_eq(f.l2.fails, 1);
	ck_assert_int_eq(f.implied_pay_gross, 1249);        /* £29,120 / 2,331.03 paid h */
	ck_assert_int_lt(f.implied_pay, 1249);
}
END_TEST

/* --- hand-worked floors -------------------------------------------------- */

/*
 * 4,000 productive hours over 24 months, 2025-26 tables, staffing unknown,
 * London, bid £70,000 of which 85% labour.
 *   u = 5.6/46.4; H_paid = 4,000 x 1.120690 = 4,482.7586; per year 2,241.3793
 *   k = ceil(2,000 / (37.5 x (52.143 - 5.6))) = ceil(1.146) = 2
 *   Wg = 12.21 x 4,482.7586 = £54,734.48                          F_hard
 *   g = 12.21 x 2,241.3793 / 2 = £13,683.62
 *   N = 15% x (13,683.62 - 5,000) = £1,302.54 x 2 workers x 2 years = £5,210.17
 *   P = 3% x (13,683.62 - 6,240) = £223.31 x 4 = £893.23
 *   F_real = 54,734.48 + 5,210.17 + 893.23 = £60,837.88
 *   London 13.85: Wg £62,086.21, N £6,312.93, P £1,113.79, F_rlw £69,512.93
 *   labour price = 0.85 x 70,000 = £59,500: L1 passes, L2 short £1,337.88
 *   (2.20%), L3 short £10,012.93 (14.40%); clearing bids F / 0.85 rounded up
 *   implied pay: x (4,482.7586 + 0.18 x 2 x 2,241.3793) - 3,748.80 = 59,500
 *   -> x = £11.96
 */
START_TEST(wages_hand_worked_l1_l2_l3)
{
	struct wages_floor_in in;
	struct wages_floor f;
	struct diag err;

	wages_floor_in_init(&in);
	in.date = 20250701;
	in.hours = 4000;
	in.months = 24;
	in.london = 1;
	in.price = 7000000;
	in.labour_share = 0.85;
	diag_init(&err);
	ck_assert_msg(wages_floor(shipped, &in, &f, &err) == 0, "%s", err.msg);
	ck_assert_double_eq_tol(f.years, 2.0, 1e-12);
	ck_assert_double_eq_tol(f.paid_hours, 4482.7586, 1e-4);
	ck_assert_int_eq(f.workers, 2);
	ck_assert_int_eq(f.workers_assumed, 1);
	ck_assert_double_eq_tol(f.worker_hours, 1745.3625, 1e-9);
	ck_assert_str_eq(f.nic->tax_year, "2025-26");
	ck_assert_int_eq(f.statutory.rate, 1221);
	ck_assert_int_eq(f.statutory.wages, 5473448);
	ck_assert_int_eq(f.statutory.worker_pay, 1368362);
	ck_assert_int_eq(f.statutory.worker_nic, 130254);
	ck_assert_int_eq(f.statutory.worker_pension, 22331);
	ck_assert_int_eq(f.statutory.nic, 521017);
	ck_assert_int_eq(f.statutory.pension, 89323);
	ck_assert_int_eq(f.statutory.total, 6083788);
	ck_assert_int_eq(f.statutory.per_hour_hard, 1368);
	ck_assert_int_eq(f.statutory.per_hour, 1521);
	ck_assert_int_eq(f.living.rate, 1385);
	ck_assert_int_eq(f.living.wages, 6208621);
	ck_assert_int_eq(f.living.nic, 631293);
	ck_assert_int_eq(f.living.pension, 111379);
	ck_assert_int_eq(f.living.total, 6951293);
	ck_assert_int_eq(f.labour_price, 5950000);
	ck_assert_int_eq(f.l1.fails, 0);
	ck_assert_int_eq(f.l1.shortfall, -476552);
	ck_assert_int_eq(f.l1.clear_price, 6439350);
	ck_assert_int_eq(f.l2.fails, 1);
	ck_assert_int_eq(f.l2.shortfall, 133788);
	ck_assert_double_eq_tol(f.l2.shortfall_pct, 2.19909, 1e-4);
	ck_assert_int_eq(f.l2.clear_price, 7157398);
	ck_assert_int_eq(f.l3.fails, 1);
	ck_assert_int_eq(f.l3.shortfall, 1001293);
	ck_assert_double_eq_tol(f.l3.shortfall_pct, 14.40441, 1e-4);
	ck_assert_int_eq(f.l3.clear_price, 8177992);
	ck_assert_int_eq(f.implied_pay_gross, 1327);
	ck_assert_int_eq(f.implied_pay, 1196);
	/* the clearing bids clear, a penny less does not */
	ck_assert_int_ge((long long)(8177992 * 0.85 + 0.5), 6951293);
	ck_assert_int_lt((long long)(8177991 * 0.85 + 0.5), 6951293);
}
END_TEST

START_TEST(wages_implied_pay_at_the_floor_is_the_rate)
{
	struct wages_floor_in in;
	struct wages_floor f, g;
	struct diag err;

	wages_floor_in_init(&in);
	in.date = 20250701;
	in.hours = 2080;
	in.months = 12;
	in.workers = 2;
	diag_init(&err);
	ck_assert_int_eq(wages_floor(shipped, &in, &f, &err), 0);
	in.price = f.statutory.total;
	ck_assert_int_eq(wages_floor(shipped, &in, &g, &err), 0);
	ck_assert_int_eq(g.implied_pay, 1221);
	ck_assert_int_eq(g.l2.fails, 0);
	ck_assert_int_eq(g.l2.shortfall, 0);
	in.price = f.statutory.total - 1;
	ck_assert_int_eq(wages_floor(shipped, &in, &g, &err), 0);
	ck_assert_int_eq(g.l2.fails, 1);
}
END_TEST

START_TEST(wages_staffing_and_term_assumptions)
{
	struct wages_floor_in in;
	struct wages_floor f;
	struct diag err;

	diag_init(&err);
	wages_floor_in_init(&in);
	in.date = 20250701;
	in.hours = 2080;
	in.week_hours = 16;             /* 16 x 46.543 = 744.7 h a worker: 2.79 -> 3 */
	ck_assert_int_eq(wages_floor(shipped, &in, &f, &err), 0);
	ck_assert_int_eq(f.term_assumed, 1);
	ck_assert_double_eq_tol(f.years, 1.0, 1e-12);
	ck_assert_int_eq(f.workers, 3);
	ck_assert_int_eq(f.workers_assumed, 1);
	/* more workers, lower on-costs, same wages */
	in.week_hours = 0;
	in.workers = 1;
	{
		struct wages_floor one;

		ck_assert_int_eq(wages_floor(shipped, &in, &one, &err), 0);
		ck_assert_int_eq(one.statutory.wages, f.statutory.wages);
		ck_assert_int_gt(one.statutory.nic, f.statutory.nic);
	}
	/* an absence allowance raises the paid hours */
	in.absence = 0.05;
	ck_assert_int_eq(wages_floor(shipped, &in, &f, &err), 0);
	ck_assert_double_eq_tol(f.paid_hours, 2080 * (1 + 5.6 / 46.4) * 1.05, 1e-6);
}
END_TEST

START_TEST(wages_before_2024_only_l1_is_assessable)
{
	struct wages_floor_in in;
	struct wages_floor f;
	struct diag err;

	wages_floor_in_init(&in);
	in.date = 20230601;
	in.hours = 2080;
	in.months = 12;
	in.price = 2000000;
	diag_init(&err);
	ck_assert_msg(wages_floor(shipped, &in, &f, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(f.statutory.rate, 1042);
	ck_assert(f.l1.assessable);
	ck_assert_int_eq(f.l1.fails, 1);
	ck_assert(!f.l2.assessable && !f.l3.assessable);
	ck_assert_int_eq(f.l2.fails, -1);
	ck_assert_ptr_nonnull(strstr(f.l2.why, "no employer NIC table for 2023-06-01"));
	ck_assert_ptr_null(f.nic);
	ck_assert_ptr_nonnull(f.rlw);
	ck_assert_int_eq(f.implied_pay, -1);
}
END_TEST

START_TEST(wages_floor_rejects_bad_inputs)
{
	struct wages_floor_in in;
	struct wages_floor f;
	struct diag err;

	diag_init(&err);
	wages_floor_in_init(&in);
	in.date = 20250701;
	ck_assert_int_eq(wages_floor(shipped, &in, &f, &err), -1);          /* no hours */
	ck_assert_ptr_nonnull(strstr(err.msg, "labour hours 0"));
	in.hours = 100;
	in.date = 20270401;
	ck_assert_int_eq(wages_floor(shipped, &in, &f, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "no minimum wage table for 2027-04-01"));
	in.date = 20250701;
	in.week_hours = 0.5;
	ck_assert_int_eq(wages_floor(shipped, &in, &f, &err), -1);
	in.week_hours = 0;
	in.labour_share = 1.5;
	ck_assert_int_eq(wages_floor(shipped, &in, &f, &err), -1);
	in.labour_share = -1;
	in.band = WAGE_21_22;                    /* gone since April 2024 */
	ck_assert_int_eq(wages_floor(shipped, &in, &f, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "no 21-22 rate on 2025-07-01"));
}
END_TEST

START_TEST(wages_questions_carry_the_legal_wording)
{
	struct buf b;

	buf_init(&b, 0);
	wages_questions(shipped, 0, &b);
	ck_assert_ptr_nonnull(strstr(b.s, "regulation 69(1) of the Public Contracts Regulations 2015"));
	ck_assert_ptr_nonnull(strstr(b.s, "\n1. The staffing model: roles, headcount"));
	ck_assert_ptr_nonnull(strstr(b.s, "\n8. Overheads and margin"));
	ck_assert_ptr_null(strstr(b.s, "\n9. "));
	wages_questions(shipped, 1, &b);
	ck_assert_ptr_nonnull(strstr(b.s, "section 19(4)(b)"));
	ck_assert_ptr_nonnull(strstr(b.s, "perform the contract for the price offered"));
	ck_assert_ptr_nonnull(strstr(b.s, "\n2. Hourly pay by role and age band"));
	buf_release(&b);
}
END_TEST

/* --- broken files -------------------------------------------------------- */

static char tmpdir[] = "/tmp/cw-wages-XXXXXX";
static char tmpfile_path[sizeof(tmpdir) + 16];

static char *slurp(const char *path)
{
	FILE *fp = fopen(path, "rb");
	char *s;
	long n;

	ck_assert_ptr_nonnull(fp);
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	s = malloc((size_t)n + 1);
	ck_assert_uint_eq(fread(s, 1, (size_t)n, fp), (size_t)n);
	s[n] = '\0';
	fclose(fp);
	return s;
}

/* "file:line:col" of the first `needle` in text (offset `skip` into it). */
static void place(const char *text, const char *needle, size_t skip, char *out, size_t n)
{
	const char *p = strstr(text, needle), *q;
	unsigned long line = 1, col = 1;

	ck_assert_msg(p != NULL, "'%s' not in the file", needle);
	for (q = text; q < p + skip; q++)
		if (*q == '\n')
			line++, col = 1;
		else
			col++;
	snprintf(out, n, "%s:%lu:%lu: ", tmpfile_path, line, col);
}

struct broken {
	const char *name;
	const char *from, *to;          /* one edit of the shipped text */
	const char *locate;             /* the text the problem points into ... */
	size_t skip;                    /* ... this far in; NULL: only the message */
	const char *message;            /* after the place */
};

static const struct broken brokens[] = {
	{ "missing year",
	  "      { \"from\": \"2019-04-01\", \"nlw_age\": 25, \"nlw\": \"8.21\", \"21-24\": \"7.70\", "
	  "\"18-20\": \"6.15\", \"16-17\": \"4.35\", \"apprentice\": \"3.90\" },\n", "",
	  "\"from\": \"2020-04-01\"", 8,
	  "/minimum_wage/rates/4/from: a year is missing between 2018-04-01 and 2020-04-01" },
	{ "rate out of order", "\"nlw\": \"7.50\"", "\"nlw\": \"7.10\"", "\"nlw\": \"7.10\"", 7,
	  "/minimum_wage/rates/2/nlw: 7.10 is lower than 7.20 from 2016-10-01: a rate is out of order" },
	{ "negative rate", "\"16-17\": \"5.28\"", "\"16-17\": \"-5.28\"", "\"-5.28\"", 0,
	  "/minimum_wage/rates/8/16-17: -5.28 is negative, not 0.01 to 100.00" },
	{ "absurd rate", "\"nlw\": \"12.71\"", "\"nlw\": \"1271.00\"", "\"1271.00\"", 0,
	  "/minimum_wage/rates/11/nlw: 1271.00 is implausible, not 0.01 to 100.00" },
	{ "unknown key", "\"nlw_age\": 21, \"nlw\": \"12.21\"",
	  "\"nlw_age\": 21, \"nlw_rate\": \"12.21\", \"nlw\": \"12.21\"", "\"nlw_rate\"", 12,
	  "/minimum_wage/rates/10/nlw_rate: unknown key 'nlw_rate'" },
	{ "number not quoted", "\"uk\": \"12.60\"", "\"uk\": 12.60", "\"uk\": 12.60", 6,
	  "/living_wage/rates/9/uk: is not a quoted number like \"12.71\"" },
	{ "not a number", "\"rate_percent\": \"13.8\"", "\"rate_percent\": \"13,8\"", "\"13,8\"", 0,
	  "/employer_nic/years/0/rate_percent: '13,8' is not a number like \"13.8\"" },
	{ "missing key", "    \"covers_to\": \"2027-03-31\",\n", "", "\"minimum_wage\": {", 16,
	  "/minimum_wage/covers_to: is missing" },
	{ "band for another NLW age", "\"nlw_age\": 21, \"nlw\": \"11.44\"",
	  "\"nlw_age\": 21, \"nlw\": \"11.44\", \"21-22\": \"11.00\"", "\"11.00\"", 0,
	  "/minimum_wage/rates/9/21-22: has no place when the NLW starts at 21" },
	{ "youth above adult", "\"18-20\": \"8.60\"", "\"18-20\": \"11.50\"", "\"nlw\": \"11.44\"", 7,
	  "/minimum_wage/rates/9/nlw: 11.44 is below the 18-20 rate 11.50" },
	{ "binding dates out of order", "\"binding_from\": \"2019-05-01\"",
	  "\"binding_from\": \"2017-06-01\"", "\"2017-06-01\"", 0,
	  "/living_wage/rates/3/binding_from: 2017-06-01 is out of order: not after 2018-05-01" },
	{ "bad date", "\"binding_from\": \"2019-05-01\"", "\"binding_from\": \"2019-02-30\"",
	  "\"2019-02-30\"", 0,
	  "/living_wage/rates/3/binding_from: '2019-02-30' is not a date like \"2026-04-01\"" },
	{ "London below UK", "\"london\": \"13.15\"", "\"london\": \"11.15\"", "\"11.15\"", 0,
	  "/living_wage/rates/8/london: 11.15 is not above the UK rate 12.00" },
	{ "tax year missing",
	  "\"tax_year\": \"2025-26\", \"rate_percent\": \"15\"", "\"tax_year\": \"2026-27\", "
	  "\"rate_percent\": \"15\"", "\"2026-27\", \"rate_percent\": \"15\"", 0,
	  "/employer_nic/years/1/tax_year: 2026-27 does not follow 2024-25: a year is missing" },
	{ "bad tax year", "\"tax_year\": \"2024-25\", \"employer_percent\"",
	  "\"tax_year\": \"2024-26\", \"employer_percent\"", "\"2024-26\"", 0,
	  "/pension/years/0/tax_year: '2024-26' is not a tax year like \"2026-27\"" },
	{ "covers too far", "\"covers_to\": \"2027-03-31\"", "\"covers_to\": \"2028-03-31\"",
	  "\"2028-03-31\"", 0,
	  "/minimum_wage/covers_to: 2028-03-31 is a year or more after the last rates, from "
	  "2026-04-01: a year is missing" },
	{ "bad JSON", "\"nlw\": \"7.20\", \"21-24\": \"6.70\"", "\"nlw\": \"7.20\" \"21-24\": \"6.70\"",
	  NULL, 0, "'}' expected near '\"21-24\"'" },
};

static void write_broken(const struct broken *c, char **text)
{
	char *shipped_text = slurp(SHIPPED), *at = strstr(shipped_text, c->from);
	size_t head, nf = strlen(c->from), nt = strlen(c->to), n = strlen(shipped_text);
	FILE *fp;

	ck_assert_msg(at != NULL, "%s: edit does not apply", c->name);
	head = (size_t)(at - shipped_text);
	*text = malloc(n - nf + nt + 1);
	memcpy(*text, shipped_text, head);
	memcpy(*text + head, c->to, nt);
	memcpy(*text + head + nt, at + nf, n - head - nf + 1);
	fp = fopen(tmpfile_path, "wb");
	ck_assert_ptr_nonnull(fp);
	fputs(*text, fp);
	fclose(fp);
	free(shipped_text);
}

static void make_tmpdir(void)
{
	memcpy(tmpdir + sizeof(tmpdir) - 7, "XXXXXX", 6);
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	snprintf(tmpfile_path, sizeof(tmpfile_path), "%s/wages.json", tmpdir);
}

static void remove_tmpdir(void)
{
	unlink(tmpfile_path);
	rmdir(tmpdir);
}

START_TEST(wages_check_reports_broken_files_located)
{
	const struct broken *c = &brokens[_i];
	struct buf msgs, want;
	struct wages *w = NULL;
	struct diag err;
	char *text, where[200];
	int n;

	write_broken(c, &text);
	buf_init(&msgs, 0);
	buf_init(&want, 0);
	diag_init(&err);
	n = wages_check(tmpfile_path, collect, &msgs, &err);
	ck_assert_msg(n >= 1, "%s: no problem found", c->name);
	if (c->locate) {
		place(text, c->locate, c->skip, where, sizeof(where));
		buf_printf(&want, "%s%s\n", where, c->message);
	} else {
		buf_printf(&want, "%s:", tmpfile_path);
	}
	ck_assert_msg(strstr(msgs.s, want.s) != NULL, "%s: want\n%sgot\n%s", c->name, want.s,
		      msgs.s);
	if (!c->locate)
		ck_assert_ptr_nonnull(strstr(msgs.s, c->message));
	/* the load refuses what the check reports, with the first problem */
	ck_assert_int_eq(wages_load(tmpfile_path, &w, &err), -1);
	ck_assert_int_eq(err.code, CW_INPUT);
	ck_assert_ptr_nonnull(strstr(err.msg, tmpfile_path));
	ck_assert_ptr_null(w);
	buf_release(&msgs);
	buf_release(&want);
	free(text);
}
END_TEST

START_TEST(wages_check_missing_file_is_an_error)
{
	struct diag err;

	diag_init(&err);
	ck_assert_int_eq(wages_check("/nonexistent/wages.json", collect, NULL, &err), -1);
	ck_assert_int_eq(err.code, CW_INPUT);
	ck_assert_ptr_nonnull(strstr(err.msg, "cannot open '/nonexistent/wages.json'"));
}
END_TEST

START_TEST(wages_load_counts_further_problems)
{
	static const struct broken two = {
		"two", "\"nlw\": \"7.50\", \"21-24\": \"7.05\"",
		"\"nlw\": \"-7.50\", \"21-24\": \"700.05\"", NULL, 0, NULL
	};
	struct wages *w = NULL;
	struct diag err;
	char *text;

	write_broken(&two, &text);
	diag_init(&err);
	ck_assert_int_eq(wages_check(tmpfile_path, NULL, NULL, &err), 2);
	ck_assert_int_eq(wages_load(tmpfile_path, &w, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "/minimum_wage/rates/2/nlw: -7.50 is negative"));
	ck_assert_ptr_nonnull(strstr(err.msg, "(and 1 more problems)"));
	free(text);
}
END_TEST

static Suite *wages_suite(void)
{
	Suite *s = suite_create("wages");
	TCase *tc = tcase_create("tables");
	TCase *fl = tcase_create("floors");
	TCase *bad = tcase_create("broken");

#define LOOP(t, c, table) tcase_add_loop_test(c, t, 0, (int)(sizeof(table) / sizeof(table[0])))
	tcase_add_checked_fixture(tc, load_shipped, free_shipped);
	tcase_add_test(tc, wages_shipped_file_passes_check);
	tcase_add_test(tc, wages_shipped_file_carries_version_sources_and_tables);
	tcase_add_test(tc, wages_holiday_uplift_is_5_6_over_46_4);
	LOOP(wages_band_rates_change_on_1_april, tc, rates);
	tcase_add_test(tc, wages_dates_outside_the_tables_are_errors);
	LOOP(wages_age_picks_the_band_of_its_year, tc, ages);
	tcase_add_test(tc, wages_age_below_16_is_an_error);
	LOOP(wages_living_wage_binds_from_its_deadline, tc, rlws);
	LOOP(wages_tax_year_turns_on_6_april, tc, taxes);
	tcase_add_test(tc, wages_pension_trigger_and_band_edges);
	suite_add_tcase(s, tc);

	tcase_add_checked_fixture(fl, load_shipped, free_shipped);
	LOOP(wages_worked_figures_per_worker, fl, workeds);
	tcase_add_test(fl, wages_16_27_per_productive_hour_2026_27);
	LOOP(wages_worked_office_cleaning_contract, fl, cleanings);
	tcase_add_test(fl, wages_14_per_hour_fails_l1_in_2026_27);
	tcase_add_test(fl, wages_hand_worked_l1_l2_l3);
	tcase_add_test(fl, wages_implied_pay_at_the_floor_is_the_rate);
	tcase_add_test(fl, wages_staffing_and_term_assumptions);
	tcase_add_test(fl, wages_before_2024_only_l1_is_assessable);
	tcase_add_test(fl, wages_floor_rejects_bad_inputs);
	tcase_add_test(fl, wages_questions_carry_the_legal_wording);
	suite_add_tcase(s, fl);

	tcase_add_checked_fixture(bad, make_tmpdir, remove_tmpdir);
	LOOP(wages_check_reports_broken_files_located, bad, brokens);
	tcase_add_test(bad, wages_check_missing_file_is_an_error);
	tcase_add_test(bad, wages_load_counts_further_problems);
	suite_add_tcase(s, bad);
	return s;
}

TEST_MAIN(wages_suite)
