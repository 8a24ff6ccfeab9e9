/*
 * libFuzzer harness for the Companies House BasicCompanyData reader
 * (companies.h), on a CSV or a zip in memory.  Checks its promises: every
 * record is counted once (accepted + rejected + blank), each accepted row
 * reaches the sink well formed (a name, clean UTF-8, a company number of
 * 1..8 letters and digits, real dates, 4-5 digit SIC codes) and each
 * rejected one with its place and line; a refused file is CW_INPUT with a
 * message; a sink that fails stops the read with its own error.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chainwatch/ascii.h"
#include "chainwatch/companies.h"
#include "fuzzcheck.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct seen {
	unsigned long rows, rejects;
	int stopped;
};

static int on_row(void *ctx, const struct company_row *r, struct diag *err)
{
	struct seen *s = ctx;
	size_t n = strlen(r->number), i;
	int k;

	CHECK(n >= 1 && n <= 8);
	for (i = 0; i < n; i++)
		CHECK(ascii_alnum((unsigned char)r->number[i]));
	check_text(r->name);
	CHECK(*r->name);
	check_text(r->category);
	check_text(r->status);
	check_text(r->country_of_origin);
	check_text(r->accounts_category);
	check_text(r->post_town);
	check_text(r->postcode);
	check_text(r->country);
	check_date(r->incorporated);
	check_date(r->dissolved);
	CHECK(r->nsic >= 0 && r->nsic <= COMPANIES_SIC_MAX);
	for (k = 0; k < r->nsic; k++)
		CHECK(strlen(r->sic[k]) >= 4 && strlen(r->sic[k]) <= 5);
	CHECK(r->nprevious >= 0 && r->nprevious <= COMPANIES_PREVIOUS_MAX);
	for (k = 0; k < r->nprevious; k++) {
		check_text(r->previous[k]);
		CHECK(*r->previous[k]);
		check_date(r->previous_until[k]);
	}
	CHECK(r->line >= 2);
	s->rows++;
	if (!strcmp(r->name, "STOP HERE")) {
		s->stopped = 1;
		return diag_set(err, CW_INPUT, "stopped by the sink");
	}
	return 0;
}

static void on_reject(void *ctx, const char *where, unsigned long line, const char *reason)
{
	struct seen *s = ctx;

	CHECK(where && *where);
	CHECK(line >= 2);
	CHECK(reason && *reason);
	s->rejects++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* an exact-size heap copy, so ASan sees any over-read */
	char *p = malloc(size ? size : 1);
	struct seen s = { 0, 0, 0 };
	struct companies_sink sink = { on_row, on_reject, &s };
	struct companies_file f;
	struct diag err;
	int rc;

	memcpy(p, data, size);
	memset(&f, 0, sizeof(f));
	diag_init(&err);
	rc = companies_read_mem(p, size, "BasicCompanyData.csv", &sink, &f, &err);
	if (s.stopped) {
		CHECK(rc == -1 && !strcmp(err.msg, "stopped by the sink"));
	} else if (rc < 0) {
		CHECK(err.code == CW_INPUT && err.msg[0]);
	} else {
		CHECK(f.records == f.accepted + f.rejected + f.blank);
		CHECK(f.accepted == s.rows);
		CHECK(f.rejected == s.rejects);
		CHECK(f.columns >= 2);
		check_date(f.latest_incorporation);
	}
	free(p);
	return 0;
}
