#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chainwatch/amount.h"
#include "chainwatch/csvout.h"
#include "chainwatch/flags.h"
#include "chainwatch/reference.h"
#include "chainwatch/risk.h"
#include "chainwatch/supplier.h"

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
	if (formula_lead(s[0]))
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
	for (c = 0; c < SUPPLIER_NCOLS; c++)
		csvw_textz(&w, supplier_columns[c]);
	csvw_end(&w);
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
		if (ai)
			risk_fields(&w, sp, ai, &scratch);
		else
			for (c = SUPPLIER_RISK_FIRST; c < SUPPLIER_NCOLS; c++)
				csvw_textz(&w, NULL);
		csvw_end(&w);
		free(ids);
		free(names);
	}
	buf_release(&scratch);
}

static const char *const flag_columns[] = {
	"flag_id", "supplier_key", "supplier_name", "kind", "severity", "summary", "evidence",
	"first_seen", "last_seen", "review_status",
};

#define FLAG_NCOLS (sizeof(flag_columns) / sizeof(flag_columns[0]))

void csvout_flags(FILE *fp, const struct flag *f, size_t n)
{
	struct csvw w;
	struct buf scratch;
	size_t i, c;

	buf_init(&scratch, 0);
	csvw_init(&w, fp);
	for (c = 0; c < FLAG_NCOLS; c++)
		csvw_textz(&w, flag_columns[c]);
	csvw_end(&w);
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
		csvw_textz(&w, f[i].review_status);
		csvw_end(&w);
	}
	buf_release(&scratch);
}

void csvout_reject_header(FILE *fp)
{
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
