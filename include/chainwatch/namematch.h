#ifndef CHAINWATCH_NAMEMATCH_H
#define CHAINWATCH_NAMEMATCH_H

/*
 * Fuzzy matching of organisation names, for joining council suppliers to
 * the Modern Slavery Statement Registry when neither the company number
 * nor the exact name key agrees.
 *
 * Inputs are name keys (identity.h name_key(): upper case, legal forms,
 * "(UK)", "&" and punctuation already normalised), so "Acme Services Ltd"
 * and "ACME SERVICES LIMITED" never need this module.  It catches the
 * rest: "VEOLIA ES UK" / "VEOLIA ENVIRONMENTAL SERVICES UK" style
 * abbreviations, a word added or dropped ("GROUP", "HOLDINGS", a place),
 * word order, joined words, typos, names cut off at a field width.
 *
 * The score of keys a and b (words: runs of bytes above space, compared
 * as bytes, UTF-8 included) is
 *
 *     score = 0.8 * W + 0.2 * C            (1 exactly when a == b)
 *
 * C is the Dice coefficient of the character trigrams of " a " and " b ".
 * W is a weighted word Dice: words are paired, each pair credited
 * credit * (w(x) + w(y)), and W = sum of credits / sum of the weights of
 * all words of both.  Pairs, in this order: equal words (credit 1); a word
 * that is two to four words of the other run together ("HOMECARE" / "HOME
 * CARE", "WH" / "W H": 1) or their initials ("ES" / "ENVIRONMENTAL
 * SERVICES": 0.8); then, where one of the two words is rare (in at most 2
 * indexed names, or not indexed), a typo - one edit (insert, delete,
 * replace, swap; two from 10 bytes) between words of 5..32 bytes: credit
 * (1 - edits / length) squared - or a word of 4+ bytes that starts the
 * other ("ASSOC", "INTERNATIONA" cut off: 0.8); such a pair weighs as its
 * lighter word.  Words with digits are never typos or prefixes ("B2B" /
 * "B2C", "121222" / "121223").  When the credited weight (half the sum)
 * is below an evidence level E, W is scaled by it / E, so names sharing
 * only common words ("SERVICES" / "SERVICES UK") stay low.
 *
 * name_index_query() weighs a word by rarity over the N distinct indexed
 * keys, w = ln((N + 1) / (df + 1)) + 0.5 with df the keys holding it (a
 * word not indexed: df 0, or if it is a typo of indexed words, the weight
 * of the rarest of them), and E = 0.5 * ln(N + 1) + 0.25, half the
 * weight of the rarest word.  name_similarity() has no index: words weigh
 * 1, 56 generic ones (AND, CARE, GROUP, HOLDINGS, SERVICES, UK, ...) 0.25,
 * every word counts as rare, and E = 0.5.  Scores are symmetric: a to b
 * as b to a (in the index, when both are indexed).
 *
 * The thresholds were calibrated on the 2022 registry sample and 5,800
 * Devon and Warwickshire supplier names indexed together: every pair of
 * different keys at 0.90 or above was one body written two ways (word
 * order, joined words, typos, "SW" / "SOUTH WEST"); 0.75 .. 0.90 holds
 * group members and branches ("WH SMITH TRAVEL" / "WH SMITH TRAVEL
 * HOLDINGS"), abbreviations, and a few different bodies ("CSC DIRECTORS
 * NO 1" / "NO 2").  Of variants generated from those names, 100% of word
 * swaps and 99% of joined words reach ACCEPT; a typo, " UK"/" GROUP"
 * added, initials or a cut-off end reach CANDIDATE in 89-100%, and a
 * dropped last word in 72%.
 *
 * name_index is an inverted index, never a nested loop: 300,000 synthetic
 * names (made of common words: a worst case) index in 0.2 s and 50,000
 * queries take about 3 s on one core.
 */

#include <stddef.h>
#include <stdint.h>

/* Scores at or above ACCEPT with a clear lead are taken; CANDIDATE .. ACCEPT are "ambiguous". */
#define NAME_MATCH_ACCEPT 0.90
#define NAME_MATCH_CANDIDATE 0.75
#define NAME_MATCH_MARGIN 0.05    /* the best must lead the next distinct name by this */

/* Similarity of two name keys, 0 (nothing alike) .. 1 (the same), symmetric; NULL is "". */
double name_similarity(const char *a, const char *b);

struct name_index;

/* A new, empty index: the caller's, freed with name_index_free(); cannot fail. */
struct name_index *name_index_new(void);
void name_index_free(struct name_index *ix);

/*
 * Add a name key with the caller's id (several ids may share one key; the
 * same key and id twice count once).  A NULL key or one without words is
 * ignored.  Adding to a built index un-builds it until the next build.
 */
void name_index_add(struct name_index *ix, const char *key, uint32_t id);
/* Done adding; build the postings and weights (again after more adds).  Query only after this. */
void name_index_build(struct name_index *ix);

struct name_candidate {
	uint32_t id;
	double score;              /* similarity of the query to this id's key */
};

/*
 * The best candidates for `key` with score >= min_score, best first (ties:
 * lower id first), at most `max` of them; returns how many were written.
 * Every id of an equal key is returned separately.  Thread-safe on a built
 * index (queries do not modify it); 0 on an unbuilt index or a NULL key.
 *
 * Candidates are the names holding a word of the query, or a typo, part
 * or join of one: the rarest words, as many as a name needs to share to
 * reach min_score, and none in over 5% of the names (or 5,000) unless the
 * query has no rarer word.  They are ranked by the query weight they
 * share (the very common words counted as shared when they may be), and
 * the best max(max, 32), an equal key first, are scored in full, so a
 * name sharing only common words with many others may be missed.
 */
size_t name_index_query(const struct name_index *ix, const char *key, double min_score,
			struct name_candidate *out, size_t max);

#endif
