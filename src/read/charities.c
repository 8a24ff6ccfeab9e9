/*
 * charities.c: the Charity Commission's register extract, text form
 * (charities.h): a small streaming reader of its TAB-separated,
 * backslash-escaped lines, then columns by header name.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "chainwatch/ascii.h"
#include "chainwatch/buf.h"
#include "chainwatch/charities.h"
#include "chainwatch/columns.h"
#include "chainwatch/csv.h"
#include "chainwatch/date.h"
#include "chainwatch/encoding.h"
#include "chainwatch/identity.h"
#include "chainwatch/xalloc.h"

#define CHUNK (256 * 1024)
#define MAX_FIELDS 1024

enum ccol {
	K_NUMBER, K_LINKED, K_NAME, K_TYPE, K_STATUS, K_REGISTERED, K_REMOVED, K_COMPANY,
	K_POSTCODE, K_INCOME, K_CIO, K_INSOLVENT, K_ADMIN, K_EXTRACT, K__COUNT
};

static const char *const kcol_names[K__COUNT] = {
	[K_NUMBER] = "registered_charity_number", [K_LINKED] = "linked_charity_number",
	[K_NAME] = "charity_name", [K_TYPE] = "charity_type",
	[K_STATUS] = "charity_registration_status", [K_REGISTERED] = "date_of_registration",
	[K_REMOVED] = "date_of_removal", [K_COMPANY] = "charity_company_registration_number",
	[K_POSTCODE] = "charity_contact_postcode", [K_INCOME] = "latest_income",
	[K_CIO] = "charity_is_cio", [K_INSOLVENT] = "charity_insolvent",
	[K_ADMIN] = "charity_in_administration", [K_EXTRACT] = "date_of_extract",
};

/* The byte source and one record of it, its fields unescaped. */
struct tsv {
	int fd;                       /* -1: memory */
	const char *p;                /* the chunk (or all the memory) */
	size_t n, pos;
	char *chunk;
	int eof;
	unsigned long line;           /* physical line of the next byte */
	struct buf text;              /* the fields, each NUL-terminated */
	size_t *off;                  /* where each field starts in text */
	struct csv_field *fields;     /* the same as csv_fields, for column_exact() */
	size_t nfields;
	unsigned long rec_line;
	int toobig, has_nul, unterminated, in_escape;
};

/* The next byte, or -1 at the end (-2 on a read error, err filled). */
static int next_byte(struct tsv *t, struct diag *err)
{
	if (t->pos == t->n) {
		ssize_t got;

		if (t->fd < 0 || t->eof)
			return -1;
		do
			got = read(t->fd, t->chunk, CHUNK);
		while (got < 0 && errno == EINTR);
		if (got < 0) {
			diag_set(err, CW_INPUT, "read error: %s", strerror(errno));
			return -2;
		}
		if (!got) {
			t->eof = 1;
			return -1;
		}
		t->p = t->chunk;
		t->n = (size_t)got;
		t->pos = 0;
	}
	return (unsigned char)t->p[t->pos++];
}

static void put(struct tsv *t, char c)
{
	if (t->toobig)
		return;
	if (t->text.len + 1 >= CHARITIES_MAX_RECORD || buf_addc(&t->text, c) < 0)
		t->toobig = 1;
}

static void end_field(struct tsv *t)
{
	if (t->toobig)
		return;
	if (t->nfields == MAX_FIELDS) {
		t->toobig = 1;
		return;
	}
	t->off[++t->nfields] = t->text.len + 1;
	put(t, '\0');
}

/* The next record: 1, 0 at the end, -1 on a read error. */
static int next_record(struct tsv *t, struct diag *err)
{
	int c, esc = 0, any = 0, cr = 0;
	size_t i;

	buf_reset(&t->text);
	t->nfields = 0;
	t->off[0] = 0;
	t->toobig = t->has_nul = t->unterminated = t->in_escape = 0;
	t->rec_line = t->line;
	for (;;) {
		c = next_byte(t, err);
		if (c == -2)
			return -1;
		if (c == -1)
			break;
		any = 1;
		if (c == '\n')
			t->line++;
		if (esc) {
			esc = 0;
			cr = 0;
			put(t, (char)c);
			continue;
		}
		if (c == '\\') {
			esc = 1;
			continue;
		}
		if (c == '\n') {
			if (cr && !t->toobig)
				t->text.len--;     /* the CR of CRLF */
			end_field(t);
			goto done;
		}
		if (c == '\t') {
			end_field(t);
			cr = 0;
			continue;
		}
		if (!c)
			t->has_nul = 1;
		cr = c == '\r';
		put(t, (char)c);
	}
	if (!any && !t->text.len)
		return 0;
	t->unterminated = 1;
	t->in_escape = esc;
	if (cr && !t->toobig)
		t->text.len--;
	end_field(t);
done:
	if (t->toobig) {
		t->nfields = 0;
		return 1;
	}
	for (i = 0; i < t->nfields; i++) {
		t->fields[i].p = t->text.s + t->off[i];
		t->fields[i].len = t->off[i + 1] - 1 - t->off[i];
		t->fields[i].quoted = 0;
	}
	return 1;
}

struct reader {
	const char *name;
	const struct charities_sink *sink;
	struct charities_file *out;
	struct tsv t;
	struct decoder *cp1252;
	int col[K__COUNT];
	struct buf clean, tmp;
	char company[9];
};

static void reject(struct reader *r, unsigned long line, const char *reason)
{
	r->out->rejected++;
	if (r->sink->reject)
		r->sink->reject(r->sink->ctx, line, reason);
}

static size_t take(struct reader *r, int c)
{
	size_t at = r->clean.len;
	const struct csv_field *f;

	if (r->col[c] < 0 || (size_t)r->col[c] >= r->t.nfields) {
		buf_addc(&r->clean, '\0');
		return at;
	}
	f = &r->t.fields[r->col[c]];
	if (utf8_valid(f->p, f->len)) {
		text_clean(f->p, f->len, &r->clean);
	} else {
		buf_reset(&r->tmp);
		decoder_to_utf8(r->cp1252, f->p, f->len, &r->tmp);
		text_clean(r->tmp.s, r->tmp.len, &r->clean);
	}
	buf_addc(&r->clean, '\0');
	return at;
}

/* "2011-03-25", "2011-03-25 00:00:00", "2011-03-25T00:00:00" or "25/03/2011"; -1 otherwise. */
static int extract_date(const char *s, int32_t *ymd)
{
	int y = 0, m = 0, d = 0, i;

	if (strlen(s) >= 10 && s[4] == '-' && s[7] == '-') {
		for (i = 0; i < 10; i++)
			if (i != 4 && i != 7 && !ascii_digit((unsigned char)s[i]))
				return -1;
		y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
		m = (s[5] - '0') * 10 + (s[6] - '0');
		d = (s[8] - '0') * 10 + (s[9] - '0');
		if (s[10] && s[10] != ' ' && s[10] != 'T')
			return -1;
	} else if (date_parse(s, strlen(s), DATE_DMY, ymd, NULL) == 0) {
		return 0;
	} else {
		return -1;
	}
	if (y < 1800 || !date_valid(y, m, d))
		return -1;
	*ymd = y * 10000 + m * 100 + d;
	return 0;
}

static int32_t date_field(struct reader *r, const char *s)
{
	int32_t ymd = 0;

	if (*s && extract_date(s, &ymd) < 0) {
		r->out->bad_dates++;
		return 0;
	}
	return ymd;
}

static int truthy(const char *s)
{
	return !strcasecmp(s, "true") || !strcmp(s, "1") || !strcasecmp(s, "yes");
}

/* Whole pounds from "12345", "12345.67"; -1 when empty or not a number. */
static int64_t pounds(const char *s)
{
	int64_t v = 0;
	size_t i;

	if (!*s)
		return -1;
	for (i = 0; ascii_digit((unsigned char)s[i]); i++) {
		if (v > INT64_MAX / 10 - 10)
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	if (!i || (s[i] && s[i] != '.'))
		return -1;
	return v;
}

static int all_digits(const char *s, size_t max)
{
	size_t n = strlen(s), i;

	if (!n || n > max)
		return 0;
	for (i = 0; i < n; i++)
		if (!ascii_digit((unsigned char)s[i]))
			return 0;
	return 1;
}

static int header(struct reader *r, struct diag *err)
{
	struct csv_record rec;
	int c;

	/* a UTF-8 BOM before the first name */
	if (r->t.nfields && r->t.fields[0].len >= 3 && !memcmp(r->t.fields[0].p, "\xEF\xBB\xBF", 3)) {
		r->t.fields[0].p += 3;
		r->t.fields[0].len -= 3;
	}
	memset(&rec, 0, sizeof(rec));
	rec.fields = r->t.fields;
	rec.nfields = r->t.nfields;
	for (c = 0; c < K__COUNT; c++)
		r->col[c] = column_exact(&rec, kcol_names[c]);
	r->out->columns = (int)r->t.nfields;
	if (r->t.toobig || r->col[K_NUMBER] < 0 || r->col[K_NAME] < 0)
		return diag_set(err, CW_INPUT, "'%s' is not a Charity Commission register extract "
				"(publicextract.charity.txt): no %s column in its first line",
				r->name, kcol_names[r->col[K_NAME] < 0 ? K_NAME : K_NUMBER]);
	return 0;
}

static int row(struct reader *r, struct diag *err)
{
	struct charity_row x;
	size_t off[K__COUNT];
	char msg[200], q[80];
	int32_t ex;
	int c;

	if (r->t.toobig)
		return reject(r, r->t.rec_line, "record is larger than the reader's limit"), 0;
	if (r->t.has_nul)
		return reject(r, r->t.rec_line, "record contains a NUL byte"), 0;
	if (r->t.nfields == 1 && !r->t.fields[0].len) {
		r->out->blank++;
		return 0;
	}
	if (r->t.nfields < (size_t)r->out->columns) {
		snprintf(msg, sizeof(msg), "row has %zu fields, the header has %d", r->t.nfields,
			 r->out->columns);
		return reject(r, r->t.rec_line, msg), 0;
	}
	buf_reset(&r->clean);
	for (c = 0; c < K__COUNT; c++)
		off[c] = take(r, c);
#define F(c) (r->clean.s + off[c])
	if (*F(K_LINKED) && strcmp(F(K_LINKED), "0") != 0) {
		r->out->linked++;
		return 0;
	}
	memset(&x, 0, sizeof(x));
	x.line = r->t.rec_line;
	x.name = F(K_NAME);
	if (!*x.name)
		return reject(r, x.line, "charity_name is empty"), 0;
	x.number = F(K_NUMBER);
	if (!all_digits(x.number, 8)) {
		diag_quote(q, sizeof(q), x.number, strlen(x.number), 40);
		snprintf(msg, sizeof(msg), "registered_charity_number '%s' is not a charity number", q);
		return reject(r, x.line, msg), 0;
	}
	x.type = F(K_TYPE);
	x.status = F(K_STATUS);
	x.registered = date_field(r, F(K_REGISTERED));
	x.removed = date_field(r, F(K_REMOVED));
	x.company_number = company_number_normalise(F(K_COMPANY), strlen(F(K_COMPANY)),
						    r->company) == 0 ? r->company : "";
	x.postcode = F(K_POSTCODE);
	x.income = pounds(F(K_INCOME));
	x.cio = truthy(F(K_CIO));
	x.insolvent = truthy(F(K_INSOLVENT));
	x.in_administration = truthy(F(K_ADMIN));
	if (*F(K_EXTRACT) && extract_date(F(K_EXTRACT), &ex) == 0 && ex > r->out->extract_date)
		r->out->extract_date = ex;
#undef F
	r->out->accepted++;
	if (r->sink->row && r->sink->row(r->sink->ctx, &x, err) < 0)
		return -1;
	return 0;
}

static int read_all(struct reader *r, struct diag *err)
{
	unsigned long short_line = 0;
	char short_msg[80];
	int rc, first = 1;

	if (!(r->cp1252 = decoder_new(ENC_CP1252, err)))
		return -1;
	while ((rc = next_record(&r->t, err)) > 0) {
		r->out->bytes += r->t.text.len + 1;
		if (short_line) {
			r->out->records++;
			reject(r, short_line, short_msg);
			short_line = 0;
		}
		if (r->t.in_escape)
			return diag_set(err, CW_INPUT, "%s:%lu: the file ends inside an escape: it was "
					"cut off (an interrupted download?)", r->name, r->t.rec_line);
		if (first) {
			first = 0;
			if (header(r, err) < 0)
				return -1;
			continue;
		}
		if (!r->t.toobig && r->t.nfields > 1 && r->t.nfields < (size_t)r->out->columns) {
			short_line = r->t.rec_line;
			snprintf(short_msg, sizeof(short_msg), "row has %zu fields, the header has %d",
				 r->t.nfields, r->out->columns);
			continue;
		}
		r->out->records++;
		if (row(r, err) < 0)
			return -1;
	}
	if (rc < 0)
		return diag_locate(err, r->name, 0, 0);
	if (short_line)
		return diag_set(err, CW_INPUT, "%s:%lu: the last row stops after %s: the file was "
				"cut off (an interrupted download?)", r->name, short_line,
				short_msg + 8);
	if (first)
		return diag_set(err, CW_INPUT, "'%s' is empty", r->name);
	return 0;
}

static int run(struct reader *r, const char *name, const struct charities_sink *sink,
	       struct charities_file *out, struct diag *err)
{
	int ret;

	memset(out, 0, sizeof(*out));
	r->name = name;
	r->sink = sink;
	r->out = out;
	r->t.line = 1;
	buf_init(&r->t.text, 0);
	buf_init(&r->clean, 0);
	buf_init(&r->tmp, 0);
	r->t.off = xcalloc(MAX_FIELDS + 1, sizeof(*r->t.off));
	r->t.fields = xcalloc(MAX_FIELDS, sizeof(*r->t.fields));
	ret = read_all(r, err);
	decoder_free(r->cp1252);
	free(r->t.off);
	free(r->t.fields);
	free(r->t.chunk);
	buf_release(&r->t.text);
	buf_release(&r->clean);
	buf_release(&r->tmp);
	return ret;
}

int charities_read_fd(int fd, const char *name, const struct charities_sink *sink,
		      struct charities_file *out, struct diag *err)
{
	struct reader r;

	memset(&r, 0, sizeof(r));
	r.t.fd = fd;
	r.t.chunk = xmalloc(CHUNK);
	return run(&r, name, sink, out, err);
}

int charities_read_mem(const char *p, size_t n, const char *name,
		       const struct charities_sink *sink, struct charities_file *out,
		       struct diag *err)
{
	struct reader r;

	memset(&r, 0, sizeof(r));
	r.t.fd = -1;
	r.t.p = p;
	r.t.n = n;
	return run(&r, name, sink, out, err);
}
