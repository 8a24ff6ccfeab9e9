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
#include "chainwatch/statement.h"
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
 * supplier key.  You own *out; release it with statement_overrides_free().
 */
int registrydb_overrides(struct store *st, const char *council, struct statement_override **out,
			 size_t *n, struct diag *err);

/*
 * Every stored registry row and the council's overrides, indexed for
 * statement_match(): the statement matcher is handed the rows, it never
 * reads the database.  A database with no registry gives a set with no
 * rows (statement_match() then leaves every supplier "not checked").  You
 * own *out; release it with registry_set_free().  -1 (CW_DATABASE) on
 * error, *out untouched.
 */
int registrydb_load_set(struct store *st, const char *council, struct registry_set **out,
			struct diag *err);

/*
 * Fetch the report text of a matched row of a set registrydb_load_set()
 * loaded (statement id, URLs, approver, sector type, last updated):
 * matching needs none of it, so the set does not hold it until asked.  A
 * NULL row, or one already fetched, is a no-op.  Call once matching is
 * done, from one thread.  -1 (CW_DATABASE) on error.
 */
int registrydb_details(struct store *st, struct registry_set *rs, const struct registry_row *row,
		       struct diag *err);

/* Whether the council's runs have had the supplier key: 1, 0, -1. */
int registrydb_supplier_known(struct store *st, const char *council, const char *key,
			      struct diag *err);

#endif
