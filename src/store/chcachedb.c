/*
 * chcachedb.c: the ch_api_cache table (chcachedb.h).
 */
#include <stdio.h>
#include <string.h>

#include "chainwatch/chcachedb.h"
#include "store_private.h"

static const char *kind_name(enum chcache_kind kind)
{
	return kind == CHCACHE_NAME ? "name" : "number";
}

int chcachedb_get(struct store *st, enum chcache_kind kind, const char *key, int max_age_days,
		  int *found, struct chapi_company *out, struct diag *err)
{
	sqlite3_stmt *q = NULL;
	struct chapi_company c;
	int rc, ret = -1;

	rc = sqlite3_prepare_v2(st->db, "SELECT found, coalesce(number, ''), coalesce(name, ''),"
				" coalesce(status, ''), coalesce(category, ''),"
				" coalesce(accounts_category, ''), coalesce(incorporated, 0),"
				" coalesce(dissolved, 0), coalesce(sic, ''), coalesce(country, '')"
				" FROM ch_api_cache WHERE kind = ?1 AND key = ?2"
				" AND fetched_on >= date('now', '-' || ?3 || ' days')", -1, &q, NULL);
	if (rc != SQLITE_OK)
		return sdb_fail(st, rc, err);
	sdb_bind_text(q, 1, kind_name(kind));
	sdb_bind_text(q, 2, key);
	sdb_bind_int(q, 3, max_age_days);
	rc = sqlite3_step(q);
	if (rc == SQLITE_DONE) {
		ret = 0;
		goto out;
	}
	if (rc != SQLITE_ROW) {
		sdb_fail(st, rc, err);
		goto out;
	}
	*found = sqlite3_column_int(q, 0) != 0;
	if (*found) {
		memset(&c, 0, sizeof(c));
		sdb_copy_text(c.number, sizeof(c.number), q, 1);
		sdb_copy_text(c.name, sizeof(c.name), q, 2);
		sdb_copy_text(c.status, sizeof(c.status), q, 3);
		sdb_copy_text(c.category, sizeof(c.category), q, 4);
		sdb_copy_text(c.accounts_category, sizeof(c.accounts_category), q, 5);
		c.incorporated = (int32_t)sqlite3_column_int(q, 6);
		c.dissolved = (int32_t)sqlite3_column_int(q, 7);
		sdb_copy_text(c.sic, sizeof(c.sic), q, 8);
		sdb_copy_text(c.country, sizeof(c.country), q, 9);
		*out = c;
	}
	ret = 1;
out:
	sqlite3_finalize(q);
	return ret;
}

int chcachedb_put(struct store *st, enum chcache_kind kind, const char *key,
		  const struct chapi_company *c, struct diag *err)
{
	sqlite3_stmt *q = NULL;
	int rc;

	rc = sqlite3_prepare_v2(st->db, "INSERT OR REPLACE INTO ch_api_cache (kind, key,"
				" fetched_on, found, number, name, status, category,"
				" accounts_category, incorporated, dissolved, sic, country)"
				" VALUES (?1, ?2, date('now'), ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
				" ?11, ?12)", -1, &q, NULL);
	if (rc != SQLITE_OK)
		return sdb_fail(st, rc, err);
	sdb_bind_text(q, 1, kind_name(kind));
	sdb_bind_text(q, 2, key);
	sdb_bind_int(q, 3, c != NULL);
	if (c) {
		sdb_bind_text(q, 4, c->number);
		sdb_bind_text(q, 5, c->name);
		sdb_bind_text(q, 6, c->status);
		sdb_bind_text(q, 7, c->category);
		sdb_bind_text(q, 8, c->accounts_category);
		sdb_bind_int(q, 9, c->incorporated);
		sdb_bind_int(q, 10, c->dissolved);
		sdb_bind_text(q, 11, c->sic);
		sdb_bind_text(q, 12, c->country);
	}
	rc = sdb_step(st, q, err);
	sqlite3_finalize(q);
	return rc < 0 ? -1 : 0;
}
