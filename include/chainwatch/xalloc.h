#ifndef CHAINWATCH_XALLOC_H
#define CHAINWATCH_XALLOC_H

/*
 * Allocation that cannot fail: on out-of-memory or a size overflow these
 * print one line to stderr and abort.  Input size limits (struct buf's
 * max) keep hostile input from ever getting here.
 */

#include <stddef.h>

/* New memory, the caller's to release with free(). */
void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
/* p (NULL or from these) is resized; the caller frees the result, not p. */
void *xrealloc(void *p, size_t n);
/* xrealloc(p, nmemb * size) with the multiplication overflow-checked; the caller frees the result. */
void *xreallocarray(void *p, size_t nmemb, size_t size);
/* A copy of s (of at most its first n bytes), NUL-terminated: the caller frees it. */
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* a + b, aborting on overflow */
size_t xsize_add(size_t a, size_t b);

#endif
