/*
 * tenderdb.c: abnormally-low-tender checks in the database (tenderdb.h).
 * Part of the store.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chainwatch/buf.h"
#include "chainwatch/tenderdb.h"
#include "store_private.h"

static const char save_sql[] =
	"INSERT OR REPLACE INTO tender_bids (council, tender_id, lot, bidder, title, tender_date,"
	" supplier_key, price_pence, estimate_pence, valid, rank, levels, verdict, labour_law,"
	" clear_pence, run_id, checked, source)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)";

static void bind_money(sqlite3_stmt *q, int i, int64_t pence)
{
	if (pence >= 0)
		sdb_bind_int(q, i, pence);
	else
		sqlite3_bind_null(q, i);
}

static int save_one(struct store *st, sqlite3_stmt *q, const char *council, const char *run_id,
		    const char *checked, const struct alt_bid *a, const char *supplier_key,
		    struct buf *levels, struct diag *err)
{
	const struct bid *b = a->bid;
	size_t k;

	buf_reset(levels);
	for (k = 0; k < ALT__COUNT; k++)
		if (a->r[k].level != ALT_PASS)
			buf_printf(levels, "%s%s=%s", levels->len ? ";" : "",
				   alt_rule_name((enum alt_rule)k), alt_level_name(a->r[k].level));
	sdb_bind_text(q, 1, council);
	sdb_bind_text(q, 2, b->tender_id);
	sdb_bind_text(q, 3, b->lot);
	sdb_bind_text(q, 4, b->bidder);
	sdb_bind_opt(q, 5, b->title);
	sdb_bind_date(q, 6, b->tender_date);
	sdb_bind_opt(q, 7, supplier_key);
	bind_money(q, 8, b->price_pence);
	bind_money(q, 9, b->estimate_pence);
	if (b->valid >= 0)
		sdb_bind_int(q, 10, b->valid);
	else
		sqlite3_bind_null(q, 10);
	if (a->rank)
		sdb_bind_int(q, 11, a->rank);
	else
		sqlite3_bind_null(q, 11);
	sdb_bind_text(q, 12, levels->s);
	sdb_bind_text(q, 13, alt_verdict_name(a->verdict));
	sdb_bind_int(q, 14, a->labour_law);
	bind_money(q, 15, alt_clear_price(a));
	sdb_bind_opt(q, 16, run_id);
	sdb_bind_text(q, 17, checked);
	sdb_bind_opt(q, 18, b->source);
	return sdb_step(st, q, err);
}

int tenderdb_save(struct store *st, const char *council, const char *run_id, const char *checked,
		  const struct alt_bid *a, const char *const *supplier_keys, size_t n, int in_run,
		  struct diag *err)
{
	sqlite3_stmt *q = NULL;
	struct buf levels;
	int rc, ret = -1;
	size_t i;

	buf_init(&levels, 0);
	if (!in_run && sdb_exec(st, "BEGIN IMMEDIATE", err) < 0)
		goto out;
	rc = sqlite3_prepare_v2(st->db, save_sql, -1, &q, NULL);
	if (rc != SQLITE_OK) {
		sdb_fail(st, rc, err);
		goto out;
	}
	for (i = 0; i < n; i++)
		if (save_one(st, q, council, run_id, checked, &a[i],
			     supplier_keys ? supplier_keys[i] : NULL, &levels, err) < 0)
			goto out;
	if (!in_run && sdb_exec(st, "COMMIT", err) < 0)
		goto out;
	ret = 0;
out:
	sqlite3_finalize(q);
	if (ret < 0 && !in_run)
		sdb_rollback(st);
	buf_release(&levels);
	return ret;
}

long tenderdb_count(struct store *st, const char *council, const char *verdict, struct diag *err)
{
	sqlite3_stmt *q = NULL;
	long n = -1;
	int rc;

	rc = sqlite3_prepare_v2(st->db, verdict ?
				"SELECT count(*) FROM tender_bids WHERE council = ?1 AND verdict = ?2" :
				"SELECT count(*) FROM tender_bids WHERE council = ?1", -1, &q, NULL);
	if (rc == SQLITE_OK) {
		sdb_bind_text(q, 1, council);
		if (verdict)
			sdb_bind_text(q, 2, verdict);
		rc = sqlite3_step(q);
	}
	if (rc == SQLITE_ROW)
		n = (long)sqlite3_column_int64(q, 0);
	else
		sdb_fail(st, rc, err);
	sqlite3_finalize(q);
	return n;
}
