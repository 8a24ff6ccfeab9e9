#include <string.h>

#include "chainwatch/report.h"
#include "testutil.h"

static const struct sector care = { .id = "care", .label = "Care", .score = 80 };
static const struct sector build = { .id = "build", .label = "Building", .score = 60 };
static const struct country cn = { .alpha2 = "CN", .name = "China", .score = 70 };
static const struct country in = { .alpha2 = "IN", .name = "India", .score = 70 };
static const struct country gb = { .alpha2 = "GB", .name = "United Kingdom", .score = 10 };

/* Five suppliers: two care (High), one building (Medium), two not classified (Grey). */
struct five {
	struct scan_report r;
	struct supplier s[5];
	struct supplier *list[5];
	struct assessment a[5];
};

static void five_build(struct five *x)
{
	static const struct {
		int64_t pence;
		enum tier tier;
		const struct sector *sector;
		const struct country *country;
		enum entity_type entity;
		enum statement_status statement;
	} spec[5] = {
		{ 1000, TIER_HIGH, &care, &gb, ENTITY_COMPANY, STATEMENT_CURRENT },
		{ 500, TIER_HIGH, &care, &in, ENTITY_COMPANY, STATEMENT_NOT_FOUND },
		{ 1500, TIER_MEDIUM, &build, &cn, ENTITY_CHARITY, STATEMENT_NOT_FOUND },
		{ 700, TIER_GREY, NULL, NULL, ENTITY_PUBLIC_BODY, STATEMENT_NOT_APPLICABLE },
		{ 800, TIER_GREY, NULL, &gb, ENTITY_UNKNOWN, STATEMENT_NOT_CHECKED },
	};
	size_t i;

	memset(x, 0, sizeof(*x));
	for (i = 0; i < 5; i++) {
		x->s[i].spend_pence = spec[i].pence;
		x->list[i] = &x->s[i];
		x->a[i].supplier = &x->s[i];
		x->a[i].tier = spec[i].tier;
		x->a[i].sector.sector = spec[i].sector;
		x->a[i].country = spec[i].country;
		x->a[i].entity.type = spec[i].entity;
		x->a[i].statement.status = spec[i].statement;
	}
	x->r.suppliers = x->list;
	x->r.nsuppliers = 5;
	x->r.assessments = x->a;
}

START_TEST(totals_count_suppliers_and_spend_by_tier_entity_and_statement)
{
	struct five x;
	struct report_totals t;

	five_build(&x);
	report_totals_compute(&x.r, &t);
	ck_assert_uint_eq(t.by_tier[TIER_HIGH].suppliers, 2);
	ck_assert_int_eq(t.by_tier[TIER_HIGH].spend_pence, 1500);
	ck_assert_uint_eq(t.by_tier[TIER_MEDIUM].suppliers, 1);
	ck_assert_uint_eq(t.by_tier[TIER_LOW].suppliers, 0);
	ck_assert_int_eq(t.by_tier[TIER_GREY].spend_pence, 1500);
	ck_assert_uint_eq(t.by_entity[ENTITY_COMPANY].suppliers, 2);
	ck_assert_uint_eq(t.by_entity[ENTITY_INDIVIDUAL].suppliers, 0);
	ck_assert_int_eq(t.by_entity[ENTITY_PUBLIC_BODY].spend_pence, 700);
	ck_assert_uint_eq(t.by_statement[STATEMENT_NOT_FOUND], 2);
	ck_assert_uint_eq(t.by_statement[STATEMENT_NOT_CHECKED], 1);
	report_totals_release(&t);
	ck_assert_ptr_null(t.sectors);
	ck_assert_uint_eq(t.nsectors, 0);
}
END_TEST

START_TEST(totals_order_sectors_by_spend_and_countries_by_score_then_name)
{
	struct five x;
	struct report_totals t;

	five_build(&x);
	report_totals_compute(&x.r, &t);
	/* care 1500 (2), unclassified 1500 (2), building 1500 (1): spend, suppliers, label */
	ck_assert_uint_eq(t.nsectors, 3);
	ck_assert_ptr_eq(t.sectors[0].what, &care);
	ck_assert_ptr_null(t.sectors[1].what);
	ck_assert_ptr_eq(t.sectors[2].what, &build);
	ck_assert_uint_eq(t.ncountries, 3);
	ck_assert_ptr_eq(t.countries[0].what, &cn);
	ck_assert_ptr_eq(t.countries[1].what, &in);
	ck_assert_ptr_eq(t.countries[2].what, &gb);
	ck_assert_uint_eq(t.countries[2].suppliers, 2);
	ck_assert_int_eq(t.countries[2].spend_pence, 1800);
	report_totals_release(&t);
}
END_TEST

START_TEST(totals_of_an_unassessed_report_are_zero)
{
	struct five x;
	struct report_totals t;
	size_t i;

	five_build(&x);
	x.r.assessments = NULL;
	memset(&t, 0xff, sizeof(t));
	report_totals_compute(&x.r, &t);
	for (i = 0; i <= TIER_GREY; i++)
		ck_assert_uint_eq(t.by_tier[i].suppliers, 0);
	ck_assert_ptr_null(t.sectors);
	ck_assert_ptr_null(t.countries);
	report_totals_release(&t);
	report_totals_release(NULL);
}
END_TEST

static Suite *report_suite(void)
{
	Suite *s = suite_create("report");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, totals_count_suppliers_and_spend_by_tier_entity_and_statement);
	tcase_add_test(tc, totals_order_sectors_by_spend_and_countries_by_score_then_name);
	tcase_add_test(tc, totals_of_an_unassessed_report_are_zero);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(report_suite)
