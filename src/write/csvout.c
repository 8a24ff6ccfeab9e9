#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chainwatch/alt.h"
#include "chainwatch/amount.h"
#include "chainwatch/changes.h"
#include "chainwatch/date.h"
#include "chainwatch/csvout.h"
#include "chainwatch/flags.h"
#include "chainwatch/reference.h"
#include "chainwatch/risk.h"
#include "chainwatch/supplier.h"
#include "chainwatch/xalloc.h"

void csvw_init(struct csvw *w, FILE *fp)
{
	w->fp = fp;
	w->col = 0;
}

static void csvw_sep(struct csvw *w)
{
	if (w->col++)
		putc(',', w->fp);
}

/* A spreadsheet opening the file would run a cell starting with these. */
static int formula_lead(char c)
{
	return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

static int needs_quotes(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n')
			return 1;
	return 0;
}

/* Apostrophes, then a formula character: a cell export neutralises (one apostrophe more). */
static int neutralised_form(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && s[i] == '\'')
		i++;
	return i < n && formula_lead(s[i]);
}

size_t csv_neutralised_prefix(const char *s, size_t n)
{
	return n > 1 && s[0] == '\'' && neutralised_form(s, n) ? 1 : 0;
}

void csvw_text(struct csvw *w, const char *s, size_t n)
{
	int quote;
	size_t i, from;

	csvw_sep(w);
	if (!n)
		return;
	quote = needs_quotes(s, n);
	if (quote)
		putc('"', w->fp);
	if (neutralised_form(s, n))
		putc('\'', w->fp);
	if (!quote) {
		fwrite(s, 1, n, w->fp);
		return;
	}
	for (from = i = 0; i < n; i++) {
		if (s[i] != '"')
			continue;
		fwrite(s + from, 1, i + 1 - from, w->fp);    /* up to and including the quote */
		putc('"', w->fp);
		from = i + 1;
	}
	fwrite(s + from, 1, n - from, w->fp);
	putc('"', w->fp);
}

void csvw_textz(struct csvw *w, const char *s)
{
	csvw_text(w, s ? s : "", s ? strlen(s) : 0);
}

void csvw_int(struct csvw *w, long long v)
{
	csvw_sep(w);
	fprintf(w->fp, "%lld", v);
}

void csvw_pence(struct csvw *w, int64_t pence)
{
	char out[32];

	csvw_sep(w);
	fputs(amount_format(pence, out), w->fp);
}

void csvw_end(struct csvw *w)
{
	fputs("\r\n", w->fp);
	w->col = 0;
}

void csvw_bom(FILE *fp)
{
	fputs(CSV_BOM, fp);
}

/* The header row of a file for people: the BOM, then the column names. */
static void header_row(struct csvw *w, const char *const *columns, size_t n)
{
	size_t c;

	csvw_bom(w->fp);
	for (c = 0; c < n; c++)
		csvw_textz(w, columns[c]);
	csvw_end(w);
}

static const char *const supplier_columns[] = {
	"supplier_key", "name", "supplier_ids", "names_seen", "company_number",
	"vat_number", "spend_pence", "spend", "transactions", "in_master", "match",
	"country",
	/* filled by the risk model */
	"sector_id", "sector_label", "sector_score", "sector_rule", "geography_score",
	"goods_score", "risk_score", "tier", "priority", "reasons",
	/* from the registry */
	"statement_status", "statement_year", "statement_url", "statement_areas", "in_scope",
	"match_method", "match_confidence",
	/* what the payee is (entity.h) */
	"entity_type", "entity_id", "entity_evidence",
};

#define SUPPLIER_NCOLS (sizeof(supplier_columns) / sizeof(supplier_columns[0]))
#define SUPPLIER_RISK_FIRST 12

/* The supplier master's country as given, else the country the model used (alpha-2). */
static const char *country_text(const struct supplier *sp, const struct assessment *a)
{
	if (sp->country && *sp->country)
		return sp->country;
	if (a && a->country)
		return a->country->alpha2;
	return NULL;
}

/* The statement columns: all empty when no registry was loaded. */
static void statement_fields(struct csvw *w, const struct statement *st)
{
	char conf[16];

	csvw_textz(w, statement_status_name(st->status));
	if (st->row)
		csvw_int(w, st->row->year);
	else
		csvw_textz(w, NULL);
	csvw_textz(w, st->row ? st->row->statement_url : NULL);
	if (st->row && st->nareas >= 0)
		csvw_int(w, st->nareas);
	else
		csvw_textz(w, NULL);
	csvw_textz(w, st->status ? in_scope_name(st->scope) : NULL);
	csvw_textz(w, st->method);
	if (st->method) {
		snprintf(conf, sizeof(conf), "%.2f", st->confidence);
		csvw_textz(w, conf);
	} else {
		csvw_textz(w, NULL);
	}
}

static void risk_fields(struct csvw *w, const struct supplier *sp, const struct assessment *a,
			struct buf *scratch)
{
	const struct sector *sec = a->sector.sector;
	char pri[48];

	csvw_textz(w, sec ? sec->id : NULL);
	csvw_textz(w, sec ? sec->label : NULL);
	if (sec)
		csvw_int(w, sec->score);
	else
		csvw_textz(w, NULL);
	csvw_textz(w, sec ? sector_rule_name(a->sector.rule) : NULL);
	csvw_int(w, a->geography_score);
	if (a->goods_score >= 0)
		csvw_int(w, a->goods_score);
	else
		csvw_textz(w, NULL);
	csvw_int(w, a->score);
	csvw_textz(w, tier_name(a->tier));
	snprintf(pri, sizeof(pri), "%.2f", a->priority);
	csvw_sep(w);
	fputs(pri, w->fp);
	csvw_textz(w, risk_reasons(sp, a, scratch));
	statement_fields(w, &a->statement);
}

void csvout_suppliers(FILE *fp, struct supplier *const *s, const struct assessment *a,
		      size_t n)
{
	struct csvw w;
	struct buf scratch;
	size_t i, c;

	buf_init(&scratch, 0);
	csvw_init(&w, fp);
	header_row(&w, supplier_columns, SUPPLIER_NCOLS);
	for (i = 0; i < n; i++) {
		const struct supplier *sp = s[i];
		const struct assessment *ai = a ? &a[i] : NULL;
		char *ids = supplier_ids_joined(sp);
		char *names = supplier_names_joined(sp);

		csvw_textz(&w, sp->key);
		csvw_textz(&w, sp->name);
		csvw_textz(&w, ids);
		csvw_textz(&w, names);
		csvw_textz(&w, sp->company_number);
		csvw_textz(&w, sp->vat);
		csvw_int(&w, sp->spend_pence);
		csvw_pence(&w, sp->spend_pence);
		csvw_int(&w, (long long)sp->transactions);
		csvw_textz(&w, sp->in_master ? "yes" : "no");
		csvw_textz(&w, sp->match);
		csvw_textz(&w, country_text(sp, ai));
		if (ai) {
			risk_fields(&w, sp, ai, &scratch);
			csvw_textz(&w, entity_type_name(ai->entity.type));
			csvw_textz(&w, ai->entity.id);
			csvw_textz(&w, ai->entity.evidence);
		} else {
			for (c = SUPPLIER_RISK_FIRST; c < SUPPLIER_NCOLS; c++)
				csvw_textz(&w, NULL);
		}
		csvw_end(&w);
		free(ids);
		free(names);
	}
	buf_release(&scratch);
}

static const char *const flag_columns[] = {
	"flag_id", "supplier_key", "supplier_name", "kind", "severity", "summary", "evidence",
	"first_seen", "last_seen", "review_status",
	/* the contract manager's decision, as the Flags sheet's review cells */
	"reviewer", "review_date", "review_note", "next_review", "evidence_link", "reopened",
};

#define FLAG_NCOLS (sizeof(flag_columns) / sizeof(flag_columns[0]))

/* A review date, YYYY-MM-DD; empty when none. */
static void csvw_date(struct csvw *w, int32_t ymd)
{
	char d[16];

	csvw_textz(w, ymd ? date_format(ymd, d) : NULL);
}

void csvout_flags(FILE *fp, const struct flag *f, size_t n)
{
	struct csvw w;
	struct buf scratch;
	size_t i;

	buf_init(&scratch, 0);
	csvw_init(&w, fp);
	header_row(&w, flag_columns, FLAG_NCOLS);
	for (i = 0; i < n; i++) {
		csvw_textz(&w, f[i].id);
		csvw_textz(&w, f[i].supplier ? f[i].supplier->key : NULL);
		csvw_textz(&w, f[i].supplier ? f[i].supplier->name : NULL);
		csvw_textz(&w, flag_kind_name(f[i].kind));
		csvw_textz(&w, f[i].severity);
		csvw_textz(&w, flag_summary(&f[i], &scratch));
		csvw_textz(&w, flag_evidence(&f[i], &scratch));
		csvw_textz(&w, f[i].first_seen);
		csvw_textz(&w, f[i].last_seen);
		csvw_textz(&w, f[i].review_status[0] ? f[i].review_status : "open");
		csvw_textz(&w, f[i].reviewer);
		csvw_date(&w, f[i].review_date);
		csvw_textz(&w, f[i].review_note);
		csvw_date(&w, f[i].next_review);
		csvw_textz(&w, f[i].evidence_link);
		csvw_textz(&w, f[i].reopened);
		csvw_end(&w);
	}
	buf_release(&scratch);
}

void csvout_reject_header(FILE *fp)
{
	csvw_bom(fp);
	fputs("file,line,reason,raw\r\n", fp);
}

void csvout_reject(FILE *fp, const char *file, unsigned long line, const char *reason,
		   const char *raw, size_t rawlen)
{
	struct csvw w;

	csvw_init(&w, fp);
	csvw_textz(&w, file);
	csvw_int(&w, (long long)line);
	csvw_textz(&w, reason);
	csvw_text(&w, raw ? raw : "", raw ? rawlen : 0);
	csvw_end(&w);
}

/* ---- tenders.csv ---- */

static const char *const tender_columns[] = {
	"tender_id", "lot", "title", "tender_date", "bidder", "supplier_id", "company_number",
	"price", "estimate", "valid", "rank", "valid_bids",
	"L1", "L2", "L3", "E1", "M1", "M2", "G1", "S1", "S2", "X1", "X2",
	"verdict", "labour_law_escalation", "clear_price", "reasons", "questions", "source",
};

static void csvw_money_opt(struct csvw *w, int64_t pence)
{
	if (pence >= 0)
		csvw_pence(w, pence);
	else
		csvw_textz(w, NULL);
}

void csvout_tenders(FILE *fp, const struct alt_bid *a, size_t n)
{
	struct csvw w;
	struct buf scratch;
	char d[16];
	size_t i, k;

	buf_init(&scratch, 0);
	csvw_init(&w, fp);
	header_row(&w, tender_columns, sizeof(tender_columns) / sizeof(tender_columns[0]));
	for (i = 0; i < n; i++) {
		const struct bid *b = a[i].bid;

		csvw_textz(&w, b->tender_id);
		csvw_textz(&w, b->lot);
		csvw_textz(&w, b->title);
		csvw_textz(&w, b->tender_date ? date_format(b->tender_date, d) : NULL);
		csvw_textz(&w, b->bidder);
		csvw_textz(&w, b->supplier_id);
		csvw_textz(&w, b->company_number);
		csvw_money_opt(&w, b->price_pence);
		csvw_money_opt(&w, b->estimate_pence);
		csvw_textz(&w, b->valid == 0 ? "no" : b->valid == 1 ? "yes" : NULL);
		if (a[i].rank)
			csvw_int(&w, a[i].rank);
		else
			csvw_textz(&w, NULL);
		csvw_int(&w, a[i].nvalid);
		for (k = 0; k < ALT__COUNT; k++)
			csvw_textz(&w, alt_level_name(a[i].r[k].level));
		csvw_textz(&w, alt_verdict_name(a[i].verdict));
		csvw_textz(&w, a[i].labour_law ? "yes" : "no");
		csvw_money_opt(&w, alt_clear_price(&a[i]));
		csvw_textz(&w, alt_reasons(&a[i], &scratch));
		csvw_textz(&w, alt_questions(&a[i], &scratch));
		csvw_textz(&w, b->source);
		csvw_end(&w);
	}
	buf_release(&scratch);
}

void csvout_reject_at(FILE *fp, const char *where, const char *reason, const char *raw)
{
	const char *colon = strrchr(where, ':');
	char *file;

	if (colon && colon[1] >= '0' && colon[1] <= '9') {
		file = xstrndup(where, (size_t)(colon - where));
		csvout_reject(fp, file, strtoul(colon + 1, NULL, 10), reason, raw ? raw : "",
			      raw ? strlen(raw) : 0);
		free(file);
	} else {
		csvout_reject(fp, where, 0, reason, raw ? raw : "", raw ? strlen(raw) : 0);
	}
}

/* A spend in pence and pounds, or two empty cells when the supplier was not in that run. */
static void spend_cells(struct csvw *w, int in_run, int64_t pence)
{
	if (in_run) {
		csvw_int(w, pence);
		csvw_pence(w, pence);
	} else {
		csvw_textz(w, NULL);
		csvw_textz(w, NULL);
	}
}

void csvout_changes(FILE *fp, const struct change_list *cl)
{
	static const char *const columns[] = {
		"kind", "supplier_key", "supplier_name", "flag_id", "before", "after",
		"spend_before_pence", "spend_before", "spend_after_pence", "spend_after",
		"description",
	};
	struct csvw w;
	size_t i;

	csvw_init(&w, fp);
	header_row(&w, columns, sizeof(columns) / sizeof(columns[0]));
	for (i = 0; cl && i < cl->n; i++) {
		const struct change *ch = &cl->items[i];

		csvw_textz(&w, change_kind_name(ch->kind));
		csvw_textz(&w, ch->supplier_key);
		csvw_textz(&w, ch->supplier_name);
		csvw_textz(&w, ch->flag_id);
		/* an amount is in the spend columns, as a number; not again as "£" text */
		csvw_textz(&w, ch->before_is_spend ? NULL : ch->before);
		csvw_textz(&w, ch->after_is_spend ? NULL : ch->after);
		spend_cells(&w, ch->in_before, ch->spend_before);
		spend_cells(&w, ch->in_after, ch->spend_after);
		csvw_textz(&w, ch->description);
		csvw_end(&w);
	}
}
