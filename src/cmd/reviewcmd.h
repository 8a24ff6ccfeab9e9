#ifndef CHAINWATCH_REVIEWCMD_H
#define CHAINWATCH_REVIEWCMD_H

/*
 * `chainwatch review`: contract managers' decisions on flags.  Shared by
 * reviewcmd.c (the command, list, set, export) and reviewimport.c
 * (import); private to src/cmd.
 *
 *   list   [--status S] [--tier T] [--supplier TEXT] [--format table|csv|json]
 *   set    FLAG_ID --status S --by NAME [--note TEXT] [--next-review DATE]
 *          [--evidence URL]
 *   export [--out FILE] [the list filters]   a CSV to edit and import
 *   import FILE [--by NAME] [--partial]      the workbook's Flags sheet, or a CSV
 *
 * Every command takes --db and --council (needed only when the database
 * holds several councils and a flag id is not enough).  An import checks
 * every row first - unknown flag ids, statuses not in the list, dates that
 * are not dates, duplicates, and rows from an older run whose flag has been
 * reviewed or reopened since (a conflict, never overwritten) - reports each
 * with its sheet and cell (or file and line), and applies nothing when
 * anything is wrong unless --partial; then applies in one transaction.
 */

#include <stddef.h>
#include <stdint.h>

#include "chainwatch/diag.h"

enum review_format { REVIEW_TABLE, REVIEW_CSV, REVIEW_JSON };

struct review_options {
	const char *db;
	const char *council;
	const char *status, *tier, *supplier;     /* list / export filters */
	enum review_format format;
	const char *flag_id;                      /* set */
	const char *by, *note, *next_review, *evidence;
	const char *file;                         /* import */
	const char *out;                          /* export: NULL stdout */
	int partial;
};

/*
 * `review import`: the exit code; on anything but CW_OK err says why.
 * Each wrong row has been reported on stderr already (problemf()).
 */
int review_import_run(const struct review_options *o, struct diag *err);

struct store;
/*
 * Open the database at path, which must exist already (a scan made it),
 * into *st, waiting up to 30 s for a scan that holds it.  You own *st:
 * close it with store_close().  -1 with err (CW_DATABASE) otherwise.
 */
int review_open_db(const char *path, struct store **st, struct diag *err);

/*
 * "2026-01-31", "31/01/2026", "31/1/26", or an Excel serial number into
 * *ymd (yyyymmdd): 0, or -1 with *ymd untouched.
 */
int review_date_parse(const char *s, int32_t *ymd);

#endif
