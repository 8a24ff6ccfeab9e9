#ifndef CHAINWATCH_SUPPLIER_H
#define CHAINWATCH_SUPPLIER_H

/*
 * The suppliers of one run and what the council spent with each.
 *
 * The table grows with suppliers, not rows: each accepted spend row is
 * folded into its supplier's totals (spend, transactions, spend per month
 * and per expense type).  Supplier master records are loaded first; spend
 * rows join them by supplier ID, then company number, then name key
 * (identity.h), and a spend row that joins nothing becomes a supplier of
 * its own, keyed by its ID if it has one, else by its name key.
 *
 * Keys are stable across runs, so the database can follow a supplier:
 *   "id:298874"        the council's own supplier ID
 *   "cn:01234567"      a company number (master record without an ID)
 *   "nm:AAA ELDERLY CARE"  name key only
 */

#include <stddef.h>
#include <stdint.h>

#include "chainwatch/diag.h"

#define SUPPLIER_MAX_NAMES 8
#define SUPPLIER_MAX_IDS 8
/* Distinct expense labels kept per supplier; later labels go to "(other)". */
#define SUPPLIER_MAX_EXPENSE 64
#define SUPPLIER_EXPENSE_OTHER "(other)"
#define SUPPLIER_EXPENSE_NONE "(none)"     /* rows without an expense type */

struct spend_part {            /* spend under one label (expense type) */
	char *label;
	int64_t pence;
	unsigned long n;
};

/*
 * What the Companies House register says of a supplier (companiesdb.h),
 * when the database holds a snapshot and the supplier was found in it:
 * by the company number in the council's file, or by name
 * (companymatch.h).  Plain arrays; the supplier owns it.
 */
struct company_facts {
	int ambiguous;             /* the name fits several companies: only candidates is set */
	char candidates[256];      /* ambiguous: "NAME (number); ..." (cut at 255 bytes) */
	char method[24];           /* "company number", "exact name", "previous name", "fuzzy" */
	double confidence;         /* 1.0 for a company number */
	char number[9];
	char name[256];
	char status[64];           /* as the register prints it: "Active", "Liquidation", ... */
	char category[128];        /* "Private Limited Company", ... */
	char accounts_category[64];   /* "MICRO ENTITY", "FULL", ... "" when none */
	int32_t incorporated, dissolved;   /* yyyymmdd, 0 unknown */
	char sic[24];              /* "62020 70229", "" when none */
	char country[64];          /* the registered office's, "" when not given */
	char origin[64];           /* an overseas company's country of origin, "" when not given */
};

/*
 * What a charity register (England and Wales's, OSCR's, CCNI's) says of a payee (the scan's
 * lookup, src/cmd/scancharities.c): its entry when the payee's name key is
 * one registered charity's.  Plain arrays: no ownership.
 */
struct charity_facts {
	char method[40];           /* "charity number", "exact name", "other name (working name)",
				    * "other name (previous name)", "fuzzy"; "" when ambiguous */
	double confidence;         /* the match's, 0..1 */
	int ambiguous;             /* several charities fit: none taken, candidates lists them */
	char candidates[256];      /* ambiguous: "NAME (GB-CHC-number); ..." (cut at 255 bytes) */
	int codes[16];             /* its classification codes (charities.h), ascending */
	size_t ncodes;
	char number[12];           /* registered charity number */
	char name[256];
	char status[32];           /* "Registered" */
	int64_t income;            /* latest income, whole pounds; -1 unknown */
	char company_number[9];    /* a charitable company's, "" when none */
	char scheme[8];            /* its register's org-id prefix: GB-CHC, GB-SC, GB-NIC; "" GB-CHC */
	char source[64];           /* its register, for messages: "Charity Commission register" */
};

struct month_part {
	int32_t month;             /* yyyymm; 0 = undated */
	uint32_t n;
	int64_t pence;
};

struct supplier {
	char *key;
	char *name;                /* display name: master name, else the name with most spend;
				    * points at one of names[] (or a static ""), never freed on its own */
	char **names;              /* distinct names seen, the first SUPPLIER_MAX_NAMES */
	size_t nnames;
	char **ids;                /* council supplier IDs seen, the first SUPPLIER_MAX_IDS */
	size_t nids;
	char company_number[9];    /* normalised, "" if unknown */
	char vat[16];              /* normalised, "" if unknown */
	char charity_number[16];   /* the council's, read by charity_number_parse() (identity.h):
				    * "GB-NIC-100019" when its prefix said the register, "1090095"
				    * when none did; else as printed (letters, digits); "" unknown */
	char creditor_type[32];    /* the council's supplier type ("WGA", "INDV", "VCSE"), "" if none */
	int64_t spend_pence;       /* net of credits */
	unsigned long transactions;
	struct spend_part *expense;   /* by expense type, spend order not kept */
	size_t nexpense, expense_cap;
	/*
	 * By ProClass label, from rows that carry both an expense type and a
	 * ProClass (a row with only a ProClass has it as its expense type):
	 * purchase codes, which outrank the expense type in the sector rule
	 * order (docs/risk-model.md).
	 */
	struct spend_part *proclass;
	size_t nproclass, proclass_cap;
	struct month_part *months;
	size_t nmonths, months_cap;
	/* from the supplier master, when matched */
	int in_master;
	char *match;               /* "supplier id", "company number", "name", or NULL */
	char *country;             /* country .. sic: NULL when unknown */
	char *postcode;
	char *address;             /* "address, town" */
	char *sic;                 /* as given: "88100;87300" */
	int64_t turnover_pence;    /* -1 unknown */
	int in_spend;              /* any spend row joined */
	int64_t largest_pence;     /* the largest single payment, 0 when none */
	int32_t largest_date;      /* its date, yyyymmdd or 0 */
	struct company_facts *company;   /* the register's facts, NULL when none; owned */
	struct charity_facts *charity;   /* the charity register's, NULL when none; owned */
	/* private to supplier.c */
	int64_t *name_pence;       /* spend under each of names[] */
	int match_rank;
	int name_fixed;
};

struct supplier_table;

/* A new, empty table: the caller's, freed with supplier_table_free(); cannot fail. */
struct supplier_table *supplier_table_new(void);
void supplier_table_free(struct supplier_table *t);

/* A supplier master record (fields cleaned; empty strings for unknown). */
struct master_record {
	const char *id, *name, *company_number, *vat, *address, *town, *postcode,
		*country, *sic;
	const char *charity, *creditor_type;   /* charity number, supplier type; NULL or "" */
	int64_t turnover_pence;    /* -1 unknown */
};

/*
 * Add a master record.  A second record with the same ID is merged into
 * the first (returns 1 so the caller can count it), 0 otherwise.  Records
 * without an ID share a supplier when their company number (or, lacking
 * that, name key) is the same.  A record with no ID, company number or
 * name is ignored (0).
 */
int supplier_table_add_master(struct supplier_table *t, const struct master_record *m);

/* One accepted, attributable spend row. */
struct spend_record {
	const char *supplier_id;   size_t supplier_id_len;
	const char *name;          size_t name_len;
	const char *company_number; size_t company_number_len;
	const char *vat;           size_t vat_len;
	const char *charity;       size_t charity_len;         /* a charity number, or 0 length */
	const char *creditor_type; size_t creditor_type_len;   /* the supplier type column */
	const char *expense_type;  size_t expense_type_len;
	const char *proclass;      size_t proclass_len;   /* NULL or "" when none; see above */
	int64_t pence;
	int32_t date;              /* yyyymmdd or 0 */
};

/*
 * Fold a spend row into its supplier.  Returns the supplier (owned by t).
 *
 * Join order: a supplier ID seen before (a master record's ID, or an ID an
 * earlier spend row joined) -> that supplier; else the company number of a
 * master record -> match "company number"; else the name key of a master
 * record -> match "name"; else a supplier of the spend alone, keyed
 * "id:<id>" or, without an ID, "nm:<name key>".  Rows without an ID also
 * find such spend-only suppliers again by company number and name key.
 * The spend-only route for rows with an ID never joins by name, since two
 * council IDs under one name may be two suppliers.
 *
 * Master records must all be added before the first spend row.  A row
 * with neither name nor ID is the caller's to handle (redacted or blank
 * payee): it is not folded and NULL is returned.
 */
struct supplier *supplier_table_add_spend(struct supplier_table *t, const struct spend_record *r);

/*
 * Done adding: release the lookup indexes (a few MB for 20,000 suppliers)
 * before the suppliers are assessed and written.  Adding after this is a BUG.
 */
void supplier_table_seal(struct supplier_table *t);

size_t supplier_table_count(const struct supplier_table *t);
/*
 * All suppliers in report order: spend descending, then key.  The array
 * belongs to the table and is valid until the next add.  `with_spend_only`
 * leaves out master records no spend joined.
 */
struct supplier **supplier_table_sorted(struct supplier_table *t, int with_spend_only, size_t *n);

/* "a; b; c" of the names / ids into a new string: the caller frees it. */
char *supplier_names_joined(const struct supplier *s);
char *supplier_ids_joined(const struct supplier *s);

#endif
