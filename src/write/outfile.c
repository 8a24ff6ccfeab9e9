/*
 * outfile.c: output files written atomically, and sets of them published
 * together after the run's commit (outfile.h).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "chainwatch/buf.h"
#include "chainwatch/fault.h"
#include "chainwatch/outfile.h"
#include "chainwatch/sha256.h"
#include "chainwatch/xalloc.h"

static char *path_join(const char *dir, const char *name)
{
	struct buf b;
	size_t n = strlen(dir);

	buf_init(&b, 0);
	if (n) {
		buf_adds(&b, dir);
		if (dir[n - 1] != '/')
			buf_addc(&b, '/');
	}
	buf_adds(&b, name);
	return buf_detach(&b, NULL);
}

static void outfile_clear(struct outfile *o)
{
	free(o->final);
	free(o->tmp);
	o->final = NULL;
	o->tmp = NULL;
	o->fp = NULL;
}

int outfile_begin(struct outfile *o, const char *dir, const char *name, struct diag *err)
{
	struct buf b;
	size_t n;

	o->fp = NULL;
	o->final = NULL;
	o->tmp = NULL;
	if (!name[0] || strchr(name, '/'))
		return diag_set(err, CW_OUTPUT, "output name '%s' is not a plain file name", name);
	if (!dir)
		dir = "";
	buf_init(&b, 0);
	n = strlen(dir);
	if (n) {
		buf_adds(&b, dir);
		if (dir[n - 1] != '/')
			buf_addc(&b, '/');
	}
	buf_printf(&b, ".%s.tmp.%ld", name, (long)getpid());
	o->tmp = buf_detach(&b, NULL);
	o->final = path_join(dir, name);
	return 0;
}

int outfile_open(struct outfile *o, const char *dir, const char *name, struct diag *err)
{
	if (outfile_begin(o, dir, name, err) < 0)
		return -1;
	o->fp = fopen(o->tmp, "wb");
	if (!o->fp) {
		diag_set(err, CW_OUTPUT, "cannot write '%s': %s", o->final, strerror(errno));
		outfile_clear(o);
		return -1;
	}
	return 0;
}

/* fsync a file by name (for writers that closed it themselves). */
static int sync_path(const char *path)
{
	int fd = open(path, O_RDONLY);
	int ret;

	if (fd < 0)
		return -1;
	ret = fsync(fd);
	if (ret < 0 && (errno == EINVAL || errno == EROFS))
		ret = 0;    /* special files cannot be synced; nothing to lose */
	if (close(fd) < 0 && ret == 0)
		ret = -1;
	return ret;
}

int outfile_commit(struct outfile *o, char hex[65], struct diag *err)
{
	char sum[65];
	int ret = -1;

	if (!o->tmp)
		BUG("outfile_commit without outfile_begin");
	if (o->fp) {
		FILE *fp = o->fp;
		int e = 0;

		o->fp = NULL;
		errno = 0;
		if (fflush(fp) != 0)
			e = errno ? errno : EIO;
		else if (ferror(fp))
			e = EIO;    /* an earlier write failed; its errno is gone */
		if (!e && fsync(fileno(fp)) < 0 && errno != EINVAL && errno != EROFS)
			e = errno;
		if (fclose(fp) != 0 && !e)
			e = errno ? errno : EIO;
		if (e) {
			diag_set(err, CW_OUTPUT, "cannot write '%s': %s", o->final, strerror(e));
			goto out;
		}
	} else if (sync_path(o->tmp) < 0) {
		diag_set(err, CW_OUTPUT, "cannot write '%s': %s", o->final, strerror(errno));
		goto out;
	}
	if (rename(o->tmp, o->final) < 0) {
		diag_set(err, CW_OUTPUT, "cannot write '%s': %s", o->final, strerror(errno));
		goto out;
	}
	free(o->tmp);
	o->tmp = NULL;
	if (hex) {
		struct diag e2;

		diag_init(&e2);
		if (sha256_file(o->final, sum, NULL, &e2) < 0) {
			diag_set(err, CW_OUTPUT, "cannot read back '%s': %s", o->final, e2.msg);
			goto out;
		}
		memcpy(hex, sum, sizeof(sum));
	}
	ret = 0;
out:
	if (ret < 0 && o->tmp)
		unlink(o->tmp);
	outfile_clear(o);
	return ret;
}

void outfile_abort(struct outfile *o)
{
	if (!o)
		return;
	if (o->fp)
		fclose(o->fp);
	if (o->tmp)
		unlink(o->tmp);
	outfile_clear(o);
}

/* ---- sets of outputs ---- */

#define STAGE_PREFIX ".chainwatch-stage."
#define PUBLISH_MARK ".publish"

/* The pid at the end of ".NAME.tmp.PID" or ".chainwatch-stage.PID", 0 if none. */
static long name_pid(const char *name, const char *after)
{
	const char *p = strstr(name, after);
	long pid = 0;

	if (!p || name[0] != '.')
		return 0;
	for (p += strlen(after); *p >= '0' && *p <= '9' && pid < 100000000; p++)
		pid = pid * 10 + (*p - '0');
	return *p ? 0 : pid;
}

static int pid_dead(long pid)
{
	return pid > 0 && pid != (long)getpid() && kill((pid_t)pid, 0) < 0 && errno == ESRCH;
}

/* Every plain file of the stage into dir (the mark last, removed), then the stage itself. */
static int stage_publish(const char *dir, const char *stage, const char *last)
{
	DIR *d = opendir(stage);
	struct dirent *e;
	char *from, *to;
	int ret = 0;

	if (!d)
		return -1;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' || (last && !strcmp(e->d_name, last)))
			continue;
		from = path_join(stage, e->d_name);
		to = path_join(dir, e->d_name);
		if (rename(from, to) < 0)
			ret = -1;
		free(from);
		free(to);
		fault_point("publish");
	}
	closedir(d);
	if (last && ret == 0) {
		from = path_join(stage, last);
		to = path_join(dir, last);
		if (rename(from, to) < 0 && errno != ENOENT)
			ret = -1;
		free(from);
		free(to);
	}
	if (ret == 0)
		sync_path(dir);
	return ret;
}

/* Remove a stage: its files (temporaries too), then the directory. */
static void stage_remove(const char *stage)
{
	DIR *d = opendir(stage);
	struct dirent *e;

	if (d) {
		while ((e = readdir(d))) {
			char *p;

			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			p = path_join(stage, e->d_name);
			unlink(p);
			free(p);
		}
		closedir(d);
	}
	rmdir(stage);
}

static int stage_marked(const char *stage)
{
	char *mark = path_join(stage, PUBLISH_MARK);
	int marked = access(mark, F_OK) == 0;

	free(mark);
	return marked;
}

void outfile_sweep(const char *dir, const char *prefix)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d))) {
		long stage = name_pid(e->d_name, STAGE_PREFIX), tmp = name_pid(e->d_name, ".tmp.");
		char *p;

		if (prefix && strncmp(e->d_name, prefix, strlen(prefix)) != 0)
			continue;
		if (!pid_dead(stage) && !pid_dead(tmp))
			continue;
		p = path_join(dir, e->d_name);
		if (stage) {
			if (stage_marked(p))
				stage_publish(dir, p, "manifest.json");
			stage_remove(p);
		} else {
			unlink(p);
		}
		free(p);
	}
	closedir(d);
}

int outset_begin(struct outset *set, const char *dir, struct diag *err)
{
	struct buf b;

	memset(set, 0, sizeof(*set));
	if (make_dirs(dir, err) < 0)
		return -1;
	outfile_sweep(dir, NULL);
	buf_init(&b, 0);
	buf_printf(&b, STAGE_PREFIX "%ld", (long)getpid());
	set->stage = path_join(dir, b.s);
	buf_release(&b);
	/* an earlier process that had our pid left it */
	if (stage_marked(set->stage))
		stage_publish(dir, set->stage, "manifest.json");
	stage_remove(set->stage);
	if (mkdir(set->stage, 0777) < 0) {
		diag_set(err, CW_OUTPUT, "cannot create directory '%s': %s", set->stage,
			 strerror(errno));
		free(set->stage);
		set->stage = NULL;
		return -1;
	}
	set->dir = xstrdup(dir);
	return 0;
}

static void outset_clear(struct outset *set)
{
	free(set->stage);
	free(set->dir);
	memset(set, 0, sizeof(*set));
}

int outset_mark(struct outset *set, struct diag *err)
{
	char *mark = path_join(set->stage, PUBLISH_MARK);
	int fd, ret = 0;

	fd = open(mark, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0 || fsync(fd) < 0 || sync_path(set->stage) < 0)
		ret = diag_set(err, CW_OUTPUT, "cannot write '%s': %s", mark, strerror(errno));
	if (fd >= 0)
		close(fd);
	free(mark);
	return ret;
}

int outset_publish(struct outset *set, const char *last, struct diag *err)
{
	int ret = -1;

	if (outset_mark(set, err) < 0)
		goto out;
	if (stage_publish(set->dir, set->stage, last) < 0) {
		diag_set(err, CW_OUTPUT, "cannot put the outputs in place in '%s': %s; the run is "
			 "saved, and the next scan into '%s' finishes putting them in place",
			 set->dir, strerror(errno), set->dir);
		free(set->stage);    /* the stage stays, marked, for the next run */
		set->stage = NULL;
		goto out;
	}
	ret = 0;
out:
	outset_abort(set);
	return ret;
}

void outset_abort(struct outset *set)
{
	if (!set)
		return;
	if (set->stage)
		stage_remove(set->stage);
	outset_clear(set);
}

int make_dirs(const char *path, struct diag *err)
{
	struct stat st;
	char *p = NULL, *q;
	int ret = -1;

	if (!path || !path[0])
		return diag_set(err, CW_OUTPUT, "empty output directory name");
	p = xstrdup(path);
	for (q = p + 1; ; q++) {
		char c = *q;

		if (c != '/' && c != '\0')
			continue;
		if (q[-1] == '/') {      /* "a//b" or trailing "/" */
			if (!c)
				break;
			continue;
		}
		*q = '\0';
		if (mkdir(p, 0777) < 0) {
			int e = errno;

			if (stat(p, &st) < 0 || !S_ISDIR(st.st_mode)) {
				if (e == EEXIST)
					e = ENOTDIR;
				diag_set(err, CW_OUTPUT, "cannot create directory '%s': %s", p,
					 strerror(e));
				goto out;
			}
		}
		*q = c;
		if (!c)
			break;
	}
	ret = 0;
out:
	free(p);
	return ret;
}

int make_parent_dirs(const char *path, struct diag *err)
{
	const char *slash = strrchr(path, '/');
	char *dir;
	int r;

	if (!slash || slash == path)
		return 0;
	dir = xstrndup(path, (size_t)(slash - path));
	r = make_dirs(dir, err);
	free(dir);
	return r;
}
