/*
 * statement.c: suppliers joined to the Modern Slavery Statement Registry
 * (statement.h).  The registry rows are handed in once per run (the store
 * reads them: registrydb.h) and indexed three ways: company number, name key (organisation and
 * parent), and the fuzzy name index.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "chainwatch/amount.h"
#include "chainwatch/identity.h"
#include "chainwatch/namematch.h"
#include "chainwatch/statement.h"
#include "chainwatch/xalloc.h"

#define SCOPE_TURNOVER_PENCE ((int64_t)36000000 * 100)   /* s54: £36m */
#define KEY_MAX 1024

const char *statement_status_name(enum statement_status s)
{
	static const char *const names[] = {
		[STATEMENT_NOT_CHECKED] = "", [STATEMENT_CURRENT] = "found current",
		[STATEMENT_STALE] = "found stale", [STATEMENT_NOT_FOUND] = "not found",
		[STATEMENT_AMBIGUOUS] = "ambiguous", [STATEMENT_NOT_APPLICABLE] = "not applicable",
	};

	return (unsigned)s < sizeof(names) / sizeof(names[0]) ? names[s] : "";
}

const char *in_scope_name(enum in_scope s)
{
	static const char *const names[] = {
		[SCOPE_UNKNOWN] = "unknown", [SCOPE_REQUIRED] = "required",
		[SCOPE_LIKELY] = "likely", [SCOPE_NOT_REQUIRED] = "not required",
	};

	return (unsigned)s < sizeof(names) / sizeof(names[0]) ? names[s] : "unknown";
}

void statement_settings_init(struct statement_settings *ss)
{
	memset(ss, 0, sizeof(*ss));
	ss->likely_spend_pence = 50000000;
	ss->stale_months = 18;
}

int statement_name_key(const char *name, struct buf *out)
{
	size_t from = out->len;

	if (name_key(name, strlen(name), out) < 0)
		return -1;
	/* "ACME UK" is ACME's UK company: a bare country tag, as "(UK)" already is */
	if (out->len - from > 3 && !strcmp(out->s + out->len - 3, " UK"))
		buf_setlen(out, out->len - 3);
	return 0;
}

/* ---- the loaded registry ---- */

struct arena {
	char **chunks;
	size_t nchunks;
	char *p;
	size_t left;
};

static const char *arena_dup(struct arena *a, const char *s)
{
	size_t n = strlen(s) + 1;
	char *d;

	if (n == 1)
		return "";
	if (n > a->left) {
		size_t size = n > 65536 ? n : 65536;

		a->chunks = xreallocarray(a->chunks, a->nchunks + 1, sizeof(*a->chunks));
		a->p = a->chunks[a->nchunks++] = xmalloc(size);
		a->left = size;
	}
	d = a->p;
	memcpy(d, s, n);
	a->p += n;
	a->left -= n;
	return d;
}

/* string -> chain of row indexes: open addressing over distinct keys */
struct keymap {
	struct { const char *key; uint32_t first; } *slot;
	size_t cap, n;
	uint32_t *next;            /* per row: the next row with the same key, UINT32_MAX ends */
};

#define NONE UINT32_MAX

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static size_t keymap_find(const struct keymap *m, const char *key)
{
	size_t i;

	if (!m->cap)
		return SIZE_MAX;
	for (i = hash_str(key) & (m->cap - 1); m->slot[i].key; i = (i + 1) & (m->cap - 1))
		if (!strcmp(m->slot[i].key, key))
			return i;
	return i;
}

static uint32_t keymap_get(const struct keymap *m, const char *key)
{
	size_t i = keymap_find(m, key);

	return i == SIZE_MAX || !m->slot[i].key ? NONE : m->slot[i].first;
}

/* Rows are added in order, so each chain keeps file order (newest snapshot first). */
static void keymap_add(struct keymap *m, const char *key, uint32_t row, uint32_t *last)
{
	size_t i;

	if ((m->n + 1) * 2 > m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 4096, j;
		struct keymap old = *m;

		m->slot = xcalloc(cap, sizeof(*m->slot));
		m->cap = cap;
		for (j = 0; j < old.cap; j++)
			if (old.slot[j].key) {
				size_t k = keymap_find(m, old.slot[j].key);

				m->slot[k] = old.slot[j];
			}
		free(old.slot);
	}
	i = keymap_find(m, key);
	m->next[row] = NONE;
	if (!m->slot[i].key) {
		m->slot[i].key = key;
		m->slot[i].first = row;
		m->n++;
		last[row] = row;
		return;
	}
	/* append after the chain's last row: last[] is kept at the chain's first row */
	m->next[last[m->slot[i].first]] = row;
	last[m->slot[i].first] = row;
}

/*
 * A registry row as held for matching: the text only a report needs (the
 * URLs, the approver, ...) stays in the database until registry_set_fill()
 * fetches it for the rows some supplier matched, so 300,000 rows fit in
 * tens of megabytes.  `r` comes first: a registry_row pointer handed out
 * is an org_row pointer.
 */
struct org_row {
	struct registry_row r;
	const char *name_key;
	const char *parent_key;
	int snapshot;              /* the snapshot's year: with r.line, the row's key */
	int has_approver;
	int detailed;              /* the report text has been fetched */
};

struct registry_set {
	struct org_row *rows;
	size_t n, cap;
	struct arena arena;
	struct keymap by_number, by_name, by_parent;
	struct name_index *fuzzy;
	struct statement_override *overrides;
	size_t noverrides;
	int year_from, year_to;
	struct buf key;            /* loading scratch */
};

static const char *key_of(struct registry_set *rs, const char *name)
{
	buf_reset(&rs->key);
	if (statement_name_key(name, &rs->key) < 0)
		return "";
	return arena_dup(&rs->arena, rs->key.s);
}

int registry_set_add(void *set, int snapshot, const struct registry_row *r)
{
	struct registry_set *rs = set;
	struct org_row *o;
	struct arena *a = &rs->arena;

	if (rs->n == rs->cap) {
		rs->cap = rs->cap ? rs->cap * 2 : 1024;
		rs->rows = xreallocarray(rs->rows, rs->cap, sizeof(*rs->rows));
	}
	o = &rs->rows[rs->n++];
	o->r = *r;
	o->r.org_name = arena_dup(a, r->org_name);
	o->r.company_number = arena_dup(a, r->company_number);
	o->r.parent_name = arena_dup(a, r->parent_name);
	o->r.statement_id = o->r.statement_url = o->r.summary_url = o->r.approver = "";
	o->r.sector_type = o->r.last_updated = "";
	o->snapshot = snapshot;
	o->has_approver = *r->approver != '\0';
	o->detailed = 0;
	o->name_key = key_of(rs, r->org_name);
	o->parent_key = *r->parent_name ? key_of(rs, r->parent_name) : "";
	if (!rs->year_from || r->year < rs->year_from)
		rs->year_from = r->year;
	if (r->year > rs->year_to)
		rs->year_to = r->year;
	return 0;
}

static void index_rows(struct registry_set *rs)
{
	/* each map keeps its chains' tails apart: a row may start chains in all three */
	uint32_t *last[3];
	struct keymap *maps[] = { &rs->by_number, &rs->by_name, &rs->by_parent };
	size_t i, m;

	for (m = 0; m < 3; m++) {
		maps[m]->next = xcalloc(rs->n ? rs->n : 1, sizeof(uint32_t));
		last[m] = xcalloc(rs->n ? rs->n : 1, sizeof(uint32_t));
	}
	rs->fuzzy = name_index_new();
	for (i = 0; i < rs->n; i++) {
		const struct org_row *o = &rs->rows[i];

		if (*o->r.company_number)
			keymap_add(&rs->by_number, o->r.company_number, (uint32_t)i, last[0]);
		if (*o->name_key) {
			keymap_add(&rs->by_name, o->name_key, (uint32_t)i, last[1]);
			name_index_add(rs->fuzzy, o->name_key, (uint32_t)i);
		}
		if (*o->parent_key && strcmp(o->parent_key, o->name_key) != 0)
			keymap_add(&rs->by_parent, o->parent_key, (uint32_t)i, last[2]);
	}
	name_index_build(rs->fuzzy);
	for (m = 0; m < 3; m++)
		free(last[m]);
}

struct registry_set *registry_set_new(void)
{
	struct registry_set *rs = xcalloc(1, sizeof(*rs));

	buf_init(&rs->key, KEY_MAX);
	return rs;
}

void registry_set_take_overrides(struct registry_set *rs, struct statement_override *o,
				 size_t n)
{
	statement_overrides_free(rs->overrides, rs->noverrides);
	rs->overrides = o;
	rs->noverrides = n;
}

void registry_set_index(struct registry_set *rs)
{
	index_rows(rs);
	buf_release(&rs->key);
}

void registry_set_free(struct registry_set *rs)
{
	size_t i;

	if (!rs)
		return;
	for (i = 0; i < rs->arena.nchunks; i++)
		free(rs->arena.chunks[i]);
	free(rs->arena.chunks);
	free(rs->rows);
	free(rs->by_number.slot);
	free(rs->by_number.next);
	free(rs->by_name.slot);
	free(rs->by_name.next);
	free(rs->by_parent.slot);
	free(rs->by_parent.next);
	name_index_free(rs->fuzzy);
	statement_overrides_free(rs->overrides, rs->noverrides);
	buf_release(&rs->key);
	free(rs);
}

size_t registry_set_rows(const struct registry_set *rs)
{
	return rs ? rs->n : 0;
}

int registry_set_row_key(const struct registry_set *rs, const struct registry_row *row,
			 int *year, unsigned long *line)
{
	const struct org_row *o = (const struct org_row *)row;

	if (!rs || !row || o->detailed)
		return 0;
	*year = o->snapshot;
	*line = o->r.line;
	return 1;
}

void registry_set_fill(struct registry_set *rs, const struct registry_row *row,
		       const struct registry_row *full)
{
	struct org_row *o = &rs->rows[(const struct org_row *)row - rs->rows];

	o->r.statement_id = arena_dup(&rs->arena, full->statement_id);
	o->r.statement_url = arena_dup(&rs->arena, full->statement_url);
	o->r.summary_url = arena_dup(&rs->arena, full->summary_url);
	o->r.approver = arena_dup(&rs->arena, full->approver);
	o->r.sector_type = arena_dup(&rs->arena, full->sector_type);
	o->r.last_updated = arena_dup(&rs->arena, full->last_updated);
	o->detailed = 1;
}

void statement_overrides_free(struct statement_override *o, size_t n)
{
	size_t i;

	for (i = 0; o && i < n; i++) {
		free(o[i].council);
		free(o[i].supplier_key);
		free(o[i].action);
		free(o[i].org);
		free(o[i].org_key);
		free(o[i].set_by);
		free(o[i].set_at);
		free(o[i].note);
	}
	free(o);
}

/* ---- matching one supplier ---- */

struct match {
	const struct registry_set *rs;
	const struct supplier *s;
	const struct statement_override *ov[16];   /* the supplier's overrides */
	size_t nov;
	const struct org_row *best;
	const char *method;
	double confidence;
	int by_parent;
};

/* "cn:01234567" or "nm:NAME KEY" of a registry row matches an override's org_key? */
static int row_is(const struct org_row *o, const char *org_key)
{
	if (!strncmp(org_key, "cn:", 3))
		return *o->r.company_number && !strcmp(o->r.company_number, org_key + 3);
	if (!strncmp(org_key, "nm:", 3))
		return !strcmp(o->name_key, org_key + 3) || !strcmp(o->parent_key, org_key + 3);
	return 0;
}

static int excluded(const struct match *m, const struct org_row *o)
{
	size_t i;

	for (i = 0; i < m->nov; i++)
		if (!strcmp(m->ov[i]->action, "is_not") && row_is(o, m->ov[i]->org_key))
			return 1;
	return 0;
}

/* A registry row whose company number is not the supplier's is a different organisation. */
static int contradicts(const struct match *m, const struct org_row *o)
{
	return *m->s->company_number && *o->r.company_number &&
	       strcmp(m->s->company_number, o->r.company_number) != 0;
}

/* Later registry year, then later period end: the statement to report. */
static int newer(const struct org_row *a, const struct org_row *b)
{
	if (!b)
		return 1;
	if (a->r.year != b->r.year)
		return a->r.year > b->r.year;
	return a->r.period_end > b->r.period_end;
}

/*
 * Walk a chain; keep the newest acceptable row.  Returns the number of
 * distinct company numbers seen (to tell one organisation from two, 2
 * meaning two or more); other[0] and other[1] are rows of the first two.
 */
static int take_chain(struct match *m, const struct keymap *km, uint32_t first, int check_cn,
		      const struct org_row **best, const struct org_row *other[2])
{
	const char *cn = NULL;
	int distinct = 0;
	uint32_t i;

	for (i = first; i != NONE; i = km->next[i]) {
		const struct org_row *o = &m->rs->rows[i];

		if (excluded(m, o) || (check_cn && contradicts(m, o)))
			continue;
		if (*o->r.company_number) {
			if (!cn) {
				cn = o->r.company_number;
				distinct = 1;
				other[0] = o;
			} else if (strcmp(cn, o->r.company_number) != 0 && distinct == 1) {
				distinct = 2;
				other[1] = o;
			}
		}
		if (newer(o, *best))
			*best = o;
	}
	return distinct;
}

static void add_candidate(struct buf *b, const struct org_row *o, double score)
{
	buf_printf(b, "%s%s", b->len ? "; " : "", o->r.org_name);
	if (*o->r.company_number)
		buf_printf(b, " (%s)", o->r.company_number);
	if (score > 0)
		buf_printf(b, " %.2f", score);
}

static void by_override(struct match *m)
{
	size_t i, r;

	for (i = 0; i < m->nov; i++) {
		if (strcmp(m->ov[i]->action, "is") != 0)
			continue;
		m->method = "override";
		m->confidence = 1.0;
		for (r = 0; r < m->rs->n; r++)
			if (row_is(&m->rs->rows[r], m->ov[i]->org_key) && newer(&m->rs->rows[r], m->best))
				m->best = &m->rs->rows[r];
		return;
	}
}

/* Exact name keys of every name the supplier was paid under; 1 if ambiguous. */
static int by_name(struct match *m, struct buf *key, struct buf *cands)
{
	const struct supplier *s = m->s;
	const struct org_row *best = NULL, *parent = NULL, *other[2] = { NULL, NULL };
	const struct org_row *two[2] = { NULL, NULL };
	size_t i, nn = s->nnames ? s->nnames : 1;
	int distinct = 0;

	for (i = 0; i < nn; i++) {
		const char *name = s->nnames ? s->names[i] : s->name;

		buf_reset(key);
		if (!name || statement_name_key(name, key) < 0 || !key->len)
			continue;
		if (take_chain(m, &m->rs->by_name, keymap_get(&m->rs->by_name, key->s), 1,
			       &best, other) > 1 && !distinct) {
			distinct = 1;
			two[0] = other[0];
			two[1] = other[1];
		}
		if (!best)
			take_chain(m, &m->rs->by_parent, keymap_get(&m->rs->by_parent, key->s), 1,
				   &parent, other);
	}
	if (distinct && !*s->company_number) {
		/* one name, two registered organisations: the person must choose */
		add_candidate(cands, two[0], 0);
		add_candidate(cands, two[1], 0);
		return 1;
	}
	if (best) {
		m->best = best;
		m->method = "name";
		m->confidence = 0.95;
	} else if (parent) {
		m->best = parent;
		m->method = "parent name";
		m->confidence = 0.9;
		m->by_parent = 1;
	}
	return 0;
}

static int by_fuzzy(struct match *m, struct buf *key, struct buf *cands)
{
	struct name_candidate c[32];
	const struct org_row *first = NULL, *second = NULL;
	double s1 = 0, s2 = 0;
	size_t n, i, shown = 0;

	buf_reset(key);
	if (!m->s->name || statement_name_key(m->s->name, key) < 0 || !key->len)
		return 0;
	n = name_index_query(m->rs->fuzzy, key->s, NAME_MATCH_CANDIDATE, c,
			     sizeof(c) / sizeof(c[0]));
	for (i = 0; i < n; i++) {
		const struct org_row *o = &m->rs->rows[c[i].id];

		if (excluded(m, o) || contradicts(m, o))
			continue;
		if (!first) {
			first = o;
			s1 = c[i].score;
		} else if (strcmp(o->name_key, first->name_key) != 0 ||
			   strcmp(o->r.company_number, first->r.company_number) != 0) {
			if (!second) {
				second = o;
				s2 = c[i].score;
			}
			if (shown < STATEMENT_MAX_CANDIDATES - 1 && strcmp(o->name_key, first->name_key)) {
				if (!shown)
					add_candidate(cands, first, s1);
				add_candidate(cands, o, c[i].score);
				shown++;
			}
		} else if (newer(o, first) && c[i].score >= s1) {
			first = o;
		}
	}
	if (!first)
		return 0;
	if (s1 >= NAME_MATCH_ACCEPT && (!second || s1 - s2 >= NAME_MATCH_MARGIN)) {
		buf_reset(cands);
		m->best = first;
		m->method = "fuzzy name";
		m->confidence = s1;
		return 0;
	}
	if (!cands->len)
		add_candidate(cands, first, s1);
	return 1;
}

static int months_between(int32_t from, int32_t to)
{
	int y1 = from / 10000, m1 = from / 100 % 100, d1 = from % 100;
	int y2 = to / 10000, m2 = to / 100 % 100, d2 = to % 100;
	int months = (y2 - y1) * 12 + (m2 - m1);

	if (d2 < d1)
		months--;
	return months;
}

/*
 * What the latest accounts category on the Companies House register says
 * of the s54 duty (the size hints of ../shared/data/orgs/companies-house/
 * ch_account_category_size_hints.csv): SCOPE_NOT_REQUIRED for the
 * categories only companies within the micro-entity or small-company
 * limits may file, and for dormant companies; SCOPE_UNKNOWN, the size
 * left to the other evidence, for the rest (FULL, GROUP, MEDIUM, ...).
 * The reason into b.
 */
static enum in_scope accounts_scope(const struct company_facts *c, struct buf *b,
				    const char **basis)
{
	static const char small[] = "for companies within the small-company limits (two of: "
		"turnover £10.2m, balance sheet £5.1m, 50 staff, for financial years beginning "
		"before 6 April 2025; £15m, £7.5m and 50 from 6 April 2025), under the £36m "
		"turnover of s54";
	static const struct {
		const char *category, *says;
		enum in_scope scope;
		const char *basis;
	} kinds[] = {
		{ "MICRO ENTITY", "for micro-entities (two of: turnover £632,000, balance sheet "
		  "£316,000, 10 staff, for financial years beginning before 6 April 2025; £1m, "
		  "£500,000 and 10 from 6 April 2025), under the £36m turnover of s54",
		  SCOPE_NOT_REQUIRED, "micro accounts" },
		{ "SMALL", small, SCOPE_NOT_REQUIRED, "small accounts" },
		{ "TOTAL EXEMPTION FULL", small, SCOPE_NOT_REQUIRED, "small accounts" },
		{ "UNAUDITED ABRIDGED", small, SCOPE_NOT_REQUIRED, "small accounts" },
		{ "AUDITED ABRIDGED", small, SCOPE_NOT_REQUIRED, "small accounts" },
		{ "TOTAL EXEMPTION SMALL", "for small companies under the limits before 2016 "
		  "(turnover £6.5m), under the £36m turnover of s54", SCOPE_NOT_REQUIRED,
		  "small accounts" },
		{ "DORMANT", "for a company with no significant transactions in the year (s1169): "
		  "no trade, yet the council paid it", SCOPE_NOT_REQUIRED, "dormant" },
		{ "FILING EXEMPTION SUBSIDIARY", "for a dormant subsidiary exempt from filing "
		  "(s394A): no trade, yet the council paid it", SCOPE_NOT_REQUIRED, "dormant" },
	};
	size_t i;

	if (!c || c->ambiguous || !*c->accounts_category)
		return SCOPE_UNKNOWN;
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strcasecmp(c->accounts_category, kinds[i].category)) {
			buf_printf(b, "%sits latest accounts on the Companies House register are %s, "
				   "%s", b->len ? "; " : "", c->accounts_category, kinds[i].says);
			*basis = kinds[i].basis;
			return kinds[i].scope;
		}
	buf_printf(b, "%sits latest accounts on the Companies House register are %s, which "
		   "leave its size open", b->len ? "; " : "", c->accounts_category);
	return SCOPE_UNKNOWN;
}

/*
 * A charity's duty from its latest income on the Charity Commission
 * register: s54 reaches a charity that carries on a business (trading)
 * with a total turnover of £36m or more, so income of £36m or more makes
 * it likely and less puts it under the threshold.  SCOPE_UNKNOWN when
 * there is no income.
 */
static enum in_scope income_scope(const struct charity_facts *c, struct buf *b)
{
	char m1[48];

	const char *src;

	if (!c || c->income < 0)
		return SCOPE_UNKNOWN;
	src = c->source[0] ? c->source : "Charity Commission register";
	amount_format_gbp(c->income * 100, m1);
	if (c->income * 100 >= SCOPE_TURNOVER_PENCE) {
		buf_printf(b, "%scharity %s's latest income on the %s is %s: "
			   "s54 applies to a charity's total turnover when it trades", b->len ? "; " : "",
			   c->number, src, m1);
		return SCOPE_LIKELY;
	}
	buf_printf(b, "%scharity %s's latest income on the %s is %s, "
		   "under £36 million", b->len ? "; " : "", c->number, src, m1);
	return SCOPE_NOT_REQUIRED;
}

static void judge_scope(const struct match *m, const struct statement_settings *ss,
			int public_body, struct statement *out)
{
	const struct supplier *s = m->s;
	struct buf b;
	enum turnover_band band = TURNOVER_UNKNOWN;
	int band_year = 0, under = 0;
	char m1[48], m2[48];

	buf_init(&b, 0);
	if (public_body) {
		out->scope = SCOPE_NOT_REQUIRED;
		buf_adds(&b, "a public body: s54 applies to commercial organisations");
		goto out;
	}
	/* the highest band the organisation gave in any registry year */
	if (m->best) {
		const struct keymap *km = *m->best->r.company_number ? &m->rs->by_number
								     : &m->rs->by_name;
		uint32_t r = keymap_get(km, *m->best->r.company_number ? m->best->r.company_number
								       : m->best->name_key);

		for (; r != NONE; r = km->next[r]) {
			const struct org_row *o = &m->rs->rows[r];

			if (o->r.turnover > band) {
				band = o->r.turnover;
				band_year = o->r.year;
			}
		}
	}
	under = band == TURNOVER_UNDER_36M;
	if (band > TURNOVER_UNDER_36M) {
		out->scope = SCOPE_REQUIRED;
		buf_printf(&b, "turnover band '%s' on the %d registry", turnover_band_label(band),
			   band_year);
	}
	if (s->turnover_pence >= SCOPE_TURNOVER_PENCE) {
		out->scope = SCOPE_REQUIRED;
		buf_printf(&b, "%ssupplier master turnover %s", b.len ? "; " : "",
			   amount_format_gbp(s->turnover_pence, m1));
	}
	if (out->scope == SCOPE_REQUIRED)
		goto out;
	if (s->turnover_pence >= 0 || under) {
		out->scope = SCOPE_NOT_REQUIRED;
		if (s->turnover_pence >= 0)
			buf_printf(&b, "supplier master turnover %s is under £36 million",
				   amount_format_gbp(s->turnover_pence, m1));
		else
			buf_printf(&b, "turnover band 'Under £36 million' on the %d registry",
				   m->best->r.year);
		goto out;
	}
	if ((out->scope = accounts_scope(s->company, &b, &out->scope_register)) != SCOPE_UNKNOWN)
		goto out;
	if ((out->scope = income_scope(s->charity, &b)) != SCOPE_UNKNOWN) {
		out->scope_register = "charity income";
		goto out;
	}
	if (m->best && m->best->r.group && *m->best->r.parent_name) {
		out->scope = SCOPE_LIKELY;
		buf_printf(&b, "member of the %s group, which publishes a group statement",
			   m->best->r.parent_name);
	}
	if (s->spend_pence >= ss->likely_spend_pence) {
		out->scope = SCOPE_LIKELY;
		buf_printf(&b, "%scouncil spend %s in the period is %s or more",
			   b.len ? "; " : "", amount_format_gbp(s->spend_pence, m1),
			   amount_format_gbp(ss->likely_spend_pence, m2));
	}
	if (out->scope == SCOPE_UNKNOWN)
		buf_printf(&b, "%sno turnover known", b.len ? "; " : "");
out:
	out->scope_reasons = buf_detach(&b, NULL);
}

void statement_match(const struct registry_set *rs, const struct statement_settings *ss,
		     const struct supplier *s, int public_body, struct statement *out)
{
	struct match m;
	struct buf key, cands;
	int ambiguous = 0;
	size_t i;

	memset(out, 0, sizeof(*out));
	out->months_old = -1;
	out->nareas = -1;
	memset(&m, 0, sizeof(m));
	m.rs = rs;
	m.s = s;
	if (!rs || !rs->n) {
		/* no registry: the Companies House register may still tell the duty */
		if ((s->company && !s->company->ambiguous && *s->company->accounts_category) ||
		    (s->charity && s->charity->income >= 0))
			judge_scope(&m, ss, public_body, out);
		return;
	}
	out->years_searched_from = rs->year_from;
	out->years_searched_to = rs->year_to;
	for (i = 0; i < rs->noverrides && m.nov < sizeof(m.ov) / sizeof(m.ov[0]); i++)
		if (!strcmp(rs->overrides[i].supplier_key, s->key))
			m.ov[m.nov++] = &rs->overrides[i];
	buf_init(&key, KEY_MAX);
	buf_init(&cands, 1 << 14);
	if (public_body) {
		out->status = STATEMENT_NOT_APPLICABLE;
		goto scope;
	}
	by_override(&m);
	if (!m.method && *s->company_number) {
		const struct org_row *other[2] = { NULL, NULL };

		take_chain(&m, &rs->by_number, keymap_get(&rs->by_number, s->company_number), 0,
			   &m.best, other);
		if (m.best) {
			m.method = "company number";
			m.confidence = 1.0;
		}
	}
	if (!m.method)
		ambiguous = by_name(&m, &key, &cands);
	if (!m.method && !ambiguous)
		ambiguous = by_fuzzy(&m, &key, &cands);
	out->method = m.best ? m.method : NULL;
	out->confidence = m.best ? m.confidence : 0;
	if (ambiguous) {
		out->status = STATEMENT_AMBIGUOUS;
		out->candidates = buf_detach(&cands, NULL);
	} else if (!m.best) {
		out->status = STATEMENT_NOT_FOUND;
	} else {
		const struct registry_row *r = &m.best->r;
		int32_t end = r->period_end ? r->period_end : (r->year - 1) * 10000 + 1231;
		int k;

		out->row = r;
		out->via_group = m.by_parent || (r->group && *r->parent_name &&
						 strcmp(m.best->parent_key, m.best->name_key) != 0);
		out->months_old = ss->as_of ? months_between(end, ss->as_of) : -1;
		out->status = out->months_old > ss->stale_months ? STATEMENT_STALE
								  : STATEMENT_CURRENT;
		if (r->areas_known) {
			out->nareas = 0;
			for (k = 0; k < REGISTRY_AREAS; k++)
				out->nareas += (r->areas >> k) & 1;
		}
		out->approved = m.best->has_approver || r->approved;
	}
scope:
	judge_scope(&m, ss, public_body, out);
	buf_release(&key);
	buf_release(&cands);
}

void statement_release(struct statement *st)
{
	if (!st)
		return;
	free(st->scope_reasons);
	free(st->candidates);
	st->scope_reasons = st->candidates = NULL;
}

const char *statement_missing_areas(const struct statement *st, struct buf *b)
{
	int k;

	buf_reset(b);
	if (!st->row)
		return b->s;
	for (k = 0; k < REGISTRY_AREAS; k++)
		if (((st->row->areas_known >> k) & 1) && !((st->row->areas >> k) & 1))
			buf_printf(b, "%s%s", b->len ? ", " : "", registry_area_names[k]);
	return b->s;
}
