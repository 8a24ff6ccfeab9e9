/*
 * registrycmd.c: `chainwatch registry import | update | status | override |
 * overrides` (registrycmd.h).
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
#include "chainwatch/registrycmd.h"
#include "chainwatch/registrydb.h"
#include "chainwatch/run.h"
#include "chainwatch/statement.h"
#include "chainwatch/store.h"
#include "chainwatch/xalloc.h"

#define MAX_REJECT_PERCENT 5
#define STDERR_REJECTS 10

void registry_options_init(struct registry_options *o)
{
	memset(o, 0, sizeof(*o));
	o->db = "output/chainwatch.db";
	o->url = REGISTRY_DEFAULT_URL;
	o->retries = -1;
}

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

int registry_import_run(const struct registry_options *o, struct diag *err)
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
	progress("%s%s", line, last ? "\n" : "");
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

int registry_update_run(const struct registry_options *o, struct diag *err)
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

int registry_status_run(const struct registry_options *o, struct diag *err)
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

int registry_override_run(const struct registry_options *o, struct diag *err)
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

int registry_overrides_run(const struct registry_options *o, struct diag *err)
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
