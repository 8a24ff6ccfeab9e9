/*
 * msg.c: the commands' messages on stderr (msg.h) - the prefix, --quiet,
 * --verbose and the terminal check in one place.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "chainwatch/buf.h"
#include "chainwatch/msg.h"

#define PROGRESS_EVERY_MS 200      /* msg_progress_due(): at most 5 lines a second */
#define PROGRESS_MAX 512           /* bytes of a progress line, before the terminal's width */

/* the run's one setting: how much to say (msg_setup); and the progress line on screen */
static struct {
	int quiet;
	int verbose;
	int terminal;
	size_t shown;                  /* columns of the progress line on screen, 0 when none */
	long long last_ms;             /* when it was written (CLOCK_MONOTONIC), 0 never */
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

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int msg_progress_due(void)
{
	return msg_progress_shown() &&
	       (!msg.last_ms || now_ms() - msg.last_ms >= PROGRESS_EVERY_MS);
}

/* The terminal's width less one (a full line would wrap, and \r not reach it), default 79. */
static size_t line_width(void)
{
	struct winsize ws;

	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 8)
		return (size_t)ws.ws_col - 1 < PROGRESS_MAX ? (size_t)ws.ws_col - 1 : PROGRESS_MAX;
	return 79;
}

/* Characters, not bytes: a UTF-8 continuation byte takes no column. */
static size_t columns_of(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* The progress line in place of the one on screen: \r, the text, blanks over the rest. */
static void progress_write(const char *text, size_t len)
{
	char shown[PROGRESS_MAX + 4];
	struct buf b;
	size_t cols;

	/* a caller's own \r before and \r or \n after: the line is ours to place */
	while (len && *text == '\r')
		text++, len--;
	while (len && (text[len - 1] == '\r' || text[len - 1] == '\n'))
		len--;
	diag_quote(shown, sizeof(shown), text, len, line_width() - 3);
	cols = columns_of(shown);
	buf_init(&b, 0);
	buf_addc(&b, '\r');
	buf_adds(&b, shown);
	while (msg.shown > cols++)
		buf_addc(&b, ' ');
	/* back to the end of the text, where a terminal shows the cursor */
	if (msg.shown > columns_of(shown))
		buf_printf(&b, "\r%s", shown);
	fwrite(b.s, 1, b.len, stderr);
	fflush(stderr);
	buf_release(&b);
	msg.shown = columns_of(shown);
	msg.last_ms = now_ms();
}

void msg_progress_clear(void)
{
	struct buf b;
	size_t i;

	if (!msg.shown)
		return;
	buf_init(&b, 0);
	buf_addc(&b, '\r');
	for (i = 0; i < msg.shown; i++)
		buf_addc(&b, ' ');
	buf_addc(&b, '\r');
	fwrite(b.s, 1, b.len, stderr);
	fflush(stderr);
	buf_release(&b);
	msg.shown = 0;
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
	buf_init(&b, 0);
	if (kind == MSG_PROGRESS) {
		va_start(ap, fmt);
		buf_vprintf(&b, fmt, ap);
		va_end(ap);
		progress_write(b.s, b.len);
		buf_release(&b);
		return;
	}
	/* a message takes the progress line's place; the next progress line follows it */
	msg_progress_clear();
	/* the whole line in one write, so lines never interleave */
	if (kind == MSG_WARN || kind == MSG_NOTE || kind == MSG_VERBOSE)
		buf_adds(&b, "chainwatch: ");
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
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
	msg_progress_clear();
	fprintf(stderr, "chainwatch: error: %s\n", shown);
	buf_release(&b);
}

int msg_exit(int code, const struct diag *err)
{
	if (code != CW_OK && err && err->msg[0])
		errorf("%s", err->msg);
	return code;
}
