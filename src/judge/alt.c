/*
 * alt.c: the within-tender abnormally-low-tender rules and the verdict
 * (alt.h).  Thresholds and sources: the methods reference §1.2.
 */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chainwatch/alt.h"
#include "chainwatch/amount.h"
#include "chainwatch/xalloc.h"

static const char *const rule_names[ALT__COUNT] = {
	"L1", "L2", "L3", "E1", "M1", "M2", "G1", "S1", "S2", "X1", "X2",
};

static const char *const rule_titles[ALT__COUNT] = {
	"statutory wage floor", "statutory wage and on-cost floor", "Real Living Wage floor",
	"below the pre-tender estimate", "Scottish adjusted-average-price rule",
	"below the mean of the other bids", "gap to the next lowest bid", "robust z-score",
	"Tukey lower fence", "Cardinal R058: discount outlier across tenders",
	"Cardinal R024: bids unusually close across tenders",
};

const char *alt_rule_name(enum alt_rule r)
{
	return (unsigned)r < ALT__COUNT ? rule_names[r] : "";
}

const char *alt_rule_title(enum alt_rule r)
{
	return (unsigned)r < ALT__COUNT ? rule_titles[r] : "";
}

const char *alt_level_name(enum alt_level l)
{
	static const char *const names[] = { "not assessable", "pass", "info", "amber", "red" };

	return (unsigned)l < sizeof(names) / sizeof(names[0]) ? names[l] : "";
}

const char *alt_verdict_name(enum alt_verdict v)
{
	static const char *const names[] = { "no flag", "note", "investigate" };

	return (unsigned)v < sizeof(names) / sizeof(names[0]) ? names[v] : "";
}

void alt_settings_init(struct alt_settings *s)
{
	s->e1_red = 0.25;
	s->e1_amber = 0.15;
	s->m1_below_aap = 0.15;
	s->m1_margin = 0.01;
	s->m1_margin_min_pence = 100000;
	s->m1_margin_max_pence = 10000000;
	s->m2_below_mean = 0.20;
	s->g1_red = 0.80;
	s->g1_amber = 0.90;
	s->s1_z = -2.5;
	s->s1_min_bids = 5;
	s->s2_iqr = 1.5;
	s->s2_min_bids = 8;
}

void alt_set(struct alt_result *r, enum alt_level level, double value, double threshold,
	     int64_t clear_pence, const char *fmt, ...)
{
	char first[1024], *text;
	va_list ap;
	int n;

	/* one pass for the usual text, and exactly its size: there are 11 a bid */
	va_start(ap, fmt);
	n = vsnprintf(first, sizeof(first), fmt, ap);
	va_end(ap);
	if (n < 0) {
		text = xstrdup("");
	} else if ((size_t)n < sizeof(first)) {
		text = xstrndup(first, (size_t)n);
	} else {
		text = xmalloc((size_t)n + 1);
		va_start(ap, fmt);
		vsnprintf(text, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	free(r->text);
	r->level = level;
	r->value = value;
	r->threshold = threshold;
	r->clear_pence = clear_pence;
	r->text = text;
}

double alt_quantile(const double *x, size_t n, double p)
{
	double h, hf;
	size_t k;

	if (!n || p < 0 || p > 1)
		return NAN;
	h = ((double)n + 1.0 / 3.0) * p + 1.0 / 3.0;
	hf = floor(h);
	if (hf <= 0 || p == 0)
		return x[0];
	if (hf >= (double)n || p == 1)
		return x[n - 1];
	k = (size_t)hf;                 /* 1-based x[k] is x[k - 1] here */
	return x[k - 1] + (h - hf) * (x[k] - x[k - 1]);
}

/* The median of sorted x[0..n), n > 0. */
static double median_sorted(const double *x, size_t n)
{
	return n % 2 ? x[n / 2] : (x[n / 2 - 1] + x[n / 2]) / 2.0;
}

/*
 * The median of |x[i] - m| over sorted x[0..n), n > 0, without sorting the
 * deviations: they grow outward from m on both sides, so walking out from
 * m, the smaller first, meets them in ascending order.  O(n).
 */
static double median_deviation(const double *x, size_t n, double m)
{
	size_t lo = 0, hi, k;         /* next below m: x[lo - 1]; next above: x[hi] */
	double d = 0, prev = 0;

	while (lo < n && x[lo] <= m)
		lo++;
	hi = lo;
	for (k = 0; k <= n / 2; k++) {
		prev = d;
		if (hi == n || (lo > 0 && fabs(x[lo - 1] - m) <= fabs(x[hi] - m)))
			d = fabs(x[--lo] - m);
		else
			d = fabs(x[hi++] - m);
	}
	return n % 2 ? d : (prev + d) / 2.0;
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

/*
 * What the rules compare a bid with is the same for every bid of the group,
 * so it is worked out once (group_stats), in the same order of operations
 * as the formulas in alt.h give it bid by bid: O(n log n) a group.
 */
struct group {
	const struct bid_list *bids;
	struct alt_bid *a;
	size_t *idx;               /* the group's bids, valid first by price */
	size_t n, nvalid;
	double *prices;            /* valid prices in pounds, ascending */
	double sum;                /* of the valid prices, ascending (M2) */
	double aap, line, lqp, margin;   /* M1, when nvalid >= 3 */
	double med, mad;           /* S1, when nvalid >= s1_min_bids */
	int64_t first_estimate;    /* the first estimate > 0 in group order; -1 none */
	int64_t max_estimate;      /* the largest estimate */
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

/* AAP, its line, LQP and the proximity margin of M1 (nvalid >= 3). */
static void m1_stats(const struct alt_settings *s, struct group *g)
{
	double aap = 0, lqp = -1, margin;
	size_t i;

	for (i = 0; i + 1 < g->nvalid; i++)
		aap += g->prices[i];
	aap /= (double)(g->nvalid - 1);
	g->line = aap * (1.0 - s->m1_below_aap);
	for (i = 0; i < g->nvalid && lqp < 0; i++)
		if (g->prices[i] >= g->line)
			lqp = g->prices[i];
	margin = lqp * s->m1_margin;
	if (margin < (double)s->m1_margin_min_pence / 100.0)
		margin = (double)s->m1_margin_min_pence / 100.0;
	if (margin > (double)s->m1_margin_max_pence / 100.0)
		margin = (double)s->m1_margin_max_pence / 100.0;
	g->aap = aap;
	g->lqp = lqp;
	g->margin = margin;
}

/* Scottish rule: AAP = mean of the valid bids but the highest; LQP = lowest not below 0.85 AAP. */
static void rule_m1(const struct alt_settings *s, const struct group *g, const struct bid *b,
		    struct alt_result *r)
{
	double aap = g->aap, line = g->line, lqp = g->lqp, margin = g->margin;
	char m[5][48];

	if (g->nvalid < 3) {
		alt_set(r, ALT_NOT_ASSESSABLE, NAN, s->m1_below_aap, -1,
			"%zu valid bid%s: the rule needs 3", g->nvalid, g->nvalid == 1 ? "" : "s");
		return;
	}
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
	double sum = g->sum, mean, d, bp = (double)b->price_pence / 100.0;
	size_t others;

	if (g->nvalid < 3) {
		alt_set(r, ALT_NOT_ASSESSABLE, NAN, s->m2_below_mean, -1,
			"%zu valid bid%s: the rule needs 3", g->nvalid, g->nvalid == 1 ? "" : "s");
		return;
	}
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
	double med = g->med, mad = g->mad, z, bp = (double)b->price_pence / 100.0;

	if ((int)g->nvalid < s->s1_min_bids) {
		alt_set(r, ALT_NOT_ASSESSABLE, NAN, s->s1_z, -1, "%zu valid bid%s: the rule needs %d",
			g->nvalid, g->nvalid == 1 ? "" : "s", s->s1_min_bids);
		return;
	}
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

/*
 * The estimate for a bid: its own, else the first any bid of the group
 * gives (valid bids by price, then the rest in file order); without one,
 * the largest of the group's and its own (not above 0: not assessable).
 */
static int64_t group_estimate(const struct group *g, const struct bid *b)
{
	int64_t e = b->estimate_pence;

	if (e > 0)
		return e;
	if (g->first_estimate > 0)
		return g->first_estimate;
	return g->max_estimate > e ? g->max_estimate : e;
}

/* Everything the rules compare a bid with, once for the group. */
static void group_stats(const struct alt_settings *s, struct group *g)
{
	size_t i;

	g->first_estimate = -1;
	g->max_estimate = INT64_MIN;
	for (i = 0; i < g->n; i++) {
		int64_t e = g->bids->v[g->idx[i]].estimate_pence;

		if (e > 0 && g->first_estimate < 0)
			g->first_estimate = e;
		if (e > g->max_estimate)
			g->max_estimate = e;
	}
	g->sum = 0;
	for (i = 0; i < g->nvalid; i++)
		g->sum += g->prices[i];
	if (g->nvalid >= 3)
		m1_stats(s, g);
	if (g->nvalid && (int)g->nvalid >= s->s1_min_bids) {
		g->med = median_sorted(g->prices, g->nvalid);
		g->mad = median_deviation(g->prices, g->nvalid, g->med);
	}
}

static void assess_group(const struct alt_settings *s, struct group *g)
{
	size_t i, k;

	group_stats(s, g);
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

struct alt_bid *alt_assess(const struct bid_list *bids, const struct alt_settings *s)
{
	struct alt_bid *a = xcalloc(bids->n ? bids->n : 1, sizeof(*a));
	size_t *order = xcalloc(bids->n ? bids->n : 1, sizeof(*order));
	struct order_key *keys = xcalloc(bids->n ? bids->n : 1, sizeof(*keys));
	struct bid_groups groups;
	size_t i, j, k;

	for (i = 0; i < bids->n; i++) {
		a[i].bid = &bids->v[i];
		for (k = 0; k < ALT__COUNT; k++)
			alt_set(&a[i].r[k], ALT_NOT_ASSESSABLE, NAN, NAN, -1, "not assessed");
	}
	bid_groups_init(&groups, bids);
	for (i = 0; i < groups.n; i++) {
		struct group g;
		size_t n = 0;

		for (k = groups.start[i]; k < groups.start[i + 1]; k++) {
			j = groups.bid[k];
			keys[n].valid = is_valid(&bids->v[j]);
			keys[n].price = bids->v[j].price_pence;
			keys[n++].idx = j;
			a[j].group = i;
		}
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
	bid_groups_release(&groups);
	free(order);
	free(keys);
	return a;
}

void alt_decide(struct alt_bid *a, size_t n)
{
	size_t i, k;

	for (i = 0; i < n; i++) {
		int red = 0, amber = 0;

		for (k = 0; k < ALT__COUNT; k++) {
			red += a[i].r[k].level == ALT_RED;
			amber += a[i].r[k].level == ALT_AMBER;
		}
		a[i].verdict = red || amber >= 2 ? ALT_INVESTIGATE : amber ? ALT_NOTE : ALT_NO_FLAG;
		a[i].labour_law = a[i].r[ALT_L1].level == ALT_RED;
	}
}

void alt_bids_free(struct alt_bid *a, size_t n)
{
	size_t i, k;

	for (i = 0; a && i < n; i++)
		for (k = 0; k < ALT__COUNT; k++)
			free(a[i].r[k].text);
	free(a);
}

int64_t alt_clear_price(const struct alt_bid *a)
{
	int64_t clear = -1;
	size_t k;

	for (k = 0; k < ALT__COUNT; k++)
		if (a->r[k].level >= ALT_AMBER && a->r[k].clear_pence > clear)
			clear = a->r[k].clear_pence;
	return clear;
}

const char *alt_reasons(const struct alt_bid *a, struct buf *b)
{
	size_t k;

	buf_reset(b);
	for (k = 0; k < ALT__COUNT; k++) {
		const struct alt_result *r = &a->r[k];

		if (r->level == ALT_PASS)
			continue;
		buf_printf(b, "%s%s %s: %s", b->len ? "\n" : "", alt_rule_name((enum alt_rule)k),
			   alt_level_name(r->level), r->text ? r->text : "");
	}
	return b->s;
}

static const char *const labour_questions[] = {
	"The staffing model: roles, headcount, contracted hours, shift patterns and productive "
	"hours.",
	"Hourly pay by role and age band, with the effective date of the wage rates assumed, and "
	"how future National Living Wage uplifts are priced.",
	"Holiday, sickness (Statutory Sick Pay from day one from April 2026), training and "
	"travel-time assumptions, and how travel and waiting time are paid in care and visiting "
	"services.",
	"Employer National Insurance and pension assumptions, and whether the Employment "
	"Allowance or age- or apprentice-based relief is assumed.",
	"Use of subcontractors, labour providers, agencies or umbrella companies; if any, their "
	"names and the GLAA licence number where one is required.",
	"Any accommodation, transport, uniform or other deductions from pay.",
	"TUPE assumptions, and whether transferring terms are fully priced.",
	"Overheads and margin, and any subsidy or cross-subsidy that explains the price.",
};

const char *alt_questions(const struct alt_bid *a, struct buf *b)
{
	int labour = a->r[ALT_L1].level >= ALT_AMBER || a->r[ALT_L2].level >= ALT_AMBER ||
		     a->r[ALT_L3].level >= ALT_AMBER;
	size_t i;

	buf_reset(b);
	if (a->verdict == ALT_NO_FLAG)
		return b->s;
	buf_adds(b, "Your price appears abnormally low for the performance of the contract. "
		    "Under regulation 69(1) of the Public Contracts Regulations 2015 (or section "
		    "19(4) of the Procurement Act 2023, for procurements under the Act) please "
		    "explain your price and show that you can perform the contract for it");
	if (labour) {
		buf_adds(b, ", including:");
		for (i = 0; i < sizeof(labour_questions) / sizeof(labour_questions[0]); i++)
			buf_printf(b, "\n%zu. %s", i + 1, labour_questions[i]);
	} else {
		buf_adds(b, ": the economics of the service or construction method, the technical "
			    "solution or exceptionally favourable conditions available to you, and "
			    "how you meet your environmental, social and labour-law obligations.");
	}
	return b->s;
}
