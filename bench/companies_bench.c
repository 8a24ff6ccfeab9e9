/*
 * The library calls a `chainwatch companies` command makes, timed for
 * bench/registers.sh (the command line is wired elsewhere):
 *
 *   companies_bench import DB FILE...     companiesdb_import()
 *   companies_bench match DB NAMES.txt    company_match_name() + companiesdb_get()
 *                                         for each line "payee[<TAB>number]" of
 *                                         NAMES.txt; a match to another number
 *                                         than the one given is counted wrong
 *                                         ("cut:NUMBER": apart, as a cut name)
 *
 * Prints one line of figures on stdout; errors on stderr, exit 1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chainwatch/companiesdb.h"
#include "chainwatch/companymatch.h"
#include "chainwatch/store.h"

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void on_reject(void *ctx, const char *where, unsigned long line, const char *reason)
{
	unsigned long *n = ctx;

	if (++*n <= 5)
		fprintf(stderr, "%s:%lu: rejected: %s\n", where, line, reason);
}

static int import(struct store *st, char **paths, int n, struct diag *err)
{
	unsigned long rejects = 0;
	struct companies_import_opts o = { on_reject, &rejects, 0 };
	struct companies_snapshot s;

	if (companiesdb_import(st, (const char *const *)paths, (size_t)n, &o, &s, err) < 0)
		return -1;
	printf("companies %lu names %lu rejected %lu bad_dates %lu date %d seconds %.3f\n",
	       s.companies, s.names, s.rejected, s.bad_dates, (int)s.register_date, s.seconds);
	return 0;
}

static int match(struct store *st, const char *path, struct diag *err)
{
	struct companies_reader *rd = NULL;
	struct company_source src;
	struct company_match m;
	struct company_info info;
	char **names = NULL, **want = NULL, line[1024], *tab;
	size_t n = 0, cap = 0, i, counts[3] = { 0 }, exact = 0, prev = 0, fuzzy = 0, wrong = 0;
	size_t cut_other = 0;
	FILE *f = fopen(path, "r");
	double t0, t1;
	int ret = -1;

	if (!f) {
		diag_set(err, CW_INPUT, "cannot open '%s'", path);
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\r\n")] = '\0';
		if (n == cap) {
			cap = cap ? cap * 2 : 1024;
			names = realloc(names, cap * sizeof(*names));
			want = realloc(want, cap * sizeof(*want));
			if (!names || !want)
				abort();
		}
		tab = strchr(line, '\t');
		want[n] = strdup(tab ? tab + 1 : "");
		if (tab)
			*tab = '\0';
		names[n++] = strdup(line);
	}
	fclose(f);
	t0 = now();
	if (companiesdb_reader_new(st, &rd, err) < 0)
		goto out;
	src.find = companiesdb_find;
	src.keys = companiesdb_keys;
	src.ctx = rd;
	for (i = 0; i < n; i++) {
		if (company_match_name(&src, names[i], &m, err) < 0)
			goto out;
		counts[m.outcome]++;
		if (m.outcome == COMPANY_MATCHED) {
			if (companiesdb_get(rd, m.company.number, &info, err) < 0)
				goto out;
			exact += !strcmp(m.method, "exact name");
			prev += !strcmp(m.method, "previous name");
			fuzzy += !strcmp(m.method, "fuzzy");
			if (!strncmp(want[i], "cut:", 4)) {
				/* a name cut short may read as another company's */
				cut_other += strcmp(m.company.number, want[i] + 4) != 0;
			} else if (strcmp(m.company.number, want[i])) {
				if (++wrong <= 10)
					fprintf(stderr, "wrong: '%s' is %s, matched %s '%s' (%s)\n",
						names[i], *want[i] ? want[i] : "not in the register",
						m.company.number, m.company.name, m.method);
			}
		}
	}
	t1 = now();
	printf("suppliers %zu matched %zu (exact %zu, previous %zu, fuzzy %zu; wrong %zu, cut "
	       "names read as another company %zu) ambiguous %zu unmatched %zu seconds %.3f\n", n,
	       counts[COMPANY_MATCHED], exact, prev, fuzzy, wrong, cut_other,
	       counts[COMPANY_AMBIGUOUS], counts[COMPANY_UNMATCHED], t1 - t0);
	ret = 0;
out:
	companiesdb_reader_free(rd);
	for (i = 0; i < n; i++) {
		free(names[i]);
		free(want[i]);
	}
	free(names);
	free(want);
	return ret;
}

int main(int argc, char **argv)
{
	struct store *st = NULL;
	struct diag err;
	int ret = 1;

	diag_init(&err);
	if (argc < 4 || (strcmp(argv[1], "import") && strcmp(argv[1], "match"))) {
		fprintf(stderr, "usage: companies_bench import DB FILE... | match DB NAMES.txt\n");
		return 2;
	}
	if (store_open(argv[2], &st, &err) < 0)
		goto out;
	if (!strcmp(argv[1], "import") ? import(st, argv + 3, argc - 3, &err) :
					  match(st, argv[3], &err))
		goto out;
	ret = 0;
out:
	if (ret)
		fprintf(stderr, "companies_bench: %s\n", err.msg);
	store_close(st);
	return ret;
}
