/*
 * Payment dates as int32 yyyymmdd.
 *
 * The text is scanned into a `struct date_parts` (numbers and how they
 * were written) by scan_date(); the day/month order is applied and the
 * result validated afterwards, so date_vote() and date_parse() share the
 * scanner.  No allocation, no locale: month names are matched by hand.
 */

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "chainwatch/ascii.h"
#include "chainwatch/date.h"

#define DATE_YEAR_MIN 1990
#define DATE_YEAR_MAX 2100
#define DATE_QUOTE_MAX 60

enum date_shape {
	SHAPE_NUMERIC,   /* a/b/y: order decides which is the day */
	SHAPE_YMD,       /* yyyy-mm-dd */
	SHAPE_NAMED      /* d-Mon-y, d Month y */
};

struct date_parts {
	enum date_shape shape;
	int a, b;        /* SHAPE_NUMERIC: the first two numbers as written */
	int y, m, d;     /* SHAPE_YMD / SHAPE_NAMED: resolved (y already widened) */
};

static const char *const month_names[12] = {
	"january", "february", "march", "april", "may", "june",
	"july", "august", "september", "october", "november", "december"
};

/* Read up to `max` digits; the count read (0 if none).  *v gets the value. */
static size_t scan_digits(const unsigned char **pp, const unsigned char *end, size_t max, int *v)
{
	const unsigned char *p = *pp;
	size_t k = 0;
	int x = 0;

	while (p < end && ascii_digit(*p) && k < max) {
		x = x * 10 + (*p - '0');
		p++;
		k++;
	}
	/* more digits than allowed: not this form */
	if (p < end && ascii_digit(*p))
		return 0;
	if (k) {
		*v = x;
		*pp = p;
	}
	return k;
}

/* Month number for a name ("oct", "October", "SEPT"), 0 if none. */
static int month_from_name(const unsigned char *p, size_t n)
{
	char low[10];
	size_t i;
	int m;

	if (n < 3 || n > 9)
		return 0;
	for (i = 0; i < n; i++)
		low[i] = (char)ascii_lower(p[i]);
	if (n == 4 && memcmp(low, "sept", 4) == 0)
		return 9;
	for (m = 0; m < 12; m++) {
		size_t len = strlen(month_names[m]);

		if ((n == 3 || n == len) && memcmp(low, month_names[m], n) == 0)
			return m + 1;
	}
	return 0;
}

static int widen_year(int y, size_t ndigits)
{
	if (ndigits == 2)
		return y <= 69 ? 2000 + y : 1900 + y;
	return y;
}

static int date_sep(unsigned char c)
{
	return c == '/' || c == '-' || c == '.';
}

/*
 * After the date: nothing, or a time part introduced by a space or 'T'
 * ("00:00:00", "12:30", "2025-04-29T10:00:00.000+01:00", "9:05 AM").
 */
static int scan_time_tail(const unsigned char *p, const unsigned char *end)
{
	int colon = 0;

	if (p == end)
		return 0;
	if (*p != ' ' && *p != 'T' && *p != 't')
		return -1;
	while (p < end && *p == ' ')
		p++;
	if (p < end && (*p == 'T' || *p == 't'))
		p++;
	if (p == end || !ascii_digit(*p))
		return -1;
	while (p < end && (ascii_digit(*p) || *p == ':' || *p == '.' ||
			   *p == '+' || *p == '-' || *p == 'Z')) {
		colon |= *p == ':';
		p++;
	}
	if (!colon)
		return -1;
	while (p < end && *p == ' ')
		p++;
	if (end - p == 2 && (ascii_lower(p[0]) == 'a' || ascii_lower(p[0]) == 'p') &&
	    ascii_lower(p[1]) == 'm')
		p += 2;
	return p == end ? 0 : -1;
}

/*
 * yyyymmdd with nothing but a time after it (Bolton's PaidDate, 20101223):
 * only a 19xx/20xx year, so an 8-digit reference number is not a date.
 */
static int scan_compact(const unsigned char *p, const unsigned char *end, struct date_parts *dp)
{
	int v[8], i;

	for (i = 0; i < 8; i++) {
		if (!ascii_digit(p[i]))
			return -1;
		v[i] = p[i] - '0';
	}
	if (!((v[0] == 1 && v[1] == 9) || (v[0] == 2 && v[1] == 0)))
		return -1;
	if (scan_time_tail(p + 8, end) < 0)
		return -1;
	dp->shape = SHAPE_YMD;
	dp->y = v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3];
	dp->m = v[4] * 10 + v[5];
	dp->d = v[6] * 10 + v[7];
	return 0;
}

/* 0 and the parts, or -1 if the text has no date shape at all. */
static int scan_date(const unsigned char *p, const unsigned char *end, struct date_parts *dp)
{
	int x, y2, z;
	size_t k, k2;
	unsigned char sep;

	if (end - p >= 8 && scan_compact(p, end, dp) == 0)
		return 0;
	k = scan_digits(&p, end, 4, &x);
	if (k == 4) {
		/* yyyy-mm-dd, yyyy/mm/dd, yyyy.mm.dd */
		if (p >= end || !date_sep(*p))
			return -1;
		sep = *p++;
		if (!scan_digits(&p, end, 2, &y2))
			return -1;
		if (p >= end || *p != sep)
			return -1;
		p++;
		if (!scan_digits(&p, end, 2, &z))
			return -1;
		if (scan_time_tail(p, end) < 0)
			return -1;
		dp->shape = SHAPE_YMD;
		dp->y = x;
		dp->m = y2;
		dp->d = z;
		return 0;
	}
	if (k != 1 && k != 2)
		return -1;
	if (p >= end || !(date_sep(*p) || *p == ' '))
		return -1;
	sep = *p++;
	if (p < end && ascii_alpha(*p)) {
		/* 1-Oct-26, 01-OCT-2026, 1 October 2026, 01 Oct 2026 */
		const unsigned char *w = p;
		int m;

		while (p < end && ascii_alpha(*p))
			p++;
		m = month_from_name(w, (size_t)(p - w));
		if (!m)
			return -1;
		if (p < end && *p == '.' && sep != '.')
			p++;      /* "1 Oct. 2026" */
		if (p >= end || *p != sep)
			return -1;
		p++;
		k2 = scan_digits(&p, end, 4, &z);
		if (k2 != 2 && k2 != 4)
			return -1;
		if (scan_time_tail(p, end) < 0)
			return -1;
		dp->shape = SHAPE_NAMED;
		dp->d = x;
		dp->m = m;
		dp->y = widen_year(z, k2);
		return 0;
	}
	if (sep == ' ')
		return -1;
	/* a/b/y with the same separator twice */
	if (!scan_digits(&p, end, 2, &y2))
		return -1;
	if (p >= end || *p != sep)
		return -1;
	p++;
	k2 = scan_digits(&p, end, 4, &z);
	if (k2 != 2 && k2 != 4)
		return -1;
	if (scan_time_tail(p, end) < 0)
		return -1;
	dp->shape = SHAPE_NUMERIC;
	dp->a = x;
	dp->b = y2;
	dp->y = widen_year(z, k2);
	return 0;
}

static int blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Trim spaces, tabs, line ends and NBSP from both ends. */
static void trim(const unsigned char **pp, const unsigned char **endp)
{
	const unsigned char *p = *pp, *end = *endp;

	for (;;) {
		if (p < end && blank(*p))
			p++;
		else if (end - p >= 2 && p[0] == 0xC2 && p[1] == 0xA0)
			p += 2;
		else
			break;
	}
	for (;;) {
		if (end > p && blank(end[-1]))
			end--;
		else if (end - p >= 2 && end[-2] == 0xC2 && end[-1] == 0xA0)
			end -= 2;
		else
			break;
	}
	*pp = p;
	*endp = end;
}

const char *date_order_name(enum date_order o)
{
	switch (o) {
	case DATE_DMY:
		return "dmy";
	case DATE_MDY:
		return "mdy";
	case DATE_ORDER_AUTO:
	default:
		return "auto";
	}
}

int date_order_parse(const char *name, enum date_order *out)
{
	if (!name)
		return -1;
	if (strcmp(name, "auto") == 0)
		*out = DATE_ORDER_AUTO;
	else if (strcmp(name, "dmy") == 0)
		*out = DATE_DMY;
	else if (strcmp(name, "mdy") == 0)
		*out = DATE_MDY;
	else
		return -1;
	return 0;
}

void date_vote(struct date_votes *v, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	struct date_parts dp;

	trim(&p, &end);
	if (scan_date(p, end, &dp) < 0 || dp.shape != SHAPE_NUMERIC)
		return;
	if (dp.a < 1 || dp.b < 1 || dp.a > 31 || dp.b > 31)
		return;
	if (dp.a > 12 && dp.b <= 12)
		v->dmy++;
	else if (dp.b > 12 && dp.a <= 12)
		v->mdy++;
}

enum date_order date_order_decide(const struct date_votes *v)
{
	return (v->mdy > 0 && v->dmy == 0) ? DATE_MDY : DATE_DMY;
}

static int days_in_month(int y, int m)
{
	static const int dim[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dim[m - 1];
}

int date_valid(int y, int m, int d)
{
	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1)
		return 0;
	return d <= days_in_month(y, m);
}

/* Fail with "date '<text>' <why>[ <num>]"; num < 0 means no number. */
static int date_fail(struct diag *err, const char *s, size_t n, const char *why, int num)
{
	char q[DATE_QUOTE_MAX + 8];

	diag_quote(q, sizeof(q), s, n, DATE_QUOTE_MAX);
	if (num < 0)
		return diag_set(err, CW_INPUT, "date '%s' %s", q, why);
	return diag_set(err, CW_INPUT, "date '%s' %s %d", q, why, num);
}

int date_parse(const char *s, size_t n, enum date_order order, int32_t *ymd, struct diag *err)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	struct date_parts dp;
	int y, m, d;

	trim(&p, &end);
	if (p == end)
		return date_fail(err, s, n, "is empty", -1);
	if (scan_date(p, end, &dp) < 0)
		return date_fail(err, s, n, "is not a date", -1);
	y = dp.y;
	if (dp.shape != SHAPE_NUMERIC) {
		m = dp.m;
		d = dp.d;
	} else if (order == DATE_MDY) {
		m = dp.a;
		d = dp.b;
	} else {
		d = dp.a;
		m = dp.b;
	}
	if (d < 1 || d > 31)
		return date_fail(err, s, n, "has day", d);
	if (m < 1 || m > 12)
		return date_fail(err, s, n, "has month", m);
	if (y < DATE_YEAR_MIN || y > DATE_YEAR_MAX)
		return date_fail(err, s, n, "has implausible year", y);
	if (!date_valid(y, m, d))
		return date_fail(err, s, n, "does not exist", -1);
	*ymd = (int32_t)(y * 10000 + m * 100 + d);
	return 0;
}

const char *date_month_name(int month)
{
	static const char *const names[12] = {
		"January", "February", "March", "April", "May", "June", "July", "August",
		"September", "October", "November", "December"
	};

	return month >= 1 && month <= 12 ? names[month - 1] : NULL;
}

char *date_format_long(int32_t ymd, char *out)
{
	const char *m = date_month_name(ymd / 100 % 100);

	if (ymd <= 0 || !m || ymd / 10000 > 9999)
		out[0] = '\0';
	else
		snprintf(out, 24, "%d %s %d", (int)(ymd % 100), m, (int)(ymd / 10000));
	return out;
}

char *date_format(int32_t ymd, char *out)
{
	int y = ymd / 10000, m = ymd / 100 % 100, d = ymd % 100;

	if (ymd <= 0 || y > 9999) {
		out[0] = '\0';
		return out;
	}
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
	return out;
}
