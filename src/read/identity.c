/*
 * Who a payee is: text clean-up, name keys, company and VAT numbers,
 * redaction placeholders.
 *
 * Everything works on UTF-8 bytes with ASCII-only case rules (no locale)
 * and without allocating, except for growing the caller's buffer.
 */

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "chainwatch/ascii.h"
#include "chainwatch/identity.h"

/* --- bytes -------------------------------------------------------------- */

/*
 * Length of a space-like character at p, 0 if none: ASCII blanks and line
 * ends, NBSP, the U+2000..U+200A spaces, U+202F, U+205F, U+3000, and U+2020
 * (the dagger that Lambeth's double-encoded NBSP turned into).
 */
static size_t space_at(const unsigned char *p, const unsigned char *end)
{
	size_t left = (size_t)(end - p);

	if (!left)
		return 0;
	if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' || *p == '\v' || *p == '\f')
		return 1;
	if (left >= 2 && p[0] == 0xC2 && p[1] == 0xA0)
		return 2;
	if (left >= 3 && p[0] == 0xE2 && p[1] == 0x80 &&
	    (p[2] <= 0x8A || p[2] == 0xA0 || p[2] == 0xAF))
		return 3;
	if (left >= 3 && p[0] == 0xE2 && p[1] == 0x81 && p[2] == 0x9F)
		return 3;
	if (left >= 3 && p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80)
		return 3;
	return 0;
}

/*
 * Length of an invisible character to delete at p, 0 if none: soft
 * hyphen U+00AD, zero-width space/non-joiner/joiner U+200B..U+200D, word
 * joiner U+2060, BOM U+FEFF.
 */
size_t text_invisible_at(const unsigned char *p, const unsigned char *end)
{
	size_t left = (size_t)(end - p);

	if (left >= 2 && p[0] == 0xC2 && p[1] == 0xAD)
		return 2;
	if (left >= 3 && p[0] == 0xE2 && p[1] == 0x80 && p[2] >= 0x8B && p[2] <= 0x8D)
		return 3;
	if (left >= 3 && p[0] == 0xE2 && p[1] == 0x81 && p[2] == 0xA0)
		return 3;
	if (left >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
		return 3;
	return 0;
}

/* Apostrophes join a word ("Children's" -> CHILDRENS): ' ` U+2018 U+2019 U+00B4. */
static size_t apostrophe_at(const unsigned char *p, const unsigned char *end)
{
	size_t left = (size_t)(end - p);

	if (left && (*p == '\'' || *p == '`'))
		return 1;
	if (left >= 2 && p[0] == 0xC2 && p[1] == 0xB4)
		return 2;
	if (left >= 3 && p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0x98 || p[2] == 0x99))
		return 3;
	return 0;
}

/* Non-ASCII punctuation that separates words: U+2010..U+2015 dashes,
 * U+201C..U+201F quotes, U+2022 bullet, U+2026 ellipsis, U+00A3 pound,
 * U+00AB/U+00BB guillemets. */
static size_t punct_at(const unsigned char *p, const unsigned char *end)
{
	size_t left = (size_t)(end - p);

	if (left >= 2 && p[0] == 0xC2 && (p[1] == 0xA3 || p[1] == 0xAB || p[1] == 0xBB))
		return 2;
	if (left >= 3 && p[0] == 0xE2 && p[1] == 0x80 &&
	    ((p[2] >= 0x90 && p[2] <= 0x95) || (p[2] >= 0x9C && p[2] <= 0x9F) ||
	     p[2] == 0xA2 || p[2] == 0xA6))
		return 3;
	return 0;
}

/* Length of the UTF-8 sequence starting at p (1 for a stray byte). */
static size_t utf8_len(const unsigned char *p, const unsigned char *end)
{
	size_t k, want, left = (size_t)(end - p);

	if (*p < 0xC0)
		want = 1;
	else if (*p < 0xE0)
		want = 2;
	else if (*p < 0xF0)
		want = 3;
	else
		want = 4;
	if (want > left)
		return 1;
	for (k = 1; k < want; k++)
		if ((p[k] & 0xC0) != 0x80)
			return 1;
	return want;
}

/* --- text_clean --------------------------------------------------------- */

/* Write the cleaned text to dst (or only count it if dst is NULL). */
static size_t clean_into(const unsigned char *p, size_t n, char *dst)
{
	const unsigned char *end = p + n;
	size_t o = 0, k;
	int owed = 0;       /* a space is due before the next visible byte */

	while (p < end) {
		if (*p > ' ' && *p < 0x7F) {
			/* printable ASCII: the common case */
			if (owed) {
				if (dst)
					dst[o] = ' ';
				o++;
				owed = 0;
			}
			if (dst)
				dst[o] = (char)*p;
			o++;
			p++;
			continue;
		}
		if ((k = space_at(p, end)) != 0) {
			owed = o > 0;
			p += k;
			continue;
		}
		if ((k = text_invisible_at(p, end)) != 0) {
			p += k;
			continue;
		}
		if (owed) {
			if (dst)
				dst[o] = ' ';
			o++;
			owed = 0;
		}
		if (dst)
			dst[o] = (char)*p;
		o++;
		p++;
	}
	return o;
}

/*
 * Nothing to clean: printable ASCII, no space at either end, no two spaces
 * in a row.  Most cells of most files; they are copied as they are.
 */
static int already_clean(const unsigned char *p, size_t n)
{
	size_t i;

	if (!n)
		return 1;
	if (p[0] == ' ' || p[n - 1] == ' ')
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = p[i];

		if (c < ' ' || c >= 0x7F || (c == ' ' && p[i + 1] == ' '))
			return 0;
	}
	return 1;
}

int text_clean(const char *s, size_t n, struct buf *out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len;

	if (already_clean(p, n))
		return buf_add(out, s, n);

	/* the clean text is never longer than the input */
	if (buf_grow(out, n) < 0) {
		len = clean_into(p, n, NULL);
		if (buf_grow(out, len) < 0)
			return -1;
	}
	len = clean_into(p, n, out->s + out->len);
	out->len += len;
	out->s[out->len] = '\0';
	return 0;
}

/* --- trading-as --------------------------------------------------------- */

/* Case-insensitive: does p start with the ASCII word w of length len? */
static int word_at(const unsigned char *p, const unsigned char *end, const char *w, size_t len)
{
	size_t i;

	if ((size_t)(end - p) < len)
		return 0;
	for (i = 0; i < len; i++)
		if (ascii_upper(p[i]) != ascii_upper((unsigned char)w[i]))
			return 0;
	return 1;
}

/*
 * Find a "T/A", "T/AS" or "trading as" marker at word boundaries.  On a
 * hit: *mark is where the marker starts, *after just past it.
 */
static int find_trading_as(const unsigned char *s, const unsigned char *end,
			   const unsigned char **mark, const unsigned char **after)
{
	const unsigned char *p, *q;

	for (p = s; p < end; p++) {
		if ((*p != 't' && *p != 'T') || (p > s && ascii_alnum(p[-1])))
			continue;
		q = NULL;
		if (word_at(p, end, "t/as", 4))
			q = p + 4;
		else if (word_at(p, end, "t/a", 3))
			q = p + 3;
		else if (word_at(p, end, "trading", 7)) {
			size_t k;

			q = p + 7;
			if (q >= end || !space_at(q, end))
				continue;
			while ((k = space_at(q, end)) != 0)
				q += k;
			if (!word_at(q, end, "as", 2))
				continue;
			q += 2;
		}
		if (!q || (q < end && ascii_alnum(*q)))
			continue;
		*mark = p;
		*after = q;
		return 1;
	}
	return 0;
}

const char *name_trading_as(const char *s, size_t n, size_t *len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	const unsigned char *mark, *q, *b;
	int paren = 0;
	size_t k;

	if (!find_trading_as(p, end, &mark, &q))
		return NULL;
	/* "(t/a Acorn)": the name ends at the closing bracket */
	for (b = mark; b > p; ) {
		if (b - p >= 2 && b[-2] == 0xC2 && b[-1] == 0xA0)
			b -= 2;
		else if (b[-1] == ' ' || b[-1] == '\t')
			b--;
		else
			break;
	}
	paren = b > p && b[-1] == '(';
	for (;;) {
		if ((k = space_at(q, end)) != 0)
			q += k;
		else if (q < end && (*q == ':' || *q == '-' || *q == '.' || *q == ','))
			q++;
		else
			break;
	}
	if (paren) {
		const unsigned char *c = memchr(q, ')', (size_t)(end - q));

		if (c)
			end = c;
	}
	for (;;) {
		if (end > q && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r' ||
				end[-1] == '\n'))
			end--;
		else if (end - q >= 2 && end[-2] == 0xC2 && end[-1] == 0xA0)
			end -= 2;
		else
			break;
	}
	if (q >= end)
		return NULL;
	*len = (size_t)(end - q);
	return (const char *)q;
}

/* --- name_key ----------------------------------------------------------- */

/* Legal-form words dropped from the end of a key. */
static const struct {
	const char *w;
	size_t n;
} legal_forms[] = {
#define LEGAL(w) { w, sizeof(w) - 1 }
	LEGAL("LIMITED"), LEGAL("LTD"), LEGAL("PLC"), LEGAL("LLP"), LEGAL("LP"),
	LEGAL("CIC"), LEGAL("CO"), LEGAL("INC"), LEGAL("CORP")
#undef LEGAL
};

static int legal_form(const char *w, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof(legal_forms) / sizeof(legal_forms[0]); i++)
		if (legal_forms[i].n == n && memcmp(legal_forms[i].w, w, n) == 0)
			return 1;
	return 0;
}

/* buf_addc() without the call when there is room. */
static inline int put(struct buf *b, char c)
{
	if (b->len + 1 < b->cap && b->len < b->max) {
		b->s[b->len++] = c;
		return 0;
	}
	return buf_addc(b, c);
}

/* "(UK)" with optional blanks inside: its length at p, 0 if not. */
static size_t uk_tag_at(const unsigned char *p, const unsigned char *end)
{
	const unsigned char *q = p;

	if (q >= end || *q != '(')
		return 0;
	q++;
	while (q < end && *q == ' ')
		q++;
	if (end - q < 2 || ascii_upper(q[0]) != 'U' || ascii_upper(q[1]) != 'K')
		return 0;
	q += 2;
	while (q < end && *q == ' ')
		q++;
	if (q >= end || *q != ')')
		return 0;
	return (size_t)(q + 1 - p);
}

/* Append upper-cased words of [p, end) separated by single spaces. */
static int key_words(const unsigned char *p, const unsigned char *end, struct buf *out,
		     size_t start)
{
	int sep = 0;
	size_t k;

	while (p < end) {
		unsigned char c = *p;

		if (ascii_alnum(c)) {
			if (sep && out->len > start && put(out, ' ') < 0)
				return -1;
			sep = 0;
			if (put(out, (char)ascii_upper(c)) < 0)
				return -1;
			p++;
		} else if (c == '&') {
			if (out->len > start && put(out, ' ') < 0)
				return -1;
			if (buf_add(out, "AND", 3) < 0)
				return -1;
			sep = 1;
			p++;
		} else if ((k = uk_tag_at(p, end)) != 0) {
			sep = 1;
			p += k;
		} else if ((k = apostrophe_at(p, end)) != 0 ||
			   (k = text_invisible_at(p, end)) != 0) {
			p += k;
		} else if (c < 0x80) {
			sep = 1;
			p++;
		} else if ((k = space_at(p, end)) != 0 || (k = punct_at(p, end)) != 0) {
			sep = 1;
			p += k;
		} else {
			/* a non-ASCII letter: kept as it is */
			k = utf8_len(p, end);
			if (sep && out->len > start && put(out, ' ') < 0)
				return -1;
			sep = 0;
			if (buf_add(out, p, k) < 0)
				return -1;
			p += k;
		}
	}
	return 0;
}

/* Does [p, end) hold an ASCII letter or digit or a non-ASCII byte? */
static int has_word(const unsigned char *p, const unsigned char *end)
{
	for (; p < end; p++)
		if (ascii_alnum(*p) || *p >= 0x80)
			return 1;
	return 0;
}

int name_key(const char *s, size_t n, struct buf *out)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	const unsigned char *mark, *after;
	size_t start = out->len;
	char *w;
	size_t i;

	if (find_trading_as(p, end, &mark, &after)) {
		if (has_word(p, mark))
			end = mark;          /* legal name before T/A */
		else
			p = after;           /* "T/A Acorn": only a trading name */
	}
	if (key_words(p, end, out, start) < 0) {
		buf_setlen(out, start);
		return -1;
	}
	out->s[out->len] = '\0';   /* put() does not terminate */

	/* a leading THE, when something follows */
	w = out->s + start;
	if (out->len - start > 4 && memcmp(w, "THE ", 4) == 0) {
		memmove(w, w + 4, out->len - start - 4);
		out->len -= 4;
		out->s[out->len] = '\0';
	}
	/* legal-form words at the end, keeping at least one word */
	for (;;) {
		for (i = out->len; i > start && out->s[i - 1] != ' '; i--)
			;
		if (i == start || !legal_form(out->s + i, out->len - i))
			break;
		buf_setlen(out, i - 1);
	}
	return 0;
}

/* --- company and VAT numbers ------------------------------------------- */

/* Upper-case s into tmp without blanks; -1 if more than max bytes remain. */
static int squeeze(const char *s, size_t n, char *tmp, size_t max, size_t *len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	size_t k = 0;

	while (p < end) {
		if (*p == ' ' || *p == '\t') {
			p++;
		} else if (end - p >= 2 && p[0] == 0xC2 && p[1] == 0xA0) {
			p += 2;
		} else {
			if (k == max)
				return -1;
			tmp[k++] = (char)ascii_upper(*p++);
		}
	}
	*len = k;
	return 0;
}

static int all_digits(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!ascii_digit((unsigned char)p[i]))
			return 0;
	return 1;
}

static int all_zeros(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != '0')
			return 0;
	return 1;
}

static const char company_prefixes[][3] = {
	"SC", "NI", "OC", "SO", "NC", "R0", "FC", "BR", "GE", "LP", "SL", "SE", "RC", "IP",
	"NF", "NL", "NO", "NP", "NR", "NZ", "SA", "SF", "SP", "SR", "SZ", "ZC", "CE", "CS"
};

static int company_prefix(const char *p)
{
	size_t i;

	for (i = 0; i < sizeof(company_prefixes) / sizeof(company_prefixes[0]); i++)
		if (p[0] == company_prefixes[i][0] && p[1] == company_prefixes[i][1])
			return 1;
	return 0;
}

int company_number_normalise(const char *s, size_t n, char out[9])
{
	char tmp[8];
	size_t k, pad;

	if (squeeze(s, n, tmp, sizeof(tmp), &k) < 0 || !k)
		return -1;
	if (all_digits(tmp, k)) {
		if (all_zeros(tmp, k))
			return -1;
		pad = 8 - k;
		memset(out, '0', pad);
		memcpy(out + pad, tmp, k);
		out[8] = '\0';
		return 0;
	}
	if (k < 3 || !company_prefix(tmp) || k - 2 > 6 || !all_digits(tmp + 2, k - 2) ||
	    all_zeros(tmp + 2, k - 2))
		return -1;
	pad = 8 - k;
	out[0] = tmp[0];
	out[1] = tmp[1];
	memset(out + 2, '0', pad);
	memcpy(out + 2 + pad, tmp + 2, k - 2);
	out[8] = '\0';
	return 0;
}

int charity_number_parse(const char *s, size_t n, char out_scheme[8], char out_number[16])
{
	static const struct {
		const char *prefix, *scheme;
	} prefixes[] = {
		{ "GBCHC", "GB-CHC" }, { "GBSC", "GB-SC" }, { "GBNIC", "GB-NIC" },
		{ "CHC", "GB-CHC" }, { "NIC", "GB-NIC" }, { "NI", "GB-NIC" },
	};
	char t[24];
	const char *scheme = "", *d;
	size_t k = 0, i, digits;

	/* letters and digits, upper case; a suffix after a '-' or '/' that follows digits goes */
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c == '-' || c == '/') && k && ascii_digit((unsigned char)t[k - 1]) &&
		    i + 1 < n && ascii_digit((unsigned char)s[i + 1]))
			break;
		if (!ascii_alnum(c))
			continue;
		if (k + 1 == sizeof(t))
			return -1;
		t[k++] = (char)ascii_upper(c);
	}
	t[k] = '\0';
	d = t;
	for (i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		size_t pl = strlen(prefixes[i].prefix);

		if (!strncmp(d, prefixes[i].prefix, pl)) {
			scheme = prefixes[i].scheme;
			d += pl;
			break;
		}
	}
	/* Scotland's numbers carry their SC: "GB-SC-SC042386", "SC042386" */
	if ((!*scheme || !strcmp(scheme, "GB-SC")) && d[0] == 'S' && d[1] == 'C') {
		if (strlen(d) != 8 || !all_digits(d + 2, 6))
			return -1;
		strcpy(out_scheme, "GB-SC");
		memcpy(out_number, d, strlen(d) + 1);     /* 8 bytes at most, checked */
		return 0;
	}
	if (!strcmp(scheme, "GB-SC"))
		return -1;
	digits = strlen(d);
	if (digits < 5 || digits > 8 || !all_digits(d, digits) || all_zeros(d, digits))
		return -1;
	strcpy(out_scheme, scheme);
	memcpy(out_number, d, strlen(d) + 1);     /* 8 bytes at most, checked */
	return 0;
}

int vat_normalise(const char *s, size_t n, char out[16])
{
	char tmp[16];
	const char *d;
	size_t k;

	if (squeeze(s, n, tmp, sizeof(tmp), &k) < 0)
		return -1;
	d = tmp;
	if (k >= 2 && d[0] == 'G' && d[1] == 'B') {
		d += 2;
		k -= 2;
	}
	if ((k == 9 || k == 12) && all_digits(d, k) && !all_zeros(d, 9)) {
		memcpy(out, d, k);
		out[k] = '\0';
		return 0;
	}
	if (k == 5 && ((d[0] == 'G' && d[1] == 'D') || (d[0] == 'H' && d[1] == 'A')) &&
	    all_digits(d + 2, 3)) {
		memcpy(out, d, 5);
		out[5] = '\0';
		return 0;
	}
	return -1;
}

/* --- redaction placeholders -------------------------------------------- */

/*
 * Placeholders in key form: upper case, punctuation and blanks as single
 * spaces.  Seen in shared/data/spend: REDACTED UNDER DP ACT (Devon),
 * Redacted (Warwickshire 2013, 2016), REDACTED (Warwickshire 2011, 2022);
 * elsewhere: REDACTED DATA (Kirklees), *Redact - Personal Information
 * (Stockport), REDACTED - PERSONAL DATA (bench generator).
 */
static const char *const placeholders[] = {
	"CONFIDENTIAL",
	"DATA PROTECTION",
	"DATA PROTECTION ACT",
	"DATA PROTECTION REDACTED",
	"INDIVIDUAL",
	"NAME REDACTED",
	"NAME WITHHELD",
	"NOT DISCLOSED",
	"PERSONAL DATA",
	"PERSONAL DATA REDACTED",
	"PERSONAL DETAILS",
	"PERSONAL DETAILS REDACTED",
	"PERSONAL INFORMATION",
	"PERSONAL INFORMATION REDACTED",
	"PRIVATE INDIVIDUAL",
	"PRIVATE INDIVIDUALS",
	"REDACT",
	"REDACT PERSONAL DATA",
	"REDACT PERSONAL INFORMATION",
	"REDACTED",
	"REDACTED DATA",
	"REDACTED DATA PROTECTION",
	"REDACTED DP ACT",
	"REDACTED DPA",
	"REDACTED GDPR",
	"REDACTED INDIVIDUAL",
	"REDACTED NAME",
	"REDACTED PAYEE",
	"REDACTED PERSONAL DATA",
	"REDACTED PERSONAL DETAILS",
	"REDACTED PERSONAL INFORMATION",
	"REDACTED SUPPLIER",
	"REDACTED UNDER DATA PROTECTION",
	"REDACTED UNDER DATA PROTECTION ACT",
	"REDACTED UNDER DP ACT",
	"REDACTED UNDER DPA",
	"REDACTED UNDER GDPR",
	"SUPPLIER NAME REDACTED",
	"SUPPLIER NAME WITHHELD",
	"SUPPLIER REDACTED",
	"UNDISCLOSED",
	"WITHHELD",
	"WITHHELD DATA PROTECTION",
};

#define PLACEHOLDER_MAX 40
/* first letters of placeholders[]: keep in step with the table */
#define PLACEHOLDER_INITIALS "CDINPRSUW"

/* Is key[0..n) the first word of some placeholder? */
static int placeholder_first_word(const char *key, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof(placeholders) / sizeof(placeholders[0]); i++)
		if (placeholders[i][0] == key[0] && strncmp(placeholders[i], key, n) == 0 &&
		    (placeholders[i][n] == ' ' || placeholders[i][n] == '\0'))
			return 1;
	return 0;
}

int payee_is_redacted(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	char key[PLACEHOLDER_MAX + 1];
	size_t o = 0, k, i;
	int sep = 0, words = 1;

	while (p < end) {
		if (ascii_alnum(*p)) {
			if (sep && o) {
				/* most names leave after their first word */
				if (words++ == 1 && !placeholder_first_word(key, o))
					return 0;
				if (o == PLACEHOLDER_MAX)
					return 0;
				key[o++] = ' ';
			}
			sep = 0;
			if (o == PLACEHOLDER_MAX)
				return 0;
			key[o++] = (char)ascii_upper(*p++);
			/* quick exit: no placeholder starts with this letter */
			if (o == 1 && !strchr(PLACEHOLDER_INITIALS, key[0]))
				return 0;
		} else if ((k = text_invisible_at(p, end)) != 0) {
			p += k;
		} else {
			sep = 1;
			p++;
		}
	}
	key[o] = '\0';
	if (!o)
		return 0;
	for (i = 0; i < sizeof(placeholders) / sizeof(placeholders[0]); i++)
		if (key[0] == placeholders[i][0] && strcmp(key, placeholders[i]) == 0)
			return 1;
	return 0;
}
