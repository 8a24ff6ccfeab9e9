/*
 * charitiesdb.c: the charity registers' snapshot
 * (charitiesdb.h): the atomic import, its status, lookups by name key.
 */
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chainwatch/buf.h"
#include "chainwatch/charitiesdb.h"
#include "chainwatch/identity.h"
#include "chainwatch/run.h"
#include "chainwatch/store.h"
#include "chainwatch/xalloc.h"
#include "store_private.h"

#define DEFAULT_REJECT_RATE 0.05

/* Created by the first import; see companiesdb.c on why not a migration yet. */
static const char schema_sql[] =
	"CREATE TABLE IF NOT EXISTS charities (id INTEGER PRIMARY KEY);"
	"CREATE TABLE IF NOT EXISTS charity_names (key TEXT NOT NULL, charity INTEGER NOT NULL);"
	"CREATE TABLE IF NOT EXISTS charities_snapshot ("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  extract_date INTEGER,"
	"  sources TEXT NOT NULL,"
	"  charities INTEGER NOT NULL,"
	"  names INTEGER NOT NULL,"
	"  linked INTEGER NOT NULL,"
	"  rejected INTEGER NOT NULL,"
	"  bad_dates INTEGER NOT NULL,"
	"  seconds REAL NOT NULL,"
	"  loaded TEXT NOT NULL);";

static const char create_new[] =
	"DROP TABLE IF EXISTS charities_new;"
	"DROP TABLE IF EXISTS charity_names_new;"
	"CREATE TABLE charities_new ("
	"  id INTEGER PRIMARY KEY,"
	"  number TEXT NOT NULL,"
	"  name TEXT NOT NULL,"
	"  type TEXT,"
	"  status TEXT,"
	"  registered INTEGER,"
	"  removed INTEGER,"
	"  company_number TEXT,"
	"  postcode TEXT,"
	"  income INTEGER,"
	"  cio INTEGER NOT NULL,"
	"  insolvent INTEGER NOT NULL,"
	"  in_administration INTEGER NOT NULL,"
	"  scheme TEXT NOT NULL,"
	"  cross_border INTEGER NOT NULL);"
	"CREATE TABLE charity_names_new (key TEXT NOT NULL, charity INTEGER NOT NULL,"
	"  kind INTEGER NOT NULL, other TEXT);"
	"DROP TABLE IF EXISTS charity_classes_new;"
	"DROP TABLE IF EXISTS charity_other_names_new;"
	"CREATE TABLE charity_classes_new (scheme TEXT NOT NULL, number TEXT NOT NULL,"
	"  code INTEGER NOT NULL);"
	"CREATE TABLE charity_other_names_new (scheme TEXT NOT NULL, number TEXT NOT NULL,"
	"  name TEXT NOT NULL, kind INTEGER NOT NULL, key TEXT NOT NULL);";

static const char swap_sql[] =
	"DROP TABLE charities;"
	"DROP TABLE charity_names;"
	"DROP TABLE IF EXISTS charity_classes;"
	"DROP TABLE IF EXISTS charity_other_names;"
	"ALTER TABLE charities_new RENAME TO charities;"
	"ALTER TABLE charity_names_new RENAME TO charity_names;"
	"ALTER TABLE charity_classes_new RENAME TO charity_classes;"
	"ALTER TABLE charity_other_names_new RENAME TO charity_other_names;"
	"CREATE INDEX charities_number ON charities(number, scheme);"
	/* a classification or other name of no charity in the snapshot (a linked one's, a
	   removed one's the main table left out) is dropped */
	"DELETE FROM charity_classes WHERE NOT EXISTS (SELECT 1 FROM charities c"
	"  WHERE c.number = charity_classes.number AND c.scheme = charity_classes.scheme);"
	"DELETE FROM charity_other_names WHERE NOT EXISTS (SELECT 1 FROM charities c"
	"  WHERE c.number = charity_other_names.number AND c.scheme = charity_other_names.scheme);"
	"INSERT INTO charity_names SELECT o.key, c.id, o.kind, o.name FROM charity_other_names o"
	"  JOIN charities c ON c.number = o.number AND c.scheme = o.scheme;"
	"CREATE INDEX charity_names_key ON charity_names(key, kind, charity);"
	"CREATE INDEX charity_classes_number ON charity_classes(number, scheme);";

struct import {
	struct store *st;
	sqlite3_stmt *charity, *name, *classif, *other;
	const struct charities_import_opts *opts;
	const char *where;
	sqlite3_int64 id;
	unsigned long names, registers[CHARITY__REGISTERS];
	const char *table_file[3];    /* the first file of each enum charity_table, or NULL */
	int ccew_main;                /* England and Wales's main table was read */
	struct buf key;
};

/* A classification or other-name row, kept by its register and number until the swap. */
static int on_extra(struct import *im, const struct charity_row *r, struct diag *err)
{
	sqlite3_stmt *q = r->table == CHARITY_TABLE_CLASSIFICATION ? im->classif : im->other;

	sdb_bind_text(q, 1, charity_register_scheme(r->reg));
	sdb_bind_text(q, 2, r->number);
	if (r->table == CHARITY_TABLE_CLASSIFICATION) {
		sdb_bind_int(q, 3, r->code);
		return sdb_step(im->st, q, err);
	}
	buf_reset(&im->key);
	if (name_key(r->name, strlen(r->name), &im->key) < 0 || !im->key.len)
		return 0;
	sdb_bind_text(q, 3, r->name);
	sdb_bind_int(q, 4, (int64_t)r->name_kind);
	sqlite3_bind_text(q, 5, im->key.s, (int)im->key.len, SQLITE_STATIC);
	return sdb_step(im->st, q, err);
}

static int on_row(void *ctx, const struct charity_row *r, struct diag *err)
{
	struct import *im = ctx;
	sqlite3_stmt *q = im->charity;

	if (r->table != CHARITY_TABLE_MAIN)
		return on_extra(im, r, err);

	im->id++;
	sqlite3_bind_int64(q, 1, im->id);
	sdb_bind_text(q, 2, r->number);
	sdb_bind_text(q, 3, r->name);
	sdb_bind_opt(q, 4, r->type);
	sdb_bind_opt(q, 5, r->status);
	sdb_bind_date(q, 6, r->registered);
	sdb_bind_date(q, 7, r->removed);
	sdb_bind_opt(q, 8, r->company_number);
	sdb_bind_opt(q, 9, r->postcode);
	if (r->income >= 0)
		sdb_bind_int(q, 10, r->income);
	else
		sqlite3_bind_null(q, 10);
	sdb_bind_int(q, 11, r->cio);
	sdb_bind_int(q, 12, r->insolvent);
	sdb_bind_int(q, 13, r->in_administration);
	sdb_bind_text(q, 14, charity_register_scheme(r->reg));
	sdb_bind_int(q, 15, r->cross_border);
	if (sdb_step(im->st, q, err) < 0)
		return -1;
	if ((unsigned)r->reg < CHARITY__REGISTERS)
		im->registers[r->reg]++;
	buf_reset(&im->key);
	if (name_key(r->name, strlen(r->name), &im->key) < 0 || !im->key.len)
		return 0;
	sqlite3_bind_text(im->name, 1, im->key.s, (int)im->key.len, SQLITE_STATIC);
	sqlite3_bind_int64(im->name, 2, im->id);
	sqlite3_bind_int(im->name, 3, CHARITY_NAME_CURRENT);
	sqlite3_bind_null(im->name, 4);
	if (sdb_step(im->st, im->name, err) < 0)
		return -1;
	im->names++;
	return 0;
}

static void on_reject(void *ctx, unsigned long line, const char *reason)
{
	struct import *im = ctx;

	if (im->opts && im->opts->reject)
		im->opts->reject(im->opts->ctx, im->where, line, reason);
}

/* Read one file through the import, adding its counts to *all. */
static int read_one(struct import *im, const char *path, struct charities_file *all,
		    struct diag *err)
{
	struct charities_sink sink = { on_row, on_reject, im };
	struct charities_file f;
	int fd = open(path, O_RDONLY | O_CLOEXEC), ret;

	if (fd < 0)
		return diag_set(err, CW_INPUT, "cannot open '%s': %s", path, strerror(errno));
	im->where = path;
	ret = charities_read_fd(fd, path, &sink, &f, err);
	close(fd);
	all->bytes += f.bytes;
	all->records += f.records;
	all->accepted += f.accepted;
	all->rejected += f.rejected;
	all->blank += f.blank;
	all->linked += f.linked;
	all->bad_dates += f.bad_dates;
	all->classifications += f.classifications;
	all->other_names += f.other_names;
	if (f.extract_date > all->extract_date)
		all->extract_date = f.extract_date;
	if (ret == 0 && (unsigned)f.table < 3 && !im->table_file[f.table])
		im->table_file[f.table] = path;
	if (ret == 0 && f.table == CHARITY_TABLE_MAIN && f.reg == CHARITY_CCEW)
		im->ccew_main = 1;
	return ret;
}

/*
 * The extract's classification and other-names tables belong to its main
 * table: given without it they would join no charity, and the snapshot
 * they came in would replace the register with nothing.  -1 (CW_USAGE).
 */
static int need_main(const struct import *im, struct diag *err)
{
	const char *extra = im->table_file[CHARITY_TABLE_CLASSIFICATION] ?
			    im->table_file[CHARITY_TABLE_CLASSIFICATION] :
			    im->table_file[CHARITY_TABLE_OTHER_NAMES];

	if (!extra || im->ccew_main)
		return 0;
	return diag_set(err, CW_USAGE, "'%s' is a table of the Charity Commission's extract: "
			"import it with the extract's main table (publicextract.charity.txt) in the "
			"same 'charities import', since each import replaces the register whole; "
			"nothing was imported", extra);
}

static int save_snapshot(struct store *st, const struct charities_snapshot *s, struct diag *err)
{
	sqlite3_stmt *q = NULL;
	int rc;

	rc = sqlite3_prepare_v2(st->db,
		"INSERT OR REPLACE INTO charities_snapshot (id, extract_date, sources, charities,"
		" names, linked, rejected, bad_dates, seconds, loaded)"
		" VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?)", -1, &q, NULL);
	if (rc != SQLITE_OK)
		return sdb_fail(st, rc, err);
	sdb_bind_date(q, 1, s->extract_date);
	sdb_bind_text(q, 2, s->sources);
	sdb_bind_int(q, 3, (int64_t)s->charities);
	sdb_bind_int(q, 4, (int64_t)s->names);
	sdb_bind_int(q, 5, (int64_t)s->linked);
	sdb_bind_int(q, 6, (int64_t)s->rejected);
	sdb_bind_int(q, 7, (int64_t)s->bad_dates);
	sqlite3_bind_double(q, 8, s->seconds);
	sdb_bind_text(q, 9, s->loaded);
	rc = sdb_step(st, q, err);
	sqlite3_finalize(q);
	return rc;
}

static void describe(struct charities_snapshot *s, const char *const *paths, size_t npaths,
		     const struct charities_file *f, unsigned long names)
{
	memset(s, 0, sizeof(*s));
	s->extract_date = f->extract_date;
	sdb_join_paths(s->sources, sizeof(s->sources), paths, npaths);
	s->charities = f->accepted;
	s->names = names;
	s->linked = f->linked;
	s->rejected = f->rejected;
	s->bad_dates = f->bad_dates;
	run_time_format(run_clock(), s->loaded);
}

/* A count(*) of `sql` into *n: 0, or -1 on an error. */
static int count_of(struct store *st, const char *sql, unsigned long *n, struct diag *err)
{
	sqlite3_stmt *q = NULL;
	int rc = sqlite3_prepare_v2(st->db, sql, -1, &q, NULL);

	if (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		*n = (unsigned long)sqlite3_column_int64(q, 0);
		rc = SQLITE_DONE;
	}
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : sdb_fail(st, rc, err);
}

/* The classifications and other names the snapshot holds (tables an older import has not: 0). */
static int count_extras(struct store *st, struct charities_snapshot *s, struct diag *err)
{
	int rc;

	s->classifications = s->other_names = 0;
	if ((rc = sdb_table_exists(st, "charity_classes", err)) < 0 ||
	    (rc && count_of(st, "SELECT count(*) FROM charity_classes", &s->classifications,
			    err) < 0))
		return -1;
	if ((rc = sdb_table_exists(st, "charity_other_names", err)) < 0 ||
	    (rc && count_of(st, "SELECT count(*) FROM charity_other_names", &s->other_names,
			    err) < 0))
		return -1;
	return 0;
}

int charitiesdb_import(struct store *st, const char *const *paths, size_t npaths,
		       const struct charities_import_opts *opts, struct charities_snapshot *out,
		       struct diag *err)
{
	struct charities_file all;
	struct charities_snapshot snap;
	struct import im;
	struct sdb_bulk bulk;
	double max_rate = opts && opts->max_reject_rate > 0 ? opts->max_reject_rate
							     : DEFAULT_REJECT_RATE;
	int rc, ret = -1, begun = 0;
	size_t i;

	/* the lookup is prepared again against the new tables */
	sqlite3_finalize(st->charity_find);
	sqlite3_finalize(st->charity_keys);
	sqlite3_finalize(st->charity_number);
	st->charity_find = st->charity_keys = st->charity_number = NULL;
	memset(&im, 0, sizeof(im));
	memset(&all, 0, sizeof(all));
	im.st = st;
	im.opts = opts;
	buf_init(&im.key, 0);
	if (!npaths) {
		diag_set(err, CW_USAGE, "no register file to import");
		goto out;
	}
	if (sdb_bulk_begin_tables(st, &bulk, schema_sql, create_new, err) < 0)
		goto out;
	begun = 1;
	rc = sqlite3_prepare_v2(st->db, "INSERT INTO charities_new VALUES (?, ?, ?, ?, ?, ?, ?, ?,"
				" ?, ?, ?, ?, ?, ?, ?)", -1, &im.charity, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(st->db, "INSERT INTO charity_names_new VALUES (?, ?, ?, ?)",
					-1, &im.name, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(st->db, "INSERT INTO charity_classes_new VALUES (?, ?, ?)",
					-1, &im.classif, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(st->db, "INSERT INTO charity_other_names_new VALUES"
					" (?, ?, ?, ?, ?)", -1, &im.other, NULL);
	if (rc != SQLITE_OK) {
		sdb_fail(st, rc, err);
		goto out;
	}
	for (i = 0; i < npaths; i++)
		if (read_one(&im, paths[i], &all, err) < 0)
			goto out;
	if (need_main(&im, err) < 0)
		goto out;
	if (sdb_snapshot_check(paths[0], "charity", all.accepted, all.rejected, all.records, max_rate,
			       err) < 0)
		goto out;
	sqlite3_finalize(im.charity);
	sqlite3_finalize(im.name);
	sqlite3_finalize(im.classif);
	sqlite3_finalize(im.other);
	im.charity = im.name = im.classif = im.other = NULL;
	describe(&snap, paths, npaths, &all, im.names);
	memcpy(snap.registers, im.registers, sizeof(snap.registers));
	for (snap.charities = 0, i = 0; i < CHARITY__REGISTERS; i++)
		snap.charities += im.registers[i];
	if (sdb_exec(st, swap_sql, err) < 0 || count_extras(st, &snap, err) < 0)
		goto out;
	snap.seconds = sdb_bulk_seconds(&bulk);
	if (save_snapshot(st, &snap, err) < 0 || sdb_exec(st, "COMMIT", err) < 0)
		goto out;
	*out = snap;
	ret = 0;
out:
	sqlite3_finalize(im.charity);
	sqlite3_finalize(im.name);
	sqlite3_finalize(im.classif);
	sqlite3_finalize(im.other);
	if (begun)
		sdb_bulk_end(st, &bulk, ret == 0);
	buf_release(&im.key);
	return ret;
}

/*
 * Whether the charities table has its scheme column: one imported before
 * the Scottish and Northern Irish registers were read has not, and holds
 * England and Wales's only.  1, 0, or -1 on a database error.
 */
static int has_column(struct store *st, const char *table, const char *column,
		      struct diag *err)
{
	sqlite3_stmt *q = NULL;
	int rc, found = 0;

	rc = sqlite3_prepare_v2(st->db, "SELECT 1 FROM pragma_table_info(?) WHERE name = ?", -1, &q,
				NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(q, 1, table, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 2, column, -1, SQLITE_STATIC);
	}
	if (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		found = 1;
		rc = SQLITE_DONE;
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return sdb_fail(st, rc, err);
	return found;
}

static int has_scheme(struct store *st, struct diag *err)
{
	return has_column(st, "charities", "scheme", err);
}

/* The snapshot's charities per register into out->registers[]. */
static int count_registers(struct store *st, struct charities_snapshot *out, struct diag *err)
{
	sqlite3_stmt *q = NULL;
	int rc, i, scheme = has_scheme(st, err);

	if (scheme < 0)
		return -1;
	if (!scheme) {
		out->registers[CHARITY_CCEW] = out->charities;
		return 0;
	}
	rc = sqlite3_prepare_v2(st->db, "SELECT scheme, count(*) FROM charities GROUP BY scheme", -1,
				&q, NULL);
	while (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *s = (const char *)sqlite3_column_text(q, 0);

		rc = SQLITE_OK;
		for (i = 0; i < CHARITY__REGISTERS; i++)
			if (s && !strcmp(s, charity_register_scheme((enum charity_register)i)))
				out->registers[i] = (unsigned long)sqlite3_column_int64(q, 1);
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return sdb_fail(st, rc, err);
	return 0;
}

int charitiesdb_status(struct store *st, struct charities_snapshot *out, struct diag *err)
{
	sqlite3_stmt *q = NULL;
	int rc, ret = -1;

	memset(out, 0, sizeof(*out));
	if ((rc = sdb_table_exists(st, "charities_snapshot", err)) <= 0)
		return rc;
	rc = sqlite3_prepare_v2(st->db,
		"SELECT extract_date, sources, charities, names, linked, rejected, bad_dates,"
		" seconds, loaded FROM charities_snapshot WHERE id = 1", -1, &q, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(q);
	if (rc == SQLITE_DONE) {
		ret = 0;
	} else if (rc == SQLITE_ROW) {
		out->extract_date = sqlite3_column_int(q, 0);
		sdb_copy_text(out->sources, sizeof(out->sources), q, 1);
		out->charities = (unsigned long)sqlite3_column_int64(q, 2);
		out->names = (unsigned long)sqlite3_column_int64(q, 3);
		out->linked = (unsigned long)sqlite3_column_int64(q, 4);
		out->rejected = (unsigned long)sqlite3_column_int64(q, 5);
		out->bad_dates = (unsigned long)sqlite3_column_int64(q, 6);
		out->seconds = sqlite3_column_double(q, 7);
		sdb_copy_text(out->loaded, sizeof(out->loaded), q, 8);
		ret = 1;
		rc = SQLITE_DONE;
	} else {
		sdb_fail(st, rc, err);
	}
	sqlite3_finalize(q);
	if (ret == 1 && (count_registers(st, out, err) < 0 || count_extras(st, out, err) < 0))
		return -1;
	return ret;
}

/*
 * The lookup statement, prepared once per store (the tables checked
 * then): NULL with 0 when no register was imported, -1 on an error.
 */
static int find_statement(struct store *st, sqlite3_stmt **q, struct diag *err)
{
	char sql[1024];
	int rc, scheme, kind;

	*q = st->charity_find;
	if (*q)
		return 1;
	if ((rc = sdb_table_exists(st, "charities_snapshot", err)) <= 0)
		return rc;
	if ((scheme = has_scheme(st, err)) < 0 || (kind = has_column(st, "charity_names", "kind",
								   err)) < 0)
		return -1;
	/* tables an older import wrote: England and Wales's only, current names only */
	snprintf(sql, sizeof(sql),
		 "SELECT c.number, c.name, coalesce(c.type, ''), coalesce(c.status, ''),"
		 " coalesce(c.registered, 0), coalesce(c.removed, 0), coalesce(c.company_number, ''),"
		 " coalesce(c.postcode, ''), coalesce(c.income, -1), %s, %s, %s"
		 " FROM charity_names n JOIN charities c ON c.id = n.charity WHERE n.key = ?"
		 " ORDER BY %s%s",
		 scheme ? "c.scheme" : "'GB-CHC'", scheme ? "c.cross_border" : "0",
		 kind ? "n.kind, coalesce(n.other, '')" : "0, ''", kind ? "n.kind, " : "",
		 scheme ? "c.scheme, c.number" : "c.number");
	rc = sqlite3_prepare_v2(st->db, sql, -1, &st->charity_find, NULL);
	if (rc != SQLITE_OK)
		return sdb_fail(st, rc, err);
	*q = st->charity_find;
	return 1;
}

/* The rows of q (stepped here, then reset) into out[max]: how many, or -1. */
static long read_infos(struct store *st, sqlite3_stmt *q, struct charity_info *out, size_t max,
		       struct diag *err)
{
	long n = 0;
	int rc;

	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if ((size_t)n == max)
			continue;
		memset(&out[n], 0, sizeof(out[n]));
		out[n].name_kind = (enum charity_name_kind)sqlite3_column_int(q, 11);
		sdb_copy_text(out[n].other_name, sizeof(out[n].other_name), q, 12);
		sdb_copy_text(out[n].number, sizeof(out[n].number), q, 0);
		sdb_copy_text(out[n].name, sizeof(out[n].name), q, 1);
		sdb_copy_text(out[n].type, sizeof(out[n].type), q, 2);
		sdb_copy_text(out[n].status, sizeof(out[n].status), q, 3);
		out[n].registered = sqlite3_column_int(q, 4);
		out[n].removed = sqlite3_column_int(q, 5);
		sdb_copy_text(out[n].company_number, sizeof(out[n].company_number), q, 6);
		sdb_copy_text(out[n].postcode, sizeof(out[n].postcode), q, 7);
		out[n].income = sqlite3_column_int64(q, 8);
		sdb_copy_text(out[n].scheme, sizeof(out[n].scheme), q, 9);
		out[n].cross_border = sqlite3_column_int(q, 10);
		n++;
	}
	sqlite3_reset(q);
	sqlite3_clear_bindings(q);
	if (rc != SQLITE_DONE)
		return sdb_fail(st, rc, err);
	return n;
}

long charitiesdb_find(struct store *st, const char *key, struct charity_info *out, size_t max,
		      struct diag *err)
{
	sqlite3_stmt *q;
	int rc;

	if ((rc = find_statement(st, &q, err)) <= 0)
		return rc;
	sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
	return read_infos(st, q, out, max, err);
}

long charitiesdb_find_number(struct store *st, const char *scheme, const char *number,
			     struct charity_info *out, size_t max, struct diag *err)
{
	sqlite3_stmt *q = st->charity_number;
	int rc, has;

	if (!q) {         /* prepared once per store, as the name lookup is */
		if ((rc = sdb_table_exists(st, "charities_snapshot", err)) <= 0)
			return rc;
		if ((has = has_scheme(st, err)) < 0)
			return -1;
		rc = sqlite3_prepare_v2(st->db, has ?
			"SELECT number, name, coalesce(type, ''), coalesce(status, ''),"
			" coalesce(registered, 0), coalesce(removed, 0), coalesce(company_number, ''),"
			" coalesce(postcode, ''), coalesce(income, -1), scheme, cross_border, 0, ''"
			" FROM charities WHERE number = ?1 AND (?2 = '' OR scheme = ?2) ORDER BY scheme" :
			"SELECT number, name, coalesce(type, ''), coalesce(status, ''),"
			" coalesce(registered, 0), coalesce(removed, 0), coalesce(company_number, ''),"
			" coalesce(postcode, ''), coalesce(income, -1), 'GB-CHC', 0, 0, ''"
			" FROM charities WHERE number = ?1 AND ?2 IN ('', 'GB-CHC')", -1,
			&st->charity_number, NULL);
		if (rc != SQLITE_OK)
			return sdb_fail(st, rc, err);
		q = st->charity_number;
	}
	sqlite3_bind_text(q, 1, number, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, scheme ? scheme : "", -1, SQLITE_STATIC);
	return read_infos(st, q, out, max, err);
}

long charitiesdb_classes(struct store *st, const char *scheme, const char *number, int *codes,
			 size_t max, struct diag *err)
{
	sqlite3_stmt *q = NULL;
	long n = 0;
	int rc;

	if ((rc = sdb_table_exists(st, "charity_classes", err)) <= 0)
		return rc;
	rc = sqlite3_prepare_v2(st->db, "SELECT DISTINCT code FROM charity_classes"
				" WHERE number = ? AND scheme = ? ORDER BY code", -1, &q, NULL);
	if (rc != SQLITE_OK)
		return sdb_fail(st, rc, err);
	sqlite3_bind_text(q, 1, number, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, scheme, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		if ((size_t)n < max)
			codes[n++] = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return sdb_fail(st, rc, err);
	return n;
}

int charitiesdb_keys(struct store *st, const char *prefix, size_t max, struct company_keys *out,
		     struct diag *err)
{
	sqlite3_stmt *q = st->charity_keys;
	int rc;

	if (!q) {
		if ((rc = sdb_table_exists(st, "charities_snapshot", err)) <= 0)
			return rc;
		rc = sqlite3_prepare_v2(st->db, "SELECT DISTINCT key FROM charity_names"
					" WHERE key >= ?1 AND key < ?1 || x'ff' ORDER BY key LIMIT ?2",
					-1, &st->charity_keys, NULL);
		if (rc != SQLITE_OK)
			return sdb_fail(st, rc, err);
		q = st->charity_keys;
	}
	return sdb_prefix_keys(st, q, prefix, max, out, err);
}

static long source_find(void *ctx, const char *key, struct charity_info *out, size_t max,
			struct diag *err)
{
	return charitiesdb_find(ctx, key, out, max, err);
}

static int source_keys(void *ctx, const char *prefix, size_t max, struct company_keys *out,
		       struct diag *err)
{
	return charitiesdb_keys(ctx, prefix, max, out, err);
}

static long source_find_number(void *ctx, const char *scheme, const char *number,
			       struct charity_info *out, size_t max, struct diag *err)
{
	return charitiesdb_find_number(ctx, scheme, number, out, max, err);
}

void charitiesdb_source(struct store *st, struct charity_source *out)
{
	out->find = source_find;
	out->keys = source_keys;
	out->find_number = source_find_number;
	out->ctx = st;
}
