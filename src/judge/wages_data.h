/*
 * Private to the wages module: what the reader of sectors/wages.json
 * (wagesfile.c) shares with its checks across rows (wagescheck.c).
 * Everything else goes through include/chainwatch/wages.h.
 */
#ifndef CHAINWATCH_WAGES_DATA_H
#define CHAINWATCH_WAGES_DATA_H

#include <stddef.h>
#include <stdint.h>

#include "chainwatch/diag.h"
#include "chainwatch/wages.h"

#define PATH_LEN 96

/* Problems found while reading, counted and passed on, located. */
struct wcheck {
	const char *file, *text;        /* the text is only for locating */
	size_t len;
	struct diag_problems pr;
};

/*
 * Report "file:line:col: /json/path: message", the place being that of
 * the value at path, else of the nearest enclosing value that exists.
 */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
void wcheck_problem(struct wcheck *ck, const char *path, const char *fmt, ...);

/* "/minimum_wage/rates/3/nlw" into out (PATH_LEN bytes); key NULL: the row itself. */
const char *wcheck_cell(char *out, const char *list, size_t i, const char *key);

/* v scaled by 10^places (2 or 3) as "12.71" / "-7.20" / "5.600" into out (>= 32 bytes). */
char *wcheck_fixed(int64_t v, int places, char *out);

/* The checks across rows, once every field is read; fills each row's `to`. */
void wages_check_tables(struct wcheck *ck, struct wages *w);

#endif
