/*
 * flags.c: the findings a contract manager reviews, raised from the
 * assessments.  Wording is always "indicator for review", never a finding
 * of wrongdoing (SPEC §6).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chainwatch/amount.h"
#include "chainwatch/buf.h"
#include "chainwatch/flags.h"
#include "chainwatch/sha256.h"
#include "chainwatch/xalloc.h"

const char *flag_kind_name(enum flag_kind k)
{
	switch (k) {
	case FLAG_SECTOR: return "high_risk_sector";
	case FLAG_GEOGRAPHY: return "high_risk_geography";
	case FLAG_GOODS: return "high_risk_goods";
	case FLAG_UNMATCHED: return "unmatched_high_spend";
	case FLAG__COUNT: break;
	}
	return "";
}

void flag_settings_init(struct flag_settings *fs)
{
	fs->unmatched_min_pence = 2500000;
	fs->sector_min_score = 80;
	fs->geography_min_score = 50;
}

void flag_release(struct flag *f)
{
	if (!f)
		return;
	free(f->summary);
	free(f->evidence);
	f->summary = f->evidence = NULL;
}

/* "F" + 10 hex digits of sha256(key NUL kind): the same flag next month. */
static void flag_id(const char *key, enum flag_kind kind, char out[12])
{
	struct sha256 c;
	unsigned char d[32];
	char hex[65];
	const char *k = flag_kind_name(kind);

	sha256_init(&c);
	sha256_update(&c, key, strlen(key) + 1);
	sha256_update(&c, k, strlen(k));
	sha256_final(&c, d);
	sha256_hex(d, hex);
	out[0] = 'F';
	memcpy(out + 1, hex, 10);
	out[11] = '\0';
}

static struct flag *add(struct flag **flags, size_t *count, const struct supplier *s,
			const struct assessment *a, enum flag_kind kind, const char *severity,
			const char *period)
{
	struct flag *f;

	*flags = xreallocarray(*flags, *count + 1, sizeof(**flags));
	f = &(*flags)[(*count)++];
	memset(f, 0, sizeof(*f));
	flag_id(s->key, kind, f->id);
	f->supplier = s;
	f->assessment = a;
	f->kind = kind;
	f->severity = severity;
	snprintf(f->first_seen, sizeof(f->first_seen), "%s", period);
	snprintf(f->last_seen, sizeof(f->last_seen), "%s", period);
	snprintf(f->review_status, sizeof(f->review_status), "open");
	return f;
}

size_t flags_raise(const struct flag_settings *fs, struct supplier *const *s,
		   const struct assessment *a, size_t n, const char *period,
		   struct flag **flags, size_t count)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const struct sector *sec = a[i].sector.sector;

		if (sec && sec->score >= fs->sector_min_score)
			add(flags, &count, s[i], &a[i], FLAG_SECTOR,
			    sec->score >= 100 ? "high" : "medium", period);
		if (a[i].country && !a[i].country_assumed &&
		    a[i].geography_score >= fs->geography_min_score)
			add(flags, &count, s[i], &a[i], FLAG_GEOGRAPHY,
			    a[i].geography_score >= 75 ? "high" : "medium", period);
		if (a[i].goods_score >= 60)
			add(flags, &count, s[i], &a[i], FLAG_GOODS, a[i].goods ? "high" : "medium",
			    period);
		if (!sec && s[i]->spend_pence >= fs->unmatched_min_pence)
			add(flags, &count, s[i], &a[i], FLAG_UNMATCHED, "low",
			    period)->threshold_pence = fs->unmatched_min_pence;
	}
	return count;
}

const char *flag_summary(const struct flag *f, struct buf *b)
{
	const struct supplier *s = f->supplier;
	const struct assessment *a = f->assessment;
	const struct sector *sec = a ? a->sector.sector : NULL;
	char money[48];

	if (f->summary)
		return f->summary;
	buf_reset(b);
	if (!a)
		return b->s;
	switch (f->kind) {
	case FLAG_SECTOR:
		buf_printf(b, "%s: high-risk sector, %s (%d/100) - indicator for review", s->name,
			   sec->label, sec->score);
		break;
	case FLAG_GEOGRAPHY:
		buf_printf(b, "%s: supplier based in %s, geography score %d/100 - indicator for "
			   "review", s->name, a->country->name, a->geography_score);
		break;
	case FLAG_GOODS:
		if (a->goods)
			buf_printf(b, "%s: %s from %s are on the US DOL TVPRA list (%s) - indicator "
				   "for review", s->name, a->goods->good, a->goods->country,
				   a->goods->forced_labour ? "forced labour" : "child labour");
		else
			buf_printf(b, "%s: supplies high-risk goods (%s) of unknown origin - "
				   "indicator for review", s->name, sec->label);
		break;
	case FLAG_UNMATCHED:
		buf_printf(b, "%s: %s spent but no sector could be assigned - classify the "
			   "supplier", s->name, amount_format_gbp(s->spend_pence, money));
		break;
	case FLAG__COUNT:
		break;
	}
	return b->s;
}

const char *flag_evidence(const struct flag *f, struct buf *b)
{
	const struct supplier *s = f->supplier;
	const struct assessment *a = f->assessment;
	const struct sector *sec = a ? a->sector.sector : NULL;
	char money[48], limit[48];
	size_t k;

	if (f->evidence)
		return f->evidence;
	buf_reset(b);
	if (!a)
		return b->s;
	amount_format_gbp(s->spend_pence, money);
	switch (f->kind) {
	case FLAG_SECTOR:
		buf_printf(b, "Mapped by %s.", a->sector.evidence);
		for (k = 0; k < sec->nppn_factors; k++)
			buf_printf(b, "%s%s", k ? ", " : " PPN 02/23 risk factors: ",
				   sec->ppn_factors[k]);
		buf_printf(b, "%s Spend this period %s in %lu transaction%s. Risk score %d (%s); "
			   "the sector's rationale is on the Reference sheet.",
			   sec->nppn_factors ? "." : "", money, s->transactions,
			   s->transactions == 1 ? "" : "s", a->score, tier_name(a->tier));
		break;
	case FLAG_GEOGRAPHY:
		if (a->country->prevalence >= 0)
			buf_printf(b, "Country from the supplier master: %s. Global Slavery Index "
				   "2023 prevalence %.1f per 1,000 people. Spend this period %s.",
				   a->country->name, a->country->prevalence, money);
		else
			buf_printf(b, "Country from the supplier master: %s (no Global Slavery Index "
				   "estimate; regional default). Spend this period %s.",
				   a->country->name, money);
		break;
	case FLAG_GOODS:
		if (a->goods)
			buf_printf(b, "Sector %s supplies %s; supplier country %s. Goods score %d/100, "
				   "origin %d/100. Ask where the goods are made and for supply-chain "
				   "evidence.", sec->label, a->goods->good, a->country->name,
				   a->goods_score, a->origin_score);
		else
			buf_printf(b, "Goods class %d/100 for %s; where the goods are made is not known "
				   "(origin scored %d/100, a data gap). Ask the supplier for the "
				   "countries of origin.", a->goods_score, sec->label, a->origin_score);
		break;
	case FLAG_UNMATCHED:
		buf_printf(b, "No SIC code, purchase code, expense type or name keyword maps this "
			   "supplier, and its spend this period (%s) is at least %s. Add its SIC "
			   "code to the supplier master or its expense type to sectors/sectors.json.",
			   money, amount_format_gbp(f->threshold_pence, limit));
		break;
	case FLAG__COUNT:
		break;
	}
	return b->s;
}
