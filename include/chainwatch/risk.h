#ifndef CHAINWATCH_RISK_H
#define CHAINWATCH_RISK_H

/*
 * The risk model: one explainable assessment per supplier (SPEC §5,
 * docs/risk-model.md).
 *
 * Sector: the first rule that maps the supplier, in this order: SIC codes
 * from the supplier master; CPV/ProClass; the council's expense types (the
 * spend-weighted dominant one that maps decides, the others are listed);
 * a keyword in the supplier's name.
 *
 *   A_ops   = 0.45 S + 0.35 W + 0.20 G        own-operations channel
 *   B_goods = 0.5 P + 0.5 G_origin            goods channel (0 for services)
 *   I       = min(100, max(A_ops, B_goods) + 0.15 min(A_ops, B_goods))
 *   R       = clamp(round(I) + delta_price + A - M, 0, 100)
 *
 * delta_price = +20 when a bid of the supplier breaches the statutory wage
 * and on-cost floor (L2), else +10 when any other rule flags a bid amber
 * or red (E1, M1, M2, G1, S1, S2, X1); an L1 breach forces the tier to at
 * least High and says "Refer" (the method's guard-rail 2).
 * A (adverse) = +10 when the s54 statement is required (turnover of £36m
 * or more) but none was found on the registry or the latest is stale;
 * M (mitigation) = 4 for a current statement covering all six areas with
 * its approval recorded.  Mitigation never lowers the tier by more than
 * one band, nor below Medium when I >= 80 (the method's guard-rails).
 *
 * S sector score; W the sector's typical workforce points (no tender
 * evidence in spend data); G the supplier country's GSI-based score, the
 * UK's when the supplier is a UK council supplier with no country given;
 * P and G_origin from the sector's goods and the TVPRA list, origin unknown
 * = 60 (a data gap, never a lower score).
 *
 * Tier: High R >= 70, Medium 40..69, Low < 40; Grey when no rule maps the
 * supplier (its R is still computed with the conservative default S = 45,
 * so a Grey supplier is never scored below an unmapped one would be).
 * Priority = R x log10(1 + spend in pounds): high risk and high spend first.
 */

#include <stddef.h>
#include <stdint.h>

#include "chainwatch/alt.h"
#include "chainwatch/buf.h"
#include "chainwatch/entity.h"
#include "chainwatch/reference.h"
#include "chainwatch/statement.h"
#include "chainwatch/supplier.h"

enum tier { TIER_HIGH, TIER_MEDIUM, TIER_LOW, TIER_GREY };

const char *tier_name(enum tier t);       /* "High", "Medium", "Low", "Grey": static */

#define RISK_HIGH 70
#define RISK_MEDIUM 40
#define RISK_DEFAULT_SECTOR 45             /* S when no rule maps the supplier */
#define RISK_UNKNOWN_ORIGIN 60             /* G_origin when goods come from unknown places */
/* assessment.country_register: where Companies House put the supplier */
#define RISK_COUNTRY_OFFICE 1              /* its registered office */
#define RISK_COUNTRY_ORIGIN 2              /* an overseas company's country of origin */

/* The sector rule that decided, as an assessment keeps it (a sector_match without the buffer). */
struct sector_choice {
	const struct sector *sector;       /* NULL when no rule matched */
	enum sector_rule rule;
	char *evidence;                    /* as sector_match.evidence; owned, NULL when none */
};

/*
 * What the supplier is, as an assessment keeps it: entity.h's struct
 * entity with its texts sized to fit (20,000 suppliers would otherwise
 * carry 6 MB of fixed buffers).  id and evidence are owned; NULL when the
 * assessment was made without an entity (risk_assess).
 */
struct entity_kept {
	enum entity_type type;
	char *id;                          /* org-id identifier, "" when none */
	char *evidence;
};

struct assessment {
	const struct supplier *supplier;   /* whom it assesses (borrowed) */
	struct entity_kept entity;         /* what the supplier is (entity.h) */
	struct sector_choice sector;       /* the rule that decided */
	char *also;                        /* other expense types that mapped, "" if none */
	const struct country *country;     /* NULL when unknown */
	int country_assumed;               /* country taken as GB by default */
	int country_register;              /* from Companies House: RISK_COUNTRY_OFFICE, _ORIGIN */
	int geography_score;               /* G */
	int goods_score;                   /* P, -1 when the supplier sells no listed goods */
	int origin_score;                  /* G_origin, -1 when no goods */
	const struct goods_listing *goods; /* TVPRA match, or NULL */
	int workforce;                     /* W */
	double a_ops, b_goods, inherent;
	int score;                         /* R, 0-100 */
	enum tier tier;
	double priority;
	struct statement statement;        /* the registry match; status "" when not checked */
	int adverse, mitigation;           /* A and M above */
	const struct alt_bid *tender;      /* the supplier's worst-judged bid, or NULL */
	unsigned tender_bids;              /* its bids checked, and of those flagged: */
	unsigned tender_flagged;
	int price_pressure;                /* delta_price: +10 / +20 */
	int refer;                         /* L1 breach: "Refer: possible labour-law non-compliance" */
	char *reasons;                     /* NULL: rendered on demand by risk_reasons() */
};

/* Assess one supplier.  Fills a (release with assessment_release). */
void risk_assess(const struct reference *ref, const struct supplier *s, struct assessment *a);

/*
 * Assess one supplier as what it is (`e`, NULL = unknown: today's model).
 * A public body is outside s54 and is not scored from the council's
 * expense type or name keywords: its sector is public_bodies (rule
 * "entity"), so it is never High or Medium.  An individual is not a supply
 * chain: no sector, score 0, tier Low, no statement check and no flags.  A
 * charity is judged on its activities (SIC, purchase codes, expense type),
 * not on words in its name ("Prison Advice and Care Trust" is not care).
 */
void risk_assess_entity(const struct reference *ref, const struct supplier *s,
			const struct entity *e, struct assessment *a);

/*
 * A company the Companies House register says was incorporated less than
 * 12 months before the supplier's largest payment in the run, when that
 * payment is RISK_NEW_COMPANY_PENCE (£25,000) or more: an indicator in the
 * reasons, never a flag on its own.
 */
#define RISK_NEW_COMPANY_PENCE 2500000
int risk_new_company(const struct supplier *s);

/* Whether the assessment is of a public body or an individual (no risk flags, no s54). */
int risk_not_commercial(const struct assessment *a);
void assessment_release(struct assessment *a);

/*
 * How the sector was found ("SIC 88100", ...), or the rule's name when that
 * was not kept.  Owned by a (or static): valid while a is.
 */
const char *risk_sector_evidence(const struct assessment *a);

/*
 * Match the supplier to the registry (statement.h) and apply what the
 * statement says to the score, tier and priority.  After risk_assess().
 */
void risk_apply_statement(const struct registry_set *rs, const struct statement_settings *ss,
			  struct assessment *a);

/*
 * Apply the supplier's checked bids (alt.h) to its score: b[0..n) are its
 * bids' assessments.  After risk_apply_statement().
 */
void risk_apply_tenders(struct assessment *a, const struct alt_bid *const *b, size_t n);

/*
 * The reasons: one plain-English sentence per component, "; "-joined,
 * naming every number that goes into the score.  Rendered on demand into
 * `b` (reset first) so that 20,000 suppliers do not hold 12 MB of text;
 * a->reasons is returned instead when it is set.  Returns the text,
 * borrowed: valid until b next changes or a is released.
 */
const char *risk_reasons(const struct supplier *s, const struct assessment *a, struct buf *b);

/* The worked formula, for tests and docs. */
double risk_own_operations(double sector, double workforce, double geography);   /* A_ops */
double risk_goods_channel(double goods, double origin);                          /* B_goods */
double risk_inherent(double a_ops, double b_goods);                              /* I */
enum tier risk_tier(int score, int mapped);

#endif
