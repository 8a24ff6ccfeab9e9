/*
 * charitymatch.c: a payee to a charity of the UK registers
 * (charitymatch.h): its number when the council gives one, else its name
 * through companymatch.c's matcher, fed by an adapter that turns each
 * charity a key finds into a company_hit (its org-id as the number, the
 * name that led there as the class).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "chainwatch/buf.h"
#include "chainwatch/charitymatch.h"
#include "chainwatch/identity.h"
#include "chainwatch/xalloc.h"

#define FIND_MAX 16                 /* charities read per key */
#define COMPANY_NUMBER_CONFIDENCE 0.95

/* Removed: a removal date, or (OSCR's, CCNI's) only the status says so. */
static int removed(const struct charity_info *c)
{
	return c->removed || !strcasecmp(c->status, "Removed");
}

struct adapter {
	const struct charity_source *src;
	struct charity_info found[FIND_MAX];
};

/* company_source.find: the charities a key finds, as hits; cross-border duplicates left out. */
static int adapter_find(void *ctx, const char *key, size_t max, struct company_hits *out,
			struct diag *err)
{
	struct adapter *a = ctx;
	long n, i;
	int ccew = 0;

	n = a->src->find(a->src->ctx, key, a->found, max < FIND_MAX ? max : FIND_MAX, err);
	if (n < 0)
		return -1;
	for (i = 0; i < n; i++)
		if (!removed(&a->found[i]) && !strcmp(a->found[i].scheme, "GB-CHC"))
			ccew = 1;
	for (i = 0; i < n; i++) {
		const struct charity_info *c = &a->found[i];
		struct company_hit *h;

		/* a Scottish entry of a charity registered in England and Wales too */
		if (ccew && c->cross_border)
			continue;
		if (out->n == out->cap) {
			out->cap = out->cap ? out->cap * 2 : 8;
			out->v = xreallocarray(out->v, out->cap, sizeof(*out->v));
		}
		h = &out->v[out->n++];
		memset(h, 0, sizeof(*h));
		snprintf(h->number, sizeof(h->number), "%.6s-%.8s", c->scheme, c->number);
		snprintf(h->name, sizeof(h->name), "%s", c->name);
		snprintf(h->key, sizeof(h->key), "%s", key);
		snprintf(h->status, sizeof(h->status), "%s", c->status);
		h->previous = (int)c->name_kind;
		h->active = !removed(c);
	}
	return 0;
}

static int adapter_keys(void *ctx, const char *prefix, size_t max, struct company_keys *out,
			struct diag *err)
{
	struct adapter *a = ctx;

	return a->src->keys ? a->src->keys(a->src->ctx, prefix, max, out, err) : 0;
}

/* The charity a hit's org-id names into *out: 1, 0 when gone, -1 on an error. */
static int info_of(const struct charity_source *src, const char *id, struct charity_info *out,
		   struct diag *err)
{
	char scheme[8];
	const char *dash = strrchr(id, '-');
	long n;

	if (!dash || (size_t)(dash - id) >= sizeof(scheme))
		return 0;
	memcpy(scheme, id, (size_t)(dash - id));
	scheme[dash - id] = '\0';
	n = src->find_number(src->ctx, scheme, dash + 1, out, 1, err);
	return n < 0 ? -1 : n > 0;
}

static void set_matched(struct charity_match *m, const struct charity_info *c, const char *method,
			double confidence)
{
	m->outcome = COMPANY_MATCHED;
	m->charity = *c;
	snprintf(m->method, sizeof(m->method), "%s", method);
	m->confidence = confidence;
	m->ncandidates = 0;
}

static void set_ambiguous(struct charity_match *m, const struct charity_info *v, size_t n)
{
	size_t i;

	m->outcome = COMPANY_AMBIGUOUS;
	m->method[0] = '\0';
	m->confidence = 0;
	m->ncandidates = 0;
	for (i = 0; i < n && m->ncandidates < CHARITY_MATCH_CANDIDATES; i++)
		m->candidates[m->ncandidates++] = v[i];
}

/* Whether the name key of a is the name key of b. */
static int same_key(const char *a, const char *b, struct buf *ka, struct buf *kb)
{
	buf_reset(ka);
	buf_reset(kb);
	if (name_key(a, strlen(a), ka) < 0 || name_key(b, strlen(b), kb) < 0 || !ka->len)
		return 0;
	return ka->len == kb->len && !memcmp(ka->s, kb->s, ka->len);
}

/* Step 1: the council's number.  1 decided (matched or ambiguous), 0 not, -1 error. */
static int by_number(const struct charity_source *src, const char *payee, const char *number,
		     struct charity_match *out, struct diag *err)
{
	struct charity_info found[CHARITY_MATCH_CANDIDATES];
	char scheme[8], num[16];
	struct buf ka, kb;
	long n, i, k = 0, named = 0, which = 0;

	if (!number || !*number || !src->find_number ||
	    charity_number_parse(number, strlen(number), scheme, num) < 0)
		return 0;
	if ((n = src->find_number(src->ctx, scheme, num, found, CHARITY_MATCH_CANDIDATES, err)) < 0)
		return -1;
	for (i = 0; i < n; i++)
		if (!removed(&found[i]))
			found[k++] = found[i];
	if (!k)
		return 0;
	if (k == 1) {
		set_matched(out, &found[0], "charity number", 1.0);
		return 1;
	}
	/* one number on two registers: the one whose name is the payee's */
	buf_init(&ka, 1 << 12);
	buf_init(&kb, 1 << 12);
	for (i = 0; payee && i < k; i++)
		if (same_key(payee, found[i].name, &ka, &kb))
			named++, which = i;
	buf_release(&ka);
	buf_release(&kb);
	if (named == 1)
		set_matched(out, &found[which], "charity number", 1.0);
	else
		set_ambiguous(out, found, (size_t)k);
	return 1;
}

/* Which of c's names led to the match m: c->name_kind and c->other_name.  0, or -1. */
static int other_name_of(struct adapter *a, const struct company_match *m,
			 struct charity_info *c, struct diag *err)
{
	char id[16];
	long n, i;

	c->name_kind = (enum charity_name_kind)m->company.previous;
	if (!m->company.previous)
		return 0;
	if ((n = a->src->find(a->src->ctx, m->company.key, a->found, FIND_MAX, err)) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		snprintf(id, sizeof(id), "%.6s-%.8s", a->found[i].scheme, a->found[i].number);
		if (!strcmp(id, m->company.number) && a->found[i].name_kind == c->name_kind) {
			memcpy(c->other_name, a->found[i].other_name, sizeof(c->other_name));
			break;
		}
	}
	return 0;
}

/* The method a name match gets, from the class of name that led to it. */
static const char *name_method(const struct company_match *m)
{
	if (!strcmp(m->method, "previous name"))
		return m->company.previous == CHARITY_NAME_PREVIOUS ? "other name (previous name)"
								    : "other name (working name)";
	return m->method;
}

int charity_match(const struct charity_source *src, const char *payee, const char *number,
		  const char *company_number, struct charity_match *out, struct diag *err)
{
	struct adapter *a = xcalloc(1, sizeof(*a));
	struct company_source cs = { adapter_find, adapter_keys, a };
	struct company_match m;
	struct charity_info c;
	size_t i, n = 0, with = 0, which = 0;
	int rc, ret = -1;

	memset(out, 0, sizeof(*out));
	a->src = src;
	if ((rc = by_number(src, payee, number, out, err)) != 0) {
		ret = rc < 0 ? -1 : 0;
		goto out;
	}
	if (!payee || !*payee || company_match_name(&cs, payee, &m, err) < 0) {
		ret = payee && *payee ? -1 : 0;
		goto out;
	}
	/* a payee that says it is a company is no charity a near spelling finds */
	if (!strcmp(m.method, "fuzzy") && company_name_has_legal_form(payee)) {
		ret = 0;
		goto out;
	}
	if (m.outcome == COMPANY_MATCHED) {
		if ((rc = info_of(src, m.company.number, &c, err)) < 0 ||
		    (rc && other_name_of(a, &m, &c, err) < 0))
			goto out;
		if (rc && !removed(&c))
			set_matched(out, &c, name_method(&m), m.confidence);
		ret = 0;
		goto out;
	}
	if (m.outcome != COMPANY_AMBIGUOUS) {
		ret = 0;
		goto out;
	}
	for (i = 0; i < m.ncandidates; i++) {
		if ((rc = info_of(src, m.candidates[i].number, &out->candidates[n], err)) < 0)
			goto out;
		if (!rc)
			continue;
		if (company_number && *company_number &&
		    !strcmp(out->candidates[n].company_number, company_number))
			with++, which = n;
		n++;
	}
	if (with == 1 && !removed(&out->candidates[which])) {
		c = out->candidates[which];
		set_matched(out, &c, "name and company number", COMPANY_NUMBER_CONFIDENCE);
	} else {
		out->outcome = COMPANY_AMBIGUOUS;
		out->ncandidates = n;
	}
	ret = 0;
out:
	if (ret < 0)
		memset(out, 0, sizeof(*out));
	free(a);
	return ret;
}
