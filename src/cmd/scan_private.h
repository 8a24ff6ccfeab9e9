#ifndef CHAINWATCH_SCAN_PRIVATE_H
#define CHAINWATCH_SCAN_PRIVATE_H

/*
 * Shared by the scan's source files (scan.c: the run and the risk model;
 * scanread.c: the inputs, the period and the reject checks; scanout.c: the
 * output files and the threads that write them).  Not part of the
 * library's API: only files of the scan include it.
 */

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "chainwatch/diag.h"
#include "chainwatch/outfile.h"
#include "chainwatch/report.h"
#include "scan.h"
#include "chainwatch/tenders.h"

struct change_list;
struct profile;
struct reference;
struct registry_set;
struct store;
struct supplier_table;
struct wages;

#define STDERR_REJECTS 10

/* A value of the spend files' body-name column, and on how many rows. */
struct body_name {
	char *text;
	size_t len;
	unsigned long rows;
	int name_like;              /* has a letter, and is no URI or code: a council's name */
	char *column;               /* the column's header in the first input it was met in */
	char *path;                 /* ... that input's name */
};

#define MAX_BODY_NAMES 64       /* distinct values counted; more are not a council's name */

struct month_count {
	int32_t month;              /* yyyymm */
	unsigned long rows;
};

struct scan {
	const struct scan_options *o;
	struct scan_report rep;
	struct supplier_table *suppliers;
	struct profile *prof;
	struct reference *ref;
	struct entity_register *entities;   /* sectors/orgs: public bodies, given names */
	struct entity_override *entity_overrides;   /* the council's, by supplier key */
	size_t nentity_overrides;
	struct registry_set *registry;
	struct wages *wages;
	struct tender_check tc;     /* --tenders: the bids and their checks */
	struct change_list *changes;   /* since the council's previous run */
	int have_tenders;
	const struct supplier **bid_supplier;   /* per bid: the supplier it joined, or NULL */
	const char **bid_keys;                  /* ... its key, for the database */
	struct supplier **order;    /* rep.suppliers: priority order, owned here */
	struct store *db;
	struct supplier_review *reviews;   /* rep.supplier_reviews, owned here */
	size_t nreviews;
	char *council;              /* --council, or the database's only council */
	struct outset out;          /* the outputs, staged until the run is committed */
	struct outfile book;        /* the workbook, written by scan_book_job */
	char book_name[64];
	FILE *rejects;              /* rejected-rows.csv body, spooled until the out dir is known */
	struct month_count *months;  /* the spend file being read: rows per month */
	size_t nmonths, months_cap;
	int32_t first_month, last_month;   /* yyyymm: the period so far, 0 when none */
	const struct input_stats *reading;   /* the spend table being read */
	int reading_fd;             /* its descriptor, when known (the progress line), else -1 */
	struct timespec reading_t0; /* when its reading began (CLOCK_MONOTONIC) */
	struct body_name *bodies;   /* the body-name column's values over every spend file; owned */
	size_t nbodies, body_last;
	char *period;
	char *out_dir;
};

/* ---- scanread.c: the inputs ---- */

int scan_read_inputs(struct scan *s, struct diag *err);
int scan_check_duplicates(const struct scan *s, struct diag *err);
int scan_infer_period(struct scan *s, struct diag *err);
int scan_read_tenders(struct scan *s, struct diag *err);
int scan_check_reject_rate(struct scan *s, struct diag *err);
/*
 * The council the spend files name: the body-name column's most frequent
 * value that reads as a name (ties: the first met), or NULL when no file
 * has one.  Borrowed from s.
 */
const struct body_name *scan_body_name(const struct scan *s);

/* ---- scancompanies.c: the Companies House register ---- */

/*
 * When the database holds a Companies House snapshot, look every supplier
 * that is not a public body or a person up in it (by the council's company
 * number, else by name) and keep what is found on the supplier
 * (supplier.company, owned by the supplier table).  Without a snapshot it
 * reads nothing.  Call before store_lock(): it opens and frees a reader.
 * -1 with err (CW_DATABASE) on a database error.
 */
int scan_read_companies(struct scan *s, struct diag *err);

/* ---- scanchapi.c: the Companies House API, with a key ---- */

/* A supplier the snapshot did not resolve: by number when number[0], else by name. */
struct chapi_want {
	struct supplier *sup;      /* borrowed from the scan's table */
	char number[9];
};

/*
 * With --companies-house-key, look the wanted suppliers up through the
 * API (cached in the database for CHAPI_CACHE_DAYS days) and keep what is
 * found on the supplier (supplier.company, owned by the supplier table;
 * method "Companies House API").  Network and API failures are warnings
 * after which the scan goes on offline; -1 with err only on a database
 * error.  w is borrowed.  Call before store_lock(), outside a transaction.
 */
#define CHAPI_CACHE_DAYS 30
int scan_companies_online(struct scan *s, const struct chapi_want *w, size_t n,
			  struct diag *err);

/*
 * The same from the Charity Commission register (scancharities.c): each
 * supplier whose name key is one registered charity's gets supplier.charity
 * (owned by the supplier).  0 (also with no snapshot), or -1 with err.
 */
int scan_read_charities(struct scan *s, struct diag *err);

/* ---- scanout.c: the outputs ---- */

int scan_write_suppliers_csv(struct scan *s, struct diag *err);
int scan_write_flags_csv(struct scan *s, struct diag *err);
int scan_write_changes_csv(struct scan *s, struct diag *err);
int scan_write_tenders_csv(struct scan *s, struct diag *err);
int scan_write_rejects_csv(struct scan *s, struct diag *err);
int scan_begin_workbook(struct scan *s, struct diag *err);
int scan_finish_workbook(struct scan *s, struct diag *err);
int scan_write_manifest(struct scan *s, struct diag *err);

/* Work on a second thread: scan_save_job or scan_book_job (scanout.c). */
struct job {
	pthread_t thread;
	int running;
	int (*fn)(struct scan *s, struct diag *err);
	struct scan *s;
	struct diag err;
	int ret;
};

int scan_job_start(struct job *j, int (*fn)(struct scan *, struct diag *), struct scan *s,
		   struct diag *err);
/* Wait for the job; its error, if any, into err (which may be NULL). */
int scan_job_join(struct job *j, struct diag *err);
int scan_save_job(struct scan *s, struct diag *err);     /* store_begin_run + the bids */
/* store_commit_run() of the run with its output files; CW_DATABASE on error. */
int scan_commit_run(struct scan *s, struct diag *err);
int scan_book_job(struct scan *s, struct diag *err);     /* the workbook, to book.tmp */

#endif
