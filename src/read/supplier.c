#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chainwatch/buf.h"
#include "chainwatch/identity.h"
#include "chainwatch/supplier.h"
#include "chainwatch/xalloc.h"

/*
 * The table keeps every supplier once (all[]) and five open-addressing
 * indexes from a string to a supplier:
 *
 *   by_key   the supplier's key ("id:...", "cn:...", "nm:...")
 *   by_id    council supplier IDs: a master record's own, or learned from
 *            the spend row that first joined (so a row with a known ID
 *            costs one lookup)
 *   by_cn    normalised company numbers
 *   by_name  name keys
 *   by_raw   names exactly as written on rows without an ID, so the name
 *            key is computed once per distinct name, not once per row
 *
 * Each index entry carries the rank of the route that put it there, which
 * becomes the supplier's `match` when it is a master record.
 */

enum match_rank {
	RANK_NONE = 0,
	RANK_NAME,
	RANK_COMPANY_NUMBER,
	RANK_ID
};

static const char *const rank_label[] = {
	[RANK_NONE] = NULL,
	[RANK_NAME] = "name",
	[RANK_COMPANY_NUMBER] = "company number",
	[RANK_ID] = "supplier id",
};

struct sidx_entry {
	char *key;              /* NULL = empty slot */
	size_t len;
	uint64_t hash;
	struct supplier *s;
	int rank;
};

struct sidx {
	struct sidx_entry *v;
	size_t cap;             /* power of two, 0 before the first insert */
	size_t n;
};

struct supplier_table {
	struct supplier **all;
	size_t n, cap;
	struct sidx by_key, by_id, by_cn, by_name, by_raw;
	struct supplier **sorted;
	size_t nsorted;
	int sorted_valid, sorted_spend_only;
	struct buf key;         /* scratch: supplier keys */
	struct buf nkey;        /* scratch: name keys */
	int sealed;             /* indexes released: no more adds */
};

static char empty_name[1];

static uint64_t fnv1a(const char *p, size_t n)
{
	uint64_t h = 14695981039346656037ULL;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= 1099511628211ULL;
	}
	return h;
}

static struct sidx_entry *sidx_slot(const struct sidx *x, const char *k, size_t n, uint64_t h)
{
	size_t mask = x->cap - 1, i = (size_t)h & mask;

	for (;;) {
		struct sidx_entry *e = &x->v[i];

		if (!e->key)
			return e;
		if (e->hash == h && e->len == n && memcmp(e->key, k, n) == 0)
			return e;
		i = (i + 1) & mask;
	}
}

static struct sidx_entry *sidx_find(const struct sidx *x, const char *k, size_t n)
{
	struct sidx_entry *e;

	if (!x->cap)
		return NULL;
	e = sidx_slot(x, k, n, fnv1a(k, n));
	return e->key ? e : NULL;
}

static void sidx_grow(struct sidx *x)
{
	struct sidx old = *x;
	size_t i;

	x->cap = old.cap ? old.cap * 2 : 64;
	x->v = xcalloc(x->cap, sizeof(*x->v));
	for (i = 0; i < old.cap; i++) {
		struct sidx_entry *e = &old.v[i];

		if (e->key)
			*sidx_slot(x, e->key, e->len, e->hash) = *e;
	}
	free(old.v);
}

/* Map k to s unless k is already there; the entry that holds k either way. */
static struct sidx_entry *sidx_put(struct sidx *x, const char *k, size_t n,
				   struct supplier *s, int rank)
{
	uint64_t h = fnv1a(k, n);
	struct sidx_entry *e;

	if ((x->n + 1) * 10 > x->cap * 7)
		sidx_grow(x);
	e = sidx_slot(x, k, n, h);
	if (e->key)
		return e;
	e->key = xstrndup(k, n);
	e->len = n;
	e->hash = h;
	e->s = s;
	e->rank = rank;
	x->n++;
	return e;
}

static void sidx_release(struct sidx *x)
{
	size_t i;

	for (i = 0; i < x->cap; i++)
		free(x->v[i].key);
	free(x->v);
	x->v = NULL;
	x->cap = x->n = 0;
}

/* Whether the NUL-terminated a equals p[0..n). */
static int same_text(const char *a, const char *p, size_t n)
{
	return strncmp(a, p, n) == 0 && a[n] == '\0';
}

struct supplier_table *supplier_table_new(void)
{
	struct supplier_table *t = xcalloc(1, sizeof(*t));

	buf_init(&t->key, 0);
	buf_init(&t->nkey, 0);
	return t;
}

static void supplier_free(struct supplier *s)
{
	size_t i;

	if (!s)
		return;
	free(s->key);
	for (i = 0; i < s->nnames; i++)
		free(s->names[i]);
	for (i = 0; i < s->nids; i++)
		free(s->ids[i]);
	for (i = 0; i < s->nexpense; i++)
		free(s->expense[i].label);
	free(s->expense);
	for (i = 0; i < s->nproclass; i++)
		free(s->proclass[i].label);
	free(s->proclass);
	free(s->months);
	free(s->match);
	free(s->country);
	free(s->postcode);
	free(s->address);
	free(s->sic);
	free(s->company);
	free(s->charity);
	free(s->names);
	free(s->ids);
	free(s->name_pence);
	free(s);
}

void supplier_table_free(struct supplier_table *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->n; i++)
		supplier_free(t->all[i]);
	free(t->all);
	sidx_release(&t->by_key);
	sidx_release(&t->by_id);
	sidx_release(&t->by_cn);
	sidx_release(&t->by_name);
	sidx_release(&t->by_raw);
	free(t->sorted);
	buf_release(&t->key);
	buf_release(&t->nkey);
	free(t);
}

void supplier_table_seal(struct supplier_table *t)
{
	sidx_release(&t->by_key);
	sidx_release(&t->by_id);
	sidx_release(&t->by_cn);
	sidx_release(&t->by_name);
	sidx_release(&t->by_raw);
	buf_release(&t->key);
	buf_release(&t->nkey);
	t->sealed = 1;
}

size_t supplier_table_count(const struct supplier_table *t)
{
	return t->n;
}

/* The supplier with key k, created empty if new. */
static struct supplier *supplier_get(struct supplier_table *t, const char *k, size_t n)
{
	struct sidx_entry *e;
	struct supplier *s;

	e = sidx_find(&t->by_key, k, n);
	if (e)
		return e->s;
	s = xcalloc(1, sizeof(*s));
	s->key = xstrndup(k, n);
	s->name = empty_name;
	s->turnover_pence = -1;
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 256;
		t->all = xreallocarray(t->all, t->cap, sizeof(*t->all));
	}
	t->all[t->n++] = s;
	sidx_put(&t->by_key, s->key, n, s, RANK_NONE);
	return s;
}

/* Index of name p[0..n) in s->names, added if new and there is room; -1 if not kept. */
static int name_slot(struct supplier *s, const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < s->nnames; i++)
		if (same_text(s->names[i], p, n))
			return (int)i;
	if (s->nnames == SUPPLIER_MAX_NAMES)
		return -1;
	/* most suppliers have one name: grow 1, 2, 4, 8 */
	if (!(s->nnames & (s->nnames - 1))) {
		size_t cap = s->nnames ? s->nnames * 2 : 1;

		s->names = xreallocarray(s->names, cap, sizeof(*s->names));
		s->name_pence = xreallocarray(s->name_pence, cap, sizeof(*s->name_pence));
	}
	s->names[s->nnames] = xstrndup(p, n);
	s->name_pence[s->nnames] = 0;
	return (int)s->nnames++;
}

static void id_note(struct supplier *s, const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < s->nids; i++)
		if (same_text(s->ids[i], p, n))
			return;
	if (s->nids == SUPPLIER_MAX_IDS)
		return;
	if (!(s->nids & (s->nids - 1)))
		s->ids = xreallocarray(s->ids, s->nids ? s->nids * 2 : 1, sizeof(*s->ids));
	s->ids[s->nids++] = xstrndup(p, n);
}

static void match_note(struct supplier *s, int rank)
{
	if (!s->in_master || rank <= s->match_rank)
		return;
	free(s->match);
	s->match = xstrdup(rank_label[rank]);
	s->match_rank = rank;
}

/* Display name: the kept name carrying most spend, first seen on a tie. */
static void name_choose(struct supplier *s)
{
	size_t i, best = 0;

	if (s->name_fixed || !s->nnames)
		return;
	for (i = 1; i < s->nnames; i++)
		if (s->name_pence[i] > s->name_pence[best])
			best = i;
	s->name = s->names[best];
}

static void text_keep(char **field, const char *v)
{
	if (!*field && v && *v)
		*field = xstrdup(v);
}

/* The name key of p[0..n) in t->nkey; the name itself if it has no key. */
static void key_of_name(struct supplier_table *t, const char *p, size_t n)
{
	buf_reset(&t->nkey);
	if (name_key(p, n, &t->nkey) < 0 || !t->nkey.len) {
		buf_reset(&t->nkey);
		if (buf_add(&t->nkey, p, n) < 0)
			buf_reset(&t->nkey);
	}
}

/* Set the company number if still unknown, and index it. */
/* A trimmed copy of a short text field, cut to the buffer. */
static void text_note(char *out, size_t n, const char *s, size_t len)
{
	while (len && (*s == ' ' || *s == '\t'))
		s++, len--;
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (len >= n)
		len = n - 1;
	memcpy(out, s, len);
	out[len] = '\0';
}

/*
 * A charity number as printed: letters and digits kept, spaces and
 * punctuation dropped; a placeholder ("N/A", "none", "0", "-") or a value
 * with no digit is no number.
 */
static void charity_note(char *out, size_t n, const char *s, size_t len)
{
	char scheme[8], number[16];
	size_t i, k = 0;
	int digit = 0, nonzero = 0;

	/* "GB-NIC-100019" when a prefix says the register, "1090095" when none does */
	if (charity_number_parse(s, len, scheme, number) == 0) {
		size_t sl = strlen(scheme), nl = strlen(number);

		if (sl + 1 + nl < n) {
			memcpy(out, scheme, sl);
			k = sl;
			if (sl)
				out[k++] = '-';
			memcpy(out + k, number, nl + 1);
			return;
		}
	}
	for (i = 0; i < len && k + 1 < n; i++) {
		char c = s[i];

		if (c >= 'a' && c <= 'z')
			c = (char)(c - 32);
		if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')) {
			out[k++] = c;
			digit |= c >= '0' && c <= '9';
			nonzero |= c >= '1' && c <= '9';
		}
	}
	out[k] = '\0';
	if (!digit || !nonzero || k < 5)
		out[0] = '\0';
}

static void company_number_note(struct supplier_table *t, struct supplier *s,
				const char *cn, int rank)
{
	if (s->company_number[0] || !cn[0])
		return;
	memcpy(s->company_number, cn, sizeof(s->company_number));
	sidx_put(&t->by_cn, cn, strlen(cn), s, rank);
}

int supplier_table_add_master(struct supplier_table *t, const struct master_record *m)
{
	const char *id = m->id ? m->id : "";
	const char *name = m->name ? m->name : "";

	if (t->sealed)
		BUG("supplier_table_add_master after supplier_table_seal");
	char cn[9] = "", vat[16] = "";
	struct supplier *s;
	int merged, i;

	if (m->company_number &&
	    company_number_normalise(m->company_number, strlen(m->company_number), cn) < 0)
		cn[0] = '\0';
	if (m->vat && vat_normalise(m->vat, strlen(m->vat), vat) < 0)
		vat[0] = '\0';
	buf_reset(&t->nkey);
	if (*name)
		key_of_name(t, name, strlen(name));

	buf_reset(&t->key);
	if (*id)
		buf_printf(&t->key, "id:%s", id);
	else if (cn[0])
		buf_printf(&t->key, "cn:%s", cn);
	else if (t->nkey.len)
		buf_printf(&t->key, "nm:%s", t->nkey.s);
	else
		return 0;       /* nothing to know it by */
	merged = sidx_find(&t->by_key, t->key.s, t->key.len) != NULL;
	s = supplier_get(t, t->key.s, t->key.len);

	s->in_master = 1;
	if (*name) {
		i = name_slot(s, name, strlen(name));
		if (!s->name_fixed && i >= 0) {
			s->name = s->names[i];
			s->name_fixed = 1;
		}
		sidx_put(&t->by_name, t->nkey.s, t->nkey.len, s, RANK_NAME);
	}
	if (*id) {
		id_note(s, id, strlen(id));
		sidx_put(&t->by_id, id, strlen(id), s, RANK_ID);
	}
	if (cn[0]) {
		if (!s->company_number[0])
			memcpy(s->company_number, cn, sizeof(cn));
		sidx_put(&t->by_cn, cn, strlen(cn), s, RANK_COMPANY_NUMBER);
	}
	if (!s->vat[0])
		memcpy(s->vat, vat, sizeof(vat));
	if (!s->charity_number[0] && m->charity)
		charity_note(s->charity_number, sizeof(s->charity_number), m->charity,
			     strlen(m->charity));
	if (!s->creditor_type[0] && m->creditor_type)
		text_note(s->creditor_type, sizeof(s->creditor_type), m->creditor_type,
			  strlen(m->creditor_type));
	text_keep(&s->country, m->country);
	text_keep(&s->postcode, m->postcode);
	text_keep(&s->sic, m->sic);
	if (!s->address) {
		const char *a = m->address ? m->address : "", *town = m->town ? m->town : "";

		buf_reset(&t->key);
		buf_adds(&t->key, a);
		if (*a && *town)
			buf_adds(&t->key, ", ");
		buf_adds(&t->key, town);
		text_keep(&s->address, t->key.s);
	}
	if (s->turnover_pence < 0 && m->turnover_pence >= 0)
		s->turnover_pence = m->turnover_pence;
	t->sorted_valid = 0;
	return merged;
}

/* Spend under label p[0..n) into the parts *v (*nv of them, room for *cap). */
static void part_add(struct spend_part **v, size_t *nv, size_t *cap, const char *p, size_t n,
		     int64_t pence)
{
	struct spend_part *e;
	size_t i;

	for (i = 0; i < *nv; i++)
		if (same_text((*v)[i].label, p, n))
			goto found;
	if (*nv >= SUPPLIER_MAX_EXPENSE) {
		p = SUPPLIER_EXPENSE_OTHER;
		n = strlen(p);
		for (i = SUPPLIER_MAX_EXPENSE; i < *nv; i++)
			if (same_text((*v)[i].label, p, n))
				goto found;
	}
	if (*nv == *cap) {
		/* most suppliers are paid under one expense type */
		*cap = *cap ? *cap * 2 : 1;
		*v = xreallocarray(*v, *cap, sizeof(**v));
	}
	i = (*nv)++;
	(*v)[i].label = xstrndup(p, n);
	(*v)[i].pence = 0;
	(*v)[i].n = 0;
found:
	e = &(*v)[i];
	e->pence += pence;
	e->n++;
}

static void expense_add(struct supplier *s, const char *p, size_t n, int64_t pence)
{
	if (!n) {
		p = SUPPLIER_EXPENSE_NONE;
		n = strlen(p);
	}
	part_add(&s->expense, &s->nexpense, &s->expense_cap, p, n, pence);
}

static void month_add(struct supplier *s, int32_t date, int64_t pence)
{
	int32_t month = date > 0 ? date / 100 : 0;
	size_t i;

	/* rows mostly come in date order: look from the end */
	for (i = s->nmonths; i-- > 0;)
		if (s->months[i].month == month)
			goto found;
	if (s->nmonths == s->months_cap) {
		/* 4, 8, 12 for a year of months, then doubling */
		s->months_cap = s->months_cap < 12 ? s->months_cap + 4 : s->months_cap * 2;
		s->months = xreallocarray(s->months, s->months_cap, sizeof(*s->months));
	}
	i = s->nmonths++;
	s->months[i].month = month;
	s->months[i].pence = 0;
	s->months[i].n = 0;
found:
	s->months[i].pence += pence;
	s->months[i].n++;
}

/* Normalised company number of the row in cn ("" if none or invalid). */
static void row_company_number(const struct spend_record *r, char cn[9])
{
	cn[0] = '\0';
	if (r->company_number_len &&
	    company_number_normalise(r->company_number, r->company_number_len, cn) < 0)
		cn[0] = '\0';
}

/* The supplier of a row with an ID no earlier row or master record had. */
static struct supplier *join_new_id(struct supplier_table *t, const struct spend_record *r,
				    const char *cn, int *rank)
{
	struct sidx_entry *e;
	struct supplier *s;

	if (cn[0]) {
		e = sidx_find(&t->by_cn, cn, strlen(cn));
		if (e && e->s->in_master) {
			*rank = RANK_COMPANY_NUMBER;
			return e->s;
		}
	}
	if (r->name_len) {
		key_of_name(t, r->name, r->name_len);
		e = sidx_find(&t->by_name, t->nkey.s, t->nkey.len);
		if (e && e->s->in_master) {
			*rank = RANK_NAME;
			return e->s;
		}
	}
	buf_reset(&t->key);
	buf_add(&t->key, "id:", 3);
	buf_add(&t->key, r->supplier_id, r->supplier_id_len);
	s = supplier_get(t, t->key.s, t->key.len);
	/* so that rows without an ID find it by name too */
	if (r->name_len)
		sidx_put(&t->by_name, t->nkey.s, t->nkey.len, s, RANK_NONE);
	*rank = RANK_NONE;
	return s;
}

/* The supplier of a row without an ID. */
static struct supplier *join_no_id(struct supplier_table *t, const struct spend_record *r,
				   const char *cn, int *rank)
{
	struct sidx_entry *e;
	struct supplier *s;

	if (cn[0]) {
		e = sidx_find(&t->by_cn, cn, strlen(cn));
		if (e) {
			*rank = RANK_COMPANY_NUMBER;
			return e->s;
		}
	}
	e = sidx_find(&t->by_raw, r->name, r->name_len);
	if (e) {
		*rank = e->rank;
		return e->s;
	}
	key_of_name(t, r->name, r->name_len);
	e = sidx_find(&t->by_name, t->nkey.s, t->nkey.len);
	if (e) {
		s = e->s;
		*rank = RANK_NAME;
	} else {
		buf_reset(&t->key);
		buf_add(&t->key, "nm:", 3);
		buf_add(&t->key, t->nkey.s, t->nkey.len);
		s = supplier_get(t, t->key.s, t->key.len);
		sidx_put(&t->by_name, t->nkey.s, t->nkey.len, s, RANK_NONE);
		*rank = RANK_NONE;
	}
	sidx_put(&t->by_raw, r->name, r->name_len, s, *rank);
	return s;
}

struct supplier *supplier_table_add_spend(struct supplier_table *t, const struct spend_record *r)
{
	struct supplier *s;
	struct sidx_entry *e;
	char cn[9] = "";
	int cn_done = 0, rank, i;

	if (t->sealed)
		BUG("supplier_table_add_spend after supplier_table_seal");

	if (!r->supplier_id_len && !r->name_len)
		return NULL;

	if (r->supplier_id_len) {
		e = sidx_find(&t->by_id, r->supplier_id, r->supplier_id_len);
		if (e) {
			/*
			 * Every by_id entry was noted in its supplier's ids
			 * when it was put (here and in add_master), or the
			 * list was full then and still is: nothing to note.
			 */
			s = e->s;
			rank = e->rank;
		} else {
			row_company_number(r, cn);
			cn_done = 1;
			s = join_new_id(t, r, cn, &rank);
			sidx_put(&t->by_id, r->supplier_id, r->supplier_id_len, s, rank);
			id_note(s, r->supplier_id, r->supplier_id_len);
		}
	} else {
		row_company_number(r, cn);
		cn_done = 1;
		s = join_no_id(t, r, cn, &rank);
	}

	s->in_spend = 1;
	s->spend_pence += r->pence;
	s->transactions++;
	match_note(s, rank);
	if (r->name_len) {
		i = name_slot(s, r->name, r->name_len);
		if (i >= 0) {
			s->name_pence[i] += r->pence;
			name_choose(s);
		}
	}
	if (!s->company_number[0] && r->company_number_len) {
		if (!cn_done)
			row_company_number(r, cn);
		company_number_note(t, s, cn, rank);
	}
	if (!s->vat[0] && r->vat_len && vat_normalise(r->vat, r->vat_len, s->vat) < 0)
		s->vat[0] = '\0';
	if (!s->charity_number[0] && r->charity_len)
		charity_note(s->charity_number, sizeof(s->charity_number), r->charity,
			     r->charity_len);
	if (!s->creditor_type[0] && r->creditor_type_len)
		text_note(s->creditor_type, sizeof(s->creditor_type), r->creditor_type,
			  r->creditor_type_len);
	expense_add(s, r->expense_type, r->expense_type_len, r->pence);
	if (r->proclass && r->proclass_len)
		part_add(&s->proclass, &s->nproclass, &s->proclass_cap, r->proclass,
			 r->proclass_len, r->pence);
	month_add(s, r->date, r->pence);
	if (r->pence > s->largest_pence) {
		s->largest_pence = r->pence;
		s->largest_date = r->date;
	}
	t->sorted_valid = 0;
	return s;
}

static int by_spend_then_key(const void *a, const void *b)
{
	const struct supplier *x = *(struct supplier *const *)a;
	const struct supplier *y = *(struct supplier *const *)b;

	if (x->spend_pence != y->spend_pence)
		return x->spend_pence > y->spend_pence ? -1 : 1;
	return strcmp(x->key, y->key);
}

struct supplier **supplier_table_sorted(struct supplier_table *t, int with_spend_only, size_t *n)
{
	size_t i;

	with_spend_only = !!with_spend_only;
	if (!t->sorted_valid || t->sorted_spend_only != with_spend_only) {
		free(t->sorted);
		t->sorted = xreallocarray(NULL, t->n ? t->n : 1, sizeof(*t->sorted));
		t->nsorted = 0;
		for (i = 0; i < t->n; i++)
			if (!with_spend_only || t->all[i]->in_spend)
				t->sorted[t->nsorted++] = t->all[i];
		qsort(t->sorted, t->nsorted, sizeof(*t->sorted), by_spend_then_key);
		t->sorted_valid = 1;
		t->sorted_spend_only = with_spend_only;
	}
	*n = t->nsorted;
	return t->sorted;
}

static char *list_join(char *const *v, size_t n)
{
	struct buf b;
	size_t i;

	buf_init(&b, 0);
	for (i = 0; i < n; i++) {
		if (i)
			buf_adds(&b, "; ");
		buf_adds(&b, v[i]);
	}
	return buf_detach(&b, NULL);
}

char *supplier_names_joined(const struct supplier *s)
{
	return list_join(s->names, s->nnames);
}

char *supplier_ids_joined(const struct supplier *s)
{
	return list_join(s->ids, s->nids);
}
