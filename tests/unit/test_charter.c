#include "testutil.h"

#include "chainwatch/charter.h"

static const struct {
	const char *in;
	int year;
} years[] = {
	{ "2025-26", 2025 },
	{ "2099-00", 2099 },
	{ "2000-01", 2000 },
	{ "2025-27", -1 },           /* not the next year */
	{ "2025/26", -1 },
	{ "2025-2", -1 },
	{ "2025-2x", -1 },
	{ "2x25-26", -1 },
	{ " 2025-26", -1 },
	{ "+202-03", -1 },
	{ "1999-00", -1 },
	{ "3000-01", -1 },
	{ "", -1 },
};

START_TEST(charter_year_parse_takes_only_yyyy_yy_of_consecutive_years)
{
	ck_assert_msg(charter_year_parse(years[_i].in) == years[_i].year, "'%s'", years[_i].in);
}
END_TEST

static Suite *charter_suite(void)
{
	Suite *s = suite_create("charter");
	TCase *tc = tcase_create("year");

	tcase_add_loop_test(tc, charter_year_parse_takes_only_yyyy_yy_of_consecutive_years, 0,
			    (int)(sizeof(years) / sizeof(years[0])));
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(charter_suite)
