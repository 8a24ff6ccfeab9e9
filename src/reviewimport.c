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
#include "chainwatch/reviewcmd.h"
#include "chainwatch/reviewdb.h"
#include "chainwatch/run.h"
#include "chainwatch/xalloc.h"
#include "chainwatch/xlsxread.h"

#define MAX_SHOWN 50

/*
 * The file as cells: a sheet's, or a CSV's by physical line.  A cell
 * holding a shared string points at the grid's one cleaned copy of it
 * (shared[i]), never a copy of its own: one string may fill every cell.
 */
struct cell {
	unsigned long row;
	unsigned col;
	char *text;
	int shared;        /* text is in shared[], not the cell's own */
};

struct grid {
	struct cell *v;
	size_t n, cap;
	char **shared;     /* the cleaned shared strings met so far, by index */
	size_t nshared;
};

static char *clean_dup(const char *text, size_t len)
{
	struct buf b;

	buf_init(&b, 0);
	text_clean(text, len, &b);
	return buf_detach(&b, NULL);
}

static void grid_put(struct grid *g, unsigned long row, unsigned col, char *text, int shared)
{
	if (g->n == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 1024;
		g->v = xreallocarray(g->v, g->cap, sizeof(*g->v));
	}
	g->v[g->n++] = (struct cell){ row, col, text, shared };
}

static int grid_add(void *ctx, const struct xlsx_cell *c, struct diag *err)
{
	struct grid *g = ctx;
	size_t i = (size_t)c->shared;

	(void)err;
	if (c->shared < 0) {
		grid_put(g, c->row, c->col, clean_dup(c->text, c->len), 0);
		return 0;
	}
	if (i >= g->nshared) {
		size_t n = i + 1 > 2 * g->nshared ? i + 1 : 2 * g->nshared;

		g->shared = xreallocarray(g->shared, n, sizeof(*g->shared));
		memset(g->shared + g->nshared, 0, (n - g->nshared) * sizeof(*g->shared));
		g->nshared = n;
	}
	if (!g->shared[i])
		g->shared[i] = clean_dup(c->text, c->len);
	grid_put(g, c->row, c->col, g->shared[i], 1);
	return 0;
}

static void grid_free(struct grid *g)
{
	size_t i;

	for (i = 0; i < g->n; i++)
		if (!g->v[i].shared)
			free(g->v[i].text);
	for (i = 0; i < g->nshared; i++)
		free(g->shared[i]);
	free(g->shared);
	free(g->v);
}

static int read_csv_grid(const char *path, struct grid *g, struct diag *err)
{
	struct csv_reader *rd;
	struct csv_record rec;
	struct decoder *dec = NULL;
	struct buf t;
	int fd, rc = 0;
	size_t i;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return diag_set(err, CW_INPUT, "%s: cannot open: %s", path, strerror(errno));
	rd = csv_reader_fd(fd, NULL, NULL, NULL);
	buf_init(&t, 0);
	dec = decoder_new(ENC_CP1252, err);
	while (dec && (rc = csv_next(rd, &rec, err)) > 0) {
		if (rec.toobig) {
			rc = diag_set(err, CW_INPUT, "%s:%lu: the row is larger than the reader's "
				      "limit", path, rec.line);
			break;
		}
		for (i = 0; i < rec.nfields; i++) {
			/* what review export neutralised against formulas comes back as it was */
			size_t skip = csv_neutralised_prefix(rec.fields[i].p, rec.fields[i].len);
			const char *p = rec.fields[i].p + skip;
			size_t len = rec.fields[i].len - skip;

			buf_reset(&t);
			if (utf8_valid(p, len))
				buf_add(&t, p, len);
			else
				decoder_to_utf8(dec, p, len, &t);
			grid_put(g, rec.line, (unsigned)i, clean_dup(t.s, t.len), 0);
		}
	}
	decoder_free(dec);
	buf_release(&t);
	csv_reader_free(rd);
	close(fd);
	return dec && rc >= 0 ? 0 : -1;
}

/* ---- the rows ---- */

enum col { C_ID, C_RUN, C_COUNCIL, C_STATUS, C_REVIEWER, C_DATE, C_NOTE, C_NEXT, C_LINK,
	   C__COUNT };

static const char *const col_titles[C__COUNT] = {
	"Flag ID", "Run", "Council", "Review status", "Reviewer", "Review date", "Note",
	"Next review date", "Evidence link",
};

struct import {
	const struct review_options *o;
	const char *path;
	int xlsx;
	struct grid g;
	int col[C__COUNT];
	unsigned long header_row;
	struct store *st;
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
		buf_printf(&im->where, "%s: Flags!%s", im->path, name);
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
		fprintf(stderr, "%s: %s\n", place(im, row, c), msg);
}

static int find_header(struct import *im, struct diag *err)
{
	size_t i, k;

	for (k = 0; k < C__COUNT; k++)
		im->col[k] = -1;
	for (i = 0; i < im->g.n && !im->header_row; i++)
		if (!strcmp(im->g.v[i].text, col_titles[C_ID]))
			im->header_row = im->g.v[i].row;
	if (!im->header_row)
		return diag_set(err, CW_INPUT, "%s: no 'Flag ID' column: not the Flags sheet of a "
				"chainwatch workbook, nor a 'review export' CSV", im->path);
	for (i = 0; i < im->g.n; i++)
		if (im->g.v[i].row == im->header_row)
			for (k = 0; k < C__COUNT; k++)
				if (im->col[k] < 0 && !strcmp(im->g.v[i].text, col_titles[k]))
					im->col[k] = (int)im->g.v[i].col;
	if (im->col[C_STATUS] < 0)
		return diag_set(err, CW_INPUT, "%s: no 'Review status' column beside 'Flag ID'",
				im->path);
	return 0;
}

/* One data row's cells by column (borrowed from the grid; "" when empty). */
static void row_cells(const struct import *im, size_t *at, const char *v[C__COUNT],
		      unsigned long *row)
{
	size_t k;

	for (k = 0; k < C__COUNT; k++)
		v[k] = "";
	*row = im->g.v[*at].row;
	for (; *at < im->g.n && im->g.v[*at].row == *row; (*at)++)
		for (k = 0; k < C__COUNT; k++)
			if (im->col[k] >= 0 && im->g.v[*at].col == (unsigned)im->col[k])
				v[k] = im->g.v[*at].text;
}

/*
 * A row that differs from the flag's decision now.  When someone (or a
 * scan) changed the decision after the row's workbook was made, the row is
 * either untouched - it still shows the decision of then: skip it - or
 * edited: a conflict, never overwritten.  1 conflict, 2 untouched, 0 apply.
 */
static int conflict(struct import *im, const struct review_row *r, const char *run,
		    const char *status, const char *note, unsigned long row, struct diag *err)
{
	struct review_state then;
	long mark;
	int found;

	if (!*run)
		return 0;
	found = reviewdb_run_mark(im->st, run, &mark, err);
	if (found < 0)
		return -1;
	if (!found) {
		problem(im, row, C_RUN, "run '%s' is not in the database", run);
		return 1;
	}
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
 * its run), else its Council cell (review export), else --council; NULL
 * when nothing says.  0, or 1 when the row is wrong (reported), or -1 on a
 * database error.
 */
static int row_council(struct import *im, const char *v[C__COUNT], unsigned long row,
		       char **out, struct diag *err)
{
	struct diag e;

	*out = NULL;
	if (*v[C_RUN]) {
		diag_init(&e);
		*out = reviewdb_run_council(im->st, v[C_RUN], &e);
		if (!*out && e.code) {
			*err = e;
			return -1;
		}
		if (!*out) {
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
	size_t i;

	for (i = 0; i < nall; i++) {
		if (strcmp(all[i].flag_id, id) != 0)
			continue;
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

struct pending {
	struct review r;
	const struct review_row *old;
	char at[24];
};

static int check_rows(struct import *im, struct review_row *all, size_t nall,
		      struct pending **out, size_t *nout, struct diag *err)
{
	struct pending *p = NULL;
	size_t at = 0, np = 0, i, k;
	char **seen = NULL, now[24];
	size_t nseen = 0;
	int32_t today;

	run_time_format(run_clock(), now);
	today = run_date(run_clock());
	while (at < im->g.n && im->g.v[at].row <= im->header_row)
		at++;
	while (at < im->g.n) {
		const char *v[C__COUNT], *status;
		const struct review_row *r = NULL;
		unsigned long row;
		int32_t date = 0, next = 0;
		int bad = 0, rc;
		char *council;

		row_cells(im, &at, v, &row);
		if (!*v[C_ID])
			continue;
		rc = row_council(im, v, row, &council, err);
		if (rc < 0)
			goto fail;
		if (rc == 0)
			r = row_flag(im, all, nall, v[C_ID], council, row);
		free(council);
		if (!r)
			continue;
		for (k = 0; k < nseen; k++)
			if (!strcmp(seen[k], v[C_ID]))
				break;
		if (k < nseen) {
			problem(im, row, C_ID, "flag %s is on two rows; keep one", v[C_ID]);
			continue;
		}
		seen = xreallocarray(seen, nseen + 1, sizeof(*seen));
		seen[nseen++] = (char *)v[C_ID];
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
			continue;
		if (!strcmp(status, r->status) && !strcmp(v[C_REVIEWER], r->reviewer) &&
		    !strcmp(v[C_NOTE], r->note) && next == r->next_review &&
		    (!*v[C_DATE] || date == r->review_date) &&
		    !strcmp(v[C_LINK], r->evidence_link)) {
			im->unchanged++;
			continue;
		}
		rc = conflict(im, r, v[C_RUN], status, v[C_NOTE], row, err);
		if (rc < 0)
			goto fail;
		if (rc == 2)
			im->unchanged++;
		if (rc)
			continue;
		if (!*v[C_REVIEWER] && !im->o->by) {
			problem(im, row, C_REVIEWER, "no reviewer: fill in Reviewer or give --by");
			continue;
		}
		p = xreallocarray(p, np + 1, sizeof(*p));
		memset(&p[np], 0, sizeof(p[np]));
		snprintf(p[np].at, sizeof(p[np].at), "%s", now);
		p[np].old = r;
		p[np].r.council = r->council;
		p[np].r.flag_id = r->flag_id;
		p[np].r.status = status;
		p[np].r.by = *v[C_REVIEWER] ? v[C_REVIEWER] : im->o->by;
		p[np].r.date = date ? date : today;
		p[np].r.note = v[C_NOTE];
		p[np].r.next_review = next;
		p[np].r.evidence_link = v[C_LINK];
		p[np].r.source = im->xlsx ? "workbook import" : "csv import";
		np++;
	}
	free(seen);
	for (i = 0; i < np; i++)
		p[i].r.at = p[i].at;
	*out = p;
	*nout = np;
	return 0;
fail:
	free(seen);
	free(p);
	return -1;
}

static int ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), m = strlen(tail);

	return n >= m && !strcasecmp(s + n - m, tail);
}

int review_import_run(const struct review_options *o, struct diag *err)
{
	struct import im;
	struct review_filter f;
	struct review_row *all = NULL;
	struct pending *p = NULL;
	size_t nall = 0, np = 0, i;
	int code = CW_OK;

	memset(&im, 0, sizeof(im));
	im.o = o;
	im.path = o->file;
	im.xlsx = ends_with(o->file, ".xlsx");
	buf_init(&im.where, 0);
	if ((im.xlsx ? xlsx_read(o->file, "Flags", NULL, grid_add, &im.g, err)
		     : read_csv_grid(o->file, &im.g, err)) < 0 ||
	    find_header(&im, err) < 0)
		goto fail;
	memset(&f, 0, sizeof(f));
	f.council = o->council;
	/*
	 * The write lock first: the decisions the rows are checked against
	 * cannot change before they are applied.
	 */
	if (review_open_db(o->db, &im.st, err) < 0 || reviewdb_begin(im.st, err) < 0 ||
	    reviewdb_list(im.st, &f, &all, &nall, err) < 0 ||
	    check_rows(&im, all, nall, &p, &np, err) < 0)
		goto fail;
	if (im.errors > MAX_SHOWN)
		fprintf(stderr, "chainwatch: ... %lu more\n", im.errors - MAX_SHOWN);
	if (im.errors && !o->partial) {
		diag_set(err, CW_INPUT, "%s: %lu row%s wrong; nothing was applied (fix them, or give "
			 "--partial to apply the %zu good row%s)", o->file, im.errors,
			 im.errors == 1 ? " is" : "s are", np, np == 1 ? "" : "s");
		goto fail;
	}
	for (i = 0; i < np; i++)
		if (reviewdb_apply(im.st, &p[i].r, p[i].old, err) < 0)
			goto fail;
	if (reviewdb_commit(im.st, err) < 0)
		goto fail;
	if (!o->quiet)
		fprintf(stderr, "chainwatch: %s: %zu decision%s applied, %lu unchanged, %lu row%s "
			"wrong\n", o->file, np, np == 1 ? "" : "s", im.unchanged, im.errors,
			im.errors == 1 ? "" : "s");
	goto out;
fail:
	code = err->code ? err->code : CW_INTERNAL;
	if (im.st)
		reviewdb_abort(im.st);
out:
	free(p);
	review_rows_free(all, nall);
	store_close(im.st);
	grid_free(&im.g);
	buf_release(&im.where);
	return code;
}
