/*
 * The Charter evidence file (docs/evidence.md): read, checked against the
 * schema below and turned into the template data's "evidence" tree.
 *
 * One reader does both: it walks the document by tables of fields, reports
 * each problem located by JSON path (jpath_position finds the line and
 * column in the text, which jansson does not keep) and builds the tree as it
 * goes.  The load runs it twice, into a scratch tree and then, only when
 * nothing was wrong, into the caller's, so a failed load changes nothing.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chainwatch/buf.h"
#include "chainwatch/date.h"
#include "chainwatch/evidence.h"
#include "chainwatch/spelling.h"
#include "chainwatch/json.h"
#include "chainwatch/template.h"
#include "chainwatch/xalloc.h"

#define EVIDENCE_FILE_MAX ((size_t)1 << 20)
#define PATH_MAX_LEN 512
#define NCOMMITMENTS 10
#define PROBLEMS_SHOWN 200      /* past this, problems are only counted */
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

struct ev {
	const char *file, *text;        /* the text is only for locating */
	size_t len;
	void (*problem)(void *ctx, const char *msg);
	void *ctx;
	long count;
	int mute;                       /* building again what was already checked */
	char first[DIAG_MSG_MAX];
};

enum kind { K_SCHEMA, K_TEXT, K_URL, K_DATE, K_YEAR, K_COUNT, K_BOOL, K_STATUS, K_OBJECT,
	    K_LIST, K_COMMITMENTS, K_METRICS, K_REFERRALS };

/* What a value of each kind should be, for "'x' is not ..." */
static const char *const expected[] = {
	[K_SCHEMA] = "\"" EVIDENCE_SCHEMA "\"",
	[K_TEXT] = "text in double quotes",
	[K_URL] = "a web address starting https://",
	[K_DATE] = "a date like \"2025-07-18\"",
	[K_YEAR] = "a financial year like \"2025-26\"",
	[K_COUNT] = "a whole number of 0 or more",
	[K_BOOL] = "true or false",
	[K_STATUS] = "one of \"met\", \"partly met\", \"not met\", \"in progress\"",
	[K_OBJECT] = "an object: write it as { ... }",
	[K_LIST] = "a list: write it as [ ... ]",
	[K_COMMITMENTS] = "an object: write it as { \"C1\": { ... } }",
	[K_METRICS] = "an object: write it as { ... }",
	[K_REFERRALS] = "an object of counts by route",
};

struct field {
	const char *key;
	enum kind kind;
	int required;
	const struct field *sub;        /* K_OBJECT, the items of K_LIST, K_REFERRALS */
	size_t nsub;
	int cid;                        /* metric_fields: the commitment, 0 for C1 */
};

#define F(key, kind) { key, kind, 0, NULL, 0, -1 }
#define REQ(key, kind) { key, kind, 1, NULL, 0, -1 }
#define SUB(key, kind, t) { key, kind, 0, t, COUNT(t), -1 }
#define M(cid, key, kind) { key, kind, 0, NULL, 0, cid }

static const struct field adoption_fields[] = {
	F("body", K_TEXT), F("date", K_DATE), F("wording", K_TEXT), F("minute_url", K_URL),
};
static const struct field approval_fields[] = {
	F("approver", K_TEXT), F("date", K_DATE), F("signed_by", K_TEXT),
};
static const struct field registry_fields[] = { F("submitted", K_BOOL), F("url", K_URL) };
static const struct field report_fields[] = { REQ("year", K_YEAR), F("url", K_URL) };
static const struct field top_fields[] = {
	F("schema", K_SCHEMA),          /* required, and first: read_all */
	REQ("council", K_TEXT),
	REQ("year", K_YEAR),
	F("note", K_TEXT),
	SUB("adoption", K_OBJECT, adoption_fields),
	SUB("approval", K_OBJECT, approval_fields),
	SUB("statement_registry", K_OBJECT, registry_fields),
	SUB("previous_reports", K_LIST, report_fields),
	F("commitments", K_COMMITMENTS),
};
static const struct field action_fields[] = {
	REQ("action", K_TEXT), F("owner", K_TEXT), F("due", K_DATE),
};
static const struct field commitment_fields[] = {
	F("wording", K_TEXT), F("done", K_TEXT), F("status", K_STATUS),
	SUB("actions", K_LIST, action_fields), F("metrics", K_METRICS),
};

#define ROUTES "nrm, duty_to_notify, police, glaa, modern_slavery_helpline, hmrc_or_eas, other"
static const struct field referral_fields[] = {
	F("nrm", K_COUNT), F("duty_to_notify", K_COUNT), F("police", K_COUNT), F("glaa", K_COUNT),
	F("modern_slavery_helpline", K_COUNT), F("hmrc_or_eas", K_COUNT), F("other", K_COUNT),
};

/* Each commitment's figures, in order of commitment (C7 has none: all computed). */
static const struct field metric_fields[] = {
	M(0, "procurement_staff_trained", K_COUNT),
	M(0, "procurement_team_size", K_COUNT),
	M(0, "course", K_TEXT),
	M(1, "contracts_with_msa_clause", K_COUNT),
	M(1, "contracts_let", K_COUNT),
	M(1, "suppliers_contacted_about_statements", K_COUNT),
	M(2, "explanations_requested", K_COUNT),
	M(2, "bids_rejected_after_explanation", K_COUNT),
	M(3, "suppliers_told_union_freedom", K_COUNT),
	M(4, "whistleblowing_policy_names_modern_slavery", K_BOOL),
	M(4, "whistleblowing_reports", K_COUNT),
	M(5, "contractors_asked_for_whistleblowing_policy", K_COUNT),
	M(5, "contractor_policies_received", K_COUNT),
	M(7, "suppliers_told_of_risks", K_COUNT),
	M(7, "referrals_to_agencies", K_COUNT),
	{ "referrals", K_REFERRALS, 0, referral_fields, COUNT(referral_fields), 8 },
	M(9, "statement_url", K_URL),
	M(9, "published", K_DATE),
};

/* Each count that cannot be above another: the part, the whole, the percent derived. */
static const struct {
	int cid;
	const char *part, *whole, *pct;
} parts[] = {
	{ 0, "procurement_staff_trained", "procurement_team_size", "procurement_trained_pct" },
	{ 1, "contracts_with_msa_clause", "contracts_let", "msa_clause_pct" },
	{ 2, "bids_rejected_after_explanation", "explanations_requested", NULL },
	{ 5, "contractor_policies_received", "contractors_asked_for_whistleblowing_policy", NULL },
};

static const char *const statuses[] = { "met", "partly met", "not met", "in progress" };

/* ---- problems ----------------------------------------------------------- */

/*
 * Report "file:line:col: shown: message", at the place of the value at the
 * path `at` (else of the nearest enclosing value).  `shown` is `at` but for
 * the referrals, where a key may be a name and is not repeated.
 */
#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static void report_at(struct ev *ev, const char *at, const char *shown, const char *fmt, ...)
{
	char msg[DIAG_MSG_MAX];
	struct jpos pos = { 0, 1, 1 };
	int k;
	va_list ap;

	if (ev->mute || ev->count++ >= PROBLEMS_SHOWN)
		return;         /* locating walks the text: a hostile file may hold many */
	jpath_position(ev->text, ev->len, at, &pos);     /* -1: an empty file, at 1:1 */
	k = snprintf(msg, sizeof(msg), "%s:%lu:%lu: %s: ", ev->file, pos.line, pos.col,
		     *shown ? shown : "/");
	if (k < 0 || (size_t)k >= sizeof(msg))
		k = 0;
	va_start(ap, fmt);
	vsnprintf(msg + k, sizeof(msg) - (size_t)k, fmt, ap);
	va_end(ap);
	if (ev->count == 1)
		memcpy(ev->first, msg, sizeof(msg));
	if (ev->problem)
		ev->problem(ev->ctx, msg);
}

#define report(ev, path, ...) report_at(ev, path, path, __VA_ARGS__)

/* parent + "/" + key as a JSON pointer ('~' and '/' escaped) into out (PATH_MAX_LEN). */
static const char *subpath(char *out, const char *parent, const char *key)
{
	size_t o = (size_t)snprintf(out, PATH_MAX_LEN, "%.480s/", parent);

	for (; *key && o + 3 < PATH_MAX_LEN; key++) {
		if (*key == '~' || *key == '/')
			out[o++] = '~';
		out[o++] = *key == '~' ? '0' : *key == '/' ? '1' : *key;
	}
	out[o] = '\0';
	return out;
}

/* How a value reads in a message: 'text' (cut), -2, 2.5, true, null, an object, a list. */
static const char *describe(const struct ev *ev, const struct jnode *v, const char *path,
			    char *out, size_t outsz)
{
	const char *s = jnode_string(v), *p, *e = ev->text + ev->len;
	char q[64];
	struct jpos pos;

	if (s) {
		diag_quote(q, sizeof(q), s, strlen(s), 40);
		snprintf(out, outsz, "'%s'", q);
	} else if (jnode_is_object(v) || jnode_is_array(v)) {
		snprintf(out, outsz, "%s", jnode_is_object(v) ? "an object" : "a list");
	} else if (jpath_position(ev->text, ev->len, path, &pos) == 0) {
		p = ev->text + pos.offset;              /* the number or word as written */
		diag_quote(out, outsz, p, strcspn(p, ",}] \t\r\n") < (size_t)(e - p) ?
			   strcspn(p, ",}] \t\r\n") : (size_t)(e - p), 40);
	} else {
		snprintf(out, outsz, "the value");
	}
	return out;
}

/* The known key nearest a misspelt one, or NULL when none is close. */
static const char *nearest(const char *key, const struct field *fields, size_t nf)
{
	const char *best = NULL;
	size_t i, d, bestd = 3;

	for (i = 0; i < nf; i++)
		if ((d = spelling_distance(key, fields[i].key)) < bestd && d * 3 <= strlen(key)) {
			bestd = d;
			best = fields[i].key;
		}
	return best;
}

static void unknown_key(struct ev *ev, const char *path, const char *key,
			const struct field *fields, size_t nf)
{
	const char *best = nearest(key, fields, nf);

	if (best)
		report(ev, path, "unknown key '%s' (did you mean '%s'?)", key, best);
	else if (!nf)
		report(ev, path, "unknown key '%s': nothing is supplied here, every figure is "
		       "computed", key);
	else
		report(ev, path, "unknown key '%s'", key);
}

/* ---- values ------------------------------------------------------------- */

static int iso_date(const char *s, int *y, int *m, int *d)
{
	int i;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return -1;
	*y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	*m = (s[5] - '0') * 10 + (s[6] - '0');
	*d = (s[8] - '0') * 10 + (s[9] - '0');
	return *y >= 1990 && *y <= 2100 && date_valid(*y, *m, *d) ? 0 : -1;
}

/* "2025-26" -> 2025; -1 when it is not a financial year. */
static int financial_year(const char *s)
{
	int y, m, d;
	char iso[11];

	if (strlen(s) != 7 || s[4] != '-' || s[5] < '0' || s[5] > '9' || s[6] < '0' || s[6] > '9')
		return -1;
	snprintf(iso, sizeof(iso), "%.4s-04-01", s);
	if (iso_date(iso, &y, &m, &d) < 0 || y > 2099 ||
	    (y + 1) % 100 != (s[5] - '0') * 10 + (s[6] - '0'))
		return -1;
	return y;
}

static void set_date_text(struct tval *out, const char *key, int y, int m, int d)
{
	char k[64], t[32];

	snprintf(k, sizeof(k), "%s_text", key);
	tval_set_str(out, k, date_format_long(y * 10000 + m * 100 + d, t));
}

static void read_commitments(struct ev *ev, const struct jnode *v, const char *path,
			     struct tval *out);
static void read_object(struct ev *ev, const struct jnode *obj, const char *path,
			const struct field *fields, size_t nf, int cid, struct tval *out);

static void read_count(struct ev *ev, const struct jnode *v, const char *path, const char *key,
		       struct tval *out)
{
	const char *s = jnode_string(v);
	long long n;
	char w[80];

	if (jnode_integer(v, &n) == 0 && n >= 0) {
		tval_set_int(out, key, n);
		return;
	}
	describe(ev, v, path, w, sizeof(w));
	report(ev, path, "%s is not %s%s", w, expected[K_COUNT],
	       s && *s && strspn(s, "0123456789") == strlen(s) ? ": write it without quotes" :
	       !s && !strcmp(w, "null") ? ": leave the key out when the figure is not known" : "");
}

/* The C9 referrals: counts by route; a message never repeats what was written there. */
static void read_referrals(struct ev *ev, const struct jnode *obj, const char *path,
			   const struct field *f, struct tval *out)
{
	char sub[PATH_MAX_LEN];
	const struct jnode *v;
	const char *key;
	void *iter = NULL;
	size_t i;

	while (jnode_object_next(obj, &iter, &key, &v)) {
		subpath(sub, path, key);
		for (i = 0; i < f->nsub && strcmp(f->sub[i].key, key); i++)
			;
		if (i < f->nsub && (jnode_string(v) || jnode_is_object(v) || jnode_is_array(v)))
			report(ev, sub, "is not a count: referrals are counts only, never names "
			       "or victim details");
		else if (i < f->nsub)
			read_count(ev, v, sub, key, out);
		else if (nearest(key, f->sub, f->nsub))         /* a typo, not a name */
			unknown_key(ev, sub, key, f->sub, f->nsub);
		else
			report_at(ev, sub, path, "a key that is not a route: referrals are counts "
				  "by route only (" ROUTES "), never names or victim details");
	}
}

static void read_value(struct ev *ev, const struct field *f, const struct jnode *v,
		       const char *path, int cid, struct tval *out)
{
	const char *s = jnode_string(v);
	const struct field *fields = f->sub;
	char w[80], sub[PATH_MAX_LEN];
	struct tval *child;
	size_t i, n = f->nsub;
	int y, m, d, b, ok = 0;

	switch (f->kind) {
	case K_SCHEMA:
		return;         /* read_all */
	case K_COUNT:
		read_count(ev, v, path, f->key, out);
		return;
	case K_TEXT:
	case K_URL:
		if (s && !*s) {
			report(ev, path, "is empty: leave the key out when there is nothing to say");
			return;
		}
		ok = s && (f->kind == K_TEXT || ((!strncmp(s, "https://", 8) ||
						 !strncmp(s, "http://", 7)) && !strpbrk(s, " \t\r\n")));
		if (ok)
			tval_set_str(out, f->key, s);
		break;
	case K_DATE:
		if ((ok = s && iso_date(s, &y, &m, &d) == 0)) {
			tval_set_str(out, f->key, s);
			set_date_text(out, f->key, y, m, d);
		}
		break;
	case K_YEAR:
		if ((ok = s && financial_year(s) >= 0))
			tval_set_str(out, f->key, s);
		break;
	case K_BOOL:
		if ((ok = jnode_boolean(v, &b) == 0)) {
			snprintf(w, sizeof(w), "%s_%s", f->key, b ? "yes" : "no");
			tval_set_str(out, f->key, b ? "yes" : "no");
			tval_set_bool(out, w, 1);
		}
		break;
	case K_STATUS:
		for (i = 0; s && i < COUNT(statuses) && strcmp(s, statuses[i]); i++)
			;
		if ((ok = s && i < COUNT(statuses))) {
			tval_set_str(out, f->key, s);
			snprintf(w, sizeof(w), "status_%s", s);
			w[strcspn(w, " ")] = '_';
			tval_set_bool(out, w, 1);
		}
		break;
	case K_REFERRALS:
		if (!jnode_is_object(v))
			report(ev, path, "is not %s: referrals are counts only, never names or "
			       "victim details", expected[K_REFERRALS]);
		else
			read_referrals(ev, v, path, f, tval_set_object(out, f->key));
		return;
	case K_METRICS:
		for (i = 0; i < COUNT(metric_fields) && metric_fields[i].cid < cid; i++)
			;
		for (n = 0; i + n < COUNT(metric_fields) && metric_fields[i + n].cid == cid; n++)
			;
		fields = metric_fields + i;
		/* fall through */
	case K_OBJECT:
		if ((ok = jnode_is_object(v)))
			read_object(ev, v, path, fields, n, cid, tval_set_object(out, f->key));
		break;
	case K_LIST:
		if (!(ok = jnode_is_array(v)))
			break;
		child = tval_set_list(out, f->key);
		for (i = 0; i < jnode_array_size(v); i++) {
			const struct jnode *item = jnode_array_at(v, i);

			snprintf(sub, sizeof(sub), "%.480s/%zu", path, i);
			if (!jnode_is_object(item))
				report(ev, sub, "%s is not %s", describe(ev, item, sub, w, sizeof(w)),
				       expected[K_OBJECT]);
			else
				read_object(ev, item, sub, f->sub, f->nsub, cid,
					    tval_append_object(child));
		}
		break;
	case K_COMMITMENTS:
		if ((ok = jnode_is_object(v)))
			read_commitments(ev, v, path, out);
		break;
	}
	if (!ok)
		report(ev, path, "%s is not %s", describe(ev, v, path, w, sizeof(w)),
		       expected[f->kind]);
}

/* The fields of obj, in the order of the file; unknown and missing keys are problems. */
static void read_object(struct ev *ev, const struct jnode *obj, const char *path,
			const struct field *fields, size_t nf, int cid, struct tval *out)
{
	char sub[PATH_MAX_LEN];
	const struct jnode *v;
	const char *key;
	void *iter = NULL;
	size_t i;

	while (jnode_object_next(obj, &iter, &key, &v)) {
		subpath(sub, path, key);
		for (i = 0; i < nf && strcmp(fields[i].key, key); i++)
			;
		if (i < nf)
			read_value(ev, &fields[i], v, sub, cid, out);
		else
			unknown_key(ev, sub, key, fields, nf);
	}
	for (i = 0; i < nf; i++)
		if (fields[i].required && !jnode_get(obj, fields[i].key))
			report(ev, subpath(sub, path, fields[i].key), "is missing");
}

/* ---- commitments -------------------------------------------------------- */

static int good_count(const struct jnode *obj, const char *key, long long *n)
{
	return jnode_integer(jnode_get(obj, key), n) == 0 && *n >= 0;
}

/* Checks across the figures of commitment cid, and the values they give. */
static void derive(struct ev *ev, const struct jnode *metrics, const char *path, int cid,
		   struct tval *m)
{
	char sub[PATH_MAX_LEN];
	long long a, b, total = 0;
	size_t i;

	for (i = 0; i < COUNT(parts); i++) {
		if (parts[i].cid != cid || !good_count(metrics, parts[i].part, &a) ||
		    !good_count(metrics, parts[i].whole, &b))
			continue;
		if (a > b)
			report(ev, subpath(sub, path, parts[i].part),
			       "%lld is more than the %s of %lld", a, parts[i].whole, b);
		else if (parts[i].pct && b > 0)      /* a whole percent, half up */
			tval_set_int(m, parts[i].pct, b <= LLONG_MAX / 201 ? (a * 200 + b) / (b * 2) :
				     (long long)((double)a * 100.0 / (double)b + 0.5));
	}
	for (i = 0; cid == 8 && i < COUNT(referral_fields); i++) {
		if (!good_count(jnode_get(metrics, "referrals"), referral_fields[i].key, &a) ||
		    a > LLONG_MAX - total)
			return;
		total += a;
	}
	if (cid == 8)
		tval_set_int(m, "referrals_total", total);
}

/* "done" split at blank lines, each paragraph trimmed. */
static void paragraphs(const char *s, struct tval *c)
{
	struct tval *list = tval_set_list(c, "done_paragraphs");
	const char *end;
	char *para;
	size_t n;

	while (*(s += strspn(s, " \t\r\n"))) {
		for (end = s; *end && !(*end == '\n' && end[1 + strspn(end + 1, " \t\r")] == '\n');
		     end++)
			;
		for (n = (size_t)(end - s); n && strchr(" \t\r\n", s[n - 1]); n--)
			;
		para = xstrndup(s, n);
		tval_append_str(list, para);
		free(para);
		s = end;
	}
}

static void read_commitment(struct ev *ev, const struct jnode *v, int cid, const char *path,
			    struct tval *c)
{
	const struct jnode *metrics = jnode_get(v, "metrics"), *val;
	const char *done = jnode_string(jnode_get(v, "done")), *key;
	struct tval *m;
	char sub[PATH_MAX_LEN];
	void *iter = NULL;

	snprintf(sub, sizeof(sub), "C%d", cid + 1);
	tval_set_str(c, "id", sub);
	if (v && !jnode_is_object(v))
		report(ev, path, "%s is not an object: write it as { \"done\": \"...\", "
		       "\"status\": \"...\" }", describe(ev, v, path, sub, sizeof(sub)));
	else if (v)
		read_object(ev, v, path, commitment_fields, COUNT(commitment_fields), cid, c);
	if (!(m = tval_get(c, "metrics")))
		m = tval_set_object(c, "metrics");
	if (jnode_is_object(metrics))
		derive(ev, metrics, subpath(sub, path, "metrics"), cid, m);
	if (done)
		paragraphs(done, c);
	tval_set_bool(c, "supplied", (done && *done) || jnode_get(v, "status") ||
		      jnode_array_size(jnode_get(v, "actions")) ||
		      jnode_object_next(metrics, &iter, &key, &val));
}

/* C1..C10, each always in the tree; v NULL when the file has no commitments. */
static void read_commitments(struct ev *ev, const struct jnode *v, const char *path,
			     struct tval *out)
{
	struct tval *by_id = tval_set_object(out, "commitments");
	char sub[PATH_MAX_LEN], id[16];
	const struct jnode *c;
	const char *key, *p;
	void *iter = NULL;
	int i;

	while (jnode_object_next(v, &iter, &key, &c)) {
		for (i = 0, p = *key ? key + 1 : key; (*key == 'C' || *key == 'c') && *p >= '0' && *p <= '9' &&
		     i <= NCOMMITMENTS; p++)
			i = i * 10 + (*p - '0');
		snprintf(id, sizeof(id), "C%d", i);
		if (*key && !*p && i >= 1 && i <= NCOMMITMENTS && !strcmp(id, key))
			continue;
		if (*key && !*p && i >= 1 && i <= NCOMMITMENTS)         /* "c1", "C01" */
			report(ev, subpath(sub, path, key), "unknown commitment '%s' (did you mean "
			       "'%s'?)", key, id);
		else
			report(ev, subpath(sub, path, key), "unknown commitment '%s': the Charter's "
			       "commitments are C1 to C10", key);
	}
	for (i = 0; i < NCOMMITMENTS; i++) {
		snprintf(id, sizeof(id), "C%d", i + 1);
		read_commitment(ev, jnode_get(v, id), i, subpath(sub, path, id),
				tval_set_object(by_id, id));
	}
}

/* ---- the file ------------------------------------------------------------ */

static void read_all(struct ev *ev, const struct jnode *root, struct tval *out)
{
	const struct jnode *schema = jnode_get(root, "schema"), *reports;
	const char *year, *s;
	char w[80], sub[PATH_MAX_LEN];
	int from;
	size_t i;

	if (!jnode_is_object(root)) {
		report(ev, "", "%s is not an object: the file should start { \"schema\": \"%s\"",
		       describe(ev, root, "", w, sizeof(w)), EVIDENCE_SCHEMA);
		return;
	}
	if (!schema) {
		report(ev, "/schema", "is missing: the file should start { \"schema\": \"%s\"",
		       EVIDENCE_SCHEMA);
	} else if (!jnode_string(schema) || strcmp(jnode_string(schema), EVIDENCE_SCHEMA)) {
		report(ev, "/schema", "%s is not %s: this is not an evidence file chainwatch can "
		       "read", describe(ev, schema, "/schema", w, sizeof(w)), expected[K_SCHEMA]);
		return;         /* another schema's keys would all be "unknown" */
	}
	read_object(ev, root, "", top_fields, COUNT(top_fields), -1, out);
	if (!jnode_is_object(jnode_get(root, "commitments")))
		read_commitments(ev, NULL, "/commitments", out);
	year = jnode_string(jnode_get(root, "year"));
	if (!year || (from = financial_year(year)) < 0)
		return;
	set_date_text(out, "year_from", from, 4, 1);
	set_date_text(out, "year_to", from + 1, 3, 31);
	reports = jnode_get(root, "previous_reports");
	for (i = 0; i < jnode_array_size(reports); i++) {
		s = jnode_string(jnode_get(jnode_array_at(reports, i), "year"));
		snprintf(sub, sizeof(sub), "/previous_reports/%zu/year", i);
		if (s && financial_year(s) >= from)
			report(ev, sub, "'%s' is not before this report's year %s", s, year);
	}
}

/* Read path into b; -1 when it cannot be read or is too large. */
static int read_path(const char *path, struct buf *b, struct diag *err)
{
	char chunk[8192];
	FILE *fp = fopen(path, "rb");
	size_t r;
	int ret = -1;

	if (!fp) {
		diag_set(err, CW_INPUT, "cannot open '%s': %s", path, strerror(errno));
		goto out;
	}
	while ((r = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		if (buf_add(b, chunk, r) < 0) {
			diag_set(err, CW_INPUT, "'%s' is larger than %zu bytes: an evidence file is "
				 "a few pages of text", path, EVIDENCE_FILE_MAX);
			goto out;
		}
	if (ferror(fp)) {
		diag_set(err, CW_INPUT, "cannot read '%s': %s", path, strerror(errno));
		goto out;
	}
	ret = 0;
out:
	if (fp)
		fclose(fp);
	return ret;
}

/* Point ev at the text in b (BOM skipped) and parse it; a problem is reported, never -1. */
static void parse(struct ev *ev, const char *name, const struct buf *b, struct jdoc **doc)
{
	struct diag perr;

	ev->file = name;
	ev->text = b->s;
	ev->len = b->len;
	if (ev->len >= 3 && !memcmp(ev->text, "\xEF\xBB\xBF", 3)) {   /* a byte order mark */
		ev->text += 3;
		ev->len -= 3;
	}
	diag_init(&perr);
	if (strspn(ev->text, " \t\r\n") == ev->len) {
		report(ev, "", "the file is empty: it should hold one object, starting "
		       "{ \"schema\": \"%s\"", EVIDENCE_SCHEMA);
	} else if (jdoc_load_text(ev->text, ev->len, name, doc, &perr) < 0) {
		ev->count = 1;
		memcpy(ev->first, perr.msg, sizeof(ev->first));
		if (ev->problem)
			ev->problem(ev->ctx, perr.msg);
	}
}

/*
 * Check the text of `name`, from the file at that path (p NULL) or the n
 * bytes at p, into a scratch tree; then, given out and no problem, build out.
 */
static long run(const char *name, const char *p, size_t n,
		void (*problem)(void *ctx, const char *msg), void *ctx, struct tval *out,
		struct diag *err)
{
	struct ev ev;
	struct jdoc *doc = NULL;
	struct tval *scratch = NULL;
	struct buf text;
	long ret = -1;

	memset(&ev, 0, sizeof(ev));
	ev.problem = problem;
	ev.ctx = ctx;
	buf_init(&text, EVIDENCE_FILE_MAX);
	if (!p && read_path(name, &text, err) < 0)
		goto out;
	if (p && buf_add(&text, p, n) < 0) {
		diag_set(err, CW_INPUT, "'%s' is larger than %zu bytes: an evidence file is "
			 "a few pages of text", name, EVIDENCE_FILE_MAX);
		goto out;
	}
	parse(&ev, name, &text, &doc);
	if (doc) {
		scratch = tval_object();
		read_all(&ev, jdoc_root(doc), scratch);
	}
	if (out && ev.count == 1)
		diag_set(err, CW_INPUT, "%s", ev.first);
	else if (out && ev.count > 1)
		diag_set(err, CW_INPUT, "%s (and %ld more problem%s)", ev.first, ev.count - 1,
			 ev.count == 2 ? "" : "s");
	if (out && !ev.count) {
		ev.mute = 1;
		read_all(&ev, jdoc_root(doc), out);
	}
	ret = ev.count;
out:
	tval_free(scratch);
	jdoc_free(doc);
	buf_release(&text);
	return ret;
}

int evidence_load(const char *path, struct tval *out, struct diag *err)
{
	if (!out)
		BUG("evidence_load without a tree to fill");
	return run(path, NULL, 0, NULL, NULL, out, err) == 0 ? 0 : -1;
}

int evidence_load_mem(const char *p, size_t n, const char *name, struct tval *out,
		      struct diag *err)
{
	if (!out || !p)
		BUG("evidence_load_mem without text or a tree to fill");
	return run(name, p, n, NULL, NULL, out, err) == 0 ? 0 : -1;
}

long evidence_check(const char *path, void (*problem)(void *ctx, const char *msg), void *ctx,
		    struct diag *err)
{
	return run(path, NULL, 0, problem, ctx, NULL, err);
}

long evidence_check_mem(const char *p, size_t n, const char *name,
			void (*problem)(void *ctx, const char *msg), void *ctx, struct diag *err)
{
	if (!p)
		BUG("evidence_check_mem without text");
	return run(name, p, n, problem, ctx, NULL, err);
}
