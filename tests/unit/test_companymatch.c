/*
 * Matching payee names as councils print them to the Companies House
 * register (companymatch.h), against a small register in the real format
 * full of near-name decoys: the exact entity, never its siblings.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chainwatch/companiesdb.h"
#include "chainwatch/companymatch.h"
#include "chainwatch/store.h"
#include "testutil.h"

static char dir[64];
static char dbpath[128];
static struct store *st;
static struct companies_reader *rd;
static struct company_source src;

static void setup(void)
{
	const char *paths[] = { "tests/data/companies/register-decoys.csv" };
	struct companies_snapshot snap;
	struct diag err;

	strcpy(dir, "/tmp/cw-companymatch-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(dbpath, sizeof(dbpath), "%s/chainwatch.db", dir);
	diag_init(&err);
	ck_assert_msg(store_open(dbpath, &st, &err) == 0, "store_open: %s", err.msg);
	ck_assert_msg(companiesdb_import(st, paths, 1, NULL, &snap, &err) == 0, "import: %s",
		      err.msg);
	ck_assert_msg(companiesdb_reader_new(st, &rd, &err) == 0, "reader: %s", err.msg);
	src.find = companiesdb_find;
	src.keys = companiesdb_keys;
	src.ctx = rd;
}

static void teardown(void)
{
	companiesdb_reader_free(rd);
	rd = NULL;
	store_close(st);
	st = NULL;
	testutil_remove_dir(dir);
}

#define AMBIGUOUS "ambiguous"
#define UNMATCHED "unmatched"

/* A payee as printed, and the company number it is (or AMBIGUOUS / UNMATCHED), and how. */
static const struct {
	const char *payee;
	const char *want;
	const char *method;      /* NULL: any */
} cases[] = {
	/* the exact entity among its siblings */
	{ "ACME SERVICES LTD", "10000001", "exact name" },
	{ "Acme Services Limited", "10000001", "exact name" },
	{ "ACME SERVICES", "10000001", "exact name" },
	{ "acme  services   ltd", "10000001", "exact name" },
	{ "ACME SERVICES LTD.", "10000001", "exact name" },
	{ "THE ACME SERVICES LTD", "10000001", "exact name" },
	{ "ACME SERVICES LTD - PAYROLL", "10000001", "exact name" },
	{ "ACME SERVICES LTD (REF 1234)", "10000001", "exact name" },
	{ "ACME SERVICES LTD (EXETER", "10000001", "exact name" },
	{ "ACME SERVICES LIMITE", "10000001", "exact name" },
	{ "ACME SERVICES LTD T/A ACME CLEANING", "10000001", "exact name" },
	{ "ACME SERVICES (SOUTH WEST) LTD", "10000004", "exact name" },
	{ "ACME SERVICES HOLDINGS LTD", "10000002", "exact name" },
	{ "ACME SERVICES GROUP", "10000003", "exact name" },
	{ "ACME SERVICES (SOUTH WEST) LTD (REF 99)", "10000004", "exact name" },
	{ "ACME SERVICES (NORTH) LTD", UNMATCHED, NULL },       /* a division, not the base */
	{ "ACME", UNMATCHED, NULL },
	/* "&" and AND, brackets in the register's own name */
	{ "SMITH & SONS LTD", "10000006", "exact name" },
	{ "SMITH AND SONS (BUILDERS) LTD", "10000005", "exact name" },
	{ "SMITH & SONS BUILDERS", "10000005", "exact name" },
	{ "DEVON HOME CARE", "10000007", "exact name" },
	{ "DEVON HOME CARE LTD - DOMICILIARY", "10000007", "exact name" },
	{ "DEVON HOMECARE", UNMATCHED, NULL },
	/* previous names; the current holder of a name first */
	{ "OLD WIDGET COMPANY LTD", "10000010", "previous name" },
	{ "OLD WIDGET COMPANY (NORTH) LTD", "10000011", "exact name" },
	{ "PARKVIEW DAY NURSERY", "10000034", "previous name" },
	/* an active company beats one in liquidation; a lone one in liquidation is itself */
	{ "PHOENIX LTD", "10000015", "previous name" },
	{ "BLUE SKY TRAVEL LTD", "10000032", "exact name" },
	/* one key, two companies: the printed legal form decides, or nothing does */
	{ "TWIN NAME", AMBIGUOUS, NULL },
	{ "TWIN NAME LTD", "10000012", "exact name" },
	{ "TWIN NAME LLP", "OC400013", "exact name" },
	/* cut off at a field width */
	{ "KINGFISHER ENVIRONMENTAL SERV", AMBIGUOUS, NULL },   /* or its HOLDINGS, cut */
	{ "HIGHWAYS MAINTENANCE CONTRACT", "10000029", "fuzzy" },
	{ "KINGFISHER ENVIRONMENTAL SERVICES", "10000016", "exact name" },
	{ "KINGFISHER ENVIRONMENTAL SERVICES HOLDINGS", "10000017", "exact name" },
	{ "KINGFISHER ENVIRONMENTAL", UNMATCHED, NULL },
	{ "NORTHERN LIGHTS ELECTRICAL CONTRACT", AMBIGUOUS, NULL },
	/* misspelt */
	{ "BRIGHTWATER FACILITES MANAGEMENT LTD", "10000018", "fuzzy" },
	{ "BRIGHTWATER FACILITIES MANAGEMENT", "10000018", "exact name" },
	{ "BRIGHTWATER FACILITIES MANAGEMENT (SCOTLAND)", "SC100019", "exact name" },
	/* apostrophes, THE, initials, I.T. */
	{ "THE CHILDRENS PLAYGROUP", "10000020", "exact name" },
	{ "Children's Playgroup Ltd", "10000020", "exact name" },
	{ "A&B CLEANING SERVICES LTD", "10000021", "exact name" },
	{ "A B CLEANING SERVICES", "10000022", "exact name" },
	{ "A.B. CLEANING SERVICES", "10000022", "exact name" },
	{ "MERIDIAN I.T. SOLUTIONS LTD", "10000027", "exact name" },
	/* "(UK)" folds into one key; the name as printed tells them apart, whatever the status */
	{ "MERIDIAN IT SOLUTIONS (UK) LTD", "10000046", "exact name" },
	{ "MERIDIAN IT SOLUTIONS LIMITED", "10000027", "exact name" },
	{ "MERIDIAN IT SOLUTIONS", "10000027", "exact name" },
	{ "ST. MARY'S CARE HOME LTD", "10000041", "exact name" },
	{ "ST MARYS CARE HOME", "10000041", "exact name" },
	/* references and descriptors */
	{ "ORANGE TREE CARE", "10000023", "exact name" },
	{ "ORANGE TREE CARE LTD (ACCOUNT 5512)", "10000023", "exact name" },
	{ "ORANGE TREE CARE (DEVON) LTD", "10000025", "exact name" },
	{ "EXETER ELECTRICAL WHOLESALE LTD - A/C 12345", "10000040", "exact name" },
	{ "GREENFIELD LANDSCAPES LLP", "OC123456", "exact name" },
	{ "HIGHWAYS MAINTENANCE CONTRACTORS", "10000029", "exact name" },
	{ "CALEDONIAN CATERING LTD", "SC123456", "exact name" },
	{ "JOHNSON PLUMBING AND HEATING", "10000035", "exact name" },
	{ "WESTCOUNTRY ROOFING", "10000037", "exact name" },
	{ "WESTCOUNTRY ROOFING CONTRACTORS LTD", "10000036", "exact name" },
	{ "RIVERSIDE GARAGE", "10000042", "exact name" },
	{ "RIVERSIDE GARAGE LTD - TOTNES", "10000042", "exact name" },
	{ "RIVERSIDE GARAGE (TOTNES) LTD", "10000043", "exact name" },
	{ "QUANTUM ANALYTICS LIMITED", "10000038", "exact name" },
	{ "NONEXISTENT COMPANY LTD", UNMATCHED, NULL },
	{ "", UNMATCHED, NULL },
};

START_TEST(payee_matches_the_right_company)
{
	struct company_match m;
	struct diag err;
	const char *got;

	diag_init(&err);
	ck_assert_msg(company_match_name(&src, cases[_i].payee, &m, &err) == 0, "%s", err.msg);
	got = m.outcome == COMPANY_MATCHED ? m.company.number : company_outcome_name(m.outcome);
	ck_assert_msg(!strcmp(got, cases[_i].want), "'%s': got %s (key '%s', %s), want %s",
		      cases[_i].payee, got, m.key, m.method, cases[_i].want);
	if (cases[_i].method)
		ck_assert_msg(!strcmp(m.method, cases[_i].method), "'%s': method %s, want %s",
			      cases[_i].payee, m.method, cases[_i].method);
	if (m.outcome == COMPANY_MATCHED)
		ck_assert(m.confidence > 0.5 && m.confidence <= 1.0);
	else
		ck_assert(m.confidence == 0);
}
END_TEST

START_TEST(confidence_says_how)
{
	struct company_match m;
	struct diag err;

	diag_init(&err);
	ck_assert_int_eq(company_match_name(&src, "ACME SERVICES LTD", &m, &err), 0);
	ck_assert(m.confidence == 1.0);
	ck_assert_int_eq(company_match_name(&src, "ACME SERVICES LTD - PAYROLL", &m, &err), 0);
	ck_assert(m.confidence == 0.95);
	ck_assert_int_eq(company_match_name(&src, "OLD WIDGET COMPANY LTD", &m, &err), 0);
	ck_assert(m.confidence == 0.95);
	ck_assert_int_eq(company_match_name(&src, "HIGHWAYS MAINTENANCE CONTRACT", &m, &err), 0);
	ck_assert(m.confidence == 0.85);
}
END_TEST

START_TEST(ambiguous_lists_the_companies)
{
	struct company_match m;
	struct diag err;

	diag_init(&err);
	ck_assert_int_eq(company_match_name(&src, "TWIN NAME", &m, &err), 0);
	ck_assert_int_eq(m.outcome, COMPANY_AMBIGUOUS);
	ck_assert_uint_eq(m.ncandidates, 2);
	ck_assert_str_eq(m.key, "TWIN NAME");
	ck_assert(!strcmp(m.candidates[0].number, "10000012") ||
		  !strcmp(m.candidates[1].number, "10000012"));
	ck_assert(!strcmp(m.candidates[0].number, "OC400013") ||
		  !strcmp(m.candidates[1].number, "OC400013"));
}
END_TEST

START_TEST(matched_company_fields)
{
	struct company_match m;
	struct company_info info;
	struct diag err;

	diag_init(&err);
	ck_assert_int_eq(company_match_name(&src, "BLUE SKY TRAVEL LTD", &m, &err), 0);
	ck_assert_str_eq(m.company.status, "Liquidation");
	ck_assert_int_eq(m.company.active, 0);
	ck_assert_int_eq(companiesdb_get(rd, m.company.number, &info, &err), 1);
	ck_assert_str_eq(info.name, "BLUE SKY TRAVEL LTD");
	ck_assert_str_eq(info.category, "Private Limited Company");
	ck_assert_str_eq(info.accounts_category, "TOTAL EXEMPTION FULL");
	ck_assert_str_eq(info.sic, "81210");
	ck_assert_str_eq(info.postcode, "EX1 1AA");
	ck_assert_str_eq(info.country, "UNITED KINGDOM");
	ck_assert_str_eq(info.origin, "United Kingdom");
	ck_assert_int_eq(info.incorporated, 20100401);
	ck_assert_int_eq(companiesdb_get(rd, "99999999", &info, &err), 0);
}
END_TEST

START_TEST(no_register_matches_nothing)
{
	char p[160];
	struct store *empty;
	struct companies_reader *r2;
	struct company_source s2;
	struct company_match m;
	struct diag err;

	diag_init(&err);
	snprintf(p, sizeof(p), "%s/empty.db", dir);
	ck_assert_int_eq(store_open(p, &empty, &err), 0);
	ck_assert_int_eq(companiesdb_reader_new(empty, &r2, &err), 0);
	s2.find = companiesdb_find;
	s2.keys = companiesdb_keys;
	s2.ctx = r2;
	ck_assert_int_eq(company_match_name(&s2, "ACME SERVICES LTD", &m, &err), 0);
	ck_assert_int_eq(m.outcome, COMPANY_UNMATCHED);
	companiesdb_reader_free(r2);
	store_close(empty);
}
END_TEST

START_TEST(a_legal_form_in_the_name_says_company)
{
	ck_assert(company_name_has_legal_form("ACME SERVICES LTD"));
	ck_assert(company_name_has_legal_form("Acme (UK) Limited - payroll"));
	ck_assert(company_name_has_legal_form("ACME PLC"));
	ck_assert(company_name_has_legal_form("Acme Partners LLP"));
	ck_assert(!company_name_has_legal_form("Devon Community Trust"));
	ck_assert(!company_name_has_legal_form("LIMITEDLESS TRUST"));
	ck_assert(!company_name_has_legal_form(""));
}
END_TEST

static Suite *companymatch_suite(void)
{
	Suite *s = suite_create("companymatch");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, payee_matches_the_right_company, 0,
			    (int)(sizeof(cases) / sizeof(cases[0])));
	tcase_add_test(tc, confidence_says_how);
	tcase_add_test(tc, ambiguous_lists_the_companies);
	tcase_add_test(tc, matched_company_fields);
	tcase_add_test(tc, no_register_matches_nothing);
	tcase_add_test(tc, a_legal_form_in_the_name_says_company);
	tcase_set_timeout(tc, 30);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(companymatch_suite)
