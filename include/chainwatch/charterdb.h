#ifndef CHAINWATCH_CHARTERDB_H
#define CHAINWATCH_CHARTERDB_H

/*
 * The figures of the annual Charter report, computed from the database
 * (part of the store): every scan of one council in one financial year
 * (April to March).  A run belongs to the year its period's first month
 * falls in.
 */

#include "chainwatch/charteryear.h"
#include "chainwatch/diag.h"
#include "chainwatch/store.h"

/*
 * The figures of council's year from..from+1 into *out (overwritten);
 * scans == 0 when it has none.  -1 (CW_DATABASE) on error.
 */
int charterdb_year(struct store *st, const char *council, int from, struct charter_year *out,
		   struct diag *err);

#endif
