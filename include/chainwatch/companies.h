#ifndef CHAINWATCH_COMPANIES_H
#define CHAINWATCH_COMPANIES_H

/*
 * Reading Companies House's monthly bulk register, BasicCompanyData
 * (https://download.companieshouse.gov.uk/en_output.html): one row per
 * live company, 55 quoted columns, CRLF, UTF-8, dates DD/MM/YYYY, several
 * header names with a leading space (" CompanyNumber").  Published as one
 * zip (BasicCompanyDataAsOneFile-YYYY-MM-DD.zip), as multi-part zips
 * (BasicCompanyData-YYYY-MM-DD-part1_7.zip ...) or as the CSV inside; each
 * part carries its own header.
 *
 * The file is streamed: a zip's CSV member is inflated by a helper thread
 * into a socket the CSV reader (csv.h) reads, so neither the zip nor the
 * CSV is ever held whole.  Columns are found by header name with the
 * spaces around it trimmed, never by position; only CompanyName and
 * CompanyNumber are required.  A field that is not valid UTF-8 is read as
 * Windows-1252.
 *
 * Each record is accepted (row callback), blank (skipped) or rejected
 * (reject callback with its physical line and a reason): an empty
 * CompanyName, a CompanyNumber that is not one, a row shorter than the
 * header, a NUL byte, a record over the reader's limits (1 MiB a field).
 * A date that does not read (not DD/MM/YYYY, or not a real day) leaves the
 * row in, with that date unknown, and is counted in `bad_dates`.
 *
 * Refused whole (CW_INPUT, nothing trusted): a file whose first line is
 * not a BasicCompanyData header, a CSV that ends inside a quoted field or
 * on a short row (cut off), a zip that does not open (cut off: no central
 * directory), holds no .csv member, fails its CRC, or inflates to more
 * than COMPANIES_ZIP_RATIO times its compressed size (at least 1 MiB) or
 * COMPANIES_MAX_MEMBER bytes (a zip bomb).  Messages name the file (a zip
 * member as "file.zip!member.csv") and the line.
 */

#include <stddef.h>
#include <stdint.h>

#include "chainwatch/diag.h"

#define COMPANIES_SIC_MAX 4
#define COMPANIES_PREVIOUS_MAX 10
#define COMPANIES_ZIP_RATIO 100                      /* real files inflate about 6x */
#define COMPANIES_MAX_MEMBER ((uint64_t)16 << 30)    /* 16 GiB; the real CSV is ~2.6 GB */

/*
 * One accepted row.  Every pointer is borrowed from the reader and valid
 * only during the row callback; strings are cleaned UTF-8, "" when the
 * file leaves them empty.
 */
struct company_row {
	const char *number;        /* normalised (identity.h), or as given when 1..8 letters/digits */
	const char *name;          /* CompanyName, text_clean()ed */
	const char *category;      /* CompanyCategory: "Private Limited Company" */
	const char *status;        /* CompanyStatus: "Active", "Liquidation", ... */
	const char *country_of_origin;
	const char *accounts_category;   /* Accounts.AccountCategory: "MICRO ENTITY" */
	const char *post_town;     /* RegAddress.PostTown */
	const char *postcode;      /* RegAddress.PostCode */
	const char *country;       /* RegAddress.Country */
	int32_t incorporated;      /* yyyymmdd, 0 unknown */
	int32_t dissolved;         /* yyyymmdd, 0 none */
	char sic[COMPANIES_SIC_MAX][6];   /* "62020"; the first nsic are set */
	int nsic;
	const char *previous[COMPANIES_PREVIOUS_MAX];   /* PreviousName_N.CompanyName, non-empty */
	int32_t previous_until[COMPANIES_PREVIOUS_MAX]; /* its CONDATE (the change), 0 unknown */
	int nprevious;
	unsigned long line;        /* physical line where the row starts */
};

/* What one file held.  Counts are of records below the header. */
struct companies_file {
	unsigned long long bytes;  /* CSV bytes read (inflated, for a zip) */
	unsigned long records;     /* = accepted + rejected + blank */
	unsigned long accepted;
	unsigned long rejected;
	unsigned long blank;
	unsigned long bad_dates;   /* dates that did not read, rows kept */
	int32_t latest_incorporation;   /* the latest IncorporationDate, 0 if none */
	int columns;               /* header columns of the (last) CSV read */
};

struct companies_sink {
	/* return -1 (err filled) to stop reading; that error is the read's */
	int (*row)(void *ctx, const struct company_row *r, struct diag *err);
	/* `where` is the file (or "zip!member") the line is in */
	void (*reject)(void *ctx, const char *where, unsigned long line, const char *reason);
	void *ctx;
};

/*
 * Read the file at `path` (a zip or the CSV, told by its first bytes),
 * adding to `out` (which the caller zeroes before the first file, so the
 * counts of several parts add up).  0, or -1 with err: CW_INPUT for a file
 * that cannot be opened or read, or is refused as above; whatever the sink
 * returned otherwise.  A failed read may have passed rows to the sink
 * already: the caller discards them (companiesdb.h does, by rolling back).
 */
int companies_read_path(const char *path, const struct companies_sink *sink,
			struct companies_file *out, struct diag *err);

/* The same from memory (a zip or a CSV), named `name` in messages; p is borrowed. */
int companies_read_mem(const char *p, size_t n, const char *name,
		       const struct companies_sink *sink, struct companies_file *out,
		       struct diag *err);

/*
 * The register's date from its file name: "BasicCompanyData-2024-01-01-
 * part1_7.zip" and "BasicCompanyDataAsOneFile-2024-01-01.zip" give
 * 20240101 (any directory in front).  0 when the name holds no such date.
 */
int32_t companies_file_date(const char *path);

/* Whether a CompanyStatus counts as active (it begins "Active", any case). */
int companies_status_active(const char *status);

#endif
