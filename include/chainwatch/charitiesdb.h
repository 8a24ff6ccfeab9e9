#ifndef CHAINWATCH_CHARITIESDB_H
#define CHAINWATCH_CHARITIESDB_H

/*
 * The UK charity registers in the database: one snapshot at a time of
 * any mix of England and Wales's extract, OSCR's and CCNI's CSVs
 * (charities.h), imported together.
 *
 *   charities           one row per registered charity (linked ones left
 *                       out): number, name, type, status, registration
 *                       and removal dates, company number, postcode,
 *                       latest income (whole pounds), CIO, insolvent, in
 *                       administration, scheme (the register's org-id
 *                       prefix: GB-CHC, GB-SC, GB-NIC), cross border (OSCR's:
 *                       also registered in England and Wales).  A table from an
 *                       import before the scheme column holds England
 *                       and Wales's only and is read as GB-CHC; the next
 *                       import replaces it with one that has the column.
 *   charity_names       name key (identity.h name_key()) -> charity
 *   charities_snapshot  its one row: the extract's date (its
 *                       date_of_extract), the source files, counts, time
 *
 * The tables are created by the first import.  An import replaces the
 * snapshot atomically, as companiesdb.h's does: new tables written beside
 * the old in one transaction, swapped at its end; a refused or cut-off
 * file, more than the allowed share of rejected rows, or a kill leaves
 * the previous snapshot in use.
 */

#include <stddef.h>
#include <stdint.h>

#include "chainwatch/charities.h"
#include "chainwatch/charitymatch.h"
#include "chainwatch/diag.h"

struct store;

/* The snapshot in use. */
struct charities_snapshot {
	int32_t extract_date;       /* yyyymmdd, 0 when the extract gave none */
	char sources[1024];         /* the files, ", "-separated (cut at 1023 bytes) */
	unsigned long charities, names, linked, rejected, bad_dates;
	unsigned long classifications; /* the classification table's rows (and OSCR's read across) */
	unsigned long other_names;     /* working and previous names (and OSCR's Known As) */
	unsigned long registers[CHARITY__REGISTERS];   /* charities per register (charities.h) */
	double seconds;
	char loaded[24];            /* UTC */
};

struct charities_import_opts {
	void (*reject)(void *ctx, const char *where, unsigned long line, const char *reason);
	void *ctx;
	double max_reject_rate;     /* 0 = 5% */
};

/*
 * Import the register files `paths` (borrowed; each the extract, OSCR's or
 * CCNI's CSV, told apart by its header) together as the new snapshot; *out
 * is written only when it is committed.  -1 with err and the previous
 * snapshot kept: CW_INPUT for a file that cannot be opened or that the
 * reader refuses, or one rejecting over max_reject_rate of its records;
 * CW_DATABASE for the database; CW_USAGE for no files.  `opts` may be NULL.
 */
int charitiesdb_import(struct store *st, const char *const *paths, size_t npaths,
		       const struct charities_import_opts *opts, struct charities_snapshot *out,
		       struct diag *err);

/* The snapshot in use into *out: 1, or 0 when none was imported (out zeroed), -1 on error. */
int charitiesdb_status(struct store *st, struct charities_snapshot *out, struct diag *err);

/*
 * The charities one of whose names has the name key `key` (at most `max`,
 * into out[], caller-owned; a charity once per name that leads to it),
 * current names first, then working names, then previous names
 * (name_kind, other_name say which): how many were written, or -1 on a
 * database error.  0 when no register was imported.
 */
long charitiesdb_find(struct store *st, const char *key, struct charity_info *out, size_t max,
		      struct diag *err);

/*
 * The charities numbered `number` (a register's own form: "1090095",
 * "SC042386", "100019") on the register whose scheme is `scheme`
 * ("GB-CHC", "GB-SC", "GB-NIC"), or on any when scheme is NULL or "" (a
 * bare 6-digit number can be England and Wales's and Northern Ireland's):
 * at most `max` into out[] (caller-owned), how many, or -1 on a database
 * error; 0 when no register was imported.
 */
long charitiesdb_find_number(struct store *st, const char *scheme, const char *number,
			     struct charity_info *out, size_t max, struct diag *err);

/*
 * The classification codes (charities.h: 101..310) the snapshot holds for
 * the charity `scheme`-`number`, ascending, at most `max` into codes[]
 * (caller-owned): how many, 0 when none or no classification was
 * imported, -1 on a database error.
 */
long charitiesdb_classes(struct store *st, const char *scheme, const char *number, int *codes,
			 size_t max, struct diag *err);

/*
 * Append to `out` (not reset; you own out->v, see companymatch.h) the
 * distinct name keys of the charities' names that begin with `prefix`, in
 * order, at most `max`.  0, or -1 on a database error; 0 with none when
 * no register was imported.
 */
int charitiesdb_keys(struct store *st, const char *prefix, size_t max, struct company_keys *out,
		     struct diag *err);

/*
 * *out filled to look charities up in `st` (charitymatch.h): find by name
 * key, keys by prefix, find by number.  st is borrowed: the source is
 * valid while the store is open.
 */
void charitiesdb_source(struct store *st, struct charity_source *out);

#endif
