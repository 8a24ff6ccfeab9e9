/*
 * Loading sectors.json, the sector taxonomy: each sector's id, label, tier,
 * score, workforce and goods class, PPN factors, sources and goods, and its
 * mappings (SIC codes and ranges, CPV prefixes, ProClass codes, expense
 * phrases, name keywords and their exclusions) into struct reference, each
 * with the line it came from so the checks can point at it.  Part of the
 * reference module: reference.c calls ref_load_sectors() and
 * ref_publish_sectors() (reference_data.h).
 */
#include <stdlib.h>
#include <string.h>

#include "chainwatch/buf.h"
#include "chainwatch/charities.h"
#include "chainwatch/json.h"
#include "chainwatch/reference.h"
#include "chainwatch/xalloc.h"

#include "reference_data.h"

/* ---- small helpers ----------------------------------------------------- */

static char *fold_dup(const char *s, int suffix)
{
	struct buf b;
	char *r;

	buf_init(&b, FOLD_MAX);
	if (ref_fold(s, strlen(s), suffix, &b) < 0)
		buf_reset(&b);
	r = xstrdup(b.s);
	buf_release(&b);
	return r;
}

static void add_rule(struct rules *rs, const char *text, char *key, char *to, size_t sector,
		     unsigned long line)
{
	struct rule *r;

	if (rs->n == rs->cap) {
		rs->cap = rs->cap ? rs->cap * 2 : 32;
		rs->v = xreallocarray(rs->v, rs->cap, sizeof(*rs->v));
	}
	r = &rs->v[rs->n++];
	r->text = xstrdup(text);
	r->key = key;
	r->to = to;
	r->sector = sector;
	r->line = line;
	r->broad = 0;
}

static unsigned long line_at(const char *text, size_t pos)
{
	unsigned long line = 1;
	size_t i;

	for (i = 0; i < pos && text[i]; i++)
		if (text[i] == '\n')
			line++;
	return line;
}

/* Offset of "needle" (quoted) in text[from, to), or `from` when absent. */
static size_t find_quoted(const char *text, size_t from, size_t to, const char *needle)
{
	size_t n = strlen(needle), i;

	for (i = from; i + n + 2 <= to; i++)
		if (text[i] == '"' && text[i + n + 1] == '"' && !memcmp(text + i + 1, needle, n))
			return i;
	return from;
}

/* ---- loading ----------------------------------------------------------- */

static char **field_strings(struct loader *ld, const struct jnode *sec, const char *key,
			   unsigned long line, size_t *n)
{
	const struct jnode *a = jnode_get(sec, key);
	char **v;
	size_t i, k = 0;

	*n = 0;
	if (!a)
		return NULL;
	if (!jnode_is_array(a)) {
		ref_problem(ld->ck, ld->path[F_SECTORS], line, "'%s' is not a list", key);
		return NULL;
	}
	v = xcalloc(jnode_array_size(a) + 1, sizeof(*v));
	for (i = 0; i < jnode_array_size(a); i++) {
		const char *s = jnode_string(jnode_array_at(a, i));

		if (!s) {
			ref_problem(ld->ck, ld->path[F_SECTORS], line, "'%s' item %zu is not a string",
				key, i + 1);
			continue;
		}
		v[k++] = xstrdup(s);
	}
	*n = k;
	return v;
}

static int field_int(struct loader *ld, const struct jnode *sec, const char *key, unsigned long line,
		    int *out)
{
	long long v;

	if (jnode_integer(jnode_get(sec, key), &v) < 0) {
		ref_problem(ld->ck, ld->path[F_SECTORS], line, "'%s' is missing or not an integer", key);
		return -1;
	}
	if (v < -1000000 || v > 1000000)
		v = v < 0 ? -1000000 : 1000000;
	*out = (int)v;
	return 0;
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/*
 * A charity classification rule, "202+306": Charity Commission codes
 * (charity_class_name()) joined by '+', all of which a charity must have;
 * its key the codes ascending ("202+306").  NULL when it is not one.
 */
static char *charity_rule_key(const char *s)
{
	int codes[8];
	size_t n = 0, i;
	struct buf b;

	while (*s) {
		if (n == 8 || !ascii_digit((unsigned char)s[0]) || !ascii_digit((unsigned char)s[1]) ||
		    !ascii_digit((unsigned char)s[2]) || (s[3] && s[3] != '+'))
			return NULL;
		codes[n] = (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
		if (!charity_class_name(codes[n++]))
			return NULL;
		s += s[3] ? 4 : 3;
	}
	if (!n)
		return NULL;
	qsort(codes, n, sizeof(codes[0]), cmp_int);
	buf_init(&b, 0);
	for (i = 0; i < n; i++)
		buf_printf(&b, "%s%d", i ? "+" : "", codes[i]);
	return buf_detach(&b, NULL);
}

static void load_mappings(struct loader *ld, const struct jnode *sec, size_t si, const char *text,
			  size_t from, size_t to)
{
	struct reference *ref = ld->ref;
	const char *file = ld->path[F_SECTORS];
	char **v;
	size_t n, i;

	v = field_strings(ld, sec, "sic", ref->sd[si].line, &n);
	for (i = 0; i < n; i++) {
		unsigned long line = line_at(text, find_quoted(text, from, to, v[i]));
		const char *dash = strchr(v[i], '-');
		char *a, *b;

		a = dash ? xstrndup(v[i], (size_t)(dash - v[i])) : xstrdup(v[i]);
		b = xstrdup(dash ? dash + 1 : v[i]);
		if (strlen(a) != 5 || !ref_all_digits(a, 5) || strlen(b) != 5 || !ref_all_digits(b, 5)) {
			ref_problem(ld->ck, file, line, "SIC '%s' is not a 5-digit code or range", v[i]);
			free(a);
			free(b);
			continue;
		}
		add_rule(&ref->sic, v[i], a, b, si, line);
	}
	ref_free_strings(v, n);

	v = field_strings(ld, sec, "cpv", ref->sd[si].line, &n);
	for (i = 0; i < n; i++) {
		unsigned long line = line_at(text, find_quoted(text, from, to, v[i]));
		size_t len = strlen(v[i]);

		if (len < 2 || len > 8 || !ref_all_digits(v[i], len)) {
			ref_problem(ld->ck, file, line, "CPV prefix '%s' is not 2 to 8 digits", v[i]);
			continue;
		}
		add_rule(&ref->cpv, v[i], xstrdup(v[i]), NULL, si, line);
	}
	ref_free_strings(v, n);

	v = field_strings(ld, sec, "proclass", ref->sd[si].line, &n);
	for (i = 0; i < n; i++) {
		unsigned long line = line_at(text, find_quoted(text, from, to, v[i]));

		if (ref_all_digits(v[i], strlen(v[i])))
			add_rule(&ref->proclass, v[i], xstrdup(v[i]), NULL, si, line);
		else
			add_rule(&ref->proclass, v[i], fold_dup(v[i], 0), NULL, si, line);
	}
	ref_free_strings(v, n);

	v = field_strings(ld, sec, "expense", ref->sd[si].line, &n);
	for (i = 0; i < n; i++)
		add_rule(&ref->expense, v[i], fold_dup(v[i], 1), NULL, si,
			 line_at(text, find_quoted(text, from, to, v[i])));
	ref_free_strings(v, n);

	v = field_strings(ld, sec, "expense_broad", ref->sd[si].line, &n);
	for (i = 0; i < n; i++) {
		add_rule(&ref->expense, v[i], fold_dup(v[i], 1), NULL, si,
			 line_at(text, find_quoted(text, from, to, v[i])));
		ref->expense.v[ref->expense.n - 1].broad = 1;
	}
	ref_free_strings(v, n);

	v = field_strings(ld, sec, "keywords", ref->sd[si].line, &n);
	for (i = 0; i < n; i++)
		add_rule(&ref->keyword, v[i], fold_dup(v[i], 0), NULL, si,
			 line_at(text, find_quoted(text, from, to, v[i])));
	ref_free_strings(v, n);

	v = field_strings(ld, sec, "expense_keywords", ref->sd[si].line, &n);
	for (i = 0; i < n; i++)
		add_rule(&ref->expense_kw, v[i], fold_dup(v[i], 0), NULL, si,
			 line_at(text, find_quoted(text, from, to, v[i])));
	ref_free_strings(v, n);

	v = field_strings(ld, sec, "charity_classification", ref->sd[si].line, &n);
	for (i = 0; i < n; i++) {
		unsigned long line = line_at(text, find_quoted(text, from, to, v[i]));
		char *key = charity_rule_key(v[i]);

		if (!key) {
			ref_problem(ld->ck, file, line, "charity classification '%s' is not Charity "
				    "Commission codes joined by '+' (\"202+306\")", v[i]);
			continue;
		}
		add_rule(&ref->charity, v[i], key, NULL, si, line);
	}
	ref_free_strings(v, n);

	v = field_strings(ld, sec, "exclusions", ref->sd[si].line, &n);
	ref->sd[si].excl = v;
	ref->sd[si].nexcl = n;
	for (i = 0; i < n; i++) {
		char *f = fold_dup(v[i], 0);

		free(v[i]);
		v[i] = f;
	}
}

int ref_load_sectors(struct loader *ld, struct diag *err)
{
	struct reference *ref = ld->ref;
	const char *file = ld->path[F_SECTORS];
	struct jdoc *doc = NULL;
	const struct jnode *root, *arr;
	char *text = NULL;
	size_t len, i, n, *pos = NULL;
	int ret = -1;

	if (ref_read_whole(file, &text, &len, err) < 0)
		goto out;
	if (jdoc_load_mem(text, len, file, &doc, err) < 0)
		goto out;
	root = jdoc_root(doc);
	arr = jnode_get(root, "sectors");
	if (!jnode_is_array(arr)) {
		diag_set(err, CW_INPUT, "%s: no \"sectors\" list", file);
		goto out;
	}
	ref->files[F_SECTORS].version = xstrdup(jnode_string(jnode_get(root, "version")) ?
						jnode_string(jnode_get(root, "version")) : "");
	ref->files[F_SECTORS].source = xstrdup(jnode_string(jnode_get(root, "source")) ?
					       jnode_string(jnode_get(root, "source")) : "");
	if (!*ref->files[F_SECTORS].version)
		ref_problem(ld->ck, file, 0, "no \"version\"");

	/* where each sector starts in the text: the k-th "id" key */
	n = jnode_array_size(arr);
	pos = xcalloc(n + 1, sizeof(*pos));
	{
		size_t k = 0, at = 0;
		const char *p;

		while (k < n && (p = strstr(text + at, "\"id\"")) != NULL) {
			pos[k++] = (size_t)(p - text);
			at = (size_t)(p - text) + 4;
		}
		for (; k < n; k++)
			pos[k] = k ? pos[k - 1] : 0;
		pos[n] = len;
	}

	ref->sectors = xcalloc(n ? n : 1, sizeof(*ref->sectors));
	ref->sd = xcalloc(n ? n : 1, sizeof(*ref->sd));
	for (i = 0; i < n; i++) {
		const struct jnode *sec = jnode_array_at(arr, i);
		struct sector *s = &ref->sectors[ref->nsectors];
		struct sector_data *d = &ref->sd[ref->nsectors];
		unsigned long line = line_at(text, pos[i]);
		const char *id = jnode_string(jnode_get(sec, "id"));
		const char *label = jnode_string(jnode_get(sec, "label"));
		const char *tier = jnode_string(jnode_get(sec, "tier"));
		const char *why = jnode_string(jnode_get(sec, "rationale"));

		if (!jnode_is_object(sec) || !id || !*id) {
			ref_problem(ld->ck, file, line, "sector %zu has no \"id\"", i + 1);
			continue;
		}
		d->line = line;
		d->id = xstrdup(id);
		d->label = xstrdup(label ? label : id);
		d->tier = xstrdup(tier ? tier : "");
		d->rationale = xstrdup(why ? why : "");
		if (!label)
			ref_problem(ld->ck, file, line, "sector '%s' has no \"label\"", id);
		if (!tier)
			ref_problem(ld->ck, file, line, "sector '%s' has no \"tier\"", id);
		if (field_int(ld, sec, "score", line, &s->score) < 0)
			s->score = 45;
		if (field_int(ld, sec, "workforce", line, &s->workforce) < 0)
			s->workforce = 0;
		if (field_int(ld, sec, "goods_class", line, &s->goods_class) < 0)
			s->goods_class = 0;
		if (jnode_get(sec, "name_decides") &&
		    jnode_boolean(jnode_get(sec, "name_decides"), &s->name_decides) < 0)
			ref_problem(ld->ck, file, line, "'name_decides' must be true or false");
		d->ppn = field_strings(ld, sec, "ppn_factors", line, &d->nppn);
		d->sources = field_strings(ld, sec, "sources", line, &d->nsources);
		d->goods = field_strings(ld, sec, "goods", line, &d->ngoods);
		load_mappings(ld, sec, ref->nsectors, text, pos[i], pos[i + 1]);
		ref->nsectors++;
	}
	ret = 0;
out:
	free(pos);
	free(text);
	jdoc_free(doc);
	return ret;
}

/* The public struct sector points into sector_data, which owns the strings. */
void ref_publish_sectors(struct reference *ref)
{
	size_t i;

	for (i = 0; i < ref->nsectors; i++) {
		struct sector *s = &ref->sectors[i];
		struct sector_data *d = &ref->sd[i];

		s->id = d->id;
		s->label = d->label;
		s->tier = d->tier;
		s->rationale = d->rationale;
		s->ppn_factors = (const char *const *)d->ppn;
		s->nppn_factors = d->nppn;
		s->sources = (const char *const *)d->sources;
		s->nsources = d->nsources;
		s->goods = (const char *const *)d->goods;
		s->ngoods = d->ngoods;
	}
}
