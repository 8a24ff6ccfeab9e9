#ifndef CHAINWATCH_XLSXREAD_H
#define CHAINWATCH_XLSXREAD_H

/*
 * Reading the cells of one worksheet of an .xlsx file: the workbooks that
 * contract managers edit in Excel (or LibreOffice, or openpyxl) and send
 * back.  With odsread.c, the only module that includes expat.h, and with
 * it, companies.c and zipmem.c, the only ones that include zip.h (libzip).
 *
 *     struct xlsx_book *book = xlsx_open("back.xlsx", NULL, err);
 *     if (!book || xlsx_read_sheet(book, "Flags", on_cell, ctx, err) < 0)
 *             ... report err ...
 *     xlsx_close(book);
 *
 * or in one call: xlsx_read("back.xlsx", "Flags", NULL, on_cell, ctx, err).
 *
 * What is read: xl/workbook.xml (sheet names, their relationship ids, the
 * 1904 date system flag), xl/_rels/workbook.xml.rels (relative targets
 * like "worksheets/sheet4.xml" and absolute ones like
 * "/xl/worksheets/sheet4.xml"), the shared strings part when there is one,
 * and the worksheet part, streamed.  Elements are matched by local name
 * and namespace, so prefixed ("x:c") and strict-OOXML files read too.
 *
 * Cells are handed to the callback in document order; a cell with neither
 * a value nor an inline string (a formatted blank, a formula never
 * calculated) is not handed over, but a formula whose string result is ""
 * is.  Text is UTF-8 exactly as stored (leading and trailing spaces kept,
 * rich-text runs joined, phonetic runs left out) with Excel's "_xHHHH_"
 * escapes decoded ("_x000D_" is CR); for numbers it is the value as
 * written ("46022.5", "1E-3"): turn date serials into dates with
 * xlsx_serial_date().  A cell's place comes from its r attribute ("C12")
 * or, when absent, from its position after the previous cell.
 *
 * Errors (code CW_INPUT, nothing printed) name the file, then the part and
 * the line:column expat reports, or the sheet and cell:
 *     back.xlsx: cannot open (zip: No such file)
 *     back.xlsx: not an xlsx workbook (zip: Not a zip archive)
 *     back.xlsx: not an xlsx workbook (no xl/workbook.xml)
 *     back.xlsx: not an xlsx workbook (no xl/workbook.xml: a Word document)
 *     back.xlsx: is an Excel binary workbook (.xlsb), which chainwatch does not read: ...
 *     back.xlsx: encrypted or not an xlsx workbook (an OLE2 file: ...)
 *     back.xlsx: xl/worksheets/sheet2.xml:2:17: malformed XML: mismatched tag
 *     back.xlsx: xl/worksheets/sheet2.xml:2:16: XML with a DTD is not allowed ...
 *     back.xlsx: xl/worksheets/sheet2.xml: 2147483647 bytes uncompressed, ...
 *     back.xlsx: sheet 'Flags' cell C12: shared string 99 does not exist (12 strings)
 *     back.xlsx: sheet 'Flags' cell CS41: the cells' text comes to more than ...
 *     back.xlsx: no sheet named 'Flags' (sheets: Read me, Summary, Suppliers)
 * Hostile input is bounded by struct xlsx_limits: every part's
 * uncompressed size (declared and actually read), the cells of a sheet,
 * the shared strings, one cell's text, the text of all the cells handed
 * over (a shared string counted once per cell that uses it, so one 64 KB
 * string in 100,000 cells is refused, not expanded to 6.4 GB) and the XML
 * nesting depth; DTDs (and so entity expansion) are refused outright.
 * Shared strings are held once, in the book, and handed over by reference:
 * reading a sheet takes the shared strings' size plus one cell.  Out of
 * memory aborts (xalloc.h), as everywhere.
 */

#include <stddef.h>
#include <stdint.h>

#include "chainwatch/diag.h"

#define XLSX_MAX_ROW 1048576UL           /* Excel's limits */
#define XLSX_MAX_COL 16384U

struct xlsx_limits {
	size_t max_part;      /* uncompressed bytes of one part; 0 = 256 MiB */
	unsigned long max_cells;   /* cells handed over from one sheet; 0 = 16M */
	size_t max_strings;   /* shared strings; 0 = 4M */
	size_t max_text;      /* bytes of one cell's or shared string's text; 0 = 1 MiB */
	size_t max_expanded;  /* bytes of text handed over from one sheet; 0 = 256 MiB */
	unsigned max_depth;   /* XML element nesting; 0 = 64, at most 255 (real files < 15) */
};

enum xlsx_cell_type {
	XLSX_NUMBER,     /* t="n" or no t: the number as written */
	XLSX_STRING,     /* t="s" (shared), t="inlineStr", t="str" (formula result) */
	XLSX_BOOLEAN,    /* t="b": "0" or "1" */
	XLSX_ERROR,      /* t="e": "#N/A", "#DIV/0!", ... */
	XLSX_DATE        /* t="d": ISO 8601 text, "2026-01-01T00:00:00" */
};

struct xlsx_book;

/*
 * Open the workbook at `path` (also the name used in messages) and read
 * its sheet list.  `lim` may be NULL for the defaults.  NULL on error.
 * The book belongs to the caller: xlsx_close() it.
 */
struct xlsx_book *xlsx_open(const char *path, const struct xlsx_limits *lim, struct diag *err);
/*
 * The same from memory (for tests and fuzzing): `p` is borrowed and must
 * outlive the book; `name` is used in messages.
 */
struct xlsx_book *xlsx_open_mem(const void *p, size_t n, const char *name,
				const struct xlsx_limits *lim, struct diag *err);
void xlsx_close(struct xlsx_book *book);

/* The sheets in workbook order; names belong to the book. */
size_t xlsx_sheet_count(const struct xlsx_book *book);
const char *xlsx_sheet_name(const struct xlsx_book *book, size_t i);
/* 1 when sheet i is hidden (state "hidden" or "veryHidden"). */
int xlsx_sheet_hidden(const struct xlsx_book *book, size_t i);
/* 1 when the workbook uses the 1904 date system (old Mac Excel). */
int xlsx_date1904(const struct xlsx_book *book);
/*
 * "Read me, Summary, Flags" into the caller's out (size outsz, always
 * NUL-terminated; cut with "..." when it does not fit).  Returns out.
 */
char *xlsx_sheet_list(const struct xlsx_book *book, char *out, size_t outsz);

/*
 * A cell handed over.  Its text is NUL-terminated, len bytes, and valid
 * only during the call - except a shared string's (shared >= 0): that is
 * the book's one copy of shared string number `shared`, the same pointer
 * for every cell that uses it, valid until xlsx_close().  Keep such text
 * by reference or by index, not a copy per cell: a 13 KB workbook can
 * use one 64 KB string in 100,000 cells.
 */
struct xlsx_cell {
	unsigned long row;            /* 1-based */
	unsigned col;                 /* 0-based */
	enum xlsx_cell_type type;
	const char *text;
	size_t len;
	long shared;                  /* index in the shared strings, or -1 */
	int date;                     /* a number whose cell style shows it as a date or
	                                 date-time (xl/styles.xml): a serial day number */
};

/*
 * Called for each cell.  Return 0 to go on, 1 to stop early (the read
 * then returns 0), or -1 with err filled, which the read returns
 * unchanged.
 */
typedef int xlsx_cell_fn(void *ctx, const struct xlsx_cell *cell, struct diag *err);

/*
 * Stream the cells of the sheet named `sheet` (exact name first, then
 * ignoring ASCII case as Excel does) to `cell`.  Shared strings are loaded
 * on the first call.  0 or -1.
 */
int xlsx_read_sheet(struct xlsx_book *book, const char *sheet, xlsx_cell_fn *cell, void *ctx,
		    struct diag *err);

/* Shared strings loaded so far (by the first xlsx_read_sheet). */
size_t xlsx_shared_count(const struct xlsx_book *book);

/* xlsx_open + xlsx_read_sheet + xlsx_close (shared text then dies with the book). */
int xlsx_read(const char *path, const char *sheet, const struct xlsx_limits *lim,
	      xlsx_cell_fn *cell, void *ctx, struct diag *err);

/*
 * An Excel serial day number ("46022", "46022.5"; the time of day is
 * dropped) to yyyymmdd in the 1900 date system, where 1 is 1900-01-01 and
 * 61 is 1900-03-01: serial 60 is Excel's 29 February 1900, which never
 * was, and is rejected like 0, negatives, serials past 9999-12-31 and
 * anything that is not plain digits with an optional fraction.  The 1904
 * variant counts 0 as 1904-01-01.  0, or -1 with *ymd untouched.
 */
int xlsx_serial_date(const char *text, int32_t *ymd);
int xlsx_serial_date1904(const char *text, int32_t *ymd);

/* "C12" for row 12, col 2 into out.  -1 (out "?") outside Excel's grid. */
int xlsx_cell_name(unsigned long row, unsigned col, char out[16]);

#endif
