#include "testutil.h"

#include "chainwatch/ratelimit.h"

START_TEST(ratelimit_lets_max_events_through_then_waits_for_the_oldest)
{
	struct ratelimit *rl = ratelimit_new(600, 300.0);
	int i;

	for (i = 0; i < 600; i++) {
		ck_assert(ratelimit_wait(rl, 10.0 + i * 0.1) == 0);
		ratelimit_note(rl, 10.0 + i * 0.1);
	}
	/* the 601st at 70 s: the first (at 10 s) leaves the window at 310 s */
	ck_assert(ratelimit_wait(rl, 70.0) > 239.99 && ratelimit_wait(rl, 70.0) < 240.01);
	ck_assert(ratelimit_wait(rl, 310.0) == 0);
	ratelimit_note(rl, 310.0);
	/* now the second (at 10.1 s) is the oldest */
	ck_assert(ratelimit_wait(rl, 310.0) > 0.09 && ratelimit_wait(rl, 310.0) < 0.11);
	ratelimit_free(rl);
}
END_TEST

START_TEST(ratelimit_never_passes_max_in_any_window)
{
	struct ratelimit *rl = ratelimit_new(5, 10.0);
	double t = 0, at[40];
	int i, j, n;

	for (i = 0; i < 40; i++) {
		t += ratelimit_wait(rl, t);
		ratelimit_note(rl, t);
		at[i] = t;
		t += (i % 3) * 0.5;
	}
	for (i = 0; i < 40; i++) {
		for (n = 0, j = i; j < 40 && at[j] < at[i] + 10.0; j++)
			n++;
		ck_assert_int_le(n, 5);
	}
	ratelimit_free(rl);
	ratelimit_free(NULL);
}
END_TEST

static Suite *ratelimit_suite(void)
{
	Suite *s = suite_create("ratelimit");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, ratelimit_lets_max_events_through_then_waits_for_the_oldest);
	tcase_add_test(tc, ratelimit_never_passes_max_in_any_window);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(ratelimit_suite)
