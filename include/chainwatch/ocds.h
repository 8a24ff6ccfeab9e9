#ifndef CHAINWATCH_OCDS_H
#define CHAINWATCH_OCDS_H

/*
 * OCDS tenders with the bids extension, read into the shared bid model
 * (tender.h) plus, per contracting process, what Cardinal's R024/R058
 * need (cardinal.h).
 *
 * Forms read (a UTF-8 BOM is skipped):
 *   a release package   {"releases": [release, ...], ...}
 *   a record package    {"records": [{"compiledRelease": release}, ...]}
 *   one release         {"ocid": ..., ...}
 *   an array            [release or package, ...]
 *   JSON Lines          one of the above per line, blank lines skipped;
 *                       chosen when the name ends in .jsonl, .ndjson or .jl,
 *                       or when the whole text is not one JSON text but its
 *                       first line that is not blank is.
 *
 * Each release is taken as a compiled release (the whole process so far),
 * as Cardinal does with each line.  When an ocid comes again, the later
 * release replaces the earlier: the earlier one stays in procs[] with
 * superseded set and no bids, and its bids are counted in nsuperseded.
 *
 * Fields read: /ocid, /date; /parties[] id, name, identifier and
 * additionalIdentifiers (scheme GB-COH = company number, normalised with
 * company_number_normalise; a party id "GB-COH-<n>" counts too); /tender
 * id, title, status, procurementMethodDetails, value (the estimate),
 * tenderPeriod/endDate (else /date: tender_date), contractPeriod
 * durationInDays or startDate..endDate (contract_months), lots[] (id,
 * title, value, contractPeriod override the tender's); /bids/details[]
 * id, status, value{amount,currency}, tenderers[{id,name}], relatedLots;
 * /awards[] status, suppliers[].id, relatedLots, relatedBids.
 *
 * One struct bid per bid detail: tender_id = ocid; lot = its relatedLots
 * ("" none; several joined with "+"); title = the tender's title (": lot
 * title" added); bidder = the tenderers' names (from the bid, else the
 * party, else the id; a consortium's joined with "; "); supplier_id = the
 * tenderer's id only when the bid has exactly one tenderer with an id
 * (else ""); valid = 1 for status "valid", 0 for "disqualified",
 * "invalid", "withdrawn", "invited", -1 otherwise or absent; awarded = 1
 * when an active award names the bid in relatedBids or one of its
 * tenderers as a supplier (for the bid's lot when both give lots), else 0
 * when the awards are all final (active, cancelled, unsuccessful), else -1;
 * source = "file:/releases/3/bids/details/2" or, for JSON Lines,
 * "file.jsonl:4:/bids/details/2".
 *
 * Money: the amount as written, to integer pence, rounded half away from
 * zero (amount.h).  Jansson keeps a real only as a double, so the decimal
 * text is rebuilt as the shortest text that reads back to that double:
 * exact for any amount of up to 15 significant digits.
 *
 * Main currency: opt->currency, else the first currency on a bid.
 * Estimates in another currency are unknown (-1).
 *
 * Rejected through the sink (where = the place as in `source`, or
 * "file:line:col" for JSON syntax), counted in nrejected, never fatal:
 * text that is not JSON (the file, or one line), a release without a
 * string ocid, a record without compiledRelease, anything that is not a
 * release, a bid that is not an object, has no numeric amount, no
 * currency, another currency, or an amount that is zero (a placeholder, as
 * in bids.h), negative or implausible (amount.h: beyond 10^15 pence).
 * Hostile input (deep nesting, huge numbers, NUL, invalid UTF-8,
 * duplicate keys) is jansson's error, so a rejected line.  The sink's raw
 * text is the line (its first 4096 bytes) for JSON Lines, else "".
 *
 * Errors (-1): the file cannot be opened or read, or is larger than
 * OCDS_MAX_BYTES: CW_INPUT, "file: reason".  *out keeps whatever was
 * read before.
 */

#include <stddef.h>

#include "chainwatch/diag.h"
#include "chainwatch/tender.h"

#define OCDS_MAX_BYTES ((size_t)1 << 30)

struct ocds_options {
	const char *currency;      /* main currency, "GBP"; NULL: the first one seen */
};

/* One contracting process (one release), as Cardinal sees it. */
struct procedure {
	char *ocid;
	char *source;              /* where the release is: "t.json:/releases/3", "t.jsonl:4" */
	char *tender_status;       /* /tender/status, "" absent */
	char *method_details;      /* /tender/procurementMethodDetails; NULL when absent */
	int has_awards;            /* /awards is an array and /bids/details an array */
	size_t nawards_pending;    /* awards whose status is not active/cancelled/unsuccessful */
	size_t nactive;            /* active awards */
	char **supplier_ids;       /* suppliers of the active awards in order; "" where the id
				    * is not a string */
	size_t nsupplier_ids;
	size_t first_bid, nbids;   /* its rows: bids.v[first_bid .. first_bid + nbids) */
	size_t nbid_details;       /* bid details in the release, rejected ones included */
	int superseded;            /* a later release has the same ocid (nbids is then 0) */
};

struct ocds_data {
	struct bid_list bids;
	struct procedure *procs;   /* in file order */
	size_t nprocs, procs_cap;
	char currency[16];         /* the main currency, "" until one is seen */
	size_t nreleases;          /* releases read (= nprocs) */
	size_t nrejected;          /* rejects sent to the sink */
	size_t nsuperseded;        /* bids dropped with a superseded release */
};

void ocds_data_init(struct ocds_data *d);
void ocds_data_release(struct ocds_data *d);

/*
 * Read `path` (or the n bytes at p, called `name`; p is borrowed) and
 * append its releases to *out.  opt and sink may be NULL.  Bad input is
 * rejected, never an error: ocds_read_mem always returns 0, and
 * ocds_read_file -1 only when the file cannot be read at all.
 */
int ocds_read_file(const char *path, const struct ocds_options *opt, struct ocds_data *out,
		   const struct bid_reject_sink *sink, struct diag *err);
int ocds_read_mem(const char *p, size_t n, const char *name, const struct ocds_options *opt,
		  struct ocds_data *out, const struct bid_reject_sink *sink, struct diag *err);

#endif
