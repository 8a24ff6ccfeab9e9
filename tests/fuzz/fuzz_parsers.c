/*
 * Fuzz the small parsers that see every cell: amounts, dates, identity keys,
 * text clean-up.  Invariants: never crash, never read past the input, and
 * what they produce is well formed.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chainwatch/amount.h"
#include "chainwatch/date.h"
#include "chainwatch/encoding.h"
#include "chainwatch/identity.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* an exact-size heap copy, so ASan sees any over-read */
	char *p = malloc(size ? size : 1);
	struct diag err;
	struct buf b;
	int64_t pence;
	int32_t ymd;
	char cn[9], vat[16], out[48];
	struct date_votes v = { 0, 0 };

	memcpy(p, data, size);
	diag_init(&err);
	if (amount_parse(p, size, &pence, &err) == 0) {
		int64_t again;

		amount_format(pence, out);
		if (amount_parse(out, strlen(out), &again, &err) != 0 || again != pence)
			abort();
	}
	if (date_parse(p, size, DATE_DMY, &ymd, &err) == 0 &&
	    !date_valid(ymd / 10000, ymd / 100 % 100, ymd % 100))
		abort();
	date_parse(p, size, DATE_MDY, &ymd, &err);
	date_vote(&v, p, size);
	if (company_number_normalise(p, size, cn) == 0 && strlen(cn) != 8)
		abort();
	vat_normalise(p, size, vat);
	payee_is_redacted(p, size);
	buf_init(&b, 1 << 20);
	text_clean(p, size, &b);
	if (utf8_valid(p, size) && !utf8_valid(b.s, b.len))
		abort();
	buf_reset(&b);
	name_key(p, size, &b);
	buf_release(&b);
	free(p);
	return 0;
}
