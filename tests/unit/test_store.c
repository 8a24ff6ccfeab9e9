#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chainwatch/extract.h"
#include "chainwatch/flags.h"
#include "chainwatch/store.h"
#include "chainwatch/supplier.h"
#include "testutil.h"

static char dir[64];
static char dbpath[128];

static void setup(void)
{
	strcpy(dir, "/tmp/cw-store-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(dbpath, sizeof(dbpath), "%s/chainwatch.db", dir);
}

static void teardown(void)
{
	testutil_remove_dir(dir);
}

/* A small report built by hand: one input, three suppliers, one output. */
struct sample {
	struct run_record r;
	struct input_stats in;
	struct supplier sup[3];
	char *names[3][1], *ids[3][1];
	struct supplier *ptrs[3];
	struct month_part months[3][2];
	struct spend_part exp[3][2];
	struct output_file out;
};

static void sample_init(struct sample *x, const char *period, const char *run_id)
{
	static const struct {
		const char *key, *name, *id, *cn, *match;
		int in_master;
	} sup[3] = {
		{ "id:100", "Acme Care Ltd", "100", "01234567", "supplier id", 1 },
		{ "id:200", "Beta Homes", "200", "", NULL, 0 },
		{ "nm:GAMMA", "Gamma", NULL, "", NULL, 0 },
	};
	size_t i;

	memset(x, 0, sizeof(*x));
	snprintf(x->r.run.id, sizeof(x->r.run.id), "%s", run_id);
	x->r.run.council = "Devon County Council";
	x->r.run.period = period;
	x->r.run.tool_version = "0.1.0";
	x->r.run.started = 1767225600;     /* 2026-01-01T00:00:00Z */
	x->r.run.finished = 1767225660;
	x->r.run.max_reject_rate_ppm = 10000;

	x->in.kind = INPUT_SPEND;
	x->in.path = (char *)"spend.csv";
	memset(x->in.sha256, 'a', 64);
	x->in.bytes = 12345;
	x->in.encoding = ENC_UTF8;
	x->in.header_line = 1;
	x->in.profile = (char *)"auto";
	x->in.records = 10;
	x->in.accepted = 8;
	x->in.skipped = 1;
	x->in.rejected = 1;
	x->in.accepted_pence = 600000;
	x->in.first_date = 20251201;
	x->in.last_date = 20251231;
	x->r.inputs = &x->in;
	x->r.ninputs = 1;

	x->out.name = (char *)"suppliers.csv";
	memset(x->out.sha256, 'b', 64);
	x->r.outputs = &x->out;
	x->r.noutputs = 1;

	for (i = 0; i < 3; i++) {
		struct supplier *s = &x->sup[i];

		s->key = (char *)sup[i].key;
		s->name = (char *)sup[i].name;
		s->names = x->names[i];
		s->ids = x->ids[i];
		s->names[0] = (char *)sup[i].name;
		s->nnames = 1;
		if (sup[i].id) {
			s->ids[0] = (char *)sup[i].id;
			s->nids = 1;
		}
		snprintf(s->company_number, sizeof(s->company_number), "%s", sup[i].cn);
		s->match = (char *)sup[i].match;
		s->in_master = sup[i].in_master;
		s->in_spend = 1;
		s->turnover_pence = -1;
		s->spend_pence = 300000 - 100000 * (int64_t)i;
		s->transactions = 3;
		x->months[i][0].month = 202512;
		x->months[i][0].pence = s->spend_pence - 100;
		x->months[i][0].n = 2;
		x->months[i][1].month = 0;
		x->months[i][1].pence = 100;
		x->months[i][1].n = 1;
		s->months = x->months[i];
		s->nmonths = 2;
		x->exp[i][0].label = (char *)"Agency Staff";
		x->exp[i][0].pence = 100;
		x->exp[i][1].label = (char *)"Residential Care";
		x->exp[i][1].pence = s->spend_pence - 100;
		s->expense = x->exp[i];
		s->nexpense = 2;
		x->ptrs[i] = s;
	}
	x->sup[0].country = (char *)"GB";
	x->sup[0].address = (char *)"1 High St, Exeter";
	x->sup[0].turnover_pence = 4000000000;
	x->r.suppliers = x->ptrs;
	x->r.nsuppliers = 3;
	x->r.spend_pence = 600000;
	x->r.rejections_total = 1;
	x->r.first_date = 20251201;
	x->r.last_date = 20251231;
}

static sqlite3 *raw_open(void)
{
	sqlite3 *db = NULL;

	ck_assert_int_eq(sqlite3_open(dbpath, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL), SQLITE_OK);
	return db;
}

static long long query_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *q = NULL;
	long long v;

	ck_assert_msg(sqlite3_prepare_v2(db, sql, -1, &q, NULL) == SQLITE_OK, "%s: %s", sql,
		      sqlite3_errmsg(db));
	ck_assert_int_eq(sqlite3_step(q), SQLITE_ROW);
	v = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return v;
}

/* The first column of the first row as text ("(null)" for NULL), in out. */
static const char *query_text(sqlite3 *db, const char *sql, char *out, size_t outsz)
{
	sqlite3_stmt *q = NULL;
	const unsigned char *t;

	ck_assert_msg(sqlite3_prepare_v2(db, sql, -1, &q, NULL) == SQLITE_OK, "%s: %s", sql,
		      sqlite3_errmsg(db));
	ck_assert_int_eq(sqlite3_step(q), SQLITE_ROW);
	t = sqlite3_column_text(q, 0);
	snprintf(out, outsz, "%s", t ? (const char *)t : "(null)");
	sqlite3_finalize(q);
	return out;
}

static struct store *open_ok(void)
{
	struct store *st = NULL;
	struct diag err;

	diag_init(&err);
	ck_assert_msg(store_open(dbpath, &st, &err) == 0, "%s", err.msg);
	ck_assert_ptr_nonnull(st);
	return st;
}

static void save_ok(struct store *st, const struct run_record *r)
{
	struct diag err;

	diag_init(&err);
	ck_assert_msg(store_save_run(st, r, &err) == 0, "%s", err.msg);
}

START_TEST(open_creates_and_migrates_a_new_database)
{
	static const char *const tables[] = {
		"runs", "inputs", "run_outputs", "suppliers", "supplier_aliases",
		"run_suppliers", "supplier_spend",
	};
	struct store *st = open_ok();
	char sql[128], text[64];
	sqlite3 *db;
	size_t i;

	store_close(st);
	db = raw_open();
	ck_assert_int_eq(query_int(db, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
	ck_assert_str_eq(query_text(db, "PRAGMA journal_mode", text, sizeof(text)), "wal");
	for (i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		snprintf(sql, sizeof(sql),
			 "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '%s'",
			 tables[i]);
		ck_assert_msg(query_int(db, sql) == 1, "table %s missing", tables[i]);
	}
	ck_assert_int_eq(query_int(db, "SELECT count(*) FROM runs"), 0);
	sqlite3_close(db);
}
END_TEST

START_TEST(reopening_keeps_data_and_does_not_migrate_again)
{
	struct sample x;
	struct store *st = open_ok();
	struct diag err;

	sample_init(&x, "2025-12", "devon-2025-12-aaaa");
	save_ok(st, &x.r);
	store_close(st);
	st = open_ok();
	diag_init(&err);
	ck_assert_int_eq(store_count_runs(st, "Devon County Council", "2025-12", &err), 1);
	ck_assert_int_eq(store_count_runs(st, "Devon County Council", "2025-11", &err), 0);
	store_close(st);
}
END_TEST

START_TEST(saved_run_has_its_inputs_suppliers_and_monthly_spend)
{
	struct sample x;
	struct store *st = open_ok();
	char text[128];
	sqlite3 *db;

	sample_init(&x, "2025-12", "devon-2025-12-aaaa");
	save_ok(st, &x.r);
	store_close(st);
	db = raw_open();
	ck_assert_int_eq(query_int(db, "SELECT spend_pence FROM runs"), 600000);
	ck_assert_int_eq(query_int(db, "SELECT suppliers FROM runs"), 3);
	ck_assert_int_eq(query_int(db, "SELECT rejected FROM runs"), 1);
	ck_assert_str_eq(query_text(db, "SELECT started FROM runs", text, sizeof(text)),
			 "2026-01-01T00:00:00Z");
	ck_assert_str_eq(query_text(db, "SELECT encoding FROM inputs", text, sizeof(text)), "utf-8");
	ck_assert_int_eq(query_int(db, "SELECT accepted_pence FROM inputs WHERE seq = 1"), 600000);
	ck_assert_int_eq(query_int(db, "SELECT count(*) FROM run_outputs"), 1);
	ck_assert_int_eq(query_int(db, "SELECT count(*) FROM suppliers"), 3);
	ck_assert_str_eq(query_text(db, "SELECT company_number FROM suppliers WHERE key = 'id:100'",
				    text, sizeof(text)), "01234567");
	ck_assert_str_eq(query_text(db, "SELECT company_number FROM suppliers WHERE key = 'id:200'",
				    text, sizeof(text)), "(null)");
	ck_assert_str_eq(query_text(db, "SELECT address FROM suppliers WHERE key = 'id:100'",
				    text, sizeof(text)), "1 High St, Exeter");
	ck_assert_int_eq(query_int(db, "SELECT turnover_pence FROM suppliers WHERE key = 'id:100'"),
			 4000000000);
	ck_assert_str_eq(query_text(db, "SELECT match FROM run_suppliers WHERE supplier_key = 'id:100'",
				    text, sizeof(text)), "supplier id");
	ck_assert_str_eq(query_text(db, "SELECT expense_top FROM run_suppliers"
				    " WHERE supplier_key = 'id:100'", text, sizeof(text)),
			 "Residential Care");
	/* 3 names + 2 ids */
	ck_assert_int_eq(query_int(db, "SELECT count(*) FROM supplier_aliases"), 5);
	ck_assert_int_eq(query_int(db, "SELECT count(*) FROM supplier_spend"), 6);
	ck_assert_int_eq(query_int(db, "SELECT sum(pence) FROM supplier_spend"), 600000);
	ck_assert_int_eq(query_int(db, "SELECT pence FROM supplier_spend"
				   " WHERE supplier_key = 'nm:GAMMA' AND month = 202512"), 99900);
	sqlite3_close(db);
}
END_TEST

START_TEST(saving_the_same_council_and_period_replaces_the_run)
{
	static const char *const counts[] = {
		"SELECT count(*) FROM runs", "SELECT count(*) FROM inputs",
		"SELECT count(*) FROM run_outputs", "SELECT count(*) FROM suppliers",
		"SELECT count(*) FROM supplier_aliases", "SELECT count(*) FROM run_suppliers",
		"SELECT count(*) FROM supplier_spend", "SELECT sum(pence) FROM supplier_spend",
	};
	long long before[8];
	struct sample x;
	struct store *st = open_ok();
	char text[64];
	sqlite3 *db;
	size_t i;

	sample_init(&x, "2025-12", "devon-2025-12-aaaa");
	save_ok(st, &x.r);
	db = raw_open();
	for (i = 0; i < 8; i++)
		before[i] = query_int(db, counts[i]);
	/* again, with a new run id, as a re-run of the month would have */
	snprintf(x.r.run.id, sizeof(x.r.run.id), "devon-2025-12-bbbb");
	save_ok(st, &x.r);
	save_ok(st, &x.r);
	for (i = 0; i < 8; i++)
		ck_assert_msg(query_int(db, counts[i]) == before[i], "%s changed", counts[i]);
	ck_assert_str_eq(query_text(db, "SELECT id FROM runs", text, sizeof(text)),
			 "devon-2025-12-bbbb");
	ck_assert_str_eq(query_text(db, "SELECT first_run FROM suppliers WHERE key = 'id:100'",
				    text, sizeof(text)), "devon-2025-12-bbbb");
	sqlite3_close(db);
	store_close(st);
}
END_TEST

START_TEST(different_periods_accumulate)
{
	struct sample nov, dec;
	struct store *st = open_ok();
	struct diag err;
	char text[64];
	sqlite3 *db;

	sample_init(&nov, "2025-11", "devon-2025-11-aaaa");
	sample_init(&dec, "2025-12", "devon-2025-12-aaaa");
	dec.sup[0].name = (char *)"Acme Care (New Name) Ltd";
	dec.sup[0].names[0] = dec.sup[0].name;
	save_ok(st, &nov.r);
	save_ok(st, &dec.r);
	/* re-running an older month does not move last_* back */
	save_ok(st, &nov.r);
	diag_init(&err);
	ck_assert_int_eq(store_count_runs(st, "Devon County Council", "2025-11", &err), 1);
	ck_assert_int_eq(store_count_runs(st, "Devon County Council", "2025-12", &err), 1);
	store_close(st);

	db = raw_open();
	ck_assert_int_eq(query_int(db, "SELECT count(*) FROM runs"), 2);
	ck_assert_int_eq(query_int(db, "SELECT count(*) FROM suppliers"), 3);
	ck_assert_int_eq(query_int(db, "SELECT count(*) FROM run_suppliers"), 6);
	ck_assert_int_eq(query_int(db, "SELECT sum(pence) FROM supplier_spend"), 1200000);
	ck_assert_str_eq(query_text(db, "SELECT first_period FROM suppliers WHERE key = 'id:100'",
				    text, sizeof(text)), "2025-11");
	ck_assert_str_eq(query_text(db, "SELECT last_period FROM suppliers WHERE key = 'id:100'",
				    text, sizeof(text)), "2025-12");
	ck_assert_str_eq(query_text(db, "SELECT last_run FROM suppliers WHERE key = 'id:100'",
				    text, sizeof(text)), "devon-2025-12-aaaa");
	ck_assert_str_eq(query_text(db, "SELECT name FROM suppliers WHERE key = 'id:100'",
				    text, sizeof(text)), "Acme Care (New Name) Ltd");
	ck_assert_str_eq(query_text(db, "SELECT first_period || ' ' || last_period"
				    " FROM supplier_aliases WHERE value = 'Acme Care Ltd'",
				    text, sizeof(text)), "2025-11 2025-11");
	sqlite3_close(db);
}
END_TEST

/* The stored periods sharing a month with `period`, as "a b c" ("" for none). */
static const char *overlapping(struct store *st, const char *period, char *out, size_t outsz)
{
	char *p[8];
	struct diag err;
	long n, i;
	size_t len = 0;

	diag_init(&err);
	n = store_overlapping_runs(st, "Devon County Council", period, p, 8, &err);
	ck_assert_msg(n >= 0 && n <= 8, "%s", err.msg);
	out[0] = '\0';
	for (i = 0; i < n; i++) {
		len += (size_t)snprintf(out + len, outsz - len, "%s%s", i ? " " : "", p[i]);
		free(p[i]);
	}
	return out;
}

START_TEST(overlapping_periods_are_those_sharing_a_month)
{
	static const char *const stored[] = { "2024-12_2025-01", "2025-03", "2025-04_2025-06" };
	struct sample x[3];
	struct store *st = open_ok();
	char text[128], *one = NULL;
	struct diag err;
	size_t i;

	for (i = 0; i < 3; i++) {
		char id[40];

		snprintf(id, sizeof(id), "devon-%s", stored[i]);
		sample_init(&x[i], stored[i], id);
		save_ok(st, &x[i].r);
	}
	ck_assert_str_eq(overlapping(st, "2025-02", text, sizeof(text)), "");
	ck_assert_str_eq(overlapping(st, "2025-01", text, sizeof(text)), "2024-12_2025-01");
	ck_assert_str_eq(overlapping(st, "2024-11_2024-12", text, sizeof(text)), "2024-12_2025-01");
	ck_assert_str_eq(overlapping(st, "2025-06", text, sizeof(text)), "2025-04_2025-06");
	ck_assert_str_eq(overlapping(st, "2025-07_2025-09", text, sizeof(text)), "");
	ck_assert_str_eq(overlapping(st, "2025-01_2025-12", text, sizeof(text)),
			 "2024-12_2025-01 2025-03 2025-04_2025-06");
	/* the same period is a re-run, which replaces it: not an overlap */
	ck_assert_str_eq(overlapping(st, "2025-03", text, sizeof(text)), "");
	/* another council's runs are its own */
	diag_init(&err);
	ck_assert_int_eq(store_overlapping_runs(st, "Somerset Council", "2025-03", &one, 1, &err), 0);
	/* more than fit: all are counted, the first are given */
	ck_assert_int_eq(store_overlapping_runs(st, "Devon County Council", "2024-01_2026-12", &one,
						1, &err), 3);
	ck_assert_str_eq(one, "2024-12_2025-01");
	free(one);
	store_close(st);
}
END_TEST

START_TEST(an_overlapping_run_is_refused_or_replaces_when_asked)
{
	struct sample month, quarter;
	struct store *st = open_ok();
	struct diag err;
	sqlite3 *db;

	sample_init(&month, "2025-12", "devon-2025-12-aaaa");
	sample_init(&quarter, "2025-10_2025-12", "devon-2025-q3-aaaa");
	save_ok(st, &month.r);
	diag_init(&err);
	ck_assert_int_eq(store_save_run(st, &quarter.r, &err), -1);
	ck_assert_int_eq(err.code, CW_USAGE);
	ck_assert_msg(strstr(err.msg, "shares months with the stored run for 2025-12;"), "%s", err.msg);
	db = raw_open();
	ck_assert_int_eq(query_int(db, "SELECT count(*) FROM runs WHERE period = '2025-12'"), 1);
	ck_assert_int_eq(query_int(db, "SELECT count(*) FROM runs"), 1);

	quarter.r.run.replace_overlapping = 1;
	save_ok(st, &quarter.r);
	ck_assert_int_eq(query_int(db, "SELECT count(*) FROM runs"), 1);
	ck_assert_int_eq(query_int(db, "SELECT count(*) FROM runs WHERE period = '2025-10_2025-12'"), 1);
	ck_assert_int_eq(query_int(db, "SELECT count(*) FROM run_suppliers"
				   " WHERE run_id = 'devon-2025-12-aaaa'"), 0);
	ck_assert_int_eq(query_int(db, "SELECT sum(pence) FROM supplier_spend"), 600000);
	sqlite3_close(db);
	store_close(st);
}
END_TEST

START_TEST(deleting_a_run_cascades_to_its_rows)
{
	struct sample x;
	struct store *st = open_ok();
	sqlite3 *db;

	sample_init(&x, "2025-12", "devon-2025-12-aaaa");
	save_ok(st, &x.r);
	store_close(st);
	db = raw_open();
	ck_assert_int_eq(sqlite3_exec(db, "DELETE FROM runs", NULL, NULL, NULL), SQLITE_OK);
	ck_assert_int_eq(query_int(db, "SELECT count(*) FROM inputs"), 0);
	ck_assert_int_eq(query_int(db, "SELECT count(*) FROM run_outputs"), 0);
	ck_assert_int_eq(query_int(db, "SELECT count(*) FROM run_suppliers"), 0);
	ck_assert_int_eq(query_int(db, "SELECT count(*) FROM supplier_spend"), 0);
	/* suppliers outlive runs; their aliases go with them */
	ck_assert_int_eq(query_int(db, "SELECT count(*) FROM suppliers"), 3);
	ck_assert_int_eq(sqlite3_exec(db, "DELETE FROM suppliers WHERE key = 'id:100'",
				      NULL, NULL, NULL), SQLITE_OK);
	ck_assert_int_eq(query_int(db, "SELECT count(*) FROM supplier_aliases"), 3);
	/* deleting a supplier takes its run rows and spend with it (by trigger) */
	ck_assert_int_eq(query_int(db, "SELECT count(*) FROM run_suppliers WHERE supplier_key = 'id:100'"), 0);
	/* and an input naming no run is refused */
	ck_assert_int_ne(sqlite3_exec(db, "INSERT INTO inputs (run_id, seq, kind, path, sha256,"
				      " bytes, header_line, records, accepted, skipped, rejected,"
				      " redacted, repaired, undated, accepted_pence, redacted_pence)"
				      " VALUES ('nope', 1, 'spend', 'x', 'y', 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0)",
				      NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}
END_TEST

START_TEST(a_file_that_is_not_a_database_is_an_error_naming_it)
{
	struct store *st = (struct store *)&st;     /* must stay untouched */
	struct store *before = st;
	struct diag err;
	FILE *f;

	f = fopen(dbpath, "w");
	ck_assert_ptr_nonnull(f);
	fputs("Supplier Name,Amount\nAcme,12.00\n"
	      "this is a CSV file, not a database, and long enough to have a header page\n", f);
	fclose(f);
	diag_init(&err);
	ck_assert_int_eq(store_open(dbpath, &st, &err), -1);
	ck_assert_ptr_eq(st, before);
	ck_assert_int_eq(err.code, CW_DATABASE);
	ck_assert_msg(strstr(err.msg, dbpath) != NULL, "%s", err.msg);
	ck_assert_msg(strstr(err.msg, "not a database") != NULL, "%s", err.msg);
}
END_TEST

START_TEST(an_unopenable_path_is_an_error_naming_it)
{
	struct store *st = NULL;
	struct diag err;
	char path[200];

	snprintf(path, sizeof(path), "%s/no-such-dir/chainwatch.db", dir);
	diag_init(&err);
	ck_assert_int_eq(store_open(path, &st, &err), -1);
	ck_assert_ptr_null(st);
	ck_assert_int_eq(err.code, CW_DATABASE);
	ck_assert_msg(strstr(err.msg, path) != NULL, "%s", err.msg);
}
END_TEST

START_TEST(a_newer_schema_is_refused)
{
	struct store *st = NULL;
	struct diag err;
	char want[300];
	sqlite3 *db = raw_open();

	ck_assert_int_eq(sqlite3_exec(db, "CREATE TABLE future (x); PRAGMA user_version = 99",
				      NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	diag_init(&err);
	ck_assert_int_eq(store_open(dbpath, &st, &err), -1);
	ck_assert_ptr_null(st);
	ck_assert_int_eq(err.code, CW_DATABASE);
	snprintf(want, sizeof(want),
		 "database '%s' has schema version 99; this chainwatch knows up to %d",
		 dbpath, STORE_SCHEMA_VERSION);
	ck_assert_str_eq(err.msg, want);
}
END_TEST

START_TEST(a_second_writer_gets_busy_not_corruption)
{
	struct sample x;
	struct store *st = open_ok();
	struct diag err;
	char want[300];
	sqlite3 *db = raw_open();

	sample_init(&x, "2025-12", "devon-2025-12-aaaa");
	ck_assert_int_eq(sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
	store_set_busy_timeout(st, 50);
	diag_init(&err);
	ck_assert_int_eq(store_save_run(st, &x.r, &err), -1);
	ck_assert_int_eq(err.code, CW_DATABASE);
	snprintf(want, sizeof(want), "database '%s' is busy (another chainwatch run?)", dbpath);
	ck_assert_str_eq(err.msg, want);
	ck_assert_int_eq(sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
	/* once the other writer is gone, the same connection saves fine */
	save_ok(st, &x.r);
	ck_assert_int_eq(query_int(db, "SELECT count(*) FROM runs"), 1);
	sqlite3_close(db);
	store_close(st);
}
END_TEST

START_TEST(a_failed_save_leaves_the_database_as_it_was)
{
	struct sample good, bad;
	struct store *st = open_ok();
	struct diag err;
	sqlite3 *db;

	sample_init(&good, "2025-12", "devon-2025-12-aaaa");
	save_ok(st, &good.r);
	/* a re-run of the month and a new month, both failing half way */
	sample_init(&bad, "2025-12", "devon-2025-12-bbbb");
	bad.sup[2].key = NULL;
	diag_init(&err);
	ck_assert_int_eq(store_save_run(st, &bad.r, &err), -1);
	ck_assert_int_eq(err.code, CW_DATABASE);
	ck_assert_msg(strstr(err.msg, dbpath) != NULL, "%s", err.msg);
	ck_assert_msg(strstr(err.msg, "NOT NULL") != NULL, "%s", err.msg);
	bad.r.run.period = "2026-01";
	snprintf(bad.r.run.id, sizeof(bad.r.run.id), "devon-2026-01-aaaa");
	ck_assert_int_eq(store_save_run(st, &bad.r, &err), -1);
	store_close(st);

	db = raw_open();
	ck_assert_int_eq(query_int(db, "SELECT count(*) FROM runs"), 1);
	ck_assert_int_eq(query_int(db, "SELECT count(*) FROM runs WHERE id = 'devon-2025-12-aaaa'"), 1);
	ck_assert_int_eq(query_int(db, "SELECT count(*) FROM run_suppliers"), 3);
	ck_assert_int_eq(query_int(db, "SELECT count(*) FROM suppliers"), 3);
	ck_assert_int_eq(query_int(db, "SELECT count(*) FROM suppliers WHERE last_period = '2026-01'"),
			 0);
	sqlite3_close(db);
}
END_TEST

START_TEST(twenty_thousand_suppliers_save_in_one_transaction)
{
	enum { N = 20000 };
	struct sample x;
	struct supplier *sup = calloc(N, sizeof(*sup));
	struct supplier **ptrs = calloc(N, sizeof(*ptrs));
	char (*keys)[24] = calloc(N, sizeof(*keys));
	char **ids = calloc(N, sizeof(*ids));
	struct store *st = open_ok();
	sqlite3 *db;
	size_t i;

	ck_assert_ptr_nonnull(sup);
	ck_assert_ptr_nonnull(ptrs);
	ck_assert_ptr_nonnull(keys);
	sample_init(&x, "2025-12", "devon-2025-12-aaaa");
	for (i = 0; i < N; i++) {
		sup[i] = x.sup[i % 3];
		snprintf(keys[i], sizeof(keys[i]), "id:%zu", i);
		sup[i].key = keys[i];
		sup[i].ids = &ids[i];
		sup[i].ids[0] = keys[i] + 3;
		sup[i].nids = 1;
		ptrs[i] = &sup[i];
	}
	x.r.suppliers = ptrs;
	x.r.nsuppliers = N;
	save_ok(st, &x.r);
	store_close(st);
	db = raw_open();
	ck_assert_int_eq(query_int(db, "SELECT count(*) FROM suppliers"), N);
	ck_assert_int_eq(query_int(db, "SELECT count(*) FROM supplier_spend"), 2 * N);
	ck_assert_int_eq(query_int(db, "SELECT count(*) FROM supplier_aliases"), 2 * N);
	sqlite3_close(db);
	free(keys);
	free(ids);
	free(ptrs);
	free(sup);
}
END_TEST

static Suite *store_suite(void)
{
	Suite *s = suite_create("store");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, open_creates_and_migrates_a_new_database);
	tcase_add_test(tc, reopening_keeps_data_and_does_not_migrate_again);
	tcase_add_test(tc, saved_run_has_its_inputs_suppliers_and_monthly_spend);
	tcase_add_test(tc, saving_the_same_council_and_period_replaces_the_run);
	tcase_add_test(tc, different_periods_accumulate);
	tcase_add_test(tc, overlapping_periods_are_those_sharing_a_month);
	tcase_add_test(tc, an_overlapping_run_is_refused_or_replaces_when_asked);
	tcase_add_test(tc, deleting_a_run_cascades_to_its_rows);
	tcase_add_test(tc, a_file_that_is_not_a_database_is_an_error_naming_it);
	tcase_add_test(tc, an_unopenable_path_is_an_error_naming_it);
	tcase_add_test(tc, a_newer_schema_is_refused);
	tcase_add_test(tc, a_second_writer_gets_busy_not_corruption);
	tcase_add_test(tc, a_failed_save_leaves_the_database_as_it_was);
	tcase_add_test(tc, twenty_thousand_suppliers_save_in_one_transaction);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(store_suite)
