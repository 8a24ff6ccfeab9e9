#ifndef CHAINWATCH_CHANGESDB_H
#define CHAINWATCH_CHANGESDB_H

/*
 * The previous run of a council, read back from the database for the
 * Changes sheet (changes.h).  Part of the store: it reads the tables
 * store.c creates and writes nothing.
 *
 * The previous run is the latest stored run of the same council whose
 * period starts before this run's: periods ("2025-12" or
 * "2025-10_2025-12") are compared by their first month, the latest first
 * month wins, then the latest start time.  A run of the same period is
 * never the previous one: a re-run replaces it when it is saved.
 *
 * Its suppliers are exact (run_suppliers keeps every run's).  Its flags
 * are an approximation: the flags table keeps one row per council,
 * supplier and kind with the first and last period it was seen, not one
 * per run.  A flag counts as raised in the previous run when its last_run
 * is that run, or when its supplier was in that run and the periods it was
 * seen span it (first_seen's first month <= the previous run's first month
 * <= last_seen's last month).  So a flag that lapsed in the previous run
 * while its supplier was still paid, and came back later, is counted as
 * raised in it; its review status, severity and summary are the latest
 * saved, not the ones it had then.
 */

#include <stddef.h>
#include <stdint.h>

#include "chainwatch/diag.h"
#include "chainwatch/changes.h"
#include "chainwatch/store.h"

/*
 * Load the previous run of `council` before `period` (see above).
 * Returns 1 and *out when there is one (you own it; release it with
 * previous_run_free(), changes.h); 0
 * and *out = NULL when this is the council's first run before `period`;
 * -1 (CW_DATABASE) on error, *out untouched.
 */
int changesdb_previous(struct store *st, const char *council, const char *period,
		       struct previous_run **out, struct diag *err);

#endif
