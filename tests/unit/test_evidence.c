#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chainwatch/buf.h"
#include "chainwatch/evidence.h"
#include "chainwatch/template.h"
#include "testutil.h"

#define SAMPLE "data/sample/evidence-2025-26.json"
#define BROKEN "tests/data/evidence"

static void collect(void *ctx, const char *msg)
{
	struct buf *b = ctx;

	buf_adds(b, msg);
	buf_addc(b, '\n');
}

static char *slurp(const char *path)
{
	FILE *fp = fopen(path, "rb");
	struct buf b;
	char chunk[4096];
	size_t r;

	ck_assert_msg(fp != NULL, "cannot open %s", path);
	buf_init(&b, 0);
	while ((r = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_add(&b, chunk, r);
	fclose(fp);
	return buf_detach(&b, NULL);
}

/* The tree rendered through a template, as a report would show it (caller frees). */
static char *render(const struct tval *t, const char *tmpl)
{
	struct buf out;
	struct diag err;

	buf_init(&out, 0);
	diag_init(&err);
	ck_assert_msg(template_render(tmpl, strlen(tmpl), "test", t, TEMPLATE_NONE, &out, &err) == 0,
		      "%s: %s", tmpl, err.msg);
	return buf_detach(&out, NULL);
}

#define ck_render(t, tmpl, want)                                                \
	do {                                                                    \
		char *got_ = render(t, tmpl);                                   \
		ck_assert_msg(!strcmp(got_, want), "%s: got '%s', want '%s'", tmpl, \
			      got_, want);                                      \
		free(got_);                                                     \
	} while (0)

static char tmpdir[] = "/tmp/cw-evidence-XXXXXX";
static char tmpfile_path[sizeof(tmpdir) + 32];

static void make_tmpdir(void)
{
	memcpy(tmpdir + sizeof(tmpdir) - 7, "XXXXXX", 6);
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	snprintf(tmpfile_path, sizeof(tmpfile_path), "%s/evidence.json", tmpdir);
}

static void remove_tmpdir(void)
{
	unlink(tmpfile_path);
	rmdir(tmpdir);
}

static void write_tmp(const char *text)
{
	FILE *fp = fopen(tmpfile_path, "wb");

	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	fclose(fp);
}

/* A small valid file with `body` after the year. */
static struct tval *load_tmp(const char *body)
{
	struct tval *t = tval_object();
	struct diag err;
	char text[4096];

	snprintf(text, sizeof(text), "{\"schema\": \"" EVIDENCE_SCHEMA "\", \"council\": "
		 "\"Testshire County Council\", \"year\": \"2025-26\"%s%s}", *body ? ", " : "", body);
	write_tmp(text);
	diag_init(&err);
	ck_assert_msg(evidence_load(tmpfile_path, t, &err) == 0, "%s", err.msg);
	return t;
}

/* --- the sample ---------------------------------------------------------- */

START_TEST(evidence_sample_passes_check)
{
	struct buf msgs;
	struct diag err;
	long n;

	buf_init(&msgs, 0);
	diag_init(&err);
	n = evidence_check(SAMPLE, collect, &msgs, &err);
	ck_assert_msg(n == 0, "%ld problems:\n%s%s", n, msgs.s, err.msg);
	buf_release(&msgs);
}
END_TEST

START_TEST(evidence_sample_tree_carries_the_file_and_derived_values)
{
	struct tval *t = tval_object();
	struct diag err;

	diag_init(&err);
	ck_assert_msg(evidence_load(SAMPLE, t, &err) == 0, "%s", err.msg);
	ck_render(t, "{{council}}|{{year}}|{{year_from_text}}|{{year_to_text}}",
		  "Devon County Council|2025-26|1 April 2025|31 March 2026");
	ck_render(t, "{{#note}}illustrative{{/note}}", "illustrative");
	ck_render(t, "{{#adoption}}{{body}}, {{date}}, {{date_text}}, {{wording}}{{/adoption}}",
		  "Full Council, 2019-07-18, 18 July 2019, ten commitments as adopted");
	ck_render(t, "{{approval.approver}} {{approval.date_text}} {{approval.signed_by}}",
		  "Cabinet 8 July 2026 Chief Executive and Leader of the Council");
	ck_render(t, "{{statement_registry.submitted}}{{#statement_registry.submitted_yes}}!"
		  "{{/statement_registry.submitted_yes}}{{^statement_registry.submitted_no}}+"
		  "{{/statement_registry.submitted_no}}", "yes!+");
	ck_render(t, "{{#previous_reports}}{{year}};{{/previous_reports}}", "2023-24;2024-25;");

	/* C1: 11 of 14 trained is 78.6%, a whole 79 */
	ck_render(t, "{{#commitments.C1}}{{id}} {{status}}{{#status_partly_met}}!{{/status_partly_met}}"
		  " {{metrics.procurement_staff_trained}}/{{metrics.procurement_team_size}}="
		  "{{metrics.procurement_trained_pct}}%{{/commitments.C1}}", "C1 partly met! 11/14=79%");
	ck_render(t, "{{#commitments.C1.done_paragraphs}}[{{.}}]{{/commitments.C1.done_paragraphs}}",
		  "[Eleven of the fourteen members of the corporate procurement team hold a current "
		  "CIPS Ethical Procurement and Supply certificate. Two joined during the year and "
		  "are booked on the course; one certificate lapsed and is being renewed.]"
		  "[Contract managers outside the procurement team took the council's own modern "
		  "slavery e-learning for the first time this year.]");
	ck_render(t, "{{#commitments.C1.actions}}{{owner}}: {{due}} = {{due_text}};"
		  "{{/commitments.C1.actions}}", "Head of Procurement: 2026-12-31 = 31 December 2026;"
		  "Learning and Development: 2027-03-31 = 31 March 2027;");
	/* C2: 183 of 212 is 86.3% */
	ck_render(t, "{{commitments.C2.metrics.msa_clause_pct}}", "86");
	ck_render(t, "{{commitments.C3.metrics.explanations_requested}} "
		  "{{commitments.C3.metrics.bids_rejected_after_explanation}}", "6 1");
	ck_render(t, "{{commitments.C4.metrics.suppliers_told_union_freedom}}", "212");
	ck_render(t, "{{commitments.C5.metrics.whistleblowing_policy_names_modern_slavery}}"
		  "{{#commitments.C5.metrics.whistleblowing_policy_names_modern_slavery_yes}}!"
		  "{{/commitments.C5.metrics.whistleblowing_policy_names_modern_slavery_yes}} "
		  "{{commitments.C5.metrics.whistleblowing_reports}}", "yes! 0");
	ck_render(t, "{{commitments.C6.metrics.contractor_policies_received}} of "
		  "{{commitments.C6.metrics.contractors_asked_for_whistleblowing_policy}}"
		  "{{#commitments.C6.status_in_progress}} in progress{{/commitments.C6.status_in_progress}}",
		  "49 of 58 in progress");
	ck_render(t, "{{#commitments.C7.supplied}}supplied{{/commitments.C7.supplied}}", "supplied");
	ck_render(t, "{{commitments.C8.metrics.referrals_to_agencies}}", "1");
	ck_render(t, "{{#commitments.C9.metrics.referrals}}{{nrm}} {{duty_to_notify}} {{police}} "
		  "{{glaa}} {{modern_slavery_helpline}} {{hmrc_or_eas}} {{other}}"
		  "{{/commitments.C9.metrics.referrals}} = {{commitments.C9.metrics.referrals_total}}",
		  "4 2 1 1 0 0 0 = 8");
	ck_render(t, "{{#commitments.C9.wording}}own wording{{/commitments.C9.wording}}",
		  "own wording");
	ck_render(t, "{{commitments.C10.metrics.published_text}}", "15 July 2026");
	tval_free(t);
}
END_TEST

/* --- what is absent stays absent ------------------------------------------ */

START_TEST(evidence_absent_figures_are_absent_and_all_ten_commitments_are_there)
{
	struct tval *t;

	make_tmpdir();
	t = load_tmp("");
	ck_render(t, "{{commitments.C1.id}} {{commitments.C10.id}}", "C1 C10");
	ck_render(t, "{{^commitments.C4.supplied}}not supplied{{/commitments.C4.supplied}}",
		  "not supplied");
	ck_render(t, "{{^commitments.C1.metrics.procurement_staff_trained}}not supplied"
		  "{{/commitments.C1.metrics.procurement_staff_trained}}", "not supplied");
	ck_render(t, "{{^adoption}}-{{/adoption}}{{^approval}}-{{/approval}}{{^note}}-{{/note}}",
		  "---");
	tval_free(t);

	/* a zero is supplied (it prints 0, not "not supplied"); a percent needs both counts */
	t = load_tmp("\"commitments\": {\"C1\": {\"metrics\": {\"procurement_staff_trained\": 0}},"
		     " \"C9\": {\"metrics\": {\"referrals\": {\"nrm\": 3, \"duty_to_notify\": 0}}}}");
	ck_render(t, "{{commitments.C1.metrics.procurement_staff_trained}}"
		  "{{^commitments.C1.metrics.procurement_trained_pct}} no pct"
		  "{{/commitments.C1.metrics.procurement_trained_pct}}"
		  "{{#commitments.C1.supplied}} supplied{{/commitments.C1.supplied}}", "0 no pct supplied");
	ck_render(t, "{{commitments.C9.metrics.referrals.nrm}}{{^commitments.C9.metrics.referrals_total}}"
		  " no total: police not given{{/commitments.C9.metrics.referrals_total}}",
		  "3 no total: police not given");
	tval_free(t);
	remove_tmpdir();
}
END_TEST

static const struct {
	long long trained, team;
	const char *pct;
} pcts[] = {
	{ 1, 8, "13" },         /* 12.5 rounds up */
	{ 1, 3, "33" },
	{ 2, 3, "67" },
	{ 0, 5, "0" },
	{ 7, 7, "100" },
	{ 0, 0, "" },           /* no team, no percent */
};

START_TEST(evidence_trained_percent_is_whole_and_rounds_half_up)
{
	struct tval *t;
	char body[256];

	make_tmpdir();
	snprintf(body, sizeof(body), "\"commitments\": {\"C1\": {\"metrics\": "
		 "{\"procurement_staff_trained\": %lld, \"procurement_team_size\": %lld}}}",
		 pcts[_i].trained, pcts[_i].team);
	t = load_tmp(body);
	ck_render(t, "{{#commitments.C1.metrics.procurement_trained_pct}}"
		  "{{commitments.C1.metrics.procurement_trained_pct}}"
		  "{{/commitments.C1.metrics.procurement_trained_pct}}", pcts[_i].pct);
	tval_free(t);
	remove_tmpdir();
}
END_TEST

START_TEST(evidence_byte_order_mark_and_crlf_are_read)
{
	struct tval *t = tval_object();
	struct diag err;

	make_tmpdir();
	write_tmp("\xEF\xBB\xBF{\r\n  \"schema\": \"" EVIDENCE_SCHEMA "\",\r\n  \"council\": \"A\",\r\n"
		  "  \"year\": \"2099-00\"\r\n}\r\n");
	diag_init(&err);
	ck_assert_msg(evidence_load(tmpfile_path, t, &err) == 0, "%s", err.msg);
	ck_render(t, "{{year_to_text}}", "31 March 2100");
	tval_free(t);
	remove_tmpdir();
}
END_TEST

/* --- broken files: tests/data/evidence/<case>/{evidence.json,expected} ---- */

static const char *const brokens[] = {
	"wrong-schema", "unknown-key", "typo-key", "negative-count", "string-count",
	"fraction-count", "null-count", "bad-date", "uk-date", "bad-year", "bad-status", "c11",
	"lowercase-id", "c7-figure", "duplicate-key", "trained-above-team",
	"referral-name-string", "referral-name-key", "referral-typo-key", "bad-json", "empty",
	"not-an-object", "utf-16", "missing-council", "previous-year-not-before", "bad-url",
	"many-problems",
};

START_TEST(evidence_broken_file_gives_its_located_messages)
{
	char path[256], want_path[256], first[1024];
	struct tval *t = tval_object();
	struct buf msgs;
	struct diag err;
	char *want;
	long n, lines = 0;
	const char *p;

	snprintf(path, sizeof(path), BROKEN "/%s/evidence.json", brokens[_i]);
	snprintf(want_path, sizeof(want_path), BROKEN "/%s/expected", brokens[_i]);
	want = slurp(want_path);
	for (p = want; *p; p++)
		lines += *p == '\n';
	buf_init(&msgs, 0);
	diag_init(&err);
	n = evidence_check(path, collect, &msgs, &err);
	ck_assert_msg(!strcmp(msgs.s, want), "%s: want\n%sgot\n%s", brokens[_i], want, msgs.s);
	ck_assert_int_eq(n, lines);

	/* the load refuses it with the first message, and the tree stays empty */
	ck_assert_int_eq(evidence_load(path, t, &err), -1);
	ck_assert_int_eq(err.code, CW_INPUT);
	snprintf(first, sizeof(first), "%.*s", (int)strcspn(want, "\n"), want);
	ck_assert_msg(!strncmp(err.msg, first, strlen(first)), "%s: %s", brokens[_i], err.msg);
	if (n == 1)
		ck_assert_str_eq(err.msg + strlen(first), "");
	else
		ck_assert_msg(strstr(err.msg, " more problems)") != NULL, "%s", err.msg);
	ck_assert_ptr_null(tval_get(t, "council"));
	ck_assert_ptr_null(tval_get(t, "commitments"));
	tval_free(t);
	buf_release(&msgs);
	free(want);
}
END_TEST

START_TEST(evidence_every_broken_case_is_in_the_table)
{
	DIR *d = opendir(BROKEN);
	struct dirent *e;
	size_t i;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		for (i = 0; i < sizeof(brokens) / sizeof(brokens[0]) && strcmp(brokens[i], e->d_name);
		     i++)
			;
		ck_assert_msg(i < sizeof(brokens) / sizeof(brokens[0]), "%s is not tested", e->d_name);
	}
	closedir(d);
}
END_TEST

START_TEST(evidence_referral_messages_never_repeat_names)
{
	struct buf msgs;
	struct diag err;

	buf_init(&msgs, 0);
	diag_init(&err);
	ck_assert_int_eq(evidence_check(BROKEN "/referral-name-string/evidence.json", collect, &msgs,
					&err), 1);
	ck_assert_int_eq(evidence_check(BROKEN "/referral-name-key/evidence.json", collect, &msgs,
					&err), 1);
	ck_assert_ptr_null(strstr(msgs.s, "Smith"));
	ck_assert_ptr_null(strstr(msgs.s, "Jane"));
	buf_release(&msgs);
}
END_TEST

START_TEST(evidence_key_with_a_slash_is_located_by_its_escaped_path)
{
	struct buf msgs;
	struct diag err;

	make_tmpdir();
	write_tmp("{\"schema\": \"" EVIDENCE_SCHEMA "\", \"council\": \"A\", \"year\": \"2025-26\",\n"
		  " \"approval\": {\"date\": \"2026-07-01\", \"a/b~c\": 1}}\n");
	buf_init(&msgs, 0);
	diag_init(&err);
	ck_assert_int_eq(evidence_check(tmpfile_path, collect, &msgs, &err), 1);
	ck_assert_ptr_nonnull(strstr(msgs.s, ":2:46: /approval/a~1b~0c: unknown key 'a/b~c'\n"));
	buf_release(&msgs);
	remove_tmpdir();
}
END_TEST

START_TEST(evidence_from_memory_is_checked_and_loaded_like_a_file)
{
	const char *bad = "\xEF\xBB\xBF{\"schema\": \"" EVIDENCE_SCHEMA "\", \"council\": \"A\",\n"
			  " \"year\": \"2025-26\", \"cuncil\": 1}\n";
	const char *good = "{\"schema\": \"" EVIDENCE_SCHEMA "\", \"council\": \"A\", "
			   "\"year\": \"2025-26\"}";
	struct tval *t = tval_object();
	struct buf msgs;
	struct diag err;

	buf_init(&msgs, 0);
	diag_init(&err);
	ck_assert_int_eq(evidence_check_mem(bad, strlen(bad), "mem.json", collect, &msgs, &err), 1);
	ck_assert_str_eq(msgs.s, "mem.json:2:31: /cuncil: unknown key 'cuncil' (did you mean "
			 "'council'?)\n");
	ck_assert_int_eq(evidence_load_mem(bad, strlen(bad), "mem.json", t, &err), -1);
	ck_assert_int_eq(err.code, CW_INPUT);
	ck_assert_uint_eq(tval_count(t), 0);
	diag_init(&err);
	ck_assert_msg(evidence_load_mem(good, strlen(good), "mem.json", t, &err) == 0, "%s", err.msg);
	ck_render(t, "{{council}} {{year_from_text}}", "A 1 April 2025");
	buf_release(&msgs);
	tval_free(t);
}
END_TEST

/* Found by fuzz_evidence: jansson gives column 0 for bad UTF-8 starting a line. */
START_TEST(evidence_bad_utf8_at_a_line_start_has_a_line_and_column)
{
	const char *text = "{\"schema\":\n\xC8}";
	struct buf msgs;
	struct diag err;

	buf_init(&msgs, 0);
	diag_init(&err);
	ck_assert_int_eq(evidence_check_mem(text, strlen(text), "u.json", collect, &msgs, &err), 1);
	ck_assert_msg(!strncmp(msgs.s, "u.json:2:1: ", 12), "got '%s'", msgs.s);
	buf_release(&msgs);
}
END_TEST

START_TEST(evidence_missing_file_is_an_error)
{
	struct tval *t = tval_object();
	struct diag err;

	diag_init(&err);
	ck_assert_int_eq(evidence_check("/nonexistent/evidence.json", collect, NULL, &err), -1);
	ck_assert_int_eq(err.code, CW_INPUT);
	ck_assert_ptr_nonnull(strstr(err.msg, "cannot open '/nonexistent/evidence.json'"));
	diag_init(&err);
	ck_assert_int_eq(evidence_load("/nonexistent/evidence.json", t, &err), -1);
	ck_assert_int_eq(err.code, CW_INPUT);
	tval_free(t);
}
END_TEST

static Suite *evidence_suite(void)
{
	Suite *s = suite_create("evidence");
	TCase *tc = tcase_create("sample");
	TCase *bad = tcase_create("broken");

	tcase_add_test(tc, evidence_sample_passes_check);
	tcase_add_test(tc, evidence_sample_tree_carries_the_file_and_derived_values);
	tcase_add_test(tc, evidence_absent_figures_are_absent_and_all_ten_commitments_are_there);
	tcase_add_loop_test(tc, evidence_trained_percent_is_whole_and_rounds_half_up, 0,
			    (int)(sizeof(pcts) / sizeof(pcts[0])));
	tcase_add_test(tc, evidence_byte_order_mark_and_crlf_are_read);
	suite_add_tcase(s, tc);

	tcase_add_loop_test(bad, evidence_broken_file_gives_its_located_messages, 0,
			    (int)(sizeof(brokens) / sizeof(brokens[0])));
	tcase_add_test(bad, evidence_every_broken_case_is_in_the_table);
	tcase_add_test(bad, evidence_referral_messages_never_repeat_names);
	tcase_add_test(bad, evidence_key_with_a_slash_is_located_by_its_escaped_path);
	tcase_add_test(bad, evidence_missing_file_is_an_error);
	tcase_add_test(bad, evidence_from_memory_is_checked_and_loaded_like_a_file);
	tcase_add_test(bad, evidence_bad_utf8_at_a_line_start_has_a_line_and_column);
	suite_add_tcase(s, bad);
	return s;
}

TEST_MAIN(evidence_suite)
