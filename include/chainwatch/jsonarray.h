#ifndef CHAINWATCH_JSONARRAY_H
#define CHAINWATCH_JSONARRAY_H

/*
 * A file that is one top-level JSON array of objects, read an object at a
 * time with bounded memory, however large the file (the Charity
 * Commission's 200 MB register tables, charities.h).
 *
 * The reader finds each object's bytes itself (strings, escapes, nesting)
 * and hands that span alone to the JSON parser (json.h), so memory is one
 * object's, capped, whatever the input.  A UTF-8 BOM and whitespace may
 * come before the '['; only whitespace after the ']'.
 *
 * An object is rejected (reject callback with the line its '{' is on and
 * a reason) and the read goes on past it when it is larger than the
 * limit, nests deeper or holds more values than the limits, holds a NUL byte, or is not valid
 * JSON to the parser: invalid UTF-8, a bad value, a duplicate key, an
 * escaped NUL ("\u0000"); the reason says where ("not valid JSON at
 * 12:48: ...").
 *
 * Refused whole (-1, CW_INPUT, located "name:line:col: ..."): an empty
 * file; a first character other than '['; a file that ends inside an
 * object or before the closing ']' (cut off); anything but ',' or ']'
 * after an object, an element that is not an object, a trailing comma,
 * a closing bracket of the wrong kind (the array's structure is what
 * says where the next object starts: once it is broken nothing after
 * can be trusted); text after the closing ']'.
 */

#include <stddef.h>

#include "chainwatch/diag.h"
#include "chainwatch/json.h"

#define JARRAY_MAX_OBJECT ((size_t)4 << 20)
#define JARRAY_MAX_DEPTH 64
#define JARRAY_MAX_VALUES 65536

struct jarray_limits {
	size_t max_object;     /* bytes of one object; 0: JARRAY_MAX_OBJECT */
	int max_depth;         /* objects and arrays open at once, the object's own
				  included; 0: JARRAY_MAX_DEPTH, at most 1024 */
	size_t max_values;     /* values in one object, at any depth (the parser's
				  memory is per value); 0: JARRAY_MAX_VALUES */
};

struct jarray_sink {
	/*
	 * Each well-formed object, with the physical line (from 1) its '{' is
	 * on; obj is borrowed, valid during the call only.  Return -1 (err
	 * filled) to stop the read, which then returns -1 with that error.
	 */
	int (*object)(void *ctx, const struct jnode *obj, unsigned long line, struct diag *err);
	/* An object left out; reason is borrowed for the call.  May be NULL. */
	void (*reject)(void *ctx, unsigned long line, const char *reason);
	void *ctx;
};

/* What a read saw.  objects = passed to the sink + rejected. */
struct jarray_stats {
	unsigned long long bytes;    /* read, the BOM included */
	unsigned long objects, rejected;
};

/*
 * Read the array from head[0..nhead) (bytes already read from fd, which
 * come first; may be 0 and NULL) then fd to its end (not closed), named
 * `name` in messages, into sink, filling *out (zeroed first; nothing to
 * release).  lim may be NULL for the defaults.  0, or -1 with err:
 * CW_INPUT when refused as above or on a read error, or the sink's error.
 * A failed read may have passed objects to the sink already.
 */
int jarray_read_fd(int fd, const char *head, size_t nhead, const char *name,
		   const struct jarray_limits *lim, const struct jarray_sink *sink,
		   struct jarray_stats *out, struct diag *err);
/* The same from p[0..n) (borrowed). */
int jarray_read_mem(const char *p, size_t n, const char *name, const struct jarray_limits *lim,
		    const struct jarray_sink *sink, struct jarray_stats *out, struct diag *err);

#endif
