/*
 * charitiescmd.c: the `chainwatch charities` commands - the UK charity
 * registers in the database (charitiesdb.h):
 *
 *   import FILE...   any mix of publicextract.charity.txt or .json (England
 *                    and Wales's extract, text or JSON form, unzipped; with it
 *                    its classification and other-names tables), OSCR's and
 *                    CCNI's register CSVs as one new snapshot that replaces the old
 *   status           the snapshot in use
 *   match NAME...    how the scan would match each payee name (or charity
 *                    number, "NIC100019", "1090095-1") to the registers
 *
 * An import that fails leaves the previous snapshot in use.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chainwatch/charitiesdb.h"
#include "chainwatch/charitymatch.h"
#include "chainwatch/identity.h"
#include "chainwatch/msg.h"
#include "chainwatch/xalloc.h"

#include "cmd.h"

static const struct opt options[] = {
	CMD_OPT_DB,
	CMD_OPT_QUIET,
	CMD_OPT_HELP,
	CMD_OPT_END
};

static const struct cmd_help help = {
	"usage: chainwatch charities import FILE... [--db FILE]\n"
	"       chainwatch charities status [--db FILE]\n"
	"       chainwatch charities match NAME|NUMBER... [--db FILE]\n\n"
	"The UK's charity registers in the database, any mix of three files told\n"
	"apart by their first lines, imported together as one snapshot that\n"
	"replaces the old whole: a file that fails leaves the previous one.\n"
	"  England and Wales (GB-CHC-): publicextract.charity.zip, text or JSON form, from\n"
	"    https://register-of-charities.charitycommission.gov.uk/register/full-register-download\n"
	"    unzipped: publicextract.charity.txt (or .json), and with it (told by their\n"
	"    first lines) publicextract.charity_classification.txt, ..._other_names.txt\n"
	"  Scotland (GB-SC-): OSCR's register CSV from\n"
	"    https://www.oscr.org.uk/about-charities/search-the-register/charity-register-download\n"
	"  Northern Ireland (GB-NIC-): CCNI's export CSV from\n"
	"    https://www.charitycommissionni.org.uk/charity-search/\n"
	"match shows how a scan matches each payee name as printed, or charity number\n"
	"(NIC100019, SC042386, 1090095-1, GB-CHC-1090095), to the registers: the\n"
	"charity, the name or number that decided, its classification codes; or the\n"
	"charities an ambiguous name fits.\n\n"
	"options:\n",
	options,
	"\nexit codes: 0 done, 2 usage, 3 file unusable (the previous snapshot is kept),\n"
	"5 database\n",
	"  chainwatch charities import publicextract.charity.txt CharityExport.csv\n"
	"  chainwatch charities status --db output/chainwatch.db\n"
	"  chainwatch charities match \"Exeter Foodbank\" NIC100019\n"
};

static int charities_import(struct store *st, char **files, int nfiles, struct diag *err)
{
	unsigned long shown = 0;
	struct charities_import_opts opts = { cmd_print_reject, &shown, 0 };
	struct charities_snapshot snap;

	if (charitiesdb_import(st, (const char *const *)files, (size_t)nfiles, &opts, &snap,
			       err) < 0)
		return -1;
	cmd_rejects_done(shown);
	notef("charities: %lu charities (%lu England and Wales, %lu Scotland, %lu Northern "
	      "Ireland; %lu linked left out), %lu classifications, %lu other names, %lu rejected; "
	      "imported in %.1f s", snap.charities, snap.registers[CHARITY_CCEW],
	      snap.registers[CHARITY_OSCR], snap.registers[CHARITY_CCNI], snap.linked,
	      snap.classifications, snap.other_names, snap.rejected, snap.seconds);
	return 0;
}

static int charities_status(struct store *st, char **args, int nargs, struct diag *err)
{
	struct charities_snapshot s;
	int got = charitiesdb_status(st, &s, err), i;

	(void)args;
	(void)nargs;
	if (got <= 0) {
		if (!got)
			printf("no Charity Commission snapshot: run 'chainwatch charities import FILE'\n");
		return got;
	}
	if (s.extract_date)
		printf("extract date    %04d-%02d-%02d\n", s.extract_date / 10000,
		       s.extract_date / 100 % 100, s.extract_date % 100);
	printf("charities       %lu (%lu linked charities left out)\n", s.charities, s.linked);
	for (i = 0; i < CHARITY__REGISTERS; i++)
		printf("  %-14s%lu (%s-)\n", charity_register_name((enum charity_register)i),
		       s.registers[i], charity_register_scheme((enum charity_register)i));
	printf("classifications %lu\n", s.classifications);
	printf("other names     %lu (working and previous names)\n", s.other_names);
	printf("rejected rows   %lu\n", s.rejected);
	printf("imported        %s from %s in %.1f s\n", s.loaded, s.sources, s.seconds);
	return 0;
}

static int print_match(struct store *st, const char *arg, const struct charity_match *m,
		       struct diag *err)
{
	const struct charity_info *c = &m->charity;
	int codes[32];
	long n, i;
	size_t k;

	printf("%s\n  %s", arg, company_outcome_name(m->outcome));
	if (m->outcome == COMPANY_AMBIGUOUS) {
		for (k = 0; k < m->ncandidates; k++)
			printf("%s %s-%s %s (%s)", k ? ";" : ":", m->candidates[k].scheme,
			       m->candidates[k].number, m->candidates[k].name,
			       m->candidates[k].status);
		printf("\n");
		return 0;
	}
	if (m->outcome != COMPANY_MATCHED) {
		printf("\n");
		return 0;
	}
	printf(": %s-%s %s (%s%s%s%s, %s, confidence %.2f)\n", c->scheme, c->number,
	       c->name, m->method, c->other_name[0] ? " '" : "", c->other_name,
	       c->other_name[0] ? "'" : "", c->status[0] ? c->status : "status not given",
	       m->confidence);
	if ((n = charitiesdb_classes(st, c->scheme, c->number, codes, 32, err)) < 0)
		return -1;
	printf("  classification:");
	for (i = 0; i < n; i++)
		printf(" %d", codes[i]);
	printf("%s\n", n ? "" : " none");
	return 0;
}

/* Each argument a payee's name as printed, or a charity number ("NIC100019", "1090095-1"). */
static int charities_match(struct store *st, char **args, int nargs, struct diag *err)
{
	struct charity_source src;
	struct charity_match *m = xcalloc(1, sizeof(*m));
	char scheme[8], number[16];
	int i, ret = -1;

	charitiesdb_source(st, &src);
	for (i = 0; i < nargs; i++) {
		int is_number = charity_number_parse(args[i], strlen(args[i]), scheme, number) == 0;

		if (charity_match(&src, is_number ? NULL : args[i], is_number ? args[i] : NULL, NULL,
				  m, err) < 0 || print_match(st, args[i], m, err) < 0)
			goto out;
	}
	ret = 0;
out:
	free(m);
	return ret;
}

static const struct cmd_store_sub subcommands[] = {
	{ "import", "FILE", charities_import },
	{ "status", NULL, charities_status },
	{ "match", "NAME", charities_match },
};

int cmd_charities(int argc, char **argv)
{
	const char *db = "output/chainwatch.db";

	return cmd_store_command(argc, argv, &help, cmd_set_db, &db, &db, subcommands,
				 sizeof(subcommands) / sizeof(subcommands[0]), "import, status or match");
}
