#ifndef CHAINWATCH_TESTUTIL_H
#define CHAINWATCH_TESTUTIL_H

/* Shared bits of the Check unit tests: one suite per file, run by TEST_MAIN. */

#include <check.h>
#include <stdlib.h>

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

#endif
