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
#include "chainwatch/sheet.h"
#include "chainwatch/changes.h"
#include "chainwatch/workbook.h"
#include "chainwatch/xalloc.h"

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

static const struct sheet_column input_columns[] = {
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
	static const struct sheet_column cols[] = {
		{ "Tier", 34 }, { "Risk score", 16 }, { "What it means", 54 },
		{ "What the contract manager does (PPN 02/23 aligned)", 118 },
	};
	int t;

	sheet_text(bk, ws, row++, 0, "Tiers", bk->subtitle);
	sheet_text(bk, ws, row, 0, cols[0].title, bk->header);
	sheet_text(bk, ws, row, 1, cols[1].title, bk->header);
	sheet_merged(bk, ws, row, 2, 6, cols[2].title, cols[2].width, bk->header);
	sheet_merged(bk, ws, row, 7, 11, cols[3].title, cols[3].width, bk->header);
	sheet_note_error(bk, worksheet_set_row(ws, row++, 20, NULL));
	for (t = 0; t < 4; t++, row++) {
		sheet_text(bk, ws, row, 0, tier_help[t].tier, bk->tier[t]);
		sheet_text(bk, ws, row, 1, tier_help[t].score, NULL);
		sheet_merged(bk, ws, row, 2, 6, tier_help[t].means, cols[2].width, NULL);
		sheet_merged(bk, ws, row, 7, 11, tier_help[t].action, cols[3].width, NULL);
	}
	row++;
	sheet_text(bk, ws, row++, 0, "How the score works", bk->subtitle);
	sheet_paragraph(bk, ws, row++, 9, 122,
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

	sheet_text(bk, ws, row++, 0, "Reference data", bk->subtitle);
	sheet_text(bk, ws, row, 0, "File", bk->header);
	sheet_merged(bk, ws, row, 1, 4, "Version", 50, bk->header);
	sheet_merged(bk, ws, row, 5, 10, "Source", 72, bk->header);
	sheet_text(bk, ws, row, 11, "SHA-256", bk->header);
	sheet_note_error(bk, worksheet_set_row(ws, row++, 20, NULL));
	for (i = 0; i < n; i++, row++) {
		const struct reference_file *f = reference_file_at(ref, i);

		sheet_text(bk, ws, row, 0, f->path, bk->top);
		sheet_merged(bk, ws, row, 1, 4, f->version, 50, NULL);
		sheet_merged(bk, ws, row, 5, 10, f->source, 72, NULL);
		sheet_text(bk, ws, row, 11, f->sha256, NULL);
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
		"slavery is present. The Statements sheet shows what the Modern Slavery Statement "
		"Registry holds for each supplier: whether a statement was found, how the supplier "
		"was matched to it, and whether the Modern Slavery Act s54 duty (turnover of "
		"\xc2\xa3" "36 million or more) is likely to apply. Publishing on the registry is "
		"voluntary, so \"not found\" is a question to ask the supplier, never a finding of "
		"non-compliance.",
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
	sheet_widths(bk, ws, input_columns, INPUT_NCOLS);
	sheet_text(bk, ws, 0, 0, "Supplier risk workbook", bk->title);
	sheet_note_error(bk, worksheet_set_row(ws, 0, 28, NULL));

	row = 2;
	sheet_text(bk, ws, row, 0, "Council", bk->label);
	sheet_text(bk, ws, row++, 1, r->run.council, NULL);
	sheet_text(bk, ws, row, 0, "Period", bk->label);
	sheet_text(bk, ws, row++, 1, r->run.period, NULL);
	sheet_text(bk, ws, row, 0, "Payments dated", bk->label);
	if (r->first_date || r->last_date) {
		snprintf(t, sizeof(t), "%s to %s", date_format(r->first_date, m1),
			 date_format(r->last_date, m2));
		sheet_text(bk, ws, row++, 1, t, NULL);
	} else {
		sheet_text(bk, ws, row++, 1, "no dated payments", NULL);
	}
	sheet_text(bk, ws, row, 0, "Suppliers", bk->label);
	sheet_number(bk, ws, row++, 1, (double)r->nsuppliers, bk->count_left);
	sheet_text(bk, ws, row, 0, "Accepted spend", bk->label);
	sheet_money(bk, ws, row++, 1, r->spend_pence, bk->money_left);
	sheet_text(bk, ws, row, 0, "Redacted spend", bk->label);
	sheet_money(bk, ws, row, 1, r->redacted_pence, bk->money_left);
	snprintf(t, sizeof(t), "%lu redacted payment%s", r->redacted_rows,
		 r->redacted_rows == 1 ? "" : "s");
	sheet_text(bk, ws, row++, 2, t, NULL);
	sheet_text(bk, ws, row, 0, "Run ID", bk->label);
	sheet_text(bk, ws, row++, 1, r->run.id, NULL);
	sheet_text(bk, ws, row, 0, "Tool version", bk->label);
	snprintf(t, sizeof(t), "chainwatch %s", r->run.tool_version ? r->run.tool_version : "");
	sheet_text(bk, ws, row++, 1, t, NULL);
	sheet_text(bk, ws, row, 0, "Run started (UTC)", bk->label);
	sheet_text(bk, ws, row++, 1, time_text(r->run.started, t), NULL);
	sheet_text(bk, ws, row, 0, "Run finished (UTC)", bk->label);
	sheet_text(bk, ws, row++, 1, time_text(r->run.finished, t), NULL);

	row++;
	sheet_text(bk, ws, row++, 0, "About this workbook", bk->subtitle);
	for (i = 0; i < sizeof(about) / sizeof(about[0]); i++)
		sheet_paragraph(bk, ws, row++, 9, 34 + 14 + 13 + 9 + 12 + 10 * 4, about[i], bk->wrap);

	row++;
	row = write_readme_tiers(bk, ws, row);
	row++;
	sheet_text(bk, ws, row++, 0, "Inputs", bk->subtitle);
	sheet_header(bk, ws, row++, input_columns, INPUT_NCOLS);
	for (i = 0; i < r->ninputs; i++, row++) {
		const struct input_stats *in = &r->inputs[i];

		sheet_text(bk, ws, row, 0, in->path, bk->top);
		sheet_text(bk, ws, row, 1, kind_name(in->kind), NULL);
		sheet_text(bk, ws, row, 2, encoding_name(in->encoding), NULL);
		sheet_number(bk, ws, row, 3, (double)in->header_line, bk->count);
		sheet_text(bk, ws, row, 4, in->profile ? in->profile : "auto", NULL);
		sheet_number(bk, ws, row, 5, (double)in->records, bk->count);
		sheet_number(bk, ws, row, 6, (double)in->accepted, bk->count);
		sheet_number(bk, ws, row, 7, (double)in->skipped, bk->count);
		sheet_number(bk, ws, row, 8, (double)in->rejected, bk->count);
		sheet_money(bk, ws, row, 9, in->accepted_pence, bk->money);
		sheet_money(bk, ws, row, 10, in->redacted_pence, bk->money);
		sheet_text(bk, ws, row, 11, in->sha256, NULL);
		tot[0] += in->records;
		tot[1] += in->accepted;
		tot[2] += in->skipped;
		tot[3] += in->rejected;
		tot_acc += in->accepted_pence;
		tot_red += in->redacted_pence;
	}
	sheet_text(bk, ws, row, 0, "Total", bk->total);
	for (i = 1; i <= 4; i++)
		sheet_text(bk, ws, row, (lxw_col_t)i, "", bk->total);
	for (i = 0; i < 4; i++)
		sheet_number(bk, ws, row, (lxw_col_t)(5 + i), (double)tot[i], bk->total_count);
	sheet_money(bk, ws, row, 9, tot_acc, bk->total_money);
	sheet_money(bk, ws, row, 10, tot_red, bk->total_money);
	sheet_text(bk, ws, row, 11, "", bk->total);
	row += 2;
	sheet_paragraph(bk, ws, row++, 9, 120,
		        "Records are the rows below each file's header row. Skipped rows are blank "
		        "lines, total lines and control rows; rejected rows are listed on the Rejected "
		        "rows sheet. SHA-256 identifies the exact file that was read.",
		        bk->note);
	row = sheet_registry_years(bk, ws, row + 1, r);
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
		sheet_number(bk, ws, row, 3, (double)tiers[k].n, bk->count);
		sheet_money(bk, ws, row, 4, tiers[k].pence, bk->money);
		sheet_number(bk, ws, row, 5, all ? (double)tiers[k].pence / (double)all : 0.0,
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
	sec = sectors_used(r, &nsec);
	shown = nsec > SUMMARY_SECTORS + 1 ? SUMMARY_SECTORS : nsec;
	for (i = shown; i < nsec; i++) {
		other_n += sec[i].n;
		other_pence += sec[i].pence;
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
		const struct tally *one = &sec[i];
		unsigned long n = i < shown ? one->n : other_n;
		int64_t pence = i < shown ? one->pence : other_pence;

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
	free(sec);

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

static const struct sheet_column supplier_columns[] = {
	{ "Supplier key", 22 }, { "Name", 38 }, { "Supplier IDs", 16 }, { "Names seen", 42 },
	{ "Company number", 12 }, { "VAT number", 15 }, { "Spend (\xc2\xa3)", 15 },
	{ "Transactions", 12 }, { "In supplier master", 10 }, { "Matched by", 15 },
	/* filled by the risk model */
	{ "Sector", 26 }, { "Sector score", 9 }, { "Mapped by", 30 }, { "Country", 22 },
	{ "Geography score", 10 }, { "Goods score", 9 }, { "Risk score", 9 }, { "Priority", 10 },
	{ "Tier", 9 }, { "Reasons", 90 }, { "Statement status", 15 }, { "s54 duty", 12 },
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
		"Sector: ", "Workforce: ", "Geography: ", "Goods: ", "Statement: ", "Tenders: ",
		"Score: ",
		"Also bought: ",
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

	sheet_wrapped(bk, ws, row, 10, sec ? sec->label : "Not classified",
		      supplier_columns[10].width, NULL);
	if (sec) {
		sheet_number(bk, ws, row, 11, sec->score, bk->score);
		sheet_wrapped(bk, ws, row, 12, risk_sector_evidence(a), supplier_columns[12].width,
			      NULL);
	}
	sheet_number(bk, ws, row, 14, a->geography_score, bk->score);
	if (a->goods_score >= 0)
		sheet_number(bk, ws, row, 15, a->goods_score, bk->score);
	sheet_number(bk, ws, row, 16, a->score, bk->score);
	sheet_number(bk, ws, row, 17, (double)llround(a->priority * 100.0) / 100.0, bk->priority);
	sheet_text(bk, ws, row, 18, tier_name(tr), bk->tier[tr]);
	sheet_wrapped(bk, ws, row, COL_REASONS, reasons_lines(bk, risk_reasons(s, a, &bk->reasons)),
		      supplier_columns[COL_REASONS].width, NULL);
	if (a->statement.status != STATEMENT_NOT_CHECKED) {
		sheet_text(bk, ws, row, COL_REASONS + 1, statement_status_name(a->statement.status),
			   NULL);
		sheet_text(bk, ws, row, COL_REASONS + 2, in_scope_name(a->statement.scope), NULL);
	}
}

static void write_suppliers(struct book *bk, const struct scan_report *r)
{
	lxw_worksheet *ws = sheet_add_table(bk, "Suppliers", supplier_columns, SUPPLIER_NCOLS,
					    r->nsuppliers, 2);
	char range[64];
	lxw_row_t row;
	size_t i;

	for (i = 0, row = 1; i < r->nsuppliers; i++, row++) {
		const struct supplier *s = r->suppliers[i];
		const struct assessment *a = r->assessments ? &r->assessments[i] : NULL;
		char *ids = supplier_ids_joined(s);
		char *names = supplier_names_joined(s);

		sheet_text(bk, ws, row, 0, s->key, NULL);
		sheet_text(bk, ws, row, 1, s->name, NULL);
		sheet_text(bk, ws, row, 2, ids, NULL);
		sheet_text(bk, ws, row, 3, names, NULL);
		sheet_text(bk, ws, row, 4, s->company_number, NULL);
		sheet_text(bk, ws, row, 5, s->vat, NULL);
		sheet_money(bk, ws, row, 6, s->spend_pence, bk->money);
		sheet_number(bk, ws, row, 7, (double)s->transactions, bk->count);
		sheet_text(bk, ws, row, 8, s->in_master ? "Yes" : "No", NULL);
		sheet_text(bk, ws, row, 9, s->match, NULL);
		if (a)
			put_risk(bk, ws, row, s, a);
		sheet_wrapped(bk, ws, row, 13, country_cell(bk, s, a), supplier_columns[13].width,
			      NULL);
		free(ids);
		free(names);
	}
	/* IDs and numbers kept as text: no green "number stored as text" triangles. */
	snprintf(range, sizeof(range), "A2:F%lu", (unsigned long)r->nsuppliers + 1);
	if (r->nsuppliers)
		sheet_note_error(bk, worksheet_ignore_errors(ws, LXW_IGNORE_NUMBER_STORED_AS_TEXT, range));
}

/* ---- Flags ---- */

static const struct sheet_column flag_columns[] = {
	{ "Flag ID", 13 }, { "Run", 22 }, { "Supplier key", 18 }, { "Supplier", 30 },
	{ "Kind", 21 }, { "Severity", 10 }, { "Summary", 48 }, { "Evidence", 70 },
	{ "First seen", 10 }, { "Last seen", 10 }, { "Reopened", 30 },
	/* the contract manager's review: the only cells that can be edited */
	{ "Review status", 15 }, { "Reviewer", 16 }, { "Review date", 12 }, { "Note", 36 },
	{ "Next review date", 12 }, { "Evidence link", 30 },
};
#define FLAG_NCOLS (sizeof(flag_columns) / sizeof(flag_columns[0]))
#define COL_REVIEW 11

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
	sheet_note_error(bk, worksheet_data_validation_range(ws, 1, COL_REVIEW, n, COL_REVIEW, &dv));
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
		sheet_note_error(bk, worksheet_data_validation_range(ws, 1, dates[i], n, dates[i], &dv));
	}
}

/* A review date cell: the date as an Excel date, or an empty input cell. */
static void review_date_cell(struct book *bk, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
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
static void protect_flags(struct book *bk, lxw_worksheet *ws)
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

static void write_flags(struct book *bk, const struct scan_report *r)
{
	lxw_worksheet *ws = sheet_add_table(bk, "Flags", flag_columns, FLAG_NCOLS, r->nflags, 0);
	lxw_row_t row;
	size_t i;

	if (r->nflags)
		review_validation(bk, ws, (lxw_row_t)r->nflags);
	for (i = 0, row = 1; i < r->nflags; i++, row++) {
		const struct flag *f = &r->flags[i];

		sheet_text(bk, ws, row, 0, f->id, NULL);
		sheet_text(bk, ws, row, 1, r->run.id, NULL);
		sheet_text(bk, ws, row, 2, f->supplier ? f->supplier->key : "", NULL);
		sheet_wrapped(bk, ws, row, 3, f->supplier ? f->supplier->name : "",
			      flag_columns[3].width, NULL);
		sheet_text(bk, ws, row, 4, flag_kind_name(f->kind), NULL);
		sheet_text(bk, ws, row, 5, f->severity, severity_format(bk, f->severity));
		sheet_wrapped(bk, ws, row, 6, flag_summary(f, &bk->reasons), flag_columns[6].width, NULL);
		sheet_wrapped(bk, ws, row, 7, flag_evidence(f, &bk->reasons), flag_columns[7].width,
			      NULL);
		sheet_text(bk, ws, row, 8, f->first_seen, NULL);
		sheet_text(bk, ws, row, 9, f->last_seen, NULL);
		sheet_wrapped(bk, ws, row, 10, f->reopened ? f->reopened : "", flag_columns[10].width,
			      NULL);
		/* the current decision, pre-filled, in the unlocked review cells */
		sheet_text(bk, ws, row, COL_REVIEW, f->review_status[0] ? f->review_status : "open",
			   bk->input);
		sheet_text(bk, ws, row, COL_REVIEW + 1, f->reviewer ? f->reviewer : "", bk->input);
		review_date_cell(bk, ws, row, COL_REVIEW + 2, f->review_date);
		sheet_text(bk, ws, row, COL_REVIEW + 3, f->review_note ? f->review_note : "",
			   bk->input_wrap);
		review_date_cell(bk, ws, row, COL_REVIEW + 4, f->next_review);
		sheet_text(bk, ws, row, COL_REVIEW + 5, f->evidence_link ? f->evidence_link : "",
			   bk->input);
	}
	protect_flags(bk, ws);
	if (!r->nflags)
		sheet_text(bk, ws, 2, 0, r->assessments ? "No flags were raised." :
			   "No flags: the suppliers have not been assessed.", bk->noteline);
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
		sheet_number(bk, ws, row, 8, (double)sec[i].n, bk->count);
		sheet_money(bk, ws, row++, 9, sec[i].pence, bk->money);
	}
	free(sec);
	return row;
}

static lxw_row_t write_reference_countries(struct book *bk, lxw_worksheet *ws, lxw_row_t row,
					   const struct scan_report *r)
{
	static const struct sheet_column cols[] = {
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
		sheet_number(bk, ws, row, 4, (double)c[i].n, bk->count);
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

static const struct sheet_column quality_columns[] = {
	{ "File", 34 }, { "Records", 10 }, { "Accepted", 10 }, { "Skipped", 10 },
	{ "Skipped blank", 10 }, { "Skipped totals", 10 }, { "Skipped control", 10 },
	{ "Rejected", 10 }, { "Reject rate", 10 }, { "Accepted spend (\xc2\xa3)", 16 },
	{ "Redacted rows", 10 }, { "Redacted spend (\xc2\xa3)", 16 }, { "Reconciles", 11 },
};
#define QUALITY_NCOLS (sizeof(quality_columns) / sizeof(quality_columns[0]))

static const struct sheet_column reject_columns[] = {
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
	lxw_worksheet *ws = sheet_add_table(bk, "Data quality", quality_columns, QUALITY_NCOLS,
					    r->ninputs, 1);
	unsigned long tot[9] = { 0 };
	int64_t tot_acc = 0, tot_red = 0;
	char t[200];
	lxw_row_t row;
	size_t i;

	for (i = 0, row = 1; i < r->ninputs; i++, row++) {
		const struct input_stats *in = &r->inputs[i];
		int ok = in->records == in->accepted + in->skipped + in->rejected;

		sheet_text(bk, ws, row, 0, in->path, NULL);
		sheet_number(bk, ws, row, 1, (double)in->records, bk->count);
		sheet_number(bk, ws, row, 2, (double)in->accepted, bk->count);
		sheet_number(bk, ws, row, 3, (double)in->skipped, bk->count);
		sheet_number(bk, ws, row, 4, (double)in->skipped_blank, bk->count);
		sheet_number(bk, ws, row, 5, (double)in->skipped_total, bk->count);
		sheet_number(bk, ws, row, 6, (double)in->skipped_control, bk->count);
		sheet_number(bk, ws, row, 7, (double)in->rejected, bk->count);
		sheet_number(bk, ws, row, 8,
			     in->records ? (double)in->rejected / (double)in->records : 0.0, bk->pct);
		sheet_money(bk, ws, row, 9, in->accepted_pence, bk->money);
		sheet_number(bk, ws, row, 10, (double)in->redacted, bk->count);
		sheet_money(bk, ws, row, 11, in->redacted_pence, bk->money);
		sheet_text(bk, ws, row, 12, ok ? "Yes" : "No", ok ? NULL : bk->bad);
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
	sheet_text(bk, ws, row, 0, "Total", bk->total);
	for (i = 0; i < 7; i++)
		sheet_number(bk, ws, row, (lxw_col_t)(1 + i), (double)tot[i], bk->total_count);
	sheet_number(bk, ws, row, 8, tot[0] ? (double)tot[6] / (double)tot[0] : 0.0,
		     bk->total_pct);
	sheet_money(bk, ws, row, 9, tot_acc, bk->total_money);
	sheet_number(bk, ws, row, 10, (double)tot[7], bk->total_count);
	sheet_money(bk, ws, row, 11, tot_red, bk->total_money);
	sheet_text(bk, ws, row, 12, tot[8] == r->ninputs ? "Yes" : "No",
		   tot[8] == r->ninputs ? bk->total : bk->bad);
	row += 2;
	sheet_paragraph(bk, ws, row++, 9, 110,
		        "Each file reconciles when records = accepted + skipped + rejected. Skipped "
		        "rows are blank lines, total lines and control rows. Redacted rows are "
		        "payments whose payee the council withheld: their spend is counted in the "
		        "totals but cannot be assessed.", bk->note);
	rejected_summary(r, t, sizeof(t));
	sheet_paragraph(bk, ws, row++, 9, 110, t, bk->note);
	if (r->rejections_total)
		sheet_paragraph(bk, ws, row++, 9, 110,
			        "The rejected rows, with the reason for each, are on the Rejected "
			        "rows sheet.", bk->note);
}

static void write_rejected(struct book *bk, const struct scan_report *r)
{
	lxw_worksheet *ws = sheet_add_table(bk, "Rejected rows", reject_columns, REJECT_NCOLS,
					    r->nrejections, 0);
	char t[200];
	lxw_row_t row;
	size_t i;

	for (i = 0, row = 1; i < r->nrejections; i++, row++) {
		const struct rejection *rj = &r->rejections[i];

		sheet_text(bk, ws, row, 0, rj->file, NULL);
		sheet_number(bk, ws, row, 1, (double)rj->line, NULL);
		sheet_text(bk, ws, row, 2, rj->reason, NULL);
		sheet_text(bk, ws, row, 3, rj->raw, NULL);
	}
	rejected_summary(r, t, sizeof(t));
	sheet_text(bk, ws, row + 1, 0, t, bk->noteline);
}

/* The risk workbook, or (tender_only) the tender check's: Read me, Tenders, Rejected rows. */
static int write_book(const char *path, const struct scan_report *r, int tender_only,
		      struct diag *err)
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
	sheet_formats(&bk);

	memset(&props, 0, sizeof(props));
	snprintf(title, sizeof(title), "%s: %s %s", tender_only ? "Tender check" :
		 "Supplier risk workbook", r->run.council ? r->run.council : "",
		 r->run.period ? r->run.period : "");
	props.title = title;
	props.subject = "Modern slavery risk in supplier spend";
	props.author = "chainwatch";
	props.company = (char *)(r->run.council ? r->run.council : "");
	props.comments = (char *)r->run.id;
	/* 0 would mean "now"; the run's own clock keeps the bytes reproducible. */
	props.created = r->run.started ? r->run.started : 1;
	sheet_note_error(&bk, workbook_set_properties(bk.wb, &props));

	if (tender_only) {
		sheet_tender_readme(&bk, r);
		sheet_tenders(&bk, r);
		write_rejected(&bk, r);
	} else {
		write_readme(&bk, r);
		write_summary(&bk, r);
		write_suppliers(&bk, r);
		write_flags(&bk, r);
		sheet_changes(&bk, r, r->changes);
		sheet_tenders(&bk, r);
		sheet_statements(&bk, r);
		write_quality(&bk, r);
		write_rejected(&bk, r);
		write_reference(&bk, r);
	}

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

int riskbook_write(const char *path, const struct scan_report *r, struct diag *err)
{
	return write_book(path, r, 0, err);
}

int tenderbook_write(const char *path, const struct scan_report *r, struct diag *err)
{
	return write_book(path, r, 1, err);
}
