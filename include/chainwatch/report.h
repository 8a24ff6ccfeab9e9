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
	const struct reference *reference;   /* NULL before scoring */
	struct registry_snapshot *registry;  /* the registry years matched against, newest first */
	size_t nregistry;
	unsigned long statement_counts[6];   /* suppliers per enum statement_status */
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
	struct output_file *outputs;
	size_t noutputs;
	const char *db_path;
	const char *out_dir;
};

#endif
