/*
 * chartercmd.c: `chainwatch charter --year YYYY-YY` - the annual Charter
 * report written by charter_write() (charter.h), its problems and summary
 * on stderr.
 */
#include <stdlib.h>

#include "chainwatch/charter.h"
#include "chainwatch/cli.h"
#include "chainwatch/msg.h"

static void print_problem(void *ctx, const char *msg)
{
	(void)ctx;
	warnf("%s", msg);
}

int charter_run(const struct charter_options *o, struct diag *err)
{
	struct charter_sink sink = { print_problem, NULL };
	struct charter_written w;
	int code = charter_write(o, &sink, &w, err);

	if (code != CW_OK)
		return code;
	notef("charter %s for %s: %ld scan%s, %ld month%s covered%s; wrote %s/charter-%s.html "
	      "and .md", o->year, w.council, w.scans, w.scans == 1 ? "" : "s", w.months_covered,
	      w.months_covered == 1 ? "" : "s",
	      o->evidence ? "" : "; no evidence file: staff figures say \"not supplied\"", o->out,
	      o->year);
	free(w.council);
	return CW_OK;
}
