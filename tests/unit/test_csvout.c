#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	"supplier_key,name,supplier_ids,names_seen,company_number,vat_number,spend_pence,"
	"spend,transactions,in_master,match,country,sector_id,sector_label,sector_score,"
	"sector_rule,geography_score,goods_score,risk_score,tier,priority,reasons,"
	"statement_status\r\n";

START_TEST(csvout_suppliers_writes_header_only_for_no_suppliers)
{
	struct capture c;

	cap_open(&c);
	csvout_suppliers(c.fp, NULL, 0);
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

	memset(&a, 0, sizeof(a));
	a.key = "id:00123";
	a.name = "=HYPERLINK(\"http://x\")";
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
	b.names[0] = b.name;
	b.nnames = 1;
	b.spend_pence = -50;
	b.transactions = 1;

	cap_open(&c);
	csvout_suppliers(c.fp, list, 2);
	snprintf(want, sizeof(want), "%s%s%s", supplier_header,
		 "id:00123,\"'=HYPERLINK(\"\"http://x\"\")\",00123; -7,"
		 "\"'=HYPERLINK(\"\"http://x\"\"); Acme, Ltd\",01234567,GB123456789,"
		 "123456789,1234567.89,12,yes,supplier id,United Kingdom,,,,,,,,,,,\r\n",
		 "nm:CAFE \xc3\x89LAN,\"Caf\xc3\xa9 \xc3\x89lan\nLtd\",,\"Caf\xc3\xa9 \xc3\x89lan\nLtd\",,,"
		 "-50,-0.50,1,no,,,,,,,,,,,,,\r\n");
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
		csvout_suppliers(c.fp, list, 1);
		cap_close(&c);
		snprintf(line, sizeof(line), "%snm:X,%s,,,,,0,0.00,0,no,,,,,,,,,,,,,\r\n",
			 supplier_header, want[i]);
		ck_assert_str_eq(c.s, line);
		free(c.s);
	}
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
			 "file,line,reason,raw\r\n"
			 "\"spend, march.csv\",1042,\"amount '1,2x4.00' is not a number\","
			 "\"'=cmd|' /C calc'!A0,\"\"12,00\"\"\nnext\"\r\n"
			 "s.csv,7,blank,\r\n");
	free(c.s);
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
	tcase_add_test(tc, csvout_reject_rows_are_rfc4180);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(csvout_suite)
