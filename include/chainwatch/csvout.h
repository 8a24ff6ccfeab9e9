#ifndef CHAINWATCH_CSVOUT_H
#define CHAINWATCH_CSVOUT_H

/*
 * CSV for machines: UTF-8, RFC 4180 (CRLF line ends, quotes doubled,
 * fields with comma/quote/CR/LF quoted).  Text cells that a spreadsheet
 * would run as a formula (first character = + - @, tab or CR) are
 * neutralised with a leading apostrophe; so is a cell that is already
 * apostrophes and then such a character, so that reading back
 * (csv_neutralised_prefix) restores every cell exactly.  Numbers written
 * by csvw_int / csvw_pence are not text and are never touched.
 *
 * The files written into the output directory are opened by people, in
 * Excel, which reads a CSV without a byte-order mark as Windows-1252
 * ("Â£" for "£"): suppliers.csv, flags.csv, changes.csv, tenders.csv and
 * rejected-rows.csv (and `review export --out FILE`) start with the UTF-8
 * BOM, CSV_BOM.  What goes to stdout (`review list --format csv`, `review
 * export` without --out) is for pipes and has none.  chainwatch's own CSV
 * reader (csv.h) skips a BOM, so every file reads back.
 */

#include <stdint.h>
#include <stdio.h>

#include "chainwatch/report.h"

#define CSV_BOM "\xEF\xBB\xBF"     /* UTF-8 byte-order mark, for Excel */

struct csvw {
	FILE *fp;
	int col;          /* fields written in the current row */
};

void csvw_init(struct csvw *w, FILE *fp);
void csvw_text(struct csvw *w, const char *s, size_t n);   /* neutralised */
void csvw_textz(struct csvw *w, const char *s);            /* NULL = empty */
void csvw_int(struct csvw *w, long long v);
void csvw_pence(struct csvw *w, int64_t pence);            /* 1234.56 */
void csvw_end(struct csvw *w);
/* CSV_BOM, at the start of a file (before its header row). */
void csvw_bom(FILE *fp);
/*
 * Reading a cell back: 1 when it starts with the apostrophe csvw_text
 * added (apostrophes, then = + - @ tab or CR), to be skipped; else 0.
 */
size_t csv_neutralised_prefix(const char *s, size_t n);

/*
 * Each of the files below starts with CSV_BOM, then its header row.
 *
 * suppliers.csv: the column headers, then one row per supplier (SPEC §7
 * columns).  a[i] is s[i]'s assessment; with a NULL `a` (no scoring) the
 * risk columns are empty.  country is the supplier master's, else the
 * alpha-2 code of the country the model used (GB when it assumed the UK;
 * the reasons say so).  goods_score is empty for services, priority has
 * two decimals; the statement columns are empty when no registry was read.
 */
void csvout_suppliers(FILE *fp, struct supplier *const *s, const struct assessment *a,
		      size_t n);
/*
 * flags.csv: header "flag_id,supplier_key,supplier_name,kind,severity,
 * summary,evidence,first_seen,last_seen,review_status,reviewer,
 * review_date,review_note,next_review,evidence_link,reopened", then one
 * row per flag in the order given.  The review columns are the decision
 * the flag carries (flags.h, as the workbook's Flags sheet shows it):
 * status ("open" when none), reviewer, dates as YYYY-MM-DD, note, link;
 * reopened says why a cleared flag reopened this run.  Empty when none.
 */
void csvout_flags(FILE *fp, const struct flag *f, size_t n);
/*
 * tenders.csv: one row per bid (a[i] is its assessment, alt.h): the bid,
 * its rank and the valid bids of its lot, each rule's level, the verdict,
 * the price at which every flag would clear, the reasons (each rule that
 * did not pass, with its inputs, formula, threshold and source), the
 * clarification request and where the bid was read.
 */
struct alt_bid;
void csvout_tenders(FILE *fp, const struct alt_bid *a, size_t n);
/*
 * changes.csv (changes.h): header "kind,supplier_key,supplier_name,
 * flag_id,before,after,spend_before_pence,spend_before,spend_after_pence,
 * spend_after,description", then one row per change.  before/after are the
 * tier, statement status, flag or sector on each side; a change whose
 * before or after is an amount leaves it empty there: the spend columns
 * hold the supplier's spend in each run as numbers, integer pence and
 * pounds (1234.56, no "£"), empty when it was not in that run.  A first
 * run, or a NULL list, has the header only.  The list is borrowed; a write error is left
 * on fp for the caller's ferror()/fclose().
 */
void csvout_changes(FILE *fp, const struct change_list *cl);
/* rejected-rows.csv: CSV_BOM, then header "file,line,reason,raw". */
void csvout_reject_header(FILE *fp);
void csvout_reject(FILE *fp, const char *file, unsigned long line, const char *reason,
		   const char *raw, size_t rawlen);
/* The same from a place written "file:line" or "file:/json/path" (line 0 then). */
void csvout_reject_at(FILE *fp, const char *where, const char *reason, const char *raw);

#endif
