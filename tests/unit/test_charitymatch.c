/*
 * Matching payees as councils print them to the charity registers
 * (charitymatch.h), against small registers in the real formats full of
 * near-name decoys (tests/data/charities/decoys/): the exact entity,
 * never a "... TRUST FUND" or a branch; working and previous names; a
 * number with or without its register's prefix; ambiguous ones listed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chainwatch/charitiesdb.h"
#include "chainwatch/charitymatch.h"
#include "chainwatch/store.h"
#include "testutil.h"

#define D "tests/data/charities/decoys/"

static char dir[64];
static char dbpath[128];
static struct store *st;
static struct charity_source src;

static void setup(void)
{
	const char *paths[] = { D "publicextract.charity_other_names.txt",
				D "publicextract.charity.txt", D "CCNI-export.csv",
				D "CharityExport-OSCR.csv" };
	struct charities_snapshot snap;
	struct diag err;

	strcpy(dir, "/tmp/cw-charitymatch-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(dbpath, sizeof(dbpath), "%s/chainwatch.db", dir);
	diag_init(&err);
	ck_assert_msg(store_open(dbpath, &st, &err) == 0, "store_open: %s", err.msg);
	ck_assert_msg(charitiesdb_import(st, paths, 4, NULL, &snap, &err) == 0, "import: %s",
		      err.msg);
	charitiesdb_source(st, &src);
}

static void teardown(void)
{
	store_close(st);
	st = NULL;
	testutil_remove_dir(dir);
}

#define AMBIGUOUS "ambiguous"
#define UNMATCHED "unmatched"

/*
 * A payee as printed (with the council's charity number and the company
 * number known, or NULL), the charity it is ("GB-CHC-1000001", or
 * AMBIGUOUS / UNMATCHED), and how.
 */
static const struct {
	const char *payee, *number, *company;
	const char *want;
	const char *method;      /* NULL: any */
} cases[] = {
	/* the exact entity among its near-name siblings */
	{ "Devon Community Trust", NULL, NULL, "GB-CHC-1000001", "exact name" },
	{ "DEVON COMMUNITY TRUST - GRANTS", NULL, NULL, "GB-CHC-1000001", "exact name" },
	{ "The Devon Community Trust (Ref 2291)", NULL, NULL, "GB-CHC-1000001", "exact name" },
	{ "Devon Community Trust Fund", NULL, NULL, "GB-CHC-1000002", "exact name" },
	{ "DEVON COMMUNITY TRUST (EXETER BRANCH)", NULL, NULL, "GB-CHC-1000003", "exact name" },
	/* a linked charity's name is not its parent's */
	{ "Devon Community Trust Shop", NULL, NULL, UNMATCHED, NULL },
	{ "Devon Community Shops", NULL, NULL, UNMATCHED, NULL },
	/* a word fewer or more is a sibling, never fuzzy */
	{ "Devon Community", NULL, NULL, UNMATCHED, NULL },
	{ "Age Concern", NULL, NULL, UNMATCHED, NULL },
	{ "Age Concern Devon", NULL, NULL, "GB-CHC-1000015", "exact name" },
	{ "Children's Society", NULL, NULL, "GB-CHC-1000018", "exact name" },
	/* misspelt, cut at a field width: fuzzy */
	{ "Devon Community Trsut", NULL, NULL, "GB-CHC-1000001", "fuzzy" },
	{ "DEVON WILDLIFE CONSERVATION TR", NULL, NULL, "GB-CHC-1000017", "fuzzy" },
	/* a payee that says it is a company is never a charity by a near spelling */
	{ "Devon Community Trsut Ltd", NULL, NULL, UNMATCHED, NULL },
	{ "DEVON WILDLIFE CONSERVATION TR LIMITED", NULL, NULL, UNMATCHED, NULL },
	/* working and previous names; a current name before another's working name */
	{ "EXETER FOODBANK", NULL, NULL, "GB-CHC-1180001", "other name (working name)" },
	{ "Devon Hospice Care Trust", NULL, NULL, "GB-CHC-200001", "other name (previous name)" },
	{ "Rowcroft House", NULL, NULL, "GB-CHC-1000006", "exact name" },
	{ "Torbay Hospice Trust", NULL, NULL, AMBIGUOUS, NULL },
	/* OSCR's Known As */
	{ "Elder Care Highland", NULL, NULL, "GB-SC-SC000002", "other name (working name)" },
	/* a removed charity's exact name is not taken, nor its registered near-namesake */
	{ "Old Plymouth Almshouses", NULL, NULL, UNMATCHED, NULL },
	{ "Old Plymouth Almshouse", NULL, NULL, "GB-CHC-1000009", "exact name" },
	/* two charities of one key */
	{ "St Mary's Church", NULL, NULL, AMBIGUOUS, NULL },
	/* a cross-border Scottish entry gives way to the England and Wales one */
	{ "Borders Heritage Trust", NULL, NULL, "GB-CHC-1100001", "exact name" },
	/* the same name in Northern Ireland and England and Wales: the company number decides */
	{ "Community Arts Partnership", NULL, NULL, AMBIGUOUS, NULL },
	{ "Community Arts Partnership", NULL, "NI000111", "GB-NIC-100020",
	  "name and company number" },
	{ "Community Arts Partnership", NULL, "04000111", "GB-CHC-1100020",
	  "name and company number" },
	{ "Community Arts Partnership", NULL, "09999999", AMBIGUOUS, NULL },
	/* ... or the name as printed, its legal form included */
	{ "Newry Arts Trust Limited", NULL, NULL, "GB-CHC-1000021", "exact name" },
	{ "NEWRY ARTS TRUST LTD", NULL, NULL, "GB-CHC-1000021", "exact name" },
	{ "Newry Arts Trust", NULL, NULL, "GB-NIC-100021", "exact name" },
	/* numbers as councils print them: the prefix decides the register */
	{ "Anything", "NIC100019", NULL, "GB-NIC-100019", "charity number" },
	{ "Anything", "NI100019", NULL, "GB-NIC-100019", "charity number" },
	{ "Anything", "GB-NIC-100019", NULL, "GB-NIC-100019", "charity number" },
	{ "Anything", "GB-CHC-100019", NULL, "GB-CHC-100019", "charity number" },
	{ "Anything", "SC000002", NULL, "GB-SC-SC000002", "charity number" },
	{ "Anything", "1180001-1", NULL, "GB-CHC-1180001", "charity number" },
	/* a bare 100xxx: the entry whose name also matches, else ambiguous */
	{ "Belfast Community Advice Centre", "100019", NULL, "GB-NIC-100019", "charity number" },
	{ "St Anne's Trust", "100019", NULL, "GB-CHC-100019", "charity number" },
	{ "Anything", "100019", NULL, AMBIGUOUS, NULL },
	/* a removed charity's number, or one on no register: the name decides */
	{ "Devon Community Trust", "300002", NULL, "GB-CHC-1000001", "exact name" },
	{ "Devon Community Trust", "GB-SC-SC999999", NULL, "GB-CHC-1000001", "exact name" },
	/*
	 * a CCNI sub charity is left out; its name with a bracketed tail is read as the
	 * registered charity's (the matcher drops a trailing "(...)" as a branch or reference)
	 */
	{ "Belfast Community Advice Centre (North)", NULL, NULL, "GB-NIC-100019", "exact name" },
	{ "Belfast Community Advice Centre", NULL, NULL, "GB-NIC-100019", "exact name" },
};

START_TEST(matches_the_exact_charity_never_a_sibling)
{
	struct charity_match m;
	struct diag err;
	char got[32];

	diag_init(&err);
	ck_assert_msg(charity_match(&src, cases[_i].payee, cases[_i].number, cases[_i].company, &m,
				    &err) == 0, "%s", err.msg);
	if (m.outcome == COMPANY_MATCHED)
		snprintf(got, sizeof(got), "%s-%s", m.charity.scheme, m.charity.number);
	else
		snprintf(got, sizeof(got), "%s", company_outcome_name(m.outcome));
	ck_assert_msg(!strcmp(got, cases[_i].want), "'%s' (%s): got %s (%s), wanted %s",
		      cases[_i].payee, cases[_i].number ? cases[_i].number : "-", got, m.method,
		      cases[_i].want);
	if (cases[_i].method)
		ck_assert_msg(!strcmp(m.method, cases[_i].method), "'%s': method %s, wanted %s",
			      cases[_i].payee, m.method, cases[_i].method);
	if (m.outcome == COMPANY_MATCHED)
		ck_assert(m.confidence > 0.5 && m.confidence <= 1.0);
	if (m.outcome == COMPANY_AMBIGUOUS)
		ck_assert_uint_ge(m.ncandidates, 2);
}
END_TEST

/* Confidence: 1 for the name or the number, less through an other name or a fuzzy step. */
START_TEST(confidence_says_how)
{
	struct charity_match m;
	struct diag err;

	diag_init(&err);
	ck_assert_int_eq(charity_match(&src, "Devon Community Trust", NULL, NULL, &m, &err), 0);
	ck_assert(m.confidence == 1.0);
	ck_assert_int_eq(charity_match(&src, "Devon Hospice Care Trust", NULL, NULL, &m, &err), 0);
	ck_assert(m.confidence < 1.0);
	ck_assert_int_eq(charity_match(&src, "DEVON WILDLIFE CONSERVATION TR", NULL, NULL, &m, &err),
			 0);
	ck_assert(m.confidence < 0.9);
	/* no name, no number */
	ck_assert_int_eq(charity_match(&src, NULL, NULL, NULL, &m, &err), 0);
	ck_assert_int_eq(m.outcome, COMPANY_UNMATCHED);
}
END_TEST

/* Without a snapshot every lookup finds nothing. */
START_TEST(no_register_matches_nothing)
{
	struct store *empty;
	struct charity_source es;
	struct charity_match m;
	char path[160];
	struct diag err;

	snprintf(path, sizeof(path), "%s/empty.db", dir);
	diag_init(&err);
	ck_assert_int_eq(store_open(path, &empty, &err), 0);
	charitiesdb_source(empty, &es);
	ck_assert_int_eq(charity_match(&es, "Devon Community Trust", "1000001", NULL, &m, &err), 0);
	ck_assert_int_eq(m.outcome, COMPANY_UNMATCHED);
	store_close(empty);
}
END_TEST

static Suite *charitymatch_suite(void)
{
	Suite *s = suite_create("charitymatch");
	TCase *tc = tcase_create("core");

	tcase_add_unchecked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, matches_the_exact_charity_never_a_sibling, 0,
			    (int)(sizeof(cases) / sizeof(cases[0])));
	tcase_add_test(tc, confidence_says_how);
	tcase_add_test(tc, no_register_matches_nothing);
	tcase_set_timeout(tc, 30);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(charitymatch_suite)
