#ifndef CHAINWATCH_CSV_H
#define CHAINWATCH_CSV_H

/*
 * Streaming RFC 4180 reader written for council extracts.
 *
 * - quoted fields, doubled quotes, newlines inside quotes;
 * - CRLF, LF and lone CR line ends (mixed in one file too);
 * - a quote in the middle of an unquoted field is kept as a literal byte
 *   (real exports do this); text after a closing quote is kept too;
 * - physical line numbers (1-based) for every record, so messages point at
 *   the line a person sees in an editor;
 * - hard limits: a field longer than max_field or a record longer than
 *   max_record is not an out-of-memory: the reader skips to the end of that
 *   record and returns it with `toobig` set (fields empty, raw truncated),
 *   then carries on with the next record.
 *
 * Bytes are not decoded: fields are raw bytes, possibly containing NUL or
 * invalid UTF-8 (see encoding.h).  The reader works the same on a file
 * descriptor (read in chunks) and on memory (for tests and fuzzing).
 * A UTF-8 BOM at the very start is skipped and reported in `bom`.
 */

#include <stddef.h>

#include "chainwatch/diag.h"

struct csv_limits {
	size_t max_field;    /* bytes; 0 = CSV_MAX_FIELD_DEFAULT */
	size_t max_record;   /* bytes of raw text; 0 = CSV_MAX_RECORD_DEFAULT */
	size_t max_fields;   /* fields per record; 0 = CSV_MAX_FIELDS_DEFAULT */
};

#define CSV_MAX_FIELD_DEFAULT  ((size_t)1 << 20)   /* 1 MiB */
#define CSV_MAX_RECORD_DEFAULT ((size_t)4 << 20)   /* 4 MiB */
#define CSV_MAX_FIELDS_DEFAULT 4096

struct csv_field {
	const char *p;       /* unescaped bytes, NUL-terminated, valid until next csv_next */
	size_t len;
	int quoted;          /* the field was quoted */
};

struct csv_record {
	struct csv_field *fields;
	size_t nfields;
	unsigned long line;      /* physical line where the record starts */
	unsigned long end_line;  /* physical line where it ends (> line if quotes span lines) */
	const char *raw;         /* raw bytes of the record, no line terminator */
	size_t rawlen;
	int toobig;              /* limits exceeded: fields are not usable */
	int unterminated;        /* ended at EOF inside quotes */
};

struct csv_reader;

/*
 * Read from `fd` (not closed by the reader).  `tap`, when not NULL, is
 * called with every chunk of raw bytes as it is read (hashing, encoding
 * sniffing) including the BOM.  The caller owns the reader: free it with
 * csv_reader_free().  `lim` is copied.
 */
struct csv_reader *csv_reader_fd(int fd, const struct csv_limits *lim,
				 void (*tap)(void *ctx, const void *p, size_t n), void *tapctx);
/* Read from memory; `p` is borrowed and must outlive the reader. */
struct csv_reader *csv_reader_mem(const char *p, size_t n, const struct csv_limits *lim);
void csv_reader_free(struct csv_reader *r);

/*
 * Size of each read() of the fd reader (default 256 KiB; 0 means 1).  For
 * tests that need records split across reads; call before the first
 * csv_next.  No effect on a memory reader.
 */
void csv_set_chunk_size(struct csv_reader *r, size_t n);

/*
 * Next record into `rec` (pointers valid until the next call).
 * Returns 1 for a record, 0 at end of input, -1 on a read error (err
 * filled, code CW_INPUT).
 */
int csv_next(struct csv_reader *r, struct csv_record *rec, struct diag *err);

/* Read the rest of the input through the tap without parsing. 0 or -1. */
int csv_drain(struct csv_reader *r, struct diag *err);

/* Whether the input began with a UTF-8 BOM (known after the first csv_next). */
int csv_had_bom(const struct csv_reader *r);

#endif
