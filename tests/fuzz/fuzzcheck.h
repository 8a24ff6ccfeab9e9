#ifndef CHAINWATCH_FUZZCHECK_H
#define CHAINWATCH_FUZZCHECK_H

/*
 * What the register harnesses (fuzz_registry.c, fuzz_companies.c) check
 * of every row they are given: a broken promise aborts, which both
 * libFuzzer and the replayer report as a crash.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chainwatch/date.h"
#include "chainwatch/encoding.h"

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)

/* Not NULL and valid UTF-8. */
static inline void check_text(const char *s)
{
	CHECK(s != NULL);
	CHECK(utf8_valid(s, strlen(s)));
}

/* 0 (unknown) or a real yyyymmdd day. */
static inline void check_date(int32_t ymd)
{
	CHECK(ymd == 0 || date_valid(ymd / 10000, ymd / 100 % 100, ymd % 100));
}

#endif
