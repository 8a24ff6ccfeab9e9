/*
 * charterreg.c: what the official registers said of the year's payees, put
 * into the Charter report's data (charterreg.h): who identified them and
 * with how much spend, the s54 duty the registers decided, the companies
 * no longer active, the register snapshots used.
 */
#include <stdio.h>
#include <string.h>

#include "chainwatch/amount.h"
#include "chainwatch/buf.h"
#include "chainwatch/date.h"
#include "chainwatch/template.h"
#include "charterreg.h"

static const struct {
	const char *label;
	int always;                  /* a row even when no supplier is in it */
} registers[CHARTER_REGISTERS] = {
	[CHARTER_REG_COMPANIES] = { "Companies House register", 1 },   /* when one was used */
	[CHARTER_REG_COMPANIES_API] = { "Companies House, looked up online (its API)", 0 },
	[CHARTER_REG_CHARITY_EW] = { "Charity Commission register (England and Wales)", 0 },
	[CHARTER_REG_CHARITY_SC] = { "Scottish Charity Register (OSCR)", 0 },
	[CHARTER_REG_CHARITY_NI] = { "Charity Commission for Northern Ireland register", 0 },
	[CHARTER_REG_PUBLIC] = { "Register of public bodies (councils, NHS, government, police, "
				 "universities)", 1 },
	[CHARTER_REG_INDIVIDUAL] = { "Individuals (people paid; never named)", 0 },
	[CHARTER_REG_NONE] = { "Not identified on any register", 1 },
};

static const char *const statuses[CHARTER_STATUSES] = {
	"Open (not yet reviewed)", "Under review", "Cleared", "Action plan", "Escalated",
	"Referred",
};

/* "1 December 2026" or "1 December 2026 and 1 November 2026" for a 0-ended list */
static void dates_text(struct buf *b, const int32_t *d)
{
	char t[24];
	size_t i;

	for (i = 0; d[i]; i++) {
		buf_printf(b, "%s", i == 0 ? "" : d[i + 1] ? ", " : " and ");
		if (*date_format_long(d[i], t))
			buf_adds(b, t);
		else
			buf_printf(b, "%d", (int)d[i]);
	}
}

/* Which snapshots the year's scans looked in, as one phrase. */
static void snapshots(struct tval *o, const struct charter_year *y)
{
	struct buf b;
	long api = y->reg_suppliers[CHARTER_REG_COMPANIES_API];

	buf_init(&b, 0);
	if (y->companies_dates[0]) {
		buf_printf(&b, "the Companies House register of ");
		dates_text(&b, y->companies_dates);
	}
	if (api)
		buf_printf(&b, "%sthe Companies House API, online (%ld supplier%s)", b.len ? "; " : "",
			   api, api == 1 ? "" : "s");
	if (y->charities_dates[0]) {
		buf_printf(&b, "%sthe charity registers of ", b.len ? "; " : "");
		dates_text(&b, y->charities_dates);
	}
	buf_printf(&b, "%sthe register of public bodies that comes with chainwatch",
		   b.len ? "; " : "");
	tval_set_str(o, "snapshots", b.s);
	buf_release(&b);
}

static void scope_row(struct tval *list, const char *label, const char *duty, long n)
{
	struct tval *r;

	if (!n)
		return;
	r = tval_append_object(list);
	tval_set_str(r, "label", label);
	tval_set_str(r, "duty", duty);
	tval_set_int(r, "suppliers", n);
}

long charter_registers_out_of_scope(const struct charter_year *y)
{
	return y->scope_micro + y->scope_small + y->scope_dormant + y->scope_charity_under;
}

static void scope(struct tval *o, const struct charter_year *y)
{
	struct tval *list = tval_set_list(o, "scope");
	long out = charter_registers_out_of_scope(y);

	scope_row(list, "Micro-entity accounts at Companies House", "not required", y->scope_micro);
	scope_row(list, "Small-company accounts at Companies House (small, total exemption, "
		  "abridged)", "not required", y->scope_small);
	scope_row(list, "Dormant company accounts at Companies House", "not required",
		  y->scope_dormant);
	scope_row(list, "Charity income under £36 million", "not required",
		  y->scope_charity_under);
	scope_row(list, "Charity income of £36 million or more", "likely, if it trades",
		  y->scope_charity_over);
	tval_set_bool(o, "has_scope", tval_count(list) > 0);
	tval_set_int(o, "scope_out", out);
	tval_set_count(o, "scope_out_text", out, "supplier", "suppliers");
	tval_set_int(o, "scope_likely", y->scope_charity_over);
}

static void inactive(struct tval *o, const struct charter_year *y)
{
	struct tval *in, *list;
	char m[48];
	int i;

	if (!y->inactive_flags)
		return;
	in = tval_set_object(o, "inactive");
	tval_set_int(in, "flags", y->inactive_flags);
	tval_set_count(in, "flags_text", y->inactive_flags, "flag was", "flags were");
	tval_set_str(in, "spend", amount_format_pounds(y->inactive_pence, m));
	tval_set_int(in, "open", y->inactive_status[0]);
	list = tval_set_list(in, "statuses");
	for (i = 0; i < CHARTER_STATUSES; i++) {
		struct tval *r;

		if (!y->inactive_status[i])
			continue;
		r = tval_append_object(list);
		tval_set_str(r, "status", statuses[i]);
		tval_set_int(r, "flags", y->inactive_status[i]);
	}
}

void charter_registers_add(struct tval *root, const struct charter_year *y)
{
	struct tval *o, *rows;
	int64_t total = 0, known_pence = 0;
	long known = 0;
	char m[48], t[256];
	int i, companies;

	if (!y->scans || !y->registers_used)
		return;
	o = tval_set_object(root, "registers");
	companies = y->companies_dates[0] || y->reg_suppliers[CHARTER_REG_COMPANIES] ||
		    y->reg_suppliers[CHARTER_REG_COMPANIES_API] || y->inactive_flags;
	tval_set_bool(o, "companies_used", companies);
	for (i = 0; i < CHARTER_REGISTERS; i++)
		total += y->reg_pence[i];
	for (i = 0; i <= CHARTER_REG_PUBLIC; i++) {
		known += y->reg_suppliers[i];
		known_pence += y->reg_pence[i];
	}
	rows = tval_set_list(o, "rows");
	for (i = 0; i < CHARTER_REGISTERS; i++) {
		struct tval *r;

		if (!registers[i].always && !y->reg_suppliers[i])
			continue;
		if (i == CHARTER_REG_COMPANIES && !companies && !y->reg_suppliers[i])
			continue;    /* no Companies House snapshot: no row of nothing */
		r = tval_append_object(rows);
		tval_set_str(r, "label", registers[i].label);
		tval_set_int(r, "suppliers", y->reg_suppliers[i]);
		tval_set_str(r, "spend", amount_format_pounds(y->reg_pence[i], m));
		tval_set_pct(r, "spend_pct", y->reg_pence[i], total);
	}
	tval_set_int(o, "identified", known);
	tval_set_count(o, "identified_text", known, "supplier", "suppliers");
	tval_set_str(o, "identified_spend", amount_format_pounds(known_pence, m));
	tval_set_pct(o, "identified_pct", known_pence, total);
	tval_set_count(o, "individuals_text", y->reg_suppliers[CHARTER_REG_INDIVIDUAL], "individual",
		       "individuals");
	tval_set_str(o, "individuals_spend",
		     amount_format_pounds(y->reg_pence[CHARTER_REG_INDIVIDUAL], m));
	tval_set_int(o, "unidentified", y->reg_suppliers[CHARTER_REG_NONE]);
	tval_set_count(o, "unidentified_text", y->reg_suppliers[CHARTER_REG_NONE], "supplier",
		       "suppliers");
	tval_set_str(o, "unidentified_spend",
		     amount_format_pounds(y->reg_pence[CHARTER_REG_NONE], m));
	tval_set_pct(o, "unidentified_pct", y->reg_pence[CHARTER_REG_NONE], total);
	snapshots(o, y);
	if (y->register_scans < y->scans) {
		snprintf(t, sizeof(t), "%ld of the year's %ld scans looked in a Companies House or "
			 "charity register; a supplier only the others paid counts as not identified.",
			 y->register_scans, y->scans);
		tval_set_str(o, "partial", t);
	}
	scope(o, y);
	inactive(o, y);
}

void charter_registers_caveat(struct tval *caveats, const struct charter_year *y)
{
	if (!y->scans || y->registers_used)
		return;
	if (y->registers_unrecorded)
		tval_append_str(caveats, "The year's scans ran before chainwatch recorded what the "
				"Companies House and charity registers said of each payee: scan the "
				"year again to report it.");
	else
		tval_append_str(caveats, "No Companies House or charity register was used: "
				"suppliers were identified from their names and the council's own "
				"records only.");
}
