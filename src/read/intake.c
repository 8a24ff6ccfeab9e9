/*
 * intake.c: what an input file is, and its tables as CSV (intake.h).
 * The only module that includes zlib.h.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

#include "chainwatch/buf.h"
#include "chainwatch/filekind.h"
#include "chainwatch/intake.h"
#include "chainwatch/odsread.h"
#include "chainwatch/xalloc.h"
#include "chainwatch/xlsread.h"

#define HEAD_BYTES 65536
#define BOOK_XML "xl/workbook.xml"

static const unsigned char OLE2[8] = { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 };

const char *intake_format_name(enum intake_format f)
{
	switch (f) {
	case INTAKE_TEXT: return "CSV text";
	case INTAKE_GZIP: return "gzip-compressed CSV";
	case INTAKE_XLSX: return "Excel workbook (.xlsx)";
	case INTAKE_XLS: return "Excel 97-2003 workbook (.xls)";
	case INTAKE_ODS: return "OpenDocument spreadsheet (.ods)";
	}
	return "?";
}

/* ---- sheets as CSV ---- */

struct csvw {
	FILE *f;
	unsigned long row;        /* rows written so far (the current row once begun) */
	unsigned col;             /* fields written in the current row */
	int date1904;
	unsigned long cells;
	int failed;
};

static void put_field(FILE *f, const char *s, size_t n)
{
	size_t i;
	int quote = 0;

	for (i = 0; i < n && !quote; i++)
		quote = s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r';
	if (!quote) {
		fwrite(s, 1, n, f);
		return;
	}
	putc('"', f);
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c == '"')
			putc('"', f);
		putc(c == '\n' || c == '\r' ? ' ' : c, f);
	}
	putc('"', f);
}

/* Plain decimal digits with at most 15 significant: shown as written. */
static int plain_number(const char *s, size_t n)
{
	size_t i = s[0] == '-', digits = 0;
	int dot = 0;

	for (; i < n; i++) {
		if (s[i] == '.' && !dot)
			dot = 1;
		else if (s[i] >= '0' && s[i] <= '9')
			digits++;
		else
			return 0;
	}
	return digits && digits <= 15;
}

static int number_out(struct csvw *w, const struct xlsx_cell *c)
{
	char num[64];
	double v;
	char *end;

	if (plain_number(c->text, c->len)) {
		put_field(w->f, c->text, c->len);
		return 0;
	}
	errno = 0;
	v = strtod(c->text, &end);
	if (end == c->text || *end || errno) {
		put_field(w->f, c->text, c->len);
		return 0;
	}
	snprintf(num, sizeof(num), "%.15g", v);
	if (strchr(num, 'e') && v > -1e15 && v < 1e15) {
		size_t n;

		snprintf(num, sizeof(num), "%.10f", v);
		n = strlen(num);
		while (n > 1 && num[n - 1] == '0')
			num[--n] = '\0';
		if (n && num[n - 1] == '.')
			num[--n] = '\0';
	}
	put_field(w->f, num, strlen(num));
	return 0;
}

static int on_cell(void *ctx, const struct xlsx_cell *c, struct diag *err)
{
	struct csvw *w = ctx;
	char name[16];
	unsigned k;

	if (c->row < w->row || (c->row == w->row && c->col < w->col)) {
		xlsx_cell_name(c->row, c->col, name);
		return diag_set(err, CW_INPUT, "cell %s comes after a later cell (cells out of "
				"order)", name);
	}
	if (!w->row)
		w->row = 1;
	while (w->row < c->row) {
		putc('\n', w->f);
		w->row++;
		w->col = 0;
	}
	/* a comma after the row's last field, and one for each empty field between */
	for (k = c->col - w->col + (w->col > 0); k; k--)
		putc(',', w->f);
	w->col = c->col;
	if (c->type == XLSX_NUMBER && c->date) {
		int32_t ymd;
		char d[16];

		if ((w->date1904 ? xlsx_serial_date1904(c->text, &ymd) :
		     xlsx_serial_date(c->text, &ymd)) == 0) {
			snprintf(d, sizeof(d), "%04d-%02d-%02d", (int)(ymd / 10000),
				 (int)(ymd / 100 % 100), (int)(ymd % 100));
			put_field(w->f, d, strlen(d));
		} else {
			put_field(w->f, c->text, c->len);
		}
	} else if (c->type == XLSX_NUMBER) {
		number_out(w, c);
	} else if (c->type == XLSX_DATE) {
		/* "2015-10-13 00:00:00", "2015-10-13T09:30:00": the day */
		put_field(w->f, c->text, c->len > 10 && (c->text[10] == ' ' || c->text[10] == 'T') ?
			  10 : c->len);
	} else if (c->type == XLSX_BOOLEAN) {
		put_field(w->f, c->text[0] == '1' ? "TRUE" : "FALSE", c->text[0] == '1' ? 4 : 5);
	} else {
		put_field(w->f, c->text, c->len);
	}
	w->col++;
	w->cells++;
	if (ferror(w->f))
		return diag_set(err, CW_OUTPUT, "cannot write a temporary file: %s", strerror(errno));
	return 0;
}

/* An unlinked temporary file in $TMPDIR (default /tmp): gone when closed or on a crash. */
static FILE *temp_table(const char *path, struct diag *err)
{
	const char *dir = getenv("TMPDIR");
	struct buf name;
	FILE *f = NULL;
	int fd;

	buf_init(&name, 0);
	buf_printf(&name, "%s/chainwatch-sheet-XXXXXX", dir && *dir ? dir : "/tmp");
	fd = mkstemp(name.s);
	if (fd >= 0) {
		unlink(name.s);
		if (!(f = fdopen(fd, "w+b")))
			close(fd);
	}
	if (!f) {
		diag_set(err, CW_OUTPUT, "cannot make a temporary file in %s: %s",
			 dir && *dir ? dir : "/tmp", strerror(errno));
		diag_locate(err, path, 0, 0);
	}
	buf_release(&name);
	return f;
}

static int finish_table(struct csvw *w, const char *path, struct diag *err)
{
	if (w->row)
		putc('\n', w->f);
	if (fflush(w->f) != 0 || ferror(w->f)) {
		diag_set(err, CW_OUTPUT, "cannot write a temporary file: %s", strerror(errno));
		return diag_locate(err, path, 0, 0);
	}
	rewind(w->f);
	return 0;
}

static struct intake_table *add_table(struct intake *in, const char *path, const char *sheet)
{
	struct intake_table *t;
	struct buf b;

	in->t = xreallocarray(in->t, in->n + 1, sizeof(*in->t));
	t = &in->t[in->n++];
	memset(t, 0, sizeof(*t));
	buf_init(&b, 0);
	if (sheet)
		buf_printf(&b, "%s!%s", path, sheet);
	else
		buf_printf(&b, "%s", path);
	t->name = buf_detach(&b, NULL);
	return t;
}

/* A workbook sheet's table: named, its temporary file open for w.  NULL on error. */
static struct intake_table *sheet_begin(struct intake *in, const char *path, const char *sheet,
					int hidden, int date1904, struct csvw *w, struct diag *err)
{
	struct intake_table *t = add_table(in, path, sheet);

	memset(w, 0, sizeof(*w));
	w->date1904 = date1904;
	t->hidden = hidden;
	t->f = w->f = temp_table(path, err);
	return t->f ? t : NULL;
}

/* The sheet read (rc: the reader's): its error located at the row, or its file finished. */
static int sheet_end(struct intake_table *t, struct csvw *w, const char *path, int rc,
		     struct diag *err)
{
	if (rc < 0) {
		if (!strstr(err->msg, path))
			diag_locate(err, t->name, w->row, 0);
		return -1;
	}
	if (finish_table(w, path, err) < 0)
		return -1;
	t->empty = !w->cells;
	return 0;
}

static int read_xlsx(const char *path, const struct xlsx_limits *lim, struct intake *in,
		     struct diag *err)
{
	struct xlsx_book *b = xlsx_open(path, lim, err);
	size_t i;
	int ret = -1;

	if (!b)
		return -1;
	for (i = 0; i < xlsx_sheet_count(b); i++) {
		const char *name = xlsx_sheet_name(b, i);
		struct csvw w;
		struct intake_table *t = sheet_begin(in, path, name, xlsx_sheet_hidden(b, i),
						     xlsx_date1904(b), &w, err);

		if (!t || sheet_end(t, &w, path, xlsx_read_sheet(b, name, on_cell, &w, err),
				    err) < 0)
			goto out;
	}
	ret = 0;
out:
	xlsx_close(b);
	return ret;
}

/* An .xls: our own BIFF reader (xlsread.h), a temporary file per sheet. */
static int read_xls(const char *path, const struct xlsx_limits *lim, struct intake *in,
		    struct diag *err)
{
	struct xls_book *b = xls_open(path, lim, err);
	size_t i;
	int ret = -1;

	if (!b)
		return -1;
	for (i = 0; i < xls_sheet_count(b); i++) {
		struct csvw w;
		struct intake_table *t = sheet_begin(in, path, xls_sheet_name(b, i),
						     xls_sheet_hidden(b, i), xls_date1904(b), &w,
						     err);

		if (!t || sheet_end(t, &w, path, xls_read_sheet(b, i, on_cell, &w, err), err) < 0)
			goto out;
	}
	ret = 0;
out:
	xls_close(b);
	return ret;
}

/* An .ods: every sheet in one pass over content.xml, a temporary file each. */
struct ods_ctx {
	struct intake *in;
	const char *path;
	struct csvw w;
	struct intake_table *t;
};

static int ods_close_table(struct ods_ctx *c, struct diag *err)
{
	struct intake_table *t = c->t;

	c->t = NULL;
	return t ? sheet_end(t, &c->w, c->path, 0, err) : 0;
}

static int ods_table(void *ctx, const char *name, int hidden, struct diag *err)
{
	struct ods_ctx *c = ctx;

	if (ods_close_table(c, err) < 0)
		return -1;
	c->t = sheet_begin(c->in, c->path, name, hidden, 0, &c->w, err);
	return c->t ? 0 : -1;
}

static int ods_cell(void *ctx, const struct xlsx_cell *cell, struct diag *err)
{
	struct ods_ctx *c = ctx;

	return on_cell(&c->w, cell, err);
}

static int read_ods(const char *path, const struct xlsx_limits *lim, struct intake *in,
		    struct diag *err)
{
	struct ods_ctx c;

	memset(&c, 0, sizeof(c));
	c.in = in;
	c.path = path;
	if (ods_read(path, lim, ods_table, ods_cell, &c, err) < 0)
		return c.t ? sheet_end(c.t, &c.w, path, -1, err) : -1;
	return ods_close_table(&c, err);
}

/* The whole gzip stream (members one after another) into a temporary file. */
static int read_gzip(const char *path, unsigned long long size, struct intake *in,
		     struct diag *err)
{
	struct intake_table *t = add_table(in, path, NULL);
	unsigned long long max = size * INTAKE_MAX_RATIO, total = 0;
	char *chunk = xmalloc(HEAD_BYTES);
	gzFile gz = gzopen(path, "rb");
	int n, ret = -1;

	if (max > INTAKE_MAX_INFLATED || max < size)
		max = INTAKE_MAX_INFLATED;
	if (!gz) {
		diag_set(err, CW_INPUT, "cannot open: %s", strerror(errno));
		goto out;
	}
	if (!(t->f = temp_table(path, err)))
		goto out_nolocate;
	while ((n = gzread(gz, chunk, HEAD_BYTES)) > 0) {
		total += (unsigned long long)n;
		if (total > max) {
			diag_set(err, CW_INPUT, "gzip data inflates to more than %llu bytes (a "
				 "compression bomb?)", max);
			goto out;
		}
		if (fwrite(chunk, 1, (size_t)n, t->f) != (size_t)n) {
			diag_set(err, CW_OUTPUT, "cannot write a temporary file: %s", strerror(errno));
			goto out;
		}
	}
	if (n < 0) {
		int zerr;
		const char *m = gzerror(gz, &zerr);

		diag_set(err, CW_INPUT, "damaged gzip data (%s)", m ? m : "zlib error");
		goto out;
	}
	if (fflush(t->f) != 0) {
		diag_set(err, CW_OUTPUT, "cannot write a temporary file: %s", strerror(errno));
		goto out;
	}
	rewind(t->f);
	ret = 0;
	goto out_nolocate;
out:
	diag_locate(err, path, 0, 0);
out_nolocate:
	if (gz)
		gzclose(gz);
	free(chunk);
	return ret;
}

int intake_open(const char *path, const struct xlsx_limits *lim, struct intake *out,
		struct diag *err)
{
	unsigned char *head = xmalloc(HEAD_BYTES);
	struct intake in = { INTAKE_TEXT, 0, NULL };
	struct stat sb;
	const char *other;
	size_t n = 0;
	int ret = -1;
	FILE *f = fopen(path, "rb");

	if (!f) {
		diag_set(err, CW_INPUT, "cannot open: %s", strerror(errno));
		diag_locate(err, path, 0, 0);
		goto out;
	}
	if (fstat(fileno(f), &sb) < 0 || !S_ISREG(sb.st_mode)) {
		diag_set(err, CW_INPUT, "not a regular file");
		diag_locate(err, path, 0, 0);
		goto out;
	}
	n = fread(head, 1, HEAD_BYTES, f);
	if ((other = filekind_other(head, n))) {
		filekind_refuse(path, other, head, n, err);
		goto out;
	}
	if (filekind_starts(head, n, "\x1f\x8b", 2)) {
		in.format = INTAKE_GZIP;
		ret = read_gzip(path, (unsigned long long)sb.st_size, &in, err);
	} else if (filekind_is_ods(head, n) > 0) {
		in.format = INTAKE_ODS;
		ret = read_ods(path, lim, &in, err);
	} else if (filekind_starts(head, n, "PK\3\4", 4) || filekind_starts(head, n, "PK\5\6", 4)) {
		in.format = INTAKE_XLSX;
		ret = read_xlsx(path, lim, &in, err);
		if (ret < 0 && strstr(err->msg, "not an xlsx workbook (no " BOOK_XML ": a ")) {
			/* a Word document or a presentation: say so */
			const char *what = strstr(err->msg, ": a ") + 2;
			char kind[64];

			snprintf(kind, sizeof(kind), "%.*s", (int)strcspn(what, ")"), what);
			filekind_refuse(path, kind, head, n, err);
		} else if (ret < 0 && strstr(err->msg, "not an xlsx workbook (no ")) {
			/* an .ods whose mimetype entry is not first, or no workbook at all */
			intake_release(&in);
			in.format = INTAKE_ODS;
			ret = read_ods(path, lim, &in, err);
			if (ret < 0 && strstr(err->msg, "(no content.xml)"))
				filekind_refuse(path, "a zip archive that is not a workbook (no "
				       "xl/workbook.xml, no content.xml)", head, n, err);
		}
	} else if (filekind_starts(head, n, OLE2, sizeof(OLE2))) {
		in.format = INTAKE_XLS;
		ret = read_xls(path, lim, &in, err);
	} else {
		add_table(&in, path, NULL);
		ret = 0;
	}
out:
	if (f)
		fclose(f);
	free(head);
	if (ret < 0)
		intake_release(&in);
	else
		*out = in;
	return ret;
}

void intake_release(struct intake *in)
{
	size_t i;

	if (!in)
		return;
	for (i = 0; i < in->n; i++) {
		free(in->t[i].name);
		if (in->t[i].f)
			fclose(in->t[i].f);
	}
	free(in->t);
	memset(in, 0, sizeof(*in));
}
