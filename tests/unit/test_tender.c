#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chainwatch/tender.h"
#include "chainwatch/xalloc.h"
#include "testutil.h"

static void add(struct bid_list *l, const char *tender, const char *lot)
{
	struct bid *b = bid_list_add(l);

	free(b->tender_id);
	b->tender_id = xstrdup(tender);
	free(b->lot);
	b->lot = xstrdup(lot);
}

/* "0 2 | 1 | 3": each group's bid indices, groups in order. */
static void groups_text(const struct bid_groups *g, char *out, size_t n)
{
	size_t i, k, o = 0;

	out[0] = '\0';
	for (i = 0; i < g->n; i++)
		for (k = g->start[i]; k < g->start[i + 1]; k++)
			o += (size_t)snprintf(out + o, n - o, "%s%zu",
					      k == g->start[i] ? (i ? " | " : "") : " ", g->bid[k]);
}

START_TEST(groups_by_tender_and_lot_in_first_seen_order)
{
	struct bid_list l;
	struct bid_groups g;
	char t[128];

	bid_list_init(&l);
	add(&l, "T2", "");           /* 0 */
	add(&l, "T1", "Lot 2");      /* 1 */
	add(&l, "T1", "");           /* 2 */
	add(&l, "T2", "");           /* 3 */
	add(&l, "T1", "Lot 2");      /* 4 */
	add(&l, "T10", "");          /* 5 */
	add(&l, "T2", "");           /* 6 */
	add(&l, "T1", "");           /* 7 */
	bid_groups_init(&g, &l);
	groups_text(&g, t, sizeof(t));
	ck_assert_str_eq(t, "0 3 6 | 1 4 | 2 7 | 5");
	ck_assert_uint_eq(g.n, 4);
	ck_assert_uint_eq(g.start[4], 8);
	bid_groups_release(&g);
	bid_groups_release(&g);      /* released twice: still fine */
	bid_list_release(&l);
}
END_TEST

START_TEST(groups_of_an_empty_list_and_of_one_bid)
{
	struct bid_list l;
	struct bid_groups g;

	bid_list_init(&l);
	bid_groups_init(&g, &l);
	ck_assert_uint_eq(g.n, 0);
	ck_assert_uint_eq(g.start[0], 0);
	bid_groups_release(&g);
	add(&l, "T1", "");
	bid_groups_init(&g, &l);
	ck_assert_uint_eq(g.n, 1);
	ck_assert_uint_eq(g.bid[0], 0);
	ck_assert_uint_eq(g.start[1], 1);
	bid_groups_release(&g);
	bid_groups_release(NULL);
	bid_list_release(&l);
}
END_TEST

/* 200,000 bids in 100,000 tenders: the tcase's timeout fails a quadratic grouping. */
START_TEST(two_hundred_thousand_bids_in_a_hundred_thousand_tenders)
{
	struct bid_list l;
	struct bid_groups g;
	size_t i, n = 200000;
	char id[32];

	bid_list_init(&l);
	for (i = 0; i < n; i++) {
		snprintf(id, sizeof(id), "T-%zu", i % (n / 2));
		add(&l, id, "");
	}
	bid_groups_init(&g, &l);
	ck_assert_uint_eq(g.n, n / 2);
	for (i = 0; i < g.n; i++) {
		ck_assert_uint_eq(g.start[i], 2 * i);
		ck_assert_uint_eq(g.bid[2 * i], i);
		ck_assert_uint_eq(g.bid[2 * i + 1], i + n / 2);
	}
	bid_groups_release(&g);
	bid_list_release(&l);
}
END_TEST

static Suite *tender_suite(void)
{
	Suite *s = suite_create("tender");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, groups_by_tender_and_lot_in_first_seen_order);
	tcase_add_test(tc, groups_of_an_empty_list_and_of_one_bid);
	suite_add_tcase(s, tc);
	tc = tcase_create("scale");
	tcase_set_timeout(tc, 10);
	tcase_add_test(tc, two_hundred_thousand_bids_in_a_hundred_thousand_tenders);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(tender_suite)
