#include <string.h>

#include "chainwatch/columns.h"
#include "testutil.h"

struct header_case {
	const char *cell;
	enum col_role role;
	int rank;
};

/*
 * Every header met in shared/data/spend, shared/reference/data-formats.md
 * §3.1/§3.2/§4 and shared/bench/gen_spend.py, as written there.
 */
static const struct header_case headers[] = {
	/* devon/DCCSpendingOver500_201407.csv .. 202512.csv */
	{ "Body", COL_BODY, 1 },                          /* a code: "Name of Body" wins */
	{ "Name of Body", COL_BODY, 0 },
	{ "Name of  Body", COL_BODY, 0 },                 /* Devon 2012/10 double space */
	{ "\xEF\xBB\xBF" "Body", COL_BODY, 1 },           /* BOM on the first cell */
	{ "Date", COL_DATE, 0 },
	{ "Transaction Number", COL_TRANSACTION, 0 },
	{ "Transaction number", COL_TRANSACTION, 0 },
	{ "Invoice Number", COL_INVOICE, 0 },
	{ "Amount", COL_AMOUNT, 0 },
	{ " Amount ", COL_AMOUNT, 0 },                    /* devon 202512, warwickshire 2011 */
	{ "Supplier Name", COL_SUPPLIER_NAME, 0 },
	{ "Supplier name", COL_SUPPLIER_NAME, 0 },
	{ "Supplier ID", COL_SUPPLIER_ID, 0 },
	{ "VAT Reg no", COL_VAT, 0 },
	{ "Vat Reg No", COL_VAT, 0 },
	{ "VAT reg no", COL_VAT, 0 },
	{ "Expense Area", COL_SERVICE_AREA, 0 },
	{ "Expense area", COL_SERVICE_AREA, 0 },
	{ "Expense Type", COL_EXPENSE_TYPE, 0 },
	{ "Expense type", COL_EXPENSE_TYPE, 0 },
	{ "Expense Code", COL_EXPENSE_CODE, 0 },
	{ "Creditor Type", COL_CREDITOR_TYPE, 0 },
	{ "Creditor type", COL_CREDITOR_TYPE, 0 },
	/* warwickshire files */
	{ "Spend Area", COL_SERVICE_AREA, 0 },
	{ " Account Code", COL_EXPENSE_CODE, 0 },
	{ "Account Description", COL_EXPENSE_TYPE, 0 },
	{ "Internal Reference Number", COL_TRANSACTION, 0 },
	{ "Payment Date", COL_DATE, 0 },
	{ "Ap/Ar ID", COL_SUPPLIER_ID, 0 },
	{ "Ap/Ar ID(T)", COL_SUPPLIER_NAME, 0 },
	{ "TransNo", COL_TRANSACTION, 0 },
	{ "Transno", COL_TRANSACTION, 0 },
	{ "Trans No", COL_TRANSACTION, 0 },
	{ "Transaction", COL_TRANSACTION, 0 },
	{ "Transation number", COL_TRANSACTION, 0 },
	{ "Account", COL_EXPENSE_CODE, 0 },
	{ "Account(T)", COL_EXPENSE_TYPE, 0 },
	{ "Pay date", COL_DATE, 0 },
	{ "Pay Date", COL_DATE, 0 },
	{ "Direct(T)", COL_SERVICE_AREA, 0 },
	{ "Supplier ID ", COL_SUPPLIER_ID, 0 },
	{ "Supplier id", COL_SUPPLIER_ID, 0 },
	{ "Description", COL_EXPENSE_TYPE, 0 },
	{ "Group", COL_SERVICE_AREA, 0 },
	{ "Directorate", COL_SERVICE_AREA, 0 },
	{ "Supplier", COL_SUPPLIER_NAME, 0 },
	{ "Net", COL_AMOUNT, 0 },
	{ "Net Amount", COL_AMOUNT, 0 },
	/* lambeth files */
	{ "Sum of Invoice Nett Amount", COL_AMOUNT, 0 },
	{ "Department", COL_SERVICE_AREA, 0 },
	{ "Invoice Creation Date", COL_DATE, 1 },
	{ "Invoice Nett Amount", COL_AMOUNT, 0 },
	{ "Subj Description", COL_EXPENSE_TYPE, 0 },
	/* data-formats.md §3.2 */
	{ "Body name", COL_BODY, 0 },                      /* Trafford */
	{ "VAT Registration Number", COL_VAT, 0 },
	{ "ProClass", COL_PROCLASS, 0 },
	{ "ProClass Description", COL_PROCLASS, 0 },
	{ "Amount Excluding VAT", COL_AMOUNT, 0 },          /* Kirklees */
	{ "Vendor Number", COL_SUPPLIER_ID, 0 },
	{ "Vendor Name", COL_SUPPLIER_NAME, 0 },
	{ "Company Number", COL_COMPANY_NUMBER, 0 },
	{ "Cost Centre Description", COL_SERVICE_AREA, 1 },
	{ "Proclass Code", COL_PROCLASS_CODE, 0 },
	{ "Proclass Description", COL_PROCLASS, 0 },
	{ "Purpose of Spend", COL_EXPENSE_TYPE, 0 },
	{ "Organisation Name", COL_BODY, 0 },               /* Wakefield */
	{ "Comp. reg. no", COL_COMPANY_NUMBER, 0 },
	{ "Charity Number", COL_CHARITY, 0 },
	{ "Description of Spend(T)", COL_EXPENSE_TYPE, 0 },
	{ "Supplier (Beneficiary) Name", COL_SUPPLIER_NAME, 0 }, /* North Tyneside */
	{ "Local Supplier Internal Reference", COL_SUPPLIER_ID, 0 },
	{ "Directorate/Service", COL_SERVICE_AREA, 0 },
	{ "SeRCOP Expenditure Code", COL_EXPENSE_CODE, 0 },
	{ "Procurement Classification", COL_PROCLASS, 0 },
	{ "Procurement Classification: ProClass Label", COL_PROCLASS, 0 }, /* Solihull */
	{ "Transaction Date", COL_DATE, 0 },                /* Barnsley */
	{ "Gross Amount \xC2\xA3", COL_AMOUNT, 1 },
	{ "Merchant Category", COL_MERCHANT_CATEGORY, 0 },  /* Stockport */
	{ "Service", COL_SERVICE_AREA, 0 },
	{ "Summary of Purpose of Expenditure", COL_EXPENSE_TYPE, 0 },
	{ "invoice_date", COL_DATE, 1 },
	{ "net_amount", COL_AMOUNT, 0 },
	{ "Authority Name", COL_BODY, 0 },                  /* Salford */
	{ "Date of Payment", COL_DATE, 0 },
	{ "DocumentNo", COL_TRANSACTION, 0 },
	{ "Gross", COL_AMOUNT, 1 },
	{ "GL Description", COL_EXPENSE_TYPE, 0 },
	{ "Service Area", COL_SERVICE_AREA, 0 },
	{ "SUPPLIER", COL_SUPPLIER_NAME, 0 },               /* Sefton */
	{ "AMOUNT", COL_AMOUNT, 0 },
	{ "TRANSACTION DATE", COL_DATE, 0 },
	{ "COST CENTRE", COL_SERVICE_AREA, 1 },
	{ "ACCOUNT", COL_EXPENSE_CODE, 0 },
	{ "SUMMARY OF EXPENDITURE", COL_EXPENSE_TYPE, 0 },
	{ "Name of Organisation", COL_BODY, 0 },            /* South Tyneside */
	{ "Spend Description", COL_EXPENSE_TYPE, 0 },
	{ "Amount (Net of VAT)", COL_AMOUNT, 0 },
	{ "Transaction Reference", COL_TRANSACTION, 0 },
	{ "Beneficiary", COL_SUPPLIER_NAME, 0 },            /* Sandwell */
	{ "Summary of Purpose (SeRCOP)", COL_EXPENSE_TYPE, 0 },
	{ "Amount SUM", COL_AMOUNT, 0 },
	{ "Merchant Code", COL_MERCHANT_CATEGORY, 0 },
	{ "Supplier ID(T)", COL_SUPPLIER_NAME, 0 },         /* Wolverhampton */
	{ "Service(T)", COL_SERVICE_AREA, 0 },
	{ "Cost Centre(T)", COL_SERVICE_AREA, 1 },
	{ "\"Procurement Classification \n(Higher Level)\"", COL_PROCLASS, 0 }, /* Walsall */
	{ "Paid Date", COL_DATE, 0 },                       /* Wirral */
	{ "Paid Amount", COL_AMOUNT, 0 },
	{ "Department ", COL_SERVICE_AREA, 0 },
	{ "Directotate", COL_SERVICE_AREA, 0 },             /* Darlington (sic) */
	{ "Net Amount \xC2\xA3", COL_AMOUNT, 0 },           /* Halton */
	{ "Merchant Categories", COL_MERCHANT_CATEGORY, 0 },
	{ "Vendor ID", COL_SUPPLIER_ID, 0 },                /* GLA */
	{ "Cost Element", COL_EXPENSE_TYPE, 0 },
	{ "Amount \xC2\xA3", COL_AMOUNT, 0 },
	{ "Clearing Date", COL_DATE, 0 },
	{ "SAP Document No", COL_TRANSACTION, 0 },
	{ "Unique Ref No", COL_TRANSACTION, 0 },
	{ "Beneficiary Registration Number", COL_COMPANY_NUMBER, 0 }, /* LGA */
	{ "Expenses Type", COL_EXPENSE_TYPE, 0 },
	{ "Invoice Payment Date", COL_DATE, 0 },            /* §1 */
	{ "Posted amount", COL_AMOUNT, 0 },
	{ "Net Value", COL_AMOUNT, 0 },
	{ "Total (ex VAT)", COL_AMOUNT, 0 },
	{ "Merchant Name", COL_SUPPLIER_NAME, 0 },
	/* shared/bench/gen_spend.py spend.csv */
	{ "Body Name", COL_BODY, 0 },
	{ "Payment Date", COL_DATE, 0 },
	{ "Company Number", COL_COMPANY_NUMBER, 0 },
	/* shared/bench/gen_spend.py suppliers.csv, data-formats.md §4 */
	{ "Supplier Number", COL_SUPPLIER_ID, 0 },
	{ "Company Registration No", COL_COMPANY_NUMBER, 0 },
	{ "Company Reg No", COL_COMPANY_NUMBER, 0 },
	{ "VAT Number", COL_VAT, 0 },
	{ "Address Line 1", COL_ADDRESS, 0 },
	{ "Address", COL_ADDRESS, 0 },
	{ "Town", COL_TOWN, 0 },
	{ "City", COL_TOWN, 0 },
	{ "Postcode", COL_POSTCODE, 0 },
	{ "Post Code", COL_POSTCODE, 0 },
	{ "Country", COL_COUNTRY, 0 },
	{ "Country ", COL_COUNTRY, 0 },
	{ "SIC", COL_SIC, 0 },
	{ "SIC Code", COL_SIC, 0 },
	{ "SIC Codes", COL_SIC, 0 },
	{ "Nature of Business", COL_SIC, 0 },
	{ "Turnover", COL_TURNOVER, 0 },
	{ "Annual Turnover", COL_TURNOVER, 0 },
	/* the looser fold: dotted prefixes, camel case, '_', pound signs */
	{ "FIN.TRANSACTION DATE", COL_DATE, 0 },          /* oxford procurement card 2018 */
	{ "MCH.MERCHANT NAME", COL_SUPPLIER_NAME, 0 },
	{ "FIN.TRANSACTION AMOUNT", COL_AMOUNT, 0 },
	{ "Trans.date", COL_DATE, 0 },                    /* bedford 2015 */
	{ "paid_date", COL_DATE, 0 },                     /* oxford 2014 */
	{ "PaidDate", COL_DATE, 0 },                      /* bolton 2010 */
	{ "Net Amount(\xC2\xA3)", COL_AMOUNT, 0 },
	{ "SupplierName", COL_SUPPLIER_NAME, 0 },
	/* the expense type under its other names (issue 16: these files were Grey) */
	{ "Subjective Name", COL_EXPENSE_TYPE, 0 },       /* bolton 2010, 2018 */
	{ "Expenditure Catergory", COL_EXPENSE_TYPE, 0 }, /* oxford 2018, as published */
	{ "expenditure_category", COL_EXPENSE_TYPE, 0 },  /* oxford 2014 */
	{ "Detail Code Description", COL_EXPENSE_TYPE, 0 }, /* east riding 2015 */
	{ "DetailCode", COL_EXPENSE_CODE, 0 },
	{ "TRANS CAC DESC 1", COL_EXPENSE_TYPE, 0 },      /* birmingham p-card (Barclaycard) */
	{ "TRANS CAC CODE 1", COL_EXPENSE_CODE, 0 },
	/* folding */
	{ "Supplier Name:", COL_SUPPLIER_NAME, 0 },
	{ "\"Supplier Name\"", COL_SUPPLIER_NAME, 0 },
	{ "SUPPLIER\tNAME", COL_SUPPLIER_NAME, 0 },
	{ "Supplier\xC2\xA0Name", COL_SUPPLIER_NAME, 0 },
	{ "Supplier\r\nName", COL_SUPPLIER_NAME, 0 },
};

START_TEST(column_role_maps_real_headers)
{
	const struct header_case *c = &headers[_i];
	enum col_role r;
	int rank = -1;

	r = column_role_rank(c->cell, strlen(c->cell), &rank);
	ck_assert_msg(r == c->role, "'%s' -> %s, want %s", c->cell, col_role_name(r),
		      col_role_name(c->role));
	ck_assert_msg(rank == c->rank, "'%s' rank %d, want %d", c->cell, rank, c->rank);
	ck_assert_int_eq(column_role(c->cell, strlen(c->cell)), c->role);
}
END_TEST

static const char *const unmapped[] = {
	/* warwickshire/all-february-2022.csv flags */
	"Supplier grp", "Trans Type", "t/a", "Ltd",
	"Sundry Supp",                     /* warwickshire 2012/08 */
	"Costcuk",                         /* devon/DCCSpendingOver500_202512.csv */
	"Seq No", "Organisation Code", "Effective Date",   /* Wakefield */
	"Unrecoverable VAT", "Irrecoverable VAT", "VAT",
	"Card Transaction",                /* Solihull */
	"Debit/Credit Indicator", "PO Number", "Document Type",  /* Kirklees */
	"apar_name", "text servdesc", "text apar_id",      /* Agresso technical rows */
	"Invoice Threshold Nett Amt:\xE2\x80\xA0\xE2\x80\xA0 500",  /* lambeth 2012 preamble */
	"INSERTED DETAIL",
	"setparameter select to_char(sysdate,'DD/MM/YYYY' ) as today from dual ",
	"", "   ", "\"\"", "\xEF\xBB\xBF",
	"Supplier Names", "Amounts", "Date2",
	"Lambeth Invoices Over Specified Nett Amount",
};

START_TEST(column_role_leaves_other_headers_unmapped)
{
	const char *cell = unmapped[_i];

	ck_assert_msg(column_role(cell, strlen(cell)) == COL_NONE, "'%s' mapped to %s", cell,
		      col_role_name(column_role(cell, strlen(cell))));
}
END_TEST

START_TEST(column_role_rank_leaves_rank_alone_when_unmapped)
{
	int rank = 42;

	ck_assert_int_eq(column_role_rank("Costcuk", 7, &rank), COL_NONE);
	ck_assert_int_eq(rank, 42);
}
END_TEST

START_TEST(column_role_rejects_very_long_cells)
{
	char big[600];

	memset(big, 'a', sizeof(big));
	memcpy(big, "amount", 6);
	ck_assert_int_eq(column_role(big, sizeof(big)), COL_NONE);
}
END_TEST

START_TEST(column_role_uses_only_n_bytes)
{
	ck_assert_int_eq(column_role("Amount,Supplier", 6), COL_AMOUNT);
	ck_assert_int_eq(column_role("Amount", 3), COL_NONE);
}
END_TEST

struct fold_case {
	const char *in;
	const char *out;
};

static const struct fold_case folds[] = {
	{ " Amount ", "amount" },
	{ "\xEF\xBB\xBF" "Body", "body" },
	{ "Name of  Body", "name of body" },
	{ "\"Procurement Classification \n(Higher Level)\"", "procurement classification (higher level)" },
	{ "Ap/Ar ID(T)", "ap/ar id(t)" },
	{ "Supplier Name :", "supplier name" },
	{ "Report Date:", "report date" },
	{ "Net Amount \xC2\xA3", "net amount \xC2\xA3" },
	{ "\xC2\xA0 Supplier\xC2\xA0\xC2\xA0Name \t", "supplier name" },
	{ "A:B", "a:b" },
	{ "", "" },
	{ "\"\"", "" },
	{ "CAF\xC3\x89", "caf\xC3\x89" },     /* only ASCII is folded */
};

START_TEST(column_fold_normalises_cells)
{
	const struct fold_case *c = &folds[_i];
	char out[64];

	column_fold(c->in, strlen(c->in), out, sizeof(out));
	ck_assert_str_eq(out, c->out);
}
END_TEST

static const struct fold_case loose_folds[] = {
	{ "FIN.TRANSACTION DATE", "transaction date" },  /* oxford procurement card 2018 */
	{ "MCH.MERCHANT NAME", "merchant name" },
	{ "Trans.date", "date" },                        /* bedford/payments-over-250-sep15.csv */
	{ "paid_date", "paid date" },                    /* oxford 2014 */
	{ "PaidDate", "paid date" },                     /* bolton 2010 */
	{ "\xEF\xBB\xBF" "Body Name", "body name" },
	{ "Net Amount(\xC2\xA3)", "net amount" },
	{ "Amount (\xC2\xA3) paid", "amount paid" },
	{ "Amount \xC2\xA3", "amount" },
	{ "Supplier - Name:", "supplier name" },
	{ "Ap/Ar ID(T)", "ap/ar id(t)" },
	{ "comp. reg. no", "comp reg no" },
	{ "Date2", "date2" },
	{ "VAT", "vat" },
	{ "", "" },
};

START_TEST(column_fold_loose_normalises_cells)
{
	const struct fold_case *c = &loose_folds[_i];
	char out[64];

	column_fold_loose(c->in, strlen(c->in), out, sizeof(out));
	ck_assert_str_eq(out, c->out);
}
END_TEST

START_TEST(column_fold_truncates_safely)
{
	char out[8];

	memset(out, 'x', sizeof(out));
	column_fold("Supplier Name", 13, out, sizeof(out));
	ck_assert_str_eq(out, "supplie");
	/* a cut inside "£" drops the half character */
	column_fold("Amount \xC2\xA3", 9, out, sizeof(out));
	ck_assert_str_eq(out, "amount");
	column_fold("abcdef\xC2\xA3", 8, out, sizeof(out));
	ck_assert_str_eq(out, "abcdef");
	column_fold("x", 1, out, 1);
	ck_assert_str_eq(out, "");
	out[0] = 'q';
	column_fold("x", 1, out, 0);
	ck_assert_int_eq(out[0], 'q');
}
END_TEST

START_TEST(col_role_names_round_trip)
{
	int r;

	for (r = 0; r < COL__COUNT; r++) {
		const char *name = col_role_name((enum col_role)r);

		ck_assert_ptr_nonnull(name);
		ck_assert_int_eq(col_role_from_name(name), r);
	}
	ck_assert_str_eq(col_role_name(COL_SUPPLIER_NAME), "supplier_name");
	ck_assert_str_eq(col_role_name(COL_PROCLASS_CODE), "proclass_code");
	ck_assert_str_eq(col_role_name(COL_TURNOVER), "turnover");
	ck_assert_str_eq(col_role_name(COL_NONE), "none");
	ck_assert_str_eq(col_role_name(COL__COUNT), "none");
	ck_assert_int_eq(col_role_from_name("Supplier_Name"), COL_NONE);
	ck_assert_int_eq(col_role_from_name("none"), COL_NONE);
	ck_assert_int_eq(col_role_from_name(""), COL_NONE);
	ck_assert_int_eq(col_role_from_name(NULL), COL_NONE);
}
END_TEST

START_TEST(column_synonyms_are_folded_unique_and_reachable)
{
	const char *name, *other;
	enum col_role role, r2;
	int rank, k2;
	size_t i, j, count = 0;

	for (i = 0; (name = column_synonym(i, &role, &rank)) != NULL; i++) {
		char folded[128];

		count++;
		ck_assert_msg(role >= 0 && role < COL__COUNT, "'%s' has no role", name);
		ck_assert_msg(rank == 0 || rank == 1, "'%s' rank %d", name, rank);
		column_fold(name, strlen(name), folded, sizeof(folded));
		ck_assert_msg(strcmp(folded, name) == 0, "'%s' is not folded", name);
		for (j = 0; j < i; j++) {
			other = column_synonym(j, NULL, NULL);
			ck_assert_msg(strcmp(other, name) != 0, "'%s' listed twice", name);
		}
		ck_assert_int_eq(column_role_rank(name, strlen(name), &k2), role);
		ck_assert_int_eq(k2, rank);
	}
	ck_assert_uint_gt(count, 100);
	ck_assert_ptr_null(column_synonym(count, &r2, &k2));
	/* every role has at least one rank-0 name */
	for (role = 0; role < COL__COUNT; role++) {
		int seen = 0;

		for (i = 0; (name = column_synonym(i, &r2, &rank)) != NULL; i++)
			seen |= r2 == role && rank == 0;
		ck_assert_msg(seen, "role %s has no synonym", col_role_name(role));
	}
}
END_TEST

static Suite *columns_suite(void)
{
	Suite *s = suite_create("columns");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, column_role_maps_real_headers, 0,
			    (int)(sizeof(headers) / sizeof(headers[0])));
	tcase_add_loop_test(tc, column_role_leaves_other_headers_unmapped, 0,
			    (int)(sizeof(unmapped) / sizeof(unmapped[0])));
	tcase_add_test(tc, column_role_rank_leaves_rank_alone_when_unmapped);
	tcase_add_test(tc, column_role_rejects_very_long_cells);
	tcase_add_test(tc, column_role_uses_only_n_bytes);
	tcase_add_loop_test(tc, column_fold_normalises_cells, 0, (int)(sizeof(folds) / sizeof(folds[0])));
	tcase_add_loop_test(tc, column_fold_loose_normalises_cells, 0,
			    (int)(sizeof(loose_folds) / sizeof(loose_folds[0])));
	tcase_add_test(tc, column_fold_truncates_safely);
	tcase_add_test(tc, col_role_names_round_trip);
	tcase_add_test(tc, column_synonyms_are_folded_unique_and_reachable);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(columns_suite)
