/*
 * rundb.c: saving a run in the database (store.h) - the run, its inputs
 * and outputs, its suppliers with their aliases and monthly spend, and its
 * flags with their review history.  Part of the store: the tables are
 * created by store.c's migrations.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chainwatch/date.h"
#include "chainwatch/encoding.h"
#include "chainwatch/entity.h"
#include "chainwatch/extract.h"
#include "chainwatch/flags.h"
#include "chainwatch/period.h"
#include "chainwatch/store.h"
#include "chainwatch/supplier.h"
#include "store_private.h"
#include "chainwatch/xalloc.h"

/* The statements store_save_run() reuses across rows. */
enum {
	Q_DELETE_RUN,
	Q_DELETE_OVERLAPPING,
	Q_RUN,
	Q_INPUT,
	Q_OUTPUT,
	Q_SUPPLIER,
	Q_ALIAS,
	Q_RUN_SUPPLIER,
	Q_SPEND,
	Q_FLAG,
	Q_REOPEN,
	Q_AUDIT,
	Q__COUNT
};

/*
 * A stored run's period other than ?2 that shares a month with ?2: the
 * first month of each ("2025-04" of "2025-04_2025-09") is no later than the
 * other's last.
 */
#define OVERLAPS "period <> ?2" \
	" AND " PERIOD_SQL_FIRST_MONTH("period") " <= " PERIOD_SQL_LAST_MONTH("?2") \
	" AND " PERIOD_SQL_LAST_MONTH("period") " >= " PERIOD_SQL_FIRST_MONTH("?2")

static const char *const save_sql[Q__COUNT] = {
	[Q_DELETE_RUN] = "DELETE FROM runs WHERE council = ?1 AND period = ?2",
	[Q_DELETE_OVERLAPPING] = "DELETE FROM runs WHERE council = ?1 AND " OVERLAPS,
	[Q_RUN] = "INSERT INTO runs (id, council, period, started, finished, tool_version,"
		" spend_pence, redacted_pence, redacted_rows, suppliers, rejected, first_date,"
		" last_date, strict, max_reject_rate_ppm, companies_register, charities_register)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,"
		" ?17)",
	[Q_INPUT] = "INSERT INTO inputs (run_id, seq, kind, path, sha256, bytes, encoding,"
		" header_line, profile, date_order, records, accepted, skipped, rejected, redacted,"
		" repaired, undated, accepted_pence, redacted_pence, first_date, last_date)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,"
		" ?17, ?18, ?19, ?20, ?21)",
	[Q_OUTPUT] = "INSERT INTO run_outputs (run_id, name, sha256) VALUES (?1, ?2, ?3)",
	/* descriptive fields follow the latest period; first_* / last_* widen */
	[Q_SUPPLIER] = "INSERT INTO suppliers (council, key, name, company_number, vat, country,"
		" postcode, address, sic, turnover_pence, first_run, last_run, first_period,"
		" last_period)"
		" VALUES (?12, ?1, ?2, ?3, ?4, ?5, ?6, ?11, ?7, ?8, ?9, ?9, ?10, ?10)"
		" ON CONFLICT (council, key) DO UPDATE SET"
		" name = CASE WHEN excluded.last_period >= last_period"
		"   THEN excluded.name ELSE name END,"
		" company_number = CASE WHEN excluded.last_period >= last_period"
		"   THEN coalesce(excluded.company_number, company_number)"
		"   ELSE coalesce(company_number, excluded.company_number) END,"
		" vat = CASE WHEN excluded.last_period >= last_period"
		"   THEN coalesce(excluded.vat, vat) ELSE coalesce(vat, excluded.vat) END,"
		" country = CASE WHEN excluded.last_period >= last_period"
		"   THEN coalesce(excluded.country, country) ELSE coalesce(country, excluded.country) END,"
		" postcode = CASE WHEN excluded.last_period >= last_period"
		"   THEN coalesce(excluded.postcode, postcode) ELSE coalesce(postcode, excluded.postcode) END,"
		" address = CASE WHEN excluded.last_period >= last_period"
		"   THEN coalesce(excluded.address, address) ELSE coalesce(address, excluded.address) END,"
		" sic = CASE WHEN excluded.last_period >= last_period"
		"   THEN coalesce(excluded.sic, sic) ELSE coalesce(sic, excluded.sic) END,"
		" turnover_pence = CASE WHEN excluded.last_period >= last_period"
		"   THEN coalesce(excluded.turnover_pence, turnover_pence)"
		"   ELSE coalesce(turnover_pence, excluded.turnover_pence) END,"
		" first_run = CASE WHEN excluded.first_period <= first_period"
		"   THEN excluded.first_run ELSE first_run END,"
		" first_period = min(excluded.first_period, first_period),"
		" last_run = CASE WHEN excluded.last_period >= last_period"
		"   THEN excluded.last_run ELSE last_run END,"
		" last_period = max(excluded.last_period, last_period)",
	[Q_ALIAS] = "INSERT INTO supplier_aliases (council, supplier_key, kind, value, first_period,"
		" last_period) VALUES (?5, ?1, ?2, ?3, ?4, ?4)"
		" ON CONFLICT (council, kind, value, supplier_key) DO UPDATE SET"
		" first_period = min(excluded.first_period, first_period),"
		" last_period = max(excluded.last_period, last_period)",
	[Q_RUN_SUPPLIER] = "INSERT INTO run_suppliers (run_id, supplier_key, name, spend_pence,"
		" transactions, expense_top, in_master, in_spend, match, sector_id, sector_rule,"
		" country, risk_score, tier, priority, statement_status, statement_year, statement_id,"
		" in_scope, match_method, match_confidence, entity_type, entity_id, entity_evidence,"
		" register, register_scope, register_scope_basis)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
		" ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27)",
	/* a flag seen again keeps its first sighting and its review */
	[Q_FLAG] = "INSERT INTO flags (council, id, supplier_key, kind, severity, summary, evidence,"
		" first_seen, last_seen, last_run, evidence_key)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9, ?10)"
		" ON CONFLICT (council, id) DO UPDATE SET"
		" evidence_key = CASE WHEN excluded.last_seen >= last_seen THEN excluded.evidence_key"
		"   ELSE evidence_key END,"
		" severity = CASE WHEN excluded.last_seen >= last_seen THEN excluded.severity ELSE severity END,"
		" summary = CASE WHEN excluded.last_seen >= last_seen THEN excluded.summary ELSE summary END,"
		" evidence = CASE WHEN excluded.last_seen >= last_seen THEN excluded.evidence ELSE evidence END,"
		" first_seen = min(first_seen, excluded.first_seen),"
		" last_seen = max(last_seen, excluded.last_seen),"
		" last_run = CASE WHEN excluded.last_seen >= last_seen THEN excluded.last_run ELSE last_run END",
	/* a cleared flag whose evidence changed: open again, and say why */
	[Q_REOPEN] = "UPDATE flags SET review_status = 'open', reopened = ?3, review_changed = ?4"
		" WHERE council = ?1 AND id = ?2",
	/* the note stays on a reopened flag (its workbook shows it): the audit says so */
	[Q_AUDIT] = "INSERT INTO review_audit (council, flag_id, at, by, source, old_status,"
		" new_status, old_note, new_note, detail) SELECT ?1, ?2, ?3, 'chainwatch', 'scan',"
		" 'cleared', 'open', review_note, review_note, ?4 FROM flags"
		" WHERE council = ?1 AND id = ?2",
	[Q_SPEND] = ("INSERT INTO supplier_spend (run_id, supplier_key, month, pence, transactions)"
		     " VALUES (?1, ?2, ?3, ?4, ?5)"),
};

/*
 * Monthly spend rows go in SPEND_BATCH at a time through one multi-row
 * INSERT: a year of spend for 20,000 suppliers is 240,000 rows, and one
 * statement per row costs most of the save.
 */
#define SPEND_BATCH 64
#define SPEND_COLS 5

static char *spend_batch_sql(int rows)
{
	static const char head[] = "INSERT INTO supplier_spend (run_id, supplier_key, month, pence,"
				   " transactions) VALUES ";
	size_t n = sizeof(head) + (size_t)rows * sizeof("(?,?,?,?,?),");
	char *sql = xmalloc(n), *p = sql;
	int i;

	p += snprintf(p, n, "%s", head);
	for (i = 0; i < rows; i++)
		p += snprintf(p, n - (size_t)(p - sql), "%s(?,?,?,?,?)", i ? "," : "");
	return sql;
}

struct spend_batch {
	sqlite3_stmt *many;        /* SPEND_BATCH rows */
	sqlite3_stmt *one;         /* the remainder, one at a time */
	const char *run_id;
	int n;
	struct {
		const char *key;
		int32_t month;
		int64_t pence, count;
	} row[SPEND_BATCH];
};

static const char *expense_top(const struct supplier *s)
{
	const struct spend_part *top = NULL;
	size_t i;

	for (i = 0; i < s->nexpense; i++)
		if (!top || s->expense[i].pence > top->pence)
			top = &s->expense[i];
	return top ? top->label : NULL;
}

static int save_run_row(struct store *st, sqlite3_stmt *q, const struct run_record *r,
			struct diag *err)
{
	char started[24], finished[24];

	sdb_bind_text(q, 1, r->run.id);
	sdb_bind_text(q, 2, r->run.council);
	sdb_bind_text(q, 3, r->run.period);
	sdb_bind_text(q, 4, run_time_format(r->run.started, started));
	sdb_bind_opt(q, 5, r->run.finished ? run_time_format(r->run.finished, finished) : NULL);
	sdb_bind_text(q, 6, r->run.tool_version);
	sdb_bind_int(q, 7, r->spend_pence);
	sdb_bind_int(q, 8, r->redacted_pence);
	sdb_bind_int(q, 9, (int64_t)r->redacted_rows);
	sdb_bind_int(q, 10, (int64_t)r->nsuppliers);
	sdb_bind_int(q, 11, (int64_t)r->rejections_total);
	sdb_bind_date(q, 12, r->first_date);
	sdb_bind_date(q, 13, r->last_date);
	sdb_bind_int(q, 14, r->run.strict ? 1 : 0);
	sdb_bind_int(q, 15, r->run.max_reject_rate_ppm);
	sdb_bind_date(q, 16, r->companies_register);
	sdb_bind_date(q, 17, r->charities_register);
	return sdb_step(st, q, err);
}

static int save_input(struct store *st, sqlite3_stmt *q, const struct run_record *r,
		      size_t seq, struct diag *err)
{
	const struct input_stats *in = &r->inputs[seq];

	sdb_bind_text(q, 1, r->run.id);
	sdb_bind_int(q, 2, (int64_t)seq + 1);
	sdb_bind_text(q, 3, in->kind == INPUT_SUPPLIERS ? "suppliers" : "spend");
	sdb_bind_text(q, 4, in->path);
	sdb_bind_text(q, 5, in->sha256);
	sdb_bind_int(q, 6, (int64_t)in->bytes);
	sdb_bind_opt(q, 7, encoding_name(in->encoding));
	sdb_bind_int(q, 8, (int64_t)in->header_line);
	sdb_bind_opt(q, 9, in->profile);
	sdb_bind_opt(q, 10, date_order_name(in->date_order));
	sdb_bind_int(q, 11, (int64_t)in->records);
	sdb_bind_int(q, 12, (int64_t)in->accepted);
	sdb_bind_int(q, 13, (int64_t)in->skipped);
	sdb_bind_int(q, 14, (int64_t)in->rejected);
	sdb_bind_int(q, 15, (int64_t)in->redacted);
	sdb_bind_int(q, 16, (int64_t)in->repaired);
	sdb_bind_int(q, 17, (int64_t)in->undated);
	sdb_bind_int(q, 18, in->accepted_pence);
	sdb_bind_int(q, 19, in->redacted_pence);
	sdb_bind_date(q, 20, in->first_date);
	sdb_bind_date(q, 21, in->last_date);
	return sdb_step(st, q, err);
}

/* A supplier's name or ID, to be saved in (kind, value, key) order: the table's key order. */
struct alias {
	const char *kind, *value, *key;
};

static int by_alias(const void *a, const void *b)
{
	const struct alias *x = a, *y = b;
	int c = strcmp(x->kind, y->kind);

	if (!c)
		c = strcmp(x->value, y->value);
	return c ? c : strcmp(x->key, y->key);
}

/*
 * Every supplier's names and IDs, sorted first: in supplier order they
 * would land all over the table's B-tree, a page read and written for
 * almost every one once the table outgrows the page cache.
 */
static int save_aliases(struct store *st, sqlite3_stmt *q, const struct run_record *r,
			struct diag *err)
{
	struct alias *v;
	size_t n = 0, k, i;
	int ret = 0;

	for (k = 0; k < r->nsuppliers; k++)
		n += r->suppliers[k]->nnames + r->suppliers[k]->nids;
	v = xreallocarray(NULL, n + 1, sizeof(*v));
	n = 0;
	for (k = 0; k < r->nsuppliers; k++) {
		const struct supplier *s = r->suppliers[k];

		for (i = 0; i < s->nnames; i++)
			v[n++] = (struct alias){ "name", s->names[i], s->key };
		for (i = 0; i < s->nids; i++)
			v[n++] = (struct alias){ "id", s->ids[i], s->key };
	}
	qsort(v, n, sizeof(*v), by_alias);
	for (k = 0; k < n && ret == 0; k++) {
		sdb_bind_text(q, 1, v[k].key);
		sdb_bind_text(q, 2, v[k].kind);
		sdb_bind_text(q, 3, v[k].value);
		sdb_bind_text(q, 4, r->run.period);
		sdb_bind_text(q, 5, r->run.council);
		ret = sdb_step(st, q, err);
	}
	free(v);
	return ret;
}

/* Insert the rows held in the batch: all at once when it is full, else one by one. */
static int spend_flush(struct store *st, struct spend_batch *b, struct diag *err)
{
	int i, full = b->n == SPEND_BATCH;
	sqlite3_stmt *q = full ? b->many : b->one;

	for (i = 0; i < b->n; i++) {
		int base = full ? i * SPEND_COLS : 0;

		sdb_bind_text(q, base + 1, b->run_id);
		sdb_bind_text(q, base + 2, b->row[i].key);
		sdb_bind_int(q, base + 3, b->row[i].month);
		sdb_bind_int(q, base + 4, b->row[i].pence);
		sdb_bind_int(q, base + 5, b->row[i].count);
		if (!full && sdb_step(st, q, err) < 0)
			return -1;
	}
	if (full && sdb_step(st, q, err) < 0)
		return -1;
	b->n = 0;
	return 0;
}

static int spend_add(struct store *st, struct spend_batch *b, const char *key,
		     const struct month_part *m, struct diag *err)
{
	b->row[b->n].key = key;
	b->row[b->n].month = m->month;
	b->row[b->n].pence = m->pence;
	b->row[b->n].count = (int64_t)m->n;
	return ++b->n == SPEND_BATCH ? spend_flush(st, b, err) : 0;
}

static int save_supplier(struct store *st, sqlite3_stmt **q, struct spend_batch *b,
			 const struct run_record *r, size_t idx, struct diag *err)
{
	const struct supplier *s = r->suppliers[idx];
	const struct assessment *a = r->assessments ? &r->assessments[idx] : NULL;
	const char *period = r->run.period;
	sqlite3_stmt *u = q[Q_SUPPLIER], *rs = q[Q_RUN_SUPPLIER];
	size_t i;

	sdb_bind_text(u, 1, s->key);
	sdb_bind_text(u, 2, s->name ? s->name : "");
	sdb_bind_opt(u, 3, s->company_number);
	sdb_bind_opt(u, 4, s->vat);
	sdb_bind_opt(u, 5, s->country);
	sdb_bind_opt(u, 6, s->postcode);
	sdb_bind_opt(u, 7, s->sic);
	if (s->turnover_pence >= 0)
		sdb_bind_int(u, 8, s->turnover_pence);
	else
		sqlite3_bind_null(u, 8);
	sdb_bind_text(u, 9, r->run.id);
	sdb_bind_text(u, 10, period);
	sdb_bind_opt(u, 11, s->address);
	sdb_bind_text(u, 12, r->run.council);
	if (sdb_step(st, u, err) < 0)
		return -1;

	sdb_bind_text(rs, 1, r->run.id);
	sdb_bind_text(rs, 2, s->key);
	sdb_bind_text(rs, 3, s->name ? s->name : "");
	sdb_bind_int(rs, 4, s->spend_pence);
	sdb_bind_int(rs, 5, (int64_t)s->transactions);
	sdb_bind_opt(rs, 6, expense_top(s));
	sdb_bind_int(rs, 7, s->in_master ? 1 : 0);
	sdb_bind_int(rs, 8, s->in_spend ? 1 : 0);
	sdb_bind_opt(rs, 9, s->match);
	if (a) {
		sdb_bind_opt(rs, 10, a->sector.sector ? a->sector.sector->id : NULL);
		sdb_bind_opt(rs, 11, sector_rule_name(a->sector.rule));
		sdb_bind_opt(rs, 12, a->country ? a->country->alpha2 : NULL);
		sdb_bind_int(rs, 13, a->score);
		sdb_bind_text(rs, 14, tier_name(a->tier));
		sqlite3_bind_double(rs, 15, a->priority);
	} else {
		for (i = 10; i <= 15; i++)
			sqlite3_bind_null(rs, (int)i);
	}
	for (i = 16; i <= 21; i++)
		sqlite3_bind_null(rs, (int)i);
	if (a && a->statement.status != STATEMENT_NOT_CHECKED) {
		const struct statement *sm = &a->statement;

		sdb_bind_text(rs, 16, statement_status_name(sm->status));
		if (sm->row) {
			sdb_bind_int(rs, 17, sm->row->year);
			sdb_bind_opt(rs, 18, sm->row->statement_id);
		}
		sdb_bind_text(rs, 19, in_scope_name(sm->scope));
		sdb_bind_opt(rs, 20, sm->method);
		if (sm->method)
			sqlite3_bind_double(rs, 21, sm->confidence);
	}
	for (i = 22; i <= 27; i++)
		sqlite3_bind_null(rs, (int)i);
	if (a) {
		sdb_bind_text(rs, 22, entity_type_name(a->entity.type));
		sdb_bind_opt(rs, 23, a->entity.id);
		sdb_bind_opt(rs, 24, a->entity.evidence);
		sdb_bind_opt(rs, 25, entity_register_of(s, a->entity.type, a->entity.id,
							 a->entity.evidence));
		if (a->statement.scope_register) {
			sdb_bind_text(rs, 26, in_scope_name(a->statement.scope));
			sdb_bind_text(rs, 27, a->statement.scope_register);
		}
	}
	if (sdb_step(st, rs, err) < 0)
		return -1;

	for (i = 0; i < s->nmonths; i++)
		if (spend_add(st, b, s->key, &s->months[i], err) < 0)
			return -1;
	return 0;
}

static int save_flag(struct store *st, sqlite3_stmt *q, const struct run_record *r,
		     const struct flag *f, struct buf *summary, struct buf *evidence,
		     struct diag *err)
{
	char key[96];

	sdb_bind_text(q, 1, r->run.council);
	sdb_bind_text(q, 2, f->id);
	sdb_bind_text(q, 3, f->supplier->key);
	sdb_bind_text(q, 4, flag_kind_name(f->kind));
	sdb_bind_text(q, 5, f->severity);
	sdb_bind_text(q, 6, flag_summary(f, summary));
	sdb_bind_text(q, 7, flag_evidence(f, evidence));
	sdb_bind_text(q, 8, r->run.period);
	sdb_bind_text(q, 9, r->run.id);
	flag_evidence_key(f, key);
	sdb_bind_opt(q, 10, key);
	return sdb_step(st, q, err);
}

/* The flag reopened this run (store_flag_history found it so): record it and audit it. */
static int save_reopen(struct store *st, sqlite3_stmt **q, const struct run_record *r,
		       const struct flag *f, struct diag *err)
{
	char at[24];

	run_time_format(r->run.started, at);
	sdb_bind_text(q[Q_REOPEN], 1, r->run.council);
	sdb_bind_text(q[Q_REOPEN], 2, f->id);
	sdb_bind_text(q[Q_REOPEN], 3, f->reopened);
	sdb_bind_text(q[Q_REOPEN], 4, at);
	if (sdb_step(st, q[Q_REOPEN], err) < 0)
		return -1;
	sdb_bind_text(q[Q_AUDIT], 1, r->run.council);
	sdb_bind_text(q[Q_AUDIT], 2, f->id);
	sdb_bind_text(q[Q_AUDIT], 3, at);
	sdb_bind_text(q[Q_AUDIT], 4, f->reopened);
	return sdb_step(st, q[Q_AUDIT], err);
}

static const char *col_str(sqlite3_stmt *q, int col)
{
	return (const char *)sqlite3_column_text(q, col);
}

int store_flag_history(struct store *st, const char *council, struct flag *flags, size_t n,
		       struct diag *err)
{
	char key[96], why[160];
	sqlite3_stmt *q = NULL;
	int rc, ret = -1;
	size_t i;

	rc = sqlite3_prepare_v2(st->db, "SELECT first_seen, last_seen, review_status, reviewer,"
				" review_date, review_note, next_review, evidence_link, reviewed_key"
				" FROM flags WHERE council = ?1 AND id = ?2", -1, &q, NULL);
	if (rc != SQLITE_OK) {
		sdb_fail(st, rc, err);
		goto out;
	}
	for (i = 0; i < n; i++) {
		struct flag *f = &flags[i];

		sdb_bind_text(q, 1, council);
		sdb_bind_text(q, 2, f->id);
		rc = sqlite3_step(q);
		if (rc == SQLITE_ROW) {
			const char *first = col_str(q, 0), *last = col_str(q, 1);
			const char *status = col_str(q, 2);

			if (first && strcmp(first, f->first_seen) < 0)
				snprintf(f->first_seen, sizeof(f->first_seen), "%s", first);
			if (last && strcmp(last, f->last_seen) > 0)
				snprintf(f->last_seen, sizeof(f->last_seen), "%s", last);
			if (status)
				snprintf(f->review_status, sizeof(f->review_status), "%s", status);
			free(f->reviewer);
			f->reviewer = col_str(q, 3) ? xstrdup(col_str(q, 3)) : NULL;
			f->review_date = sqlite3_column_int(q, 4);
			free(f->review_note);
			f->review_note = col_str(q, 5) ? xstrdup(col_str(q, 5)) : NULL;
			f->next_review = sqlite3_column_int(q, 6);
			free(f->evidence_link);
			f->evidence_link = col_str(q, 7) ? xstrdup(col_str(q, 7)) : NULL;
			/* cleared stays cleared unless the evidence is now worse than it was */
			flag_evidence_key(f, key);
			if (status && !strcmp(status, "cleared") &&
			    flag_reopens(col_str(q, 8), key, why, sizeof(why))) {
				snprintf(f->review_status, sizeof(f->review_status), "open");
				free(f->reopened);
				f->reopened = xstrdup(why);
			}
		} else if (rc != SQLITE_DONE) {
			sdb_fail(st, rc, err);
			goto out;
		}
		sqlite3_reset(q);
	}
	ret = 0;
out:
	sqlite3_finalize(q);
	return ret;
}

/*
 * Suppliers are saved in key order: the report's spend order is random
 * to the B-trees, and in-order inserts are several times faster.
 */
struct keyed {
	const char *key;
	size_t idx;             /* into the report's suppliers */
};

static int by_key(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;

	if (!x->key || !y->key)
		return !x->key - !y->key;
	return strcmp(x->key, y->key);
}

static int by_flag_id(const void *a, const void *b)
{
	const struct flag *x = *(const struct flag *const *)a, *y = *(const struct flag *const *)b;

	return strcmp(x->id, y->id);
}

/* Checked again inside the transaction: another scan may have saved one since the first look. */
static int no_overlap(struct store *st, const struct run_record *r, struct diag *err)
{
	char *other = NULL;
	long n = store_overlapping_runs(st, r->run.council, r->run.period, &other, 1, err);

	if (n > 0)
		diag_set(err, CW_USAGE, "%s %s shares months with the stored run for %s%s; "
			 "nothing was saved (see --replace-overlapping)", r->run.council,
			 r->run.period, other, n > 1 ? " and others" : "");
	free(other);
	return n == 0 ? 0 : -1;
}

int store_begin_run(struct store *st, const struct run_record *r, struct diag *err)
{
	const struct flag **fsorted;
	sqlite3_stmt *q[Q__COUNT] = { NULL };
	struct keyed *sorted = xreallocarray(NULL, r->nsuppliers + 1, sizeof(*sorted));
	struct buf summary, evidence;
	struct spend_batch *b = xcalloc(1, sizeof(*b));
	char *many_sql = spend_batch_sql(SPEND_BATCH);
	int i, rc, ret = -1;
	size_t k;

	for (i = 0; i < Q__COUNT; i++) {
		rc = sqlite3_prepare_v2(st->db, save_sql[i], -1, &q[i], NULL);
		if (rc != SQLITE_OK) {
			sdb_fail(st, rc, err);
			goto out;
		}
	}
	rc = sqlite3_prepare_v2(st->db, many_sql, -1, &b->many, NULL);
	if (rc != SQLITE_OK) {
		sdb_fail(st, rc, err);
		goto out;
	}
	b->one = q[Q_SPEND];
	b->run_id = r->run.id;
	if (sqlite3_get_autocommit(st->db) && sdb_exec(st, "BEGIN IMMEDIATE", err) < 0)
		goto out;

	if (r->run.replace_overlapping) {
		sdb_bind_text(q[Q_DELETE_OVERLAPPING], 1, r->run.council);
		sdb_bind_text(q[Q_DELETE_OVERLAPPING], 2, r->run.period);
		if (sdb_step(st, q[Q_DELETE_OVERLAPPING], err) < 0)
			goto out;
	} else if (no_overlap(st, r, err) < 0) {
		goto out;
	}
	sdb_bind_text(q[Q_DELETE_RUN], 1, r->run.council);
	sdb_bind_text(q[Q_DELETE_RUN], 2, r->run.period);
	if (sdb_step(st, q[Q_DELETE_RUN], err) < 0 || save_run_row(st, q[Q_RUN], r, err) < 0)
		goto out;
	for (k = 0; k < r->ninputs; k++)
		if (save_input(st, q[Q_INPUT], r, k, err) < 0)
			goto out;
	for (k = 0; k < r->nsuppliers; k++) {
		sorted[k].key = r->suppliers[k]->key;
		sorted[k].idx = k;
	}
	qsort(sorted, r->nsuppliers, sizeof(*sorted), by_key);
	for (k = 0; k < r->nsuppliers; k++)
		if (save_supplier(st, q, b, r, sorted[k].idx, err) < 0)
			goto out;
	if (spend_flush(st, b, err) < 0 || save_aliases(st, q[Q_ALIAS], r, err) < 0)
		goto out;
	buf_init(&summary, 0);
	buf_init(&evidence, 0);
	fsorted = xreallocarray(NULL, r->nflags + 1, sizeof(*fsorted));
	for (k = 0; k < r->nflags; k++)
		fsorted[k] = &r->flags[k];
	qsort(fsorted, r->nflags, sizeof(*fsorted), by_flag_id);
	for (k = 0; k < r->nflags; k++)
		if (save_flag(st, q[Q_FLAG], r, fsorted[k], &summary, &evidence, err) < 0 ||
		    (fsorted[k]->reopened && save_reopen(st, q, r, fsorted[k], err) < 0))
			break;
	free(fsorted);
	buf_release(&summary);
	buf_release(&evidence);
	if (k < r->nflags)
		goto out;
	ret = 0;
out:
	if (ret < 0)
		sdb_rollback(st);
	for (i = 0; i < Q__COUNT; i++)
		sqlite3_finalize(q[i]);
	sqlite3_finalize(b->many);
	free(b);
	free(many_sql);
	free(sorted);
	return ret;
}

int store_commit_run(struct store *st, const struct run_record *r, struct diag *err)
{
	sqlite3_stmt *q = NULL;
	int rc, ret = -1;
	size_t k;

	if (sqlite3_get_autocommit(st->db))
		BUG("store_commit_run without store_begin_run");
	rc = sqlite3_prepare_v2(st->db, save_sql[Q_OUTPUT], -1, &q, NULL);
	if (rc != SQLITE_OK) {
		sdb_fail(st, rc, err);
		goto out;
	}
	for (k = 0; k < r->noutputs; k++) {
		sdb_bind_text(q, 1, r->run.id);
		sdb_bind_text(q, 2, r->outputs[k].name);
		sdb_bind_text(q, 3, r->outputs[k].sha256);
		if (sdb_step(st, q, err) < 0)
			goto out;
	}
	sqlite3_finalize(q);
	/* the decisions this run's workbook shows: every audit row so far */
	rc = sqlite3_prepare_v2(st->db, "UPDATE runs SET audit_seq ="
				" (SELECT coalesce(max(seq), 0) FROM review_audit), supplier_audit_seq ="
				" (SELECT coalesce(max(seq), 0) FROM supplier_review_audit) WHERE id = ?1",
				-1, &q, NULL);
	if (rc != SQLITE_OK) {
		q = NULL;
		sdb_fail(st, rc, err);
		goto out;
	}
	sdb_bind_text(q, 1, r->run.id);
	if (sdb_step(st, q, err) < 0 || sdb_exec(st, "COMMIT", err) < 0)
		goto out;
	ret = 0;
out:
	if (ret < 0)
		sdb_rollback(st);
	sqlite3_finalize(q);
	return ret;
}

void store_abort_run(struct store *st)
{
	if (st)
		sdb_rollback(st);
}

int store_save_run(struct store *st, const struct run_record *r, struct diag *err)
{
	if (store_begin_run(st, r, err) < 0)
		return -1;
	return store_commit_run(st, r, err);
}

long store_overlapping_runs(struct store *st, const char *council, const char *period,
			    char **periods, size_t max, struct diag *err)
{
	sqlite3_stmt *q = NULL;
	long n = 0;
	int rc;

	rc = sqlite3_prepare_v2(st->db, "SELECT period FROM runs WHERE council = ?1 AND " OVERLAPS
				" ORDER BY period", -1, &q, NULL);
	if (rc == SQLITE_OK) {
		sdb_bind_text(q, 1, council);
		sdb_bind_text(q, 2, period);
		while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
			if ((size_t)n < max)
				periods[n] = xstrdup((const char *)sqlite3_column_text(q, 0));
			n++;
		}
	}
	if (rc != SQLITE_DONE) {
		while (n > 0)
			if ((size_t)--n < max)
				free(periods[n]);
		n = sdb_fail(st, rc, err);
	}
	sqlite3_finalize(q);
	return n;
}

long store_count_runs(struct store *st, const char *council, const char *period, struct diag *err)
{
	sqlite3_stmt *q = NULL;
	long ret = -1;
	int rc;

	rc = sqlite3_prepare_v2(st->db, "SELECT count(*) FROM runs WHERE council = ?1 AND period = ?2",
				-1, &q, NULL);
	if (rc == SQLITE_OK) {
		sdb_bind_text(q, 1, council);
		sdb_bind_text(q, 2, period);
		rc = sqlite3_step(q);
	}
	if (rc != SQLITE_ROW) {
		sdb_fail(st, rc, err);
		goto out;
	}
	ret = (long)sqlite3_column_int64(q, 0);
out:
	sqlite3_finalize(q);
	return ret;
}
