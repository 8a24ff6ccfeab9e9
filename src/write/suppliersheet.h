#ifndef CHAINWATCH_SUPPLIERSHEET_H
#define CHAINWATCH_SUPPLIERSHEET_H

/*
 * The supplier risk workbook's Suppliers and Flags sheets
 * (src/write/suppliersheet.c): one row per supplier with its assessment, and
 * one row per flag with the review cells.  Part of the workbook module's
 * private half (sheet.h); only src/write/workbook.c calls these.
 */

struct book;
struct scan_report;

/* The Suppliers sheet: one row per supplier in report order; risk cells blank when not assessed. */
void suppliersheet_write(struct book *bk, const struct scan_report *r);
/* The Flags sheet: one row per flag, review cells unlocked and validated; a note when none. */
void suppliersheet_write_flags(struct book *bk, const struct scan_report *r);

#endif
