/*
 * scancharities.c: what the charity registers (England and Wales's,
 * OSCR's, CCNI's) say of each payee (scan_private.h).  When the database holds a snapshot
 * (charitiesdb.h), every supplier that is not a public body or a person is
 * matched (charitymatch.h: the council's charity number, else its names,
 * current, working and previous, then a conservative fuzzy step): the
 * charity's number, status, company number, latest income and
 * classification codes are kept on the supplier (supplier.charity) for
 * the entity, the s54 scope and the sector; a name that fits several is
 * kept as ambiguous, its candidates listed, none taken.  A name match
 * whose company number contradicts the Companies House match is not
 * taken.  Without a snapshot nothing is read and the scan is as before.
 *
 * Runs beside scan_read_companies(), before the scan takes the write lock.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "chainwatch/charitiesdb.h"
#include "chainwatch/entity.h"
#include "chainwatch/entitydb.h"
#include "chainwatch/msg.h"
#include "chainwatch/supplier.h"
#include "chainwatch/xalloc.h"
#include "scan_private.h"

/* The register a scheme names, as messages say it. */
static const char *source_of(const char *scheme)
{
	if (!strcmp(scheme, "GB-SC"))
		return "Scottish Charity Register (OSCR)";
	if (!strcmp(scheme, "GB-NIC"))
		return "Charity Commission for Northern Ireland register";
	return "Charity Commission register";
}

/* "NAME (GB-CHC-number); ..." of an ambiguous match's candidates, cut to fit. */
static void list_candidates(const struct charity_match *m, struct charity_facts *f)
{
	size_t i, len = 0;

	f->candidates[0] = '\0';
	for (i = 0; i < m->ncandidates && len + 1 < sizeof(f->candidates); i++) {
		const struct charity_info *c = &m->candidates[i];
		int w = snprintf(f->candidates + len, sizeof(f->candidates) - len, "%s%s (%s-%s)",
				 i ? "; " : "", c->name, c->scheme,
				 c->number);

		if (w < 0)
			break;
		len += (size_t)w;
	}
}

static struct charity_facts *facts_of(const struct charity_match *m)
{
	struct charity_facts *f = xcalloc(1, sizeof(*f));
	const struct charity_info *c = &m->charity;

	if (m->outcome == COMPANY_AMBIGUOUS) {
		f->ambiguous = 1;
		f->income = -1;
		list_candidates(m, f);
		return f;
	}
	snprintf(f->method, sizeof(f->method), "%s", m->method);
	f->confidence = m->confidence;
	snprintf(f->number, sizeof(f->number), "%s", c->number);
	snprintf(f->name, sizeof(f->name), "%s", c->name);
	snprintf(f->status, sizeof(f->status), "%s", c->status);
	snprintf(f->company_number, sizeof(f->company_number), "%s", c->company_number);
	f->income = c->income;
	snprintf(f->scheme, sizeof(f->scheme), "%s", c->scheme);
	snprintf(f->source, sizeof(f->source), "%s", source_of(f->scheme));
	return f;
}

/* "2026-12-07T03:00:00Z" -> 20261207; 0 when it is not such a time. */
static int32_t loaded_day(const char *t)
{
	int32_t d = 0;
	int i;

	for (i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (t[i] != '-')
				return 0;
			continue;
		}
		if (t[i] < '0' || t[i] > '9')
			return 0;
		d = d * 10 + (t[i] - '0');
	}
	return d;
}

int scan_read_charities(struct scan *s, struct diag *err)
{
	struct charities_snapshot snap;
	struct charity_source src;
	struct charity_match *m = xcalloc(1, sizeof(*m));
	struct entity_override *ov = NULL;
	struct supplier **all;
	unsigned long looked = 0, hits = 0, ambiguous = 0;
	size_t n, i, nov = 0;
	int got, ret = -1;

	if ((got = charitiesdb_status(s->db, &snap, err)) <= 0) {
		free(m);
		return got;          /* no snapshot: nothing to read */
	}
	s->rep.charities_register = snap.extract_date ? snap.extract_date : loaded_day(snap.loaded);
	if (entitydb_overrides(s->db, s->council, &ov, &nov, err) < 0) {
		free(m);
		return -1;
	}
	charitiesdb_source(s->db, &src);
	all = supplier_table_sorted(s->suppliers, 1, &n);
	for (i = 0; i < n; i++) {
		const struct entity_override *o = entity_override_find(ov, nov, all[i]->key);
		const struct company_facts *co = all[i]->company;
		const char *cn = all[i]->company_number[0] ? all[i]->company_number :
				 co && !co->ambiguous ? co->number : "";
		struct entity e;
		long nc;

		if (o)
			entity_from_override(o, &e);
		else
			entity_classify(s->entities, all[i], &e);
		if (e.type == ENTITY_PUBLIC_BODY || e.type == ENTITY_INDIVIDUAL ||
		    (!all[i]->name && !all[i]->charity_number[0]))
			continue;
		looked++;
		if (charity_match(&src, all[i]->name, all[i]->charity_number, cn, m, err) < 0)
			goto out;
		if (m->outcome == COMPANY_AMBIGUOUS) {
			all[i]->charity = facts_of(m);
			ambiguous++;
			continue;
		}
		if (m->outcome != COMPANY_MATCHED)
			continue;
		/* a company found on Companies House that this charity is not (a name match) */
		if (strcmp(m->method, "charity number") && co && !co->ambiguous && co->number[0] &&
		    strcmp(m->charity.company_number, co->number) != 0)
			continue;
		all[i]->charity = facts_of(m);
		nc = charitiesdb_classes(s->db, all[i]->charity->scheme, m->charity.number,
					 all[i]->charity->codes, 16, err);
		if (nc < 0)
			goto out;
		all[i]->charity->ncodes = (size_t)nc;
		hits++;
	}
	if (!snap.registers[CHARITY_OSCR] && !snap.registers[CHARITY_CCNI])
		notef("Charity Commission register: %lu of %lu suppliers found by name or number",
		      hits, looked);
	else
		notef("charity registers (%lu England and Wales, %lu Scotland, %lu Northern Ireland): "
		      "%lu of %lu suppliers found by name or number", snap.registers[CHARITY_CCEW],
		      snap.registers[CHARITY_OSCR], snap.registers[CHARITY_CCNI], hits, looked);
	if (ambiguous)
		notef("charity registers: %lu suppliers' names fit several charities - left "
		      "unmatched (listed in their reasons)", ambiguous);
	ret = 0;
out:
	free(m);
	entity_overrides_free(ov, nov);
	return ret;
}
