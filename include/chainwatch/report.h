#ifndef CHAINWATCH_REPORT_H
#define CHAINWATCH_REPORT_H

/*
 * Everything one scan produced, as the writers (workbook, csvout,
 * manifest) see it.  Built by scan.c; writers only read it.  The store
 * does not see it: it saves a struct run_record (store.h) the scan
 * command fills from it.
 */

#include <stddef.h>
#include <stdint.h>

struct tender_check;
struct change_list;

#include "chainwatch/alt.h"
#include "chainwatch/entity.h"
#include "chainwatch/extract.h"
#include "chainwatch/flags.h"
#include "chainwatch/reference.h"
#include "chainwatch/registry.h"
#include "chainwatch/risk.h"
#include "chainwatch/run.h"
#include "chainwatch/supplier.h"

/* A rejected row, kept in memory for the workbook (first REPORT_MAX_REJECTIONS). */
struct rejection {
	const char *file;       /* borrowed from input_stats.path */
	unsigned long line;
	char *reason;
	char *raw;              /* decoded to UTF-8, truncated to REJECT_RAW_MAX bytes */
};

#define REPORT_MAX_REJECTIONS 5000
#define REJECT_RAW_MAX 2000

/* A table of an input file that was not read: a workbook's lookup, notes or hidden sheet. */
struct skipped_table {
	char *name;             /* "file.xlsx!Sheet" */
	char *reason;
};

/* How many suppliers, and their spend, one line of a total covers. */
struct report_tally {
	const void *what;            /* the struct sector or struct country; NULL: none */
	unsigned long suppliers;
	int64_t spend_pence;
};

/* What a supplier no sector rule classified is called in the totals' sector order. */
#define REPORT_UNCLASSIFIED "Not classified (Grey)"

/*
 * The run's totals, computed once after assessment (report_totals_compute)
 * and read by every writer, so no writer counts suppliers itself.  All
 * zero, with no lists, before scoring (report.assessments NULL).
 */
struct report_totals {
	struct report_tally by_tier[TIER_GREY + 1];            /* by enum tier */
	struct report_tally by_entity[ENTITY_INDIVIDUAL + 1];  /* by enum entity_type */
	unsigned long by_statement[STATEMENT_NOT_APPLICABLE + 1];   /* by enum statement_status */
	/* every sector used (what NULL: not classified), by spend, suppliers, then label */
	struct report_tally *sectors;
	size_t nsectors;
	/* every country the model placed a supplier in, by geography score, then name */
	struct report_tally *countries;
	size_t ncountries;
	/* the flags by their supplier's tier: all of them, and those still open (undecided) */
	unsigned long flags_by_tier[TIER_GREY + 1], open_flags_by_tier[TIER_GREY + 1];
};

struct scan_report {
	struct run_info run;
	struct input_stats *inputs;
	size_t ninputs;
	struct skipped_table *skipped_tables;
	size_t nskipped_tables;
	struct supplier **suppliers;     /* report order: priority, then spend, then key */
	size_t nsuppliers;
	struct assessment *assessments;  /* assessments[i] is suppliers[i]'s; NULL before scoring */
	struct flag *flags;              /* report order: suppliers' order, then kind */
	size_t nflags;
	/* the contract managers' reviews of whole suppliers, by supplier key; borrowed */
	const struct supplier_review *supplier_reviews;
	size_t nsupplier_reviews;
	const struct reference *reference;   /* NULL before scoring */
	struct registry_snapshot *registry;  /* the registry years matched against, newest first */
	size_t nregistry;
	const struct alt_bid *tenders;       /* the bids checked for abnormally low prices */
	size_t ntenders;
	const struct tender_check *tender_check;   /* where they came from; NULL without bids */
	const char *wages_path, *wages_version;    /* the wage tables they were checked with */
	const struct change_list *changes;   /* since the council's previous run; NULL if not computed */
	char wages_sha256[65];
	struct rejection *rejections;
	size_t nrejections;
	unsigned long rejections_total;  /* may exceed nrejections */
	int64_t spend_pence;             /* accepted, all inputs */
	int64_t redacted_pence;
	unsigned long redacted_rows;
	int32_t first_date, last_date;
	/* yyyymmdd of the register snapshots the scan looked in; 0: none */
	int32_t companies_register, charities_register;
	struct output_file *outputs;
	size_t noutputs;
	const char *db_path;
	const char *out_dir;
	struct report_totals totals;         /* report_totals_compute(), after assessment */
};

/*
 * Count r's suppliers and their spend by tier, entity type, statement
 * status, sector and country, and its flags (open ones apart) by their
 * supplier's tier, into *out (overwritten; zero when r has no
 * assessments).  Call once the suppliers are assessed, their statements
 * matched and the flags' decisions carried from the database.  It cannot fail.  You own out's lists; release them with
 * report_totals_release().
 */
void report_totals_compute(const struct scan_report *r, struct report_totals *out);
/* Free the lists of t and zero it; NULL is fine. */
void report_totals_release(struct report_totals *t);

#endif
