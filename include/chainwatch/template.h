#ifndef CHAINWATCH_TEMPLATE_H
#define CHAINWATCH_TEMPLATE_H

/*
 * Report templates: a small mustache-style language (docs/templates.md),
 * so a council can reword any sentence of its Charter report without
 * touching C.  The data is a tree of values (struct tval) built by the
 * report code.
 *
 *   {{name}}          the value, escaped for the output (HTML or Markdown)
 *   {{a.b.c}}         a dotted name: b of a, then c of that
 *   {{.}}             the current item (in a loop over strings)
 *   {{{name}}}        the value unescaped (for markup the report code made,
 *                     e.g. inline SVG); {{& name}} is the same
 *   {{#name}}..{{/name}}   a section: once for a true value, an object, a
 *                     non-empty string; once per item of a non-empty list
 *                     (the item becomes the current context); skipped for a
 *                     missing name, false, "" or an empty list
 *   {{^name}}..{{/name}}   inverted: only when the section would be skipped
 *                     (e.g. "not supplied" for a figure the council left out)
 *   {{! comment }}    nothing
 *
 * Names are looked up from the innermost context outwards.  A variable
 * ({{name}}) that no context has is an error, so a misspelt name is caught
 * rather than printed as nothing; sections may name what is absent.
 * Errors name the template and line: "templates/charter.html:42: unclosed
 * section 'commitments'".
 */

#include <stddef.h>
#include <stdint.h>

#include "chainwatch/buf.h"
#include "chainwatch/diag.h"

struct tval;

/* Building the data.  Strings are copied; a key set twice keeps the last value. */
struct tval *tval_object(void);
void tval_free(struct tval *v);
void tval_set_str(struct tval *obj, const char *key, const char *s);
void tval_set_int(struct tval *obj, const char *key, long long n);     /* as decimal text */
void tval_set_bool(struct tval *obj, const char *key, int b);
struct tval *tval_set_object(struct tval *obj, const char *key);       /* a new child, returned */
struct tval *tval_set_list(struct tval *obj, const char *key);         /* a new empty list */
struct tval *tval_append_object(struct tval *list);                    /* a new object item */
void tval_append_str(struct tval *list, const char *s);
/* part as a percentage of whole, one decimal ("12.5"); nothing set when whole <= 0 */
void tval_set_pct(struct tval *obj, const char *key, int64_t part, int64_t whole);
/* "1 supplier", "12 suppliers": n and the noun for one or for many */
void tval_set_count(struct tval *obj, const char *key, long n, const char *one,
		    const char *many);
/* The child of obj named key (owned by obj), or NULL. */
struct tval *tval_get(struct tval *obj, const char *key);
/* A text value's text (owned by v); NULL for anything else (or NULL). */
const char *tval_str(const struct tval *v);
/* Items of a list, or keys of an object; 0 otherwise. */
size_t tval_count(const struct tval *v);
/* A deep copy of v as obj's key (nothing when v is NULL). */
void tval_copy(struct tval *obj, const char *key, const struct tval *v);

enum template_escape {
	TEMPLATE_HTML,       /* & < > " ' as entities */
	TEMPLATE_MARKDOWN,   /* Markdown's special characters backslash-escaped; < > & as entities */
	TEMPLATE_NONE
};

/* Render text[0..n) (called `name` in messages) with data into out (appended). */
int template_render(const char *text, size_t n, const char *name, const struct tval *data,
		    enum template_escape esc, struct buf *out, struct diag *err);
/* The same from a file.  CW_INPUT when it cannot be read or has an error. */
int template_render_file(const char *path, const struct tval *data, enum template_escape esc,
			 struct buf *out, struct diag *err);

#endif
