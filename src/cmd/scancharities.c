/*
 * scancharities.c: what the charity registers (England and Wales's,
 * OSCR's, CCNI's) say of each payee (scan_private.h).  When the database holds a snapshot
 * (charitiesdb.h), every supplier that is not a public body or a person is
 * looked up by its name key: when the key is one registered charity's
 * (removed ones and several charities sharing the key are left alone),
 * its number, status, company number and latest income are kept on the
 * supplier (supplier.charity) for the entity and the s54 scope.  Without a
 * snapshot nothing is read and the scan is as before.
 *
 * Runs beside scan_read_companies(), before the scan takes the write lock.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "chainwatch/buf.h"
#include "chainwatch/charitiesdb.h"
#include "chainwatch/entity.h"
#include "chainwatch/entitydb.h"
#include "chainwatch/identity.h"
#include "chainwatch/msg.h"
#include "chainwatch/supplier.h"
#include "chainwatch/xalloc.h"
#include "scan_private.h"

#define CANDIDATES 4

/* Removed: a removal date, or (OSCR's, CCNI's) only the status says so. */
static int removed(const struct charity_info *c)
{
	return c->removed || !strcasecmp(c->status, "Removed");
}

/* Whether found[n] holds a registered (not removed) England and Wales entry. */
static int has_ccew(const struct charity_info *found, long n)
{
	long i;

	for (i = 0; i < n; i++)
		if (!removed(&found[i]) && (!found[i].scheme[0] || !strcmp(found[i].scheme, "GB-CHC")))
			return 1;
	return 0;
}

/*
 * The one registered charity among found[n] (removed ones left out),
 * preferring the one whose number the council's file gave; NULL when
 * none or several.  A cross-border Scottish entry beside an England and
 * Wales one of the same name is that charity's second registration, not
 * another charity: the England and Wales entry stands for it.
 */
static const struct charity_info *the_charity(const struct charity_info *found, long n,
					      const char *number)
{
	const struct charity_info *one = NULL;
	int ccew = has_ccew(found, n);
	long i;

	for (i = 0; i < n; i++)
		if (*number && !removed(&found[i]) && !strcmp(found[i].number, number))
			return &found[i];
	for (i = 0; i < n; i++) {
		if (removed(&found[i]) || (ccew && found[i].cross_border))
			continue;
		if (one)
			return NULL;
		one = &found[i];
	}
	return one;
}

/* The register a scheme names, as messages say it. */
static const char *source_of(const char *scheme)
{
	if (!strcmp(scheme, "GB-SC"))
		return "Scottish Charity Register (OSCR)";
	if (!strcmp(scheme, "GB-NIC"))
		return "Charity Commission for Northern Ireland register";
	return "Charity Commission register";
}

static struct charity_facts *facts_of(const struct charity_info *c)
{
	struct charity_facts *f = xcalloc(1, sizeof(*f));

	snprintf(f->method, sizeof(f->method), "exact name");
	snprintf(f->number, sizeof(f->number), "%s", c->number);
	snprintf(f->name, sizeof(f->name), "%s", c->name);
	snprintf(f->status, sizeof(f->status), "%s", c->status);
	snprintf(f->company_number, sizeof(f->company_number), "%s", c->company_number);
	f->income = c->income;
	snprintf(f->scheme, sizeof(f->scheme), "%s", c->scheme[0] ? c->scheme : "GB-CHC");
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
	struct charity_info found[CANDIDATES];
	struct entity_override *ov = NULL;
	struct supplier **all;
	struct buf key;
	unsigned long looked = 0, hits = 0;
	size_t n, i, nov = 0;
	int got, ret = -1;

	if ((got = charitiesdb_status(s->db, &snap, err)) <= 0)
		return got;          /* no snapshot: nothing to read */
	s->rep.charities_register = snap.extract_date ? snap.extract_date : loaded_day(snap.loaded);
	if (entitydb_overrides(s->db, s->council, &ov, &nov, err) < 0)
		return -1;
	buf_init(&key, 0);
	all = supplier_table_sorted(s->suppliers, 1, &n);
	for (i = 0; i < n; i++) {
		const struct entity_override *o = entity_override_find(ov, nov, all[i]->key);
		const struct charity_info *c;
		struct entity e;
		long nf;

		if (o)
			entity_from_override(o, &e);
		else
			entity_classify(s->entities, all[i], &e);
		if (e.type == ENTITY_PUBLIC_BODY || e.type == ENTITY_INDIVIDUAL || !all[i]->name)
			continue;
		buf_reset(&key);
		if (name_key(all[i]->name, strlen(all[i]->name), &key) < 0 || !key.len)
			continue;
		looked++;
		if ((nf = charitiesdb_find(s->db, key.s, found, CANDIDATES, err)) < 0)
			goto out;
		if ((c = the_charity(found, nf, all[i]->charity_number)) == NULL)
			continue;
		/* a company found on Companies House that this charity is not */
		if (all[i]->company && !all[i]->company->ambiguous && all[i]->company->number[0] &&
		    strcmp(c->company_number, all[i]->company->number) != 0)
			continue;
		all[i]->charity = facts_of(c);
		hits++;
	}
	if (!snap.registers[CHARITY_OSCR] && !snap.registers[CHARITY_CCNI])
		notef("Charity Commission register: %lu of %lu suppliers found by name", hits, looked);
	else
		notef("charity registers (%lu England and Wales, %lu Scotland, %lu Northern Ireland): "
		      "%lu of %lu suppliers found by name", snap.registers[CHARITY_CCEW],
		      snap.registers[CHARITY_OSCR], snap.registers[CHARITY_CCNI], hits, looked);
	ret = 0;
out:
	buf_release(&key);
	entity_overrides_free(ov, nov);
	return ret;
}
