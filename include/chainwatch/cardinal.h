#ifndef CHAINWATCH_CARDINAL_H
#define CHAINWATCH_CARDINAL_H

/*
 * Cardinal's cross-tender price indicators (open-contracting/cardinal-rs,
 * src/indicators/util.rs SecondLowestBidRatio, r024.rs, r058.rs; the
 * methods reference §1.3.2), computed exactly as Cardinal does, over the
 * procedures an OCDS read found (ocds.h).  Rules X1 (R058) and X2 (R024)
 * in alt.h.
 *
 * Per procedure, in this order, a procedure is skipped when:
 *   superseded      a later release of its ocid replaced it (ocds.h)
 *   cancelled       /tender/status is "cancelled"
 *   excluded        procurementMethodDetails is in excluded_methods
 *   no price comparison  price_comparison_methods is set and the details
 *                   are not in it (or absent), else the details are in
 *                   no_price_comparison_methods
 *   no awards       /awards or /bids/details is not an array
 *   award pending   an award's status is not active, cancelled or
 *                   unsuccessful (pending, invalid, ...)
 *   active awards   not exactly one active award
 *   suppliers       that award has not exactly one supplier with an id
 *   no winning bid  no valid bid whose single tenderer is that supplier
 *   no other bid    no valid bid by another single tenderer
 *   not lowest      the lowest other bid is below the winner's (the award
 *                   was not on price alone)
 * Only bids with status "valid" (bid.valid == 1) and exactly one tenderer
 * with an id (bid.supplier_id != "") count; all are in the main currency
 * (ocds.h rejected the rest).  The winner's bid is its lowest; the second
 * is the lowest bid of any other tenderer (the first seen on a tie).
 * Amounts are Cardinal's doubles (pence / 100.0, the same double as the
 * written amount for up to 2 decimals), so
 *     r = (b2 - bw) / bw
 * is bit-for-bit Cardinal's.
 *
 * Across the kept procedures, Q1 and Q3 are Hyndman-Fan type-8 quantiles
 * (statrs' lower_quartile/upper_quartile; cardinal_quantile), and
 *     R024 lower fence = Q1 - 1.5 (Q3 - Q1)   flag r <= fence, only when
 *                                             Q1 > 0 and fence > 0
 *     R058 upper fence = Q3 + 1.5 (Q3 - Q1)   flag r >= fence, only when
 *                                             fence > 0
 * (fused multiply-add, as Rust's mul_add).  A threshold setting replaces
 * the fence; R024's guard is then only threshold > 0.  Comparisons are
 * inclusive.  R024 flags the winner and the second bidder as tenderers,
 * R058 the winner.
 *
 * Deliberate differences from Cardinal, none of which its fixtures meet:
 * zero and negative bids never get here (ocds.h rejects them, as bids.h
 * does; Cardinal would divide by a zero winning bid); an amount with more
 * than 2 decimals is rounded to the penny first; when an ocid comes again
 * the later release replaces the earlier one entirely (Cardinal keeps an
 * earlier line's ratio when the later line has none); the main currency
 * is the first on any bid, not the first on a bid it compares.
 */

#include <stddef.h>
#include <stdint.h>

#include "chainwatch/buf.h"
#include "chainwatch/ocds.h"

struct cardinal_settings {
	/* pipe-separated procurementMethodDetails values ("A|B"); NULL or "" none */
	const char *price_comparison_methods;    /* when set, only these are compared */
	const char *no_price_comparison_methods; /* else these are not */
	const char *excluded_methods;            /* [exclusions] procurement_method_details */
	int r024, r058;                          /* run the indicator: 1 (default) or 0 */
	double r024_threshold, r058_threshold;   /* NAN (default): the computed fence */
};

void cardinal_settings_init(struct cardinal_settings *s);

enum cardinal_skip {
	CARDINAL_KEPT = 0,          /* has a ratio */
	CARDINAL_SUPERSEDED,
	CARDINAL_CANCELLED,
	CARDINAL_EXCLUDED,
	CARDINAL_NO_PRICE_COMPARISON,
	CARDINAL_NO_AWARDS,
	CARDINAL_AWARD_PENDING,
	CARDINAL_ACTIVE_AWARDS,
	CARDINAL_SUPPLIERS,
	CARDINAL_NO_WINNING_BID,
	CARDINAL_NO_OTHER_BID,
	CARDINAL_NOT_LOWEST
};

/* "kept", "tender cancelled", ...: one line for a card or a log (static). */
const char *cardinal_skip_reason(enum cardinal_skip s);

#define CARDINAL_NONE ((size_t)-1)

struct cardinal_proc {
	enum cardinal_skip skip;
	double r;                   /* (b2 - bw) / bw; NAN unless kept */
	size_t winner_bid;          /* index in the bid list; CARDINAL_NONE */
	size_t second_bid;
	const char *winner_id;      /* supplier ids, borrowed from the bids; NULL unless kept */
	const char *second_id;
	int r024, r058;             /* flagged: 1, else 0 */
};

struct cardinal_fence {
	int ran;                    /* the indicator was run */
	int computed;               /* q1, q3 and fence from the ratios (0: a threshold) */
	double q1, q3;              /* NAN without ratios or with a threshold */
	double fence;               /* lower (R024) or upper (R058); NAN without ratios */
	int armed;                  /* the guards passed: flags were possible */
	size_t flagged;             /* procedures flagged */
};

struct cardinal_result {
	struct cardinal_proc *procs;     /* procs[i] is d->procs[i]'s */
	size_t nprocs;
	size_t nkept;                    /* procedures with a ratio */
	struct cardinal_fence r024, r058;
	/* flagged tenderer ids, sorted (strcmp) and unique; borrowed from the bids */
	const char **r024_tenderers, **r058_tenderers;
	size_t nr024_tenderers, nr058_tenderers;
};

/*
 * Run R024 and/or R058 over d (which must outlive the result: ids are
 * borrowed).  s may be NULL (defaults).  Cannot fail.
 */
void cardinal_run(const struct ocds_data *d, const struct cardinal_settings *s,
		  struct cardinal_result *out);
void cardinal_result_release(struct cardinal_result *res);

/*
 * Hyndman-Fan type-8 quantile of sorted x[0..n), as statrs 0.16
 * Data::quantile: h = (n + 1/3) p + 1/3, hf = trunc(h); x[1] when hf <= 0
 * or p == 0, x[n] when hf >= n or p == 1, else x[hf] + (h - hf)(x[hf+1] -
 * x[hf]) (1-based).  NAN when n == 0 or p is outside 0..1.
 */
double cardinal_quantile(const double *sorted, size_t n, double p);

/* Meta's rounding: round(v * 10000) / 10000, half away from zero. */
double cardinal_round4(double v);

/*
 * A double as Cardinal prints it (serde_json, ryu): the shortest text
 * that reads back, "100.0", "0.25", "0.001", "1e-7", "1.5e16", "null"
 * for NaN and infinities.  The caller's out needs 32 bytes; returns out.
 */
char *cardinal_number(double v, char *out);

/*
 * Cardinal's output, compact, into out (appended):
 *   {"OCID":{ocid:{"R024":r,"R058":r}},"Tenderer":{id:{"R024":0.0}},
 *    "Meta":{"R024":{"q1":..,"q3":..,"lower_fence":..},"R058":{..}}}
 * Empty groups are left out, as Cardinal does; keys are sorted (Cardinal's
 * order is a hash map's); Meta (rounded to 4 decimals) only when `meta`.
 * -1 if out (the caller's) is full; what was appended then stays.
 */
int cardinal_write_json(const struct cardinal_result *res, const struct ocds_data *d, int meta,
			struct buf *out);

/*
 * Prices at which a flag would clear (Cardinal's arithmetic, to the
 * penny), -1 when there is none:
 *   R058: the lowest winning bid whose ratio to second_pence is below the
 *         upper fence;
 *   R024: the highest winning bid whose ratio to second_pence is above the
 *         lower fence, and the lowest second bid whose ratio to
 *         winner_pence is above it.
 */
int64_t cardinal_r058_clear_pence(int64_t second_pence, double upper_fence);
int64_t cardinal_r024_clear_winner_pence(int64_t second_pence, double lower_fence);
int64_t cardinal_r024_clear_second_pence(int64_t winner_pence, double lower_fence);

#endif
