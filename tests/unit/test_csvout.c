#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chainwatch/changes.h"
#include "chainwatch/csvout.h"
#include "testutil.h"

/* Capture what a writer produces. */
struct capture {
	FILE *fp;
	char *s;
	size_t n;
};

static void cap_open(struct capture *c)
{
	c->s = NULL;
	c->n = 0;
	c->fp = open_memstream(&c->s, &c->n);
	ck_assert_ptr_nonnull(c->fp);
}

static const char *cap_close(struct capture *c)
{
	ck_assert_int_eq(fclose(c->fp), 0);
	return c->s;
}

static const char *one_cell(struct capture *c, const char *s, size_t n)
{
	struct csvw w;

	cap_open(c);
	csvw_init(&w, c->fp);
	csvw_text(&w, s, n);
	csvw_end(&w);
	return cap_close(c);
}

static const struct {
	const char *in;
	const char *out;
} cells[] = {
	{ "plain", "plain\r\n" },
	{ "", "\r\n" },
	{ "a,b", "\"a,b\"\r\n" },
	{ "say \"hi\"", "\"say \"\"hi\"\"\"\r\n" },
	{ "\"", "\"\"\"\"\r\n" },
	{ "two\nlines", "\"two\nlines\"\r\n" },
	{ "cr\rhere", "\"cr\rhere\"\r\n" },
	{ "=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"\r\n" },
	{ "=1+1", "'=1+1\r\n" },
	{ "+44 123", "'+44 123\r\n" },
	{ "-5 Ltd", "'-5 Ltd\r\n" },
	{ "@home", "'@home\r\n" },
	{ "\tTAB", "'\tTAB\r\n" },
	{ "\rCR", "\"'\rCR\"\r\n" },
	{ "=a,b", "\"'=a,b\"\r\n" },
	{ "A=B", "A=B\r\n" },
	{ " =1", " =1\r\n" },
	{ "'quoted'", "'quoted'\r\n" },
	{ "Caf\xc3\xa9 \xe2\x82\xac \xc2\xa3", "Caf\xc3\xa9 \xe2\x82\xac \xc2\xa3\r\n" },
	{ "\xef\xbc\x9d full-width equals", "\xef\xbc\x9d full-width equals\r\n" },
};

START_TEST(csvw_text_quotes_and_neutralises)
{
	struct capture c;
	const char *got = one_cell(&c, cells[_i].in, strlen(cells[_i].in));

	ck_assert_msg(strcmp(got, cells[_i].out) == 0, "cell %d: got [%s] want [%s]", _i, got,
		      cells[_i].out);
	free(c.s);
}
END_TEST

START_TEST(csvw_text_keeps_embedded_nul_and_honours_length)
{
	struct capture c;

	one_cell(&c, "ab\0cd,ignored", 5);
	ck_assert_uint_eq(c.n, 7);
	ck_assert_int_eq(memcmp(c.s, "ab\0cd\r\n", 7), 0);
	free(c.s);
}
END_TEST

START_TEST(csvw_numbers_are_never_neutralised)
{
	struct capture c;
	struct csvw w;

	cap_open(&c);
	csvw_init(&w, c.fp);
	csvw_int(&w, -5);
	csvw_pence(&w, -123456);
	csvw_pence(&w, 5);
	csvw_int(&w, 0);
	csvw_textz(&w, NULL);
	csvw_textz(&w, "-5");
	csvw_end(&w);
	csvw_int(&w, 1);
	csvw_end(&w);
	ck_assert_str_eq(cap_close(&c), "-5,-1234.56,0.05,0,,'-5\r\n1\r\n");
	free(c.s);
}
END_TEST

static const char supplier_header[] =
	"\xEF\xBB\xBF" "supplier_key,name,supplier_ids,names_seen,company_number,vat_number,spend_pence,"
	"spend,transactions,in_master,match,country,sector_id,sector_label,sector_score,"
	"sector_rule,geography_score,goods_score,risk_score,tier,priority,reasons,"
	"statement_status,statement_year,statement_url,statement_areas,in_scope,match_method,"
	"match_confidence,entity_type,entity_id,entity_evidence\r\n";

START_TEST(csvout_suppliers_writes_header_only_for_no_suppliers)
{
	struct capture c;

	cap_open(&c);
	csvout_suppliers(c.fp, NULL, NULL, 0);
	ck_assert_str_eq(cap_close(&c), supplier_header);
	free(c.s);
}
END_TEST

START_TEST(csvout_suppliers_writes_exact_rows)
{
	struct supplier a, b;
	struct supplier *list[2] = { &a, &b };
	struct capture c;
	char want[2048];
	char *anames[2], *aids[2], *bnames[1];

	memset(&a, 0, sizeof(a));
	a.key = "id:00123";
	a.name = "=HYPERLINK(\"http://x\")";
	a.names = anames;
	a.ids = aids;
	a.names[0] = "=HYPERLINK(\"http://x\")";
	a.names[1] = "Acme, Ltd";
	a.nnames = 2;
	a.ids[0] = "00123";
	a.ids[1] = "-7";
	a.nids = 2;
	strcpy(a.company_number, "01234567");
	strcpy(a.vat, "GB123456789");
	a.spend_pence = 123456789;
	a.transactions = 12;
	a.in_master = 1;
	a.match = "supplier id";
	a.country = "United Kingdom";

	memset(&b, 0, sizeof(b));
	b.key = "nm:CAFE \xc3\x89LAN";
	b.name = "Caf\xc3\xa9 \xc3\x89lan\nLtd";
	b.names = bnames;
	b.names[0] = b.name;
	b.nnames = 1;
	b.spend_pence = -50;
	b.transactions = 1;

	cap_open(&c);
	csvout_suppliers(c.fp, list, NULL, 2);
	snprintf(want, sizeof(want), "%s%s%s", supplier_header,
		 "id:00123,\"'=HYPERLINK(\"\"http://x\"\")\",00123; -7,"
		 "\"'=HYPERLINK(\"\"http://x\"\"); Acme, Ltd\",01234567,GB123456789,"
		 "123456789,1234567.89,12,yes,supplier id,United Kingdom,,,,,,,,,,,,,,,,,,,,\r\n",
		 "nm:CAFE \xc3\x89LAN,\"Caf\xc3\xa9 \xc3\x89lan\nLtd\",,\"Caf\xc3\xa9 \xc3\x89lan\nLtd\",,,"
		 "-50,-0.50,1,no,,,,,,,,,,,,,,,,,,,,,,\r\n");
	ck_assert_str_eq(cap_close(&c), want);
	free(c.s);
}
END_TEST

START_TEST(csvout_supplier_names_starting_with_formula_characters)
{
	static const char *const names[] = { "+44 123", "-5 Ltd", "@home", "=1+1" };
	static const char *const want[] = { "'+44 123", "'-5 Ltd", "'@home", "'=1+1" };
	struct supplier s;
	struct supplier *list[1] = { &s };
	struct capture c;
	char line[512];
	size_t i;

	for (i = 0; i < 4; i++) {
		memset(&s, 0, sizeof(s));
		s.key = "nm:X";
		s.name = (char *)names[i];
		cap_open(&c);
		csvout_suppliers(c.fp, list, NULL, 1);
		cap_close(&c);
		snprintf(line, sizeof(line), "%snm:X,%s,,,,,0,0.00,0,no,,,,,,,,,,,,,,,,,,,,,,\r\n",
			 supplier_header, want[i]);
		ck_assert_str_eq(c.s, line);
		free(c.s);
	}
}
END_TEST

/* Two assessed suppliers: one mapped, with goods; one unmapped (Grey), country assumed. */
static const char *const care_factors[] = { "workforce", "business model" };
static const struct sector care = {
	.id = "residential_care", .label = "Residential care, nursing", .score = 100,
	.tier = "VH", .workforce = 90, .ppn_factors = care_factors, .nppn_factors = 2,
	.rationale = "Care workers", .goods_class = 0,
};
static const struct country gb = { "GB", "United Kingdom", 1.8, 16 };
static const struct country my = { "MY", "Malaysia", 6.3, 55 };

START_TEST(csvout_suppliers_fills_the_risk_columns)
{
	struct supplier a, b;
	struct supplier *list[2] = { &a, &b };
	struct assessment as[2];
	struct capture c;
	char want[4096];
	char *anames[1], *aids[1], *bnames[1];

	memset(&a, 0, sizeof(a));
	a.key = "id:42";
	a.name = "Abbey Care Ltd";
	a.names = anames;
	a.ids = aids;
	a.names[0] = a.name;
	a.nnames = 1;
	a.ids[0] = "42";
	a.nids = 1;
	a.spend_pence = 1234500;
	a.transactions = 3;
	a.in_master = 1;
	a.match = "supplier id";
	a.country = "Malaysia";
	memset(&b, 0, sizeof(b));
	b.key = "nm:WIDGETS";
	b.name = "-Widgets";
	b.names = bnames;
	b.names[0] = b.name;
	b.nnames = 1;
	b.spend_pence = 100;
	b.transactions = 1;

	memset(as, 0, sizeof(as));
	as[0].sector.sector = &care;
	as[0].sector.rule = RULE_SIC;
	as[0].sector.evidence = (char *)"SIC 87100";
	as[0].country = &my;
	as[0].geography_score = 55;
	as[0].goods_score = 80;
	as[0].origin_score = 55;
	as[0].workforce = 90;
	as[0].score = 88;
	as[0].tier = TIER_HIGH;
	as[0].priority = 360.456;
	as[0].reasons = "Sector: Residential care, nursing (SIC 87100) 100/100; \"Geography\": Malaysia";
	as[0].entity.type = ENTITY_COMPANY;
	as[0].entity.id = (char *)"GB-COH-01234567";
	as[0].entity.evidence = (char *)"company number 01234567 in the council's file";
	as[1].country = &gb;
	as[1].country_assumed = 1;
	as[1].geography_score = 16;
	as[1].goods_score = -1;
	as[1].origin_score = -1;
	as[1].score = 39;
	as[1].tier = TIER_GREY;
	as[1].priority = 11.8;
	as[1].reasons = "=Sector: not known";

	cap_open(&c);
	csvout_suppliers(c.fp, list, as, 2);
	snprintf(want, sizeof(want), "%s%s%s", supplier_header,
		 "id:42,Abbey Care Ltd,42,Abbey Care Ltd,,,1234500,12345.00,3,yes,supplier id,"
		 "Malaysia,residential_care,\"Residential care, nursing\",100,sic,55,80,88,High,"
		 "360.46,\"Sector: Residential care, nursing (SIC 87100) 100/100; "
		 "\"\"Geography\"\": Malaysia\",,,,,,,,company,GB-COH-01234567,"
		 "company number 01234567 in the council's file\r\n",
		 "nm:WIDGETS,'-Widgets,,'-Widgets,,,100,1.00,1,no,,GB,,,,,16,,39,Grey,11.80,"
		 "'=Sector: not known,,,,,,,,unknown,,\r\n");
	ck_assert_str_eq(cap_close(&c), want);
	free(c.s);
}
END_TEST

static const char flag_header[] =
	"\xEF\xBB\xBF" "flag_id,supplier_key,supplier_name,kind,severity,summary,evidence,"
	"first_seen,last_seen,review_status,reviewer,review_date,review_note,next_review,"
	"evidence_link,reopened\r\n";

START_TEST(csvout_flags_writes_header_only_for_no_flags)
{
	struct capture c;

	cap_open(&c);
	csvout_flags(c.fp, NULL, 0);
	ck_assert_str_eq(cap_close(&c), flag_header);
	free(c.s);
}
END_TEST

START_TEST(csvout_flags_writes_exact_rows)
{
	struct supplier a, b;
	struct flag f[2];
	struct capture c;

	memset(&a, 0, sizeof(a));
	a.key = "id:42";
	a.name = "Abbey Care, Ltd";
	memset(&b, 0, sizeof(b));
	b.key = "nm:X";
	b.name = "@home";
	memset(f, 0, sizeof(f));
	strcpy(f[0].id, "F0123456789");
	f[0].supplier = &a;
	f[0].kind = FLAG_SECTOR;
	f[0].severity = "high";
	f[0].summary = "Abbey Care, Ltd: high-risk sector, Residential care (100/100)";
	f[0].evidence = "Mapped by sic: SIC 87100.\nSpend \"this\" period \xc2\xa3" "12,345.00.";
	strcpy(f[0].first_seen, "2025-11");
	strcpy(f[0].last_seen, "2025-12");
	strcpy(f[0].review_status, "under review");
	strcpy(f[1].id, "Fabcdefabcd");
	f[1].supplier = &b;
	f[1].kind = FLAG_UNMATCHED;
	f[1].severity = "low";
	f[1].summary = "+ classify the supplier";
	f[1].evidence = "";
	strcpy(f[1].first_seen, "2025-12");
	strcpy(f[1].last_seen, "2025-12");
	f[0].reviewer = "J. Smith";
	f[0].review_date = 20260112;
	f[0].review_note = "=asked for, their audit";
	f[0].next_review = 20260630;
	f[0].evidence_link = "https://example.org/audit";
	f[1].reopened = "evidence rose: tier High (cleared on tier Medium)";

	cap_open(&c);
	csvout_flags(c.fp, f, 2);
	ck_assert_str_eq(cap_close(&c),
			 "\xEF\xBB\xBF" "flag_id,supplier_key,supplier_name,kind,severity,summary,"
			 "evidence,first_seen,last_seen,review_status,reviewer,review_date,"
			 "review_note,next_review,evidence_link,reopened\r\n"
			 "F0123456789,id:42,\"Abbey Care, Ltd\",high_risk_sector,high,"
			 "\"Abbey Care, Ltd: high-risk sector, Residential care (100/100)\","
			 "\"Mapped by sic: SIC 87100.\nSpend \"\"this\"\" period \xc2\xa3"
			 "12,345.00.\",2025-11,2025-12,under review,J. Smith,2026-01-12,"
			 "\"'=asked for, their audit\",2026-06-30,https://example.org/audit,\r\n"
			 "Fabcdefabcd,nm:X,'@home,unmatched_high_spend,low,'+ classify the supplier,,"
			 "2025-12,2025-12,open,,,,,,"
			 "evidence rose: tier High (cleared on tier Medium)\r\n");
	free(c.s);
}
END_TEST

START_TEST(csvout_reject_rows_are_rfc4180)
{
	struct capture c;
	const char raw[] = "=cmd|' /C calc'!A0,\"12,00\"\nnext";

	cap_open(&c);
	csvout_reject_header(c.fp);
	csvout_reject(c.fp, "spend, march.csv", 1042, "amount '1,2x4.00' is not a number", raw,
		      sizeof(raw) - 1);
	csvout_reject(c.fp, "s.csv", 7, "blank", NULL, 0);
	ck_assert_str_eq(cap_close(&c),
			 "\xEF\xBB\xBF" "file,line,reason,raw\r\n"
			 "\"spend, march.csv\",1042,\"amount '1,2x4.00' is not a number\","
			 "\"'=cmd|' /C calc'!A0,\"\"12,00\"\"\nnext\"\r\n"
			 "s.csv,7,blank,\r\n");
	free(c.s);
}
END_TEST

static const char changes_header[] =
	"\xEF\xBB\xBF" "kind,supplier_key,supplier_name,flag_id,before,after,spend_before_pence,"
	"spend_before,spend_after_pence,spend_after,description\r\n";

START_TEST(csvout_changes_writes_amounts_as_numbers)
{
	struct change ch[3];
	struct change_list cl;
	struct capture c;

	memset(ch, 0, sizeof(ch));
	ch[0] = (struct change){ CHANGE_NEW_SUPPLIER, "id:1", "Acme Ltd", "", "",
				 "\xc2\xa3" "1,200.50", "New since 2025-11: \xc2\xa3" "1,200.50 paid.",
				 0, 120050, 0, 1, 0, 1 };
	ch[1] = (struct change){ CHANGE_TIER_UP, "id:2", "Care Co", "", "Low", "High",
				 "Tier rose.", -250, 5000000, 1, 1, 0, 0 };
	ch[2] = (struct change){ CHANGE_SUPPLIER_GONE, "id:3", "Gone Ltd", "",
				 "\xc2\xa3" "999.99", "", "Paid \xc2\xa3" "999.99 in 2025-11.",
				 99999, 0, 1, 0, 1, 0 };
	memset(&cl, 0, sizeof(cl));
	cl.items = ch;
	cl.n = 3;

	cap_open(&c);
	csvout_changes(c.fp, &cl);
	ck_assert_str_eq(cap_close(&c), "\xEF\xBB\xBF"
			 "kind,supplier_key,supplier_name,flag_id,before,after,spend_before_pence,"
			 "spend_before,spend_after_pence,spend_after,description\r\n"
			 "new_supplier,id:1,Acme Ltd,,,,,,120050,1200.50,"
			 "\"New since 2025-11: \xc2\xa3" "1,200.50 paid.\"\r\n"
			 "tier_up,id:2,Care Co,,Low,High,-250,-2.50,5000000,50000.00,Tier rose.\r\n"
			 "supplier_gone,id:3,Gone Ltd,,,,99999,999.99,,,"
			 "Paid \xc2\xa3" "999.99 in 2025-11.\r\n");
	free(c.s);

	cap_open(&c);
	csvout_changes(c.fp, NULL);
	ck_assert_str_eq(cap_close(&c), changes_header);
	free(c.s);
}
END_TEST

START_TEST(csvout_files_for_people_start_with_a_bom)
{
	struct capture c;

	cap_open(&c);
	csvw_bom(c.fp);
	ck_assert_str_eq(cap_close(&c), CSV_BOM);
	ck_assert_uint_eq(strlen(CSV_BOM), 3);
	free(c.s);
	cap_open(&c);
	csvout_tenders(c.fp, NULL, 0);
	ck_assert(!strncmp(cap_close(&c), CSV_BOM "tender_id,lot,", 17));
	free(c.s);
}
END_TEST

/* Every cell written and read back (csv_neutralised_prefix) is the cell it was. */
START_TEST(csvout_neutralised_cells_read_back_exactly)
{
	static const char *const sample[] = {
		"- phoned supplier", "=Boss", "@intranet/case/1", "+44 1234", "'=already quoted",
		"''-two", "'plain apostrophe", "'", "plain", "-", "\tTabbed", "it's fine",
	};
	size_t i;

	for (i = 0; i < sizeof(sample) / sizeof(sample[0]); i++) {
		struct capture c;
		const char *out = one_cell(&c, sample[i], strlen(sample[i]));
		size_t n = strlen(out) - 2, skip;     /* the CRLF */
		char *back;

		if (out[0] == '"') {                  /* a quoted cell: no quotes inside these */
			out++;
			n -= 2;
		}
		skip = csv_neutralised_prefix(out, n);
		back = strndup(out + skip, n - skip);
		ck_assert_msg(!strcmp(back, sample[i]), "'%s' came back as '%s'", sample[i], back);
		free(back);
		free(c.s);
	}
}
END_TEST

static Suite *csvout_suite(void)
{
	Suite *s = suite_create("csvout");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, csvw_text_quotes_and_neutralises, 0,
			    (int)(sizeof(cells) / sizeof(cells[0])));
	tcase_add_test(tc, csvw_text_keeps_embedded_nul_and_honours_length);
	tcase_add_test(tc, csvw_numbers_are_never_neutralised);
	tcase_add_test(tc, csvout_suppliers_writes_header_only_for_no_suppliers);
	tcase_add_test(tc, csvout_suppliers_writes_exact_rows);
	tcase_add_test(tc, csvout_supplier_names_starting_with_formula_characters);
	tcase_add_test(tc, csvout_suppliers_fills_the_risk_columns);
	tcase_add_test(tc, csvout_flags_writes_header_only_for_no_flags);
	tcase_add_test(tc, csvout_flags_writes_exact_rows);
	tcase_add_test(tc, csvout_reject_rows_are_rfc4180);
	tcase_add_test(tc, csvout_neutralised_cells_read_back_exactly);
	tcase_add_test(tc, csvout_changes_writes_amounts_as_numbers);
	tcase_add_test(tc, csvout_files_for_people_start_with_a_bom);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(csvout_suite)
