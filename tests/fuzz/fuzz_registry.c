/*
 * libFuzzer harness for the registry reader (registry.h, the GOV.UK
 * StatementSummaries CSV).  Checks its promises: every record is counted
 * once (accepted + rejected + blank), each accepted row reaches the sink
 * well formed (a year, a name, clean UTF-8, a normalised company number,
 * real dates, known areas only) and each rejected one with its line; a
 * sink that fails stops the read with its own error.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chainwatch/registry.h"
#include "fuzzcheck.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct seen {
	unsigned long rows, rejects, last_line;
	size_t size;
	int stopped;
};

static int on_row(void *ctx, const struct registry_row *r, struct diag *err)
{
	struct seen *s = ctx;
	size_t cn = strlen(r->company_number);

	CHECK(r->year >= 2015 && r->year <= 2100);
	check_text(r->org_name);
	CHECK(*r->org_name);
	CHECK(cn == 0 || cn == 8);
	check_text(r->parent_name);
	check_text(r->statement_id);
	check_text(r->statement_url);
	check_text(r->summary_url);
	check_text(r->approver);
	check_text(r->sector_type);
	check_text(r->last_updated);
	check_date(r->period_start);
	check_date(r->period_end);
	check_date(r->approved);
	CHECK((r->areas & ~r->areas_known) == 0);
	CHECK(r->areas_known < 1u << REGISTRY_AREAS);
	CHECK(r->turnover >= TURNOVER_UNKNOWN && r->turnover <= TURNOVER_OVER_500M);
	CHECK(turnover_band_label(r->turnover) != NULL);
	CHECK(r->line > s->last_line && r->line <= s->size + 1);
	s->last_line = r->line;
	s->rows++;
	if (!strcmp(r->org_name, "STOP HERE")) {
		s->stopped = 1;
		return diag_set(err, CW_INPUT, "stopped by the sink");
	}
	return 0;
}

static void on_reject(void *ctx, unsigned long line, const char *reason)
{
	struct seen *s = ctx;

	CHECK(line >= 1 && line <= s->size + 1);
	CHECK(reason && *reason);
	s->rejects++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* an exact-size heap copy, so ASan sees any over-read */
	char *p = malloc(size ? size : 1);
	struct seen s = { 0, 0, 0, size, 0 };
	struct registry_sink sink = { on_row, on_reject, &s };
	struct registry_file f;
	struct diag err;
	int rc;

	memcpy(p, data, size);
	diag_init(&err);
	rc = registry_read_mem(p, size, "StatementSummaries.csv", &sink, &f, &err);
	if (s.stopped) {
		CHECK(rc == -1 && !strcmp(err.msg, "stopped by the sink"));
	} else if (rc < 0) {
		CHECK(err.code == CW_INPUT && err.msg[0]);
	} else {
		CHECK(f.bytes == size);
		CHECK(strlen(f.sha256) == 64);
		CHECK(f.records == f.accepted + f.rejected + f.blank);
		CHECK(f.accepted == s.rows);
		CHECK(f.rejected == s.rejects);
		CHECK(f.statements <= f.accepted);
		CHECK(f.year == 0 ? f.accepted == 0 : f.year >= 2015 && f.year <= 2100);
		CHECK(f.columns >= 2);
	}
	free(p);
	return 0;
}
