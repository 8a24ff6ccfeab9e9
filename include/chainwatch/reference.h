#ifndef CHAINWATCH_REFERENCE_H
#define CHAINWATCH_REFERENCE_H

/*
 * The risk model's reference data, loaded from sectors/ (see
 * sectors/README.md for the files, their sources and versions):
 *
 *   sectors.json     the sector taxonomy: id, label, score 0-100, tier,
 *                    typical workforce points, PPN risk factors, rationale,
 *                    sources, goods, and the mappings (SIC codes and ranges,
 *                    CPV prefixes, ProClass codes, expense-type phrases,
 *                    supplier-name keywords with exclusions)
 *   countries.csv    ISO 3166 alpha-2, name, aliases, GSI 2023 prevalence
 *                    per 1,000, geography score 0-100
 *   goods.csv        US DOL TVPRA goods x country, forced / child labour
 *   sic2007.csv      the Companies House SIC 2007 condensed list (validation)
 *
 * Each file carries a version and source; reference_files() lists them
 * with their sha256 for the manifest and the workbook's Reference sheet.
 *
 * Matching (all case-insensitive, on UTF-8 text):
 *   SIC:      5-digit codes or ranges "01110-01190"; a supplier's SIC text
 *             may hold several codes ("88100; 87300"): the highest-scoring
 *             sector among them decides.
 *   CPV:      8-digit prefixes after stripping the check digit ("90910000-9").
 *   ProClass: code prefixes (e.g. "391110") or label phrases.
 *   Expense:  whole-phrase match of the council's expense type after folding
 *             (case, punctuation, "(3rd)"-style suffixes): phrases are listed
 *             per sector, e.g. "care spot - private", "agency supply staff".
 *             Phrases under "expense_broad" (Devon's "Main / Term Contractor",
 *             which pays highways and waste contractors alike) map only
 *             when the supplier's name says nothing more specific.
 *   Charity:  a charity's classification codes (the Charity Commission's
 *             101-310, OSCR's read across): rules of codes joined by '+'
 *             ("202+306": Elderly Old People and Provides Services), every
 *             code of which the charity must have.
 *   Keyword:  supplier-name words on word boundaries: CARE matches "ABC
 *             CARE LTD" but not "CAREERS LTD"; each keyword may list
 *             exclusions (whole words or phrases) that veto it, e.g. CARE
 *             excluded by "SKINCARE", "CAR CARE", "CARE QUALITY COMMISSION".
 */

#include <stddef.h>

#include "chainwatch/diag.h"

enum sector_rule {
	RULE_NONE = 0,
	RULE_SIC,          /* supplier master SIC code */
	RULE_CPV,          /* CPV code of the purchase */
	RULE_PROCLASS,     /* ProClass code or label */
	RULE_EXPENSE,      /* the council's expense type */
	RULE_KEYWORD,      /* a word in the supplier's name */
	RULE_ENTITY,       /* what the payee is (entity.h): a public body */
	RULE_CHARITY       /* the charity register's classification codes */
};

/* "sic", "cpv", "proclass", "expense type", "name keyword", "entity", "charity
 * classification", "" (static) */
const char *sector_rule_name(enum sector_rule r);

struct sector {
	const char *id;             /* "domiciliary_care" */
	const char *label;          /* "Domiciliary care" */
	int score;                  /* S: 0-100 */
	const char *tier;           /* "VH", "H", "M", "L" */
	int workforce;              /* W: typical workforce-model points 0-100 */
	const char *const *ppn_factors;   /* "workforce", "business model", ... */
	size_t nppn_factors;
	const char *rationale;
	const char *const *sources;
	size_t nsources;
	const char *const *goods;   /* TVPRA goods this sector supplies ("Gloves") */
	size_t ngoods;
	int goods_class;            /* P base: 60 high-risk commodity class, 20 other goods, 0 services */
	int name_decides;           /* a name keyword outranks purchases: the payee is what it is
				       (a council paid under "Main / Term Contractor" is a council) */
};

struct sector_match {
	const struct sector *sector;    /* NULL: no rule matched */
	enum sector_rule rule;
	int broad;                      /* an "expense_broad" phrase: a name keyword may overrule it */
	char evidence[200];             /* "SIC 88100", "expense type 'Care Spot - Private (3rd)'",
					   "name keyword 'CARE' in 'ABC CARE LTD'" */
};

struct country {
	char alpha2[3];
	const char *name;
	double prevalence;          /* GSI 2023 per 1,000; < 0 when the GSI has no estimate */
	int score;                  /* G: 0-100 */
};

struct goods_listing {
	const char *good;
	const char *country;        /* as the TVPRA names it */
	char alpha2[3];
	int forced_labour, child_labour;
};

struct reference_file {
	const char *path;           /* relative to the sectors directory */
	char sha256[65];
	const char *version;
	const char *source;
};

struct reference;

/*
 * Load every file from `dir` (default "sectors", then beside the program).
 * On success *out is the caller's to free with reference_free(); every
 * pointer the look-ups below return is owned by it and valid until then.
 * CW_INPUT errors are located ("sectors/sectors.json:41: ..."); *out is
 * then untouched.
 */
int reference_load(const char *dir, struct reference **out, struct diag *err);
void reference_free(struct reference *ref);
/* The folder the files came from (owned by ref). */
const char *reference_dir(const struct reference *ref);

/*
 * Validate every file (duplicate ids, unknown SIC codes against the SIC
 * 2007 list, overlapping SIC ranges between sectors, the same phrase or
 * keyword mapped to two sectors, scores out of range, countries unknown
 * to ISO 3166, goods rows naming unknown countries).  Each problem goes to
 * `report` as a located message; returns the number of problems, or -1
 * when a file cannot be read at all (err set).
 */
long reference_check(const char *dir, void (*report)(void *ctx, const char *msg), void *ctx,
		     struct diag *err);

/* Each matcher fills m and returns 1 on a match, 0 otherwise. */
int sector_match_sic(const struct reference *ref, const char *sic_text, struct sector_match *m);
int sector_match_cpv(const struct reference *ref, const char *cpv, struct sector_match *m);
int sector_match_proclass(const struct reference *ref, const char *text, struct sector_match *m);
int sector_match_expense(const struct reference *ref, const char *expense, struct sector_match *m);
int sector_match_name(const struct reference *ref, const char *name, struct sector_match *m);
/*
 * A charity's classification codes (charities.h; codes[n], borrowed): the
 * sector of the rule ("charity_classification" in sectors.json, "202+306")
 * all of whose codes the charity has; of several, the one with the most
 * codes, then the highest score, then the first in the file.
 */
int sector_match_charity(const struct reference *ref, const int *codes, size_t n,
			 struct sector_match *m);
/* Look-ups and listings: owned by ref; NULL when none (or past the end). */
const struct sector *sector_by_id(const struct reference *ref, const char *id);
size_t reference_sector_count(const struct reference *ref);
const struct sector *reference_sector_at(const struct reference *ref, size_t i);

/* A country by ISO alpha-2 / alpha-3 code, ISO name or alias ("UK", "Great Britain"); owned by ref. */
const struct country *country_lookup(const struct reference *ref, const char *text);
size_t reference_country_count(const struct reference *ref);
const struct country *reference_country_at(const struct reference *ref, size_t i);

/* TVPRA listing of `good` from the country alpha2 (owned by ref), or NULL. */
const struct goods_listing *goods_lookup(const struct reference *ref, const char *good,
					 const char *alpha2);

/* The files read, with their sha256 (owned by ref). */
size_t reference_file_count(const struct reference *ref);
const struct reference_file *reference_file_at(const struct reference *ref, size_t i);

#endif
