#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "chainwatch/buf.h"
#include "chainwatch/encoding.h"

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *p;
	long n;

	ck_assert_msg(f != NULL, "cannot open %s", path);
	ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	ck_assert_int_ge(n, 0);
	rewind(f);
	p = malloc((size_t)n + 1);
	ck_assert(fread(p, 1, (size_t)n, f) == (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return p;
}

static enum text_encoding sniff(const char *p, size_t n, size_t step)
{
	struct enc_sniffer s;
	size_t off;

	enc_sniffer_init(&s);
	for (off = 0; off < n; off += step)
		enc_sniffer_feed(&s, p + off, n - off < step ? n - off : step);
	ck_assert_uint_eq(s.bytes, n);
	return enc_sniffer_result(&s);
}

/* ---- names ---- */

START_TEST(encoding_names_round_trip)
{
	static const enum text_encoding all[] = { ENC_AUTO, ENC_UTF8, ENC_UTF8_BOM, ENC_CP1252, ENC_CP850 };
	size_t i;

	for (i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		enum text_encoding e = ENC_CP850 + 1;

		ck_assert_int_eq(encoding_parse(encoding_name(all[i]), &e), 0);
		ck_assert_int_eq(e, all[i]);
	}
}
END_TEST

START_TEST(encoding_parse_accepts_aliases_and_rejects_unknown)
{
	static const struct {
		const char *name;
		int e;
	} t[] = {
		{ "UTF8", ENC_UTF8 }, { "Utf-8", ENC_UTF8 }, { "cp1252", ENC_CP1252 },
		{ "Windows-1252", ENC_CP1252 }, { "latin1", ENC_CP1252 }, { "ISO-8859-1", ENC_CP1252 },
		{ "ibm850", ENC_CP850 }, { "CP850", ENC_CP850 }, { "utf-8-bom", ENC_UTF8_BOM },
		{ "AUTO", ENC_AUTO },
		{ "ebcdic", -1 }, { "", -1 }, { "utf-88", -1 }, { "utf", -1 },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		enum text_encoding e = ENC_CP850;
		int r = encoding_parse(t[i].name, &e);

		if (t[i].e < 0) {
			ck_assert_msg(r == -1, "%s accepted", t[i].name);
			ck_assert_int_eq(e, ENC_CP850);   /* untouched */
		} else {
			ck_assert_msg(r == 0 && (int)e == t[i].e, "%s -> %d", t[i].name, (int)e);
		}
	}
}
END_TEST

/* ---- utf8_valid ---- */

static const struct {
	const char *s;
	size_t len;
	int valid;
} utf8_cases[] = {
	{ "", 0, 1 },
	{ "plain ascii", 0, 1 },
	{ "\xC2\xA3" "500", 0, 1 },                 /* £ */
	{ "\xE2\x80\x99", 0, 1 },                    /* ’ */
	{ "\xF0\x9F\x98\x80", 0, 1 },                /* U+1F600 */
	{ "\xF4\x8F\xBF\xBF", 0, 1 },                /* U+10FFFF */
	{ "\xEF\xBB\xBF", 0, 1 },                    /* BOM */
	{ "a\0b", 3, 1 },                            /* NUL is valid UTF-8 */
	{ "\xA3" "500", 0, 0 },                      /* cp1252 £ */
	{ "\xC0\xAF", 0, 0 },                        /* overlong / */
	{ "\xC1\xBF", 0, 0 },                        /* overlong */
	{ "\xE0\x80\xAF", 0, 0 },                    /* overlong 3-byte */
	{ "\xF0\x80\x80\xAF", 0, 0 },                /* overlong 4-byte */
	{ "\xED\xA0\x80", 0, 0 },                    /* surrogate U+D800 */
	{ "\xED\xBF\xBF", 0, 0 },                    /* surrogate U+DFFF */
	{ "\xED\x9F\xBF", 0, 1 },                    /* U+D7FF */
	{ "\xF4\x90\x80\x80", 0, 0 },                /* > U+10FFFF */
	{ "\xF5\x80\x80\x80", 0, 0 },
	{ "\xFF", 0, 0 },
	{ "\x80", 0, 0 },                            /* lone continuation */
	{ "\xE2\x80", 0, 0 },                        /* truncated */
	{ "\xC2" "A", 0, 0 },
};

START_TEST(utf8_valid_table)
{
	const char *s = utf8_cases[_i].s;
	size_t n = utf8_cases[_i].len ? utf8_cases[_i].len : strlen(s);

	ck_assert_msg(utf8_valid(s, n) == utf8_cases[_i].valid, "case %d", _i);
	/* the streaming sniffer agrees, in one piece and byte by byte */
	ck_assert_int_eq(sniff(s, n, n ? n : 1) != ENC_CP1252 && sniff(s, n, n ? n : 1) != ENC_CP850,
			 utf8_cases[_i].valid);
	ck_assert_int_eq(sniff(s, n, 1) == sniff(s, n, n ? n : 1), 1);
}
END_TEST

/* ---- sniffing ---- */

static const struct {
	const char *file;
	enum text_encoding want;
} sample_files[] = {
	{ "warwickshire-all-may-2013-cp850.csv", ENC_CP850 },
	{ "warwickshire-all-april-2016-cp1252.csv", ENC_CP1252 },
	{ "warwickshire-all-february-2022-cp1252.csv", ENC_CP1252 },
	{ "warwickshire-p-card-january-2022-cp1252.csv", ENC_CP1252 },
	{ "devon-201407-cp1252.csv", ENC_CP1252 },
	{ "devon-202107-utf8-bom.csv", ENC_UTF8_BOM },
	{ "lambeth-2012-06-utf8.csv", ENC_UTF8 },
	{ "lambeth-2011-01-utf8.csv", ENC_UTF8 },
	{ "warwickshire-new-december-2011-utf8.csv", ENC_UTF8 },
};

START_TEST(sniffer_classifies_real_council_excerpts)
{
	static const size_t steps[] = { 1, 2, 3, 5, 64, 1 << 20 };
	char path[256];
	size_t n, k;
	char *p;

	snprintf(path, sizeof(path), "tests/data/encoding/%s", sample_files[_i].file);
	p = slurp(path, &n);
	for (k = 0; k < sizeof(steps) / sizeof(steps[0]); k++) {
		enum text_encoding got = sniff(p, n, steps[k]);

		ck_assert_msg(got == sample_files[_i].want, "%s (step %zu): %s", sample_files[_i].file,
			      steps[k], encoding_name(got));
	}
	free(p);
}
END_TEST

static const struct {
	const char *name;
	const char *in;
	enum text_encoding want;
} sniff_cases[] = {
	{ "empty_is_utf8", "", ENC_UTF8 },
	{ "ascii_is_utf8", "a,b\r\n", ENC_UTF8 },
	{ "bom_is_utf8_bom", "\xEF\xBB\xBF" "a,b", ENC_UTF8_BOM },
	{ "bom_alone", "\xEF\xBB\xBF", ENC_UTF8_BOM },
	{ "bom_later_is_not_a_bom", "x\xEF\xBB\xBF", ENC_UTF8 },
	{ "utf8_pound", "\xC2\xA3" "5", ENC_UTF8 },
	{ "cp1252_pound", "Amount \xA3" "500", ENC_CP1252 },
	{ "cp1252_smart_quote", "John\x92s", ENC_CP1252 },
	{ "cp850_pound", "L1 \x9C" "500", ENC_CP850 },
	{ "cp850_apostrophe", "Member\xEFs", ENC_CP850 },
	{ "cp850_signs_but_cp1252_dash", "L1 \x9C" "500 \x96 Dave\xEFs", ENC_CP1252 },
	{ "cp850_hint_outvoted_by_other_high_bytes", "Member\xEFs \xE9\xE8\xE0\xE7", ENC_CP1252 },
	{ "unknown_high_bytes_default_cp1252", "caf\xE9", ENC_CP1252 },
	{ "truncated_utf8_at_end", "caf\xC3", ENC_CP1252 },
	{ "bom_then_invalid", "\xEF\xBB\xBF\xA3" "1", ENC_CP1252 },
};

START_TEST(sniffer_rules_table)
{
	const char *in = sniff_cases[_i].in;
	size_t n = strlen(in), step;

	for (step = 1; step <= n + 1; step++) {
		enum text_encoding got = sniff(in, n, step);

		ck_assert_msg(got == sniff_cases[_i].want, "%s (step %zu): %s", sniff_cases[_i].name,
			      step, encoding_name(got));
	}
}
END_TEST

/* ---- decoding ---- */

static char *decode(enum text_encoding e, const char *in, size_t n)
{
	struct diag err;
	struct decoder *d;
	struct buf out;

	diag_init(&err);
	d = decoder_new(e, &err);
	ck_assert_msg(d != NULL, "decoder_new: %s", err.msg);
	buf_init(&out, 0);
	ck_assert_int_eq(buf_adds(&out, "["), 0);
	ck_assert_int_eq(decoder_to_utf8(d, in, n, &out), 0);
	ck_assert_int_eq(buf_adds(&out, "]"), 0);
	decoder_free(d);
	return buf_detach(&out, NULL);
}

static const struct {
	const char *name;
	enum text_encoding e;
	const char *in;
	size_t len;
	const char *want;
} decode_cases[] = {
	{ "ascii_copied", ENC_CP1252, "Acme Ltd", 0, "[Acme Ltd]" },
	{ "empty", ENC_CP850, "", 0, "[]" },
	{ "cp1252_pound", ENC_CP1252, "\xA3" "500", 0, "[\xC2\xA3" "500]" },
	{ "cp1252_punctuation", ENC_CP1252, "\x92\x96\x80", 0, "[\xE2\x80\x99\xE2\x80\x93\xE2\x82\xAC]" },
	{ "cp1252_soft_hyphen", ENC_CP1252, "ft\xAD-F", 0, "[ft\xC2\xAD-F]" },
	{ "cp1252_undefined_bytes", ENC_CP1252, "a\x81\x8D\x8F\x90\x9D" "b", 0,
	  "[a\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD" "b]" },
	{ "cp1252_nul", ENC_CP1252, "a\0b", 3, "[a\xEF\xBF\xBD" "b]" },
	{ "ascii_nul_takes_slow_path", ENC_UTF8, "\0", 1, "[\xEF\xBF\xBD]" },
	{ "cp850_pound_and_acute", ENC_CP850, "\x9C" "500 Dave\xEFs", 0,
	  "[\xC2\xA3" "500 Dave\xC2\xB4s]" },
	{ "cp850_nul", ENC_CP850, "\0", 1, "[\xEF\xBF\xBD]" },
	{ "cp850_box_drawing", ENC_CP850, "\xC9\xCD\xBB", 0, "[\xE2\x95\x94\xE2\x95\x90\xE2\x95\x97]" },
	{ "utf8_valid_copied", ENC_UTF8, "\xC2\xA3" "5 \xE2\x80\x99 \xF0\x9F\x98\x80", 0,
	  "[\xC2\xA3" "5 \xE2\x80\x99 \xF0\x9F\x98\x80]" },
	{ "utf8_bom_decoder_is_passthrough", ENC_UTF8_BOM, "\xC3\xA9", 0, "[\xC3\xA9]" },
	{ "auto_decoder_is_passthrough", ENC_AUTO, "\xC3\xA9", 0, "[\xC3\xA9]" },
	{ "utf8_lone_byte", ENC_UTF8, "a\xA3" "b", 0, "[a\xEF\xBF\xBD" "b]" },
	{ "utf8_truncated_sequence_is_one_replacement", ENC_UTF8, "a\xE2\x80" "b", 0,
	  "[a\xEF\xBF\xBD" "b]" },
	{ "utf8_truncated_at_end", ENC_UTF8, "a\xF0\x9F\x98", 0, "[a\xEF\xBF\xBD]" },
	{ "utf8_overlong_each_byte_replaced", ENC_UTF8, "\xC0\xAF", 0, "[\xEF\xBF\xBD\xEF\xBF\xBD]" },
	{ "utf8_surrogate_replaced", ENC_UTF8, "\xED\xA0\x80", 0,
	  "[\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD]" },
	{ "utf8_nul_replaced", ENC_UTF8, "x\0y", 3, "[x\xEF\xBF\xBDy]" },
};

START_TEST(decoder_table)
{
	const char *in = decode_cases[_i].in;
	size_t n = decode_cases[_i].len ? decode_cases[_i].len : strlen(in);
	char *got = decode(decode_cases[_i].e, in, n);

	ck_assert_msg(strcmp(got, decode_cases[_i].want) == 0, "%s: got %s", decode_cases[_i].name, got);
	free(got);
}
END_TEST

START_TEST(decoder_output_is_always_valid_utf8_without_nul)
{
	static const enum text_encoding encs[] = { ENC_UTF8, ENC_CP1252, ENC_CP850 };
	char in[256];
	size_t i, k;

	for (i = 0; i < 256; i++)
		in[i] = (char)i;
	for (k = 0; k < 3; k++) {
		char *got = decode(encs[k], in, sizeof(in));
		size_t len = strlen(got);

		ck_assert(utf8_valid(got, len));
		/* 255 non-NUL bytes + the NUL as U+FFFD + brackets: nothing lost */
		ck_assert_uint_ge(len, 256 + 2);
		free(got);
	}
}
END_TEST

START_TEST(decoder_real_cp850_excerpt_gets_pound_signs)
{
	size_t n;
	char *p = slurp("tests/data/encoding/warwickshire-all-may-2013-cp850.csv", &n);
	char *got = decode(ENC_CP850, p, n);

	ck_assert(utf8_valid(got, strlen(got)));
	ck_assert_ptr_nonnull(strstr(got, "L1 \xC2\xA3" "500 Spend Report"));
	ck_assert_ptr_nonnull(strstr(got, "Member\xC2\xB4s Expenses"));
	free(got);
	free(p);
}
END_TEST

START_TEST(decoder_real_cp1252_excerpt)
{
	size_t n;
	char *p = slurp("tests/data/encoding/warwickshire-all-february-2022-cp1252.csv", &n);
	char *got = decode(ENC_CP1252, p, n);

	ck_assert(utf8_valid(got, strlen(got)));
	ck_assert_ptr_nonnull(strstr(got, "Ltd \xE2\x80\x93 Eastways Children\xE2\x80\x99s Home"));
	free(got);
	free(p);
}
END_TEST

START_TEST(decoder_fails_cleanly_past_buffer_maximum)
{
	struct diag err;
	struct decoder *d = decoder_new(ENC_CP1252, &err);
	struct buf out;

	buf_init(&out, 8);
	ck_assert_int_eq(buf_adds(&out, "ab"), 0);
	/* fits: 2 + 4 */
	ck_assert_int_eq(decoder_to_utf8(d, "cdef", 4, &out), 0);
	ck_assert_str_eq(out.s, "abcdef");
	/* g and \xA3 (two bytes) make 9 > 8: nothing appended */
	ck_assert_int_eq(decoder_to_utf8(d, "g\xA3", 2, &out), -1);
	ck_assert_str_eq(out.s, "abcdef");
	ck_assert_uint_eq(out.len, 6);
	/* ascii fast path too */
	ck_assert_int_eq(decoder_to_utf8(d, "ghi", 3, &out), -1);
	ck_assert_str_eq(out.s, "abcdef");
	buf_release(&out);
	decoder_free(d);
	decoder_free(NULL);
}
END_TEST

static Suite *encoding_suite(void)
{
	Suite *s = suite_create("encoding");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, encoding_names_round_trip);
	tcase_add_test(tc, encoding_parse_accepts_aliases_and_rejects_unknown);
	tcase_add_loop_test(tc, utf8_valid_table, 0, (int)(sizeof(utf8_cases) / sizeof(utf8_cases[0])));
	tcase_add_loop_test(tc, sniffer_classifies_real_council_excerpts, 0,
			    (int)(sizeof(sample_files) / sizeof(sample_files[0])));
	tcase_add_loop_test(tc, sniffer_rules_table, 0, (int)(sizeof(sniff_cases) / sizeof(sniff_cases[0])));
	tcase_add_loop_test(tc, decoder_table, 0, (int)(sizeof(decode_cases) / sizeof(decode_cases[0])));
	tcase_add_test(tc, decoder_output_is_always_valid_utf8_without_nul);
	tcase_add_test(tc, decoder_real_cp850_excerpt_gets_pound_signs);
	tcase_add_test(tc, decoder_real_cp1252_excerpt);
	tcase_add_test(tc, decoder_fails_cleanly_past_buffer_maximum);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(encoding_suite)
