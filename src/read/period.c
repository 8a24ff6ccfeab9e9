/*
 * period.c: periods read, written and counted in months, and the period
 * a file name declares (period.h).
 *
 * The base name is cut into tokens: runs of letters and runs of digits,
 * a letter run also cut where a lower-case letter meets a capital
 * ("SpendingMarch" -> "Spending", "March").  Everything else separates.
 */
#include <stdio.h>
#include <string.h>

#include "chainwatch/ascii.h"
#include "chainwatch/period.h"

#define MAX_TOKENS 48

struct token {
	const char *p;
	size_t n;
	int digits;          /* a run of digits */
	int glued;           /* follows the previous token with no separator */
};

static const char *const month_names[12] = {
	"january", "february", "march", "april", "may", "june",
	"july", "august", "september", "october", "november", "december"
};

static int capital(char c)
{
	return c >= 'A' && c <= 'Z';
}

static size_t tokenise(const char *s, struct token *t, size_t max)
{
	size_t n = 0;
	const char *p = s;
	int sep = 1;

	while (*p && n < max) {
		unsigned char c = (unsigned char)*p;
		const char *q = p;

		if (!ascii_alpha(c) && !ascii_digit(c)) {
			sep = 1;
			p++;
			continue;
		}
		if (ascii_digit(c)) {
			while (ascii_digit((unsigned char)*q))
				q++;
		} else {
			q++;
			while (ascii_alpha((unsigned char)*q) && !(capital(*q) && !capital(q[-1])))
				q++;
		}
		t[n].p = p;
		t[n].n = (size_t)(q - p);
		t[n].digits = ascii_digit(c) != 0;
		t[n].glued = !sep;
		n++;
		sep = 0;
		p = q;
	}
	return n;
}

static int number(const struct token *t)
{
	int v = 0;
	size_t i;

	for (i = 0; i < t->n; i++)
		v = v * 10 + (t->p[i] - '0');
	return v;
}

/* A 4-digit year 1990..2099, or 0. */
static int year4(const struct token *t)
{
	int y;

	if (!t->digits || t->n != 4)
		return 0;
	y = number(t);
	return y >= 1990 && y <= 2099 ? y : 0;
}

/* January = 1 for "jan", "January", "SEPT"; 0 if the token is no month. */
static int month_word(const struct token *t)
{
	char w[16];
	size_t i;
	int m;

	if (t->digits || t->n < 3 || t->n >= sizeof(w))
		return 0;
	for (i = 0; i < t->n; i++)
		w[i] = (char)ascii_lower((unsigned char)t->p[i]);
	w[t->n] = '\0';
	for (m = 0; m < 12; m++) {
		if (!strcmp(w, month_names[m]))
			return m + 1;
		if (t->n == 3 && !strncmp(w, month_names[m], 3))
			return m + 1;
	}
	return !strcmp(w, "sept") ? 9 : 0;
}

static int quarter_word(const struct token *t)
{
	char w[8];
	size_t i;

	if (t->digits || t->n > 7)
		return 0;
	for (i = 0; i < t->n; i++)
		w[i] = (char)ascii_lower((unsigned char)t->p[i]);
	w[t->n] = '\0';
	return !strcmp(w, "q") || !strcmp(w, "qtr") || !strcmp(w, "quarter");
}

/* 201407 as one token. */
static int compact_month(const struct token *t, int32_t *ym)
{
	int v, y, m;

	if (!t->digits || t->n != 6)
		return 0;
	v = number(t);
	y = v / 100;
	m = v % 100;
	if (y < 1990 || y > 2099 || m < 1 || m > 12)
		return 0;
	*ym = v;
	return 1;
}

/* The year written beside month-name token i (and i+1 for a range end at j): 0 if none. */
static int year_beside(const struct token *t, size_t n, size_t i, size_t j)
{
	int y;

	if (j + 1 < n && (y = year4(&t[j + 1])) != 0)
		return y;
	/* "sep15", "apr-15": two digits right after the month */
	if (j + 1 < n && t[j + 1].digits && t[j + 1].n == 2 &&
	    !(j + 2 < n && t[j + 2].digits))
		return 2000 + number(&t[j + 1]);
	if (i > 0 && (y = year4(&t[i - 1])) != 0)
		return y;
	return 0;
}

/*
 * The first period declared at or after token *at: 0 with *first, *last
 * and *at moved past it, or -1.
 */
static int next_period(const struct token *t, size_t n, size_t *at, int32_t *first,
		       int32_t *last)
{
	size_t i;

	for (i = *at; i < n; i++) {
		*at = i + 1;
		int32_t ym;
		int y, m, m2, q;

		if (compact_month(&t[i], &ym)) {
			*first = *last = ym;
			return 0;
		}
		/* 2014-07, 2014_07: a year, one '-' or '_', two digits */
		if ((y = year4(&t[i])) != 0 && i + 1 < n && t[i + 1].digits && t[i + 1].n == 2 &&
		    !t[i + 1].glued && t[i + 1].p == t[i].p + 5 &&
		    (t[i].p[4] == '-' || t[i].p[4] == '_')) {
			m = number(&t[i + 1]);
			if (m >= 1 && m <= 12) {
				*first = *last = y * 100 + m;
				return 0;
			}
		}
		/* 2009_q1, Q1 2009, 2009 quarter 1 */
		if (quarter_word(&t[i]) && i + 1 < n && t[i + 1].digits && t[i + 1].n == 1 &&
		    (q = number(&t[i + 1])) >= 1 && q <= 4) {
			y = i > 0 ? year4(&t[i - 1]) : 0;
			if (!y && i + 2 < n)
				y = year4(&t[i + 2]);
			if (y) {
				*first = y * 100 + 3 * (q - 1) + 1;
				*last = y * 100 + 3 * q;
				return 0;
			}
		}
		if ((m = month_word(&t[i])) != 0) {
			size_t j = i;

			/* jan-mar-2014 */
			if (i + 1 < n && (m2 = month_word(&t[i + 1])) != 0)
				j = i + 1;
			else
				m2 = m;
			y = year_beside(t, n, i, j);
			if (!y)
				continue;
			*first = (m2 < m ? y - 1 : y) * 100 + m;
			*last = y * 100 + m2;
			*at = j + 1;
			return 0;
		}
	}
	return -1;
}

int period_from_filename(const char *path, int32_t *first, int32_t *last)
{
	struct token t[MAX_TOKENS];
	const char *base = strrchr(path, '/');
	size_t n, at = 0;

	base = base ? base + 1 : path;
	n = tokenise(base, t, MAX_TOKENS);
	return next_period(t, n, &at, first, last);
}

static int word_is(const struct token *t, const char *w)
{
	size_t i;

	if (t->digits || t->n != strlen(w))
		return 0;
	for (i = 0; i < t->n; i++)
		if (ascii_lower((unsigned char)t->p[i]) != w[i])
			return 0;
	return 1;
}

int period_from_text(const char *text, int32_t *first, int32_t *last)
{
	struct token t[MAX_TOKENS];
	size_t n = tokenise(text, t, MAX_TOKENS), at = 0, k;
	int32_t f, l, f2, l2;

	if (next_period(t, n, &at, &f, &l) < 0)
		return -1;
	/* "1st October 2019 to 31st December 2019": a range */
	for (k = at; k < n && !word_is(&t[k], "to") && !word_is(&t[k], "until"); k++)
		;
	if (k < n && next_period(t, n, &k, &f2, &l2) == 0 && l2 >= f)
		l = l2;
	*first = f;
	*last = l;
	return 0;
}

const char *period_of_file(const char *path, int32_t title_first, int32_t title_last,
			   const struct month_rows *months, size_t n, int32_t *first, int32_t *last)
{
	unsigned long busiest = 0;
	int32_t f = 0, l = 0, nf, nl, peak = 0;
	size_t i;
	int named;

	for (i = 0; i < n; i++)
		if (months[i].rows > busiest || (months[i].rows == busiest && months[i].month < peak)) {
			busiest = months[i].rows;
			peak = months[i].month;
		}
	for (i = 0; i < n; i++) {
		if (months[i].rows * 5 < busiest)
			continue;
		if (!f || months[i].month < f)
			f = months[i].month;
		if (months[i].month > l)
			l = months[i].month;
	}
	named = period_from_filename(path, &nf, &nl) == 0;
	if (named && (!peak || (peak >= nf && peak <= nl))) {
		*first = nf;
		*last = nl;
		return "file name";
	}
	if (title_first && (!peak || (peak >= title_first && peak <= title_last))) {
		*first = title_first;
		*last = title_last;
		return "title line";
	}
	named |= title_first != 0;
	if (!f)
		return NULL;
	*first = f;
	*last = l;
	return named ? "payment dates (most fall outside the declared period)" : "payment dates";
}

char *period_format(int32_t first, int32_t last, char *out)
{
	unsigned fy = (unsigned)first / 100u % 10000u, fm = (unsigned)first % 100u;
	unsigned ly = (unsigned)last / 100u % 10000u, lm = (unsigned)last % 100u;

	if (first == last)
		snprintf(out, 16, "%04u-%02u", fy, fm);
	else
		snprintf(out, 16, "%04u-%02u_%04u-%02u", fy, fm, ly, lm);
	return out;
}

/* Two digits at s, their value; -1 when they are not. */
static int two_digits(const char *s)
{
	if (!ascii_digit((unsigned char)s[0]) || !ascii_digit((unsigned char)s[1]))
		return -1;
	return (s[0] - '0') * 10 + (s[1] - '0');
}

/* "YYYY-MM" at s: the month as yyyymm, or -1. */
static int32_t month_at(const char *s)
{
	int hi = two_digits(s), lo = hi < 0 ? -1 : two_digits(s + 2), m;

	if (lo < 0 || s[0] < '1' || s[4] != '-' || (m = two_digits(s + 5)) < 1 || m > 12)
		return -1;
	return (int32_t)((hi * 100 + lo) * 100 + m);
}

int period_parse(const char *text, int32_t *first, int32_t *last)
{
	size_t n = strlen(text);
	int32_t f, l;

	if (n != 7 && n != 15)
		return -1;
	f = l = month_at(text);
	if (f < 0)
		return -1;
	if (n == 15 && (text[7] != '_' || (l = month_at(text + 8)) < 0 || l <= f))
		return -1;
	if (first)
		*first = f;
	if (last)
		*last = l;
	return 0;
}

int32_t period_next_month(int32_t month)
{
	return month % 100 >= 12 ? (month / 100 + 1) * 100 + 1 : month + 1;
}

int32_t period_month_end(int32_t month)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int32_t y = month / 100, m = month % 100, d;

	if (m < 1 || m > 12)
		return 0;
	d = days[m - 1] + (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));

	return month * 100 + d;
}
