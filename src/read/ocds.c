/* ocds.c: OCDS releases with the bids extension into bids (ocds.h). */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chainwatch/amount.h"
#include "chainwatch/buf.h"
#include "chainwatch/date.h"
#include "chainwatch/identity.h"
#include "chainwatch/json.h"
#include "chainwatch/ocds.h"
#include "chainwatch/xalloc.h"

#define RAW_MAX 4096               /* bytes of a line handed to the sink */

struct reader {
	struct ocds_data *d;
	const struct ocds_options *opt;
	const struct bid_reject_sink *sink;
	const char *name;
	unsigned long line;        /* JSON Lines: the line; 0 for a whole document */
	const char *raw;           /* the line's text, for the sink */
	size_t rawlen;
	struct buf where, tmp;
};

/* A sorted view of objects by a string key (parties, lots, awards). */
struct ent {
	const char *key;
	const struct jnode *node;
};

struct index {
	struct ent *v;
	size_t n, cap;
};

/*
 * The active awards by a key (a supplier's id, a bid's id): for each award
 * an entry without a lot, saying whether the award names no lots, and one
 * for each lot it names; sorted by key, the lot-less entries first (those
 * naming no lots before the others), then by lot.  So whether an award
 * under a key covers a bid's lots is a few binary searches, however many
 * lots and awards the release has.
 */
struct award_ent {
	const char *key;
	const char *lot;           /* NULL: the award itself */
	int silent;                /* (lot NULL) the award names no lots */
};

struct award_index {
	struct award_ent *v;
	size_t n, cap;
};

/* What a release's bids share. */
struct rel {
	const char *ocid, *title;
	const struct jnode *tender;
	int32_t tender_date;
	struct index parties, lots;
	struct award_index by_supplier, by_bid;
	int awards_final;          /* awards given, all active / cancelled / unsuccessful */
};

/* ---- places and rejects ---- */

static const char *place(struct reader *r, const char *ptr)
{
	buf_reset(&r->where);
	buf_adds(&r->where, r->name);
	if (r->line)
		buf_printf(&r->where, ":%lu", r->line);
	if (ptr && *ptr)
		buf_printf(&r->where, ":%s", ptr);
	return r->where.s;
}

/* Send one reject to the sink; returns -1 (the thing was rejected). */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static int reject(struct reader *r, const char *where, const char *fmt, ...)
{
	char reason[DIAG_MSG_MAX], raw[RAW_MAX + 1];
	size_t n = r->raw ? (r->rawlen < RAW_MAX ? r->rawlen : RAW_MAX) : 0;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	if (n)
		memcpy(raw, r->raw, n);
	raw[n] = '\0';
	r->d->nrejected++;
	if (r->sink && r->sink->reject)
		r->sink->reject(r->sink->ctx, where, reason, raw);
	return -1;
}

/* msg is jdoc_load_mem's for the name "": ":3:14: text". */
static int reject_syntax(struct reader *r, const char *msg, unsigned long line)
{
	unsigned long v[2] = { 0, 0 };
	const char *p = msg;
	char *end;
	int i;

	for (i = 0; i < 2 && p[0] == ':' && p[1] >= '0' && p[1] <= '9'; i++, p = end)
		v[i] = strtoul(p + 1, &end, 10);
	if (p[0] == ':' && p[1] == ' ')
		p += 2;
	buf_reset(&r->where);
	buf_printf(&r->where, "%s:%lu", r->name, line ? line : v[0]);
	if (v[1])
		buf_printf(&r->where, ":%lu", v[1]);
	return reject(r, r->where.s, "not JSON: %s", p);
}

/* ---- small readers ---- */

static const char *str(const struct jnode *n, const char *key)
{
	return jnode_string(jnode_get(n, key));
}

static int cmp_ent(const void *a, const void *b)
{
	return strcmp(((const struct ent *)a)->key, ((const struct ent *)b)->key);
}

static void index_add(struct index *ix, const char *key, const struct jnode *node)
{
	if (ix->n == ix->cap) {
		ix->cap = ix->cap ? ix->cap * 2 : 8;
		ix->v = xreallocarray(ix->v, ix->cap, sizeof(*ix->v));
	}
	ix->v[ix->n].key = key;
	ix->v[ix->n++].node = node;
}

static void index_sort(struct index *ix)
{
	if (ix->n)
		qsort(ix->v, ix->n, sizeof(*ix->v), cmp_ent);
}

/* The objects of array `arr` by their string "id". */
static void index_ids(struct index *ix, const struct jnode *arr)
{
	size_t i;

	for (i = 0; i < jnode_array_size(arr); i++)
		if (str(jnode_array_at(arr, i), "id"))
			index_add(ix, str(jnode_array_at(arr, i), "id"), jnode_array_at(arr, i));
	index_sort(ix);
}

/* First entry with key, or NULL; entries with the same key follow it. */
static const struct ent *index_find(const struct index *ix, const char *key)
{
	size_t lo = 0, hi = ix->n;

	while (key && lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(ix->v[mid].key, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return key && lo < ix->n && !strcmp(ix->v[lo].key, key) ? &ix->v[lo] : NULL;
}

/* yyyymmdd from the "YYYY-MM-DD" start of an OCDS date-time; 0 if none. */
static int32_t ocds_date(const char *s)
{
	int32_t ymd = 0;

	if (!s || strlen(s) < 10 || date_parse(s, 10, DATE_DMY, &ymd, NULL) < 0)
		return 0;
	return ymd;
}

static long days_from_civil(int32_t ymd)
{
	long y = ymd / 10000, m = ymd / 100 % 100, d = ymd % 100, era, yoe, doy;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy;
}

/* Months of an OCDS period: durationInDays, else startDate..endDate inclusive. */
static int period_months(const struct jnode *period)
{
	double days = -1;
	int32_t a = ocds_date(str(period, "startDate")), b = ocds_date(str(period, "endDate"));

	if (jnode_number(jnode_get(period, "durationInDays"), &days) < 0 && a && b && b >= a)
		days = (double)(days_from_civil(b) - days_from_civil(a) + 1);
	if (!(days > 0 && days < 365.25 * 200))
		return -1;
	return (int)lround(days * 12 / 365.25);
}

/* Pence of a JSON amount, as written (json.h, amount.h); -1 with why. */
static int money(const struct jnode *amount, int64_t *pence, struct diag *why)
{
	char text[96];

	if (jnode_number_text(amount, text, sizeof(text)) < 0)
		return diag_set(why, CW_INPUT, "amount is implausibly large");
	return amount_parse(text, strlen(text), pence, why);
}

/* A value's pence when it is in the main currency; -1 otherwise. */
static int64_t value_pence(struct reader *r, const struct jnode *value)
{
	const char *cur = str(value, "currency");
	int64_t p;

	if (!cur || strcmp(cur, r->d->currency) || money(jnode_get(value, "amount"), &p, NULL) < 0)
		return -1;
	return p > 0 ? p : -1;
}

/* Company number from a GB-COH identifier ("12345678", "12345678.0"). */
static int coh_number(const struct jnode *ident, char out[9])
{
	const char *id = str(ident, "id"), *scheme = str(ident, "scheme");
	size_t n = id ? strlen(id) : 0;

	if (!id || !scheme || strcmp(scheme, "GB-COH"))
		return -1;
	if (n > 2 && !strcmp(id + n - 2, ".0"))
		n -= 2;                             /* a spreadsheet's float */
	return company_number_normalise(id, n, out);
}

static void company_number(const struct rel *rel, const char *id, char out[9])
{
	const struct ent *e = index_find(&rel->parties, id);
	const struct jnode *more = e ? jnode_get(e->node, "additionalIdentifiers") : NULL;
	size_t i;

	out[0] = '\0';
	if (e && coh_number(jnode_get(e->node, "identifier"), out) == 0)
		return;
	for (i = 0; i < jnode_array_size(more); i++)
		if (coh_number(jnode_array_at(more, i), out) == 0)
			return;
	if (!strncmp(id, "GB-COH-", 7) && company_number_normalise(id + 7, strlen(id + 7), out) < 0)
		out[0] = '\0';
}

/* ---- awards ---- */

static void award_ent_add(struct award_index *ix, const char *key, const char *lot, int silent)
{
	if (ix->n == ix->cap) {
		ix->cap = ix->cap ? ix->cap * 2 : 8;
		ix->v = xreallocarray(ix->v, ix->cap, sizeof(*ix->v));
	}
	ix->v[ix->n].key = key;
	ix->v[ix->n].lot = lot;
	ix->v[ix->n++].silent = silent;
}

/* Award a under key: itself, and each lot it names. */
static void award_add(struct award_index *ix, const char *key, const struct jnode *a)
{
	const struct jnode *lots = jnode_get(a, "relatedLots");
	size_t i;

	award_ent_add(ix, key, NULL, !jnode_array_size(lots));
	for (i = 0; i < jnode_array_size(lots); i++)
		if (jnode_string(jnode_array_at(lots, i)))
			award_ent_add(ix, key, jnode_string(jnode_array_at(lots, i)), 0);
}

static int cmp_award_ent(const void *x, const void *y)
{
	const struct award_ent *a = x, *b = y;
	int c = strcmp(a->key, b->key);

	if (c)
		return c;
	if (!a->lot || !b->lot)
		return a->lot ? 1 : b->lot ? -1 : b->silent - a->silent;
	return strcmp(a->lot, b->lot);
}

static void award_index_sort(struct award_index *ix)
{
	if (ix->n)
		qsort(ix->v, ix->n, sizeof(*ix->v), cmp_award_ent);
}

/*
 * The first entry under key with lot (NULL: the first under key at all,
 * naming no lots if any award under key names none); NULL when none.
 */
static const struct award_ent *award_find(const struct award_index *ix, const char *key,
					  const char *lot)
{
	struct award_ent probe = { key, lot, 1 };
	size_t lo = 0, hi = ix->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cmp_award_ent(&ix->v[mid], &probe) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == ix->n || strcmp(ix->v[lo].key, key))
		return NULL;
	if (lot && (!ix->v[lo].lot || strcmp(ix->v[lo].lot, lot)))
		return NULL;
	return &ix->v[lo];
}

static void read_awards(struct rel *rel, struct procedure *p, const struct jnode *release)
{
	const struct jnode *awards = jnode_get(release, "awards");
	size_t i, j, cap = 0, nstatus = 0;

	p->has_awards = jnode_is_array(awards) &&
			jnode_is_array(jnode_get(jnode_get(release, "bids"), "details"));
	for (i = 0; i < jnode_array_size(awards); i++) {
		const struct jnode *a = jnode_array_at(awards, i);
		const struct jnode *sup = jnode_get(a, "suppliers"), *bids = jnode_get(a, "relatedBids");
		const char *status = str(a, "status");

		nstatus += status != NULL;
		if (status && strcmp(status, "active") && strcmp(status, "cancelled") &&
		    strcmp(status, "unsuccessful"))
			p->nawards_pending++;
		if (!status || strcmp(status, "active"))
			continue;
		p->nactive++;
		for (j = 0; j < jnode_array_size(sup); j++) {
			const char *id = str(jnode_array_at(sup, j), "id");

			if (p->nsupplier_ids == cap) {
				cap = cap ? cap * 2 : 4;
				p->supplier_ids = xreallocarray(p->supplier_ids, cap, sizeof(char *));
			}
			p->supplier_ids[p->nsupplier_ids++] = xstrdup(id ? id : "");
			if (id)
				award_add(&rel->by_supplier, id, a);
		}
		for (j = 0; j < jnode_array_size(bids); j++)
			if (jnode_string(jnode_array_at(bids, j)))
				award_add(&rel->by_bid, jnode_string(jnode_array_at(bids, j)), a);
	}
	award_index_sort(&rel->by_supplier);
	award_index_sort(&rel->by_bid);
	rel->awards_final = jnode_is_array(awards) && nstatus && !p->nawards_pending;
}

/* Does an active award under `key` cover the bid's lots (or is either silent)? */
static int award_names(const struct award_index *ix, const char *key,
		       const struct jnode *bid_lots)
{
	const struct award_ent *e = key ? award_find(ix, key, NULL) : NULL;
	size_t i;

	if (!e)
		return 0;
	if (e->silent || !jnode_array_size(bid_lots))
		return 1;
	for (i = 0; i < jnode_array_size(bid_lots); i++)
		if (jnode_string(jnode_array_at(bid_lots, i)) &&
		    award_find(ix, key, jnode_string(jnode_array_at(bid_lots, i))))
			return 1;
	return 0;
}

static int awarded(const struct rel *rel, const struct jnode *bid, const struct jnode *tenderers)
{
	const struct jnode *lots = jnode_get(bid, "relatedLots");
	size_t i;

	if (award_names(&rel->by_bid, str(bid, "id"), lots))
		return 1;
	for (i = 0; i < jnode_array_size(tenderers); i++)
		if (award_names(&rel->by_supplier, str(jnode_array_at(tenderers, i), "id"), lots))
			return 1;
	return rel->awards_final ? 0 : -1;
}

/* ---- bids ---- */

static int bid_valid(const char *status)
{
	static const char *const no[] = { "disqualified", "invalid", "withdrawn", "invited" };
	size_t i;

	if (status && !strcmp(status, "valid"))
		return 1;
	for (i = 0; status && i < sizeof(no) / sizeof(no[0]); i++)
		if (!strcmp(status, no[i]))
			return 0;
	return -1;
}

static void set_str(char **field, const char *s)
{
	free(*field);
	*field = xstrdup(s);
}

/* Lot, title, estimate and term of a bid from its relatedLots. */
static void bid_lot(struct reader *r, const struct rel *rel, const struct jnode *lots,
		    struct bid *b)
{
	const struct jnode *lot = NULL;
	size_t i;

	buf_reset(&r->tmp);
	for (i = 0; i < jnode_array_size(lots); i++)
		if (jnode_string(jnode_array_at(lots, i)))
			buf_printf(&r->tmp, "%s%s", r->tmp.len ? "+" : "",
				   jnode_string(jnode_array_at(lots, i)));
	set_str(&b->lot, r->tmp.s);
	if (jnode_array_size(lots) == 1 && index_find(&rel->lots, b->lot))
		lot = index_find(&rel->lots, b->lot)->node;
	buf_reset(&r->tmp);
	buf_adds(&r->tmp, rel->title);
	if (str(lot, "title"))
		buf_printf(&r->tmp, "%s%s", r->tmp.len ? ": " : "", str(lot, "title"));
	set_str(&b->title, r->tmp.s);
	if (jnode_get(lot, "value"))
		b->estimate_pence = value_pence(r, jnode_get(lot, "value"));
	else if (!*b->lot)
		b->estimate_pence = value_pence(r, jnode_get(rel->tender, "value"));
	b->contract_months = period_months(jnode_get(lot, "contractPeriod") ?
					   jnode_get(lot, "contractPeriod") :
					   jnode_get(rel->tender, "contractPeriod"));
}

/* Bidder name(s), supplier id and company number from tenderers[]. */
static void bid_tenderers(struct reader *r, const struct rel *rel, const struct jnode *tenderers,
			  struct bid *b)
{
	size_t i, n = jnode_array_size(tenderers);
	const char *id;

	buf_reset(&r->tmp);
	for (i = 0; i < n; i++) {
		const struct jnode *t = jnode_array_at(tenderers, i);
		const struct ent *party = index_find(&rel->parties, str(t, "id"));
		const char *name = str(t, "name");

		if (!name)
			name = party && str(party->node, "name") ? str(party->node, "name") : str(t, "id");
		if (name)
			buf_printf(&r->tmp, "%s%s", r->tmp.len ? "; " : "", name);
	}
	set_str(&b->bidder, r->tmp.s);
	id = str(jnode_array_at(tenderers, 0), "id");
	if (n == 1 && id && *id) {
		set_str(&b->supplier_id, id);
		company_number(rel, id, b->company_number);
	}
}

static int read_bid(struct reader *r, const struct rel *rel, struct procedure *p,
		    const struct jnode *bid, const char *ptr)
{
	const struct jnode *value = jnode_get(bid, "value"), *amount = jnode_get(value, "amount");
	const char *cur = str(value, "currency"), *where = place(r, ptr);
	char q[64];
	struct diag why;
	int64_t pence;
	struct bid *b;

	if (!jnode_is_object(bid))
		return reject(r, where, "bid is not an object");
	if (jnode_number(amount, &(double){ 0 }) < 0) {
		if (!jnode_string(amount))
			return reject(r, where, "bid has no numeric amount");
		diag_quote(q, sizeof(q), jnode_string(amount), strlen(jnode_string(amount)), 40);
		return reject(r, where, "bid amount '%s' is not a number", q);
	}
	if (!cur)
		return reject(r, where, "bid amount has no currency");
	diag_quote(q, sizeof(q), cur, strlen(cur), 20);
	if (strlen(cur) >= sizeof(r->d->currency))
		return reject(r, where, "bid currency '%s' is not a currency code", q);
	if (!r->d->currency[0])
		snprintf(r->d->currency, sizeof(r->d->currency), "%s",
			 r->opt && r->opt->currency ? r->opt->currency : cur);
	if (strcmp(cur, r->d->currency))
		return reject(r, where, "bid currency '%s' is not the main currency '%s'", q,
			      r->d->currency);
	diag_init(&why);
	if (money(amount, &pence, &why) < 0)
		return reject(r, where, "bid %s", why.msg);
	if (pence <= 0)
		return reject(r, where, "bid amount is %s",
			      pence ? "negative" : "zero (a placeholder, not a bid)");

	b = bid_list_add(&r->d->bids);
	p->nbids++;
	set_str(&b->tender_id, rel->ocid);
	set_str(&b->source, where);
	b->tender_date = rel->tender_date;
	b->price_pence = pence;
	b->valid = bid_valid(str(bid, "status"));
	b->awarded = awarded(rel, bid, jnode_get(bid, "tenderers"));
	bid_tenderers(r, rel, jnode_get(bid, "tenderers"), b);
	bid_lot(r, rel, jnode_get(bid, "relatedLots"), b);
	return 0;
}

/* ---- releases and packages ---- */

static int read_release(struct reader *r, const struct jnode *release, const char *ptr)
{
	const struct jnode *tender = jnode_get(release, "tender");
	const struct jnode *details = jnode_get(jnode_get(release, "bids"), "details");
	struct procedure *p;
	struct rel rel;
	struct buf sub;
	size_t i;

	memset(&rel, 0, sizeof(rel));
	rel.ocid = str(release, "ocid");
	if (!rel.ocid || !*rel.ocid)
		return reject(r, place(r, ptr), "release has no ocid");
	if (r->d->nprocs == r->d->procs_cap) {
		r->d->procs_cap = r->d->procs_cap ? r->d->procs_cap * 2 : 16;
		r->d->procs = xreallocarray(r->d->procs, r->d->procs_cap, sizeof(*r->d->procs));
	}
	p = &r->d->procs[r->d->nprocs++];
	memset(p, 0, sizeof(*p));
	r->d->nreleases++;
	p->ocid = xstrdup(rel.ocid);
	p->source = xstrdup(place(r, ptr));
	p->tender_status = xstrdup(str(tender, "status") ? str(tender, "status") : "");
	if (str(tender, "procurementMethodDetails"))
		p->method_details = xstrdup(str(tender, "procurementMethodDetails"));
	p->first_bid = r->d->bids.n;
	p->nbid_details = jnode_array_size(details);

	rel.tender = tender;
	rel.title = str(tender, "title") ? str(tender, "title") : "";
	rel.tender_date = ocds_date(str(jnode_get(tender, "tenderPeriod"), "endDate"));
	if (!rel.tender_date)
		rel.tender_date = ocds_date(str(release, "date"));
	index_ids(&rel.parties, jnode_get(release, "parties"));
	index_ids(&rel.lots, jnode_get(tender, "lots"));
	read_awards(&rel, p, release);
	buf_init(&sub, 0);
	for (i = 0; i < jnode_array_size(details); i++) {
		buf_reset(&sub);
		buf_printf(&sub, "%s/bids/details/%zu", ptr, i);
		read_bid(r, &rel, p, jnode_array_at(details, i), sub.s);
	}
	buf_release(&sub);
	free(rel.parties.v);
	free(rel.lots.v);
	free(rel.by_supplier.v);
	free(rel.by_bid.v);
	return 0;
}

/* A release package, record package or release at ptr. */
static int read_object(struct reader *r, const struct jnode *v, const char *ptr)
{
	const struct jnode *releases = jnode_get(v, "releases"), *records = jnode_get(v, "records");
	struct buf sub;
	size_t i;

	if (!jnode_is_object(v))
		return reject(r, place(r, ptr), "not an OCDS release or package");
	if (!jnode_is_array(releases) && !jnode_is_array(records))
		return read_release(r, v, ptr);
	buf_init(&sub, 0);
	for (i = 0; i < jnode_array_size(releases); i++) {
		buf_reset(&sub);
		buf_printf(&sub, "%s/releases/%zu", ptr, i);
		if (jnode_is_object(jnode_array_at(releases, i)))
			read_release(r, jnode_array_at(releases, i), sub.s);
		else
			reject(r, place(r, sub.s), "release is not an object");
	}
	for (i = 0; i < jnode_array_size(records); i++) {
		const struct jnode *c = jnode_get(jnode_array_at(records, i), "compiledRelease");

		buf_reset(&sub);
		buf_printf(&sub, "%s/records/%zu", ptr, i);
		if (!jnode_is_object(c)) {
			reject(r, place(r, sub.s), "record has no compiledRelease");
			continue;
		}
		buf_adds(&sub, "/compiledRelease");
		read_release(r, c, sub.s);
	}
	buf_release(&sub);
	return 0;
}

static void read_value(struct reader *r, const struct jnode *v)
{
	char ptr[32];
	size_t i;

	if (!jnode_is_array(v)) {
		read_object(r, v, "");
		return;
	}
	for (i = 0; i < jnode_array_size(v); i++) {
		snprintf(ptr, sizeof(ptr), "/%zu", i);
		read_object(r, jnode_array_at(v, i), ptr);
	}
}

/* ---- JSON Lines ---- */

/* The next line of p[0..*n) without its "\n" / "\r\n"; advances p and n. */
static const char *next_line(const char **p, size_t *n, size_t *len)
{
	const char *s = *p, *nl = memchr(s, '\n', *n);
	size_t adv = nl ? (size_t)(nl - s) + 1 : *n;

	*len = nl ? (size_t)(nl - s) : *n;
	if (*len && s[*len - 1] == '\r')
		(*len)--;
	*p += adv;
	*n -= adv;
	return s;
}

static int blank(const char *p, size_t n)
{
	while (n && (*p == ' ' || *p == '\t' || *p == '\f' || *p == '\v' || *p == '\r'))
		p++, n--;
	return n == 0;
}

static int jsonl_name(const char *name)
{
	static const char *const ext[] = { ".jsonl", ".ndjson", ".jl" };
	size_t i, k = strlen(name);

	for (i = 0; i < sizeof(ext) / sizeof(ext[0]); i++)
		if (k >= strlen(ext[i]) && !strcmp(name + k - strlen(ext[i]), ext[i]))
			return 1;
	return 0;
}

/* Is the first line that is not blank a JSON text on its own? */
static int first_line_json(const char *p, size_t n)
{
	struct jdoc *doc;
	const char *s;
	size_t len;

	while (n) {
		s = next_line(&p, &n, &len);
		if (blank(s, len))
			continue;
		if (jdoc_load_mem(s, len, "", &doc, NULL) < 0)
			return 0;
		jdoc_free(doc);
		return 1;
	}
	return 0;
}

static void read_lines(struct reader *r, const char *p, size_t n)
{
	struct jdoc *doc;
	struct diag why;

	for (r->line = 1; n; r->line++) {
		r->raw = next_line(&p, &n, &r->rawlen);
		if (blank(r->raw, r->rawlen))
			continue;
		diag_init(&why);
		if (jdoc_load_mem(r->raw, r->rawlen, "", &doc, &why) < 0) {
			reject_syntax(r, why.msg, r->line);
			continue;
		}
		read_value(r, jdoc_root(doc));
		jdoc_free(doc);
	}
	r->line = 0;
	r->raw = NULL;
}

/* ---- superseded releases ---- */

struct key {
	const char *ocid;
	size_t i;
};

static int cmp_key(const void *a, const void *b)
{
	const struct key *x = a, *y = b;
	int c = strcmp(x->ocid, y->ocid);

	return c ? c : (x->i > y->i) - (x->i < y->i);
}

/* Mark each release that a later one of the same ocid replaces; drop its bids. */
static void supersede(struct ocds_data *d)
{
	struct key *k;
	size_t i, w = 0;

	if (d->nprocs < 2)
		return;
	k = xreallocarray(NULL, d->nprocs, sizeof(*k));
	for (i = 0; i < d->nprocs; i++) {
		k[i].ocid = d->procs[i].ocid;
		k[i].i = i;
	}
	qsort(k, d->nprocs, sizeof(*k), cmp_key);
	for (i = 0; i + 1 < d->nprocs; i++)
		if (!strcmp(k[i].ocid, k[i + 1].ocid))
			d->procs[k[i].i].superseded = 1;
	free(k);
	for (i = 0; i < d->nprocs; i++) {
		struct procedure *p = &d->procs[i];
		size_t j;

		if (p->superseded) {
			for (j = 0; j < p->nbids; j++)
				bid_release(&d->bids.v[p->first_bid + j]);
			d->nsuperseded += p->nbids;
			p->nbids = 0;
		} else if (w != p->first_bid && p->nbids) {
			memmove(&d->bids.v[w], &d->bids.v[p->first_bid], p->nbids * sizeof(struct bid));
		}
		p->first_bid = w;
		w += p->nbids;
	}
	d->bids.n = w;
}

/* ---- public ---- */

void ocds_data_init(struct ocds_data *d)
{
	memset(d, 0, sizeof(*d));
	bid_list_init(&d->bids);
}

void ocds_data_release(struct ocds_data *d)
{
	size_t i, j;

	if (!d)
		return;
	for (i = 0; i < d->nprocs; i++) {
		struct procedure *p = &d->procs[i];

		free(p->ocid);
		free(p->source);
		free(p->tender_status);
		free(p->method_details);
		for (j = 0; j < p->nsupplier_ids; j++)
			free(p->supplier_ids[j]);
		free(p->supplier_ids);
	}
	free(d->procs);
	bid_list_release(&d->bids);
	memset(d, 0, sizeof(*d));
}

int ocds_read_mem(const char *p, size_t n, const char *name, const struct ocds_options *opt,
		  struct ocds_data *out, const struct bid_reject_sink *sink, struct diag *err)
{
	struct reader r;
	struct jdoc *doc = NULL;
	struct diag why;

	(void)err;
	memset(&r, 0, sizeof(r));
	r.d = out;
	r.opt = opt;
	r.sink = sink;
	r.name = name;
	buf_init(&r.where, 0);
	buf_init(&r.tmp, 0);
	if (n >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3)) {
		p += 3;
		n -= 3;
	}
	diag_init(&why);
	if (jsonl_name(name)) {
		read_lines(&r, p, n);
	} else if (jdoc_load_mem(p, n, "", &doc, &why) == 0) {
		read_value(&r, jdoc_root(doc));
		jdoc_free(doc);
	} else if (first_line_json(p, n)) {
		read_lines(&r, p, n);
	} else {
		reject_syntax(&r, why.msg, 0);
	}
	supersede(out);
	buf_release(&r.where);
	buf_release(&r.tmp);
	return 0;
}

int ocds_read_file(const char *path, const struct ocds_options *opt, struct ocds_data *out,
		   const struct bid_reject_sink *sink, struct diag *err)
{
	FILE *f = NULL;
	struct buf b;
	char chunk[65536];
	size_t got;
	int ret = -1;

	buf_init(&b, OCDS_MAX_BYTES);
	f = fopen(path, "rb");
	if (!f) {
		diag_set(err, CW_INPUT, "cannot open: %s", strerror(errno));
		goto located;
	}
	while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (buf_add(&b, chunk, got) < 0) {
			diag_set(err, CW_INPUT, "file is larger than %zu bytes", OCDS_MAX_BYTES);
			goto located;
		}
	}
	if (ferror(f)) {
		diag_set(err, CW_INPUT, "cannot read: %s", strerror(errno));
		goto located;
	}
	ret = ocds_read_mem(b.s, b.len, path, opt, out, sink, err);
	goto out;
located:
	diag_locate(err, path, 0, 0);
out:
	if (f)
		fclose(f);
	buf_release(&b);
	return ret;
}
