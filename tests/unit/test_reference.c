#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chainwatch/buf.h"
#include "chainwatch/reference.h"
#include "testutil.h"

static struct reference *shipped;

static void load_shipped(void)
{
	struct diag err;

	diag_init(&err);
	if (reference_load("sectors", &shipped, &err) < 0) {
		fprintf(stderr, "reference_load: %s\n", err.msg);
		abort();
	}
}

static void free_shipped(void)
{
	reference_free(shipped);
	shipped = NULL;
}

static void collect(void *ctx, const char *msg)
{
	struct buf *b = ctx;

	buf_adds(b, msg);
	buf_addc(b, '\n');
}

START_TEST(reference_shipped_data_passes_check)
{
	struct buf msgs;
	struct diag err;
	long n;

	buf_init(&msgs, 0);
	diag_init(&err);
	n = reference_check("sectors", collect, &msgs, &err);
	ck_assert_msg(n == 0, "%ld problems:\n%s%s", n, msgs.s, err.msg);
	buf_release(&msgs);
}
END_TEST

START_TEST(reference_default_dir_is_sectors_in_cwd)
{
	struct reference *ref = NULL;
	struct diag err;

	diag_init(&err);
	ck_assert_msg(reference_load(NULL, &ref, &err) == 0, "%s", err.msg);
	ck_assert_str_eq(reference_dir(ref), "sectors");
	reference_free(ref);
}
END_TEST

START_TEST(reference_files_carry_version_source_and_sha256)
{
	static const char *const paths[] = {
		"sectors.json", "countries.csv", "goods.csv", "sic2007.csv", "cpv2008.csv"
	};
	size_t i;

	ck_assert_uint_eq(reference_file_count(shipped), 5);
	for (i = 0; i < 5; i++) {
		const struct reference_file *f = reference_file_at(shipped, i);

		ck_assert_str_eq(f->path, paths[i]);
		ck_assert_uint_eq(strlen(f->sha256), 64);
		ck_assert_uint_eq(strspn(f->sha256, "0123456789abcdef"), 64);
		ck_assert_msg(f->version[0] != '\0', "%s has no version", f->path);
		ck_assert_msg(f->source[0] != '\0', "%s has no source", f->path);
	}
	ck_assert_str_eq(reference_file_at(shipped, 0)->version, "chainwatch-sectors 2 (2026-12)");
	ck_assert_ptr_null(reference_file_at(shipped, 5));
}
END_TEST

START_TEST(reference_sector_fields_are_loaded)
{
	const struct sector *s = sector_by_id(shipped, "domiciliary_care");
	size_t i;
	int workforce = 0;

	ck_assert_ptr_nonnull(s);
	ck_assert_str_eq(s->label, "Domiciliary care and supported living");
	ck_assert_int_eq(s->score, 100);
	ck_assert_str_eq(s->tier, "VH");
	ck_assert_int_eq(s->workforce, 90);
	ck_assert_int_eq(s->goods_class, 0);
	for (i = 0; i < s->nppn_factors; i++)
		if (!strcmp(s->ppn_factors[i], "workforce"))
			workforce = 1;
	ck_assert(workforce);
	ck_assert_uint_gt(s->nsources, 0);
	ck_assert_ptr_null(sector_by_id(shipped, "no_such_sector"));
	ck_assert_uint_ge(reference_sector_count(shipped), 29);
	ck_assert_ptr_eq(reference_sector_at(shipped, 0), sector_by_id(shipped, "agriculture"));

	s = sector_by_id(shipped, "ppe_medical");
	ck_assert_int_eq(s->goods_class, 60);
	ck_assert_uint_gt(s->ngoods, 0);
	ck_assert_str_eq(s->goods[0], "Gloves");
}
END_TEST

START_TEST(reference_rule_names)
{
	ck_assert_str_eq(sector_rule_name(RULE_SIC), "sic");
	ck_assert_str_eq(sector_rule_name(RULE_CPV), "cpv");
	ck_assert_str_eq(sector_rule_name(RULE_PROCLASS), "proclass");
	ck_assert_str_eq(sector_rule_name(RULE_EXPENSE), "expense type");
	ck_assert_str_eq(sector_rule_name(RULE_KEYWORD), "name keyword");
	ck_assert_str_eq(sector_rule_name(RULE_NONE), "");
}
END_TEST

struct match_case {
	const char *text;
	const char *want;        /* sector id, NULL for no match */
	const char *evidence;    /* NULL: not checked */
};

static void run_cases(const struct match_case *cases, size_t n, enum sector_rule rule,
		      int (*fn)(const struct reference *, const char *, struct sector_match *))
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct sector_match m;
		int got;

		memset(&m, 0, sizeof(m));
		got = fn(shipped, cases[i].text, &m);
		if (!cases[i].want) {
			ck_assert_msg(got == 0, "'%s' matched '%s' (%s)", cases[i].text,
				      got ? m.sector->id : "", m.evidence);
			continue;
		}
		ck_assert_msg(got == 1, "'%s' did not match", cases[i].text);
		ck_assert_msg(!strcmp(m.sector->id, cases[i].want), "'%s' -> '%s' (%s), want '%s'",
			      cases[i].text, m.sector->id, m.evidence, cases[i].want);
		ck_assert_int_eq(m.rule, rule);
		if (cases[i].evidence)
			ck_assert_str_eq(m.evidence, cases[i].evidence);
	}
}

START_TEST(reference_sic_codes_ranges_and_several_codes)
{
	static const struct match_case cases[] = {
		{ "88100", "domiciliary_care", "SIC 88100" },
		{ "81210", "cleaning_facilities", "SIC 81210" },
		{ "01130", "agriculture", "SIC 01130" },              /* inside 01110-01190 */
		{ "01190", "agriculture", NULL },                     /* range end */
		{ "43999", "construction_highways", NULL },
		{ "1130", "agriculture", "SIC 01130" },               /* leading zero dropped */
		{ "62020; 88100", "domiciliary_care", "SIC 88100" },  /* highest score wins */
		{ "88100, 62020", "domiciliary_care", "SIC 88100" },
		{ "70229 - Management consultancy; 78200 - Temporary employment agency activities",
		  "recruitment_temp_labour", "SIC 78200" },
		{ "62020", "it_software", NULL },
		{ "99999", NULL, NULL },
		{ "", NULL, NULL },
		{ "no code here", NULL, NULL },
	};

	run_cases(cases, sizeof(cases) / sizeof(cases[0]), RULE_SIC, sector_match_sic);
}
END_TEST

START_TEST(reference_cpv_longest_prefix_with_or_without_check_digit)
{
	static const struct match_case cases[] = {
		{ "90910000-9", "cleaning_facilities", "CPV 90910000-9" },
		{ "90911200", "cleaning_facilities", "CPV 90911200" },
		{ "85312000-9", "domiciliary_care", NULL },
		{ "85311000-2", "residential_care", NULL },
		{ "18424300-0", "ppe_medical", NULL },          /* inside 18 (clothing) */
		{ "18100000-0", "textiles_clothing", NULL },
		{ "3000000", "food_processing", "CPV 03000000" }, /* leading zero dropped */
		{ "03311000-2", "fishing", NULL },
		{ "09331200-0", "solar", NULL },
		{ "09310000-5", "utilities_energy", NULL },
		{ "45233140-2", "construction_highways", NULL },
		{ "79624000-4", "care_teaching_agency", NULL },
		{ "79620000-6", "recruitment_temp_labour", NULL },
		{ "50112300-6", "hand_car_wash", NULL },
		{ "30200000-1", "electronics_it_hardware", NULL },
		{ "72000000-5; 90910000-9", "cleaning_facilities", NULL },
		{ "22000000-0", NULL, NULL },
		{ "", NULL, NULL },
	};

	run_cases(cases, sizeof(cases) / sizeof(cases[0]), RULE_CPV, sector_match_cpv);
}
END_TEST

START_TEST(reference_proclass_codes_and_labels)
{
	static const struct match_case cases[] = {
		{ "391110", "construction_highways", NULL },
		{ "CONSTRUCTION: Bld Construction", "construction_highways", NULL },
		{ "SOCIAL CARE & HEALTH", "domiciliary_care", NULL },
		{ "Catering", "hospitality_catering", NULL },
		{ "999999", NULL, NULL },
		{ "STATIONERY", NULL, NULL },
	};

	run_cases(cases, sizeof(cases) / sizeof(cases[0]), RULE_PROCLASS, sector_match_proclass);
}
END_TEST

START_TEST(reference_expense_types_from_real_council_files)
{
	static const struct match_case cases[] = {
		/* Devon "Expense Type" */
		{ "Care Spot - Private (3rd)", "residential_care",
		  "expense type 'Care Spot - Private (3rd)'" },
		{ "Individualised Support - Private (3rd)", "domiciliary_care", NULL },
		{ "Agency Supply Staff", "care_teaching_agency", NULL },
		{ "Main / Term Contractor", "construction_highways", NULL },
		{ "Works", "construction_highways", NULL },
		{ "Legal & Conveyancing Charges", "legal", NULL },
		{ "External Professional Fees", "consultancy_professional", NULL },
		{ "Contributions to Educational Estabs (3rd", "education", NULL },
		{ "Laundry & Dry Cleaning", "laundry", NULL },
		{ "IT Hardware - Scanners, Printers, MFD's", "electronics_it_hardware", NULL },
		/* Warwickshire "Description" / "Account(T)" */
		{ "Residential Care", "residential_care", NULL },
		{ "Homecare - External Domiciliary", "domiciliary_care", NULL },
		{ "Home To School / College Transport", "taxi_transport", NULL },
		{ "Supported Living", "domiciliary_care", NULL },
		{ "Consultancy", "consultancy_professional", NULL },
		{ "Software", "it_software", NULL },
		/* Lambeth "Subj Description" */
		{ "RESIDENTIAL CARE PRIVATE SPOT", "residential_care", NULL },
		{ "CLEANING - ESTATES", "cleaning_facilities", NULL },
		{ "PLANNED MAINTENANCE CONSTRUCTION/WORKS", "construction_highways", NULL },
		{ "GAS -\xe2\x80\xa0 GENERAL", "utilities_energy", NULL },  /* mojibake NBSP */
		/* folding: case, spacing, punctuation, the (3rd) suffix */
		{ "care spot  private", "residential_care", NULL },
		{ "  CARE SPOT - PRIVATE (3RD) ", "residential_care", NULL },
		{ "legal and conveyancing charges", "legal", NULL },
		/* whole phrase only */
		{ "Works Manager", NULL, NULL },
		{ "Payments to Vol Providers (3rd)", NULL, NULL },
		{ "", NULL, NULL },
		/* no phrase: a sector's expense keyword (Bolton, Oxford, East Riding, Birmingham) */
		{ "Clients  Taxi Fares", "taxi_transport",
		  "expense type 'Clients  Taxi Fares' (keyword 'TAXI')" },
		{ "Residential Provision", "residential_care", NULL },
		{ "Agency Staff  Other", "recruitment_temp_labour", NULL },
		{ "Taxis & Contract Hire                   ", "taxi_transport", NULL },
		{ "Purchases Food", "food_processing", NULL },
		{ "Highways Works", "construction_highways", NULL },
		/* CARE names the client and CONTRACTORS any supplier: not expense keywords */
		{ "Foster Care Payments - External", NULL, NULL },
		{ "Support for Children in Care", NULL, NULL },
		{ "Payments to External Contractors", NULL, NULL },
		{ "Payment to Private Contractors", NULL, NULL },
	};

	run_cases(cases, sizeof(cases) / sizeof(cases[0]), RULE_EXPENSE, sector_match_expense);
}
END_TEST

START_TEST(reference_name_keywords_word_boundaries)
{
	static const struct match_case cases[] = {
		{ "ABC CARE LTD", "domiciliary_care", "name keyword 'CARE' in 'ABC CARE LTD'" },
		{ "CAREERS SOUTH WEST LTD", NULL, NULL },
		{ "SKINCARE SOLUTIONS LTD", NULL, NULL },
		{ "Abc Care Ltd.", "domiciliary_care", NULL },
		{ "CARE-FIRST LTD", "domiciliary_care", NULL },
		{ "ACORN CARE HOME", "residential_care", NULL },    /* longer keyword, same score */
		{ "STAGECOACH TAXIS", "taxi_transport", NULL },
		{ "A1 TAXI", "taxi_transport", NULL },
		{ "SPARKLE CLEANING SERVICES", "cleaning_facilities", NULL },
		{ "KWIK HAND CAR WASH", "hand_car_wash", NULL },
		{ "G4S SECURITY SERVICES (UK) LTD", "security", NULL },
		{ "HAYS RECRUITMENT", "recruitment_temp_labour", NULL },
		{ "CARRINGTON NURSING AGENCY", "care_teaching_agency", NULL },
		{ "BRITISH COUNCIL", "education", NULL },
		{ "", NULL, NULL },
	};

	run_cases(cases, sizeof(cases) / sizeof(cases[0]), RULE_KEYWORD, sector_match_name);
}
END_TEST

START_TEST(reference_name_exclusions_veto_keywords)
{
	static const struct match_case cases[] = {
		{ "ACE CAR CARE LTD", "hand_car_wash", NULL },            /* not care */
		{ "CARE QUALITY COMMISSION", "public_bodies", NULL },
		{ "SOCIAL SECURITY ADVISORY SERVICES", NULL, NULL },
		{ "ACME CYBER SECURITY LTD", "it_software", NULL },
		{ "CHUBB FIRE & SECURITY LTD", NULL, NULL },
		{ "ENVIRONMENT AGENCY", "public_bodies", NULL },
		{ "NATIONAL FOSTERING AGENCY", NULL, NULL },
		{ "EXETER DRY CLEANING", "laundry", NULL },
		{ "CLEANING SUPPLIES DIRECT", NULL, NULL },
		{ "NATIONWIDE BUILDING SOCIETY", "financial_services", NULL },
		{ "DEVON COUNTY COUNCIL ADULT CARE", "public_bodies", NULL },
		{ "EXETER FOOD BANK", NULL, NULL },
	};

	run_cases(cases, sizeof(cases) / sizeof(cases[0]), RULE_KEYWORD, sector_match_name);
}
END_TEST

START_TEST(reference_real_devon_supplier_names)
{
	static const struct match_case cases[] = {
		{ "AAA ELDERLY CARE LTD/ST SAVIOURS", "domiciliary_care", NULL },
		{ "VIRIDOR EXETER WASTE SERVICES LIMITED", "waste_recycling", NULL },
		{ "BROWNE JACOBSON LLP", NULL, NULL },                  /* LLP is not legal */
		{ "EXETER CITY COUNCIL (FINANCE)", "public_bodies", NULL },
		{ "PHOENIX LEARNING & CARE LTD", "domiciliary_care", NULL },  /* care beats learning */
		{ "GLEN CLEANING COMPANY LTD", "cleaning_facilities", NULL },
		{ "POTENS DOMICILIARY CARE AGENCY", "domiciliary_care", NULL },
	};

	run_cases(cases, sizeof(cases) / sizeof(cases[0]), RULE_KEYWORD, sector_match_name);
}
END_TEST

START_TEST(reference_countries_by_code_name_and_alias)
{
	static const struct { const char *text, *alpha2; } cases[] = {
		{ "UK", "GB" },
		{ "United Kingdom of Great Britain and Northern Ireland", "GB" },
		{ "gb", "GB" },
		{ "GBR", "GB" },
		{ "great britain.", "GB" },
		{ "England", "GB" },
		{ "DK", "DK" },
		{ "Denmark", "DK" },
		{ "Korea, Democratic People's Republic of", "KP" },
		{ "North Korea", "KP" },
		{ "XK", "XK" },
		{ "Kosovo", "XK" },
		{ "Türkiye", "TR" },
		{ "Turkiye", "TR" },
		{ "Turkey (Türkiye)", "TR" },
		{ "Côte d'Ivoire", "CI" },
		{ "Cote dIvoire", "CI" },
		{ "Congo, Democratic Republic of the", "CD" },
		{ "Burma", "MM" },
		{ "viet nam", "VN" },
	};
	const struct country *c;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		c = country_lookup(shipped, cases[i].text);
		ck_assert_msg(c != NULL, "'%s' not found", cases[i].text);
		ck_assert_msg(!strcmp(c->alpha2, cases[i].alpha2), "'%s' -> %s, want %s",
			      cases[i].text, c->alpha2, cases[i].alpha2);
	}
	ck_assert_ptr_null(country_lookup(shipped, "Atlantis"));
	ck_assert_ptr_null(country_lookup(shipped, ""));
	ck_assert_ptr_null(country_lookup(shipped, "--"));

	c = country_lookup(shipped, "UK");
	ck_assert_double_eq_tol(c->prevalence, 1.8, 1e-9);
	ck_assert_int_eq(c->score, 16);               /* method: G_uk = 15.8 */
	c = country_lookup(shipped, "KP");
	ck_assert_double_eq_tol(c->prevalence, 104.6, 1e-9);
	ck_assert_int_eq(c->score, 100);
	c = country_lookup(shipped, "Andorra");       /* no GSI estimate */
	ck_assert(c->prevalence < 0);
	ck_assert_int_ge(c->score, 40);
	ck_assert_uint_ge(reference_country_count(shipped), 250);
	ck_assert_ptr_nonnull(reference_country_at(shipped, 0));
}
END_TEST

START_TEST(reference_goods_lookup)
{
	const struct goods_listing *g;

	/* the TVPRA lists Malaysian gloves as "Rubber Gloves", Chinese as "Gloves" */
	g = goods_lookup(shipped, "Rubber Gloves", "MY");
	ck_assert_ptr_nonnull(g);
	ck_assert_int_eq(g->forced_labour, 1);
	ck_assert_int_eq(g->child_labour, 0);
	ck_assert_str_eq(g->country, "Malaysia");
	ck_assert_ptr_nonnull(goods_lookup(shipped, "rubber gloves", "my"));
	g = goods_lookup(shipped, "Gloves", "CN");
	ck_assert_ptr_nonnull(g);
	ck_assert_int_eq(g->forced_labour, 1);
	ck_assert_ptr_null(goods_lookup(shipped, "Gloves", "MY"));
	g = goods_lookup(shipped, "Polysilicon", "CN");
	ck_assert_ptr_nonnull(g);
	ck_assert_int_eq(g->forced_labour, 1);
	g = goods_lookup(shipped, "Bricks", "BD");
	ck_assert_ptr_nonnull(g);
	ck_assert_int_eq(g->child_labour, 1);
	ck_assert_ptr_null(goods_lookup(shipped, "Gloves", "GB"));
	ck_assert_ptr_null(goods_lookup(shipped, "Unobtainium", "CN"));
}
END_TEST

/* A charity's codes: the rule all of whose codes it has, the most codes first. */
START_TEST(charity_classification_maps_code_combinations)
{
	static const struct { int codes[6]; size_t n; const char *want; } cases[] = {
		{ { 202, 306 }, 2, "domiciliary_care" },
		{ { 103, 104, 201, 306 }, 4, "domiciliary_care" },
		{ { 107, 202, 306 }, 3, "residential_care" },
		{ { 102 }, 1, "education" },
		{ { 109, 207 }, 2, "culture_libraries" },
		{ { 102, 109 }, 2, "culture_libraries" },     /* one code each: the higher score */
		{ { 102, 202, 306 }, 3, "domiciliary_care" }, /* two codes before one */
		{ { 202 }, 1, NULL },                         /* who alone says no sector */
		{ { 306 }, 1, NULL },
		{ { 101, 207, 302 }, 3, NULL },
		{ { 107 }, 1, NULL },                         /* no housing sector */
	};
	struct sector_match m;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int got = sector_match_charity(shipped, cases[i].codes, cases[i].n, &m);

		if (!cases[i].want) {
			ck_assert_msg(!got, "case %zu: %s", i, got ? m.sector->id : "");
			continue;
		}
		ck_assert_msg(got && !strcmp(m.sector->id, cases[i].want), "case %zu: %s, wanted %s",
			      i, got ? m.sector->id : "none", cases[i].want);
		ck_assert_int_eq(m.rule, RULE_CHARITY);
		ck_assert_ptr_nonnull(strstr(m.evidence, "charity classification "));
	}
	ck_assert_str_eq(sector_rule_name(RULE_CHARITY), "charity classification");
}
END_TEST

START_TEST(reference_check_reports_located_problems)
{
	static const struct { const char *dir, *want; long count; } cases[] = {
		{ "tests/data/reference/ok", NULL, 0 },
		{ "tests/data/reference/duplicate-id",
		  "tests/data/reference/duplicate-id/sectors.json:41: duplicate sector id 'cleaning' (first at line 6)", 1 },
		{ "tests/data/reference/score-out-of-range",
		  "tests/data/reference/score-out-of-range/sectors.json:41: sector 'care': score 120 is not 0-100", 1 },
		{ "tests/data/reference/tier-mismatch",
		  "tests/data/reference/tier-mismatch/sectors.json:6: sector 'cleaning': tier 'M' needs a score of 30-64, not 100", 1 },
		{ "tests/data/reference/unknown-sic",
		  "tests/data/reference/unknown-sic/sectors.json:57: SIC code '99998' is not in the SIC 2007 list", 1 },
		{ "tests/data/reference/overlapping-range",
		  "tests/data/reference/overlapping-range/sectors.json:57: SIC '81222' in 'care' overlaps '81221-81229' in 'cleaning'", 1 },
		{ "tests/data/reference/phrase-in-two-sectors",
		  "tests/data/reference/phrase-in-two-sectors/sectors.json:64: expense phrase 'CLEANING SERVICES' is mapped to both 'cleaning' and 'care'", 1 },
		{ "tests/data/reference/bad-country",
		  "tests/data/reference/bad-country/countries.csv:7: alpha2 'gb' is not two capital letters", 2 },
		{ "tests/data/reference/bad-country",
		  "tests/data/reference/bad-country/countries.csv:8: country 'FR': score '150' is not 0-100", 2 },
		{ "tests/data/reference/goods-unknown-country",
		  "tests/data/reference/goods-unknown-country/goods.csv:6: good 'Bricks' from 'Atlantis': alpha2 'ZZ' is not in countries.csv", 1 },
		{ "tests/data/reference/bad-wages",
		  "tests/data/reference/bad-wages/wages.json:17:53: /minimum_wage/rates/2/nlw: 7.10 is lower than 7.20 from 2016-10-01: a rate is out of order", 1 },
		{ "tests/data/reference/bad-charity-class",
		  "tests/data/reference/bad-charity-class/sectors.json:24: charity classification '202+399' is not Charity Commission codes joined by '+' (\"202+306\")", 1 },
		{ "tests/data/reference/unknown-good",
		  "tests/data/reference/unknown-good/sectors.json:6: sector 'cleaning': good 'Glovs' is not in goods.csv", 1 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct buf msgs;
		struct diag err;
		long n;

		buf_init(&msgs, 0);
		diag_init(&err);
		n = reference_check(cases[i].dir, collect, &msgs, &err);
		ck_assert_msg(n == cases[i].count, "%s: %ld problems, want %ld:\n%s%s", cases[i].dir,
			      n, cases[i].count, msgs.s, err.msg);
		if (cases[i].want)
			ck_assert_msg(strstr(msgs.s, cases[i].want) != NULL, "%s: want\n%s\ngot\n%s",
				      cases[i].dir, cases[i].want, msgs.s);
		buf_release(&msgs);
	}
}
END_TEST

START_TEST(reference_load_refuses_data_that_fails_the_check)
{
	struct reference *ref = NULL;
	struct diag err;

	diag_init(&err);
	ck_assert_int_eq(reference_load("tests/data/reference/score-out-of-range", &ref, &err), -1);
	ck_assert_ptr_null(ref);
	ck_assert_int_eq(err.code, CW_INPUT);
	ck_assert_msg(strstr(err.msg, "score-out-of-range/sectors.json:41: sector 'care': score 120") != NULL,
		      "%s", err.msg);

	diag_init(&err);
	ck_assert_int_eq(reference_load("tests/data/reference/ok", &ref, &err), 0);
	ck_assert_uint_eq(reference_sector_count(ref), 2);
	reference_free(ref);
	reference_free(NULL);
}
END_TEST

START_TEST(reference_missing_directory_is_an_input_error)
{
	struct reference *ref = NULL;
	struct diag err;

	diag_init(&err);
	ck_assert_int_eq(reference_load("tests/data/reference/no-such-dir", &ref, &err), -1);
	ck_assert_int_eq(err.code, CW_INPUT);
	ck_assert_ptr_null(ref);
	ck_assert_msg(strstr(err.msg, "no-such-dir/sectors.json") != NULL, "%s", err.msg);

	diag_init(&err);
	ck_assert_int_eq(reference_check("tests/data/reference/no-such-dir", NULL, NULL, &err), -1);
	ck_assert_int_eq(err.code, CW_INPUT);
}
END_TEST

static Suite *reference_suite(void)
{
	Suite *s = suite_create("reference");
	TCase *load = tcase_create("load");
	TCase *match = tcase_create("match");

	tcase_add_test(load, reference_shipped_data_passes_check);
	tcase_add_test(load, reference_default_dir_is_sectors_in_cwd);
	tcase_add_test(load, reference_check_reports_located_problems);
	tcase_add_test(match, charity_classification_maps_code_combinations);
	tcase_add_test(load, reference_load_refuses_data_that_fails_the_check);
	tcase_add_test(load, reference_missing_directory_is_an_input_error);
	suite_add_tcase(s, load);

	tcase_add_checked_fixture(match, load_shipped, free_shipped);
	tcase_add_test(match, reference_files_carry_version_source_and_sha256);
	tcase_add_test(match, reference_sector_fields_are_loaded);
	tcase_add_test(match, reference_rule_names);
	tcase_add_test(match, reference_sic_codes_ranges_and_several_codes);
	tcase_add_test(match, reference_cpv_longest_prefix_with_or_without_check_digit);
	tcase_add_test(match, reference_proclass_codes_and_labels);
	tcase_add_test(match, reference_expense_types_from_real_council_files);
	tcase_add_test(match, reference_name_keywords_word_boundaries);
	tcase_add_test(match, reference_name_exclusions_veto_keywords);
	tcase_add_test(match, reference_real_devon_supplier_names);
	tcase_add_test(match, reference_countries_by_code_name_and_alias);
	tcase_add_test(match, reference_goods_lookup);
	suite_add_tcase(s, match);
	return s;
}

TEST_MAIN(reference_suite)
