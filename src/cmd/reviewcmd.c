/*
 * reviewcmd.c: `chainwatch review list | set | export | import` (reviewcmd.h):
 * the command line, and every subcommand but import (reviewimport.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chainwatch/csv.h"
#include "chainwatch/csvout.h"
#include "chainwatch/date.h"
#include "chainwatch/encoding.h"
#include "chainwatch/flags.h"
#include "chainwatch/json.h"
#include "chainwatch/msg.h"
#include "chainwatch/outfile.h"
#include "chainwatch/reviewdb.h"
#include "chainwatch/run.h"
#include "chainwatch/xalloc.h"
#include "chainwatch/xlsxread.h"

#include "cmd.h"
#include "reviewcmd.h"

#define REVIEW_BUSY_MS 30000

int review_open_db(const char *path, struct store **st, struct diag *err)
{
	if (access(path, F_OK) != 0)
		return diag_set(err, CW_DATABASE, "no database '%s': run a scan first", path);
	if (store_open(path, st, err) < 0)
		return -1;
	/* a person's decision waits for a scan that holds the database, rather than fail */
	store_set_busy_timeout(*st, REVIEW_BUSY_MS);
	return 0;
}

int review_date_parse(const char *s, int32_t *ymd)
{
	size_t n = strlen(s), i;
	int digits = n > 0;

	for (i = 0; i < n; i++)
		if ((s[i] < '0' || s[i] > '9') && s[i] != '.')
			digits = 0;
	if (digits && n >= 5 && s[0] != '0')
		return xlsx_serial_date(s, ymd) < 0 ? -1 : 0;
	if (date_parse(s, n, DATE_DMY, ymd, NULL) < 0)
		return -1;
	return 0;
}

static const char *date_text(int32_t ymd, char out[16])
{
	return ymd ? date_format(ymd, out) : strcpy(out, "");
}

/* ---- list and export ---- */

static void filter_of(const struct review_options *o, struct review_filter *f)
{
	memset(f, 0, sizeof(*f));
	f->council = o->council;
	f->status = o->status ? flag_review_status(o->status) : NULL;
	f->tier = o->tier;
	f->supplier = o->supplier;
}

static const char *const export_columns[] = {
	"Flag ID", "Run", "Council", "Supplier key", "Supplier", "Kind", "Severity", "Tier",
	"Summary", "Review status", "Reviewer", "Review date", "Note", "Next review date",
	"Evidence link", "First seen", "Last seen", "Reopened",
};
#define EXPORT_NCOLS (sizeof(export_columns) / sizeof(export_columns[0]))

static void write_csv(FILE *fp, const struct review_row *v, size_t n)
{
	struct csvw w;
	char d1[16], d2[16];
	size_t i, c;

	csvw_init(&w, fp);
	for (c = 0; c < EXPORT_NCOLS; c++)
		csvw_textz(&w, export_columns[c]);
	csvw_end(&w);
	for (i = 0; i < n; i++) {
		const struct review_row *r = &v[i];
		const char *cells[] = {
			r->flag_id, r->last_run, r->council, r->supplier_key, r->supplier_name,
			r->kind, r->severity, r->tier, r->summary, r->status, r->reviewer,
			date_text(r->review_date, d1), r->note, date_text(r->next_review, d2),
			r->evidence_link, r->first_seen, r->last_seen, r->reopened,
		};

		for (c = 0; c < EXPORT_NCOLS; c++)
			csvw_textz(&w, cells[c]);
		csvw_end(&w);
	}
}

static void write_json(FILE *fp, const struct review_row *v, size_t n)
{
	struct jwriter w;
	struct buf b;
	char d[16];
	size_t i;

	buf_init(&b, 0);
	jw_init(&w, &b);
	jw_array_begin(&w);
	for (i = 0; i < n; i++) {
		const struct review_row *r = &v[i];

		jw_object_begin(&w);
		jw_key(&w, "flag_id"); jw_string(&w, r->flag_id);
		jw_key(&w, "council"); jw_string(&w, r->council);
		jw_key(&w, "supplier_key"); jw_string(&w, r->supplier_key);
		jw_key(&w, "supplier"); jw_string(&w, r->supplier_name);
		jw_key(&w, "kind"); jw_string(&w, r->kind);
		jw_key(&w, "severity"); jw_string(&w, r->severity);
		jw_key(&w, "tier"); jw_string(&w, r->tier);
		jw_key(&w, "summary"); jw_string(&w, r->summary);
		jw_key(&w, "status"); jw_string(&w, r->status);
		jw_key(&w, "reviewer"); jw_string(&w, r->reviewer);
		jw_key(&w, "review_date"); jw_string(&w, date_text(r->review_date, d));
		jw_key(&w, "note"); jw_string(&w, r->note);
		jw_key(&w, "next_review"); jw_string(&w, date_text(r->next_review, d));
		jw_key(&w, "evidence_link"); jw_string(&w, r->evidence_link);
		jw_key(&w, "first_seen"); jw_string(&w, r->first_seen);
		jw_key(&w, "last_seen"); jw_string(&w, r->last_seen);
		jw_key(&w, "last_run"); jw_string(&w, r->last_run);
		jw_key(&w, "reopened"); jw_string(&w, r->reopened);
		jw_object_end(&w);
	}
	jw_array_end(&w);
	jw_finish(&w);
	fputs(b.s, fp);
	buf_release(&b);
}

/* Text for a person's terminal: control characters shown as '?', cut at max bytes. */
static const char *shown(const char *s, char *out, size_t outsz, size_t max)
{
	diag_quote(out, outsz, s, strlen(s), max);
	return out;
}

static void write_table(FILE *fp, const struct review_row *v, size_t n)
{
	char d1[16], d2[16], name[40], who[24], note[72];
	size_t i;

	fprintf(fp, "%-12s %-30.30s %-22.22s %-7s %-13s %-16.16s %-10s %-10s %s\n", "flag",
		"supplier", "kind", "tier", "status", "reviewer", "reviewed", "next", "note");
	for (i = 0; i < n; i++) {
		const struct review_row *r = &v[i];

		fprintf(fp, "%-12s %-30.30s %-22.22s %-7s %-13s %-16.16s %-10s %-10s %.60s\n",
			r->flag_id, shown(r->supplier_name, name, sizeof(name), 30), r->kind,
			r->tier, r->status, shown(r->reviewer, who, sizeof(who), 16),
			date_text(r->review_date, d1), date_text(r->next_review, d2),
			shown(r->note, note, sizeof(note), 60));
	}
}

static int review_list_run(const struct review_options *o, struct diag *err)
{
	struct store *st = NULL;
	struct review_row *v = NULL;
	struct review_filter f;
	size_t n = 0;

	if (o->status && !flag_review_status(o->status)) {
		diag_set(err, CW_USAGE, "review: status '%s' is not one of open, under review, "
			 "cleared, action plan, escalated, referred", o->status);
		return CW_USAGE;
	}
	filter_of(o, &f);
	if (review_open_db(o->db, &st, err) < 0 || reviewdb_list(st, &f, &v, &n, err) < 0) {
		store_close(st);
		return err->code;
	}
	if (o->format == REVIEW_CSV)
		write_csv(stdout, v, n);
	else if (o->format == REVIEW_JSON)
		write_json(stdout, v, n);
	else
		write_table(stdout, v, n);
	review_rows_free(v, n);
	store_close(st);
	if (fflush(stdout) != 0) {
		diag_set(err, CW_OUTPUT, "cannot write the list: %s", strerror(errno));
		return CW_OUTPUT;
	}
	return CW_OK;
}

static int review_export_run(const struct review_options *o, struct diag *err)
{
	struct store *st = NULL;
	struct review_row *v = NULL;
	struct review_filter f;
	size_t n = 0;
	int code = CW_OK;

	filter_of(o, &f);
	if (review_open_db(o->db, &st, err) < 0 || reviewdb_list(st, &f, &v, &n, err) < 0) {
		store_close(st);
		return err->code;
	}
	if (o->out) {
		struct outfile of;
		const char *slash = strrchr(o->out, '/');
		char *dir = slash ? xstrndup(o->out, (size_t)(slash - o->out)) : xstrdup(".");

		if (outfile_open(&of, dir, slash ? slash + 1 : o->out, err) < 0) {
			code = err->code;
		} else {
			csvw_bom(of.fp);        /* a file is edited in Excel; stdout is piped */
			write_csv(of.fp, v, n);
			if (outfile_commit(&of, NULL, err) < 0)
				code = err->code;
		}
		free(dir);
	} else {
		write_csv(stdout, v, n);
	}
	if (code == CW_OK)
		notef("%zu flag%s exported", n, n == 1 ? "" : "s");
	review_rows_free(v, n);
	store_close(st);
	return code;
}

/* ---- set ---- */

/* The one flag an id names (in --council, or the only council that has it). */
static int find_flag(struct store *st, const char *council, const char *id, struct review_row **v,
		     size_t *n, struct diag *err)
{
	struct review_filter f;

	memset(&f, 0, sizeof(f));
	f.council = council;
	f.flag_id = id;
	if (reviewdb_list(st, &f, v, n, err) < 0)
		return -1;
	if (!*n)
		return diag_set(err, CW_USAGE, "no flag '%s'%s%s (flag ids are in flags.csv and on "
				"the Flags sheet)", id, council ? " for " : "", council ? council : "");
	if (*n > 1)
		return diag_set(err, CW_USAGE, "flag '%s' is in %zu councils' runs: give --council",
				id, *n);
	return 0;
}

static int review_set_run(const struct review_options *o, struct diag *err)
{
	struct store *st = NULL;
	struct review_row *v = NULL;
	struct review r;
	size_t n = 0;
	char at[24];
	int32_t next = 0;
	int code = CW_OK;

	memset(&r, 0, sizeof(r));
	r.status = flag_review_status(o->status ? o->status : "");
	if (!r.status) {
		diag_set(err, CW_USAGE, "review set: --status '%s' is not one of open, under review, "
			 "cleared, action plan, escalated, referred", o->status ? o->status : "");
		return CW_USAGE;
	}
	if (o->next_review && review_date_parse(o->next_review, &next) < 0) {
		diag_set(err, CW_USAGE, "review set: --next-review '%s' is not a date",
			 o->next_review);
		return CW_USAGE;
	}
	/* the lock before the read: the decision replaced is the one in the audit */
	if (review_open_db(o->db, &st, err) < 0 || reviewdb_begin(st, err) < 0 ||
	    find_flag(st, o->council, o->flag_id, &v, &n, err) < 0)
		goto fail;
	run_time_format(run_clock(), at);
	r.council = v[0].council;
	r.flag_id = v[0].flag_id;
	r.by = o->by;
	r.date = run_date(run_clock());
	r.note = o->note ? o->note : v[0].note;
	r.next_review = o->next_review ? next : v[0].next_review;
	r.evidence_link = o->evidence ? o->evidence : v[0].evidence_link;
	r.source = "command line";
	r.at = at;
	if (reviewdb_apply(st, &r, &v[0], err) < 0 || reviewdb_commit(st, err) < 0)
		goto fail;
	{
		char name[208], who[208];

		notef("%s (%s, %s): %s -> %s by %s", r.flag_id,
		      shown(v[0].supplier_name, name, sizeof(name), 200), v[0].kind, v[0].status,
		      r.status, shown(r.by, who, sizeof(who), 200));
	}
	goto out;
fail:
	code = err->code ? err->code : CW_INTERNAL;
	if (st)
		reviewdb_abort(st);
out:
	review_rows_free(v, n);
	store_close(st);
	return code;
}

/* ---- the command line ---- */

enum { OPT_STATUS = OPT_OWN, OPT_TIER, OPT_SUPPLIER, OPT_FORMAT, OPT_NEXT_REVIEW, OPT_EVIDENCE,
       OPT_PARTIAL };

static const struct opt options[] = {
	CMD_OPT_DB,
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
	CMD_OPT_QUIET,
	CMD_OPT_HELP,
	CMD_OPT_END
};

static const struct cmd_help help = {
	"usage: chainwatch review list [--status S] [--tier T] [--supplier TEXT]\n"
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
	"Every change is kept in an append-only audit.\n\noptions:\n",
	options,
	"\nexit codes: 0 done, 2 usage, 3 rows wrong (import), 5 database\n",
	"  chainwatch review list --status open --tier High\n"
	"  chainwatch review set F1a2b3c4d5e --status cleared --by \"J. Smith\" --note \"audited\"\n"
	"  chainwatch review export --out review.csv\n"
	"  chainwatch review import supplier-risk-2026-01.xlsx\n"
};

static int set(void *ctx, int id, const char *v, struct diag *err)
{
	struct review_options *o = ctx;

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
		BUG("review option %d has no case", id);
	}
	return 0;
}

enum { SUB_LIST, SUB_SET, SUB_EXPORT, SUB_IMPORT };

static int (*const subcommands[])(const struct review_options *o, struct diag *err) = {
	[SUB_LIST] = review_list_run,
	[SUB_SET] = review_set_run,
	[SUB_EXPORT] = review_export_run,
	[SUB_IMPORT] = review_import_run,
};

/*
 * The options, then the subcommand and its arguments, checked: the
 * subcommand's index in subcommands[], -2 after --help, or -1 with err.
 */
static int parse(int argc, char **argv, struct review_options *o, struct diag *err)
{
	int i = cmd_sub_options(argc, argv, &help, set, o, "list, set, export or import", err);
	int nargs;
	const char *sub;

	if (i <= 0)
		return i == 0 ? -2 : -1;
	sub = argv[i];
	nargs = argc - i - 1;
	if (!strcmp(sub, "list") || !strcmp(sub, "export")) {
		if (nargs)
			return diag_set(err, CW_USAGE, "review %s: unexpected argument '%s' (see "
					"--help)", sub, argv[i + 1]);
		return !strcmp(sub, "list") ? SUB_LIST : SUB_EXPORT;
	}
	if (!strcmp(sub, "set")) {
		if (nargs != 1 || !o->status || !o->by || !*o->by)
			return diag_set(err, CW_USAGE, "review set: expected FLAG_ID --status S "
					"--by NAME (see --help)");
		o->flag_id = argv[i + 1];
		return SUB_SET;
	}
	if (!strcmp(sub, "import")) {
		if (nargs != 1)
			return diag_set(err, CW_USAGE, "review import: expected one FILE (see "
					"--help)");
		o->file = argv[i + 1];
		return SUB_IMPORT;
	}
	return diag_set(err, CW_USAGE, "review: unknown subcommand '%s' (see --help)", sub);
}

int cmd_review(int argc, char **argv)
{
	struct review_options o;
	struct diag err;
	int k, code;

	diag_init(&err);
	memset(&o, 0, sizeof(o));
	o.db = "output/chainwatch.db";
	o.format = REVIEW_TABLE;
	cmd_env("CHAINWATCH_DB", &o.db);
	k = parse(argc, argv, &o, &err);
	code = k >= 0 ? subcommands[k](&o, &err) : k == -2 ? CW_OK : err.code;
	return msg_exit(code, &err);
}
