/*
 * reviewimport.c: `chainwatch review import FILE` - decisions read back
 * from the workbook's Flags sheet (or a CSV saved from it, or `review
 * export`), checked row by row, applied in one transaction (reviewcmd.h).
 */
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "chainwatch/csv.h"
#include "chainwatch/csvout.h"
#include "chainwatch/encoding.h"
#include "chainwatch/flags.h"
#include "chainwatch/identity.h"
#include "chainwatch/msg.h"
#include "reviewcmd.h"
#include "chainwatch/reviewdb.h"
#include "chainwatch/run.h"
#include "chainwatch/xalloc.h"
#include "chainwatch/xlsxread.h"

#define MAX_SHOWN 50

/*
 * The file is read as a stream of cells - a sheet's, or a CSV's by
 * physical line - one row at a time: the header row is found, then each
 * row is checked as it ends.  Only the row being read and the rows to
 * apply (at most one per flag) are kept, so a workbook of millions of
 * cells, or of one long string repeated in all of them, takes the memory
 * of one row.
 */

enum col { C_ID, C_RUN, C_COUNCIL, C_STATUS, C_REVIEWER, C_DATE, C_NOTE, C_NEXT, C_LINK,
	   C__COUNT };

static const char *const col_titles[C__COUNT] = {
	"Flag ID", "Run", "Council", "Review status", "Reviewer", "Review date", "Note",
	"Next review date", "Evidence link",
};

/*
 * The Suppliers sheet's review columns, in the same slots: the key, run
 * and council where the flags have theirs (row_council reads both), the
 * owner in the reviewer's, the due date in the review date's, the next
 * action (text) in the next review's.
 */
#define S_OWNER C_REVIEWER
#define S_DUE C_DATE
#define S_ACTION C_NEXT
static const char *const supplier_titles[C__COUNT] = {
	"Supplier key", "Run", "Council", "Status", "Owner", "Due date", "Review note",
	"Next action", NULL,
};

/* A supplier review to apply. */
struct spending {
	struct supplier_review_change c;
	struct supplier_review old;   /* as it was (had): its strings copied, owned */
	int had;
	char *council, *key, *owner, *action, *note, *by;
};

struct pending {
	struct review r;
	const struct review_row *old;
	char at[24];
	char *by, *note, *link;       /* the row's text, copied */
};

struct import {
	const struct review_options *o;
	const char *path;
	int xlsx;
	int col[C__COUNT];            /* the header's columns; -1 absent */
	unsigned long header_row;     /* 0 until the header row has ended */
	unsigned long row;            /* the row being read; 0 before the first cell */
	int title[C__COUNT];          /* before the header: this row's columns titled so */
	struct buf v[C__COUNT];       /* after it: this row's text in the header's columns */
	struct buf t;
	struct store *st;             /* under the write lock from the first row on */
	struct review_row *all;       /* the flags, listed under the lock */
	size_t nall;
	struct pending *p;
	size_t np;
	const char **seen;            /* the flag ids (supplier keys) met so far */
	size_t nseen;
	const char *sheet;            /* "Flags" or "Suppliers" */
	const char *const *titles;    /* its columns' titles */
	struct supplier_review *sr;   /* the supplier reviews of sr_council */
	size_t nsr;
	char *sr_council;
	struct spending *sp;          /* the supplier reviews to apply */
	size_t nsp;
	char **seen_keys;             /* the supplier keys met (owned) */
	size_t nseen_keys;
	int suppliers_read;           /* the workbook's Suppliers sheet was read */
	char *book_run;               /* the first Run met: the workbook's run */
	char now[24];
	int32_t today;
	unsigned long errors, applied, unchanged;
	struct buf where;
};

/* "Flags!J12" for a workbook cell, "file.csv:12" for a CSV line. */
static const char *place(struct import *im, unsigned long row, int c)
{
	char name[16];

	buf_reset(&im->where);
	if (im->xlsx) {
		xlsx_cell_name(row, c >= 0 ? (unsigned)im->col[c] : 0, name);
		buf_printf(&im->where, "%s: %s!%s", im->path, im->sheet, name);
	} else {
		buf_printf(&im->where, "%s:%lu", im->path, row);
	}
	return im->where.s;
}

#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static void problem(struct import *im, unsigned long row, int c, const char *fmt, ...)
{
	va_list ap;
	char msg[512];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (++im->errors <= MAX_SHOWN)
		problemf("%s: %s", place(im, row, c), msg);
}

static int by_flag_id(const void *a, const void *b)
{
	const struct review_row *x = a, *y = b;

	return strcmp(x->flag_id, y->flag_id);
}

/*
 * The database, when the first row needs it: the write lock first, so the
 * decisions the rows are checked against cannot change before they are
 * applied; then the flags.  0 or -1.
 */
static int open_db(struct import *im, struct diag *err)
{
	struct review_filter f;

	if (im->st)
		return 0;
	memset(&f, 0, sizeof(f));
	f.council = im->o->council;
	if (review_open_db(im->o->db, &im->st, err) < 0 || reviewdb_begin(im->st, err) < 0 ||
	    reviewdb_list(im->st, &f, &im->all, &im->nall, err) < 0)
		return -1;
	/* by id, for row_flag's binary search: a workbook has a row per flag */
	if (im->nall)
		qsort(im->all, im->nall, sizeof(*im->all), by_flag_id);
	return 0;
}

/*
 * A row that differs from the flag's decision now.  When someone (or a
 * scan) changed the decision after the row's workbook was made, the row is
 * either untouched - it still shows the decision of then: skip it - or
 * edited: a conflict, never overwritten.  1 conflict, 2 untouched, 0 apply.
 */
static int conflict(struct import *im, const struct review_row *r, const char *run, long mark,
		    const char *status, const char *note, unsigned long row, struct diag *err)
{
	struct review_state then;

	if (!*run)
		return 0;
	if (reviewdb_state_at(im->st, r->council, r->flag_id, mark, &then, err) < 0)
		return -1;
	if (!then.changed_since)
		return 0;
	if (!strcmp(status, then.status) && !strcmp(note, then.note))
		return 2;
	if (*r->reopened && !strcmp(r->status, "open"))
		problem(im, row, C_STATUS, "conflict: flag %s reopened after this workbook's run %s "
			"(%s); decide on the newer workbook", r->flag_id, run, r->reopened);
	else
		problem(im, row, C_STATUS, "conflict: flag %s was reviewed again after this "
			"workbook's run %s (now %s by %s); export it again", r->flag_id, run,
			r->status, *r->reviewer ? r->reviewer : "nobody");
	return 1;
}

/*
 * The council a row speaks for: its run's (every row of a workbook names
 * its run; *mark is then the audit position the run's workbook shows),
 * else its Council cell (review export), else --council; NULL when nothing
 * says.  0, or 1 when the row is wrong (reported), or -1 on a database
 * error.
 */
static int row_council(struct import *im, const char *v[C__COUNT], unsigned long row,
		       char **out, long *mark, long *supplier_mark, struct diag *err)
{
	int found;

	*out = NULL;
	if (*v[C_RUN]) {
		found = reviewdb_run_mark(im->st, v[C_RUN], mark, supplier_mark, out, err);
		if (found < 0)
			return -1;
		if (!found) {
			problem(im, row, C_RUN, "run '%s' is not in the database", v[C_RUN]);
			return 1;
		}
	} else if (*v[C_COUNCIL]) {
		*out = xstrdup(v[C_COUNCIL]);
	} else if (im->o->council) {
		*out = xstrdup(im->o->council);
	}
	if (*out && im->o->council && strcmp(*out, im->o->council) != 0) {
		problem(im, row, *v[C_RUN] ? C_RUN : C_COUNCIL, "this row is %s's, not --council %s",
			*out, im->o->council);
		free(*out);
		*out = NULL;
		return 1;
	}
	return 0;
}

/* The flag of the row's id and council; reports the row when there is none. */
static const struct review_row *row_flag(struct import *im, const struct review_row *all,
					 size_t nall, const char *id, const char *council,
					 unsigned long row)
{
	const struct review_row *other = NULL;
	size_t lo = 0, hi = nall, i;

	while (lo < hi) {              /* the first row of the id, all sorted by id */
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(all[mid].flag_id, id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = lo; i < nall && !strcmp(all[i].flag_id, id); i++) {
		if (!council || !strcmp(all[i].council, council))
			return &all[i];
		other = &all[i];
	}
	if (other)
		problem(im, row, C_ID, "flag %s is %s's, not %s's: nothing of one council is "
			"applied to another", id, other->council, council);
	else
		problem(im, row, C_ID, "unknown flag id '%s'", id);
	return NULL;
}

/* One data row, checked; kept in im->p when it is to be applied.  0 or -1. */
static int check_row(struct import *im, struct diag *err)
{
	const char *v[C__COUNT], *status;
	const struct review_row *r = NULL;
	unsigned long row = im->row;
	struct pending *q;
	int32_t date = 0, next = 0;
	size_t k;
	int bad = 0, rc;
	char *council;
	long mark = 0;

	for (k = 0; k < C__COUNT; k++)
		v[k] = im->v[k].s;
	if (!*v[C_ID])
		return 0;
	if (*v[C_RUN] && !im->book_run && im->xlsx)
		im->book_run = xstrdup(v[C_RUN]);
	if (open_db(im, err) < 0)
		return -1;
	rc = row_council(im, v, row, &council, &mark, NULL, err);
	if (rc < 0)
		return -1;
	if (rc == 0)
		r = row_flag(im, im->all, im->nall, v[C_ID], council, row);
	free(council);
	if (!r)
		return 0;
	for (k = 0; k < im->nseen; k++)
		if (!strcmp(im->seen[k], v[C_ID]))
			break;
	if (k < im->nseen) {
		problem(im, row, C_ID, "flag %s is on two rows; keep one", v[C_ID]);
		return 0;
	}
	im->seen = xreallocarray(im->seen, im->nseen + 1, sizeof(*im->seen));
	im->seen[im->nseen++] = r->flag_id;
	status = flag_review_status(v[C_STATUS]);
	if (!status) {
		problem(im, row, C_STATUS, "status '%s' is not one of open, under review, "
			"cleared, action plan, escalated, referred", v[C_STATUS]);
		bad = 1;
	}
	if (*v[C_DATE] && review_date_parse(v[C_DATE], &date) < 0) {
		problem(im, row, C_DATE, "review date '%s' is not a date", v[C_DATE]);
		bad = 1;
	}
	if (*v[C_NEXT] && review_date_parse(v[C_NEXT], &next) < 0) {
		problem(im, row, C_NEXT, "next review date '%s' is not a date", v[C_NEXT]);
		bad = 1;
	}
	if (bad)
		return 0;
	if (!strcmp(status, r->status) && !strcmp(v[C_REVIEWER], r->reviewer) &&
	    !strcmp(v[C_NOTE], r->note) && next == r->next_review &&
	    (!*v[C_DATE] || date == r->review_date) &&
	    !strcmp(v[C_LINK], r->evidence_link)) {
		im->unchanged++;
		return 0;
	}
	rc = conflict(im, r, v[C_RUN], mark, status, v[C_NOTE], row, err);
	if (rc < 0)
		return -1;
	if (rc == 2)
		im->unchanged++;
	if (rc)
		return 0;
	if (!*v[C_REVIEWER] && !im->o->by) {
		problem(im, row, C_REVIEWER, "no reviewer: fill in Reviewer or give --by");
		return 0;
	}
	im->p = xreallocarray(im->p, im->np + 1, sizeof(*im->p));
	q = &im->p[im->np++];
	memset(q, 0, sizeof(*q));
	snprintf(q->at, sizeof(q->at), "%s", im->now);
	q->by = xstrdup(*v[C_REVIEWER] ? v[C_REVIEWER] : im->o->by);
	q->note = xstrdup(v[C_NOTE]);
	q->link = xstrdup(v[C_LINK]);
	q->old = r;
	q->r.council = r->council;
	q->r.flag_id = r->flag_id;
	q->r.status = status;
	q->r.by = q->by;
	q->r.date = date ? date : im->today;
	q->r.note = q->note;
	q->r.next_review = next;
	q->r.evidence_link = q->link;
	q->r.source = im->xlsx ? "workbook import" : "csv import";
	return 0;
}

/* The council's supplier reviews, listed once per council met.  0 or -1. */
static int supplier_reviews_of(struct import *im, const char *council, struct diag *err)
{
	if (im->sr_council && !strcmp(im->sr_council, council))
		return 0;
	supplier_reviews_free(im->sr, im->nsr);
	im->sr = NULL;
	im->nsr = 0;
	free(im->sr_council);
	im->sr_council = xstrdup(council);
	return reviewdb_supplier_list(im->st, council, &im->sr, &im->nsr, err);
}

static int same_text(const char *a, const char *b)
{
	return !strcmp(a ? a : "", b ? b : "");
}

/*
 * A Suppliers row that differs from the review now, when the review was
 * changed after the row's workbook was made (supplier_mark: the supplier
 * audit's position its run shows; -1 when the run did not record one):
 * untouched - it still shows the review of then: skip it - or edited: a
 * conflict, never overwritten.  As conflict() for flags: 1 conflict,
 * 2 untouched, 0 apply, -1 error.
 */
static int supplier_conflict(struct import *im, const char *council, const char *v[C__COUNT],
			     const char *status, long supplier_mark, unsigned long row,
			     struct diag *err)
{
	struct review_state then;

	if (!*v[C_RUN] || supplier_mark < 0)
		return 0;
	if (reviewdb_supplier_state_at(im->st, council, v[C_ID], supplier_mark, &then, err) < 0)
		return -1;
	if (!then.changed_since)
		return 0;
	if (!strcmp(status, then.status) && same_text(v[C_NOTE], then.note)) {
		im->unchanged++;
		return 2;
	}
	problem(im, row, C_STATUS, "conflict: supplier %s was reviewed again after this "
		"workbook's run %s; export it again", v[C_ID], v[C_RUN]);
	return 1;
}

/*
 * One row of the Suppliers sheet, checked; kept in im->sp when its review
 * columns differ from the supplier's review now.  0 or -1.
 */
static int check_supplier_row(struct import *im, struct diag *err)
{
	const char *v[C__COUNT], *status, *by;
	const struct supplier_review *old;
	unsigned long row = im->row;
	struct spending *q;
	int32_t due = 0;
	char *council = NULL;
	long mark = 0, supplier_mark = -1;
	size_t k;
	int rc, bad = 0, ret = 0;

	for (k = 0; k < C__COUNT; k++)
		v[k] = im->v[k].s;
	if (!*v[C_ID] || im->col[C_STATUS] < 0)
		return 0;
	/* the sheet gives its run once (hidden, on the first row): the workbook's run */
	if (*v[C_RUN] && !im->book_run)
		im->book_run = xstrdup(v[C_RUN]);
	if (!*v[C_RUN] && im->book_run)
		v[C_RUN] = im->book_run;
	rc = row_council(im, v, row, &council, &mark, &supplier_mark, err);
	if (rc)
		return rc < 0 ? -1 : 0;
	if (!council) {
		problem(im, row, C_RUN, "no run to say whose supplier this is; give --council");
		return 0;
	}
	for (k = 0; k < im->nseen_keys; k++)
		if (!strcmp(im->seen_keys[k], v[C_ID]))
			break;
	if (k < im->nseen_keys) {
		problem(im, row, C_ID, "supplier %s is on two rows; keep one", v[C_ID]);
		goto out;
	}
	im->seen_keys = xreallocarray(im->seen_keys, im->nseen_keys + 1, sizeof(*im->seen_keys));
	im->seen_keys[im->nseen_keys++] = xstrdup(v[C_ID]);
	status = *v[C_STATUS] ? flag_review_status(v[C_STATUS]) : "open";   /* blank: not yet */
	if (!status) {
		problem(im, row, C_STATUS, "status '%s' is not one of open, under review, "
			"cleared, action plan, escalated, referred", v[C_STATUS]);
		bad = 1;
	}
	if (*v[S_DUE] && review_date_parse(v[S_DUE], &due) < 0) {
		problem(im, row, S_DUE, "due date '%s' is not a date", v[S_DUE]);
		bad = 1;
	}
	if (bad)
		goto out;
	if (supplier_reviews_of(im, council, err) < 0) {
		ret = -1;
		goto out;
	}
	old = supplier_review_find(im->sr, im->nsr, v[C_ID]);
	if (!strcmp(status, old ? old->status : "open") &&
	    same_text(v[S_OWNER], old ? old->owner : NULL) &&
	    same_text(v[S_ACTION], old ? old->next_action : NULL) &&
	    same_text(v[C_NOTE], old ? old->note : NULL) && due == (old ? old->due_date : 0)) {
		im->unchanged++;
		goto out;
	}
	rc = supplier_conflict(im, council, v, status, supplier_mark, row, err);
	if (rc) {
		ret = rc < 0 ? -1 : 0;
		goto out;
	}
	rc = reviewdb_supplier_known(im->st, council, v[C_ID], err);
	if (rc < 0) {
		ret = -1;
		goto out;
	}
	if (!rc) {
		problem(im, row, C_ID, "unknown supplier '%s' for %s", v[C_ID], council);
		goto out;
	}
	by = im->o->by ? im->o->by : v[S_OWNER];
	if (!*by) {
		problem(im, row, S_OWNER, "no owner: fill in Owner or give --by");
		goto out;
	}
	im->sp = xreallocarray(im->sp, im->nsp + 1, sizeof(*im->sp));
	q = &im->sp[im->nsp++];
	memset(q, 0, sizeof(*q));
	q->council = council;
	council = NULL;
	q->key = xstrdup(v[C_ID]);
	q->owner = xstrdup(v[S_OWNER]);
	q->action = xstrdup(v[S_ACTION]);
	q->note = xstrdup(v[C_NOTE]);
	q->by = xstrdup(by);
	q->had = old != NULL;
	if (old) {
		q->old.supplier_key = NULL;
		q->old.owner = xstrdup(old->owner);
		q->old.status = xstrdup(old->status);
		q->old.next_action = xstrdup(old->next_action);
		q->old.note = xstrdup(old->note);
		q->old.due_date = old->due_date;
	}
	q->c.council = q->council;
	q->c.supplier_key = q->key;
	q->c.status = status;
	q->c.owner = q->owner;
	q->c.next_action = q->action;
	q->c.note = q->note;
	q->c.due_date = due;
	q->c.by = q->by;
	q->c.source = "workbook import";
out:
	free(council);
	return ret;
}

/*
 * The row being read has ended.  Before the header: it is the header when
 * a cell says "Flag ID" (its columns are then the header's), else it is
 * forgotten.  After: it is checked.  0, or -1 (err filled).
 */
static int row_end(struct import *im, struct diag *err)
{
	size_t k;
	int rc = 0;

	if (!im->row)
		return 0;
	if (im->header_row) {
		rc = im->titles == supplier_titles ? check_supplier_row(im, err) : check_row(im, err);
	} else if (im->title[C_ID] >= 0) {
		memcpy(im->col, im->title, sizeof(im->col));
		im->header_row = im->row;
		if (im->col[C_STATUS] < 0 && im->titles == col_titles)
			rc = diag_set(err, CW_INPUT, "%s: no 'Review status' column beside "
				      "'Flag ID'", im->path);
	}
	for (k = 0; k < C__COUNT; k++) {
		im->title[k] = -1;
		buf_reset(&im->v[k]);
	}
	return rc;
}

/* The next cell of the file, in order.  0, or -1 (err filled). */
static int take_cell(struct import *im, unsigned long row, unsigned col, const char *text,
		     size_t len, struct diag *err)
{
	size_t k;

	if (row != im->row && row_end(im, err) < 0)
		return -1;
	im->row = row;
	if (im->header_row) {
		for (k = 0; k < C__COUNT; k++)
			if (im->col[k] == (int)col) {
				buf_reset(&im->v[k]);
				text_clean(text, len, &im->v[k]);
			}
		return 0;
	}
	buf_reset(&im->t);
	text_clean(text, len, &im->t);
	for (k = 0; k < C__COUNT; k++)
		if (im->title[k] < 0 && im->titles[k] && !strcmp(im->t.s, im->titles[k]))
			im->title[k] = (int)col;
	return 0;
}

static int take_xlsx_cell(void *ctx, const struct xlsx_cell *c, struct diag *err)
{
	return take_cell(ctx, c->row, c->col, c->text, c->len, err);
}

static int read_csv(struct import *im, struct diag *err)
{
	struct csv_reader *rd;
	struct csv_record rec;
	struct decoder *dec = NULL;
	struct buf t;
	int fd, rc = 0;
	size_t i;

	fd = open(im->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return diag_set(err, CW_INPUT, "%s: cannot open: %s", im->path, strerror(errno));
	rd = csv_reader_fd(fd, NULL, NULL, NULL);
	buf_init(&t, 0);
	dec = decoder_new(ENC_CP1252, err);
	while (dec && (rc = csv_next(rd, &rec, err)) > 0) {
		if (rec.toobig) {
			rc = diag_set(err, CW_INPUT, "%s:%lu: the row is larger than the reader's "
				      "limit", im->path, rec.line);
			break;
		}
		for (i = 0; i < rec.nfields && rc >= 0; i++) {
			/* what review export neutralised against formulas comes back as it was */
			size_t skip = csv_neutralised_prefix(rec.fields[i].p, rec.fields[i].len);
			const char *p = rec.fields[i].p + skip;
			size_t len = rec.fields[i].len - skip;

			buf_reset(&t);
			if (utf8_valid(p, len))
				buf_add(&t, p, len);
			else
				decoder_to_utf8(dec, p, len, &t);
			rc = take_cell(im, rec.line, (unsigned)i, t.s, t.len, err);
		}
		if (rc < 0)
			break;
	}
	decoder_free(dec);
	buf_release(&t);
	csv_reader_free(rd);
	close(fd);
	return dec && rc >= 0 ? 0 : -1;
}

/* Every row of the file checked, and the database open.  0 or -1. */
static int read_rows(struct import *im, struct diag *err)
{
	struct xlsx_book *book = NULL;
	int ret = -1;
	size_t i, k;

	im->sheet = "Flags";
	im->titles = col_titles;
	if (im->xlsx) {
		book = xlsx_open(im->path, NULL, err);
		if (!book || xlsx_read_sheet(book, "Flags", take_xlsx_cell, im, err) < 0)
			goto out;
	} else if (read_csv(im, err) < 0) {
		goto out;
	}
	if (row_end(im, err) < 0)
		goto out;
	im->row = 0;
	if (!im->header_row) {
		diag_set(err, CW_INPUT, "%s: no 'Flag ID' column: not the Flags sheet of a "
			 "chainwatch workbook, nor a 'review export' CSV", im->path);
		goto out;
	}
	if (open_db(im, err) < 0)
		goto out;
	/* the supplier reviews: a workbook's Suppliers sheet, when it has one */
	for (i = 0; book && i < xlsx_sheet_count(book); i++)
		if (!strcmp(xlsx_sheet_name(book, i), "Suppliers"))
			break;
	if (book && i < xlsx_sheet_count(book)) {
		im->sheet = "Suppliers";
		im->titles = supplier_titles;
		im->header_row = 0;
		for (k = 0; k < C__COUNT; k++) {
			im->col[k] = im->title[k] = -1;
			buf_reset(&im->v[k]);
		}
		if (xlsx_read_sheet(book, "Suppliers", take_xlsx_cell, im, err) < 0 ||
		    row_end(im, err) < 0)
			goto out;
		im->row = 0;
		im->suppliers_read = im->header_row != 0;
	}
	ret = 0;
out:
	xlsx_close(book);
	return ret;
}

static int ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), m = strlen(tail);

	return n >= m && !strcasecmp(s + n - m, tail);
}

int review_import_run(const struct review_options *o, struct diag *err)
{
	struct import im;
	struct pending *p;
	size_t np, i;
	int code = CW_OK;

	memset(&im, 0, sizeof(im));
	im.o = o;
	im.path = o->file;
	im.xlsx = ends_with(o->file, ".xlsx");
	for (i = 0; i < C__COUNT; i++) {
		im.col[i] = im.title[i] = -1;
		buf_init(&im.v[i], 0);
	}
	buf_init(&im.t, 0);
	buf_init(&im.where, 0);
	run_time_format(run_clock(), im.now);
	im.today = run_date(run_clock());
	if (read_rows(&im, err) < 0)
		goto fail;
	p = im.p;
	np = im.np;
	for (i = 0; i < np; i++)
		p[i].r.at = p[i].at;
	if (im.errors > MAX_SHOWN)
		warnf("... %lu more", im.errors - MAX_SHOWN);
	if (im.errors && !o->partial) {
		diag_set(err, CW_INPUT, "%s: %lu row%s wrong; nothing was applied (fix them, or give "
			 "--partial to apply the %zu good row%s)", o->file, im.errors,
			 im.errors == 1 ? " is" : "s are", np + im.nsp, np + im.nsp == 1 ? "" : "s");
		goto fail;
	}
	for (i = 0; i < np; i++)
		if (reviewdb_apply(im.st, &p[i].r, p[i].old, err) < 0)
			goto fail;
	for (i = 0; i < im.nsp; i++) {
		im.sp[i].c.at = im.now;
		if (reviewdb_supplier_apply(im.st, &im.sp[i].c, im.sp[i].had ? &im.sp[i].old : NULL,
					    err) < 0)
			goto fail;
	}
	if (reviewdb_commit(im.st, err) < 0)
		goto fail;
	if (im.suppliers_read)
		notef("%s: %zu decision%s applied, %zu supplier review%s applied, %lu unchanged, "
		      "%lu row%s wrong", o->file, np, np == 1 ? "" : "s", im.nsp,
		      im.nsp == 1 ? "" : "s", im.unchanged, im.errors, im.errors == 1 ? "" : "s");
	else
		notef("%s: %zu decision%s applied, %lu unchanged, %lu row%s wrong", o->file, np,
		      np == 1 ? "" : "s", im.unchanged, im.errors, im.errors == 1 ? "" : "s");
	goto out;
fail:
	code = err->code ? err->code : CW_INTERNAL;
	if (im.st)
		reviewdb_abort(im.st);
out:
	for (i = 0; i < im.np; i++) {
		free(im.p[i].by);
		free(im.p[i].note);
		free(im.p[i].link);
	}
	free(im.p);
	free(im.seen);
	for (i = 0; i < im.nsp; i++) {
		free(im.sp[i].council);
		free(im.sp[i].key);
		free(im.sp[i].owner);
		free(im.sp[i].action);
		free(im.sp[i].note);
		free(im.sp[i].by);
		free(im.sp[i].old.owner);
		free(im.sp[i].old.status);
		free(im.sp[i].old.next_action);
		free(im.sp[i].old.note);
	}
	free(im.sp);
	for (i = 0; i < im.nseen_keys; i++)
		free(im.seen_keys[i]);
	free(im.seen_keys);
	supplier_reviews_free(im.sr, im.nsr);
	free(im.sr_council);
	free(im.book_run);
	review_rows_free(im.all, im.nall);
	store_close(im.st);
	for (i = 0; i < C__COUNT; i++)
		buf_release(&im.v[i]);
	buf_release(&im.t);
	buf_release(&im.where);
	return code;
}
