/*
 * changesdb.c: the previous run of a council, read back for the Changes
 * sheet (changesdb.h).  Part of the store: it reads store.c's tables.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chainwatch/changesdb.h"
#include "chainwatch/period.h"
#include "chainwatch/xalloc.h"
#include "store_private.h"

/* The previous run ends before this one starts (a run sharing its months is replaced). */
static const char previous_sql[] =
	"SELECT id, period FROM runs"
	" WHERE council = ?1"
	" AND " PERIOD_SQL_LAST_MONTH("period") " < " PERIOD_SQL_FIRST_MONTH("?2")
	" ORDER BY " PERIOD_SQL_LAST_MONTH("period") " DESC, started DESC, id DESC LIMIT 1";

/* ORDER BY the key's BINARY collation is strcmp() order: previous_run_supplier() bsearches. */
static const char suppliers_sql[] =
	"SELECT supplier_key, name, spend_pence, tier, risk_score, sector_id, statement_status"
	" FROM run_suppliers WHERE run_id = ?1 ORDER BY supplier_key";

/*
 * The flags table has no per-run rows: a flag whose last run is the
 * previous one, or whose sightings span its first month (first_seen's
 * first month .. last_seen's last month) and whose supplier was in it, is
 * taken as raised in it.
 */
static const char flags_sql[] =
	"SELECT f.id, f.supplier_key, s.name, f.kind, f.severity, f.summary, f.review_status,"
	" f.first_seen, f.last_seen, f.last_run = ?2"
	" FROM flags f LEFT JOIN suppliers s ON s.council = f.council AND s.key = f.supplier_key"
	" WHERE f.council = ?1 AND (f.last_run = ?2 OR"
	" (substr(f.first_seen, 1, 7) <= substr(?3, 1, 7)"
	" AND substr(f.last_seen, -7) >= substr(?3, 1, 7)"
	" AND EXISTS (SELECT 1 FROM run_suppliers r"
	"  WHERE r.run_id = ?2 AND r.supplier_key = f.supplier_key)))"
	" ORDER BY f.id";

/* Column i as a new string; NULL becomes "". */
static char *col_dup(sqlite3_stmt *q, int i)
{
	const unsigned char *t = sqlite3_column_text(q, i);

	return xstrdup(t ? (const char *)t : "");
}

static int parse_tier(const char *s, enum tier *out)
{
	int t;

	for (t = TIER_HIGH; t <= TIER_GREY; t++)
		if (!strcmp(s, tier_name((enum tier)t))) {
			*out = (enum tier)t;
			return 0;
		}
	return -1;
}

/* "found current" ... as stored; anything else (NULL, unknown) is "not checked". */
static enum statement_status parse_status(const char *s)
{
	int k;

	for (k = STATEMENT_CURRENT; k <= STATEMENT_NOT_APPLICABLE; k++)
		if (!strcmp(s, statement_status_name((enum statement_status)k)))
			return (enum statement_status)k;
	return STATEMENT_NOT_CHECKED;
}

static int prepare(struct store *st, const char *sql, sqlite3_stmt **q, struct diag *err)
{
	int rc = sqlite3_prepare_v2(st->db, sql, -1, q, NULL);

	return rc == SQLITE_OK ? 0 : sdb_fail(st, rc, err);
}

static void read_supplier(sqlite3_stmt *q, struct previous_supplier *s)
{
	const unsigned char *tier = sqlite3_column_text(q, 3);
	const unsigned char *status = sqlite3_column_text(q, 6);

	memset(s, 0, sizeof(*s));
	s->key = col_dup(q, 0);
	s->name = col_dup(q, 1);
	s->spend_pence = (int64_t)sqlite3_column_int64(q, 2);
	s->assessed = tier && parse_tier((const char *)tier, &s->tier) == 0;
	if (!s->assessed)
		s->tier = TIER_GREY;
	s->score = s->assessed ? sqlite3_column_int(q, 4) : 0;
	s->sector_id = col_dup(q, 5);
	s->statement = status ? parse_status((const char *)status) : STATEMENT_NOT_CHECKED;
}

static int load_suppliers(struct store *st, struct previous_run *p, struct diag *err)
{
	sqlite3_stmt *q = NULL;
	size_t cap = 0;
	int rc, ret = -1;

	if (prepare(st, suppliers_sql, &q, err) < 0)
		goto out;
	sdb_bind_text(q, 1, p->id);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (p->nsuppliers == cap) {
			cap = cap ? 2 * cap : 64;
			p->suppliers = xreallocarray(p->suppliers, cap, sizeof(*p->suppliers));
		}
		read_supplier(q, &p->suppliers[p->nsuppliers++]);
	}
	if (rc != SQLITE_DONE) {
		sdb_fail(st, rc, err);
		goto out;
	}
	ret = 0;
out:
	sqlite3_finalize(q);
	return ret;
}

static void read_flag(sqlite3_stmt *q, struct previous_flag *f)
{
	f->id = col_dup(q, 0);
	f->supplier_key = col_dup(q, 1);
	f->supplier_name = col_dup(q, 2);
	f->kind = col_dup(q, 3);
	f->severity = col_dup(q, 4);
	f->summary = col_dup(q, 5);
	f->review_status = col_dup(q, 6);
	f->first_seen = col_dup(q, 7);
	f->last_seen = col_dup(q, 8);
	f->exact = sqlite3_column_int(q, 9) != 0;
}

static int load_flags(struct store *st, const char *council, struct previous_run *p,
		      struct diag *err)
{
	sqlite3_stmt *q = NULL;
	size_t cap = 0;
	int rc, ret = -1;

	if (prepare(st, flags_sql, &q, err) < 0)
		goto out;
	sdb_bind_text(q, 1, council);
	sdb_bind_text(q, 2, p->id);
	sdb_bind_text(q, 3, p->period);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (p->nflags == cap) {
			cap = cap ? 2 * cap : 32;
			p->flags = xreallocarray(p->flags, cap, sizeof(*p->flags));
		}
		read_flag(q, &p->flags[p->nflags++]);
	}
	if (rc != SQLITE_DONE) {
		sdb_fail(st, rc, err);
		goto out;
	}
	ret = 0;
out:
	sqlite3_finalize(q);
	return ret;
}

/* The previous run's id and period: 1 found, 0 none, -1 error. */
static int find_previous(struct store *st, const char *council, const char *period,
			 struct previous_run *p, struct diag *err)
{
	sqlite3_stmt *q = NULL;
	int rc, ret = -1;

	if (prepare(st, previous_sql, &q, err) < 0)
		goto out;
	sdb_bind_text(q, 1, council);
	sdb_bind_text(q, 2, period);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		p->id = col_dup(q, 0);
		p->period = col_dup(q, 1);
		ret = 1;
	} else if (rc == SQLITE_DONE) {
		ret = 0;
	} else {
		sdb_fail(st, rc, err);
	}
out:
	sqlite3_finalize(q);
	return ret;
}

int changesdb_previous(struct store *st, const char *council, const char *period,
		       struct previous_run **out, struct diag *err)
{
	struct previous_run *p = xcalloc(1, sizeof(*p));
	int own = sqlite3_get_autocommit(st->db), found, ret = -1;

	/* one read transaction (the caller's, if one is open): run, suppliers and flags agree */
	if (own && sdb_exec(st, "BEGIN", err) < 0)
		goto out;
	found = find_previous(st, council, period, p, err);
	if (found < 0)
		goto out;
	if (found && (load_suppliers(st, p, err) < 0 || load_flags(st, council, p, err) < 0))
		goto out;
	if (own && sdb_exec(st, "COMMIT", err) < 0)
		goto out;
	if (found) {
		*out = p;
		p = NULL;
	} else {
		*out = NULL;
	}
	ret = found;
out:
	if (ret < 0 && own)
		sdb_rollback(st);
	previous_run_free(p);
	return ret;
}
