/*
 * libFuzzer harness for the charity register reader (charities.h): the
 * Charity Commission's TAB-separated text form and its JSON form, OSCR's
 * and CCNI's CSVs.  Checks its promises: every
 * record is counted once (accepted + rejected + blank + linked), each
 * accepted row reaches the sink well formed (a name, or a code for a
 * classification row; OSCR's extra rows on their main row's line; clean UTF-8, a
 * charity number of 1..8 digits, a normalised company number or none,
 * real dates) and each rejected one with its line (rising; in the JSON
 * form several objects may share one, and the first may be line 1); a refused file is
 * CW_INPUT with a message; a sink that fails stops the read.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chainwatch/ascii.h"
#include "chainwatch/charities.h"
#include "fuzzcheck.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct seen {
	unsigned long rows[3], rejects, last_line;     /* rows per enum charity_table */
	size_t size;
	int stopped, json;
};

static int on_row(void *ctx, const struct charity_row *r, struct diag *err)
{
	struct seen *s = ctx;
	size_t n = strlen(r->number), i, cn = strlen(r->company_number);

	CHECK(n >= 1 && n <= 8);
	CHECK(r->reg == CHARITY_CCEW || r->reg == CHARITY_OSCR || r->reg == CHARITY_CCNI);
	/* OSCR's: SC + 6 digits; the others' 1..8 digits */
	if (r->reg == CHARITY_OSCR)
		CHECK(n == 8 && r->number[0] == 'S' && r->number[1] == 'C');
	for (i = r->reg == CHARITY_OSCR ? 2 : 0; i < n; i++)
		CHECK(ascii_digit((unsigned char)r->number[i]));
	check_text(r->name);
	CHECK((unsigned)r->table < 3);
	if (r->table == CHARITY_TABLE_CLASSIFICATION) {
		CHECK(r->code >= 101 && r->code <= 399);
		check_text(r->code_type);
		check_text(r->code_text);
	} else {
		CHECK(*r->name);
	}
	if (r->table == CHARITY_TABLE_OTHER_NAMES)
		CHECK(r->name_kind == CHARITY_NAME_WORKING || r->name_kind == CHARITY_NAME_PREVIOUS);
	check_text(r->type);
	check_text(r->status);
	check_text(r->postcode);
	CHECK(cn == 0 || cn == 8);
	check_date(r->registered);
	check_date(r->removed);
	CHECK(r->income >= -1);
	/* an OSCR or CCNI row's other name and classifications follow it on its line */
	if (r->reg != CHARITY_CCEW && r->table != CHARITY_TABLE_MAIN)
		CHECK(r->line == s->last_line);
	else
		CHECK((s->json ? r->line >= s->last_line : r->line > s->last_line) &&
		      r->line <= s->size + 1);
	s->last_line = r->line;
	s->rows[r->table]++;
	if (!strcmp(r->name, "STOP HERE")) {
		s->stopped = 1;
		return diag_set(err, CW_INPUT, "stopped by the sink");
	}
	return 0;
}

static void on_reject(void *ctx, unsigned long line, const char *reason)
{
	struct seen *s = ctx;

	CHECK(line >= (s->json ? 1u : 2u) && line <= s->size + 1);
	CHECK(reason && *reason);
	s->rejects++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* an exact-size heap copy, so ASan sees any over-read */
	char *p = malloc(size ? size : 1);
	struct seen s = { { 0, 0, 0 }, 0, 0, size, 0, 0 };
	size_t i = size >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3) ? 3 : 0;
	struct charities_sink sink = { on_row, on_reject, &s };
	struct charities_file f;
	struct diag err;
	int rc;

	memcpy(p, data, size);
	while (i < size && strchr(" \t\r\n", data[i]) && data[i])
		i++;
	s.json = i < size && data[i] == '[';
	diag_init(&err);
	rc = charities_read_mem(p, size, "publicextract.charity.txt", &sink, &f, &err);
	if (s.stopped) {
		CHECK(rc == -1 && !strcmp(err.msg, "stopped by the sink"));
	} else if (rc < 0) {
		CHECK(err.code == CW_INPUT && err.msg[0]);
	} else {
		CHECK(f.records == f.accepted + f.rejected + f.blank + f.linked);
		CHECK(f.accepted == s.rows[f.table]);
		CHECK(f.classifications == s.rows[CHARITY_TABLE_CLASSIFICATION]);
		CHECK(f.other_names == s.rows[CHARITY_TABLE_OTHER_NAMES]);
		/* only OSCR's and CCNI's main rows bring rows of other kinds */
		if (f.reg == CHARITY_CCEW)
			CHECK(s.rows[f.table] == s.rows[0] + s.rows[1] + s.rows[2]);
		CHECK(f.rejected == s.rejects);
		CHECK(f.columns >= 1);
		check_date(f.extract_date);
	}
	free(p);
	return 0;
}
