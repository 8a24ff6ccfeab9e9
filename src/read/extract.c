/*
 * extract.c: one extract file, from bytes to rows with named fields.
 *
 * Pass 1 reads every byte once: encoding sniffing, the header row and the
 * day/month order of the date column.  Pass 2 re-reads the file from the
 * start and streams the rows below the header.  Both passes use the same
 * CSV reader, so line numbers agree.  The SHA-256 is taken meanwhile on a
 * thread of its own, with pread() on the same descriptor;
 * extract_finish() collects it.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chainwatch/amount.h"
#include "chainwatch/buf.h"
#include "chainwatch/csv.h"
#include "chainwatch/extract.h"
#include "chainwatch/headerfind.h"
#include "chainwatch/idnames.h"
#include "chainwatch/period.h"
#include "chainwatch/identity.h"
#include "chainwatch/profile.h"
#include "chainwatch/sha256.h"
#include "chainwatch/xalloc.h"


struct hash_job {
	int fd;
	char hex[65];
	unsigned long long bytes;
	struct diag err;
	int ret;
	int running;             /* on its thread */
	pthread_t thread;
};

struct extract {
	int fd;
	const char *path;
	struct hash_job hash;
	struct csv_reader *rd;
	struct decoder *dec;
	int col[COL__COUNT];
	size_t header_nfields;
	unsigned long header_line;
	size_t header_index;     /* in the first pass's window */
	unsigned long data_line; /* a block of data pasted above the header starts here; 0 none */
	int pending;             /* x->rec holds the first row, not yet handed out */
	struct id_names *ids;    /* supplier IDs and their names, first ID_SAMPLE_ROWS rows */
	unsigned long id_rows;
	int ids_carry_tx;        /* some sampled ID carries its row's transaction number */
	struct csv_record rec;
	struct buf tmp;          /* one decoded field */
	struct buf row;          /* cleaned role fields of the current row */
	struct buf extra;        /* extract_field() */
	struct buf header;       /* the header's cells decoded and cleaned, NUL after each */
	size_t *header_off;      /* where each of them starts in header */
	int utf8;                /* valid UTF-8 throughout: no decoding needed */
	unsigned want;           /* roles extract_next decodes (bit per role) */
	int active[COL__COUNT];  /* those of them the header has */
	size_t nactive;
	const struct extract_row *row_ready;   /* row whose fixed parts are set */
};

static void *hash_main(void *arg)
{
	struct hash_job *h = arg;

	h->ret = sha256_fd(h->fd, h->hex, &h->bytes, &h->err);
	return NULL;
}

static void hash_start(struct extract *x)
{
	x->hash.fd = x->fd;
	diag_init(&x->hash.err);
	x->hash.running = pthread_create(&x->hash.thread, NULL, hash_main, &x->hash) == 0;
	if (!x->hash.running)   /* no thread to be had: hash here and now */
		hash_main(&x->hash);
}

static void hash_join(struct extract *x)
{
	if (x->hash.running)
		pthread_join(x->hash.thread, NULL);
	x->hash.running = 0;
}

static void pass1_tap(void *ctx, const void *p, size_t n)
{
	enc_sniffer_feed(ctx, p, n);
}

const char *input_reading(const struct input_stats *st, struct buf *b)
{
	static const enum col_role shown[] = {
		COL_SUPPLIER_NAME, COL_SUPPLIER_ID, COL_AMOUNT, COL_DATE, COL_EXPENSE_TYPE
	};
	size_t i, n = 0;

	buf_reset(b);
	for (i = 0; i < sizeof(shown) / sizeof(shown[0]); i++) {
		enum col_role r = shown[i];

		if (!st->columns[r])
			continue;
		buf_printf(b, "%s%s '%s' (%s", n++ ? ", " : "", col_role_name(r), st->columns[r],
			   col_evidence_name((enum col_evidence)st->evidence[r]));
		if (st->evidence[r] == EV_CONTENT || st->evidence[r] == EV_BOTH)
			buf_printf(b, " %u/%u", st->evidence_hits[r], st->evidence_rows[r]);
		buf_addc(b, ')');
	}
	if (!st->columns[COL_SUPPLIER_NAME])
		buf_printf(b, "%sno supplier name column: suppliers are known by ID only",
			   n ? "; " : "");
	if (st->ids_ignored) {
		buf_printf(b, "; supplier ID not a key on %lu row%s, keyed by name (placeholders, "
			   "the row's transaction number", st->ids_ignored,
			   st->ids_ignored == 1 ? "" : "s");
		if (st->ids_shared)
			buf_printf(b, ", %lu ID%s shared by %d or more names", st->ids_shared,
				   st->ids_shared == 1 ? "" : "s", ID_NAMES_SHARED);
		buf_printf(b, "; the first '%s')", st->id_example);
	}
	if (st->period[0])
		buf_printf(b, "; period %s from the %s", st->period, st->period_source);
	return b->s;
}

void input_stats_release(struct input_stats *st)
{
	int i;
	size_t k;

	if (!st)
		return;
	free(st->path);
	free(st->profile);
	for (i = 0; i < COL__COUNT; i++)
		free(st->columns[i]);
	for (k = 0; k < st->nredactions; k++)
		free(st->redaction_wordings[k]);
	free(st->redaction_wordings);
	free(st->redaction_counts);
	memset(st, 0, sizeof(*st));
}

static const char *required_roles_text(enum input_kind kind)
{
	return kind == INPUT_SUPPLIERS ?
		"a supplier name column and a supplier ID or company number column" :
		"a supplier name or supplier ID column and an amount column";
}

/* The profile names a column the header does not have: say which. */
static int missing_profile_column(const struct profile *prof, const int col[COL__COUNT],
				  const char *path, unsigned long line, struct diag *err)
{
	int r;

	for (r = 0; prof && r < COL__COUNT; r++)
		if (prof->columns[r] && col[r] < 0) {
			diag_set(err, CW_INPUT, "profile '%s' names column '%s' for %s, "
				 "but the header row has no such column", prof->name,
				 prof->columns[r], col_role_name((enum col_role)r));
			return diag_locate(err, path, line, 0);
		}
	return 0;
}

/*
 * The first records of the file, raw, for the header finder: blank and
 * oversized records are left out.  Kept until the header is decided.
 */
struct wrec {
	unsigned long line;
	size_t nfields;
	size_t off;              /* first cell in raw; cells are NUL-terminated */
};

struct window {
	struct buf raw;
	struct wrec *r;
	size_t n, cap;
	size_t want;             /* records to gather before deciding */
	size_t after_fixed;      /* records past a profile's header line */
};

#define WINDOW_MAX_BYTES ((size_t)16 << 20)
/*
 * When the first records hold no header, the window grows (x4) up to this
 * many records, for a header far down a sheet below a pasted block.
 */
#define WINDOW_FAR_RECORDS 25600
/* a block pasted above the header is data when at least this many rows read as money */
#define PASTED_MIN_ROWS 2
/* rows of a spend file whose supplier IDs are checked for sharing (idnames.h) */
#define ID_SAMPLE_ROWS 50000
#define MAX_SAMPLED_FIELDS 256

static int record_blank(const struct csv_record *rec)
{
	size_t i, k;

	for (i = 0; i < rec->nfields; i++)
		for (k = 0; k < rec->fields[i].len; k++)
			if (rec->fields[i].p[k] != ' ' && rec->fields[i].p[k] != '\t')
				return 0;
	return 1;
}

/* Keep a record; 1 when the window holds enough to decide. */
static int window_add(struct window *w, const struct csv_record *rec, const struct profile *prof)
{
	size_t i;

	if (!rec->toobig && !record_blank(rec)) {
		if (w->n == w->cap) {
			w->cap = w->cap ? 2 * w->cap : 128;
			w->r = xreallocarray(w->r, w->cap, sizeof(*w->r));
		}
		w->r[w->n].line = rec->line;
		w->r[w->n].nfields = rec->nfields;
		w->r[w->n].off = w->raw.len;
		for (i = 0; i < rec->nfields; i++)
			if (buf_add(&w->raw, rec->fields[i].p, rec->fields[i].len) < 0 ||
			    buf_addc(&w->raw, '\0') < 0)
				return 1;
		w->n++;
		if (prof && prof->header_line && rec->line > prof->header_line)
			w->after_fixed++;
	}
	if (w->raw.len > WINDOW_MAX_BYTES)
		return 1;
	if (prof && prof->header_line)
		return w->after_fixed >= HEADER_LOOKAHEAD;
	return w->n >= w->want;
}

static void window_release(struct window *w)
{
	buf_release(&w->raw);
	free(w->r);
	memset(w, 0, sizeof(*w));
}

/*
 * The period a title or parameter line above the header declares: the
 * first that does, or a "From ..." line and a "To ..." line spanned.
 */
static void title_period(const struct hf_record *recs, size_t header, struct input_stats *st)
{
	size_t i, k;
	int32_t f, l;

	for (i = 0; i < header; i++)
		for (k = 0; k < recs[i].nfields; k++) {
			const char *c = recs[i].cells[k];

			if (!*c || period_from_text(c, &f, &l) < 0)
				continue;
			if (!st->title_first) {
				st->title_first = f;
				st->title_last = l;
			} else if (strstr(c, "To") || strstr(c, "to") || strstr(c, "TO")) {
				if (l > st->title_last)
					st->title_last = l;
				return;
			}
			if (!strstr(c, "From") && !strstr(c, "from") && !strstr(c, "FROM"))
				return;
		}
}

/*
 * The header among recs[0..n): the finder looks at HEADER_CANDIDATES
 * records at a time, so a window grown past them is searched in steps.
 */
static int find_far(const struct hf_record *recs, size_t n, enum input_kind kind,
		    const struct profile *prof, struct hf_result *res)
{
	size_t off;

	for (off = 0; off < n; off += HEADER_CANDIDATES)
		if (header_find(recs + off, n - off, -1, kind, prof, res) == 0) {
			res->header += off;
			return 0;
		}
	return -1;
}

/*
 * Rows of data pasted above the header (a sheet whose first block lost
 * its header, the header then repeated above the next): the records
 * right above it whose amount cell reads as money, at least
 * PASTED_MIN_ROWS of them.  The index of the first, or `header` when
 * there is no such block.
 */
static size_t pasted_block(const struct hf_record *recs, size_t header, int amount)
{
	size_t i = header;
	int64_t pence;

	if (amount < 0)
		return header;
	while (i > 0 && (size_t)amount < recs[i - 1].nfields &&
	       recs[i - 1].nfields == recs[header].nfields &&
	       amount_parse(recs[i - 1].cells[amount], strlen(recs[i - 1].cells[amount]), &pence,
			    NULL) == 0)
		i--;
	return header - i >= PASTED_MIN_ROWS ? i : header;
}

/*
 * Decode the window with the encoding as sniffed so far (the header's own
 * bytes have been seen) and let the header finder choose.  -1 with err
 * when there is no header; the chosen header's raw cells go to *hdr.
 */
static int decide_header(struct extract *x, struct window *w, enum input_kind kind,
			 const struct profile *prof, enum text_encoding enc,
			 struct input_stats *st, struct buf *hdr, struct diag *err)
{
	struct decoder *dec = decoder_new(enc, err);
	struct hf_record *recs = NULL;
	const char **cells = NULL;
	size_t *offs = NULL, ncells = 0, i, k, c;
	struct buf text, tmp;
	struct hf_result res;
	long fixed = -1;
	int ret = -1, r;
	size_t first;

	buf_init(&text, 0);
	buf_init(&tmp, 0);
	if (!dec)
		return diag_locate(err, x->path, 0, 0);
	for (i = 0; i < w->n; i++)
		ncells += w->r[i].nfields;
	offs = xcalloc(ncells ? ncells : 1, sizeof(*offs));
	cells = xcalloc(ncells ? ncells : 1, sizeof(*cells));
	recs = xcalloc(w->n ? w->n : 1, sizeof(*recs));
	for (i = 0, c = 0; i < w->n; i++) {
		const char *p = w->raw.s + w->r[i].off;

		for (k = 0; k < w->r[i].nfields; k++, c++) {
			size_t n = strlen(p);

			buf_reset(&tmp);
			offs[c] = text.len;
			if (decoder_to_utf8(dec, p, n, &tmp) == 0)
				text_clean(tmp.s, tmp.len, &text);
			buf_addc(&text, '\0');
			p += n + 1;
		}
	}
	for (i = 0, c = 0; i < w->n; i++) {
		recs[i].line = w->r[i].line;
		recs[i].nfields = w->r[i].nfields;
		recs[i].cells = cells + c;
		for (k = 0; k < w->r[i].nfields; k++, c++)
			cells[c] = text.s + offs[c];
		if (prof && prof->header_line && w->r[i].line == prof->header_line)
			fixed = (long)i;
	}
	if (prof && prof->header_line) {
		if (fixed < 0) {
			diag_set(err, CW_INPUT, "file has no line %lu (header line of profile '%s')",
				 prof->header_line, prof->name);
			diag_locate(err, x->path, 0, 0);
			goto out;
		}
		header_find(recs, w->n, fixed, kind, prof, &res);
		if (missing_profile_column(prof, res.col, x->path, prof->header_line, err) < 0)
			goto out;
		if (!header_roles_complete(kind, res.col)) {
			diag_set(err, CW_INPUT, "header row (line %lu from profile '%s') lacks %s",
				 prof->header_line, prof->name, required_roles_text(kind));
			diag_locate(err, x->path, prof->header_line, 0);
			goto out;
		}
	} else if (find_far(recs, w->n, kind, prof, &res) < 0) {
		diag_set(err, CW_INPUT, "no header row found in the first %zu records: expected %s "
			 "(name them with a --profile)", w->n, required_roles_text(kind));
		diag_locate(err, x->path, 0, 0);
		ret = -2;
		goto out;
	} else if (missing_profile_column(prof, res.col, x->path, w->r[res.header].line, err) < 0) {
		goto out;
	}
	first = kind == INPUT_SPEND && !(prof && prof->header_line) ?
		pasted_block(recs, res.header, res.col[COL_AMOUNT]) : res.header;
	x->data_line = first < res.header ? w->r[first].line : 0;
	title_period(recs, first, st);
	memcpy(x->col, res.col, sizeof(x->col));
	for (r = 0; r < COL__COUNT; r++) {
		st->evidence[r] = (unsigned char)res.ev[r];
		st->evidence_hits[r] = res.hits[r];
		st->evidence_rows[r] = res.rows[r];
	}
	x->header_line = w->r[res.header].line;
	x->header_nfields = w->r[res.header].nfields;
	x->header_index = res.header;
	{
		const char *p = w->raw.s + w->r[res.header].off;

		for (k = 0; k < w->r[res.header].nfields; k++) {
			size_t n = strlen(p);

			buf_add(hdr, p, n + 1);
			p += n + 1;
		}
	}
	ret = 0;
out:
	decoder_free(dec);
	buf_release(&text);
	buf_release(&tmp);
	free(offs);
	free(cells);
	free(recs);
	return ret;
}

/*
 * Note a row's supplier ID and name, for IDs shared by many names, and
 * whether its ID carries its transaction number.  cells/lens: the row's
 * first nfields fields.
 */
static void sample_ids(struct extract *x, size_t nfields, const char *const *cells,
		       const size_t *lens)
{
	int ic = x->col[COL_SUPPLIER_ID], nc = x->col[COL_SUPPLIER_NAME];
	int tc = x->col[COL_TRANSACTION];

	if (!x->ids || (size_t)ic >= nfields || (size_t)nc >= nfields)
		return;
	id_names_add(x->ids, cells[ic], lens[ic], cells[nc], lens[nc]);
	if (tc >= 0 && (size_t)tc < nfields && !x->ids_carry_tx)
		x->ids_carry_tx = id_carries_transaction(cells[ic], lens[ic], cells[tc], lens[tc]);
	x->id_rows++;
}

static void sample_record(struct extract *x, const struct csv_record *rec)
{
	const char *cells[MAX_SAMPLED_FIELDS];
	size_t lens[MAX_SAMPLED_FIELDS], i, n;

	if (rec->toobig)
		return;
	n = rec->nfields < MAX_SAMPLED_FIELDS ? rec->nfields : MAX_SAMPLED_FIELDS;
	for (i = 0; i < n; i++) {
		cells[i] = rec->fields[i].p;
		lens[i] = rec->fields[i].len;
	}
	sample_ids(x, n, cells, lens);
}

/* Day/month votes of the window's records below the header. */
static void window_votes(struct extract *x, const struct window *w, struct date_votes *v,
			 int voting)
{
	const char *cells[MAX_SAMPLED_FIELDS];
	size_t lens[MAX_SAMPLED_FIELDS];
	size_t i, k;

	for (i = x->header_index + 1; i < w->n; i++) {
		const char *p = w->raw.s + w->r[i].off;

		for (k = 0; k < w->r[i].nfields; k++) {
			size_t n = strlen(p);

			if (voting && (int)k == x->col[COL_DATE])
				date_vote(v, p, n);
			if (k < MAX_SAMPLED_FIELDS) {
				cells[k] = p;
				lens[k] = n;
			}
			p += n + 1;
		}
		sample_ids(x, w->r[i].nfields < MAX_SAMPLED_FIELDS ? w->r[i].nfields :
			   MAX_SAMPLED_FIELDS, cells, lens);
	}
}

static struct csv_reader *open_reader(struct extract *x, void (*tap)(void *, const void *, size_t),
				      void *ctx, struct diag *err)
{
	if (lseek(x->fd, 0, SEEK_SET) < 0) {
		diag_set(err, CW_INPUT, "cannot rewind: %s", strerror(errno));
		diag_locate(err, x->path, 0, 0);
		return NULL;
	}
	return csv_reader_fd(x->fd, NULL, tap, ctx);
}

/* A spend file with supplier IDs and names: look for IDs shared by many names. */
static void start_sampling(struct extract *x, enum input_kind kind)
{
	if (kind == INPUT_SPEND && x->col[COL_SUPPLIER_ID] >= 0 && x->col[COL_SUPPLIER_NAME] >= 0)
		x->ids = id_names_new();
}

/* Pass 1.  Leaves the raw header cells in *hdr (one NUL-separated string each). */
static int first_pass(struct extract *x, enum input_kind kind, const struct profile *prof,
		      struct input_stats *st, struct buf *hdr, struct diag *err)
{
	struct enc_sniffer sniff;
	struct csv_reader *rd;
	struct date_votes votes = { 0, 0 };
	struct window w;
	int found = 0, ret = -1, voting, sampling, full = 0;

	memset(&w, 0, sizeof(w));
	w.want = HEADER_CANDIDATES + HEADER_LOOKAHEAD;
	buf_init(&w.raw, WINDOW_MAX_BYTES + CSV_MAX_RECORD_DEFAULT);
	enc_sniffer_init(&sniff);
	rd = open_reader(x, pass1_tap, &sniff, err);
	if (!rd)
		goto out;
	for (;;) {
		int r = csv_next(rd, &x->rec, err);

		if (r < 0) {
			diag_locate(err, x->path, 0, 0);
			goto out;
		}
		if (r == 0)
			break;
		if (found)
			goto vote;
		if (!full)
			full = window_add(&w, &x->rec, prof);
		if (!full)
			continue;
		r = decide_header(x, &w, kind, prof, prof && prof->encoding ? prof->encoding :
				  enc_sniffer_result(&sniff), st, hdr, err);
		if (r == -2 && w.n >= w.want && w.want < WINDOW_FAR_RECORDS &&
		    w.raw.len <= WINDOW_MAX_BYTES) {
			w.want *= 4;        /* no header yet: look further down */
			full = 0;
			diag_init(err);
			continue;
		}
		if (r < 0)
			goto out;
		found = 1;
		start_sampling(x, kind);
		window_votes(x, &w, &votes, x->col[COL_DATE] >= 0 && !(prof && prof->date_order));
		continue;
vote:
		voting = x->col[COL_DATE] >= 0 && !(prof && prof->date_order);
		sampling = x->ids && x->id_rows < ID_SAMPLE_ROWS;
		if (sampling)
			sample_record(x, &x->rec);
		if ((!voting || votes.dmy) && !sampling) {
			if (csv_drain(rd, err) < 0) {
				diag_locate(err, x->path, 0, 0);
				goto out;
			}
			break;
		}
		if (voting && !x->rec.toobig && (size_t)x->col[COL_DATE] < x->rec.nfields) {
			const struct csv_field *f = &x->rec.fields[x->col[COL_DATE]];
			date_vote(&votes, f->p, f->len);
		}
	}
	if (!found) {
		if (!sniff.bytes) {
			diag_set(err, CW_INPUT, "file is empty");
			diag_locate(err, x->path, 0, 0);
			goto out;
		}
		if (decide_header(x, &w, kind, prof, prof && prof->encoding ? prof->encoding :
				  enc_sniffer_result(&sniff), st, hdr, err) < 0)
			goto out;
		start_sampling(x, kind);
		window_votes(x, &w, &votes, x->col[COL_DATE] >= 0 && !(prof && prof->date_order));
	}
	st->bytes = sniff.bytes;
	st->encoding = prof && prof->encoding ? prof->encoding : enc_sniffer_result(&sniff);
	if (prof && prof->encoding == ENC_UTF8 && sniff.bom)
		st->encoding = ENC_UTF8_BOM;
	st->date_order = prof && prof->date_order ? prof->date_order : date_order_decide(&votes);
	st->header_line = x->header_line;
	st->ids_shared = id_names_count_shared(x->ids);
	ret = 0;
out:
	window_release(&w);
	csv_reader_free(rd);
	return ret;
}

int extract_open(const char *path, enum input_kind kind, const struct profile *prof,
		 struct input_stats *st, struct extract **out, struct diag *err)
{
	return extract_open_fd(-1, path, kind, prof, st, out, err);
}

int extract_open_fd(int fd, const char *path, enum input_kind kind, const struct profile *prof,
		    struct input_stats *st, struct extract **out, struct diag *err)
{
	struct extract *x = xcalloc(1, sizeof(*x));
	struct stat sb;
	struct buf hdr;
	const char *cell;
	size_t i;
	int r;

	buf_init(&hdr, 0);
	buf_init(&x->tmp, 0);
	buf_init(&x->row, 0);
	buf_init(&x->extra, 0);
	buf_init(&x->header, 0);
	x->path = path;
	memset(st, 0, sizeof(*st));
	st->kind = kind;
	st->path = xstrdup(path);
	st->profile = xstrdup(prof ? prof->name : "auto");
	x->fd = fd >= 0 ? fcntl(fd, F_DUPFD_CLOEXEC, 0) : open(path, O_RDONLY | O_CLOEXEC);
	if (x->fd < 0) {
		diag_set(err, CW_INPUT, "cannot open: %s", strerror(errno));
		diag_locate(err, path, 0, 0);
		goto fail;
	}
	if (fstat(x->fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
		diag_set(err, CW_INPUT, "not a regular file");
		diag_locate(err, path, 0, 0);
		goto fail;
	}
	hash_start(x);
	if (first_pass(x, kind, prof, st, &hdr, err) < 0)
		goto fail;
	x->dec = decoder_new(st->encoding, err);
	if (!x->dec)
		goto fail;
	x->utf8 = st->encoding == ENC_UTF8 || st->encoding == ENC_UTF8_BOM;
	x->want = ~0u;
	/* the header text as people wrote it, for the manifest */
	cell = hdr.s;
	x->header_off = xreallocarray(NULL, x->header_nfields + 1, sizeof(*x->header_off));
	for (i = 0; i < x->header_nfields; i++) {
		size_t n = strlen(cell);

		x->header_off[i] = x->header.len;
		buf_reset(&x->tmp);
		decoder_to_utf8(x->dec, cell, n, &x->tmp);
		text_clean(x->tmp.s, x->tmp.len, &x->header);
		buf_addc(&x->header, '\0');

		for (r = 0; r < COL__COUNT; r++)
			if (x->col[r] == (int)i) {
				buf_reset(&x->tmp);
				buf_reset(&x->row);
				decoder_to_utf8(x->dec, cell, n, &x->tmp);
				text_clean(x->tmp.s, x->tmp.len, &x->row);
				st->columns[r] = xstrdup(x->row.s);
			}
		cell += n + 1;
	}
	x->rd = open_reader(x, NULL, NULL, err);
	if (!x->rd)
		goto fail;
	/* skip the preamble and the header itself */
	do {
		r = csv_next(x->rd, &x->rec, err);
		if (r <= 0) {
			if (r == 0)
				diag_set(err, CW_INPUT, "file changed while it was read");
			diag_locate(err, path, 0, 0);
			goto fail;
		}
	} while (x->rec.line < (x->data_line ? x->data_line : x->header_line));
	/* data pasted above the header: its first row is read, the header met later is skipped */
	x->pending = x->data_line != 0;
	buf_release(&hdr);
	*out = x;
	return 0;
fail:
	buf_release(&hdr);
	extract_close(x);
	return -1;
}

static int blank_bytes(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t')
			return 0;
	return 1;
}

/* Decode and clean raw bytes, appending to out. */
static void decode_clean(struct extract *x, const char *p, size_t n, struct buf *out)
{
	if (x->utf8) {          /* the whole file is valid UTF-8: clean in place */
		text_clean(p, n, out);
		return;
	}
	buf_reset(&x->tmp);
	if (decoder_to_utf8(x->dec, p, n, &x->tmp) < 0)
		return;
	text_clean(x->tmp.s, x->tmp.len, out);
}

/* The roles extract_next decodes: wanted and present in the header. */
static void set_active(struct extract *x, struct extract_row *row)
{
	int r;

	x->nactive = 0;
	for (r = 0; r < COL__COUNT; r++) {
		row->col[r] = x->col[r];
		row->f[r] = "";
		row->len[r] = 0;
		if (x->col[r] >= 0 && (x->want >> r & 1u))
			x->active[x->nactive++] = r;
	}
	x->row_ready = row;
}

int extract_next(struct extract *x, struct extract_row *row, struct diag *err)
{
	size_t off[COL__COUNT], k;
	int r = x->pending ? 1 : csv_next(x->rd, &x->rec, err);
	const struct csv_record *rec = &x->rec;

	x->pending = 0;
	if (r < 0)
		diag_locate(err, x->path, 0, 0);
	if (r <= 0)
		return r;
	if (x->row_ready != row)      /* first row into this struct: the fixed parts */
		set_active(x, row);
	row->line = rec->line;
	row->nfields = rec->nfields;
	row->raw = rec->raw;
	row->rawlen = rec->rawlen;
	row->toobig = rec->toobig;
	row->has_nul = rec->rawlen && memchr(rec->raw, '\0', rec->rawlen) != NULL;
	buf_reset(&x->row);
	for (k = 0; k < x->nactive; k++) {
		int role = x->active[k], c = x->col[role];

		off[role] = x->row.len;
		if ((size_t)c < rec->nfields)
			decode_clean(x, rec->fields[c].p, rec->fields[c].len, &x->row);
		row->len[role] = x->row.len - off[role];
		buf_addc(&x->row, '\0');
	}
	for (k = 0; k < x->nactive; k++)
		row->f[x->active[k]] = x->row.s + off[x->active[k]];
	return 1;
}

int extract_first_nonblank(const struct extract *x)
{
	size_t i;

	for (i = 0; i < x->rec.nfields; i++)
		if (x->rec.fields[i].len && !blank_bytes(x->rec.fields[i].p, x->rec.fields[i].len))
			return (int)i;
	return -1;
}


int extract_ids_carry_transactions(const struct extract *x)
{
	return x->ids_carry_tx;
}

int extract_id_shared(const struct extract *x, const char *id, size_t n)
{
	return id_names_shared(x->ids, id, n);
}

void extract_want(struct extract *x, unsigned roles)
{
	x->want = roles;
	x->row_ready = NULL;
}

const char *extract_field(struct extract *x, size_t i, size_t *len)
{
	buf_reset(&x->extra);
	if (i < x->rec.nfields && !x->rec.toobig)
		decode_clean(x, x->rec.fields[i].p, x->rec.fields[i].len, &x->extra);
	if (len)
		*len = x->extra.len;
	return x->extra.s;
}

const char *extract_header_cell(const struct extract *x, size_t i)
{
	if (i >= x->header_nfields)
		return "";
	return x->header.s + x->header_off[i];
}

size_t extract_header_fields(const struct extract *x)
{
	return x->header_nfields;
}

int extract_decode(struct extract *x, const char *p, size_t n, struct buf *out)
{
	return decoder_to_utf8(x->dec, p, n, out);
}

int extract_finish(struct extract *x, struct input_stats *st, struct diag *err)
{
	hash_join(x);
	if (x->hash.ret < 0) {
		*err = x->hash.err;
		return diag_locate(err, x->path, 0, 0);
	}
	if (x->hash.bytes != st->bytes) {
		diag_set(err, CW_INPUT, "file changed while it was read (%llu bytes, then %llu)",
			 st->bytes, x->hash.bytes);
		return diag_locate(err, x->path, 0, 0);
	}
	memcpy(st->sha256, x->hash.hex, sizeof(st->sha256));
	return 0;
}

void extract_close(struct extract *x)
{
	if (!x)
		return;
	hash_join(x);
	id_names_free(x->ids);
	csv_reader_free(x->rd);
	decoder_free(x->dec);
	if (x->fd >= 0)
		close(x->fd);
	buf_release(&x->tmp);
	buf_release(&x->row);
	buf_release(&x->extra);
	buf_release(&x->header);
	free(x->header_off);
	free(x);
}

void extract_reject(struct extract *x, const struct reject_sink *sink, struct input_stats *st,
		    const struct extract_row *row, const char *reason)
{
	st->rejected++;
	if (!sink || !sink->fn)
		return;
	buf_reset(&x->extra);
	decoder_to_utf8(x->dec, row->raw, row->rawlen, &x->extra);
	sink->fn(sink->ctx, st, row->line, reason, x->extra.s, x->extra.len);
}
