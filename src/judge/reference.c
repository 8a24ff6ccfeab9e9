/*
 * The risk model's reference data: sectors/ loaded and validated.  This file
 * holds the entry points (reference_load, reference_check, reference_free
 * and the file accessors), the problem collector, text folding, the file
 * reading helpers and the loaded tables' sort orders.  sectors.json is
 * parsed in referencesectors.c, the CSV tables (countries, goods, SIC, CPV)
 * in referencetables.c; the functions those files share with this one are
 * declared in reference_data.h, with the internals they all share.  The
 * checks over the loaded data as a whole are in referencecheck.c, the
 * matchers and lookups in sectormatch.c.
 *
 * One loader serves reference_load() and reference_check(): it parses every
 * file, collecting problems through a struct diag_problems (diag.h).
 * reference_check() reports them all; reference_load() fails on the first
 * one, so a scan never runs on reference data that `chainwatch reference
 * check` would reject.
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
#include "chainwatch/datadir.h"
#include "chainwatch/identity.h"
#include "chainwatch/reference.h"
#include "chainwatch/sha256.h"
#include "chainwatch/wages.h"
#include "chainwatch/xalloc.h"

#include "reference_data.h"

#define FILE_MAX ((size_t)64 << 20)

static const char *const file_names[F_COUNT] = {
	"sectors.json", "countries.csv", "goods.csv", "sic2007.csv", "cpv2008.csv"
};

/* ---- problems ---------------------------------------------------------- */

void ref_problem(struct diag_problems *ck, const char *file, unsigned long line,
		 const char *fmt, ...)
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
	diag_problems_add(ck, msg);
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

int ref_read_whole(const char *path, char **out, size_t *len, struct diag *err)
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

void ref_free_strings(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

int ref_all_digits(const char *s, size_t n)
{
	size_t i;

	if (!n)
		return 0;
	for (i = 0; i < n; i++)
		if (!ascii_digit((unsigned char)s[i]))
			return 0;
	return 1;
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

static int load_all(const char *dir, struct diag_problems *ck, struct reference **out,
		    struct diag *err)
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
	if (ref_load_sectors(&ld, err) < 0)
		goto out;
	ref_publish_sectors(ref);
	if (ref_load_csv(&ld, F_COUNTRIES, country_cols, idx, ref_country_row, err) < 0 ||
	    ref_load_csv(&ld, F_GOODS, goods_cols, idx, ref_goods_row, err) < 0 ||
	    ref_load_csv(&ld, F_SIC, sic_cols, idx, ref_sic_row, err) < 0 ||
	    ref_load_csv(&ld, F_CPV, cpv_cols, idx, ref_cpv_row, err) < 0)
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
	struct diag_problems ck;
	struct reference *ref = NULL;

	diag_problems_init(&ck, NULL, NULL);
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
	struct diag_problems ck;
	struct reference *ref = NULL;

	diag_problems_init(&ck, report, ctx);
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

		ref_free_strings(d->ppn, d->nppn);
		ref_free_strings(d->sources, d->nsources);
		ref_free_strings(d->goods, d->ngoods);
		ref_free_strings(d->excl, d->nexcl);
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
	free_rules(&ref->expense_kw);
	free_rules(&ref->charity);
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
