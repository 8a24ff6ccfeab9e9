/*
 * entity.c: what each payee is (entity.h) - the type names, folding names
 * as finance systems print them, and the bundled register of public bodies
 * and given names: loading and lookup.  The rules that type a payee are in
 * entityname.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chainwatch/buf.h"
#include "chainwatch/csv.h"
#include "chainwatch/datadir.h"
#include "chainwatch/entity.h"
#include "chainwatch/xalloc.h"
#include "entity_private.h"

static const char *const type_names[] = {
	[ENTITY_UNKNOWN] = "unknown",
	[ENTITY_COMPANY] = "company",
	[ENTITY_CHARITY] = "charity",
	[ENTITY_PUBLIC_BODY] = "public_body",
	[ENTITY_INDIVIDUAL] = "individual",
};

const char *entity_type_name(enum entity_type t)
{
	if ((unsigned)t >= sizeof(type_names) / sizeof(type_names[0]))
		return "unknown";
	return type_names[t];
}

int entity_type_parse(const char *s, enum entity_type *out)
{
	size_t i;

	for (i = 0; i < sizeof(type_names) / sizeof(type_names[0]); i++)
		if (!strcmp(s, type_names[i]) ||
		    (i == ENTITY_PUBLIC_BODY && !strcmp(s, "public-body"))) {
			*out = (enum entity_type)i;
			return 0;
		}
	return -1;
}

/* ---- folding ----------------------------------------------------------- */

/* Finance-system abbreviations, anywhere in a name. */
static const char *const abbrev[][2] = {
	{ "COUN", "COUNCIL" }, { "COUNC", "COUNCIL" }, { "CNCL", "COUNCIL" }, { "CNL", "COUNCIL" },
	{ "COUNCL", "COUNCIL" }, { "CNCIL", "COUNCIL" }, { "DIST", "DISTRICT" },
	{ "DISTR", "DISTRICT" }, { "BORO", "BOROUGH" }, { "BORGH", "BOROUGH" },
	{ "CTY", "COUNTY" }, { "NTH", "NORTH" }, { "STH", "SOUTH" }, { "UNIV", "UNIVERSITY" },
	{ "UNI", "UNIVERSITY" }, { "HOSP", "HOSPITAL" }, { "HOSPS", "HOSPITALS" },
	{ "MET", "METROPOLITAN" }, { "GOVT", "GOVERNMENT" }, { "DEPT", "DEPARTMENT" },
	{ "AUTH", "AUTHORITY" }, { "CONSTAB", "CONSTABULARY" }, { "LIMITED", "LTD" },
};

/* Abbreviations only at the end of a name ("Doncaster MBC"). */
static const char *const abbrev_end[][2] = {
	{ "MBC", "METROPOLITAN BOROUGH COUNCIL" }, { "BC", "BOROUGH COUNCIL" },
	{ "DC", "DISTRICT COUNCIL" }, { "CC", "COUNTY COUNCIL" }, { "FT", "FOUNDATION TRUST" },
	{ "LBC", "LONDON BOROUGH COUNCIL" },
};

/* Words a finance system adds around a payee's name. */
static const char *const noise_lead[][2] = { { "DD", NULL }, { "THE", NULL },
					     { "DIRECT", "DEBIT" } };
static const char *const noise_tail[][2] = { { "DD", NULL }, { "DIRECT", "DEBIT" },
					     { "INCOME", NULL }, { "REFUND", NULL },
					     { "REFUNDS", NULL }, { "ACCOUNT", NULL },
					     { "PAYMENTS", NULL }, { "CREDITOR", NULL } };

static void tok_push(struct tokens *tk, const char *s, size_t n)
{
	if (tk->n >= MAX_TOKENS || !n)
		return;
	if (n >= sizeof(tk->t[0]))
		n = sizeof(tk->t[0]) - 1;
	memcpy(tk->t[tk->n], s, n);
	tk->t[tk->n][n] = '\0';
	tk->n++;
}

/* Push a word, or the words an abbreviation stands for. */
static void tok_word(struct tokens *tk, const char *w, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof(abbrev) / sizeof(abbrev[0]); i++)
		if (strlen(abbrev[i][0]) == n && !memcmp(abbrev[i][0], w, n)) {
			tok_push(tk, abbrev[i][1], strlen(abbrev[i][1]));
			return;
		}
	tok_push(tk, w, n);
}

static void tok_expand_last(struct tokens *tk)
{
	const char *full, *p;
	size_t i;

	if (tk->n < 2)
		return;
	for (i = 0; i < sizeof(abbrev_end) / sizeof(abbrev_end[0]); i++)
		if (!strcmp(tk->t[tk->n - 1], abbrev_end[i][0]))
			break;
	if (i == sizeof(abbrev_end) / sizeof(abbrev_end[0]))
		return;
	tk->n--;
	for (full = abbrev_end[i][1]; *full; full = *p ? p + 1 : p) {
		p = strchr(full, ' ');
		if (!p)
			p = full + strlen(full);
		tok_push(tk, full, (size_t)(p - full));
	}
}

static int tok_is(const struct tokens *tk, size_t i, const char *w)
{
	return i < tk->n && !strcmp(tk->t[i], w);
}

static void tok_drop(struct tokens *tk, size_t i, size_t k)
{
	memmove(tk->t[i], tk->t[i + k], (tk->n - i - k) * sizeof(tk->t[0]));
	tk->n -= k;
}

/* Strip the noise words around the name, keeping at least two words. */
static void tok_trim(struct tokens *tk)
{
	size_t i, k, again = 1;

	while (again) {
		again = 0;
		for (i = 0; i < sizeof(noise_lead) / sizeof(noise_lead[0]); i++) {
			k = noise_lead[i][1] ? 2 : 1;
			if (tk->n >= k + 2 && tok_is(tk, 0, noise_lead[i][0]) &&
			    (k == 1 || tok_is(tk, 1, noise_lead[i][1]))) {
				tok_drop(tk, 0, k);
				again = 1;
			}
		}
		for (i = 0; i < sizeof(noise_tail) / sizeof(noise_tail[0]); i++) {
			k = noise_tail[i][1] ? 2 : 1;
			if (tk->n >= k + 2 && tok_is(tk, tk->n - k, noise_tail[i][0]) &&
			    (k == 1 || tok_is(tk, tk->n - 1, noise_tail[i][1]))) {
				tk->n -= k;
				again = 1;
			}
		}
	}
}

/*
 * Upper case, bracketed text dropped, "&" and "+" as AND, apostrophes
 * dropped, other punctuation as spaces, abbreviations spelt out.
 */
void entity_fold_tokens(const char *name, struct tokens *tk, int keep_brackets, int expand)
{
	char w[64];
	size_t wn = 0;
	int depth = 0;
	const unsigned char *p;

	tk->n = 0;
	for (p = (const unsigned char *)name;; p++) {
		unsigned c = *p;

		if (keep_brackets && (c == '(' || c == '[' || c == '{' || c == ')' || c == ']' ||
				      c == '}')) {
			c = ' ';
		} else if (c == '(' || c == '[' || c == '{') {
			depth++;
			c = ' ';
		} else if (depth && (c == ')' || c == ']' || c == '}')) {
			depth--;
			continue;
		} else if (depth && c) {
			continue;
		}
		if (c == '\'' || c == 0x60)
			continue;
		if (c >= 'a' && c <= 'z')
			c -= 32;
		if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
			if (wn < sizeof(w))
				w[wn++] = (char)c;
			continue;
		}
		if (wn) {
			tok_word(tk, w, wn);
			wn = 0;
		}
		if (c == '&' || c == '+')
			tok_push(tk, "AND", 3);
		if (!c)
			break;
	}
	if (expand)
		tok_expand_last(tk);
	tok_trim(tk);
}

static void fold_tokens(const char *name, struct tokens *tk)
{
	entity_fold_tokens(name, tk, 0, 1);
}

/* The key: the tokens without THE and NHS, space-joined. */
static void tokens_key(const struct tokens *tk, size_t upto, char *out, size_t n)
{
	size_t i, len = 0;

	out[0] = '\0';
	for (i = 0; i < upto && i < tk->n; i++) {
		size_t k = strlen(tk->t[i]);

		if (!strcmp(tk->t[i], "THE") || !strcmp(tk->t[i], "NHS"))
			continue;
		if (len + k + 2 > n)
			break;
		if (len)
			out[len++] = ' ';
		memcpy(out + len, tk->t[i], k + 1);
		len += k;
	}
}

void entity_fold(const char *name, char *out, size_t n)
{
	struct tokens tk;

	fold_tokens(name, &tk);
	tokens_key(&tk, tk.n, out, n);
}

/* ---- loading ----------------------------------------------------------- */

static int cmp_body(const void *a, const void *b)
{
	const struct body *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	return c ? c : strcmp(x->id, y->id);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int open_file(const char *dir, const char *name, char **path, int *fd, struct diag *err)
{
	struct buf b;

	buf_init(&b, 0);
	buf_printf(&b, "%s/%s", dir, name);
	*path = buf_detach(&b, NULL);
	*fd = open(*path, O_RDONLY);
	if (*fd < 0)
		return diag_set(err, CW_INPUT, "%s: %s", *path, strerror(errno));
	return 0;
}

static void add_body(struct entity_register *r, const char *id, const char *kind, const char *name)
{
	struct body *b;
	char key[FOLD_MAX];

	entity_fold(name, key, sizeof(key));
	if (!*key)
		return;
	if (r->nbodies == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 1024;
		r->bodies = xreallocarray(r->bodies, r->cap, sizeof(*r->bodies));
	}
	b = &r->bodies[r->nbodies++];
	b->key = xstrdup(key);
	b->id = xstrdup(id);
	b->kind = xstrdup(kind);
	b->name = xstrdup(name);
}

/* Words of a council's name that are not the words of any council's name. */
static const char *const council_words[] = {
	"COUNCIL", "COUNTY", "CITY", "OF", "AND", "BOROUGH", "DISTRICT", "METROPOLITAN",
	"ROYAL", "NORTH", "SOUTH", "EAST", "WEST", "MID", "UPON", "ON", "THE", "GREATER", "LEA",
	"COMBINED", "AUTHORITY", "ISLANDS", "ISLE", "ST", "SAINT", "NEW", "CENTRAL", "UNDER",
	"IN", "LE", "NORTHERN", "SOUTHERN", "EASTERN", "WESTERN", "GREAT", "CORPORATION",
};

static void add_place(struct entity_register *r, const char *w, size_t n)
{
	size_t i;

	if (n < 3)
		return;
	for (i = 0; i < sizeof(council_words) / sizeof(council_words[0]); i++)
		if (strlen(council_words[i]) == n && !memcmp(council_words[i], w, n))
			return;
	if (r->nplaces == r->places_cap) {
		r->places_cap = r->places_cap ? r->places_cap * 2 : 1024;
		r->places = xreallocarray(r->places, r->places_cap, sizeof(*r->places));
	}
	r->places[r->nplaces] = xmalloc(n + 1);
	memcpy(r->places[r->nplaces], w, n);
	r->places[r->nplaces++][n] = '\0';
}

static void collect_places(struct entity_register *r)
{
	size_t i, j;

	for (i = 0; i < r->nbodies; i++) {
		const char *p = r->bodies[i].key, *sp;

		if (strcmp(r->bodies[i].kind, "local authority"))
			continue;
		for (; *p; p = *sp ? sp + 1 : sp) {
			sp = strchr(p, ' ');
			if (!sp)
				sp = p + strlen(p);
			add_place(r, p, (size_t)(sp - p));
		}
	}
	qsort(r->places, r->nplaces, sizeof(*r->places), cmp_str);
	for (i = j = 0; i < r->nplaces; i++) {
		if (j && !strcmp(r->places[j - 1], r->places[i])) {
			free(r->places[i]);
			continue;
		}
		r->places[j++] = r->places[i];
	}
	r->nplaces = j;
}

static int load_bodies(struct entity_register *r, const char *dir, struct diag *err)
{
	struct csv_reader *cr = NULL;
	struct csv_record rec;
	char *path = NULL;
	int fd = -1, ret = -1, k, header = 0;

	if (open_file(dir, "public-bodies.csv", &path, &fd, err) < 0)
		goto out;
	cr = csv_reader_fd(fd, NULL, NULL, NULL);
	while ((k = csv_next(cr, &rec, err)) > 0) {
		if (rec.nfields && rec.fields[0].p[0] == '#')
			continue;
		if (rec.nfields != 3 || rec.toobig) {
			diag_set(err, CW_INPUT, "%s:%lu: expected 3 fields (id, kind, name)", path,
				 rec.line);
			goto out;
		}
		if (!header++) {
			if (strcmp(rec.fields[0].p, "id") || strcmp(rec.fields[2].p, "name")) {
				diag_set(err, CW_INPUT, "%s:%lu: header is not 'id,kind,name'", path,
					 rec.line);
				goto out;
			}
			continue;
		}
		add_body(r, rec.fields[0].p, rec.fields[1].p, rec.fields[2].p);
	}
	if (k < 0)
		goto out;
	qsort(r->bodies, r->nbodies, sizeof(*r->bodies), cmp_body);
	collect_places(r);
	ret = 0;
out:
	csv_reader_free(cr);
	if (fd >= 0)
		close(fd);
	free(path);
	return ret;
}

static int load_given(struct entity_register *r, const char *dir, struct diag *err)
{
	char *path = NULL, line[128];
	FILE *fp = NULL;
	int fd = -1, ret = -1;

	if (open_file(dir, "given-names.txt", &path, &fd, err) < 0)
		goto out;
	fp = fdopen(fd, "r");
	if (!fp) {
		diag_set(err, CW_INPUT, "%s: %s", path, strerror(errno));
		goto out;
	}
	fd = -1;
	while (fgets(line, sizeof(line), fp)) {
		size_t n = strcspn(line, "\r\n");

		line[n] = '\0';
		if (!n || line[0] == '#')
			continue;
		if (r->ngiven == r->given_cap) {
			r->given_cap = r->given_cap ? r->given_cap * 2 : 4096;
			r->given = xreallocarray(r->given, r->given_cap, sizeof(*r->given));
		}
		r->given[r->ngiven++] = xstrdup(line);
	}
	if (ferror(fp)) {
		diag_set(err, CW_INPUT, "%s: read error", path);
		goto out;
	}
	qsort(r->given, r->ngiven, sizeof(*r->given), cmp_str);
	ret = 0;
out:
	if (fp)
		fclose(fp);
	if (fd >= 0)
		close(fd);
	free(path);
	return ret;
}

int entity_register_load(const char *dir, struct entity_register **out, struct diag *err)
{
	struct entity_register *r = xcalloc(1, sizeof(*r));
	char *d = NULL;
	int ret = -1;

	if (!dir) {
		char *s = data_dir("sectors", "sectors.json");
		struct buf b;

		buf_init(&b, 0);
		buf_printf(&b, "%s/orgs", s);
		free(s);
		d = buf_detach(&b, NULL);
		dir = d;
	}
	if (load_bodies(r, dir, err) < 0 || load_given(r, dir, err) < 0)
		goto out;
	*out = r;
	r = NULL;
	ret = 0;
out:
	entity_register_free(r);
	free(d);
	return ret;
}

void entity_register_free(struct entity_register *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->nbodies; i++) {
		free(r->bodies[i].key);
		free(r->bodies[i].id);
		free(r->bodies[i].kind);
		free(r->bodies[i].name);
	}
	for (i = 0; i < r->ngiven; i++)
		free(r->given[i]);
	for (i = 0; i < r->nplaces; i++)
		free(r->places[i]);
	free(r->bodies);
	free(r->given);
	free(r->places);
	free(r);
}

size_t entity_register_count(const struct entity_register *r)
{
	return r ? r->nbodies : 0;
}

/* ---- the register ------------------------------------------------------ */

/* The first body whose key is >= key. */
static size_t lower_bound(const struct entity_register *r, const char *key)
{
	size_t lo = 0, hi = r->nbodies;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(r->bodies[mid].key, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static const struct body *find_exact(const struct entity_register *r, const char *key)
{
	size_t i = lower_bound(r, key);

	return i < r->nbodies && !strcmp(r->bodies[i].key, key) ? &r->bodies[i] : NULL;
}

#define TRUNCATED_MIN 20      /* a folded name this long may be a truncated register name */

const struct body *entity_register_lookup(const struct entity_register *r,
					  const struct tokens *tk, int *how)
{
	const struct body *b;
	char key[FOLD_MAX], alt[FOLD_MAX];
	size_t i, klen, upto;

	*how = 0;
	tokens_key(tk, tk->n, key, sizeof(key));
	if (!*key)
		return NULL;
	if ((b = find_exact(r, key)))
		return b;
	klen = strlen(key);
	/* "CC" is a county council or a city council */
	if (klen > 14 && !strcmp(key + klen - 14, "COUNTY COUNCIL")) {
		snprintf(alt, sizeof(alt), "%.*sCITY COUNCIL", (int)(klen - 14), key);
		if ((b = find_exact(r, alt)))
			return b;
	}
	/* a name cut short by the finance system's field width */
	if (klen >= TRUNCATED_MIN) {
		i = lower_bound(r, key);
		if (i < r->nbodies && !strncmp(r->bodies[i].key, key, klen)) {
			*how = 1;
			return &r->bodies[i];
		}
	}
	/* a register name with words after it ("... County Council Pension Fund") */
	for (upto = tk->n - 1; upto >= 3; upto--) {
		tokens_key(tk, upto, alt, sizeof(alt));
		if ((b = find_exact(r, alt))) {
			*how = 2;
			return b;
		}
	}
	return NULL;
}

int entity_is_given(const struct entity_register *r, const char *w)
{
	return r && r->ngiven && bsearch(&w, r->given, r->ngiven, sizeof(*r->given), cmp_str);
}

int entity_is_place(const struct entity_register *r, const char *w)
{
	return r && r->nplaces && bsearch(&w, r->places, r->nplaces, sizeof(*r->places), cmp_str);
}
