/*
 * entitydb.c: the entity_overrides table (entitydb.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chainwatch/entitydb.h"
#include "chainwatch/xalloc.h"
#include "store_private.h"

int entitydb_override_set(struct store *st, const struct entity_override *o, struct diag *err)
{
	sqlite3_stmt *q = NULL;
	int rc;

	rc = sqlite3_prepare_v2(st->db, "INSERT OR REPLACE INTO entity_overrides (council,"
				" supplier_key, entity_type, entity_id, set_by, set_at, note)"
				" VALUES (?1, ?2, ?3, nullif(?4, ''), ?5, ?6, nullif(?7, ''))",
				-1, &q, NULL);
	if (rc != SQLITE_OK)
		return sdb_fail(st, rc, err);
	sdb_bind_text(q, 1, o->council);
	sdb_bind_text(q, 2, o->supplier_key);
	sdb_bind_text(q, 3, entity_type_name(o->type));
	sdb_bind_text(q, 4, o->id ? o->id : "");
	sdb_bind_text(q, 5, o->set_by);
	sdb_bind_text(q, 6, o->set_at);
	sdb_bind_text(q, 7, o->note ? o->note : "");
	rc = sdb_step(st, q, err);
	sqlite3_finalize(q);
	return rc < 0 ? -1 : 0;
}

long entitydb_override_clear(struct store *st, const char *council, const char *supplier_key,
			     struct diag *err)
{
	sqlite3_stmt *q = NULL;
	int rc;

	rc = sqlite3_prepare_v2(st->db, "DELETE FROM entity_overrides WHERE council = ?1"
				" AND supplier_key = ?2", -1, &q, NULL);
	if (rc != SQLITE_OK)
		return sdb_fail(st, rc, err);
	sdb_bind_text(q, 1, council);
	sdb_bind_text(q, 2, supplier_key);
	rc = sdb_step(st, q, err);
	sqlite3_finalize(q);
	if (rc < 0)
		return -1;
	return (long)sqlite3_changes(st->db);
}

static char *col_dup(sqlite3_stmt *q, int col)
{
	const unsigned char *t = sqlite3_column_text(q, col);

	return xstrdup(t ? (const char *)t : "");
}

int entitydb_overrides(struct store *st, const char *council, struct entity_override **out,
		       size_t *n, struct diag *err)
{
	struct entity_override *v = NULL;
	sqlite3_stmt *q = NULL;
	size_t count = 0;
	int rc;

	rc = sqlite3_prepare_v2(st->db, "SELECT council, supplier_key, entity_type,"
				" coalesce(entity_id, ''), set_by, set_at, coalesce(note, '')"
				" FROM entity_overrides WHERE ?1 IS NULL OR council = ?1"
				" ORDER BY council, supplier_key", -1, &q, NULL);
	if (rc == SQLITE_OK)
		sdb_bind_opt(q, 1, council);
	while (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct entity_override *o;
		char *type;

		v = xreallocarray(v, count + 1, sizeof(*v));
		o = &v[count++];
		o->council = col_dup(q, 0);
		o->supplier_key = col_dup(q, 1);
		type = col_dup(q, 2);
		if (entity_type_parse(type, &o->type) < 0)
			o->type = ENTITY_UNKNOWN;      /* the table's CHECK allows no other */
		free(type);
		o->id = col_dup(q, 3);
		o->set_by = col_dup(q, 4);
		o->set_at = col_dup(q, 5);
		o->note = col_dup(q, 6);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE) {
		entity_overrides_free(v, count);
		return sdb_fail(st, rc, err);
	}
	*out = v;
	*n = count;
	return 0;
}

void entity_overrides_free(struct entity_override *o, size_t n)
{
	size_t i;

	for (i = 0; o && i < n; i++) {
		free(o[i].council);
		free(o[i].supplier_key);
		free(o[i].id);
		free(o[i].set_by);
		free(o[i].set_at);
		free(o[i].note);
	}
	free(o);
}

const struct entity_override *entity_override_find(const struct entity_override *o, size_t n,
						   const char *key)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(o[mid].supplier_key, key);

		if (!c)
			return &o[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

void entity_from_override(const struct entity_override *o, struct entity *e)
{
	memset(e, 0, sizeof(*e));
	e->type = o->type;
	snprintf(e->id, sizeof(e->id), "%s", o->id ? o->id : "");
	snprintf(e->evidence, sizeof(e->evidence), ENTITY_SET_BY "%s on %.10s%s%s", o->set_by,
		 o->set_at, o->note && *o->note ? ": " : "", o->note ? o->note : "");
}
