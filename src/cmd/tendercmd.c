/*
 * tendercmd.c: `chainwatch tenders FILE` - a bid file checked for
 * abnormally low tenders on its own, before an award, without a spend
 * scan: tenders.csv, rejected-rows.csv and tender-check.xlsx into --out,
 * and each bid's check kept in the database.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chainwatch/csvout.h"
#include "chainwatch/msg.h"
#include "chainwatch/outfile.h"
#include "chainwatch/reference.h"
#include "chainwatch/run.h"
#include "chainwatch/store.h"
#include "chainwatch/tenderdb.h"
#include "chainwatch/tenders.h"
#include "chainwatch/version.h"
#include "chainwatch/workbook.h"
#include "chainwatch/xalloc.h"

#include "cmd.h"

static const struct opt options[] = {
	CMD_OPT_DB,
	{ "out", 1, OPT_OUT, "DIR", "output directory (default output/tenders)" },
	{ "council", 1, OPT_COUNCIL, "NAME", "council name for the outputs and the database" },
	{ "sectors", 1, OPT_SECTORS, "DIR", "reference data, with wages.json (default sectors/)" },
	{ "tender-setting", 1, OPT_TENDER_SET, "NAME=VALUE", "a rule threshold (docs/tenders.md)" },
	{ "config", 1, OPT_CONFIG, "FILE", "settings file: key = value lines" },
	{ "quiet", 0, OPT_QUIET, NULL, "no summary or per-row messages on stderr" },
	CMD_OPT_HELP,
	CMD_OPT_END
};

static const struct cmd_help help = {
	"usage: chainwatch tenders FILE [options]\n\n"
	"Check the bids in FILE (the bid CSV of docs/bids.md, or OCDS JSON / JSON\n"
	"Lines with the bids extension) for abnormally low tenders, without a spend\n"
	"scan: labour-cost floors at the wage rates in force on the tender date,\n"
	"below the estimate, the Scottish rule, gap to the next lowest, robust z,\n"
	"Tukey, and Cardinal's R058/R024 across the tenders.  Writes tenders.csv,\n"
	"rejected-rows.csv and tender-check.xlsx; a flag means 'ask the bidder to\n"
	"explain'.  To score the bidders as suppliers, give the file to\n"
	"'chainwatch scan --tenders FILE' instead.\n\noptions:\n",
	options,
	"\nexit codes: 0 done, 2 usage, 3 input unusable, 5 database, 6 output\n",
	"  chainwatch tenders bids-2025-26.csv --council \"Devon County Council\"\n"
	"  chainwatch tenders release.jsonl --out out/tenders --tender-setting e1-red=0.30\n"
};

/* The command's settings: defaults, --config files, the environment, the command line. */
struct tenders_options {
	const char *file;            /* the bid file */
	const char *db;              /* default output/chainwatch.db */
	const char *out;             /* NULL: output/tenders */
	const char *council;         /* NULL: the database's only council */
	const char *sectors;         /* reference data, with wages.json; NULL: sectors/ */
	struct tender_options tender;
	struct cmd_strings keep;     /* the config files' strings */
};

/* One setting, from the command line or a config file. */
static int set(void *ctx, int id, const char *v, struct diag *err)
{
	struct tenders_options *o = ctx;
	long long pence;
	long ppm;

	switch (id) {
	case OPT_DB: o->db = v; break;
	case OPT_OUT: o->out = v; break;
	case OPT_COUNCIL: o->council = v; break;
	case OPT_SECTORS: o->sectors = v; break;
	case OPT_TENDER_SET: return cmd_tender_setting(&o->tender, v, err);
	case OPT_CONFIG: break;     /* read in the first pass, by read_config */
	/* scan's settings, in a config file the two share: checked as scan does, not used */
	case OPT_MAX_REJECT: return cmd_percent("max-reject-rate", v, &ppm, err);
	case OPT_UNMATCHED: return cmd_pounds("unmatched-flag", v, &pence, err);
	case OPT_STATEMENT_SPEND: return cmd_pounds("statement-spend", v, &pence, err);
	case OPT_PROFILE: case OPT_SUPPLIERS: case OPT_TENDERS: case OPT_CH_KEY: break;
	default:
		BUG("tenders option %d has no case", id);
	}
	return 0;
}

/* the first pass: each --config read as it comes */
static int read_config(void *ctx, int id, const char *v, struct diag *err)
{
	struct tenders_options *o = ctx;

	return id == OPT_CONFIG ? cmd_config_read(v, set, o, &o->keep, err) : 0;
}

struct tcmd {
	const struct tenders_options *o;
	FILE *rejects;
	unsigned long nrejects;
};

static void on_reject(void *ctx, const char *where, const char *reason, const char *raw)
{
	struct tcmd *t = ctx;

	t->nrejects++;
	csvout_reject_at(t->rejects, where, reason, raw);
	if (t->nrejects <= 10)
		detailf("%s: rejected: %s", where, reason);
}

static int write_csv(const char *dir, const char *name, const struct tender_check *tc,
		     FILE *rejects, struct diag *err)
{
	struct outfile of;
	char buf[65536];
	size_t n;

	if (outfile_open(&of, dir, name, err) < 0)
		return -1;
	if (tc) {
		csvout_tenders(of.fp, tc->alt, tc->data.bids.n);
	} else {
		csvout_reject_header(of.fp);
		rewind(rejects);
		while ((n = fread(buf, 1, sizeof(buf), rejects)) > 0)
			fwrite(buf, 1, n, of.fp);
	}
	return outfile_commit(&of, NULL, err);
}

static int write_book(const char *dir, const char *council, const struct tender_check *tc,
		      time_t now, struct diag *err)
{
	struct scan_report r;
	struct outfile of;

	memset(&r, 0, sizeof(r));
	r.run.council = council;
	r.run.period = "";
	r.run.tool_version = CHAINWATCH_VERSION;
	r.run.started = r.run.finished = now;
	r.tenders = tc->alt;
	r.ntenders = tc->data.bids.n;
	r.tender_check = tc;
	if (outfile_begin(&of, dir, "tender-check.xlsx", err) < 0)
		return -1;
	if (tenderbook_write(of.tmp, &r, err) < 0) {
		outfile_abort(&of);
		return -1;
	}
	return outfile_commit(&of, NULL, err);
}

static int tenders_run(const struct tenders_options *o, struct diag *err)
{
	struct tcmd t = { o, NULL, 0 };
	struct bid_reject_sink sink = { on_reject, &t };
	struct reference *ref = NULL;
	struct wages *w = NULL;
	struct store *db = NULL;
	struct tender_settings ts;
	struct tender_check tc;
	const char *dir = o->out ? o->out : "output/tenders";
	struct outset out = { NULL, NULL };
	char *path = NULL, *council = NULL, checked[24];
	time_t now = run_clock();
	int code = CW_OK;
	size_t n;

	memset(&tc, 0, sizeof(tc));
	if (reference_load(o->sectors, &ref, err) < 0)
		goto fail;
	n = strlen(reference_dir(ref)) + sizeof("/wages.json");
	path = xmalloc(n);
	snprintf(path, n, "%s/wages.json", reference_dir(ref));
	if (wages_load(path, &w, err) < 0)
		goto fail;
	t.rejects = tmpfile();
	if (!t.rejects) {
		diag_set(err, CW_OUTPUT, "cannot create a temporary file: %s", strerror(errno));
		goto fail;
	}
	if (tender_settings_from(&o->tender, &ts, err) < 0 ||
	    tender_check_file(o->file, w, &ts, &sink, &tc, err) < 0)
		goto fail;
	/* the outputs are staged, and put in place once the database has the checks */
	if (make_parent_dirs(o->db, err) < 0 || store_open(o->db, &db, err) < 0 ||
	    store_pick_council(db, o->council, "Unnamed council", &council, err) < 0 ||
	    outset_begin(&out, dir, err) < 0 ||
	    write_csv(out.stage, "tenders.csv", &tc, NULL, err) < 0 ||
	    write_csv(out.stage, "rejected-rows.csv", NULL, t.rejects, err) < 0 ||
	    write_book(out.stage, council, &tc, now, err) < 0 ||
	    tenderdb_save(db, council, NULL, run_time_format(now, checked), tc.alt, NULL,
			  tc.data.bids.n, 0, err) < 0 ||
	    outset_publish(&out, NULL, err) < 0)
		goto fail;
	notef("tenders %s: %lu bids, %lu rejected; %zu to investigate, %zu noted; wrote %s/",
	      o->file, tc.accepted, tc.rejected,
			tender_check_count(&tc, ALT_INVESTIGATE), tender_check_count(&tc, ALT_NOTE),
			dir);
	goto out;
fail:
	code = err->code ? err->code : CW_INTERNAL;
out:
	outset_abort(&out);
	free(council);
	store_close(db);
	tender_check_release(&tc);
	wages_free(w);
	reference_free(ref);
	free(path);
	if (t.rejects)
		fclose(t.rejects);
	return code;
}

/* Two passes, as for scan: the config files and the environment, then the command line. */
static int parse(int argc, char **argv, struct tenders_options *o, struct diag *err)
{
	int i = cmd_options(argc, argv, &help, read_config, o, err);

	if (i <= 0)
		return i;
	cmd_env("CHAINWATCH_DB", &o->db);
	cmd_env("CHAINWATCH_COUNCIL", &o->council);
	i = cmd_options(argc, argv, &help, set, o, err);
	if (i <= 0)
		return i;
	if (i + 1 != argc)
		return diag_set(err, CW_USAGE, "tenders: expected one bid FILE (see --help)");
	o->file = argv[i];
	return i;
}

int cmd_tenders(int argc, char **argv)
{
	struct tenders_options o = { 0 };
	struct diag err;
	int i, code;

	diag_init(&err);
	o.db = "output/chainwatch.db";
	i = parse(argc, argv, &o, &err);
	code = i > 0 ? tenders_run(&o, &err) : i < 0 ? err.code : CW_OK;
	free(o.tender.set);
	cmd_strings_release(&o.keep);
	return msg_exit(code, &err);
}
