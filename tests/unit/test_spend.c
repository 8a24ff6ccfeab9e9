/*
 * Spend reader: golden cases under tests/data/spend/<case>/ (input.csv,
 * optional profile.json, expected.txt) plus limits that need generated
 * files.  CW_UPDATE_GOLDEN=1 rewrites expected.txt from the current output
 * (review the diff before committing).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chainwatch/amount.h"
#include "chainwatch/buf.h"
#include "chainwatch/profile.h"
#include "chainwatch/headerfind.h"
#include "chainwatch/period.h"
#include "chainwatch/spend.h"
#include "chainwatch/xalloc.h"
#include "testutil.h"

#define CASES "tests/data/spend"

static void collect_reject(void *ctx, const struct input_stats *st, unsigned long line,
			   const char *reason, const char *raw, size_t rawlen)
{
	struct buf *out = ctx;

	(void)st;
	(void)raw;
	(void)rawlen;
	buf_printf(out, "reject %lu: %s\n", line, reason);
}

/* Run one case and render what it did as text. */
static void render_case(const char *dir, struct buf *out)
{
	struct buf path, rejects;
	struct supplier_table *t = supplier_table_new();
	struct profile *prof = NULL;
	struct input_stats st;
	struct spend_sink sink;
	struct diag err;
	struct supplier **s;
	size_t n, i;
	char money[48], d1[16], d2[16];

	buf_init(&path, 0);
	buf_init(&rejects, 0);
	diag_init(&err);
	buf_printf(&path, "%s/profile.json", dir);
	if (access(path.s, R_OK) == 0)
		ck_assert_int_eq(profile_load(path.s, &prof, &err), 0);
	buf_reset(&path);
	buf_printf(&path, "%s/input.csv", dir);
	memset(&sink, 0, sizeof(sink));
	sink.suppliers = t;
	sink.reject.fn = collect_reject;
	sink.reject.ctx = &rejects;
	if (spend_read(path.s, prof, &sink, &st, &err) < 0) {
		buf_printf(out, "error %d: %s\n", err.code, err.msg);
		goto out;
	}
	buf_printf(out, "encoding %s header_line %lu date_order %s\n", encoding_name(st.encoding),
		   st.header_line, date_order_name(st.date_order));
	buf_printf(out, "records %lu accepted %lu skipped %lu rejected %lu repaired %lu\n",
		   st.records, st.accepted, st.skipped, st.rejected, st.repaired);
	buf_printf(out, "skipped blank %lu total %lu control %lu\n", st.skipped_blank,
		   st.skipped_total, st.skipped_control);
	buf_printf(out, "accepted %s redacted %lu %s\n", amount_format(st.accepted_pence, money),
		   st.redacted, amount_format(st.redacted_pence, d1));
	buf_printf(out, "dates %s %s undated %lu\n", date_format(st.first_date, d1),
		   date_format(st.last_date, d2), st.undated);
	for (i = 0; i < COL__COUNT; i++)
		if (st.columns[i])
			buf_printf(out, "column %s '%s' %s\n", col_role_name((enum col_role)i),
				   st.columns[i], col_evidence_name((enum col_evidence)st.evidence[i]));
	if (st.title_first) {
		char tp[16];

		buf_printf(out, "title period %s\n", period_format(st.title_first, st.title_last, tp));
	}
	if (st.ids_ignored)
		buf_printf(out, "supplier ids ignored %lu, first '%s', shared ids %lu\n",
			   st.ids_ignored, st.id_example, st.ids_shared);
	buf_add(out, rejects.s, rejects.len);
	s = supplier_table_sorted(t, 1, &n);
	for (i = 0; i < n; i++)
		buf_printf(out, "supplier %s | %s | %s | %lu\n", s[i]->key, s[i]->name,
			   amount_format(s[i]->spend_pence, money), s[i]->transactions);
	ck_assert_uint_eq(st.records, st.accepted + st.skipped + st.rejected);
	input_stats_release(&st);
out:
	supplier_table_free(t);
	profile_free(prof);
	buf_release(&path);
	buf_release(&rejects);
}

static char *slurp(const char *path)
{
	FILE *fp = fopen(path, "rb");
	struct buf b;
	char chunk[4096];
	size_t n;

	if (!fp)
		return NULL;
	buf_init(&b, 0);
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_add(&b, chunk, n);
	fclose(fp);
	return buf_detach(&b, NULL);
}

START_TEST(spend_golden_cases_match)
{
	DIR *d = opendir(CASES);
	struct dirent *e;
	int ncases = 0, update = getenv("CW_UPDATE_GOLDEN") != NULL;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d))) {
		struct buf dir, got, exp;
		char *want;

		if (e->d_name[0] == '.')
			continue;
		buf_init(&dir, 0);
		buf_init(&got, 0);
		buf_init(&exp, 0);
		buf_printf(&dir, "%s/%s", CASES, e->d_name);
		render_case(dir.s, &got);
		buf_printf(&exp, "%s/expected.txt", dir.s);
		if (update) {
			FILE *fp = fopen(exp.s, "wb");

			ck_assert_ptr_nonnull(fp);
			fwrite(got.s, 1, got.len, fp);
			fclose(fp);
		}
		want = slurp(exp.s);
		ck_assert_msg(want != NULL, "%s: no expected.txt", dir.s);
		ck_assert_msg(!strcmp(want, got.s), "%s: output differs.\n--- expected\n%s--- got\n%s",
			      dir.s, want, got.s);
		free(want);
		buf_release(&dir);
		buf_release(&got);
		buf_release(&exp);
		ncases++;
	}
	closedir(d);
	ck_assert_int_ge(ncases, 15);
}
END_TEST

/* Write `body` to a temp file and read it as spend. */
static int read_text(const char *body, size_t n, struct input_stats *st, struct buf *rejects,
		     struct diag *err)
{
	char path[] = "/tmp/cw-spend-XXXXXX";
	int fd = mkstemp(path), r;
	struct supplier_table *t = supplier_table_new();
	struct spend_sink sink;

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq((long)write(fd, body, n), (long)n);
	close(fd);
	memset(&sink, 0, sizeof(sink));
	sink.suppliers = t;
	sink.reject.fn = collect_reject;
	sink.reject.ctx = rejects;
	r = spend_read(path, NULL, &sink, st, err);
	unlink(path);
	supplier_table_free(t);
	return r;
}

START_TEST(spend_giant_field_is_a_located_rejection_not_oom)
{
	const char *head = "Supplier Name,Amount,Date\nGood Ltd,1.00,01/01/2026\n\"";
	const char *tail = "\",2.00,02/01/2026\nAfter Ltd,3.00,03/01/2026\n";
	size_t big = (size_t)100 << 20, n = strlen(head) + big + strlen(tail);
	char *body = xmalloc(n);
	struct input_stats st;
	struct buf rejects;
	struct diag err;

	memcpy(body, head, strlen(head));
	memset(body + strlen(head), 'A', big);
	memcpy(body + strlen(head) + big, tail, strlen(tail));
	buf_init(&rejects, 0);
	diag_init(&err);
	ck_assert_int_eq(read_text(body, n, &st, &rejects, &err), 0);
	ck_assert_uint_eq(st.records, 3);
	ck_assert_uint_eq(st.accepted, 2);
	ck_assert_uint_eq(st.rejected, 1);
	ck_assert_ptr_nonnull(strstr(rejects.s, "reject 3: record is larger"));
	ck_assert_int_eq(st.accepted_pence, 400);
	ck_assert_int_eq(st.rejected_pence, 0);         /* too big to read its amount */
	ck_assert_uint_eq(st.rejected_no_amount, 1);
	input_stats_release(&st);
	buf_release(&rejects);
	free(body);
}
END_TEST

/* Skipped and rejected rows keep their money, by kind, so the file reconciles in pence. */
START_TEST(spend_skipped_and_rejected_pence_are_counted)
{
	const char *text =
		"Ref,Supplier Name,Amount,Payment Date\n"
		"1,A Ltd,100.00,01/12/2025\n"
		"2,B Ltd,50.50,02/12/2025\n"
		",,,\n"                                /* blank */
		",,150.50,\n"                          /* a lone amount equal to the rows above */
		"3,C Ltd,12.34,01/122025\n"            /* rejected: the date */
		"4,D Ltd,zz,01/12/2025\n"              /* rejected: no amount to count */
		"Footer,,99.99,\n"                     /* a report control row */
		"5,E Ltd,1.00,03/12/2025\n"
		",Grand Total,101.00,\n"               /* a total row by its word */
		",,77.00,\n";                          /* rejected: a lone amount, not a total */
	struct input_stats st;
	struct buf rejects;
	struct diag err;

	buf_init(&rejects, 0);
	diag_init(&err);
	ck_assert_int_eq(read_text(text, strlen(text), &st, &rejects, &err), 0);
	ck_assert_uint_eq(st.records, 10);
	ck_assert_uint_eq(st.accepted, 3);
	ck_assert_int_eq(st.accepted_pence, 15150);
	ck_assert_uint_eq(st.skipped_blank, 1);
	ck_assert_int_eq(st.skipped_blank_pence, 0);
	ck_assert_uint_eq(st.skipped_total, 2);
	ck_assert_int_eq(st.skipped_total_pence, 15050 + 10100);
	ck_assert_uint_eq(st.skipped_control, 1);
	ck_assert_int_eq(st.skipped_control_pence, 9999);
	ck_assert_uint_eq(st.rejected, 3);
	ck_assert_int_eq(st.rejected_pence, 1234 + 7700);
	ck_assert_uint_eq(st.rejected_no_amount, 1);
	input_stats_release(&st);
	buf_release(&rejects);
}
END_TEST

START_TEST(spend_file_without_header_is_an_input_error)
{
	const char *body = "just,some\nwords,here\n";
	struct input_stats st;
	struct buf rejects;
	struct diag err;

	buf_init(&rejects, 0);
	diag_init(&err);
	ck_assert_int_eq(read_text(body, strlen(body), &st, &rejects, &err), -1);
	ck_assert_int_eq(err.code, CW_INPUT);
	ck_assert_ptr_nonnull(strstr(err.msg, "no header row found"));
	input_stats_release(&st);
	buf_release(&rejects);
}
END_TEST

START_TEST(spend_empty_file_is_an_input_error)
{
	struct input_stats st;
	struct buf rejects;
	struct diag err;

	buf_init(&rejects, 0);
	diag_init(&err);
	ck_assert_int_eq(read_text("", 0, &st, &rejects, &err), -1);
	ck_assert_int_eq(err.code, CW_INPUT);
	ck_assert_ptr_nonnull(strstr(err.msg, "file is empty"));
	input_stats_release(&st);
	buf_release(&rejects);
}
END_TEST

START_TEST(spend_missing_file_names_the_file)
{
	struct supplier_table *t = supplier_table_new();
	struct spend_sink sink;
	struct input_stats st;
	struct diag err;

	memset(&sink, 0, sizeof(sink));
	sink.suppliers = t;
	diag_init(&err);
	ck_assert_int_eq(spend_read("/nonexistent/spend.csv", NULL, &sink, &st, &err), -1);
	ck_assert_int_eq(err.code, CW_INPUT);
	ck_assert_str_eq(err.msg, "/nonexistent/spend.csv: cannot open: No such file or directory");
	input_stats_release(&st);
	supplier_table_free(t);
}
END_TEST

/* With the shipped wordings file, each redacted payee is counted under its wording. */
START_TEST(spend_counts_redactions_per_wording)
{
	struct supplier_table *t = supplier_table_new();
	struct redactions *red = NULL;
	struct spend_sink sink;
	struct input_stats st;
	struct diag err;

	diag_init(&err);
	ck_assert_int_eq(redactions_load("sectors/redactions.txt", &red, &err), 0);
	memset(&sink, 0, sizeof(sink));
	sink.suppliers = t;
	sink.redactions = red;
	ck_assert_int_eq(spend_read(CASES "/warwickshire-2022-cp1252-redacted/input.csv", NULL,
				    &sink, &st, &err), 0);
	ck_assert_uint_eq(st.redacted, 2);
	ck_assert_uint_eq(st.nredactions, 1);
	ck_assert_str_eq(st.redaction_wordings[0], "= REDACTED");
	ck_assert_uint_eq(st.redaction_counts[0], 2);
	input_stats_release(&st);
	redactions_free(red);
	supplier_table_free(t);
}
END_TEST

static Suite *spend_suite(void)
{
	Suite *s = suite_create("spend");
	TCase *tc = tcase_create("spend");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, spend_golden_cases_match);
	tcase_add_test(tc, spend_giant_field_is_a_located_rejection_not_oom);
	tcase_add_test(tc, spend_skipped_and_rejected_pence_are_counted);
	tcase_add_test(tc, spend_file_without_header_is_an_input_error);
	tcase_add_test(tc, spend_empty_file_is_an_input_error);
	tcase_add_test(tc, spend_missing_file_names_the_file);
	tcase_add_test(tc, spend_counts_redactions_per_wording);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(spend_suite)
