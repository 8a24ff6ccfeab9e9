#ifndef CHAINWATCH_WAGES_H
#define CHAINWATCH_WAGES_H

/*
 * Labour-cost floors (rules L1, L2, L3; the methods reference Part 1
 * §1.4) and the wage tables they rest on, sectors/wages.json: NLW/NMW
 * rates by date in force and age band, the Real Living Wage (UK and London)
 * by the date it binds accredited employers, employer NICs and the
 * auto-enrolment pension band by tax year (6 April to 5 April), the
 * holiday basis and the clarification questions to send with a flag.
 *
 * Money is integer pence; percentages are hundredths of a percent
 * (13.8% = 1380); weeks and hours are thousandths (5.6 weeks = 5600).
 * Every table ends somewhere: a date it does not cover is an error
 * ("no minimum wage table for 2027-04-01: ..."), never the nearest row.
 *
 * The floor (§1.4.1), over the whole contract term, at the tables in force
 * on the tender date (the reference's §3: a tender for 2026-2029 is held to
 * the 2026-27 rates, and future uplifts are not included):
 *
 *   u       = statutory_weeks / (accrual_year_weeks - statutory_weeks)  (12.07%)
 *   H_paid  = H_prod x (1 + u) x (1 + a)
 *   Wg      = w x H_paid                              F_hard = Wg    (L1)
 *   g       = w x H_paid per year / k                 (pay per worker per year)
 *   N       = r x max(0, g - ST)   (UST for the 16-17 and 18-20 bands,
 *                                   apprentice UST for apprentices)
 *   P       = e x max(0, min(g, upper) - lower)  when g >= trigger, else 0
 *   F_real  = Wg + k x years x (N + P)                              (L2)
 *   F_rlw   = F_real at the Real Living Wage (UK or London)          (L3)
 *   f       = F / H_prod      per productive hour
 *
 *   test    labour price < F -> flag; labour price = price x lambda, or the
 *           price itself when it is the bid's labour line
 *
 * Reported with each: the shortfall F - labour price and its % of F; the
 * lowest bid price that clears (F / lambda rounded up to the penny); the
 * implied hourly pay before on-costs (labour price / H_paid) and after
 * them: the w at which F_real(w) equals the labour price, i.e. the
 * method's (labour price - on-costs) / H_paid with the on-costs at that
 * pay rather than at the floor.  F_rlw uses the same staffing and NIC
 * thresholds as F_real.
 *
 * The Employment Allowance, overhead, profit, SSP and the apprenticeship
 * levy are left out, as the method says.  The NIC and pension thresholds
 * are annual, so the hours are spread evenly over the term (H_prod / years)
 * and every worker is taken to work the whole term.  When the number of
 * workers k is not known it is ceil(H_prod per year / productive hours of
 * one worker), one worker being `week_hours` a week (default full time,
 * 37.5) for paid_weeks_per_year less the holiday (52.143 - 5.6 weeks): the
 * reference's full-time basis; rounding k up keeps the on-costs on the low
 * side (more workers, fewer earnings above the thresholds).
 *
 * Rounding: each figure is rounded to the penny once, half away from zero,
 * and totals are sums of the rounded parts, so an evidence card adds up.
 */

#include <stddef.h>
#include <stdint.h>

#include "chainwatch/buf.h"
#include "chainwatch/diag.h"

enum wage_band { WAGE_NLW, WAGE_21_24, WAGE_21_22, WAGE_18_20, WAGE_16_17, WAGE_APPRENTICE,
		 WAGE__COUNT };

/* "nlw", "21-24", "21-22", "18-20", "16-17", "apprentice" (the wages.json keys; static) */
const char *wage_band_name(enum wage_band b);

/* Every table row starts with `int32_t from, to` (wagescheck.c relies on it). */

struct wage_rates {             /* one row of the NLW/NMW table */
	int32_t from, to;       /* in force, yyyymmdd, both days included */
	int nlw_age;            /* 25, 23, 21 */
	int64_t rate[WAGE__COUNT];   /* pence per hour; -1 when the band did not exist */
	const char *note;       /* "" */
};

struct living_wage {            /* one Real Living Wage announcement */
	int32_t from, to;       /* binding on accredited employers */
	const char *announced;  /* "2023-10-24" or "2015-11" */
	int deadline_stated;    /* 0: the reference gives only the year; 1 May assumed */
	int64_t uk, london;     /* pence per hour */
	const char *note;
};

struct employer_nic {           /* employer Class 1 secondary NICs for one tax year */
	int32_t from, to;       /* 6 April .. 5 April */
	char tax_year[8];       /* "2026-27" */
	int64_t rate;           /* hundredths of a percent: 1500 */
	int64_t secondary_threshold;          /* ST, pence per year */
	int64_t upper_secondary_threshold;    /* UST, under-21s */
	int64_t apprentice_threshold;         /* AUST, apprentices under 25 */
	int64_t employment_allowance;         /* per employer; never in the floor */
};

struct pension_band {           /* auto-enrolment for one tax year */
	int32_t from, to;
	char tax_year[8];
	int64_t rate;           /* employer minimum, hundredths of a percent: 300 */
	int64_t trigger, lower, upper;        /* pence per year */
};

struct wages {                  /* read-only once loaded */
	const char *path, *version, *source;
	int64_t holiday_weeks, year_weeks, paid_weeks, full_time_hours;   /* thousandths */
	const char *holiday_source;
	struct wage_rates *nmw;
	size_t nnmw;
	int32_t nmw_to;
	const char *nmw_source;
	struct living_wage *rlw;
	size_t nrlw;
	int32_t rlw_to;
	const char *rlw_source;
	struct employer_nic *nic;
	size_t nnic;
	const char *nic_source;
	struct pension_band *pension;
	size_t npension;
	const char *pension_source;
	const char *questions_pcr, *questions_pa;      /* the opening of the request */
	const char **questions;                        /* §1.4.5, in order */
	size_t nquestions;
	const char *questions_source;
	struct jdoc *doc;       /* owns the strings */
};

/*
 * Load and validate path (e.g. "sectors/wages.json").  Any problem that
 * wages_check() would report fails the load (CW_INPUT, the first located
 * message).  Free with wages_free().
 */
int wages_load(const char *path, struct wages **out, struct diag *err);
void wages_free(struct wages *w);

/*
 * Validate path: each problem goes to `problem` as a located message,
 * "sectors/wages.json:17:53: /minimum_wage/rates/2/nlw: 7.10 is lower than
 * 7.20 from 2016-10-01: a rate is out of order" (line and column of the
 * value, else of the nearest enclosing value, then the JSON path); bad JSON
 * is one problem, located where the parser stopped.  Checked: unknown and
 * missing keys, numbers that are not quoted decimals, negative or absurd
 * rates, dates in order with no year missing, bands fitting the NLW age,
 * younger bands never above older ones, no rate falling from one row to
 * the next, the Real Living Wage above the NLW and London above UK, tax
 * years consecutive with both NICs and a pension band.  Returns the number
 * of problems, or -1 when the file cannot be read (err set).
 */
int wages_check(const char *path, void (*problem)(void *ctx, const char *msg), void *ctx,
		struct diag *err);

/*
 * The table row in force on `date` (yyyymmdd) into *out, a pointer into w
 * (valid until wages_free); -1 and CW_INPUT, *out untouched, when none.
 */
int wages_nmw_at(const struct wages *w, int32_t date, const struct wage_rates **out,
		 struct diag *err);
int wages_rlw_at(const struct wages *w, int32_t date, const struct living_wage **out,
		 struct diag *err);
/*
 * The tax year containing `date`: 5 April is the old year, 6 April the new.
 * *out points into w, as above.
 */
int wages_nic_at(const struct wages *w, int32_t date, const struct employer_nic **out,
		 struct diag *err);
int wages_pension_at(const struct wages *w, int32_t date, const struct pension_band **out,
		     struct diag *err);

/* The adult rate (NLW) in force on date. */
int wages_adult_rate(const struct wages *w, int32_t date, int64_t *pence, struct diag *err);
/* A band's rate; -1 when the band did not exist on date ("21-22" in 2016). */
int wages_band_rate(const struct wages *w, int32_t date, enum wage_band band, int64_t *pence,
		    struct diag *err);
/* The rate for a worker of `age` (16+), apprentice or not, and the band it came from. */
int wages_age_rate(const struct wages *w, int32_t date, int age, int apprentice, int64_t *pence,
		   enum wage_band *band, struct diag *err);
/* The Real Living Wage binding on date, UK or London. */
int wages_rlw_rate(const struct wages *w, int32_t date, int london, int64_t *pence,
		   struct diag *err);

/* u = 5.6 / (52 - 5.6) from the file's holiday basis. */
double wages_holiday_uplift(const struct wages *w);

/* Employer NIC and pension of one worker paid g pence a year (the band picks the threshold). */
double wages_worker_nic(const struct employer_nic *nic, enum wage_band band, double g);
double wages_worker_pension(const struct pension_band *p, double g);

/*
 * One worker at `week_hours` a week for a year at `rate` (the worked-figure
 * basis of §1.4.4): paid hours = week_hours x paid_weeks_per_year,
 * productive = week_hours x (paid_weeks_per_year - statutory_weeks),
 * NIC and pension of the tax year containing date.
 */
struct wages_worker {
	int64_t rate;
	double week_hours, paid_hours, productive_hours;
	int64_t pay, nic, pension, total;       /* pence per year */
	int64_t per_hour;                       /* total / productive hours */
};

int wages_worker_year(const struct wages *w, int32_t date, int64_t rate, double week_hours,
		      enum wage_band band, struct wages_worker *out, struct diag *err);

struct wages_floor_in {
	int32_t date;           /* tender date: the tables in force on it */
	double hours;           /* H_prod, productive hours over the whole term, > 0 */
	int months;             /* term; <= 0 unknown: the hours are taken as one year */
	int workers;            /* k; 0 unknown */
	double week_hours;      /* hours per worker per week when k is unknown; 0 full time */
	enum wage_band band;    /* whose rate sets the statutory floor: WAGE_NLW */
	double absence;         /* a, absence cover allowance: 0 */
	int london;             /* L3 at the London Living Wage */
	int64_t price;          /* the bid, pence; -1 unknown */
	double labour_share;    /* lambda in (0, 1]; <= 0: price is the labour line itself */
};

void wages_floor_in_init(struct wages_floor_in *in);

struct wages_cost {             /* one hourly rate through the formulas */
	int64_t rate;           /* w, pence per paid hour */
	int64_t wages;          /* Wg over the term */
	int64_t nic, pension;   /* k x years x N, k x years x P; 0 without the tables */
	int64_t total;          /* wages + nic + pension */
	int64_t worker_pay, worker_nic, worker_pension;   /* g, N, P: per worker per year */
	int64_t per_hour_hard;  /* wages / H_prod */
	int64_t per_hour;       /* total / H_prod */
};

struct wages_test {             /* labour_price < floor -> flag */
	int assessable;         /* 0: see why */
	char why[256];
	int64_t floor;
	int64_t shortfall;      /* floor - labour price; <= 0 passes */
	double shortfall_pct;   /* shortfall / floor x 100 */
	int fails;              /* 1 flag, 0 pass, -1 no price */
	int64_t clear_price;    /* the lowest bid price (same basis as in.price) that clears */
};

struct wages_floor {
	struct wages_floor_in in;
	const struct wage_rates *nmw;           /* never NULL on success */
	const struct living_wage *rlw;          /* NULL: not in the table */
	const struct employer_nic *nic;         /* NULL: not in the table */
	const struct pension_band *pension;     /* NULL: not in the table */
	double uplift;          /* u */
	double years;           /* term in years (months / 12) */
	int term_assumed;       /* months unknown: one year */
	double hours_year;      /* H_prod per year */
	double paid_hours;      /* H_paid over the term */
	double paid_hours_year;
	int workers;            /* k used */
	int workers_assumed;    /* k derived, see worker_hours */
	double worker_hours;    /* productive hours per worker per year behind an assumed k */
	int64_t labour_price;   /* price, or price x lambda; -1 unknown */
	struct wages_cost statutory;    /* at the band's statutory rate: F_hard, F_real */
	struct wages_cost living;       /* at the Real Living Wage: F_rlw */
	struct wages_test l1, l2, l3;
	int64_t implied_pay_gross;      /* labour price / H_paid; -1 unknown */
	int64_t implied_pay;            /* the w at which F_real(w) = labour price; -1 unknown */
};

/*
 * Compute every floor for one bid.  Fails (CW_INPUT) only on bad inputs or
 * when no minimum wage table covers the date; a missing NIC, pension or
 * Real Living Wage table makes L2/L3 not assessable, with the reason.
 */
int wages_floor(const struct wages *w, const struct wages_floor_in *in, struct wages_floor *out,
		struct diag *err);

/*
 * The clarification request (§1.4.5) into b (reset first): the PCR 2015 or
 * the 2023 Act opening.  Returns b->s, the caller's buffer.
 */
const char *wages_questions(const struct wages *w, int act2023, struct buf *b);

#endif
