#ifndef CHAINWATCH_ENTITYCMD_H
#define CHAINWATCH_ENTITYCMD_H

/*
 * `chainwatch entity`: a contract manager sets or corrects what a payee is
 * (entity.h), for one council; the next scan follows it.
 *   set KEY --type T [--id ID] --by NAME [--note TEXT]
 *   clear KEY
 *   list
 */

#include "chainwatch/diag.h"
#include "chainwatch/entity.h"

struct entity_options {
	const char *db;
	const char *council;           /* NULL = the database's only council */
	const char *supplier_key;      /* set, clear */
	const char *type;              /* set: company, charity, public_body, individual, unknown */
	const char *id;                /* set: org-id.guide identifier, optional */
	const char *by, *note;
};

/* Each returns the exit code (CW_OK, or err's code with err filled). */
int entity_set_run(const struct entity_options *o, struct diag *err);
int entity_clear_run(const struct entity_options *o, struct diag *err);
int entity_list_run(const struct entity_options *o, struct diag *err);

#endif
