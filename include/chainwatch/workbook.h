#ifndef CHAINWATCH_WORKBOOK_H
#define CHAINWATCH_WORKBOOK_H

/*
 * The supplier risk workbook (xlsx) contract managers work through.
 * The only module that includes xlsxwriter.h.
 *
 * Sheets: Read me (run, inputs, how to use the workbook), Suppliers (one
 * row per supplier in report order), Data quality (reconciliation per
 * input file), Rejected rows (the first REPORT_MAX_REJECTIONS, with the
 * reason).  Every table sheet has a frozen header row, an autofilter and
 * set column widths; IDs are written as text; every cell that came from
 * input is written as a string, never a formula or number guess (invalid
 * UTF-8 and control characters become U+FFFD, text is cut at Excel's
 * 32767 characters).  The document's creation time is the run's start
 * time and the zip entries carry a fixed date, so the same report gives
 * identical bytes.
 */

#include "chainwatch/diag.h"
#include "chainwatch/report.h"

/*
 * Write the workbook to `path`.  CW_OUTPUT on failure, when `path` may be
 * left partly written: write to an outfile temporary name (outfile_begin).
 */
int riskbook_write(const char *path, const struct scan_report *r, struct diag *err);

#endif
