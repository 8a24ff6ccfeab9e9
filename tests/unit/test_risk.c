/*
 * The risk model: the worked examples of the methods reference (§2.4.2),
 * tier boundaries and Grey, and assessments of real council suppliers
 * against the shipped sectors/ data.
 */
#include <math.h>
#include <string.h>

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "chainwatch/flags.h"
#include "chainwatch/master.h"
#include "chainwatch/risk.h"
#include "chainwatch/spend.h"
#include "testutil.h"

#define G_UK 15.8      /* the reference's UK geography score for its worked examples */

static const struct {
	const char *name;
	double s, w, p, origin;     /* p < 0: no goods */
	double want;                /* I, to one decimal as printed in the reference */
} worked[] = {
	{ "domiciliary care 88100", 100, 90, -1, 0, 79.7 },
	{ "office cleaning 81210", 100, 75, -1, 0, 74.4 },
	{ "construction main contractor", 80, 90, -1, 0, 70.7 },
	{ "construction, design-led", 80, 45, -1, 0, 54.9 },
	{ "waste collection 38110", 80, 65, -1, 0, 61.9 },
	{ "nitrile gloves wholesaler", 10, 0, 100, 45, 73.6 },
	{ "office furniture wholesale", 10, 10, 50, 55, 54.2 },
	{ "IT consultancy 62020", 10, 0, -1, 0, 7.7 },
};

START_TEST(risk_reproduces_the_worked_examples)
{
	size_t i;

	for (i = 0; i < sizeof(worked) / sizeof(worked[0]); i++) {
		double a = risk_own_operations(worked[i].s, worked[i].w, G_UK);
		double b = worked[i].p >= 0 ? risk_goods_channel(worked[i].p, worked[i].origin) : 0;
		double got = worked[i].p >= 0 ? risk_inherent(a, b) : a;

		ck_assert_msg(fabs(round(got * 10) / 10 - worked[i].want) < 1e-9,
			      "%s: I = %.2f, the reference says %.1f", worked[i].name, got,
			      worked[i].want);
	}
}
END_TEST

START_TEST(risk_inherent_takes_the_worse_channel_plus_a_cross_term_capped_at_100)
{
	ck_assert(fabs(risk_inherent(60, 0) - 60) < 1e-9);
	ck_assert(fabs(risk_inherent(0, 60) - 60) < 1e-9);
	ck_assert(fabs(risk_inherent(60, 40) - 66) < 1e-9);
	ck_assert(fabs(risk_inherent(40, 60) - 66) < 1e-9);
	ck_assert(fabs(risk_inherent(95, 90) - 100) < 1e-9);
}
END_TEST

START_TEST(risk_tier_boundaries_and_grey)
{
	static const struct { int score, mapped; enum tier want; } cases[] = {
		{ 100, 1, TIER_HIGH }, { 70, 1, TIER_HIGH }, { 69, 1, TIER_MEDIUM },
		{ 40, 1, TIER_MEDIUM }, { 39, 1, TIER_LOW }, { 0, 1, TIER_LOW },
		{ 90, 0, TIER_GREY }, { 10, 0, TIER_GREY },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ck_assert_msg(risk_tier(cases[i].score, cases[i].mapped) == cases[i].want,
			      "score %d mapped %d", cases[i].score, cases[i].mapped);
	ck_assert_str_eq(tier_name(TIER_HIGH), "High");
	ck_assert_str_eq(tier_name(TIER_GREY), "Grey");
}
END_TEST

/*
 * A real month: Devon County Council, December 2025 (data/sample).  What a
 * contract manager expects at the top of the review list - care and
 * agency-staff providers, waste and construction works contractors - and
 * what they expect at the bottom - IT, legal, consultancy, other councils.
 */
struct ranked {
	struct supplier *s;
	struct assessment a;
};

static struct reference *ref;
static struct supplier_table *devon;
static struct ranked *rk;
static size_t nrk;

static int by_priority(const void *x, const void *y)
{
	const struct ranked *a = x, *b = y;

	if (a->a.priority != b->a.priority)
		return a->a.priority > b->a.priority ? -1 : 1;
	return strcmp(a->s->key, b->s->key);
}

static void devon_setup(void)
{
	struct spend_sink sink;
	struct input_stats st;
	struct supplier **all;
	struct diag err;
	size_t i;

	diag_init(&err);
	ck_assert_msg(reference_load("sectors", &ref, &err) == 0, "%s", err.msg);
	devon = supplier_table_new();
	memset(&sink, 0, sizeof(sink));
	sink.suppliers = devon;
	ck_assert_msg(master_read("data/sample/devon-suppliers.csv", NULL, devon, NULL, &st,
				  &err) == 0, "%s", err.msg);
	input_stats_release(&st);
	ck_assert_msg(spend_read("data/sample/devon-spend-2025-12.csv", NULL, &sink, &st, &err) == 0,
		      "%s", err.msg);
	input_stats_release(&st);
	all = supplier_table_sorted(devon, 1, &nrk);
	rk = calloc(nrk, sizeof(*rk));
	for (i = 0; i < nrk; i++) {
		struct buf b;

		rk[i].s = all[i];
		risk_assess(ref, all[i], &rk[i].a);
		buf_init(&b, 0);
		risk_reasons(all[i], &rk[i].a, &b);
		rk[i].a.reasons = buf_detach(&b, NULL);
	}
	qsort(rk, nrk, sizeof(*rk), by_priority);
}

static void devon_teardown(void)
{
	size_t i;

	for (i = 0; i < nrk; i++)
		assessment_release(&rk[i].a);
	free(rk);
	supplier_table_free(devon);
	reference_free(ref);
}

/* Rank (1 = first to review) of the supplier with this display name. */
static size_t rank_of(const char *name, const struct ranked **out)
{
	size_t i;

	for (i = 0; i < nrk; i++)
		if (!strcmp(rk[i].s->name, name)) {
			*out = &rk[i];
			return i + 1;
		}
	ck_abort_msg("no supplier named '%s' in the Devon sample", name);
	return 0;
}

static const struct {
	const char *name, *sector;
	enum tier tier;
	size_t within;        /* rank at most this (0: at least `below`) */
	size_t below;
} devon_expect[] = {
	/* care and agency staff */
	{ "Altogether Care - Care at Home Ltd", "domiciliary_care", TIER_HIGH, 10, 0 },
	{ "PROMOTING INDEPENDENT CARE LIMITED", "care_teaching_agency", TIER_HIGH, 30, 0 },
	{ "CHERISHEDCARE DEVON", "domiciliary_care", TIER_HIGH, 40, 0 },
	/* waste: named by their names, paid under the broad "Main / Term Contractor" */
	{ "SUEZ RECYCLING & RECOVERY UK LIMITED", "waste_recycling", TIER_MEDIUM, 20, 0 },
	{ "VIRIDOR EXETER WASTE SERVICES LIMITED", "waste_recycling", TIER_MEDIUM, 30, 0 },
	/* construction and highways works */
	{ "M Group Highways Limited", "construction_highways", TIER_HIGH, 3, 0 },
	{ "ALUN GRIFFITHS (CONTRACTORS) LTD", "construction_highways", TIER_HIGH, 10, 0 },
	{ "KIELY BROS LIMITED", "construction_highways", TIER_HIGH, 20, 0 },
	/* low: other councils (even when paid as a term contractor), IT, legal, consultancy */
	{ "TORRIDGE DISTRICT COUNCIL", "public_bodies", TIER_LOW, 0, 300 },
	{ "PLYMOUTH CITY COUNCIL (RADIUS ACCOUNT", "public_bodies", TIER_LOW, 0, 300 },
	{ "EXETER CITY COUNCIL (FINANCE)", "public_bodies", TIER_LOW, 0, 300 },
	{ "WSP UK LIMITED", "consultancy_professional", TIER_LOW, 0, 300 },
	{ "ANS Group Limited", "consultancy_professional", TIER_LOW, 0, 300 },
	{ "S C C", "it_software", TIER_LOW, 0, 300 },
	{ "DODDS SOLICITORS LLP", "legal", TIER_LOW, 0, 300 },
};

START_TEST(devon_priority_list_matches_a_contract_managers_judgement)
{
	size_t i;

	for (i = 0; i < sizeof(devon_expect) / sizeof(devon_expect[0]); i++) {
		const struct ranked *r;
		size_t rank = rank_of(devon_expect[i].name, &r);

		ck_assert_msg(r->a.sector.sector != NULL, "%s: no sector", devon_expect[i].name);
		ck_assert_msg(!strcmp(r->a.sector.sector->id, devon_expect[i].sector),
			      "%s: sector %s, expected %s (%s)", devon_expect[i].name,
			      r->a.sector.sector->id, devon_expect[i].sector, r->a.sector.evidence);
		ck_assert_msg(r->a.tier == devon_expect[i].tier, "%s: tier %s, expected %s (%s)",
			      devon_expect[i].name, tier_name(r->a.tier),
			      tier_name(devon_expect[i].tier), r->a.reasons);
		if (devon_expect[i].within)
			ck_assert_msg(rank <= devon_expect[i].within, "%s: rank %zu, expected top %zu",
				      devon_expect[i].name, rank, devon_expect[i].within);
		else
			ck_assert_msg(rank >= devon_expect[i].below, "%s: rank %zu, expected below %zu",
				      devon_expect[i].name, rank, devon_expect[i].below);
	}
}
END_TEST

START_TEST(devon_reasons_explain_every_number)
{
	const struct ranked *r;

	rank_of("Altogether Care - Care at Home Ltd", &r);
	ck_assert_msg(strstr(r->a.reasons, "Sector: Domiciliary care and supported living (expense type 'Personal Care Block')") != NULL, "reasons: %s", r->a.reasons);
	ck_assert_msg(strstr(r->a.reasons, "Workforce: typical for the sector") != NULL, "reasons: %s", r->a.reasons);
	ck_assert_msg(strstr(r->a.reasons, "Geography: United Kingdom") != NULL, "reasons: %s", r->a.reasons);
	/* the supplier master gives the country, so nothing is assumed */
	ck_assert_int_eq(r->a.country_assumed, 0);
	ck_assert_msg(strstr(r->a.reasons, "Score: 0.45x100 + 0.35x90 + 0.20x16 = 79.7 -> 80 High") != NULL, "reasons: %s", r->a.reasons);
	ck_assert_msg(strstr(r->a.reasons, "High") != NULL, "reasons: %s", r->a.reasons);
	rank_of("SUEZ RECYCLING & RECOVERY UK LIMITED", &r);
	ck_assert_int_eq(r->a.sector.rule, RULE_KEYWORD);
	ck_assert_msg(strstr(r->a.reasons, "too broad to decide") != NULL, "reasons: %s", r->a.reasons);
}
END_TEST

START_TEST(devon_unmapped_suppliers_are_grey_and_never_scored_low)
{
	size_t i, grey = 0;

	for (i = 0; i < nrk; i++) {
		if (rk[i].a.tier != TIER_GREY)
			continue;
		grey++;
		ck_assert_ptr_null(rk[i].a.sector.sector);
		/* the conservative defaults: S = 45, W = 45, UK geography */
		ck_assert_int_ge(rk[i].a.score, 36);
		ck_assert_ptr_nonnull(strstr(rk[i].a.reasons, "not enough data to judge"));
	}
	ck_assert_uint_gt(grey, 0);
	/* most of the spend is classified */
	ck_assert_uint_lt(grey * 2, nrk);
}
END_TEST

START_TEST(devon_foreign_supplier_scores_its_country)
{
	const struct ranked *r;

	rank_of("SPEEDADMIN APS", &r);
	ck_assert_ptr_nonnull(r->a.country);
	ck_assert_str_eq(r->a.country->alpha2, "DK");
	ck_assert_int_eq(r->a.country_assumed, 0);
	ck_assert_msg(strstr(r->a.reasons, "Geography: Denmark") != NULL, "reasons: %s", r->a.reasons);
}
END_TEST

/*
 * Purchase codes outrank the expense type (docs/risk-model.md): a file with
 * both columns maps by ProClass, read through spend_read as a scan does.
 */
static const struct {
	const char *name, *sector;
	enum sector_rule rule;
} proclass_expect[] = {
	{ "Alpha Services", "hospitality_catering", RULE_PROCLASS },    /* both columns */
	{ "Beta Services", "waste_recycling", RULE_EXPENSE },           /* expense type only */
	{ "Gamma Services", "waste_recycling", RULE_PROCLASS },         /* ProClass only */
};

START_TEST(risk_proclass_outranks_the_expense_type_in_the_same_file)
{
	static const char csv[] =
		"Supplier Name,Amount,Payment Date,Expense Type,ProClass\n"
		"Alpha Services,900.00,01/12/2025,Refuse Collection,CATERING\n"
		"Beta Services,500.00,02/12/2025,Refuse Collection,\n"
		"Gamma Services,700.00,03/12/2025,,WASTE MANAGEMENT\n";
	char path[] = "/tmp/cw-test-proclass-XXXXXX";
	struct reference *pref = NULL;
	struct supplier_table *t = supplier_table_new();
	struct supplier **all;
	struct spend_sink sink;
	struct input_stats st;
	struct diag err;
	size_t n, i, k;
	FILE *fp;
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	fp = fdopen(fd, "w");
	ck_assert_ptr_nonnull(fp);
	ck_assert_int_eq(fputs(csv, fp) >= 0, 1);
	ck_assert_int_eq(fclose(fp), 0);
	diag_init(&err);
	ck_assert_msg(reference_load("sectors", &pref, &err) == 0, "%s", err.msg);
	memset(&sink, 0, sizeof(sink));
	sink.suppliers = t;
	ck_assert_msg(spend_read(path, NULL, &sink, &st, &err) == 0, "%s", err.msg);
	unlink(path);
	ck_assert_uint_eq(st.accepted, 3);
	input_stats_release(&st);
	all = supplier_table_sorted(t, 1, &n);
	ck_assert_uint_eq(n, 3);
	for (k = 0; k < sizeof(proclass_expect) / sizeof(proclass_expect[0]); k++) {
		struct assessment a;

		for (i = 0; i < n && strcmp(all[i]->name, proclass_expect[k].name); i++)
			;
		ck_assert_msg(i < n, "no supplier '%s'", proclass_expect[k].name);
		risk_assess(pref, all[i], &a);
		ck_assert_ptr_nonnull(a.sector.sector);
		ck_assert_msg(!strcmp(a.sector.sector->id, proclass_expect[k].sector) &&
			      a.sector.rule == proclass_expect[k].rule,
			      "%s: sector %s by rule %d (%s), wanted %s by rule %d",
			      proclass_expect[k].name, a.sector.sector->id, (int)a.sector.rule,
			      a.sector.evidence, proclass_expect[k].sector,
			      (int)proclass_expect[k].rule);
		if (k == 0) {           /* the expense type it beat is listed */
			ck_assert_str_eq(a.sector.evidence, "ProClass 'CATERING'");
			ck_assert_msg(strstr(a.also, "Refuse Collection") != NULL, "also: %s",
				      a.also);
		}
		assessment_release(&a);
	}
	supplier_table_free(t);
	reference_free(pref);
}
END_TEST

/* A supplier found on the Companies House register, paid under one expense type. */
struct registered {
	struct supplier s;
	struct spend_part part;
	struct company_facts c;
};

static void registered_init(struct registered *r, const char *name, const char *expense,
			    const char *sic, const char *country)
{
	memset(r, 0, sizeof(*r));
	r->s.key = (char *)"nm:X";
	r->s.name = (char *)name;
	r->s.spend_pence = 3000000;
	r->s.transactions = 1;
	r->s.turnover_pence = -1;
	r->s.largest_pence = 3000000;
	r->s.largest_date = 20251210;
	r->part.label = (char *)expense;
	r->part.pence = 3000000;
	r->part.n = 1;
	r->s.expense = &r->part;
	r->s.nexpense = 1;
	snprintf(r->c.number, sizeof(r->c.number), "20000001");
	snprintf(r->c.name, sizeof(r->c.name), "%s", name);
	snprintf(r->c.status, sizeof(r->c.status), "Active");
	snprintf(r->c.method, sizeof(r->c.method), "exact name");
	r->c.confidence = 1.0;
	r->c.incorporated = 20120401;
	snprintf(r->c.sic, sizeof(r->c.sic), "%s", sic);
	snprintf(r->c.country, sizeof(r->c.country), "%s", country);
	r->s.company = &r->c;
}

START_TEST(register_sic_decides_the_sector_and_the_expense_type_is_shown_beside_it)
{
	struct reference *cref = NULL;
	struct registered r;
	struct assessment a;
	struct diag err;
	struct buf b;
	const char *why;

	diag_init(&err);
	ck_assert_msg(reference_load("sectors", &cref, &err) == 0, "%s", err.msg);
	buf_init(&b, 0);
	registered_init(&r, "ORCHARD LIMITED", "Consultancy", "87100", "UNITED KINGDOM");
	risk_assess(cref, &r.s, &a);
	ck_assert_ptr_nonnull(a.sector.sector);
	ck_assert_int_eq(a.sector.rule, RULE_SIC);
	ck_assert_str_eq(a.sector.evidence, "SIC 87100 from Companies House (exact name match, 1.00)");
	ck_assert_msg(strstr(a.also, "expense type 'Consultancy'") &&
		      strstr(a.also, "which the register's SIC outranks"), "also: %s", a.also);
	why = risk_reasons(&r.s, &a, &b);
	ck_assert_msg(strstr(why, "Companies House: ORCHARD LIMITED 20000001 (exact name 1.00), "
			     "Active, incorporated 2012-04-01, SIC 87100; ") != NULL, "%s", why);
	/* a UK registered office: the UK, said to come from the register, not assumed */
	ck_assert_int_eq(a.country_assumed, 0);
	ck_assert_int_eq(a.country_register, 1);
	ck_assert_ptr_nonnull(strstr(why, "(registered office, Companies House)"));
	ck_assert_ptr_null(strstr(why, "incorporated less than 12 months"));
	assessment_release(&a);

	/* the council's own SIC (supplier master) still comes first */
	r.s.sic = (char *)"62020";
	risk_assess(cref, &r.s, &a);
	ck_assert_str_eq(a.sector.evidence, "SIC 62020");
	assessment_release(&a);
	r.s.sic = NULL;

	/* an ambiguous name gives nothing but the candidates */
	r.c.ambiguous = 1;
	snprintf(r.c.candidates, sizeof(r.c.candidates), "TWIN LIMITED (1); TWIN LLP (OC2)");
	risk_assess(cref, &r.s, &a);
	ck_assert_int_eq(a.sector.rule, RULE_EXPENSE);
	ck_assert_int_eq(a.country_assumed, 1);
	ck_assert_ptr_nonnull(strstr(risk_reasons(&r.s, &a, &b), "the name fits several "
				     "companies (TWIN LIMITED (1); TWIN LLP (OC2)) - left unmatched"));
	assessment_release(&a);
	buf_release(&b);
	reference_free(cref);
}
END_TEST

START_TEST(register_office_abroad_scores_its_country_and_a_new_company_is_an_indicator)
{
	struct reference *cref = NULL;
	struct registered r;
	struct assessment a;
	struct diag err;
	struct buf b;

	diag_init(&err);
	ck_assert_msg(reference_load("sectors", &cref, &err) == 0, "%s", err.msg);
	buf_init(&b, 0);
	registered_init(&r, "KUALA GLOVES SDN BHD", "Protective Clothing", "22190", "MALAYSIA");
	risk_assess(cref, &r.s, &a);
	ck_assert_ptr_nonnull(a.country);
	ck_assert_str_eq(a.country->alpha2, "MY");
	ck_assert_int_eq(a.country_register, 1);
	ck_assert_int_eq(a.country_assumed, 0);
	ck_assert_int_ge(a.geography_score, 50);
	assessment_release(&a);

	/* the council's file gave a country: it wins */
	r.s.country = (char *)"GB";
	risk_assess(cref, &r.s, &a);
	ck_assert_str_eq(a.country->alpha2, "GB");
	ck_assert_int_eq(a.country_register, 0);
	assessment_release(&a);
	r.s.country = NULL;

	/* incorporated six months before a £30,000 payment: an indicator in the reasons */
	r.c.incorporated = 20250601;
	ck_assert_int_eq(risk_new_company(&r.s), 1);
	risk_assess(cref, &r.s, &a);
	ck_assert_ptr_nonnull(strstr(risk_reasons(&r.s, &a, &b), "incorporated less than 12 "
				     "months before its largest payment, £30,000.00 on 2025-12-10"));
	assessment_release(&a);
	r.c.incorporated = 20241210;           /* a year to the day: no longer new */
	ck_assert_int_eq(risk_new_company(&r.s), 0);
	r.c.incorporated = 20241211;
	ck_assert_int_eq(risk_new_company(&r.s), 1);
	r.s.largest_pence = RISK_NEW_COMPANY_PENCE - 1;   /* not a large payment */
	ck_assert_int_eq(risk_new_company(&r.s), 0);
	buf_release(&b);
	reference_free(cref);
}
END_TEST

/*
 * An overseas company registered here: a UK office (its UK establishment)
 * but its home country abroad; the home country is scored, and said so.
 */
START_TEST(register_country_of_origin_scores_an_overseas_company)
{
	struct reference *cref = NULL;
	struct registered r;
	struct assessment a;
	struct diag err;
	struct buf b;

	diag_init(&err);
	ck_assert_msg(reference_load("sectors", &cref, &err) == 0, "%s", err.msg);
	buf_init(&b, 0);
	registered_init(&r, "SHENZHEN WORKWEAR CO LTD", "Protective Clothing", "14120",
			"UNITED KINGDOM");
	snprintf(r.c.origin, sizeof(r.c.origin), "CHINA");
	risk_assess(cref, &r.s, &a);
	ck_assert_str_eq(a.country->alpha2, "CN");
	ck_assert_int_eq(a.country_register, RISK_COUNTRY_ORIGIN);
	ck_assert_int_eq(a.geography_score, a.country->score);
	ck_assert_msg(strstr(risk_reasons(&r.s, &a, &b), "Geography: China (country of origin of "
			     "an overseas company, Companies House)") != NULL, "%s", b.s);
	assessment_release(&a);

	/* an office abroad says where it is: it wins over the country of origin */
	snprintf(r.c.country, sizeof(r.c.country), "MALAYSIA");
	risk_assess(cref, &r.s, &a);
	ck_assert_str_eq(a.country->alpha2, "MY");
	ck_assert_int_eq(a.country_register, RISK_COUNTRY_OFFICE);
	assessment_release(&a);

	/* a UK company (origin "United Kingdom") and one with no office given */
	snprintf(r.c.country, sizeof(r.c.country), "ENGLAND");
	snprintf(r.c.origin, sizeof(r.c.origin), "United Kingdom");
	risk_assess(cref, &r.s, &a);
	ck_assert_str_eq(a.country->alpha2, "GB");
	ck_assert_int_eq(a.country_register, RISK_COUNTRY_OFFICE);
	assessment_release(&a);
	r.c.country[0] = '\0';
	snprintf(r.c.origin, sizeof(r.c.origin), "IRELAND");
	risk_assess(cref, &r.s, &a);
	ck_assert_str_eq(a.country->alpha2, "IE");
	ck_assert_int_eq(a.country_register, RISK_COUNTRY_ORIGIN);
	assessment_release(&a);

	/* an origin the reference does not know: the office's country, as before */
	snprintf(r.c.country, sizeof(r.c.country), "UNITED KINGDOM");
	snprintf(r.c.origin, sizeof(r.c.origin), "ATLANTIS");
	risk_assess(cref, &r.s, &a);
	ck_assert_str_eq(a.country->alpha2, "GB");
	ck_assert_int_eq(a.country_register, RISK_COUNTRY_OFFICE);
	assessment_release(&a);
	buf_release(&b);
	reference_free(cref);
}
END_TEST

/*
 * A charity's classification on its register: after SIC, before the
 * purchase and the expense type; where they disagree both are in the
 * reasons.  Codes that say no sector leave the next rule to decide.
 */
START_TEST(charity_classification_ranks_after_sic_before_the_expense_type)
{
	struct reference *cref = NULL;
	struct registered r;
	struct charity_facts ch;
	struct assessment a;
	struct diag err;
	struct buf b;

	diag_init(&err);
	ck_assert_msg(reference_load("sectors", &cref, &err) == 0, "%s", err.msg);
	registered_init(&r, "ROWAN TRUST", "Consultancy", "", "UNITED KINGDOM");
	r.s.company = NULL;
	memset(&ch, 0, sizeof(ch));
	snprintf(ch.method, sizeof(ch.method), "exact name");
	snprintf(ch.number, sizeof(ch.number), "1000001");
	snprintf(ch.source, sizeof(ch.source), "Charity Commission register");
	ch.income = -1;
	ch.codes[0] = 103;
	ch.codes[1] = 202;
	ch.codes[2] = 306;
	ch.ncodes = 3;
	r.s.charity = &ch;
	/* Elderly Old People + Provides Services: care, over the expense type, which is listed */
	risk_assess(cref, &r.s, &a);
	ck_assert_int_eq(a.sector.rule, RULE_CHARITY);
	ck_assert_str_eq(a.sector.sector->id, "domiciliary_care");
	ck_assert_str_eq(a.sector.evidence, "charity classification 202 Elderly Old People + 306 "
			 "Provides Services on the Charity Commission register");
	ck_assert_msg(a.also && strstr(a.also, "expense type 'Consultancy'") &&
		      strstr(a.also, "which the charity's classification outranks"), "also: %s",
		      a.also ? a.also : "");
	assessment_release(&a);
	/* with Accommodation Housing: residential care (the rule of as many codes listed first) */
	ch.codes[3] = 107;
	ch.ncodes = 4;
	risk_assess(cref, &r.s, &a);
	ck_assert_str_eq(a.sector.sector->id, "residential_care");
	assessment_release(&a);
	/* the council's SIC outranks it; the classification is listed beside it */
	r.s.sic = (char *)"62020";
	risk_assess(cref, &r.s, &a);
	ck_assert_int_eq(a.sector.rule, RULE_SIC);
	ck_assert_msg(a.also && strstr(a.also, "charity classification 107 Accommodation Housing + "
				       "202 Elderly Old People") &&
		      strstr(a.also, "which the SIC code outranks"), "also: %s", a.also ? a.also : "");
	assessment_release(&a);
	/* General Charitable Purposes, The General Public Mankind: no sector; the expense type */
	r.s.sic = NULL;
	ch.codes[0] = 101;
	ch.codes[1] = 207;
	ch.ncodes = 2;
	risk_assess(cref, &r.s, &a);
	ck_assert_int_eq(a.sector.rule, RULE_EXPENSE);
	assessment_release(&a);
	/* ... and with an expense type that maps nothing, the reasons say the codes were read */
	r.part.label = (char *)"Grants";
	risk_assess(cref, &r.s, &a);
	ck_assert_ptr_null(a.sector.sector);
	buf_init(&b, 0);
	ck_assert_msg(strstr(risk_reasons(&r.s, &a, &b), "Sector: not known - its charity "
			     "classification (101 207) on the Charity Commission register names no "
			     "sector, and no SIC code") != NULL, "%s", b.s);
	buf_release(&b);
	assessment_release(&a);
	r.part.label = (char *)"Consultancy";
	/* an ambiguous charity's codes are none; its candidates are in the reasons */
	ch.codes[0] = 102;
	ch.ambiguous = 1;
	snprintf(ch.candidates, sizeof(ch.candidates), "ROWAN TRUST (GB-CHC-1); ROWAN TRUST "
		 "(GB-NIC-100001)");
	risk_assess(cref, &r.s, &a);
	ck_assert_int_eq(a.sector.rule, RULE_EXPENSE);
	buf_init(&b, 0);
	ck_assert_ptr_nonnull(strstr(risk_reasons(&r.s, &a, &b), "Charity registers: the name fits "
				     "several charities (ROWAN TRUST (GB-CHC-1); ROWAN TRUST "
				     "(GB-NIC-100001)) - left unmatched"));
	buf_release(&b);
	assessment_release(&a);
	reference_free(cref);
}
END_TEST

static Suite *risk_suite(void)
{
	Suite *s = suite_create("risk");
	TCase *tc = tcase_create("formula");
	TCase *dv = tcase_create("devon");

	tcase_add_test(tc, risk_reproduces_the_worked_examples);
	tcase_add_test(tc, risk_inherent_takes_the_worse_channel_plus_a_cross_term_capped_at_100);
	tcase_add_test(tc, risk_tier_boundaries_and_grey);
	tcase_add_test(tc, risk_proclass_outranks_the_expense_type_in_the_same_file);
	tcase_add_test(tc, register_sic_decides_the_sector_and_the_expense_type_is_shown_beside_it);
	tcase_add_test(tc, register_office_abroad_scores_its_country_and_a_new_company_is_an_indicator);
	tcase_add_test(tc, register_country_of_origin_scores_an_overseas_company);
	tcase_add_test(tc, charity_classification_ranks_after_sic_before_the_expense_type);
	suite_add_tcase(s, tc);
	tcase_add_unchecked_fixture(dv, devon_setup, devon_teardown);
	tcase_set_timeout(dv, 30);
	tcase_add_test(dv, devon_priority_list_matches_a_contract_managers_judgement);
	tcase_add_test(dv, devon_reasons_explain_every_number);
	tcase_add_test(dv, devon_unmapped_suppliers_are_grey_and_never_scored_low);
	tcase_add_test(dv, devon_foreign_supplier_scores_its_country);
	suite_add_tcase(s, dv);
	return s;
}

TEST_MAIN(risk_suite)
