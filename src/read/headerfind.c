/*
 * headerfind.c: the header row and each column's role, from the header
 * text and from the contents below it (headerfind.h).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chainwatch/amount.h"
#include "chainwatch/date.h"
#include "chainwatch/headerfind.h"
#include "chainwatch/profile.h"
#include "chainwatch/xalloc.h"

#define FOLD 256

/* What a column holds in the rows below a candidate header. */
struct colstat {
	unsigned nonblank;
	unsigned money;          /* amount_parse() reads it */
	unsigned pence;          /* ... and it has pence, a pound sign or thousands */
	unsigned dates;
	unsigned text;           /* has a letter and is not a date */
	unsigned distinct;
	unsigned code;           /* one word with a digit in it: "121C01", "24SE01" */
};

const char *col_evidence_name(enum col_evidence e)
{
	switch (e) {
	case EV_PROFILE:
		return "profile";
	case EV_HEADER:
		return "header";
	case EV_CONTENT:
		return "content";
	case EV_BOTH:
		return "header and content";
	case EV_NONE:
		break;
	}
	return "none";
}

int header_roles_complete(enum input_kind kind, const int col[COL__COUNT])
{
	if (kind == INPUT_SUPPLIERS)
		return col[COL_SUPPLIER_NAME] >= 0 &&
		       (col[COL_SUPPLIER_ID] >= 0 || col[COL_COMPANY_NUMBER] >= 0);
	return (col[COL_SUPPLIER_NAME] >= 0 || col[COL_SUPPLIER_ID] >= 0) && col[COL_AMOUNT] >= 0;
}

static const char *cell(const struct hf_record *r, size_t i)
{
	return i < r->nfields && r->cells[i] ? r->cells[i] : "";
}

static int is_date(const char *s)
{
	size_t n = strlen(s);
	int32_t ymd;
	struct diag e;

	diag_init(&e);
	return date_parse(s, n, DATE_DMY, &ymd, &e) == 0 || date_parse(s, n, DATE_MDY, &ymd, &e) == 0;
}

/* Money; *pence set when it is written like money, not like a count or code. */
static int is_money(const char *s, int *pence)
{
	int64_t v;
	struct diag e;

	diag_init(&e);
	if (!*s || amount_parse(s, strlen(s), &v, &e) < 0)
		return 0;
	*pence = strchr(s, '.') || strchr(s, ',') || strstr(s, "\xC2\xA3");
	return 1;
}

static int has_letter(const char *s)
{
	for (; *s; s++)
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z'))
			return 1;
	return 0;
}

static void column_stats(const struct hf_record *recs, size_t n, size_t h, size_t ncols,
			 struct colstat *st, unsigned *below)
{
	size_t k, j, c, last = h + 1;

	memset(st, 0, ncols * sizeof(*st));
	for (k = h + 1; k < n && k <= h + HEADER_LOOKAHEAD; k++)
		last = k + 1;
	*below = (unsigned)(last - h - 1);
	for (c = 0; c < ncols; c++) {
		for (k = h + 1; k < last; k++) {
			const char *v = cell(&recs[k], c);
			int pence = 0;

			if (!*v)
				continue;
			st[c].nonblank++;
			if (is_date(v))
				st[c].dates++;
			else if (has_letter(v))
				st[c].text++;
			if (!strchr(v, ' ') && strpbrk(v, "0123456789") && strlen(v) <= 16)
				st[c].code++;
			if (is_money(v, &pence)) {
				st[c].money++;
				st[c].pence += pence != 0;
			}
			for (j = h + 1; j < k; j++)
				if (!strcmp(cell(&recs[j], c), v))
					break;
			st[c].distinct += j == k;
		}
	}
}

/* Is one of words[] a whole word of the loosely folded header text? */
static int has_word(const char *loose, const char *const *words)
{
	const char *p = loose;

	while (*p) {
		size_t n = strcspn(p, " ()/&"), i;

		for (i = 0; n && words[i]; i++)
			if (strlen(words[i]) == n && !strncmp(p, words[i], n))
				return 1;
		p += n;
		while (*p == ' ' || *p == '(' || *p == ')' || *p == '/' || *p == '&')
			p++;
	}
	return 0;
}

static const char *const net_words[] = { "net", "nett", "excl", "excluding", "ex", NULL };
static const char *const money_words[] = {
	"amount", "amt", "value", "total", "invoiced", "paid", "spend", "spent", "cost",
	"sum", "payment", "price", "net", "nett", "gbp", NULL
};
static const char *const lesser_money_words[] = { "gross", "inc", "incl", "including", NULL };
static const char *const vat_words[] = { "vat", "tax", NULL };
static const char *const date_words[] = {
	"date", "paid", "updated", "posted", "cleared", "when", NULL
};
static const char *const payee_words[] = {
	"name", "supplier", "payee", "vendor", "merchant", "beneficiary", "creditor",
	"recipient", "trader", "contractor", NULL
};
static const char *const not_payee_words[] = {
	"id", "no", "number", "code", "ref", "reference", "type", "description", "desc",
	"category", "service", "area", "department", "directorate", "address", "postcode",
	"town", "group", "class", "vat", "body", "organisation", "cost", "account", NULL
};

/* Preference of a money column as the amount by its header: -1 never. */
static int amount_preference(const char *loose)
{
	if (has_word(loose, vat_words) && !has_word(loose, net_words) &&
	    !has_word(loose, lesser_money_words))
		return -1;                       /* the VAT, not the spend */
	if (has_word(loose, net_words))
		return 3;
	if (has_word(loose, lesser_money_words))
		return 1;
	if (has_word(loose, money_words))
		return 2;
	return 0;
}

static int header_preference(const struct hf_record *hdr, size_t c)
{
	char loose[FOLD];

	column_fold_loose(cell(hdr, c), strlen(cell(hdr, c)), loose, sizeof(loose));
	return amount_preference(loose);
}

static int money_column(const struct colstat *s)
{
	return s->nonblank >= 3 && s->money * 10 >= s->nonblank * 9 &&
	       s->pence * 10 >= s->nonblank * 3 && s->dates * 10 < s->nonblank;
}

static int date_column(const struct colstat *s)
{
	return s->nonblank >= 3 && s->dates * 20 >= s->nonblank * 19;
}

static int code_column(const struct colstat *s)
{
	return s->nonblank >= 3 && s->code * 10 >= s->nonblank * 9;
}

static int text_column(const struct colstat *s)
{
	return s->nonblank >= 3 && s->text * 10 >= s->nonblank * 9;
}

/* Header text to roles: the profile's names, then the synonyms; cells in skip[] take none. */
static void map_text(const struct hf_record *r, const struct profile *prof,
		     const unsigned char *skip, int col[COL__COUNT])
{
	char fold[FOLD], want[FOLD];
	size_t i, n = r->nfields;
	int rr, rank[COL__COUNT];
	unsigned char *used = xcalloc(n ? n : 1, 1);

	for (rr = 0; rr < COL__COUNT; rr++)
		col[rr] = -1;
	for (rr = 0; prof && rr < COL__COUNT; rr++) {
		if (!prof->columns[rr])
			continue;
		column_fold(prof->columns[rr], strlen(prof->columns[rr]), want, sizeof(want));
		for (i = 0; i < n; i++) {
			const char *c = cell(r, i);

			column_fold(c, strlen(c), fold, sizeof(fold));
			if (!used[i] && !strcmp(fold, want)) {
				col[rr] = (int)i;
				used[i] = 1;
				break;
			}
		}
	}
	/* synonyms: the first cell for a role, unless a later one is a better (lower rank) name */
	for (rr = 0; rr < COL__COUNT; rr++)
		rank[rr] = col[rr] >= 0 ? -1 : 99;
	for (i = 0; i < n; i++) {
		enum col_role role;
		int rk = 0;
		const char *c = cell(r, i);

		if (used[i] || (skip && skip[i]))
			continue;
		role = column_role_rank(c, strlen(c), &rk);
		if (role == COL_NONE || rk >= rank[role])
			continue;
		col[role] = (int)i;
		rank[role] = rk;
	}
	free(used);
}

static int looks_like_data(const struct hf_record *r)
{
	size_t i;
	int pence = 0;

	for (i = 0; i < r->nfields; i++) {
		const char *c = cell(r, i);

		if (*c && (is_date(c) || (is_money(c, &pence) && pence)))
			return 1;
	}
	return 0;
}

static int column_taken(const int col[COL__COUNT], size_t c)
{
	int r;

	for (r = 0; r < COL__COUNT; r++)
		if (col[r] == (int)c)
			return 1;
	return 0;
}

/*
 * Columns a and b hold the same money on every row below the header that
 * was looked at and holds money in both (at least 3): the same spend twice
 * ("Original Gross Amt" beside "Billing Gross Amt" on a card statement in
 * pounds).  Rows of other text (a repeated header, a note) do not count.
 */
static int same_values(const struct hf_record *recs, size_t n, size_t h, size_t a, size_t b)
{
	size_t k, both = 0;
	int pence;

	for (k = h + 1; k < n && k <= h + HEADER_LOOKAHEAD; k++) {
		const char *x = cell(&recs[k], a), *y = cell(&recs[k], b);

		if (!is_money(x, &pence) || !is_money(y, &pence))
			continue;
		if (strcmp(x, y))
			return 0;
		both++;
	}
	return both >= 3;
}

/*
 * The best column of money for the amount, -1 when none or a tie nothing
 * breaks.  Equally named columns tie unless they all say money outright or
 * all hold the same values; then the first is taken.
 */
static int amount_by_content(const struct hf_record *recs, size_t n, size_t h,
			     const struct colstat *st, size_t ncols, const int col[COL__COUNT])
{
	const struct hf_record *hdr = &recs[h];
	char loose[FOLD];
	int best = -1, bestpref = -1, tie = 0;
	size_t c;

	for (c = 0; c < ncols; c++) {
		int pref;

		if (column_taken(col, c) || !money_column(&st[c]))
			continue;
		column_fold_loose(cell(hdr, c), strlen(cell(hdr, c)), loose, sizeof(loose));
		pref = amount_preference(loose);
		if (pref < 0)
			continue;
		if (pref > bestpref) {
			best = (int)c;
			bestpref = pref;
			tie = 0;
		} else if (pref == bestpref && !same_values(recs, n, h, (size_t)best, c)) {
			tie = 1;
		}
	}
	/* two equally named columns of money: take the first only when both say money */
	return tie && bestpref < 2 ? -1 : best;
}

static int date_by_content(const struct hf_record *hdr, const struct colstat *st, size_t ncols,
			   const int col[COL__COUNT])
{
	char loose[FOLD];
	size_t c;

	for (c = 0; c < ncols; c++) {
		if (column_taken(col, c) || !date_column(&st[c]))
			continue;
		column_fold_loose(cell(hdr, c), strlen(cell(hdr, c)), loose, sizeof(loose));
		if (has_word(loose, date_words))
			return (int)c;
	}
	return -1;
}

static int name_by_content(const struct hf_record *hdr, const struct colstat *st, size_t ncols,
			   const int col[COL__COUNT])
{
	char loose[FOLD];
	int best = -1;
	size_t c;

	for (c = 0; c < ncols; c++) {
		if (column_taken(col, c) || !text_column(&st[c]) || st[c].distinct < 2)
			continue;
		column_fold_loose(cell(hdr, c), strlen(cell(hdr, c)), loose, sizeof(loose));
		if (!has_word(loose, payee_words) || has_word(loose, not_payee_words))
			continue;
		if (best < 0 || st[c].distinct > st[best].distinct)
			best = (int)c;
	}
	return best;
}

/* How well column c's contents fit role r: *hits of *rows. */
/*
 * A code column's description: the column after it, headed the same
 * (Craven's "Account Code", "Account Code") or not at all, holding text
 * where the code column holds codes.  Its index, or -1.
 */
static int description_beside(const struct hf_record *hdr, const struct colstat *st, size_t ncols,
			      const int col[COL__COUNT], size_t code)
{
	char a[FOLD], b[FOLD];
	const char *t = cell(hdr, code), *u;
	size_t d = code + 1;

	if (d >= ncols || column_taken(col, d) || !text_column(&st[d]) || code_column(&st[d]) ||
	    text_column(&st[code]))
		return -1;
	u = cell(hdr, d);
	column_fold(t, strlen(t), a, sizeof(a));
	column_fold(u, strlen(u), b, sizeof(b));
	return !b[0] || !strcmp(a, b) ? (int)d : -1;
}

static int content_fits(enum col_role r, const struct colstat *s, unsigned *hits, unsigned *rows)
{
	*rows = s->nonblank;
	switch (r) {
	case COL_AMOUNT:
		*hits = s->money;
		return s->nonblank && s->money * 10 >= s->nonblank * 9;
	case COL_DATE:
		*hits = s->dates;
		return s->nonblank && s->dates * 20 >= s->nonblank * 19;
	case COL_SUPPLIER_NAME:
		*hits = s->text;
		return s->nonblank && s->text * 10 >= s->nonblank * 9;
	default:
		*hits = s->nonblank;
		return 0;
	}
}

/* 2: the header text is complete; 1: complete with the contents; 0: not a header. */
static int evaluate(const struct hf_record *recs, size_t n, size_t h, enum input_kind kind,
		    const struct profile *prof, struct hf_result *res)
{
	const struct hf_record *hdr = &recs[h];
	size_t ncols = hdr->nfields, c;
	struct colstat *st = xcalloc(ncols ? ncols : 1, sizeof(*st));
	unsigned char *blank = xcalloc(ncols ? ncols : 1, 1);
	int all[COL__COUNT], r, named, verdict = 0;
	unsigned below;

	column_stats(recs, n, h, ncols, st, &below);
	/*
	 * A cell that names a role but whose column is empty below, or a
	 * "supplier name" column of codes, gives way to another cell naming
	 * the role (Bedford: "Supplier" holds 121C01 beside "Supplier Name").
	 */
	for (c = 0; c < ncols; c++) {
		const char *t = cell(hdr, c);

		blank[c] = below >= 3 && st[c].nonblank == 0;
		if (!blank[c] && column_role(t, strlen(t)) == COL_SUPPLIER_NAME &&
		    code_column(&st[c]))
			blank[c] = 2;
	}
	map_text(hdr, prof, NULL, all);
	map_text(hdr, prof, blank, res->col);
	for (r = 0; r < COL__COUNT; r++) {
		if (res->col[r] < 0)
			res->col[r] = all[r];
		res->ev[r] = res->col[r] < 0 ? EV_NONE : EV_HEADER;
		if (res->col[r] >= 0 && prof && prof->columns[r] &&
		    res->col[r] == all[r])
			res->ev[r] = EV_PROFILE;
		res->hits[r] = res->rows[r] = 0;
	}
	/* the codes that gave way to a name column are the supplier's ID */
	c = (size_t)all[COL_SUPPLIER_NAME];
	if (all[COL_SUPPLIER_NAME] >= 0 && blank[c] == 2 && res->col[COL_SUPPLIER_NAME] != (int)c &&
	    res->col[COL_SUPPLIER_ID] < 0 && !column_taken(res->col, c)) {
		res->col[COL_SUPPLIER_ID] = (int)c;
		res->ev[COL_SUPPLIER_ID] = EV_BOTH;
	}
	named = res->col[COL_SUPPLIER_NAME] >= 0 || res->col[COL_SUPPLIER_ID] >= 0 ||
		res->col[COL_AMOUNT] >= 0 || res->col[COL_DATE] >= 0;
	if (header_roles_complete(kind, res->col))
		verdict = 2;
	if (kind == INPUT_SPEND) {
		int alt;

		/* "Gross" named, a column of net money beside it: the net one */
		if (res->col[COL_AMOUNT] >= 0 && res->ev[COL_AMOUNT] == EV_HEADER &&
		    header_preference(hdr, (size_t)res->col[COL_AMOUNT]) == 1) {
			int keep = res->col[COL_AMOUNT];

			res->col[COL_AMOUNT] = -1;
			alt = amount_by_content(recs, n, h, st, ncols, res->col);
			if (alt >= 0 && header_preference(hdr, (size_t)alt) == 3) {
				res->col[COL_AMOUNT] = alt;
				res->ev[COL_AMOUNT] = EV_CONTENT;
			} else {
				res->col[COL_AMOUNT] = keep;
			}
		}
		if (res->col[COL_AMOUNT] < 0 &&
		    (res->col[COL_AMOUNT] = amount_by_content(recs, n, h, st, ncols, res->col)) >= 0)
			res->ev[COL_AMOUNT] = EV_CONTENT;
		if (res->col[COL_DATE] < 0 &&
		    (res->col[COL_DATE] = date_by_content(hdr, st, ncols, res->col)) >= 0)
			res->ev[COL_DATE] = EV_CONTENT;
	}
	if (res->col[COL_SUPPLIER_NAME] < 0 &&
	    (res->col[COL_SUPPLIER_NAME] = name_by_content(hdr, st, ncols, res->col)) >= 0)
		res->ev[COL_SUPPLIER_NAME] = EV_CONTENT;
	if (res->col[COL_EXPENSE_TYPE] < 0 && res->col[COL_EXPENSE_CODE] >= 0 &&
	    (res->col[COL_EXPENSE_TYPE] = description_beside(hdr, st, ncols, res->col,
							      (size_t)res->col[COL_EXPENSE_CODE])) >= 0)
		res->ev[COL_EXPENSE_TYPE] = EV_CONTENT;
	for (r = 0; r < COL__COUNT; r++) {
		c = (size_t)res->col[r];
		if (res->col[r] < 0 || c >= ncols)
			continue;
		if (content_fits((enum col_role)r, &st[c], &res->hits[r], &res->rows[r]) &&
		    res->ev[r] == EV_HEADER)
			res->ev[r] = EV_BOTH;
	}
	if (!verdict && named && header_roles_complete(kind, res->col) && !looks_like_data(hdr))
		verdict = 1;
	free(st);
	free(blank);
	return verdict;
}

int header_find(const struct hf_record *recs, size_t n, long fixed, enum input_kind kind,
		const struct profile *prof, struct hf_result *out)
{
	struct hf_result res, first;
	size_t h;
	int have_first = 0;

	if (fixed >= 0) {
		if ((size_t)fixed >= n)
			return -1;
		evaluate(recs, n, (size_t)fixed, kind, prof, &res);
		res.header = (size_t)fixed;
		*out = res;
		return 0;
	}
	for (h = 0; h < n && h < HEADER_CANDIDATES; h++) {
		int v = evaluate(recs, n, h, kind, prof, &res);

		res.header = h;
		if (v == 2) {
			*out = res;
			return 0;
		}
		if (v == 1 && !have_first) {
			first = res;
			have_first = 1;
		}
	}
	if (!have_first)
		return -1;
	*out = first;
	return 0;
}
