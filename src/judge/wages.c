/*
 * The wage tables in use: lookups by date, the labour-cost floors L1, L2
 * and L3 of the methods reference §1.4.1 as pure functions of the loaded
 * tables, and the clarification request of §1.4.5.  Reading and checking
 * sectors/wages.json is in wagesfile.c.
 *
 * Arithmetic is in pence as doubles (hours are fractional); each reported
 * figure is rounded to the penny, half away from zero, once, and totals
 * are sums of the rounded parts so an evidence card adds up.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "chainwatch/date.h"
#include "chainwatch/wages.h"

#define HOURS_MAX 1e8           /* productive hours over a term: beyond this is not a bid */
#define PRICE_MAX 1000000000000000LL

static const char *const band_names[WAGE__COUNT] = {
	"nlw", "21-24", "21-22", "18-20", "16-17", "apprentice"
};

const char *wage_band_name(enum wage_band b)
{
	return (unsigned)b < WAGE__COUNT ? band_names[b] : "";
}

static double milli(int64_t v) { return (double)v / 1000.0; }

/* ---- lookups ----------------------------------------------------------- */

/* Each table row starts with int32_t from, to. */
static int find(const struct wages *w, const void *rows, size_t n, size_t size, int32_t date,
		const char *what, const void **out, struct diag *err)
{
	int32_t first[2] = { 0, 0 }, last[2] = { 0, 0 };
	char a[11], b[11], c[11];
	size_t i;

	if (date <= 0 || !date_valid(date / 10000, date / 100 % 100, date % 100))
		return diag_set(err, CW_INPUT, "no %s table for date %ld: not a date", what,
				(long)date);
	for (i = 0; i < n; i++) {
		int32_t span[2];

		memcpy(span, (const char *)rows + i * size, sizeof(span));
		if (span[0] <= date && date <= span[1]) {
			*out = (const char *)rows + i * size;
			return 0;
		}
	}
	if (!n)
		return diag_set(err, CW_INPUT, "no %s table for %s: %s has none", what,
				date_format(date, a), w->path);
	memcpy(first, rows, sizeof(first));
	memcpy(last, (const char *)rows + (n - 1) * size, sizeof(last));
	return diag_set(err, CW_INPUT, "no %s table for %s: %s covers %s to %s", what,
			date_format(date, a), w->path, date_format(first[0], b),
			date_format(last[1], c));
}

int wages_nmw_at(const struct wages *w, int32_t date, const struct wage_rates **out,
		 struct diag *err)
{
	return find(w, w->nmw, w->nnmw, sizeof(*w->nmw), date, "minimum wage",
		    (const void **)out, err);
}

int wages_rlw_at(const struct wages *w, int32_t date, const struct living_wage **out,
		 struct diag *err)
{
	return find(w, w->rlw, w->nrlw, sizeof(*w->rlw), date, "Real Living Wage",
		    (const void **)out, err);
}

int wages_nic_at(const struct wages *w, int32_t date, const struct employer_nic **out,
		 struct diag *err)
{
	return find(w, w->nic, w->nnic, sizeof(*w->nic), date, "employer NIC",
		    (const void **)out, err);
}

int wages_pension_at(const struct wages *w, int32_t date, const struct pension_band **out,
		     struct diag *err)
{
	return find(w, w->pension, w->npension, sizeof(*w->pension), date, "pension",
		    (const void **)out, err);
}

int wages_band_rate(const struct wages *w, int32_t date, enum wage_band band, int64_t *pence,
		    struct diag *err)
{
	const struct wage_rates *r;
	char a[11];

	if ((unsigned)band >= WAGE__COUNT)
		BUG("wage band %d", (int)band);
	if (wages_nmw_at(w, date, &r, err) < 0)
		return -1;
	if (r->rate[band] < 0)
		return diag_set(err, CW_INPUT, "no %s rate on %s: the NLW started at %d then",
				band_names[band], date_format(date, a), r->nlw_age);
	*pence = r->rate[band];
	return 0;
}

int wages_adult_rate(const struct wages *w, int32_t date, int64_t *pence, struct diag *err)
{
	return wages_band_rate(w, date, WAGE_NLW, pence, err);
}

int wages_age_rate(const struct wages *w, int32_t date, int age, int apprentice, int64_t *pence,
		   enum wage_band *band, struct diag *err)
{
	const struct wage_rates *r;
	enum wage_band b;

	if (age < 16)
		return diag_set(err, CW_INPUT, "no minimum wage below age 16 (age %d)", age);
	if (wages_nmw_at(w, date, &r, err) < 0)
		return -1;
	if (apprentice)
		b = WAGE_APPRENTICE;
	else if (age >= r->nlw_age)
		b = WAGE_NLW;
	else if (age >= 21)
		b = r->rate[WAGE_21_24] >= 0 ? WAGE_21_24 : WAGE_21_22;
	else
		b = age >= 18 ? WAGE_18_20 : WAGE_16_17;
	if (r->rate[b] < 0)
		BUG("wage table row without band %s", band_names[b]);
	*pence = r->rate[b];
	*band = b;
	return 0;
}

int wages_rlw_rate(const struct wages *w, int32_t date, int london, int64_t *pence,
		   struct diag *err)
{
	const struct living_wage *r;

	if (wages_rlw_at(w, date, &r, err) < 0)
		return -1;
	*pence = london ? r->london : r->uk;
	return 0;
}

double wages_holiday_uplift(const struct wages *w)
{
	return milli(w->holiday_weeks) / (milli(w->year_weeks) - milli(w->holiday_weeks));
}

double wages_worker_nic(const struct employer_nic *nic, enum wage_band band, double g)
{
	int64_t t = nic->secondary_threshold;

	if (band == WAGE_16_17 || band == WAGE_18_20)
		t = nic->upper_secondary_threshold;
	else if (band == WAGE_APPRENTICE)
		t = nic->apprentice_threshold;
	return g > (double)t ? (double)nic->rate / 10000.0 * (g - (double)t) : 0.0;
}

double wages_worker_pension(const struct pension_band *p, double g)
{
	double upper = (double)p->upper, lower = (double)p->lower;

	if (g < (double)p->trigger || g <= lower)
		return 0.0;
	return (double)p->rate / 10000.0 * ((g < upper ? g : upper) - lower);
}

/* ---- one worker for a year (§1.4.4 basis) ------------------------------- */

int wages_worker_year(const struct wages *w, int32_t date, int64_t rate, double week_hours,
		      enum wage_band band, struct wages_worker *out, struct diag *err)
{
	const struct employer_nic *nic;
	const struct pension_band *pen;
	struct wages_worker r;
	double g;

	if (!(week_hours > 0 && week_hours <= 168))
		return diag_set(err, CW_INPUT, "%g hours a week is not 0-168", week_hours);
	if (rate <= 0)
		return diag_set(err, CW_INPUT, "hourly rate %lld is not positive", (long long)rate);
	if (wages_nic_at(w, date, &nic, err) < 0 || wages_pension_at(w, date, &pen, err) < 0)
		return -1;
	memset(&r, 0, sizeof(r));
	r.rate = rate;
	r.week_hours = week_hours;
	r.paid_hours = week_hours * milli(w->paid_weeks);
	r.productive_hours = week_hours * (milli(w->paid_weeks) - milli(w->holiday_weeks));
	g = (double)rate * r.paid_hours;
	r.pay = llround(g);
	r.nic = llround(wages_worker_nic(nic, band, g));
	r.pension = llround(wages_worker_pension(pen, g));
	r.total = r.pay + r.nic + r.pension;
	r.per_hour = llround((double)r.total / r.productive_hours);
	*out = r;
	return 0;
}

/* ---- the contract floor (§1.4.1) --------------------------------------- */

void wages_floor_in_init(struct wages_floor_in *in)
{
	memset(in, 0, sizeof(*in));
	in->band = WAGE_NLW;
	in->price = -1;
	in->labour_share = -1;
}

/* Employer NIC + pension over the term when each of k workers earns at rate x. */
static void oncosts(const struct wages_floor *f, double x, double *g, double *n, double *p)
{
	*g = x * f->paid_hours_year / (double)f->workers;
	*n = f->nic ? wages_worker_nic(f->nic, f->in.band, *g) : 0.0;
	*p = f->pension ? wages_worker_pension(f->pension, *g) : 0.0;
}

static void cost(const struct wages_floor *f, int64_t rate, struct wages_cost *c)
{
	double g, n, p, k = (double)f->workers * f->years;

	oncosts(f, (double)rate, &g, &n, &p);
	c->rate = rate;
	c->wages = llround((double)rate * f->paid_hours);
	c->nic = llround(n * k);
	c->pension = llround(p * k);
	c->total = c->wages + c->nic + c->pension;
	c->worker_pay = llround(g);
	c->worker_nic = llround(n);
	c->worker_pension = llround(p);
	c->per_hour_hard = llround((double)c->wages / f->in.hours);
	c->per_hour = llround((double)c->total / f->in.hours);
}

static int64_t labour_part(int64_t price, double lambda)
{
	return lambda > 0 ? llround((double)price * lambda) : price;
}

/* The lowest bid price whose labour part reaches floor. */
static int64_t clear_price(int64_t floor, double lambda)
{
	int64_t p;

	if (!(lambda > 0))
		return floor;
	p = (int64_t)ceil((double)floor / lambda);
	while (p > 0 && labour_part(p - 1, lambda) >= floor)
		p--;
	while (labour_part(p, lambda) < floor)
		p++;
	return p;
}

static void judge(const struct wages_floor *f, struct wages_test *t, int64_t floor)
{
	t->assessable = 1;
	t->floor = floor;
	t->clear_price = clear_price(floor, f->in.labour_share);
	if (f->labour_price < 0) {
		t->fails = -1;
		return;
	}
	t->shortfall = floor - f->labour_price;
	t->shortfall_pct = floor > 0 ? 100.0 * (double)t->shortfall / (double)floor : 0.0;
	t->fails = f->labour_price < floor;
}

static void not_assessable(struct wages_test *t, const char *why)
{
	t->assessable = 0;
	t->fails = -1;
	t->clear_price = -1;
	snprintf(t->why, sizeof(t->why), "%.*s", (int)sizeof(t->why) - 1, why);
}

/* The hourly pay x at which wages + NIC + pension = the labour price (monotone in x). */
static int64_t implied_pay(const struct wages_floor *f)
{
	double lo = 0.0, hi = (double)f->labour_price / f->paid_hours, x, g, n, p;
	int i;

	for (i = 0; i < 100; i++) {
		x = (lo + hi) / 2;
		oncosts(f, x, &g, &n, &p);
		if (x * f->paid_hours + (double)f->workers * f->years * (n + p) <=
		    (double)f->labour_price)
			lo = x;
		else
			hi = x;
	}
	return llround(lo);
}

static int bad_input(const struct wages_floor_in *in, struct diag *err)
{
	if ((unsigned)in->band >= WAGE__COUNT)
		BUG("wage band %d", (int)in->band);
	if (!(in->hours > 0 && in->hours <= HOURS_MAX))
		return diag_set(err, CW_INPUT, "labour hours %g are not a positive number up to %g",
				in->hours, HOURS_MAX);
	if (in->workers < 0 || in->workers > 1000000)
		return diag_set(err, CW_INPUT, "%d workers is not 0 (unknown) to 1000000",
				in->workers);
	if (in->week_hours != 0 && !(in->week_hours >= 1 && in->week_hours <= 168))
		return diag_set(err, CW_INPUT, "%g hours a week is not 1-168", in->week_hours);
	if (!(in->absence >= 0 && in->absence < 1))
		return diag_set(err, CW_INPUT, "absence allowance %g is not 0 to below 1",
				in->absence);
	if (in->months > 1200)
		return diag_set(err, CW_INPUT, "a term of %d months is implausible", in->months);
	if (in->price > PRICE_MAX || !(in->labour_share <= 1))
		return diag_set(err, CW_INPUT, "price %lld or labour share %g is implausible",
				(long long)in->price, in->labour_share);
	return 0;
}

int wages_floor(const struct wages *w, const struct wages_floor_in *in, struct wages_floor *out,
		struct diag *err)
{
	struct wages_floor f;
	struct diag nic_err, pen_err, rlw_err;
	int64_t rate, rlw;

	if (bad_input(in, err) < 0 || wages_band_rate(w, in->date, in->band, &rate, err) < 0)
		return -1;
	memset(&f, 0, sizeof(f));
	f.in = *in;
	wages_nmw_at(w, in->date, &f.nmw, NULL);      /* there: the rate came from it */
	diag_init(&nic_err);
	diag_init(&pen_err);
	diag_init(&rlw_err);
	if (wages_nic_at(w, in->date, &f.nic, &nic_err) < 0)
		f.nic = NULL;
	if (wages_pension_at(w, in->date, &f.pension, &pen_err) < 0)
		f.pension = NULL;
	if (wages_rlw_at(w, in->date, &f.rlw, &rlw_err) < 0)
		f.rlw = NULL;

	f.uplift = wages_holiday_uplift(w);
	f.term_assumed = in->months <= 0;
	f.years = f.term_assumed ? 1.0 : in->months / 12.0;
	f.hours_year = in->hours / f.years;
	f.paid_hours = in->hours * (1 + f.uplift) * (1 + in->absence);
	f.paid_hours_year = f.paid_hours / f.years;
	if (in->workers > 0) {
		f.workers = in->workers;
	} else {
		double week = in->week_hours > 0 ? in->week_hours : milli(w->full_time_hours);

		f.worker_hours = week * (milli(w->paid_weeks) - milli(w->holiday_weeks));
		f.workers = (int)ceil(f.hours_year / f.worker_hours - 1e-9);
		if (f.workers < 1)
			f.workers = 1;
		f.workers_assumed = 1;
	}
	f.labour_price = in->price >= 0 ? labour_part(in->price, in->labour_share) : -1;
	f.implied_pay_gross = f.labour_price >= 0 ? llround((double)f.labour_price / f.paid_hours)
						  : -1;
	f.implied_pay = -1;

	cost(&f, rate, &f.statutory);
	judge(&f, &f.l1, f.statutory.wages);
	if (!f.nic || !f.pension) {
		not_assessable(&f.l2, !f.nic ? nic_err.msg : pen_err.msg);
		not_assessable(&f.l3, !f.nic ? nic_err.msg : pen_err.msg);
	} else {
		judge(&f, &f.l2, f.statutory.total);
		if (f.labour_price >= 0)
			f.implied_pay = implied_pay(&f);
		if (!f.rlw) {
			not_assessable(&f.l3, rlw_err.msg);
		} else {
			rlw = in->london ? f.rlw->london : f.rlw->uk;
			cost(&f, rlw, &f.living);
			judge(&f, &f.l3, f.living.total);
		}
	}
	*out = f;
	return 0;
}

const char *wages_questions(const struct wages *w, int act2023, struct buf *b)
{
	size_t i;

	buf_reset(b);
	buf_adds(b, act2023 ? w->questions_pa : w->questions_pcr);
	for (i = 0; i < w->nquestions; i++)
		buf_printf(b, "\n%zu. %s", i + 1, w->questions[i]);
	return b->s;
}
