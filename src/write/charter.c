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
#include "chainwatch/flags.h"
#include "chainwatch/outfile.h"
#include "chainwatch/run.h"
#include "chainwatch/template.h"
#include "chainwatch/version.h"
#include "chainwatch/xalloc.h"
#include "charterreg.h"

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
	{ "C10", "published_text", "Published" },
};

static const struct {
	const char *area, *ids, *text;
} areas[] = {
	{ "Organisation structure and supply chains", "C7, C10",
	  "The spend reviewed and the suppliers paid, from the council's own payments, by risk "
	  "tier." },
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

/* Why a computed figure cannot be given, and where the ones given come from. */
struct sources {
	const char *no_scans;        /* NULL when the year has scans, else why */
	char why[96];
	char scans[128];             /* "the year's 5 scans (2025-04 to 2026-01)" */
	char registry[128];
	char bids[96];
	const char *flags;
};

static void set_money(struct tval *o, const char *key, int64_t pence)
{
	char m[48];

	tval_set_str(o, key, amount_format_pounds(pence, m));
}

/* A row of a figures table: value NULL is "not available", saying why.  Returns the row. */
static struct tval *metric(struct tval *list, const char *label, const char *value,
			   const char *source, const char *reason)
{
	struct tval *m = tval_append_object(list);

	tval_set_str(m, "label", label);
	if (value)
		tval_set_str(m, "value", value);
	else
		tval_set_str(m, "reason", reason ? reason : "not known");
	if (source && *source)
		tval_set_str(m, "source", source);
	return m;
}

static void metric_n(struct tval *list, const char *label, long n, const char *source)
{
	char t[32];

	snprintf(t, sizeof(t), "%ld", n);
	metric(list, label, t, source, NULL);
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

/* A supplied count, or -1 when it is not supplied. */
static long evidence_count(struct tval *ev, const char *id, const char *path)
{
	const char *v = evidence_value(ev, id, path);
	long n = 0;

	if (!v || !*v)
		return -1;
	for (; *v; v++) {
		if (*v < '0' || *v > '9' || n > (LONG_MAX - 9) / 10)
			return -1;
		n = n * 10 + (*v - '0');
	}
	return n;
}

/* C2: the suppliers the Companies House or charity registers put outside the duty. */
static void registers_scope(struct tval *list, const struct charter_year *y)
{
	if (y->registers_used)
		metric_n(list, "Suppliers outside the duty on the Companies House or charity "
			 "registers (small, micro-entity or dormant accounts; charity income under "
			 "£36m)", charter_registers_out_of_scope(y), "the Companies House and charity "
			 "registers, at each supplier's latest scan of the year");
}

/* The figures computed for commitment id, and in *from where they all come from. */
static void computed_metrics(struct tval *list, const char *id, const struct charter_year *y,
			     const struct sources *src, const char **from)
{
	char m[48], t[96];

	if (!strcmp(id, "C2")) {
		if (src->no_scans) {
			metric(list, "Suppliers checked on the Modern Slavery Statement Registry", NULL,
			       NULL, src->no_scans);
			return;
		}
		if (!y->registry_checked) {
			metric(list, "Suppliers checked on the Modern Slavery Statement Registry", NULL,
			       NULL, y->registry_loaded[0] ? "the year's scans ran before the registry "
			       "was loaded, so they did not check it" : "no registry data was loaded");
			registers_scope(list, y);
			return;
		}
		*from = src->registry;
		metric_n(list, "Suppliers in scope of the Act on their turnover (£36m or more on the "
			 "registry or in the supplier master)", y->scope_turnover, src->registry);
		metric_n(list, "Suppliers likely in scope on council spend or group membership alone "
			 "(turnover unknown)", y->scope_spend, src->registry);
		metric_n(list, "Suppliers with a current statement on the registry",
			 y->statement_current, src->registry);
		metric_n(list, "Suppliers whose latest statement is stale", y->statement_stale,
			 src->registry);
		metric_n(list, "Suppliers likely in scope with no statement found on the registry",
			 y->statement_not_found, src->registry);
		metric_n(list, "Suppliers whose registry match needs confirming",
			 y->statement_ambiguous, src->registry);
		registers_scope(list, y);
	} else if (!strcmp(id, "C3")) {
		const char *why = y->bids_checked ? NULL : "no bid file was checked in the year "
			"(scan --tenders, or chainwatch tenders)";

		if (why) {
			metric(list, "Bids checked for abnormally low prices", NULL, NULL, why);
			return;
		}
		*from = src->bids;
		metric_n(list, "Tenders (lots) checked for abnormally low prices", y->tenders_checked,
			 src->bids);
		metric_n(list, "Bids checked", y->bids_checked, src->bids);
		metric_n(list, "Bids to investigate (bidder to be asked to explain)",
			 y->bids_investigate, src->bids);
		metric_n(list, "Bids noted", y->bids_note, src->bids);
	} else if (!strcmp(id, "C7")) {
		*from = src->scans;
		metric_n(list, "Monthly scans run", y->scans, src->scans);
		snprintf(t, sizeof(t), "%ld of 12", y->months_covered);
		metric(list, "Months of spend covered", t, src->scans, NULL);
		if (src->no_scans) {
			metric(list, "Spend reviewed", NULL, NULL, src->no_scans);
			metric(list, "Suppliers assessed", NULL, NULL, src->no_scans);
			return;
		}
		metric(list, "Spend reviewed", amount_format_pounds(y->spend_pence - y->redacted_pence,
								     m), src->scans, NULL);
		metric_n(list, "Suppliers assessed", y->suppliers, src->scans);
		metric_n(list, "Suppliers in the High tier", y->tier_suppliers[0], src->scans);
		metric(list, "Spend with High-tier suppliers", amount_format_pounds(y->tier_pence[0], m),
		       src->scans, NULL);
	} else if (!strcmp(id, "C8")) {
		if (src->no_scans) {
			metric(list, "Flags raised for review", NULL, NULL, src->no_scans);
			return;
		}
		*from = src->flags;
		metric_n(list, "Flags raised for review", y->flags_raised, src->flags);
		metric_n(list, "Flags cleared after review", y->flags_cleared, src->flags);
		metric_n(list, "Flags still open", y->flags_open, src->flags);
		metric_n(list, "Decisions recorded by contract managers", y->reviews, src->flags);
	} else if (!strcmp(id, "C10")) {
		*from = "the council's records in the database";
		metric(list, "This report", "generated from the council's own records", *from, NULL);
	}
}

/*
 * Where a supplied claim and a computed figure speak of the same thing and
 * disagree, say so beside them, with the difference.  Returns 1 when the
 * supplied status is not borne out.
 */
static int check_claims(struct tval *c, const char *id, struct tval *ev, const char *status,
			const char *done, const struct charter_year *y)
{
	struct tval *checks = tval_set_list(c, "checks");
	char t[512];
	int contradicted = 0;

	if (!strcmp(id, "C3")) {
		long asked = evidence_count(ev, "C3", "explanations_requested");

		if (asked >= 0 && !y->bids_checked) {
			snprintf(t, sizeof(t), "Not checked: staff say %ld bidder%s %s asked to explain "
				 "a low price, but no bid file was checked in the year, so there is no "
				 "computed figure to set it against.", asked, asked == 1 ? "" : "s",
				 asked == 1 ? "was" : "were");
			tval_append_str(checks, t);
		} else if (asked >= 0 && asked != y->bids_investigate) {
			long d = asked > y->bids_investigate ? asked - y->bids_investigate :
				 y->bids_investigate - asked;

			snprintf(t, sizeof(t), "Supplied and computed figures differ by %ld: staff say "
				 "%ld bidder%s %s asked to explain a low price; the bid files checked "
				 "flag %ld bid%s to investigate. %s", d, asked, asked == 1 ? "" : "s",
				 asked == 1 ? "was" : "were", y->bids_investigate,
				 y->bids_investigate == 1 ? "" : "s", asked > y->bids_investigate ?
				 "The records chainwatch holds do not explain the difference." :
				 "Not every flagged bid was challenged.");
			tval_append_str(checks, t);
			if (asked < y->bids_investigate && status && !strcmp(status, "met"))
				contradicted = 1;
		}
	} else if (!strcmp(id, "C7") && y->months_covered < 12 && (status || done)) {
		snprintf(t, sizeof(t), "Supplied and computed figures differ: %s, but the scans "
			 "cover %ld of the 12 months of the year; %ld month%s had no scan (see About "
			 "the data).", status && !strcmp(status, "met") ? "the status above is \"met\"" :
			 "the text above is the council's own account", y->months_covered,
			 12 - y->months_covered, 12 - y->months_covered == 1 ? "" : "s");
		tval_append_str(checks, t);
		if (status && !strcmp(status, "met"))
			contradicted = 1;
	}
	return contradicted;
}

static void add_commitments(struct tval *root, struct tval *ev, const struct charter_year *y,
			    const struct sources *src)
{
	struct tval *list = tval_set_list(root, "commitments");
	size_t i, k;

	for (i = 0; i < 10; i++) {
		struct tval *c = tval_append_object(list);
		struct tval *e = tval_get(tval_get(ev, "commitments"), commitments[i].id);
		const char *id = commitments[i].id;
		const char *wording = e ? tval_str(tval_get(e, "wording")) : NULL;
		const char *status = e ? tval_str(tval_get(e, "status")) : NULL;
		const char *done = e ? tval_str(tval_get(e, "done")) : NULL;
		struct tval *paras = e ? tval_get(e, "done_paragraphs") : NULL;
		struct tval *comp = tval_set_list(c, "computed");
		struct tval *sup = tval_set_list(c, "supplied");
		struct tval *acts = e ? tval_get(e, "actions") : NULL;
		const char *from = NULL;

		tval_set_str(c, "id", id);
		tval_set_str(c, "title", commitments[i].title);
		tval_set_str(c, "wording", wording ? wording : commitments[i].wording);
		if (done) {
			tval_set_str(c, "done", done);
			if (paras)
				tval_copy(c, "done_paragraphs", paras);
		}
		tval_set_str(c, "status", status ? status : "not stated");
		if (check_claims(c, id, ev, status, done, y))
			tval_set_bool(c, "status_contradicted", 1);
		computed_metrics(comp, id, y, src, &from);
		if (from && *from)
			tval_set_str(c, "computed_from", from);
		tval_set_bool(c, "has_computed", tval_count(comp) > 0);
		for (k = 0; k < sizeof(supplied) / sizeof(supplied[0]); k++) {
			const char *v;
			struct tval *row;

			if (strcmp(supplied[k].id, id) != 0)
				continue;
			v = evidence_value(ev, id, supplied[k].name);
			row = metric(sup, supplied[k].label, v, "evidence file", "not supplied");
			if (v && strstr(supplied[k].name, "url"))   /* a link, broken anywhere */
				tval_set_str(row, "url", v);
		}
		tval_set_bool(c, "has_supplied", tval_count(sup) > 0);
		if (acts && tval_count(acts))
			tval_copy(c, "actions", acts);
	}
}

/* ---- charts: inline SVG with a title and a description, and the same numbers as a table ---- */

/*
 * Bars with their label above each, so a long label never runs off the
 * left; the viewBox scales the chart down to the width of a phone.
 */
static void svg_bars(struct buf *b, const char *id, const char *title, const char *desc,
		     const char *const *labels, const double *values, const char *const *shown,
		     size_t n)
{
	double max = 0;
	size_t i;
	int h = 12 + 52 * (int)n;

	for (i = 0; i < n; i++)
		if (values[i] > max)
			max = values[i];
	buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 400 %d\" "
		   "width=\"400\" height=\"%d\" aria-labelledby=\"%s-title %s-desc\">"
		   "<title id=\"%s-title\">%s</title><desc id=\"%s-desc\">%s</desc>", h, h, id, id, id,
		   title, id, desc);
	for (i = 0; i < n; i++) {
		int y = 6 + 52 * (int)i;
		int w = max > 0 ? (int)(280.0 * values[i] / max + 0.5) : 0;

		buf_printf(b, "<text x=\"0\" y=\"%d\" font-size=\"17\" fill=\"#1a1a1a\">%s</text>",
			   y + 16, labels[i]);
		buf_printf(b, "<rect x=\"0\" y=\"%d\" width=\"%d\" height=\"22\" fill=\"#1f4e78\"/>",
			   y + 22, w > 0 ? w : 1);
		buf_printf(b, "<text x=\"%d\" y=\"%d\" font-size=\"17\" fill=\"#1a1a1a\">%s</text>",
			   w + 6, y + 39, shown[i]);
	}
	buf_adds(b, "</svg>");
}

static void add_chart(struct tval *root, const char *key, const char *id, const char *title,
		      const char *desc, const char *const *labels, const double *values,
		      const char *const *shown, size_t n)
{
	struct tval *c = tval_set_object(root, key);
	struct buf svg;

	buf_init(&svg, 0);
	svg_bars(&svg, id, title, desc, labels, values, shown, n);
	tval_set_str(c, "id", id);
	tval_set_str(c, "title", title);
	tval_set_str(c, "desc", desc);
	tval_set_str(c, "svg", svg.s);
	buf_release(&svg);
}

static const char *kind_label(const char *kind)
{
	const char *l = flag_kind_label_named(kind);

	return l ? l : kind;
}

static void add_charts(struct tval *root, const struct charter_year *y)
{
	double v[CHARTER_MAX_KINDS];
	const char *labels[CHARTER_MAX_KINDS];
	char shown_buf[CHARTER_MAX_KINDS][48];
	const char *shown[CHARTER_MAX_KINDS];
	size_t i;

	for (i = 0; i < CHARTER_TIERS; i++) {
		labels[i] = tier_names[i];
		v[i] = (double)y->tier_pence[i] / 100.0;
		shown[i] = amount_format_pounds(y->tier_pence[i], shown_buf[i]);
	}
	if (y->spend_pence > 0)
		add_chart(root, "tier_chart", "chart-tier", "Spend by risk tier", "The year's spend "
			  "with suppliers in each risk tier: High, Medium, Low, and Grey (not enough "
			  "data to judge).", labels, v, shown, CHARTER_TIERS);
	for (i = 0; i < y->nkinds; i++) {
		labels[i] = kind_label(y->kinds[i].kind);
		v[i] = (double)y->kinds[i].raised;
		snprintf(shown_buf[i], sizeof(shown_buf[i]), "%ld", y->kinds[i].raised);
		shown[i] = shown_buf[i];
	}
	if (y->flags_raised)        /* a chart of zeros shows nothing */
		add_chart(root, "flag_chart", "chart-flags", "Flags raised by kind", "How many flags "
			  "of each kind were raised for review in the year.", labels, v, shown,
			  y->nkinds);
}

static void add_comparison(struct tval *root, const struct charter_year *y,
			   const struct charter_year *prev)
{
	struct tval *rows = tval_set_list(root, "comparison");
	char a[48], b[48];
	const struct { const char *label; long now, then; int bids; } counts[] = {
		{ "Monthly scans run", y->scans, prev->scans, 0 },
		{ "Months of spend covered", y->months_covered, prev->months_covered, 0 },
		{ "Suppliers assessed", y->suppliers, prev->suppliers, 0 },
		{ "Suppliers in the High tier", y->tier_suppliers[0], prev->tier_suppliers[0], 0 },
		{ "Flags raised", y->flags_raised, prev->flags_raised, 0 },
		{ "Flags cleared", y->flags_cleared, prev->flags_cleared, 0 },
		{ "Bids to investigate", y->bids_investigate, prev->bids_investigate, 1 },
		{ "Decisions recorded", y->reviews, prev->reviews, 0 },
	};
	struct tval *r;
	size_t i;

	r = tval_append_object(rows);
	tval_set_str(r, "label", "Spend reviewed");
	tval_set_str(r, "now", amount_format_pounds(y->spend_pence - y->redacted_pence, a));
	tval_set_str(r, "then", amount_format_pounds(prev->spend_pence - prev->redacted_pence, b));
	for (i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
		r = tval_append_object(rows);
		tval_set_str(r, "label", counts[i].label);
		/* no bid file checked: not known, not 0 */
		if (!counts[i].bids || y->bids_checked)
			tval_set_int(r, "now", counts[i].now);
		if (!counts[i].bids || prev->bids_checked)
			tval_set_int(r, "then", counts[i].then);
	}
}

static void add_caveats(struct tval *root, const struct charter_year *y)
{
	struct tval *list = tval_set_list(root, "caveats");
	char t[512], m[48];
	size_t i, missing = 0;
	struct buf months;

	buf_init(&months, 0);
	for (i = 0; i < 12; i++)
		if (!y->months[i]) {
			/* the financial year's months, April first */
			buf_printf(&months, "%s%s", missing++ ? ", " : "",
				   date_month_name((int)(i + 3) % 12 + 1));
		}
	if (missing == 12) {
		tval_append_str(list, "No scan covers any month of the year: the figures computed "
				"from the council's spend are not available.");
	} else if (missing) {
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
	if (y->spend_pence > 0 && !y->redacted_pence) {
		tval_append_str(list, "No payee's name is redacted in the published data.");
	} else if (y->spend_pence > 0) {
		snprintf(t, sizeof(t), "%s (%.1f%% of the spend) went to payees whose names are "
			 "redacted in the published data; it cannot be assessed.",
			 amount_format_pounds(y->redacted_pence, m),
			 100.0 * (double)y->redacted_pence / (double)y->spend_pence);
		tval_append_str(list, t);
	}
	if (y->scans) {
		snprintf(t, sizeof(t), "%ld supplier%s (%s) could not be placed in a sector and %s "
			 "shown as Grey: not enough data to judge, not low risk.", y->tier_suppliers[3],
			 y->tier_suppliers[3] == 1 ? "" : "s", amount_format_pounds(y->tier_pence[3], m),
			 y->tier_suppliers[3] == 1 ? "is" : "are");
		tval_append_str(list, t);
	}
	if (y->registry_checked) {
		snprintf(t, sizeof(t), "Statements were checked against the Home Office registry "
			 "downloads for %s. Publishing on the registry is voluntary, so a statement "
			 "not found there may still be on the supplier's website.",
			 y->registry_loaded[0] ? y->registry_loaded : "the years loaded");
		tval_append_str(list, t);
	} else if (y->scans && y->registry_loaded[0]) {
		snprintf(t, sizeof(t), "Home Office registry downloads for %s are in the database, "
			 "but the year's scans ran before they were loaded and did not check "
			 "suppliers' statements against them; scan again to check them.",
			 y->registry_loaded);
		tval_append_str(list, t);
	} else if (y->scans) {
		tval_append_str(list, "No Home Office registry data was loaded: suppliers' "
				"statements were not checked.");
	}
	charter_registers_caveat(list, y);
	tval_append_str(list, "Amounts are rounded to the nearest pound.");
	tval_append_str(list, "A risk tier or flag is an indicator for review, never a finding "
			"that modern slavery is present; no supply chain can be shown to be free of "
			"it.");
}

static void add_sources(struct sources *src, const struct charter_year *y)
{
	memset(src, 0, sizeof(*src));
	if (!y->scans) {
		snprintf(src->why, sizeof(src->why), "no scans of the council's spend are recorded "
			 "for %d-%02d", y->from, (y->from + 1) % 100);
		src->no_scans = src->why;
	}
	if (y->first_period[0] && strcmp(y->first_period, y->last_period) != 0)
		snprintf(src->scans, sizeof(src->scans), "the year's %ld scans (%s to %s)", y->scans,
			 y->first_period, y->last_period);
	else if (y->first_period[0])
		snprintf(src->scans, sizeof(src->scans), "the year's scan (%s)", y->first_period);
	else
		snprintf(src->scans, sizeof(src->scans), "the scans recorded in the database");
	snprintf(src->registry, sizeof(src->registry), "the registry check of the year's latest "
		 "scan (%s)", y->last_period);
	snprintf(src->bids, sizeof(src->bids), "the bid files checked, tenders dated in the year");
	src->flags = "the flags of the year's scans and the decisions recorded on them in the year";
}
static void build(struct tval *root, const struct charter_options *o, int from,
		  const struct charter_year *y, const struct charter_year *prev, struct tval *ev)
{
	char t[96], m[48];
	time_t now = run_clock();
	size_t i;
	struct tval *list;
	struct sources src;

	tval_set_str(root, "council", o->council);
	snprintf(t, sizeof(t), "%d-%02d", from, (from + 1) % 100);
	tval_set_str(root, "year", t);
	add_sources(&src, y);
	snprintf(t, sizeof(t), "1 April %d to 31 March %d", from, from + 1);
	tval_set_str(root, "year_span", t);
	tval_set_str(root, "generated", date_format(run_date(now), t));
	tval_set_str(root, "tool_version", CHAINWATCH_VERSION);
	tval_set_bool(root, "has_scans", y->scans > 0);
	if (src.no_scans)
		tval_set_str(root, "no_scans", src.no_scans);
	tval_set_int(root, "scans", y->scans);
	tval_set_count(root, "scans_text", y->scans, "monthly scan", "monthly scans");
	tval_set_int(root, "months_covered", y->months_covered);
	set_money(root, "spend", y->spend_pence);
	set_money(root, "spend_reviewed", y->spend_pence - y->redacted_pence);
	tval_set_pct(root, "spend_reviewed_pct", y->spend_pence - y->redacted_pence, y->spend_pence);
	tval_set_int(root, "suppliers", y->suppliers);
	tval_set_count(root, "suppliers_text", y->suppliers, "supplier", "suppliers");
	tval_set_int(root, "high_suppliers", y->tier_suppliers[0]);
	tval_set_count(root, "high_suppliers_text", y->tier_suppliers[0], "supplier was",
		       "suppliers were");
	set_money(root, "high_spend", y->tier_pence[0]);
	tval_set_pct(root, "high_spend_pct", y->tier_pence[0], y->spend_pence);
	tval_set_int(root, "flags_raised", y->flags_raised);
	tval_set_int(root, "flags_cleared", y->flags_cleared);
	tval_set_int(root, "flags_open", y->flags_open);
	tval_set_int(root, "reviews", y->reviews);
	if (y->first_period[0]) {
		tval_set_str(root, "first_period", y->first_period);
		tval_set_str(root, "last_period", y->last_period);
		if (strcmp(y->first_period, y->last_period) != 0) {
			snprintf(t, sizeof(t), "%s to %s", y->first_period, y->last_period);
			tval_set_str(root, "periods", t);
		} else {
			tval_set_str(root, "periods", y->first_period);
		}
	}
	list = tval_set_list(root, "tiers");
	for (i = 0; y->scans && i < CHARTER_TIERS; i++) {
		struct tval *r = tval_append_object(list);

		tval_set_str(r, "tier", tier_names[i]);
		tval_set_int(r, "suppliers", y->tier_suppliers[i]);
		tval_set_str(r, "spend", amount_format_pounds(y->tier_pence[i], m));
	}
	tval_set_bool(root, "has_kinds", y->nkinds > 0);
	list = tval_set_list(root, "kinds");
	for (i = 0; i < y->nkinds; i++) {
		struct tval *r = tval_append_object(list);

		tval_set_str(r, "kind", y->kinds[i].kind);
		tval_set_str(r, "label", kind_label(y->kinds[i].kind));
		tval_set_int(r, "raised", y->kinds[i].raised);
		tval_set_int(r, "cleared", y->kinds[i].cleared);
		tval_set_int(r, "open", y->kinds[i].open);
		tval_set_int(r, "other", y->kinds[i].other);
	}
	add_commitments(root, ev, y, &src);
	add_charts(root, y);
	charter_registers_add(root, y);
	add_caveats(root, y);
	if (prev->scans && y->scans) {
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
