/* chainwatch: parse the command line, run the command, report, exit. */
#include <stdio.h>

#include "chainwatch/cli.h"
#include "chainwatch/version.h"

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
	}
out:
	if (code != CW_OK && err.msg[0])
		fprintf(stderr, "chainwatch: error: %s\n", err.msg);
	cli_release(&cli);
	return code;
}
