/*
 * charterrun.c: `chainwatch charter` - the year's figures read from the
 * database (charterdb.h), the evidence file read and the report written
 * (charter.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "chainwatch/charter.h"
#include "chainwatch/charterdb.h"
#include "chainwatch/store.h"
#include "chainwatch/template.h"

int charter_run(const struct charter_options *o, struct diag *err)
{
	struct store *st = NULL;
	struct charter_year y, prev;
	struct tval *data = NULL;
	struct charter_options named;
	char *council = NULL;
	int from = charter_year_parse(o->year ? o->year : ""), code = CW_OK;

	if (from < 0) {
		diag_set(err, CW_USAGE, "charter: --year '%s' is not a financial year like 2025-26",
			 o->year ? o->year : "");
		code = CW_USAGE;
		goto out;
	}
	if (access(o->db, F_OK) != 0) {
		diag_set(err, CW_DATABASE, "no database '%s': run the year's scans first", o->db);
		goto fail;
	}
	if (charter_data_new(o->evidence, &data, err) < 0 ||
	    store_open(o->db, &st, err) < 0 ||
	    store_pick_council(st, o->council, "Unnamed council", &council, err) < 0)
		goto fail;
	named = *o;
	named.council = council;
	o = &named;
	if (charterdb_year(st, o->council, from, &y, err) < 0 ||
	    charterdb_year(st, o->council, from - 1, &prev, err) < 0 ||
	    charter_write(o, from, &y, &prev, data, err) < 0)
		goto fail;
	if (!o->quiet)
		fprintf(stderr, "chainwatch: charter %s for %s: %ld scan%s, %ld month%s covered%s; "
			"wrote %s/charter-%s.html and .md\n", o->year, o->council, y.scans,
			y.scans == 1 ? "" : "s", y.months_covered, y.months_covered == 1 ? "" : "s",
			o->evidence ? "" : "; no evidence file: staff figures say \"not supplied\"",
			o->out, o->year);
	goto out;
fail:
	code = err->code ? err->code : CW_INTERNAL;
out:
	store_close(st);
	tval_free(data);
	free(council);
	return code;
}
