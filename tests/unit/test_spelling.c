#include <stdint.h>
#include <string.h>

#include "chainwatch/spelling.h"
#include "testutil.h"

static const char *const councils[] = { "Devon County Council", "Somerset Council",
					"Torbay Council", "Plymouth City Council" };

struct near_case {
	const char *given;
	const char *want;       /* NULL: none is close enough to suggest */
};

static const struct near_case nears[] = {
	{ "Devn County Council", "Devon County Council" },      /* a slip */
	{ "devon county council", "Devon County Council" },     /* case */
	{ "Devon CC", "Devon County Council" },                 /* initials */
	{ "Devon", "Devon County Council" },                    /* the start of its words */
	{ "Plymouth CC", "Plymouth City Council" },
	{ "Somerset", "Somerset Council" },
	{ "Rutland", NULL },
	{ "Council", NULL },                                    /* not one name's */
	{ "CC", NULL },
	{ "", NULL },
};

START_TEST(spelling_nearest_suggests_slips_and_abbreviations)
{
	const struct near_case *c = &nears[_i];
	const char *got = spelling_nearest(c->given, councils, 4);

	if (!c->want)
		ck_assert_msg(got == NULL, "'%s' gave '%s'", c->given, got ? got : "");
	else
		ck_assert_msg(got && !strcmp(got, c->want), "'%s' gave '%s'", c->given,
			      got ? got : "(none)");
}
END_TEST

START_TEST(spelling_distance_counts_edits)
{
	ck_assert_uint_eq(spelling_distance("status", "status"), 0);
	ck_assert_uint_eq(spelling_distance("procurment", "procurement"), 1);
	ck_assert_uint_eq(spelling_distance("Status", "status"), 1);
	ck_assert_uint_eq(spelling_distance_nocase("Status", "status"), 0);
	ck_assert_uint_eq(spelling_distance("", "abc"), 3);
	ck_assert_uint_eq(spelling_distance("a", "0123456789012345678901234567890123456789"
					    "01234567890123456789012"), SIZE_MAX);
}
END_TEST

START_TEST(spelling_same_ignores_case_and_spaces_only)
{
	ck_assert(spelling_same("Devon County Council", "devon  county council "));
	ck_assert(spelling_same(" Devon County Council", "Devon County Council"));
	ck_assert(!spelling_same("Devon County Council", "DevonCounty Council"));
	ck_assert(!spelling_same("Devon County Council", "Devon County"));
	ck_assert(!spelling_same("Devon", "Devon County Council"));
	ck_assert(spelling_same("", "  "));
}
END_TEST

static Suite *spelling_suite(void)
{
	Suite *s = suite_create("spelling");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, spelling_nearest_suggests_slips_and_abbreviations, 0,
			    (int)(sizeof(nears) / sizeof(nears[0])));
	tcase_add_test(tc, spelling_distance_counts_edits);
	tcase_add_test(tc, spelling_same_ignores_case_and_spaces_only);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(spelling_suite)
