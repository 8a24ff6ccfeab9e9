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
 */

#include <stdint.h>
#include <stdio.h>

#include "chainwatch/report.h"

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
/*
 * Reading a cell back: 1 when it starts with the apostrophe csvw_text
 * added (apostrophes, then = + - @ tab or CR), to be skipped; else 0.
 */
size_t csv_neutralised_prefix(const char *s, size_t n);

/*
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
 * summary,evidence,first_seen,last_seen,review_status", then one row per
 * flag in the order given.
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
 * changes.csv (changes.h): header "kind,supplier_key,supplier_name,before,
 * after,description", then one row per change.  A first run, or a NULL
 * list, has the header only.  The list is borrowed; a write error is left
 * on fp for the caller's ferror()/fclose().
 */
void csvout_changes(FILE *fp, const struct change_list *cl);
/* rejected-rows.csv: header "file,line,reason,raw". */
void csvout_reject_header(FILE *fp);
void csvout_reject(FILE *fp, const char *file, unsigned long line, const char *reason,
		   const char *raw, size_t rawlen);
/* The same from a place written "file:line" or "file:/json/path" (line 0 then). */
void csvout_reject_at(FILE *fp, const char *where, const char *reason, const char *raw);

#endif
