#ifndef CHAINWATCH_CLI_H
#define CHAINWATCH_CLI_H

/*
 * The command line: one option table per command drives getopt_long and
 * the --help text.  Settings come from, lowest first: built-in defaults,
 * a --config file (key = value lines), the environment (CHAINWATCH_DB,
 * CHAINWATCH_COUNCIL, CHAINWATCH_OUT), the command line.
 */

#include "chainwatch/diag.h"
#include "chainwatch/charter.h"
#include "chainwatch/entitycmd.h"
#include "chainwatch/inspect.h"
#include "chainwatch/registrycmd.h"
#include "chainwatch/reviewcmd.h"
#include "chainwatch/scan.h"

enum cli_action {
	CLI_RUN_SCAN, CLI_REFERENCE_CHECK, CLI_REGISTRY_IMPORT, CLI_REGISTRY_UPDATE,
	CLI_REGISTRY_STATUS, CLI_REGISTRY_OVERRIDE, CLI_REGISTRY_OVERRIDES, CLI_TENDERS,
	CLI_REVIEW_LIST, CLI_REVIEW_SET, CLI_REVIEW_EXPORT, CLI_REVIEW_IMPORT, CLI_CHARTER, CLI_HELP,
	CLI_VERSION, CLI_INSPECT, CLI_ENTITY_SET, CLI_ENTITY_CLEAR, CLI_ENTITY_LIST
};

struct cli {
	enum cli_action action;
	const char *command;        /* "scan", "reference", "registry", or NULL for the top level */
	struct scan_options scan;
	struct registry_options registry;
	struct review_options review;
	struct charter_options charter;
	struct inspect_options inspect;
	struct entity_options entity;
	int quiet, verbose;         /* --quiet, --verbose: for msg_setup() */
	const char *registry_default_url;
	const char *config;         /* scan --config FILE, read before the other options */
	char **owned;               /* strings from the config file, freed by cli_release */
	size_t nowned;
};

/* Parse argv.  CW_USAGE errors say what is wrong and end with "(see --help)". */
int cli_parse(int argc, char **argv, struct cli *c, struct diag *err);
/* Print --help for c->command (or the top level) to stdout. */
void cli_help(const struct cli *c);
void cli_release(struct cli *c);

/* chainwatch charter: charter_write() and its messages (chartercmd.c).  The exit code. */
int charter_run(const struct charter_options *o, struct diag *err);

#endif
