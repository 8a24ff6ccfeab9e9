#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "chainwatch/amount.h"
#include "chainwatch/buf.h"
#include "chainwatch/date.h"
#include "chainwatch/encoding.h"
#include "chainwatch/workbook.h"
#include "chainwatch/xalloc.h"

/* Excel's limit on the characters (UTF-16 code units) in one cell. */
#define CELL_MAX_UNITS 32767

#define COLOR_HEADER_FILL 0x1F4E78
#define COLOR_HEADER_FONT 0xFFFFFF
#define COLOR_TOTAL_FILL 0xDDEBF7
#define COLOR_TITLE 0x1F4E78
#define COLOR_NOTE 0x595959
#define COLOR_BAD_FILL 0xFFC7CE
#define COLOR_BAD_FONT 0x9C0006

/* "£#,##0.00" */
#define MONEY_FORMAT "\xc2\xa3#,##0.00"

struct book {
	lxw_workbook *wb;
	lxw_format *title, *subtitle, *label, *header, *wrap, *note, *noteline, *money, *count, *pct,
		*total, *total_money, *total_count, *total_pct, *bad, *top, *top_wrap,
		*money_left, *count_left;
	struct buf cell;          /* sanitised text of the cell being written */
	lxw_worksheet *tall_ws;   /* the row last made taller for line breaks */
	lxw_row_t tall_row;
	unsigned tall_lines;
	lxw_error first_error;    /* first failed write, reported after close */
};

/* Length of the valid UTF-8 sequence at p (n bytes left) and its code point; 0 if invalid. */
static size_t utf8_seq(const unsigned char *p, size_t n, unsigned long *cp)
{
	unsigned long c;
	size_t len, i;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] >= 0xC2 && p[0] <= 0xDF) {
		len = 2;
		c = p[0] & 0x1Fu;
	} else if (p[0] >= 0xE0 && p[0] <= 0xEF) {
		len = 3;
		c = p[0] & 0x0Fu;
	} else if (p[0] >= 0xF0 && p[0] <= 0xF4) {
		len = 4;
		c = p[0] & 0x07u;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (p[i] & 0x3Fu);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
	    (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

static int hex_digit(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/*
 * Make text safe for a cell: invalid UTF-8, control characters and the
 * non-characters XML forbids become U+FFFD, CR LF becomes LF, a literal
 * "_xHHHH_" (which Excel would decode as an escape) is itself escaped, and
 * text past Excel's 32767-character limit is cut with an ellipsis.
 */
static const char *cell_text(struct book *bk, const char *s)
{
	static const char repl[] = "\xef\xbf\xbd";
	struct buf *b = &bk->cell;
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t n = strlen((const char *)p), units = 0;

	buf_reset(b);
	while (n) {
		unsigned long cp = 0;
		size_t len = utf8_seq(p, n, &cp), need;
		const char *out = (const char *)p;
		size_t outlen = len;

		if (!len) {
			out = repl;
			outlen = 3;
			len = 1;
		} else if (cp == '\r') {
			out = "\n";
			outlen = 1;
			if (n > 1 && p[1] == '\n')
				out = "", outlen = 0;
		} else if ((cp < 0x20 && cp != '\t' && cp != '\n') || (cp >= 0x7F && cp <= 0x9F) ||
			   cp == 0xFFFE || cp == 0xFFFF) {
			out = repl;
			outlen = 3;
		} else if (cp == '_' && n >= 7 && p[1] == 'x' && hex_digit((char)p[2]) &&
			   hex_digit((char)p[3]) && hex_digit((char)p[4]) && hex_digit((char)p[5]) &&
			   p[6] == '_') {
			out = "_x005F_";    /* the underscore, escaped; "xHHHH_" follows as is */
			outlen = 7;
		}
		/* UTF-16 units this character will take in Excel */
		need = !outlen ? 0 : (out == (const char *)p && cp >= 0x10000) ? 2 : 1;
		if (units + need > CELL_MAX_UNITS - 1) {
			buf_adds(b, "\xe2\x80\xa6");    /* … */
			break;
		}
		units += need;
		buf_add(b, out, outlen);
		p += len;
		n -= len;
	}
	return b->s;
}

static void note_error(struct book *bk, lxw_error e)
{
	if (e != LXW_NO_ERROR && bk->first_error == LXW_NO_ERROR)
		bk->first_error = e;
}

/* Give a row with line breaks the height for them (up to MAX_ROW_LINES). */
#define MAX_ROW_LINES 8
static void fit_lines(struct book *bk, lxw_worksheet *ws, lxw_row_t row, const char *t)
{
	unsigned lines = 1;

	for (; *t && lines < MAX_ROW_LINES; t++)
		lines += *t == '\n';
	if (bk->tall_ws != ws || bk->tall_row != row) {
		bk->tall_ws = ws;
		bk->tall_row = row;
		bk->tall_lines = 1;
	}
	if (lines > bk->tall_lines) {
		bk->tall_lines = lines;
		note_error(bk, worksheet_set_row(ws, row, 15.0 * lines, NULL));
	}
}

/*
 * Every text cell goes through here: write_string never makes a formula.
 * A NULL format is a plain data cell: top-aligned, and wrapped when the
 * text has line breaks so they do not spill over the neighbouring rows.
 */
static void put_text(struct book *bk, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
		     const char *s, lxw_format *fmt)
{
	const char *t = cell_text(bk, s);

	if (!fmt)
		fmt = strchr(t, '\n') ? bk->top_wrap : bk->top;
	if (!t[0]) {
		if (fmt != bk->top)
			note_error(bk, worksheet_write_blank(ws, row, col, fmt));
		return;
	}
	note_error(bk, worksheet_write_string(ws, row, col, t, fmt));
	if (fmt == bk->top_wrap)
		fit_lines(bk, ws, row, t);
}

static void put_number(struct book *bk, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
		       double v, lxw_format *fmt)
{
	note_error(bk, worksheet_write_number(ws, row, col, v, fmt));
}

static void put_money(struct book *bk, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
		      int64_t pence, lxw_format *fmt)
{
	put_number(bk, ws, row, col, (double)pence / 100.0, fmt);
}

struct column {
	const char *title;
	double width;
};

static void set_widths(struct book *bk, lxw_worksheet *ws, const struct column *cols,
		       size_t ncols)
{
	size_t c;

	for (c = 0; c < ncols; c++)
		note_error(bk, worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c,
						    cols[c].width, NULL));
}

static void put_header(struct book *bk, lxw_worksheet *ws, lxw_row_t row,
		       const struct column *cols, size_t ncols)
{
	size_t c;

	for (c = 0; c < ncols; c++)
		put_text(bk, ws, row, (lxw_col_t)c, cols[c].title, bk->header);
	note_error(bk, worksheet_set_row(ws, row, 30, NULL));
}

static lxw_format *new_format(lxw_workbook *wb)
{
	lxw_format *f = workbook_add_format(wb);

	format_set_font_name(f, "Calibri");
	format_set_font_size(f, 11);
	format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
	return f;
}

static void make_formats(struct book *bk)
{
	lxw_workbook *wb = bk->wb;

	bk->top = new_format(wb);
	bk->top_wrap = new_format(wb);
	format_set_text_wrap(bk->top_wrap);
	bk->title = new_format(wb);
	format_set_bold(bk->title);
	format_set_font_size(bk->title, 18);
	format_set_font_color(bk->title, COLOR_TITLE);
	bk->subtitle = new_format(wb);
	format_set_bold(bk->subtitle);
	format_set_font_size(bk->subtitle, 13);
	format_set_font_color(bk->subtitle, COLOR_TITLE);
	bk->label = new_format(wb);
	format_set_bold(bk->label);
	bk->header = new_format(wb);
	format_set_bold(bk->header);
	format_set_text_wrap(bk->header);
	format_set_font_color(bk->header, COLOR_HEADER_FONT);
	format_set_bg_color(bk->header, COLOR_HEADER_FILL);
	format_set_pattern(bk->header, LXW_PATTERN_SOLID);
	format_set_border(bk->header, LXW_BORDER_THIN);
	format_set_border_color(bk->header, 0xBFBFBF);
	bk->wrap = new_format(wb);
	format_set_text_wrap(bk->wrap);
	bk->note = new_format(wb);
	format_set_text_wrap(bk->note);
	format_set_italic(bk->note);
	format_set_font_color(bk->note, COLOR_NOTE);
	bk->noteline = new_format(wb);
	format_set_italic(bk->noteline);
	format_set_font_color(bk->noteline, COLOR_NOTE);
	bk->money = new_format(wb);
	format_set_num_format(bk->money, MONEY_FORMAT);
	bk->count = new_format(wb);
	format_set_num_format(bk->count, "#,##0");
	bk->money_left = new_format(wb);
	format_set_num_format(bk->money_left, MONEY_FORMAT);
	format_set_align(bk->money_left, LXW_ALIGN_LEFT);
	bk->count_left = new_format(wb);
	format_set_num_format(bk->count_left, "#,##0");
	format_set_align(bk->count_left, LXW_ALIGN_LEFT);
	bk->pct = new_format(wb);
	format_set_num_format(bk->pct, "0.00%");
	bk->total = new_format(wb);
	format_set_bold(bk->total);
	format_set_bg_color(bk->total, COLOR_TOTAL_FILL);
	format_set_pattern(bk->total, LXW_PATTERN_SOLID);
	format_set_top(bk->total, LXW_BORDER_THIN);
	bk->total_money = new_format(wb);
	format_set_bold(bk->total_money);
	format_set_bg_color(bk->total_money, COLOR_TOTAL_FILL);
	format_set_pattern(bk->total_money, LXW_PATTERN_SOLID);
	format_set_top(bk->total_money, LXW_BORDER_THIN);
	format_set_num_format(bk->total_money, MONEY_FORMAT);
	bk->total_count = new_format(wb);
	format_set_bold(bk->total_count);
	format_set_bg_color(bk->total_count, COLOR_TOTAL_FILL);
	format_set_pattern(bk->total_count, LXW_PATTERN_SOLID);
	format_set_top(bk->total_count, LXW_BORDER_THIN);
	format_set_num_format(bk->total_count, "#,##0");
	bk->total_pct = new_format(wb);
	format_set_bold(bk->total_pct);
	format_set_bg_color(bk->total_pct, COLOR_TOTAL_FILL);
	format_set_pattern(bk->total_pct, LXW_PATTERN_SOLID);
	format_set_top(bk->total_pct, LXW_BORDER_THIN);
	format_set_num_format(bk->total_pct, "0.00%");
	bk->bad = new_format(wb);
	format_set_bold(bk->bad);
	format_set_font_color(bk->bad, COLOR_BAD_FONT);
	format_set_bg_color(bk->bad, COLOR_BAD_FILL);
	format_set_pattern(bk->bad, LXW_PATTERN_SOLID);
}

static const char *kind_name(enum input_kind k)
{
	return k == INPUT_SUPPLIERS ? "supplier master" : "spend";
}

static const char *time_text(time_t t, char *out)
{
	if (!t) {
		out[0] = '\0';
		return out;
	}
	return run_time_format(t, out);
}

/* Rows of a paragraph merged across `ncols` columns of width `chars` in all. */
static void put_paragraph(struct book *bk, lxw_worksheet *ws, lxw_row_t row, lxw_col_t ncols,
			  double chars, const char *text, lxw_format *fmt)
{
	size_t lines = strlen(text) / (size_t)(chars * 0.95) + 1;

	note_error(bk, worksheet_merge_range(ws, row, 0, row, (lxw_col_t)(ncols - 1),
					     cell_text(bk, text), fmt));
	note_error(bk, worksheet_set_row(ws, row, 15.0 * (double)lines + 2.0, NULL));
}

/*
 * A sheet that is one table: landscape A4, one page wide, the header row
 * repeated on every printed page, frozen and filtered over `nrows` rows.
 * Set up before any row is written (constant_memory mode streams rows).
 */
static lxw_worksheet *add_table_sheet(struct book *bk, const char *name,
				      const struct column *cols, size_t ncols, size_t nrows,
				      lxw_col_t freeze_cols)
{
	lxw_worksheet *ws = workbook_add_worksheet(bk->wb, name);

	worksheet_set_landscape(ws);
	worksheet_set_paper(ws, 9);
	worksheet_fit_to_pages(ws, 1, 0);
	note_error(bk, worksheet_repeat_rows(ws, 0, 0));
	set_widths(bk, ws, cols, ncols);
	put_header(bk, ws, 0, cols, ncols);
	note_error(bk, worksheet_autofilter(ws, 0, 0, (lxw_row_t)nrows, (lxw_col_t)(ncols - 1)));
	worksheet_freeze_panes(ws, 1, freeze_cols);
	return ws;
}

static const struct column input_columns[] = {
	{ "File", 34 }, { "Kind", 16 }, { "Encoding", 13 }, { "Header line", 9 },
	{ "Profile", 12 }, { "Records", 10 }, { "Accepted", 10 }, { "Skipped", 10 },
	{ "Rejected", 10 }, { "Accepted spend (\xc2\xa3)", 16 }, { "Redacted spend (\xc2\xa3)", 16 },
	{ "SHA-256", 66 },
};
#define INPUT_NCOLS (sizeof(input_columns) / sizeof(input_columns[0]))

static void write_readme(struct book *bk, const struct scan_report *r)
{
	static const char *const about[] = {
		"This workbook lists every supplier the council paid in the period, from the "
		"published \"spend over \xc2\xa3" "500\" extracts named below, largest spend first. "
		"Contract managers work down the Suppliers sheet by spend: check each supplier's "
		"identity (IDs, company number, names seen) and record what is known about the "
		"goods, services and labour behind the contract.",
		"The risk columns on the Suppliers sheet (sector, scores, tier, priority, reasons "
		"and modern slavery statement status) are filled in by the risk model; where they "
		"are blank, the supplier has not been assessed yet. A risk flag is a prompt to "
		"look closer, never a finding that modern slavery is present.",
		"The Data quality sheet shows how every record in each input file was counted "
		"(records = accepted + skipped + rejected); the Rejected rows sheet lists each "
		"rejected row with the reason. Redacted payees are counted in the totals but cannot be assessed. "
		"Text from the input files is shown exactly as given and never runs as a formula.",
	};
	lxw_worksheet *ws = workbook_add_worksheet(bk->wb, "Read me");
	char t[64], m1[40], m2[40];
	unsigned long tot[4] = { 0, 0, 0, 0 };
	int64_t tot_acc = 0, tot_red = 0;
	lxw_row_t row;
	size_t i;

	worksheet_set_landscape(ws);
	worksheet_set_paper(ws, 9);
	worksheet_fit_to_pages(ws, 1, 0);
	worksheet_gridlines(ws, LXW_HIDE_ALL_GRIDLINES);
	set_widths(bk, ws, input_columns, INPUT_NCOLS);
	put_text(bk, ws, 0, 0, "Supplier risk workbook", bk->title);
	note_error(bk, worksheet_set_row(ws, 0, 28, NULL));

	row = 2;
	put_text(bk, ws, row, 0, "Council", bk->label);
	put_text(bk, ws, row++, 1, r->run.council, NULL);
	put_text(bk, ws, row, 0, "Period", bk->label);
	put_text(bk, ws, row++, 1, r->run.period, NULL);
	put_text(bk, ws, row, 0, "Payments dated", bk->label);
	if (r->first_date || r->last_date) {
		snprintf(t, sizeof(t), "%s to %s", date_format(r->first_date, m1),
			 date_format(r->last_date, m2));
		put_text(bk, ws, row++, 1, t, NULL);
	} else {
		put_text(bk, ws, row++, 1, "no dated payments", NULL);
	}
	put_text(bk, ws, row, 0, "Suppliers", bk->label);
	put_number(bk, ws, row++, 1, (double)r->nsuppliers, bk->count_left);
	put_text(bk, ws, row, 0, "Accepted spend", bk->label);
	put_money(bk, ws, row++, 1, r->spend_pence, bk->money_left);
	put_text(bk, ws, row, 0, "Redacted spend", bk->label);
	put_money(bk, ws, row, 1, r->redacted_pence, bk->money_left);
	snprintf(t, sizeof(t), "%lu redacted payment%s", r->redacted_rows,
		 r->redacted_rows == 1 ? "" : "s");
	put_text(bk, ws, row++, 2, t, NULL);
	put_text(bk, ws, row, 0, "Run ID", bk->label);
	put_text(bk, ws, row++, 1, r->run.id, NULL);
	put_text(bk, ws, row, 0, "Tool version", bk->label);
	snprintf(t, sizeof(t), "chainwatch %s", r->run.tool_version ? r->run.tool_version : "");
	put_text(bk, ws, row++, 1, t, NULL);
	put_text(bk, ws, row, 0, "Run started (UTC)", bk->label);
	put_text(bk, ws, row++, 1, time_text(r->run.started, t), NULL);
	put_text(bk, ws, row, 0, "Run finished (UTC)", bk->label);
	put_text(bk, ws, row++, 1, time_text(r->run.finished, t), NULL);

	row++;
	put_text(bk, ws, row++, 0, "About this workbook", bk->subtitle);
	for (i = 0; i < sizeof(about) / sizeof(about[0]); i++)
		put_paragraph(bk, ws, row++, 9, 34 + 14 + 13 + 9 + 12 + 10 * 4, about[i], bk->wrap);

	row++;
	put_text(bk, ws, row++, 0, "Inputs", bk->subtitle);
	put_header(bk, ws, row++, input_columns, INPUT_NCOLS);
	for (i = 0; i < r->ninputs; i++, row++) {
		const struct input_stats *in = &r->inputs[i];

		put_text(bk, ws, row, 0, in->path, bk->top);
		put_text(bk, ws, row, 1, kind_name(in->kind), NULL);
		put_text(bk, ws, row, 2, encoding_name(in->encoding), NULL);
		put_number(bk, ws, row, 3, (double)in->header_line, bk->count);
		put_text(bk, ws, row, 4, in->profile ? in->profile : "auto", NULL);
		put_number(bk, ws, row, 5, (double)in->records, bk->count);
		put_number(bk, ws, row, 6, (double)in->accepted, bk->count);
		put_number(bk, ws, row, 7, (double)in->skipped, bk->count);
		put_number(bk, ws, row, 8, (double)in->rejected, bk->count);
		put_money(bk, ws, row, 9, in->accepted_pence, bk->money);
		put_money(bk, ws, row, 10, in->redacted_pence, bk->money);
		put_text(bk, ws, row, 11, in->sha256, NULL);
		tot[0] += in->records;
		tot[1] += in->accepted;
		tot[2] += in->skipped;
		tot[3] += in->rejected;
		tot_acc += in->accepted_pence;
		tot_red += in->redacted_pence;
	}
	put_text(bk, ws, row, 0, "Total", bk->total);
	for (i = 1; i <= 4; i++)
		put_text(bk, ws, row, (lxw_col_t)i, "", bk->total);
	for (i = 0; i < 4; i++)
		put_number(bk, ws, row, (lxw_col_t)(5 + i), (double)tot[i], bk->total_count);
	put_money(bk, ws, row, 9, tot_acc, bk->total_money);
	put_money(bk, ws, row, 10, tot_red, bk->total_money);
	put_text(bk, ws, row, 11, "", bk->total);
	row += 2;
	put_paragraph(bk, ws, row, 9, 120,
		      "Records are the rows below each file's header row. Skipped rows are blank "
		      "lines, total lines and control rows; rejected rows are listed on the Rejected "
		      "rows sheet. SHA-256 identifies the exact file that was read.",
		      bk->note);
}

static const struct column supplier_columns[] = {
	{ "Supplier key", 22 }, { "Name", 38 }, { "Supplier IDs", 16 }, { "Names seen", 42 },
	{ "Company number", 12 }, { "VAT number", 15 }, { "Spend (\xc2\xa3)", 15 },
	{ "Transactions", 12 }, { "In supplier master", 10 }, { "Matched by", 15 },
	{ "Country", 15 },
	/* filled by the risk model */
	{ "Sector", 24 }, { "Sector score", 9 }, { "Mapped by", 16 }, { "Geography score", 10 },
	{ "Goods score", 9 }, { "Risk score", 9 }, { "Tier", 9 }, { "Priority", 9 },
	{ "Reasons", 48 }, { "Statement status", 18 },
};
#define SUPPLIER_NCOLS (sizeof(supplier_columns) / sizeof(supplier_columns[0]))

static void write_suppliers(struct book *bk, const struct scan_report *r)
{
	lxw_worksheet *ws = add_table_sheet(bk, "Suppliers", supplier_columns, SUPPLIER_NCOLS,
					    r->nsuppliers, 2);
	char range[64];
	lxw_row_t row;
	size_t i;

	for (i = 0, row = 1; i < r->nsuppliers; i++, row++) {
		const struct supplier *s = r->suppliers[i];
		char *ids = supplier_ids_joined(s);
		char *names = supplier_names_joined(s);

		put_text(bk, ws, row, 0, s->key, NULL);
		put_text(bk, ws, row, 1, s->name, NULL);
		put_text(bk, ws, row, 2, ids, NULL);
		put_text(bk, ws, row, 3, names, NULL);
		put_text(bk, ws, row, 4, s->company_number, NULL);
		put_text(bk, ws, row, 5, s->vat, NULL);
		put_money(bk, ws, row, 6, s->spend_pence, bk->money);
		put_number(bk, ws, row, 7, (double)s->transactions, bk->count);
		put_text(bk, ws, row, 8, s->in_master ? "Yes" : "No", NULL);
		put_text(bk, ws, row, 9, s->match, NULL);
		put_text(bk, ws, row, 10, s->country, NULL);
		free(ids);
		free(names);
	}
	/* IDs and numbers kept as text: no green "number stored as text" triangles. */
	snprintf(range, sizeof(range), "A2:F%lu", (unsigned long)r->nsuppliers + 1);
	if (r->nsuppliers)
		note_error(bk, worksheet_ignore_errors(ws, LXW_IGNORE_NUMBER_STORED_AS_TEXT, range));
}

static const struct column quality_columns[] = {
	{ "File", 34 }, { "Records", 10 }, { "Accepted", 10 }, { "Skipped", 10 },
	{ "Skipped blank", 10 }, { "Skipped totals", 10 }, { "Skipped control", 10 },
	{ "Rejected", 10 }, { "Reject rate", 10 }, { "Accepted spend (\xc2\xa3)", 16 },
	{ "Redacted rows", 10 }, { "Redacted spend (\xc2\xa3)", 16 }, { "Reconciles", 11 },
};
#define QUALITY_NCOLS (sizeof(quality_columns) / sizeof(quality_columns[0]))

static const struct column reject_columns[] = {
	{ "File", 34 }, { "Line", 9 }, { "Reason", 60 }, { "Raw row", 110 },
};
#define REJECT_NCOLS (sizeof(reject_columns) / sizeof(reject_columns[0]))

/* "Showing the first N of M rejected rows..." */
static void rejected_summary(const struct scan_report *r, char *t, size_t tsz)
{
	if (!r->rejections_total)
		snprintf(t, tsz, "No rows were rejected.");
	else if (r->nrejections < r->rejections_total)
		snprintf(t, tsz, "Showing the first %lu of %lu rejected rows; all of them are in "
			 "rejected-rows.csv.", (unsigned long)r->nrejections, r->rejections_total);
	else
		snprintf(t, tsz, "%lu rejected row%s, also in rejected-rows.csv.",
			 r->rejections_total, r->rejections_total == 1 ? "" : "s");
}

static void write_quality(struct book *bk, const struct scan_report *r)
{
	lxw_worksheet *ws = add_table_sheet(bk, "Data quality", quality_columns, QUALITY_NCOLS,
					    r->ninputs, 1);
	unsigned long tot[9] = { 0 };
	int64_t tot_acc = 0, tot_red = 0;
	char t[200];
	lxw_row_t row;
	size_t i;

	for (i = 0, row = 1; i < r->ninputs; i++, row++) {
		const struct input_stats *in = &r->inputs[i];
		int ok = in->records == in->accepted + in->skipped + in->rejected;

		put_text(bk, ws, row, 0, in->path, NULL);
		put_number(bk, ws, row, 1, (double)in->records, bk->count);
		put_number(bk, ws, row, 2, (double)in->accepted, bk->count);
		put_number(bk, ws, row, 3, (double)in->skipped, bk->count);
		put_number(bk, ws, row, 4, (double)in->skipped_blank, bk->count);
		put_number(bk, ws, row, 5, (double)in->skipped_total, bk->count);
		put_number(bk, ws, row, 6, (double)in->skipped_control, bk->count);
		put_number(bk, ws, row, 7, (double)in->rejected, bk->count);
		put_number(bk, ws, row, 8,
			   in->records ? (double)in->rejected / (double)in->records : 0.0, bk->pct);
		put_money(bk, ws, row, 9, in->accepted_pence, bk->money);
		put_number(bk, ws, row, 10, (double)in->redacted, bk->count);
		put_money(bk, ws, row, 11, in->redacted_pence, bk->money);
		put_text(bk, ws, row, 12, ok ? "Yes" : "No", ok ? NULL : bk->bad);
		tot[0] += in->records;
		tot[1] += in->accepted;
		tot[2] += in->skipped;
		tot[3] += in->skipped_blank;
		tot[4] += in->skipped_total;
		tot[5] += in->skipped_control;
		tot[6] += in->rejected;
		tot[7] += in->redacted;
		tot[8] += in->records == in->accepted + in->skipped + in->rejected;
		tot_acc += in->accepted_pence;
		tot_red += in->redacted_pence;
	}
	put_text(bk, ws, row, 0, "Total", bk->total);
	for (i = 0; i < 7; i++)
		put_number(bk, ws, row, (lxw_col_t)(1 + i), (double)tot[i], bk->total_count);
	put_number(bk, ws, row, 8, tot[0] ? (double)tot[6] / (double)tot[0] : 0.0,
		   bk->total_pct);
	put_money(bk, ws, row, 9, tot_acc, bk->total_money);
	put_number(bk, ws, row, 10, (double)tot[7], bk->total_count);
	put_money(bk, ws, row, 11, tot_red, bk->total_money);
	put_text(bk, ws, row, 12, tot[8] == r->ninputs ? "Yes" : "No",
		 tot[8] == r->ninputs ? bk->total : bk->bad);
	row += 2;
	put_paragraph(bk, ws, row++, 9, 110,
		      "Each file reconciles when records = accepted + skipped + rejected. Skipped "
		      "rows are blank lines, total lines and control rows. Redacted rows are "
		      "payments whose payee the council withheld: their spend is counted in the "
		      "totals but cannot be assessed.", bk->note);
	rejected_summary(r, t, sizeof(t));
	put_paragraph(bk, ws, row++, 9, 110, t, bk->note);
	if (r->rejections_total)
		put_paragraph(bk, ws, row++, 9, 110,
			      "The rejected rows, with the reason for each, are on the Rejected "
			      "rows sheet.", bk->note);
}

static void write_rejected(struct book *bk, const struct scan_report *r)
{
	lxw_worksheet *ws = add_table_sheet(bk, "Rejected rows", reject_columns, REJECT_NCOLS,
					    r->nrejections, 0);
	char t[200];
	lxw_row_t row;
	size_t i;

	for (i = 0, row = 1; i < r->nrejections; i++, row++) {
		const struct rejection *rj = &r->rejections[i];

		put_text(bk, ws, row, 0, rj->file, NULL);
		put_number(bk, ws, row, 1, (double)rj->line, NULL);
		put_text(bk, ws, row, 2, rj->reason, NULL);
		put_text(bk, ws, row, 3, rj->raw, NULL);
	}
	rejected_summary(r, t, sizeof(t));
	put_text(bk, ws, row + 1, 0, t, bk->noteline);
}

int riskbook_write(const char *path, const struct scan_report *r, struct diag *err)
{
	struct book bk;
	lxw_doc_properties props;
	char title[256];
	lxw_workbook_options opts;
	lxw_error e;
	FILE *fp;
	int ret = -1;

	memset(&bk, 0, sizeof(bk));
	buf_init(&bk.cell, 0);
	if (r->nsuppliers >= LXW_ROW_MAX - 1 || r->nrejections > REPORT_MAX_REJECTIONS) {
		diag_set(err, CW_OUTPUT, "cannot write '%s': too many rows for one worksheet", path);
		goto out;
	}
	/*
	 * libxlsxwriter opens the file only in workbook_close() and prints its
	 * own message when that fails; try it first so the reason is ours.
	 */
	fp = fopen(path, "wb");
	if (!fp || fclose(fp) != 0) {
		diag_set(err, CW_OUTPUT, "cannot write '%s': %s", path, strerror(errno));
		goto out;
	}
	/*
	 * constant_memory: rows are streamed to disk as each sheet is written
	 * (every sheet here is written top to bottom), with inline strings:
	 * memory stays flat however many suppliers there are.
	 */
	memset(&opts, 0, sizeof(opts));
	opts.constant_memory = LXW_TRUE;
	bk.wb = workbook_new_opt(path, &opts);
	if (!bk.wb) {
		diag_set(err, CW_OUTPUT, "cannot write '%s': %s", path, strerror(errno));
		goto out;
	}
	make_formats(&bk);

	memset(&props, 0, sizeof(props));
	snprintf(title, sizeof(title), "Supplier risk workbook: %s %s",
		 r->run.council ? r->run.council : "", r->run.period ? r->run.period : "");
	props.title = title;
	props.subject = "Modern slavery risk in supplier spend";
	props.author = "chainwatch";
	props.company = (char *)(r->run.council ? r->run.council : "");
	props.comments = (char *)r->run.id;
	/* 0 would mean "now"; the run's own clock keeps the bytes reproducible. */
	props.created = r->run.started ? r->run.started : 1;
	note_error(&bk, workbook_set_properties(bk.wb, &props));

	write_readme(&bk, r);
	write_suppliers(&bk, r);
	write_quality(&bk, r);
	write_rejected(&bk, r);

	errno = 0;
	e = workbook_close(bk.wb);
	bk.wb = NULL;
	if (e == LXW_ERROR_CREATING_XLSX_FILE && errno) {
		diag_set(err, CW_OUTPUT, "cannot write '%s': %s", path, strerror(errno));
		goto out;
	}
	if (e != LXW_NO_ERROR) {
		diag_set(err, CW_OUTPUT, "cannot write '%s': %s", path, lxw_strerror(e));
		goto out;
	}
	if (bk.first_error != LXW_NO_ERROR) {
		diag_set(err, CW_OUTPUT, "cannot write '%s': %s", path, lxw_strerror(bk.first_error));
		goto out;
	}
	ret = 0;
out:
	buf_release(&bk.cell);
	return ret;
}
