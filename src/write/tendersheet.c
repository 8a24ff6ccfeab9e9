/*
 * tendersheet.c: the workbook's Tenders sheet - one row per bid, each
 * abnormally-low-tender rule a column with its RAG level, the verdict
 * (RAG) beside the reasons and the clarification request.  Part of the
 * workbook module (sheet.h).
 */
#include <stdio.h>
#include <string.h>

#include "chainwatch/alt.h"
#include "chainwatch/csvout.h"
#include "chainwatch/date.h"
#include "chainwatch/report.h"
#include "chainwatch/tenders.h"
#include "chainwatch/risk.h"
#include "sheet.h"

#define COL_RULES 11
#define COL_VERDICT (COL_RULES + ALT__COUNT)

/* The rule columns' titles are "L1 statutory wage floor" ... (alt_rule_title), made per sheet. */
static const struct sheet_column columns[] = {
	{ "Tender", 14 }, { "Lot", 18 }, { "Title", 28 }, { "Tender date", 11 }, { "Bidder", 28 },
	{ "Supplier ID", 12 }, { "Price (\xc2\xa3)", 14 }, { "Estimate (\xc2\xa3)", 14 },
	{ "Valid", 7 }, { "Rank", 6 }, { "Valid bids", 7 },
	{ "", 16 }, { "", 16 }, { "", 16 }, { "", 16 }, { "", 16 }, { "", 16 }, { "", 16 },
	{ "", 16 }, { "", 16 }, { "", 16 }, { "", 16 },
	{ "Verdict", 12 }, { "Clears at (\xc2\xa3)", 14 }, { "Reasons", 80 },
	{ "Clarification request", 70 }, { "Source", 24 },
};
#define TENDER_MAX_LINES 60      /* a clarification request is never cut */
#define NCOLS (sizeof(columns) / sizeof(columns[0]))

static lxw_format *level_format(struct book *bk, enum alt_level l)
{
	switch (l) {
	case ALT_RED: return bk->tier[TIER_HIGH];
	case ALT_AMBER: return bk->tier[TIER_MEDIUM];
	case ALT_PASS: return bk->tier[TIER_LOW];
	default: return bk->tier[TIER_GREY];
	}
}

static lxw_format *verdict_format(struct book *bk, enum alt_verdict v)
{
	return v == ALT_INVESTIGATE ? bk->tier[TIER_HIGH] : v == ALT_NOTE ? bk->tier[TIER_MEDIUM]
									 : bk->tier[TIER_LOW];
}

static void put_row(struct book *bk, lxw_worksheet *ws, lxw_row_t row, const struct alt_bid *a)
{
	const struct bid *b = a->bid;
	char d[16];
	size_t k;

	sheet_text(bk, ws, row, 0, b->tender_id, NULL);
	sheet_wrapped(bk, ws, row, 1, b->lot, columns[1].width, NULL);
	sheet_wrapped(bk, ws, row, 2, b->title, columns[2].width, NULL);
	if (b->tender_date)
		sheet_text(bk, ws, row, 3, date_format(b->tender_date, d), NULL);
	sheet_wrapped(bk, ws, row, 4, b->bidder, columns[4].width, NULL);
	sheet_text(bk, ws, row, 5, b->supplier_id, NULL);
	if (b->price_pence >= 0)
		sheet_money(bk, ws, row, 6, b->price_pence, bk->money);
	if (b->estimate_pence >= 0)
		sheet_money(bk, ws, row, 7, b->estimate_pence, bk->money);
	sheet_text(bk, ws, row, 8, b->valid == 0 ? "No" : b->valid == 1 ? "Yes" : "", NULL);
	if (a->rank)
		sheet_number(bk, ws, row, 9, a->rank, bk->count);
	sheet_number(bk, ws, row, 10, a->nvalid, bk->count);
	for (k = 0; k < ALT__COUNT; k++)
		sheet_text(bk, ws, row, (lxw_col_t)(COL_RULES + k), alt_level_name(a->r[k].level),
			   level_format(bk, a->r[k].level));
	sheet_text(bk, ws, row, COL_VERDICT, alt_verdict_name(a->verdict),
		   verdict_format(bk, a->verdict));
	if (alt_clear_price(a) >= 0)
		sheet_money(bk, ws, row, COL_VERDICT + 1, alt_clear_price(a), bk->money);
	sheet_wrapped(bk, ws, row, COL_VERDICT + 2, alt_reasons(a, &bk->reasons),
		      columns[COL_VERDICT + 2].width, NULL);
	sheet_wrapped(bk, ws, row, COL_VERDICT + 3, alt_questions(a, &bk->text),
		      columns[COL_VERDICT + 3].width, NULL);
	sheet_text(bk, ws, row, COL_VERDICT + 4, b->source, NULL);
}

void sheet_tenders(struct book *bk, const struct scan_report *r)
{
	struct sheet_column cols[NCOLS];
	char titles[ALT__COUNT][96];
	lxw_worksheet *ws;
	size_t i;

	memcpy(cols, columns, sizeof(cols));
	for (i = 0; i < ALT__COUNT; i++) {
		snprintf(titles[i], sizeof(titles[i]), "%s %s", alt_rule_name((enum alt_rule)i),
			 alt_rule_title((enum alt_rule)i));
		cols[COL_RULES + i].title = titles[i];
	}
	ws = sheet_add_table(bk, "Tenders", cols, NCOLS, r->ntenders ? r->ntenders : 1, 1);
	/* the rule titles take up to four lines */
	sheet_note_error(bk, worksheet_set_row(ws, 0, 60, NULL));
	if (!r->ntenders) {
		sheet_text(bk, ws, 1, 2, "No bids were given: add a bid file with --tenders FILE "
			   "(docs/bids.md) to check tenders for abnormally low prices.", bk->note);
		return;
	}
	bk->max_lines = TENDER_MAX_LINES;
	for (i = 0; i < r->ntenders; i++)
		put_row(bk, ws, (lxw_row_t)(i + 1), &r->tenders[i]);
	bk->max_lines = 0;
}

void sheet_tender_readme(struct book *bk, const struct scan_report *r)
{
	static const char *const about[] = {
		"Every bid in the file was put through the abnormally-low-tender rules, one column "
		"each on the Tenders sheet: L1-L3 labour-cost floors (the statutory minimum wage, "
		"with employer National Insurance and pension, and the Real Living Wage where the "
		"contract requires it), E1 below the pre-tender estimate, M1 the Scottish "
		"adjusted-average-price rule, M2 below the mean of the other bids, G1 the gap to the "
		"next lowest, S1 a robust z-score, S2 the Tukey fence, and Cardinal's R058 (X1) and "
		"R024 (X2) across the tenders.",
		"A flag means \"ask the bidder to explain\" (regulation 69(1) of the Public Contracts "
		"Regulations 2015, section 19(4) of the Procurement Act 2023), never \"reject\". "
		"Investigate: any red, or two ambers; note: one amber. A rule without the data it "
		"needs says \"not assessable\" and why: it is never a pass. The Reasons column gives "
		"each rule's inputs, formula, threshold and source; \"Clears at\" is the lowest "
		"price at which no flag would be raised.",
	};
	const struct tender_check *tc = r->tender_check;
	lxw_worksheet *ws = workbook_add_worksheet(bk->wb, "Read me");
	char t[160];
	lxw_row_t row = 2;
	size_t i;

	worksheet_set_landscape(ws);
	worksheet_set_paper(ws, 9);
	worksheet_fit_to_pages(ws, 1, 0);
	worksheet_gridlines(ws, LXW_HIDE_ALL_GRIDLINES);
	worksheet_set_column(ws, 0, 0, 22, NULL);
	worksheet_set_column(ws, 1, 8, 14, NULL);
	sheet_text(bk, ws, 0, 0, "Tender check", bk->title);
	sheet_text(bk, ws, row, 0, "Council", bk->label);
	sheet_text(bk, ws, row++, 1, r->run.council, NULL);
	if (tc) {
		sheet_text(bk, ws, row, 0, "Bid file", bk->label);
		sheet_text(bk, ws, row++, 1, tc->path, NULL);
		sheet_text(bk, ws, row, 0, "Format", bk->label);
		sheet_text(bk, ws, row++, 1, tc->format, NULL);
		sheet_text(bk, ws, row, 0, "SHA-256", bk->label);
		sheet_text(bk, ws, row++, 1, tc->sha256, NULL);
		sheet_text(bk, ws, row, 0, "Bids", bk->label);
		snprintf(t, sizeof(t), "%lu read, %lu rejected; %zu to investigate, %zu noted",
			 tc->accepted, tc->rejected, tender_check_count(tc, ALT_INVESTIGATE),
			 tender_check_count(tc, ALT_NOTE));
		sheet_text(bk, ws, row++, 1, t, NULL);
	}
	sheet_text(bk, ws, row, 0, "Tool version", bk->label);
	snprintf(t, sizeof(t), "chainwatch %s", r->run.tool_version ? r->run.tool_version : "");
	sheet_text(bk, ws, row++, 1, t, NULL);
	row++;
	sheet_text(bk, ws, row++, 0, "About this workbook", bk->subtitle);
	for (i = 0; i < sizeof(about) / sizeof(about[0]); i++)
		sheet_paragraph(bk, ws, row++, 9, 22 + 8 * 14, about[i], bk->wrap);
}
