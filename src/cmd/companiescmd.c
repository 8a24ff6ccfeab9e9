/*
 * companiescmd.c: the `chainwatch companies` commands - Companies House's
 * BasicCompanyData in the database (companiesdb.h):
 *
 *   import FILE...   the single zip, the part zips or the CSV inside, as
 *                    one new snapshot that replaces the old one whole
 *   status           the snapshot in use
 *   match NAME...    how payee names match it (companymatch.h)
 *
 * An import that fails - a file cut short, a corrupt zip, too many rows
 * rejected, a full disk - leaves the previous snapshot in use.
 */

#include <stdio.h>
#include <string.h>

#include "chainwatch/companiesdb.h"
#include "chainwatch/companymatch.h"
#include "chainwatch/msg.h"
#include "chainwatch/store.h"

#include "cmd.h"

static const struct opt options[] = {
	CMD_OPT_DB,
	CMD_OPT_QUIET,
	CMD_OPT_HELP,
	CMD_OPT_END
};

static const struct cmd_help help = {
	"usage: chainwatch companies import FILE... [--db FILE]\n"
	"       chainwatch companies status [--db FILE]\n"
	"       chainwatch companies match NAME... [--db FILE]\n\n"
	"Companies House's free monthly register of every live company\n"
	"(BasicCompanyData, https://download.companieshouse.gov.uk/en_output.html)\n"
	"in the database, for naming what each payee is.  import reads the single\n"
	"zip, the part zips or the CSV inside, streamed, and replaces the snapshot\n"
	"whole: a file that fails leaves the previous one in use.  match shows how\n"
	"payee names, as councils print them, match the snapshot.\n\n"
	"options:\n",
	options,
	"\nexit codes: 0 done, 2 usage, 3 file unusable (the previous snapshot is kept),\n"
	"5 database\n",
	"  chainwatch companies import BasicCompanyDataAsOneFile-2026-12-01.zip\n"
	"  chainwatch companies import BasicCompanyData-2026-12-01-part*_7.zip\n"
	"  chainwatch companies match 'ACME SERVICES LTD T/A ACME CARE'\n"
};

static void print_snapshot(const struct companies_snapshot *s)
{
	printf("register date   %04d-%02d-%02d (from the %s)\n", s->register_date / 10000,
	       s->register_date / 100 % 100, s->register_date % 100, s->date_source);
	printf("companies       %lu (%lu names, current and previous)\n", s->companies, s->names);
	printf("rejected rows   %lu\n", s->rejected);
	printf("imported        %s from %s in %.1f s\n", s->loaded, s->sources, s->seconds);
}

static int companies_import(struct store *st, char **files, int nfiles, struct diag *err)
{
	unsigned long shown = 0;
	struct companies_import_opts opts = { cmd_print_reject, &shown, 0 };
	struct companies_snapshot snap;

	if (companiesdb_import(st, (const char *const *)files, (size_t)nfiles, &opts, &snap,
			       err) < 0)
		return -1;
	cmd_rejects_done(shown);
	notef("companies: %lu companies (%lu names), %lu rejected, register of %04d-%02d-%02d; "
	      "imported in %.1f s", snap.companies, snap.names, snap.rejected,
	      snap.register_date / 10000, snap.register_date / 100 % 100,
	      snap.register_date % 100, snap.seconds);
	return 0;
}

static int companies_status(struct store *st, char **args, int nargs, struct diag *err)
{
	struct companies_snapshot snap;
	int got = companiesdb_status(st, &snap, err);

	(void)args;
	(void)nargs;
	if (got < 0)
		return -1;
	if (!got) {
		printf("no Companies House snapshot: run 'chainwatch companies import FILE'\n");
		return 0;
	}
	print_snapshot(&snap);
	return 0;
}

static void print_match(const char *name, const struct company_match *m,
			const struct company_info *info)
{
	size_t i;

	printf("%s\n  %s", name, company_outcome_name(m->outcome));
	if (m->outcome == COMPANY_MATCHED)
		printf(": %s %s (%s, %s, confidence %.2f)\n  %s; SIC %s; incorporated "
		       "%04d-%02d-%02d\n", m->company.number, m->company.name, m->method,
		       m->company.status, m->confidence, info->category,
		       info->sic[0] ? info->sic : "none", info->incorporated / 10000,
		       info->incorporated / 100 % 100, info->incorporated % 100);
	else if (m->outcome == COMPANY_AMBIGUOUS)
		for (i = 0; i < m->ncandidates; i++)
			printf("%s %s %s (%s)", i ? ";" : ":", m->candidates[i].number,
			       m->candidates[i].name, m->candidates[i].status);
	if (m->outcome != COMPANY_MATCHED)
		printf("\n");
}

static int companies_match(struct store *st, char **names, int nnames, struct diag *err)
{
	struct companies_reader *rd = NULL;
	struct company_source src = { companiesdb_find, companiesdb_keys, NULL };
	int i, ret = -1;

	if (companiesdb_reader_new(st, &rd, err) < 0)
		return -1;
	src.ctx = rd;
	for (i = 0; i < nnames; i++) {
		struct company_match m;
		struct company_info info;

		memset(&info, 0, sizeof(info));
		if (company_match_name(&src, names[i], &m, err) < 0 ||
		    (m.outcome == COMPANY_MATCHED &&
		     companiesdb_get(rd, m.company.number, &info, err) < 0))
			goto out;
		print_match(names[i], &m, &info);
	}
	ret = 0;
out:
	companiesdb_reader_free(rd);
	return ret;
}

static const struct cmd_store_sub subcommands[] = {
	{ "import", "FILE", companies_import },
	{ "status", NULL, companies_status },
	{ "match", "NAME", companies_match },
};

int cmd_companies(int argc, char **argv)
{
	const char *db = "output/chainwatch.db";

	return cmd_store_command(argc, argv, &help, cmd_set_db, &db, &db, subcommands,
				 sizeof(subcommands) / sizeof(subcommands[0]),
				 "import, status or match");
}
