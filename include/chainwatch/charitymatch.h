#ifndef CHAINWATCH_CHARITYMATCH_H
#define CHAINWATCH_CHARITYMATCH_H

/*
 * Matching a payee, as a council prints it, to the UK charity registers
 * (charities.h, charitiesdb.h): by the charity number when the council's
 * file gives one, else by name through the Companies House matcher's
 * machinery (companymatch.h: the same name variants, the same classes,
 * the same conservative fuzzy step), over every name a charity has.
 *
 *   1. A council's charity number (identity.h charity_number_parse():
 *      "NIC100019", "SC042386", "1090095-1", "GB-CHC-1090095") is looked
 *      up on the register its prefix names, on all of them when it has
 *      none.  One registered charity: that one (method "charity
 *      number").  A bare number on two registers (a 6-digit 100xxx is
 *      England and Wales's and Northern Ireland's): the one whose name key
 *      is the payee's; else ambiguous.  Removed charities are not taken;
 *      a number found nowhere falls through to the name.
 *   2. The name: the keys of the payee's name and its variants against
 *      every charity's current name first, then its working names
 *      (OSCR's Known As among them), then its previous names; registered
 *      charities before removed ones.  One charity in the first class
 *      that holds any is the match (method "exact name", "other name
 *      (working name)", "other name (previous name)"); several are
 *      ambiguous - unless exactly one of their current names is the payee's
 *      as printed, legal form included (companymatch.h: "NEWRY ARTS TRUST
 *      LIMITED" on England and Wales's register and "NEWRY ARTS TRUST" on
 *      Northern Ireland's are told apart so).  A Scottish entry OSCR
 *      marks Cross Border gives way to the England and Wales entry that
 *      shares its name (the same charity registered twice).  When no key finds anything, the fuzzy step of
 *      companymatch.h (a name cut mid-word, a misspelt word; never a word
 *      added or dropped, so "... TRUST" is never "... TRUST FUND" nor a
 *      regional branch "... (DEVON)") with method "fuzzy"; never for a payee
 *      whose name carries a company's legal form ("... LTD": a company a
 *      near spelling must not turn into a charity).
 *   3. Ambiguous charities of which exactly one has the company number
 *      the caller knows (the council's, or the Companies House match's):
 *      that one (method "name and company number", confidence 0.95) - a
 *      Northern Irish charity also registered in England and Wales under
 *      one name is told apart so.  Otherwise they stay ambiguous: listed,
 *      never chosen between.
 * A charity matched by name that the register shows as removed is not
 * taken (unmatched).
 */

#include <stddef.h>

#include "chainwatch/charities.h"
#include "chainwatch/companymatch.h"
#include "chainwatch/diag.h"

/*
 * Where charities are looked up: charitiesdb_find(), charitiesdb_keys()
 * and charitiesdb_find_number() with the store as ctx (or anything that
 * keeps their promises).  out[] arrays are the caller's.
 */
struct charity_source {
	long (*find)(void *ctx, const char *key, struct charity_info *out, size_t max,
		     struct diag *err);
	int (*keys)(void *ctx, const char *prefix, size_t max, struct company_keys *out,
		    struct diag *err);
	long (*find_number)(void *ctx, const char *scheme, const char *number,
			    struct charity_info *out, size_t max, struct diag *err);
	void *ctx;
};

#define CHARITY_MATCH_CANDIDATES 8

/* A payee's match.  Plain data, no ownership: a stack variable is fine (about 5 KB). */
struct charity_match {
	enum company_outcome outcome;
	char method[40];               /* as above; "" unless matched */
	double confidence;             /* 0 unless matched */
	struct charity_info charity;   /* the match (outcome MATCHED) */
	struct charity_info candidates[CHARITY_MATCH_CANDIDATES];   /* AMBIGUOUS: the charities */
	size_t ncandidates;
};

/*
 * Match `payee` (UTF-8, as printed; may be NULL when only a number is
 * known), with the council's charity number `number` and the company
 * number `company_number` known for it (each NULL or "" when none), into
 * *out.  0, or -1 with err (the source's error) and *out unmatched.
 */
int charity_match(const struct charity_source *src, const char *payee, const char *number,
		  const char *company_number, struct charity_match *out, struct diag *err);

#endif
