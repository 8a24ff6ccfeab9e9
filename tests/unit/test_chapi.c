#include <stdio.h>
#include <string.h>

#include "testutil.h"

#include "chainwatch/chapi.h"
#include "chainwatch/diag.h"

/* A profile in the shape of the API documentation's example (company 02578066), cut down. */
static const char profile[] =
	"{\"type\":\"ltd\",\"registered_office_address\":{\"locality\":\"London\","
	"\"country\":\"England\",\"postal_code\":\"NW3 2XS\"},\"status\":\"active\","
	"\"sic_codes\":[\"98000\"],\"accounts\":{\"last_accounts\":{\"made_up_to\":"
	"\"2022-01-31\",\"type\":\"total-exemption-full\"}},\"company_name\":"
	"\"14 LAWN ROAD LIMITED\",\"date_of_creation\":\"1991-01-30\",\"company_number\":"
	"\"02578066\",\"company_status\":\"active\"}";

START_TEST(chapi_profile_reads_the_example_as_the_bulk_product_words_it)
{
	struct chapi_company c;
	struct diag err;

	diag_init(&err);
	ck_assert_int_eq(chapi_read_profile(profile, strlen(profile), "p", &c, &err), 0);
	ck_assert_str_eq(c.number, "02578066");
	ck_assert_str_eq(c.name, "14 LAWN ROAD LIMITED");
	ck_assert_str_eq(c.status, "Active");
	ck_assert_str_eq(c.category, "Private Limited Company");
	ck_assert_str_eq(c.accounts_category, "TOTAL EXEMPTION FULL");
	ck_assert_int_eq(c.incorporated, 19910130);
	ck_assert_int_eq(c.dissolved, 0);
	ck_assert_str_eq(c.sic, "98000");
	ck_assert_str_eq(c.country, "England");
}
END_TEST

START_TEST(chapi_profile_reads_dissolution_several_sic_codes_and_an_unknown_type)
{
	static const char p[] =
		"{\"company_number\":\"SC123456\",\"company_name\":\"X\",\"type\":\"new-kind\","
		"\"company_status\":\"voluntary-arrangement\",\"date_of_cessation\":\"2024-02-29\","
		"\"sic_codes\":[\"62020\",\"bad\",\"70229\",7,\"43999\",\"01110\"]}";
	struct chapi_company c;
	struct diag err;

	diag_init(&err);
	ck_assert_int_eq(chapi_read_profile(p, strlen(p), "p", &c, &err), 0);
	ck_assert_str_eq(c.number, "SC123456");
	ck_assert_str_eq(c.status, "Voluntary Arrangement");
	ck_assert_str_eq(c.category, "new-kind");
	ck_assert_int_eq(c.dissolved, 20240229);
	ck_assert_str_eq(c.sic, "62020 70229 43999 01110");
	ck_assert_str_eq(c.accounts_category, "");
	ck_assert_str_eq(c.country, "");
}
END_TEST

START_TEST(chapi_profile_refuses_what_is_not_a_profile_and_leaves_out_untouched)
{
	static const char *const bad[] = {
		"", "not json", "[]", "{\"company_name\":\"X\"}",
		"{\"company_number\":\"123456789\",\"company_name\":\"X\"}",
		"{\"company_number\":\"0123A456\",\"company_name\":\"X\"}",
		"{\"company_number\":\"01234567\"}",
		"{\"company_number\":\"01234567\",\"company_name\":\"\"}",
		"{\"company_number\":01234567,\"company_name\":\"X\"}",
	};
	struct chapi_company c;
	struct diag err;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&c, 0x5A, sizeof(c));
		diag_init(&err);
		ck_assert_int_eq(chapi_read_profile(bad[i], strlen(bad[i]), "u", &c, &err), -1);
		ck_assert_int_eq(err.code, CW_INPUT);
		ck_assert_int_eq((unsigned char)c.number[0], 0x5A);
	}
}
END_TEST

START_TEST(chapi_profile_cuts_a_long_name_and_blanks_control_characters)
{
	char p[2000];
	struct chapi_company c;
	struct diag err;
	size_t n;

	n = (size_t)snprintf(p, sizeof(p), "{\"company_number\":\"1\",\"company_name\":\"A\\tB");
	memset(p + n, 'C', 600);
	n += 600;
	n += (size_t)snprintf(p + n, sizeof(p) - n, "\"}");
	diag_init(&err);
	ck_assert_int_eq(chapi_read_profile(p, n, "p", &c, &err), 0);
	ck_assert_str_eq(c.number, "00000001");
	ck_assert_uint_eq(strlen(c.name), sizeof(c.name) - 1);
	ck_assert(!strncmp(c.name, "A BCC", 5));
}
END_TEST

START_TEST(chapi_search_keeps_valid_items_in_order)
{
	static const char p[] =
		"{\"total_results\":4,\"items\":[{\"title\":\"ORCHARD HOME CARE LIMITED\","
		"\"company_number\":\"20000001\",\"company_status\":\"active\"},"
		"{\"title\":\"NO NUMBER LTD\"},{\"company_number\":\"1\"},"
		"{\"title\":\"ORCHARD (DEVON) LIMITED\",\"company_number\":\"oc000009\","
		"\"company_status\":\"dissolved\"}]}";
	struct chapi_hits h;
	struct diag err;

	diag_init(&err);
	ck_assert_int_eq(chapi_read_search(p, strlen(p), "s", &h, &err), 0);
	ck_assert_uint_eq(h.n, 2);
	ck_assert_str_eq(h.item[0].number, "20000001");
	ck_assert_str_eq(h.item[0].title, "ORCHARD HOME CARE LIMITED");
	ck_assert_str_eq(h.item[0].status, "Active");
	ck_assert_str_eq(h.item[1].number, "OC000009");
	ck_assert_str_eq(h.item[1].status, "Dissolved");
}
END_TEST

START_TEST(chapi_search_without_items_is_nothing_found_or_an_error)
{
	static const char none[] = "{\"total_results\":0,\"kind\":\"search#companies\"}";
	static const char bad[] = "{\"kind\":\"search#companies\"}";
	struct chapi_hits h;
	struct diag err;

	h.n = 7;
	diag_init(&err);
	ck_assert_int_eq(chapi_read_search(none, strlen(none), "s", &h, &err), 0);
	ck_assert_uint_eq(h.n, 0);
	h.n = 7;
	ck_assert_int_eq(chapi_read_search(bad, strlen(bad), "s", &h, &err), -1);
	ck_assert_int_eq(err.code, CW_INPUT);
	ck_assert_uint_eq(h.n, 7);
	ck_assert_int_eq(chapi_read_search("{", 1, "s", &h, &err), -1);
}
END_TEST

START_TEST(chapi_search_keeps_at_most_the_limit)
{
	char p[8192];
	struct chapi_hits h;
	struct diag err;
	size_t n, i;

	n = (size_t)snprintf(p, sizeof(p), "{\"items\":[");
	for (i = 0; i < CHAPI_MAX_HITS + 5; i++)
		n += (size_t)snprintf(p + n, sizeof(p) - n, "%s{\"title\":\"T%zu\",\"company_number\":"
				      "\"%zu\"}", i ? "," : "", i, i + 1);
	n += (size_t)snprintf(p + n, sizeof(p) - n, "]}");
	diag_init(&err);
	ck_assert_int_eq(chapi_read_search(p, n, "s", &h, &err), 0);
	ck_assert_uint_eq(h.n, CHAPI_MAX_HITS);
	ck_assert_str_eq(h.item[CHAPI_MAX_HITS - 1].number, "00000020");
}
END_TEST

START_TEST(chapi_numbers_are_normalised_as_the_register_writes_them)
{
	static const struct { const char *in, *out; } cases[] = {
		{ "2578066", "02578066" }, { "sc12345", "SC012345" }, { "OC000009", "OC000009" },
	};
	static const char *const bad[] = { "00000000", "123456789", "12 34X", "../etc" };
	char p[256];
	struct chapi_company c;
	struct diag err;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(p, sizeof(p), "{\"company_number\":\"%s\",\"company_name\":\"X\"}",
			 cases[i].in);
		diag_init(&err);
		ck_assert_int_eq(chapi_read_profile(p, strlen(p), "p", &c, &err), 0);
		ck_assert_str_eq(c.number, cases[i].out);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(p, sizeof(p), "{\"company_number\":\"%s\",\"company_name\":\"X\"}",
			 bad[i]);
		diag_init(&err);
		ck_assert_int_eq(chapi_read_profile(p, strlen(p), "p", &c, &err), -1);
	}
}
END_TEST

static Suite *chapi_suite(void)
{
	Suite *s = suite_create("chapi");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, chapi_profile_reads_the_example_as_the_bulk_product_words_it);
	tcase_add_test(tc, chapi_profile_reads_dissolution_several_sic_codes_and_an_unknown_type);
	tcase_add_test(tc, chapi_profile_refuses_what_is_not_a_profile_and_leaves_out_untouched);
	tcase_add_test(tc, chapi_profile_cuts_a_long_name_and_blanks_control_characters);
	tcase_add_test(tc, chapi_search_keeps_valid_items_in_order);
	tcase_add_test(tc, chapi_search_without_items_is_nothing_found_or_an_error);
	tcase_add_test(tc, chapi_search_keeps_at_most_the_limit);
	tcase_add_test(tc, chapi_numbers_are_normalised_as_the_register_writes_them);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(chapi_suite)
