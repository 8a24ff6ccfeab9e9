/*
 * The .xls reader over the fixtures of tests/data/xls/ (made by its
 * make.py: workbooks from python3-xlwt and ones put together record by
 * record) and hostile compound files and records, each a located error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chainwatch/buf.h"
#include "chainwatch/xlsread.h"
#include "testutil.h"

#define DIR "tests/data/xls/"

/* Each cell as "C12 s text\n"; type letters n s b e d. */
static int log_cell(void *ctx, const struct xlsx_cell *c, struct diag *err)
{
	struct buf *b = ctx;
	char name[16];

	(void)err;
	ck_assert_int_eq(xlsx_cell_name(c->row, c->col, name), 0);
	ck_assert_uint_eq(strlen(c->text), c->len);
	buf_printf(b, "%s %c %s\n", name, "nsbed"[c->type], c->text);
	return 0;
}

/* Every sheet of `file` as "# Name (hidden)\n" and its cells into b; 0 or -1. */
static int read_all(const char *file, const struct xlsx_limits *lim, struct buf *b,
		    struct diag *err)
{
	struct xls_book *book;
	size_t i;
	int ret = 0;

	buf_init(b, 0);
	diag_init(err);
	if (!(book = xls_open(file, lim, err)))
		return -1;
	for (i = 0; i < xls_sheet_count(book) && !ret; i++) {
		buf_printf(b, "# %s%s\n", xls_sheet_name(book, i),
			   xls_sheet_hidden(book, i) ? " (hidden)" : "");
		ret = xls_read_sheet(book, i, log_cell, b, err);
	}
	ck_assert_ptr_null(xls_sheet_name(book, xls_sheet_count(book)));
	xls_close(book);
	return ret;
}

static const char features_log[] =
	"# Spend\n"
	"A1 s Supplier\n"
	"B1 s Amount\n"
	"C1 s Date\n"
	"D1 s \n"
	"A2 s Acme Cleaning Ltd\n"
	"B2 n 1234.56\n"
	"C2 d 2015-10-01\n"
	"D2 s Z\xc3\xbcrich \xe2\x82\xac \xc3\x9cn\xc3\xaf\x63\xc3\xb6\x64\xc3\xa9 split across records\n"
	"A3 s abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqr\n"
	"B3 n 250\n"
	"C3 n 12.34\n"
	"D3 d 2015-01-01\n"
	"A4 s Rich Text Ltd\n"
	"B4 n 99.5\n"
	"C4 s Formula text\n"
	"D4 b 1\n"
	"E4 s \n"
	"A5 b 1\n"
	"C5 s Inline Caf\xc3\xa9\n"
	"E5 n 3\n"
	"F5 n 0.5\n"
	"G5 d 2015-12-31\n"
	"H5 s \n"
	"I5 s Last\n"
	"A6 n 2\n"
	"# Lookup (hidden)\n"
	"A1 s Hidden lookup\n"
	"# Notes \xc2\xa3\n"
	"A1 s Notes\n";

/*
 * Shared strings split every 24 bytes over CONTINUE records (inside
 * compressed and UTF-16 strings, after a header, with rich-text runs and
 * extended data), empty shared strings, MULRK, cached formula results,
 * booleans, an error skipped, cells out of row order sorted, the later of
 * two cells in one place, a chart inside the sheet and a chart sheet left
 * out, built-in, custom and locale date formats, a time and a "Day "0
 * format left numbers; from the mini stream.
 */
START_TEST(reads_every_kind_of_cell_from_the_mini_stream)
{
	struct buf b;
	struct diag err;

	ck_assert_int_eq(read_all(DIR "features.xls", NULL, &b, &err), 0);
	ck_assert_str_eq(b.s, features_log);
	buf_release(&b);
}
END_TEST

START_TEST(reads_a_stream_in_full_sectors)
{
	struct buf b;
	struct diag err;

	ck_assert_int_eq(read_all(DIR "big-sectors.xls", NULL, &b, &err), 0);
	ck_assert_str_eq(b.s, features_log);
	buf_release(&b);
}
END_TEST

START_TEST(reads_dates_in_the_1904_system)
{
	struct buf b;
	struct diag err;
	struct xls_book *book;

	ck_assert_int_eq(read_all(DIR "date1904.xls", NULL, &b, &err), 0);
	ck_assert_str_eq(b.s, "# Dates\nA1 d 1904-01-01\nB1 d 2013-07-07\nC1 n 40000\n");
	buf_release(&b);
	diag_init(&err);
	ck_assert_ptr_nonnull(book = xls_open(DIR "date1904.xls", NULL, &err));
	ck_assert_int_eq(xls_date1904(book), 1);
	ck_assert_int_eq(xls_biff_version(book), 8);
	xls_close(book);
}
END_TEST

START_TEST(reads_an_excel_5_workbook_in_windows_1252)
{
	struct buf b;
	struct diag err;

	ck_assert_int_eq(read_all(DIR "biff5.xls", NULL, &b, &err), 0);
	ck_assert_str_eq(b.s, "# Old \xc2\xa3\n"
			 "A1 s \xc2\xa3\x32\x35\x30 \xe2\x82\xac caf\xc3\xa9\n"
			 "B1 d 2015-01-01\nC1 n -7\n");
	buf_release(&b);
}
END_TEST

/* python3-xlwt: its SST over CONTINUE records, an empty shared string, a hidden sheet */
START_TEST(reads_what_xlwt_writes)
{
	struct buf b, b1904;
	struct diag err;

	ck_assert_int_eq(read_all(DIR "xlwt-sheets.xls", NULL, &b, &err), 0);
	ck_assert_ptr_nonnull(strstr(b.s, "# Payments\nA1 s Supplier Name\nB1 s Amount\n"
				     "C1 s Date\nD1 s Note\n"
				     "A2 s Supplier number 1 with a longish name\nB2 n 1.25\n"
				     "C2 d 2015-09-02\nD2 s \n"));
	ck_assert_ptr_nonnull(strstr(b.s, "D3 s \xef\xac\x81nal \xe2\x80\x93 "
				     "\xe2\x80\x9cquoted\xe2\x80\x9d\n"));
	ck_assert_ptr_nonnull(strstr(b.s, "A401 s Supplier number 400 with a longish name\n"
				     "B401 n 500\nC401 d 2015-09-11\n"
				     "# Codes (hidden)\nA1 s hidden\n"
				     "# Summary\nA1 s Total\nB1 n 500.5\n"));
	ck_assert_int_eq(read_all(DIR "xlwt-1904.xls", NULL, &b1904, &err), 0);
	ck_assert_str_eq(b.s, b1904.s);
	buf_release(&b);
	buf_release(&b1904);
}
END_TEST

static const struct {
	const char *file;
	const char *msg;
} hostile[] = {
	{ "fat-cycle.xls", DIR "fat-cycle.xls: compound file: Workbook: its chain loops at "
	  "sector 2" },
	{ "sector-past-end.xls", DIR "sector-past-end.xls: compound file: directory: sector "
	  "9999 is past the end of the file" },
	{ "truncated-record.xls", DIR "truncated-record.xls: sheet 'Notes \xc2\xa3': Workbook "
	  "stream offset 1347: record 0x0204 is cut short (14 bytes, 10 left)" },
	{ "huge-sst.xls", DIR "huge-sst.xls: Workbook stream offset 256: the shared string "
	  "table claims 4294967280 strings in 8 bytes, more than the limit" },
	{ "password.xls", DIR "password.xls: password-protected workbook: save it without a "
	  "password" },
	{ "no-workbook.xls", DIR "no-workbook.xls: not an Excel 97-2003 workbook (no Workbook "
	  "stream: an encrypted workbook, or another kind of Office document)" },
	{ "overlapping-sheets.xls", DIR "overlapping-sheets.xls: sheet 'S0698': Workbook stream "
	  "offset 35060: the sheets' records overlap (the stream read more than 8 times over)" },
	{ "no-such-file.xls", DIR "no-such-file.xls: cannot open: No such file or directory" },
	{ "make.py", DIR "make.py: not an Excel 97-2003 workbook (not an OLE2 compound file)" },
};

START_TEST(hostile_files_are_located_errors)
{
	struct buf b;
	struct diag err;
	char file[128];

	snprintf(file, sizeof(file), DIR "%s", hostile[_i].file);
	ck_assert_int_eq(read_all(file, NULL, &b, &err), -1);
	ck_assert_int_eq(err.code, CW_INPUT);
	ck_assert_str_eq(err.msg, hostile[_i].msg);
	buf_release(&b);
}
END_TEST

START_TEST(limits_are_located_errors)
{
	struct xlsx_limits cells = { 0, 5, 0, 0, 0, 0 }, strings = { 0, 0, 3, 0, 0, 0 },
			   part = { 1000, 0, 0, 0, 0, 0 }, text = { 0, 0, 0, 0, 20, 0 };
	struct buf b;
	struct diag err;

	ck_assert_int_eq(read_all(DIR "features.xls", &cells, &b, &err), -1);
	ck_assert_str_eq(err.msg, DIR "features.xls: sheet 'Spend': Workbook stream offset "
			 "735: more than 5 cells");
	buf_release(&b);
	ck_assert_int_eq(read_all(DIR "features.xls", &strings, &b, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "the shared string table claims 10 strings in "));
	buf_release(&b);
	ck_assert_int_eq(read_all(DIR "features.xls", &part, &b, &err), -1);
	ck_assert_str_eq(err.msg, DIR "features.xls: 3584 bytes, over the 1000-byte limit for "
			 "a workbook");
	buf_release(&b);
	ck_assert_int_eq(read_all(DIR "features.xls", &text, &b, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "the cells' text comes to more than 20 bytes"));
	buf_release(&b);
}
END_TEST

static int stop_after_two(void *ctx, const struct xlsx_cell *c, struct diag *err)
{
	int *n = ctx;

	(void)c, (void)err;
	return ++*n == 2;
}

START_TEST(a_callback_can_stop_the_read)
{
	struct diag err;
	struct xls_book *book;
	int n = 0;

	diag_init(&err);
	ck_assert_ptr_nonnull(book = xls_open(DIR "features.xls", NULL, &err));
	ck_assert_uint_eq(xls_sheet_count(book), 3);
	ck_assert_int_eq(xls_read_sheet(book, 0, stop_after_two, &n, &err), 0);
	ck_assert_int_eq(n, 2);
	ck_assert_int_eq(xls_read_sheet(book, 7, stop_after_two, &n, &err), -1);
	ck_assert_str_eq(err.msg, DIR "features.xls: no sheet 8 (3 sheets)");
	xls_close(book);
	xls_close(NULL);
}
END_TEST

START_TEST(garbage_in_memory_is_refused)
{
	static const unsigned char sig[520] = { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 };
	struct diag err;

	diag_init(&err);
	ck_assert_ptr_null(xls_open_mem("hello", 5, "mem.xls", NULL, &err));
	ck_assert_str_eq(err.msg, "mem.xls: not an Excel 97-2003 workbook (not an OLE2 "
			 "compound file)");
	diag_init(&err);
	ck_assert_ptr_null(xls_open_mem(sig, sizeof(sig), "mem.xls", NULL, &err));
	ck_assert_str_eq(err.msg, "mem.xls: compound file: a damaged header (byte order 0, "
			 "sector shift 0, mini sector shift 0)");
}
END_TEST

static Suite *xlsread_suite(void)
{
	Suite *s = suite_create("xlsread");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, reads_every_kind_of_cell_from_the_mini_stream);
	tcase_add_test(tc, reads_a_stream_in_full_sectors);
	tcase_add_test(tc, reads_dates_in_the_1904_system);
	tcase_add_test(tc, reads_an_excel_5_workbook_in_windows_1252);
	tcase_add_test(tc, reads_what_xlwt_writes);
	tcase_add_loop_test(tc, hostile_files_are_located_errors, 0,
			    sizeof(hostile) / sizeof(hostile[0]));
	tcase_add_test(tc, limits_are_located_errors);
	tcase_add_test(tc, a_callback_can_stop_the_read);
	tcase_add_test(tc, garbage_in_memory_is_refused);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(xlsread_suite)
