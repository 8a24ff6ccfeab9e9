/*
 * libFuzzer harness for the CSV reader: parses the input with small limits
 * and checks the reader's promises on every record.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chainwatch/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csv_limits lim = { 16, 64, 8 };
	struct csv_reader *r;
	struct csv_record rec;
	struct diag err;
	unsigned long prev_end = 0;
	size_t total_raw = 0, i;
	int n;

	r = csv_reader_mem((const char *)data, size, &lim);
	while ((n = csv_next(r, &rec, &err)) == 1) {
		CHECK(rec.line >= 1);
		CHECK(rec.line <= rec.end_line);
		CHECK(rec.line > prev_end);
		prev_end = rec.end_line;
		CHECK(rec.end_line <= (unsigned long)size + 1);
		CHECK(rec.nfields <= lim.max_fields);
		CHECK(rec.raw != NULL || rec.rawlen == 0);
		if (rec.toobig) {
			CHECK(rec.nfields == 0);
			CHECK(rec.rawlen <= 4096);
		} else {
			CHECK(rec.nfields >= 1);
			CHECK(rec.rawlen <= lim.max_record);
		}
		/* raw bytes come from the input, in order */
		if (rec.rawlen) {
			total_raw += rec.rawlen;
			CHECK(total_raw <= size);
		}
		for (i = 0; i < rec.nfields; i++) {
			const struct csv_field *f = &rec.fields[i];

			CHECK(f->len <= lim.max_field);
			CHECK(f->len <= rec.rawlen);
			CHECK(f->p[f->len] == '\0');
		}
		if (rec.unterminated)
			CHECK(rec.rawlen == 0 || rec.toobig || memchr(rec.raw, '"', rec.rawlen));
	}
	CHECK(n == 0);
	CHECK(csv_next(r, &rec, &err) == 0);
	csv_reader_free(r);
	return 0;
}
