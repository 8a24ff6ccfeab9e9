#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chainwatch/encoding.h"
#include "chainwatch/flags.h"
#include "chainwatch/date.h"
#include "chainwatch/store.h"
#include "store_private.h"
#include "chainwatch/xalloc.h"

/*
 * The schema, one forward migration per version: migrations[i] takes a
 * database from user_version i to i + 1.  A migration is a list of
 * statements run in one transaction with the user_version bump, so a
 * database is always at some whole version.  Later versions append here;
 * an applied migration is never edited.
 */
static const char *const migrations[] = {
	/* 0 -> 1: runs, inputs, suppliers and their spend */
	"CREATE TABLE runs ("
	"  id TEXT NOT NULL PRIMARY KEY,"
	"  council TEXT NOT NULL,"
	"  period TEXT NOT NULL,"
	"  started TEXT NOT NULL,"            /* UTC, 2026-01-05T09:00:00Z */
	"  finished TEXT,"
	"  tool_version TEXT NOT NULL,"
	"  spend_pence INTEGER NOT NULL,"
	"  redacted_pence INTEGER NOT NULL,"
	"  redacted_rows INTEGER NOT NULL,"
	"  suppliers INTEGER NOT NULL,"
	"  rejected INTEGER NOT NULL,"
	"  first_date INTEGER,"               /* yyyymmdd */
	"  last_date INTEGER,"
	"  strict INTEGER NOT NULL,"
	"  max_reject_rate_ppm INTEGER,"
	"  UNIQUE (council, period)"
	");"
	"CREATE TABLE inputs ("
	"  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
	"  seq INTEGER NOT NULL,"
	"  kind TEXT NOT NULL CHECK (kind IN ('spend', 'suppliers')),"
	"  path TEXT NOT NULL,"
	"  sha256 TEXT NOT NULL,"
	"  bytes INTEGER NOT NULL,"
	"  encoding TEXT,"
	"  header_line INTEGER,"
	"  profile TEXT,"
	"  date_order TEXT,"
	"  records INTEGER NOT NULL,"
	"  accepted INTEGER NOT NULL,"
	"  skipped INTEGER NOT NULL,"
	"  rejected INTEGER NOT NULL,"
	"  redacted INTEGER NOT NULL,"
	"  repaired INTEGER NOT NULL,"
	"  undated INTEGER NOT NULL,"
	"  accepted_pence INTEGER NOT NULL,"
	"  redacted_pence INTEGER NOT NULL,"
	"  first_date INTEGER,"
	"  last_date INTEGER,"
	"  PRIMARY KEY (run_id, seq)"
	") WITHOUT ROWID;"
	"CREATE INDEX inputs_sha256 ON inputs(sha256);"
	"CREATE TABLE run_outputs ("
	"  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
	"  name TEXT NOT NULL,"
	"  sha256 TEXT NOT NULL,"
	"  PRIMARY KEY (run_id, name)"
	") WITHOUT ROWID;"
	/* first_* / last_*: the earliest and latest period the supplier was in */
	"CREATE TABLE suppliers ("
	"  key TEXT NOT NULL PRIMARY KEY,"
	"  name TEXT NOT NULL,"
	"  company_number TEXT,"
	"  vat TEXT,"
	"  country TEXT,"
	"  postcode TEXT,"
	"  address TEXT,"
	"  sic TEXT,"
	"  turnover_pence INTEGER,"
	"  first_run TEXT NOT NULL,"
	"  last_run TEXT NOT NULL,"
	"  first_period TEXT NOT NULL,"
	"  last_period TEXT NOT NULL"
	") WITHOUT ROWID;"
	"CREATE INDEX suppliers_company_number ON suppliers(company_number);"
	/* keyed for "who had this ID / name?"; deleting a supplier scans */
	"CREATE TABLE supplier_aliases ("
	"  supplier_key TEXT NOT NULL REFERENCES suppliers(key) ON DELETE CASCADE,"
	"  kind TEXT NOT NULL CHECK (kind IN ('name', 'id')),"
	"  value TEXT NOT NULL,"
	"  first_period TEXT NOT NULL,"
	"  last_period TEXT NOT NULL,"
	"  PRIMARY KEY (kind, value, supplier_key)"
	") WITHOUT ROWID;"
	/*
	 * run_suppliers and supplier_spend are the big tables (a year of spend
	 * for 20,000 suppliers is 240,000 rows): they follow runs and suppliers
	 * by trigger, not foreign key, which would cost two lookups per row.
	 * Only store_begin_run() writes them, inside the run's transaction.
	 */
	"CREATE TABLE run_suppliers ("
	"  run_id TEXT NOT NULL,"
	"  supplier_key TEXT NOT NULL,"
	"  name TEXT NOT NULL,"
	"  spend_pence INTEGER NOT NULL,"
	"  transactions INTEGER NOT NULL,"
	"  expense_top TEXT,"                 /* expense type with the most spend */
	"  in_master INTEGER NOT NULL,"
	"  in_spend INTEGER NOT NULL,"
	"  match TEXT,"                       /* 'supplier id', 'company number', 'name' */
	"  PRIMARY KEY (run_id, supplier_key)"
	") WITHOUT ROWID;"
	"CREATE INDEX run_suppliers_supplier ON run_suppliers(supplier_key);"
	"CREATE TABLE supplier_spend ("
	"  run_id TEXT NOT NULL,"
	"  supplier_key TEXT NOT NULL,"
	"  month INTEGER NOT NULL,"           /* yyyymm, 0 = undated */
	"  pence INTEGER NOT NULL,"
	"  transactions INTEGER NOT NULL,"
	"  PRIMARY KEY (run_id, supplier_key, month)"
	") WITHOUT ROWID;"
	"CREATE INDEX supplier_spend_supplier ON supplier_spend(supplier_key, month);"
	"CREATE TRIGGER runs_delete AFTER DELETE ON runs BEGIN"
	"  DELETE FROM run_suppliers WHERE run_id = old.id;"
	"  DELETE FROM supplier_spend WHERE run_id = old.id;"
	" END;"
	"CREATE TRIGGER suppliers_delete AFTER DELETE ON suppliers BEGIN"
	"  DELETE FROM run_suppliers WHERE supplier_key = old.key;"
	"  DELETE FROM supplier_spend WHERE supplier_key = old.key;"
	" END;",
	/* 2: the risk model - each run's assessment, and flags that persist across runs */
	"ALTER TABLE run_suppliers ADD COLUMN sector_id TEXT;"
	"ALTER TABLE run_suppliers ADD COLUMN sector_rule TEXT;"
	"ALTER TABLE run_suppliers ADD COLUMN country TEXT;"
	"ALTER TABLE run_suppliers ADD COLUMN risk_score INTEGER;"
	"ALTER TABLE run_suppliers ADD COLUMN tier TEXT;"
	"ALTER TABLE run_suppliers ADD COLUMN priority REAL;"
	/* one row per council, supplier and kind; the review travels with it */
	"CREATE TABLE flags ("
	"  council TEXT NOT NULL,"
	"  id TEXT NOT NULL,"
	"  supplier_key TEXT NOT NULL REFERENCES suppliers(key) ON DELETE CASCADE,"
	"  kind TEXT NOT NULL,"
	"  severity TEXT NOT NULL,"
	"  summary TEXT NOT NULL,"
	"  evidence TEXT NOT NULL,"
	"  first_seen TEXT NOT NULL,"         /* period */
	"  last_seen TEXT NOT NULL,"
	"  last_run TEXT NOT NULL,"
	"  review_status TEXT NOT NULL DEFAULT 'open',"
	"  PRIMARY KEY (council, id),"
	"  UNIQUE (council, supplier_key, kind)"
	") WITHOUT ROWID;",
	/*
	 * 3: the Modern Slavery Statement Registry - one snapshot per registry
	 * year, its rows (one per organisation a statement covers), the
	 * contract managers' match overrides, and each run's statement status
	 */
	"CREATE TABLE registry_snapshots ("
	"  year INTEGER NOT NULL PRIMARY KEY,"
	"  source TEXT NOT NULL,"              /* file path or URL */
	"  sha256 TEXT NOT NULL,"
	"  bytes INTEGER NOT NULL,"
	"  loaded TEXT NOT NULL,"              /* UTC */
	"  rows INTEGER NOT NULL,"
	"  statements INTEGER NOT NULL,"
	"  rejected INTEGER NOT NULL,"
	"  etag TEXT,"
	"  last_modified TEXT"
	");"
	"CREATE TABLE registry_rows ("
	"  year INTEGER NOT NULL,"             /* the snapshot's */
	"  line INTEGER NOT NULL,"
	"  statement_year INTEGER NOT NULL,"
	"  org_name TEXT NOT NULL,"
	"  company_number TEXT,"
	"  parent_name TEXT,"
	"  group_submission INTEGER NOT NULL,"
	"  statement_id TEXT,"
	"  statement_url TEXT,"
	"  summary_url TEXT,"
	"  period_start INTEGER,"
	"  period_end INTEGER,"
	"  approver TEXT,"
	"  approved INTEGER,"
	"  areas INTEGER NOT NULL,"
	"  areas_known INTEGER NOT NULL,"
	"  turnover INTEGER NOT NULL,"
	"  sector_type TEXT,"
	"  last_updated TEXT,"
	"  PRIMARY KEY (year, line)"
	") WITHOUT ROWID;"
	"CREATE TABLE statement_overrides ("
	"  supplier_key TEXT NOT NULL,"
	"  action TEXT NOT NULL CHECK (action IN ('is', 'is_not')),"
	"  org TEXT NOT NULL,"                 /* as the person typed it */
	"  org_key TEXT NOT NULL,"             /* 'cn:01234567' or 'nm:NAME KEY' */
	"  set_by TEXT NOT NULL,"
	"  set_at TEXT NOT NULL,"
	"  note TEXT,"
	"  PRIMARY KEY (supplier_key, org_key)"
	") WITHOUT ROWID;"
	"ALTER TABLE run_suppliers ADD COLUMN statement_status TEXT;"
	"ALTER TABLE run_suppliers ADD COLUMN statement_year INTEGER;"
	"ALTER TABLE run_suppliers ADD COLUMN statement_id TEXT;"
	"ALTER TABLE run_suppliers ADD COLUMN in_scope TEXT;"
	"ALTER TABLE run_suppliers ADD COLUMN match_method TEXT;"
	"ALTER TABLE run_suppliers ADD COLUMN match_confidence REAL;",
	/*
	 * 4: abnormally low tenders - each bid's latest check, by council and
	 * tender, lot and bidder; a newer check of the same bid replaces it
	 */
	"CREATE TABLE tender_bids ("
	"  council TEXT NOT NULL,"
	"  tender_id TEXT NOT NULL,"
	"  lot TEXT NOT NULL,"
	"  bidder TEXT NOT NULL,"
	"  title TEXT,"
	"  tender_date INTEGER,"
	"  supplier_key TEXT,"                 /* the supplier the bidder joined, if any */
	"  price_pence INTEGER,"
	"  estimate_pence INTEGER,"
	"  valid INTEGER,"
	"  rank INTEGER,"
	"  levels TEXT NOT NULL,"              /* 'L1=red;E1=amber;...' rules that did not pass */
	"  verdict TEXT NOT NULL,"             /* 'no flag', 'note', 'investigate' */
	"  labour_law INTEGER NOT NULL,"
	"  clear_pence INTEGER,"
	"  run_id TEXT,"                       /* the scan that checked it; NULL for 'tenders' */
	"  checked TEXT NOT NULL,"             /* UTC */
	"  source TEXT,"
	"  PRIMARY KEY (council, tender_id, lot, bidder)"
	") WITHOUT ROWID;"
	"CREATE INDEX tender_bids_supplier ON tender_bids(supplier_key);",
	/*
	 * 5: the contract managers' reviews - the whole decision on each flag,
	 * what the flag's evidence was when it was reviewed (so a cleared flag
	 * reopens only when that changes), and an append-only audit of every
	 * change, whoever made it
	 */
	"ALTER TABLE flags ADD COLUMN reviewer TEXT;"
	"ALTER TABLE flags ADD COLUMN review_date INTEGER;"      /* yyyymmdd */
	"ALTER TABLE flags ADD COLUMN review_note TEXT;"
	"ALTER TABLE flags ADD COLUMN next_review INTEGER;"
	"ALTER TABLE flags ADD COLUMN evidence_link TEXT;"
	"ALTER TABLE flags ADD COLUMN evidence_key TEXT;"        /* this run's, flag_evidence_key() */
	"ALTER TABLE flags ADD COLUMN reviewed_key TEXT;"        /* the evidence_key reviewed */
	"ALTER TABLE flags ADD COLUMN reopened TEXT;"            /* why it last reopened */
	"ALTER TABLE flags ADD COLUMN review_changed TEXT;"      /* UTC of the last review change */
	/* the audit's last seq when the run was saved: what its workbook shows */
	"ALTER TABLE runs ADD COLUMN audit_seq INTEGER;"
	"CREATE TABLE review_audit ("
	"  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  council TEXT NOT NULL,"
	"  flag_id TEXT NOT NULL,"
	"  at TEXT NOT NULL,"                                     /* UTC */
	"  by TEXT NOT NULL,"
	"  source TEXT NOT NULL CHECK (source IN ('command line', 'workbook import',"
	"    'csv import', 'scan')),"
	"  old_status TEXT,"
	"  new_status TEXT NOT NULL,"
	"  old_note TEXT,"
	"  new_note TEXT,"
	"  detail TEXT"                                           /* other fields changed, or why */
	");"
	"CREATE INDEX review_audit_flag ON review_audit(council, flag_id);"
	"CREATE TRIGGER review_audit_no_update BEFORE UPDATE ON review_audit BEGIN"
	"  SELECT RAISE(ABORT, 'the review audit is append-only');"
	" END;"
	"CREATE TRIGGER review_audit_no_delete BEFORE DELETE ON review_audit BEGIN"
	"  SELECT RAISE(ABORT, 'the review audit is append-only');"
	" END;",
};

_Static_assert(sizeof(migrations) / sizeof(migrations[0]) == STORE_SCHEMA_VERSION,
	       "one migration per schema version");

#define BUSY_TIMEOUT_MS 3000


/* The statements store_save_run() reuses across rows. */
enum {
	Q_DELETE_RUN,
	Q_RUN,
	Q_INPUT,
	Q_OUTPUT,
	Q_SUPPLIER,
	Q_ALIAS,
	Q_RUN_SUPPLIER,
	Q_SPEND,
	Q_FLAG,
	Q_REOPEN,
	Q_AUDIT,
	Q__COUNT
};

static const char *const save_sql[Q__COUNT] = {
	[Q_DELETE_RUN] = "DELETE FROM runs WHERE council = ?1 AND period = ?2",
	[Q_RUN] = "INSERT INTO runs (id, council, period, started, finished, tool_version,"
		" spend_pence, redacted_pence, redacted_rows, suppliers, rejected, first_date,"
		" last_date, strict, max_reject_rate_ppm)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
	[Q_INPUT] = "INSERT INTO inputs (run_id, seq, kind, path, sha256, bytes, encoding,"
		" header_line, profile, date_order, records, accepted, skipped, rejected, redacted,"
		" repaired, undated, accepted_pence, redacted_pence, first_date, last_date)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,"
		" ?17, ?18, ?19, ?20, ?21)",
	[Q_OUTPUT] = "INSERT INTO run_outputs (run_id, name, sha256) VALUES (?1, ?2, ?3)",
	/* descriptive fields follow the latest period; first_* / last_* widen */
	[Q_SUPPLIER] = "INSERT INTO suppliers (key, name, company_number, vat, country, postcode,"
		" address, sic, turnover_pence, first_run, last_run, first_period, last_period)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?11, ?7, ?8, ?9, ?9, ?10, ?10)"
		" ON CONFLICT (key) DO UPDATE SET"
		" name = CASE WHEN excluded.last_period >= last_period"
		"   THEN excluded.name ELSE name END,"
		" company_number = CASE WHEN excluded.last_period >= last_period"
		"   THEN coalesce(excluded.company_number, company_number)"
		"   ELSE coalesce(company_number, excluded.company_number) END,"
		" vat = CASE WHEN excluded.last_period >= last_period"
		"   THEN coalesce(excluded.vat, vat) ELSE coalesce(vat, excluded.vat) END,"
		" country = CASE WHEN excluded.last_period >= last_period"
		"   THEN coalesce(excluded.country, country) ELSE coalesce(country, excluded.country) END,"
		" postcode = CASE WHEN excluded.last_period >= last_period"
		"   THEN coalesce(excluded.postcode, postcode) ELSE coalesce(postcode, excluded.postcode) END,"
		" address = CASE WHEN excluded.last_period >= last_period"
		"   THEN coalesce(excluded.address, address) ELSE coalesce(address, excluded.address) END,"
		" sic = CASE WHEN excluded.last_period >= last_period"
		"   THEN coalesce(excluded.sic, sic) ELSE coalesce(sic, excluded.sic) END,"
		" turnover_pence = CASE WHEN excluded.last_period >= last_period"
		"   THEN coalesce(excluded.turnover_pence, turnover_pence)"
		"   ELSE coalesce(turnover_pence, excluded.turnover_pence) END,"
		" first_run = CASE WHEN excluded.first_period <= first_period"
		"   THEN excluded.first_run ELSE first_run END,"
		" first_period = min(excluded.first_period, first_period),"
		" last_run = CASE WHEN excluded.last_period >= last_period"
		"   THEN excluded.last_run ELSE last_run END,"
		" last_period = max(excluded.last_period, last_period)",
	[Q_ALIAS] = "INSERT INTO supplier_aliases (supplier_key, kind, value, first_period, last_period)"
		" VALUES (?1, ?2, ?3, ?4, ?4)"
		" ON CONFLICT (kind, value, supplier_key) DO UPDATE SET"
		" first_period = min(excluded.first_period, first_period),"
		" last_period = max(excluded.last_period, last_period)",
	[Q_RUN_SUPPLIER] = "INSERT INTO run_suppliers (run_id, supplier_key, name, spend_pence,"
		" transactions, expense_top, in_master, in_spend, match, sector_id, sector_rule,"
		" country, risk_score, tier, priority, statement_status, statement_year, statement_id,"
		" in_scope, match_method, match_confidence)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
		" ?18, ?19, ?20, ?21)",
	/* a flag seen again keeps its first sighting and its review */
	[Q_FLAG] = "INSERT INTO flags (council, id, supplier_key, kind, severity, summary, evidence,"
		" first_seen, last_seen, last_run, evidence_key)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9, ?10)"
		" ON CONFLICT (council, id) DO UPDATE SET"
		" evidence_key = CASE WHEN excluded.last_seen >= last_seen THEN excluded.evidence_key"
		"   ELSE evidence_key END,"
		" severity = CASE WHEN excluded.last_seen >= last_seen THEN excluded.severity ELSE severity END,"
		" summary = CASE WHEN excluded.last_seen >= last_seen THEN excluded.summary ELSE summary END,"
		" evidence = CASE WHEN excluded.last_seen >= last_seen THEN excluded.evidence ELSE evidence END,"
		" first_seen = min(first_seen, excluded.first_seen),"
		" last_seen = max(last_seen, excluded.last_seen),"
		" last_run = CASE WHEN excluded.last_seen >= last_seen THEN excluded.last_run ELSE last_run END",
	/* a cleared flag whose evidence changed: open again, and say why */
	[Q_REOPEN] = "UPDATE flags SET review_status = 'open', reopened = ?3, review_changed = ?4"
		" WHERE council = ?1 AND id = ?2",
	[Q_AUDIT] = "INSERT INTO review_audit (council, flag_id, at, by, source, old_status,"
		" new_status, detail) VALUES (?1, ?2, ?3, 'chainwatch', 'scan', 'cleared', 'open', ?4)",
	[Q_SPEND] = ("INSERT INTO supplier_spend (run_id, supplier_key, month, pence, transactions)"
		     " VALUES (?1, ?2, ?3, ?4, ?5)"),
};

/*
 * Monthly spend rows go in SPEND_BATCH at a time through one multi-row
 * INSERT: a year of spend for 20,000 suppliers is 240,000 rows, and one
 * statement per row costs most of the save.
 */
#define SPEND_BATCH 64
#define SPEND_COLS 5

static char *spend_batch_sql(int rows)
{
	static const char head[] = "INSERT INTO supplier_spend (run_id, supplier_key, month, pence,"
				   " transactions) VALUES ";
	size_t n = sizeof(head) + (size_t)rows * sizeof("(?,?,?,?,?),");
	char *sql = xmalloc(n), *p = sql;
	int i;

	p += snprintf(p, n, "%s", head);
	for (i = 0; i < rows; i++)
		p += snprintf(p, n - (size_t)(p - sql), "%s(?,?,?,?,?)", i ? "," : "");
	return sql;
}

struct spend_batch {
	sqlite3_stmt *many;        /* SPEND_BATCH rows */
	sqlite3_stmt *one;         /* the remainder, one at a time */
	const char *run_id;
	int n;
	struct {
		const char *key;
		int32_t month;
		int64_t pence, count;
	} row[SPEND_BATCH];
};

int sdb_fail(struct store *st, int rc, struct diag *err)
{
	if (rc == SQLITE_BUSY || (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
		return diag_set(err, CW_DATABASE, "database '%s' is busy (another chainwatch run?)",
				st->path);
	return diag_set(err, CW_DATABASE, "database '%s': %s", st->path,
			st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc));
}

int sdb_exec(struct store *st, const char *sql, struct diag *err)
{
	int rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? 0 : sdb_fail(st, rc, err);
}

static int user_version(struct store *st, int *out, struct diag *err)
{
	sqlite3_stmt *q = NULL;
	int rc, ret = -1;

	rc = sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &q, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(q);
	if (rc != SQLITE_ROW) {
		sdb_fail(st, rc, err);
		goto out;
	}
	*out = sqlite3_column_int(q, 0);
	ret = 0;
out:
	sqlite3_finalize(q);
	return ret;
}

void sdb_rollback(struct store *st)
{
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

static int too_new(struct store *st, int version, struct diag *err)
{
	return diag_set(err, CW_DATABASE,
			"database '%s' has schema version %d; this chainwatch knows up to %d",
			st->path, version, STORE_SCHEMA_VERSION);
}

static int migrate(struct store *st, struct diag *err)
{
	char sql[64];
	int version, i, ret = -1;

	if (user_version(st, &version, err) < 0)
		return -1;
	if (version > STORE_SCHEMA_VERSION)
		return too_new(st, version, err);
	if (version == STORE_SCHEMA_VERSION)
		return 0;
	if (sdb_exec(st, "BEGIN IMMEDIATE", err) < 0)
		return -1;
	/* another process may have migrated while we waited for the lock */
	if (user_version(st, &version, err) < 0)
		goto out;
	if (version > STORE_SCHEMA_VERSION) {
		too_new(st, version, err);
		goto out;
	}
	for (i = version; i < STORE_SCHEMA_VERSION; i++)
		if (sdb_exec(st, migrations[i], err) < 0)
			goto out;
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", STORE_SCHEMA_VERSION);
	if (sdb_exec(st, sql, err) < 0 || sdb_exec(st, "COMMIT", err) < 0)
		goto out;
	ret = 0;
out:
	if (ret < 0)
		sdb_rollback(st);
	return ret;
}

int store_open(const char *path, struct store **out, struct diag *err)
{
	struct store *st = xcalloc(1, sizeof(*st));
	int rc, ret = -1;

	st->path = xstrdup(path);
	/* one connection, one thread: no SQLite mutexes */
	rc = sqlite3_open_v2(path, &st->db,
			     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		diag_set(err, CW_DATABASE, "cannot open database '%s': %s", path,
			 st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc));
		goto out;
	}
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, BUSY_TIMEOUT_MS);
	/* the first statement that reads the file finds out if it is a database */
	if (sdb_exec(st, "PRAGMA foreign_keys = ON", err) < 0 ||
	    sdb_exec(st, "PRAGMA journal_mode = WAL", err) < 0 ||
	    sdb_exec(st, "PRAGMA synchronous = NORMAL", err) < 0 ||
	    sdb_exec(st, "PRAGMA cache_size = -1024", err) < 0 ||     /* 1 MB */
	    migrate(st, err) < 0)
		goto out;
	*out = st;
	st = NULL;
	ret = 0;
out:
	store_close(st);
	return ret;
}

void store_close(struct store *st)
{
	if (!st)
		return;
	sqlite3_finalize(st->registry_insert);
	sqlite3_finalize(st->registry_row);
	sqlite3_close(st->db);
	free(st->path);
	free(st);
}

void store_set_busy_timeout(struct store *st, int ms)
{
	sqlite3_busy_timeout(st->db, ms);
}

/* Text or NULL: NULL and "" are both stored as NULL. */
int sdb_bind_opt(sqlite3_stmt *q, int i, const char *s)
{
	if (!s || !*s)
		return sqlite3_bind_null(q, i);
	return sqlite3_bind_text(q, i, s, -1, SQLITE_STATIC);
}

/* Text as given; NULL stays NULL (and NOT NULL columns refuse it). */
int sdb_bind_text(sqlite3_stmt *q, int i, const char *s)
{
	if (!s)
		return sqlite3_bind_null(q, i);
	return sqlite3_bind_text(q, i, s, -1, SQLITE_STATIC);
}

int sdb_bind_int(sqlite3_stmt *q, int i, int64_t v)
{
	return sqlite3_bind_int64(q, i, (sqlite3_int64)v);
}

int sdb_bind_date(sqlite3_stmt *q, int i, int32_t v)
{
	return v ? sqlite3_bind_int(q, i, v) : sqlite3_bind_null(q, i);
}

/* Run a bound statement to completion and make it ready for the next row. */
int sdb_step(struct store *st, sqlite3_stmt *q, struct diag *err)
{
	int rc = sqlite3_step(q);

	sqlite3_reset(q);      /* every parameter is bound again for the next row */
	return rc == SQLITE_DONE ? 0 : sdb_fail(st, rc, err);
}

static const char *expense_top(const struct supplier *s)
{
	const struct spend_part *top = NULL;
	size_t i;

	for (i = 0; i < s->nexpense; i++)
		if (!top || s->expense[i].pence > top->pence)
			top = &s->expense[i];
	return top ? top->label : NULL;
}

static int save_run_row(struct store *st, sqlite3_stmt *q, const struct scan_report *r,
			struct diag *err)
{
	char started[24], finished[24];

	sdb_bind_text(q, 1, r->run.id);
	sdb_bind_text(q, 2, r->run.council);
	sdb_bind_text(q, 3, r->run.period);
	sdb_bind_text(q, 4, run_time_format(r->run.started, started));
	sdb_bind_opt(q, 5, r->run.finished ? run_time_format(r->run.finished, finished) : NULL);
	sdb_bind_text(q, 6, r->run.tool_version);
	sdb_bind_int(q, 7, r->spend_pence);
	sdb_bind_int(q, 8, r->redacted_pence);
	sdb_bind_int(q, 9, (int64_t)r->redacted_rows);
	sdb_bind_int(q, 10, (int64_t)r->nsuppliers);
	sdb_bind_int(q, 11, (int64_t)r->rejections_total);
	sdb_bind_date(q, 12, r->first_date);
	sdb_bind_date(q, 13, r->last_date);
	sdb_bind_int(q, 14, r->run.strict ? 1 : 0);
	sdb_bind_int(q, 15, r->run.max_reject_rate_ppm);
	return sdb_step(st, q, err);
}

static int save_input(struct store *st, sqlite3_stmt *q, const struct scan_report *r,
		      size_t seq, struct diag *err)
{
	const struct input_stats *in = &r->inputs[seq];

	sdb_bind_text(q, 1, r->run.id);
	sdb_bind_int(q, 2, (int64_t)seq + 1);
	sdb_bind_text(q, 3, in->kind == INPUT_SUPPLIERS ? "suppliers" : "spend");
	sdb_bind_text(q, 4, in->path);
	sdb_bind_text(q, 5, in->sha256);
	sdb_bind_int(q, 6, (int64_t)in->bytes);
	sdb_bind_opt(q, 7, encoding_name(in->encoding));
	sdb_bind_int(q, 8, (int64_t)in->header_line);
	sdb_bind_opt(q, 9, in->profile);
	sdb_bind_opt(q, 10, date_order_name(in->date_order));
	sdb_bind_int(q, 11, (int64_t)in->records);
	sdb_bind_int(q, 12, (int64_t)in->accepted);
	sdb_bind_int(q, 13, (int64_t)in->skipped);
	sdb_bind_int(q, 14, (int64_t)in->rejected);
	sdb_bind_int(q, 15, (int64_t)in->redacted);
	sdb_bind_int(q, 16, (int64_t)in->repaired);
	sdb_bind_int(q, 17, (int64_t)in->undated);
	sdb_bind_int(q, 18, in->accepted_pence);
	sdb_bind_int(q, 19, in->redacted_pence);
	sdb_bind_date(q, 20, in->first_date);
	sdb_bind_date(q, 21, in->last_date);
	return sdb_step(st, q, err);
}

/* A supplier's name or ID, to be saved in (kind, value, key) order: the table's key order. */
struct alias {
	const char *kind, *value, *key;
};

static int by_alias(const void *a, const void *b)
{
	const struct alias *x = a, *y = b;
	int c = strcmp(x->kind, y->kind);

	if (!c)
		c = strcmp(x->value, y->value);
	return c ? c : strcmp(x->key, y->key);
}

/*
 * Every supplier's names and IDs, sorted first: in supplier order they
 * would land all over the table's B-tree, a page read and written for
 * almost every one once the table outgrows the page cache.
 */
static int save_aliases(struct store *st, sqlite3_stmt *q, const struct scan_report *r,
			struct diag *err)
{
	struct alias *v;
	size_t n = 0, k, i;
	int ret = 0;

	for (k = 0; k < r->nsuppliers; k++)
		n += r->suppliers[k]->nnames + r->suppliers[k]->nids;
	v = xreallocarray(NULL, n + 1, sizeof(*v));
	n = 0;
	for (k = 0; k < r->nsuppliers; k++) {
		const struct supplier *s = r->suppliers[k];

		for (i = 0; i < s->nnames; i++)
			v[n++] = (struct alias){ "name", s->names[i], s->key };
		for (i = 0; i < s->nids; i++)
			v[n++] = (struct alias){ "id", s->ids[i], s->key };
	}
	qsort(v, n, sizeof(*v), by_alias);
	for (k = 0; k < n && ret == 0; k++) {
		sdb_bind_text(q, 1, v[k].key);
		sdb_bind_text(q, 2, v[k].kind);
		sdb_bind_text(q, 3, v[k].value);
		sdb_bind_text(q, 4, r->run.period);
		ret = sdb_step(st, q, err);
	}
	free(v);
	return ret;
}

/* Insert the rows held in the batch: all at once when it is full, else one by one. */
static int spend_flush(struct store *st, struct spend_batch *b, struct diag *err)
{
	int i, full = b->n == SPEND_BATCH;
	sqlite3_stmt *q = full ? b->many : b->one;

	for (i = 0; i < b->n; i++) {
		int base = full ? i * SPEND_COLS : 0;

		sdb_bind_text(q, base + 1, b->run_id);
		sdb_bind_text(q, base + 2, b->row[i].key);
		sdb_bind_int(q, base + 3, b->row[i].month);
		sdb_bind_int(q, base + 4, b->row[i].pence);
		sdb_bind_int(q, base + 5, b->row[i].count);
		if (!full && sdb_step(st, q, err) < 0)
			return -1;
	}
	if (full && sdb_step(st, q, err) < 0)
		return -1;
	b->n = 0;
	return 0;
}

static int spend_add(struct store *st, struct spend_batch *b, const char *key,
		     const struct month_part *m, struct diag *err)
{
	b->row[b->n].key = key;
	b->row[b->n].month = m->month;
	b->row[b->n].pence = m->pence;
	b->row[b->n].count = (int64_t)m->n;
	return ++b->n == SPEND_BATCH ? spend_flush(st, b, err) : 0;
}

static int save_supplier(struct store *st, sqlite3_stmt **q, struct spend_batch *b,
			 const struct scan_report *r, size_t idx, struct diag *err)
{
	const struct supplier *s = r->suppliers[idx];
	const struct assessment *a = r->assessments ? &r->assessments[idx] : NULL;
	const char *period = r->run.period;
	sqlite3_stmt *u = q[Q_SUPPLIER], *rs = q[Q_RUN_SUPPLIER];
	size_t i;

	sdb_bind_text(u, 1, s->key);
	sdb_bind_text(u, 2, s->name ? s->name : "");
	sdb_bind_opt(u, 3, s->company_number);
	sdb_bind_opt(u, 4, s->vat);
	sdb_bind_opt(u, 5, s->country);
	sdb_bind_opt(u, 6, s->postcode);
	sdb_bind_opt(u, 7, s->sic);
	if (s->turnover_pence >= 0)
		sdb_bind_int(u, 8, s->turnover_pence);
	else
		sqlite3_bind_null(u, 8);
	sdb_bind_text(u, 9, r->run.id);
	sdb_bind_text(u, 10, period);
	sdb_bind_opt(u, 11, s->address);
	if (sdb_step(st, u, err) < 0)
		return -1;

	sdb_bind_text(rs, 1, r->run.id);
	sdb_bind_text(rs, 2, s->key);
	sdb_bind_text(rs, 3, s->name ? s->name : "");
	sdb_bind_int(rs, 4, s->spend_pence);
	sdb_bind_int(rs, 5, (int64_t)s->transactions);
	sdb_bind_opt(rs, 6, expense_top(s));
	sdb_bind_int(rs, 7, s->in_master ? 1 : 0);
	sdb_bind_int(rs, 8, s->in_spend ? 1 : 0);
	sdb_bind_opt(rs, 9, s->match);
	if (a) {
		sdb_bind_opt(rs, 10, a->sector.sector ? a->sector.sector->id : NULL);
		sdb_bind_opt(rs, 11, sector_rule_name(a->sector.rule));
		sdb_bind_opt(rs, 12, a->country ? a->country->alpha2 : NULL);
		sdb_bind_int(rs, 13, a->score);
		sdb_bind_text(rs, 14, tier_name(a->tier));
		sqlite3_bind_double(rs, 15, a->priority);
	} else {
		for (i = 10; i <= 15; i++)
			sqlite3_bind_null(rs, (int)i);
	}
	for (i = 16; i <= 21; i++)
		sqlite3_bind_null(rs, (int)i);
	if (a && a->statement.status != STATEMENT_NOT_CHECKED) {
		const struct statement *sm = &a->statement;

		sdb_bind_text(rs, 16, statement_status_name(sm->status));
		if (sm->row) {
			sdb_bind_int(rs, 17, sm->row->year);
			sdb_bind_opt(rs, 18, sm->row->statement_id);
		}
		sdb_bind_text(rs, 19, in_scope_name(sm->scope));
		sdb_bind_opt(rs, 20, sm->method);
		if (sm->method)
			sqlite3_bind_double(rs, 21, sm->confidence);
	}
	if (sdb_step(st, rs, err) < 0)
		return -1;

	for (i = 0; i < s->nmonths; i++)
		if (spend_add(st, b, s->key, &s->months[i], err) < 0)
			return -1;
	return 0;
}

static int save_flag(struct store *st, sqlite3_stmt *q, const struct scan_report *r,
		     const struct flag *f, struct buf *summary, struct buf *evidence,
		     struct diag *err)
{
	char key[96];

	sdb_bind_text(q, 1, r->run.council);
	sdb_bind_text(q, 2, f->id);
	sdb_bind_text(q, 3, f->supplier->key);
	sdb_bind_text(q, 4, flag_kind_name(f->kind));
	sdb_bind_text(q, 5, f->severity);
	sdb_bind_text(q, 6, flag_summary(f, summary));
	sdb_bind_text(q, 7, flag_evidence(f, evidence));
	sdb_bind_text(q, 8, r->run.period);
	sdb_bind_text(q, 9, r->run.id);
	flag_evidence_key(f, key);
	sdb_bind_opt(q, 10, key);
	return sdb_step(st, q, err);
}

/* The flag reopened this run (store_flag_history found it so): record it and audit it. */
static int save_reopen(struct store *st, sqlite3_stmt **q, const struct scan_report *r,
		       const struct flag *f, struct diag *err)
{
	char at[24];

	run_time_format(r->run.started, at);
	sdb_bind_text(q[Q_REOPEN], 1, r->run.council);
	sdb_bind_text(q[Q_REOPEN], 2, f->id);
	sdb_bind_text(q[Q_REOPEN], 3, f->reopened);
	sdb_bind_text(q[Q_REOPEN], 4, at);
	if (sdb_step(st, q[Q_REOPEN], err) < 0)
		return -1;
	sdb_bind_text(q[Q_AUDIT], 1, r->run.council);
	sdb_bind_text(q[Q_AUDIT], 2, f->id);
	sdb_bind_text(q[Q_AUDIT], 3, at);
	sdb_bind_text(q[Q_AUDIT], 4, f->reopened);
	return sdb_step(st, q[Q_AUDIT], err);
}

static const char *col_str(sqlite3_stmt *q, int col)
{
	return (const char *)sqlite3_column_text(q, col);
}

int store_flag_history(struct store *st, const char *council, struct flag *flags, size_t n,
		       struct diag *err)
{
	char key[96], why[160];
	sqlite3_stmt *q = NULL;
	int rc, ret = -1;
	size_t i;

	rc = sqlite3_prepare_v2(st->db, "SELECT first_seen, last_seen, review_status, reviewer,"
				" review_date, review_note, next_review, evidence_link, reviewed_key"
				" FROM flags WHERE council = ?1 AND id = ?2", -1, &q, NULL);
	if (rc != SQLITE_OK) {
		sdb_fail(st, rc, err);
		goto out;
	}
	for (i = 0; i < n; i++) {
		struct flag *f = &flags[i];

		sdb_bind_text(q, 1, council);
		sdb_bind_text(q, 2, f->id);
		rc = sqlite3_step(q);
		if (rc == SQLITE_ROW) {
			const char *first = col_str(q, 0), *last = col_str(q, 1);
			const char *status = col_str(q, 2);

			if (first && strcmp(first, f->first_seen) < 0)
				snprintf(f->first_seen, sizeof(f->first_seen), "%s", first);
			if (last && strcmp(last, f->last_seen) > 0)
				snprintf(f->last_seen, sizeof(f->last_seen), "%s", last);
			if (status)
				snprintf(f->review_status, sizeof(f->review_status), "%s", status);
			free(f->reviewer);
			f->reviewer = col_str(q, 3) ? xstrdup(col_str(q, 3)) : NULL;
			f->review_date = sqlite3_column_int(q, 4);
			free(f->review_note);
			f->review_note = col_str(q, 5) ? xstrdup(col_str(q, 5)) : NULL;
			f->next_review = sqlite3_column_int(q, 6);
			free(f->evidence_link);
			f->evidence_link = col_str(q, 7) ? xstrdup(col_str(q, 7)) : NULL;
			/* cleared stays cleared unless the evidence is now worse than it was */
			flag_evidence_key(f, key);
			if (status && !strcmp(status, "cleared") &&
			    flag_reopens(col_str(q, 8), key, why, sizeof(why))) {
				snprintf(f->review_status, sizeof(f->review_status), "open");
				free(f->reopened);
				f->reopened = xstrdup(why);
			}
		} else if (rc != SQLITE_DONE) {
			sdb_fail(st, rc, err);
			goto out;
		}
		sqlite3_reset(q);
	}
	ret = 0;
out:
	sqlite3_finalize(q);
	return ret;
}

/*
 * Suppliers are saved in key order: the report's spend order is random
 * to the B-trees, and in-order inserts are several times faster.
 */
struct keyed {
	const char *key;
	size_t idx;             /* into the report's suppliers */
};

static int by_key(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;

	if (!x->key || !y->key)
		return !x->key - !y->key;
	return strcmp(x->key, y->key);
}

static int by_flag_id(const void *a, const void *b)
{
	const struct flag *x = *(const struct flag *const *)a, *y = *(const struct flag *const *)b;

	return strcmp(x->id, y->id);
}

int store_begin_run(struct store *st, const struct scan_report *r, struct diag *err)
{
	const struct flag **fsorted;
	sqlite3_stmt *q[Q__COUNT] = { NULL };
	struct keyed *sorted = xreallocarray(NULL, r->nsuppliers + 1, sizeof(*sorted));
	struct buf summary, evidence;
	struct spend_batch *b = xcalloc(1, sizeof(*b));
	char *many_sql = spend_batch_sql(SPEND_BATCH);
	int i, rc, ret = -1;
	size_t k;

	for (i = 0; i < Q__COUNT; i++) {
		rc = sqlite3_prepare_v2(st->db, save_sql[i], -1, &q[i], NULL);
		if (rc != SQLITE_OK) {
			sdb_fail(st, rc, err);
			goto out;
		}
	}
	rc = sqlite3_prepare_v2(st->db, many_sql, -1, &b->many, NULL);
	if (rc != SQLITE_OK) {
		sdb_fail(st, rc, err);
		goto out;
	}
	b->one = q[Q_SPEND];
	b->run_id = r->run.id;
	if (sdb_exec(st, "BEGIN IMMEDIATE", err) < 0)
		goto out;

	sdb_bind_text(q[Q_DELETE_RUN], 1, r->run.council);
	sdb_bind_text(q[Q_DELETE_RUN], 2, r->run.period);
	if (sdb_step(st, q[Q_DELETE_RUN], err) < 0 || save_run_row(st, q[Q_RUN], r, err) < 0)
		goto out;
	for (k = 0; k < r->ninputs; k++)
		if (save_input(st, q[Q_INPUT], r, k, err) < 0)
			goto out;
	for (k = 0; k < r->nsuppliers; k++) {
		sorted[k].key = r->suppliers[k]->key;
		sorted[k].idx = k;
	}
	qsort(sorted, r->nsuppliers, sizeof(*sorted), by_key);
	for (k = 0; k < r->nsuppliers; k++)
		if (save_supplier(st, q, b, r, sorted[k].idx, err) < 0)
			goto out;
	if (spend_flush(st, b, err) < 0 || save_aliases(st, q[Q_ALIAS], r, err) < 0)
		goto out;
	buf_init(&summary, 0);
	buf_init(&evidence, 0);
	fsorted = xreallocarray(NULL, r->nflags + 1, sizeof(*fsorted));
	for (k = 0; k < r->nflags; k++)
		fsorted[k] = &r->flags[k];
	qsort(fsorted, r->nflags, sizeof(*fsorted), by_flag_id);
	for (k = 0; k < r->nflags; k++)
		if (save_flag(st, q[Q_FLAG], r, fsorted[k], &summary, &evidence, err) < 0 ||
		    (fsorted[k]->reopened && save_reopen(st, q, r, fsorted[k], err) < 0))
			break;
	free(fsorted);
	buf_release(&summary);
	buf_release(&evidence);
	if (k < r->nflags)
		goto out;
	ret = 0;
out:
	if (ret < 0)
		sdb_rollback(st);
	for (i = 0; i < Q__COUNT; i++)
		sqlite3_finalize(q[i]);
	sqlite3_finalize(b->many);
	free(b);
	free(many_sql);
	free(sorted);
	return ret;
}

int store_commit_run(struct store *st, const struct scan_report *r, struct diag *err)
{
	sqlite3_stmt *q = NULL;
	int rc, ret = -1;
	size_t k;

	if (sqlite3_get_autocommit(st->db))
		BUG("store_commit_run without store_begin_run");
	rc = sqlite3_prepare_v2(st->db, save_sql[Q_OUTPUT], -1, &q, NULL);
	if (rc != SQLITE_OK) {
		sdb_fail(st, rc, err);
		goto out;
	}
	for (k = 0; k < r->noutputs; k++) {
		sdb_bind_text(q, 1, r->run.id);
		sdb_bind_text(q, 2, r->outputs[k].name);
		sdb_bind_text(q, 3, r->outputs[k].sha256);
		if (sdb_step(st, q, err) < 0)
			goto out;
	}
	sqlite3_finalize(q);
	/* the decisions this run's workbook shows: every audit row so far */
	rc = sqlite3_prepare_v2(st->db, "UPDATE runs SET audit_seq ="
				" (SELECT coalesce(max(seq), 0) FROM review_audit) WHERE id = ?1", -1, &q,
				NULL);
	if (rc != SQLITE_OK) {
		q = NULL;
		sdb_fail(st, rc, err);
		goto out;
	}
	sdb_bind_text(q, 1, r->run.id);
	if (sdb_step(st, q, err) < 0 || sdb_exec(st, "COMMIT", err) < 0)
		goto out;
	ret = 0;
out:
	if (ret < 0)
		sdb_rollback(st);
	sqlite3_finalize(q);
	return ret;
}

void store_abort_run(struct store *st)
{
	if (st)
		sdb_rollback(st);
}

int store_save_run(struct store *st, const struct scan_report *r, struct diag *err)
{
	if (store_begin_run(st, r, err) < 0)
		return -1;
	return store_commit_run(st, r, err);
}

long store_count_runs(struct store *st, const char *council, const char *period, struct diag *err)
{
	sqlite3_stmt *q = NULL;
	long ret = -1;
	int rc;

	rc = sqlite3_prepare_v2(st->db, "SELECT count(*) FROM runs WHERE council = ?1 AND period = ?2",
				-1, &q, NULL);
	if (rc == SQLITE_OK) {
		sdb_bind_text(q, 1, council);
		sdb_bind_text(q, 2, period);
		rc = sqlite3_step(q);
	}
	if (rc != SQLITE_ROW) {
		sdb_fail(st, rc, err);
		goto out;
	}
	ret = (long)sqlite3_column_int64(q, 0);
out:
	sqlite3_finalize(q);
	return ret;
}
