#ifndef CHAINWATCH_MSG_H
#define CHAINWATCH_MSG_H

/*
 * Messages on stderr, for the commands (src/cmd) only: library modules
 * never print, they fill a struct diag or call the caller's callback.
 * This module owns the "chainwatch: " prefix, --quiet, --verbose and the
 * check that stderr is a terminal, so a command says what to report and
 * never tests a flag itself (as curl's tool_msgs does).
 *
 *   errorf    "chainwatch: error: TEXT", always; the text quoted with
 *             diag_quote() so a name cannot drive the terminal
 *   warnf     "chainwatch: TEXT", always: what the user has to act on
 *   notef     "chainwatch: TEXT", unless --quiet: what was done
 *   verbosef  "chainwatch: TEXT", only with --verbose (and not --quiet)
 *   problemf  "TEXT", always: a located problem ("file:12: ...")
 *   detailf   "TEXT", unless --quiet: a located detail ("file:12: rejected: ...")
 *   progress  "TEXT", only on a terminal and not with --quiet: the one
 *             status line, rewritten in place ("\r", the text cut to the
 *             terminal's width, control characters shown as '?', blanks
 *             over what the last one left); a \r or \n the caller puts
 *             around it is dropped.  Every other message (errorf too)
 *             first clears it, so it never runs into a line; the next
 *             progress() draws it again below.
 *
 * Each adds the newline, except progress, and writes the line in one
 * write.  Nothing here fails (out of memory aborts, as xmalloc does);
 * the arguments are borrowed.  Only errorf cuts a text, at DIAG_MSG_MAX.
 */

#include "chainwatch/diag.h"

/*
 * How much to say, for the rest of the run: `quiet` keeps only errorf,
 * warnf and problemf; `verbose` lets verbosef through.  Reads whether
 * stderr is a terminal, once.  Before any call, nothing is quiet and
 * nothing verbose.
 */
void msg_setup(int quiet, int verbose);

/* 1 when progress() would print (stderr a terminal and not --quiet), else 0. */
int msg_progress_shown(void);

/*
 * 1 when a progress line should be drawn now: it is shown at all and none
 * was drawn in the last 200 ms (5 a second).  A loop asks before it
 * formats a progress line; a new step's line is drawn at once.
 */
int msg_progress_due(void);

/*
 * Clear the progress line from the screen (blanks, then \r), if one is
 * shown: at the end of a command, before its summary.
 */
void msg_progress_clear(void);

enum msg_kind { MSG_WARN, MSG_NOTE, MSG_VERBOSE, MSG_PROBLEM, MSG_DETAIL, MSG_PROGRESS };

/* One message of that kind; the aliases below are what commands call. */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
void msg_say(enum msg_kind kind, const char *fmt, ...);

/* (function-like: a member called as x->progress(...) cannot share a file with these) */
#define warnf(...) msg_say(MSG_WARN, __VA_ARGS__)
#define notef(...) msg_say(MSG_NOTE, __VA_ARGS__)
#define verbosef(...) msg_say(MSG_VERBOSE, __VA_ARGS__)
#define problemf(...) msg_say(MSG_PROBLEM, __VA_ARGS__)
#define detailf(...) msg_say(MSG_DETAIL, __VA_ARGS__)
#define progress(...) msg_say(MSG_PROGRESS, __VA_ARGS__)

#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
void errorf(const char *fmt, ...);

/*
 * The end of a command: when `code` is not CW_OK and err has a message,
 * errorf() it.  Returns `code`, so a command ends `return msg_exit(code,
 * &err);`.  err is borrowed and may be NULL.
 */
int msg_exit(int code, const struct diag *err);

#endif
