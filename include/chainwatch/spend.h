#ifndef CHAINWATCH_SPEND_H
#define CHAINWATCH_SPEND_H

/*
 * Reading a council spend extract into the supplier table.
 *
 * Every record below the header is exactly one of:
 *   accepted  - amount (and date, when the file has dates) read; folded
 *               into its supplier, or counted as redacted spend when the
 *               payee is a redaction placeholder or blank;
 *   skipped   - blank row, report control row (Agresso "subtotal",
 *               "detail", "footer" ...), total / subtotal / grand total
 *               row (a "Total" cell, or an amount with no supplier and no
 *               date that equals the sum of the rows above it);
 *   rejected  - with a reason, to the reject sink (rejected-rows.csv).
 * so st->records == st->accepted + st->skipped + st->rejected always.
 *
 * Repairs, counted in st->repaired: a date with the amount fused on
 * ("25/06/2012900", one field short - Lambeth 2012) is split in two.
 */

#include <stdint.h>

#include "chainwatch/diag.h"
#include "chainwatch/extract.h"
#include "chainwatch/redaction.h"
#include "chainwatch/supplier.h"

struct profile;

struct spend_sink {
	struct supplier_table *suppliers;
	struct reject_sink reject;
	/* every accepted row that has a date, for inferring the period */
	void (*dated)(void *ctx, int32_t ymd);
	/*
	 * Optional: every record after the header, as it is read, with the
	 * cleaned text of its body-name column (the council that paid: "Body
	 * Name", "Name of Body", "Organisation", ...; "" when the file has no
	 * such column or the cell is empty).  `body` is borrowed, valid only
	 * during the call.  The caller's count of calls is st->records so far.
	 */
	void (*record)(void *ctx, const char *body, size_t len);
	void *ctx;
	/*
	 * Redaction wordings (redaction.h), each payee's match counted in
	 * st->redaction_*; NULL: the built-in list of payee_is_redacted().
	 */
	const struct redactions *redactions;
};

/*
 * Read `path` (st is filled; release it with input_stats_release).
 * -1 only when the file cannot be used at all (CW_INPUT, located);
 * bad rows never fail the call.
 */
int spend_read(const char *path, const struct profile *prof, const struct spend_sink *sink,
	       struct input_stats *st, struct diag *err);
/* The same from an open CSV file (extract_open_fd): a workbook sheet, a gunzipped file. */
int spend_read_fd(int fd, const char *path, const struct profile *prof,
		  const struct spend_sink *sink, struct input_stats *st, struct diag *err);

#endif
