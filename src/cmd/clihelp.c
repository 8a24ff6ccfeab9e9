/*
 * The command line's option tables, one per command, and the --help texts
 * (cli_help()).  The tables also drive getopt_long in cli.c
 * (cli_private.h).
 */
#include <stdio.h>
#include <string.h>

#include "chainwatch/cli.h"

#include "cli_private.h"

const struct opt cli_scan_opts[] = {
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
	{ "replace-overlapping", 0, OPT_REPLACE_OVERLAPPING, NULL,
	  "replace stored runs that share a month with this one" },
	{ "quiet", 0, OPT_QUIET, NULL, "no summary or per-row messages on stderr" },
	{ "verbose", 0, OPT_VERBOSE, NULL, "more detail on stderr" },
	{ "help", 0, OPT_HELP, NULL, "show this help" },
	{ NULL, 0, 0, NULL, NULL }
};

const struct opt cli_tenders_opts[] = {
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

const struct opt cli_inspect_opts[] = {
	{ "profile", 1, OPT_PROFILE, "NAME|FILE", "read with this column-mapping profile" },
	{ "save-profile", 1, OPT_SAVE_PROFILE, "NAME", "write the mapping as profiles/NAME.json" },
	{ "sectors", 1, OPT_SECTORS, "DIR", "reference data, with redactions.txt (default sectors/)" },
	{ "help", 0, OPT_HELP, NULL, "show this help" },
	{ NULL, 0, 0, NULL, NULL }
};

const struct opt cli_reference_opts[] = {
	{ "sectors", 1, OPT_SECTORS, "DIR", "reference data directory (default sectors/)" },
	{ "help", 0, OPT_HELP, NULL, "show this help" },
	{ NULL, 0, 0, NULL, NULL }
};

const struct opt cli_registry_opts[] = {
	{ "db", 1, OPT_DB, "FILE", "database (default output/chainwatch.db)" },
	{ "year", 1, OPT_YEAR, "YYYY", "update: a registry year; repeat (default: this year and last)" },
	{ "url", 1, OPT_URL, "BASE", "update: where StatementSummaries<YEAR>.csv are (default GOV.UK)" },
	{ "timeout", 1, OPT_TIMEOUT, "SECONDS", "update: longest one download may take (default 600)" },
	{ "retries", 1, OPT_RETRIES, "N", "update: tries after a failed attempt (default 3)" },
	{ "is", 1, OPT_IS, "ORG", "override: the supplier is this organisation (number or name)" },
	{ "is-not", 1, OPT_IS_NOT, "ORG", "override: the supplier is not this organisation" },
	{ "clear", 0, OPT_CLEAR, NULL, "override: remove the supplier's overrides (or --clear ORG's)" },
	{ "by", 1, OPT_BY, "NAME", "override: who decided (required)" },
	{ "council", 1, OPT_COUNCIL, "NAME", "override(s): the council, when the database holds several" },
	{ "note", 1, OPT_NOTE, "TEXT", "override: why" },
	{ "quiet", 0, OPT_QUIET, NULL, "no messages on stderr but errors" },
	{ "help", 0, OPT_HELP, NULL, "show this help" },
	{ NULL, 0, 0, NULL, NULL }
};

const struct opt cli_entity_opts[] = {
	{ "db", 1, OPT_DB, "FILE", "database (default output/chainwatch.db)" },
	{ "council", 1, OPT_COUNCIL, "NAME", "the council, when the database holds several" },
	{ "type", 1, OPT_TYPE, "TYPE", "set: company, charity, public_body, individual or unknown" },
	{ "id", 1, OPT_ID, "ORG_ID", "set: its identifier (GB-COH-01234567, GB-CHC-1090095, GB-LAE-DEV)" },
	{ "by", 1, OPT_BY, "NAME", "set: who decided (required)" },
	{ "note", 1, OPT_NOTE, "TEXT", "set: why" },
	{ "quiet", 0, OPT_QUIET, NULL, "no messages on stderr but errors" },
	{ "help", 0, OPT_HELP, NULL, "show this help" },
	{ NULL, 0, 0, NULL, NULL }
};

const struct opt cli_review_opts[] = {
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

const struct opt cli_charter_opts[] = {
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
		       "database.  Re-running a period replaces it; a period sharing months with\n"
		       "other stored runs is refused (exit 2) unless --replace-overlapping.\n\n"
		       "options:\n");
		print_opts(cli_scan_opts);
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
		print_opts(cli_charter_opts);
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
		print_opts(cli_review_opts);
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
		print_opts(cli_tenders_opts);
		printf("\nexit codes: 0 done, 2 usage, 3 input unusable, 5 database, 6 output\n");
		return;
	}
	if (c->command && !strcmp(c->command, "inspect")) {
		printf("usage: chainwatch inspect FILE... [--profile NAME|FILE] [--save-profile NAME]\n\n"
		       "How chainwatch reads a spend file, without scanning it: the encoding, the\n"
		       "header line, which column became the supplier name, ID, amount, date and\n"
		       "expense type and on what evidence (the header text, the values below it, or\n"
		       "both), the first rows as read, the rows accepted, skipped and rejected, the\n"
		       "supplier IDs not used as keys, the redaction wordings found and the period.\n"
		       "Nothing is stored.  --save-profile writes the mapping as a profile to edit\n"
		       "and reuse with 'scan --profile NAME'.\n\noptions:\n");
		print_opts(cli_inspect_opts);
		printf("\nexit codes: 0 done, 2 usage, 3 a file cannot be read as spend, 6 output\n");
		return;
	}
	if (c->command && !strcmp(c->command, "reference")) {
		printf("usage: chainwatch reference check [--sectors DIR]\n\n"
		       "Validate the risk model's reference data: the sector taxonomy, country\n"
		       "scores, goods list and SIC 2007 list.  Each problem is printed with its\n"
		       "file and line; exit 0 when there are none, 3 when there are.\n\noptions:\n");
		print_opts(cli_reference_opts);
		return;
	}
	if (c->command && !strcmp(c->command, "entity")) {
		printf("usage: chainwatch entity set SUPPLIER_KEY --type TYPE [--id ORG_ID] --by NAME\n"
		       "                            [--note TEXT] [--council NAME] [--db FILE]\n"
		       "       chainwatch entity clear SUPPLIER_KEY [--council NAME] [--db FILE]\n"
		       "       chainwatch entity list [--council NAME] [--db FILE]\n\n"
		       "What a payee is - a company, a charity, a public body, an individual -\n"
		       "decides how it is judged: public bodies are outside s54 and individuals are\n"
		       "not a supply chain (README \"Who each payee is\").  set corrects what a scan\n"
		       "found, for one council's supplier (its key is the first column of\n"
		       "suppliers.csv); every later scan of that council follows it, before any\n"
		       "identifier, register or name rule.  clear removes the correction.\n\n"
		       "options:\n");
		print_opts(cli_entity_opts);
		printf("\nexit codes: 0 done, 2 usage (an unknown supplier or type), 5 database\n");
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
		print_opts(cli_registry_opts);
		printf("\nexit codes: 0 done, 2 usage, 3 file unusable, 4 download failed (the last\n"
		       "good snapshot is kept), 5 database\n");
		return;
	}
	printf("usage: chainwatch COMMAND [options]\n\n"
	       "Modern-slavery risk screening of a council's supply chain.\n\n"
	       "commands:\n"
	       "  scan        read spend and supplier extracts, write the risk workbook\n"
	       "  inspect     show how a spend file is read (columns, evidence, period)\n"
	       "  registry    load the Modern Slavery Statement Registry (import, update, ...)\n"
	       "  tenders     check a bid file for abnormally low tenders\n"
	       "  review      contract managers' decisions on flags (list, set, export, import)\n"
	       "  entity      correct what a payee is: company, charity, public body, individual\n"
	       "  charter     write the annual Charter Against Modern Slavery report\n"
	       "  reference   check the risk model's reference data (reference check)\n\n"
	       "options:\n");
	print_opts(top_opts);
	printf("\n'chainwatch COMMAND --help' describes a command.\n");
}
