/*
 * What each payee is (entity.h): the table of real payee names in
 * tests/data/entity/payees.csv, the register's identifiers, the folding
 * finance systems need, identifiers from the council's file, and the risk
 * model judging each as what it is (issue 16's keyword faults).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chainwatch/csv.h"
#include "chainwatch/entity.h"
#include "chainwatch/flags.h"
#include "chainwatch/risk.h"
#include "testutil.h"

static struct entity_register *reg;
static struct reference *ref;

static void setup(void)
{
	struct diag err;

	diag_init(&err);
	ck_assert_msg(entity_register_load("sectors/orgs", &reg, &err) == 0, "%s", err.msg);
	ck_assert_msg(reference_load("sectors", &ref, &err) == 0, "%s", err.msg);
}

static void teardown(void)
{
	entity_register_free(reg);
	reference_free(ref);
	reg = NULL;
	ref = NULL;
}

START_TEST(entity_types_the_real_payees_of_the_shared_council_files)
{
	struct csv_reader *cr;
	struct csv_record rec;
	struct diag err;
	size_t n = 0, wrong = 0;
	int fd = open("tests/data/entity/payees.csv", O_RDONLY), header = 0;

	diag_init(&err);
	ck_assert_int_ge(fd, 0);
	cr = csv_reader_fd(fd, NULL, NULL, NULL);
	while (csv_next(cr, &rec, &err) > 0) {
		struct entity e;

		if (rec.fields[0].p[0] == '#' || !header++)
			continue;
		ck_assert_uint_eq(rec.nfields, 3);
		entity_classify_name(reg, rec.fields[0].p, &e);
		if (strcmp(entity_type_name(e.type), rec.fields[1].p)) {
			fprintf(stderr, "payees.csv:%lu: '%s' is %s (%s), expected %s\n", rec.line,
				rec.fields[0].p, entity_type_name(e.type), e.evidence,
				rec.fields[1].p);
			wrong++;
		}
		n++;
	}
	csv_reader_free(cr);
	close(fd);
	ck_assert_uint_ge(n, 100);
	ck_assert_uint_eq(wrong, 0);
}
END_TEST

START_TEST(entity_register_gives_org_id_identifiers)
{
	static const struct { const char *name, *id; } cases[] = {
		{ "NORTHERN DEVON HEALTHCARE TRUST", "GB-NHS-RBZ" },
		{ "HMRC", "GB-GOR-D25" },
		{ "HM Revenue and Customs", "GB-GOR-D25" },
		{ "DONCASTER MBC", "GB-LAE-DNC" },
		{ "EAST DEVON DIST COUN", "GB-LAE-EDE" },
		{ "(DD) DEVON COUNTY COUNCIL", "GB-LAE-DEV" },
		{ "Devon County Council Direct Debit", "GB-LAE-DEV" },
		{ "London Borough of Islington", "GB-LAE-ISL" },
		{ "OFFICE FOR NATIONAL STATISTICS", "GB-GOR-D303" },
		{ "NETWORK RAIL", "GB-GOR-OT1244" },
		{ "Department of Health and Social Care Income", "GB-GOR-D12" },
		{ "University Hospitals Coventry & Warwickshire", "GB-NHS-RKB" },
		{ "Aberdeen City Council", "GB-LAS-ABE" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct entity e;

		entity_classify_name(reg, cases[i].name, &e);
		ck_assert_msg(e.type == ENTITY_PUBLIC_BODY, "%s: %s", cases[i].name, e.evidence);
		ck_assert_msg(!strcmp(e.id, cases[i].id), "%s: id %s, expected %s", cases[i].name,
			      e.id, cases[i].id);
	}
}
END_TEST

START_TEST(entity_a_company_named_after_a_place_or_council_stays_a_company)
{
	static const char *const names[] = {
		"South Devon Limited", "Borough Plumbing Ltd", "Devon Schools Ltd",
		"DEVON COUNTY COUNCIL LTD", "NHS Professionals Ltd", "University Bookshop Ltd",
		"Smith & Sons", "J Bloggs T/A Bloggs Tree Surgeons",
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		struct entity e;

		entity_classify_name(reg, names[i], &e);
		ck_assert_msg(e.type == ENTITY_COMPANY, "%s: %s (%s)", names[i],
			      entity_type_name(e.type), e.evidence);
		ck_assert_str_eq(e.id, "");
	}
}
END_TEST

START_TEST(entity_sole_traders_with_a_trade_word_are_not_individuals)
{
	static const char *const names[] = {
		"John Smith Photography", "A B Photography", "Dave Jones Tree Surgeons",
		"Chris Drake Plumbing", "Sarah Russell Consulting", "Mark Butler Builders",
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		struct entity e;

		entity_classify_name(reg, names[i], &e);
		ck_assert_msg(e.type != ENTITY_INDIVIDUAL, "%s: %s", names[i], e.evidence);
	}
}
END_TEST

START_TEST(entity_fold_spells_out_finance_system_abbreviations)
{
	static const struct { const char *in, *want; } cases[] = {
		{ "EAST DEVON DIST COUN (S O ACC)", "EAST DEVON DISTRICT COUNCIL" },
		{ "(DD) Doncaster MBC", "DONCASTER METROPOLITAN BOROUGH COUNCIL" },
		{ "Nth Devon Healthcare NHS Trust [12345]", "NORTH DEVON HEALTHCARE TRUST" },
		{ "Direct Debit - Kent CC", "KENT COUNTY COUNCIL" },
		{ "The Children's Trust", "CHILDRENS TRUST" },
		{ "Somerset County Coun DD", "SOMERSET COUNTY COUNCIL" },
	};
	char out[256];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		entity_fold(cases[i].in, out, sizeof(out));
		ck_assert_str_eq(out, cases[i].want);
	}
}
END_TEST

static void supplier_init(struct supplier *s, const char *name)
{
	memset(s, 0, sizeof(*s));
	s->key = (char *)"nm:TEST";
	s->name = (char *)name;
	s->turnover_pence = -1;
	s->spend_pence = 50000000;
	s->transactions = 3;
}

START_TEST(entity_identifiers_in_the_councils_file_come_first)
{
	struct supplier s;
	struct entity e;

	supplier_init(&s, "DEVON COUNTY COUNCIL");       /* the number outranks the name */
	memcpy(s.company_number, "01234567", 9);
	entity_classify(reg, &s, &e);
	ck_assert_int_eq(e.type, ENTITY_COMPANY);
	ck_assert_str_eq(e.id, "GB-COH-01234567");
	ck_assert_ptr_nonnull(strstr(e.evidence, "company number 01234567"));

	memcpy(s.company_number, "CE001178", 9);          /* a CIO */
	entity_classify(reg, &s, &e);
	ck_assert_int_eq(e.type, ENTITY_CHARITY);
	ck_assert_str_eq(e.id, "GB-COH-CE001178");

	strcpy(s.charity_number, "1090095");
	entity_classify(reg, &s, &e);
	ck_assert_int_eq(e.type, ENTITY_CHARITY);
	ck_assert_str_eq(e.id, "GB-CHC-1090095");

	strcpy(s.charity_number, "SC042386");
	entity_classify(reg, &s, &e);
	ck_assert_str_eq(e.id, "GB-SC-SC042386");
}
END_TEST

/* A charity found on a register by name: its id is that register's scheme and its number. */
START_TEST(entity_a_charity_found_by_name_takes_its_registers_scheme)
{
	static const struct {
		const char *scheme, *number, *id, *source;
	} cases[] = {
		{ "GB-CHC", "200001", "GB-CHC-200001", "Charity Commission register" },
		{ "", "200001", "GB-CHC-200001", "" },
		{ "GB-SC", "SC012345", "GB-SC-SC012345", "Scottish Charity Register (OSCR)" },
		{ "GB-NIC", "100019", "GB-NIC-100019", "Charity Commission for Northern Ireland register" },
	};
	struct charity_facts c;
	struct supplier s;
	struct entity e;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&s, 0, sizeof(s));
		memset(&c, 0, sizeof(c));
		s.name = "A CHARITY";
		snprintf(c.method, sizeof(c.method), "exact name");
		snprintf(c.number, sizeof(c.number), "%s", cases[i].number);
		snprintf(c.name, sizeof(c.name), "A CHARITY");
		snprintf(c.scheme, sizeof(c.scheme), "%s", cases[i].scheme);
		snprintf(c.source, sizeof(c.source), "%s", cases[i].source);
		s.charity = &c;
		entity_classify(reg, &s, &e);
		ck_assert_int_eq(e.type, ENTITY_CHARITY);
		ck_assert_str_eq(e.id, cases[i].id);
		ck_assert_msg(!strncmp(e.evidence, cases[i].source[0] ? cases[i].source :
				       "Charity Commission register", 20), "%s", e.evidence);
	}
	/* the method and its confidence, as a Companies House match's */
	c.confidence = 0.95;
	snprintf(c.method, sizeof(c.method), "other name (working name)");
	entity_classify(reg, &s, &e);
	ck_assert_msg(strstr(e.evidence, ": other name (working name) 0.95 (A CHARITY, charity "
			     "100019)") != NULL, "%s", e.evidence);
}
END_TEST

START_TEST(entity_a_company_found_on_the_register_by_name_is_that_company)
{
	struct company_facts c;
	struct supplier s;
	struct entity e;

	memset(&c, 0, sizeof(c));
	snprintf(c.number, sizeof(c.number), "20000001");
	snprintf(c.name, sizeof(c.name), "ORCHARD HOME CARE LIMITED");
	snprintf(c.method, sizeof(c.method), "exact name");
	c.confidence = 0.95;
	supplier_init(&s, "ORCHARD HOME CARE LTD - PAYROLL");
	s.company = &c;
	entity_classify(reg, &s, &e);
	ck_assert_int_eq(e.type, ENTITY_COMPANY);
	ck_assert_str_eq(e.id, "GB-COH-20000001");
	ck_assert_str_eq(e.evidence, "Companies House: exact name 0.95 (ORCHARD HOME CARE LIMITED)");

	/* the council's own number is the stronger source */
	memcpy(s.company_number, "01234567", 9);
	entity_classify(reg, &s, &e);
	ck_assert_str_eq(e.id, "GB-COH-01234567");
	s.company_number[0] = '\0';

	/* an ambiguous name decides nothing: the name rules do */
	c.ambiguous = 1;
	entity_classify(reg, &s, &e);
	ck_assert_str_eq(e.id, "");
	ck_assert_ptr_null(strstr(e.evidence, "Companies House"));
}
END_TEST

START_TEST(entity_the_councils_supplier_type_column_decides_before_the_name)
{
	static const struct { const char *type, *name; enum entity_type want; } cases[] = {
		{ "WGA", "BABCOCK LEARNING & DEVELOPMENT", ENTITY_PUBLIC_BODY },
		{ "WGA", "N P S SOUTH WEST LTD", ENTITY_COMPANY },      /* council-owned company */
		{ "CHTY", "NTH DEVON AGAINST DOMESTIC ABUSE", ENTITY_CHARITY },
		{ "INDV", "FOSTER PLACEMENT 12", ENTITY_INDIVIDUAL },
		{ "VCSE", "Bosence Farm Community", ENTITY_CHARITY },
		{ "Public Sector", "Somerset Council", ENTITY_PUBLIC_BODY },
		{ "SOLE", "CHRIS DRAKE", ENTITY_INDIVIDUAL },            /* the name decides */
		{ "SOLE", "CHRIS DRAKE PLUMBING", ENTITY_UNKNOWN },
		{ "Business Entities (Sole Trade, Partnership, Ltd)", "AGENCY ASSISTANCE",
		  ENTITY_UNKNOWN },
		{ "B", "KENT COUNTY COUNCIL", ENTITY_PUBLIC_BODY },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct supplier s;
		struct entity e;

		supplier_init(&s, cases[i].name);
		strcpy(s.creditor_type, cases[i].type);
		entity_classify(reg, &s, &e);
		ck_assert_msg(e.type == cases[i].want, "%s / %s: %s (%s)", cases[i].type,
			      cases[i].name, entity_type_name(e.type), e.evidence);
	}
}
END_TEST

/* Numbers the spend file carries reach the supplier; placeholders do not. */
START_TEST(entity_charity_numbers_and_types_from_spend_rows)
{
	static const struct { const char *num, *want; } cases[] = {
		{ "1090095", "1090095" }, { " SC 042386 ", "GB-SC-SC042386" }, { "N/A", "" },
		{ "0", "" }, { "none", "" }, { "-", "" }, { "NIC100019", "GB-NIC-100019" },
		/* the forms councils print: the prefix says the register, a linked suffix goes */
		{ "NI100019", "GB-NIC-100019" }, { "1090095-1", "1090095" },
		{ "GB-CHC-1090095", "GB-CHC-1090095" }, { "gb-sc-sc042386", "GB-SC-SC042386" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct supplier_table *t = supplier_table_new();
		struct spend_record r;
		struct supplier *s;

		memset(&r, 0, sizeof(r));
		r.name = "Some Charity";
		r.name_len = strlen(r.name);
		r.charity = cases[i].num;
		r.charity_len = strlen(cases[i].num);
		r.creditor_type = " CHTY ";
		r.creditor_type_len = 6;
		r.pence = 100;
		s = supplier_table_add_spend(t, &r);
		ck_assert_ptr_nonnull(s);
		ck_assert_str_eq(s->charity_number, cases[i].want);
		ck_assert_str_eq(s->creditor_type, "CHTY");
		supplier_table_free(t);
	}
}
END_TEST

START_TEST(entity_type_names_round_trip)
{
	enum entity_type t;
	int i;

	for (i = ENTITY_UNKNOWN; i <= ENTITY_INDIVIDUAL; i++) {
		ck_assert_int_eq(entity_type_parse(entity_type_name((enum entity_type)i), &t), 0);
		ck_assert_int_eq(t, i);
	}
	ck_assert_int_eq(entity_type_parse("public-body", &t), 0);
	ck_assert_int_eq(t, ENTITY_PUBLIC_BODY);
	ck_assert_int_eq(entity_type_parse("sole trader", &t), -1);
}
END_TEST

START_TEST(entity_register_load_reports_a_missing_or_bad_file)
{
	struct entity_register *r = NULL;
	struct diag err;
	char dir[] = "/tmp/cw-entity-XXXXXX", path[128];
	FILE *fp;

	diag_init(&err);
	ck_assert_int_eq(entity_register_load("/nonexistent/orgs", &r, &err), -1);
	ck_assert_ptr_null(r);
	ck_assert_ptr_nonnull(strstr(err.msg, "/nonexistent/orgs/public-bodies.csv"));

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/public-bodies.csv", dir);
	fp = fopen(path, "w");
	ck_assert_ptr_nonnull(fp);
	fputs("# version: test\nid,kind,name\nGB-LAE-DEV,local authority\n", fp);
	fclose(fp);
	diag_init(&err);
	ck_assert_int_eq(entity_register_load(dir, &r, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "public-bodies.csv:3: expected 3 fields"));
	unlink(path);
	rmdir(dir);
}
END_TEST

static void add_expense(struct supplier *s, struct spend_part *part, const char *label)
{
	part->label = (char *)label;
	part->pence = s->spend_pence;
	part->n = s->transactions;
	s->expense = part;
	s->nexpense = 1;
}

/* Issue 16: public bodies and individuals are never High or Medium, nor flagged. */
START_TEST(entity_public_bodies_and_individuals_are_never_high_or_flagged)
{
	static const struct { const char *name, *expense; enum entity_type want; } cases[] = {
		{ "NORTHERN DEVON HEALTHCARE TRUST", "Care Spot - Private (3rd)", ENTITY_PUBLIC_BODY },
		{ "EAST DEVON DIST COUN", "Main / Term Contractor", ENTITY_PUBLIC_BODY },
		{ "Department of Health and Social Care Income", "Home Care Services",
		  ENTITY_PUBLIC_BODY },
		{ "CHRIS DRAKE", "Care Spot - Private (3rd)", ENTITY_INDIVIDUAL },
		{ "JUSTIN KEENE", "Main / Term Contractor", ENTITY_INDIVIDUAL },
		{ "Mr Delva Chambers", "Legal Fees", ENTITY_INDIVIDUAL },
	};
	struct flag_settings fs;
	struct flag *flags = NULL;
	struct buf why;
	size_t i;

	flag_settings_init(&fs);
	fs.unmatched_min_pence = 0;
	buf_init(&why, 0);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct supplier s, *sp = &s;
		struct spend_part part;
		struct assessment a;
		struct entity e;

		supplier_init(&s, cases[i].name);
		add_expense(&s, &part, cases[i].expense);
		entity_classify(reg, &s, &e);
		ck_assert_msg(e.type == cases[i].want, "%s: %s", cases[i].name, e.evidence);
		risk_assess_entity(ref, &s, &e, &a);
		ck_assert_msg(a.tier == TIER_LOW, "%s: %s", cases[i].name, tier_name(a.tier));
		ck_assert_uint_eq(flags_raise(&fs, &sp, &a, 1, "2025-12", &flags, 0), 0);
		risk_reasons(&s, &a, &why);
		ck_assert_msg(!strncmp(why.s, "Entity: ", 8), "%s", why.s);
		if (e.type == ENTITY_PUBLIC_BODY) {
			ck_assert_str_eq(a.sector.sector->id, "public_bodies");
			ck_assert_str_eq(sector_rule_name(a.sector.rule), "entity");
			ck_assert_ptr_nonnull(strstr(why.s, "outside s54"));
		} else {
			ck_assert_ptr_null(a.sector.sector);
			ck_assert_int_eq(a.score, 0);
			ck_assert_ptr_null(strstr(why.s, "Legal"));
		}
		assessment_release(&a);
	}
	buf_release(&why);
	free(flags);
}
END_TEST

/* A charity's name says its cause, not its trade: CARE and FARM do not decide its sector. */
START_TEST(entity_a_charitys_name_keywords_do_not_decide_its_sector)
{
	struct supplier s;
	struct assessment a, plain;
	struct entity e;

	supplier_init(&s, "Prison Advice and Care Trust (PACT)");
	entity_classify(reg, &s, &e);
	ck_assert_int_eq(e.type, ENTITY_CHARITY);
	risk_assess_entity(ref, &s, &e, &a);
	ck_assert_ptr_null(a.sector.sector);
	risk_assess(ref, &s, &plain);                      /* the name alone said care */
	ck_assert_ptr_nonnull(plain.sector.sector);
	ck_assert_int_eq(plain.sector.rule, RULE_KEYWORD);
	assessment_release(&a);
	assessment_release(&plain);

	supplier_init(&s, "BOSENCE FARM COMMUNITY");       /* a rehabilitation charity */
	strcpy(s.charity_number, "1120180");
	entity_classify(reg, &s, &e);
	ck_assert_int_eq(e.type, ENTITY_CHARITY);
	risk_assess_entity(ref, &s, &e, &a);
	ck_assert_ptr_null(a.sector.sector);
	ck_assert_int_eq(a.tier, TIER_GREY);
	assessment_release(&a);
}
END_TEST

/*
 * Issue 16: a library service is judged by what its name says, whatever it
 * was paid under, with the expense type beside it in the reasons; banks
 * are financial services, a food bank is not.
 */
START_TEST(entity_a_named_service_outranks_a_broad_expense_type)
{
	static const struct { const char *name, *expense, *sector; } cases[] = {
		{ "LIBRARIES UNLIMITED SOUTH WEST", "Main / Term Contractor", "culture_libraries" },
		{ "LIBRARIES UNLIMITED SOUTH WEST", "Property Repairs, Maintenance & Alterations (programmed)",
		  "culture_libraries" },
		{ "Royal Bank Of Scotland Plc", NULL, "financial_services" },
		{ "Zurich Municipal", "Insurance Premiums Paid", "financial_services" },
		{ "EXETER FOOD BANK", NULL, NULL },
		{ "Hospital Operating Theatre Supplies", NULL, NULL },
	};
	struct buf why;
	size_t i;

	buf_init(&why, 0);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct supplier s;
		struct spend_part part;
		struct assessment a;
		struct entity e;

		supplier_init(&s, cases[i].name);
		if (cases[i].expense)
			add_expense(&s, &part, cases[i].expense);
		entity_classify(reg, &s, &e);
		risk_assess_entity(ref, &s, &e, &a);
		if (!cases[i].sector) {
			const char *got = a.sector.sector ? a.sector.sector->id : "";

			ck_assert_msg(strcmp(got, "financial_services") && strcmp(got, "culture_libraries"),
				      "%s: %s", cases[i].name, got);
		} else {
			ck_assert_msg(a.sector.sector && !strcmp(a.sector.sector->id, cases[i].sector),
				      "%s: %s", cases[i].name,
				      a.sector.sector ? a.sector.sector->id : "no sector");
			ck_assert_int_eq(a.tier, TIER_LOW);
		}
		buf_reset(&why);
		risk_reasons(&s, &a, &why);
		if (i == 0)
			ck_assert_msg(strstr(why.s, "'Main / Term Contractor' (Construction and highways "
					  "works; the name decides)") != NULL, "%s", why.s);
		assessment_release(&a);
	}
	buf_release(&why);
}
END_TEST

/* Issue 17: the official register that identified a payee, for the Charter report. */
START_TEST(entity_register_of_names_the_register_that_identified_the_payee)
{
	struct company_facts c;
	struct charity_facts ch;
	struct supplier s;

	memset(&s, 0, sizeof(s));
	memset(&c, 0, sizeof(c));
	memset(&ch, 0, sizeof(ch));
	snprintf(c.number, sizeof(c.number), "20000001");
	snprintf(c.method, sizeof(c.method), "exact name");
	/* no register facts: nothing, whatever the type */
	ck_assert_ptr_null(entity_register_of(&s, ENTITY_COMPANY, "GB-COH-20000001", ""));
	ck_assert_ptr_null(entity_register_of(&s, ENTITY_UNKNOWN, "", ""));
	ck_assert_ptr_null(entity_register_of(&s, ENTITY_INDIVIDUAL, "", "a title"));
	s.company = &c;
	ck_assert_str_eq(entity_register_of(&s, ENTITY_COMPANY, "GB-COH-20000001", ""),
			 "companies_house");
	/* a contract manager's other company, or an ambiguous name: not the register's */
	ck_assert_ptr_null(entity_register_of(&s, ENTITY_COMPANY, "GB-COH-20000002", ""));
	c.ambiguous = 1;
	ck_assert_ptr_null(entity_register_of(&s, ENTITY_COMPANY, "GB-COH-20000001", ""));
	c.ambiguous = 0;
	snprintf(c.method, sizeof(c.method), "Companies House API");
	ck_assert_str_eq(entity_register_of(&s, ENTITY_COMPANY, "GB-COH-20000001", ""),
			 "companies_house_api");
	s.company = NULL;
	s.charity = &ch;
	ck_assert_str_eq(entity_register_of(&s, ENTITY_CHARITY, "GB-CHC-200001", ""), "charity_ew");
	snprintf(ch.scheme, sizeof(ch.scheme), "GB-SC");
	ck_assert_str_eq(entity_register_of(&s, ENTITY_CHARITY, "GB-SC-SC000001", ""), "charity_sc");
	snprintf(ch.scheme, sizeof(ch.scheme), "GB-NIC");
	ck_assert_str_eq(entity_register_of(&s, ENTITY_CHARITY, "GB-NIC-100001", ""), "charity_ni");
	/* a contract manager's public body is not the register of public bodies' */
	ck_assert_str_eq(entity_register_of(&s, ENTITY_PUBLIC_BODY, "GB-LAE-DEV",
					    "register of public bodies (local authority): 'DEVON'"),
			 "public_bodies");
	ck_assert_ptr_null(entity_register_of(&s, ENTITY_PUBLIC_BODY, "GB-LAE-DEV",
					      "set by J. Smith on 2026-01-05"));
	ck_assert_ptr_null(entity_register_of(&s, ENTITY_PUBLIC_BODY, "",
					      "public-body name pattern (council)"));
}
END_TEST

static Suite *entity_suite(void)
{
	Suite *s = suite_create("entity");
	TCase *tc = tcase_create("entity");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, entity_types_the_real_payees_of_the_shared_council_files);
	tcase_add_test(tc, entity_register_gives_org_id_identifiers);
	tcase_add_test(tc, entity_a_charity_found_by_name_takes_its_registers_scheme);
	tcase_add_test(tc, entity_a_company_named_after_a_place_or_council_stays_a_company);
	tcase_add_test(tc, entity_sole_traders_with_a_trade_word_are_not_individuals);
	tcase_add_test(tc, entity_fold_spells_out_finance_system_abbreviations);
	tcase_add_test(tc, entity_identifiers_in_the_councils_file_come_first);
	tcase_add_test(tc, entity_a_company_found_on_the_register_by_name_is_that_company);
	tcase_add_test(tc, entity_the_councils_supplier_type_column_decides_before_the_name);
	tcase_add_test(tc, entity_charity_numbers_and_types_from_spend_rows);
	tcase_add_test(tc, entity_type_names_round_trip);
	tcase_add_test(tc, entity_register_of_names_the_register_that_identified_the_payee);
	tcase_add_test(tc, entity_register_load_reports_a_missing_or_bad_file);
	tcase_add_test(tc, entity_public_bodies_and_individuals_are_never_high_or_flagged);
	tcase_add_test(tc, entity_a_charitys_name_keywords_do_not_decide_its_sector);
	tcase_add_test(tc, entity_a_named_service_outranks_a_broad_expense_type);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(entity_suite)
