#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "chainwatch/diag.h"
#include "chainwatch/sha256.h"

struct vector {
	const char *name;
	const char *msg;       /* repeated `repeat` times */
	size_t repeat;
	const char *hex;
};

/* FIPS 180-2 appendix B and NIST CAVS examples, plus padding boundaries */
static const struct vector vectors[] = {
	{ "empty", "", 1, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
	{ "abc", "abc", 1, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
	{ "448_bit", "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 1,
	  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
	{ "896_bit", "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
		     "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu", 1,
	  "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1" },
	{ "one_million_a", "a", 1000000,
	  "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0" },
	{ "55_a_fills_first_block", "a", 55,
	  "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318" },
	{ "56_a_needs_second_block", "a", 56,
	  "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a" },
	{ "63_a", "a", 63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34" },
	{ "64_a_exact_block", "a", 64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb" },
	{ "65_a", "a", 65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0" },
	{ "119_a", "a", 119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb" },
};

static char *expand(const struct vector *v, size_t *len)
{
	size_t m = strlen(v->msg), i;
	char *s = malloc(m * v->repeat + 1);

	for (i = 0; i < v->repeat; i++)
		memcpy(s + i * m, v->msg, m);
	*len = m * v->repeat;
	return s;
}

START_TEST(sha256_standard_vectors_one_shot)
{
	const struct vector *v = &vectors[_i];
	unsigned char d[32];
	char hex[65];
	struct sha256 c;
	size_t len;
	char *msg = expand(v, &len);

	sha256_init(&c);
	sha256_update(&c, msg, len);
	ck_assert_int_eq(sha256_final(&c, d, NULL), 0);
	sha256_hex(d, hex);
	ck_assert_msg(strcmp(hex, v->hex) == 0, "%s: %s", v->name, hex);
	free(msg);
}
END_TEST

START_TEST(sha256_odd_sized_pieces_equal_one_shot)
{
	static const size_t steps[] = { 1, 3, 7, 13, 63, 64, 65, 1000 };
	const struct vector *v = &vectors[_i];
	size_t len, k;
	char *msg = expand(v, &len);

	for (k = 0; k < sizeof(steps) / sizeof(steps[0]); k++) {
		unsigned char d[32];
		char hex[65];
		struct sha256 c;
		size_t off = 0, step = steps[k];

		sha256_init(&c);
		/* vary the piece size too: step, step+1, step+2, ... */
		while (off < len) {
			size_t n = step + off % 3;

			if (n > len - off)
				n = len - off;
			sha256_update(&c, msg + off, n);
			off += n;
		}
		sha256_update(&c, msg, 0);
		ck_assert_int_eq(sha256_final(&c, d, NULL), 0);
		sha256_hex(d, hex);
		ck_assert_msg(strcmp(hex, v->hex) == 0, "%s step %zu: %s", v->name, step, hex);
	}
	free(msg);
}
END_TEST

START_TEST(sha256_hex_is_lower_case)
{
	unsigned char d[32];
	char hex[65];
	int i;

	for (i = 0; i < 32; i++)
		d[i] = (unsigned char)(0xF0 + i % 16);
	sha256_hex(d, hex);
	ck_assert_uint_eq(strlen(hex), 64);
	ck_assert(strncmp(hex, "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff", 32) == 0);
}
END_TEST

START_TEST(sha256_file_hashes_a_file)
{
	char hex[65];
	unsigned long long bytes = 0;
	struct diag err;

	diag_init(&err);
	ck_assert_int_eq(sha256_file("tests/data/sha256/hello.txt", hex, &bytes, &err), 0);
	ck_assert_str_eq(hex, "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03");
	ck_assert_uint_eq(bytes, 6);
	ck_assert_int_eq(sha256_file("tests/data/sha256/hello.txt", hex, NULL, &err), 0);
}
END_TEST

START_TEST(sha256_file_missing_is_cw_input_naming_the_file)
{
	char hex[65] = "unchanged";
	unsigned long long bytes = 42;
	struct diag err;

	diag_init(&err);
	ck_assert_int_eq(sha256_file("tests/data/sha256/no-such-file.csv", hex, &bytes, &err), -1);
	ck_assert_int_eq(err.code, CW_INPUT);
	ck_assert_ptr_nonnull(strstr(err.msg, "no-such-file.csv"));
	ck_assert_ptr_nonnull(strstr(err.msg, "No such file"));
	ck_assert_str_eq(hex, "unchanged");
	ck_assert_uint_eq(bytes, 42);
}
END_TEST

START_TEST(sha256_file_unreadable_directory_is_cw_input)
{
	char hex[65];
	struct diag err;

	diag_init(&err);
	ck_assert_int_eq(sha256_file("tests", hex, NULL, &err), -1);
	ck_assert_int_eq(err.code, CW_INPUT);
	ck_assert_ptr_nonnull(strstr(err.msg, "'tests'"));
}
END_TEST

START_TEST(sha256_tap_counts_bytes_and_hashes_like_update)
{
	struct sha256 c;
	unsigned char d[32];
	char hex[65];

	sha256_init(&c);
	sha256_tap(&c, "ab", 2);
	sha256_tap(&c, "c", 1);
	ck_assert_uint_eq(c.bytes, 3);
	ck_assert_int_eq(sha256_final(&c, d, NULL), 0);
	sha256_hex(d, hex);
	ck_assert_str_eq(hex, vectors[1].hex);
	ck_assert_ptr_null(c.ctx);
}
END_TEST

START_TEST(sha256_release_frees_an_abandoned_digest_and_is_a_no_op_after_final)
{
	struct sha256 c;
	unsigned char d[32];

	sha256_init(&c);
	sha256_update(&c, "abc", 3);
	sha256_release(&c);          /* abandoned: no leak under ASan */
	ck_assert_ptr_null(c.ctx);
	sha256_release(&c);
	sha256_init(&c);
	ck_assert_int_eq(sha256_final(&c, d, NULL), 0);
	sha256_release(&c);
}
END_TEST

START_TEST(sha256_final_after_final_is_an_error_not_a_crash)
{
	struct sha256 c;
	unsigned char d[32];
	struct diag err;

	diag_init(&err);
	sha256_init(&c);
	ck_assert_int_eq(sha256_final(&c, d, &err), 0);
	sha256_update(&c, "x", 1);   /* ignored */
	ck_assert_int_eq(sha256_final(&c, d, &err), -1);
	ck_assert_int_eq(err.code, CW_INTERNAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "SHA-256"));
	ck_assert_uint_eq(d[0], 0);
}
END_TEST

static Suite *sha256_suite(void)
{
	Suite *s = suite_create("sha256");
	TCase *tc = tcase_create("core");
	int n = (int)(sizeof(vectors) / sizeof(vectors[0]));

	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, sha256_standard_vectors_one_shot, 0, n);
	tcase_add_loop_test(tc, sha256_odd_sized_pieces_equal_one_shot, 0, n);
	tcase_add_test(tc, sha256_hex_is_lower_case);
	tcase_add_test(tc, sha256_file_hashes_a_file);
	tcase_add_test(tc, sha256_file_missing_is_cw_input_naming_the_file);
	tcase_add_test(tc, sha256_file_unreadable_directory_is_cw_input);
	tcase_add_test(tc, sha256_tap_counts_bytes_and_hashes_like_update);
	tcase_add_test(tc, sha256_release_frees_an_abandoned_digest_and_is_a_no_op_after_final);
	tcase_add_test(tc, sha256_final_after_final_is_an_error_not_a_crash);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(sha256_suite)
