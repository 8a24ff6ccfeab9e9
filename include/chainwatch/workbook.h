#ifndef CHAINWATCH_WORKBOOK_H
#define CHAINWATCH_WORKBOOK_H

/*
 * The supplier risk workbook (xlsx) contract managers work through.
 * The only module that includes xlsxwriter.h.
 *
 * Sheets, in order:
 *   Read me        run, tier definitions and the PPN-aligned action for each,
 *                  how the score works, inputs with sha256, the registry years
 *                  matched against, reference files
 *   Summary        spend and suppliers by tier, spend by sector (top 10, the
 *                  rest grouped), the top 25 suppliers by priority; a pie chart
 *                  of spend by tier and a bar chart of spend by sector, drawn
 *                  from those tables
 *   Suppliers      one row per supplier in report (priority) order, with the
 *                  assessment: sector, how mapped, country, scores, priority,
 *                  the tier (a RAG fill) just left of its reasons
 *   Flags          one row per flag with its evidence, then review columns:
 *                  status (drop-down), reviewer, review date (date check), note,
 *                  next review date
 *   Changes        since the council's previous run: new and gone suppliers,
 *                  tier moves, new / resolved / reopened flags, statements
 *                  lapsed or appeared, new high-risk spend (Summary: counts)
 *   Tenders        one row per bid: the bid, each abnormally-low-tender rule
 *                  as a RAG column, the verdict (RAG) beside the reasons, the
 *                  price at which the flags clear and the clarification
 *                  request; a note when no bids were given
 *   Statements     one row per supplier: the registry's statement status
 *                  (RAG), the s54 duty judgement and why, how it was matched
 *                  and with what confidence, the organisation, group, year,
 *                  period, areas covered and missing, approval, links, and
 *                  the candidates of an ambiguous match
 *   Data quality   reconciliation per input file
 *   Rejected rows  the first REPORT_MAX_REJECTIONS, with the reason
 *   Reference      the sectors and countries this run's suppliers used, and
 *                  the reference files with version, source and sha256
 * With no assessments (r->assessments NULL) the risk cells stay blank, the
 * Summary has no tier tables or charts, and Flags and Reference say so.
 *
 * Every table sheet has a frozen header row, an autofilter and set column
 * widths; IDs are written as text; every cell that came from input or
 * reference data is written as a string, never a formula or number guess
 * (invalid UTF-8 and control characters become U+FFFD, text is cut at
 * Excel's 32767 characters).  The document's creation time is the run's
 * start time and the zip entries carry a fixed date, so the same report
 * gives identical bytes.
 */

#include "chainwatch/diag.h"
#include "chainwatch/report.h"

/*
 * Write the workbook to `path`.  CW_OUTPUT on failure, when `path` may be
 * left partly written: write to an outfile temporary name (outfile_begin).
 */
int riskbook_write(const char *path, const struct scan_report *r, struct diag *err);

/*
 * The tender check's workbook (`chainwatch tenders`): Read me (the file,
 * its counts, the rules), Tenders and Rejected rows, from a report that
 * holds only the bids and the rejections.  Errors as riskbook_write.
 */
int tenderbook_write(const char *path, const struct scan_report *r, struct diag *err);

#endif
