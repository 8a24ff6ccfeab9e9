/*
 * filekind.c: what a file is from its first bytes, and the message that
 * says so when it is not something chainwatch reads (filekind.h).
 */
#include <string.h>

#include "chainwatch/ascii.h"
#include "chainwatch/filekind.h"

/* Does p[0..n) contain `word`, ignoring ASCII case? */
static const unsigned char *find_nocase(const unsigned char *p, size_t n, const char *word)
{
	size_t m = strlen(word), i, j;

	for (i = 0; m <= n && i <= n - m; i++) {
		for (j = 0; j < m && ascii_lower(p[i + j]) == (unsigned char)word[j]; j++)
			;
		if (j == m)
			return p + i;
	}
	return NULL;
}

/* `word` in p[0..n), ignoring case, not inside a longer word or number. */
static int has_word(const unsigned char *p, size_t n, const char *word)
{
	const unsigned char *q = p;
	size_t m = strlen(word);

	while ((q = find_nocase(q, n - (size_t)(q - p), word))) {
		int before = q > p && ascii_alnum(q[-1]);
		int after = (size_t)(q - p) + m < n && ascii_alnum(q[m]);

		if (!before && !after)
			return 1;
		q++;
	}
	return 0;
}

int filekind_starts(const unsigned char *p, size_t n, const void *magic, size_t m)
{
	return n >= m && !memcmp(p, magic, m);
}

int filekind_is_ods(const unsigned char *p, size_t n)
{
	static const char ods[] = "application/vnd.oasis.opendocument.spreadsheet";

	if (!filekind_starts(p, n, "PK\3\4", 4) || n < 38 + 35 || memcmp(p + 30, "mimetype", 8) ||
	    memcmp(p + 38, ods, 35))
		return 0;
	return n >= 38 + sizeof(ods) - 1 && !memcmp(p + 38, ods, sizeof(ods) - 1) ? 1 : -1;
}

const char *filekind_other(const unsigned char *p, size_t n)
{
	size_t i = 0;

	if (filekind_starts(p, n, "%PDF-", 5))
		return "a PDF document";
	if (filekind_starts(p, n, "\x89PNG\r\n\x1a\n", 8))
		return "a PNG image";
	if (filekind_starts(p, n, "\xFF\xD8\xFF", 3))
		return "a JPEG image";
	if (filekind_starts(p, n, "GIF87a", 6) || filekind_starts(p, n, "GIF89a", 6))
		return "a GIF image";
	if (filekind_starts(p, n, "II*\0", 4) || filekind_starts(p, n, "MM\0*", 4))
		return "a TIFF image";
	if (filekind_starts(p, n, "RIFF", 4) && n >= 12 && !memcmp(p + 8, "WEBP", 4))
		return "a WebP image";
	if (filekind_starts(p, n, "BM", 2) && n >= 14 && !p[6] && !p[7] && !p[8] && !p[9])
		return "a BMP image";
	if (filekind_is_ods(p, n) < 0)
		return "an OpenDocument file that is not a spreadsheet";
	if (filekind_starts(p, n, "PK\3\4", 4) || filekind_starts(p, n, "PK\5\6", 4))
		return NULL;          /* a zip: the workbook reader tells */
	if (filekind_starts(p, n, "\xEF\xBB\xBF", 3))
		i = 3;
	while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
		i++;
	if (i < n && p[i] == '<') {
		const unsigned char *q = p + i;
		size_t m = n - i;

		if (find_nocase(q, m < 1024 ? m : 1024, "<!doctype html") ||
		    find_nocase(q, m, "<html") || find_nocase(q, m, "<head") ||
		    find_nocase(q, m, "<body"))
			return "an HTML page";
		if (find_nocase(q, m < 256 ? m : 256, "<?xml"))
			return "an XML document";
	}
	return NULL;
}

/* An HTML page's <title>, cleaned, into out ("" if none). */
static void html_title(const unsigned char *p, size_t n, char *out, size_t outsz)
{
	const unsigned char *t = find_nocase(p, n, "<title"), *e;
	size_t k = 0;
	int space = 0;

	out[0] = '\0';
	if (!t || !(t = memchr(t, '>', n - (size_t)(t - p))))
		return;
	t++;
	e = find_nocase(t, n - (size_t)(t - p), "</title");
	if (!e)
		return;
	for (; t < e && k + 2 < outsz; t++) {
		if (*t == ' ' || *t == '\t' || *t == '\r' || *t == '\n') {
			space = k > 0;
			continue;
		}
		if (*t < 0x20)
			continue;
		if (space)
			out[k++] = ' ';
		space = 0;
		out[k++] = (char)*t;
	}
	out[k] = '\0';
}

/* "is an HTML page, not a spend file: it looks like an error page (403 ...) ..." */
int filekind_refuse(const char *path, const char *what, const unsigned char *p, size_t n,
		    struct diag *err)
{
	/* not "500": "Payments over 500" is a council's page title, not a server error */
	static const char *const error_words[] = {
		"403", "404", "401", "410", "forbidden", "not found", "access denied", "error",
		"unauthorized", "unauthorised", "unavailable", "sign in", "log in", "login",
		"bad gateway", "too many requests"
	};
	char title[160];
	size_t i;

	if (!strcmp(what, "an HTML page")) {
		html_title(p, n, title, sizeof(title));
		for (i = 0; i < sizeof(error_words) / sizeof(error_words[0]); i++)
			if (has_word((const unsigned char *)title, strlen(title), error_words[i]))
				break;
		if (title[0] && i < sizeof(error_words) / sizeof(error_words[0]))
			diag_set(err, CW_INPUT, "is an HTML page, not a spend file: it looks like an "
				 "error page ('%s') saved in place of the download", title);
		else if (title[0])
			diag_set(err, CW_INPUT, "is an HTML page ('%s'), not a spend file: download "
				 "the CSV or workbook the page links to", title);
		else
			diag_set(err, CW_INPUT, "is an HTML page, not a spend file: a web page saved "
				 "in place of the download");
	} else {
		diag_set(err, CW_INPUT, "is %s, not a spend file", what);
	}
	return diag_locate(err, path, 0, 0);
}
