/*
 * Matching and lookups over the loaded reference data: a supplier's SIC
 * codes, CPV codes, ProClass, expense type and name to a sector; sectors by
 * id; countries by name or code; TVPRA goods listings.  Loading and
 * validation are in reference.c; the internals both share are in
 * reference_data.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chainwatch/buf.h"
#include "chainwatch/charities.h"
#include "chainwatch/diag.h"
#include "chainwatch/reference.h"

#include "reference_data.h"


/* ---- matching ---------------------------------------------------------- */

const char *sector_rule_name(enum sector_rule r)
{
	switch (r) {
	case RULE_SIC:
		return "sic";
	case RULE_CPV:
		return "cpv";
	case RULE_PROCLASS:
		return "proclass";
	case RULE_EXPENSE:
		return "expense type";
	case RULE_KEYWORD:
		return "name keyword";
	case RULE_ENTITY:
		return "entity";
	case RULE_CHARITY:
		return "charity classification";
	case RULE_NONE:
		break;
	}
	return "";
}

static void quote(char *out, size_t outsz, const char *s)
{
	diag_quote(out, outsz, s, strlen(s), 80);
}

/* Is `r` a better candidate than the current best (sector score, then key length)? */
static int better(const struct reference *ref, const struct rule *r, const struct rule *best)
{
	int a, b;

	if (!best)
		return 1;
	a = ref->sectors[r->sector].score;
	b = ref->sectors[best->sector].score;
	if (a != b)
		return a > b;
	return strlen(r->key) > strlen(best->key);
}

static void set_match(const struct reference *ref, const struct rule *r, enum sector_rule kind,
		      struct sector_match *m)
{
	memset(m, 0, sizeof(*m));
	m->sector = &ref->sectors[r->sector];
	m->rule = kind;
	m->broad = r->broad;
}

/*
 * The next run of digits in p, as a code `width` digits long: a run of
 * width - 1 digits gets back the leading zero publishers drop.  Returns
 * the end of the run (p's end when there are no more digits); *ok says
 * whether the run had a usable length.
 */
static const char *next_code(const char *p, size_t width, char *code, int *ok)
{
	const char *q;
	size_t n;

	while (*p && !ascii_digit((unsigned char)*p))
		p++;
	for (q = p; ascii_digit((unsigned char)*q); q++)
		;
	n = (size_t)(q - p);
	*ok = n == width || n + 1 == width;
	if (*ok) {
		memset(code, '0', width);
		memcpy(code + width - n, p, n);
		code[width] = '\0';
	}
	return q;
}

/* Whether code is among codes[n]. */
static int has_code(const int *codes, size_t n, int code)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (codes[i] == code)
			return 1;
	return 0;
}

/*
 * The code at p in a rule key "202+306" (three digits, as the loader
 * checked them) into *code, and where the next one starts ("" at the end).
 */
static const char *key_code(const char *p, int *code)
{
	*code = (p[0] - '0') * 100 + (p[1] - '0') * 10 + (p[2] - '0');
	return p + (p[3] ? 4 : 3);
}

/* How many codes rule key "202+306" has, when the charity has them all; 0 otherwise. */
static size_t rule_codes_held(const char *key, const int *codes, size_t n)
{
	size_t k = 0;
	int c;

	while (*key) {
		key = key_code(key, &c);
		if (!has_code(codes, n, c))
			return 0;
		k++;
	}
	return k;
}

int sector_match_charity(const struct reference *ref, const int *codes, size_t n,
			 struct sector_match *m)
{
	const struct rule *best = NULL;
	size_t i, held, most = 0, len = 0;
	const char *p;

	for (i = 0; i < ref->charity.n; i++) {
		const struct rule *r = &ref->charity.v[i];

		if (!(held = rule_codes_held(r->key, codes, n)))
			continue;
		if (!best || held > most || (held == most && ref->sectors[r->sector].score >
						       ref->sectors[best->sector].score)) {
			best = r;
			most = held;
		}
	}
	if (!best)
		return 0;
	set_match(ref, best, RULE_CHARITY, m);
	len = (size_t)snprintf(m->evidence, sizeof(m->evidence), "charity classification");
	for (p = best->key; *p && len < sizeof(m->evidence);) {
		const char *code_at = p;
		int c, w;

		p = key_code(p, &c);
		w = snprintf(m->evidence + len, sizeof(m->evidence) - len, "%s %d %s",
			     code_at == best->key ? "" : " +", c, charity_class_name(c));
		if (w < 0)
			break;
		len += (size_t)w;
	}
	return 1;
}

int sector_match_sic(const struct reference *ref, const char *sic_text, struct sector_match *m)
{
	const struct rule *best = NULL;
	char bestcode[6] = "";
	const char *p = sic_text;

	if (!ref || !p)
		return 0;
	while (*p) {
		char code[6];
		size_t i;
		int ok;

		p = next_code(p, 5, code, &ok);
		for (i = 0; ok && i < ref->sic.n; i++) {
			const struct rule *r = &ref->sic.v[i];

			if (strcmp(code, r->key) < 0 || strcmp(code, r->to) > 0)
				continue;
			if (!best || ref->sectors[r->sector].score > ref->sectors[best->sector].score) {
				best = r;
				memcpy(bestcode, code, 6);
			}
		}
	}
	if (!best)
		return 0;
	set_match(ref, best, RULE_SIC, m);
	snprintf(m->evidence, sizeof(m->evidence), "SIC %s", bestcode);
	return 1;
}

/* The most specific CPV prefix rule for an 8-digit code, or NULL. */
static const struct rule *cpv_rule(const struct reference *ref, const char *code)
{
	const struct rule *best = NULL;
	size_t i, blen = 0;

	for (i = 0; i < ref->cpv.n; i++) {
		const struct rule *r = &ref->cpv.v[i];
		size_t len = strlen(r->key);

		if (len > blen && !strncmp(code, r->key, len)) {
			best = r;
			blen = len;
		}
	}
	return best;
}

int sector_match_cpv(const struct reference *ref, const char *cpv, struct sector_match *m)
{
	const struct rule *best = NULL;
	char bestcode[12] = "";
	const char *p = cpv;

	if (!ref || !p)
		return 0;
	while (*p) {
		const struct rule *r;
		char code[12];
		int ok;

		/* publishers drop the check digit and sometimes the leading zero */
		p = next_code(p, 8, code, &ok);
		if (!ok)
			continue;
		if (p[0] == '-' && ascii_digit((unsigned char)p[1])) {
			code[8] = '-';
			code[9] = p[1];
			code[10] = '\0';
			p += 2;
		}
		r = cpv_rule(ref, code);
		if (r && (!best || ref->sectors[r->sector].score > ref->sectors[best->sector].score)) {
			best = r;
			memcpy(bestcode, code, sizeof(code));
		}
	}
	if (!best)
		return 0;
	set_match(ref, best, RULE_CPV, m);
	snprintf(m->evidence, sizeof(m->evidence), "CPV %s", bestcode);
	return 1;
}

int sector_match_proclass(const struct reference *ref, const char *text, struct sector_match *m)
{
	const struct rule *best = NULL;
	struct buf f;
	char q[100];
	size_t i, digits = 0;

	if (!ref || !text)
		return 0;
	while (ascii_digit((unsigned char)text[digits]))
		digits++;
	buf_init(&f, FOLD_MAX);
	if (ref_fold(text, strlen(text), 0, &f) < 0)
		buf_reset(&f);
	for (i = 0; i < ref->proclass.n; i++) {
		const struct rule *r = &ref->proclass.v[i];
		size_t len = strlen(r->key);

		if (ascii_digit((unsigned char)r->key[0])) {
			if (digits < len || strncmp(text, r->key, len))
				continue;
		} else if (!f.len || !strstr(f.s, r->key)) {
			continue;
		}
		if (better(ref, r, best))
			best = r;
	}
	buf_release(&f);
	if (!best)
		return 0;
	set_match(ref, best, RULE_PROCLASS, m);
	quote(q, sizeof(q), text);
	snprintf(m->evidence, sizeof(m->evidence), "ProClass '%s'", q);
	return 1;
}

static int vetoed(const struct sector_data *d, const char *folded)
{
	size_t i;

	for (i = 0; i < d->nexcl; i++)
		if (d->excl[i][0] && strstr(folded, d->excl[i]))
			return 1;
	return 0;
}

/* The best of `rules` in folded text (ref_fold with names' folding), or NULL. */
static const struct rule *best_keyword(const struct reference *ref, const struct rules *rules,
				       const char *folded)
{
	const struct rule *best = NULL;
	size_t i;

	for (i = 0; i < rules->n; i++) {
		const struct rule *r = &rules->v[i];

		if (!r->key[0] || !strstr(folded, r->key))
			continue;
		if (vetoed(sd_of(ref, r), folded))
			continue;
		if (better(ref, r, best))
			best = r;
	}
	return best;
}

/*
 * An expense type: its phrase in sectors.json first; else a sector's
 * expense keyword in it ("Clients Taxi Fares", "Agency Staff Other"),
 * which reaches any council's wording but is broad: a name keyword that
 * says otherwise overrules it, and the reasons show both.  Expense
 * keywords are their own list, not the name keywords: in an expense type
 * CARE names the client ("Children in Care"), CONTRACTORS any supplier.
 */
int sector_match_expense(const struct reference *ref, const char *expense, struct sector_match *m)
{
	const struct rule *kw = NULL;
	struct buf f;
	char q[120], k[48];
	size_t i;
	int found = 0;

	if (!ref || !expense)
		return 0;
	buf_init(&f, FOLD_MAX);
	if (ref_fold(expense, strlen(expense), 1, &f) == 0 && f.len > 1) {
		for (i = 0; i < ref->expense.n; i++)
			if (!strcmp(f.s, ref->expense.v[i].key))
				break;
		quote(q, sizeof(q), expense);
		if (i < ref->expense.n) {
			set_match(ref, &ref->expense.v[i], RULE_EXPENSE, m);
			snprintf(m->evidence, sizeof(m->evidence), "expense type '%s'", q);
			found = 1;
		} else if (buf_reset(&f), ref_fold(expense, strlen(expense), 0, &f) == 0 &&
			   (kw = best_keyword(ref, &ref->expense_kw, f.s)) != NULL) {
			set_match(ref, kw, RULE_EXPENSE, m);
			m->broad = 1;
			quote(k, sizeof(k), kw->text);
			snprintf(m->evidence, sizeof(m->evidence), "expense type '%s' (keyword '%s')",
				 q, k);
			found = 1;
		}
	}
	buf_release(&f);
	return found;
}

int sector_match_name(const struct reference *ref, const char *name, struct sector_match *m)
{
	const struct rule *best = NULL;
	struct buf f;
	char kw[60], q[100];

	if (!ref || !name)
		return 0;
	buf_init(&f, FOLD_MAX);
	if (ref_fold(name, strlen(name), 0, &f) < 0 || f.len < 2) {
		buf_release(&f);
		return 0;
	}
	best = best_keyword(ref, &ref->keyword, f.s);
	buf_release(&f);
	if (!best)
		return 0;
	set_match(ref, best, RULE_KEYWORD, m);
	quote(kw, sizeof(kw), best->text);
	quote(q, sizeof(q), name);
	snprintf(m->evidence, sizeof(m->evidence), "name keyword '%s' in '%s'", kw, q);
	return 1;
}

const struct sector *sector_by_id(const struct reference *ref, const char *id)
{
	size_t i;

	if (!ref || !id)
		return NULL;
	for (i = 0; i < ref->nsectors; i++)
		if (!strcmp(ref->sectors[i].id, id))
			return &ref->sectors[i];
	return NULL;
}

size_t reference_sector_count(const struct reference *ref)
{
	return ref ? ref->nsectors : 0;
}

const struct sector *reference_sector_at(const struct reference *ref, size_t i)
{
	return ref && i < ref->nsectors ? &ref->sectors[i] : NULL;
}

const struct country *country_lookup(const struct reference *ref, const char *text)
{
	struct name_key want, *hit;
	char *key;

	if (!ref || !text)
		return NULL;
	key = ref_country_key(text);
	want.key = key;
	want.country = 0;
	hit = NULL;
	if (*key) {
		/* lower_bound on key alone: country 0 sorts first among equals */
		size_t lo = 0, hi = ref->nnames;

		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (ref_cmp_name(&ref->names[mid], &want) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < ref->nnames && !strcmp(ref->names[lo].key, key))
			hit = &ref->names[lo];
	}
	free(key);
	return hit ? &ref->countries[hit->country] : NULL;
}

size_t reference_country_count(const struct reference *ref)
{
	return ref ? ref->ncountries : 0;
}

const struct country *reference_country_at(const struct reference *ref, size_t i)
{
	return ref && i < ref->ncountries ? &ref->countries[i] : NULL;
}

static int same_ci(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (ascii_upper((unsigned char)*a) != ascii_upper((unsigned char)*b))
			return 0;
	return *a == *b;
}

const struct goods_listing *goods_lookup(const struct reference *ref, const char *good,
					 const char *alpha2)
{
	size_t i;

	if (!ref || !good || !alpha2)
		return NULL;
	for (i = 0; i < ref->ngoods; i++)
		if (same_ci(ref->goods[i].good, good) && same_ci(ref->goods[i].alpha2, alpha2))
			return &ref->goods[i];
	return NULL;
}
