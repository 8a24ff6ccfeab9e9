/*
 * entitycmd.c: `chainwatch entity`: a contract manager sets or corrects
 * what a payee is (entity.h), for one council; the next scan follows it.
 *   set KEY --type T [--id ID] --by NAME [--note TEXT]
 *   clear KEY
 *   list
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chainwatch/entity.h"
#include "chainwatch/entitydb.h"
#include "chainwatch/msg.h"
#include "chainwatch/outfile.h"
#include "chainwatch/registrydb.h"
#include "chainwatch/run.h"
#include "chainwatch/store.h"

#include "cmd.h"

struct entity_options {
	const char *db;
	const char *council;           /* NULL = the database's only council */
	const char *supplier_key;      /* set, clear */
	const char *type;              /* set: company, charity, public_body, individual, unknown */
	const char *id;                /* set: org-id.guide identifier, optional */
	const char *by, *note;
};

/*
 * An org-id.guide identifier: a scheme of two upper-case words, each
 * followed by a dash ("GB-COH-"), then the id, which may begin with
 * letters too ("GB-COH-SC123456", "GB-COH-OC000009", "GB-LAE-DEV").
 */
static int org_id_valid(const char *id)
{
	const char *p = id;
	int part;

	for (part = 0; part < 2; part++) {
		const char *w = p;

		while (*p >= 'A' && *p <= 'Z')
			p++;
		if (p == w || *p != '-')
			return 0;
		p++;
	}
	return *p && strlen(id) < ENTITY_ID_MAX && !strchr(p, ' ');
}

static int open_council(const struct entity_options *o, struct store **st, char **council,
			struct diag *err)
{
	if (make_parent_dirs(o->db, err) < 0 || store_open(o->db, st, err) < 0)
		return -1;
	return store_pick_council(*st, o->council, NULL, council, err);
}

static int entity_set_run(const struct entity_options *o, struct diag *err)
{
	struct entity_override ov;
	struct store *st = NULL;
	char *council = NULL, at[24];
	int known, code = CW_OK;

	memset(&ov, 0, sizeof(ov));
	if (entity_type_parse(o->type, &ov.type) < 0) {
		diag_set(err, CW_USAGE, "entity set: --type '%s' is not company, charity, "
			 "public_body, individual or unknown", o->type);
		return CW_USAGE;
	}
	if (o->id && *o->id && !org_id_valid(o->id)) {
		diag_set(err, CW_USAGE, "entity set: --id '%s' is not an org-id.guide identifier "
			 "(GB-COH-01234567, GB-CHC-1090095, GB-LAE-DEV)", o->id);
		return CW_USAGE;
	}
	if (open_council(o, &st, &council, err) < 0)
		goto fail;
	known = registrydb_supplier_known(st, council, o->supplier_key, err);
	if (known < 0)
		goto fail;
	if (!known) {
		diag_set(err, CW_USAGE, "no supplier '%s' of %s in '%s' (supplier keys are in the "
			 "first column of suppliers.csv)", o->supplier_key, council, o->db);
		goto fail;
	}
	ov.council = council;
	ov.supplier_key = (char *)o->supplier_key;
	ov.id = (char *)(o->id ? o->id : "");
	ov.set_by = (char *)o->by;
	ov.set_at = run_time_format(run_clock(), at);
	ov.note = (char *)(o->note ? o->note : "");
	if (entitydb_override_set(st, &ov, err) < 0)
		goto fail;
	notef("'%s' of %s is a%s %s%s%s (from the next scan)", o->supplier_key, council,
	      ov.type == ENTITY_INDIVIDUAL || ov.type == ENTITY_UNKNOWN ? "n" : "",
	      entity_type_name(ov.type), *ov.id ? ", " : "", ov.id);
	goto out;
fail:
	code = err->code ? err->code : CW_INTERNAL;
out:
	free(council);
	store_close(st);
	return code;
}

static int entity_clear_run(const struct entity_options *o, struct diag *err)
{
	struct store *st = NULL;
	char *council = NULL;
	int code = CW_OK;
	long n;

	if (open_council(o, &st, &council, err) < 0 ||
	    (n = entitydb_override_clear(st, council, o->supplier_key, err)) < 0) {
		code = err->code ? err->code : CW_INTERNAL;
	} else {
		notef("%ld entity override%s of '%s' removed", n, n == 1 ? "" : "s",
		      o->supplier_key);
	}
	free(council);
	store_close(st);
	return code;
}

static int entity_list_run(const struct entity_options *o, struct diag *err)
{
	struct store *st = NULL;
	struct entity_override *v = NULL;
	char *council = NULL;
	size_t n = 0, i;

	if (make_parent_dirs(o->db, err) < 0 || store_open(o->db, &st, err) < 0)
		return err->code;
	if ((o->council && store_pick_council(st, o->council, NULL, &council, err) < 0) ||
	    entitydb_overrides(st, council, &v, &n, err) < 0) {
		free(council);
		store_close(st);
		return err->code;
	}
	free(council);
	printf("council\tsupplier_key\tentity_type\tentity_id\tset_by\tset_at\tnote\n");
	for (i = 0; i < n; i++)
		printf("%s\t%s\t%s\t%s\t%s\t%s\t%s\n", v[i].council, v[i].supplier_key,
		       entity_type_name(v[i].type), v[i].id, v[i].set_by, v[i].set_at, v[i].note);
	entity_overrides_free(v, n);
	store_close(st);
	return CW_OK;
}

/* ---- the command line ---- */

enum { OPT_TYPE = OPT_OWN, OPT_ID };

static const struct opt options[] = {
	CMD_OPT_DB,
	{ "council", 1, OPT_COUNCIL, "NAME", "the council, when the database holds several" },
	{ "type", 1, OPT_TYPE, "TYPE", "set: company, charity, public_body, individual or unknown" },
	{ "id", 1, OPT_ID, "ORG_ID", "set: its identifier (GB-COH-01234567, GB-CHC-1090095, GB-LAE-DEV)" },
	{ "by", 1, OPT_BY, "NAME", "set: who decided (required)" },
	{ "note", 1, OPT_NOTE, "TEXT", "set: why" },
	CMD_OPT_QUIET,
	CMD_OPT_HELP,
	CMD_OPT_END
};

static const struct cmd_help help = {
	"usage: chainwatch entity set SUPPLIER_KEY --type TYPE [--id ORG_ID] --by NAME\n"
	"                            [--note TEXT] [--council NAME] [--db FILE]\n"
	"       chainwatch entity clear SUPPLIER_KEY [--council NAME] [--db FILE]\n"
	"       chainwatch entity list [--council NAME] [--db FILE]\n\n"
	"What a payee is - a company, a charity, a public body, an individual -\n"
	"decides how it is judged: public bodies are outside s54 and individuals are\n"
	"not a supply chain (README \"Who each payee is\").  set corrects what a scan\n"
	"found, for one council's supplier (its key is the first column of\n"
	"suppliers.csv); every later scan of that council follows it, before any\n"
	"identifier, register or name rule.  clear removes the correction.\n\n"
	"options:\n",
	options,
	"\nexit codes: 0 done, 2 usage (an unknown supplier or type), 5 database\n",
	"  chainwatch entity set id:298874 --type public_body --id GB-LAE-DEV --by \"A. Officer\"\n"
	"  chainwatch entity clear id:298874\n"
	"  chainwatch entity list --council \"Devon County Council\"\n"
};

static int set(void *ctx, int id, const char *v, struct diag *err)
{
	struct entity_options *o = ctx;

	(void)err;
	switch (id) {
	case OPT_DB: o->db = v; break;
	case OPT_COUNCIL: o->council = v; break;
	case OPT_TYPE: o->type = v; break;
	case OPT_ID: o->id = v; break;
	case OPT_BY: o->by = v; break;
	case OPT_NOTE: o->note = v; break;
	default:
		BUG("entity option %d has no case", id);
	}
	return 0;
}

enum { SUB_SET, SUB_CLEAR, SUB_LIST };

static int (*const subcommands[])(const struct entity_options *o, struct diag *err) = {
	[SUB_SET] = entity_set_run,
	[SUB_CLEAR] = entity_clear_run,
	[SUB_LIST] = entity_list_run,
};

/*
 * The options, then the subcommand and its arguments, checked: the
 * subcommand's index in subcommands[], -2 after --help, or -1 with err.
 */
static int parse(int argc, char **argv, struct entity_options *o, struct diag *err)
{
	int i = cmd_sub_options(argc, argv, &help, set, o, "set, clear or list", err), nargs;
	const char *sub;

	if (i <= 0)
		return i == 0 ? -2 : -1;
	sub = argv[i];
	nargs = argc - i - 1;
	if ((o->type || o->id || o->by || o->note) && strcmp(sub, "set"))
		return diag_set(err, CW_USAGE, "entity %s: --type, --id, --by and --note are for "
				"'entity set' (see --help)", sub);
	if (!strcmp(sub, "list")) {
		if (nargs)
			return diag_set(err, CW_USAGE, "entity list: unexpected argument '%s' (see "
					"--help)", argv[i + 1]);
		return SUB_LIST;
	}
	if (strcmp(sub, "set") && strcmp(sub, "clear"))
		return diag_set(err, CW_USAGE, "entity: unknown subcommand '%s' (see --help)", sub);
	if (nargs != 1)
		return diag_set(err, CW_USAGE, "entity %s: expected one SUPPLIER_KEY (see --help)",
				sub);
	o->supplier_key = argv[i + 1];
	if (!strcmp(sub, "clear"))
		return SUB_CLEAR;
	if (!o->type)
		return diag_set(err, CW_USAGE, "entity set: --type is required (see --help)");
	if (!o->by || !*o->by)
		return diag_set(err, CW_USAGE, "entity set: --by NAME is required, so the decision "
				"has an owner (see --help)");
	return SUB_SET;
}

int cmd_entity(int argc, char **argv)
{
	struct entity_options o;
	struct diag err;
	int k, code;

	diag_init(&err);
	memset(&o, 0, sizeof(o));
	o.db = "output/chainwatch.db";
	cmd_env("CHAINWATCH_DB", &o.db);
	cmd_env("CHAINWATCH_COUNCIL", &o.council);
	k = parse(argc, argv, &o, &err);
	code = k >= 0 ? subcommands[k](&o, &err) : k == -2 ? CW_OK : err.code;
	return msg_exit(code, &err);
}
