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
#include "chainwatch/tendercmd.h"
#include "chainwatch/tenderdb.h"
#include "chainwatch/tenders.h"
#include "chainwatch/version.h"
#include "chainwatch/workbook.h"
#include "chainwatch/xalloc.h"

struct tcmd {
	const struct scan_options *o;
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

int tenders_run(const struct scan_options *o, struct diag *err)
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
	    tender_check_file(o->tenders, w, &ts, &sink, &tc, err) < 0)
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
	      o->tenders, tc.accepted, tc.rejected,
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
