/*
 * libFuzzer harness for the Companies House API's answers (chapi.h): the
 * same bytes read as a company profile and as search results.  Checks the
 * promises: never crash or read past the input; a profile read has an
 * 8-character number and a name, every field NUL-terminated within its
 * array; search results hold at most CHAPI_MAX_HITS items, each with a
 * number and a title; a failure leaves the out-parameter untouched.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chainwatch/chapi.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)

static int terminated(const char *s, size_t n)
{
	return memchr(s, '\0', n) != NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* an exact-size heap copy, so ASan sees any over-read */
	char *p = malloc(size ? size : 1);
	struct chapi_company c, untouched;
	struct chapi_hits *h = malloc(sizeof(*h));
	struct diag err;
	size_t i;

	memcpy(p, data, size);
	memset(&c, 0x5A, sizeof(c));
	untouched = c;
	diag_init(&err);
	if (chapi_read_profile(p, size, "fuzz", &c, &err) == 0) {
		CHECK(strlen(c.number) == 8 && c.name[0]);
		CHECK(terminated(c.name, sizeof(c.name)) && terminated(c.status, sizeof(c.status)));
		CHECK(terminated(c.category, sizeof(c.category)));
		CHECK(terminated(c.accounts_category, sizeof(c.accounts_category)));
		CHECK(terminated(c.sic, sizeof(c.sic)) && terminated(c.country, sizeof(c.country)));
	} else {
		CHECK(err.msg[0] && !memcmp(&c, &untouched, sizeof(c)));
	}
	h->n = CHAPI_MAX_HITS + 1;
	diag_init(&err);
	if (chapi_read_search(p, size, "fuzz", h, &err) == 0) {
		CHECK(h->n <= CHAPI_MAX_HITS);
		for (i = 0; i < h->n; i++)
			CHECK(strlen(h->item[i].number) == 8 && h->item[i].title[0] &&
			      terminated(h->item[i].status, sizeof(h->item[i].status)));
	} else {
		CHECK(err.msg[0] && h->n == CHAPI_MAX_HITS + 1);
	}
	free(h);
	free(p);
	return 0;
}
