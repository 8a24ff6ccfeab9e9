/*
 * companies.c: Companies House BasicCompanyData, row by row (companies.h).
 * Columns by header name; the CSV reader (csv.h) does the quoting and the
 * line numbers.  A zip's CSV member is inflated by a helper thread into
 * one end of a socket pair whose other end the CSV reader reads as a file
 * descriptor, so the CSV reader is reused as it is and nothing is held
 * whole.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zip.h>

#include "chainwatch/ascii.h"
#include "chainwatch/buf.h"
#include "chainwatch/columns.h"
#include "chainwatch/companies.h"
#include "chainwatch/csv.h"
#include "chainwatch/date.h"
#include "chainwatch/encoding.h"
#include "chainwatch/identity.h"
#include "chainwatch/xalloc.h"
#include "zipmem.h"

enum ccol {
	C_NAME, C_NUMBER, C_CATEGORY, C_STATUS, C_ORIGIN, C_DISSOLVED, C_INCORPORATED,
	C_ACCOUNTS, C_TOWN, C_POSTCODE, C_COUNTRY, C_SIC0,
	C_PREV0 = C_SIC0 + COMPANIES_SIC_MAX,
	C_PREVDATE0 = C_PREV0 + COMPANIES_PREVIOUS_MAX,
	C__COUNT = C_PREVDATE0 + COMPANIES_PREVIOUS_MAX
};

static const char *const fixed_names[C_SIC0] = {
	[C_NAME] = "CompanyName", [C_NUMBER] = "CompanyNumber",
	[C_CATEGORY] = "CompanyCategory", [C_STATUS] = "CompanyStatus",
	[C_ORIGIN] = "CountryOfOrigin", [C_DISSOLVED] = "DissolutionDate",
	[C_INCORPORATED] = "IncorporationDate", [C_ACCOUNTS] = "Accounts.AccountCategory",
	[C_TOWN] = "RegAddress.PostTown", [C_POSTCODE] = "RegAddress.PostCode",
	[C_COUNTRY] = "RegAddress.Country",
};

#define PUMP_CHUNK (256 * 1024)
#define MIN_INFLATE ((uint64_t)1 << 20)   /* a zip may always inflate to 1 MiB */

struct reader {
	const char *where;            /* file, or "zip!member", for messages */
	const struct companies_sink *sink;
	struct companies_file *out;
	struct decoder *cp1252;
	int col[C__COUNT];
	int columns;
	struct buf text;              /* one row's cleaned fields, NUL-separated */
	struct buf tmp;
	char number[9];
};

/* Column c's header name: "SICCode.SicText_N", "PreviousName_N.CompanyName", ... */
static void column_name(int c, char *out, size_t outsz)
{
	if (c < C_SIC0)
		snprintf(out, outsz, "%s", fixed_names[c]);
	else if (c < C_PREV0)
		snprintf(out, outsz, "SICCode.SicText_%d", c - C_SIC0 + 1);
	else if (c < C_PREVDATE0)
		snprintf(out, outsz, "PreviousName_%d.CompanyName", c - C_PREV0 + 1);
	else
		snprintf(out, outsz, "PreviousName_%d.CONDATE", c - C_PREVDATE0 + 1);
}

static void reject(struct reader *r, unsigned long line, const char *reason)
{
	r->out->rejected++;
	if (r->sink->reject)
		r->sink->reject(r->sink->ctx, r->where, line, reason);
}

/* Column c of the record, decoded and cleaned, appended to r->text; its offset. */
static size_t take(struct reader *r, const struct csv_record *rec, int c)
{
	size_t at = r->text.len;
	const struct csv_field *f;

	if (r->col[c] < 0 || (size_t)r->col[c] >= rec->nfields || !rec->fields[r->col[c]].len) {
		buf_addc(&r->text, '\0');
		return at;
	}
	f = &rec->fields[r->col[c]];
	if (utf8_valid(f->p, f->len)) {
		text_clean(f->p, f->len, &r->text);
	} else {
		buf_reset(&r->tmp);
		decoder_to_utf8(r->cp1252, f->p, f->len, &r->tmp);
		text_clean(r->tmp.s, r->tmp.len, &r->text);
	}
	buf_addc(&r->text, '\0');
	return at;
}

/* Two or four digits at p into *v; 0 or -1. */
static int digits(const char *p, size_t n, int *v)
{
	size_t i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (!ascii_digit((unsigned char)p[i]))
			return -1;
		*v = *v * 10 + (p[i] - '0');
	}
	return 0;
}

/*
 * DD/MM/YYYY (Companies House's only form; D/M/YYYY tolerated) into
 * *ymd.  Incorporation dates reach back to the 1850s, so date_parse()'s
 * plausible years (1990..2100) do not fit.  -1 when it is not a real day.
 */
static int ch_date(const char *s, int32_t *ymd)
{
	const char *a = strchr(s, '/'), *b = a ? strchr(a + 1, '/') : NULL;
	int d, m, y;

	if (!a || !b || a - s < 1 || a - s > 2 || b - a - 1 < 1 || b - a - 1 > 2 ||
	    strlen(b + 1) != 4 || digits(s, (size_t)(a - s), &d) < 0 ||
	    digits(a + 1, (size_t)(b - a - 1), &m) < 0 || digits(b + 1, 4, &y) < 0 ||
	    y < 1800 || y > 2200 || !date_valid(y, m, d))
		return -1;
	*ymd = y * 10000 + m * 100 + d;
	return 0;
}

static int32_t date_field(struct reader *r, const char *s)
{
	int32_t ymd = 0;

	if (*s && ch_date(s, &ymd) < 0) {
		r->out->bad_dates++;
		return 0;
	}
	return ymd;
}

/* "62020 - Information technology consultancy activities" -> "62020"; 0 when no code. */
static int sic_code(const char *s, char out[6])
{
	size_t n = 0;

	while (ascii_digit((unsigned char)s[n]) && n < 6)
		n++;
	if (n < 4 || n > 5 || ascii_alnum((unsigned char)s[n]))
		return 0;
	memcpy(out, s, n);
	out[n] = '\0';
	return 1;
}

/* CompanyNumber: normalised, or as given when it is 1..8 letters and digits ("RS007164"). */
static int number_field(const char *s, char out[9])
{
	size_t n = strlen(s), i;

	if (company_number_normalise(s, n, out) == 0)
		return 0;
	if (!n || n > 8)
		return -1;
	for (i = 0; i < n; i++) {
		if (!ascii_alnum((unsigned char)s[i]))
			return -1;
		out[i] = (char)ascii_upper((unsigned char)s[i]);
	}
	out[n] = '\0';
	return 0;
}

int companies_status_active(const char *status)
{
	return status && !strncasecmp(status, "active", 6);
}

static int header(struct reader *r, const struct csv_record *rec, struct diag *err)
{
	char name[64];
	int c;

	for (c = 0; c < C__COUNT; c++) {
		column_name(c, name, sizeof(name));
		r->col[c] = column_exact(rec, name);
	}
	r->columns = (int)rec->nfields;
	r->out->columns = r->columns;
	if (r->col[C_NAME] < 0 || r->col[C_NUMBER] < 0)
		return diag_set(err, CW_INPUT, "'%s' is not a Companies House BasicCompanyData file: "
				"no %s column in its first line", r->where,
				fixed_names[r->col[C_NAME] < 0 ? C_NAME : C_NUMBER]);
	return 0;
}

static int row(struct reader *r, const struct csv_record *rec, struct diag *err)
{
	struct company_row x;
	size_t off[C__COUNT];
	char msg[200], q[80];
	const char *s;
	int c, i;

	if (rec->toobig)
		return reject(r, rec->line, "record is larger than the reader's limit"), 0;
	if (memchr(rec->raw, '\0', rec->rawlen))
		return reject(r, rec->line, "record contains a NUL byte"), 0;
	if (rec->nfields == 1 && !rec->fields[0].len) {
		r->out->blank++;
		return 0;
	}
	if (rec->nfields < (size_t)r->columns) {
		snprintf(msg, sizeof(msg), "row has %zu fields, the header has %d", rec->nfields,
			 r->columns);
		return reject(r, rec->line, msg), 0;
	}
	buf_reset(&r->text);
	for (c = 0; c < C__COUNT; c++)
		off[c] = take(r, rec, c);
	memset(&x, 0, sizeof(x));
	x.line = rec->line;
	x.name = r->text.s + off[C_NAME];
	if (!*x.name)
		return reject(r, rec->line, "CompanyName is empty"), 0;
	s = r->text.s + off[C_NUMBER];
	if (!*s)
		return reject(r, rec->line, "CompanyNumber is empty"), 0;
	if (number_field(s, r->number) < 0) {
		diag_quote(q, sizeof(q), s, strlen(s), 40);
		snprintf(msg, sizeof(msg), "CompanyNumber '%s' is not a company number", q);
		return reject(r, rec->line, msg), 0;
	}
	x.number = r->number;
	x.category = r->text.s + off[C_CATEGORY];
	x.status = r->text.s + off[C_STATUS];
	x.country_of_origin = r->text.s + off[C_ORIGIN];
	x.accounts_category = r->text.s + off[C_ACCOUNTS];
	x.post_town = r->text.s + off[C_TOWN];
	x.postcode = r->text.s + off[C_POSTCODE];
	x.country = r->text.s + off[C_COUNTRY];
	x.incorporated = date_field(r, r->text.s + off[C_INCORPORATED]);
	x.dissolved = date_field(r, r->text.s + off[C_DISSOLVED]);
	for (i = 0; i < COMPANIES_SIC_MAX; i++)
		if (sic_code(r->text.s + off[C_SIC0 + i], x.sic[x.nsic]))
			x.nsic++;
	for (i = 0; i < COMPANIES_PREVIOUS_MAX; i++) {
		s = r->text.s + off[C_PREV0 + i];
		if (!*s)
			continue;
		x.previous[x.nprevious] = s;
		x.previous_until[x.nprevious] = date_field(r, r->text.s + off[C_PREVDATE0 + i]);
		x.nprevious++;
	}
	r->out->accepted++;
	if (x.incorporated > r->out->latest_incorporation)
		r->out->latest_incorporation = x.incorporated;
	if (r->sink->row && r->sink->row(r->sink->ctx, &x, err) < 0)
		return -1;
	return 0;
}

/* Every record of one CSV stream through the sink. */
static int read_csv(struct reader *r, struct csv_reader *rd, struct diag *err)
{
	struct csv_record rec;
	char short_msg[80];
	unsigned long short_line = 0;
	int rc, first = 1;

	while ((rc = csv_next(rd, &rec, err)) > 0) {
		r->out->bytes += rec.rawlen + 1;
		if (short_line) {
			/* a short row before others is a bad row; short at the end, a cut */
			r->out->records++;
			reject(r, short_line, short_msg);
			short_line = 0;
		}
		if (rec.unterminated)
			return diag_set(err, CW_INPUT, "%s:%lu: the file ends inside a quoted field: "
					"it was cut off (an interrupted download?)", r->where,
					rec.line);
		if (first) {
			first = 0;
			if (rec.toobig)
				return diag_set(err, CW_INPUT, "%s:%lu: the first line is larger than "
						"the reader's limit: not a BasicCompanyData header",
						r->where, rec.line);
			if (header(r, &rec, err) < 0)
				return -1;
			continue;
		}
		if (rec.nfields > 1 && rec.nfields < (size_t)r->columns && !rec.toobig) {
			short_line = rec.line;
			snprintf(short_msg, sizeof(short_msg), "row has %zu fields, the header has %d",
				 rec.nfields, r->columns);
			continue;
		}
		r->out->records++;
		if (row(r, &rec, err) < 0)
			return -1;
	}
	if (rc < 0)
		return diag_locate(err, r->where, 0, 0);
	if (short_line)
		return diag_set(err, CW_INPUT, "%s:%lu: the last row stops after %s: the file was "
				"cut off (an interrupted download?)", r->where, short_line,
				short_msg + 8);
	if (first)
		return diag_set(err, CW_INPUT, "'%s' is empty", r->where);
	return 0;
}

static void reader_init(struct reader *r, const struct companies_sink *sink,
			struct companies_file *out)
{
	memset(r, 0, sizeof(*r));
	r->sink = sink;
	r->out = out;
	buf_init(&r->text, 0);
	buf_init(&r->tmp, 0);
}

static void reader_release(struct reader *r)
{
	decoder_free(r->cp1252);
	buf_release(&r->text);
	buf_release(&r->tmp);
}

/* --- zip: a helper thread inflates the member into a socket ------------- */

struct pump {
	zip_file_t *zf;
	int fd;                   /* the writing end; the thread closes it */
	uint64_t limit;
	int failed;               /* 1: zip error, 2: over the limit */
	char msg[256];
};

static void *pump_run(void *arg)
{
	struct pump *p = arg;
	char *chunk = xmalloc(PUMP_CHUNK);
	uint64_t total = 0;

	for (;;) {
		zip_int64_t n = zip_fread(p->zf, chunk, PUMP_CHUNK);
		zip_int64_t off = 0;

		if (n < 0) {
			p->failed = 1;
			snprintf(p->msg, sizeof(p->msg), "%s", zip_file_strerror(p->zf));
			break;
		}
		if (n == 0)
			break;
		total += (uint64_t)n;
		if (total > p->limit) {
			p->failed = 2;
			break;
		}
		while (off < n) {
			ssize_t w = send(p->fd, chunk + off, (size_t)(n - off), MSG_NOSIGNAL);

			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0)
				goto out;      /* the reader stopped: nothing more to do */
			off += w;
		}
	}
out:
	free(chunk);
	close(p->fd);
	return NULL;
}

static int zip_failed(const char *name, int zerr, struct diag *err)
{
	zip_error_t ze;

	zip_error_init_with_code(&ze, zerr);
	diag_set(err, CW_INPUT, "%s: not a complete zip (%s): cut off or damaged?", name,
		 zip_error_strerror(&ze));
	zip_error_fini(&ze);
	return -1;
}

static int ends_csv(const char *s)
{
	size_t n = strlen(s);

	return n > 4 && !strcasecmp(s + n - 4, ".csv");
}

/* Read member idx of zip through r. */
static int read_member(struct reader *r, zip_t *zip, zip_uint64_t idx, const char *zipname,
		       uint64_t zipsize, struct diag *err)
{
	struct pump p;
	struct csv_reader *rd = NULL;
	zip_stat_t st;
	pthread_t th;
	char *where;
	int fds[2] = { -1, -1 }, ret = -1, started = 0;
	uint64_t limit = zipsize * COMPANIES_ZIP_RATIO;

	if (limit < MIN_INFLATE)
		limit = MIN_INFLATE;
	if (limit > COMPANIES_MAX_MEMBER)
		limit = COMPANIES_MAX_MEMBER;
	memset(&p, 0, sizeof(p));
	zip_stat_init(&st);
	if (zip_stat_index(zip, idx, 0, &st) < 0)
		return diag_set(err, CW_INPUT, "%s: %s", zipname, zip_strerror(zip));
	{
		struct buf w;

		buf_init(&w, 0);
		buf_printf(&w, "%s!%s", zipname, st.name);
		where = buf_detach(&w, NULL);
	}
	r->where = where;
	if ((st.valid & ZIP_STAT_SIZE) && st.size > limit) {
		diag_set(err, CW_INPUT, "%s: %llu bytes uncompressed, more than the limit of %llu "
			 "(a zip bomb?)", where, (unsigned long long)st.size,
			 (unsigned long long)limit);
		goto out;
	}
	if (!(p.zf = zip_fopen_index(zip, idx, 0))) {
		diag_set(err, CW_INPUT, "%s: cannot read (zip: %s)", where, zip_strerror(zip));
		goto out;
	}
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) < 0) {
		diag_set(err, CW_INTERNAL, "%s: socketpair: %s", where, strerror(errno));
		goto out;
	}
	p.fd = fds[1];
	p.limit = limit;
	if (pthread_create(&th, NULL, pump_run, &p) != 0) {
		diag_set(err, CW_INTERNAL, "%s: cannot start a thread", where);
		goto out;
	}
	fds[1] = -1;            /* the thread's now */
	started = 1;
	rd = csv_reader_fd(fds[0], NULL, NULL, NULL);
	ret = read_csv(r, rd, err);
out:
	csv_reader_free(rd);
	if (fds[0] >= 0)
		close(fds[0]);     /* a pump still writing stops */
	if (fds[1] >= 0)
		close(fds[1]);
	if (started)
		pthread_join(th, NULL);
	/* the zip's own failure explains a CSV that stopped short */
	if (p.failed == 1) {
		diag_set(err, CW_INPUT, "%s: cannot inflate (zip: %s): the zip is damaged or was "
			 "cut off", where, p.msg);
		ret = -1;
	} else if (p.failed == 2) {
		diag_set(err, CW_INPUT, "%s: inflates to more than %llu bytes, over %d times the "
			 "zip (a zip bomb?)", where, (unsigned long long)limit, COMPANIES_ZIP_RATIO);
		ret = -1;
	}
	if (p.zf)
		zip_fclose(p.zf);
	r->where = NULL;
	free(where);
	return ret;
}

static int read_zip(struct reader *r, zip_t *zip, const char *name, uint64_t zipsize,
		    struct diag *err)
{
	zip_int64_t n = zip_get_num_entries(zip, 0), i;
	int found = 0;

	for (i = 0; i < n; i++) {
		const char *m = zip_get_name(zip, (zip_uint64_t)i, 0);

		if (!m || !ends_csv(m))
			continue;
		found = 1;
		if (read_member(r, zip, (zip_uint64_t)i, name, zipsize, err) < 0)
			return -1;
	}
	if (!found)
		return diag_set(err, CW_INPUT, "%s: the zip holds no .csv file (not a "
				"BasicCompanyData download)", name);
	return 0;
}

static int is_zip(const unsigned char *p, size_t n)
{
	return n >= 4 && p[0] == 'P' && p[1] == 'K' && (p[2] == 3 || p[2] == 5) &&
	       (p[3] == 4 || p[3] == 6);
}

static int reader_ready(struct reader *r, struct diag *err)
{
	r->cp1252 = decoder_new(ENC_CP1252, err);
	return r->cp1252 ? 0 : -1;
}

int companies_read_path(const char *path, const struct companies_sink *sink,
			struct companies_file *out, struct diag *err)
{
	struct reader r;
	unsigned char magic[4];
	struct csv_reader *rd = NULL;
	zip_t *zip = NULL;
	off_t size;
	ssize_t got;
	int fd, zerr = 0, ret = -1;

	reader_init(&r, sink, out);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		diag_set(err, CW_INPUT, "cannot open '%s': %s", path, strerror(errno));
		goto out;
	}
	if (reader_ready(&r, err) < 0)
		goto out;
	do
		got = pread(fd, magic, sizeof(magic), 0);
	while (got < 0 && errno == EINTR);
	if (got < 0) {
		diag_set(err, CW_INPUT, "cannot read '%s': %s", path, strerror(errno));
		goto out;
	}
	if (is_zip(magic, (size_t)got)) {
		size = lseek(fd, 0, SEEK_END);
		if (!(zip = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &zerr))) {
			zip_failed(path, zerr, err);
			goto out;
		}
		ret = read_zip(&r, zip, path, size > 0 ? (uint64_t)size : 0, err);
		goto out;
	}
	r.where = path;
	rd = csv_reader_fd(fd, NULL, NULL, NULL);
	ret = read_csv(&r, rd, err);
out:
	csv_reader_free(rd);
	if (zip)
		zip_discard(zip);
	if (fd >= 0)
		close(fd);
	reader_release(&r);
	return ret;
}

int companies_read_mem(const char *p, size_t n, const char *name,
		       const struct companies_sink *sink, struct companies_file *out,
		       struct diag *err)
{
	struct reader r;
	struct csv_reader *rd;
	int ret = -1;

	reader_init(&r, sink, out);
	if (reader_ready(&r, err) < 0)
		goto out;
	if (is_zip((const unsigned char *)p, n)) {
		int zerr;
		zip_t *zip = zipmem_open(p, n, &zerr);

		if (!zip) {
			zip_failed(name, zerr, err);
			goto out;
		}
		ret = read_zip(&r, zip, name, n, err);
		zip_discard(zip);
		goto out;
	}
	r.where = name;
	rd = csv_reader_mem(p, n, NULL);
	ret = read_csv(&r, rd, err);
	csv_reader_free(rd);
out:
	reader_release(&r);
	return ret;
}

int32_t companies_file_date(const char *path)
{
	const char *base = strrchr(path, '/'), *p;
	int y, m, d;

	base = base ? base + 1 : path;
	if (strncmp(base, "BasicCompanyData", 16) != 0)
		return 0;
	for (p = base + 16; *p; p++) {
		if (strlen(p) < 10 || p[4] != '-' || p[7] != '-' ||
		    digits(p, 4, &y) < 0 || digits(p + 5, 2, &m) < 0 || digits(p + 8, 2, &d) < 0)
			continue;
		if (!date_valid(y, m, d))
			return 0;
		return y * 10000 + m * 100 + d;
	}
	return 0;
}
