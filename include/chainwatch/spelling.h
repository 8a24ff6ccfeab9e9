#ifndef CHAINWATCH_SPELLING_H
#define CHAINWATCH_SPELLING_H

/*
 * Names people type: how far one is from another, and which known name a
 * mistyped one most likely meant, for "did you mean ...?" in messages.
 * ASCII only: bytes >= 0x80 compare as they are.
 */

#include <stddef.h>

/*
 * The Levenshtein distance of a and b (borrowed), byte by byte, case
 * sensitive; SIZE_MAX when either is 63 bytes or longer.
 */
size_t spelling_distance(const char *a, const char *b);

/* The same, ignoring ASCII case. */
size_t spelling_distance_nocase(const char *a, const char *b);

/*
 * Whether `a` and `b` name the same thing: equal but for ASCII case and
 * runs of spaces ("Devon  county council" is "Devon County Council").
 */
int spelling_same(const char *a, const char *b);

/*
 * Which of the n known names (borrowed) `given` most likely means, or NULL
 * when none is close: a slip of at most a third of its letters ("Devn County
 * Council"), else the only name whose words it abbreviates, each word of
 * `given` the start of the name's next word or the initials of its next
 * words ("Devon CC", "Devon County" for "Devon County Council").  Ignores
 * case.  The result is one of known[].
 */
const char *spelling_nearest(const char *given, const char *const *known, size_t n);

#endif
