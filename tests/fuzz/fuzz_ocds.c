/*
 * libFuzzer harness for the OCDS reader (ocds.h): the input read as one
 * JSON text ("t.json", main currency from the first bid) and then, into the
 * same data, as JSON Lines ("t.jsonl", main currency GBP), so appending and
 * superseding across reads are driven too.  Checks the reader's promises:
 * bad input is rejected, never an error; every release is a procedure; the
 * procedures' bid ranges tile the bid list; only the last release of an
 * ocid keeps its bids; every kept bid is well formed.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chainwatch/ocds.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)

struct count {
	size_t n;
};

static void on_reject(void *ctx, const char *where, const char *reason, const char *raw)
{
	struct count *c = ctx;

	CHECK(where && reason && *reason && raw);
	CHECK(strlen(raw) <= 4096);
	c->n++;
}

static void check_bid(const struct bid *b)
{
	size_t cn = strlen(b->company_number);

	CHECK(b->tender_id && b->lot && b->title && b->bidder && b->supplier_id && b->source);
	CHECK(cn == 0 || cn == 8);
	CHECK(b->price_pence > 0 && b->price_pence <= 1000000000000000LL);
	CHECK(b->estimate_pence == -1 || b->estimate_pence >= 0);
	CHECK(b->valid >= -1 && b->valid <= 1);
	CHECK(b->awarded >= -1 && b->awarded <= 1);
}

static void check_data(const struct ocds_data *d, size_t rejected)
{
	size_t i, j, w = 0;

	CHECK(d->nreleases == d->nprocs);
	CHECK(d->nrejected == rejected);
	CHECK(memchr(d->currency, '\0', sizeof(d->currency)) != NULL);
	for (i = 0; i < d->nprocs; i++) {
		const struct procedure *p = &d->procs[i];

		CHECK(p->ocid && p->source && p->tender_status);
		CHECK(p->first_bid == w);
		CHECK(!p->superseded || p->nbids == 0);
		CHECK(p->nbids <= p->nbid_details);
		CHECK(p->nsupplier_ids == 0 || p->supplier_ids);
		for (j = 0; j < p->nsupplier_ids; j++)
			CHECK(p->supplier_ids[j]);
		w += p->nbids;
	}
	CHECK(w == d->bids.n);
	for (i = 0; i < d->bids.n; i++)
		check_bid(&d->bids.v[i]);
	/* superseded exactly when a later release has the same ocid (small inputs only) */
	if (d->nprocs <= 200)
		for (i = 0; i < d->nprocs; i++) {
			int later = 0;

			for (j = i + 1; j < d->nprocs && !later; j++)
				later = !strcmp(d->procs[i].ocid, d->procs[j].ocid);
			CHECK(d->procs[i].superseded == later);
		}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* an exact-size heap copy, so ASan sees any over-read */
	char *p = malloc(size ? size : 1);
	struct ocds_options gbp = { "GBP" };
	struct bid_reject_sink sink;
	struct count c = { 0 };
	struct ocds_data d;
	struct diag err;

	memcpy(p, data, size);
	sink.reject = on_reject;
	sink.ctx = &c;
	diag_init(&err);
	ocds_data_init(&d);
	CHECK(ocds_read_mem(p, size, "t.json", NULL, &d, &sink, &err) == 0);
	check_data(&d, c.n);
	CHECK(ocds_read_mem(p, size, "t.jsonl", &gbp, &d, &sink, &err) == 0);
	check_data(&d, c.n);
	ocds_data_release(&d);
	free(p);
	return 0;
}
