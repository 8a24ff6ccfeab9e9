#include <string.h>

#include "chainwatch/buf.h"
#include "chainwatch/risk.h"
#include "sheet.h"

/* Excel's limit on the characters (UTF-16 code units) in one cell. */
#define CELL_MAX_UNITS 32767

#define COLOR_HEADER_FONT 0xFFFFFF
#define COLOR_TOTAL_FILL 0xDDEBF7
#define COLOR_TITLE 0x1F4E78
#define COLOR_NOTE 0x595959
#define COLOR_BAD_FILL 0xFFC7CE
#define COLOR_BAD_FONT 0x9C0006
#define COLOR_INPUT_FILL 0xFFF9E6      /* cells the contract manager fills in */

/* RAG fills for the tier (and flag severity) cells: fill, font, chart colour */
const struct rag_colors sheet_rag[4] = {
	[TIER_HIGH] = { 0xFFC7CE, 0x9C0006, 0xC0504D },
	[TIER_MEDIUM] = { 0xFFEB9C, 0x9C5700, 0xFFC000 },
	[TIER_LOW] = { 0xC6EFCE, 0x006100, 0x70AD47 },
	[TIER_GREY] = { 0xD9D9D9, 0x3F3F3F, 0xA6A6A6 },
};

/* "£#,##0.00" */
#define MONEY_FORMAT "\xc2\xa3#,##0.00"

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

void sheet_note_error(struct book *bk, lxw_error e)
{
	if (e != LXW_NO_ERROR && bk->first_error == LXW_NO_ERROR)
		bk->first_error = e;
}

/* Make a row tall enough for `lines` lines of text (rows only ever grow). */
#define MAX_ROW_LINES 12
static void fit_rows(struct book *bk, lxw_worksheet *ws, lxw_row_t row, unsigned lines)
{
	unsigned most = bk->max_lines ? bk->max_lines : MAX_ROW_LINES;

	if (lines > most)
		lines = most;
	if (bk->tall_ws != ws || bk->tall_row != row) {
		bk->tall_ws = ws;
		bk->tall_row = row;
		bk->tall_lines = 1;
	}
	if (lines > bk->tall_lines) {
		bk->tall_lines = lines;
		sheet_note_error(bk, worksheet_set_row(ws, row, 15.0 * lines, NULL));
	}
}

/*
 * Lines that text takes when wrapped in a column `width` characters wide:
 * Calibri 11 fits about 1.15 characters of prose per unit of column width
 * once words are kept whole.  0 width counts line breaks only.
 */
static unsigned wrapped_lines(const char *t, double width, unsigned most)
{
	size_t per = width >= 1.0 ? (size_t)(width * 1.15) : (size_t)-1, n = 0;
	unsigned lines = 0;

	for (;; t++) {
		if (!*t || *t == '\n') {
			lines += 1 + (unsigned)(n ? (n - 1) / per : 0);
			n = 0;
			if (!*t || lines >= most)
				break;
		} else if ((*t & 0xC0) != 0x80) {
			n++;
		}
	}
	return lines;
}

static void fit_lines(struct book *bk, lxw_worksheet *ws, lxw_row_t row, const char *t)
{
	fit_rows(bk, ws, row, wrapped_lines(t, 0, bk->max_lines ? bk->max_lines : MAX_ROW_LINES));
}

/*
 * Every text cell goes through here: write_string never makes a formula.
 * A NULL format is a plain data cell: top-aligned, and wrapped when the
 * text has line breaks so they do not spill over the neighbouring rows.
 */
void sheet_text(struct book *bk, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
		const char *s, lxw_format *fmt)
{
	const char *t = cell_text(bk, s);

	if (!fmt)
		fmt = strchr(t, '\n') ? bk->top_wrap : bk->top;
	if (!t[0]) {
		if (fmt != bk->top)
			sheet_note_error(bk, worksheet_write_blank(ws, row, col, fmt));
		return;
	}
	sheet_note_error(bk, worksheet_write_string(ws, row, col, t, fmt));
	if (fmt == bk->top_wrap)
		fit_lines(bk, ws, row, t);
}

void sheet_line(struct book *bk, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
		const char *s, lxw_format *fmt)
{
	char *t = (char *)cell_text(bk, s);
	char *nl;

	if (!t[0])
		return;
	while ((nl = strchr(t, '\n')) != NULL)
		*nl = ' ';
	sheet_note_error(bk, worksheet_write_string(ws, row, col, t, fmt ? fmt : bk->top));
}

/* Text wrapped in a column `width` characters wide, the row made tall enough for it. */
void sheet_wrapped(struct book *bk, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
		   const char *s, double width, lxw_format *fmt)
{
	const char *t = cell_text(bk, s);

	if (!t[0])
		return;
	sheet_note_error(bk, worksheet_write_string(ws, row, col, t, fmt ? fmt : bk->top_wrap));
	fit_rows(bk, ws, row, wrapped_lines(t, width, bk->max_lines ? bk->max_lines : MAX_ROW_LINES));
}

/* Text merged across columns c1..c2 (`width` characters in all), wrapped. */
void sheet_merged(struct book *bk, lxw_worksheet *ws, lxw_row_t row, lxw_col_t c1,
		  lxw_col_t c2, const char *s, double width, lxw_format *fmt)
{
	const char *t = cell_text(bk, s);

	sheet_note_error(bk, worksheet_merge_range(ws, row, c1, row, c2, t, fmt ? fmt : bk->top_wrap));
	fit_rows(bk, ws, row, wrapped_lines(t, width, bk->max_lines ? bk->max_lines : MAX_ROW_LINES));
}

void sheet_number(struct book *bk, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
		  double v, lxw_format *fmt)
{
	sheet_note_error(bk, worksheet_write_number(ws, row, col, v, fmt));
}

void sheet_money(struct book *bk, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
		 int64_t pence, lxw_format *fmt)
{
	sheet_number(bk, ws, row, col, (double)pence / 100.0, fmt);
}

void sheet_widths(struct book *bk, lxw_worksheet *ws, const struct sheet_column *cols,
		  size_t ncols)
{
	size_t c;

	for (c = 0; c < ncols; c++)
		sheet_note_error(bk, worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c,
						          cols[c].width, NULL));
}

void sheet_header(struct book *bk, lxw_worksheet *ws, lxw_row_t row,
		  const struct sheet_column *cols, size_t ncols)
{
	size_t c;

	for (c = 0; c < ncols; c++)
		sheet_text(bk, ws, row, (lxw_col_t)c, cols[c].title, bk->header);
	sheet_note_error(bk, worksheet_set_row(ws, row, 30, NULL));
}

static lxw_format *new_format(lxw_workbook *wb)
{
	lxw_format *f = workbook_add_format(wb);

	format_set_font_name(f, "Calibri");
	format_set_font_size(f, 11);
	format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
	return f;
}

void sheet_formats(struct book *bk)
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
	/*
	 * The same format twice would cost a hash of it for every cell
	 * (libxlsxwriter caches the index only on the first of equal formats).
	 */
	bk->wrap = bk->top_wrap;
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
		format_set_font_color(bk->tier[i], sheet_rag[i].font);
		format_set_bg_color(bk->tier[i], sheet_rag[i].fill);
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
		format_set_unlocked(f);      /* the only cells a protected sheet lets people edit */
	}
	bk->bad = new_format(wb);
	format_set_bold(bk->bad);
	format_set_font_color(bk->bad, COLOR_BAD_FONT);
	format_set_bg_color(bk->bad, COLOR_BAD_FILL);
	format_set_pattern(bk->bad, LXW_PATTERN_SOLID);
}

/* Rows of a paragraph merged across `ncols` columns of width `chars` in all. */
void sheet_paragraph(struct book *bk, lxw_worksheet *ws, lxw_row_t row, lxw_col_t ncols,
		     double chars, const char *text, lxw_format *fmt)
{
	size_t lines = strlen(text) / (size_t)(chars * 0.95) + 1;

	sheet_note_error(bk, worksheet_merge_range(ws, row, 0, row, (lxw_col_t)(ncols - 1),
					           cell_text(bk, text), fmt));
	sheet_note_error(bk, worksheet_set_row(ws, row, 15.0 * (double)lines + 2.0, NULL));
}

/*
 * A sheet that is one table: landscape A4, one page wide, the header row
 * repeated on every printed page, frozen and filtered over `nrows` rows.
 * Set up before any row is written (constant_memory mode streams rows).
 */
lxw_worksheet *sheet_add_noted_table(struct book *bk, const char *name, const char *note,
				     const struct sheet_column *cols, size_t ncols, size_t nrows,
				     lxw_col_t freeze_cols)
{
	lxw_worksheet *ws = workbook_add_worksheet(bk->wb, name);
	lxw_row_t header = note ? 1 : 0;

	worksheet_set_landscape(ws);
	worksheet_set_paper(ws, 9);
	worksheet_fit_to_pages(ws, 1, 0);
	sheet_note_error(bk, worksheet_repeat_rows(ws, header, header));
	sheet_widths(bk, ws, cols, ncols);
	if (note)
		sheet_text(bk, ws, 0, 0, note, bk->noteline);
	sheet_header(bk, ws, header, cols, ncols);
	sheet_note_error(bk, worksheet_autofilter(ws, header, 0, header + (lxw_row_t)nrows,
						  (lxw_col_t)(ncols - 1)));
	worksheet_freeze_panes(ws, header + 1, freeze_cols);
	return ws;
}

lxw_worksheet *sheet_add_table(struct book *bk, const char *name,
			       const struct sheet_column *cols, size_t ncols, size_t nrows,
			       lxw_col_t freeze_cols)
{
	return sheet_add_noted_table(bk, name, NULL, cols, ncols, nrows, freeze_cols);
}

/*
 * The one reason a list should show: the goods channel when it outweighs
 * the supplier's own operations, else the sector, else the first reason;
 * without its parenthesis and what follows " - " (the full reasons say it).
 */
const char *sheet_main_reason_of(struct book *bk, const char *reasons,
				 const struct assessment *a)
{
	const char *from = reasons, *end, *goods, *sector;

	if (a->goods_score >= 0 && a->b_goods > a->a_ops && (goods = strstr(from, "; Goods: ")))
		from = goods + 2;
	else if (strncmp(from, "Sector: ", 8) != 0 && (sector = strstr(from, "; Sector: ")))
		from = sector + 2;      /* the sector, not what kind of payee it is */
	end = strstr(from, "; ");
	if (!end)
		end = from + strlen(from);
	/* short: "Sector: Cleaning 80/100", without how it was mapped and the PPN factors */
	buf_reset(&bk->text);
	while (from < end) {
		const char *open = strstr(from, " ("), *dash = strstr(from, " - ");
		const char *close;
		int depth;

		if (dash && dash < end && (!open || dash < open)) {
			end = dash;
			continue;
		}
		if (!open || open >= end)
			break;
		for (close = open + 1, depth = 0; close < end; close++) {   /* nested: "(a (b) c)" */
			depth += *close == '(' ? 1 : *close == ')' ? -1 : 0;
			if (!depth)
				break;
		}
		if (close >= end)
			break;
		buf_add(&bk->text, from, (size_t)(open - from));
		from = close + 1;
	}
	if (from < end)
		buf_add(&bk->text, from, (size_t)(end - from));
	return bk->text.s;
}

const char *sheet_main_reason(struct book *bk, const struct supplier *s,
			      const struct assessment *a)
{
	return sheet_main_reason_of(bk, risk_reasons(s, a, &bk->reasons), a);
}

void sheet_review_validation(struct book *bk, lxw_worksheet *ws, lxw_row_t n,
			     lxw_col_t status, const lxw_col_t *dates, size_t ndates)
{
	static const char *const statuses[] = {
		"open", "under review", "cleared", "action plan", "escalated", "referred", NULL,
	};
	lxw_data_validation dv;
	size_t i;

	memset(&dv, 0, sizeof(dv));
	dv.validate = LXW_VALIDATION_TYPE_LIST;
	dv.value_list = (char **)statuses;
	dv.input_title = "Review status";
	dv.input_message = "open, under review, cleared, action plan, escalated or referred";
	dv.error_title = "Review status";
	dv.error_message = "Choose a status from the list.";
	sheet_note_error(bk, worksheet_data_validation_range(ws, 1, status, n, status, &dv));
	for (i = 0; i < ndates; i++) {
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
		sheet_note_error(bk, worksheet_data_validation_range(ws, 1, dates[i], n, dates[i],
								     &dv));
	}
}

void sheet_review_date(struct book *bk, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
		       int32_t ymd)
{
	lxw_datetime dt;

	if (!ymd) {
		sheet_text(bk, ws, row, col, "", bk->input_date);
		return;
	}
	memset(&dt, 0, sizeof(dt));
	dt.year = ymd / 10000;
	dt.month = ymd / 100 % 100;
	dt.day = ymd % 100;
	sheet_note_error(bk, worksheet_write_datetime(ws, row, col, &dt, bk->input_date));
}

/*
 * Everything but the review cells is locked (no password: this keeps
 * slips out, not people); sorting and filtering still work.
 */
void sheet_protect(struct book *bk, lxw_worksheet *ws)
{
	lxw_protection p;

	memset(&p, 0, sizeof(p));
	p.autofilter = 1;
	p.sort = 1;
	p.format_columns = 1;
	p.format_rows = 1;
	worksheet_protect(ws, NULL, &p);
	(void)bk;
}
