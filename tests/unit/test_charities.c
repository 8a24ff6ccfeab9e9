/*
 * The Charity Commission register extract reader (charities.h), text form:
 * TABs, backslash escapes, CRLF, a BOM; linked charities left out; bad
 * rows located and counted; a cut-off file refused.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chainwatch/buf.h"
#include "chainwatch/charities.h"
#include "testutil.h"

#define SAMPLE "tests/data/charities/publicextract.charity.txt"

struct seen {
	unsigned long n, rejects, reject_line[8];
	char reason[8][160];
	char number[8][12], name[8][160], company[8][12], postcode[8][16], type[8][96];
	enum charity_register reg[8];
	int32_t registered[8], removed[8];
	int64_t income[8];
	int cio[8], insolvent[8], cross_border[8];
	unsigned long line[8];
	/* classification rows: number and code; other names: number, name, kind */
	unsigned long ncls, nother;
	char cls_number[16][12], other_number[8][12], other_name[8][160];
	int cls_code[16];
	enum charity_name_kind other_kind[8];
};

static int on_row(void *ctx, const struct charity_row *r, struct diag *err)
{
	struct seen *s = ctx;

	(void)err;
	if (r->table == CHARITY_TABLE_CLASSIFICATION) {
		if (s->ncls < 16) {
			snprintf(s->cls_number[s->ncls], sizeof(s->cls_number[0]), "%s", r->number);
			s->cls_code[s->ncls] = r->code;
		}
		s->ncls++;
		return 0;
	}
	if (r->table == CHARITY_TABLE_OTHER_NAMES) {
		if (s->nother < 8) {
			snprintf(s->other_number[s->nother], sizeof(s->other_number[0]), "%s",
				 r->number);
			snprintf(s->other_name[s->nother], sizeof(s->other_name[0]), "%s", r->name);
			s->other_kind[s->nother] = r->name_kind;
		}
		s->nother++;
		return 0;
	}
	if (s->n < 8) {
		snprintf(s->number[s->n], sizeof(s->number[0]), "%s", r->number);
		snprintf(s->name[s->n], sizeof(s->name[0]), "%s", r->name);
		snprintf(s->company[s->n], sizeof(s->company[0]), "%s", r->company_number);
		s->registered[s->n] = r->registered;
		s->removed[s->n] = r->removed;
		s->income[s->n] = r->income;
		s->cio[s->n] = r->cio;
		s->insolvent[s->n] = r->insolvent;
		s->line[s->n] = r->line;
		s->reg[s->n] = r->reg;
		s->cross_border[s->n] = r->cross_border;
		snprintf(s->postcode[s->n], sizeof(s->postcode[0]), "%s", r->postcode);
		snprintf(s->type[s->n], sizeof(s->type[0]), "%s", r->type);
	}
	s->n++;
	return 0;
}

static void on_reject(void *ctx, unsigned long line, const char *reason)
{
	struct seen *s = ctx;

	if (s->rejects < 8) {
		s->reject_line[s->rejects] = line;
		snprintf(s->reason[s->rejects], sizeof(s->reason[0]), "%s", reason);
	}
	s->rejects++;
}

/* The rejects s saw: their lines and reasons, in order. */
static void expect_rejects(const struct seen *s, const unsigned long *lines,
			   const char *const *reasons, size_t n)
{
	size_t i;

	ck_assert_uint_eq(s->rejects, n);
	for (i = 0; i < n; i++) {
		ck_assert_uint_eq(s->reject_line[i], lines[i]);
		ck_assert_str_eq(s->reason[i], reasons[i]);
	}
}

/* What a file held: its records, accepted, linked and rejected. */
static void expect_counts(const struct charities_file *f, unsigned long records,
			  unsigned long accepted, unsigned long linked, unsigned long rejected)
{
	ck_assert_uint_eq(f->records, records);
	ck_assert_uint_eq(f->accepted, accepted);
	ck_assert_uint_eq(f->linked, linked);
	ck_assert_uint_eq(f->rejected, rejected);
}

static int read_mem(const char *p, size_t n, struct seen *s, struct charities_file *f,
		    struct diag *err)
{
	struct charities_sink sink = { on_row, on_reject, s };

	diag_init(err);
	return charities_read_mem(p, n, "x.txt", &sink, f, err);
}

START_TEST(reads_the_extract)
{
	struct charities_sink sink;
	struct charities_file f;
	struct seen s = { 0 };
	struct diag err;
	int fd = open(SAMPLE, O_RDONLY);

	ck_assert_int_ge(fd, 0);
	sink = (struct charities_sink){ on_row, on_reject, &s };
	diag_init(&err);
	ck_assert_msg(charities_read_fd(fd, SAMPLE, &sink, &f, &err) == 0, "%s", err.msg);
	close(fd);
	ck_assert_uint_eq(f.records, 9);
	ck_assert_uint_eq(f.accepted, 5);
	ck_assert_uint_eq(f.linked, 1);
	ck_assert_uint_eq(f.rejected, 3);
	ck_assert_uint_eq(f.bad_dates, 1);
	ck_assert_int_eq(f.extract_date, 20261201);
	ck_assert_int_eq(f.columns, 34);
	/* a charitable company */
	ck_assert_str_eq(s.number[0], "200001");
	ck_assert_str_eq(s.name[0], "DEVON COMMUNITY HOSPICE TRUST");
	ck_assert_str_eq(s.company[0], "02876543");
	ck_assert_int_eq(s.registered[0], 19940512);
	ck_assert_int_eq(s.income[0], 2345678);
	/* a CIO */
	ck_assert_str_eq(s.number[1], "1180001");
	ck_assert_int_eq(s.cio[1], 1);
	ck_assert_int_eq(s.income[1], 45210);
	/* removed, with a TAB and a line break escaped in another field */
	ck_assert_str_eq(s.name[2], "OLD PLYMOUTH ALMSHOUSES");
	ck_assert_int_eq(s.removed[2], 20190331);
	ck_assert_uint_eq(s.line[2], 5);
	/* escapes in the name itself; a date that is not one */
	ck_assert_str_eq(s.name[3], "Children\\s Play Trust");
	ck_assert_uint_eq(s.line[3], 7);
	ck_assert_int_eq(s.registered[3], 0);
	ck_assert_int_eq(s.income[3], -1);
	ck_assert_int_eq(s.registered[4], 20010720);
	ck_assert_int_eq(s.insolvent[4], 1);
	/* rejected, with their lines */
	expect_rejects(&s, (const unsigned long[]){ 8, 9, 10 }, (const char *const[]){
		"registered_charity_number 'CH123' is not a charity number",
		"charity_name is empty", "row has 4 fields, the header has 34" }, 3);
}
END_TEST

START_TEST(memory_and_fd_agree)
{
	size_t n;
	char *p = testutil_slurp(SAMPLE, &n);
	struct charities_file f;
	struct seen s = { 0 };
	struct diag err;

	ck_assert_msg(read_mem(p, n, &s, &f, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(f.accepted, 5);
	ck_assert_uint_eq(f.rejected, 3);
	free(p);
}
END_TEST

/* Cut short, or not one of the three registers: refused whole. */
static const struct {
	const char *text;
	const char *msg;
} refused[] = {
	{ "", "'x.txt' is empty" },
	{ "registered_charity_number\tcharity_name\r\n1\tA\r\n2\tB\\", "x.txt:3: the file ends "
	  "inside an escape: it was cut off" },
	{ "registered_charity_number\tcharity_name\tcharity_type\r\n1\tA\tTrust\r\n2\tB",
	  "x.txt:3: the last row stops after 2 fields, the header has 3: the file was cut off" },
	{ "1\tA CHARITY\tTrust\r\n", "is not a Charity Commission register extract" },
	{ "[{\"organisation_number\": 1}]", "is not a Charity Commission register extract" },
	/* OSCR's and CCNI's CSVs cut off inside quotes or on a short last row, or no register's */
	{ "Charity Number,Charity Name,Postcode\r\nSC000001,\"A, B\",G1 1AA\r\nSC000002,\"C",
	  "x.txt:3: the file ends inside a quoted field: it was cut off" },
	{ "Charity Number,Charity Name,Postcode\r\nSC000001,A,G1 1AA\r\nSC000002,B",
	  "x.txt:3: the last row stops after 2 fields" },
	{ "Reg charity number,Charity name,Status\n100001,A,Registered\n100002,B",
	  "x.txt:3: the last row stops after 2 fields" },
	{ "Number,Name\n1,A\n", "an OSCR register CSV" },
};

START_TEST(refuses_what_it_cannot_trust)
{
	struct charities_file f;
	struct seen s = { 0 };
	struct diag err;

	ck_assert_int_eq(read_mem(refused[_i].text, strlen(refused[_i].text), &s, &f, &err), -1);
	ck_assert_int_eq(err.code, CW_INPUT);
	ck_assert_msg(strstr(err.msg, refused[_i].msg) != NULL, "%s", err.msg);
}
END_TEST

START_TEST(nul_bytes_huge_records_and_invalid_utf8)
{
	size_t big = CHARITIES_MAX_RECORD + 100, n;
	char *p = malloc(big + 200);
	struct charities_file f;
	struct seen s = { 0 };
	struct diag err;

	static const char head[] = "registered_charity_number\tcharity_name\n1\tCAF\xc9\n"
				   "2\tN\0L\n3\t";

	n = sizeof(head) - 1;
	memcpy(p, head, n);
	memset(p + n, 'A', big);
	n += big;
	memcpy(p + n, "\n4\tLAST\n", 8);
	n += 8;
	ck_assert_msg(read_mem(p, n, &s, &f, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(f.accepted, 2);
	ck_assert_str_eq(s.name[0], "CAF\xc3\x89");
	ck_assert_str_eq(s.name[1], "LAST");
	ck_assert_uint_eq(f.rejected, 2);
	ck_assert_str_eq(s.reason[0], "record contains a NUL byte");
	ck_assert_str_eq(s.reason[1], "record is larger than the reader's limit");
	free(p);
}
END_TEST

/* The same for the other-names and classification tables, and OSCR's lists. */
START_TEST(hostile_input_in_the_other_tables)
{
	size_t big = 5u << 20, n;
	char *p = malloc(big + 400);
	struct charities_file f;
	struct seen s = { 0 };
	struct diag err;

	static const char head[] = "registered_charity_number\tcharity_name_type\tcharity_name\n"
				   "1\tWorking Name\tCAF\xc9 \xff\n2\tWorking Name\tN\0L\n3\tWorking Name\t";
	static const char cls[] = "registered_charity_number\tclassification_code\n1\t202\n"
				  "2\t2\x00" "2\n3\t9999\n4\t\xff\xfe\n5\t-01\n6\t306";
	static const char oscr[] = "Charity Number,Charity Name,Purposes,Beneficiaries\n"
				   "SC000001,A,\"'unclosed,'The advancement of health\",\"''',,,'\"\n"
				   "SC000002,B,\"\xff\xfe'\",Older people\n";

	n = sizeof(head) - 1;
	memcpy(p, head, n);
	memset(p + n, 'A', big);
	n += big;
	memcpy(p + n, "\n4\tPrevious name\tLAST\n", 22);
	n += 22;
	ck_assert_msg(read_mem(p, n, &s, &f, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(f.other_names, 2);
	ck_assert_str_eq(s.other_name[0], "CAF\xc3\x89 \xc3\xbf");
	ck_assert_str_eq(s.other_name[1], "LAST");
	ck_assert_int_eq(s.other_kind[1], CHARITY_NAME_PREVIOUS);
	ck_assert_msg(f.rejected == 2, "%lu: %s; %s; %s", f.rejected, s.reason[0], s.reason[1],
		      s.reason[2]);
	ck_assert_str_eq(s.reason[0], "record contains a NUL byte");
	ck_assert_str_eq(s.reason[1], "record is larger than the reader's limit");
	memset(&s, 0, sizeof(s));
	ck_assert_msg(read_mem(cls, sizeof(cls) - 1, &s, &f, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(s.ncls, 2);
	ck_assert_int_eq(s.cls_code[0], 202);
	ck_assert_int_eq(s.cls_code[1], 306);
	ck_assert_uint_eq(f.rejected, 4);
	/* OSCR's lists: an unclosed quote, empty items, bytes that are not UTF-8 */
	memset(&s, 0, sizeof(s));
	ck_assert_msg(read_mem(oscr, sizeof(oscr) - 1, &s, &f, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(f.accepted, 2);
	ck_assert_uint_eq(s.ncls, 2);
	ck_assert_int_eq(s.cls_code[0], 103);      /* the quote closes inside: the rest an item */
	ck_assert_int_eq(s.cls_code[1], 202);
	free(p);
}
END_TEST

#define OSCR "tests/data/charities/CharityExport-OSCR.csv"
#define CCNI "tests/data/charities/CCNI-export.csv"

static int read_file(const char *path, struct seen *s, struct charities_file *f, struct diag *err)
{
	struct charities_sink sink = { on_row, on_reject, s };
	int fd = open(path, O_RDONLY), rc;

	ck_assert_int_ge(fd, 0);
	diag_init(err);
	rc = charities_read_fd(fd, path, &sink, f, err);
	close(fd);
	return rc;
}

/* OSCR's register CSV, told by its header: a BOM, CRLF, quoted lists, SC numbers. */
START_TEST(reads_oscr)
{
	struct charities_file f;
	struct seen s = { 0 };
	struct diag err;
	size_t n;
	char *p;

	ck_assert_msg(read_file(OSCR, &s, &f, &err) == 0, "%s", err.msg);
	expect_counts(&f, 8, 5, 0, 3);
	ck_assert_int_eq(f.columns, 36);
	ck_assert_int_eq(s.reg[0], CHARITY_OSCR);
	ck_assert_str_eq(s.number[0], "SC012345");
	ck_assert_str_eq(s.name[0], "Glasgow Community Food Trust");
	ck_assert_int_eq(s.registered[0], 19980312);
	ck_assert_str_eq(s.postcode[0], "G1 1AA");
	ck_assert_int_eq(s.income[0], 123456);
	ck_assert_int_eq(s.cio[0], 0);
	ck_assert_uint_eq(s.line[0], 2);
	/* a date with a time, an income with commas, an SCIO */
	ck_assert_str_eq(s.number[1], "SC045678");
	ck_assert_int_eq(s.registered[1], 20150701);
	ck_assert_int_eq(s.income[1], 1234567);
	ck_assert_int_eq(s.cio[1], 1);
	ck_assert_str_eq(s.type[1], "SCIO (Scottish Charitable Incorporated Organisation)");
	ck_assert_int_eq(s.income[2], -1);
	ck_assert_int_eq(s.registered[2], 19700101);
	/* 31/02 is no date; "unknown" no income */
	ck_assert_int_eq(s.registered[3], 0);
	ck_assert_int_eq(s.income[3], -1);
	/* Regulatory Type: Cross Border (also on England and Wales's register) */
	ck_assert_int_eq(s.cross_border[3], 1);
	ck_assert_int_eq(s.cross_border[0], 0);
	ck_assert_str_eq(s.number[4], "SC077777");
	ck_assert_int_eq(s.registered[4], 20050505);
	ck_assert_uint_eq(f.bad_dates, 1);
	expect_rejects(&s, (const unsigned long[]){ 6, 7, 8 }, (const char *const[]){
		"Charity Number '12345' is not a charity number", "Charity Name is empty",
		"row has 3 fields, the header has 36" }, 3);
	/* the same from memory */
	p = testutil_slurp(OSCR, &n);
	memset(&s, 0, sizeof(s));
	ck_assert_msg(read_mem(p, n, &s, &f, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(f.accepted, 5);
	ck_assert_str_eq(s.number[1], "SC045678");
	free(p);
}
END_TEST

/* CCNI's export: Windows-1252, a sub charity left out, the postcode from the address. */
START_TEST(reads_ccni)
{
	struct charities_file f;
	struct seen s = { 0 };
	struct diag err;

	ck_assert_msg(read_file(CCNI, &s, &f, &err) == 0, "%s", err.msg);
	expect_counts(&f, 5, 3, 1, 1);
	ck_assert_int_eq(s.reg[0], CHARITY_CCNI);
	ck_assert_str_eq(s.number[0], "100019");
	ck_assert_str_eq(s.company[0], "NI012345");
	ck_assert_str_eq(s.postcode[0], "BT1 1AA");
	ck_assert_int_eq(s.income[0], 45210);
	ck_assert_int_eq(s.registered[0], 20140401);
	ck_assert_str_eq(s.name[1], "Newry Caf\xC3\xA9 Project");
	ck_assert_str_eq(s.company[1], "");
	ck_assert_str_eq(s.postcode[1], "BT34 1AA");
	ck_assert_int_eq(s.income[1], 1200000);
	ck_assert_str_eq(s.postcode[2], "");
	expect_rejects(&s, (const unsigned long[]){ 6 }, (const char *const[]){
		"Reg charity number 'ABC' is not a charity number" }, 1);
}
END_TEST

/* A CSV from a pipe (no seeking back after the first line): read from memory, the same rows. */
START_TEST(reads_a_csv_from_a_pipe)
{
	struct charities_sink sink;
	struct charities_file f;
	struct seen s = { 0 };
	struct diag err;
	size_t n;
	char *p = testutil_slurp(CCNI, &n);
	int fds[2];

	ck_assert_int_eq(pipe(fds), 0);
	ck_assert_uint_lt(n, 4096);            /* fits the pipe: written whole before the read */
	ck_assert_int_eq(write(fds[1], p, n), (ssize_t)n);
	close(fds[1]);
	sink = (struct charities_sink){ on_row, on_reject, &s };
	diag_init(&err);
	ck_assert_msg(charities_read_fd(fds[0], "-", &sink, &f, &err) == 0, "%s", err.msg);
	close(fds[0]);
	expect_counts(&f, 5, 3, 1, 1);
	ck_assert_str_eq(s.postcode[1], "BT34 1AA");
	free(p);
}
END_TEST

/* ---- the extract's JSON form ---- */

#define SAMPLE_JSON "tests/data/charities/publicextract.charity.json"

/* Every accepted row as one line of text (all but its line number), every reject's reason. */
struct all_rows {
	struct buf rows, rejects;
};

static int all_row(void *ctx, const struct charity_row *r, struct diag *err)
{
	struct all_rows *a = ctx;

	(void)err;
	buf_printf(&a->rows, "%d|%s|%s|%s|%s|%d|%d|%s|%s|%lld|%d|%d|%d|%d\n", (int)r->reg, r->number,
		   r->name, r->type, r->status, (int)r->registered, (int)r->removed,
		   r->company_number, r->postcode, (long long)r->income, r->cio, r->insolvent,
		   r->in_administration, r->cross_border);
	return 0;
}

static void all_reject(void *ctx, unsigned long line, const char *reason)
{
	struct all_rows *a = ctx;

	(void)line;
	buf_printf(&a->rejects, "%s\n", reason);
}

static int read_all_rows(const char *path, struct all_rows *a, struct charities_file *f,
			 struct diag *err)
{
	struct charities_sink sink = { all_row, all_reject, a };
	int fd = open(path, O_RDONLY), rc;

	ck_assert_int_ge(fd, 0);
	buf_init(&a->rows, 0);
	buf_init(&a->rejects, 0);
	diag_init(err);
	rc = charities_read_fd(fd, path, &sink, f, err);
	close(fd);
	return rc;
}

static void all_release(struct all_rows *a)
{
	buf_release(&a->rows);
	buf_release(&a->rejects);
}

/*
 * The JSON fixture is the text fixture's rows through scripts/ccew-json.py
 * (numbers, true/false, null, "T" dates), less the short row, which has no
 * JSON form: the same rows, linked charities, bad dates and rejects.
 */
START_TEST(json_form_gives_the_text_forms_rows)
{
	struct all_rows t, j;
	struct charities_file ft, fj;
	struct diag err;

	ck_assert_msg(read_all_rows(SAMPLE, &t, &ft, &err) == 0, "%s", err.msg);
	ck_assert_msg(read_all_rows(SAMPLE_JSON, &j, &fj, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(fj.accepted, 5);
	ck_assert_str_eq(j.rows.s, t.rows.s);
	/* the same reasons, which say the object too: one line can hold them all */
	ck_assert_str_eq(j.rejects.s, "registered_charity_number 'CH123' is not a charity number "
			 "(object 6 of the array)\ncharity_name is empty (object 7 of the array)\n");
	ck_assert_uint_eq(fj.records, ft.records - 1);
	ck_assert_uint_eq(fj.linked, ft.linked);
	ck_assert_uint_eq(fj.bad_dates, ft.bad_dates);
	ck_assert_int_eq(fj.extract_date, ft.extract_date);
	ck_assert_int_eq(fj.columns, ft.columns);
	all_release(&t);
	all_release(&j);
}
END_TEST

/* From memory and from a pipe, with the lines its objects start on. */
START_TEST(json_form_from_memory_and_a_pipe)
{
	size_t n;
	char *p = testutil_slurp(SAMPLE_JSON, &n);
	struct charities_sink sink;
	struct charities_file f;
	struct seen s = { 0 }, sp = { 0 };
	struct diag err;
	int fds[2];

	ck_assert_msg(read_mem(p, n, &s, &f, &err) == 0, "%s", err.msg);
	expect_counts(&f, 8, 5, 1, 2);
	ck_assert_uint_eq(s.line[0], 2);
	ck_assert_uint_eq(s.line[2], 5);
	ck_assert_str_eq(s.name[3], "Children\\s Play Trust");
	expect_rejects(&s, (const unsigned long[]){ 7, 8 }, (const char *const[]){
		"registered_charity_number 'CH123' is not a charity number (object 6 of the array)",
		"charity_name is empty (object 7 of the array)" }, 2);
	ck_assert_int_eq(pipe(fds), 0);
	ck_assert_uint_lt(n, 16384);
	ck_assert_int_eq(write(fds[1], p, n), (ssize_t)n);
	close(fds[1]);
	sink = (struct charities_sink){ on_row, on_reject, &sp };
	diag_init(&err);
	ck_assert_msg(charities_read_fd(fds[0], "-", &sink, &f, &err) == 0, "%s", err.msg);
	close(fds[0]);
	expect_counts(&f, 8, 5, 1, 2);
	ck_assert_str_eq(sp.name[4], s.name[4]);
	free(p);
}
END_TEST

#define CLASSES "tests/data/charities/publicextract.charity_classification.txt"
#define OTHER "tests/data/charities/publicextract.charity_other_names.txt"

/* The extract's classification table, told by its header: linked rows left out, a bad code. */
START_TEST(reads_the_classification_table)
{
	struct charities_file f;
	struct seen s = { 0 };
	struct diag err;

	ck_assert_msg(read_file(CLASSES, &s, &f, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(f.table, CHARITY_TABLE_CLASSIFICATION);
	ck_assert_int_eq(f.reg, CHARITY_CCEW);
	expect_counts(&f, 11, 9, 1, 1);
	ck_assert_uint_eq(f.classifications, 9);
	ck_assert_uint_eq(s.n, 0);
	ck_assert_uint_eq(s.ncls, 9);
	ck_assert_str_eq(s.cls_number[0], "200001");
	ck_assert_int_eq(s.cls_code[0], 103);
	ck_assert_int_eq(s.cls_code[3], 306);
	ck_assert_str_eq(s.cls_number[4], "1180001");
	ck_assert_int_eq(s.cls_code[4], 105);
	ck_assert_int_eq(f.extract_date, 20261201);
	expect_rejects(&s, (const unsigned long[]){ 12 }, (const char *const[]){
		"classification_code 'X1' is not a classification code" }, 1);
}
END_TEST

/* The other-names table: working and previous names; an empty name rejected. */
START_TEST(reads_the_other_names_table)
{
	struct charities_file f;
	struct seen s = { 0 };
	struct diag err;

	ck_assert_msg(read_file(OTHER, &s, &f, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(f.table, CHARITY_TABLE_OTHER_NAMES);
	expect_counts(&f, 6, 4, 1, 1);
	ck_assert_uint_eq(f.other_names, 4);
	ck_assert_uint_eq(s.nother, 4);
	ck_assert_str_eq(s.other_name[0], "Exeter Foodbank");
	ck_assert_int_eq(s.other_kind[0], CHARITY_NAME_WORKING);
	ck_assert_str_eq(s.other_number[1], "200001");
	ck_assert_int_eq(s.other_kind[1], CHARITY_NAME_PREVIOUS);
	ck_assert_str_eq(s.other_name[2], "St Mary's Hall, Exeter");
	expect_rejects(&s, (const unsigned long[]){ 7 }, (const char *const[]){
		"charity_name is empty" }, 1);
}
END_TEST

/* The kind is the header's: the file's name says nothing (a table under another name). */
START_TEST(tables_told_by_header_not_name)
{
	static const char cls[] = "registered_charity_number\tlinked_charity_number\t"
				  "classification_code\n1090095\t0\t202\n";
	static const char oth[] = "registered_charity_number\tcharity_name_type\tcharity_name\n"
				  "1090095\tPrevious Name\tOLD NAME TRUST\n";
	struct charities_file f;
	struct seen s = { 0 };
	struct diag err;

	ck_assert_int_eq(read_mem(cls, sizeof(cls) - 1, &s, &f, &err), 0);
	ck_assert_int_eq(f.table, CHARITY_TABLE_CLASSIFICATION);
	ck_assert_int_eq(s.cls_code[0], 202);
	ck_assert_int_eq(read_mem(oth, sizeof(oth) - 1, &s, &f, &err), 0);
	ck_assert_int_eq(f.table, CHARITY_TABLE_OTHER_NAMES);
	ck_assert_str_eq(s.other_name[0], "OLD NAME TRUST");
	ck_assert_int_eq(s.other_kind[0], CHARITY_NAME_PREVIOUS);
	ck_assert_uint_eq(s.n, 0);
}
END_TEST

/* OSCR: Known As an other name; its lists read across to codes, the uncertain ones not. */
START_TEST(oscr_known_as_and_classification)
{
	static const char csv[] =
		"Charity Number,Charity Name,Known As,Purposes,Beneficiaries,Activities\r\n"
		"SC000001,Highland Elder Care Trust,Elder Care Highland,"
		"\"'The advancement of health','The relief of those in need by reason of age, "
		"ill health, disability, financial hardship or other disadvantage'\","
		"\"'Older people','People with disabilities or health problems'\","
		"\"'It carries out activities or services itself','It makes grants, donations or "
		"gifts to organisations'\"\r\n"
		"SC000002,Plain Trust,Plain Trust,The advancement of education,OLDER PEOPLE,\r\n";
	struct charities_file f;
	struct seen s = { 0 };
	struct diag err;

	ck_assert_msg(read_mem(csv, sizeof(csv) - 1, &s, &f, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(f.accepted, 2);
	/* a Known As the same as the name is no other name */
	ck_assert_uint_eq(s.nother, 1);
	ck_assert_str_eq(s.other_name[0], "Elder Care Highland");
	ck_assert_str_eq(s.other_number[0], "SC000001");
	ck_assert_int_eq(s.other_kind[0], CHARITY_NAME_WORKING);
	ck_assert_msg(s.ncls == 6, "%lu: %d %d %d %d", s.ncls, s.cls_code[0], s.cls_code[1], s.cls_code[2], s.cls_code[3]);
	ck_assert_int_eq(s.cls_code[0], 103);
	ck_assert_int_eq(s.cls_code[1], 202);
	ck_assert_int_eq(s.cls_code[2], 203);
	ck_assert_int_eq(s.cls_code[3], 302);
	/* unquoted items, case and spacing folded */
	ck_assert_str_eq(s.cls_number[4], "SC000002");
	ck_assert_int_eq(s.cls_code[4], 102);
	ck_assert_int_eq(s.cls_code[5], 202);
	ck_assert_uint_eq(f.classifications, 6);
	ck_assert_uint_eq(f.other_names, 1);
}
END_TEST

/* CCNI: statutory purposes read across; what, who and how only when they are the Commission's names. */
START_TEST(ccni_purposes_and_classification_names)
{
	struct charities_file f;
	struct seen s = { 0 };
	struct diag err;

	static const char csv[] =
		"Reg charity number,Charity name,Charitable purposes,What the charity does,"
		"Who the charity helps,How the charity works\n"
		"100019,A,The advancement of education;The prevention or relief of poverty,"
		"\"Education/training, Accommodation/housing, Sport\",Elderly/old people,"
		"\"Provides services; Provides advocacy\"\n";

	ck_assert_msg(read_mem(csv, sizeof(csv) - 1, &s, &f, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(f.accepted, 1);
	ck_assert_msg(s.ncls == 6, "%lu: %d %d %d %d", s.ncls, s.cls_code[0], s.cls_code[1], s.cls_code[2], s.cls_code[3]);
	ck_assert_int_eq(s.cls_code[0], 102);
	ck_assert_int_eq(s.cls_code[1], 105);
	ck_assert_int_eq(s.cls_code[2], 102);
	ck_assert_int_eq(s.cls_code[3], 107);    /* "Sport" is not "Amateur Sport": left out */
	ck_assert_int_eq(s.cls_code[4], 202);
	ck_assert_int_eq(s.cls_code[5], 306);    /* "Provides advocacy" is no code's whole name */
	ck_assert_str_eq(s.cls_number[0], "100019");
}
END_TEST

/*
 * The read-across compiled in agrees with the copy in sectors/: every
 * label there reading across to one code gives it, every label reading
 * across to several gives 0.
 */
/* A classification code from its name, however it is cased and punctuated; and back. */
START_TEST(class_codes_and_names_go_both_ways)
{
	int code, n = 0;

	for (code = 100; code < 320; code++)
		if (charity_class_name(code)) {
			ck_assert_int_eq(charity_class_code(charity_class_name(code)), code);
			n++;
		}
	ck_assert_int_eq(n, 34);
	ck_assert_int_eq(charity_class_code("Elderly / old people"), 202);
	ck_assert_int_eq(charity_class_code("  ACCOMMODATION/HOUSING "), 107);
	ck_assert_int_eq(charity_class_code("Provides services"), 306);
	ck_assert_int_eq(charity_class_code("Elderly"), 0);
	ck_assert_int_eq(charity_class_code(""), 0);
	ck_assert_int_eq(charity_class_code(" / "), 0);
}
END_TEST

START_TEST(oscr_readacross_agrees_with_the_reference_copy)
{
	size_t n, i, j, rows = 0;
	char *p = testutil_slurp("sectors/charity-oscr-readacross.csv", &n);
	char *line, *next;
	struct { char group[32], label[400]; int code, several; } v[64];

	for (line = p; line && *line; line = next) {
		char *nl = strchr(line, '\n'), *f[4], *c;
		int k = 0, q = 0;

		next = nl ? nl + 1 : NULL;
		if (nl)
			*nl = '\0';
		if (*line == '#' || !strncmp(line, "ccew-classno", 12))
			continue;
		/* a CSV line of 4 fields, the last perhaps quoted */
		f[k++] = line;
		for (c = line; *c && k < 4; c++) {
			if (*c == '"')
				q = !q;
			if (*c == ',' && !q) {
				*c = '\0';
				f[k++] = c + 1;
			}
		}
		ck_assert_int_eq(k, 4);
		for (i = 0; i < rows; i++)
			if (!strcmp(v[i].group, f[2]) && !strcmp(v[i].label, f[3]))
				break;
		if (i == rows) {
			ck_assert_uint_lt(rows, 64);
			snprintf(v[rows].group, sizeof(v[0].group), "%s", f[2]);
			snprintf(v[rows].label, sizeof(v[0].label), "%s", f[3]);
			v[rows].code = atoi(f[0]);
			v[rows].several = 0;
			rows++;
		} else if (v[i].code != atoi(f[0])) {
			v[i].several = 1;
		}
	}
	ck_assert_uint_ge(rows, 25);
	for (i = 0; i < rows; i++) {
		char label[400];

		/* the file's stray quotes and spaces around a label */
		snprintf(label, sizeof(label), "%s", v[i].label);
		for (j = 0; label[j]; j++)
			if (label[j] == '"')
				label[j] = ' ';
		ck_assert_msg(charity_oscr_code(v[i].group, label) == (v[i].several ? 0 : v[i].code),
			      "%s '%s': %d", v[i].group, label, charity_oscr_code(v[i].group, label));
	}
	free(p);
}
END_TEST

/* Values in the text form's spelling; the header is the first object's keys. */
START_TEST(json_values_read_as_the_text_form_writes_them)
{
	static const char text[] =
		"\xEF\xBB\xBF  [\n"
		"{\"registered_charity_number\": 1, \"charity_name\": \"A\", \"charity_is_cio\": true,"
		" \"latest_income\": 12345.67, \"date_of_registration\": \"2019-05-13T00:00:00\","
		" \"charity_insolvent\": false, \"charity_company_registration_number\": null,"
		" \"linked_charity_number\": 0},\n"
		"{\"charity_name\": \"B\", \"registered_charity_number\": \"2\", \"extra\": [1],"
		" \"charity_insolvent\": true},\n"
		"{\"registered_charity_number\": 3, \"charity_name\": \"C\", \"latest_income\": {}},\n"
		"{\"registered_charity_number\": 4, \"charity_name\": \"D\", \"linked_charity_number\": 2},\n"
		"{\"registered_charity_number\": 5, \"charity_name\": \"E\", \"latest_income\": 1e40}\n"
		"]\n";
	struct charities_file f;
	struct seen s = { 0 };
	struct diag err;

	ck_assert_msg(read_mem(text, sizeof(text) - 1, &s, &f, &err) == 0, "%s", err.msg);
	expect_counts(&f, 5, 2, 1, 2);
	ck_assert_int_eq(f.columns, 8);
	ck_assert_int_eq(s.cio[0], 1);
	ck_assert_int_eq(s.insolvent[0], 0);
	ck_assert_int_eq(s.income[0], 12345);
	ck_assert_int_eq(s.registered[0], 20190513);
	ck_assert_str_eq(s.company[0], "");
	/* keys in another order, one the header lacks, others missing (null) */
	ck_assert_str_eq(s.number[1], "2");
	ck_assert_int_eq(s.insolvent[1], 1);
	ck_assert_int_eq(s.income[1], -1);
	expect_rejects(&s, (const unsigned long[]){ 4, 6 }, (const char *const[]){
		"latest_income is an object, not a value the register's text form has (object 3 of "
		"the array)", "latest_income is a number too large to write, not a value the "
		"register's text form has (object 5 of the array)" }, 2);
}
END_TEST

static const struct {
	const char *text;
	const char *msg;
} json_refused[] = {
	{ "[{\"registered_charity_number\":1,\"charity_name\":\"A\"},\n{\"registered_charity_",
	  "x.txt:2: the file ends inside the object that starts here: it was cut off" },
	{ "[{\"registered_charity_number\":1,\"charity_name\":\"A\"}\n",
	  "x.txt:1: the file ends before the closing ']'" },
	{ "[{\"registered_charity_number\":1,\"charity_name\":\"A\"} {}]", "the array is broken" },
	{ "[]", "'x.txt' is an empty JSON array: no charity in it" },
	{ "[{\"charity_name\": \"\xff\"}, {\"a\": 1, \"a\": 2}]", "'x.txt': none of its 2 objects "
	  "is well-formed, so none gives the extract's columns" },
	{ "\n [{\"organisation_number\": 1, \"classification_code\": 101}]",
	  "no registered_charity_number column in its first line (in the JSON form, the keys of "
	  "its first object, line 2)" },
};

START_TEST(json_form_cut_off_or_broken_is_refused)
{
	struct charities_file f;
	struct seen s = { 0 };
	struct diag err;

	ck_assert_int_eq(read_mem(json_refused[_i].text, strlen(json_refused[_i].text), &s, &f,
				  &err), -1);
	ck_assert_int_eq(err.code, CW_INPUT);
	ck_assert_msg(strstr(err.msg, json_refused[_i].msg) != NULL, "%s", err.msg);
}
END_TEST

static Suite *charities_suite(void)
{
	Suite *s = suite_create("charities");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, reads_the_extract);
	tcase_add_test(tc, memory_and_fd_agree);
	tcase_add_loop_test(tc, refuses_what_it_cannot_trust, 0,
			    (int)(sizeof(refused) / sizeof(refused[0])));
	tcase_add_test(tc, nul_bytes_huge_records_and_invalid_utf8);
	tcase_add_test(tc, reads_oscr);
	tcase_add_test(tc, reads_ccni);
	tcase_add_test(tc, reads_a_csv_from_a_pipe);
	tcase_add_test(tc, json_form_gives_the_text_forms_rows);
	tcase_add_test(tc, json_form_from_memory_and_a_pipe);
	tcase_add_test(tc, json_values_read_as_the_text_form_writes_them);
	tcase_add_loop_test(tc, json_form_cut_off_or_broken_is_refused, 0,
			    (int)(sizeof(json_refused) / sizeof(json_refused[0])));
	tcase_add_test(tc, reads_the_classification_table);
	tcase_add_test(tc, hostile_input_in_the_other_tables);
	tcase_add_test(tc, reads_the_other_names_table);
	tcase_add_test(tc, tables_told_by_header_not_name);
	tcase_add_test(tc, oscr_known_as_and_classification);
	tcase_add_test(tc, ccni_purposes_and_classification_names);
	tcase_add_test(tc, oscr_readacross_agrees_with_the_reference_copy);
	tcase_add_test(tc, class_codes_and_names_go_both_ways);
	tcase_set_timeout(tc, 30);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(charities_suite)
