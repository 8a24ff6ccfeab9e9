/*
 * libFuzzer harness for the bid CSV reader (bids.h), appending to a list
 * that already holds one bid.  Checks its promises: a failed read leaves
 * the list as it was; on success every record after
 * the header is counted once (accepted + rejected + blank), each accepted
 * one is a well-formed bid from a numbered line of this file, and each
 * rejected one reached the sink.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chainwatch/bids.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)

struct count {
	unsigned long n;
};

static void on_reject(void *ctx, const char *where, const char *reason, const char *raw)
{
	struct count *c = ctx;

	CHECK(!strncmp(where, "bids.csv:", 9));
	CHECK(reason && *reason && raw);
	c->n++;
}

static void check_bid(const struct bid *b, size_t size)
{
	size_t cn = strlen(b->company_number);
	char *end;
	unsigned long line;

	CHECK(b->tender_id && *b->tender_id && b->bidder && *b->bidder);
	CHECK(b->lot && b->title && b->supplier_id && b->source);
	CHECK(cn == 0 || cn == 8);
	CHECK(b->price_pence > 0);
	CHECK(b->estimate_pence == -1 || b->estimate_pence > 0);
	CHECK(b->contract_months == -1 || (b->contract_months >= 1 && b->contract_months <= 1200));
	CHECK(b->labour_hours == -1 || (b->labour_hours >= 0 && b->labour_hours <= 1e9));
	CHECK(b->fte == -1 || (b->fte >= 0 && b->fte <= 1e9));
	CHECK(b->labour_share == -1 || (b->labour_share >= 0 && b->labour_share <= 1));
	CHECK(b->rlw_required >= -1 && b->rlw_required <= 1);
	CHECK(b->london >= -1 && b->london <= 1);
	CHECK(b->valid >= -1 && b->valid <= 1);
	CHECK(b->awarded >= -1 && b->awarded <= 1);
	CHECK(!strncmp(b->source, "bids.csv:", 9));
	line = strtoul(b->source + 9, &end, 10);
	CHECK(*end == '\0' && line >= 1 && line <= size + 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* an exact-size heap copy, so ASan sees any over-read */
	char *p = malloc(size ? size : 1);
	struct bid_reject_sink sink;
	struct count c = { 0 };
	struct bid_list l;
	struct bids_file st;
	struct diag err;
	size_t i;

	memcpy(p, data, size);
	sink.reject = on_reject;
	sink.ctx = &c;
	diag_init(&err);
	bid_list_init(&l);
	bid_list_add(&l)->price_pence = 4242;       /* a bid read before */
	memset(&st, 0xA5, sizeof(st));
	if (bids_read_mem(p, size, "bids.csv", &l, &sink, &st, &err) < 0) {
		CHECK(l.n == 1);
		CHECK(err.code == CW_INPUT && err.msg[0] != '\0');
	} else {
		CHECK(st.bytes == size);
		CHECK(strlen(st.sha256) == 64);
		CHECK(st.header_line >= 1);
		CHECK(st.records == st.accepted + st.rejected + st.blank);
		CHECK(st.accepted == l.n - 1);
		CHECK(st.rejected == c.n);
		CHECK(st.col[BIDS_TENDER_ID] >= 0 && st.col[BIDS_BIDDER] >= 0 &&
		      st.col[BIDS_PRICE] >= 0);
		for (i = 0; i < BIDS__COLS; i++)
			CHECK(st.col[i] >= -1 && st.col[i] < st.columns);
		for (i = 1; i < l.n; i++)
			check_bid(&l.v[i], size);
	}
	CHECK(l.v[0].price_pence == 4242 && !*l.v[0].tender_id && !*l.v[0].source);
	bid_list_release(&l);
	free(p);
	return 0;
}
