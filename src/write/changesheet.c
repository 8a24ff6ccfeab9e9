/*
 * changesheet.c: the workbook's Changes sheet - one row per change since
 * the previous run of the same council (changes.h), its kind coloured by
 * whether it needs attention.  Part of the workbook module (sheet.h).
 */
#include <stdio.h>

#include "chainwatch/changes.h"
#include "chainwatch/report.h"
#include "chainwatch/risk.h"
#include "sheet.h"

static const struct sheet_column columns[] = {
	{ "Change", 20 }, { "Supplier key", 18 }, { "Supplier", 32 }, { "Flag", 12 },
	{ "Before", 24 }, { "After", 24 }, { "Spend before (\xc2\xa3)", 14 },
	{ "Spend after (\xc2\xa3)", 14 }, { "What changed", 90 },
};
#define NCOLS (sizeof(columns) / sizeof(columns[0]))

/* Red for a risk that rose, amber for one to look at, green for one that fell. */
static lxw_format *kind_format(struct book *bk, enum change_kind k)
{
	switch (k) {
	case CHANGE_TIER_UP:
	case CHANGE_FLAG_REOPENED:
		return bk->tier[TIER_HIGH];
	case CHANGE_FLAG_NEW:
	case CHANGE_STATEMENT_LAPSED:
	case CHANGE_HIGH_RISK_SPEND_NEW:
		return bk->tier[TIER_MEDIUM];
	case CHANGE_TIER_DOWN:
	case CHANGE_FLAG_RESOLVED:
	case CHANGE_STATEMENT_APPEARED:
		return bk->tier[TIER_LOW];
	default:
		return bk->top;
	}
}

static void put_row(struct book *bk, lxw_worksheet *ws, lxw_row_t row, const struct change *ch)
{
	sheet_text(bk, ws, row, 0, change_kind_name(ch->kind), kind_format(bk, ch->kind));
	sheet_text(bk, ws, row, 1, ch->supplier_key, NULL);
	sheet_wrapped(bk, ws, row, 2, ch->supplier_name, columns[2].width, NULL);
	sheet_text(bk, ws, row, 3, ch->flag_id, NULL);
	sheet_wrapped(bk, ws, row, 4, ch->before, columns[4].width, NULL);
	sheet_wrapped(bk, ws, row, 5, ch->after, columns[5].width, NULL);
	if (ch->in_before)
		sheet_money(bk, ws, row, 6, ch->spend_before, bk->money);
	if (ch->in_after)
		sheet_money(bk, ws, row, 7, ch->spend_after, bk->money);
	sheet_wrapped(bk, ws, row, 8, ch->description, columns[8].width, NULL);
}

void sheet_changes(struct book *bk, const struct scan_report *r, const struct change_list *cl)
{
	lxw_worksheet *ws;
	char t[400];
	size_t i;

	ws = sheet_add_table(bk, "Changes", columns, NCOLS, cl && cl->n ? cl->n : 1, 1);
	if (!cl) {
		sheet_text(bk, ws, 2, 0, "Changes were not computed for this run.", bk->noteline);
		return;
	}
	if (cl->first_run) {
		snprintf(t, sizeof(t), "No earlier run of this council to compare with: this is the "
			 "first run of %s before %s kept in the database. The next run will list "
			 "what changed since this one.", r->run.council ? r->run.council : "",
			 r->run.period ? r->run.period : "");
		sheet_text(bk, ws, 2, 0, t, bk->noteline);
		return;
	}
	for (i = 0; i < cl->n; i++)
		put_row(bk, ws, (lxw_row_t)(i + 1), &cl->items[i]);
	snprintf(t, sizeof(t), "%s the previous run of this council: %s (run ID %s).",
		 cl->n ? "Compared with" : "No changes since", cl->previous_period,
		 cl->previous_id);
	sheet_text(bk, ws, (lxw_row_t)(cl->n + 2), 0, t, bk->noteline);
}
