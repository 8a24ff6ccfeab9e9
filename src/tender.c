/* tender.c: the bid list shared by the bid readers (tender.h). */
#include <stdlib.h>
#include <string.h>

#include "chainwatch/tender.h"
#include "chainwatch/xalloc.h"

void bid_list_init(struct bid_list *l)
{
	memset(l, 0, sizeof(*l));
}

void bid_release(struct bid *b)
{
	if (!b)
		return;
	free(b->tender_id);
	free(b->lot);
	free(b->title);
	free(b->bidder);
	free(b->supplier_id);
	free(b->source);
	memset(b, 0, sizeof(*b));
}

void bid_list_release(struct bid_list *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++)
		bid_release(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

struct bid *bid_list_add(struct bid_list *l)
{
	struct bid *b;

	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->v = xreallocarray(l->v, l->cap, sizeof(*l->v));
	}
	b = &l->v[l->n++];
	memset(b, 0, sizeof(*b));
	b->tender_id = xstrdup("");
	b->lot = xstrdup("");
	b->title = xstrdup("");
	b->bidder = xstrdup("");
	b->supplier_id = xstrdup("");
	b->source = xstrdup("");
	b->price_pence = b->estimate_pence = -1;
	b->contract_months = -1;
	b->labour_hours = b->fte = b->labour_share = -1;
	b->rlw_required = b->london = b->valid = b->awarded = -1;
	return b;
}
