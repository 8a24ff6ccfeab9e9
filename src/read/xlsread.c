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

#include "biff.h"
#include "chainwatch/buf.h"
#include "cfb.h"
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
	unsigned char *ws;          /* the workbook stream (st.p) */
	struct biff_stream st;
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

static int read_sst(struct xls_book *b, struct biff_rec *r, struct diag *err)
{
	struct biff_cur c = { r, 8, 0 };
	struct buf s;
	uint32_t count;
	size_t i;
	int ret = -1;

	buf_init(&s, b->lim.max_text);
	if (r->len < 8)
		return biff_cut_short(&b->st, r, "SST", err);
	count = biff_u32(r->d + 4);
	if (count > b->lim.max_strings || count > (r->len - 8) / 2 + 1) {
		diag_set(err, CW_INPUT, "the shared string table claims %lu strings in %zu bytes%s",
			 (unsigned long)count, r->len,
			 count > b->lim.max_strings ? ", more than the limit" : "");
		return biff_error(&b->st, r->at, err);
	}
	b->sst = xcalloc(count ? count : 1, sizeof(*b->sst));
	b->sstlen = xcalloc(count ? count : 1, sizeof(*b->sstlen));
	for (i = 0; i < count; i++) {
		if (c.pos >= r->len)
			break;    /* fewer strings than counted: the rest never used */
		if (biff_string(&b->st, &c, 2, &s, "SST", err) < 0)
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
	struct biff_rec r;
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
	if ((got = biff_next(&b->st, &pos, &r, err)) <= 0 || r.type != R_BOF || r.len < 4) {
		if (got < 0)
			goto out;
		diag_set(err, CW_INPUT, "not an Excel 97-2003 workbook (%s)",
			 got && (r.type == 0x0009 || r.type == 0x0209 || r.type == 0x0409) ?
			 "an Excel 2-4 worksheet, which chainwatch does not read: save it as .xlsx" :
			 "its workbook stream does not start with a BOF record");
		goto out;
	}
	if (biff_u16(r.d) == 0x0600)
		b->st.version = 8;
	else if (biff_u16(r.d) == 0x0500 || biff_u16(r.d) == 0x0000)
		b->st.version = 5;
	else {
		diag_set(err, CW_INPUT, "not an Excel 97-2003 workbook (BIFF version %#x)",
			 biff_u16(r.d));
		goto out;
	}
	while ((got = biff_next(&b->st, &pos, &r, err)) > 0 && r.type != R_EOF) {
		struct biff_cur c = { &r, 0, 0 };

		switch (r.type) {
		case R_FILEPASS:
			diag_set(err, CW_INPUT, "password-protected workbook: save it without a "
				 "password");
			goto out;
		case R_CODEPAGE:
			if (r.len >= 2)
				b->codepage = biff_u16(r.d);
			break;
		case R_DATEMODE:
			if (r.len >= 2)
				b->date1904 = biff_u16(r.d) == 1;
			break;
		case R_XF:
			if (r.len < 4) {
				biff_cut_short(&b->st, &r, "XF", err);
				goto out;
			}
			if (b->nxf < MAX_XF) {
				b->xf_fmt = xreallocarray(b->xf_fmt, b->nxf + 1, sizeof(*b->xf_fmt));
				b->xf_fmt[b->nxf++] = (uint16_t)biff_u16(r.d + 2);
			}
			break;
		case R_FORMAT:
		case 0x001E:    /* BIFF2-4 FORMAT, also seen in BIFF5 files */
			if (r.len < 3) {
				biff_cut_short(&b->st, &r, "FORMAT", err);
				goto out;
			}
			c.pos = 2;
			if (biff_string(&b->st, &c, b->st.version == 8 ? 2 : 1, &s, "FORMAT", err) < 0)
				goto out;
			set_fmt_date(b, biff_u16(r.d), biff_format_is_date(s.s));
			break;
		case R_BOUNDSHEET:
			if (r.len < 7) {
				biff_cut_short(&b->st, &r, "BOUNDSHEET", err);
				goto out;
			}
			c.pos = 6;
			if (biff_string(&b->st, &c, 1, &s, "BOUNDSHEET", err) < 0)
				goto out;
			if (r.d[5] != 0)
				break;    /* a chart, macro or VB module sheet */
			if (b->nsheets >= 0xFFFF) {
				diag_set(err, CW_INPUT, "more than 65535 sheets");
				biff_error(&b->st, r.at, err);
				goto out;
			}
			b->sheets = xreallocarray(b->sheets, b->nsheets + 1, sizeof(*b->sheets));
			b->sheets[b->nsheets].name = xstrndup(s.s, s.len);
			b->sheets[b->nsheets].offset = biff_u32(r.d);
			b->sheets[b->nsheets].hidden = (r.d[4] & 3) != 0;
			b->nsheets++;
			break;
		case R_SST:
			if (sst_seen++)
				break;
			biff_join_continues(&b->st, &pos, &r);
			ret = read_sst(b, &r, err);
			biff_rec_release(&r);
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
	if (b->st.version == 5 && b->codepage && b->codepage != 1252 && b->codepage != 367 &&
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
	rc = cfb_stream(p, n, names, 2, &b->ws, &b->st.len, err);
	if (rc < 0)
		goto fail;
	b->st.p = b->ws;
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
	return b->st.version;
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

static int add_cell(struct gather *g, const struct biff_rec *r, unsigned row, unsigned col,
		    enum xlsx_cell_type type, long shared, const char *text, size_t len,
		    struct diag *err)
{
	struct xcell *x;

	if (col >= XLSX_MAX_COL) {
		diag_set(err, CW_INPUT, "a cell in column %u, past the last",
			 col + 1);
		return biff_error(&g->b->st, r->at, err);
	}
	if (g->n >= g->b->lim.max_cells) {
		diag_set(err, CW_INPUT, "more than %lu cells",
			 g->b->lim.max_cells);
		return biff_error(&g->b->st, r->at, err);
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
		return biff_error(&g->b->st, r->at, err);
	}
	g->n++;
	return 0;
}

static int add_number(struct gather *g, const struct biff_rec *r, unsigned row, unsigned col,
		      unsigned xf, double v, struct diag *err)
{
	char num[64], d[16];
	int32_t ymd;

	if (!isfinite(v))
		return 0;
	if (v == 0)
		v = 0;    /* -0 shows as 0 */
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
	struct biff_rec r;
	struct buf s;
	int got, depth = 1, ret = -1, pending = 0;
	unsigned prow = 0, pcol = 0;

	buf_init(&s, b->lim.max_text);
	while ((got = biff_next(&b->st, &pos, &r, err)) > 0) {
		const unsigned char *d = r.d;
		struct biff_cur c = { &r, 0, 0 };
		int was_pending = pending;

		/* sheets that overlap (nested BOFs, shared offsets) still read in linear time */
		if (++b->scanned > SCAN_FACTOR * (b->st.len / 4 + 1)) {
			diag_set(err, CW_INPUT, "the sheets' records overlap (the stream read more "
				 "than %d times over)", SCAN_FACTOR);
			biff_error(&b->st, r.at, err);
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
			biff_cut_short(&b->st, &r, "a cell", err);
			goto out;
		}
		switch (r.type) {
		case R_LABELSST: {
			uint32_t k;

			if (r.len < 10) {
				biff_cut_short(&b->st, &r, "LABELSST", err);
				goto out;
			}
			k = biff_u32(d + 6);
			if (k >= b->nsst) {
				diag_set(err, CW_INPUT, "shared string %lu does not "
					 "exist (%zu strings)", (unsigned long)k, b->nsst);
				biff_error(&b->st, r.at, err);
				goto out;
			}
			if (add_cell(g, &r, biff_u16(d), biff_u16(d + 2), XLSX_STRING, (long)k, b->sst[k],
				     b->sstlen[k], err) < 0)
				goto out;
			break;
		}
		case R_LABEL:
		case R_RSTRING:
			c.pos = 6;
			if (biff_string(&b->st, &c, 2, &s, "LABEL", err) < 0 ||
			    add_cell(g, &r, biff_u16(d), biff_u16(d + 2), XLSX_STRING, -1, s.s, s.len,
				     err) < 0)
				goto out;
			break;
		case R_NUMBER:
			if (r.len < 14) {
				biff_cut_short(&b->st, &r, "NUMBER", err);
				goto out;
			}
			if (add_number(g, &r, biff_u16(d), biff_u16(d + 2), biff_u16(d + 4),
				       biff_double(d + 6), err) < 0)
				goto out;
			break;
		case R_RK:
			if (r.len < 10) {
				biff_cut_short(&b->st, &r, "RK", err);
				goto out;
			}
			if (add_number(g, &r, biff_u16(d), biff_u16(d + 2), biff_u16(d + 4),
				       biff_rk(biff_u32(d + 6)), err) < 0)
				goto out;
			break;
		case R_MULRK: {
			size_t k, n = (r.len - 6) / 6;
			unsigned first = biff_u16(d + 2);

			for (k = 0; k < n; k++)
				if (add_number(g, &r, biff_u16(d), first + (unsigned)k,
					       biff_u16(d + 4 + 6 * k), biff_rk(biff_u32(d + 6 + 6 * k)),
					       err) < 0)
					goto out;
			break;
		}
		case R_BOOLERR:
			if (r.len < 8) {
				biff_cut_short(&b->st, &r, "BOOLERR", err);
				goto out;
			}
			if (!d[7] && add_cell(g, &r, biff_u16(d), biff_u16(d + 2), XLSX_BOOLEAN, -1,
					      d[6] ? "1" : "0", 1, err) < 0)
				goto out;
			break;
		case R_FORMULA:
			if (r.len < 14) {
				biff_cut_short(&b->st, &r, "FORMULA", err);
				goto out;
			}
			if (biff_u16(d + 12) != 0xFFFF) {
				if (add_number(g, &r, biff_u16(d), biff_u16(d + 2), biff_u16(d + 4),
					       biff_double(d + 6), err) < 0)
					goto out;
			} else if (d[6] == 0) {
				pending = 1;
				prow = biff_u16(d);
				pcol = biff_u16(d + 2);
			} else if (d[6] == 1) {
				if (add_cell(g, &r, biff_u16(d), biff_u16(d + 2), XLSX_BOOLEAN, -1,
					     d[8] ? "1" : "0", 1, err) < 0)
					goto out;
			} else if (d[6] == 3) {
				if (add_cell(g, &r, biff_u16(d), biff_u16(d + 2), XLSX_STRING, -1, "", 0,
					     err) < 0)
					goto out;
			}
			break;
		case R_STRING:
			if (!was_pending)
				break;
			biff_join_continues(&b->st, &pos, &r);
			ret = biff_string(&b->st, &c, 2, &s, "STRING", err);
			if (ret == 0)
				ret = add_cell(g, &r, prow, pcol, XLSX_STRING, -1, s.s, s.len, err);
			biff_rec_release(&r);
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
	struct biff_rec r;
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
	got = biff_next(&b->st, &pos, &r, err);
	if (got < 0)
		goto located;
	if (!got || r.type != R_BOF) {
		diag_set(err, CW_INPUT, "sheet '%.80s': no BOF record at its offset %lu (the %s "
			 "stream has %zu bytes)", g.sheet, (unsigned long)b->sheets[i].offset,
			 b->st.version == 5 ? "Book" : "Workbook", b->st.len);
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
