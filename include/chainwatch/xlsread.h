#ifndef CHAINWATCH_XLSREAD_H
#define CHAINWATCH_XLSREAD_H

/*
 * Reading the cells of a legacy Excel .xls workbook (BIFF5/BIFF8 in an
 * OLE2 compound file) through Debian's libfreexl.  The only module that
 * includes freexl.h.  BIFF is a binary format with decades of quirks
 * (continued records, shared string tables split across records, code
 * pages, RK-packed numbers): a maintained library reads it, we do not.
 *
 * Cells are handed over row by row with the xlsx reader's callback
 * (xlsxread.h): text as UTF-8, numbers as "%.15g" (what Excel shows),
 * date and date-time cells as XLSX_DATE "YYYY-MM-DD".  libfreexl reads
 * the whole workbook into memory on open; an .xls sheet is at most
 * 65,536 rows by 256 columns, and the file is refused when bigger than
 * lim->max_part.  libfreexl does not report whether a sheet is hidden.
 *
 * Errors (CW_INPUT): "book.xls: not an Excel 97-2003 workbook (...)",
 * "book.xls: password-protected workbook", "book.xls: sheet 'X': ...".
 */

#include <stddef.h>

#include "chainwatch/diag.h"
#include "chainwatch/xlsxread.h"

struct xls_book;

/* NULL on error.  `lim` may be NULL (max_part 256 MiB). */
struct xls_book *xls_open(const char *path, const struct xlsx_limits *lim, struct diag *err);
void xls_close(struct xls_book *book);
size_t xls_sheet_count(const struct xls_book *book);
/* libfreexl's version ("1.0.6"), for messages. */
const char *xls_library_version(void);
/* Sheet i's name (UTF-8), owned by the book; NULL past the end. */
const char *xls_sheet_name(const struct xls_book *book, size_t i);
/* Stream sheet i's non-empty cells, row by row.  0 or -1. */
int xls_read_sheet(struct xls_book *book, size_t i, xlsx_cell_fn *cell, void *ctx,
		   struct diag *err);

#endif
