/*
 * The risk model's reference data: sectors/ loaded and validated.  The
 * checks over the loaded data as a whole are in referencecheck.c, the
 * matchers and lookups in sectormatch.c; the internals they share are in
 * reference_data.h.
 *
 * One loader serves reference_load() and reference_check(): it parses every
 * file, collecting problems through a struct checker.  reference_check()
 * reports them all; reference_load() fails on the first one, so a scan never
 * runs on reference data that `chainwatch reference check` would reject.
 * Only unreadable files and unparseable JSON stop the loader itself.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chainwatch/buf.h"
#include "chainwatch/csv.h"
#include "chainwatch/identity.h"
#include "chainwatch/json.h"
#include "chainwatch/outfile.h"
#include "chainwatch/reference.h"
#include "chainwatch/wages.h"
#include "chainwatch/sha256.h"
#include "chainwatch/xalloc.h"

#include "reference_data.h"

#define FILE_MAX ((size_t)64 << 20)

static const char *const file_names[F_COUNT] = {
	"sectors.json", "countries.csv", "goods.csv", "sic2007.csv", "cpv2008.csv"
};

/* ---- problems ---------------------------------------------------------- */

void ref_problem(struct checker *ck, const char *file, unsigned long line, const char *fmt, ...)
{
	char msg[DIAG_MSG_MAX];
	int k;
	va_list ap;

	if (line)
		k = snprintf(msg, sizeof(msg), "%s:%lu: ", file, line);
	else
		k = snprintf(msg, sizeof(msg), "%s: ", file);
	if (k < 0 || (size_t)k >= sizeof(msg))
		k = 0;
	va_start(ap, fmt);
	vsnprintf(msg + k, sizeof(msg) - (size_t)k, fmt, ap);
	va_end(ap);
	if (ck->count++ == 0)
		memcpy(ck->first, msg, sizeof(msg));
	if (ck->report)
		ck->report(ck->ctx, msg);
}

/* ---- text folding ------------------------------------------------------ */

/* Length of a trailing "(3rd)"-style suffix ("(3rd)", "(3rd", "(3r"), else 0. */
static size_t third_party_suffix(const char *s, size_t n)
{
	static const char tail[] = "3RD";
	size_t open, i, k;

	while (n && (s[n - 1] == ' ' || s[n - 1] == ')'))
		n--;
	for (open = n; open > 0 && s[open - 1] != '('; open--)
		;
	if (!open)
		return 0;
	for (i = open, k = 0; i < n; i++) {
		if (s[i] == ' ')
			continue;
		if (k >= 3 || ascii_upper((unsigned char)s[i]) != tail[k])
			return 0;
		k++;
	}
	return k ? open - 1 : 0;
}

/*
 * Fold text for phrase matching: cleaned (text_clean), ASCII upper case,
 * apostrophes deleted, '&' -> AND, other ASCII punctuation -> space, UTF-8
 * letters kept, one space between words and one at each end: " ABC CARE ".
 * With `suffix`, a trailing "(3rd)" is dropped first.
 */
int ref_fold(const char *s, size_t n, int suffix, struct buf *out)
{
	struct buf clean;
	const unsigned char *p;
	size_t i, len;
	int ret = -1;

	buf_init(&clean, FOLD_MAX);
	buf_reset(out);
	if (text_clean(s, n, &clean) < 0)
		goto out;
	len = clean.len;
	if (suffix) {
		size_t cut = third_party_suffix(clean.s, len);

		if (cut)
			len = cut;
	}
	p = (const unsigned char *)clean.s;
	if (buf_addc(out, ' ') < 0)
		goto out;
	for (i = 0; i < len; i++) {
		unsigned char c = p[i];
		const char *add = NULL;
		char one[2] = { 0, 0 };

		if (c == '\'' || c == '`')
			continue;
		if (c == 0xE2 && i + 2 < len && p[i + 1] == 0x80 && (p[i + 2] == 0x98 || p[i + 2] == 0x99)) {
			i += 2;
			continue;
		}
		if (c == 0xC2 && i + 1 < len && p[i + 1] == 0xB4) {
			i++;
			continue;
		}
		if (c == '&') {
			add = " AND ";
		} else if (ascii_alnum(c) || c >= 0x80) {
			one[0] = (char)ascii_upper(c);
			add = one;
		} else {
			add = " ";
		}
		if (add[0] == ' ' && out->s[out->len - 1] == ' ')
			add++;
		if (buf_adds(out, add) < 0)
			goto out;
	}
	if (out->s[out->len - 1] != ' ' && buf_addc(out, ' ') < 0)
		goto out;
	ret = 0;
out:
	buf_release(&clean);
	return ret;
}

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

/*
 * Country lookup key: ASCII letters and digits upper-cased, everything else
 * dropped; Latin-1 letters (U+00C0-U+00FF) folded to their base letter so
 * "Türkiye" and "Turkiye" agree.
 */
char *ref_country_key(const char *s)
{
	static const char latin[] = "AAAAAAACEEEEIIIIDNOOOOO*OUUUUYTSAAAAAAACEEEEIIIIDNOOOOO/OUUUUYTY";
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i, k = 0;
	char *r = xmalloc(n + 1);

	for (i = 0; i < n; i++) {
		if (ascii_alnum(p[i])) {
			r[k++] = (char)ascii_upper(p[i]);
		} else if (p[i] == 0xC3 && i + 1 < n && p[i + 1] >= 0x80 && p[i + 1] <= 0xBF) {
			char c = latin[p[i + 1] - 0x80];

			if (c != '*' && c != '/')
				r[k++] = c;
			i++;
		} else if (p[i] >= 0x80) {
			r[k++] = (char)p[i];
		}
	}
	r[k] = '\0';
	return r;
}

/* ---- small helpers ----------------------------------------------------- */

static int read_whole(const char *path, char **out, size_t *len, struct diag *err)
{
	struct buf b;
	int fd = -1, ret = -1;

	buf_init(&b, FILE_MAX);
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		diag_set(err, CW_INPUT, "cannot open '%s': %s", path, strerror(errno));
		goto out;
	}
	for (;;) {
		ssize_t r;

		if (buf_grow(&b, 65536) < 0) {
			diag_set(err, CW_INPUT, "'%s' is larger than %zu bytes", path, FILE_MAX);
			goto out;
		}
		r = read(fd, b.s + b.len, b.cap - b.len - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			diag_set(err, CW_INPUT, "cannot read '%s': %s", path, strerror(errno));
			goto out;
		}
		if (r == 0)
			break;
		b.len += (size_t)r;
		b.s[b.len] = '\0';
	}
	*out = buf_detach(&b, len);
	ret = 0;
out:
	if (fd >= 0)
		close(fd);
	buf_release(&b);
	return ret;
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

static void free_rules(struct rules *rs)
{
	size_t i;

	for (i = 0; i < rs->n; i++) {
		free(rs->v[i].text);
		free(rs->v[i].key);
		free(rs->v[i].to);
	}
	free(rs->v);
}

static void free_strings(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static int all_digits(const char *s, size_t n)
{
	size_t i;

	if (!n)
		return 0;
	for (i = 0; i < n; i++)
		if (!ascii_digit((unsigned char)s[i]))
			return 0;
	return 1;
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
		if (strlen(a) != 5 || !all_digits(a, 5) || strlen(b) != 5 || !all_digits(b, 5)) {
			ref_problem(ld->ck, file, line, "SIC '%s' is not a 5-digit code or range", v[i]);
			free(a);
			free(b);
			continue;
		}
		add_rule(&ref->sic, v[i], a, b, si, line);
	}
	free_strings(v, n);

	v = field_strings(ld, sec, "cpv", ref->sd[si].line, &n);
	for (i = 0; i < n; i++) {
		unsigned long line = line_at(text, find_quoted(text, from, to, v[i]));
		size_t len = strlen(v[i]);

		if (len < 2 || len > 8 || !all_digits(v[i], len)) {
			ref_problem(ld->ck, file, line, "CPV prefix '%s' is not 2 to 8 digits", v[i]);
			continue;
		}
		add_rule(&ref->cpv, v[i], xstrdup(v[i]), NULL, si, line);
	}
	free_strings(v, n);

	v = field_strings(ld, sec, "proclass", ref->sd[si].line, &n);
	for (i = 0; i < n; i++) {
		unsigned long line = line_at(text, find_quoted(text, from, to, v[i]));

		if (all_digits(v[i], strlen(v[i])))
			add_rule(&ref->proclass, v[i], xstrdup(v[i]), NULL, si, line);
		else
			add_rule(&ref->proclass, v[i], fold_dup(v[i], 0), NULL, si, line);
	}
	free_strings(v, n);

	v = field_strings(ld, sec, "expense", ref->sd[si].line, &n);
	for (i = 0; i < n; i++)
		add_rule(&ref->expense, v[i], fold_dup(v[i], 1), NULL, si,
			 line_at(text, find_quoted(text, from, to, v[i])));
	free_strings(v, n);

	v = field_strings(ld, sec, "expense_broad", ref->sd[si].line, &n);
	for (i = 0; i < n; i++) {
		add_rule(&ref->expense, v[i], fold_dup(v[i], 1), NULL, si,
			 line_at(text, find_quoted(text, from, to, v[i])));
		ref->expense.v[ref->expense.n - 1].broad = 1;
	}
	free_strings(v, n);

	v = field_strings(ld, sec, "keywords", ref->sd[si].line, &n);
	for (i = 0; i < n; i++)
		add_rule(&ref->keyword, v[i], fold_dup(v[i], 0), NULL, si,
			 line_at(text, find_quoted(text, from, to, v[i])));
	free_strings(v, n);

	v = field_strings(ld, sec, "exclusions", ref->sd[si].line, &n);
	ref->sd[si].excl = v;
	ref->sd[si].nexcl = n;
	for (i = 0; i < n; i++) {
		char *f = fold_dup(v[i], 0);

		free(v[i]);
		v[i] = f;
	}
}

static int load_sectors(struct loader *ld, struct diag *err)
{
	struct reference *ref = ld->ref;
	const char *file = ld->path[F_SECTORS];
	struct jdoc *doc = NULL;
	const struct jnode *root, *arr;
	char *text = NULL;
	size_t len, i, n, *pos = NULL;
	int ret = -1;

	if (read_whole(file, &text, &len, err) < 0)
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
static void publish_sectors(struct reference *ref)
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

/*
 * Read a CSV table: "# version: ..." and "# source: ..." lines first, then
 * a header; `cols` names the columns wanted (NULL-terminated) and `idx`
 * receives their positions.  `row` is called per data record.
 */
static int load_csv(struct loader *ld, enum ref_file f, const char *const *cols, size_t *idx,
		    void (*row)(struct loader *ld, const struct csv_record *rec, const size_t *idx),
		    struct diag *err)
{
	struct reference_file *rf = &ld->ref->files[f];
	const char *file = ld->path[f];
	struct csv_reader *r = NULL;
	struct csv_record rec;
	struct buf version, source;
	char *text = NULL;
	size_t len, i;
	int header = 0, ret = -1, k;

	buf_init(&version, 4096);
	buf_init(&source, 4096);
	if (read_whole(file, &text, &len, err) < 0)
		goto out;
	r = csv_reader_mem(text, len, NULL);
	while ((k = csv_next(r, &rec, err)) == 1) {
		if (rec.toobig) {
			ref_problem(ld->ck, file, rec.line, "record too long");
			continue;
		}
		if (!header && rec.nfields && rec.fields[0].len && rec.fields[0].p[0] == '#') {
			const char *p = rec.raw + 1, *e = rec.raw + rec.rawlen;
			struct buf *into = NULL;

			while (p < e && *p == ' ')
				p++;
			if ((size_t)(e - p) >= 8 && !memcmp(p, "version:", 8)) {
				into = &version;
				p += 8;
			} else if ((size_t)(e - p) >= 7 && !memcmp(p, "source:", 7)) {
				into = &source;
				p += 7;
			}
			while (p < e && *p == ' ')
				p++;
			if (into && !into->len)
				buf_add(into, p, (size_t)(e - p));
			continue;
		}
		if (rec.nfields == 1 && rec.fields[0].len == 0)
			continue;
		if (!header) {
			for (i = 0; cols[i]; i++) {
				size_t j;

				idx[i] = (size_t)-1;
				for (j = 0; j < rec.nfields; j++)
					if (!strcmp(rec.fields[j].p, cols[i]))
						idx[i] = j;
				if (idx[i] == (size_t)-1) {
					diag_set(err, CW_INPUT, "no '%s' column in the header", cols[i]);
					diag_locate(err, file, rec.line, 0);
					goto out;
				}
			}
			header = 1;
			continue;
		}
		for (i = 0; cols[i]; i++)
			if (idx[i] >= rec.nfields)
				break;
		if (cols[i]) {
			ref_problem(ld->ck, file, rec.line, "%zu fields, the header has more", rec.nfields);
			continue;
		}
		row(ld, &rec, idx);
	}
	if (k < 0) {
		diag_locate(err, file, 0, 0);
		goto out;
	}
	if (!header) {
		diag_set(err, CW_INPUT, "%s: no header row", file);
		goto out;
	}
	if (!version.len)
		ref_problem(ld->ck, file, 0, "no '# version:' line");
	rf->version = xstrdup(version.s);
	rf->source = xstrdup(source.s);
	ret = 0;
out:
	csv_reader_free(r);
	free(text);
	buf_release(&version);
	buf_release(&source);
	return ret;
}

static const char *field(const struct csv_record *rec, size_t i)
{
	return rec->fields[i].p;
}

static int parse_int(const char *s, long *out)
{
	char *end;
	long v;

	if (!*s || !(ascii_digit((unsigned char)*s) || *s == '-'))
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end)
		return -1;
	*out = v;
	return 0;
}

static int parse_double(const char *s, double *out)
{
	char *end;
	double v;

	if (!*s || !(ascii_digit((unsigned char)*s) || *s == '.'))
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (errno || *end)
		return -1;
	*out = v;
	return 0;
}

static void add_name(struct reference *ref, const char *text, size_t country)
{
	char *key = ref_country_key(text);

	if (!*key) {
		free(key);
		return;
	}
	ref->names = xreallocarray(ref->names, ref->nnames + 1, sizeof(*ref->names));
	ref->names[ref->nnames].key = key;
	ref->names[ref->nnames].country = country;
	ref->nnames++;
}

static void country_row(struct loader *ld, const struct csv_record *rec, const size_t *idx)
{
	struct reference *ref = ld->ref;
	const char *file = ld->path[F_COUNTRIES];
	const char *a2 = field(rec, idx[0]), *name = field(rec, idx[1]);
	const char *aliases = field(rec, idx[2]), *prev = field(rec, idx[3]);
	const char *score = field(rec, idx[4]), *a3 = field(rec, idx[5]);
	struct country *c;
	long sc;
	double pv = -1;

	if (strlen(a2) != 2 || a2[0] < 'A' || a2[0] > 'Z' || a2[1] < 'A' || a2[1] > 'Z') {
		ref_problem(ld->ck, file, rec->line, "alpha2 '%s' is not two capital letters", a2);
		return;
	}
	if (parse_int(score, &sc) < 0 || sc < 0 || sc > 100) {
		ref_problem(ld->ck, file, rec->line, "country '%s': score '%s' is not 0-100", a2, score);
		return;
	}
	if (*prev && (parse_double(prev, &pv) < 0 || pv < 0 || pv > 1000)) {
		ref_problem(ld->ck, file, rec->line, "country '%s': prevalence '%s' is not a number",
			a2, prev);
		return;
	}
	ref->countries = xreallocarray(ref->countries, ref->ncountries + 1, sizeof(*ref->countries));
	ref->country_lines = xreallocarray(ref->country_lines, ref->ncountries + 1,
					   sizeof(*ref->country_lines));
	ref->country_lines[ref->ncountries] = rec->line;
	c = &ref->countries[ref->ncountries];
	memcpy(c->alpha2, a2, 3);
	c->name = xstrdup(*name ? name : a2);
	c->prevalence = *prev ? pv : -1;
	c->score = (int)sc;
	add_name(ref, a2, ref->ncountries);
	if (*a3)
		add_name(ref, a3, ref->ncountries);
	add_name(ref, c->name, ref->ncountries);
	while (*aliases) {
		const char *bar = strchr(aliases, '|');
		size_t n = bar ? (size_t)(bar - aliases) : strlen(aliases);
		char *one = xstrndup(aliases, n);

		add_name(ref, one, ref->ncountries);
		free(one);
		aliases += n + (bar ? 1 : 0);
	}
	ref->ncountries++;
}

static int yes_no(const char *s, int *out)
{
	if (!strcmp(s, "yes") || !strcmp(s, "Yes")) {
		*out = 1;
		return 0;
	}
	if (!strcmp(s, "no") || !strcmp(s, "No")) {
		*out = 0;
		return 0;
	}
	return -1;
}

static void goods_row(struct loader *ld, const struct csv_record *rec, const size_t *idx)
{
	struct reference *ref = ld->ref;
	const char *file = ld->path[F_GOODS];
	const char *good = field(rec, idx[0]), *country = field(rec, idx[1]);
	const char *a2 = field(rec, idx[2]);
	struct goods_listing *g;
	int fl, cl;

	if (!*good || strlen(a2) != 2) {
		ref_problem(ld->ck, file, rec->line, "goods row needs a good and a 2-letter alpha2");
		return;
	}
	if (yes_no(field(rec, idx[3]), &fl) < 0 || yes_no(field(rec, idx[4]), &cl) < 0) {
		ref_problem(ld->ck, file, rec->line,
			"good '%s': forced_labour and child_labour must be yes or no", good);
		return;
	}
	ref->goods = xreallocarray(ref->goods, ref->ngoods + 1, sizeof(*ref->goods));
	ref->goods_lines = xreallocarray(ref->goods_lines, ref->ngoods + 1, sizeof(*ref->goods_lines));
	ref->goods_lines[ref->ngoods] = rec->line;
	g = &ref->goods[ref->ngoods++];
	g->good = xstrdup(good);
	g->country = xstrdup(country);
	memcpy(g->alpha2, a2, 3);
	g->forced_labour = fl;
	g->child_labour = cl;
}

static void sic_row(struct loader *ld, const struct csv_record *rec, const size_t *idx)
{
	struct reference *ref = ld->ref;
	const char *code = field(rec, idx[0]);

	if (strlen(code) != 5 || !all_digits(code, 5)) {
		ref_problem(ld->ck, ld->path[F_SIC], rec->line, "SIC code '%s' is not 5 digits", code);
		return;
	}
	ref->sic_codes = xreallocarray(ref->sic_codes, ref->nsic_codes + 1, sizeof(*ref->sic_codes));
	memcpy(ref->sic_codes[ref->nsic_codes++], code, 6);
}

static void cpv_row(struct loader *ld, const struct csv_record *rec, const size_t *idx)
{
	struct reference *ref = ld->ref;
	const char *code = field(rec, idx[0]);

	if (strlen(code) < 8 || !all_digits(code, 8)) {
		ref_problem(ld->ck, ld->path[F_CPV], rec->line, "CPV code '%s' is not 8 digits", code);
		return;
	}
	ref->cpv_codes = xreallocarray(ref->cpv_codes, ref->ncpv_codes + 1, sizeof(*ref->cpv_codes));
	memcpy(ref->cpv_codes[ref->ncpv_codes], code, 8);
	ref->cpv_codes[ref->ncpv_codes++][8] = '\0';
}

int ref_cmp_str6(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

int ref_cmp_str9(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

int ref_cmp_name(const void *a, const void *b)
{
	const struct name_key *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	if (c)
		return c;
	return x->country < y->country ? -1 : x->country > y->country;
}

/* ---- load / free ------------------------------------------------------- */

static int load_all(const char *dir, struct checker *ck, struct reference **out, struct diag *err)
{
	static const char *const country_cols[] = {
		"alpha2", "name", "aliases", "gsi_prevalence_per_1000", "score", "alpha3", NULL
	};
	static const char *const goods_cols[] = {
		"good", "country", "alpha2", "forced_labour", "child_labour", NULL
	};
	static const char *const sic_cols[] = { "SIC Code", NULL };
	static const char *const cpv_cols[] = { "CODE", NULL };
	struct loader ld;
	struct reference *ref = xcalloc(1, sizeof(*ref));
	size_t idx[8], i;
	int ret = -1;

	memset(&ld, 0, sizeof(ld));
	ld.ref = ref;
	ld.ck = ck;
	ref->dir = dir ? xstrdup(dir) : data_dir("sectors", "sectors.json");
	for (i = 0; i < F_COUNT; i++) {
		struct buf b;

		buf_init(&b, 0);
		buf_printf(&b, "%s/%s", ref->dir, file_names[i]);
		ld.path[i] = buf_detach(&b, NULL);
		ref->files[i].path = file_names[i];
		if (sha256_file(ld.path[i], ref->files[i].sha256, NULL, err) < 0)
			goto out;
	}
	if (load_sectors(&ld, err) < 0)
		goto out;
	publish_sectors(ref);
	if (load_csv(&ld, F_COUNTRIES, country_cols, idx, country_row, err) < 0 ||
	    load_csv(&ld, F_GOODS, goods_cols, idx, goods_row, err) < 0 ||
	    load_csv(&ld, F_SIC, sic_cols, idx, sic_row, err) < 0 ||
	    load_csv(&ld, F_CPV, cpv_cols, idx, cpv_row, err) < 0)
		goto out;
	qsort(ref->sic_codes, ref->nsic_codes, 6, ref_cmp_str6);
	qsort(ref->cpv_codes, ref->ncpv_codes, 9, ref_cmp_str9);
	qsort(ref->names, ref->nnames, sizeof(*ref->names), ref_cmp_name);
	ref_check_all(&ld);
	*out = ref;
	ref = NULL;
	ret = 0;
out:
	for (i = 0; i < F_COUNT; i++)
		free(ld.path[i]);
	reference_free(ref);
	return ret;
}

int reference_load(const char *dir, struct reference **out, struct diag *err)
{
	struct checker ck;
	struct reference *ref = NULL;

	memset(&ck, 0, sizeof(ck));
	if (load_all(dir, &ck, &ref, err) < 0)
		return -1;
	if (ck.count) {
		diag_set(err, CW_INPUT, "%s (%ld problem%s; run 'chainwatch reference check')",
			 ck.first, ck.count, ck.count == 1 ? "" : "s");
		reference_free(ref);
		return -1;
	}
	*out = ref;
	return 0;
}

long reference_check(const char *dir, void (*report)(void *ctx, const char *msg), void *ctx,
		     struct diag *err)
{
	struct checker ck;
	struct reference *ref = NULL;

	memset(&ck, 0, sizeof(ck));
	ck.report = report;
	ck.ctx = ctx;
	struct buf path;
	long n;

	if (load_all(dir, &ck, &ref, err) < 0)
		return -1;
	/* the wage tables the tender checks use live beside the rest (wages.h) */
	buf_init(&path, 0);
	buf_printf(&path, "%s/wages.json", ref->dir);
	n = wages_check(path.s, report, ctx, err);
	buf_release(&path);
	reference_free(ref);
	return n < 0 ? -1 : (long)ck.count + n;
}

void reference_free(struct reference *ref)
{
	size_t i;

	if (!ref)
		return;
	for (i = 0; i < ref->nsectors; i++) {
		struct sector_data *d = &ref->sd[i];

		free_strings(d->ppn, d->nppn);
		free_strings(d->sources, d->nsources);
		free_strings(d->goods, d->ngoods);
		free_strings(d->excl, d->nexcl);
		free(d->id);
		free(d->label);
		free(d->tier);
		free(d->rationale);
	}
	free(ref->sd);
	free(ref->sectors);
	free_rules(&ref->sic);
	free_rules(&ref->cpv);
	free_rules(&ref->proclass);
	free_rules(&ref->expense);
	free_rules(&ref->keyword);
	for (i = 0; i < ref->ncountries; i++)
		free((char *)ref->countries[i].name);
	free(ref->countries);
	for (i = 0; i < ref->nnames; i++)
		free(ref->names[i].key);
	free(ref->names);
	for (i = 0; i < ref->ngoods; i++) {
		free((char *)ref->goods[i].good);
		free((char *)ref->goods[i].country);
	}
	free(ref->goods);
	free(ref->goods_lines);
	free(ref->country_lines);
	free(ref->sic_codes);
	free(ref->cpv_codes);
	for (i = 0; i < F_COUNT; i++) {
		free((char *)ref->files[i].version);
		free((char *)ref->files[i].source);
	}
	free(ref->dir);
	free(ref);
}

const char *reference_dir(const struct reference *ref)
{
	return ref ? ref->dir : NULL;
}

size_t reference_file_count(const struct reference *ref)
{
	return ref ? F_COUNT : 0;
}

const struct reference_file *reference_file_at(const struct reference *ref, size_t i)
{
	return ref && i < F_COUNT ? &ref->files[i] : NULL;
}
