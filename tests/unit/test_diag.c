#include <string.h>

#include "testutil.h"

#include "chainwatch/diag.h"

struct seen {
	int calls;
	char last[64];
};

static void remember(void *ctx, const char *msg)
{
	struct seen *s = ctx;

	s->calls++;
	strncpy(s->last, msg, sizeof(s->last) - 1);
}

START_TEST(problems_keeps_the_first_and_reports_each)
{
	struct diag_problems p;
	struct seen s;

	memset(&s, 0, sizeof(s));
	diag_problems_init(&p, remember, &s);
	diag_problems_add(&p, "a.csv:3: first");
	diag_problems_add(&p, "a.csv:9: second");
	ck_assert_int_eq(p.count, 2);
	ck_assert_str_eq(p.first, "a.csv:3: first");
	ck_assert_int_eq(s.calls, 2);
	ck_assert_str_eq(s.last, "a.csv:9: second");
}
END_TEST

START_TEST(problems_without_a_report_only_count)
{
	struct diag_problems p;

	diag_problems_init(&p, NULL, NULL);
	ck_assert_int_eq(p.count, 0);
	ck_assert_str_eq(p.first, "");
	diag_problems_add(&p, "x");
	ck_assert_int_eq(p.count, 1);
	ck_assert_str_eq(p.first, "x");
}
END_TEST

static Suite *diag_suite(void)
{
	Suite *s = suite_create("diag");
	TCase *tc = tcase_create("problems");

	tcase_add_test(tc, problems_keeps_the_first_and_reports_each);
	tcase_add_test(tc, problems_without_a_report_only_count);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(diag_suite)
