#include <string.h>

#include "chainwatch/buf.h"
#include "chainwatch/diag.h"
#include "testutil.h"

START_TEST(buf_starts_empty_and_terminated)
{
	struct buf b;

	buf_init(&b, 0);
	ck_assert_uint_eq(b.len, 0);
	ck_assert_str_eq(b.s, "");
	buf_reset(&b);
	ck_assert_str_eq(b.s, "");
	buf_release(&b);
}
END_TEST

START_TEST(buf_add_grows_and_keeps_nul)
{
	struct buf b;
	int i;

	buf_init(&b, 0);
	for (i = 0; i < 1000; i++)
		ck_assert_int_eq(buf_add(&b, "abc", 3), 0);
	ck_assert_uint_eq(b.len, 3000);
	ck_assert_int_eq(b.s[3000], '\0');
	ck_assert_int_eq(memcmp(b.s + 2997, "abc", 3), 0);
	buf_release(&b);
}
END_TEST

START_TEST(buf_refuses_to_pass_its_maximum_and_changes_nothing)
{
	struct buf b;

	buf_init(&b, 8);
	ck_assert_int_eq(buf_adds(&b, "12345678"), 0);
	ck_assert_int_eq(buf_addc(&b, 'x'), -1);
	ck_assert_int_eq(buf_add(&b, "y", 1), -1);
	ck_assert_int_eq(buf_printf(&b, "%d", 5), -1);
	ck_assert_str_eq(b.s, "12345678");
	ck_assert_int_eq(buf_grow(&b, (size_t)-1), -1);
	buf_release(&b);
}
END_TEST

START_TEST(buf_printf_appends_and_detach_hands_over)
{
	struct buf b;
	size_t n;
	char *s;

	buf_init(&b, 0);
	buf_adds(&b, "n=");
	ck_assert_int_eq(buf_printf(&b, "%d/%s", 42, "x"), 0);
	buf_setlen(&b, 4);
	s = buf_detach(&b, &n);
	ck_assert_str_eq(s, "n=42");
	ck_assert_uint_eq(n, 4);
	ck_assert_str_eq(b.s, "");
	free(s);
	s = buf_detach(&b, NULL);    /* an empty buffer still gives a string to free */
	ck_assert_str_eq(s, "");
	free(s);
}
END_TEST

START_TEST(diag_locate_prefixes_file_line_and_column)
{
	struct diag err;
	char q[16];

	diag_init(&err);
	ck_assert_int_eq(diag_set(&err, CW_INPUT, "amount '%s' is not a number", "x"), -1);
	diag_locate(&err, "spend.csv", 1042, 5);
	ck_assert_str_eq(err.msg, "spend.csv:1042:5: amount 'x' is not a number");
	ck_assert_int_eq(err.code, CW_INPUT);
	diag_quote(q, sizeof(q), "ab\ncd\x01" "efghijklmnopqrstu", 22, 10);
	ck_assert_str_eq(q, "ab?cd?efgh...");
}
END_TEST

static Suite *buf_suite(void)
{
	Suite *s = suite_create("buf");
	TCase *tc = tcase_create("buf");

	tcase_add_test(tc, buf_starts_empty_and_terminated);
	tcase_add_test(tc, buf_add_grows_and_keeps_nul);
	tcase_add_test(tc, buf_refuses_to_pass_its_maximum_and_changes_nothing);
	tcase_add_test(tc, buf_printf_appends_and_detach_hands_over);
	tcase_add_test(tc, diag_locate_prefixes_file_line_and_column);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(buf_suite)
