#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chainwatch/encoding.h"
#include "chainwatch/json.h"

/* A jnode is a json_t; a jdoc owns the root reference. */
struct jdoc {
	json_t *root;
};

static int load_error(const json_error_t *je, const char *name, struct diag *err)
{
	diag_set(err, CW_INPUT, "%s", je->text);
	return diag_locate(err, name, (unsigned long)(je->line > 0 ? je->line : 0),
			   (unsigned long)(je->column > 0 ? je->column : 0));
}

static int take_root(json_t *root, struct jdoc **out)
{
	struct jdoc *doc = malloc(sizeof(*doc));

	if (!doc) {
		json_decref(root);
		return -1;
	}
	doc->root = root;
	*out = doc;
	return 0;
}

int jdoc_load_file(const char *path, struct jdoc **out, struct diag *err)
{
	json_error_t je;
	json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &je);

	if (!root)
		return load_error(&je, path, err);
	if (take_root(root, out) < 0)
		return diag_set(err, CW_INTERNAL, "out of memory reading '%s'", path);
	return 0;
}

int jdoc_load_mem(const char *p, size_t n, const char *name, struct jdoc **out, struct diag *err)
{
	json_error_t je;
	json_t *root = json_loadb(p, n, JSON_REJECT_DUPLICATES, &je);

	if (!root)
		return load_error(&je, name, err);
	if (take_root(root, out) < 0)
		return diag_set(err, CW_INTERNAL, "out of memory reading '%s'", name);
	return 0;
}

int jdoc_load_piece(const char *p, size_t n, struct jpos *where, struct jdoc **out,
		    struct diag *err)
{
	json_error_t je;
	json_t *root = json_loadb(p, n, JSON_REJECT_DUPLICATES, &je);

	if (!root) {
		if (where) {
			where->offset = je.position > 0 ? (size_t)je.position : 0;
			where->line = je.line > 0 ? (unsigned long)je.line : 0;
			where->col = je.column > 0 ? (unsigned long)je.column : 0;
		}
		return diag_set(err, CW_INPUT, "%s", je.text);
	}
	if (take_root(root, out) < 0)
		return diag_set(err, CW_INTERNAL, "out of memory");
	return 0;
}

void jdoc_free(struct jdoc *doc)
{
	if (!doc)
		return;
	json_decref(doc->root);
	free(doc);
}

#define J(n) ((json_t *)(n))
#define N(j) ((const struct jnode *)(j))

const struct jnode *jdoc_root(const struct jdoc *doc)
{
	return doc ? N(doc->root) : NULL;
}

int jnode_is_object(const struct jnode *n)
{
	return n && json_is_object(J(n));
}

int jnode_is_array(const struct jnode *n)
{
	return n && json_is_array(J(n));
}

const struct jnode *jnode_get(const struct jnode *n, const char *key)
{
	if (!n || !json_is_object(J(n)))
		return NULL;
	return N(json_object_get(J(n), key));
}

const char *jnode_string(const struct jnode *n)
{
	return n && json_is_string(J(n)) ? json_string_value(J(n)) : NULL;
}

int jnode_integer(const struct jnode *n, long long *out)
{
	if (!n || !json_is_integer(J(n)))
		return -1;
	*out = (long long)json_integer_value(J(n));
	return 0;
}

int jnode_number(const struct jnode *n, double *out)
{
	if (!n || !json_is_number(J(n)))
		return -1;
	*out = json_number_value(J(n));
	return 0;
}

int jnode_number_text(const struct jnode *n, char *out, size_t outsz)
{
	char e[40], dig[20];
	const char *p;
	double v;
	int prec, x, nd = 0, k;
	size_t o = 0;

	if (!n || outsz < 64)
		return -1;
	if (json_is_integer(J(n)))
		return snprintf(out, outsz, "%" JSON_INTEGER_FORMAT, json_integer_value(J(n))) < 0 ? -1 : 0;
	if (!json_is_real(J(n)) || !isfinite(v = json_real_value(J(n))) || fabs(v) >= 1e30)
		return -1;
	for (prec = 0; prec < 17; prec++) {       /* shortest "d.ddde+x" that reads back */
		snprintf(e, sizeof(e), "%.*e", prec, v);
		if (strtod(e, NULL) == v)
			break;
	}
	for (p = e; *p && *p != 'e'; p++)
		if (*p >= '0' && *p <= '9' && nd < (int)sizeof(dig))
			dig[nd++] = *p;
	x = *p == 'e' ? (int)strtol(p + 1, NULL, 10) : 0;         /* v = d.ddd x 10^x, x < 30 */
	if (x < -30)
		return snprintf(out, outsz, "0") < 0 ? -1 : 0;
	if (v < 0)
		out[o++] = '-';
	if (x < 0) {
		out[o++] = '0';
		out[o++] = '.';
		for (k = x + 1; k < 0; k++)
			out[o++] = '0';
		memcpy(out + o, dig, (size_t)nd);
		o += (size_t)nd;
	}
	for (k = 0; x >= 0 && (k < nd || k <= x); k++) {
		if (k == x + 1)
			out[o++] = '.';
		out[o++] = k < nd ? dig[k] : '0';
	}
	out[o] = '\0';
	return 0;
}

int jnode_boolean(const struct jnode *n, int *out)
{
	if (!n || !json_is_boolean(J(n)))
		return -1;
	*out = json_is_true(J(n)) ? 1 : 0;
	return 0;
}

size_t jnode_array_size(const struct jnode *n)
{
	return n && json_is_array(J(n)) ? json_array_size(J(n)) : 0;
}

const struct jnode *jnode_array_at(const struct jnode *n, size_t i)
{
	return n && json_is_array(J(n)) ? N(json_array_get(J(n), i)) : NULL;
}

int jnode_object_next(const struct jnode *n, void **iter, const char **key,
		      const struct jnode **val)
{
	if (!n || !json_is_object(J(n)))
		return 0;
	*iter = *iter ? json_object_iter_next(J(n), *iter) : json_object_iter(J(n));
	if (!*iter)
		return 0;
	*key = json_object_iter_key(*iter);
	*val = N(json_object_iter_value(*iter));
	return 1;
}

/* ---- writer ---- */


static void put(struct jwriter *w, const char *s, size_t n)
{
	if (buf_add(w->out, s, n) < 0)
		w->depth = -1000;   /* poisoned: jw_finish reports it */
}

static void indent(struct jwriter *w)
{
	int i;

	put(w, "\n", 1);
	for (i = 0; i < w->depth; i++)
		put(w, "  ", 2);
}

/* Comma and newline before a value or key, unless it follows a key. */
static void before_item(struct jwriter *w)
{
	if (w->after_key) {
		w->after_key = 0;
		return;
	}
	if (w->depth <= 0)
		return;
	if (!w->first[w->depth])
		put(w, ",", 1);
	w->first[w->depth] = 0;
	indent(w);
}

void jw_init(struct jwriter *w, struct buf *out)
{
	memset(w, 0, sizeof(*w));
	w->out = out;
}

static void open_scope(struct jwriter *w, char c)
{
	before_item(w);
	put(w, &c, 1);
	if (w->depth >= 0 && w->depth < 31)
		w->first[++w->depth] = 1;
	else
		w->depth = -1000;
}

static void close_scope(struct jwriter *w, char c)
{
	int empty = w->depth > 0 && w->first[w->depth];

	w->depth--;
	if (!empty)
		indent(w);
	put(w, &c, 1);
}

void jw_object_begin(struct jwriter *w) { open_scope(w, '{'); }
void jw_object_end(struct jwriter *w) { close_scope(w, '}'); }
void jw_array_begin(struct jwriter *w) { open_scope(w, '['); }
void jw_array_end(struct jwriter *w) { close_scope(w, ']'); }

static void put_string(struct jwriter *w, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, start = 0;

	put(w, "\"", 1);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		size_t len, bad = 1;
		char esc[7];

		if (c >= 0x80) {        /* valid UTF-8 as is; what is not, U+FFFD */
			len = utf8_char(s + i, n - i, &bad);
			if (len) {
				i += len - 1;
				continue;
			}
			put(w, s + start, i - start);
			put(w, "\xef\xbf\xbd", 3);
			i += bad - 1;
			start = i + 1;
			continue;
		}
		if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7F)
			continue;
		put(w, s + start, i - start);
		start = i + 1;
		switch (c) {
		case '"': put(w, "\\\"", 2); break;
		case '\\': put(w, "\\\\", 2); break;
		case '\n': put(w, "\\n", 2); break;
		case '\r': put(w, "\\r", 2); break;
		case '\t': put(w, "\\t", 2); break;
		default:
			memcpy(esc, "\\u00", 4);
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			put(w, esc, 6);
		}
	}
	put(w, s + start, n - start);
	put(w, "\"", 1);
}

void jw_key(struct jwriter *w, const char *key)
{
	before_item(w);
	put_string(w, key, strlen(key));
	put(w, ": ", 2);
	w->after_key = 1;
}

void jw_stringn(struct jwriter *w, const char *s, size_t n)
{
	before_item(w);
	put_string(w, s, n);
}

void jw_string(struct jwriter *w, const char *s)
{
	if (!s) {
		jw_null(w);
		return;
	}
	jw_stringn(w, s, strlen(s));
}

void jw_int(struct jwriter *w, long long v)
{
	before_item(w);
	if (buf_printf(w->out, "%lld", v) < 0)
		w->depth = -1000;
}

void jw_bool(struct jwriter *w, int v)
{
	before_item(w);
	put(w, v ? "true" : "false", v ? 4 : 5);
}

void jw_null(struct jwriter *w)
{
	before_item(w);
	put(w, "null", 4);
}

int jw_finish(struct jwriter *w)
{
	put(w, "\n", 1);
	return w->depth == 0 ? 0 : -1;
}

/* ---- places in the text: a JSON path to a line and column, and back ---- */

static const char *ws(const char *p, const char *e)
{
	while (p < e && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

static const char *skip_string(const char *p, const char *e)   /* p at '"' */
{
	for (p++; p < e && *p != '"'; p++)
		if (*p == '\\')
			p++;
	return p < e ? p + 1 : e;
}

static const char *skip_scalar(const char *p, const char *e)
{
	while (p < e && (!*p || !strchr(",:{}[]\" \t\r\n", *p)))   /* a NUL byte too */
		p++;
	return p;
}

static const char *skip_value(const char *p, const char *e)
{
	int depth = 0;

	do {
		if (p >= e)
			return e;
		if (*p == '"') {
			p = skip_string(p, e);
			continue;
		}
		if (*p == '{' || *p == '[') {
			depth++;
		} else if (*p == '}' || *p == ']') {
			depth--;
		} else if (depth == 0) {
			return skip_scalar(p, e);
		}
		p++;
	} while (depth > 0);
	return p;
}

/* Is the key as written, k[0..kn), the path segment seg[0..sn) ("~1" is '/', "~0" '~')? */
static int segment_is(const char *k, size_t kn, const char *seg, size_t sn)
{
	size_t i = 0, j = 0;

	while (i < kn && j < sn) {
		char c = seg[j++];

		if (c == '~' && j < sn && (seg[j] == '0' || seg[j] == '1'))
			c = seg[j++] == '0' ? '~' : '/';
		if (k[i++] != c)
			return 0;
	}
	return i == kn && j == sn;
}

/* Where the value at path[0..plen) starts, or NULL. */
static const char *locate(const char *p, const char *e, const char *path, size_t plen)
{
	const char *pe = path + plen;

	p = ws(p, e);
	while (path < pe && *path == '/') {
		const char *seg = ++path;
		size_t n = 0, i, idx = 0;

		while (seg + n < pe && seg[n] != '/')
			n++;
		path += n;
		if (p < e && *p == '[') {
			for (i = 0; i < n; i++) {
				if (seg[i] < '0' || seg[i] > '9' || idx > 100000)
					return NULL;
				idx = idx * 10 + (size_t)(seg[i] - '0');
			}
			p = ws(p + 1, e);
			for (i = 0; i < idx; i++) {
				p = ws(skip_value(p, e), e);
				if (p >= e || *p != ',')
					return NULL;
				p = ws(p + 1, e);
			}
			if (p >= e || *p == ']')
				return NULL;
		} else if (p < e && *p == '{') {
			for (p = ws(p + 1, e);; p = ws(p + 1, e)) {
				const char *q;
				int hit;

				if (p >= e || *p != '"')
					return NULL;
				q = skip_string(p, e);
				hit = q - p >= 2 && segment_is(p + 1, (size_t)(q - p - 2), seg, n);
				p = ws(q, e);
				if (p >= e || *p != ':')
					return NULL;
				p = ws(p + 1, e);
				if (hit)
					break;
				p = ws(skip_value(p, e), e);
				if (p >= e || *p != ',')
					return NULL;
			}
		} else {
			return NULL;
		}
	}
	return p < e ? p : NULL;
}

static void place(const char *text, const char *at, struct jpos *out)
{
	const char *q;

	out->line = 1;
	out->col = 1;
	for (q = text; q < at; q++)
		if (*q == '\n')
			out->line++, out->col = 1;
		else if ((*q & 0xC0) != 0x80)    /* not a UTF-8 continuation byte */
			out->col++;
	out->offset = (size_t)(at - text);
}

int jpath_position(const char *text, size_t len, const char *path, struct jpos *out)
{
	const char *at;
	size_t plen = strlen(path);
	int exact = 1;

	while (!(at = locate(text, text + len, path, plen))) {
		if (!plen)
			return -1;
		while (plen > 0 && path[--plen] != '/')
			;
		exact = 0;
	}
	place(text, at, out);
	return exact ? 0 : 1;
}

#define JPATH_DEPTH 64

struct jframe {
	int array, want_key;
	const char *key;        /* as written, without the quotes */
	size_t keylen, index;
};

/*
 * Walk text up to offset `at` (where a parse stopped), keeping the path:
 * into out (truncated to outsz), and the last key read into *key, *keylen.
 */
static void path_at(const char *text, size_t len, size_t at, char *out, size_t outsz,
		    const char **key, size_t *keylen)
{
	struct jframe st[JPATH_DEPTH];
	const char *p = text, *e = text + (at < len ? at : len), *tok;
	size_t depth = 0, i, o = 0, k;

	while ((p = ws(p, e)) < e) {
		struct jframe *top = depth && depth <= JPATH_DEPTH ? &st[depth - 1] : NULL;

		tok = p;
		if (*p == '{' || *p == '[') {
			if (depth < JPATH_DEPTH)
				st[depth] = (struct jframe){ *p == '[', *p == '{', NULL, 0, 0 };
			depth++;
			p++;
		} else if (*p == '}' || *p == ']') {
			depth -= depth > 0;
			p++;
		} else if (*p == ',' || *p == ':') {
			if (top && top->array && *p == ',')
				top->index++;
			else if (top && !top->array)
				top->want_key = *p == ',';
			p++;
		} else if (*p == '"') {
			p = skip_string(p, e);
			if (top && !top->array && top->want_key) {
				top->key = tok + 1;
				top->keylen = (size_t)(p - tok - 1) - (p[-1] == '"' && p - tok >= 2);
				top->want_key = 0;
				*key = top->key;
				*keylen = top->keylen;
			}
		} else {
			p = skip_scalar(p, e);     /* never stops at once: see above */
		}
	}
	out[0] = '\0';
	for (i = 0; i < depth && i < JPATH_DEPTH && o + 24 < outsz; i++) {
		if (st[i].array) {
			o += (size_t)snprintf(out + o, outsz - o, "/%zu", st[i].index);
			continue;
		}
		if (!st[i].key)
			break;
		out[o++] = '/';
		for (k = 0; k < st[i].keylen && o + 3 < outsz; k++) {
			char c = st[i].key[k];

			if (c == '~' || c == '/') {
				out[o++] = '~';
				c = c == '~' ? '0' : '1';
			}
			out[o++] = c;
		}
		out[o] = '\0';
	}
}

/* What a person editing the file most likely did, after the parser's message. */
static const struct {
	const char *text, *hint;
} parse_hints[] = {
	{ "'}' expected near '", "is a comma missing before it?" },
	{ "']' expected near '", "is a comma missing before it?" },
	{ "string or '}' expected near '}'", "is there a comma after the last item?" },
	{ "unexpected token near ']'", "is there a comma after the last item?" },
	{ "string or '}' expected near '", "a key goes in double quotes" },
	{ "invalid token near '\''", "text goes in double quotes" },
};

int jdoc_load_text(const char *p, size_t n, const char *name, struct jdoc **out,
		   struct diag *err)
{
	json_error_t je;
	json_t *root = NULL;
	char path[512], q[64];
	const char *key = NULL, *nul = memchr(p, '\0', n);
	size_t keylen = 0, i;
	struct jpos pos;

	if (nul) {      /* the parser would take it for the end of the file */
		path_at(p, n, (size_t)(nul - p), path, sizeof(path), &key, &keylen);
		place(p, nul, &pos);
		diag_set(err, CW_INPUT, "%s: a NUL byte: save the file as UTF-8 text (is it "
			 "UTF-16?)", *path ? path : "/");
		return diag_locate(err, name, pos.line, pos.col);
	}
	root = json_loadb(p, n, JSON_REJECT_DUPLICATES, &je);
	if (!root) {
		path_at(p, n, je.position > 0 ? (size_t)je.position : 0, path, sizeof(path), &key,
			&keylen);
		if (json_error_code(&je) == json_error_duplicate_key && key) {
			place(p, key - 1, &pos);
			diag_quote(q, sizeof(q), key, keylen, 40);
			diag_set(err, CW_INPUT, "%s: duplicate key '%s'", path, q);
			return diag_locate(err, name, pos.line, pos.col);
		}
		for (i = 0; i < sizeof(parse_hints) / sizeof(parse_hints[0]); i++)
			if (!strncmp(je.text, parse_hints[i].text, strlen(parse_hints[i].text)) &&
			    !strstr(je.text, "near end of file"))
				break;
		diag_set(err, CW_INPUT, "%s: %s%s%s", *path ? path : "/", je.text,
			 i < sizeof(parse_hints) / sizeof(parse_hints[0]) ? ": " : "",
			 i < sizeof(parse_hints) / sizeof(parse_hints[0]) ? parse_hints[i].hint : "");
		/* jansson's column 0 is a line's first byte (bad UTF-8 there) */
		return diag_locate(err, name, (unsigned long)(je.line > 0 ? je.line : 0),
				   (unsigned long)(je.column > 0 ? je.column : je.line > 0 ? 1 : 0));
	}
	if (take_root(root, out) < 0)
		return diag_set(err, CW_INTERNAL, "out of memory reading '%s'", name);
	return 0;
}
