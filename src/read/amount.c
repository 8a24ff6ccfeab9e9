/*
 * Money as integer pence.
 *
 * amount_parse() is a small hand-written scanner over the bytes: optional
 * "(" / sign / currency in front, the digits (thousands groups checked),
 * optional sign / ")" / currency behind.  Rounding works on the decimal
 * digit string, so "3736.0699999999997" is 373607 without ever touching
 * floating point.  No allocation, no locale.
 */

#include <stdint.h>
#include <string.h>

#include "chainwatch/amount.h"
#include "chainwatch/ascii.h"

/* |pence| above this is not a council payment */
#define AMOUNT_LIMIT 1000000000000000LL   /* 10^15 pence = 10^13 pounds */

/* How much of the text goes into a message. */
#define AMOUNT_QUOTE_MAX 60

enum amount_fault {
	AF_NONE = 0,
	AF_SYNTAX,        /* is not a number */
	AF_GROUPING,      /* misplaced thousands separator */
	AF_TWO_POINTS,
	AF_EXPONENT,
	AF_TOO_BIG
};

/* Length of the blank (space, tab, NBSP) at p, 0 if none. */
static size_t blank_at(const unsigned char *p, const unsigned char *end)
{
	if (p < end && (*p == ' ' || *p == '\t'))
		return 1;
	if (end - p >= 2 && p[0] == 0xC2 && p[1] == 0xA0)
		return 2;
	return 0;
}

/* Length of the blank ending just before end, 0 if none. */
static size_t blank_before(const unsigned char *start, const unsigned char *end)
{
	if (end > start && (end[-1] == ' ' || end[-1] == '\t'))
		return 1;
	if (end - start >= 2 && end[-2] == 0xC2 && end[-1] == 0xA0)
		return 2;
	return 0;
}

static const unsigned char *skip_blanks(const unsigned char *p, const unsigned char *end)
{
	size_t k;

	while ((k = blank_at(p, end)) != 0)
		p += k;
	return p;
}

/* Length of a currency mark ("£" or "GBP", any case) at p, 0 if none. */
static size_t currency_at(const unsigned char *p, const unsigned char *end)
{
	if (end - p >= 2 && p[0] == 0xC2 && p[1] == 0xA3)
		return 2;
	if (end - p >= 3 && ascii_upper(p[0]) == 'G' && ascii_upper(p[1]) == 'B' &&
	    ascii_upper(p[2]) == 'P')
		return 3;
	return 0;
}

/*
 * The digits: "1234", "1,234,567", optionally ".fraction".  Accumulates
 * pounds and pence (rounded half away from zero from the third decimal),
 * advancing *pp only on success.
 */
static enum amount_fault scan_number(const unsigned char **pp, const unsigned char *end,
				     int64_t *mag)
{
	const unsigned char *p = *pp;
	int64_t pounds = 0, pence = 0;
	size_t ndig = 0, group = 0;
	int grouped = 0, big = 0, anydigit = 0;

	/* integer part */
	while (p < end) {
		if (ascii_digit(*p)) {
			if (pounds > AMOUNT_LIMIT / 100)
				big = 1;
			else
				pounds = pounds * 10 + (*p - '0');
			ndig++;
			group++;
			anydigit = 1;
			p++;
		} else if (*p == ',') {
			/* first group 1..3 digits, later groups exactly 3 */
			if (!ndig || (grouped ? group != 3 : group > 3))
				return AF_GROUPING;
			if (p + 1 >= end || !ascii_digit(p[1]))
				return AF_GROUPING;
			grouped = 1;
			group = 0;
			p++;
		} else {
			break;
		}
	}
	if (grouped && group != 3)
		/* "1,2x4.00" is garbage rather than a bad grouping */
		return p < end && ascii_upper(*p) >= 'A' && ascii_upper(*p) <= 'Z' ?
		       AF_SYNTAX : AF_GROUPING;

	/* fraction */
	if (p < end && *p == '.') {
		size_t k = 0;

		p++;
		while (p < end && ascii_digit(*p)) {
			if (k < 2)
				pence = pence * 10 + (*p - '0');
			else if (k == 2 && *p >= '5')
				pence++;      /* the rest cannot change a half-up decision */
			k++;
			anydigit = 1;
			p++;
		}
		if (k == 1)
			pence *= 10;
		if (p < end && (*p == '.' || *p == ','))
			return *p == '.' ? AF_TWO_POINTS : AF_GROUPING;
	}
	if (!anydigit)
		return AF_SYNTAX;
	if (p < end && (*p == 'e' || *p == 'E'))
		return AF_EXPONENT;
	if (big || pounds > (AMOUNT_LIMIT - pence) / 100)
		return AF_TOO_BIG;
	*mag = pounds * 100 + pence;
	*pp = p;
	return AF_NONE;
}

static enum amount_fault scan_amount(const unsigned char *p, const unsigned char *end,
				     int64_t *out)
{
	int paren = 0, sign = 0, cur = 0;
	int64_t mag = 0;
	enum amount_fault f;
	size_t k;

	if (p < end && *p == '(') {
		paren = 1;
		p = skip_blanks(p + 1, end);
	}
	/* sign and currency in either order: -£12, £-12, GBP 12 */
	for (;;) {
		if (p < end && (*p == '-' || *p == '+') && !sign) {
			sign = *p == '-' ? -1 : 1;
			p++;
		} else if ((k = currency_at(p, end)) != 0 && !cur) {
			cur = 1;
			p = skip_blanks(p + k, end);
		} else {
			break;
		}
	}
	f = scan_number(&p, end, &mag);
	if (f != AF_NONE)
		return f;
	/* trailing sign: 12.00- */
	if (p < end && (*p == '-' || *p == '+') && !sign) {
		sign = *p == '-' ? -1 : 1;
		p++;
	}
	if (paren) {
		p = skip_blanks(p, end);
		if (p >= end || *p != ')' || sign)
			return AF_SYNTAX;
		p++;
		sign = -1;
	}
	p = skip_blanks(p, end);
	if ((k = currency_at(p, end)) != 0 && !cur) {
		cur = 1;
		p += k;
	}
	if (p != end)
		return AF_SYNTAX;
	*out = sign < 0 ? -mag : mag;
	return AF_NONE;
}

int amount_parse(const char *s, size_t n, int64_t *pence, struct diag *err)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	char q[AMOUNT_QUOTE_MAX + 8];
	const char *why;
	int64_t v = 0;
	enum amount_fault f;
	size_t k;

	p = skip_blanks(p, end);
	while ((k = blank_before(p, end)) != 0)
		end -= k;
	if (p == end) {
		f = AF_NONE;
		why = "is empty";
	} else {
		f = scan_amount(p, end, &v);
		if (f == AF_NONE) {
			*pence = v;
			return 0;
		}
		switch (f) {
		case AF_GROUPING:
			why = "has a misplaced thousands separator";
			break;
		case AF_TWO_POINTS:
			why = "has two decimal points";
			break;
		case AF_EXPONENT:
			why = "has an exponent";
			break;
		case AF_TOO_BIG:
			why = "is implausibly large";
			break;
		default:
			why = "is not a number";
			break;
		}
	}
	diag_quote(q, sizeof(q), s, n, AMOUNT_QUOTE_MAX);
	return diag_set(err, CW_INPUT, "amount '%s' %s", q, why);
}

/* Digits of pence as "1234.56" (grouped with commas if `group`) into out. */
static char *format_pence(int64_t pence, char *out, int group, int gbp)
{
	char tmp[40];
	uint64_t mag = pence < 0 ? (uint64_t)0 - (uint64_t)pence : (uint64_t)pence;
	uint64_t pounds = mag / 100;
	unsigned cents = (unsigned)(mag % 100);
	size_t t = 0, o = 0, nd = 0;

	/* pounds backwards into tmp */
	do {
		if (group && nd && nd % 3 == 0)
			tmp[t++] = ',';
		tmp[t++] = (char)('0' + pounds % 10);
		pounds /= 10;
		nd++;
	} while (pounds);
	if (pence < 0)
		out[o++] = '-';
	if (gbp) {
		out[o++] = (char)0xC2;
		out[o++] = (char)0xA3;
	}
	while (t)
		out[o++] = tmp[--t];
	out[o++] = '.';
	out[o++] = (char)('0' + cents / 10);
	out[o++] = (char)('0' + cents % 10);
	out[o] = '\0';
	return out;
}

char *amount_format(int64_t pence, char *out)
{
	return format_pence(pence, out, 0, 0);
}

char *amount_format_gbp(int64_t pence, char *out)
{
	return format_pence(pence, out, 1, 1);
}

char *amount_format_pounds(int64_t pence, char *out)
{
	int64_t r = pence % 100;

	/* whole pounds: -49..49 pence down, 50 and over away from zero (no overflow) */
	pence -= r;
	if (r >= 50)
		pence = pence <= INT64_MAX - 100 ? pence + 100 : pence;
	else if (r <= -50)
		pence = pence >= INT64_MIN + 100 ? pence - 100 : pence;
	format_pence(pence, out, 1, 1);
	out[strlen(out) - 3] = '\0';            /* ".00" */
	return out;
}
