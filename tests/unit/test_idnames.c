#include <stdio.h>
#include <string.h>

#include "chainwatch/idnames.h"
#include "testutil.h"

#define ADD(t, id, name) id_names_add(t, id, strlen(id), name, strlen(name))
#define SHARED(t, id) id_names_shared(t, id, strlen(id))

/* warwickshire/all-april-2016.csv: 999982 carries 26 payees. */
START_TEST(id_names_finds_an_id_shared_by_five_names)
{
	struct id_names *t = id_names_new();

	ADD(t, "999982", "Admiral Insurance");
	ADD(t, "999982", "Ageas Insurance Ltd");
	ADD(t, "999982", "Baddesley Ensor Parish Council");
	ADD(t, "999982", "Beacon Law Solutions Ltd");
	ck_assert(!SHARED(t, "999982"));
	ADD(t, "999982", "Bentley Cook Ltd");
	ck_assert(SHARED(t, "999982"));
	ck_assert(SHARED(t, " 999982 "));        /* decoded, cleaned text agrees with raw bytes */
	ck_assert_uint_eq(id_names_count_shared(t), 1);
	ADD(t, "999982", "Birchwood Primary School");
	ck_assert_uint_eq(id_names_count_shared(t), 1);
	id_names_free(t);
}
END_TEST

/* One supplier under variants of its name, and many rows: not shared. */
START_TEST(id_names_counts_names_not_rows_nor_spellings)
{
	struct id_names *t = id_names_new();
	int i;

	for (i = 0; i < 100; i++)
		ADD(t, "200003", "Acme Ltd");
	ADD(t, "200003", "ACME LTD.");
	ADD(t, "200003", "acme  ltd");
	ADD(t, "200003", "Acme Limited");
	ck_assert(!SHARED(t, "200003"));
	ADD(t, "", "One");
	ADD(t, "7", "");
	ck_assert(!SHARED(t, ""));
	ck_assert(!SHARED(t, "unknown"));
	ck_assert(!id_names_shared(NULL, "1", 1));
	id_names_free(t);
	id_names_free(NULL);
}
END_TEST

/* The table grows past its first size and keeps every ID. */
START_TEST(id_names_grows)
{
	struct id_names *t = id_names_new();
	char id[16], name[16];
	int i, k;

	for (i = 0; i < 5000; i++) {
		snprintf(id, sizeof(id), "ID%d", i);
		for (k = 0; k < (i % 7 == 0 ? 5 : 1); k++) {
			snprintf(name, sizeof(name), "N%d", k);
			ADD(t, id, name);
		}
	}
	for (i = 0; i < 5000; i++) {
		snprintf(id, sizeof(id), "ID%d", i);
		ck_assert_int_eq(SHARED(t, id), i % 7 == 0);
	}
	ck_assert_uint_eq(id_names_count_shared(t), 715);
	id_names_free(t);
}
END_TEST

static Suite *idnames_suite(void)
{
	Suite *s = suite_create("idnames");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, id_names_finds_an_id_shared_by_five_names);
	tcase_add_test(tc, id_names_counts_names_not_rows_nor_spellings);
	tcase_add_test(tc, id_names_grows);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(idnames_suite)
