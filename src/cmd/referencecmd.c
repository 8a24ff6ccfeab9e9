/*
 * referencecmd.c: `chainwatch reference check [--sectors DIR]` - every
 * problem of the risk model's reference data (reference_check()) on
 * stderr with its file and line, exit 3 when there is any.
 */
#include <string.h>

#include "chainwatch/msg.h"
#include "chainwatch/reference.h"

#include "cmd.h"

static const struct opt options[] = {
	{ "sectors", 1, OPT_SECTORS, "DIR", "reference data directory (default sectors/)" },
	CMD_OPT_HELP,
	CMD_OPT_END
};

static const struct cmd_help help = {
	"usage: chainwatch reference check [--sectors DIR]\n\n"
	"Validate the risk model's reference data: the sector taxonomy, country\n"
	"scores, goods list and SIC 2007 list.  Each problem is printed with its\n"
	"file and line; exit 0 when there are none, 3 when there are.\n\noptions:\n",
	options,
	NULL,
	"  chainwatch reference check\n"
	"  chainwatch reference check --sectors my-sectors/\n"
};

static int set(void *ctx, int id, const char *v, struct diag *err)
{
	(void)id;
	(void)err;
	*(const char **)ctx = v;    /* --sectors, the only option */
	return 0;
}

static void print_problem(void *ctx, const char *msg)
{
	(void)ctx;
	problemf("%s", msg);
}

/* every problem on stderr, a summary line, exit 3 if any */
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

int cmd_reference(int argc, char **argv)
{
	const char *sectors = NULL;
	struct diag err;
	int i, code;

	diag_init(&err);
	i = cmd_options(argc, argv, &help, set, &sectors, &err);
	if (i > 0 && (i >= argc || strcmp(argv[i], "check") != 0 || i + 1 != argc))
		i = diag_set(&err, CW_USAGE, "reference: expected 'reference check' (see --help)");
	code = i > 0 ? reference_check_run(sectors, &err) : i < 0 ? err.code : CW_OK;
	return msg_exit(code, &err);
}
