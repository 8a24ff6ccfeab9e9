#ifndef CHAINWATCH_CHANGES_H
#define CHAINWATCH_CHANGES_H

/*
 * What changed since the previous run of the same council (changesdb.h
 * says which run that is): the Changes sheet and changes.csv.  One change
 * per item:
 *
 *   new_supplier         paid this period, not in the previous run
 *   supplier_gone        in the previous run, not paid this period
 *   tier_up, tier_down   the tier moved; tiers rank Grey < Low < Medium <
 *                        High, as flag reopening ranks them (flags.h), so
 *                        a Grey supplier classified Low is a move up
 *   flag_new             raised now, not in the previous run
 *   flag_resolved        in the previous run, not raised now though this run
 *                        could have raised it: not the flags of a supplier
 *                        not paid this period (its supplier_gone change
 *                        counts them), nor statement flags in a run without
 *                        a registry, nor tender flags in one without bids
 *   flag_reopened        a cleared flag reopened this run (flag.reopened
 *                        is set); listed instead of flag_new
 *   statement_lapsed     "found current" then, "found stale" or "not found" now
 *   statement_appeared   "found current" now; "found stale", "not found" or
 *                        "ambiguous" then
 *   high_risk_spend_new  spend this period in a high-risk sector (sector
 *                        score CHANGES_HIGH_RISK_SECTOR or more, the
 *                        high_risk_sector flag's default) by a supplier with
 *                        no spend in the previous run or one whose sector
 *                        was then another, not high-risk one
 *
 * Suppliers join on their key, which is stable across runs.  Suppliers
 * or runs not assessed (no risk model, no registry) give no tier, sector or
 * statement changes.  Changes are listed by kind in the order above,
 * then in the report's supplier (priority) and flag order; gone suppliers
 * and resolved flags, which the report does not hold, by previous spend
 * and then key / by id.
 *
 * Flags of the previous run are an approximation (changesdb.h): the
 * database keeps when each flag was first and last seen, not every run's.
 */

#include <stddef.h>
#include <stdint.h>

#include "chainwatch/report.h"

#define CHANGES_HIGH_RISK_SECTOR 80

/*
 * The run compared with, as the diff takes it: plain lists, read from the
 * database by changesdb_previous() (changesdb.h) or built by a test.  The
 * run owns every string and array in it; release it with
 * previous_run_free().
 */
struct previous_supplier {
	char *key;
	char *name;
	int64_t spend_pence;
	int assessed;                  /* 0: the run had no risk model; tier and score unset */
	enum tier tier;
	int score;                     /* R, 0-100 */
	char *sector_id;               /* "" when no rule mapped it */
	enum statement_status statement;   /* STATEMENT_NOT_CHECKED without a registry */
};

struct previous_flag {
	char *id;                      /* "F" + 10 hex digits, stable across runs */
	char *supplier_key;
	char *supplier_name;           /* the supplier's latest name; "" if unknown */
	char *kind;                    /* flag_kind_name() text */
	char *severity;
	char *summary;                 /* the summary as last saved */
	char *review_status;           /* the latest review status */
	char *first_seen, *last_seen;  /* periods */
	int exact;                     /* its last_run is the previous run */
};

struct previous_run {
	char *id;
	char *period;
	struct previous_supplier *suppliers;   /* by key (byte order) */
	size_t nsuppliers;
	struct previous_flag *flags;           /* by id (byte order) */
	size_t nflags;
};

/* Frees a previous run and everything in it; NULL is fine. */
void previous_run_free(struct previous_run *p);

/* The previous run's supplier with `key` (borrowed from p), or NULL. */
const struct previous_supplier *previous_run_supplier(const struct previous_run *p,
						      const char *key);
/* The flag with `id` among those raised in the previous run (borrowed from p), or NULL. */
const struct previous_flag *previous_run_flag(const struct previous_run *p, const char *id);

enum change_kind {
	CHANGE_NEW_SUPPLIER,
	CHANGE_SUPPLIER_GONE,
	CHANGE_TIER_UP,
	CHANGE_TIER_DOWN,
	CHANGE_FLAG_NEW,
	CHANGE_FLAG_RESOLVED,
	CHANGE_FLAG_REOPENED,
	CHANGE_STATEMENT_LAPSED,
	CHANGE_STATEMENT_APPEARED,
	CHANGE_HIGH_RISK_SPEND_NEW,
	CHANGE__COUNT
};

/* "new_supplier", "supplier_gone", ... (the CSV's kind column); static, never freed */
const char *change_kind_name(enum change_kind k);
/* "New suppliers", "Suppliers gone", ... (the Summary's row labels); static */
const char *change_kind_label(enum change_kind k);
/* "New supplier", "Supplier gone", ... (one change, as a row shows it); static */
const char *change_kind_title(enum change_kind k);
/* +1 for a change that needs attention, -1 for one for the better, 0 neither. */
int change_kind_direction(enum change_kind k);

struct change {
	enum change_kind kind;
	char *supplier_key;
	char *supplier_name;
	char *flag_id;                 /* the flag_* kinds' flag; "" for the others */
	char *before;                  /* "Medium", "found current", "£1,200.00"; "" none */
	char *after;
	char *description;             /* one plain-English sentence */
	int64_t spend_before;          /* pence, net of credits; 0 when not in that run */
	int64_t spend_after;
	int in_before, in_after;       /* the supplier was in the previous run / is in this one */
	int before_is_spend;           /* `before` is spend_before as "£" text (changes.csv */
	int after_is_spend;            /* ... leaves it out: its spend columns are numbers) */
};

struct change_list {
	int first_run;                 /* no earlier run of this council to compare with */
	char *previous_id;             /* the run compared with; NULL on a first run */
	char *previous_period;
	struct change *items;
	size_t n;
	unsigned long counts[CHANGE__COUNT];
};

/* "no earlier run of this council to compare with": what outputs say on a first run. */
#define CHANGES_FIRST_RUN_TEXT "no earlier run of this council to compare with"

/*
 * The changes from `prev` (NULL: the council's first run, an empty list
 * with first_run set) to the report `r`, which has its suppliers,
 * assessments and flags (with flag.reopened marked) and need not be saved.
 * A pure function: it reads both and writes nothing (the command loads
 * `prev`, csvout_changes() writes changes.csv).  You own the result;
 * release it with change_list_free().  It cannot fail.
 */
struct change_list *changes_compute(const struct scan_report *r, const struct previous_run *prev);

void change_list_free(struct change_list *cl);

/* Changes of kind k; 0 for a NULL list. */
unsigned long changes_count(const struct change_list *cl, enum change_kind k);

#endif
