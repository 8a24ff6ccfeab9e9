/*
 * bulkload.c: the scope of a snapshot import (store_private.h): one write
 * transaction with a larger page cache and, when the connection is the
 * database's only user, a rollback journal instead of the WAL, so a
 * register of millions of rows is written once; everything restored
 * after.  Used by companiesdb.c and charitiesdb.c.
 */
#include <stdio.h>
#include <string.h>

#include "store_private.h"

#define BULK_CACHE_KB 65536           /* 64 MB */
#define DEFAULT_CACHE_KB 1024         /* store_open()'s */

/* Set the journal mode; the mode SQLite reports after (it keeps WAL while others read). */
static void journal_mode(struct store *st, const char *mode, char got[16])
{
	sqlite3_stmt *q = NULL;
	char sql[64];

	got[0] = '\0';
	snprintf(sql, 64, "PRAGMA journal_mode = %s", mode);
	if (sqlite3_prepare_v2(st->db, sql, -1, &q, NULL) == SQLITE_OK &&
	    sqlite3_step(q) == SQLITE_ROW && sqlite3_column_text(q, 0))
		snprintf(got, 16, "%s", (const char *)sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
}

int sdb_bulk_begin(struct store *st, struct sdb_bulk *b, struct diag *err)
{
	char sql[64], got[16];

	memset(b, 0, sizeof(*b));
	clock_gettime(CLOCK_MONOTONIC, &b->t0);
	journal_mode(st, "DELETE", got);
	b->rollback_journal = !strcmp(got, "delete");
	snprintf(sql, sizeof(sql), "PRAGMA cache_size = -%d", BULK_CACHE_KB);
	if (sdb_exec(st, sql, err) < 0 || sdb_exec(st, "BEGIN IMMEDIATE", err) < 0) {
		sdb_bulk_end(st, b, 0);
		return -1;
	}
	return 0;
}

double sdb_bulk_seconds(const struct sdb_bulk *b)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - b->t0.tv_sec) + (double)(t1.tv_nsec - b->t0.tv_nsec) / 1e9;
}

void sdb_bulk_end(struct store *st, struct sdb_bulk *b, int committed)
{
	char sql[64], got[16];

	if (!committed)
		sdb_rollback(st);
	snprintf(sql, sizeof(sql), "PRAGMA cache_size = -%d", DEFAULT_CACHE_KB);
	sqlite3_exec(st->db, sql, NULL, NULL, NULL);
	if (b->rollback_journal)
		journal_mode(st, "WAL", got);
	else if (committed)
		/* the snapshot went through the WAL: give it back when no one reads */
		sqlite3_exec(st->db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
}

int sdb_table_exists(struct store *st, const char *name, struct diag *err)
{
	sqlite3_stmt *q = NULL;
	int rc;

	rc = sqlite3_prepare_v2(st->db, "SELECT 1 FROM sqlite_master WHERE type = 'table'"
				" AND name = ?", -1, &q, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
		rc = sqlite3_step(q);
	}
	sqlite3_finalize(q);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return sdb_fail(st, rc, err);
}

int sdb_bulk_begin_tables(struct store *st, struct sdb_bulk *b, const char *schema_sql,
			  const char *create_sql, struct diag *err)
{
	if (sdb_bulk_begin(st, b, err) < 0)
		return -1;
	if (sdb_exec(st, schema_sql, err) < 0 || sdb_exec(st, create_sql, err) < 0) {
		sdb_bulk_end(st, b, 0);
		return -1;
	}
	return 0;
}

int sdb_snapshot_check(const char *first, const char *what, unsigned long accepted,
		       unsigned long rejected, unsigned long records, double rate,
		       struct diag *err)
{
	if (!accepted)
		return diag_set(err, CW_INPUT, "%s: no %s in the register file", first, what);
	if ((double)rejected > rate * (double)records)
		return diag_set(err, CW_INPUT, "%s: %lu of %lu rows rejected, more than %.0f%%: the "
				"register was not replaced", first, rejected, records, rate * 100);
	return 0;
}

void sdb_join_paths(char *dst, size_t n, const char *const *paths, size_t npaths)
{
	size_t i, at = 0;

	dst[0] = '\0';
	for (i = 0; i < npaths && at + 1 < n; i++) {
		int k = snprintf(dst + at, n - at, "%s%s", i ? ", " : "", paths[i]);

		at += k > 0 ? (size_t)k : 0;
	}
}
