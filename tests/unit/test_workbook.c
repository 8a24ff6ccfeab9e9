#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chainwatch/flags.h"
#include "chainwatch/reference.h"
#include "chainwatch/risk.h"
#include "chainwatch/workbook.h"
#include "chainwatch/xalloc.h"
#include "chainwatch/xlsxread.h"
#include "testutil.h"

static char tmpdir[64];

static void setup(void)
{
	strcpy(tmpdir, "/tmp/cw-workbook-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	ck_assert_int_eq(system(cmd), 0);
}

static char *path_in(const char *name, char *out, size_t outsz)
{
	snprintf(out, outsz, "%s/%s", tmpdir, name);
	return out;
}

/* A whole file into memory; NULL if unreadable. */
static char *slurp(const char *path, size_t *n)
{
	FILE *fp = fopen(path, "rb");
	char *s = NULL;
	long len;

	if (!fp)
		return NULL;
	if (fseek(fp, 0, SEEK_END) == 0 && (len = ftell(fp)) >= 0 && fseek(fp, 0, SEEK_SET) == 0) {
		s = malloc((size_t)len + 1);
		*n = fread(s, 1, (size_t)len, fp);
	}
	fclose(fp);
	return s;
}

/* A fixed report: what one small monthly scan would produce. */
struct fixture {
	struct scan_report r;
	struct input_stats in[2];
	struct supplier s[4];
	const char *names[4][3], *ids[4][1];
	struct supplier *list[4];
	struct rejection rj[3];
	char longname[40000];
};

static struct fixture fx;

static void fixture_build(void)
{
	struct scan_report *r = &fx.r;
	size_t i;

	memset(&fx, 0, sizeof(fx));
	strcpy(r->run.id, "testshire-2025-12-0a1b2c3d");
	r->run.council = "Testshire County Council";
	r->run.period = "2025-12";
	r->run.tool_version = "0.1.0";
	r->run.started = 1767225600;    /* 2026-01-01T00:00:00Z */
	r->run.finished = 1767225642;

	fx.in[0].kind = INPUT_SPEND;
	fx.in[0].path = "data/spend-2025-12.csv";
	strcpy(fx.in[0].sha256, "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
	fx.in[0].encoding = ENC_CP1252;
	fx.in[0].header_line = 3;
	fx.in[0].profile = "auto";
	fx.in[0].records = 10;
	fx.in[0].accepted = 6;
	fx.in[0].skipped = 1;
	fx.in[0].skipped_blank = 1;
	fx.in[0].rejected = 3;
	fx.in[0].redacted = 1;
	fx.in[0].accepted_pence = 123456789;
	fx.in[0].redacted_pence = 50000;
	fx.in[1].kind = INPUT_SUPPLIERS;
	fx.in[1].path = "data/suppliers.csv";
	strcpy(fx.in[1].sha256, "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752");
	fx.in[1].encoding = ENC_UTF8_BOM;
	fx.in[1].header_line = 1;
	fx.in[1].profile = "agresso";
	fx.in[1].records = 5;
	fx.in[1].accepted = 4;    /* does not reconcile: one record unaccounted for */
	r->inputs = fx.in;
	r->ninputs = 2;

	for (i = 0; i < 4; i++) {
		fx.s[i].names = (char **)fx.names[i];
		fx.s[i].ids = (char **)fx.ids[i];
	}
	fx.s[0].key = "id:00123";
	fx.s[0].name = "=1+1";
	fx.s[0].names[0] = "=1+1";
	fx.s[0].names[1] = "=HYPERLINK(\"http://x\")";
	fx.s[0].nnames = 2;
	fx.s[0].ids[0] = "00123";
	fx.s[0].nids = 1;
	strcpy(fx.s[0].company_number, "01234567");
	strcpy(fx.s[0].vat, "GB123456789");
	fx.s[0].spend_pence = 100000000;
	fx.s[0].transactions = 3;
	fx.s[0].in_master = 1;
	fx.s[0].match = "supplier id";
	fx.s[0].country = "United Kingdom";

	fx.s[1].key = "nm:CAFE ELAN";
	fx.s[1].name = "Caf\xc3\xa9 \xc3\x89lan \xe2\x80\x94 \"caf\xc3\xa9s\", bars & <grills>";
	fx.s[1].names[0] = fx.s[1].name;
	fx.s[1].nnames = 1;
	fx.s[1].spend_pence = 2345678;
	fx.s[1].transactions = 2;

	/* bad UTF-8, control characters and an Excel escape lookalike */
	fx.s[2].key = "nm:BROKEN";
	fx.s[2].name = "Bad \xff\xfe bytes\x01\x1b and _x0041_ here\r\nline two";
	fx.s[2].names[0] = "+44 123";
	fx.s[2].names[1] = "-5 Ltd";
	fx.s[2].names[2] = "@home";
	fx.s[2].nnames = 3;
	fx.s[2].spend_pence = -5000;
	fx.s[2].transactions = 1;

	memset(fx.longname, 'A', sizeof(fx.longname) - 1);
	fx.s[3].key = "nm:LONG";
	fx.s[3].name = fx.longname;
	fx.s[3].spend_pence = 0;
	for (i = 0; i < 4; i++)
		fx.list[i] = &fx.s[i];
	r->suppliers = fx.list;
	r->nsuppliers = 4;

	fx.rj[0].file = fx.in[0].path;
	fx.rj[0].line = 17;
	fx.rj[0].reason = "amount '\xc2\xa3" "1,2x4.00' is not a number";
	fx.rj[0].raw = "17/12/2025,ACME,\xc2\xa3" "1,2x4.00";
	fx.rj[1].file = fx.in[0].path;
	fx.rj[1].line = 18;
	fx.rj[1].reason = "date '31/02/2025' does not exist";
	fx.rj[1].raw = "=cmd|' /C calc'!A0,31/02/2025";
	r->rejections = fx.rj;
	r->nrejections = 2;
	r->rejections_total = 3;
	r->spend_pence = 123456789;
	r->redacted_pence = 50000;
	r->redacted_rows = 1;
	r->first_date = 20251201;
	r->last_date = 20251231;
}

/*
 * An assessed report, as a December scan of a county council would give:
 * suppliers of every tier, flags of every kind, scored by the real model
 * against the shipped reference data, in priority order.
 */
struct assessed {
	struct scan_report r;
	struct reference *ref;
	struct input_stats in[1];
	struct supplier s[20];
	char *names[20][1];
	struct spend_part parts[20];
	struct supplier *list[20];
	struct assessment a[20];
	size_t n;
};

static struct assessed ax;

static const struct {
	const char *name, *expense, *sic, *country;
	int64_t pence;
} assessed_suppliers[] = {
	{ "Abbey Care Ltd", "Personal Care Block", NULL, NULL, 124567890 },
	{ "Sparkle Cleaning Services Ltd", "Cleaning Services", "81210", "United Kingdom", 32000000 },
	{ "Shield Gloves Sdn Bhd", NULL, "32500", "Malaysia", 4800000 },
	{ "Kier Highways Ltd", "Infra REP constr - Main contract", NULL, NULL, 230000000 },
	{ "Devon Taxis", NULL, NULL, NULL, 1850000 },
	{ "Northgate Software Ltd", "IT Software", NULL, NULL, 50000000 },
	{ "Meridian Holdings Ltd", NULL, NULL, NULL, 8000000 },
	{ "Smart Uniforms Ltd", "Uniforms", NULL, NULL, 1275050 },
	{ "=1+1", NULL, NULL, NULL, 120000 },
	{ "Furniture World", "Furniture", NULL, NULL, 2600000 },
	{ "Acme Solicitors LLP", NULL, NULL, NULL, 1500000 },
	{ "Green Grounds Ltd", "Grounds Maintenance", NULL, NULL, 9900000 },
	{ "City Catering Ltd", "Catering", NULL, NULL, 4400000 },
	{ "Secure Guarding Ltd", "Security Services", NULL, NULL, 3100000 },
	{ "Fast Recruitment Ltd", "External Agency Staff", NULL, NULL, 6700000 },
	{ "Royal Mail Group Ltd", "Postages", NULL, NULL, 2200000 },
	{ "Cafe \xc3\x89lan \xe2\x80\x94 \"bars\" & <grills>", "Catering", NULL, NULL, 350000 },
};

static int assessed_by_priority(const void *x, const void *y)
{
	size_t i = *(const size_t *)x, j = *(const size_t *)y;

	if (ax.a[i].priority != ax.a[j].priority)
		return ax.a[i].priority > ax.a[j].priority ? -1 : 1;
	return strcmp(ax.s[i].key, ax.s[j].key);
}

/*
 * Registry results for the first suppliers, one of each status, so the
 * Statements sheet and the statement flags are written (the matching
 * itself is test_statement's).
 */
static const struct registry_row statement_row = {
	.year = 2022, .org_name = "ACME CARE LIMITED", .company_number = "01234567",
	.parent_name = "ACME HOLDINGS PLC", .group = 1, .statement_id = "MqEPLsZH",
	.statement_url = "https://example.org/msa.pdf",
	.summary_url = "https://modern-slavery-statement-registry.service.gov.uk/statement-summary/MqEPLsZH/2022",
	.period_start = 20210101, .period_end = 20211231, .approver = "A Director (CEO)",
	.approved = 20220126, .areas = 0x1f, .areas_known = 0x3f,
	.turnover = TURNOVER_OVER_500M, .sector_type = "Private", .line = 2,
};
static struct registry_snapshot statement_snapshot = {
	.year = 2022, .source = "StatementSummaries2022.csv", .sha256 = "00", .rows = 282,
	.statements = 90, .loaded = "2026-01-01T00:00:00Z",
};

/* One bid to investigate on the first supplier, so the Tenders sheet and its flag are written. */
static struct bid tender_bid;
static struct alt_bid tender_alt;

static void tender_build(void)
{
	size_t k;

	memset(&tender_bid, 0, sizeof(tender_bid));
	tender_bid.tender_id = "DCC-T-25-122";
	tender_bid.lot = "";
	tender_bid.title = "School meals";
	tender_bid.tender_date = 20260126;
	tender_bid.bidder = (char *)ax.s[0].name;
	tender_bid.supplier_id = "";
	tender_bid.price_pence = 96200000;
	tender_bid.estimate_pence = 145000000;
	tender_bid.valid = 1;
	tender_bid.awarded = -1;
	tender_bid.source = "bids.csv:27";
	memset(&tender_alt, 0, sizeof(tender_alt));
	tender_alt.bid = &tender_bid;
	tender_alt.rank = 1;
	tender_alt.nvalid = 4;
	for (k = 0; k < ALT__COUNT; k++)
		alt_set(&tender_alt.r[k], ALT_PASS, 0, 0, -1, "pass");
	alt_set(&tender_alt.r[ALT_E1], ALT_RED, 0.337, 0.25, 123250001, "d_E = 33.7%%");
	alt_set(&tender_alt.r[ALT_L1], ALT_NOT_ASSESSABLE, 0, 0, -1, "no labour hours");
	alt_decide(&tender_alt, 1);
	risk_apply_tenders(&ax.a[0], (const struct alt_bid *[]){ &tender_alt }, 1);
	ax.r.tenders = &tender_alt;
	ax.r.ntenders = 1;
}

static void statements_build(void)
{
	static const enum statement_status st[] = {
		STATEMENT_NOT_FOUND, STATEMENT_STALE, STATEMENT_CURRENT, STATEMENT_AMBIGUOUS,
		STATEMENT_NOT_APPLICABLE,
	};
	size_t i;

	for (i = 0; i < ax.n; i++) {
		struct statement *sm = &ax.a[i].statement;

		sm->status = i < sizeof(st) / sizeof(st[0]) ? st[i] : STATEMENT_NOT_FOUND;
		sm->scope = i == 0 ? SCOPE_REQUIRED : i < 3 ? SCOPE_LIKELY : SCOPE_UNKNOWN;
		sm->scope_reasons = xstrdup("turnover band 'Over \xc2\xa3" "500 million' on the "
					    "2022 registry");
		sm->years_searched_from = sm->years_searched_to = 2022;
		sm->months_old = -1;
		sm->nareas = -1;
		if (sm->status == STATEMENT_STALE || sm->status == STATEMENT_CURRENT) {
			sm->row = &statement_row;
			sm->method = "company number";
			sm->confidence = 1.0;
			sm->via_group = 1;
			sm->nareas = 5;
			sm->approved = 1;
			sm->months_old = sm->status == STATEMENT_STALE ? 30 : 6;
		}
		if (sm->status == STATEMENT_AMBIGUOUS)
			sm->candidates = xstrdup("ABC CLEANING LIMITED (11111111) 0.82; ABC CLEANING "
						 "LIMITED (22222222) 0.82");
	}
	ax.r.registry = &statement_snapshot;
	ax.r.nregistry = 1;
	tender_build();
}

/* A supplier the Companies House register says is in liquidation: the company_not_active flag. */
static struct company_facts ax_company = {
	.number = "10000014", .name = "PHOENIX LIMITED", .status = "Liquidation",
	.method = "exact name", .confidence = 1.0, .incorporated = 20100401,
};

static void assessed_build(void)
{
	struct flag_settings fs;
	struct assessment tmp[20];
	size_t order[20], i;
	struct diag err;

	memset(&ax, 0, sizeof(ax));
	diag_init(&err);
	ck_assert_msg(reference_load("sectors", &ax.ref, &err) == 0, "%s", err.msg);
	fixture_build();
	ax.r = fx.r;
	ax.n = sizeof(assessed_suppliers) / sizeof(assessed_suppliers[0]);
	for (i = 0; i < ax.n; i++) {
		struct supplier *sp = &ax.s[i];

		sp->name = (char *)assessed_suppliers[i].name;
		sp->names = ax.names[i];
		sp->names[0] = sp->name;
		sp->nnames = 1;
		sp->key = sp->name;
		sp->spend_pence = assessed_suppliers[i].pence;
		sp->transactions = 1 + i % 5;
		sp->sic = (char *)assessed_suppliers[i].sic;
		sp->country = (char *)assessed_suppliers[i].country;
		sp->in_master = sp->sic != NULL;
		sp->match = sp->in_master ? "name" : NULL;
		sp->turnover_pence = -1;
		sp->company = i == 0 ? &ax_company : NULL;
		if (assessed_suppliers[i].expense) {
			ax.parts[i].label = (char *)assessed_suppliers[i].expense;
			ax.parts[i].pence = sp->spend_pence;
			ax.parts[i].n = sp->transactions;
			sp->expense = &ax.parts[i];
			sp->nexpense = 1;
		}
		risk_assess(ax.ref, sp, &tmp[i]);
		ax.a[i] = tmp[i];
		order[i] = i;
	}
	qsort(order, ax.n, sizeof(order[0]), assessed_by_priority);
	for (i = 0; i < ax.n; i++) {
		ax.list[i] = &ax.s[order[i]];
		tmp[i] = ax.a[order[i]];
	}
	memcpy(ax.a, tmp, sizeof(tmp));
	ax.r.suppliers = ax.list;
	ax.r.nsuppliers = ax.n;
	ax.r.spend_pence = 0;
	for (i = 0; i < ax.n; i++)
		ax.r.spend_pence += ax.s[i].spend_pence;
	ax.r.assessments = ax.a;
	ax.r.reference = ax.ref;
	statements_build();
	flag_settings_init(&fs);
	ax.r.nflags = flags_raise(&fs, ax.list, ax.a, ax.n, "2025-12", &ax.r.flags, 0);
	if (ax.r.nflags > 1)
		snprintf(ax.r.flags[1].review_status, sizeof(ax.r.flags[1].review_status),
			 "under review");
	ax.in[0] = fx.in[0];
	ax.r.inputs = ax.in;
	ax.r.ninputs = 1;
	report_totals_compute(&ax.r, &ax.r.totals);
}

static void assessed_release(void)
{
	size_t i;

	for (i = 0; i < ax.n; i++)
		assessment_release(&ax.a[i]);
	for (i = 0; i < ax.r.nflags; i++)
		flag_release(&ax.r.flags[i]);
	free(ax.r.flags);
	report_totals_release(&ax.r.totals);
	for (i = 0; i < ALT__COUNT; i++)
		free(tender_alt.r[i].text);
	reference_free(ax.ref);
}

START_TEST(riskbook_write_assessed_report_is_byte_identical)
{
	struct diag err;
	char p1[128], p2[128];
	size_t n1 = 0, n2 = 0, kinds[FLAG__COUNT] = { 0 }, tiers[4] = { 0 }, i;
	char *b1, *b2;

	assessed_build();
	/* the fixture covers what the workbook must show */
	for (i = 0; i < ax.r.nflags; i++)
		kinds[ax.r.flags[i].kind]++;
	for (i = 0; i < ax.n; i++)
		tiers[ax.a[i].tier]++;
	for (i = 0; i < FLAG__COUNT; i++)
		ck_assert_msg(kinds[i] > 0, "no flag of kind %s", flag_kind_name((enum flag_kind)i));
	for (i = 0; i < 4; i++)
		ck_assert_msg(tiers[i] > 0, "no supplier in tier %s", tier_name((enum tier)i));
	diag_init(&err);
	path_in("one.xlsx", p1, sizeof(p1));
	path_in("two.xlsx", p2, sizeof(p2));
	ck_assert_msg(riskbook_write(p1, &ax.r, &err) == 0, "%s", err.msg);
	sleep(1);
	ck_assert_msg(riskbook_write(p2, &ax.r, &err) == 0, "%s", err.msg);
	b1 = slurp(p1, &n1);
	b2 = slurp(p2, &n2);
	ck_assert_ptr_nonnull(b1);
	ck_assert_ptr_nonnull(b2);
	ck_assert_uint_eq(n1, n2);
	ck_assert_int_eq(memcmp(b1, b2, n1), 0);
	free(b1);
	free(b2);
	assessed_release();
}
END_TEST

/* Every sheet, in order, and the parts a reviewer relies on, straight from the zip. */
START_TEST(riskbook_write_assessed_report_has_sheets_charts_and_validation)
{
	static const char *const want[] = {
		"name=\"Read me\"", "name=\"Summary\"", "name=\"Suppliers\"", "name=\"Flags\"",
		"name=\"Data quality\"", "name=\"Rejected rows\"", "name=\"Reference\"",
	};
	struct diag err;
	char path[128], cmd[512], *out;
	const char *at;
	size_t n = 0, i;

	assessed_build();
	diag_init(&err);
	path_in("book.xlsx", path, sizeof(path));
	ck_assert_msg(riskbook_write(path, &ax.r, &err) == 0, "%s", err.msg);
	snprintf(cmd, sizeof(cmd), "cd '%s' && unzip -o -q book.xlsx -d x && cat x/xl/workbook.xml "
		 "x/xl/worksheets/sheet4.xml x/xl/charts/chart*.xml > all.txt", tmpdir);
	if (system(cmd) != 0) {
		assessed_release();
		return;    /* no unzip: the CLI check (openpyxl) covers this */
	}
	path_in("all.txt", path, sizeof(path));
	out = slurp(path, &n);
	ck_assert_ptr_nonnull(out);
	out[n] = '\0';
	for (at = out, i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		at = strstr(at, want[i]);
		ck_assert_msg(at != NULL, "sheet %s missing or out of order", want[i]);
	}
	ck_assert_ptr_nonnull(strstr(out, "<dataValidation type=\"list\""));
	ck_assert_ptr_nonnull(strstr(out, "\"open,under review,cleared,action plan,escalated,"
				      "referred\""));
	ck_assert_ptr_nonnull(strstr(out, "<dataValidation type=\"date\""));
	ck_assert_ptr_nonnull(strstr(out, "<c:pieChart>"));
	ck_assert_ptr_nonnull(strstr(out, "<c:barChart>"));
	ck_assert_ptr_nonnull(strstr(out, "Summary!$B$"));
	free(out);
	assessed_release();
}
END_TEST

START_TEST(riskbook_write_makes_a_zip_file)
{
	struct diag err;
	char path[128];
	size_t n = 0;
	char *bytes;

	fixture_build();
	diag_init(&err);
	path_in("book.xlsx", path, sizeof(path));
	ck_assert_msg(riskbook_write(path, &fx.r, &err) == 0, "%s", err.msg);
	bytes = slurp(path, &n);
	ck_assert_ptr_nonnull(bytes);
	ck_assert_uint_gt(n, 1000);
	ck_assert_int_eq(memcmp(bytes, "PK\x03\x04", 4), 0);
	free(bytes);
}
END_TEST

START_TEST(riskbook_write_is_byte_identical_for_the_same_report)
{
	struct diag err;
	char p1[128], p2[128];
	size_t n1 = 0, n2 = 0;
	char *b1, *b2;

	fixture_build();
	diag_init(&err);
	path_in("one.xlsx", p1, sizeof(p1));
	path_in("two.xlsx", p2, sizeof(p2));
	ck_assert_int_eq(riskbook_write(p1, &fx.r, &err), 0);
	sleep(2);    /* a clock leak would show up as a different second */
	ck_assert_int_eq(riskbook_write(p2, &fx.r, &err), 0);
	b1 = slurp(p1, &n1);
	b2 = slurp(p2, &n2);
	ck_assert_ptr_nonnull(b1);
	ck_assert_ptr_nonnull(b2);
	ck_assert_uint_eq(n1, n2);
	ck_assert_int_eq(memcmp(b1, b2, n1), 0);
	free(b1);
	free(b2);
}
END_TEST

START_TEST(riskbook_write_changes_with_the_run_start_time)
{
	struct diag err;
	char p1[128], p2[128];
	size_t n1 = 0, n2 = 0;
	char *b1, *b2;

	fixture_build();
	diag_init(&err);
	path_in("one.xlsx", p1, sizeof(p1));
	path_in("two.xlsx", p2, sizeof(p2));
	ck_assert_int_eq(riskbook_write(p1, &fx.r, &err), 0);
	fx.r.run.started += 86400;
	ck_assert_int_eq(riskbook_write(p2, &fx.r, &err), 0);
	b1 = slurp(p1, &n1);
	b2 = slurp(p2, &n2);
	ck_assert(n1 != n2 || memcmp(b1, b2, n1) != 0);
	free(b1);
	free(b2);
}
END_TEST

START_TEST(riskbook_write_handles_an_empty_report)
{
	struct scan_report r;
	struct diag err;
	char path[128];
	struct stat st;

	memset(&r, 0, sizeof(r));
	r.run.started = 1767225600;
	diag_init(&err);
	path_in("empty.xlsx", path, sizeof(path));
	ck_assert_msg(riskbook_write(path, &r, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(stat(path, &st), 0);
}
END_TEST

START_TEST(riskbook_write_fails_in_a_missing_directory)
{
	struct diag err;
	char path[128], want[256];

	fixture_build();
	diag_init(&err);
	path_in("no/such/dir/book.xlsx", path, sizeof(path));
	ck_assert_int_eq(riskbook_write(path, &fx.r, &err), -1);
	ck_assert_int_eq(err.code, CW_OUTPUT);
	snprintf(want, sizeof(want), "cannot write '%s': No such file or directory", path);
	ck_assert_str_eq(err.msg, want);
}
END_TEST

/* The first rows of a sheet as read back by the xlsx reader: text per (row, column). */
#define GRID_ROWS 40
#define GRID_COLS 40
struct grid {
	char *cell[GRID_ROWS + 1][GRID_COLS];
	int newline;             /* some cell's text has a line break */
};

static int grid_cell(void *ctx, const struct xlsx_cell *c, struct diag *err)
{
	struct grid *g = ctx;

	(void)err;
	if (memchr(c->text, '\n', c->len))
		g->newline = 1;
	if (c->row <= GRID_ROWS && c->col < GRID_COLS && !g->cell[c->row][c->col])
		g->cell[c->row][c->col] = xstrdup(c->text);
	return 0;
}

static void grid_read(const char *path, const char *sheet, struct grid *g)
{
	struct diag err;

	memset(g, 0, sizeof(*g));
	diag_init(&err);
	ck_assert_msg(xlsx_read(path, sheet, NULL, grid_cell, g, &err) == 0, "%s", err.msg);
}

static int grid_col(const struct grid *g, const char *title)
{
	int c;

	for (c = 0; c < GRID_COLS; c++)
		if (g->cell[1][c] && !strcmp(g->cell[1][c], title))
			return c;
	ck_abort_msg("no column '%s'", title);
	return -1;
}

static void grid_free(struct grid *g)
{
	size_t r, c;

	for (r = 0; r <= GRID_ROWS; r++)
		for (c = 0; c < GRID_COLS; c++)
			free(g->cell[r][c]);
}

static int tier_rank(const char *t)
{
	return !t ? 0 : !strcmp(t, "High") ? 3 : !strcmp(t, "Medium") ? 2 : !strcmp(t, "Low") ? 1 : 0;
}

/* Issue 18: the Suppliers sheet is a working list, the Flags sheet agrees with the tiers. */
START_TEST(riskbook_write_suppliers_is_a_working_list_and_flags_agree_with_tiers)
{
	struct supplier_review rv;
	struct grid g;
	struct diag err;
	char path[128];
	int key, owner, status, action, tier, reasons, kind, sev, row, found = 0;

	assessed_build();
	memset(&rv, 0, sizeof(rv));
	rv.supplier_key = (char *)ax.list[0]->key;
	rv.owner = "P. Okafor";
	rv.status = "action plan";
	rv.next_action = "=ask for the MSAT";
	rv.due_date = 20260331;
	rv.note = "";
	ax.r.supplier_reviews = &rv;
	ax.r.nsupplier_reviews = 1;
	diag_init(&err);
	path_in("list.xlsx", path, sizeof(path));
	ck_assert_msg(riskbook_write(path, &ax.r, &err) == 0, "%s", err.msg);

	grid_read(path, "Suppliers", &g);
	ck_assert_str_eq(g.cell[1][0], "Supplier");
	ck_assert_str_eq(g.cell[1][1], "Tier");
	ck_assert_msg(!g.newline, "a Suppliers cell has a line break");
	key = grid_col(&g, "Supplier key");
	owner = grid_col(&g, "Owner");
	status = grid_col(&g, "Status");
	action = grid_col(&g, "Next action");
	reasons = grid_col(&g, "Reasons in full");
	ck_assert_int_lt(owner, key);      /* the review before the identity */
	for (row = 2; row <= GRID_ROWS && g.cell[row][0]; row++) {
		ck_assert_ptr_nonnull(g.cell[row][reasons]);
		if (strcmp(g.cell[row][key], ax.list[0]->key) != 0) {
			ck_assert_ptr_null(g.cell[row][status]);    /* not reviewed yet: blank */
			continue;
		}
		found = 1;
		ck_assert_str_eq(g.cell[row][owner], "P. Okafor");
		ck_assert_str_eq(g.cell[row][status], "action plan");
		ck_assert_str_eq(g.cell[row][action], "=ask for the MSAT");   /* text, not a formula */
	}
	ck_assert_msg(found, "the reviewed supplier is not on the sheet");
	grid_free(&g);

	grid_read(path, "Flags", &g);
	tier = grid_col(&g, "Tier");
	kind = grid_col(&g, "Kind");
	sev = grid_col(&g, "Severity");
	for (row = 2; row <= GRID_ROWS && g.cell[row][0]; row++) {
		ck_assert_msg(strchr(g.cell[row][kind], '_') == NULL, "kind '%s' is an id",
			      g.cell[row][kind]);
		ck_assert_msg(tier_rank(g.cell[row][sev]) >= tier_rank(g.cell[row][tier]),
			      "row %d: a %s-tier supplier's flag shown %s", row, g.cell[row][tier],
			      g.cell[row][sev]);
	}
	grid_free(&g);
	assessed_release();
}
END_TEST

static Suite *workbook_suite(void)
{
	Suite *s = suite_create("workbook");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 30);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, riskbook_write_makes_a_zip_file);
	tcase_add_test(tc, riskbook_write_is_byte_identical_for_the_same_report);
	tcase_add_test(tc, riskbook_write_changes_with_the_run_start_time);
	tcase_add_test(tc, riskbook_write_handles_an_empty_report);
	tcase_add_test(tc, riskbook_write_fails_in_a_missing_directory);
	tcase_add_test(tc, riskbook_write_assessed_report_is_byte_identical);
	tcase_add_test(tc, riskbook_write_assessed_report_has_sheets_charts_and_validation);
	tcase_add_test(tc, riskbook_write_suppliers_is_a_working_list_and_flags_agree_with_tiers);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(workbook_suite)
