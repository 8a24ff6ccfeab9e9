#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chainwatch/buf.h"
#include "chainwatch/identity.h"
#include "chainwatch/namematch.h"
#include "chainwatch/registry.h"
#include "chainwatch/registrydb.h"
#include "chainwatch/statement.h"
#include "chainwatch/store.h"
#include "testutil.h"

static char dir[64];
static char dbpath[128];
static struct store *st;
static struct registry_set *rs;
static struct statement_settings ss;

static void setup(void)
{
	struct diag err;

	strcpy(dir, "/tmp/cw-statement-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(dbpath, sizeof(dbpath), "%s/chainwatch.db", dir);
	diag_init(&err);
	ck_assert_msg(store_open(dbpath, &st, &err) == 0, "store_open: %s", err.msg);
	rs = NULL;
	statement_settings_init(&ss);
	ss.as_of = 20230331;
}

static void teardown(void)
{
	registry_set_free(rs);
	rs = NULL;
	store_close(st);
	st = NULL;
	testutil_remove_dir(dir);
}

/* --- loading the registry ------------------------------------------------- */

struct loader {
	int year;
	struct diag *err;
};

static int add_row(void *ctx, const struct registry_row *r, struct diag *err)
{
	struct loader *l = ctx;

	return registrydb_add(st, l->year, r, err);
}

static void reject_row(void *ctx, unsigned long line, const char *reason)
{
	(void)ctx;
	ck_abort_msg("test registry line %lu rejected: %s", line, reason);
}

/* One registry year's snapshot from CSV text, through the real reader. */
static void load_csv(int year, const char *csv)
{
	struct loader l = { year, NULL };
	struct registry_sink sink = { add_row, reject_row, &l };
	struct registry_file f;
	struct registry_snapshot snap;
	struct diag err;

	diag_init(&err);
	ck_assert_msg(registrydb_begin(st, year, &err) == 0, "begin: %s", err.msg);
	ck_assert_msg(registry_read_mem(csv, strlen(csv), "test.csv", &sink, &f, &err) == 0,
		      "read: %s", err.msg);
	memset(&snap, 0, sizeof(snap));
	snap.year = year;
	snprintf(snap.source, sizeof(snap.source), "StatementSummaries%d.csv", year);
	memcpy(snap.sha256, f.sha256, sizeof(snap.sha256));
	snap.bytes = f.bytes;
	snprintf(snap.loaded, sizeof(snap.loaded), "2026-01-01T00:00:00Z");
	snap.rows = f.accepted;
	snap.statements = f.statements;
	ck_assert_msg(registrydb_commit(st, &snap, &err) == 0, "commit: %s", err.msg);
}

/*
 * A registry organisation as a test writes it; unset fields are blank.
 * areas: six characters, 'Y' Yes, 'N' No, ' ' blank, in column order.
 */
struct org {
	const char *name, *cn, *parent, *end, *approver, *approved, *turnover, *areas;
	int group;
};

#define ORG_HEADER                                                                       \
	"StatementYear,OrganisationName,CompanyNumber,GroupSubmission,ParentName,"        \
	"StatementSummaryURL,StatementEndDate,ApprovingPerson,DateApproved,Turnover,"     \
	"StatementIncludesOrgStructure,StatementIncludesPolicies,"                        \
	"StatementIncludesRisksAssessment,StatementIncludesDueDiligence,"                 \
	"StatementIncludesTraining,StatementIncludesGoals\n"

#define S(x) ((x) ? (x) : "")

static void load_orgs(int year, const struct org *v, size_t n)
{
	struct buf csv;
	size_t i;
	int k;

	buf_init(&csv, 0);
	buf_adds(&csv, ORG_HEADER);
	for (i = 0; i < n; i++) {
		const struct org *o = &v[i];

		buf_printf(&csv, "%d,\"%s\",%s,%s,\"%s\","
			   "https://registry.example/statement-summary/S%04d%03zu/%d,"
			   "%s,\"%s\",%s,%s",
			   year, o->name, S(o->cn), o->group ? "Yes" : "No", S(o->parent),
			   year, i, year, S(o->end), S(o->approver), S(o->approved),
			   S(o->turnover));
		for (k = 0; k < REGISTRY_AREAS; k++) {
			char a = o->areas ? o->areas[k] : ' ';

			buf_adds(&csv, a == 'Y' ? ",Yes" : a == 'N' ? ",No" : ",");
		}
		buf_addc(&csv, '\n');
	}
	load_csv(year, csv.s);
	buf_release(&csv);
}

#define LOAD(year, table) load_orgs((year), (table), sizeof(table) / sizeof((table)[0]))

static void set_load(void)
{
	struct diag err;

	diag_init(&err);
	registry_set_free(rs);
	rs = NULL;
	ck_assert_msg(registrydb_load_set(st, "Test Council", &rs, &err) == 0,
		      "registrydb_load_set: %s", err.msg);
	ck_assert_ptr_nonnull(rs);
}

/* The report text of a matched row (registrydb_details). */
static void details(const struct registry_row *row)
{
	struct diag err;

	diag_init(&err);
	ck_assert_msg(registrydb_details(st, rs, row, &err) == 0, "details: %s", err.msg);
}

static void override(const char *supplier_key, const char *action, const char *org,
		     const char *org_key)
{
	struct statement_override o;
	struct diag err;

	memset(&o, 0, sizeof(o));
	o.council = (char *)"Test Council";
	o.supplier_key = (char *)supplier_key;
	o.action = (char *)action;
	o.org = (char *)org;
	o.org_key = (char *)org_key;
	o.set_by = (char *)"test";
	o.set_at = (char *)"2026-01-01T00:00:00Z";
	o.note = (char *)"";
	diag_init(&err);
	ck_assert_msg(registrydb_override_set(st, &o, &err) == 0, "override: %s", err.msg);
}

/* "nm:" + the name key of `name`, as the override command stores it. */
static void name_org_key(const char *name, char *out, size_t n)
{
	struct buf b;

	buf_init(&b, 0);
	ck_assert_int_eq(name_key(name, strlen(name), &b), 0);
	snprintf(out, n, "nm:%s", b.s);
	buf_release(&b);
}

static void supplier_init(struct supplier *s, const char *key, const char *name, const char *cn)
{
	static char *names[64][2];     /* the fixtures' name lists, a pair per supplier */
	static size_t next;

	memset(s, 0, sizeof(*s));
	s->names = names[next++ % 64];
	s->key = (char *)key;
	s->name = (char *)name;
	s->names[0] = (char *)name;
	s->nnames = 1;
	snprintf(s->company_number, sizeof(s->company_number), "%s", cn ? cn : "");
	s->turnover_pence = -1;
	s->spend_pence = 100000;       /* £1,000 */
}

static void match(const struct supplier *s, struct statement *out)
{
	statement_match(rs, &ss, s, 0, out);
}

static void assert_matched(const struct statement *m, const char *method, const char *org)
{
	ck_assert_ptr_nonnull(m->row);
	ck_assert_msg(m->method && !strcmp(m->method, method), "method '%s', want '%s'",
		      m->method ? m->method : "(null)", method);
	ck_assert_str_eq(m->row->org_name, org);
	ck_assert(m->status == STATEMENT_CURRENT || m->status == STATEMENT_STALE);
}

static void assert_not_found(const struct statement *m)
{
	ck_assert_msg(m->status == STATEMENT_NOT_FOUND, "status '%s', method '%s', row '%s'",
		      statement_status_name(m->status), m->method ? m->method : "(null)",
		      m->row ? m->row->org_name : "(null)");
	ck_assert_ptr_null(m->row);
	ck_assert_ptr_null(m->method);
	ck_assert(m->confidence == 0);
}

/* --- company number and exact names -------------------------------------- */

START_TEST(company_number_match_wins_even_when_names_differ)
{
	static const struct org v[] = {
		{ .name = "ACME WIDGETS LIMITED", .cn = "01234567" },
		{ .name = "ACME ENGINEERING SERVICES LIMITED", .cn = "07654321" },
	};
	struct supplier s;
	struct statement m;

	LOAD(2022, v);
	set_load();
	supplier_init(&s, "id:1", "Acme Engineering Services Ltd", "01234567");
	match(&s, &m);
	assert_matched(&m, "company number", "ACME WIDGETS LIMITED");
	ck_assert(m.confidence == 1.0);
	ck_assert_str_eq(m.row->company_number, "01234567");
	ck_assert_int_eq(m.via_group, 0);
	ck_assert_ptr_null(m.candidates);
	statement_release(&m);
}
END_TEST

START_TEST(name_match_across_legal_forms)
{
	static const struct org v[] = {
		{ .name = "ACME WIDGETS LIMITED", .cn = "01234567" },
	};
	struct supplier s;
	struct statement m;

	LOAD(2022, v);
	set_load();
	supplier_init(&s, "id:1", "Acme Widgets Ltd", NULL);
	match(&s, &m);
	assert_matched(&m, "name", "ACME WIDGETS LIMITED");
	ck_assert(m.confidence > 0 && m.confidence <= 1);
	ck_assert_int_eq(m.via_group, 0);
	statement_release(&m);
}
END_TEST

START_TEST(name_match_uses_every_name_the_supplier_was_paid_under)
{
	static const struct org v[] = {
		{ .name = "ACME WIDGETS LIMITED", .cn = "01234567" },
	};
	struct supplier s;
	struct statement m;

	LOAD(2022, v);
	set_load();
	supplier_init(&s, "id:1", "AWL Payments", NULL);
	s.names[1] = (char *)"Acme Widgets Limited.";
	s.nnames = 2;
	match(&s, &m);
	assert_matched(&m, "name", "ACME WIDGETS LIMITED");
	statement_release(&m);
}
END_TEST

struct name_pair {
	const char *supplier, *registry;
};

static const struct name_pair variants[] = {
	{ "Smith & Jones (UK) Ltd", "SMITH AND JONES LIMITED" },
	{ "Smith and Jones Limited", "SMITH & JONES (UK) LTD" },
	{ "Acme Services (UK) Ltd.", "ACME SERVICES LIMITED" },
	{ "The Care Company Plc", "CARE COMPANY PLC" },
	{ "Children's Homes & Care LLP", "CHILDRENS HOMES AND CARE LLP" },
};

START_TEST(name_match_across_uk_and_ampersand_variants)
{
	const struct name_pair *t = &variants[_i];
	const struct org v[] = { { .name = t->registry, .cn = "01234567" } };
	struct supplier s;
	struct statement m;

	LOAD(2022, v);
	set_load();
	supplier_init(&s, "id:1", t->supplier, NULL);
	match(&s, &m);
	assert_matched(&m, "name", t->registry);
	statement_release(&m);
}
END_TEST

START_TEST(registry_row_with_contradicting_company_number_is_not_taken_by_name)
{
	static const struct org v[] = {
		{ .name = "ACME WIDGETS LIMITED", .cn = "01234567" },
	};
	struct supplier s;
	struct statement m;

	LOAD(2022, v);
	set_load();
	supplier_init(&s, "id:1", "Acme Widgets Ltd", "09999999");
	match(&s, &m);
	assert_not_found(&m);
	statement_release(&m);
}
END_TEST

START_TEST(registry_row_without_company_number_is_taken_by_name)
{
	static const struct org v[] = {
		{ .name = "ACME WIDGETS LIMITED" },
	};
	struct supplier s;
	struct statement m;

	LOAD(2022, v);
	set_load();
	supplier_init(&s, "id:1", "Acme Widgets Ltd", "09999999");
	match(&s, &m);
	assert_matched(&m, "name", "ACME WIDGETS LIMITED");
	statement_release(&m);
}
END_TEST

static void assert_ambiguous_between(const struct statement *m, const char *a, const char *b)
{
	ck_assert_int_eq(m->status, STATEMENT_AMBIGUOUS);
	ck_assert_ptr_null(m->row);
	ck_assert_ptr_null(m->method);
	ck_assert(m->confidence == 0);
	ck_assert_ptr_nonnull(m->candidates);
	ck_assert_msg(strstr(m->candidates, a) != NULL, "'%s' not in candidates '%s'", a,
		      m->candidates);
	ck_assert_msg(strstr(m->candidates, b) != NULL, "'%s' not in candidates '%s'", b,
		      m->candidates);
}

/* Period ends of the two organisations: equal, first later, second later. */
static const char *const ambiguous_ends[][2] = {
	{ "31/03/2022", "31/03/2022" },
	{ "31/12/2021", "31/03/2022" },
	{ "31/03/2022", "31/12/2021" },
	{ "", "" },
};

START_TEST(same_name_with_two_company_numbers_is_ambiguous)
{
	const struct org v[] = {
		{ .name = "ACME WIDGETS LIMITED", .cn = "01234567", .end = ambiguous_ends[_i][0] },
		{ .name = "ACME WIDGETS LIMITED", .cn = "07654321", .end = ambiguous_ends[_i][1] },
	};
	struct supplier s;
	struct statement m;

	LOAD(2022, v);
	set_load();
	supplier_init(&s, "id:1", "Acme Widgets Ltd", NULL);
	match(&s, &m);
	assert_ambiguous_between(&m, "(01234567)", "(07654321)");
	ck_assert_ptr_nonnull(strstr(m.candidates, "ACME WIDGETS LIMITED"));
	statement_release(&m);
}
END_TEST

START_TEST(same_name_with_two_company_numbers_is_ambiguous_across_years)
{
	/* one organisation in both years, the other only in 2022 */
	static const struct org y2023[] = {
		{ .name = "ACME WIDGETS LIMITED", .cn = "01234567" },
	};
	static const struct org y2022[] = {
		{ .name = "ACME WIDGETS LIMITED", .cn = "01234567" },
		{ .name = "ACME WIDGETS LIMITED", .cn = "07654321" },
	};
	struct supplier s;
	struct statement m;

	LOAD(2023, y2023);
	LOAD(2022, y2022);
	set_load();
	supplier_init(&s, "id:1", "Acme Widgets Ltd", NULL);
	match(&s, &m);
	assert_ambiguous_between(&m, "(01234567)", "(07654321)");
	statement_release(&m);
}
END_TEST

START_TEST(same_name_is_not_ambiguous_when_the_supplier_has_a_number)
{
	static const struct org v[] = {
		{ .name = "ACME WIDGETS LIMITED", .cn = "01234567" },
		{ .name = "ACME WIDGETS LIMITED", .cn = "07654321" },
	};
	struct supplier s;
	struct statement m;

	LOAD(2022, v);
	set_load();
	supplier_init(&s, "id:1", "Acme Widgets Ltd", "07654321");
	match(&s, &m);
	assert_matched(&m, "company number", "ACME WIDGETS LIMITED");
	ck_assert_str_eq(m.row->company_number, "07654321");
	statement_release(&m);
}
END_TEST

/* --- groups --------------------------------------------------------------- */

static const struct org group[] = {
	{ .name = "ACME CARE HOMES LIMITED", .cn = "01111111", .group = 1,
	  .parent = "Acme Group Holdings plc" },
	{ .name = "ACME DOMICILIARY CARE LIMITED", .cn = "02222222", .group = 1,
	  .parent = "Acme Group Holdings plc" },
	{ .name = "BETA SUPPORT LIMITED", .cn = "03333333" },
};

START_TEST(supplier_named_like_a_group_parent_matches_by_parent_name)
{
	struct supplier s;
	struct statement m;

	LOAD(2022, group);
	set_load();
	supplier_init(&s, "id:1", "ACME GROUP HOLDINGS PLC", NULL);
	match(&s, &m);
	ck_assert_ptr_nonnull(m.row);
	ck_assert_str_eq(m.method, "parent name");
	ck_assert_str_eq(m.row->parent_name, "Acme Group Holdings plc");
	ck_assert_int_eq(m.via_group, 1);
	ck_assert_int_eq(m.status, STATEMENT_CURRENT);
	statement_release(&m);
}
END_TEST

START_TEST(group_member_matched_by_name_is_via_group)
{
	struct supplier s;
	struct statement m;

	LOAD(2022, group);
	set_load();
	supplier_init(&s, "id:1", "Acme Domiciliary Care Ltd", NULL);
	match(&s, &m);
	assert_matched(&m, "name", "ACME DOMICILIARY CARE LIMITED");
	ck_assert_int_eq(m.via_group, 1);
	statement_release(&m);

	supplier_init(&s, "id:2", "Beta Support Ltd", NULL);
	match(&s, &m);
	assert_matched(&m, "name", "BETA SUPPORT LIMITED");
	ck_assert_int_eq(m.via_group, 0);
	statement_release(&m);
}
END_TEST

START_TEST(parent_with_its_own_row_matches_by_name_not_parent)
{
	static const struct org v[] = {
		{ .name = "ACME CARE HOMES LIMITED", .cn = "01111111", .group = 1,
		  .parent = "Acme Group Holdings plc" },
		{ .name = "ACME GROUP HOLDINGS PLC", .cn = "04444444", .group = 1,
		  .parent = "Acme Group Holdings plc" },
	};
	struct supplier s;
	struct statement m;

	LOAD(2022, v);
	set_load();
	supplier_init(&s, "id:1", "Acme Group Holdings plc", NULL);
	match(&s, &m);
	assert_matched(&m, "name", "ACME GROUP HOLDINGS PLC");
	ck_assert_int_eq(m.via_group, 0);
	statement_release(&m);
}
END_TEST

/* --- fuzzy names ---------------------------------------------------------- */

/* A registry where CARE, SERVICES and HOME are common words, as in the real one. */
static const struct org care[] = {
	{ .name = "NORTHAMPTON HOMECARE SERVICES LIMITED", .cn = "05555555" },
	{ .name = "XYZ CARE SERVICES LIMITED", .cn = "06666666" },
	{ .name = "BRIGHTWATER CARE SERVICES LIMITED", .cn = "07777777" },
	{ .name = "HOLLYBANK HOME CARE LIMITED", .cn = "08888888" },
	{ .name = "RIVERSIDE CARE HOMES LIMITED", .cn = "09999999" },
	{ .name = "KESTREL SUPPORT SERVICES LIMITED", .cn = "01212121" },
	{ .name = "MEADOW HOME SERVICES LIMITED", .cn = "02323232" },
};

START_TEST(near_name_matches_by_fuzzy_name)
{
	struct supplier s;
	struct statement m;

	LOAD(2022, care);
	set_load();
	supplier_init(&s, "id:1", "NORTHAMPTON HOME CARE SERVICES", NULL);
	match(&s, &m);
	ck_assert_msg(m.method != NULL, "status '%s', candidates '%s'",
		      statement_status_name(m.status), m.candidates ? m.candidates : "");
	assert_matched(&m, "fuzzy name", "NORTHAMPTON HOMECARE SERVICES LIMITED");
	ck_assert_msg(m.confidence >= NAME_MATCH_ACCEPT && m.confidence <= 1.0,
		      "confidence %.3f", m.confidence);
	ck_assert_ptr_null(m.candidates);
	statement_release(&m);
}
END_TEST

START_TEST(names_sharing_only_common_words_do_not_match)
{
	struct supplier s;
	struct statement m;

	LOAD(2022, care);
	set_load();
	supplier_init(&s, "id:1", "ABC CARE SERVICES", NULL);
	match(&s, &m);
	assert_not_found(&m);
	statement_release(&m);
}
END_TEST

START_TEST(fuzzy_match_skips_a_contradicting_company_number)
{
	struct supplier s;
	struct statement m;

	LOAD(2022, care);
	set_load();
	supplier_init(&s, "id:1", "NORTHAMPTON HOME CARE SERVICES", "04040404");
	match(&s, &m);
	assert_not_found(&m);
	statement_release(&m);
}
END_TEST

/* --- which statement, how old -------------------------------------------- */

START_TEST(newest_statement_wins_across_registry_years)
{
	static const struct org y2022[] = {
		{ .name = "ACME WIDGETS LIMITED", .cn = "01234567", .end = "31/03/2022",
		  .approver = "Old Director" },
	};
	static const struct org y2023[] = {
		{ .name = "ACME WIDGETS LIMITED", .cn = "01234567", .end = "31/03/2023",
		  .approver = "New Director" },
	};
	static const char *const cns[] = { "01234567", "" };
	struct supplier s;
	struct statement m;
	int i;

	/* loaded oldest first: the order of loading must not matter */
	LOAD(2022, y2022);
	LOAD(2023, y2023);
	set_load();
	for (i = 0; i < 2; i++) {
		supplier_init(&s, "id:1", "Acme Widgets Ltd", cns[i]);
		match(&s, &m);
		ck_assert_ptr_nonnull(m.row);
		ck_assert_int_eq(m.row->year, 2023);
		ck_assert_int_eq(m.row->period_end, 20230331);
		details(m.row);
		ck_assert_str_eq(m.row->approver, "New Director");
		ck_assert_int_eq(m.years_searched_from, 2022);
		ck_assert_int_eq(m.years_searched_to, 2023);
		statement_release(&m);
	}
	ck_assert_uint_eq(registry_set_rows(rs), 2);
}
END_TEST

START_TEST(reloading_a_year_replaces_its_snapshot)
{
	static const struct org first[] = {
		{ .name = "ACME WIDGETS LIMITED", .cn = "01234567" },
		{ .name = "BETA CARE LIMITED", .cn = "07654321" },
	};
	static const struct org second[] = {
		{ .name = "ACME WIDGETS LIMITED", .cn = "01234567", .approver = "J Smith" },
	};
	struct supplier s;
	struct statement m;

	LOAD(2022, first);
	LOAD(2022, second);
	set_load();
	ck_assert_uint_eq(registry_set_rows(rs), 1);
	supplier_init(&s, "id:1", "Beta Care Ltd", NULL);
	match(&s, &m);
	assert_not_found(&m);
	statement_release(&m);
}
END_TEST

START_TEST(details_fetch_the_report_text_of_a_matched_row)
{
	struct supplier s;
	struct statement m;

	load_csv(2022, "StatementYear,OrganisationName,CompanyNumber,StatementURL,"
		       "StatementSummaryURL,ApprovingPerson,SectorType,LastUpdated\n"
		       "2022,BETA CARE LIMITED,07654321,,,,,\n"
		       "2022,ACME WIDGETS LIMITED,01234567,https://acme.example/msa,"
		       "https://registry.example/statement-summary/MqEPLsZH/2022,"
		       "\"Jane Smith, Director\",Private,2023-01-05\n");
	set_load();
	supplier_init(&s, "id:1", "Acme Widgets Ltd", NULL);
	match(&s, &m);
	assert_matched(&m, "name", "ACME WIDGETS LIMITED");
	ck_assert_int_eq(m.approved, 1);            /* known before the details are fetched */
	details(m.row);
	ck_assert_str_eq(m.row->statement_id, "MqEPLsZH");
	ck_assert_str_eq(m.row->statement_url, "https://acme.example/msa");
	ck_assert_str_eq(m.row->summary_url,
			 "https://registry.example/statement-summary/MqEPLsZH/2022");
	ck_assert_str_eq(m.row->approver, "Jane Smith, Director");
	ck_assert_str_eq(m.row->sector_type, "Private");
	ck_assert_str_eq(m.row->last_updated, "2023-01-05");
	ck_assert_str_eq(m.row->org_name, "ACME WIDGETS LIMITED");
	ck_assert_str_eq(m.row->company_number, "01234567");
	details(m.row);                              /* twice is harmless */
	ck_assert_str_eq(m.row->approver, "Jane Smith, Director");
	details(NULL);                               /* nothing matched: nothing to fetch */
	statement_release(&m);
}
END_TEST

struct age_case {
	int32_t as_of;
	enum statement_status status;
	int months_old;
};

static const struct age_case ages[] = {
	{ 20220630, STATEMENT_CURRENT, 12 },
	{ 20221230, STATEMENT_CURRENT, 18 },
	{ 20221231, STATEMENT_CURRENT, 18 },   /* 18 months exactly: still current */
	{ 20230129, STATEMENT_CURRENT, 18 },
	{ 20230131, STATEMENT_STALE, 19 },
	{ 20251231, STATEMENT_STALE, 54 },
};

START_TEST(statement_is_stale_after_eighteen_months)
{
	const struct age_case *t = &ages[_i];
	static const struct org v[] = {
		{ .name = "ACME WIDGETS LIMITED", .cn = "01234567", .end = "30/06/2021" },
	};
	struct supplier s;
	struct statement m;

	LOAD(2021, v);
	set_load();
	ss.as_of = t->as_of;
	supplier_init(&s, "id:1", "Acme Widgets Ltd", "01234567");
	match(&s, &m);
	ck_assert_ptr_nonnull(m.row);
	ck_assert_int_eq(m.row->period_end, 20210630);
	ck_assert_msg(m.months_old == t->months_old, "as of %d: %d months, want %d",
		      (int)t->as_of, m.months_old, t->months_old);
	ck_assert_msg(m.status == t->status, "as of %d: '%s', want '%s'", (int)t->as_of,
		      statement_status_name(m.status), statement_status_name(t->status));
	statement_release(&m);
}
END_TEST

START_TEST(stale_months_setting_moves_the_boundary)
{
	static const struct org v[] = {
		{ .name = "ACME WIDGETS LIMITED", .cn = "01234567", .end = "30/06/2021" },
	};
	struct supplier s;
	struct statement m;

	LOAD(2021, v);
	set_load();
	ss.as_of = 20221231;
	ss.stale_months = 12;
	supplier_init(&s, "id:1", "Acme Widgets Ltd", "01234567");
	match(&s, &m);
	ck_assert_int_eq(m.months_old, 18);
	ck_assert_int_eq(m.status, STATEMENT_STALE);
	statement_release(&m);
}
END_TEST

START_TEST(status_names_are_as_documented)
{
	ck_assert_str_eq(statement_status_name(STATEMENT_NOT_CHECKED), "");
	ck_assert_str_eq(statement_status_name(STATEMENT_CURRENT), "found current");
	ck_assert_str_eq(statement_status_name(STATEMENT_STALE), "found stale");
	ck_assert_str_eq(statement_status_name(STATEMENT_NOT_FOUND), "not found");
	ck_assert_str_eq(statement_status_name(STATEMENT_AMBIGUOUS), "ambiguous");
	ck_assert_str_eq(statement_status_name(STATEMENT_NOT_APPLICABLE), "not applicable");
	ck_assert_str_eq(in_scope_name(SCOPE_UNKNOWN), "unknown");
	ck_assert_str_eq(in_scope_name(SCOPE_REQUIRED), "required");
	ck_assert_str_eq(in_scope_name(SCOPE_LIKELY), "likely");
	ck_assert_str_eq(in_scope_name(SCOPE_NOT_REQUIRED), "not required");
}
END_TEST

START_TEST(settings_init_sets_the_documented_defaults)
{
	struct statement_settings x;

	statement_settings_init(&x);
	ck_assert_int_eq(x.likely_spend_pence, 50000000);
	ck_assert_int_eq(x.stale_months, 18);
	ck_assert_int_eq(x.as_of, 0);
}
END_TEST

/* --- areas and approval --------------------------------------------------- */

START_TEST(nareas_counts_the_areas_answered_yes)
{
	static const struct org v[] = {
		{ .name = "ACME WIDGETS LIMITED", .cn = "01234567", .areas = "YNYNYY" },
		{ .name = "BETA CARE LIMITED", .cn = "07654321", .areas = "Y Y   " },
		{ .name = "GAMMA LIMITED", .cn = "02345678", .areas = "YYYYYY" },
	};
	static const int want[] = { 4, 2, 6 };
	static const char *const cns[] = { "01234567", "07654321", "02345678" };
	struct supplier s;
	struct statement m;
	int i;

	LOAD(2022, v);
	set_load();
	for (i = 0; i < 3; i++) {
		supplier_init(&s, "id:1", "x", cns[i]);
		match(&s, &m);
		ck_assert_ptr_nonnull(m.row);
		ck_assert_int_eq(m.nareas, want[i]);
		statement_release(&m);
	}
}
END_TEST

START_TEST(nareas_is_unknown_without_area_columns)
{
	struct supplier s;
	struct statement m;

	load_csv(2022, "StatementYear,OrganisationName,CompanyNumber\n"
		       "2022,ACME WIDGETS LIMITED,01234567\n");
	set_load();
	supplier_init(&s, "id:1", "Acme Widgets Ltd", NULL);
	match(&s, &m);
	assert_matched(&m, "name", "ACME WIDGETS LIMITED");
	ck_assert_int_eq(m.nareas, -1);
	ck_assert_uint_eq(m.row->areas_known, 0);
	statement_release(&m);
}
END_TEST

START_TEST(missing_areas_lists_the_areas_not_covered)
{
	static const struct org v[] = {
		{ .name = "ACME WIDGETS LIMITED", .cn = "01234567", .areas = "YNYNYY" },
		{ .name = "BETA CARE LIMITED", .cn = "07654321", .areas = "YYYYYY" },
		{ .name = "GAMMA LIMITED", .cn = "02345678", .areas = "NNNNNN" },
	};
	struct supplier s;
	struct statement m;
	struct buf b, want;
	int k;

	LOAD(2022, v);
	set_load();
	buf_init(&b, 0);
	buf_init(&want, 0);

	supplier_init(&s, "id:1", "x", "01234567");
	match(&s, &m);
	buf_printf(&want, "%s, %s", registry_area_names[1], registry_area_names[3]);
	ck_assert_str_eq(statement_missing_areas(&m, &b), want.s);
	ck_assert_str_eq(b.s, want.s);
	statement_release(&m);

	supplier_init(&s, "id:1", "x", "07654321");
	match(&s, &m);
	ck_assert_str_eq(statement_missing_areas(&m, &b), "");
	statement_release(&m);

	supplier_init(&s, "id:1", "x", "02345678");
	match(&s, &m);
	buf_reset(&want);
	for (k = 0; k < REGISTRY_AREAS; k++)
		buf_printf(&want, "%s%s", k ? ", " : "", registry_area_names[k]);
	ck_assert_str_eq(statement_missing_areas(&m, &b), want.s);
	statement_release(&m);

	/* no statement: nothing listed (and b is reset) */
	supplier_init(&s, "id:1", "Unknown Org Ltd", NULL);
	match(&s, &m);
	ck_assert_ptr_null(m.row);
	ck_assert_str_eq(statement_missing_areas(&m, &b), "");
	statement_release(&m);

	buf_release(&b);
	buf_release(&want);
}
END_TEST

START_TEST(missing_areas_leaves_out_unknown_columns)
{
	struct supplier s;
	struct statement m;
	struct buf b;

	load_csv(2023, "StatementYear,OrganisationName,CompanyNumber,StatementIncludesPolicies,"
		       "StatementIncludesTraining\n"
		       "2023,ACME WIDGETS LIMITED,01234567,,Yes\n");
	set_load();
	buf_init(&b, 0);
	supplier_init(&s, "id:1", "x", "01234567");
	match(&s, &m);
	ck_assert_int_eq(m.nareas, 1);
	ck_assert_str_eq(statement_missing_areas(&m, &b), registry_area_names[1]);
	statement_release(&m);
	buf_release(&b);
}
END_TEST

START_TEST(approved_from_approver_or_date)
{
	static const struct org v[] = {
		{ .name = "A ONE LIMITED", .cn = "01000001", .approver = "Jane Smith" },
		{ .name = "B TWO LIMITED", .cn = "01000002", .approved = "15/09/2022" },
		{ .name = "C THREE LIMITED", .cn = "01000003", .approver = "J Bloggs",
		  .approved = "01/10/2022" },
		{ .name = "D FOUR LIMITED", .cn = "01000004" },
		{ .name = "E FIVE LIMITED", .cn = "01000005", .approved = "not a date" },
	};
	static const char *const cns[] = { "01000001", "01000002", "01000003", "01000004",
					   "01000005" };
	static const int want[] = { 1, 1, 1, 0, 0 };
	struct supplier s;
	struct statement m;
	int i;

	LOAD(2022, v);
	set_load();
	for (i = 0; i < 5; i++) {
		supplier_init(&s, "id:1", "x", cns[i]);
		match(&s, &m);
		ck_assert_ptr_nonnull(m.row);
		ck_assert_msg(!!m.approved == want[i], "%s: approved %d", cns[i], m.approved);
		statement_release(&m);
	}
}
END_TEST

/* --- in scope ------------------------------------------------------------- */

#define BAND_36_60 "\xC2\xA3" "36 million to \xC2\xA3" "60 million"
#define BAND_100_500 "\xC2\xA3" "100 million to \xC2\xA3" "500 million"
#define BAND_UNDER "Under \xC2\xA3" "36 million"

static void assert_reason(const struct statement *m, const char *want)
{
	ck_assert_ptr_nonnull(m->scope_reasons);
	ck_assert_msg(strstr(m->scope_reasons, want) != NULL, "reasons '%s', want '%s'",
		      m->scope_reasons, want);
}

START_TEST(turnover_band_of_36m_or_more_in_any_year_is_required)
{
	static const struct org y2022[] = {
		{ .name = "ACME WIDGETS LIMITED", .cn = "01234567", .turnover = BAND_36_60 },
	};
	static const struct org y2023[] = {
		{ .name = "ACME WIDGETS LIMITED", .cn = "01234567" },   /* no band given */
	};
	struct supplier s;
	struct statement m;

	LOAD(2022, y2022);
	LOAD(2023, y2023);
	set_load();
	supplier_init(&s, "id:1", "Acme Widgets Ltd", "01234567");
	match(&s, &m);
	ck_assert_int_eq(m.row->year, 2023);
	ck_assert_int_eq(m.scope, SCOPE_REQUIRED);
	assert_reason(&m, BAND_36_60);
	assert_reason(&m, "2022 registry");
	statement_release(&m);
}
END_TEST

START_TEST(turnover_band_counts_for_a_name_match_without_company_numbers)
{
	static const struct org y2022[] = {
		{ .name = "ACME WIDGETS LIMITED", .turnover = BAND_100_500 },
	};
	static const struct org y2023[] = {
		{ .name = "ACME WIDGETS LIMITED" },
	};
	struct supplier s;
	struct statement m;

	LOAD(2022, y2022);
	LOAD(2023, y2023);
	set_load();
	supplier_init(&s, "id:1", "Acme Widgets Ltd", NULL);
	match(&s, &m);
	ck_assert_int_eq(m.row->year, 2023);
	ck_assert_int_eq(m.scope, SCOPE_REQUIRED);
	assert_reason(&m, BAND_100_500);
	statement_release(&m);
}
END_TEST

START_TEST(turnover_band_in_an_earlier_year_counts_for_a_group_member)
{
	/* a group statement repeats per member; one member also gave its band in 2022 */
	static const struct org y2023[] = {
		{ .name = "ACME CARE HOMES LIMITED", .cn = "01111111", .group = 1,
		  .parent = "Acme Group Holdings plc" },
		{ .name = "ACME DOMICILIARY CARE LIMITED", .cn = "02222222", .group = 1,
		  .parent = "Acme Group Holdings plc" },
	};
	static const struct org y2022[] = {
		{ .name = "ACME CARE HOMES LIMITED", .cn = "01111111", .group = 1,
		  .parent = "Acme Group Holdings plc", .turnover = BAND_100_500 },
	};
	struct supplier s;
	struct statement m;

	LOAD(2023, y2023);
	LOAD(2022, y2022);
	set_load();
	supplier_init(&s, "id:1", "Acme Care Homes Ltd", "01111111");
	match(&s, &m);
	ck_assert_ptr_nonnull(m.row);
	ck_assert_int_eq(m.row->year, 2023);
	ck_assert_msg(m.scope == SCOPE_REQUIRED, "scope '%s': %s", in_scope_name(m.scope),
		      m.scope_reasons);
	assert_reason(&m, BAND_100_500);
	statement_release(&m);
}
END_TEST

START_TEST(supplier_master_turnover_of_36m_is_required)
{
	struct supplier s;
	struct statement m;

	load_csv(2022, "StatementYear,OrganisationName\n2022,SOMEONE ELSE LIMITED\n");
	set_load();
	supplier_init(&s, "id:1", "Acme Widgets Ltd", NULL);
	s.turnover_pence = 3600000000;
	match(&s, &m);
	ck_assert_int_eq(m.status, STATEMENT_NOT_FOUND);
	ck_assert_int_eq(m.scope, SCOPE_REQUIRED);
	assert_reason(&m, "supplier master turnover");
	statement_release(&m);
}
END_TEST

START_TEST(supplier_master_turnover_under_36m_is_not_required)
{
	struct supplier s;
	struct statement m;

	load_csv(2022, "StatementYear,OrganisationName\n2022,SOMEONE ELSE LIMITED\n");
	set_load();
	supplier_init(&s, "id:1", "Acme Widgets Ltd", NULL);
	s.turnover_pence = 3599999999;
	s.spend_pence = 100000000;      /* £1m spend does not make it likely */
	match(&s, &m);
	ck_assert_int_eq(m.scope, SCOPE_NOT_REQUIRED);
	assert_reason(&m, "under \xC2\xA3" "36 million");
	statement_release(&m);
}
END_TEST

START_TEST(registry_band_under_36m_only_is_not_required)
{
	static const struct org y2022[] = {
		{ .name = "ACME WIDGETS LIMITED", .cn = "01234567", .turnover = BAND_UNDER },
	};
	static const struct org y2023[] = {
		{ .name = "ACME WIDGETS LIMITED", .cn = "01234567", .turnover = BAND_UNDER },
	};
	struct supplier s;
	struct statement m;

	LOAD(2022, y2022);
	LOAD(2023, y2023);
	set_load();
	supplier_init(&s, "id:1", "Acme Widgets Ltd", "01234567");
	match(&s, &m);
	ck_assert_int_eq(m.scope, SCOPE_NOT_REQUIRED);
	assert_reason(&m, BAND_UNDER);
	statement_release(&m);
}
END_TEST

START_TEST(registry_band_over_36m_beats_an_under_band_in_another_year)
{
	static const struct org y2022[] = {
		{ .name = "ACME WIDGETS LIMITED", .cn = "01234567", .turnover = BAND_UNDER },
	};
	static const struct org y2023[] = {
		{ .name = "ACME WIDGETS LIMITED", .cn = "01234567", .turnover = BAND_36_60 },
	};
	struct supplier s;
	struct statement m;

	LOAD(2022, y2022);
	LOAD(2023, y2023);
	set_load();
	supplier_init(&s, "id:1", "Acme Widgets Ltd", "01234567");
	match(&s, &m);
	ck_assert_int_eq(m.scope, SCOPE_REQUIRED);
	assert_reason(&m, "2023 registry");
	statement_release(&m);
}
END_TEST

START_TEST(group_member_is_likely)
{
	struct supplier s;
	struct statement m;

	LOAD(2022, group);
	set_load();
	supplier_init(&s, "id:1", "Acme Care Homes Ltd", "01111111");
	match(&s, &m);
	ck_assert_int_eq(m.scope, SCOPE_LIKELY);
	assert_reason(&m, "Acme Group Holdings plc");
	statement_release(&m);
}
END_TEST

START_TEST(spend_at_the_likely_threshold_is_likely)
{
	struct supplier s;
	struct statement m;

	LOAD(2022, group);
	set_load();
	supplier_init(&s, "id:1", "Beta Support Ltd", "03333333");
	s.spend_pence = ss.likely_spend_pence;
	match(&s, &m);
	ck_assert_int_eq(m.scope, SCOPE_LIKELY);
	assert_reason(&m, "council spend");
	statement_release(&m);

	s.spend_pence = ss.likely_spend_pence - 1;
	match(&s, &m);
	ck_assert_int_eq(m.scope, SCOPE_UNKNOWN);
	assert_reason(&m, "no turnover known");
	statement_release(&m);

	/* a supplier with no statement still gets its scope judged */
	supplier_init(&s, "id:2", "Nobody In Particular Ltd", NULL);
	s.spend_pence = 60000000;
	match(&s, &m);
	ck_assert_int_eq(m.status, STATEMENT_NOT_FOUND);
	ck_assert_int_eq(m.scope, SCOPE_LIKELY);
	statement_release(&m);
}
END_TEST

START_TEST(public_body_is_not_applicable_and_not_required)
{
	/* even a public body that published a statement with a large band */
	static const struct org v[] = {
		{ .name = "DEVON COUNTY COUNCIL", .turnover = BAND_100_500 },
	};
	struct supplier s;
	struct statement m;

	LOAD(2022, v);
	set_load();
	supplier_init(&s, "id:1", "Devon County Council", NULL);
	s.turnover_pence = 100000000000;
	s.spend_pence = 100000000;
	statement_match(rs, &ss, &s, 1, &m);
	ck_assert_int_eq(m.status, STATEMENT_NOT_APPLICABLE);
	ck_assert_str_eq(statement_status_name(m.status), "not applicable");
	ck_assert_ptr_null(m.row);
	ck_assert_int_eq(m.scope, SCOPE_NOT_REQUIRED);
	assert_reason(&m, "public body");
	statement_release(&m);

	/* the same supplier not flagged as a public body is found and required */
	statement_match(rs, &ss, &s, 0, &m);
	assert_matched(&m, "name", "DEVON COUNTY COUNCIL");
	ck_assert_int_eq(m.scope, SCOPE_REQUIRED);
	statement_release(&m);
}
END_TEST

/* --- empty registry ------------------------------------------------------- */

START_TEST(empty_registry_leaves_suppliers_not_checked)
{
	struct supplier s;
	struct statement m;

	set_load();
	ck_assert_uint_eq(registry_set_rows(rs), 0);
	supplier_init(&s, "id:1", "Acme Widgets Ltd", "01234567");
	s.turnover_pence = 5000000000;
	match(&s, &m);
	ck_assert_int_eq(m.status, STATEMENT_NOT_CHECKED);
	ck_assert_str_eq(statement_status_name(m.status), "");
	ck_assert_ptr_null(m.row);
	ck_assert_ptr_null(m.method);
	ck_assert_int_eq(m.months_old, -1);
	ck_assert_int_eq(m.nareas, -1);
	statement_release(&m);

	/* no set at all behaves the same */
	statement_match(NULL, &ss, &s, 0, &m);
	ck_assert_int_eq(m.status, STATEMENT_NOT_CHECKED);
	statement_release(&m);
	ck_assert_uint_eq(registry_set_rows(NULL), 0);
}
END_TEST

/* --- overrides ------------------------------------------------------------ */

static const struct org overridden[] = {
	{ .name = "ACME WIDGETS LIMITED", .cn = "01234567" },
	{ .name = "ZENITH FACILITIES LIMITED", .cn = "07654321" },
	{ .name = "NORTHAMPTON HOMECARE SERVICES LIMITED", .cn = "05555555" },
	{ .name = "XYZ CARE SERVICES LIMITED", .cn = "06666666" },
	{ .name = "BRIGHTWATER CARE SERVICES LIMITED", .cn = "07777777" },
	{ .name = "HOLLYBANK HOME CARE LIMITED", .cn = "08888888" },
};

START_TEST(companies_house_accounts_category_tells_the_s54_duty)
{
	static const struct {
		const char *category;
		enum in_scope want;
		const char *says, *basis;   /* basis: statement.scope_register, the report's */
	} cases[] = {
		{ "MICRO ENTITY", SCOPE_NOT_REQUIRED, "£632,000", "micro accounts" },
		{ "SMALL", SCOPE_NOT_REQUIRED, "turnover £10.2m", "small accounts" },
		{ "TOTAL EXEMPTION FULL", SCOPE_NOT_REQUIRED, "6 April 2025; £15m", "small accounts" },
		{ "UNAUDITED ABRIDGED", SCOPE_NOT_REQUIRED, "small-company limits", "small accounts" },
		{ "TOTAL EXEMPTION SMALL", SCOPE_NOT_REQUIRED, "£6.5m", "small accounts" },
		{ "DORMANT", SCOPE_NOT_REQUIRED, "no trade", "dormant" },
		{ "FULL", SCOPE_UNKNOWN, "are FULL, which leave its size open; no turnover known",
		  NULL },
		{ "GROUP", SCOPE_UNKNOWN, "which leave its size open", NULL },
		{ "MEDIUM", SCOPE_UNKNOWN, "which leave its size open", NULL },
	};
	struct company_facts c;
	struct supplier s;
	struct statement m;
	size_t i;

	set_load();                  /* no registry: the accounts still tell the duty */
	memset(&c, 0, sizeof(c));
	snprintf(c.number, sizeof(c.number), "20000001");
	supplier_init(&s, "id:1", "Acme Widgets Ltd", NULL);
	s.company = &c;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(c.accounts_category, sizeof(c.accounts_category), "%s", cases[i].category);
		match(&s, &m);
		ck_assert_int_eq(m.status, STATEMENT_NOT_CHECKED);
		ck_assert_msg(m.scope == cases[i].want && m.scope_reasons &&
			      strstr(m.scope_reasons, cases[i].says) &&
			      strstr(m.scope_reasons, "Companies House"), "%s: %s (%s)",
			      cases[i].category, in_scope_name(m.scope),
			      m.scope_reasons ? m.scope_reasons : "");
		if (cases[i].basis)
			ck_assert_str_eq(m.scope_register ? m.scope_register : "", cases[i].basis);
		else
			ck_assert_ptr_null(m.scope_register);
		statement_release(&m);
	}
	/* FULL accounts and £500,000 of spend: likely, both said */
	snprintf(c.accounts_category, sizeof(c.accounts_category), "FULL");
	s.spend_pence = 50000000;
	match(&s, &m);
	ck_assert_int_eq(m.scope, SCOPE_LIKELY);
	ck_assert_ptr_nonnull(strstr(m.scope_reasons, "leave its size open; council spend"));
	statement_release(&m);
	/* the supplier master's turnover outranks the accounts category */
	snprintf(c.accounts_category, sizeof(c.accounts_category), "MICRO ENTITY");
	s.turnover_pence = 4000000000;
	match(&s, &m);
	ck_assert_int_eq(m.scope, SCOPE_REQUIRED);
	ck_assert_ptr_null(m.scope_register);    /* the register did not decide */
	statement_release(&m);
	/* without register facts and a registry nothing is judged, as before */
	s.company = NULL;
	match(&s, &m);
	ck_assert_int_eq(m.scope, SCOPE_UNKNOWN);
	ck_assert_ptr_null(m.scope_reasons);
	statement_release(&m);
}
END_TEST

/* Issue 17: a charity's latest income on the Charity Commission register tells its s54 duty. */
START_TEST(charity_register_income_tells_the_s54_duty)
{
	struct charity_facts c;
	struct supplier s;
	struct statement m;

	set_load();                  /* no registry: the income still tells the duty */
	memset(&c, 0, sizeof(c));
	snprintf(c.number, sizeof(c.number), "200001");
	supplier_init(&s, "id:1", "Devon Community Hospice Trust", NULL);
	s.charity = &c;
	c.income = 2345678;
	match(&s, &m);
	ck_assert_int_eq(m.scope, SCOPE_NOT_REQUIRED);
	ck_assert_str_eq(m.scope_register, "charity income");
	ck_assert_msg(strstr(m.scope_reasons, "charity 200001's latest income on the Charity "
			     "Commission register is £2,345,678.00, under £36 million") != NULL,
		      "%s", m.scope_reasons);
	statement_release(&m);
	c.income = 36000000;         /* £36m: the threshold itself */
	match(&s, &m);
	ck_assert_int_eq(m.scope, SCOPE_LIKELY);
	ck_assert_ptr_nonnull(strstr(m.scope_reasons, "when it trades"));
	statement_release(&m);
	c.income = -1;               /* unknown income: nothing judged, as before */
	match(&s, &m);
	ck_assert_int_eq(m.scope, SCOPE_UNKNOWN);
	statement_release(&m);
	/* the supplier master's turnover outranks the register's income */
	c.income = 100000;
	s.turnover_pence = 4000000000;
	match(&s, &m);
	ck_assert_int_eq(m.scope, SCOPE_REQUIRED);
	statement_release(&m);
	s.charity = NULL;
}
END_TEST

START_TEST(override_is_company_number_forces_the_organisation)
{
	struct supplier s;
	struct statement m;

	LOAD(2022, overridden);
	override("id:1", "is", "07654321", "cn:07654321");
	set_load();
	supplier_init(&s, "id:1", "Acme Widgets Ltd", NULL);
	match(&s, &m);
	assert_matched(&m, "override", "ZENITH FACILITIES LIMITED");
	ck_assert(m.confidence == 1.0);
	statement_release(&m);

	/* another supplier with the same name is not affected */
	supplier_init(&s, "id:2", "Acme Widgets Ltd", NULL);
	match(&s, &m);
	assert_matched(&m, "name", "ACME WIDGETS LIMITED");
	statement_release(&m);
}
END_TEST

START_TEST(override_is_beats_the_suppliers_own_company_number)
{
	struct supplier s;
	struct statement m;

	LOAD(2022, overridden);
	override("id:1", "is", "07654321", "cn:07654321");
	set_load();
	supplier_init(&s, "id:1", "Acme Widgets Ltd", "01234567");
	match(&s, &m);
	assert_matched(&m, "override", "ZENITH FACILITIES LIMITED");
	statement_release(&m);
}
END_TEST

START_TEST(override_is_name_forces_the_organisation)
{
	struct supplier s;
	struct statement m;
	char key[256];

	LOAD(2022, overridden);
	name_org_key("Zenith Facilities Ltd", key, sizeof(key));
	ck_assert_str_eq(key, "nm:ZENITH FACILITIES");
	override("nm:ACME WIDGETS", "is", "Zenith Facilities Ltd", key);
	set_load();
	supplier_init(&s, "nm:ACME WIDGETS", "Acme Widgets Ltd", NULL);
	match(&s, &m);
	assert_matched(&m, "override", "ZENITH FACILITIES LIMITED");
	statement_release(&m);
}
END_TEST

START_TEST(override_is_an_organisation_not_in_the_registry_is_not_found)
{
	struct supplier s;
	struct statement m;

	LOAD(2022, overridden);
	override("id:1", "is", "09090909", "cn:09090909");
	set_load();
	supplier_init(&s, "id:1", "Acme Widgets Ltd", "01234567");
	match(&s, &m);
	/* the person said which organisation it is: no other step second-guesses */
	assert_not_found(&m);
	statement_release(&m);
}
END_TEST

struct is_not_case {
	const char *supplier_name, *supplier_cn;
	const char *org, *org_key;
	const char *without;       /* method it matches by without the override */
};

static const struct is_not_case is_not[] = {
	{ "Acme Widgets Ltd", "01234567", "01234567", "cn:01234567", "company number" },
	{ "Acme Widgets Ltd", NULL, "01234567", "cn:01234567", "name" },
	{ "Acme Widgets Ltd", NULL, "Acme Widgets Limited", "nm:ACME WIDGETS", "name" },
	{ "Acme Widgets Ltd", "01234567", "Acme Widgets", "nm:ACME WIDGETS", "company number" },
	{ "NORTHAMPTON HOME CARE SERVICES", NULL, "05555555", "cn:05555555", "fuzzy name" },
	{ "NORTHAMPTON HOME CARE SERVICES", NULL, "Northampton Homecare Services",
	  "nm:NORTHAMPTON HOMECARE SERVICES", "fuzzy name" },
};

START_TEST(override_is_not_removes_the_organisation_from_every_step)
{
	const struct is_not_case *t = &is_not[_i];
	struct supplier s;
	struct statement m;

	LOAD(2022, overridden);
	set_load();
	supplier_init(&s, "id:1", t->supplier_name, t->supplier_cn);
	match(&s, &m);
	ck_assert_msg(m.method && !strcmp(m.method, t->without), "without override: '%s'",
		      m.method ? m.method : "(null)");
	statement_release(&m);

	override("id:1", "is_not", t->org, t->org_key);
	set_load();
	match(&s, &m);
	assert_not_found(&m);
	statement_release(&m);
}
END_TEST

START_TEST(override_is_not_leaves_the_other_organisation_of_an_ambiguous_name)
{
	static const struct org v[] = {
		{ .name = "ACME WIDGETS LIMITED", .cn = "01234567" },
		{ .name = "ACME WIDGETS LIMITED", .cn = "07654321" },
	};
	struct supplier s;
	struct statement m;

	LOAD(2022, v);
	override("id:1", "is_not", "01234567", "cn:01234567");
	set_load();
	supplier_init(&s, "id:1", "Acme Widgets Ltd", NULL);
	match(&s, &m);
	assert_matched(&m, "name", "ACME WIDGETS LIMITED");
	ck_assert_str_eq(m.row->company_number, "07654321");
	statement_release(&m);
}
END_TEST

/* the matching key: name_key() and a trailing bare "UK" */
START_TEST(statement_name_key_drops_a_trailing_uk)
{
	static const struct { const char *in, *out; } cases[] = {
		{ "ARCADIS CONSULTING UK LTD", "ARCADIS CONSULTING" },
		{ "Arcadis Consulting (UK) Limited", "ARCADIS CONSULTING" },
		{ "UK", "UK" },
		{ "UK LTD", "UK" },
		{ "UK Power Networks Ltd", "UK POWER NETWORKS" },
		{ "Duke Ltd", "DUKE" },
		{ "City & Guilds", "CITY AND GUILDS" },
	};
	struct buf b;
	size_t i;

	buf_init(&b, 1024);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		buf_reset(&b);
		ck_assert_int_eq(statement_name_key(cases[i].in, &b), 0);
		ck_assert_str_eq(b.s, cases[i].out);
	}
	buf_release(&b);
}
END_TEST

static Suite *statement_suite(void)
{
	Suite *s = suite_create("statement");
	TCase *tc = tcase_create("core");

#define LOOP(t, table) tcase_add_loop_test(tc, t, 0, (int)(sizeof(table) / sizeof(table[0])))
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, company_number_match_wins_even_when_names_differ);
	tcase_add_test(tc, companies_house_accounts_category_tells_the_s54_duty);
	tcase_add_test(tc, charity_register_income_tells_the_s54_duty);
	tcase_add_test(tc, name_match_across_legal_forms);
	tcase_add_test(tc, name_match_uses_every_name_the_supplier_was_paid_under);
	LOOP(name_match_across_uk_and_ampersand_variants, variants);
	tcase_add_test(tc, registry_row_with_contradicting_company_number_is_not_taken_by_name);
	tcase_add_test(tc, registry_row_without_company_number_is_taken_by_name);
	LOOP(same_name_with_two_company_numbers_is_ambiguous, ambiguous_ends);
	tcase_add_test(tc, same_name_with_two_company_numbers_is_ambiguous_across_years);
	tcase_add_test(tc, same_name_is_not_ambiguous_when_the_supplier_has_a_number);
	tcase_add_test(tc, supplier_named_like_a_group_parent_matches_by_parent_name);
	tcase_add_test(tc, group_member_matched_by_name_is_via_group);
	tcase_add_test(tc, parent_with_its_own_row_matches_by_name_not_parent);
	tcase_add_test(tc, near_name_matches_by_fuzzy_name);
	tcase_add_test(tc, names_sharing_only_common_words_do_not_match);
	tcase_add_test(tc, fuzzy_match_skips_a_contradicting_company_number);
	tcase_add_test(tc, newest_statement_wins_across_registry_years);
	tcase_add_test(tc, reloading_a_year_replaces_its_snapshot);
	tcase_add_test(tc, details_fetch_the_report_text_of_a_matched_row);
	LOOP(statement_is_stale_after_eighteen_months, ages);
	tcase_add_test(tc, stale_months_setting_moves_the_boundary);
	tcase_add_test(tc, status_names_are_as_documented);
	tcase_add_test(tc, settings_init_sets_the_documented_defaults);
	tcase_add_test(tc, nareas_counts_the_areas_answered_yes);
	tcase_add_test(tc, nareas_is_unknown_without_area_columns);
	tcase_add_test(tc, missing_areas_lists_the_areas_not_covered);
	tcase_add_test(tc, missing_areas_leaves_out_unknown_columns);
	tcase_add_test(tc, approved_from_approver_or_date);
	tcase_add_test(tc, turnover_band_of_36m_or_more_in_any_year_is_required);
	tcase_add_test(tc, turnover_band_counts_for_a_name_match_without_company_numbers);
	tcase_add_test(tc, turnover_band_in_an_earlier_year_counts_for_a_group_member);
	tcase_add_test(tc, supplier_master_turnover_of_36m_is_required);
	tcase_add_test(tc, supplier_master_turnover_under_36m_is_not_required);
	tcase_add_test(tc, registry_band_under_36m_only_is_not_required);
	tcase_add_test(tc, registry_band_over_36m_beats_an_under_band_in_another_year);
	tcase_add_test(tc, group_member_is_likely);
	tcase_add_test(tc, spend_at_the_likely_threshold_is_likely);
	tcase_add_test(tc, public_body_is_not_applicable_and_not_required);
	tcase_add_test(tc, empty_registry_leaves_suppliers_not_checked);
	tcase_add_test(tc, override_is_company_number_forces_the_organisation);
	tcase_add_test(tc, override_is_beats_the_suppliers_own_company_number);
	tcase_add_test(tc, override_is_name_forces_the_organisation);
	tcase_add_test(tc, statement_name_key_drops_a_trailing_uk);
	tcase_add_test(tc, override_is_an_organisation_not_in_the_registry_is_not_found);
	LOOP(override_is_not_removes_the_organisation_from_every_step, is_not);
	tcase_add_test(tc, override_is_not_leaves_the_other_organisation_of_an_ambiguous_name);
#undef LOOP
	tcase_set_timeout(tc, 30);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(statement_suite)
