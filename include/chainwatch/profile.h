#ifndef CHAINWATCH_PROFILE_H
#define CHAINWATCH_PROFILE_H

/*
 * Column-mapping profiles: what to do when the built-in synonyms are not
 * enough for a finance system's export.  A profile is a JSON file in
 * profiles/ (see README "Adding a profile"):
 *
 *   {
 *     "name": "warwickshire-agresso",
 *     "description": "Warwickshire CC Agresso report dumps, 2012-2016",
 *     "encoding": "cp850",              optional: utf-8, windows-1252, cp850
 *     "header_line": 23,                optional: physical line of the header
 *     "date_order": "dmy",              optional: dmy or mdy
 *     "columns": {                      optional: role -> header text
 *       "supplier_name": "Supplier Name",
 *       "amount": "Amount"
 *     }
 *   }
 *
 * Roles are the names of columns.h (supplier_name, supplier_id, amount,
 * date, ...).  Unknown keys and roles are errors, located in the file.
 */

#include "chainwatch/columns.h"
#include "chainwatch/date.h"
#include "chainwatch/diag.h"
#include "chainwatch/encoding.h"

struct profile {
	char *name;
	char *path;
	char *description;
	enum text_encoding encoding;    /* ENC_AUTO when not set */
	unsigned long header_line;      /* 0 when not set */
	enum date_order date_order;     /* DATE_ORDER_AUTO when not set */
	char *columns[COL__COUNT];      /* header text per role, NULL when not set */
};

/*
 * Load by name (looked up as <dir>/<name>.json in: $CHAINWATCH_PROFILES,
 * ./profiles, <executable dir>/../profiles) or by path (contains '/' or
 * ends in .json).  CW_USAGE when no such profile, CW_INPUT when invalid.
 */
int profile_load(const char *name_or_path, struct profile **out, struct diag *err);
void profile_free(struct profile *p);

#endif
