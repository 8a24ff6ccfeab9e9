#ifndef CHAINWATCH_ALT_H
#define CHAINWATCH_ALT_H

/*
 * Abnormally low tenders (Charter commitment C3; SPEC §6; the methods
 * reference Part 1).  Every bid of every tender and lot is put through each
 * rule; a flag means "ask the bidder to explain" (PCR 2015 reg. 69(1),
 * Procurement Act 2023 s.19(4)), never "reject".
 *
 *   L1  labour price below the statutory minimum-wage cost of the hours   red
 *   L2  ... below it with employer NICs and pension                       red
 *   L3  ... below the Real Living Wage cost, where the contract requires it red
 *   E1  d_E = (E - b)/E >= 0.25 red, >= 0.15 amber      (pre-tender estimate)
 *   M1  b < 0.85 AAP and LQP - b > clamp(0.01 LQP, £1k, £100k)  red (n >= 3)
 *   M2  1 - b/mean(others) >= 0.20                       amber (n >= 3)
 *   G1  lowest b1/b2 <= 0.80 red, <= 0.90 amber           (n >= 2)
 *   S1  robust z = (b - median)/(1.4826 MAD) <= -2.5      amber (n >= 5)
 *   S2  b < Q1 - 1.5 IQR (type-8 quartiles)              amber (n >= 8)
 *   X1  Cardinal R058 across tenders (cardinal.h)         amber
 *   X2  Cardinal R024 across tenders: a competition       info
 *       concern (bids too close), not a low price
 *
 * n counts the valid bids of the tender and lot (a bid with status
 * disqualified or withdrawn never enters a benchmark and is not assessed
 * itself; unknown status counts as valid).
 * A rule whose inputs are missing (no estimate, no hours, too few bids) is
 * "not assessable" with the reason, never a pass.  Verdict per bid: any red
 * or two ambers -> "investigate"; one amber -> "note"; else "no flag".
 */

#include <stddef.h>
#include <stdint.h>

#include "chainwatch/buf.h"
#include "chainwatch/diag.h"
#include "chainwatch/tender.h"

enum alt_rule {
	ALT_L1, ALT_L2, ALT_L3, ALT_E1, ALT_M1, ALT_M2, ALT_G1, ALT_S1, ALT_S2, ALT_X1, ALT_X2,
	ALT__COUNT
};

/* Static strings. */
const char *alt_rule_name(enum alt_rule r);      /* "L1", ... */
const char *alt_rule_title(enum alt_rule r);     /* "statutory wage floor", ... */

enum alt_level { ALT_NOT_ASSESSABLE = 0, ALT_PASS, ALT_INFO, ALT_AMBER, ALT_RED };

/* "not assessable", "pass", "info", "amber", "red" (static) */
const char *alt_level_name(enum alt_level l);

struct alt_settings {
	double e1_red, e1_amber;        /* 0.25, 0.15 */
	double m1_below_aap;            /* 0.15 */
	double m1_margin;               /* 0.01 of LQP ... */
	int64_t m1_margin_min_pence;    /* £1,000 */
	int64_t m1_margin_max_pence;    /* £100,000 */
	double m2_below_mean;           /* 0.20 */
	double g1_red, g1_amber;        /* 0.80, 0.90 */
	double s1_z;                    /* -2.5 */
	int s1_min_bids;                /* 5 */
	double s2_iqr;                  /* 1.5 */
	int s2_min_bids;                /* 8 */
};

void alt_settings_init(struct alt_settings *s);

struct alt_result {
	enum alt_level level;
	double value;                   /* the statistic (d_E, b1/b2, z*, ...); NAN when none */
	double threshold;               /* what it was compared with */
	int64_t clear_pence;            /* the lowest price that would raise no flag; -1 n/a */
	char *text;                     /* inputs, formula, threshold and source; or why not */
};

enum alt_verdict { ALT_NO_FLAG, ALT_NOTE, ALT_INVESTIGATE };

const char *alt_verdict_name(enum alt_verdict v);   /* "no flag", ...: static */

struct alt_bid {
	const struct bid *bid;          /* borrowed from the bid list */
	size_t group;                   /* bids of one tender and lot share a group number */
	int rank;                       /* 1 = lowest valid price in its group; 0 not ranked */
	int nvalid;                     /* valid bids in its group */
	struct alt_result r[ALT__COUNT];
	enum alt_verdict verdict;
	int labour_law;                 /* L1 red: labour-law escalation */
	int excluded;                   /* disqualified or withdrawn: no rule is run */
};

/*
 * The within-tender rules E1, M1, M2, G1, S1, S2 for every bid; the
 * labour (L*) and cross-tender (X*) results start "not assessable" for
 * their modules to fill, then alt_decide() sets each verdict.  out[i] is
 * bids->v[i]'s.  Release with alt_bids_free.
 */
struct alt_bid *alt_assess(const struct bid_list *bids, const struct alt_settings *s);
void alt_decide(struct alt_bid *a, size_t n);
void alt_bids_free(struct alt_bid *a, size_t n);

/* Set a result (text formatted); replaces what was there. */
#if defined(__GNUC__)
__attribute__((format(printf, 6, 7)))
#endif
void alt_set(struct alt_result *r, enum alt_level level, double value, double threshold,
	     int64_t clear_pence, const char *fmt, ...);

/* The price at which all of a bid's flags clear; -1 when none is raised. */
int64_t alt_clear_price(const struct alt_bid *a);
/*
 * "E1 red: ...\nG1 amber: ..." of the rules that did not pass, into b (reset
 * first).  Returns b->s: the caller's buffer, valid until b next changes.
 */
const char *alt_reasons(const struct alt_bid *a, struct buf *b);

/*
 * The clarification request to send for a bid's flags (reg. 69 / s.19
 * wording), into b (reset first); returns b->s, the caller's buffer.
 */
const char *alt_questions(const struct alt_bid *a, struct buf *b);

/* Hyndman-Fan type 8 quantile of sorted x[0..n) (Cardinal's, statrs'); NAN when n == 0. */
double alt_quantile(const double *sorted, size_t n, double p);

#endif
