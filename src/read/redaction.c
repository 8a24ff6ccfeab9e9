/*
 * redaction.c: redaction wordings as data (redaction.h).
 *
 * A payee none of whose words starts a wording leaves after one pass over
 * its bytes (a 4096-bit set of word hashes).  Otherwise whole-field
 * wordings are found by a binary search, and patterns are tried in file
 * order, each first through a mask of the letters it needs.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chainwatch/ascii.h"
#include "chainwatch/buf.h"
#include "chainwatch/identity.h"
#include "chainwatch/redaction.h"
#include "chainwatch/xalloc.h"


struct wording {
	char *text;              /* as written, with its "= " or "~ " */
	char *key;               /* key form; a pattern's with a space each side */
	uint64_t letters;        /* a pattern's letters and digits, one bit each */
	int whole;
};

struct redactions {
	struct wording *w;       /* file order: the indices redactions_match returns */
	size_t n;
	size_t *sorted;          /* whole wordings by key */
	size_t nsorted;
	uint64_t first[64];      /* 4096-bit set of the hashes of each wording's first word */
};

/* FNV-1a of a word's letters and digits with case folded (c | 0x20 leaves digits alone). */
#define WORD_HASH_INIT 2166136261u
static uint32_t word_hash_step(uint32_t h, unsigned char c)
{
	return (h ^ (uint32_t)(c | 0x20u)) * 16777619u;
}

static void set_first_word(struct redactions *r, const char *key)
{
	uint32_t h = WORD_HASH_INIT;
	const char *p = key + 1;         /* keys start with a space */

	while (*p && *p != ' ')
		h = word_hash_step(h, (unsigned char)*p++);
	h &= 4095u;
	r->first[h >> 6] |= (uint64_t)1 << (h & 63u);
}

/*
 * Could the payee match at all: does any of its words start a wording?
 * One pass, no copy: most suppliers' names leave here.
 */
static int may_match(const struct redactions *r, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	uint32_t h = WORD_HASH_INIT;
	int inword = 0;
	size_t k;

	for (;;) {
		if (p < end && ascii_alnum(*p)) {
			h = word_hash_step(h, *p++);
			inword = 1;
			continue;
		}
		if (p < end && (k = text_invisible_at(p, end)) != 0) {
			p += k;
			continue;
		}
		if (inword) {
			h &= 4095u;
			if (r->first[h >> 6] >> (h & 63u) & 1u)
				return 1;
			h = WORD_HASH_INIT;
			inword = 0;
		}
		if (p >= end)
			return 0;
		p++;
	}
}

/* Key form of s[0..n) into out (>= REDACTION_KEY_MAX + 3), with a space each side. */
static size_t make_key(const char *s, size_t n, char *out, uint64_t *letters)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	size_t o = 0, k;
	int gap = 1;

	out[o++] = ' ';
	*letters = 0;
	while (p < end && o < REDACTION_KEY_MAX + 1) {
		unsigned char c = *p;

		if (ascii_alnum(c)) {
			if (gap && o > 1)
				out[o++] = ' ';
			gap = 0;
			c = ascii_upper(c);
			out[o++] = (char)c;
			*letters |= (uint64_t)1 << (ascii_digit(c) ? 26 + (c - '0') : c - 'A');
			p++;
		} else if ((k = text_invisible_at(p, end)) != 0) {
			p += k;
		} else {
			gap = 1;
			p++;
		}
	}
	if (o < REDACTION_KEY_MAX + 1 && o > 1)
		out[o++] = ' ';
	out[o] = '\0';
	return o;
}

static const struct redactions *sort_ctx;

static int by_key(const void *a, const void *b)
{
	return strcmp(sort_ctx->w[*(const size_t *)a].key, sort_ctx->w[*(const size_t *)b].key);
}

void redactions_free(struct redactions *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->n; i++) {
		free(r->w[i].text);
		free(r->w[i].key);
	}
	free(r->w);
	free(r->sorted);
	free(r);
}

int redactions_parse(const char *text, size_t n, const char *name, struct redactions **out,
		     struct diag *err)
{
	struct redactions *r = xcalloc(1, sizeof(*r));
	const char *p = text, *end = text + n;
	unsigned long line = 0;
	size_t cap = 0, i;
	char key[REDACTION_KEY_MAX + 4];

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end, *q = p;
		struct wording w;

		line++;
		p = nl ? nl + 1 : end;
		while (e > q && (e[-1] == '\r' || e[-1] == ' ' || e[-1] == '\t'))
			e--;
		while (q < e && (*q == ' ' || *q == '\t'))
			q++;
		if (q == e || *q == '#')
			continue;
		if ((*q != '=' && *q != '~') || e - q < 2 || (q[1] != ' ' && q[1] != '\t')) {
			diag_set(err, CW_INPUT, "expected '= wording' or '~ wording', not '%.*s'",
				 (int)(e - q > 60 ? 60 : e - q), q);
			goto fail_at;
		}
		memset(&w, 0, sizeof(w));
		w.whole = *q == '=';
		if (make_key(q + 2, (size_t)(e - q - 2), key, &w.letters) <= 1) {
			diag_set(err, CW_INPUT, "wording '%.*s' has no letters or digits",
				 (int)(e - q > 60 ? 60 : e - q), q);
			goto fail_at;
		}
		for (i = 0; i < r->n; i++)
			if (r->w[i].whole == w.whole && !strcmp(r->w[i].key, key)) {
				diag_set(err, CW_INPUT, "wording '%.*s' is given twice",
					 (int)(e - q > 60 ? 60 : e - q), q);
				goto fail_at;
			}
		w.text = xstrndup(q, (size_t)(e - q));
		w.key = xstrdup(key);
		set_first_word(r, key);
		if (r->n == cap) {
			cap = cap ? 2 * cap : 32;
			r->w = xreallocarray(r->w, cap, sizeof(*r->w));
		}
		r->w[r->n++] = w;
	}
	r->sorted = xcalloc(r->n ? r->n : 1, sizeof(*r->sorted));
	for (i = 0; i < r->n; i++)
		if (r->w[i].whole)
			r->sorted[r->nsorted++] = i;
	sort_ctx = r;
	qsort(r->sorted, r->nsorted, sizeof(*r->sorted), by_key);
	sort_ctx = NULL;
	*out = r;
	return 0;
fail_at:
	diag_locate(err, name, line, 0);
	redactions_free(r);
	return -1;
}

int redactions_load(const char *path, struct redactions **out, struct diag *err)
{
	FILE *fp = fopen(path, "rb");
	struct buf b;
	char chunk[4096];
	size_t n;
	int ret;

	if (!fp) {
		diag_set(err, CW_INPUT, "cannot open: %s", strerror(errno));
		return diag_locate(err, path, 0, 0);
	}
	buf_init(&b, (size_t)1 << 20);
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		if (buf_add(&b, chunk, n) < 0) {
			fclose(fp);
			buf_release(&b);
			diag_set(err, CW_INPUT, "file is larger than 1 MiB");
			return diag_locate(err, path, 0, 0);
		}
	fclose(fp);
	ret = redactions_parse(b.s, b.len, path, out, err);
	buf_release(&b);
	return ret;
}

int redactions_match(const struct redactions *r, const char *s, size_t n)
{
	char key[REDACTION_KEY_MAX + 4];
	uint64_t letters;
	size_t len, lo, hi, i;

	if (!r || !r->n || !may_match(r, s, n))
		return -1;
	len = make_key(s, n, key, &letters);
	if (len <= 1)
		return -1;
	lo = 0;
	hi = r->nsorted;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(r->w[r->sorted[mid]].key, key);

		if (!c)
			return (int)r->sorted[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = 0; i < r->n; i++)
		if (!r->w[i].whole && (r->w[i].letters & ~letters) == 0 && strstr(key, r->w[i].key))
			return (int)i;
	return -1;
}

size_t redactions_count(const struct redactions *r)
{
	return r ? r->n : 0;
}

const char *redactions_wording(const struct redactions *r, size_t i)
{
	return r && i < r->n ? r->w[i].text : NULL;
}
