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
};

void charter_options_init(struct charter_options *o);

/* "2025-26" -> 2025; -1 when it is not a financial year. */
int charter_year_parse(const char *s);

/* Where charter_write() sends each problem of the evidence file ("file:3:5: ..."). */
struct charter_sink {
	void (*problem)(void *ctx, const char *msg);   /* msg borrowed for the call */
	void *ctx;
};

/* What charter_write() wrote, for the command's summary line. */
struct charter_written {
	char *council;               /* the council reported on: you own it; free() it */
	long scans;                  /* the year's scans */
	long months_covered;
};

/*
 * Write charter-<year>.html and .md into o->out.  Returns the exit code:
 * CW_OK with *done filled, or err's code (CW_USAGE, CW_INPUT for evidence
 * or a template, CW_DATABASE, CW_OUTPUT) with err filled and *done
 * untouched.  Every problem of the evidence file goes to sink->problem
 * first, then err counts them ("... N problems (above); nothing written").
 * o, sink and their strings are borrowed.
 */
int charter_write(const struct charter_options *o, const struct charter_sink *sink,
		  struct charter_written *done, struct diag *err);

#endif
