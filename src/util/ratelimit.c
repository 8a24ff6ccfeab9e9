/*
 * ratelimit.c: a sliding window over the last `max` events' times, a ring
 * (ratelimit.h).
 */
#include <stdlib.h>

#include "chainwatch/ratelimit.h"
#include "chainwatch/xalloc.h"

struct ratelimit {
	size_t max, n, next;       /* next: where the next time goes (the oldest once full) */
	double window;
	double *at;
};

struct ratelimit *ratelimit_new(size_t max, double window_s)
{
	struct ratelimit *rl = xcalloc(1, sizeof(*rl));

	rl->max = max ? max : 1;
	rl->window = window_s;
	rl->at = xcalloc(rl->max, sizeof(*rl->at));
	return rl;
}

void ratelimit_free(struct ratelimit *rl)
{
	if (!rl)
		return;
	free(rl->at);
	free(rl);
}

double ratelimit_wait(const struct ratelimit *rl, double now)
{
	double since;

	if (rl->n < rl->max)
		return 0;
	since = now - rl->at[rl->next];          /* the oldest of the last max */
	return since >= rl->window ? 0 : rl->window - since;
}

void ratelimit_note(struct ratelimit *rl, double now)
{
	rl->at[rl->next] = now;
	rl->next = (rl->next + 1) % rl->max;
	if (rl->n < rl->max)
		rl->n++;
}
