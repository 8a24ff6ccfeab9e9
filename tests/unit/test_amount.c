#include <stdint.h>
#include <string.h>

#include "chainwatch/amount.h"
#include "testutil.h"

struct good_case {
	const char *text;
	int64_t pence;
};

/* Every form met in the real files (shared/data/spend) and the header. */
static const struct good_case good[] = {
	{ "1234.56", 123456 },
	{ "-123.45", -12345 },
	{ "676", 67600 },                      /* devon/DCCSpendingOver500_202107.csv */
	{ "787.5", 78750 },                    /* devon/DCCSpendingOver500_202107.csv */
	{ "3736.0699999999997", 373607 },      /* devon/DCCSpendingOver500_202107.csv */
	{ "-900.8899999999999", -90089 },      /* devon/DCCSpendingOver500_202107.csv */
	{ "0.005", 1 },
	{ "-0.005", -1 },
	{ "0.0049999", 0 },
	{ "0.995", 100 },
	{ "999.995", 100000 },
	{ "1,234.56", 123456 },                /* devon/DCCSpendingOver500_202504.csv (quoted) */
	{ "1,496.00", 149600 },
	{ " 519.95 ", 51995 },                 /* devon/DCCSpendingOver500_202512.csv */
	{ " 1,041.67 ", 104167 },              /* devon/DCCSpendingOver500_202512.csv */
	{ " 38,360,526.29 ", 3836052629 },     /* devon 202512 grand-total row */
	{ "568.00 ", 56800 },                  /* warwickshire/all-april-2016.csv */
	{ "-900.00 ", -90000 },                /* warwickshire/new-december-2011.csv */
	{ " 2,114.00 ", 211400 },              /* warwickshire/new-december-2011.csv */
	{ "\xC2\xA3" "1,234.56", 123456 },
	{ "\xC2\xA3" "9.17", 917 },            /* warwickshire/p-card-january-2022.csv */
	{ "-\xC2\xA3" "109.00", -10900 },      /* warwickshire/p-card-january-2022.csv */
	{ "-\xC2\xA3" "12.00", -1200 },
	{ "\xC2\xA3-12.00", -1200 },
	{ "\xC2\xA3" "0.25", 25 },
	{ "\xC2\xA3" " 12.00", 1200 },
	{ "(12.00)", -1200 },
	{ "( 12.00 )", -1200 },
	{ "(\xC2\xA3" "1,234.56)", -123456 },
	{ "12.00-", -1200 },
	{ "+5.00", 500 },
	{ "GBP 12.50", 1250 },
	{ "gbp12.50", 1250 },
	{ "12.50 GBP", 1250 },
	{ "-GBP 3", -300 },
	{ "\xC2\xA0" "12.00\xC2\xA0", 1200 },
	{ "\t7\t", 700 },
	{ "0", 0 },
	{ "-0.00", 0 },
	{ "007.10", 710 },
	{ ".5", 50 },
	{ "12.", 1200 },
	{ "1234567", 123456700 },
	{ "10000000000000", 1000000000000000 },   /* exactly the limit */
	{ "-10000000000000.00", -1000000000000000 },
	{ "9999999999999.99", 999999999999999 },
};

START_TEST(amount_parse_reads_every_form)
{
	const struct good_case *c = &good[_i];
	struct diag err;
	int64_t v = -7;

	diag_init(&err);
	ck_assert_msg(amount_parse(c->text, strlen(c->text), &v, &err) == 0,
		      "'%s' rejected: %s", c->text, err.msg);
	ck_assert_msg(v == c->pence, "'%s' gave %lld, want %lld", c->text,
		      (long long)v, (long long)c->pence);
}
END_TEST

struct bad_case {
	const char *text;
	const char *msg;
};

static const struct bad_case bad[] = {
	{ "", "amount '' is empty" },
	{ "   ", "amount '   ' is empty" },
	{ "\xC2\xA3" "1,2x4.00", "amount '\xC2\xA3" "1,2x4.00' is not a number" },
	{ "1,2,3", "amount '1,2,3' has a misplaced thousands separator" },
	{ "12,34", "amount '12,34' has a misplaced thousands separator" },
	{ "1234,567.00", "amount '1234,567.00' has a misplaced thousands separator" },
	{ ",123", "amount ',123' has a misplaced thousands separator" },
	{ "1,,234", "amount '1,,234' has a misplaced thousands separator" },
	{ "1,234,", "amount '1,234,' has a misplaced thousands separator" },
	{ "1.2.3", "amount '1.2.3' has two decimal points" },
	{ "1.5E+3", "amount '1.5E+3' has an exponent" },
	{ "2e5", "amount '2e5' has an exponent" },
	{ "10000000000000.01", "amount '10000000000000.01' is implausibly large" },
	{ "99999999999999999999999", "amount '99999999999999999999999' is implausibly large" },
	{ "-", "amount '-' is not a number" },
	{ "\xC2\xA3", "amount '\xC2\xA3' is not a number" },
	{ ".", "amount '.' is not a number" },
	{ "--12", "amount '--12' is not a number" },
	{ "-12-", "amount '-12-' is not a number" },
	{ "(-12)", "amount '(-12)' is not a number" },
	{ "(12", "amount '(12' is not a number" },
	{ "12)", "amount '12)' is not a number" },
	{ "12 34", "amount '12 34' is not a number" },
	{ "\xC2\xA3\xC2\xA3" "5", "amount '\xC2\xA3\xC2\xA3" "5' is not a number" },
	{ "GBP 5 GBP", "amount 'GBP 5 GBP' is not a number" },
	{ "- 12", "amount '- 12' is not a number" },
	{ "TRUE", "amount 'TRUE' is not a number" },
	{ "1O0", "amount '1O0' is not a number" },
	{ "12.3a", "amount '12.3a' is not a number" },
	/* lambeth/2012-06-payments.csv: date and amount fused */
	{ "25/06/2012900", "amount '25/06/2012900' is not a number" },
	{ "12\n", "amount '12?' is not a number" },
};

START_TEST(amount_parse_rejects_with_reason)
{
	const struct bad_case *c = &bad[_i];
	struct diag err;
	int64_t v = 4242;

	diag_init(&err);
	ck_assert_msg(amount_parse(c->text, strlen(c->text), &v, &err) == -1,
		      "'%s' accepted as %lld", c->text, (long long)v);
	ck_assert_int_eq(err.code, CW_INPUT);
	ck_assert_str_eq(err.msg, c->msg);
	ck_assert_msg(v == 4242, "output written on failure");
}
END_TEST

START_TEST(amount_parse_rejects_two_decimal_points)
{
	int64_t v;

	ck_assert_int_eq(amount_parse("1.00.00", 7, &v, NULL), -1);
}
END_TEST

START_TEST(amount_parse_uses_only_n_bytes)
{
	int64_t v = 0;

	/* not NUL-terminated at n: the rest of the buffer is another field */
	ck_assert_int_eq(amount_parse("12.34,56.78", 5, &v, NULL), 0);
	ck_assert_int_eq(v, 1234);
	ck_assert_int_eq(amount_parse("12.345", 4, &v, NULL), 0);
	ck_assert_int_eq(v, 1230);
}
END_TEST

START_TEST(amount_parse_truncates_long_quoted_text)
{
	char big[400];
	struct diag err;
	int64_t v;

	memset(big, 'x', sizeof(big));
	diag_init(&err);
	ck_assert_int_eq(amount_parse(big, sizeof(big), &v, &err), -1);
	ck_assert_msg(strlen(err.msg) < 120, "message not truncated: %s", err.msg);
	ck_assert_ptr_nonnull(strstr(err.msg, "...' is not a number"));
}
END_TEST

START_TEST(amount_parse_rounds_half_away_from_zero)
{
	static const struct good_case r[] = {
		{ "1.004", 100 }, { "1.005", 101 }, { "-1.005", -101 }, { "-1.004", -100 },
		{ "2.675", 268 }, { "-2.675", -268 }, { "0.0050000000001", 1 },
		{ "1.00499999999999999999999", 100 },
	};
	size_t i;

	for (i = 0; i < sizeof(r) / sizeof(r[0]); i++) {
		int64_t v;

		ck_assert_int_eq(amount_parse(r[i].text, strlen(r[i].text), &v, NULL), 0);
		ck_assert_msg(v == r[i].pence, "'%s' gave %lld", r[i].text, (long long)v);
	}
}
END_TEST

START_TEST(amount_format_writes_plain_decimal)
{
	static const struct {
		int64_t pence;
		const char *plain, *gbp;
	} f[] = {
		{ 0, "0.00", "\xC2\xA3" "0.00" },
		{ 5, "0.05", "\xC2\xA3" "0.05" },
		{ -5, "-0.05", "-\xC2\xA3" "0.05" },
		{ 123456, "1234.56", "\xC2\xA3" "1,234.56" },
		{ -123456, "-1234.56", "-\xC2\xA3" "1,234.56" },
		{ 100000, "1000.00", "\xC2\xA3" "1,000.00" },
		{ 99999, "999.99", "\xC2\xA3" "999.99" },
		{ 3836052629, "38360526.29", "\xC2\xA3" "38,360,526.29" },
		{ INT64_MAX, "92233720368547758.07", "\xC2\xA3" "92,233,720,368,547,758.07" },
		{ INT64_MIN, "-92233720368547758.08", "-\xC2\xA3" "92,233,720,368,547,758.08" },
	};
	size_t i;

	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		char a[32], b[40];

		ck_assert_str_eq(amount_format(f[i].pence, a), f[i].plain);
		ck_assert_str_eq(amount_format_gbp(f[i].pence, b), f[i].gbp);
	}
}
END_TEST

START_TEST(amount_format_pounds_rounds_half_away_from_zero)
{
	static const struct { int64_t pence; const char *want; } f[] = {
		{ 0, "\xC2\xA3" "0" }, { 49, "\xC2\xA3" "0" }, { 50, "\xC2\xA3" "1" },
		{ -49, "\xC2\xA3" "0" }, { -50, "-\xC2\xA3" "1" },
		{ 3836052629, "\xC2\xA3" "38,360,526" }, { 123456750, "\xC2\xA3" "1,234,568" },
		{ INT64_MAX, "\xC2\xA3" "92,233,720,368,547,758" },
	};
	size_t i;
	char b[40];

	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		ck_assert_str_eq(amount_format_pounds(f[i].pence, b), f[i].want);
}
END_TEST

START_TEST(amount_format_round_trips_through_parse)
{
	static const int64_t v[] = { 0, 1, -1, 99, 100, 12345678, -987654321, 1000000000000000 };
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		char a[32], b[40];
		int64_t back;

		amount_format(v[i], a);
		ck_assert_int_eq(amount_parse(a, strlen(a), &back, NULL), 0);
		ck_assert_int_eq(back, v[i]);
		amount_format_gbp(v[i], b);
		ck_assert_int_eq(amount_parse(b, strlen(b), &back, NULL), 0);
		ck_assert_int_eq(back, v[i]);
	}
}
END_TEST

static Suite *amount_suite(void)
{
	Suite *s = suite_create("amount");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, amount_parse_reads_every_form, 0, (int)(sizeof(good) / sizeof(good[0])));
	tcase_add_loop_test(tc, amount_parse_rejects_with_reason, 0, (int)(sizeof(bad) / sizeof(bad[0])));
	tcase_add_test(tc, amount_parse_rejects_two_decimal_points);
	tcase_add_test(tc, amount_parse_uses_only_n_bytes);
	tcase_add_test(tc, amount_parse_truncates_long_quoted_text);
	tcase_add_test(tc, amount_parse_rounds_half_away_from_zero);
	tcase_add_test(tc, amount_format_writes_plain_decimal);
	tcase_add_test(tc, amount_format_round_trips_through_parse);
	tcase_add_test(tc, amount_format_pounds_rounds_half_away_from_zero);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(amount_suite)
