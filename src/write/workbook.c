/*
 * workbook.c: the supplier risk workbook and the tender check's workbook
 * put together (workbook.h) - opened, its properties set, every sheet
 * written in order and closed, the first error reported - and the sheets
 * about the run itself: Read me, Data quality and Rejected rows.  The
 * other sheets are in summarysheet.c (Summary, Reference), suppliersheet.c
 * (Suppliers, Flags), changesheet.c, tendersheet.c and statementsheet.c;
 * the cell writers in sheet.c.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <xlsxwriter.h>

#include "chainwatch/buf.h"
#include "chainwatch/date.h"
#include "chainwatch/encoding.h"
#include "chainwatch/reference.h"
#include "chainwatch/risk.h"
#include "sheet.h"
#include "summarysheet.h"
#include "suppliersheet.h"
#include "chainwatch/workbook.h"

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
		"Classify the supplier: find out what it supplies and record it on the Suppliers "
		"sheet (Next action, Review note), and ask whoever keeps the supplier master to add "
		"its SIC code or company number, so the next run can judge it." },
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
		        "\xc2\xa3), so the lists start with high risk and high spend. The Suppliers "
		        "sheet's Reasons in full show every number behind a score. The full "
		        "method, its sources and where it departs from them are in "
		        "docs/risk-model.md.", bk->wrap);
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
		"scores, its tier and the reasons; the Flags sheet lists each flag to review, "
		"with columns for the contract manager's decision. Start on the Summary sheet: the "
		"open flags by tier and the top suppliers to review. On the Suppliers sheet, give "
		"each supplier an owner, a status, a next action and a due date; save the workbook "
		"and run chainwatch review import to keep them.",
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
		if (in->kind != INPUT_SPEND)
			continue;      /* a supplier master's records are not payments */
		tot[0] += in->records;
		tot[1] += in->accepted;
		tot[2] += in->skipped;
		tot[3] += in->rejected;
		tot_acc += in->accepted_pence;
		tot_red += in->redacted_pence;
	}
	sheet_text(bk, ws, row, 0, "Total (spend files)", bk->total);
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

static const struct sheet_column quality_columns[] = {
	{ "File", 34 }, { "Records", 10 }, { "Accepted", 10 }, { "Skipped", 10 },
	{ "Skipped blank", 10 }, { "Skipped totals", 10 }, { "Skipped control", 10 },
	{ "Rejected", 10 }, { "Reject rate", 10 }, { "Accepted spend (\xc2\xa3)", 16 },
	{ "Skipped spend (\xc2\xa3)", 16 }, { "Skipped totals (\xc2\xa3)", 16 },
	{ "Skipped control (\xc2\xa3)", 16 }, { "Rejected spend (\xc2\xa3)", 16 },
	{ "Rejected without amount", 12 },
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

/* Counts and money of one Data quality row (an input, or the total of them all). */
struct quality_row {
	unsigned long records, accepted, skipped, blank, total, control, rejected, no_amount;
	unsigned long redacted, reconciled;
	int64_t accepted_pence, skipped_pence, total_pence, control_pence, rejected_pence;
	int64_t redacted_pence;
	int money;                /* the money of skipped and rejected rows is known (spend) */
};

static void quality_add(struct quality_row *q, const struct input_stats *in)
{
	q->records += in->records;
	q->accepted += in->accepted;
	q->skipped += in->skipped;
	q->blank += in->skipped_blank;
	q->total += in->skipped_total;
	q->control += in->skipped_control;
	q->rejected += in->rejected;
	q->redacted += in->redacted;
	q->reconciled += in->records == in->accepted + in->skipped + in->rejected;
	q->accepted_pence += in->accepted_pence;
	q->redacted_pence += in->redacted_pence;
	if (in->kind != INPUT_SPEND)
		return;
	q->money = 1;
	q->skipped_pence += in->skipped_blank_pence + in->skipped_total_pence +
			    in->skipped_control_pence;
	q->total_pence += in->skipped_total_pence;
	q->control_pence += in->skipped_control_pence;
	q->rejected_pence += in->rejected_pence;
	q->no_amount += in->rejected_no_amount;
}

/* Columns 1.. of a Data quality row; the money of skipped and rejected rows only when known. */
static void quality_cells(struct book *bk, lxw_worksheet *ws, lxw_row_t row,
			  const struct quality_row *q, int is_total)
{
	lxw_format *count = is_total ? bk->total_count : bk->count;
	lxw_format *money = is_total ? bk->total_money : bk->money;
	const unsigned long counts[] = { q->records, q->accepted, q->skipped, q->blank, q->total,
					 q->control, q->rejected };
	const int64_t unaccepted[] = { q->skipped_pence, q->total_pence, q->control_pence,
				       q->rejected_pence };
	lxw_col_t c = 1;
	size_t i;

	for (i = 0; i < sizeof(counts) / sizeof(counts[0]); i++)
		sheet_number(bk, ws, row, c++, (double)counts[i], count);
	sheet_number(bk, ws, row, c++, q->records ? (double)q->rejected / (double)q->records : 0.0,
		     is_total ? bk->total_pct : bk->pct);
	sheet_money(bk, ws, row, c++, q->accepted_pence, money);
	for (i = 0; i < sizeof(unaccepted) / sizeof(unaccepted[0]); i++, c++)
		if (q->money)
			sheet_money(bk, ws, row, c, unaccepted[i], money);
	if (q->money)
		sheet_number(bk, ws, row, c, (double)q->no_amount, count);
	c++;
	sheet_number(bk, ws, row, c++, (double)q->redacted, count);
	sheet_money(bk, ws, row, c, q->redacted_pence, money);
}

/*
 * How each spend file was read (input_reading): the columns taken and on
 * what evidence, the period and its source; a file read with no supplier
 * name column, or whose supplier IDs were not trusted as keys, in red.
 */
static void write_readings(struct book *bk, lxw_worksheet *ws, lxw_row_t row,
			   const struct scan_report *r)
{
	struct buf b, line;
	size_t i;

	buf_init(&b, 0);
	buf_init(&line, 0);
	sheet_text(bk, ws, row++, 0, "How each file was read", bk->subtitle);
	for (i = 0; i < r->ninputs; i++) {
		const struct input_stats *in = &r->inputs[i];
		int doubt = !in->columns[COL_SUPPLIER_NAME] || in->ids_ignored || in->ids_shared;

		if (in->kind != INPUT_SPEND)
			continue;
		buf_reset(&line);
		buf_printf(&line, "%s: %s", in->path, input_reading(in, &b));
		sheet_paragraph(bk, ws, row++, 9, 110, line.s, doubt ? bk->bad : bk->note);
	}
	buf_release(&b);
	buf_release(&line);
}

static void write_quality(struct book *bk, const struct scan_report *r)
{
	lxw_worksheet *ws = sheet_add_table(bk, "Data quality", quality_columns, QUALITY_NCOLS,
					    r->ninputs, 1);
	const lxw_col_t ok_col = (lxw_col_t)(QUALITY_NCOLS - 1);
	struct quality_row all;
	char t[200];
	lxw_row_t row;
	size_t i, nspend = 0;

	memset(&all, 0, sizeof(all));
	for (i = 0, row = 1; i < r->ninputs; i++, row++) {
		const struct input_stats *in = &r->inputs[i];
		struct quality_row one;
		int ok = in->records == in->accepted + in->skipped + in->rejected;

		memset(&one, 0, sizeof(one));
		quality_add(&one, in);
		if (in->kind == INPUT_SPEND) {
			quality_add(&all, in);
			nspend++;
		}
		sheet_text(bk, ws, row, 0, in->path, NULL);
		quality_cells(bk, ws, row, &one, 0);
		sheet_text(bk, ws, row, ok_col, ok ? "Yes" : "No", ok ? NULL : bk->bad);
	}
	/* spend files only: a supplier master's records are not payments */
	sheet_text(bk, ws, row, 0, "Total (spend files)", bk->total);
	quality_cells(bk, ws, row, &all, 1);
	sheet_text(bk, ws, row, ok_col, all.reconciled == nspend ? "Yes" : "No",
		   all.reconciled == nspend ? bk->total : bk->bad);
	row += 2;
	sheet_paragraph(bk, ws, row++, 9, 110,
		        "Each file reconciles when records = accepted + skipped + rejected. Skipped "
		        "rows are blank lines, total lines and control rows; their spend is the "
		        "amounts they carry (a total line repeats the rows above it). Rejected "
		        "spend is the amount of each rejected row whose amount reads; the others "
		        "are counted as rejected without amount. Redacted rows are "
		        "payments whose payee the council withheld: their spend is counted in the "
		        "totals but cannot be assessed.", bk->note);
	rejected_summary(r, t, sizeof(t));
	sheet_paragraph(bk, ws, row++, 9, 110, t, bk->note);
	if (r->rejections_total)
		sheet_paragraph(bk, ws, row++, 9, 110,
			        "The rejected rows, with the reason for each, are on the Rejected "
			        "rows sheet.", bk->note);
	write_readings(bk, ws, row + 1, r);
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
		summarysheet_write(&bk, r);
		suppliersheet_write(&bk, r);
		suppliersheet_write_flags(&bk, r);
		sheet_changes(&bk, r, r->changes);
		sheet_tenders(&bk, r);
		sheet_statements(&bk, r);
		write_quality(&bk, r);
		write_rejected(&bk, r);
		summarysheet_write_reference(&bk, r);
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
