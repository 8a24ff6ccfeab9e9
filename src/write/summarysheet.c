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

static const struct sheet_column summary_columns[] = {
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
		fill[t].color = sheet_rag[t].chart;
		pt[t].fill = &fill[t];
		pts[t] = &pt[t];
	}
	pts[4] = NULL;
	sheet_note_error(bk, chart_series_set_points(se, pts));
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
	sheet_note_error(bk, worksheet_insert_chart_opt(ws, at, 6, ch, &opt));
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
	sheet_note_error(bk, worksheet_insert_chart_opt(ws, at, 6, ch, &opt));
}

/* The counts of the Changes sheet, or why there are none. */
static void summary_changes(struct book *bk, lxw_worksheet *ws, lxw_row_t row,
			    const struct change_list *cl)
{
	char t[160];
	size_t k;

	if (!cl || cl->first_run) {
		sheet_text(bk, ws, row, 0, "Changes: " CHANGES_FIRST_RUN_TEXT ".", bk->noteline);
		return;
	}
	snprintf(t, sizeof(t), "Changes since %s (listed on the Changes sheet)",
		 cl->previous_period);
	sheet_text(bk, ws, row++, 0, t, bk->subtitle);
	for (k = 0; k < CHANGE__COUNT; k++, row++) {
		sheet_merged(bk, ws, row, 0, 2, change_kind_label((enum change_kind)k), 75, bk->top);
		sheet_number(bk, ws, row, 3, (double)changes_count(cl, (enum change_kind)k),
			     bk->count);
	}
}

void summarysheet_write(struct book *bk, const struct scan_report *r)
{
	lxw_worksheet *ws = workbook_add_worksheet(bk->wb, "Summary");
	const struct report_totals *tot = &r->totals;
	const struct report_tally *tiers = tot->by_tier, *sec = tot->sectors;
	unsigned long nall = 0;
	int64_t all = 0, other_pence = 0;
	unsigned long other_n = 0;
	size_t nsec = tot->nsectors, shown, i;
	lxw_row_t row, first, charts_end;
	char t[160], money[48];
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

	for (k = 0; k <= TIER_GREY; k++) {
		nall += tiers[k].suppliers;
		all += tiers[k].spend_pence;
	}

	/* spend by tier: the pie chart's data */
	row = 3;
	sheet_text(bk, ws, row++, 0, "Spend and suppliers by tier", bk->subtitle);
	sheet_text(bk, ws, row, 0, "Tier", bk->header);
	sheet_merged(bk, ws, row, 1, 2, "What to do", 66, bk->header);
	sheet_text(bk, ws, row, 3, "Suppliers", bk->header);
	sheet_text(bk, ws, row, 4, "Spend (\xc2\xa3)", bk->header);
	sheet_text(bk, ws, row, 5, "Share of spend", bk->header);
	sheet_note_error(bk, worksheet_set_row(ws, row++, 30, NULL));
	first = row;
	for (k = 0; k < 4; k++, row++) {
		static const char *const todo[4] = {
			"Review now", "Review at the next contract touchpoint",
			"No action beyond standard terms", "Classify the supplier",
		};

		sheet_text(bk, ws, row, 0, tier_name((enum tier)k), bk->tier[k]);
		sheet_merged(bk, ws, row, 1, 2, todo[k], 66, bk->top);
		sheet_number(bk, ws, row, 3, (double)tiers[k].suppliers, bk->count);
		sheet_money(bk, ws, row, 4, tiers[k].spend_pence, bk->money);
		sheet_number(bk, ws, row, 5, all ? (double)tiers[k].spend_pence / (double)all : 0.0,
			     bk->pct);
	}
	sheet_text(bk, ws, row, 0, "Total", bk->total);
	sheet_merged(bk, ws, row, 1, 2, "", 66, bk->total);
	sheet_number(bk, ws, row, 3, (double)nall, bk->total_count);
	sheet_money(bk, ws, row, 4, all, bk->total_money);
	sheet_number(bk, ws, row++, 5, all ? 1.0 : 0.0, bk->total_pct);
	tier_chart(bk, ws, first, 3);
	charts_end = 3 + 14;

	/* spend by sector: the bar chart's data */
	shown = nsec > SUMMARY_SECTORS + 1 ? SUMMARY_SECTORS : nsec;
	for (i = shown; i < nsec; i++) {
		other_n += sec[i].suppliers;
		other_pence += sec[i].spend_pence;
	}
	row++;
	sheet_text(bk, ws, row++, 0, "Spend by sector", bk->subtitle);
	sheet_text(bk, ws, row, 0, "", bk->header);
	sheet_merged(bk, ws, row, 1, 2, "Sector", 66, bk->header);
	sheet_text(bk, ws, row, 3, "Suppliers", bk->header);
	sheet_text(bk, ws, row, 4, "Spend (\xc2\xa3)", bk->header);
	sheet_text(bk, ws, row, 5, "Share of spend", bk->header);
	sheet_note_error(bk, worksheet_set_row(ws, row++, 30, NULL));
	first = row;
	for (i = 0; i < shown || (i == shown && other_n); i++, row++) {
		const struct report_tally *one = &sec[i];
		unsigned long n = i < shown ? one->suppliers : other_n;
		int64_t pence = i < shown ? one->spend_pence : other_pence;

		if (i < shown) {
			sheet_number(bk, ws, row, 0, (double)(i + 1), bk->score);
			sheet_merged(bk, ws, row, 1, 2, sector_label(one->what), 66, bk->top);
		} else {
			snprintf(t, sizeof(t), "Other sectors (%lu)", (unsigned long)(nsec - shown));
			sheet_merged(bk, ws, row, 1, 2, t, 66, bk->top);
		}
		sheet_number(bk, ws, row, 3, (double)n, bk->count);
		sheet_money(bk, ws, row, 4, pence, bk->money);
		sheet_number(bk, ws, row, 5, all ? (double)pence / (double)all : 0.0, bk->pct);
	}
	if (row > first)
		sector_chart(bk, ws, first, row - first, charts_end + 1);
	charts_end += 1 + (lxw_row_t)((90 + 26 * (row - first)) / ROW_PIXELS + 1);

	/* the suppliers to review first */
	row = row + 2 > charts_end + 2 ? row + 2 : charts_end + 2;
	snprintf(t, sizeof(t), "Top %d suppliers by priority", SUMMARY_TOP);
	sheet_text(bk, ws, row++, 0, t, bk->subtitle);
	sheet_header(bk, ws, row++, summary_columns, SUMMARY_NCOLS);
	for (i = 0; i < r->nsuppliers && i < SUMMARY_TOP; i++, row++) {
		const struct assessment *a = &r->assessments[i];
		const struct sector *sc = a->sector.sector;
		enum tier tr = (unsigned)a->tier > TIER_GREY ? TIER_GREY : a->tier;

		sheet_number(bk, ws, row, 0, (double)(i + 1), bk->score);
		sheet_wrapped(bk, ws, row, 1, r->suppliers[i]->name, summary_columns[1].width, NULL);
		sheet_wrapped(bk, ws, row, 2, sc ? sc->label : "Not classified",
			      summary_columns[2].width, NULL);
		sheet_number(bk, ws, row, 3, a->score, bk->score);
		sheet_money(bk, ws, row, 4, r->suppliers[i]->spend_pence, bk->money);
		sheet_text(bk, ws, row, 5, tier_name(tr), bk->tier[tr]);
		sheet_wrapped(bk, ws, row, 6, main_reason(bk, r->suppliers[i], a),
			      summary_columns[6].width, NULL);
	}
	if (r->nsuppliers > SUMMARY_TOP)
		sheet_text(bk, ws, row + 1, 0, "All suppliers, in the same order, are on the "
			   "Suppliers sheet.", bk->noteline);
	summary_changes(bk, ws, row + 3, r->changes);
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
