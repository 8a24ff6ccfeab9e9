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
 *
 * cmd_charter (src/cmd/chartercmd.c) is the command: it reads the figures
 * through the store and hands them to charter_write, which never opens
 * the database.
 */

#include "chainwatch/diag.h"

struct tval;
struct charter_year;

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

/* Where the evidence file's problems go ("file:3:5: ..."), one call each. */
struct charter_sink {
	void (*problem)(void *ctx, const char *msg);   /* msg borrowed for the call */
	void *ctx;
};

/*
 * The report's template data, with the staff's evidence file read into its
 * "evidence" object when `evidence` is not NULL (every problem of the file
 * sent to sink->problem first, then CW_INPUT counting them), else an empty
 * one.  You own *out; release it with tval_free().  -1 on error, *out
 * untouched.
 */
int charter_data_new(const char *evidence, const struct charter_sink *sink, struct tval **out,
		     struct diag *err);

/*
 * Put the year's figures `y` and the year before's `prev` (charteryear.h)
 * into `data` (from charter_data_new) and write charter-<o->year>.html and
 * .md into o->out, created if missing, worded by the templates in
 * o->templates.  o->council names the council.  -1 on error: CW_INPUT for
 * a template, CW_OUTPUT for a file; a file written before stays.
 */
int charter_write(const struct charter_options *o, int from, const struct charter_year *y,
		  const struct charter_year *prev, struct tval *data, struct diag *err);

#endif
