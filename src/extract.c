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

#include "chainwatch/buf.h"
#include "chainwatch/csv.h"
#include "chainwatch/extract.h"
#include "chainwatch/identity.h"
#include "chainwatch/profile.h"
#include "chainwatch/sha256.h"
#include "chainwatch/xalloc.h"

#define HEADER_SEARCH_RECORDS 60

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
	struct csv_record rec;
	struct buf tmp;          /* one decoded field */
	struct buf row;          /* cleaned role fields of the current row */
	struct buf extra;        /* extract_field() */
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

void input_stats_release(struct input_stats *st)
{
	int i;

	if (!st)
		return;
	free(st->path);
	free(st->profile);
	for (i = 0; i < COL__COUNT; i++)
		free(st->columns[i]);
	memset(st, 0, sizeof(*st));
}

static int required_roles_present(enum input_kind kind, const int col[COL__COUNT])
{
	if (kind == INPUT_SUPPLIERS)
		return col[COL_SUPPLIER_NAME] >= 0 &&
		       (col[COL_SUPPLIER_ID] >= 0 || col[COL_COMPANY_NUMBER] >= 0);
	return (col[COL_SUPPLIER_NAME] >= 0 || col[COL_SUPPLIER_ID] >= 0) && col[COL_AMOUNT] >= 0;
}

static const char *required_roles_text(enum input_kind kind)
{
	return kind == INPUT_SUPPLIERS ?
		"a supplier name column and a supplier ID or company number column" :
		"a supplier name or supplier ID column and an amount column";
}

/* Map the cells of a candidate header row to roles: profile names first, then synonyms. */
static int map_header(const struct csv_record *rec, const struct profile *prof, int col[COL__COUNT])
{
	char fold[256], want[256];
	size_t i;
	int r, mapped = 0, rank[COL__COUNT];
	unsigned char *used = xcalloc(rec->nfields ? rec->nfields : 1, 1);

	for (r = 0; r < COL__COUNT; r++)
		col[r] = -1;
	for (r = 0; prof && r < COL__COUNT; r++) {
		if (!prof->columns[r])
			continue;
		column_fold(prof->columns[r], strlen(prof->columns[r]), want, sizeof(want));
		for (i = 0; i < rec->nfields; i++) {
			column_fold(rec->fields[i].p, rec->fields[i].len, fold, sizeof(fold));
			if (!used[i] && !strcmp(fold, want)) {
				col[r] = (int)i;
				used[i] = 1;
				mapped++;
				break;
			}
		}
	}
	/* synonyms: the first cell for a role, unless a later one is a better (lower rank) name */
	for (r = 0; r < COL__COUNT; r++)
		rank[r] = col[r] >= 0 ? -1 : 99;
	for (i = 0; i < rec->nfields; i++) {
		enum col_role role;
		int rk = 0;

		if (used[i])
			continue;
		role = column_role_rank(rec->fields[i].p, rec->fields[i].len, &rk);
		if (role == COL_NONE || rk >= rank[role])
			continue;
		if (col[role] < 0)
			mapped++;
		col[role] = (int)i;
		rank[role] = rk;
	}
	free(used);
	return mapped;
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

/* Pass 1.  Leaves the raw header cells in *hdr (one NUL-separated string each). */
static int first_pass(struct extract *x, enum input_kind kind, const struct profile *prof,
		      struct input_stats *st, struct buf *hdr, struct diag *err)
{
	struct enc_sniffer sniff;
	struct csv_reader *rd;
	struct date_votes votes = { 0, 0 };
	int found = 0, ret = -1, voting;
	unsigned long nrec = 0;
	size_t i;

	enc_sniffer_init(&sniff);
	rd = open_reader(x, pass1_tap, &sniff, err);
	if (!rd)
		return -1;
	for (;;) {
		int r = csv_next(rd, &x->rec, err);
		int col[COL__COUNT];

		if (r < 0) {
			diag_locate(err, x->path, 0, 0);
			goto out;
		}
		if (r == 0)
			break;
		nrec++;
		if (found)
			goto vote;
		if (x->rec.toobig)
			continue;
		if (prof && prof->header_line) {
			if (x->rec.line < prof->header_line)
				continue;
			map_header(&x->rec, prof, col);
			if (missing_profile_column(prof, col, x->path, x->rec.line, err) < 0)
				goto out;
			if (!required_roles_present(kind, col)) {
				diag_set(err, CW_INPUT, "header row (line %lu from profile '%s') lacks %s",
					 prof->header_line, prof->name, required_roles_text(kind));
				diag_locate(err, x->path, x->rec.line, 0);
				goto out;
			}
		} else {
			if (nrec > HEADER_SEARCH_RECORDS)
				break;
			map_header(&x->rec, prof, col);
			if (!required_roles_present(kind, col))
				continue;
			if (missing_profile_column(prof, col, x->path, x->rec.line, err) < 0)
				goto out;
		}
		found = 1;
		memcpy(x->col, col, sizeof(col));
		x->header_line = x->rec.line;
		x->header_nfields = x->rec.nfields;
		for (i = 0; i < x->rec.nfields; i++)
			buf_add(hdr, x->rec.fields[i].p, x->rec.fields[i].len + 1);
		continue;
vote:
		voting = x->col[COL_DATE] >= 0 && !(prof && prof->date_order);
		if (!voting || votes.dmy) {
			if (csv_drain(rd, err) < 0) {
				diag_locate(err, x->path, 0, 0);
				goto out;
			}
			break;
		}
		if (!x->rec.toobig && (size_t)x->col[COL_DATE] < x->rec.nfields) {
			const struct csv_field *f = &x->rec.fields[x->col[COL_DATE]];
			date_vote(&votes, f->p, f->len);
		}
	}
	if (!found) {
		if (!sniff.bytes)
			diag_set(err, CW_INPUT, "file is empty");
		else if (prof && prof->header_line)
			diag_set(err, CW_INPUT, "file has no line %lu (header line of profile '%s')",
				 prof->header_line, prof->name);
		else
			diag_set(err, CW_INPUT, "no header row found in the first %d records: expected %s "
				 "(name them with a --profile)", HEADER_SEARCH_RECORDS,
				 required_roles_text(kind));
		diag_locate(err, x->path, 0, 0);
		goto out;
	}
	st->bytes = sniff.bytes;
	st->encoding = prof && prof->encoding ? prof->encoding : enc_sniffer_result(&sniff);
	if (prof && prof->encoding == ENC_UTF8 && sniff.bom)
		st->encoding = ENC_UTF8_BOM;
	st->date_order = prof && prof->date_order ? prof->date_order : date_order_decide(&votes);
	st->header_line = x->header_line;
	ret = 0;
out:
	csv_reader_free(rd);
	return ret;
}

int extract_open(const char *path, enum input_kind kind, const struct profile *prof,
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
	x->path = path;
	memset(st, 0, sizeof(*st));
	st->kind = kind;
	st->path = xstrdup(path);
	st->profile = xstrdup(prof ? prof->name : "auto");
	x->fd = open(path, O_RDONLY | O_CLOEXEC);
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
	for (i = 0; i < x->header_nfields; i++) {
		size_t n = strlen(cell);

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
	} while (x->rec.line < x->header_line);
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
	int r = csv_next(x->rd, &x->rec, err);
	const struct csv_record *rec = &x->rec;

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
	csv_reader_free(x->rd);
	decoder_free(x->dec);
	if (x->fd >= 0)
		close(x->fd);
	buf_release(&x->tmp);
	buf_release(&x->row);
	buf_release(&x->extra);
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
