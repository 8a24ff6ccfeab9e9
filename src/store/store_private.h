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
#include <time.h>

#include "chainwatch/diag.h"

struct store {
	sqlite3 *db;
	char *path;
	sqlite3_stmt *registry_insert;   /* registrydb.c, during an import */
	sqlite3_stmt *registry_row;      /* registrydb.c, registrydb_row() */
	sqlite3_stmt *charity_find;      /* charitiesdb.c, charitiesdb_find(); reset by an import */
	sqlite3_stmt *charity_keys;      /* charitiesdb.c, charitiesdb_keys(); reset by an import */
	sqlite3_stmt *charity_number;    /* charitiesdb.c, charitiesdb_find_number(); reset by an import */
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
/* Column col of the current row as text into dst (n bytes, cut to fit); "" for NULL. */
void sdb_copy_text(char *dst, size_t n, sqlite3_stmt *q, int col);
/* Run a bound statement to SQLITE_DONE and reset it. */
int sdb_step(struct store *st, sqlite3_stmt *q, struct diag *err);
/*
 * The name keys of q ("SELECT DISTINCT key ... WHERE key >= ?1 AND key <
 * ?1 || x'ff' ORDER BY key LIMIT ?2") from `prefix`, at most `max`, appended
 * to out (the caller's; company_keys_release() frees it); q is reset.  0,
 * or -1 with err.  In companiesdb.c, for both registers' fuzzy steps.
 */
struct company_keys;
int sdb_prefix_keys(struct store *st, sqlite3_stmt *q, const char *prefix, size_t max,
		    struct company_keys *out, struct diag *err);

/*
 * A snapshot import's scope (bulkload.c): sdb_bulk_begin() takes a 64 MB
 * page cache, a rollback journal when no other connection has the
 * database open (the rows are then written once, not through the WAL),
 * and the write transaction (BEGIN IMMEDIATE); -1 with err (busy) and
 * everything restored.  sdb_bulk_end() rolls back unless `committed`,
 * restores the cache and the WAL, and after a commit that went through
 * the WAL checkpoints and truncates it.  sdb_bulk_seconds(): wall time
 * since the begin.
 */
struct sdb_bulk {
	struct timespec t0;
	int rollback_journal;
};

int sdb_bulk_begin(struct store *st, struct sdb_bulk *b, struct diag *err);
double sdb_bulk_seconds(const struct sdb_bulk *b);
void sdb_bulk_end(struct store *st, struct sdb_bulk *b, int committed);

/* sdb_bulk_begin(), then the register's tables (schema_sql) and its new ones (create_sql). */
int sdb_bulk_begin_tables(struct store *st, struct sdb_bulk *b, const char *schema_sql,
			  const char *create_sql, struct diag *err);
/*
 * The checks before a snapshot replaces the last one: CW_INPUT (-1) when
 * no row was accepted, or more than `rate` of `records` were rejected,
 * naming `first` (the first file) and `what` ("company", "charity").
 */
int sdb_snapshot_check(const char *first, const char *what, unsigned long accepted,
		       unsigned long rejected, unsigned long records, double rate,
		       struct diag *err);
/* paths joined with ", " into dst (n bytes, cut to fit). */
void sdb_join_paths(char *dst, size_t n, const char *const *paths, size_t npaths);

/* Whether the table exists: 1, 0, or -1 (err filled). */
int sdb_table_exists(struct store *st, const char *name, struct diag *err);

#endif
