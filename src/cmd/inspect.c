/*
 * inspect.c: chainwatch inspect FILE...: how chainwatch reads a spend
 * file, without scanning it - the same reader as the scan (extract,
 * headerfind, spend), printed instead of stored.  On stdout, per file:
 * the encoding, the header line and its cells, each column's role with
 * its evidence (header text, contents or both, and how many of the values
 * below fit), the day/month order, the first rows as parsed, the records
 * accepted / skipped / rejected with the accepted total, supplier IDs not
 * used as keys, the redaction wordings found, and the period with where
 * it came from.
 *
 * --save-profile NAME writes the mapping as a profile
 * (<$CHAINWATCH_PROFILES or ./profiles>/NAME.json), so a council can fix
 * a guess once and reuse it with --profile NAME; an existing profile is
 * never overwritten.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chainwatch/amount.h"
#include "chainwatch/buf.h"
#include "chainwatch/extract.h"
#include "chainwatch/headerfind.h"
#include "chainwatch/intake.h"
#include "chainwatch/json.h"
#include "chainwatch/msg.h"
#include "chainwatch/period.h"
#include "chainwatch/profile.h"
#include "chainwatch/redaction.h"
#include "chainwatch/spend.h"
#include "chainwatch/supplier.h"
#include "chainwatch/xalloc.h"

#include "cmd.h"

struct inspect_options {
	const char **files;
	size_t nfiles;
	const char *profile;         /* --profile NAME|FILE, or NULL */
	const char *save_profile;    /* --save-profile NAME, or NULL */
	const char *sectors;         /* for redactions.txt; NULL: sectors/ */
};

#define FIRST_ROWS 5

struct months {
	struct month_rows *m;
	size_t n, cap;
};

static void on_dated(void *ctx, int32_t ymd)
{
	struct months *ms = ctx;
	int32_t month = ymd / 100;
	size_t i;

	for (i = 0; i < ms->n; i++)
		if (ms->m[i].month == month) {
			ms->m[i].rows++;
			return;
		}
	if (ms->n == ms->cap) {
		ms->cap = ms->cap ? 2 * ms->cap : 16;
		ms->m = xreallocarray(ms->m, ms->cap, sizeof(*ms->m));
	}
	ms->m[ms->n].month = month;
	ms->m[ms->n++].rows = 1;
}

static void on_reject(void *ctx, const struct input_stats *st, unsigned long line,
		      const char *reason, const char *raw, size_t rawlen)
{
	unsigned long *shown = ctx;

	(void)raw;
	(void)rawlen;
	if ((*shown)++ < FIRST_ROWS)
		printf("  rejected     line %lu: %s\n", line, reason);
	(void)st;
}

/* The header, the mapping and the first rows, from a reader of its own. */
static int show_reading(int fd, const char *path, const struct profile *prof,
			struct input_stats *st, struct diag *err)
{
	static const enum col_role shown[] = {
		COL_SUPPLIER_NAME, COL_SUPPLIER_ID, COL_AMOUNT, COL_DATE, COL_EXPENSE_TYPE
	};
	struct extract *x;
	struct extract_row row;
	size_t i, n;
	int r, k, printed = 0;

	if (extract_open_fd(fd, path, INPUT_SPEND, prof, st, &x, err) < 0)
		return -1;
	printf("  encoding     %s\n", encoding_name(st->encoding));
	printf("  header       line %lu:", st->header_line);
	n = extract_header_fields(x);
	for (i = 0; i < n; i++)
		printf("%s '%s'", i ? " |" : "", extract_header_cell(x, i));
	printf("\n  columns\n");
	for (r = 0; r < COL__COUNT; r++) {
		if (!st->columns[r])
			continue;
		printf("    %-18s '%s' (%s", col_role_name((enum col_role)r), st->columns[r],
		       col_evidence_name((enum col_evidence)st->evidence[r]));
		if (st->evidence[r] == EV_CONTENT || st->evidence[r] == EV_BOTH)
			printf(": %u of %u values below", st->evidence_hits[r], st->evidence_rows[r]);
		printf(")\n");
	}
	if (!st->columns[COL_SUPPLIER_NAME])
		printf("    no supplier name column: suppliers are known by their IDs only\n");
	printf("  date order   %s\n", date_order_name(st->date_order));
	printf("  first rows\n");
	while (printed < FIRST_ROWS && (r = extract_next(x, &row, err)) > 0) {
		int any = 0;

		for (k = 0; k < (int)(sizeof(shown) / sizeof(shown[0])); k++)
			any |= row.len[shown[k]] != 0;
		if (!any)
			continue;
		printf("    line %lu:", row.line);
		for (k = 0; k < (int)(sizeof(shown) / sizeof(shown[0])); k++)
			if (row.col[shown[k]] >= 0)
				printf(" %s '%s'", col_role_name(shown[k]), row.f[shown[k]]);
		printf("\n");
		printed++;
	}
	extract_close(x);
	input_stats_release(st);
	return 0;
}

/* Every row through the spend rules: the counts, the IDs, the redactions, the period. */
static int show_rows(int fd, const char *path, const struct profile *prof,
		     const struct redactions *red, struct input_stats *st, struct diag *err)
{
	struct supplier_table *t = supplier_table_new();
	struct months ms = { NULL, 0, 0 };
	unsigned long shown = 0;
	struct spend_sink sink;
	char money[48], period[16];
	const char *source;
	int32_t first, last;
	size_t i;
	int ret = -1;

	memset(&sink, 0, sizeof(sink));
	sink.suppliers = t;
	sink.reject.fn = on_reject;
	sink.reject.ctx = &shown;
	sink.dated = on_dated;
	sink.ctx = &ms;
	sink.redactions = red;
	if (spend_read_fd(fd, path, prof, &sink, st, err) < 0)
		goto out;
	printf("  rows         %lu records: %lu accepted, %lu skipped (%lu blank, %lu total, "
	       "%lu report control), %lu rejected\n", st->records, st->accepted, st->skipped,
	       st->skipped_blank, st->skipped_total, st->skipped_control, st->rejected);
	printf("  spend        %s accepted, %s of it redacted (%lu rows); %zu suppliers\n",
	       amount_format_gbp(st->accepted_pence, money), amount_format_gbp(st->redacted_pence,
	       period), st->redacted, supplier_table_count(t));
	for (i = 0; i < st->nredactions; i++)
		printf("  redaction    '%s' on %lu rows\n", st->redaction_wordings[i],
		       st->redaction_counts[i]);
	if (st->ids_ignored)
		printf("  supplier IDs not a key on %lu rows, keyed by name (placeholders, the row's "
		       "transaction number, %lu IDs shared by 5 or more names; the first '%s')\n",
		       st->ids_ignored, st->ids_shared, st->id_example);
	source = period_of_file(path, st->title_first, st->title_last, ms.m, ms.n, &first, &last);
	if (source)
		printf("  period       %s, from the %s\n", period_format(first, last, period), source);
	else
		printf("  period       none: no payment dates, and the file name names no month; "
		       "scan it with --period\n");
	ret = 0;
out:
	free(ms.m);
	supplier_table_free(t);
	return ret;
}

static int save_profile(const char *name, const struct input_stats *st, struct diag *err)
{
	const char *dir = getenv("CHAINWATCH_PROFILES");
	struct jwriter w;
	struct buf json, file;
	struct stat sb;
	FILE *fp;
	int r, ret = -1;

	if (!dir || !*dir)
		dir = "profiles";
	buf_init(&json, 0);
	buf_init(&file, 0);
	if (!*name || strchr(name, '/') || name[0] == '.') {
		diag_set(err, CW_USAGE, "--save-profile: '%s' is not a profile name", name);
		goto out;
	}
	buf_printf(&file, "%s/%s.json", dir, name);
	if (stat(file.s, &sb) == 0) {
		diag_set(err, CW_USAGE, "--save-profile: %s exists; choose another name or remove it",
			 file.s);
		goto out;
	}
	jw_init(&w, &json);
	jw_object_begin(&w);
	jw_key(&w, "name");
	jw_string(&w, name);
	jw_key(&w, "description");
	jw_string(&w, "written by chainwatch inspect --save-profile");
	jw_key(&w, "encoding");
	jw_string(&w, encoding_name(st->encoding));
	jw_key(&w, "header_line");
	jw_int(&w, (long long)st->header_line);
	jw_key(&w, "date_order");
	jw_string(&w, st->date_order == DATE_MDY ? "mdy" : "dmy");
	jw_key(&w, "columns");
	jw_object_begin(&w);
	for (r = 0; r < COL__COUNT; r++)
		if (st->columns[r]) {
			jw_key(&w, col_role_name((enum col_role)r));
			jw_string(&w, st->columns[r]);
		}
	jw_object_end(&w);
	jw_object_end(&w);
	jw_finish(&w);
	if (mkdir(dir, 0777) < 0 && errno != EEXIST) {
		diag_set(err, CW_OUTPUT, "cannot create %s: %s", dir, strerror(errno));
		goto out;
	}
	fp = fopen(file.s, "wx");
	if (!fp || fwrite(json.s, 1, json.len, fp) != json.len || fclose(fp) != 0) {
		diag_set(err, CW_OUTPUT, "cannot write %s: %s", file.s, strerror(errno));
		goto out;
	}
	printf("  profile      written to %s (use it with --profile %s; edit it to fix a "
	       "column)\n", file.s, name);
	ret = 0;
out:
	buf_release(&json);
	buf_release(&file);
	return ret;
}

/*
 * Inspect every file.  Returns the exit code: 0, CW_USAGE (bad profile,
 * --save-profile with several files, a profile that exists), CW_INPUT (a
 * file that cannot be read as spend: the others are still inspected),
 * CW_OUTPUT (the profile cannot be written).
 */
static int inspect_run(const struct inspect_options *o, struct diag *err)
{
	struct profile *prof = NULL;
	struct redactions *red = NULL;
	struct buf path;
	size_t i;
	int code = 0;

	buf_init(&path, 0);
	if (o->save_profile && o->nfiles != 1) {
		diag_set(err, CW_USAGE, "--save-profile takes one FILE, not %zu", o->nfiles);
		code = CW_USAGE;
		goto out;
	}
	if (o->profile && profile_load(o->profile, &prof, err) < 0) {
		code = err->code;
		goto out;
	}
	buf_printf(&path, "%s/redactions.txt", o->sectors ? o->sectors : "sectors");
	if (access(path.s, F_OK) == 0 && redactions_load(path.s, &red, err) < 0) {
		code = err->code;
		goto out;
	}
	for (i = 0; i < o->nfiles; i++) {
		struct intake in;
		struct diag ferr, first;
		size_t k, nread = 0;

		diag_init(&ferr);
		diag_init(&first);
		printf("%s%s\n", i ? "\n" : "", o->files[i]);
		if (intake_open(o->files[i], NULL, &in, &ferr) < 0) {
			printf("  cannot be read as spend: %s\n", ferr.msg);
			*err = ferr;
			code = ferr.code ? ferr.code : CW_INPUT;
			continue;
		}
		printf("  format       %s\n", intake_format_name(in.format));
		for (k = 0; k < in.n; k++) {
			const struct intake_table *t = &in.t[k];
			int fd = t->f ? fileno(t->f) : -1;
			struct input_stats st;

			memset(&st, 0, sizeof(st));
			diag_init(&ferr);
			if (in.format == INTAKE_XLSX || in.format == INTAKE_XLS ||
			    in.format == INTAKE_ODS)
				printf("  sheet        %s%s\n", t->name + strlen(o->files[i]) + 1,
				       t->hidden ? " (hidden)" : "");
			if (t->empty) {
				printf("  skipped      empty sheet\n");
				continue;
			}
			if (show_reading(fd, t->name, prof, &st, &ferr) < 0 ||
			    show_rows(fd, t->name, prof, red, &st, &ferr) < 0) {
				size_t nl = strlen(t->name);
				const char *why = ferr.msg;

				if (!strncmp(why, t->name, nl) && !strncmp(why + nl, ": ", 2))
					why += nl + 2;
				printf("  %s %s\n", in.n > 1 ? "skipped     " :
				       "cannot be read as spend:", in.n > 1 ? why : ferr.msg);
				if (!first.code)
					first = ferr;
				input_stats_release(&st);
				continue;
			}
			nread++;
			if (o->save_profile && save_profile(o->save_profile, &st, err) < 0)
				code = err->code;
			input_stats_release(&st);
		}
		intake_release(&in);
		if (!nread) {           /* no table of the file reads as spend */
			*err = first.code ? first : ferr;
			code = err->code ? err->code : CW_INPUT;
		}
	}
out:
	buf_release(&path);
	redactions_free(red);
	profile_free(prof);
	return code;
}

/* ---- the command line ---- */

enum { OPT_SAVE_PROFILE = OPT_OWN };

static const struct opt options[] = {
	{ "profile", 1, OPT_PROFILE, "NAME|FILE", "read with this column-mapping profile" },
	{ "save-profile", 1, OPT_SAVE_PROFILE, "NAME", "write the mapping as profiles/NAME.json" },
	{ "sectors", 1, OPT_SECTORS, "DIR", "reference data, with redactions.txt (default sectors/)" },
	CMD_OPT_HELP,
	CMD_OPT_END
};

static const struct cmd_help help = {
	"usage: chainwatch inspect FILE... [--profile NAME|FILE] [--save-profile NAME]\n\n"
	"How chainwatch reads a spend file, without scanning it: the encoding, the\n"
	"header line, which column became the supplier name, ID, amount, date and\n"
	"expense type and on what evidence (the header text, the values below it, or\n"
	"both), the first rows as read, the rows accepted, skipped and rejected, the\n"
	"supplier IDs not used as keys, the redaction wordings found and the period.\n"
	"Nothing is stored.  --save-profile writes the mapping as a profile to edit\n"
	"and reuse with 'scan --profile NAME'.\n\noptions:\n",
	options,
	"\nexit codes: 0 done, 2 usage, 3 a file cannot be read as spend, 6 output\n",
	"  chainwatch inspect spend-2025-12.csv\n"
	"  chainwatch inspect export.xlsx --save-profile myfinance\n"
	"  chainwatch inspect spend.csv --profile warwickshire-agresso-cp850\n"
};

static int set(void *ctx, int id, const char *v, struct diag *err)
{
	struct inspect_options *o = ctx;

	(void)err;
	if (id == OPT_PROFILE)
		o->profile = v;
	else if (id == OPT_SAVE_PROFILE)
		o->save_profile = v;
	else if (id == OPT_SECTORS)
		o->sectors = v;
	return 0;
}

int cmd_inspect(int argc, char **argv)
{
	struct inspect_options o;
	struct diag err;
	int i, code;

	diag_init(&err);
	memset(&o, 0, sizeof(o));
	i = cmd_options(argc, argv, &help, set, &o, &err);
	if (i > 0 && i >= argc)
		i = diag_set(&err, CW_USAGE, "inspect: expected a spend FILE (see --help)");
	if (i > 0) {
		o.files = (const char **)(argv + i);
		o.nfiles = (size_t)(argc - i);
	}
	code = i > 0 ? inspect_run(&o, &err) : i < 0 ? err.code : CW_OK;
	return msg_exit(code, &err);
}
