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
 * Two more of the extract's tables, in the same text or JSON form, are
 * read when given, each told by its header (in the JSON form, its first
 * object's keys): the classification table
 * (publicextract.charity_classification.txt: registered_charity_number,
 * classification_code, classification_type, classification_description)
 * and the other-names table (publicextract.charity_other_names.txt:
 * registered_charity_number, charity_name_type, charity_name - a working
 * name, or a previous name when its type says "previous").  Their rows go
 * to the same row callback with `table` saying which; linked charities'
 * rows are left out as the main table's; a classification_code that is not
 * 3 digits 101..399, or an empty other name, is a rejected row.
 *
 * An OSCR row gives, after its own row, its "Known As" (when not its name)
 * as a working name and its Purposes, Beneficiaries and Activities read
 * across to classification codes (charity_oscr_code()).  A CCNI row gives
 * its "Charitable purposes" (the statutory list, read across as OSCR's)
 * and the items of "What the charity does", "Who the charity helps" and
 * "How the charity works" (split at commas and semicolons) whose folded
 * text is, whole, the name of a Charity Commission code of that group
 * ("Provides advocacy/advice/information" is 307): no real rows were
 * found to learn CCNI's wording from, so only exact names count and
 * anything else is left out.
 *
 * CCNI's "Sub charity number": the export lists a registered charity's
 * subsidiaries (branches registered under its number) as rows of their
 * own beside its main row, as the Charity Commission's extract does its
 * linked charities.  They are left out the same way (counted as linked):
 * a council pays the registered charity, whose row holds the number,
 * income and status, and a subsidiary row sharing its number would make
 * every lookup of that number ambiguous.  A council's "100019-1" is read
 * as charity 100019 (identity.h charity_number_parse()).
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

/*
 * Which of the extract's tables a file is (its header says: a
 * classification_code column is the classification table's, a
 * charity_name_type column the other names', otherwise the main table's).
 * OSCR's and CCNI's CSVs are main tables; an OSCR row also gives other-name
 * and classification rows (below).
 */
enum charity_table {
	CHARITY_TABLE_MAIN,            /* publicextract.charity.txt, OSCR's, CCNI's */
	CHARITY_TABLE_CLASSIFICATION,  /* publicextract.charity_classification.txt */
	CHARITY_TABLE_OTHER_NAMES      /* publicextract.charity_other_names.txt */
};

/* An other name's kind; the order is the lookup's preference (the current name first). */
enum charity_name_kind {
	CHARITY_NAME_CURRENT,          /* the register's charity_name */
	CHARITY_NAME_WORKING,          /* a working name (OSCR's "Known As") */
	CHARITY_NAME_PREVIOUS          /* a previous name */
};

/*
 * The name of a Charity Commission classification code ("Elderly Old
 * People" for 202), a static string; NULL when `code` is not one of the
 * 34 (101..117 what, 201..207 who, 301..310 how).
 */
const char *charity_class_name(int code);
/*
 * The classification code whose name is `label` (as charity_class_name()
 * gives it, compared with case, punctuation and spaces folded: "Elderly /
 * old people" is 202); 0 when none.
 */
int charity_class_code(const char *label);

/* "name", "working name", "previous name"; static strings. */
const char *charity_name_kind_name(enum charity_name_kind k);

/*
 * The Charity Commission for England and Wales classification code (101..117
 * what, 201..207 who, 301..310 how) OSCR's `group` ("purposes",
 * "beneficiaries", "activities") item `label` reads across to, by
 * drkane_ccew-oscr-activities-readacross.csv (copied into sectors/, with its
 * attribution): compared with case, punctuation and spaces folded.  0 when
 * the label is not in the read-across or reads across to several codes
 * (then it says nothing certain: "It carries out activities or services
 * itself" is any of 303..309).
 */
int charity_oscr_code(const char *group, const char *label);

/* One accepted row; every pointer is borrowed, valid during the callback; "" when empty. */
struct charity_row {
	enum charity_table table;    /* MAIN, or (below) a classification or other name */
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
	/* CHARITY_TABLE_CLASSIFICATION: number and these only */
	int code;                    /* classification_code, 101..399 */
	const char *code_type;       /* classification_type: "What", "Who", "How" */
	const char *code_text;       /* classification_description */
	/* CHARITY_TABLE_OTHER_NAMES: number, name (the other name) and this only */
	enum charity_name_kind name_kind;   /* WORKING or PREVIOUS */
};

/*
 * What one file held.  records = accepted + rejected + blank + linked;
 * classifications and other_names count the rows of those kinds passed to
 * the sink (an OSCR record can give several besides its main row).
 */
struct charities_file {
	enum charity_table table;    /* the file's kind, by its header */
	enum charity_register reg;   /* and its register */
	unsigned long long bytes;
	unsigned long records, accepted, rejected, blank, linked, bad_dates;
	unsigned long classifications, other_names;
	int32_t extract_date;        /* the latest date_of_extract, 0 if none */
	int columns;
};

struct charities_sink {
	/* return -1 (err filled) to stop reading; that error is the read's */
	int (*row)(void *ctx, const struct charity_row *r, struct diag *err);
	void (*reject)(void *ctx, unsigned long line, const char *reason);
	void *ctx;
};

/* A charity's fields as the snapshot keeps them (charitiesdb.h).  Plain arrays: no ownership. */
struct charity_info {
	char number[12];
	char name[256];
	char type[64];
	char status[32];
	int32_t registered, removed;
	char company_number[9];
	char postcode[16];
	int64_t income;             /* whole pounds, -1 unknown */
	char scheme[8];             /* "GB-CHC", "GB-SC", "GB-NIC": its id is scheme-number;
				     * always set (a table from before the column reads GB-CHC) */
	int cross_border;           /* a Scottish entry of a charity also on E&W's register */
	enum charity_name_kind name_kind;   /* the name that led here: current, working, previous */
	char other_name[256];       /* that working or previous name; "" for the current name */
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
