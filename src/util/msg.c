/*
 * msg.c: the commands' messages on stderr (msg.h) - the prefix, --quiet,
 * --verbose and the terminal check in one place.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "chainwatch/buf.h"
#include "chainwatch/msg.h"

/* the run's one setting: how much to say (msg_setup) */
static struct {
	int quiet;
	int verbose;
	int terminal;
} msg;

void msg_setup(int quiet, int verbose)
{
	msg.quiet = quiet;
	msg.verbose = verbose;
	msg.terminal = isatty(STDERR_FILENO);
}

int msg_progress_shown(void)
{
	return msg.terminal && !msg.quiet;
}

static int wanted(enum msg_kind kind)
{
	switch (kind) {
	case MSG_WARN:
	case MSG_PROBLEM:
		return 1;
	case MSG_NOTE:
	case MSG_DETAIL:
		return !msg.quiet;
	case MSG_VERBOSE:
		return msg.verbose && !msg.quiet;
	case MSG_PROGRESS:
		return msg_progress_shown();
	}
	return 1;
}

void msg_say(enum msg_kind kind, const char *fmt, ...)
{
	struct buf b;
	va_list ap;

	if (!wanted(kind))
		return;
	/* the whole line in one write, so lines never interleave */
	buf_init(&b, 0);
	if (kind == MSG_WARN || kind == MSG_NOTE || kind == MSG_VERBOSE)
		buf_adds(&b, "chainwatch: ");
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (kind != MSG_PROGRESS)
		buf_addc(&b, '\n');
	fwrite(b.s, 1, b.len, stderr);
	buf_release(&b);
}

void errorf(const char *fmt, ...)
{
	char shown[DIAG_MSG_MAX + 4];
	struct buf b;
	va_list ap;

	buf_init(&b, 0);
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	diag_quote(shown, sizeof(shown), b.s, b.len, DIAG_MSG_MAX);
	fprintf(stderr, "chainwatch: error: %s\n", shown);
	buf_release(&b);
}

int msg_exit(int code, const struct diag *err)
{
	if (code != CW_OK && err && err->msg[0])
		errorf("%s", err->msg);
	return code;
}
