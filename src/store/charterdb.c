/*
 * charterdb.c: a council's financial year of scans, summed for the annual
 * Charter report (charterdb.h).  Part of the store.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chainwatch/charterdb.h"
#include "chainwatch/period.h"
#include "store_private.h"

static int prep(struct store *st, const char *sql, sqlite3_stmt **q, struct diag *err)
{
	int rc = sqlite3_prepare_v2(st->db, sql, -1, q, NULL);

	return rc == SQLITE_OK ? 0 : sdb_fail(st, rc, err);
}

/* A statement over the council's year: ?1 the council, ?2 and ?3 its first and last month. */
static int prep_year(struct store *st, const char *sql, const char *council, const char *lo,
		     const char *hi, sqlite3_stmt **q, struct diag *err)
{
	if (prep(st, sql, q, err) < 0)
		return -1;
	sdb_bind_text(*q, 1, council);
	sdb_bind_text(*q, 2, lo);
	sdb_bind_text(*q, 3, hi);
	return 0;
}

static const char *text(sqlite3_stmt *q, int col)
{
	const unsigned char *s = sqlite3_column_text(q, col);

	return s ? (const char *)s : "";
}

static int tier_index(const char *t)
{
	return !strcmp(t, "High") ? 0 : !strcmp(t, "Medium") ? 1 : !strcmp(t, "Low") ? 2 : 3;
}

/* Mark the months of a period ("2025-06" or "2025-04_2025-06") inside the year. */
static void mark_months(struct charter_year *y, const char *period)
{
	int32_t m, first, last;

	if (period_parse(period, &first, &last) < 0)
		return;             /* not one the scan wrote: no month of the year */
	for (m = first; m <= last; m = period_next_month(m)) {
		int idx = (int)(m / 100 - y->from) * 12 + (int)(m % 100 - 4);

		if (idx >= 0 && idx < 12)
			y->months[idx] = 1;
	}
}

static int runs_of_year(struct store *st, const char *council, const char *lo, const char *hi,
			struct charter_year *y, char latest[64], struct diag *err)
{
	sqlite3_stmt *q = NULL;
	int rc;
	size_t i;

	if (prep_year(st, "SELECT id, period, spend_pence, redacted_pence FROM runs"
		      " WHERE council = ?1 AND substr(period, 1, 7) BETWEEN ?2 AND ?3"
		      " ORDER BY substr(period, 1, 7), started", council, lo, hi, &q, err) < 0)
		return -1;
	latest[0] = '\0';
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		y->scans++;
		mark_months(y, text(q, 1));
		y->spend_pence += sqlite3_column_int64(q, 2);
		y->redacted_pence += sqlite3_column_int64(q, 3);
		snprintf(latest, 64, "%s", text(q, 0));
		if (!y->first_period[0])
			snprintf(y->first_period, sizeof(y->first_period), "%s", text(q, 1));
		snprintf(y->last_period, sizeof(y->last_period), "%s", text(q, 1));
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return sdb_fail(st, rc, err);
	for (i = 0; i < 12; i++)
		y->months_covered += y->months[i];
	return 0;
}

/* Each supplier's latest tier in the year, and the year's spend by that tier. */
static int tiers_of_year(struct store *st, const char *council, const char *lo, const char *hi,
			 struct charter_year *y, struct diag *err)
{
	sqlite3_stmt *q = NULL;
	char key[512] = "";
	int64_t pence = 0;
	int tier = 3, rc;

	if (prep_year(st, "SELECT r.supplier_key, coalesce(r.tier, 'Grey'), r.spend_pence FROM"
		      " run_suppliers r JOIN runs u ON u.id = r.run_id WHERE u.council = ?1"
		      " AND substr(u.period, 1, 7) BETWEEN ?2 AND ?3 AND r.in_spend"
		      " ORDER BY r.supplier_key, substr(u.period, 1, 7)", council, lo, hi, &q,
		      err) < 0)
		return -1;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (strcmp(key, text(q, 0)) != 0) {
			if (key[0]) {
				y->tier_suppliers[tier]++;
				y->tier_pence[tier] += pence;
			}
			snprintf(key, sizeof(key), "%s", text(q, 0));
			pence = 0;
			y->suppliers++;
		}
		tier = tier_index(text(q, 1));
		pence += sqlite3_column_int64(q, 2);
	}
	if (key[0]) {
		y->tier_suppliers[tier]++;
		y->tier_pence[tier] += pence;
	}
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : sdb_fail(st, rc, err);
}

static int registry_of_run(struct store *st, const char *run, struct charter_year *y,
			   struct diag *err)
{
	sqlite3_stmt *q = NULL;
	int rc;

	if (prep(st, "SELECT coalesce(statement_status, ''), coalesce(in_scope, ''), count(*)"
		 " FROM run_suppliers WHERE run_id = ?1 GROUP BY 1, 2", &q, err) < 0)
		return -1;
	sdb_bind_text(q, 1, run);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *status = text(q, 0), *scope = text(q, 1);
		long n = (long)sqlite3_column_int64(q, 2);

		if (!*status)
			continue;
		y->registry_checked = 1;
		if (!strcmp(scope, "required") || !strcmp(scope, "likely"))
			y->in_scope += n;
		if (!strcmp(scope, "required"))
			y->scope_turnover += n;
		else if (!strcmp(scope, "likely"))
			y->scope_spend += n;
		if (!strcmp(status, "found current"))
			y->statement_current += n;
		else if (!strcmp(status, "found stale"))
			y->statement_stale += n;
		else if (!strcmp(status, "not found") &&
			 (!strcmp(scope, "required") || !strcmp(scope, "likely")))
			y->statement_not_found += n;
		else if (!strcmp(status, "ambiguous"))
			y->statement_ambiguous += n;
	}
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : sdb_fail(st, rc, err);
}

static struct charter_kind *kind_of(struct charter_year *y, const char *kind)
{
	size_t i;

	for (i = 0; i < y->nkinds; i++)
		if (!strcmp(y->kinds[i].kind, kind))
			return &y->kinds[i];
	if (y->nkinds == CHARTER_MAX_KINDS)
		return NULL;
	snprintf(y->kinds[y->nkinds].kind, sizeof(y->kinds[0].kind), "%s", kind);
	return &y->kinds[y->nkinds++];
}

static int flags_of_year(struct store *st, const char *council, const char *lo, const char *hi,
			 struct charter_year *y, struct diag *err)
{
	sqlite3_stmt *q = NULL;
	int rc;

	/* raised: first seen in the year; decisions: of the flags last seen in it */
	if (prep_year(st, "SELECT kind, review_status, substr(first_seen, 1, 7) BETWEEN ?2 AND ?3,"
		      " reopened IS NOT NULL, substr(last_seen, 1, 7) BETWEEN ?2 AND ?3 FROM flags"
		      " WHERE council = ?1 AND (substr(last_seen, 1, 7) BETWEEN ?2 AND ?3"
		      " OR substr(first_seen, 1, 7) BETWEEN ?2 AND ?3) ORDER BY kind", council, lo,
		      hi, &q, err) < 0)
		return -1;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct charter_kind *k = kind_of(y, text(q, 0));
		const char *status = text(q, 1);

		if (!k)
			continue;
		if (sqlite3_column_int(q, 2)) {
			k->raised++;
			y->flags_raised++;
		}
		if (!sqlite3_column_int(q, 4))
			continue;
		if (!strcmp(status, "cleared")) {
			k->cleared++;
			y->flags_cleared++;
		} else if (!strcmp(status, "open")) {
			k->open++;
			y->flags_open++;
		} else {
			k->other++;
		}
		y->flags_reopened += sqlite3_column_int(q, 3);
	}
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : sdb_fail(st, rc, err);
}

/* One whole-number answer of a query with the council and the year's bounds bound. */
static int count(struct store *st, const char *sql, const char *council, const char *lo,
		 const char *hi, long *out, struct diag *err)
{
	sqlite3_stmt *q = NULL;
	int rc;

	if (prep_year(st, sql, council, lo, hi, &q, err) < 0)
		return -1;
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		*out = (long)sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return rc == SQLITE_ROW ? 0 : sdb_fail(st, rc, err);
}

static int registry_dates(struct store *st, struct charter_year *y, struct diag *err)
{
	sqlite3_stmt *q = NULL;
	size_t n = 0;
	int rc;

	if (prep(st, "SELECT year, substr(loaded, 1, 10) FROM registry_snapshots ORDER BY year DESC",
		 &q, err) < 0)
		return -1;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW && n + 40 < sizeof(y->registry_loaded))
		n += (size_t)snprintf(y->registry_loaded + n, sizeof(y->registry_loaded) - n,
				      "%s%d (loaded %s)", n ? ", " : "", sqlite3_column_int(q, 0),
				      text(q, 1));
	sqlite3_finalize(q);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : sdb_fail(st, rc, err);
}

/*
 * Runs whose periods cross the year's start or end.  Spend is kept per run,
 * so such a run counts whole in the year where it starts; the report says so.
 */
static int runs_crossing(struct store *st, const char *council, const char *lo, const char *hi,
			 struct charter_year *y, struct diag *err)
{
	sqlite3_stmt *q = NULL;
	size_t n = 0, cap = sizeof(y->crossing);
	int rc;

	if (prep_year(st, "SELECT period FROM runs WHERE council = ?1 AND"
		      " ((" PERIOD_SQL_FIRST_MONTH("period") " BETWEEN ?2 AND ?3"
		      " AND " PERIOD_SQL_LAST_MONTH("period") " > ?3)"
		      " OR (" PERIOD_SQL_FIRST_MONTH("period") " < ?2"
		      " AND " PERIOD_SQL_LAST_MONTH("period") " >= ?2))"
		      " ORDER BY period", council, lo, hi, &q, err) < 0)
		return -1;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *p = text(q, 0);

		if (n + strlen(p) + 2 + sizeof(", ...") > cap) {
			snprintf(y->crossing + n, cap - n, ", ...");
			rc = SQLITE_DONE;
			break;
		}
		n += (size_t)snprintf(y->crossing + n, cap - n, "%s%s", n ? ", " : "", p);
	}
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : sdb_fail(st, rc, err);
}

/* run_suppliers.register -> enum charter_register (the entity type for the rest) */
static int register_index(const char *reg, const char *type)
{
	static const char *const names[] = {
		[CHARTER_REG_COMPANIES] = "companies_house",
		[CHARTER_REG_COMPANIES_API] = "companies_house_api",
		[CHARTER_REG_CHARITY_EW] = "charity_ew",
		[CHARTER_REG_CHARITY_SC] = "charity_sc",
		[CHARTER_REG_CHARITY_NI] = "charity_ni",
		[CHARTER_REG_PUBLIC] = "public_bodies",
	};
	int i;

	for (i = 0; i <= CHARTER_REG_PUBLIC; i++)
		if (!strcmp(reg, names[i]))
			return i;
	return !strcmp(type, "individual") ? CHARTER_REG_INDIVIDUAL : CHARTER_REG_NONE;
}

/* One supplier's latest classification in the year, counted with its year's spend. */
struct reg_row {
	int reg;
	char scope[16], basis[24];
	int64_t pence;
};

static void count_register(struct charter_year *y, const struct reg_row *r)
{
	y->reg_suppliers[r->reg]++;
	y->reg_pence[r->reg] += r->pence;
	if (!strcmp(r->basis, "micro accounts"))
		y->scope_micro++;
	else if (!strcmp(r->basis, "small accounts"))
		y->scope_small++;
	else if (!strcmp(r->basis, "dormant"))
		y->scope_dormant++;
	else if (!strcmp(r->basis, "charity income") && !strcmp(r->scope, "not required"))
		y->scope_charity_under++;
	else if (!strcmp(r->basis, "charity income"))
		y->scope_charity_over++;
}

/*
 * Who identified each supplier paid in the year (its latest run's
 * register) and what a register said of its s54 duty, with its spend.
 */
static int registers_of_year(struct store *st, const char *council, const char *lo,
			     const char *hi, struct charter_year *y, struct diag *err)
{
	sqlite3_stmt *q = NULL;
	char key[512] = "";
	struct reg_row row;
	int rc;

	memset(&row, 0, sizeof(row));
	if (prep_year(st, "SELECT r.supplier_key, coalesce(r.register, ''),"
		      " coalesce(r.entity_type, ''), r.spend_pence, coalesce(r.register_scope, ''),"
		      " coalesce(r.register_scope_basis, '') FROM run_suppliers r"
		      " JOIN runs u ON u.id = r.run_id WHERE u.council = ?1"
		      " AND substr(u.period, 1, 7) BETWEEN ?2 AND ?3 AND r.in_spend"
		      " ORDER BY r.supplier_key, substr(u.period, 1, 7)", council, lo, hi, &q,
		      err) < 0)
		return -1;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (strcmp(key, text(q, 0)) != 0) {
			if (key[0])
				count_register(y, &row);
			snprintf(key, sizeof(key), "%s", text(q, 0));
			row.pence = 0;
		}
		row.reg = register_index(text(q, 1), text(q, 2));
		if (row.reg < CHARTER_REG_PUBLIC)      /* a Companies House or charity register */
			y->registers_used = 1;
		snprintf(row.scope, sizeof(row.scope), "%s", text(q, 4));
		snprintf(row.basis, sizeof(row.basis), "%s", text(q, 5));
		row.pence += sqlite3_column_int64(q, 3);
	}
	if (key[0])
		count_register(y, &row);
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : sdb_fail(st, rc, err);
}

/* The distinct dates in a runs column over the year, latest first, into out (0 ends). */
static int register_dates(struct store *st, const char *sql, const char *council,
			  const char *lo, const char *hi, int32_t out[4], struct diag *err)
{
	sqlite3_stmt *q = NULL;
	int rc, n = 0;

	if (prep_year(st, sql, council, lo, hi, &q, err) < 0)
		return -1;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW && n < 3)
		out[n++] = sqlite3_column_int(q, 0);
	out[n] = 0;
	sqlite3_finalize(q);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : sdb_fail(st, rc, err);
}

static int status_index(const char *status)
{
	static const char *const names[CHARTER_STATUSES] = {
		"open", "under review", "cleared", "action plan", "escalated", "referred",
	};
	int i;

	for (i = 0; i < CHARTER_STATUSES; i++)
		if (!strcmp(status, names[i]))
			return i;
	return 0;
}

/*
 * The company_not_active flags first raised in the year, their decisions
 * as recorded now, and their suppliers' spend in the year.
 */
static int inactive_of_year(struct store *st, const char *council, const char *lo,
			    const char *hi, struct charter_year *y, struct diag *err)
{
	sqlite3_stmt *q = NULL;
	int rc;

	if (prep_year(st, "SELECT f.review_status, (SELECT coalesce(sum(r.spend_pence), 0)"
		      " FROM run_suppliers r JOIN runs u ON u.id = r.run_id WHERE u.council = ?1"
		      " AND r.supplier_key = f.supplier_key AND r.in_spend"
		      " AND substr(u.period, 1, 7) BETWEEN ?2 AND ?3) FROM flags f"
		      " WHERE f.council = ?1 AND f.kind = 'company_not_active'"
		      " AND substr(f.first_seen, 1, 7) BETWEEN ?2 AND ?3", council, lo, hi, &q,
		      err) < 0)
		return -1;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		y->inactive_flags++;
		y->inactive_status[status_index(text(q, 0))]++;
		y->inactive_pence += sqlite3_column_int64(q, 1);
	}
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : sdb_fail(st, rc, err);
}

/* What the official registers said of the year's payees (schema 11). */
static int registers_said(struct store *st, const char *council, const char *lo,
			  const char *hi, struct charter_year *y, struct diag *err)
{
	static const char runs_sql[] = "SELECT count(*) FROM runs WHERE council = ?1"
		" AND substr(period, 1, 7) BETWEEN ?2 AND ?3"
		" AND (companies_register IS NOT NULL OR charities_register IS NOT NULL)";

	static const char old_sql[] = "SELECT count(*) FROM run_suppliers r JOIN runs u"
		" ON u.id = r.run_id WHERE u.council = ?1 AND substr(u.period, 1, 7) BETWEEN ?2"
		" AND ?3 AND r.register IS NULL AND u.companies_register IS NULL"
		" AND u.charities_register IS NULL AND (r.entity_evidence LIKE 'Companies House:%'"
		" OR r.entity_evidence LIKE '%register: %')";

	if (count(st, runs_sql, council, lo, hi, &y->register_scans, err) < 0 ||
	    count(st, old_sql, council, lo, hi, &y->registers_unrecorded, err) < 0 ||
	    registers_of_year(st, council, lo, hi, y, err) < 0 ||
	    inactive_of_year(st, council, lo, hi, y, err) < 0 ||
	    register_dates(st, "SELECT DISTINCT companies_register FROM runs WHERE council = ?1"
			   " AND substr(period, 1, 7) BETWEEN ?2 AND ?3 AND companies_register"
			   " IS NOT NULL ORDER BY 1 DESC", council, lo, hi, y->companies_dates,
			   err) < 0 ||
	    register_dates(st, "SELECT DISTINCT charities_register FROM runs WHERE council = ?1"
			   " AND substr(period, 1, 7) BETWEEN ?2 AND ?3 AND charities_register"
			   " IS NOT NULL ORDER BY 1 DESC", council, lo, hi, y->charities_dates,
			   err) < 0)
		return -1;
	if (y->register_scans || y->inactive_flags)
		y->registers_used = 1;
	return 0;
}

int charterdb_year(struct store *st, const char *council, int from, struct charter_year *out,
		   struct diag *err)
{
	struct charter_year y;
	char lo[16], hi[16], dlo[24], dhi[24], latest[64];

	if (from < 2000 || from > 2999)
		return diag_set(err, CW_USAGE, "year %d is out of range", from);
	memset(&y, 0, sizeof(y));
	y.from = from;
	snprintf(lo, sizeof(lo), "%04d-04", from);
	snprintf(hi, sizeof(hi), "%04d-03", from + 1);
	if (runs_of_year(st, council, lo, hi, &y, latest, err) < 0 ||
	    runs_crossing(st, council, lo, hi, &y, err) < 0 ||
	    tiers_of_year(st, council, lo, hi, &y, err) < 0 ||
	    (latest[0] && registry_of_run(st, latest, &y, err) < 0) ||
	    flags_of_year(st, council, lo, hi, &y, err) < 0 || registry_dates(st, &y, err) < 0 ||
	    registers_said(st, council, lo, hi, &y, err) < 0)
		return -1;
	snprintf(dlo, sizeof(dlo), "%04d0401", from);
	snprintf(dhi, sizeof(dhi), "%04d0331", from + 1);
	if (count(st, "SELECT count(*) FROM tender_bids WHERE council = ?1 AND tender_date"
		  " BETWEEN ?2 AND ?3", council, dlo, dhi, &y.bids_checked, err) < 0 ||
	    count(st, "SELECT count(*) FROM tender_bids WHERE council = ?1 AND tender_date"
		  " BETWEEN ?2 AND ?3 AND verdict = 'investigate'", council, dlo, dhi,
		  &y.bids_investigate, err) < 0 ||
	    count(st, "SELECT count(*) FROM tender_bids WHERE council = ?1 AND tender_date"
		  " BETWEEN ?2 AND ?3 AND verdict = 'note'", council, dlo, dhi, &y.bids_note,
		  err) < 0 ||
	    count(st, "SELECT count(DISTINCT tender_id || '/' || lot) FROM tender_bids WHERE"
		  " council = ?1 AND tender_date BETWEEN ?2 AND ?3", council, dlo, dhi,
		  &y.tenders_checked, err) < 0)
		return -1;
	snprintf(dlo, sizeof(dlo), "%04d-04-01", from);
	snprintf(dhi, sizeof(dhi), "%04d-04-01", from + 1);
	if (count(st, "SELECT count(*) FROM review_audit WHERE council = ?1 AND source <> 'scan'"
		  " AND at >= ?2 AND at < ?3", council, dlo, dhi, &y.reviews, err) < 0 ||
	    count(st, "SELECT count(DISTINCT flag_id) FROM review_audit WHERE council = ?1"
		  " AND source <> 'scan' AND at >= ?2 AND at < ?3", council, dlo, dhi,
		  &y.flags_reviewed, err) < 0)
		return -1;
	*out = y;
	return 0;
}
