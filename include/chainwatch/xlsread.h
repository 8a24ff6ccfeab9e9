#ifndef CHAINWATCH_XLSREAD_H
#define CHAINWATCH_XLSREAD_H

/*
 * Reading the cells of a legacy Excel 97-2003 .xls workbook: BIFF8 (and
 * Excel 5/95's BIFF5) records in the "Workbook" ("Book") stream of an
 * OLE2 compound file (cfb.h; records and strings: biff.h).  Our own
 * reader: Debian 12's libfreexl refuses real council files (an empty
 * string in the shared strings is a "crafted file" to it) and crashes on
 * damaged ones.
 *
 *     struct xls_book *book = xls_open("pay.xls", NULL, err);
 *     for (i = 0; book && i < xls_sheet_count(book); i++)
 *             if (xls_read_sheet(book, i, on_cell, ctx, err) < 0) ...
 *     xls_close(book);
 *
 * The file is read into memory once (refused when bigger than
 * lim->max_part) and its workbook stream copied out; the workbook globals
 * (sheet list, shared strings, formats, code page, the 1904 date system)
 * are read on open.  Read: LABELSST, LABEL, RSTRING, NUMBER, RK, MULRK,
 * BOOLERR (booleans as XLSX_BOOLEAN "0"/"1"; error values skipped),
 * FORMULA (its cached number, boolean or string, the string from the
 * STRING record that follows); blanks are skipped.  Shared strings may be
 * split over CONTINUE records and may be empty.  BIFF8 text is UTF-16 or
 * Latin-1 ("compressed"); BIFF5 text is in the workbook's code page, of
 * which windows-1252 (and ASCII) are read.
 *
 * Cells are handed over with the xlsx reader's callback (xlsxread.h), row
 * by row, columns rising (sorted: BIFF keeps cells mostly, not always, in
 * row order; of two cells in one place the later wins): text as UTF-8
 * (shared strings by reference, shared >= 0), numbers as "%.15g",
 * numbers in a date format (built-in formats 14-22, 27-36, 45-47, 50-58,
 * or a custom format with d, m or y outside quotes and brackets) as
 * XLSX_DATE "YYYY-MM-DD" in the workbook's date system (a serial that is
 * no date, such as a time of day, stays a number).  Worksheets only:
 * chart and macro sheets are not listed.
 *
 * Errors (CW_INPUT) are located: "pay.xls: not an Excel 97-2003 workbook
 * (...)", "pay.xls: compound file: directory: its chain loops at sector
 * 7", "pay.xls: password-protected workbook: ...", "pay.xls: Workbook
 * stream offset 1234: record 0x00FC (SST) is cut short", "pay.xls: sheet
 * 'Data': more than 16777216 cells".  Every count and offset in the file
 * is checked; a hostile file is an error, never a crash or a hang.
 */

#include <stddef.h>

#include "chainwatch/diag.h"
#include "chainwatch/xlsxread.h"

struct xls_book;

/*
 * A new book, the caller's to close with xls_close(); NULL + err on error.
 * `lim` may be NULL (the xlsx reader's defaults).
 */
struct xls_book *xls_open(const char *path, const struct xlsx_limits *lim, struct diag *err);
/* The same from memory (tests, fuzzing): p[0..n) is copied from; `name` is for messages. */
struct xls_book *xls_open_mem(const void *p, size_t n, const char *name,
			      const struct xlsx_limits *lim, struct diag *err);
void xls_close(struct xls_book *book);
size_t xls_sheet_count(const struct xls_book *book);
/* Sheet i's name (UTF-8), owned by the book; NULL past the end. */
const char *xls_sheet_name(const struct xls_book *book, size_t i);
/* 1 when sheet i is hidden or very hidden. */
int xls_sheet_hidden(const struct xls_book *book, size_t i);
/* 1 when the workbook uses the 1904 date system (dates are converted already). */
int xls_date1904(const struct xls_book *book);
/* 8 for Excel 97-2003 (BIFF8), 5 for Excel 5/95 (BIFF5). */
int xls_biff_version(const struct xls_book *book);
/* Stream sheet i's non-empty cells, row by row.  0 or -1. */
int xls_read_sheet(struct xls_book *book, size_t i, xlsx_cell_fn *cell, void *ctx,
		   struct diag *err);

#endif
