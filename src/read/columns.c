/*
 * Column roles and the built-in header synonym table.
 *
 * The table below maps a folded header cell (column_fold: lower case,
 * quotes/BOM dropped, whitespace collapsed, trailing ':' dropped) to a
 * role.  Sources, so that a later reader can check each entry:
 *   - the real files in shared/data/spend (Devon, Warwickshire, Lambeth);
 *   - the council variants in shared/reference/data-formats.md §1, §2,
 *     §3.1 and §3.2 (Trafford, Kirklees, Wakefield, North Tyneside,
 *     Solihull, Barnsley, Stockport, Salford, Sefton, South Tyneside,
 *     Sandwell, Wolverhampton, Walsall, Wirral, Darlington, Halton, GLA);
 *   - supplier-master fields, §4, and shared/bench/gen_spend.py.
 *
 * Rank 0 is a role's own name; rank 1 a fallback the role takes only when
 * no rank-0 cell is present: gross amounts (Barnsley "Gross Amount £",
 * Salford "Gross" beside "Net"), invoice dates (a payment date is better),
 * cost centres (finer than a service area), a bare "Body" (Devon's and
 * Trafford's hold a code or a URI beside "Name of Body" / "Body name",
 * whose text names the council).
 *
 * Deliberately absent, because they look like a role but are not:
 *   "Effective Date" (date of the extract, LGA files), "VAT",
 *   "Irrecoverable VAT", "Unrecoverable VAT" (money, not a VAT number),
 *   "Card Transaction" (a flag), "Supplier grp", "Trans Type", "t/a",
 *   "Ltd" (Warwickshire 2022 flags), "Sundry Supp", "Costcuk", "Seq No",
 *   "Organisation Code", "apar_name"/"apar_id" (Agresso technical rows
 *   that sit above the real header: matching them would pick the wrong
 *   row), "Invoice Threshold Nett Amt" (Lambeth preamble).
 */

#include <string.h>
#include <strings.h>

#include "chainwatch/columns.h"
#include "chainwatch/csv.h"

static const char *const role_names[COL__COUNT] = {
	[COL_SUPPLIER_NAME] = "supplier_name",
	[COL_SUPPLIER_ID] = "supplier_id",
	[COL_AMOUNT] = "amount",
	[COL_DATE] = "date",
	[COL_TRANSACTION] = "transaction",
	[COL_INVOICE] = "invoice",
	[COL_EXPENSE_TYPE] = "expense_type",
	[COL_EXPENSE_CODE] = "expense_code",
	[COL_SERVICE_AREA] = "service_area",
	[COL_COMPANY_NUMBER] = "company_number",
	[COL_VAT] = "vat",
	[COL_CHARITY] = "charity",
	[COL_PROCLASS] = "proclass",
	[COL_PROCLASS_CODE] = "proclass_code",
	[COL_MERCHANT_CATEGORY] = "merchant_category",
	[COL_CREDITOR_TYPE] = "creditor_type",
	[COL_BODY] = "body",
	[COL_ADDRESS] = "address",
	[COL_TOWN] = "town",
	[COL_POSTCODE] = "postcode",
	[COL_COUNTRY] = "country",
	[COL_SIC] = "sic",
	[COL_TURNOVER] = "turnover",
};

struct synonym {
	const char *name;        /* folded */
	enum col_role role;
	int rank;
};

#define POUND "\xC2\xA3"

static const struct synonym synonyms[] = {
	/* supplier_name */
	{ "supplier name", COL_SUPPLIER_NAME, 0 },
	{ "supplier", COL_SUPPLIER_NAME, 0 },                 /* Stockport, Sefton, p-card */
	{ "suppliername", COL_SUPPLIER_NAME, 0 },
	{ "supplier_name", COL_SUPPLIER_NAME, 0 },
	{ "vendor name", COL_SUPPLIER_NAME, 0 },              /* Kirklees, Salford, GLA */
	{ "vendor", COL_SUPPLIER_NAME, 0 },
	{ "beneficiary", COL_SUPPLIER_NAME, 0 },              /* Sandwell */
	{ "beneficiary name", COL_SUPPLIER_NAME, 0 },         /* LGA */
	{ "supplier (beneficiary) name", COL_SUPPLIER_NAME, 0 }, /* North Tyneside */
	{ "supplier (beneficiary)", COL_SUPPLIER_NAME, 0 },
	{ "supplier(beneficiary)", COL_SUPPLIER_NAME, 0 },    /* DCLG column set */
	{ "ap/ar id(t)", COL_SUPPLIER_NAME, 0 },              /* Warwickshire 2011 Agresso */
	{ "supplier id(t)", COL_SUPPLIER_NAME, 0 },           /* Wolverhampton */
	{ "merchant name", COL_SUPPLIER_NAME, 0 },
	{ "payee", COL_SUPPLIER_NAME, 0 },
	{ "payee name", COL_SUPPLIER_NAME, 0 },
	{ "creditor name", COL_SUPPLIER_NAME, 0 },

	/* supplier_id */
	{ "supplier id", COL_SUPPLIER_ID, 0 },
	{ "supplier_id", COL_SUPPLIER_ID, 0 },
	{ "supplier number", COL_SUPPLIER_ID, 0 },            /* gen_spend.py master */
	{ "supplier no", COL_SUPPLIER_ID, 0 },
	{ "supplier code", COL_SUPPLIER_ID, 0 },
	{ "supplier ref", COL_SUPPLIER_ID, 0 },
	{ "supplier reference", COL_SUPPLIER_ID, 0 },
	{ "vendor number", COL_SUPPLIER_ID, 0 },              /* Kirklees */
	{ "vendor id", COL_SUPPLIER_ID, 0 },                  /* GLA */
	{ "vendor no", COL_SUPPLIER_ID, 0 },
	{ "vendor code", COL_SUPPLIER_ID, 0 },
	{ "ap/ar id", COL_SUPPLIER_ID, 0 },                   /* Warwickshire 2011 Agresso */
	{ "local supplier internal reference", COL_SUPPLIER_ID, 0 }, /* North Tyneside */
	{ "beneficiary id", COL_SUPPLIER_ID, 0 },             /* LGA */
	{ "supplier(beneficiary)id", COL_SUPPLIER_ID, 0 },    /* DCLG column set */
	{ "creditor id", COL_SUPPLIER_ID, 0 },
	{ "creditor number", COL_SUPPLIER_ID, 0 },
	{ "creditor no", COL_SUPPLIER_ID, 0 },

	/* amount */
	{ "amount", COL_AMOUNT, 0 },
	{ "net amount", COL_AMOUNT, 0 },                      /* North Tyneside, Solihull, p-card */
	{ "net", COL_AMOUNT, 0 },                             /* Salford, Warwickshire p-card */
	{ "net_amount", COL_AMOUNT, 0 },                      /* Stockport */
	{ "netamount", COL_AMOUNT, 0 },                       /* DCLG column set */
	{ "nett amount", COL_AMOUNT, 0 },
	{ "invoice nett amount", COL_AMOUNT, 0 },             /* Lambeth 2012 */
	{ "sum of invoice nett amount", COL_AMOUNT, 0 },      /* Lambeth 2011 */
	{ "amount excluding vat", COL_AMOUNT, 0 },            /* Kirklees */
	{ "amount excl vat", COL_AMOUNT, 0 },
	{ "amount ex vat", COL_AMOUNT, 0 },
	{ "amount (net of vat)", COL_AMOUNT, 0 },             /* South Tyneside */
	{ "paid amount", COL_AMOUNT, 0 },                     /* Wirral */
	{ "amount paid", COL_AMOUNT, 0 },
	{ "net amount " POUND, COL_AMOUNT, 0 },               /* Halton */
	{ "net amount (" POUND ")", COL_AMOUNT, 0 },
	{ "amount " POUND, COL_AMOUNT, 0 },                   /* GLA */
	{ "amount (" POUND ")", COL_AMOUNT, 0 },
	{ "amount sum", COL_AMOUNT, 0 },                      /* Sandwell */
	{ "posted amount", COL_AMOUNT, 0 },
	{ "net value", COL_AMOUNT, 0 },
	{ "total (ex vat)", COL_AMOUNT, 0 },
	{ "transaction amount", COL_AMOUNT, 0 },
	{ "payment amount", COL_AMOUNT, 0 },
	{ "gross amount " POUND, COL_AMOUNT, 1 },             /* Barnsley */
	{ "gross amount (" POUND ")", COL_AMOUNT, 1 },
	{ "gross amount", COL_AMOUNT, 1 },
	{ "gross", COL_AMOUNT, 1 },                           /* Salford */
	{ "gross value", COL_AMOUNT, 1 },
	{ "amount including vat", COL_AMOUNT, 1 },
	{ "amount inc vat", COL_AMOUNT, 1 },
	{ "total (inc vat)", COL_AMOUNT, 1 },

	/* date */
	{ "date", COL_DATE, 0 },                              /* Devon, Wakefield, Sandwell */
	{ "payment date", COL_DATE, 0 },
	{ "payment_date", COL_DATE, 0 },
	{ "pay date", COL_DATE, 0 },                          /* Warwickshire */
	{ "paid date", COL_DATE, 0 },                         /* Wirral */
	{ "date paid", COL_DATE, 0 },
	{ "date of payment", COL_DATE, 0 },                   /* Salford */
	{ "invoice payment date", COL_DATE, 0 },
	{ "transaction date", COL_DATE, 0 },                  /* Barnsley, Sefton */
	{ "transaction_date", COL_DATE, 0 },
	{ "date of transaction", COL_DATE, 0 },
	{ "clearing date", COL_DATE, 0 },                     /* GLA (SAP) */
	{ "invoice creation date", COL_DATE, 1 },             /* Lambeth 2012 */
	{ "invoice date", COL_DATE, 1 },
	{ "invoice_date", COL_DATE, 1 },                      /* Stockport */
	{ "posting date", COL_DATE, 1 },
	{ "posted date", COL_DATE, 1 },
	{ "document date", COL_DATE, 1 },

	/* transaction */
	{ "transaction number", COL_TRANSACTION, 0 },
	{ "transactionnumber", COL_TRANSACTION, 0 },          /* DCLG column set */
	{ "transaction no", COL_TRANSACTION, 0 },
	{ "transaction", COL_TRANSACTION, 0 },                /* Warwickshire p-card */
	{ "transation number", COL_TRANSACTION, 0 },          /* Warwickshire 2012/08 (sic) */
	{ "transno", COL_TRANSACTION, 0 },                    /* Warwickshire, Wakefield */
	{ "trans no", COL_TRANSACTION, 0 },                   /* Warwickshire p-card */
	{ "transaction id", COL_TRANSACTION, 0 },
	{ "transaction reference", COL_TRANSACTION, 0 },      /* South Tyneside, LGA */
	{ "transaction ref", COL_TRANSACTION, 0 },
	{ "internal reference number", COL_TRANSACTION, 0 },  /* Warwickshire 2011 */
	{ "unique ref no", COL_TRANSACTION, 0 },
	{ "documentno", COL_TRANSACTION, 0 },                 /* Salford */
	{ "document no", COL_TRANSACTION, 0 },
	{ "document number", COL_TRANSACTION, 0 },
	{ "sap document no", COL_TRANSACTION, 0 },            /* GLA */
	{ "payment reference", COL_TRANSACTION, 0 },
	{ "payment number", COL_TRANSACTION, 0 },

	/* invoice */
	{ "invoice number", COL_INVOICE, 0 },                 /* Devon to 2025/03, Trafford */
	{ "invoice no", COL_INVOICE, 0 },
	{ "invoice_number", COL_INVOICE, 0 },
	{ "invoice ref", COL_INVOICE, 0 },
	{ "invoice reference", COL_INVOICE, 0 },
	{ "invoice id", COL_INVOICE, 0 },

	/* expense_type */
	{ "expense type", COL_EXPENSE_TYPE, 0 },
	{ "expenses type", COL_EXPENSE_TYPE, 0 },             /* LGA */
	{ "expenditure type", COL_EXPENSE_TYPE, 0 },
	{ "expense description", COL_EXPENSE_TYPE, 0 },
	{ "description", COL_EXPENSE_TYPE, 0 },               /* Warwickshire, Wirral */
	{ "account(t)", COL_EXPENSE_TYPE, 0 },                /* Warwickshire 2011, Wolverhampton */
	{ "account description", COL_EXPENSE_TYPE, 0 },       /* Warwickshire 2011 */
	{ "account code description", COL_EXPENSE_TYPE, 0 },
	{ "subj description", COL_EXPENSE_TYPE, 0 },          /* Lambeth 2012 */
	{ "subjective description", COL_EXPENSE_TYPE, 0 },
	{ "purpose of spend", COL_EXPENSE_TYPE, 0 },          /* Kirklees, North Tyneside, Solihull */
	{ "purpose of expenditure", COL_EXPENSE_TYPE, 0 },
	{ "purposeofexpenditure(narrative)", COL_EXPENSE_TYPE, 0 }, /* DCLG column set */
	{ "purpose", COL_EXPENSE_TYPE, 0 },                   /* LGA */
	{ "summary of purpose of expenditure", COL_EXPENSE_TYPE, 0 }, /* Stockport */
	{ "summary of purpose (sercop)", COL_EXPENSE_TYPE, 0 },  /* Sandwell */
	{ "summary of expenditure", COL_EXPENSE_TYPE, 0 },    /* Sefton */
	{ "spend description", COL_EXPENSE_TYPE, 0 },         /* South Tyneside */
	{ "description of spend", COL_EXPENSE_TYPE, 0 },
	{ "description of spend(t)", COL_EXPENSE_TYPE, 0 },   /* Wakefield */
	{ "gl description", COL_EXPENSE_TYPE, 0 },            /* Salford */
	{ "gl account description", COL_EXPENSE_TYPE, 0 },
	{ "cost element", COL_EXPENSE_TYPE, 0 },              /* GLA */
	{ "expenditure account code description", COL_EXPENSE_TYPE, 0 }, /* GLA */
	/* CIPFA's "subjective" analysis is the expense type */
	{ "subjective name", COL_EXPENSE_TYPE, 0 },           /* Bolton */
	{ "subj name", COL_EXPENSE_TYPE, 0 },
	{ "subjective", COL_EXPENSE_TYPE, 0 },
	{ "subjective code description", COL_EXPENSE_TYPE, 0 },
	{ "expenditure category", COL_EXPENSE_TYPE, 0 },
	{ "expenditure catergory", COL_EXPENSE_TYPE, 0 },     /* Oxford 2018, as published */
	{ "expense category", COL_EXPENSE_TYPE, 0 },
	{ "spend category", COL_EXPENSE_TYPE, 0 },
	{ "category of expenditure", COL_EXPENSE_TYPE, 0 },
	{ "detail code description", COL_EXPENSE_TYPE, 0 },   /* East Riding */
	{ "account name", COL_EXPENSE_TYPE, 0 },
	{ "nominal description", COL_EXPENSE_TYPE, 0 },
	{ "nominal name", COL_EXPENSE_TYPE, 0 },
	{ "gl account name", COL_EXPENSE_TYPE, 0 },
	/* Barclaycard's purchase-card export: cost allocation code 1 is the expense */
	{ "trans cac desc 1", COL_EXPENSE_TYPE, 0 },          /* Birmingham p-card */

	/* expense_code */
	{ "expense code", COL_EXPENSE_CODE, 0 },              /* Devon, Barnsley */
	{ "account", COL_EXPENSE_CODE, 0 },                   /* Warwickshire, Sefton, Wolverhampton */
	{ "account code", COL_EXPENSE_CODE, 0 },              /* Warwickshire 2011 */
	{ "expenditure code", COL_EXPENSE_CODE, 0 },
	{ "expenditure account code", COL_EXPENSE_CODE, 0 },
	{ "sercop expenditure code", COL_EXPENSE_CODE, 0 },   /* North Tyneside */
	{ "cipfa expenditure code", COL_EXPENSE_CODE, 0 },
	{ "cipfaexpenditurecode", COL_EXPENSE_CODE, 0 },      /* DCLG column set */
	{ "spend (cost-code)", COL_EXPENSE_CODE, 0 },         /* South Tyneside */
	{ "gl code", COL_EXPENSE_CODE, 0 },
	{ "gl account", COL_EXPENSE_CODE, 0 },
	{ "subjective code", COL_EXPENSE_CODE, 0 },
	{ "subj code", COL_EXPENSE_CODE, 0 },
	{ "detailcode", COL_EXPENSE_CODE, 0 },                /* East Riding */
	{ "detail code", COL_EXPENSE_CODE, 0 },
	{ "trans cac code 1", COL_EXPENSE_CODE, 0 },          /* Barclaycard p-card export */

	/* service_area */
	{ "service area", COL_SERVICE_AREA, 0 },              /* gen_spend.py, Salford */
	{ "expense area", COL_SERVICE_AREA, 0 },              /* Devon, Barnsley */
	{ "department", COL_SERVICE_AREA, 0 },                /* Lambeth, Wirral, Sefton */
	{ "department name", COL_SERVICE_AREA, 0 },
	{ "directorate", COL_SERVICE_AREA, 0 },               /* Warwickshire 2019, Solihull */
	{ "directotate", COL_SERVICE_AREA, 0 },               /* Darlington (sic) */
	{ "directorate/service", COL_SERVICE_AREA, 0 },       /* North Tyneside */
	{ "group", COL_SERVICE_AREA, 0 },                     /* Warwickshire */
	{ "direct(t)", COL_SERVICE_AREA, 0 },                 /* Warwickshire 2011 Agresso */
	{ "spend area", COL_SERVICE_AREA, 0 },                /* Warwickshire 2011 */
	{ "service", COL_SERVICE_AREA, 0 },                   /* Stockport */
	{ "service(t)", COL_SERVICE_AREA, 0 },                /* Wolverhampton */
	{ "service label", COL_SERVICE_AREA, 0 },
	{ "division", COL_SERVICE_AREA, 0 },
	{ "organisational unit", COL_SERVICE_AREA, 0 },       /* LGA */
	{ "service area categorisation", COL_SERVICE_AREA, 1 },  /* Solihull */
	{ "service category label", COL_SERVICE_AREA, 1 },    /* North Tyneside */
	{ "cost centre", COL_SERVICE_AREA, 1 },               /* Sefton, Wirral, Kirklees */
	{ "cost centre description", COL_SERVICE_AREA, 1 },  /* Kirklees */
	{ "cost centre narrative", COL_SERVICE_AREA, 1 },     /* Wakefield */
	{ "cost centre(t)", COL_SERVICE_AREA, 1 },            /* Wolverhampton */

	/* company_number */
	{ "company number", COL_COMPANY_NUMBER, 0 },          /* Kirklees, gen_spend.py */
	{ "company no", COL_COMPANY_NUMBER, 0 },
	{ "company_number", COL_COMPANY_NUMBER, 0 },
	{ "company reg no", COL_COMPANY_NUMBER, 0 },
	{ "company reg number", COL_COMPANY_NUMBER, 0 },
	{ "company registration no", COL_COMPANY_NUMBER, 0 }, /* gen_spend.py master */
	{ "company registration number", COL_COMPANY_NUMBER, 0 },
	{ "company registration", COL_COMPANY_NUMBER, 0 },
	{ "comp. reg. no", COL_COMPANY_NUMBER, 0 },           /* Wakefield */
	{ "comp reg no", COL_COMPANY_NUMBER, 0 },
	{ "co reg no", COL_COMPANY_NUMBER, 0 },
	{ "companies house number", COL_COMPANY_NUMBER, 0 },
	{ "beneficiary registration number", COL_COMPANY_NUMBER, 0 }, /* LGA */
	{ "beneficiaryregistrationnumber", COL_COMPANY_NUMBER, 0 },   /* DCLG column set */

	/* vat */
	{ "vat reg no", COL_VAT, 0 },                         /* Devon (any case) */
	{ "vat reg number", COL_VAT, 0 },
	{ "vat reg. no", COL_VAT, 0 },
	{ "vat registration number", COL_VAT, 0 },            /* Trafford */
	{ "vat registration no", COL_VAT, 0 },
	{ "vat number", COL_VAT, 0 },                         /* gen_spend.py master */
	{ "vat no", COL_VAT, 0 },
	{ "vat_number", COL_VAT, 0 },

	/* charity */
	{ "charity number", COL_CHARITY, 0 },                 /* Barnsley, Wakefield */
	{ "charity no", COL_CHARITY, 0 },
	{ "charity registration number", COL_CHARITY, 0 },
	{ "registered charity number", COL_CHARITY, 0 },

	/* proclass */
	{ "proclass", COL_PROCLASS, 0 },                      /* Trafford, gen_spend.py */
	{ "proclass description", COL_PROCLASS, 0 },          /* Trafford, Kirklees */
	{ "proclass label", COL_PROCLASS, 0 },
	{ "procurement classification", COL_PROCLASS, 0 },    /* North Tyneside, LGA */
	{ "procurement classification: proclass label", COL_PROCLASS, 0 }, /* Solihull */
	{ "procurement classification (higher level)", COL_PROCLASS, 0 },  /* Walsall */
	{ "procurement category", COL_PROCLASS, 0 },

	/* proclass_code */
	{ "proclass code", COL_PROCLASS_CODE, 0 },            /* Kirklees */
	{ "procurement classification code", COL_PROCLASS_CODE, 0 },

	/* merchant_category */
	{ "merchant category", COL_MERCHANT_CATEGORY, 0 },    /* Stockport */
	{ "merchant categories", COL_MERCHANT_CATEGORY, 0 },  /* Halton */
	{ "merchant code", COL_MERCHANT_CATEGORY, 0 },        /* Sandwell */
	{ "merchant category code", COL_MERCHANT_CATEGORY, 0 },
	{ "mcc", COL_MERCHANT_CATEGORY, 0 },
	{ "mcc description", COL_MERCHANT_CATEGORY, 0 },
	{ "mch.mcc description", COL_MERCHANT_CATEGORY, 0 },
	{ "procurement(merchantcategory)", COL_MERCHANT_CATEGORY, 0 }, /* DCLG column set */

	/* creditor_type */
	{ "creditor type", COL_CREDITOR_TYPE, 0 },            /* Devon */
	{ "supplier type", COL_CREDITOR_TYPE, 0 },
	{ "vendor type", COL_CREDITOR_TYPE, 0 },
	{ "beneficiary type", COL_CREDITOR_TYPE, 0 },
	{ "supplier(beneficiary)type", COL_CREDITOR_TYPE, 0 }, /* DCLG column set */

	/* body */
	{ "body", COL_BODY, 1 },                              /* Devon (a number), Lambeth */
	{ "body name", COL_BODY, 0 },                         /* gen_spend.py, Trafford, Solihull */
	{ "name of body", COL_BODY, 0 },                      /* Devon */
	{ "organisation", COL_BODY, 0 },
	{ "organisation name", COL_BODY, 0 },                 /* Wakefield, Barnsley */
	{ "organisation label", COL_BODY, 0 },                /* LGA */
	{ "name of organisation", COL_BODY, 0 },              /* South Tyneside */
	{ "authority name", COL_BODY, 0 },                    /* Salford */
	{ "local authority", COL_BODY, 0 },

	/* address */
	{ "address", COL_ADDRESS, 0 },
	{ "address line 1", COL_ADDRESS, 0 },                 /* gen_spend.py master */
	{ "address line1", COL_ADDRESS, 0 },
	{ "address 1", COL_ADDRESS, 0 },
	{ "address1", COL_ADDRESS, 0 },
	{ "supplier address", COL_ADDRESS, 0 },

	/* town */
	{ "town", COL_TOWN, 0 },                              /* gen_spend.py master */
	{ "city", COL_TOWN, 0 },
	{ "town/city", COL_TOWN, 0 },
	{ "post town", COL_TOWN, 0 },

	/* postcode */
	{ "postcode", COL_POSTCODE, 0 },                      /* gen_spend.py master */
	{ "post code", COL_POSTCODE, 0 },
	{ "postal code", COL_POSTCODE, 0 },
	{ "supplier postcode", COL_POSTCODE, 0 },             /* central government */

	/* country */
	{ "country", COL_COUNTRY, 0 },                        /* gen_spend.py master */
	{ "country code", COL_COUNTRY, 0 },
	{ "supplier country", COL_COUNTRY, 0 },

	/* sic */
	{ "sic", COL_SIC, 0 },
	{ "sic code", COL_SIC, 0 },
	{ "sic codes", COL_SIC, 0 },
	{ "sic 2007", COL_SIC, 0 },
	{ "nature of business", COL_SIC, 0 },                 /* Companies House wording */

	/* turnover */
	{ "turnover", COL_TURNOVER, 0 },
	{ "annual turnover", COL_TURNOVER, 0 },
	{ "turnover " POUND, COL_TURNOVER, 0 },
	{ "turnover (" POUND ")", COL_TURNOVER, 0 },
};

#define NSYNONYMS (sizeof(synonyms) / sizeof(synonyms[0]))

/* Folded names are compared in a buffer this big; longer cells match nothing. */
#define FOLD_MAX 128

const char *col_role_name(enum col_role r)
{
	if (r < 0 || r >= COL__COUNT)
		return "none";
	return role_names[r];
}

enum col_role col_role_from_name(const char *name)
{
	int r;

	if (!name)
		return COL_NONE;
	for (r = 0; r < COL__COUNT; r++)
		if (strcmp(role_names[r], name) == 0)
			return (enum col_role)r;
	return COL_NONE;
}

static int fold_space(const unsigned char *p, const unsigned char *end, size_t *k)
{
	if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' || *p == '\v' || *p == '\f') {
		*k = 1;
		return 1;
	}
	if (end - p >= 2 && p[0] == 0xC2 && p[1] == 0xA0) {
		*k = 2;
		return 1;
	}
	return 0;
}

void column_fold(const char *s, size_t n, char *out, size_t outsz)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	size_t o = 0, k;
	int owed = 0;

	if (!outsz)
		return;
	while (p < end) {
		unsigned char c = *p;

		if (fold_space(p, end, &k)) {
			owed = o > 0;
			p += k;
			continue;
		}
		if (c == '"') {
			p++;
			continue;
		}
		if (end - p >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
			p += 3;          /* BOM */
			continue;
		}
		if (owed) {
			if (o + 1 >= outsz)
				break;
			out[o++] = ' ';
			owed = 0;
		}
		if (o + 1 >= outsz)
			break;
		out[o++] = (char)((c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c);
		p++;
	}
	/* after a cut, don't leave half a UTF-8 sequence */
	if (p < end && o > 0) {
		size_t lead = o, want;

		while (lead > 0 && ((unsigned char)out[lead - 1] & 0xC0) == 0x80)
			lead--;
		if (lead > 0 && (unsigned char)out[lead - 1] >= 0xC0) {
			unsigned char c = (unsigned char)out[lead - 1];

			want = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
			if (o - (lead - 1) < want)
				o = lead - 1;
		}
	}
	/* "Supplier Name:" */
	while (o > 0 && (out[o - 1] == ':' || out[o - 1] == ' '))
		o--;
	out[o] = '\0';
}

static int lower_letter(unsigned char c)
{
	return c >= 'a' && c <= 'z';
}

static int upper_letter(unsigned char c)
{
	return c >= 'A' && c <= 'Z';
}

/* "FIN." / "MCH." / "Trans.": 2 to 5 letters and a dot, then a letter. */
static size_t dotted_prefix(const unsigned char *p, const unsigned char *end)
{
	size_t k = 0;

	while (p + k < end && (lower_letter(p[k]) || upper_letter(p[k])) && k <= 5)
		k++;
	if (k < 2 || k > 5 || p + k + 1 >= end || p[k] != '.')
		return 0;
	return lower_letter(p[k + 1]) || upper_letter(p[k + 1]) ? k + 1 : 0;
}

void column_fold_loose(const char *s, size_t n, char *out, size_t outsz)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	size_t o = 0;
	int owed = 0;

	if (!outsz)
		return;
	if (end - p >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
		p += 3;
	while (p < end && (*p == ' ' || *p == '"'))
		p++;
	p += dotted_prefix(p, end);
	for (; p < end; p++) {
		unsigned char c = *p;
		int keep = lower_letter(c) || upper_letter(c) || (c >= '0' && c <= '9') ||
			   c == '/' || c == '(' || c == ')' || c == '&' || c >= 0x80;

		if (end - p >= 2 && p[0] == 0xC2 && (p[1] == 0xA3 || p[1] == 0xA0)) {
			p++;             /* a pound sign or an NBSP */
			owed = o > 0;
			continue;
		}
		if (!keep) {
			owed = o > 0;
			continue;
		}
		/* camel case: "PaidDate" is "paid date" */
		if (upper_letter(c) && p > (const unsigned char *)s && lower_letter(p[-1]))
			owed = o > 0;
		if (c == ')' && o > 0 && out[o - 1] == '(') {
			o--;             /* "()" left by a dropped "(£)" */
			continue;
		}
		if (owed && o > 0 && o + 1 < outsz && out[o - 1] != ' ' && out[o - 1] != '(' &&
		    c != ')')
			out[o++] = ' ';
		owed = 0;
		if (o + 1 >= outsz)
			break;
		out[o++] = (char)(upper_letter(c) ? c - 'A' + 'a' : c);
	}
	while (o > 0 && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
}

static enum col_role lookup(const char *key, int loose, int *rank)
{
	char name[FOLD_MAX];
	size_t i;

	for (i = 0; i < NSYNONYMS; i++) {
		const char *cand = synonyms[i].name;

		if (loose) {
			column_fold_loose(cand, strlen(cand), name, sizeof(name));
			cand = name;
		}
		if (cand[0] == key[0] && strcmp(cand, key) == 0) {
			if (rank)
				*rank = synonyms[i].rank;
			return synonyms[i].role;
		}
	}
	return COL_NONE;
}

enum col_role column_role_rank(const char *p, size_t n, int *rank)
{
	char key[FOLD_MAX];
	size_t len;
	enum col_role r;

	column_fold(p, n, key, sizeof(key));
	len = strlen(key);
	if (!len || len >= sizeof(key) - 1)
		return COL_NONE;
	r = lookup(key, 0, rank);
	if (r != COL_NONE)
		return r;
	/* "FIN.TRANSACTION AMOUNT", "paid_date", "PaidDate", "Amount (£)" */
	column_fold_loose(p, n, key, sizeof(key));
	len = strlen(key);
	if (!len || len >= sizeof(key) - 1)
		return COL_NONE;
	return lookup(key, 1, rank);
}

enum col_role column_role(const char *p, size_t n)
{
	return column_role_rank(p, n, NULL);
}

const char *column_synonym(size_t i, enum col_role *role, int *rank)
{
	if (i >= NSYNONYMS)
		return NULL;
	if (role)
		*role = synonyms[i].role;
	if (rank)
		*rank = synonyms[i].rank;
	return synonyms[i].name;
}

int column_exact(const struct csv_record *rec, const char *name)
{
	size_t i, len = strlen(name);

	for (i = 0; i < rec->nfields; i++) {
		const char *p = rec->fields[i].p;
		size_t n = rec->fields[i].len;

		while (n && (*p == ' ' || *p == '\t'))
			p++, n--;
		while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		if (n == len && !strncasecmp(p, name, n))
			return (int)i;
	}
	return -1;
}
