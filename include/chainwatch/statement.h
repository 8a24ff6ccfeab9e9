#ifndef CHAINWATCH_STATEMENT_H
#define CHAINWATCH_STATEMENT_H

/*
 * Modern Slavery Act s54 statements: which registry organisation a
 * supplier is, what its latest statement says, and whether the duty
 * likely applies (SPEC §5-§6, docs/statements.md).
 *
 * Matching, first that finds something wins:
 *   1. a contract manager's override "this supplier is ORG" (method
 *      "override"); "is not ORG" overrides remove ORG from every step;
 *   2. company number, normalised as everywhere (method "company number");
 *   3. name key (statement_name_key()) of any name the supplier was paid under
 *      equal to an organisation's (method "name"), or to a group
 *      statement's ParentName (method "parent name": the supplier is the
 *      parent that published for its group).  A registry row whose company
 *      number contradicts the supplier's is never taken by name;
 *   4. fuzzy name similarity (namematch.h): a best candidate scoring
 *      NAME_MATCH_ACCEPT or more with a clear lead is taken (method
 *      "fuzzy name", its score as the confidence); candidates scoring
 *      NAME_MATCH_CANDIDATE or more otherwise make the supplier
 *      "ambiguous", listed, never taken.  Two organisations with different
 *      company numbers behind one exact name are ambiguous too.
 *
 * Status: the matched organisation's latest statement (highest registry
 * year, then latest period end) is "found current" when its period ended
 * at most stale_months before the end of the scan period, else "found
 * stale"; "not found"; "ambiguous"; "not applicable" for public bodies,
 * which s54 does not cover.  "" when no registry has been loaded.
 *
 * In scope (the s54 duty: commercial organisations with turnover of £36m
 * or more): "required" on a registry turnover band of £36m or more in any
 * year or a supplier-master turnover of £36m or more; "not required" on a
 * master turnover under £36m, registry bands all under £36m, or a public
 * body; "not required" too on the latest accounts category on the
 * Companies House register (supplier.company) when only a micro-entity, a
 * small company or a dormant one may file it (MICRO ENTITY, SMALL, TOTAL
 * EXEMPTION FULL/SMALL, UNAUDITED/AUDITED ABRIDGED, DORMANT), the limits
 * and their dates in the reasons; FULL, GROUP, MEDIUM and the rest leave
 * it to the evidence below, and say so; else "likely" when the supplier is a member of a group that
 * publishes a group statement or the council paid it likely_spend or more
 * in the period; else "unknown".  The reasons name each piece of
 * evidence.
 */

#include <stddef.h>
#include <stdint.h>

#include "chainwatch/buf.h"
#include "chainwatch/diag.h"
#include "chainwatch/registry.h"
#include "chainwatch/supplier.h"

enum statement_status {
	STATEMENT_NOT_CHECKED = 0,     /* no registry loaded */
	STATEMENT_CURRENT,
	STATEMENT_STALE,
	STATEMENT_NOT_FOUND,
	STATEMENT_AMBIGUOUS,
	STATEMENT_NOT_APPLICABLE
};

/* "found current", "found stale", "not found", "ambiguous", "not applicable"; ""
 * for any other value.  Static strings, never freed. */
const char *statement_status_name(enum statement_status s);

enum in_scope { SCOPE_UNKNOWN = 0, SCOPE_REQUIRED, SCOPE_LIKELY, SCOPE_NOT_REQUIRED };

const char *in_scope_name(enum in_scope s);   /* "unknown", "required", "likely", "not required" */

struct statement_settings {
	int64_t likely_spend_pence;    /* default 50000000 (£500,000) */
	int stale_months;              /* default 18 */
	int32_t as_of;                 /* yyyymmdd: the end of the scan period */
};

void statement_settings_init(struct statement_settings *ss);

/*
 * The key names are matched on: identity.h's name_key() with a trailing
 * bare "UK" dropped too ("ARCADIS CONSULTING UK LTD" and "ARCADIS
 * CONSULTING (UK) LIMITED" agree).  Appended to out; -1 when out is full.
 */
int statement_name_key(const char *name, struct buf *out);

#define STATEMENT_MAX_CANDIDATES 3

struct statement {
	enum statement_status status;
	const struct registry_row *row;    /* the statement used; owned by the registry set */
	const char *method;                /* "override", "company number", "name", "parent name",
					    * "fuzzy name"; NULL when none */
	double confidence;                 /* 0..1; 0 when nothing matched */
	int via_group;                     /* covered by a group statement (row->parent_name) */
	int months_old;                    /* months from period end to as_of; -1 unknown */
	int nareas;                        /* areas covered of six; -1 unknown */
	int approved;                      /* an approver or approval date is recorded */
	enum in_scope scope;
	char *scope_reasons;               /* "turnover band ... on the 2022 registry; ..." */
	/*
	 * when a register decided scope: "micro accounts", "small accounts",
	 * "dormant" (the Companies House accounts category), "charity income"
	 * (a charity register's); NULL otherwise.  A static string.
	 */
	const char *scope_register;
	char *candidates;                  /* ambiguous: "NAME (01234567) 0.82; ...", else NULL */
	int years_searched_from, years_searched_to;   /* the registry years loaded */
};

/*
 * A contract manager's override of one supplier's match ("this supplier
 * is / is not that organisation"), kept in the database (registrydb.h).
 * Every string is owned by the override.
 */
struct statement_override {
	char *council;              /* the council whose supplier it is */
	char *supplier_key;
	char *action;               /* "is" or "is_not" */
	char *org;                  /* as typed: a company number or a registry name */
	char *org_key;              /* "cn:01234567" or "nm:NAME KEY" */
	char *set_by;
	char *set_at;               /* UTC */
	char *note;                 /* "" if none */
};

/* Free n overrides and their strings; NULL is fine. */
void statement_overrides_free(struct statement_override *o, size_t n);

/*
 * The registry rows statement_match() searches, indexed.  It is built from
 * rows handed in (registrydb_load_set() reads them from the database):
 * registry_set_new(), registry_set_add() per row,
 * registry_set_take_overrides(), then registry_set_index() once.
 */
struct registry_set;

/* An empty set.  You own it; release it with registry_set_free(). */
struct registry_set *registry_set_new(void);
/*
 * Add a copy of one row of snapshot `year` (registrydb_each()'s callback
 * shape; `set` is the struct registry_set *).  Only the text matching needs
 * is copied; registry_set_fill() adds the rest.  Returns 0: it cannot fail.
 */
int registry_set_add(void *set, int year, const struct registry_row *r);
/*
 * The council's overrides: the set takes o (and its strings) and frees it
 * in registry_set_free(); overrides given earlier are freed.
 */
void registry_set_take_overrides(struct registry_set *rs, struct statement_override *o,
				 size_t n);
/* Index the rows added: call once, after the last registry_set_add(). */
void registry_set_index(struct registry_set *rs);
/* Frees the set, its rows and overrides; NULL is fine. */
void registry_set_free(struct registry_set *rs);
/* How many rows were added; 0 for NULL. */
size_t registry_set_rows(const struct registry_set *rs);

/*
 * A matched row's key in the database (snapshot year and line), when its
 * report text (statement id, URLs, approver, sector type, last updated)
 * has not been filled yet: 1 and *year, *line set; 0 for a NULL set or
 * row or a filled one.
 */
int registry_set_row_key(const struct registry_set *rs, const struct registry_row *row,
			 int *year, unsigned long *line);
/*
 * Copy the report text of `full`, the database's copy of `row` (a row of
 * the set, as statement.row hands it out), into the set: the set owns the
 * copies, `full` is borrowed for the call.  Call once matching is done,
 * from one thread.  It cannot fail.
 */
void registry_set_fill(struct registry_set *rs, const struct registry_row *row,
		       const struct registry_row *full);

/*
 * Match one supplier (thread-safe on a loaded set).  `public_body`: the
 * risk model placed it among councils and public bodies.  Fills *out,
 * which you own: release it with statement_release(); its registry
 * pointers borrow from rs, which must outlive it.
 */
void statement_match(const struct registry_set *rs, const struct statement_settings *ss,
		     const struct supplier *s, int public_body, struct statement *out);
void statement_release(struct statement *st);

/* Areas the statement leaves out, ", "-joined, into b (reset first).  Returns b->s,
 * which b owns (valid until b changes). */
const char *statement_missing_areas(const struct statement *st, struct buf *b);

#endif
