/*
 * The Companies House BasicCompanyData reader (companies.h): the real
 * formats (CSV with CRLF or LF, the zip), columns by trimmed header name,
 * dates, SIC codes and previous names, bad rows located and counted, and
 * every cut or hostile file a clear error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "chainwatch/companies.h"
#include "testutil.h"

#define DATA "tests/data/companies/"
#define PART DATA "BasicCompanyData-2020-06-01-part6_7"

struct rows {
	unsigned long n, rejects;
	unsigned long reject_line[8];
	char reason[8][200];
	char where[200];
	char number[16][9];
	char name[16][200];
	struct company_row keep;     /* the row named `want` */
	char want[200];
	char keep_name[200], keep_status[64], keep_postcode[16], keep_prev0[200], keep_number[9];
	int found;
};

static int on_row(void *ctx, const struct company_row *r, struct diag *err)
{
	struct rows *s = ctx;

	(void)err;
	if (s->n < 16) {
		snprintf(s->number[s->n], sizeof(s->number[0]), "%s", r->number);
		snprintf(s->name[s->n], sizeof(s->name[0]), "%s", r->name);
	}
	if (*s->want && !strcmp(r->name, s->want)) {
		s->keep = *r;
		snprintf(s->keep_name, sizeof(s->keep_name), "%s", r->name);
		snprintf(s->keep_number, sizeof(s->keep_number), "%s", r->number);
		snprintf(s->keep_status, sizeof(s->keep_status), "%s", r->status);
		snprintf(s->keep_postcode, sizeof(s->keep_postcode), "%s", r->postcode);
		snprintf(s->keep_prev0, sizeof(s->keep_prev0), "%s",
			 r->nprevious ? r->previous[0] : "");
		s->found = 1;
	}
	s->n++;
	return 0;
}

static void on_reject(void *ctx, const char *where, unsigned long line, const char *reason)
{
	struct rows *s = ctx;

	if (s->rejects < 8) {
		s->reject_line[s->rejects] = line;
		snprintf(s->reason[s->rejects], sizeof(s->reason[0]), "%s", reason);
	}
	snprintf(s->where, sizeof(s->where), "%s", where);
	s->rejects++;
}

static int read_mem(const char *p, size_t n, struct rows *s, struct companies_file *f,
		    struct diag *err)
{
	struct companies_sink sink = { on_row, on_reject, s };

	memset(f, 0, sizeof(*f));
	diag_init(err);
	return companies_read_mem(p, n, "t.csv", &sink, f, err);
}

/* Read `path` through the counting sink, keeping the row named `want` (NULL: none). */
static int read_path(const char *path, const char *want, struct rows *s,
		     struct companies_file *f, struct diag *err)
{
	struct companies_sink sink = { on_row, on_reject, s };

	memset(f, 0, sizeof(*f));
	diag_init(err);
	if (want)
		snprintf(s->want, sizeof(s->want), "%s", want);
	return companies_read_path(path, &sink, f, err);
}

static const char header[] =
	"CompanyName, CompanyNumber,CompanyStatus,IncorporationDate,SICCode.SicText_1,"
	"PreviousName_1.CONDATE, PreviousName_1.CompanyName\r\n";

START_TEST(reads_the_real_crlf_part_file)
{
	struct companies_file f;
	struct rows s = { 0 };
	struct diag err;

	ck_assert_msg(read_path(PART ".csv", "UNIVERSAL BARS LIMITED", &s, &f, &err) == 0, "%s",
		      err.msg);
	ck_assert_uint_eq(f.accepted, 87);
	ck_assert_uint_eq(f.rejected, 0);
	ck_assert_uint_eq(f.records, 87);
	ck_assert_int_eq(f.columns, 55);
	ck_assert_str_eq(s.number[0], "11990344");
	ck_assert_str_eq(s.name[0], "UNIQ FINANCE GROUP LTD");
	ck_assert(s.found);
	ck_assert_str_eq(s.keep_number, "SC416208");
	ck_assert_str_eq(s.keep_status, "Active");
	ck_assert_str_eq(s.keep_postcode, "G41 3AY");
	ck_assert_int_eq(s.keep.incorporated, 20120206);
	ck_assert_int_eq(s.keep.nsic, 1);
	ck_assert_str_eq(s.keep.sic[0], "56302");
	ck_assert_int_eq(f.latest_incorporation >= 20200101, 1);
}
END_TEST

START_TEST(keeps_registered_society_and_charity_numbers)
{
	struct companies_file f;
	struct rows s = { 0 };
	struct diag err;

	ck_assert_int_eq(read_path(PART ".csv", "WEST TYTHERLEY VILLAGE STORE ASSOCIATION LIMITED", &s,
				   &f, &err), 0);
	ck_assert(s.found);
	ck_assert_str_eq(s.keep_number, "IP28116R");
}
END_TEST

START_TEST(reads_the_zip_as_the_csv_inside)
{
	struct companies_file f;
	struct rows s = { 0 };
	struct diag err;

	ck_assert_msg(read_path(PART ".zip", NULL, &s, &f, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(f.accepted, 87);
	ck_assert_uint_eq(s.n, 87);
	ck_assert_str_eq(s.number[0], "11990344");
}
END_TEST

START_TEST(reads_the_lf_sample_with_sic_codes)
{
	struct companies_file f;
	struct rows s = { 0 };
	struct diag err;

	ck_assert_msg(read_path(DATA "basic-sample-2021-01.csv", "!BIG IMPACT GRAPHICS LIMITED", &s,
				&f, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(f.accepted, 31);
	ck_assert_str_eq(s.name[0], "! LIMITED");
	ck_assert_str_eq(s.number[0], "12778855");
	ck_assert(s.found);
	ck_assert_int_eq(s.keep.nsic, 4);
	ck_assert_str_eq(s.keep.sic[0], "18129");
	ck_assert_str_eq(s.keep.sic[3], "74201");
	ck_assert_int_eq(s.keep.incorporated, 20181228);
}
END_TEST

START_TEST(previous_names_and_their_dates)
{
	const char csv[] = "CompanyName, CompanyNumber,CompanyStatus,IncorporationDate,"
		"SICCode.SicText_1,PreviousName_1.CONDATE, PreviousName_1.CompanyName,"
		"PreviousName_2.CONDATE, PreviousName_2.CompanyName\r\n"
		"\"NEWCO LIMITED\",\"1234\",\"Active\",\"01/01/1901\",\"None Supplied\","
		"\"30/06/2019\",\"OLDCO LIMITED\",\"\",\"\"\r\n";
	struct companies_file f;
	struct rows s = { 0 };
	struct diag err;

	snprintf(s.want, sizeof(s.want), "NEWCO LIMITED");
	ck_assert_msg(read_mem(csv, sizeof(csv) - 1, &s, &f, &err) == 0, "%s", err.msg);
	ck_assert(s.found);
	ck_assert_str_eq(s.keep_number, "00001234");
	ck_assert_int_eq(s.keep.incorporated, 19010101);
	ck_assert_int_eq(s.keep.nsic, 0);
	ck_assert_int_eq(s.keep.nprevious, 1);
	ck_assert_str_eq(s.keep_prev0, "OLDCO LIMITED");
	ck_assert_int_eq(s.keep.previous_until[0], 20190630);
}
END_TEST

START_TEST(bad_rows_are_located_and_counted)
{
	char csv[2048];
	struct companies_file f;
	struct rows s = { 0 };
	struct diag err;
	size_t n;

	n = (size_t)snprintf(csv, sizeof(csv), "%s"
		"\"GOOD LTD\",\"00000001\",\"Active\",\"01/02/2003\",\"\",\"\",\"\"\r\n"
		"\"\",\"00000002\",\"Active\",\"\",\"\",\"\",\"\"\r\n"
		"\"BAD NUMBER LTD\",\"12-34/5\",\"Active\",\"\",\"\",\"\",\"\"\r\n"
		"\"SHORT LTD\",\"00000004\"\r\n"
		"\"BAD DATE LTD\",\"00000005\",\"Active\",\"31/02/2003\",\"\",\"\",\"\"\r\n"
		"\r\n"
		"\"LAST LTD\",\"00000006\",\"Active\",\"\",\"\",\"\",\"\"\r\n", header);
	ck_assert_msg(read_mem(csv, n, &s, &f, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(f.accepted, 3);
	ck_assert_uint_eq(f.rejected, 3);
	ck_assert_uint_eq(f.blank, 1);
	ck_assert_uint_eq(f.records, 7);
	ck_assert_uint_eq(f.bad_dates, 1);
	ck_assert_uint_eq(s.reject_line[0], 3);
	ck_assert_str_eq(s.reason[0], "CompanyName is empty");
	ck_assert_uint_eq(s.reject_line[1], 4);
	ck_assert_str_eq(s.reason[1], "CompanyNumber '12-34/5' is not a company number");
	ck_assert_uint_eq(s.reject_line[2], 5);
	ck_assert_str_eq(s.reason[2], "row has 2 fields, the header has 7");
	ck_assert_str_eq(s.where, "t.csv");
}
END_TEST

START_TEST(nul_bytes_and_invalid_utf8)
{
	char csv[512];
	struct companies_file f;
	struct rows s = { 0 };
	struct diag err;
	size_t n;

	n = (size_t)snprintf(csv, sizeof(csv), "%s"
		"\"CAF\xc9 ROUGE LTD\",\"00000001\",\"Active\",\"\",\"\",\"\",\"\"\r\n"
		"\"NUL XLTD\",\"00000002\",\"Active\",\"\",\"\",\"\",\"\"\r\n", header);
	memchr(csv, 'X', n) ? (void)(*(char *)memchr(csv, 'X', n) = '\0') : (void)0;
	snprintf(s.want, sizeof(s.want), "CAF\xc3\x89 ROUGE LTD");
	ck_assert_msg(read_mem(csv, n, &s, &f, &err) == 0, "%s", err.msg);
	ck_assert(s.found);
	ck_assert_uint_eq(f.rejected, 1);
	ck_assert_str_eq(s.reason[0], "record contains a NUL byte");
}
END_TEST

START_TEST(a_huge_field_is_a_rejected_row)
{
	size_t big = (size_t)2 << 20, n;
	char *csv = malloc(big + 512);
	struct companies_file f;
	struct rows s = { 0 };
	struct diag err;

	n = (size_t)snprintf(csv, 512, "%s\"", header);
	memset(csv + n, 'A', big);
	n += big;
	n += (size_t)snprintf(csv + n, 512, "\",\"00000001\",\"Active\",\"\",\"\",\"\",\"\"\r\n"
			      "\"NEXT LTD\",\"00000002\",\"Active\",\"\",\"\",\"\",\"\"\r\n");
	ck_assert_msg(read_mem(csv, n, &s, &f, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(f.rejected, 1);
	ck_assert_uint_eq(f.accepted, 1);
	ck_assert_str_eq(s.reason[0], "record is larger than the reader's limit");
	free(csv);
}
END_TEST

START_TEST(a_csv_cut_after_a_closing_quote_is_refused)
{
	char csv[512];
	struct companies_file f;
	struct rows s = { 0 };
	struct diag err;
	size_t n;

	n = (size_t)snprintf(csv, sizeof(csv), "%s"
		"\"A LTD\",\"00000001\",\"Active\",\"\",\"\",\"\",\"\"\r\n"
		"\"B LTD\",\"00000002\",\"Active\"", header);
	ck_assert_int_eq(read_mem(csv, n, &s, &f, &err), -1);
	ck_assert_msg(strstr(err.msg, "t.csv:3: the last row stops") != NULL, "%s", err.msg);
}
END_TEST

START_TEST(a_missing_header_is_refused)
{
	size_t n;
	char *p = testutil_slurp(PART ".csv", &n);
	char *nl = memchr(p, '\n', n);
	struct companies_file f;
	struct rows s = { 0 };
	struct diag err;

	ck_assert_int_eq(read_mem(nl + 1, n - (size_t)(nl + 1 - p), &s, &f, &err), -1);
	ck_assert_int_eq(err.code, CW_INPUT);
	ck_assert_msg(strstr(err.msg, "not a Companies House BasicCompanyData file") != NULL,
		      "%s", err.msg);
	ck_assert_uint_eq(s.n, 0);
	free(p);
}
END_TEST

START_TEST(an_empty_file_is_refused)
{
	struct companies_file f;
	struct rows s = { 0 };
	struct diag err;

	ck_assert_int_eq(read_mem("", 0, &s, &f, &err), -1);
	ck_assert_msg(strstr(err.msg, "is empty") != NULL, "%s", err.msg);
}
END_TEST

START_TEST(a_zip_with_a_damaged_member_is_refused)
{
	size_t n, i;
	char *p = testutil_slurp(PART ".zip", &n);
	struct companies_file f;
	struct rows s = { 0 };
	struct diag err;

	/* flip bytes in the middle of the deflated data: CRC or inflate error */
	for (i = n / 3; i < n / 3 + 64; i++)
		p[i] = (char)(p[i] ^ 0x5a);
	ck_assert_int_eq(read_mem(p, n, &s, &f, &err), -1);
	ck_assert_int_eq(err.code, CW_INPUT);
	ck_assert_msg(strstr(err.msg, "!BasicCompanyData-2020-06-01-part6_7.csv") != NULL,
		      "%s", err.msg);
	free(p);
}
END_TEST

/* A zip of `n` bytes of one repeated row: 4 MB inflates from a few KB. */
static char *make_zip(size_t n, const char *member, size_t *len)
{
	char path[] = "/tmp/cw-companies-XXXXXX";
	int fd = mkstemp(path), zerr;
	char *csv = malloc(n + sizeof(header)), *out;
	zip_t *z;
	zip_source_t *src;
	size_t k;

	ck_assert_int_ge(fd, 0);
	close(fd);
	k = (size_t)snprintf(csv, sizeof(header), "%s", header);
	while (k + 80 < n)
		k += (size_t)snprintf(csv + k, 80, "\"X LTD\",\"00000001\",\"Active\",\"\",\"\","
				      "\"\",\"\"\r\n");
	z = zip_open(path, ZIP_TRUNCATE | ZIP_CREATE, &zerr);
	ck_assert_ptr_nonnull(z);
	src = zip_source_buffer(z, csv, k, 0);
	ck_assert_int_ge(zip_file_add(z, member, src, 0), 0);
	ck_assert_int_eq(zip_close(z), 0);
	out = testutil_slurp(path, len);
	unlink(path);
	free(csv);
	return out;
}

/* A real file cut short: refused whole, with a message saying so. */
static const struct {
	const char *path;
	size_t keep;           /* bytes kept; 0: half */
	const char *msg;
} cuts[] = {
	{ PART ".csv", 0, "t.csv:41: the file ends inside a quoted field: it was cut off" },
	{ PART ".csv", 20000, "t.csv:42: the last row stops after 19 fields, the header has 55: "
			      "the file was cut off" },
	{ PART ".zip", 0, "not a complete zip" },
	{ PART ".zip", 30, "not a complete zip" },
};

START_TEST(a_file_cut_short_is_refused)
{
	size_t n;
	char *p = testutil_slurp(cuts[_i].path, &n);
	struct companies_file f;
	struct rows s = { 0 };
	struct diag err;

	ck_assert_int_eq(read_mem(p, cuts[_i].keep ? cuts[_i].keep : n / 2, &s, &f, &err), -1);
	ck_assert_int_eq(err.code, CW_INPUT);
	ck_assert_msg(strstr(err.msg, cuts[_i].msg) != NULL, "%s", err.msg);
	free(p);
}
END_TEST

/* Zips made here: one member of `bytes` of repeated rows. */
static const struct {
	size_t bytes;
	const char *member;
	int rc;
	const char *msg;       /* NULL: read */
} zips[] = {
	{ (size_t)4 << 20, "BasicCompanyData.csv", -1, "t.csv!BasicCompanyData.csv: 4194224 bytes "
						    "uncompressed, more than the limit of" },
	{ 1000, "readme.txt", -1, "holds no .csv file" },
	{ 100000, "part.csv", 0, NULL },
};

START_TEST(zips_made_here)
{
	size_t n;
	char *p = make_zip(zips[_i].bytes, zips[_i].member, &n);
	struct companies_file f;
	struct rows s = { 0 };
	struct diag err;

	ck_assert_int_eq(read_mem(p, n, &s, &f, &err), zips[_i].rc);
	if (zips[_i].msg)
		ck_assert_msg(strstr(err.msg, zips[_i].msg) != NULL, "%s", err.msg);
	else
		ck_assert_uint_gt(f.accepted, 1000);
	free(p);
}
END_TEST

START_TEST(a_missing_file_is_an_input_error)
{
	struct companies_sink sink = { on_row, on_reject, NULL };
	struct companies_file f = { 0 };
	struct diag err;

	diag_init(&err);
	ck_assert_int_eq(companies_read_path(DATA "no-such.zip", &sink, &f, &err), -1);
	ck_assert_int_eq(err.code, CW_INPUT);
	ck_assert_msg(strstr(err.msg, "cannot open") != NULL, "%s", err.msg);
}
END_TEST

static int stop_at_five(void *ctx, const struct company_row *r, struct diag *err)
{
	unsigned long *n = ctx;

	(void)r;
	if (++*n == 5)
		return diag_set(err, CW_DATABASE, "sink full");
	return 0;
}

START_TEST(a_sink_error_stops_the_read)
{
	unsigned long n = 0;
	struct companies_sink sink = { stop_at_five, NULL, &n };
	struct companies_file f = { 0 };
	struct diag err;

	diag_init(&err);
	ck_assert_int_eq(companies_read_path(PART ".zip", &sink, &f, &err), -1);
	ck_assert_int_eq(err.code, CW_DATABASE);
	ck_assert_str_eq(err.msg, "sink full");
	ck_assert_uint_eq(n, 5);
}
END_TEST

START_TEST(the_register_date_comes_from_the_file_name)
{
	ck_assert_int_eq(companies_file_date("x/BasicCompanyData-2024-01-01-part1_7.zip"), 20240101);
	ck_assert_int_eq(companies_file_date("BasicCompanyDataAsOneFile-2025-11-01.zip"), 20251101);
	ck_assert_int_eq(companies_file_date("BasicCompanyData-2024-02-30.csv"), 0);
	ck_assert_int_eq(companies_file_date("companies.csv"), 0);
	ck_assert_int_eq(companies_status_active("Active - Proposal to Strike off"), 1);
	ck_assert_int_eq(companies_status_active("Liquidation"), 0);
}
END_TEST

static Suite *companies_suite(void)
{
	Suite *s = suite_create("companies");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, reads_the_real_crlf_part_file);
	tcase_add_test(tc, keeps_registered_society_and_charity_numbers);
	tcase_add_test(tc, reads_the_zip_as_the_csv_inside);
	tcase_add_test(tc, reads_the_lf_sample_with_sic_codes);
	tcase_add_test(tc, previous_names_and_their_dates);
	tcase_add_test(tc, bad_rows_are_located_and_counted);
	tcase_add_test(tc, nul_bytes_and_invalid_utf8);
	tcase_add_test(tc, a_huge_field_is_a_rejected_row);
	tcase_add_test(tc, a_csv_cut_after_a_closing_quote_is_refused);
	tcase_add_test(tc, a_missing_header_is_refused);
	tcase_add_test(tc, an_empty_file_is_refused);
	tcase_add_test(tc, a_zip_with_a_damaged_member_is_refused);
	tcase_add_loop_test(tc, a_file_cut_short_is_refused, 0, (int)(sizeof(cuts) / sizeof(cuts[0])));
	tcase_add_loop_test(tc, zips_made_here, 0, (int)(sizeof(zips) / sizeof(zips[0])));
	tcase_add_test(tc, a_missing_file_is_an_input_error);
	tcase_add_test(tc, a_sink_error_stops_the_read);
	tcase_add_test(tc, the_register_date_comes_from_the_file_name);
	tcase_set_timeout(tc, 30);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(companies_suite)
