#ifndef CHAINWATCH_COLUMNS_H
#define CHAINWATCH_COLUMNS_H

/*
 * Column roles and the synonym table that maps a header row to them.
 *
 * A header cell is compared after folding: ASCII case folded, BOM, quotes
 * and surrounding spaces dropped, internal whitespace (spaces, tabs,
 * NBSP, line breaks) collapsed to one space, a trailing ':' dropped, a
 * "(T)" suffix (Agresso: text of the code) kept as part of the name.
 * Each role has a list of synonyms; the first cell matching a role takes
 * it, except that a rank-0 synonym beats a rank-1 one (column_role_rank).
 */

#include <stddef.h>

/* The kind of file an extract is: each has its own required roles (headerfind.h). */
enum input_kind { INPUT_SPEND, INPUT_SUPPLIERS };

struct csv_record;

enum col_role {
	COL_NONE = -1,
	COL_SUPPLIER_NAME = 0,
	COL_SUPPLIER_ID,
	COL_AMOUNT,
	COL_DATE,
	COL_TRANSACTION,
	COL_INVOICE,
	COL_EXPENSE_TYPE,
	COL_EXPENSE_CODE,
	COL_SERVICE_AREA,
	COL_COMPANY_NUMBER,
	COL_VAT,
	COL_CHARITY,
	COL_PROCLASS,
	COL_PROCLASS_CODE,
	COL_MERCHANT_CATEGORY,
	COL_CREDITOR_TYPE,
	COL_BODY,
	COL_ADDRESS,
	COL_TOWN,
	COL_POSTCODE,
	COL_COUNTRY,
	COL_SIC,
	COL_TURNOVER,
	COL__COUNT
};

/* Stable lower-case name of a role ("supplier_name"), for profiles and the manifest; static. */
const char *col_role_name(enum col_role r);
/* Role for a name from col_role_name(), or COL_NONE. */
enum col_role col_role_from_name(const char *name);

/* Fold a header cell for comparison into out (size outsz). */
void column_fold(const char *p, size_t n, char *out, size_t outsz);

/*
 * The looser fold, tried when a cell's column_fold() matches no synonym,
 * on the cell and on the synonyms alike: a leading dotted prefix of 2-5
 * letters dropped ("FIN.TRANSACTION DATE", "MCH.MERCHANT NAME",
 * "Trans.date" -> "date"), camel case split ("PaidDate" -> "paid date"),
 * pound signs dropped with the "()" they leave, and every character but
 * letters, digits, '/', '&' and parentheses made a space ("paid_date",
 * "Supplier - Name").  "(T)" is kept: Agresso's "Ap/Ar ID(T)" is the
 * supplier's name beside "Ap/Ar ID".
 */
void column_fold_loose(const char *p, size_t n, char *out, size_t outsz);

/* The role a header cell names by the built-in synonyms, or COL_NONE. */
enum col_role column_role(const char *p, size_t n);

/*
 * column_role() plus the synonym's rank in *rank (may be NULL): 0 for a
 * role's own names, 1 for fallbacks that should take the role only when
 * no rank-0 cell is present ("Gross Amount £" when there is no net amount,
 * "Invoice Date" when there is no payment date, "Cost Centre" when there
 * is no service area).  *rank is written only when a role is found.
 */
enum col_role column_role_rank(const char *p, size_t n, int *rank);

/*
 * The i-th built-in synonym (folded) with its role and rank, or NULL past
 * the end: for --help, documentation and tests.  role/rank may be NULL.
 * The string is static.
 */
const char *column_synonym(size_t i, enum col_role *role, int *rank);

/*
 * The first field of a header record whose text, without the spaces and
 * tabs around it, is `name`, ASCII case ignored: its index, or -1.  For
 * downloads whose columns have fixed names (the statement registry,
 * Companies House's " CompanyNumber"), where no synonym or content
 * guessing is wanted.
 */
int column_exact(const struct csv_record *rec, const char *name);

#endif
