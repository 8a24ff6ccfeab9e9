/*
 * xlsread.c: the cells of a legacy .xls workbook, BIFF8/BIFF5 records in
 * an OLE2 compound file (xlsread.h).
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "chainwatch/buf.h"
#include "chainwatch/cfb.h"
#include "chainwatch/xalloc.h"
#include "chainwatch/xlsread.h"

enum {
	R_FORMULA = 0x0006, R_EOF = 0x000A, R_DATEMODE = 0x0022, R_FILEPASS = 0x002F,
	R_CONTINUE = 0x003C, R_CODEPAGE = 0x0042, R_BOUNDSHEET = 0x0085, R_MULRK = 0x00BD,
	R_RSTRING = 0x00D6, R_XF = 0x00E0, R_SST = 0x00FC, R_LABELSST = 0x00FD,
	R_NUMBER = 0x0203, R_LABEL = 0x0204, R_BOOLERR = 0x0205, R_STRING = 0x0207,
	R_RK = 0x027E, R_FORMAT = 0x041E, R_BOF = 0x0809
};

#define MAX_XF 65536
#define SCAN_FACTOR 8               /* records read by all sheets / records in the stream */

struct xsheet {
	char *name;
	uint32_t offset;
	int hidden;
};

struct xls_book {
	char *name;
	unsigned char *ws;          /* the workbook stream */
	size_t wslen;
	int biff;                   /* 8 or 5 */
	int date1904;
	unsigned codepage;
	struct xsheet *sheets;
	size_t nsheets;
	char **sst;
	size_t *sstlen;
	size_t nsst;
	uint16_t *xf_fmt;           /* format id of each XF */
	size_t nxf;
	unsigned char fmtdate[65536 / 8];   /* a bit per format id: a date format */
	size_t scanned;             /* stream bytes read by the sheets so far */
	struct xlsx_limits lim;
};

/* One record, or a record with its CONTINUE records joined (bounds: where each began). */
struct rec {
	unsigned type;
	size_t at;                  /* offset in the stream */
	const unsigned char *d;
	size_t len;
	unsigned char *joined;      /* owned, when continued */
	size_t *bounds;
	size_t nb;
};

/* A read position in a record. */
struct cur {
	const struct rec *r;
	size_t pos, k;              /* k: the first boundary not yet passed */
};

static unsigned le16(const unsigned char *p)
{
	return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static double le_double(const unsigned char *p)
{
	uint64_t u = (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
	double v;

	memcpy(&v, &u, sizeof(v));
	return v;
}

static double rk_value(uint32_t rk)
{
	double v;

	if (rk & 2) {
		int32_t i = (int32_t)(rk & 0xFFFFFFFCu);

		v = (double)(i / 4);
	} else {
		uint64_t u = (uint64_t)(rk & 0xFFFFFFFCu) << 32;

		memcpy(&v, &u, sizeof(v));
	}
	return rk & 1 ? v / 100 : v;
}

static void rec_release(struct rec *r)
{
	free(r->joined);
	free(r->bounds);
	memset(r, 0, sizeof(*r));
}

static int stream_error(const struct xls_book *b, size_t at, struct diag *err)
{
	char where[64];

	snprintf(where, sizeof(where), "%s stream offset %zu", b->biff == 5 ? "Book" : "Workbook",
		 at);
	/* the message is "file: Workbook stream offset N: what" */
	{
		char msg[DIAG_MSG_MAX];

		snprintf(msg, sizeof(msg), "%s", err->msg);
		diag_set(err, err->code ? err->code : CW_INPUT, "%s: %s", where, msg);
	}
	return -1;
}

/* The record at *pos: 1 and *pos past it, 0 at the end of the stream, -1 when cut short. */
static int next_rec(const struct xls_book *b, size_t *pos, struct rec *r, struct diag *err)
{
	size_t at = *pos;
	unsigned len;

	memset(r, 0, sizeof(*r));
	if (at >= b->wslen || b->wslen - at < 4)
		return 0;
	len = le16(b->ws + at + 2);
	if (b->wslen - at - 4 < len) {
		diag_set(err, CW_INPUT, "record 0x%04X is cut short (%u bytes, %zu left)",
			 le16(b->ws + at), len, b->wslen - at - 4);
		return stream_error(b, at, err);
	}
	r->type = le16(b->ws + at);
	r->at = at;
	r->d = b->ws + at + 4;
	r->len = len;
	*pos = at + 4 + len;
	return 1;
}

/* Join the CONTINUE records that follow r (at *pos) onto it. */
static void join_continues(const struct xls_book *b, size_t *pos, struct rec *r)
{
	size_t at = *pos, cap = 0;

	while (at < b->wslen && b->wslen - at >= 4 && le16(b->ws + at) == R_CONTINUE) {
		unsigned len = le16(b->ws + at + 2);

		if (b->wslen - at - 4 < len)
			break;
		if (!r->joined) {
			r->joined = xmalloc(r->len + len + 1);
			memcpy(r->joined, r->d, r->len);
			cap = r->len + len + 1;
		} else if (r->len + len + 1 > cap) {
			cap = xsize_add(cap, cap > len ? cap : len + 1);
			r->joined = xrealloc(r->joined, cap);
		}
		r->bounds = xreallocarray(r->bounds, r->nb + 1, sizeof(*r->bounds));
		r->bounds[r->nb++] = r->len;
		memcpy(r->joined + r->len, b->ws + at + 4, len);
		r->len += len;
		r->d = r->joined;
		at += 4 + (size_t)len;
	}
	*pos = at;
}

static int cut_short(const struct xls_book *b, const struct rec *r, const char *what,
		     struct diag *err)
{
	diag_set(err, CW_INPUT, "record 0x%04X (%s) is cut short", r->type, what);
	return stream_error(b, r->at, err);
}

static int need(const struct cur *c, size_t n)
{
	return c->r->len - c->pos >= n;
}

static void put_utf8(struct buf *out, uint32_t u, int *over)
{
	char s[4];
	size_t n;

	if (u == 0 || (u >= 0xD800 && u <= 0xDFFF))
		u = 0xFFFD;
	if (u < 0x80) {
		s[0] = (char)u;
		n = 1;
	} else if (u < 0x800) {
		s[0] = (char)(0xC0 | u >> 6);
		s[1] = (char)(0x80 | (u & 0x3F));
		n = 2;
	} else if (u < 0x10000) {
		s[0] = (char)(0xE0 | u >> 12);
		s[1] = (char)(0x80 | (u >> 6 & 0x3F));
		s[2] = (char)(0x80 | (u & 0x3F));
		n = 3;
	} else {
		s[0] = (char)(0xF0 | u >> 18);
		s[1] = (char)(0x80 | (u >> 12 & 0x3F));
		s[2] = (char)(0x80 | (u >> 6 & 0x3F));
		s[3] = (char)(0x80 | (u & 0x3F));
		n = 4;
	}
	if (buf_add(out, s, n) < 0)
		*over = 1;
}

/* windows-1252's 0x80-0x9F; the rest is Latin-1. */
static const uint16_t cp1252_high[32] = {
	0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
	0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178
};

/*
 * A string at c: its character count in `lenbytes` (1 or 2) bytes, then
 * (BIFF8) the option flags, rich-text run count and extended data size,
 * the characters (a flag byte again at each CONTINUE boundary met inside
 * them), the runs and the extended data, skipped.  BIFF5: 8-bit
 * characters in the code page.  UTF-8 into out (reset first).
 */
static int read_string(const struct xls_book *b, struct cur *c, unsigned lenbytes,
		       struct buf *out, const char *what, struct diag *err)
{
	const unsigned char *d = c->r->d;
	size_t cch, i, skip = 0;
	unsigned flags = 0;
	int high, over = 0;

	buf_reset(out);
	while (c->k < c->r->nb && c->r->bounds[c->k] <= c->pos)
		c->k++;
	if (!need(c, lenbytes))
		goto short_;
	cch = lenbytes == 1 ? d[c->pos] : le16(d + c->pos);
	c->pos += lenbytes;
	if (b->biff == 8) {
		if (!need(c, 1)) {
			if (cch)
				goto short_;
			return 0;    /* an empty string with no flags byte, as some writers do */
		}
		flags = d[c->pos++];
		if (flags & 8) {
			if (!need(c, 2))
				goto short_;
			skip += 4 * (size_t)le16(d + c->pos);
			c->pos += 2;
		}
		if (flags & 4) {
			if (!need(c, 4))
				goto short_;
			skip += le32(d + c->pos);
			c->pos += 4;
		}
	}
	while (c->k < c->r->nb && c->r->bounds[c->k] < c->pos)
		c->k++;
	high = flags & 1;
	for (i = 0; i < cch; i++) {
		uint32_t u;

		if (c->k < c->r->nb && c->r->bounds[c->k] == c->pos) {
			if (!need(c, 1))
				goto short_;
			high = d[c->pos++] & 1;
			c->k++;
		}
		if (!need(c, high ? 2 : 1))
			goto short_;
		if (b->biff != 8) {
			u = d[c->pos++];
			if (u >= 0x80 && u < 0xA0)
				u = cp1252_high[u - 0x80];
		} else if (!high) {
			u = d[c->pos++];
		} else {
			u = le16(d + c->pos);
			c->pos += 2;
			if (u >= 0xD800 && u < 0xDC00 && need(c, 2) &&
			    !(c->k < c->r->nb && c->r->bounds[c->k] == c->pos) &&
			    le16(d + c->pos) >= 0xDC00 && le16(d + c->pos) < 0xE000 && i + 1 < cch) {
				u = 0x10000 + ((u - 0xD800) << 10) + (le16(d + c->pos) - 0xDC00);
				c->pos += 2;
				i++;
			}
		}
		put_utf8(out, u, &over);
		if (over) {
			diag_set(err, CW_INPUT, "%s: a string longer than %zu bytes", what,
				 out->max);
			return stream_error(b, c->r->at, err);
		}
	}
	if (c->r->len - c->pos < skip)
		goto short_;
	c->pos += skip;
	return 0;
short_:
	diag_set(err, CW_INPUT, "record 0x%04X (%s) is cut short", c->r->type, what);
	return stream_error(b, c->r->at, err);
}

/* Whether a number format's code shows a date: d, m or y outside quotes, brackets, escapes. */
static int format_is_date(const char *s)
{
	int date = 0;

	for (; *s; s++) {
		switch (*s) {
		case '"':
			while (s[1] && s[1] != '"')
				s++;
			if (s[1])
				s++;
			break;
		case '[':
			while (s[1] && s[1] != ']')
				s++;
			if (s[1])
				s++;
			break;
		case '\\': case '_': case '*':
			if (s[1])
				s++;
			break;
		case 'd': case 'D': case 'm': case 'M': case 'y': case 'Y':
			date = 1;
			break;
		case '0': case '#': case '?':
			return 0;
		default:
			break;
		}
	}
	return date;
}

static void set_fmt_date(struct xls_book *b, unsigned id, int date)
{
	if (date)
		b->fmtdate[id >> 3] |= (unsigned char)(1u << (id & 7));
	else
		b->fmtdate[id >> 3] &= (unsigned char)~(1u << (id & 7));
}

static int xf_is_date(const struct xls_book *b, unsigned xf)
{
	unsigned id;

	if (xf >= b->nxf)
		return 0;
	id = b->xf_fmt[xf];
	return (b->fmtdate[id >> 3] >> (id & 7)) & 1;
}

static int read_sst(struct xls_book *b, struct rec *r, struct diag *err)
{
	struct cur c = { r, 8, 0 };
	struct buf s;
	uint32_t count;
	size_t i;
	int ret = -1;

	buf_init(&s, b->lim.max_text);
	if (r->len < 8)
		return cut_short(b, r, "SST", err);
	count = le32(r->d + 4);
	if (count > b->lim.max_strings || count > (r->len - 8) / 2 + 1) {
		diag_set(err, CW_INPUT, "the shared string table claims %lu strings in %zu bytes%s",
			 (unsigned long)count, r->len,
			 count > b->lim.max_strings ? ", more than the limit" : "");
		return stream_error(b, r->at, err);
	}
	b->sst = xcalloc(count ? count : 1, sizeof(*b->sst));
	b->sstlen = xcalloc(count ? count : 1, sizeof(*b->sstlen));
	for (i = 0; i < count; i++) {
		if (c.pos >= r->len)
			break;    /* fewer strings than counted: the rest never used */
		if (read_string(b, &c, 2, &s, "SST", err) < 0)
			goto out;
		b->sst[i] = xstrndup(s.s, s.len);
		b->sstlen[i] = s.len;
		b->nsst = i + 1;
	}
	ret = 0;
out:
	buf_release(&s);
	return ret;
}

static int read_globals(struct xls_book *b, struct diag *err)
{
	struct rec r;
	struct buf s;
	size_t pos = 0;
	int got, ret = -1, sst_seen = 0;
	static const unsigned builtin[][2] = { { 14, 22 }, { 27, 36 }, { 45, 47 }, { 50, 58 } };
	size_t k;

	buf_init(&s, b->lim.max_text);
	for (k = 0; k < sizeof(builtin) / sizeof(builtin[0]); k++) {
		unsigned id;

		for (id = builtin[k][0]; id <= builtin[k][1]; id++)
			set_fmt_date(b, id, 1);
	}
	if ((got = next_rec(b, &pos, &r, err)) <= 0 || r.type != R_BOF || r.len < 4) {
		if (got < 0)
			goto out;
		diag_set(err, CW_INPUT, "not an Excel 97-2003 workbook (%s)",
			 got && (r.type == 0x0009 || r.type == 0x0209 || r.type == 0x0409) ?
			 "an Excel 2-4 worksheet, which chainwatch does not read: save it as .xlsx" :
			 "its workbook stream does not start with a BOF record");
		goto out;
	}
	if (le16(r.d) == 0x0600)
		b->biff = 8;
	else if (le16(r.d) == 0x0500 || le16(r.d) == 0x0000)
		b->biff = 5;
	else {
		diag_set(err, CW_INPUT, "not an Excel 97-2003 workbook (BIFF version %#x)", le16(r.d));
		goto out;
	}
	while ((got = next_rec(b, &pos, &r, err)) > 0 && r.type != R_EOF) {
		struct cur c = { &r, 0, 0 };

		switch (r.type) {
		case R_FILEPASS:
			diag_set(err, CW_INPUT, "password-protected workbook: save it without a "
				 "password");
			goto out;
		case R_CODEPAGE:
			if (r.len >= 2)
				b->codepage = le16(r.d);
			break;
		case R_DATEMODE:
			if (r.len >= 2)
				b->date1904 = le16(r.d) == 1;
			break;
		case R_XF:
			if (r.len < 4) {
				cut_short(b, &r, "XF", err);
				goto out;
			}
			if (b->nxf < MAX_XF) {
				b->xf_fmt = xreallocarray(b->xf_fmt, b->nxf + 1, sizeof(*b->xf_fmt));
				b->xf_fmt[b->nxf++] = (uint16_t)le16(r.d + 2);
			}
			break;
		case R_FORMAT:
		case 0x001E:    /* BIFF2-4 FORMAT, also seen in BIFF5 files */
			if (r.len < 3) {
				cut_short(b, &r, "FORMAT", err);
				goto out;
			}
			c.pos = 2;
			if (read_string(b, &c, b->biff == 8 ? 2 : 1, &s, "FORMAT", err) < 0)
				goto out;
			set_fmt_date(b, le16(r.d), format_is_date(s.s));
			break;
		case R_BOUNDSHEET:
			if (r.len < 7) {
				cut_short(b, &r, "BOUNDSHEET", err);
				goto out;
			}
			c.pos = 6;
			if (read_string(b, &c, 1, &s, "BOUNDSHEET", err) < 0)
				goto out;
			if (r.d[5] != 0)
				break;    /* a chart, macro or VB module sheet */
			if (b->nsheets >= 0xFFFF) {
				diag_set(err, CW_INPUT, "more than 65535 sheets");
				stream_error(b, r.at, err);
				goto out;
			}
			b->sheets = xreallocarray(b->sheets, b->nsheets + 1, sizeof(*b->sheets));
			b->sheets[b->nsheets].name = xstrndup(s.s, s.len);
			b->sheets[b->nsheets].offset = le32(r.d);
			b->sheets[b->nsheets].hidden = (r.d[4] & 3) != 0;
			b->nsheets++;
			break;
		case R_SST:
			if (sst_seen++)
				break;
			join_continues(b, &pos, &r);
			ret = read_sst(b, &r, err);
			rec_release(&r);
			if (ret < 0)
				goto out;
			ret = -1;
			break;
		default:
			break;
		}
	}
	if (got < 0)
		goto out;
	if (b->biff == 5 && b->codepage && b->codepage != 1252 && b->codepage != 367 &&
	    b->codepage != 20127 && b->codepage != 28591 && b->codepage != 0x8001) {
		diag_set(err, CW_INPUT, "an Excel 5/95 workbook in code page %u, which chainwatch "
			 "does not read (only windows-1252): save it as .xlsx", b->codepage);
		goto out;
	}
	ret = 0;
out:
	buf_release(&s);
	return ret;
}

static struct xls_book *book_new(const char *name, const struct xlsx_limits *lim)
{
	struct xls_book *b = xcalloc(1, sizeof(*b));

	b->name = xstrdup(name);
	if (lim)
		b->lim = *lim;
	if (!b->lim.max_part)
		b->lim.max_part = (size_t)256 << 20;
	if (!b->lim.max_cells)
		b->lim.max_cells = 1UL << 24;
	if (!b->lim.max_strings)
		b->lim.max_strings = (size_t)4 << 20;
	if (!b->lim.max_text)
		b->lim.max_text = (size_t)1 << 20;
	if (!b->lim.max_expanded)
		b->lim.max_expanded = (size_t)256 << 20;
	return b;
}

struct xls_book *xls_open_mem(const void *p, size_t n, const char *name,
			      const struct xlsx_limits *lim, struct diag *err)
{
	static const char *const names[] = { "Workbook", "Book" };
	struct xls_book *b = book_new(name, lim);
	int rc;

	if (n > b->lim.max_part) {
		diag_set(err, CW_INPUT, "%zu bytes, over the %zu-byte limit for a workbook", n,
			 b->lim.max_part);
		goto fail;
	}
	if (!cfb_is_compound(p, n)) {
		diag_set(err, CW_INPUT, "not an Excel 97-2003 workbook (not an OLE2 compound file)");
		goto fail;
	}
	rc = cfb_stream(p, n, names, 2, &b->ws, &b->wslen, err);
	if (rc < 0)
		goto fail;
	if (rc > 0) {
		diag_set(err, CW_INPUT, "not an Excel 97-2003 workbook (no Workbook stream: an "
			 "encrypted workbook, or another kind of Office document)");
		goto fail;
	}
	if (read_globals(b, err) < 0)
		goto fail;
	return b;
fail:
	diag_locate(err, name, 0, 0);
	xls_close(b);
	return NULL;
}

struct xls_book *xls_open(const char *path, const struct xlsx_limits *lim, struct diag *err)
{
	size_t max = lim && lim->max_part ? lim->max_part : (size_t)256 << 20;
	struct xls_book *b = NULL;
	unsigned char *data = NULL;
	struct stat sb;
	size_t n = 0;
	FILE *f;

	if (!(f = fopen(path, "rb")) || fstat(fileno(f), &sb) < 0) {
		diag_set(err, CW_INPUT, "cannot open: %s", strerror(errno));
		goto out;
	}
	if ((unsigned long long)sb.st_size > max) {
		diag_set(err, CW_INPUT, "%llu bytes, over the %zu-byte limit for a workbook",
			 (unsigned long long)sb.st_size, max);
		goto out;
	}
	data = xmalloc((size_t)sb.st_size + 1);
	n = fread(data, 1, (size_t)sb.st_size + 1, f);
	if (ferror(f) || n > (size_t)sb.st_size) {
		diag_set(err, CW_INPUT, "cannot read: %s", ferror(f) ? strerror(errno) :
			 "the file grew while being read");
		goto out;
	}
	b = xls_open_mem(data, n, path, lim, err);
	free(data);
	if (f)
		fclose(f);
	return b;
out:
	diag_locate(err, path, 0, 0);
	free(data);
	if (f)
		fclose(f);
	return NULL;
}

void xls_close(struct xls_book *b)
{
	size_t i;

	if (!b)
		return;
	for (i = 0; i < b->nsheets; i++)
		free(b->sheets[i].name);
	for (i = 0; i < b->nsst; i++)
		free(b->sst[i]);
	free(b->sst);
	free(b->sstlen);
	free(b->sheets);
	free(b->xf_fmt);
	free(b->ws);
	free(b->name);
	free(b);
}

size_t xls_sheet_count(const struct xls_book *b)
{
	return b->nsheets;
}

const char *xls_sheet_name(const struct xls_book *b, size_t i)
{
	return i < b->nsheets ? b->sheets[i].name : NULL;
}

int xls_sheet_hidden(const struct xls_book *b, size_t i)
{
	return i < b->nsheets && b->sheets[i].hidden;
}

int xls_date1904(const struct xls_book *b)
{
	return b->date1904;
}

int xls_biff_version(const struct xls_book *b)
{
	return b->biff;
}

/* A double as Excel shows it: 15 significant digits, no exponent for money. */
static void number_text(double v, char out[64])
{
	snprintf(out, 64, "%.15g", v);
	if (strchr(out, 'e') && v > -1e15 && v < 1e15) {
		size_t n;

		snprintf(out, 64, "%.10f", v);
		n = strlen(out);
		while (n > 1 && out[n - 1] == '0')
			out[--n] = '\0';
		if (n && out[n - 1] == '.')
			out[--n] = '\0';
	}
}

/* A sheet's cells, gathered, then sorted into row order. */
struct xcell {
	uint32_t row;               /* 1-based */
	uint32_t col;
	uint32_t seq;
	int32_t shared;             /* shared string, or -1 */
	uint8_t type;
	size_t off, len;            /* text in the sheet's arena */
};

struct gather {
	struct xls_book *b;
	const char *sheet;
	struct xcell *c;
	size_t n, cap;
	struct buf text;
};

static int add_cell(struct gather *g, const struct rec *r, unsigned row, unsigned col,
		    enum xlsx_cell_type type, long shared, const char *text, size_t len,
		    struct diag *err)
{
	struct xcell *x;

	if (col >= XLSX_MAX_COL) {
		diag_set(err, CW_INPUT, "a cell in column %u, past the last",
			 col + 1);
		return stream_error(g->b, r->at, err);
	}
	if (g->n >= g->b->lim.max_cells) {
		diag_set(err, CW_INPUT, "more than %lu cells",
			 g->b->lim.max_cells);
		return stream_error(g->b, r->at, err);
	}
	if (g->n == g->cap) {
		g->cap = g->cap ? 2 * g->cap : 256;
		g->c = xreallocarray(g->c, g->cap, sizeof(*g->c));
	}
	x = &g->c[g->n];
	x->row = row + 1;
	x->col = col;
	x->seq = (uint32_t)g->n;
	x->shared = (int32_t)shared;
	x->type = (uint8_t)type;
	x->off = g->text.len;
	x->len = len;
	if (shared < 0 && (buf_add(&g->text, text, len) < 0 || buf_addc(&g->text, '\0') < 0)) {
		diag_set(err, CW_INPUT, "the cells' text comes to more than %zu "
			 "bytes", g->text.max);
		return stream_error(g->b, r->at, err);
	}
	g->n++;
	return 0;
}

static int add_number(struct gather *g, const struct rec *r, unsigned row, unsigned col,
		      unsigned xf, double v, struct diag *err)
{
	char num[64], d[16];
	int32_t ymd;

	if (!isfinite(v))
		return 0;
	number_text(v, num);
	if (xf_is_date(g->b, xf) && (g->b->date1904 ? xlsx_serial_date1904(num, &ymd) :
				     xlsx_serial_date(num, &ymd)) == 0) {
		snprintf(d, sizeof(d), "%04d-%02d-%02d", (int)(ymd / 10000), (int)(ymd / 100 % 100),
			 (int)(ymd % 100));
		return add_cell(g, r, row, col, XLSX_DATE, -1, d, strlen(d), err);
	}
	return add_cell(g, r, row, col, XLSX_NUMBER, -1, num, strlen(num), err);
}

static int cell_cmp(const void *a, const void *b)
{
	const struct xcell *x = a, *y = b;

	if (x->row != y->row)
		return x->row < y->row ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int sheet_records(struct gather *g, size_t pos, struct diag *err)
{
	struct xls_book *b = g->b;
	struct rec r;
	struct buf s;
	int got, depth = 1, ret = -1, pending = 0;
	unsigned prow = 0, pcol = 0;

	buf_init(&s, b->lim.max_text);
	while ((got = next_rec(b, &pos, &r, err)) > 0) {
		const unsigned char *d = r.d;
		struct cur c = { &r, 0, 0 };
		int was_pending = pending;

		/* sheets that overlap (nested BOFs, shared offsets) still read in linear time */
		if (++b->scanned > SCAN_FACTOR * (b->wslen / 4 + 1)) {
			diag_set(err, CW_INPUT, "the sheets' records overlap (more than %d times "
				 "the stream's records read)", SCAN_FACTOR);
			stream_error(b, r.at, err);
			goto out;
		}

		pending = 0;
		if (r.type == R_BOF) {
			depth++;
			continue;
		}
		if (r.type == R_EOF) {
			if (--depth == 0)
				break;
			continue;
		}
		if (depth > 1)
			continue;    /* a chart inside the sheet */
		if (r.type != R_FORMULA && r.type != R_STRING && r.type != R_MULRK &&
		    r.type != R_LABELSST && r.type != R_LABEL && r.type != R_RSTRING &&
		    r.type != R_NUMBER && r.type != R_RK && r.type != R_BOOLERR) {
			/* SHRFMLA, ARRAY, TABLE may come between a FORMULA and its STRING */
			pending = was_pending && (r.type == 0x04BC || r.type == 0x0221 ||
						  r.type == 0x0236);
			continue;
		}
		if (r.type != R_STRING && r.len < 6) {
			cut_short(b, &r, "a cell", err);
			goto out;
		}
		switch (r.type) {
		case R_LABELSST: {
			uint32_t k;

			if (r.len < 10) {
				cut_short(b, &r, "LABELSST", err);
				goto out;
			}
			k = le32(d + 6);
			if (k >= b->nsst) {
				diag_set(err, CW_INPUT, "shared string %lu does not "
					 "exist (%zu strings)", (unsigned long)k, b->nsst);
				stream_error(b, r.at, err);
				goto out;
			}
			if (add_cell(g, &r, le16(d), le16(d + 2), XLSX_STRING, (long)k, b->sst[k],
				     b->sstlen[k], err) < 0)
				goto out;
			break;
		}
		case R_LABEL:
		case R_RSTRING:
			c.pos = 6;
			if (read_string(b, &c, 2, &s, "LABEL", err) < 0 ||
			    add_cell(g, &r, le16(d), le16(d + 2), XLSX_STRING, -1, s.s, s.len,
				     err) < 0)
				goto out;
			break;
		case R_NUMBER:
			if (r.len < 14) {
				cut_short(b, &r, "NUMBER", err);
				goto out;
			}
			if (add_number(g, &r, le16(d), le16(d + 2), le16(d + 4), le_double(d + 6),
				       err) < 0)
				goto out;
			break;
		case R_RK:
			if (r.len < 10) {
				cut_short(b, &r, "RK", err);
				goto out;
			}
			if (add_number(g, &r, le16(d), le16(d + 2), le16(d + 4),
				       rk_value(le32(d + 6)), err) < 0)
				goto out;
			break;
		case R_MULRK: {
			size_t k, n = (r.len - 6) / 6;
			unsigned first = le16(d + 2);

			for (k = 0; k < n; k++)
				if (add_number(g, &r, le16(d), first + (unsigned)k,
					       le16(d + 4 + 6 * k), rk_value(le32(d + 6 + 6 * k)),
					       err) < 0)
					goto out;
			break;
		}
		case R_BOOLERR:
			if (r.len < 8) {
				cut_short(b, &r, "BOOLERR", err);
				goto out;
			}
			if (!d[7] && add_cell(g, &r, le16(d), le16(d + 2), XLSX_BOOLEAN, -1,
					      d[6] ? "1" : "0", 1, err) < 0)
				goto out;
			break;
		case R_FORMULA:
			if (r.len < 14) {
				cut_short(b, &r, "FORMULA", err);
				goto out;
			}
			if (le16(d + 12) != 0xFFFF) {
				if (add_number(g, &r, le16(d), le16(d + 2), le16(d + 4),
					       le_double(d + 6), err) < 0)
					goto out;
			} else if (d[6] == 0) {
				pending = 1;
				prow = le16(d);
				pcol = le16(d + 2);
			} else if (d[6] == 1) {
				if (add_cell(g, &r, le16(d), le16(d + 2), XLSX_BOOLEAN, -1,
					     d[8] ? "1" : "0", 1, err) < 0)
					goto out;
			} else if (d[6] == 3) {
				if (add_cell(g, &r, le16(d), le16(d + 2), XLSX_STRING, -1, "", 0,
					     err) < 0)
					goto out;
			}
			break;
		case R_STRING:
			if (!was_pending)
				break;
			join_continues(b, &pos, &r);
			ret = read_string(b, &c, 2, &s, "STRING", err);
			if (ret == 0)
				ret = add_cell(g, &r, prow, pcol, XLSX_STRING, -1, s.s, s.len, err);
			rec_release(&r);
			if (ret < 0)
				goto out;
			ret = -1;
			break;
		default:
			break;
		}
	}
	if (got < 0)
		goto out;
	ret = 0;
out:
	buf_release(&s);
	return ret;
}

int xls_read_sheet(struct xls_book *b, size_t i, xlsx_cell_fn *cell, void *ctx,
		   struct diag *err)
{
	struct gather g;
	struct rec r;
	size_t pos, k, total = 0;
	int ret = -1, got;

	memset(&g, 0, sizeof(g));
	g.b = b;
	buf_init(&g.text, b->lim.max_expanded);
	if (i >= b->nsheets) {
		diag_set(err, CW_INPUT, "no sheet %zu (%zu sheets)", i + 1, b->nsheets);
		goto located;
	}
	g.sheet = b->sheets[i].name;
	pos = b->sheets[i].offset;
	got = next_rec(b, &pos, &r, err);
	if (got < 0)
		goto located;
	if (!got || r.type != R_BOF) {
		diag_set(err, CW_INPUT, "sheet '%.80s': no BOF record at its offset %lu (the %s "
			 "stream has %zu bytes)", g.sheet, (unsigned long)b->sheets[i].offset,
			 b->biff == 5 ? "Book" : "Workbook", b->wslen);
		goto located;
	}
	if (sheet_records(&g, pos, err) < 0) {
		if (strncmp(err->msg, "sheet '", 7)) {
			char msg[DIAG_MSG_MAX];

			snprintf(msg, sizeof(msg), "%s", err->msg);
			diag_set(err, CW_INPUT, "sheet '%.80s': %s", g.sheet, msg);
		}
		goto located;
	}
	if (g.n)
		qsort(g.c, g.n, sizeof(*g.c), cell_cmp);
	for (k = 0; k < g.n; k++) {
		const struct xcell *x = &g.c[k];
		struct xlsx_cell out;
		int rc;

		if (k + 1 < g.n && g.c[k + 1].row == x->row && g.c[k + 1].col == x->col)
			continue;    /* the later of two cells in one place wins */
		out.row = x->row;
		out.col = x->col;
		out.type = (enum xlsx_cell_type)x->type;
		out.shared = x->shared;
		out.date = 0;
		out.text = x->shared >= 0 ? b->sst[x->shared] : g.text.s + x->off;
		out.len = x->len;
		if ((total += out.len) > b->lim.max_expanded) {
			diag_set(err, CW_INPUT, "sheet '%.80s': the cells' text comes to more than "
				 "%zu bytes", g.sheet, b->lim.max_expanded);
			goto located;
		}
		rc = cell(ctx, &out, err);
		if (rc) {
			ret = rc < 0 ? -1 : 0;
			goto out;
		}
	}
	ret = 0;
	goto out;
located:
	diag_locate(err, b->name, 0, 0);
out:
	free(g.c);
	buf_release(&g.text);
	return ret;
}
