#ifndef CHAINWATCH_ZIPMEM_H
#define CHAINWATCH_ZIPMEM_H

/*
 * A zip held in memory, opened with libzip, for the readers that take
 * (bytes, length) as well as a path (xlsxread.c, odsread.c, companies.c).
 * Private to src/read: only those files include it, and with it zip.h.
 */

#include <stddef.h>
#include <zip.h>

/*
 * The zip in p[0..n), checked for consistency (ZIP_CHECKCONS).  p is
 * borrowed and must outlive the archive.  You own the result; release it
 * with zip_discard().  NULL when it does not open, with *zerr libzip's
 * error code (for zip_error_init_with_code()).
 */
zip_t *zipmem_open(const void *p, size_t n, int *zerr);

#endif
