#ifndef CHAINWATCH_ENTITY_H
#define CHAINWATCH_ENTITY_H

/*
 * What a payee is: a company, a charity, a public body, an individual, or
 * unknown (SPEC §5, docs/risk-model.md "Who each payee is").
 *
 * The first rule that decides, in this order:
 *   1. an override a contract manager set (the caller's, not this module's);
 *   2. identifiers the council's file carries: a charity number -> charity
 *      (GB-CHC-, GB-SC-, GB-NIC-), a company number -> company (GB-COH-;
 *      CE/CS numbers are charitable incorporated organisations -> charity);
 *   2b. the Companies House register: the company the scan found by name
 *      (supplier.company, companymatch.h) -> company, GB-COH-<number>,
 *      "Companies House: <method> <confidence> (<name>)";
 *   3. a business form in the name (Ltd, plc, LLP, CIC, "& Sons", "T/A")
 *      -> company;
 *   4. the bundled register of public bodies (sectors/orgs/public-bodies.csv:
 *      councils with former names, NHS trusts, ICBs and CCGs, central
 *      government, police forces, universities), matched on a folded name
 *      that survives finance-system printing: case, "&"/"and", punctuation,
 *      bracketed references, "(DD)" and "Direct Debit", abbreviations
 *      ("Dist Coun", "MBC", "CC", "Nth"), "NHS" left out, and truncation;
 *   5. public-body name patterns (... Council, NHS ..., Constabulary,
 *      Police, Fire and Rescue, University, ... School);
 *   6. charity words (Charity, Charitable, Trust, Foundation, Hospice, CIO);
 *   7. a person's name: a title, or a given name (ONS lists,
 *      sectors/orgs/given-names.txt) or initial first, two to four words,
 *      none of them a trade, place or organisation word -> individual.
 *   Otherwise unknown (the risk model treats it as a company).
 */

#include "chainwatch/diag.h"
#include "chainwatch/supplier.h"

enum entity_type {
	ENTITY_UNKNOWN = 0,
	ENTITY_COMPANY,
	ENTITY_CHARITY,
	ENTITY_PUBLIC_BODY,
	ENTITY_INDIVIDUAL
};

#define ENTITY_ID_MAX 48
/* How a contract manager's correction's evidence begins (entitydb.h): "set by NAME on DATE" */
#define ENTITY_SET_BY "set by "
#define ENTITY_EVIDENCE_MAX 240

struct entity {
	enum entity_type type;
	char id[ENTITY_ID_MAX];               /* org-id.guide identifier, "" when none */
	char evidence[ENTITY_EVIDENCE_MAX];   /* what decided: "register (local authority): ..." */
};

/* "company", "charity", "public_body", "individual", "unknown" */
const char *entity_type_name(enum entity_type t);
/* The inverse; -1 when `s` names no type. */
int entity_type_parse(const char *s, enum entity_type *out);

struct entity_register;

/*
 * Load public-bodies.csv and given-names.txt from `dir` (default: the
 * orgs/ folder of the default sectors directory) into a new register, the
 * caller's to free with entity_register_free().  -1 with err filled (and
 * *out untouched) when a file cannot be read or a row is malformed
 * (file:line).
 */
int entity_register_load(const char *dir, struct entity_register **out, struct diag *err);
void entity_register_free(struct entity_register *r);
size_t entity_register_count(const struct entity_register *r);

/*
 * What a payee of this name is (rules 3-7; `r` may be NULL for the rules
 * that need no register).  Always fills `e`.
 */
void entity_classify_name(const struct entity_register *r, const char *name, struct entity *e);

/*
 * What a supplier is: its charity and company numbers (rule 2), then its
 * display name and the other names it was paid under.
 */
void entity_classify(const struct entity_register *r, const struct supplier *s, struct entity *e);

/*
 * The official register that identified supplier s as what it is (type, id
 * and evidence as entity_classify() or an override filled them):
 * "companies_house" (the bulk snapshot), "companies_house_api",
 * "charity_ew", "charity_sc", "charity_ni" (the charity registers of
 * England and Wales, Scotland, Northern Ireland), "public_bodies" (the
 * bundled register of public bodies).  NULL when no register did: a type
 * from the name, a pattern or the council's file alone, an individual, an
 * unknown.  A static string, never freed.
 */
const char *entity_register_of(const struct supplier *s, enum entity_type type, const char *id,
			       const char *evidence);

/*
 * The folded form names are compared in ("EAST DEVON DIST COUN (DD)" ->
 * "EAST DEVON DISTRICT COUNCIL") into out (size n).  For tests.
 */
void entity_fold(const char *name, char *out, size_t n);

#endif
