/*
 * zipmem.c: a zip held in memory (zipmem.h).
 */
#include "chainwatch/diag.h"
#include "zipmem.h"

zip_t *zipmem_open(const void *p, size_t n, int *zerr)
{
	zip_source_t *src;
	zip_error_t ze;
	zip_t *zip;

	zip_error_init(&ze);
	if (!(src = zip_source_buffer_create(p, n, 0, &ze)))
		BUG("zip_source_buffer_create: %s", zip_error_strerror(&ze));
	zip = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
	*zerr = zip_error_code_zip(&ze);
	zip_error_fini(&ze);
	if (!zip)
		zip_source_free(src);
	return zip;
}
