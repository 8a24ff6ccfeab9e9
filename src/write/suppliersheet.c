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

/*
 * A working list: what to look at first on the left (tier, priority,
 * spend, the open flags, the main reason on one line), then the review
 * columns the contract manager fills in, then identity and scores, and the
 * reasons in full last, on one line (the formula bar shows them whole).
 * Rows keep one line's height however long a text is.
 */
enum {
	SC_NAME, SC_TIER, SC_PRIORITY, SC_SPEND, SC_OPEN, SC_FLAGS, SC_WHY,
	SC_OWNER, SC_STATUS, SC_ACTION, SC_DUE, SC_NOTE,
	SC_KEY, SC_IDS, SC_COMPANY, SC_VAT, SC_TRANSACTIONS, SC_IN_MASTER, SC_MATCH,
	SC_SECTOR, SC_SECTOR_SCORE, SC_MAPPED, SC_COUNTRY, SC_GEO, SC_GOODS, SC_SCORE,
	SC_STATEMENT, SC_S54, SC_ENTITY, SC_ENTITY_ID, SC_ENTITY_EVIDENCE, SC_NAMES,
	SC_REASONS, SC_RUN, SC__COUNT
};

static const struct sheet_column supplier_columns[SC__COUNT] = {
	[SC_NAME] = { "Supplier", 36 }, [SC_TIER] = { "Tier", 8 },
	[SC_PRIORITY] = { "Priority", 8 }, [SC_SPEND] = { "Spend (\xc2\xa3)", 14 },
	[SC_OPEN] = { "Open flags", 7 }, [SC_FLAGS] = { "Flags", 34 },
	[SC_WHY] = { "Main reason", 56 },
	/* the contract manager's review of the supplier: editable, read back by review import */
	[SC_OWNER] = { "Owner", 16 }, [SC_STATUS] = { "Status", 13 },
	[SC_ACTION] = { "Next action", 30 }, [SC_DUE] = { "Due date", 11 },
	[SC_NOTE] = { "Review note", 30 },
	[SC_KEY] = { "Supplier key", 18 }, [SC_IDS] = { "Supplier IDs", 14 },
	[SC_COMPANY] = { "Company number", 11 }, [SC_VAT] = { "VAT number", 13 },
	[SC_TRANSACTIONS] = { "Transactions", 11 }, [SC_IN_MASTER] = { "In supplier master", 9 },
	[SC_MATCH] = { "Matched by", 14 },
	/* filled by the risk model */
	[SC_SECTOR] = { "Sector", 26 }, [SC_SECTOR_SCORE] = { "Sector score", 8 },
	[SC_MAPPED] = { "Mapped by", 30 }, [SC_COUNTRY] = { "Country", 18 },
	[SC_GEO] = { "Geography score", 9 }, [SC_GOODS] = { "Goods score", 8 },
	[SC_SCORE] = { "Risk score", 8 }, [SC_STATEMENT] = { "Statement status", 14 },
	[SC_S54] = { "s54 duty", 11 },
	/* what the payee is (entity.h) */
	[SC_ENTITY] = { "Entity", 11 }, [SC_ENTITY_ID] = { "Entity ID", 16 },
	/* a public body's or unknown payee's: the others' are in the reasons in full */
	[SC_ENTITY_EVIDENCE] = { "Entity evidence", 40 },
	/* empty when the supplier was only ever paid under its name */
	[SC_NAMES] = { "Names seen", 40 },
	[SC_REASONS] = { "Reasons in full", 120 },
	/* hidden: the run (on the first row), so review import knows whose suppliers these are */
	[SC_RUN] = { "Run", 22 },
};

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

static enum tier tier_of(const struct assessment *a)
{
	return !a || (unsigned)a->tier > TIER_GREY ? TIER_GREY : a->tier;
}

static void put_risk(struct book *bk, lxw_worksheet *ws, lxw_row_t row,
		     const struct supplier *s, const struct assessment *a)
{
	const struct sector *sec = a->sector.sector;
	enum tier tr = tier_of(a);

	const char *reasons = risk_reasons(s, a, &bk->reasons);    /* rendered once */

	sheet_text(bk, ws, row, SC_TIER, tier_name(tr), bk->tier[tr]);
	sheet_number(bk, ws, row, SC_PRIORITY, (double)llround(a->priority * 100.0) / 100.0,
		     bk->priority);
	sheet_line(bk, ws, row, SC_WHY, sheet_main_reason_of(bk, reasons, a), NULL);
	sheet_line(bk, ws, row, SC_REASONS, reasons, NULL);
	sheet_line(bk, ws, row, SC_SECTOR, sec ? sec->label : "Not classified", NULL);
	if (sec) {
		sheet_number(bk, ws, row, SC_SECTOR_SCORE, sec->score, bk->score);
		sheet_line(bk, ws, row, SC_MAPPED, risk_sector_evidence(a), NULL);
	}
	sheet_number(bk, ws, row, SC_GEO, a->geography_score, bk->score);
	if (a->goods_score >= 0)
		sheet_number(bk, ws, row, SC_GOODS, a->goods_score, bk->score);
	sheet_number(bk, ws, row, SC_SCORE, a->score, bk->score);
	if (a->statement.status != STATEMENT_NOT_CHECKED) {
		sheet_text(bk, ws, row, SC_STATEMENT, statement_status_name(a->statement.status),
			   NULL);
		sheet_text(bk, ws, row, SC_S54, in_scope_name(a->statement.scope), NULL);
	}
	sheet_text(bk, ws, row, SC_ENTITY, entity_label(a->entity.type), NULL);
	sheet_text(bk, ws, row, SC_ENTITY_ID, a->entity.id ? a->entity.id : "", NULL);
	/* the reasons in full give a company's, charity's or person's evidence already */
	if (a->entity.type == ENTITY_PUBLIC_BODY || a->entity.type == ENTITY_UNKNOWN)
		sheet_line(bk, ws, row, SC_ENTITY_EVIDENCE,
			   a->entity.evidence ? a->entity.evidence : "", NULL);
}

/*
 * The supplier's flags from *next on (the flags are in the suppliers'
 * order): how many are open, and their kinds, "(cleared)" and so on after
 * the decided ones.  Advances *next past them.
 */
static void put_flags(struct book *bk, lxw_worksheet *ws, lxw_row_t row,
		      const struct scan_report *r, const struct supplier *s, size_t *next)
{
	unsigned long open = 0, n = 0;

	buf_reset(&bk->text);
	for (; *next < r->nflags && r->flags[*next].supplier == s; (*next)++, n++) {
		const struct flag *f = &r->flags[*next];
		int is_open = !f->review_status[0] || !strcmp(f->review_status, "open");

		open += is_open;
		buf_printf(&bk->text, "%s%s", n ? "; " : "", flag_kind_label(f->kind));
		if (!is_open)
			buf_printf(&bk->text, " (%s)", f->review_status);
	}
	if (!n)
		return;
	sheet_number(bk, ws, row, SC_OPEN, (double)open, bk->count);
	sheet_line(bk, ws, row, SC_FLAGS, bk->text.s, NULL);
}

/*
 * The review cells, pre-filled with the supplier's review; all empty for
 * a supplier not reviewed yet (its status is open: filter the blanks to
 * find them).  An empty cell is not written: the column's format makes it
 * an input cell (thousands of suppliers, most not reviewed: a lighter
 * sheet).
 */
static void put_review(struct book *bk, lxw_worksheet *ws, lxw_row_t row,
		       const struct supplier_review *rv)
{
	if (!rv)
		return;
	sheet_text(bk, ws, row, SC_STATUS, rv->status, bk->input);
	if (*rv->owner)
		sheet_text(bk, ws, row, SC_OWNER, rv->owner, bk->input);
	if (*rv->next_action)
		sheet_text(bk, ws, row, SC_ACTION, rv->next_action, bk->input);
	if (rv->due_date)
		sheet_review_date(bk, ws, row, SC_DUE, rv->due_date);
	if (*rv->note)
		sheet_text(bk, ws, row, SC_NOTE, rv->note, bk->input);
}

/* The review columns' format: input cells, unlocked, even where nothing is written. */
static void review_columns(struct book *bk, lxw_worksheet *ws)
{
	lxw_col_t c;

	for (c = SC_OWNER; c <= SC_NOTE; c++)
		sheet_note_error(bk, worksheet_set_column(ws, c, c, supplier_columns[c].width,
							  c == SC_DUE ? bk->input_date : bk->input));
}

void suppliersheet_write(struct book *bk, const struct scan_report *r)
{
	static const lxw_col_t due[] = { SC_DUE };
	lxw_worksheet *ws = sheet_add_table(bk, "Suppliers", supplier_columns, SC__COUNT,
					    r->nsuppliers, 2);
	lxw_row_col_options hidden;
	char range[64];
	lxw_row_t row;
	size_t i, nextflag = 0;

	memset(&hidden, 0, sizeof(hidden));
	hidden.hidden = 1;
	sheet_note_error(bk, worksheet_set_column_opt(ws, SC_RUN, SC_RUN,
						      supplier_columns[SC_RUN].width, NULL, &hidden));
	review_columns(bk, ws);
	/* printed: the working list, not the detail columns */
	sheet_note_error(bk, worksheet_print_area(ws, 0, 0, (lxw_row_t)r->nsuppliers, SC_NOTE));
	if (r->nsuppliers)
		sheet_review_validation(bk, ws, (lxw_row_t)r->nsuppliers, SC_STATUS, due, 1);
	for (i = 0, row = 1; i < r->nsuppliers; i++, row++) {
		const struct supplier *s = r->suppliers[i];
		const struct assessment *a = r->assessments ? &r->assessments[i] : NULL;
		char *ids = supplier_ids_joined(s);
		/* the other names it was paid under: none when it is only ever its name */
		int more = s->nnames > 1 || (s->nnames == 1 && strcmp(s->names[0], s->name) != 0);
		char *names = more ? supplier_names_joined(s) : NULL;

		sheet_line(bk, ws, row, SC_NAME, s->name, NULL);
		if (a)
			put_risk(bk, ws, row, s, a);
		sheet_money(bk, ws, row, SC_SPEND, s->spend_pence, bk->money);
		put_flags(bk, ws, row, r, s, &nextflag);
		put_review(bk, ws, row, supplier_review_find(r->supplier_reviews,
							     r->nsupplier_reviews, s->key));
		sheet_text(bk, ws, row, SC_KEY, s->key, NULL);
		sheet_line(bk, ws, row, SC_IDS, ids, NULL);
		sheet_text(bk, ws, row, SC_COMPANY, s->company_number, NULL);
		sheet_text(bk, ws, row, SC_VAT, s->vat, NULL);
		sheet_number(bk, ws, row, SC_TRANSACTIONS, (double)s->transactions, bk->count);
		sheet_text(bk, ws, row, SC_IN_MASTER, s->in_master ? "Yes" : "No", NULL);
		sheet_text(bk, ws, row, SC_MATCH, s->match, NULL);
		sheet_line(bk, ws, row, SC_COUNTRY, country_cell(bk, s, a), NULL);
		if (names)
			sheet_line(bk, ws, row, SC_NAMES, names, NULL);
		if (row == 1)      /* the workbook's run, once: review import reads it */
			sheet_text(bk, ws, row, SC_RUN, r->run.id, NULL);
		free(ids);
		free(names);
	}
	/* IDs and numbers kept as text: no green "number stored as text" triangles. */
	snprintf(range, sizeof(range), "M2:P%lu", (unsigned long)r->nsuppliers + 1);
	if (r->nsuppliers)
		sheet_note_error(bk, worksheet_ignore_errors(ws, LXW_IGNORE_NUMBER_STORED_AS_TEXT, range));
	sheet_protect(bk, ws);
}

/* ---- Flags ---- */

enum {
	FC_ID, FC_SUPPLIER, FC_TIER, FC_SPEND, FC_KIND, FC_SEVERITY, FC_SUMMARY, FC_EVIDENCE,
	FC_FIRST, FC_LAST, FC_REOPENED,
	FC_STATUS, FC_REVIEWER, FC_DATE, FC_NOTE, FC_NEXT, FC_LINK,
	FC_KEY, FC_RUN, FC__COUNT
};

static const struct sheet_column flag_columns[FC__COUNT] = {
	[FC_ID] = { "Flag ID", 13 }, [FC_SUPPLIER] = { "Supplier", 30 }, [FC_TIER] = { "Tier", 8 },
	[FC_SPEND] = { "Spend (\xc2\xa3)", 14 }, [FC_KIND] = { "Kind", 22 },
	[FC_SEVERITY] = { "Severity", 9 }, [FC_SUMMARY] = { "Summary", 48 },
	[FC_EVIDENCE] = { "Evidence", 60 }, [FC_FIRST] = { "First seen", 10 },
	[FC_LAST] = { "Last seen", 10 }, [FC_REOPENED] = { "Reopened", 30 },
	/* the contract manager's review: the only cells that can be edited */
	[FC_STATUS] = { "Review status", 15 }, [FC_REVIEWER] = { "Reviewer", 16 },
	[FC_DATE] = { "Review date", 12 }, [FC_NOTE] = { "Note", 36 },
	[FC_NEXT] = { "Next review date", 12 }, [FC_LINK] = { "Evidence link", 30 },
	[FC_KEY] = { "Supplier key", 18 },
	/* hidden: the run, so review import knows the council the row speaks for */
	[FC_RUN] = { "Run", 22 },
};

/*
 * The severity shown: the flag's own, raised to its supplier's tier, so a
 * High-tier supplier's flags never read "low" in green.
 */
static enum tier shown_severity(const struct flag *f)
{
	const char *sev = f->severity ? f->severity : "";
	enum tier t = strcmp(sev, "high") == 0 ? TIER_HIGH :
		      strcmp(sev, "medium") == 0 ? TIER_MEDIUM : TIER_LOW;
	enum tier of = tier_of(f->assessment);

	if (of == TIER_HIGH || (of == TIER_MEDIUM && t == TIER_LOW))
		t = of;
	return t;
}

void suppliersheet_write_flags(struct book *bk, const struct scan_report *r)
{
	static const lxw_col_t dates[] = { FC_DATE, FC_NEXT };
	lxw_worksheet *ws = sheet_add_table(bk, "Flags", flag_columns, FC__COUNT, r->nflags, 1);
	lxw_row_col_options hidden;
	lxw_row_t row;
	size_t i;

	memset(&hidden, 0, sizeof(hidden));
	hidden.hidden = 1;
	sheet_note_error(bk, worksheet_set_column_opt(ws, FC_RUN, FC_RUN,
						      flag_columns[FC_RUN].width, NULL, &hidden));
	sheet_note_error(bk, worksheet_print_area(ws, 0, 0, (lxw_row_t)(r->nflags ? r->nflags : 2),
						  FC_LINK));
	if (r->nflags)
		sheet_review_validation(bk, ws, (lxw_row_t)r->nflags, FC_STATUS, dates, 2);
	for (i = 0, row = 1; i < r->nflags; i++, row++) {
		const struct flag *f = &r->flags[i];
		enum tier tr = tier_of(f->assessment), sev = shown_severity(f);

		sheet_text(bk, ws, row, FC_ID, f->id, NULL);
		sheet_wrapped(bk, ws, row, FC_SUPPLIER, f->supplier ? f->supplier->name : "",
			      flag_columns[FC_SUPPLIER].width, NULL);
		if (f->assessment)
			sheet_text(bk, ws, row, FC_TIER, tier_name(tr), bk->tier[tr]);
		if (f->supplier)
			sheet_money(bk, ws, row, FC_SPEND, f->supplier->spend_pence, bk->money);
		sheet_text(bk, ws, row, FC_KIND, flag_kind_label(f->kind), NULL);
		sheet_text(bk, ws, row, FC_SEVERITY, tier_name(sev), bk->tier[sev]);
		sheet_wrapped(bk, ws, row, FC_SUMMARY, flag_summary(f, &bk->reasons),
			      flag_columns[FC_SUMMARY].width, NULL);
		sheet_line(bk, ws, row, FC_EVIDENCE, flag_evidence(f, &bk->reasons), NULL);
		sheet_text(bk, ws, row, FC_FIRST, f->first_seen, NULL);
		sheet_text(bk, ws, row, FC_LAST, f->last_seen, NULL);
		sheet_wrapped(bk, ws, row, FC_REOPENED, f->reopened ? f->reopened : "",
			      flag_columns[FC_REOPENED].width, NULL);
		/* the current decision, pre-filled, in the unlocked review cells */
		sheet_text(bk, ws, row, FC_STATUS, f->review_status[0] ? f->review_status : "open",
			   bk->input);
		sheet_text(bk, ws, row, FC_REVIEWER, f->reviewer ? f->reviewer : "", bk->input);
		sheet_review_date(bk, ws, row, FC_DATE, f->review_date);
		sheet_text(bk, ws, row, FC_NOTE, f->review_note ? f->review_note : "",
			   bk->input_wrap);
		sheet_review_date(bk, ws, row, FC_NEXT, f->next_review);
		sheet_text(bk, ws, row, FC_LINK, f->evidence_link ? f->evidence_link : "",
			   bk->input);
		sheet_text(bk, ws, row, FC_KEY, f->supplier ? f->supplier->key : "", NULL);
		sheet_text(bk, ws, row, FC_RUN, r->run.id, NULL);
	}
	sheet_protect(bk, ws);
	if (!r->nflags)
		sheet_text(bk, ws, 2, 0, r->assessments ? "No flags were raised." :
			   "No flags: the suppliers have not been assessed.", bk->noteline);
}
