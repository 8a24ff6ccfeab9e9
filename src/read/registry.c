/*
 * registry.c: the Modern Slavery Statement Registry's yearly CSV, row by
 * row (registry.h).  Columns by header name; the CSV reader does the
 * quoting and the line numbers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "chainwatch/ascii.h"
#include "chainwatch/buf.h"
#include "chainwatch/columns.h"
#include "chainwatch/csv.h"
#include "chainwatch/date.h"
#include "chainwatch/encoding.h"
#include "chainwatch/identity.h"
#include "chainwatch/registry.h"
#include "chainwatch/sha256.h"
#include "chainwatch/xalloc.h"

const char *const registry_area_names[REGISTRY_AREAS] = {
	"organisation structure and supply chains",
	"policies",
	"risk assessment",
	"due diligence",
	"training",
	"goals and performance indicators",
};

enum rcol {
	R_YEAR, R_NAME, R_COMPANY, R_GROUP, R_PARENT, R_URL, R_SUMMARY, R_START, R_END,
	R_APPROVER, R_APPROVED, R_AREA0, R_AREA5 = R_AREA0 + 5, R_TURNOVER, R_SECTOR_TYPE,
	R_UPDATED, R__COUNT
};

static const char *const rcol_names[R__COUNT] = {
	[R_YEAR] = "StatementYear", [R_NAME] = "OrganisationName",
	[R_COMPANY] = "CompanyNumber", [R_GROUP] = "GroupSubmission",
	[R_PARENT] = "ParentName", [R_URL] = "StatementURL",
	[R_SUMMARY] = "StatementSummaryURL", [R_START] = "StatementStartDate",
	[R_END] = "StatementEndDate", [R_APPROVER] = "ApprovingPerson",
	[R_APPROVED] = "DateApproved",
	[R_AREA0] = "StatementIncludesOrgStructure",
	[R_AREA0 + 1] = "StatementIncludesPolicies",
	[R_AREA0 + 2] = "StatementIncludesRisksAssessment",
	[R_AREA0 + 3] = "StatementIncludesDueDiligence",
	[R_AREA0 + 4] = "StatementIncludesTraining",
	[R_AREA5] = "StatementIncludesGoals",
	[R_TURNOVER] = "Turnover", [R_SECTOR_TYPE] = "SectorType",
	[R_UPDATED] = "LastUpdated",
};

static const char *const band_labels[] = {
	[TURNOVER_UNKNOWN] = "",
	[TURNOVER_UNDER_36M] = "Under £36 million",
	[TURNOVER_36M_60M] = "£36 million to £60 million",
	[TURNOVER_60M_100M] = "£60 million to £100 million",
	[TURNOVER_100M_500M] = "£100 million to £500 million",
	[TURNOVER_OVER_500M] = "Over £500 million",
};

const char *turnover_band_label(enum turnover_band b)
{
	return (unsigned)b < sizeof(band_labels) / sizeof(band_labels[0]) ? band_labels[b] : "";
}

/* The band from its wording; tolerant of case, spacing and a missing or mangled '£'. */
static enum turnover_band band_parse(const char *s)
{
	char d[16];
	size_t n = 0;

	for (; *s && n + 1 < sizeof(d); s++)
		if (ascii_digit((unsigned char)*s))
			d[n++] = *s;
	d[n] = '\0';
	if (!strcmp(d, "36"))
		return TURNOVER_UNDER_36M;
	if (!strcmp(d, "3660"))
		return TURNOVER_36M_60M;
	if (!strcmp(d, "60100"))
		return TURNOVER_60M_100M;
	if (!strcmp(d, "100500"))
		return TURNOVER_100M_500M;
	if (!strcmp(d, "500"))
		return TURNOVER_OVER_500M;
	return TURNOVER_UNKNOWN;
}

int registry_year_for(int32_t ymd)
{
	int y = ymd / 10000, m = ymd / 100 % 100;

	if (!ymd)
		return 0;
	/* the deadline is six months after the period ends */
	return m <= 6 ? y : y + 1;
}

struct reader {
	const char *name;
	const struct registry_sink *sink;
	struct registry_file *out;
	struct csv_reader *rd;
	struct decoder *cp1252;
	int col[R__COUNT];
	struct buf text;           /* all of one row's cleaned fields, NUL-separated */
	struct buf tmp;
	char cn[9];                /* the row's normalised company number */
	unsigned long long bytes;
	struct {
		int year;
		unsigned long n;
	} years[8];
	size_t nyears;
	char **seen;               /* distinct statement ids: a small open hash */
	size_t nseen, seen_cap;
};

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static void seen_add(struct reader *r, const char *id)
{
	size_t i;

	if (!*id)
		return;
	if ((r->nseen + 1) * 2 > r->seen_cap) {
		size_t cap = r->seen_cap ? r->seen_cap * 2 : 1024, j;
		char **t = xcalloc(cap, sizeof(*t));

		for (j = 0; j < r->seen_cap; j++)
			if (r->seen[j]) {
				size_t k = hash_str(r->seen[j]) & (cap - 1);

				while (t[k])
					k = (k + 1) & (cap - 1);
				t[k] = r->seen[j];
			}
		free(r->seen);
		r->seen = t;
		r->seen_cap = cap;
	}
	for (i = hash_str(id) & (r->seen_cap - 1); r->seen[i]; i = (i + 1) & (r->seen_cap - 1))
		if (!strcmp(r->seen[i], id))
			return;
	r->seen[i] = xstrdup(id);
	r->nseen++;
}

static void count_year(struct reader *r, int year)
{
	size_t i;

	for (i = 0; i < r->nyears; i++)
		if (r->years[i].year == year) {
			r->years[i].n++;
			return;
		}
	if (r->nyears < sizeof(r->years) / sizeof(r->years[0])) {
		r->years[r->nyears].year = year;
		r->years[r->nyears++].n = 1;
	}
}

static void reject(struct reader *r, unsigned long line, const char *reason)
{
	r->out->rejected++;
	if (r->sink->reject)
		r->sink->reject(r->sink->ctx, line, reason);
}

/* Column c of the record, decoded and cleaned, appended to r->text; its offset. */
static size_t take(struct reader *r, const struct csv_record *rec, int c)
{
	size_t at = r->text.len;
	const struct csv_field *f;

	if (r->col[c] < 0 || (size_t)r->col[c] >= rec->nfields) {
		buf_addc(&r->text, '\0');
		return at;
	}
	f = &rec->fields[r->col[c]];
	buf_reset(&r->tmp);
	if (utf8_valid(f->p, f->len))
		buf_add(&r->tmp, f->p, f->len);
	else
		decoder_to_utf8(r->cp1252, f->p, f->len, &r->tmp);
	text_clean(r->tmp.s, r->tmp.len, &r->text);
	buf_addc(&r->text, '\0');
	return at;
}

static int yes(const char *s)
{
	return !strcasecmp(s, "yes") || !strcasecmp(s, "y") || !strcasecmp(s, "true");
}

static int32_t date_or_zero(const char *s)
{
	int32_t ymd = 0;

	if (*s && date_parse(s, strlen(s), DATE_DMY, &ymd, NULL) < 0)
		return 0;
	return ymd;
}

/* "…/statement-summary/MqEPLsZH/2022" -> "MqEPLsZH" (in place). */
static const char *statement_id(char *url)
{
	char *p = strstr(url, "/statement-summary/"), *e;

	if (!p)
		return url;
	p += strlen("/statement-summary/");
	e = strchr(p, '/');
	if (e)
		*e = '\0';
	return p;
}

static int parse_year(const char *s)
{
	int y = 0, n = 0;

	for (; ascii_digit((unsigned char)*s) && n < 5; s++, n++)
		y = y * 10 + (*s - '0');
	return (*s || n != 4 || y < 2015 || y > 2100) ? -1 : y;
}

static int header(struct reader *r, const struct csv_record *rec, struct diag *err)
{
	int c;

	for (c = 0; c < R__COUNT; c++)
		r->col[c] = column_exact(rec, rcol_names[c]);
	r->out->columns = (int)rec->nfields;
	if (r->col[R_YEAR] < 0 || r->col[R_NAME] < 0)
		return diag_set(err, CW_INPUT, "'%s' is not a registry StatementSummaries file: "
				"no %s column in its first line", r->name,
				rcol_names[r->col[R_YEAR] < 0 ? R_YEAR : R_NAME]);
	return 0;
}

static int row(struct reader *r, const struct csv_record *rec, struct diag *err)
{
	struct registry_row x;
	size_t off[R__COUNT];
	char msg[200], q[80];
	int c, i;

	if (rec->toobig)
		return reject(r, rec->line, "record is larger than the reader's limit"), 0;
	if (memchr(rec->raw, '\0', rec->rawlen))
		return reject(r, rec->line, "record contains a NUL byte"), 0;
	buf_reset(&r->text);
	for (c = 0; c < R__COUNT; c++)
		off[c] = take(r, rec, c);
	if (rec->nfields == 1 && !rec->fields[0].len) {
		r->out->blank++;
		return 0;
	}
	if (rec->nfields < (size_t)r->out->columns) {
		snprintf(msg, sizeof(msg), "row has %zu fields, the header has %d", rec->nfields,
			 r->out->columns);
		return reject(r, rec->line, msg), 0;
	}
	memset(&x, 0, sizeof(x));
	x.line = rec->line;
	x.year = parse_year(r->text.s + off[R_YEAR]);
	if (x.year < 0) {
		diag_quote(q, sizeof(q), r->text.s + off[R_YEAR], strlen(r->text.s + off[R_YEAR]), 40);
		snprintf(msg, sizeof(msg), "StatementYear '%s' is not a year", q);
		return reject(r, rec->line, msg), 0;
	}
	x.org_name = r->text.s + off[R_NAME];
	if (!*x.org_name)
		return reject(r, rec->line, "OrganisationName is empty"), 0;
	{
		/* a number that does not normalise is kept out of matching, not the row */
		const char *raw = r->text.s + off[R_COMPANY];

		x.company_number = company_number_normalise(raw, strlen(raw), r->cn) == 0 ? r->cn : "";
	}
	x.parent_name = r->text.s + off[R_PARENT];
	x.group = yes(r->text.s + off[R_GROUP]);
	x.statement_url = r->text.s + off[R_URL];
	x.summary_url = r->text.s + off[R_SUMMARY];
	/* the id is cut out of a copy: summary_url stays whole */
	buf_reset(&r->tmp);
	buf_adds(&r->tmp, x.summary_url);
	x.statement_id = statement_id(r->tmp.s);
	x.period_start = date_or_zero(r->text.s + off[R_START]);
	x.period_end = date_or_zero(r->text.s + off[R_END]);
	x.approver = r->text.s + off[R_APPROVER];
	x.approved = date_or_zero(r->text.s + off[R_APPROVED]);
	for (i = 0; i < REGISTRY_AREAS; i++) {
		if (r->col[R_AREA0 + i] < 0)
			continue;
		x.areas_known |= 1u << i;
		if (yes(r->text.s + off[R_AREA0 + i]))
			x.areas |= 1u << i;
	}
	x.turnover = band_parse(r->text.s + off[R_TURNOVER]);
	x.sector_type = r->text.s + off[R_SECTOR_TYPE];
	x.last_updated = r->text.s + off[R_UPDATED];
	r->out->accepted++;
	count_year(r, x.year);
	seen_add(r, x.statement_id);
	if (r->sink->row && r->sink->row(r->sink->ctx, &x, err) < 0)
		return -1;
	return 0;
}

static int read_all(struct reader *r, struct sha256 *sha, struct diag *err)
{
	struct csv_record rec;
	unsigned char digest[32];
	char short_msg[80];
	unsigned long short_line = 0, best;
	int rc, ret = -1, first = 1;
	size_t i;

	r->cp1252 = decoder_new(ENC_CP1252, err);
	if (!r->cp1252)
		goto out;
	while ((rc = csv_next(r->rd, &rec, err)) > 0) {
		if (short_line) {
			/* a short row before others is a bad row; short at the end, a cut */
			r->out->records++;
			reject(r, short_line, short_msg);
			short_line = 0;
		}
		if (rec.unterminated) {
			diag_set(err, CW_INPUT, "%s:%lu: the file ends inside a quoted field: it was "
				 "cut off (an interrupted download?)", r->name, rec.line);
			goto out;
		}
		if (first) {
			first = 0;
			if (header(r, &rec, err) < 0)
				goto out;
			continue;
		}
		if (rec.nfields > 1 && rec.nfields < (size_t)r->out->columns) {
			short_line = rec.line;
			snprintf(short_msg, sizeof(short_msg), "row has %zu fields, the header has %d",
				 rec.nfields, r->out->columns);
			continue;
		}
		r->out->records++;
		if (row(r, &rec, err) < 0)
			goto out;
	}
	if (rc < 0)
		goto out;
	if (short_line) {
		diag_set(err, CW_INPUT, "%s:%lu: the last row stops after %s: the file was cut off "
			 "(an interrupted download?)", r->name, short_line, short_msg + 8);
		goto out;
	}
	if (first) {
		diag_set(err, CW_INPUT, "'%s' is empty", r->name);
		goto out;
	}
	if (sha) {
		if (sha256_final(sha, digest, err) < 0)
			goto out;
		sha256_hex(digest, r->out->sha256);
	}
	for (i = 0, best = 0; i < r->nyears; i++)
		if (r->years[i].n > best) {
			best = r->years[i].n;
			r->out->year = r->years[i].year;
		}
	r->out->statements = r->nseen;
	ret = 0;
out:
	decoder_free(r->cp1252);
	for (i = 0; i < r->seen_cap; i++)
		free(r->seen[i]);
	free(r->seen);
	buf_release(&r->text);
	buf_release(&r->tmp);
	return ret;
}

static void reader_init(struct reader *r, const char *name, const struct registry_sink *sink,
			struct registry_file *out)
{
	memset(r, 0, sizeof(*r));
	memset(out, 0, sizeof(*out));
	r->name = name;
	r->sink = sink;
	r->out = out;
	buf_init(&r->text, 0);
	buf_init(&r->tmp, 0);
}

int registry_read_fd(int fd, const char *name, const struct registry_sink *sink,
		     struct registry_file *out, struct diag *err)
{
	struct reader r;
	struct sha256 sha;
	int ret;

	reader_init(&r, name, sink, out);
	sha256_init(&sha);
	r.rd = csv_reader_fd(fd, NULL, sha256_tap, &sha);
	ret = read_all(&r, &sha, err);
	out->bytes = sha.bytes;
	sha256_release(&sha);
	csv_reader_free(r.rd);
	return ret;
}

int registry_read_mem(const char *p, size_t n, const char *name, const struct registry_sink *sink,
		      struct registry_file *out, struct diag *err)
{
	struct reader r;
	struct sha256 sha;
	unsigned char digest[32];
	int ret;

	reader_init(&r, name, sink, out);
	r.rd = csv_reader_mem(p, n, NULL);
	ret = read_all(&r, NULL, err);
	sha256_init(&sha);
	sha256_update(&sha, p, n);
	if (sha256_final(&sha, digest, ret < 0 ? NULL : err) < 0)
		ret = -1;
	sha256_hex(digest, out->sha256);
	out->bytes = n;
	csv_reader_free(r.rd);
	return ret;
}
