/* chainwatch: find the command in the table and run it; its exit code is the program's. */
#include <stdio.h>
#include <string.h>

#include "chainwatch/msg.h"
#include "chainwatch/version.h"

#include "cmd.h"

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;        /* its line in `chainwatch --help` */
};

static const struct command commands[] = {
#define COMMAND(name, fn, summary) { name, fn, summary },
#include "commands.def"
#undef COMMAND
};

enum { OPT_VERSION = OPT_OWN };

static const struct opt top_opts[] = {
	CMD_OPT_HELP,
	{ "version", 0, OPT_VERSION, NULL, "show the version" },
	CMD_OPT_END
};

static const struct cmd_help top_help = {
	"\noptions:\n", top_opts, "\n'chainwatch COMMAND --help' describes a command.\n",
	"  chainwatch scan --spend spend-2025-12.csv --council \"Devon County Council\"\n"
	"  chainwatch inspect spend-2025-12.csv\n"
	"  chainwatch registry update\n"
	"  chainwatch review list --status open\n"
	"  chainwatch charter --year 2025-26 --evidence evidence-2025-26.json\n"
	"  chainwatch help scan\n"
};

static const struct command *find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

static void help(void)
{
	size_t i;

	fputs("usage: chainwatch COMMAND [options]\n\n"
	      "Modern-slavery risk screening of a council's supply chain.\n\n"
	      "commands:\n", stdout);
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		printf("  %-11s %s\n", commands[i].name, commands[i].summary);
	cmd_help_print(&top_help);
}

int main(int argc, char **argv)
{
	const struct command *c;

	if (argc < 2) {
		errorf("no command given (see --help)");
		return CW_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		/* `chainwatch help COMMAND` is `chainwatch COMMAND --help` */
		if (!strcmp(argv[1], "help") && argc > 2 && (c = find(argv[2]))) {
			char *sub[] = { argv[2], (char *)"--help", NULL };

			return c->fn(2, sub);
		}
		help();
		return CW_OK;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("chainwatch %s\n", CHAINWATCH_VERSION);
		return CW_OK;
	}
	c = find(argv[1]);
	if (!c) {
		errorf("unknown command '%s' (see --help)", argv[1]);
		return CW_USAGE;
	}
	return c->fn(argc - 1, argv + 1);
}
