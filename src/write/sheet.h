#ifndef CHAINWATCH_SHEET_H
#define CHAINWATCH_SHEET_H

/*
 * The cell-writing machinery of the supplier risk workbook: the formats,
 * the cell text sanitising, and the helpers that put text, numbers, money,
 * header rows and table sheets on a worksheet.
 *
 * This is the workbook module's private half (src/write/sheet.c with
 * src/write/workbook.c, src/write/summarysheet.c, src/write/suppliersheet.c,
 * src/write/changesheet.c, src/write/statementsheet.c and src/write/tendersheet.c): only
 * those files include this header, and with it xlsxwriter.h.  Everything
 * else uses chainwatch/workbook.h.
 *
 * Every text cell goes through sheet_text, sheet_wrapped, sheet_merged or
 * sheet_paragraph, which write strings, never formulas: invalid UTF-8 and
 * control characters become U+FFFD, CR LF becomes LF, a literal "_xHHHH_"
 * is escaped, and text past Excel's 32767 characters is cut with an
 * ellipsis.  Rows holding wrapped text are made tall enough for it (up to
 * 12 lines, or book.max_lines; rows only ever grow).
 *
 * Errors: the helpers do not fail one by one; the first libxlsxwriter
 * error is kept in book.first_error (sheet_note_error) for the caller to
 * report after workbook_close().
 */

#include <stddef.h>
#include <stdint.h>

#include <xlsxwriter.h>

#include "chainwatch/buf.h"

#define COLOR_HEADER_FILL 0x1F4E78     /* header rows; the sector bar chart */

/* RAG colours for the tier (and flag severity) cells, indexed by enum tier */
struct rag_colors {
	lxw_color_t fill, font, chart;
};
extern const struct rag_colors sheet_rag[4];

/*
 * The workbook being written.  The caller zeroes it, buf_init()s the three
 * buffers, sets wb, calls sheet_formats(), and buf_release()s the buffers
 * when done.  The formats belong to wb.
 */
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
	unsigned max_lines;       /* the tallest a row grows, in lines; 0: 12 */
	lxw_error first_error;    /* first failed write, reported after close */
};

/* A table column: its header text and width in characters. */
struct sheet_column {
	const char *title;
	double width;
};

/* Add the workbook's formats to bk->wb (once, before any sheet is written). */
void sheet_formats(struct book *bk);

/* Keep e as bk->first_error when it is an error and the first one. */
void sheet_note_error(struct book *bk, lxw_error e);

/*
 * Text in one cell.  A NULL format is a plain data cell: top-aligned, and
 * wrapped when the text has line breaks.  Empty text with the plain format
 * writes nothing; with any other format, a blank formatted cell.
 */
void sheet_text(struct book *bk, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
		const char *s, lxw_format *fmt);
/*
 * Text on one line, never wrapped (line breaks become spaces), so the row
 * keeps its height: a long text shows in full in the formula bar.  NULL
 * format: top.
 */
void sheet_line(struct book *bk, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
		const char *s, lxw_format *fmt);
/* Text wrapped in a column `width` characters wide (NULL format: top_wrap); "" writes nothing. */
void sheet_wrapped(struct book *bk, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
		   const char *s, double width, lxw_format *fmt);
/* Text merged across columns c1..c2 (`width` characters in all), wrapped. */
void sheet_merged(struct book *bk, lxw_worksheet *ws, lxw_row_t row, lxw_col_t c1,
		  lxw_col_t c2, const char *s, double width, lxw_format *fmt);
/* A paragraph merged across columns 0..ncols-1 (`chars` characters in all). */
void sheet_paragraph(struct book *bk, lxw_worksheet *ws, lxw_row_t row, lxw_col_t ncols,
		     double chars, const char *text, lxw_format *fmt);

void sheet_number(struct book *bk, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
		  double v, lxw_format *fmt);
/* Integer pence as pounds. */
void sheet_money(struct book *bk, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
		 int64_t pence, lxw_format *fmt);

/* Column widths of columns 0..ncols-1. */
void sheet_widths(struct book *bk, lxw_worksheet *ws, const struct sheet_column *cols,
		  size_t ncols);
/* A header row of the column titles, 30 points tall. */
void sheet_header(struct book *bk, lxw_worksheet *ws, lxw_row_t row,
		  const struct sheet_column *cols, size_t ncols);

/*
 * Add a sheet that is one table: landscape A4, one page wide, the header
 * row repeated on every printed page, frozen (with `freeze_cols` columns)
 * and filtered over `nrows` rows.  Call before any row is written
 * (constant_memory mode streams rows).
 */
lxw_worksheet *sheet_add_table(struct book *bk, const char *name,
			       const struct sheet_column *cols, size_t ncols, size_t nrows,
			       lxw_col_t freeze_cols);
/* The same with a note (copied) on row 0 above it and the header on row 1; NULL: no note. */
lxw_worksheet *sheet_add_noted_table(struct book *bk, const char *name, const char *note,
				     const struct sheet_column *cols, size_t ncols, size_t nrows,
				     lxw_col_t freeze_cols);

/*
 * The review columns of rows 1..n: a drop-down of review statuses in
 * column `status`, date checks in the `ndates` columns `dates`.
 */
void sheet_review_validation(struct book *bk, lxw_worksheet *ws, lxw_row_t n,
			     lxw_col_t status, const lxw_col_t *dates, size_t ndates);
/* A review date cell: the date (yyyymmdd) as an Excel date, or an empty input cell (0). */
void sheet_review_date(struct book *bk, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
		       int32_t ymd);
/* Protect ws (no password) except its input cells; sorting and filtering still work. */
void sheet_protect(struct book *bk, lxw_worksheet *ws);

struct scan_report;
struct supplier;
struct assessment;

/*
 * A supplier's main reason, on one line: the goods channel when it
 * outweighs its own operations, else the sector.  In bk->text (borrowed
 * until bk->text or bk->reasons next changes).
 */
const char *sheet_main_reason(struct book *bk, const struct supplier *s,
			      const struct assessment *a);
/* The same from the reasons already rendered (risk_reasons; borrowed, not bk->text). */
const char *sheet_main_reason_of(struct book *bk, const char *reasons,
				 const struct assessment *a);

/* The tender check's Read me (tendersheet.c): the bid file, its counts and the rules. */
void sheet_tender_readme(struct book *bk, const struct scan_report *r);
/* The Tenders sheet (tendersheet.c): one row per bid, or a note when there are none. */
void sheet_tenders(struct book *bk, const struct scan_report *r);
/* The Statements sheet (statementsheet.c): one row per supplier, or a note when no registry. */
void sheet_statements(struct book *bk, const struct scan_report *r);
/* The Changes sheet (changesheet.c): one row per change since the previous run, or a note. */
struct change_list;
void sheet_changes(struct book *bk, const struct scan_report *r, const struct change_list *cl);
/* The Read me's table of registry years used, from `row`; returns the next free row. */
lxw_row_t sheet_registry_years(struct book *bk, lxw_worksheet *ws, lxw_row_t row,
			       const struct scan_report *r);

#endif
