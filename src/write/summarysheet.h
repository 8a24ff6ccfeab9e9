#ifndef CHAINWATCH_SUMMARYSHEET_H
#define CHAINWATCH_SUMMARYSHEET_H

/*
 * The supplier risk workbook's Summary and Reference sheets
 * (src/write/summarysheet.c): the two sheets that total the run's suppliers by
 * tier, sector and country.  Part of the workbook module's private half
 * (sheet.h); only src/write/workbook.c calls these.
 */

struct book;
struct scan_report;

/* The Summary sheet: tiers and sectors with their charts, the top suppliers, the changes. */
void summarysheet_write(struct book *bk, const struct scan_report *r);
/* The Reference sheet: sectors and countries used, reference files; a note when not assessed. */
void summarysheet_write_reference(struct book *bk, const struct scan_report *r);

#endif
