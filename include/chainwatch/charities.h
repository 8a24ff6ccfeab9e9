#ifndef CHAINWATCH_CHARITIES_H
#define CHAINWATCH_CHARITIES_H

/*
 * Reading the UK's three charity registers, each told apart by its first
 * line (its header), never by the file's name:
 *
 *   - the Charity Commission for England and Wales's extract (below);
 *   - OSCR's (Scotland) "Charity Register Download" CSV (inside its ZIP,
 *     https://www.oscr.org.uk/about-charities/search-the-register/charity-register-download),
 *     header "Charity Number, Charity Name, Registered Date, ...": number
 *     SC + 6 digits, Constitutional Form as the type (an SCIO or CIO is
 *     a CIO), Regulatory Type "Cross Border" (also registered in England
 *     and Wales), Charity Status, Registered Date and Ceased Date (the former
 *     register's) as DD/MM/YYYY with or without a time, Postcode, Most
 *     recent year income;
 *   - CCNI's (Northern Ireland) search export CSV
 *     (https://www.charitycommissionni.org.uk/charity-search/, export),
 *     header "Reg charity number, Sub charity number, Charity name, ...":
 *     number 1..8 digits (a "NIC" before them is dropped), a row whose
 *     Sub charity number is other than empty or 0 is linked (left out),
 *     Type of governing document, Status, Date registered, Company number
 *     (0 is none), the postcode at the end of Public address, Total income.
 *
 * The CSVs go through the project's CSV reader (csv.h: quotes, CRLF, a
 * BOM), their header names matched without the spaces around them and
 * ASCII case ignored; each needs its number and name columns.  Income is
 * whole pounds from "12345", "12,345.67" or "£12,345".  A CSV that ends
 * inside quotes or on a short row was cut off and is refused whole.
 * Field guide: ../shared/data/orgs/charities/oscr_ccni_register_formats_DERIVED.md.
 *
 * The Charity Commission for England and Wales's register extract, its
 * main table in either of the forms the Commission publishes (unzip it
 * first; fields as ../shared/data/orgs/charities/drkane_ccew-fields.md):
 *
 *   - the text form, publicextract.charity.txt (inside
 *     publicextract.charity.zip from
 *     https://register-of-charities.charitycommission.gov.uk/register/full-register-download),
 *     read a line at a time: TAB-separated, unquoted, with a backslash
 *     escaping the byte after it (a TAB, a line break or a backslash inside
 *     a field), CRLF or LF, a UTF-8 BOM at the start.  Columns are found by
 *     header name; registered_charity_number and charity_name are required.
 *     A field that is not valid UTF-8 is read as Windows-1252.
 *   - the JSON form, publicextract.charity.json (inside
 *     https://ccewuksprdoneregsadata1.blob.core.windows.net/data/json/publicextract.charity.zip),
 *     told by its first character after a BOM and spaces being '[': one
 *     array of objects (200 MB), streamed an object at a time
 *     (jsonarray.h), memory flat.  Each object becomes the record its text
 *     line would be: the header is the first well-formed object's keys in
 *     its order (the Commission writes every key in every object, null or
 *     not); a later object's key the first lacked is ignored, one it lacks
 *     reads as null.  Values in the text form's spelling: strings as they
 *     are (dates "2019-05-13T00:00:00" too), numbers as their digits, true
 *     and false as "True" and "False", null as empty.  So the rules below
 *     hold for both forms; a JSON reject's reason ends with the object's
 *     place, "(object 53211 of the array)", as one line may hold them all.  Besides them, an object is rejected when it is
 *     not valid JSON (invalid UTF-8 is: the reason gives its line and
 *     column), nests deeper than 64 levels, holds more than 4096 values
 *     or a NUL byte, or has an object, an array or a number over 1e30 as
 *     a column's value; the file is refused when it is cut off (inside an
 *     object or before the ']'), its array's structure is broken (text
 *     between objects, a bracket of the wrong kind) or it holds no
 *     well-formed object.
 *
 * Each record is accepted (row callback), blank, linked (a subsidiary:
 * linked_charity_number other than 0; the main register only is read) or
 * rejected (reject callback with its physical line and a reason): an
 * empty charity_name, a registered_charity_number that is not 1..8
 * digits, a row with fewer fields than the header, a NUL byte, a record
 * over 4 MiB.  A date that does not read (YYYY-MM-DD with or without a
 * time, or DD/MM/YYYY) leaves the row in with that date unknown, counted.
 *
 * Refused whole (CW_INPUT): a first line that is none of the three
 * registers' headers, a file that ends on a short row, inside an escape
 * or inside quotes (cut off), an empty file.
 */

#include <stddef.h>
#include <stdint.h>

#include "chainwatch/diag.h"

#define CHARITIES_MAX_RECORD ((size_t)4 << 20)

/* Which register a row is from. */
enum charity_register {
	CHARITY_CCEW,                /* England and Wales: GB-CHC-<number> */
	CHARITY_OSCR,                /* Scotland: GB-SC-<SCnnnnnn> */
	CHARITY_CCNI,                /* Northern Ireland: GB-NIC-<number> */
	CHARITY__REGISTERS
};

/* "GB-CHC", "GB-SC", "GB-NIC" (the org-id.guide prefix); static strings. */
const char *charity_register_scheme(enum charity_register reg);
/* "England and Wales", "Scotland", "Northern Ireland"; static strings. */
const char *charity_register_name(enum charity_register reg);

/* One accepted row; every pointer is borrowed, valid during the callback; "" when empty. */
struct charity_row {
	enum charity_register reg;   /* the register the file is */
	const char *number;          /* "1090095", "SC042386", "100019" */
	const char *name;            /* charity_name, text_clean()ed */
	const char *type;            /* charity_type: "Trust", "CIO", "Charitable company" */
	const char *status;          /* charity_registration_status: "Registered", "Removed" */
	int32_t registered;          /* date_of_registration, yyyymmdd, 0 unknown */
	int32_t removed;             /* date_of_removal, 0 none */
	const char *company_number;  /* charity_company_registration_number, normalised, or "" */
	const char *postcode;        /* charity_contact_postcode */
	int64_t income;              /* latest_income in whole pounds, -1 unknown */
	int cio;                     /* charity_is_cio is True */
	int insolvent;               /* charity_insolvent is True */
	int in_administration;       /* charity_in_administration is True */
	int cross_border;            /* OSCR's Regulatory Type "Cross Border": also on E&W's register */
	unsigned long line;          /* physical line where the record starts */
};

/* What one file held.  records = accepted + rejected + blank + linked. */
struct charities_file {
	unsigned long long bytes;
	unsigned long records, accepted, rejected, blank, linked, bad_dates;
	int32_t extract_date;        /* the latest date_of_extract, 0 if none */
	int columns;
};

struct charities_sink {
	/* return -1 (err filled) to stop reading; that error is the read's */
	int (*row)(void *ctx, const struct charity_row *r, struct diag *err);
	void (*reject)(void *ctx, unsigned long line, const char *reason);
	void *ctx;
};

/*
 * Read the register file at `fd` (not closed; any of the three, told by
 * its first line), named `name` in messages, into `sink`, filling *out
 * (zeroed first).  A CSV is read again from where fd stood once its first
 * line is seen (lseek), or, when fd cannot seek (a pipe), from memory
 * whole.  0, or -1 with err: CW_INPUT when it cannot be read or is refused
 * as above, whatever the sink returned otherwise.  A failed read may have
 * passed rows to the sink already.
 */
int charities_read_fd(int fd, const char *name, const struct charities_sink *sink,
		      struct charities_file *out, struct diag *err);
/* The same from memory; p is borrowed. */
int charities_read_mem(const char *p, size_t n, const char *name,
		       const struct charities_sink *sink, struct charities_file *out,
		       struct diag *err);

#endif
