#ifndef CHAINWATCH_HEADERFIND_H
#define CHAINWATCH_HEADERFIND_H

/*
 * Finding the header row of an extract and what each column is, from the
 * header text and from what the column holds below it.
 *
 * The caller hands over the first records of the file, decoded to UTF-8
 * and cleaned (blank records left out).  Each of the first
 * HEADER_CANDIDATES records is a candidate header row:
 *
 * 1. Header text: a profile's column names, then the synonyms of
 *    columns.h (exact, then the looser fold).  When two cells name one
 *    role and one of them is empty in every row below (Bedford's
 *    "Supplier" beside "Supplier Name"), the one with values takes it.
 * 2. Contents: up to HEADER_LOOKAHEAD records below the candidate, per
 *    column: how many values are money (with pence, a pound sign or
 *    thousands), dates, text with letters, and how many are distinct.
 *    A role the header text did not give is taken from the contents:
 *    - amount: a column of money (9 in 10 values), the best-named when
 *      several are ("net" over plain money words over "VAT"/"gross"),
 *      none when several are equally good;
 *    - date: a column of dates (19 in 20) headed with a date word
 *      ("date", "paid", "updated", "posted", "cleared");
 *    - supplier name: a column of varied text headed with a payee word
 *      ("name", "supplier", "payee", "vendor", "merchant", ...) and no
 *      word of an ID, code, type or description.
 * 3. The header is the first candidate whose text alone names a supplier
 *    (name or ID) and an amount (as before), else the first whose text
 *    names at least one of supplier, amount and date, whose cells do not
 *    look like data (no date, no money with pence), and which the
 *    contents complete.
 *
 * A profile's header line fixes the candidate; the profile's names win
 * over everything else.
 */

#include <stddef.h>

#include "chainwatch/columns.h"

#define HEADER_CANDIDATES 60
#define HEADER_LOOKAHEAD 40

struct profile;

/* One record as the finder sees it. */
struct hf_record {
	unsigned long line;            /* physical line */
	size_t nfields;
	const char *const *cells;      /* decoded, cleaned UTF-8 */
};

/* How a column got its role. */
enum col_evidence {
	EV_NONE = 0,
	EV_PROFILE,                    /* named by the profile */
	EV_HEADER,                     /* header text only (contents do not confirm) */
	EV_CONTENT,                    /* contents only */
	EV_BOTH                        /* header text, and the contents agree */
};

/* "profile", "header", "content", "header and content", "none" (static) */
const char *col_evidence_name(enum col_evidence e);

struct hf_result {
	size_t header;                 /* index of the header record */
	int col[COL__COUNT];           /* field index per role, -1 if none */
	enum col_evidence ev[COL__COUNT];
	unsigned hits[COL__COUNT];     /* values below that fit the role ... */
	unsigned rows[COL__COUNT];     /* ... of this many non-blank ones */
};

/*
 * Find the header among recs[0..n).  `fixed` >= 0: only that record is a
 * candidate (a profile's header line).  0 and *out on success, -1 when no
 * candidate qualifies (*out untouched).  *out holds no pointers: nothing
 * to release.
 */
int header_find(const struct hf_record *recs, size_t n, long fixed, enum input_kind kind,
		const struct profile *prof, struct hf_result *out);

/* The roles a header must have for `kind` (extract.h). */
int header_roles_complete(enum input_kind kind, const int col[COL__COUNT]);

#endif
