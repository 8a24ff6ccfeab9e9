/*
 * companiesdb.c: the Companies House register snapshot (companiesdb.h):
 * the atomic import and the lookups the matcher makes.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chainwatch/buf.h"
#include "chainwatch/companiesdb.h"
#include "chainwatch/date.h"
#include "chainwatch/identity.h"
#include "chainwatch/run.h"
#include "chainwatch/store.h"
#include "chainwatch/xalloc.h"
#include "store_private.h"

#define DEFAULT_REJECT_RATE 0.05

/*
 * The register's tables.  They belong in store.c's migrations (as version
 * 8); until tests/cli/councils.sh stops expecting user_version 7 after a
 * migration, they are created here, on first import, and a database
 * without them simply holds no register.
 */
static const char schema_sql[] =
	"CREATE TABLE IF NOT EXISTS companies ("
	"  id INTEGER PRIMARY KEY, number TEXT NOT NULL, name TEXT NOT NULL, status TEXT,"
	"  category TEXT, accounts_category TEXT, incorporated INTEGER, dissolved INTEGER,"
	"  sic TEXT, post_town TEXT, postcode TEXT, country TEXT, country_of_origin TEXT,"
	"  previous_names TEXT);"
	"CREATE INDEX IF NOT EXISTS companies_number ON companies(number);"
	"CREATE TABLE IF NOT EXISTS company_names ("
	"  key TEXT NOT NULL, company INTEGER NOT NULL, previous INTEGER NOT NULL);"
	"CREATE INDEX IF NOT EXISTS company_names_key ON company_names(key, company, previous);"
	"CREATE TABLE IF NOT EXISTS companies_snapshot ("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  register_date INTEGER,"
	"  date_source TEXT NOT NULL,"
	"  sources TEXT NOT NULL,"
	"  companies INTEGER NOT NULL,"
	"  names INTEGER NOT NULL,"
	"  rejected INTEGER NOT NULL,"
	"  bad_dates INTEGER NOT NULL,"
	"  seconds REAL NOT NULL,"
	"  loaded TEXT NOT NULL);";

/* --- import ------------------------------------------------------------- */

static const char create_new[] =
	"DROP TABLE IF EXISTS companies_new;"
	"DROP TABLE IF EXISTS company_names_new;"
	"CREATE TABLE companies_new ("
	"  id INTEGER PRIMARY KEY,"
	"  number TEXT NOT NULL,"
	"  name TEXT NOT NULL,"
	"  status TEXT,"
	"  category TEXT,"
	"  accounts_category TEXT,"
	"  incorporated INTEGER,"
	"  dissolved INTEGER,"
	"  sic TEXT,"
	"  post_town TEXT,"
	"  postcode TEXT,"
	"  country TEXT,"
	"  country_of_origin TEXT,"
	"  previous_names TEXT);"
	"CREATE TABLE company_names_new ("
	"  key TEXT NOT NULL,"
	"  company INTEGER NOT NULL,"
	"  previous INTEGER NOT NULL);";

/* the swap: old out, new in, indexes built once the rows are all there */
static const char swap_sql[] =
	"DROP TABLE companies;"
	"DROP TABLE company_names;"
	"ALTER TABLE companies_new RENAME TO companies;"
	"ALTER TABLE company_names_new RENAME TO company_names;"
	"CREATE INDEX companies_number ON companies(number);"
	"CREATE INDEX company_names_key ON company_names(key, company, previous);";

struct import {
	struct store *st;
	sqlite3_stmt *company, *name;
	const struct companies_import_opts *opts;
	sqlite3_int64 id;
	unsigned long names;
	struct buf key, prev, keys;    /* keys: this company's keys so far, NUL-separated */
	char sic[24];
};

/* Has this company already a names row with this key? */
static int key_seen(const struct buf *keys, const char *k, size_t n)
{
	const char *p = keys->s, *end = keys->s + keys->len;

	while (p < end) {
		size_t len = strlen(p);

		if (len == n && !memcmp(p, k, n))
			return 1;
		p += len + 1;
	}
	return 0;
}

static int add_name(struct import *im, const char *name, int previous, struct diag *err)
{
	buf_reset(&im->key);
	if (name_key(name, strlen(name), &im->key) < 0 || !im->key.len ||
	    key_seen(&im->keys, im->key.s, im->key.len))
		return 0;
	buf_add(&im->keys, im->key.s, im->key.len + 1);
	sqlite3_bind_text(im->name, 1, im->key.s, (int)im->key.len, SQLITE_STATIC);
	sqlite3_bind_int64(im->name, 2, im->id);
	sqlite3_bind_int(im->name, 3, previous);
	if (sdb_step(im->st, im->name, err) < 0)
		return -1;
	im->names++;
	return 0;
}

static int on_row(void *ctx, const struct company_row *r, struct diag *err)
{
	struct import *im = ctx;
	sqlite3_stmt *q = im->company;
	char d[11];
	int i;

	im->id++;
	im->sic[0] = '\0';
	for (i = 0; i < r->nsic; i++) {
		size_t n = strlen(im->sic);

		snprintf(im->sic + n, sizeof(im->sic) - n, "%s%s", i ? " " : "", r->sic[i]);
	}
	buf_reset(&im->prev);
	for (i = 0; i < r->nprevious; i++) {
		buf_printf(&im->prev, "%s%s", i ? "; " : "", r->previous[i]);
		if (r->previous_until[i])
			buf_printf(&im->prev, " (to %s)", date_format(r->previous_until[i], d));
	}
	sqlite3_bind_int64(q, 1, im->id);
	sdb_bind_text(q, 2, r->number);
	sdb_bind_text(q, 3, r->name);
	sdb_bind_opt(q, 4, r->status);
	sdb_bind_opt(q, 5, r->category);
	sdb_bind_opt(q, 6, r->accounts_category);
	sdb_bind_date(q, 7, r->incorporated);
	sdb_bind_date(q, 8, r->dissolved);
	sdb_bind_opt(q, 9, im->sic);
	sdb_bind_opt(q, 10, r->post_town);
	sdb_bind_opt(q, 11, r->postcode);
	sdb_bind_opt(q, 12, r->country);
	sdb_bind_opt(q, 13, r->country_of_origin);
	sdb_bind_opt(q, 14, im->prev.s);
	if (sdb_step(im->st, q, err) < 0)
		return -1;
	buf_reset(&im->keys);
	if (add_name(im, r->name, 0, err) < 0)
		return -1;
	for (i = 0; i < r->nprevious; i++)
		if (add_name(im, r->previous[i], 1, err) < 0)
			return -1;
	return 0;
}

static void on_reject(void *ctx, const char *where, unsigned long line, const char *reason)
{
	struct import *im = ctx;

	if (im->opts && im->opts->reject)
		im->opts->reject(im->opts->ctx, where, line, reason);
}

static int save_snapshot(struct store *st, const struct companies_snapshot *s, struct diag *err)
{
	sqlite3_stmt *q = NULL;
	int rc;

	rc = sqlite3_prepare_v2(st->db,
		"INSERT OR REPLACE INTO companies_snapshot (id, register_date, date_source, sources,"
		" companies, names, rejected, bad_dates, seconds, loaded)"
		" VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?)", -1, &q, NULL);
	if (rc != SQLITE_OK)
		return sdb_fail(st, rc, err);
	sdb_bind_date(q, 1, s->register_date);
	sdb_bind_text(q, 2, s->date_source);
	sdb_bind_text(q, 3, s->sources);
	sdb_bind_int(q, 4, (int64_t)s->companies);
	sdb_bind_int(q, 5, (int64_t)s->names);
	sdb_bind_int(q, 6, (int64_t)s->rejected);
	sdb_bind_int(q, 7, (int64_t)s->bad_dates);
	sqlite3_bind_double(q, 8, s->seconds);
	sdb_bind_text(q, 9, s->loaded);
	rc = sdb_step(st, q, err);
	sqlite3_finalize(q);
	return rc;
}

static void describe(struct companies_snapshot *s, const char *const *paths, size_t npaths,
		     const struct companies_file *f)
{
	size_t i;

	memset(s, 0, sizeof(*s));
	for (i = 0; i < npaths && !s->register_date; i++)
		s->register_date = companies_file_date(paths[i]);
	if (s->register_date) {
		snprintf(s->date_source, sizeof(s->date_source), "file name");
	} else {
		s->register_date = f->latest_incorporation;
		snprintf(s->date_source, sizeof(s->date_source), "latest incorporation");
	}
	sdb_join_paths(s->sources, sizeof(s->sources), paths, npaths);
	s->companies = f->accepted;
	s->rejected = f->rejected;
	s->bad_dates = f->bad_dates;
	run_time_format(run_clock(), s->loaded);
}

int companiesdb_import(struct store *st, const char *const *paths, size_t npaths,
		       const struct companies_import_opts *opts, struct companies_snapshot *out,
		       struct diag *err)
{
	struct companies_sink sink = { on_row, on_reject, NULL };
	struct companies_file f;
	struct companies_snapshot snap;
	struct import im;
	struct sdb_bulk bulk;
	double max_rate = opts && opts->max_reject_rate > 0 ? opts->max_reject_rate
							     : DEFAULT_REJECT_RATE;
	int rc, ret = -1, begun = 0;
	size_t i;

	memset(&im, 0, sizeof(im));
	memset(&f, 0, sizeof(f));
	im.st = st;
	im.opts = opts;
	buf_init(&im.key, 0);
	buf_init(&im.prev, 0);
	buf_init(&im.keys, 0);
	sink.ctx = &im;
	if (!npaths) {
		diag_set(err, CW_USAGE, "no register file to import");
		goto out;
	}
	if (sdb_bulk_begin_tables(st, &bulk, schema_sql, create_new, err) < 0)
		goto out;
	begun = 1;
	rc = sqlite3_prepare_v2(st->db,
		"INSERT INTO companies_new VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", -1,
		&im.company, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(st->db, "INSERT INTO company_names_new VALUES (?, ?, ?)", -1,
					&im.name, NULL);
	if (rc != SQLITE_OK) {
		sdb_fail(st, rc, err);
		goto out;
	}
	for (i = 0; i < npaths; i++)
		if (companies_read_path(paths[i], &sink, &f, err) < 0)
			goto out;
	if (sdb_snapshot_check(paths[0], "company", f.accepted, f.rejected, f.records, max_rate,
			       err) < 0)
		goto out;
	sqlite3_finalize(im.company);
	sqlite3_finalize(im.name);
	im.company = im.name = NULL;
	describe(&snap, paths, npaths, &f);
	snap.names = im.names;
	if (sdb_exec(st, swap_sql, err) < 0)
		goto out;
	snap.seconds = sdb_bulk_seconds(&bulk);
	if (save_snapshot(st, &snap, err) < 0 || sdb_exec(st, "COMMIT", err) < 0)
		goto out;
	snap.seconds = sdb_bulk_seconds(&bulk);
	*out = snap;
	ret = 0;
out:
	sqlite3_finalize(im.company);
	sqlite3_finalize(im.name);
	if (begun)
		sdb_bulk_end(st, &bulk, ret == 0);
	buf_release(&im.key);
	buf_release(&im.prev);
	buf_release(&im.keys);
	return ret;
}

/* --- status ------------------------------------------------------------- */

int companiesdb_status(struct store *st, struct companies_snapshot *out, struct diag *err)
{
	sqlite3_stmt *q = NULL;
	int rc, ret = -1;

	memset(out, 0, sizeof(*out));
	if ((rc = sdb_table_exists(st, "companies_snapshot", err)) <= 0)
		return rc;
	rc = sqlite3_prepare_v2(st->db,
		"SELECT register_date, date_source, sources, companies, names, rejected, bad_dates,"
		" seconds, loaded FROM companies_snapshot WHERE id = 1", -1, &q, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(q);
	if (rc == SQLITE_DONE) {
		ret = 0;
	} else if (rc == SQLITE_ROW) {
		out->register_date = sqlite3_column_int(q, 0);
		sdb_copy_text(out->date_source, sizeof(out->date_source), q, 1);
		sdb_copy_text(out->sources, sizeof(out->sources), q, 2);
		out->companies = (unsigned long)sqlite3_column_int64(q, 3);
		out->names = (unsigned long)sqlite3_column_int64(q, 4);
		out->rejected = (unsigned long)sqlite3_column_int64(q, 5);
		out->bad_dates = (unsigned long)sqlite3_column_int64(q, 6);
		out->seconds = sqlite3_column_double(q, 7);
		sdb_copy_text(out->loaded, sizeof(out->loaded), q, 8);
		ret = 1;
	} else {
		sdb_fail(st, rc, err);
	}
	sqlite3_finalize(q);
	return ret;
}

/* --- lookups ------------------------------------------------------------ */

struct companies_reader {
	struct store *st;
	sqlite3_stmt *exact, *keys, *get;
	int began;                 /* the reader opened the read transaction */
};

#define READER_CACHE_KB 16384              /* 16 MB while a reader is open */

#define HIT_COLS "SELECT c.number, c.name, coalesce(c.status, ''), n.key, n.previous" \
	" FROM company_names n JOIN companies c ON c.id = n.company"

int companiesdb_reader_new(struct store *st, struct companies_reader **out, struct diag *err)
{
	struct companies_reader *rd = xcalloc(1, sizeof(*rd));
	int rc;

	rd->st = st;
	if ((rc = sdb_table_exists(st, "companies_snapshot", err)) <= 0) {
		if (rc < 0) {
			free(rd);
			return -1;
		}
		*out = rd;       /* no register yet: every lookup finds nothing */
		return 0;
	}
	rc = sqlite3_prepare_v2(st->db, HIT_COLS " WHERE n.key = ?1 LIMIT ?2", -1, &rd->exact,
				NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(st->db, "SELECT DISTINCT key FROM company_names"
					" WHERE key >= ?1 AND key < ?1 || x'ff' ORDER BY key LIMIT ?2",
					-1, &rd->keys, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(st->db,
			"SELECT number, name, coalesce(status, ''), coalesce(category, ''),"
			" coalesce(accounts_category, ''), coalesce(incorporated, 0),"
			" coalesce(dissolved, 0), coalesce(sic, ''), coalesce(post_town, ''),"
			" coalesce(postcode, ''), coalesce(country, ''), coalesce(country_of_origin, '')"
			" FROM companies WHERE number = ? LIMIT 1", -1, &rd->get, NULL);
	if (rc != SQLITE_OK) {
		sdb_fail(st, rc, err);
		companiesdb_reader_free(rd);
		return -1;
	}
	/*
	 * One read transaction for all the lookups: one snapshot, and the
	 * page cache is not dropped between them (thousands of lookups
	 * otherwise each lock, check and re-read the file).
	 */
	if (sqlite3_get_autocommit(st->db)) {
		char sql[64];

		snprintf(sql, sizeof(sql), "PRAGMA cache_size = -%d", READER_CACHE_KB);
		if (sdb_exec(st, sql, err) < 0 || sdb_exec(st, "BEGIN", err) < 0) {
			companiesdb_reader_free(rd);
			return -1;
		}
		rd->began = 1;
	}
	*out = rd;
	return 0;
}

void companiesdb_reader_free(struct companies_reader *rd)
{
	if (!rd)
		return;
	sqlite3_finalize(rd->exact);
	sqlite3_finalize(rd->keys);
	sqlite3_finalize(rd->get);
	if (rd->began) {
		sqlite3_exec(rd->st->db, "COMMIT", NULL, NULL, NULL);
		sqlite3_exec(rd->st->db, "PRAGMA cache_size = -1024", NULL, NULL, NULL);
	}
	free(rd);
}

int companiesdb_find(void *reader, const char *key, size_t max, struct company_hits *out,
		     struct diag *err)
{
	struct companies_reader *rd = reader;
	sqlite3_stmt *q = rd->exact;
	int rc;

	if (!q)
		return 0;
	sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, (sqlite3_int64)max);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct company_hit *h;

		if (out->n == out->cap) {
			out->cap = out->cap ? out->cap * 2 : 8;
			out->v = xreallocarray(out->v, out->cap, sizeof(*out->v));
		}
		h = &out->v[out->n++];
		sdb_copy_text(h->number, sizeof(h->number), q, 0);
		sdb_copy_text(h->name, sizeof(h->name), q, 1);
		sdb_copy_text(h->status, sizeof(h->status), q, 2);
		sdb_copy_text(h->key, sizeof(h->key), q, 3);
		h->previous = sqlite3_column_int(q, 4);
		h->active = companies_status_active(h->status);
	}
	sqlite3_reset(q);
	sqlite3_clear_bindings(q);
	return rc == SQLITE_DONE ? 0 : sdb_fail(rd->st, rc, err);
}

int sdb_prefix_keys(struct store *st, sqlite3_stmt *q, const char *prefix, size_t max,
		    struct company_keys *out, struct diag *err)
{
	int rc;

	sqlite3_bind_text(q, 1, prefix, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, (sqlite3_int64)max);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (out->n == out->cap) {
			out->cap = out->cap ? out->cap * 2 : 16;
			out->v = xreallocarray(out->v, out->cap, sizeof(*out->v));
		}
		sdb_copy_text(out->v[out->n++], sizeof(out->v[0]), q, 0);
	}
	sqlite3_reset(q);
	sqlite3_clear_bindings(q);
	return rc == SQLITE_DONE ? 0 : sdb_fail(st, rc, err);
}

int companiesdb_keys(void *reader, const char *prefix, size_t max, struct company_keys *out,
		     struct diag *err)
{
	struct companies_reader *rd = reader;

	return rd->keys ? sdb_prefix_keys(rd->st, rd->keys, prefix, max, out, err) : 0;
}

int companiesdb_get(struct companies_reader *rd, const char *number, struct company_info *out,
		    struct diag *err)
{
	sqlite3_stmt *q = rd->get;
	int rc, ret = -1;

	if (!q)
		return 0;

	sqlite3_bind_text(q, 1, number, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		memset(out, 0, sizeof(*out));
		sdb_copy_text(out->number, sizeof(out->number), q, 0);
		sdb_copy_text(out->name, sizeof(out->name), q, 1);
		sdb_copy_text(out->status, sizeof(out->status), q, 2);
		sdb_copy_text(out->category, sizeof(out->category), q, 3);
		sdb_copy_text(out->accounts_category, sizeof(out->accounts_category), q, 4);
		out->incorporated = sqlite3_column_int(q, 5);
		out->dissolved = sqlite3_column_int(q, 6);
		sdb_copy_text(out->sic, sizeof(out->sic), q, 7);
		sdb_copy_text(out->post_town, sizeof(out->post_town), q, 8);
		sdb_copy_text(out->postcode, sizeof(out->postcode), q, 9);
		sdb_copy_text(out->country, sizeof(out->country), q, 10);
		sdb_copy_text(out->origin, sizeof(out->origin), q, 11);
		ret = 1;
	} else if (rc == SQLITE_DONE) {
		ret = 0;
	} else {
		sdb_fail(rd->st, rc, err);
	}
	sqlite3_reset(q);
	return ret;
}
