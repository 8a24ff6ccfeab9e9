#ifndef CHAINWATCH_ASCII_H
#define CHAINWATCH_ASCII_H

/*
 * ASCII character classes for parsers: never the locale's.  Bytes >= 0x80
 * (UTF-8) are none of these and pass through ascii_upper/ascii_lower as is.
 */

static inline int ascii_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static inline int ascii_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static inline int ascii_alnum(unsigned char c)
{
	return ascii_digit(c) || ascii_alpha(c);
}

static inline unsigned char ascii_upper(unsigned char c)
{
	return (c >= 'a' && c <= 'z') ? (unsigned char)(c - 'a' + 'A') : c;
}

static inline unsigned char ascii_lower(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') ? (unsigned char)(c - 'A' + 'a') : c;
}

#endif
