#ifndef CHAINWATCH_NAMEMATCH_PRIVATE_H
#define CHAINWATCH_NAMEMATCH_PRIVATE_H

/*
 * Shared by the name matcher's source files (namematch.c: comparing two
 * keys; nameindex.c: the index of names, its build and its queries, which
 * score their candidates with namematch.c's functions).  Not part of the
 * library's API: only files of the namematch module include it.
 */

#include <stddef.h>
#include <stdint.h>

#define WORD_SHARE 0.8          /* of the word score in the blend; trigram Dice has the rest */
#define INITIALS_CREDIT 0.8     /* "ES" for ENVIRONMENTAL SERVICES */
#define RUN_MAX 4               /* words one joined word or initials may stand for */
#define TYPO_MINLEN 5           /* two words of 5..32 bytes without digits are a typo */
#define TYPO_MAXLEN 32          /* apart if one edit (two from TYPO_LONG bytes) */
#define TYPO_LONG 10            /* separates them and one of them is rare: in at */
#define TYPO_DF_MAX 2           /* most TYPO_DF_MAX names, or unknown */
#define PREFIX_MINLEN 4         /* a rare word this long starting a longer one */
#define PREFIX_CREDIT 0.8       /* abbreviates it: "ASSOC", "INTERNATIONA" (cut off) */
#define GENERIC_WEIGHT 0.25     /* name_similarity(): generic words; others weigh 1 */
#define EVIDENCE_SHARE 0.5      /* of the rarest word's weight: less shared weight scales down */
#define IDF_FLOOR 0.5           /* weight of a word in every name */
#define COMMON_SHARE 20         /* words in over 1/20 of the names, or over COMMON_MAX */
#define COMMON_MAX 5000         /* (unless in at most COMMON_MIN) are not looked up */
#define COMMON_MIN 64
#define SCORED_MIN 32           /* candidates scored in full per query, at least */

struct tok {
	const char *s;
	uint32_t len;
	unsigned char used;     /* matched, during one alignment */
	unsigned char rare;     /* may be a typo or an abbreviation */
	double w;
};

/* One side of a comparison: the key, its words, maybe its sorted trigrams. */
struct side {
	const char *s;
	size_t len;
	struct tok *t;          /* room for len / 2 + 1 */
	size_t nt;
	uint32_t *tri;          /* len of them, or NULL */
	unsigned char *used;    /* len flags for them */
	double evidence;
};

/* Words are runs of bytes above space: the next one at or after *pos.  0 at the end. */
int nm_next_word(const char *s, size_t n, size_t *pos, size_t *start);
/* sd->t and sd->nt: the words of sd->s (sd->t has room for len / 2 + 1). */
void nm_side_split(struct side *sd);
/* minlen..maxlen bytes and no digits. */
int nm_word_plain(const struct tok *t, uint32_t minlen, uint32_t maxlen);
/* 1 - edits / longer length if few edits part a and b, else 0. */
double nm_typo_sim(const struct tok *a, const struct tok *b);
/* The similarity of a and b, or some score below min_score if it must be below. */
double nm_pair_score(struct side *a, struct side *b, double min_score);
/* A side for key s (NULL is ""): words weighing 1 (generic ones less), sorted trigrams. */
void nm_side_load(struct side *sd, const char *s);
void nm_side_release(struct side *sd);

#endif
