#ifndef CHAINWATCH_BUF_H
#define CHAINWATCH_BUF_H

/*
 * A growable, always NUL-terminated byte buffer with a ceiling.
 *
 * Every buffer that holds input carries a maximum size: growing past it
 * fails (returns -1, buffer unchanged) instead of exhausting the machine,
 * so a 100 MB field becomes a located data error.  max == 0 means
 * BUF_MAX_DEFAULT.  Reuse one buffer per row with buf_reset().
 *
 *     struct buf b;
 *     buf_init(&b, 0);
 *     if (buf_add(&b, p, n) < 0) ... too big ...
 *     use(b.s, b.len);
 *     buf_release(&b);
 */

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#define BUF_MAX_DEFAULT ((size_t)1 << 30)

struct buf {
	char *s;        /* never NULL after buf_init; s[len] == '\0' */
	size_t len;
	size_t cap;     /* bytes allocated, 0 while s points at a static "" */
	size_t max;     /* largest len allowed */
};

void buf_init(struct buf *b, size_t max);
void buf_release(struct buf *b);                 /* frees; b is re-usable after buf_init */
static inline void buf_reset(struct buf *b) { b->len = 0; if (b->cap) b->s[0] = '\0'; }

/* Make room for `extra` more bytes.  -1 if len + extra would pass max. */
int buf_grow(struct buf *b, size_t extra);
int buf_add_grow(struct buf *b, const void *p, size_t n);

/* Append n bytes; -1 if that would pass max.  Inline: the readers call it per field. */
static inline int buf_add(struct buf *b, const void *p, size_t n)
{
	if (n < b->cap - b->len && b->len + n <= b->max) {   /* room for the bytes and a NUL */
		if (n)
			memcpy(b->s + b->len, p, n);
		b->len += n;
		b->s[b->len] = '\0';
		return 0;
	}
	return buf_add_grow(b, p, n);
}

static inline int buf_addc(struct buf *b, char c)
{
	return buf_add(b, &c, 1);
}

int buf_adds(struct buf *b, const char *s);
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
int buf_printf(struct buf *b, const char *fmt, ...);
int buf_vprintf(struct buf *b, const char *fmt, va_list ap);
void buf_setlen(struct buf *b, size_t len);      /* len <= b->len */
/* Hand the string to the caller (who frees it); b is left empty. */
char *buf_detach(struct buf *b, size_t *len);

#endif
