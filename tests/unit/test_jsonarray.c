/*
 * The streamed JSON array of objects (jsonarray.h): objects found by
 * their brackets whatever the strings hold, lines counted, bad objects
 * rejected with a located reason, a broken or cut-off array refused, and
 * the same from memory as from a file however the bytes were split.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chainwatch/jsonarray.h"
#include "testutil.h"

struct seen {
	unsigned long n, rejects, line[8], reject_line[8];
	char first_key[8][32], reason[8][200];
	int stop_at;                       /* the sink fails on this object (1-based), 0 never */
};

static int on_object(void *ctx, const struct jnode *obj, unsigned long line, struct diag *err)
{
	struct seen *s = ctx;
	void *iter = NULL;
	const char *key = "";
	const struct jnode *v;

	ck_assert(jnode_is_object(obj));
	if (s->n < 8) {
		s->line[s->n] = line;
		if (!jnode_object_next(obj, &iter, &key, &v))
			key = "";
		snprintf(s->first_key[s->n], sizeof(s->first_key[0]), "%s", key);
	}
	if (++s->n == (unsigned long)s->stop_at)
		return diag_set(err, CW_INPUT, "stopped by the sink");
	return 0;
}

static void on_reject(void *ctx, unsigned long line, const char *reason)
{
	struct seen *s = ctx;

	if (s->rejects < 8) {
		s->reject_line[s->rejects] = line;
		snprintf(s->reason[s->rejects], sizeof(s->reason[0]), "%s", reason);
	}
	s->rejects++;
}

static const struct jarray_limits small = { 1024, 8, 100 };

static int read_mem(const char *p, size_t n, struct seen *s, struct jarray_stats *st,
		    struct diag *err)
{
	struct jarray_sink sink = { on_object, on_reject, s };

	diag_init(err);
	return jarray_read_mem(p, n, "x.json", &small, &sink, st, err);
}

/* The same read with p[0..k) as the head and the rest from a file. */
static int read_split(const char *p, size_t n, size_t k, struct seen *s, struct jarray_stats *st,
		      struct diag *err)
{
	struct jarray_sink sink = { on_object, on_reject, s };
	FILE *f = tmpfile();
	int rc;

	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(p + k, 1, n - k, f), n - k);
	fflush(f);
	ck_assert_int_eq(lseek(fileno(f), 0, SEEK_SET), 0);
	diag_init(err);
	rc = jarray_read_fd(fileno(f), p, k, "x.json", &small, &sink, st, err);
	fclose(f);
	return rc;
}

START_TEST(reads_objects_whatever_their_strings_hold)
{
	static const char text[] = "\xEF\xBB\xBF \r\n[ {\"a\": \"}]{[\\\"\\\\\", \"b\": [1, {\"c\": "
				   "null}]} ,\n{\"d\":true}\n,{}]\n\n";
	struct jarray_stats st;
	struct seen s = { 0 };
	struct diag err;

	ck_assert_msg(read_mem(text, sizeof(text) - 1, &s, &st, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(s.n, 3);
	ck_assert_uint_eq(st.objects, 3);
	ck_assert_uint_eq(st.rejected, 0);
	ck_assert_uint_eq(st.bytes, sizeof(text) - 1);
	ck_assert_str_eq(s.first_key[0], "a");
	ck_assert_str_eq(s.first_key[1], "d");
	ck_assert_str_eq(s.first_key[2], "");
	ck_assert_uint_eq(s.line[0], 2);
	ck_assert_uint_eq(s.line[1], 3);
	ck_assert_uint_eq(s.line[2], 4);
}
END_TEST

START_TEST(an_empty_array_is_read)
{
	struct jarray_stats st;
	struct seen s = { 0 };
	struct diag err;

	ck_assert_int_eq(read_mem("[ ]", 3, &s, &st, &err), 0);
	ck_assert_uint_eq(st.objects, 0);
}
END_TEST

/* Objects the reader leaves out, the read going on: its line, and why, located. */
static const struct {
	const char *text;
	size_t len;                  /* 0: strlen */
	unsigned long line;
	const char *reason;
} rejected[] = {
	{ "[{\"a\":\"caf\xff\"},\n{\"ok\":1}]", 0, 1, "object is not valid JSON at 1:" },
	{ "[\n  {\"a\":\n\"x\xc3\"},{\"ok\":1}]", 0, 2, "object is not valid JSON at 3:" },
	{ "[{\"a\":\"x\0y\"},{\"ok\":1}]", 22, 1, "object contains a NUL byte at 1:9" },
	{ "[{\"a\":\"\\u0000\"},{\"ok\":1}]", 0, 1, "object is not valid JSON at 1:" },
	{ "[{\"a\":1,\"a\":2},{\"ok\":1}]", 0, 1, "duplicate object key" },
	{ "[{\"a\":tru},{\"ok\":1}]", 0, 1, "object is not valid JSON at 1:" },
	{ "[{\"a\" 1},{\"ok\":1}]", 0, 1, "object is not valid JSON at 1:" },
	{ "[{\"a\":99999999999999999999999},{\"ok\":1}]", 0, 1, "object is not valid JSON" },
	{ "[{\"a\":[[[[[[[[[[[[]]]]]]]]]]]]},{\"ok\":1}]", 0, 1, "object nests deeper than 8 levels" },
	{ "[{\"a\":[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,"
	  "30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,"
	  "59,60,61,62,63,64,65,66,67,68,69,70,71,72,73,74,75,76,77,78,79,80,81,82,83,84,85,86,87,"
	  "88,89,90,91,92,93,94,95,96,97,98,99,100,101]},\n{\"ok\":1}]", 0, 1,
	  "object holds more than 100 values" },
};

START_TEST(rejects_bad_objects_and_goes_on)
{
	size_t n = rejected[_i].len ? rejected[_i].len : strlen(rejected[_i].text);
	struct jarray_stats st;
	struct seen s = { 0 };
	struct diag err;

	ck_assert_msg(read_mem(rejected[_i].text, n, &s, &st, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(s.n, 1);
	ck_assert_str_eq(s.first_key[0], "ok");
	ck_assert_uint_eq(st.objects, 2);
	ck_assert_uint_eq(st.rejected, 1);
	ck_assert_uint_eq(s.rejects, 1);
	ck_assert_uint_eq(s.reject_line[0], rejected[_i].line);
	ck_assert_msg(strstr(s.reason[0], rejected[_i].reason) != NULL, "%s", s.reason[0]);
}
END_TEST

/* Files refused whole: not an array, cut off, or its structure broken. */
static const struct {
	const char *text;
	const char *msg;
} refused[] = {
	{ "", "'x.json' is empty" },
	{ "\xEF\xBB\xBF \n ", "'x.json' is empty" },
	{ "\xEF\xBB[]", "'x.json' is not a JSON array: it starts with a broken byte-order mark" },
	{ "{\"a\":1}", "'x.json' is not a JSON array: it starts with '{'" },
	{ "\"[\"", "'x.json' is not a JSON array: it starts with '\"'" },
	{ "[", "x.json:1: the file ends before the closing ']' of the array that starts here: it "
	  "was cut off" },
	{ "[{\"a\":1}", "x.json:1: the file ends before the closing ']'" },
	{ "\n[{\"a\":1},\n", "x.json:2: the file ends before the closing ']'" },
	{ "[{\"a\":1},\n{\"b\":\"x", "x.json:2: the file ends inside the object that starts here: it "
	  "was cut off" },
	{ "[{\"a\":1},\n{\"b\":\"x\\", "x.json:2: the file ends inside the object" },
	{ "[{\"a\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[", "x.json:1: the file ends inside the object" },
	{ "[{\"a\":1} x]", "x.json:1:10: 'x' where ',' or ']' should follow an object: the array is "
	  "broken" },
	{ "[{\"a\":1}{\"b\":2}]", "x.json:1:9: '{' where ',' or ']' should follow an object" },
	{ "[{\"a\":1},5]", "x.json:1:10: '5' where an object should start" },
	{ "[{\"a\":1},]", "x.json:1:10: ']' where an object should start" },
	{ "[}", "x.json:1:2: '}' where an object should start" },
	{ "[\"a\"]", "x.json:1:2: '\"' where an object should start" },
	{ "[{\"a\":1},\0]", "x.json:1:10: byte 0x00 where an object should start" },
	{ "[{\"a\":[1}]", "x.json:1:9: '}' where ']' should close an array" },
	{ "[{\"a\":{\"b\":1]}]", "x.json:1:13: ']' where '}' should close an object" },
	{ "[{\"a\":1}] x", "x.json:1:11: 'x' after the array's closing ']'" },
	{ "[][]", "x.json:1:3: '[' after the array's closing ']'" },
};

START_TEST(refuses_a_broken_or_cut_off_array)
{
	/* the NUL case's length: up to its ']' */
	size_t n = strlen(refused[_i].text);
	struct jarray_stats st;
	struct seen s = { 0 };
	struct diag err;

	if (strstr(refused[_i].msg, "0x00"))
		n += 2;
	ck_assert_int_eq(read_mem(refused[_i].text, n, &s, &st, &err), -1);
	ck_assert_int_eq(err.code, CW_INPUT);
	ck_assert_msg(strstr(err.msg, refused[_i].msg) != NULL, "%s", err.msg);
}
END_TEST

/* A giant object is rejected, its bytes not kept; a nesting bomb is counted, not recursed. */
START_TEST(giant_objects_and_nesting_bombs_stay_small)
{
	size_t big = 3u << 20, n = 0, i;
	char *p = malloc(2 * big + 100);
	struct jarray_stats st;
	struct seen s = { 0 };
	struct diag err;

	memcpy(p, "[{\"a\":\"", 7);
	n = 7;
	memset(p + n, 'x', big);
	n += big;
	memcpy(p + n, "\"},\n{\"b\":", 9);
	n += 9;
	for (i = 0; i < big / 2; i++)
		p[n++] = '[';
	for (i = 0; i < big / 2; i++)
		p[n++] = ']';
	memcpy(p + n, "},\n{\"ok\":1}]", 12);
	n += 12;
	ck_assert_msg(read_mem(p, n, &s, &st, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(s.n, 1);
	ck_assert_uint_eq(s.line[0], 3);
	ck_assert_uint_eq(st.rejected, 2);
	ck_assert_str_eq(s.reason[0], "object is larger than the reader's limit (1024 bytes)");
	ck_assert_uint_eq(s.reject_line[1], 2);
	free(p);
}
END_TEST

/* Every split of the bytes between the head and the file reads the same. */
START_TEST(head_and_file_agree_at_every_split)
{
	static const char text[] = "\xEF\xBB\xBF[{\"a\":\"x\\\"}\"},\n{\"b\":[1,{\"c\":2}]},{\"d\":\"\xff\"},"
				   "\n{\"e\":null}]\n";
	size_t n = sizeof(text) - 1, k;

	for (k = 0; k <= n; k++) {
		struct jarray_stats st;
		struct seen s = { 0 };
		struct diag err;

		ck_assert_msg(read_split(text, n, k, &s, &st, &err) == 0, "%zu: %s", k, err.msg);
		ck_assert_uint_eq(s.n, 3);
		ck_assert_uint_eq(st.rejected, 1);
		ck_assert_uint_eq(st.bytes, n);
		ck_assert_str_eq(s.first_key[2], "e");
		ck_assert_uint_eq(s.line[2], 3);
	}
}
END_TEST

/* Many objects across the reader's chunks; a cut-off file from fd is refused too. */
START_TEST(reads_a_large_file_in_chunks)
{
	struct buf b;
	struct jarray_stats st;
	struct seen s = { 0 };
	struct diag err;
	int i;

	buf_init(&b, 0);
	buf_adds(&b, "[");
	for (i = 0; i < 5000; i++)
		buf_printf(&b, "%s{\"n\":%d,\"s\":\"%0100d\"}\n", i ? "," : "", i, i);
	buf_adds(&b, "]");
	ck_assert_msg(read_split(b.s, b.len, 1, &s, &st, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(s.n, 5000);
	ck_assert_uint_eq(st.rejected, 0);
	memset(&s, 0, sizeof(s));
	ck_assert_int_eq(read_split(b.s, b.len - 200, 1, &s, &st, &err), -1);
	ck_assert_msg(strstr(err.msg, "x.json:4999: the file ends inside the object") != NULL, "%s",
		      err.msg);
	buf_release(&b);
}
END_TEST

START_TEST(a_sink_that_fails_stops_the_read)
{
	static const char text[] = "[{\"a\":1},{\"b\":2},{\"c\":3}]";
	struct jarray_stats st;
	struct seen s = { 0 };
	struct diag err;

	s.stop_at = 2;
	ck_assert_int_eq(read_mem(text, sizeof(text) - 1, &s, &st, &err), -1);
	ck_assert_str_eq(err.msg, "stopped by the sink");
	ck_assert_uint_eq(s.n, 2);
}
END_TEST

static Suite *jsonarray_suite(void)
{
	Suite *s = suite_create("jsonarray");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, reads_objects_whatever_their_strings_hold);
	tcase_add_test(tc, an_empty_array_is_read);
	tcase_add_loop_test(tc, rejects_bad_objects_and_goes_on, 0,
			    (int)(sizeof(rejected) / sizeof(rejected[0])));
	tcase_add_loop_test(tc, refuses_a_broken_or_cut_off_array, 0,
			    (int)(sizeof(refused) / sizeof(refused[0])));
	tcase_add_test(tc, giant_objects_and_nesting_bombs_stay_small);
	tcase_add_test(tc, head_and_file_agree_at_every_split);
	tcase_add_test(tc, reads_a_large_file_in_chunks);
	tcase_add_test(tc, a_sink_that_fails_stops_the_read);
	tcase_set_timeout(tc, 30);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(jsonarray_suite)
