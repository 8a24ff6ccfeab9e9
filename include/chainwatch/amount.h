#ifndef CHAINWATCH_AMOUNT_H
#define CHAINWATCH_AMOUNT_H

/*
 * Money.  Always integer pence (int64), never floating point.
 *
 * amount_parse() reads every form found in council extracts:
 *   1234.56   -123.45   676   787.5   "1,234.56"   " 519.95 "   568.00<space>
 *   £1,234.56   -£12.00   £-12.00   (12.00)   (£1,234.56)   12.00-   +5.00
 *   3736.0699999999997 and -900.8899999999999 (float noise: rounded half away
 *   from zero to the penny, using the decimal digits, no doubles)
 *   1.5E+3 style exponents are rejected (not seen in finance exports).
 * Leading/trailing ASCII spaces, tabs, NBSP (UTF-8 C2 A0) are ignored; a
 * "GBP" prefix or suffix is allowed.  Thousands separators must sit in
 * groups of three ("1,2,3" is rejected).  Values beyond +-10^15 pence are
 * rejected as implausible.
 *
 * Also ".5" and "12." are read.  On failure returns -1 (CW_INPUT, *pence
 * untouched) and err->msg says why, quoting the text (cut at 60 bytes):
 *   amount '£1,2x4.00' is not a number
 *   amount '' is empty
 *   amount '1,2,3' has a misplaced thousands separator
 *   amount '1.2.3' has two decimal points
 *   amount '1.5E+3' has an exponent
 *   amount '20000000000000' is implausibly large
 */

#include <stddef.h>
#include <stdint.h>

#include "chainwatch/diag.h"

int amount_parse(const char *s, size_t n, int64_t *pence, struct diag *err);

/*
 * Format pence as "1234.56" / "-0.05" (no separators) into the caller's
 * out (>= 32 bytes).  Returns out; cannot fail.
 */
char *amount_format(int64_t pence, char *out);
/* "£1,234.56" / "-£0.05" for people, into the caller's out (>= 40 bytes); returns out. */
char *amount_format_gbp(int64_t pence, char *out);
/* The same to the nearest pound, half away from zero: "£1,235" / "-£1", into the
 * caller's out (>= 40 bytes); returns out. */
char *amount_format_pounds(int64_t pence, char *out);

#endif
