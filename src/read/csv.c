#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chainwatch/buf.h"
#include "chainwatch/csv.h"
#include "chainwatch/xalloc.h"

/*
 * The parser is a small state machine that consumes one chunk of input at
 * a time and can stop anywhere: in the middle of a field, between a quote
 * and the byte after it, between CR and LF.  Field bytes are copied into
 * one buffer (`data`, each field NUL-terminated) that is reused for every
 * record; raw bytes are only copied when a record spans two chunks.
 */

#define CSV_CHUNK_DEFAULT ((size_t)256 << 10)
#define CSV_RAW_KEEP 4096   /* raw bytes kept of a record that is too big */

enum csv_state {
	ST_START,   /* at the start of a field */
	ST_UNQ,     /* inside an unquoted field (or text after a closing quote) */
	ST_QUO,     /* inside quotes */
	ST_QQ       /* a quote seen inside quotes: closing or first of a pair */
};

struct csv_reader {
	int fd;
	int is_mem;                   /* memory reader: mem/memlen, no fd */
	const char *mem;
	size_t memlen;
	void (*tap)(void *ctx, const void *p, size_t n);
	void *tapctx;
	struct csv_limits lim;

	char *chunk;                  /* fd reader: read buffer */
	size_t chunksz, chunkcap;

	const unsigned char *p, *end; /* unparsed input */
	int eof;                      /* no more input to read */
	int started;                  /* first bytes read, BOM checked */
	int bom;

	unsigned long line;           /* current physical line */
	int after_cr;                 /* last byte consumed was a CR at a chunk end */

	/* the record being read */
	enum csv_state st;
	int inrec;                    /* some byte of the record was consumed */
	int toobig;
	int fquoted;                  /* current field began with a quote */
	size_t fstart;                /* offset of the current field in data */
	size_t rawtotal;              /* raw bytes of the record so far */
	unsigned long recline;
	struct buf data;
	struct buf raw;
	struct csv_field *fields;
	size_t *offs;
	size_t nfields, fieldcap;
};

/* Bytes that stop the scan of an unquoted field, and of a quoted one. */
static unsigned char stop_unq[256];
static unsigned char stop_quo[256];
static int tables_ready;

static void init_tables(void)
{
	if (tables_ready)
		return;
	stop_unq[','] = stop_unq['\n'] = stop_unq['\r'] = 1;
	stop_quo['"'] = stop_quo['\n'] = stop_quo['\r'] = 1;
	tables_ready = 1;
}

static struct csv_reader *reader_alloc(const struct csv_limits *lim)
{
	struct csv_reader *r = xcalloc(1, sizeof(*r));
	size_t datamax;

	init_tables();
	if (lim)
		r->lim = *lim;
	if (!r->lim.max_field)
		r->lim.max_field = CSV_MAX_FIELD_DEFAULT;
	if (!r->lim.max_record)
		r->lim.max_record = CSV_MAX_RECORD_DEFAULT;
	if (!r->lim.max_fields)
		r->lim.max_fields = CSV_MAX_FIELDS_DEFAULT;
	/* the limits are checked before every append; the ceilings are a backstop */
	datamax = xsize_add(xsize_add(r->lim.max_record, r->lim.max_fields), 64);
	buf_init(&r->data, datamax);
	buf_init(&r->raw, xsize_add(r->lim.max_record, CSV_RAW_KEEP));
	r->fd = -1;
	r->line = 1;
	r->st = ST_START;
	return r;
}

struct csv_reader *csv_reader_fd(int fd, const struct csv_limits *lim,
				 void (*tap)(void *ctx, const void *p, size_t n), void *tapctx)
{
	struct csv_reader *r = reader_alloc(lim);

	r->fd = fd;
	r->tap = tap;
	r->tapctx = tapctx;
	r->chunksz = CSV_CHUNK_DEFAULT;
	return r;
}

struct csv_reader *csv_reader_mem(const char *p, size_t n, const struct csv_limits *lim)
{
	struct csv_reader *r = reader_alloc(lim);

	r->is_mem = 1;
	r->mem = p ? p : "";
	r->memlen = p ? n : 0;
	return r;
}

void csv_set_chunk_size(struct csv_reader *r, size_t n)
{
	if (!r || r->started || r->is_mem)
		return;
	r->chunksz = n ? n : 1;
}

void csv_reader_free(struct csv_reader *r)
{
	if (!r)
		return;
	free(r->chunk);
	free(r->fields);
	free(r->offs);
	buf_release(&r->data);
	buf_release(&r->raw);
	free(r);
}

int csv_had_bom(const struct csv_reader *r)
{
	return r ? r->bom : 0;
}

/* read() into chunk+at, up to want bytes; 0 at EOF, -1 on error. */
static ssize_t read_some(struct csv_reader *r, size_t at, size_t want, struct diag *err)
{
	ssize_t n;

	for (;;) {
		n = read(r->fd, r->chunk + at, want);
		if (n >= 0)
			break;
		if (errno != EINTR)
			return diag_set(err, CW_INPUT, "read error: %s", strerror(errno));
	}
	if (n == 0)
		r->eof = 1;
	else if (r->tap)
		r->tap(r->tapctx, r->chunk + at, (size_t)n);
	return n;
}

/*
 * Make unparsed input available.  1 when there is some, 0 at end of input,
 * -1 on a read error.
 */
static int refill(struct csv_reader *r, struct diag *err)
{
	ssize_t n;
	size_t have = 0;

	if (r->p < r->end)
		return 1;
	if (r->eof)
		return 0;
	if (r->is_mem) {
		r->eof = 1;
		r->started = 1;
		if (r->memlen >= 3 && memcmp(r->mem, "\xEF\xBB\xBF", 3) == 0) {
			r->bom = 1;
			have = 3;
		}
		r->p = (const unsigned char *)r->mem + have;
		r->end = (const unsigned char *)r->mem + r->memlen;
		return r->p < r->end;
	}
	if (!r->chunk) {
		r->chunkcap = r->chunksz < 4 ? 4 : r->chunksz;
		r->chunk = xmalloc(r->chunkcap);
	}
	if (!r->started) {
		/* gather the first three bytes, however small the reads */
		r->started = 1;
		while (have < 3) {
			size_t want = r->chunkcap - have;

			if (want > r->chunksz)
				want = r->chunksz;
			n = read_some(r, have, want, err);
			if (n < 0)
				return -1;
			if (n == 0)
				break;
			have += (size_t)n;
		}
		r->p = (const unsigned char *)r->chunk;
		r->end = r->p + have;
		if (have >= 3 && memcmp(r->chunk, "\xEF\xBB\xBF", 3) == 0) {
			r->bom = 1;
			r->p += 3;
		}
		if (r->p < r->end)
			return 1;
		if (r->eof)
			return 0;
	}
	n = read_some(r, 0, r->chunksz, err);
	if (n < 0)
		return -1;
	r->p = (const unsigned char *)r->chunk;
	r->end = r->p + n;
	return n > 0;
}

static void enter_toobig(struct csv_reader *r)
{
	r->toobig = 1;
	r->nfields = 0;
	buf_reset(&r->data);
	r->fstart = 0;
	if (r->raw.len > CSV_RAW_KEEP)
		buf_setlen(&r->raw, CSV_RAW_KEEP);
}

/* Append raw bytes of the current record (kept in raw only across chunks or when too big). */
static void raw_add(struct csv_reader *r, const unsigned char *p, size_t n)
{
	if (!n)
		return;
	r->rawtotal += n;
	if (!r->toobig && r->rawtotal > r->lim.max_record)
		enter_toobig(r);
	if (r->toobig) {
		if (r->raw.len < CSV_RAW_KEEP) {
			size_t room = CSV_RAW_KEEP - r->raw.len;

			buf_add(&r->raw, p, n < room ? n : room);
		}
		return;
	}
	if (buf_add(&r->raw, p, n) < 0)
		enter_toobig(r);
}

/*
 * Append field bytes; `rawnow` is the raw length of the record including
 * the bytes consumed so far in this chunk.
 */
static inline void field_add(struct csv_reader *r, const unsigned char *p, size_t n,
			     size_t rawnow)
{
	if (r->toobig || !n)
		return;
	if (rawnow > r->lim.max_record || r->data.len - r->fstart + n > r->lim.max_field
	    || buf_add(&r->data, p, n) < 0) {
		enter_toobig(r);
		return;
	}
}

static void field_end(struct csv_reader *r)
{
	size_t len;

	if (r->toobig)
		return;
	if (r->nfields >= r->lim.max_fields) {
		enter_toobig(r);
		return;
	}
	if (r->nfields == r->fieldcap) {
		r->fieldcap = r->fieldcap ? r->fieldcap * 2 : 32;
		r->fields = xreallocarray(r->fields, r->fieldcap, sizeof(*r->fields));
		r->offs = xreallocarray(r->offs, r->fieldcap, sizeof(*r->offs));
	}
	len = r->data.len - r->fstart;
	r->offs[r->nfields] = r->fstart;
	r->fields[r->nfields].len = len;
	r->fields[r->nfields].quoted = r->fquoted;
	r->nfields++;
	if (buf_addc(&r->data, '\0') < 0) {
		enter_toobig(r);
		return;
	}
	r->fstart = r->data.len;
	r->fquoted = 0;
}

/*
 * Consume input from r->p.  Returns 1 when a record ended (its terminator
 * consumed), 0 when the chunk ran out first.  *rs / *re receive the raw
 * bytes of the record in this chunk.
 */
static int parse(struct csv_reader *r, const unsigned char **rs, const unsigned char **re)
{
	const unsigned char *p = r->p, *end = r->end, *q;
	enum csv_state st = r->st;
	unsigned char c;

	*rs = p;
	if (r->after_cr) {
		r->after_cr = 0;
		if (*p == '\n') {
			if (st == ST_QUO) {
				/* LF of a CRLF inside quotes: data, same line */
				field_add(r, p, 1, r->rawtotal + 1);
				p++;
			} else if (!r->inrec) {
				/* LF of a CRLF that ended the previous record */
				*rs = ++p;
			}
		}
	}
	if (p < end && !r->inrec) {
		r->inrec = 1;
		r->recline = r->line;
	}
	for (;;) {
		switch (st) {
		case ST_START:
			if (p == end)
				goto out;
			c = *p;
			if (c == '"') {
				p++;
				r->fquoted = 1;
				st = ST_QUO;
				break;
			}
			if (c == ',') {
				p++;
				field_end(r);
				break;
			}
			if (c == '\n' || c == '\r') {
				field_end(r);
				goto record_end;
			}
			st = ST_UNQ;
			/* fall through */
		case ST_UNQ:
			q = p;
			while (q < end && !stop_unq[*q])
				q++;
			field_add(r, p, (size_t)(q - p), r->rawtotal + (size_t)(q - *rs));
			p = q;
			if (p == end)
				goto out;
			field_end(r);
			if (*p == ',') {
				p++;
				st = ST_START;
				break;
			}
			goto record_end;
		case ST_QUO:
			q = p;
			while (q < end && !stop_quo[*q])
				q++;
			field_add(r, p, (size_t)(q - p), r->rawtotal + (size_t)(q - *rs));
			p = q;
			if (p == end)
				goto out;
			c = *p;
			if (c == '"') {
				p++;
				st = ST_QQ;
				break;
			}
			/* a line break inside quotes is data */
			r->line++;
			field_add(r, p, 1, r->rawtotal + (size_t)(p + 1 - *rs));
			p++;
			if (c == '\r') {
				if (p == end) {
					r->after_cr = 1;
				} else if (*p == '\n') {
					field_add(r, p, 1, r->rawtotal + (size_t)(p + 1 - *rs));
					p++;
				}
			}
			break;
		case ST_QQ:
			if (p == end)
				goto out;
			c = *p;
			if (c == '"') {
				field_add(r, p, 1, r->rawtotal + (size_t)(p + 1 - *rs));
				p++;
				st = ST_QUO;
				break;
			}
			if (c == ',') {
				p++;
				field_end(r);
				st = ST_START;
				break;
			}
			if (c == '\n' || c == '\r') {
				field_end(r);
				goto record_end;
			}
			/* text after the closing quote: keep it */
			st = ST_UNQ;
			break;
		}
	}
record_end:
	*re = p;
	c = *p++;
	if (c == '\r') {
		if (p == end)
			r->after_cr = 1;
		else if (*p == '\n')
			p++;
	}
	r->p = p;
	r->st = ST_START;
	return 1;
out:
	*re = p;
	r->p = p;
	r->st = st;
	return 0;
}

static void record_begin(struct csv_reader *r)
{
	r->st = ST_START;
	r->inrec = 0;
	r->toobig = 0;
	r->fquoted = 0;
	r->fstart = 0;
	r->rawtotal = 0;
	r->nfields = 0;
	buf_reset(&r->data);
	buf_reset(&r->raw);
}

static void record_fill(struct csv_reader *r, struct csv_record *rec,
			const unsigned char *rs, const unsigned char *re, int unterminated)
{
	size_t i;

	rec->line = r->recline;
	rec->end_line = r->line;
	rec->unterminated = unterminated;
	rec->toobig = r->toobig;
	if (!r->toobig && r->rawtotal == 0) {
		/* the whole record is in the current chunk: no copy */
		rec->raw = (const char *)rs;
		rec->rawlen = (size_t)(re - rs);
		if (rec->rawlen > r->lim.max_record) {
			enter_toobig(r);
			raw_add(r, rs, rec->rawlen);
			rec->toobig = 1;
		}
	} else {
		raw_add(r, rs, (size_t)(re - rs));
		rec->toobig = r->toobig;
	}
	if (rec->toobig) {
		rec->raw = r->raw.s;
		rec->rawlen = r->raw.len;
		rec->fields = NULL;
		rec->nfields = 0;
		return;
	}
	if (r->rawtotal) {
		rec->raw = r->raw.s;
		rec->rawlen = r->raw.len;
	}
	for (i = 0; i < r->nfields; i++)
		r->fields[i].p = r->data.s + r->offs[i];
	rec->fields = r->fields;
	rec->nfields = r->nfields;
}

int csv_next(struct csv_reader *r, struct csv_record *rec, struct diag *err)
{
	const unsigned char *rs, *re;
	int more;

	record_begin(r);
	for (;;) {
		more = refill(r, err);
		if (more < 0)
			return -1;
		if (!more)
			break;
		if (parse(r, &rs, &re)) {
			record_fill(r, rec, rs, re, 0);
			r->line++;
			return 1;
		}
		/* chunk used up inside the record: keep its raw bytes */
		raw_add(r, rs, (size_t)(re - rs));
	}
	if (!r->inrec)
		return 0;
	/* end of input inside a record: the last field ends here */
	field_end(r);
	rs = re = r->end;
	record_fill(r, rec, rs, re, r->st == ST_QUO);
	r->inrec = 0;
	r->st = ST_START;
	return 1;
}

int csv_drain(struct csv_reader *r, struct diag *err)
{
	ssize_t n;

	if (!r)
		return 0;
	r->p = r->end;
	if (r->is_mem || r->eof) {
		r->eof = 1;
		return 0;
	}
	if (!r->chunk) {
		r->chunkcap = r->chunksz < 4 ? 4 : r->chunksz;
		r->chunk = xmalloc(r->chunkcap);
	}
	r->started = 1;
	do {
		n = read_some(r, 0, r->chunksz, err);
		if (n < 0)
			return -1;
	} while (n > 0);
	r->p = r->end = (const unsigned char *)r->chunk;
	return 0;
}
