#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chainwatch/registry.h"
#include "testutil.h"

/*
 * A sink that keeps copies of what the reader hands it: the row strings
 * are valid only during the callback.
 */
struct got_row {
	int year;
	char org[256], cn[16], parent[256], sid[128], url[256], summary[256], approver[128],
		sector[32], updated[64];
	int group;
	int32_t start, end, approved;
	unsigned areas, areas_known;
	enum turnover_band turnover;
	unsigned long line;
};

struct got_reject {
	unsigned long line;
	char reason[200];
};

#define KEEP 16

struct collect {
	struct got_row rows[KEEP];
	size_t nrows;              /* rows delivered, kept or not */
	struct got_reject rej[KEEP];
	size_t nrej;
	size_t stop_after;         /* row callback fails on this row (1-based); 0 never */
};

static void copy(char *dst, size_t n, const char *s)
{
	ck_assert_ptr_nonnull(s);
	snprintf(dst, n, "%s", s);
}

static int on_row(void *ctx, const struct registry_row *r, struct diag *err)
{
	struct collect *c = ctx;
	struct got_row *g;

	if (c->stop_after && c->nrows + 1 == c->stop_after)
		return diag_set(err, CW_OUTPUT, "sink full at line %lu", r->line);
	if (c->nrows < KEEP) {
		g = &c->rows[c->nrows];
		g->year = r->year;
		copy(g->org, sizeof(g->org), r->org_name);
		copy(g->cn, sizeof(g->cn), r->company_number);
		copy(g->parent, sizeof(g->parent), r->parent_name);
		copy(g->sid, sizeof(g->sid), r->statement_id);
		copy(g->url, sizeof(g->url), r->statement_url);
		copy(g->summary, sizeof(g->summary), r->summary_url);
		copy(g->approver, sizeof(g->approver), r->approver);
		copy(g->sector, sizeof(g->sector), r->sector_type);
		copy(g->updated, sizeof(g->updated), r->last_updated);
		g->group = r->group;
		g->start = r->period_start;
		g->end = r->period_end;
		g->approved = r->approved;
		g->areas = r->areas;
		g->areas_known = r->areas_known;
		g->turnover = r->turnover;
		g->line = r->line;
	}
	c->nrows++;
	return 0;
}

static void on_reject(void *ctx, unsigned long line, const char *reason)
{
	struct collect *c = ctx;

	if (c->nrej < KEEP) {
		c->rej[c->nrej].line = line;
		copy(c->rej[c->nrej].reason, sizeof(c->rej[c->nrej].reason), reason);
	}
	c->nrej++;
}

static int read_n(const char *p, size_t n, struct collect *c, struct registry_file *f,
		  struct diag *err)
{
	struct registry_sink sink = { on_row, on_reject, c };
	size_t stop_after = c->stop_after;

	memset(c, 0, sizeof(*c));
	c->stop_after = stop_after;
	diag_init(err);
	return registry_read_mem(p, n, "StatementSummaries.csv", &sink, f, err);
}

static int read_str(const char *csv, struct collect *c, struct registry_file *f,
		    struct diag *err)
{
	return read_n(csv, strlen(csv), c, f, err);
}

/* Read a file that must be accepted whole; checks the counters add up. */
static void read_ok(const char *csv, struct collect *c, struct registry_file *f)
{
	struct diag err;

	c->stop_after = 0;
	ck_assert_msg(read_str(csv, c, f, &err) == 0, "read failed: %s", err.msg);
	ck_assert_int_eq(err.code, CW_OK);
	ck_assert_uint_eq(f->records, f->accepted + f->rejected + f->blank);
	ck_assert_uint_eq(f->accepted, c->nrows);
	ck_assert_uint_eq(f->rejected, c->nrej);
}

/* --- columns -------------------------------------------------------------- */

START_TEST(columns_are_mapped_by_header_name_in_any_order)
{
	static const char csv[] =
		"Unknown1,CompanyNumber,OrganisationName,Whatever,StatementYear,ParentName,More\n"
		"x,01234567,Acme Widgets Ltd,y,2022,Acme Holdings plc,z\n"
		"a,,Beta Care Ltd,b,2023,,c\n";
	struct collect c;
	struct registry_file f;

	read_ok(csv, &c, &f);
	ck_assert_uint_eq(f.accepted, 2);
	ck_assert_int_eq(f.columns, 7);
	ck_assert_int_eq(c.rows[0].year, 2022);
	ck_assert_str_eq(c.rows[0].org, "Acme Widgets Ltd");
	ck_assert_str_eq(c.rows[0].cn, "01234567");
	ck_assert_str_eq(c.rows[0].parent, "Acme Holdings plc");
	ck_assert_int_eq(c.rows[1].year, 2023);
	ck_assert_str_eq(c.rows[1].org, "Beta Care Ltd");
	ck_assert_str_eq(c.rows[1].cn, "");
	ck_assert_str_eq(c.rows[1].parent, "");
}
END_TEST

START_TEST(header_names_ignore_case_and_surrounding_spaces)
{
	static const char csv[] = " statementyear ,ORGANISATIONNAME,companynumber\n"
				  "2022,Acme Ltd,2826929\n";
	struct collect c;
	struct registry_file f;

	read_ok(csv, &c, &f);
	ck_assert_uint_eq(f.accepted, 1);
	ck_assert_int_eq(c.rows[0].year, 2022);
	ck_assert_str_eq(c.rows[0].org, "Acme Ltd");
	ck_assert_str_eq(c.rows[0].cn, "02826929");
}
END_TEST

START_TEST(only_year_and_name_are_required_others_read_as_unknown)
{
	static const char csv[] = "StatementYear,OrganisationName\n2022,Acme Ltd\n";
	struct collect c;
	struct registry_file f;
	const struct got_row *r = &c.rows[0];

	read_ok(csv, &c, &f);
	ck_assert_uint_eq(f.accepted, 1);
	ck_assert_int_eq(f.columns, 2);
	ck_assert_int_eq(r->year, 2022);
	ck_assert_str_eq(r->org, "Acme Ltd");
	ck_assert_str_eq(r->cn, "");
	ck_assert_str_eq(r->parent, "");
	ck_assert_int_eq(r->group, 0);
	ck_assert_str_eq(r->sid, "");
	ck_assert_str_eq(r->url, "");
	ck_assert_str_eq(r->summary, "");
	ck_assert_int_eq(r->start, 0);
	ck_assert_int_eq(r->end, 0);
	ck_assert_str_eq(r->approver, "");
	ck_assert_int_eq(r->approved, 0);
	ck_assert_uint_eq(r->areas, 0);
	ck_assert_uint_eq(r->areas_known, 0);
	ck_assert_int_eq(r->turnover, TURNOVER_UNKNOWN);
	ck_assert_str_eq(r->sector, "");
	ck_assert_str_eq(r->updated, "");
	ck_assert_uint_eq(r->line, 2);
	ck_assert_uint_eq(f.statements, 0);       /* no StatementSummaryURL, no ids */
}
END_TEST

/* --- encoding, line ends, quoting --------------------------------------- */

START_TEST(utf8_bom_and_crlf_line_ends_are_read)
{
	static const char csv[] = "\xEF\xBB\xBF" "StatementYear,OrganisationName,SectorType\r\n"
				  "2022,Acme Ltd,Private\r\n"
				  "2022,Beta Ltd,Public\r\n";
	struct collect c;
	struct registry_file f;

	read_ok(csv, &c, &f);
	ck_assert_uint_eq(f.accepted, 2);
	ck_assert_int_eq(f.columns, 3);
	ck_assert_str_eq(c.rows[0].org, "Acme Ltd");
	ck_assert_str_eq(c.rows[0].sector, "Private");
	ck_assert_uint_eq(c.rows[0].line, 2);
	ck_assert_str_eq(c.rows[1].org, "Beta Ltd");
	ck_assert_str_eq(c.rows[1].sector, "Public");     /* no stray CR */
	ck_assert_uint_eq(c.rows[1].line, 3);
}
END_TEST

START_TEST(quoted_address_with_newlines_keeps_physical_line_numbers)
{
	static const char csv[] =
		"StatementYear,OrganisationName,Address,CompanyNumber\n"       /* 1 */
		"2022,Acme Ltd,\"1 High Street\n"                              /* 2 */
		"Exeter\r\n"                                                   /* 3 */
		"EX1 1AA\",01234567\n"                                         /* 4 */
		"2022,Beta Ltd,\"Unit 2, \"\"The Yard\"\"\",SC123456\n"        /* 5 */
		"2022,,\"a\nb\",\n"                                            /* 6-7 */
		"2022,Gamma Ltd,,\n";                                          /* 8 */
	struct collect c;
	struct registry_file f;

	read_ok(csv, &c, &f);
	ck_assert_uint_eq(f.accepted, 3);
	ck_assert_uint_eq(f.rejected, 1);
	ck_assert_str_eq(c.rows[0].org, "Acme Ltd");
	ck_assert_str_eq(c.rows[0].cn, "01234567");
	ck_assert_uint_eq(c.rows[0].line, 2);
	ck_assert_str_eq(c.rows[1].org, "Beta Ltd");
	ck_assert_str_eq(c.rows[1].cn, "SC123456");
	ck_assert_uint_eq(c.rows[1].line, 5);
	ck_assert_uint_eq(c.rej[0].line, 6);
	ck_assert_str_eq(c.rows[2].org, "Gamma Ltd");
	ck_assert_uint_eq(c.rows[2].line, 8);
}
END_TEST

START_TEST(leading_tab_in_organisation_name_is_cleaned_away)
{
	static const char csv[] = "StatementYear,OrganisationName\n"
				  "2022,\tAcme   Widgets Ltd \n"
				  "2022,\"\t\tBeta\xC2\xA0" "Care Ltd\"\n";
	struct collect c;
	struct registry_file f;

	read_ok(csv, &c, &f);
	ck_assert_uint_eq(f.accepted, 2);
	ck_assert_str_eq(c.rows[0].org, "Acme Widgets Ltd");
	ck_assert_str_eq(c.rows[1].org, "Beta Care Ltd");
}
END_TEST

START_TEST(invalid_utf8_field_is_read_as_windows_1252)
{
	/* the file is UTF-8 ("Café" in row 2) but one field carries cp1252 bytes */
	static const char csv[] = "StatementYear,OrganisationName,Turnover\n"
				  "2022,Caf\xC3\xA9 Ltd,Under \xC2\xA3" "36 million\n"
				  "2022,Caf\xE9 Nero Ltd,\xA3" "36 million to \xA3" "60 million\n";
	struct collect c;
	struct registry_file f;

	read_ok(csv, &c, &f);
	ck_assert_uint_eq(f.accepted, 2);
	ck_assert_str_eq(c.rows[0].org, "Caf\xC3\xA9 Ltd");
	ck_assert_int_eq(c.rows[0].turnover, TURNOVER_UNDER_36M);
	ck_assert_str_eq(c.rows[1].org, "Caf\xC3\xA9 Nero Ltd");
	ck_assert_int_eq(c.rows[1].turnover, TURNOVER_36M_60M);
}
END_TEST

/* --- statement areas ------------------------------------------------------ */

struct areas_case {
	const char *csv;
	unsigned areas, areas_known;
};

/* Bits: 0 org structure, 1 policies, 2 risk assessment, 3 due diligence, 4 training, 5 goals. */
static const struct areas_case areas[] = {
	/* 2022: Yes/No in every column; columns out of order */
	{ "StatementYear,OrganisationName,StatementIncludesGoals,StatementIncludesTraining,"
	  "StatementIncludesDueDiligence,StatementIncludesRisksAssessment,"
	  "StatementIncludesPolicies,StatementIncludesOrgStructure\n"
	  "2022,Acme Ltd,Yes,No,Yes,No,Yes,Yes\n",
	  0x01 | 0x02 | 0x08 | 0x20, 0x3F },
	{ "StatementYear,OrganisationName,StatementIncludesOrgStructure,StatementIncludesPolicies,"
	  "StatementIncludesRisksAssessment,StatementIncludesDueDiligence,"
	  "StatementIncludesTraining,StatementIncludesGoals\n"
	  "2022,Acme Ltd,No,No,No,No,No,No\n",
	  0, 0x3F },
	/* later years: Yes or empty */
	{ "StatementYear,OrganisationName,StatementIncludesOrgStructure,StatementIncludesPolicies,"
	  "StatementIncludesRisksAssessment,StatementIncludesDueDiligence,"
	  "StatementIncludesTraining,StatementIncludesGoals\n"
	  "2023,Acme Ltd,Yes,,Yes,,,Yes\n",
	  0x01 | 0x04 | 0x20, 0x3F },
	{ "StatementYear,OrganisationName,StatementIncludesOrgStructure,StatementIncludesPolicies,"
	  "StatementIncludesRisksAssessment,StatementIncludesDueDiligence,"
	  "StatementIncludesTraining,StatementIncludesGoals\n"
	  "2024,Acme Ltd,Yes,Yes,Yes,Yes,Yes,Yes\n",
	  0x3F, 0x3F },
	/* only some area columns in the file: the rest are unknown, not "No" */
	{ "StatementYear,OrganisationName,StatementIncludesPolicies,StatementIncludesTraining\n"
	  "2023,Acme Ltd,Yes,\n",
	  0x02, 0x02 | 0x10 },
};

START_TEST(statement_areas_become_bit_masks)
{
	const struct areas_case *t = &areas[_i];
	struct collect c;
	struct registry_file f;

	read_ok(t->csv, &c, &f);
	ck_assert_uint_eq(f.accepted, 1);
	ck_assert_uint_eq(c.rows[0].areas, t->areas);
	ck_assert_uint_eq(c.rows[0].areas_known, t->areas_known);
}
END_TEST

START_TEST(registry_area_names_are_the_six_areas_in_column_order)
{
	ck_assert_str_eq(registry_area_names[0], "organisation structure and supply chains");
	ck_assert_str_eq(registry_area_names[1], "policies");
	ck_assert_str_eq(registry_area_names[2], "risk assessment");
	ck_assert_str_eq(registry_area_names[3], "due diligence");
	ck_assert_str_eq(registry_area_names[4], "training");
	ck_assert_str_eq(registry_area_names[5], "goals and performance indicators");
}
END_TEST

/* --- turnover ------------------------------------------------------------- */

struct turnover_case {
	const char *field;
	enum turnover_band band;
};

static const struct turnover_case turnovers[] = {
	{ "Under \xC2\xA3" "36 million", TURNOVER_UNDER_36M },
	{ "\xC2\xA3" "36 million to \xC2\xA3" "60 million", TURNOVER_36M_60M },
	{ "\xC2\xA3" "60 million to \xC2\xA3" "100 million", TURNOVER_60M_100M },
	{ "\xC2\xA3" "100 million to \xC2\xA3" "500 million", TURNOVER_100M_500M },
	{ "Over \xC2\xA3" "500 million", TURNOVER_OVER_500M },
	/* Windows-1252 pound signs in an otherwise UTF-8 file */
	{ "Under \xA3" "36 million", TURNOVER_UNDER_36M },
	{ "\xA3" "36 million to \xA3" "60 million", TURNOVER_36M_60M },
	{ "\xA3" "60 million to \xA3" "100 million", TURNOVER_60M_100M },
	{ "\xA3" "100 million to \xA3" "500 million", TURNOVER_100M_500M },
	{ "Over \xA3" "500 million", TURNOVER_OVER_500M },
	{ "", TURNOVER_UNKNOWN },
	{ "Prefer not to say", TURNOVER_UNKNOWN },
};

START_TEST(turnover_bands_are_read_with_either_pound_sign)
{
	const struct turnover_case *t = &turnovers[_i];
	char csv[256];
	struct collect c;
	struct registry_file f;

	snprintf(csv, sizeof(csv), "StatementYear,OrganisationName,Turnover\n"
		 "2022,Caf\xC3\xA9 Ltd,%s\n", t->field);
	read_ok(csv, &c, &f);
	ck_assert_uint_eq(f.accepted, 1);
	ck_assert_msg(c.rows[0].turnover == t->band, "'%s': band %d, want %d", t->field,
		      (int)c.rows[0].turnover, (int)t->band);
}
END_TEST

START_TEST(turnover_band_labels_read_back_as_their_band)
{
	static const char *const want[] = {
		"", "Under \xC2\xA3" "36 million", "\xC2\xA3" "36 million to \xC2\xA3" "60 million",
		"\xC2\xA3" "60 million to \xC2\xA3" "100 million",
		"\xC2\xA3" "100 million to \xC2\xA3" "500 million", "Over \xC2\xA3" "500 million",
	};
	int b;

	for (b = TURNOVER_UNKNOWN; b <= TURNOVER_OVER_500M; b++) {
		char csv[256];
		struct collect c;
		struct registry_file f;

		ck_assert_str_eq(turnover_band_label((enum turnover_band)b), want[b]);
		snprintf(csv, sizeof(csv), "StatementYear,OrganisationName,Turnover\n2022,A,%s\n",
			 turnover_band_label((enum turnover_band)b));
		read_ok(csv, &c, &f);
		ck_assert_int_eq(c.rows[0].turnover, b);
	}
	ck_assert_str_eq(turnover_band_label((enum turnover_band)99), "");
}
END_TEST

/* --- dates, ids, numbers, group ------------------------------------------ */

START_TEST(dates_are_read_day_first_into_yyyymmdd)
{
	static const char csv[] =
		"StatementYear,OrganisationName,StatementStartDate,StatementEndDate,"
		"ApprovingPerson,DateApproved\n"
		"2022,Acme Ltd,01/04/2021,31/03/2022,\"Jane Smith, Director\",15/09/2022\n"
		"2022,Beta Ltd,31/02/2022,not a date,,\n"
		"2022,Gamma Ltd,1/1/2021,31/12/2021,,29/02/2023\n";
	struct collect c;
	struct registry_file f;

	read_ok(csv, &c, &f);
	ck_assert_uint_eq(f.accepted, 3);
	ck_assert_int_eq(c.rows[0].start, 20210401);
	ck_assert_int_eq(c.rows[0].end, 20220331);
	ck_assert_int_eq(c.rows[0].approved, 20220915);
	ck_assert_str_eq(c.rows[0].approver, "Jane Smith, Director");
	ck_assert_int_eq(c.rows[1].start, 0);       /* 31 February */
	ck_assert_int_eq(c.rows[1].end, 0);
	ck_assert_int_eq(c.rows[1].approved, 0);
	ck_assert_str_eq(c.rows[1].approver, "");
	ck_assert_int_eq(c.rows[2].start, 20210101);
	ck_assert_int_eq(c.rows[2].end, 20211231);
	ck_assert_int_eq(c.rows[2].approved, 0);    /* 2023 is not a leap year */
}
END_TEST

START_TEST(statement_id_is_cut_from_the_summary_url)
{
	static const char csv[] =
		"StatementYear,OrganisationName,StatementURL,StatementSummaryURL\n"
		"2022,Acme Ltd,https://acme.example/msa,"
		"https://modern-slavery-statement-registry.service.gov.uk/statement-summary/MqEPLsZH/2022\n"
		"2022,Beta Ltd,,https://example.org/other/page\n";
	struct collect c;
	struct registry_file f;

	read_ok(csv, &c, &f);
	ck_assert_uint_eq(f.accepted, 2);
	ck_assert_str_eq(c.rows[0].sid, "MqEPLsZH");
	ck_assert_str_eq(c.rows[0].summary,
			 "https://modern-slavery-statement-registry.service.gov.uk/statement-summary/"
			 "MqEPLsZH/2022");
	ck_assert_str_eq(c.rows[0].url, "https://acme.example/msa");
	/* no /statement-summary/ in it: the URL is the id */
	ck_assert_str_eq(c.rows[1].sid, "https://example.org/other/page");
	ck_assert_str_eq(c.rows[1].url, "");
}
END_TEST

struct cn_case {
	const char *field;
	const char *want;
};

static const struct cn_case company_numbers[] = {
	{ "2826929", "02826929" },
	{ "02826929", "02826929" },
	{ "SC123456", "SC123456" },
	{ "sc123456", "SC123456" },
	{ "BR010617", "BR010617" },
	{ "OC 301234", "OC301234" },
	{ "", "" },
	{ "N/A", "" },
	{ "0", "" },
	{ "not registered", "" },
	{ "123456789", "" },
};

START_TEST(company_numbers_are_normalised_or_dropped)
{
	const struct cn_case *t = &company_numbers[_i];
	char csv[256];
	struct collect c;
	struct registry_file f;

	snprintf(csv, sizeof(csv), "StatementYear,OrganisationName,CompanyNumber\n"
		 "2022,Acme Ltd,%s\n", t->field);
	read_ok(csv, &c, &f);
	ck_assert_uint_eq(f.accepted, 1);           /* a bad number never rejects the row */
	ck_assert_msg(!strcmp(c.rows[0].cn, t->want), "'%s' -> '%s', want '%s'", t->field,
		      c.rows[0].cn, t->want);
}
END_TEST

START_TEST(group_submission_yes_sets_group)
{
	static const char csv[] = "StatementYear,OrganisationName,GroupSubmission,ParentName\n"
				  "2022,Acme Widgets Ltd,Yes,Acme Holdings plc\n"
				  "2022,Acme Parts Ltd,yes,Acme Holdings plc\n"
				  "2022,Beta Ltd,No,\n"
				  "2022,Gamma Ltd,,\n";
	struct collect c;
	struct registry_file f;

	read_ok(csv, &c, &f);
	ck_assert_uint_eq(f.accepted, 4);
	ck_assert_int_eq(c.rows[0].group, 1);
	ck_assert_str_eq(c.rows[0].parent, "Acme Holdings plc");
	ck_assert_int_eq(c.rows[1].group, 1);
	ck_assert_int_eq(c.rows[2].group, 0);
	ck_assert_int_eq(c.rows[3].group, 0);
}
END_TEST

/* --- rejects -------------------------------------------------------------- */

struct reject_case {
	const char *bad;           /* the bad record, between two good ones */
	size_t badlen;             /* 0: strlen */
	const char *reason;        /* expected substring */
};

static const struct reject_case rejects[] = {
	{ "2022,,01234567\n", 0, "OrganisationName is empty" },
	{ "2022,\"  \",01234567\n", 0, "OrganisationName is empty" },
	{ "20x3,Acme Ltd,01234567\n", 0, "StatementYear '20x3' is not a year" },
	{ ",Acme Ltd,01234567\n", 0, "StatementYear '' is not a year" },
	{ "22,Acme Ltd,01234567\n", 0, "StatementYear '22' is not a year" },
	{ "2022,Ac\0me Ltd,01234567\n", sizeof("2022,Ac\0me Ltd,01234567\n") - 1, "NUL byte" },
	{ "2022,Acme Ltd\n", 0, "row has 2 fields, the header has 3" },
};

START_TEST(bad_records_are_rejected_with_physical_line_and_reason)
{
	const struct reject_case *t = &rejects[_i];
	static const char head[] = "StatementYear,OrganisationName,CompanyNumber\n"   /* 1 */
				   "2022,\"First\nLtd\",01111111\n";                  /* 2-3 */
	static const char tail[] = "2022,Last Ltd,02222222\n";                   /* 5 */
	char csv[256];
	size_t n = 0, badlen = t->badlen ? t->badlen : strlen(t->bad);
	struct collect c;
	struct registry_file f;
	struct diag err;

	memcpy(csv, head, strlen(head));
	n += strlen(head);
	memcpy(csv + n, t->bad, badlen);
	n += badlen;
	memcpy(csv + n, tail, strlen(tail));
	n += strlen(tail);

	c.stop_after = 0;
	ck_assert_msg(read_n(csv, n, &c, &f, &err) == 0, "read failed: %s", err.msg);
	ck_assert_uint_eq(f.accepted, 2);
	ck_assert_uint_eq(f.rejected, 1);
	ck_assert_uint_eq(f.records, 3);
	ck_assert_uint_eq(c.nrej, 1);
	ck_assert_uint_eq(c.rej[0].line, 4);
	ck_assert_msg(strstr(c.rej[0].reason, t->reason) != NULL, "reason '%s', want '%s'",
		      c.rej[0].reason, t->reason);
	ck_assert_str_eq(c.rows[0].org, "First Ltd");
	ck_assert_str_eq(c.rows[1].org, "Last Ltd");
	ck_assert_uint_eq(c.rows[1].line, 5);
}
END_TEST

START_TEST(blank_lines_are_skipped_and_counted)
{
	static const char csv[] = "StatementYear,OrganisationName\n"
				  "2022,Acme Ltd\n"
				  "\n"
				  "2022,Beta Ltd\n";
	struct collect c;
	struct registry_file f;

	read_ok(csv, &c, &f);
	ck_assert_uint_eq(f.accepted, 2);
	ck_assert_uint_eq(f.blank, 1);
	ck_assert_uint_eq(f.rejected, 0);
	ck_assert_uint_eq(f.records, 3);
	ck_assert_uint_eq(c.rows[1].line, 4);
}
END_TEST

/* --- errors --------------------------------------------------------------- */

struct error_case {
	const char *csv;
	const char *msg;           /* expected substring */
};

static const struct error_case errors[] = {
	{ "OrganisationName,CompanyNumber\nAcme Ltd,01234567\n",
	  "'StatementSummaries.csv' is not a registry StatementSummaries file: no StatementYear" },
	{ "StatementYear,CompanyNumber\n2022,01234567\n",
	  "is not a registry StatementSummaries file: no OrganisationName" },
	{ "<html><body>Service unavailable</body></html>\n",
	  "is not a registry StatementSummaries file" },
	{ "", "is empty" },
	{ "\xEF\xBB\xBF", "is empty" },
	{ "StatementYear,OrganisationName,Address\n"
	  "2022,Acme Ltd,\"1 High St\n"
	  "Exe",
	  "cut off" },
	{ "StatementYear,OrganisationName,Address\n"
	  "2022,Acme Ltd,1 High St\n"
	  "2022,Beta Ltd\n",
	  "cut off" },
	{ "StatementYear,OrganisationName,Address\n"
	  "2022,Acme Ltd,1 High St\n"
	  "2022,Beta Ltd",
	  "cut off" },
};

START_TEST(unusable_files_are_input_errors)
{
	const struct error_case *t = &errors[_i];
	struct collect c;
	struct registry_file f;
	struct diag err;

	c.stop_after = 0;
	ck_assert_int_eq(read_str(t->csv, &c, &f, &err), -1);
	ck_assert_int_eq(err.code, CW_INPUT);
	ck_assert_msg(strstr(err.msg, t->msg) != NULL, "message '%s', want '%s'", err.msg, t->msg);
}
END_TEST

START_TEST(cut_off_message_names_the_line)
{
	static const char csv[] = "StatementYear,OrganisationName,Address\n"
				  "2022,Acme Ltd,1 High St\n"
				  "2022,Beta Ltd,\"2 Low\n"
				  "Road";
	struct collect c;
	struct registry_file f;
	struct diag err;

	c.stop_after = 0;
	ck_assert_int_eq(read_str(csv, &c, &f, &err), -1);
	ck_assert_int_eq(err.code, CW_INPUT);
	ck_assert_msg(strstr(err.msg, "StatementSummaries.csv:3:") != NULL, "message '%s'",
		      err.msg);
}
END_TEST

START_TEST(sink_error_stops_reading_and_propagates)
{
	static const char csv[] = "StatementYear,OrganisationName\n"
				  "2022,Acme Ltd\n"
				  "2022,Beta Ltd\n"
				  "2022,Gamma Ltd\n";
	struct registry_sink sink = { on_row, on_reject, NULL };
	struct collect c;
	struct registry_file f;
	struct diag err;

	memset(&c, 0, sizeof(c));
	c.stop_after = 2;
	sink.ctx = &c;
	diag_init(&err);
	ck_assert_int_eq(registry_read_mem(csv, strlen(csv), "x.csv", &sink, &f, &err), -1);
	ck_assert_int_eq(err.code, CW_OUTPUT);
	ck_assert_str_eq(err.msg, "sink full at line 3");
	ck_assert_uint_eq(c.nrows, 1);              /* Gamma never delivered */
}
END_TEST

START_TEST(sink_without_callbacks_only_counts)
{
	static const char csv[] = "StatementYear,OrganisationName\n2022,Acme Ltd\n2022,\n";
	struct registry_sink sink = { NULL, NULL, NULL };
	struct registry_file f;
	struct diag err;

	diag_init(&err);
	ck_assert_int_eq(registry_read_mem(csv, strlen(csv), "x.csv", &sink, &f, &err), 0);
	ck_assert_uint_eq(f.accepted, 1);
	ck_assert_uint_eq(f.rejected, 1);
}
END_TEST

/* --- file counters -------------------------------------------------------- */

START_TEST(file_counters_add_up)
{
	static const char csv[] =
		"StatementYear,OrganisationName,StatementSummaryURL,Extra\n"
		"2022,Acme Widgets Ltd,https://r.example/statement-summary/AAAAAAAA/2022,x\n"
		"2022,Acme Parts Ltd,https://r.example/statement-summary/AAAAAAAA/2022,x\n"
		"2022,Beta Ltd,https://r.example/statement-summary/BBBBBBBB/2022,x\n"
		"\n"
		"2021,Gamma Ltd,https://r.example/statement-summary/CCCCCCCC/2021,x\n"
		"2022,,https://r.example/statement-summary/DDDDDDDD/2022,x\n"
		"2022,Delta Ltd,,x\n"
		"2022,Short Ltd\n"
		"2022,Epsilon Ltd,https://r.example/statement-summary/BBBBBBBB/2022,x\n";
	struct collect c;
	struct registry_file f;

	read_ok(csv, &c, &f);
	ck_assert_uint_eq(f.accepted, 6);
	ck_assert_uint_eq(f.rejected, 2);           /* empty name, short row */
	ck_assert_uint_eq(f.blank, 1);
	ck_assert_uint_eq(f.records, 9);
	ck_assert_uint_eq(f.statements, 3);         /* AAAAAAAA BBBBBBBB CCCCCCCC; rejected DDDD */
	ck_assert_int_eq(f.year, 2022);
	ck_assert_int_eq(f.columns, 4);
}
END_TEST

struct year_case {
	int years[8];
	int want;
};

static const struct year_case year_cases[] = {
	{ { 2022 }, 2022 },
	{ { 2022, 2022, 2021 }, 2022 },
	{ { 2021, 2022, 2022 }, 2022 },
	{ { 2023, 2022, 2022, 2022, 2021, 2021 }, 2022 },
	/* the first year seen is the rarest: the most common must still win */
	{ { 2021, 2022, 2022, 2022, 2023, 2023 }, 2022 },
	{ { 2020, 2021, 2021, 2022, 2022, 2022 }, 2022 },
};

START_TEST(file_year_is_the_year_most_rows_carry)
{
	const struct year_case *t = &year_cases[_i];
	char csv[512];
	size_t n = 0, i;
	struct collect c;
	struct registry_file f;

	n += (size_t)snprintf(csv + n, sizeof(csv) - n, "StatementYear,OrganisationName\n");
	for (i = 0; i < 8 && t->years[i]; i++)
		n += (size_t)snprintf(csv + n, sizeof(csv) - n, "%d,Org %zu Ltd\n", t->years[i], i);
	read_ok(csv, &c, &f);
	ck_assert_msg(f.year == t->want, "case %d: year %d, want %d", _i, f.year, t->want);
}
END_TEST

START_TEST(file_year_is_zero_without_accepted_rows)
{
	static const char csv[] = "StatementYear,OrganisationName\n2022,\n";
	struct collect c;
	struct registry_file f;

	read_ok(csv, &c, &f);
	ck_assert_uint_eq(f.accepted, 0);
	ck_assert_int_eq(f.year, 0);
	ck_assert_uint_eq(f.statements, 0);
}
END_TEST

START_TEST(sha256_and_bytes_are_of_the_whole_input)
{
	static const char csv[] = "StatementYear,OrganisationName\n2022,Acme Ltd\n";
	struct collect c;
	struct registry_file f;

	read_ok(csv, &c, &f);
	ck_assert_uint_eq(f.bytes, 45);
	ck_assert_str_eq(f.sha256,
			 "07d9e48f752b7502a8892c86478c0c603b9d4551afe2f3683a7cc7d491bf5f2f");
}
END_TEST

/* --- registry year of a period end --------------------------------------- */

struct year_for_case {
	int32_t ymd;
	int want;
};

static const struct year_for_case year_for[] = {
	{ 20211231, 2022 },
	{ 20220331, 2022 },
	{ 20220630, 2022 },
	{ 20220701, 2023 },
	{ 20220731, 2023 },
	{ 20221231, 2023 },
	{ 0, 0 },
};

START_TEST(registry_year_for_is_the_year_of_the_deadline)
{
	const struct year_for_case *t = &year_for[_i];

	ck_assert_int_eq(registry_year_for(t->ymd), t->want);
}
END_TEST

/* --- the real 2022 download (sample) ------------------------------------- */

static char *slurp(const char *path, size_t *n)
{
	FILE *fp = fopen(path, "rb");
	char *p;
	long len;

	ck_assert_msg(fp != NULL, "cannot open %s (run from the repository root)", path);
	ck_assert_int_eq(fseek(fp, 0, SEEK_END), 0);
	len = ftell(fp);
	ck_assert_int_ge(len, 0);
	ck_assert_int_eq(fseek(fp, 0, SEEK_SET), 0);
	p = malloc((size_t)len + 1);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(fread(p, 1, (size_t)len, fp), (size_t)len);
	fclose(fp);
	*n = (size_t)len;
	return p;
}

START_TEST(sample_2022_download_reads_whole)
{
	size_t n;
	char *p = slurp("data/sample/registry/StatementSummaries2022.csv", &n);
	struct collect c;
	struct registry_file f;
	struct diag err;
	size_t i;

	c.stop_after = 0;
	ck_assert_msg(read_n(p, n, &c, &f, &err) == 0, "read failed: %s", err.msg);
	ck_assert_uint_eq(f.accepted, 282);
	ck_assert_uint_eq(f.rejected, 0);
	ck_assert_uint_eq(f.records, f.accepted + f.rejected + f.blank);
	ck_assert_uint_eq(f.statements, 90);
	ck_assert_int_eq(f.year, 2022);
	ck_assert_int_eq(f.columns, 71);
	ck_assert_uint_eq(f.bytes, n);
	ck_assert_uint_eq(strlen(f.sha256), 64);
	ck_assert_uint_eq(c.nrows, 282);
	for (i = 0; i < KEEP; i++) {
		ck_assert_int_eq(c.rows[i].year, 2022);
		ck_assert_str_ne(c.rows[i].org, "");
		ck_assert_uint_eq(c.rows[i].areas_known, 0x3F);
		ck_assert_uint_eq(strlen(c.rows[i].sid), 8);
	}
	free(p);
}
END_TEST

static Suite *registry_suite(void)
{
	Suite *s = suite_create("registry");
	TCase *tc = tcase_create("core");

#define LOOP(t, table) tcase_add_loop_test(tc, t, 0, (int)(sizeof(table) / sizeof(table[0])))
	tcase_add_test(tc, columns_are_mapped_by_header_name_in_any_order);
	tcase_add_test(tc, header_names_ignore_case_and_surrounding_spaces);
	tcase_add_test(tc, only_year_and_name_are_required_others_read_as_unknown);
	tcase_add_test(tc, utf8_bom_and_crlf_line_ends_are_read);
	tcase_add_test(tc, quoted_address_with_newlines_keeps_physical_line_numbers);
	tcase_add_test(tc, leading_tab_in_organisation_name_is_cleaned_away);
	tcase_add_test(tc, invalid_utf8_field_is_read_as_windows_1252);
	LOOP(statement_areas_become_bit_masks, areas);
	tcase_add_test(tc, registry_area_names_are_the_six_areas_in_column_order);
	LOOP(turnover_bands_are_read_with_either_pound_sign, turnovers);
	tcase_add_test(tc, turnover_band_labels_read_back_as_their_band);
	tcase_add_test(tc, dates_are_read_day_first_into_yyyymmdd);
	tcase_add_test(tc, statement_id_is_cut_from_the_summary_url);
	LOOP(company_numbers_are_normalised_or_dropped, company_numbers);
	tcase_add_test(tc, group_submission_yes_sets_group);
	LOOP(bad_records_are_rejected_with_physical_line_and_reason, rejects);
	tcase_add_test(tc, blank_lines_are_skipped_and_counted);
	LOOP(unusable_files_are_input_errors, errors);
	tcase_add_test(tc, cut_off_message_names_the_line);
	tcase_add_test(tc, sink_error_stops_reading_and_propagates);
	tcase_add_test(tc, sink_without_callbacks_only_counts);
	tcase_add_test(tc, file_counters_add_up);
	LOOP(file_year_is_the_year_most_rows_carry, year_cases);
	tcase_add_test(tc, file_year_is_zero_without_accepted_rows);
	tcase_add_test(tc, sha256_and_bytes_are_of_the_whole_input);
	LOOP(registry_year_for_is_the_year_of_the_deadline, year_for);
	tcase_add_test(tc, sample_2022_download_reads_whole);
#undef LOOP
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(registry_suite)
