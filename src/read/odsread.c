/*
 * odsread.c: the cells of an OpenDocument spreadsheet (odsread.h).
 * content.xml is streamed from libzip into expat with namespaces on;
 * a row's cells are gathered, then handed over once per repeat.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <expat.h>
#include <zip.h>

#include "chainwatch/buf.h"
#include "chainwatch/odsread.h"
#include "chainwatch/xalloc.h"
#include "zipmem.h"

#define NS_SEP ' '
#define CHUNK 65536
#define CONTENT "content.xml"
#define MAX_HIDDEN_STYLES 4096

enum ns { NS_OTHER, NS_TABLE, NS_OFFICE, NS_TEXT, NS_STYLE };

/* One value cell of the row being read; its text is row.text + off. */
struct ocell {
	unsigned col;
	enum xlsx_cell_type type;
	size_t off, len;
};

struct ods {
	const char *name;
	struct xlsx_limits lim;
	XML_Parser p;
	struct diag *err;
	int failed;
	unsigned depth;
	ods_table_fn *table;
	xlsx_cell_fn *cell;
	void *ctx;
	/* table styles with table:display="false" */
	char **hidden;
	size_t nhidden;
	char *style;                  /* the table style being read, NULL outside one */
	/* the sheet */
	int in_table;
	char *sheet;
	unsigned long row;            /* rows before the current one */
	unsigned long ncells;
	size_t expanded;
	/* the row */
	int in_row;
	unsigned long row_repeat;
	unsigned col;                 /* the next cell's column */
	struct ocell *cells;
	size_t ncell, cell_cap;
	struct buf text;              /* the row's cell texts, NUL after each */
	/* the cell */
	int in_cell;
	unsigned cell_depth;          /* depth of the cell element */
	unsigned long col_repeat;
	enum xlsx_cell_type type;
	int has_value;                /* a typed value, from an attribute */
	int text_cell;                /* a string cell: its paragraphs are its value */
	unsigned paragraphs;
	unsigned annotation;          /* depth inside office:annotation, 0 outside */
	struct buf ctext;             /* the cell's text */
};

static int ods_fail(struct ods *o, const char *fmt, ...)
{
	char msg[DIAG_MSG_MAX];
	va_list ap;

	if (o->failed)
		return -1;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (o->in_table)
		diag_set(o->err, CW_INPUT, "sheet '%.80s': %s", o->sheet, msg);
	else
		diag_set(o->err, CW_INPUT, "%s:%lu:%lu: %s", CONTENT,
			 (unsigned long)XML_GetCurrentLineNumber(o->p),
			 (unsigned long)XML_GetCurrentColumnNumber(o->p) + 1, msg);
	diag_locate(o->err, o->name, 0, 0);
	o->failed = 1;
	XML_StopParser(o->p, XML_FALSE);
	return -1;
}

/* Split expat's "uri local" into the namespace we know and the local name. */
static enum ns split(const char *name, const char **local)
{
	const char *sp = strrchr(name, NS_SEP);
	size_t n;

	*local = sp ? sp + 1 : name;
	if (!sp)
		return NS_OTHER;
	n = (size_t)(sp - name);
#define NS_IS(tail) (n >= sizeof(tail) - 1 && !memcmp(name + n - (sizeof(tail) - 1), tail, \
							 sizeof(tail) - 1))
	if (NS_IS(":xmlns:table:1.0"))
		return NS_TABLE;
	if (NS_IS(":xmlns:office:1.0"))
		return NS_OFFICE;
	if (NS_IS(":xmlns:text:1.0"))
		return NS_TEXT;
	if (NS_IS(":xmlns:style:1.0"))
		return NS_STYLE;
#undef NS_IS
	return NS_OTHER;
}

/* Attribute by namespace and local name. */
static const char *attr(const char **atts, enum ns ns, const char *local)
{
	for (; atts[0]; atts += 2) {
		const char *l;

		if (split(atts[0], &l) == ns && !strcmp(l, local))
			return atts[1];
	}
	return NULL;
}

/* A repeat count: 1 when absent or not a number, at most `max`. */
static unsigned long repeat(const char *s, unsigned long max)
{
	unsigned long v = 0;

	if (!s || !*s)
		return 1;
	for (; *s >= '0' && *s <= '9'; s++) {
		v = v * 10 + (unsigned long)(*s - '0');
		if (v > max)
			return max;
	}
	return *s || !v ? 1 : v;
}

static int style_hidden(const struct ods *o, const char *style)
{
	size_t i;

	for (i = 0; style && i < o->nhidden; i++)
		if (!strcmp(o->hidden[i], style))
			return 1;
	return 0;
}

static void cell_begin(struct ods *o, const char **atts)
{
	const char *vt = attr(atts, NS_OFFICE, "value-type"), *v = NULL;

	o->in_cell = 1;
	o->cell_depth = o->depth;
	o->col_repeat = repeat(attr(atts, NS_TABLE, "number-columns-repeated"), XLSX_MAX_COL);
	o->has_value = o->text_cell = 0;
	o->paragraphs = 0;
	o->annotation = 0;
	buf_reset(&o->ctext);
	if (!vt || !strcmp(vt, "string")) {
		o->type = XLSX_STRING;
		o->text_cell = 1;
		return;
	}
	if (!strcmp(vt, "float") || !strcmp(vt, "percentage") || !strcmp(vt, "currency")) {
		o->type = XLSX_NUMBER;
		v = attr(atts, NS_OFFICE, "value");
	} else if (!strcmp(vt, "date")) {
		o->type = XLSX_DATE;
		v = attr(atts, NS_OFFICE, "date-value");
	} else if (!strcmp(vt, "boolean")) {
		o->type = XLSX_BOOLEAN;
		v = attr(atts, NS_OFFICE, "boolean-value");
		v = v ? (!strcmp(v, "true") ? "1" : "0") : NULL;
	} else {                       /* time, void: the text as shown */
		o->type = XLSX_STRING;
		o->text_cell = 1;
		return;
	}
	if (v && *v && buf_add(&o->ctext, v, strlen(v)) == 0)
		o->has_value = 1;
	else
		o->text_cell = 1;      /* no value attribute: fall back on the text */
}

/* </table:table-cell>: keep the value for each column it repeats over. */
static int cell_end(struct ods *o)
{
	unsigned long k;
	size_t off = o->text.len;

	o->in_cell = 0;
	if ((o->has_value || (o->text_cell && o->ctext.len)) && o->col < XLSX_MAX_COL) {
		if (buf_add(&o->text, o->ctext.s, o->ctext.len + 1) < 0)
			return ods_fail(o, "row %lu: the cells' text comes to more than %zu bytes",
					o->row + 1, o->text.max);
		for (k = 0; k < o->col_repeat && o->col + k < XLSX_MAX_COL; k++) {
			if (o->ncell == o->cell_cap) {
				o->cell_cap = o->cell_cap ? 2 * o->cell_cap : 64;
				o->cells = xreallocarray(o->cells, o->cell_cap, sizeof(*o->cells));
			}
			o->cells[o->ncell++] = (struct ocell){ o->col + (unsigned)k, o->type, off,
							      o->ctext.len };
		}
	}
	o->col = o->col + o->col_repeat > XLSX_MAX_COL ? XLSX_MAX_COL :
		 o->col + (unsigned)o->col_repeat;
	return 0;
}

/* </table:table-row>: hand its cells over once per repeat. */
static int row_end(struct ods *o)
{
	unsigned long rep;
	size_t i;

	o->in_row = 0;
	if (!o->ncell) {
		o->row += o->row_repeat;
		return 0;
	}
	/* a row of values repeated a million times is refused before it is expanded */
	if (o->row_repeat > 1 &&
	    (unsigned long long)o->ncell * o->row_repeat > o->lim.max_cells - o->ncells)
		return ods_fail(o, "row %lu: more than %lu cells (%zu cells repeated %lu times)",
				o->row + 1, o->lim.max_cells, o->ncell, o->row_repeat);
	if ((unsigned long long)o->text.len * o->row_repeat > o->lim.max_expanded - o->expanded)
		return ods_fail(o, "row %lu: the cells' text comes to more than %zu bytes (a row "
				"repeated %lu times)", o->row + 1, o->lim.max_expanded, o->row_repeat);
	for (rep = 0; rep < o->row_repeat; rep++) {
		o->row++;
		if (o->row > XLSX_MAX_ROW)
			return ods_fail(o, "more than %lu rows", XLSX_MAX_ROW);
		for (i = 0; i < o->ncell; i++) {
			const struct ocell *c = &o->cells[i];
			struct xlsx_cell x = { o->row, c->col, c->type, o->text.s + c->off, c->len,
					       -1, 0 };
			int rc;

			if (++o->ncells > o->lim.max_cells)
				return ods_fail(o, "row %lu: more than %lu cells", o->row,
						o->lim.max_cells);
			if (c->len > o->lim.max_expanded - o->expanded)
				return ods_fail(o, "the cells' text comes to more than %zu bytes "
						"(a cell repeated too often?)", o->lim.max_expanded);
			o->expanded += c->len;
			rc = o->cell(o->ctx, &x, o->err);
			if (rc < 0) {
				o->failed = 1;
				XML_StopParser(o->p, XML_FALSE);
				return -1;
			}
		}
	}
	return 0;
}

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct ods *o = ud;
	const char *local, *a;
	enum ns ns = split(name, &local);

	if (o->failed)
		return;
	if (++o->depth > o->lim.max_depth) {
		ods_fail(o, "XML nested deeper than %u elements", o->lim.max_depth);
		return;
	}
	if (o->in_cell) {
		if (ns == NS_OFFICE && !strcmp(local, "annotation"))
			o->annotation = o->annotation ? o->annotation : o->depth;
		if (o->annotation || !o->text_cell || ns != NS_TEXT)
			return;
		int full = 0;

		if (!strcmp(local, "p") && o->paragraphs++)
			full = buf_addc(&o->ctext, '\n') < 0;
		else if (!strcmp(local, "s")) {
			unsigned long k = repeat(attr(atts, NS_TEXT, "c"), o->lim.max_text + 1);

			while (k-- && !full)
				full = buf_addc(&o->ctext, ' ') < 0;
		} else if (!strcmp(local, "tab"))
			full = buf_addc(&o->ctext, '\t') < 0;
		else if (!strcmp(local, "line-break"))
			full = buf_addc(&o->ctext, '\n') < 0;
		if (full)
			ods_fail(o, "row %lu: a cell's text is longer than %zu bytes", o->row + 1,
				 o->ctext.max);
		return;
	}
	if (ns == NS_STYLE && !strcmp(local, "style")) {
		a = attr(atts, NS_STYLE, "family");
		free(o->style);
		o->style = NULL;
		if (a && !strcmp(a, "table") && (a = attr(atts, NS_STYLE, "name")))
			o->style = xstrdup(a);
	} else if (ns == NS_STYLE && !strcmp(local, "table-properties") && o->style) {
		a = attr(atts, NS_TABLE, "display");
		if (a && !strcmp(a, "false") && o->nhidden < MAX_HIDDEN_STYLES) {
			o->hidden = xreallocarray(o->hidden, o->nhidden + 1, sizeof(*o->hidden));
			o->hidden[o->nhidden++] = xstrdup(o->style);
		}
	} else if (ns == NS_TABLE && !strcmp(local, "table") && !o->in_table) {
		a = attr(atts, NS_TABLE, "name");
		o->in_table = 1;
		o->sheet = xstrdup(a ? a : "");
		o->row = o->ncells = 0;
		o->expanded = 0;
		if (o->table(o->ctx, o->sheet, style_hidden(o, attr(atts, NS_TABLE, "style-name")),
			     o->err) < 0) {
			o->failed = 1;
			XML_StopParser(o->p, XML_FALSE);
		}
	} else if (o->in_table && ns == NS_TABLE && !strcmp(local, "table-row")) {
		o->in_row = 1;
		o->row_repeat = repeat(attr(atts, NS_TABLE, "number-rows-repeated"), XLSX_MAX_ROW);
		o->col = 0;
		o->ncell = 0;
		buf_reset(&o->text);
	} else if (o->in_row && ns == NS_TABLE && (!strcmp(local, "table-cell") ||
						    !strcmp(local, "covered-table-cell"))) {
		cell_begin(o, atts);
	}
}

static void XMLCALL on_end(void *ud, const XML_Char *name)
{
	struct ods *o = ud;
	const char *local;
	enum ns ns = split(name, &local);

	if (o->failed)
		return;
	if (o->in_cell && o->depth == o->cell_depth)
		cell_end(o);
	else if (o->in_cell && o->annotation == o->depth)
		o->annotation = 0;
	else if (o->in_row && ns == NS_TABLE && !strcmp(local, "table-row"))
		row_end(o);
	else if (o->in_table && ns == NS_TABLE && !strcmp(local, "table")) {
		o->in_table = 0;
		free(o->sheet);
		o->sheet = NULL;
	}
	o->depth--;
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int len)
{
	struct ods *o = ud;

	if (o->failed || !o->in_cell || !o->text_cell || o->annotation || !o->paragraphs)
		return;
	if (buf_add(&o->ctext, s, (size_t)len) < 0)
		ods_fail(o, "row %lu: a cell's text is longer than %zu bytes", o->row + 1,
			 o->ctext.max);
}

static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
			       const XML_Char *pubid, int has_internal_subset)
{
	(void)name, (void)sysid, (void)pubid, (void)has_internal_subset;
	ods_fail(ud, "XML with a DTD is not allowed (entity expansion)");
}

static const XML_Memory_Handling_Suite xml_memory = { xmalloc, xrealloc, free };

static int read_content(zip_t *zip, struct ods *o)
{
	zip_int64_t idx = zip_name_locate(zip, CONTENT, 0);
	zip_file_t *zf = NULL;
	zip_stat_t st;
	size_t total = 0;
	int ret = -1;

	if (idx < 0) {
		diag_set(o->err, CW_INPUT, "not an OpenDocument spreadsheet (no %s)", CONTENT);
		return diag_locate(o->err, o->name, 0, 0);
	}
	if (zip_stat_index(zip, (zip_uint64_t)idx, 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE) &&
	    st.size > o->lim.max_part) {
		diag_set(o->err, CW_INPUT, "%s: %llu bytes uncompressed, more than the limit of %zu "
			 "(a zip bomb?)", CONTENT, (unsigned long long)st.size, o->lim.max_part);
		return diag_locate(o->err, o->name, 0, 0);
	}
	if (!(zf = zip_fopen_index(zip, (zip_uint64_t)idx, 0))) {
		diag_set(o->err, CW_INPUT, "%s: cannot read (zip: %s)", CONTENT, zip_strerror(zip));
		return diag_locate(o->err, o->name, 0, 0);
	}
	if (!(o->p = XML_ParserCreate_MM(NULL, &xml_memory, (XML_Char[]){ NS_SEP, '\0' })))
		BUG("XML_ParserCreate_MM failed");
	XML_SetUserData(o->p, o);
	XML_SetElementHandler(o->p, on_start, on_end);
	XML_SetCharacterDataHandler(o->p, on_text);
	XML_SetStartDoctypeDeclHandler(o->p, on_doctype);
	for (;;) {
		void *chunk = XML_GetBuffer(o->p, CHUNK);
		zip_int64_t n;

		if (!chunk)
			BUG("XML_GetBuffer failed");
		if ((n = zip_fread(zf, chunk, CHUNK)) < 0) {
			diag_set(o->err, CW_INPUT, "%s: cannot read (zip: %s)", CONTENT,
				 zip_file_strerror(zf));
			diag_locate(o->err, o->name, 0, 0);
			goto out;
		}
		if ((total += (size_t)n) > o->lim.max_part) {
			diag_set(o->err, CW_INPUT, "%s: more than %zu bytes uncompressed (a zip bomb?)",
				 CONTENT, o->lim.max_part);
			diag_locate(o->err, o->name, 0, 0);
			goto out;
		}
		if (XML_ParseBuffer(o->p, (int)n, n == 0) == XML_STATUS_ERROR) {
			if (!o->failed) {
				o->in_table = 0;
				ods_fail(o, "malformed XML: %s", XML_ErrorString(XML_GetErrorCode(o->p)));
			}
			goto out;
		}
		if (o->failed)
			goto out;
		if (n == 0)
			break;
	}
	ret = 0;
out:
	XML_ParserFree(o->p);
	zip_fclose(zf);
	return ret;
}

static int ods_run(zip_t *zip, const char *name, const struct xlsx_limits *lim,
		   ods_table_fn *table, xlsx_cell_fn *cell, void *ctx, struct diag *err)
{
	struct ods o;
	size_t i;
	int ret;

	memset(&o, 0, sizeof(o));
	o.name = name;
	if (lim)
		o.lim = *lim;
	o.lim.max_part = o.lim.max_part ? o.lim.max_part : (size_t)256 << 20;
	o.lim.max_cells = o.lim.max_cells ? o.lim.max_cells : 1UL << 24;
	o.lim.max_text = o.lim.max_text ? o.lim.max_text : (size_t)1 << 20;
	o.lim.max_expanded = o.lim.max_expanded ? o.lim.max_expanded : (size_t)256 << 20;
	o.lim.max_depth = o.lim.max_depth ? o.lim.max_depth : 64;
	o.err = err;
	o.table = table;
	o.cell = cell;
	o.ctx = ctx;
	buf_init(&o.ctext, o.lim.max_text);
	buf_init(&o.text, o.lim.max_expanded);
	ret = read_content(zip, &o);
	for (i = 0; i < o.nhidden; i++)
		free(o.hidden[i]);
	free(o.hidden);
	free(o.style);
	free(o.sheet);
	free(o.cells);
	buf_release(&o.ctext);
	buf_release(&o.text);
	return ret;
}

static int open_failed(const char *name, int zerr, struct diag *err)
{
	zip_error_t ze;

	zip_error_init_with_code(&ze, zerr);
	diag_set(err, CW_INPUT, "not an OpenDocument spreadsheet (zip: %s)",
		 zip_error_strerror(&ze));
	zip_error_fini(&ze);
	return diag_locate(err, name, 0, 0);
}

int ods_read(const char *path, const struct xlsx_limits *lim, ods_table_fn *table,
	     xlsx_cell_fn *cell, void *ctx, struct diag *err)
{
	int zerr = 0, ret;
	zip_t *zip = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &zerr);

	if (!zip)
		return open_failed(path, zerr, err);
	ret = ods_run(zip, path, lim, table, cell, ctx, err);
	zip_discard(zip);
	return ret;
}

int ods_read_mem(const void *p, size_t n, const char *name, const struct xlsx_limits *lim,
		 ods_table_fn *table, xlsx_cell_fn *cell, void *ctx, struct diag *err)
{
	int zerr, ret;
	zip_t *zip = zipmem_open(p, n, &zerr);

	if (!zip)
		return open_failed(name, zerr, err);
	ret = ods_run(zip, name, lim, table, cell, ctx, err);
	zip_discard(zip);
	return ret;
}
