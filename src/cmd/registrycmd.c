/*
 * registrycmd.c: the `chainwatch registry` commands:
 *
 *   import FILE...        load StatementSummaries CSVs into the database
 *   update [--year Y...]  download them (download.h), check each, load it
 *   status                the snapshots held
 *   override KEY ...      this supplier is / is not that organisation
 *   overrides             list the overrides
 *
 * A snapshot is replaced only by a file that reads to the end, has rows,
 * rejects at most 5% of them, is of the year asked for (update) and, for
 * a download, holds at least half the rows of the snapshot it replaces
 * (the registry only grows within a year; a sudden drop is a broken file).
 * Otherwise the last good snapshot stays and the command says so.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "chainwatch/download.h"
#include "chainwatch/identity.h"
#include "chainwatch/msg.h"
#include "chainwatch/outfile.h"
#include "chainwatch/registrydb.h"
#include "chainwatch/run.h"
#include "chainwatch/statement.h"
#include "chainwatch/store.h"
#include "chainwatch/xalloc.h"

#include "cmd.h"

#define MAX_REJECT_PERCENT 5
#define STDERR_REJECTS 10

#define REGISTRY_DEFAULT_URL \
	"https://downloads.modern-slavery-statement-registry.service.gov.uk/publicdownloads"
#define REGISTRY_MAX_YEARS 16

struct registry_options {
	const char *db;
	const char **files;            /* import */
	size_t nfiles;
	int years[REGISTRY_MAX_YEARS]; /* update; none = this year and last */
	size_t nyears;
	const char *url;               /* update: base URL, files are <url>/StatementSummaries<Y>.csv */
	int url_given;                 /* --url */
	long timeout_s;                /* update: total per file, 0 = default */
	long retries;                  /* update: attempts after the first; -1 = default */
	const char *council;           /* override(s): NULL = the database's only council */
	const char *supplier_key;      /* override */
	const char *is_org, *is_not_org;
	int clear;                     /* override --clear [ORG in clear_org] */
	const char *clear_org;
	const char *by, *note;
};

static int open_db(const char *path, struct store **st, struct diag *err)
{
	if (make_parent_dirs(path, err) < 0)
		return -1;
	return store_open(path, st, err);
}

/* ---- loading one file into the database ---- */

struct load {
	struct store *st;
	const char *name;
	int want_year;             /* update: the year asked for; 0 = any */
	int year;                  /* the snapshot's: the first accepted row's */
	int began;
	unsigned long shown;
};

static int load_row(void *ctx, const struct registry_row *r, struct diag *err)
{
	struct load *l = ctx;

	if (!l->began) {
		l->year = l->want_year ? l->want_year : r->year;
		if (registrydb_begin(l->st, l->year, err) < 0)
			return -1;
		l->began = 1;
	}
	return registrydb_add(l->st, l->year, r, err);
}

static void load_reject(void *ctx, unsigned long line, const char *reason)
{
	struct load *l = ctx;

	if (++l->shown <= STDERR_REJECTS)
		detailf("%s:%lu: rejected: %s", l->name, line, reason);
}

/*
 * Read fd into the database as one year's snapshot, check it, and commit
 * or roll back.  `prev_rows` (0 = none) is the snapshot it replaces, for
 * the plausibility check.  CW_INPUT when the file is not usable.
 */
static int load_file(struct load *l, int fd, struct registry_snapshot *snap,
		     unsigned long prev_rows, struct diag *err)
{
	struct registry_sink sink = { load_row, load_reject, l };
	struct registry_file f;

	if (registry_read_fd(fd, l->name, &sink, &f, err) < 0)
		goto fail;
	if (!f.accepted) {
		diag_set(err, CW_INPUT, "'%s' holds no statement rows", l->name);
		goto fail;
	}
	if (f.rejected * 100 > f.records * MAX_REJECT_PERCENT) {
		diag_set(err, CW_INPUT, "'%s': %lu of %lu rows rejected (over %d%%)", l->name,
			 f.rejected, f.records, MAX_REJECT_PERCENT);
		goto fail;
	}
	if (l->want_year && f.year != l->want_year) {
		diag_set(err, CW_INPUT, "'%s' holds statements for %d, not %d", l->name, f.year,
			 l->want_year);
		goto fail;
	}
	if (prev_rows && f.accepted * 2 < prev_rows) {
		diag_set(err, CW_INPUT, "'%s' has %lu rows where the stored snapshot has %lu: "
			 "too few to be the whole registry", l->name, f.accepted, prev_rows);
		goto fail;
	}
	snap->year = l->year;
	memcpy(snap->sha256, f.sha256, sizeof(snap->sha256));
	snap->bytes = f.bytes;
	run_time_format(run_clock(), snap->loaded);
	snap->rows = f.accepted;
	snap->statements = f.statements;
	snap->rejected = f.rejected;
	if (registrydb_commit(l->st, snap, err) < 0)
		goto fail;
	notef("registry %d: %lu rows (%lu statements), %lu rejected, from %s", snap->year, f.accepted, f.statements, f.rejected, snap->source);
	return 0;
fail:
	if (l->began)
		registrydb_abort(l->st);
	l->began = 0;
	return -1;
}

static int registry_import_run(const struct registry_options *o, struct diag *err)
{
	struct store *st = NULL;
	int code = CW_OK;
	size_t i;

	if (open_db(o->db, &st, err) < 0)
		return err->code;
	for (i = 0; i < o->nfiles && code == CW_OK; i++) {
		struct registry_snapshot snap;
		struct load l;
		int fd = open(o->files[i], O_RDONLY | O_CLOEXEC);

		if (fd < 0) {
			diag_set(err, CW_INPUT, "cannot read '%s': %s", o->files[i], strerror(errno));
			code = CW_INPUT;
			break;
		}
		memset(&l, 0, sizeof(l));
		memset(&snap, 0, sizeof(snap));
		l.st = st;
		l.name = o->files[i];
		snprintf(snap.source, sizeof(snap.source), "%s", o->files[i]);
		if (load_file(&l, fd, &snap, 0, err) < 0)
			code = err->code ? err->code : CW_INPUT;
		close(fd);
	}
	store_close(st);
	return code;
}

/* ---- update: download, check, load ---- */

static int this_year(void)
{
	time_t t = run_clock();
	struct tm tm;

	if (!gmtime_r(&t, &tm))
		return 2026;
	return tm.tm_year + 1900;
}

static int temp_file(const char *db, char **path, struct diag *err)
{
	const char *slash = strrchr(db, '/');
	size_t n = (slash ? (size_t)(slash - db) + 1 : 0) + 64;
	char *dir = slash ? xstrndup(db, (size_t)(slash - db)) : xstrdup(".");
	char tail[32];
	int fd;

	/* what a killed download left, and a name that says whose this one is */
	outfile_sweep(dir, ".registry-download.");
	free(dir);
	snprintf(tail, sizeof(tail), ".tmp.%ld", (long)getpid());
	*path = xmalloc(n);
	snprintf(*path, n, "%.*s.registry-download.XXXXXX%s", slash ? (int)(slash - db) + 1 : 0, db,
		 tail);
	fd = mkstemps(*path, (int)strlen(tail));
	if (fd < 0) {
		diag_set(err, CW_OUTPUT, "cannot create a temporary file '%s': %s", *path,
			 strerror(errno));
		free(*path);
		*path = NULL;
	}
	return fd;
}

/* download.h's progress line, on a terminal */
static void show_download(void *ctx, const char *line, int last)
{
	(void)ctx;
	if (last)
		msg_progress_clear();
	else
		progress("%s", line);
}

/* One year; 0 when the snapshot is good (new or unchanged), -1 when the old one was kept. */
static int update_year(struct store *st, const struct registry_options *o, int year,
		       struct diag *err)
{
	struct download_options dopt;
	struct download_validators val = { NULL, NULL };
	struct download_result res;
	struct registry_snapshot prev, snap;
	struct load l;
	char url[sizeof(prev.source)], *tmp = NULL;
	int have, fd = -1, ret = -1;

	have = registrydb_snapshot(st, year, &prev, err);
	if (have < 0)
		return -1;
	if ((size_t)snprintf(url, sizeof(url), "%s%sStatementSummaries%d.csv", o->url,
			     o->url[0] && o->url[strlen(o->url) - 1] == '/' ? "" : "/", year)
	    >= sizeof(url))
		return diag_set(err, CW_USAGE, "--url is longer than %zu bytes", sizeof(url) - 100);
	download_options_init(&dopt);
	if (o->timeout_s > 0) {
		dopt.total_timeout_s = o->timeout_s;
		if (dopt.stall_s > o->timeout_s)
			dopt.stall_s = o->timeout_s;
	}
	if (o->retries >= 0)
		dopt.max_attempts = (unsigned)o->retries + 1;
	dopt.progress = msg_progress_shown() ? show_download : NULL;
	/* the last good copy's validators, when it came from this URL */
	if (have && !strcmp(prev.source, url)) {
		val.etag = prev.etag[0] ? prev.etag : NULL;
		val.last_modified = prev.last_modified[0] ? prev.last_modified : NULL;
	}
	fd = temp_file(st ? o->db : "", &tmp, err);
	if (fd < 0)
		return -1;
	if (download_to_fd(url, fd, &dopt, &val, &res, err) < 0)
		goto out;
	if (res.not_modified) {
		notef("registry %d: not modified since %s; kept", year, prev.loaded);
		ret = 0;
		goto out;
	}
	if (lseek(fd, 0, SEEK_SET) < 0) {
		diag_set(err, CW_OUTPUT, "'%s': %s", tmp, strerror(errno));
		goto out;
	}
	memset(&l, 0, sizeof(l));
	memset(&snap, 0, sizeof(snap));
	l.st = st;
	l.name = url;
	l.want_year = year;
	snprintf(snap.source, sizeof(snap.source), "%s", url);
	snprintf(snap.etag, sizeof(snap.etag), "%s", res.etag);
	snprintf(snap.last_modified, sizeof(snap.last_modified), "%s", res.last_modified);
	if (load_file(&l, fd, &snap, have ? prev.rows : 0, err) < 0)
		goto out;
	ret = 0;
out:
	if (ret < 0 && err->code != CW_DATABASE) {
		char msg[DIAG_MSG_MAX];

		snprintf(msg, sizeof(msg), "%s", err->msg);
		if (have)
			diag_set(err, CW_NETWORK, "registry %d: %s; kept the snapshot loaded %s", year,
				 msg, prev.loaded);
		else
			diag_set(err, CW_NETWORK, "registry %d: %s; no snapshot of that year is held",
				 year, msg);
	}
	if (fd >= 0)
		close(fd);
	if (tmp) {
		unlink(tmp);
		free(tmp);
	}
	return ret;
}

static int registry_update_run(const struct registry_options *o, struct diag *err)
{
	struct store *st = NULL;
	int years[REGISTRY_MAX_YEARS], code = CW_OK;
	size_t n = o->nyears, i;
	struct diag first;

	diag_init(&first);
	if (n) {
		memcpy(years, o->years, n * sizeof(years[0]));
	} else {
		years[0] = this_year() - 1;
		years[1] = this_year();
		n = 2;
	}
	if (download_global_init(err) < 0)
		return err->code;
	if (open_db(o->db, &st, err) < 0) {
		download_global_cleanup();
		return err->code;
	}
	/* every year is tried; the first failure is the one reported last */
	for (i = 0; i < n; i++) {
		struct diag e;

		diag_init(&e);
		if (update_year(st, o, years[i], &e) == 0)
			continue;
		if (code == CW_OK || e.code == CW_DATABASE) {
			code = e.code ? e.code : CW_NETWORK;
			first = e;
		}
		if (i + 1 < n)
			errorf("%s", e.msg);
		if (e.code == CW_DATABASE)
			break;
	}
	store_close(st);
	download_global_cleanup();
	if (code != CW_OK)
		*err = first;
	return code;
}

static int registry_status_run(const struct registry_options *o, struct diag *err)
{
	struct store *st = NULL;
	struct registry_snapshot *v = NULL;
	size_t n = 0, i;

	if (open_db(o->db, &st, err) < 0)
		return err->code;
	if (registrydb_snapshots(st, &v, &n, err) < 0) {
		store_close(st);
		return err->code;
	}
	if (!n)
		warnf("no registry snapshot in '%s': run 'chainwatch registry update' or "
		      "'registry import FILE'", o->db);
	else
		printf("year\trows\tstatements\trejected\tloaded\tsha256\tsource\n");
	for (i = 0; i < n; i++)
		printf("%d\t%lu\t%lu\t%lu\t%s\t%s\t%s\n", v[i].year, v[i].rows, v[i].statements,
		       v[i].rejected, v[i].loaded, v[i].sha256, v[i].source);
	free(v);
	store_close(st);
	return CW_OK;
}

/* ---- overrides ---- */

/* "cn:01234567" for a company number, else "nm:" + the name key. */
static int org_key(const char *org, char **out, struct diag *err)
{
	char cn[9];
	struct buf b;

	if (company_number_normalise(org, strlen(org), cn) == 0) {
		*out = xmalloc(12);
		snprintf(*out, 12, "cn:%s", cn);
		return 0;
	}
	buf_init(&b, 4096);
	buf_adds(&b, "nm:");
	if (statement_name_key(org, &b) < 0 || b.len == 3) {
		buf_release(&b);
		return diag_set(err, CW_USAGE, "'%s' is neither a company number nor a name", org);
	}
	*out = buf_detach(&b, NULL);
	return 0;
}

static int registry_override_run(const struct registry_options *o, struct diag *err)
{
	struct store *st = NULL;
	struct statement_override ov;
	char *key = NULL, *council = NULL, at[24];
	const char *org = o->is_org ? o->is_org : o->is_not_org;
	int known, code = CW_OK;

	if (open_db(o->db, &st, err) < 0)
		return err->code;
	if (store_pick_council(st, o->council, NULL, &council, err) < 0)
		goto fail;
	known = registrydb_supplier_known(st, council, o->supplier_key, err);
	if (known < 0)
		goto fail;
	if (o->clear) {
		long n;

		if (o->clear_org && org_key(o->clear_org, &key, err) < 0)
			goto fail;
		n = registrydb_override_clear(st, council, o->supplier_key, key, err);
		if (n < 0)
			goto fail;
		notef("%ld override%s of '%s' removed", n, n == 1 ? "" : "s", o->supplier_key);
		goto out;
	}
	if (!known) {
		diag_set(err, CW_USAGE, "no supplier '%s' of %s in '%s' (supplier keys are in the "
			 "first column of suppliers.csv)", o->supplier_key, council, o->db);
		goto fail;
	}
	if (org_key(org, &key, err) < 0)
		goto fail;
	memset(&ov, 0, sizeof(ov));
	ov.council = council;
	ov.supplier_key = (char *)o->supplier_key;
	ov.action = o->is_org ? "is" : "is_not";
	ov.org = (char *)org;
	ov.org_key = key;
	ov.set_by = (char *)o->by;
	ov.set_at = run_time_format(run_clock(), at);
	ov.note = (char *)(o->note ? o->note : "");
	if (registrydb_override_set(st, &ov, err) < 0)
		goto fail;
	notef("'%s' %s '%s' (from the next scan)", o->supplier_key, o->is_org ? "is" : "is not",
	      org);
	goto out;
fail:
	code = err->code ? err->code : CW_INTERNAL;
out:
	free(key);
	free(council);
	store_close(st);
	return code;
}

static int registry_overrides_run(const struct registry_options *o, struct diag *err)
{
	struct store *st = NULL;
	struct statement_override *v = NULL;
	char *council = NULL;
	size_t n = 0, i;

	if (open_db(o->db, &st, err) < 0)
		return err->code;
	if ((o->council && store_pick_council(st, o->council, NULL, &council, err) < 0) ||
	    registrydb_overrides(st, council, &v, &n, err) < 0) {
		free(council);
		store_close(st);
		return err->code;
	}
	free(council);
	printf("council\tsupplier_key\taction\torganisation\tset_by\tset_at\tnote\n");
	for (i = 0; i < n; i++)
		printf("%s\t%s\t%s\t%s\t%s\t%s\t%s\n", v[i].council, v[i].supplier_key,
		       !strcmp(v[i].action, "is") ? "is" : "is not", v[i].org, v[i].set_by,
		       v[i].set_at, v[i].note);
	statement_overrides_free(v, n);
	store_close(st);
	return CW_OK;
}

/* ---- the command line ---- */

enum { OPT_YEAR = OPT_OWN, OPT_URL, OPT_TIMEOUT, OPT_RETRIES, OPT_IS, OPT_IS_NOT, OPT_CLEAR };

static const struct opt options[] = {
	CMD_OPT_DB,
	{ "year", 1, OPT_YEAR, "YYYY", "update: a registry year; repeat (default: this year and last)" },
	{ "url", 1, OPT_URL, "BASE", "update: where StatementSummaries<YEAR>.csv are (default GOV.UK)" },
	{ "timeout", 1, OPT_TIMEOUT, "SECONDS", "update: longest one download may take (default 600)" },
	{ "retries", 1, OPT_RETRIES, "N", "update: tries after a failed attempt (default 3)" },
	{ "is", 1, OPT_IS, "ORG", "override: the supplier is this organisation (number or name)" },
	{ "is-not", 1, OPT_IS_NOT, "ORG", "override: the supplier is not this organisation" },
	{ "clear", 0, OPT_CLEAR, NULL, "override: remove the supplier's overrides (or --clear ORG's)" },
	{ "by", 1, OPT_BY, "NAME", "override: who decided (required)" },
	{ "council", 1, OPT_COUNCIL, "NAME", "override(s): the council, when the database holds several" },
	{ "note", 1, OPT_NOTE, "TEXT", "override: why" },
	CMD_OPT_QUIET,
	CMD_OPT_HELP,
	CMD_OPT_END
};

static const struct cmd_help help = {
	"usage: chainwatch registry import FILE... [--db FILE]\n"
	"       chainwatch registry update [--year YYYY ...] [--url BASE] [--db FILE]\n"
	"       chainwatch registry status [--db FILE]\n"
	"       chainwatch registry override SUPPLIER_KEY (--is ORG | --is-not ORG |\n"
	"                                --clear [ORG]) --by NAME [--note TEXT]\n"
	"       chainwatch registry overrides [--db FILE]\n\n"
	"The GOV.UK Modern Slavery Statement Registry in the database: one snapshot\n"
	"per registry year, which every scan matches its suppliers against.  import\n"
	"loads downloaded StatementSummaries CSVs; update downloads them (conditional\n"
	"GET, retries, timeouts) and replaces a year only with a file that checks out.\n"
	"override records that a supplier is, or is not, a registry organisation\n"
	"(a company number or the name as on the registry); scans follow it.\n\n"
	"options:\n",
	options,
	"\nexit codes: 0 done, 2 usage, 3 file unusable, 4 download failed (the last\n"
	"good snapshot is kept), 5 database\n",
	"  chainwatch registry update\n"
	"  chainwatch registry update --year 2024 --year 2025\n"
	"  chainwatch registry import StatementSummaries2025.csv\n"
	"  chainwatch registry status\n"
	"  chainwatch registry override id:298874 --is 02174990 --by \"A. Manager\"\n"
};

static int parse_year_arg(const char *v, int *year)
{
	int y = 0, n = 0;

	for (; *v >= '0' && *v <= '9' && n < 5; v++, n++)
		y = y * 10 + (*v - '0');
	if (*v || n != 4 || y < 2017 || y > 2100)
		return -1;
	*year = y;
	return 0;
}

/* "3" -> 3 when it is a whole number from lo to hi; else -1. */
static int parse_long(const char *v, long lo, long hi, long *out)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(v, &end, 10);
	if (errno || *end || !*v || n < lo || n > hi)
		return -1;
	*out = n;
	return 0;
}

static int set(void *ctx, int id, const char *v, struct diag *err)
{
	struct registry_options *o = ctx;

	switch (id) {
	case OPT_DB: o->db = v; break;
	case OPT_URL: o->url = v; o->url_given = 1; break;
	case OPT_IS: o->is_org = v; break;
	case OPT_IS_NOT: o->is_not_org = v; break;
	case OPT_CLEAR: o->clear = 1; break;
	case OPT_BY: o->by = v; break;
	case OPT_NOTE: o->note = v; break;
	case OPT_COUNCIL: o->council = v; break;
	case OPT_YEAR:
		if (o->nyears == REGISTRY_MAX_YEARS)
			return diag_set(err, CW_USAGE, "registry: at most %d --year", REGISTRY_MAX_YEARS);
		if (parse_year_arg(v, &o->years[o->nyears]) < 0)
			return diag_set(err, CW_USAGE, "registry: --year '%s' is not a year", v);
		o->nyears++;
		break;
	case OPT_RETRIES:
		if (parse_long(v, 0, 10, &o->retries) < 0)
			return diag_set(err, CW_USAGE, "registry: --retries '%s' is not 0 to 10", v);
		break;
	case OPT_TIMEOUT:
		if (parse_long(v, 1, 86400, &o->timeout_s) < 0)
			return diag_set(err, CW_USAGE, "registry: --timeout '%s' is not a number of "
					"seconds", v);
		break;
	default:
		BUG("registry option %d has no case", id);
	}
	return 0;
}

/* override's arguments: one SUPPLIER_KEY (and ORG after --clear), one of --is/--is-not/--clear, --by */
static int check_override(struct registry_options *o, char **args, int nargs, struct diag *err)
{
	if (nargs != 1 && !(nargs == 2 && o->clear))
		return diag_set(err, CW_USAGE, "registry override: expected one SUPPLIER_KEY "
				"(see --help)");
	if (!!o->is_org + !!o->is_not_org + !!o->clear != 1)
		return diag_set(err, CW_USAGE, "registry override: give one of --is, --is-not "
				"or --clear (see --help)");
	if (!o->clear && (!o->by || !*o->by))
		return diag_set(err, CW_USAGE, "registry override: --by NAME is required, so "
				"the decision has an owner (see --help)");
	o->supplier_key = args[0];
	o->clear_org = nargs == 2 ? args[1] : NULL;
	return 0;
}

static int check_import(struct registry_options *o, char **args, int nargs, struct diag *err)
{
	if (!nargs)
		return diag_set(err, CW_USAGE, "registry import: no FILE given (see --help)");
	o->files = (const char **)args;
	o->nfiles = (size_t)nargs;
	return 0;
}

static const struct {
	const char *name;
	/* the subcommand's arguments into o; NULL: it takes none */
	int (*check)(struct registry_options *o, char **args, int nargs, struct diag *err);
	int (*run)(const struct registry_options *o, struct diag *err);
} subcommands[] = {
	{ "import", check_import, registry_import_run },
	{ "update", NULL, registry_update_run },
	{ "status", NULL, registry_status_run },
	{ "override", check_override, registry_override_run },
	{ "overrides", NULL, registry_overrides_run },
};

/*
 * The options, then the subcommand and its arguments, checked: the
 * subcommand's index in subcommands[], -2 after --help, or -1 with err.
 */
static int parse(int argc, char **argv, struct registry_options *o, struct diag *err)
{
	int i = cmd_sub_options(argc, argv, &help, set, o, "import, update, status, override or "
				"overrides", err), nargs;
	const char *sub;
	size_t k;

	if (i <= 0)
		return i == 0 ? -2 : -1;
	sub = argv[i];
	nargs = argc - i - 1;
	if ((o->nyears || o->url_given || o->timeout_s || o->retries >= 0) &&
	    strcmp(sub, "update") != 0)
		return diag_set(err, CW_USAGE, "registry %s: --year, --url, --timeout and --retries are for "
				"'registry update' (see --help)", sub);
	if ((o->is_org || o->is_not_org || o->clear || o->by || o->note) &&
	    strcmp(sub, "override") != 0)
		return diag_set(err, CW_USAGE, "registry %s: --is, --is-not, --clear, --by and "
				"--note are for 'registry override' (see --help)", sub);
	for (k = 0; k < sizeof(subcommands) / sizeof(subcommands[0]); k++)
		if (!strcmp(sub, subcommands[k].name))
			break;
	if (k < sizeof(subcommands) / sizeof(subcommands[0]) && subcommands[k].check)
		return subcommands[k].check(o, argv + i + 1, nargs, err) < 0 ? -1 : (int)k;
	if (nargs)
		return diag_set(err, CW_USAGE, "registry %s: unexpected argument '%s' (see --help)",
				sub, argv[i + 1]);
	if (k == sizeof(subcommands) / sizeof(subcommands[0]))
		return diag_set(err, CW_USAGE, "registry: unknown subcommand '%s' (see --help)", sub);
	return (int)k;
}

int cmd_registry(int argc, char **argv)
{
	struct registry_options o;
	struct diag err;
	int k, code;

	diag_init(&err);
	memset(&o, 0, sizeof(o));
	o.db = "output/chainwatch.db";
	o.url = REGISTRY_DEFAULT_URL;
	o.retries = -1;
	cmd_env("CHAINWATCH_DB", &o.db);
	k = parse(argc, argv, &o, &err);
	code = k >= 0 ? subcommands[k].run(&o, &err) : k == -2 ? CW_OK : err.code;
	return msg_exit(code, &err);
}
