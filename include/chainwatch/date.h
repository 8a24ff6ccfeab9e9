#ifndef CHAINWATCH_DATE_H
#define CHAINWATCH_DATE_H

/*
 * Payment dates.  A date is held as int32 yyyymmdd (20250429); 0 = none.
 *
 * Forms read (day-first unless the file says otherwise):
 *   DD/MM/YYYY  D/M/YYYY  DD/MM/YY  DD-MM-YYYY  DD.MM.YYYY  DD.MM.YY
 *   YYYY-MM-DD  YYYY-MM-DD 00:00:00  YYYY-MM-DDTHH:MM:SS  YYYY/MM/DD
 *   1-Oct-26  01-Oct-2026  01-OCT-2026  1 October 2026  01 Oct 2026
 *   YYYYMMDD (a 19xx or 20xx year: Bolton's PaidDate 20101223)
 * Two-digit years are 20YY when YY <= 69, else 19YY.  A time part after
 * the date ("00:00:00", "12:30") is ignored.
 *
 * Day/month order: numeric D/M/Y forms are ambiguous when both numbers are
 * <= 12.  The order is decided once per file (date_vote() on every row in
 * a first pass, then date_order_decide()); UK exports are day-first, so
 * an undecided file is day-first.
 *
 * Impossible dates are errors (CW_INPUT, *ymd untouched) with the reason,
 * quoting the text (cut at 60 bytes):
 *   date '70/12/2022' has day 70
 *   date '12/13/2024' has month 13
 *   date '31/02/2024' does not exist
 *   date '12/042016' is not a date
 *   date '' is empty
 * Years outside 1990..2100 are rejected as implausible:
 *   date '01/01/1989' has implausible year 1989
 * Day is checked before month, so with DATE_MDY "70/12/2022" has month 70.
 */

#include <stddef.h>
#include <stdint.h>

#include "chainwatch/diag.h"

enum date_order {
	DATE_ORDER_AUTO = 0,
	DATE_DMY,
	DATE_MDY
};

const char *date_order_name(enum date_order o);   /* "auto", "dmy", "mdy": static */
int date_order_parse(const char *name, enum date_order *out);

struct date_votes {
	unsigned long dmy;   /* rows only day-first can read (first number > 12) */
	unsigned long mdy;   /* rows only month-first can read (second number > 12) */
};

/* Look at one date text and count which order it proves, if any. */
void date_vote(struct date_votes *v, const char *s, size_t n);
/* DATE_MDY only when some row proves month-first and none proves day-first. */
enum date_order date_order_decide(const struct date_votes *v);

int date_parse(const char *s, size_t n, enum date_order order, int32_t *ymd, struct diag *err);

/* "2025-04-29" into the caller's out (>= 11 bytes); "" for 0.  Returns out. */
char *date_format(int32_t ymd, char *out);
/*
 * "29 April 2025", as a report says it, into the caller's out (>= 24
 * bytes); "" when ymd has no month 1-12.  Returns out.
 */
char *date_format_long(int32_t ymd, char *out);
/* "January" for 1 ... "December" for 12 (static); NULL for any other month. */
const char *date_month_name(int month);
/* Valid calendar date? */
int date_valid(int y, int m, int d);

#endif
