/*
 * spend.c: a council spend extract, row by row, into the supplier table.
 * The row rules are listed in spend.h; each has a golden case under
 * tests/data/spend/.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chainwatch/amount.h"
#include "chainwatch/ascii.h"
#include "chainwatch/date.h"
#include "chainwatch/identity.h"
#include "chainwatch/idnames.h"
#include "chainwatch/spend.h"
#include "chainwatch/spendfeed.h"
#include "chainwatch/xalloc.h"

struct spend_ctx {
	struct extract *x;
	const struct spend_sink *sink;
	struct input_stats *st;
	struct spend_feed *feed;   /* accepted rows to the supplier table */
	int64_t since_total;       /* accepted pence since the last total row */
	struct diag why;           /* reason of the current rejection */
	unsigned long *counts;     /* rows per redaction wording */
};

/*
 * Case-insensitive whole-text match of s[0..n) against the lower-case
 * word; stops at the first byte that differs, without measuring the word.
 */
static int text_is(const char *s, size_t n, const char *word)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!word[i] || ascii_lower((unsigned char)s[i]) != word[i])
			return 0;
	return word[n] == '\0';
}

/* Does s begin with word followed by a space or end? */
static int text_starts_word(const char *s, size_t n, const char *word)
{
	size_t k = strlen(word), i;

	if (n < k)
		return 0;
	for (i = 0; i < k; i++)
		if (ascii_lower((unsigned char)s[i]) != word[i])
			return 0;
	return n == k || s[k] == ' ' || s[k] == ',';
}

/* Agresso/report control rows: the first cell is a report directive. */
static const char *const control_words[] = {
	"subtotal", "detail", "footer", "header", "sort", "parameter", "setparameter",
	"setdefault", "*setdefault", "declare", "columns", "query", "page", "report",
	"inserted detail", NULL
};

static int is_control_row(const char *first, size_t n)
{
	size_t i;

	for (i = 0; control_words[i]; i++)
		if (text_starts_word(first, n, control_words[i]))
			return 1;
	return 0;
}

/* "Total", "Grand total", "Sub-total" ... as a whole cell: which kind, or NULL. */
static const char *total_kind(const char *s, size_t n)
{
	static const struct { const char *text, *kind; } words[] = {
		{ "total", "total row" }, { "totals", "total row" }, { "total:", "total row" },
		{ "grand total", "grand total row" }, { "grand total:", "grand total row" },
		{ "sub total", "subtotal row" }, { "subtotal", "subtotal row" },
		{ "sub-total", "subtotal row" }, { "sub total:", "subtotal row" },
		{ "subtotal:", "subtotal row" }, { "total spend", "total row" },
		{ "total payments", "total row" }, { "report total", "grand total row" },
	};
	size_t i;
	int c0 = n ? ascii_lower((unsigned char)s[0]) : 0;

	/* the common case, a supplier's name, leaves at once */
	if (n < 5 || n > 14 || (c0 != 't' && c0 != 'g' && c0 != 's' && c0 != 'r'))
		return NULL;
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (text_is(s, n, words[i].text))
			return words[i].kind;
	return NULL;
}

/* 1 with the row's amount in *pence when it reads, else 0. */
static int row_amount(const struct extract_row *row, int64_t *pence)
{
	struct diag tmp;

	diag_init(&tmp);
	return !row->toobig && amount_parse(row->f[COL_AMOUNT], row->len[COL_AMOUNT], pence,
					    &tmp) == 0;
}

/* Count a skipped row of one kind, and its amount (when it reads) under that kind. */
static void skip(struct spend_ctx *c, const struct extract_row *row, unsigned long *counter,
		 int64_t *pence)
{
	int64_t p;

	c->st->skipped++;
	(*counter)++;
	if (row_amount(row, &p))
		*pence += p;
}

/* Reject with the reason; a row shorter than the header says so first. */
static void reject(struct spend_ctx *c, const struct extract_row *row, const char *reason)
{
	size_t want = extract_header_fields(c->x);
	char msg[DIAG_MSG_MAX + 64];
	int64_t pence;

	if (row->nfields < want && row->nfields > 1) {
		snprintf(msg, sizeof(msg), "row has %zu of the header's %zu fields: %s",
			 row->nfields, want, reason);
		reason = msg;
	}
	if (row_amount(row, &pence))
		c->st->rejected_pence += pence;
	else
		c->st->rejected_no_amount++;
	extract_reject(c->x, &c->sink->reject, c->st, row, reason);
}

/* Fields of a row as read, or as a repair re-assembled them. */
struct fields {
	const char *name, *expense;
	size_t namelen, expenselen;
	int64_t pence;
	int32_t ymd;
};

static int looks_like_dmy(const char *d)
{
	return d[2] == '/' && d[5] == '/' && d[0] >= '0' && d[0] <= '3';
}

/*
 * Broken exports glue neighbouring fields together and leave the row one
 * field short (Lambeth 2012).  Two shapes are repaired, only when the
 * pieces read cleanly; the fields after the fused one moved one column
 * left, so the expense type is read from the amount column:
 *   date+amount      "25/06/2012900"     -> 25/06/2012, 900.00
 *   supplier+date    "Catch2227/06/2012" -> Catch22, 27/06/2012; amount from the date column
 */
static int repair_fused(struct spend_ctx *c, const struct extract_row *r, struct fields *f)
{
	const char *d = r->f[COL_DATE], *nm = r->f[COL_SUPPLIER_NAME];
	size_t n = r->len[COL_DATE], nl = r->len[COL_SUPPLIER_NAME];
	struct diag tmp;

	if (r->col[COL_DATE] < 0 || r->nfields + 1 != extract_header_fields(c->x))
		return -1;
	diag_init(&tmp);
	if (n > 10 && looks_like_dmy(d) &&
	    date_parse(d, 10, c->st->date_order, &f->ymd, &tmp) == 0 &&
	    amount_parse(d + 10, n - 10, &f->pence, &tmp) == 0)
		goto moved;
	if (r->col[COL_SUPPLIER_NAME] >= 0 && r->col[COL_SUPPLIER_NAME] < r->col[COL_DATE] &&
	    nl > 10 && looks_like_dmy(nm + nl - 10) &&
	    date_parse(nm + nl - 10, 10, c->st->date_order, &f->ymd, &tmp) == 0 &&
	    amount_parse(d, n, &f->pence, &tmp) == 0) {
		f->namelen = nl - 10;
		goto moved;
	}
	return -1;
moved:
	if (r->col[COL_EXPENSE_TYPE] == r->col[COL_AMOUNT] + 1) {
		f->expense = r->f[COL_AMOUNT];
		f->expenselen = r->len[COL_AMOUNT];
	}
	c->st->repaired++;
	return 0;
}

/*
 * A supplier ID that identifies nothing (besides one shared by many names,
 * extract_id_shared): a placeholder word ("N/A",
 * "Redacted", "0"), or one that carries the row's own transaction number
 * (Oxford's "20000000_46279931" beside transaction "46279931_1").  Such a
 * row is keyed by the supplier's name instead.
 */
static int id_is_placeholder(const struct extract_row *r, const char *id, size_t n)
{
	static const char *const words[] = {
		"n/a", "na", "none", "null", "unknown", "redacted", "tbc", "tba", "-", "--",
		"withheld", "not applicable", NULL
	};
	size_t i;

	for (i = 0; i < n && id[i] == '0'; i++)
		;
	if (i == n)
		return 1;                      /* "0", "0000" */
	if (n <= 14)
		for (i = 0; words[i]; i++)
			if (text_is(id, n, words[i]))
				return 1;
	return id_carries_transaction(id, n, r->f[COL_TRANSACTION], r->len[COL_TRANSACTION]);
}

/* A redaction wording in place of the payee; counted per wording. */
static int payee_redacted(struct spend_ctx *c, const char *name, size_t n)
{
	int k;

	if (!c->sink->redactions)
		return payee_is_redacted(name, n);
	k = redactions_match(c->sink->redactions, name, n);
	if (k < 0)
		return 0;
	c->counts[k]++;
	return 1;
}

/* The wordings that matched, with their counts, into st. */
static void keep_redaction_counts(struct spend_ctx *c)
{
	const struct redactions *r = c->sink->redactions;
	size_t i, n = redactions_count(r), k = 0;

	for (i = 0; i < n; i++)
		k += c->counts[i] != 0;
	if (!k)
		return;
	c->st->redaction_wordings = xcalloc(k, sizeof(char *));
	c->st->redaction_counts = xcalloc(k, sizeof(unsigned long));
	for (i = 0; i < n; i++)
		if (c->counts[i]) {
			c->st->redaction_wordings[c->st->nredactions] = xstrdup(redactions_wording(r, i));
			c->st->redaction_counts[c->st->nredactions++] = c->counts[i];
		}
}

/*
 * The header row again, below the data: two blocks pasted one under the
 * other.  Its amount cell (and supplier cells, when present) read the
 * same as the header's.  A report control row, not a rejected one.
 */
static int repeated_header(struct extract *x, const struct extract_row *r)
{
	static const enum col_role roles[] = { COL_AMOUNT, COL_SUPPLIER_NAME, COL_SUPPLIER_ID };
	size_t i;

	if (r->col[COL_AMOUNT] < 0 || !r->len[COL_AMOUNT])
		return 0;
	for (i = 0; i < sizeof(roles) / sizeof(roles[0]); i++) {
		int col = r->col[roles[i]];

		if (col >= 0 && strcmp(r->f[roles[i]], extract_header_cell(x, (size_t)col)))
			return 0;
	}
	return 1;
}

/*
 * The first record under the header is a second header row: labels under
 * the finance system's field names ("Net amount paid" under "amount").
 * Its amount cell is text that does not read as money, its date cell (when
 * there is one) text that does not start like a date, and its payee cell
 * is text too.  A report control row, not a rejected one.
 */
static int label_row(const struct spend_ctx *c, const struct extract_row *r)
{
	int64_t pence;

	if (c->st->records != 1 || !r->len[COL_AMOUNT] ||
	    amount_parse(r->f[COL_AMOUNT], r->len[COL_AMOUNT], &pence, NULL) == 0)
		return 0;
	if (ascii_digit((unsigned char)r->f[COL_AMOUNT][0]))
		return 0;
	if (r->col[COL_DATE] >= 0 && (!r->len[COL_DATE] || ascii_digit((unsigned char)r->f[COL_DATE][0])))
		return 0;
	return r->len[COL_SUPPLIER_NAME] || r->len[COL_SUPPLIER_ID];
}

static void one_row(struct spend_ctx *c, const struct extract_row *row)
{
	const struct extract_row *r = row;
	const char *id = r->f[COL_SUPPLIER_ID];
	size_t idlen = r->len[COL_SUPPLIER_ID];
	int anyrole = 0, k, dated = r->col[COL_DATE] >= 0;
	const char *tk;
	struct fields f;

	f.name = r->f[COL_SUPPLIER_NAME];
	f.namelen = r->len[COL_SUPPLIER_NAME];
	f.expense = r->f[COL_EXPENSE_TYPE];
	f.expenselen = r->len[COL_EXPENSE_TYPE];
	f.pence = 0;
	f.ymd = 0;

	c->st->records++;
	if (c->sink->record)
		c->sink->record(c->sink->ctx, r->toobig ? "" : r->f[COL_BODY],
				r->toobig ? 0 : r->len[COL_BODY]);
	if (r->toobig) {
		reject(c, r, "record is larger than the reader's limit (1 MiB a field, 4 MiB a record)");
		return;
	}
	if (r->has_nul) {
		reject(c, r, "record contains a NUL byte");
		return;
	}
	for (k = 0; k < COL__COUNT; k++)
		if (r->len[k])
			anyrole = 1;
	if (repeated_header(c->x, r) || label_row(c, r)) {
		skip(c, r, &c->st->skipped_control, &c->st->skipped_control_pence);
		return;
	}
	if (!f.namelen && !idlen) {
		/* no payee: a blank, control or total row, judged by the first cell */
		int fc = extract_first_nonblank(c->x);
		size_t firstlen = 0;
		const char *first = fc >= 0 ? extract_field(c->x, (size_t)fc, &firstlen) : "";

		if (!anyrole && !firstlen) {   /* blank, or only invisible bytes (Lambeth's daggers) */
			skip(c, r, &c->st->skipped_blank, &c->st->skipped_blank_pence);
			return;
		}
		if (is_control_row(first, firstlen)) {
			skip(c, r, &c->st->skipped_control, &c->st->skipped_control_pence);
			return;
		}
		tk = total_kind(first, firstlen);
	} else {
		tk = total_kind(f.name, f.namelen);
	}
	if (tk) {
		skip(c, r, &c->st->skipped_total, &c->st->skipped_total_pence);
		c->since_total = 0;
		return;
	}
	if (!anyrole) {
		reject(c, r, "no supplier, amount or date in the mapped columns");
		return;
	}
	diag_init(&c->why);
	if (amount_parse(r->f[COL_AMOUNT], r->len[COL_AMOUNT], &f.pence, &c->why) < 0) {
		if (repair_fused(c, r, &f) == 0)
			goto accept;
		reject(c, r, c->why.msg);
		return;
	}
	/*
	 * A footer: no payee (or a payee cell that starts "Total", as in
	 * "Total for March") and the amount of every row above it since the
	 * last total, even with a date beside it: a total, not spend.
	 */
	if (f.pence == c->since_total && c->st->accepted >= 2 &&
	    ((!f.namelen && !idlen) || text_starts_word(f.name, f.namelen, "total") ||
	     text_starts_word(f.name, f.namelen, "grand total"))) {
		skip(c, r, &c->st->skipped_total, &c->st->skipped_total_pence);
		c->since_total = 0;
		return;
	}
	if (!f.namelen && !idlen && (!dated || !r->len[COL_DATE])) {
		/* an amount alone: a grand total if it adds up, else unexplained */
		if (f.pence == c->since_total && c->st->accepted) {
			skip(c, r, &c->st->skipped_total, &c->st->skipped_total_pence);
			c->since_total = 0;
		} else {
			reject(c, r, "amount with no supplier and no date, and it is not "
			       "the total of the rows above");
		}
		return;
	}
	/* an empty date is kept as undated spend; a wrong one is rejected */
	if (dated && r->len[COL_DATE]) {
		if (date_parse(r->f[COL_DATE], r->len[COL_DATE], c->st->date_order, &f.ymd,
			       &c->why) < 0) {
			reject(c, r, c->why.msg);
			return;
		}
	}
accept:
	c->st->accepted++;
	c->st->accepted_pence += f.pence;
	c->since_total += f.pence;
	if (f.ymd) {
		if (!c->st->first_date || f.ymd < c->st->first_date)
			c->st->first_date = f.ymd;
		if (f.ymd > c->st->last_date)
			c->st->last_date = f.ymd;
		if (c->sink->dated)
			c->sink->dated(c->sink->ctx, f.ymd);
	} else {
		c->st->undated++;
	}
	if (idlen && (id_is_placeholder(r, id, idlen) || extract_id_shared(c->x, id, idlen))) {
		if (!c->st->ids_ignored++)
			snprintf(c->st->id_example, sizeof(c->st->id_example), "%.*s",
				 (int)(idlen < 40 ? idlen : 40), id);
		idlen = 0;
	}
	if ((!f.namelen && !idlen) || (f.namelen && payee_redacted(c, f.name, f.namelen))) {
		c->st->redacted++;
		c->st->redacted_pence += f.pence;
		return;
	}
	{
		struct spend_record sr;

		sr.supplier_id = id;
		sr.supplier_id_len = idlen;
		sr.name = f.name;
		sr.name_len = f.namelen;
		sr.company_number = r->f[COL_COMPANY_NUMBER];
		sr.company_number_len = r->len[COL_COMPANY_NUMBER];
		sr.vat = r->f[COL_VAT];
		sr.vat_len = r->len[COL_VAT];
		sr.charity = r->f[COL_CHARITY];
		sr.charity_len = r->len[COL_CHARITY];
		sr.creditor_type = r->f[COL_CREDITOR_TYPE];
		sr.creditor_type_len = r->len[COL_CREDITOR_TYPE];
		sr.expense_type = f.expense;
		sr.expense_type_len = f.expenselen;
		sr.proclass = NULL;
		sr.proclass_len = 0;
		if (!sr.expense_type_len) {
			sr.expense_type = r->f[COL_PROCLASS];
			sr.expense_type_len = r->len[COL_PROCLASS];
		} else {        /* both: the ProClass still counts (docs/risk-model.md) */
			sr.proclass = r->f[COL_PROCLASS];
			sr.proclass_len = r->len[COL_PROCLASS];
		}
		sr.pence = f.pence;
		sr.date = f.ymd;
		spend_feed_add(c->feed, &sr);
	}
}

int spend_read(const char *path, const struct profile *prof, const struct spend_sink *sink,
	       struct input_stats *st, struct diag *err)
{
	return spend_read_fd(-1, path, prof, sink, st, err);
}

int spend_read_fd(int fd, const char *path, const struct profile *prof,
		  const struct spend_sink *sink, struct input_stats *st, struct diag *err)
{
	struct spend_ctx c;
	struct extract_row row;
	int r;

	memset(&c, 0, sizeof(c));
	c.sink = sink;
	c.st = st;
	if (extract_open_fd(fd, path, INPUT_SPEND, prof, st, &c.x, err) < 0)
		return -1;
	extract_want(c.x, ROLE_BIT(COL_SUPPLIER_NAME) | ROLE_BIT(COL_SUPPLIER_ID) |
		     ROLE_BIT(COL_AMOUNT) | ROLE_BIT(COL_DATE) | ROLE_BIT(COL_COMPANY_NUMBER) |
		     ROLE_BIT(COL_VAT) | ROLE_BIT(COL_EXPENSE_TYPE) | ROLE_BIT(COL_PROCLASS) |
		     ROLE_BIT(COL_CHARITY) | ROLE_BIT(COL_CREDITOR_TYPE) |
		     (extract_ids_carry_transactions(c.x) ? ROLE_BIT(COL_TRANSACTION) : 0) |
		     (sink->record ? ROLE_BIT(COL_BODY) : 0));
	c.counts = xcalloc(redactions_count(sink->redactions) + 1, sizeof(*c.counts));
	c.feed = spend_feed_start(sink->suppliers);
	while ((r = extract_next(c.x, &row, err)) > 0)
		one_row(&c, &row);
	spend_feed_finish(c.feed);
	keep_redaction_counts(&c);
	free(c.counts);
	if (r == 0 && extract_finish(c.x, st, err) < 0)
		r = -1;
	extract_close(c.x);
	return r < 0 ? -1 : 0;
}
