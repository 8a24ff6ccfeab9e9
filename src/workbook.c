#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "chainwatch/amount.h"
#include "chainwatch/buf.h"
#include "chainwatch/date.h"
#include "chainwatch/encoding.h"
#include "chainwatch/flags.h"
#include "chainwatch/reference.h"
#include "chainwatch/risk.h"
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
#define COLOR_INPUT_FILL 0xFFF9E6      /* cells the contract manager fills in */

/* RAG fills for the tier (and flag severity) cells: fill, font, chart colour */
static const struct {
	lxw_color_t fill, font, chart;
} rag[4] = {
	[TIER_HIGH] = { 0xFFC7CE, 0x9C0006, 0xC0504D },
	[TIER_MEDIUM] = { 0xFFEB9C, 0x9C5700, 0xFFC000 },
	[TIER_LOW] = { 0xC6EFCE, 0x006100, 0x70AD47 },
	[TIER_GREY] = { 0xD9D9D9, 0x3F3F3F, 0xA6A6A6 },
};

/* "£#,##0.00" */
#define MONEY_FORMAT "\xc2\xa3#,##0.00"

struct book {
	lxw_workbook *wb;
	lxw_format *title, *subtitle, *label, *header, *wrap, *note, *noteline, *money, *count, *pct,
		*total, *total_money, *total_count, *total_pct, *bad, *top, *top_wrap,
		*money_left, *count_left, *priority, *score, *tier[4], *input, *input_date, *input_wrap;
	struct buf cell;          /* sanitised text of the cell being written */
	struct buf text;          /* text being put together for a cell */
	struct buf reasons;       /* a supplier's reasons, rendered */
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
		size_t len, need, run = 0;

		/* a run of plain ASCII goes across in one piece */
		while (run < n && ((p[run] >= 0x20 && p[run] < 0x7F && p[run] != '_') ||
				   p[run] == '\n' || p[run] == '\t'))
			run++;
		if (run) {
			if (units + run > CELL_MAX_UNITS - 1)
				run = CELL_MAX_UNITS - 1 - units;
			buf_add(b, p, run);
			units += run;
			p += run;
			n -= run;
			if (units >= CELL_MAX_UNITS - 1 && n) {
				buf_adds(b, "\xe2\x80\xa6");    /* … */
				break;
			}
			continue;
		}
		len = utf8_seq(p, n, &cp);
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

/* Make a row tall enough for `lines` lines of text (rows only ever grow). */
#define MAX_ROW_LINES 12
static void fit_rows(struct book *bk, lxw_worksheet *ws, lxw_row_t row, unsigned lines)
{
	if (lines > MAX_ROW_LINES)
		lines = MAX_ROW_LINES;
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
 * Lines that text takes when wrapped in a column `width` characters wide:
 * Calibri 11 fits about 1.15 characters of prose per unit of column width
 * once words are kept whole.  0 width counts line breaks only.
 */
static unsigned wrapped_lines(const char *t, double width)
{
	size_t per = width >= 1.0 ? (size_t)(width * 1.15) : (size_t)-1, n = 0;
	unsigned lines = 0;

	for (;; t++) {
		if (!*t || *t == '\n') {
			lines += 1 + (unsigned)(n ? (n - 1) / per : 0);
			n = 0;
			if (!*t || lines >= MAX_ROW_LINES)
				break;
		} else if ((*t & 0xC0) != 0x80) {
			n++;
		}
	}
	return lines;
}

static void fit_lines(struct book *bk, lxw_worksheet *ws, lxw_row_t row, const char *t)
{
	fit_rows(bk, ws, row, wrapped_lines(t, 0));
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

/* Text wrapped in a column `width` characters wide, the row made tall enough for it. */
static void put_wrapped(struct book *bk, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
			const char *s, double width, lxw_format *fmt)
{
	const char *t = cell_text(bk, s);

	if (!t[0])
		return;
	note_error(bk, worksheet_write_string(ws, row, col, t, fmt ? fmt : bk->top_wrap));
	fit_rows(bk, ws, row, wrapped_lines(t, width));
}

/* Text merged across columns c1..c2 (`width` characters in all), wrapped. */
static void put_merged(struct book *bk, lxw_worksheet *ws, lxw_row_t row, lxw_col_t c1,
		       lxw_col_t c2, const char *s, double width, lxw_format *fmt)
{
	const char *t = cell_text(bk, s);

	note_error(bk, worksheet_merge_range(ws, row, c1, row, c2, t, fmt ? fmt : bk->top_wrap));
	fit_rows(bk, ws, row, wrapped_lines(t, width));
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
	int i;

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
	bk->score = new_format(wb);
	format_set_num_format(bk->score, "#,##0");
	format_set_align(bk->score, LXW_ALIGN_CENTER);
	bk->priority = new_format(wb);
	format_set_num_format(bk->priority, "0.00");
	for (i = 0; i < 4; i++) {
		bk->tier[i] = new_format(wb);
		format_set_bold(bk->tier[i]);
		format_set_align(bk->tier[i], LXW_ALIGN_CENTER);
		format_set_font_color(bk->tier[i], rag[i].font);
		format_set_bg_color(bk->tier[i], rag[i].fill);
		format_set_pattern(bk->tier[i], LXW_PATTERN_SOLID);
		format_set_border(bk->tier[i], LXW_BORDER_THIN);
		format_set_border_color(bk->tier[i], 0xFFFFFF);
	}
	bk->input = new_format(wb);
	bk->input_date = new_format(wb);
	bk->input_wrap = new_format(wb);
	format_set_num_format(bk->input_date, "yyyy-mm-dd");
	format_set_text_wrap(bk->input_wrap);
	for (i = 0; i < 3; i++) {
		lxw_format *f = i == 0 ? bk->input : i == 1 ? bk->input_date : bk->input_wrap;

		format_set_bg_color(f, COLOR_INPUT_FILL);
		format_set_pattern(f, LXW_PATTERN_SOLID);
		format_set_border(f, LXW_BORDER_HAIR);
		format_set_border_color(f, 0xBFBFBF);
	}
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

static const struct {
	const char *tier, *score, *means, *action;
} tier_help[4] = {
	[TIER_HIGH] = { "High", "70 or more",
		"The supplier's sector, workforce model, location or goods carry a high risk of "
		"modern slavery.",
		"Review now: ask for the supplier's modern slavery due diligence, staffing model "
		"and subcontracting (the Modern Slavery Assessment Tool, MSAT); consider audit "
		"rights, contract clauses and an action plan. PPN 02/23: a high-risk contract." },
	[TIER_MEDIUM] = { "Medium", "40 to 69", "Some risk factors are present.",
		"Review at the next contract touchpoint: check the supplier's modern slavery "
		"statement and policies, and ask about its workforce and supply chain." },
	[TIER_LOW] = { "Low", "under 40", "Few risk factors in the data.",
		"No action beyond standard contract terms; look again if the contract changes." },
	[TIER_GREY] = { "Grey", "not enough data",
		"Nothing maps the supplier to a sector. Its score uses conservative defaults, so "
		"missing data never lowers it.",
		"Classify the supplier: add its SIC code to the supplier master, or its expense "
		"type to sectors/sectors.json, so the next run can judge it." },
};

/* Read me: the tiers and how the score works.  Returns the next free row. */
static lxw_row_t write_readme_tiers(struct book *bk, lxw_worksheet *ws, lxw_row_t row)
{
	static const struct column cols[] = {
		{ "Tier", 34 }, { "Risk score", 16 }, { "What it means", 54 },
		{ "What the contract manager does (PPN 02/23 aligned)", 118 },
	};
	int t;

	put_text(bk, ws, row++, 0, "Tiers", bk->subtitle);
	put_text(bk, ws, row, 0, cols[0].title, bk->header);
	put_text(bk, ws, row, 1, cols[1].title, bk->header);
	put_merged(bk, ws, row, 2, 6, cols[2].title, cols[2].width, bk->header);
	put_merged(bk, ws, row, 7, 11, cols[3].title, cols[3].width, bk->header);
	note_error(bk, worksheet_set_row(ws, row++, 20, NULL));
	for (t = 0; t < 4; t++, row++) {
		put_text(bk, ws, row, 0, tier_help[t].tier, bk->tier[t]);
		put_text(bk, ws, row, 1, tier_help[t].score, NULL);
		put_merged(bk, ws, row, 2, 6, tier_help[t].means, cols[2].width, NULL);
		put_merged(bk, ws, row, 7, 11, tier_help[t].action, cols[3].width, NULL);
	}
	row++;
	put_text(bk, ws, row++, 0, "How the score works", bk->subtitle);
	put_paragraph(bk, ws, row++, 9, 122,
		      "Each supplier is mapped to a sector: from its SIC code, else the purchase "
		      "codes, else the council's expense type, else a word in its name (the Mapped "
		      "by column says which). Four things are scored from 0 to 100: the sector (S); "
		      "the workforce model typical of the sector (W); the geography of the "
		      "supplier's country, from the Global Slavery Index 2023 (G); and, for "
		      "suppliers of goods, the goods and where they come from, from the US DOL "
		      "TVPRA list (P, G origin). Own operations = 0.45 S + 0.35 W + 0.20 G; goods "
		      "= 0.5 P + 0.5 G origin; the risk score is the larger of the two plus 0.15 of "
		      "the smaller, at most 100. Priority = risk score \xc3\x97 log10(1 + spend in "
		      "\xc2\xa3), so the lists start with high risk and high spend. The Reasons "
		      "column shows every number behind a score. The full method, its sources and "
		      "where it departs from them are in docs/risk-model.md.", bk->wrap);
	return row;
}

/* Read me: the reference files the model read. */
static void write_readme_reference(struct book *bk, lxw_worksheet *ws, lxw_row_t row,
				   const struct reference *ref)
{
	size_t i, n = reference_file_count(ref);

	put_text(bk, ws, row++, 0, "Reference data", bk->subtitle);
	put_text(bk, ws, row, 0, "File", bk->header);
	put_merged(bk, ws, row, 1, 4, "Version", 50, bk->header);
	put_merged(bk, ws, row, 5, 10, "Source", 72, bk->header);
	put_text(bk, ws, row, 11, "SHA-256", bk->header);
	note_error(bk, worksheet_set_row(ws, row++, 20, NULL));
	for (i = 0; i < n; i++, row++) {
		const struct reference_file *f = reference_file_at(ref, i);

		put_text(bk, ws, row, 0, f->path, bk->top);
		put_merged(bk, ws, row, 1, 4, f->version, 50, NULL);
		put_merged(bk, ws, row, 5, 10, f->source, 72, NULL);
		put_text(bk, ws, row, 11, f->sha256, NULL);
	}
}

static void write_readme(struct book *bk, const struct scan_report *r)
{
	static const char *const about[] = {
		"This workbook lists every supplier the council paid in the period, from the "
		"published \"spend over \xc2\xa3" "500\" extracts named below, in priority order: "
		"high risk and high spend first. The Summary sheet shows spend by tier and the "
		"suppliers to review first; the Suppliers sheet has one row per supplier with its "
		"identity (IDs, company number, names seen), its sector and how it was mapped, its "
		"scores, its tier and the reasons; the Flags sheet lists each finding to review, "
		"with columns for the contract manager's review.",
		"A risk score, tier or flag is an indicator for review, never a finding that modern "
		"slavery is present. Statement status (the Modern Slavery Statement registry) is "
		"not checked yet and is left blank.",
		"The Data quality sheet shows how every record in each input file was counted "
		"(records = accepted + skipped + rejected); the Rejected rows sheet lists each "
		"rejected row with the reason. Redacted payees are counted in the totals but cannot be assessed. "
		"Text from the input files is shown exactly as given and never runs as a formula. "
		"The Reference sheet shows the sectors and countries this run used, and the "
		"reference files with their versions.",
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
	row = write_readme_tiers(bk, ws, row);
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
	put_paragraph(bk, ws, row++, 9, 120,
		      "Records are the rows below each file's header row. Skipped rows are blank "
		      "lines, total lines and control rows; rejected rows are listed on the Rejected "
		      "rows sheet. SHA-256 identifies the exact file that was read.",
		      bk->note);
	if (r->reference)
		write_readme_reference(bk, ws, row + 1, r->reference);
}

/* ---- Summary ---- */

struct tally {
	const void *what;          /* the sector or country; NULL: none */
	unsigned long n;
	int64_t pence;
};

/* The tally for `what` in t[0..*n), added when new. */
static struct tally *tally_of(struct tally **t, size_t *n, const void *what)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if ((*t)[i].what == what)
			return &(*t)[i];
	*t = xreallocarray(*t, *n + 1, sizeof(**t));
	memset(&(*t)[*n], 0, sizeof(**t));
	(*t)[*n].what = what;
	return &(*t)[(*n)++];
}

static const char *sector_label(const void *what)
{
	return what ? ((const struct sector *)what)->label : "Not classified (Grey)";
}

/* Spend first, then label: the order of the sector table and chart. */
static int by_spend(const void *x, const void *y)
{
	const struct tally *a = x, *b = y;

	if (a->pence != b->pence)
		return a->pence > b->pence ? -1 : 1;
	if (a->n != b->n)
		return a->n > b->n ? -1 : 1;
	return strcmp(sector_label(a->what), sector_label(b->what));
}

/* The suppliers of each sector used in the run, by spend (caller frees). */
static struct tally *sectors_used(const struct scan_report *r, size_t *n)
{
	struct tally *t = NULL, *one;
	size_t i;

	*n = 0;
	for (i = 0; i < r->nsuppliers; i++) {
		one = tally_of(&t, n, r->assessments[i].sector.sector);
		one->n++;
		one->pence += r->suppliers[i]->spend_pence;
	}
	if (*n)
		qsort(t, *n, sizeof(*t), by_spend);
	return t;
}

/*
 * The one reason a list should show: the goods channel when it outweighs
 * the supplier's own operations, else the sector (the first reason).
 */
static const char *main_reason(struct book *bk, const struct supplier *s,
			       const struct assessment *a)
{
	const char *from = risk_reasons(s, a, &bk->reasons), *end, *goods;

	if (a->goods_score >= 0 && a->b_goods > a->a_ops && (goods = strstr(from, "; Goods: ")))
		from = goods + 2;
	end = strstr(from, "; ");
	buf_reset(&bk->text);
	buf_add(&bk->text, from, end ? (size_t)(end - from) : strlen(from));
	return bk->text.s;
}

static const struct column summary_columns[] = {
	{ "Rank", 9 }, { "Supplier", 38 }, { "Sector", 28 }, { "Risk score", 10 },
	{ "Spend (\xc2\xa3)", 15 }, { "Tier", 10 }, { "Main reason", 72 },
};
#define SUMMARY_NCOLS (sizeof(summary_columns) / sizeof(summary_columns[0]))
#define SUMMARY_TOP 25
#define SUMMARY_SECTORS 10       /* sectors charted by name; the rest are grouped */
#define ROW_PIXELS 20            /* a default 15-point row */

static void tier_chart(struct book *bk, lxw_worksheet *ws, lxw_row_t first, lxw_row_t at)
{
	lxw_chart *ch = workbook_add_chart(bk->wb, LXW_CHART_PIE);
	lxw_chart_fill fill[4];
	lxw_chart_point pt[4], *pts[5];
	lxw_chart_series *se;
	lxw_chart_options opt;
	lxw_chart_font font;
	int t;

	se = chart_add_series(ch, NULL, NULL);
	chart_series_set_categories(se, "Summary", first, 0, first + 3, 0);
	chart_series_set_values(se, "Summary", first, 4, first + 3, 4);
	chart_series_set_name(se, "Spend by tier");
	memset(fill, 0, sizeof(fill));
	memset(pt, 0, sizeof(pt));
	for (t = 0; t < 4; t++) {
		fill[t].color = rag[t].chart;
		pt[t].fill = &fill[t];
		pts[t] = &pt[t];
	}
	pts[4] = NULL;
	note_error(bk, chart_series_set_points(se, pts));
	chart_series_set_labels_percentage(se);
	chart_series_set_labels_options(se, LXW_FALSE, LXW_TRUE, LXW_FALSE);
	chart_series_set_labels_separator(se, LXW_CHART_LABEL_SEPARATOR_NEWLINE);
	chart_series_set_labels_position(se, LXW_CHART_LABEL_POSITION_BEST_FIT);
	chart_title_set_name(ch, "Spend by tier");
	memset(&font, 0, sizeof(font));
	font.size = 12;
	font.bold = LXW_TRUE;
	chart_title_set_name_font(ch, &font);
	chart_legend_set_position(ch, LXW_CHART_LEGEND_NONE);
	memset(&opt, 0, sizeof(opt));
	opt.x_offset = 10;
	opt.x_scale = 480.0 / 480.0;
	opt.y_scale = 260.0 / 288.0;
	opt.object_position = LXW_OBJECT_MOVE_DONT_SIZE;
	note_error(bk, worksheet_insert_chart_opt(ws, at, 6, ch, &opt));
}

static void sector_chart(struct book *bk, lxw_worksheet *ws, lxw_row_t first, size_t n,
			 lxw_row_t at)
{
	lxw_chart *ch = workbook_add_chart(bk->wb, LXW_CHART_BAR);
	lxw_chart_fill fill;
	lxw_chart_series *se;
	lxw_chart_options opt;
	lxw_chart_font font;

	se = chart_add_series(ch, NULL, NULL);
	chart_series_set_categories(se, "Summary", first, 1, (lxw_row_t)(first + n - 1), 1);
	chart_series_set_values(se, "Summary", first, 4, (lxw_row_t)(first + n - 1), 4);
	chart_series_set_name(se, "Spend");
	memset(&fill, 0, sizeof(fill));
	fill.color = COLOR_HEADER_FILL;
	chart_series_set_fill(se, &fill);
	chart_set_series_gap(ch, 60);
	chart_title_set_name(ch, "Spend by sector");
	memset(&font, 0, sizeof(font));
	font.size = 12;
	font.bold = LXW_TRUE;
	chart_title_set_name_font(ch, &font);
	chart_legend_set_position(ch, LXW_CHART_LEGEND_NONE);
	chart_axis_set_reverse(ch->y_axis);      /* largest at the top */
	chart_axis_set_num_format(ch->x_axis, "\xc2\xa3#,##0");
	memset(&opt, 0, sizeof(opt));
	opt.x_offset = 10;
	opt.x_scale = 1.0;
	opt.y_scale = (double)(90 + 26 * n) / 288.0;
	opt.object_position = LXW_OBJECT_MOVE_DONT_SIZE;
	note_error(bk, worksheet_insert_chart_opt(ws, at, 6, ch, &opt));
}

static void write_summary(struct book *bk, const struct scan_report *r)
{
	lxw_worksheet *ws = workbook_add_worksheet(bk->wb, "Summary");
	struct tally tiers[4], *sec = NULL;
	unsigned long nall = 0;
	int64_t all = 0, other_pence = 0;
	unsigned long other_n = 0;
	size_t nsec = 0, shown, i;
	lxw_row_t row, first, charts_end;
	char t[160], money[48];
	int k;

	worksheet_set_landscape(ws);
	worksheet_set_paper(ws, 9);
	worksheet_fit_to_pages(ws, 1, 0);
	worksheet_gridlines(ws, LXW_HIDE_ALL_GRIDLINES);
	set_widths(bk, ws, summary_columns, SUMMARY_NCOLS);
	snprintf(t, sizeof(t), "Summary: %s, %s", r->run.council ? r->run.council : "",
		 r->run.period ? r->run.period : "");
	put_text(bk, ws, 0, 0, t, bk->title);
	note_error(bk, worksheet_set_row(ws, 0, 28, NULL));
	amount_format_gbp(r->spend_pence, money);
	snprintf(t, sizeof(t), "%s paid to %lu supplier%s. A tier is an indicator for review, "
		 "never a finding.", money, (unsigned long)r->nsuppliers,
		 r->nsuppliers == 1 ? "" : "s");
	put_text(bk, ws, 1, 0, t, bk->noteline);
	if (!r->assessments) {
		put_text(bk, ws, 3, 0, "The suppliers have not been assessed: no risk model "
			 "was run.", bk->noteline);
		return;
	}

	memset(tiers, 0, sizeof(tiers));
	for (i = 0; i < r->nsuppliers; i++) {
		enum tier tr = r->assessments[i].tier;

		if ((unsigned)tr > TIER_GREY)
			tr = TIER_GREY;
		tiers[tr].n++;
		tiers[tr].pence += r->suppliers[i]->spend_pence;
		nall++;
		all += r->suppliers[i]->spend_pence;
	}

	/* spend by tier: the pie chart's data */
	row = 3;
	put_text(bk, ws, row++, 0, "Spend and suppliers by tier", bk->subtitle);
	put_text(bk, ws, row, 0, "Tier", bk->header);
	put_merged(bk, ws, row, 1, 2, "What to do", 66, bk->header);
	put_text(bk, ws, row, 3, "Suppliers", bk->header);
	put_text(bk, ws, row, 4, "Spend (\xc2\xa3)", bk->header);
	put_text(bk, ws, row, 5, "Share of spend", bk->header);
	note_error(bk, worksheet_set_row(ws, row++, 30, NULL));
	first = row;
	for (k = 0; k < 4; k++, row++) {
		static const char *const todo[4] = {
			"Review now", "Review at the next contract touchpoint",
			"No action beyond standard terms", "Classify the supplier",
		};

		put_text(bk, ws, row, 0, tier_name((enum tier)k), bk->tier[k]);
		put_merged(bk, ws, row, 1, 2, todo[k], 66, bk->top);
		put_number(bk, ws, row, 3, (double)tiers[k].n, bk->count);
		put_money(bk, ws, row, 4, tiers[k].pence, bk->money);
		put_number(bk, ws, row, 5, all ? (double)tiers[k].pence / (double)all : 0.0,
			   bk->pct);
	}
	put_text(bk, ws, row, 0, "Total", bk->total);
	put_merged(bk, ws, row, 1, 2, "", 66, bk->total);
	put_number(bk, ws, row, 3, (double)nall, bk->total_count);
	put_money(bk, ws, row, 4, all, bk->total_money);
	put_number(bk, ws, row++, 5, all ? 1.0 : 0.0, bk->total_pct);
	tier_chart(bk, ws, first, 3);
	charts_end = 3 + 14;

	/* spend by sector: the bar chart's data */
	sec = sectors_used(r, &nsec);
	shown = nsec > SUMMARY_SECTORS + 1 ? SUMMARY_SECTORS : nsec;
	for (i = shown; i < nsec; i++) {
		other_n += sec[i].n;
		other_pence += sec[i].pence;
	}
	row++;
	put_text(bk, ws, row++, 0, "Spend by sector", bk->subtitle);
	put_text(bk, ws, row, 0, "", bk->header);
	put_merged(bk, ws, row, 1, 2, "Sector", 66, bk->header);
	put_text(bk, ws, row, 3, "Suppliers", bk->header);
	put_text(bk, ws, row, 4, "Spend (\xc2\xa3)", bk->header);
	put_text(bk, ws, row, 5, "Share of spend", bk->header);
	note_error(bk, worksheet_set_row(ws, row++, 30, NULL));
	first = row;
	for (i = 0; i < shown || (i == shown && other_n); i++, row++) {
		const struct tally *one = &sec[i];
		unsigned long n = i < shown ? one->n : other_n;
		int64_t pence = i < shown ? one->pence : other_pence;

		if (i < shown) {
			put_number(bk, ws, row, 0, (double)(i + 1), bk->score);
			put_merged(bk, ws, row, 1, 2, sector_label(one->what), 66, bk->top);
		} else {
			snprintf(t, sizeof(t), "Other sectors (%lu)", (unsigned long)(nsec - shown));
			put_merged(bk, ws, row, 1, 2, t, 66, bk->top);
		}
		put_number(bk, ws, row, 3, (double)n, bk->count);
		put_money(bk, ws, row, 4, pence, bk->money);
		put_number(bk, ws, row, 5, all ? (double)pence / (double)all : 0.0, bk->pct);
	}
	if (row > first)
		sector_chart(bk, ws, first, row - first, charts_end + 1);
	charts_end += 1 + (lxw_row_t)((90 + 26 * (row - first)) / ROW_PIXELS + 1);
	free(sec);

	/* the suppliers to review first */
	row = row + 2 > charts_end + 2 ? row + 2 : charts_end + 2;
	snprintf(t, sizeof(t), "Top %d suppliers by priority", SUMMARY_TOP);
	put_text(bk, ws, row++, 0, t, bk->subtitle);
	put_header(bk, ws, row++, summary_columns, SUMMARY_NCOLS);
	for (i = 0; i < r->nsuppliers && i < SUMMARY_TOP; i++, row++) {
		const struct assessment *a = &r->assessments[i];
		const struct sector *sc = a->sector.sector;
		enum tier tr = (unsigned)a->tier > TIER_GREY ? TIER_GREY : a->tier;

		put_number(bk, ws, row, 0, (double)(i + 1), bk->score);
		put_wrapped(bk, ws, row, 1, r->suppliers[i]->name, summary_columns[1].width, NULL);
		put_wrapped(bk, ws, row, 2, sc ? sc->label : "Not classified",
			    summary_columns[2].width, NULL);
		put_number(bk, ws, row, 3, a->score, bk->score);
		put_money(bk, ws, row, 4, r->suppliers[i]->spend_pence, bk->money);
		put_text(bk, ws, row, 5, tier_name(tr), bk->tier[tr]);
		put_wrapped(bk, ws, row, 6, main_reason(bk, r->suppliers[i], a), summary_columns[6].width, NULL);
	}
	if (r->nsuppliers > SUMMARY_TOP)
		put_text(bk, ws, row + 1, 0, "All suppliers, in the same order, are on the "
			 "Suppliers sheet.", bk->noteline);
}

static const struct column supplier_columns[] = {
	{ "Supplier key", 22 }, { "Name", 38 }, { "Supplier IDs", 16 }, { "Names seen", 42 },
	{ "Company number", 12 }, { "VAT number", 15 }, { "Spend (\xc2\xa3)", 15 },
	{ "Transactions", 12 }, { "In supplier master", 10 }, { "Matched by", 15 },
	/* filled by the risk model */
	{ "Sector", 26 }, { "Sector score", 9 }, { "Mapped by", 30 }, { "Country", 22 },
	{ "Geography score", 10 }, { "Goods score", 9 }, { "Risk score", 9 }, { "Priority", 10 },
	{ "Tier", 9 }, { "Reasons", 90 }, { "Statement status", 18 },
};
#define SUPPLIER_NCOLS (sizeof(supplier_columns) / sizeof(supplier_columns[0]))
#define COL_REASONS 19

/*
 * The reasons with one component a line: "; " before a component's label
 * ("Workforce:", "Geography:", ...) becomes a line break.
 */
static const char *reasons_lines(struct book *bk, const char *reasons)
{
	static const char *const labels[] = {
		"Sector: ", "Workforce: ", "Geography: ", "Goods: ", "Score: ", "Also bought: ",
	};
	const char *p = reasons ? reasons : "";
	size_t i;

	buf_reset(&bk->text);
	while (*p) {
		const char *semi = strstr(p, "; ");
		int brk = 0;

		if (!semi) {
			buf_adds(&bk->text, p);
			break;
		}
		for (i = 0; i < sizeof(labels) / sizeof(labels[0]) && !brk; i++)
			brk = strncmp(semi + 2, labels[i], strlen(labels[i])) == 0;
		buf_add(&bk->text, p, (size_t)(semi - p));
		buf_adds(&bk->text, brk ? "\n" : "; ");
		p = semi + 2;
	}
	return bk->text.s;
}

/* The supplier master's country, else the country the model used, marked when assumed. */
static const char *country_cell(struct book *bk, const struct supplier *s,
				const struct assessment *a)
{
	if (s->country && *s->country)
		return s->country;
	if (!a || !a->country)
		return "";
	buf_reset(&bk->text);
	buf_adds(&bk->text, a->country->name);
	if (a->country_assumed)
		buf_adds(&bk->text, " (assumed)");
	return bk->text.s;
}

static void put_risk(struct book *bk, lxw_worksheet *ws, lxw_row_t row,
		     const struct supplier *s, const struct assessment *a)
{
	const struct sector *sec = a->sector.sector;
	enum tier tr = (unsigned)a->tier > TIER_GREY ? TIER_GREY : a->tier;

	put_wrapped(bk, ws, row, 10, sec ? sec->label : "Not classified",
		    supplier_columns[10].width, NULL);
	if (sec) {
		put_number(bk, ws, row, 11, sec->score, bk->score);
		put_wrapped(bk, ws, row, 12, a->sector.evidence[0] ? a->sector.evidence :
			    sector_rule_name(a->sector.rule), supplier_columns[12].width, NULL);
	}
	put_number(bk, ws, row, 14, a->geography_score, bk->score);
	if (a->goods_score >= 0)
		put_number(bk, ws, row, 15, a->goods_score, bk->score);
	put_number(bk, ws, row, 16, a->score, bk->score);
	put_number(bk, ws, row, 17, (double)llround(a->priority * 100.0) / 100.0, bk->priority);
	put_text(bk, ws, row, 18, tier_name(tr), bk->tier[tr]);
	put_wrapped(bk, ws, row, COL_REASONS, reasons_lines(bk, risk_reasons(s, a, &bk->reasons)),
		    supplier_columns[COL_REASONS].width, NULL);
}

static void write_suppliers(struct book *bk, const struct scan_report *r)
{
	lxw_worksheet *ws = add_table_sheet(bk, "Suppliers", supplier_columns, SUPPLIER_NCOLS,
					    r->nsuppliers, 2);
	char range[64];
	lxw_row_t row;
	size_t i;

	for (i = 0, row = 1; i < r->nsuppliers; i++, row++) {
		const struct supplier *s = r->suppliers[i];
		const struct assessment *a = r->assessments ? &r->assessments[i] : NULL;
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
		if (a)
			put_risk(bk, ws, row, s, a);
		put_wrapped(bk, ws, row, 13, country_cell(bk, s, a), supplier_columns[13].width,
			    NULL);
		free(ids);
		free(names);
	}
	/* IDs and numbers kept as text: no green "number stored as text" triangles. */
	snprintf(range, sizeof(range), "A2:F%lu", (unsigned long)r->nsuppliers + 1);
	if (r->nsuppliers)
		note_error(bk, worksheet_ignore_errors(ws, LXW_IGNORE_NUMBER_STORED_AS_TEXT, range));
}

/* ---- Flags ---- */

static const struct column flag_columns[] = {
	{ "Flag ID", 13 }, { "Supplier key", 18 }, { "Supplier", 30 }, { "Kind", 21 },
	{ "Severity", 10 }, { "Summary", 48 }, { "Evidence", 70 }, { "First seen", 10 },
	{ "Last seen", 10 },
	/* the contract manager's review */
	{ "Review status", 15 }, { "Reviewer", 16 }, { "Review date", 12 }, { "Note", 36 },
	{ "Next review date", 12 },
};
#define FLAG_NCOLS (sizeof(flag_columns) / sizeof(flag_columns[0]))
#define COL_REVIEW 9

static lxw_format *severity_format(struct book *bk, const char *sev)
{
	if (!sev)
		return NULL;
	if (strcmp(sev, "high") == 0)
		return bk->tier[TIER_HIGH];
	if (strcmp(sev, "medium") == 0)
		return bk->tier[TIER_MEDIUM];
	if (strcmp(sev, "low") == 0)
		return bk->tier[TIER_LOW];
	return NULL;
}

/* Drop-down of review statuses, date checks on the review dates (rows 1..n). */
static void review_validation(struct book *bk, lxw_worksheet *ws, lxw_row_t n)
{
	static const char *const statuses[] = {
		"open", "under review", "cleared", "action plan", "escalated", "referred", NULL,
	};
	static const lxw_col_t dates[] = { COL_REVIEW + 2, COL_REVIEW + 4 };
	lxw_data_validation dv;
	size_t i;

	memset(&dv, 0, sizeof(dv));
	dv.validate = LXW_VALIDATION_TYPE_LIST;
	dv.value_list = (char **)statuses;
	dv.input_title = "Review status";
	dv.input_message = "open, under review, cleared, action plan, escalated or referred";
	dv.error_title = "Review status";
	dv.error_message = "Choose a status from the list.";
	note_error(bk, worksheet_data_validation_range(ws, 1, COL_REVIEW, n, COL_REVIEW, &dv));
	for (i = 0; i < sizeof(dates) / sizeof(dates[0]); i++) {
		memset(&dv, 0, sizeof(dv));
		dv.validate = LXW_VALIDATION_TYPE_DATE;
		dv.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
		dv.minimum_datetime.year = 2000;
		dv.minimum_datetime.month = 1;
		dv.minimum_datetime.day = 1;
		dv.maximum_datetime.year = 2099;
		dv.maximum_datetime.month = 12;
		dv.maximum_datetime.day = 31;
		dv.input_title = "Date";
		dv.input_message = "A date, e.g. 2026-01-31";
		dv.error_title = "Date";
		dv.error_message = "Enter a date (yyyy-mm-dd).";
		note_error(bk, worksheet_data_validation_range(ws, 1, dates[i], n, dates[i], &dv));
	}
}

static void write_flags(struct book *bk, const struct scan_report *r)
{
	lxw_worksheet *ws = add_table_sheet(bk, "Flags", flag_columns, FLAG_NCOLS, r->nflags, 0);
	lxw_row_t row;
	size_t i;

	if (r->nflags)
		review_validation(bk, ws, (lxw_row_t)r->nflags);
	for (i = 0, row = 1; i < r->nflags; i++, row++) {
		const struct flag *f = &r->flags[i];

		put_text(bk, ws, row, 0, f->id, NULL);
		put_text(bk, ws, row, 1, f->supplier ? f->supplier->key : "", NULL);
		put_wrapped(bk, ws, row, 2, f->supplier ? f->supplier->name : "",
			    flag_columns[2].width, NULL);
		put_text(bk, ws, row, 3, flag_kind_name(f->kind), NULL);
		put_text(bk, ws, row, 4, f->severity, severity_format(bk, f->severity));
		put_wrapped(bk, ws, row, 5, flag_summary(f, &bk->reasons), flag_columns[5].width, NULL);
		put_wrapped(bk, ws, row, 6, flag_evidence(f, &bk->reasons), flag_columns[6].width,
			    NULL);
		put_text(bk, ws, row, 7, f->first_seen, NULL);
		put_text(bk, ws, row, 8, f->last_seen, NULL);
		put_text(bk, ws, row, COL_REVIEW, f->review_status[0] ? f->review_status : "open",
			 bk->input);
		put_text(bk, ws, row, COL_REVIEW + 1, "", bk->input);
		put_text(bk, ws, row, COL_REVIEW + 2, "", bk->input_date);
		put_text(bk, ws, row, COL_REVIEW + 3, "", bk->input_wrap);
		put_text(bk, ws, row, COL_REVIEW + 4, "", bk->input_date);
	}
	if (!r->nflags)
		put_text(bk, ws, 2, 0, r->assessments ? "No flags were raised." :
			 "No flags: the suppliers have not been assessed.", bk->noteline);
}

/* ---- Reference ---- */

static const struct column reference_columns[] = {
	{ "Sector", 24 }, { "Label", 30 }, { "Score", 9 }, { "Tier", 9 }, { "Workforce", 10 },
	{ "PPN factors", 24 }, { "Rationale", 60 }, { "Sources", 66 }, { "Suppliers", 10 },
	{ "Spend (\xc2\xa3)", 15 },
};
#define REFERENCE_NCOLS (sizeof(reference_columns) / sizeof(reference_columns[0]))

static const char *joined(struct book *bk, const char *const *v, size_t n, const char *sep)
{
	size_t i;

	buf_reset(&bk->text);
	for (i = 0; i < n; i++) {
		if (i)
			buf_adds(&bk->text, sep);
		buf_adds(&bk->text, v[i] ? v[i] : "");
	}
	return bk->text.s;
}

static const char *country_name(const void *what)
{
	return ((const struct country *)what)->name;
}

/* Score first, then name. */
static int by_country_score(const void *x, const void *y)
{
	const struct country *a = ((const struct tally *)x)->what;
	const struct country *b = ((const struct tally *)y)->what;

	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	return strcmp(a->name, b->name);
}

static lxw_row_t write_reference_sectors(struct book *bk, lxw_worksheet *ws, lxw_row_t row,
					 const struct scan_report *r)
{
	struct tally *sec;
	size_t n, i;

	sec = sectors_used(r, &n);
	put_text(bk, ws, row++, 0, "Sectors used by this run's suppliers", bk->subtitle);
	put_header(bk, ws, row++, reference_columns, REFERENCE_NCOLS);
	for (i = 0; i < n; i++) {
		const struct sector *sc = sec[i].what;

		if (!sc)
			continue;
		put_text(bk, ws, row, 0, sc->id, NULL);
		put_wrapped(bk, ws, row, 1, sc->label, reference_columns[1].width, NULL);
		put_number(bk, ws, row, 2, sc->score, bk->score);
		put_text(bk, ws, row, 3, sc->tier, NULL);
		put_number(bk, ws, row, 4, sc->workforce, bk->score);
		put_wrapped(bk, ws, row, 5, joined(bk, sc->ppn_factors, sc->nppn_factors, ", "),
			    reference_columns[5].width, NULL);
		put_wrapped(bk, ws, row, 6, sc->rationale, reference_columns[6].width, NULL);
		put_wrapped(bk, ws, row, 7, joined(bk, sc->sources, sc->nsources, "\n"),
			    reference_columns[7].width, NULL);
		put_number(bk, ws, row, 8, (double)sec[i].n, bk->count);
		put_money(bk, ws, row++, 9, sec[i].pence, bk->money);
	}
	free(sec);
	return row;
}

static lxw_row_t write_reference_countries(struct book *bk, lxw_worksheet *ws, lxw_row_t row,
					   const struct scan_report *r)
{
	static const struct column cols[] = {
		{ "Country code", 0 }, { "Country", 0 }, { "GSI 2023 per 1,000", 0 },
		{ "Geography score", 0 }, { "Suppliers", 0 },
	};
	struct tally *c = NULL, *one;
	size_t n = 0, i;

	for (i = 0; i < r->nsuppliers; i++) {
		if (!r->assessments[i].country)
			continue;
		one = tally_of(&c, &n, r->assessments[i].country);
		one->n++;
		one->pence += r->suppliers[i]->spend_pence;
	}
	if (n)
		qsort(c, n, sizeof(*c), by_country_score);
	put_text(bk, ws, row++, 0, "Countries used by this run's suppliers", bk->subtitle);
	put_header(bk, ws, row++, cols, sizeof(cols) / sizeof(cols[0]));
	for (i = 0; i < n; i++, row++) {
		const struct country *ct = c[i].what;

		put_text(bk, ws, row, 0, ct->alpha2, NULL);
		put_wrapped(bk, ws, row, 1, country_name(ct), reference_columns[1].width, NULL);
		if (ct->prevalence >= 0)
			put_number(bk, ws, row, 2, ct->prevalence, bk->priority);
		else
			put_text(bk, ws, row, 2, "no estimate", NULL);
		put_number(bk, ws, row, 3, ct->score, bk->score);
		put_number(bk, ws, row, 4, (double)c[i].n, bk->count);
	}
	free(c);
	return row;
}

static void write_reference(struct book *bk, const struct scan_report *r)
{
	lxw_worksheet *ws = workbook_add_worksheet(bk->wb, "Reference");
	lxw_row_t row = 2;
	size_t i, n;

	worksheet_set_landscape(ws);
	worksheet_set_paper(ws, 9);
	worksheet_fit_to_pages(ws, 1, 0);
	set_widths(bk, ws, reference_columns, REFERENCE_NCOLS);
	put_text(bk, ws, 0, 0, "Reference data used in this run", bk->title);
	note_error(bk, worksheet_set_row(ws, 0, 28, NULL));
	if (!r->assessments) {
		put_text(bk, ws, row, 0, "No reference data: the suppliers have not been assessed.",
			 bk->noteline);
		return;
	}
	row = write_reference_sectors(bk, ws, row, r);
	row = write_reference_countries(bk, ws, row + 1, r);
	if (!r->reference)
		return;
	row++;
	put_text(bk, ws, row++, 0, "Reference files", bk->subtitle);
	put_text(bk, ws, row, 0, "File", bk->header);
	put_text(bk, ws, row, 1, "Version", bk->header);
	put_merged(bk, ws, row, 2, 6, "Source", 112, bk->header);
	put_text(bk, ws, row, 7, "SHA-256", bk->header);
	note_error(bk, worksheet_set_row(ws, row++, 20, NULL));
	n = reference_file_count(r->reference);
	for (i = 0; i < n; i++, row++) {
		const struct reference_file *f = reference_file_at(r->reference, i);

		put_text(bk, ws, row, 0, f->path, NULL);
		put_wrapped(bk, ws, row, 1, f->version, reference_columns[1].width, NULL);
		put_merged(bk, ws, row, 2, 6, f->source, 112, NULL);
		put_text(bk, ws, row, 7, f->sha256, NULL);
	}
	put_paragraph(bk, ws, row + 1, 8, 190,
		      "Scores are 0-100. A sector's tier is the method's band (VH very high, H "
		      "high, M medium, L low); workforce is the typical workforce-model points W. "
		      "The geography score G is derived from the Global Slavery Index 2023 "
		      "prevalence (sectors/README.md says how). The files are in the sectors "
		      "directory; the manifest records the same SHA-256 values.", bk->note);
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
	buf_init(&bk.text, 0);
	buf_init(&bk.reasons, 0);
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
	write_summary(&bk, r);
	write_suppliers(&bk, r);
	write_flags(&bk, r);
	write_quality(&bk, r);
	write_rejected(&bk, r);
	write_reference(&bk, r);

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
	buf_release(&bk.text);
	buf_release(&bk.reasons);
	return ret;
}
