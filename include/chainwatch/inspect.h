#ifndef CHAINWATCH_INSPECT_H
#define CHAINWATCH_INSPECT_H

/*
 * chainwatch inspect FILE...: how chainwatch reads a spend file, without
 * scanning it.  On stdout, per file: the encoding, the header line and
 * its cells, each column's role with its evidence (header text, contents
 * or both, and how many of the values below fit), the day/month order,
 * the first rows as parsed, the records accepted / skipped / rejected
 * with the accepted total, supplier IDs not used as keys, the redaction
 * wordings found, and the period with where it came from.
 *
 * --save-profile NAME writes the mapping as a profile
 * (<$CHAINWATCH_PROFILES or ./profiles>/NAME.json), so a council can fix
 * a guess once and reuse it with --profile NAME; an existing profile is
 * never overwritten.
 */

#include <stddef.h>

#include "chainwatch/diag.h"

struct inspect_options {
	const char **files;
	size_t nfiles;
	const char *profile;         /* --profile NAME|FILE, or NULL */
	const char *save_profile;    /* --save-profile NAME, or NULL */
	const char *sectors;         /* for redactions.txt; NULL: sectors/ */
};

/*
 * Inspect every file.  Returns the exit code: 0, CW_USAGE (bad profile,
 * --save-profile with several files, a profile that exists), CW_INPUT (a
 * file that cannot be read as spend: the others are still inspected),
 * CW_OUTPUT (the profile cannot be written).
 */
int inspect_run(const struct inspect_options *o, struct diag *err);

#endif
