/*
 * The command line (cli.h): each command's options parsed with getopt_long,
 * checked and stored in struct cli, and its subcommand and arguments.  The
 * option tables and --help texts are in clihelp.c, the config file and the
 * environment in cliconfig.c (cli_private.h).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chainwatch/amount.h"
#include "chainwatch/buf.h"
#include "chainwatch/cli.h"
#include "chainwatch/version.h"
#include "chainwatch/xalloc.h"

#include "cli_private.h"

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

/* "5", "0.5", "12.25" percent -> parts per million */
static int parse_percent(const char *s, long *ppm)
{
	long whole = 0, frac = 0, scale = 10000;
	const char *p = s;

	if (!*p)
		return -1;
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
	if (*p || whole > 100 || (whole == 100 && frac))
		return -1;
	*ppm = whole * 10000 + frac;
	return 0;
}

int cli_set_scan(struct cli *c, int id, const char *v, struct diag *err)
{
	struct scan_options *o = &c->scan;

	switch (id) {
	case OPT_SPEND:
		o->spend = xreallocarray(o->spend, o->nspend + 1, sizeof(*o->spend));
		o->spend[o->nspend++] = v;
		break;
	case OPT_SUPPLIERS: o->suppliers = v; break;
	case OPT_TENDERS: o->tenders = v; break;
	case OPT_TENDER_SET:
		if (!strchr(v, '='))
			return diag_set(err, CW_USAGE, "--tender-setting '%s' is not NAME=VALUE", v);
		o->tender.set = xreallocarray(o->tender.set, o->tender.nset + 1,
					      sizeof(*o->tender.set));
		o->tender.set[o->tender.nset++] = v;
		break;
	case OPT_PERIOD: o->period = v; break;
	case OPT_COUNCIL: o->council = v; break;
	case OPT_PROFILE: o->profile = v; break;
	case OPT_SECTORS: o->sectors = v; break;
	case OPT_UNMATCHED: {
		int64_t pence;
		struct diag e2;

		diag_init(&e2);
		if (amount_parse(v, strlen(v), &pence, &e2) < 0 || pence < 0)
			return diag_set(err, CW_USAGE, "--unmatched-flag '%s' is not an amount in pounds", v);
		o->unmatched_min_pence = pence;
		break;
	}
	case OPT_STATEMENT_SPEND: {
		int64_t pence;

		if (amount_parse(v, strlen(v), &pence, NULL) < 0 || pence < 0)
			return diag_set(err, CW_USAGE, "--statement-spend '%s' is not an amount in pounds", v);
		o->statement_spend_pence = pence;
		break;
	}
	case OPT_DB: o->db = v; break;
	case OPT_OUT: o->out = v; break;
	case OPT_STRICT: o->strict = 1; break;
	case OPT_REPLACE_OVERLAPPING: o->replace_overlapping = 1; break;
	case OPT_QUIET: c->quiet = 1; break;
	case OPT_VERBOSE: c->verbose = 1; break;
	case OPT_MAX_REJECT:
		if (parse_percent(v, &o->max_reject_ppm) < 0)
			return diag_set(err, CW_USAGE, "--max-reject-rate '%s' is not a percentage "
					"from 0 to 100", v);
		break;
	default:
		return diag_set(err, CW_USAGE, "unknown option");
	}
	return 0;
}

/*
 * Start reading a command's options again from the first argument.
 * next_option() then gives each option's id, -1 at the end of the options,
 * or -2 (err set) for an unknown option or one without its value.
 */
/*
 * Each option on the command line, in order, to set(c, id, value, err);
 * --help sets CLI_HELP and stops there.  Returns 1 after --help, 0 when
 * every option is set, and -1 with err set on an unknown option, a missing
 * value or set()'s refusal.
 */
static int each_option(int argc, char **argv, const struct opt *table, const char *cmd,
		       struct cli *c, int (*set)(struct cli *, int, const char *, struct diag *),
		       struct diag *err)
{
	struct option *lo = long_options(table);
	int ch, ret = 0;

	optind = 0;     /* glibc: start again from argv[1], and reinitialise */
	opterr = 0;
	while (ret == 0 && (ch = getopt_long(argc, argv, ":", lo, NULL)) != -1) {
		if (ch == '?' || ch == ':') {
			ret = diag_set(err, CW_USAGE, ch == '?' ? "%s: unknown option '%s' (see "
				       "--help)" : "%s: option '%s' needs a value (see --help)", cmd,
				       argv[optind - 1]);
		} else if (ch == OPT_HELP) {
			c->action = CLI_HELP;
			ret = 1;
		} else if (set(c, ch, optarg, err) < 0) {
			ret = -1;
		}
	}
	free(lo);
	return ret;
}

/* scan's first pass: only --config, read before the other options */
static int note_config(struct cli *c, int id, const char *v, struct diag *err)
{
	(void)err;
	if (id == OPT_CONFIG)
		c->config = v;
	return 0;
}

/* tenders' first pass: each --config read as it comes */
static int read_config(struct cli *c, int id, const char *v, struct diag *err)
{
	return id == OPT_CONFIG ? cli_read_config(c, v, err) : 0;
}

/* the second pass of scan and tenders: every option but --config, over the file's */
static int set_scan(struct cli *c, int id, const char *v, struct diag *err)
{
	return id == OPT_CONFIG ? 0 : cli_set_scan(c, id, v, err);
}

static int parse_scan(int argc, char **argv, struct cli *c, struct diag *err)
{
	int rc;

	/* two passes: the config file and environment first, then the command line over them */
	rc = each_option(argc, argv, cli_scan_opts, "scan", c, note_config, err);
	if (rc == 0) {
		if (c->config && cli_read_config(c, c->config, err) < 0)
			return -1;
		cli_read_env(c);
		rc = each_option(argc, argv, cli_scan_opts, "scan", c, set_scan, err);
	}
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	if (optind < argc)
		return diag_set(err, CW_USAGE, "scan: unexpected argument '%s' (see --help)",
				argv[optind]);
	if (!c->scan.nspend)
		return diag_set(err, CW_USAGE, "scan: no --spend file given (see --help)");
	c->action = CLI_RUN_SCAN;
	return 0;
}

static int set_reference(struct cli *c, int id, const char *v, struct diag *err)
{
	(void)id;
	(void)err;
	c->scan.sectors = v;    /* --sectors, the only other option */
	return 0;
}

static int parse_reference(int argc, char **argv, struct cli *c, struct diag *err)
{
	int rc = each_option(argc, argv, cli_reference_opts, "reference", c, set_reference, err);

	if (rc != 0)
		return rc < 0 ? -1 : 0;
	if (optind >= argc || strcmp(argv[optind], "check") != 0 || optind + 1 != argc)
		return diag_set(err, CW_USAGE, "reference: expected 'reference check' (see --help)");
	c->action = CLI_REFERENCE_CHECK;
	return 0;
}

static int parse_tenders(int argc, char **argv, struct cli *c, struct diag *err)
{
	const char *v;
	int rc;

	/* two passes, as for scan: the config file and environment, then the command line */
	rc = each_option(argc, argv, cli_tenders_opts, "tenders", c, read_config, err);
	if (rc == 0) {
		if ((v = getenv("CHAINWATCH_DB")) && *v)
			c->scan.db = v;
		if ((v = getenv("CHAINWATCH_COUNCIL")) && *v)
			c->scan.council = v;
		rc = each_option(argc, argv, cli_tenders_opts, "tenders", c, set_scan, err);
	}
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	if (optind + 1 != argc)
		return diag_set(err, CW_USAGE, "tenders: expected one bid FILE (see --help)");
	c->scan.tenders = argv[optind];
	c->action = CLI_TENDERS;
	return 0;
}

static int set_charter(struct cli *c, int id, const char *v, struct diag *err)
{
	struct charter_options *o = &c->charter;

	(void)err;
	switch (id) {
	case OPT_CHARTER_YEAR: o->year = v; break;
	case OPT_EVIDENCE: o->evidence = v; break;
	case OPT_COUNCIL: o->council = v; break;
	case OPT_DB: o->db = v; break;
	case OPT_OUT: o->out = v; break;
	case OPT_TEMPLATES: o->templates = v; break;
	case OPT_QUIET: c->quiet = 1; break;
	default:
		BUG("charter option %d has no case", id);
	}
	return 0;
}

static int parse_charter(int argc, char **argv, struct cli *c, struct diag *err)
{
	struct charter_options *o = &c->charter;
	const char *v;
	int rc;

	if ((v = getenv("CHAINWATCH_DB")) && *v)
		o->db = v;
	if ((v = getenv("CHAINWATCH_COUNCIL")) && *v)
		o->council = v;
	rc = each_option(argc, argv, cli_charter_opts, "charter", c, set_charter, err);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	if (optind < argc)
		return diag_set(err, CW_USAGE, "charter: unexpected argument '%s' (see --help)",
				argv[optind]);
	if (!o->year)
		return diag_set(err, CW_USAGE, "charter: --year YYYY-YY is required (see --help)");
	c->action = CLI_CHARTER;
	return 0;
}

static int set_review(struct cli *c, int id, const char *v, struct diag *err)
{
	struct review_options *o = &c->review;

	switch (id) {
	case OPT_DB: o->db = v; break;
	case OPT_COUNCIL: o->council = v; break;
	case OPT_STATUS: o->status = v; break;
	case OPT_TIER: o->tier = v; break;
	case OPT_SUPPLIER: o->supplier = v; break;
	case OPT_BY: o->by = v; break;
	case OPT_NOTE: o->note = v; break;
	case OPT_NEXT_REVIEW: o->next_review = v; break;
	case OPT_EVIDENCE: o->evidence = v; break;
	case OPT_OUT: o->out = v; break;
	case OPT_PARTIAL: o->partial = 1; break;
	case OPT_QUIET: c->quiet = 1; break;
	case OPT_FORMAT:
		if (!strcmp(v, "table"))
			o->format = REVIEW_TABLE;
		else if (!strcmp(v, "csv"))
			o->format = REVIEW_CSV;
		else if (!strcmp(v, "json"))
			o->format = REVIEW_JSON;
		else
			return diag_set(err, CW_USAGE, "review: --format '%s' is not table, csv or "
					"json", v);
		break;
	default:
		return diag_set(err, CW_USAGE, "unknown option");
	}
	return 0;
}

static int parse_review(int argc, char **argv, struct cli *c, struct diag *err)
{
	struct review_options *o = &c->review;
	const char *v, *sub;
	int rc, nargs;

	if ((v = getenv("CHAINWATCH_DB")) && *v)
		o->db = v;
	rc = each_option(argc, argv, cli_review_opts, "review", c, set_review, err);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	if (optind >= argc)
		return diag_set(err, CW_USAGE, "review: expected list, set, export or import (see "
				"--help)");
	sub = argv[optind];
	nargs = argc - optind - 1;
	if (!strcmp(sub, "list") || !strcmp(sub, "export")) {
		if (nargs)
			return diag_set(err, CW_USAGE, "review %s: unexpected argument '%s' (see "
					"--help)", sub, argv[optind + 1]);
		c->action = !strcmp(sub, "list") ? CLI_REVIEW_LIST : CLI_REVIEW_EXPORT;
	} else if (!strcmp(sub, "set")) {
		if (nargs != 1 || !o->status || !o->by || !*o->by)
			return diag_set(err, CW_USAGE, "review set: expected FLAG_ID --status S "
					"--by NAME (see --help)");
		o->flag_id = argv[optind + 1];
		c->action = CLI_REVIEW_SET;
	} else if (!strcmp(sub, "import")) {
		if (nargs != 1)
			return diag_set(err, CW_USAGE, "review import: expected one FILE (see "
					"--help)");
		o->file = argv[optind + 1];
		c->action = CLI_REVIEW_IMPORT;
	} else {
		return diag_set(err, CW_USAGE, "review: unknown subcommand '%s' (see --help)", sub);
	}
	return 0;
}

static int parse_year_arg(const char *v, int *year)
{
	int y = 0, n = 0;

	for (; *v >= '0' && *v <= '9' && n < 5; v++, n++)
		y = y * 10 + (*v - '0');
	if (*v || n != 4 || y < 2017 || y > 2100)
		return -1;
	*year = y;
	return 0;
}

static int set_registry(struct cli *c, int id, const char *v, struct diag *err)
{
	struct registry_options *o = &c->registry;
	char *end;

	switch (id) {
	case OPT_DB: o->db = v; break;
	case OPT_URL: o->url = v; break;
	case OPT_IS: o->is_org = v; break;
	case OPT_IS_NOT: o->is_not_org = v; break;
	case OPT_CLEAR: o->clear = 1; break;
	case OPT_BY: o->by = v; break;
	case OPT_NOTE: o->note = v; break;
	case OPT_COUNCIL: o->council = v; break;
	case OPT_QUIET: c->quiet = 1; break;
	case OPT_YEAR:
		if (o->nyears == REGISTRY_MAX_YEARS)
			return diag_set(err, CW_USAGE, "registry: at most %d --year", REGISTRY_MAX_YEARS);
		if (parse_year_arg(v, &o->years[o->nyears]) < 0)
			return diag_set(err, CW_USAGE, "registry: --year '%s' is not a year", v);
		o->nyears++;
		break;
	case OPT_RETRIES:
		errno = 0;
		o->retries = strtol(v, &end, 10);
		if (errno || *end || !*v || o->retries < 0 || o->retries > 10)
			return diag_set(err, CW_USAGE, "registry: --retries '%s' is not 0 to 10", v);
		break;
	case OPT_TIMEOUT:
		errno = 0;
		o->timeout_s = strtol(v, &end, 10);
		if (errno || *end || !*v || o->timeout_s < 1 || o->timeout_s > 86400)
			return diag_set(err, CW_USAGE, "registry: --timeout '%s' is not a number of "
					"seconds", v);
		break;
	default:
		return diag_set(err, CW_USAGE, "unknown option");
	}
	return 0;
}

/* What each registry subcommand takes: its action and its positional arguments. */
static int registry_sub(struct cli *c, const char *sub, char **args, int nargs, struct diag *err)
{
	struct registry_options *o = &c->registry;
	int updating = !strcmp(sub, "update"), overriding = !strcmp(sub, "override");

	if ((o->nyears || o->url != c->registry_default_url || o->timeout_s || o->retries >= 0) &&
	    !updating)
		return diag_set(err, CW_USAGE, "registry %s: --year, --url, --timeout and --retries are for "
				"'registry update' (see --help)", sub);
	if ((o->is_org || o->is_not_org || o->clear || o->by || o->note) && !overriding)
		return diag_set(err, CW_USAGE, "registry %s: --is, --is-not, --clear, --by and "
				"--note are for 'registry override' (see --help)", sub);
	if (!strcmp(sub, "import")) {
		if (!nargs)
			return diag_set(err, CW_USAGE, "registry import: no FILE given (see --help)");
		o->files = (const char **)args;
		o->nfiles = (size_t)nargs;
		c->action = CLI_REGISTRY_IMPORT;
		return 0;
	}
	if (overriding) {
		if (nargs != 1 && !(nargs == 2 && o->clear))
			return diag_set(err, CW_USAGE, "registry override: expected one SUPPLIER_KEY "
					"(see --help)");
		if (!!o->is_org + !!o->is_not_org + !!o->clear != 1)
			return diag_set(err, CW_USAGE, "registry override: give one of --is, --is-not "
					"or --clear (see --help)");
		if (!o->clear && (!o->by || !*o->by))
			return diag_set(err, CW_USAGE, "registry override: --by NAME is required, so "
					"the decision has an owner (see --help)");
		o->supplier_key = args[0];
		o->clear_org = nargs == 2 ? args[1] : NULL;
		c->action = CLI_REGISTRY_OVERRIDE;
		return 0;
	}
	if (nargs)
		return diag_set(err, CW_USAGE, "registry %s: unexpected argument '%s' (see --help)",
				sub, args[0]);
	if (updating)
		c->action = CLI_REGISTRY_UPDATE;
	else if (!strcmp(sub, "status"))
		c->action = CLI_REGISTRY_STATUS;
	else if (!strcmp(sub, "overrides"))
		c->action = CLI_REGISTRY_OVERRIDES;
	else
		return diag_set(err, CW_USAGE, "registry: unknown subcommand '%s' (see --help)", sub);
	return 0;
}

static int parse_registry(int argc, char **argv, struct cli *c, struct diag *err)
{
	const char *v;
	int rc;

	if ((v = getenv("CHAINWATCH_DB")) && *v)
		c->registry.db = v;
	rc = each_option(argc, argv, cli_registry_opts, "registry", c, set_registry, err);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	if (optind >= argc)
		return diag_set(err, CW_USAGE, "registry: expected import, update, status, override "
				"or overrides (see --help)");
	return registry_sub(c, argv[optind], argv + optind + 1, argc - optind - 1, err);
}

static int set_entity(struct cli *c, int id, const char *v, struct diag *err)
{
	struct entity_options *o = &c->entity;

	switch (id) {
	case OPT_DB: o->db = v; break;
	case OPT_COUNCIL: o->council = v; break;
	case OPT_TYPE: o->type = v; break;
	case OPT_ID: o->id = v; break;
	case OPT_BY: o->by = v; break;
	case OPT_NOTE: o->note = v; break;
	case OPT_QUIET: c->quiet = 1; break;
	default:
		return diag_set(err, CW_USAGE, "unknown option");
	}
	return 0;
}

static int parse_entity(int argc, char **argv, struct cli *c, struct diag *err)
{
	struct entity_options *o = &c->entity;
	const char *v, *sub;
	int rc, nargs;

	o->db = "output/chainwatch.db";
	if ((v = getenv("CHAINWATCH_DB")) && *v)
		o->db = v;
	if ((v = getenv("CHAINWATCH_COUNCIL")) && *v)
		o->council = v;
	rc = each_option(argc, argv, cli_entity_opts, "entity", c, set_entity, err);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	if (optind >= argc)
		return diag_set(err, CW_USAGE, "entity: expected set, clear or list (see --help)");
	sub = argv[optind];
	nargs = argc - optind - 1;
	if ((o->type || o->id || o->by || o->note) && strcmp(sub, "set"))
		return diag_set(err, CW_USAGE, "entity %s: --type, --id, --by and --note are for "
				"'entity set' (see --help)", sub);
	if (!strcmp(sub, "list")) {
		if (nargs)
			return diag_set(err, CW_USAGE, "entity list: unexpected argument '%s' (see "
					"--help)", argv[optind + 1]);
		c->action = CLI_ENTITY_LIST;
		return 0;
	}
	if (strcmp(sub, "set") && strcmp(sub, "clear"))
		return diag_set(err, CW_USAGE, "entity: unknown subcommand '%s' (see --help)", sub);
	if (nargs != 1)
		return diag_set(err, CW_USAGE, "entity %s: expected one SUPPLIER_KEY (see --help)",
				sub);
	o->supplier_key = argv[optind + 1];
	if (!strcmp(sub, "clear")) {
		c->action = CLI_ENTITY_CLEAR;
		return 0;
	}
	if (!o->type)
		return diag_set(err, CW_USAGE, "entity set: --type is required (see --help)");
	if (!o->by || !*o->by)
		return diag_set(err, CW_USAGE, "entity set: --by NAME is required, so the decision "
				"has an owner (see --help)");
	c->action = CLI_ENTITY_SET;
	return 0;
}

static int set_inspect(struct cli *c, int id, const char *v, struct diag *err)
{
	(void)err;
	if (id == OPT_PROFILE)
		c->inspect.profile = v;
	else if (id == OPT_SAVE_PROFILE)
		c->inspect.save_profile = v;
	else if (id == OPT_SECTORS)
		c->inspect.sectors = v;
	return 0;
}

static int parse_inspect(int argc, char **argv, struct cli *c, struct diag *err)
{
	int rc = each_option(argc, argv, cli_inspect_opts, "inspect", c, set_inspect, err);

	if (rc != 0)
		return rc < 0 ? -1 : 0;
	if (optind >= argc)
		return diag_set(err, CW_USAGE, "inspect: expected a spend FILE (see --help)");
	c->inspect.files = (const char **)(argv + optind);
	c->inspect.nfiles = (size_t)(argc - optind);
	c->action = CLI_INSPECT;
	return 0;
}

int cli_parse(int argc, char **argv, struct cli *c, struct diag *err)
{
	const char *cmd;

	memset(c, 0, sizeof(*c));
	scan_options_init(&c->scan);
	registry_options_init(&c->registry);
	c->registry_default_url = c->registry.url;
	if (argc < 2)
		return diag_set(err, CW_USAGE, "no command given (see --help)");
	cmd = argv[1];
	if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
		c->action = CLI_HELP;
		if (argc > 2 && strcmp(cmd, "help") == 0)
			c->command = argv[2];
		return 0;
	}
	if (!strcmp(cmd, "--version")) {
		c->action = CLI_VERSION;
		return 0;
	}
	if (!strcmp(cmd, "scan")) {
		c->command = "scan";
		return parse_scan(argc - 1, argv + 1, c, err);
	}
	if (!strcmp(cmd, "reference")) {
		c->command = "reference";
		return parse_reference(argc - 1, argv + 1, c, err);
	}
	if (!strcmp(cmd, "charter")) {
		c->command = "charter";
		charter_options_init(&c->charter);
		return parse_charter(argc - 1, argv + 1, c, err);
	}
	if (!strcmp(cmd, "review")) {
		c->command = "review";
		review_options_init(&c->review);
		return parse_review(argc - 1, argv + 1, c, err);
	}
	if (!strcmp(cmd, "tenders")) {
		c->command = "tenders";
		return parse_tenders(argc - 1, argv + 1, c, err);
	}
	if (!strcmp(cmd, "inspect")) {
		c->command = "inspect";
		return parse_inspect(argc - 1, argv + 1, c, err);
	}
	if (!strcmp(cmd, "entity")) {
		c->command = "entity";
		return parse_entity(argc - 1, argv + 1, c, err);
	}
	if (!strcmp(cmd, "registry")) {
		c->command = "registry";
		return parse_registry(argc - 1, argv + 1, c, err);
	}
	return diag_set(err, CW_USAGE, "unknown command '%s' (see --help)", cmd);
}

void cli_release(struct cli *c)
{
	size_t i;

	for (i = 0; i < c->nowned; i++)
		free(c->owned[i]);
	free(c->owned);
	free(c->scan.spend);
	free(c->scan.tender.set);
}
