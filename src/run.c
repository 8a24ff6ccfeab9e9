#include <stdio.h>
#include <time.h>

#include "chainwatch/run.h"

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
