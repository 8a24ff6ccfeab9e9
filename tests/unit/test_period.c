#include <stdint.h>
#include <string.h>

#include "chainwatch/period.h"
#include "testutil.h"

struct name_case {
	const char *name;
	const char *period;      /* NULL: the name declares none */
};

static const struct name_case names[] = {
	/* the file names of ../shared/data/spend */
	{ "devon/DCCSpendingOver500_201407.csv", "2014-07" },
	{ "lambeth/2011-01-payments.csv", "2011-01" },
	{ "warwickshire/all-april-2016.csv", "2016-04" },
	{ "warwickshire/new-december-2011.csv", "2011-12" },
	{ "bedford/payments-over-250-sep15.csv", "2015-09" },
	{ "bolton/expenditure-over-500-for-december-2010.csv", "2010-12" },
	{ "oxford/expenditure-over-500-jan-mar-2014.csv", "2014-01_2014-03" },
	{ "oxford/procurement-card-spending-february-2018.csv", "2018-02" },
	{ "windsor-maidenhead/wandm_supplier_payments_2009_q1.csv", "2009-01_2009-03" },
	{ "windsor-maidenhead/wandm_supplier_payments_2009_q4.csv", "2009-10_2009-12" },
	{ "isle-of-wight/iw-published-format-jan-2014.csv", "2014-01" },
	{ "east-riding/500-and-over-local-transparency-oct-2015.xlsx", "2015-10" },
	{ "dsit/dsit-spending-over-25000-march-2025.csv", "2025-03" },
	/* other shapes */
	{ "Q3 2019 spend.csv", "2019-07_2019-09" },
	{ "spend-2019-qtr4.csv", "2019-10_2019-12" },
	{ "SpendingMarch2017.csv", "2017-03" },
	{ "spend_2018_feb.csv", "2018-02" },
	{ "spend-Sept-2019.csv", "2019-09" },
	{ "payments-nov-jan-2015.csv", "2014-11_2015-01" },
	{ "/a/2014-07/spend.csv", NULL },                       /* directories are not read */
	{ "payments-over-500.csv", NULL },
	{ "2012-13-P8-250.csv", NULL },                         /* a financial year, not a month */
	{ "marketing-2015.csv", NULL },                         /* "mar" only as a whole word */
	{ "q5-2019.csv", NULL },
	{ "spend-may.csv", NULL },
	{ "", NULL },
};

START_TEST(period_from_filename_reads_each_shape)
{
	const struct name_case *c = &names[_i];
	int32_t first = -1, last = -1;
	char buf[16];
	int r = period_from_filename(c->name, &first, &last);

	if (!c->period) {
		ck_assert_msg(r == -1, "'%s' gave %s", c->name, period_format(first, last, buf));
		ck_assert_int_eq(first, -1);
		return;
	}
	ck_assert_msg(r == 0, "'%s': no period", c->name);
	ck_assert_str_eq(period_format(first, last, buf), c->period);
}
END_TEST

static const struct name_case texts[] = {
	{ "Invoices paid in March 2019", "2019-03" },
	{ "Quarter 3 - 1st October 2019 to 31st December 2019", "2019-10_2019-12" },
	{ "Invoice Approval Date From:\xE2\x80\xA0 01-JUN-2012", "2012-06" },   /* lambeth 2012 */
	{ "Spend over \xC2\xA3" "500 for Q1 2020", "2020-01_2020-03" },
	{ "Report Date:\xE2\x80\xA0 02/07/2012\xE2\x80\xA0 16:59:18", NULL },  /* a run date */
	{ "Lambeth Invoices Over Specified Nett Amount", NULL },
	{ "Payments for May", NULL },
};

START_TEST(period_from_text_reads_titles)
{
	const struct name_case *c = &texts[_i];
	int32_t first = -1, last = -1;
	char buf[16];
	int r = period_from_text(c->name, &first, &last);

	if (!c->period) {
		ck_assert_msg(r == -1, "'%s' gave %s", c->name, period_format(first, last, buf));
		return;
	}
	ck_assert_msg(r == 0, "'%s': no period", c->name);
	ck_assert_str_eq(period_format(first, last, buf), c->period);
}
END_TEST

/* The name, then the title, then the dates; a declared period most dates contradict gives way. */
START_TEST(period_of_file_follows_the_rule)
{
	struct month_rows jun[] = { { 202505, 15 }, { 202506, 100 }, { 202411, 1 } };
	struct month_rows year[] = { { 202501, 40 }, { 202502, 80 }, { 202503, 40 } };
	int32_t f = 0, l = 0;
	char buf[16];

	ck_assert_str_eq(period_of_file("spend-june-2025.csv", 0, 0, jun, 3, &f, &l), "file name");
	ck_assert_str_eq(period_format(f, l, buf), "2025-06");
	ck_assert_str_eq(period_of_file("spend.csv", 202506, 202506, jun, 3, &f, &l), "title line");
	ck_assert_str_eq(period_of_file("spend.csv", 0, 0, jun, 3, &f, &l), "payment dates");
	ck_assert_str_eq(period_format(f, l, buf), "2025-06");
	ck_assert_str_eq(period_of_file("spend.csv", 0, 0, year, 3, &f, &l), "payment dates");
	ck_assert_str_eq(period_format(f, l, buf), "2025-01_2025-03");
	ck_assert_str_eq(period_of_file("spend-march-2019.csv", 0, 0, jun, 3, &f, &l),
			 "payment dates (most fall outside the declared period)");
	ck_assert_str_eq(period_of_file("2009_q1.csv", 0, 0, NULL, 0, &f, &l), "file name");
	ck_assert_str_eq(period_format(f, l, buf), "2009-01_2009-03");
	f = 7;
	ck_assert_ptr_null(period_of_file("spend.csv", 0, 0, NULL, 0, &f, &l));
	ck_assert_int_eq(f, 7);
}
END_TEST

/* period_parse: what period_format writes, and nothing else. */
static const struct {
	const char *text;
	int ok;
	int32_t first, last;
} parses[] = {
	{ "2025-12", 1, 202512, 202512 },
	{ "2025-04_2025-06", 1, 202504, 202506 },
	{ "2025-11_2026-02", 1, 202511, 202602 },
	{ "1999-01", 1, 199901, 199901 },
	{ "2025-13", 0, 0, 0 },
	{ "2025-00", 0, 0, 0 },
	{ "0999-01", 0, 0, 0 },
	{ "2025-1", 0, 0, 0 },
	{ "2025-12 ", 0, 0, 0 },
	{ " 2025-12", 0, 0, 0 },
	{ "2025/12", 0, 0, 0 },
	{ "2025-1x", 0, 0, 0 },
	{ "+025-12", 0, 0, 0 },
	{ "2025-06_2025-06", 0, 0, 0 },        /* one month is written "2025-06" */
	{ "2025-06_2025-04", 0, 0, 0 },
	{ "2025-04-2025-06", 0, 0, 0 },
	{ "2025-04_2025-6x", 0, 0, 0 },
	{ "2025-04_2025-06x", 0, 0, 0 },
	{ "", 0, 0, 0 },
};

START_TEST(period_parse_reads_only_what_period_format_writes)
{
	int32_t f = -7, l = -7;
	char buf[16];

	if (!parses[_i].ok) {
		ck_assert_msg(period_parse(parses[_i].text, &f, &l) == -1, "'%s'", parses[_i].text);
		ck_assert_int_eq(f, -7);
		ck_assert_int_eq(l, -7);
		return;
	}
	ck_assert_msg(period_parse(parses[_i].text, &f, &l) == 0, "'%s'", parses[_i].text);
	ck_assert_int_eq(f, parses[_i].first);
	ck_assert_int_eq(l, parses[_i].last);
	ck_assert_str_eq(period_format(f, l, buf), parses[_i].text);
	ck_assert_int_eq(period_parse(parses[_i].text, NULL, NULL), 0);
}
END_TEST

START_TEST(period_months_step_and_end)
{
	ck_assert_int_eq(period_next_month(202511), 202512);
	ck_assert_int_eq(period_next_month(202512), 202601);
	ck_assert_int_eq(period_month_end(202512), 20251231);
	ck_assert_int_eq(period_month_end(202504), 20250430);
	ck_assert_int_eq(period_month_end(202502), 20250228);
	ck_assert_int_eq(period_month_end(202402), 20240229);
	ck_assert_int_eq(period_month_end(210002), 21000228);
	ck_assert_int_eq(period_month_end(200002), 20000229);
	ck_assert_int_eq(period_month_end(202513), 0);
	ck_assert_int_eq(period_month_end(202500), 0);
}
END_TEST

static Suite *period_suite(void)
{
	Suite *s = suite_create("period");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, period_from_filename_reads_each_shape, 0,
			    (int)(sizeof(names) / sizeof(names[0])));
	tcase_add_loop_test(tc, period_from_text_reads_titles, 0,
			    (int)(sizeof(texts) / sizeof(texts[0])));
	tcase_add_test(tc, period_of_file_follows_the_rule);
	tcase_add_loop_test(tc, period_parse_reads_only_what_period_format_writes, 0,
			    (int)(sizeof(parses) / sizeof(parses[0])));
	tcase_add_test(tc, period_months_step_and_end);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(period_suite)
