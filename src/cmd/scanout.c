/*
 * scanout.c: the scan's outputs (scan_private.h) - suppliers.csv,
 * flags.csv, changes.csv, tenders.csv and rejected-rows.csv, the workbook
 * put in place, manifest.json, and the threads that write the database and
 * the workbook while the CSV files are written.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "chainwatch/buf.h"
#include "chainwatch/changes.h"
#include "chainwatch/csvout.h"
#include "chainwatch/manifest.h"
#include "chainwatch/msg.h"
#include "chainwatch/outfile.h"
#include "chainwatch/profile.h"
#include "chainwatch/run.h"
#include "chainwatch/store.h"
#include "chainwatch/tenderdb.h"
#include "chainwatch/workbook.h"
#include "chainwatch/xalloc.h"
#include "scan_private.h"

/* ---- outputs ---- */

static void add_output(struct scan *s, const char *name, const char *hex)
{
	struct scan_report *r = &s->rep;
	struct output_file *f;

	r->outputs = xreallocarray(r->outputs, r->noutputs + 1, sizeof(*r->outputs));
	f = &r->outputs[r->noutputs++];
	f->name = xstrdup(name);
	memcpy(f->sha256, hex, 65);
}

int scan_write_suppliers_csv(struct scan *s, struct diag *err)
{
	struct outfile o;
	char hex[65];

	progress("writing suppliers.csv ...");
	if (outfile_open(&o, s->out.stage, "suppliers.csv", err) < 0)
		return -1;
	csvout_suppliers(o.fp, s->rep.suppliers, s->rep.assessments, s->rep.nsuppliers);
	if (outfile_commit(&o, hex, err) < 0)
		return -1;
	add_output(s, "suppliers.csv", hex);
	return 0;
}

int scan_write_flags_csv(struct scan *s, struct diag *err)
{
	struct outfile o;
	char hex[65];

	progress("writing flags.csv ...");
	if (outfile_open(&o, s->out.stage, "flags.csv", err) < 0)
		return -1;
	csvout_flags(o.fp, s->rep.flags, s->rep.nflags);
	if (outfile_commit(&o, hex, err) < 0)
		return -1;
	add_output(s, "flags.csv", hex);
	return 0;
}

int scan_write_changes_csv(struct scan *s, struct diag *err)
{
	struct outfile o;
	char hex[65];

	progress("writing changes.csv ...");
	if (outfile_open(&o, s->out.stage, "changes.csv", err) < 0)
		return -1;
	csvout_changes(o.fp, s->changes);
	if (outfile_commit(&o, hex, err) < 0)
		return -1;
	add_output(s, "changes.csv", hex);
	return 0;
}

int scan_write_tenders_csv(struct scan *s, struct diag *err)
{
	struct outfile o;
	char hex[65];

	if (!s->have_tenders)
		return 0;
	progress("writing tenders.csv ...");
	if (outfile_open(&o, s->out.stage, "tenders.csv", err) < 0)
		return -1;
	csvout_tenders(o.fp, s->tc.alt, s->tc.data.bids.n);
	if (outfile_commit(&o, hex, err) < 0)
		return -1;
	add_output(s, "tenders.csv", hex);
	return 0;
}

int scan_write_rejects_csv(struct scan *s, struct diag *err)
{
	struct outfile o;
	char hex[65], chunk[65536];
	size_t n;

	progress("writing rejected-rows.csv ...");
	if (outfile_open(&o, s->out.stage, "rejected-rows.csv", err) < 0)
		return -1;
	csvout_reject_header(o.fp);
	rewind(s->rejects);
	while ((n = fread(chunk, 1, sizeof(chunk), s->rejects)) > 0)
		fwrite(chunk, 1, n, o.fp);
	if (ferror(s->rejects)) {
		outfile_abort(&o);
		return diag_set(err, CW_OUTPUT, "cannot read back the rejected rows: %s",
				strerror(errno));
	}
	if (outfile_commit(&o, hex, err) < 0)
		return -1;
	add_output(s, "rejected-rows.csv", hex);
	return 0;
}

/* The workbook's temporary name; scan_book_job writes it, scan_finish_workbook puts it in place. */
int scan_begin_workbook(struct scan *s, struct diag *err)
{
	snprintf(s->book_name, sizeof(s->book_name), "supplier-risk-%s.xlsx", s->period);
	return outfile_begin(&s->book, s->out.stage, s->book_name, err);
}

int scan_finish_workbook(struct scan *s, struct diag *err)
{
	char hex[65];

	if (outfile_commit(&s->book, hex, err) < 0)
		return -1;
	add_output(s, s->book_name, hex);
	return 0;
}

int scan_write_manifest(struct scan *s, struct diag *err)
{
	struct manifest_settings ms;
	struct outfile o;
	struct buf b;
	int ret = -1;

	ms.db = s->o->db;
	ms.profile = s->prof ? s->prof->name : "auto";
	ms.max_reject_ppm = s->o->max_reject_ppm;
	ms.strict = s->o->strict;
	buf_init(&b, 0);
	if (manifest_render(&s->rep, &ms, &b) < 0) {
		diag_set(err, CW_INTERNAL, "manifest is too large");
		goto out;
	}
	if (outfile_open(&o, s->out.stage, "manifest.json", err) < 0)
		goto out;
	fwrite(b.s, 1, b.len, o.fp);
	if (outfile_commit(&o, NULL, err) < 0)
		goto out;
	ret = 0;
out:
	buf_release(&b);
	return ret;
}

/* ---- work on a second thread ---- */

/*
 * The database and the workbook are written on threads of their own while
 * the main thread writes the CSV files: each reads the finished report and
 * nothing writes it until they are joined.
 */
static void *job_main(void *arg)
{
	struct job *j = arg;

	j->ret = j->fn(j->s, &j->err);
	return NULL;
}

int scan_job_start(struct job *j, int (*fn)(struct scan *, struct diag *), struct scan *s,
		   struct diag *err)
{
	int e;

	j->fn = fn;
	j->s = s;
	diag_init(&j->err);
	e = pthread_create(&j->thread, NULL, job_main, j);
	if (e)
		return diag_set(err, CW_INTERNAL, "cannot start a thread: %s", strerror(e));
	j->running = 1;
	return 0;
}

/* Wait for the job; its error, if any, into err (which may be NULL). */
int scan_job_join(struct job *j, struct diag *err)
{
	if (!j->running)
		return 0;
	pthread_join(j->thread, NULL);
	j->running = 0;
	if (j->ret < 0) {
		if (err)
			*err = j->err;
		return -1;
	}
	return 0;
}

/* What the store saves of the run: borrowed views into the report. */
static void run_record_of(const struct scan_report *r, struct run_record *out)
{
	memset(out, 0, sizeof(*out));
	out->run = r->run;
	out->inputs = r->inputs;
	out->ninputs = r->ninputs;
	out->suppliers = r->suppliers;
	out->nsuppliers = r->nsuppliers;
	out->assessments = r->assessments;
	out->flags = r->flags;
	out->nflags = r->nflags;
	out->spend_pence = r->spend_pence;
	out->redacted_pence = r->redacted_pence;
	out->redacted_rows = r->redacted_rows;
	out->rejections_total = r->rejections_total;
	out->first_date = r->first_date;
	out->last_date = r->last_date;
	out->companies_register = r->companies_register;
	out->charities_register = r->charities_register;
	out->outputs = r->outputs;
	out->noutputs = r->noutputs;
}

int scan_save_job(struct scan *s, struct diag *err)
{
	struct run_record rec;
	char checked[24];

	run_record_of(&s->rep, &rec);
	if (store_begin_run(s->db, &rec, err) < 0)
		return -1;
	if (s->have_tenders &&
	    tenderdb_save(s->db, s->council, s->rep.run.id,
			  run_time_format(s->rep.run.started, checked), s->tc.alt, s->bid_keys,
			  s->tc.data.bids.n, 1, err) < 0) {
		store_abort_run(s->db);
		return -1;
	}
	return 0;
}

int scan_commit_run(struct scan *s, struct diag *err)
{
	struct run_record rec;

	run_record_of(&s->rep, &rec);
	return store_commit_run(s->db, &rec, err);
}

int scan_book_job(struct scan *s, struct diag *err)
{
	return riskbook_write(s->book.tmp, &s->rep, err);
}
