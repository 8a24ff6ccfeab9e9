/*
 * store.c: the database (store.h) - the schema and its migrations, open
 * and close, and the sdb_* helpers the store's files share
 * (store_private.h).  Saving a run is in rundb.c.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

#include "chainwatch/buf.h"
#include "chainwatch/flags.h"
#include "chainwatch/spelling.h"
#include "chainwatch/store.h"
#include "store_private.h"
#include "chainwatch/xalloc.h"

#define MIGRATION_PARTS 4     /* a migration's statements, in parts of at most 4 KB */

/*
 * The schema, one forward migration per version: migrations[i] takes a
 * database from user_version i to i + 1.  A migration is a list of
 * statements run in one transaction with the user_version bump, so a
 * database is always at some whole version.  Later versions append here;
 * an applied migration is never edited.
 */
static const char *const migrations[][MIGRATION_PARTS] = {
	/* 0 -> 1: runs, inputs, suppliers and their spend */
	{ "CREATE TABLE runs ("
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
	" END;" },
	/* 2: the risk model - each run's assessment, and flags that persist across runs */
	{ "ALTER TABLE run_suppliers ADD COLUMN sector_id TEXT;"
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
	") WITHOUT ROWID;" },
	/*
	 * 3: the Modern Slavery Statement Registry - one snapshot per registry
	 * year, its rows (one per organisation a statement covers), the
	 * contract managers' match overrides, and each run's statement status
	 */
	{ "CREATE TABLE registry_snapshots ("
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
	"ALTER TABLE run_suppliers ADD COLUMN match_confidence REAL;" },
	/*
	 * 4: abnormally low tenders - each bid's latest check, by council and
	 * tender, lot and bidder; a newer check of the same bid replaces it
	 */
	{ "CREATE TABLE tender_bids ("
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
	"CREATE INDEX tender_bids_supplier ON tender_bids(supplier_key);" },
	/*
	 * 5: the contract managers' reviews - the whole decision on each flag,
	 * what the flag's evidence was when it was reviewed (so a cleared flag
	 * reopens only when that changes), and an append-only audit of every
	 * change, whoever made it
	 */
	{ "ALTER TABLE flags ADD COLUMN reviewer TEXT;"
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
	" END;" },
	/*
	 * 6: councils kept apart - suppliers, their aliases and the statement
	 * overrides belong to one council, and a flag's id includes its
	 * council (flag_make_id).  check_split() has refused a database whose
	 * rows cannot be split; a supplier key in several councils' runs is
	 * then a name or company number, the same organisation for each, and
	 * is copied to each council with the name that council last paid.
	 * supplier_councils is every (council, key) a row belongs to.
	 */
	{ "CREATE TEMP TABLE supplier_councils AS"
	"  SELECT DISTINCT r.council AS council, rs.supplier_key AS key"
	"  FROM run_suppliers rs JOIN runs r ON r.id = rs.run_id"
	"  UNION SELECT council, supplier_key FROM flags"
	"  UNION SELECT c.council, s.key FROM suppliers s,"
	"    (SELECT DISTINCT council FROM runs) c"
	"    WHERE (SELECT count(DISTINCT council) FROM runs) = 1;"
	"CREATE TABLE suppliers_v6 ("
	"  council TEXT NOT NULL,"
	"  key TEXT NOT NULL,"
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
	"  last_period TEXT NOT NULL,"
	"  PRIMARY KEY (council, key)"
	") WITHOUT ROWID;"
	"INSERT INTO suppliers_v6 SELECT sc.council, s.key,"
	"  coalesce((SELECT rs.name FROM run_suppliers rs JOIN runs r ON r.id = rs.run_id"
	"    WHERE rs.supplier_key = s.key AND r.council = sc.council"
	"    ORDER BY r.period DESC LIMIT 1), s.name),"
	"  s.company_number, s.vat, s.country, s.postcode, s.address, s.sic, s.turnover_pence,"
	"  coalesce((SELECT r.id FROM run_suppliers rs JOIN runs r ON r.id = rs.run_id"
	"    WHERE rs.supplier_key = s.key AND r.council = sc.council"
	"    ORDER BY r.period LIMIT 1), s.first_run),"
	"  coalesce((SELECT r.id FROM run_suppliers rs JOIN runs r ON r.id = rs.run_id"
	"    WHERE rs.supplier_key = s.key AND r.council = sc.council"
	"    ORDER BY r.period DESC LIMIT 1), s.last_run),"
	"  coalesce((SELECT min(r.period) FROM run_suppliers rs JOIN runs r ON r.id = rs.run_id"
	"    WHERE rs.supplier_key = s.key AND r.council = sc.council), s.first_period),"
	"  coalesce((SELECT max(r.period) FROM run_suppliers rs JOIN runs r ON r.id = rs.run_id"
	"    WHERE rs.supplier_key = s.key AND r.council = sc.council), s.last_period)"
	"  FROM suppliers s JOIN supplier_councils sc ON sc.key = s.key;"
	"CREATE TABLE supplier_aliases_v6 ("
	"  council TEXT NOT NULL,"
	"  supplier_key TEXT NOT NULL,"
	"  kind TEXT NOT NULL CHECK (kind IN ('name', 'id')),"
	"  value TEXT NOT NULL,"
	"  first_period TEXT NOT NULL,"
	"  last_period TEXT NOT NULL,"
	"  PRIMARY KEY (council, kind, value, supplier_key),"
	"  FOREIGN KEY (council, supplier_key) REFERENCES suppliers_v6(council, key)"
	"    ON DELETE CASCADE"
	") WITHOUT ROWID;"
	"INSERT INTO supplier_aliases_v6 SELECT sc.council, a.supplier_key, a.kind, a.value,"
	"  a.first_period, a.last_period"
	"  FROM supplier_aliases a JOIN supplier_councils sc ON sc.key = a.supplier_key;"
	"CREATE TABLE flags_v6 ("
	"  council TEXT NOT NULL,"
	"  id TEXT NOT NULL,"
	"  supplier_key TEXT NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  severity TEXT NOT NULL,"
	"  summary TEXT NOT NULL,"
	"  evidence TEXT NOT NULL,"
	"  first_seen TEXT NOT NULL,"
	"  last_seen TEXT NOT NULL,"
	"  last_run TEXT NOT NULL,"
	"  review_status TEXT NOT NULL DEFAULT 'open',"
	"  reviewer TEXT,"
	"  review_date INTEGER,"
	"  review_note TEXT,"
	"  next_review INTEGER,"
	"  evidence_link TEXT,"
	"  evidence_key TEXT,"
	"  reviewed_key TEXT,"
	"  reopened TEXT,"
	"  review_changed TEXT,"
	"  PRIMARY KEY (council, id),"
	"  UNIQUE (council, supplier_key, kind),"
	"  FOREIGN KEY (council, supplier_key) REFERENCES suppliers_v6(council, key)"
	"    ON DELETE CASCADE"
	") WITHOUT ROWID;"
	"INSERT INTO flags_v6 SELECT council, cw_flag_id(council, supplier_key, kind), supplier_key,"
	"  kind, severity, summary, evidence, first_seen, last_seen, last_run, review_status,"
	"  reviewer, review_date, review_note, next_review, evidence_link, evidence_key,"
	"  reviewed_key, reopened, review_changed FROM flags;",
	/* the audit follows its flags' new ids: the one change it ever gets */
	"DROP TRIGGER review_audit_no_update;"
	"UPDATE review_audit SET flag_id = coalesce((SELECT cw_flag_id(f.council, f.supplier_key,"
	"  f.kind) FROM flags f WHERE f.council = review_audit.council AND f.id = review_audit.flag_id),"
	"  flag_id);"
	"CREATE TRIGGER review_audit_no_update BEFORE UPDATE ON review_audit BEGIN"
	"  SELECT RAISE(ABORT, 'the review audit is append-only');"
	" END;"
	"CREATE TABLE statement_overrides_v6 ("
	"  council TEXT NOT NULL,"
	"  supplier_key TEXT NOT NULL,"
	"  action TEXT NOT NULL CHECK (action IN ('is', 'is_not')),"
	"  org TEXT NOT NULL,"
	"  org_key TEXT NOT NULL,"
	"  set_by TEXT NOT NULL,"
	"  set_at TEXT NOT NULL,"
	"  note TEXT,"
	"  PRIMARY KEY (council, supplier_key, org_key)"
	") WITHOUT ROWID;"
	"INSERT INTO statement_overrides_v6 SELECT sc.council, o.supplier_key, o.action, o.org,"
	"  o.org_key, o.set_by, o.set_at, o.note"
	"  FROM statement_overrides o JOIN supplier_councils sc ON sc.key = o.supplier_key;",
	/* children first: dropping a parent would delete them */
	"DROP TABLE flags;"
	"DROP TABLE supplier_aliases;"
	"DROP TRIGGER suppliers_delete;"
	"DROP TABLE suppliers;"
	"DROP TABLE statement_overrides;"
	"ALTER TABLE suppliers_v6 RENAME TO suppliers;"
	"ALTER TABLE supplier_aliases_v6 RENAME TO supplier_aliases;"
	"ALTER TABLE flags_v6 RENAME TO flags;"
	"ALTER TABLE statement_overrides_v6 RENAME TO statement_overrides;"
	"CREATE INDEX suppliers_company_number ON suppliers(council, company_number);"
	"CREATE TRIGGER suppliers_delete AFTER DELETE ON suppliers BEGIN"
	"  DELETE FROM run_suppliers WHERE supplier_key = old.key"
	"    AND run_id IN (SELECT id FROM runs WHERE council = old.council);"
	"  DELETE FROM supplier_spend WHERE supplier_key = old.key"
	"    AND run_id IN (SELECT id FROM runs WHERE council = old.council);"
	" END;"
	"DROP TABLE temp.supplier_councils;" },
	/*
	 * 7: what each payee is (entity.h) - kept with each run's supplier
	 * row, and the corrections a contract manager makes, per council and
	 * supplier key so two councils' corrections never meet.
	 */
	{ "ALTER TABLE run_suppliers ADD COLUMN entity_type TEXT;"
	"ALTER TABLE run_suppliers ADD COLUMN entity_id TEXT;"
	"ALTER TABLE run_suppliers ADD COLUMN entity_evidence TEXT;"
	"CREATE TABLE entity_overrides ("
	"  council TEXT NOT NULL,"
	"  supplier_key TEXT NOT NULL,"
	"  entity_type TEXT NOT NULL CHECK (entity_type IN ('company', 'charity', 'public_body',"
	"    'individual', 'unknown')),"
	"  entity_id TEXT,"
	"  set_by TEXT NOT NULL,"
	"  set_at TEXT NOT NULL,"
	"  note TEXT,"
	"  PRIMARY KEY (council, supplier_key)"
	") WITHOUT ROWID;" },
	/*
	 * supplier reviews: the contract manager's review of a whole supplier
	 * (owner, status, next action, due date, note; the Suppliers sheet),
	 * per council and supplier key, with its own append-only audit.
	 */
	{ "CREATE TABLE supplier_reviews ("
	"  council TEXT NOT NULL,"
	"  supplier_key TEXT NOT NULL,"
	"  status TEXT NOT NULL,"
	"  owner TEXT,"
	"  next_action TEXT,"
	"  due_date INTEGER,"
	"  note TEXT,"
	"  changed_at TEXT NOT NULL,"                             /* UTC */
	"  changed_by TEXT NOT NULL,"
	"  PRIMARY KEY (council, supplier_key)"
	") WITHOUT ROWID;"
	"CREATE TABLE supplier_review_audit ("
	"  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  council TEXT NOT NULL,"
	"  supplier_key TEXT NOT NULL,"
	"  at TEXT NOT NULL,"
	"  by TEXT NOT NULL,"
	"  source TEXT NOT NULL CHECK (source IN ('command line', 'workbook import',"
	"    'csv import', 'scan')),"
	"  old_status TEXT,"
	"  new_status TEXT NOT NULL,"
	"  old_note TEXT,"
	"  new_note TEXT,"
	"  detail TEXT"                                           /* other fields changed */
	");"
	"CREATE INDEX supplier_review_audit_key ON supplier_review_audit(council, supplier_key);"
	"CREATE TRIGGER supplier_review_audit_no_update BEFORE UPDATE ON supplier_review_audit"
	" BEGIN SELECT RAISE(ABORT, 'the review audit is append-only'); END;"
	"CREATE TRIGGER supplier_review_audit_no_delete BEFORE DELETE ON supplier_review_audit"
	" BEGIN SELECT RAISE(ABORT, 'the review audit is append-only'); END;" },
	/* 9: the supplier reviews a run's workbook shows (their audit's position) */
	{ "ALTER TABLE runs ADD COLUMN supplier_audit_seq INTEGER;" },
	/*
	 * 10: the Companies House API's answers (chcachedb.h), by name key
	 * ('name') and by company number ('number'), with the day they were
	 * fetched; found 0 is a "not found" answer.
	 */
	{ "CREATE TABLE ch_api_cache ("
	"  kind TEXT NOT NULL CHECK (kind IN ('name', 'number')),"
	"  key TEXT NOT NULL,"
	"  fetched_on TEXT NOT NULL,"                             /* YYYY-MM-DD, UTC */
	"  found INTEGER NOT NULL,"
	"  number TEXT,"
	"  name TEXT,"
	"  status TEXT,"
	"  category TEXT,"
	"  accounts_category TEXT,"
	"  incorporated INTEGER,"
	"  dissolved INTEGER,"
	"  sic TEXT,"
	"  country TEXT,"
	"  PRIMARY KEY (kind, key)"
	") WITHOUT ROWID;" },
	/*
	 * 11: what the official registers said of a run's payees, for the
	 * Charter report: the register that identified each one
	 * (entity_register_of(): 'companies_house', 'companies_house_api',
	 * 'charity_ew', 'charity_sc', 'charity_ni', 'public_bodies'), the s54
	 * scope a register decided ('not required', 'likely') and on what
	 * ('micro accounts', 'small accounts', 'dormant', 'charity income');
	 * and the dates (yyyymmdd) of the register snapshots the run looked
	 * in.  NULL in runs saved before: not known.
	 */
	{ "ALTER TABLE run_suppliers ADD COLUMN register TEXT;"
	"ALTER TABLE run_suppliers ADD COLUMN register_scope TEXT;"
	"ALTER TABLE run_suppliers ADD COLUMN register_scope_basis TEXT;"
	"ALTER TABLE runs ADD COLUMN companies_register INTEGER;"
	"ALTER TABLE runs ADD COLUMN charities_register INTEGER;" },
};

_Static_assert(sizeof(migrations) / sizeof(migrations[0]) == STORE_SCHEMA_VERSION,
	       "one migration per schema version");

#define BUSY_TIMEOUT_MS 3000

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

/* cw_flag_id(council, key, kind): flag_make_id() for the migration to version 6. */
static void sql_flag_id(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const unsigned char *c = sqlite3_value_text(argv[0]);
	const unsigned char *k = sqlite3_value_text(argv[1]);
	const unsigned char *kind = sqlite3_value_text(argv[2]);
	char id[12];

	(void)argc;
	if (!c || !k || !kind) {
		sqlite3_result_null(ctx);
		return;
	}
	flag_make_id((const char *)c, (const char *)k, (const char *)kind, id);
	sqlite3_result_text(ctx, id, -1, SQLITE_TRANSIENT);
}

/*
 * Rows that the migration to version 6 cannot give to one council: a
 * council's own supplier ID ("id:...") seen in several councils' runs
 * (two organisations merged into one row by an earlier chainwatch), or,
 * in a database of several councils, a supplier or statement override
 * that no run or flag ties to a council.
 */
static const char split_sql[] =
	"WITH sc AS (SELECT DISTINCT r.council AS council, rs.supplier_key AS key"
	"  FROM run_suppliers rs JOIN runs r ON r.id = rs.run_id"
	"  UNION SELECT council, supplier_key FROM flags),"
	" councils AS (SELECT count(DISTINCT council) AS n FROM runs)"
	" SELECT 'the supplier ID ' || key || ' is in the runs of ' || count(*) || ' councils ('"
	"   || group_concat(council, ', ') || '): an earlier chainwatch merged their suppliers'"
	"   FROM sc WHERE key LIKE 'id:%' GROUP BY key HAVING count(*) > 1"
	" UNION ALL SELECT 'the supplier ' || key || ' belongs to no council''s run'"
	"   FROM suppliers, councils WHERE councils.n > 1 AND key NOT IN (SELECT key FROM sc)"
	" UNION ALL SELECT 'the statement override of ' || supplier_key ||"
	"   ' belongs to no council''s run'"
	"   FROM statement_overrides, councils WHERE (councils.n > 1 OR"
	"   NOT EXISTS (SELECT 1 FROM suppliers WHERE key = supplier_key))"
	"   AND supplier_key NOT IN (SELECT key FROM sc)"
	" LIMIT 4";

static int check_split(struct store *st, struct diag *err)
{
	sqlite3_stmt *q = NULL;
	struct buf why;
	int rc, n = 0, ret = -1;

	buf_init(&why, 0);
	rc = sqlite3_prepare_v2(st->db, split_sql, -1, &q, NULL);
	while (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (n++ < 3)
			buf_printf(&why, "%s%s", why.len ? "; " : "", sqlite3_column_text(q, 0));
		rc = SQLITE_OK;
	}
	if (rc != SQLITE_DONE) {
		sdb_fail(st, rc, err);
		goto out;
	}
	if (n) {
		diag_set(err, CW_DATABASE, "database '%s' cannot be split into councils safely: "
			 "%s%s.  Nothing was changed; keep it for the chainwatch that wrote it, and "
			 "scan each council into a database of its own", st->path, why.s,
			 n > 3 ? "; and more" : "");
		goto out;
	}
	ret = 0;
out:
	sqlite3_finalize(q);
	buf_release(&why);
	return ret;
}

static int run_migration(struct store *st, int i, struct diag *err)
{
	int k;

	for (k = 0; k < MIGRATION_PARTS && migrations[i][k]; k++)
		if (sdb_exec(st, migrations[i][k], err) < 0)
			return -1;
	return 0;
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
		if ((i == 5 && check_split(st, err) < 0) || run_migration(st, i, err) < 0)
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
	sqlite3_create_function(st->db, "cw_flag_id", 3, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
				sql_flag_id, NULL, NULL);
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
	sqlite3_finalize(st->charity_find);
	sqlite3_finalize(st->charity_keys);
	sqlite3_finalize(st->charity_number);
	sqlite3_close(st->db);
	free(st->path);
	free(st);
}

int store_lock(struct store *st, struct diag *err)
{
	return sdb_exec(st, "BEGIN IMMEDIATE", err);
}

/* Every council the database holds data of, in order. */
static int prepare_councils(struct store *st, sqlite3_stmt **q)
{
	return sqlite3_prepare_v2(st->db, "SELECT council FROM runs UNION SELECT council FROM flags"
				  " UNION SELECT council FROM tender_bids"
				  " UNION SELECT council FROM statement_overrides ORDER BY 1", -1, q,
				  NULL);
}

int store_pick_council(struct store *st, const char *given, const char *fallback, char **out,
		       struct diag *err)
{
	sqlite3_stmt *q = NULL;
	struct buf names;
	char *only = NULL;
	int rc, n = 0, ret = -1;

	if (given) {
		*out = xstrdup(given);
		return 0;
	}
	buf_init(&names, 0);
	rc = prepare_councils(st, &q);
	while (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *c = (const char *)sqlite3_column_text(q, 0);

		if (!n++)
			only = xstrdup(c ? c : "");
		if (n <= 5)
			buf_printf(&names, "%s'%s'", n > 1 ? ", " : "", c ? c : "");
		rc = SQLITE_OK;
	}
	if (rc != SQLITE_DONE) {
		sdb_fail(st, rc, err);
		goto out;
	}
	if (n > 1) {
		diag_set(err, CW_USAGE, "database '%s' holds %d councils (%s%s): say which with "
			 "--council", st->path, n, names.s, n > 5 ? ", ..." : "");
		goto out;
	}
	if (!n && !fallback) {
		diag_set(err, CW_USAGE, "database '%s' holds no council's data yet", st->path);
		goto out;
	}
	*out = n ? only : xstrdup(fallback);
	only = NULL;
	ret = 0;
out:
	free(only);
	sqlite3_finalize(q);
	buf_release(&names);
	return ret;
}

#define KNOWN_MAX 20

int store_known_council(struct store *st, const char *given, char **out, struct diag *err)
{
	sqlite3_stmt *q = NULL;
	struct buf names;
	char *held[KNOWN_MAX], *match = NULL;
	const char *near;
	size_t i, n = 0, total = 0;
	int rc, ret = -1;

	buf_init(&names, 0);
	rc = prepare_councils(st, &q);
	while (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *c = (const char *)sqlite3_column_text(q, 0);

		rc = SQLITE_OK;
		if (!c)
			continue;
		total++;
		if (given && !match && spelling_same(given, c))
			match = xstrdup(c);
		if (n < KNOWN_MAX) {
			held[n++] = xstrdup(c);
			buf_printf(&names, "%s'%s'", n > 1 ? ", " : "", c);
		}
	}
	if (rc != SQLITE_DONE) {
		sdb_fail(st, rc, err);
		goto out;
	}
	if (!total) {
		diag_set(err, CW_USAGE, "database '%s' holds no council's data yet: run the year's "
			 "scans first", st->path);
		goto out;
	}
	if (!given && total > 1) {
		diag_set(err, CW_USAGE, "database '%s' holds %zu councils (%s%s): say which with "
			 "--council", st->path, total, names.s, total > n ? ", ..." : "");
		goto out;
	}
	if (given && !match) {
		near = spelling_nearest(given, (const char *const *)held, n);
		diag_set(err, CW_USAGE, "database '%s' holds no council '%s'%s%s%s; it holds %s%s",
			 st->path, given, near ? " (did you mean '" : "", near ? near : "",
			 near ? "'?)" : "", names.s, total > n ? ", ..." : "");
		goto out;
	}
	*out = match ? match : xstrdup(held[0]);
	match = NULL;
	ret = 0;
out:
	for (i = 0; i < n; i++)
		free(held[i]);
	free(match);
	sqlite3_finalize(q);
	buf_release(&names);
	return ret;
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

void sdb_copy_text(char *dst, size_t n, sqlite3_stmt *q, int col)
{
	const unsigned char *s = sqlite3_column_text(q, col);

	snprintf(dst, n, "%s", s ? (const char *)s : "");
}
