#ifndef CHAINWATCH_REGISTRY_H
#define CHAINWATCH_REGISTRY_H

/*
 * Reading the GOV.UK Modern Slavery Statement Registry's yearly download,
 * StatementSummaries{YEAR}.csv (../shared/reference/data-formats.md §5).
 *
 * One row per organisation a statement covers: a group statement repeats
 * its fields once per member, so a row is (statement, organisation).  The
 * columns (71 in 2022, about 76 later) are mapped by header name, never by
 * position; only StatementYear and OrganisationName are required, every
 * other column may be missing (its fields read as unknown).  RFC 4180 with
 * newlines inside quoted fields (Address, OrganisationSectors, ...), UTF-8
 * with a BOM; a field that is not valid UTF-8 is read as Windows-1252.
 *
 * Each record is accepted (row callback) or rejected (reject callback,
 * with its physical line and a reason): an empty OrganisationName, a
 * StatementYear that is not a year, a record over the reader's limits or
 * holding a NUL byte.  Blank lines are skipped.  A file that ends inside
 * a quoted field was cut off (a download that stopped half way): the whole
 * file is refused (CW_INPUT), since its last rows cannot be trusted.
 */

#include <stddef.h>
#include <stdint.h>

#include "chainwatch/diag.h"

#define REGISTRY_AREAS 6
/* the six recommended statement areas, in column order */
extern const char *const registry_area_names[REGISTRY_AREAS];

/* Turnover bands as the registry words them; 0 = not given. */
enum turnover_band {
	TURNOVER_UNKNOWN = 0,
	TURNOVER_UNDER_36M,
	TURNOVER_36M_60M,
	TURNOVER_60M_100M,
	TURNOVER_100M_500M,
	TURNOVER_OVER_500M
};

const char *turnover_band_label(enum turnover_band b);   /* "£36 million to £60 million": static */

/* One accepted row; strings are cleaned UTF-8, "" when not given. */
struct registry_row {
	int year;                  /* StatementYear */
	const char *org_name;      /* OrganisationName, text_clean()ed */
	const char *company_number;   /* normalised (identity.h), "" if blank or not a number */
	const char *parent_name;   /* ParentName */
	int group;                 /* GroupSubmission = Yes */
	const char *statement_id;  /* the 8-character id from StatementSummaryURL, else the URL */
	const char *statement_url; /* StatementURL: where the statement is published */
	const char *summary_url;   /* StatementSummaryURL: its page on the registry */
	int32_t period_start;      /* yyyymmdd, 0 unknown */
	int32_t period_end;
	const char *approver;      /* ApprovingPerson */
	int32_t approved;          /* DateApproved, 0 unknown */
	unsigned areas;            /* bit i: registry_area_names[i] answered Yes */
	unsigned areas_known;      /* bit i: that column exists in the file */
	enum turnover_band turnover;
	const char *sector_type;   /* "Private" / "Public" */
	const char *last_updated;
	unsigned long line;        /* physical line where the row starts */
};

struct registry_file {
	char sha256[65];
	unsigned long long bytes;
	unsigned long records;     /* = accepted + rejected + blank */
	unsigned long accepted;
	unsigned long rejected;
	unsigned long blank;
	unsigned long statements;  /* distinct statement ids among accepted rows */
	int year;                  /* the StatementYear most rows carry; 0 if none */
	int columns;               /* header columns */
};

/* One registry year as loaded into the database (registrydb.h). */
struct registry_snapshot {
	int year;
	char source[1024];          /* file path or URL it came from */
	char sha256[65];
	unsigned long long bytes;
	char loaded[24];            /* UTC, 2026-11-24T09:00:00Z */
	unsigned long rows, statements, rejected;
	char etag[256];             /* "" when unknown */
	char last_modified[64];
};

struct registry_sink {
	/* return -1 (err filled) to stop reading */
	int (*row)(void *ctx, const struct registry_row *r, struct diag *err);
	void (*reject)(void *ctx, unsigned long line, const char *reason);
	void *ctx;
};

/*
 * Read the file at `fd` (named `name` in messages) through `sink`, filling
 * `out`.  -1 with err: CW_INPUT for a file that is not a registry download
 * ("'x.csv' is not a registry StatementSummaries file: no StatementYear
 * column") or was cut off, whatever the sink returned otherwise.
 */
int registry_read_fd(int fd, const char *name, const struct registry_sink *sink,
		     struct registry_file *out, struct diag *err);
int registry_read_mem(const char *p, size_t n, const char *name, const struct registry_sink *sink,
		      struct registry_file *out, struct diag *err);

/*
 * The registry's year for a statement whose period ends on `ymd`: the
 * year of its submission deadline, six months after the financial year
 * end (period ending 2021-12-31 -> registry year 2022).
 */
int registry_year_for(int32_t ymd);

#endif
