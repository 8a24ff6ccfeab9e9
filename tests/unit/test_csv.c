#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

#include "chainwatch/buf.h"
#include "chainwatch/csv.h"

/*
 * Each record is dumped as one line of text, so a whole parse can be
 * compared with one string:
 *
 *     <line>-<end_line> <field><field>... {raw} [T] [U]
 *
 * a quoted field is written q<...>; inside <> and {} the bytes \n, \r,
 * NUL and backslash are escaped; T = toobig, U = unterminated.
 */

static void esc(struct buf *b, const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		switch (p[i]) {
		case '\n': buf_adds(b, "\\n"); break;
		case '\r': buf_adds(b, "\\r"); break;
		case '\0': buf_adds(b, "\\0"); break;
		case '\\': buf_adds(b, "\\\\"); break;
		default: buf_addc(b, p[i]); break;
		}
	}
}

static void dump_record(struct buf *b, const struct csv_record *rec)
{
	size_t i;

	buf_printf(b, "%lu-%lu ", rec->line, rec->end_line);
	for (i = 0; i < rec->nfields; i++) {
		const struct csv_field *f = &rec->fields[i];

		/* fields are NUL-terminated after len */
		ck_assert_int_eq(f->p[f->len], '\0');
		buf_adds(b, f->quoted ? "q<" : "<");
		esc(b, f->p, f->len);
		buf_addc(b, '>');
	}
	buf_adds(b, " {");
	esc(b, rec->raw, rec->rawlen);
	buf_addc(b, '}');
	if (rec->toobig)
		buf_adds(b, " T");
	if (rec->unterminated)
		buf_adds(b, " U");
	buf_addc(b, '\n');
}

/* Parse everything from r; the dump of all records. */
static char *dump_all(struct csv_reader *r)
{
	struct csv_record rec;
	struct diag err;
	struct buf b;
	int n;

	buf_init(&b, 0);
	diag_init(&err);
	while ((n = csv_next(r, &rec, &err)) == 1)
		dump_record(&b, &rec);
	ck_assert_int_eq(n, 0);
	/* end of input is sticky */
	ck_assert_int_eq(csv_next(r, &rec, &err), 0);
	return buf_detach(&b, NULL);
}

static char *dump_mem(const char *p, size_t n, const struct csv_limits *lim, int *bom)
{
	struct csv_reader *r = csv_reader_mem(p, n, lim);
	char *s = dump_all(r);

	if (bom)
		*bom = csv_had_bom(r);
	csv_reader_free(r);
	return s;
}

/* An fd positioned at the start of a temporary file holding p[0..n). */
static int temp_fd(const char *p, size_t n)
{
	char path[] = "/tmp/cw_test_csv_XXXXXX";
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	unlink(path);
	ck_assert(write(fd, p, n) == (ssize_t)n);
	ck_assert(lseek(fd, 0, SEEK_SET) == 0);
	return fd;
}

static void tap_collect(void *ctx, const void *p, size_t n)
{
	ck_assert(n > 0);
	buf_add(ctx, p, n);
}

/* Same as dump_mem through the fd reader with the given read size; checks the tap. */
static char *dump_fd(const char *p, size_t n, const struct csv_limits *lim, size_t chunk, int *bom)
{
	struct buf tapped;
	struct csv_reader *r;
	char *s;
	int fd = temp_fd(p, n);

	buf_init(&tapped, 0);
	r = csv_reader_fd(fd, lim, tap_collect, &tapped);
	if (chunk)
		csv_set_chunk_size(r, chunk);
	s = dump_all(r);
	if (bom)
		*bom = csv_had_bom(r);
	csv_reader_free(r);
	close(fd);
	ck_assert_uint_eq(tapped.len, n);
	ck_assert(memcmp(tapped.s, p, n) == 0);
	buf_release(&tapped);
	return s;
}

struct csv_case {
	const char *name;
	const char *in;
	size_t len;            /* 0 = strlen(in) */
	struct csv_limits lim;
	const char *want;
	int bom;
};

#define NOLIM { 0, 0, 0 }

static const struct csv_case cases[] = {
	{ "simple_record_with_lf", "a,b,c\n", 0, NOLIM, "1-1 <a><b><c> {a,b,c}\n", 0 },
	{ "last_line_without_terminator_is_a_record", "a,b\nc,d", 0, NOLIM,
	  "1-1 <a><b> {a,b}\n2-2 <c><d> {c,d}\n", 0 },
	{ "empty_input_has_no_records", "", 0, NOLIM, "", 0 },
	{ "file_ending_in_newline_has_no_extra_record", "x\n", 0, NOLIM, "1-1 <x> {x}\n", 0 },
	{ "empty_line_is_one_empty_field", "\n", 0, NOLIM, "1-1 <> {}\n", 0 },
	{ "empty_lines_between_records_count", "a\n\nb\n", 0, NOLIM,
	  "1-1 <a> {a}\n2-2 <> {}\n3-3 <b> {b}\n", 0 },
	{ "crlf_line_ends", "a,b\r\nc,d\r\n", 0, NOLIM, "1-1 <a><b> {a,b}\n2-2 <c><d> {c,d}\n", 0 },
	{ "lone_cr_line_ends", "a\rb\rc", 0, NOLIM, "1-1 <a> {a}\n2-2 <b> {b}\n3-3 <c> {c}\n", 0 },
	{ "mixed_line_ends", "a\r\nb\nc\rd\n", 0, NOLIM,
	  "1-1 <a> {a}\n2-2 <b> {b}\n3-3 <c> {c}\n4-4 <d> {d}\n", 0 },
	{ "lf_then_cr_is_two_line_ends", "a\n\rb", 0, NOLIM, "1-1 <a> {a}\n2-2 <> {}\n3-3 <b> {b}\n", 0 },
	{ "blank_crlf_lines", "\r\n\r\n", 0, NOLIM, "1-1 <> {}\n2-2 <> {}\n", 0 },
	{ "quoted_field_with_comma", "\"a,b\",c\n", 0, NOLIM, "1-1 q<a,b><c> {\"a,b\",c}\n", 0 },
	{ "doubled_quotes_unescape", "\"he said \"\"hi\"\"\"\n", 0, NOLIM,
	  "1-1 q<he said \"hi\"> {\"he said \"\"hi\"\"\"}\n", 0 },
	{ "empty_quoted_field", "\"\",x\n", 0, NOLIM, "1-1 q<><x> {\"\",x}\n", 0 },
	{ "newline_in_quotes_spans_lines", "\"x\ny\",z\nnext\n", 0, NOLIM,
	  "1-2 q<x\\ny><z> {\"x\\ny\",z}\n3-3 <next> {next}\n", 0 },
	{ "crlf_in_quotes_is_one_line", "\"x\r\ny\"\r\nn\r\n", 0, NOLIM,
	  "1-2 q<x\\r\\ny> {\"x\\r\\ny\"}\n3-3 <n> {n}\n", 0 },
	{ "cr_only_file_with_cr_in_quotes", "h\r\"x\ry\r\rz\"\rn\r", 0, NOLIM,
	  "1-1 <h> {h}\n2-5 q<x\\ry\\r\\rz> {\"x\\ry\\r\\rz\"}\n6-6 <n> {n}\n", 0 },
	{ "many_lines_in_quotes", "a,\"1\n2\n3\n4\"\nb\n", 0, NOLIM,
	  "1-4 <a>q<1\\n2\\n3\\n4> {a,\"1\\n2\\n3\\n4\"}\n5-5 <b> {b}\n", 0 },
	{ "stray_quote_in_unquoted_field_is_literal", "ab\"c,d\n", 0, NOLIM,
	  "1-1 <ab\"c><d> {ab\"c,d}\n", 0 },
	{ "stray_quote_does_not_start_quoting", "5\" pipe,\"x\ny\"\n", 0, NOLIM,
	  "1-2 <5\" pipe>q<x\\ny> {5\" pipe,\"x\\ny\"}\n", 0 },
	{ "text_after_closing_quote_is_appended", "\"ab\"cd,e\n", 0, NOLIM,
	  "1-1 q<abcd><e> {\"ab\"cd,e}\n", 0 },
	{ "quote_after_closing_quote_text", "\"a\" \"b\",c\n", 0, NOLIM,
	  "1-1 q<a \"b\"><c> {\"a\" \"b\",c}\n", 0 },
	{ "unterminated_quote_at_eof", "a,\"bc\ndef", 0, NOLIM,
	  "1-2 <a>q<bc\\ndef> {a,\"bc\\ndef} U\n", 0 },
	{ "unterminated_after_doubled_quote", "\"a\"\"", 0, NOLIM, "1-1 q<a\"> {\"a\"\"} U\n", 0 },
	{ "closed_quote_at_eof_is_terminated", "\"a\"", 0, NOLIM, "1-1 q<a> {\"a\"}\n", 0 },
	{ "lone_quote_at_eof", "\"", 0, NOLIM, "1-1 q<> {\"} U\n", 0 },
	{ "quoted_field_then_cr", "\"a\"\rb", 0, NOLIM, "1-1 q<a> {\"a\"}\n2-2 <b> {b}\n", 0 },
	{ "nul_bytes_are_data", "a\0b,c\n", 6, NOLIM, "1-1 <a\\0b><c> {a\\0b,c}\n", 0 },
	{ "nul_in_quotes", "\"\0\",\0\n", 6, NOLIM, "1-1 q<\\0><\\0> {\"\\0\",\\0}\n", 0 },
	{ "trailing_comma_gives_empty_last_field", "a,\n", 0, NOLIM, "1-1 <a><> {a,}\n", 0 },
	{ "trailing_comma_at_eof", "a,", 0, NOLIM, "1-1 <a><> {a,}\n", 0 },
	{ "only_commas", ",,\n", 0, NOLIM, "1-1 <><><> {,,}\n", 0 },
	{ "bom_is_skipped", "\xEF\xBB\xBF" "a,b\n", 0, NOLIM, "1-1 <a><b> {a,b}\n", 1 },
	{ "bom_only_file_has_no_records", "\xEF\xBB\xBF", 0, NOLIM, "", 1 },
	{ "bom_then_quoted", "\xEF\xBB\xBF\"a\"\r\n", 0, NOLIM, "1-1 q<a> {\"a\"}\n", 1 },
	{ "bom_not_at_start_is_data", "x\xEF\xBB\xBF\n", 0, NOLIM, "1-1 <x\xEF\xBB\xBF> {x\xEF\xBB\xBF}\n", 0 },
	{ "partial_bom_is_data", "\xEF\xBB", 0, NOLIM, "1-1 <\xEF\xBB> {\xEF\xBB}\n", 0 },
	/* limits */
	{ "field_at_max_field_is_fine", "abcd,e\n", 0, { 4, 0, 0 }, "1-1 <abcd><e> {abcd,e}\n", 0 },
	{ "field_over_max_field_is_toobig_and_reader_continues", "abcdef,g\nx,y\n", 0, { 4, 0, 0 },
	  "1-1  {abcdef,g} T\n2-2 <x><y> {x,y}\n", 0 },
	{ "toobig_skips_respecting_quotes", "\"abcdef\nghi,\"\"\n\",j\nk\n", 0, { 4, 0, 0 },
	  "1-3  {\"abcdef\\nghi,\"\"\\n\",j} T\n4-4 <k> {k}\n", 0 },
	{ "toobig_quoted_field", "\"abcdefgh\"\r\nok\r\n", 0, { 4, 0, 0 },
	  "1-1  {\"abcdefgh\"} T\n2-2 <ok> {ok}\n", 0 },
	{ "too_many_fields", "a,b,c\nd,e\n", 0, { 0, 0, 2 }, "1-1  {a,b,c} T\n2-2 <d><e> {d,e}\n", 0 },
	{ "too_many_empty_fields", ",,,,\n,\n", 0, { 0, 0, 2 }, "1-1  {,,,,} T\n2-2 <><> {,}\n", 0 },
	{ "record_over_max_record", "abc,def\nx\n", 0, { 0, 5, 0 }, "1-1  {abc,def} T\n2-2 <x> {x}\n", 0 },
	{ "record_at_max_record_is_fine", "ab,cd\n", 0, { 0, 5, 0 }, "1-1 <ab><cd> {ab,cd}\n", 0 },
	{ "toobig_unterminated_at_eof", "x\n\"abcdefg", 0, { 3, 0, 0 },
	  "1-1 <x> {x}\n2-2  {\"abcdefg} T U\n", 0 },
};

static void check_case(const struct csv_case *c, size_t chunk, int use_fd)
{
	size_t len = c->len ? c->len : strlen(c->in);
	int bom = -1;
	char *got = use_fd ? dump_fd(c->in, len, &c->lim, chunk, &bom)
			   : dump_mem(c->in, len, &c->lim, &bom);

	ck_assert_msg(strcmp(got, c->want) == 0, "case %s (fd=%d chunk=%zu):\n got: %s\nwant: %s",
		      c->name, use_fd, chunk, got, c->want);
	ck_assert_msg(bom == c->bom, "case %s: bom %d", c->name, bom);
	free(got);
}

START_TEST(csv_table_cases_from_memory)
{
	check_case(&cases[_i], 0, 0);
}
END_TEST

START_TEST(csv_table_cases_from_fd_with_tiny_reads)
{
	static const size_t chunks[] = { 1, 2, 3, 4, 5, 7, 64, 0 };
	size_t k;

	for (k = 0; k < sizeof(chunks) / sizeof(chunks[0]); k++)
		check_case(&cases[_i], chunks[k], 1);
}
END_TEST

START_TEST(csv_raw_of_toobig_record_is_truncated)
{
	struct csv_limits lim = { 100, 0, 0 };
	size_t n = 10000, i;
	char *in = malloc(n + 3);
	struct csv_reader *r;
	struct csv_record rec;
	struct diag err;

	for (i = 0; i < n; i++)
		in[i] = (char)('a' + i % 26);
	memcpy(in + n, "\nz", 2);
	r = csv_reader_mem(in, n + 2, &lim);
	ck_assert_int_eq(csv_next(r, &rec, &err), 1);
	ck_assert_int_eq(rec.toobig, 1);
	ck_assert_uint_eq(rec.nfields, 0);
	ck_assert_uint_le(rec.rawlen, 4096);
	ck_assert_uint_ge(rec.rawlen, 1024);
	ck_assert(memcmp(rec.raw, in, rec.rawlen) == 0);
	ck_assert_int_eq(csv_next(r, &rec, &err), 1);
	ck_assert_int_eq(rec.toobig, 0);
	ck_assert_uint_eq(rec.line, 2);
	ck_assert_uint_eq(rec.nfields, 1);
	ck_assert_str_eq(rec.fields[0].p, "z");
	ck_assert_int_eq(csv_next(r, &rec, &err), 0);
	csv_reader_free(r);
	free(in);
}
END_TEST

START_TEST(csv_huge_record_does_not_grow_memory_past_limit)
{
	/* a 3 MiB quoted field with the default 1 MiB field limit, read in small chunks */
	size_t n = (size_t)3 << 20, i;
	char *in = malloc(n + 16);
	struct csv_reader *r;
	struct csv_record rec;
	struct diag err;
	int fd;

	in[0] = '"';
	for (i = 1; i < n; i++)
		in[i] = (i % 100 == 0) ? '\n' : 'x';
	memcpy(in + n, "\",b\nc,d\n", 8);
	fd = temp_fd(in, n + 8);
	r = csv_reader_fd(fd, NULL, NULL, NULL);
	csv_set_chunk_size(r, 4093);
	ck_assert_int_eq(csv_next(r, &rec, &err), 1);
	ck_assert_int_eq(rec.toobig, 1);
	ck_assert_uint_eq(rec.line, 1);
	ck_assert_uint_eq(rec.end_line, 1 + (n - 1) / 100);
	ck_assert_int_eq(csv_next(r, &rec, &err), 1);
	ck_assert_int_eq(rec.toobig, 0);
	ck_assert_uint_eq(rec.line, 2 + (n - 1) / 100);
	ck_assert_uint_eq(rec.nfields, 2);
	ck_assert_str_eq(rec.fields[1].p, "d");
	ck_assert_int_eq(csv_next(r, &rec, &err), 0);
	csv_reader_free(r);
	close(fd);
	free(in);
}
END_TEST

START_TEST(csv_read_error_is_cw_input)
{
	/* read() on a directory fails with EISDIR */
	int fd = open("tests", O_RDONLY);
	struct csv_reader *r;
	struct csv_record rec;
	struct diag err;

	ck_assert_int_ge(fd, 0);
	diag_init(&err);
	r = csv_reader_fd(fd, NULL, NULL, NULL);
	ck_assert_int_eq(csv_next(r, &rec, &err), -1);
	ck_assert_int_eq(err.code, CW_INPUT);
	ck_assert_ptr_nonnull(strstr(err.msg, "read"));
	csv_reader_free(r);
	close(fd);
}
END_TEST

START_TEST(csv_bad_fd_is_a_read_error)
{
	struct csv_reader *r = csv_reader_fd(-1, NULL, NULL, NULL);
	struct csv_record rec;
	struct diag err;

	diag_init(&err);
	ck_assert_int_eq(csv_next(r, &rec, &err), -1);
	ck_assert_int_eq(err.code, CW_INPUT);
	csv_reader_free(r);
	csv_reader_free(NULL);
}
END_TEST

START_TEST(csv_drain_passes_the_rest_through_the_tap)
{
	static const char in[] = "\xEF\xBB\xBFh1,h2\r\na,b\r\n\"c\nd\",e\r\nlast";
	size_t n = sizeof(in) - 1;
	static const size_t chunks[] = { 1, 5, 0 };
	size_t k;

	for (k = 0; k < 3; k++) {
		struct buf tapped;
		struct csv_reader *r;
		struct csv_record rec;
		struct diag err;
		int fd = temp_fd(in, n);

		buf_init(&tapped, 0);
		r = csv_reader_fd(fd, NULL, tap_collect, &tapped);
		if (chunks[k])
			csv_set_chunk_size(r, chunks[k]);
		ck_assert_int_eq(csv_next(r, &rec, &err), 1);
		ck_assert_uint_eq(rec.nfields, 2);
		ck_assert_str_eq(rec.fields[0].p, "h1");
		ck_assert_int_eq(csv_had_bom(r), 1);
		ck_assert_int_eq(csv_drain(r, &err), 0);
		ck_assert_int_eq(csv_next(r, &rec, &err), 0);
		ck_assert_uint_eq(tapped.len, n);
		ck_assert(memcmp(tapped.s, in, n) == 0);
		csv_reader_free(r);
		buf_release(&tapped);
		close(fd);
	}
}
END_TEST

START_TEST(csv_drain_before_reading_taps_everything)
{
	static const char in[] = "a,b\nc,d\n";
	struct buf tapped;
	struct diag err;
	struct csv_reader *r;
	int fd = temp_fd(in, 8);

	buf_init(&tapped, 0);
	r = csv_reader_fd(fd, NULL, tap_collect, &tapped);
	ck_assert_int_eq(csv_drain(r, &err), 0);
	ck_assert_str_eq(tapped.s, in);
	csv_reader_free(r);
	buf_release(&tapped);
	close(fd);
}
END_TEST

START_TEST(csv_reader_on_a_pipe)
{
	/* short reads from a pipe, record split between writes */
	int pfd[2];
	struct csv_reader *r;
	struct csv_record rec;
	struct diag err;

	ck_assert_int_eq(pipe(pfd), 0);
	ck_assert(write(pfd[1], "a,\"b\r", 5) == 5);
	ck_assert(write(pfd[1], "\nc\"\r", 4) == 4);
	ck_assert(write(pfd[1], "\nd\n", 3) == 3);
	close(pfd[1]);
	r = csv_reader_fd(pfd[0], NULL, NULL, NULL);
	ck_assert_int_eq(csv_next(r, &rec, &err), 1);
	ck_assert_uint_eq(rec.line, 1);
	ck_assert_uint_eq(rec.end_line, 2);
	ck_assert_uint_eq(rec.nfields, 2);
	ck_assert_str_eq(rec.fields[1].p, "b\r\nc");
	ck_assert_uint_eq(rec.rawlen, 8);
	ck_assert(memcmp(rec.raw, "a,\"b\r\nc\"", 8) == 0);
	ck_assert_int_eq(csv_next(r, &rec, &err), 1);
	ck_assert_uint_eq(rec.line, 3);
	ck_assert_str_eq(rec.fields[0].p, "d");
	ck_assert_int_eq(csv_next(r, &rec, &err), 0);
	csv_reader_free(r);
	close(pfd[0]);
}
END_TEST

/* xorshift: deterministic inputs biased towards the special bytes */
static unsigned long long rng_state;

static unsigned rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (unsigned)(rng_state >> 32);
}

START_TEST(csv_fd_and_memory_readers_agree_on_random_input)
{
	static const char alphabet[] = ",\"\r\n\r\nab\0\xEF\xBB\xBF";
	struct csv_limits lim = { 6, 30, 5 };
	int round;

	rng_state = 0x9E3779B97F4A7C15ULL;
	for (round = 0; round < 300; round++) {
		char in[200];
		size_t n = rng() % sizeof(in), i;
		char *a, *b;

		for (i = 0; i < n; i++)
			in[i] = alphabet[rng() % (sizeof(alphabet) - 1)];
		a = dump_mem(in, n, &lim, NULL);
		b = dump_fd(in, n, &lim, 1 + rng() % 9, NULL);
		ck_assert_msg(strcmp(a, b) == 0, "round %d:\nmem: %s\nfd: %s", round, a, b);
		free(a);
		free(b);
	}
}
END_TEST

START_TEST(csv_many_records_line_numbers_and_values)
{
	struct buf in;
	struct csv_reader *r;
	struct csv_record rec;
	struct diag err;
	unsigned long i, n = 50000;
	int fd;

	buf_init(&in, 0);
	for (i = 0; i < n; i++)
		buf_printf(&in, "%lu,\"name %lu\",%s\r\n", i, i, (i % 3) ? "x" : "\"a\"\"b\"");
	fd = temp_fd(in.s, in.len);
	r = csv_reader_fd(fd, NULL, NULL, NULL);
	csv_set_chunk_size(r, 1000);
	for (i = 0; i < n; i++) {
		char want[64];

		ck_assert_int_eq(csv_next(r, &rec, &err), 1);
		ck_assert_uint_eq(rec.line, i + 1);
		ck_assert_uint_eq(rec.nfields, 3);
		snprintf(want, sizeof(want), "name %lu", i);
		ck_assert_str_eq(rec.fields[1].p, want);
		ck_assert_str_eq(rec.fields[2].p, (i % 3) ? "x" : "a\"b");
	}
	ck_assert_int_eq(csv_next(r, &rec, &err), 0);
	csv_reader_free(r);
	close(fd);
	buf_release(&in);
}
END_TEST

static Suite *csv_suite(void)
{
	Suite *s = suite_create("csv");
	TCase *tc = tcase_create("core");
	int ncases = (int)(sizeof(cases) / sizeof(cases[0]));

	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, csv_table_cases_from_memory, 0, ncases);
	tcase_add_loop_test(tc, csv_table_cases_from_fd_with_tiny_reads, 0, ncases);
	tcase_add_test(tc, csv_raw_of_toobig_record_is_truncated);
	tcase_add_test(tc, csv_huge_record_does_not_grow_memory_past_limit);
	tcase_add_test(tc, csv_read_error_is_cw_input);
	tcase_add_test(tc, csv_bad_fd_is_a_read_error);
	tcase_add_test(tc, csv_drain_passes_the_rest_through_the_tap);
	tcase_add_test(tc, csv_drain_before_reading_taps_everything);
	tcase_add_test(tc, csv_reader_on_a_pipe);
	tcase_add_test(tc, csv_fd_and_memory_readers_agree_on_random_input);
	tcase_add_test(tc, csv_many_records_line_numbers_and_values);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(csv_suite)
