#ifndef CHAINWATCH_REGISTRYDB_H
#define CHAINWATCH_REGISTRYDB_H

/*
 * The registry in the database (part of the store; schema in store.c):
 * one snapshot per registry year, replaced whole by a newer import or
 * download of that year, and the contract managers' match overrides
 * ("this supplier is / is not that organisation"), kept across runs.
 */

#include <stddef.h>

#include "chainwatch/diag.h"
#include "chainwatch/registry.h"
#include "chainwatch/store.h"

/*
 * Replace one year's snapshot: _begin opens the transaction and deletes the
 * year's rows, _add adds each row, _commit writes the snapshot record and
 * commits.  _abort rolls back, leaving the previous snapshot as it was.
 */
int registrydb_begin(struct store *st, int year, struct diag *err);
int registrydb_add(struct store *st, int year, const struct registry_row *r, struct diag *err);
int registrydb_commit(struct store *st, const struct registry_snapshot *snap, struct diag *err);
void registrydb_abort(struct store *st);

/* One year's snapshot record: 1 found, 0 none, -1 error. */
int registrydb_snapshot(struct store *st, int year, struct registry_snapshot *out,
			struct diag *err);
/* All snapshot records, newest year first (caller frees *out). */
int registrydb_snapshots(struct store *st, struct registry_snapshot **out, size_t *n,
			 struct diag *err);

/*
 * Every stored row, snapshot by snapshot (newest first), through fn with
 * its snapshot's year; fn returning -1 stops.  Strings are valid during
 * the call only.
 */
int registrydb_each(struct store *st, int (*fn)(void *ctx, int year, const struct registry_row *r),
		    void *ctx, struct diag *err);
/* The one row (year, line), through fn the same way; nothing when there is none. */
int registrydb_row(struct store *st, int year, unsigned long line,
		   int (*fn)(void *ctx, int year, const struct registry_row *r), void *ctx,
		   struct diag *err);

struct statement_override {
	char *council;              /* the council whose supplier it is */
	char *supplier_key;
	char *action;               /* "is" or "is_not" */
	char *org;                  /* as typed: a company number or a registry name */
	char *org_key;              /* "cn:01234567" or "nm:NAME KEY" */
	char *set_by;
	char *set_at;               /* UTC */
	char *note;                 /* "" if none */
};

/*
 * Set an override.  An "is" replaces the supplier's earlier "is" (a
 * supplier is one organisation); an override for the same supplier and
 * organisation is replaced.
 */
int registrydb_override_set(struct store *st, const struct statement_override *o,
			    struct diag *err);
/*
 * Remove the council's overrides of a supplier (all, or for org_key only).
 * Count removed, or -1.
 */
long registrydb_override_clear(struct store *st, const char *council, const char *supplier_key,
			       const char *org_key, struct diag *err);
/*
 * The overrides of a council (NULL: every council's), by council and
 * supplier key (caller frees with statement_overrides_free).
 */
int registrydb_overrides(struct store *st, const char *council, struct statement_override **out,
			 size_t *n, struct diag *err);
void statement_overrides_free(struct statement_override *o, size_t n);

/* Whether the council's runs have had the supplier key: 1, 0, -1. */
int registrydb_supplier_known(struct store *st, const char *council, const char *key,
			      struct diag *err);

#endif
