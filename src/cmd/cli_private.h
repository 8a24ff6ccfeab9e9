#ifndef CHAINWATCH_CLI_PRIVATE_H
#define CHAINWATCH_CLI_PRIVATE_H

/*
 * Shared by the command line's source files (cli.c: parsing each command;
 * clihelp.c: the option tables and the --help texts; cliconfig.c: the
 * --config file and the environment).  Not part of the library's API:
 * only files of the cli module include it.
 */

#include "chainwatch/cli.h"
#include "chainwatch/diag.h"

enum opt_id {
	OPT_SPEND = 256, OPT_SUPPLIERS, OPT_PERIOD, OPT_COUNCIL, OPT_PROFILE, OPT_DB, OPT_OUT,
	OPT_CONFIG, OPT_STRICT, OPT_MAX_REJECT, OPT_QUIET, OPT_VERBOSE, OPT_HELP, OPT_VERSION,
	OPT_SECTORS, OPT_UNMATCHED, OPT_STATEMENT_SPEND, OPT_YEAR, OPT_URL, OPT_TIMEOUT, OPT_IS,
	OPT_IS_NOT, OPT_CLEAR, OPT_BY, OPT_NOTE, OPT_RETRIES, OPT_TENDERS, OPT_TENDER_SET,
	OPT_STATUS, OPT_TIER, OPT_SUPPLIER, OPT_FORMAT, OPT_NEXT_REVIEW, OPT_EVIDENCE, OPT_PARTIAL,
	OPT_CHARTER_YEAR, OPT_TEMPLATES, OPT_REPLACE_OVERLAPPING, OPT_SAVE_PROFILE, OPT_TYPE, OPT_ID
};

struct opt {
	const char *name;
	int has_arg;
	int id;
	const char *arg;
	const char *help;
};

/* Each command's options, ending with a NULL name: getopt_long's and --help's (clihelp.c). */
extern const struct opt cli_scan_opts[];
extern const struct opt cli_tenders_opts[];
extern const struct opt cli_reference_opts[];
extern const struct opt cli_registry_opts[];
extern const struct opt cli_review_opts[];
extern const struct opt cli_charter_opts[];
extern const struct opt cli_inspect_opts[];
extern const struct opt cli_entity_opts[];

/* Check and store a scan (or tenders) setting: OPT_x and its value.  CW_USAGE, -1. */
int cli_set_scan(struct cli *c, int id, const char *v, struct diag *err);
/* Apply a key = value file's settings with cli_set_scan(); errors name the line.  -1. */
int cli_read_config(struct cli *c, const char *path, struct diag *err);
/* CHAINWATCH_DB, CHAINWATCH_COUNCIL and CHAINWATCH_OUT, when set and not empty. */
void cli_read_env(struct cli *c);

#endif
