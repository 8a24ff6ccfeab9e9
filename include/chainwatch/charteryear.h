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
#define CHARTER_STATUSES 6       /* open, under review, cleared, action plan, escalated, referred */

/* Who identified a payee (run_suppliers.register, entity_register_of()). */
enum charter_register {
	CHARTER_REG_COMPANIES,       /* Companies House: the bulk snapshot */
	CHARTER_REG_COMPANIES_API,   /* ... its API */
	CHARTER_REG_CHARITY_EW,      /* the Charity Commission for England and Wales */
	CHARTER_REG_CHARITY_SC,      /* OSCR (Scotland) */
	CHARTER_REG_CHARITY_NI,      /* CCNI (Northern Ireland) */
	CHARTER_REG_PUBLIC,          /* the register of public bodies */
	CHARTER_REG_INDIVIDUAL,      /* a person (no register: never named) */
	CHARTER_REG_NONE,            /* not identified on a register */
	CHARTER_REGISTERS
};

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
	/*
	 * What the official registers said of the year's payees (schema 11),
	 * each supplier counted once, by its latest run in the year, with its
	 * spend in the year.  registers_used: a run of the year looked in a
	 * Companies House or charity register snapshot, or one of its payees
	 * was found on one.
	 */
	int registers_used;
	long reg_suppliers[CHARTER_REGISTERS];   /* by enum charter_register */
	int64_t reg_pence[CHARTER_REGISTERS];
	long register_scans;         /* runs of the year that looked in a register snapshot */
	/* payees that runs saved before schema 11 found on a register, unrecorded */
	long registers_unrecorded;
	/* the s54 duty a register decided, by its basis */
	long scope_micro, scope_small, scope_dormant, scope_charity_under, scope_charity_over;
	/* company_not_active flags raised in the year: their suppliers' spend in the year, and
	 * their decisions (open, under review, cleared, action plan, escalated, referred) */
	long inactive_flags;
	int64_t inactive_pence;
	long inactive_status[CHARTER_STATUSES];
	/* the snapshots' dates the year's runs looked in, yyyymmdd, latest first; 0 ends */
	int32_t companies_dates[4], charities_dates[4];
	char registry_loaded[160];   /* "2025 (loaded 2026-01-05), 2024 (...)" */
	char first_period[16], last_period[16];
	/* the periods of runs crossing the year's start or end, "2025-01_2025-12, ...":
	 * each counts whole in the year where it starts */
	char crossing[128];
};

#endif
