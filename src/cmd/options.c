/*
 * options.c: what the commands share in reading their command line
 * (cmd.h) - one option table drives getopt_long and --help; --quiet and
 * --verbose set up the messages; the environment; values that are
 * percentages, pounds or tender settings.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chainwatch/amount.h"
#include "chainwatch/msg.h"
#include "chainwatch/outfile.h"
#include "chainwatch/store.h"
#include "chainwatch/tenders.h"
#include "chainwatch/xalloc.h"

#include "cmd.h"

void cmd_help_print(const struct cmd_help *h)
{
	const struct opt *t;

	fputs(h->text, stdout);
	for (t = h->opts; t->name; t++) {
		char left[48];

		snprintf(left, sizeof(left), "--%s%s%s", t->name, t->arg ? " " : "",
			 t->arg ? t->arg : "");
		printf("  %-28s %s\n", left, t->help);
	}
	if (h->tail)
		fputs(h->tail, stdout);
	if (h->examples)
		printf("\nexamples:\n%s", h->examples);
}

static struct option *long_options(const struct opt *t)
{
	size_t n = 0, i;
	struct option *lo;

	while (t[n].name)
		n++;
	lo = xcalloc(n + 1, sizeof(*lo));
	for (i = 0; i < n; i++) {
		lo[i].name = t[i].name;
		lo[i].has_arg = t[i].has_arg ? required_argument : no_argument;
		lo[i].val = t[i].id;
	}
	return lo;
}

int cmd_options(int argc, char **argv, const struct cmd_help *help, cmd_set_fn *set, void *ctx,
		struct diag *err)
{
	struct option *lo = long_options(help->opts);
	int ch, ret = 0, quiet = 0, verbose = 0;

	optind = 0;     /* glibc: start again from argv[1], and reinitialise */
	opterr = 0;
	while (ret == 0 && (ch = getopt_long(argc, argv, ":", lo, NULL)) != -1) {
		if (ch == '?' || ch == ':') {
			ret = diag_set(err, CW_USAGE, ch == '?' ? "%s: unknown option '%s' (see "
				       "--help)" : "%s: option '%s' needs a value (see --help)",
				       argv[0], argv[optind - 1]);
		} else if (ch == OPT_HELP) {
			cmd_help_print(help);
			ret = 1;
		} else if (ch == OPT_QUIET) {
			quiet = 1;
		} else if (ch == OPT_VERBOSE) {
			verbose = 1;
		} else if (set(ctx, ch, optarg, err) < 0) {
			ret = -1;
		}
	}
	free(lo);
	if (ret)
		return ret < 0 ? -1 : 0;
	msg_setup(quiet, verbose);
	return optind;
}

int cmd_sub_options(int argc, char **argv, const struct cmd_help *help, cmd_set_fn *set,
		    void *ctx, const char *expected, struct diag *err)
{
	int i = cmd_options(argc, argv, help, set, ctx, err);

	if (i > 0 && i >= argc)
		return diag_set(err, CW_USAGE, "%s: expected %s (see --help)", argv[0], expected);
	return i;
}

void cmd_env(const char *name, const char **slot)
{
	const char *v = getenv(name);

	if (v && *v)
		*slot = v;
}

int cmd_percent(const char *option, const char *v, long *ppm, struct diag *err)
{
	long whole = 0, frac = 0, scale = 10000;
	const char *p = v;

	while (*p >= '0' && *p <= '9' && whole < 1000)
		whole = whole * 10 + (*p++ - '0');
	if (*p == '.') {
		p++;
		while (*p >= '0' && *p <= '9' && scale > 1) {
			scale /= 10;
			frac += (*p++ - '0') * scale;
		}
	}
	if (*p == '%')
		p++;
	if (!*v || *p || whole > 100 || (whole == 100 && frac))
		return diag_set(err, CW_USAGE, "--%s '%s' is not a percentage from 0 to 100",
				option, v);
	*ppm = whole * 10000 + frac;
	return 0;
}

int cmd_pounds(const char *option, const char *v, long long *pence, struct diag *err)
{
	int64_t p;

	if (amount_parse(v, strlen(v), &p, NULL) < 0 || p < 0)
		return diag_set(err, CW_USAGE, "--%s '%s' is not an amount in pounds", option, v);
	*pence = p;
	return 0;
}

int cmd_tender_setting(struct tender_options *o, const char *v, struct diag *err)
{
	if (!strchr(v, '='))
		return diag_set(err, CW_USAGE, "--tender-setting '%s' is not NAME=VALUE", v);
	o->set = xreallocarray(o->set, o->nset + 1, sizeof(*o->set));
	o->set[o->nset++] = v;
	return 0;
}

int cmd_set_db(void *ctx, int id, const char *value, struct diag *err)
{
	(void)err;
	if (id != OPT_DB)
		BUG("option %d has no case", id);
	*(const char **)ctx = value;
	return 0;
}

int cmd_store_command(int argc, char **argv, const struct cmd_help *help, cmd_set_fn *set,
		      void *ctx, const char **db, const struct cmd_store_sub *subs, size_t n,
		      const char *expected)
{
	struct store *st = NULL;
	struct diag err;
	const char *cmd = argv[0];
	size_t k;
	int i, nargs, code = CW_OK;

	diag_init(&err);
	cmd_env("CHAINWATCH_DB", db);
	i = cmd_sub_options(argc, argv, help, set, ctx, expected, &err);
	if (i <= 0)
		return i == 0 ? CW_OK : msg_exit(err.code, &err);
	for (k = 0; k < n && strcmp(argv[i], subs[k].name); k++)
		;
	nargs = argc - i - 1;
	if (k == n)
		diag_set(&err, CW_USAGE, "%s: unknown subcommand '%s' (see --help)", cmd, argv[i]);
	else if (subs[k].args && !nargs)
		diag_set(&err, CW_USAGE, "%s %s: no %s given (see --help)", cmd, argv[i],
			 subs[k].args);
	else if (!subs[k].args && nargs)
		diag_set(&err, CW_USAGE, "%s %s: unexpected argument '%s' (see --help)", cmd,
			 argv[i], argv[i + 1]);
	else if (make_parent_dirs(*db, &err) == 0 && store_open(*db, &st, &err) == 0 &&
		 subs[k].run(st, argv + i + 1, nargs, &err) == 0)
		goto out;
	code = err.code ? err.code : CW_INTERNAL;
out:
	store_close(st);
	return msg_exit(code, &err);
}

#define STDERR_REJECTS 10

void cmd_print_reject(void *ctx, const char *where, unsigned long line, const char *reason)
{
	unsigned long *shown = ctx;

	if (++*shown <= STDERR_REJECTS)
		detailf("%s:%lu: rejected: %s", where, line, reason);
}

void cmd_rejects_done(unsigned long shown)
{
	if (shown > STDERR_REJECTS)
		detailf("... %lu more rejected rows", shown - STDERR_REJECTS);
}
