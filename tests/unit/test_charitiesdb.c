/*
 * The Charity Commission register in the database (charitiesdb.h): a
 * snapshot imported whole and replaced atomically; lookups by name key.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

static Suite *charitiesdb_suite(void)
{
	Suite *s = suite_create("charitiesdb");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, imports_the_extract);
	tcase_add_test(tc, too_many_rejects_or_a_cut_file_keep_the_first_snapshot);
	tcase_set_timeout(tc, 30);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(charitiesdb_suite)
