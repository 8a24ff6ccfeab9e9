/*
 * tender.c: the bid list shared by the bid readers, and its groups by
 * tender and lot (tender.h).
 */
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

/* ---- groups: one per tender and lot ---- */

struct group_key {
	const char *tender, *lot;
	size_t i;                 /* the bid; then the group's first bid */
	size_t at, n;             /* the group's run in the sorted keys */
};

static int by_tender_lot(const void *x, const void *y)
{
	const struct group_key *a = x, *b = y;
	int c = strcmp(a->tender, b->tender);

	if (!c)
		c = strcmp(a->lot, b->lot);
	return c ? c : (a->i > b->i) - (a->i < b->i);
}

static int by_first_bid(const void *x, const void *y)
{
	const struct group_key *a = x, *b = y;

	return (a->i > b->i) - (a->i < b->i);
}

void bid_groups_init(struct bid_groups *g, const struct bid_list *l)
{
	struct group_key *k = xcalloc(l->n ? l->n : 1, sizeof(*k));
	struct group_key *runs = xcalloc(l->n ? l->n : 1, sizeof(*runs));
	size_t i, j, w = 0;

	memset(g, 0, sizeof(*g));
	for (i = 0; i < l->n; i++) {
		k[i].tender = l->v[i].tender_id;
		k[i].lot = l->v[i].lot;
		k[i].i = i;
	}
	if (l->n)
		qsort(k, l->n, sizeof(*k), by_tender_lot);
	for (i = 0; i < l->n; i = j) {       /* each run of one tender and lot */
		for (j = i + 1; j < l->n && !strcmp(k[j].tender, k[i].tender) &&
				!strcmp(k[j].lot, k[i].lot); j++)
			;
		runs[g->n].i = k[i].i;       /* sorted by bid within the run: its first */
		runs[g->n].at = i;
		runs[g->n++].n = j - i;
	}
	if (g->n)
		qsort(runs, g->n, sizeof(*runs), by_first_bid);
	g->bid = xcalloc(l->n ? l->n : 1, sizeof(*g->bid));
	g->start = xcalloc(g->n + 1, sizeof(*g->start));
	for (i = 0; i < g->n; i++) {
		g->start[i] = w;
		for (j = 0; j < runs[i].n; j++)
			g->bid[w++] = k[runs[i].at + j].i;
	}
	g->start[g->n] = w;
	free(k);
	free(runs);
}

void bid_groups_release(struct bid_groups *g)
{
	if (!g)
		return;
	free(g->bid);
	free(g->start);
	memset(g, 0, sizeof(*g));
}
