#ifndef CHAINWATCH_BIDS_H
#define CHAINWATCH_BIDS_H

/*
 * Reading a council's bid return: the documented bid CSV (docs/bids.md),
 * one row per bid for one lot of one tender, into a bid list (tender.h)
 * for the abnormally-low-tender checks (alt.h).
 *
 * Columns are found by header name, never by position.  A header cell is
 * folded before it is compared: ASCII letters lower-cased, '%' read as
 * "pct", every other character (spaces, punctuation, '£') dropped, then a
 * trailing "(yes/no)" or "(Y/N)" dropped; so "Tender ID", "tender_id" and
 * "TENDER-ID" agree, and so do "Labour %" and "labour pct".  The synonyms
 * (bids_synonyms() gives them folded):
 *
 *   tender id       Tender ID, Tender reference, Tender ref, Tender number,
 *                   Procurement reference, Procurement ref, Contract reference,
 *                   OCID                                          REQUIRED
 *   lot             Lot, Lot number, Lot no, Lot ID, Lot reference
 *   title           Title, Tender title, Contract title, Contract name,
 *                   Tender name, Procurement title
 *   tender date     Tender date, Date, Closing date, Tender closing date,
 *                   Submission date, Bid date, Tender deadline
 *   bidder          Bidder, Bidder name, Supplier name, Supplier, Tenderer,
 *                   Tenderer name, Company name                   REQUIRED
 *   supplier id     Supplier ID, Supplier number, Supplier no, Supplier code,
 *                   Supplier reference, Vendor ID, Vendor number, Creditor number
 *   company number  Company number, Company no, Company registration number,
 *                   Company registration no, Company reg no, CRN,
 *                   Companies House number
 *   bid price       Bid price, Price, Total price, Tender price, Bid amount,
 *                   Bid value, Tendered price, Total bid price, Bid price ex VAT,
 *                   Price ex VAT, Total price ex VAT             REQUIRED
 *   pre-tender      Estimate, Pre-tender estimate, PTE, Estimated value,
 *   estimate        Should cost
 *   contract months Contract months, Term (months), Duration months,
 *                   Duration (months), Contract term (months),
 *                   Contract length (months), Months
 *   labour hours    Labour hours, Productive hours, Hours, Total hours,
 *                   Total labour hours
 *   FTE             FTE, FTEs, Full-time equivalents, Full time equivalent
 *   labour share    Labour share, Labour %, Labour share (%), Labour percent,
 *                   Labour percentage, Labour cost share, Labour cost %,
 *                   Labour proportion
 *   RLW required    RLW required, Real Living Wage, RLW, Real Living Wage
 *                   required, Living wage required, Living wage
 *   London          London, In London
 *   status          Status, Bid status, Compliance, Compliance status
 *   awarded         Awarded, Winner, Won, Successful
 *
 * The first cell naming a column takes it.  The header is the first line
 * (within the first BIDS_HEADER_SCAN records) that names a tender id, a
 * bidder and a bid price column; title lines above it are skipped and not
 * counted.  No such line is -1 CW_INPUT, located at the line that came
 * closest: "bids.csv:1: not a bid file: no tender id or bid price column
 * (a bid file names tender id, bidder and bid price columns; see
 * docs/bids.md)".  An empty file ("bids.csv: the file is empty: no header
 * line") or one that ends inside a quoted field ("bids.csv:9: the file
 * ends inside a quoted field: it was cut off ...") is -1 CW_INPUT too.
 *
 * Values (text is UTF-8; a field that is not valid UTF-8 is read as
 * Windows-1252; text_clean() tidies spaces; text that looks like a
 * spreadsheet formula is kept as text, writers neutralise it):
 *   - bid price and estimate: pounds for the whole term ex-VAT, any form
 *     amount_parse() reads ("£1,234,567.00"), kept as pence; must be > 0
 *     (a zero is a placeholder, not a bid);
 *   - contract months: a whole number 1..1200 ("36" or "36.0");
 *   - labour hours (productive hours over the whole term) and FTE: a
 *     number from 0 to 1e9, thousands separators allowed ("120,000");
 *   - labour share: 0.65, 65 or 65%: a '%' or a value above 1 is a
 *     percentage; the result must lie in 0..1;
 *   - RLW required, London, awarded: yes/no/y/n/true/false/1/0 (any
 *     case); blank is unknown (-1);
 *   - status: valid, compliant, qualified -> 1; disqualified,
 *     non-compliant, withdrawn, invalid, rejected, excluded -> 0;
 *     pending, submitted or blank -> unknown (-1);
 *   - tender date: day-first or ISO (date.h), yyyymmdd, 0 when blank;
 *   - company number: normalised (identity.h); a "GB-COH-" prefix is
 *     dropped.
 *
 * Every record after the header is counted once: accepted (appended to
 * the list, source "bids.csv:12"), rejected through the sink with
 * "bids.csv:12", a reason and the raw record decoded to UTF-8, or blank
 * (no field holds anything but spaces).  Reasons: an empty tender id or
 * bidder, a price that is empty, not an amount, zero or negative, an
 * estimate that is not a positive amount, months that are not a whole
 * number, hours or FTE negative or over 1e9, a labour share outside 0..1,
 * a yes/no or status that is neither, a company number that is not one, a
 * date that is not a date, more non-empty fields than the header has (an
 * unquoted comma in a number?), a NUL byte, or a record over the CSV
 * reader's limits (1 MiB a field, 4 MiB a record: a 100 MB field is one
 * rejected row, not an exhausted machine).  Fewer fields than the header
 * read as blanks.
 */

#include <stddef.h>

#include "chainwatch/diag.h"
#include "chainwatch/tender.h"

#define BIDS_HEADER_SCAN 30

enum bids_col {
	BIDS_TENDER_ID, BIDS_LOT, BIDS_TITLE, BIDS_DATE, BIDS_BIDDER, BIDS_SUPPLIER_ID,
	BIDS_COMPANY, BIDS_PRICE, BIDS_ESTIMATE, BIDS_MONTHS, BIDS_HOURS, BIDS_FTE, BIDS_SHARE,
	BIDS_RLW, BIDS_LONDON, BIDS_STATUS, BIDS_AWARDED, BIDS__COLS
};

/* "tender id", "bid price", ...: the names used in reasons and docs/bids.md (static). */
const char *bids_col_name(enum bids_col c);

/*
 * Column c's synonyms, folded and separated by single spaces ("tenderid
 * tenderreference ..."): for --help, the docs and the tests.  A static string.
 */
const char *bids_synonyms(enum bids_col c);

/* The column a header cell names, or -1. */
int bids_header_col(const char *p, size_t n);

/* What reading one file found. */
struct bids_file {
	char sha256[65];
	unsigned long long bytes;
	unsigned long header_line;   /* physical line of the header */
	int columns;                 /* fields in the header */
	int col[BIDS__COLS];         /* field index of each column, -1 absent */
	unsigned long records;       /* after the header: = accepted + rejected + blank */
	unsigned long accepted;
	unsigned long rejected;
	unsigned long blank;
};

/*
 * Read the bid CSV at `fd` (not closed; named `name` in places and
 * messages), appending each accepted bid to `out` and sending each
 * rejected row to `rej` (may be NULL: counted only).  `st` (may be NULL)
 * is filled on success.  -1 with err (CW_INPUT: not a bid file, empty,
 * cut off, unreadable) leaves `out` as it was and `st` untouched; rows
 * already sent to `rej` stay sent.
 */
int bids_read_fd(int fd, const char *name, struct bid_list *out,
		 const struct bid_reject_sink *rej, struct bids_file *st, struct diag *err);
/* The same from memory (tests, fuzzing); `p` is borrowed. */
int bids_read_mem(const char *p, size_t n, const char *name, struct bid_list *out,
		  const struct bid_reject_sink *rej, struct bids_file *st, struct diag *err);

#endif
