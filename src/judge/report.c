/*
 * report.c: the run's totals, counted once after assessment for every
 * writer (report.h).
 */
#include <stdlib.h>
#include <string.h>

#include "chainwatch/report.h"
#include "chainwatch/xalloc.h"

/* The tally for `what` in t[0..*n), added when new. */
static struct report_tally *tally_of(struct report_tally **t, size_t *n, const void *what)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if ((*t)[i].what == what)
			return &(*t)[i];
	*t = xreallocarray(*t, *n + 1, sizeof(**t));
	memset(&(*t)[*n], 0, sizeof(**t));
	(*t)[*n].what = what;
	return &(*t)[(*n)++];
}

static void tally_add(struct report_tally *t, int64_t pence)
{
	t->suppliers++;
	t->spend_pence += pence;
}

static const char *sector_label(const void *what)
{
	return what ? ((const struct sector *)what)->label : REPORT_UNCLASSIFIED;
}

/* Spend first, then suppliers, then label. */
static int by_spend(const void *x, const void *y)
{
	const struct report_tally *a = x, *b = y;

	if (a->spend_pence != b->spend_pence)
		return a->spend_pence > b->spend_pence ? -1 : 1;
	if (a->suppliers != b->suppliers)
		return a->suppliers > b->suppliers ? -1 : 1;
	return strcmp(sector_label(a->what), sector_label(b->what));
}

/* Geography score first, then name. */
static int by_country_score(const void *x, const void *y)
{
	const struct country *a = ((const struct report_tally *)x)->what;
	const struct country *b = ((const struct report_tally *)y)->what;

	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	return strcmp(a->name, b->name);
}

void report_totals_compute(const struct scan_report *r, struct report_totals *out)
{
	size_t i;

	memset(out, 0, sizeof(*out));
	for (i = 0; r->assessments && i < r->nsuppliers; i++) {
		const struct assessment *a = &r->assessments[i];
		int64_t pence = r->suppliers[i]->spend_pence;

		if ((unsigned)a->tier <= TIER_GREY)
			tally_add(&out->by_tier[a->tier], pence);
		if ((unsigned)a->entity.type <= ENTITY_INDIVIDUAL)
			tally_add(&out->by_entity[a->entity.type], pence);
		if ((unsigned)a->statement.status <= STATEMENT_NOT_APPLICABLE)
			out->by_statement[a->statement.status]++;
		tally_add(tally_of(&out->sectors, &out->nsectors, a->sector.sector), pence);
		if (a->country)
			tally_add(tally_of(&out->countries, &out->ncountries, a->country), pence);
	}
	for (i = 0; r->assessments && i < r->nflags; i++) {
		const struct flag *f = &r->flags[i];
		unsigned t = f->assessment ? (unsigned)f->assessment->tier : TIER_GREY;

		if (t > TIER_GREY)
			t = TIER_GREY;
		out->flags_by_tier[t]++;
		if (!f->review_status[0] || !strcmp(f->review_status, "open"))
			out->open_flags_by_tier[t]++;
	}
	if (out->nsectors)
		qsort(out->sectors, out->nsectors, sizeof(*out->sectors), by_spend);
	if (out->ncountries)
		qsort(out->countries, out->ncountries, sizeof(*out->countries), by_country_score);
}

void report_totals_release(struct report_totals *t)
{
	if (!t)
		return;
	free(t->sectors);
	free(t->countries);
	memset(t, 0, sizeof(*t));
}
