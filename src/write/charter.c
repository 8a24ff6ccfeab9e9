/*
 * charter.c: the annual Charter report - the year's figures and the staff's
 * evidence put into the template data, charts drawn as inline SVG, both
 * templates rendered (charter.h).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "chainwatch/amount.h"
#include "chainwatch/charter.h"
#include "chainwatch/charteryear.h"
#include "chainwatch/datadir.h"
#include "chainwatch/date.h"
#include "chainwatch/evidence.h"
#include "chainwatch/outfile.h"
#include "chainwatch/run.h"
#include "chainwatch/template.h"
#include "chainwatch/version.h"
#include "chainwatch/xalloc.h"

void charter_options_init(struct charter_options *o)
{
	memset(o, 0, sizeof(*o));
	o->db = "output/chainwatch.db";
	o->council = NULL;          /* the database's only council */
	o->out = "output/charter";
}

/* n ASCII digits as a number; -1 when one is not a digit. */
static int digits(const char *s, size_t n)
{
	int v = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int charter_year_parse(const char *s)
{
	int y, yy;

	if (strlen(s) != 7 || s[4] != '-')
		return -1;
	y = digits(s, 4);
	yy = digits(s + 5, 2);
	if (y < 2000 || y > 2999 || yy < 0 || yy != (y + 1) % 100)
		return -1;
	return y;
}

/* The ten commitments as the Co-operative Party wrote them ("The Council will ..."). */
static const struct {
	const char *id, *title, *wording;
} commitments[10] = {
	{ "C1", "Training", "Train its corporate procurement team to understand modern slavery "
	  "through the Chartered Institute of Procurement and Supply's (CIPS) online course on "
	  "Ethical Procurement and Supply." },
	{ "C2", "The Modern Slavery Act in contracts", "Require its contractors to comply fully "
	  "with the Modern Slavery Act 2015, wherever it applies, with contract termination as a "
	  "potential sanction for non-compliance." },
	{ "C3", "Abnormally low tenders", "Challenge any abnormally low-cost tenders to ensure "
	  "they do not rely upon the potential contractor practising modern slavery." },
	{ "C4", "Trade union freedom", "Highlight to its suppliers that contracted workers are "
	  "free to join a trade union and are not to be treated unfairly for belonging to one." },
	{ "C5", "Whistle-blowing by staff", "Publicise its whistle-blowing system for staff to "
	  "blow the whistle on any suspected examples of modern slavery." },
	{ "C6", "Whistle-blowing by contractors", "Require its tendered contractors to adopt a "
	  "whistle-blowing policy which enables their staff to blow the whistle on any suspected "
	  "examples of modern slavery." },
	{ "C7", "Reviewing spend", "Review its contractual spending regularly to identify any "
	  "potential issues with modern slavery." },
	{ "C8", "Telling suppliers of risks", "Highlight for its suppliers any risks identified "
	  "concerning modern slavery and refer them to the relevant agencies to be addressed." },
	{ "C9", "Referrals", "Refer for investigation via the National Crime Agency's national "
	  "referral mechanism any of its contractors identified as a cause for concern regarding "
	  "modern slavery." },
	{ "C10", "Reporting", "Report publicly on the implementation of this policy annually." },
};

/* Supplied figures per commitment: the evidence file's metric name and how to say it. */
static const struct {
	const char *id, *name, *label;
} supplied[] = {
	{ "C1", "procurement_staff_trained", "Procurement staff trained" },
	{ "C1", "procurement_team_size", "Procurement team size" },
	{ "C1", "procurement_trained_pct", "Share of the team trained (%)" },
	{ "C1", "course", "Course" },
	{ "C2", "contracts_with_msa_clause", "Contracts let with a Modern Slavery Act clause" },
	{ "C2", "contracts_let", "Contracts let" },
	{ "C2", "suppliers_contacted_about_statements", "Suppliers contacted about their statements" },
	{ "C3", "explanations_requested", "Bidders asked to explain a low price" },
	{ "C3", "bids_rejected_after_explanation", "Bids rejected after the explanation" },
	{ "C4", "suppliers_told_union_freedom", "Suppliers told of workers' freedom to join a union" },
	{ "C5", "whistleblowing_policy_names_modern_slavery",
	  "Whistle-blowing policy names modern slavery" },
	{ "C5", "whistleblowing_reports", "Whistle-blowing reports about modern slavery" },
	{ "C6", "contractors_asked_for_whistleblowing_policy",
	  "Contractors asked for a whistle-blowing policy" },
	{ "C6", "contractor_policies_received", "Contractor policies received" },
	{ "C8", "suppliers_told_of_risks", "Suppliers told of risks identified" },
	{ "C8", "referrals_to_agencies", "Referrals to agencies" },
	{ "C9", "referrals.nrm", "National Referral Mechanism referrals" },
	{ "C9", "referrals.duty_to_notify", "Duty to Notify notifications" },
	{ "C9", "referrals.police", "Referrals to the police" },
	{ "C9", "referrals.glaa", "Referrals to the GLAA" },
	{ "C9", "referrals.modern_slavery_helpline", "Calls to the Modern Slavery Helpline" },
	{ "C9", "referrals.hmrc_or_eas", "Referrals to HMRC or the EAS" },
	{ "C9", "referrals.other", "Other referrals" },
	{ "C10", "statement_url", "This year's statement" },
	{ "C10", "published", "Published" },
};

static const struct {
	const char *area, *ids, *text;
} areas[] = {
	{ "Organisation structure and supply chains", "C7, C10",
	  "The spend reviewed, its suppliers and their sectors, from the council's own payments." },
	{ "Policies", "C2, C4, C5, C6",
	  "Contract clauses, trade union freedom and whistle-blowing, as supplied by the council." },
	{ "Risk assessment and management", "C3, C7",
	  "Every supplier scored for sector, geography and goods risk; tenders checked for "
	  "abnormally low prices." },
	{ "Due diligence", "C2, C3, C8, C9",
	  "Modern Slavery Act statements checked on the Home Office registry; flags reviewed by "
	  "contract managers; referrals by route." },
	{ "Training", "C1", "Procurement staff trained, as supplied by the council." },
	{ "Monitoring and evaluation", "C7, C8, C10",
	  "The figures of this report, set against the previous year where there is one." },
};

static const char *tier_names[CHARTER_TIERS] = { "High", "Medium", "Low", "Grey" };

static void set_money(struct tval *o, const char *key, int64_t pence)
{
	char m[48];

	tval_set_str(o, key, amount_format_gbp(pence, m));
}

static void set_pct(struct tval *o, const char *key, int64_t part, int64_t whole)
{
	char t[32];

	if (whole <= 0)
		return;
	snprintf(t, sizeof(t), "%.1f", 100.0 * (double)part / (double)whole);
	tval_set_str(o, key, t);
}

static void metric(struct tval *list, const char *label, const char *value)
{
	struct tval *m = tval_append_object(list);

	tval_set_str(m, "label", label);
	if (value)
		tval_set_str(m, "value", value);
}

static void metric_n(struct tval *list, const char *label, long n)
{
	char t[32];

	snprintf(t, sizeof(t), "%ld", n);
	metric(list, label, t);
}

/* A value of the evidence tree by dotted path, or NULL. */
static const char *evidence_value(struct tval *ev, const char *id, const char *path)
{
	struct tval *v = tval_get(tval_get(tval_get(ev, "commitments"), id), "metrics");
	char part[64];
	const char *dot;

	while (v && (dot = strchr(path, '.'))) {
		snprintf(part, sizeof(part), "%.*s", (int)(dot - path), path);
		v = tval_get(v, part);
		path = dot + 1;
	}
	return v ? tval_str(tval_get(v, path)) : NULL;
}

static void computed_metrics(struct tval *list, const char *id, const struct charter_year *y)
{
	char m[48], t[96];

	if (!strcmp(id, "C2")) {
		if (!y->registry_checked) {
			metric(list, "Suppliers checked on the Modern Slavery Statement Registry",
			       "not checked: no registry data was loaded");
			return;
		}
		metric_n(list, "Suppliers in scope of the Act on their turnover (£36m or more on the "
			 "registry or in the supplier master)", y->scope_turnover);
		metric_n(list, "Suppliers likely in scope on council spend or group membership alone "
			 "(turnover unknown)", y->scope_spend);
		metric_n(list, "Suppliers with a current statement on the registry",
			 y->statement_current);
		metric_n(list, "Suppliers whose latest statement is stale", y->statement_stale);
		metric_n(list, "Suppliers likely in scope with no statement found on the registry",
			 y->statement_not_found);
		metric_n(list, "Suppliers whose registry match needs confirming",
			 y->statement_ambiguous);
	} else if (!strcmp(id, "C3")) {
		metric_n(list, "Tenders (lots) checked for abnormally low prices", y->tenders_checked);
		metric_n(list, "Bids checked", y->bids_checked);
		metric_n(list, "Bids to investigate (bidder asked to explain)", y->bids_investigate);
		metric_n(list, "Bids noted", y->bids_note);
	} else if (!strcmp(id, "C7")) {
		metric_n(list, "Monthly scans run", y->scans);
		snprintf(t, sizeof(t), "%ld of 12", y->months_covered);
		metric(list, "Months of spend covered", t);
		metric(list, "Spend reviewed", amount_format_gbp(y->spend_pence - y->redacted_pence, m));
		metric_n(list, "Suppliers assessed", y->suppliers);
		metric_n(list, "Suppliers in the High tier", y->tier_suppliers[0]);
		metric(list, "Spend with High-tier suppliers", amount_format_gbp(y->tier_pence[0], m));
	} else if (!strcmp(id, "C8")) {
		metric_n(list, "Flags raised for review", y->flags_raised);
		metric_n(list, "Flags cleared after review", y->flags_cleared);
		metric_n(list, "Flags still open", y->flags_open);
		metric_n(list, "Decisions recorded by contract managers", y->reviews);
	} else if (!strcmp(id, "C10")) {
		metric(list, "This report", "generated from the council's own records");
	}
}

static void add_commitments(struct tval *root, struct tval *ev, const struct charter_year *y)
{
	struct tval *list = tval_set_list(root, "commitments");
	size_t i, k;

	for (i = 0; i < 10; i++) {
		struct tval *c = tval_append_object(list);
		struct tval *e = tval_get(tval_get(ev, "commitments"), commitments[i].id);
		const char *wording = e ? tval_str(tval_get(e, "wording")) : NULL;
		const char *status = e ? tval_str(tval_get(e, "status")) : NULL;
		const char *done = e ? tval_str(tval_get(e, "done")) : NULL;
		struct tval *comp = tval_set_list(c, "computed");
		struct tval *sup = tval_set_list(c, "supplied");
		struct tval *acts = e ? tval_get(e, "actions") : NULL;

		tval_set_str(c, "id", commitments[i].id);
		tval_set_str(c, "title", commitments[i].title);
		tval_set_str(c, "wording", wording ? wording : commitments[i].wording);
		if (done)
			tval_set_str(c, "done", done);
		tval_set_str(c, "status", status ? status : "not stated");
		computed_metrics(comp, commitments[i].id, y);
		tval_set_bool(c, "has_computed", strcmp(commitments[i].id, "C1") &&
			      strcmp(commitments[i].id, "C4") && strcmp(commitments[i].id, "C5") &&
			      strcmp(commitments[i].id, "C6") && strcmp(commitments[i].id, "C9"));
		for (k = 0; k < sizeof(supplied) / sizeof(supplied[0]); k++)
			if (!strcmp(supplied[k].id, commitments[i].id))
				metric(sup, supplied[k].label,
				       evidence_value(ev, supplied[k].id, supplied[k].name));
		tval_set_bool(c, "has_supplied", strcmp(commitments[i].id, "C7") != 0);
		if (acts && tval_count(acts))
			tval_copy(c, "actions", acts);
	}
}

/* ---- charts: inline SVG with a title and a description, and the same numbers as a table ---- */

static void svg_bars(struct buf *b, const char *id, const char *title, const char *desc,
		     const char *const *labels, const double *values, const char *const *shown,
		     size_t n)
{
	double max = 0;
	size_t i;
	int h = 40 + 34 * (int)n;

	for (i = 0; i < n; i++)
		if (values[i] > max)
			max = values[i];
	buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 640 %d\" "
		   "width=\"640\" height=\"%d\" aria-labelledby=\"%s-title %s-desc\">"
		   "<title id=\"%s-title\">%s</title><desc id=\"%s-desc\">%s</desc>", h, h, id, id, id,
		   title, id, desc);
	for (i = 0; i < n; i++) {
		int y = 20 + 34 * (int)i;
		int w = max > 0 ? (int)(340.0 * values[i] / max + 0.5) : 0;

		buf_printf(b, "<text x=\"160\" y=\"%d\" text-anchor=\"end\" font-size=\"14\" "
			   "fill=\"#1a1a1a\">%s</text>", y + 17, labels[i]);
		buf_printf(b, "<rect x=\"170\" y=\"%d\" width=\"%d\" height=\"24\" fill=\"#1f4e78\"/>",
			   y, w > 0 ? w : 1);
		buf_printf(b, "<text x=\"%d\" y=\"%d\" font-size=\"14\" fill=\"#1a1a1a\">%s</text>",
			   176 + w, y + 17, shown[i]);
	}
	buf_adds(b, "</svg>");
}

static void add_chart(struct tval *charts, const char *id, const char *title, const char *desc,
		      const char *col_label, const char *col_value, const char *const *labels,
		      const double *values, const char *const *shown, size_t n)
{
	struct tval *c = tval_append_object(charts), *rows;
	struct buf svg;
	size_t i;

	buf_init(&svg, 0);
	svg_bars(&svg, id, title, desc, labels, values, shown, n);
	tval_set_str(c, "id", id);
	tval_set_str(c, "title", title);
	tval_set_str(c, "desc", desc);
	tval_set_str(c, "svg", svg.s);
	tval_set_str(c, "col_label", col_label);
	tval_set_str(c, "col_value", col_value);
	rows = tval_set_list(c, "rows");
	for (i = 0; i < n; i++) {
		struct tval *r = tval_append_object(rows);

		tval_set_str(r, "label", labels[i]);
		tval_set_str(r, "value", shown[i]);
	}
	buf_release(&svg);
}

static void add_charts(struct tval *root, const struct charter_year *y)
{
	struct tval *charts = tval_set_list(root, "charts");
	double v[CHARTER_MAX_KINDS];
	const char *labels[CHARTER_MAX_KINDS];
	char shown_buf[CHARTER_MAX_KINDS][48];
	const char *shown[CHARTER_MAX_KINDS];
	size_t i;

	for (i = 0; i < CHARTER_TIERS; i++) {
		labels[i] = tier_names[i];
		v[i] = (double)y->tier_pence[i] / 100.0;
		shown[i] = amount_format_gbp(y->tier_pence[i], shown_buf[i]);
	}
	add_chart(charts, "chart-tier", "Spend by risk tier", "The year's spend with suppliers in "
		  "each risk tier: High, Medium, Low, and Grey (not enough data to judge).",
		  "Tier", "Spend", labels, v, shown, CHARTER_TIERS);
	for (i = 0; i < y->nkinds; i++) {
		labels[i] = y->kinds[i].kind;
		v[i] = (double)y->kinds[i].raised;
		snprintf(shown_buf[i], sizeof(shown_buf[i]), "%ld", y->kinds[i].raised);
		shown[i] = shown_buf[i];
	}
	if (y->nkinds)
		add_chart(charts, "chart-flags", "Flags raised by kind", "How many flags of each "
			  "kind were raised for review in the year.", "Kind of flag", "Raised",
			  labels, v, shown, y->nkinds);
}

static void add_comparison(struct tval *root, const struct charter_year *y,
			   const struct charter_year *prev)
{
	struct tval *rows = tval_set_list(root, "comparison");
	char a[48], b[48];
	const struct { const char *label; long now, then; } counts[] = {
		{ "Monthly scans run", y->scans, prev->scans },
		{ "Suppliers assessed", y->suppliers, prev->suppliers },
		{ "Suppliers in the High tier", y->tier_suppliers[0], prev->tier_suppliers[0] },
		{ "Flags raised", y->flags_raised, prev->flags_raised },
		{ "Flags cleared", y->flags_cleared, prev->flags_cleared },
		{ "Bids to investigate", y->bids_investigate, prev->bids_investigate },
		{ "Decisions recorded", y->reviews, prev->reviews },
	};
	struct tval *r;
	size_t i;

	r = tval_append_object(rows);
	tval_set_str(r, "label", "Spend reviewed");
	tval_set_str(r, "now", amount_format_gbp(y->spend_pence - y->redacted_pence, a));
	tval_set_str(r, "then", amount_format_gbp(prev->spend_pence - prev->redacted_pence, b));
	for (i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
		r = tval_append_object(rows);
		tval_set_str(r, "label", counts[i].label);
		tval_set_int(r, "now", counts[i].now);
		tval_set_int(r, "then", counts[i].then);
	}
}

static void add_caveats(struct tval *root, const struct charter_year *y)
{
	struct tval *list = tval_set_list(root, "caveats");
	char t[512], m[48];
	size_t i, missing = 0;
	struct buf months;
	static const char *const month_names[12] = { "April", "May", "June", "July", "August",
		"September", "October", "November", "December", "January", "February", "March" };

	buf_init(&months, 0);
	for (i = 0; i < 12; i++)
		if (!y->months[i]) {
			buf_printf(&months, "%s%s", missing++ ? ", " : "", month_names[i]);
		}
	if (missing) {
		snprintf(t, sizeof(t), "No scan covers %zu month%s of the year (%s): their spend is "
			 "not in these figures.", missing, missing == 1 ? "" : "s", months.s);
		tval_append_str(list, t);
	}
	buf_release(&months);
	if (y->crossing[0]) {
		snprintf(t, sizeof(t), "Scans whose periods cross the start or end of the year "
			 "(%s) are counted whole in the year where they start; scan by month or by "
			 "financial year to split them.", y->crossing);
		tval_append_str(list, t);
	}
	if (y->spend_pence > 0) {
		snprintf(t, sizeof(t), "%s (%.1f%% of the spend) went to payees whose names are "
			 "redacted in the published data; it cannot be assessed.",
			 amount_format_gbp(y->redacted_pence, m),
			 100.0 * (double)y->redacted_pence / (double)y->spend_pence);
		tval_append_str(list, t);
	}
	snprintf(t, sizeof(t), "%ld supplier%s (%s) could not be placed in a sector and are shown "
		 "as Grey: not enough data to judge, not low risk.", y->tier_suppliers[3],
		 y->tier_suppliers[3] == 1 ? "" : "s", amount_format_gbp(y->tier_pence[3], m));
	tval_append_str(list, t);
	if (y->registry_loaded[0]) {
		snprintf(t, sizeof(t), "Statements were checked against the Home Office registry "
			 "downloads for %s. Publishing on the registry is voluntary, so a statement "
			 "not found there may still be on the supplier's website.", y->registry_loaded);
		tval_append_str(list, t);
	} else {
		tval_append_str(list, "No Home Office registry data was loaded: suppliers' "
				"statements were not checked.");
	}
	tval_append_str(list, "A risk tier or flag is an indicator for review, never a finding "
			"that modern slavery is present; no supply chain can be shown to be free of "
			"it.");
}

static int build(struct tval *root, const struct charter_options *o, int from,
		 const struct charter_year *y, const struct charter_year *prev, struct tval *ev)
{
	char t[96], m[48];
	time_t now = run_clock();
	size_t i;
	struct tval *list;

	tval_set_str(root, "council", o->council);
	snprintf(t, sizeof(t), "%d-%02d", from, (from + 1) % 100);
	tval_set_str(root, "year", t);
	snprintf(t, sizeof(t), "1 April %d to 31 March %d", from, from + 1);
	tval_set_str(root, "year_span", t);
	tval_set_str(root, "generated", date_format(run_date(now), t));
	tval_set_str(root, "tool_version", CHAINWATCH_VERSION);
	tval_set_bool(root, "has_scans", y->scans > 0);
	tval_set_int(root, "scans", y->scans);
	tval_set_int(root, "months_covered", y->months_covered);
	set_money(root, "spend", y->spend_pence);
	set_money(root, "spend_reviewed", y->spend_pence - y->redacted_pence);
	set_pct(root, "spend_reviewed_pct", y->spend_pence - y->redacted_pence, y->spend_pence);
	tval_set_int(root, "suppliers", y->suppliers);
	tval_set_int(root, "high_suppliers", y->tier_suppliers[0]);
	set_money(root, "high_spend", y->tier_pence[0]);
	set_pct(root, "high_spend_pct", y->tier_pence[0], y->spend_pence);
	tval_set_int(root, "flags_raised", y->flags_raised);
	tval_set_int(root, "flags_cleared", y->flags_cleared);
	tval_set_int(root, "flags_open", y->flags_open);
	tval_set_int(root, "reviews", y->reviews);
	if (y->first_period[0]) {
		tval_set_str(root, "first_period", y->first_period);
		tval_set_str(root, "last_period", y->last_period);
	}
	list = tval_set_list(root, "tiers");
	for (i = 0; i < CHARTER_TIERS; i++) {
		struct tval *r = tval_append_object(list);

		tval_set_str(r, "tier", tier_names[i]);
		tval_set_int(r, "suppliers", y->tier_suppliers[i]);
		tval_set_str(r, "spend", amount_format_gbp(y->tier_pence[i], m));
	}
	list = tval_set_list(root, "kinds");
	for (i = 0; i < y->nkinds; i++) {
		struct tval *r = tval_append_object(list);

		tval_set_str(r, "kind", y->kinds[i].kind);
		tval_set_int(r, "raised", y->kinds[i].raised);
		tval_set_int(r, "cleared", y->kinds[i].cleared);
		tval_set_int(r, "open", y->kinds[i].open);
		tval_set_int(r, "other", y->kinds[i].other);
	}
	add_commitments(root, ev, y);
	add_charts(root, y);
	add_caveats(root, y);
	if (prev->scans) {
		snprintf(t, sizeof(t), "%d-%02d", from - 1, from % 100);
		tval_set_str(root, "previous_year", t);
		add_comparison(root, y, prev);
	}
	list = tval_set_list(root, "areas");
	for (i = 0; i < sizeof(areas) / sizeof(areas[0]); i++) {
		struct tval *r = tval_append_object(list);

		tval_set_str(r, "area", areas[i].area);
		tval_set_str(r, "commitments", areas[i].ids);
		tval_set_str(r, "text", areas[i].text);
	}
	return 0;
}

/* Every problem of the evidence file to the caller, so staff fix them in one go. */
static int check_evidence(const char *path, const struct charter_sink *sink, struct diag *err)
{
	long n = evidence_check(path, sink->problem, sink->ctx, err);

	if (n > 0)
		diag_set(err, CW_INPUT, "evidence file '%s': %ld problem%s (above); nothing written",
			 path, n, n == 1 ? "" : "s");
	return n == 0 ? 0 : -1;
}

static int render_one(const char *dir, const char *tmpl, enum template_escape esc,
		      const struct tval *data, const char *out_dir, const char *name,
		      struct diag *err)
{
	struct buf path, text;
	struct outfile of;
	int ret = -1;

	buf_init(&path, 0);
	buf_init(&text, 0);
	buf_printf(&path, "%s/%s", dir, tmpl);
	if (template_render_file(path.s, data, esc, &text, err) < 0 ||
	    outfile_open(&of, out_dir, name, err) < 0)
		goto out;
	if (fwrite(text.s, 1, text.len, of.fp) != text.len) {
		diag_set(err, CW_OUTPUT, "cannot write '%s': %s", of.final, strerror(errno));
		outfile_abort(&of);
		goto out;
	}
	if (outfile_commit(&of, NULL, err) < 0)
		goto out;
	ret = 0;
out:
	buf_release(&path);
	buf_release(&text);
	return ret;
}

int charter_data_new(const char *evidence, const struct charter_sink *sink, struct tval **out,
		     struct diag *err)
{
	struct tval *root = tval_object(), *ev = tval_set_object(root, "evidence");

	if (evidence && (check_evidence(evidence, sink, err) < 0 || evidence_load(evidence, ev, err) < 0)) {
		tval_free(root);
		return -1;
	}
	*out = root;
	return 0;
}

int charter_write(const struct charter_options *o, int from, const struct charter_year *y,
		  const struct charter_year *prev, struct tval *data, struct diag *err)
{
	char *dir = NULL, name[64];
	int ret = -1;

	tval_set_bool(data, "has_evidence", o->evidence != NULL);
	build(data, o, from, y, prev, tval_get(data, "evidence"));
	dir = o->templates ? xstrdup(o->templates) : data_dir("templates", "charter.html");
	if (make_dirs(o->out, err) < 0)
		goto out;
	snprintf(name, sizeof(name), "charter-%s.html", o->year);
	if (render_one(dir, "charter.html", TEMPLATE_HTML, data, o->out, name, err) < 0)
		goto out;
	snprintf(name, sizeof(name), "charter-%s.md", o->year);
	if (render_one(dir, "charter.md", TEMPLATE_MARKDOWN, data, o->out, name, err) < 0)
		goto out;
	ret = 0;
out:
	free(dir);
	return ret;
}
