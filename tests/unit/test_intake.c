/*
 * Intake: what a file is and its tables as CSV.  Golden cases under
 * tests/data/intake/<case>/ (input.<ext>, README, expected.txt: each
 * table's name, hidden and empty flags and CSV text, or the error).
 * CW_UPDATE_GOLDEN=1 rewrites expected.txt from the current output
 * (review the diff before committing).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zip.h>

#include "chainwatch/buf.h"
#include "chainwatch/intake.h"
#include "chainwatch/odsread.h"
#include "chainwatch/xalloc.h"
#include "testutil.h"

#define CASES "tests/data/intake"

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

/* The case's input file: the one named input.* */
static int find_input(const char *dir, struct buf *path)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int found = 0;

	if (!d)
		return 0;
	while (!found && (e = readdir(d)))
		if (!strncmp(e->d_name, "input.", 6)) {
			buf_printf(path, "%s/%s", dir, e->d_name);
			found = 1;
		}
	closedir(d);
	return found;
}

static void render_case(const char *dir, struct buf *out)
{
	struct buf path;
	struct intake in;
	struct diag err;
	size_t i, skip;
	int c;

	buf_init(&path, 0);
	diag_init(&err);
	ck_assert_msg(find_input(dir, &path), "%s: no input.* file", dir);
	skip = strlen(dir) + 1;       /* names in the output: "input.xlsx!Sheet" */
	if (intake_open(path.s, NULL, &in, &err) < 0) {
		ck_assert_int_eq(err.code, CW_INPUT);
		ck_assert_msg(!strncmp(err.msg, path.s, path.len), "%s: error not located: %s",
			      dir, err.msg);
		buf_printf(out, "error: %s\n", err.msg + skip);
		buf_release(&path);
		return;
	}
	buf_printf(out, "format: %s\n", intake_format_name(in.format));
	for (i = 0; i < in.n; i++) {
		const struct intake_table *t = &in.t[i];

		buf_printf(out, "### %s%s%s\n", t->name + skip, t->hidden ? " (hidden)" : "",
			   t->empty ? " (empty)" : "");
		if (!t->f)
			continue;
		while ((c = getc(t->f)) != EOF)
			buf_addc(out, (char)c);
	}
	intake_release(&in);
	buf_release(&path);
}

START_TEST(intake_golden_cases_match)
{
	DIR *d = opendir(CASES);
	struct dirent *e;
	int ncases = 0, update = getenv("CW_UPDATE_GOLDEN") != NULL;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d))) {
		struct buf dir, got, exp;
		char *want;

		if (e->d_name[0] == '.' || strchr(e->d_name, '.'))
			continue;             /* make.py */
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
	ck_assert_int_ge(ncases, 12);
}
END_TEST

static int count_table(void *ctx, const char *name, int hidden, struct diag *err)
{
	(void)ctx, (void)name, (void)hidden, (void)err;
	return 0;
}

static int count_cell(void *ctx, const struct xlsx_cell *c, struct diag *err)
{
	(void)c, (void)err;
	++*(unsigned long *)ctx;
	return 0;
}

/* The limits hold on a small sheet too: 4 header cells and 3 below come to 7, over 5. */
START_TEST(ods_cells_over_the_limit_are_refused_with_the_sheet)
{
	char *p = slurp(CASES "/ods-sheets-repeats-hidden/input.ods");
	struct xlsx_limits lim = { 0, 5, 0, 0, 0, 0 };
	unsigned long n = 0;
	struct diag err;
	FILE *fp;
	size_t len;

	ck_assert_ptr_nonnull(p);
	fp = fopen(CASES "/ods-sheets-repeats-hidden/input.ods", "rb");
	ck_assert_ptr_nonnull(fp);
	fseek(fp, 0, SEEK_END);
	len = (size_t)ftell(fp);
	fclose(fp);
	diag_init(&err);
	ck_assert_int_eq(ods_read_mem(p, len, "t.ods", &lim, count_table, count_cell, &n, &err), -1);
	ck_assert_msg(strstr(err.msg, "t.ods: sheet 'Spend': row 2: more than 5 cells"), "%s",
		      err.msg);
	n = 0;
	diag_init(&err);
	ck_assert_int_eq(ods_read_mem(p, len, "t.ods", NULL, count_table, count_cell, &n, &err), 0);
	ck_assert_uint_eq(n, 4 + 3 + 3 * 2 + 2 + 2);
	free(p);
}
END_TEST

#define ODS_NS                                                                         \
	" xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""             \
	" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\""                 \
	" xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\""

/* An .ods holding `content` as content.xml, at a temporary path; returns the path. */
static char *ods_with(const char *content)
{
	char *path = xstrdup("/tmp/cw-ods-XXXXXX");
	zip_t *z;
	int fd = mkstemp(path), e;

	ck_assert_int_ge(fd, 0);
	close(fd);
	ck_assert_ptr_nonnull(z = zip_open(path, ZIP_TRUNCATE, &e));
	ck_assert_int_ge(zip_file_add(z, "content.xml",
				      zip_source_buffer(z, content, strlen(content), 0), 0), 0);
	ck_assert_int_eq(zip_close(z), 0);
	return path;
}

static const struct {
	const char *name, *content, *want;
} ods_errors[] = {
	{ "spaces past the text limit",
	  "<office:document-content" ODS_NS "><office:body><office:spreadsheet>"
	  "<table:table table:name=\"S\"><table:table-row><table:table-cell><text:p>"
	  "<text:s text:c=\"4000000000\"/></text:p></table:table-cell></table:table-row>"
	  "</table:table></office:spreadsheet></office:body></office:document-content>",
	  "sheet 'S': row 1: a cell's text is longer than 1048576 bytes" },
	{ "a DTD",
	  "<!DOCTYPE x [<!ENTITY a \"aaaa\">]><office:document-content" ODS_NS "/>",
	  "content.xml:1:13: XML with a DTD is not allowed (entity expansion)" },
	{ "malformed",
	  "<office:document-content" ODS_NS "><table:table></office:document-content>",
	  "malformed XML: mismatched tag" },
};

START_TEST(ods_hostile_content_is_a_located_error)
{
	char *path = ods_with(ods_errors[_i].content);
	unsigned long n = 0;
	struct diag err;

	diag_init(&err);
	ck_assert_int_eq(ods_read(path, NULL, count_table, count_cell, &n, &err), -1);
	ck_assert_int_eq(err.code, CW_INPUT);
	ck_assert_msg(!strncmp(err.msg, path, strlen(path)) && strstr(err.msg, ods_errors[_i].want),
		      "%s: %s", ods_errors[_i].name, err.msg);
	unlink(path);
	free(path);
}
END_TEST

static Suite *intake_suite(void)
{
	Suite *s = suite_create("intake");
	TCase *tc = tcase_create("intake");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, intake_golden_cases_match);
	tcase_add_test(tc, ods_cells_over_the_limit_are_refused_with_the_sheet);
	tcase_add_loop_test(tc, ods_hostile_content_is_a_located_error, 0,
			    (int)(sizeof(ods_errors) / sizeof(ods_errors[0])));
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(intake_suite)
