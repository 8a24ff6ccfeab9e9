/*
 * scancmd.c: `chainwatch scan` - its options (the --config file, the
 * environment, then the command line) and its help; the run itself is
 * scan_run() (scan.c, scanread.c, scanout.c).
 */
#include <stdlib.h>

#include "chainwatch/msg.h"
#include "chainwatch/xalloc.h"

#include "cmd.h"
#include "scan.h"

enum { OPT_SPEND = OPT_OWN, OPT_PERIOD, OPT_STRICT, OPT_REPLACE_OVERLAPPING };

static const struct opt options[] = {
	{ "spend", 1, OPT_SPEND, "FILE", "council spend extract (CSV); repeat for several files" },
	{ "suppliers", 1, OPT_SUPPLIERS, "FILE", "supplier master extract (CSV), joined to the spend" },
	{ "tenders", 1, OPT_TENDERS, "FILE", "bids to check for abnormally low tenders (CSV or OCDS)" },
	{ "tender-setting", 1, OPT_TENDER_SET, "NAME=VALUE", "a tender rule threshold (docs/tenders.md)" },
	{ "period", 1, OPT_PERIOD, "YYYY-MM", "period of the run (default: from the payment dates)" },
	{ "council", 1, OPT_COUNCIL, "NAME", "council name for the outputs and the database" },
	{ "profile", 1, OPT_PROFILE, "NAME|FILE", "column-mapping profile (profiles/NAME.json)" },
	CMD_OPT_DB,
	{ "out", 1, OPT_OUT, "DIR", "output directory (default output/<period>)" },
	{ "config", 1, OPT_CONFIG, "FILE", "settings file: key = value lines" },
	{ "max-reject-rate", 1, OPT_MAX_REJECT, "PCT", "fail (exit 3) when a file rejects more (default 5)" },
	{ "sectors", 1, OPT_SECTORS, "DIR", "risk model reference data (default sectors/)" },
	{ "unmatched-flag", 1, OPT_UNMATCHED, "POUNDS", "flag unclassified suppliers paid this much (default 25000)" },
	{ "statement-spend", 1, OPT_STATEMENT_SPEND, "POUNDS",
	  "spend that makes the s54 duty likely (default 500000)" },
	{ "companies-house-key", 1, OPT_CH_KEY, "KEY",
	  "look up online what the Companies House snapshot did not resolve (or CHAINWATCH_CH_KEY)" },
	{ "strict", 0, OPT_STRICT, NULL, "any rejected row fails the run (exit 3)" },
	{ "replace-overlapping", 0, OPT_REPLACE_OVERLAPPING, NULL,
	  "replace stored runs that share a month with this one" },
	{ "quiet", 0, OPT_QUIET, NULL, "no summary or per-row messages on stderr" },
	{ "verbose", 0, OPT_VERBOSE, NULL, "more detail on stderr" },
	CMD_OPT_HELP,
	CMD_OPT_END
};

static const struct cmd_help help = {
	"usage: chainwatch scan --spend FILE [--spend FILE ...] [options]\n\n"
	"Read council spend extracts (and a supplier master), total the spend per\n"
	"supplier and write suppliers.csv, rejected-rows.csv, manifest.json and\n"
	"supplier-risk-<period>.xlsx into the output directory; keep the run in the\n"
	"database.  Re-running a period replaces it; a period sharing months with\n"
	"other stored runs is refused (exit 2) unless --replace-overlapping.\n\n"
	"options:\n",
	options,
	"\nexit codes: 0 done, 2 usage, 3 input unusable (or too many rejected rows),\n"
	"5 database, 6 output, 70 internal error\n",
	"  chainwatch scan --spend spend-2025-12.csv --council \"Devon County Council\"\n"
	"  chainwatch scan --spend jan.csv --spend feb.xlsx --spend mar.ods --period 2026-01_2026-03\n"
	"  chainwatch scan --spend spend.csv --suppliers master.csv --tenders bids.csv --out out/\n"
	"  chainwatch scan --spend spend.csv --config council.conf --strict --quiet\n"
};

struct scan_cmd {
	struct scan_options o;
	const char *config;          /* --config FILE, read before the other options */
	struct cmd_strings keep;     /* the config file's strings */
};

/* One scan setting, from the command line or the config file. */
static int set(void *ctx, int id, const char *v, struct diag *err)
{
	struct scan_cmd *c = ctx;
	struct scan_options *o = &c->o;

	switch (id) {
	case OPT_SPEND:
		o->spend = xreallocarray(o->spend, o->nspend + 1, sizeof(*o->spend));
		o->spend[o->nspend++] = v;
		break;
	case OPT_SUPPLIERS: o->suppliers = v; break;
	case OPT_TENDERS: o->tenders = v; break;
	case OPT_TENDER_SET: return cmd_tender_setting(&o->tender, v, err);
	case OPT_PERIOD: o->period = v; break;
	case OPT_COUNCIL: o->council = v; break;
	case OPT_PROFILE: o->profile = v; break;
	case OPT_SECTORS: o->sectors = v; break;
	case OPT_UNMATCHED: return cmd_pounds("unmatched-flag", v, &o->unmatched_min_pence, err);
	case OPT_STATEMENT_SPEND:
		return cmd_pounds("statement-spend", v, &o->statement_spend_pence, err);
	case OPT_DB: o->db = v; break;
	case OPT_OUT: o->out = v; break;
	case OPT_STRICT: o->strict = 1; break;
	case OPT_CH_KEY: o->companies_house_key = v; break;
	case OPT_REPLACE_OVERLAPPING: o->replace_overlapping = 1; break;
	case OPT_MAX_REJECT: return cmd_percent("max-reject-rate", v, &o->max_reject_ppm, err);
	case OPT_CONFIG: break;     /* read first, by note_config */
	default:
		BUG("scan option %d has no case", id);
	}
	return 0;
}

/* the first pass: only --config, read before the other options */
static int note_config(void *ctx, int id, const char *v, struct diag *err)
{
	(void)err;
	if (id == OPT_CONFIG)
		((struct scan_cmd *)ctx)->config = v;
	return 0;
}

/* The settings, lowest first: defaults, --config, the environment, the command line. */
static int parse(int argc, char **argv, struct scan_cmd *c, struct diag *err)
{
	int i = cmd_options(argc, argv, &help, note_config, c, err);

	if (i <= 0)
		return i;
	if (c->config && cmd_config_read(c->config, set, c, &c->keep, err) < 0)
		return -1;
	cmd_env("CHAINWATCH_DB", &c->o.db);
	cmd_env("CHAINWATCH_COUNCIL", &c->o.council);
	cmd_env("CHAINWATCH_OUT", &c->o.out_root);
	cmd_env("CHAINWATCH_CH_KEY", &c->o.companies_house_key);
	cmd_env("CHAINWATCH_CH_API_URL", &c->o.companies_house_url);
	i = cmd_options(argc, argv, &help, set, c, err);
	if (i <= 0)
		return i;
	if (i < argc)
		return diag_set(err, CW_USAGE, "scan: unexpected argument '%s' (see --help)", argv[i]);
	if (!c->o.nspend)
		return diag_set(err, CW_USAGE, "scan: no --spend file given (see --help)");
	return i;
}

int cmd_scan(int argc, char **argv)
{
	struct scan_cmd c = { 0 };
	struct diag err;
	int i, code;

	diag_init(&err);
	scan_options_init(&c.o);
	i = parse(argc, argv, &c, &err);
	code = i > 0 ? scan_run(&c.o, &err) : i < 0 ? err.code : CW_OK;
	free(c.o.spend);
	free(c.o.tender.set);
	cmd_strings_release(&c.keep);
	return msg_exit(code, &err);
}
