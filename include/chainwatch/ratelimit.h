#ifndef CHAINWATCH_RATELIMIT_H
#define CHAINWATCH_RATELIMIT_H

/*
 * A sliding-window rate limit: at most `max` events in any `window`
 * seconds (the Companies House API's 600 requests in 5 minutes).  It keeps
 * the times of the last `max` events; the caller passes the clock, so the
 * rule can be tested without waiting.
 *
 *     struct ratelimit *rl = ratelimit_new(600, 300.0);
 *     sleep(ratelimit_wait(rl, now()));   then   ratelimit_note(rl, now());
 *     ratelimit_free(rl);
 */

#include <stddef.h>

struct ratelimit;

/* A new limit, the caller's to free with ratelimit_free() (NULL is fine); max >= 1. */
struct ratelimit *ratelimit_new(size_t max, double window_s);
void ratelimit_free(struct ratelimit *rl);

/* Seconds to wait from `now` before another event keeps within the limit; 0 when none. */
double ratelimit_wait(const struct ratelimit *rl, double now);

/* An event at `now` (times never going back). */
void ratelimit_note(struct ratelimit *rl, double now);

#endif
