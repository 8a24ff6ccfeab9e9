#ifndef CHAINWATCH_COMPANIESDB_H
#define CHAINWATCH_COMPANIESDB_H

/*
 * The Companies House register in the database: one snapshot of
 * BasicCompanyData (companies.h) at a time.
 *
 *   companies           one row per company: number, name, status,
 *                       category, accounts category, incorporation and
 *                       dissolution dates, SIC codes ("62020 70229"),
 *                       post town, postcode, country, country of origin,
 *                       previous names ("OLD NAME LTD (to 2019-05-01); ...")
 *   company_names       name key (identity.h name_key()) -> company, for
 *                       the current name and each previous name
 *   companies_snapshot  its one row: the register's date and where that
 *                       came from, the source files, counts, import time
 *
 * The tables are created by the first import (a database without them
 * holds no register: status says none, lookups find nothing).
 *
 * An import replaces the snapshot atomically: the new tables are written
 * beside the old ones inside one transaction, then the old ones are
 * dropped and the new renamed and indexed, and only then committed.  An
 * error, a refused file or a kill leaves the previous snapshot in use,
 * whole.  During the import the connection uses a 64 MB page cache and,
 * when it is the database's only user, a rollback journal (so the new
 * rows are written once, not through the WAL); both are restored after.
 * When another connection kept it in WAL mode, the WAL is checkpointed
 * and truncated after the import when no reader holds it.  The import
 * holds the write lock throughout: scans wait, then fail as busy.
 */

#include <stddef.h>
#include <stdint.h>

#include "chainwatch/companies.h"
#include "chainwatch/companymatch.h"
#include "chainwatch/diag.h"

struct store;

/* The snapshot in use. */
struct companies_snapshot {
	int32_t register_date;      /* yyyymmdd */
	char date_source[32];       /* "file name" or "latest incorporation" */
	char sources[1024];         /* the files, ", "-separated (cut at 1023 bytes) */
	unsigned long companies, names, rejected, bad_dates;
	double seconds;             /* the import's wall time */
	char loaded[24];            /* UTC, 2026-12-07T03:00:00Z */
};

/* Called for each rejected row (the reader's reject, passed through). */
struct companies_import_opts {
	void (*reject)(void *ctx, const char *where, unsigned long line, const char *reason);
	void *ctx;
	/* refuse the import when more than this share of the records is rejected; 0 = 5% */
	double max_reject_rate;
};

/*
 * Import `paths` (zips or CSVs, the parts of one register; borrowed) as
 * the new snapshot; *out is written only when it is committed.  -1 with
 * err and the previous snapshot kept: CW_INPUT for a file the reader refuses (companies.h)
 * or one that rejects over max_reject_rate of its records, CW_DATABASE for
 * the database (busy, full).  `opts` may be NULL.
 */
int companiesdb_import(struct store *st, const char *const *paths, size_t npaths,
		       const struct companies_import_opts *opts, struct companies_snapshot *out,
		       struct diag *err);

/* The snapshot in use into *out: 1, or 0 when none was imported (out zeroed), -1 on error. */
int companiesdb_status(struct store *st, struct companies_snapshot *out, struct diag *err);

/* --- lookups, for the matcher (companymatch.h, which declares their lists) - */


/* A company's fields, for a match's report.  Plain arrays: no ownership. */
struct company_info {
	char number[9];
	char name[256];
	char status[64];
	char category[128];
	char accounts_category[64];
	int32_t incorporated, dissolved;
	char sic[24];               /* "62020 70229" */
	char post_town[64];
	char postcode[16];
	char country[64];
	char origin[64];            /* CountryOfOrigin: an overseas company's home country */
};

/*
 * A read handle on the snapshot with its statements prepared.  You own
 * it; release with companiesdb_reader_free() (NULL is fine) before
 * store_close().  Opened outside a transaction, it holds a read
 * transaction (and a 16 MB page cache) until it is freed: every lookup
 * sees one snapshot, and the connection cannot write meanwhile (free the
 * reader before store_lock() or an import).  Opened inside the caller's
 * transaction, it uses that one.
 */
struct companies_reader;

/* You own *out (see above); -1 with err and *out untouched on error. */
int companiesdb_reader_new(struct store *st, struct companies_reader **out, struct diag *err);
void companiesdb_reader_free(struct companies_reader *rd);

/*
 * Append to `out` (not reset) the companies whose current or previous
 * name key equals `key` (at most `max` rows).  Active companies are
 * marked.  0, or -1 on a database error.  The signature fits
 * company_source.find (companymatch.h) with the reader as ctx.
 */
int companiesdb_find(void *reader, const char *key, size_t max, struct company_hits *out,
		     struct diag *err);


/*
 * Append to `out` (not reset) the distinct name keys that begin with
 * `prefix`, in order, at most `max`: from the index alone, without
 * reading the companies, so a scan of many keys stays cheap.  0, or -1 on
 * a database error.  Fits company_source.keys.
 */
int companiesdb_keys(void *reader, const char *prefix, size_t max, struct company_keys *out,
		     struct diag *err);

/* The company `number` into *out: 1, 0 when the snapshot has no such company, -1 on error. */
int companiesdb_get(struct companies_reader *rd, const char *number, struct company_info *out,
		    struct diag *err);

#endif
