#ifndef CHAINWATCH_BIFF_H
#define CHAINWATCH_BIFF_H

/*
 * The record layer of an Excel workbook stream (BIFF8, and Excel 5/95's
 * BIFF5), for the .xls reader (xlsread.h): records, records joined with
 * the CONTINUE records that follow them, and the strings inside them.
 *
 * Every length is checked against the stream: a record that runs past
 * the end, or a string past its record, is an error (CW_INPUT) whose
 * message begins "Workbook stream offset N: " (the caller adds the file).
 */

#include <stddef.h>
#include <stdint.h>

#include "chainwatch/buf.h"
#include "chainwatch/diag.h"

/* The workbook stream, borrowed. */
struct biff_stream {
	const unsigned char *p;
	size_t len;
	int version;                /* 8 (BIFF8) or 5 (BIFF5: 8-bit strings in windows-1252) */
};

/* One record, or a record with its CONTINUE records joined (bounds: where each began). */
struct biff_rec {
	unsigned type;
	size_t at;                  /* offset in the stream */
	const unsigned char *d;
	size_t len;
	unsigned char *joined;      /* owned, when continued */
	size_t *bounds;
	size_t nb;
};

/* A read position in a record. */
struct biff_cur {
	const struct biff_rec *r;
	size_t pos, k;              /* k: the first boundary not yet passed */
};

unsigned biff_u16(const unsigned char *p);
uint32_t biff_u32(const unsigned char *p);
double biff_double(const unsigned char *p);
/* An RK number: a 30-bit integer or a double's top 30 bits, maybe divided by 100. */
double biff_rk(uint32_t rk);

/*
 * The record at *pos into r (borrowed from the stream): 1 with *pos past
 * it, 0 at the end of the stream, -1 when the record runs past the end.
 */
int biff_next(const struct biff_stream *s, size_t *pos, struct biff_rec *r, struct diag *err);
/* Join the CONTINUE records at *pos onto r (then owned: biff_rec_release()). */
void biff_join_continues(const struct biff_stream *s, size_t *pos, struct biff_rec *r);
void biff_rec_release(struct biff_rec *r);

/*
 * The string at c: a character count of `lenbytes` (1 or 2) bytes, then
 * in BIFF8 the option flags, rich-text run count and extended data size,
 * the characters (Latin-1 or UTF-16LE; the flag byte read again at each
 * CONTINUE boundary met inside them), the runs and extended data skipped.
 * BIFF5: 8-bit characters in windows-1252.  UTF-8 into out (reset first;
 * out's maximum is the longest string allowed).  0, or -1 naming `what`.
 */
int biff_string(const struct biff_stream *s, struct biff_cur *c, unsigned lenbytes,
		struct buf *out, const char *what, struct diag *err);

/* Prefix err's message with "Workbook stream offset <at>: ".  Returns -1. */
int biff_error(const struct biff_stream *s, size_t at, struct diag *err);
/* "record 0x0204 (what) is cut short", located.  Returns -1. */
int biff_cut_short(const struct biff_stream *s, const struct biff_rec *r, const char *what,
		   struct diag *err);

/*
 * Whether a number format's code shows a date: d, m or y outside quotes,
 * brackets and escapes, and no digit placeholder (0 # ?).
 */
int biff_format_is_date(const char *code);

#endif
