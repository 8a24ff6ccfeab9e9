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
	char *period;
	char *out_dir;
};

/* ---- scanread.c: the inputs ---- */

int scan_read_inputs(struct scan *s, struct diag *err);
int scan_check_duplicates(const struct scan *s, struct diag *err);
int scan_infer_period(struct scan *s, struct diag *err);
int scan_read_tenders(struct scan *s, struct diag *err);
int scan_check_reject_rate(struct scan *s, struct diag *err);

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
