#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chainwatch/changes.h"
#include "chainwatch/changesdb.h"
#include "chainwatch/csvout.h"
#include "chainwatch/flags.h"
#include "chainwatch/reference.h"
#include "chainwatch/store.h"
#include "chainwatch/xalloc.h"
#include "testutil.h"

#define COUNCIL "Devon County Council"

static char dir[64];
static char dbpath[128];
static struct reference *ref;

static void setup(void)
{
	struct diag err;

	strcpy(dir, "/tmp/cw-changes-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(dbpath, sizeof(dbpath), "%s/chainwatch.db", dir);
	diag_init(&err);
	ck_assert_msg(reference_load("sectors", &ref, &err) == 0, "%s", err.msg);
}

static void teardown(void)
{
	char cmd[128];

	reference_free(ref);
	ref = NULL;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* One supplier of a hand-built run, as the risk model would have left it. */
struct sup_spec {
	const char *key, *name;
	int64_t pence;
	enum tier tier;
	int score;
	const char *sector;                /* sector id, NULL: none mapped */
	enum statement_status statement;
};

/* One flag of it; the same id in two runs is the same flag. */
struct flag_spec {
	const char *id, *key;
	enum flag_kind kind;
	const char *severity;
	const char *reopened;              /* NULL: not reopened */
};

#define MAX_SUP 10
#define MAX_FLAG 10

struct run {
	struct scan_report r;
	struct supplier s[MAX_SUP];
	struct supplier *list[MAX_SUP];
	struct assessment a[MAX_SUP];
	struct flag f[MAX_FLAG];
};

static void run_build(struct run *x, const char *period, const char *id,
		      const struct sup_spec *sp, size_t n, const struct flag_spec *fs, size_t nf)
{
	size_t i, k;

	ck_assert_uint_le(n, MAX_SUP);
	ck_assert_uint_le(nf, MAX_FLAG);
	memset(x, 0, sizeof(*x));
	snprintf(x->r.run.id, sizeof(x->r.run.id), "%s", id);
	x->r.run.council = COUNCIL;
	x->r.run.period = period;
	x->r.run.tool_version = "0.1.0";
	x->r.run.started = 1767225600;
	x->r.run.finished = 1767225660;
	x->r.reference = ref;
	for (i = 0; i < n; i++) {
		struct supplier *s = &x->s[i];
		struct assessment *a = &x->a[i];

		s->key = (char *)sp[i].key;
		s->name = (char *)sp[i].name;
		s->spend_pence = sp[i].pence;
		s->transactions = 1;
		s->turnover_pence = -1;
		s->in_spend = 1;
		a->supplier = s;
		a->tier = sp[i].tier;
		a->score = sp[i].score;
		a->sector.sector = sp[i].sector ? sector_by_id(ref, sp[i].sector) : NULL;
		ck_assert_msg(!sp[i].sector || a->sector.sector, "no sector %s", sp[i].sector);
		a->statement.status = sp[i].statement;
		a->goods_score = a->origin_score = -1;
		x->list[i] = s;
		x->r.spend_pence += s->spend_pence;
	}
	x->r.suppliers = x->list;
	x->r.nsuppliers = n;
	x->r.assessments = x->a;
	for (k = 0; k < nf; k++) {
		struct flag *f = &x->f[k];

		for (i = 0; i < n && strcmp(sp[i].key, fs[k].key); i++)
			;
		ck_assert_uint_lt(i, n);
		snprintf(f->id, sizeof(f->id), "%s", fs[k].id);
		f->supplier = &x->s[i];
		f->assessment = &x->a[i];
		f->kind = fs[k].kind;
		f->severity = fs[k].severity;
		f->summary = xstrdup(fs[k].key);
		f->evidence = xstrdup("evidence");
		snprintf(f->first_seen, sizeof(f->first_seen), "%s", period);
		snprintf(f->last_seen, sizeof(f->last_seen), "%s", period);
		snprintf(f->review_status, sizeof(f->review_status), "open");
		if (fs[k].reopened)
			f->reopened = xstrdup(fs[k].reopened);
	}
	x->r.flags = x->f;
	x->r.nflags = nf;
}

static void run_release(struct run *x)
{
	size_t i;

	for (i = 0; i < x->r.nflags; i++)
		flag_release(&x->f[i]);
}

static struct store *open_ok(void)
{
	struct store *st = NULL;
	struct diag err;

	diag_init(&err);
	ck_assert_msg(store_open(dbpath, &st, &err) == 0, "%s", err.msg);
	return st;
}

static void save_ok(struct store *st, const struct scan_report *r)
{
	struct run_record rec = {
		.run = r->run, .suppliers = r->suppliers, .nsuppliers = r->nsuppliers,
		.assessments = r->assessments, .flags = r->flags, .nflags = r->nflags,
		.spend_pence = r->spend_pence,
	};
	struct diag err;

	diag_init(&err);
	ck_assert_msg(store_save_run(st, &rec, &err) == 0, "%s", err.msg);
}

/* What a scan does: the previous run from the database, then the pure diff. */
static int find_changes(struct store *st, const struct scan_report *r, struct change_list **out,
			struct diag *err)
{
	struct previous_run *prev = NULL;

	if (changesdb_previous(st, r->run.council, r->run.period, &prev, err) < 0)
		return -1;
	*out = changes_compute(r, prev);
	previous_run_free(prev);
	return 0;
}

static struct change_list *find_ok(struct store *st, const struct scan_report *r)
{
	struct change_list *cl = NULL;
	struct diag err;

	diag_init(&err);
	ck_assert_msg(find_changes(st, r, &cl, &err) == 0, "%s", err.msg);
	ck_assert_ptr_nonnull(cl);
	return cl;
}

static const char *csv_of(const struct change_list *cl, char **mem)
{
	size_t n = 0;
	FILE *fp = open_memstream(mem, &n);

	ck_assert_ptr_nonnull(fp);
	csvout_changes(fp, cl);
	ck_assert_int_eq(fclose(fp), 0);
	return *mem;
}

/* ---- the two months every kind of change is found in ---- */

static const struct sup_spec november[] = {
	{ "id:1", "Acme Care Ltd", 100000, TIER_MEDIUM, 55, "it_software", STATEMENT_CURRENT },
	{ "id:2", "Beta Cleaning", 200000, TIER_HIGH, 85, "cleaning_facilities", STATEMENT_NOT_FOUND },
	{ "id:3", "Gone Ltd", 50000, TIER_LOW, 20, "legal", STATEMENT_NOT_FOUND },
	{ "id:4", "Delta Ltd", 40000, TIER_LOW, 20, "legal", STATEMENT_NOT_FOUND },
	{ "id:5", "Echo Ltd", 30000, TIER_LOW, 20, "legal", STATEMENT_CURRENT },
	{ "id:6", "Foxtrot Ltd", 20000, TIER_LOW, 15, "it_software", STATEMENT_NOT_CHECKED },
	{ "id:8", "Hotel Ltd", 10000, TIER_LOW, 20, "legal", STATEMENT_CURRENT },
};

static const struct flag_spec november_flags[] = {
	{ "F000000000a", "id:1", FLAG_STATEMENT_INCOMPLETE, "low", NULL },
	{ "F000000000b", "id:2", FLAG_SECTOR, "high", NULL },
	{ "F000000000c", "id:2", FLAG_NO_STATEMENT, "medium", NULL },
	{ "F000000000d", "id:3", FLAG_UNMATCHED, "low", NULL },
};

static const struct sup_spec december[] = {
	{ "id:1", "Acme Care Ltd", 110000, TIER_HIGH, 80, "it_software", STATEMENT_CURRENT },
	{ "id:2", "Beta Cleaning", 150000, TIER_MEDIUM, 60, "cleaning_facilities", STATEMENT_NOT_FOUND },
	{ "id:4", "Delta Ltd", 40000, TIER_LOW, 20, "legal", STATEMENT_CURRENT },
	{ "id:5", "Echo Ltd", 30000, TIER_LOW, 20, "legal", STATEMENT_STALE },
	{ "id:6", "Foxtrot Ltd", 25000, TIER_HIGH, 85, "domiciliary_care", STATEMENT_NOT_CHECKED },
	{ "id:7", "Golf Care, Homes", 90000, TIER_HIGH, 90, "residential_care", STATEMENT_CURRENT },
	{ "id:8", "Hotel Ltd", 10000, TIER_LOW, 20, "legal", STATEMENT_NOT_FOUND },
};

static const struct flag_spec december_flags[] = {
	{ "F000000000a", "id:1", FLAG_STATEMENT_INCOMPLETE, "low",
	  "evidence rose: tier High (cleared on tier Medium)" },
	{ "F000000000b", "id:2", FLAG_SECTOR, "high", NULL },
	{ "F000000000e", "id:7", FLAG_SECTOR, "high", NULL },
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void save_november(struct store *st, const char *period, const char *id)
{
	struct run nov;

	run_build(&nov, period, id, november, N(november), november_flags, N(november_flags));
	save_ok(st, &nov.r);
	run_release(&nov);
}

#define GBP "\xc2\xa3"

/* December against November, in the order listed; NULL: not checked here. */
static const struct {
	enum change_kind kind;
	const char *key, *flag, *before, *after, *description;
} dec_changes[] = {
	{ CHANGE_NEW_SUPPLIER, "id:7", "", "", GBP "900.00",
	  "New since 2025-11: " GBP "900.00 paid this period, tier High (risk score 90)." },
	{ CHANGE_SUPPLIER_GONE, "id:3", "", GBP "500.00", "", "Paid " GBP "500.00 in 2025-11 "
	  "(tier Low), nothing this period; its 1 flag then is not counted as resolved." },
	{ CHANGE_TIER_UP, "id:1", "", "Medium", "High",
	  "Tier rose from Medium to High since 2025-11 (risk score 55 to 80)." },
	{ CHANGE_TIER_UP, "id:6", "", "Low", "High", NULL },
	{ CHANGE_TIER_DOWN, "id:2", "", "High", "Medium",
	  "Tier fell from High to Medium since 2025-11 (risk score 85 to 60)." },
	{ CHANGE_FLAG_NEW, "id:7", "F000000000e", "not raised", "high_risk_sector (high)",
	  "New flag: id:7" },
	{ CHANGE_FLAG_RESOLVED, "id:2", "F000000000c", "no_statement (medium)", "not raised",
	  "Flag no longer raised (raised in 2025-11, review status 'open'): id:2" },
	{ CHANGE_FLAG_REOPENED, "id:1", "F000000000a", "statement_incomplete (cleared)",
	  "statement_incomplete (reopened)",
	  "Cleared flag reopened: evidence rose: tier High (cleared on tier Medium). id:1" },
	{ CHANGE_STATEMENT_LAPSED, "id:5", "", "found current", "found stale", NULL },
	{ CHANGE_STATEMENT_LAPSED, "id:8", "", "found current", "not found",
	  "Statement lapsed: a current modern slavery statement was found on the registry in "
	  "2025-11; now none is found - indicator for review." },
	{ CHANGE_STATEMENT_APPEARED, "id:4", "", "not found", "found current", NULL },
	{ CHANGE_HIGH_RISK_SPEND_NEW, "id:6", "", NULL, NULL, NULL },
	{ CHANGE_HIGH_RISK_SPEND_NEW, "id:7", "", "not paid", GBP "900.00", NULL },
};

static void check_text(size_t i, const char *what, const char *got, const char *want)
{
	ck_assert_msg(!want || !strcmp(got, want), "change %zu: %s '%s', want '%s'", i, what, got,
		      want);
}

START_TEST(every_kind_of_change_against_the_previous_month)
{
	static const char csv_head[] = "\xEF\xBB\xBF" "kind,supplier_key,supplier_name,flag_id,before,"
		"after,spend_before_pence,spend_before,spend_after_pence,spend_after,description\r\n"
		"new_supplier,id:7,\"Golf Care, Homes\",,,,,,90000,900.00,\"New since 2025-11: ";
	unsigned long count[CHANGE__COUNT] = { 0 };
	struct store *st = open_ok();
	struct change_list *cl;
	const struct change *ch;
	struct run dec;
	char *mem = NULL;
	const char *csv;
	size_t i, rows = 0;

	save_november(st, "2025-11", "2025-11-aaaa");
	run_build(&dec, "2025-12", "2025-12-aaaa", december, N(december), december_flags,
		  N(december_flags));
	cl = find_ok(st, &dec.r);
	ck_assert_int_eq(cl->first_run, 0);
	ck_assert_str_eq(cl->previous_period, "2025-11");
	ck_assert_str_eq(cl->previous_id, "2025-11-aaaa");
	ck_assert_uint_eq(cl->n, N(dec_changes));
	for (i = 0; i < cl->n; i++) {
		ch = &cl->items[i];
		ck_assert_msg(ch->kind == dec_changes[i].kind, "change %zu is %s, want %s", i,
			      change_kind_name(ch->kind), change_kind_name(dec_changes[i].kind));
		check_text(i, "key", ch->supplier_key, dec_changes[i].key);
		check_text(i, "flag", ch->flag_id, dec_changes[i].flag);
		check_text(i, "before", ch->before, dec_changes[i].before);
		check_text(i, "after", ch->after, dec_changes[i].after);
		check_text(i, "description", ch->description, dec_changes[i].description);
		count[ch->kind]++;
	}
	for (i = 0; i < CHANGE__COUNT; i++)
		ck_assert_uint_eq(changes_count(cl, (enum change_kind)i), count[i]);
	ch = &cl->items[11];      /* the table checked the kinds and keys */
	ck_assert_str_eq(ch->before, sector_by_id(ref, "it_software")->label);
	ck_assert_str_eq(ch->after, sector_by_id(ref, "domiciliary_care")->label);
	ck_assert(ch->in_before && ch->spend_before == 20000 && ch->spend_after == 25000);
	ch = &cl->items[0];
	ck_assert_str_eq(ch->supplier_name, "Golf Care, Homes");
	ck_assert(!ch->in_before && ch->in_after && ch->spend_after == 90000);
	ch = &cl->items[1];
	ck_assert(ch->in_before && !ch->in_after && ch->spend_before == 50000);

	/* changes.csv: the header, then the same rows */
	csv = csv_of(cl, &mem);
	ck_assert_msg(!strncmp(csv, csv_head, strlen(csv_head)), "%s", csv);
	ck_assert_ptr_nonnull(strstr(csv, "\r\ntier_up,id:1,Acme Care Ltd,,Medium,High,100000,1000.00,"
				     "110000,1100.00,Tier rose "));
	/* amounts only as numbers: the gone supplier's, the new high-risk spend's */
	ck_assert_ptr_nonnull(strstr(csv, "\r\nsupplier_gone,id:3,Gone Ltd,,,,50000,500.00,,,\"Paid "));
	ck_assert_ptr_nonnull(strstr(csv, "\r\nhigh_risk_spend_new,id:7,\"Golf Care, Homes\",,not paid,,"
				     ",,90000,900.00,"));
	for (; (csv = strstr(csv, "\r\n")); csv += 2)
		rows++;
	ck_assert_uint_eq(rows, cl->n + 1);
	free(mem);
	change_list_free(cl);
	run_release(&dec);
	store_close(st);
}
END_TEST

START_TEST(a_first_run_has_no_changes_and_says_so)
{
	struct store *st = open_ok();
	struct change_list *cl;
	struct run dec;
	char *mem = NULL;

	run_build(&dec, "2025-12", "2025-12-aaaa", december, N(december), december_flags,
		  N(december_flags));
	cl = find_ok(st, &dec.r);
	ck_assert_int_eq(cl->first_run, 1);
	ck_assert_uint_eq(cl->n, 0);
	ck_assert_ptr_null(cl->previous_id);
	ck_assert_ptr_null(cl->previous_period);
	ck_assert_uint_eq(changes_count(cl, CHANGE_NEW_SUPPLIER), 0);
	ck_assert_str_eq(csv_of(cl, &mem), "\xEF\xBB\xBF" "kind,supplier_key,supplier_name,flag_id,"
			 "before,after,spend_before_pence,spend_before,spend_after_pence,spend_after,"
			 "description\r\n");
	ck_assert_str_eq(CHANGES_FIRST_RUN_TEXT, "no earlier run of this council to compare with");
	free(mem);
	change_list_free(cl);
	/* another council's runs are not this council's */
	save_november(st, "2025-11", "2025-11-aaaa");
	dec.r.run.council = "Cornwall Council";
	cl = find_ok(st, &dec.r);
	ck_assert_int_eq(cl->first_run, 1);
	change_list_free(cl);
	run_release(&dec);
	store_close(st);
}
END_TEST

START_TEST(flags_this_run_could_not_raise_are_not_resolved)
{
	struct sup_spec unchecked[N(november)];
	struct store *st = open_ok();
	struct change_list *cl;
	struct run dec;
	size_t i;

	/* December without a registry and with no flags: only the sector and spend flags lapse */
	save_november(st, "2025-11", "2025-11-aaaa");
	memcpy(unchecked, november, sizeof(unchecked));
	for (i = 0; i < N(unchecked); i++)
		unchecked[i].statement = STATEMENT_NOT_CHECKED;
	run_build(&dec, "2025-12", "2025-12-aaaa", unchecked, N(unchecked), NULL, 0);
	cl = find_ok(st, &dec.r);
	ck_assert_uint_eq(cl->n, 2);
	ck_assert_uint_eq(changes_count(cl, CHANGE_FLAG_RESOLVED), 2);
	ck_assert_str_eq(cl->items[0].flag_id, "F000000000b");
	ck_assert_str_eq(cl->items[1].flag_id, "F000000000d");
	change_list_free(cl);
	run_release(&dec);
	store_close(st);
}
END_TEST

START_TEST(a_rerun_of_the_same_period_is_never_the_previous_run)
{
	struct store *st = open_ok();
	struct change_list *cl;
	struct run dec;

	/* only December stored: re-running December is a first run */
	run_build(&dec, "2025-12", "2025-12-aaaa", december, N(december), december_flags,
		  N(december_flags));
	save_ok(st, &dec.r);
	snprintf(dec.r.run.id, sizeof(dec.r.run.id), "2025-12-bbbb");
	cl = find_ok(st, &dec.r);
	ck_assert_int_eq(cl->first_run, 1);
	change_list_free(cl);

	/* with November and a later January stored */
	save_november(st, "2025-11", "2025-11-aaaa");
	save_november(st, "2026-01", "2026-01-aaaa");
	cl = find_ok(st, &dec.r);
	ck_assert_int_eq(cl->first_run, 0);
	ck_assert_str_eq(cl->previous_period, "2025-11");
	ck_assert_str_eq(cl->previous_id, "2025-11-aaaa");
	/* December's own stored flags do not count as November's */
	ck_assert_uint_eq(changes_count(cl, CHANGE_FLAG_NEW), 1);
	ck_assert_uint_eq(changes_count(cl, CHANGE_TIER_UP), 2);
	change_list_free(cl);
	run_release(&dec);
	store_close(st);
}
END_TEST

START_TEST(the_previous_run_is_the_latest_to_end_before_this_one_starts)
{
	static const struct {
		const char *period;        /* this run's */
		const char *want;          /* previous period, NULL: none */
	} cases[] = {
		{ "2025-09", NULL },
		{ "2025-10", "2025-09" },
		/* a run sharing months with this one is what it replaces, not its previous */
		{ "2025-11", "2025-09" },
		{ "2025-11_2026-01", "2025-09" },
		{ "2025-12", "2025-10_2025-11" },
		{ "2026-03", "2025-12" },
		{ "2026-01_2026-02", "2025-12" },
	};
	static const char *const stored[] = { "2025-09", "2025-10_2025-11", "2025-12" };
	struct store *st = open_ok();
	char id[40];
	size_t i;

	for (i = 0; i < N(stored); i++) {
		snprintf(id, sizeof(id), "%s-aaaa", stored[i]);
		save_november(st, stored[i], id);
	}
	for (i = 0; i < N(cases); i++) {
		struct previous_run *p = (struct previous_run *)&p;
		struct diag err;
		int found;

		diag_init(&err);
		found = changesdb_previous(st, COUNCIL, cases[i].period, &p, &err);
		ck_assert_msg(found >= 0, "%s", err.msg);
		if (!cases[i].want) {
			ck_assert_int_eq(found, 0);
			ck_assert_ptr_null(p);
			continue;
		}
		ck_assert_int_eq(found, 1);
		ck_assert_msg(!strcmp(p->period, cases[i].want), "%s: previous %s, want %s",
			      cases[i].period, p->period, cases[i].want);
		ck_assert_uint_eq(p->nsuppliers, N(november));
		previous_run_free(p);
	}
	/* the suppliers come back as saved, found by key */
	{
		struct previous_run *p = NULL;
		const struct previous_supplier *ps;
		struct diag err;

		diag_init(&err);
		ck_assert_int_eq(changesdb_previous(st, COUNCIL, "2026-03", &p, &err), 1);
		ps = previous_run_supplier(p, "id:2");
		ck_assert_ptr_nonnull(ps);
		ck_assert_str_eq(ps->name, "Beta Cleaning");
		ck_assert_str_eq(ps->sector_id, "cleaning_facilities");
		ck_assert(ps->spend_pence == 200000 && ps->assessed && ps->tier == TIER_HIGH &&
			  ps->score == 85 && ps->statement == STATEMENT_NOT_FOUND);
		ck_assert_int_eq(previous_run_supplier(p, "id:6")->statement, STATEMENT_NOT_CHECKED);
		ck_assert_ptr_null(previous_run_supplier(p, "id:7"));
		ck_assert_ptr_nonnull(previous_run_flag(p, "F000000000c"));
		ck_assert_ptr_null(previous_run_flag(p, "F000000000e"));
		previous_run_free(p);
	}
	store_close(st);
}
END_TEST

START_TEST(flags_of_the_previous_run_are_approximated_from_first_and_last_seen)
{
	/* a flag seen in October and December (whose run it last was), not in November */
	static const struct sup_spec one[] = {
		{ "id:1", "Acme Care Ltd", 100000, TIER_HIGH, 80, "residential_care",
		  STATEMENT_CURRENT },
		{ "id:2", "Beta Cleaning", 100000, TIER_HIGH, 80, "cleaning_facilities",
		  STATEMENT_CURRENT },
	};
	static const struct flag_spec flags[] = {
		{ "F0000000001", "id:1", FLAG_SECTOR, "high", NULL },
		{ "F0000000002", "id:2", FLAG_SECTOR, "high", NULL },
	};
	struct store *st = open_ok();
	struct previous_run *p = NULL;
	const struct previous_flag *pf;
	struct run oct, nov, dec;
	struct diag err;

	run_build(&oct, "2025-10", "2025-10-aaaa", one, 2, flags, 2);
	run_build(&nov, "2025-11", "2025-11-aaaa", one, 1, NULL, 0);   /* id:2 not paid */
	run_build(&dec, "2025-12", "2025-12-aaaa", one, 2, flags, 2);
	save_ok(st, &oct.r);
	save_ok(st, &nov.r);
	save_ok(st, &dec.r);
	diag_init(&err);
	/* re-running January: November is not it; December is, exactly */
	ck_assert_int_eq(changesdb_previous(st, COUNCIL, "2026-01", &p, &err), 1);
	ck_assert_str_eq(p->period, "2025-12");
	ck_assert_uint_eq(p->nflags, 2);
	ck_assert_int_eq(p->flags[0].exact, 1);
	previous_run_free(p);
	/* re-running December: November's flags are what its sightings span */
	ck_assert_int_eq(changesdb_previous(st, COUNCIL, "2025-12", &p, &err), 1);
	ck_assert_str_eq(p->period, "2025-11");
	pf = previous_run_flag(p, "F0000000001");
	ck_assert_ptr_nonnull(pf);
	ck_assert_int_eq(pf->exact, 0);
	ck_assert_str_eq(pf->first_seen, "2025-10");
	ck_assert_str_eq(pf->last_seen, "2025-12");
	ck_assert_str_eq(pf->kind, "high_risk_sector");
	ck_assert_str_eq(pf->supplier_name, "Acme Care Ltd");
	ck_assert_str_eq(pf->review_status, "open");
	/* id:2 was not in November's run, so neither were its flags */
	ck_assert_ptr_null(previous_run_flag(p, "F0000000002"));
	ck_assert_uint_eq(p->nflags, 1);
	previous_run_free(p);
	run_release(&oct);
	run_release(&nov);
	run_release(&dec);
	store_close(st);
}
END_TEST

START_TEST(a_database_error_leaves_the_out_parameter_untouched)
{
	struct store *st = open_ok();
	struct change_list *cl = (struct change_list *)&cl, *before = cl;
	struct run dec;
	struct diag err;
	sqlite3 *db;

	save_november(st, "2025-11", "2025-11-aaaa");
	ck_assert_int_eq(sqlite3_open(dbpath, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db, "DROP TABLE run_suppliers", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	run_build(&dec, "2025-12", "2025-12-aaaa", december, N(december), NULL, 0);
	diag_init(&err);
	ck_assert_int_eq(find_changes(st, &dec.r, &cl, &err), -1);
	ck_assert_ptr_eq(cl, before);
	ck_assert_int_eq(err.code, CW_DATABASE);
	ck_assert_msg(strstr(err.msg, dbpath) != NULL, "%s", err.msg);
	ck_assert_msg(strstr(err.msg, "run_suppliers") != NULL, "%s", err.msg);
	run_release(&dec);
	store_close(st);
}
END_TEST

/* ---- the rules, on a previous run built by hand ---- */

static struct change_list *one_supplier(const struct sup_spec *then, int then_assessed,
					const struct sup_spec *now)
{
	static struct run x;
	static struct previous_supplier ps;
	static struct previous_run p;

	memset(&p, 0, sizeof(p));
	p.id = (char *)"2025-11-aaaa";
	p.period = (char *)"2025-11";
	if (then) {
		memset(&ps, 0, sizeof(ps));
		ps.key = (char *)then->key;
		ps.name = (char *)then->name;
		ps.spend_pence = then->pence;
		ps.assessed = then_assessed;
		ps.tier = then->tier;
		ps.score = then->score;
		ps.sector_id = (char *)(then->sector ? then->sector : "");
		ps.statement = then->statement;
		p.suppliers = &ps;
		p.nsuppliers = 1;
	}
	run_build(&x, "2025-12", "2025-12-aaaa", now, 1, NULL, 0);
	return changes_compute(&x.r, &p);
}

#define S(tier, statement, sector, pence) { "id:1", "Acme", pence, TIER_##tier, 50, sector, \
					    STATEMENT_##statement }
#define NONE { NULL, NULL, 0, TIER_GREY, 0, NULL, STATEMENT_NOT_CHECKED }
#define CARE "residential_care"

static const struct {
	const char *what;
	int then_in, then_assessed;
	struct sup_spec then, now;
	long want;                /* a change of this kind expected, -1: none */
	size_t n;                 /* changes in all */
} rules[] = {
	/* tiers rank Grey < Low < Medium < High */
	{ "medium to high", 1, 1, S(MEDIUM, NOT_CHECKED, "legal", 9), S(HIGH, NOT_CHECKED, "legal", 9),
	  CHANGE_TIER_UP, 1 },
	{ "low to medium", 1, 1, S(LOW, NOT_CHECKED, "legal", 9), S(MEDIUM, NOT_CHECKED, "legal", 9),
	  CHANGE_TIER_UP, 1 },
	{ "grey to low", 1, 1, S(GREY, NOT_CHECKED, "legal", 9), S(LOW, NOT_CHECKED, "legal", 9),
	  CHANGE_TIER_UP, 1 },
	{ "high to medium", 1, 1, S(HIGH, NOT_CHECKED, "legal", 9), S(MEDIUM, NOT_CHECKED, "legal", 9),
	  CHANGE_TIER_DOWN, 1 },
	{ "high to grey", 1, 1, S(HIGH, NOT_CHECKED, "legal", 9), S(GREY, NOT_CHECKED, "legal", 9),
	  CHANGE_TIER_DOWN, 1 },
	{ "low to grey", 1, 1, S(LOW, NOT_CHECKED, "legal", 9), S(GREY, NOT_CHECKED, "legal", 9),
	  CHANGE_TIER_DOWN, 1 },
	{ "same tier", 1, 1, S(MEDIUM, NOT_CHECKED, "legal", 9), S(MEDIUM, NOT_CHECKED, "legal", 9),
	  -1, 0 },
	{ "then not assessed", 1, 0, S(LOW, NOT_CHECKED, "legal", 9), S(HIGH, NOT_CHECKED, "legal", 9),
	  -1, 0 },
	/* statements: both runs checked against the registry */
	{ "current to stale", 1, 1, S(LOW, CURRENT, "legal", 9), S(LOW, STALE, "legal", 9),
	  CHANGE_STATEMENT_LAPSED, 1 },
	{ "current to not found", 1, 1, S(LOW, CURRENT, "legal", 9), S(LOW, NOT_FOUND, "legal", 9),
	  CHANGE_STATEMENT_LAPSED, 1 },
	{ "not found to current", 1, 1, S(LOW, NOT_FOUND, "legal", 9), S(LOW, CURRENT, "legal", 9),
	  CHANGE_STATEMENT_APPEARED, 1 },
	{ "stale to current", 1, 1, S(LOW, STALE, "legal", 9), S(LOW, CURRENT, "legal", 9),
	  CHANGE_STATEMENT_APPEARED, 1 },
	{ "ambiguous to current", 1, 1, S(LOW, AMBIGUOUS, "legal", 9), S(LOW, CURRENT, "legal", 9),
	  CHANGE_STATEMENT_APPEARED, 1 },
	{ "stale to not found", 1, 1, S(LOW, STALE, "legal", 9), S(LOW, NOT_FOUND, "legal", 9),
	  -1, 0 },
	{ "current to ambiguous", 1, 1, S(LOW, CURRENT, "legal", 9), S(LOW, AMBIGUOUS, "legal", 9),
	  -1, 0 },
	{ "no registry then", 1, 1, S(LOW, NOT_CHECKED, "legal", 9), S(LOW, CURRENT, "legal", 9),
	  -1, 0 },
	{ "no registry now", 1, 1, S(LOW, CURRENT, "legal", 9), S(LOW, NOT_CHECKED, "legal", 9),
	  -1, 0 },
	{ "not applicable then", 1, 1, S(LOW, NOT_APPLICABLE, "legal", 9), S(LOW, CURRENT, "legal", 9),
	  -1, 0 },
	/* spend in a sector scoring 80 or more */
	{ "new supplier", 0, 1, NONE, S(HIGH, NOT_CHECKED, CARE, 9), CHANGE_HIGH_RISK_SPEND_NEW, 2 },
	{ "no spend then", 1, 1, S(HIGH, NOT_CHECKED, CARE, 0), S(HIGH, NOT_CHECKED, CARE, 9),
	  CHANGE_HIGH_RISK_SPEND_NEW, 1 },
	{ "a credit then", 1, 1, S(HIGH, NOT_CHECKED, CARE, -5), S(HIGH, NOT_CHECKED, CARE, 9),
	  CHANGE_HIGH_RISK_SPEND_NEW, 1 },
	{ "same sector", 1, 1, S(HIGH, NOT_CHECKED, CARE, 5), S(HIGH, NOT_CHECKED, CARE, 9), -1, 0 },
	{ "into a high-risk sector", 1, 1, S(HIGH, NOT_CHECKED, "legal", 5),
	  S(HIGH, NOT_CHECKED, CARE, 9), CHANGE_HIGH_RISK_SPEND_NEW, 1 },
	{ "from not classified", 1, 1, S(HIGH, NOT_CHECKED, NULL, 5), S(HIGH, NOT_CHECKED, CARE, 9),
	  CHANGE_HIGH_RISK_SPEND_NEW, 1 },
	{ "from another high-risk sector", 1, 1, S(HIGH, NOT_CHECKED, "cleaning_facilities", 5),
	  S(HIGH, NOT_CHECKED, CARE, 9), -1, 0 },
	{ "sector then unknown", 1, 0, S(HIGH, NOT_CHECKED, "legal", 5),
	  S(HIGH, NOT_CHECKED, CARE, 9), -1, 0 },
	{ "sector score 45 now", 1, 1, S(HIGH, NOT_CHECKED, "legal", 5),
	  S(HIGH, NOT_CHECKED, "taxi_transport", 9), -1, 0 },
	{ "no spend now", 0, 1, NONE, S(HIGH, NOT_CHECKED, CARE, 0), CHANGE_NEW_SUPPLIER, 1 },
	{ "sector score 80", 0, 1, NONE, S(HIGH, NOT_CHECKED, "livestock_forestry", 9),
	  CHANGE_HIGH_RISK_SPEND_NEW, 2 },
};

START_TEST(each_rule_on_one_supplier)
{
	size_t i;

	for (i = 0; i < N(rules); i++) {
		struct change_list *cl = one_supplier(rules[i].then_in ? &rules[i].then : NULL,
						      rules[i].then_assessed, &rules[i].now);

		ck_assert_msg(cl->n == rules[i].n && (rules[i].want < 0 ||
			      changes_count(cl, (enum change_kind)rules[i].want) == 1),
			      "%s: %zu changes, the first %s", rules[i].what, cl->n,
			      cl->n ? change_kind_name(cl->items[0].kind) : "none");
		change_list_free(cl);
	}
}
END_TEST

START_TEST(kind_names_labels_and_directions)
{
	ck_assert_str_eq(change_kind_name(CHANGE_NEW_SUPPLIER), "new_supplier");
	ck_assert_str_eq(change_kind_name(CHANGE_HIGH_RISK_SPEND_NEW), "high_risk_spend_new");
	ck_assert_str_eq(change_kind_name(CHANGE__COUNT), "");
	ck_assert_str_eq(change_kind_label(CHANGE_FLAG_RESOLVED), "Flags resolved");
	ck_assert_int_eq(change_kind_direction(CHANGE_TIER_UP), 1);
	ck_assert_int_eq(change_kind_direction(CHANGE_STATEMENT_APPEARED), -1);
	ck_assert_int_eq(change_kind_direction(CHANGE_SUPPLIER_GONE), 0);
	ck_assert_uint_eq(changes_count(NULL, CHANGE_TIER_UP), 0);
	change_list_free(NULL);
	previous_run_free(NULL);
}
END_TEST

static Suite *changes_suite(void)
{
	Suite *s = suite_create("changes");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, every_kind_of_change_against_the_previous_month);
	tcase_add_test(tc, a_first_run_has_no_changes_and_says_so);
	tcase_add_test(tc, flags_this_run_could_not_raise_are_not_resolved);
	tcase_add_test(tc, a_rerun_of_the_same_period_is_never_the_previous_run);
	tcase_add_test(tc, the_previous_run_is_the_latest_to_end_before_this_one_starts);
	tcase_add_test(tc, flags_of_the_previous_run_are_approximated_from_first_and_last_seen);
	tcase_add_test(tc, a_database_error_leaves_the_out_parameter_untouched);
	tcase_add_test(tc, each_rule_on_one_supplier);
	tcase_add_test(tc, kind_names_labels_and_directions);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(changes_suite)
