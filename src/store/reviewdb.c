/*
 * reviewdb.c: flag decisions and their audit in the database (reviewdb.h).
 * Part of the store.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chainwatch/buf.h"
#include "chainwatch/date.h"
#include "chainwatch/reviewdb.h"
#include "chainwatch/xalloc.h"
#include "store_private.h"

static char *dup_col(sqlite3_stmt *q, int col)
{
	const unsigned char *s = sqlite3_column_text(q, col);

	return xstrdup(s ? (const char *)s : "");
}

void review_rows_free(struct review_row *v, size_t n)
{
	size_t i;

	for (i = 0; v && i < n; i++) {
		struct review_row *r = &v[i];

		free(r->council);
		free(r->flag_id);
		free(r->supplier_key);
		free(r->supplier_name);
		free(r->kind);
		free(r->severity);
		free(r->summary);
		free(r->tier);
		free(r->status);
		free(r->reviewer);
		free(r->note);
		free(r->evidence_link);
		free(r->first_seen);
		free(r->last_seen);
		free(r->last_run);
		free(r->reopened);
		free(r->review_changed);
	}
	free(v);
}

static const char list_sql[] =
	"SELECT f.council, f.id, f.supplier_key, coalesce(rs.name, s.name, f.supplier_key), f.kind,"
	" f.severity, f.summary, coalesce(rs.tier, ''), f.review_status, coalesce(f.reviewer, ''),"
	" coalesce(f.review_note, ''), coalesce(f.evidence_link, ''), coalesce(f.review_date, 0),"
	" coalesce(f.next_review, 0), f.first_seen, f.last_seen, f.last_run,"
	" coalesce(f.reopened, ''), coalesce(f.review_changed, '')"
	" FROM flags f"
	" LEFT JOIN run_suppliers rs ON rs.run_id = f.last_run AND rs.supplier_key = f.supplier_key"
	" LEFT JOIN suppliers s ON s.council = f.council AND s.key = f.supplier_key"
	" WHERE (?1 IS NULL OR f.council = ?1)"
	" AND (?2 IS NULL OR f.review_status = ?2)"
	" AND (?3 IS NULL OR lower(rs.tier) = lower(?3))"
	" AND (?4 IS NULL OR instr(lower(coalesce(rs.name, s.name, '') || ' ' || f.supplier_key),"
	"   lower(?4)) > 0)"
	" AND (?5 IS NULL OR f.id = ?5)"
	" ORDER BY f.council, 4, f.kind, f.id";

int reviewdb_list(struct store *st, const struct review_filter *f, struct review_row **out,
		  size_t *n, struct diag *err)
{
	struct review_row *v = NULL;
	sqlite3_stmt *q = NULL;
	size_t count = 0;
	int rc;

	rc = sqlite3_prepare_v2(st->db, list_sql, -1, &q, NULL);
	if (rc == SQLITE_OK) {
		sdb_bind_text(q, 1, f->council);
		sdb_bind_text(q, 2, f->status);
		sdb_bind_text(q, 3, f->tier);
		sdb_bind_text(q, 4, f->supplier);
		sdb_bind_text(q, 5, f->flag_id);
	}
	while (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct review_row *r;

		v = xreallocarray(v, count + 1, sizeof(*v));
		r = &v[count++];
		r->council = dup_col(q, 0);
		r->flag_id = dup_col(q, 1);
		r->supplier_key = dup_col(q, 2);
		r->supplier_name = dup_col(q, 3);
		r->kind = dup_col(q, 4);
		r->severity = dup_col(q, 5);
		r->summary = dup_col(q, 6);
		r->tier = dup_col(q, 7);
		r->status = dup_col(q, 8);
		r->reviewer = dup_col(q, 9);
		r->note = dup_col(q, 10);
		r->evidence_link = dup_col(q, 11);
		r->review_date = sqlite3_column_int(q, 12);
		r->next_review = sqlite3_column_int(q, 13);
		r->first_seen = dup_col(q, 14);
		r->last_seen = dup_col(q, 15);
		r->last_run = dup_col(q, 16);
		r->reopened = dup_col(q, 17);
		r->review_changed = dup_col(q, 18);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE) {
		review_rows_free(v, count);
		return sdb_fail(st, rc, err);
	}
	*out = v;
	*n = count;
	return 0;
}

int reviewdb_begin(struct store *st, struct diag *err)
{
	return sdb_exec(st, "BEGIN IMMEDIATE", err);
}

int reviewdb_commit(struct store *st, struct diag *err)
{
	if (sdb_exec(st, "COMMIT", err) < 0) {
		sdb_rollback(st);
		return -1;
	}
	return 0;
}

void reviewdb_abort(struct store *st)
{
	sdb_rollback(st);
}

static int run(struct store *st, const char *sql, sqlite3_stmt **q, struct diag *err)
{
	int rc = sqlite3_prepare_v2(st->db, sql, -1, q, NULL);

	return rc == SQLITE_OK ? 0 : sdb_fail(st, rc, err);
}

/* One audit row, into `table` (review_audit by flag_id, or supplier_review_audit by key). */
struct audit_row {
	const char *council, *id, *at, *by, *source;
	const char *old_status;    /* NULL: there was no decision */
	const char *new_status, *old_note, *new_note, *detail;
};

static int append_audit(struct store *st, int suppliers, const struct audit_row *a,
			struct diag *err)
{
	sqlite3_stmt *q = NULL;
	int ret;

	if (run(st, suppliers ?
		"INSERT INTO supplier_review_audit (council, supplier_key, at, by, source,"
		" old_status, new_status, old_note, new_note, detail)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, nullif(?8, ''), nullif(?9, ''), nullif(?10, ''))" :
		"INSERT INTO review_audit (council, flag_id, at, by, source, old_status,"
		" new_status, old_note, new_note, detail)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, nullif(?8, ''), nullif(?9, ''), nullif(?10, ''))",
		&q, err) < 0)
		return -1;
	sdb_bind_text(q, 1, a->council);
	sdb_bind_text(q, 2, a->id);
	sdb_bind_text(q, 3, a->at);
	sdb_bind_text(q, 4, a->by);
	sdb_bind_text(q, 5, a->source);
	sdb_bind_opt(q, 6, a->old_status);
	sdb_bind_text(q, 7, a->new_status);
	sdb_bind_text(q, 8, a->old_note ? a->old_note : "");
	sdb_bind_text(q, 9, a->new_note ? a->new_note : "");
	sdb_bind_text(q, 10, a->detail);
	ret = sdb_step(st, q, err);
	sqlite3_finalize(q);
	return ret < 0 ? -1 : 0;
}

int reviewdb_apply(struct store *st, const struct review *r, const struct review_row *old,
		   struct diag *err)
{
	sqlite3_stmt *u = NULL;
	struct audit_row a;
	struct buf detail;
	char d[16];
	int ret = -1;

	buf_init(&detail, 0);
	if (run(st, "UPDATE flags SET review_status = ?3, reviewer = ?4, review_date = ?5,"
		" review_note = nullif(?6, ''), next_review = nullif(?7, 0),"
		" evidence_link = nullif(?8, ''), reviewed_key = evidence_key, reopened = NULL,"
		" review_changed = ?9 WHERE council = ?1 AND id = ?2", &u, err) < 0)
		goto out;
	sdb_bind_text(u, 1, r->council);
	sdb_bind_text(u, 2, r->flag_id);
	sdb_bind_text(u, 3, r->status);
	sdb_bind_text(u, 4, r->by);
	sdb_bind_date(u, 5, r->date);
	sdb_bind_text(u, 6, r->note ? r->note : "");
	sdb_bind_int(u, 7, r->next_review);
	sdb_bind_text(u, 8, r->evidence_link ? r->evidence_link : "");
	sdb_bind_text(u, 9, r->at);
	if (sdb_step(st, u, err) < 0)
		goto out;
	if (sqlite3_changes(st->db) != 1) {
		diag_set(err, CW_DATABASE, "no flag '%s' for council '%s'", r->flag_id, r->council);
		goto out;
	}
	if (r->next_review != (old ? old->next_review : 0))
		buf_printf(&detail, "next review %s", r->next_review ? date_format(r->next_review, d)
									: "(none)");
	if (old && strcmp(r->evidence_link ? r->evidence_link : "", old->evidence_link))
		buf_printf(&detail, "%sevidence link %s", detail.len ? "; " : "",
			   r->evidence_link ? r->evidence_link : "(removed)");
	if (old && r->date != old->review_date)
		buf_printf(&detail, "%sreview date %s", detail.len ? "; " : "", date_format(r->date, d));
	a = (struct audit_row){ r->council, r->flag_id, r->at, r->by, r->source,
				old ? old->status : NULL, r->status, old ? old->note : NULL,
				r->note, detail.s };
	ret = append_audit(st, 0, &a, err);
out:
	sqlite3_finalize(u);
	buf_release(&detail);
	return ret;
}

int reviewdb_run_mark(struct store *st, const char *run_id, long *seq, long *supplier_seq,
		      char **council, struct diag *err)
{
	sqlite3_stmt *q = NULL;
	int rc, found = 0;

	if (run(st, "SELECT coalesce(audit_seq, 0), council, coalesce(supplier_audit_seq, -1)"
		" FROM runs WHERE id = ?1", &q, err) < 0)
		return -1;
	sdb_bind_text(q, 1, run_id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		*seq = (long)sqlite3_column_int64(q, 0);
		if (supplier_seq)
			*supplier_seq = (long)sqlite3_column_int64(q, 2);
		*council = dup_col(q, 1);
		found = 1;
	} else if (rc != SQLITE_DONE) {
		found = sdb_fail(st, rc, err);
	}
	sqlite3_finalize(q);
	return found;
}

/*
 * A review as of audit position `seq` from `sql` (an audit table's latest
 * row at or before it, and how many came after; ?1 council, ?2 the key,
 * ?3 seq), into *out.  0, or -1 + err.
 */
static int state_at(struct store *st, const char *sql, const char *council, const char *key,
		    long seq, struct review_state *out, struct diag *err)
{
	sqlite3_stmt *q = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	snprintf(out->status, sizeof(out->status), "open");
	if (run(st, sql, &q, err) < 0)
		return -1;
	sdb_bind_text(q, 1, council);
	sdb_bind_text(q, 2, key);
	sdb_bind_int(q, 3, seq);
	rc = sqlite3_step(q);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(q);
		return sdb_fail(st, rc, err);
	}
	out->changed_since = sqlite3_column_int(q, 0);
	if (sqlite3_column_type(q, 1) != SQLITE_NULL) {
		snprintf(out->status, sizeof(out->status), "%s", sqlite3_column_text(q, 1));
		snprintf(out->note, sizeof(out->note), "%s", sqlite3_column_text(q, 2));
		/* a scan's reopening has no reviewer of its own */
		if (strcmp((const char *)sqlite3_column_text(q, 4), "scan") != 0)
			snprintf(out->by, sizeof(out->by), "%s", sqlite3_column_text(q, 3));
	}
	sqlite3_finalize(q);
	return 0;
}

/* The state_at() query over an audit table and its key column. */
#define STATE_AT_SQL(table, key) \
	"SELECT (SELECT count(*) FROM " table " WHERE council = ?1 AND " key " = ?2" \
	" AND seq > ?3), a.new_status, coalesce(a.new_note, ''), a.by, a.source" \
	" FROM (SELECT 1) LEFT JOIN (SELECT * FROM " table " WHERE council = ?1" \
	" AND " key " = ?2 AND seq <= ?3 ORDER BY seq DESC LIMIT 1) a"

int reviewdb_state_at(struct store *st, const char *council, const char *flag_id, long seq,
		      struct review_state *out, struct diag *err)
{
	return state_at(st, STATE_AT_SQL("review_audit", "flag_id"), council, flag_id, seq, out,
			err);
}

int reviewdb_supplier_state_at(struct store *st, const char *council, const char *key,
			       long seq, struct review_state *out, struct diag *err)
{
	return state_at(st, STATE_AT_SQL("supplier_review_audit", "supplier_key"), council, key,
			seq, out, err);
}

long reviewdb_audit_count(struct store *st, const char *council, const char *flag_id,
			  struct diag *err)
{
	sqlite3_stmt *q = NULL;
	long n = -1;
	int rc;

	if (run(st, "SELECT count(*) FROM review_audit WHERE council = ?1 AND flag_id = ?2", &q,
		err) < 0)
		return -1;
	sdb_bind_text(q, 1, council);
	sdb_bind_text(q, 2, flag_id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		n = (long)sqlite3_column_int64(q, 0);
	else
		sdb_fail(st, rc, err);
	sqlite3_finalize(q);
	return n;
}

/* ---- reviews of whole suppliers ---- */

int reviewdb_supplier_list(struct store *st, const char *council, struct supplier_review **out,
			   size_t *n, struct diag *err)
{
	struct supplier_review *v = NULL;
	sqlite3_stmt *q = NULL;
	size_t count = 0;
	int rc;

	if (run(st, "SELECT supplier_key, coalesce(owner, ''), status, coalesce(next_action, ''),"
		" coalesce(due_date, 0), coalesce(note, '') FROM supplier_reviews"
		" WHERE council = ?1 ORDER BY supplier_key", &q, err) < 0)
		return -1;
	sdb_bind_text(q, 1, council);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct supplier_review *r;

		v = xreallocarray(v, count + 1, sizeof(*v));
		r = &v[count++];
		r->supplier_key = dup_col(q, 0);
		r->owner = dup_col(q, 1);
		r->status = dup_col(q, 2);
		r->next_action = dup_col(q, 3);
		r->due_date = sqlite3_column_int(q, 4);
		r->note = dup_col(q, 5);
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE) {
		supplier_reviews_free(v, count);
		return sdb_fail(st, rc, err);
	}
	*out = v;
	*n = count;
	return 0;
}

int reviewdb_supplier_known(struct store *st, const char *council, const char *key,
			    struct diag *err)
{
	sqlite3_stmt *q = NULL;
	int rc, found;

	if (run(st, "SELECT 1 FROM suppliers WHERE council = ?1 AND key = ?2", &q, err) < 0)
		return -1;
	sdb_bind_text(q, 1, council);
	sdb_bind_text(q, 2, key);
	rc = sqlite3_step(q);
	found = rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : sdb_fail(st, rc, err);
	sqlite3_finalize(q);
	return found;
}

/* "owner X; next action Y; due 2026-03-31": the fields besides status and note that changed. */
static void supplier_detail(struct buf *b, const struct supplier_review_change *c,
			    const struct supplier_review *old)
{
	char d[16];

	if (strcmp(c->owner, old ? old->owner : ""))
		buf_printf(b, "owner %s", *c->owner ? c->owner : "(none)");
	if (strcmp(c->next_action, old ? old->next_action : ""))
		buf_printf(b, "%snext action %s", b->len ? "; " : "",
			   *c->next_action ? c->next_action : "(none)");
	if (c->due_date != (old ? old->due_date : 0))
		buf_printf(b, "%sdue %s", b->len ? "; " : "",
			   c->due_date ? date_format(c->due_date, d) : "(none)");
}

int reviewdb_supplier_apply(struct store *st, const struct supplier_review_change *c,
			    const struct supplier_review *old, struct diag *err)
{
	sqlite3_stmt *u = NULL;
	struct audit_row a;
	struct buf detail;
	int ret = -1;

	buf_init(&detail, 0);
	if (run(st, "INSERT INTO supplier_reviews (council, supplier_key, status, owner,"
		" next_action, due_date, note, changed_at, changed_by)"
		" VALUES (?1, ?2, ?3, nullif(?4, ''), nullif(?5, ''), nullif(?6, 0), nullif(?7, ''),"
		" ?8, ?9) ON CONFLICT (council, supplier_key) DO UPDATE SET status = excluded.status,"
		" owner = excluded.owner, next_action = excluded.next_action,"
		" due_date = excluded.due_date, note = excluded.note,"
		" changed_at = excluded.changed_at, changed_by = excluded.changed_by", &u, err) < 0)
		goto out;
	sdb_bind_text(u, 1, c->council);
	sdb_bind_text(u, 2, c->supplier_key);
	sdb_bind_text(u, 3, c->status);
	sdb_bind_text(u, 4, c->owner);
	sdb_bind_text(u, 5, c->next_action);
	sdb_bind_int(u, 6, c->due_date);
	sdb_bind_text(u, 7, c->note);
	sdb_bind_text(u, 8, c->at);
	sdb_bind_text(u, 9, c->by);
	if (sdb_step(st, u, err) < 0)
		goto out;
	supplier_detail(&detail, c, old);
	a = (struct audit_row){ c->council, c->supplier_key, c->at, c->by, c->source,
				old ? old->status : NULL, c->status, old ? old->note : NULL,
				c->note, detail.s };
	ret = append_audit(st, 1, &a, err);
out:
	sqlite3_finalize(u);
	buf_release(&detail);
	return ret;
}
