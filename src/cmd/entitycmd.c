/*
 * entitycmd.c: `chainwatch entity set | clear | list` (entitycmd.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chainwatch/entitycmd.h"
#include "chainwatch/entitydb.h"
#include "chainwatch/msg.h"
#include "chainwatch/outfile.h"
#include "chainwatch/registrydb.h"
#include "chainwatch/run.h"
#include "chainwatch/store.h"

/* An org-id.guide identifier: a scheme of upper-case letters and dashes, then the id. */
static int org_id_valid(const char *id)
{
	const char *p = id;
	int dashes = 0;

	for (; *p && ((*p >= 'A' && *p <= 'Z') || *p == '-'); p++)
		dashes += *p == '-';
	return p > id && dashes >= 1 && p[-1] == '-' && *p && strlen(id) < ENTITY_ID_MAX &&
	       !strchr(p, ' ');
}

static int open_council(const struct entity_options *o, struct store **st, char **council,
			struct diag *err)
{
	if (make_parent_dirs(o->db, err) < 0 || store_open(o->db, st, err) < 0)
		return -1;
	return store_pick_council(*st, o->council, NULL, council, err);
}

int entity_set_run(const struct entity_options *o, struct diag *err)
{
	struct entity_override ov;
	struct store *st = NULL;
	char *council = NULL, at[24];
	int known, code = CW_OK;

	memset(&ov, 0, sizeof(ov));
	if (entity_type_parse(o->type, &ov.type) < 0) {
		diag_set(err, CW_USAGE, "entity set: --type '%s' is not company, charity, "
			 "public_body, individual or unknown", o->type);
		return CW_USAGE;
	}
	if (o->id && *o->id && !org_id_valid(o->id)) {
		diag_set(err, CW_USAGE, "entity set: --id '%s' is not an org-id.guide identifier "
			 "(GB-COH-01234567, GB-CHC-1090095, GB-LAE-DEV)", o->id);
		return CW_USAGE;
	}
	if (open_council(o, &st, &council, err) < 0)
		goto fail;
	known = registrydb_supplier_known(st, council, o->supplier_key, err);
	if (known < 0)
		goto fail;
	if (!known) {
		diag_set(err, CW_USAGE, "no supplier '%s' of %s in '%s' (supplier keys are in the "
			 "first column of suppliers.csv)", o->supplier_key, council, o->db);
		goto fail;
	}
	ov.council = council;
	ov.supplier_key = (char *)o->supplier_key;
	ov.id = (char *)(o->id ? o->id : "");
	ov.set_by = (char *)o->by;
	ov.set_at = run_time_format(run_clock(), at);
	ov.note = (char *)(o->note ? o->note : "");
	if (entitydb_override_set(st, &ov, err) < 0)
		goto fail;
	notef("'%s' of %s is a%s %s%s%s (from the next scan)", o->supplier_key, council,
	      ov.type == ENTITY_INDIVIDUAL || ov.type == ENTITY_UNKNOWN ? "n" : "",
	      entity_type_name(ov.type), *ov.id ? ", " : "", ov.id);
	goto out;
fail:
	code = err->code ? err->code : CW_INTERNAL;
out:
	free(council);
	store_close(st);
	return code;
}

int entity_clear_run(const struct entity_options *o, struct diag *err)
{
	struct store *st = NULL;
	char *council = NULL;
	int code = CW_OK;
	long n;

	if (open_council(o, &st, &council, err) < 0 ||
	    (n = entitydb_override_clear(st, council, o->supplier_key, err)) < 0) {
		code = err->code ? err->code : CW_INTERNAL;
	} else {
		notef("%ld entity override%s of '%s' removed", n, n == 1 ? "" : "s",
		      o->supplier_key);
	}
	free(council);
	store_close(st);
	return code;
}

int entity_list_run(const struct entity_options *o, struct diag *err)
{
	struct store *st = NULL;
	struct entity_override *v = NULL;
	char *council = NULL;
	size_t n = 0, i;

	if (make_parent_dirs(o->db, err) < 0 || store_open(o->db, &st, err) < 0)
		return err->code;
	if ((o->council && store_pick_council(st, o->council, NULL, &council, err) < 0) ||
	    entitydb_overrides(st, council, &v, &n, err) < 0) {
		free(council);
		store_close(st);
		return err->code;
	}
	free(council);
	printf("council\tsupplier_key\tentity_type\tentity_id\tset_by\tset_at\tnote\n");
	for (i = 0; i < n; i++)
		printf("%s\t%s\t%s\t%s\t%s\t%s\t%s\n", v[i].council, v[i].supplier_key,
		       entity_type_name(v[i].type), v[i].id, v[i].set_by, v[i].set_at, v[i].note);
	entity_overrides_free(v, n);
	store_close(st);
	return CW_OK;
}
