/*
 * The name index (namematch.h): an inverted index of words over the keys
 * added, and the queries that find and score candidates in it with the
 * comparison of namematch.c (namematch_private.h).
 *
 * The index keeps each distinct key once as a "doc", numbered in order of
 * first add: its text in one buffer, its word ids, and after the build the
 * caller ids that share it.  Each word has an IDF weight and postings (the
 * docs holding it, ascending).  Typos are found by symmetric deletion: two
 * words one edit apart share the word or a one-byte deletion of it, so the
 * build sorts the hash of every deletion of every word (dels) and a query
 * looks up the deletions of its words.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chainwatch/diag.h"
#include "chainwatch/namematch.h"
#include "chainwatch/xalloc.h"

#include "namematch_private.h"

#define NONE UINT32_MAX

/* --- the index ----------------------------------------------------------- */

/* Strings in the index's text, numbered in order of adding, hashed. */
struct strtab {
	struct entry {
		uint32_t off, len, hash;
		uint32_t first;             /* keys: the doc's first word in doc_toks */
	} *e;
	uint32_t *slot;                     /* id + 1, 0 = empty */
	uint32_t n, cap, mask;
};

struct name_index {
	char *text;                         /* every distinct key, NUL-terminated */
	size_t ntext, text_cap;
	struct strtab keys, words;
	uint32_t *doc_toks;                 /* the word ids of each doc in turn */
	size_t ndoc_toks, doc_toks_cap;
	uint64_t *pairs;                    /* doc << 32 | caller id; sorted by the build */
	size_t npairs, pairs_cap;
	int built;
	/* made by name_index_build() */
	struct winfo {
		float w;                    /* IDF weight */
		uint32_t df;                /* docs holding the word */
	} *wi;
	double w_unseen, evidence;
	float *doc_w;                       /* sum of a doc's word weights */
	uint32_t *post_off, *post, *id_off; /* postings and ids: [off[x], off[x + 1]) */
	uint64_t *dels;                     /* hash of a word less one byte << 32 | word */
	uint32_t *del_off;                  /* dels by the top del_bits of the hash */
	uint32_t del_bits, common, max_len;
};

#define GROW(p, n, cap, first)                                                  \
	do {                                                                    \
		if ((n) == (cap)) {                                             \
			(cap) = (cap) ? (cap) * 2 : (first);                    \
			(p) = xreallocarray((p), (cap), sizeof(*(p)));          \
		}                                                               \
	} while (0)

#define HASH0 2166136261u

static uint32_t hash_bytes(uint32_t h, const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * 16777619u;
	return h;
}

static uint32_t strtab_find(const struct strtab *t, const char *text, const char *s, size_t len,
			    uint32_t h)
{
	uint32_t i, id;

	for (i = h & t->mask; t->slot && t->slot[i]; i = (i + 1) & t->mask) {
		id = t->slot[i] - 1;
		if (t->e[id].hash == h && t->e[id].len == len &&
		    !memcmp(text + t->e[id].off, s, len))
			return id;
	}
	return NONE;
}

static void strtab_place(struct strtab *t, uint32_t id)
{
	uint32_t i = t->e[id].hash & t->mask;

	while (t->slot[i])
		i = (i + 1) & t->mask;
	t->slot[i] = id + 1;
}

static uint32_t strtab_add(struct strtab *t, size_t off, size_t len, uint32_t h)
{
	uint32_t id;

	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 256;
		t->e = xreallocarray(t->e, t->cap, sizeof(*t->e));
		free(t->slot);
		t->mask = t->cap * 2 - 1;
		t->slot = xcalloc((size_t)t->mask + 1, sizeof(*t->slot));
		for (id = 0; id < t->n; id++)
			strtab_place(t, id);
	}
	id = t->n++;
	t->e[id].off = (uint32_t)off, t->e[id].len = (uint32_t)len, t->e[id].hash = h;
	strtab_place(t, id);
	return id;
}

static uint32_t word_find(const struct name_index *ix, const char *s, size_t n)
{
	return strtab_find(&ix->words, ix->text, s, n, hash_bytes(HASH0, s, n));
}

static struct tok index_word(const struct name_index *ix, uint32_t t)
{
	struct tok w = { ix->text + ix->words.e[t].off, ix->words.e[t].len, 0, 0, 0.0 };

	w.rare = ix->wi[t].df <= TYPO_DF_MAX;
	w.w = ix->wi[t].w;
	return w;
}

struct name_index *name_index_new(void)
{
	return xcalloc(1, sizeof(struct name_index));
}

static void index_unbuild(struct name_index *ix)
{
	free(ix->wi), free(ix->doc_w), free(ix->post_off), free(ix->post), free(ix->id_off);
	free(ix->dels), free(ix->del_off);
	ix->wi = NULL, ix->doc_w = NULL, ix->dels = NULL;
	ix->post_off = ix->post = ix->id_off = ix->del_off = NULL;
	ix->built = 0;
}

void name_index_free(struct name_index *ix)
{
	if (!ix)
		return;
	index_unbuild(ix);
	free(ix->keys.e), free(ix->keys.slot), free(ix->words.e), free(ix->words.slot);
	free(ix->text), free(ix->doc_toks), free(ix->pairs);
	free(ix);
}

void name_index_add(struct name_index *ix, const char *key, uint32_t id)
{
	size_t len, pos = 0, start, off;
	uint32_t h, doc, t;

	if (!ix || !key || !nm_next_word(key, len = strlen(key), &pos, &start))
		return;
	h = hash_bytes(HASH0, key, len);
	if ((doc = strtab_find(&ix->keys, ix->text, key, len, h)) == NONE) {
		if (ix->ntext + len + 1 > UINT32_MAX / 2 || ix->keys.n >= UINT32_MAX / 4 ||
		    ix->ndoc_toks + len > UINT32_MAX / 2)
			BUG("name index: more than 2 GB of names");
		if (ix->text_cap < ix->ntext + len + 1) {
			while (ix->text_cap < ix->ntext + len + 1)
				ix->text_cap = ix->text_cap ? ix->text_cap * 2 : 65536;
			ix->text = xrealloc(ix->text, ix->text_cap);
		}
		memcpy(ix->text + (off = ix->ntext), key, len + 1);
		ix->ntext += len + 1;
		doc = strtab_add(&ix->keys, off, len, h);
		ix->keys.e[doc].first = (uint32_t)ix->ndoc_toks;
		for (pos = 0; nm_next_word(key, len, &pos, &start);) {
			h = hash_bytes(HASH0, key + start, pos - start);
			t = strtab_find(&ix->words, ix->text, key + start, pos - start, h);
			if (t == NONE)
				t = strtab_add(&ix->words, off + start, pos - start, h);
			GROW(ix->doc_toks, ix->ndoc_toks, ix->doc_toks_cap, 1024);
			ix->doc_toks[ix->ndoc_toks++] = t;
		}
	}
	GROW(ix->pairs, ix->npairs, ix->pairs_cap, 1024);
	ix->pairs[ix->npairs++] = (uint64_t)doc << 32 | id;
	ix->built = 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

static uint32_t doc_end(const struct name_index *ix, uint32_t doc)
{
	return doc + 1 < ix->keys.n ? ix->keys.e[doc + 1].first : (uint32_t)ix->ndoc_toks;
}

/* Postings: each doc once per distinct word; counted (pos NULL), then filled. */
static void postings_pass(struct name_index *ix, uint32_t *last, uint32_t *pos)
{
	uint32_t d, k, t;

	memset(last, 0, ix->words.n * sizeof(*last));
	for (d = 0; d < ix->keys.n; d++)
		for (k = ix->keys.e[d].first; k < doc_end(ix, d); k++)
			if (last[t = ix->doc_toks[k]] != d + 1) {
				last[t] = d + 1;
				if (pos)
					ix->post[pos[t]++] = d;
				else
					ix->post_off[t + 1]++;
			}
}

/* The typo map: the hash of every one-byte deletion of every word that may be a typo. */
static void build_dels(struct name_index *ix)
{
	size_t n = 0, cap = 0, i;
	uint32_t t, k, h, bits;

	for (t = 0; t < ix->words.n; t++) {
		struct tok w = index_word(ix, t);

		for (k = 0; nm_word_plain(&w, TYPO_MINLEN, TYPO_MAXLEN) && k < w.len; k++) {
			GROW(ix->dels, n, cap, 1024);
			h = hash_bytes(hash_bytes(HASH0, w.s, k), w.s + k + 1, w.len - k - 1);
			ix->dels[n++] = (uint64_t)h << 32 | t;
		}
	}
	if (n)
		qsort(ix->dels, n, sizeof(*ix->dels), cmp_u64);
	for (bits = 1; bits < 24 && ((size_t)1 << bits) < n / 4; bits++)
		;
	ix->del_bits = bits;
	ix->del_off = xcalloc(((size_t)1 << ix->del_bits) + 1, sizeof(uint32_t));
	for (i = 0; i < n; i++)
		ix->del_off[(ix->dels[i] >> (64 - ix->del_bits)) + 1]++;
	for (i = 0; i < (size_t)1 << ix->del_bits; i++)
		ix->del_off[i + 1] += ix->del_off[i];
}

void name_index_build(struct name_index *ix)
{
	uint32_t ndoc, ntok, t, d, k, *last, *pos;
	size_t i, n;

	if (!ix)
		return;
	index_unbuild(ix);
	ndoc = ix->keys.n, ntok = ix->words.n;
	ix->post_off = xcalloc((size_t)ntok + 1, sizeof(uint32_t));
	last = xcalloc(ntok, sizeof(uint32_t));
	postings_pass(ix, last, NULL);
	for (t = 0; t < ntok; t++)
		ix->post_off[t + 1] += ix->post_off[t];
	ix->post = xcalloc(ix->post_off[ntok], sizeof(uint32_t));
	pos = xcalloc(ntok, sizeof(uint32_t));
	memcpy(pos, ix->post_off, ntok * sizeof(uint32_t));
	postings_pass(ix, last, pos);
	free(pos), free(last);

	ix->wi = xcalloc(ntok, sizeof(*ix->wi));
	for (t = 0; t < ntok; t++) {
		ix->wi[t].df = ix->post_off[t + 1] - ix->post_off[t];
		ix->wi[t].w = (float)(log((ndoc + 1.0) / (ix->wi[t].df + 1.0)) + IDF_FLOOR);
	}
	ix->w_unseen = log(ndoc + 1.0) + IDF_FLOOR;
	ix->evidence = EVIDENCE_SHARE * ix->w_unseen;
	ix->doc_w = xcalloc(ndoc, sizeof(float));
	for (ix->max_len = 0, d = 0; d < ndoc; d++) {
		double sum = 0.0;

		for (k = ix->keys.e[d].first; k < doc_end(ix, d); k++)
			sum += ix->wi[ix->doc_toks[k]].w;
		ix->doc_w[d] = (float)sum;
		ix->max_len = ix->keys.e[d].len > ix->max_len ? ix->keys.e[d].len : ix->max_len;
	}
	ix->common = ndoc / COMMON_SHARE;
	ix->common = ix->common > COMMON_MAX ? COMMON_MAX : ix->common;
	ix->common = ix->common < COMMON_MIN ? COMMON_MIN : ix->common;
	build_dels(ix);

	if (ix->npairs)
		qsort(ix->pairs, ix->npairs, sizeof(*ix->pairs), cmp_u64);
	for (i = n = 0; i < ix->npairs; i++)
		if (!n || ix->pairs[i] != ix->pairs[n - 1])
			ix->pairs[n++] = ix->pairs[i];
	ix->npairs = n;
	ix->pairs = xreallocarray(ix->pairs, ix->pairs_cap = n, sizeof(*ix->pairs));  /* to size */
	ix->doc_toks_cap = ix->ndoc_toks;
	ix->doc_toks = xreallocarray(ix->doc_toks, ix->doc_toks_cap, sizeof(*ix->doc_toks));
	ix->text = xrealloc(ix->text, ix->text_cap = ix->ntext);
	ix->id_off = xcalloc((size_t)ndoc + 1, sizeof(uint32_t));
	for (i = 0; i < n; i++)
		ix->id_off[(ix->pairs[i] >> 32) + 1]++;
	for (d = 0; d < ndoc; d++)
		ix->id_off[d + 1] += ix->id_off[d];
	ix->built = 1;
}

/* --- queries ------------------------------------------------------------- */

/* Words that may find candidates: the query's, and typos, parts and joins of them. */
struct gens {
	struct gen {
		uint32_t id, df;
		double w;                   /* the query weight it stands for */
		int walk;                   /* its postings make candidates */
	} *v;
	size_t n, cap;
};

struct hit {
	uint32_t doc;
	double score;
};

static void gens_push(const struct name_index *ix, struct gens *g, uint32_t id, double w)
{
	size_t i;

	for (i = 0; i < g->n; i++)
		if (g->v[i].id == id) {
			g->v[i].w = w > g->v[i].w ? w : g->v[i].w;
			return;
		}
	GROW(g->v, g->n, g->cap, 16);
	g->v[g->n].id = id, g->v[g->n].df = ix->wi[id].df, g->v[g->n++].w = w;
}

static void gens_typo(const struct name_index *ix, struct gens *g, const struct tok *q,
		      uint32_t id)
{
	struct tok w;

	if (id != NONE && (w = index_word(ix, id), q->rare || w.rare) && nm_typo_sim(q, &w) > 0.0 &&
	    (w.len != q->len || memcmp(w.s, q->s, w.len) != 0))
		gens_push(ix, g, id, q->w);
}

/*
 * Known words a typo from q (only rare ones unless q is rare): those sharing
 * q or a one-byte deletion of it with themselves or one of their deletions.
 */
static void gens_typos(const struct name_index *ix, struct gens *g, const struct tok *q)
{
	char v[TYPO_MAXLEN];
	size_t i, n = q->len, k, end;
	uint32_t h;

	for (i = 0; i <= n && nm_word_plain(q, TYPO_MINLEN, TYPO_MAXLEN); i++) {
		h = hash_bytes(HASH0, q->s, n);
		if (i < n) {
			memcpy(v, q->s, i);
			memcpy(v + i, q->s + i + 1, n - i - 1);
			h = hash_bytes(HASH0, v, n - 1);
			gens_typo(ix, g, q, strtab_find(&ix->words, ix->text, v, n - 1, h));
		}
		k = ix->del_off[h >> (32 - ix->del_bits)];
		end = ix->del_off[(h >> (32 - ix->del_bits)) + 1];
		for (; k < end && ix->dels[k] >> 32 <= h; k++)
			if (ix->dels[k] >> 32 == h)
				gens_typo(ix, g, q, (uint32_t)ix->dels[k]);
	}
}

/* Known words that rare q[i] splits in ("HOMECARE": HOME, CARE) or q[i] .. q[i + 3] join to. */
static void gens_joins(const struct name_index *ix, struct gens *g, const struct tok *q, size_t i,
		       size_t nq)
{
	char v[2 * TYPO_MAXLEN];
	size_t k, n;
	uint32_t a, b;
	double w = q[i].w;

	for (k = 1; q[i].rare && q[i].len <= TYPO_MAXLEN && k < q[i].len; k++)
		if ((a = word_find(ix, q[i].s, k)) != NONE &&
		    (b = word_find(ix, q[i].s + k, q[i].len - k)) != NONE) {
			gens_push(ix, g, a, q[i].w / 2.0);
			gens_push(ix, g, b, q[i].w / 2.0);
		}
	for (k = 1, n = q[i].len; k < RUN_MAX && i + k < nq && n + q[i + k].len <= sizeof(v);
	     k++) {
		memcpy(v, q[i].s, q[i].len);
		memcpy(v + n, q[i + k].s, q[i + k].len);
		n += q[i + k].len;
		w += q[i + k].w;
		if ((a = word_find(ix, v, n)) != NONE)
			gens_push(ix, g, a, w);
	}
}

static int cmp_gen(const void *a, const void *b)
{
	const struct gen *x = a, *y = b;

	if (x->w != y->w)
		return x->w < y->w ? 1 : -1;
	return (x->id > y->id) - (x->id < y->id);
}

/*
 * The docs that may match, ascending, each scored with the query weight
 * of the words it holds.  Only some words' postings make candidates:
 * heaviest first until the rest together could not lift a name to
 * min_score (sharing weight S alone gives a word score of at most
 * 2S / (Wq + S)), and none in more than ix->common docs unless no rarer
 * word finds anything.  The others add their weight to the candidates
 * holding them, or if in more than ix->common docs, to *rest.
 */
static struct hit *candidates(const struct name_index *ix, struct gens *g, double wq,
			      double min_score, size_t *ncand, double *rest)
{
	struct hit *a, *b, *t;
	size_t k = g->n, i, j, nb, total = 0, na = 0, rare = 0;
	double s = 0.0;

	if (g->n)
		qsort(g->v, g->n, sizeof(*g->v), cmp_gen);
	for (; k > 0; s += g->v[--k].w) {
		double with = s + g->v[k - 1].w;

		if (WORD_SHARE * 2.0 * with / (wq + with) + 1.0 - WORD_SHARE >= min_score)
			break;
	}
	for (i = 0; i < g->n; i++) {
		rare = g->v[i].df < g->v[rare].df ? i : rare;
		if ((g->v[i].walk = i < k && g->v[i].df <= ix->common))
			total += g->v[i].df;
	}
	if (!total && g->n)
		total = g->v[rare].df, g->v[rare].walk = 1;
	a = xcalloc(total, sizeof(*a));
	b = xcalloc(total, sizeof(*b));
	for (i = 0; i < g->n; i++) {                                    /* the union */
		const uint32_t *p = ix->post + ix->post_off[g->v[i].id], *pe = p + g->v[i].df;

		for (j = nb = 0; g->v[i].walk && (j < na || p < pe); nb++)
			if (p == pe || (j < na && a[j].doc < *p)) {
				b[nb] = a[j++];
			} else {
				b[nb].score = g->v[i].w;
				if (j < na && a[j].doc == *p)
					b[nb].score += a[j++].score;
				b[nb].doc = *p++;
			}
		if (g->v[i].walk)
			t = a, a = b, b = t, na = nb;
	}
	for (i = 0; i < g->n; i++) {                                    /* the others */
		const uint32_t *p = ix->post + ix->post_off[g->v[i].id], *pe = p + g->v[i].df;

		if (!g->v[i].walk && g->v[i].df > ix->common)
			*rest += g->v[i].w;
		for (j = 0; !g->v[i].walk && g->v[i].df <= ix->common && j < na && p < pe;) {
			uint32_t x = *p, y = a[j].doc;          /* branch-free merge */

			a[j].score += x == y ? g->v[i].w : 0.0;
			p += x <= y;
			j += x >= y;
		}
	}
	free(b);
	*ncand = na;
	return a;
}

static int cmp_candidate(const void *a, const void *b)
{
	const struct name_candidate *x = a, *y = b;

	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	return (x->id > y->id) - (x->id < y->id);
}

static int hit_better(const struct hit *x, const struct hit *y)
{
	return x->score > y->score || (x->score == y->score && x->doc < y->doc);
}

/* Keep the best m hits, best first, in top[*n]. */
static void top_offer(struct hit *top, size_t *n, size_t m, struct hit h)
{
	size_t i;

	if (*n == m && !hit_better(&h, &top[m - 1]))
		return;
	for (i = *n < m ? (*n)++ : m - 1; i > 0 && hit_better(&h, &top[i - 1]); i--)
		top[i] = top[i - 1];
	top[i] = h;
}

static void side_doc(const struct name_index *ix, struct side *d, uint32_t doc)
{
	const uint32_t *ids = ix->doc_toks + ix->keys.e[doc].first;
	size_t i;

	d->s = ix->text + ix->keys.e[doc].off;
	d->len = ix->keys.e[doc].len;
	nm_side_split(d);
	for (i = 0; i < d->nt; i++) {
		d->t[i].w = ix->wi[ids[i]].w;
		d->t[i].rare = ix->wi[ids[i]].df <= TYPO_DF_MAX;
	}
	d->evidence = ix->evidence;
}

/*
 * Candidates are ranked by an optimistic word score: the weight a doc
 * shares (acc) plus as much of *rest as the doc has left,
 * 2 (acc + min(rest, Wdoc - acc)) / (Wq + Wdoc), an equal key first; the
 * best max(max, SCORED_MIN) are scored in full.
 */
size_t name_index_query(const struct name_index *ix, const char *key, double min_score,
			struct name_candidate *out, size_t max)
{
	struct side q = { 0 }, d = { 0 };
	struct gens g = { 0 };
	struct hit *cand, *top;
	struct name_candidate *res;
	size_t ncand = 0, ntop = 0, m, nres = 0, i, j;
	uint32_t k, id, exact;
	double wq = 0.0, rest = 0.0, left;

	if (!ix || !ix->built || !key || !max || min_score > 1.0)
		return 0;
	nm_side_load(&q, key);
	for (i = 0; i < q.nt; i++) {
		size_t first = g.n;

		id = word_find(ix, q.t[i].s, q.t[i].len);
		q.t[i].w = id == NONE ? ix->w_unseen : ix->wi[id].w;
		q.t[i].rare = id == NONE || ix->wi[id].df <= TYPO_DF_MAX;
		if (id != NONE)
			gens_push(ix, &g, id, q.t[i].w);
		gens_typos(ix, &g, &q.t[i]);
		if (id == NONE && g.n > first) {        /* weighs as the rarest word it may mean */
			for (j = first, q.t[i].w = 0.0; j < g.n; j++)
				if (ix->wi[g.v[j].id].w > q.t[i].w)
					q.t[i].w = ix->wi[g.v[j].id].w;
			for (j = first; j < g.n; j++)
				g.v[j].w = q.t[i].w;
		}
		wq += q.t[i].w;
	}
	for (i = 0; i < q.nt; i++)
		gens_joins(ix, &g, q.t, i, q.nt);
	q.evidence = ix->evidence;
	cand = candidates(ix, &g, wq, min_score, &ncand, &rest);
	m = max > SCORED_MIN ? max : SCORED_MIN;
	m = m < ncand ? m : ncand;
	top = xcalloc(m, sizeof(*top));
	exact = strtab_find(&ix->keys, ix->text, q.s, q.len, hash_bytes(HASH0, q.s, q.len));
	for (i = 0; i < ncand; i++) {
		left = ix->doc_w[cand[i].doc] - cand[i].score;
		left = left < 0.0 ? 0.0 : left < rest ? left : rest;
		cand[i].score = cand[i].doc == exact ? 2.0 :
				2.0 * (cand[i].score + left) / (wq + ix->doc_w[cand[i].doc]);
		top_offer(top, &ntop, m, cand[i]);
	}
	d.t = xcalloc(ix->max_len / 2 + 1, sizeof(*d.t));
	for (i = j = 0; i < ntop; i++) {
		side_doc(ix, &d, top[i].doc);
		top[i].score = nm_pair_score(&q, &d, min_score);
		if (top[i].score >= min_score) {
			top[j++] = top[i];
			nres += ix->id_off[top[i].doc + 1] - ix->id_off[top[i].doc];
		}
	}
	res = xcalloc(nres, sizeof(*res));
	for (nres = 0, i = 0; i < j; i++)
		for (k = ix->id_off[top[i].doc]; k < ix->id_off[top[i].doc + 1]; k++) {
			res[nres].id = (uint32_t)ix->pairs[k];
			res[nres++].score = top[i].score;
		}
	qsort(res, nres, sizeof(*res), cmp_candidate);
	nres = nres < max ? nres : max;
	memcpy(out, res, nres * sizeof(*res));
	nm_side_release(&q), nm_side_release(&d);
	free(g.v), free(cand), free(top), free(res);
	return nres;
}
