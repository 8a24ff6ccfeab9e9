/*
 * flags.c: the findings a contract manager reviews, raised from the
 * assessments.  Wording is always "indicator for review", never a finding
 * of wrongdoing (SPEC §6).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "chainwatch/amount.h"
#include "chainwatch/buf.h"
#include "chainwatch/date.h"
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
	case FLAG_NO_STATEMENT: return "no_statement";
	case FLAG_STATEMENT_STALE: return "statement_stale";
	case FLAG_STATEMENT_INCOMPLETE: return "statement_incomplete";
	case FLAG_TENDER: return "abnormally_low_tender";
	case FLAG_COMPANY_NOT_ACTIVE: return "company_not_active";
	case FLAG__COUNT: break;
	}
	return "";
}

const char *flag_kind_label_named(const char *name)
{
	int k;

	for (k = 0; k < FLAG__COUNT; k++)
		if (!strcmp(name, flag_kind_name((enum flag_kind)k)))
			return flag_kind_label((enum flag_kind)k);
	return NULL;
}

/* Whether `hay` holds `needle`, ASCII case ignored. */
static int has_words(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++)
		if (!strncasecmp(hay, needle, n))
			return 1;
	return 0;
}

const char *flag_company_inactive(const char *status, int *rank)
{
	static const struct {
		const char *words, *says;
		int rank;
	} states[] = {
		{ "dissolved", "dissolved", 4 },
		{ "struck off", "struck off", 4 },
		{ "converted/closed", "closed", 4 },
		{ "proposal to strike off", "to be struck off", 1 },
		{ "liquidation", "in liquidation", 3 },
		{ "administration", "in administration", 2 },
		{ "receiver", "in receivership", 2 },
	};
	size_t i;

	for (i = 0; status && i < sizeof(states) / sizeof(states[0]); i++)
		if (has_words(status, states[i].words)) {
			if (rank)
				*rank = states[i].rank;
			return states[i].says;
		}
	return NULL;
}

/* The register's facts when they say the company paid is not active, else NULL. */
static const struct company_facts *not_active(const struct supplier *s)
{
	const struct company_facts *c = s->company;

	if (!c || c->ambiguous || !flag_company_inactive(c->status, NULL))
		return NULL;
	return c;
}

const char *flag_kind_label(enum flag_kind k)
{
	switch (k) {
	case FLAG_SECTOR: return "High-risk sector";
	case FLAG_GEOGRAPHY: return "High-risk country";
	case FLAG_GOODS: return "High-risk goods";
	case FLAG_UNMATCHED: return "High spend, sector unknown";
	case FLAG_NO_STATEMENT: return "No statement found";
	case FLAG_STATEMENT_STALE: return "Statement out of date";
	case FLAG_STATEMENT_INCOMPLETE: return "Statement incomplete";
	case FLAG_TENDER: return "Abnormally low tender";
	case FLAG_COMPANY_NOT_ACTIVE: return "Company paid while not active";
	case FLAG__COUNT: break;
	}
	return "";
}

void supplier_reviews_free(struct supplier_review *v, size_t n)
{
	size_t i;

	for (i = 0; v && i < n; i++) {
		free(v[i].supplier_key);
		free(v[i].owner);
		free(v[i].status);
		free(v[i].next_action);
		free(v[i].note);
	}
	free(v);
}

static int review_key_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct supplier_review *)elem)->supplier_key);
}

const struct supplier_review *supplier_review_find(const struct supplier_review *v, size_t n,
						   const char *key)
{
	return n ? bsearch(key, v, n, sizeof(*v), review_key_cmp) : NULL;
}

void flag_settings_init(struct flag_settings *fs)
{
	fs->unmatched_min_pence = 2500000;
	fs->sector_min_score = 80;
	fs->geography_min_score = 50;
	fs->council = NULL;
}

void flag_release(struct flag *f)
{
	if (!f)
		return;
	free(f->summary);
	free(f->evidence);
	free(f->review_note);
	free(f->evidence_link);
	free(f->reviewer);
	free(f->reopened);
	f->summary = f->evidence = f->review_note = f->evidence_link = NULL;
	f->reviewer = f->reopened = NULL;
}

const char *const flag_review_statuses[6] = {
	"open", "under review", "cleared", "action plan", "escalated", "referred",
};

const char *flag_review_status(const char *s)
{
	char norm[32];
	size_t n = 0, i;

	while (*s == ' ')
		s++;
	for (; *s && n + 1 < sizeof(norm); s++) {
		char c = (char)(*s >= 'A' && *s <= 'Z' ? *s + 32 : *s);

		if (c == '_' || c == '-')
			c = ' ';
		if (c == ' ' && (!n || norm[n - 1] == ' '))
			continue;
		norm[n++] = c;
	}
	while (n && norm[n - 1] == ' ')
		n--;
	norm[n] = '\0';
	for (i = 0; i < 6; i++)
		if (!strcmp(norm, flag_review_statuses[i]))
			return flag_review_statuses[i];
	return NULL;
}

static const char *const tier_words[] = { "Grey", "Low", "Medium", "High" };

static int tier_rank(enum tier t)
{
	return t == TIER_HIGH ? 3 : t == TIER_MEDIUM ? 2 : t == TIER_LOW ? 1 : 0;
}

/* Spend bands an unmatched supplier's spend can cross. */
static const int64_t spend_bands[] = { 2500000, 10000000, 25000000, 50000000, 100000000,
				       500000000 };

void flag_evidence_key(const struct flag *f, char out[96])
{
	const struct assessment *a = f->assessment;
	int rank = 0;
	size_t i;

	out[0] = '\0';
	if (!a)
		return;
	switch (f->kind) {
	case FLAG_SECTOR:
	case FLAG_GEOGRAPHY:
	case FLAG_GOODS:
		rank = tier_rank(a->tier);
		snprintf(out, 96, "%d||tier %s", rank, tier_words[rank]);
		break;
	case FLAG_UNMATCHED:
		for (i = 0; i < sizeof(spend_bands) / sizeof(spend_bands[0]); i++)
			if (f->supplier->spend_pence >= spend_bands[i])
				rank = (int)i + 1;
		snprintf(out, 96, "%d||spend of £%lld or more", rank,
			 rank ? (long long)(spend_bands[rank - 1] / 100) : 0LL);
		break;
	case FLAG_NO_STATEMENT:
	case FLAG_STATEMENT_STALE:
	case FLAG_STATEMENT_INCOMPLETE:
		rank = f->kind == FLAG_NO_STATEMENT ? 3 : f->kind == FLAG_STATEMENT_STALE ? 2 : 1;
		snprintf(out, 96, "%d||statement %s", rank, rank == 3 ? "not found" :
			 rank == 2 ? "stale" : "incomplete");
		break;
	case FLAG_TENDER:
		if (a->tender) {
			char id[64];

			snprintf(id, sizeof(id), "%.40s/%.20s", a->tender->bid->tender_id,
				 a->tender->bid->lot);
			snprintf(out, 96, "%d|%s|tender %.16s %s", (int)a->tender->verdict, id,
				 a->tender->bid->tender_id, alt_verdict_name(a->tender->verdict));
		}
		break;
	case FLAG_COMPANY_NOT_ACTIVE:
		if (f->supplier->company) {
			const char *says = flag_company_inactive(f->supplier->company->status, &rank);

			snprintf(out, 96, "%d|%s|company %s", says ? rank : 0,
				 f->supplier->company->number, says ? says : "not active");
		}
		break;
	case FLAG__COUNT:
		break;
	}
}

/* "rank|identity|words" into its parts; 0 when malformed. */
static int key_parts(const char *k, int *rank, const char **ident, size_t *identlen,
		     const char **words)
{
	const char *b1 = strchr(k, '|'), *b2 = b1 ? strchr(b1 + 1, '|') : NULL;
	long r;

	if (!b1 || !b2)
		return 0;
	r = strtol(k, NULL, 10);     /* 0 when no number leads, as ever */
	*rank = r < INT_MIN ? INT_MIN : r > INT_MAX ? INT_MAX : (int)r;
	*ident = b1 + 1;
	*identlen = (size_t)(b2 - b1 - 1);
	*words = b2 + 1;
	return 1;
}

int flag_reopens(const char *then, const char *now, char *why, size_t whysz)
{
	int r1, r2;
	const char *i1, *i2, *w1, *w2;
	size_t n1, n2;

	if (!then || !now || !key_parts(then, &r1, &i1, &n1, &w1) ||
	    !key_parts(now, &r2, &i2, &n2, &w2))
		return 0;
	if (n2 && (n1 != n2 || memcmp(i1, i2, n1) != 0)) {
		snprintf(why, whysz, "new evidence: %s (cleared on %s)", w2, w1);
		return 1;
	}
	if (r2 > r1) {
		snprintf(why, whysz, "evidence rose: %s (cleared on %s)", w2, w1);
		return 1;
	}
	return 0;
}

void flag_make_id(const char *council, const char *key, const char *k, char out[12])
{
	struct sha256 c;
	unsigned char d[32];
	char hex[65];

	sha256_init(&c);
	sha256_update(&c, council, strlen(council) + 1);
	sha256_update(&c, key, strlen(key) + 1);
	sha256_update(&c, k, strlen(k));
	(void)sha256_final(&c, d, NULL);   /* can fail only as the inputs' did */
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
	f->supplier = s;
	f->assessment = a;
	f->kind = kind;
	f->severity = severity;
	snprintf(f->first_seen, sizeof(f->first_seen), "%s", period);
	snprintf(f->last_seen, sizeof(f->last_seen), "%s", period);
	snprintf(f->review_status, sizeof(f->review_status), "open");
	return f;
}

static size_t statement_flags(const struct supplier *s, const struct assessment *a,
			      const char *period, struct flag **flags, size_t count)
{
	const struct statement *st = &a->statement;
	int required = st->scope == SCOPE_REQUIRED;

	switch (st->status) {
	case STATEMENT_NOT_FOUND:
		if (required || st->scope == SCOPE_LIKELY)
			add(flags, &count, s, a, FLAG_NO_STATEMENT, required ? "medium" : "low", period);
		break;
	case STATEMENT_STALE:
		add(flags, &count, s, a, FLAG_STATEMENT_STALE, required ? "medium" : "low", period);
		break;
	case STATEMENT_CURRENT:
		if ((st->nareas >= 0 && st->nareas < REGISTRY_AREAS) || !st->approved)
			add(flags, &count, s, a, FLAG_STATEMENT_INCOMPLETE, "low", period);
		break;
	default:
		break;
	}
	return count;
}

size_t flags_raise(const struct flag_settings *fs, struct supplier *const *s,
		   const struct assessment *a, size_t n, const char *period,
		   struct flag **flags, size_t count)
{
	size_t i, first = count;

	for (i = 0; i < n; i++) {
		const struct sector *sec = a[i].sector.sector;

		if (risk_not_commercial(&a[i]))
			continue;  /* a public body or a person: outside s54, nothing to review */
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
		count = statement_flags(s[i], &a[i], period, flags, count);
		if (a[i].tender && a[i].tender->verdict != ALT_NO_FLAG)
			add(flags, &count, s[i], &a[i], FLAG_TENDER, a[i].tender->labour_law ||
			    a[i].tender->verdict == ALT_INVESTIGATE ? "high" : "medium", period);
		if (not_active(s[i]) && s[i]->spend_pence > 0) {
			int rank = 0;

			flag_company_inactive(s[i]->company->status, &rank);
			add(flags, &count, s[i], &a[i], FLAG_COMPANY_NOT_ACTIVE,
			    rank >= 4 ? "high" : "medium", period);
		}
	}
	for (i = first; i < count; i++) {
		struct flag *f = &(*flags)[i];

		flag_make_id(fs->council ? fs->council : "", f->supplier->key,
			     flag_kind_name(f->kind), f->id);
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
	case FLAG_NO_STATEMENT:
		buf_printf(b, "%s: no statement found on the registry for year %d (s54 duty %s) - "
			   "indicator for review", s->name, a->statement.years_searched_to,
			   in_scope_name(a->statement.scope));
		break;
	case FLAG_STATEMENT_STALE:
		buf_printf(b, "%s: latest statement on the registry is for %d, %d months old - "
			   "indicator for review", s->name, a->statement.row->year,
			   a->statement.months_old);
		break;
	case FLAG_STATEMENT_INCOMPLETE:
		if (a->statement.nareas >= 0 && a->statement.nareas < REGISTRY_AREAS)
			buf_printf(b, "%s: statement for %d covers %d of the 6 recommended areas%s - "
				   "indicator for review", s->name, a->statement.row->year,
				   a->statement.nareas, a->statement.approved ? "" :
				   ", no approval recorded");
		else
			buf_printf(b, "%s: statement for %d has no approval recorded - indicator for "
				   "review", s->name, a->statement.row->year);
		break;
	case FLAG_TENDER: {
		const struct bid *bd = a->tender->bid;

		buf_printf(b, "%s: bid of %s for tender %s%s%s appears abnormally low (%s) - ask "
			   "the bidder to explain", s->name, amount_format_gbp(bd->price_pence, money),
			   bd->tender_id, *bd->lot ? " lot " : "", bd->lot,
			   alt_verdict_name(a->tender->verdict));
		break;
	}
	case FLAG_COMPANY_NOT_ACTIVE: {
		const struct company_facts *c = s->company;
		char d[16];

		buf_printf(b, "%s: Companies House shows the company %s", s->name,
			   flag_company_inactive(c->status, NULL));
		if (c->dissolved)
			buf_printf(b, " (dissolution date %s)", date_format(c->dissolved, d));
		buf_printf(b, " while the council paid it %s this period - indicator for review",
			   amount_format_gbp(s->spend_pence, money));
		break;
	}
	case FLAG__COUNT:
		break;
	}
	return b->s;
}

static void statement_evidence(const struct flag *f, struct buf *b)
{
	const struct statement *st = &f->assessment->statement;
	const struct registry_row *r = st->row;
	const struct supplier *s = f->supplier;
	char d1[16], d2[16];
	struct buf miss;

	switch (f->kind) {
	case FLAG_NO_STATEMENT:
		buf_printf(b, "Searched the registry for %d", st->years_searched_to);
		if (st->years_searched_from != st->years_searched_to)
			buf_printf(b, " (years %d-%d loaded)", st->years_searched_from,
				   st->years_searched_to);
		buf_adds(b, " by ");
		if (*s->company_number)
			buf_printf(b, "company number %s, ", s->company_number);
		buf_printf(b, "name '%s' and similar names. s54 duty %s: %s. Publishing on the "
			   "registry is voluntary: ask the supplier for the statement on its website, "
			   "or record the registry organisation with 'chainwatch registry override'.",
			   s->name, in_scope_name(st->scope), st->scope_reasons);
		break;
	case FLAG_STATEMENT_STALE:
	case FLAG_STATEMENT_INCOMPLETE:
		buf_printf(b, "%s, statement %s for %d", r->org_name, r->statement_id, r->year);
		if (r->period_start || r->period_end)
			buf_printf(b, " (period %s to %s)", date_format(r->period_start, d1),
				   date_format(r->period_end, d2));
		buf_printf(b, ", matched by %s", st->method);
		if (st->via_group)
			buf_printf(b, ", covered by the group statement of %s", r->parent_name);
		if (st->nareas >= 0) {
			buf_init(&miss, 0);
			statement_missing_areas(st, &miss);
			buf_printf(b, "; covers %d of 6 areas%s%s", st->nareas, miss.len ?
				   ", missing: " : "", miss.s);
			buf_release(&miss);
		}
		buf_printf(b, "; approval: %s", *r->approver ? r->approver : "not recorded");
		if (r->approved)
			buf_printf(b, " on %s", date_format(r->approved, d1));
		if (*r->statement_url)
			buf_printf(b, "; statement: %s", r->statement_url);
		buf_printf(b, ". s54 duty %s: %s.", in_scope_name(st->scope), st->scope_reasons);
		break;
	default:
		break;
	}
}

static const char *country_source(const struct assessment *a)
{
	if (a->country_register == RISK_COUNTRY_ORIGIN)
		return "the country of origin on the Companies House register";
	return a->country_register ? "the registered office on the Companies House register"
				   : "the supplier master";
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
		buf_printf(b, "Mapped by %s.", risk_sector_evidence(a));
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
			buf_printf(b, "Country from %s: %s. Global Slavery Index "
				   "2023 prevalence %.1f per 1,000 people. Spend this period %s.",
				   country_source(a), a->country->name, a->country->prevalence, money);
		else
			buf_printf(b, "Country from %s: %s (no Global Slavery Index "
				   "estimate; regional default). Spend this period %s.",
				   country_source(a), a->country->name, money);
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
	case FLAG_NO_STATEMENT:
	case FLAG_STATEMENT_STALE:
	case FLAG_STATEMENT_INCOMPLETE:
		statement_evidence(f, b);
		break;
	case FLAG_TENDER: {
		int64_t clear = alt_clear_price(a->tender);
		struct buf r;

		buf_init(&r, 0);
		buf_printf(b, "%s (bidder '%s', %s). %s", a->tender->bid->title,
			   a->tender->bid->bidder, a->tender->bid->source,
			   alt_reasons(a->tender, &r));
		if (clear >= 0)
			buf_printf(b, "\nEvery flag clears at %s or more.",
				   amount_format_gbp(clear, money));
		if (a->tender_flagged > 1)
			buf_printf(b, "\n%u of the supplier's %u bids checked are flagged: see the "
				   "Tenders sheet.", a->tender_flagged, a->tender_bids);
		buf_release(&r);
		break;
	}
	case FLAG_COMPANY_NOT_ACTIVE: {
		const struct company_facts *c = s->company;
		char d[16];

		buf_printf(b, "Companies House register: %s (%s), status '%s'", c->name, c->number,
			   c->status);
		if (c->dissolved)
			buf_printf(b, ", dissolution date %s", date_format(c->dissolved, d));
		buf_printf(b, "; found by %s", c->method);
		if (strcmp(c->method, "company number"))
			buf_printf(b, " %.2f", c->confidence);
		buf_printf(b, ". Spend this period %s in %lu transaction%s. Check whom the council "
			   "is paying: a successor company, an administrator or liquidator, or "
			   "payment details that should have changed.", money, s->transactions,
			   s->transactions == 1 ? "" : "s");
		break;
	}
	case FLAG__COUNT:
		break;
	}
	return b->s;
}
