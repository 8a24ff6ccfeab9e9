#include <stdlib.h>
#include <string.h>

#include "chainwatch/profile.h"
#include "testutil.h"

START_TEST(profile_shipped_profiles_all_load)
{
	static const char *const names[] = { "warwickshire-agresso-cp850", "lambeth-aggregate" };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		struct profile *p = NULL;
		struct diag err;

		diag_init(&err);
		ck_assert_msg(profile_load(names[i], &p, &err) == 0, "%s: %s", names[i], err.msg);
		ck_assert_str_eq(p->name, names[i]);
		profile_free(p);
	}
}
END_TEST

START_TEST(profile_agresso_says_cp850_and_header_line)
{
	struct profile *p = NULL;
	struct diag err;

	diag_init(&err);
	ck_assert_int_eq(profile_load("profiles/warwickshire-agresso-cp850.json", &p, &err), 0);
	ck_assert_int_eq(p->encoding, ENC_CP850);
	ck_assert_int_eq(p->date_order, DATE_DMY);
	ck_assert_str_eq(p->columns[COL_SUPPLIER_NAME], "Supplier Name");
	profile_free(p);
}
END_TEST

START_TEST(profile_unknown_name_is_a_usage_error)
{
	struct profile *p = NULL;
	struct diag err;

	diag_init(&err);
	ck_assert_int_eq(profile_load("no-such-profile", &p, &err), -1);
	ck_assert_int_eq(err.code, CW_USAGE);
	ck_assert_ptr_null(p);
}
END_TEST

START_TEST(profile_errors_are_located_and_specific)
{
	static const struct { const char *path, *want; } cases[] = {
		{ "tests/data/profile/bad-role.json", "unknown column role 'supplier_nmae'" },
		{ "tests/data/profile/bad-syntax.json", "tests/data/profile/bad-syntax.json:3:" },
		{ "tests/data/profile/bad-encoding.json", "unknown encoding 'ebcdic'" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct profile *p = NULL;
		struct diag err;

		diag_init(&err);
		ck_assert_int_eq(profile_load(cases[i].path, &p, &err), -1);
		ck_assert_int_eq(err.code, CW_INPUT);
		ck_assert_msg(strstr(err.msg, cases[i].want) != NULL, "%s: got '%s'", cases[i].path,
			      err.msg);
		ck_assert_msg(!strncmp(err.msg, cases[i].path, strlen(cases[i].path)),
			      "not located: '%s'", err.msg);
	}
}
END_TEST

static Suite *profile_suite(void)
{
	Suite *s = suite_create("profile");
	TCase *tc = tcase_create("profile");

	tcase_add_test(tc, profile_shipped_profiles_all_load);
	tcase_add_test(tc, profile_agresso_says_cp850_and_header_line);
	tcase_add_test(tc, profile_unknown_name_is_a_usage_error);
	tcase_add_test(tc, profile_errors_are_located_and_specific);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(profile_suite)
