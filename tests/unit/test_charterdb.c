/*
 * The annual Charter report's figures from the database (charterdb.h):
 * what the official registers said of the year's payees (schema 11) -
 * who identified them, with their spend; the s54 duty a register decided;
 * the company_not_active flags and their decisions; the snapshots' dates.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chainwatch/charterdb.h"
#include "chainwatch/flags.h"
#include "chainwatch/risk.h"
#include "chainwatch/store.h"
#include "chainwatch/supplier.h"
#include "testutil.h"

#define COUNCIL "Testshire Council"

static char dir[64];
static char dbpath[128];

static void setup(void)
{
	strcpy(dir, "/tmp/cw-charterdb-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(dbpath, sizeof(dbpath), "%s/chainwatch.db", dir);
}

static void teardown(void)
{
	testutil_remove_dir(dir);
}

/* One payee of a run, as the scan would leave it. */
struct payee {
	const char *key, *name;
	int64_t pence;
	enum entity_type type;
	const char *id, *evidence;
	const char *company;         /* the number Companies House found, or NULL */
	const char *method;          /* how: "exact name", "Companies House API" */
	const char *charity_scheme;  /* the charity register's prefix, or NULL */
	const char *scope_register;  /* statement.scope_register */
	enum in_scope scope;
	const char *flag_status;     /* a company_not_active flag with this decision, or NULL */
};

/* Everything one run of hand-built payees needs, kept alive for the save. */
struct run {
	struct run_record r;
	struct supplier sup[8];
	struct supplier *ptrs[8];
	char *names[8][1];
	struct company_facts co[8];
	struct charity_facts ch[8];
	struct assessment as[8];
	struct flag fl[8];
	size_t nflags;
};

static void run_init(struct run *x, const char *id, const char *period, const struct payee *p,
		     size_t n, int32_t companies, int32_t charities)
{
	size_t i;

	ck_assert_uint_le(n, 8);
	memset(x, 0, sizeof(*x));
	snprintf(x->r.run.id, sizeof(x->r.run.id), "%s", id);
	x->r.run.council = COUNCIL;
	x->r.run.period = period;
	x->r.run.tool_version = "0.1.0";
	x->r.run.started = 1767225600;
	x->r.run.finished = 1767225660;
	x->r.companies_register = companies;
	x->r.charities_register = charities;
	for (i = 0; i < n; i++) {
		struct supplier *s = &x->sup[i];
		struct assessment *a = &x->as[i];

		s->key = (char *)p[i].key;
		s->name = (char *)p[i].name;
		x->names[i][0] = (char *)p[i].name;
		s->names = x->names[i];
		s->nnames = 1;
		s->in_spend = 1;
		s->turnover_pence = -1;
		s->spend_pence = p[i].pence;
		s->transactions = 1;
		if (p[i].company) {
			snprintf(x->co[i].number, sizeof(x->co[i].number), "%s", p[i].company);
			snprintf(x->co[i].method, sizeof(x->co[i].method), "%s", p[i].method);
			s->company = &x->co[i];
		}
		if (p[i].charity_scheme) {
			snprintf(x->ch[i].scheme, sizeof(x->ch[i].scheme), "%s", p[i].charity_scheme);
			x->ch[i].income = -1;
			s->charity = &x->ch[i];
		}
		a->supplier = s;
		a->tier = TIER_LOW;
		a->entity.type = p[i].type;
		a->entity.id = (char *)(p[i].id ? p[i].id : "");
		a->entity.evidence = (char *)(p[i].evidence ? p[i].evidence : "");
		a->statement.scope_register = p[i].scope_register;
		a->statement.scope = p[i].scope;
		x->ptrs[i] = s;
		if (p[i].flag_status) {
			struct flag *f = &x->fl[x->nflags++];

			snprintf(f->id, sizeof(f->id), "F%s", p[i].key);   /* one per supplier */
			f->supplier = s;
			f->kind = FLAG_COMPANY_NOT_ACTIVE;
			f->severity = "high";
			f->summary = (char *)"dissolved while paid";
			f->evidence = (char *)"Companies House";
			snprintf(f->review_status, sizeof(f->review_status), "open");
		}
		x->r.spend_pence += p[i].pence;
	}
	x->r.suppliers = x->ptrs;
	x->r.nsuppliers = n;
	x->r.assessments = x->as;
	x->r.flags = x->fl;
	x->r.nflags = x->nflags;
}

static struct store *open_ok(void)
{
	struct store *st = NULL;
	struct diag err;

	diag_init(&err);
	ck_assert_msg(store_open(dbpath, &st, &err) == 0, "%s", err.msg);
	return st;
}

static void save_ok(struct store *st, struct run *x)
{
	struct diag err;

	diag_init(&err);
	ck_assert_msg(store_save_run(st, &x->r, &err) == 0, "%s", err.msg);
}

static void year_ok(struct store *st, int from, struct charter_year *y)
{
	struct diag err;

	diag_init(&err);
	ck_assert_msg(charterdb_year(st, COUNCIL, from, y, &err) == 0, "%s", err.msg);
}

static void sql_ok(const char *sql)
{
	sqlite3 *db = NULL;
	char *msg = NULL;

	ck_assert_int_eq(sqlite3_open(dbpath, &db), SQLITE_OK);
	ck_assert_msg(sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK, "%s: %s", sql,
		      msg ? msg : "");
	sqlite3_close(db);
}

static const struct payee june[] = {
	{ "id:1", "Acme Care Ltd", 100000, ENTITY_COMPANY, "GB-COH-00000001",
	  "Companies House: exact name 1.00 (ACME CARE LIMITED)", "00000001", "exact name", NULL,
	  "small accounts", SCOPE_NOT_REQUIRED, "cleared" },
	{ "id:2", "Glen Trust", 50000, ENTITY_CHARITY, "GB-SC-SC000002",
	  "Scottish Charity Register: exact name", NULL, NULL, "GB-SC", "charity income",
	  SCOPE_NOT_REQUIRED, NULL },
	{ "id:3", "Exeter City Council", 20000, ENTITY_PUBLIC_BODY, "GB-LAE-EXE",
	  "register of public bodies (local authority): 'EXETER CITY COUNCIL'", NULL, NULL, NULL,
	  NULL, SCOPE_NOT_REQUIRED, NULL },
	{ "id:4", "Mrs Jane Smith", 5000, ENTITY_INDIVIDUAL, NULL, "a title", NULL, NULL, NULL,
	  NULL, SCOPE_UNKNOWN, NULL },
	{ "id:5", "Twinlake", 7000, ENTITY_UNKNOWN, NULL, NULL, NULL, NULL, NULL, NULL,
	  SCOPE_UNKNOWN, NULL },
	{ "id:6", "Gone Away Ltd", 3000, ENTITY_COMPANY, "GB-COH-00000006",
	  "Companies House: Companies House API 1.00 (GONE AWAY LIMITED)", "00000006",
	  "Companies House API", NULL, "dormant", SCOPE_NOT_REQUIRED, "open" },
	/* a number the council gave, which the register did not hold: not identified on it */
	{ "id:7", "Numbered Ltd", 900, ENTITY_COMPANY, "GB-COH-00000007",
	  "company number 00000007 in the council's file", NULL, NULL, NULL, NULL, SCOPE_UNKNOWN,
	  NULL },
	/* a charity with income over £36m */
	{ "id:8", "Big Charity", 400, ENTITY_CHARITY, "GB-CHC-1000008",
	  "Charity Commission register: exact name", NULL, NULL, "GB-CHC", "charity income",
	  SCOPE_LIKELY, NULL },
};

static const struct payee july[] = {
	{ "id:1", "Acme Care Ltd", 200000, ENTITY_COMPANY, "GB-COH-00000001",
	  "Companies House: exact name 1.00 (ACME CARE LIMITED)", "00000001", "exact name", NULL,
	  "micro accounts", SCOPE_NOT_REQUIRED, "cleared" },
};

/* a payee of the year before, on the register: not this year's */
static const struct payee march[] = {
	{ "id:9", "Old Ltd", 999999, ENTITY_COMPANY, "GB-COH-00000009",
	  "Companies House: exact name 1.00 (OLD LIMITED)", "00000009", "exact name", NULL,
	  "micro accounts", SCOPE_NOT_REQUIRED, "open" },
};

static void save_year(struct store *st)
{
	static struct run a, b, c;

	run_init(&a, "a-2025-06", "2025-06", june, sizeof(june) / sizeof(june[0]), 20250601,
		 20250515);
	run_init(&b, "b-2025-07", "2025-07", july, 1, 20250701, 0);
	run_init(&c, "c-2025-03", "2025-03", march, 1, 20250301, 0);
	save_ok(st, &a);
	save_ok(st, &b);
	save_ok(st, &c);
}

START_TEST(payees_are_counted_by_the_register_that_identified_them_with_their_spend)
{
	struct store *st = open_ok();
	struct charter_year y;

	save_year(st);
	year_ok(st, 2025, &y);
	ck_assert_int_eq(y.registers_used, 1);
	ck_assert_int_eq(y.suppliers, 8);
	ck_assert_int_eq(y.reg_suppliers[CHARTER_REG_COMPANIES], 1);
	ck_assert_int_eq(y.reg_pence[CHARTER_REG_COMPANIES], 300000);   /* both months */
	ck_assert_int_eq(y.reg_suppliers[CHARTER_REG_COMPANIES_API], 1);
	ck_assert_int_eq(y.reg_pence[CHARTER_REG_COMPANIES_API], 3000);
	ck_assert_int_eq(y.reg_suppliers[CHARTER_REG_CHARITY_SC], 1);
	ck_assert_int_eq(y.reg_pence[CHARTER_REG_CHARITY_SC], 50000);
	ck_assert_int_eq(y.reg_suppliers[CHARTER_REG_CHARITY_EW], 1);
	ck_assert_int_eq(y.reg_suppliers[CHARTER_REG_CHARITY_NI], 0);
	ck_assert_int_eq(y.reg_suppliers[CHARTER_REG_PUBLIC], 1);
	ck_assert_int_eq(y.reg_pence[CHARTER_REG_PUBLIC], 20000);
	ck_assert_int_eq(y.reg_suppliers[CHARTER_REG_INDIVIDUAL], 1);
	ck_assert_int_eq(y.reg_pence[CHARTER_REG_INDIVIDUAL], 5000);
	/* the unknown, and a company number only the council's file gave */
	ck_assert_int_eq(y.reg_suppliers[CHARTER_REG_NONE], 2);
	ck_assert_int_eq(y.reg_pence[CHARTER_REG_NONE], 7900);
	ck_assert_int_eq(y.register_scans, 2);
	store_close(st);
}
END_TEST

START_TEST(the_s54_duty_a_register_decided_is_counted_by_its_basis_at_the_latest_scan)
{
	struct store *st = open_ok();
	struct charter_year y;

	save_year(st);
	year_ok(st, 2025, &y);
	/* Acme filed small accounts in June and micro-entity ones by July: the latest counts */
	ck_assert_int_eq(y.scope_micro, 1);
	ck_assert_int_eq(y.scope_small, 0);
	ck_assert_int_eq(y.scope_dormant, 1);
	ck_assert_int_eq(y.scope_charity_under, 1);
	ck_assert_int_eq(y.scope_charity_over, 1);
	store_close(st);
}
END_TEST

START_TEST(company_not_active_flags_of_the_year_carry_their_spend_and_decisions)
{
	struct store *st = open_ok();
	struct charter_year y;

	save_year(st);
	sql_ok("UPDATE flags SET review_status = 'cleared' WHERE supplier_key = 'id:1'");
	year_ok(st, 2025, &y);
	ck_assert_int_eq(y.inactive_flags, 2);        /* not the year before's */
	ck_assert_int_eq(y.inactive_pence, 303000);
	ck_assert_int_eq(y.inactive_status[0], 1);    /* open */
	ck_assert_int_eq(y.inactive_status[2], 1);    /* cleared */
	year_ok(st, 2024, &y);
	ck_assert_int_eq(y.inactive_flags, 1);
	ck_assert_int_eq(y.inactive_pence, 999999);
	store_close(st);
}
END_TEST

START_TEST(the_snapshots_dates_the_years_scans_used_are_listed_latest_first)
{
	struct store *st = open_ok();
	struct charter_year y;

	save_year(st);
	year_ok(st, 2025, &y);
	ck_assert_int_eq(y.companies_dates[0], 20250701);
	ck_assert_int_eq(y.companies_dates[1], 20250601);
	ck_assert_int_eq(y.companies_dates[2], 0);
	ck_assert_int_eq(y.charities_dates[0], 20250515);
	ck_assert_int_eq(y.charities_dates[1], 0);
	store_close(st);
}
END_TEST

START_TEST(a_year_without_registers_says_they_were_not_used)
{
	static const struct payee plain[] = {
		{ "id:1", "Acme Care Ltd", 100000, ENTITY_COMPANY, NULL, "a business form", NULL,
		  NULL, NULL, NULL, SCOPE_UNKNOWN, NULL },
		{ "id:3", "Exeter City Council", 20000, ENTITY_PUBLIC_BODY, "GB-LAE-EXE",
		  "register of public bodies (local authority): 'EXETER CITY COUNCIL'", NULL, NULL,
		  NULL, NULL, SCOPE_NOT_REQUIRED, NULL },
	};
	static struct run a;
	struct store *st = open_ok();
	struct charter_year y;

	run_init(&a, "a-2025-06", "2025-06", plain, 2, 0, 0);
	save_ok(st, &a);
	year_ok(st, 2025, &y);
	ck_assert_int_eq(y.registers_used, 0);
	ck_assert_int_eq(y.register_scans, 0);
	ck_assert_int_eq(y.registers_unrecorded, 0);
	ck_assert_int_eq(y.reg_suppliers[CHARTER_REG_PUBLIC], 1);
	ck_assert_int_eq(y.reg_suppliers[CHARTER_REG_NONE], 1);
	ck_assert_int_eq(y.companies_dates[0], 0);
	ck_assert_int_eq(y.inactive_flags, 0);
	store_close(st);
}
END_TEST

/*
 * A database of schema 10 (before the registers' columns) upgrades: its
 * runs stay, what they did not record reads as not known, and a report of
 * their year says no register was used.
 */
START_TEST(a_schema_10_database_upgrades_and_its_runs_read_as_without_registers)
{
	static struct run a;
	struct store *st = open_ok();
	struct charter_year y;

	/* no company_not_active flag among them: that alone says a register was used */
	run_init(&a, "a-2025-06", "2025-06", june + 1, 3, 20250601, 20250515);
	save_ok(st, &a);
	store_close(st);
	sql_ok("ALTER TABLE run_suppliers DROP COLUMN register;"
	       "ALTER TABLE run_suppliers DROP COLUMN register_scope;"
	       "ALTER TABLE run_suppliers DROP COLUMN register_scope_basis;"
	       "ALTER TABLE runs DROP COLUMN companies_register;"
	       "ALTER TABLE runs DROP COLUMN charities_register;"
	       "PRAGMA user_version = 10");
	st = open_ok();
	year_ok(st, 2025, &y);
	ck_assert_int_eq(y.scans, 1);
	ck_assert_int_eq(y.suppliers, 3);
	ck_assert_int_eq(y.registers_used, 0);
	ck_assert_int_eq(y.reg_suppliers[CHARTER_REG_NONE], 2);     /* the charity, the council */
	ck_assert_int_eq(y.reg_suppliers[CHARTER_REG_PUBLIC], 0);   /* not recorded then */
	ck_assert_int_eq(y.reg_suppliers[CHARTER_REG_INDIVIDUAL], 1);
	/* the charity its evidence says a register found: the report says it is unrecorded */
	ck_assert_int_eq(y.registers_unrecorded, 1);
	/* and a new run records them */
	run_init(&a, "a-2025-07", "2025-07", june + 1, 3, 20250701, 0);
	save_ok(st, &a);
	year_ok(st, 2025, &y);
	ck_assert_int_eq(y.registers_used, 1);
	ck_assert_int_eq(y.register_scans, 1);
	store_close(st);
}
END_TEST

static Suite *charterdb_suite(void)
{
	Suite *s = suite_create("charterdb");
	TCase *tc = tcase_create("registers");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, payees_are_counted_by_the_register_that_identified_them_with_their_spend);
	tcase_add_test(tc, the_s54_duty_a_register_decided_is_counted_by_its_basis_at_the_latest_scan);
	tcase_add_test(tc, company_not_active_flags_of_the_year_carry_their_spend_and_decisions);
	tcase_add_test(tc, the_snapshots_dates_the_years_scans_used_are_listed_latest_first);
	tcase_add_test(tc, a_year_without_registers_says_they_were_not_used);
	tcase_add_test(tc, a_schema_10_database_upgrades_and_its_runs_read_as_without_registers);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(charterdb_suite)
