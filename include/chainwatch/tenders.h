#ifndef CHAINWATCH_TENDERS_H
#define CHAINWATCH_TENDERS_H

/*
 * Checking a bid file for abnormally low tenders, start to finish: read it
 * (the bid CSV of docs/bids.md, or OCDS JSON / JSON Lines with the bids
 * extension; told apart by their first byte), group the bids by tender
 * and lot, run the within-tender rules (alt.h), the labour-cost floors
 * L1-L3 (wages.h) and Cardinal's R058/R024 across the tenders
 * (cardinal.h), and decide each bid's verdict.
 *
 *   bids_read_fd | ocds_read_file -> procedures -> alt_assess
 *     -> wages_floor (L1, L2, L3) -> cardinal_run (X1, X2) -> alt_decide
 */

#include <stddef.h>

#include "chainwatch/alt.h"
#include "chainwatch/cardinal.h"
#include "chainwatch/diag.h"
#include "chainwatch/ocds.h"
#include "chainwatch/supplier.h"
#include "chainwatch/wages.h"

struct tender_settings {
	struct alt_settings alt;
	struct cardinal_settings cardinal;
};

void tender_settings_init(struct tender_settings *s);

/*
 * Set one threshold by name (the --config key without its "tender-"
 * prefix): e1-red, e1-amber, m1-below-aap, m1-margin, m2-below-mean,
 * g1-red, g1-amber, s1-z, s1-min-bids, s2-iqr, s2-min-bids,
 * r024-threshold, r058-threshold.  CW_USAGE naming the setting when the
 * name or value is not one.
 */
int tender_settings_set(struct tender_settings *s, const char *name, const char *value,
			struct diag *err);
/* The setting names, ", "-joined, for messages; a static string. */
const char *tender_setting_names(void);

/*
 * The thresholds a run was given by name, in order: --tender-setting
 * NAME=VALUE and a config file's tender-NAME = VALUE.  The array and its
 * strings belong to whoever filled it (the command line's parser).
 */
struct tender_options {
	const char **set;            /* "name=value" */
	size_t nset;
};

/*
 * The defaults, then each "name=value" of o->set in order with
 * tender_settings_set().  -1 with err (CW_USAGE, naming the setting) at
 * the first that is not one; s is then partly set and must not be used.
 */
int tender_settings_from(const struct tender_options *o, struct tender_settings *s,
			 struct diag *err);

struct tender_check {
	const char *path;
	const char *format;              /* "bid CSV", "OCDS" */
	char sha256[65];
	unsigned long long bytes;
	unsigned long records, accepted, rejected;
	struct ocds_data data;           /* the bids, grouped by tender and lot, and procedures */
	struct alt_bid *alt;             /* alt[i] is data.bids.v[i]'s */
	struct cardinal_result cardinal;
};

/*
 * Check the bids in `path`.  Rejected bids go to `sink` (file:line or JSON
 * path and the reason).  -1 (CW_INPUT) when the file cannot be read at all.
 * `w` NULL: the labour floors are not assessable ("no wage tables").
 */
int tender_check_file(const char *path, const struct wages *w, const struct tender_settings *s,
		      const struct bid_reject_sink *sink, struct tender_check *out,
		      struct diag *err);
void tender_check_release(struct tender_check *tc);

/*
 * The supplier each bid's bidder is: by the council's supplier ID, then
 * company number, then name key (identity.h); NULL for a bidder the
 * council has not paid.  A new array of tc's bid count (caller frees).
 */
const struct supplier **tenders_join(const struct tender_check *tc, struct supplier *const *s,
				     size_t n);

/* How many bids have verdict v. */
size_t tender_check_count(const struct tender_check *tc, enum alt_verdict v);

#endif
