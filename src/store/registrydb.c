/*
 * registrydb.c: registry snapshots and match overrides in the database
 * (registrydb.h).  Part of the store: the tables are created by store.c's
 * migration 3.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chainwatch/registrydb.h"
#include "chainwatch/xalloc.h"
#include "store_private.h"

static const char insert_row_sql[] =
	"INSERT INTO registry_rows (year, line, statement_year, org_name, company_number,"
	" parent_name, group_submission, statement_id, statement_url, summary_url, period_start,"
	" period_end, approver, approved, areas, areas_known, turnover, sector_type, last_updated)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
	" ?18, ?19)";

static const char select_rows_sql[] =
	"SELECT r.statement_year, r.org_name, coalesce(r.company_number, ''),"
	" coalesce(r.parent_name, ''), r.group_submission, coalesce(r.statement_id, ''),"
	" coalesce(r.statement_url, ''), coalesce(r.summary_url, ''), coalesce(r.period_start, 0),"
	" coalesce(r.period_end, 0), coalesce(r.approver, ''), coalesce(r.approved, 0), r.areas,"
	" r.areas_known, r.turnover, coalesce(r.sector_type, ''), coalesce(r.last_updated, ''),"
	" r.line, r.year FROM registry_rows r";

/* The insert statement lives from _begin to _commit/_abort, in the store. */
static sqlite3_stmt *insert_q(struct store *st, int finalize)
{
	if (finalize) {
		sqlite3_finalize(st->registry_insert);
		st->registry_insert = NULL;
		return NULL;
	}
	if (!st->registry_insert)
		sqlite3_prepare_v2(st->db, insert_row_sql, -1, &st->registry_insert, NULL);
	return st->registry_insert;
}

int registrydb_begin(struct store *st, int year, struct diag *err)
{
	char sql[96];

	if (sdb_exec(st, "BEGIN IMMEDIATE", err) < 0)
		return -1;
	snprintf(sql, sizeof(sql), "DELETE FROM registry_rows WHERE year = %d", year);
	if (sdb_exec(st, sql, err) < 0 || !insert_q(st, 0)) {
		if (err && !err->code)
			sdb_fail(st, sqlite3_errcode(st->db), err);
		registrydb_abort(st);
		return -1;
	}
	return 0;
}

int registrydb_add(struct store *st, int year, const struct registry_row *r, struct diag *err)
{
	sqlite3_stmt *q = insert_q(st, 0);

	if (!q)
		return sdb_fail(st, sqlite3_errcode(st->db), err);
	sdb_bind_int(q, 1, year);
	sdb_bind_int(q, 2, (int64_t)r->line);
	sdb_bind_int(q, 3, r->year);
	sdb_bind_text(q, 4, r->org_name);
	sdb_bind_opt(q, 5, r->company_number);
	sdb_bind_opt(q, 6, r->parent_name);
	sdb_bind_int(q, 7, r->group);
	sdb_bind_opt(q, 8, r->statement_id);
	sdb_bind_opt(q, 9, r->statement_url);
	sdb_bind_opt(q, 10, r->summary_url);
	sdb_bind_date(q, 11, r->period_start);
	sdb_bind_date(q, 12, r->period_end);
	sdb_bind_opt(q, 13, r->approver);
	sdb_bind_date(q, 14, r->approved);
	sdb_bind_int(q, 15, r->areas);
	sdb_bind_int(q, 16, r->areas_known);
	sdb_bind_int(q, 17, r->turnover);
	sdb_bind_opt(q, 18, r->sector_type);
	sdb_bind_opt(q, 19, r->last_updated);
	return sdb_step(st, q, err);
}

int registrydb_commit(struct store *st, const struct registry_snapshot *snap, struct diag *err)
{
	sqlite3_stmt *q = NULL;
	int rc, ret = -1;

	insert_q(st, 1);
	rc = sqlite3_prepare_v2(st->db,
		"INSERT OR REPLACE INTO registry_snapshots (year, source, sha256, bytes, loaded, rows,"
		" statements, rejected, etag, last_modified)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", -1, &q, NULL);
	if (rc != SQLITE_OK) {
		sdb_fail(st, rc, err);
		goto out;
	}
	sdb_bind_int(q, 1, snap->year);
	sdb_bind_text(q, 2, snap->source);
	sdb_bind_text(q, 3, snap->sha256);
	sdb_bind_int(q, 4, (int64_t)snap->bytes);
	sdb_bind_text(q, 5, snap->loaded);
	sdb_bind_int(q, 6, (int64_t)snap->rows);
	sdb_bind_int(q, 7, (int64_t)snap->statements);
	sdb_bind_int(q, 8, (int64_t)snap->rejected);
	sdb_bind_opt(q, 9, snap->etag);
	sdb_bind_opt(q, 10, snap->last_modified);
	if (sdb_step(st, q, err) < 0 || sdb_exec(st, "COMMIT", err) < 0)
		goto out;
	ret = 0;
out:
	sqlite3_finalize(q);
	if (ret < 0)
		sdb_rollback(st);
	return ret;
}

void registrydb_abort(struct store *st)
{
	insert_q(st, 1);
	sdb_rollback(st);
}

static const char snapshot_cols[] =
	"SELECT year, source, sha256, bytes, loaded, rows, statements, rejected,"
	" coalesce(etag, ''), coalesce(last_modified, '') FROM registry_snapshots";

static void snapshot_from(sqlite3_stmt *q, struct registry_snapshot *s)
{
	memset(s, 0, sizeof(*s));
	s->year = sqlite3_column_int(q, 0);
	sdb_copy_text(s->source, sizeof(s->source), q, 1);
	sdb_copy_text(s->sha256, sizeof(s->sha256), q, 2);
	s->bytes = (unsigned long long)sqlite3_column_int64(q, 3);
	sdb_copy_text(s->loaded, sizeof(s->loaded), q, 4);
	s->rows = (unsigned long)sqlite3_column_int64(q, 5);
	s->statements = (unsigned long)sqlite3_column_int64(q, 6);
	s->rejected = (unsigned long)sqlite3_column_int64(q, 7);
	sdb_copy_text(s->etag, sizeof(s->etag), q, 8);
	sdb_copy_text(s->last_modified, sizeof(s->last_modified), q, 9);
}

int registrydb_snapshots(struct store *st, struct registry_snapshot **out, size_t *n,
			 struct diag *err)
{
	char sql[sizeof(snapshot_cols) + 32];
	struct registry_snapshot *v = NULL;
	sqlite3_stmt *q = NULL;
	size_t count = 0;
	int rc;

	snprintf(sql, sizeof(sql), "%s ORDER BY year DESC", snapshot_cols);
	rc = sqlite3_prepare_v2(st->db, sql, -1, &q, NULL);
	while (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		v = xreallocarray(v, count + 1, sizeof(*v));
		snapshot_from(q, &v[count++]);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE) {
		free(v);
		return sdb_fail(st, rc, err);
	}
	*out = v;
	*n = count;
	return 0;
}

int registrydb_snapshot(struct store *st, int year, struct registry_snapshot *out,
			struct diag *err)
{
	struct registry_snapshot *v;
	size_t n, i;
	int found = 0;

	if (registrydb_snapshots(st, &v, &n, err) < 0)
		return -1;
	for (i = 0; i < n && !found; i++)
		if (v[i].year == year) {
			*out = v[i];
			found = 1;
		}
	free(v);
	return found;
}

static const char *col_text(sqlite3_stmt *q, int col)
{
	const unsigned char *s = sqlite3_column_text(q, col);

	return s ? (const char *)s : "";
}

/* Rows of `sql` through fn; `keep` holds a statement prepared once and reused (or NULL). */
static int each_row(struct store *st, const char *sql, int year, unsigned long line,
		    int (*fn)(void *ctx, int year, const struct registry_row *r), void *ctx,
		    sqlite3_stmt **keep, struct diag *err)
{
	sqlite3_stmt *q = keep ? *keep : NULL;
	int rc = SQLITE_OK, ret = -1;

	if (!q)
		rc = sqlite3_prepare_v2(st->db, sql, -1, &q, NULL);
	if (keep)
		*keep = q;
	if (rc == SQLITE_OK && year) {
		sqlite3_bind_int(q, 1, year);
		sqlite3_bind_int64(q, 2, (sqlite3_int64)line);
	}
	while (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct registry_row r;

		memset(&r, 0, sizeof(r));
		r.year = sqlite3_column_int(q, 0);
		r.org_name = col_text(q, 1);
		r.company_number = col_text(q, 2);
		r.parent_name = col_text(q, 3);
		r.group = sqlite3_column_int(q, 4);
		r.statement_id = col_text(q, 5);
		r.statement_url = col_text(q, 6);
		r.summary_url = col_text(q, 7);
		r.period_start = sqlite3_column_int(q, 8);
		r.period_end = sqlite3_column_int(q, 9);
		r.approver = col_text(q, 10);
		r.approved = sqlite3_column_int(q, 11);
		r.areas = (unsigned)sqlite3_column_int(q, 12);
		r.areas_known = (unsigned)sqlite3_column_int(q, 13);
		r.turnover = (enum turnover_band)sqlite3_column_int(q, 14);
		r.sector_type = col_text(q, 15);
		r.last_updated = col_text(q, 16);
		r.line = (unsigned long)sqlite3_column_int64(q, 17);
		if (fn(ctx, sqlite3_column_int(q, 18), &r) < 0)
			goto out;
		rc = SQLITE_OK;
	}
	if (rc != SQLITE_DONE) {
		sdb_fail(st, rc, err);
		goto out;
	}
	ret = 0;
out:
	if (keep)
		sqlite3_reset(q);
	else
		sqlite3_finalize(q);
	return ret;
}

int registrydb_each(struct store *st, int (*fn)(void *ctx, int year, const struct registry_row *r),
		    void *ctx, struct diag *err)
{
	char sql[sizeof(select_rows_sql) + 40];

	snprintf(sql, sizeof(sql), "%s ORDER BY r.year DESC, r.line", select_rows_sql);
	return each_row(st, sql, 0, 0, fn, ctx, NULL, err);
}

int registrydb_row(struct store *st, int year, unsigned long line,
		   int (*fn)(void *ctx, int year, const struct registry_row *r), void *ctx,
		   struct diag *err)
{
	char sql[sizeof(select_rows_sql) + 40];

	snprintf(sql, sizeof(sql), "%s WHERE r.year = ?1 AND r.line = ?2", select_rows_sql);
	return each_row(st, sql, year, line, fn, ctx, &st->registry_row, err);
}

/* ---- overrides ---- */

static int run_sql(struct store *st, const char *sql, const char *const *args, int nargs,
		   struct diag *err)
{
	sqlite3_stmt *q = NULL;
	int rc, i;

	rc = sqlite3_prepare_v2(st->db, sql, -1, &q, NULL);
	if (rc != SQLITE_OK)
		return sdb_fail(st, rc, err);
	for (i = 0; i < nargs; i++)
		sdb_bind_text(q, i + 1, args[i]);
	rc = sdb_step(st, q, err);
	sqlite3_finalize(q);
	return rc;
}

int registrydb_override_set(struct store *st, const struct statement_override *o,
			    struct diag *err)
{
	const char *args[] = { o->supplier_key, o->action, o->org, o->org_key, o->set_by,
			       o->set_at, o->note ? o->note : "", o->council };

	if (sdb_exec(st, "BEGIN IMMEDIATE", err) < 0)
		return -1;
	if ((!strcmp(o->action, "is") &&
	     run_sql(st, "DELETE FROM statement_overrides WHERE council = ?8 AND supplier_key = ?1"
		     " AND action = 'is'", args, 8, err) < 0) ||
	    run_sql(st, "INSERT OR REPLACE INTO statement_overrides (council, supplier_key, action,"
		    " org, org_key, set_by, set_at, note)"
		    " VALUES (?8, ?1, ?2, ?3, ?4, ?5, ?6, nullif(?7, ''))", args, 8, err) < 0 ||
	    sdb_exec(st, "COMMIT", err) < 0) {
		sdb_rollback(st);
		return -1;
	}
	return 0;
}

long registrydb_override_clear(struct store *st, const char *council, const char *supplier_key,
			       const char *org_key, struct diag *err)
{
	const char *args[] = { council, supplier_key, org_key };

	if (run_sql(st, org_key ? "DELETE FROM statement_overrides WHERE council = ?1"
				  " AND supplier_key = ?2 AND org_key = ?3"
				: "DELETE FROM statement_overrides WHERE council = ?1"
				  " AND supplier_key = ?2",
		    args, org_key ? 3 : 2, err) < 0)
		return -1;
	return (long)sqlite3_changes(st->db);
}

int registrydb_overrides(struct store *st, const char *council, struct statement_override **out,
			 size_t *n, struct diag *err)
{
	struct statement_override *v = NULL;
	sqlite3_stmt *q = NULL;
	size_t count = 0;
	int rc;

	rc = sqlite3_prepare_v2(st->db, "SELECT supplier_key, action, org, org_key, set_by, set_at,"
				" coalesce(note, ''), council FROM statement_overrides"
				" WHERE ?1 IS NULL OR council = ?1"
				" ORDER BY council, supplier_key, action, org_key", -1, &q, NULL);
	if (rc == SQLITE_OK)
		sdb_bind_text(q, 1, council);
	while (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct statement_override *o;

		v = xreallocarray(v, count + 1, sizeof(*v));
		o = &v[count++];
		o->supplier_key = xstrdup(col_text(q, 0));
		o->action = xstrdup(col_text(q, 1));
		o->org = xstrdup(col_text(q, 2));
		o->org_key = xstrdup(col_text(q, 3));
		o->set_by = xstrdup(col_text(q, 4));
		o->set_at = xstrdup(col_text(q, 5));
		o->note = xstrdup(col_text(q, 6));
		o->council = xstrdup(col_text(q, 7));
		rc = SQLITE_OK;
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE) {
		statement_overrides_free(v, count);
		return sdb_fail(st, rc, err);
	}
	*out = v;
	*n = count;
	return 0;
}

int registrydb_load_set(struct store *st, const char *council, struct registry_set **out,
			struct diag *err)
{
	struct registry_set *rs = registry_set_new();
	struct statement_override *ov = NULL;
	size_t nov = 0;

	if (registrydb_each(st, registry_set_add, rs, err) < 0 ||
	    registrydb_overrides(st, council, &ov, &nov, err) < 0) {
		registry_set_free(rs);
		return -1;
	}
	registry_set_take_overrides(rs, ov, nov);
	registry_set_index(rs);
	*out = rs;
	return 0;
}

struct details {
	struct registry_set *rs;
	const struct registry_row *row;
};

static int fill_details(void *ctx, int year, const struct registry_row *full)
{
	struct details *d = ctx;

	(void)year;
	registry_set_fill(d->rs, d->row, full);
	return 0;
}

int registrydb_details(struct store *st, struct registry_set *rs, const struct registry_row *row,
		       struct diag *err)
{
	struct details d = { rs, row };
	unsigned long line;
	int year;

	if (!registry_set_row_key(rs, row, &year, &line))
		return 0;
	return registrydb_row(st, year, line, fill_details, &d, err);
}

int registrydb_supplier_known(struct store *st, const char *council, const char *key,
			      struct diag *err)
{
	sqlite3_stmt *q = NULL;
	int rc, found;

	rc = sqlite3_prepare_v2(st->db, "SELECT 1 FROM suppliers WHERE council = ?1 AND key = ?2",
				-1, &q, NULL);
	if (rc == SQLITE_OK) {
		sdb_bind_text(q, 1, council);
		sdb_bind_text(q, 2, key);
		rc = sqlite3_step(q);
	}
	found = rc == SQLITE_ROW;
	sqlite3_finalize(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sdb_fail(st, rc, err);
	return found;
}
