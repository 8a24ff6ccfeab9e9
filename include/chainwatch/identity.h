#ifndef CHAINWATCH_IDENTITY_H
#define CHAINWATCH_IDENTITY_H

/*
 * Who a payee is: text clean-up and the keys suppliers are joined on.
 *
 * text_clean(): trim; NBSP (U+00A0), tabs and runs of spaces become one
 * space; soft hyphen (U+00AD) and zero-width characters are deleted; a
 * run of U+2020 (Lambeth's mojibake NBSP) counts as a space.  Input is
 * UTF-8.
 *
 * name_key(): the normalised name used to join names across files:
 * upper case (ASCII; UTF-8 letters kept as they are), "&" -> AND, all
 * punctuation -> space except apostrophes (' ` ’ ‘ ´), which are deleted
 * so "Children's" and "Childrens" agree, legal-form words dropped at the
 * end while another word remains (LIMITED, LTD, PLC, LLP, LP, CIC, CO,
 * INC, CORP; COMPANY is kept), "(UK)" and a leading "THE" dropped, "T/A ..." trading-as tails cut (the legal name is before
 * T/A; a name that starts with T/A keys on the trading name), runs of
 * spaces collapsed.  So "Acme Services (UK) Ltd." and "ACME SERVICES
 * LIMITED" share the key "ACME SERVICES".  The key is built in `out`
 * before THE and legal forms are dropped, so `out` needs room for that.
 * name_trading_as() returns the trading name after "T/A", "T/AS" or
 * "trading as" if any (up to a closing bracket when written "(t/a X)").
 *
 * company_number_normalise(): upper case, spaces dropped, digits left
 * padded with zeros to 8; a two-letter prefix (SC, NI, OC, SO, NC, R0, FC, BR,
 * GE, LP, SL, SE, RC, IP, NF, NL, NO, NP, NR, NZ, SA, SF, SP, SR, SZ, ZC,
 * CE, CS) is kept and its digits padded to 6 ("R0123" -> "R0000123").
 * "1166449" -> "01166449", "SC12345" -> "SC012345".  All-zero digits,
 * more than 8 characters, and anything else return -1 (not a company
 * number).  out is written only on success.
 *
 * vat_normalise(): spaces dropped, optional GB prefix dropped, 9 or 12
 * digits (not all zeros), or GD/HA + 3 digits.  "GB 123 4567 89" ->
 * "123456789".  -1 otherwise; out is written only on success.
 *
 * payee_is_redacted(): whole-field, case-insensitive match (after
 * text_clean) against the placeholders councils use: REDACTED, REDACTED
 * UNDER DP ACT, Redacted Personal Information, REDACTED - PERSONAL DATA,
 * *Redact - Personal Information, PERSONAL DATA, PERSONAL INFORMATION,
 * WITHHELD, DATA PROTECTION, NAME WITHHELD, PRIVATE INDIVIDUAL, ...
 * Punctuation and spacing do not matter ("REDACTED-PERSONAL DATA",
 * "[REDACTED]").  Never a substring match: "Redactive Publishing Ltd" and
 * "Personal Touch Embroidery" are suppliers.  A blank payee is not a
 * placeholder (returns 0): the caller counts blanks itself.
 */

#include <stddef.h>

#include "chainwatch/buf.h"

/* Append the cleaned text to out (which is not reset). -1 if out is full. */
int text_clean(const char *s, size_t n, struct buf *out);
/*
 * Length of an invisible character at p (before end) that text is read
 * without: soft hyphen U+00AD, zero-width space/non-joiner/joiner
 * U+200B..U+200D, word joiner U+2060, BOM U+FEFF; 0 if none.
 */
size_t text_invisible_at(const unsigned char *p, const unsigned char *end);
/* Append the name key to out (which is not reset). -1 if out is full. */
int name_key(const char *s, size_t n, struct buf *out);
/* Pointer into s (borrowed: valid while s is) at the trading name after "T/A" / "trading as", or NULL. */
const char *name_trading_as(const char *s, size_t n, size_t *len);

int company_number_normalise(const char *s, size_t n, char out[9]);
/*
 * A charity number as a council prints it, s[0..n), into its register's
 * scheme (out_scheme: "GB-CHC", "GB-SC", "GB-NIC", or "" when the number
 * has no prefix that says) and the register's own form of the number
 * (out_number: "1090095", "SC042386", "100019").  Read: "GB-CHC-1090095",
 * "CHC1090095" (England and Wales); "GB-SC-SC042386", "SC042386"
 * (Scotland); "GB-NIC-100019", "NIC100019", "NI100019" (Northern Ireland);
 * a bare number of 5 to 8 digits ("1090095", "100019": any register - a
 * 6-digit 100xxx can be England and Wales's or Northern Ireland's, only a
 * prefix decides); a linked or sub charity's suffix dropped ("1090095-1",
 * "1090095/2": the registered charity it belongs to).  Case, spaces, dots
 * and dashes do not matter.  0, or -1 (outputs untouched) when it is none
 * of these.
 */
int charity_number_parse(const char *s, size_t n, char out_scheme[8], char out_number[16]);
int vat_normalise(const char *s, size_t n, char out[16]);
int payee_is_redacted(const char *s, size_t n);

#endif
