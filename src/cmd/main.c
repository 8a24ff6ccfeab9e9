/* chainwatch: parse the command line, run the command, report, exit. */
#include <stdio.h>
#include <string.h>

#include "chainwatch/cli.h"
#include "chainwatch/msg.h"
#include "chainwatch/reference.h"
#include "chainwatch/tendercmd.h"
#include "chainwatch/version.h"

static void print_problem(void *ctx, const char *msg)
{
	(void)ctx;
	problemf("%s", msg);
}

/* chainwatch reference check: every problem on stderr, a summary line, exit 3 if any. */
static int reference_check_run(const char *dir, struct diag *err)
{
	long n = reference_check(dir, print_problem, NULL, err);

	if (n < 0)
		return err->code ? err->code : CW_INPUT;
	if (n > 0) {
		diag_set(err, CW_INPUT, "reference data has %ld problem%s", n, n == 1 ? "" : "s");
		return CW_INPUT;
	}
	notef("reference data is valid");
	return CW_OK;
}

int main(int argc, char **argv)
{
	struct cli cli;
	struct diag err;
	int code = CW_OK;

	diag_init(&err);
	if (cli_parse(argc, argv, &cli, &err) < 0) {
		code = err.code ? err.code : CW_USAGE;
		goto out;
	}
	msg_setup(cli.quiet, cli.verbose);
	switch (cli.action) {
	case CLI_HELP:
		cli_help(&cli);
		break;
	case CLI_VERSION:
		printf("chainwatch %s\n", CHAINWATCH_VERSION);
		break;
	case CLI_RUN_SCAN:
		code = scan_run(&cli.scan, &err);
		break;
	case CLI_REFERENCE_CHECK:
		code = reference_check_run(cli.scan.sectors, &err);
		break;
	case CLI_REGISTRY_IMPORT:
		code = registry_import_run(&cli.registry, &err);
		break;
	case CLI_REGISTRY_UPDATE:
		code = registry_update_run(&cli.registry, &err);
		break;
	case CLI_REGISTRY_STATUS:
		code = registry_status_run(&cli.registry, &err);
		break;
	case CLI_REGISTRY_OVERRIDE:
		code = registry_override_run(&cli.registry, &err);
		break;
	case CLI_REGISTRY_OVERRIDES:
		code = registry_overrides_run(&cli.registry, &err);
		break;
	case CLI_TENDERS:
		code = tenders_run(&cli.scan, &err);
		break;
	case CLI_REVIEW_LIST:
		code = review_list_run(&cli.review, &err);
		break;
	case CLI_REVIEW_SET:
		code = review_set_run(&cli.review, &err);
		break;
	case CLI_REVIEW_EXPORT:
		code = review_export_run(&cli.review, &err);
		break;
	case CLI_REVIEW_IMPORT:
		code = review_import_run(&cli.review, &err);
		break;
	case CLI_CHARTER:
		code = charter_run(&cli.charter, &err);
		break;
	case CLI_ENTITY_SET:
		code = entity_set_run(&cli.entity, &err);
		break;
	case CLI_ENTITY_CLEAR:
		code = entity_clear_run(&cli.entity, &err);
		break;
	case CLI_ENTITY_LIST:
		code = entity_list_run(&cli.entity, &err);
		break;
	case CLI_INSPECT:
		code = inspect_run(&cli.inspect, &err);
		break;
	}
out:
	cli_release(&cli);
	return msg_exit(code, &err);
}
