/*
 * scanread.c: the scan's inputs (scan_private.h) - the supplier master and
 * spend files read into the supplier table, rejected rows spooled for
 * rejected-rows.csv, the period told from the payment dates, the duplicate
 * and reject-rate checks, and the bid file for --tenders.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "chainwatch/buf.h"
#include "chainwatch/csvout.h"
#include "chainwatch/headerfind.h"
#include "chainwatch/idnames.h"
#include "chainwatch/intake.h"
#include "chainwatch/master.h"
#include "chainwatch/msg.h"
#include "chainwatch/period.h"
#include "chainwatch/redaction.h"
#include "chainwatch/reference.h"
#include "scan.h"
#include "chainwatch/sha256.h"
#include "chainwatch/spend.h"
#include "chainwatch/tenders.h"
#include "chainwatch/wages.h"
#include "chainwatch/xalloc.h"
#include "scan_private.h"

int period_valid(const char *s)
{
	return period_parse(s, NULL, NULL) == 0;
}

/* ---- sinks ---- */

static void on_reject(void *ctx, const struct input_stats *st, unsigned long line,
		      const char *reason, const char *raw, size_t rawlen)
{
	struct scan *s = ctx;
	struct scan_report *r = &s->rep;

	r->rejections_total++;
	csvout_reject(s->rejects, st->path, line, reason, raw, rawlen);
	if (r->rejections_total <= STDERR_REJECTS)
		detailf("%s:%lu: rejected: %s", st->path, line, reason);
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
	if (s->rep.rejections_total <= STDERR_REJECTS)
		detailf("%s: rejected: %s", where, reason);
}

static void on_dated(void *ctx, int32_t ymd)
{
	struct scan *s = ctx;
	int32_t m = ymd / 100;
	size_t lo = 0, hi = s->nmonths;

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

/* ---- the council the files name ---- */

/* A council's name, not Devon's "18" nor Trafford's ONS URI, nor text with control characters. */
static int name_like(const char *p, size_t n)
{
	size_t i;
	int letter = 0;

	if (n > 200)
		return 0;
	for (i = 0; i < n; i++) {
		if ((unsigned char)p[i] < 0x20 || p[i] == 0x7f)
			return 0;           /* a control character: never to the terminal */
		if (p[i] == ':' && i + 2 < n && p[i + 1] == '/' && p[i + 2] == '/')
			return 0;
		if ((p[i] >= 'A' && p[i] <= 'Z') || (p[i] >= 'a' && p[i] <= 'z'))
			letter = 1;
	}
	return letter;
}

/* ---- the progress line ---- */

static double seconds_since(const struct timespec *t0)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)(ts.tv_sec - t0->tv_sec) + (double)(ts.tv_nsec - t0->tv_nsec) / 1e9;
}

/*
 * "reading FILE: 120000 rows, 12.5 of 48.0 MB, 31.2 MB/s": the rows so
 * far, and the bytes the reader has read (its descriptor shares the file
 * offset with s->reading_fd) against the file's size.
 */
static void show_reading(const struct scan *s)
{
	const struct input_stats *st = s->reading;
	double secs = seconds_since(&s->reading_t0);
	off_t at = s->reading_fd >= 0 ? lseek(s->reading_fd, 0, SEEK_CUR) : -1;
	struct buf b;

	buf_init(&b, 0);
	buf_printf(&b, "reading %s: %lu rows", st->path, st->records);
	if (at > 0 && st->bytes)
		buf_printf(&b, ", %.1f of %.1f MB", (double)at / 1e6, (double)st->bytes / 1e6);
	if (at > 0 && secs >= 0.01)
		buf_printf(&b, ", %.1f MB/s", (double)at / 1e6 / secs);
	progress("%s", b.s);
	buf_release(&b);
}

/* Every record: the progress line now and then; its body-name cell counted (the last value first: files repeat one). */
static void on_record(void *ctx, const char *body, size_t len)
{
	struct scan *s = ctx;
	struct body_name *b;
	size_t i;

	if (s->reading && !(s->reading->records & 1023) && msg_progress_due())
		show_reading(s);
	if (!len)
		return;
	b = s->nbodies ? &s->bodies[s->body_last] : NULL;
	if (b && b->len == len && !memcmp(b->text, body, len)) {
		b->rows++;
		return;
	}
	for (i = 0; i < s->nbodies; i++)
		if (s->bodies[i].len == len && !memcmp(s->bodies[i].text, body, len)) {
			s->bodies[i].rows++;
			s->body_last = i;
			return;
		}
	if (s->nbodies == MAX_BODY_NAMES)
		return;
	if (!s->bodies)
		s->bodies = xcalloc(MAX_BODY_NAMES, sizeof(*s->bodies));
	b = &s->bodies[s->nbodies];
	b->text = xstrndup(body, len);
	b->len = len;
	b->rows = 1;
	b->name_like = name_like(body, len);
	b->column = xstrdup(s->reading && s->reading->columns[COL_BODY] ?
			    s->reading->columns[COL_BODY] : "");
	b->path = xstrdup(s->reading ? s->reading->path : "");
	s->body_last = s->nbodies++;
}

const struct body_name *scan_body_name(const struct scan *s)
{
	const struct body_name *best = NULL;
	size_t i;

	for (i = 0; i < s->nbodies; i++)
		if (s->bodies[i].name_like && (!best || s->bodies[i].rows > best->rows))
			best = &s->bodies[i];
	return best;
}

/* ---- the period ---- */

/* One spend file's share of the period (period_of_file); the scan's spans every file's. */
static void note_file_period(struct scan *s, struct input_stats *st)
{
	struct month_rows *m = xcalloc(s->nmonths ? s->nmonths : 1, sizeof(*m));
	int32_t first, last;
	size_t i;

	for (i = 0; i < s->nmonths; i++) {
		m[i].month = s->months[i].month;
		m[i].rows = s->months[i].rows;
	}
	st->period_source = period_of_file(st->path, st->title_first, st->title_last, m,
					   s->nmonths, &first, &last);
	s->nmonths = 0;
	free(m);
	if (!st->period_source)
		return;
	period_format(first, last, st->period);
	if (!s->first_month || first < s->first_month)
		s->first_month = first;
	if (last > s->last_month)
		s->last_month = last;
}

int scan_infer_period(struct scan *s, struct diag *err)
{
	char buf[40];
	int32_t first = s->first_month, last = s->last_month;

	if (s->o->period) {
		s->period = xstrdup(s->o->period);
		return 0;
	}
	if (!first)
		return diag_set(err, CW_USAGE, "cannot tell the period: the spend has no payment "
				"dates and its file name names no month or quarter; give --period YYYY-MM");
	if (first == last)
		snprintf(buf, sizeof(buf), "%04d-%02d", first / 100, first % 100);
	else
		snprintf(buf, sizeof(buf), "%04d-%02d_%04d-%02d", first / 100, first % 100,
			 last / 100, last % 100);
	s->period = xstrdup(buf);
	return 0;
}

/* ---- the files ---- */

/*
 * One line per spend file on how it was read: the column each role came
 * from and on what evidence, and the period with its source.
 */
static void say_reading(const struct input_stats *st)
{
	struct buf b;

	buf_init(&b, 0);
	notef("%s: read %s", st->path, input_reading(st, &b));
	buf_release(&b);
}

static struct input_stats *new_input(struct scan *s)
{
	struct scan_report *r = &s->rep;

	r->inputs = xreallocarray(r->inputs, r->ninputs + 1, sizeof(*r->inputs));
	memset(&r->inputs[r->ninputs], 0, sizeof(*r->inputs));
	return &r->inputs[r->ninputs++];
}

/*
 * The redaction wordings beside the reference data (redaction.h); a
 * reference directory without the file gives the built-in list.
 */
static int load_redactions(const struct scan *s, struct redactions **out, struct diag *err)
{
	size_t n = strlen(reference_dir(s->ref)) + sizeof("/redactions.txt");
	char *path = xmalloc(n);
	int rc = 0;

	snprintf(path, n, "%s/redactions.txt", reference_dir(s->ref));
	*out = NULL;
	if (access(path, F_OK) == 0)
		rc = redactions_load(path, out, err);
	free(path);
	return rc;
}

static void skip_table(struct scan *s, const struct intake_table *t, const char *reason)
{
	struct scan_report *r = &s->rep;
	size_t n = strlen(t->name);
	struct skipped_table *k;

	/* "file.xls!Sheet: no header row ..." -> "no header row ..." */
	if (!strncmp(reason, t->name, n) && reason[n] == ':' && reason[n + 1] == ' ')
		reason += n + 2;
	r->skipped_tables = xreallocarray(r->skipped_tables, r->nskipped_tables + 1,
					  sizeof(*r->skipped_tables));
	k = &r->skipped_tables[r->nskipped_tables++];
	k->name = xstrdup(t->name);
	k->reason = xstrdup(reason);
	notef("%s: skipped: %s", k->name, k->reason);
}

/* One table of a spend file (the file itself, or a sheet) into the supplier table. */
static int read_spend_table(struct scan *s, const struct intake_table *t,
			    const struct spend_sink *sk, struct diag *err)
{
	struct input_stats *st = new_input(s);

	int own = -1, rc;

	s->reading = st;
	clock_gettime(CLOCK_MONOTONIC, &s->reading_t0);
	progress("reading %s ...", t->name);
	/* a file read by name: opened here, so its offset tells the progress line how far */
	if (!t->f && msg_progress_shown())
		own = open(t->name, O_RDONLY | O_CLOEXEC);
	s->reading_fd = t->f ? fileno(t->f) : own;
	rc = spend_read_fd(s->reading_fd, t->name, s->prof, sk, st, err);
	if (rc == 0)
		show_reading(s);
	s->reading_fd = -1;
	if (own >= 0)
		close(own);
	if (rc < 0) {
		/* nothing of it was kept when it failed before its first row */
		int before_rows = !st->records;

		s->reading = NULL;
		input_stats_release(st);
		s->rep.ninputs--;
		return before_rows ? -1 : -2;
	}
	note_file_period(s, st);
	say_reading(st);
	s->rep.spend_pence += st->accepted_pence;
	s->rep.redacted_pence += st->redacted_pence;
	s->rep.redacted_rows += st->redacted;
	if (st->first_date && (!s->rep.first_date || st->first_date < s->rep.first_date))
		s->rep.first_date = st->first_date;
	if (st->last_date > s->rep.last_date)
		s->rep.last_date = st->last_date;
	return 0;
}

/*
 * A spend file: a CSV (or gzipped CSV) is one table; a workbook's sheets
 * are each read when their header is a spend header, else skipped with
 * the reason.  Hidden sheets are read only when no visible sheet is spend.
 */
static int read_spend_file(struct scan *s, const char *path, const struct spend_sink *sk,
			   struct diag *err)
{
	struct intake in;
	struct buf why;
	size_t i, nread = 0;
	int hidden, ret = -1;

	if (intake_open(path, NULL, &in, err) < 0)
		return -1;
	buf_init(&why, 0);
	if (in.format == INTAKE_TEXT || in.format == INTAKE_GZIP) {
		ret = read_spend_table(s, &in.t[0], sk, err) < 0 ? -1 : 0;
		goto out;
	}
	for (hidden = 0; hidden < 2; hidden++)
		for (i = 0; i < in.n; i++) {
			const struct intake_table *t = &in.t[i];
			struct diag terr;
			int rc;

			if (t->hidden != hidden)
				continue;
			if (hidden && nread) {
				skip_table(s, t, "hidden sheet (the visible sheets hold the spend)");
				continue;
			}
			if (t->empty) {
				skip_table(s, t, "empty sheet");
				continue;
			}
			diag_init(&terr);
			rc = read_spend_table(s, t, sk, &terr);
			if (rc == -2 || (rc < 0 && terr.code != CW_INPUT)) {
				*err = terr;
				goto out;
			}
			if (rc < 0) {
				skip_table(s, t, terr.msg);
				buf_printf(&why, "%s'%s': %s", why.len ? "; " : "",
					   t->name + strlen(path) + 1,
					   s->rep.skipped_tables[s->rep.nskipped_tables - 1].reason);
				continue;
			}
			nread++;
		}
	if (!nread) {
		if (!in.n)
			diag_set(err, CW_INPUT, "%s with no sheets", intake_format_name(in.format));
		else
			diag_set(err, CW_INPUT, "no sheet of this %s holds spend data (%.700s)",
				 intake_format_name(in.format), why.s ? why.s : "");
		diag_locate(err, path, 0, 0);
		goto out;
	}
	ret = 0;
out:
	buf_release(&why);
	intake_release(&in);
	return ret;
}

/* The supplier master: a CSV, or the first sheet of a workbook that reads as one. */
static int read_suppliers(struct scan *s, const struct reject_sink *rs, struct diag *err)
{
	struct intake in;
	struct diag first;
	size_t i;
	int ret = -1;

	if (intake_open(s->o->suppliers, NULL, &in, err) < 0)
		return -1;
	diag_init(&first);
	for (i = 0; i < in.n; i++) {
		struct input_stats *st = new_input(s);
		struct diag terr;
		unsigned long records;

		diag_init(&terr);
		if (master_read_fd(in.t[i].f ? fileno(in.t[i].f) : -1, in.t[i].name, s->prof,
				   s->suppliers, rs, st, &terr) == 0) {
			ret = 0;
			break;
		}
		records = st->records;
		input_stats_release(st);
		s->rep.ninputs--;
		if (!first.code)
			first = terr;
		if (in.format == INTAKE_TEXT || in.format == INTAKE_GZIP || records)
			break;
	}
	if (ret < 0)
		*err = first;
	intake_release(&in);
	return ret;
}

int scan_read_inputs(struct scan *s, struct diag *err)
{
	struct reject_sink rs = { on_reject, s };
	struct spend_sink sk;
	struct redactions *red = NULL;
	size_t i;
	int ret = -1;

	if (s->o->suppliers && read_suppliers(s, &rs, err) < 0)
		return -1;
	if (load_redactions(s, &red, err) < 0)
		return -1;
	memset(&sk, 0, sizeof(sk));
	sk.suppliers = s->suppliers;
	sk.reject = rs;
	sk.dated = on_dated;
	sk.record = on_record;
	sk.ctx = s;
	sk.redactions = red;
	for (i = 0; i < s->o->nspend; i++)
		if (read_spend_file(s, s->o->spend[i], &sk, err) < 0)
			goto out;
	ret = 0;
out:
	redactions_free(red);
	return ret;
}

/* The same bytes given twice would count the same spend twice. */
int scan_check_duplicates(const struct scan *s, struct diag *err)
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
int scan_check_reject_rate(struct scan *s, struct diag *err)
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

/* ---- tenders ---- */

/* The bid file through every abnormally-low-tender rule, the wage tables from sectors/. */
int scan_read_tenders(struct scan *s, struct diag *err)
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
	progress("checking the bids in %s ...", s->o->tenders);
	if (tender_settings_from(&s->o->tender, &ts, err) < 0 ||
	    tender_check_file(s->o->tenders, s->wages, &ts, &sink, &s->tc, err) < 0)
		return -1;
	s->have_tenders = 1;
	s->rep.tenders = s->tc.alt;
	s->rep.ntenders = s->tc.data.bids.n;
	s->rep.tender_check = &s->tc;
	return 0;
}
