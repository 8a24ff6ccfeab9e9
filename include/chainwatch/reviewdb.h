#ifndef CHAINWATCH_REVIEWDB_H
#define CHAINWATCH_REVIEWDB_H

/*
 * Contract managers' decisions on flags, in the database (part of the
 * store; schema v5 in store.c).  Every change goes with an append-only
 * audit row: who, when, the old and new status and note, and whether it
 * came from the command line, a workbook or CSV import, or a scan that
 * reopened a cleared flag.
 */

#include <stddef.h>
#include <stdint.h>

#include "chainwatch/diag.h"
#include "chainwatch/flags.h"
#include "chainwatch/store.h"

/* One flag with its decision, as listed and as the importer checks rows against. */
struct review_row {
	char *council, *flag_id, *supplier_key, *supplier_name, *kind, *severity, *summary;
	char *tier;                /* the supplier's tier in the flag's latest run, "" unknown */
	char *status, *reviewer, *note, *evidence_link;
	int32_t review_date, next_review;   /* yyyymmdd, 0 none */
	char *first_seen, *last_seen, *last_run;
	char *reopened;            /* why it last reopened, "" never */
	char *review_changed;      /* UTC of the last decision, "" never */
};

void review_rows_free(struct review_row *v, size_t n);

struct review_filter {
	const char *council;       /* NULL: all councils */
	const char *status;        /* NULL: any */
	const char *tier;          /* "High", ...; NULL: any */
	const char *supplier;      /* text in the supplier's name or key, any case; NULL: any */
	const char *flag_id;       /* one flag; NULL: any */
};

/*
 * Flags matching f, by council, then supplier name, then kind, into a new
 * array *out of *n rows, the caller's to free with review_rows_free().
 * -1 + err (CW_DATABASE) and *out untouched on a database error.
 */
int reviewdb_list(struct store *st, const struct review_filter *f, struct review_row **out,
		  size_t *n, struct diag *err);

/* A change to one flag's decision. */
struct review {
	const char *council, *flag_id;
	const char *status;        /* one of flag_review_statuses */
	const char *by;            /* reviewer */
	int32_t date;              /* review date */
	const char *note;          /* "" none */
	int32_t next_review;       /* 0 none */
	const char *evidence_link; /* "" none */
	const char *source;        /* "command line", "workbook import", "csv import" */
	const char *at;            /* UTC of the change */
};

/*
 * Apply changes in one transaction: _begin, _apply for each (old is the
 * flag as listed, for the audit), _commit.  _abort rolls all back.
 */
int reviewdb_begin(struct store *st, struct diag *err);
int reviewdb_apply(struct store *st, const struct review *r, const struct review_row *old,
		   struct diag *err);
int reviewdb_commit(struct store *st, struct diag *err);
void reviewdb_abort(struct store *st);

/*
 * Run `run_id`: its council (a new string the caller frees, into *council) and the audit's
 * position when it was saved (*seq: the decisions its workbook shows), and the supplier
 * reviews' audit position (*supplier_seq, when not NULL; -1 for a run saved before schema
 * 9, which did not record it).  1 found, 0 no such run (nothing written), -1 error.
 */
int reviewdb_run_mark(struct store *st, const char *run_id, long *seq, long *supplier_seq,
		      char **council, struct diag *err);

/* A flag's decision as of an audit position, and how many changes came after. */
struct review_state {
	char status[24];           /* "open" when nothing was decided by then */
	char note[1024];
	char by[128];
	int changed_since;
};

int reviewdb_state_at(struct store *st, const char *council, const char *flag_id, long seq,
		      struct review_state *out, struct diag *err);

/* The same for a supplier's review (supplier_review_audit), by its key: 0, or -1 + err. */
int reviewdb_supplier_state_at(struct store *st, const char *council, const char *key,
			       long seq, struct review_state *out, struct diag *err);

/* ---- reviews of whole suppliers (the Suppliers sheet's review columns; schema v8) ---- */

/*
 * The council's supplier reviews, by supplier key, into a new array *out
 * of *n (the caller's; supplier_reviews_free()).  A database without the
 * table yet gives none.  -1 + err (CW_DATABASE) and *out untouched.
 */
int reviewdb_supplier_list(struct store *st, const char *council, struct supplier_review **out,
			   size_t *n, struct diag *err);

/* 1 when `key` is a supplier of `council` in the database, 0 when not, -1 + err. */
int reviewdb_supplier_known(struct store *st, const char *council, const char *key,
			    struct diag *err);

/* A change to one supplier's review; strings borrowed, "" none. */
struct supplier_review_change {
	const char *council, *supplier_key;
	const char *status;        /* one of flag_review_statuses */
	const char *owner, *next_action, *note;
	int32_t due_date;          /* 0 none */
	const char *by;            /* who made the change */
	const char *source;        /* "command line", "workbook import", "csv import" */
	const char *at;            /* UTC of the change */
};

/*
 * Set a supplier's review and append its audit row (old: the review as
 * listed, NULL when there was none), inside reviewdb_begin/_commit.
 * 0, or -1 + err (CW_DATABASE).
 */
int reviewdb_supplier_apply(struct store *st, const struct supplier_review_change *c,
			    const struct supplier_review *old, struct diag *err);

/* Audit rows for a flag (tests, `review list --format json`): count, or -1. */
long reviewdb_audit_count(struct store *st, const char *council, const char *flag_id,
			  struct diag *err);

#endif
