/*
 * datadir.c: where the data shipped with chainwatch is (datadir.h).
 */
#include <string.h>
#include <unistd.h>

#include "chainwatch/buf.h"
#include "chainwatch/datadir.h"
#include "chainwatch/xalloc.h"

char *data_dir(const char *name, const char *probe)
{
	char exe[4096], *slash;
	struct buf b;
	ssize_t n;

	buf_init(&b, 0);
	buf_printf(&b, "%s/%s", name, probe);
	if (access(b.s, R_OK) == 0 || (n = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) <= 0) {
		buf_release(&b);
		return xstrdup(name);
	}
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	buf_reset(&b);
	if (slash) {
		*slash = '\0';
		buf_printf(&b, "%s/../%s", exe, name);
	} else {
		buf_adds(&b, name);
	}
	return buf_detach(&b, NULL);
}
