#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chainwatch/spendfeed.h"
#include "testutil.h"

/* Row i of a deterministic stream: 700 suppliers, names, company numbers, expense types, months. */
struct gen {
	char id[16], name[64], cn[16], vat[16], expense[32];
	char *big;                 /* a long name now and then, to fill a batch by bytes */
};

static void gen_row(struct gen *g, unsigned i, size_t bigname, struct spend_record *r)
{
	unsigned k = (i * 2654435761u) % 700;

	memset(r, 0, sizeof(*r));
	snprintf(g->id, sizeof(g->id), k % 9 ? "S%u" : "", k);
	snprintf(g->name, sizeof(g->name), "%s Supplier %u Ltd", i % 3 ? "Acme" : "ACME", k);
	snprintf(g->cn, sizeof(g->cn), k % 4 ? "" : "%08u", k * 31);
	snprintf(g->vat, sizeof(g->vat), k % 5 ? "" : "GB%09u", 100000000 + k);
	snprintf(g->expense, sizeof(g->expense), "Expense %u", (i + k) % 5);
	r->supplier_id = g->id;
	r->supplier_id_len = strlen(g->id);
	r->name = g->name;
	r->name_len = strlen(g->name);
	if (bigname && i % 97 == 0) {
		memset(g->big, 'A' + (int)(k % 26), bigname);
		r->name = g->big;
		r->name_len = bigname;
	}
	r->company_number = g->cn;
	r->company_number_len = strlen(g->cn);
	r->vat = g->vat;
	r->vat_len = strlen(g->vat);
	r->expense_type = g->expense;
	r->expense_type_len = i % 11 ? strlen(g->expense) : 0;
	r->pence = (int64_t)(i % 1000) * 137 - 5000;
	r->date = i % 13 ? 20250000 + (int32_t)(1 + i % 12) * 100 + (int32_t)(1 + i % 28) : 0;
}

static void assert_same(struct supplier_table *a, struct supplier_table *b)
{
	size_t na, nb, i, j;
	struct supplier **x = supplier_table_sorted(a, 0, &na);
	struct supplier **y = supplier_table_sorted(b, 0, &nb);

	ck_assert_uint_eq(na, nb);
	ck_assert_uint_gt(na, 100);
	for (i = 0; i < na; i++) {
		ck_assert_str_eq(x[i]->key, y[i]->key);
		ck_assert_str_eq(x[i]->name, y[i]->name);
		ck_assert_int_eq(x[i]->spend_pence, y[i]->spend_pence);
		ck_assert_uint_eq(x[i]->transactions, y[i]->transactions);
		ck_assert_str_eq(x[i]->company_number, y[i]->company_number);
		ck_assert_str_eq(x[i]->vat, y[i]->vat);
		ck_assert_uint_eq(x[i]->nnames, y[i]->nnames);
		ck_assert_uint_eq(x[i]->nids, y[i]->nids);
		ck_assert_uint_eq(x[i]->nexpense, y[i]->nexpense);
		for (j = 0; j < x[i]->nexpense; j++) {
			ck_assert_str_eq(x[i]->expense[j].label, y[i]->expense[j].label);
			ck_assert_int_eq(x[i]->expense[j].pence, y[i]->expense[j].pence);
		}
		ck_assert_uint_eq(x[i]->nmonths, y[i]->nmonths);
		for (j = 0; j < x[i]->nmonths; j++) {
			ck_assert_int_eq(x[i]->months[j].month, y[i]->months[j].month);
			ck_assert_int_eq(x[i]->months[j].pence, y[i]->months[j].pence);
			ck_assert_uint_eq(x[i]->months[j].n, y[i]->months[j].n);
		}
	}
}

/* The same rows straight into one table and through the feed into another. */
static void feed_matches_direct(unsigned rows, size_t bigname)
{
	struct supplier_table *direct = supplier_table_new(), *fed = supplier_table_new();
	struct spend_feed *f = spend_feed_start(fed);
	struct spend_record r;
	struct gen g;
	unsigned i;

	g.big = malloc(bigname + 1);
	ck_assert_ptr_nonnull(g.big);
	for (i = 0; i < rows; i++) {
		gen_row(&g, i, bigname, &r);
		supplier_table_add_spend(direct, &r);
		gen_row(&g, i, bigname, &r);
		spend_feed_add(f, &r);
		/* the feed copied the row: scribbling on the caller's text changes nothing */
		memset(g.name, 'x', sizeof(g.name) - 1);
		memset(g.big, 'x', bigname);
	}
	spend_feed_finish(f);
	assert_same(direct, fed);
	free(g.big);
	supplier_table_free(direct);
	supplier_table_free(fed);
}

START_TEST(fewer_rows_than_a_batch)
{
	feed_matches_direct(1000, 0);
}
END_TEST

START_TEST(many_batches_by_row_count)
{
	feed_matches_direct(FEED_ROWS * 5 + 17, 0);
}
END_TEST

START_TEST(batches_cut_by_bytes)
{
	/* every 97th name is 200 kB: a batch fills by bytes long before FEED_ROWS */
	feed_matches_direct(3000, 200000);
}
END_TEST

START_TEST(exactly_one_batch_and_nothing)
{
	struct supplier_table *t = supplier_table_new();

	spend_feed_finish(spend_feed_start(t));
	ck_assert_uint_eq(supplier_table_count(t), 0);
	spend_feed_finish(NULL);
	supplier_table_free(t);
	feed_matches_direct(FEED_ROWS, 0);
}
END_TEST

static Suite *spendfeed_suite(void)
{
	Suite *s = suite_create("spendfeed");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, fewer_rows_than_a_batch);
	tcase_add_test(tc, many_batches_by_row_count);
	tcase_add_test(tc, batches_cut_by_bytes);
	tcase_add_test(tc, exactly_one_batch_and_nothing);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(spendfeed_suite)
