#ifndef CHAINWATCH_WORKBOOK_H
#define CHAINWATCH_WORKBOOK_H

/*
 * The supplier risk workbook (xlsx) contract managers work through.
 * The only module that includes xlsxwriter.h.
 *
 * Sheets: Read me, Suppliers, Data quality.  Every sheet has a frozen
 * header row, an autofilter and set column widths; IDs are written as
 * text; every cell that came from input is written as a string, never a
 * formula or number guess.  The document's creation time is the run's
 * start time, so with SOURCE_DATE_EPOCH two runs give identical bytes.
 */

#include "chainwatch/diag.h"
#include "chainwatch/report.h"

/* Write the workbook to `path`.  CW_OUTPUT on failure. */
int riskbook_write(const char *path, const struct scan_report *r, struct diag *err);

#endif
