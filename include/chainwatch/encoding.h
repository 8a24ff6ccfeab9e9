#ifndef CHAINWATCH_ENCODING_H
#define CHAINWATCH_ENCODING_H

/*
 * Which character encoding an extract is in, and decoding it to UTF-8.
 *
 * Detection is streaming: feed every byte of the file to an enc_sniffer,
 * then ask for the verdict.  Valid UTF-8 (with or without BOM) is UTF-8;
 * anything else is Windows-1252, unless the bytes clearly are DOS code
 * page 850 (0x9C as a pound sign before a digit, 0xEF as an apostrophe
 * between letters, no cp1252-only punctuation 0x91-0x97).
 *
 * Decoding uses iconv.  Bytes a code page does not define become U+FFFD;
 * NUL bytes are never produced (they become U+FFFD too).
 */

#include <stddef.h>

#include "chainwatch/buf.h"
#include "chainwatch/diag.h"

enum text_encoding {
	ENC_AUTO = 0,      /* not decided / let the sniffer decide */
	ENC_UTF8,
	ENC_UTF8_BOM,
	ENC_CP1252,
	ENC_CP850
};

/* "utf-8", "utf-8-bom", "windows-1252", "cp850", "auto" (static) */
const char *encoding_name(enum text_encoding e);
/* Accepts the names above and common aliases (utf8, cp1252, latin1 -> windows-1252, ibm850). -1 if unknown. */
int encoding_parse(const char *name, enum text_encoding *out);

struct enc_sniffer {
	unsigned long long bytes;
	int utf8_valid;            /* so far */
	int bom;
	unsigned pending;          /* continuation bytes still expected */
	unsigned char prev, prev2; /* last bytes seen, for cp850 hints */
	unsigned long cp850_hints, cp1252_hints, high_bytes;
	unsigned char lead;        /* lead byte of the pending UTF-8 sequence */
	unsigned seen;             /* bytes of the pending sequence seen */
};

void enc_sniffer_init(struct enc_sniffer *s);
void enc_sniffer_feed(struct enc_sniffer *s, const void *p, size_t n);
/* The verdict after all bytes were fed. */
enum text_encoding enc_sniffer_result(const struct enc_sniffer *s);

/* Whether p[0..n) is valid UTF-8 (no overlongs, no surrogates, <= U+10FFFF). */
int utf8_valid(const char *p, size_t n);

/*
 * The UTF-8 character at p[0..n), n >= 1: its length (1..4) when it is
 * valid, or 0 when it is not, with *bad = the length of the maximal
 * ill-formed subpart that one U+FFFD replaces (Unicode 15, 3.9).  A
 * sequence cut short by the end of the input is invalid.
 */
size_t utf8_char(const char *p, size_t n, size_t *bad);

struct decoder;

/*
 * A decoder from `e` to UTF-8, the caller's to free with decoder_free().
 * NULL + err (CW_INTERNAL) when iconv lacks the code page.
 * ENC_UTF8, ENC_UTF8_BOM and ENC_AUTO all give the UTF-8 pass-through (the
 * CSV reader has already removed a BOM).
 */
struct decoder *decoder_new(enum text_encoding e, struct diag *err);
void decoder_free(struct decoder *d);

/*
 * Append the UTF-8 form of p[0..n) to `out`.  For UTF-8 input the bytes are
 * copied (invalid sequences replaced by U+FFFD).  -1 only when `out` would
 * pass its maximum.
 */
int decoder_to_utf8(struct decoder *d, const char *p, size_t n, struct buf *out);

#endif
