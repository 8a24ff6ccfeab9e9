/*
 * The rules across rows of sectors/wages.json (wages_data.h): dates in
 * order with no year missing, each table's end, bands present for the NLW
 * age of their row, younger bands never above older ones, no rate falling
 * from one row to the next, the Real Living Wage above the NLW it
 * follows and London above UK, and every tax year with both employer NICs
 * and a pension band.  Sets each row's `to` as it goes.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "chainwatch/date.h"
#include "chainwatch/wages.h"

#include "wages_data.h"

#define TAX_YEAR offsetof(struct employer_nic, tax_year)

/* tax_years() labels both kinds of tax-year row through one layout */
_Static_assert(offsetof(struct employer_nic, tax_year) == offsetof(struct pension_band, tax_year) &&
	       offsetof(struct employer_nic, to) == offsetof(struct pension_band, to),
	       "tax-year rows share their first members");

static int32_t day_before(int32_t ymd)
{
	int y = ymd / 10000, m = ymd / 100 % 100, d = ymd % 100 - 1;

	if (d < 1 && --m < 1)
		m = 12, y--;
	if (d < 1)
		for (d = 31; d > 28 && !date_valid(y, m, d); d--)
			;
	return (int32_t)(y * 10000 + m * 100 + d);
}

/* Row i's "to" is the day before row i+1's "from"; the last ends at `to`. */
static void ends(struct wcheck *ck, const char *path, char *rows, size_t n, size_t size,
		 int32_t to)
{
	char sub[PATH_LEN], a[11], b[11];
	int32_t from = 0, prev, end;
	size_t i;

	for (i = 0; i < n; i++) {     /* every table row starts with int32_t from, to */
		prev = from;
		memcpy(&from, rows + i * size, sizeof(from));
		end = from > prev ? day_before(from) : prev;
		if (i)
			memcpy(rows + (i - 1) * size + sizeof(int32_t), &end, sizeof(end));
	}
	if (!n)
		return;
	memcpy(rows + (n - 1) * size + sizeof(int32_t), &to, sizeof(to));
	snprintf(sub, sizeof(sub), "%s/covers_to", path);
	if (to && from && to < from)
		wcheck_problem(ck, sub, "%s is before the last rates, from %s",
			       date_format(to, a), date_format(from, b));
	else if (to && from && to >= from + 10000)
		wcheck_problem(ck, sub, "%s is a year or more after the last rates, from %s: "
			       "a year is missing", date_format(to, a), date_format(from, b));
}

static void order(struct wcheck *ck, const char *path, int32_t from, int32_t prev, int yearly)
{
	char a[11], b[11];

	if (!from || !prev)
		return;
	if (from <= prev)
		wcheck_problem(ck, path, "%s is out of order: not after %s",
			       date_format(from, a), date_format(prev, b));
	else if (yearly ? from / 10000 > prev / 10000 + 1 : from > prev + 10000)
		wcheck_problem(ck, path, "a year is missing between %s and %s",
			       date_format(prev, b), date_format(from, a));
	else if (yearly && from / 10000 == prev / 10000)
		wcheck_problem(ck, path, "two rates in %d", from / 10000);
}

static void not_lower(struct wcheck *ck, const char *path, int64_t v, int64_t prev, int32_t when)
{
	char a[32], b[32], c[11];

	if (v > 0 && prev > 0 && v < prev)
		wcheck_problem(ck, path, "%s is lower than %s from %s: a rate is out of order",
			       wcheck_fixed(v, 2, a), wcheck_fixed(prev, 2, b), date_format(when, c));
}

static void check_nmw(struct wcheck *ck, struct wages *w)
{
	static const char rows[] = "/minimum_wage/rates";
	char sub[PATH_LEN], a[32], b[32];
	size_t i;
	int k;

	for (i = 0; i < w->nnmw; i++) {
		const struct wage_rates *r = &w->nmw[i], *q = i ? r - 1 : NULL;
		int mid = r->nlw_age == 25 ? WAGE_21_24 : r->nlw_age == 23 ? WAGE_21_22 : -1;
		int chain[] = { WAGE_16_17, WAGE_18_20, mid, WAGE_NLW }, last = -1;

		if (r->nlw_age > 21 && mid < 0)
			wcheck_problem(ck, wcheck_cell(sub, rows, i, "nlw_age"),
				       "NLW age %d: the bands in this file fit 21, 23 or 25",
				       r->nlw_age);
		for (k = WAGE_21_24; k <= WAGE_21_22; k++) {
			wcheck_cell(sub, rows, i, wage_band_name(k));
			if (k == mid && r->rate[k] == -1)
				wcheck_problem(ck, sub, "is missing: the NLW starts at %d", r->nlw_age);
			else if (k != mid && r->rate[k] >= 0 && r->nlw_age > 0)
				wcheck_problem(ck, sub, "has no place when the NLW starts at %d",
					       r->nlw_age);
		}
		for (k = 0; k < 4; k++) {      /* younger bands never above older ones */
			if (chain[k] < 0 || r->rate[chain[k]] <= 0)
				continue;
			if (last >= 0 && r->rate[chain[k]] < r->rate[last]) {
				wcheck_cell(sub, rows, i, wage_band_name(chain[k]));
				wcheck_problem(ck, sub, "%s is below the %s rate %s",
					       wcheck_fixed(r->rate[chain[k]], 2, a),
					       wage_band_name(last), wcheck_fixed(r->rate[last], 2, b));
			}
			last = chain[k];
		}
		if (r->rate[WAGE_APPRENTICE] > r->rate[WAGE_NLW] && r->rate[WAGE_NLW] > 0)
			wcheck_problem(ck, wcheck_cell(sub, rows, i, "apprentice"), "is above the NLW");
		if (!q)
			continue;
		order(ck, wcheck_cell(sub, rows, i, "from"), r->from, q->from, 0);
		for (k = 0; k < WAGE__COUNT; k++)
			not_lower(ck, wcheck_cell(sub, rows, i, wage_band_name(k)), r->rate[k],
				  q->rate[k], q->from);
	}
	ends(ck, "/minimum_wage", (char *)w->nmw, w->nnmw, sizeof(*w->nmw), w->nmw_to);
}

static const void *find_row(const void *rows, size_t n, size_t size, int32_t date)
{
	size_t i;

	for (i = 0; i < n; i++) {
		int32_t span[2];

		memcpy(span, (const char *)rows + i * size, sizeof(span));
		if (span[0] <= date && date <= span[1])
			return (const char *)rows + i * size;
	}
	return NULL;
}

static void check_rlw(struct wcheck *ck, struct wages *w)
{
	static const char rows[] = "/living_wage/rates";
	char sub[PATH_LEN], a[32], b[32], c[11];
	size_t i;

	for (i = 0; i < w->nrlw; i++) {
		const struct living_wage *r = &w->rlw[i], *q = i ? r - 1 : NULL;
		const struct wage_rates *m = find_row(w->nmw, w->nnmw, sizeof(*m), r->from);

		wcheck_cell(sub, rows, i, "london");
		if (r->uk > 0 && r->london > 0 && r->london <= r->uk)
			wcheck_problem(ck, sub, "%s is not above the UK rate %s",
				       wcheck_fixed(r->london, 2, a), wcheck_fixed(r->uk, 2, b));
		wcheck_cell(sub, rows, i, "uk");
		if (m && r->uk > 0 && r->uk < m->rate[WAGE_NLW])
			wcheck_problem(ck, sub, "%s is below the NLW %s in force on %s",
				       wcheck_fixed(r->uk, 2, a), wcheck_fixed(m->rate[WAGE_NLW], 2, b),
				       date_format(r->from, c));
		if (!q)
			continue;
		not_lower(ck, sub, r->uk, q->uk, q->from);
		not_lower(ck, wcheck_cell(sub, rows, i, "london"), r->london, q->london, q->from);
		order(ck, wcheck_cell(sub, rows, i, "binding_from"), r->from, q->from, 1);
	}
	ends(ck, "/living_wage", (char *)w->rlw, w->nrlw, sizeof(*w->rlw), w->rlw_to);
}

/* Tax-year rows: consecutive years, each 6 April to 5 April, labelled. */
static void tax_years(struct wcheck *ck, const char *path, char *rows, size_t n, size_t size)
{
	char sub[PATH_LEN];
	int32_t from, prev = 0, to;
	size_t i;

	for (i = 0; i < n; i++, prev = from) {
		char *r = rows + i * size;

		memcpy(&from, r, sizeof(from));
		to = from ? from + 10000 - 1 : 0;
		memcpy(r + offsetof(struct employer_nic, to), &to, sizeof(to));
		snprintf(r + TAX_YEAR, 8, "%04u-%02u",
			 (unsigned)(from / 10000) % 10000u, (unsigned)(from / 10000 + 1) % 100u);
		wcheck_cell(sub, path, i, "tax_year");
		if (i && from && prev && from != prev + 10000)
			wcheck_problem(ck, sub, "%s does not follow %.7s: %s", r + TAX_YEAR,
				       rows + (i - 1) * size + TAX_YEAR,
				       from < prev + 10000 ? "out of order" : "a year is missing");
	}
}

static void check_tax(struct wcheck *ck, struct wages *w)
{
	char sub[PATH_LEN];
	size_t i;

	tax_years(ck, "/employer_nic/years", (char *)w->nic, w->nnic, sizeof(*w->nic));
	tax_years(ck, "/pension/years", (char *)w->pension, w->npension, sizeof(*w->pension));
	for (i = 0; i < w->nnic; i++) {
		const struct employer_nic *r = &w->nic[i];

		wcheck_cell(sub, "/employer_nic/years", i, "upper_secondary_threshold");
		if (r->upper_secondary_threshold >= 0 &&
		    r->upper_secondary_threshold < r->secondary_threshold)
			wcheck_problem(ck, sub, "is below the secondary threshold");
		wcheck_cell(sub, "/employer_nic/years", i, "tax_year");
		if (r->from && !find_row(w->pension, w->npension, sizeof(*w->pension), r->from))
			wcheck_problem(ck, sub, "%s has employer NICs but no pension band",
				       r->tax_year);
	}
	for (i = 0; i < w->npension; i++) {
		const struct pension_band *r = &w->pension[i];

		wcheck_cell(sub, "/pension/years", i, NULL);
		if (r->lower >= 0 && r->upper >= 0 &&
		    (r->lower >= r->upper || r->trigger < r->lower || r->trigger > r->upper))
			wcheck_problem(ck, sub, "needs lower < upper and the trigger between them");
		if (r->from && !find_row(w->nic, w->nnic, sizeof(*w->nic), r->from))
			wcheck_problem(ck, sub, "%s has a pension band but no employer NICs",
				       r->tax_year);
	}
}

void wages_check_tables(struct wcheck *ck, struct wages *w)
{
	if (w->holiday_weeks >= w->year_weeks && w->year_weeks > 0)
		wcheck_problem(ck, "/holiday/statutory_weeks", "is not less than the accrual year");
	check_nmw(ck, w);
	check_rlw(ck, w);
	check_tax(ck, w);
}
