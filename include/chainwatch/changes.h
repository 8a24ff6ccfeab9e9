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
#include <stdio.h>

#include "chainwatch/changesdb.h"
#include "chainwatch/diag.h"
#include "chainwatch/report.h"
#include "chainwatch/store.h"

#define CHANGES_HIGH_RISK_SECTOR 80

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

/* "new_supplier", "supplier_gone", ... (the CSV's kind column) */
const char *change_kind_name(enum change_kind k);
/* "New suppliers", "Suppliers gone", ... (the Summary's row labels) */
const char *change_kind_label(enum change_kind k);
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
 * Free with change_list_free.
 */
struct change_list *changes_compute(const struct scan_report *r, const struct previous_run *prev);

/*
 * The same, with the previous run of r->run.council before r->run.period
 * loaded from the database: call before the run is saved (store_begin_run)
 * and not while another thread uses `st`.  -1 (CW_DATABASE) on error, *out
 * untouched.
 */
int changes_find(struct store *st, const struct scan_report *r, struct change_list **out,
		 struct diag *err);

void change_list_free(struct change_list *cl);

/* Changes of kind k; 0 for a NULL list. */
unsigned long changes_count(const struct change_list *cl, enum change_kind k);

/*
 * changes.csv: header "kind,supplier_key,supplier_name,before,after,
 * description", then one row per change (csvout.h's CSV rules).  A first
 * run, or a NULL list, has the header only.
 */
void changes_write_csv(FILE *fp, const struct change_list *cl);

#endif
