/*
 * companymatch.c: a payee name to a company of the Companies House
 * register (companymatch.h): exact keys of the name and its variants
 * first, then a conservative fuzzy step that never takes a sibling.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "chainwatch/ascii.h"
#include "chainwatch/buf.h"
#include "chainwatch/companymatch.h"
#include "chainwatch/identity.h"
#include "chainwatch/namematch.h"

#define KEY_MAX 256               /* longer keys are not looked up */
#define VARIANTS_MAX 8
#define EXACT_MAX 64              /* companies read per exact key */
#define PREFIX_MAX 64             /* keys read per prefix */
#define TRUNCATED_MIN 15          /* a key this long may have been cut at a field width */
#define TRUNCATED_CONFIDENCE 0.85
#define VARIANT_CONFIDENCE 0.95
#define PREVIOUS_PENALTY 0.05

struct variants {
	char k[VARIANTS_MAX][KEY_MAX];
	int variant[VARIANTS_MAX];    /* 0: the name as printed; 1: a variant */
	char strict[VARIANTS_MAX][KEY_MAX];   /* the text it came from, strict_key()ed */
	size_t n;
};

const char *company_outcome_name(enum company_outcome o)
{
	switch (o) {
	case COMPANY_MATCHED:
		return "matched";
	case COMPANY_AMBIGUOUS:
		return "ambiguous";
	default:
		return "unmatched";
	}
}

enum form { FORM_NONE, FORM_LTD, FORM_PLC, FORM_LLP, FORM_LP, FORM_CIC };


void company_hits_release(struct company_hits *h)
{
	free(h->v);
	h->v = NULL;
	h->n = h->cap = 0;
}

void company_keys_release(struct company_keys *k)
{
	free(k->v);
	k->v = NULL;
	k->n = k->cap = 0;
}

/* The last legal-form word of a name as printed: "TWIN NAME LTD (REF 1)" is FORM_LTD. */
static enum form legal_form_of(const char *s)
{
	static const struct {
		const char *w;
		enum form f;
	} forms[] = {
		{ "LTD", FORM_LTD }, { "LIMITED", FORM_LTD }, { "PLC", FORM_PLC },
		{ "LLP", FORM_LLP }, { "LP", FORM_LP }, { "CIC", FORM_CIC },
	};
	enum form f = FORM_NONE;
	size_t i, n;

	while (*s) {
		while (*s && !ascii_alnum((unsigned char)*s))
			s++;
		for (n = 0; ascii_alnum((unsigned char)s[n]); n++)
			;
		for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++)
			if (strlen(forms[i].w) == n && !strncasecmp(s, forms[i].w, n))
				f = forms[i].f;
		s += n;
	}
	return f;
}

int company_name_has_legal_form(const char *name)
{
	return legal_form_of(name) != FORM_NONE;
}

/* "MERIDIAN I T SOLUTIONS" -> "MERIDIAN IT SOLUTIONS": runs of one-letter words joined. */
static int join_letters(const char *k, char out[KEY_MAX])
{
	size_t i, o = 0;
	int joined = 0;

	for (i = 0; k[i] && o + 1 < KEY_MAX; i++) {
		/* a space between two one-letter words goes */
		if (k[i] == ' ' && i >= 1 && (i == 1 || k[i - 2] == ' ') &&
		    k[i + 1] && (k[i + 2] == ' ' || !k[i + 2])) {
			joined = 1;
			continue;
		}
		out[o++] = k[i];
	}
	out[o] = '\0';
	return joined;
}

/*
 * A stricter key, to tell apart companies one name key joins: words of
 * letters and digits in upper case, "&" as AND, apostrophes dropped, a
 * leading THE dropped, LIMITED as LTD, but "(UK)" and the legal form kept
 * ("ACME (UK) LIMITED" is "ACME UK LTD"); with `noform`, the legal form
 * at the end dropped too ("ACME UK").
 */
static void strict_key(const char *s, size_t n, int noform, char out[KEY_MAX])
{
	size_t i = 0, o = 0, w;
	int sep = 0;

	while (i < n && o + 8 < KEY_MAX) {
		unsigned char c = (unsigned char)s[i];

		if (ascii_alnum(c) || c >= 0x80) {
			if (sep && o)
				out[o++] = ' ';
			sep = 0;
			out[o++] = (char)ascii_upper(c);
		} else if (c == '&') {
			if (o)
				out[o++] = ' ';
			memcpy(out + o, "AND", 3);
			o += 3;
			sep = 1;
		} else if (c != '\'' && c != '`') {
			sep = 1;
		}
		i++;
	}
	out[o] = '\0';
	if (!strncmp(out, "THE ", 4))
		memmove(out, out + 4, strlen(out + 4) + 1);
	for (;;) {
		char *last = strrchr(out, ' ');

		w = last ? (size_t)(last + 1 - out) : 0;
		if (!strcmp(out + w, "LIMITED"))
			memcpy(out + w, "LTD", 4);
		if (!noform || !last || legal_form_of(out + w) == FORM_NONE)
			break;
		*last = '\0';
	}
}

static void variants_put(struct variants *v, const char *k, size_t n, int variant,
			 const char *strict)
{
	size_t i;

	if (!n || n >= KEY_MAX || v->n == VARIANTS_MAX)
		return;
	for (i = 0; i < v->n; i++)
		if (strlen(v->k[i]) == n && !memcmp(v->k[i], k, n))
			return;
	memcpy(v->k[v->n], k, n);
	v->k[v->n][n] = '\0';
	snprintf(v->strict[v->n], KEY_MAX, "%s", strict);
	v->variant[v->n++] = variant;
}

/* A legal form cut short at a field width: LIM, LIMI, LIMIT, LIMITE, LT. */
static int cut_legal_form(const char *w, size_t n)
{
	return (n >= 3 && n < 7 && !memcmp(w, "LIMITED", n)) || (n == 2 && !memcmp(w, "LT", 2));
}

/* The key of s[0..n) and, when it ends in a cut-short legal form, the key without it. */
static void variants_add(struct variants *v, const char *s, size_t n, int variant, struct buf *b)
{
	char strict[KEY_MAX];
	const char *sp;

	buf_reset(b);
	if (name_key(s, n, b) < 0 || !b->len)
		return;
	strict_key(s, n, 0, strict);
	variants_put(v, b->s, b->len, variant, strict);
	sp = strrchr(b->s, ' ');
	if (sp && cut_legal_form(sp + 1, b->len - (size_t)(sp + 1 - b->s)))
		variants_put(v, b->s, (size_t)(sp - b->s), 1, strict);
}

/* Where a " - " (or " – ") descriptor starts in s, or n when there is none. */
static size_t descriptor_at(const char *s, size_t n)
{
	size_t i;

	for (i = 1; i + 2 < n; i++) {
		if (s[i - 1] != ' ')
			continue;
		if (s[i] == '-' && s[i + 1] == ' ')
			return i - 1;
		if (i + 4 < n && !memcmp(s + i, "\xE2\x80\x93 ", 4))
			return i - 1;
	}
	return n;
}

/*
 * s[0..n) without the bracketed parts at its end, "(REF 1234)", "[DD]",
 * an unclosed "(EXETER" cut off, into b.  Brackets inside the name stay:
 * "ACME (2015) LTD" is a company of its own.
 */
static void without_brackets(const char *s, size_t n, struct buf *b)
{
	size_t end = n, i;

	for (;;) {
		while (end && s[end - 1] == ' ')
			end--;
		if (end && (s[end - 1] == ')' || s[end - 1] == ']')) {
			char open = s[end - 1] == ')' ? '(' : '[';

			for (i = end - 1; i > 0 && s[i - 1] != open; i--)
				;
			if (!i)
				break;
			end = i - 1;
			continue;
		}
		/* an unclosed bracket: the name was cut inside it */
		for (i = end; i > 0 && s[i - 1] != '(' && s[i - 1] != ')'; i--)
			;
		if (i && s[i - 1] == '(') {
			end = i - 1;
			continue;
		}
		break;
	}
	buf_reset(b);
	buf_add(b, s, end);
}

/* The keys to try, in order; v->k[v->n - 1] ... and *core: descriptor and brackets gone. */
static void payee_variants(const char *payee, struct variants *v, char core[KEY_MAX])
{
	struct buf nob, key;
	size_t n = strlen(payee), cut = descriptor_at(payee, n);

	buf_init(&nob, 1 << 16);
	buf_init(&key, 1 << 16);
	memset(v, 0, sizeof(*v));
	core[0] = '\0';
	variants_add(v, payee, n, 0, &key);
	if (cut < n)
		variants_add(v, payee, cut, 1, &key);
	without_brackets(payee, n, &nob);
	variants_add(v, nob.s, nob.len, 1, &key);
	without_brackets(payee, cut, &nob);
	variants_add(v, nob.s, nob.len, 1, &key);
	{
		size_t i, n0 = v->n;
		char joined[KEY_MAX];

		for (i = 0; i < n0; i++)
			if (join_letters(v->k[i], joined))
				variants_put(v, joined, strlen(joined), 1, v->strict[i]);
	}
	/* the core: the last key made from the stripped name */
	buf_reset(&key);
	if (name_key(nob.s, nob.len, &key) == 0 && key.len < KEY_MAX)
		memcpy(core, key.s, key.len + 1);
	buf_release(&nob);
	buf_release(&key);
}

/*
 * 0 best: active by current name; 1 active by previous (a charity: by a
 * working name), 2 a charity's previous name; then the same for the
 * others (inactive, removed).
 */
static int hit_class(const struct company_hit *h)
{
	return (h->active ? 0 : 3) + (h->previous > 0 && h->previous < 3 ? h->previous : 0);
}

/* One hit per company, its best class kept. */
static void hits_dedupe(struct company_hits *h)
{
	size_t i, j, n = 0;

	for (i = 0; i < h->n; i++) {
		for (j = 0; j < n; j++)
			if (!strcmp(h->v[j].number, h->v[i].number))
				break;
		if (j < n) {
			if (hit_class(&h->v[i]) < hit_class(&h->v[j]))
				h->v[j] = h->v[i];
			continue;
		}
		h->v[n++] = h->v[i];
	}
	h->n = n;
}

static void set_ambiguous(struct company_match *m, const struct company_hit *v, size_t n,
			  const char *key)
{
	size_t i;

	m->outcome = COMPANY_AMBIGUOUS;
	m->method = "";
	m->confidence = 0;
	snprintf(m->key, sizeof(m->key), "%s", key);
	m->ncandidates = 0;
	for (i = 0; i < n && m->ncandidates < COMPANY_MATCH_CANDIDATES; i++)
		m->candidates[m->ncandidates++] = v[i];
}

static void set_matched(struct company_match *m, const struct company_hit *h, const char *method,
			double confidence, const char *key)
{
	m->outcome = COMPANY_MATCHED;
	m->method = method;
	m->confidence = confidence;
	m->company = *h;
	snprintf(m->key, sizeof(m->key), "%s", key);
}

/*
 * Decide among the companies one key found: the best class, when it holds
 * one company; ambiguous when it holds several.  Keeps only that class in h.
 */
/*
 * Several companies hold the key by their current name ("ACME LIMITED",
 * "ACME (UK) LIMITED", "ACME LLP"): the one whose name is the payee's
 * with its legal form ("ACME (UK) LTD"), else the one whose name is the
 * payee's but for the legal form ("ACME (UK)"), whatever their status.
 * 0 with it moved to h->v[0] and h->n = 1; -1 when none or not one.
 */
static int pick_strict(struct company_hits *h, const char *strict)
{
	char sk[KEY_MAX], noform[KEY_MAX];
	size_t i, current = 0, which = 0;
	int pass, same;

	for (i = 0; i < h->n; i++)
		current += !h->v[i].previous;
	if (current < 2)
		return -1;
	for (pass = 0; pass < 2; pass++) {
		same = 0;
		if (pass)
			strict_key(strict, strlen(strict), 1, noform);
		for (i = 0; i < h->n; i++) {
			if (h->v[i].previous)
				continue;
			strict_key(h->v[i].name, strlen(h->v[i].name), pass, sk);
			if (!strcmp(sk, pass ? noform : strict))
				same++, which = i;
		}
		if (same == 1) {
			h->v[0] = h->v[which];
			h->n = 1;
			return 0;
		}
		if (same > 1)
			return -1;
	}
	return -1;
}

static void decide(struct company_hits *h, struct company_match *m, const char *key,
		   const char *method, double confidence, const char *strict)
{
	size_t i, n = 0;
	int best = 6;

	hits_dedupe(h);
	if (strict && pick_strict(h, strict) == 0) {
		set_matched(m, &h->v[0], method ? method : "exact name", confidence, key);
		return;
	}
	for (i = 0; i < h->n; i++)
		if (hit_class(&h->v[i]) < best)
			best = hit_class(&h->v[i]);
	for (i = 0; i < h->n; i++)
		if (hit_class(&h->v[i]) == best)
			h->v[n++] = h->v[i];
	h->n = n;
	if (n > 1) {
		set_ambiguous(m, h->v, n, key);
		return;
	}
	if (!method)
		method = h->v[0].previous ? "previous name" : "exact name";
	if (h->v[0].previous)
		confidence -= PREVIOUS_PENALTY;
	set_matched(m, &h->v[0], method, confidence, key);
}

static size_t words_in(const char *k)
{
	size_t n = *k ? 1 : 0;

	for (; *k; k++)
		n += *k == ' ';
	return n;
}

/*
 * A name cut off mid-word: taken only when every key beginning with it
 * completes its last word, adds no word, and leads to one company.  A
 * sibling beginning the same way ("... SERVICES HOLDINGS") could be what
 * was cut, so it makes the name ambiguous.
 */
static int try_truncated(const struct company_source *src, const char *core,
			 struct company_hits *h, struct company_keys *k, struct company_match *m,
			 struct diag *err)
{
	size_t len = strlen(core), i;
	const char *last = strrchr(core, ' ');
	int sibling = 0;

	if (len < TRUNCATED_MIN || !last || strlen(last + 1) < 2)
		return 0;
	k->n = 0;
	if (src->keys(src->ctx, core, PREFIX_MAX, k, err) < 0)
		return -1;
	if (!k->n)
		return 0;
	for (i = 0; i < k->n; i++) {
		const char *rest = k->v[i] + len;

		/* the cut is at a word's end, or a whole word follows: not a cut word */
		if (!*rest || *rest == ' ')
			return 0;
		sibling |= strchr(rest, ' ') != NULL;
	}
	h->n = 0;
	for (i = 0; i < k->n && h->n < COMPANY_MATCH_CANDIDATES; i++)
		if (src->find(src->ctx, k->v[i], EXACT_MAX, h, err) < 0)
			return -1;
	if (!h->n)
		return 0;
	hits_dedupe(h);
	if (sibling) {
		set_ambiguous(m, h->v, h->n, core);
		return 1;
	}
	decide(h, m, core, "fuzzy", TRUNCATED_CONFIDENCE, NULL);
	if (m->outcome == COMPANY_MATCHED)
		m->confidence = TRUNCATED_CONFIDENCE;
	return 1;
}

/* A misspelt word: keys of as many words beginning with the first word and two letters. */
static int try_misspelt(const struct company_source *src, const char *core,
			struct company_hits *h, struct company_keys *k, struct company_match *m,
			struct diag *err)
{
	size_t nw = words_in(core), i, cut;
	double sbest = 0, score[PREFIX_MAX] = { 0 };
	const char *sp = strchr(core, ' ');
	char prefix[KEY_MAX];

	if (nw < 2)
		return 0;
	/* "W1 W2..." -> "W1 W2" cut to two letters: a typo is rarely in the first ones */
	cut = (size_t)(sp - core) + 1;
	if (sp[1] && sp[2] && sp[2] != ' ')
		cut += 2;
	else if (sp[1])
		cut += 1;
	memcpy(prefix, core, cut);
	prefix[cut] = '\0';
	k->n = 0;
	if (src->keys(src->ctx, prefix, PREFIX_MAX, k, err) < 0)
		return -1;
	if (!k->n)
		return 0;
	for (i = 0; i < k->n && i < PREFIX_MAX; i++) {
		if (words_in(k->v[i]) != nw)
			continue;
		score[i] = name_similarity(core, k->v[i]);
		if (score[i] > sbest)
			sbest = score[i];
	}
	/* the companies behind the best key and any key close to it */
	h->n = 0;
	for (i = 0; sbest >= NAME_MATCH_ACCEPT && i < k->n && i < PREFIX_MAX; i++)
		if (score[i] > sbest - NAME_MATCH_MARGIN &&
		    src->find(src->ctx, k->v[i], EXACT_MAX, h, err) < 0)
			return -1;
	if (!h->n)
		return 0;
	hits_dedupe(h);
	if (h->n > 1) {
		set_ambiguous(m, h->v, h->n, core);
		return 1;
	}
	set_matched(m, &h->v[0], "fuzzy", sbest, core);
	return 1;
}

int company_match_name(const struct company_source *src, const char *payee,
		       struct company_match *out, struct diag *err)
{
	struct variants v;
	struct company_hits h = { 0 };
	struct company_keys k = { 0 };
	char core[KEY_MAX];
	size_t i;
	int rc = 0, ret = -1;

	memset(out, 0, sizeof(*out));
	out->method = "";
	payee_variants(payee, &v, core);
	for (i = 0; i < v.n; i++) {
		h.n = 0;
		if (src->find(src->ctx, v.k[i], EXACT_MAX, &h, err) < 0)
			goto out;
		if (h.n) {
			decide(&h, out, v.k[i], NULL, v.variant[i] ? VARIANT_CONFIDENCE : 1.0,
			       v.strict[i]);
			ret = 0;
			goto out;
		}
	}
	if (*core && (rc = try_truncated(src, core, &h, &k, out, err)) == 0)
		rc = try_misspelt(src, core, &h, &k, out, err);
	if (rc < 0)
		goto out;
	ret = 0;
out:
	if (ret < 0) {
		memset(out, 0, sizeof(*out));
		out->method = "";
	}
	company_hits_release(&h);
	company_keys_release(&k);
	return ret;
}
