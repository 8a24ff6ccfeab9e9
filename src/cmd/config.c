/*
 * config.c: the --config file of scan and tenders (cmd.h), `key = value`
 * lines.  The command reads it before its command line, which wins; the
 * environment comes between (cmd_env()).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chainwatch/buf.h"
#include "chainwatch/xalloc.h"

#include "cmd.h"

static const char *keep_copy(struct cmd_strings *keep, const char *s)
{
	keep->v = xreallocarray(keep->v, keep->n + 1, sizeof(*keep->v));
	return keep->v[keep->n++] = xstrdup(s);
}

void cmd_strings_release(struct cmd_strings *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	s->v = NULL;
	s->n = 0;
}

static const struct { const char *key; int id; } config_keys[] = {
	{ "council", OPT_COUNCIL }, { "db", OPT_DB }, { "out", OPT_OUT },
	{ "profile", OPT_PROFILE }, { "max-reject-rate", OPT_MAX_REJECT },
	{ "sectors", OPT_SECTORS }, { "unmatched-flag", OPT_UNMATCHED },
	{ "suppliers", OPT_SUPPLIERS }, { "statement-spend", OPT_STATEMENT_SPEND },
	{ "tenders", OPT_TENDERS }, { "companies-house-key", OPT_CH_KEY },
};

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
		*--e = '\0';
	return s;
}

/* One `key = value`: its id and the value to set, kept in keep.  -1 for an unknown key. */
static int setting(char *key, char *val, struct cmd_strings *keep, const char **v)
{
	size_t i;

	if (!strncmp(key, "tender-", 7) && strcmp(key, "tender-setting") != 0) {
		/* a rule threshold: checked by name when the bids are checked */
		struct buf kv;

		buf_init(&kv, 0);
		buf_printf(&kv, "%s=%s", key + 7, val);
		*v = keep_copy(keep, kv.s);
		buf_release(&kv);
		return OPT_TENDER_SET;
	}
	for (i = 0; i < sizeof(config_keys) / sizeof(config_keys[0]); i++)
		if (!strcmp(key, config_keys[i].key)) {
			*v = keep_copy(keep, val);
			return config_keys[i].id;
		}
	return -1;
}

/* One line: a comment or blank line, or a setting to set().  0, or -1 with err. */
static int one_line(char *line, cmd_set_fn *set, void *ctx, struct cmd_strings *keep,
		    struct diag *err)
{
	char *key = trim(line), *eq;
	const char *val;
	int id;

	if (!*key || *key == '#')
		return 0;
	eq = strchr(key, '=');
	if (!eq)
		return diag_set(err, CW_USAGE, "expected 'key = value'");
	*eq = '\0';
	key = trim(key);
	id = setting(key, trim(eq + 1), keep, &val);
	if (id < 0)
		return diag_set(err, CW_USAGE, "unknown setting '%s'", key);
	return set(ctx, id, val, err);
}

int cmd_config_read(const char *path, cmd_set_fn *set, void *ctx, struct cmd_strings *keep,
		    struct diag *err)
{
	FILE *fp = fopen(path, "r");
	char line[4096];
	unsigned long lineno = 0;
	int ret = 0;

	if (!fp)
		return diag_set(err, CW_USAGE, "cannot read config '%s': %s", path, strerror(errno));
	while (ret == 0 && fgets(line, sizeof(line), fp)) {
		lineno++;
		if (one_line(line, set, ctx, keep, err) < 0)
			ret = diag_locate(err, path, lineno, 0);
	}
	fclose(fp);
	return ret;
}
