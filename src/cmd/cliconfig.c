/*
 * Settings from outside the command line: the --config file of scan and
 * tenders (key = value lines) and scan's environment variables.  The
 * command line, parsed in cli.c, is applied after them and wins.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chainwatch/cli.h"
#include "chainwatch/xalloc.h"

#include "cli_private.h"

static const char *keep(struct cli *c, const char *s)
{
	c->owned = xreallocarray(c->owned, c->nowned + 1, sizeof(*c->owned));
	return c->owned[c->nowned++] = xstrdup(s);
}

static const struct { const char *key; int id; } config_keys[] = {
	{ "council", OPT_COUNCIL }, { "db", OPT_DB }, { "out", OPT_OUT },
	{ "profile", OPT_PROFILE }, { "max-reject-rate", OPT_MAX_REJECT },
	{ "sectors", OPT_SECTORS }, { "unmatched-flag", OPT_UNMATCHED },
	{ "suppliers", OPT_SUPPLIERS }, { "statement-spend", OPT_STATEMENT_SPEND },
	{ "tenders", OPT_TENDERS },
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

/* key = value lines; '#' comments; unknown keys are errors with their line. */
int cli_read_config(struct cli *c, const char *path, struct diag *err)
{
	FILE *fp = fopen(path, "r");
	char line[4096];
	unsigned long lineno = 0;
	int ret = -1;

	if (!fp)
		return diag_set(err, CW_USAGE, "cannot read config '%s': %s", path, strerror(errno));
	while (fgets(line, sizeof(line), fp)) {
		char *eq, *key, *val;
		size_t i;

		lineno++;
		key = trim(line);
		if (!*key || *key == '#')
			continue;
		eq = strchr(key, '=');
		if (!eq) {
			diag_set(err, CW_USAGE, "expected 'key = value'");
			diag_locate(err, path, lineno, 0);
			goto out;
		}
		*eq = '\0';
		key = trim(key);
		val = trim(eq + 1);
		if (!strncmp(key, "tender-", 7) && strcmp(key, "tender-setting") != 0) {
			/* a rule threshold: checked by name when the bids are checked */
			char *kv = xmalloc(strlen(key) + strlen(val) + 2);

			sprintf(kv, "%s=%s", key + 7, val);
			if (cli_set_scan(c, OPT_TENDER_SET, keep(c, kv), err) < 0) {
				free(kv);
				diag_locate(err, path, lineno, 0);
				goto out;
			}
			free(kv);
			continue;
		}
		for (i = 0; i < sizeof(config_keys) / sizeof(config_keys[0]); i++)
			if (!strcmp(key, config_keys[i].key))
				break;
		if (i == sizeof(config_keys) / sizeof(config_keys[0])) {
			diag_set(err, CW_USAGE, "unknown setting '%s'", key);
			diag_locate(err, path, lineno, 0);
			goto out;
		}
		if (cli_set_scan(c, config_keys[i].id, keep(c, val), err) < 0) {
			diag_locate(err, path, lineno, 0);
			goto out;
		}
	}
	ret = 0;
out:
	fclose(fp);
	return ret;
}

void cli_read_env(struct cli *c)
{
	const char *v;

	if ((v = getenv("CHAINWATCH_DB")) && *v)
		c->scan.db = v;
	if ((v = getenv("CHAINWATCH_COUNCIL")) && *v)
		c->scan.council = v;
	if ((v = getenv("CHAINWATCH_OUT")) && *v)
		c->scan.out_root = v;
}
