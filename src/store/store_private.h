#ifndef CHAINWATCH_STORE_PRIVATE_H
#define CHAINWATCH_STORE_PRIVATE_H

/*
 * Shared by the store's source files (store.c: schema, open and close, and
 * these helpers; rundb.c: saving runs and flags; registrydb.c: registry
 * snapshots and match overrides; tenderdb.c, reviewdb.c, changesdb.c,
 * charterdb.c).  Not part of the library's API: only files of the store
 * include it, and with it sqlite3.h.
 */

#include <sqlite3.h>
#include <stdint.h>

#include "chainwatch/diag.h"

struct store {
	sqlite3 *db;
	char *path;
	sqlite3_stmt *registry_insert;   /* registrydb.c, during an import */
	sqlite3_stmt *registry_row;      /* registrydb.c, registrydb_row() */
};

/* SQLite's error as ours: CW_DATABASE naming the file; "busy" said plainly.  -1. */
int sdb_fail(struct store *st, int rc, struct diag *err);
int sdb_exec(struct store *st, const char *sql, struct diag *err);
void sdb_rollback(struct store *st);     /* if a transaction is open */

/* Binding helpers: _opt stores "" as NULL; _date stores 0 as NULL. */
int sdb_bind_opt(sqlite3_stmt *q, int i, const char *s);
int sdb_bind_text(sqlite3_stmt *q, int i, const char *s);
int sdb_bind_int(sqlite3_stmt *q, int i, int64_t v);
int sdb_bind_date(sqlite3_stmt *q, int i, int32_t v);
/* Run a bound statement to SQLITE_DONE and reset it. */
int sdb_step(struct store *st, sqlite3_stmt *q, struct diag *err);

#endif
