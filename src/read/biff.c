/*
 * biff.c: records and strings of an Excel workbook stream (biff.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "biff.h"
#include "chainwatch/xalloc.h"

unsigned biff_u16(const unsigned char *p)
{
	return (unsigned)p[0] | (unsigned)p[1] << 8;
}

uint32_t biff_u32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

double biff_double(const unsigned char *p)
{
	uint64_t u = (uint64_t)biff_u32(p) | (uint64_t)biff_u32(p + 4) << 32;
	double v;

	memcpy(&v, &u, sizeof(v));
	return v;
}

double biff_rk(uint32_t rk)
{
	double v;

	if (rk & 2) {
		int32_t i = (int32_t)(rk & 0xFFFFFFFCu);

		v = (double)(i / 4);
	} else {
		uint64_t u = (uint64_t)(rk & 0xFFFFFFFCu) << 32;

		memcpy(&v, &u, sizeof(v));
	}
	return rk & 1 ? v / 100 : v;
}

void biff_rec_release(struct biff_rec *r)
{
	free(r->joined);
	free(r->bounds);
	memset(r, 0, sizeof(*r));
}

int biff_error(const struct biff_stream *b, size_t at, struct diag *err)
{
	char msg[DIAG_MSG_MAX];

	snprintf(msg, sizeof(msg), "%s", err->msg);
	return diag_set(err, err->code ? err->code : CW_INPUT, "%s stream offset %zu: %s",
			b->version == 5 ? "Book" : "Workbook", at, msg);
}

/* The record at *pos: 1 and *pos past it, 0 at the end of the stream, -1 when cut short. */
int biff_next(const struct biff_stream *b, size_t *pos, struct biff_rec *r, struct diag *err)
{
	size_t at = *pos;
	unsigned len;

	memset(r, 0, sizeof(*r));
	if (at >= b->len || b->len - at < 4)
		return 0;
	len = biff_u16(b->p + at + 2);
	if (b->len - at - 4 < len) {
		diag_set(err, CW_INPUT, "record 0x%04X is cut short (%u bytes, %zu left)",
			 biff_u16(b->p + at), len, b->len - at - 4);
		return biff_error(b, at, err);
	}
	r->type = biff_u16(b->p + at);
	r->at = at;
	r->d = b->p + at + 4;
	r->len = len;
	*pos = at + 4 + len;
	return 1;
}

/* Join the CONTINUE records that follow r (at *pos) onto it. */
void biff_join_continues(const struct biff_stream *b, size_t *pos, struct biff_rec *r)
{
	size_t at = *pos, cap = 0;

	while (at < b->len && b->len - at >= 4 && biff_u16(b->p + at) == 0x003C) {
		unsigned len = biff_u16(b->p + at + 2);

		if (b->len - at - 4 < len)
			break;
		if (!r->joined) {
			r->joined = xmalloc(r->len + len + 1);
			memcpy(r->joined, r->d, r->len);
			cap = r->len + len + 1;
		} else if (r->len + len + 1 > cap) {
			cap = xsize_add(cap, cap > len ? cap : len + 1);
			r->joined = xrealloc(r->joined, cap);
		}
		r->bounds = xreallocarray(r->bounds, r->nb + 1, sizeof(*r->bounds));
		r->bounds[r->nb++] = r->len;
		memcpy(r->joined + r->len, b->p + at + 4, len);
		r->len += len;
		r->d = r->joined;
		at += 4 + (size_t)len;
	}
	*pos = at;
}

int biff_cut_short(const struct biff_stream *b, const struct biff_rec *r, const char *what,
		   struct diag *err)
{
	diag_set(err, CW_INPUT, "record 0x%04X (%s) is cut short", r->type, what);
	return biff_error(b, r->at, err);
}

static int need(const struct biff_cur *c, size_t n)
{
	return c->r->len - c->pos >= n;
}

static void put_utf8(struct buf *out, uint32_t u, int *over)
{
	char s[4];
	size_t n;

	if (u == 0 || (u >= 0xD800 && u <= 0xDFFF))
		u = 0xFFFD;
	if (u < 0x80) {
		s[0] = (char)u;
		n = 1;
	} else if (u < 0x800) {
		s[0] = (char)(0xC0 | u >> 6);
		s[1] = (char)(0x80 | (u & 0x3F));
		n = 2;
	} else if (u < 0x10000) {
		s[0] = (char)(0xE0 | u >> 12);
		s[1] = (char)(0x80 | (u >> 6 & 0x3F));
		s[2] = (char)(0x80 | (u & 0x3F));
		n = 3;
	} else {
		s[0] = (char)(0xF0 | u >> 18);
		s[1] = (char)(0x80 | (u >> 12 & 0x3F));
		s[2] = (char)(0x80 | (u >> 6 & 0x3F));
		s[3] = (char)(0x80 | (u & 0x3F));
		n = 4;
	}
	if (buf_add(out, s, n) < 0)
		*over = 1;
}

/* windows-1252's 0x80-0x9F; the rest is Latin-1. */
static const uint16_t cp1252_high[32] = {
	0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
	0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178
};

/*
 * A string at c: its character count in `lenbytes` (1 or 2) bytes, then
 * (BIFF8) the option flags, rich-text run count and extended data size,
 * the characters (a flag byte again at each CONTINUE boundary met inside
 * them), the runs and the extended data, skipped.  BIFF5: 8-bit
 * characters in the code page.  UTF-8 into out (reset first).
 */
int biff_string(const struct biff_stream *b, struct biff_cur *c, unsigned lenbytes,
		struct buf *out, const char *what, struct diag *err)
{
	const unsigned char *d = c->r->d;
	size_t cch, i, skip = 0;
	unsigned flags = 0;
	int high, over = 0;

	buf_reset(out);
	while (c->k < c->r->nb && c->r->bounds[c->k] <= c->pos)
		c->k++;
	if (!need(c, lenbytes))
		goto short_;
	cch = lenbytes == 1 ? d[c->pos] : biff_u16(d + c->pos);
	c->pos += lenbytes;
	if (b->version == 8) {
		if (!need(c, 1)) {
			if (cch)
				goto short_;
			return 0;    /* an empty string with no flags byte, as some writers do */
		}
		flags = d[c->pos++];
		if (flags & 8) {
			if (!need(c, 2))
				goto short_;
			skip += 4 * (size_t)biff_u16(d + c->pos);
			c->pos += 2;
		}
		if (flags & 4) {
			if (!need(c, 4))
				goto short_;
			skip += biff_u32(d + c->pos);
			c->pos += 4;
		}
	}
	while (c->k < c->r->nb && c->r->bounds[c->k] < c->pos)
		c->k++;
	high = flags & 1;
	for (i = 0; i < cch; i++) {
		uint32_t u;

		if (c->k < c->r->nb && c->r->bounds[c->k] == c->pos) {
			if (!need(c, 1))
				goto short_;
			high = d[c->pos++] & 1;
			c->k++;
		}
		if (!need(c, high ? 2 : 1))
			goto short_;
		if (b->version != 8) {
			u = d[c->pos++];
			if (u >= 0x80 && u < 0xA0)
				u = cp1252_high[u - 0x80];
		} else if (!high) {
			u = d[c->pos++];
		} else {
			u = biff_u16(d + c->pos);
			c->pos += 2;
			if (u >= 0xD800 && u < 0xDC00 && need(c, 2) &&
			    !(c->k < c->r->nb && c->r->bounds[c->k] == c->pos) &&
			    biff_u16(d + c->pos) >= 0xDC00 && biff_u16(d + c->pos) < 0xE000 && i + 1 < cch) {
				u = 0x10000 + ((u - 0xD800) << 10) + (biff_u16(d + c->pos) - 0xDC00);
				c->pos += 2;
				i++;
			}
		}
		put_utf8(out, u, &over);
		if (over) {
			diag_set(err, CW_INPUT, "%s: a string longer than %zu bytes", what,
				 out->max);
			return biff_error(b, c->r->at, err);
		}
	}
	if (c->r->len - c->pos < skip)
		goto short_;
	c->pos += skip;
	return 0;
short_:
	diag_set(err, CW_INPUT, "record 0x%04X (%s) is cut short", c->r->type, what);
	return biff_error(b, c->r->at, err);
}

/* Whether a number format's code shows a date: d, m or y outside quotes, brackets, escapes. */
int biff_format_is_date(const char *s)
{
	int date = 0;

	for (; *s; s++) {
		switch (*s) {
		case '"':
			while (s[1] && s[1] != '"')
				s++;
			if (s[1])
				s++;
			break;
		case '[':
			while (s[1] && s[1] != ']')
				s++;
			if (s[1])
				s++;
			break;
		case '\\': case '_': case '*':
			if (s[1])
				s++;
			break;
		case 'd': case 'D': case 'm': case 'M': case 'y': case 'Y':
			date = 1;
			break;
		case '0': case '#': case '?':
			return 0;
		default:
			break;
		}
	}
	return date;
}
