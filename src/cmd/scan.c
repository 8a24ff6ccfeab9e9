/*
 * scan.c: the monthly scan, start to finish (data flow in scan.h): the
 * run itself, timing, and the risk model - assess each supplier, match
 * statements, apply the bids, priority order, flags.  The inputs are
 * read in scanread.c and the outputs written in scanout.c
 * (scan_private.h).
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chainwatch/amount.h"
#include "chainwatch/buf.h"
#include "chainwatch/changes.h"
#include "chainwatch/changesdb.h"
#include "chainwatch/entity.h"
#include "chainwatch/entitydb.h"
#include "chainwatch/fault.h"
#include "chainwatch/msg.h"
#include "chainwatch/outfile.h"
#include "chainwatch/period.h"
#include "chainwatch/profile.h"
#include "chainwatch/reference.h"
#include "chainwatch/registrydb.h"
#include "chainwatch/reviewdb.h"
#include "chainwatch/risk.h"
#include "scan.h"
#include "chainwatch/sha256.h"
#include "chainwatch/store.h"
#include "chainwatch/tenders.h"
#include "chainwatch/version.h"
#include "chainwatch/xalloc.h"
#include "scan_private.h"

void scan_options_init(struct scan_options *o)
{
	memset(o, 0, sizeof(*o));
	o->db = "output/chainwatch.db";
	o->out_root = "output";
	o->max_reject_ppm = 50000;
	o->council = NULL;          /* the database's only council, else the files' body name */
	o->unmatched_min_pence = -1;
	o->statement_spend_pence = -1;
}

/* ---- timing ---- */

static double seconds_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Peak resident memory so far in KiB (Linux /proc), 0 if unknown. */
static long peak_kib(void)
{
	FILE *fp = fopen("/proc/self/status", "r");
	char line[256];
	long kib = 0;

	if (!fp)
		return 0;
	while (fgets(line, sizeof(line), fp))
		if (!strncmp(line, "VmHWM:", 6)) {
			kib = strtol(line + 6, NULL, 10);
			break;
		}
	fclose(fp);
	return kib;
}

/* --verbose: how long each step took and the peak memory so far, on stderr. */
static void step_done(const char *step, double *t0)
{
	double t = seconds_now();

	verbosef("%-8s %.3f s, peak memory %ld MiB", step, t - *t0, peak_kib() / 1024);
	*t0 = t;
}

/* ---- the risk model ---- */

/* Priority first, then spend, then key: the review list starts with high risk and high spend. */
static int by_priority(const void *x, const void *y)
{
	const struct assessment *a = x, *b = y;

	if (a->priority != b->priority)
		return a->priority > b->priority ? -1 : 1;
	if (a->supplier->spend_pence != b->supplier->spend_pence)
		return a->supplier->spend_pence > b->supplier->spend_pence ? -1 : 1;
	return strcmp(a->supplier->key, b->supplier->key);
}

/* The end of the scan period, yyyymmdd: statements are judged as of then. */
static int32_t period_end(const char *period)
{
	int32_t last = 0;

	if (period_parse(period, NULL, &last) < 0)
		BUG("the period '%s' was checked", period);
	return period_month_end(last);
}

struct statement_job {
	struct scan *s;
	const struct statement_settings *ss;
	size_t from, to;
};

static void *match_part(void *arg)
{
	struct statement_job *j = arg;
	size_t i;

	for (i = j->from; i < j->to; i++)
		risk_apply_statement(j->s->registry, j->ss, &j->s->rep.assessments[i]);
	return NULL;
}

/*
 * Match every supplier to the registry: two halves on two threads (the
 * fuzzy name index is read only), the second half here.
 */
static void match_statements(struct scan *s, size_t n)
{
	struct statement_settings ss;
	struct statement_job j[2];
	pthread_t t;
	int threaded;

	statement_settings_init(&ss);
	ss.as_of = period_end(s->period);
	if (s->o->statement_spend_pence >= 0)
		ss.likely_spend_pence = s->o->statement_spend_pence;
	j[0] = (struct statement_job){ s, &ss, 0, n / 2 };
	j[1] = (struct statement_job){ s, &ss, n / 2, n };
	threaded = n >= 2000 && registry_set_rows(s->registry) &&
		   pthread_create(&t, NULL, match_part, &j[0]) == 0;
	if (!threaded)
		match_part(&j[0]);
	match_part(&j[1]);
	if (threaded)
		pthread_join(t, NULL);
}

/* The report text of every statement a supplier matched, from the database. */
static int statement_details(struct scan *s, struct diag *err)
{
	size_t i;

	for (i = 0; i < s->rep.nsuppliers; i++)
		if (registrydb_details(s->db, s->registry, s->rep.assessments[i].statement.row,
					 err) < 0)
			return -1;
	return 0;
}

struct by_ptr {
	const struct supplier *s;
	size_t i;
};

static int cmp_ptr(const void *x, const void *y)
{
	const struct supplier *a = ((const struct by_ptr *)x)->s, *b = ((const struct by_ptr *)y)->s;

	return a < b ? -1 : a > b;
}

/* Each supplier's bids (tenders.h) onto its assessment: price pressure and the tender flag. */
static void apply_tenders(struct scan *s, struct supplier **all, size_t n)
{
	struct tender_check *tc = &s->tc;
	size_t nb = tc->data.bids.n, i, k;
	struct by_ptr *map = xcalloc(n ? n : 1, sizeof(*map));
	size_t *owner = xcalloc(nb ? nb : 1, sizeof(*owner));
	size_t *start = xcalloc(n + 1, sizeof(*start));
	const struct alt_bid **bids = xcalloc(nb ? nb : 1, sizeof(*bids));

	s->bid_supplier = tenders_join(tc, all, n);
	s->bid_keys = xcalloc(nb ? nb : 1, sizeof(*s->bid_keys));
	for (i = 0; i < n; i++)
		map[i] = (struct by_ptr){ all[i], i };
	qsort(map, n, sizeof(*map), cmp_ptr);
	/* bids grouped by the assessment they belong to: count, offsets, fill */
	for (k = 0; k < nb; k++) {
		struct by_ptr key = { s->bid_supplier[k], 0 };
		const struct by_ptr *hit = key.s ? bsearch(&key, map, n, sizeof(*map), cmp_ptr) : NULL;

		owner[k] = hit ? hit->i : n;
		start[owner[k]]++;
		s->bid_keys[k] = key.s ? key.s->key : NULL;
	}
	for (i = 0, k = 0; i <= n; i++) {
		size_t c = start[i];

		start[i] = k;
		k += c;
	}
	for (k = 0; k < nb; k++)
		if (owner[k] < n)
			bids[start[owner[k]]++] = &tc->alt[k];
	/* start[i] is now the end of i's run; the run begins at start[i - 1] */
	for (i = 0; i < n; i++) {
		size_t from = i ? start[i - 1] : 0;

		if (start[i] > from)
			risk_apply_tenders(&s->rep.assessments[i], bids + from, start[i] - from);
	}
	free(map);
	free(owner);
	free(start);
	free(bids);
}

/* Assess every supplier, match it to the registry, put them in priority order, raise the flags. */
static void assess(struct scan *s, double *t0)
{
	struct scan_report *r = &s->rep;
	struct flag_settings fs;
	struct supplier **all;
	size_t n, i;

	all = supplier_table_sorted(s->suppliers, 1, &n);
	progress("assessing %zu suppliers ...", n);
	r->assessments = xcalloc(n ? n : 1, sizeof(*r->assessments));
	for (i = 0; i < n; i++) {
		const struct entity_override *ov = entity_override_find(s->entity_overrides,
									s->nentity_overrides,
									all[i]->key);
		struct entity e;

		if (ov)
			entity_from_override(ov, &e);   /* a contract manager's correction */
		else
			entity_classify(s->entities, all[i], &e);
		risk_assess_entity(s->ref, all[i], &e, &r->assessments[i]);
	}
	step_done("assess", t0);
	if (s->rep.nregistry)
		progress("matching %zu suppliers to the statement registry ...", n);
	match_statements(s, n);
	if (s->have_tenders)
		apply_tenders(s, all, n);
	qsort(r->assessments, n, sizeof(*r->assessments), by_priority);
	s->order = xcalloc(n ? n : 1, sizeof(*s->order));
	for (i = 0; i < n; i++)
		s->order[i] = (struct supplier *)r->assessments[i].supplier;
	r->suppliers = s->order;
	r->nsuppliers = n;
	flag_settings_init(&fs);
	fs.council = s->council;
	if (s->o->unmatched_min_pence >= 0)
		fs.unmatched_min_pence = s->o->unmatched_min_pence;
	r->nflags = flags_raise(&fs, r->suppliers, r->assessments, n, s->period, &r->flags, 0);
}

/* The register of public bodies and the given names, from the reference data's orgs/ folder. */
static int load_entities(struct scan *s, struct diag *err)
{
	struct buf dir;
	int ret;

	buf_init(&dir, 0);
	buf_printf(&dir, "%s/orgs", reference_dir(s->ref));
	ret = entity_register_load(dir.s, &s->entities, err);
	buf_release(&dir);
	return ret;
}

/*
 * The registry snapshots in the database, indexed for matching (none is
 * fine), and the council's entity overrides.
 */
static int load_registry(struct scan *s, struct diag *err)
{
	if (registrydb_snapshots(s->db, &s->rep.registry, &s->rep.nregistry, err) < 0 ||
	    registrydb_load_set(s->db, s->council, &s->registry, err) < 0 ||
	    entitydb_overrides(s->db, s->council, &s->entity_overrides, &s->nentity_overrides,
			       err) < 0)
		return -1;
	if (!s->rep.nregistry)
		notef("no Modern Slavery Statement Registry in '%s': statements not checked (run "
		      "'chainwatch registry update' or 'registry import FILE')", s->o->db);
	return 0;
}

/* ---- the run ---- */

/*
 * Without --council, the council the spend files name (their body-name
 * column) is the council of a new database; one already holding a single
 * council keeps it, and several still need --council (store_pick_council).
 */
static void say_council(const struct scan *s, const struct body_name *body)
{
	if (s->o->council || !body)
		return;
	if (!strcmp(s->council, body->text))
		notef("council: '%s' from the file's '%s' column (%s); give --council to name it "
		      "otherwise", body->text, body->column, body->path);
	else
		notef("council: '%s', the database's only council, although the file's '%s' column "
		      "says '%s' (%s); give --council to choose", s->council, body->column,
		      body->text, body->path);
}

/* A period sharing months with runs already stored would count their spend twice. */
static int refuse_overlap(struct scan *s, struct diag *err)
{
	char *p[5];
	struct buf b;
	long n, i;

	if (s->o->replace_overlapping)
		return 0;
	n = store_overlapping_runs(s->db, s->council, s->period, p, 5, err);
	if (n <= 0)
		return (int)n;
	buf_init(&b, 0);
	for (i = 0; i < n && i < 5; i++) {
		buf_printf(&b, "%s%s", i ? ", " : "", p[i]);
		free(p[i]);
	}
	if (n > 5)
		buf_printf(&b, " and %ld more", n - 5);
	diag_set(err, CW_USAGE, "%s %s shares months with the run%s already stored for %s: "
		 "its spend would be counted twice.  Give --replace-overlapping to replace "
		 "%s with this run, or another --db for a separate view",
		 s->council, s->period, n > 1 ? "s" : "", b.s, n > 1 ? "them" : "it");
	buf_release(&b);
	return -1;
}

static void make_run_id(struct scan *s)
{
	struct sha256 c;
	unsigned char d[32];
	char hex[65], t[32];
	size_t i;

	sha256_init(&c);
	sha256_update(&c, s->council, strlen(s->council) + 1);
	sha256_update(&c, s->period, strlen(s->period) + 1);
	for (i = 0; i < s->rep.ninputs; i++)
		sha256_update(&c, s->rep.inputs[i].sha256, 64);
	run_time_format(s->rep.run.started, t);
	sha256_update(&c, t, strlen(t));
	(void)sha256_final(&c, d, NULL);   /* the inputs' hashes worked */
	sha256_hex(d, hex);
	snprintf(s->rep.run.id, sizeof(s->rep.run.id), "%s-%.12s", s->period, hex);
}

static void summary(const struct scan *s)
{
	unsigned long rec = 0, acc = 0, skp = 0, rej = 0;
	char money[48];
	size_t i;

	for (i = 0; i < s->rep.ninputs; i++) {
		if (s->rep.inputs[i].kind != INPUT_SPEND)
			continue;
		rec += s->rep.inputs[i].records;
		acc += s->rep.inputs[i].accepted;
		skp += s->rep.inputs[i].skipped;
		rej += s->rep.inputs[i].rejected;
	}
	if (s->rep.rejections_total > STDERR_REJECTS)
		detailf("... and %lu more rejected rows (see rejected-rows.csv)",
			s->rep.rejections_total - STDERR_REJECTS);
	notef("%s %s: %lu records, %lu accepted, %lu skipped, %lu rejected; %zu suppliers, %s; "
	      "wrote %s/", s->rep.run.council, s->period, rec, acc, skp, rej,
		s->rep.nsuppliers, amount_format_gbp(s->rep.spend_pence, money), s->out_dir);
}

static void scan_release(struct scan *s)
{
	size_t i;

	for (i = 0; i < s->rep.ninputs; i++)
		input_stats_release(&s->rep.inputs[i]);
	free(s->rep.inputs);
	report_totals_release(&s->rep.totals);
	supplier_reviews_free(s->reviews, s->nreviews);
	for (i = 0; i < s->rep.nskipped_tables; i++) {
		free(s->rep.skipped_tables[i].name);
		free(s->rep.skipped_tables[i].reason);
	}
	free(s->rep.skipped_tables);
	for (i = 0; i < s->rep.nrejections; i++) {
		free(s->rep.rejections[i].reason);
		free(s->rep.rejections[i].raw);
	}
	free(s->rep.rejections);
	for (i = 0; i < s->rep.noutputs; i++)
		free(s->rep.outputs[i].name);
	free(s->rep.outputs);
	supplier_table_free(s->suppliers);
	profile_free(s->prof);
	for (i = 0; s->rep.assessments && i < s->rep.nsuppliers; i++)
		assessment_release(&s->rep.assessments[i]);
	free(s->rep.assessments);
	for (i = 0; i < s->rep.nflags; i++)
		flag_release(&s->rep.flags[i]);
	free(s->rep.flags);
	free(s->order);
	reference_free(s->ref);
	entity_register_free(s->entities);
	entity_overrides_free(s->entity_overrides, s->nentity_overrides);
	registry_set_free(s->registry);
	free(s->rep.registry);
	tender_check_release(&s->tc);
	change_list_free(s->changes);
	wages_free(s->wages);
	free(s->bid_supplier);
	free(s->bid_keys);
	outfile_abort(&s->book);
	outset_abort(&s->out);
	store_abort_run(s->db);
	store_close(s->db);
	if (s->rejects)
		fclose(s->rejects);
	for (i = 0; i < s->nbodies; i++) {
		free(s->bodies[i].text);
		free(s->bodies[i].column);
		free(s->bodies[i].path);
	}
	free(s->bodies);
	free(s->months);
	free(s->period);
	free(s->out_dir);
	free(s->council);
}

int scan_run(const struct scan_options *o, struct diag *err)
{
	struct scan s;
	int rate_code = CW_OK, code;
	struct diag rate_err;
	struct job saver = { 0 }, booker = { 0 };
	struct previous_run *previous = NULL;
	const struct body_name *body;
	double t0;

	memset(&s, 0, sizeof(s));
	diag_init(&rate_err);
	s.o = o;
	s.rep.run.tool_version = CHAINWATCH_VERSION;
	s.rep.run.started = run_clock();
	s.rep.run.strict = o->strict;
	s.rep.run.replace_overlapping = o->replace_overlapping;
	s.rep.run.max_reject_rate_ppm = o->max_reject_ppm;
	s.rep.db_path = o->db;
	if (o->period && !period_valid(o->period)) {
		diag_set(err, CW_USAGE, "--period '%s' is not YYYY-MM or YYYY-MM_YYYY-MM", o->period);
		goto fail;
	}
	if (o->profile && profile_load(o->profile, &s.prof, err) < 0)
		goto fail;
	if (reference_load(o->sectors, &s.ref, err) < 0)
		goto fail;
	s.rep.reference = s.ref;
	if (load_entities(&s, err) < 0)
		goto fail;
	s.rejects = tmpfile();
	if (!s.rejects) {
		diag_set(err, CW_OUTPUT, "cannot create a temporary file: %s", strerror(errno));
		goto fail;
	}
	s.suppliers = supplier_table_new();
	s.reading_fd = -1;
	t0 = seconds_now();
	if (scan_read_inputs(&s, err) < 0)
		goto fail;
	supplier_table_seal(s.suppliers);
	if (scan_check_duplicates(&s, err) < 0 ||
	    scan_infer_period(&s, err) < 0)
		goto fail;
	if (o->tenders && scan_read_tenders(&s, err) < 0)
		goto fail;
	step_done("read", &t0);
	s.rep.run.period = s.period;
	body = scan_body_name(&s);
	progress("opening the database %s ...", o->db);
	/*
	 * The write lock is taken before anything the run carries forward is
	 * read (stored runs, overrides, review decisions) and kept until the
	 * run is committed: a decision made meanwhile waits, and is never
	 * overwritten by this run.
	 */
	if (make_parent_dirs(o->db, err) < 0 || store_open(o->db, &s.db, err) < 0 ||
	    store_pick_council(s.db, o->council, body ? body->text : "Unnamed council",
			       &s.council, err) < 0 ||
	    scan_read_companies(&s, err) < 0 || scan_read_charities(&s, err) < 0 ||
	    store_lock(s.db, err) < 0)
		goto fail;
	say_council(&s, body);
	s.rep.run.council = s.council;
	progress("loading the statement registry ...");
	if (refuse_overlap(&s, err) < 0 || load_registry(&s, err) < 0)
		goto fail;
	step_done("registry", &t0);
	assess(&s, &t0);
	if (statement_details(&s, err) < 0)
		goto fail;
	step_done("statement", &t0);
	make_run_id(&s);
	if (o->out) {
		s.out_dir = xstrdup(o->out);
	} else {
		size_t n = strlen(o->out_root) + strlen(s.period) + 2;

		s.out_dir = xmalloc(n);
		snprintf(s.out_dir, n, "%s/%s", o->out_root, s.period);
	}
	s.rep.out_dir = s.out_dir;
	if (scan_check_reject_rate(&s, &rate_err) < 0)
		rate_code = rate_err.code;
	progress("comparing with the previous run ...");
	if (store_flag_history(s.db, s.council, s.rep.flags, s.rep.nflags, err) < 0 ||
	    reviewdb_supplier_list(s.db, s.council, &s.reviews, &s.nreviews, err) < 0 ||
	    changesdb_previous(s.db, s.council, s.period, &previous, err) < 0)
		goto fail;
	s.rep.supplier_reviews = s.reviews;
	s.rep.nsupplier_reviews = s.nreviews;
	report_totals_compute(&s.rep, &s.rep.totals);
	s.changes = changes_compute(&s.rep, previous);
	previous_run_free(previous);
	fault_point("history");
	s.rep.changes = s.changes;
	s.rep.run.finished = getenv("SOURCE_DATE_EPOCH") ? s.rep.run.started : time(NULL);
	/*
	 * The database and the workbook are written on their own threads while
	 * the CSV files are written here, every output into the stage; the run
	 * is committed when all are done, and only then are the outputs put in
	 * place.  A run over the reject limit writes its outputs (to show why)
	 * but is not kept.
	 */
	if (outset_begin(&s.out, s.out_dir, err) < 0 || scan_begin_workbook(&s, err) < 0)
		goto fail;
	if ((rate_code == CW_OK && scan_job_start(&saver, scan_save_job, &s, err) < 0) ||
	    scan_job_start(&booker, scan_book_job, &s, err) < 0)
		goto fail_join;
	if (scan_write_suppliers_csv(&s, err) < 0 || scan_write_flags_csv(&s, err) < 0 ||
	    scan_write_changes_csv(&s, err) < 0 || scan_write_tenders_csv(&s, err) < 0 ||
	    scan_write_rejects_csv(&s, err) < 0)
		goto fail_join;
	step_done("csv", &t0);
	progress("writing %s ...", s.book_name);
	if (scan_job_join(&booker, err) < 0 || scan_finish_workbook(&s, err) < 0)
		goto fail_join;
	step_done("workbook", &t0);
	if (scan_write_manifest(&s, err) < 0)
		goto fail_join;
	fault_point("commit");
	progress("saving the run in %s ...", o->db);
	if (saver.running) {
		if (scan_job_join(&saver, err) < 0 || scan_commit_run(&s, err) < 0)
			goto fail;
	} else {
		store_abort_run(s.db);      /* not kept: nothing to save, the lock released */
	}
	if (outset_mark(&s.out, err) < 0)
		goto fail;
	fault_point("committed");
	if (outset_publish(&s.out, "manifest.json", err) < 0)
		goto fail;
	step_done("database", &t0);
	msg_progress_clear();
	summary(&s);
	scan_release(&s);
	if (rate_code != CW_OK) {
		*err = rate_err;
		return rate_code;
	}
	return CW_OK;
fail_join:
	if (saver.running) {
		scan_job_join(&saver, NULL);
		store_abort_run(s.db);
	}
	scan_job_join(&booker, NULL);
fail:
	msg_progress_clear();
	code = err && err->code ? err->code : CW_INTERNAL;
	scan_release(&s);
	return code;
}
