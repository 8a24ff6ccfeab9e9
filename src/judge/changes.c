/*
 * changes.c: what changed since the previous run of the same council
 * (changes.h): the change list, its counts and changes.csv.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chainwatch/amount.h"
#include "chainwatch/buf.h"
#include "chainwatch/changes.h"
#include "chainwatch/flags.h"
#include "chainwatch/xalloc.h"

static const struct {
	const char *name, *label, *title;
	int direction;
} kinds[CHANGE__COUNT] = {
	[CHANGE_NEW_SUPPLIER] = { "new_supplier", "New suppliers", "New supplier", 0 },
	[CHANGE_SUPPLIER_GONE] = { "supplier_gone", "Suppliers gone", "Supplier gone", 0 },
	[CHANGE_TIER_UP] = { "tier_up", "Tier up", "Tier up", 1 },
	[CHANGE_TIER_DOWN] = { "tier_down", "Tier down", "Tier down", -1 },
	[CHANGE_FLAG_NEW] = { "flag_new", "New flags", "New flag", 1 },
	[CHANGE_FLAG_RESOLVED] = { "flag_resolved", "Flags resolved", "Flag resolved", -1 },
	[CHANGE_FLAG_REOPENED] = { "flag_reopened", "Flags reopened", "Flag reopened", 1 },
	[CHANGE_STATEMENT_LAPSED] = { "statement_lapsed", "Statements lapsed",
				      "Statement lapsed", 1 },
	[CHANGE_STATEMENT_APPEARED] = { "statement_appeared", "Statements appeared",
					"Statement appeared", -1 },
	[CHANGE_HIGH_RISK_SPEND_NEW] = { "high_risk_spend_new", "New spend in high-risk sectors",
					 "New high-risk spend", 1 },
};

const char *change_kind_name(enum change_kind k)
{
	return (unsigned)k < CHANGE__COUNT ? kinds[k].name : "";
}

const char *change_kind_label(enum change_kind k)
{
	return (unsigned)k < CHANGE__COUNT ? kinds[k].label : "";
}

const char *change_kind_title(enum change_kind k)
{
	return (unsigned)k < CHANGE__COUNT ? kinds[k].title : "";
}

int change_kind_direction(enum change_kind k)
{
	return (unsigned)k < CHANGE__COUNT ? kinds[k].direction : 0;
}

/* Grey < Low < Medium < High, as flags.c ranks evidence. */
static int tier_rank(enum tier t)
{
	return t == TIER_HIGH ? 3 : t == TIER_MEDIUM ? 2 : t == TIER_LOW ? 1 : 0;
}

/* The changes being collected, one list per kind, joined at the end. */
struct collect {
	const struct scan_report *r;
	const struct previous_run *prev;
	struct change *kind[CHANGE__COUNT];
	size_t n[CHANGE__COUNT], cap[CHANGE__COUNT];
	struct buf before, after, text, scratch;
	char money[48], money2[48];
};

/* A change of kind k with the texts in c->before, c->after and c->text. */
static struct change *add(struct collect *c, enum change_kind k, const char *key, const char *name)
{
	struct change *ch;

	if (c->n[k] == c->cap[k]) {
		c->cap[k] = c->cap[k] ? 2 * c->cap[k] : 16;
		c->kind[k] = xreallocarray(c->kind[k], c->cap[k], sizeof(*c->kind[k]));
	}
	ch = &c->kind[k][c->n[k]++];
	memset(ch, 0, sizeof(*ch));
	ch->kind = k;
	ch->supplier_key = xstrdup(key ? key : "");
	ch->supplier_name = xstrdup(name ? name : "");
	ch->flag_id = xstrdup("");
	ch->before = xstrdup(c->before.s);
	ch->after = xstrdup(c->after.s);
	ch->description = xstrdup(c->text.s);
	buf_reset(&c->before);
	buf_reset(&c->after);
	buf_reset(&c->text);
	return ch;
}

static const char *gbp(int64_t pence, char out[48])
{
	return amount_format_gbp(pence, out);
}

static void supplier_new(struct collect *c, const struct supplier *s, const struct assessment *a)
{
	struct change *ch;

	buf_adds(&c->after, gbp(s->spend_pence, c->money));
	buf_printf(&c->text, "New since %s: %s paid this period", c->prev->period, c->money);
	if (a)
		buf_printf(&c->text, ", tier %s (risk score %d)", tier_name(a->tier), a->score);
	buf_adds(&c->text, ".");
	ch = add(c, CHANGE_NEW_SUPPLIER, s->key, s->name);
	ch->spend_after = s->spend_pence;
	ch->in_after = 1;
	ch->after_is_spend = 1;
}

static void tier_moved(struct collect *c, const struct supplier *s, const struct assessment *a,
		       const struct previous_supplier *ps)
{
	int up = tier_rank(a->tier) > tier_rank(ps->tier);
	struct change *ch;

	if (tier_rank(a->tier) == tier_rank(ps->tier))
		return;
	buf_adds(&c->before, tier_name(ps->tier));
	buf_adds(&c->after, tier_name(a->tier));
	buf_printf(&c->text, "Tier %s from %s to %s since %s (risk score %d to %d).",
		   up ? "rose" : "fell", tier_name(ps->tier), tier_name(a->tier), c->prev->period,
		   ps->score, a->score);
	ch = add(c, up ? CHANGE_TIER_UP : CHANGE_TIER_DOWN, s->key, s->name);
	ch->spend_before = ps->spend_pence;
	ch->spend_after = s->spend_pence;
	ch->in_before = ch->in_after = 1;
}

static void statement_moved(struct collect *c, const struct supplier *s,
			    const struct assessment *a, const struct previous_supplier *ps)
{
	enum statement_status now = a->statement.status, then = ps->statement;
	enum change_kind k;
	struct change *ch;

	if (now == STATEMENT_NOT_CHECKED || then == STATEMENT_NOT_CHECKED)
		return;
	if (then == STATEMENT_CURRENT && (now == STATEMENT_STALE || now == STATEMENT_NOT_FOUND)) {
		k = CHANGE_STATEMENT_LAPSED;
		buf_printf(&c->text, "Statement lapsed: a current modern slavery statement was found "
			   "on the registry in %s; now %s - indicator for review.", c->prev->period,
			   now == STATEMENT_STALE ? "the latest is stale" : "none is found");
	} else if (now == STATEMENT_CURRENT && (then == STATEMENT_STALE ||
		   then == STATEMENT_NOT_FOUND || then == STATEMENT_AMBIGUOUS)) {
		k = CHANGE_STATEMENT_APPEARED;
		buf_adds(&c->text, "A current modern slavery statement");
		if (a->statement.row)
			buf_printf(&c->text, " (%d)", a->statement.row->year);
		buf_printf(&c->text, " is now found on the registry; in %s the status was '%s'.",
			   c->prev->period, statement_status_name(then));
	} else {
		return;
	}
	buf_adds(&c->before, statement_status_name(then));
	buf_adds(&c->after, statement_status_name(now));
	ch = add(c, k, s->key, s->name);
	ch->spend_before = ps->spend_pence;
	ch->spend_after = s->spend_pence;
	ch->in_before = ch->in_after = 1;
}

/* Spend this period in a high-risk sector that the previous run did not have. */
static void high_risk_spend(struct collect *c, const struct supplier *s,
			    const struct assessment *a, const struct previous_supplier *ps)
{
	const struct sector *sec = a->sector.sector, *was = NULL;
	struct change *ch;

	if (!sec || sec->score < CHANGES_HIGH_RISK_SECTOR || s->spend_pence <= 0)
		return;
	if (ps && ps->spend_pence > 0) {
		/* paid then too: only a move from a sector known not to be high-risk */
		if (!ps->assessed || !strcmp(ps->sector_id, sec->id))
			return;
		if (*ps->sector_id && c->r->reference)
			was = sector_by_id(c->r->reference, ps->sector_id);
		if (was && was->score >= CHANGES_HIGH_RISK_SECTOR)
			return;
	}
	gbp(s->spend_pence, c->money);
	buf_printf(&c->text, "New spend in a high-risk sector: %s in %s (sector score %d); ",
		   c->money, sec->label, sec->score);
	if (!ps || ps->spend_pence <= 0) {
		buf_adds(&c->before, ps ? gbp(ps->spend_pence, c->money2) : "not paid");
		buf_adds(&c->after, c->money);
		buf_printf(&c->text, "no spend in %s.", c->prev->period);
	} else {
		buf_adds(&c->before, was ? was->label : *ps->sector_id ? ps->sector_id :
			 "not classified");
		buf_adds(&c->after, sec->label);
		if (was)
			buf_printf(&c->text, "in %s the supplier was in %s (sector score %d).",
				   c->prev->period, was->label, was->score);
		else
			buf_printf(&c->text, "in %s the supplier was %s.", c->prev->period,
				   *ps->sector_id ? ps->sector_id : "not classified");
	}
	ch = add(c, CHANGE_HIGH_RISK_SPEND_NEW, s->key, s->name);
	ch->spend_before = ps ? ps->spend_pence : 0;
	ch->in_before = ps != NULL;
	ch->spend_after = s->spend_pence;
	ch->in_after = 1;
	if (!ps || ps->spend_pence <= 0) {         /* the texts are the amounts */
		ch->before_is_spend = ps != NULL;
		ch->after_is_spend = 1;
	}
}

static void flag_raised(struct collect *c, const struct flag *f)
{
	const struct previous_flag *pf = previous_run_flag(c->prev, f->id);
	const char *kind = flag_kind_name(f->kind);
	const char *summary = flag_summary(f, &c->scratch);
	struct change *ch;
	enum change_kind k;

	if (f->reopened && *f->reopened) {
		k = CHANGE_FLAG_REOPENED;
		buf_printf(&c->before, "%s (cleared)", kind);
		buf_printf(&c->after, "%s (reopened)", kind);
		buf_printf(&c->text, "Cleared flag reopened: %s. %s", f->reopened, summary);
	} else if (!pf) {
		k = CHANGE_FLAG_NEW;
		buf_adds(&c->before, "not raised");
		buf_printf(&c->after, "%s (%s)", kind, f->severity ? f->severity : "");
		if (f->first_seen[0] && strncmp(f->first_seen, c->r->run.period, 7) < 0)
			buf_printf(&c->text, "Flag raised again (first seen %s, not raised in %s): %s",
				   f->first_seen, c->prev->period, summary);
		else
			buf_printf(&c->text, "New flag: %s", summary);
	} else {
		return;
	}
	ch = add(c, k, f->supplier ? f->supplier->key : "", f->supplier ? f->supplier->name : "");
	free(ch->flag_id);
	ch->flag_id = xstrdup(f->id);
	if (f->supplier) {
		const struct previous_supplier *ps = previous_run_supplier(c->prev, f->supplier->key);

		ch->spend_before = ps ? ps->spend_pence : 0;
		ch->in_before = ps != NULL;
		ch->spend_after = f->supplier->spend_pence;
		ch->in_after = 1;
	}
}

static void flag_resolved(struct collect *c, const struct previous_flag *pf,
			  const struct previous_supplier *ps, const struct supplier *now)
{
	struct change *ch;

	buf_printf(&c->before, "%s (%s)", pf->kind, pf->severity);
	buf_adds(&c->after, "not raised");
	buf_printf(&c->text, "Flag no longer raised (raised in %s, review status '%s'): %s",
		   c->prev->period, pf->review_status, pf->summary);
	ch = add(c, CHANGE_FLAG_RESOLVED, pf->supplier_key, now->name);
	free(ch->flag_id);
	ch->flag_id = xstrdup(pf->id);
	ch->spend_before = ps ? ps->spend_pence : 0;
	ch->in_before = ps != NULL;
	ch->spend_after = now->spend_pence;
	ch->in_after = 1;
}

static void supplier_gone(struct collect *c, const struct previous_supplier *ps, size_t nflags)
{
	struct change *ch;

	buf_adds(&c->before, gbp(ps->spend_pence, c->money));
	buf_printf(&c->text, "Paid %s in %s", c->money, c->prev->period);
	if (ps->assessed)
		buf_printf(&c->text, " (tier %s)", tier_name(ps->tier));
	buf_adds(&c->text, ", nothing this period");
	if (nflags)
		buf_printf(&c->text, "; its %zu flag%s then %s not counted as resolved", nflags,
			   nflags == 1 ? "" : "s", nflags == 1 ? "is" : "are");
	buf_adds(&c->text, ".");
	ch = add(c, CHANGE_SUPPLIER_GONE, ps->key, ps->name);
	ch->spend_before = ps->spend_pence;
	ch->in_before = 1;
	ch->before_is_spend = 1;
}

/* Current suppliers and flags, sorted for lookup by key / id. */
struct keyed {
	const char *key;
	size_t i;               /* into the report's suppliers */
};

static int by_key(const void *x, const void *y)
{
	return strcmp(((const struct keyed *)x)->key, ((const struct keyed *)y)->key);
}

static int key_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct keyed *)elem)->key);
}

static int by_id(const void *x, const void *y)
{
	return strcmp((*(const struct flag *const *)x)->id, (*(const struct flag *const *)y)->id);
}

static int id_cmp(const void *key, const void *elem)
{
	return strcmp(key, (*(const struct flag *const *)elem)->id);
}

/* Gone suppliers: most previous spend first, then key. */
static int gone_order(const void *x, const void *y)
{
	const struct change *a = x, *b = y;

	if (a->spend_before != b->spend_before)
		return a->spend_before > b->spend_before ? -1 : 1;
	return strcmp(a->supplier_key, b->supplier_key);
}

/*
 * Whether the flag's absence now means it is no longer raised: a run
 * without a risk model raises none, one without a registry no statement
 * flags, one without bids no tender flags.
 */
static int could_raise(const struct scan_report *r, size_t i, const char *kind)
{
	if (!r->assessments)
		return 0;
	if (!strcmp(kind, flag_kind_name(FLAG_NO_STATEMENT)) ||
	    !strcmp(kind, flag_kind_name(FLAG_STATEMENT_STALE)) ||
	    !strcmp(kind, flag_kind_name(FLAG_STATEMENT_INCOMPLETE)))
		return r->assessments[i].statement.status != STATEMENT_NOT_CHECKED;
	if (!strcmp(kind, flag_kind_name(FLAG_TENDER)))
		return r->ntenders > 0;
	return 1;
}

static void compare(struct collect *c)
{
	const struct scan_report *r = c->r;
	const struct previous_run *p = c->prev;
	struct keyed *keys = xcalloc(r->nsuppliers + 1, sizeof(*keys));
	const struct flag **ids = xcalloc(r->nflags + 1, sizeof(*ids));
	size_t *gone_flags = xcalloc(p->nsuppliers + 1, sizeof(*gone_flags));
	size_t i;

	for (i = 0; i < r->nsuppliers; i++)
		keys[i] = (struct keyed){ r->suppliers[i]->key, i };
	qsort(keys, r->nsuppliers, sizeof(*keys), by_key);
	for (i = 0; i < r->nflags; i++)
		ids[i] = &r->flags[i];
	qsort(ids, r->nflags, sizeof(*ids), by_id);

	for (i = 0; i < r->nsuppliers; i++) {
		const struct supplier *s = r->suppliers[i];
		const struct assessment *a = r->assessments ? &r->assessments[i] : NULL;
		const struct previous_supplier *ps = previous_run_supplier(p, s->key);

		if (!ps)
			supplier_new(c, s, a);
		if (ps && a && ps->assessed)
			tier_moved(c, s, a, ps);
		if (ps && a)
			statement_moved(c, s, a, ps);
		if (a)
			high_risk_spend(c, s, a, ps);
	}
	for (i = 0; i < r->nflags; i++)
		flag_raised(c, &r->flags[i]);
	for (i = 0; i < p->nflags; i++) {
		const struct previous_flag *pf = &p->flags[i];
		const struct previous_supplier *ps = previous_run_supplier(p, pf->supplier_key);
		const struct keyed *now = bsearch(pf->supplier_key, keys, r->nsuppliers,
						  sizeof(*keys), key_cmp);

		if (bsearch(pf->id, ids, r->nflags, sizeof(*ids), id_cmp))
			continue;
		if (now && could_raise(r, now->i, pf->kind))
			flag_resolved(c, pf, ps, r->suppliers[now->i]);
		else if (!now && ps)
			gone_flags[ps - p->suppliers]++;
	}
	for (i = 0; i < p->nsuppliers; i++)
		if (!bsearch(p->suppliers[i].key, keys, r->nsuppliers, sizeof(*keys), key_cmp))
			supplier_gone(c, &p->suppliers[i], gone_flags[i]);
	if (c->n[CHANGE_SUPPLIER_GONE])
		qsort(c->kind[CHANGE_SUPPLIER_GONE], c->n[CHANGE_SUPPLIER_GONE],
		      sizeof(struct change), gone_order);
	free(keys);
	free(ids);
	free(gone_flags);
}

struct change_list *changes_compute(const struct scan_report *r, const struct previous_run *prev)
{
	struct change_list *cl = xcalloc(1, sizeof(*cl));
	struct collect c;
	size_t k, total = 0;

	if (!prev) {
		cl->first_run = 1;
		return cl;
	}
	memset(&c, 0, sizeof(c));
	c.r = r;
	c.prev = prev;
	buf_init(&c.before, 0);
	buf_init(&c.after, 0);
	buf_init(&c.text, 0);
	buf_init(&c.scratch, 0);
	compare(&c);
	cl->previous_id = xstrdup(prev->id);
	cl->previous_period = xstrdup(prev->period);
	for (k = 0; k < CHANGE__COUNT; k++)
		total += c.n[k];
	cl->items = xcalloc(total + 1, sizeof(*cl->items));
	for (k = 0; k < CHANGE__COUNT; k++) {
		if (c.n[k])
			memcpy(cl->items + cl->n, c.kind[k], c.n[k] * sizeof(*cl->items));
		cl->n += c.n[k];
		cl->counts[k] = (unsigned long)c.n[k];
		free(c.kind[k]);
	}
	buf_release(&c.before);
	buf_release(&c.after);
	buf_release(&c.text);
	buf_release(&c.scratch);
	return cl;
}

void change_list_free(struct change_list *cl)
{
	size_t i;

	if (!cl)
		return;
	for (i = 0; i < cl->n; i++) {
		struct change *ch = &cl->items[i];

		free(ch->supplier_key);
		free(ch->supplier_name);
		free(ch->flag_id);
		free(ch->before);
		free(ch->after);
		free(ch->description);
	}
	free(cl->items);
	free(cl->previous_id);
	free(cl->previous_period);
	free(cl);
}

unsigned long changes_count(const struct change_list *cl, enum change_kind k)
{
	return cl && (unsigned)k < CHANGE__COUNT ? cl->counts[k] : 0;
}

void previous_run_free(struct previous_run *p)
{
	size_t i;

	if (!p)
		return;
	for (i = 0; i < p->nsuppliers; i++) {
		free(p->suppliers[i].key);
		free(p->suppliers[i].name);
		free(p->suppliers[i].sector_id);
	}
	for (i = 0; i < p->nflags; i++) {
		struct previous_flag *f = &p->flags[i];

		free(f->id);
		free(f->supplier_key);
		free(f->supplier_name);
		free(f->kind);
		free(f->severity);
		free(f->summary);
		free(f->review_status);
		free(f->first_seen);
		free(f->last_seen);
	}
	free(p->suppliers);
	free(p->flags);
	free(p->id);
	free(p->period);
	free(p);
}

static int supplier_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct previous_supplier *)elem)->key);
}

static int flag_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct previous_flag *)elem)->id);
}

const struct previous_supplier *previous_run_supplier(const struct previous_run *p,
						      const char *key)
{
	if (!p || !key || !p->nsuppliers)
		return NULL;
	return bsearch(key, p->suppliers, p->nsuppliers, sizeof(*p->suppliers), supplier_cmp);
}

const struct previous_flag *previous_run_flag(const struct previous_run *p, const char *id)
{
	if (!p || !id || !p->nflags)
		return NULL;
	return bsearch(id, p->flags, p->nflags, sizeof(*p->flags), flag_cmp);
}
