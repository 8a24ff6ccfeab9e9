#ifndef CHAINWATCH_XALLOC_H
#define CHAINWATCH_XALLOC_H

/*
 * Allocation that cannot fail: on out-of-memory or a size overflow these
 * print one line to stderr and abort.  Input size limits (struct buf's
 * max) keep hostile input from ever getting here.
 */

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
/* xrealloc(p, nmemb * size) with the multiplication overflow-checked. */
void *xreallocarray(void *p, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* a + b, aborting on overflow */
size_t xsize_add(size_t a, size_t b);

#endif
