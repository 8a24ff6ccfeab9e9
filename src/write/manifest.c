#include <stdio.h>

#include "chainwatch/headerfind.h"
#include "chainwatch/json.h"
#include "chainwatch/manifest.h"
#include "chainwatch/tenders.h"

static void put_date(struct jwriter *w, const char *key, int32_t ymd)
{
	char d[16];

	jw_key(w, key);
	if (ymd)
		jw_string(w, date_format(ymd, d));
	else
		jw_null(w);
}

/* A registry year the suppliers were matched against. */
static void put_registry(struct jwriter *w, const struct registry_snapshot *g)
{
	jw_object_begin(w);
	jw_key(w, "year");
	jw_int(w, g->year);
	jw_key(w, "source");
	jw_string(w, g->source);
	jw_key(w, "sha256");
	jw_string(w, g->sha256);
	jw_key(w, "rows");
	jw_int(w, (long long)g->rows);
	jw_key(w, "statements");
	jw_int(w, (long long)g->statements);
	jw_key(w, "loaded");
	jw_string(w, g->loaded);
	jw_object_end(w);
}

/* "key": {"blank": ..., "total": ..., "report_control": ...}: skipped rows by kind. */
static void put_skipped_kinds(struct jwriter *w, const char *key, long long blank,
			      long long total, long long control)
{
	jw_key(w, key);
	jw_object_begin(w);
	jw_key(w, "blank");
	jw_int(w, blank);
	jw_key(w, "total");
	jw_int(w, total);
	jw_key(w, "report_control");
	jw_int(w, control);
	jw_object_end(w);
}

/* The pence of skipped and rejected spend rows: the file reconciles in money too. */
static void put_unaccepted_money(struct jwriter *w, const struct input_stats *in)
{
	jw_key(w, "skipped_pence");
	jw_int(w, (long long)(in->skipped_blank_pence + in->skipped_total_pence +
			      in->skipped_control_pence));
	put_skipped_kinds(w, "skipped_pence_by_kind", (long long)in->skipped_blank_pence,
			  (long long)in->skipped_total_pence, (long long)in->skipped_control_pence);
	jw_key(w, "rejected_pence");
	jw_int(w, (long long)in->rejected_pence);
	jw_key(w, "rejected_without_amount");
	jw_int(w, (long long)in->rejected_no_amount);
}

/* "key": {"suppliers": N, "spend_pence": P} */
static void tally_object(struct jwriter *w, const char *key, const struct report_tally *t)
{
	jw_key(w, key);
	jw_object_begin(w);
	jw_key(w, "suppliers");
	jw_int(w, (long long)t->suppliers);
	jw_key(w, "spend_pence");
	jw_int(w, (long long)t->spend_pence);
	jw_object_end(w);
}

static void put_input(struct jwriter *w, const struct input_stats *in)
{
	int r;

	jw_object_begin(w);
	jw_key(w, "kind");
	jw_string(w, in->kind == INPUT_SPEND ? "spend" : "suppliers");
	jw_key(w, "path");
	jw_string(w, in->path);
	jw_key(w, "sha256");
	jw_string(w, in->sha256);
	jw_key(w, "bytes");
	jw_int(w, (long long)in->bytes);
	jw_key(w, "encoding");
	jw_string(w, encoding_name(in->encoding));
	jw_key(w, "header_line");
	jw_int(w, (long long)in->header_line);
	jw_key(w, "profile");
	jw_string(w, in->profile);
	jw_key(w, "date_order");
	jw_string(w, date_order_name(in->date_order));
	jw_key(w, "columns");
	jw_object_begin(w);
	for (r = 0; r < COL__COUNT; r++)
		if (in->columns[r]) {
			jw_key(w, col_role_name((enum col_role)r));
			jw_string(w, in->columns[r]);
		}
	jw_object_end(w);
	/* how each column was recognised: "header", "content", "header and content", "profile" */
	jw_key(w, "column_evidence");
	jw_object_begin(w);
	for (r = 0; r < COL__COUNT; r++)
		if (in->columns[r]) {
			jw_key(w, col_role_name((enum col_role)r));
			jw_string(w, col_evidence_name((enum col_evidence)in->evidence[r]));
		}
	jw_object_end(w);
	jw_key(w, "supplier_ids_ignored");
	jw_int(w, (long long)in->ids_ignored);
	jw_key(w, "supplier_ids_shared");
	jw_int(w, (long long)in->ids_shared);
	if (in->ids_ignored) {
		jw_key(w, "supplier_id_ignored_example");
		jw_string(w, in->id_example);
	}
	if (in->period[0]) {
		jw_key(w, "period");
		jw_string(w, in->period);
		jw_key(w, "period_source");
		jw_string(w, in->period_source);
	}
	jw_key(w, "records");
	jw_int(w, (long long)in->records);
	jw_key(w, "accepted");
	jw_int(w, (long long)in->accepted);
	jw_key(w, "skipped");
	jw_int(w, (long long)in->skipped);
	put_skipped_kinds(w, "skipped_reasons", (long long)in->skipped_blank,
			  (long long)in->skipped_total, (long long)in->skipped_control);
	jw_key(w, "rejected");
	jw_int(w, (long long)in->rejected);
	if (in->kind == INPUT_SPEND)
		put_unaccepted_money(w, in);
	jw_key(w, "repaired");
	jw_int(w, (long long)in->repaired);
	jw_key(w, "accepted_pence");
	jw_int(w, (long long)in->accepted_pence);
	jw_key(w, "redacted");
	jw_int(w, (long long)in->redacted);
	jw_key(w, "redacted_pence");
	jw_int(w, (long long)in->redacted_pence);
	/* rows per redaction wording that matched ("= REDACTED": 12) */
	jw_key(w, "redaction_wordings");
	jw_object_begin(w);
	for (r = 0; r < (int)in->nredactions; r++) {
		jw_key(w, in->redaction_wordings[r]);
		jw_int(w, (long long)in->redaction_counts[r]);
	}
	jw_object_end(w);
	jw_key(w, "undated");
	jw_int(w, (long long)in->undated);
	put_date(w, "first_date", in->first_date);
	put_date(w, "last_date", in->last_date);
	jw_key(w, "reconciles");
	jw_bool(w, in->records == in->accepted + in->skipped + in->rejected);
	jw_object_end(w);
}

int manifest_render(const struct scan_report *r, const struct manifest_settings *s,
		    struct buf *out)
{
	struct jwriter w;
	char t[32];
	size_t i;

	jw_init(&w, out);
	jw_object_begin(&w);
	jw_key(&w, "manifest_version");
	jw_int(&w, 1);
	jw_key(&w, "run_id");
	jw_string(&w, r->run.id);
	jw_key(&w, "tool");
	jw_string(&w, "chainwatch");
	jw_key(&w, "tool_version");
	jw_string(&w, r->run.tool_version);
	jw_key(&w, "council");
	jw_string(&w, r->run.council);
	jw_key(&w, "period");
	jw_string(&w, r->run.period);
	jw_key(&w, "started");
	jw_string(&w, run_time_format(r->run.started, t));
	jw_key(&w, "finished");
	jw_string(&w, run_time_format(r->run.finished, t));
	jw_key(&w, "inputs");
	jw_array_begin(&w);
	for (i = 0; i < r->ninputs; i++)
		put_input(&w, &r->inputs[i]);
	jw_array_end(&w);
	/* workbook sheets not read: lookup, notes, hidden or empty sheets, and why */
	jw_key(&w, "skipped_inputs");
	jw_array_begin(&w);
	for (i = 0; i < r->nskipped_tables; i++) {
		jw_object_begin(&w);
		jw_key(&w, "path");
		jw_string(&w, r->skipped_tables[i].name);
		jw_key(&w, "reason");
		jw_string(&w, r->skipped_tables[i].reason);
		jw_object_end(&w);
	}
	jw_array_end(&w);
	jw_key(&w, "reference_files");
	jw_array_begin(&w);
	for (i = 0; r->reference && i < reference_file_count(r->reference); i++) {
		const struct reference_file *f = reference_file_at(r->reference, i);

		jw_object_begin(&w);
		jw_key(&w, "path");
		jw_string(&w, f->path);
		jw_key(&w, "sha256");
		jw_string(&w, f->sha256);
		jw_key(&w, "version");
		jw_string(&w, f->version);
		jw_key(&w, "source");
		jw_string(&w, f->source);
		jw_object_end(&w);
	}
	jw_array_end(&w);
	if (r->tender_check) {
		const struct tender_check *tc = r->tender_check;

		jw_key(&w, "tenders");
		jw_object_begin(&w);
		jw_key(&w, "path");
		jw_string(&w, tc->path);
		jw_key(&w, "format");
		jw_string(&w, tc->format);
		jw_key(&w, "sha256");
		jw_string(&w, tc->sha256);
		jw_key(&w, "bytes");
		jw_int(&w, (long long)tc->bytes);
		jw_key(&w, "records");
		jw_int(&w, (long long)tc->records);
		jw_key(&w, "accepted");
		jw_int(&w, (long long)tc->accepted);
		jw_key(&w, "rejected");
		jw_int(&w, (long long)tc->rejected);
		jw_key(&w, "investigate");
		jw_int(&w, (long long)tender_check_count(tc, ALT_INVESTIGATE));
		jw_key(&w, "note");
		jw_int(&w, (long long)tender_check_count(tc, ALT_NOTE));
		jw_key(&w, "cardinal_tenders_compared");
		jw_int(&w, (long long)tc->cardinal.nkept);
		jw_key(&w, "wage_tables");
		jw_object_begin(&w);
		jw_key(&w, "path");
		jw_string(&w, r->wages_path);
		jw_key(&w, "sha256");
		jw_string(&w, r->wages_sha256);
		jw_key(&w, "version");
		jw_string(&w, r->wages_version);
		jw_object_end(&w);
		jw_object_end(&w);
	}
	jw_key(&w, "registry");
	jw_array_begin(&w);
	for (i = 0; i < r->nregistry; i++)
		put_registry(&w, &r->registry[i]);
	jw_array_end(&w);
	jw_key(&w, "settings");
	jw_object_begin(&w);
	jw_key(&w, "db");
	jw_string(&w, s->db);
	jw_key(&w, "profile");
	jw_string(&w, s->profile);
	jw_key(&w, "max_reject_rate_percent");
	{
		char pct[32];

		snprintf(pct, sizeof(pct), "%ld.%04ld", s->max_reject_ppm / 10000,
			 s->max_reject_ppm % 10000);
		jw_string(&w, pct);
	}
	jw_key(&w, "strict");
	jw_bool(&w, s->strict);
	jw_object_end(&w);
	jw_key(&w, "totals");
	jw_object_begin(&w);
	jw_key(&w, "suppliers");
	jw_int(&w, (long long)r->nsuppliers);
	{
		static const enum tier tiers[] = { TIER_HIGH, TIER_MEDIUM, TIER_LOW, TIER_GREY };
		size_t ti;

		jw_key(&w, "suppliers_by_tier");
		jw_object_begin(&w);
		for (ti = 0; ti < 4; ti++)
			tally_object(&w, tier_name(tiers[ti]), &r->totals.by_tier[tiers[ti]]);
		jw_object_end(&w);
	}
	{
		/* who the payees are: public bodies and individual payees counted apart */
		size_t ti;

		jw_key(&w, "suppliers_by_entity");
		jw_object_begin(&w);
		for (ti = ENTITY_UNKNOWN; ti <= ENTITY_INDIVIDUAL; ti++)
			tally_object(&w, entity_type_name((enum entity_type)ti),
				     &r->totals.by_entity[ti]);
		jw_object_end(&w);
	}
	jw_key(&w, "flags");
	jw_int(&w, (long long)r->nflags);
	if (r->nregistry) {
		static const enum statement_status st[] = { STATEMENT_CURRENT, STATEMENT_STALE,
			STATEMENT_NOT_FOUND, STATEMENT_AMBIGUOUS, STATEMENT_NOT_APPLICABLE };
		size_t k;

		jw_key(&w, "statements");
		jw_object_begin(&w);
		for (k = 0; k < sizeof(st) / sizeof(st[0]); k++) {
			jw_key(&w, statement_status_name(st[k]));
			jw_int(&w, (long long)r->totals.by_statement[st[k]]);
		}
		jw_object_end(&w);
	}
	jw_key(&w, "spend_pence");
	jw_int(&w, (long long)r->spend_pence);
	jw_key(&w, "redacted_rows");
	jw_int(&w, (long long)r->redacted_rows);
	jw_key(&w, "redacted_pence");
	jw_int(&w, (long long)r->redacted_pence);
	jw_key(&w, "rejected_rows");
	jw_int(&w, (long long)r->rejections_total);
	put_date(&w, "first_date", r->first_date);
	put_date(&w, "last_date", r->last_date);
	jw_object_end(&w);
	jw_key(&w, "outputs");
	jw_array_begin(&w);
	for (i = 0; i < r->noutputs; i++) {
		jw_object_begin(&w);
		jw_key(&w, "path");
		jw_string(&w, r->outputs[i].name);
		jw_key(&w, "sha256");
		jw_string(&w, r->outputs[i].sha256);
		jw_object_end(&w);
	}
	jw_array_end(&w);
	jw_object_end(&w);
	return jw_finish(&w);
}
