/*
 * The Companies House register in the database (companiesdb.h): a
 * snapshot imported whole, its date and counts, and replaced atomically:
 * a refused or cut-off file leaves the previous snapshot in use.
 */
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "chainwatch/companiesdb.h"
#include "chainwatch/store.h"
#include "testutil.h"

#define PART "tests/data/companies/BasicCompanyData-2020-06-01-part6_7"

static char dir[64];
static char dbpath[128];
static struct store *st;

static void setup(void)
{
	struct diag err;

	strcpy(dir, "/tmp/cw-companiesdb-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(dbpath, sizeof(dbpath), "%s/chainwatch.db", dir);
	diag_init(&err);
	ck_assert_msg(store_open(dbpath, &st, &err) == 0, "store_open: %s", err.msg);
}

static void teardown(void)
{
	store_close(st);
	st = NULL;
	testutil_remove_dir(dir);
}

/* The first `n` bytes of `from` (or all when n is 0) into dir/name; its path in out. */
static void copy_cut(const char *from, const char *name, long n, char *out, size_t outsz)
{
	size_t len;
	char *p = testutil_slurp(from, &len);
	FILE *g;

	snprintf(out, outsz, "%s/%s", dir, name);
	g = fopen(out, "wb");
	ck_assert_ptr_nonnull(g);
	fwrite(p, 1, n ? (size_t)n : len, g);
	fclose(g);
	free(p);
}

static int import1(const char *path, struct companies_snapshot *snap, struct diag *err)
{
	const char *paths[] = { path };

	diag_init(err);
	return companiesdb_import(st, paths, 1, NULL, snap, err);
}

static unsigned long count_key(const char *key)
{
	struct companies_reader *rd;
	struct company_hits h = { 0 };
	struct diag err;
	unsigned long n;

	diag_init(&err);
	ck_assert_int_eq(companiesdb_reader_new(st, &rd, &err), 0);
	ck_assert_int_eq(companiesdb_find(rd, key, 10, &h, &err), 0);
	n = h.n;
	company_hits_release(&h);
	companiesdb_reader_free(rd);
	return n;
}

START_TEST(no_snapshot_before_the_first_import)
{
	struct companies_snapshot s;
	struct diag err;

	diag_init(&err);
	ck_assert_int_eq(companiesdb_status(st, &s, &err), 0);
	ck_assert_uint_eq(s.companies, 0);
	ck_assert_uint_eq(count_key("UNIVERSAL BARS"), 0);
}
END_TEST

START_TEST(imports_the_real_zip)
{
	struct companies_snapshot s, got;
	struct diag err;

	ck_assert_msg(import1(PART ".zip", &s, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(s.companies, 87);
	ck_assert_uint_ge(s.names, 87);
	ck_assert_int_eq(s.register_date, 20200601);
	ck_assert_str_eq(s.date_source, "file name");
	ck_assert_int_eq(companiesdb_status(st, &got, &err), 1);
	ck_assert_uint_eq(got.companies, 87);
	ck_assert_uint_eq(got.names, s.names);
	ck_assert_int_eq(got.register_date, 20200601);
	ck_assert_str_eq(got.sources, PART ".zip");
	ck_assert_int_eq(strlen(got.loaded), 20);
	ck_assert(got.seconds >= 0);
	ck_assert_uint_eq(count_key("UNIVERSAL BARS"), 1);
}
END_TEST

START_TEST(several_parts_make_one_snapshot)
{
	const char *paths[] = { PART ".csv", "tests/data/companies/basic-sample-2021-01.csv" };
	struct companies_snapshot s;
	struct diag err;

	diag_init(&err);
	ck_assert_msg(companiesdb_import(st, paths, 2, NULL, &s, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(s.companies, 87 + 31);
	ck_assert_int_eq(s.register_date, 20200601);
	ck_assert_msg(strstr(s.sources, ", tests/data/companies/basic-sample") != NULL, "%s",
		      s.sources);
}
END_TEST

START_TEST(without_a_dated_name_the_latest_incorporation_dates_it)
{
	struct companies_snapshot s;
	struct diag err;

	ck_assert_msg(import1("tests/data/companies/register-decoys.csv", &s, &err) == 0, "%s",
		      err.msg);
	ck_assert_int_eq(s.register_date, 20100401);
	ck_assert_str_eq(s.date_source, "latest incorporation");
}
END_TEST

/* A second import cut off: refused, and the first snapshot stays in use. */
static const struct {
	const char *first, *second, *as;
	long keep;
	const char *msg;
} cut_imports[] = {
	{ PART ".zip", PART ".csv", "BasicCompanyData-2020-07-01.csv", 20000, "cut off" },
	{ PART ".csv", PART ".zip", "BasicCompanyData-2020-07-01.zip", 4000, "not a complete zip" },
};

START_TEST(a_cut_off_second_import_keeps_the_first_snapshot)
{
	struct companies_snapshot s, got;
	char cut[256];
	struct diag err;

	ck_assert_int_eq(import1(cut_imports[_i].first, &s, &err), 0);
	copy_cut(cut_imports[_i].second, cut_imports[_i].as, cut_imports[_i].keep, cut, sizeof(cut));
	ck_assert_int_eq(import1(cut, &got, &err), -1);
	ck_assert_int_eq(err.code, CW_INPUT);
	ck_assert_msg(strstr(err.msg, cut_imports[_i].msg) != NULL, "%s", err.msg);
	ck_assert_int_eq(companiesdb_status(st, &got, &err), 1);
	ck_assert_uint_eq(got.companies, 87);
	ck_assert_int_eq(got.register_date, 20200601);
	ck_assert_uint_eq(count_key("UNIVERSAL BARS"), 1);
}
END_TEST

START_TEST(a_second_import_replaces_the_first)
{
	struct companies_snapshot s, got;
	struct diag err;

	ck_assert_int_eq(import1(PART ".zip", &s, &err), 0);
	ck_assert_int_eq(import1("tests/data/companies/register-decoys.csv", &s, &err), 0);
	ck_assert_int_eq(companiesdb_status(st, &got, &err), 1);
	ck_assert_uint_eq(got.companies, 46);
	ck_assert_uint_eq(count_key("UNIVERSAL BARS"), 0);
	ck_assert_uint_eq(count_key("ACME SERVICES"), 1);
}
END_TEST

START_TEST(too_many_rejected_rows_keep_the_first_snapshot)
{
	const char bad[] = "CompanyName, CompanyNumber\r\n\"A LTD\",\"1\"\r\n\"\",\"2\"\r\n"
			   "\"C LTD\",\"3\"\r\n";
	struct companies_snapshot s, got;
	char path[256];
	struct diag err;
	FILE *f;

	ck_assert_int_eq(import1(PART ".zip", &s, &err), 0);
	snprintf(path, sizeof(path), "%s/bad.csv", dir);
	f = fopen(path, "wb");
	fwrite(bad, 1, sizeof(bad) - 1, f);
	fclose(f);
	ck_assert_int_eq(import1(path, &got, &err), -1);
	ck_assert_int_eq(err.code, CW_INPUT);
	ck_assert_msg(strstr(err.msg, "1 of 3 rows rejected") != NULL, "%s", err.msg);
	ck_assert_int_eq(companiesdb_status(st, &got, &err), 1);
	ck_assert_uint_eq(got.companies, 87);
}
END_TEST

START_TEST(the_database_stays_in_wal_mode)
{
	struct companies_snapshot s;
	struct diag err;
	sqlite3 *db;
	sqlite3_stmt *q;

	ck_assert_int_eq(import1(PART ".zip", &s, &err), 0);
	ck_assert_int_eq(sqlite3_open(dbpath, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &q, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(q), SQLITE_ROW);
	ck_assert_str_eq((const char *)sqlite3_column_text(q, 0), "wal");
	sqlite3_finalize(q);
	sqlite3_close(db);
}
END_TEST

/* `rows` made-up companies in the real format at dir/name; its path in out. */
static void write_register(const char *name, long rows, char *out, size_t outsz)
{
	FILE *f;
	long i;

	snprintf(out, outsz, "%s/%s", dir, name);
	f = fopen(out, "wb");
	ck_assert_ptr_nonnull(f);
	fputs("CompanyName, CompanyNumber,CompanyStatus,IncorporationDate,SICCode.SicText_1,"
	      "PreviousName_1.CONDATE, PreviousName_1.CompanyName\r\n", f);
	for (i = 0; i < rows; i++)
		fprintf(f, "\"COMPANY NUMBER %ld TRADING LIMITED\",\"%08ld\",\"Active\","
			"\"01/04/2010\",\"62020 - Information technology consultancy activities\","
			"\"01/01/2015\",\"FORMER NAME %ld LIMITED\"\r\n", i, i + 1, i);
	fclose(f);
}

START_TEST(an_import_killed_half_way_keeps_the_first_snapshot)
{
	struct companies_snapshot s, got;
	char big[256], journal[160];
	struct timespec pause = { 0, 20 * 1000 * 1000 };
	struct stat sb;
	struct diag err;
	pid_t pid;
	int status, i;

	ck_assert_int_eq(import1(PART ".zip", &s, &err), 0);
	write_register("BasicCompanyData-2020-07-01.csv", 400000, big, sizeof(big));
	store_close(st);
	st = NULL;
	snprintf(journal, sizeof(journal), "%s-journal", dbpath);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		if (store_open(dbpath, &st, &err) == 0)
			import1(big, &got, &err);
		_exit(0);
	}
	/* kill it once it is writing: its rollback journal exists */
	for (i = 0; i < 1000 && stat(journal, &sb) != 0; i++)
		nanosleep(&pause, NULL);
	nanosleep(&pause, NULL);
	kill(pid, SIGKILL);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFSIGNALED(status), "the import finished before it was killed");
	diag_init(&err);
	ck_assert_msg(store_open(dbpath, &st, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(companiesdb_status(st, &got, &err), 1);
	ck_assert_uint_eq(got.companies, 87);
	ck_assert_int_eq(got.register_date, 20200601);
	ck_assert_uint_eq(count_key("UNIVERSAL BARS"), 1);
	ck_assert_uint_eq(count_key("COMPANY NUMBER 1 TRADING"), 0);
	/* and the next import goes through */
	ck_assert_msg(import1(big, &got, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(got.companies, 400000);
	ck_assert_uint_eq(got.names, 800000);
	ck_assert_uint_eq(count_key("FORMER NAME 7"), 1);
}
END_TEST

START_TEST(beside_another_connection_the_import_goes_through_the_wal)
{
	struct companies_snapshot s;
	char wal[160];
	struct stat sb;
	struct diag err;
	sqlite3 *other;
	sqlite3_stmt *q;

	/* another process has the database open: it stays in WAL mode */
	ck_assert_int_eq(sqlite3_open(dbpath, &other), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(other, "SELECT count(*) FROM sqlite_master", NULL, NULL,
				      NULL), SQLITE_OK);
	ck_assert_msg(import1(PART ".zip", &s, &err) == 0, "%s", err.msg);
	snprintf(wal, sizeof(wal), "%s-wal", dbpath);
	ck_assert_int_eq(stat(wal, &sb), 0);
	ck_assert_int_eq(sb.st_size, 0);     /* checkpointed and truncated */
	ck_assert_int_eq(sqlite3_prepare_v2(other, "SELECT companies FROM companies_snapshot",
					    -1, &q, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(q), SQLITE_ROW);
	ck_assert_int_eq(sqlite3_column_int(q, 0), 87);
	sqlite3_finalize(q);
	sqlite3_close(other);
}
END_TEST

START_TEST(no_files_is_a_usage_error)
{
	struct companies_snapshot s;
	struct diag err;

	diag_init(&err);
	ck_assert_int_eq(companiesdb_import(st, NULL, 0, NULL, &s, &err), -1);
	ck_assert_int_eq(err.code, CW_USAGE);
}
END_TEST

static Suite *companiesdb_suite(void)
{
	Suite *s = suite_create("companiesdb");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, no_snapshot_before_the_first_import);
	tcase_add_test(tc, imports_the_real_zip);
	tcase_add_test(tc, several_parts_make_one_snapshot);
	tcase_add_test(tc, without_a_dated_name_the_latest_incorporation_dates_it);
	tcase_add_loop_test(tc, a_cut_off_second_import_keeps_the_first_snapshot, 0,
			    (int)(sizeof(cut_imports) / sizeof(cut_imports[0])));
	tcase_add_test(tc, a_second_import_replaces_the_first);
	tcase_add_test(tc, too_many_rejected_rows_keep_the_first_snapshot);
	tcase_add_test(tc, the_database_stays_in_wal_mode);
	tcase_add_test(tc, an_import_killed_half_way_keeps_the_first_snapshot);
	tcase_add_test(tc, beside_another_connection_the_import_goes_through_the_wal);
	tcase_add_test(tc, no_files_is_a_usage_error);
	tcase_set_timeout(tc, 120);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(companiesdb_suite)
