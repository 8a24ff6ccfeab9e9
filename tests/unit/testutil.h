#ifndef CHAINWATCH_TESTUTIL_H
#define CHAINWATCH_TESTUTIL_H

/* Shared bits of the Check unit tests: one suite per file, run by TEST_MAIN. */

#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TEST_MAIN(make_suite)                                           \
	int main(void)                                                  \
	{                                                               \
		SRunner *sr = srunner_create(make_suite());             \
		int nfailed;                                            \
		srunner_run_all(sr, CK_NORMAL);                         \
		nfailed = srunner_ntests_failed(sr);                    \
		srunner_free(sr);                                       \
		return nfailed ? EXIT_FAILURE : EXIT_SUCCESS;           \
	}

/* The whole file at `path` (which must read), NUL-terminated; its length in *n.  free() it. */
static inline char *testutil_slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	char *p;
	long len;

	ck_assert_msg(f != NULL, "cannot open %s", path);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	fseek(f, 0, SEEK_SET);
	p = malloc((size_t)len + 1);
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(fread(p, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	p[len] = '\0';
	*n = (size_t)len;
	return p;
}

/* Remove the flat temporary directory `dir` made by a test's setup, and its files. */
static inline void testutil_remove_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char p[512];

	if (!d)
		return;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
		unlink(p);
	}
	closedir(d);
	rmdir(dir);
}

#endif
