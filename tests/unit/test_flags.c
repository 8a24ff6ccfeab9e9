/* Flags from assessments: which kinds are raised, their wording and stable ids. */
#include <stdio.h>
#include <string.h>

#include "chainwatch/flags.h"
#include "testutil.h"

static const char *const factors[] = { "workforce", "business model" };
static const char *const gloves[] = { "Gloves" };

static const struct sector care = {
	"domiciliary_care", "Domiciliary care", 100, "VH", 90, factors, 2,
	"Care work is low paid and relies on sponsored visas.", NULL, 0, NULL, 0, 0, 0
};
static const struct sector waste = {
	"waste", "Waste and recycling", 80, "H", 65, factors, 2, "Agency sorting lines.",
	NULL, 0, NULL, 0, 0, 0
};
static const struct sector it = {
	"it_software", "IT software and services", 10, "L", 0, NULL, 0, "Office work.",
	NULL, 0, NULL, 0, 0, 0
};
static const struct sector ppe = {
	"ppe_medical", "PPE and medical consumables", 80, "H", 20, factors, 1, "Gloves.",
	NULL, 0, gloves, 1, 60, 0
};
static const struct country gb = { "GB", "United Kingdom", 1.8, 9 };
static const struct country my = { "MY", "Malaysia", 6.3, 70 };
static const struct goods_listing my_gloves = { "Gloves", "Malaysia", "MY", 1, 0 };

static struct supplier make_supplier(const char *key, const char *name, int64_t pence)
{
	struct supplier s;

	memset(&s, 0, sizeof(s));
	s.key = (char *)key;
	s.name = (char *)name;
	s.spend_pence = pence;
	s.transactions = 3;
	return s;
}

static struct assessment make_assessment(const struct sector *sec, const struct country *c,
					 int assumed, int goods, int origin,
					 const struct goods_listing *g)
{
	struct assessment a;

	memset(&a, 0, sizeof(a));
	a.sector.sector = sec;
	a.sector.rule = sec ? RULE_EXPENSE : RULE_NONE;
	if (sec)
		a.sector.evidence = (char *)"expense type 'Homecare'";
	a.country = c;
	a.country_assumed = assumed;
	a.geography_score = c ? c->score : 60;
	a.goods_score = goods;
	a.origin_score = origin;
	a.goods = g;
	a.score = 75;
	a.tier = sec ? TIER_HIGH : TIER_GREY;
	return a;
}

START_TEST(flags_raised_for_each_kind_with_review_wording)
{
	struct supplier s[5] = {
		make_supplier("id:1", "Abbey Home Care Ltd", 1000000),
		make_supplier("id:2", "Viridor Ltd", 5000000),
		make_supplier("id:3", "Softco Ltd", 9000000),
		make_supplier("id:4", "Glove Trading Sdn Bhd", 300000),
		make_supplier("id:5", "Unknown Things Ltd", 3000000),
	};
	struct supplier *sp[5] = { &s[0], &s[1], &s[2], &s[3], &s[4] };
	struct assessment a[5];
	struct flag_settings fs;
	struct flag *flags = NULL;
	size_t n, i;
	int kinds[FLAG__COUNT] = { 0 };
	struct buf b;

	buf_init(&b, 0);
	a[0] = make_assessment(&care, &gb, 1, -1, -1, NULL);
	a[1] = make_assessment(&waste, &gb, 1, -1, -1, NULL);
	a[2] = make_assessment(&it, &gb, 1, -1, -1, NULL);
	a[3] = make_assessment(&ppe, &my, 0, 100, 70, &my_gloves);
	a[4] = make_assessment(NULL, &gb, 1, -1, -1, NULL);
	flag_settings_init(&fs);
	n = flags_raise(&fs, sp, a, 5, "2025-12", &flags, 0);
	for (i = 0; i < n; i++) {
		kinds[flags[i].kind]++;
		const char *sum = flag_summary(&flags[i], &b);

		if (flags[i].kind != FLAG_UNMATCHED)
			ck_assert_ptr_nonnull(strstr(sum, "indicator for review"));
		ck_assert_ptr_null(strstr(sum, "non-compliant"));
		ck_assert_ptr_nonnull(strstr(flag_evidence(&flags[i], &b), "."));
		ck_assert_str_eq(flags[i].first_seen, "2025-12");
		ck_assert_str_eq(flags[i].review_status, "open");
		ck_assert_int_eq(flags[i].id[0], 'F');
		ck_assert_uint_eq(strlen(flags[i].id), 11);
	}
	/* care (100: high), waste (80: medium), PPE (80: medium) */
	ck_assert_int_eq(kinds[FLAG_SECTOR], 3);
	ck_assert_str_eq(flags[0].severity, "high");
	ck_assert_str_eq(flags[1].severity, "medium");
	/* Malaysia is the only country given, and it scores 70 */
	ck_assert_int_eq(kinds[FLAG_GEOGRAPHY], 1);
	ck_assert_int_eq(kinds[FLAG_GOODS], 1);
	/* £30,000 unmapped is over the £25,000 default */
	ck_assert_int_eq(kinds[FLAG_UNMATCHED], 1);
	ck_assert_uint_eq(n, 6);
	for (i = 0; i < n; i++)
		if (flags[i].kind == FLAG_GOODS)
			ck_assert_ptr_nonnull(strstr(flag_summary(&flags[i], &b), "TVPRA"));
	for (i = 0; i < n; i++)
		flag_release(&flags[i]);
	free(flags);
	buf_release(&b);
}
END_TEST

START_TEST(flag_kind_label_words_every_kind)
{
	int k;

	for (k = 0; k < FLAG__COUNT; k++) {
		const char *label = flag_kind_label_named(flag_kind_name((enum flag_kind)k));

		ck_assert_msg(label && *label && !strchr(label, '_'), "kind %d has no label", k);
	}
	ck_assert_str_eq(flag_kind_label_named("high_risk_sector"), "High-risk sector");
	ck_assert_ptr_null(flag_kind_label_named("no_such_kind"));
}
END_TEST

START_TEST(flag_ids_are_stable_and_distinct)
{
	struct supplier s = make_supplier("id:298874", "AAA Elderly Care", 2094800);
	struct supplier t = make_supplier("id:298875", "AAA Elderly Care", 2094800);
	struct supplier *sp[2] = { &s, &t };
	struct assessment a[2];
	struct flag_settings fs;
	struct flag *one = NULL, *two = NULL;
	size_t n1, n2;

	a[0] = make_assessment(&care, &gb, 1, -1, -1, NULL);
	a[1] = a[0];
	flag_settings_init(&fs);
	n1 = flags_raise(&fs, sp, a, 2, "2025-11", &one, 0);
	n2 = flags_raise(&fs, sp, a, 2, "2025-12", &two, 0);
	ck_assert_uint_eq(n1, 2);
	ck_assert_uint_eq(n2, 2);
	ck_assert_str_eq(one[0].id, two[0].id);        /* next month, same flag */
	ck_assert_str_ne(one[0].id, one[1].id);        /* another supplier, another flag */
	/* the same supplier ID in another council is another council's flag */
	fs.council = "Council B";
	flag_release(&two[0]);
	flag_release(&two[1]);
	free(two);
	two = NULL;
	n2 = flags_raise(&fs, sp, a, 2, "2025-12", &two, 0);
	ck_assert_uint_eq(n2, 2);
	ck_assert_str_ne(one[0].id, two[0].id);
	ck_assert_str_ne(one[1].id, two[1].id);
	flag_release(&one[0]);
	flag_release(&one[1]);
	flag_release(&two[0]);
	flag_release(&two[1]);
	free(one);
	free(two);
}
END_TEST

START_TEST(unmatched_flag_follows_its_threshold)
{
	struct supplier s = make_supplier("nm:X", "X Ltd", 2499999);
	struct supplier *sp[1] = { &s };
	struct assessment a[1];
	struct flag_settings fs;
	struct flag *flags = NULL;

	a[0] = make_assessment(NULL, &gb, 1, -1, -1, NULL);
	flag_settings_init(&fs);
	ck_assert_uint_eq(flags_raise(&fs, sp, a, 1, "2025-12", &flags, 0), 0);
	fs.unmatched_min_pence = 100000;
	ck_assert_uint_eq(flags_raise(&fs, sp, a, 1, "2025-12", &flags, 0), 1);
	ck_assert_int_eq(flags[0].kind, FLAG_UNMATCHED);
	ck_assert_str_eq(flag_kind_name(flags[0].kind), "unmatched_high_spend");
	flag_release(&flags[0]);
	free(flags);
}
END_TEST

static struct company_facts register_co(const char *number, const char *status, int32_t dissolved)
{
	struct company_facts c;

	memset(&c, 0, sizeof(c));
	snprintf(c.number, sizeof(c.number), "%s", number);
	snprintf(c.name, sizeof(c.name), "COMPANY %s LIMITED", number);
	snprintf(c.status, sizeof(c.status), "%s", status);
	snprintf(c.method, sizeof(c.method), "exact name");
	c.confidence = 1.0;
	c.dissolved = dissolved;
	return c;
}

START_TEST(company_status_tells_a_company_not_trading_from_an_active_one)
{
	static const struct { const char *status, *says; int rank; } cases[] = {
		{ "Active", NULL, 0 },
		{ "Voluntary Arrangement", NULL, 0 },
		{ "", NULL, 0 },
		{ "Dissolved", "dissolved", 4 },
		{ "Liquidation", "in liquidation", 3 },
		{ "In Administration", "in administration", 2 },
		{ "ADMINISTRATIVE RECEIVER", "in receivership", 2 },
		{ "RECEIVERSHIP", "in receivership", 2 },
		{ "Live but Receiver Manager on at least one charge", "in receivership", 2 },
		{ "Active - Proposal to Strike off", "to be struck off", 1 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rank = 0;
		const char *got = flag_company_inactive(cases[i].status, &rank);

		if (!cases[i].says) {
			ck_assert_msg(got == NULL, "'%s' read as %s", cases[i].status, got);
			continue;
		}
		ck_assert_msg(got && !strcmp(got, cases[i].says), "'%s' read as %s, wanted %s",
			      cases[i].status, got ? got : "(null)", cases[i].says);
		ck_assert_int_eq(rank, cases[i].rank);
	}
	ck_assert_ptr_null(flag_company_inactive(NULL, NULL));
}
END_TEST

START_TEST(company_not_active_flag_when_the_council_pays_a_closed_company)
{
	struct supplier s[5] = {
		make_supplier("nm:A", "LIVE CO LTD", 500000),
		make_supplier("nm:B", "WOUND UP LTD", 500000),
		make_supplier("nm:C", "GONE LTD", 500000),
		make_supplier("nm:D", "REFUNDED LTD", -500000),
		make_supplier("nm:E", "TWIN", 500000),
	};
	struct company_facts c[5];
	struct supplier *sp[5] = { &s[0], &s[1], &s[2], &s[3], &s[4] };
	struct assessment a[5];
	struct flag_settings fs;
	struct flag *flags = NULL;
	struct buf b;
	size_t n, i;

	c[0] = register_co("10000001", "Active", 0);
	c[1] = register_co("10000002", "Liquidation", 0);
	c[2] = register_co("10000003", "Dissolved", 20250915);
	c[3] = register_co("10000004", "Dissolved", 20250101);   /* only credits: not paying it */
	c[4] = register_co("", "", 0);
	c[4].ambiguous = 1;                                       /* no company chosen */
	for (i = 0; i < 5; i++) {
		s[i].company = &c[i];
		a[i] = make_assessment(&it, &gb, 1, -1, -1, NULL);
	}
	flag_settings_init(&fs);
	n = flags_raise(&fs, sp, a, 5, "2025-12", &flags, 0);
	ck_assert_uint_eq(n, 2);
	buf_init(&b, 0);
	ck_assert_int_eq(flags[0].kind, FLAG_COMPANY_NOT_ACTIVE);
	ck_assert_str_eq(flag_kind_name(flags[0].kind), "company_not_active");
	ck_assert_ptr_eq(flags[0].supplier, &s[1]);
	ck_assert_str_eq(flags[0].severity, "medium");
	ck_assert_str_eq(flag_summary(&flags[0], &b), "WOUND UP LTD: Companies House shows the "
			 "company in liquidation while the council paid it £5,000.00 this period - "
			 "indicator for review");
	ck_assert_ptr_eq(flags[1].supplier, &s[2]);
	ck_assert_str_eq(flags[1].severity, "high");
	ck_assert_ptr_nonnull(strstr(flag_summary(&flags[1], &b), "dissolved (dissolution date "
				     "2025-09-15)"));
	ck_assert_ptr_nonnull(strstr(flag_evidence(&flags[1], &b), "Companies House register: "
				     "COMPANY 10000003 LIMITED (10000003), status 'Dissolved', "
				     "dissolution date 2025-09-15; found by exact name 1.00."));
	{
		char k1[96], k2[96], why[128];

		flag_evidence_key(&flags[0], k1);
		flag_evidence_key(&flags[1], k2);
		ck_assert_str_eq(k1, "3|10000002|company in liquidation");
		/* a company in liquidation cleared, then dissolved: evidence rose */
		ck_assert_int_eq(flag_reopens("3|10000002|company in liquidation",
					      "4|10000002|company dissolved", why, sizeof(why)), 1);
		ck_assert_str_eq(k2, "4|10000003|company dissolved");
	}
	for (i = 0; i < n; i++)
		flag_release(&flags[i]);
	free(flags);
	buf_release(&b);
}
END_TEST

static Suite *flags_suite(void)
{
	Suite *s = suite_create("flags");
	TCase *tc = tcase_create("flags");

	tcase_add_test(tc, flags_raised_for_each_kind_with_review_wording);
	tcase_add_test(tc, flag_ids_are_stable_and_distinct);
	tcase_add_test(tc, flag_kind_label_words_every_kind);
	tcase_add_test(tc, unmatched_flag_follows_its_threshold);
	tcase_add_test(tc, company_status_tells_a_company_not_trading_from_an_active_one);
	tcase_add_test(tc, company_not_active_flag_when_the_council_pays_a_closed_company);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(flags_suite)
