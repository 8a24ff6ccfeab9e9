/*
 * Validation of the risk model's reference data, once loaded: what
 * `chainwatch reference check` reports and reference_load() refuses.  Sector
 * scores, tiers and goods; SIC codes, ranges and overlaps; CPV prefixes;
 * duplicate mappings; duplicate countries and ambiguous country names; goods
 * naming unknown countries.  The loader is in reference.c; the internals both
 * share are in reference_data.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chainwatch/reference.h"

#include "reference_data.h"

static int tier_band(const char *tier, int *lo, int *hi)
{
	static const struct { const char *tier; int lo, hi; } bands[] = {
		{ "VH", 90, 100 }, { "H", 65, 89 }, { "M", 30, 64 }, { "L", 0, 29 },
	};
	size_t i;

	for (i = 0; i < sizeof(bands) / sizeof(bands[0]); i++)
		if (!strcmp(tier, bands[i].tier)) {
			*lo = bands[i].lo;
			*hi = bands[i].hi;
			return 0;
		}
	return -1;
}

static void check_duplicates(struct loader *ld, const struct rules *rs, const char *what)
{
	const struct reference *ref = ld->ref;
	size_t i, j;

	for (i = 0; i < rs->n; i++)
		for (j = 0; j < i; j++) {
			if (strcmp(rs->v[i].key, rs->v[j].key))
				continue;
			if (rs->v[i].sector == rs->v[j].sector)
				ref_problem(ld->ck, ld->path[F_SECTORS], rs->v[i].line,
					"%s '%s' is listed twice in sector '%s'", what,
					rs->v[i].text, sd_of(ref, &rs->v[i])->id);
			else
				ref_problem(ld->ck, ld->path[F_SECTORS], rs->v[i].line,
					"%s '%s' is mapped to both '%s' and '%s'", what,
					rs->v[i].text, sd_of(ref, &rs->v[j])->id,
					sd_of(ref, &rs->v[i])->id);
			break;
		}
}

void ref_check_all(struct loader *ld)
{
	struct reference *ref = ld->ref;
	const char *sf = ld->path[F_SECTORS];
	size_t i, j, k;

	for (i = 0; i < ref->nsectors; i++) {
		const struct sector *s = &ref->sectors[i];
		const struct sector_data *d = &ref->sd[i];
		int lo, hi;

		for (j = 0; j < i; j++)
			if (!strcmp(ref->sd[j].id, d->id)) {
				ref_problem(ld->ck, sf, d->line, "duplicate sector id '%s' (first at line %lu)",
					d->id, ref->sd[j].line);
				break;
			}
		if (s->score < 0 || s->score > 100)
			ref_problem(ld->ck, sf, d->line, "sector '%s': score %d is not 0-100", d->id, s->score);
		if (s->workforce < 0 || s->workforce > 100)
			ref_problem(ld->ck, sf, d->line, "sector '%s': workforce %d is not 0-100", d->id,
				s->workforce);
		if (s->goods_class < 0 || s->goods_class > 100)
			ref_problem(ld->ck, sf, d->line, "sector '%s': goods_class %d is not 0-100", d->id,
				s->goods_class);
		if (tier_band(d->tier, &lo, &hi) < 0)
			ref_problem(ld->ck, sf, d->line, "sector '%s': tier '%s' is not VH, H, M or L",
				d->id, d->tier);
		else if (s->score >= 0 && s->score <= 100 && (s->score < lo || s->score > hi))
			ref_problem(ld->ck, sf, d->line,
				"sector '%s': tier '%s' needs a score of %d-%d, not %d", d->id, d->tier,
				lo, hi, s->score);
		for (j = 0; j < d->ngoods; j++) {
			for (k = 0; k < ref->ngoods; k++)
				if (!strcmp(ref->goods[k].good, d->goods[j]))
					break;
			if (k == ref->ngoods)
				ref_problem(ld->ck, sf, d->line, "sector '%s': good '%s' is not in goods.csv",
					d->id, d->goods[j]);
		}
	}

	for (i = 0; i < ref->sic.n; i++) {
		const struct rule *r = &ref->sic.v[i];
		int bad = 0;

		if (!bsearch(r->key, ref->sic_codes, ref->nsic_codes, 6, ref_cmp_str6)) {
			ref_problem(ld->ck, sf, r->line, "SIC code '%s' is not in the SIC 2007 list", r->key);
			bad = 1;
		}
		if (strcmp(r->key, r->to) && !bsearch(r->to, ref->sic_codes, ref->nsic_codes, 6, ref_cmp_str6)) {
			ref_problem(ld->ck, sf, r->line, "SIC code '%s' is not in the SIC 2007 list", r->to);
			bad = 1;
		}
		if (strcmp(r->key, r->to) > 0) {
			ref_problem(ld->ck, sf, r->line, "SIC range '%s' runs backwards", r->text);
			bad = 1;
		}
		if (bad)
			continue;
		for (j = 0; j < i; j++) {
			const struct rule *o = &ref->sic.v[j];

			if (strcmp(o->key, o->to) > 0)
				continue;
			if (strcmp(r->to, o->key) < 0 || strcmp(o->to, r->key) < 0)
				continue;
			ref_problem(ld->ck, sf, r->line, "SIC '%s' in '%s' overlaps '%s' in '%s'", r->text,
				sd_of(ref, r)->id, o->text, sd_of(ref, o)->id);
			break;
		}
	}

	for (i = 0; i < ref->cpv.n; i++) {
		const struct rule *r = &ref->cpv.v[i];
		char code[9];

		snprintf(code, sizeof(code), "%s000000", r->key);
		if (!bsearch(code, ref->cpv_codes, ref->ncpv_codes, 9, ref_cmp_str9))
			ref_problem(ld->ck, sf, r->line, "CPV prefix '%s' (%s) is not in the CPV 2008 list",
				r->key, code);
	}
	check_duplicates(ld, &ref->cpv, "CPV prefix");
	check_duplicates(ld, &ref->proclass, "ProClass");
	check_duplicates(ld, &ref->expense, "expense phrase");
	check_duplicates(ld, &ref->keyword, "keyword");
	check_duplicates(ld, &ref->expense_kw, "expense keyword");

	for (i = 0; i < ref->ncountries; i++)
		for (j = 0; j < i; j++)
			if (!strcmp(ref->countries[i].alpha2, ref->countries[j].alpha2)) {
				ref_problem(ld->ck, ld->path[F_COUNTRIES], ref->country_lines[i],
					"country '%s' is listed twice (first at line %lu)",
					ref->countries[i].alpha2, ref->country_lines[j]);
				break;
			}
	for (i = 1; i < ref->nnames; i++)
		if (!strcmp(ref->names[i].key, ref->names[i - 1].key) &&
		    ref->names[i].country != ref->names[i - 1].country)
			ref_problem(ld->ck, ld->path[F_COUNTRIES], 0, "name '%s' means both '%s' and '%s'",
				ref->names[i].key, ref->countries[ref->names[i - 1].country].alpha2,
				ref->countries[ref->names[i].country].alpha2);

	for (i = 0; i < ref->ngoods; i++) {
		for (j = 0; j < ref->ncountries; j++)
			if (!strcmp(ref->goods[i].alpha2, ref->countries[j].alpha2))
				break;
		if (j == ref->ncountries)
			ref_problem(ld->ck, ld->path[F_GOODS], ref->goods_lines[i],
				"good '%s' from '%s': alpha2 '%s' is not in countries.csv",
				ref->goods[i].good, ref->goods[i].country, ref->goods[i].alpha2);
	}
}
