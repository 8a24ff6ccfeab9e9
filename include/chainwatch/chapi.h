#ifndef CHAINWATCH_CHAPI_H
#define CHAINWATCH_CHAPI_H

/*
 * The Companies House public data API's answers, read (src/read/chapi.c):
 * a company profile (GET /company/{number}) and a company search
 * (GET /search/companies?q=NAME).  The text comes from the network: every
 * field is checked and cut to fit, and what is not as documented
 * (chguide_rest-api_company-profile.md) is a located error, never a crash.
 *
 * The API's enumerations are turned into the words the bulk product
 * prints, so a company read online reads like one from the snapshot:
 * company_status "active" -> "Active", "voluntary-arrangement" ->
 * "Voluntary Arrangement"; type "ltd" -> "Private Limited Company";
 * accounts.last_accounts.type "total-exemption-full" -> "TOTAL EXEMPTION
 * FULL".  Dates "YYYY-MM-DD" become yyyymmdd; company numbers are
 * normalised as the register's are (company_number_normalise, identity.h).
 */

#include <stddef.h>
#include <stdint.h>

#include "chainwatch/diag.h"

/* A company profile.  Plain arrays: nothing to release. */
struct chapi_company {
	char number[9];
	char name[256];
	char status[64];               /* "Active", "Dissolved", ...; "" when not given */
	char category[128];            /* "Private Limited Company", ... or the API's type */
	char accounts_category[64];    /* "MICRO ENTITY", "FULL", ... "" when none */
	int32_t incorporated, dissolved;   /* yyyymmdd, 0 unknown */
	char sic[24];                  /* "62020 70229", "" when none */
	char country[64];              /* registered office's country, "" when not given */
};

#define CHAPI_MAX_HITS 20

/* One search result. */
struct chapi_hit {
	char number[9];
	char title[256];
	char status[64];               /* as chapi_company.status */
};

/* A page of search results.  Plain arrays: nothing to release. */
struct chapi_hits {
	size_t n;                      /* at most CHAPI_MAX_HITS; the rest are dropped */
	struct chapi_hit item[CHAPI_MAX_HITS];
};

/*
 * Read a company profile from p[0..n); `name` names the text in errors
 * ("https://.../company/01234567").  0 and *out filled (the caller's
 * storage), or -1 with err (CW_INPUT) and *out untouched: not JSON, not an
 * object, no valid company_number or no company_name.
 */
int chapi_read_profile(const char *p, size_t n, const char *name, struct chapi_company *out,
		       struct diag *err);

/*
 * Read search results from p[0..n): the items with a valid company_number
 * and a title, in order (others are skipped).  0 and *out filled (the
 * caller's storage; n 0 when nothing was found), or -1 with err
 * (CW_INPUT) and *out untouched when it is not JSON or has no items array.
 */
int chapi_read_search(const char *p, size_t n, const char *name, struct chapi_hits *out,
		      struct diag *err);

#endif
