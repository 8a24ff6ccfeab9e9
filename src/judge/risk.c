/*
 * risk.c: one explainable assessment per supplier.  The formula and its
 * departures from the methods reference are in risk.h and
 * docs/risk-model.md; every number that goes into R is named in the
 * reasons text, so a contract manager can redo the sum.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chainwatch/amount.h"
#include "chainwatch/buf.h"
#include "chainwatch/date.h"
#include "chainwatch/risk.h"
#include "chainwatch/xalloc.h"

#define DEFAULT_WORKFORCE 45     /* W when no sector is known: mid-scale, never 0 */

const char *tier_name(enum tier t)
{
	switch (t) {
	case TIER_HIGH: return "High";
	case TIER_MEDIUM: return "Medium";
	case TIER_LOW: return "Low";
	case TIER_GREY: return "Grey";
	}
	return "";
}

double risk_own_operations(double sector, double workforce, double geography)
{
	return 0.45 * sector + 0.35 * workforce + 0.20 * geography;
}

double risk_goods_channel(double goods, double origin)
{
	return 0.5 * goods + 0.5 * origin;
}

double risk_inherent(double a_ops, double b_goods)
{
	double hi = a_ops > b_goods ? a_ops : b_goods;
	double lo = a_ops > b_goods ? b_goods : a_ops;
	double i = hi + 0.15 * lo;

	return i > 100.0 ? 100.0 : i;
}

enum tier risk_tier(int score, int mapped)
{
	if (!mapped)
		return TIER_GREY;
	if (score >= RISK_HIGH)
		return TIER_HIGH;
	if (score >= RISK_MEDIUM)
		return TIER_MEDIUM;
	return TIER_LOW;
}

/* A label the supplier was paid under, and whether it came from a ProClass column. */
struct purchase {
	const struct spend_part *part;
	int proclass;
};

/*
 * Purchases by spend, largest first; on equal spend a ProClass label first
 * (the same rows under both columns), then label order, for stable output.
 */
static int by_pence_desc(const void *a, const void *b)
{
	const struct purchase *x = a, *y = b;

	if (x->part->pence != y->part->pence)
		return x->part->pence > y->part->pence ? -1 : 1;
	if (x->proclass != y->proclass)
		return x->proclass ? -1 : 1;
	return strcmp(x->part->label, y->part->label);
}

/* A purchase code or label: CPV first, then ProClass, then the expense phrase. */
static int match_label(const struct reference *ref, const char *label, struct sector_match *m)
{
	return sector_match_cpv(ref, label, m) || sector_match_proclass(ref, label, m) ||
	       sector_match_expense(ref, label, m);
}

/*
 * The sector from the supplier's purchases: the mapped expense type (or
 * CPV / ProClass label) with the most spend decides; a CPV or ProClass
 * match outranks an expense phrase.  The ProClass labels of rows that also
 * had an expense type (s->proclass) are weighed with the expense types, so
 * an expense type column never hides a ProClass one.  Other mapped labels
 * are listed.
 */
static int sector_from_purchases(const struct reference *ref, const struct supplier *s,
				 struct sector_match *out, struct buf *also)
{
	struct purchase *parts;
	struct sector_match m;
	int found = 0;
	size_t i, nparts = xsize_add(s->nexpense, s->nproclass);

	if (!nparts)
		return 0;
	parts = xreallocarray(NULL, nparts, sizeof(*parts));
	for (i = 0; i < s->nexpense; i++)
		parts[i] = (struct purchase){ &s->expense[i], 0 };
	for (i = 0; i < s->nproclass; i++)
		parts[s->nexpense + i] = (struct purchase){ &s->proclass[i], 1 };
	qsort(parts, nparts, sizeof(*parts), by_pence_desc);
	for (i = 0; i < nparts; i++) {
		if (parts[i].part->pence <= 0 || !match_label(ref, parts[i].part->label, &m))
			continue;
		if (!found || (m.rule < out->rule && out->rule == RULE_EXPENSE)) {
			if (found && out->sector != m.sector)
				buf_printf(also, "%s%s (%s)", also->len ? "; " : "", out->evidence,
					   out->sector->label);
			*out = m;
			found = 1;
		} else if (m.sector != out->sector) {
			buf_printf(also, "%s%s (%s)", also->len ? "; " : "", m.evidence,
				   m.sector->label);
		}
	}
	free(parts);
	return found;
}

/* The sector a name keyword gives, trying every name the supplier was paid under. */
static int sector_from_names(const struct reference *ref, const struct supplier *s,
			     struct sector_match *m)
{
	size_t i;

	if (s->name && sector_match_name(ref, s->name, m))
		return 1;
	for (i = 0; i < s->nnames; i++)
		if (s->names[i] != s->name && sector_match_name(ref, s->names[i], m))
			return 1;
	return 0;
}

/* A lower rule's sector listed beside the one that won, when they differ. */
static void outranked(struct buf *also, const struct sector_match *other,
		      const struct sector_match *won, const char *what)
{
	if (other->sector != won->sector)
		buf_printf(also, "%s%s (%s), which %s outranks", also->len ? "; " : "",
			   other->evidence, other->sector->label, what);
}

/* The purchase codes' or expense type's sector, listed beside won when it differs. */
static void purchases_outranked(const struct reference *ref, const struct supplier *s,
				const struct sector_match *won, const char *what,
				struct buf *also)
{
	struct sector_match other;
	struct buf scratch;

	buf_init(&scratch, 1 << 16);
	if (sector_from_purchases(ref, s, &other, &scratch))
		outranked(also, &other, won, what);
	buf_release(&scratch);
}

/*
 * The SIC codes the Companies House register gives a supplier the council's
 * master gave none: the sector, with the register and the match named.
 * When the expense type or a name keyword says another sector, that is
 * listed too, so both appear in the reasons.
 */
static int register_sic(const struct reference *ref, const struct supplier *s,
			const struct assessment *a, struct sector_match *m, struct buf *also)
{
	const struct company_facts *c = s->company;
	struct sector_match other;
	size_t n;

	if (!c || c->ambiguous || !*c->sic || !sector_match_sic(ref, c->sic, m))
		return 0;
	n = strlen(m->evidence);
	snprintf(m->evidence + n, sizeof(m->evidence) - n, " from Companies House (%s%s, %.2f)",
		 c->method, strstr(c->method, "name") || !strcmp(c->method, "fuzzy") ? " match" : "",
		 c->confidence);
	purchases_outranked(ref, s, m, "the register's SIC", also);
	if (a->entity.type != ENTITY_CHARITY && sector_from_names(ref, s, &other))
		outranked(also, &other, m, "the register's SIC");
	return 1;
}

/*
 * The sector a charity's classification on its register gives (the
 * Charity Commission's codes, OSCR's read across), the register named.
 */
static int charity_classes(const struct reference *ref, const struct supplier *s,
			   struct sector_match *m)
{
	const struct charity_facts *c = s->charity;
	size_t n;

	if (!c || c->ambiguous || !c->ncodes || !sector_match_charity(ref, c->codes, c->ncodes, m))
		return 0;
	n = strlen(m->evidence);
	snprintf(m->evidence + n, sizeof(m->evidence) - n, " on the %s",
		 c->source[0] ? c->source : "Charity Commission register");
	return 1;
}

/* When the winning rule's sector is not the charity classification's, that one is listed too. */
static void charity_disagrees(const struct reference *ref, const struct supplier *s,
			      const struct sector_match *won, const char *what, struct buf *also)
{
	struct sector_match other;

	if (charity_classes(ref, s, &other))
		outranked(also, &other, won, what);
}

/*
 * The rule order: SIC > charity classification > CPV/ProClass > expense
 * type > name keyword; where a lower rule says another sector, it is
 * listed in the reasons beside the one that decided.  Two refinements
 * the real ledgers need (docs/risk-model.md):
 * a payee whose name says it is a public body is one, whatever it was paid
 * for; and a broad expense type ("Main / Term Contractor") gives way to a
 * name keyword that says more ("... WASTE SERVICES LIMITED").
 */
static void decide_sector(const struct reference *ref, const struct supplier *s,
			  struct assessment *a, struct buf *also)
{
	struct sector_match m, byname;
	const struct sector_match *won = NULL;
	int named;

	if (s->sic && *s->sic && sector_match_sic(ref, s->sic, &m)) {
		won = &m;
		charity_disagrees(ref, s, &m, "the SIC code", also);
		goto out;
	}
	if (register_sic(ref, s, a, &m, also)) {
		won = &m;
		charity_disagrees(ref, s, &m, "the register's SIC", also);
		goto out;
	}
	if (charity_classes(ref, s, &m)) {
		won = &m;
		purchases_outranked(ref, s, &m, "the charity's classification", also);
		goto out;
	}
	/* a charity's name says its cause, not its trade: its activities decide */
	named = a->entity.type != ENTITY_CHARITY && sector_from_names(ref, s, &byname);
	if (named && byname.sector->name_decides) {
		won = &byname;
		if (sector_from_purchases(ref, s, &m, also) && m.sector != byname.sector)
			buf_printf(also, "%s%s (%s; the name decides)", also->len ? "; " : "",
				   m.evidence, m.sector->label);
	} else if (sector_from_purchases(ref, s, &m, also)) {
		won = &m;
		if (m.broad && named && byname.sector != m.sector) {
			buf_printf(also, "%s%s (%s, too broad to decide)", also->len ? "; " : "",
				   m.evidence, m.sector->label);
			won = &byname;
		}
	} else if (named) {
		won = &byname;
	}
out:
	a->sector.sector = won ? won->sector : NULL;
	a->sector.rule = won ? won->rule : RULE_NONE;
	a->sector.evidence = won ? xstrdup(won->evidence) : NULL;
}

/*
 * The goods channel: only for sectors that supply goods.  The origin is
 * the supplier's own country when it is not the UK (where the goods are
 * made is then known); a UK supplier's goods come from unknown places,
 * which scores as RISK_UNKNOWN_ORIGIN, never lower.
 */
static void goods_channel(const struct reference *ref, const struct sector *sec,
			  struct assessment *a)
{
	size_t i;
	int p;

	a->goods_score = -1;
	a->origin_score = -1;
	a->goods = NULL;
	a->b_goods = 0;
	if (!sec || !sec->goods_class)
		return;
	p = sec->goods_class;
	if (a->country && !a->country_assumed && strcmp(a->country->alpha2, "GB") != 0) {
		a->origin_score = a->country->score;
		for (i = 0; i < sec->ngoods; i++) {
			const struct goods_listing *g = goods_lookup(ref, sec->goods[i],
								     a->country->alpha2);
			int add;

			if (!g)
				continue;
			add = g->forced_labour ? 40 : g->child_labour ? 25 : 0;
			if (!a->goods || add > (a->goods->forced_labour ? 40 : 25))
				a->goods = g;
			if (p < sec->goods_class + add)
				p = sec->goods_class + add;
		}
	} else {
		a->origin_score = RISK_UNKNOWN_ORIGIN;
	}
	a->goods_score = p > 100 ? 100 : p;
	a->b_goods = risk_goods_channel(a->goods_score, a->origin_score);
}

/* The Companies House facts of a supplier found on the register, or NULL. */
static const struct company_facts *register_facts(const struct supplier *s)
{
	return s->company && !s->company->ambiguous ? s->company : NULL;
}

/*
 * "Companies House: ..." - what the register says of the supplier: the
 * company, its status, incorporation, accounts and SIC codes; a company
 * incorporated less than RISK_NEW_COMPANY_MONTHS before a payment of
 * RISK_NEW_COMPANY_PENCE or more is an indicator (never a flag on its own).
 */
static void register_reason(const struct supplier *s, struct buf *out)
{
	const struct company_facts *c = s->company;
	char d[16], money[48];

	if (!c)
		return;
	if (c->ambiguous) {
		buf_printf(out, "Companies House: the name fits several companies (%s) - left "
			   "unmatched; confirm with 'chainwatch entity set'; ", c->candidates);
		return;
	}
	buf_printf(out, "Companies House: %s %s (%s", c->name, c->number, c->method);
	if (strcmp(c->method, "company number"))
		buf_printf(out, " %.2f", c->confidence);
	buf_printf(out, "), %s", *c->status ? c->status : "status not given");
	if (c->dissolved)
		buf_printf(out, ", dissolution date %s", date_format(c->dissolved, d));
	if (c->incorporated)
		buf_printf(out, ", incorporated %s", date_format(c->incorporated, d));
	if (*c->accounts_category)
		buf_printf(out, ", accounts %s", c->accounts_category);
	if (*c->sic)
		buf_printf(out, ", SIC %s", c->sic);
	if (risk_new_company(s))
		buf_printf(out, " - incorporated less than 12 months before its largest payment, "
			   "%s on %s: a new company paid a large sum, an indicator for review",
			   amount_format_gbp(s->largest_pence, money), date_format(s->largest_date, d));
	buf_adds(out, "; ");
}

int risk_new_company(const struct supplier *s)
{
	const struct company_facts *c = register_facts(s);
	int32_t year_after;

	if (!c || !c->incorporated || !s->largest_date || s->largest_pence < RISK_NEW_COMPANY_PENCE)
		return 0;
	year_after = c->incorporated + 10000;        /* the same day a year on */
	return s->largest_date >= c->incorporated && s->largest_date < year_after;
}

/* "; Statement: ..." - what the registry says, when it was searched. */
static void statement_reason(const struct statement *st, struct buf *out)
{
	const struct registry_row *r = st->row;
	char end[16];

	switch (st->status) {
	case STATEMENT_NOT_CHECKED:
		if (st->scope_reasons)     /* no registry, but the Companies House accounts */
			buf_printf(out, "; s54 duty %s (%s)", in_scope_name(st->scope),
				   st->scope_reasons);
		return;
	case STATEMENT_NOT_APPLICABLE:
		buf_adds(out, "; Statement: not applicable (a public body)");
		return;
	case STATEMENT_NOT_FOUND:
		if (st->years_searched_from == st->years_searched_to)
			buf_printf(out, "; Statement: none found on the registry for %d",
				   st->years_searched_to);
		else
			buf_printf(out, "; Statement: none found on the registry for %d-%d",
				   st->years_searched_from, st->years_searched_to);
		break;
	case STATEMENT_AMBIGUOUS:
		buf_printf(out, "; Statement: the registry match is ambiguous (%s) - confirm with "
			   "'chainwatch registry override'", st->candidates ? st->candidates : "");
		break;
	case STATEMENT_CURRENT:
	case STATEMENT_STALE:
		buf_printf(out, "; Statement: %s for %d on the registry (%s", st->status ==
			   STATEMENT_CURRENT ? "current" : "stale", r->year, r->org_name);
		if (r->period_end)
			buf_printf(out, ", period ended %s", date_format(r->period_end, end));
		if (st->nareas >= 0)
			buf_printf(out, ", %d of 6 areas", st->nareas);
		buf_printf(out, ", %s", st->approved ? "approval recorded" : "no approval recorded");
		buf_printf(out, "; matched by %s", st->method);
		if (st->confidence < 1.0)
			buf_printf(out, " %.2f", st->confidence);
		if (st->via_group)
			buf_printf(out, "; covered by the group statement of %s", r->parent_name);
		buf_adds(out, ")");
		break;
	}
	buf_printf(out, "; s54 duty %s (%s)", in_scope_name(st->scope),
		   st->scope_reasons ? st->scope_reasons : "");
}

/*
 * The country Companies House gives, when the council's file gave none:
 * the registered office's, unless it is in the UK and the company is an
 * overseas one registered here (CountryOfOrigin other than the UK), whose
 * home country says more of where its people work.  1 with a->country
 * and a->country_register set, 0 when the register names no country
 * the reference knows.
 */
static int register_country(const struct reference *ref, const struct company_facts *c,
			    struct assessment *a)
{
	const struct country *office = *c->country ? country_lookup(ref, c->country) : NULL;
	const struct country *origin = *c->origin ? country_lookup(ref, c->origin) : NULL;

	if (origin && strcmp(origin->alpha2, "GB") != 0 &&
	    (!office || !strcmp(office->alpha2, "GB"))) {
		a->country = origin;
		a->country_register = RISK_COUNTRY_ORIGIN;
		return 1;
	}
	if (!office)
		return 0;
	a->country = office;
	a->country_register = RISK_COUNTRY_OFFICE;
	return 1;
}

/* Where the country came from, when not the council's file. */
static const char *country_note(const struct assessment *a)
{
	if (a->country_assumed)
		return " (assumed: no country given)";
	if (a->country_register == RISK_COUNTRY_ORIGIN)
		return " (country of origin of an overseas company, Companies House)";
	if (a->country_register)
		return " (registered office, Companies House)";
	return "";
}

const char *risk_reasons(const struct supplier *s, const struct assessment *a, struct buf *out)
{
	const struct sector *sec = a->sector.sector;
	int sector_score = sec ? sec->score : RISK_DEFAULT_SECTOR;
	const char *id = a->entity.id ? a->entity.id : "";
	const char *ev = a->entity.evidence ? a->entity.evidence : "";
	size_t i;

	if (a->reasons)
		return a->reasons;
	buf_reset(out);
	switch (a->entity.type) {
	case ENTITY_INDIVIDUAL:
		buf_printf(out, "Entity: individual (%s) - a person paid by the council, not a "
			   "supply chain: no sector from the expense type or name, no s54 duty, no "
			   "risk flags; counted among individual payees -> 0 %s", ev, tier_name(a->tier));
		return out->s;
	case ENTITY_PUBLIC_BODY:
		buf_printf(out, "Entity: public body%s%s - outside s54, which applies to commercial "
			   "organisations; not scored for sector risk from the council's expense "
			   "type; ", *id ? " " : "", id);
		break;
	case ENTITY_CHARITY:
		buf_printf(out, "Entity: charity%s%s (%s) - judged on its activities, not on the "
			   "words of its name; the s54 duty applies to a charity with trading income "
			   "of £36m or more%s; ", *id ? " " : "", id, ev,
			   s->charity && s->charity->income >= 0 ? " (its latest income is below)"
								 : ", unknown here");
		break;
	case ENTITY_COMPANY:
		buf_printf(out, "Entity: company%s%s (%s); ", *id ? " " : "", id, ev);
		break;
	case ENTITY_UNKNOWN:
		break;
	}
	register_reason(s, out);
	if (s->charity && s->charity->ambiguous)
		buf_printf(out, "Charity registers: the name fits several charities (%s) - left "
			   "unmatched; confirm with 'chainwatch entity set'; ", s->charity->candidates);
	if (sec) {
		buf_printf(out, "Sector: %s (%s) %d/100", sec->label, risk_sector_evidence(a),
			   sector_score);
		for (i = 0; i < sec->nppn_factors; i++)
			buf_printf(out, "%s%s", i ? ", " : " - PPN factors: ", sec->ppn_factors[i]);
		buf_printf(out, "; Workforce: typical for the sector %d/100", a->workforce);
	} else {
		buf_adds(out, "Sector: not known - ");
		if (s->charity && !s->charity->ambiguous && s->charity->ncodes) {
			buf_adds(out, "its charity classification (");
			for (i = 0; i < s->charity->ncodes; i++)
				buf_printf(out, "%s%d", i ? " " : "", s->charity->codes[i]);
			buf_printf(out, ") on the %s names no sector, and ", s->charity->source);
		}
		buf_printf(out, "no SIC code, purchase code, expense type or name keyword maps "
			   "this supplier; scored as medium risk (%d/100) until it is classified; "
			   "Workforce: assumed %d/100", sector_score, a->workforce);
	}
	if (a->country && a->country->prevalence >= 0)
		buf_printf(out, "; Geography: %s%s %d/100 (GSI 2023: %.1f per 1,000)",
			   a->country->name, country_note(a), a->geography_score,
			   a->country->prevalence);
	else if (a->country)
		buf_printf(out, "; Geography: %s%s %d/100 (no GSI estimate)", a->country->name,
			   country_note(a), a->geography_score);
	else
		buf_printf(out, "; Geography: '%s' is not a known country %d/100", s->country,
			   a->geography_score);
	if (a->goods_score >= 0) {
		if (a->goods)
			buf_printf(out, "; Goods: %s from %s on the US DOL TVPRA list (%s) %d/100, "
				   "origin %d/100", a->goods->good, a->goods->country,
				   a->goods->forced_labour ? "forced labour" : "child labour",
				   a->goods_score, a->origin_score);
		else if (a->origin_score == RISK_UNKNOWN_ORIGIN)
			buf_printf(out, "; Goods: %s supplies %sgoods of unknown origin "
				   "%d/100, origin %d/100 (a data gap)", sec->label,
				   a->goods_score >= 60 ? "high-risk " : "", a->goods_score,
				   a->origin_score);
		else
			buf_printf(out, "; Goods: %d/100, origin %d/100", a->goods_score,
				   a->origin_score);
	}
	statement_reason(&a->statement, out);
	if (a->tender)
		buf_printf(out, "; Tenders: %u bid%s checked, %u flagged; the worst, tender %s%s%s: %s",
			   a->tender_bids, a->tender_bids == 1 ? "" : "s", a->tender_flagged,
			   a->tender->bid->tender_id, *a->tender->bid->lot ? " lot " : "",
			   a->tender->bid->lot, alt_verdict_name(a->tender->verdict));
	buf_printf(out, "; Score: 0.45x%d + 0.35x%d + 0.20x%d = %.1f", sector_score, a->workforce,
		   a->geography_score, a->a_ops);
	if (a->goods_score >= 0)
		buf_printf(out, ", goods channel %.1f, combined %.1f", a->b_goods, a->inherent);
	if (a->adverse)
		buf_printf(out, " + %d (s54 statement required but %s)", a->adverse,
			   a->statement.status == STATEMENT_STALE ? "out of date" : "not found");
	if (a->mitigation)
		buf_printf(out, " - %d (current statement, six areas, approved)", a->mitigation);
	if (a->price_pressure)
		buf_printf(out, " + %d (price pressure: %s)", a->price_pressure,
			   a->price_pressure == 20 ? "a bid below the statutory wage and on-cost floor"
						   : "a bid flagged as abnormally low");
	buf_printf(out, " -> %d %s", a->score, tier_name(a->tier));
	if (a->refer)
		buf_adds(out, " (Refer: possible labour-law non-compliance - a bid below the "
			    "statutory minimum wage cost of its hours)");
	if (a->tier == TIER_GREY)
		buf_adds(out, " (not enough data to judge: classify the supplier)");
	if (a->also && *a->also)
		buf_printf(out, "; Also bought: %s", a->also);
	return out->s;
}

/* Spend-weighted priority: high risk and high spend first. */
static double priority_of(const struct supplier *s, int score)
{
	double spend = s->spend_pence > 0 ? (double)s->spend_pence / 100.0 : 0.0;

	return score * log10(1.0 + spend);
}

int risk_not_commercial(const struct assessment *a)
{
	return a->entity.type == ENTITY_PUBLIC_BODY || a->entity.type == ENTITY_INDIVIDUAL;
}

void risk_assess(const struct reference *ref, const struct supplier *s, struct assessment *a)
{
	risk_assess_entity(ref, s, NULL, a);
}

void risk_assess_entity(const struct reference *ref, const struct supplier *s,
			const struct entity *e, struct assessment *a)
{
	const struct sector *sec;
	struct buf also;
	int sector_score;

	memset(a, 0, sizeof(*a));
	a->supplier = s;
	if (e) {
		a->entity.type = e->type;
		a->entity.id = xstrdup(e->id);
		a->entity.evidence = xstrdup(e->evidence);
	}
	buf_init(&also, 1 << 16);
	if (a->entity.type == ENTITY_PUBLIC_BODY && (sec = sector_by_id(ref, "public_bodies"))) {
		a->sector.sector = sec;
		a->sector.rule = RULE_ENTITY;
		a->sector.evidence = xstrdup(e->evidence);
	} else if (a->entity.type != ENTITY_INDIVIDUAL) {
		decide_sector(ref, s, a, &also);
	}
	sec = a->sector.sector;
	a->also = buf_detach(&also, NULL);
	sector_score = sec ? sec->score : RISK_DEFAULT_SECTOR;
	a->workforce = sec ? sec->workforce : DEFAULT_WORKFORCE;

	if (s->country && *s->country) {
		a->country = country_lookup(ref, s->country);
		/* a country we cannot read is a data gap: the unknown-origin default */
		a->geography_score = a->country ? a->country->score : RISK_UNKNOWN_ORIGIN;
	} else if (register_facts(s) && register_country(ref, s->company, a)) {
		a->geography_score = a->country->score;
	} else {
		a->country = country_lookup(ref, "GB");
		a->country_assumed = 1;
		a->geography_score = a->country ? a->country->score : RISK_UNKNOWN_ORIGIN;
	}
	goods_channel(ref, sec, a);
	a->a_ops = risk_own_operations(sector_score, a->workforce, a->geography_score);
	a->inherent = a->goods_score >= 0 ? risk_inherent(a->a_ops, a->b_goods) : a->a_ops;
	a->score = (int)lround(a->inherent);
	if (a->score > 100)
		a->score = 100;
	a->tier = risk_tier(a->score, sec != NULL);
	if (a->entity.type == ENTITY_INDIVIDUAL) {
		a->goods_score = a->origin_score = -1;
		a->a_ops = a->b_goods = a->inherent = 0;
		a->score = 0;
		a->tier = TIER_LOW;
	}
	a->priority = priority_of(s, a->score);
}

void risk_apply_statement(const struct registry_set *rs, const struct statement_settings *ss,
			  struct assessment *a)
{
	const struct sector *sec = a->sector.sector;
	struct statement *st = &a->statement;
	int score, floor;

	if (a->entity.type == ENTITY_INDIVIDUAL)
		return;            /* a person: no s54 duty, nothing to look up */
	statement_match(rs, ss, a->supplier, sec && !strcmp(sec->id, "public_bodies"), st);
	if ((st->status == STATEMENT_NOT_FOUND || st->status == STATEMENT_STALE) &&
	    st->scope == SCOPE_REQUIRED)
		a->adverse = 10;
	if (st->status == STATEMENT_CURRENT && st->nareas == REGISTRY_AREAS && st->approved)
		a->mitigation = 4;
	if (!a->adverse && !a->mitigation)
		return;
	score = a->score + a->adverse - a->mitigation;
	score = score < 0 ? 0 : score > 100 ? 100 : score;
	/* guard-rails: mitigation lowers at most one band, never below Medium when I >= 80 */
	floor = a->tier == TIER_HIGH ? RISK_MEDIUM : 0;
	if (a->inherent >= 80 && floor < RISK_MEDIUM)
		floor = RISK_MEDIUM;
	if (score < floor)
		score = floor;
	a->score = score;
	if (a->tier != TIER_GREY)
		a->tier = risk_tier(score, 1);
	a->priority = priority_of(a->supplier, score);
}

/* How bad a bid's check is: labour-law breach, then reds, then ambers. */
static int tender_weight(const struct alt_bid *b)
{
	int w = 0;
	size_t k;

	for (k = 0; k < ALT__COUNT; k++)
		w += b->r[k].level == ALT_RED ? 10 : b->r[k].level == ALT_AMBER ? 1 : 0;
	return w + (b->labour_law ? 1000 : 0);
}

void risk_apply_tenders(struct assessment *a, const struct alt_bid *const *b, size_t n)
{
	static const enum alt_rule statistical[] = { ALT_E1, ALT_M1, ALT_M2, ALT_G1, ALT_S1,
						     ALT_S2, ALT_X1 };
	int delta = 0, score;
	size_t i, k;

	for (i = 0; i < n; i++) {
		a->tender_bids++;
		if (b[i]->verdict != ALT_NO_FLAG)
			a->tender_flagged++;
		if (!a->tender || tender_weight(b[i]) > tender_weight(a->tender))
			a->tender = b[i];
		if (b[i]->r[ALT_L2].level == ALT_RED || b[i]->r[ALT_L1].level == ALT_RED)
			delta = 20;
		for (k = 0; k < sizeof(statistical) / sizeof(statistical[0]) && delta < 10; k++)
			if (b[i]->r[statistical[k]].level >= ALT_AMBER)
				delta = 10;
		if (b[i]->labour_law)
			a->refer = 1;
	}
	if ((!delta && !a->refer) || risk_not_commercial(a))
		return;            /* bids are listed; a public body or person is not scored */
	a->price_pressure = delta;
	score = a->score + delta;
	a->score = score > 100 ? 100 : score;
	a->tier = a->tier == TIER_GREY && !a->refer ? TIER_GREY : risk_tier(a->score, 1);
	if (a->refer)
		a->tier = TIER_HIGH;
	a->priority = priority_of(a->supplier, a->score);
}

const char *risk_sector_evidence(const struct assessment *a)
{
	if (a->sector.evidence && a->sector.evidence[0])
		return a->sector.evidence;
	return sector_rule_name(a->sector.rule);
}

void assessment_release(struct assessment *a)
{
	if (!a)
		return;
	statement_release(&a->statement);
	free(a->sector.evidence);
	free(a->also);
	free(a->reasons);
	free(a->entity.id);
	free(a->entity.evidence);
	a->sector.evidence = a->also = a->reasons = NULL;
	a->entity.id = a->entity.evidence = NULL;
}
