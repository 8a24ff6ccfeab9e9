#ifndef CHAINWATCH_TENDER_H
#define CHAINWATCH_TENDER_H

/*
 * Tender bids, as the abnormally-low-tender checks see them, whichever
 * file they came from: the documented bid CSV (bids.c) or OCDS JSON / JSON
 * Lines with the bids extension (ocds.c).  One struct bid per bid for one
 * lot of one tender; bids of a tender and lot are compared with each other.
 *
 * Unknown numbers are negative (-1), unknown flags -1, unknown text "".
 * Money is integer pence, ex-VAT, for the whole contract term.
 */

#include <stddef.h>
#include <stdint.h>

#include "chainwatch/diag.h"

struct bid {
	char *tender_id;          /* the council's tender reference, or the OCDS ocid */
	char *lot;                /* "" when the tender has no lots */
	char *title;
	int32_t tender_date;      /* yyyymmdd: decides the wage tables in force; 0 unknown */
	char *bidder;             /* bidder name as given */
	char *supplier_id;        /* the council's supplier ID or the OCDS party id, "" unknown */
	char company_number[9];   /* normalised (identity.h), "" unknown */
	int64_t price_pence;      /* the bid, whole term ex-VAT; -1 unknown */
	int64_t estimate_pence;   /* the council's pre-tender estimate; -1 unknown */
	int contract_months;      /* term; -1 unknown */
	double labour_hours;      /* productive labour hours over the whole term; -1 unknown */
	double fte;               /* full-time equivalents over the term; -1 unknown */
	double labour_share;      /* 0..1 share of the price that is labour; -1 unknown */
	int rlw_required;         /* the contract requires the Real Living Wage: 1, 0, -1 */
	int london;               /* the work is in London (London Living Wage): 1, 0, -1 */
	int valid;                /* a compliant bid (OCDS status "valid"): 1, 0, -1 unknown */
	int awarded;              /* this bid won: 1, 0, -1 unknown */
	char *source;             /* "bids.csv:12" or "tenders.jsonl:3:/bids/details/2" */
};

/* A growable list of bids (owns them). */
struct bid_list {
	struct bid *v;
	size_t n, cap;
};

void bid_list_init(struct bid_list *l);
void bid_list_release(struct bid_list *l);
/* A new zeroed bid at the end, its unknowns set (-1 / ""); owned by the list. */
struct bid *bid_list_add(struct bid_list *l);
void bid_release(struct bid *b);

/*
 * The bids of a list grouped by tender and lot (equal tender_id and lot
 * strings), in O(n log n): groups in the order of their first bid, each
 * group's bids in list order.  Group k's bids are the list indices
 * bid[start[k]] .. bid[start[k + 1] - 1].
 */
struct bid_groups {
	size_t *bid;              /* every bid's index, group after group */
	size_t *start;            /* n + 1 offsets into bid */
	size_t n;                 /* groups */
};

void bid_groups_init(struct bid_groups *g, const struct bid_list *l);
void bid_groups_release(struct bid_groups *g);

/* Bids are rejected through this, as spend rows are: where, and why. */
struct bid_reject_sink {
	void (*reject)(void *ctx, const char *where, const char *reason, const char *raw);
	void *ctx;
};

#endif
