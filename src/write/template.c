/*
 * Report templates (include/chainwatch/template.h, docs/templates.md).
 *
 * The whole template is parsed first into a flat array of nodes, so every
 * syntax error is found before any output is written; then the nodes are
 * rendered against a stack of contexts.  A section node's body is the
 * nodes after it up to its `end`; close tags and comments leave no node.
 * On any error the output buffer is put back as it was.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chainwatch/template.h"
#include "chainwatch/xalloc.h"

#define TEMPLATE_SIZE_MAX ((size_t)4 << 20)    /* 4 MiB */
#define TEMPLATE_DEPTH_MAX 64                  /* sections open at once */
#define QUOTE_MAX 60                           /* bytes of a bad tag quoted in a message */

/* ---- the value tree ---------------------------------------------------- */

enum tval_type { TV_OBJECT, TV_LIST, TV_STR, TV_BOOL };

struct tval {
	enum tval_type type;
	int b;                  /* TV_BOOL */
	char *s;                /* TV_STR, NUL-terminated */
	size_t len;
	char **keys;            /* TV_OBJECT: keys[i] names items[i], in insertion order */
	struct tval **items;    /* TV_OBJECT and TV_LIST */
	size_t n, cap;
};

static struct tval *tval_new(enum tval_type type)
{
	struct tval *v = xcalloc(1, sizeof(*v));

	v->type = type;
	return v;
}

struct tval *tval_object(void)
{
	return tval_new(TV_OBJECT);
}

void tval_free(struct tval *v)
{
	size_t i;

	if (!v)
		return;
	for (i = 0; i < v->n; i++) {
		tval_free(v->items[i]);
		if (v->keys)
			free(v->keys[i]);
	}
	free(v->keys);
	free(v->items);
	free(v->s);
	free(v);
}

/* The index of key k[0..kn) in object o, or o->n. */
static size_t key_index(const struct tval *o, const char *k, size_t kn)
{
	size_t i;

	for (i = 0; i < o->n; i++)
		if (strlen(o->keys[i]) == kn && memcmp(o->keys[i], k, kn) == 0)
			return i;
	return o->n;
}

static const struct tval *child(const struct tval *o, const char *k, size_t kn)
{
	size_t i;

	if (o->type != TV_OBJECT)
		return NULL;
	i = key_index(o, k, kn);
	return i < o->n ? o->items[i] : NULL;
}

/* Add v to the list or object to (under key, replacing in place); returns v. */
static struct tval *tval_add(struct tval *to, enum tval_type type, const char *key,
			     struct tval *v)
{
	size_t i;

	if (!to || to->type != type || (type == TV_OBJECT && !key))
		BUG("tval: adding '%s' to the wrong kind of value", key ? key : "(item)");
	if (key && (i = key_index(to, key, strlen(key))) < to->n) {
		tval_free(to->items[i]);
		to->items[i] = v;
		return v;
	}
	if (to->n == to->cap) {
		to->cap = to->cap ? xsize_add(to->cap, to->cap) : 8;
		to->items = xreallocarray(to->items, to->cap, sizeof(*to->items));
		if (key)
			to->keys = xreallocarray(to->keys, to->cap, sizeof(*to->keys));
	}
	if (key)
		to->keys[to->n] = xstrdup(key);
	to->items[to->n++] = v;
	return v;
}

static struct tval *str_new(const char *s)
{
	struct tval *v;

	if (!s)
		BUG("tval: NULL string");
	v = tval_new(TV_STR);
	v->len = strlen(s);
	v->s = xstrdup(s);
	return v;
}

void tval_set_str(struct tval *obj, const char *key, const char *s)
{
	tval_add(obj, TV_OBJECT, key, str_new(s));
}

void tval_set_int(struct tval *obj, const char *key, long long n)
{
	char num[32];

	snprintf(num, sizeof(num), "%lld", n);
	tval_add(obj, TV_OBJECT, key, str_new(num));
}

void tval_set_pct(struct tval *obj, const char *key, int64_t part, int64_t whole)
{
	char t[32];

	if (whole <= 0)
		return;
	snprintf(t, sizeof(t), "%.1f", 100.0 * (double)part / (double)whole);
	tval_set_str(obj, key, t);
}

void tval_set_count(struct tval *obj, const char *key, long n, const char *one,
		    const char *many)
{
	char t[96];

	snprintf(t, sizeof(t), "%ld %s", n, n == 1 ? one : many);
	tval_set_str(obj, key, t);
}

void tval_set_bool(struct tval *obj, const char *key, int b)
{
	struct tval *v = tval_new(TV_BOOL);

	v->b = b != 0;
	tval_add(obj, TV_OBJECT, key, v);
}

struct tval *tval_set_object(struct tval *obj, const char *key)
{
	return tval_add(obj, TV_OBJECT, key, tval_new(TV_OBJECT));
}

struct tval *tval_set_list(struct tval *obj, const char *key)
{
	return tval_add(obj, TV_OBJECT, key, tval_new(TV_LIST));
}

struct tval *tval_append_object(struct tval *list)
{
	return tval_add(list, TV_LIST, NULL, tval_new(TV_OBJECT));
}

void tval_append_str(struct tval *list, const char *s)
{
	tval_add(list, TV_LIST, NULL, str_new(s));
}

struct tval *tval_get(struct tval *obj, const char *key)
{
	if (!obj || !key)
		return NULL;
	return (struct tval *)child(obj, key, strlen(key));
}

const char *tval_str(const struct tval *v)
{
	return v && v->type == TV_STR ? v->s : NULL;
}

size_t tval_count(const struct tval *v)
{
	return v && (v->type == TV_LIST || v->type == TV_OBJECT) ? v->n : 0;
}

static struct tval *deep_copy(const struct tval *v)
{
	struct tval *c = tval_new(v->type);
	size_t i;

	c->b = v->b;
	if (v->type == TV_STR) {
		c->s = xstrdup(v->s);
		c->len = v->len;
	}
	for (i = 0; i < v->n; i++)
		tval_add(c, v->type, v->type == TV_OBJECT ? v->keys[i] : NULL, deep_copy(v->items[i]));
	return c;
}

void tval_copy(struct tval *obj, const char *key, const struct tval *v)
{
	if (!v)
		return;
	tval_add(obj, TV_OBJECT, key, deep_copy(v));
}

/* ---- parsing ----------------------------------------------------------- */

enum node_type { N_TEXT, N_VAR, N_RAW, N_SECTION, N_INVERTED };

struct node {
	enum node_type type;
	const char *p;          /* the text, or the tag's name (borrowed from the template) */
	size_t n;
	unsigned long line;     /* where it starts */
	size_t end;             /* sections: the index of the first node after the body */
};

/* One rendering: the template, its parsed nodes and the render state. */
struct tpl {
	const char *text;
	size_t n;
	const char *name;
	struct diag *err;
	struct node *v;                          /* the nodes */
	size_t nv, cap;
	size_t open[TEMPLATE_DEPTH_MAX];         /* parsing: the sections open */
	size_t nopen;
	const struct tval *ctx[TEMPLATE_DEPTH_MAX + 1];   /* rendering: the contexts */
	size_t nctx;
	enum template_escape esc;
	struct buf *out;
};

/* Fail with "name:line: message". */
#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static int bad(const struct tpl *tp, int code, unsigned long line, const char *fmt, ...)
{
	char msg[DIAG_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_set(tp->err, code, "%s", msg);
	return diag_locate(tp->err, tp->name, line, 0);
}

static size_t add_node(struct tpl *tp, enum node_type type, const char *p, size_t n,
		       unsigned long line)
{
	if (type == N_TEXT && !n)
		return tp->nv;
	if (tp->nv == tp->cap) {
		tp->cap = tp->cap ? xsize_add(tp->cap, tp->cap) : 32;
		tp->v = xreallocarray(tp->v, tp->cap, sizeof(*tp->v));
	}
	tp->v[tp->nv] = (struct node){ type, p, n, line, 0 };
	return tp->nv++;
}

static unsigned long count_lines(const char *p, size_t n)
{
	unsigned long lines = 0;
	const char *e = p + n;

	while (p < e && (p = memchr(p, '\n', (size_t)(e - p))) != NULL) {
		lines++;
		p++;
	}
	return lines;
}

/* The first "cc" in [p, e), or NULL. */
static const char *find_pair(const char *p, const char *e, char c)
{
	for (; e - p >= 2; p++) {
		if (!(p = memchr(p, c, (size_t)(e - p - 1))))
			return NULL;
		if (p[1] == c)
			return p;
	}
	return NULL;
}

/* The "}}" ending a comment whose text starts at p: "{{" and "}}" inside pair up. */
static const char *comment_end(const char *p, const char *e)
{
	size_t depth = 1;

	for (; e - p >= 2; p++) {
		if (p[0] == p[1] && (p[0] == '{' || p[0] == '}')) {
			if (p[0] == '{')
				depth++;
			else if (!--depth)
				return p;
			p++;
		}
	}
	return NULL;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* "." alone, or runs of letters, digits, _ and - joined by single dots. */
static int name_ok(const char *p, size_t n)
{
	size_t i, seg = 0;

	if (n == 1 && p[0] == '.')
		return 1;
	for (i = 0; i < n; i++) {
		char c = p[i];

		if (c == '.' && seg)
			seg = 0;
		else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			 (c >= '0' && c <= '9') || c == '_' || c == '-')
			seg++;
		else
			return 0;
	}
	return seg > 0;
}

/*
 * A section, inverted, close or comment tag [open, end) alone on its line
 * (only blanks around it) is standalone: the whole line goes.  On yes,
 * *from is where the line's blanks start, *next is past its line ending
 * and *newline says whether there was one (no: the template ends).
 */
static int standalone(const char *text, size_t n, size_t open, size_t end, size_t *from,
		      size_t *next, int *newline)
{
	size_t b = open, a = end;

	while (b > 0 && is_blank(text[b - 1]))
		b--;
	if (b > 0 && text[b - 1] != '\n')
		return 0;
	while (a < n && is_blank(text[a]))
		a++;
	if (a + 1 < n && text[a] == '\r' && text[a + 1] == '\n')
		a += 2;
	else if (a < n && text[a] == '\n')
		a++;
	else if (a < n)
		return 0;
	*newline = a > end && text[a - 1] == '\n';
	*from = b;
	*next = a;
	return 1;
}

/* What the tag [open, end) with sigil and name p[0..n) adds to the nodes. */
static int tag(struct tpl *tp, char sigil, const char *p, size_t n, size_t open, size_t end,
	       unsigned long line)
{
	char q[QUOTE_MAX + 4];
	const struct node *sec;

	if (sigil == '!')
		return 0;
	if (sigil == '>')
		return bad(tp, CW_INPUT, line, "partials ('{{>') are not supported");
	if (sigil == '=')
		return bad(tp, CW_INPUT, line, "delimiter changes ('{{=') are not supported");
	if (!n) {
		diag_quote(q, sizeof(q), tp->text + open, end - open, QUOTE_MAX);
		return bad(tp, CW_INPUT, line, "empty name in '%s'", q);
	}
	if (!name_ok(p, n)) {
		diag_quote(q, sizeof(q), p, n, QUOTE_MAX);
		return bad(tp, CW_INPUT, line,
			   "invalid name '%s' (letters, digits, _ - and dots only)", q);
	}
	if (sigil == '#' || sigil == '^') {
		if (tp->nopen == TEMPLATE_DEPTH_MAX)
			return bad(tp, CW_INPUT, line, "sections nested more than %d deep",
				   TEMPLATE_DEPTH_MAX);
		tp->open[tp->nopen++] = add_node(tp, sigil == '#' ? N_SECTION : N_INVERTED, p, n,
						 line);
	} else if (sigil == '/') {
		if (!tp->nopen)
			return bad(tp, CW_INPUT, line, "'{{/%.*s}}' closes no open section",
				   (int)n, p);
		sec = &tp->v[tp->open[tp->nopen - 1]];
		if (sec->n != n || memcmp(sec->p, p, n) != 0)
			return bad(tp, CW_INPUT, line,
				   "'{{/%.*s}}' does not close section '%.*s' (opened on line %lu)",
				   (int)n, p, (int)sec->n, sec->p, sec->line);
		tp->v[tp->open[--tp->nopen]].end = tp->nv;
	} else {
		add_node(tp, sigil == '&' || sigil == '{' ? N_RAW : N_VAR, p, n, line);
	}
	return 0;
}

static int parse(struct tpl *tp)
{
	const char *text = tp->text, *end = tp->text + tp->n, *o, *c;
	size_t pos = 0, text_start = 0;
	unsigned long line = 1, text_line = 1;

	while ((o = find_pair(text + pos, end, '{')) != NULL) {
		size_t open = (size_t)(o - text), cs, close, tag_end, from, next;
		int triple, newline = 0;
		char sigil = 0;

		line += count_lines(text + pos, open - pos);
		triple = open + 2 < tp->n && text[open + 2] == '{';
		cs = open + 2 + (size_t)triple;
		if (triple) {
			sigil = '{';
		} else {
			while (cs < tp->n && is_blank(text[cs]))
				cs++;
			if (cs < tp->n && text[cs] && strchr("#^/!&>=", text[cs]))
				sigil = text[cs++];
		}
		if (sigil == '!') {
			if (!(c = comment_end(text + cs, end)))
				return bad(tp, CW_INPUT, line, "unclosed comment '{{!' (no '}}')");
		} else {
			const char *eol = memchr(text + cs, '\n', tp->n - cs);

			c = find_pair(text + cs, eol ? eol : end, '}');
			if (triple && (!c || c + 2 >= end || c[2] != '}'))
				return bad(tp, CW_INPUT, line, "'{{{' without its closing '}}}'");
			if (!c)
				return bad(tp, CW_INPUT, line, "unclosed tag '{{' (no '}}' on its line)");
		}
		close = (size_t)(c - text);
		tag_end = close + 2 + (size_t)triple;

		if (sigil && strchr("#^/!", sigil) &&
		    standalone(text, tp->n, open, tag_end, &from, &next, &newline)) {
			if (from < text_start)
				BUG("template: standalone line starts before its text");
			add_node(tp, N_TEXT, text + text_start, from - text_start, text_line);
		} else {
			add_node(tp, N_TEXT, text + text_start, open - text_start, text_line);
			next = tag_end;
		}
		while (cs < close && is_blank(text[cs]))
			cs++;
		while (close > cs && is_blank(text[close - 1]))
			close--;
		if (tag(tp, sigil, text + cs, close - cs, open, tag_end, line) < 0)
			return -1;
		if (sigil == '!')
			line += count_lines(text + open, tag_end - open);
		line += (unsigned long)newline;
		pos = text_start = next;
		text_line = line;
	}
	add_node(tp, N_TEXT, text + text_start, tp->n - text_start, text_line);
	if (tp->nopen) {
		const struct node *sec = &tp->v[tp->open[tp->nopen - 1]];

		return bad(tp, CW_INPUT, sec->line, "unclosed section '%.*s'", (int)sec->n, sec->p);
	}
	return 0;
}

/* ---- rendering --------------------------------------------------------- */

static size_t segment(const char *p, size_t n)
{
	const char *dot = memchr(p, '.', n);

	return dot ? (size_t)(dot - p) : n;
}

/* The first segment from the innermost context outwards; the rest within it. */
static const struct tval *lookup(const struct tpl *tp, const char *p, size_t n)
{
	const struct tval *v = NULL;
	size_t i, seg;

	if (n == 1 && p[0] == '.')
		return tp->nctx ? tp->ctx[tp->nctx - 1] : NULL;
	seg = segment(p, n);
	for (i = tp->nctx; i-- > 0 && !v;)
		v = child(tp->ctx[i], p, seg);
	while (v && seg < n) {
		p += seg + 1;
		n -= seg + 1;
		seg = segment(p, n);
		v = child(v, p, seg);
	}
	return v;
}

/* Does a section render?  Skipped: missing, false, "" and an empty list. */
static int truthy(const struct tval *v)
{
	if (!v)
		return 0;
	if (v->type == TV_BOOL || v->type == TV_STR)
		return v->type == TV_BOOL ? v->b : v->len > 0;
	return v->type == TV_OBJECT || v->n > 0;
}

/* Is the end of out at the start of a line (nothing but blanks since the last newline)? */
static int at_line_start(const struct buf *out)
{
	size_t i = out->len;

	while (i > 0 && is_blank(out->s[i - 1]))
		i--;
	return i == 0 || out->s[i - 1] == '\n';
}

static const char *entity(char c)
{
	switch (c) {
	case '&': return "&amp;";
	case '<': return "&lt;";
	case '>': return "&gt;";
	case '"': return "&quot;";
	case '\'': return "&#39;";
	default: return NULL;
	}
}

/*
 * HTML: & < > " ' as entities.  Markdown: & < > as entities; \ ` * _ [ ] # |
 * and ~ backslash-escaped everywhere; at the start of a line (after blanks)
 * also - + = and the . or ) after a run of digits, so a value never starts
 * a list, a heading or a rule.  Anything else: as it is.
 */
static int put_value(struct buf *out, const char *s, size_t n, enum template_escape esc)
{
	size_t i, run = 0, mark = (size_t)-1;
	int md = esc == TEMPLATE_MARKDOWN, bol = md && at_line_start(out);
	char pair[3] = "\\?";

	if (!md && esc != TEMPLATE_HTML)
		return buf_add(out, s, n);
	for (i = 0; i < n; i++) {
		char c = s[i];
		const char *rep = md && (c == '"' || c == '\'') ? NULL : entity(c);

		if (md && !rep) {
			if ((c && strchr("\\`*_[]#|~", c)) || i == mark ||
			    (bol && (c == '-' || c == '+' || c == '='))) {
				pair[1] = c;
				rep = pair;
			} else if (bol && c >= '0' && c <= '9') {
				size_t j = i;

				while (j < n && s[j] >= '0' && s[j] <= '9')
					j++;
				if (j < n && (s[j] == '.' || s[j] == ')'))
					mark = j;
			}
			bol = c == '\n' || (bol && is_blank(c));
		}
		if (rep) {
			if (buf_add(out, s + run, i - run) < 0 || buf_adds(out, rep) < 0)
				return -1;
			run = i + 1;
		}
	}
	return buf_add(out, s + run, n - run);
}

static int variable(struct tpl *tp, const struct node *nd)
{
	static const char *const not_text[] = {
		[TV_OBJECT] = "an object", [TV_LIST] = "a list", [TV_BOOL] = "true or false",
	};
	const struct tval *v = lookup(tp, nd->p, nd->n);

	if (!v)
		return bad(tp, CW_INPUT, nd->line, "unknown variable '%.*s'", (int)nd->n, nd->p);
	if (not_text[v->type])
		return bad(tp, CW_INPUT, nd->line, "'%.*s' is %s, not a value", (int)nd->n, nd->p,
			   not_text[v->type]);
	if (put_value(tp->out, v->s, v->len, nd->type == N_RAW ? TEMPLATE_NONE : tp->esc) < 0)
		return bad(tp, CW_OUTPUT, nd->line, "output too large");
	return 0;
}

static int render_range(struct tpl *tp, size_t from, size_t to);

/* The body of section node i with v pushed as the context (NULL: none pushed). */
static int body(struct tpl *tp, size_t i, const struct tval *v)
{
	int ret;

	if (v) {
		if (tp->nctx == TEMPLATE_DEPTH_MAX + 1)
			BUG("template: context stack overflow");
		tp->ctx[tp->nctx++] = v;
	}
	ret = render_range(tp, i + 1, tp->v[i].end);
	if (v)
		tp->nctx--;
	return ret;
}

static int render_range(struct tpl *tp, size_t from, size_t to)
{
	size_t i = from, k;

	while (i < to) {
		const struct node *nd = &tp->v[i];
		const struct tval *v;

		switch (nd->type) {
		case N_TEXT:
			if (buf_add(tp->out, nd->p, nd->n) < 0)
				return bad(tp, CW_OUTPUT, nd->line, "output too large");
			i++;
			break;
		case N_VAR:
		case N_RAW:
			if (variable(tp, nd) < 0)
				return -1;
			i++;
			break;
		case N_SECTION:
			v = lookup(tp, nd->p, nd->n);
			if (truthy(v) && v->type == TV_LIST) {
				for (k = 0; k < v->n; k++)
					if (body(tp, i, v->items[k]) < 0)
						return -1;
			} else if (truthy(v) && body(tp, i, v->type == TV_BOOL ? NULL : v) < 0) {
				return -1;
			}
			i = nd->end;
			break;
		case N_INVERTED:
			if (!truthy(lookup(tp, nd->p, nd->n)) && body(tp, i, NULL) < 0)
				return -1;
			i = nd->end;
			break;
		}
	}
	return 0;
}

int template_render(const char *text, size_t n, const char *name, const struct tval *data,
		    enum template_escape esc, struct buf *out, struct diag *err)
{
	struct tpl *tp = xcalloc(1, sizeof(*tp));
	size_t start = out->len;
	int ret = -1;

	tp->text = n ? text : "";
	tp->n = n;
	tp->name = name ? name : "template";
	tp->err = err;
	tp->esc = esc;
	tp->out = out;
	if (n > TEMPLATE_SIZE_MAX) {
		bad(tp, CW_INPUT, 0, "template is larger than 4 MiB");
		goto out;
	}
	if (parse(tp) < 0)
		goto out;
	if (data)
		tp->ctx[tp->nctx++] = data;
	if (render_range(tp, 0, tp->nv) < 0) {
		buf_setlen(out, start);
		goto out;
	}
	ret = 0;
out:
	free(tp->v);
	free(tp);
	return ret;
}

int template_render_file(const char *path, const struct tval *data, enum template_escape esc,
			 struct buf *out, struct diag *err)
{
	struct buf b;
	int fd = -1, ret = -1;

	buf_init(&b, TEMPLATE_SIZE_MAX + 1);     /* one byte over: "too large" is seen */
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		diag_set(err, CW_INPUT, "cannot read '%s': %s", path, strerror(errno));
		goto out;
	}
	for (;;) {
		size_t room = b.max - b.len < 65536 ? b.max - b.len : 65536;
		ssize_t got;

		if (!room) {
			diag_set(err, CW_INPUT, "template is larger than 4 MiB");
			diag_locate(err, path, 0, 0);
			goto out;
		}
		if (buf_grow(&b, room) < 0)
			BUG("template: buffer refused %zu bytes within its maximum", room);
		got = read(fd, b.s + b.len, room);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			diag_set(err, CW_INPUT, "cannot read '%s': %s", path, strerror(errno));
			goto out;
		}
		if (!got)
			break;
		b.len += (size_t)got;
		b.s[b.len] = '\0';
	}
	ret = template_render(b.s, b.len, path, data, esc, out, err);
out:
	if (fd >= 0)
		close(fd);
	buf_release(&b);
	return ret;
}
