#ifndef CHAINWATCH_ODSREAD_H
#define CHAINWATCH_ODSREAD_H

/*
 * Reading the cells of an OpenDocument spreadsheet (.ods: LibreOffice,
 * Google Sheets exports): a zip whose content.xml holds every sheet.  Like
 * xlsxread (the other module that includes zip.h and expat.h), the part is
 * streamed from libzip into expat: every sheet's cells in one pass, handed
 * over with the xlsx reader's callback (xlsxread.h).
 *
 * A cell's value comes from its office:value-type: float, percentage and
 * currency cells give office:value as written (XLSX_NUMBER: never the
 * displayed, rounded text); date cells office:date-value (XLSX_DATE,
 * "2015-10-13" or "2015-10-13T09:30:00"); booleans "0"/"1"; text cells
 * their paragraphs joined with line breaks (<text:s/> spaces and tabs
 * kept, annotations left out).  Repeated cells and rows
 * (table:number-columns-repeated, table:number-rows-repeated) are
 * handed over once per repeat when they hold a value; empty repeats only
 * move the place on, so LibreOffice's trailing million blank rows cost
 * nothing.  A sheet is hidden when its table style says
 * table:display="false".
 *
 * Hostile files are bounded by struct xlsx_limits: content.xml's size
 * (declared and read), the cells handed over from each sheet (repeats
 * included), one cell's text, all the text handed over from a sheet, and
 * the XML nesting; a DTD is refused.  Errors (CW_INPUT) name the file:
 *     book.ods: not an OpenDocument spreadsheet (no content.xml)
 *     book.ods: content.xml:2:17: malformed XML: mismatched tag
 *     book.ods: sheet 'Spend': more than 16777216 cells
 */

#include "chainwatch/diag.h"
#include "chainwatch/xlsxread.h"

/* A sheet begins: its name (valid during the call) and whether it is hidden.  0 or -1. */
typedef int ods_table_fn(void *ctx, const char *name, int hidden, struct diag *err);

/*
 * Stream every sheet of the .ods at `path` (also the name in messages):
 * `table` at each sheet's start, then `cell` for its cells in order.
 * `lim` may be NULL.  0 or -1.
 */
int ods_read(const char *path, const struct xlsx_limits *lim, ods_table_fn *table,
	     xlsx_cell_fn *cell, void *ctx, struct diag *err);

/* The same from memory (tests, fuzzing); `p` is borrowed. */
int ods_read_mem(const void *p, size_t n, const char *name, const struct xlsx_limits *lim,
		 ods_table_fn *table, xlsx_cell_fn *cell, void *ctx, struct diag *err);

#endif
