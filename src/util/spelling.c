/*
 * spelling.c: how far one typed name is from another, and the known name
 * a mistyped one meant (spelling.h).
 */
#include <stdint.h>
#include <string.h>

#include "chainwatch/ascii.h"
#include "chainwatch/spelling.h"

#define MAX_LEN 63

static size_t distance(const char *a, const char *b, int nocase)
{
	size_t row[MAX_LEN + 1], i, j, la = strlen(a), lb = strlen(b), diag, up;

	if (la > MAX_LEN - 1 || lb > MAX_LEN - 1)
		return SIZE_MAX;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		diag = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			unsigned char ca = (unsigned char)a[i - 1], cb = (unsigned char)b[j - 1];

			if (nocase) {
				ca = ascii_lower(ca);
				cb = ascii_lower(cb);
			}
			up = row[j];
			row[j] = diag + (ca != cb);
			if (up + 1 < row[j])
				row[j] = up + 1;
			if (row[j - 1] + 1 < row[j])
				row[j] = row[j - 1] + 1;
			diag = up;
		}
	}
	return row[lb];
}

size_t spelling_distance(const char *a, const char *b)
{
	return distance(a, b, 0);
}

size_t spelling_distance_nocase(const char *a, const char *b)
{
	return distance(a, b, 1);
}

static const char *skip_space(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

int spelling_same(const char *a, const char *b)
{
	a = skip_space(a);
	b = skip_space(b);
	while (*a && *b) {
		if (*a == ' ' || *a == '\t' || *b == ' ' || *b == '\t') {
			if (!(*a == ' ' || *a == '\t') || !(*b == ' ' || *b == '\t'))
				return 0;
			a = skip_space(a);
			b = skip_space(b);
			continue;
		}
		if (ascii_lower((unsigned char)*a) != ascii_lower((unsigned char)*b))
			return 0;
		a++;
		b++;
	}
	return !*skip_space(a) && !*skip_space(b);
}

/* The next word of s (letters and digits) at *w, its length in *n; s after it. */
static const char *next_word(const char *s, const char **w, size_t *n)
{
	while (*s && !ascii_alnum((unsigned char)*s))
		s++;
	*w = s;
	while (ascii_alnum((unsigned char)*s))
		s++;
	*n = (size_t)(s - *w);
	return s;
}

static int prefix_nocase(const char *w, size_t n, const char *of, size_t ofn)
{
	size_t i;

	if (n > ofn)
		return 0;
	for (i = 0; i < n; i++)
		if (ascii_lower((unsigned char)w[i]) != ascii_lower((unsigned char)of[i]))
			return 0;
	return 1;
}

/* Each word of `given` starts the name's next word or is the initials of its next words. */
static int abbreviates(const char *given, const char *name)
{
	const char *g = given, *m = name, *gw, *mw;
	size_t gn, mn, i;

	for (;;) {
		g = next_word(g, &gw, &gn);
		if (!gn)
			return 1;
		m = next_word(m, &mw, &mn);
		if (!mn)
			return 0;
		if (prefix_nocase(gw, gn, mw, mn))
			continue;
		/* initials: gw[0] is mw's first letter, then one word per letter */
		for (i = 0; i < gn; i++) {
			if (i && !(m = next_word(m, &mw, &mn), mn))
				return 0;
			if (ascii_lower((unsigned char)gw[i]) != ascii_lower((unsigned char)mw[0]))
				return 0;
		}
	}
}

const char *spelling_nearest(const char *given, const char *const *known, size_t n)
{
	const char *best = NULL, *abbrev = NULL;
	size_t i, d, bestd = SIZE_MAX, nabbrev = 0;

	for (i = 0; i < n; i++) {
		d = spelling_distance_nocase(given, known[i]);
		if (d < bestd && d * 3 <= strlen(given)) {
			bestd = d;
			best = known[i];
		}
		if (abbreviates(given, known[i])) {
			abbrev = known[i];
			nabbrev++;
		}
	}
	return best ? best : nabbrev == 1 ? abbrev : NULL;
}
