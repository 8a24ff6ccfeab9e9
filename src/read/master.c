#include <stdio.h>
#include <string.h>

#include "chainwatch/amount.h"
#include "chainwatch/identity.h"
#include "chainwatch/master.h"

static const char *field(const struct extract_row *r, enum col_role role)
{
	return r->f[role];
}

int master_read(const char *path, const struct profile *prof, struct supplier_table *t,
		const struct reject_sink *reject, struct input_stats *st, struct diag *err)
{
	return master_read_fd(-1, path, prof, t, reject, st, err);
}

int master_read_fd(int fd, const char *path, const struct profile *prof,
		   struct supplier_table *t, const struct reject_sink *reject,
		   struct input_stats *st, struct diag *err)
{
	struct extract *x;
	struct extract_row r;
	struct diag why;
	char cn[9], msg[DIAG_MSG_MAX + 64];
	int rc;

	if (extract_open_fd(fd, path, INPUT_SUPPLIERS, prof, st, &x, err) < 0)
		return -1;
	while ((rc = extract_next(x, &r, err)) > 0) {
		struct master_record m;

		st->records++;
		if (r.toobig || r.has_nul) {
			extract_reject(x, reject, st, &r, r.toobig ?
				       "record is larger than the reader's limit" :
				       "record contains a NUL byte");
			continue;
		}
		if (extract_first_nonblank(x) < 0) {
			st->skipped++;
			st->skipped_blank++;
			continue;
		}
		if (!r.len[COL_SUPPLIER_NAME]) {
			extract_reject(x, reject, st, &r, "supplier name is empty");
			continue;
		}
		if (r.len[COL_COMPANY_NUMBER] &&
		    company_number_normalise(r.f[COL_COMPANY_NUMBER], r.len[COL_COMPANY_NUMBER], cn) < 0) {
			char q[80];

			diag_quote(q, sizeof(q), r.f[COL_COMPANY_NUMBER], r.len[COL_COMPANY_NUMBER], 40);
			snprintf(msg, sizeof(msg), "company number '%s' is not a Companies House number", q);
			extract_reject(x, reject, st, &r, msg);
			continue;
		}
		memset(&m, 0, sizeof(m));
		m.turnover_pence = -1;
		if (r.len[COL_TURNOVER]) {
			diag_init(&why);
			if (amount_parse(r.f[COL_TURNOVER], r.len[COL_TURNOVER], &m.turnover_pence,
					 &why) < 0) {
				snprintf(msg, sizeof(msg), "turnover: %s", why.msg);
				extract_reject(x, reject, st, &r, msg);
				continue;
			}
		}
		m.id = field(&r, COL_SUPPLIER_ID);
		m.name = field(&r, COL_SUPPLIER_NAME);
		m.company_number = field(&r, COL_COMPANY_NUMBER);
		m.vat = field(&r, COL_VAT);
		m.address = field(&r, COL_ADDRESS);
		m.town = field(&r, COL_TOWN);
		m.postcode = field(&r, COL_POSTCODE);
		m.country = field(&r, COL_COUNTRY);
		m.sic = field(&r, COL_SIC);
		m.charity = field(&r, COL_CHARITY);
		m.creditor_type = field(&r, COL_CREDITOR_TYPE);
		st->accepted++;
		supplier_table_add_master(t, &m);
	}
	if (rc == 0 && extract_finish(x, st, err) < 0)
		rc = -1;
	extract_close(x);
	return rc < 0 ? -1 : 0;
}
