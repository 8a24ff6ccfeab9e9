#ifndef CHAINWATCH_REDACTION_H
#define CHAINWATCH_REDACTION_H

/*
 * The wordings councils put in place of a payee they may not name, as
 * data: sectors/redactions.txt, one wording a line, so a new council's
 * wording is a line in a file, not a change in C.
 *
 *   # version: ...                 comments, as in the other reference files
 *   = REDACTED UNDER DP ACT        the whole payee field is this wording
 *   ~ COMMERCIAL CONFIDENTIALITY   these words, in this order, anywhere in it
 *
 * Wordings and payees are compared in key form: ASCII letters and digits
 * upper-cased, every run of anything else one space, soft hyphens and
 * zero-width characters deleted.  So "*Redact - Personal Information" is
 * "REDACT PERSONAL INFORMATION", and "Redactive Publishing" matches no
 * wording: words are whole.  Payee keys are cut at REDACTION_KEY_MAX
 * bytes.
 */

#include <stddef.h>

#include "chainwatch/diag.h"

#define REDACTION_KEY_MAX 160

struct redactions;

/*
 * Load a wordings file.  CW_INPUT errors are located (file:line): a line
 * that is neither a comment nor "= wording" / "~ wording", a wording with
 * no letters or digits, a wording given twice.  On success *out is the
 * caller's to free with redactions_free(); on error it is untouched.
 */
int redactions_load(const char *path, struct redactions **out, struct diag *err);
/* The same from memory (tests, fuzzing; text is copied from); `name` locates errors. */
int redactions_parse(const char *text, size_t n, const char *name, struct redactions **out,
		     struct diag *err);
void redactions_free(struct redactions *r);

/* The index of the wording the payee matches, or -1.  NULL r: -1. */
int redactions_match(const struct redactions *r, const char *s, size_t n);
/* How many wordings; the i-th as written in the file ("= REDACTED"), owned by r. */
size_t redactions_count(const struct redactions *r);
const char *redactions_wording(const struct redactions *r, size_t i);

#endif
