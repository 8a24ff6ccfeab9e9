#ifndef CHAINWATCH_EVIDENCE_H
#define CHAINWATCH_EVIDENCE_H

/*
 * The evidence file for the annual Charter report: the facts only council
 * staff know (docs/evidence.md), e.g. data/sample/evidence-2025-26.json.
 *
 *   {"schema": "chainwatch-charter-evidence/1", "council": "...",
 *    "year": "2025-26", "adoption": {...}, "approval": {...},
 *    "statement_registry": {...}, "previous_reports": [...],
 *    "commitments": {"C1": {"done": "...", "status": "met",
 *                           "actions": [...], "metrics": {...}}, ...}}
 *
 * Counts only: the C9 referrals are whole numbers by route, never names or
 * victim details, and a message about them never repeats what was written.
 *
 * Every problem is reported with its place, line and column of the value
 * (else of the nearest enclosing value) and its JSON path:
 *
 *   evidence.json:14:27: /commitments/C1/metrics/procurement_staff_trained:
 *   -2 is not a whole number of 0 or more
 *
 * Checked: the schema name; unknown keys (with the nearest known name when
 * one is close); wrong types; counts that are negative or not whole; dates
 * (YYYY-MM-DD, real days, 1990 to 2100); financial years ("2025-26");
 * status words; commitment ids other than C1..C10; duplicate keys; counts
 * above what they are part of (staff trained above the team, contracts with
 * a clause above contracts let, bids rejected above explanations
 * requested, policies received above those asked); previous reports not
 * before this year; in the referrals, anything but a count.  Bad JSON is
 * one problem, located where the parser stopped.
 */

#include <stddef.h>

#include "chainwatch/diag.h"

#define EVIDENCE_SCHEMA "chainwatch-charter-evidence/1"

struct tval;

/*
 * Read and check path; on success fill `out`, an object (template.h: the
 * template data's "evidence"), with the tree documented in docs/evidence.md
 * ("For template authors"): the file's names, a figure left out of the file
 * absent from the tree, a count as its decimal text, and derived values
 * (commitments C1..C10 always present with "id" and "supplied"; dates also
 * as "<name>_text", "18 July 2019"; procurement_trained_pct, msa_clause_pct,
 * referrals_total).  Any problem fails the load: -1, CW_INPUT, the first
 * located message in err ("... (and 3 more problems)"), `out` untouched.
 * A file that cannot be read is CW_INPUT too.
 */
int evidence_load(const char *path, struct tval *out, struct diag *err);

/*
 * Check path, passing each problem to `problem` (may be NULL) as one located
 * message, in the order of the file (the first 200; the rest are only
 * counted).  Returns the number of problems, or -1 when the file cannot be
 * read or is over 1 MB (err set, CW_INPUT).
 */
long evidence_check(const char *path, void (*problem)(void *ctx, const char *msg), void *ctx,
		    struct diag *err);

/*
 * The same for the n bytes at p (borrowed), called `name` in messages: for
 * tests and fuzzing.  Text over 1 MB is -1 (CW_INPUT), as a file would be.
 */
int evidence_load_mem(const char *p, size_t n, const char *name, struct tval *out,
		      struct diag *err);
long evidence_check_mem(const char *p, size_t n, const char *name,
			void (*problem)(void *ctx, const char *msg), void *ctx, struct diag *err);

#endif
