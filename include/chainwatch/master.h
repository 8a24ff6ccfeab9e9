#ifndef CHAINWATCH_MASTER_H
#define CHAINWATCH_MASTER_H

/*
 * Reading a supplier master extract (the finance system's list of
 * suppliers: ID, name, company number, VAT, address, country, SIC codes,
 * turnover) into the supplier table, with the same machinery and the same
 * accounting as spend: every record accepted, skipped (blank) or rejected
 * with a reason.  Read it before the spend so spend rows can join it.
 */

#include "chainwatch/diag.h"
#include "chainwatch/extract.h"
#include "chainwatch/supplier.h"

struct profile;

/* -1 only when the file cannot be used at all (CW_INPUT, located). */
int master_read(const char *path, const struct profile *prof, struct supplier_table *t,
		const struct reject_sink *reject, struct input_stats *st, struct diag *err);
/* The same from an open CSV file (extract_open_fd): a workbook sheet, a gunzipped file. */
int master_read_fd(int fd, const char *path, const struct profile *prof,
		   struct supplier_table *t, const struct reject_sink *reject,
		   struct input_stats *st, struct diag *err);

#endif
