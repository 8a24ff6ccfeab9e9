/*
 * The Companies House API's answers in the database (chcachedb.h): by
 * number and by name key, "not found" kept too, only while young enough.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "chainwatch/chcachedb.h"
#include "chainwatch/store.h"
#include "testutil.h"

static char dir[64];
static char dbpath[128];
static struct store *st;

static void setup(void)
{
	struct diag err;

	strcpy(dir, "/tmp/cw-chcachedb-XXXXXX");
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

static void sample(struct chapi_company *c)
{
	memset(c, 0, sizeof(*c));
	strcpy(c->number, "30000001");
	strcpy(c->name, "ORCHARD HOME CARE (DEVON) LIMITED");
	strcpy(c->status, "Active");
	strcpy(c->category, "Private Limited Company");
	strcpy(c->accounts_category, "FULL");
	c->incorporated = 20120402;
	strcpy(c->sic, "87100 88100");
	strcpy(c->country, "England");
}

/* Age every entry by `days` days, as another connection would see it. */
static void age(int days)
{
	sqlite3 *db;
	char sql[128];

	ck_assert_int_eq(sqlite3_open(dbpath, &db), SQLITE_OK);
	snprintf(sql, sizeof(sql), "UPDATE ch_api_cache SET fetched_on = date('now', '-%d days')",
		 days);
	ck_assert_int_eq(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

START_TEST(chcachedb_keeps_a_company_by_number_and_by_name)
{
	struct chapi_company c, got;
	struct diag err;
	int found = -1;

	sample(&c);
	diag_init(&err);
	ck_assert_int_eq(chcachedb_get(st, CHCACHE_NUMBER, "30000001", 30, &found, &got, &err), 0);
	ck_assert_int_eq(chcachedb_put(st, CHCACHE_NUMBER, "30000001", &c, &err), 0);
	ck_assert_int_eq(chcachedb_put(st, CHCACHE_NAME, "ORCHARD HOME CARE DEVON LIMITED", &c,
				       &err), 0);
	memset(&got, 0, sizeof(got));
	ck_assert_int_eq(chcachedb_get(st, CHCACHE_NUMBER, "30000001", 30, &found, &got, &err), 1);
	ck_assert_int_eq(found, 1);
	ck_assert_int_eq(memcmp(&got, &c, sizeof(c)), 0);
	memset(&got, 0, sizeof(got));
	ck_assert_int_eq(chcachedb_get(st, CHCACHE_NAME, "ORCHARD HOME CARE DEVON LIMITED", 30,
				       &found, &got, &err), 1);
	ck_assert_int_eq(memcmp(&got, &c, sizeof(c)), 0);
	/* the kinds are apart */
	ck_assert_int_eq(chcachedb_get(st, CHCACHE_NAME, "30000001", 30, &found, &got, &err), 0);
}
END_TEST

START_TEST(chcachedb_keeps_not_found_and_leaves_out_untouched)
{
	struct chapi_company got;
	struct diag err;
	int found = -1;

	diag_init(&err);
	ck_assert_int_eq(chcachedb_put(st, CHCACHE_NAME, "NOBODY", NULL, &err), 0);
	memset(&got, 0x5A, sizeof(got));
	ck_assert_int_eq(chcachedb_get(st, CHCACHE_NAME, "NOBODY", 30, &found, &got, &err), 1);
	ck_assert_int_eq(found, 0);
	ck_assert_int_eq((unsigned char)got.number[0], 0x5A);
}
END_TEST

START_TEST(chcachedb_forgets_an_old_answer_and_a_new_one_replaces_it)
{
	struct chapi_company c, got;
	struct diag err;
	int found = -1;

	sample(&c);
	diag_init(&err);
	ck_assert_int_eq(chcachedb_put(st, CHCACHE_NUMBER, "30000001", NULL, &err), 0);
	age(30);
	ck_assert_int_eq(chcachedb_get(st, CHCACHE_NUMBER, "30000001", 30, &found, &got, &err), 1);
	age(31);
	ck_assert_int_eq(chcachedb_get(st, CHCACHE_NUMBER, "30000001", 30, &found, &got, &err), 0);
	ck_assert_int_eq(chcachedb_put(st, CHCACHE_NUMBER, "30000001", &c, &err), 0);
	ck_assert_int_eq(chcachedb_get(st, CHCACHE_NUMBER, "30000001", 30, &found, &got, &err), 1);
	ck_assert_int_eq(found, 1);
	ck_assert_str_eq(got.name, c.name);
}
END_TEST

static Suite *chcachedb_suite(void)
{
	Suite *s = suite_create("chcachedb");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, chcachedb_keeps_a_company_by_number_and_by_name);
	tcase_add_test(tc, chcachedb_keeps_not_found_and_leaves_out_untouched);
	tcase_add_test(tc, chcachedb_forgets_an_old_answer_and_a_new_one_replaces_it);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(chcachedb_suite)
