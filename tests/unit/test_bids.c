#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chainwatch/bids.h"
#include "chainwatch/buf.h"
#include "chainwatch/csv.h"
#include "chainwatch/identity.h"
#include "testutil.h"

#define SAMPLE "data/sample/bids-2025-26.csv"
#define SUPPLIERS "data/sample/devon-suppliers.csv"
#define KEEP 16

struct got_reject {
	char where[64], reason[256], raw[256];
};

struct collect {
	struct got_reject rej[KEEP];
	size_t nrej;
};

static void on_reject(void *ctx, const char *where, const char *reason, const char *raw)
{
	struct collect *c = ctx;

	if (c->nrej < KEEP) {
		snprintf(c->rej[c->nrej].where, sizeof(c->rej[0].where), "%s", where);
		snprintf(c->rej[c->nrej].reason, sizeof(c->rej[0].reason), "%s", reason);
		snprintf(c->rej[c->nrej].raw, sizeof(c->rej[0].raw), "%s", raw);
	}
	c->nrej++;
}

static int read_n(const char *p, size_t n, struct bid_list *l, struct bids_file *f,
		  struct collect *c, struct diag *err)
{
	struct bid_reject_sink sink = { on_reject, c };

	memset(c, 0, sizeof(*c));
	diag_init(err);
	return bids_read_mem(p, n, "bids.csv", l, &sink, f, err);
}

/* Read a file that must load; checks that the counters add up. */
static void read_ok(const char *csv, struct bid_list *l, struct bids_file *f, struct collect *c)
{
	struct diag err;

	bid_list_init(l);
	ck_assert_msg(read_n(csv, strlen(csv), l, f, c, &err) == 0, "read failed: %s", err.msg);
	ck_assert_uint_eq(f->records, f->accepted + f->rejected + f->blank);
	ck_assert_uint_eq(f->accepted, l->n);
	ck_assert_uint_eq(f->rejected, c->nrej);
}

/* One field of a bid as text, to compare with a table. */
static const char *show(const struct bid *b, enum bids_col c, char *out, size_t n)
{
	switch (c) {
	case BIDS_TENDER_ID: snprintf(out, n, "%s", b->tender_id); break;
	case BIDS_LOT: snprintf(out, n, "%s", b->lot); break;
	case BIDS_TITLE: snprintf(out, n, "%s", b->title); break;
	case BIDS_DATE: snprintf(out, n, "%d", (int)b->tender_date); break;
	case BIDS_BIDDER: snprintf(out, n, "%s", b->bidder); break;
	case BIDS_SUPPLIER_ID: snprintf(out, n, "%s", b->supplier_id); break;
	case BIDS_COMPANY: snprintf(out, n, "%s", b->company_number); break;
	case BIDS_PRICE: snprintf(out, n, "%lld", (long long)b->price_pence); break;
	case BIDS_ESTIMATE: snprintf(out, n, "%lld", (long long)b->estimate_pence); break;
	case BIDS_MONTHS: snprintf(out, n, "%d", b->contract_months); break;
	case BIDS_HOURS: snprintf(out, n, "%.2f", b->labour_hours); break;
	case BIDS_FTE: snprintf(out, n, "%.2f", b->fte); break;
	case BIDS_SHARE: snprintf(out, n, "%.4f", b->labour_share); break;
	case BIDS_RLW: snprintf(out, n, "%d", b->rlw_required); break;
	case BIDS_LONDON: snprintf(out, n, "%d", b->london); break;
	case BIDS_STATUS: snprintf(out, n, "%d", b->valid); break;
	case BIDS_AWARDED: snprintf(out, n, "%d", b->awarded); break;
	default: snprintf(out, n, "?"); break;
	}
	return out;
}

/* --- header synonyms -------------------------------------------------------- */

struct synonym_case {
	const char *header;
	enum bids_col col;
};

static const struct synonym_case synonyms[] = {
	{ "Tender ID", BIDS_TENDER_ID }, { "Tender reference", BIDS_TENDER_ID },
	{ "Tender ref.", BIDS_TENDER_ID }, { "Tender number", BIDS_TENDER_ID },
	{ "Procurement reference", BIDS_TENDER_ID }, { "Procurement ref", BIDS_TENDER_ID },
	{ "Contract reference", BIDS_TENDER_ID }, { "ocid", BIDS_TENDER_ID },
	{ "tender_id", BIDS_TENDER_ID }, { " TENDER-ID ", BIDS_TENDER_ID },
	{ "Lot", BIDS_LOT }, { "Lot number", BIDS_LOT }, { "Lot No.", BIDS_LOT },
	{ "Lot ID", BIDS_LOT }, { "Lot reference", BIDS_LOT },
	{ "Title", BIDS_TITLE }, { "Tender title", BIDS_TITLE }, { "Contract title", BIDS_TITLE },
	{ "Contract name", BIDS_TITLE }, { "Tender name", BIDS_TITLE },
	{ "Procurement title", BIDS_TITLE },
	{ "Tender date", BIDS_DATE }, { "Date", BIDS_DATE }, { "Closing date", BIDS_DATE },
	{ "Tender closing date", BIDS_DATE }, { "Submission date", BIDS_DATE },
	{ "Bid date", BIDS_DATE }, { "Tender deadline", BIDS_DATE },
	{ "Bidder", BIDS_BIDDER }, { "Bidder name", BIDS_BIDDER },
	{ "Supplier name", BIDS_BIDDER }, { "Supplier", BIDS_BIDDER }, { "Tenderer", BIDS_BIDDER },
	{ "Tenderer name", BIDS_BIDDER }, { "Company name", BIDS_BIDDER },
	{ "Supplier ID", BIDS_SUPPLIER_ID }, { "Supplier number", BIDS_SUPPLIER_ID },
	{ "Supplier No", BIDS_SUPPLIER_ID }, { "Supplier code", BIDS_SUPPLIER_ID },
	{ "Supplier reference", BIDS_SUPPLIER_ID }, { "Vendor ID", BIDS_SUPPLIER_ID },
	{ "Vendor number", BIDS_SUPPLIER_ID }, { "Creditor number", BIDS_SUPPLIER_ID },
	{ "Company number", BIDS_COMPANY }, { "Company no.", BIDS_COMPANY },
	{ "Company registration number", BIDS_COMPANY },
	{ "Company Registration No", BIDS_COMPANY }, { "Company reg no", BIDS_COMPANY },
	{ "CRN", BIDS_COMPANY }, { "Companies House number", BIDS_COMPANY },
	{ "Bid price", BIDS_PRICE }, { "Price", BIDS_PRICE }, { "Total price", BIDS_PRICE },
	{ "Tender price", BIDS_PRICE }, { "Bid amount", BIDS_PRICE }, { "Bid value", BIDS_PRICE },
	{ "Tendered price", BIDS_PRICE }, { "Total bid price", BIDS_PRICE },
	{ "Bid price (\xC2\xA3 ex VAT)", BIDS_PRICE }, { "Price ex VAT", BIDS_PRICE },
	{ "Total price ex-VAT", BIDS_PRICE },
	{ "Estimate", BIDS_ESTIMATE }, { "Pre-tender estimate", BIDS_ESTIMATE },
	{ "PTE", BIDS_ESTIMATE }, { "Estimated value", BIDS_ESTIMATE },
	{ "Should cost", BIDS_ESTIMATE },
	{ "Contract months", BIDS_MONTHS }, { "Term (months)", BIDS_MONTHS },
	{ "Duration months", BIDS_MONTHS }, { "Contract term (months)", BIDS_MONTHS },
	{ "Contract length (months)", BIDS_MONTHS }, { "Months", BIDS_MONTHS },
	{ "Labour hours", BIDS_HOURS }, { "Productive hours", BIDS_HOURS },
	{ "Hours", BIDS_HOURS }, { "Total hours", BIDS_HOURS },
	{ "Total labour hours", BIDS_HOURS },
	{ "FTE", BIDS_FTE }, { "FTEs", BIDS_FTE }, { "Full-time equivalents", BIDS_FTE },
	{ "Full time equivalent", BIDS_FTE },
	{ "Labour share", BIDS_SHARE }, { "Labour %", BIDS_SHARE },
	{ "Labour share (%)", BIDS_SHARE }, { "Labour percent", BIDS_SHARE },
	{ "Labour percentage", BIDS_SHARE }, { "Labour cost share", BIDS_SHARE },
	{ "Labour cost %", BIDS_SHARE }, { "Labour proportion", BIDS_SHARE },
	{ "RLW required", BIDS_RLW }, { "Real Living Wage", BIDS_RLW }, { "RLW", BIDS_RLW },
	{ "Real Living Wage required?", BIDS_RLW }, { "Living wage required", BIDS_RLW },
	{ "Living Wage", BIDS_RLW }, { "RLW required (yes/no)", BIDS_RLW },
	{ "London", BIDS_LONDON }, { "In London", BIDS_LONDON }, { "London (Y/N)", BIDS_LONDON },
	{ "Status", BIDS_STATUS }, { "Bid status", BIDS_STATUS }, { "Compliance", BIDS_STATUS },
	{ "Compliance status", BIDS_STATUS },
	{ "Awarded", BIDS_AWARDED }, { "Winner", BIDS_AWARDED }, { "Won", BIDS_AWARDED },
	{ "Successful", BIDS_AWARDED }, { "Awarded (yes/no)", BIDS_AWARDED },
};

/* A value for each column as written in the file, and show() of what it reads as. */
static const char *const sample_value[BIDS__COLS][2] = {
	[BIDS_TENDER_ID] = { "DCC-1", "DCC-1" }, [BIDS_LOT] = { "Lot 2", "Lot 2" },
	[BIDS_TITLE] = { "Home care", "Home care" }, [BIDS_DATE] = { "09/02/2026", "20260209" },
	[BIDS_BIDDER] = { "Acme Care Ltd", "Acme Care Ltd" },
	[BIDS_SUPPLIER_ID] = { "600796", "600796" }, [BIDS_COMPANY] = { "1166449", "01166449" },
	[BIDS_PRICE] = { "\xC2\xA3" "1,234.56", "123456" }, [BIDS_ESTIMATE] = { "1500", "150000" },
	[BIDS_MONTHS] = { "36", "36" }, [BIDS_HOURS] = { "120,000", "120000.00" },
	[BIDS_FTE] = { "14.5", "14.50" }, [BIDS_SHARE] = { "65%", "0.6500" },
	[BIDS_RLW] = { "Yes", "1" }, [BIDS_LONDON] = { "y", "1" },
	[BIDS_STATUS] = { "Disqualified", "0" }, [BIDS_AWARDED] = { "TRUE", "1" },
};

START_TEST(every_header_synonym_maps_its_column)
{
	const struct synonym_case *t = &synonyms[_i];
	struct bid_list l;
	struct bids_file f;
	struct collect c;
	struct buf csv;
	char got[128];

	/* the first cell naming a column takes it: a required one repeated later is ignored */
	buf_init(&csv, 0);
	buf_printf(&csv, "\"%s\",Tender ID,Bidder,Bid price\n\"%s\",T1,B,100\n", t->header,
		   sample_value[t->col][0]);
	read_ok(csv.s, &l, &f, &c);
	ck_assert_msg(f.accepted == 1, "'%s': %s", t->header, c.nrej ? c.rej[0].reason : "");
	ck_assert_int_eq(f.col[t->col], 0);
	ck_assert_msg(!strcmp(show(&l.v[0], t->col, got, sizeof(got)), sample_value[t->col][1]),
		      "'%s' -> '%s', want '%s'", t->header, got, sample_value[t->col][1]);
	bid_list_release(&l);
	buf_release(&csv);
}
END_TEST

/* As bids.h folds a header cell: letters and digits, '%' as "pct", no "(yes/no)". */
static void fold(const char *s, char *f, size_t n)
{
	size_t o = 0;

	for (; *s && o + 4 < n; s++)
		if ((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9'))
			f[o++] = *s;
		else if (*s >= 'A' && *s <= 'Z')
			f[o++] = (char)(*s - 'A' + 'a');
		else if (*s == '%')
			memcpy(f + o, "pct", 3), o += 3;
	f[o] = '\0';
	if (o > 5 && !strcmp(f + o - 5, "yesno"))
		f[o - 5] = '\0';
	else if (o > 2 && !strcmp(f + o - 2, "yn"))
		f[o - 2] = '\0';
}

/*
 * Every folded synonym in the module's table names its own column (so no
 * synonym names two) and has a case in the table above.
 */
START_TEST(synonym_table_is_covered_and_unambiguous)
{
	size_t i, n;
	int c;

	for (c = 0; c < BIDS__COLS; c++) {
		const char *s = bids_synonyms((enum bids_col)c), *e;

		ck_assert_str_ne(bids_col_name((enum bids_col)c), "");
		for (; *s; s = *e ? e + 1 : e) {
			char w[64], f[64];
			int seen = 0;

			e = strchr(s, ' ');
			e = e ? e : s + strlen(s);
			n = (size_t)(e - s);
			ck_assert_uint_lt(n, sizeof(w));
			memcpy(w, s, n);
			w[n] = '\0';
			ck_assert_int_eq(bids_header_col(w, n), c);
			for (i = 0; i < sizeof(synonyms) / sizeof(synonyms[0]); i++) {
				fold(synonyms[i].header, f, sizeof(f));
				seen |= !strcmp(f, w) && synonyms[i].col == (enum bids_col)c;
			}
			ck_assert_msg(seen, "synonym '%s' has no test case", w);
		}
	}
	ck_assert_int_eq(bids_header_col("Amount", 6), -1);
	ck_assert_int_eq(bids_header_col("Tender", 6), -1);
	ck_assert_int_eq(bids_header_col("", 0), -1);
	ck_assert_int_eq(bids_header_col("---", 3), -1);
}
END_TEST

/* --- values ------------------------------------------------------------------- */

struct value_case {
	enum bids_col col;
	const char *value;
	const char *want;
};

static const struct value_case values[] = {
	{ BIDS_SHARE, "0.65", "0.6500" }, { BIDS_SHARE, "65", "0.6500" },
	{ BIDS_SHARE, "65%", "0.6500" }, { BIDS_SHARE, "65 %", "0.6500" },
	{ BIDS_SHARE, "65.5%", "0.6550" }, { BIDS_SHARE, "0.6500000000000001", "0.6500" },
	{ BIDS_SHARE, "1", "1.0000" }, { BIDS_SHARE, "100%", "1.0000" },
	{ BIDS_SHARE, "100", "1.0000" }, { BIDS_SHARE, "0", "0.0000" },
	{ BIDS_SHARE, "0%", "0.0000" }, { BIDS_SHARE, "1.5%", "0.0150" },
	{ BIDS_SHARE, ".7", "0.7000" }, { BIDS_SHARE, "", "-1.0000" },
	{ BIDS_RLW, "", "-1" }, { BIDS_RLW, " yes ", "1" }, { BIDS_RLW, "Y", "1" },
	{ BIDS_RLW, "true", "1" }, { BIDS_RLW, "1", "1" }, { BIDS_LONDON, "No", "0" },
	{ BIDS_LONDON, "n", "0" }, { BIDS_LONDON, "FALSE", "0" }, { BIDS_LONDON, "0", "0" },
	{ BIDS_AWARDED, "", "-1" }, { BIDS_AWARDED, "yes", "1" },
	{ BIDS_STATUS, "", "-1" }, { BIDS_STATUS, "Valid", "1" }, { BIDS_STATUS, "QUALIFIED", "1" },
	{ BIDS_STATUS, "Compliant", "1" }, { BIDS_STATUS, "Non-compliant", "0" },
	{ BIDS_STATUS, "non compliant", "0" }, { BIDS_STATUS, "Withdrawn", "0" },
	{ BIDS_STATUS, "invalid", "0" }, { BIDS_STATUS, "Rejected", "0" },
	{ BIDS_STATUS, "excluded", "0" }, { BIDS_STATUS, "Pending", "-1" },
	{ BIDS_STATUS, "submitted", "-1" },
	{ BIDS_PRICE, "\xC2\xA3" "3,720,000.00", "372000000" },
	{ BIDS_PRICE, " 2880000 ", "288000000" }, { BIDS_PRICE, "GBP 1,000", "100000" },
	{ BIDS_PRICE, "3736.0699999999997", "373607" },
	{ BIDS_ESTIMATE, "", "-1" }, { BIDS_MONTHS, "", "-1" }, { BIDS_HOURS, "", "-1.00" },
	{ BIDS_FTE, "", "-1.00" }, { BIDS_FTE, "14", "14.00" }, { BIDS_COMPANY, "", "" },
	{ BIDS_DATE, "", "0" }, { BIDS_DATE, "2026-02-09", "20260209" },
	{ BIDS_DATE, "9/2/2026", "20260209" }, { BIDS_DATE, "09 Feb 2026", "20260209" },
	{ BIDS_DATE, "09.02.2026", "20260209" }, { BIDS_DATE, "09-Feb-26", "20260209" },
	{ BIDS_DATE, "2026-02-09 12:00:00", "20260209" }, { BIDS_COMPANY, "SC12345", "SC012345" },
	{ BIDS_COMPANY, "GB-COH-01166449", "01166449" }, { BIDS_ESTIMATE, "\xC2\xA3" "1,500", "150000" },
	{ BIDS_MONTHS, "36.0", "36" }, { BIDS_HOURS, "1,234.5", "1234.50" }, { BIDS_HOURS, "0", "0.00" },
	{ BIDS_COMPANY, "gb-coh-sc12345", "SC012345" }, { BIDS_COMPANY, "01 166 449", "01166449" },
	{ BIDS_HOURS, "+12", "12.00" }, { BIDS_HOURS, "1,234,567.25", "1234567.25" },
	{ BIDS_MONTHS, "1200", "1200" }, { BIDS_LOT, "", "" }, { BIDS_TITLE, "  A   B  ", "A B" },
	/* formula-like text stays text: writers neutralise it */
	{ BIDS_BIDDER, "=HYPERLINK(\"\"http://x\"\",\"\"Acme\"\")",
	  "=HYPERLINK(\"http://x\",\"Acme\")" },
	{ BIDS_TENDER_ID, "+SUM(A1:A9)", "+SUM(A1:A9)" },
	{ BIDS_TITLE, "@cmd|' /C calc'!A0", "@cmd|' /C calc'!A0" },
	{ BIDS_SUPPLIER_ID, "-2+3", "-2+3" },
	/* a field that is not UTF-8 is Windows-1252 */
	{ BIDS_BIDDER, "Caf\xE9 Ltd", "Caf\xC3\xA9 Ltd" },
	{ BIDS_TITLE, "Cleaning \x96 Lot 1", "Cleaning \xE2\x80\x93 Lot 1" },
};

static const char full_header[] =
	"Tender ID,Lot,Title,Tender date,Bidder,Supplier ID,Company number,Bid price,"
	"Estimate,Contract months,Labour hours,FTE,Labour share,RLW required,London,Status,"
	"Awarded\n";
static const char *const good_row[BIDS__COLS] = {
	"T1", "1", "Cleaning", "09/02/2026", "Acme Ltd", "4272", "01166449", "1000", "1200",
	"36", "5000", "3", "0.7", "yes", "no", "valid", "no",
};

/* The good row with column c replaced by v, every field quoted. */
static void make_row(struct buf *b, int c, const char *v)
{
	int k;

	for (k = 0; k < BIDS__COLS; k++)
		buf_printf(b, "%s\"%s\"", k ? "," : "", k == c ? v : good_row[k]);
	buf_adds(b, "\n");
}

START_TEST(values_are_read_into_the_bid)
{
	const struct value_case *t = &values[_i];
	struct bid_list l;
	struct bids_file f;
	struct collect c;
	struct buf csv;
	char got[128];

	buf_init(&csv, 0);
	buf_adds(&csv, full_header);
	make_row(&csv, t->col, t->value);
	read_ok(csv.s, &l, &f, &c);
	ck_assert_msg(f.accepted == 1, "'%s': %s", t->value, c.nrej ? c.rej[0].reason : "");
	ck_assert_msg(!strcmp(show(&l.v[0], t->col, got, sizeof(got)), t->want),
		      "%s '%s' -> '%s', want '%s'", bids_col_name(t->col), t->value, got, t->want);
	bid_list_release(&l);
	buf_release(&csv);
}
END_TEST

START_TEST(good_row_fills_every_field_and_its_source)
{
	struct bid_list l;
	struct bids_file f;
	struct collect c;
	struct buf csv;
	const struct bid *b;

	buf_init(&csv, 0);
	buf_adds(&csv, full_header);
	make_row(&csv, -1, NULL);
	read_ok(csv.s, &l, &f, &c);
	ck_assert_uint_eq(l.n, 1);
	b = &l.v[0];
	ck_assert_str_eq(b->tender_id, "T1");
	ck_assert_str_eq(b->lot, "1");
	ck_assert_str_eq(b->title, "Cleaning");
	ck_assert_int_eq(b->tender_date, 20260209);
	ck_assert_str_eq(b->bidder, "Acme Ltd");
	ck_assert_str_eq(b->supplier_id, "4272");
	ck_assert_str_eq(b->company_number, "01166449");
	ck_assert_int_eq(b->price_pence, 100000);
	ck_assert_int_eq(b->estimate_pence, 120000);
	ck_assert_int_eq(b->contract_months, 36);
	ck_assert_double_eq(b->labour_hours, 5000);
	ck_assert_double_eq(b->fte, 3);
	ck_assert_double_eq_tol(b->labour_share, 0.7, 1e-12);
	ck_assert_int_eq(b->rlw_required, 1);
	ck_assert_int_eq(b->london, 0);
	ck_assert_int_eq(b->valid, 1);
	ck_assert_int_eq(b->awarded, 0);
	ck_assert_str_eq(b->source, "bids.csv:2");
	ck_assert_int_eq(f.columns, BIDS__COLS);
	ck_assert_uint_eq(f.header_line, 1);
	bid_list_release(&l);
	buf_release(&csv);
}
END_TEST

/* --- rejects -------------------------------------------------------------- */

#define SHARE_HOW " (write 0.65, 65 or 65%)"
#define MONTHS_HOW "' is not a whole number of months (1 to 1200)"

struct reject_case {
	int col;                   /* column replaced in the good row; -1: bad is the whole row */
	const char *bad;
	const char *reason;        /* expected, whole */
};

static const struct reject_case rejects[] = {
	{ BIDS_TENDER_ID, "", "tender id is empty" },
	{ BIDS_TENDER_ID, "   ", "tender id is empty" }, { BIDS_BIDDER, "", "bidder is empty" },
	{ BIDS_BIDDER, "\xC2\xA0", "bidder is empty" }, { BIDS_PRICE, "", "bid price is empty" },
	{ BIDS_PRICE, "12x", "bid price: amount '12x' is not a number" },
	{ BIDS_PRICE, "1,2,3", "bid price: amount '1,2,3' has a misplaced thousands separator" },
	{ BIDS_PRICE, "TBC", "bid price: amount 'TBC' is not a number" },
	{ BIDS_PRICE, "0", "bid price '0' is zero: a zero or placeholder price is not a bid" },
	{ BIDS_PRICE, "\xC2\xA3" "0.00",
	  "bid price '\xC2\xA3" "0.00' is zero: a zero or placeholder price is not a bid" },
	{ BIDS_PRICE, "-500", "bid price '-500' is negative" },
	{ BIDS_PRICE, "(1,000.00)", "bid price '(1,000.00)' is negative" },
	{ BIDS_ESTIMATE, "about 1m", "pre-tender estimate: amount 'about 1m' is not a number" },
	{ BIDS_ESTIMATE, "0", "pre-tender estimate '0' is zero: leave it blank when there is "
	  "no estimate" },
	{ BIDS_ESTIMATE, "-1", "pre-tender estimate '-1' is negative" },
	{ BIDS_MONTHS, "36.5", "contract months '36.5" MONTHS_HOW },
	{ BIDS_MONTHS, "0", "contract months '0" MONTHS_HOW },
	{ BIDS_MONTHS, "-12", "contract months '-12" MONTHS_HOW },
	{ BIDS_MONTHS, "3 years", "contract months '3 years" MONTHS_HOW },
	{ BIDS_MONTHS, "1201", "contract months '1201" MONTHS_HOW },
	{ BIDS_HOURS, "-10", "labour hours '-10' is negative" },
	{ BIDS_HOURS, "lots", "labour hours 'lots' is not a number" },
	{ BIDS_HOURS, "1,20", "labour hours '1,20' is not a number" },
	{ BIDS_HOURS, "1.2.3", "labour hours '1.2.3' is not a number" },
	{ BIDS_HOURS, "1e5", "labour hours '1e5' is not a number" },
	{ BIDS_HOURS, "1000000001", "labour hours '1000000001' is implausibly large" },
	{ BIDS_FTE, "-0.5", "FTE '-0.5' is negative" },
	{ BIDS_FTE, "-", "FTE '-' is not a number" },
	{ BIDS_SHARE, "150%", "labour share '150%' is outside 0..1" SHARE_HOW },
	{ BIDS_SHARE, "101", "labour share '101' is outside 0..1" SHARE_HOW },
	{ BIDS_SHARE, "-0.2", "labour share '-0.2' is outside 0..1" SHARE_HOW },
	{ BIDS_SHARE, "-5%", "labour share '-5%' is outside 0..1" SHARE_HOW },
	{ BIDS_SHARE, "most", "labour share 'most' is not a number" SHARE_HOW },
	{ BIDS_SHARE, "%", "labour share '%' is not a number" SHARE_HOW },
	{ BIDS_RLW, "maybe", "RLW required 'maybe' is not yes or no" },
	{ BIDS_LONDON, "2", "London '2' is not yes or no" },
	{ BIDS_AWARDED, "winner", "awarded 'winner' is not yes or no" },
	{ BIDS_STATUS, "lost", "status 'lost' is not a bid status (valid, compliant, "
	  "disqualified, non-compliant, withdrawn)" },
	{ BIDS_COMPANY, "ABC", "company number 'ABC' is not a company number" },
	{ BIDS_COMPANY, "123456789", "company number '123456789' is not a company number" },
	{ BIDS_COMPANY, "00000000", "company number '00000000' is not a company number" },
	{ BIDS_DATE, "31/02/2026", "tender date: date '31/02/2026' does not exist" },
	{ BIDS_DATE, "next week", "tender date: date 'next week' is not a date" },
	{ BIDS_DATE, "01/01/1989", "tender date: date '01/01/1989' has implausible year 1989" },
	{ -1, "T1,,,,Acme Ltd,,,1,234.00,,,,,,,,,no\n",
	  "row has 18 fields, the header has 17 (an unquoted comma in a number?)" },
};

START_TEST(bad_rows_are_rejected_with_physical_line_and_reason)
{
	const struct reject_case *t = &rejects[_i];
	struct bid_list l;
	struct bids_file f;
	struct collect c;
	struct buf csv;
	struct diag err;

	buf_init(&csv, 0);
	buf_adds(&csv, full_header);                                   /* 1 */
	buf_adds(&csv, "T0,,\"Multi\nline\",,First Ltd,,,900,,,,,,,,,\n"); /* 2-3 */
	if (t->col >= 0)
		make_row(&csv, t->col, t->bad);                        /* 4 */
	else
		buf_adds(&csv, t->bad);
	buf_adds(&csv, "T2,,,,Last Ltd,,,800,,,,,,,,,\n");             /* 5 */
	bid_list_init(&l);
	ck_assert_msg(read_n(csv.s, csv.len, &l, &f, &c, &err) == 0, "read failed: %s", err.msg);
	ck_assert_uint_eq(f.accepted, 2);
	ck_assert_uint_eq(f.rejected, 1);
	ck_assert_uint_eq(f.blank, 0);
	ck_assert_uint_eq(f.records, 3);
	ck_assert_uint_eq(c.nrej, 1);
	ck_assert_str_eq(c.rej[0].where, "bids.csv:4");
	ck_assert_msg(!strcmp(c.rej[0].reason, t->reason), "reason '%s', want '%s'",
		      c.rej[0].reason, t->reason);
	ck_assert_str_ne(c.rej[0].raw, "");
	ck_assert_uint_eq(l.n, 2);
	ck_assert_str_eq(l.v[0].source, "bids.csv:2");
	ck_assert_str_eq(l.v[0].title, "Multi line");
	ck_assert_str_eq(l.v[1].bidder, "Last Ltd");
	ck_assert_str_eq(l.v[1].source, "bids.csv:5");
	bid_list_release(&l);
	buf_release(&csv);
}
END_TEST

START_TEST(rejected_raw_record_is_decoded_to_utf8)
{
	static const char csv[] = "Tender ID,Bidder,Bid price\n"
				  "T1,Caf\xE9 Ltd,0\n"
				  "T2,Ac\0me,5\n";
	struct bid_list l;
	struct bids_file f;
	struct collect c;
	struct diag err;

	bid_list_init(&l);
	ck_assert_int_eq(read_n(csv, sizeof(csv) - 1, &l, &f, &c, &err), 0);
	ck_assert_uint_eq(c.nrej, 2);
	ck_assert_str_eq(c.rej[0].raw, "T1,Caf\xC3\xA9 Ltd,0");
	ck_assert_str_eq(c.rej[1].raw, "T2,Ac\xEF\xBF\xBDme,5");
	ck_assert_str_eq(c.rej[1].reason, "record contains a NUL byte");
	ck_assert_str_eq(c.rej[1].where, "bids.csv:3");
	bid_list_release(&l);
}
END_TEST

/* --- counters, blanks, preamble ------------------------------------------------ */

START_TEST(counters_add_up_and_blank_lines_are_counted)
{
	static const char csv[] = "\xEF\xBB\xBF" "Tender ID,Bidder,Bid price,Lot,\r\n" /* 1 */
				  "T1,Acme Ltd,100,1,,,\r\n"                         /* 2 */
				  "\r\n"                                             /* 3 */
				  ",,,\r\n"                                          /* 4 */
				  "T1,Beta Ltd,0,1\r\n"                              /* 5 */
				  " , ,\"\",\r\n"                                    /* 6 */
				  "T1,,100,1\r\n"                                    /* 7 */
				  "T1,Gamma Ltd,\"1,200\"\r\n";                      /* 8 */
	struct bid_list l;
	struct bids_file f;
	struct collect c;

	read_ok(csv, &l, &f, &c);
	ck_assert_uint_eq(f.records, 7);
	ck_assert_uint_eq(f.accepted, 2);
	ck_assert_uint_eq(f.rejected, 2);
	ck_assert_uint_eq(f.blank, 3);
	ck_assert_str_eq(c.rej[0].where, "bids.csv:5");
	ck_assert_str_eq(c.rej[1].where, "bids.csv:7");
	ck_assert_str_eq(l.v[1].source, "bids.csv:8");
	ck_assert_int_eq(l.v[1].price_pence, 120000);
	ck_assert_str_eq(l.v[1].lot, "");            /* a short row reads as blanks */
	ck_assert_uint_eq(f.header_line, 1);
	ck_assert_int_eq(f.columns, 5);              /* empty cells past it are fine */
	ck_assert_int_eq(f.col[BIDS_LOT], 3);
	ck_assert_int_eq(f.col[BIDS_ESTIMATE], -1);
	ck_assert_uint_eq(f.bytes, sizeof(csv) - 1);
	ck_assert_uint_eq(strlen(f.sha256), 64);
	bid_list_release(&l);
}
END_TEST

START_TEST(title_lines_above_the_header_are_skipped)
{
	static const char csv[] = "Devon County Council: bid return 2025-26,,\n"
				  "Prices in pounds ex VAT for the whole term,,\n"
				  "\n"
				  "Tender reference,Bidder name,Price\n"
				  "T1,Acme Ltd,100\n";
	struct bid_list l;
	struct bids_file f;
	struct collect c;

	read_ok(csv, &l, &f, &c);
	ck_assert_uint_eq(f.header_line, 4);
	ck_assert_uint_eq(f.records, 1);
	ck_assert_uint_eq(f.accepted, 1);
	ck_assert_str_eq(l.v[0].source, "bids.csv:5");
	bid_list_release(&l);
}
END_TEST

/* --- unusable files -------------------------------------------------------------- */

struct error_case {
	const char *csv;
	const char *msg;           /* expected, whole */
};

#define SEE " column (a bid file names tender id, bidder and bid price columns; see docs/bids.md)"
#define X10 "x\nx\nx\nx\nx\nx\nx\nx\nx\nx\n"

static const struct error_case errors[] = {
	{ "Lot,Bidder,Bid price\n1,Acme,100\n", "bids.csv:1: not a bid file: no tender id" SEE },
	{ "Tender ID,Lot,Bid price\nT1,1,100\n", "bids.csv:1: not a bid file: no bidder" SEE },
	{ "Tender ID,Bidder,Amount\nT1,Acme,100\n", "bids.csv:1: not a bid file: no bid price" SEE },
	{ "Supplier Name,Amount,Date\nAcme,100,01/01/2026\n",
	  "bids.csv:1: not a bid file: no tender id or bid price" SEE },
	{ "Title line\nTender ID,Price\nT1,5\n", "bids.csv:2: not a bid file: no bidder" SEE },
	{ "<html><body>Service unavailable</body></html>\n",
	  "bids.csv:1: not a bid file: no tender id, bidder or bid price" SEE },
	/* the header is looked for in the first 30 records only */
	{ X10 X10 X10 "Tender ID,Bidder,Bid price\nT1,Acme,100\n",
	  "bids.csv:1: not a bid file: no tender id, bidder or bid price" SEE },
	{ "", "bids.csv: the file is empty: no header line" },
	{ "\xEF\xBB\xBF", "bids.csv: the file is empty: no header line" },
	{ "\n\n,,\n", "bids.csv: the file is empty: no header line" },
	{ "Tender ID,Bidder,Bid price,Title\nT1,Acme,100,\"Home\ncare",
	  "bids.csv:2: the file ends inside a quoted field: it was cut off (an interrupted "
	  "download or copy?)" },
};

START_TEST(unusable_files_are_located_input_errors)
{
	const struct error_case *t = &errors[_i];
	struct bid_list l;
	struct bids_file f;
	struct collect c;
	struct diag err;

	bid_list_init(&l);
	memset(&f, 0x5A, sizeof(f));
	ck_assert_int_eq(read_n(t->csv, strlen(t->csv), &l, &f, &c, &err), -1);
	ck_assert_int_eq(err.code, CW_INPUT);
	ck_assert_msg(!strcmp(err.msg, t->msg), "message '%s', want '%s'", err.msg, t->msg);
	ck_assert_uint_eq(l.n, 0);
	ck_assert_uint_eq(f.records, 0x5A5A5A5A5A5A5A5AUL);   /* untouched */
	bid_list_release(&l);
}
END_TEST

START_TEST(failed_read_leaves_the_list_as_it_was)
{
	static const char csv[] = "Tender ID,Bidder,Bid price,Title\n"
				  "T1,Acme,100,x\n"
				  "T2,Beta,200,\"cut";
	struct bid_list l;
	struct bids_file f;
	struct collect c;
	struct diag err;
	struct bid *b;

	bid_list_init(&l);
	b = bid_list_add(&l);
	free(b->bidder);
	b->bidder = strdup("Kept Ltd");
	ck_assert_int_eq(read_n(csv, strlen(csv), &l, &f, &c, &err), -1);
	ck_assert_uint_eq(l.n, 1);
	ck_assert_str_eq(l.v[0].bidder, "Kept Ltd");
	/* and a good read appends */
	ck_assert_int_eq(read_n(csv, strlen(csv) - 5, &l, &f, &c, &err), 0);
	ck_assert_uint_eq(l.n, 3);
	ck_assert_str_eq(l.v[1].bidder, "Acme");
	ck_assert_str_eq(l.v[2].bidder, "Beta");
	bid_list_release(&l);
}
END_TEST

START_TEST(sink_without_callback_only_counts)
{
	static const char csv[] = "Tender ID,Bidder,Bid price\nT1,Acme,0\nT1,Beta,5\n";
	struct bid_reject_sink none = { NULL, NULL };
	struct bid_list l;
	struct bids_file f;
	struct diag err;

	bid_list_init(&l);
	diag_init(&err);
	ck_assert_int_eq(bids_read_mem(csv, strlen(csv), "b.csv", &l, &none, &f, &err), 0);
	ck_assert_uint_eq(f.rejected, 1);
	ck_assert_int_eq(bids_read_mem(csv, strlen(csv), "b.csv", &l, NULL, NULL, &err), 0);
	ck_assert_uint_eq(l.n, 2);
	bid_list_release(&l);
}
END_TEST

/* --- hostile input ----------------------------------------------------------------- */

START_TEST(a_100_mb_field_is_one_located_reject)
{
	static const char head[] = "Tender ID,Bidder,Bid price\nT1,Acme,100\nT2,\"";
	static const char tail[] = "\",100\nT3,Beta,200\n";
	size_t big = (size_t)100 << 20, n = strlen(head) + big + strlen(tail);
	char *p = malloc(n);
	struct bid_list l;
	struct bids_file f;
	struct collect c;
	struct diag err;

	ck_assert_ptr_nonnull(p);
	memcpy(p, head, strlen(head));
	memset(p + strlen(head), 'A', big);
	memcpy(p + strlen(head) + big, tail, strlen(tail));
	bid_list_init(&l);
	ck_assert_int_eq(read_n(p, n, &l, &f, &c, &err), 0);
	ck_assert_uint_eq(f.accepted, 2);
	ck_assert_uint_eq(f.rejected, 1);
	ck_assert_str_eq(c.rej[0].where, "bids.csv:3");
	ck_assert_str_eq(c.rej[0].reason, "record is larger than the reader's limit (1 MiB a "
			 "field, 4 MiB a record)");
	ck_assert_str_eq(l.v[1].source, "bids.csv:4");
	bid_list_release(&l);
	free(p);
}
END_TEST

/* --- the sample ------------------------------------------------------------------- */

static char *slurp(const char *path, size_t *n)
{
	FILE *fp = fopen(path, "rb");
	struct buf b;
	char chunk[4096];
	size_t k;

	ck_assert_msg(fp != NULL, "cannot open %s (run from the repository root)", path);
	buf_init(&b, 0);
	while ((k = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_add(&b, chunk, k);
	fclose(fp);
	return buf_detach(&b, n);
}

/* The supplier master's name for a supplier number, as a name key; "" if absent. */
static void master_key(const char *id, struct buf *key)
{
	size_t n;
	char *p = slurp(SUPPLIERS, &n);
	struct csv_reader *rd = csv_reader_mem(p, n, NULL);
	struct csv_record rec;
	struct diag err;

	buf_reset(key);
	while (csv_next(rd, &rec, &err) > 0)
		if (rec.nfields > 1 && !strcmp(rec.fields[0].p, id))
			name_key(rec.fields[1].p, rec.fields[1].len, key);
	csv_reader_free(rd);
	free(p);
}

START_TEST(sample_bid_return_reads_whole_and_joins_the_supplier_master)
{
	struct bid_list l;
	struct bids_file f, g;
	struct collect c;
	struct diag err;
	struct buf a, b;
	size_t i, n;
	char *p;
	int fd;

	bid_list_init(&l);
	memset(&c, 0, sizeof(c));
	diag_init(&err);
	fd = open(SAMPLE, O_RDONLY);
	ck_assert_msg(fd >= 0, "cannot open %s (run from the repository root)", SAMPLE);
	{
		struct bid_reject_sink sink = { on_reject, &c };

		ck_assert_msg(bids_read_fd(fd, SAMPLE, &l, &sink, &f, &err) == 0, "%s", err.msg);
	}
	close(fd);
	ck_assert_msg(c.nrej == 0, "%s: %s", c.rej[0].where, c.rej[0].reason);
	ck_assert_uint_eq(f.accepted, 31);
	ck_assert_uint_eq(f.records, 31);
	ck_assert_uint_eq(f.blank, 0);
	/* memory and fd readers agree, hash included */
	p = slurp(SAMPLE, &n);
	ck_assert_int_eq(read_n(p, n, &l, &g, &c, &err), 0);
	ck_assert_str_eq(f.sha256, g.sha256);
	ck_assert_uint_eq(f.bytes, n);
	free(p);
	ck_assert_uint_eq(l.n, 62);
	/* the L1 bid (docs/bids.md): £2,880,000 x 55% over 120,000 hours */
	ck_assert_str_eq(l.v[3].bidder, "Example Homecare Services Ltd");
	ck_assert_str_eq(l.v[3].tender_id, "DCC-T-25-101");
	ck_assert_str_eq(l.v[3].lot, "Lot 1 Exeter and East Devon");
	ck_assert_int_eq(l.v[3].tender_date, 20260209);
	ck_assert_int_eq(l.v[3].price_pence, 288000000);
	ck_assert_int_eq(l.v[3].estimate_pence, 360000000);
	ck_assert_double_eq(l.v[3].labour_hours, 120000);
	ck_assert_double_eq_tol(l.v[3].labour_share, 0.55, 1e-12);
	ck_assert_int_eq(l.v[3].contract_months, 36);
	ck_assert_int_eq(l.v[3].rlw_required, 0);
	ck_assert_int_eq(l.v[3].awarded, -1);
	ck_assert_str_eq(l.v[3].source, SAMPLE ":5");
	/* the single RLW bid, the withdrawn and the disqualified ones */
	for (i = 0, n = 0; i < 31; i++) {
		n += l.v[i].rlw_required == 1;
		if (!strcmp(l.v[i].bidder, "ABA Groundcare LLP") ||
		    !strcmp(l.v[i].bidder, "Alun Griffiths (Contractors) Ltd"))
			ck_assert_int_eq(l.v[i].valid, 0);
		else
			ck_assert_int_eq(l.v[i].valid, 1);
		ck_assert_int_eq(l.v[i].london, 0);
		ck_assert_str_eq(l.v[i].company_number, "");
	}
	ck_assert_uint_eq(n, 1);
	/* every bidder with a supplier number is that Devon supplier (same name key);
	 * the flagged bids' bidders are made up and carry none */
	buf_init(&a, 0);
	buf_init(&b, 0);
	for (i = 0; i < 31; i++) {
		if (!*l.v[i].supplier_id)
			continue;
		master_key(l.v[i].supplier_id, &a);
		buf_reset(&b);
		name_key(l.v[i].bidder, strlen(l.v[i].bidder), &b);
		ck_assert_msg(a.len && !strcmp(a.s, b.s), "%s: '%s' is '%s' in the master",
			      l.v[i].source, b.s, a.s);
	}
	buf_release(&a);
	buf_release(&b);
	bid_list_release(&l);
}
END_TEST

static Suite *bids_suite(void)
{
	Suite *s = suite_create("bids");
	TCase *tc = tcase_create("core");

#define LOOP(t, table) tcase_add_loop_test(tc, t, 0, (int)(sizeof(table) / sizeof(table[0])))
	tcase_set_timeout(tc, 120);
	LOOP(every_header_synonym_maps_its_column, synonyms);
	tcase_add_test(tc, synonym_table_is_covered_and_unambiguous);
	LOOP(values_are_read_into_the_bid, values);
	tcase_add_test(tc, good_row_fills_every_field_and_its_source);
	LOOP(bad_rows_are_rejected_with_physical_line_and_reason, rejects);
	tcase_add_test(tc, rejected_raw_record_is_decoded_to_utf8);
	tcase_add_test(tc, counters_add_up_and_blank_lines_are_counted);
	tcase_add_test(tc, title_lines_above_the_header_are_skipped);
	LOOP(unusable_files_are_located_input_errors, errors);
	tcase_add_test(tc, failed_read_leaves_the_list_as_it_was);
	tcase_add_test(tc, sink_without_callback_only_counts);
	tcase_add_test(tc, a_100_mb_field_is_one_located_reject);
	tcase_add_test(tc, sample_bid_return_reads_whole_and_joins_the_supplier_master);
#undef LOOP
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(bids_suite)
