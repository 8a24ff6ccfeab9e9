/*
 * chartercmd.c: `chainwatch charter --year YYYY-YY` - the annual Charter
 * report: the year's figures read through the store (charterdb.h), the
 * evidence file read and the report written by charter_write() (charter.h),
 * which never opens the database; its options, its help, and its problems
 * and summary on stderr.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chainwatch/charter.h"
#include "chainwatch/charterdb.h"
#include "chainwatch/msg.h"
#include "chainwatch/spelling.h"
#include "chainwatch/store.h"
#include "chainwatch/template.h"

#include "cmd.h"

enum { OPT_YEAR = OPT_OWN, OPT_EVIDENCE, OPT_TEMPLATES };

static const struct opt options[] = {
	{ "year", 1, OPT_YEAR, "YYYY-YY", "the financial year, April to March (required)" },
	{ "evidence", 1, OPT_EVIDENCE, "FILE", "staff's evidence file (docs/evidence.md)" },
	{ "council", 1, OPT_COUNCIL, "NAME", "the council, one the database holds" },
	CMD_OPT_DB,
	{ "out", 1, OPT_OUT, "DIR", "output directory (default output/charter)" },
	{ "templates", 1, OPT_TEMPLATES, "DIR", "templates (default templates/)" },
	CMD_OPT_QUIET,
	CMD_OPT_HELP,
	CMD_OPT_END
};

static const struct cmd_help help = {
	"usage: chainwatch charter --year YYYY-YY [--evidence FILE] [options]\n\n"
	"Write the council's annual report on its Charter Against Modern Slavery\n"
	"commitments: charter-<year>.html and .md, from templates/charter.html and\n"
	"charter.md (docs/templates.md), with the year's figures from the database\n"
	"and the facts only staff know from the evidence file (docs/evidence.md).\n"
	"A supplied figure that is missing reads \"not supplied\", a computed one\n"
	"that cannot be known \"not available\" with the reason, never 0.  The\n"
	"council must be one the database holds, and the evidence file's council\n"
	"and year the report's.\n\noptions:\n",
	options,
	"\nexit codes: 0 done, 2 usage (also: a council the database does not hold,\n"
	"an evidence file for another council or year), 3 evidence or template\n"
	"unusable, 5 database, 6 output\n",
	"  chainwatch charter --year 2025-26 --evidence evidence-2025-26.json\n"
	"  chainwatch charter --year 2025-26 --council \"Devon County Council\" --out report/\n"
};

static int set(void *ctx, int id, const char *v, struct diag *err)
{
	struct charter_options *o = ctx;

	(void)err;
	switch (id) {
	case OPT_YEAR: o->year = v; break;
	case OPT_EVIDENCE: o->evidence = v; break;
	case OPT_COUNCIL: o->council = v; break;
	case OPT_DB: o->db = v; break;
	case OPT_OUT: o->out = v; break;
	case OPT_TEMPLATES: o->templates = v; break;
	default:
		BUG("charter option %d has no case", id);
	}
	return 0;
}

static void print_problem(void *ctx, const char *msg)
{
	(void)ctx;
	warnf("%s", msg);
}

/*
 * An evidence file written for another council or year would put its facts
 * in this report under this report's name: refused, saying which.
 */
static int evidence_matches(struct tval *data, const char *path, const char *council,
			    const char *year, struct diag *err)
{
	struct tval *ev = tval_get(data, "evidence");
	const char *ec = tval_str(tval_get(ev, "council")), *ey = tval_str(tval_get(ev, "year"));

	if (!path)
		return 0;
	if (ey && strcmp(ey, year) != 0)
		return diag_set(err, CW_USAGE, "evidence file '%s' is for %s, not %s: give the %s "
				"evidence file (or --year %s)", path, ey, year, year, ey);
	if (ec && !spelling_same(ec, council))
		return diag_set(err, CW_USAGE, "evidence file '%s' is for '%s', not '%s': give "
				"that council's evidence file (or --council '%s')", path, ec, council,
				ec);
	return 0;
}

/* The year's figures through the store, the evidence file, the report (charter.h). */
static int charter_run(const struct charter_options *o, struct diag *err)
{
	struct charter_sink sink = { print_problem, NULL };
	struct store *st = NULL;
	struct charter_year y, prev;
	struct tval *data = NULL;
	struct charter_options named;
	char *council = NULL;
	int from = charter_year_parse(o->year), code = CW_OK;

	if (from < 0) {
		diag_set(err, CW_USAGE, "charter: --year '%s' is not a financial year like 2025-26",
			 o->year);
		return CW_USAGE;
	}
	if (access(o->db, F_OK) != 0) {
		diag_set(err, CW_DATABASE, "no database '%s': run the year's scans first", o->db);
		goto fail;
	}
	if (charter_data_new(o->evidence, &sink, &data, err) < 0 ||
	    store_open(o->db, &st, err) < 0 ||
	    store_known_council(st, o->council, &council, err) < 0 ||
	    evidence_matches(data, o->evidence, council, o->year, err) < 0)
		goto fail;
	named = *o;
	named.council = council;
	o = &named;
	if (charterdb_year(st, o->council, from, &y, err) < 0 ||
	    charterdb_year(st, o->council, from - 1, &prev, err) < 0 ||
	    charter_write(o, from, &y, &prev, data, err) < 0)
		goto fail;
	if (!y.scans)
		warnf("no scans of %s are recorded for %s: the computed figures read \"not "
		      "available\"", o->council, o->year);
	notef("charter %s for %s: %ld scan%s, %ld month%s covered%s; wrote %s/charter-%s.html "
	      "and .md", o->year, o->council, y.scans, y.scans == 1 ? "" : "s", y.months_covered,
	      y.months_covered == 1 ? "" : "s",
	      o->evidence ? "" : "; no evidence file: staff figures say \"not supplied\"", o->out,
	      o->year);
	goto out;
fail:
	code = err->code ? err->code : CW_INTERNAL;
out:
	store_close(st);
	tval_free(data);
	free(council);
	return code;
}

int cmd_charter(int argc, char **argv)
{
	struct charter_options o;
	struct diag err;
	int i, code;

	diag_init(&err);
	charter_options_init(&o);
	cmd_env("CHAINWATCH_DB", &o.db);
	cmd_env("CHAINWATCH_COUNCIL", &o.council);
	i = cmd_options(argc, argv, &help, set, &o, &err);
	if (i > 0 && i < argc)
		i = diag_set(&err, CW_USAGE, "charter: unexpected argument '%s' (see --help)",
			     argv[i]);
	else if (i > 0 && !o.year)
		i = diag_set(&err, CW_USAGE, "charter: --year YYYY-YY is required (see --help)");
	code = i > 0 ? charter_run(&o, &err) : i < 0 ? err.code : CW_OK;
	return msg_exit(code, &err);
}
