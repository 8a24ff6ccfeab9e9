/*
 * Loading the reference module's CSV tables: countries.csv (Global Slavery
 * Index prevalence and geography score, with each country's alpha-2/alpha-3
 * codes, name and aliases as lookup keys), goods.csv (the US DOL TVPRA goods
 * list), sic2007.csv and cpv2008.csv (the code lists the mappings are
 * checked against).  Part of the reference module: reference.c calls
 * ref_load_csv() with the row functions here (reference_data.h) and keeps
 * the tables' sort orders.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "chainwatch/buf.h"
#include "chainwatch/csv.h"
#include "chainwatch/reference.h"
#include "chainwatch/xalloc.h"

#include "reference_data.h"

/* ---- CSV tables -------------------------------------------------------- */

/*
 * Read a CSV table: "# version: ..." and "# source: ..." lines first, then
 * a header; `cols` names the columns wanted (NULL-terminated) and `idx`
 * receives their positions.  `row` is called per data record.
 */
int ref_load_csv(struct loader *ld, enum ref_file f, const char *const *cols, size_t *idx,
		 void (*row)(struct loader *ld, const struct csv_record *rec, const size_t *idx),
		 struct diag *err)
{
	struct reference_file *rf = &ld->ref->files[f];
	const char *file = ld->path[f];
	struct csv_reader *r = NULL;
	struct csv_record rec;
	struct buf version, source;
	char *text = NULL;
	size_t len, i;
	int header = 0, ret = -1, k;

	buf_init(&version, 4096);
	buf_init(&source, 4096);
	if (ref_read_whole(file, &text, &len, err) < 0)
		goto out;
	r = csv_reader_mem(text, len, NULL);
	while ((k = csv_next(r, &rec, err)) == 1) {
		if (rec.toobig) {
			ref_problem(ld->ck, file, rec.line, "record too long");
			continue;
		}
		if (!header && rec.nfields && rec.fields[0].len && rec.fields[0].p[0] == '#') {
			const char *p = rec.raw + 1, *e = rec.raw + rec.rawlen;
			struct buf *into = NULL;

			while (p < e && *p == ' ')
				p++;
			if ((size_t)(e - p) >= 8 && !memcmp(p, "version:", 8)) {
				into = &version;
				p += 8;
			} else if ((size_t)(e - p) >= 7 && !memcmp(p, "source:", 7)) {
				into = &source;
				p += 7;
			}
			while (p < e && *p == ' ')
				p++;
			if (into && !into->len)
				buf_add(into, p, (size_t)(e - p));
			continue;
		}
		if (rec.nfields == 1 && rec.fields[0].len == 0)
			continue;
		if (!header) {
			for (i = 0; cols[i]; i++) {
				size_t j;

				idx[i] = (size_t)-1;
				for (j = 0; j < rec.nfields; j++)
					if (!strcmp(rec.fields[j].p, cols[i]))
						idx[i] = j;
				if (idx[i] == (size_t)-1) {
					diag_set(err, CW_INPUT, "no '%s' column in the header", cols[i]);
					diag_locate(err, file, rec.line, 0);
					goto out;
				}
			}
			header = 1;
			continue;
		}
		for (i = 0; cols[i]; i++)
			if (idx[i] >= rec.nfields)
				break;
		if (cols[i]) {
			ref_problem(ld->ck, file, rec.line, "%zu fields, the header has more", rec.nfields);
			continue;
		}
		row(ld, &rec, idx);
	}
	if (k < 0) {
		diag_locate(err, file, 0, 0);
		goto out;
	}
	if (!header) {
		diag_set(err, CW_INPUT, "%s: no header row", file);
		goto out;
	}
	if (!version.len)
		ref_problem(ld->ck, file, 0, "no '# version:' line");
	rf->version = xstrdup(version.s);
	rf->source = xstrdup(source.s);
	ret = 0;
out:
	csv_reader_free(r);
	free(text);
	buf_release(&version);
	buf_release(&source);
	return ret;
}

static const char *field(const struct csv_record *rec, size_t i)
{
	return rec->fields[i].p;
}

static int parse_int(const char *s, long *out)
{
	char *end;
	long v;

	if (!*s || !(ascii_digit((unsigned char)*s) || *s == '-'))
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end)
		return -1;
	*out = v;
	return 0;
}

static int parse_double(const char *s, double *out)
{
	char *end;
	double v;

	if (!*s || !(ascii_digit((unsigned char)*s) || *s == '.'))
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (errno || *end)
		return -1;
	*out = v;
	return 0;
}

static void add_name(struct reference *ref, const char *text, size_t country)
{
	char *key = ref_country_key(text);

	if (!*key) {
		free(key);
		return;
	}
	ref->names = xreallocarray(ref->names, ref->nnames + 1, sizeof(*ref->names));
	ref->names[ref->nnames].key = key;
	ref->names[ref->nnames].country = country;
	ref->nnames++;
}

void ref_country_row(struct loader *ld, const struct csv_record *rec, const size_t *idx)
{
	struct reference *ref = ld->ref;
	const char *file = ld->path[F_COUNTRIES];
	const char *a2 = field(rec, idx[0]), *name = field(rec, idx[1]);
	const char *aliases = field(rec, idx[2]), *prev = field(rec, idx[3]);
	const char *score = field(rec, idx[4]), *a3 = field(rec, idx[5]);
	struct country *c;
	long sc;
	double pv = -1;

	if (strlen(a2) != 2 || a2[0] < 'A' || a2[0] > 'Z' || a2[1] < 'A' || a2[1] > 'Z') {
		ref_problem(ld->ck, file, rec->line, "alpha2 '%s' is not two capital letters", a2);
		return;
	}
	if (parse_int(score, &sc) < 0 || sc < 0 || sc > 100) {
		ref_problem(ld->ck, file, rec->line, "country '%s': score '%s' is not 0-100", a2, score);
		return;
	}
	if (*prev && (parse_double(prev, &pv) < 0 || pv < 0 || pv > 1000)) {
		ref_problem(ld->ck, file, rec->line, "country '%s': prevalence '%s' is not a number",
			a2, prev);
		return;
	}
	ref->countries = xreallocarray(ref->countries, ref->ncountries + 1, sizeof(*ref->countries));
	ref->country_lines = xreallocarray(ref->country_lines, ref->ncountries + 1,
					   sizeof(*ref->country_lines));
	ref->country_lines[ref->ncountries] = rec->line;
	c = &ref->countries[ref->ncountries];
	memcpy(c->alpha2, a2, 3);
	c->name = xstrdup(*name ? name : a2);
	c->prevalence = *prev ? pv : -1;
	c->score = (int)sc;
	add_name(ref, a2, ref->ncountries);
	if (*a3)
		add_name(ref, a3, ref->ncountries);
	add_name(ref, c->name, ref->ncountries);
	while (*aliases) {
		const char *bar = strchr(aliases, '|');
		size_t n = bar ? (size_t)(bar - aliases) : strlen(aliases);
		char *one = xstrndup(aliases, n);

		add_name(ref, one, ref->ncountries);
		free(one);
		aliases += n + (bar ? 1 : 0);
	}
	ref->ncountries++;
}

static int yes_no(const char *s, int *out)
{
	if (!strcmp(s, "yes") || !strcmp(s, "Yes")) {
		*out = 1;
		return 0;
	}
	if (!strcmp(s, "no") || !strcmp(s, "No")) {
		*out = 0;
		return 0;
	}
	return -1;
}

void ref_goods_row(struct loader *ld, const struct csv_record *rec, const size_t *idx)
{
	struct reference *ref = ld->ref;
	const char *file = ld->path[F_GOODS];
	const char *good = field(rec, idx[0]), *country = field(rec, idx[1]);
	const char *a2 = field(rec, idx[2]);
	struct goods_listing *g;
	int fl, cl;

	if (!*good || strlen(a2) != 2) {
		ref_problem(ld->ck, file, rec->line, "goods row needs a good and a 2-letter alpha2");
		return;
	}
	if (yes_no(field(rec, idx[3]), &fl) < 0 || yes_no(field(rec, idx[4]), &cl) < 0) {
		ref_problem(ld->ck, file, rec->line,
			"good '%s': forced_labour and child_labour must be yes or no", good);
		return;
	}
	ref->goods = xreallocarray(ref->goods, ref->ngoods + 1, sizeof(*ref->goods));
	ref->goods_lines = xreallocarray(ref->goods_lines, ref->ngoods + 1, sizeof(*ref->goods_lines));
	ref->goods_lines[ref->ngoods] = rec->line;
	g = &ref->goods[ref->ngoods++];
	g->good = xstrdup(good);
	g->country = xstrdup(country);
	memcpy(g->alpha2, a2, 3);
	g->forced_labour = fl;
	g->child_labour = cl;
}

void ref_sic_row(struct loader *ld, const struct csv_record *rec, const size_t *idx)
{
	struct reference *ref = ld->ref;
	const char *code = field(rec, idx[0]);

	if (strlen(code) != 5 || !ref_all_digits(code, 5)) {
		ref_problem(ld->ck, ld->path[F_SIC], rec->line, "SIC code '%s' is not 5 digits", code);
		return;
	}
	ref->sic_codes = xreallocarray(ref->sic_codes, ref->nsic_codes + 1, sizeof(*ref->sic_codes));
	memcpy(ref->sic_codes[ref->nsic_codes++], code, 6);
}

void ref_cpv_row(struct loader *ld, const struct csv_record *rec, const size_t *idx)
{
	struct reference *ref = ld->ref;
	const char *code = field(rec, idx[0]);

	if (strlen(code) < 8 || !ref_all_digits(code, 8)) {
		ref_problem(ld->ck, ld->path[F_CPV], rec->line, "CPV code '%s' is not 8 digits", code);
		return;
	}
	ref->cpv_codes = xreallocarray(ref->cpv_codes, ref->ncpv_codes + 1, sizeof(*ref->cpv_codes));
	memcpy(ref->cpv_codes[ref->ncpv_codes], code, 8);
	ref->cpv_codes[ref->ncpv_codes++][8] = '\0';
}
