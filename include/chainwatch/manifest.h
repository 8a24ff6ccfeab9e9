#ifndef CHAINWATCH_MANIFEST_H
#define CHAINWATCH_MANIFEST_H

/*
 * manifest.json: what a run read, with which settings, and what it wrote,
 * so any figure in the workbook can be traced to the bytes it came from.
 * Fields (SPEC §7): run id, tool version, council, period, started and
 * finished (UTC), inputs (kind, path, sha256, bytes, encoding,
 * header_line, profile, columns, column_evidence (how each column was
 * recognised), supplier_ids_ignored (rows keyed by name because their ID
 * was a placeholder), the file's period and its source,
 * records = accepted + skipped + rejected,
 * accepted, skipped with reasons, rejected, accepted_pence,
 * redacted_pence ...), reference files, settings, outputs with sha256.
 */

#include "chainwatch/buf.h"
#include "chainwatch/report.h"

struct manifest_settings {
	const char *db;
	const char *profile;
	long max_reject_ppm;
	int strict;
};

/* Render the manifest into out.  -1 only if out hits its maximum. */
int manifest_render(const struct scan_report *r, const struct manifest_settings *s,
		    struct buf *out);

#endif
