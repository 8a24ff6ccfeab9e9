/*
 * bids.c: the documented bid CSV (bids.h, docs/bids.md), row by row into a
 * bid list.  Columns by header name through a small synonym table; the CSV
 * reader does the quoting, the limits and the line numbers.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "chainwatch/amount.h"
#include "chainwatch/ascii.h"
#include "chainwatch/bids.h"
#include "chainwatch/buf.h"
#include "chainwatch/csv.h"
#include "chainwatch/date.h"
#include "chainwatch/encoding.h"
#include "chainwatch/identity.h"
#include "chainwatch/sha256.h"
#include "chainwatch/xalloc.h"

static const char *const col_names[BIDS__COLS] = {
	[BIDS_TENDER_ID] = "tender id", [BIDS_LOT] = "lot", [BIDS_TITLE] = "title",
	[BIDS_DATE] = "tender date", [BIDS_BIDDER] = "bidder",
	[BIDS_SUPPLIER_ID] = "supplier id", [BIDS_COMPANY] = "company number",
	[BIDS_PRICE] = "bid price", [BIDS_ESTIMATE] = "pre-tender estimate",
	[BIDS_MONTHS] = "contract months", [BIDS_HOURS] = "labour hours", [BIDS_FTE] = "FTE",
	[BIDS_SHARE] = "labour share", [BIDS_RLW] = "RLW required", [BIDS_LONDON] = "London",
	[BIDS_STATUS] = "status", [BIDS_AWARDED] = "awarded",
};

/* Each column's synonyms, folded (see fold()); keep in step with bids.h and docs/bids.md. */
static const char *const synonyms[BIDS__COLS] = {
	[BIDS_TENDER_ID] = "tenderid tenderreference tenderref tendernumber procurementreference "
			   "procurementref contractreference ocid",
	[BIDS_LOT] = "lot lotnumber lotno lotid lotreference",
	[BIDS_TITLE] = "title tendertitle contracttitle contractname tendername procurementtitle",
	[BIDS_DATE] = "tenderdate date closingdate tenderclosingdate submissiondate biddate "
		      "tenderdeadline",
	[BIDS_BIDDER] = "bidder biddername suppliername supplier tenderer tenderername companyname",
	[BIDS_SUPPLIER_ID] = "supplierid suppliernumber supplierno suppliercode supplierreference "
			     "vendorid vendornumber creditornumber",
	[BIDS_COMPANY] = "companynumber companyno companyregistrationnumber companyregistrationno "
			 "companyregno crn companieshousenumber",
	[BIDS_PRICE] = "bidprice price totalprice tenderprice bidamount bidvalue tenderedprice "
		       "totalbidprice bidpriceexvat priceexvat totalpriceexvat",
	[BIDS_ESTIMATE] = "estimate pretenderestimate pte estimatedvalue shouldcost",
	[BIDS_MONTHS] = "contractmonths termmonths durationmonths contracttermmonths "
			"contractlengthmonths months",
	[BIDS_HOURS] = "labourhours productivehours hours totalhours totallabourhours",
	[BIDS_FTE] = "fte ftes fulltimeequivalents fulltimeequivalent",
	[BIDS_SHARE] = "labourshare labourpct laboursharepct labourpercent labourpercentage "
		       "labourcostshare labourcostpct labourproportion",
	[BIDS_RLW] = "rlwrequired reallivingwage rlw reallivingwagerequired livingwagerequired "
		     "livingwage",
	[BIDS_LONDON] = "london inlondon",
	[BIDS_STATUS] = "status bidstatus compliance compliancestatus",
	[BIDS_AWARDED] = "awarded winner won successful",
};

const char *bids_col_name(enum bids_col c)
{
	return (unsigned)c < BIDS__COLS ? col_names[c] : "";
}

const char *bids_synonyms(enum bids_col c)
{
	return (unsigned)c < BIDS__COLS ? synonyms[c] : "";
}

/*
 * Letters and digits lower-cased, '%' as "pct", all else dropped, a
 * trailing "(yes/no)" or "(Y/N)" dropped.  0 when the cell does not fit `out`.
 */
static int fold(const char *p, size_t n, char *out, size_t outsz)
{
	size_t i, o = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		const char *add = c == '%' ? "pct" : "";

		if (ascii_alnum(c) && o + 1 < outsz)
			out[o++] = (char)ascii_lower(c);
		else if (ascii_alnum(c))
			return 0;
		for (; *add; add++) {
			if (o + 1 >= outsz)
				return 0;
			out[o++] = *add;
		}
	}
	out[o] = '\0';
	if (o > 5 && !strcmp(out + o - 5, "yesno"))
		out[o - 5] = '\0';
	else if (o > 2 && !strcmp(out + o - 2, "yn"))
		out[o - 2] = '\0';
	return 1;
}

int bids_header_col(const char *p, size_t n)
{
	char f[64];
	const char *w;
	size_t len;
	int c;

	if (!fold(p, n, f, sizeof(f)) || !*f)
		return -1;
	len = strlen(f);
	for (c = 0; c < BIDS__COLS; c++)
		for (w = synonyms[c]; (w = strstr(w, f)); w += len)
			if ((w == synonyms[c] || w[-1] == ' ') && (!w[len] || w[len] == ' '))
				return c;
	return -1;
}

struct reader {
	const char *name;
	struct bid_list *out;
	const struct bid_reject_sink *rej;
	struct bids_file st;
	struct decoder *utf8, *cp1252;
	struct buf text;           /* the row's cleaned fields, NUL-separated */
	struct buf tmp;
	struct buf where;
	size_t off[BIDS__COLS];
	char why[DIAG_MSG_MAX + 64];   /* the reason of the current rejection */
};

static void reject(struct reader *r, const struct csv_record *rec, const char *reason)
{
	r->st.rejected++;
	if (!r->rej || !r->rej->reject)
		return;
	buf_reset(&r->where);
	buf_printf(&r->where, "%s:%lu", r->name, rec->line);
	buf_reset(&r->tmp);
	decoder_to_utf8(utf8_valid(rec->raw, rec->rawlen) ? r->utf8 : r->cp1252, rec->raw,
			rec->rawlen, &r->tmp);
	r->rej->reject(r->rej->ctx, r->where.s, reason, r->tmp.s);
}

/* Column c of the record, decoded and cleaned, appended to r->text; its offset. */
static size_t take(struct reader *r, const struct csv_record *rec, int c)
{
	size_t at = r->text.len;
	const struct csv_field *f;
	int i = r->st.col[c];

	if (i < 0 || (size_t)i >= rec->nfields) {
		buf_addc(&r->text, '\0');
		return at;
	}
	f = &rec->fields[i];
	buf_reset(&r->tmp);
	if (utf8_valid(f->p, f->len))
		buf_add(&r->tmp, f->p, f->len);
	else
		decoder_to_utf8(r->cp1252, f->p, f->len, &r->tmp);
	text_clean(r->tmp.s, r->tmp.len, &r->text);
	buf_addc(&r->text, '\0');
	return at;
}

static char *val(struct reader *r, enum bids_col c)
{
	return r->text.s + r->off[c];
}

/* r->why = "<column> '<text>' <what>" */
static int why(struct reader *r, enum bids_col c, const char *what)
{
	char q[80];
	const char *s = val(r, c);

	diag_quote(q, sizeof(q), s, strlen(s), 40);
	snprintf(r->why, sizeof(r->why), "%s '%s' %s", col_names[c], q, what);
	return -1;
}

/* r->why = "<column>: <what the parser said>" */
static int said(struct reader *r, enum bids_col c, const struct diag *e)
{
	snprintf(r->why, sizeof(r->why), "%s: %s", col_names[c], e->msg);
	return -1;
}

/*
 * A decimal number: [+-]digits[.digits], thousands separators in groups
 * of three.  Digits past the 17th significant one only scale the value
 * (Excel's 0.6500000000000001 reads as 0.65).  *whole: no fraction.
 */
static int parse_number(const char *s, double *v, int *whole)
{
	const char *p = s;
	uint64_t m = 0;
	int neg = 0, exp10 = 0, ndig = 0, since = 0, commas = 0, frac = 0, k;
	double p10 = 1;

	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	for (; ascii_digit((unsigned char)*p) || *p == ','; p++) {
		if (*p == ',') {
			if (!ndig || (commas ? since != 3 : since > 3))
				return -1;
			commas++;
			since = 0;
			continue;
		}
		ndig++;
		since++;
		if (m < 10000000000000000ULL)
			m = m * 10 + (uint64_t)(*p - '0');
		else
			exp10++;
	}
	if (commas && since != 3)
		return -1;
	if (*p == '.')
		for (p++; ascii_digit((unsigned char)*p); p++) {
			ndig++;
			frac |= *p != '0';
			if (m < 10000000000000000ULL) {
				m = m * 10 + (uint64_t)(*p - '0');
				exp10--;
			}
		}
	if (*p || !ndig)
		return -1;
	for (k = exp10 < 0 ? -exp10 : exp10; k > 0; k--)
		p10 *= 10;
	*v = exp10 < 0 ? (double)m / p10 : (double)m * p10;
	if (neg)
		*v = -*v;
	*whole = !frac;
	return 0;
}

/* An amount in pounds > 0 into pence; "" leaves *pence. */
static int money(struct reader *r, enum bids_col c, int64_t *pence)
{
	const char *s = val(r, c);
	struct diag e;
	int64_t v;

	if (!*s)
		return 0;
	diag_init(&e);
	if (amount_parse(s, strlen(s), &v, &e) < 0)
		return said(r, c, &e);
	if (v == 0)
		return why(r, c, c == BIDS_PRICE ? "is zero: a zero or placeholder price is not a bid"
				: "is zero: leave it blank when there is no estimate");
	if (v < 0)
		return why(r, c, "is negative");
	*pence = v;
	return 0;
}

/* A number in 0..1e9 (hours, FTE); "" leaves *out. */
static int quantity(struct reader *r, enum bids_col c, double *out)
{
	double v;
	int whole;

	if (!*val(r, c))
		return 0;
	if (parse_number(val(r, c), &v, &whole) < 0)
		return why(r, c, "is not a number");
	if (v < 0)
		return why(r, c, "is negative");
	if (v > 1e9)
		return why(r, c, "is implausibly large");
	*out = v;
	return 0;
}

static int months(struct reader *r, int *out)
{
	double v;
	int whole;

	if (!*val(r, BIDS_MONTHS))
		return 0;
	if (parse_number(val(r, BIDS_MONTHS), &v, &whole) < 0 || !whole || v < 1 || v > 1200)
		return why(r, BIDS_MONTHS, "is not a whole number of months (1 to 1200)");
	*out = (int)v;
	return 0;
}

/* 0.65, 65 or 65%: a '%' or a value over 1 is a percentage. */
static int share(struct reader *r, double *out)
{
	const char *s = val(r, BIDS_SHARE);
	size_t n = strlen(s);
	int pct = n && s[n - 1] == '%', whole;
	char t[48];
	double v;

	if (!n)
		return 0;
	for (n -= (size_t)pct; pct && n && s[n - 1] == ' '; n--)
		;
	if (n >= sizeof(t))
		return why(r, BIDS_SHARE, "is not a number (write 0.65, 65 or 65%)");
	memcpy(t, s, n);
	t[n] = '\0';
	if (parse_number(t, &v, &whole) < 0)
		return why(r, BIDS_SHARE, "is not a number (write 0.65, 65 or 65%)");
	if (pct || v > 1)
		v /= 100;
	if (v < 0 || v > 1)
		return why(r, BIDS_SHARE, "is outside 0..1 (write 0.65, 65 or 65%)");
	*out = v;
	return 0;
}

struct word {
	const char *w;             /* folded */
	int v;                     /* -1: unknown */
};

static const struct word yes_no_words[] = {
	{ "yes", 1 }, { "y", 1 }, { "true", 1 }, { "1", 1 },
	{ "no", 0 }, { "n", 0 }, { "false", 0 }, { "0", 0 }, { NULL, 0 },
};

static const struct word status_words[] = {
	{ "valid", 1 }, { "compliant", 1 }, { "qualified", 1 },
	{ "disqualified", 0 }, { "noncompliant", 0 }, { "withdrawn", 0 }, { "invalid", 0 },
	{ "rejected", 0 }, { "excluded", 0 }, { "pending", -1 }, { "submitted", -1 },
	{ NULL, 0 },
};

#define YES_NO "is not yes or no"

/* A word from table t, folded as headers are; "" leaves *out. */
static int word(struct reader *r, enum bids_col c, const struct word *t, const char *what,
		int *out)
{
	const char *s = val(r, c);
	char f[32];

	if (!*s)
		return 0;
	if (fold(s, strlen(s), f, sizeof(f)))
		for (; t->w; t++)
			if (!strcmp(f, t->w)) {
				if (t->v >= 0)
					*out = t->v;
				return 0;
			}
	return why(r, c, what);
}

static int company(struct reader *r, char cn[9])
{
	const char *s = val(r, BIDS_COMPANY);

	if (!*s)
		return 0;
	if (!strncasecmp(s, "GB-COH-", 7))
		s += 7;
	if (company_number_normalise(s, strlen(s), cn) < 0)
		return why(r, BIDS_COMPANY, "is not a company number");
	return 0;
}

static int tender_date(struct reader *r, int32_t *ymd)
{
	const char *s = val(r, BIDS_DATE);
	struct diag e;

	if (!*s)
		return 0;
	diag_init(&e);
	return date_parse(s, strlen(s), DATE_DMY, ymd, &e) < 0 ? said(r, BIDS_DATE, &e) : 0;
}

static int blank_record(const struct csv_record *rec)
{
	size_t i, k;

	for (i = 0; i < rec->nfields; i++)
		for (k = 0; k < rec->fields[i].len; k++)
			if (rec->fields[i].p[k] != ' ' && rec->fields[i].p[k] != '\t')
				return 0;
	return 1;
}

/* The record's values into x (unknowns preset); NULL, or why it is rejected. */
static const char *check(struct reader *r, const struct csv_record *rec, struct bid *x)
{
	size_t i;
	int c;

	if (rec->toobig)
		return "record is larger than the reader's limit (1 MiB a field, 4 MiB a record)";
	if (memchr(rec->raw, '\0', rec->rawlen))
		return "record contains a NUL byte";
	for (i = (size_t)r->st.columns; i < rec->nfields; i++)
		if (rec->fields[i].len) {
			snprintf(r->why, sizeof(r->why), "row has %zu fields, the header has %d (an "
				 "unquoted comma in a number?)", rec->nfields, r->st.columns);
			return r->why;
		}
	buf_reset(&r->text);
	for (c = 0; c < BIDS__COLS; c++)
		r->off[c] = take(r, rec, c);
	if (!*val(r, BIDS_TENDER_ID))
		return "tender id is empty";
	if (!*val(r, BIDS_BIDDER))
		return "bidder is empty";
	if (!*val(r, BIDS_PRICE))
		return "bid price is empty";
	if (money(r, BIDS_PRICE, &x->price_pence) < 0 ||
	    money(r, BIDS_ESTIMATE, &x->estimate_pence) < 0 ||
	    tender_date(r, &x->tender_date) < 0 || company(r, x->company_number) < 0 ||
	    months(r, &x->contract_months) < 0 || quantity(r, BIDS_HOURS, &x->labour_hours) < 0 ||
	    quantity(r, BIDS_FTE, &x->fte) < 0 || share(r, &x->labour_share) < 0 ||
	    word(r, BIDS_RLW, yes_no_words, YES_NO, &x->rlw_required) < 0 ||
	    word(r, BIDS_LONDON, yes_no_words, YES_NO, &x->london) < 0 ||
	    word(r, BIDS_AWARDED, yes_no_words, YES_NO, &x->awarded) < 0 ||
	    word(r, BIDS_STATUS, status_words, "is not a bid status (valid, compliant, "
		 "disqualified, non-compliant, withdrawn)", &x->valid) < 0)
		return r->why;
	return NULL;
}

/* One record after the header: accepted, rejected or blank. */
static void row(struct reader *r, const struct csv_record *rec)
{
	struct bid x, *b;
	const char *reason;

	if (!rec->toobig && blank_record(rec)) {
		r->st.blank++;
		return;
	}
	memset(&x, 0, sizeof(x));
	x.price_pence = x.estimate_pence = -1;
	x.contract_months = -1;
	x.labour_hours = x.fte = x.labour_share = -1;
	x.rlw_required = x.london = x.valid = x.awarded = -1;
	reason = check(r, rec, &x);
	if (reason) {
		reject(r, rec, reason);
		return;
	}
	b = bid_list_add(r->out);
	bid_release(b);            /* its "" defaults: x has every value */
	*b = x;
	b->tender_id = xstrdup(val(r, BIDS_TENDER_ID));
	b->lot = xstrdup(val(r, BIDS_LOT));
	b->title = xstrdup(val(r, BIDS_TITLE));
	b->bidder = xstrdup(val(r, BIDS_BIDDER));
	b->supplier_id = xstrdup(val(r, BIDS_SUPPLIER_ID));
	buf_reset(&r->where);
	buf_printf(&r->where, "%s:%lu", r->name, rec->line);
	b->source = xstrdup(r->where.s);
	r->st.accepted++;
}

/* The columns a record names into col[]; how many of the three required it has. */
static int header_cols(const struct csv_record *rec, int col[BIDS__COLS])
{
	size_t i;
	int c;

	for (c = 0; c < BIDS__COLS; c++)
		col[c] = -1;
	for (i = 0; i < rec->nfields && !rec->toobig; i++) {
		c = bids_header_col(rec->fields[i].p, rec->fields[i].len);
		if (c >= 0 && col[c] < 0)
			col[c] = (int)i;
	}
	return (col[BIDS_TENDER_ID] >= 0) + (col[BIDS_BIDDER] >= 0) + (col[BIDS_PRICE] >= 0);
}

static int no_header(const char *name, unsigned long line, const int col[BIDS__COLS],
		     struct diag *err)
{
	static const enum bids_col req[] = { BIDS_TENDER_ID, BIDS_BIDDER, BIDS_PRICE };
	const char *miss[3];
	size_t i, n = 0;

	for (i = 0; i < 3; i++)
		if (col[req[i]] < 0)
			miss[n++] = col_names[req[i]];
	diag_set(err, CW_INPUT, "not a bid file: no %s%s%s%s%s column (a bid file names tender "
		 "id, bidder and bid price columns; see docs/bids.md)", miss[0],
		 n == 3 ? ", " : n == 2 ? " or " : "", n > 1 ? miss[1] : "",
		 n == 3 ? " or " : "", n == 3 ? miss[2] : "");
	return diag_locate(err, name, line, 0);
}

static int read_all(struct reader *r, struct csv_reader *rd, struct diag *err)
{
	struct csv_record rec;
	int rc, best = -1, have = 0, col[BIDS__COLS], best_col[BIDS__COLS];
	unsigned long scanned = 0, best_line = 0;
	int ret = -1;

	r->utf8 = decoder_new(ENC_UTF8, err);
	r->cp1252 = r->utf8 ? decoder_new(ENC_CP1252, err) : NULL;
	if (!r->cp1252)
		goto out;
	while ((rc = csv_next(rd, &rec, err)) > 0) {
		if (rec.unterminated) {
			diag_set(err, CW_INPUT, "the file ends inside a quoted field: it was cut off "
				 "(an interrupted download or copy?)");
			diag_locate(err, r->name, rec.line, 0);
			goto out;
		}
		if (have) {
			r->st.records++;
			row(r, &rec);
			continue;
		}
		if (blank_record(&rec))
			continue;
		rc = header_cols(&rec, col);
		if (rc == 3) {
			have = 1;
			memcpy(r->st.col, col, sizeof(col));
			r->st.header_line = rec.line;
			r->st.columns = (int)rec.nfields;
			continue;
		}
		if (rc > best) {
			best = rc;
			best_line = rec.line;
			memcpy(best_col, col, sizeof(col));
		}
		if (++scanned == BIDS_HEADER_SCAN)
			break;
	}
	if (rc < 0)
		goto out;
	if (!have) {
		if (best < 0) {
			diag_set(err, CW_INPUT, "the file is empty: no header line");
			diag_locate(err, r->name, 0, 0);
		} else {
			no_header(r->name, best_line, best_col, err);
		}
		goto out;
	}
	ret = 0;
out:
	decoder_free(r->utf8);
	decoder_free(r->cp1252);
	buf_release(&r->text);
	buf_release(&r->tmp);
	buf_release(&r->where);
	return ret;
}

/*
 * Read all of rd; rd and sha (fed by rd's tap) are freed here.  A failed
 * read leaves the list as it was.
 */
static int read_csv(struct csv_reader *rd, struct sha256 *sha, const char *name,
		    struct bid_list *out, const struct bid_reject_sink *rej,
		    struct bids_file *st, struct diag *err)
{
	struct reader r;
	unsigned char digest[32];
	size_t n0 = out->n;
	int c, ret;

	memset(&r, 0, sizeof(r));
	r.name = name;
	r.out = out;
	r.rej = rej;
	for (c = 0; c < BIDS__COLS; c++)
		r.st.col[c] = -1;
	buf_init(&r.text, 0);
	buf_init(&r.tmp, 0);
	buf_init(&r.where, 0);
	ret = read_all(&r, rd, err);
	csv_reader_free(rd);
	if (ret == 0)
		ret = sha256_final(sha, digest, err);
	sha256_release(sha);
	if (ret < 0) {
		while (out->n > n0)
			bid_release(&out->v[--out->n]);
		return -1;
	}
	sha256_hex(digest, r.st.sha256);
	r.st.bytes = sha->bytes;
	if (st)
		*st = r.st;
	return 0;
}

int bids_read_fd(int fd, const char *name, struct bid_list *out,
		 const struct bid_reject_sink *rej, struct bids_file *st, struct diag *err)
{
	struct sha256 sha;

	sha256_init(&sha);
	return read_csv(csv_reader_fd(fd, NULL, sha256_tap, &sha), &sha, name, out, rej, st, err);
}

int bids_read_mem(const char *p, size_t n, const char *name, struct bid_list *out,
		  const struct bid_reject_sink *rej, struct bids_file *st, struct diag *err)
{
	struct sha256 sha;

	sha256_init(&sha);
	sha256_update(&sha, p, n);
	return read_csv(csv_reader_mem(p, n, NULL), &sha, name, out, rej, st, err);
}
