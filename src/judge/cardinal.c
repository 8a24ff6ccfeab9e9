/* cardinal.c: Cardinal's R024 and R058 across procedures (cardinal.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chainwatch/cardinal.h"
#include "chainwatch/xalloc.h"

static const char *const skip_text[] = {
	[CARDINAL_KEPT] = "kept",
	[CARDINAL_SUPERSEDED] = "replaced by a later release of the same ocid",
	[CARDINAL_CANCELLED] = "tender cancelled",
	[CARDINAL_EXCLUDED] = "procurement method details excluded",
	[CARDINAL_NO_PRICE_COMPARISON] = "procurement method not compared on price",
	[CARDINAL_NO_AWARDS] = "no awards or no bids",
	[CARDINAL_AWARD_PENDING] = "an award is pending or invalid",
	[CARDINAL_ACTIVE_AWARDS] = "not exactly one active award",
	[CARDINAL_SUPPLIERS] = "the award has not exactly one supplier with an id",
	[CARDINAL_NO_WINNING_BID] = "no valid bid by the supplier",
	[CARDINAL_NO_OTHER_BID] = "no valid bid by another tenderer",
	[CARDINAL_NOT_LOWEST] = "the winning bid is not the lowest (award not on price alone)",
};

const char *cardinal_skip_reason(enum cardinal_skip s)
{
	if ((size_t)s >= sizeof(skip_text) / sizeof(skip_text[0]))
		return "?";
	return skip_text[s];
}

void cardinal_settings_init(struct cardinal_settings *s)
{
	memset(s, 0, sizeof(*s));
	s->r024 = s->r058 = 1;
	s->r024_threshold = s->r058_threshold = NAN;
}

/* ---- statistics ---- */

double cardinal_quantile(const double *x, size_t n, double p)
{
	double h, hf;
	size_t i;

	if (n == 0 || !(p >= 0 && p <= 1))
		return NAN;
	h = ((double)n + 1.0 / 3.0) * p + 1.0 / 3.0;
	hf = trunc(h);
	if (hf <= 0 || p == 0)
		return x[0];
	if (hf >= (double)n || p == 1)
		return x[n - 1];
	i = (size_t)hf;
	return x[i - 1] + (h - hf) * (x[i] - x[i - 1]);
}

double cardinal_round4(double v)
{
	return round(v * 10000.0) / 10000.0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* ---- one procedure ---- */

/* Is s one of the values of a pipe-separated list (Rust's split_terminator('|'))? */
static int pipe_has(const char *list, const char *s)
{
	size_t n = strlen(s);

	while (list && *list) {
		const char *bar = strchr(list, '|');
		size_t len = bar ? (size_t)(bar - list) : strlen(list);

		if (len == n && !memcmp(list, s, n))
			return 1;
		list = bar ? bar + 1 : NULL;
	}
	return 0;
}

static int pipe_empty(const char *list)
{
	return !list || !*list;
}

static double amount(const struct bid *b)
{
	return (double)b->price_pence / 100.0;   /* the double Cardinal reads */
}

static enum cardinal_skip skip_of(const struct procedure *p, const struct cardinal_settings *s)
{
	const char *md = p->method_details;

	if (p->superseded)
		return CARDINAL_SUPERSEDED;
	if (p->tender_status && !strcmp(p->tender_status, "cancelled"))
		return CARDINAL_CANCELLED;
	if (md && pipe_has(s->excluded_methods, md))
		return CARDINAL_EXCLUDED;
	if (pipe_empty(s->price_comparison_methods) ? md && pipe_has(s->no_price_comparison_methods, md)
						    : !md || !pipe_has(s->price_comparison_methods, md))
		return CARDINAL_NO_PRICE_COMPARISON;
	if (!p->has_awards)
		return CARDINAL_NO_AWARDS;
	if (p->nawards_pending)
		return CARDINAL_AWARD_PENDING;
	if (p->nactive != 1)
		return CARDINAL_ACTIVE_AWARDS;
	if (p->nsupplier_ids != 1 || !p->supplier_ids[0][0])
		return CARDINAL_SUPPLIERS;
	return CARDINAL_KEPT;
}

static void ratio(const struct ocds_data *d, const struct procedure *p,
		  const struct cardinal_settings *s, struct cardinal_proc *c)
{
	size_t i, w = CARDINAL_NONE, o = CARDINAL_NONE;

	c->r = NAN;
	c->winner_bid = c->second_bid = CARDINAL_NONE;
	c->skip = skip_of(p, s);
	if (c->skip != CARDINAL_KEPT)
		return;
	for (i = p->first_bid; i < p->first_bid + p->nbids; i++) {
		const struct bid *b = &d->bids.v[i];

		if (b->valid != 1 || !b->supplier_id[0])
			continue;
		if (!strcmp(b->supplier_id, p->supplier_ids[0])) {
			if (w == CARDINAL_NONE || amount(b) < amount(&d->bids.v[w]))
				w = i;
		} else if (o == CARDINAL_NONE || amount(b) < amount(&d->bids.v[o])) {
			o = i;
		}
	}
	if (w == CARDINAL_NONE || o == CARDINAL_NONE) {
		c->skip = w == CARDINAL_NONE ? CARDINAL_NO_WINNING_BID : CARDINAL_NO_OTHER_BID;
		return;
	}
	if (amount(&d->bids.v[o]) < amount(&d->bids.v[w])) {
		c->skip = CARDINAL_NOT_LOWEST;
		return;
	}
	c->winner_bid = w;
	c->second_bid = o;
	c->winner_id = d->bids.v[w].supplier_id;
	c->second_id = d->bids.v[o].supplier_id;
	c->r = (amount(&d->bids.v[o]) - amount(&d->bids.v[w])) / amount(&d->bids.v[w]);
}

/* ---- fences and flags ---- */

static void fence(struct cardinal_fence *f, const double *sorted, size_t n, double threshold,
		  int lower)
{
	f->ran = 1;
	f->q1 = f->q3 = NAN;
	if (!isnan(threshold)) {
		f->fence = threshold;
		f->armed = threshold > 0;
		return;
	}
	f->computed = 1;
	f->q1 = cardinal_quantile(sorted, n, 0.25);
	f->q3 = cardinal_quantile(sorted, n, 0.75);
	f->fence = lower ? fma(f->q3 - f->q1, -1.5, f->q1) : fma(f->q3 - f->q1, 1.5, f->q3);
	f->armed = lower ? f->q1 > 0 && f->fence > 0 : f->fence > 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sort and unique a list of borrowed ids. */
static size_t uniq(const char **v, size_t n)
{
	size_t i, w = 0;

	if (n)
		qsort(v, n, sizeof(*v), cmp_str);
	for (i = 0; i < n; i++)
		if (!w || strcmp(v[w - 1], v[i]))
			v[w++] = v[i];
	return w;
}

void cardinal_run(const struct ocds_data *d, const struct cardinal_settings *s,
		  struct cardinal_result *out)
{
	struct cardinal_settings defaults;
	double *r;
	size_t i, k = 0, n24 = 0, n58 = 0;

	if (!s) {
		cardinal_settings_init(&defaults);
		s = &defaults;
	}
	memset(out, 0, sizeof(*out));
	out->nprocs = d->nprocs;
	out->procs = xcalloc(d->nprocs ? d->nprocs : 1, sizeof(*out->procs));
	r = xcalloc(d->nprocs ? d->nprocs : 1, sizeof(*r));
	for (i = 0; i < d->nprocs; i++) {
		ratio(d, &d->procs[i], s, &out->procs[i]);
		if (out->procs[i].skip == CARDINAL_KEPT)
			r[k++] = out->procs[i].r;
	}
	out->nkept = k;
	qsort(r, k, sizeof(*r), cmp_double);
	if (s->r024)
		fence(&out->r024, r, k, s->r024_threshold, 1);
	if (s->r058)
		fence(&out->r058, r, k, s->r058_threshold, 0);
	free(r);

	out->r024_tenderers = xcalloc(2 * k + 1, sizeof(char *));
	out->r058_tenderers = xcalloc(k + 1, sizeof(char *));
	for (i = 0; i < d->nprocs; i++) {
		struct cardinal_proc *c = &out->procs[i];

		if (c->skip != CARDINAL_KEPT)
			continue;
		if (out->r024.armed && c->r <= out->r024.fence) {
			c->r024 = 1;
			out->r024.flagged++;
			out->r024_tenderers[n24++] = c->winner_id;
			out->r024_tenderers[n24++] = c->second_id;
		}
		if (out->r058.armed && c->r >= out->r058.fence) {
			c->r058 = 1;
			out->r058.flagged++;
			out->r058_tenderers[n58++] = c->winner_id;
		}
	}
	out->nr024_tenderers = uniq(out->r024_tenderers, n24);
	out->nr058_tenderers = uniq(out->r058_tenderers, n58);
}

void cardinal_result_release(struct cardinal_result *res)
{
	if (!res)
		return;
	free(res->procs);
	free(res->r024_tenderers);
	free(res->r058_tenderers);
	memset(res, 0, sizeof(*res));
}

/* ---- Cardinal's JSON ---- */

char *cardinal_number(double v, char *out)
{
	char e[40], dig[20];
	const char *p;
	int prec, x, nd = 0, kk, i, o = 0;

	if (!isfinite(v))
		return strcpy(out, "null");
	if (signbit(v))
		out[o++] = '-';
	if (v == 0) {
		strcpy(out + o, "0.0");
		return out;
	}
	for (prec = 0; prec < 17; prec++) {         /* shortest digits that read back */
		snprintf(e, sizeof(e), "%.*e", prec, v);
		if (strtod(e, NULL) == v)
			break;
	}
	for (p = e; *p && *p != 'e'; p++)
		if (*p >= '0' && *p <= '9' && nd < (int)sizeof(dig))
			dig[nd++] = *p;
	x = *p == 'e' ? (int)strtol(p + 1, NULL, 10) : 0;
	kk = x + 1;                                  /* 10^(kk-1) <= |v| < 10^kk (ryu) */
	if (nd <= kk && kk <= 16) {                  /* 1234e7 -> 12340000000.0 */
		for (i = 0; i < kk; i++)
			out[o++] = i < nd ? dig[i] : '0';
		out[o++] = '.';
		out[o++] = '0';
	} else if (0 < kk && kk <= 16) {            /* 1234e-2 -> 12.34 */
		for (i = 0; i < nd; i++) {
			if (i == kk)
				out[o++] = '.';
			out[o++] = dig[i];
		}
	} else if (-5 < kk && kk <= 0) {            /* 1234e-6 -> 0.001234 */
		out[o++] = '0';
		out[o++] = '.';
		for (i = kk; i < 0; i++)
			out[o++] = '0';
		for (i = 0; i < nd; i++)
			out[o++] = dig[i];
	} else {                                     /* 1e30, 1.234e33, 1e-7 */
		out[o++] = dig[0];
		if (nd > 1)
			out[o++] = '.';
		for (i = 1; i < nd; i++)
			out[o++] = dig[i];
		o += snprintf(out + o, 8, "e%d", kk - 1);
	}
	out[o] = '\0';
	return out;
}

/* Writing into a buf, remembering a failure (the buf is full). */
struct jout {
	struct buf *b;
	int bad;
};

static void put(struct jout *o, const char *s, size_t n)
{
	if (buf_add(o->b, s, n) < 0)
		o->bad = 1;
}

static void putc_(struct jout *o, char c)
{
	put(o, &c, 1);
}

/* A JSON string as serde_json writes it. */
static void put_string(struct jout *o, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	char esc[7] = "\\u00";

	putc_(o, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		const char *short_esc = c == '"' ? "\\\"" : c == '\\' ? "\\\\" : c == '\n' ? "\\n" :
					c == '\r' ? "\\r" : c == '\t' ? "\\t" : c == '\b' ? "\\b" :
					c == '\f' ? "\\f" : NULL;

		if (short_esc) {
			put(o, short_esc, 2);
		} else if (c < 0x20) {
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			put(o, esc, 6);
		} else {
			putc_(o, (char)c);
		}
	}
	putc_(o, '"');
}

static void put_number(struct jout *o, double v)
{
	char num[32];

	cardinal_number(v, num);
	put(o, num, strlen(num));
}

/* `"key":`, after a comma unless first. */
static void put_key(struct jout *o, int *first, const char *key)
{
	if (!*first)
		putc_(o, ',');
	*first = 0;
	put_string(o, key);
	putc_(o, ':');
}

static void put_result(struct jout *o, int *first, const char *code, double v)
{
	put_key(o, first, code);
	put_number(o, v);
}

static int cmp_proc(const void *a, const void *b)
{
	return strcmp((*(const struct procedure *const *)a)->ocid,
		      (*(const struct procedure *const *)b)->ocid);
}

static void put_ocids(struct jout *o, const struct cardinal_result *res,
		      const struct ocds_data *d, int *first)
{
	const struct procedure **v = xcalloc(res->nprocs + 1, sizeof(*v));
	size_t i, n = 0;
	int inner = 1;

	for (i = 0; i < res->nprocs; i++)
		if (res->procs[i].r024 || res->procs[i].r058)
			v[n++] = &d->procs[i];
	if (n) {
		qsort(v, n, sizeof(*v), cmp_proc);
		put_key(o, first, "OCID");
		putc_(o, '{');
		for (i = 0; i < n; i++) {
			const struct cardinal_proc *c = &res->procs[v[i] - d->procs];
			int f = 1;

			put_key(o, &inner, v[i]->ocid);
			putc_(o, '{');
			if (c->r024)
				put_result(o, &f, "R024", c->r);
			if (c->r058)
				put_result(o, &f, "R058", c->r);
			putc_(o, '}');
		}
		putc_(o, '}');
	}
	free(v);
}

static void put_tenderers(struct jout *o, const struct cardinal_result *res, int *first)
{
	size_t i = 0, j = 0;
	int inner = 1;

	if (!res->nr024_tenderers && !res->nr058_tenderers)
		return;
	put_key(o, first, "Tenderer");
	putc_(o, '{');
	while (i < res->nr024_tenderers || j < res->nr058_tenderers) {   /* merge two sorted lists */
		const char *a = i < res->nr024_tenderers ? res->r024_tenderers[i] : NULL;
		const char *c = j < res->nr058_tenderers ? res->r058_tenderers[j] : NULL;
		int order = !a ? 1 : !c ? -1 : strcmp(a, c), f = 1;

		put_key(o, &inner, order <= 0 ? a : c);
		putc_(o, '{');
		if (order <= 0) {
			put_result(o, &f, "R024", 0.0);
			i++;
		}
		if (order >= 0) {
			put_result(o, &f, "R058", 0.0);
			j++;
		}
		putc_(o, '}');
	}
	putc_(o, '}');
}

static void put_meta(struct jout *o, const struct cardinal_fence *f, const char *code,
		     const char *fence_key, int *first)
{
	int inner = 1;

	if (!f->ran)
		return;
	put_key(o, first, code);
	putc_(o, '{');
	if (f->computed) {
		put_result(o, &inner, "q1", cardinal_round4(f->q1));
		put_result(o, &inner, "q3", cardinal_round4(f->q3));
	}
	put_result(o, &inner, fence_key, cardinal_round4(f->fence));
	putc_(o, '}');
}

int cardinal_write_json(const struct cardinal_result *res, const struct ocds_data *d, int meta,
			struct buf *out)
{
	struct jout o = { out, 0 };
	size_t len = out->len;
	int first = 1, inner = 1;

	putc_(&o, '{');
	put_ocids(&o, res, d, &first);
	put_tenderers(&o, res, &first);
	if (meta && (res->r024.ran || res->r058.ran)) {
		put_key(&o, &first, "Meta");
		putc_(&o, '{');
		put_meta(&o, &res->r024, "R024", "lower_fence", &inner);
		put_meta(&o, &res->r058, "R058", "upper_fence", &inner);
		putc_(&o, '}');
	}
	putc_(&o, '}');
	if (!o.bad)
		return 0;
	buf_setlen(out, len);
	return -1;
}

/* ---- clearing prices ---- */

static double ratio_of(int64_t winner, int64_t second)
{
	double w = (double)winner / 100.0;

	return ((double)second / 100.0 - w) / w;
}

/* The first x in [lo, hi] where ok(x) holds, ok monotone (false..true); -1 if none. */
static int64_t first_true(int64_t lo, int64_t hi, int (*ok)(int64_t, int64_t, double),
			  int64_t other, double f)
{
	if (lo > hi || !ok(hi, other, f))
		return -1;
	while (lo < hi) {
		int64_t mid = lo + (hi - lo) / 2;

		if (ok(mid, other, f))
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

static int r058_clear(int64_t w, int64_t second, double f)
{
	return ratio_of(w, second) < f;
}

static int r024_winner_flagged(int64_t w, int64_t second, double f)
{
	return !(ratio_of(w, second) > f);
}

static int r024_second_clear(int64_t s, int64_t winner, double f)
{
	return ratio_of(winner, s) > f;
}

#define PENCE_MAX ((int64_t)1000000000000000000)

int64_t cardinal_r058_clear_pence(int64_t second_pence, double upper_fence)
{
	if (second_pence <= 0 || !(upper_fence > 0))
		return -1;
	return first_true(1, second_pence, r058_clear, second_pence, upper_fence);
}

int64_t cardinal_r024_clear_winner_pence(int64_t second_pence, double lower_fence)
{
	int64_t w;

	if (second_pence <= 0 || !(lower_fence > 0))
		return -1;
	w = first_true(1, second_pence, r024_winner_flagged, second_pence, lower_fence);
	return w > 1 ? w - 1 : -1;          /* the last winning price still clear */
}

int64_t cardinal_r024_clear_second_pence(int64_t winner_pence, double lower_fence)
{
	double hi;

	if (winner_pence <= 0 || !(lower_fence > 0))
		return -1;
	hi = (double)winner_pence * (1 + lower_fence) + 2;
	if (!(hi < (double)PENCE_MAX))
		return -1;
	return first_true(winner_pence, (int64_t)hi, r024_second_clear, winner_pence, lower_fence);
}
