#ifndef CHAINWATCH_FILEKIND_H
#define CHAINWATCH_FILEKIND_H

/*
 * What a file is, from its first bytes (intake.c reads the first 64 KB),
 * and the message that says so when it is not something chainwatch reads:
 *
 *     gla/403.html: is an HTML page, not a spend file: it looks like an
 *         error page ('403 - Access denied | ...') saved in place of the download
 *     spend.csv: is a PDF document, not a spend file
 *
 * An HTML page is an error page when its <title> has an error's words
 * (403, 404, "Access denied", "Not Found", "error", "sign in", ...) as whole
 * words; "500" is not one of them ("Payments over 500" is a council's
 * title).  Nothing here allocates or fails.
 */

#include <stddef.h>

#include "chainwatch/diag.h"

/* p[0..n) starts with magic[0..m). */
int filekind_starts(const unsigned char *p, size_t n, const void *magic, size_t m);

/*
 * An OpenDocument package names its type in a first, stored "mimetype"
 * entry: 1 a spreadsheet, -1 another OpenDocument file, 0 neither.
 */
int filekind_is_ods(const unsigned char *p, size_t n);

/*
 * What the bytes are when they are not something chainwatch reads ("an
 * HTML page", "a PDF document", "a PNG image", "an XML document", "an
 * OpenDocument file that is not a spreadsheet", ...), or NULL: text (CSV),
 * gzip, a zip (the workbook readers tell), an OLE2 file, an .ods.  A static
 * string.
 */
const char *filekind_other(const unsigned char *p, size_t n);

/*
 * Fill err (CW_INPUT, located at `path`) saying the file is `what`, not a
 * spend file; for an HTML page, from its title in p[0..n), whether it is an
 * error page.  -1.
 */
int filekind_refuse(const char *path, const char *what, const unsigned char *p, size_t n,
		    struct diag *err);

#endif
