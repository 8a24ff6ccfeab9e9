#ifndef CHAINWATCH_ENTITYDB_H
#define CHAINWATCH_ENTITYDB_H

/*
 * Contract managers' corrections of what a payee is (entity.h), kept in
 * the database per council and supplier key (entity_overrides, schema 7):
 * one council's correction never reaches another council's supplier of the
 * same key.  A scan applies them before every other rule.
 */

#include <stddef.h>

#include "chainwatch/diag.h"
#include "chainwatch/entity.h"
#include "chainwatch/store.h"

struct entity_override {
	char *council;
	char *supplier_key;
	enum entity_type type;
	char *id;               /* "" when none */
	char *set_by, *set_at;  /* who and when (ISO 8601 UTC) */
	char *note;             /* "" when none */
};

/* Set (or replace) the council's override of one supplier.  -1 (err) on a database error. */
int entitydb_override_set(struct store *st, const struct entity_override *o, struct diag *err);

/* Remove it: the number of rows removed (0 or 1), or -1. */
long entitydb_override_clear(struct store *st, const char *council, const char *supplier_key,
			     struct diag *err);

/*
 * The council's overrides (every council's when council is NULL), by
 * council then supplier key, into *out (free with entity_overrides_free).
 */
int entitydb_overrides(struct store *st, const char *council, struct entity_override **out,
		       size_t *n, struct diag *err);
void entity_overrides_free(struct entity_override *o, size_t n);

/*
 * The override of supplier `key` in o[0..n) (sorted by key, one council's),
 * or NULL.  The pointer is into o: valid while o is.
 */
const struct entity_override *entity_override_find(const struct entity_override *o, size_t n,
						   const char *key);

/* Fill `e` from an override: its type, id and "set by NAME on DATE: note" as evidence. */
void entity_from_override(const struct entity_override *o, struct entity *e);

#endif
