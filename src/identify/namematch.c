/*
 * Fuzzy name matching (namematch.h): a weighted word alignment blended
 * with trigram Dice.  This file compares two keys: name_similarity(), and
 * the scoring nameindex.c's queries use (namematch_private.h), where words
 * weigh by rarity in the index.  The inverted index of words, its build
 * and its queries are in nameindex.c.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chainwatch/namematch.h"
#include "chainwatch/xalloc.h"

#include "namematch_private.h"

/* --- comparing two keys -------------------------------------------------- */

static const char *const generic_words[] = {
	"AND", "ASSOCIATES", "BUILDERS", "BUILDING", "CARE", "CENTRE", "CITY", "CLEANING",
	"COMPANY", "CONSTRUCTION", "CONSULTANCY", "CONSULTING", "CONTRACTORS", "COUNCIL",
	"COUNTY", "EDUCATION", "ENGINEERING", "ENTERPRISES", "EUROPE", "FACILITIES", "FOOD",
	"FOODS", "FOUNDATION", "GB", "GROUP", "HEALTHCARE", "HOLDING", "HOLDINGS", "HOME",
	"HOMES", "INTERNATIONAL", "LOGISTICS", "LONDON", "MAINTENANCE", "MANAGEMENT", "NHS",
	"OF", "PARTNERS", "PARTNERSHIP", "PROPERTIES", "PROPERTY", "RETAIL", "SERVICE",
	"SERVICES", "SOLUTIONS", "SUPPLIES", "SYSTEMS", "TECHNOLOGIES", "TECHNOLOGY", "THE",
	"TRADING", "TRAINING", "TRANSPORT", "TRUST", "UK", "UNIVERSITY",
};

static int word_generic(const struct tok *t)
{
	size_t i;

	for (i = 0; i < sizeof(generic_words) / sizeof(generic_words[0]); i++)
		if (strlen(generic_words[i]) == t->len && !memcmp(generic_words[i], t->s, t->len))
			return 1;
	return 0;
}

/* Words are runs of bytes above space: the next one at or after *pos. */
int nm_next_word(const char *s, size_t n, size_t *pos, size_t *start)
{
	size_t i = *pos;

	while (i < n && (unsigned char)s[i] <= ' ')
		i++;
	if (i == n)
		return 0;
	for (*start = i; i < n && (unsigned char)s[i] > ' '; i++)
		;
	*pos = i;
	return 1;
}

void nm_side_split(struct side *sd)
{
	size_t pos = 0, start;

	for (sd->nt = 0; nm_next_word(sd->s, sd->len, &pos, &start); sd->nt++) {
		sd->t[sd->nt].s = sd->s + start;
		sd->t[sd->nt].len = (uint32_t)(pos - start);
	}
}

/* The trigram of " s " centred on s[i]. */
static uint32_t trigram_at(const char *s, size_t len, size_t i)
{
	uint32_t c0 = i ? (unsigned char)s[i - 1] : ' ';
	uint32_t c2 = i + 1 < len ? (unsigned char)s[i + 1] : ' ';

	return c0 << 16 | (uint32_t)(unsigned char)s[i] << 8 | c2;
}

/* Trigram Dice of " a " and " b " (multisets): 2 shared / (len a + len b); a->tri sorted. */
static double dice(const struct side *a, const struct side *b)
{
	size_t i, k, hi, common = 0;

	memset(a->used, 0, a->len);
	for (i = 0; i < b->len; i++) {
		uint32_t x = trigram_at(b->s, b->len, i);

		for (k = 0, hi = a->len; k < hi;)
			if (a->tri[k + (hi - k) / 2] < x)
				k += (hi - k) / 2 + 1;
			else
				hi = k + (hi - k) / 2;
		while (k < a->len && a->tri[k] == x && a->used[k])
			k++;
		if (k < a->len && a->tri[k] == x)
			a->used[k] = 1, common++;
	}
	return 2.0 * (double)common / (double)(a->len + b->len);
}

/* minlen..maxlen bytes and no digits: "B2B" / "B2C", "121222" / "121223" are never alike. */
int nm_word_plain(const struct tok *t, uint32_t minlen, uint32_t maxlen)
{
	uint32_t i;

	for (i = 0; i < t->len; i++)
		if (t->s[i] >= '0' && t->s[i] <= '9')
			return 0;
	return t->len >= minlen && t->len <= maxlen;
}

/* 1 - edits / longer length if few edits (insert, delete, replace, swap) part a and b, else 0. */
double nm_typo_sim(const struct tok *a, const struct tok *b)
{
	unsigned rows[3][TYPO_MAXLEN + 1], *pp = rows[0], *p = rows[1], *c = rows[2], *t;
	size_t la = a->len, lb = b->len, big = la > lb ? la : lb, i, j;
	size_t edits = big >= TYPO_LONG ? 2 : 1;

	if (!nm_word_plain(a, TYPO_MINLEN, TYPO_MAXLEN) ||
	    !nm_word_plain(b, TYPO_MINLEN, TYPO_MAXLEN) || big - (la < lb ? la : lb) > edits)
		return 0.0;
	for (j = 0; j <= lb; j++)
		p[j] = (unsigned)j;
	for (i = 1; i <= la; i++, t = pp, pp = p, p = c, c = t) {
		c[0] = (unsigned)i;
		for (j = 1; j <= lb; j++) {
			unsigned v = p[j - 1] + (a->s[i - 1] != b->s[j - 1]);

			v = p[j] + 1 < v ? p[j] + 1 : v;
			v = c[j - 1] + 1 < v ? c[j - 1] + 1 : v;
			if (i > 1 && j > 1 && a->s[i - 1] == b->s[j - 2] &&
			    a->s[i - 2] == b->s[j - 1] && pp[j - 2] + 1 < v)
				v = pp[j - 2] + 1;
			c[j] = v;
		}
	}
	return p[lb] > edits ? 0.0 : 1.0 - (double)p[lb] / (double)big;
}

/*
 * Match each unused word of a to a run of 2..RUN_MAX unused words of b
 * that it joins ("HOMECARE" / "HOME CARE", "WH" / "W H": credit 1) or
 * abbreviates by initials ("ES" / "ENVIRONMENTAL SERVICES": credit
 * INITIALS_CREDIT).  Returns the credited weight of both sides.
 */
static double match_runs(struct tok *a, size_t na, struct tok *b, size_t nb)
{
	double got = 0.0;
	size_t i, j, k, m;

	for (i = 0; i < na; i++) {
		for (j = 0; j < nb && !a[i].used && a[i].len >= 2; j++) {
			size_t total = 0, off;
			double wsum = 0.0, credit = 0.0;
			int initials = 1;

			for (k = 0; k < RUN_MAX && j + k < nb && !b[j + k].used && !credit; k++) {
				total += b[j + k].len;
				wsum += b[j + k].w;
				initials = initials && k < a[i].len && b[j + k].s[0] == a[i].s[k];
				if (!k)
					continue;
				if (total > a[i].len && (!initials || k + 1 > a[i].len))
					break;
				for (m = 0, off = 0; total == a[i].len && m <= k &&
				     memcmp(a[i].s + off, b[j + m].s, b[j + m].len) == 0; m++)
					off += b[j + m].len;
				if (off == a[i].len)
					credit = 1.0;
				else if (initials && a[i].len == k + 1)
					credit = INITIALS_CREDIT;
			}
			if (credit > 0.0) {
				got += credit * (a[i].w + wsum);
				a[i].used = 1;
				for (m = j; m < j + k; m++)
					b[m].used = 1;
			}
		}
	}
	return got;
}

/* How alike two unequal words are: a typo (similarity squared), a rare word starting the other. */
static double word_near(const struct tok *a, const struct tok *b)
{
	const struct tok *sh = a->len < b->len ? a : b, *lo = sh == a ? b : a;
	double t = a->rare || b->rare ? nm_typo_sim(a, b) : 0.0;

	if (t > 0.0)
		return t * t;
	return sh->rare && sh->len < lo->len && nm_word_plain(sh, PREFIX_MINLEN, UINT32_MAX) &&
	       memcmp(sh->s, lo->s, sh->len) == 0 ? PREFIX_CREDIT : 0.0;
}

/*
 * Weighted word Dice: the sum over matched pairs of credit * (w(a) + w(b))
 * over the weight of all words of both.  Exact words first, then joined
 * words and initials, then typos and prefixes (both words weigh as the
 * lighter: a typo weighs what its word does).  Scaled down by shared /
 * evidence when the shared weight (half the sum) is below evidence, so
 * that two names sharing only "SERVICES" are not alike.
 */
static double word_score(struct side *x, struct side *y)
{
	struct tok *a = x->t, *b = y->t;
	size_t na = x->nt, nb = y->nt, i, j, bj;
	double num = 0.0, den = 0.0, best, s, w;

	for (i = 0; i < na; i++)
		den += a[i].w, a[i].used = 0;
	for (j = 0; j < nb; j++)
		den += b[j].w, b[j].used = 0;
	for (i = 0; i < na; i++)
		for (j = 0; j < nb && !a[i].used; j++) {
			if (b[j].used || b[j].len != a[i].len || memcmp(a[i].s, b[j].s, b[j].len))
				continue;
			num += a[i].w + b[j].w;
			a[i].used = b[j].used = 1;
		}
	num += match_runs(a, na, b, nb) + match_runs(b, nb, a, na);
	for (i = 0; i < na; i++) {
		for (j = bj = 0, best = 0.0; j < nb && !a[i].used; j++)
			if (!b[j].used && (s = word_near(&a[i], &b[j])) > best)
				best = s, bj = j;
		if (best > 0.0) {
			w = a[i].w < b[bj].w ? a[i].w : b[bj].w;
			den -= a[i].w + b[bj].w - 2.0 * w;
			num += best * 2.0 * w;
			a[i].used = b[bj].used = 1;
		}
	}
	if (den <= 0.0)
		return 0.0;
	return num / den * (num / 2.0 < x->evidence ? num / 2.0 / x->evidence : 1.0);
}

/* The similarity of a and b, or some score below min_score if it must be below. */
double nm_pair_score(struct side *a, struct side *b, double min_score)
{
	int c;
	double s;

	if (!a->nt || !b->nt)
		return 0.0;
	c = memcmp(a->s, b->s, a->len < b->len ? a->len : b->len);
	if (!c && a->len == b->len)
		return 1.0;
	if (c > 0 || (!c && a->len > b->len)) {         /* one order: symmetric */
		struct side *t = a;

		a = b, b = t;
	}
	s = WORD_SHARE * word_score(a, b);
	if (s + 1.0 - WORD_SHARE < min_score)
		return s;
	s += (1.0 - WORD_SHARE) * (a->tri ? dice(a, b) : dice(b, a));
	return s < 0.0 ? 0.0 : s > 1.0 ? 1.0 : s;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

/* Words (weight 1, generic ones GENERIC_WEIGHT) and sorted trigrams of s. */
void nm_side_load(struct side *sd, const char *s)
{
	size_t i;

	sd->s = s ? s : "";
	sd->len = strlen(sd->s);
	sd->t = xcalloc(sd->len / 2 + 1, sizeof(*sd->t));
	nm_side_split(sd);
	for (i = 0; i < sd->nt; i++) {
		sd->t[i].rare = 1;
		sd->t[i].w = word_generic(&sd->t[i]) ? GENERIC_WEIGHT : 1.0;
	}
	sd->tri = xcalloc(sd->len, sizeof(*sd->tri));
	sd->used = xcalloc(sd->len, 1);
	for (i = 0; i < sd->len; i++)
		sd->tri[i] = trigram_at(sd->s, sd->len, i);
	qsort(sd->tri, sd->len, sizeof(*sd->tri), cmp_u32);
	sd->evidence = EVIDENCE_SHARE;
}

void nm_side_release(struct side *sd)
{
	free(sd->t), free(sd->tri), free(sd->used);
}

double name_similarity(const char *a, const char *b)
{
	struct side x, y;
	double s;

	nm_side_load(&x, a);
	nm_side_load(&y, b);
	s = nm_pair_score(&x, &y, 0.0);
	nm_side_release(&x), nm_side_release(&y);
	return s;
}
