#include <stdint.h>
#include <string.h>

#include "chainwatch/date.h"
#include "testutil.h"

struct good_case {
	const char *text;
	enum date_order order;
	int32_t ymd;
};

static const struct good_case good[] = {
	{ "09/07/2014", DATE_ORDER_AUTO, 20140709 },     /* devon/DCCSpendingOver500_201407.csv */
	{ "09/07/2014", DATE_DMY, 20140709 },
	{ "09/07/2014", DATE_MDY, 20140907 },
	{ "2021-07-01 00:00:00", DATE_ORDER_AUTO, 20210701 }, /* devon/DCCSpendingOver500_202107.csv */
	{ "2021-07-01 00:00:00", DATE_MDY, 20210701 },   /* ISO ignores the order */
	{ "29/04/2025", DATE_DMY, 20250429 },            /* devon/DCCSpendingOver500_202504.csv */
	{ "13/04/2016", DATE_DMY, 20160413 },            /* warwickshire/all-april-2016.csv */
	{ "08/06/2012", DATE_DMY, 20120608 },            /* lambeth/2012-06-payments.csv */
	{ "1/2/2024", DATE_DMY, 20240201 },
	{ "1/2/2024", DATE_MDY, 20240102 },
	{ "01/02/24", DATE_DMY, 20240201 },
	{ "01-02-2024", DATE_DMY, 20240201 },            /* Solihull dd-mm-yyyy */
	{ "01.02.2024", DATE_DMY, 20240201 },
	{ "30.09.23", DATE_DMY, 20230930 },              /* Wakefield DD.MM.YY */
	{ "31/12/69", DATE_DMY, 20691231 },              /* YY <= 69 is 20YY */
	{ "2025-04-29", DATE_DMY, 20250429 },
	{ "2025-04-29T10:15:00", DATE_DMY, 20250429 },
	{ "2025-04-29T10:15:00.000Z", DATE_DMY, 20250429 },
	{ "2025-04-29T10:15:00+01:00", DATE_DMY, 20250429 },
	{ "2025/04/29", DATE_DMY, 20250429 },
	{ "2025-4-9", DATE_DMY, 20250409 },
	{ "29/04/2025 12:30", DATE_DMY, 20250429 },
	{ "29/04/2025 9:05 PM", DATE_DMY, 20250429 },
	{ "1-Oct-26", DATE_DMY, 20261001 },
	{ "1-Oct-26", DATE_MDY, 20261001 },              /* names are never ambiguous */
	{ "01-Oct-2026", DATE_DMY, 20261001 },
	{ "01-OCT-2026", DATE_DMY, 20261001 },
	{ "14-APR-2023", DATE_DMY, 20230414 },           /* Wirral */
	{ "03-Jan-23", DATE_DMY, 20230103 },             /* South Tyneside */
	{ "01-Apr-2023", DATE_DMY, 20230401 },           /* Sandwell */
	{ "1 October 2026", DATE_DMY, 20261001 },
	{ "01 Oct 2026", DATE_DMY, 20261001 },
	{ "1 oct 2026", DATE_DMY, 20261001 },
	{ "1 Sept 2025", DATE_DMY, 20250901 },
	{ "1-SEP-2025", DATE_DMY, 20250901 },
	{ "1 september 2025", DATE_DMY, 20250901 },
	{ "1 Oct. 2026", DATE_DMY, 20261001 },
	{ "1/Oct/2026", DATE_DMY, 20261001 },
	{ "1-Oct-2026 00:00:00", DATE_DMY, 20261001 },
	{ "31 May 2025", DATE_DMY, 20250531 },
	{ "29/02/2024", DATE_DMY, 20240229 },            /* leap year */
	{ "29/02/2000", DATE_DMY, 20000229 },            /* divisible by 400 */
	{ " 01/02/2024 ", DATE_DMY, 20240201 },
	{ "\xC2\xA0" "01/02/2024\xC2\xA0", DATE_DMY, 20240201 },
	{ "01/01/1990", DATE_DMY, 19900101 },
	{ "31/12/2100", DATE_DMY, 21001231 },
	{ "20101223", DATE_DMY, 20101223 },              /* bolton/...-december-2010.csv PaidDate */
	{ "20101223", DATE_MDY, 20101223 },
	{ "20250429 00:00:00", DATE_DMY, 20250429 },
};

START_TEST(date_parse_reads_every_form)
{
	const struct good_case *c = &good[_i];
	struct diag err;
	int32_t ymd = -1;

	diag_init(&err);
	ck_assert_msg(date_parse(c->text, strlen(c->text), c->order, &ymd, &err) == 0,
		      "'%s' (%s) rejected: %s", c->text, date_order_name(c->order), err.msg);
	ck_assert_msg(ymd == c->ymd, "'%s' (%s) gave %d, want %d", c->text,
		      date_order_name(c->order), (int)ymd, (int)c->ymd);
}
END_TEST

struct bad_case {
	const char *text;
	enum date_order order;
	const char *msg;
};

static const struct bad_case bad[] = {
	/* warwickshire/p-card-january-2022.csv */
	{ "70/12/2022", DATE_DMY, "date '70/12/2022' has day 70" },
	{ "70/12/2022", DATE_ORDER_AUTO, "date '70/12/2022' has day 70" },
	{ "70/12/2022", DATE_MDY, "date '70/12/2022' has month 70" },
	/* warwickshire/all-april-2016.csv, a hand-appended row */
	{ "12/042016", DATE_DMY, "date '12/042016' is not a date" },
	/* lambeth/2012-06-payments.csv: date and amount fused */
	{ "25/06/2012900", DATE_DMY, "date '25/06/2012900' is not a date" },
	{ "31/02/2024", DATE_DMY, "date '31/02/2024' does not exist" },
	{ "29/02/2023", DATE_DMY, "date '29/02/2023' does not exist" },
	{ "29/02/2100", DATE_DMY, "date '29/02/2100' does not exist" },
	{ "31/04/2024", DATE_DMY, "date '31/04/2024' does not exist" },
	{ "31-Sep-2024", DATE_DMY, "date '31-Sep-2024' does not exist" },
	{ "12/13/2024", DATE_DMY, "date '12/13/2024' has month 13" },
	{ "13/12/2024", DATE_MDY, "date '13/12/2024' has month 13" },
	{ "2024-13-01", DATE_DMY, "date '2024-13-01' has month 13" },
	{ "2024-00-01", DATE_DMY, "date '2024-00-01' has month 0" },
	{ "00/01/2024", DATE_DMY, "date '00/01/2024' has day 0" },
	{ "2024-01-32", DATE_DMY, "date '2024-01-32' has day 32" },
	{ "01/01/1989", DATE_DMY, "date '01/01/1989' has implausible year 1989" },
	{ "01/01/89", DATE_DMY, "date '01/01/89' has implausible year 1989" },
	{ "01/01/2101", DATE_DMY, "date '01/01/2101' has implausible year 2101" },
	{ "0001-01-01", DATE_DMY, "date '0001-01-01' has implausible year 1" },
	{ "", DATE_DMY, "date '' is empty" },
	{ "  ", DATE_DMY, "date '  ' is empty" },
	{ "yesterday", DATE_DMY, "date 'yesterday' is not a date" },
	{ "01/02-2024", DATE_DMY, "date '01/02-2024' is not a date" },
	{ "01/02/224", DATE_DMY, "date '01/02/224' is not a date" },
	{ "01/02/2", DATE_DMY, "date '01/02/2' is not a date" },
	{ "001/02/2024", DATE_DMY, "date '001/02/2024' is not a date" },
	{ "20251329", DATE_DMY, "date '20251329' has month 13" },
	{ "30250429", DATE_DMY, "date '30250429' is not a date" },   /* not a 19xx/20xx year */
	{ "2025042", DATE_DMY, "date '2025042' is not a date" },
	{ "202504291", DATE_DMY, "date '202504291' is not a date" },
	{ "2025-04", DATE_DMY, "date '2025-04' is not a date" },
	{ "2025-04-29 garbage", DATE_DMY, "date '2025-04-29 garbage' is not a date" },
	{ "2025-04-29 1230", DATE_DMY, "date '2025-04-29 1230' is not a date" },
	{ "2025-04-29x", DATE_DMY, "date '2025-04-29x' is not a date" },
	{ "1-Octo-2026", DATE_DMY, "date '1-Octo-2026' is not a date" },
	{ "1-Oct 2026", DATE_DMY, "date '1-Oct 2026' is not a date" },
	{ "1 2 2026", DATE_DMY, "date '1 2 2026' is not a date" },
	{ "Oct 1, 2026", DATE_DMY, "date 'Oct 1, 2026' is not a date" },
	{ "1-Oct-202", DATE_DMY, "date '1-Oct-202' is not a date" },
	{ "Total", DATE_DMY, "date 'Total' is not a date" },
};

START_TEST(date_parse_rejects_with_reason)
{
	const struct bad_case *c = &bad[_i];
	struct diag err;
	int32_t ymd = 777;

	diag_init(&err);
	ck_assert_msg(date_parse(c->text, strlen(c->text), c->order, &ymd, &err) == -1,
		      "'%s' accepted as %d", c->text, (int)ymd);
	ck_assert_int_eq(err.code, CW_INPUT);
	ck_assert_str_eq(err.msg, c->msg);
	ck_assert_int_eq(ymd, 777);
}
END_TEST

START_TEST(date_parse_uses_only_n_bytes)
{
	int32_t ymd = 0;

	ck_assert_int_eq(date_parse("01/02/2024,99", 10, DATE_DMY, &ymd, NULL), 0);
	ck_assert_int_eq(ymd, 20240201);
	ck_assert_int_eq(date_parse("01/02/20245", 9, DATE_DMY, &ymd, NULL), -1);
}
END_TEST

START_TEST(date_parse_truncates_long_quoted_text)
{
	char big[300];
	struct diag err;
	int32_t ymd;

	memset(big, '9', sizeof(big));
	diag_init(&err);
	ck_assert_int_eq(date_parse(big, sizeof(big), DATE_DMY, &ymd, &err), -1);
	ck_assert_msg(strlen(err.msg) < 120, "message not truncated: %s", err.msg);
	ck_assert_ptr_nonnull(strstr(err.msg, "...' is not a date"));
}
END_TEST

START_TEST(date_vote_counts_only_proving_rows)
{
	static const struct {
		const char *text;
		unsigned long dmy, mdy;
	} v[] = {
		{ "13/01/2024", 1, 0 },
		{ "01/13/2024", 0, 1 },
		{ "01/02/2024", 0, 0 },          /* ambiguous */
		{ "13/13/2024", 0, 0 },          /* neither order reads it */
		{ "70/12/2022", 0, 0 },          /* impossible, proves nothing */
		{ "2024-01-13", 0, 0 },          /* ISO is not D/M/Y */
		{ "13-Jan-2024", 0, 0 },
		{ "", 0, 0 },
		{ "12/042016", 0, 0 },
		{ "25/12/24 00:00", 1, 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		struct date_votes votes = { 0, 0 };

		date_vote(&votes, v[i].text, strlen(v[i].text));
		ck_assert_msg(votes.dmy == v[i].dmy && votes.mdy == v[i].mdy,
			      "'%s' voted dmy %lu mdy %lu", v[i].text, votes.dmy, votes.mdy);
	}
}
END_TEST

START_TEST(date_order_decide_is_day_first_unless_proven)
{
	struct date_votes v = { 0, 0 };

	ck_assert_int_eq(date_order_decide(&v), DATE_DMY);
	v.mdy = 3;
	ck_assert_int_eq(date_order_decide(&v), DATE_MDY);
	v.dmy = 1;
	ck_assert_int_eq(date_order_decide(&v), DATE_DMY);
	v.mdy = 0;
	ck_assert_int_eq(date_order_decide(&v), DATE_DMY);
}
END_TEST

START_TEST(date_vote_then_decide_reads_a_us_file)
{
	static const char *const rows[] = { "01/02/2024", "01/13/2024", "12/31/2024", "" };
	struct date_votes v = { 0, 0 };
	int32_t ymd;
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		date_vote(&v, rows[i], strlen(rows[i]));
	ck_assert_int_eq(date_order_decide(&v), DATE_MDY);
	ck_assert_int_eq(date_parse(rows[0], strlen(rows[0]), date_order_decide(&v), &ymd, NULL), 0);
	ck_assert_int_eq(ymd, 20240102);
}
END_TEST

START_TEST(date_order_names_round_trip)
{
	static const enum date_order all[] = { DATE_ORDER_AUTO, DATE_DMY, DATE_MDY };
	enum date_order o = DATE_DMY;
	size_t i;

	ck_assert_str_eq(date_order_name(DATE_ORDER_AUTO), "auto");
	ck_assert_str_eq(date_order_name(DATE_DMY), "dmy");
	ck_assert_str_eq(date_order_name(DATE_MDY), "mdy");
	for (i = 0; i < 3; i++) {
		ck_assert_int_eq(date_order_parse(date_order_name(all[i]), &o), 0);
		ck_assert_int_eq(o, all[i]);
	}
	o = DATE_MDY;
	ck_assert_int_eq(date_order_parse("DMY", &o), -1);
	ck_assert_int_eq(date_order_parse("ymd", &o), -1);
	ck_assert_int_eq(date_order_parse("", &o), -1);
	ck_assert_int_eq(date_order_parse(NULL, &o), -1);
	ck_assert_int_eq(o, DATE_MDY);
}
END_TEST

START_TEST(date_valid_knows_leap_years)
{
	ck_assert(date_valid(2024, 2, 29));
	ck_assert(!date_valid(2023, 2, 29));
	ck_assert(!date_valid(1900, 2, 29));
	ck_assert(date_valid(2000, 2, 29));
	ck_assert(date_valid(2025, 12, 31));
	ck_assert(!date_valid(2025, 11, 31));
	ck_assert(!date_valid(2025, 0, 1));
	ck_assert(!date_valid(2025, 13, 1));
	ck_assert(!date_valid(2025, 1, 0));
	ck_assert(!date_valid(0, 1, 1));
}
END_TEST

/* A report's long form, and the month names it uses. */
START_TEST(date_format_long_writes_a_reports_date)
{
	char out[24];

	ck_assert_str_eq(date_format_long(20261201, out), "1 December 2026");
	ck_assert_str_eq(date_format_long(20250429, out), "29 April 2025");
	ck_assert_str_eq(date_format_long(0, out), "");
	ck_assert_str_eq(date_format_long(20251301, out), "");
	ck_assert_str_eq(date_month_name(1), "January");
	ck_assert_str_eq(date_month_name(12), "December");
	ck_assert_ptr_null(date_month_name(0));
	ck_assert_ptr_null(date_month_name(13));
}
END_TEST

START_TEST(date_format_writes_iso)
{
	char out[11];

	ck_assert_str_eq(date_format(20250429, out), "2025-04-29");
	ck_assert_str_eq(date_format(19900101, out), "1990-01-01");
	ck_assert_str_eq(date_format(21001231, out), "2100-12-31");
	ck_assert_str_eq(date_format(0, out), "");
	ck_assert_str_eq(date_format(-5, out), "");
}
END_TEST

static Suite *date_suite(void)
{
	Suite *s = suite_create("date");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, date_parse_reads_every_form, 0, (int)(sizeof(good) / sizeof(good[0])));
	tcase_add_loop_test(tc, date_parse_rejects_with_reason, 0, (int)(sizeof(bad) / sizeof(bad[0])));
	tcase_add_test(tc, date_parse_uses_only_n_bytes);
	tcase_add_test(tc, date_parse_truncates_long_quoted_text);
	tcase_add_test(tc, date_vote_counts_only_proving_rows);
	tcase_add_test(tc, date_order_decide_is_day_first_unless_proven);
	tcase_add_test(tc, date_vote_then_decide_reads_a_us_file);
	tcase_add_test(tc, date_order_names_round_trip);
	tcase_add_test(tc, date_valid_knows_leap_years);
	tcase_add_test(tc, date_format_writes_iso);
	tcase_add_test(tc, date_format_long_writes_a_reports_date);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(date_suite)
