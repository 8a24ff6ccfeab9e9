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
#include "chainwatch/risk.h"
#include "chainwatch/statement.h"
#include "chainwatch/store.h"

struct previous_supplier {
	char *key;
	char *name;
	int64_t spend_pence;
	int assessed;                  /* 0: the run had no risk model; tier and score unset */
	enum tier tier;
	int score;                     /* R, 0-100 */
	char *sector_id;               /* "" when no rule mapped it */
	enum statement_status statement;   /* STATEMENT_NOT_CHECKED without a registry */
};

struct previous_flag {
	char *id;                      /* "F" + 10 hex digits, stable across runs */
	char *supplier_key;
	char *supplier_name;           /* the supplier's latest name; "" if unknown */
	char *kind;                    /* flag_kind_name() text */
	char *severity;
	char *summary;                 /* the summary as last saved */
	char *review_status;           /* the latest review status */
	char *first_seen, *last_seen;  /* periods */
	int exact;                     /* its last_run is the previous run */
};

struct previous_run {
	char *id;
	char *period;
	struct previous_supplier *suppliers;   /* by key (byte order) */
	size_t nsuppliers;
	struct previous_flag *flags;           /* by id (byte order) */
	size_t nflags;
};

/*
 * Load the previous run of `council` before `period` (see above).
 * Returns 1 and *out (free with previous_run_free) when there is one; 0
 * and *out = NULL when this is the council's first run before `period`;
 * -1 (CW_DATABASE) on error, *out untouched.
 */
int changesdb_previous(struct store *st, const char *council, const char *period,
		       struct previous_run **out, struct diag *err);
void previous_run_free(struct previous_run *p);

/* The previous run's supplier with `key`, or NULL. */
const struct previous_supplier *previous_run_supplier(const struct previous_run *p,
						      const char *key);
/* The flag with `id` among those raised in the previous run, or NULL. */
const struct previous_flag *previous_run_flag(const struct previous_run *p, const char *id);

#endif
