#ifndef CHAINWATCH_CHCACHEDB_H
#define CHAINWATCH_CHCACHEDB_H

/*
 * The Companies House API's answers kept in the database (ch_api_cache,
 * schema 10), so a scan asks the API once a month, not once a run.  Two
 * kinds of entry: by company number (a profile, or "not found" for a 404)
 * and by a payee's name key (the company the search found and whose title
 * has that name key, or "not found").  Each keeps the UTC day it was
 * fetched; an entry older than max_age_days is not returned, and a new
 * answer replaces it.
 *
 * Plain statements in autocommit: call these outside a transaction of the
 * caller's (a scan does, before store_lock()), or inside one, which then
 * holds the writes.
 */

#include "chainwatch/chapi.h"
#include "chainwatch/diag.h"
#include "chainwatch/store.h"

enum chcache_kind { CHCACHE_NAME, CHCACHE_NUMBER };

/*
 * The entry for (kind, key) fetched within the last max_age_days days:
 * 1 with *found (1 a company, *out filled, the caller's storage; 0 a
 * "not found" answer, *out untouched), 0 when there is none that young,
 * -1 with err on a database error.
 */
int chcachedb_get(struct store *st, enum chcache_kind kind, const char *key, int max_age_days,
		  int *found, struct chapi_company *out, struct diag *err);

/*
 * Keep an answer for (kind, key), fetched today (UTC): c the company, or
 * NULL for "not found".  c is borrowed.  -1 with err on a database error.
 */
int chcachedb_put(struct store *st, enum chcache_kind kind, const char *key,
		  const struct chapi_company *c, struct diag *err);

#endif
