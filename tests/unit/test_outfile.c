#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chainwatch/outfile.h"
#include "testutil.h"

static char tmpdir[64];

static void setup(void)
{
	strcpy(tmpdir, "/tmp/cw-outfile-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void teardown(void)
{
	char cmd[128];

	chmod(tmpdir, 0700);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	ck_assert_int_eq(system(cmd), 0);
}

static char *path_in(const char *name)
{
	static char p[256];

	snprintf(p, sizeof(p), "%s/%s", tmpdir, name);
	return p;
}

static int exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

/* Entries in tmpdir other than . and .. */
static int count_entries(const char *dir)
{
	char cmd[256];
	FILE *p;
	int n = 0, c;

	snprintf(cmd, sizeof(cmd), "ls -A '%s'", dir);
	p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	while ((c = fgetc(p)) != EOF)
		if (c == '\n')
			n++;
	pclose(p);
	return n;
}

START_TEST(outfile_commit_renames_and_hashes)
{
	struct outfile o;
	struct diag err;
	char hex[65];
	char buf[16];
	FILE *fp;

	diag_init(&err);
	ck_assert_int_eq(outfile_open(&o, tmpdir, "hello.txt", &err), 0);
	ck_assert_str_eq(o.final, path_in("hello.txt"));
	{
		char want[128];

		snprintf(want, sizeof(want), "%s/.hello.txt.tmp.%ld", tmpdir, (long)getpid());
		ck_assert_str_eq(o.tmp, want);
	}
	fputs("abc", o.fp);
	ck_assert(!exists(path_in("hello.txt")));
	ck_assert_int_eq(outfile_commit(&o, hex, &err), 0);
	/* sha256("abc") */
	ck_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	fp = fopen(path_in("hello.txt"), "rb");
	ck_assert_ptr_nonnull(fp);
	ck_assert_uint_eq(fread(buf, 1, sizeof(buf), fp), 3);
	fclose(fp);
	ck_assert_int_eq(memcmp(buf, "abc", 3), 0);
	ck_assert_int_eq(count_entries(tmpdir), 1);
	ck_assert_ptr_null(o.tmp);
	outfile_abort(&o);      /* safe after commit */
	ck_assert(exists(path_in("hello.txt")));
}
END_TEST

START_TEST(outfile_commit_replaces_existing_file)
{
	struct outfile o;
	struct diag err;
	FILE *fp;
	char buf[16] = "";

	diag_init(&err);
	fp = fopen(path_in("x.csv"), "w");
	fputs("old contents", fp);
	fclose(fp);
	ck_assert_int_eq(outfile_open(&o, tmpdir, "x.csv", &err), 0);
	fputs("new", o.fp);
	ck_assert_int_eq(outfile_commit(&o, NULL, &err), 0);
	fp = fopen(path_in("x.csv"), "rb");
	ck_assert_uint_eq(fread(buf, 1, sizeof(buf) - 1, fp), 3);
	fclose(fp);
	ck_assert_str_eq(buf, "new");
}
END_TEST

START_TEST(outfile_begin_lets_caller_write_the_temp_file)
{
	struct outfile o;
	struct diag err;
	char hex[65];
	FILE *fp;

	diag_init(&err);
	ck_assert_int_eq(outfile_begin(&o, tmpdir, "book.xlsx", &err), 0);
	ck_assert_ptr_null(o.fp);
	fp = fopen(o.tmp, "wb");
	ck_assert_ptr_nonnull(fp);
	fclose(fp);    /* empty file */
	ck_assert_int_eq(outfile_commit(&o, hex, &err), 0);
	ck_assert_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	ck_assert(exists(path_in("book.xlsx")));
}
END_TEST

START_TEST(outfile_abort_removes_the_temp_file)
{
	struct outfile o;
	struct diag err;

	diag_init(&err);
	ck_assert_int_eq(outfile_open(&o, tmpdir, "gone.csv", &err), 0);
	fputs("partial", o.fp);
	fflush(o.fp);
	ck_assert(exists(o.tmp));
	outfile_abort(&o);
	ck_assert_ptr_null(o.fp);
	ck_assert_ptr_null(o.tmp);
	ck_assert_int_eq(count_entries(tmpdir), 0);
	outfile_abort(&o);      /* twice is fine */
}
END_TEST

START_TEST(outfile_abort_accepts_zeroed_struct)
{
	struct outfile o;

	memset(&o, 0, sizeof(o));
	outfile_abort(&o);
	outfile_abort(NULL);
}
END_TEST

START_TEST(outfile_open_fails_when_parent_is_a_regular_file)
{
	struct outfile o;
	struct diag err;
	char want[256];
	FILE *fp;

	diag_init(&err);
	fp = fopen(path_in("plain"), "w");
	fclose(fp);
	ck_assert_int_eq(outfile_open(&o, path_in("plain"), "a.csv", &err), -1);
	ck_assert_int_eq(err.code, CW_OUTPUT);
	snprintf(want, sizeof(want), "cannot write '%s/plain/a.csv': Not a directory", tmpdir);
	ck_assert_str_eq(err.msg, want);
	ck_assert_ptr_null(o.fp);
	ck_assert_ptr_null(o.tmp);
}
END_TEST

START_TEST(outfile_open_fails_in_read_only_directory)
{
	struct outfile o;
	struct diag err;
	char want[256];

	if (geteuid() == 0)
		return;    /* root writes through 0500; the regular-file case covers the path */
	diag_init(&err);
	ck_assert_int_eq(chmod(tmpdir, 0500), 0);
	ck_assert_int_eq(outfile_open(&o, tmpdir, "a.csv", &err), -1);
	ck_assert_int_eq(err.code, CW_OUTPUT);
	snprintf(want, sizeof(want), "cannot write '%s/a.csv': Permission denied", tmpdir);
	ck_assert_str_eq(err.msg, want);
}
END_TEST

START_TEST(outfile_open_rejects_name_with_slash)
{
	struct outfile o;
	struct diag err;

	diag_init(&err);
	ck_assert_int_eq(outfile_open(&o, tmpdir, "a/b.csv", &err), -1);
	ck_assert_int_eq(err.code, CW_OUTPUT);
}
END_TEST

START_TEST(outfile_commit_on_full_disk_fails_and_leaves_nothing)
{
	struct outfile o;
	struct diag err;
	char want[256];
	char hex[65] = "untouched";
	int i;

	diag_init(&err);
	ck_assert_int_eq(outfile_open(&o, tmpdir, "full.csv", &err), 0);
	/* Keep the temp name, but send the bytes to a device with no space. */
	o.fp = freopen("/dev/full", "w", o.fp);
	ck_assert_ptr_nonnull(o.fp);
	for (i = 0; i < 10; i++)
		fputs("supplier,spend\r\n", o.fp);
	ck_assert_int_eq(outfile_commit(&o, hex, &err), -1);
	ck_assert_int_eq(err.code, CW_OUTPUT);
	snprintf(want, sizeof(want), "cannot write '%s/full.csv': No space left on device", tmpdir);
	ck_assert_str_eq(err.msg, want);
	ck_assert_str_eq(hex, "untouched");
	ck_assert(!exists(path_in("full.csv")));
	ck_assert_int_eq(count_entries(tmpdir), 0);
	ck_assert_ptr_null(o.fp);
	ck_assert_ptr_null(o.tmp);
}
END_TEST

START_TEST(make_dirs_creates_nested_and_tolerates_existing)
{
	struct diag err;
	struct stat st;

	diag_init(&err);
	ck_assert_int_eq(make_dirs(path_in("a/b//c/"), &err), 0);
	ck_assert_int_eq(stat(path_in("a/b/c"), &st), 0);
	ck_assert(S_ISDIR(st.st_mode));
	ck_assert_int_eq(make_dirs(path_in("a/b/c"), &err), 0);
	ck_assert_int_eq(make_dirs(tmpdir, &err), 0);
	ck_assert_int_eq(make_dirs("/", &err), 0);
}
END_TEST

START_TEST(make_dirs_fails_through_a_regular_file)
{
	struct diag err;
	char want[256];
	FILE *fp;

	diag_init(&err);
	fp = fopen(path_in("f"), "w");
	fclose(fp);
	ck_assert_int_eq(make_dirs(path_in("f/sub"), &err), -1);
	ck_assert_int_eq(err.code, CW_OUTPUT);
	snprintf(want, sizeof(want), "cannot create directory '%s/f': Not a directory", tmpdir);
	ck_assert_str_eq(err.msg, want);
	ck_assert_int_eq(make_dirs("", &err), -1);
}
END_TEST

static Suite *outfile_suite(void)
{
	Suite *s = suite_create("outfile");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, outfile_commit_renames_and_hashes);
	tcase_add_test(tc, outfile_commit_replaces_existing_file);
	tcase_add_test(tc, outfile_begin_lets_caller_write_the_temp_file);
	tcase_add_test(tc, outfile_abort_removes_the_temp_file);
	tcase_add_test(tc, outfile_abort_accepts_zeroed_struct);
	tcase_add_test(tc, outfile_open_fails_when_parent_is_a_regular_file);
	tcase_add_test(tc, outfile_open_fails_in_read_only_directory);
	tcase_add_test(tc, outfile_open_rejects_name_with_slash);
	tcase_add_test(tc, outfile_commit_on_full_disk_fails_and_leaves_nothing);
	tcase_add_test(tc, make_dirs_creates_nested_and_tolerates_existing);
	tcase_add_test(tc, make_dirs_fails_through_a_regular_file);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(outfile_suite)
