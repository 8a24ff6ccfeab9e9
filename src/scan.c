/*
 * scan.c: the monthly scan, start to finish (data flow in scan.h).
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "chainwatch/amount.h"
#include "chainwatch/changes.h"
#include "chainwatch/csvout.h"
#include "chainwatch/manifest.h"
#include "chainwatch/master.h"
#include "chainwatch/outfile.h"
#include "chainwatch/profile.h"
#include "chainwatch/reference.h"
#include "chainwatch/registrydb.h"
#include "chainwatch/risk.h"
#include "chainwatch/scan.h"
#include "chainwatch/sha256.h"
#include "chainwatch/spend.h"
#include "chainwatch/store.h"
#include "chainwatch/tenderdb.h"
#include "chainwatch/tenders.h"
#include "chainwatch/version.h"
#include "chainwatch/workbook.h"
#include "chainwatch/xalloc.h"

#define STDERR_REJECTS 10

struct month_count {
	int32_t month;              /* yyyymm */
	unsigned long rows;
};

struct scan {
	const struct scan_options *o;
	struct scan_report rep;
	struct supplier_table *suppliers;
	struct profile *prof;
	struct reference *ref;
	struct registry_set *registry;
	struct wages *wages;
	struct tender_check tc;     /* --tenders: the bids and their checks */
	struct change_list *changes;   /* since the council's previous run */
	int have_tenders;
	const struct supplier **bid_supplier;   /* per bid: the supplier it joined, or NULL */
	const char **bid_keys;                  /* ... its key, for the database */
	struct supplier **order;    /* rep.suppliers: priority order, owned here */
	struct store *db;
	struct outfile book;        /* the workbook, written by book_job */
	char book_name[64];
	FILE *rejects;              /* rejected-rows.csv body, spooled until the out dir is known */
	struct month_count *months;
	size_t nmonths, months_cap;
	unsigned long dated_rows;
	char *period;
	char *out_dir;
};

void scan_options_init(struct scan_options *o)
{
	memset(o, 0, sizeof(*o));
	o->db = "output/chainwatch.db";
	o->out_root = "output";
	o->max_reject_ppm = 50000;
	o->council = "Unnamed council";
	o->unmatched_min_pence = -1;
	o->statement_spend_pence = -1;
}

static int two_digits(const char *s)
{
	return s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9';
}

static int month_ok(const char *s)
{
	int m;

	if (!two_digits(s) || !two_digits(s + 2) || s[4] != '-' || !two_digits(s + 5))
		return 0;
	m = (s[5] - '0') * 10 + (s[6] - '0');
	return m >= 1 && m <= 12 && s[0] >= '1';
}

int period_valid(const char *s)
{
	size_t n = strlen(s);

	if (n == 7)
		return month_ok(s);
	return n == 15 && month_ok(s) && s[7] == '_' && month_ok(s + 8) && strncmp(s, s + 8, 7) < 0;
}

/* ---- sinks ---- */

static void on_reject(void *ctx, const struct input_stats *st, unsigned long line,
		      const char *reason, const char *raw, size_t rawlen)
{
	struct scan *s = ctx;
	struct scan_report *r = &s->rep;

	r->rejections_total++;
	csvout_reject(s->rejects, st->path, line, reason, raw, rawlen);
	if (!s->o->quiet && r->rejections_total <= STDERR_REJECTS)
		fprintf(stderr, "%s:%lu: rejected: %s\n", st->path, line, reason);
	if (r->nrejections < REPORT_MAX_REJECTIONS) {
		struct rejection *rj;

		if (!r->nrejections)
			r->rejections = xcalloc(REPORT_MAX_REJECTIONS, sizeof(*r->rejections));
		rj = &r->rejections[r->nrejections++];
		rj->file = st->path;
		rj->line = line;
		rj->reason = xstrdup(reason);
		rj->raw = xstrndup(raw, rawlen > REJECT_RAW_MAX ? REJECT_RAW_MAX : rawlen);
	}
}

/* A rejected bid: "file:line" (or "file:/json/path") as the place in rejected-rows.csv. */
static void on_bid_reject(void *ctx, const char *where, const char *reason, const char *raw)
{
	struct scan *s = ctx;

	s->rep.rejections_total++;
	csvout_reject_at(s->rejects, where, reason, raw);
	if (!s->o->quiet && s->rep.rejections_total <= STDERR_REJECTS)
		fprintf(stderr, "%s: rejected: %s\n", where, reason);
}

static void on_dated(void *ctx, int32_t ymd)
{
	struct scan *s = ctx;
	int32_t m = ymd / 100;
	size_t lo = 0, hi = s->nmonths;

	s->dated_rows++;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (s->months[mid].month < m)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < s->nmonths && s->months[lo].month == m) {
		s->months[lo].rows++;
		return;
	}
	if (s->nmonths == s->months_cap) {
		s->months_cap = s->months_cap ? 2 * s->months_cap : 16;
		s->months = xreallocarray(s->months, s->months_cap, sizeof(*s->months));
	}
	memmove(s->months + lo + 1, s->months + lo, (s->nmonths - lo) * sizeof(*s->months));
	s->months[lo].month = m;
	s->months[lo].rows = 1;
	s->nmonths++;
}

/* ---- the period ---- */

/* "...2014-07..." or "...201407..." in a file name. */
static int period_from_name(const char *path, char out[8])
{
	const char *base = strrchr(path, '/');
	const char *p;

	base = base ? base + 1 : path;
	for (p = base; *p; p++) {
		if (p[0] != '2' || p[1] != '0' || !two_digits(p + 2))
			continue;
		if (p != base && p[-1] >= '0' && p[-1] <= '9')
			continue;
		if ((p[4] == '-' || p[4] == '_') && two_digits(p + 5) &&
		    !(p[7] >= '0' && p[7] <= '9')) {
			snprintf(out, 8, "%.4s-%.2s", p, p + 5);
			if (month_ok(out))
				return 0;
		}
		if (two_digits(p + 4) && !(p[6] >= '0' && p[6] <= '9')) {
			snprintf(out, 8, "%.4s-%.2s", p, p + 4);
			if (month_ok(out))
				return 0;
		}
	}
	return -1;
}

/*
 * The period from the payment dates: the month holding the rows, or the
 * span of months that each hold at least a tenth of them (so a few late
 * postings from earlier months do not stretch the period).
 */
static int infer_period(struct scan *s, struct diag *err)
{
	char buf[40];
	size_t i;
	int32_t first = 0, last = 0;

	if (s->o->period) {
		s->period = xstrdup(s->o->period);
		return 0;
	}
	if (!s->dated_rows) {
		for (i = 0; i < s->o->nspend; i++)
			if (period_from_name(s->o->spend[i], buf) == 0) {
				s->period = xstrdup(buf);
				return 0;
			}
		return diag_set(err, CW_USAGE, "cannot tell the period: the spend has no payment "
				"dates and no YYYY-MM in its file name; give --period YYYY-MM");
	}
	for (i = 0; i < s->nmonths; i++) {
		if (s->months[i].rows * 10 < s->dated_rows)
			continue;
		if (!first)
			first = s->months[i].month;
		last = s->months[i].month;
	}
	if (!first) {   /* no month holds a tenth: use the whole range */
		first = s->months[0].month;
		last = s->months[s->nmonths - 1].month;
	}
	if (first == last)
		snprintf(buf, sizeof(buf), "%04d-%02d", first / 100, first % 100);
	else
		snprintf(buf, sizeof(buf), "%04d-%02d_%04d-%02d", first / 100, first % 100,
			 last / 100, last % 100);
	s->period = xstrdup(buf);
	return 0;
}

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

static int write_suppliers_csv(struct scan *s, struct diag *err)
{
	struct outfile o;
	char hex[65];

	if (outfile_open(&o, s->out_dir, "suppliers.csv", err) < 0)
		return -1;
	csvout_suppliers(o.fp, s->rep.suppliers, s->rep.assessments, s->rep.nsuppliers);
	if (outfile_commit(&o, hex, err) < 0)
		return -1;
	add_output(s, "suppliers.csv", hex);
	return 0;
}

static int write_flags_csv(struct scan *s, struct diag *err)
{
	struct outfile o;
	char hex[65];

	if (outfile_open(&o, s->out_dir, "flags.csv", err) < 0)
		return -1;
	csvout_flags(o.fp, s->rep.flags, s->rep.nflags);
	if (outfile_commit(&o, hex, err) < 0)
		return -1;
	add_output(s, "flags.csv", hex);
	return 0;
}

static int write_changes_csv(struct scan *s, struct diag *err)
{
	struct outfile o;
	char hex[65];

	if (outfile_open(&o, s->out_dir, "changes.csv", err) < 0)
		return -1;
	changes_write_csv(o.fp, s->changes);
	if (outfile_commit(&o, hex, err) < 0)
		return -1;
	add_output(s, "changes.csv", hex);
	return 0;
}

static int write_tenders_csv(struct scan *s, struct diag *err)
{
	struct outfile o;
	char hex[65];

	if (!s->have_tenders)
		return 0;
	if (outfile_open(&o, s->out_dir, "tenders.csv", err) < 0)
		return -1;
	csvout_tenders(o.fp, s->tc.alt, s->tc.data.bids.n);
	if (outfile_commit(&o, hex, err) < 0)
		return -1;
	add_output(s, "tenders.csv", hex);
	return 0;
}

static int write_rejects_csv(struct scan *s, struct diag *err)
{
	struct outfile o;
	char hex[65], chunk[65536];
	size_t n;

	if (outfile_open(&o, s->out_dir, "rejected-rows.csv", err) < 0)
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

/* The workbook's temporary name; book_job writes it, finish_workbook puts it in place. */
static int begin_workbook(struct scan *s, struct diag *err)
{
	snprintf(s->book_name, sizeof(s->book_name), "supplier-risk-%s.xlsx", s->period);
	return outfile_begin(&s->book, s->out_dir, s->book_name, err);
}

static int finish_workbook(struct scan *s, struct diag *err)
{
	char hex[65];

	if (outfile_commit(&s->book, hex, err) < 0)
		return -1;
	add_output(s, s->book_name, hex);
	return 0;
}

static int write_manifest(struct scan *s, struct diag *err)
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
	if (outfile_open(&o, s->out_dir, "manifest.json", err) < 0)
		goto out;
	fwrite(b.s, 1, b.len, o.fp);
	if (outfile_commit(&o, NULL, err) < 0)
		goto out;
	ret = 0;
out:
	buf_release(&b);
	return ret;
}

/* The directory a file will go in, created if missing. */
/* ---- work on a second thread ---- */

/*
 * The database and the workbook are written on threads of their own while
 * the main thread writes the CSV files: each reads the finished report and
 * nothing writes it until they are joined.
 */
struct job {
	pthread_t thread;
	int running;
	int (*fn)(struct scan *s, struct diag *err);
	struct scan *s;
	struct diag err;
	int ret;
};

static void *job_main(void *arg)
{
	struct job *j = arg;

	j->ret = j->fn(j->s, &j->err);
	return NULL;
}

static int job_start(struct job *j, int (*fn)(struct scan *, struct diag *), struct scan *s,
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
static int job_join(struct job *j, struct diag *err)
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

static int save_job(struct scan *s, struct diag *err)
{
	char checked[24];

	if (store_begin_run(s->db, &s->rep, err) < 0)
		return -1;
	if (s->have_tenders &&
	    tenderdb_save(s->db, s->o->council, s->rep.run.id,
			  run_time_format(s->rep.run.started, checked), s->tc.alt, s->bid_keys,
			  s->tc.data.bids.n, 1, err) < 0) {
		store_abort_run(s->db);
		return -1;
	}
	return 0;
}

static int book_job(struct scan *s, struct diag *err)
{
	return riskbook_write(s->book.tmp, &s->rep, err);
}

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
static void step_done(const struct scan *s, const char *step, double *t0)
{
	double t = seconds_now();

	if (s->o->verbose && !s->o->quiet)
		fprintf(stderr, "chainwatch: %-8s %.3f s, peak memory %ld MiB\n", step, t - *t0,
			peak_kib() / 1024);
	*t0 = t;
}

/* ---- tenders ---- */

/* The bid file through every abnormally-low-tender rule, the wage tables from sectors/. */
static int read_tenders(struct scan *s, struct diag *err)
{
	struct bid_reject_sink sink = { on_bid_reject, s };
	struct tender_settings ts;
	char *path;
	size_t n = strlen(reference_dir(s->ref)) + sizeof("/wages.json");
	int rc;

	path = xmalloc(n);
	snprintf(path, n, "%s/wages.json", reference_dir(s->ref));
	rc = wages_load(path, &s->wages, err);
	if (rc == 0)
		rc = sha256_file(path, s->rep.wages_sha256, NULL, err);
	free(path);
	if (rc < 0)
		return -1;
	s->rep.wages_path = "wages.json";
	s->rep.wages_version = s->wages->version;
	if (tender_settings_from(s->o, &ts, err) < 0 ||
	    tender_check_file(s->o->tenders, s->wages, &ts, &sink, &s->tc, err) < 0)
		return -1;
	s->have_tenders = 1;
	s->rep.tenders = s->tc.alt;
	s->rep.ntenders = s->tc.data.bids.n;
	s->rep.tender_check = &s->tc;
	return 0;
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
	const char *last = strlen(period) == 15 ? period + 8 : period;
	int y = (last[0] - '0') * 1000 + (last[1] - '0') * 100 + (last[2] - '0') * 10 + (last[3] - '0');
	int m = (last[5] - '0') * 10 + (last[6] - '0');
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int d = days[m - 1] + (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));

	return y * 10000 + m * 100 + d;
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
	size_t i;

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
	for (i = 0; i < n; i++)
		s->rep.statement_counts[s->rep.assessments[i].statement.status]++;
}

/* The report text of every statement a supplier matched, from the database. */
static int statement_details(struct scan *s, struct diag *err)
{
	size_t i;

	for (i = 0; i < s->rep.nsuppliers; i++)
		if (registry_set_details(s->db, s->registry, s->rep.assessments[i].statement.row,
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
	r->assessments = xcalloc(n ? n : 1, sizeof(*r->assessments));
	for (i = 0; i < n; i++)
		risk_assess(s->ref, all[i], &r->assessments[i]);
	step_done(s, "assess", t0);
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
	if (s->o->unmatched_min_pence >= 0)
		fs.unmatched_min_pence = s->o->unmatched_min_pence;
	r->nflags = flags_raise(&fs, r->suppliers, r->assessments, n, s->period, &r->flags, 0);
}

/* The registry snapshots in the database, indexed for matching (none is fine). */
static int load_registry(struct scan *s, struct diag *err)
{
	if (registrydb_snapshots(s->db, &s->rep.registry, &s->rep.nregistry, err) < 0 ||
	    registry_set_load(s->db, &s->registry, err) < 0)
		return -1;
	if (!s->rep.nregistry && !s->o->quiet)
		fprintf(stderr, "chainwatch: no Modern Slavery Statement Registry in '%s': statements "
			"not checked (run 'chainwatch registry update' or 'registry import FILE')\n",
			s->o->db);
	return 0;
}

/* ---- the run ---- */

static void make_run_id(struct scan *s)
{
	struct sha256 c;
	unsigned char d[32];
	char hex[65], t[32];
	size_t i;

	sha256_init(&c);
	sha256_update(&c, s->o->council, strlen(s->o->council) + 1);
	sha256_update(&c, s->period, strlen(s->period) + 1);
	for (i = 0; i < s->rep.ninputs; i++)
		sha256_update(&c, s->rep.inputs[i].sha256, 64);
	run_time_format(s->rep.run.started, t);
	sha256_update(&c, t, strlen(t));
	sha256_final(&c, d);
	sha256_hex(d, hex);
	snprintf(s->rep.run.id, sizeof(s->rep.run.id), "%s-%.12s", s->period, hex);
}

static struct input_stats *new_input(struct scan *s)
{
	struct scan_report *r = &s->rep;

	r->inputs = xreallocarray(r->inputs, r->ninputs + 1, sizeof(*r->inputs));
	memset(&r->inputs[r->ninputs], 0, sizeof(*r->inputs));
	return &r->inputs[r->ninputs++];
}

static int read_inputs(struct scan *s, struct diag *err)
{
	struct reject_sink rs = { on_reject, s };
	struct spend_sink sk;
	size_t i;

	if (s->o->suppliers) {
		struct input_stats *st = new_input(s);

		if (master_read(s->o->suppliers, s->prof, s->suppliers, &rs, st, err) < 0)
			return -1;
	}
	memset(&sk, 0, sizeof(sk));
	sk.suppliers = s->suppliers;
	sk.reject = rs;
	sk.dated = on_dated;
	sk.ctx = s;
	for (i = 0; i < s->o->nspend; i++) {
		struct input_stats *st = new_input(s);

		if (!s->o->quiet && isatty(2))
			fprintf(stderr, "reading %s ...\r", s->o->spend[i]);
		if (spend_read(s->o->spend[i], s->prof, &sk, st, err) < 0)
			return -1;
		s->rep.spend_pence += st->accepted_pence;
		s->rep.redacted_pence += st->redacted_pence;
		s->rep.redacted_rows += st->redacted;
		if (st->first_date && (!s->rep.first_date || st->first_date < s->rep.first_date))
			s->rep.first_date = st->first_date;
		if (st->last_date > s->rep.last_date)
			s->rep.last_date = st->last_date;
	}
	return 0;
}

/* The same bytes given twice would count the same spend twice. */
static int check_duplicates(const struct scan *s, struct diag *err)
{
	size_t i, j;

	for (i = 0; i < s->rep.ninputs; i++)
		for (j = 0; j < i; j++)
			if (s->rep.inputs[i].kind == s->rep.inputs[j].kind &&
			    !strcmp(s->rep.inputs[i].sha256, s->rep.inputs[j].sha256))
				return diag_set(err, CW_USAGE, "'%s' has the same content as '%s' "
						"(sha256 %.12s...): its spend would be counted twice",
						s->rep.inputs[i].path, s->rep.inputs[j].path,
						s->rep.inputs[i].sha256);
	return 0;
}

/* Over --max-reject-rate in any file, or any rejection with --strict: exit 3. */
static int check_reject_rate(struct scan *s, struct diag *err)
{
	size_t i;

	for (i = 0; i < s->rep.ninputs; i++) {
		const struct input_stats *st = &s->rep.inputs[i];

		if (s->o->strict && st->rejected)
			return diag_set(err, CW_INPUT, "%s: %lu rows rejected and --strict is set "
					"(see rejected-rows.csv)", st->path, st->rejected);
		if (st->records && (long long)st->rejected * 1000000 >
		    (long long)s->o->max_reject_ppm * (long long)st->records)
			return diag_set(err, CW_INPUT, "%s: %lu of %lu rows rejected, over the "
					"%ld.%02ld%% limit (--max-reject-rate); see rejected-rows.csv",
					st->path, st->rejected, st->records,
					s->o->max_reject_ppm / 10000, (s->o->max_reject_ppm % 10000) / 100);
	}
	return 0;
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
		fprintf(stderr, "... and %lu more rejected rows (see rejected-rows.csv)\n",
			s->rep.rejections_total - STDERR_REJECTS);
	fprintf(stderr, "chainwatch: %s %s: %lu records, %lu accepted, %lu skipped, %lu rejected; "
		"%zu suppliers, %s; wrote %s/\n", s->rep.run.council, s->period, rec, acc, skp, rej,
		s->rep.nsuppliers, amount_format_gbp(s->rep.spend_pence, money), s->out_dir);
}

static void scan_release(struct scan *s)
{
	size_t i;

	for (i = 0; i < s->rep.ninputs; i++)
		input_stats_release(&s->rep.inputs[i]);
	free(s->rep.inputs);
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
	registry_set_free(s->registry);
	free(s->rep.registry);
	tender_check_release(&s->tc);
	change_list_free(s->changes);
	wages_free(s->wages);
	free(s->bid_supplier);
	free(s->bid_keys);
	outfile_abort(&s->book);
	store_close(s->db);
	if (s->rejects)
		fclose(s->rejects);
	free(s->months);
	free(s->period);
	free(s->out_dir);
}

int scan_run(const struct scan_options *o, struct diag *err)
{
	struct scan s;
	int rate_code = CW_OK, code;
	struct diag rate_err;
	struct job saver = { 0 }, booker = { 0 };
	double t0;

	memset(&s, 0, sizeof(s));
	diag_init(&rate_err);
	s.o = o;
	s.rep.run.council = o->council;
	s.rep.run.tool_version = CHAINWATCH_VERSION;
	s.rep.run.started = run_clock();
	s.rep.run.strict = o->strict;
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
	s.rejects = tmpfile();
	if (!s.rejects) {
		diag_set(err, CW_OUTPUT, "cannot create a temporary file: %s", strerror(errno));
		goto fail;
	}
	s.suppliers = supplier_table_new();
	t0 = seconds_now();
	if (read_inputs(&s, err) < 0)
		goto fail;
	supplier_table_seal(s.suppliers);
	if (check_duplicates(&s, err) < 0 ||
	    infer_period(&s, err) < 0)
		goto fail;
	if (o->tenders && read_tenders(&s, err) < 0)
		goto fail;
	step_done(&s, "read", &t0);
	s.rep.run.period = s.period;
	if (make_parent_dirs(o->db, err) < 0 || store_open(o->db, &s.db, err) < 0 ||
	    load_registry(&s, err) < 0)
		goto fail;
	step_done(&s, "registry", &t0);
	assess(&s, &t0);
	if (statement_details(&s, err) < 0)
		goto fail;
	step_done(&s, "statement", &t0);
	make_run_id(&s);
	if (o->out) {
		s.out_dir = xstrdup(o->out);
	} else {
		size_t n = strlen(o->out_root) + strlen(s.period) + 2;

		s.out_dir = xmalloc(n);
		snprintf(s.out_dir, n, "%s/%s", o->out_root, s.period);
	}
	s.rep.out_dir = s.out_dir;
	if (check_reject_rate(&s, &rate_err) < 0)
		rate_code = rate_err.code;
	if (store_flag_history(s.db, o->council, s.rep.flags, s.rep.nflags, err) < 0 ||
	    changes_find(s.db, &s.rep, &s.changes, err) < 0)
		goto fail;
	s.rep.changes = s.changes;
	s.rep.run.finished = getenv("SOURCE_DATE_EPOCH") ? s.rep.run.started : time(NULL);
	/*
	 * The database and the workbook are written on their own threads while
	 * the CSV files are written here; the run is committed only when all
	 * are done.  A run over the reject limit writes its outputs (to show
	 * why) but is not kept.
	 */
	if (make_dirs(s.out_dir, err) < 0 || begin_workbook(&s, err) < 0)
		goto fail;
	if ((rate_code == CW_OK && job_start(&saver, save_job, &s, err) < 0) ||
	    job_start(&booker, book_job, &s, err) < 0)
		goto fail_join;
	if (write_suppliers_csv(&s, err) < 0 || write_flags_csv(&s, err) < 0 ||
	    write_changes_csv(&s, err) < 0 || write_tenders_csv(&s, err) < 0 ||
	    write_rejects_csv(&s, err) < 0)
		goto fail_join;
	step_done(&s, "csv", &t0);
	if (job_join(&booker, err) < 0 || finish_workbook(&s, err) < 0)
		goto fail_join;
	step_done(&s, "workbook", &t0);
	if (write_manifest(&s, err) < 0)
		goto fail_join;
	if (saver.running) {
		if (job_join(&saver, err) < 0 || store_commit_run(s.db, &s.rep, err) < 0)
			goto fail;
	}
	step_done(&s, "database", &t0);
	if (!o->quiet)
		summary(&s);
	scan_release(&s);
	if (rate_code != CW_OK) {
		*err = rate_err;
		return rate_code;
	}
	return CW_OK;
fail_join:
	if (saver.running) {
		job_join(&saver, NULL);
		store_abort_run(s.db);
	}
	job_join(&booker, NULL);
fail:
	code = err && err->code ? err->code : CW_INTERNAL;
	scan_release(&s);
	return code;
}
