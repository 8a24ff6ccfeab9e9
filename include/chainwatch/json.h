#ifndef CHAINWATCH_JSON_H
#define CHAINWATCH_JSON_H

/*
 * JSON in and out.  The only module that includes jansson.h.
 *
 * Reading: a parsed document (jdoc) with borrowed nodes (jnode) that live
 * as long as the document.  Parse errors come back located:
 * "profiles/x.json:3:14: '}' expected near '\"a\"'".
 *
 * Writing: a small streaming writer into a struct buf with stable key
 * order (the caller's) and two-space indentation, so manifests diff well
 * and are byte-identical run to run.  Every string written (keys and
 * values) comes out as valid UTF-8 whatever its bytes: each ill-formed
 * sequence (a stray 0xFF in a file name, a cut-off character) becomes one
 * U+FFFD, as decoder_to_utf8 does; control characters, '"' and '\\' are
 * escaped.
 */

#include <stddef.h>

#include "chainwatch/buf.h"
#include "chainwatch/diag.h"

struct jdoc;
struct jnode;
struct jpos;

/*
 * Parse a file or p[0..n) into a new document, the caller's to free with
 * jdoc_free(); p is copied from.  -1 + err (CW_INPUT, located) and *out
 * untouched when it is not JSON or cannot be read.
 */
int jdoc_load_file(const char *path, struct jdoc **out, struct diag *err);
int jdoc_load_mem(const char *p, size_t n, const char *name, struct jdoc **out, struct diag *err);
/*
 * jdoc_load_mem for a file whose problems are reported by JSON path (see
 * jpath_position): a parse error also names the path the parser had
 * reached, a duplicate key is located at the key itself, and a NUL byte (a
 * file saved as UTF-16) is refused where it is, not taken for the end:
 *   "evidence.json:12:7: /commitments/C1/done: duplicate key 'done'"
 *   "evidence.json:3:14: /adoption/body: '}' expected near '\"date\"'"
 */
int jdoc_load_text(const char *p, size_t n, const char *name, struct jdoc **out,
		   struct diag *err);
/*
 * jdoc_load_mem for one piece of a larger file (jsonarray.h's objects):
 * on error err's message is the parser's own text, unlocated, and *where
 * (when not NULL) says where in p it stopped: offset in bytes, line and
 * column from 1 (0 when the parser gave none).  *out is the caller's to
 * free with jdoc_free(); untouched on error.
 */
int jdoc_load_piece(const char *p, size_t n, struct jpos *where, struct jdoc **out,
		    struct diag *err);
void jdoc_free(struct jdoc *doc);
/* Every jnode pointer and jnode string below is owned by the document: valid until jdoc_free(). */
const struct jnode *jdoc_root(const struct jdoc *doc);

int jnode_is_object(const struct jnode *n);
int jnode_is_array(const struct jnode *n);
/* Member of an object (owned by its document), NULL when n is not an object or has no such key. */
const struct jnode *jnode_get(const struct jnode *n, const char *key);
/* String value (owned by the document), NULL when n is not a string. */
const char *jnode_string(const struct jnode *n);
/* Integer value; -1 when n is not an integer. */
int jnode_integer(const struct jnode *n, long long *out);
/*
 * Any number (integer or real) as a double; -1 when n is not a number.
 * A real holds the double nearest the text (the decimal digits are gone):
 * callers that need exact decimals, like money, rebuild them from the
 * shortest text that reads back to the same double.
 */
int jnode_number(const struct jnode *n, double *out);
/*
 * A number as plain decimal text ("1234.56", "-0.5", "12", no exponent)
 * into out (>= 64 bytes): an integer exactly; a real as the shortest text
 * that reads back to the same double, which is the text as written for
 * up to 15 significant digits (so money can be read exactly, amount.h).
 * -1 when n is not a finite number or |value| >= 1e30.
 */
int jnode_number_text(const struct jnode *n, char *out, size_t outsz);
/* Boolean value; -1 when n is not true or false. */
int jnode_boolean(const struct jnode *n, int *out);
size_t jnode_array_size(const struct jnode *n);
/* Item i (owned by the document), NULL past the end. */
const struct jnode *jnode_array_at(const struct jnode *n, size_t i);
/* Iterate an object: start with *iter = NULL; returns 0 at the end.  *key and *val belong to the document. */
int jnode_object_next(const struct jnode *n, void **iter, const char **key,
		      const struct jnode **val);

/*
 * Where a value is in the text of a document (jansson keeps no positions):
 * walk text[0..len), which the parser accepted, to the value at `path`, a
 * JSON pointer ("/commitments/C1/done", "/previous_reports/0/url"; "" the
 * document; "~1" stands for '/' in a key, "~0" for '~').  Keys are compared
 * as written, so a key spelt with a backslash escape is not found.  When no
 * value has that path, the nearest enclosing one that does: so "is missing"
 * can point at the object that lacks the key.  Line and column count from
 * 1; the column counts characters (UTF-8), as the parser's messages do.
 * Returns 0 when the value itself was found, 1 for an enclosing value, -1
 * when there is none (an empty text).
 */
struct jpos {
	size_t offset;                  /* bytes from the start of text */
	unsigned long line, col;
};

/* *out is plain numbers: nothing to release; returns as above. */
int jpath_position(const char *text, size_t len, const char *path, struct jpos *out);

struct jwriter {
	struct buf *out;
	int depth;
	int first[32];      /* nothing written yet at this depth */
	int after_key;
};

void jw_init(struct jwriter *w, struct buf *out);
void jw_object_begin(struct jwriter *w);
void jw_object_end(struct jwriter *w);
void jw_array_begin(struct jwriter *w);
void jw_array_end(struct jwriter *w);
void jw_key(struct jwriter *w, const char *key);
void jw_string(struct jwriter *w, const char *s);          /* NULL writes null */
void jw_stringn(struct jwriter *w, const char *s, size_t n);
void jw_int(struct jwriter *w, long long v);
void jw_bool(struct jwriter *w, int v);
void jw_null(struct jwriter *w);
/* Finish: a trailing newline.  -1 if the buffer hit its maximum at any point. */
int jw_finish(struct jwriter *w);

#endif
