#include <string.h>

#include "chainwatch/json.h"
#include "testutil.h"

START_TEST(jw_writes_nested_objects_with_stable_indentation)
{
	struct buf b;
	struct jwriter w;

	buf_init(&b, 0);
	jw_init(&w, &b);
	jw_object_begin(&w);
	jw_key(&w, "a");
	jw_int(&w, -5);
	jw_key(&w, "list");
	jw_array_begin(&w);
	jw_string(&w, "x");
	jw_bool(&w, 1);
	jw_null(&w);
	jw_array_end(&w);
	jw_key(&w, "empty");
	jw_object_begin(&w);
	jw_object_end(&w);
	jw_object_end(&w);
	ck_assert_int_eq(jw_finish(&w), 0);
	ck_assert_str_eq(b.s, "{\n  \"a\": -5,\n  \"list\": [\n    \"x\",\n    true,\n    null\n  ],\n"
			 "  \"empty\": {}\n}\n");
	buf_release(&b);
}
END_TEST

START_TEST(jw_escapes_quotes_controls_and_keeps_utf8)
{
	struct buf b;
	struct jwriter w;

	buf_init(&b, 0);
	jw_init(&w, &b);
	jw_stringn(&w, "a\"b\\c\n\t\x01\xc2\xa3", 10);
	ck_assert_int_eq(jw_finish(&w), 0);
	ck_assert_str_eq(b.s, "\"a\\\"b\\\\c\\n\\t\\u0001\xc2\xa3\"\n");
	buf_release(&b);
}
END_TEST

/* Whatever the bytes, the writer's output is valid UTF-8: each ill-formed part one U+FFFD. */
static const struct {
	const char *in;
	size_t n;
	const char *out;
} invalid_utf8_cases[] = {
	{ "in\xffput.csv", 10, "\"in\xef\xbf\xbdput.csv\"\n" },           /* a stray byte */
	{ "caf\xe9.csv", 8, "\"caf\xef\xbf\xbd.csv\"\n" },            /* a Latin-1 file name */
	{ "\xc2", 1, "\"\xef\xbf\xbd\"\n" },                               /* cut off at the end */
	{ "\xe2\x82z", 3, "\"\xef\xbf\xbdz\"\n" },                         /* cut off mid-string */
	{ "\xc0\xaf", 2, "\"\xef\xbf\xbd\xef\xbf\xbd\"\n" },               /* overlong '/' */
	{ "\xed\xa0\x80", 3, "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"\n" }, /* a surrogate */
	{ "\xf4\x90\x80\x80", 4,
	  "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"\n" },      /* past U+10FFFF */
	{ "\xe2\x82\xac\xf0\x9f\x98\x80\"", 8,
	  "\"\xe2\x82\xac\xf0\x9f\x98\x80\\\"\"\n" },                   /* valid, and a quote */
};

START_TEST(jw_replaces_invalid_utf8_with_replacement_character)
{
	struct buf b;
	struct jwriter w;

	buf_init(&b, 0);
	jw_init(&w, &b);
	jw_stringn(&w, invalid_utf8_cases[_i].in, invalid_utf8_cases[_i].n);
	ck_assert_int_eq(jw_finish(&w), 0);
	ck_assert_str_eq(b.s, invalid_utf8_cases[_i].out);
	buf_release(&b);
}
END_TEST

START_TEST(jw_keys_are_valid_utf8_too)
{
	struct buf b;
	struct jwriter w;

	buf_init(&b, 0);
	jw_init(&w, &b);
	jw_object_begin(&w);
	jw_key(&w, "k\xfe");
	jw_null(&w);
	jw_object_end(&w);
	ck_assert_int_eq(jw_finish(&w), 0);
	ck_assert_str_eq(b.s, "{\n  \"k\xef\xbf\xbd\": null\n}\n");
	buf_release(&b);
}
END_TEST

START_TEST(jw_reports_unbalanced_nesting)
{
	struct buf b;
	struct jwriter w;

	buf_init(&b, 0);
	jw_init(&w, &b);
	jw_object_begin(&w);
	ck_assert_int_eq(jw_finish(&w), -1);
	buf_release(&b);
}
END_TEST

START_TEST(jw_reports_a_full_buffer)
{
	struct buf b;
	struct jwriter w;

	buf_init(&b, 8);
	jw_init(&w, &b);
	jw_string(&w, "much longer than eight bytes");
	ck_assert_int_eq(jw_finish(&w), -1);
	buf_release(&b);
}
END_TEST

START_TEST(jdoc_reads_objects_arrays_and_integers)
{
	const char *text = "{\"s\": \"v\", \"n\": 42, \"a\": [1, 2, 3], \"o\": {\"k\": null}}";
	struct jdoc *doc;
	struct diag err;
	long long v;
	void *it = NULL;
	const char *key;
	const struct jnode *val;
	int keys = 0;

	diag_init(&err);
	ck_assert_int_eq(jdoc_load_mem(text, strlen(text), "t.json", &doc, &err), 0);
	ck_assert_str_eq(jnode_string(jnode_get(jdoc_root(doc), "s")), "v");
	ck_assert_int_eq(jnode_integer(jnode_get(jdoc_root(doc), "n"), &v), 0);
	ck_assert_int_eq(v, 42);
	ck_assert_int_eq(jnode_integer(jnode_get(jdoc_root(doc), "s"), &v), -1);
	ck_assert_uint_eq(jnode_array_size(jnode_get(jdoc_root(doc), "a")), 3);
	ck_assert_ptr_null(jnode_get(jdoc_root(doc), "missing"));
	ck_assert_ptr_null(jnode_string(jnode_get(jdoc_root(doc), "n")));
	while (jnode_object_next(jdoc_root(doc), &it, &key, &val))
		keys++;
	ck_assert_int_eq(keys, 4);
	jdoc_free(doc);
}
END_TEST

START_TEST(jdoc_syntax_error_is_located)
{
	const char *text = "{\n  \"a\": 1\n  \"b\": 2\n}";
	struct jdoc *doc = NULL;
	struct diag err;

	diag_init(&err);
	ck_assert_int_eq(jdoc_load_mem(text, strlen(text), "p.json", &doc, &err), -1);
	ck_assert_int_eq(err.code, CW_INPUT);
	ck_assert_msg(!strncmp(err.msg, "p.json:3:", 9), "got '%s'", err.msg);
}
END_TEST

START_TEST(jdoc_rejects_duplicate_keys)
{
	const char *text = "{\"a\": 1, \"a\": 2}";
	struct jdoc *doc = NULL;
	struct diag err;

	diag_init(&err);
	ck_assert_int_eq(jdoc_load_mem(text, strlen(text), "d.json", &doc, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "duplicate"));
}
END_TEST

static Suite *json_suite(void)
{
	Suite *s = suite_create("json");
	TCase *tc = tcase_create("json");

	tcase_add_test(tc, jw_writes_nested_objects_with_stable_indentation);
	tcase_add_test(tc, jw_escapes_quotes_controls_and_keeps_utf8);
	tcase_add_loop_test(tc, jw_replaces_invalid_utf8_with_replacement_character, 0,
			    (int)(sizeof(invalid_utf8_cases) / sizeof(invalid_utf8_cases[0])));
	tcase_add_test(tc, jw_keys_are_valid_utf8_too);
	tcase_add_test(tc, jw_reports_unbalanced_nesting);
	tcase_add_test(tc, jw_reports_a_full_buffer);
	tcase_add_test(tc, jdoc_reads_objects_arrays_and_integers);
	tcase_add_test(tc, jdoc_syntax_error_is_located);
	tcase_add_test(tc, jdoc_rejects_duplicate_keys);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(json_suite)
