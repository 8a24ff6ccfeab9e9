/*
 * xlsxread.c: the cells of one worksheet of an .xlsx file (xlsxread.h).
 * Every part is streamed from libzip into an expat parser with namespaces
 * on; element kinds on a small stack tell which text belongs to a cell.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <expat.h>
#include <zip.h>

#include "chainwatch/ascii.h"
#include "chainwatch/buf.h"
#include "chainwatch/xalloc.h"
#include "chainwatch/xlsxread.h"
#include "zipmem.h"

#define NS_SEP ' '
#define CHUNK 65536
#define DEPTH_CAP 255
#define MAX_SHEETS 4096
#define BOOK_PART "xl/workbook.xml"
#define RELS_PART "xl/_rels/workbook.xml.rels"

enum kind {
	K_OTHER, K_SHEETS, K_SHEET, K_WBPR, K_REL, K_SI, K_DATA, K_ROW, K_C, K_V, K_IS, K_R,
	K_NUMFMT, K_CELLXFS, K_XF, K_T
};
static const char *const kind_name[] = {
	"", "sheets", "sheet", "workbookPr", "Relationship", "si", "sheetData", "row", "c", "v",
	"is", "r", "numFmt", "cellXfs", "xf", "t"
};
#define MAX_STYLES 65536

enum ctype { T_N, T_S, T_INLINE, T_STR, T_B, T_E, T_D };
static const char *const ctype_name[] = { "n", "s", "inlineStr", "str", "b", "e", "d" };
static const enum xlsx_cell_type ctype_pub[] = {
	XLSX_NUMBER, XLSX_STRING, XLSX_STRING, XLSX_STRING, XLSX_BOOLEAN, XLSX_ERROR, XLSX_DATE
};

struct xsheet {
	char *name, *rid, *part;      /* part NULL until the relationships name it */
	int worksheet;
	int hidden;                   /* state="hidden" or "veryHidden" */
};

struct xlsx_book {
	zip_t *zip;
	char *name;
	struct xlsx_limits lim;
	struct xsheet *sheets;
	size_t nsheets;
	int date1904;
	char *sst_part;               /* NULL: no shared strings */
	char *styles_part;            /* NULL: no styles */
	unsigned char *xf_date;       /* per cell style (xf): its number format shows a date */
	size_t nxf;
	unsigned char *fmt_date;      /* per custom number format id (< MAX_STYLES) */
	int sst_loaded, styles_loaded;
	struct buf sst;               /* the shared strings, each NUL-terminated */
	size_t *sst_off, nsst, sst_cap;
};

/* The worksheet being read. */
struct sheet_run {
	const char *sheet;
	xlsx_cell_fn *cell;
	void *ctx;
	unsigned long row, ncells, crow;
	size_t expanded;              /* bytes of text handed over */
	unsigned next_col, ccol;
	enum ctype type;
	int has_v, has_is;
	unsigned long style;          /* the cell's s attribute */
};

/*
 * One part being parsed.  The start/end hooks return -1 to stop the
 * parser, after run_fail() or with `failed` (err filled) or `stopped`
 * (early end, no error) set.
 */
struct xml_run {
	struct xlsx_book *book;
	const char *part;
	XML_Parser p;
	struct diag *err;
	int failed, stopped;
	unsigned depth;
	unsigned char kinds[DEPTH_CAP];
	struct buf vtext, stext;      /* text of <c><v>, and of a string's <t>s */
	int (*start)(struct xml_run *r, enum kind k, const char **atts);
	int (*end)(struct xml_run *r, enum kind k);
	struct sheet_run *sheet;      /* the worksheet's hooks only */
};

/*
 * Fail at the parser's place ("part:line:col: "), or at the cell being read
 * ("sheet 'Flags' cell C12: ") when `at_cell`; stops the parser.  -1.
 */
static int run_fail(struct xml_run *r, int at_cell, const char *fmt, ...)
{
	char msg[DIAG_MSG_MAX / 2], cell[16], sheet[100];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	r->failed = 1;
	XML_StopParser(r->p, XML_FALSE);
	if (at_cell) {
		xlsx_cell_name(r->sheet->crow, r->sheet->ccol, cell);
		diag_quote(sheet, sizeof(sheet), r->sheet->sheet, strlen(r->sheet->sheet), 80);
		diag_set(r->err, CW_INPUT, "sheet '%s' cell %s: %s", sheet, cell, msg);
	} else {
		diag_set(r->err, CW_INPUT, "%s", msg);
		diag_locate(r->err, r->part, (unsigned long)XML_GetCurrentLineNumber(r->p),
			    (unsigned long)XML_GetCurrentColumnNumber(r->p) + 1);
	}
	return diag_locate(r->err, r->book->name, 0, 0);
}

static enum kind kind_at(const struct xml_run *r, unsigned up)
{
	return up < r->depth ? (enum kind)r->kinds[r->depth - 1 - up] : K_OTHER;
}

static int ends_with(const char *s, size_t n, const char *tail)
{
	size_t m = strlen(tail);

	return n >= m && !memcmp(s + n - m, tail, m);
}

/* Attribute by local name; ns NULL = no namespace, else the URI's tail. */
static const char *attr(const char **atts, const char *name, const char *ns)
{
	for (; atts[0]; atts += 2) {
		const char *sp = strrchr(atts[0], NS_SEP);

		if (!strcmp(sp ? sp + 1 : atts[0], name) &&
		    (ns ? sp && ends_with(atts[0], (size_t)(sp - atts[0]), ns) : !sp))
			return atts[1];
	}
	return NULL;
}

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xml_run *r = ud;
	const char *sp = strrchr(name, NS_SEP), *local = sp ? sp + 1 : name;
	unsigned k;

	if (r->failed || r->stopped)
		return;
	if (r->depth >= r->book->lim.max_depth) {
		run_fail(r, 0, "XML nested deeper than %u elements", r->book->lim.max_depth);
		return;
	}
	for (k = K_SHEETS; k <= K_T && strcmp(kind_name[k], local); k++)
		;
	r->kinds[r->depth++] = (unsigned char)(k <= K_T ? k : K_OTHER);
	if (r->start && r->start(r, kind_at(r, 0), atts) < 0)
		XML_StopParser(r->p, XML_FALSE);
}

static void XMLCALL on_end(void *ud, const XML_Char *name)
{
	struct xml_run *r = ud;

	(void)name;
	if (r->failed || r->stopped || !r->depth)
		return;
	if (r->end && r->end(r, kind_at(r, 0)) < 0)
		XML_StopParser(r->p, XML_FALSE);
	r->depth--;
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int len)
{
	struct xml_run *r = ud;
	enum kind top = kind_at(r, 0), up = kind_at(r, 1), up2 = kind_at(r, 2);
	struct buf *b = NULL;

	if (r->failed || r->stopped)
		return;
	if (top == K_V && up == K_C)
		b = &r->vtext;
	else if (top == K_T && (up == K_SI || up == K_IS || (up == K_R && (up2 == K_SI || up2 == K_IS))))
		b = &r->stext;     /* not the phonetic runs: <rPh><t> */
	if (b && buf_add(b, s, (size_t)len) < 0)
		run_fail(r, 0, "text longer than %zu bytes", b->max);
}

/* Any DTD, so no entity can be declared, let alone expanded. */
static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
			       const XML_Char *pubid, int has_internal_subset)
{
	struct xml_run *r = ud;

	(void)name, (void)sysid, (void)pubid, (void)has_internal_subset;
	if (!r->failed)
		run_fail(r, 0, "XML with a DTD is not allowed (entity expansion)");
}

static const XML_Memory_Handling_Suite xml_memory = { xmalloc, xrealloc, free };

/* Stream `part` through expat with r's hooks: 0 or -1 (r->err filled). */
static int parse_part(struct xlsx_book *b, const char *part, struct xml_run *r)
{
	zip_int64_t idx = zip_name_locate(b->zip, part, ZIP_FL_NOCASE);
	zip_file_t *zf = NULL;
	zip_stat_t st;
	size_t total = 0;
	int ret = -1;

	r->book = b;
	r->part = part;
	buf_init(&r->vtext, b->lim.max_text);
	buf_init(&r->stext, b->lim.max_text);
	if (!(r->p = XML_ParserCreate_MM(NULL, &xml_memory, (XML_Char[]){ NS_SEP, '\0' })))
		BUG("XML_ParserCreate_MM failed");
	XML_SetUserData(r->p, r);
	XML_SetElementHandler(r->p, on_start, on_end);
	XML_SetCharacterDataHandler(r->p, on_text);
	XML_SetStartDoctypeDeclHandler(r->p, on_doctype);
	if (idx < 0) {
		diag_set(r->err, CW_INPUT, "missing part %s", part);
		goto located;
	}
	if (zip_stat_index(b->zip, (zip_uint64_t)idx, 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE) &&
	    st.size > b->lim.max_part) {
		diag_set(r->err, CW_INPUT, "%s: %llu bytes uncompressed, more than the limit of %zu "
			 "(a zip bomb?)", part, (unsigned long long)st.size, b->lim.max_part);
		goto located;
	}
	if (!(zf = zip_fopen_index(b->zip, (zip_uint64_t)idx, 0))) {
		diag_set(r->err, CW_INPUT, "%s: cannot read (zip: %s)", part, zip_strerror(b->zip));
		goto located;
	}
	for (;;) {
		void *chunk = XML_GetBuffer(r->p, CHUNK);
		zip_int64_t n;

		if (!chunk)
			BUG("XML_GetBuffer failed");
		if ((n = zip_fread(zf, chunk, CHUNK)) < 0) {
			diag_set(r->err, CW_INPUT, "%s: cannot read (zip: %s)", part,
				 zip_file_strerror(zf));
			goto located;
		}
		if ((total += (size_t)n) > b->lim.max_part) {
			diag_set(r->err, CW_INPUT, "%s: more than %zu bytes uncompressed (a zip bomb?)",
				 part, b->lim.max_part);
			goto located;
		}
		if (XML_ParseBuffer(r->p, (int)n, n == 0) == XML_STATUS_ERROR) {
			if (r->stopped && !r->failed)
				break;
			if (!r->failed)
				run_fail(r, 0, "malformed XML: %s", XML_ErrorString(XML_GetErrorCode(r->p)));
			goto out;
		}
		if (n == 0)
			break;
	}
	ret = 0;
	goto out;
located:
	diag_locate(r->err, b->name, 0, 0);
out:
	XML_ParserFree(r->p);
	if (zf)
		zip_fclose(zf);
	buf_release(&r->vtext);
	buf_release(&r->stext);
	return ret;
}

/* --- workbook.xml and its relationships --------------------------------- */

static int book_start(struct xml_run *r, enum kind k, const char **atts)
{
	struct xlsx_book *b = r->book;
	const char *name = attr(atts, "name", NULL), *rid = attr(atts, "id", "/relationships");
	const char *v = attr(atts, "date1904", NULL);

	if (k == K_WBPR)
		b->date1904 = v && (!strcmp(v, "1") || !strcmp(v, "true"));
	if (k != K_SHEET || kind_at(r, 1) != K_SHEETS)
		return 0;
	if (!name || !rid)
		return run_fail(r, 0, "<sheet> without a name or r:id");
	if (b->nsheets >= MAX_SHEETS)
		return run_fail(r, 0, "more than %d sheets", MAX_SHEETS);
	b->sheets = xreallocarray(b->sheets, b->nsheets + 1, sizeof(*b->sheets));
	v = attr(atts, "state", NULL);
	b->sheets[b->nsheets++] = (struct xsheet){ xstrdup(name), xstrdup(rid), NULL, 0,
		v && (!strcmp(v, "hidden") || !strcmp(v, "veryHidden")) };
	return 0;
}

/*
 * A target relative to xl/ ("worksheets/sheet1.xml", "./sharedStrings.xml")
 * or absolute ("/xl/worksheets/sheet1.xml") to the part name; NULL for
 * one that climbs ("../") or is empty.
 */
static char *part_resolve(const char *target)
{
	const char *t = target + (target[0] == '/');
	struct buf b;

	while (!strncmp(t, "./", 2))
		t += 2;
	if (!*t || !strncmp(t, "../", 3) || strstr(t, "/../"))
		return NULL;
	buf_init(&b, 0);
	buf_printf(&b, "%s%s", target[0] == '/' ? "" : "xl/", t);
	return buf_detach(&b, NULL);
}

static int rels_start(struct xml_run *r, enum kind k, const char **atts)
{
	struct xlsx_book *b = r->book;
	const char *id = attr(atts, "Id", NULL), *type = attr(atts, "Type", NULL);
	const char *target = attr(atts, "Target", NULL), *mode = attr(atts, "TargetMode", NULL);
	char **to = NULL;
	size_t i;

	if (k != K_REL || !id || !type || !target || (mode && !strcmp(mode, "External")))
		return 0;
	if (ends_with(type, strlen(type), "/sharedStrings"))
		to = &b->sst_part;
	else if (ends_with(type, strlen(type), "/styles"))
		to = &b->styles_part;
	for (i = 0; !to && i < b->nsheets; i++)
		if (!strcmp(b->sheets[i].rid, id)) {
			to = &b->sheets[i].part;
			b->sheets[i].worksheet = ends_with(type, strlen(type), "/worksheet");
		}
	if (!to)
		return 0;
	free(*to);
	if (!(*to = part_resolve(target)))
		return run_fail(r, 0, "relationship target '%.100s' is outside the package", target);
	return 0;
}

static int part_exists(const struct xlsx_book *b, const char *part)
{
	return zip_name_locate(b->zip, part, ZIP_FL_NOCASE) >= 0;
}

static struct xlsx_book *book_read(struct xlsx_book *b, struct diag *err)
{
	struct xml_run r = { .err = err, .start = book_start };

	if (!part_exists(b, BOOK_PART) && part_exists(b, "xl/workbook.bin")) {
		diag_set(err, CW_INPUT, "is an Excel binary workbook (.xlsb), which chainwatch does not "
			 "read: save it as .xlsx or .csv");
		diag_locate(err, b->name, 0, 0);
		goto fail;
	}
	if (!part_exists(b, BOOK_PART) || !part_exists(b, RELS_PART)) {
		diag_set(err, CW_INPUT, "not an xlsx workbook (no %s%s)",
			 part_exists(b, BOOK_PART) ? RELS_PART : BOOK_PART,
			 part_exists(b, "word/document.xml") ? ": a Word document" :
			 part_exists(b, "ppt/presentation.xml") ? ": a PowerPoint presentation" : "");
		diag_locate(err, b->name, 0, 0);
		goto fail;
	}
	if (parse_part(b, BOOK_PART, &r) < 0)
		goto fail;
	r = (struct xml_run){ .err = err, .start = rels_start };
	if (parse_part(b, RELS_PART, &r) < 0)
		goto fail;
	if (!b->sst_part && part_exists(b, "xl/sharedStrings.xml"))
		b->sst_part = xstrdup("xl/sharedStrings.xml");
	if (!b->styles_part && part_exists(b, "xl/styles.xml"))
		b->styles_part = xstrdup("xl/styles.xml");
	return b;
fail:
	xlsx_close(b);
	return NULL;
}

static struct xlsx_book *book_new(const char *name, const struct xlsx_limits *lim)
{
	struct xlsx_book *b = xcalloc(1, sizeof(*b));

	b->name = xstrdup(name);
	if (lim)
		b->lim = *lim;
	b->lim.max_part = b->lim.max_part ? b->lim.max_part : (size_t)256 << 20;
	b->lim.max_cells = b->lim.max_cells ? b->lim.max_cells : 1UL << 24;
	b->lim.max_strings = b->lim.max_strings ? b->lim.max_strings : (size_t)1 << 22;
	b->lim.max_text = b->lim.max_text ? b->lim.max_text : (size_t)1 << 20;
	b->lim.max_expanded = b->lim.max_expanded ? b->lim.max_expanded : (size_t)256 << 20;
	b->lim.max_depth = b->lim.max_depth ? b->lim.max_depth : 64;
	if (b->lim.max_depth > DEPTH_CAP)
		b->lim.max_depth = DEPTH_CAP;
	buf_init(&b->sst, b->lim.max_part);
	return b;
}

/* libzip refused the file: say why, looking at its first bytes. */
static void open_failed(struct xlsx_book *b, int zerr, const void *head, size_t n,
			struct diag *err)
{
	static const unsigned char ole2[8] = { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 };
	zip_error_t ze;

	zip_error_init_with_code(&ze, zerr);
	if (n >= sizeof(ole2) && !memcmp(head, ole2, sizeof(ole2)))
		diag_set(err, CW_INPUT, "encrypted or not an xlsx workbook (an OLE2 file: a "
			 "password-protected workbook or an old .xls; save it as .xlsx without a "
			 "password)");
	else if (zerr == ZIP_ER_OPEN || zerr == ZIP_ER_NOENT || zerr == ZIP_ER_READ)
		diag_set(err, CW_INPUT, "cannot open (zip: %s)", zip_error_strerror(&ze));
	else
		diag_set(err, CW_INPUT, "not an xlsx workbook (zip: %s)", zip_error_strerror(&ze));
	zip_error_fini(&ze);
	diag_locate(err, b->name, 0, 0);
	xlsx_close(b);
}

struct xlsx_book *xlsx_open(const char *path, const struct xlsx_limits *lim, struct diag *err)
{
	struct xlsx_book *b = book_new(path, lim);
	unsigned char head[8];
	size_t n = 0;
	int zerr = 0;
	FILE *f;

	if ((b->zip = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &zerr)))
		return book_read(b, err);
	if (zerr == ZIP_ER_NOZIP && (f = fopen(path, "rb"))) {
		n = fread(head, 1, sizeof(head), f);
		fclose(f);
	}
	open_failed(b, zerr, head, n, err);
	return NULL;
}

struct xlsx_book *xlsx_open_mem(const void *p, size_t n, const char *name,
				const struct xlsx_limits *lim, struct diag *err)
{
	struct xlsx_book *b = book_new(name, lim);
	int zerr;

	b->zip = zipmem_open(p, n, &zerr);
	if (b->zip)
		return book_read(b, err);
	open_failed(b, zerr, p, n, err);
	return NULL;
}

void xlsx_close(struct xlsx_book *b)
{
	size_t i;

	if (!b)
		return;
	if (b->zip)
		zip_discard(b->zip);
	for (i = 0; i < b->nsheets; i++) {
		free(b->sheets[i].name);
		free(b->sheets[i].rid);
		free(b->sheets[i].part);
	}
	free(b->sheets);
	free(b->sst_part);
	free(b->styles_part);
	free(b->xf_date);
	free(b->fmt_date);
	buf_release(&b->sst);
	free(b->sst_off);
	free(b->name);
	free(b);
}

size_t xlsx_sheet_count(const struct xlsx_book *b)
{
	return b->nsheets;
}

int xlsx_sheet_hidden(const struct xlsx_book *b, size_t i)
{
	return i < b->nsheets && b->sheets[i].hidden;
}

const char *xlsx_sheet_name(const struct xlsx_book *b, size_t i)
{
	return i < b->nsheets ? b->sheets[i].name : NULL;
}

int xlsx_date1904(const struct xlsx_book *b)
{
	return b->date1904;
}

char *xlsx_sheet_list(const struct xlsx_book *b, char *out, size_t outsz)
{
	struct buf l;
	size_t i;

	buf_init(&l, 0);
	for (i = 0; i < b->nsheets; i++)
		buf_printf(&l, "%s%s", i ? ", " : "", b->sheets[i].name);
	diag_quote(out, outsz, l.s, l.len, outsz ? outsz - 1 : 0);
	buf_release(&l);
	return out;
}

/* --- text --------------------------------------------------------------- */

/* "_xHHHH_" at p (n bytes left)?  Its code unit into *c. */
static int escape_at(const char *p, size_t n, unsigned *c)
{
	size_t i;

	if (n < 7 || p[0] != '_' || p[1] != 'x' || p[6] != '_')
		return 0;
	for (*c = 0, i = 2; i < 6; i++) {
		unsigned char h = ascii_upper((unsigned char)p[i]);

		if (!ascii_digit(h) && (h < 'A' || h > 'F'))
			return 0;
		*c = *c * 16 + (unsigned)(ascii_digit(h) ? h - '0' : h - 'A' + 10);
	}
	return 1;
}

static size_t put_utf8(char *o, unsigned c)
{
	static const unsigned char lead[] = { 0, 0, 0xC0, 0xE0, 0xF0 };
	size_t n = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4, i;

	for (i = n - 1; i > 0; i--, c >>= 6)
		o[i] = (char)(0x80 | (c & 0x3F));
	o[0] = (char)(lead[n] | c);
	return n;
}

/*
 * Decode Excel's "_xHHHH_" escapes (control characters, a literal
 * "_x005F_"; UTF-16 surrogate pairs) in place: never longer.  NUL and lone
 * surrogates become U+FFFD.
 */
static void unescape(struct buf *b)
{
	size_t i = 0, o = 0;
	unsigned c, lo;

	while (i < b->len) {
		if (!escape_at(b->s + i, b->len - i, &c)) {
			b->s[o++] = b->s[i++];
			continue;
		}
		i += 7;
		if (c >= 0xD800 && c < 0xDC00 && escape_at(b->s + i, b->len - i, &lo) &&
		    lo >= 0xDC00 && lo < 0xE000) {
			c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
			i += 7;
		} else if (!c || (c >= 0xD800 && c < 0xE000)) {
			c = 0xFFFD;
		}
		o += put_utf8(b->s + o, c);
	}
	buf_setlen(b, o);
}

/* --- shared strings ----------------------------------------------------- */

static int sst_start(struct xml_run *r, enum kind k, const char **atts)
{
	(void)atts;
	if (k == K_SI)
		buf_reset(&r->stext);
	return 0;
}

static int sst_end(struct xml_run *r, enum kind k)
{
	struct xlsx_book *b = r->book;

	if (k != K_SI)
		return 0;
	if (b->nsst >= b->lim.max_strings)
		return run_fail(r, 0, "more than %zu shared strings", b->lim.max_strings);
	unescape(&r->stext);
	if (b->nsst == b->sst_cap) {
		b->sst_cap = b->sst_cap ? b->sst_cap * 2 : 256;
		b->sst_off = xreallocarray(b->sst_off, b->sst_cap, sizeof(*b->sst_off));
	}
	b->sst_off[b->nsst] = b->sst.len;
	if (buf_add(&b->sst, r->stext.s, r->stext.len + 1) < 0)
		return run_fail(r, 0, "shared strings longer than %zu bytes", b->sst.max);
	b->nsst++;
	return 0;
}

/* --- the worksheet ------------------------------------------------------ */

/* Digits only, at most max. */
static int parse_index(const char *p, unsigned long max, unsigned long *out)
{
	unsigned long v = 0;

	if (!*p)
		return -1;
	for (; ascii_digit((unsigned char)*p); p++)
		if ((v = v * 10 + (unsigned long)(*p - '0')) > max)
			return -1;
	if (*p)
		return -1;
	*out = v;
	return 0;
}

/* "C12" to row 12, col 2. */
static int parse_ref(const char *p, unsigned long *row, unsigned *col)
{
	unsigned long c = 0;
	int n;

	for (n = 0; ascii_alpha((unsigned char)*p) && n < 3; n++, p++)
		c = c * 26 + (unsigned long)(ascii_upper((unsigned char)*p) - 'A' + 1);
	if (!n || c > XLSX_MAX_COL || *p == '0' || parse_index(p, XLSX_MAX_ROW, row) < 0 || !*row)
		return -1;
	*col = (unsigned)(c - 1);
	return 0;
}

static int sheet_start(struct xml_run *r, enum kind k, const char **atts)
{
	struct sheet_run *s = r->sheet;
	enum kind up = kind_at(r, 1);
	const char *a;
	unsigned t;

	if (k == K_ROW && up == K_DATA) {
		if ((a = attr(atts, "r", NULL)) &&
		    (parse_index(a, XLSX_MAX_ROW, &s->row) < 0 || !s->row))
			return run_fail(r, 0, "row number '%.20s' is not valid", a);
		if (!a && ++s->row > XLSX_MAX_ROW)
			return run_fail(r, 0, "more than %lu rows", XLSX_MAX_ROW);
		s->next_col = 0;
	} else if (k == K_C && up == K_ROW && kind_at(r, 2) == K_DATA) {
		s->crow = s->row;
		s->ccol = s->next_col;
		if ((a = attr(atts, "r", NULL)) && parse_ref(a, &s->crow, &s->ccol) < 0)
			return run_fail(r, 0, "cell reference '%.20s' is not valid", a);
		if (s->ccol >= XLSX_MAX_COL)
			return run_fail(r, 0, "more than %u cells in row %lu", XLSX_MAX_COL, s->crow);
		s->row = s->crow;
		s->next_col = s->ccol + 1;
		a = attr(atts, "t", NULL);
		for (t = T_N; a && t <= T_D && strcmp(ctype_name[t], a); t++)
			;
		if (t > T_D)
			return run_fail(r, 1, "unknown cell type '%.20s'", a);
		s->type = (enum ctype)t;
		s->style = 0;
		if ((a = attr(atts, "s", NULL)) && parse_index(a, MAX_STYLES, &s->style) < 0)
			s->style = 0;
		buf_reset(&r->vtext);
		buf_reset(&r->stext);
		s->has_v = s->has_is = 0;
	} else if (k == K_V && up == K_C) {
		s->has_v = 1;
	} else if (k == K_IS && up == K_C) {
		s->has_is = 1;
	}
	return 0;
}

/* Shared string i's length, without its NUL. */
static size_t sst_len(const struct xlsx_book *b, size_t i)
{
	return (i + 1 < b->nsst ? b->sst_off[i + 1] : b->sst.len) - b->sst_off[i] - 1;
}

/*
 * </c>: hand the cell over, unless it has no value.  A shared string goes
 * by reference; every cell's text counts towards max_expanded, so a string
 * repeated in cell after cell cannot turn into gigabytes downstream.
 */
static int sheet_cell(struct xml_run *r)
{
	struct sheet_run *s = r->sheet;
	struct xlsx_book *b = r->book;
	struct xlsx_cell c = { s->crow, s->ccol, ctype_pub[s->type], r->vtext.s, 0, -1, 0 };
	unsigned long i;
	int rc;

	if (s->type == T_INLINE && s->has_is) {
		unescape(&r->stext);
		c.text = r->stext.s;
		c.len = r->stext.len;
	} else if (!s->has_v || (!r->vtext.len && s->type != T_INLINE && s->type != T_STR)) {
		return 0;
	} else if (s->type == T_S) {
		if (parse_index(r->vtext.s, ~0UL, &i) < 0 || i >= b->nsst)
			return run_fail(r, 1, "shared string %.20s does not exist (%zu strings)",
					r->vtext.s, b->nsst);
		c.text = b->sst.s + b->sst_off[i];
		c.len = sst_len(b, i);
		c.shared = (long)i;
	} else {
		if (s->type == T_INLINE || s->type == T_STR)
			unescape(&r->vtext);
		c.len = r->vtext.len;
		c.date = s->type == T_N && s->style < b->nxf && b->xf_date[s->style];
	}
	if (++s->ncells > b->lim.max_cells)
		return run_fail(r, 1, "more than %lu cells in the sheet", b->lim.max_cells);
	if (c.len > b->lim.max_expanded - s->expanded)
		return run_fail(r, 1, "the cells' text comes to more than %zu bytes (one shared "
				"string repeated in too many cells?)", b->lim.max_expanded);
	s->expanded += c.len;
	rc = s->cell(s->ctx, &c, r->err);
	r->failed = rc < 0;
	r->stopped = rc > 0;
	return rc ? -1 : 0;
}

static int sheet_end(struct xml_run *r, enum kind k)
{
	return k == K_C && kind_at(r, 1) == K_ROW && kind_at(r, 2) == K_DATA ? sheet_cell(r) : 0;
}

/* --- the styles: which cell styles show a number as a date ------------- */

/* Excel's built-in date and time formats: 14-22, 27-36, 45-47, 50-58. */
static int builtin_date(unsigned long id)
{
	return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
	       (id >= 50 && id <= 58);
}

/*
 * A format code that shows a date: a d, m, y (or e, g for eras) outside
 * quotes, brackets ("[Red]", "[$-809]") and backslash escapes.  "0.00",
 * "#,##0" and "General" are numbers; "[h]:mm" and "mm:ss" are durations
 * and times, not dates.
 */
static int code_is_date(const char *p)
{
	int date = 0;

	for (; *p; p++) {
		char c = (char)ascii_lower((unsigned char)*p);

		if (c == '"') {
			while (p[1] && p[1] != '"')
				p++;
			p += p[1] != 0;
		} else if (c == '[') {
			while (p[1] && p[1] != ']')
				p++;
			p += p[1] != 0;
		} else if (c == '\\' || c == '_' || c == '*') {
			p += p[1] != 0;
		} else if (c == ';') {
			break;               /* the positive section decides */
		} else if (c == 'd' || c == 'y' || c == 'e') {
			date = 1;
		} else if (c == 'g' && ascii_lower((unsigned char)p[1]) != 'e') {
			date = 1;            /* era, not "General" */
		} else if (c == 'g') {
			return 0;
		}
	}
	return date;
}

static int styles_start(struct xml_run *r, enum kind k, const char **atts)
{
	struct xlsx_book *b = r->book;
	const char *id = attr(atts, "numFmtId", NULL), *code = attr(atts, "formatCode", NULL);
	unsigned long n = 0;

	if (k == K_NUMFMT && id && code && parse_index(id, MAX_STYLES - 1, &n) == 0) {
		if (!b->fmt_date)
			b->fmt_date = xcalloc(MAX_STYLES, 1);
		b->fmt_date[n] = (unsigned char)code_is_date(code);
	} else if (k == K_XF && kind_at(r, 1) == K_CELLXFS) {
		if (b->nxf >= MAX_STYLES)
			return run_fail(r, 0, "more than %d cell styles", MAX_STYLES);
		if (!id || parse_index(id, MAX_STYLES - 1, &n) < 0)
			n = 0;
		b->xf_date = xreallocarray(b->xf_date, b->nxf + 1, 1);
		b->xf_date[b->nxf++] = (unsigned char)(builtin_date(n) ||
						      (b->fmt_date && b->fmt_date[n]));
	}
	return 0;
}

/* By exact name, else ignoring ASCII case as Excel does. */
static const struct xsheet *sheet_find(const struct xlsx_book *b, const char *name)
{
	const struct xsheet *hit = NULL;
	size_t i;

	for (i = 0; i < b->nsheets; i++) {
		const char *p = b->sheets[i].name, *q = name;

		if (!strcmp(p, q))
			return &b->sheets[i];
		while (*p && ascii_lower((unsigned char)*p) == ascii_lower((unsigned char)*q))
			p++, q++;
		if (!hit && !*p && !*q)
			hit = &b->sheets[i];
	}
	return hit;
}

int xlsx_read_sheet(struct xlsx_book *b, const char *sheet, xlsx_cell_fn *cell, void *ctx,
		    struct diag *err)
{
	const struct xsheet *sh = sheet_find(b, sheet);
	struct sheet_run s = { .cell = cell, .ctx = ctx };
	struct xml_run r = { .err = err, .start = sheet_start, .end = sheet_end, .sheet = &s };
	char q[100], list[400];

	diag_quote(q, sizeof(q), sheet, strlen(sheet), 80);
	if (!sh)
		diag_set(err, CW_INPUT, "no sheet named '%s' (sheets: %s)", q,
			 xlsx_sheet_list(b, list, sizeof(list)));
	else if (!sh->part)
		diag_set(err, CW_INPUT, "sheet '%s' has no relationship '%.40s' in %s", q, sh->rid,
			 RELS_PART);
	else if (!sh->worksheet)
		diag_set(err, CW_INPUT, "sheet '%s' is not a worksheet (%.100s)", q, sh->part);
	if (!sh || !sh->part || !sh->worksheet)
		return diag_locate(err, b->name, 0, 0);
	if (!b->sst_loaded && b->sst_part) {
		struct xml_run sr = { .err = err, .start = sst_start, .end = sst_end };

		if (parse_part(b, b->sst_part, &sr) < 0)
			return -1;
	}
	b->sst_loaded = 1;
	if (!b->styles_loaded && b->styles_part) {
		struct xml_run sr = { .err = err, .start = styles_start };

		if (parse_part(b, b->styles_part, &sr) < 0)
			return -1;
	}
	b->styles_loaded = 1;
	s.sheet = sh->name;
	return parse_part(b, sh->part, &r);
}

size_t xlsx_shared_count(const struct xlsx_book *b)
{
	return b->nsst;
}

int xlsx_read(const char *path, const char *sheet, const struct xlsx_limits *lim,
	      xlsx_cell_fn *cell, void *ctx, struct diag *err)
{
	struct xlsx_book *b = xlsx_open(path, lim, err);
	int ret = b ? xlsx_read_sheet(b, sheet, cell, ctx, err) : -1;

	xlsx_close(b);
	return ret;
}

/* --- dates and names ---------------------------------------------------- */

/* Days since 1970-01-01 to yyyymmdd (H. Hinnant's civil_from_days). */
static int32_t civil(long z)
{
	long era, doe, yoe, doy, mp, d, m;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	return (int32_t)((yoe + era * 400 + (m <= 2)) * 10000 + m * 100 + d);
}

/* The whole days of "46022.5", at most max. */
static int serial_days(const char *p, unsigned long max, unsigned long *days)
{
	const char *dot = strchr(p, '.');
	char whole[16];
	size_t n = dot ? (size_t)(dot - p) : strlen(p);

	if (!n || n >= sizeof(whole))
		return -1;
	memcpy(whole, p, n);
	whole[n] = '\0';
	for (dot = dot ? dot + 1 : ""; *dot; dot++)
		if (!ascii_digit((unsigned char)*dot))
			return -1;
	return parse_index(whole, max, days);
}

int xlsx_serial_date(const char *text, int32_t *ymd)
{
	unsigned long days;

	if (serial_days(text, 2958465, &days) < 0 || days == 0 || days == 60)
		return -1;
	/* before Excel's phantom 1900-02-29 serials count from 1899-12-31 */
	*ymd = civil((long)days - (days < 60 ? 25568 : 25569));
	return 0;
}

int xlsx_serial_date1904(const char *text, int32_t *ymd)
{
	unsigned long days;

	if (serial_days(text, 2957003, &days) < 0)
		return -1;
	*ymd = civil((long)days - 24107);    /* 0 is 1904-01-01 */
	return 0;
}

int xlsx_cell_name(unsigned long row, unsigned col, char out[16])
{
	char letters[4];
	int n = 0, i = 0;

	if (!row || row > XLSX_MAX_ROW || col >= XLSX_MAX_COL) {
		memcpy(out, "?", 2);
		return -1;
	}
	for (col++; col; col = (col - 1) / 26)
		letters[n++] = (char)('A' + (col - 1) % 26);
	while (n)
		out[i++] = letters[--n];
	snprintf(out + i, 16 - (size_t)i, "%lu", row);
	return 0;
}
