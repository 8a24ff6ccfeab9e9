/*
 * sectors/wages.json read: wages_load() and wages_check() share one reader
 * that collects located problems; the load fails on any.  The checks across
 * rows are in wagescheck.c (sharing wages_data.h), the lookups and the
 * floors over the loaded tables in wages.c.
 *
 * Numbers in the file are quoted decimals ("12.71", "13.8", "52.143") read
 * exactly into integers, so no rate passes through binary floating point
 * before the arithmetic of the floor itself.  jansson gives no positions,
 * so a problem is located by walking the text (already accepted by the
 * parser) to the value at the problem's JSON path (jpath_position, json.h).
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chainwatch/date.h"
#include "chainwatch/json.h"
#include "chainwatch/wages.h"
#include "chainwatch/xalloc.h"

#include "wages_data.h"

#define WAGES_FILE_MAX ((size_t)1 << 20)
#define NOSTORE ((size_t)-1)
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- problems, located by JSON path ------------------------------------ */

void wcheck_problem(struct wcheck *ck, const char *path, const char *fmt, ...)
{
	char msg[DIAG_MSG_MAX];
	struct jpos pos;
	int k;
	va_list ap;

	/* the value, else the nearest enclosing one that exists */
	if (jpath_position(ck->text, ck->len, path, &pos) >= 0)
		k = snprintf(msg, sizeof(msg), "%s:%lu:%lu: %s: ", ck->file, pos.line, pos.col,
			     *path ? path : "/");
	else
		k = snprintf(msg, sizeof(msg), "%s: %s: ", ck->file, *path ? path : "/");
	if (k < 0 || (size_t)k >= sizeof(msg))
		k = 0;
	va_start(ap, fmt);
	vsnprintf(msg + k, sizeof(msg) - (size_t)k, fmt, ap);
	va_end(ap);
	diag_problems_add(&ck->pr, msg);
}

const char *wcheck_cell(char *out, const char *list, size_t i, const char *key)
{
	snprintf(out, PATH_LEN, "%s/%zu%s%s", list, i, key ? "/" : "", key ? key : "");
	return out;
}

/* ---- values ------------------------------------------------------------ */

enum kind { K_TEXT, K_DATE, K_INT, K_BOOL, K_MONEY, K_PERCENT, K_MILLI, K_TAXYEAR, K_OBJ, K_LIST };

struct field {
	const char *key;
	enum kind kind;
	int required;
	size_t off;             /* where in the row it goes; NOSTORE: checked only */
	int64_t lo, hi;         /* allowed range when lo < hi */
};

static int places_of(enum kind k) { return k == K_MILLI ? 3 : 2; }

/* An exact decimal with at most `places` decimals, scaled: "13.8", 2 -> 1380. */
static int decimal(const char *s, int places, int64_t *out)
{
	int64_t v = 0;
	int neg = *s == '-', digits = 0, frac = -1;

	for (s += neg; *s; s++) {
		if (*s == '.' && frac < 0 && digits) {
			frac = 0;
			continue;
		}
		if (*s < '0' || *s > '9' || digits >= 12 || (frac >= 0 && frac >= places))
			return -1;
		v = v * 10 + (*s - '0');
		digits++;
		if (frac >= 0)
			frac++;
	}
	if (!digits || frac == 0)
		return -1;
	for (frac = frac < 0 ? 0 : frac; frac < places; frac++)
		v *= 10;
	*out = neg ? -v : v;
	return 0;
}

char *wcheck_fixed(int64_t v, int places, char *out)
{
	uint64_t scale = places == 3 ? 1000 : 100;
	uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

	snprintf(out, 32, "%s%llu.%0*llu", v < 0 ? "-" : "", (unsigned long long)(a / scale),
		 places, (unsigned long long)(a % scale));
	return out;
}

static int iso_date(const char *s, int32_t *out)
{
	int i, y = 0, m, d;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return -1;
	for (i = 0; i < 4; i++)
		y = y * 10 + (s[i] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1990 || y > 2100 || !date_valid(y, m, d))
		return -1;
	*out = (int32_t)(y * 10000 + m * 100 + d);
	return 0;
}

/* "2024-25" -> 20240406 */
static int tax_year(const char *s, int32_t *out)
{
	int32_t from;
	char y[11];

	if (strlen(s) != 7 || s[4] != '-' || s[5] < '0' || s[5] > '9' || s[6] < '0' ||
	    s[6] > '9')
		return -1;
	snprintf(y, sizeof(y), "%.4s-04-06", s);
	if (iso_date(y, &from) < 0 ||
	    (from / 10000 + 1) % 100 != (s[5] - '0') * 10 + (s[6] - '0'))
		return -1;
	*out = from;
	return 0;
}

static void *at(void *base, size_t off) { return (char *)base + off; }

static void read_value(struct wcheck *ck, const struct field *f, const struct jnode *v,
		       const char *path, void *base)
{
	static const char *const like[] = { [K_MONEY] = "12.71", [K_PERCENT] = "13.8",
					    [K_MILLI] = "5.6" };
	const char *s = jnode_string(v);
	char a[32], b[32];
	long long ll;
	int64_t n = 0;
	int32_t d;
	int flag, ok;

	switch (f->kind) {
	case K_OBJ:
	case K_LIST:
		if (f->kind == K_OBJ ? !jnode_is_object(v) : !jnode_is_array(v))
			wcheck_problem(ck, path, "is not %s",
				       f->kind == K_OBJ ? "an object" : "a list");
		return;
	case K_TEXT:
		if (!s)
			wcheck_problem(ck, path, "is not a string");
		else if (f->required && !*s)
			wcheck_problem(ck, path, "is empty");
		else if (f->off != NOSTORE)
			*(const char **)at(base, f->off) = s;
		return;
	case K_BOOL:
		if (jnode_boolean(v, &flag) < 0)
			wcheck_problem(ck, path, "is not true or false");
		else
			*(int *)at(base, f->off) = flag;
		return;
	case K_DATE:
	case K_TAXYEAR:
		if (!s || (f->kind == K_DATE ? iso_date(s, &d) : tax_year(s, &d)) < 0)
			wcheck_problem(ck, path, "%s%s%s is not %s", s ? "'" : "",
				       s ? s : "the value", s ? "'" : "",
				       f->kind == K_DATE ? "a date like \"2026-04-01\"" :
				       "a tax year like \"2026-27\"");
		else
			*(int32_t *)at(base, f->off) = d;
		return;
	case K_INT:
		if (jnode_integer(v, &ll) < 0 || ll < f->lo || ll > f->hi) {
			wcheck_problem(ck, path, "is not a whole number from %lld to %lld",
				       (long long)f->lo, (long long)f->hi);
			return;
		}
		*(int *)at(base, f->off) = (int)ll;
		return;
	default:
		break;
	}
	ok = 0;
	if (!s)
		wcheck_problem(ck, path, "is not a quoted number like \"%s\"", like[f->kind]);
	else if (decimal(s, places_of(f->kind), &n) < 0)
		wcheck_problem(ck, path, "'%s' is not a number like \"%s\"", s, like[f->kind]);
	else if (n < f->lo || n > f->hi)
		wcheck_problem(ck, path, "%s is %s, not %s to %s", s,
			       n < 0 ? "negative" : "implausible",
			       wcheck_fixed(f->lo, places_of(f->kind), a),
			       wcheck_fixed(f->hi, places_of(f->kind), b));
	else
		ok = 1;
	/* -2: there but unreadable (reported), so the checks do not call it missing */
	*(int64_t *)at(base, f->off) = ok ? n : -2;
}

/* Read an object's fields into base; unknown keys and missing ones are problems. */
static void read_object(struct wcheck *ck, const struct jnode *obj, const char *path,
			const struct field *fields, size_t nf, void *base)
{
	char sub[PATH_LEN];
	const struct jnode *v;
	const char *key;
	void *iter = NULL;
	size_t i;

	if (!jnode_is_object(obj))
		return;   /* reported by whoever holds it */
	while (jnode_object_next(obj, &iter, &key, &v)) {
		for (i = 0; i < nf && strcmp(fields[i].key, key); i++)
			;
		if (i == nf) {
			snprintf(sub, sizeof(sub), "%s/%s", path, key);
			wcheck_problem(ck, sub, "unknown key '%s'", key);
		}
	}
	for (i = 0; i < nf; i++) {
		const struct field *f = &fields[i];

		snprintf(sub, sizeof(sub), "%s/%s", path, f->key);
		if (f->off != NOSTORE) {
			if (f->kind == K_TEXT)
				*(const char **)at(base, f->off) = "";
			else if (f->kind == K_DATE || f->kind == K_TAXYEAR)
				*(int32_t *)at(base, f->off) = 0;
			else if (f->kind == K_INT || f->kind == K_BOOL)
				*(int *)at(base, f->off) = -1;
			else
				*(int64_t *)at(base, f->off) = -1;
		}
		v = jnode_get(obj, f->key);
		if (v)
			read_value(ck, f, v, sub, base);
		else if (f->required)
			wcheck_problem(ck, sub, "is missing");
	}
}

/* Each element of a list as a row of `size` bytes. */
static void *read_rows(struct wcheck *ck, const struct jnode *list, const char *path,
		       const struct field *fields, size_t nf, size_t size, size_t *n)
{
	char sub[PATH_LEN];
	size_t i, len = jnode_array_size(list);
	char *rows = xcalloc(len ? len : 1, size);

	if (jnode_is_array(list) && !len)
		wcheck_problem(ck, path, "is empty");
	for (i = 0; i < len; i++) {
		const struct jnode *o = jnode_array_at(list, i);

		wcheck_cell(sub, path, i, NULL);
		if (!jnode_is_object(o))
			wcheck_problem(ck, sub, "is not an object");
		read_object(ck, o, sub, fields, nf, rows + i * size);
	}
	*n = len;
	return rows;
}

/* ---- the file's layout ------------------------------------------------- */

#define W(m) offsetof(struct wages, m)
#define M(m) offsetof(struct wage_rates, m)
#define RATE(b) (M(rate) + (b) * sizeof(int64_t))
#define L(m) offsetof(struct living_wage, m)
#define NI(m) offsetof(struct employer_nic, m)
#define PB(m) offsetof(struct pension_band, m)
#define HOURLY 1, 10000                 /* £0.01 to £100.00 an hour */
#define YEARLY 0, 100000000             /* £0 to £1,000,000 a year */

static const struct field top_fields[] = {
	{ "version", K_TEXT, 1, W(version), 0, 0 },
	{ "source", K_TEXT, 1, W(source), 0, 0 },
	{ "holiday", K_OBJ, 1, NOSTORE, 0, 0 },
	{ "minimum_wage", K_OBJ, 1, NOSTORE, 0, 0 },
	{ "living_wage", K_OBJ, 1, NOSTORE, 0, 0 },
	{ "employer_nic", K_OBJ, 1, NOSTORE, 0, 0 },
	{ "pension", K_OBJ, 1, NOSTORE, 0, 0 },
	{ "questions", K_OBJ, 1, NOSTORE, 0, 0 },
};
static const struct field holiday_fields[] = {
	{ "source", K_TEXT, 1, W(holiday_source), 0, 0 },
	{ "statutory_weeks", K_MILLI, 1, W(holiday_weeks), 1000, 10000 },
	{ "accrual_year_weeks", K_MILLI, 1, W(year_weeks), 52000, 53000 },
	{ "paid_weeks_per_year", K_MILLI, 1, W(paid_weeks), 52000, 53000 },
	{ "full_time_hours_per_week", K_MILLI, 1, W(full_time_hours), 1000, 60000 },
};
static const struct field nmw_head[] = {
	{ "source", K_TEXT, 1, W(nmw_source), 0, 0 },
	{ "covers_to", K_DATE, 1, W(nmw_to), 0, 0 },
	{ "rates", K_LIST, 1, NOSTORE, 0, 0 },
};
static const struct field nmw_fields[] = {
	{ "from", K_DATE, 1, M(from), 0, 0 },
	{ "nlw_age", K_INT, 1, M(nlw_age), 16, 30 },
	{ "nlw", K_MONEY, 1, RATE(WAGE_NLW), HOURLY },
	{ "21-24", K_MONEY, 0, RATE(WAGE_21_24), HOURLY },
	{ "21-22", K_MONEY, 0, RATE(WAGE_21_22), HOURLY },
	{ "18-20", K_MONEY, 1, RATE(WAGE_18_20), HOURLY },
	{ "16-17", K_MONEY, 1, RATE(WAGE_16_17), HOURLY },
	{ "apprentice", K_MONEY, 1, RATE(WAGE_APPRENTICE), HOURLY },
	{ "note", K_TEXT, 0, M(note), 0, 0 },
};
static const struct field rlw_head[] = {
	{ "source", K_TEXT, 1, W(rlw_source), 0, 0 },
	{ "binding_rule", K_TEXT, 1, NOSTORE, 0, 0 },
	{ "covers_to", K_DATE, 1, W(rlw_to), 0, 0 },
	{ "rates", K_LIST, 1, NOSTORE, 0, 0 },
};
static const struct field rlw_fields[] = {
	{ "announced", K_TEXT, 1, L(announced), 0, 0 },
	{ "binding_from", K_DATE, 1, L(from), 0, 0 },
	{ "deadline_stated", K_BOOL, 1, L(deadline_stated), 0, 0 },
	{ "uk", K_MONEY, 1, L(uk), HOURLY },
	{ "london", K_MONEY, 1, L(london), HOURLY },
	{ "note", K_TEXT, 0, L(note), 0, 0 },
};
static const struct field nic_head[] = {
	{ "source", K_TEXT, 1, W(nic_source), 0, 0 },
	{ "years", K_LIST, 1, NOSTORE, 0, 0 },
};
static const struct field nic_fields[] = {
	{ "tax_year", K_TAXYEAR, 1, NI(from), 0, 0 },
	{ "rate_percent", K_PERCENT, 1, NI(rate), 1, 5000 },
	{ "secondary_threshold", K_MONEY, 1, NI(secondary_threshold), YEARLY },
	{ "upper_secondary_threshold", K_MONEY, 1, NI(upper_secondary_threshold), YEARLY },
	{ "apprentice_upper_secondary_threshold", K_MONEY, 1, NI(apprentice_threshold), YEARLY },
	{ "employment_allowance", K_MONEY, 1, NI(employment_allowance), YEARLY },
};
static const struct field pension_head[] = {
	{ "source", K_TEXT, 1, W(pension_source), 0, 0 },
	{ "years", K_LIST, 1, NOSTORE, 0, 0 },
};
static const struct field pension_fields[] = {
	{ "tax_year", K_TAXYEAR, 1, PB(from), 0, 0 },
	{ "employer_percent", K_PERCENT, 1, PB(rate), 1, 10000 },
	{ "trigger", K_MONEY, 1, PB(trigger), YEARLY },
	{ "lower", K_MONEY, 1, PB(lower), YEARLY },
	{ "upper", K_MONEY, 1, PB(upper), YEARLY },
};
static const struct field question_fields[] = {
	{ "source", K_TEXT, 1, W(questions_source), 0, 0 },
	{ "pcr2015", K_TEXT, 1, W(questions_pcr), 0, 0 },
	{ "pa2023", K_TEXT, 1, W(questions_pa), 0, 0 },
	{ "items", K_LIST, 1, NOSTORE, 0, 0 },
};

static void read_all(struct wcheck *ck, struct wages *w)
{
	const struct jnode *root = jdoc_root(w->doc), *q, *items;
	char sub[PATH_LEN];
	size_t i;

	if (!jnode_is_object(root)) {
		wcheck_problem(ck, "", "the top level is not an object");
		return;
	}
	read_object(ck, root, "", top_fields, COUNT(top_fields), w);
	read_object(ck, jnode_get(root, "holiday"), "/holiday", holiday_fields,
		    COUNT(holiday_fields), w);
	q = jnode_get(root, "minimum_wage");
	read_object(ck, q, "/minimum_wage", nmw_head, COUNT(nmw_head), w);
	w->nmw = read_rows(ck, jnode_get(q, "rates"), "/minimum_wage/rates", nmw_fields,
			   COUNT(nmw_fields), sizeof(*w->nmw), &w->nnmw);
	q = jnode_get(root, "living_wage");
	read_object(ck, q, "/living_wage", rlw_head, COUNT(rlw_head), w);
	w->rlw = read_rows(ck, jnode_get(q, "rates"), "/living_wage/rates", rlw_fields,
			   COUNT(rlw_fields), sizeof(*w->rlw), &w->nrlw);
	q = jnode_get(root, "employer_nic");
	read_object(ck, q, "/employer_nic", nic_head, COUNT(nic_head), w);
	w->nic = read_rows(ck, jnode_get(q, "years"), "/employer_nic/years", nic_fields,
			   COUNT(nic_fields), sizeof(*w->nic), &w->nnic);
	q = jnode_get(root, "pension");
	read_object(ck, q, "/pension", pension_head, COUNT(pension_head), w);
	w->pension = read_rows(ck, jnode_get(q, "years"), "/pension/years", pension_fields,
			       COUNT(pension_fields), sizeof(*w->pension), &w->npension);
	q = jnode_get(root, "questions");
	read_object(ck, q, "/questions", question_fields, COUNT(question_fields), w);
	items = jnode_get(q, "items");
	w->nquestions = jnode_array_size(items);
	w->questions = xcalloc(w->nquestions + 1, sizeof(*w->questions));
	for (i = 0; i < w->nquestions; i++) {
		const char *t = jnode_string(jnode_array_at(items, i));

		if (!t || !*t)
			wcheck_problem(ck, wcheck_cell(sub, "/questions/items", i, NULL),
				       "is not a question");
		w->questions[i] = t ? t : "";
	}
	wages_check_tables(ck, w);
}

/* ---- loading ----------------------------------------------------------- */

static int read_text(const char *path, char **out, size_t *len, struct diag *err)
{
	char chunk[8192];
	struct buf b;
	FILE *fp;
	size_t r;
	int ret = -1;

	buf_init(&b, WAGES_FILE_MAX);
	fp = fopen(path, "rb");
	if (!fp) {
		diag_set(err, CW_INPUT, "cannot open '%s': %s", path, strerror(errno));
		goto out;
	}
	while ((r = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		if (buf_add(&b, chunk, r) < 0) {
			diag_set(err, CW_INPUT, "'%s' is larger than %zu bytes", path, WAGES_FILE_MAX);
			goto out;
		}
	if (ferror(fp)) {
		diag_set(err, CW_INPUT, "cannot read '%s'", path);
		goto out;
	}
	*out = buf_detach(&b, len);
	ret = 0;
out:
	if (fp)
		fclose(fp);
	buf_release(&b);
	return ret;
}

/* Read and check; -1 only when the file cannot be read.  *out even with problems. */
static int load(const char *path, struct wcheck *ck, struct wages **out, struct diag *err)
{
	struct wages *w = NULL;
	struct diag perr;
	char *text = NULL;
	size_t len;
	int ret = -1;

	if (read_text(path, &text, &len, err) < 0)
		goto out;
	ck->file = path;
	ck->text = text;
	ck->len = len;
	w = xcalloc(1, sizeof(*w));
	w->path = xstrdup(path);
	diag_init(&perr);
	if (jdoc_load_mem(text, len, path, &w->doc, &perr) < 0) {
		diag_problems_add(&ck->pr, perr.msg);
	} else {
		read_all(ck, w);
	}
	ret = 0;
	*out = w;
	w = NULL;
out:
	wages_free(w);
	free(text);
	return ret;
}

int wages_load(const char *path, struct wages **out, struct diag *err)
{
	struct wcheck ck;
	struct wages *w = NULL;

	memset(&ck, 0, sizeof(ck));
	diag_problems_init(&ck.pr, NULL, NULL);
	if (load(path, &ck, &w, err) < 0)
		return -1;
	if (ck.pr.count) {
		wages_free(w);
		if (ck.pr.count == 1)
			return diag_set(err, CW_INPUT, "%s", ck.pr.first);
		return diag_set(err, CW_INPUT, "%s (and %ld more problems)", ck.pr.first,
				ck.pr.count - 1);
	}
	*out = w;
	return 0;
}

int wages_check(const char *path, void (*report)(void *ctx, const char *msg), void *ctx,
		struct diag *err)
{
	struct wcheck ck;
	struct wages *w = NULL;

	memset(&ck, 0, sizeof(ck));
	diag_problems_init(&ck.pr, report, ctx);
	if (load(path, &ck, &w, err) < 0)
		return -1;
	wages_free(w);
	return (int)ck.pr.count;
}

void wages_free(struct wages *w)
{
	if (!w)
		return;
	free((char *)w->path);
	free(w->nmw);
	free(w->rlw);
	free(w->nic);
	free(w->pension);
	free(w->questions);
	jdoc_free(w->doc);
	free(w);
}
