#ifndef CHAINWATCH_EXTRACT_H
#define CHAINWATCH_EXTRACT_H

/*
 * Reading one extract file (spend or supplier master) up to the point
 * where rows have named, decoded fields.  Shared by spend.c and master.c.
 *
 * extract_open() makes a first pass over the file: size,
 * encoding sniffing, the header row (below any preamble, chosen by
 * headerfind.h from the header text and the columns' contents, or the
 * profile's header line), and the day/month order of the date column.  extract_next()
 * then streams the rows after the header, decoded to UTF-8, with each
 * role's field cleaned (text_clean) and located by column.
 *
 * Every record after the header comes out of extract_next(), including
 * blank and control rows: classifying them is the caller's job, so the
 * caller's counts reconcile (records = accepted + skipped + rejected).
 */

#include <stddef.h>
#include <stdint.h>

#include "chainwatch/columns.h"
#include "chainwatch/date.h"
#include "chainwatch/buf.h"
#include "chainwatch/diag.h"
#include "chainwatch/encoding.h"

struct profile;

/* What the manifest says about one input file. */
struct input_stats {
	enum input_kind kind;
	char *path;                   /* as given on the command line */
	char sha256[65];
	unsigned long long bytes;
	enum text_encoding encoding;
	unsigned long header_line;    /* physical line of the header row */
	char *profile;                /* profile name, or "auto" */
	char *columns[COL__COUNT];    /* header text mapped to each role, NULL if absent */
	unsigned char evidence[COL__COUNT];  /* enum col_evidence (headerfind.h) per role */
	unsigned evidence_hits[COL__COUNT];  /* values below the header that fit the role ... */
	unsigned evidence_rows[COL__COUNT];  /* ... of this many looked at */
	enum date_order date_order;
	unsigned long records;        /* records after the header */
	unsigned long accepted, skipped, rejected;
	unsigned long skipped_blank, skipped_total, skipped_control;
	/*
	 * Money that is not in accepted_pence, so a spend file reconciles in
	 * pounds as well as rows: the amounts of skipped rows by kind (those
	 * whose amount reads; a blank row has none), and of rejected rows
	 * whose amount reads, with a count of the rejected rows whose amount
	 * does not (or that were too big to read).  Spend files only.
	 */
	int64_t skipped_blank_pence, skipped_total_pence, skipped_control_pence;
	int64_t rejected_pence;
	unsigned long rejected_no_amount;
	unsigned long redacted;       /* accepted rows with a redacted/blank payee */
	int64_t accepted_pence;       /* all accepted rows, redacted included */
	int64_t redacted_pence;
	unsigned long repaired;       /* accepted after a documented repair (fused fields) */
	int32_t first_date, last_date;
	unsigned long undated;        /* accepted rows without a date column */
	unsigned long ids_ignored;    /* rows whose supplier ID was a placeholder: keyed by name */
	char id_example[48];          /* the first such ID */
	unsigned long ids_shared;     /* distinct IDs shared by ID_NAMES_SHARED or more names */
	size_t nredactions;           /* redaction wordings that matched some payee ... */
	char **redaction_wordings;    /* ... as written in the wordings file ... */
	unsigned long *redaction_counts;  /* ... and on how many rows */
	int32_t title_first, title_last;  /* yyyymm: the period a line above the header declares */
	char period[16];              /* this file's period ("2014-01_2014-03"), "" if none */
	const char *period_source;    /* "file name", "payment dates", ... (static) */
};

void input_stats_release(struct input_stats *st);

/*
 * How a spend file was read, in one line for a person (stderr, the
 * workbook's Data quality sheet): the column each role came from and on
 * what evidence, what is missing or not trusted (no supplier name column,
 * supplier IDs not used as keys), and the period with its source:
 *
 *   supplier_name 'Supplier name' (header and content 40/40), amount ...;
 *   period 2025-12 from the file name
 *
 * Into b (reset first); returns b->s, the caller's buffer.
 */
const char *input_reading(const struct input_stats *st, struct buf *b);

/* One row: raw fields plus the decoded, cleaned text of each role. */
struct extract_row {
	unsigned long line;           /* physical line where the record starts */
	size_t nfields;               /* fields in the raw record */
	const char *raw;              /* raw bytes of the record (not decoded) */
	size_t rawlen;
	int toobig;                   /* the CSV limits were exceeded */
	int has_nul;                  /* a NUL byte in some field */
	const char *f[COL__COUNT];    /* cleaned UTF-8 text, "" when absent; valid until next call */
	size_t len[COL__COUNT];
	int col[COL__COUNT];          /* field index of each role, -1 if unmapped */
};

struct extract;

/*
 * Where readers send rejected rows: the file, the physical line, the reason
 * and the raw record decoded to UTF-8.
 */
struct reject_sink {
	void (*fn)(void *ctx, const struct input_stats *st, unsigned long line,
		   const char *reason, const char *raw, size_t rawlen);
	void *ctx;
};

/* Decode the current raw record and pass it to the sink; counts st->rejected. */
void extract_reject(struct extract *x, const struct reject_sink *sink, struct input_stats *st,
		    const struct extract_row *row, const char *reason);

/*
 * Open `path` as an extract of `kind`.  `prof` may be NULL (synonyms only).
 * Fills st->path, sha256, bytes, encoding, header_line, profile, columns,
 * date_order.  On success *out is the caller's to free with extract_close()
 * (`prof` is borrowed and must outlive it).  Errors: -1, *out untouched,
 * CW_INPUT with a located message (missing file, no recognisable header, a
 * required column missing).
 */
int extract_open(const char *path, enum input_kind kind, const struct profile *prof,
		 struct input_stats *st, struct extract **out, struct diag *err);
/*
 * The same on an open file (a workbook sheet or a decompressed file as
 * CSV, intake.h), read from its start; `path` names it in messages and the
 * manifest.  The reader has its own descriptor: the caller keeps `fd`.
 */
int extract_open_fd(int fd, const char *path, enum input_kind kind, const struct profile *prof,
		    struct input_stats *st, struct extract **out, struct diag *err);
/*
 * Decode only these roles in extract_next (bit 1u << role each); the
 * others come back empty.  Default: all.  Spend reading skips columns it
 * does not use, which is most of the work on a wide file.
 */
void extract_want(struct extract *x, unsigned roles);
#define ROLE_BIT(r) (1u << (r))

/* 1 row, 0 end, -1 read error. */
int extract_next(struct extract *x, struct extract_row *row, struct diag *err);
/*
 * After the last row: the file's SHA-256 into st->sha256 (taken on its own
 * thread since extract_open).  -1 when the file could not be read again
 * or changed size while it was read.
 */
int extract_finish(struct extract *x, struct input_stats *st, struct diag *err);
void extract_close(struct extract *x);

/*
 * Decode raw text (for rejected-rows.csv) to UTF-8 with the file's encoding,
 * appended to the caller's out; -1 only when out would pass its maximum.
 */
int extract_decode(struct extract *x, const char *p, size_t n, struct buf *out);
/*
 * Decoded, cleaned text of field i of the current row; "" if out of range.
 * Valid until the next extract_field or extract_next call.
 */
const char *extract_field(struct extract *x, size_t i, size_t *len);
/* Index of the current row's first field with non-blank bytes, -1 if none. */
int extract_first_nonblank(const struct extract *x);
/*
 * Is this supplier ID shared by many different names in the file's first
 * rows (idnames.h)?  Such rows are keyed by name.
 */
int extract_id_shared(const struct extract *x, const char *id, size_t n);
/*
 * Whether some supplier ID in the first rows carries its row's transaction
 * number (idnames.h), so the transaction column is worth decoding.
 */
int extract_ids_carry_transactions(const struct extract *x);
/* Header cell i, decoded and cleaned; "" past the end.  Owned by x, valid until extract_close(). */
const char *extract_header_cell(const struct extract *x, size_t i);
/* Fields in the header row. */
size_t extract_header_fields(const struct extract *x);

#endif
