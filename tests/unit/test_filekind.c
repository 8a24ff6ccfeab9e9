/* filekind: what a file is from its first bytes, and the refusal's words. */
#include <string.h>

#include "chainwatch/filekind.h"
#include "testutil.h"

static const struct {
	const char *bytes;
	size_t n;
	const char *what;             /* NULL: something intake reads */
} sniffs[] = {
	{ "%PDF-1.7\n", 9, "a PDF document" },
	{ "\x89PNG\r\n\x1a\n\0\0", 10, "a PNG image" },
	{ "\xFF\xD8\xFF\xE0\0\x10JFIF", 10, "a JPEG image" },
	{ "GIF89a\1\0\1\0", 10, "a GIF image" },
	{ "\xEF\xBB\xBF  <!DOCTYPE html><html>", 30, "an HTML page" },
	{ "\r\n<HTML><HEAD><TITLE>x</TITLE>", 30, "an HTML page" },
	{ "<?xml version=\"1.0\"?><feed>", 27, "an XML document" },
	{ "Supplier,Amount\nA,1\n", 20, NULL },
	{ "<b>Supplier</b>,Amount\n", 23, NULL },   /* a '<' that is not a page */
	{ "PK\3\4\x14\0\0\0", 8, NULL },            /* a zip: the workbook readers tell */
	{ "\x1f\x8b\x08\0", 4, NULL },              /* gzip */
	{ "", 0, NULL },
};

START_TEST(filekind_other_says_what_a_file_is)
{
	size_t i;

	for (i = 0; i < sizeof(sniffs) / sizeof(sniffs[0]); i++) {
		const char *got = filekind_other((const unsigned char *)sniffs[i].bytes,
						     sniffs[i].n);

		if (!sniffs[i].what)
			ck_assert_msg(got == NULL, "case %zu: took for %s", i, got);
		else
			ck_assert_msg(got && !strcmp(got, sniffs[i].what), "case %zu: %s, not %s", i,
				      got ? got : "(nothing)", sniffs[i].what);
	}
}
END_TEST

static const struct {
	const char *page, *want;
} titles[] = {
	{ "<html><head><title>403 - Access\n  denied | A Council</title>",
	  "f.csv: is an HTML page, not a spend file: it looks like an error page ('403 - Access "
	  "denied | A Council') saved in place of the download" },
	{ "<HTML><TITLE>Page Not Found</TITLE>",
	  "f.csv: is an HTML page, not a spend file: it looks like an error page ('Page Not Found') "
	  "saved in place of the download" },
	{ "<html><title>Payments over 500 | Council</title>",
	  "f.csv: is an HTML page ('Payments over 500 | Council'), not a spend file: download the "
	  "CSV or workbook the page links to" },
	{ "<html><title>Supplier errors404 report</title>",   /* not whole words */
	  "f.csv: is an HTML page ('Supplier errors404 report'), not a spend file: download the "
	  "CSV or workbook the page links to" },
	{ "<html><body>no title",
	  "f.csv: is an HTML page, not a spend file: a web page saved in place of the download" },
	{ "<html><title>unclosed",
	  "f.csv: is an HTML page, not a spend file: a web page saved in place of the download" },
};

START_TEST(filekind_refuse_tells_an_error_page_by_its_title)
{
	struct diag err;

	diag_init(&err);
	ck_assert_int_eq(filekind_refuse("f.csv", "an HTML page",
					 (const unsigned char *)titles[_i].page,
					 strlen(titles[_i].page), &err), -1);
	ck_assert_int_eq(err.code, CW_INPUT);
	ck_assert_str_eq(err.msg, titles[_i].want);
}
END_TEST

START_TEST(filekind_is_ods_reads_the_mimetype_entry)
{
	unsigned char p[128];

	memset(p, 0, sizeof(p));
	memcpy(p, "PK\3\4", 4);
	memcpy(p + 30, "mimetypeapplication/vnd.oasis.opendocument.spreadsheet", 54);
	ck_assert_int_eq(filekind_is_ods(p, sizeof(p)), 1);
	memcpy(p + 30, "mimetypeapplication/vnd.oasis.opendocument.text\0\0\0\0\0\0\0", 54);
	ck_assert_int_eq(filekind_is_ods(p, sizeof(p)), -1);
	memcpy(p + 30, "content.xml", 11);
	ck_assert_int_eq(filekind_is_ods(p, sizeof(p)), 0);
	ck_assert_int_eq(filekind_is_ods(p, 20), 0);
}
END_TEST

static Suite *filekind_suite(void)
{
	Suite *s = suite_create("filekind");
	TCase *tc = tcase_create("filekind");

	tcase_add_test(tc, filekind_other_says_what_a_file_is);
	tcase_add_loop_test(tc, filekind_refuse_tells_an_error_page_by_its_title, 0,
			    (int)(sizeof(titles) / sizeof(titles[0])));
	tcase_add_test(tc, filekind_is_ods_reads_the_mimetype_entry);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(filekind_suite)
