#include <string.h>

#include "chainwatch/identity.h"
#include "chainwatch/redaction.h"
#include "testutil.h"

#define SHIPPED "sectors/redactions.txt"

static struct redactions *shipped(void)
{
	struct redactions *r = NULL;
	struct diag err;

	diag_init(&err);
	ck_assert_msg(redactions_load(SHIPPED, &r, &err) == 0, "%s", err.msg);
	return r;
}

static const char *const redacted[] = {
	/* shared/data/spend */
	"REDACTED UNDER DP ACT",                       /* devon */
	"Redacted",                                    /* warwickshire */
	"Redacted personal data",                      /* oxford 2014 */
	"REDACTED PERSONAL DATA",                      /* isle of wight, bolton */
	"Redacted Personal Details",                   /* bolton 2018 */
	/* issue 15's wordings */
	"Details redacted",
	"Name redacted - personal data",
	"Redacted for commercial confidentiality",
	"Redacted - Commerical Confidentiality",       /* misspelt */
	"Commercially confidential",
	"Third Party",
	"THIRD-PARTY PAYMENT",
	"*Redact - Personal Information",              /* Stockport */
	"Withheld under the Data Protection Act",
	"\xC2\xA0REDACTED\xC2\xAD ",
};

START_TEST(redactions_match_the_wordings)
{
	struct redactions *r = shipped();
	const char *s = redacted[_i];

	ck_assert_msg(redactions_match(r, s, strlen(s)) >= 0, "'%s' not redacted", s);
	redactions_free(r);
}
END_TEST

static const char *const suppliers[] = {
	"Redactive Publishing Ltd", "REDACTIVE PUBLSHNG", "Commercial Interiors & Storage Ltd",
	"Individual Support Solutions Ltd", "Third Party Solutions Ltd", "Personal Touch Embroidery",
	"Confidential Shredding Ltd", "Private Hire", "", "   ", "---",
};

START_TEST(redactions_leave_suppliers_alone)
{
	struct redactions *r = shipped();
	const char *s = suppliers[_i];

	ck_assert_msg(redactions_match(r, s, strlen(s)) < 0, "'%s' taken as redacted as %s", s,
		      redactions_wording(r, (size_t)redactions_match(r, s, strlen(s))));
	redactions_free(r);
}
END_TEST

/* The built-in list (identity.c) is all in the shipped file. */
START_TEST(redactions_cover_the_built_in_list)
{
	static const char *const builtin[] = {
		"REDACTED", "REDACTED UNDER DP ACT", "Redacted Personal Information",
		"REDACTED - PERSONAL DATA", "PERSONAL DATA", "WITHHELD", "DATA PROTECTION",
		"NAME WITHHELD", "PRIVATE INDIVIDUAL", "CONFIDENTIAL", "UNDISCLOSED",
	};
	struct redactions *r = shipped();
	size_t i;

	for (i = 0; i < sizeof(builtin) / sizeof(builtin[0]); i++) {
		ck_assert(payee_is_redacted(builtin[i], strlen(builtin[i])));
		ck_assert_msg(redactions_match(r, builtin[i], strlen(builtin[i])) >= 0, "%s",
			      builtin[i]);
	}
	redactions_free(r);
}
END_TEST

START_TEST(redactions_whole_and_pattern)
{
	static const char text[] = "# comment\n\n= NAME WITHHELD\r\n~ commercial   confidentiality\n";
	struct redactions *r = NULL;
	struct diag err;

	diag_init(&err);
	ck_assert_int_eq(redactions_parse(text, strlen(text), "t.txt", &r, &err), 0);
	ck_assert_uint_eq(redactions_count(r), 2);
	ck_assert_str_eq(redactions_wording(r, 0), "= NAME WITHHELD");
	ck_assert_int_eq(redactions_match(r, "Name withheld.", 14), 0);
	ck_assert_int_eq(redactions_match(r, "Name withheld by request", 24), -1);
	ck_assert_int_eq(redactions_match(r, "X (Commercial Confidentiality)", 30), 1);
	ck_assert_int_eq(redactions_match(r, "Commercial", 10), -1);
	ck_assert_int_eq(redactions_match(NULL, "Name withheld", 13), -1);
	ck_assert_ptr_null(redactions_wording(r, 2));
	redactions_free(r);
	redactions_free(NULL);
}
END_TEST

struct bad_case {
	const char *text;
	const char *msg;
};

static const struct bad_case bad[] = {
	{ "= OK\nREDACTED\n", "t.txt:2: expected '= wording' or '~ wording', not 'REDACTED'" },
	{ "=REDACTED\n", "t.txt:1: expected '= wording' or '~ wording', not '=REDACTED'" },
	{ "~ --\n", "t.txt:1: wording '~ --' has no letters or digits" },
	{ "= Redacted\n= REDACTED.\n", "t.txt:2: wording '= REDACTED.' is given twice" },
};

START_TEST(redactions_parse_errors_are_located)
{
	struct redactions *r = NULL;
	struct diag err;

	diag_init(&err);
	ck_assert_int_eq(redactions_parse(bad[_i].text, strlen(bad[_i].text), "t.txt", &r, &err), -1);
	ck_assert_ptr_null(r);
	ck_assert_int_eq(err.code, CW_INPUT);
	ck_assert_str_eq(err.msg, bad[_i].msg);
}
END_TEST

static Suite *redaction_suite(void)
{
	Suite *s = suite_create("redaction");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, redactions_match_the_wordings, 0,
			    (int)(sizeof(redacted) / sizeof(redacted[0])));
	tcase_add_loop_test(tc, redactions_leave_suppliers_alone, 0,
			    (int)(sizeof(suppliers) / sizeof(suppliers[0])));
	tcase_add_test(tc, redactions_cover_the_built_in_list);
	tcase_add_test(tc, redactions_whole_and_pattern);
	tcase_add_loop_test(tc, redactions_parse_errors_are_located, 0,
			    (int)(sizeof(bad) / sizeof(bad[0])));
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(redaction_suite)
