#ifndef CHAINWATCH_CHARTERYEAR_H
#define CHAINWATCH_CHARTERYEAR_H

/*
 * The figures of one financial year (April to March) of one council, as
 * the annual Charter report shows them: the store computes them
 * (charterdb.h), the report writer words them (charter.h); neither needs
 * the other.  Plain values, nothing to free.
 */

#include <stddef.h>
#include <stdint.h>

#define CHARTER_TIERS 4          /* High, Medium, Low, Grey */
#define CHARTER_MAX_KINDS 16

struct charter_kind {
	char kind[32];               /* flags.kind */
	long raised, cleared, open, other;   /* other: under review, action plan, ... */
};

struct charter_year {
	int from;                    /* 2025 for 2025-26 */
	long scans;
	int months[12];              /* months with a scan, April first */
	long months_covered;
	int64_t spend_pence;         /* accepted, redacted included */
	int64_t redacted_pence;
	long suppliers;              /* distinct suppliers paid */
	long tier_suppliers[CHARTER_TIERS];   /* by their latest tier in the year */
	int64_t tier_pence[CHARTER_TIERS];    /* spend in the year by that tier */
	/* the registry, at the year's latest run */
	int registry_checked;
	long in_scope, statement_current, statement_stale, statement_not_found,
	     statement_ambiguous;
	/*
	 * in_scope split by its evidence: a turnover of £36m or more (the
	 * registry's band or the supplier master), or council spend and group
	 * membership alone with the turnover unknown
	 */
	long scope_turnover, scope_spend;
	/* flags first raised in the year; decisions on those last seen in it */
	struct charter_kind kinds[CHARTER_MAX_KINDS];
	size_t nkinds;
	long flags_raised, flags_cleared, flags_open, flags_reopened;
	/* tenders checked in the year */
	long bids_checked, bids_investigate, bids_note, tenders_checked;
	/* decisions recorded in the year (audit rows other than a scan's) */
	long reviews, flags_reviewed;
	char registry_loaded[160];   /* "2025 (loaded 2026-01-05), 2024 (...)" */
	char first_period[16], last_period[16];
	/* the periods of runs crossing the year's start or end, "2025-01_2025-12, ...":
	 * each counts whole in the year where it starts */
	char crossing[128];
};

#endif
