#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chainwatch/buf.h"
#include "chainwatch/json.h"
#include "chainwatch/profile.h"
#include "chainwatch/xalloc.h"

void profile_free(struct profile *p)
{
	int i;

	if (!p)
		return;
	free(p->name);
	free(p->path);
	free(p->description);
	for (i = 0; i < COL__COUNT; i++)
		free(p->columns[i]);
	free(p);
}

static int is_path(const char *s)
{
	size_t n = strlen(s);

	return strchr(s, '/') || (n > 5 && !strcmp(s + n - 5, ".json"));
}

static int readable(const char *path)
{
	return access(path, R_OK) == 0;
}

/* Find NAME.json in the profile directories; the path into out. */
static int find_profile(const char *name, struct buf *out)
{
	const char *env = getenv("CHAINWATCH_PROFILES");
	char exe[PATH_MAX];
	ssize_t n;

	if (env && *env) {
		buf_reset(out);
		buf_printf(out, "%s/%s.json", env, name);
		if (readable(out->s))
			return 0;
	}
	buf_reset(out);
	buf_printf(out, "profiles/%s.json", name);
	if (readable(out->s))
		return 0;
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		char *slash;

		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			buf_reset(out);
			buf_printf(out, "%s/../profiles/%s.json", exe, name);
			if (readable(out->s))
				return 0;
		}
	}
	return -1;
}

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static int bad(struct diag *err, const char *path, const char *fmt, ...)
{
	va_list ap;

	if (err) {
		err->code = CW_INPUT;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
		va_end(ap);
	}
	return diag_locate(err, path, 0, 0);
}

static int parse_profile(const struct jnode *root, const char *path, struct profile *p,
			 struct diag *err)
{
	void *it = NULL;
	const char *key;
	const struct jnode *val;

	if (!jnode_is_object(root))
		return bad(err, path, "a profile is a JSON object");
	while (jnode_object_next(root, &it, &key, &val)) {
		const char *s = jnode_string(val);
		long long v;

		if (!strcmp(key, "name") || !strcmp(key, "description")) {
			if (!s)
				return bad(err, path, "'%s' must be a string", key);
			if (key[0] == 'n')
				p->name = xstrdup(s);
			else
				p->description = xstrdup(s);
		} else if (!strcmp(key, "encoding")) {
			if (!s || encoding_parse(s, &p->encoding) < 0)
				return bad(err, path, "unknown encoding '%s' (utf-8, windows-1252, cp850)",
					   s ? s : "?");
		} else if (!strcmp(key, "date_order")) {
			if (!s || date_order_parse(s, &p->date_order) < 0)
				return bad(err, path, "unknown date_order '%s' (dmy, mdy)", s ? s : "?");
		} else if (!strcmp(key, "header_line")) {
			if (jnode_integer(val, &v) < 0 || v < 1 || v > 100000)
				return bad(err, path, "'%s' must be a line number from 1", key);
			p->header_line = (unsigned long)v;
		} else if (!strcmp(key, "columns")) {
			void *cit = NULL;
			const char *role;
			const struct jnode *hv;

			if (!jnode_is_object(val))
				return bad(err, path, "'%s' must be an object of role: header", key);
			while (jnode_object_next(val, &cit, &role, &hv)) {
				enum col_role r = col_role_from_name(role);

				if (r == COL_NONE)
					return bad(err, path, "unknown column role '%s'", role);
				if (!jnode_string(hv) || !*jnode_string(hv))
					return bad(err, path, "column '%s' must name a header", role);
				free(p->columns[r]);
				p->columns[r] = xstrdup(jnode_string(hv));
			}
		} else {
			return bad(err, path, "unknown key '%s'", key);
		}
	}
	return 0;
}

int profile_load(const char *name_or_path, struct profile **out, struct diag *err)
{
	struct profile *p = xcalloc(1, sizeof(*p));
	struct jdoc *doc = NULL;
	struct buf path;
	int ret = -1;

	buf_init(&path, 0);
	if (is_path(name_or_path)) {
		buf_adds(&path, name_or_path);
		if (!readable(path.s)) {
			diag_set(err, CW_USAGE, "cannot read profile '%s'", name_or_path);
			goto out;
		}
	} else if (find_profile(name_or_path, &path) < 0) {
		diag_set(err, CW_USAGE, "no profile named '%s' (looked in $CHAINWATCH_PROFILES, "
			 "./profiles and beside the program)", name_or_path);
		goto out;
	}
	if (jdoc_load_file(path.s, &doc, err) < 0)
		goto out;
	if (parse_profile(jdoc_root(doc), path.s, p, err) < 0)
		goto out;
	if (!p->name)
		p->name = xstrdup(name_or_path);
	p->path = buf_detach(&path, NULL);
	*out = p;
	p = NULL;
	ret = 0;
out:
	jdoc_free(doc);
	buf_release(&path);
	profile_free(p);
	return ret;
}
