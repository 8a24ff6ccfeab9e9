#ifndef CHAINWATCH_CHARTER_H
#define CHAINWATCH_CHARTER_H

/*
 * `chainwatch charter --year 2025-26 [--evidence FILE]`: the report a
 * council publishes each year on its Charter Against Modern Slavery
 * commitments (SPEC §7, docs/charter.md).  The figures of the year come
 * from the database (charterdb.h), the facts only staff know from the
 * evidence file (evidence.h); templates/charter.html and charter.md
 * (template.h) word it, so a council can reword any sentence without
 * touching C.  Writes charter-<year>.html and .md into --out.
 */

#include "chainwatch/diag.h"

struct charter_options {
	const char *db;
	const char *council;
	const char *year;            /* "2025-26" */
	const char *evidence;        /* NULL: every supplied figure "not supplied" */
	const char *out;             /* default output/charter */
	const char *templates;       /* default templates/, then beside the program */
	int quiet;
};

void charter_options_init(struct charter_options *o);

/* "2025-26" -> 2025; -1 when it is not a financial year. */
int charter_year_parse(const char *s);

int charter_run(const struct charter_options *o, struct diag *err);

#endif
