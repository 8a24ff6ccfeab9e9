/*
 * The Charity Commission register in the database (charitiesdb.h): a
 * snapshot imported whole and replaced atomically; lookups by name key.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include <unistd.h>

#include "chainwatch/charitiesdb.h"
#include "chainwatch/store.h"
#include "testutil.h"

#define SAMPLE "tests/data/charities/publicextract.charity.txt"

static char dir[64];
static char dbpath[128];
static struct store *st;

static void setup(void)
{
	struct diag err;

	strcpy(dir, "/tmp/cw-charitiesdb-XXXXXX");
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

/* The sample rejects 3 of its 9 rows on purpose: allow half. */
static int import1(const char *path, double rate, struct charities_snapshot *snap,
		   struct diag *err)
{
	const char *paths[] = { path };
	struct charities_import_opts o = { NULL, NULL, rate };

	diag_init(err);
	return charitiesdb_import(st, paths, 1, &o, snap, err);
}

START_TEST(imports_the_extract)
{
	struct charities_snapshot s, got;
	struct charity_info c[4];
	struct diag err;

	ck_assert_int_eq(charitiesdb_status(st, &got, &err), 0);
	ck_assert_int_eq(charitiesdb_find(st, "EXETER FOOD BANK CIO", c, 4, &err), 0);
	ck_assert_msg(import1(SAMPLE, 0.5, &s, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(s.charities, 5);
	ck_assert_uint_eq(s.linked, 1);
	ck_assert_uint_eq(s.rejected, 3);
	ck_assert_int_eq(s.extract_date, 20261201);
	ck_assert_int_eq(charitiesdb_status(st, &got, &err), 1);
	ck_assert_uint_eq(got.charities, 5);
	ck_assert_uint_eq(got.names, 5);
	ck_assert_str_eq(got.sources, SAMPLE);
	ck_assert_int_eq(charitiesdb_find(st, "DEVON COMMUNITY HOSPICE TRUST", c, 4, &err), 1);
	ck_assert_str_eq(c[0].number, "200001");
	ck_assert_str_eq(c[0].company_number, "02876543");
	ck_assert_str_eq(c[0].type, "Charitable company");
	ck_assert_int_eq(c[0].income, 2345678);
	ck_assert_int_eq(charitiesdb_find(st, "ST MARYS CHURCH HALL TRUST", c, 4, &err), 1);
	ck_assert_int_eq(c[0].registered, 20010720);
	ck_assert_int_eq(charitiesdb_find(st, "OLD PLYMOUTH ALMSHOUSES", c, 4, &err), 1);
	ck_assert_str_eq(c[0].status, "Removed");
	ck_assert_int_eq(c[0].income, -1);
}
END_TEST

START_TEST(too_many_rejects_or_a_cut_file_keep_the_first_snapshot)
{
	struct charities_snapshot s, got;
	struct charity_info c[4];
	char cut[256];
	size_t n;
	char *p = testutil_slurp(SAMPLE, &n);
	FILE *f;
	struct diag err;

	ck_assert_int_eq(import1(SAMPLE, 0.5, &s, &err), 0);
	/* the default 5% */
	ck_assert_int_eq(import1(SAMPLE, 0, &got, &err), -1);
	ck_assert_int_eq(err.code, CW_INPUT);
	ck_assert_msg(strstr(err.msg, "3 of 9 rows rejected") != NULL, "%s", err.msg);
	/* cut inside a row */
	snprintf(cut, sizeof(cut), "%s/cut.txt", dir);
	f = fopen(cut, "wb");
	fwrite(p, 1, 1000, f);      /* inside the first row */
	fclose(f);
	ck_assert_int_eq(import1(cut, 0.5, &got, &err), -1);
	ck_assert_msg(strstr(err.msg, "cut off") != NULL, "%s", err.msg);
	ck_assert_int_eq(import1("tests/data/charities/no-such.txt", 0.5, &got, &err), -1);
	ck_assert_msg(strstr(err.msg, "cannot open") != NULL, "%s", err.msg);
	ck_assert_int_eq(charitiesdb_status(st, &got, &err), 1);
	ck_assert_uint_eq(got.charities, 5);
	ck_assert_int_eq(charitiesdb_find(st, "EXETER FOOD BANK CIO", c, 4, &err), 1);
	free(p);
}
END_TEST

#define OSCR "tests/data/charities/CharityExport-OSCR.csv"
#define CCNI "tests/data/charities/CCNI-export.csv"

/* The three registers in one import, each row with its scheme; any file failing keeps the old. */
START_TEST(imports_the_three_registers_together)
{
	const char *paths[] = { SAMPLE, OSCR, CCNI };
	const char *two[] = { OSCR, "tests/data/charities/no-such.csv" };
	struct charities_import_opts o = { NULL, NULL, 0.5 };
	struct charities_snapshot s, got;
	struct charity_info c[4];
	struct diag err;

	diag_init(&err);
	ck_assert_msg(charitiesdb_import(st, paths, 3, &o, &s, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(s.charities, 13);
	ck_assert_uint_eq(s.registers[CHARITY_CCEW], 5);
	ck_assert_uint_eq(s.registers[CHARITY_OSCR], 5);
	ck_assert_uint_eq(s.registers[CHARITY_CCNI], 3);
	ck_assert_uint_eq(s.linked, 2);
	ck_assert_uint_eq(s.rejected, 7);
	ck_assert_int_eq(charitiesdb_status(st, &got, &err), 1);
	ck_assert_uint_eq(got.registers[CHARITY_CCEW], 5);
	ck_assert_uint_eq(got.registers[CHARITY_OSCR], 5);
	ck_assert_uint_eq(got.registers[CHARITY_CCNI], 3);
	ck_assert_int_eq(charitiesdb_find(st, "GLASGOW COMMUNITY FOOD TRUST", c, 4, &err), 1);
	ck_assert_str_eq(c[0].number, "SC012345");
	ck_assert_str_eq(c[0].scheme, "GB-SC");
	ck_assert_int_eq(c[0].income, 123456);
	ck_assert_int_eq(charitiesdb_find(st, "BELFAST COMMUNITY ADVICE CENTRE", c, 4, &err), 1);
	ck_assert_str_eq(c[0].number, "100019");
	ck_assert_str_eq(c[0].scheme, "GB-NIC");
	ck_assert_str_eq(c[0].company_number, "NI012345");
	ck_assert_int_eq(charitiesdb_find(st, "DEVON COMMUNITY HOSPICE TRUST", c, 4, &err), 1);
	ck_assert_str_eq(c[0].scheme, "GB-CHC");
	ck_assert_int_eq(c[0].cross_border, 0);
	ck_assert_int_eq(charitiesdb_find(st, "BORDERS HERITAGE TRUST", c, 4, &err), 1);
	ck_assert_int_eq(c[0].cross_border, 1);
	/* a file that fails among good ones: the three-register snapshot stays */
	ck_assert_int_eq(charitiesdb_import(st, two, 2, &o, &s, &err), -1);
	ck_assert_int_eq(charitiesdb_status(st, &got, &err), 1);
	ck_assert_uint_eq(got.charities, 13);
	ck_assert_uint_eq(got.registers[CHARITY_CCNI], 3);
}
END_TEST

/* A database whose charities table predates the scheme column: read as England and Wales's. */
START_TEST(an_earlier_import_reads_as_england_and_wales)
{
	struct charities_snapshot s, got;
	struct charity_info c[4];
	struct diag err;
	sqlite3 *db;

	store_close(st);
	st = NULL;
	ck_assert_int_eq(sqlite3_open(dbpath, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db,
		"CREATE TABLE charities (id INTEGER PRIMARY KEY, number TEXT NOT NULL, name TEXT NOT NULL,"
		" type TEXT, status TEXT, registered INTEGER, removed INTEGER, company_number TEXT,"
		" postcode TEXT, income INTEGER, cio INTEGER NOT NULL, insolvent INTEGER NOT NULL,"
		" in_administration INTEGER NOT NULL);"
		"CREATE TABLE charity_names (key TEXT NOT NULL, charity INTEGER NOT NULL);"
		"CREATE TABLE charities_snapshot (id INTEGER PRIMARY KEY CHECK (id = 1),"
		" extract_date INTEGER, sources TEXT NOT NULL, charities INTEGER NOT NULL,"
		" names INTEGER NOT NULL, linked INTEGER NOT NULL, rejected INTEGER NOT NULL,"
		" bad_dates INTEGER NOT NULL, seconds REAL NOT NULL, loaded TEXT NOT NULL);"
		"INSERT INTO charities VALUES (1, '200001', 'OLD ONE', NULL, 'Registered', NULL, NULL,"
		" NULL, NULL, 10, 0, 0, 0);"
		"INSERT INTO charity_names VALUES ('OLD ONE', 1);"
		"INSERT INTO charities_snapshot VALUES (1, NULL, 'x.txt', 1, 1, 0, 0, 0, 0.1,"
		" '2026-01-01T00:00:00Z');", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	diag_init(&err);
	ck_assert_msg(store_open(dbpath, &st, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(charitiesdb_find(st, "OLD ONE", c, 4, &err), 1);
	ck_assert_str_eq(c[0].scheme, "GB-CHC");
	ck_assert_int_eq(charitiesdb_find_number(st, NULL, "200001", c, 4, &err), 1);
	ck_assert_str_eq(c[0].scheme, "GB-CHC");
	ck_assert_int_eq(charitiesdb_status(st, &got, &err), 1);
	ck_assert_uint_eq(got.registers[CHARITY_CCEW], 1);
	ck_assert_uint_eq(got.registers[CHARITY_OSCR], 0);
	/* the next import replaces the table with one that has the scheme */
	ck_assert_msg(import1(OSCR, 0.5, &s, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(charitiesdb_find(st, "OLD ONE", c, 4, &err), 0);
	ck_assert_int_eq(charitiesdb_find(st, "HIGHLAND HOSPICE CARE SCIO", c, 4, &err), 1);
	ck_assert_str_eq(c[0].scheme, "GB-SC");
	/* the number lookup, prepared against the old table, is prepared again */
	ck_assert_int_eq(charitiesdb_find_number(st, NULL, c[0].number, c, 4, &err), 1);
	ck_assert_str_eq(c[0].scheme, "GB-SC");
	ck_assert_int_eq(charitiesdb_find_number(st, NULL, "200001", c, 4, &err), 0);
	ck_assert_int_eq(charitiesdb_status(st, &got, &err), 1);
	ck_assert_uint_eq(got.registers[CHARITY_CCEW], 0);
	ck_assert_uint_eq(got.registers[CHARITY_OSCR], 5);
}
END_TEST

#define CLASSES "tests/data/charities/publicextract.charity_classification.txt"
#define OTHER "tests/data/charities/publicextract.charity_other_names.txt"

static int import_files(const char *const *paths, size_t n, struct charities_snapshot *snap,
			struct diag *err)
{
	struct charities_import_opts o = { NULL, NULL, 0.5 };

	diag_init(err);
	return charitiesdb_import(st, paths, n, &o, snap, err);
}

/* The main table with its classification and other-names tables: one snapshot. */
START_TEST(imports_the_classification_and_other_names_with_the_main_table)
{
	const char *paths[] = { OTHER, SAMPLE, CLASSES };
	struct charities_snapshot s, got;
	struct charity_info c[4];
	int codes[8];
	struct diag err;

	ck_assert_msg(import_files(paths, 3, &s, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(s.charities, 5);
	/* 999999's rows are no charity's; linked ones left out */
	ck_assert_uint_eq(s.classifications, 8);
	ck_assert_uint_eq(s.other_names, 3);
	ck_assert_int_eq(charitiesdb_status(st, &got, &err), 1);
	ck_assert_uint_eq(got.classifications, 8);
	ck_assert_uint_eq(got.other_names, 3);
	ck_assert_uint_eq(got.charities, 5);
	/* a working name finds its charity, saying which name */
	ck_assert_int_eq(charitiesdb_find(st, "EXETER FOODBANK", c, 4, &err), 1);
	ck_assert_str_eq(c[0].number, "1180001");
	ck_assert_int_eq(c[0].name_kind, CHARITY_NAME_WORKING);
	ck_assert_str_eq(c[0].other_name, "Exeter Foodbank");
	ck_assert_int_eq(charitiesdb_find(st, "DEVON HOSPICE CARE TRUST", c, 4, &err), 1);
	ck_assert_str_eq(c[0].number, "200001");
	ck_assert_int_eq(c[0].name_kind, CHARITY_NAME_PREVIOUS);
	ck_assert_int_eq(charitiesdb_find(st, "DEVON COMMUNITY HOSPICE TRUST", c, 4, &err), 1);
	ck_assert_int_eq(c[0].name_kind, CHARITY_NAME_CURRENT);
	ck_assert_str_eq(c[0].other_name, "");
	/* a linked charity's working name is not its parent's */
	ck_assert_int_eq(charitiesdb_find(st, "HOSPICE SHOPS DEVON", c, 4, &err), 0);
	ck_assert_int_eq(charitiesdb_classes(st, "GB-CHC", "200001", codes, 8, &err), 4);
	ck_assert_int_eq(codes[0], 103);
	ck_assert_int_eq(codes[3], 306);
	ck_assert_int_eq(charitiesdb_classes(st, "GB-NIC", "200001", codes, 8, &err), 0);
	ck_assert_int_eq(charitiesdb_find_number(st, "GB-CHC", "1180001", c, 4, &err), 1);
	ck_assert_str_eq(c[0].name, "Exeter Food Bank CIO");
	ck_assert_int_eq(charitiesdb_find_number(st, "GB-SC", "1180001", c, 4, &err), 0);
	ck_assert_int_eq(charitiesdb_find_number(st, NULL, "1180001", c, 4, &err), 1);
}
END_TEST

/*
 * A classification or other-names table without the main table is refused
 * (the snapshot is replaced whole); a cut-off one keeps the old snapshot.
 */
START_TEST(a_table_without_the_main_one_or_cut_off_keeps_the_old_snapshot)
{
	const char *both[] = { SAMPLE, CLASSES };
	const char *alone[] = { CLASSES };
	const char *others[] = { OTHER, OSCR };
	const char *cut[] = { SAMPLE, NULL };
	struct charities_snapshot s, got;
	char path[256];
	size_t n;
	char *p = testutil_slurp(CLASSES, &n);
	FILE *f;
	struct diag err;

	ck_assert_msg(import_files(both, 2, &s, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(import_files(alone, 1, &got, &err), -1);
	ck_assert_int_eq(err.code, CW_USAGE);
	ck_assert_msg(strstr(err.msg, "import it with the extract's main table") != NULL, "%s",
		      err.msg);
	/* OSCR's file is not England and Wales's main table */
	ck_assert_int_eq(import_files(others, 2, &got, &err), -1);
	ck_assert_int_eq(err.code, CW_USAGE);
	/* cut on a short row (an interrupted download) */
	snprintf(path, sizeof(path), "%s/cut_classification.txt", dir);
	f = fopen(path, "wb");
	ck_assert_ptr_nonnull(strstr(p, "1180001\t0\t207"));
	fwrite(p, 1, (size_t)(strstr(p, "1180001\t0\t207") - p) + 9, f);
	fclose(f);
	cut[1] = path;
	ck_assert_int_eq(import_files(cut, 2, &got, &err), -1);
	ck_assert_int_eq(err.code, CW_INPUT);
	ck_assert_msg(strstr(err.msg, "cut off") != NULL, "%s", err.msg);
	ck_assert_int_eq(charitiesdb_status(st, &got, &err), 1);
	ck_assert_uint_eq(got.charities, 5);
	ck_assert_uint_eq(got.classifications, 8);
	ck_assert_uint_eq(got.other_names, 0);
	free(p);
}
END_TEST

static Suite *charitiesdb_suite(void)
{
	Suite *s = suite_create("charitiesdb");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, imports_the_extract);
	tcase_add_test(tc, too_many_rejects_or_a_cut_file_keep_the_first_snapshot);
	tcase_add_test(tc, imports_the_three_registers_together);
	tcase_add_test(tc, an_earlier_import_reads_as_england_and_wales);
	tcase_add_test(tc, imports_the_classification_and_other_names_with_the_main_table);
	tcase_add_test(tc, a_table_without_the_main_one_or_cut_off_keeps_the_old_snapshot);
	tcase_set_timeout(tc, 30);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(charitiesdb_suite)
