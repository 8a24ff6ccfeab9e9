/*
 * statementsheet.c: the workbook's Statements sheet - one row per
 * supplier with what the Modern Slavery Statement Registry says of it,
 * and the Read me's list of the registry years used.  Part of the
 * workbook module (sheet.h).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "chainwatch/date.h"
#include "chainwatch/report.h"
#include "chainwatch/risk.h"
#include "sheet.h"
#include "chainwatch/statement.h"

static const struct sheet_column columns[] = {
	{ "Supplier key", 18 }, { "Supplier", 32 }, { "Company number", 12 },
	{ "Spend (\xc2\xa3)", 14 }, { "Statement status", 15 }, { "s54 duty", 12 },
	{ "Why (s54 duty)", 44 }, { "Matched by", 14 }, { "Confidence", 10 },
	{ "Registry organisation", 32 }, { "Registry company number", 12 },
	{ "Group statement of", 26 }, { "Registry year", 9 }, { "Period end", 11 },
	{ "Areas covered (of 6)", 10 }, { "Areas missing", 36 }, { "Approval", 30 },
	{ "Statement URL", 40 }, { "Registry page", 40 }, { "Candidates (ambiguous)", 50 },
};
#define NCOLS (sizeof(columns) / sizeof(columns[0]))

/* RAG beside the status: red for a missing statement the duty requires, green for current. */
static lxw_format *status_format(struct book *bk, const struct statement *st)
{
	switch (st->status) {
	case STATEMENT_CURRENT:
		return st->nareas == 6 && st->approved ? bk->tier[TIER_LOW] : bk->tier[TIER_MEDIUM];
	case STATEMENT_STALE:
	case STATEMENT_AMBIGUOUS:
		return bk->tier[TIER_MEDIUM];
	case STATEMENT_NOT_FOUND:
		return st->scope == SCOPE_REQUIRED ? bk->tier[TIER_HIGH] :
		       st->scope == SCOPE_LIKELY ? bk->tier[TIER_MEDIUM] : bk->tier[TIER_GREY];
	default:
		return bk->tier[TIER_GREY];
	}
}

static void put_row(struct book *bk, lxw_worksheet *ws, lxw_row_t row, const struct supplier *s,
		    const struct statement *st)
{
	const struct registry_row *r = st->row;
	char d[16], year[16];

	sheet_text(bk, ws, row, 0, s->key, NULL);
	sheet_text(bk, ws, row, 1, s->name, NULL);
	sheet_text(bk, ws, row, 2, s->company_number, NULL);
	sheet_money(bk, ws, row, 3, s->spend_pence, bk->money);
	sheet_text(bk, ws, row, 4, statement_status_name(st->status), status_format(bk, st));
	sheet_text(bk, ws, row, 5, in_scope_name(st->scope), NULL);
	sheet_wrapped(bk, ws, row, 6, st->scope_reasons, columns[6].width, NULL);
	sheet_text(bk, ws, row, 7, st->method, NULL);
	if (st->method)
		sheet_number(bk, ws, row, 8, round(st->confidence * 100.0) / 100.0, bk->priority);
	if (r) {
		sheet_wrapped(bk, ws, row, 9, r->org_name, columns[9].width, NULL);
		sheet_text(bk, ws, row, 10, r->company_number, NULL);
		if (st->via_group)
			sheet_wrapped(bk, ws, row, 11, r->parent_name, columns[11].width, NULL);
		snprintf(year, sizeof(year), "%d", r->year);
		sheet_text(bk, ws, row, 12, year, NULL);
		if (r->period_end)
			sheet_text(bk, ws, row, 13, date_format(r->period_end, d), NULL);
		if (st->nareas >= 0)
			sheet_number(bk, ws, row, 14, st->nareas, bk->count);
		sheet_wrapped(bk, ws, row, 15, statement_missing_areas(st, &bk->text),
			      columns[15].width, NULL);
		sheet_wrapped(bk, ws, row, 16, *r->approver ? r->approver : "not recorded",
			      columns[16].width, NULL);
		sheet_text(bk, ws, row, 17, r->statement_url, NULL);
		sheet_text(bk, ws, row, 18, r->summary_url, NULL);
	}
	if (st->candidates)
		sheet_wrapped(bk, ws, row, 19, st->candidates, columns[19].width, NULL);
}

void sheet_statements(struct book *bk, const struct scan_report *r)
{
	lxw_worksheet *ws;
	lxw_row_t row = 1;
	size_t i;

	ws = sheet_add_table(bk, "Statements", columns, NCOLS, r->nregistry ? r->nsuppliers : 1, 2);
	if (!r->nregistry) {
		sheet_text(bk, ws, 1, 1, "No Modern Slavery Statement Registry data in the database: "
			   "statements were not checked. Run 'chainwatch registry update' (or "
			   "'chainwatch registry import FILE') and scan again.", bk->note);
		return;
	}
	for (i = 0; i < r->nsuppliers; i++, row++)
		put_row(bk, ws, row, r->suppliers[i], &r->assessments[i].statement);
}

lxw_row_t sheet_registry_years(struct book *bk, lxw_worksheet *ws, lxw_row_t row,
			       const struct scan_report *r)
{
	char t[160];
	size_t i;

	sheet_text(bk, ws, row++, 0, "Modern Slavery Statement Registry", bk->subtitle);
	if (!r->nregistry) {
		sheet_text(bk, ws, row++, 0, "Not loaded: statements were not checked.", NULL);
		return row;
	}
	sheet_text(bk, ws, row, 0, "Registry year", bk->header);
	sheet_merged(bk, ws, row, 1, 4, "Rows (statements), loaded (UTC)", 50, bk->header);
	sheet_merged(bk, ws, row, 5, 10, "Source", 72, bk->header);
	sheet_text(bk, ws, row++, 11, "SHA-256", bk->header);
	for (i = 0; i < r->nregistry; i++, row++) {
		const struct registry_snapshot *s = &r->registry[i];

		snprintf(t, sizeof(t), "%d", s->year);
		sheet_text(bk, ws, row, 0, t, bk->top);
		snprintf(t, sizeof(t), "%lu rows (%lu statements), loaded %s", s->rows,
			 s->statements, s->loaded);
		sheet_merged(bk, ws, row, 1, 4, t, 50, NULL);
		sheet_merged(bk, ws, row, 5, 10, s->source, 72, NULL);
		sheet_text(bk, ws, row, 11, s->sha256, NULL);
	}
	return row;
}
