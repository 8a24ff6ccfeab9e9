#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chainwatch/encoding.h"
#include "chainwatch/xalloc.h"

#define REPLACEMENT "\xEF\xBF\xBD"   /* U+FFFD */

static const struct {
	const char *name;
	enum text_encoding e;
} enc_names[] = {
	{ "utf-8", ENC_UTF8 },
	{ "utf8", ENC_UTF8 },
	{ "utf-8-bom", ENC_UTF8_BOM },
	{ "utf8-bom", ENC_UTF8_BOM },
	{ "utf-8-sig", ENC_UTF8_BOM },
	{ "windows-1252", ENC_CP1252 },
	{ "windows1252", ENC_CP1252 },
	{ "cp1252", ENC_CP1252 },
	{ "win1252", ENC_CP1252 },
	{ "latin1", ENC_CP1252 },
	{ "latin-1", ENC_CP1252 },
	{ "iso-8859-1", ENC_CP1252 },
	{ "iso8859-1", ENC_CP1252 },
	{ "cp850", ENC_CP850 },
	{ "ibm850", ENC_CP850 },
	{ "ibm-850", ENC_CP850 },
	{ "850", ENC_CP850 },
	{ "auto", ENC_AUTO },
};

const char *encoding_name(enum text_encoding e)
{
	switch (e) {
	case ENC_UTF8: return "utf-8";
	case ENC_UTF8_BOM: return "utf-8-bom";
	case ENC_CP1252: return "windows-1252";
	case ENC_CP850: return "cp850";
	case ENC_AUTO: break;
	}
	return "auto";
}

/* ASCII-only case-insensitive equality (no locale) */
static int name_eq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		unsigned char x = (unsigned char)*a, y = (unsigned char)*b;

		if (x >= 'A' && x <= 'Z')
			x = (unsigned char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (unsigned char)(y - 'A' + 'a');
		if (x != y)
			return 0;
	}
	return *a == *b;
}

int encoding_parse(const char *name, enum text_encoding *out)
{
	size_t i;

	if (!name)
		return -1;
	for (i = 0; i < sizeof(enc_names) / sizeof(enc_names[0]); i++) {
		if (name_eq(name, enc_names[i].name)) {
			*out = enc_names[i].e;
			return 0;
		}
	}
	return -1;
}

/*
 * UTF-8 decoding step.  Returns the length of the valid sequence at p
 * (1..4), or 0 when it is invalid, with *bad = the length of the maximal
 * ill-formed subpart to replace by one U+FFFD (Unicode 15, 3.9).  A
 * sequence cut short by the end of the input is invalid.
 */
static size_t utf8_step(const unsigned char *p, size_t n, size_t *bad)
{
	unsigned char c = p[0], lo = 0x80, hi = 0xBF;
	size_t need, i;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		need = 2;
	else if (c >= 0xE0 && c <= 0xEF)
		need = 3;
	else if (c >= 0xF0 && c <= 0xF4)
		need = 4;
	else {
		*bad = 1;
		return 0;
	}
	if (c == 0xE0)
		lo = 0xA0;
	else if (c == 0xED)
		hi = 0x9F;
	else if (c == 0xF0)
		lo = 0x90;
	else if (c == 0xF4)
		hi = 0x8F;
	for (i = 1; i < need; i++) {
		if (i >= n || p[i] < lo || p[i] > hi) {
			*bad = i;
			return 0;
		}
		lo = 0x80;
		hi = 0xBF;
	}
	return need;
}

size_t utf8_char(const char *p, size_t n, size_t *bad)
{
	return utf8_step((const unsigned char *)p, n, bad);
}

int utf8_valid(const char *p, size_t n)
{
	const unsigned char *s = (const unsigned char *)p, *end = s + n;
	size_t len, bad;

	while (s < end) {
		if (*s < 0x80) {
			s++;
			continue;
		}
		len = utf8_step(s, (size_t)(end - s), &bad);
		if (!len)
			return 0;
		s += len;
	}
	return 1;
}

/* ---- sniffing ---- */

void enc_sniffer_init(struct enc_sniffer *s)
{
	memset(s, 0, sizeof(*s));
	s->utf8_valid = 1;
}

static inline int ascii_letter(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static inline int ascii_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* One byte through the UTF-8 validator. */
static void sniff_utf8(struct enc_sniffer *s, unsigned char c)
{
	unsigned char lo = 0x80, hi = 0xBF;

	if (s->pending) {
		if (s->seen == 1) {
			if (s->lead == 0xE0)
				lo = 0xA0;
			else if (s->lead == 0xED)
				hi = 0x9F;
			else if (s->lead == 0xF0)
				lo = 0x90;
			else if (s->lead == 0xF4)
				hi = 0x8F;
		}
		if (c < lo || c > hi) {
			s->utf8_valid = 0;
			s->pending = 0;
			return;
		}
		s->seen++;
		s->pending--;
		return;
	}
	if (c < 0x80)
		return;
	s->lead = c;
	s->seen = 1;
	if (c >= 0xC2 && c <= 0xDF)
		s->pending = 1;
	else if (c >= 0xE0 && c <= 0xEF)
		s->pending = 2;
	else if (c >= 0xF0 && c <= 0xF4)
		s->pending = 3;
	else
		s->utf8_valid = 0;
}

void enc_sniffer_feed(struct enc_sniffer *s, const void *p, size_t n)
{
	const unsigned char *b = p, *end = b + n, *q;
	unsigned char c, prev = s->prev, prev2 = s->prev2;

	while (b < end) {
		if (!s->pending && prev < 0x80) {
			/* ASCII run: nothing to learn but the last two bytes */
			q = b;
			while (end - q >= 8) {
				uint64_t w;

				memcpy(&w, q, 8);
				if (w & 0x8080808080808080ULL)
					break;
				q += 8;
			}
			while (q < end && *q < 0x80)
				q++;
			if (q > b) {
				prev2 = q - b >= 2 ? q[-2] : prev;
				prev = q[-1];
				s->bytes += (unsigned long long)(q - b);
				b = q;
				continue;
			}
		}
		c = *b++;
		if (s->utf8_valid)
			sniff_utf8(s, c);
		if (c >= 0x80) {
			s->high_bytes++;
			if (c >= 0x91 && c <= 0x97)
				s->cp1252_hints++;      /* ‘ ’ “ ” • – — */
			if (s->bytes == 2 && prev2 == 0xEF && prev == 0xBB && c == 0xBF)
				s->bom = 1;
		} else if (ascii_digit(c)) {
			if (prev == 0x9C)
				s->cp850_hints++;       /* cp850 £ before a digit */
			else if (prev == 0xA3)
				s->cp1252_hints++;      /* cp1252 £ before a digit */
		} else if (ascii_letter(c) && prev == 0xEF && ascii_letter(prev2)) {
			s->cp850_hints++;               /* cp850 ´ as an apostrophe */
		}
		prev2 = prev;
		prev = c;
		s->bytes++;
	}
	s->prev = prev;
	s->prev2 = prev2;
}

enum text_encoding enc_sniffer_result(const struct enc_sniffer *s)
{
	if (s->utf8_valid && !s->pending)
		return s->bom ? ENC_UTF8_BOM : ENC_UTF8;
	/* cp850 only on positive evidence, and most high bytes must agree */
	if (s->cp850_hints && !s->cp1252_hints && s->cp850_hints * 2 >= s->high_bytes)
		return ENC_CP850;
	return ENC_CP1252;
}

/* ---- decoding ---- */

struct decoder {
	enum text_encoding e;
	unsigned char len[256];   /* single-byte code pages: UTF-8 of each byte */
	char map[256][4];
};

struct decoder *decoder_new(enum text_encoding e, struct diag *err)
{
	struct decoder *d;
	const char *from;
	iconv_t cd;
	int i;

	if (e != ENC_CP1252 && e != ENC_CP850) {
		d = xcalloc(1, sizeof(*d));
		d->e = ENC_UTF8;
		return d;
	}
	from = e == ENC_CP1252 ? "WINDOWS-1252" : "CP850";
	cd = iconv_open("UTF-8", from);
	if (cd == (iconv_t)-1)
		return diag_set(err, CW_INTERNAL, "cannot decode %s: iconv: %s", encoding_name(e),
				strerror(errno)), NULL;
	d = xcalloc(1, sizeof(*d));
	d->e = e;
	/* a single-byte code page is a table: build it once through iconv */
	for (i = 0; i < 256; i++) {
		char in = (char)i, out[8];
		char *ip = &in, *op = out;
		size_t il = 1, ol = sizeof(out);

		if (i > 0 && i < 0x80) {
			d->map[i][0] = (char)i;
			d->len[i] = 1;
			continue;
		}
		iconv(cd, NULL, NULL, NULL, NULL);
		if (i == 0 || iconv(cd, &ip, &il, &op, &ol) == (size_t)-1 || il != 0
		    || op == out || (size_t)(op - out) > 4) {
			memcpy(d->map[i], REPLACEMENT, 3);
			d->len[i] = 3;
			continue;
		}
		memcpy(d->map[i], out, (size_t)(op - out));
		d->len[i] = (unsigned char)(op - out);
	}
	iconv_close(cd);
	return d;
}

void decoder_free(struct decoder *d)
{
	free(d);
}

/* Length of the leading run of bytes 0x01..0x7F. */
static inline size_t plain_run(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n && (unsigned char)(s[i] - 1) < 0x7F)
		i++;
	return i;
}

int decoder_to_utf8(struct decoder *d, const char *p, size_t n, struct buf *out)
{
	const unsigned char *s = (const unsigned char *)p;
	size_t len0 = out->len, i = 0, run, len, bad;

	run = plain_run(s, n);
	if (run == n)
		return buf_add(out, p, n);
	while (i < n) {
		run = plain_run(s + i, n - i);
		if (run) {
			if (buf_add(out, s + i, run) < 0)
				goto fail;
			i += run;
			continue;
		}
		if (d->e != ENC_UTF8) {
			if (buf_add(out, d->map[s[i]], d->len[s[i]]) < 0)
				goto fail;
			i++;
			continue;
		}
		if (s[i] == 0) {
			len = 0;
			bad = 1;
		} else {
			len = utf8_step(s + i, n - i, &bad);
		}
		if (len) {
			if (buf_add(out, s + i, len) < 0)
				goto fail;
			i += len;
		} else {
			if (buf_add(out, REPLACEMENT, 3) < 0)
				goto fail;
			i += bad;
		}
	}
	return 0;
fail:
	buf_setlen(out, len0);
	return -1;
}
