/*
 * summarysheet.c: the workbook's Summary sheet - spend and suppliers by
 * tier and by sector, with their pie and bar charts, the top suppliers by
 * priority and the counts of the Changes sheet - and its Reference sheet,
 * the sectors and countries this run's suppliers used, totalled the same
 * way.  Part of the workbook module (sheet.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chainwatch/amount.h"
#include "chainwatch/buf.h"
#include "chainwatch/changes.h"
#include "chainwatch/reference.h"
#include "chainwatch/report.h"
#include "chainwatch/risk.h"
#include "sheet.h"
#include "summarysheet.h"
#include "chainwatch/xalloc.h"

/* ---- Summary ---- */

static const char *sector_label(const void *what)
{
	return what ? ((const struct sector *)what)->label : REPORT_UNCLASSIFIED;
}

static const struct sheet_column summary_columns[] = {
	{ "Rank", 9 }, { "Supplier", 38 }, { "Sector", 28 }, { "Open flags", 10 },
	{ "Spend (\xc2\xa3)", 15 }, { "Tier", 10 }, { "Main reason", 72 },
};
#define SUMMARY_NCOLS (sizeof(summary_columns) / sizeof(summary_columns[0]))
#define SUMMARY_TOP 10
#define SUMMARY_SECTORS 10       /* sectors charted by name; the rest are grouped */
#define ROW_PIXELS 20            /* a default 15-point row */

/* "£17.6m", "£950k", "£310": a figure short enough for a chart's alt text. */
static const char *short_money(int64_t pence, char out[32])
{
	double p = (double)pence / 100.0;

	if (p >= 1e6 || p <= -1e6)
		snprintf(out, 32, "\xc2\xa3%.1fm", p / 1e6);
	else if (p >= 1e3 || p <= -1e3)
		snprintf(out, 32, "\xc2\xa3%.0fk", p / 1e3);
	else
		snprintf(out, 32, "\xc2\xa3%.0f", p);
	return out;
}

static void chart_title(lxw_chart *ch, const char *title)
{
	lxw_chart_font font;

	chart_title_set_name(ch, title);
	memset(&font, 0, sizeof(font));
	font.size = 12;
	font.bold = LXW_TRUE;
	chart_title_set_name_font(ch, &font);
	chart_legend_set_position(ch, LXW_CHART_LEGEND_NONE);
}

/*
 * The pie of spend by tier (rows first..first+3: tier in column 0, share
 * of spend in 6): each slice labelled with its tier and share, "46%", so
 * no long figure splits across lines.
 */
static void tier_chart(struct book *bk, lxw_worksheet *ws, lxw_row_t first, lxw_row_t at,
		       lxw_col_t col, const struct report_tally *tiers, int64_t all)
{
	lxw_chart *ch = workbook_add_chart(bk->wb, LXW_CHART_PIE);
	lxw_chart_fill fill[4];
	lxw_chart_point pt[4], *pts[5];
	lxw_chart_series *se;
	lxw_chart_options opt;
	char alt[400], m[32];
	size_t len;
	int t;

	se = chart_add_series(ch, NULL, NULL);
	chart_series_set_categories(se, "Summary", first, 0, first + 3, 0);
	chart_series_set_values(se, "Summary", first, 6, first + 3, 6);
	chart_series_set_name(se, "Share of spend by tier");
	memset(fill, 0, sizeof(fill));
	memset(pt, 0, sizeof(pt));
	len = (size_t)snprintf(alt, sizeof(alt), "Pie chart of spend by tier:");
	for (t = 0; t < 4; t++) {
		fill[t].color = sheet_rag[t].chart;
		pt[t].fill = &fill[t];
		pts[t] = &pt[t];
		if (len < sizeof(alt))
			len += (size_t)snprintf(alt + len, sizeof(alt) - len, "%s %s %s (%.0f%%)",
						t ? "," : "", tier_name((enum tier)t),
						short_money(tiers[t].spend_pence, m),
						all ? 100.0 * (double)tiers[t].spend_pence /
						      (double)all : 0.0);
	}
	pts[4] = NULL;
	sheet_note_error(bk, chart_series_set_points(se, pts));
	chart_series_set_labels_options(se, LXW_FALSE, LXW_TRUE, LXW_TRUE);
	chart_series_set_labels_num_format(se, "0%");
	chart_series_set_labels_separator(se, LXW_CHART_LABEL_SEPARATOR_NEWLINE);
	chart_series_set_labels_position(se, LXW_CHART_LABEL_POSITION_OUTSIDE_END);
	chart_series_set_labels_leader_line(se);
	chart_title(ch, "Spend by tier");
	memset(&opt, 0, sizeof(opt));
	opt.x_offset = 10;
	opt.y_offset = 5;
	opt.x_scale = 1.0;
	opt.y_scale = 300.0 / 288.0;
	opt.object_position = LXW_OBJECT_MOVE_DONT_SIZE;
	opt.description = alt;
	sheet_note_error(bk, worksheet_insert_chart_opt(ws, at, col, ch, &opt));
}

/* Bars of spend by sector, rows first..first+n-1 (label in column 1, spend in 4). */
static void sector_chart(struct book *bk, lxw_worksheet *ws, lxw_row_t first, size_t n,
			 lxw_row_t at, lxw_col_t col, const char *alt)
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
	chart_set_series_gap(ch, 50);
	chart_title(ch, "Spend by sector");
	chart_axis_set_reverse(ch->y_axis);      /* largest at the top */
	/* £ millions, a few gridlines apart: the axis labels never run together */
	chart_axis_set_num_format(ch->x_axis, "\xc2\xa3#,##0.0,,\"m\"");
	memset(&font, 0, sizeof(font));
	font.size = 9;
	chart_axis_set_num_font(ch->x_axis, &font);
	chart_axis_set_num_font(ch->y_axis, &font);
	chart_axis_set_min(ch->x_axis, 0);
	memset(&opt, 0, sizeof(opt));
	opt.x_offset = 10;
	opt.y_offset = 5;
	opt.x_scale = 660.0 / 480.0;
	opt.y_scale = (double)(110 + 28 * n) / 288.0;
	opt.object_position = LXW_OBJECT_MOVE_DONT_SIZE;
	opt.description = (char *)alt;
	sheet_note_error(bk, worksheet_insert_chart_opt(ws, at, col, ch, &opt));
}

/* The counts of the Changes sheet, or why there are none.  Returns the next free row. */
static lxw_row_t summary_changes(struct book *bk, lxw_worksheet *ws, lxw_row_t row,
				 const struct change_list *cl)
{
	char t[160];
	size_t k;

	sheet_text(bk, ws, row++, 0, "What changed", bk->subtitle);
	if (!cl || cl->first_run) {
		sheet_text(bk, ws, row++, 0, "Changes: " CHANGES_FIRST_RUN_TEXT ".", bk->noteline);
		return row;
	}
	snprintf(t, sizeof(t), "Changes since %s (listed on the Changes sheet)",
		 cl->previous_period);
	sheet_text(bk, ws, row++, 0, t, bk->noteline);
	for (k = 0; k < CHANGE__COUNT; k++, row++) {
		unsigned long n = changes_count(cl, (enum change_kind)k);
		int dir = change_kind_direction((enum change_kind)k);

		sheet_merged(bk, ws, row, 0, 2, change_kind_label((enum change_kind)k), 75, bk->top);
		sheet_number(bk, ws, row, 3, (double)n, n && dir > 0 ? bk->bad : bk->count);
	}
	return row;
}

/* Where to start: the steps, then open flags, suppliers and spend by tier.  Returns the next row. */
static lxw_row_t summary_start(struct book *bk, lxw_worksheet *ws, lxw_row_t row,
			       const struct report_totals *tot, int64_t all, lxw_row_t *first)
{
	static const char *const todo[4] = {
		"Review now", "Review at the next contract touchpoint",
		"No action beyond standard terms", "Classify the supplier",
	};
	const struct report_tally *tiers = tot->by_tier;
	unsigned long nall = 0, open = 0;
	char t[400];
	int k;

	for (k = 0; k <= TIER_GREY; k++) {
		nall += tiers[k].suppliers;
		open += tot->open_flags_by_tier[k];
	}
	sheet_text(bk, ws, row++, 0, "Start here", bk->subtitle);
	snprintf(t, sizeof(t), "%lu flag%s await%s a decision, %lu of them on High-tier "
		 "suppliers. 1. Work down the top %d below, then the Suppliers sheet (one row a "
		 "supplier, highest priority first). 2. Decide each flag on the Flags sheet and give "
		 "each supplier an owner, a status, a next action and a due date on the Suppliers "
		 "sheet. 3. Send the saved workbook back: chainwatch review import.",
		 open, open == 1 ? "" : "s", open == 1 ? "s" : "", tot->open_flags_by_tier[TIER_HIGH],
		 SUMMARY_TOP);
	sheet_paragraph(bk, ws, row++, 7, 182, t, bk->wrap);
	row++;
	sheet_text(bk, ws, row++, 0, "Open flags, suppliers and spend by tier", bk->subtitle);
	sheet_text(bk, ws, row, 0, "Tier", bk->header);
	sheet_merged(bk, ws, row, 1, 2, "What to do", 66, bk->header);
	sheet_text(bk, ws, row, 3, "Open flags", bk->header);
	sheet_text(bk, ws, row, 4, "Spend (\xc2\xa3)", bk->header);
	sheet_text(bk, ws, row, 5, "Suppliers", bk->header);
	sheet_text(bk, ws, row, 6, "Share of spend", bk->header);
	sheet_note_error(bk, worksheet_set_row(ws, row++, 30, NULL));
	*first = row;
	for (k = 0; k < 4; k++, row++) {
		sheet_text(bk, ws, row, 0, tier_name((enum tier)k), bk->tier[k]);
		sheet_merged(bk, ws, row, 1, 2, todo[k], 66, bk->top);
		sheet_number(bk, ws, row, 3, (double)tot->open_flags_by_tier[k], bk->count);
		sheet_money(bk, ws, row, 4, tiers[k].spend_pence, bk->money);
		sheet_number(bk, ws, row, 5, (double)tiers[k].suppliers, bk->count);
		sheet_number(bk, ws, row, 6, all ? (double)tiers[k].spend_pence / (double)all : 0.0,
			     bk->pct);
	}
	sheet_text(bk, ws, row, 0, "Total", bk->total);
	sheet_merged(bk, ws, row, 1, 2, "", 66, bk->total);
	sheet_number(bk, ws, row, 3, (double)open, bk->total_count);
	sheet_money(bk, ws, row, 4, all, bk->total_money);
	sheet_number(bk, ws, row, 5, (double)nall, bk->total_count);
	sheet_number(bk, ws, row++, 6, all ? 1.0 : 0.0, bk->total_pct);
	return row;
}

/* The suppliers to review first, with their open flags.  Returns the next free row. */
static lxw_row_t summary_top(struct book *bk, lxw_worksheet *ws, lxw_row_t row,
			     const struct scan_report *r)
{
	size_t i, f = 0;
	char t[80];

	snprintf(t, sizeof(t), "Top %d to review", SUMMARY_TOP);
	sheet_text(bk, ws, row++, 0, t, bk->subtitle);
	sheet_header(bk, ws, row++, summary_columns, SUMMARY_NCOLS);
	for (i = 0; i < r->nsuppliers && i < SUMMARY_TOP; i++, row++) {
		const struct supplier *s = r->suppliers[i];
		const struct assessment *a = &r->assessments[i];
		const struct sector *sc = a->sector.sector;
		enum tier tr = (unsigned)a->tier > TIER_GREY ? TIER_GREY : a->tier;
		unsigned long open = 0;

		while (f < r->nflags && r->flags[f].supplier != s)
			f++;
		for (; f < r->nflags && r->flags[f].supplier == s; f++)
			open += !r->flags[f].review_status[0] ||
				!strcmp(r->flags[f].review_status, "open");
		sheet_number(bk, ws, row, 0, (double)(i + 1), bk->score);
		sheet_line(bk, ws, row, 1, s->name, NULL);
		sheet_line(bk, ws, row, 2, sc ? sc->label : "Not classified", NULL);
		sheet_number(bk, ws, row, 3, (double)open, bk->score);
		sheet_money(bk, ws, row, 4, s->spend_pence, bk->money);
		sheet_text(bk, ws, row, 5, tier_name(tr), bk->tier[tr]);
		sheet_line(bk, ws, row, 6, sheet_main_reason(bk, s, a), NULL);
	}
	if (r->nsuppliers > SUMMARY_TOP)
		sheet_text(bk, ws, row++, 0, "All suppliers, in the same order, are on the "
			   "Suppliers sheet.", bk->noteline);
	return row;
}

void summarysheet_write(struct book *bk, const struct scan_report *r)
{
	lxw_worksheet *ws = workbook_add_worksheet(bk->wb, "Summary");
	const struct report_totals *tot = &r->totals;
	const struct report_tally *sec = tot->sectors;
	int64_t all = 0, other_pence = 0;
	unsigned long other_n = 0;
	size_t nsec = tot->nsectors, shown, i, len;
	lxw_row_t row, first, tier_first, charts_at;
	char t[160], money[48], alt[1200], m[32];
	int k;

	worksheet_set_landscape(ws);
	worksheet_set_paper(ws, 9);
	worksheet_fit_to_pages(ws, 1, 0);
	worksheet_gridlines(ws, LXW_HIDE_ALL_GRIDLINES);
	sheet_widths(bk, ws, summary_columns, SUMMARY_NCOLS);
	snprintf(t, sizeof(t), "Summary: %s, %s", r->run.council ? r->run.council : "",
		 r->run.period ? r->run.period : "");
	sheet_text(bk, ws, 0, 0, t, bk->title);
	sheet_note_error(bk, worksheet_set_row(ws, 0, 28, NULL));
	amount_format_gbp(r->spend_pence, money);
	snprintf(t, sizeof(t), "%s paid to %lu supplier%s. A tier is an indicator for review, "
		 "never a finding.", money, (unsigned long)r->nsuppliers,
		 r->nsuppliers == 1 ? "" : "s");
	sheet_text(bk, ws, 1, 0, t, bk->noteline);
	if (!r->assessments) {
		sheet_text(bk, ws, 3, 0, "The suppliers have not been assessed: no risk model "
			   "was run.", bk->noteline);
		return;
	}
	for (k = 0; k <= TIER_GREY; k++)
		all += tot->by_tier[k].spend_pence;

	row = summary_start(bk, ws, 3, tot, all, &tier_first);
	row = summary_top(bk, ws, row + 1, r);
	row = summary_changes(bk, ws, row + 1, r->changes);

	/* spend by sector: the bar chart's data, the charts beside it */
	shown = nsec > SUMMARY_SECTORS + 1 ? SUMMARY_SECTORS : nsec;
	for (i = shown; i < nsec; i++) {
		other_n += sec[i].suppliers;
		other_pence += sec[i].spend_pence;
	}
	row++;
	sheet_text(bk, ws, row++, 0, "Spend by sector", bk->subtitle);
	charts_at = row;
	sheet_text(bk, ws, row, 0, "Rank", bk->header);
	sheet_merged(bk, ws, row, 1, 2, "Sector", 66, bk->header);
	sheet_text(bk, ws, row, 3, "Suppliers", bk->header);
	sheet_text(bk, ws, row, 4, "Spend (\xc2\xa3)", bk->header);
	sheet_text(bk, ws, row, 5, "Share of spend", bk->header);
	sheet_note_error(bk, worksheet_set_row(ws, row++, 30, NULL));
	first = row;
	len = (size_t)snprintf(alt, sizeof(alt), "Bar chart of spend by sector, largest first:");
	for (i = 0; i < shown || (i == shown && other_n); i++, row++) {
		const struct report_tally *one = &sec[i];
		unsigned long n = i < shown ? one->suppliers : other_n;
		int64_t pence = i < shown ? one->spend_pence : other_pence;
		const char *label = t;

		if (i < shown) {
			sheet_number(bk, ws, row, 0, (double)(i + 1), bk->score);
			label = sector_label(one->what);
		} else {
			snprintf(t, sizeof(t), "Other sectors (%lu)", (unsigned long)(nsec - shown));
		}
		sheet_merged(bk, ws, row, 1, 2, label, 66, bk->top);
		sheet_number(bk, ws, row, 3, (double)n, bk->count);
		sheet_money(bk, ws, row, 4, pence, bk->money);
		sheet_number(bk, ws, row, 5, all ? (double)pence / (double)all : 0.0, bk->pct);
		if (len < sizeof(alt))
			len += (size_t)snprintf(alt + len, sizeof(alt) - len, "%s %s %s",
						i ? ";" : "", label, short_money(pence, m));
	}
	tier_chart(bk, ws, tier_first, charts_at, 6, tot->by_tier, all);
	if (row > first)
		sector_chart(bk, ws, first, row - first, charts_at + 16, 6, alt);
}

/* ---- Reference ---- */

static const struct sheet_column reference_columns[] = {
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
static lxw_row_t write_reference_sectors(struct book *bk, lxw_worksheet *ws, lxw_row_t row,
					 const struct scan_report *r)
{
	const struct report_tally *sec = r->totals.sectors;
	size_t n = r->totals.nsectors, i;

	sheet_text(bk, ws, row++, 0, "Sectors used by this run's suppliers", bk->subtitle);
	sheet_header(bk, ws, row++, reference_columns, REFERENCE_NCOLS);
	for (i = 0; i < n; i++) {
		const struct sector *sc = sec[i].what;

		if (!sc)
			continue;
		sheet_text(bk, ws, row, 0, sc->id, NULL);
		sheet_wrapped(bk, ws, row, 1, sc->label, reference_columns[1].width, NULL);
		sheet_number(bk, ws, row, 2, sc->score, bk->score);
		sheet_text(bk, ws, row, 3, sc->tier, NULL);
		sheet_number(bk, ws, row, 4, sc->workforce, bk->score);
		sheet_wrapped(bk, ws, row, 5, joined(bk, sc->ppn_factors, sc->nppn_factors, ", "),
			      reference_columns[5].width, NULL);
		sheet_wrapped(bk, ws, row, 6, sc->rationale, reference_columns[6].width, NULL);
		sheet_wrapped(bk, ws, row, 7, joined(bk, sc->sources, sc->nsources, "\n"),
			      reference_columns[7].width, NULL);
		sheet_number(bk, ws, row, 8, (double)sec[i].suppliers, bk->count);
		sheet_money(bk, ws, row++, 9, sec[i].spend_pence, bk->money);
	}
	return row;
}

static lxw_row_t write_reference_countries(struct book *bk, lxw_worksheet *ws, lxw_row_t row,
					   const struct scan_report *r)
{
	static const struct sheet_column cols[] = {
		{ "Country code", 0 }, { "Country", 0 }, { "GSI 2023 per 1,000", 0 },
		{ "Geography score", 0 }, { "Suppliers", 0 },
	};
	const struct report_tally *c = r->totals.countries;
	size_t n = r->totals.ncountries, i;

	sheet_text(bk, ws, row++, 0, "Countries used by this run's suppliers", bk->subtitle);
	sheet_header(bk, ws, row++, cols, sizeof(cols) / sizeof(cols[0]));
	for (i = 0; i < n; i++, row++) {
		const struct country *ct = c[i].what;

		sheet_text(bk, ws, row, 0, ct->alpha2, NULL);
		sheet_wrapped(bk, ws, row, 1, country_name(ct), reference_columns[1].width, NULL);
		if (ct->prevalence >= 0)
			sheet_number(bk, ws, row, 2, ct->prevalence, bk->priority);
		else
			sheet_text(bk, ws, row, 2, "no estimate", NULL);
		sheet_number(bk, ws, row, 3, ct->score, bk->score);
		sheet_number(bk, ws, row, 4, (double)c[i].suppliers, bk->count);
	}
	return row;
}

void summarysheet_write_reference(struct book *bk, const struct scan_report *r)
{
	lxw_worksheet *ws = workbook_add_worksheet(bk->wb, "Reference");
	lxw_row_t row = 2;
	size_t i, n;

	worksheet_set_landscape(ws);
	worksheet_set_paper(ws, 9);
	worksheet_fit_to_pages(ws, 1, 0);
	sheet_widths(bk, ws, reference_columns, REFERENCE_NCOLS);
	sheet_text(bk, ws, 0, 0, "Reference data used in this run", bk->title);
	sheet_note_error(bk, worksheet_set_row(ws, 0, 28, NULL));
	if (!r->assessments) {
		sheet_text(bk, ws, row, 0, "No reference data: the suppliers have not been assessed.",
			   bk->noteline);
		return;
	}
	row = write_reference_sectors(bk, ws, row, r);
	row = write_reference_countries(bk, ws, row + 1, r);
	if (!r->reference)
		return;
	row++;
	sheet_text(bk, ws, row++, 0, "Reference files", bk->subtitle);
	sheet_text(bk, ws, row, 0, "File", bk->header);
	sheet_text(bk, ws, row, 1, "Version", bk->header);
	sheet_merged(bk, ws, row, 2, 6, "Source", 112, bk->header);
	sheet_text(bk, ws, row, 7, "SHA-256", bk->header);
	sheet_note_error(bk, worksheet_set_row(ws, row++, 20, NULL));
	n = reference_file_count(r->reference);
	for (i = 0; i < n; i++, row++) {
		const struct reference_file *f = reference_file_at(r->reference, i);

		sheet_text(bk, ws, row, 0, f->path, NULL);
		sheet_wrapped(bk, ws, row, 1, f->version, reference_columns[1].width, NULL);
		sheet_merged(bk, ws, row, 2, 6, f->source, 112, NULL);
		sheet_text(bk, ws, row, 7, f->sha256, NULL);
	}
	sheet_paragraph(bk, ws, row + 1, 8, 190,
		        "Scores are 0-100. A sector's tier is the method's band (VH very high, H "
		        "high, M medium, L low); workforce is the typical workforce-model points W. "
		        "The geography score G is derived from the Global Slavery Index 2023 "
		        "prevalence (sectors/README.md says how). The files are in the sectors "
		        "directory; the manifest records the same SHA-256 values.", bk->note);
}
