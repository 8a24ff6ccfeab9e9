/*
 * jsonarray.c: a top-level JSON array of objects, streamed (jsonarray.h).
 * A byte scanner finds each object's span (strings, escapes, the brackets
 * open) in a buffer with a ceiling; the JSON module parses that span
 * alone.  Lines and columns count from 1, columns in bytes.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chainwatch/buf.h"
#include "chainwatch/jsonarray.h"
#include "chainwatch/xalloc.h"

#define CHUNK (64 * 1024)
#define DEPTH_CEILING 1024

struct scan {
	const char *name;
	int fd;                      /* -1: no more than the head */
	const char *p;               /* the head, then the chunk */
	size_t n, pos;
	char *chunk;
	int eof, read_error;
	unsigned long line, col;     /* of the byte last read */
	struct buf obj;              /* the object being read */
	char open[DEPTH_CEILING];    /* the brackets open in it */
	size_t max_depth, max_values;
	const struct jarray_sink *sink;
	struct jarray_stats *out;
};

/* The next chunk into s->p; 0, or -1 at the end (read_error set on a read error). */
static int refill(struct scan *s)
{
	ssize_t got;

	if (s->fd < 0 || s->eof)
		return -1;
	if (!s->chunk)
		s->chunk = xmalloc(CHUNK);
	do
		got = read(s->fd, s->chunk, CHUNK);
	while (got < 0 && errno == EINTR);
	if (got <= 0) {
		s->eof = 1;
		s->read_error = got < 0 ? errno : 0;
		return -1;
	}
	s->p = s->chunk;
	s->n = (size_t)got;
	s->pos = 0;
	return 0;
}

/* The next byte, or -1 at the end (read_error set on a read error). */
static inline int next_byte(struct scan *s)
{
	int c;

	if (s->pos == s->n && refill(s) < 0)
		return -1;
	c = (unsigned char)s->p[s->pos++];
	s->out->bytes++;
	if (c == '\n') {
		s->line++;
		s->col = 0;
	} else {
		s->col++;
	}
	return c;
}

static int is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int next_nonspace(struct scan *s)
{
	int c;

	do
		c = next_byte(s);
	while (is_space(c));
	return c;
}

/* c as a message shows it: "'x'" or "byte 0xNN". */
static const char *shown(int c, char *out, size_t outsz)
{
	if (c > ' ' && c < 0x7F && c != '\'')
		snprintf(out, outsz, "'%c'", c);
	else
		snprintf(out, outsz, "byte 0x%02X", (unsigned)c);
	return out;
}

/* The file ended (c == -1): a read error, or a cut-off file with `what`. */
static int ended(struct scan *s, unsigned long line, const char *what, struct diag *err)
{
	if (s->read_error)
		return diag_set(err, CW_INPUT, "%s: read error: %s", s->name, strerror(s->read_error));
	return diag_set(err, CW_INPUT, "%s:%lu: the file ends %s: it was cut off (an interrupted "
			"download?)", s->name, line, what);
}

static int broken(struct scan *s, int c, const char *where, struct diag *err)
{
	char b[16];

	return diag_set(err, CW_INPUT, "%s:%lu:%lu: %s %s: the array is broken, nothing after it "
			"can be trusted", s->name, s->line, s->col, shown(c, b, sizeof(b)), where);
}

static void reject(struct scan *s, unsigned long line, const char *reason)
{
	s->out->rejected++;
	if (s->sink->reject)
		s->sink->reject(s->sink->ctx, line, reason);
}

/* The parser's message quotes the input: anything but printable ASCII becomes '?'. */
static const char *ascii_only(char *msg)
{
	char *p;

	for (p = msg; *p; p++)
		if ((unsigned char)*p < ' ' || (unsigned char)*p >= 0x7F)
			*p = '?';
	return msg;
}

/* Where byte `off` of the object is, the object starting at line:col. */
static void place(const struct scan *s, size_t off, unsigned long line, unsigned long col,
		  unsigned long *pl, unsigned long *pc)
{
	size_t i;

	col--;                          /* the column before the object's first byte */
	if (off > s->obj.len)
		off = s->obj.len;
	for (i = 0; i < off; i++) {
		if (s->obj.s[i] == '\n') {
			line++;
			col = 0;
		} else {
			col++;
		}
	}
	*pl = line;
	*pc = col + 1;
}

/* The object s->obj, read whole: to the sink, or rejected. */
static int deliver(struct scan *s, unsigned long line, unsigned long col, int toobig,
		   int toodeep, size_t values, size_t nul_at, struct diag *err)
{
	struct jdoc *doc = NULL;
	struct jpos where;
	struct diag perr;
	char reason[DIAG_MSG_MAX + 64];
	unsigned long el, ec;
	int rc;

	s->out->objects++;
	if (toobig) {
		snprintf(reason, sizeof(reason), "object is larger than the reader's limit (%zu bytes)",
			 s->obj.max);
	} else if (toodeep) {
		snprintf(reason, sizeof(reason), "object nests deeper than %zu levels", s->max_depth);
	} else if (values > s->max_values) {
		snprintf(reason, sizeof(reason), "object holds more than %zu values", s->max_values);
	} else if (nul_at) {
		place(s, nul_at - 1, line, col, &el, &ec);
		snprintf(reason, sizeof(reason), "object contains a NUL byte at %lu:%lu", el, ec);
	} else {
		diag_init(&perr);
		memset(&where, 0, sizeof(where));
		if (jdoc_load_piece(s->obj.s, s->obj.len, &where, &doc, &perr) == 0) {
			rc = s->sink->object ? s->sink->object(s->sink->ctx, jdoc_root(doc), line, err) : 0;
			jdoc_free(doc);
			return rc < 0 ? -1 : 0;
		}
		if (perr.code != CW_INPUT)
			return diag_set(err, perr.code, "%s:%lu: %s", s->name, line, perr.msg);
		place(s, where.offset ? where.offset - 1 : 0, line, col, &el, &ec);
		snprintf(reason, sizeof(reason), "object is not valid JSON at %lu:%lu: %s", el, ec,
			 ascii_only(perr.msg));
	}
	reject(s, line, reason);
	return 0;
}

/* One object, its '{' just read: to its closing '}', then deliver(). */
static int object(struct scan *s, struct diag *err)
{
	unsigned long line = s->line, col = s->col;
	size_t depth = 1, nul_at = 0, values = 1;
	int c, in_string = 0, esc = 0, toobig = 0, toodeep = 0;

	buf_reset(&s->obj);
	buf_addc(&s->obj, '{');
	s->open[0] = '{';
	for (;;) {
		if (in_string && !esc && s->pos < s->n) {
			/* a string's plain bytes, as many as the chunk holds, at once */
			const char *q = s->p + s->pos, *e = s->p + s->n, *x = q;
			size_t k;

			while (x < e && *x != '"' && *x != '\\' && *x != '\n' && *x)
				x++;
			if ((k = (size_t)(x - q)) > 0) {
				if (!toobig && buf_add(&s->obj, q, k) < 0)
					toobig = 1;
				s->pos += k;
				s->col += k;
				s->out->bytes += k;
				continue;
			}
		}
		c = next_byte(s);
		if (c < 0)
			return ended(s, line, "inside the object that starts here", err);
		if (!toobig && buf_addc(&s->obj, (char)c) < 0)
			toobig = 1;
		if (!c && !nul_at)
			nul_at = s->obj.len;     /* its offset + 1; a giant object says that instead */
		if (in_string) {
			if (esc)
				esc = 0;
			else if (c == '\\')
				esc = 1;
			else if (c == '"')
				in_string = 0;
			continue;
		}
		if (c == '"') {
			in_string = 1;
		} else if (c == ',') {
			values++;
		} else if (c == '{' || c == '[') {
			if (depth < s->max_depth)
				s->open[depth] = (char)c;
			else
				toodeep = 1;
			depth++;
		} else if (c == '}' || c == ']') {
			if (depth <= s->max_depth && s->open[depth - 1] != (c == '}' ? '{' : '['))
				return broken(s, c, s->open[depth - 1] == '{' ?
					      "where '}' should close an object" :
					      "where ']' should close an array", err);
			if (!--depth)
				break;
		}
	}
	return deliver(s, line, col, toobig, toodeep, values, nul_at, err);
}

static int read_array(struct scan *s, struct diag *err)
{
	int c = next_byte(s);
	unsigned long open_line;

	if (c == 0xEF) {
		if (next_byte(s) != 0xBB || next_byte(s) != 0xBF)
			return diag_set(err, CW_INPUT, "'%s' is not a JSON array: it starts with a "
					"broken byte-order mark", s->name);
		c = next_byte(s);
	}
	while (is_space(c))
		c = next_byte(s);
	if (c < 0 && !s->read_error)
		return diag_set(err, CW_INPUT, "'%s' is empty", s->name);
	if (c < 0)
		return ended(s, s->line, "", err);
	if (c != '[') {
		char b[16];

		return diag_set(err, CW_INPUT, "'%s' is not a JSON array: it starts with %s", s->name,
				shown(c, b, sizeof(b)));
	}
	open_line = s->line;
	c = next_nonspace(s);
	if (c != ']') {
		for (;;) {
			if (c < 0)
				return ended(s, open_line, "before the closing ']' of the array that "
					     "starts here", err);
			if (c != '{')
				return broken(s, c, "where an object should start", err);
			if (object(s, err) < 0)
				return -1;
			c = next_nonspace(s);
			if (c == ']')
				break;
			if (c < 0)
				continue;       /* cut off, said above */
			if (c != ',')
				return broken(s, c, "where ',' or ']' should follow an object", err);
			c = next_nonspace(s);
		}
	}
	c = next_nonspace(s);
	if (c >= 0)
		return broken(s, c, "after the array's closing ']'", err);
	if (s->read_error)
		return ended(s, s->line, "", err);
	return 0;
}

static int run(struct scan *s, const char *name, const struct jarray_limits *lim,
	       const struct jarray_sink *sink, struct jarray_stats *out, struct diag *err)
{
	int ret;

	memset(out, 0, sizeof(*out));
	s->name = name;
	s->sink = sink;
	s->out = out;
	s->line = 1;
	s->max_depth = lim && lim->max_depth > 0 ? (size_t)lim->max_depth : JARRAY_MAX_DEPTH;
	s->max_values = lim && lim->max_values ? lim->max_values : JARRAY_MAX_VALUES;
	if (s->max_depth > DEPTH_CEILING)
		s->max_depth = DEPTH_CEILING;
	buf_init(&s->obj, lim && lim->max_object ? lim->max_object : JARRAY_MAX_OBJECT);
	ret = read_array(s, err);
	buf_release(&s->obj);
	free(s->chunk);
	return ret;
}

int jarray_read_fd(int fd, const char *head, size_t nhead, const char *name,
		   const struct jarray_limits *lim, const struct jarray_sink *sink,
		   struct jarray_stats *out, struct diag *err)
{
	struct scan s;

	memset(&s, 0, sizeof(s));
	s.fd = fd;
	s.p = head;
	s.n = head ? nhead : 0;
	return run(&s, name, lim, sink, out, err);
}

int jarray_read_mem(const char *p, size_t n, const char *name, const struct jarray_limits *lim,
		    const struct jarray_sink *sink, struct jarray_stats *out, struct diag *err)
{
	struct scan s;

	memset(&s, 0, sizeof(s));
	s.fd = -1;
	s.p = p;
	s.n = p ? n : 0;
	return run(&s, name, lim, sink, out, err);
}
