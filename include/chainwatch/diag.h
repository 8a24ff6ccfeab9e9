#ifndef CHAINWATCH_DIAG_H
#define CHAINWATCH_DIAG_H

/*
 * Diagnostics: how a failure travels from the module that sees it to the
 * top level that reports it, once.
 *
 * Fallible functions take `struct diag *err` last, fill it and return -1.
 * Modules never print and never exit.  The message has no "error:" prefix
 * and no full stop; diag_locate() puts a compiler-style place in front:
 *
 *     spend.csv:1042:5: amount '£1,2x4.00' is not a number
 *
 * `code` is the process exit code the failure deserves (enum cw_exit).
 * A NULL `err` is allowed everywhere and means "caller does not care".
 */

#include <stddef.h>

enum cw_exit {
	CW_OK = 0,
	CW_USAGE = 2,     /* bad command line */
	CW_INPUT = 3,     /* input unusable */
	CW_NETWORK = 4,
	CW_DATABASE = 5,
	CW_OUTPUT = 6,
	CW_INTERNAL = 70
};

#define DIAG_MSG_MAX 1024

struct diag {
	int code;                 /* enum cw_exit; CW_OK when nothing happened */
	char msg[DIAG_MSG_MAX];   /* "" when nothing happened */
};

void diag_init(struct diag *err);

/* Set code and message; always returns -1 so callers can `return diag_set(...)`. */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
int diag_set(struct diag *err, int code, const char *fmt, ...);

/*
 * Prefix the current message with "file:line:col: " (col 0 = omitted,
 * line 0 = only the file).  Returns -1.
 */
int diag_locate(struct diag *err, const char *file, unsigned long line, unsigned long col);

/*
 * Copy at most `max` bytes of `p` into `out` (size `outsz`) for quoting in a
 * message or a terminal: control characters (C0, DEL, C1 such as CSI)
 * become '?', so a name cannot move the cursor or recolour the screen; an
 * ellipsis marks a cut.  Always NUL-terminates.
 */
void diag_quote(char *out, size_t outsz, const char *p, size_t n, size_t max);

/*
 * The problems a checker finds and goes on past (the reference files,
 * wages.json): each goes to report(ctx, msg) when report is set, and the
 * first is kept for the one error a loader then returns.  Start with
 * diag_problems_init(); nothing to release.
 */
struct diag_problems {
	void (*report)(void *ctx, const char *msg);
	void *ctx;
	long count;
	char first[DIAG_MSG_MAX];
};

void diag_problems_init(struct diag_problems *p, void (*report)(void *ctx, const char *msg),
			void *ctx);
/* Count one; msg is borrowed for the call (the first is copied). */
void diag_problems_add(struct diag_problems *p, const char *msg);

/* Impossible state: print where and abort.  Never for bad input. */
#if defined(__GNUC__)
__attribute__((noreturn, format(printf, 3, 4)))
#endif
void bug_at(const char *file, int line, const char *fmt, ...);
#define BUG(...) bug_at(__FILE__, __LINE__, __VA_ARGS__)

#endif
