#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chainwatch/diag.h"

void diag_init(struct diag *err)
{
	if (!err)
		return;
	err->code = CW_OK;
	err->msg[0] = '\0';
}

int diag_set(struct diag *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return -1;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

int diag_locate(struct diag *err, const char *file, unsigned long line, unsigned long col)
{
	char tmp[DIAG_MSG_MAX];
	int n;

	if (!err || !file)
		return -1;

	memcpy(tmp, err->msg, sizeof(tmp));
	/* a message too long for msg is cut; the place always fits first */
	if (line && col)
		n = snprintf(err->msg, sizeof(err->msg), "%s:%lu:%lu: %s", file, line, col, tmp);
	else if (line)
		n = snprintf(err->msg, sizeof(err->msg), "%s:%lu: %s", file, line, tmp);
	else
		n = snprintf(err->msg, sizeof(err->msg), "%s: %s", file, tmp);
	if (n < 0)
		err->msg[0] = '\0';
	return -1;
}

void diag_quote(char *out, size_t outsz, const char *p, size_t n, size_t max)
{
	size_t i, o = 0;
	int cut = 0;

	if (!outsz)
		return;
	if (max > outsz - 4)
		max = outsz - 4;
	if (n > max) {
		n = max;
		cut = 1;
		/* don't split a UTF-8 sequence */
		while (n > 0 && ((unsigned char)p[n] & 0xC0) == 0x80)
			n--;
	}
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];

		/* C0, DEL and C1 (U+0080..U+009F, CSI among them): a terminal would obey them */
		if (c == 0xC2 && i + 1 < n && (unsigned char)p[i + 1] >= 0x80 &&
		    (unsigned char)p[i + 1] <= 0x9F) {
			out[o++] = '?';
			i++;
			continue;
		}
		out[o++] = (c < 0x20 || c == 0x7F) ? '?' : (char)c;
	}
	if (cut) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
}

void bug_at(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "chainwatch: BUG at %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

void diag_problems_init(struct diag_problems *p, void (*report)(void *ctx, const char *msg),
			void *ctx)
{
	memset(p, 0, sizeof(*p));
	p->report = report;
	p->ctx = ctx;
}

void diag_problems_add(struct diag_problems *p, const char *msg)
{
	if (p->count++ == 0)
		snprintf(p->first, sizeof(p->first), "%s", msg);
	if (p->report)
		p->report(p->ctx, msg);
}
