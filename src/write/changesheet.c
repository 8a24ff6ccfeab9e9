/*
 * changesheet.c: the workbook's Changes sheet - one row per change since
 * the previous run of the same council (changes.h), its kind in words and
 * coloured by whether it needs attention.  A new supplier is one row: its
 * new flags and new high-risk spend are told in that row.  Part of the
 * workbook module (sheet.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chainwatch/changes.h"
#include "chainwatch/flags.h"
#include "chainwatch/report.h"
#include "chainwatch/risk.h"
#include "chainwatch/xalloc.h"
#include "sheet.h"

static const struct sheet_column columns[] = {
	{ "Change", 20 }, { "Supplier", 40 }, { "Before", 22 }, { "After", 22 },
	{ "Spend before (\xc2\xa3)", 14 }, { "Spend after (\xc2\xa3)", 14 },
	{ "What changed", 90 }, { "Flag", 13 }, { "Supplier key", 18 },
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

/* A change told in its new supplier's row rather than on a row of its own. */
static int folded(enum change_kind k)
{
	return k == CHANGE_FLAG_NEW || k == CHANGE_HIGH_RISK_SPEND_NEW;
}

static int by_key(const void *x, const void *y)
{
	const struct change *a = *(const struct change *const *)x;
	const struct change *b = *(const struct change *const *)y;
	int c = strcmp(a->supplier_key, b->supplier_key);

	return c ? c : a < b ? -1 : a > b;
}

/* The first of the changes to `key` in v[0..n) sorted by key, or n. */
static size_t first_of(struct change *const *v, size_t n, const char *key)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(v[mid]->supplier_key, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Is this change folded into a new-supplier row?  (new: the new suppliers, sorted by key) */
static int folded_away(const struct change *ch, struct change *const *news, size_t nnew)
{
	size_t i;

	if (!folded(ch->kind) || !nnew)
		return 0;
	i = first_of(news, nnew, ch->supplier_key);
	return i < nnew && !strcmp(news[i]->supplier_key, ch->supplier_key);
}

/*
 * A flag's before or after as people read it: "high_risk_sector (medium)"
 * becomes "High-risk sector" (the severity is the Flags sheet's, shown
 * there beside the supplier's tier); anything else is kept.  In out.
 */
static const char *flag_words(const char *v, struct buf *out)
{
	int k;

	buf_reset(out);
	for (k = 0; k < FLAG__COUNT; k++) {
		const char *id = flag_kind_name((enum flag_kind)k);
		size_t n = strlen(id);

		if (!strncmp(v, id, n) && (v[n] == '\0' || v[n] == ' ')) {
			buf_adds(out, flag_kind_label((enum flag_kind)k));
			return out->s;
		}
	}
	buf_adds(out, v);
	return out->s;
}

/* A new supplier's row says what came with it: its new flags, in words, and new high-risk spend. */
static const char *new_supplier_text(struct book *bk, const struct change *ch,
				     struct change *const *byk, size_t n)
{
	size_t i = first_of(byk, n, ch->supplier_key), nflags = 0;
	int spend = 0;

	buf_reset(&bk->text);
	buf_adds(&bk->text, ch->description);
	for (; i < n && !strcmp(byk[i]->supplier_key, ch->supplier_key); i++) {
		if (byk[i]->kind == CHANGE_HIGH_RISK_SPEND_NEW)
			spend = 1;
		if (byk[i]->kind != CHANGE_FLAG_NEW)
			continue;
		buf_adds(&bk->text, nflags++ ? "; " : " New flags: ");
		buf_adds(&bk->text, flag_words(byk[i]->after, &bk->reasons));
	}
	if (nflags)
		buf_adds(&bk->text, ".");
	if (spend)
		buf_adds(&bk->text, " New spend in a high-risk sector.");
	return bk->text.s;
}

static void put_row(struct book *bk, lxw_worksheet *ws, lxw_row_t row, const struct change *ch,
		    struct change *const *byk, size_t n)
{
	const char *what = ch->description;
	int is_flag = ch->flag_id && *ch->flag_id;

	if (ch->kind == CHANGE_NEW_SUPPLIER)
		what = new_supplier_text(bk, ch, byk, n);
	sheet_text(bk, ws, row, 0, change_kind_title(ch->kind), kind_format(bk, ch->kind));
	sheet_line(bk, ws, row, 1, ch->supplier_name, NULL);
	sheet_line(bk, ws, row, 2, is_flag ? flag_words(ch->before, &bk->reasons) : ch->before,
		   NULL);
	sheet_line(bk, ws, row, 3, is_flag ? flag_words(ch->after, &bk->reasons) : ch->after,
		   NULL);
	if (ch->in_before)
		sheet_money(bk, ws, row, 4, ch->spend_before, bk->money);
	if (ch->in_after)
		sheet_money(bk, ws, row, 5, ch->spend_after, bk->money);
	sheet_wrapped(bk, ws, row, 6, what, columns[6].width, NULL);
	sheet_text(bk, ws, row, 7, ch->flag_id, NULL);
	sheet_text(bk, ws, row, 8, ch->supplier_key, NULL);
}

void sheet_changes(struct book *bk, const struct scan_report *r, const struct change_list *cl)
{
	struct change **byk = NULL, **news = NULL;
	size_t i, nnew = 0, rows = 0;
	lxw_worksheet *ws;
	lxw_row_t row;
	char t[400];

	if (!cl) {
		sheet_add_noted_table(bk, "Changes", "Changes were not computed for this run.",
				      columns, NCOLS, 1, 2);
		return;
	}
	if (cl->first_run) {
		snprintf(t, sizeof(t), "No earlier run of this council to compare with: this is the "
			 "first run of %s before %s kept in the database. The next run will list "
			 "what changed since this one.", r->run.council ? r->run.council : "",
			 r->run.period ? r->run.period : "");
		sheet_add_noted_table(bk, "Changes", t, columns, NCOLS, 1, 2);
		return;
	}
	byk = xreallocarray(NULL, cl->n ? cl->n : 1, sizeof(*byk));
	news = xreallocarray(NULL, cl->n ? cl->n : 1, sizeof(*news));
	for (i = 0; i < cl->n; i++) {
		byk[i] = &cl->items[i];
		if (cl->items[i].kind == CHANGE_NEW_SUPPLIER)
			news[nnew++] = &cl->items[i];
	}
	if (cl->n)
		qsort(byk, cl->n, sizeof(*byk), by_key);
	if (nnew)
		qsort(news, nnew, sizeof(*news), by_key);
	for (i = 0; i < cl->n; i++)
		rows += !folded_away(&cl->items[i], news, nnew);
	snprintf(t, sizeof(t), "%s the previous run of this council: %s (run ID %s). A new "
		 "supplier's new flags are told in its row.",
		 cl->n ? "Compared with" : "No changes since", cl->previous_period,
		 cl->previous_id);
	ws = sheet_add_noted_table(bk, "Changes", t, columns, NCOLS, rows ? rows : 1, 2);
	for (i = 0, row = 2; i < cl->n; i++)
		if (!folded_away(&cl->items[i], news, nnew))
			put_row(bk, ws, row++, &cl->items[i], byk, cl->n);
	free(byk);
	free(news);
}
