#ifndef CHAINWATCH_RUN_H
#define CHAINWATCH_RUN_H

/* What identifies one scan run, shared by the store and every writer. */

#include <stdint.h>
#include <time.h>

struct run_info {
	char id[40];              /* "<council-slug>-<period>-<hash8>" */
	const char *council;
	const char *period;       /* "2025-12", or "2025-04_2025-06" for a span */
	const char *tool_version;
	time_t started, finished; /* SOURCE_DATE_EPOCH when set */
	int64_t max_reject_rate_ppm;
	int strict;
	int replace_overlapping;  /* saving deletes the council's runs sharing a month with this */
};

/*
 * One output file of a run, as the manifest and the database list it.
 * `name` is owned by whoever holds the list (the scan frees its report's).
 */
struct output_file {
	char *name;             /* file name inside the output directory */
	char sha256[65];
};

/* Now, or SOURCE_DATE_EPOCH when set (reproducible outputs and tests). */
time_t run_clock(void);

/* The UTC date of t as yyyymmdd (20261124); 0 when t cannot be converted. */
int32_t run_date(time_t t);

/* "2026-11-24T19:48:52Z" into the caller's out (>= 21 bytes); returns out. */
char *run_time_format(time_t t, char *out);

#endif
