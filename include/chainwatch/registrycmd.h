#ifndef CHAINWATCH_REGISTRYCMD_H
#define CHAINWATCH_REGISTRYCMD_H

/*
 * The `chainwatch registry` commands:
 *
 *   import FILE...        load StatementSummaries CSVs into the database
 *   update [--year Y...]  download them (download.h), check each, load it
 *   status                the snapshots held
 *   override KEY ...      this supplier is / is not that organisation
 *   overrides             list the overrides
 *
 * A snapshot is replaced only by a file that reads to the end, has rows,
 * rejects at most 5% of them, is of the year asked for (update) and, for
 * a download, holds at least half the rows of the snapshot it replaces
 * (the registry only grows within a year; a sudden drop is a broken file).
 * Otherwise the last good snapshot stays and the command says so.
 */

#include <stddef.h>

#include "chainwatch/diag.h"

#define REGISTRY_DEFAULT_URL \
	"https://downloads.modern-slavery-statement-registry.service.gov.uk/publicdownloads"
#define REGISTRY_MAX_YEARS 16

struct registry_options {
	const char *db;
	const char **files;            /* import */
	size_t nfiles;
	int years[REGISTRY_MAX_YEARS]; /* update; none = this year and last */
	size_t nyears;
	const char *url;               /* update: base URL, files are <url>/StatementSummaries<Y>.csv */
	long timeout_s;                /* update: total per file, 0 = default */
	long retries;                  /* update: attempts after the first; -1 = default */
	const char *council;           /* override(s): NULL = the database's only council */
	const char *supplier_key;      /* override */
	const char *is_org, *is_not_org;
	int clear;                     /* override --clear [ORG in clear_org] */
	const char *clear_org;
	const char *by, *note;
};

void registry_options_init(struct registry_options *o);

/* Each returns the process exit code; on failure err says why. */
int registry_import_run(const struct registry_options *o, struct diag *err);
int registry_update_run(const struct registry_options *o, struct diag *err);
int registry_status_run(const struct registry_options *o, struct diag *err);
int registry_override_run(const struct registry_options *o, struct diag *err);
int registry_overrides_run(const struct registry_options *o, struct diag *err);

#endif
