/*
 * fault.c: CHAINWATCH_FAULT's kill and sleep points (fault.h).
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chainwatch/fault.h"

void fault_point(const char *name)
{
	const char *f = getenv("CHAINWATCH_FAULT");
	size_t n = strlen(name);
	long ms = 0;
	struct timespec ts;

	if (!f || strncmp(f, name, n) != 0)
		return;
	if (!f[n])
		raise(SIGKILL);
	if (strncmp(f + n, ":sleep=", 7) != 0)
		return;
	for (f += n + 7; *f >= '0' && *f <= '9' && ms < 600000; f++)
		ms = ms * 10 + (*f - '0');
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000;
	nanosleep(&ts, NULL);
}
