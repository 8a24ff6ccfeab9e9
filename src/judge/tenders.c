/*
 * tenders.c: a bid file through every abnormally-low-tender rule
 * (tenders.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chainwatch/amount.h"
#include "chainwatch/bids.h"
#include "chainwatch/date.h"
#include "chainwatch/identity.h"
#include "chainwatch/sha256.h"
#include "chainwatch/tenders.h"
#include "chainwatch/xalloc.h"

void tender_settings_init(struct tender_settings *s)
{
	alt_settings_init(&s->alt);
	cardinal_settings_init(&s->cardinal);
}

static const struct {
	const char *name;
	size_t off;                /* into struct tender_settings */
	int integer;
	double lo, hi;
} setting_table[] = {
	{ "e1-red", offsetof(struct tender_settings, alt.e1_red), 0, 0, 1 },
	{ "e1-amber", offsetof(struct tender_settings, alt.e1_amber), 0, 0, 1 },
	{ "m1-below-aap", offsetof(struct tender_settings, alt.m1_below_aap), 0, 0, 1 },
	{ "m1-margin", offsetof(struct tender_settings, alt.m1_margin), 0, 0, 1 },
	{ "m2-below-mean", offsetof(struct tender_settings, alt.m2_below_mean), 0, 0, 1 },
	{ "g1-red", offsetof(struct tender_settings, alt.g1_red), 0, 0, 1 },
	{ "g1-amber", offsetof(struct tender_settings, alt.g1_amber), 0, 0, 1 },
	{ "s1-z", offsetof(struct tender_settings, alt.s1_z), 0, -100, 0 },
	{ "s1-min-bids", offsetof(struct tender_settings, alt.s1_min_bids), 1, 3, 1000 },
	{ "s2-iqr", offsetof(struct tender_settings, alt.s2_iqr), 0, 0, 100 },
	{ "s2-min-bids", offsetof(struct tender_settings, alt.s2_min_bids), 1, 4, 1000 },
	{ "r024-threshold", offsetof(struct tender_settings, cardinal.r024_threshold), 0, 0, 1e6 },
	{ "r058-threshold", offsetof(struct tender_settings, cardinal.r058_threshold), 0, 0, 1e6 },
};

int tender_settings_from(const struct tender_options *o, struct tender_settings *s,
			 struct diag *err)
{
	size_t i;

	tender_settings_init(s);
	for (i = 0; i < o->nset; i++) {
		const char *eq = strchr(o->set[i], '=');
		char *name = xstrndup(o->set[i], eq ? (size_t)(eq - o->set[i]) : 0);
		int rc = tender_settings_set(s, name, eq ? eq + 1 : "", err);

		free(name);
		if (rc < 0)
			return -1;
	}
	return 0;
}

const char *tender_setting_names(void)
{
	return "e1-red, e1-amber, m1-below-aap, m1-margin, m2-below-mean, g1-red, g1-amber, s1-z, "
	       "s1-min-bids, s2-iqr, s2-min-bids, r024-threshold, r058-threshold";
}

int tender_settings_set(struct tender_settings *s, const char *name, const char *value,
			struct diag *err)
{
	size_t i;
	char *end;
	double v;

	for (i = 0; i < sizeof(setting_table) / sizeof(setting_table[0]); i++)
		if (!strcmp(name, setting_table[i].name))
			break;
	if (i == sizeof(setting_table) / sizeof(setting_table[0]))
		return diag_set(err, CW_USAGE, "unknown tender setting '%s' (known: %s)", name,
				tender_setting_names());
	errno = 0;
	v = strtod(value, &end);
	if (errno || end == value || *end || isnan(v) || v < setting_table[i].lo ||
	    v > setting_table[i].hi || (setting_table[i].integer && v != floor(v)))
		return diag_set(err, CW_USAGE, "tender setting %s: '%s' is not a %s from %g to %g",
				name, value, setting_table[i].integer ? "whole number" : "number",
				setting_table[i].lo, setting_table[i].hi);
	if (setting_table[i].integer)
		*(int *)(void *)((char *)s + setting_table[i].off) = (int)v;
	else
		*(double *)(void *)((char *)s + setting_table[i].off) = v;
	return 0;
}

/* JSON starts with '{' or '[' (after a BOM and white space); anything else is the bid CSV. */
static int looks_like_json(const char *path, struct diag *err)
{
	unsigned char buf[512];
	ssize_t n;
	size_t i = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return diag_set(err, CW_INPUT, "%s: cannot open: %s", path, strerror(errno));
	n = read(fd, buf, sizeof(buf));
	close(fd);
	if (n < 0)
		return diag_set(err, CW_INPUT, "%s: cannot read: %s", path, strerror(errno));
	if (n >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF)
		i = 3;
	while (i < (size_t)n && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r' ||
				 buf[i] == '\n'))
		i++;
	return i < (size_t)n && (buf[i] == '{' || buf[i] == '[');
}

static char *xstrdup_or(const char *s, const char *or)
{
	return xstrdup(s && *s ? s : or);
}

/*
 * The bid CSV's rows grouped into procedures (one per tender and lot, in
 * first-seen order; bid_groups_init), as OCDS gives them, so Cardinal reads
 * both alike.  A
 * bid whose status is not given counts as valid; the awarded bids are the
 * procedure's active awards.
 */
static void group_csv(struct bid_list *in, struct ocds_data *d)
{
	struct bid_groups g;
	size_t i, k;

	bid_groups_init(&g, in);
	if (d->procs_cap < d->nprocs + g.n) {
		d->procs_cap = d->nprocs + g.n;
		d->procs = xreallocarray(d->procs, d->procs_cap, sizeof(*d->procs));
	}
	for (i = 0; i < g.n; i++) {
		const size_t *order = g.bid + g.start[i];
		size_t n = g.start[i + 1] - g.start[i], any_award = 0, nawarded = 0;
		const struct bid *first = &in->v[order[0]];
		struct procedure *p;
		struct buf ocid;

		p = &d->procs[d->nprocs++];
		memset(p, 0, sizeof(*p));
		buf_init(&ocid, 0);
		buf_printf(&ocid, "%s%s%s", first->tender_id, *first->lot ? "/" : "", first->lot);
		p->ocid = buf_detach(&ocid, NULL);
		p->source = xstrdup(first->source);
		p->tender_status = xstrdup("");
		p->first_bid = d->bids.n;
		p->nbids = p->nbid_details = n;
		for (k = 0; k < n; k++)
			nawarded += in->v[order[k]].awarded == 1;
		if (nawarded)
			p->supplier_ids = xcalloc(nawarded, sizeof(*p->supplier_ids));
		for (k = 0; k < n; k++) {
			struct bid *b = bid_list_add(&d->bids);

			bid_release(b);
			*b = in->v[order[k]];
			memset(&in->v[order[k]], 0, sizeof(in->v[order[k]]));
			if (b->valid < 0)
				b->valid = 1;
			if (b->awarded >= 0)
				any_award = 1;
			if (b->awarded == 1) {
				const char *id = *b->supplier_id ? b->supplier_id : b->company_number;

				p->supplier_ids[p->nsupplier_ids++] = xstrdup_or(id, "");
				p->nactive++;
			}
		}
		p->has_awards = any_award != 0;
	}
	d->nreleases = d->nprocs;
	bid_groups_release(&g);
}

static int read_bids(const char *path, struct tender_check *tc, const struct bid_reject_sink *sink,
		     struct diag *err)
{
	struct bids_file st;
	struct bid_list raw;
	int fd, rc;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return diag_set(err, CW_INPUT, "%s: cannot open: %s", path, strerror(errno));
	bid_list_init(&raw);
	rc = bids_read_fd(fd, path, &raw, sink, &st, err);
	close(fd);
	if (rc == 0) {
		tc->format = "bid CSV";
		memcpy(tc->sha256, st.sha256, sizeof(tc->sha256));
		tc->bytes = st.bytes;
		tc->records = st.records;
		tc->accepted = st.accepted;
		tc->rejected = st.rejected;
		group_csv(&raw, &tc->data);
	}
	bid_list_release(&raw);
	return rc;
}

static int read_ocds(const char *path, struct tender_check *tc, const struct bid_reject_sink *sink,
		     struct diag *err)
{
	/* the main currency is the first one seen, as Cardinal does; others are rejected */
	struct ocds_options opt = { NULL };

	if (ocds_read_file(path, &opt, &tc->data, sink, err) < 0)
		return -1;
	tc->format = "OCDS";
	tc->accepted = tc->data.bids.n;
	tc->rejected = tc->data.nrejected;
	tc->records = tc->accepted + tc->rejected;
	return sha256_file(path, tc->sha256, &tc->bytes, err);
}

/* ---- the labour floors ---- */

static const char *gbp_or(int64_t pence, char out[48])
{
	if (pence < 0)
		return strcpy(out, "unknown");
	return amount_format_gbp(pence, out);
}

static void labour_floors(const struct wages *w, struct alt_bid *a)
{
	const struct bid *b = a->bid;
	struct wages_floor_in in;
	struct wages_floor f;
	struct diag e;
	char m[6][48], d[16];
	double years = b->contract_months > 0 ? b->contract_months / 12.0 : 1.0;
	const char *why = NULL;

	if (!w)
		why = "no wage tables (sectors/wages.json) were loaded";
	else if (b->labour_hours <= 0 && b->fte <= 0)
		why = "no labour hours or FTE given: the hours the price must pay for are unknown";
	else if (!b->tender_date)
		why = "no tender date: the wage rates in force are unknown";
	else if (b->price_pence <= 0)
		why = "no price";
	if (why) {
		alt_set(&a->r[ALT_L1], ALT_NOT_ASSESSABLE, NAN, NAN, -1, "%s", why);
		alt_set(&a->r[ALT_L2], ALT_NOT_ASSESSABLE, NAN, NAN, -1, "%s", why);
		alt_set(&a->r[ALT_L3], ALT_NOT_ASSESSABLE, NAN, NAN, -1, "%s", why);
		return;
	}
	wages_floor_in_init(&in);
	in.date = b->tender_date;
	in.months = b->contract_months;
	in.hours = b->labour_hours > 0 ? b->labour_hours
			: b->fte * (double)w->full_time_hours / 1000.0 *
			  ((double)(w->paid_weeks - w->holiday_weeks) / 1000.0) * years;
	if (b->fte > 0)
		in.workers = (int)ceil(b->fte - 1e-9);
	in.london = b->london == 1;
	in.price = b->price_pence;
	in.labour_share = b->labour_share > 0 ? b->labour_share : 0;
	diag_init(&e);
	if (wages_floor(w, &in, &f, &e) < 0) {
		alt_set(&a->r[ALT_L1], ALT_NOT_ASSESSABLE, NAN, NAN, -1, "%s", e.msg);
		alt_set(&a->r[ALT_L2], ALT_NOT_ASSESSABLE, NAN, NAN, -1, "%s", e.msg);
		alt_set(&a->r[ALT_L3], ALT_NOT_ASSESSABLE, NAN, NAN, -1, "%s", e.msg);
		return;
	}
	alt_set(&a->r[ALT_L1], f.l1.fails == 1 ? ALT_RED : ALT_PASS, f.l1.shortfall_pct,
		(double)f.l1.floor / 100.0, f.l1.fails == 1 ? f.l1.clear_price : -1,
		"labour price %s (%s) for %.0f productive hours over %.1f years%s; statutory floor "
		"= w x H x (1 + %.4f holiday) = %s at %s an hour (the %s rate in force on %s, "
		"sectors/wages.json); shortfall %s (%.1f%%); the price pays %s an hour",
		gbp_or(f.labour_price, m[0]), b->labour_share > 0 ? "price x labour share" :
		"the whole price: no labour share given", in.hours, f.years,
		f.term_assumed ? " (term not given: one year assumed)" : "", f.uplift,
		gbp_or(f.statutory.wages, m[1]), gbp_or(f.statutory.rate, m[2]),
		wage_band_name(in.band), date_format(in.date, d),
		gbp_or(f.l1.shortfall > 0 ? f.l1.shortfall : 0, m[3]), f.l1.shortfall_pct,
		gbp_or(f.implied_pay_gross, m[4]));
	if (f.l2.assessable)
		alt_set(&a->r[ALT_L2], f.l2.fails == 1 ? ALT_RED : ALT_PASS, f.l2.shortfall_pct,
			(double)f.l2.floor / 100.0, f.l2.fails == 1 ? f.l2.clear_price : -1,
			"floor with employer NICs %s (%s) and pension %s for %d worker%s%s = %s "
			"(%s a productive hour); shortfall %s (%.1f%%); after on-costs the price "
			"pays %s an hour", gbp_or(f.statutory.nic, m[0]),
			f.nic ? f.nic->tax_year : "", gbp_or(f.statutory.pension, m[1]), f.workers,
			f.workers == 1 ? "" : "s", f.workers_assumed ? " (assumed from the hours)" : "",
			gbp_or(f.statutory.total, m[2]), gbp_or(f.statutory.per_hour, m[3]),
			gbp_or(f.l2.shortfall > 0 ? f.l2.shortfall : 0, m[4]), f.l2.shortfall_pct,
			gbp_or(f.implied_pay, m[5]));
	else
		alt_set(&a->r[ALT_L2], ALT_NOT_ASSESSABLE, NAN, NAN, -1, "%s", f.l2.why);
	if (b->rlw_required != 1)
		alt_set(&a->r[ALT_L3], ALT_NOT_ASSESSABLE, NAN, NAN, -1,
			"the contract does not require the Real Living Wage%s",
			b->rlw_required < 0 ? " (not stated)" : "");
	else if (f.l3.assessable)
		alt_set(&a->r[ALT_L3], f.l3.fails == 1 ? ALT_RED : ALT_PASS, f.l3.shortfall_pct,
			(double)f.l3.floor / 100.0, f.l3.fails == 1 ? f.l3.clear_price : -1,
			"the contract requires the %s Living Wage, %s an hour (binding on %s, "
			"sectors/wages.json): floor with on-costs %s; shortfall %s (%.1f%%)",
			in.london ? "London" : "Real", gbp_or(f.living.rate, m[0]),
			date_format(in.date, d), gbp_or(f.l3.floor, m[1]),
			gbp_or(f.l3.shortfall > 0 ? f.l3.shortfall : 0, m[2]), f.l3.shortfall_pct);
	else
		alt_set(&a->r[ALT_L3], ALT_NOT_ASSESSABLE, NAN, NAN, -1, "%s", f.l3.why);
}

/* ---- Cardinal across the tenders ---- */

static void cardinal_rules(struct tender_check *tc)
{
	const struct cardinal_result *res = &tc->cardinal;
	size_t i, k;
	char m1[48];

	for (i = 0; i < res->nprocs; i++) {
		const struct procedure *p = &tc->data.procs[i];
		const struct cardinal_proc *c = &res->procs[i];

		for (k = p->first_bid; k < p->first_bid + p->nbids; k++) {
			struct alt_bid *a = &tc->alt[k];
			int winner = c->skip == CARDINAL_KEPT && k == c->winner_bid;

			if (a->excluded)
				continue;
			if (c->skip != CARDINAL_KEPT) {
				alt_set(&a->r[ALT_X1], ALT_NOT_ASSESSABLE, NAN, NAN, -1, "%s",
					cardinal_skip_reason(c->skip));
				alt_set(&a->r[ALT_X2], ALT_NOT_ASSESSABLE, NAN, NAN, -1, "%s",
					cardinal_skip_reason(c->skip));
				continue;
			}
			if (!winner) {
				alt_set(&a->r[ALT_X1], ALT_PASS, NAN, NAN, -1, "not the winning bid");
				alt_set(&a->r[ALT_X2], ALT_PASS, NAN, NAN, -1, "not the winning bid");
				continue;
			}
			if (!res->r058.armed)
				alt_set(&a->r[ALT_X1], ALT_NOT_ASSESSABLE, c->r, res->r058.fence, -1,
					"r = (b2 - bw)/bw = %.4f; no upper fence over the %zu tenders "
					"compared (it must be above 0)", c->r, res->nkept);
			else
				alt_set(&a->r[ALT_X1], c->r058 ? ALT_AMBER : ALT_PASS, c->r,
					res->r058.fence, c->r058 ?
					(int64_t)floor((double)tc->data.bids.v[c->second_bid].price_pence /
						       (1.0 + res->r058.fence)) + 1 : -1,
					"r = (b2 - bw)/bw = (%s - bw)/bw = %.4f against the upper fence "
					"Q3 + 1.5 IQR = %.4f (Q1 %.4f, Q3 %.4f, type-8 quartiles over %zu "
					"tenders; Cardinal R058)", gbp_or(tc->data.bids.v[c->second_bid]
					.price_pence, m1), c->r, res->r058.fence, res->r058.q1,
					res->r058.q3, res->nkept);
			if (!res->r024.armed)
				alt_set(&a->r[ALT_X2], ALT_NOT_ASSESSABLE, c->r, res->r024.fence, -1,
					"no lower fence over the %zu tenders compared (Q1 and the fence "
					"must be above 0)", res->nkept);
			else
				alt_set(&a->r[ALT_X2], c->r024 ? ALT_INFO : ALT_PASS, c->r,
					res->r024.fence, -1,
					"r = %.4f against the lower fence Q1 - 1.5 IQR = %.4f: %s "
					"(Cardinal R024, a competition screen, not a low price)", c->r,
					res->r024.fence, c->r024 ? "the bids were unusually close"
								 : "not unusually close");
		}
	}
}

int tender_check_file(const char *path, const struct wages *w, const struct tender_settings *s,
		      const struct bid_reject_sink *sink, struct tender_check *out,
		      struct diag *err)
{
	int json;
	size_t i;

	memset(out, 0, sizeof(*out));
	ocds_data_init(&out->data);
	out->path = path;
	json = looks_like_json(path, err);
	if (json < 0 || (json ? read_ocds(path, out, sink, err) : read_bids(path, out, sink, err)) < 0)
		return -1;
	if (!out->accepted && out->rejected)
		return diag_set(err, CW_INPUT, "%s: none of its %lu bids could be read (see the "
				"rejected rows)", path, out->rejected);
	out->alt = alt_assess(&out->data.bids, &s->alt);
	for (i = 0; i < out->data.bids.n; i++)
		if (!out->alt[i].excluded)
			labour_floors(w, &out->alt[i]);
	cardinal_run(&out->data, &s->cardinal, &out->cardinal);
	cardinal_rules(out);
	alt_decide(out->alt, out->data.bids.n);
	return 0;
}

void tender_check_release(struct tender_check *tc)
{
	if (!tc)
		return;
	alt_bids_free(tc->alt, tc->data.bids.n);
	cardinal_result_release(&tc->cardinal);
	ocds_data_release(&tc->data);
	tc->alt = NULL;
}

size_t tender_check_count(const struct tender_check *tc, enum alt_verdict v)
{
	size_t i, n = 0;

	for (i = 0; i < tc->data.bids.n; i++)
		n += tc->alt[i].verdict == v;
	return n;
}

/* ---- bidders to suppliers ---- */

struct join_key {
	const char *key;
	const struct supplier *s;
};

static int by_join_key(const void *x, const void *y)
{
	return strcmp(((const struct join_key *)x)->key, ((const struct join_key *)y)->key);
}

static const struct supplier *lookup(const struct join_key *v, size_t n, const char *key)
{
	struct join_key k = { key, NULL };
	const struct join_key *hit;

	if (!*key || !n)
		return NULL;
	hit = bsearch(&k, v, n, sizeof(*v), by_join_key);
	return hit ? hit->s : NULL;
}

const struct supplier **tenders_join(const struct tender_check *tc, struct supplier *const *s,
				     size_t n)
{
	const struct supplier **out = xcalloc(tc->data.bids.n ? tc->data.bids.n : 1, sizeof(*out));
	struct join_key *ids = NULL, *cns = NULL, *names = NULL;
	size_t nids = 0, ncns = 0, nnames = 0, i, j;
	char **keys = xcalloc(n ? n : 1, sizeof(*keys));
	struct buf b;

	buf_init(&b, 4096);
	for (i = 0; i < n; i++)        /* sized once: a supplier has few IDs, a council many suppliers */
		nids += s[i]->nids;
	ids = xreallocarray(NULL, nids + 1, sizeof(*ids));
	cns = xreallocarray(NULL, n + 1, sizeof(*cns));
	names = xreallocarray(NULL, n + 1, sizeof(*names));
	nids = 0;
	for (i = 0; i < n; i++) {
		for (j = 0; j < s[i]->nids; j++)
			ids[nids++] = (struct join_key){ s[i]->ids[j], s[i] };
		if (*s[i]->company_number)
			cns[ncns++] = (struct join_key){ s[i]->company_number, s[i] };
		buf_reset(&b);
		if (s[i]->name && name_key(s[i]->name, strlen(s[i]->name), &b) == 0 && b.len) {
			keys[i] = xstrdup(b.s);
			names[nnames++] = (struct join_key){ keys[i], s[i] };
		}
	}
	if (nids)
		qsort(ids, nids, sizeof(*ids), by_join_key);
	if (ncns)
		qsort(cns, ncns, sizeof(*cns), by_join_key);
	if (nnames)
		qsort(names, nnames, sizeof(*names), by_join_key);
	for (i = 0; i < tc->data.bids.n; i++) {
		const struct bid *bd = &tc->data.bids.v[i];

		out[i] = lookup(ids, nids, bd->supplier_id);
		if (!out[i])
			out[i] = lookup(cns, ncns, bd->company_number);
		if (!out[i]) {
			buf_reset(&b);
			if (name_key(bd->bidder, strlen(bd->bidder), &b) == 0)
				out[i] = lookup(names, nnames, b.s);
		}
	}
	for (i = 0; i < n; i++)
		free(keys[i]);
	free(keys);
	free(ids);
	free(cns);
	free(names);
	buf_release(&b);
	return out;
}
