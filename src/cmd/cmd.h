#ifndef CHAINWATCH_CMD_H
#define CHAINWATCH_CMD_H

/*
 * What the commands share; private to src/cmd, not the library's API.
 *
 * Each command lives in its own file: its option table, its help text,
 * its settings struct and one entry, cmd_<name>(argc, argv), listed in
 * commands.def.  main.c dispatches from that list.  An entry gets argv
 * from the command's name on (argv[0] is "scan"), reports its own error
 * with msg_exit() and returns the process exit code (enum cw_exit).
 */

#include <stddef.h>

#include "chainwatch/diag.h"

struct tender_options;

#define COMMAND(name, fn, summary) int fn(int argc, char **argv);
#include "commands.def"
#undef COMMAND

/*
 * Option ids (getopt_long's values): the ones several commands share,
 * then each command numbers its own from OPT_OWN in its file.
 */
enum opt_id {
	OPT_HELP = 256, OPT_QUIET, OPT_VERBOSE, OPT_DB, OPT_COUNCIL, OPT_OUT, OPT_SECTORS,
	OPT_BY, OPT_NOTE, OPT_CONFIG,
	/* the --config file's settings (config.c) */
	OPT_SUPPLIERS, OPT_PROFILE, OPT_MAX_REJECT, OPT_UNMATCHED, OPT_STATEMENT_SPEND,
	OPT_TENDERS, OPT_TENDER_SET, OPT_CH_KEY,
	OPT_OWN = 512
};

/* One option: its getopt_long entry and its --help line. */
struct opt {
	const char *name;            /* "db" for --db; NULL ends a table */
	int has_arg;                 /* 1: takes a value */
	int id;                      /* enum opt_id, or the command's own */
	const char *arg;             /* the value's name in --help ("FILE"), or NULL */
	const char *help;
};

/* The rows every table has, as git's OPT_END(): --help last, then the end. */
#define CMD_OPT_HELP { "help", 0, OPT_HELP, NULL, "show this help" }
#define CMD_OPT_END { NULL, 0, 0, NULL, NULL }
#define CMD_OPT_DB { "db", 1, OPT_DB, "FILE", "database (default output/chainwatch.db)" }
#define CMD_OPT_QUIET { "quiet", 0, OPT_QUIET, NULL, "no messages on stderr but errors" }

/* A command's --help: text, then one line per option, then tail, then examples. */
struct cmd_help {
	const char *text;            /* usage and description, ending "options:\n" */
	const struct opt *opts;      /* the command's options, ending with a NULL name */
	const char *tail;            /* "\nexit codes: ...\n", or NULL */
	const char *examples;        /* command lines, one a line, printed under "examples:" */
};

/* Print h to stdout. */
void cmd_help_print(const struct cmd_help *h);

/*
 * Stores one option's value: id and value (NULL for an option without
 * one, else argv's string, or a config file's that outlives the run).
 * 0, or -1 with err set (CW_USAGE, saying what is wrong with the value).
 */
typedef int cmd_set_fn(void *ctx, int id, const char *value, struct diag *err);

/*
 * Read argv's options (argv[0] the command's name) in order with
 * getopt_long over help->opts, each to set(ctx, ...); --help prints the
 * help, --quiet and --verbose go to msg_setup().  Returns the index in
 * argv of the first argument that is not an option (argc when there is
 * none), 0 after --help, or -1 with err set (CW_USAGE: "scan: unknown
 * option '--x' (see --help)", "...: option '--db' needs a value ...", or
 * set()'s refusal).  Can be called again from the start (two passes).
 */
int cmd_options(int argc, char **argv, const struct cmd_help *help, cmd_set_fn *set, void *ctx,
		struct diag *err);

/*
 * The same for a command with subcommands (registry, review, entity),
 * whose first argument names one: its index in argv, 0 after --help, or
 * -1 with err, also when there is none ("review: expected list, set,
 * export or import (see --help)", `expected` being "list, set, export or
 * import").
 */
int cmd_sub_options(int argc, char **argv, const struct cmd_help *help, cmd_set_fn *set,
		    void *ctx, const char *expected, struct diag *err);

struct store;

/* A cmd_set_fn for a command whose only own option is --db: ctx is a const char **. */
int cmd_set_db(void *ctx, int id, const char *value, struct diag *err);

/*
 * A subcommand of a command over the database (companies, charities):
 * its name, the word for its arguments ("FILE"; NULL when it takes none),
 * and what it does with the open store and its arguments (argv's,
 * borrowed): 0, or -1 with err.
 */
struct cmd_store_sub {
	const char *name;
	const char *args;
	int (*run)(struct store *st, char **args, int nargs, struct diag *err);
};

/*
 * A command whose subcommands run on the database at *db (set by the
 * options, CHAINWATCH_DB first): the options, then the subcommand from
 * subs[n] with its arguments checked, the database opened (its folder
 * made), the subcommand run and the database closed.  `expected` lists
 * the subcommands for the message when none is given.  Returns the exit
 * code, every error reported through msg_exit().
 */
int cmd_store_command(int argc, char **argv, const struct cmd_help *help, cmd_set_fn *set,
		      void *ctx, const char **db, const struct cmd_store_sub *subs, size_t n,
		      const char *expected);

/*
 * A register import's rejected rows on stderr: the first ten as
 * "where:line: rejected: reason", counted in *(unsigned long *)ctx (a
 * reject callback); cmd_rejects_done() then says how many more there were.
 */
void cmd_print_reject(void *ctx, const char *where, unsigned long line, const char *reason);
void cmd_rejects_done(unsigned long shown);

/* The environment variable `name` into *slot, when it is set and not empty. */
void cmd_env(const char *name, const char **slot);

/* "5", "0.5", "12.25%" -> parts per million.  -1 with err naming `option` (CW_USAGE). */
int cmd_percent(const char *option, const char *v, long *ppm, struct diag *err);
/* "25000", "1,500.50" pounds -> pence.  -1 with err naming `option` (CW_USAGE). */
int cmd_pounds(const char *option, const char *v, long long *pence, struct diag *err);

/*
 * --tender-setting NAME=VALUE (and a config file's tender-NAME), added to
 * o->set; v is borrowed and must outlive o.  Free o->set with free().
 * -1 with err (CW_USAGE) when v has no '='.
 */
int cmd_tender_setting(struct tender_options *o, const char *v, struct diag *err);

/* ---- config.c: the --config file of scan and tenders ---- */

/* Strings a config file gave, kept for the run: release with cmd_strings_release(). */
struct cmd_strings {
	char **v;
	size_t n;
};

void cmd_strings_release(struct cmd_strings *s);

/*
 * Each `key = value` line of the file at path to set(ctx, id, value):
 * council, db, out, profile, max-reject-rate, sectors, unmatched-flag,
 * suppliers, statement-spend, tenders, companies-house-key (their OPT_
 * ids) and tender-NAME
 * (OPT_TENDER_SET with "NAME=VALUE").  '#' starts a comment line.  The
 * values are copied into keep.  -1 with err (CW_USAGE) when the file
 * cannot be read, or at the first line that is not a known setting or
 * that set() refuses, located "path:line: ...".
 */
int cmd_config_read(const char *path, cmd_set_fn *set, void *ctx, struct cmd_strings *keep,
		    struct diag *err);

#endif
