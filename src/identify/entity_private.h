#ifndef CHAINWATCH_ENTITY_PRIVATE_H
#define CHAINWATCH_ENTITY_PRIVATE_H

/*
 * Shared by entity.c (folding names, the register of public bodies and the
 * given names) and entityname.c (the rules that type a payee).  Not part
 * of the library's API: only the entity module includes it.
 */

#include <stddef.h>

#include "chainwatch/entity.h"

#define FOLD_MAX 256
#define MAX_TOKENS 24

/* A name folded into words (entity_fold_tokens). */
struct tokens {
	char t[MAX_TOKENS][40];
	size_t n;
};

struct body {
	char *key;            /* folded name */
	char *id, *kind, *name;
};

struct entity_register {
	struct body *bodies;
	size_t nbodies, cap;
	char **given;         /* upper case, sorted */
	size_t ngiven, given_cap;
	char **places;        /* words of councils' names ("DEVON"), sorted, unique */
	size_t nplaces, places_cap;
};

/*
 * Fold `name` into words: upper case, "&" and "+" as AND, apostrophes
 * dropped, other punctuation as spaces, abbreviations spelt out, the
 * finance system's "DD", "Direct Debit" and "Income" around it dropped.
 * Bracketed text is dropped unless keep_brackets; `expand` spells out the
 * abbreviations only at the end ("MBC", "CC").
 */
void entity_fold_tokens(const char *name, struct tokens *tk, int keep_brackets, int expand);

/*
 * The register entry a folded name is: exactly, "CC" as a city council,
 * cut short (how = 1) or with words after it (how = 2); NULL when none.
 */
const struct body *entity_register_lookup(const struct entity_register *r,
					  const struct tokens *tk, int *how);

int entity_is_given(const struct entity_register *r, const char *w);   /* ONS given name */
int entity_is_place(const struct entity_register *r, const char *w);   /* a council's place word */

#endif
