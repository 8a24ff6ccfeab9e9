/*
 * suppliersheet.c: the workbook's Suppliers sheet - one row per supplier
 * in report (priority) order with its identity and assessment, the tier
 * beside its reasons - and its Flags sheet, one row per flag with its
 * evidence and the unlocked review cells the contract manager fills in.
 * Part of the workbook module (sheet.h).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chainwatch/buf.h"
#include "chainwatch/flags.h"
#include "chainwatch/reference.h"
#include "chainwatch/report.h"
#include "chainwatch/risk.h"
#include "sheet.h"
#include "chainwatch/statement.h"
#include "chainwatch/supplier.h"
#include "suppliersheet.h"

/* ---- Suppliers ---- */

static const struct sheet_column supplier_columns[] = {
	{ "Supplier key", 22 }, { "Name", 38 }, { "Supplier IDs", 16 }, { "Names seen", 42 },
	{ "Company number", 12 }, { "VAT number", 15 }, { "Spend (\xc2\xa3)", 15 },
	{ "Transactions", 12 }, { "In supplier master", 10 }, { "Matched by", 15 },
	/* filled by the risk model */
	{ "Sector", 26 }, { "Sector score", 9 }, { "Mapped by", 30 }, { "Country", 22 },
	{ "Geography score", 10 }, { "Goods score", 9 }, { "Risk score", 9 }, { "Priority", 10 },
	{ "Tier", 9 }, { "Reasons", 90 }, { "Statement status", 15 }, { "s54 duty", 12 },
	/* what the payee is (entity.h) */
	{ "Entity", 12 }, { "Entity ID", 18 }, { "Entity evidence", 50 },
};
#define SUPPLIER_NCOLS (sizeof(supplier_columns) / sizeof(supplier_columns[0]))
#define COL_REASONS 19
#define COL_ENTITY 22

static const char *entity_label(enum entity_type t)
{
	switch (t) {
	case ENTITY_COMPANY: return "Company";
	case ENTITY_CHARITY: return "Charity";
	case ENTITY_PUBLIC_BODY: return "Public body";
	case ENTITY_INDIVIDUAL: return "Individual";
	case ENTITY_UNKNOWN: break;
	}
	return "Unknown";
}

/*
 * The reasons with one component a line: "; " before a component's label
 * ("Workforce:", "Geography:", ...) becomes a line break.
 */
static const char *reasons_lines(struct book *bk, const char *reasons)
{
	static const char *const labels[] = {
		"Sector: ", "Workforce: ", "Entity: ", "Geography: ", "Goods: ", "Statement: ", "Tenders: ",
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
	sheet_text(bk, ws, row, COL_ENTITY, entity_label(a->entity.type), NULL);
	sheet_text(bk, ws, row, COL_ENTITY + 1, a->entity.id ? a->entity.id : "", NULL);
	sheet_wrapped(bk, ws, row, COL_ENTITY + 2, a->entity.evidence ? a->entity.evidence : "",
		      supplier_columns[COL_ENTITY + 2].width, NULL);
}

void suppliersheet_write(struct book *bk, const struct scan_report *r)
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

void suppliersheet_write_flags(struct book *bk, const struct scan_report *r)
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
