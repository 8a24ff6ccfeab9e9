#ifndef CHAINWATCH_SCAN_H
#define CHAINWATCH_SCAN_H

/*
 * Private to src/cmd: `chainwatch scan` (scancmd.c reads its options)
 * and the pipeline it drives (scan.c, scanread.c, scanout.c).
 *
 * The monthly scan: read the supplier master and spend extracts, fold
 * spend into suppliers, write the outputs into the run directory and keep
 * the run in the database.
 *
 *   master_read -> spend_read (each file) -> period -> risk_assess (each
 *   supplier) -> priority order -> flags_raise -> outputs
 *   (suppliers.csv, rejected-rows.csv, supplier-risk-<period>.xlsx,
 *   manifest.json last) -> store_save_run
 */

#include <stddef.h>

#include "chainwatch/diag.h"
#include "chainwatch/tenders.h"

struct scan_options {
	const char **spend;          /* one or more spend extracts */
	size_t nspend;
	const char *suppliers;       /* supplier master, or NULL */
	const char *tenders;         /* bid file (CSV or OCDS) to check, or NULL */
	struct tender_options tender;    /* --tender-setting, tender-NAME in --config */
	const char *period;          /* "YYYY-MM" / "YYYY-MM_YYYY-MM", or NULL to infer */
	const char *council;
	const char *profile;         /* name or path, or NULL */
	const char *sectors;         /* reference data directory, or NULL for the default */
	long long unmatched_min_pence;   /* unmatched-spend flag threshold; -1 = default */
	long long statement_spend_pence; /* spend that makes the s54 duty likely; -1 = default */
	const char *db;              /* database path */
	const char *out;             /* output directory, or NULL for <out_root>/<period> */
	const char *out_root;        /* default "output" */
	long max_reject_ppm;         /* parts per million; default 50000 (5%) */
	int strict;                  /* any rejected row is exit 3 */
	int replace_overlapping;     /* replace stored runs sharing a month with this one */
	/*
	 * --companies-house-key / CHAINWATCH_CH_KEY: look up online what the
	 * bulk snapshot did not resolve (scanchapi.c); NULL stays offline.
	 * Never printed.
	 */
	const char *companies_house_key;
	const char *companies_house_url;   /* CHAINWATCH_CH_API_URL; NULL: the real API */
};

/* The defaults: db output/chainwatch.db, out_root output, 5%, thresholds -1. */
void scan_options_init(struct scan_options *o);

/*
 * Run the scan.  Returns the process exit code (enum cw_exit); on anything
 * but CW_OK `err` says why, and the caller reports it once.  Rejected
 * rows, the files read and the summary go to stderr as it runs (msg.h).
 * o and its strings are borrowed.
 */
int scan_run(const struct scan_options *o, struct diag *err);

/* Is s a period: YYYY-MM or YYYY-MM_YYYY-MM with valid months? */
int period_valid(const char *s);

#endif
