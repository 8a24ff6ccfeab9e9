/*
 * libFuzzer harness for the Charter evidence file (evidence.h), through its
 * bytes entry points.  Checks its promises: every problem is one located
 * message ("evidence.json:LINE:COL: ..."), at most 200 are passed on; the
 * load succeeds exactly when the check finds nothing, then with all ten
 * commitments in the tree, and a failed load leaves the tree untouched with
 * the first problem as its error.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chainwatch/evidence.h"
#include "chainwatch/template.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)

struct problems {
	long n;
	char first[DIAG_MSG_MAX];
};

static void on_problem(void *ctx, const char *msg)
{
	struct problems *p = ctx;
	const char *s = msg + strlen("evidence.json:");
	char *end;

	CHECK(!strncmp(msg, "evidence.json:", strlen("evidence.json:")));
	CHECK(strlen(msg) < DIAG_MSG_MAX);
	CHECK(strtoul(s, &end, 10) >= 1 && *end == ':');      /* line */
	CHECK(strtoul(end + 1, &end, 10) >= 1 && *end == ':');   /* column */
	if (!p->n)
		snprintf(p->first, sizeof(p->first), "%s", msg);
	p->n++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* an exact-size heap copy, so ASan sees any over-read */
	char *p = malloc(size ? size : 1);
	struct problems seen = { 0, "" };
	struct tval *tree = tval_object();
	struct diag err;
	long n;
	int rc, i;

	memcpy(p, data, size);
	diag_init(&err);
	n = evidence_check_mem(p, size, "evidence.json", on_problem, &seen, &err);
	CHECK(n >= 0);        /* under the size limit: never an error */
	CHECK(seen.n == (n < 200 ? n : 200));
	diag_init(&err);
	rc = evidence_load_mem(p, size, "evidence.json", tree, &err);
	CHECK(rc == (n == 0 ? 0 : -1));
	if (rc < 0) {
		CHECK(err.code == CW_INPUT);
		CHECK(!strncmp(err.msg, seen.first, strlen(seen.first)));
		CHECK(tval_count(tree) == 0);
	} else {
		static const char *const ids[] = { "C1", "C2", "C3", "C4", "C5", "C6", "C7",
						   "C8", "C9", "C10" };
		struct tval *c = tval_get(tree, "commitments");

		for (i = 0; i < 10; i++) {
			CHECK(tval_get(c, ids[i]) != NULL);
			CHECK(tval_str(tval_get(tval_get(c, ids[i]), "id")) != NULL);
		}
	}
	tval_free(tree);
	free(p);
	return 0;
}
