/*
 * Private to the reference module: the internals of struct reference, the
 * loader state its checks use, and the text helpers its loader and its
 * matchers share.
 *
 * Only the reference module's files may include this header: reference.c
 * (loading: the entry points and file helpers), referencesectors.c
 * (sectors.json), referencetables.c (the CSV tables: countries, goods, SIC,
 * CPV), referencecheck.c (validation) and sectormatch.c (matchers and
 * lookups); everything else goes through include/chainwatch/reference.h.
 */
#ifndef CHAINWATCH_REFERENCE_DATA_H
#define CHAINWATCH_REFERENCE_DATA_H

#include <stddef.h>

#include "chainwatch/ascii.h"
#include "chainwatch/buf.h"
#include "chainwatch/diag.h"
#include "chainwatch/reference.h"

#define FOLD_MAX 4096

enum ref_file { F_SECTORS, F_COUNTRIES, F_GOODS, F_SIC, F_CPV, F_COUNT };

/* A mapping of a code range, prefix or folded phrase to a sector. */
struct rule {
	char *text;             /* as written in sectors.json */
	char *key;              /* SIC "from", CPV/ProClass digits, or folded " WORDS " */
	char *to;               /* SIC range end */
	size_t sector;
	unsigned long line;
	int broad;              /* an expense phrase too broad to beat a name keyword */
};

struct rules {
	struct rule *v;
	size_t n, cap;
};

struct sector_data {
	char **ppn, **sources, **goods, **excl;
	size_t nppn, nsources, ngoods, nexcl;
	char *id, *label, *tier, *rationale;
	unsigned long line;
};

struct name_key {
	char *key;
	size_t country;
};

struct reference {
	char *dir;
	struct sector *sectors;
	struct sector_data *sd;
	size_t nsectors;
	struct rules sic, cpv, proclass, expense, keyword;
	struct rules expense_kw;  /* "expense_keywords": words that name a trade in any expense type */
	struct rules charity;     /* "charity_classification": key "202+306", codes ascending */
	struct country *countries;
	size_t ncountries;
	struct name_key *names;
	size_t nnames;
	unsigned long *country_lines;
	struct goods_listing *goods;
	unsigned long *goods_lines;
	size_t ngoods;
	char (*sic_codes)[6];
	size_t nsic_codes;
	char (*cpv_codes)[9];
	size_t ncpv_codes;
	struct reference_file files[F_COUNT];
};

/* ---- loader and checks ---------------------------------------------- */

/* Problems found while loading or checking, counted and passed to `report`. */
struct loader {
	struct reference *ref;
	struct diag_problems *ck;
	char *path[F_COUNT];     /* display paths: "<dir>/<file>" */
};

/*
 * Record one problem (defined in reference.c): "file:line: message", or
 * "file: message" when line is 0, through diag_problems_add().
 */
#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
void ref_problem(struct diag_problems *ck, const char *file, unsigned long line,
		 const char *fmt, ...);

/*
 * Validate the loaded data as a whole (defined in referencecheck.c): tiers
 * and scores, known goods, SIC/CPV codes, duplicate mappings, countries and
 * country names.  Each problem goes through ref_problem().
 */
void ref_check_all(struct loader *ld);

/* Orders of the sorted sic_codes and cpv_codes (defined in reference.c). */
int ref_cmp_str6(const void *a, const void *b);
int ref_cmp_str9(const void *a, const void *b);

/* ---- shared helpers ------------------------------------------------- */

static inline const struct sector_data *sd_of(const struct reference *ref, const struct rule *r)
{
	return &ref->sd[r->sector];
}

/*
 * Fold text for phrase matching (defined in reference.c): cleaned
 * (text_clean), ASCII upper case, apostrophes deleted, '&' -> AND, other
 * ASCII punctuation -> space, UTF-8 letters kept, one space between words and
 * one at each end: " ABC CARE ".  With `suffix`, a trailing "(3rd)" is
 * dropped first.  Returns -1 when the text cannot be cleaned.
 */
int ref_fold(const char *s, size_t n, int suffix, struct buf *out);

/*
 * Country lookup key, which the caller frees (defined in reference.c): ASCII
 * letters and digits upper-cased, everything else dropped; Latin-1 letters
 * folded to their base letter so "Türkiye" and "Turkiye" agree.
 */
char *ref_country_key(const char *s);

/* Order of struct name_key in reference->names: key, then country index. */
int ref_cmp_name(const void *a, const void *b);

/* ---- the loader's files share these ----------------------------------- */

struct csv_record;

/* ---- reference.c ------------------------------------------------------ */

/*
 * Read a whole file (at most 64 MiB) into a NUL-terminated string the caller
 * frees, its length in *len.  -1 with err set (CW_INPUT) when the file cannot
 * be opened or read or is too large; *out is then untouched.
 */
int ref_read_whole(const char *path, char **out, size_t *len, struct diag *err);

/* 1 when s[0, n) is one or more ASCII digits, else 0. */
int ref_all_digits(const char *s, size_t n);

/* Free the n strings of v, then v. */
void ref_free_strings(char **v, size_t n);

/* ---- referencesectors.c ----------------------------------------------- */

/*
 * Parse sectors.json into ld->ref: its version and source, the sectors and
 * their mappings.  Data problems go to ref_problem(); -1 with err set only
 * when the file cannot be read or parsed or has no "sectors" list.
 */
int ref_load_sectors(struct loader *ld, struct diag *err);

/* Point each public struct sector at the strings its sector_data owns. */
void ref_publish_sectors(struct reference *ref);

/* ---- referencetables.c ------------------------------------------------ */

/*
 * Read CSV table `f` of ld: "# version:" and "# source:" lines, then a header
 * holding every column of the NULL-terminated `cols` (their positions go to
 * idx), then the rows, each passed to `row`.  Data problems go to
 * ref_problem(); -1 with err set when the file cannot be read, is not CSV,
 * or lacks a header or a column.
 */
int ref_load_csv(struct loader *ld, enum ref_file f, const char *const *cols, size_t *idx,
		 void (*row)(struct loader *ld, const struct csv_record *rec, const size_t *idx),
		 struct diag *err);

/*
 * Row functions for ref_load_csv(), each with its columns in this order:
 * countries.csv: alpha2, name, aliases, gsi_prevalence_per_1000, score,
 * alpha3; goods.csv: good, country, alpha2, forced_labour, child_labour;
 * sic2007.csv: SIC Code; cpv2008.csv: CODE.
 */
void ref_country_row(struct loader *ld, const struct csv_record *rec, const size_t *idx);
void ref_goods_row(struct loader *ld, const struct csv_record *rec, const size_t *idx);
void ref_sic_row(struct loader *ld, const struct csv_record *rec, const size_t *idx);
void ref_cpv_row(struct loader *ld, const struct csv_record *rec, const size_t *idx);

#endif
