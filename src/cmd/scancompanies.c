/*
 * scancompanies.c: what the Companies House register says of each payee
 * (scan_private.h).  When the database holds a snapshot (companiesdb.h),
 * every supplier that is not a public body or a person is looked up: by
 * the company number a contract manager gave (chainwatch entity set --id
 * GB-COH-...), else the one in the council's file, else by name
 * (companymatch.h).  What is found is kept on the supplier
 * (supplier.company) for the entity, the sector, the s54 scope, the
 * geography and the company_not_active flag.  Without a snapshot nothing
 * is read and the scan is as before, unless a Companies House API key was
 * given: then what the snapshot did not resolve (or everything, without a
 * snapshot) is looked up online (scanchapi.c) once the reader is freed.
 *
 * The reader holds a read transaction, so this runs before the scan takes
 * the write lock (store_lock), and the reader is freed here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chainwatch/companiesdb.h"
#include "chainwatch/companymatch.h"
#include "chainwatch/entity.h"
#include "chainwatch/entitydb.h"
#include "chainwatch/identity.h"
#include "chainwatch/msg.h"
#include "chainwatch/supplier.h"
#include "chainwatch/xalloc.h"
#include "scan_private.h"

static void copy_info(struct company_facts *f, const struct company_info *in)
{
	snprintf(f->number, sizeof(f->number), "%s", in->number);
	snprintf(f->name, sizeof(f->name), "%s", in->name);
	snprintf(f->status, sizeof(f->status), "%s", in->status);
	snprintf(f->category, sizeof(f->category), "%s", in->category);
	snprintf(f->accounts_category, sizeof(f->accounts_category), "%s",
		 in->accounts_category);
	f->incorporated = in->incorporated;
	f->dissolved = in->dissolved;
	snprintf(f->sic, sizeof(f->sic), "%s", in->sic);
	snprintf(f->country, sizeof(f->country), "%s", in->country);
	snprintf(f->origin, sizeof(f->origin), "%s", in->origin);
}

/* "NAME (number); ..." of an ambiguous match's candidates, cut to fit. */
static void list_candidates(const struct company_match *m, struct company_facts *f)
{
	size_t i, len = 0;

	f->candidates[0] = '\0';
	for (i = 0; i < m->ncandidates && len + 1 < sizeof(f->candidates); i++) {
		int w = snprintf(f->candidates + len, sizeof(f->candidates) - len, "%s%s (%s)",
				 i ? "; " : "", m->candidates[i].name, m->candidates[i].number);

		if (w < 0)
			break;
		len += (size_t)w;
	}
}

/*
 * One supplier: 1 when the register says something of it (facts set, the
 * caller's), 0 when not, -1 on a database error.
 */
static int look_up(struct companies_reader *rd, const struct company_source *src,
		   const struct supplier *s, const char *override_number,
		   struct company_facts **out, struct diag *err)
{
	struct company_info info;
	struct company_match m;
	struct company_facts *f;
	const char *number = override_number ? override_number : s->company_number;
	int got;

	memset(&info, 0, sizeof(info));
	if (*number) {
		if ((got = companiesdb_get(rd, number, &info, err)) <= 0)
			return got;
		f = xcalloc(1, sizeof(*f));
		snprintf(f->method, sizeof(f->method), "%s",
			 override_number ? "override" : "company number");
		f->confidence = 1.0;
		copy_info(f, &info);
		*out = f;
		return 1;
	}
	if (!s->name || !*s->name || company_match_name(src, s->name, &m, err) < 0)
		return s->name && *s->name ? -1 : 0;
	if (m.outcome == COMPANY_UNMATCHED)
		return 0;
	f = xcalloc(1, sizeof(*f));
	if (m.outcome == COMPANY_AMBIGUOUS) {
		f->ambiguous = 1;
		list_candidates(&m, f);
		*out = f;
		return 1;
	}
	if ((got = companiesdb_get(rd, m.company.number, &info, err)) <= 0) {
		free(f);
		return got;
	}
	snprintf(f->method, sizeof(f->method), "%s", m.method);
	f->confidence = m.confidence;
	copy_info(f, &info);
	*out = f;
	return 1;
}

int scan_read_companies(struct scan *s, struct diag *err)
{
	struct companies_snapshot snap;
	struct companies_reader *rd = NULL;
	struct company_source src = { companiesdb_find, companiesdb_keys, NULL };
	struct entity_override *ov = NULL;
	struct supplier **all;
	struct chapi_want *want = NULL;
	unsigned long by_number = 0, by_name = 0, ambiguous = 0, looked = 0;
	size_t n, i, nov = 0, nwant = 0;
	int got, ret = -1, online = s->o->companies_house_key && *s->o->companies_house_key;
	int have_snapshot;

	if ((have_snapshot = companiesdb_status(s->db, &snap, err)) < 0)
		return -1;
	if (!have_snapshot && !online)
		return 0;            /* no snapshot, offline: nothing to read */
	if (have_snapshot)
		s->rep.companies_register = snap.register_date;
	/*
	 * The council's entity overrides, read again under the lock for the
	 * run: here only for a company number a contract manager gave
	 * (GB-COH-...), or a type that is not looked up.
	 */
	if (entitydb_overrides(s->db, s->council, &ov, &nov, err) < 0)
		return -1;
	if (have_snapshot && companiesdb_reader_new(s->db, &rd, err) < 0)
		goto out;
	src.ctx = rd;
	all = supplier_table_sorted(s->suppliers, 1, &n);
	if (online)
		want = xcalloc(n ? n : 1, sizeof(*want));
	for (i = 0; i < n; i++) {
		const struct entity_override *o = entity_override_find(ov, nov, all[i]->key);
		const char *number = NULL;
		struct company_facts *f = NULL;
		struct entity e;

		if (o)
			entity_from_override(o, &e);
		else
			entity_classify(s->entities, all[i], &e);
		if (e.type == ENTITY_PUBLIC_BODY || e.type == ENTITY_INDIVIDUAL)
			continue;
		if (o && !strncmp(e.id, "GB-COH-", 7) && e.id[7])
			number = e.id + 7;
		looked++;
		got = 0;
		if (rd && (got = look_up(rd, &src, all[i], number, &f, err)) < 0)
			goto out;
		if (!got) {
			/* the API's turn, after the reader is freed */
			if (want) {
				want[nwant].sup = all[i];
				if (!number)
					number = all[i]->company_number;
				if (company_number_normalise(number, strlen(number),
							     want[nwant].number) < 0)
					want[nwant].number[0] = '\0';
				nwant++;
			}
			continue;
		}
		all[i]->company = f;
		if (f->ambiguous)
			ambiguous++;
		else if (all[i]->company_number[0] || number)
			by_number++;
		else
			by_name++;
	}
	if (have_snapshot)
		notef("Companies House register of %04d-%02d-%02d: %lu of %lu suppliers found (%lu "
		      "by company number, %lu by name), %lu ambiguous",
		      snap.register_date / 10000, snap.register_date / 100 % 100,
		      snap.register_date % 100, by_number + by_name, looked, by_number, by_name,
		      ambiguous);
	/* the reader's read transaction ends here: the cache is written outside it */
	companiesdb_reader_free(rd);
	rd = NULL;
	if (want && scan_companies_online(s, want, nwant, err) < 0)
		goto out;
	ret = 0;
out:
	companiesdb_reader_free(rd);
	entity_overrides_free(ov, nov);
	free(want);
	return ret;
}
