#ifndef CHAINWATCH_TENDERDB_H
#define CHAINWATCH_TENDERDB_H

/*
 * Abnormally-low-tender checks in the database (part of the store; the
 * table is created by store.c's migration 4): each bid's latest check,
 * keyed by council, tender, lot and bidder, so the annual Charter report
 * can count the tenders flagged and the review workflow can follow them.
 */

#include <stddef.h>

#include "chainwatch/alt.h"
#include "chainwatch/diag.h"
#include "chainwatch/store.h"

/*
 * Save the checks of a[0..n): supplier_keys[i] is the supplier a[i]'s
 * bidder joined (NULL when none).  `run_id` is the scan's, or NULL for a
 * tender-only check.  With `in_run` the caller's transaction is used
 * (store_begin_run .. store_commit_run); otherwise one of its own.
 */
int tenderdb_save(struct store *st, const char *council, const char *run_id, const char *checked,
		  const struct alt_bid *a, const char *const *supplier_keys, size_t n, int in_run,
		  struct diag *err);

/* Bids stored for a council (tests, reports); -1 on error. */
long tenderdb_count(struct store *st, const char *council, const char *verdict, struct diag *err);

#endif
