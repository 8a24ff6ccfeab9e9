#ifndef CHAINWATCH_COMPANYMATCH_H
#define CHAINWATCH_COMPANYMATCH_H

/*
 * Matching a payee name, as a council prints it, to the Companies House
 * register (companiesdb.h) when the council's file gives no company
 * number.
 *
 * The payee is keyed with identity.h name_key() (case, punctuation,
 * "&"/AND, LTD/LIMITED/PLC/LLP at the end, a leading THE, "(UK)", "T/A"
 * and "trading as" tails), and tried in this order, the first that finds
 * any company deciding:
 *
 *   1. the name as printed;
 *   2. without a descriptor after " - " ("ACME LTD - PAYROLL"), without
 *      bracketed parts at the end ("(Ref 1234)", "(Exeter branch)", an
 *      unclosed "(..." cut off; brackets inside the name stay: "ACME (2015)
 *      LTD" is a company of its own), and without both; each also without
 *      a legal form cut short at the end ("LIMITE", "LIMI", "LT"); then
 *      any of these with runs of one-letter words joined ("I T" -> "IT",
 *      from "I.T.");
 *
 * against the key of every current and previous company name.  When
 * several companies hold the key by their current name ("ACME LIMITED",
 * "ACME (UK) LIMITED", "ACME LLP": the key folds "(UK)" and the legal
 * form away), the one whose name is the payee's, legal form and "(UK)"
 * included, is taken whatever its status; else the one whose name is the
 * payee's but for the legal form.  Otherwise, of the companies the key
 * finds, the first non-empty class decides: active
 * companies by their current name; active companies by a previous name;
 * others (liquidation, administration, ...) by current name; others by a
 * previous name.  One company in it is the match (method "exact name" or
 * "previous name"); several are "ambiguous", listed, never chosen
 * between ("TWIN NAME" with TWIN NAME LIMITED and TWIN NAME LLP; "TWIN
 * NAME LTD" is the first).  So a payee printed as "ACME LTD" is ACME
 * LIMITED, never ACME HOLDINGS LIMITED or ACME (SOUTH WEST) LIMITED, and
 * "ACME (SOUTH WEST) LTD" is that company itself.
 *
 * Only when no key finds anything, a conservative fuzzy step (method
 * "fuzzy"):
 *   - a name cut off mid-word at a field width (a key of 15 bytes or more
 *     whose last word is the start of a longer one: "ACME ENVIRONMENTAL
 *     SERV"), when every key beginning with it completes that word and
 *     they lead to one company: taken with confidence 0.85.  When a key
 *     beginning with it has more words ("... SERVICES HOLDINGS"), that
 *     sibling may be what was cut: ambiguous;
 *   - a misspelling: keys of the same number of words beginning with the
 *     payee's first word and the first two letters of its second (at most
 *     64 keys), scored by name_similarity() (namematch.h);
 *     the best at NAME_MATCH_ACCEPT or more, leading the next company by
 *     NAME_MATCH_MARGIN, is taken with its score as the confidence; a
 *     close second makes it ambiguous.
 * A key with a word added ("HOLDINGS", "GROUP", a place) is never fuzzy,
 * so siblings are never chosen.  Anything else is unmatched.
 *
 * Confidence: 1.0 for the name as printed, 0.95 through a variant of
 * step 2, less 0.05 through a previous name.
 *
 * The charity registers are matched by the same machinery
 * (charitymatch.h): a company_source whose hits are charities, their
 * org-id as the number and `previous` the kind of name that led there.
 */

#include <stddef.h>

#include "chainwatch/diag.h"

/* One company a name key led to.  Plain arrays: no ownership. */
struct company_hit {
	char number[16];            /* a company number; charitymatch.h's: the charity's org-id */
	char name[256];             /* its current name (cut at 255 bytes) */
	char key[256];              /* the key that led here */
	char status[64];
	int previous;               /* 0 led here by the current name, 1 by a previous name (a
				     * charity's working name), 2 a charity's previous name */
	int active;                 /* companies_status_active(status) */
};

/*
 * A growable list of hits, zeroed to start.  You own v: release it with
 * company_hits_release(), which leaves the list empty and reusable.
 */
struct company_hits {
	struct company_hit *v;
	size_t n, cap;
};

void company_hits_release(struct company_hits *h);

/*
 * Name keys, for a scan of the keys beginning with a prefix; zeroed to
 * start.  You own v: release it with company_keys_release().
 */
struct company_keys {
	char (*v)[256];
	size_t n, cap;
};

void company_keys_release(struct company_keys *k);

/*
 * Where companies are looked up: companiesdb_find() and companiesdb_keys()
 * with a companies_reader as ctx (or anything that keeps their promises).
 */
struct company_source {
	int (*find)(void *ctx, const char *key, size_t max, struct company_hits *out,
		    struct diag *err);
	int (*keys)(void *ctx, const char *prefix, size_t max, struct company_keys *out,
		    struct diag *err);
	void *ctx;
};

enum company_outcome {
	COMPANY_UNMATCHED = 0,
	COMPANY_MATCHED,
	COMPANY_AMBIGUOUS
};

#define COMPANY_MATCH_CANDIDATES 8

/* A payee's match.  Plain data, no ownership: a stack variable is fine. */
struct company_match {
	enum company_outcome outcome;
	const char *method;            /* "exact name", "previous name", "fuzzy"; "" unmatched */
	double confidence;             /* 0 unless matched */
	char key[256];                 /* the key that decided ("" unmatched) */
	struct company_hit company;    /* the match (outcome MATCHED) */
	struct company_hit candidates[COMPANY_MATCH_CANDIDATES];   /* AMBIGUOUS: the companies */
	size_t ncandidates;
};

/*
 * Whether a name as printed carries a company's legal form as a word (LTD,
 * LIMITED, PLC, LLP, LP, CIC): the payee says it is a company.
 */
int company_name_has_legal_form(const char *name);

/* "unmatched", "matched", "ambiguous"; a static string */
const char *company_outcome_name(enum company_outcome o);

/*
 * Match `payee` (UTF-8, as printed) into *out.  0, or -1 with err (the
 * source's error, CW_DATABASE) and *out unmatched.
 */
int company_match_name(const struct company_source *src, const char *payee,
		       struct company_match *out, struct diag *err);

#endif
