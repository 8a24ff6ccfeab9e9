#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "chainwatch/buf.h"
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

char *data_dir(const char *name, const char *probe)
{
	char exe[4096], *slash;
	struct buf b;
	ssize_t n;

	buf_init(&b, 0);
	buf_printf(&b, "%s/%s", name, probe);
	if (access(b.s, R_OK) == 0 || (n = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) <= 0) {
		buf_release(&b);
		return xstrdup(name);
	}
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	buf_reset(&b);
	if (slash) {
		*slash = '\0';
		buf_printf(&b, "%s/../%s", exe, name);
	} else {
		buf_adds(&b, name);
	}
	return buf_detach(&b, NULL);
}
