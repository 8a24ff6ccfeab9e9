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

enum opt_id {
	OPT_SPEND = 256, OPT_SUPPLIERS, OPT_PERIOD, OPT_COUNCIL, OPT_PROFILE, OPT_DB, OPT_OUT,
	OPT_CONFIG, OPT_STRICT, OPT_MAX_REJECT, OPT_QUIET, OPT_VERBOSE, OPT_HELP, OPT_VERSION,
	OPT_SECTORS, OPT_UNMATCHED, OPT_STATEMENT_SPEND, OPT_YEAR, OPT_URL, OPT_TIMEOUT, OPT_IS,
	OPT_IS_NOT, OPT_CLEAR, OPT_BY, OPT_NOTE, OPT_RETRIES, OPT_TENDERS, OPT_TENDER_SET,
	OPT_STATUS, OPT_TIER, OPT_SUPPLIER, OPT_FORMAT, OPT_NEXT_REVIEW, OPT_EVIDENCE, OPT_PARTIAL,
	OPT_CHARTER_YEAR, OPT_TEMPLATES
};

struct opt {
	const char *name;
	int has_arg;
	int id;
	const char *arg;
	const char *help;
};

static const struct opt scan_opts[] = {
	{ "spend", 1, OPT_SPEND, "FILE", "council spend extract (CSV); repeat for several files" },
	{ "suppliers", 1, OPT_SUPPLIERS, "FILE", "supplier master extract (CSV), joined to the spend" },
	{ "tenders", 1, OPT_TENDERS, "FILE", "bids to check for abnormally low tenders (CSV or OCDS)" },
	{ "tender-setting", 1, OPT_TENDER_SET, "NAME=VALUE", "a tender rule threshold (docs/tenders.md)" },
	{ "period", 1, OPT_PERIOD, "YYYY-MM", "period of the run (default: from the payment dates)" },
	{ "council", 1, OPT_COUNCIL, "NAME", "council name for the outputs and the database" },
	{ "profile", 1, OPT_PROFILE, "NAME|FILE", "column-mapping profile (profiles/NAME.json)" },
	{ "db", 1, OPT_DB, "FILE", "database (default output/chainwatch.db)" },
	{ "out", 1, OPT_OUT, "DIR", "output directory (default output/<period>)" },
	{ "config", 1, OPT_CONFIG, "FILE", "settings file: key = value lines" },
	{ "max-reject-rate", 1, OPT_MAX_REJECT, "PCT", "fail (exit 3) when a file rejects more (default 5)" },
	{ "sectors", 1, OPT_SECTORS, "DIR", "risk model reference data (default sectors/)" },
	{ "unmatched-flag", 1, OPT_UNMATCHED, "POUNDS", "flag unclassified suppliers paid this much (default 25000)" },
	{ "statement-spend", 1, OPT_STATEMENT_SPEND, "POUNDS",
	  "spend that makes the s54 duty likely (default 500000)" },
	{ "strict", 0, OPT_STRICT, NULL, "any rejected row fails the run (exit 3)" },
	{ "quiet", 0, OPT_QUIET, NULL, "no summary or per-row messages on stderr" },
	{ "verbose", 0, OPT_VERBOSE, NULL, "more detail on stderr" },
	{ "help", 0, OPT_HELP, NULL, "show this help" },
	{ NULL, 0, 0, NULL, NULL }
};

static const struct opt tenders_opts[] = {
	{ "db", 1, OPT_DB, "FILE", "database (default output/chainwatch.db)" },
	{ "out", 1, OPT_OUT, "DIR", "output directory (default output/tenders)" },
	{ "council", 1, OPT_COUNCIL, "NAME", "council name for the outputs and the database" },
	{ "sectors", 1, OPT_SECTORS, "DIR", "reference data, with wages.json (default sectors/)" },
	{ "tender-setting", 1, OPT_TENDER_SET, "NAME=VALUE", "a rule threshold (docs/tenders.md)" },
	{ "config", 1, OPT_CONFIG, "FILE", "settings file: key = value lines" },
	{ "quiet", 0, OPT_QUIET, NULL, "no summary or per-row messages on stderr" },
	{ "help", 0, OPT_HELP, NULL, "show this help" },
	{ NULL, 0, 0, NULL, NULL }
};

static const struct opt reference_opts[] = {
	{ "sectors", 1, OPT_SECTORS, "DIR", "reference data directory (default sectors/)" },
	{ "help", 0, OPT_HELP, NULL, "show this help" },
	{ NULL, 0, 0, NULL, NULL }
};

static const struct opt registry_opts[] = {
	{ "db", 1, OPT_DB, "FILE", "database (default output/chainwatch.db)" },
	{ "year", 1, OPT_YEAR, "YYYY", "update: a registry year; repeat (default: this year and last)" },
	{ "url", 1, OPT_URL, "BASE", "update: where StatementSummaries<YEAR>.csv are (default GOV.UK)" },
	{ "timeout", 1, OPT_TIMEOUT, "SECONDS", "update: longest one download may take (default 600)" },
	{ "retries", 1, OPT_RETRIES, "N", "update: tries after a failed attempt (default 3)" },
	{ "is", 1, OPT_IS, "ORG", "override: the supplier is this organisation (number or name)" },
	{ "is-not", 1, OPT_IS_NOT, "ORG", "override: the supplier is not this organisation" },
	{ "clear", 0, OPT_CLEAR, NULL, "override: remove the supplier's overrides (or --clear ORG's)" },
	{ "by", 1, OPT_BY, "NAME", "override: who decided (required)" },
	{ "note", 1, OPT_NOTE, "TEXT", "override: why" },
	{ "quiet", 0, OPT_QUIET, NULL, "no messages on stderr but errors" },
	{ "help", 0, OPT_HELP, NULL, "show this help" },
	{ NULL, 0, 0, NULL, NULL }
};

static const struct opt review_opts[] = {
	{ "db", 1, OPT_DB, "FILE", "database (default output/chainwatch.db)" },
	{ "council", 1, OPT_COUNCIL, "NAME", "the council, when the database holds several" },
	{ "status", 1, OPT_STATUS, "S", "list/export: only this status; set: the new status" },
	{ "tier", 1, OPT_TIER, "T", "list/export: only suppliers of this tier (High, ...)" },
	{ "supplier", 1, OPT_SUPPLIER, "TEXT", "list/export: only suppliers whose name has TEXT" },
	{ "format", 1, OPT_FORMAT, "F", "list: table (default), csv or json" },
	{ "by", 1, OPT_BY, "NAME", "set: who decided (required); import: when a row has none" },
	{ "note", 1, OPT_NOTE, "TEXT", "set: the reason or the action agreed" },
	{ "next-review", 1, OPT_NEXT_REVIEW, "DATE", "set: when to look again" },
	{ "evidence", 1, OPT_EVIDENCE, "URL", "set: a link to the evidence" },
	{ "out", 1, OPT_OUT, "FILE", "export: write here (default stdout)" },
	{ "partial", 0, OPT_PARTIAL, NULL, "import: apply the good rows even when some are wrong" },
	{ "quiet", 0, OPT_QUIET, NULL, "no messages on stderr but errors" },
	{ "help", 0, OPT_HELP, NULL, "show this help" },
	{ NULL, 0, 0, NULL, NULL }
};

static const struct opt charter_opts[] = {
	{ "year", 1, OPT_CHARTER_YEAR, "YYYY-YY", "the financial year, April to March (required)" },
	{ "evidence", 1, OPT_EVIDENCE, "FILE", "staff's evidence file (docs/evidence.md)" },
	{ "council", 1, OPT_COUNCIL, "NAME", "the council, as its scans name it" },
	{ "db", 1, OPT_DB, "FILE", "database (default output/chainwatch.db)" },
	{ "out", 1, OPT_OUT, "DIR", "output directory (default output/charter)" },
	{ "templates", 1, OPT_TEMPLATES, "DIR", "templates (default templates/)" },
	{ "quiet", 0, OPT_QUIET, NULL, "no messages on stderr but errors" },
	{ "help", 0, OPT_HELP, NULL, "show this help" },
	{ NULL, 0, 0, NULL, NULL }
};

static const struct opt top_opts[] = {
	{ "help", 0, OPT_HELP, NULL, "show this help" },
	{ "version", 0, OPT_VERSION, NULL, "show the version" },
	{ NULL, 0, 0, NULL, NULL }
};

static void print_opts(const struct opt *t)
{
	for (; t->name; t++) {
		char left[48];

		snprintf(left, sizeof(left), "--%s%s%s", t->name, t->arg ? " " : "",
			 t->arg ? t->arg : "");
		printf("  %-28s %s\n", left, t->help);
	}
}

void cli_help(const struct cli *c)
{
	if (c->command && !strcmp(c->command, "scan")) {
		printf("usage: chainwatch scan --spend FILE [--spend FILE ...] [options]\n\n"
		       "Read council spend extracts (and a supplier master), total the spend per\n"
		       "supplier and write suppliers.csv, rejected-rows.csv, manifest.json and\n"
		       "supplier-risk-<period>.xlsx into the output directory; keep the run in the\n"
		       "database.  Re-running a period replaces it.\n\noptions:\n");
		print_opts(scan_opts);
		printf("\nexit codes: 0 done, 2 usage, 3 input unusable (or too many rejected rows),\n"
		       "5 database, 6 output, 70 internal error\n");
		return;
	}
	if (c->command && !strcmp(c->command, "charter")) {
		printf("usage: chainwatch charter --year YYYY-YY [--evidence FILE] [options]\n\n"
		       "Write the council's annual report on its Charter Against Modern Slavery\n"
		       "commitments: charter-<year>.html and .md, from templates/charter.html and\n"
		       "charter.md (docs/templates.md), with the year's figures from the database\n"
		       "and the facts only staff know from the evidence file (docs/evidence.md).\n"
		       "A supplied figure that is missing reads \"not supplied\", never 0.\n\noptions:\n");
		print_opts(charter_opts);
		printf("\nexit codes: 0 done, 2 usage, 3 evidence or template unusable, 5 database,\n"
		       "6 output\n");
		return;
	}
	if (c->command && !strcmp(c->command, "review")) {
		printf("usage: chainwatch review list [--status S] [--tier T] [--supplier TEXT]\n"
		       "                             [--format table|csv|json]\n"
		       "       chainwatch review set FLAG_ID --status S --by NAME [--note TEXT]\n"
		       "                             [--next-review DATE] [--evidence URL]\n"
		       "       chainwatch review export [--out FILE] [the list filters]\n"
		       "       chainwatch review import FILE [--by NAME] [--partial]\n\n"
		       "Contract managers' decisions on flags: open, under review, cleared, action\n"
		       "plan, escalated, referred.  Decisions carry to the next scan; a cleared flag\n"
		       "reopens only when its evidence gets worse, and says why.  import reads the\n"
		       "workbook's Flags sheet as saved from Excel (or a CSV of it, or of export),\n"
		       "checks every row and applies nothing when any is wrong unless --partial.\n"
		       "Every change is kept in an append-only audit.\n\noptions:\n");
		print_opts(review_opts);
		printf("\nexit codes: 0 done, 2 usage, 3 rows wrong (import), 5 database\n");
		return;
	}
	if (c->command && !strcmp(c->command, "tenders")) {
		printf("usage: chainwatch tenders FILE [options]\n\n"
		       "Check the bids in FILE (the bid CSV of docs/bids.md, or OCDS JSON / JSON\n"
		       "Lines with the bids extension) for abnormally low tenders, without a spend\n"
		       "scan: labour-cost floors at the wage rates in force on the tender date,\n"
		       "below the estimate, the Scottish rule, gap to the next lowest, robust z,\n"
		       "Tukey, and Cardinal's R058/R024 across the tenders.  Writes tenders.csv,\n"
		       "rejected-rows.csv and tender-check.xlsx; a flag means 'ask the bidder to\n"
		       "explain'.  To score the bidders as suppliers, give the file to\n"
		       "'chainwatch scan --tenders FILE' instead.\n\noptions:\n");
		print_opts(tenders_opts);
		printf("\nexit codes: 0 done, 2 usage, 3 input unusable, 5 database, 6 output\n");
		return;
	}
	if (c->command && !strcmp(c->command, "reference")) {
		printf("usage: chainwatch reference check [--sectors DIR]\n\n"
		       "Validate the risk model's reference data: the sector taxonomy, country\n"
		       "scores, goods list and SIC 2007 list.  Each problem is printed with its\n"
		       "file and line; exit 0 when there are none, 3 when there are.\n\noptions:\n");
		print_opts(reference_opts);
		return;
	}
	if (c->command && !strcmp(c->command, "registry")) {
		printf("usage: chainwatch registry import FILE... [--db FILE]\n"
		       "       chainwatch registry update [--year YYYY ...] [--url BASE] [--db FILE]\n"
		       "       chainwatch registry status [--db FILE]\n"
		       "       chainwatch registry override SUPPLIER_KEY (--is ORG | --is-not ORG |\n"
		       "                                --clear [ORG]) --by NAME [--note TEXT]\n"
		       "       chainwatch registry overrides [--db FILE]\n\n"
		       "The GOV.UK Modern Slavery Statement Registry in the database: one snapshot\n"
		       "per registry year, which every scan matches its suppliers against.  import\n"
		       "loads downloaded StatementSummaries CSVs; update downloads them (conditional\n"
		       "GET, retries, timeouts) and replaces a year only with a file that checks out.\n"
		       "override records that a supplier is, or is not, a registry organisation\n"
		       "(a company number or the name as on the registry); scans follow it.\n\n"
		       "options:\n");
		print_opts(registry_opts);
		printf("\nexit codes: 0 done, 2 usage, 3 file unusable, 4 download failed (the last\n"
		       "good snapshot is kept), 5 database\n");
		return;
	}
	printf("usage: chainwatch COMMAND [options]\n\n"
	       "Modern-slavery risk screening of a council's supply chain.\n\n"
	       "commands:\n"
	       "  scan        read spend and supplier extracts, write the risk workbook\n"
	       "  registry    load the Modern Slavery Statement Registry (import, update, ...)\n"
	       "  tenders     check a bid file for abnormally low tenders\n"
	       "  review      contract managers' decisions on flags (list, set, export, import)\n"
	       "  charter     write the annual Charter Against Modern Slavery report\n"
	       "  reference   check the risk model's reference data (reference check)\n\n"
	       "options:\n");
	print_opts(top_opts);
	printf("\n'chainwatch COMMAND --help' describes a command.\n");
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

static const char *keep(struct cli *c, const char *s)
{
	c->owned = xreallocarray(c->owned, c->nowned + 1, sizeof(*c->owned));
	return c->owned[c->nowned++] = xstrdup(s);
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

static int set_scan(struct cli *c, int id, const char *v, struct diag *err)
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
		o->tender_set = xreallocarray(o->tender_set, o->ntender_set + 1,
					      sizeof(*o->tender_set));
		o->tender_set[o->ntender_set++] = v;
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
	case OPT_QUIET: o->quiet = 1; break;
	case OPT_VERBOSE: o->verbose = 1; break;
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

static const struct { const char *key; int id; } config_keys[] = {
	{ "council", OPT_COUNCIL }, { "db", OPT_DB }, { "out", OPT_OUT },
	{ "profile", OPT_PROFILE }, { "max-reject-rate", OPT_MAX_REJECT },
	{ "sectors", OPT_SECTORS }, { "unmatched-flag", OPT_UNMATCHED },
	{ "suppliers", OPT_SUPPLIERS }, { "statement-spend", OPT_STATEMENT_SPEND },
	{ "tenders", OPT_TENDERS },
};

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
		*--e = '\0';
	return s;
}

/* key = value lines; '#' comments; unknown keys are errors with their line. */
static int read_config(struct cli *c, const char *path, struct diag *err)
{
	FILE *fp = fopen(path, "r");
	char line[4096];
	unsigned long lineno = 0;
	int ret = -1;

	if (!fp)
		return diag_set(err, CW_USAGE, "cannot read config '%s': %s", path, strerror(errno));
	while (fgets(line, sizeof(line), fp)) {
		char *eq, *key, *val;
		size_t i;

		lineno++;
		key = trim(line);
		if (!*key || *key == '#')
			continue;
		eq = strchr(key, '=');
		if (!eq) {
			diag_set(err, CW_USAGE, "expected 'key = value'");
			diag_locate(err, path, lineno, 0);
			goto out;
		}
		*eq = '\0';
		key = trim(key);
		val = trim(eq + 1);
		if (!strncmp(key, "tender-", 7) && strcmp(key, "tender-setting") != 0) {
			/* a rule threshold: checked by name when the bids are checked */
			char *kv = xmalloc(strlen(key) + strlen(val) + 2);

			sprintf(kv, "%s=%s", key + 7, val);
			if (set_scan(c, OPT_TENDER_SET, keep(c, kv), err) < 0) {
				free(kv);
				diag_locate(err, path, lineno, 0);
				goto out;
			}
			free(kv);
			continue;
		}
		for (i = 0; i < sizeof(config_keys) / sizeof(config_keys[0]); i++)
			if (!strcmp(key, config_keys[i].key))
				break;
		if (i == sizeof(config_keys) / sizeof(config_keys[0])) {
			diag_set(err, CW_USAGE, "unknown setting '%s'", key);
			diag_locate(err, path, lineno, 0);
			goto out;
		}
		if (set_scan(c, config_keys[i].id, keep(c, val), err) < 0) {
			diag_locate(err, path, lineno, 0);
			goto out;
		}
	}
	ret = 0;
out:
	fclose(fp);
	return ret;
}

static void read_env(struct cli *c)
{
	const char *v;

	if ((v = getenv("CHAINWATCH_DB")) && *v)
		c->scan.db = v;
	if ((v = getenv("CHAINWATCH_COUNCIL")) && *v)
		c->scan.council = v;
	if ((v = getenv("CHAINWATCH_OUT")) && *v)
		c->scan.out_root = v;
}

static int parse_scan(int argc, char **argv, struct cli *c, struct diag *err)
{
	struct option *lo = long_options(scan_opts);
	const char *config = NULL;
	int ch, ret = -1, pass;

	/* two passes: the config file and environment first, then the command line over them */
	for (pass = 0; pass < 2; pass++) {
		optind = 0;
		opterr = 0;
		while ((ch = getopt_long(argc, argv, ":", lo, NULL)) != -1) {
			if (ch == '?') {
				diag_set(err, CW_USAGE, "scan: unknown option '%s' (see --help)",
					 argv[optind - 1]);
				goto out;
			}
			if (ch == ':') {
				diag_set(err, CW_USAGE, "scan: option '%s' needs a value (see --help)",
					 argv[optind - 1]);
				goto out;
			}
			if (ch == OPT_HELP) {
				c->action = CLI_HELP;
				ret = 0;
				goto out;
			}
			if (pass == 0) {
				if (ch == OPT_CONFIG)
					config = optarg;
				continue;
			}
			if (ch != OPT_CONFIG && set_scan(c, ch, optarg, err) < 0)
				goto out;
		}
		if (pass == 0) {
			if (config && read_config(c, config, err) < 0)
				goto out;
			read_env(c);
		}
	}
	if (optind < argc) {
		diag_set(err, CW_USAGE, "scan: unexpected argument '%s' (see --help)", argv[optind]);
		goto out;
	}
	if (!c->scan.nspend) {
		diag_set(err, CW_USAGE, "scan: no --spend file given (see --help)");
		goto out;
	}
	c->action = CLI_RUN_SCAN;
	ret = 0;
out:
	free(lo);
	return ret;
}

static int parse_reference(int argc, char **argv, struct cli *c, struct diag *err)
{
	struct option *lo = long_options(reference_opts);
	int ch, ret = -1;

	optind = 0;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":", lo, NULL)) != -1) {
		if (ch == OPT_HELP) {
			c->action = CLI_HELP;
			ret = 0;
			goto out;
		}
		if (ch == OPT_SECTORS) {
			c->scan.sectors = optarg;
			continue;
		}
		diag_set(err, CW_USAGE, "reference: %s '%s' (see --help)",
			 ch == ':' ? "option needs a value:" : "unknown option", argv[optind - 1]);
		goto out;
	}
	if (optind >= argc || strcmp(argv[optind], "check") != 0 || optind + 1 != argc) {
		diag_set(err, CW_USAGE, "reference: expected 'reference check' (see --help)");
		goto out;
	}
	c->action = CLI_REFERENCE_CHECK;
	ret = 0;
out:
	free(lo);
	return ret;
}

static int parse_tenders(int argc, char **argv, struct cli *c, struct diag *err)
{
	struct option *lo = long_options(tenders_opts);
	const char *v;
	int ch, ret = -1, pass;

	/* two passes, as for scan: the config file and environment, then the command line */
	for (pass = 0; pass < 2; pass++) {
		optind = 0;
		opterr = 0;
		while ((ch = getopt_long(argc, argv, ":", lo, NULL)) != -1) {
			if (ch == OPT_HELP) {
				c->action = CLI_HELP;
				ret = 0;
				goto out;
			}
			if (ch == '?' || ch == ':') {
				diag_set(err, CW_USAGE, "tenders: %s '%s' (see --help)",
					 ch == ':' ? "option needs a value:" : "unknown option",
					 argv[optind - 1]);
				goto out;
			}
			if (pass == 0) {
				if (ch == OPT_CONFIG && read_config(c, optarg, err) < 0)
					goto out;
				continue;
			}
			if (ch != OPT_CONFIG && set_scan(c, ch, optarg, err) < 0)
				goto out;
		}
		if (pass == 0) {
			if ((v = getenv("CHAINWATCH_DB")) && *v)
				c->scan.db = v;
			if ((v = getenv("CHAINWATCH_COUNCIL")) && *v)
				c->scan.council = v;
		}
	}
	if (optind + 1 != argc) {
		diag_set(err, CW_USAGE, "tenders: expected one bid FILE (see --help)");
		goto out;
	}
	c->scan.tenders = argv[optind];
	c->action = CLI_TENDERS;
	ret = 0;
out:
	free(lo);
	return ret;
}

static int parse_charter(int argc, char **argv, struct cli *c, struct diag *err)
{
	struct option *lo = long_options(charter_opts);
	struct charter_options *o = &c->charter;
	const char *v;
	int ch, ret = -1;

	if ((v = getenv("CHAINWATCH_DB")) && *v)
		o->db = v;
	if ((v = getenv("CHAINWATCH_COUNCIL")) && *v)
		o->council = v;
	optind = 0;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":", lo, NULL)) != -1) {
		switch (ch) {
		case OPT_HELP:
			c->action = CLI_HELP;
			ret = 0;
			goto out;
		case OPT_CHARTER_YEAR: o->year = optarg; break;
		case OPT_EVIDENCE: o->evidence = optarg; break;
		case OPT_COUNCIL: o->council = optarg; break;
		case OPT_DB: o->db = optarg; break;
		case OPT_OUT: o->out = optarg; break;
		case OPT_TEMPLATES: o->templates = optarg; break;
		case OPT_QUIET: o->quiet = 1; break;
		default:
			diag_set(err, CW_USAGE, "charter: %s '%s' (see --help)",
				 ch == ':' ? "option needs a value:" : "unknown option", argv[optind - 1]);
			goto out;
		}
	}
	if (optind < argc) {
		diag_set(err, CW_USAGE, "charter: unexpected argument '%s' (see --help)", argv[optind]);
		goto out;
	}
	if (!o->year) {
		diag_set(err, CW_USAGE, "charter: --year YYYY-YY is required (see --help)");
		goto out;
	}
	c->action = CLI_CHARTER;
	ret = 0;
out:
	free(lo);
	return ret;
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
	case OPT_QUIET: o->quiet = 1; break;
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
	struct option *lo = long_options(review_opts);
	struct review_options *o = &c->review;
	const char *v, *sub;
	int ch, ret = -1, nargs;

	if ((v = getenv("CHAINWATCH_DB")) && *v)
		o->db = v;
	optind = 0;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":", lo, NULL)) != -1) {
		if (ch == OPT_HELP) {
			c->action = CLI_HELP;
			ret = 0;
			goto out;
		}
		if (ch == '?' || ch == ':') {
			diag_set(err, CW_USAGE, "review: %s '%s' (see --help)",
				 ch == ':' ? "option needs a value:" : "unknown option", argv[optind - 1]);
			goto out;
		}
		if (set_review(c, ch, optarg, err) < 0)
			goto out;
	}
	if (optind >= argc) {
		diag_set(err, CW_USAGE, "review: expected list, set, export or import (see --help)");
		goto out;
	}
	sub = argv[optind];
	nargs = argc - optind - 1;
	if (!strcmp(sub, "list") || !strcmp(sub, "export")) {
		if (nargs) {
			diag_set(err, CW_USAGE, "review %s: unexpected argument '%s' (see --help)", sub,
				 argv[optind + 1]);
			goto out;
		}
		c->action = !strcmp(sub, "list") ? CLI_REVIEW_LIST : CLI_REVIEW_EXPORT;
	} else if (!strcmp(sub, "set")) {
		if (nargs != 1 || !o->status || !o->by || !*o->by) {
			diag_set(err, CW_USAGE, "review set: expected FLAG_ID --status S --by NAME "
				 "(see --help)");
			goto out;
		}
		o->flag_id = argv[optind + 1];
		c->action = CLI_REVIEW_SET;
	} else if (!strcmp(sub, "import")) {
		if (nargs != 1) {
			diag_set(err, CW_USAGE, "review import: expected one FILE (see --help)");
			goto out;
		}
		o->file = argv[optind + 1];
		c->action = CLI_REVIEW_IMPORT;
	} else {
		diag_set(err, CW_USAGE, "review: unknown subcommand '%s' (see --help)", sub);
		goto out;
	}
	ret = 0;
out:
	free(lo);
	return ret;
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
	case OPT_QUIET: o->quiet = 1; break;
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
	struct option *lo = long_options(registry_opts);
	const char *v;
	int ch, ret = -1;

	if ((v = getenv("CHAINWATCH_DB")) && *v)
		c->registry.db = v;
	optind = 0;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":", lo, NULL)) != -1) {
		if (ch == OPT_HELP) {
			c->action = CLI_HELP;
			ret = 0;
			goto out;
		}
		if (ch == '?' || ch == ':') {
			diag_set(err, CW_USAGE, "registry: %s '%s' (see --help)",
				 ch == ':' ? "option needs a value:" : "unknown option", argv[optind - 1]);
			goto out;
		}
		if (set_registry(c, ch, optarg, err) < 0)
			goto out;
	}
	if (optind >= argc) {
		diag_set(err, CW_USAGE, "registry: expected import, update, status, override or "
			 "overrides (see --help)");
		goto out;
	}
	ret = registry_sub(c, argv[optind], argv + optind + 1, argc - optind - 1, err);
out:
	free(lo);
	return ret;
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
	free(c->scan.tender_set);
}
