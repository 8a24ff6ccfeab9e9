/*
 * Reading worksheets back: workbooks written at test time by libxlsxwriter
 * (shared strings, and inline strings in constant_memory mode), one edited
 * by openpyxl (tests/data/xlsx/make.py), and broken or hostile packages
 * put together with libzip.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <xlsxwriter.h>
#include <zip.h>

#include "chainwatch/buf.h"
#include "chainwatch/xlsxread.h"
#include "testutil.h"

/* --- helpers ------------------------------------------------------------ */

struct tmp {
	char dir[64];
	char path[128];
};

static void tmp_make(struct tmp *t, const char *file)
{
	snprintf(t->dir, sizeof(t->dir), "/tmp/cw-xlsxread.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(t->dir));
	snprintf(t->path, sizeof(t->path), "%s/%s", t->dir, file);
}

static void tmp_drop(struct tmp *t)
{
	unlink(t->path);
	rmdir(t->dir);
}

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

/* Read `sheet` into b; the return of xlsx_read. */
static int read_log(const char *path, const char *sheet, const struct xlsx_limits *lim,
		    struct buf *b, struct diag *err)
{
	buf_init(b, 0);
	diag_init(err);
	return xlsx_read(path, sheet, lim, log_cell, b, err);
}

static void check_error(const char *path, const char *sheet, const struct xlsx_limits *lim,
			const char *want)
{
	struct diag err;
	struct buf b;
	char full[DIAG_MSG_MAX];

	snprintf(full, sizeof(full), "%s: %s", path, want);
	ck_assert_int_eq(read_log(path, sheet, lim, &b, &err), -1);
	ck_assert_str_eq(err.msg, full);
	ck_assert_int_eq(err.code, CW_INPUT);
	buf_release(&b);
}

static void check_cells(const char *path, const char *sheet, const char *want)
{
	struct diag err;
	struct buf b;

	ck_assert_msg(read_log(path, sheet, NULL, &b, &err) == 0, "%s", err.msg);
	ck_assert_str_eq(b.s, want);
	buf_release(&b);
}

/* --- libxlsxwriter fixtures --------------------------------------------- */

static void write_lxw(const char *path, int constant_memory)
{
	lxw_workbook_options opt = { .constant_memory = (uint8_t)constant_memory };
	lxw_workbook *wb = workbook_new_opt(path, &opt);
	lxw_format *date = workbook_add_format(wb), *stamp = workbook_add_format(wb),
		   *bold = workbook_add_format(wb);
	lxw_worksheet *readme = workbook_add_worksheet(wb, "Read me");
	lxw_worksheet *summary = workbook_add_worksheet(wb, "Summary");
	lxw_worksheet *ws = workbook_add_worksheet(wb, "Flags");
	lxw_datetime due = { 2026, 1, 1, 0, 0, 0 }, noon = { 2025, 12, 31, 12, 0, 0 };
	lxw_rich_string_tuple r1 = { bold, "bold" }, r2 = { NULL, " and plain" };
	lxw_rich_string_tuple *rich[] = { &r1, &r2, NULL };

	format_set_num_format(date, "yyyy-mm-dd");
	format_set_num_format(stamp, "yyyy-mm-dd hh:mm");
	format_set_bold(bold);
	worksheet_write_string(readme, 0, 0, "Read me first", NULL);
	worksheet_write_number(summary, 0, 0, 42, NULL);
	worksheet_write_string(ws, 0, 0, "Supplier", bold);
	worksheet_write_string(ws, 0, 1, "Flag", NULL);
	worksheet_write_string(ws, 0, 2, "Due", NULL);
	worksheet_write_string(ws, 0, 3, "Amount", NULL);
	worksheet_write_string(ws, 0, 4, "Done", NULL);
	worksheet_write_string(ws, 1, 0, "Acme & Sons <Ltd> \"quoted\" 'single'", NULL);
	worksheet_write_string(ws, 1, 1, "  leading and trailing  ", NULL);
	worksheet_write_datetime(ws, 1, 2, &due, date);
	worksheet_write_number(ws, 1, 3, 1234.5, NULL);
	worksheet_write_boolean(ws, 1, 4, 1, NULL);
	worksheet_write_string(ws, 2, 0, "Caf\xC3\xA9 \xE2\x80\x94 \xC5\xBB\xC3\xB3\xC5\x82w "
			       "\xE2\x9C\x93 \xF0\x9F\x98\x80", NULL);
	worksheet_write_rich_string(ws, 2, 1, rich, NULL);
	worksheet_write_datetime(ws, 2, 2, &noon, stamp);
	worksheet_write_number(ws, 2, 3, -0.25, NULL);
	worksheet_write_boolean(ws, 2, 4, 0, NULL);
	worksheet_write_blank(ws, 3, 0, bold);
	worksheet_write_formula_num(ws, 3, 2, "=D2*2", NULL, 2469);
	worksheet_write_formula_str(ws, 3, 3, "=A1&\"!\"", NULL, "Supplier!");
	worksheet_write_string(ws, 3, 4, "line one\nline two\ttab", NULL);
	worksheet_write_string(ws, 4, 0, "a\x01" "b", NULL);
	worksheet_write_string(ws, 4, 1, "=not a formula", NULL);
	worksheet_write_string(ws, 9, 0, "after a gap", NULL);
	worksheet_write_number(ws, 9, 30, 1e-3, NULL);
	ck_assert_int_eq(workbook_close(wb), LXW_NO_ERROR);
}

static const char lxw_flags[] =
	"A1 s Supplier\nB1 s Flag\nC1 s Due\nD1 s Amount\nE1 s Done\n"
	"A2 s Acme & Sons <Ltd> \"quoted\" 'single'\n"
	"B2 s   leading and trailing  \n"
	"C2 n 46023\nD2 n 1234.5\nE2 b 1\n"
	"A3 s Caf\xC3\xA9 \xE2\x80\x94 \xC5\xBB\xC3\xB3\xC5\x82w \xE2\x9C\x93 \xF0\x9F\x98\x80\n"
	"B3 s bold and plain\n"
	"C3 n 46022.5\nD3 n -0.25\nE3 b 0\n"
	"C4 n 2469\nD4 s Supplier!\nE4 s line one\nline two\ttab\n"
	"A5 s a\x01" "b\nB5 s =not a formula\n"
	"A10 s after a gap\nAE10 n 0.001\n";

START_TEST(lxw_workbook_reads_back_exactly)
{
	struct tmp t;

	tmp_make(&t, "book.xlsx");
	write_lxw(t.path, _i);
	check_cells(t.path, "Flags", lxw_flags);
	check_cells(t.path, "Read me", "A1 s Read me first\n");
	check_cells(t.path, "summary", "A1 n 42\n");        /* case-insensitive, as Excel */
	tmp_drop(&t);
}
END_TEST

START_TEST(lxw_workbook_lists_sheets_and_reads_from_memory)
{
	struct xlsx_book *book;
	struct tmp t;
	struct diag err;
	struct buf b;
	char list[64], *data;
	FILE *f;
	long n;

	tmp_make(&t, "book.xlsx");
	write_lxw(t.path, 0);
	ck_assert_ptr_nonnull(f = fopen(t.path, "rb"));
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	data = malloc((size_t)n);
	ck_assert_uint_eq(fread(data, 1, (size_t)n, f), (size_t)n);
	fclose(f);

	diag_init(&err);
	book = xlsx_open_mem(data, (size_t)n, "mem.xlsx", NULL, &err);
	ck_assert_msg(book != NULL, "%s", err.msg);
	ck_assert_uint_eq(xlsx_sheet_count(book), 3);
	ck_assert_str_eq(xlsx_sheet_name(book, 2), "Flags");
	ck_assert_ptr_null(xlsx_sheet_name(book, 3));
	ck_assert_int_eq(xlsx_date1904(book), 0);
	ck_assert_str_eq(xlsx_sheet_list(book, list, sizeof(list)), "Read me, Summary, Flags");
	ck_assert_str_eq(xlsx_sheet_list(book, list, 12), "Read me,...");
	buf_init(&b, 0);
	ck_assert_int_eq(xlsx_read_sheet(book, "Flags", log_cell, &b, &err), 0);
	ck_assert_str_eq(b.s, lxw_flags);
	buf_reset(&b);
	ck_assert_int_eq(xlsx_read_sheet(book, "Flags", log_cell, &b, &err), 0);  /* twice */
	ck_assert_str_eq(b.s, lxw_flags);
	ck_assert_int_eq(xlsx_read_sheet(book, "Flag", log_cell, &b, &err), -1);
	ck_assert_str_eq(err.msg, "mem.xlsx: no sheet named 'Flag' (sheets: Read me, Summary, Flags)");
	buf_release(&b);
	xlsx_close(book);
	/* cut short, as by a failed download or a full disk */
	ck_assert_ptr_null(xlsx_open_mem(data, (size_t)n / 2, "mem.xlsx", NULL, &err));
	ck_assert_str_eq(err.msg, "mem.xlsx: not an xlsx workbook (zip: Not a zip archive)");
	free(data);
	tmp_drop(&t);
}
END_TEST

/* Stop after the first row (1), or fail in the callback (-1). */
static int stop_at_row2(void *ctx, const struct xlsx_cell *c, struct diag *err)
{
	int *mode = ctx;

	if (c->row < 2)
		return 0;
	if (*mode > 0)
		return 1;
	return diag_set(err, CW_INPUT, "callback says no");
}

START_TEST(callback_stops_early_or_fails)
{
	struct tmp t;
	struct diag err;
	int mode = 1;

	tmp_make(&t, "book.xlsx");
	write_lxw(t.path, 1);
	diag_init(&err);
	ck_assert_int_eq(xlsx_read(t.path, "Flags", NULL, stop_at_row2, &mode, &err), 0);
	mode = -1;
	ck_assert_int_eq(xlsx_read(t.path, "Flags", NULL, stop_at_row2, &mode, &err), -1);
	ck_assert_str_eq(err.msg, "callback says no");    /* unchanged */
	tmp_drop(&t);
}
END_TEST

/* --- the openpyxl fixture ----------------------------------------------- */

START_TEST(openpyxl_edited_workbook_reads)
{
	const char *path = "tests/data/xlsx/edited-by-openpyxl.xlsx";
	int32_t ymd;

	check_cells(path, "Flags",
		    "A1 s Supplier\nB1 s Flag\nC1 s Status\nD1 s Review by\nE1 s Amount\n"
		    "F1 s Checked\nG1 s Note\n"
		    "A2 s Acme & Sons <Ltd>\nB2 s R024\nC2 s Closed\nD2 n 46053\nE2 n 1234.5\n"
		    "F2 b 1\nG2 s   spoke to them \xE2\x80\x94 fine  \n"
		    "A3 s Caf\xC3\xA9 \xE2\x80\x9CNo\xC3\xABl\xE2\x80\x9D Ltd\nB3 s E1\n"
		    "C3 s Accepted\nD3 n 46067.64583333334\nE3 n 0.001\nF3 b 0\n"
		    "G3 s line one\nline two\n"
		    "A4 s Zeta Care 'Homes'\nB4 s M2\nC4 s Open\nF4 b 0\n"
		    "A6 s New Supplier Ltd\nC6 s Open\nH6 n 42\n");
	check_cells(path, "Lists", "A1 s Open\nB1 s Closed\nC1 s Accepted\n");
	check_error(path, "Comments", NULL,
		    "no sheet named 'Comments' (sheets: Read me, Summary, Flags, Lists)");
	ck_assert_int_eq(xlsx_serial_date("46053", &ymd), 0);
	ck_assert_int_eq(ymd, 20260131);
	ck_assert_int_eq(xlsx_serial_date("46067.64583333334", &ymd), 0);
	ck_assert_int_eq(ymd, 20260214);
}
END_TEST

static int collect_dates(void *ctx, const struct xlsx_cell *c, struct diag *err)
{
	char name[16];

	(void)err;
	xlsx_cell_name(c->row, c->col, name);
	buf_printf(ctx, "%s%s ", name, c->date ? "=date" : "");
	return 0;
}

/*
 * A number is a date when its cell style's format shows one: built-in
 * formats, "dd/mm/yyyy hh:mm", "[$-809]d mmmm yyyy;@"; "#,##0.00" is money.
 * Hidden sheets say so (openpyxl's monthly workbook, tests/data/intake).
 */
START_TEST(date_styles_and_hidden_sheets)
{
	struct xlsx_book *b;
	struct diag err;
	struct buf got;
	size_t i;
	static const int hidden[] = { 0, 0, 0, 1, 1 };

	diag_init(&err);
	buf_init(&got, 0);
	b = xlsx_open("tests/data/intake/xlsx-sheets-dates-hidden/input.xlsx", NULL, &err);
	ck_assert_msg(b != NULL, "%s", err.msg);
	ck_assert_uint_eq(xlsx_sheet_count(b), 5);
	for (i = 0; i < 5; i++)
		ck_assert_int_eq(xlsx_sheet_hidden(b, i), hidden[i]);
	ck_assert_int_eq(xlsx_read_sheet(b, "Jan 2026", collect_dates, &got, &err), 0);
	ck_assert_str_eq(got.s, "A1 B1 C1 D1 A2=date B2 C2 D2 A3=date B3 C3 D3 A4=date B4 C4 D4 "
			 "A5=date B5 C5 D5 ");
	xlsx_close(b);
	buf_release(&got);
}
END_TEST

/* --- hand-made packages ------------------------------------------------- */

#define MAIN_NS "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define REL_NS "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define WORKBOOK_XML                                                                   \
	"<workbook xmlns=\"" MAIN_NS "\" xmlns:r=\"" REL_NS "\"><sheets>"              \
	"<sheet name=\"Read me\" sheetId=\"1\" r:id=\"rId1\"/>"                        \
	"<sheet name=\"Flags\" sheetId=\"2\" r:id=\"rId2\"/></sheets></workbook>"
#define RELS_XML(target)                                                               \
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/"     \
	"relationships\"><Relationship Id=\"rId2\" Type=\"" REL_NS "/worksheet\" "     \
	"Target=\"" target "\"/><Relationship Id=\"rId1\" Type=\"" REL_NS              \
	"/worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId3\" "    \
	"Type=\"" REL_NS "/sharedStrings\" Target=\"sharedStrings.xml\"/>"             \
	"</Relationships>"
#define SST_XML                                                                        \
	"<sst xmlns=\"" MAIN_NS "\" count=\"2\"><si><t>first</t></si><si><r><t>rich"   \
	"</t></r><r><rPr><b/></rPr><t xml:space=\"preserve\"> text </t></r>"           \
	"<rPh><t>PHONETIC</t></rPh></si></sst>"
#define SHEET(rows) "<worksheet xmlns=\"" MAIN_NS "\"><sheetData>" rows "</sheetData></worksheet>"

/* Write a zip of (name, content) pairs; a NULL name ends the list. */
static void write_zip(const char *path, const char *const *parts)
{
	zip_t *z;
	int e;

	ck_assert_ptr_nonnull(z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &e));
	for (; parts[0]; parts += 2) {
		zip_source_t *s = zip_source_buffer(z, parts[1], strlen(parts[1]), 0);

		ck_assert_ptr_nonnull(s);
		ck_assert_int_ge(zip_file_add(z, parts[0], s, ZIP_FL_OVERWRITE), 0);
	}
	ck_assert_int_eq(zip_close(z), 0);
}

/* A two-sheet workbook whose Flags sheet is `sheet`, at `target`. */
static void write_book(const char *path, const char *rels, const char *part, const char *sheet)
{
	const char *parts[] = {
		"[Content_Types].xml", "<Types/>",
		"xl/workbook.xml", WORKBOOK_XML,
		"xl/_rels/workbook.xml.rels", rels,
		"xl/sharedStrings.xml", SST_XML,
		"xl/worksheets/sheet1.xml", SHEET(""),
		part, sheet,
		NULL
	};

	write_zip(path, parts);
}

/*
 * Number formats that are and are not dates: built-in 14 and 22 and a
 * custom "d-mmm-yy" are; General, "0.00", "[Red]#,##0" (a bracket is not a
 * date), "mm:ss" (a time), '"day "0' (quoted text) and a style past the
 * end are not.  Text cells are never dates.
 */
START_TEST(number_formats_tell_dates)
{
	static const char styles[] =
		"<styleSheet xmlns=\"" MAIN_NS "\"><numFmts count=\"5\">"
		"<numFmt numFmtId=\"164\" formatCode=\"d-mmm-yy\"/>"
		"<numFmt numFmtId=\"165\" formatCode=\"[Red]#,##0\"/>"
		"<numFmt numFmtId=\"166\" formatCode=\"mm:ss\"/>"
		"<numFmt numFmtId=\"167\" formatCode=\"&quot;day &quot;0\"/>"
		"<numFmt numFmtId=\"168\" formatCode=\"0.00\"/></numFmts>"
		"<cellXfs count=\"8\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"22\"/>"
		"<xf numFmtId=\"164\"/><xf numFmtId=\"165\"/><xf numFmtId=\"166\"/>"
		"<xf numFmtId=\"167\"/><xf numFmtId=\"168\"/></cellXfs></styleSheet>";
	const char *parts[] = {
		"[Content_Types].xml", "<Types/>",
		"xl/workbook.xml", WORKBOOK_XML,
		"xl/_rels/workbook.xml.rels", RELS_XML("worksheets/sheet2.xml"),
		"xl/sharedStrings.xml", SST_XML,
		"xl/styles.xml", styles,
		"xl/worksheets/sheet1.xml", SHEET(""),
		"xl/worksheets/sheet2.xml",
		SHEET("<row r=\"1\"><c r=\"A1\" s=\"0\"><v>1</v></c><c r=\"B1\" s=\"1\"><v>2</v></c>"
		      "<c r=\"C1\" s=\"2\"><v>3</v></c><c r=\"D1\" s=\"3\"><v>4</v></c>"
		      "<c r=\"E1\" s=\"4\"><v>5</v></c><c r=\"F1\" s=\"5\"><v>6</v></c>"
		      "<c r=\"G1\" s=\"6\"><v>7</v></c><c r=\"H1\" s=\"7\"><v>8</v></c>"
		      "<c r=\"I1\" s=\"99\"><v>9</v></c><c r=\"J1\" s=\"1\" t=\"s\"><v>0</v></c></row>"),
		NULL
	};
	struct xlsx_book *b;
	struct diag err;
	struct buf got;
	struct tmp t;

	tmp_make(&t, "styles.xlsx");
	write_zip(t.path, parts);
	diag_init(&err);
	buf_init(&got, 0);
	b = xlsx_open(t.path, NULL, &err);
	ck_assert_msg(b != NULL, "%s", err.msg);
	ck_assert_int_eq(xlsx_read_sheet(b, "Flags", collect_dates, &got, &err), 0);
	ck_assert_str_eq(got.s, "A1 B1=date C1=date D1=date E1 F1 G1 H1 I1 J1 ");
	xlsx_close(b);
	buf_release(&got);
	tmp_drop(&t);
}
END_TEST

struct sheet_case {
	const char *name;
	const char *rels;
	const char *sheet;
	const char *want;      /* the cells, or the error after "path: " */
};

static const struct sheet_case sheet_cases[] = {
	{ "cell types", RELS_XML("worksheets/sheet2.xml"),
	  SHEET("<row r=\"3\"><c r=\"B3\" t=\"s\"><v>1</v></c><c r=\"C3\" t=\"e\"><v>#N/A</v></c>"
		"<c r=\"D3\" t=\"d\"><v>2026-01-31T00:00:00</v></c><c r=\"E3\" t=\"b\"><v>1</v></c>"
		"<c r=\"F3\" t=\"str\"><f>A1</f><v></v></c><c r=\"G3\"><v>1E-3</v></c>"
		"<c r=\"H3\" t=\"inlineStr\"><is><r><t>in</t></r><r><t>line</t></r>"
		"<rPh><t>X</t></rPh></is></c><c r=\"I3\" s=\"1\"/><c r=\"J3\"><f>1+1</f></c>"
		"<c r=\"K3\" t=\"s\"><v>0</v></c></row>"),
	  "B3 s rich text \nC3 e #N/A\nD3 d 2026-01-31T00:00:00\nE3 b 1\nF3 s \nG3 n 1E-3\n"
	  "H3 s inline\nK3 s first\n" },
	{ "places inferred without r", RELS_XML("/xl/worksheets/sheet2.xml"),
	  SHEET("<row><c><v>1</v></c><c><v>2</v></c></row><row r=\"5\"><c><v>3</v></c>"
		"<c r=\"D5\"><v>4</v></c><c><v>5</v></c></row><row><c><v>6</v></c></row>"),
	  "A1 n 1\nB1 n 2\nA5 n 3\nD5 n 4\nE5 n 5\nA6 n 6\n" },
	{ "prefixed elements and escapes", RELS_XML("./worksheets/sheet2.xml"),
	  "<x:worksheet xmlns:x=\"" MAIN_NS "\"><x:sheetData><x:row r=\"1\">"
	  "<x:c r=\"A1\" t=\"inlineStr\"><x:is><x:t>a_x000D_b_x005F_x0041_ _xD83D__xDE00_"
	  "_x0000_</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>",
	  "A1 s a\rb_x0041_ \xF0\x9F\x98\x80\xEF\xBF\xBD\n" },
	{ "shared string out of range", RELS_XML("worksheets/sheet2.xml"),
	  SHEET("<row r=\"12\"><c r=\"C12\" t=\"s\"><v>2</v></c></row>"),
	  "sheet 'Flags' cell C12: shared string 2 does not exist (2 strings)" },
	{ "shared string index not a number", RELS_XML("worksheets/sheet2.xml"),
	  SHEET("<row><c t=\"s\"><v>-1</v></c></row>"),
	  "sheet 'Flags' cell A1: shared string -1 does not exist (2 strings)" },
	{ "unknown cell type", RELS_XML("worksheets/sheet2.xml"),
	  SHEET("<row><c r=\"B2\" t=\"x\"><v>1</v></c></row>"),
	  "sheet 'Flags' cell B2: unknown cell type 'x'" },
	{ "bad cell reference", RELS_XML("worksheets/sheet2.xml"),
	  SHEET("<row><c r=\"XFE1\"><v>1</v></c></row>"),
	  "xl/worksheets/sheet2.xml:1:94: cell reference 'XFE1' is not valid" },
	{ "bad row number", RELS_XML("worksheets/sheet2.xml"),
	  SHEET("<row r=\"1048577\"><c><v>1</v></c></row>"),
	  "xl/worksheets/sheet2.xml:1:89: row number '1048577' is not valid" },
	{ "malformed XML", RELS_XML("worksheets/sheet2.xml"),
	  SHEET("<row r=\"1\">\n<c r=\"A1\"><v>1</c></row>"),
	  "xl/worksheets/sheet2.xml:2:17: malformed XML: mismatched tag" },
	{ "truncated XML", RELS_XML("worksheets/sheet2.xml"),
	  "<worksheet><sheetData><row>",
	  "xl/worksheets/sheet2.xml:1:28: malformed XML: no element found" },
	{ "billion laughs", RELS_XML("worksheets/sheet2.xml"),
	  "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n"
	  "<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
	  "<!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n"
	  "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
	  "<!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n"
	  "<!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n"
	  "<!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n"
	  "<!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n"
	  "<!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n"
	  "<!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n"
	  "]>\n" SHEET("<row><c t=\"inlineStr\"><is><t>&lol9;</t></is></c></row>"),
	  "xl/worksheets/sheet2.xml:2:16: XML with a DTD is not allowed (entity expansion)" },
	{ "undefined entity", RELS_XML("worksheets/sheet2.xml"),
	  SHEET("<row><c t=\"inlineStr\"><is><t>&nbsp;</t></is></c></row>"),
	  "xl/worksheets/sheet2.xml:1:118: malformed XML: undefined entity" },
	{ "relationship outside the package", RELS_XML("../../etc/passwd"), SHEET(""),
	  "xl/_rels/workbook.xml.rels:1:85: relationship target '../../etc/passwd' is "
	  "outside the package" },
	{ "missing sheet part", RELS_XML("worksheets/sheet9.xml"), SHEET(""),
	  "missing part xl/worksheets/sheet9.xml" },
	{ "sheet without relationship",
	  "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	  "<Relationship Id=\"rId1\" Type=\"" REL_NS "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
	  "</Relationships>", SHEET(""),
	  "sheet 'Flags' has no relationship 'rId2' in xl/_rels/workbook.xml.rels" },
	{ "chartsheet",
	  "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	  "<Relationship Id=\"rId2\" Type=\"" REL_NS "/chartsheet\" Target=\"worksheets/sheet2.xml\"/>"
	  "</Relationships>", SHEET(""),
	  "sheet 'Flags' is not a worksheet (xl/worksheets/sheet2.xml)" },
};

START_TEST(hand_made_sheet)
{
	const struct sheet_case *c = &sheet_cases[_i];
	struct diag err;
	struct buf b;
	struct tmp t;
	int rc;

	tmp_make(&t, "hand.xlsx");
	write_book(t.path, c->rels, "xl/worksheets/sheet2.xml", c->sheet);
	rc = read_log(t.path, "Flags", NULL, &b, &err);
	if (strstr(c->want, "\n")) {
		ck_assert_msg(rc == 0, "%s: %s", c->name, err.msg);
		ck_assert_str_eq(b.s, c->want);
	} else {
		char full[DIAG_MSG_MAX];

		snprintf(full, sizeof(full), "%s: %s", t.path, c->want);
		ck_assert_msg(rc == -1, "%s: read %s", c->name, b.s);
		ck_assert_str_eq(err.msg, full);
	}
	buf_release(&b);
	tmp_drop(&t);
}
END_TEST

START_TEST(deep_nesting_fails)
{
	struct buf x;
	struct tmp t;
	int i;

	buf_init(&x, 0);
	buf_adds(&x, "<worksheet><sheetData>");
	for (i = 0; i < 10000; i++)
		buf_adds(&x, "<a>");
	tmp_make(&t, "deep.xlsx");
	write_book(t.path, RELS_XML("worksheets/sheet2.xml"), "xl/worksheets/sheet2.xml", x.s);
	check_error(t.path, "Flags", NULL,
		    "xl/worksheets/sheet2.xml:1:209: XML nested deeper than 64 elements");
	buf_release(&x);
	tmp_drop(&t);
}
END_TEST

START_TEST(missing_workbook_part_fails)
{
	const char *no_book[] = { "xl/_rels/workbook.xml.rels", RELS_XML("x.xml"), NULL };
	const char *no_rels[] = { "xl/workbook.xml", WORKBOOK_XML, NULL };
	const char *bad_book[] = { "xl/workbook.xml", "<workbook><sheets><sheet name=\"A\"/>",
				   "xl/_rels/workbook.xml.rels", RELS_XML("x.xml"), NULL };
	struct tmp t;

	tmp_make(&t, "parts.xlsx");
	write_zip(t.path, no_book);
	check_error(t.path, "Flags", NULL, "not an xlsx workbook (no xl/workbook.xml)");
	write_zip(t.path, no_rels);
	check_error(t.path, "Flags", NULL,
		    "not an xlsx workbook (no xl/_rels/workbook.xml.rels)");
	write_zip(t.path, bad_book);
	check_error(t.path, "Flags", NULL,
		    "xl/workbook.xml:1:19: <sheet> without a name or r:id");
	tmp_drop(&t);
}
END_TEST

START_TEST(not_a_zip_fails)
{
	static const char ole2[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 and then some more bytes";
	struct tmp t;
	FILE *f;

	tmp_make(&t, "book.xlsx");
	ck_assert_ptr_nonnull(f = fopen(t.path, "wb"));
	fputs("Supplier,Flag\nAcme,R024\n", f);
	fclose(f);
	check_error(t.path, "Flags", NULL, "not an xlsx workbook (zip: Not a zip archive)");
	ck_assert_ptr_nonnull(f = fopen(t.path, "wb"));
	fwrite(ole2, 1, sizeof(ole2) - 1, f);
	fclose(f);
	check_error(t.path, "Flags", NULL, "encrypted or not an xlsx workbook (an OLE2 file: a "
		    "password-protected workbook or an old .xls; save it as .xlsx without a "
		    "password)");
	unlink(t.path);
	check_error(t.path, "Flags", NULL, "cannot open (zip: No such file)");
	tmp_drop(&t);
}
END_TEST

/* Set the uncompressed size of `name` in its local and central headers. */
static void patch_size(const char *path, const char *name, uint32_t size)
{
	unsigned char *d;
	size_t n, i, len = strlen(name);
	FILE *f;
	int hits = 0;

	ck_assert_ptr_nonnull(f = fopen(path, "r+b"));
	fseek(f, 0, SEEK_END);
	n = (size_t)ftell(f);
	rewind(f);
	d = malloc(n);
	ck_assert_uint_eq(fread(d, 1, n, f), n);
	for (i = 0; i + 46 + len <= n; i++) {
		size_t at = 0;

		if (!memcmp(d + i, "PK\3\4", 4) && !memcmp(d + i + 30, name, len))
			at = i + 22;
		else if (!memcmp(d + i, "PK\1\2", 4) && !memcmp(d + i + 46, name, len))
			at = i + 24;
		if (at) {
			d[at] = (unsigned char)size;
			d[at + 1] = (unsigned char)(size >> 8);
			d[at + 2] = (unsigned char)(size >> 16);
			d[at + 3] = (unsigned char)(size >> 24);
			hits++;
		}
	}
	ck_assert_int_eq(hits, 2);
	rewind(f);
	ck_assert_uint_eq(fwrite(d, 1, n, f), n);
	fclose(f);
	free(d);
}

START_TEST(zip_bombs_fail)
{
	struct xlsx_limits lim = { .max_part = 64 << 10 };
	struct buf x;
	struct tmp t;
	int i;

	tmp_make(&t, "bomb.xlsx");
	/* declared 2 GiB */
	write_book(t.path, RELS_XML("worksheets/sheet2.xml"), "xl/worksheets/sheet2.xml",
		   SHEET("<row><c><v>1</v></c></row>"));
	patch_size(t.path, "xl/worksheets/sheet2.xml", 0x7FFFFFFF);
	check_error(t.path, "Flags", NULL, "xl/worksheets/sheet2.xml: 2147483647 bytes "
		    "uncompressed, more than the limit of 268435456 (a zip bomb?)");
	/* 1 MiB of blanks under a 64 KiB limit: declared, then lying about it */
	buf_init(&x, 0);
	buf_adds(&x, "<worksheet><sheetData>");
	for (i = 0; i < 1 << 20; i++)
		buf_addc(&x, ' ');
	buf_adds(&x, "</sheetData></worksheet>");
	write_book(t.path, RELS_XML("worksheets/sheet2.xml"), "xl/worksheets/sheet2.xml", x.s);
	check_error(t.path, "Flags", &lim, "xl/worksheets/sheet2.xml: 1048622 bytes "
		    "uncompressed, more than the limit of 65536 (a zip bomb?)");
	patch_size(t.path, "xl/worksheets/sheet2.xml", 1000);
	check_error(t.path, "Flags", &lim, "xl/worksheets/sheet2.xml: more than 65536 bytes "
		    "uncompressed (a zip bomb?)");
	buf_release(&x);
	tmp_drop(&t);
}
END_TEST

START_TEST(count_limits_fail)
{
	struct xlsx_limits cells = { .max_cells = 2 }, strings = { .max_strings = 1 },
			   text = { .max_text = 4 };
	struct tmp t;

	tmp_make(&t, "limits.xlsx");
	write_book(t.path, RELS_XML("worksheets/sheet2.xml"), "xl/worksheets/sheet2.xml",
		   SHEET("<row><c><v>1</v></c><c><v>2</v></c><c><v>3</v></c></row>"));
	check_error(t.path, "Flags", &cells, "sheet 'Flags' cell C1: more than 2 cells in the sheet");
	check_error(t.path, "Flags", &strings,
		    "xl/sharedStrings.xml:1:207: more than 1 shared strings");
	check_error(t.path, "Flags", &text,
		    "xl/sharedStrings.xml:1:89: text longer than 4 bytes");
	tmp_drop(&t);
}
END_TEST

/* --- shared strings by reference and the cap on expanded text ----------- */

struct seen {
	const char *text[8];
	size_t len[8];
	long shared[8];
	int n;
};

static int keep_cell(void *ctx, const struct xlsx_cell *c, struct diag *err)
{
	struct seen *s = ctx;

	(void)err;
	ck_assert_int_lt(s->n, 8);
	s->text[s->n] = c->text;
	s->len[s->n] = c->len;
	s->shared[s->n++] = c->shared;
	return 0;
}

START_TEST(shared_strings_are_handed_by_reference)
{
	struct xlsx_book *book;
	struct seen s = { .n = 0 };
	struct diag err;
	struct tmp t;

	tmp_make(&t, "shared.xlsx");
	write_book(t.path, RELS_XML("worksheets/sheet2.xml"), "xl/worksheets/sheet2.xml",
		   SHEET("<row><c t=\"s\"><v>0</v></c><c t=\"s\"><v>1</v></c><c t=\"s\"><v>0</v>"
			 "</c><c t=\"inlineStr\"><is><t>own</t></is></c><c><v>7</v></c></row>"));
	diag_init(&err);
	ck_assert_ptr_nonnull(book = xlsx_open(t.path, NULL, &err));
	ck_assert_uint_eq(xlsx_shared_count(book), 0);
	ck_assert_int_eq(xlsx_read_sheet(book, "Flags", keep_cell, &s, &err), 0);
	ck_assert_uint_eq(xlsx_shared_count(book), 2);
	ck_assert_int_eq(s.n, 5);
	/* the same string twice: one pointer, the book's, alive after the read */
	ck_assert_ptr_eq(s.text[0], s.text[2]);
	ck_assert_int_eq(s.shared[0], 0);
	ck_assert_int_eq(s.shared[1], 1);
	ck_assert_int_eq(s.shared[2], 0);
	ck_assert_str_eq(s.text[0], "first");
	ck_assert_uint_eq(s.len[0], 5);
	ck_assert_str_eq(s.text[1], "rich text ");
	ck_assert_uint_eq(s.len[1], 10);
	ck_assert_int_eq(s.shared[3], -1);
	ck_assert_uint_eq(s.len[3], 3);
	ck_assert_int_eq(s.shared[4], -1);
	ck_assert_uint_eq(s.len[4], 1);
	xlsx_close(book);
	tmp_drop(&t);
}
END_TEST

/* 1 shared string of 64 KB in each of 100,000 cells (1000 rows of 100). */
static void write_repeat_book(const char *path)
{
	struct buf sst, sheet;
	int i;

	buf_init(&sst, 0);
	buf_init(&sheet, 0);
	buf_adds(&sst, "<sst xmlns=\"" MAIN_NS "\"><si><t>");
	for (i = 0; i < 65536; i++)
		buf_addc(&sst, 'A');
	buf_adds(&sst, "</t></si></sst>");
	buf_adds(&sheet, "<worksheet xmlns=\"" MAIN_NS "\"><sheetData>");
	for (i = 0; i < 100000; i++)
		buf_printf(&sheet, "%s<c t=\"s\"><v>0</v></c>%s", i % 100 ? "" : "<row>",
			   i % 100 == 99 ? "</row>" : "");
	buf_adds(&sheet, "</sheetData></worksheet>");
	{
		const char *parts[] = {
			"xl/workbook.xml", WORKBOOK_XML,
			"xl/_rels/workbook.xml.rels", RELS_XML("worksheets/sheet2.xml"),
			"xl/sharedStrings.xml", sst.s,
			"xl/worksheets/sheet1.xml", SHEET(""),
			"xl/worksheets/sheet2.xml", sheet.s,
			NULL
		};

		write_zip(path, parts);
	}
	buf_release(&sst);
	buf_release(&sheet);
}

struct tally {
	unsigned long cells;
	size_t bytes;
	const char *first;
	int same;
};

static int tally_cell(void *ctx, const struct xlsx_cell *c, struct diag *err)
{
	struct tally *t = ctx;

	(void)err;
	if (!t->cells++)
		t->first = c->text;
	t->same += c->text == t->first && c->shared == 0;
	t->bytes += c->len;
	return 0;
}

static long max_rss_kb(void)
{
	struct rusage ru;

	return getrusage(RUSAGE_SELF, &ru) == 0 ? ru.ru_maxrss : -1;
}

START_TEST(repeated_shared_string_is_capped_not_copied)
{
	struct xlsx_limits uncapped = { .max_expanded = (size_t)-1 };
	struct tmp t;
	pid_t pid;
	int status;

	tmp_make(&t, "repeat.xlsx");
	write_repeat_book(t.path);
	/* 6.4 GB of text: refused at the cell that passes 256 MiB */
	check_error(t.path, "Flags", NULL, "sheet 'Flags' cell CS41: the cells' text comes to "
		    "more than 268435456 bytes (one shared string repeated in too many cells?)");
	/* without the cap every cell comes, pointing at the one copy: a few MB */
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct tally ty = { 0, 0, NULL, 0 };
		struct diag err;
		long before = max_rss_kb(), after;
		int rc = xlsx_read(t.path, "Flags", &uncapped, tally_cell, &ty, &err);

		after = max_rss_kb();
		_exit(rc == 0 && ty.cells == 100000 && ty.same == 100000 &&
		      ty.bytes == (size_t)100000 * 65536 && before >= 0 &&
		      after - before < 32 * 1024 ? 0 : 1);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		      "reading 100,000 cells of one shared string: wrong cells or over 32 MB");
	tmp_drop(&t);
}
END_TEST

START_TEST(expanded_text_cap_counts_every_cell)
{
	struct xlsx_limits ten = { .max_expanded = 10 }, nine = { .max_expanded = 9 };
	struct diag err;
	struct buf b;
	struct tmp t;

	tmp_make(&t, "cap.xlsx");
	write_book(t.path, RELS_XML("worksheets/sheet2.xml"), "xl/worksheets/sheet2.xml",
		   SHEET("<row r=\"2\"><c t=\"s\"><v>0</v></c><c t=\"inlineStr\"><is><t>ab</t>"
			 "</is></c><c><v>123</v></c></row>"));
	/* 5 + 2 + 3 bytes: exactly the cap */
	ck_assert_msg(read_log(t.path, "Flags", &ten, &b, &err) == 0, "%s", err.msg);
	ck_assert_str_eq(b.s, "A2 s first\nB2 s ab\nC2 n 123\n");
	buf_release(&b);
	check_error(t.path, "Flags", &nine, "sheet 'Flags' cell C2: the cells' text comes to "
		    "more than 9 bytes (one shared string repeated in too many cells?)");
	tmp_drop(&t);
}
END_TEST

/* --- dates and names ---------------------------------------------------- */

static const struct {
	const char *text;
	int32_t ymd;        /* 0: rejected */
} serials[] = {
	{ "1", 19000101 }, { "59", 19000228 }, { "60", 0 }, { "61", 19000301 },
	{ "0", 0 }, { "46022", 20251231 }, { "46023", 20260101 }, { "46022.5", 20251231 },
	{ "46022.999", 20251231 }, { "45351", 20240229 }, { "36526", 20000101 },
	{ "2958465", 99991231 }, { "2958466", 0 }, { "-1", 0 }, { "", 0 }, { ".5", 0 },
	{ "4.6E4", 0 }, { "46022.5x", 0 }, { " 46022", 0 }, { "046022", 20251231 },
	{ "99999999999999999999", 0 },
};

START_TEST(serial_date_1900_system)
{
	int32_t ymd = -7;
	int rc = xlsx_serial_date(serials[_i].text, &ymd);

	ck_assert_msg(rc == (serials[_i].ymd ? 0 : -1), "'%s'", serials[_i].text);
	ck_assert_int_eq(ymd, serials[_i].ymd ? serials[_i].ymd : -7);
}
END_TEST

START_TEST(serial_date_1904_system)
{
	int32_t ymd = 0;

	ck_assert_int_eq(xlsx_serial_date1904("0", &ymd), 0);
	ck_assert_int_eq(ymd, 19040101);
	ck_assert_int_eq(xlsx_serial_date1904("44560", &ymd), 0);
	ck_assert_int_eq(ymd, 20251231);
	ck_assert_int_eq(xlsx_serial_date1904("2957003", &ymd), 0);
	ck_assert_int_eq(ymd, 99991231);
	ck_assert_int_eq(xlsx_serial_date1904("2957004", &ymd), -1);
}
END_TEST

static const struct {
	unsigned long row;
	unsigned col;
	const char *name;
} names[] = {
	{ 1, 0, "A1" }, { 12, 2, "C12" }, { 1, 25, "Z1" }, { 1, 26, "AA1" }, { 7, 51, "AZ7" },
	{ 1, 701, "ZZ1" }, { 1, 702, "AAA1" }, { 1048576, 16383, "XFD1048576" },
	{ 0, 0, "?" }, { 1048577, 0, "?" }, { 1, 16384, "?" },
};

START_TEST(cell_name_table)
{
	char out[16];

	ck_assert_int_eq(xlsx_cell_name(names[_i].row, names[_i].col, out),
			 names[_i].name[0] == '?' ? -1 : 0);
	ck_assert_str_eq(out, names[_i].name);
}
END_TEST

static Suite *xlsxread_suite(void)
{
	Suite *s = suite_create("xlsxread");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 30);
	tcase_add_loop_test(tc, lxw_workbook_reads_back_exactly, 0, 2);
	tcase_add_test(tc, lxw_workbook_lists_sheets_and_reads_from_memory);
	tcase_add_test(tc, callback_stops_early_or_fails);
	tcase_add_test(tc, openpyxl_edited_workbook_reads);
	tcase_add_test(tc, date_styles_and_hidden_sheets);
	tcase_add_test(tc, number_formats_tell_dates);
	tcase_add_loop_test(tc, hand_made_sheet, 0, sizeof(sheet_cases) / sizeof(sheet_cases[0]));
	tcase_add_test(tc, deep_nesting_fails);
	tcase_add_test(tc, missing_workbook_part_fails);
	tcase_add_test(tc, not_a_zip_fails);
	tcase_add_test(tc, zip_bombs_fail);
	tcase_add_test(tc, count_limits_fail);
	tcase_add_test(tc, shared_strings_are_handed_by_reference);
	tcase_add_test(tc, repeated_shared_string_is_capped_not_copied);
	tcase_add_test(tc, expanded_text_cap_counts_every_cell);
	tcase_add_loop_test(tc, serial_date_1900_system, 0, sizeof(serials) / sizeof(serials[0]));
	tcase_add_test(tc, serial_date_1904_system);
	tcase_add_loop_test(tc, cell_name_table, 0, sizeof(names) / sizeof(names[0]));
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(xlsxread_suite)
