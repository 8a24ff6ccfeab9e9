#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chainwatch/supplier.h"
#include "testutil.h"

static struct master_record master(const char *id, const char *name, const char *cn)
{
	struct master_record m = {
		.id = id, .name = name, .company_number = cn, .vat = "", .address = "",
		.town = "", .postcode = "", .country = "", .sic = "", .turnover_pence = -1,
	};
	return m;
}

static struct spend_record row(const char *id, const char *name, const char *cn, int64_t pence)
{
	struct spend_record r;

	memset(&r, 0, sizeof(r));
	r.supplier_id = id;
	r.supplier_id_len = strlen(id);
	r.name = name;
	r.name_len = strlen(name);
	r.company_number = cn;
	r.company_number_len = strlen(cn);
	r.vat = "";
	r.expense_type = "";
	r.pence = pence;
	r.date = 20251201;
	return r;
}

static struct supplier *add(struct supplier_table *t, const char *id, const char *name,
			    const char *cn, int64_t pence)
{
	struct spend_record r = row(id, name, cn, pence);

	return supplier_table_add_spend(t, &r);
}

static struct supplier_table *with_masters(void)
{
	struct supplier_table *t = supplier_table_new();
	struct master_record m;

	m = master("100", "Acme Care Ltd", "01234567");
	ck_assert_int_eq(supplier_table_add_master(t, &m), 0);
	m = master("200", "Beta Homes Limited", "SC");      /* invalid number */
	ck_assert_int_eq(supplier_table_add_master(t, &m), 0);
	m = master("", "Gamma Cleaning", "7654321");
	ck_assert_int_eq(supplier_table_add_master(t, &m), 0);
	m = master("", "Delta Staffing Ltd", "");
	ck_assert_int_eq(supplier_table_add_master(t, &m), 0);
	return t;
}

START_TEST(master_records_are_keyed_by_id_then_company_number_then_name)
{
	struct supplier_table *t = with_masters();
	struct supplier **v;
	size_t n, i;
	int seen = 0;

	v = supplier_table_sorted(t, 0, &n);
	ck_assert_uint_eq(n, 4);
	for (i = 0; i < n; i++) {
		ck_assert_int_eq(v[i]->in_master, 1);
		ck_assert_int_eq(v[i]->in_spend, 0);
		ck_assert_ptr_null(v[i]->match);
		if (!strcmp(v[i]->key, "id:100")) {
			ck_assert_str_eq(v[i]->company_number, "01234567");
			seen |= 1;
		} else if (!strcmp(v[i]->key, "id:200")) {
			ck_assert_str_eq(v[i]->company_number, "");
			seen |= 2;
		} else if (!strcmp(v[i]->key, "cn:07654321")) {
			seen |= 4;
		} else if (!strcmp(v[i]->key, "nm:DELTA STAFFING")) {
			ck_assert_str_eq(v[i]->name, "Delta Staffing Ltd");
			seen |= 8;
		}
	}
	ck_assert_int_eq(seen, 15);
	/* all zero spend: sorted by key */
	ck_assert_str_eq(v[0]->key, "cn:07654321");
	ck_assert_str_eq(v[3]->key, "nm:DELTA STAFFING");
	supplier_table_free(t);
}
END_TEST

/* Each join route, table-driven: the row, the supplier it must reach and the match label. */
static const struct {
	const char *id, *name, *cn;
	const char *key, *match;
	int in_master;
} join_cases[] = {
	{ "100", "Completely Different", "", "id:100", "supplier id", 1 },
	{ "999", "Someone Else", "1234567", "id:100", "company number", 1 },
	{ "999", "ACME CARE LIMITED", "", "id:100", "name", 1 },
	{ "", "acme care", "", "id:100", "name", 1 },
	{ "", "Other Name", "01234567", "id:100", "company number", 1 },
	{ "", "Gamma Cleaning Ltd", "", "cn:07654321", "name", 1 },
	{ "5", "Beta Homes", "", "id:200", "name", 1 },
	{ "", "Delta Staffing", "", "nm:DELTA STAFFING", "name", 1 },
	{ "777", "Nobody Known", "", "id:777", NULL, 0 },
	{ "", "Nobody Known Ltd", "", "nm:NOBODY KNOWN", NULL, 0 },
	{ "", "Nobody Known Ltd", "99999999", "nm:NOBODY KNOWN", NULL, 0 },
};

START_TEST(spend_row_joins_by_each_route)
{
	struct supplier_table *t = with_masters();
	struct supplier *s;

	s = add(t, join_cases[_i].id, join_cases[_i].name, join_cases[_i].cn, 1000);
	ck_assert_ptr_nonnull(s);
	ck_assert_str_eq(s->key, join_cases[_i].key);
	ck_assert_int_eq(s->in_master, join_cases[_i].in_master);
	ck_assert_int_eq(s->in_spend, 1);
	if (join_cases[_i].match)
		ck_assert_str_eq(s->match, join_cases[_i].match);
	else
		ck_assert_ptr_null(s->match);
	ck_assert_int_eq(s->spend_pence, 1000);
	ck_assert_uint_eq(s->transactions, 1);
	supplier_table_free(t);
}
END_TEST

START_TEST(supplier_id_beats_company_number_beats_name)
{
	struct supplier_table *t = supplier_table_new();
	struct master_record m;
	struct supplier *s;

	m = master("1", "Alpha", "");
	supplier_table_add_master(t, &m);
	m = master("2", "Beta", "11111111");
	supplier_table_add_master(t, &m);

	s = add(t, "1", "Beta", "11111111", 100);
	ck_assert_str_eq(s->key, "id:1");
	ck_assert_str_eq(s->match, "supplier id");
	s = add(t, "77", "Alpha", "11111111", 100);
	ck_assert_str_eq(s->key, "id:2");
	ck_assert_str_eq(s->match, "company number");
	supplier_table_free(t);
}
END_TEST

START_TEST(learned_id_finds_the_same_supplier_again)
{
	struct supplier_table *t = with_masters();
	struct supplier *a, *b;

	a = add(t, "999", "Acme Care", "", 100);
	ck_assert_str_eq(a->key, "id:100");
	/* same council ID, a name that matches nothing: still Acme */
	b = add(t, "999", "A.C. Services", "", 200);
	ck_assert_ptr_eq(a, b);
	ck_assert_int_eq(b->spend_pence, 300);
	ck_assert_uint_eq(b->nids, 2);
	ck_assert_str_eq(b->ids[0], "100");
	ck_assert_str_eq(b->ids[1], "999");
	ck_assert_str_eq(b->match, "name");
	/* a row with the master's own ID upgrades the match */
	add(t, "100", "Acme Care", "", 1);
	ck_assert_str_eq(b->match, "supplier id");
	/* ... and a weaker one never downgrades it */
	add(t, "", "ACME CARE", "", 1);
	ck_assert_str_eq(b->match, "supplier id");
	supplier_table_free(t);
}
END_TEST

START_TEST(spend_only_suppliers_are_found_again_by_id_and_name)
{
	struct supplier_table *t = supplier_table_new();
	struct supplier *a, *b, *c, *d, *e;

	a = add(t, "42", "Foo Services", "", 100);
	ck_assert_str_eq(a->key, "id:42");
	ck_assert_int_eq(a->in_master, 0);
	ck_assert_ptr_null(a->match);
	b = add(t, "42", "Foo Services Ltd", "", 100);
	ck_assert_ptr_eq(a, b);
	c = add(t, "", "FOO SERVICES LIMITED", "", 100);
	ck_assert_ptr_eq(a, c);
	/* another council ID under the same name stays its own supplier */
	d = add(t, "43", "Foo Services", "", 100);
	ck_assert_str_eq(d->key, "id:43");
	ck_assert_ptr_ne(a, d);
	/* name-only supplier, found again by name key */
	e = add(t, "", "Bar Ltd", "", 5);
	ck_assert_str_eq(e->key, "nm:BAR");
	ck_assert_ptr_eq(add(t, "", "BAR LIMITED", "", 5), e);
	ck_assert_ptr_eq(add(t, "", "Bar Ltd", "", 5), e);
	ck_assert_int_eq(e->spend_pence, 15);
	ck_assert_uint_eq(supplier_table_count(t), 3);
	ck_assert_int_eq(a->spend_pence, 300);
	ck_assert_uint_eq(a->nnames, 3);
	supplier_table_free(t);
}
END_TEST

START_TEST(spend_only_company_number_joins_rows_without_id)
{
	struct supplier_table *t = supplier_table_new();
	struct supplier *a, *b;

	a = add(t, "", "Kappa Care", "555", 10);
	ck_assert_str_eq(a->key, "nm:KAPPA CARE");
	ck_assert_str_eq(a->company_number, "00000555");
	b = add(t, "", "Kappa Group Homes", "00000555", 10);
	ck_assert_ptr_eq(a, b);
	ck_assert_ptr_null(b->match);
	supplier_table_free(t);
}
END_TEST

START_TEST(row_without_name_and_id_is_refused)
{
	struct supplier_table *t = with_masters();

	ck_assert_ptr_null(add(t, "", "", "01234567", 100));
	ck_assert_uint_eq(supplier_table_count(t), 4);
	supplier_table_free(t);
}
END_TEST

START_TEST(row_with_id_but_no_name_is_kept)
{
	struct supplier_table *t = supplier_table_new();
	struct supplier *s;

	s = add(t, "31", "", "", 100);
	ck_assert_str_eq(s->key, "id:31");
	ck_assert_str_eq(s->name, "");
	ck_assert_uint_eq(s->nnames, 0);
	supplier_table_free(t);
}
END_TEST

START_TEST(credits_net_against_spend)
{
	struct supplier_table *t = supplier_table_new();
	struct supplier *s;

	add(t, "1", "Acme", "", 10000);
	s = add(t, "1", "Acme", "", -2500);
	ck_assert_int_eq(s->spend_pence, 7500);
	ck_assert_uint_eq(s->transactions, 2);
	ck_assert_uint_eq(s->nmonths, 1);
	ck_assert_int_eq(s->months[0].pence, 7500);
	ck_assert_uint_eq(s->months[0].n, 2);
	supplier_table_free(t);
}
END_TEST

static const struct spend_part *expense_find(const struct supplier *s, const char *label)
{
	size_t i;

	for (i = 0; i < s->nexpense; i++)
		if (!strcmp(s->expense[i].label, label))
			return &s->expense[i];
	return NULL;
}

static const struct month_part *month_find(const struct supplier *s, int32_t month)
{
	size_t i;

	for (i = 0; i < s->nmonths; i++)
		if (s->months[i].month == month)
			return &s->months[i];
	return NULL;
}

START_TEST(months_and_expense_types_are_totalled)
{
	static const struct {
		int32_t date;
		const char *expense;
		int64_t pence;
	} rows[] = {
		{ 20251203, "Residential Care", 1000 },
		{ 20251215, "Residential Care", 500 },
		{ 20260102, "Agency Staff", 250 },
		{ 0, "", 7 },
		{ 20251231, "Agency Staff", -50 },
	};
	struct supplier_table *t = supplier_table_new();
	struct supplier *s = NULL;
	const struct month_part *mp;
	const struct spend_part *ep;
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct spend_record r = row("9", "Care Co", "", rows[i].pence);

		r.date = rows[i].date;
		r.expense_type = rows[i].expense;
		r.expense_type_len = strlen(rows[i].expense);
		s = supplier_table_add_spend(t, &r);
	}
	ck_assert_uint_eq(s->nmonths, 3);
	mp = month_find(s, 202512);
	ck_assert_ptr_nonnull(mp);
	ck_assert_int_eq(mp->pence, 1450);
	ck_assert_uint_eq(mp->n, 3);
	mp = month_find(s, 202601);
	ck_assert_ptr_nonnull(mp);
	ck_assert_int_eq(mp->pence, 250);
	mp = month_find(s, 0);
	ck_assert_ptr_nonnull(mp);
	ck_assert_int_eq(mp->pence, 7);

	ck_assert_uint_eq(s->nexpense, 3);
	ep = expense_find(s, "Residential Care");
	ck_assert_ptr_nonnull(ep);
	ck_assert_int_eq(ep->pence, 1500);
	ck_assert_uint_eq(ep->n, 2);
	ep = expense_find(s, "Agency Staff");
	ck_assert_ptr_nonnull(ep);
	ck_assert_int_eq(ep->pence, 200);
	ep = expense_find(s, SUPPLIER_EXPENSE_NONE);
	ck_assert_ptr_nonnull(ep);
	ck_assert_int_eq(ep->pence, 7);
	ck_assert_int_eq(s->spend_pence, 1707);
	supplier_table_free(t);
}
END_TEST

START_TEST(expense_types_past_the_cap_go_to_other)
{
	struct supplier_table *t = supplier_table_new();
	struct supplier *s = NULL;
	const struct spend_part *ep;
	char label[32];
	int i;

	for (i = 0; i < SUPPLIER_MAX_EXPENSE + 6; i++) {
		struct spend_record r = row("9", "Care Co", "", 10);

		snprintf(label, sizeof(label), "type %d", i);
		r.expense_type = label;
		r.expense_type_len = strlen(label);
		s = supplier_table_add_spend(t, &r);
	}
	/* a known label still finds its own bucket */
	{
		struct spend_record r = row("9", "Care Co", "", 1);

		r.expense_type = "type 0";
		r.expense_type_len = 6;
		supplier_table_add_spend(t, &r);
	}
	ck_assert_uint_eq(s->nexpense, SUPPLIER_MAX_EXPENSE + 1);
	ep = expense_find(s, SUPPLIER_EXPENSE_OTHER);
	ck_assert_ptr_nonnull(ep);
	ck_assert_uint_eq(ep->n, 6);
	ck_assert_int_eq(ep->pence, 60);
	ep = expense_find(s, "type 0");
	ck_assert_int_eq(ep->pence, 11);
	ck_assert_ptr_null(expense_find(s, "type 64"));
	supplier_table_free(t);
}
END_TEST

START_TEST(display_name_is_master_name_else_name_with_most_spend)
{
	struct supplier_table *t = with_masters();
	struct supplier *s;

	s = add(t, "100", "ACME", "", 1000000);
	ck_assert_str_eq(s->name, "Acme Care Ltd");

	s = add(t, "50", "Zed Ltd", "", 100);
	ck_assert_str_eq(s->name, "Zed Ltd");
	add(t, "50", "ZED LIMITED", "", 150);
	ck_assert_str_eq(s->name, "ZED LIMITED");
	/* a credit can hand the name back */
	add(t, "50", "ZED LIMITED", "", -100);
	ck_assert_str_eq(s->name, "Zed Ltd");
	/* a tie keeps the first seen */
	add(t, "50", "ZED LIMITED", "", 50);
	ck_assert_str_eq(s->name, "Zed Ltd");
	supplier_table_free(t);
}
END_TEST

START_TEST(names_and_ids_keep_the_first_eight_distinct)
{
	struct supplier_table *t = supplier_table_new();
	struct supplier *s = NULL;
	char name[32];
	char *joined;
	int i;

	for (i = 0; i < 10; i++) {
		snprintf(name, sizeof(name), "Omega %c Ltd", 'A' + i);
		s = add(t, "", "Omega Ltd", "", 1);
		add(t, "1", name, "", 1);
	}
	s = add(t, "1", "Omega A Ltd", "", 1);
	ck_assert_uint_eq(s->nnames, SUPPLIER_MAX_NAMES);
	ck_assert_str_eq(s->names[0], "Omega A Ltd");
	ck_assert_str_eq(s->names[7], "Omega H Ltd");
	ck_assert_int_eq(s->spend_pence, 11);
	joined = supplier_names_joined(s);
	ck_assert_str_eq(joined, "Omega A Ltd; Omega B Ltd; Omega C Ltd; Omega D Ltd; "
			 "Omega E Ltd; Omega F Ltd; Omega G Ltd; Omega H Ltd");
	free(joined);
	joined = supplier_ids_joined(s);
	ck_assert_str_eq(joined, "1");
	free(joined);

	s = add(t, "", "Omega Ltd", "", 1);
	ck_assert_uint_eq(s->nids, 0);
	joined = supplier_ids_joined(s);
	ck_assert_str_eq(joined, "");
	free(joined);

	for (i = 0; i < 10; i++) {
		snprintf(name, sizeof(name), "%d", 500 + i);
		add(t, name, "Psi Holdings", "", 1);
	}
	/* spend-only IDs never join each other by name */
	ck_assert_uint_eq(supplier_table_count(t), 12);
	supplier_table_free(t);
}
END_TEST

START_TEST(ids_of_one_master_collect_up_to_eight)
{
	struct supplier_table *t = supplier_table_new();
	struct master_record m = master("1", "Sigma Supplies", "");
	struct supplier *s = NULL;
	char id[16];
	int i;

	supplier_table_add_master(t, &m);
	for (i = 0; i < 12; i++) {
		snprintf(id, sizeof(id), "S%d", i);
		s = add(t, id, "Sigma Supplies Ltd", "", 1);
	}
	ck_assert_uint_eq(supplier_table_count(t), 1);
	ck_assert_uint_eq(s->nids, SUPPLIER_MAX_IDS);
	ck_assert_str_eq(s->ids[0], "1");
	ck_assert_str_eq(s->ids[7], "S6");
	ck_assert_int_eq(s->spend_pence, 12);
	supplier_table_free(t);
}
END_TEST

/*
 * A row whose ID an earlier row or master record brought is joined by
 * that ID alone: its ID is already among the supplier's, or was past the
 * eight kept and still is.  Either way the list does not change.
 */
START_TEST(ids_seen_again_leave_the_list_as_it_was)
{
	struct supplier_table *t = supplier_table_new();
	struct master_record m = master("1", "Sigma Supplies", "");
	struct supplier *s = NULL;
	char id[16];
	int round, i;

	supplier_table_add_master(t, &m);
	for (round = 0; round < 3; round++)
		for (i = 0; i < 12; i++) {
			snprintf(id, sizeof(id), "S%d", i);
			s = add(t, id, "Sigma Supplies Ltd", "", 1);
			s = add(t, "1", "Sigma Supplies", "", 1);
		}
	ck_assert_uint_eq(supplier_table_count(t), 1);
	ck_assert_uint_eq(s->nids, SUPPLIER_MAX_IDS);
	ck_assert_str_eq(s->ids[0], "1");
	for (i = 1; i < SUPPLIER_MAX_IDS; i++) {
		snprintf(id, sizeof(id), "S%d", i - 1);
		ck_assert_str_eq(s->ids[i], id);
	}
	/* the IDs past the eighth still find the supplier */
	ck_assert_ptr_eq(add(t, "S11", "", "", 1), s);
	ck_assert_uint_eq(s->nids, SUPPLIER_MAX_IDS);
	ck_assert_int_eq(s->spend_pence, 73);
	ck_assert_uint_eq(s->transactions, 73);

	s = add(t, "77", "Tau Traders", "", 5);
	ck_assert_ptr_eq(add(t, "77", "Tau Traders", "", 5), s);
	ck_assert_uint_eq(s->nids, 1);
	ck_assert_str_eq(s->ids[0], "77");
	supplier_table_free(t);
}
END_TEST

START_TEST(company_number_and_vat_take_the_first_valid_value)
{
	struct supplier_table *t = supplier_table_new();
	struct spend_record r = row("7", "Tau", "not a number", 1);
	struct supplier *s;

	r.vat = "GB12";
	r.vat_len = 4;
	s = supplier_table_add_spend(t, &r);
	ck_assert_str_eq(s->company_number, "");
	ck_assert_str_eq(s->vat, "");
	r = row("7", "Tau", "123", 1);
	r.vat = "GB 123 4567 89";
	r.vat_len = strlen(r.vat);
	supplier_table_add_spend(t, &r);
	ck_assert_str_eq(s->company_number, "00000123");
	ck_assert_str_eq(s->vat, "123456789");
	r = row("7", "Tau", "456", 1);
	r.vat = "987654321";
	r.vat_len = strlen(r.vat);
	supplier_table_add_spend(t, &r);
	ck_assert_str_eq(s->company_number, "00000123");
	ck_assert_str_eq(s->vat, "123456789");
	supplier_table_free(t);
}
END_TEST

START_TEST(master_with_same_id_is_merged)
{
	struct supplier_table *t = supplier_table_new();
	struct master_record m = master("1", "Upsilon Ltd", "");
	struct supplier **v;
	size_t n;

	ck_assert_int_eq(supplier_table_add_master(t, &m), 0);
	m = master("1", "Upsilon Trading", "00112233");
	m.country = "GB";
	m.address = "1 High St";
	m.town = "Exeter";
	m.turnover_pence = 5000;
	m.sic = "88100;87300";
	ck_assert_int_eq(supplier_table_add_master(t, &m), 1);
	v = supplier_table_sorted(t, 0, &n);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(v[0]->name, "Upsilon Ltd");
	ck_assert_uint_eq(v[0]->nnames, 2);
	ck_assert_uint_eq(v[0]->nids, 1);
	ck_assert_str_eq(v[0]->company_number, "00112233");
	ck_assert_str_eq(v[0]->country, "GB");
	ck_assert_str_eq(v[0]->address, "1 High St, Exeter");
	ck_assert_str_eq(v[0]->sic, "88100;87300");
	ck_assert_int_eq(v[0]->turnover_pence, 5000);
	ck_assert_ptr_null(v[0]->postcode);
	/* a spend row with its company number joins it */
	ck_assert_str_eq(add(t, "X", "Whoever", "112233", 1)->key, "id:1");
	supplier_table_free(t);
}
END_TEST

START_TEST(sorted_is_spend_descending_then_key_and_filters_master_only)
{
	struct supplier_table *t = with_masters();
	struct supplier **v;
	size_t n;

	add(t, "b", "Bee", "", 500);
	add(t, "a", "Ay", "", 500);
	add(t, "100", "Acme", "", 900);
	add(t, "c", "Cee", "", -5);
	v = supplier_table_sorted(t, 1, &n);
	ck_assert_uint_eq(n, 4);
	ck_assert_str_eq(v[0]->key, "id:100");
	ck_assert_str_eq(v[1]->key, "id:a");
	ck_assert_str_eq(v[2]->key, "id:b");
	ck_assert_str_eq(v[3]->key, "id:c");
	v = supplier_table_sorted(t, 0, &n);
	ck_assert_uint_eq(n, 7);
	ck_assert_str_eq(v[6]->key, "id:c");
	ck_assert_str_eq(v[3]->key, "cn:07654321");
	/* the cache is refreshed after an add */
	add(t, "c", "Cee", "", 10000);
	v = supplier_table_sorted(t, 1, &n);
	ck_assert_uint_eq(n, 4);
	ck_assert_str_eq(v[0]->key, "id:c");
	supplier_table_free(t);
}
END_TEST

START_TEST(empty_table_sorts_to_nothing)
{
	struct supplier_table *t = supplier_table_new();
	size_t n = 99;

	ck_assert_ptr_nonnull(supplier_table_sorted(t, 1, &n));
	ck_assert_uint_eq(n, 0);
	ck_assert_uint_eq(supplier_table_count(t), 0);
	supplier_table_free(t);
	supplier_table_free(NULL);
}
END_TEST

START_TEST(hundred_thousand_rows_fold_into_twenty_thousand_suppliers)
{
	struct supplier_table *t = supplier_table_new();
	struct supplier **v;
	char id[16], name[48], cn[16];
	int64_t total = 0, sum = 0;
	unsigned long rows = 0;
	size_t n, i;
	int k;

	for (k = 0; k < 2000; k++) {
		struct master_record m;

		snprintf(id, sizeof(id), "%d", k);
		snprintf(name, sizeof(name), "Master Supplier %d Ltd", k);
		snprintf(cn, sizeof(cn), "%d", 100000 + k);
		m = master(id, name, cn);
		supplier_table_add_master(t, &m);
	}
	for (k = 0; k < 100000; k++) {
		int who = (k * 7919) % 20000;
		struct spend_record r;

		snprintf(id, sizeof(id), "%d", who);
		snprintf(name, sizeof(name), "Supplier %d Ltd", who);
		/* a tenth of the rows have no ID and join by name */
		r = row(k % 10 == 3 ? "" : id, name, "", 100 + k % 1000);
		r.date = 20250101 + (k % 12) * 100;
		r.expense_type = k % 2 ? "Care" : "Transport";
		r.expense_type_len = strlen(r.expense_type);
		ck_assert_ptr_nonnull(supplier_table_add_spend(t, &r));
		total += r.pence;
		rows++;
	}
	v = supplier_table_sorted(t, 1, &n);
	/* 20k ids, plus name-only suppliers for IDs never seen before their nameless rows */
	ck_assert_uint_ge(n, 20000);
	for (i = 0; i < n; i++) {
		sum += v[i]->spend_pence;
		if (i)
			ck_assert(v[i - 1]->spend_pence >= v[i]->spend_pence);
	}
	ck_assert_int_eq(sum, total);
	{
		unsigned long tx = 0;

		for (i = 0; i < n; i++)
			tx += v[i]->transactions;
		ck_assert_uint_eq(tx, rows);
	}
	supplier_table_free(t);
}
END_TEST

START_TEST(sealed_table_keeps_its_suppliers)
{
	struct supplier_table *t = supplier_table_new();
	struct supplier **all;
	size_t n;

	add(t, "1", "Acme Ltd", "", 500);
	add(t, "2", "Beta Ltd", "", 900);
	supplier_table_seal(t);
	ck_assert_uint_eq(supplier_table_count(t), 2);
	all = supplier_table_sorted(t, 1, &n);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(all[0]->key, "id:2");
	supplier_table_free(t);
}
END_TEST

START_TEST(adding_after_seal_is_a_bug)
{
	struct supplier_table *t = supplier_table_new();

	supplier_table_seal(t);
	add(t, "1", "Acme Ltd", "", 500);     /* aborts */
}
END_TEST

static Suite *supplier_suite(void)
{
	Suite *s = suite_create("supplier");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, sealed_table_keeps_its_suppliers);
	if (getenv("CK_FORK") == NULL || strcmp(getenv("CK_FORK"), "no") != 0)
		tcase_add_test_raise_signal(tc, adding_after_seal_is_a_bug, SIGABRT);

	tcase_add_test(tc, master_records_are_keyed_by_id_then_company_number_then_name);
	tcase_add_loop_test(tc, spend_row_joins_by_each_route, 0,
			    (int)(sizeof(join_cases) / sizeof(join_cases[0])));
	tcase_add_test(tc, supplier_id_beats_company_number_beats_name);
	tcase_add_test(tc, learned_id_finds_the_same_supplier_again);
	tcase_add_test(tc, spend_only_suppliers_are_found_again_by_id_and_name);
	tcase_add_test(tc, spend_only_company_number_joins_rows_without_id);
	tcase_add_test(tc, row_without_name_and_id_is_refused);
	tcase_add_test(tc, row_with_id_but_no_name_is_kept);
	tcase_add_test(tc, credits_net_against_spend);
	tcase_add_test(tc, months_and_expense_types_are_totalled);
	tcase_add_test(tc, expense_types_past_the_cap_go_to_other);
	tcase_add_test(tc, display_name_is_master_name_else_name_with_most_spend);
	tcase_add_test(tc, names_and_ids_keep_the_first_eight_distinct);
	tcase_add_test(tc, ids_of_one_master_collect_up_to_eight);
	tcase_add_test(tc, ids_seen_again_leave_the_list_as_it_was);
	tcase_add_test(tc, company_number_and_vat_take_the_first_valid_value);
	tcase_add_test(tc, master_with_same_id_is_merged);
	tcase_add_test(tc, sorted_is_spend_descending_then_key_and_filters_master_only);
	tcase_add_test(tc, empty_table_sorts_to_nothing);
	tcase_add_test(tc, hundred_thousand_rows_fold_into_twenty_thousand_suppliers);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(supplier_suite)
