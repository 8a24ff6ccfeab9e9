#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "chainwatch/run.h"

time_t run_clock(void)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");

	if (sde && *sde) {
		char *end;
		unsigned long long v;

		errno = 0;
		v = strtoull(sde, &end, 10);
		if (!errno && !*end)
			return (time_t)v;
	}
	return time(NULL);
}

int32_t run_date(time_t t)
{
	struct tm tm;

	if (!gmtime_r(&t, &tm))
		return 0;
	return (int32_t)((tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday);
}

char *run_time_format(time_t t, char *out)
{
	struct tm tm;

	if (!gmtime_r(&t, &tm)) {
		out[0] = '\0';
		return out;
	}
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return out;
}
