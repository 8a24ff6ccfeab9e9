/*
 * charities.c: the UK charity registers (charities.h): the Charity
 * Commission's extract, text form, through a small streaming reader of
 * its TAB-separated, backslash-escaped lines; OSCR's and CCNI's CSVs
 * through csv.h.  Which it is, the first line says; then columns by
 * header name and one row builder for all three.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "chainwatch/ascii.h"
#include "chainwatch/buf.h"
#include "chainwatch/charities.h"
#include "chainwatch/columns.h"
#include "chainwatch/csv.h"
#include "chainwatch/date.h"
#include "chainwatch/encoding.h"
#include "chainwatch/identity.h"
#include "chainwatch/jsonarray.h"
#include "chainwatch/xalloc.h"

#define CHUNK (256 * 1024)
#define MAX_FIELDS 1024

enum ccol {
	K_NUMBER, K_LINKED, K_NAME, K_TYPE, K_STATUS, K_REGISTERED, K_REMOVED, K_COMPANY,
	K_POSTCODE, K_INCOME, K_CIO, K_INSOLVENT, K_ADMIN, K_EXTRACT, K_REGULATORY,
	K_CLASS_CODE, K_CLASS_TYPE, K_CLASS_TEXT, K_NAME_TYPE, K_KNOWN_AS, K_PURPOSES,
	K_BENEFICIARIES, K_ACTIVITIES, K_WHAT, K__COUNT
};

static const char *const kcol_names[CHARITY__REGISTERS][K__COUNT] = {
	[CHARITY_CCEW] = {
	[K_NUMBER] = "registered_charity_number", [K_LINKED] = "linked_charity_number",
	[K_NAME] = "charity_name", [K_TYPE] = "charity_type",
	[K_STATUS] = "charity_registration_status", [K_REGISTERED] = "date_of_registration",
	[K_REMOVED] = "date_of_removal", [K_COMPANY] = "charity_company_registration_number",
	[K_POSTCODE] = "charity_contact_postcode", [K_INCOME] = "latest_income",
	[K_CIO] = "charity_is_cio", [K_INSOLVENT] = "charity_insolvent",
	[K_ADMIN] = "charity_in_administration", [K_EXTRACT] = "date_of_extract",
	/* the classification and other-names tables */
	[K_CLASS_CODE] = "classification_code", [K_CLASS_TYPE] = "classification_type",
	[K_CLASS_TEXT] = "classification_description", [K_NAME_TYPE] = "charity_name_type",
	},
	/* OSCR: ../shared/data/orgs/charities/oscr_ccni_register_formats_DERIVED.md */
	[CHARITY_OSCR] = {
	[K_NUMBER] = "Charity Number", [K_NAME] = "Charity Name",
	[K_TYPE] = "Constitutional Form", [K_STATUS] = "Charity Status",
	[K_REGISTERED] = "Registered Date", [K_REMOVED] = "Ceased Date",
	[K_POSTCODE] = "Postcode", [K_INCOME] = "Most recent year income",
	[K_REGULATORY] = "Regulatory Type", [K_KNOWN_AS] = "Known As",
	[K_PURPOSES] = "Purposes", [K_BENEFICIARIES] = "Beneficiaries",
	[K_ACTIVITIES] = "Activities",
	},
	/* CCNI: K_POSTCODE is the whole address, the postcode at its end */
	[CHARITY_CCNI] = {
	[K_NUMBER] = "Reg charity number", [K_LINKED] = "Sub charity number",
	[K_NAME] = "Charity name", [K_TYPE] = "Type of governing document",
	[K_STATUS] = "Status", [K_REGISTERED] = "Date registered",
	[K_COMPANY] = "Company number", [K_POSTCODE] = "Public address",
	[K_INCOME] = "Total income", [K_PURPOSES] = "Charitable purposes",
	[K_WHAT] = "What the charity does", [K_BENEFICIARIES] = "Who the charity helps",
	[K_ACTIVITIES] = "How the charity works",
	},
};

static const char *const schemes[CHARITY__REGISTERS] = { "GB-CHC", "GB-SC", "GB-NIC" };
static const char *const reg_names[CHARITY__REGISTERS] = {
	"England and Wales", "Scotland", "Northern Ireland"
};

const char *charity_register_scheme(enum charity_register reg)
{
	return (unsigned)reg < CHARITY__REGISTERS ? schemes[reg] : schemes[0];
}

const char *charity_register_name(enum charity_register reg)
{
	return (unsigned)reg < CHARITY__REGISTERS ? reg_names[reg] : reg_names[0];
}

const char *charity_name_kind_name(enum charity_name_kind k)
{
	static const char *const names[] = { "name", "working name", "previous name" };

	return (unsigned)k < sizeof(names) / sizeof(names[0]) ? names[k] : names[0];
}

/* The byte source and one record of it, its fields unescaped. */
struct tsv {
	int fd;                       /* -1: memory */
	const char *p;                /* the chunk (or all the memory) */
	size_t n, pos;
	char *chunk;
	int eof;
	unsigned long line;           /* physical line of the next byte */
	struct buf text;              /* the fields, each NUL-terminated */
	size_t *off;                  /* where each field starts in text */
	struct csv_field *fields;     /* the same as csv_fields, for column_exact() */
	size_t nfields;
	unsigned long rec_line;
	int toobig, has_nul, unterminated, in_escape;
};

/* The next byte, or -1 at the end (-2 on a read error, err filled). */
static int next_byte(struct tsv *t, struct diag *err)
{
	if (t->pos == t->n) {
		ssize_t got;

		if (t->fd < 0 || t->eof)
			return -1;
		do
			got = read(t->fd, t->chunk, CHUNK);
		while (got < 0 && errno == EINTR);
		if (got < 0) {
			diag_set(err, CW_INPUT, "read error: %s", strerror(errno));
			return -2;
		}
		if (!got) {
			t->eof = 1;
			return -1;
		}
		t->p = t->chunk;
		t->n = (size_t)got;
		t->pos = 0;
	}
	return (unsigned char)t->p[t->pos++];
}

static void put(struct tsv *t, char c)
{
	if (t->toobig)
		return;
	if (t->text.len + 1 >= CHARITIES_MAX_RECORD || buf_addc(&t->text, c) < 0)
		t->toobig = 1;
}

static void end_field(struct tsv *t)
{
	if (t->toobig)
		return;
	if (t->nfields == MAX_FIELDS) {
		t->toobig = 1;
		return;
	}
	t->off[++t->nfields] = t->text.len + 1;
	put(t, '\0');
}

/* The next record: 1, 0 at the end, -1 on a read error. */
static int next_record(struct tsv *t, struct diag *err)
{
	int c, esc = 0, any = 0, cr = 0;
	size_t i;

	buf_reset(&t->text);
	t->nfields = 0;
	t->off[0] = 0;
	t->toobig = t->has_nul = t->unterminated = t->in_escape = 0;
	t->rec_line = t->line;
	for (;;) {
		c = next_byte(t, err);
		if (c == -2)
			return -1;
		if (c == -1)
			break;
		any = 1;
		if (c == '\n')
			t->line++;
		if (esc) {
			esc = 0;
			cr = 0;
			put(t, (char)c);
			continue;
		}
		if (c == '\\') {
			esc = 1;
			continue;
		}
		if (c == '\n') {
			if (cr && !t->toobig)
				t->text.len--;     /* the CR of CRLF */
			end_field(t);
			goto done;
		}
		if (c == '\t') {
			end_field(t);
			cr = 0;
			continue;
		}
		if (!c)
			t->has_nul = 1;
		cr = c == '\r';
		put(t, (char)c);
	}
	if (!any && !t->text.len)
		return 0;
	t->unterminated = 1;
	t->in_escape = esc;
	if (cr && !t->toobig)
		t->text.len--;
	end_field(t);
done:
	if (t->toobig) {
		t->nfields = 0;
		return 1;
	}
	for (i = 0; i < t->nfields; i++) {
		t->fields[i].p = t->text.s + t->off[i];
		t->fields[i].len = t->off[i + 1] - 1 - t->off[i];
		t->fields[i].quoted = 0;
	}
	return 1;
}

struct reader {
	const char *name;
	const struct charities_sink *sink;
	struct charities_file *out;
	struct tsv t;
	enum charity_register reg;
	enum charity_table table;
	const struct csv_field *f;    /* the record's fields (t's or the CSV reader's) */
	size_t nf;
	struct decoder *cp1252;
	int col[K__COUNT];
	struct buf clean, tmp;
	char company[9], number[16], postcode[12];
	unsigned long short_line;     /* a short row held back (hold_short()), 0 none */
	char short_msg[80];
	int json;                     /* the extract's JSON form: read_json() */
	struct buf keys;              /* its header: the first object's keys, each NUL-ended */
	size_t *key_off, nkeys;       /* where each key starts in keys */
	const struct charities_sink *user;   /* JSON: the caller's sink, behind json_sink() */
	unsigned long object;         /* JSON: the object being read, from 1 */
};

static void reject(struct reader *r, unsigned long line, const char *reason)
{
	r->out->rejected++;
	if (r->sink->reject)
		r->sink->reject(r->sink->ctx, line, reason);
}

static size_t take(struct reader *r, int c)
{
	size_t at = r->clean.len;
	const struct csv_field *f;

	if (r->col[c] < 0 || (size_t)r->col[c] >= r->nf) {
		buf_addc(&r->clean, '\0');
		return at;
	}
	f = &r->f[r->col[c]];
	if (utf8_valid(f->p, f->len)) {
		text_clean(f->p, f->len, &r->clean);
	} else {
		buf_reset(&r->tmp);
		decoder_to_utf8(r->cp1252, f->p, f->len, &r->tmp);
		text_clean(r->tmp.s, r->tmp.len, &r->clean);
	}
	buf_addc(&r->clean, '\0');
	return at;
}

/* "2011-03-25", "2011-03-25 00:00:00", "2011-03-25T00:00:00" or "25/03/2011[ 00:00]"; -1 otherwise. */
static int extract_date(const char *s, int32_t *ymd)
{
	int y = 0, m = 0, d = 0, i;

	if (strlen(s) >= 10 && s[4] == '-' && s[7] == '-') {
		for (i = 0; i < 10; i++)
			if (i != 4 && i != 7 && !ascii_digit((unsigned char)s[i]))
				return -1;
		y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
		m = (s[5] - '0') * 10 + (s[6] - '0');
		d = (s[8] - '0') * 10 + (s[9] - '0');
		if (s[10] && s[10] != ' ' && s[10] != 'T')
			return -1;
	} else {
		/* "25/03/2011", "1/4/1965", OSCR's "25/03/2011 00:00" (any year: registers are old) */
		const char *p = s;

		for (i = 0; i < 2 && ascii_digit((unsigned char)*p); i++)
			d = d * 10 + (*p++ - '0');
		if (!i || *p++ != '/')
			return -1;
		for (i = 0; i < 2 && ascii_digit((unsigned char)*p); i++)
			m = m * 10 + (*p++ - '0');
		if (!i || *p++ != '/')
			return -1;
		for (i = 0; i < 4 && ascii_digit((unsigned char)*p); i++)
			y = y * 10 + (*p++ - '0');
		if (i != 4 || (*p && *p != ' ' && *p != 'T'))
			return -1;
	}
	if (y < 1800 || !date_valid(y, m, d))
		return -1;
	*ymd = y * 10000 + m * 100 + d;
	return 0;
}

static int32_t date_field(struct reader *r, const char *s)
{
	int32_t ymd = 0;

	if (*s && extract_date(s, &ymd) < 0) {
		r->out->bad_dates++;
		return 0;
	}
	return ymd;
}

static int truthy(const char *s)
{
	return !strcasecmp(s, "true") || !strcmp(s, "1") || !strcasecmp(s, "yes");
}

/* Whole pounds from "12345", "12345.67", "12,345" or "£12,345"; -1 when empty or not a number. */
static int64_t pounds(const char *s)
{
	int64_t v = 0;
	size_t i, digits = 0;

	if (!strncmp(s, "\xC2\xA3", 2))
		s += 2;
	if (!*s)
		return -1;
	for (i = 0; ascii_digit((unsigned char)s[i]) || (s[i] == ',' && digits); i++) {
		if (s[i] == ',')
			continue;
		if (v > INT64_MAX / 10 - 10)
			return -1;
		v = v * 10 + (s[i] - '0');
		digits++;
	}
	if (!digits || (s[i] && s[i] != '.'))
		return -1;
	return v;
}

static int all_digits(const char *s, size_t max)
{
	size_t n = strlen(s), i;

	if (!n || n > max)
		return 0;
	for (i = 0; i < n; i++)
		if (!ascii_digit((unsigned char)s[i]))
			return 0;
	return 1;
}

/* Columns of r->f by the register's names. */
static void find_columns(struct reader *r)
{
	struct csv_record rec;
	int c;

	memset(&rec, 0, sizeof(rec));
	rec.fields = (struct csv_field *)r->f;
	rec.nfields = r->nf;
	for (c = 0; c < K__COUNT; c++)
		r->col[c] = kcol_names[r->reg][c] ? column_exact(&rec, kcol_names[r->reg][c]) : -1;
	r->out->columns = (int)r->nf;
}

/*
 * Which of the extract's tables r's columns (find_columns()) are, by the
 * columns only it has, into r->table and r->out: 1, or 0 when they lack
 * the table's required ones.  Any reader of the extract's records by
 * column name (the text form's header, a JSON object's keys) decides so.
 */
static int extract_table(struct reader *r)
{
	r->table = r->col[K_CLASS_CODE] >= 0 ? CHARITY_TABLE_CLASSIFICATION :
		   r->col[K_NAME_TYPE] >= 0 ? CHARITY_TABLE_OTHER_NAMES : CHARITY_TABLE_MAIN;
	r->out->table = r->table;
	r->out->reg = r->reg;
	return r->col[K_NUMBER] >= 0 &&
	       (r->table == CHARITY_TABLE_CLASSIFICATION || r->col[K_NAME] >= 0);
}

static int header(struct reader *r, struct diag *err)
{
	/* a UTF-8 BOM before the first name */
	if (r->t.nfields && r->t.fields[0].len >= 3 && !memcmp(r->t.fields[0].p, "\xEF\xBB\xBF", 3)) {
		r->t.fields[0].p += 3;
		r->t.fields[0].len -= 3;
	}
	r->reg = CHARITY_CCEW;
	r->f = r->t.fields;
	r->nf = r->t.nfields;
	find_columns(r);
	if (r->t.toobig || !extract_table(r))
		return diag_set(err, CW_INPUT, "'%s' is not a Charity Commission register extract "
				"(publicextract.charity.txt, its classification or other-names "
				"table): no %s column in its first line", r->name,
				kcol_names[CHARITY_CCEW][r->col[K_NUMBER] < 0 ? K_NUMBER : K_NAME]);
	return 0;
}

/* The CSV's header: OSCR's or CCNI's, or the file is refused. */
static int csv_header(struct reader *r, int toobig, struct diag *err)
{
	static const enum charity_register regs[] = { CHARITY_OSCR, CHARITY_CCNI };
	size_t i;

	for (i = 0; !toobig && i < sizeof(regs) / sizeof(regs[0]); i++) {
		r->reg = regs[i];
		find_columns(r);
		r->out->reg = r->reg;
		if (r->col[K_NUMBER] >= 0 && r->col[K_NAME] >= 0)
			return 0;
	}
	return diag_set(err, CW_INPUT, "'%s' is not a Charity Commission register extract "
			"(publicextract.charity.txt), an OSCR register CSV (Charity Number, Charity "
			"Name) or a CCNI one (Reg charity number, Charity name): not in its first "
			"line", r->name);
}

/* The register's number, normalised into r->number: 0, or -1 when it is not one. */
static int number_of(struct reader *r, const char *s)
{
	size_t i;

	if (r->reg == CHARITY_OSCR) {
		/* SC + 6 digits */
		if (strlen(s) != 8 || (s[0] != 'S' && s[0] != 's') || (s[1] != 'C' && s[1] != 'c'))
			return -1;
		for (i = 2; i < 8; i++)
			if (!ascii_digit((unsigned char)s[i]))
				return -1;
		snprintf(r->number, sizeof(r->number), "SC%s", s + 2);
		return 0;
	}
	if (r->reg == CHARITY_CCNI && !strncasecmp(s, "NIC", 3))
		s += 3;
	if (!all_digits(s, 8))
		return -1;
	snprintf(r->number, sizeof(r->number), "%s", s);
	return 0;
}

static int is_letter(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* The postcode at the end of a CCNI address ("1 Main Street, Belfast, BT1 1AA"), or "". */
static const char *address_postcode(struct reader *r, const char *a)
{
	size_t end = strlen(a), in, mid, out, i, k = 0;

	while (end && (a[end - 1] == ' ' || a[end - 1] == ',' || a[end - 1] == '.'))
		end--;
	for (in = end; in && a[in - 1] != ' ' && a[in - 1] != ','; in--)
		;
	if (end - in != 3 || !ascii_digit((unsigned char)a[in]) || !is_letter(a[in + 1]) ||
	    !is_letter(a[in + 2]))
		return "";
	for (mid = in; mid && a[mid - 1] == ' '; mid--)
		;
	for (out = mid; out && (is_letter(a[out - 1]) || ascii_digit((unsigned char)a[out - 1]));
	     out--)
		;
	if (mid == in || mid - out < 2 || mid - out > 4 || !is_letter(a[out]))
		return "";
	for (i = out; i < end; i++) {
		if (i == mid)
			i = in, r->postcode[k++] = ' ';
		r->postcode[k++] = (char)(a[i] >= 'a' && a[i] <= 'z' ? a[i] - 32 : a[i]);
	}
	r->postcode[k] = '\0';
	return r->postcode;
}

/* A row to the sink, counted by its kind. */
static int emit(struct reader *r, const struct charity_row *x, struct diag *err)
{
	if (x->table == CHARITY_TABLE_CLASSIFICATION)
		r->out->classifications++;
	else if (x->table == CHARITY_TABLE_OTHER_NAMES)
		r->out->other_names++;
	if (r->sink->row && r->sink->row(r->sink->ctx, x, err) < 0)
		return -1;
	return 0;
}

/* A classification code: 3 digits, 101..399; 0 when it is not one. */
static int class_code(const char *s)
{
	if (strlen(s) != 3 || !all_digits(s, 3) || s[0] < '1' || s[0] > '3')
		return 0;
	return (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
}

/* A charity_name_type: "Previous Name" (any case, any words around) or a working name. */
static enum charity_name_kind name_kind(const char *s)
{
	size_t i;

	for (i = 0; s[i]; i++)
		if (!strncasecmp(s + i, "previous", 8))
			return CHARITY_NAME_PREVIOUS;
	return CHARITY_NAME_WORKING;
}

/*
 * The next item of the list at *sp (items separated by commas or
 * semicolons; with `quoted`, an item in single quotes may hold them) into
 * item[n], cut to fit: its length, *sp moved past it; -1 at the list's end.
 */
static long list_item(const char **sp, int quoted, char *item, size_t n)
{
	const char *s = *sp;
	size_t k = 0;

	while (*s == ' ' || *s == ',' || *s == ';')
		s++;
	if (!*s)
		return -1;
	if (quoted && *s == '\'') {
		for (s++; *s && *s != '\''; s++)
			if (k + 1 < n)
				item[k++] = *s;
		if (*s)
			s++;
	} else {
		for (; *s && *s != ',' && *s != ';'; s++)
			if (k + 1 < n)
				item[k++] = *s;
	}
	item[k] = '\0';
	*sp = s;
	return (long)k;
}

/*
 * OSCR's list in `s` ("'The advancement of health','The relief of ...,
 * ...'", or items without quotes, separated by commas or semicolons):
 * each item read across to a code
 * (charity_oscr_code()) as a classification row of main row *m.
 */
static int oscr_list(struct reader *r, const struct charity_row *m, const char *group,
		     const char *type, const char *s, struct diag *err)
{
	struct charity_row x = *m;
	char item[400];
	long k;
	int code;

	x.table = CHARITY_TABLE_CLASSIFICATION;
	x.code_type = type;
	while ((k = list_item(&s, 1, item, sizeof(item))) >= 0) {
		if (!k || !(code = charity_oscr_code(group, item)))
			continue;
		x.code = code;
		x.code_text = item;
		if (emit(r, &x, err) < 0)
			return -1;
	}
	return 0;
}

/*
 * A CCNI list in `s` of the Charity Commission's own classification names
 * ("General charitable purposes", "Provides advocacy/advice/information",
 * separated by commas or semicolons): each item whose folded text is the
 * name of a code from..from+99 as a classification row of main row *m.
 * Items that are not, exactly, are left out.
 */
static int ccni_list(struct reader *r, const struct charity_row *m, int from, const char *type,
		     const char *s, struct diag *err)
{
	struct charity_row x = *m;
	char item[400];
	int code;

	x.table = CHARITY_TABLE_CLASSIFICATION;
	x.code_type = type;
	while (list_item(&s, 0, item, sizeof(item)) >= 0) {
		code = charity_class_code(item);
		if (code < from || code >= from + 100)
			continue;
		x.code = code;
		x.code_text = charity_class_name(code);
		if (emit(r, &x, err) < 0)
			return -1;
	}
	return 0;
}

/*
 * What a CCNI row gives besides itself: its charitable purposes (the
 * statutory list, as OSCR's, read across) and its what, who and how
 * items that are the Charity Commission's own names.
 */
static int ccni_extras(struct reader *r, const struct charity_row *m, const size_t *off,
		       struct diag *err)
{
	if (oscr_list(r, m, "purposes", "What", r->clean.s + off[K_PURPOSES], err) < 0 ||
	    ccni_list(r, m, 100, "What", r->clean.s + off[K_WHAT], err) < 0 ||
	    ccni_list(r, m, 200, "Who", r->clean.s + off[K_BENEFICIARIES], err) < 0 ||
	    ccni_list(r, m, 300, "How", r->clean.s + off[K_ACTIVITIES], err) < 0)
		return -1;
	return 0;
}

/* What an OSCR row gives besides itself: its Known As name, its classifications. */
static int oscr_extras(struct reader *r, const struct charity_row *m, const size_t *off,
		       struct diag *err)
{
	struct charity_row x = *m;
	const char *known = r->clean.s + off[K_KNOWN_AS];

	if (*known && strcmp(known, m->name)) {
		x.table = CHARITY_TABLE_OTHER_NAMES;
		x.name = known;
		x.name_kind = CHARITY_NAME_WORKING;
		if (emit(r, &x, err) < 0)
			return -1;
	}
	if (oscr_list(r, m, "purposes", "What", r->clean.s + off[K_PURPOSES], err) < 0 ||
	    oscr_list(r, m, "beneficiaries", "Who", r->clean.s + off[K_BENEFICIARIES], err) < 0 ||
	    oscr_list(r, m, "activities", "How", r->clean.s + off[K_ACTIVITIES], err) < 0)
		return -1;
	return 0;
}

/* One record's fields (r->f, r->nf) as a row of r->reg's register: accepted, linked or rejected. */
static int accept(struct reader *r, unsigned long line, struct diag *err)
{
	const char *const *names = kcol_names[r->reg];
	struct charity_row x;
	size_t off[K__COUNT];
	char msg[200], q[80];
	int32_t ex;
	int c;

	buf_reset(&r->clean);
	for (c = 0; c < K__COUNT; c++)
		off[c] = take(r, c);
#define F(c) (r->clean.s + off[c])
	if (*F(K_LINKED) && strcmp(F(K_LINKED), "0") != 0) {
		r->out->linked++;
		return 0;
	}
	memset(&x, 0, sizeof(x));
	x.table = r->table;
	x.reg = r->reg;
	x.line = line;
	x.name = F(K_NAME);
	x.type = x.status = x.company_number = x.postcode = x.code_type = x.code_text = "";
	if (r->table != CHARITY_TABLE_CLASSIFICATION && !*x.name) {
		snprintf(msg, sizeof(msg), "%s is empty", names[K_NAME]);
		return reject(r, x.line, msg), 0;
	}
	if (number_of(r, F(K_NUMBER)) < 0) {
		diag_quote(q, sizeof(q), F(K_NUMBER), strlen(F(K_NUMBER)), 40);
		snprintf(msg, sizeof(msg), "%s '%s' is not a charity number", names[K_NUMBER], q);
		return reject(r, x.line, msg), 0;
	}
	x.number = r->number;
	if (*F(K_EXTRACT) && extract_date(F(K_EXTRACT), &ex) == 0 && ex > r->out->extract_date)
		r->out->extract_date = ex;
	if (r->table == CHARITY_TABLE_CLASSIFICATION) {
		if (!(x.code = class_code(F(K_CLASS_CODE)))) {
			diag_quote(q, sizeof(q), F(K_CLASS_CODE), strlen(F(K_CLASS_CODE)), 40);
			snprintf(msg, sizeof(msg), "%s '%s' is not a classification code",
				 names[K_CLASS_CODE], q);
			return reject(r, x.line, msg), 0;
		}
		x.code_type = F(K_CLASS_TYPE);
		x.code_text = F(K_CLASS_TEXT);
		r->out->accepted++;
		return emit(r, &x, err);
	}
	if (r->table == CHARITY_TABLE_OTHER_NAMES) {
		x.name_kind = name_kind(F(K_NAME_TYPE));
		r->out->accepted++;
		return emit(r, &x, err);
	}
	x.type = F(K_TYPE);
	x.status = F(K_STATUS);
	x.registered = date_field(r, F(K_REGISTERED));
	x.removed = date_field(r, F(K_REMOVED));
	x.company_number = company_number_normalise(F(K_COMPANY), strlen(F(K_COMPANY)),
						    r->company) == 0 ? r->company : "";
	x.postcode = r->reg == CHARITY_CCNI ? address_postcode(r, F(K_POSTCODE)) : F(K_POSTCODE);
	x.income = pounds(F(K_INCOME));
	if (r->reg == CHARITY_OSCR)
		x.cio = !strncasecmp(x.type, "SCIO", 4) || !strncasecmp(x.type, "CIO", 3);
	else
		x.cio = truthy(F(K_CIO));
	x.insolvent = truthy(F(K_INSOLVENT));
	x.in_administration = truthy(F(K_ADMIN));
	x.cross_border = !strcasecmp(F(K_REGULATORY), "Cross Border");
#undef F
	r->out->accepted++;
	if (r->sink->row && r->sink->row(r->sink->ctx, &x, err) < 0)
		return -1;
	if (r->reg == CHARITY_OSCR)
		return oscr_extras(r, &x, off, err);
	if (r->reg == CHARITY_CCNI)
		return ccni_extras(r, &x, off, err);
	return 0;
}

static int row(struct reader *r, struct diag *err)
{
	char msg[200];

	if (r->t.toobig)
		return reject(r, r->t.rec_line, "record is larger than the reader's limit"), 0;
	if (r->t.has_nul)
		return reject(r, r->t.rec_line, "record contains a NUL byte"), 0;
	if (r->t.nfields == 1 && !r->t.fields[0].len) {
		r->out->blank++;
		return 0;
	}
	if (r->t.nfields < (size_t)r->out->columns) {
		snprintf(msg, sizeof(msg), "row has %zu fields, the header has %d", r->t.nfields,
			 r->out->columns);
		return reject(r, r->t.rec_line, msg), 0;
	}
	r->nf = r->t.nfields;
	return accept(r, r->t.rec_line, err);
}

/*
 * A row shorter than the header but not blank: held back, since a file's
 * last row cut short is a cut-off file, not a bad row.  1 when held.
 */
static int hold_short(struct reader *r, unsigned long line, size_t nfields)
{
	if (nfields <= 1 || nfields >= (size_t)r->out->columns)
		return 0;
	r->short_line = line;
	snprintf(r->short_msg, sizeof(r->short_msg), "row has %zu fields, the header has %d",
		 nfields, r->out->columns);
	return 1;
}

/* Another record followed the held short row: it is a rejected row. */
static void flush_short(struct reader *r)
{
	if (!r->short_line)
		return;
	r->out->records++;
	reject(r, r->short_line, r->short_msg);
	r->short_line = 0;
}

/* The end of either loop: rc the last read's, first whether no line came. */
static int read_end(struct reader *r, int rc, int first, struct diag *err)
{
	if (rc < 0)
		return diag_locate(err, r->name, 0, 0);
	if (r->short_line)
		return diag_set(err, CW_INPUT, "%s:%lu: the last row stops after %s: the file was "
				"cut off (an interrupted download?)", r->name, r->short_line,
				r->short_msg + 8);
	if (first)
		return diag_set(err, CW_INPUT, "'%s' is empty", r->name);
	return 0;
}

static int read_all(struct reader *r, struct diag *err)
{
	int rc, first = 1;

	while ((rc = next_record(&r->t, err)) > 0) {
		r->out->bytes += r->t.text.len + 1;
		flush_short(r);
		if (r->t.in_escape)
			return diag_set(err, CW_INPUT, "%s:%lu: the file ends inside an escape: it was "
					"cut off (an interrupted download?)", r->name, r->t.rec_line);
		if (first) {
			first = 0;
			if (header(r, err) < 0)
				return -1;
			continue;
		}
		if (!r->t.toobig && hold_short(r, r->t.rec_line, r->t.nfields))
			continue;
		r->out->records++;
		if (row(r, err) < 0)
			return -1;
	}
	return read_end(r, rc, first, err);
}

static int has_nul(const struct csv_record *rec)
{
	size_t i;

	for (i = 0; i < rec->nfields; i++)
		if (memchr(rec->fields[i].p, '\0', rec->fields[i].len))
			return 1;
	return 0;
}

/* OSCR's or CCNI's CSV through the CSV reader; the same promises as read_all(). */
static int read_csv(struct reader *r, struct csv_reader *cr, struct diag *err)
{
	struct csv_record rec;
	int rc, first = 1;

	while ((rc = csv_next(cr, &rec, err)) > 0) {
		r->out->bytes += rec.rawlen + 1;
		flush_short(r);
		if (rec.unterminated)
			return diag_set(err, CW_INPUT, "%s:%lu: the file ends inside a quoted field: it "
					"was cut off (an interrupted download?)", r->name, rec.line);
		r->f = rec.fields;
		r->nf = rec.toobig ? 0 : rec.nfields;
		if (first) {
			first = 0;
			if (csv_header(r, rec.toobig, err) < 0)
				return -1;
			continue;
		}
		if (!rec.toobig && hold_short(r, rec.line, rec.nfields))
			continue;
		r->out->records++;
		if (rec.toobig) {
			reject(r, rec.line, "record is larger than the reader's limit");
		} else if (has_nul(&rec)) {
			reject(r, rec.line, "record contains a NUL byte");
		} else if (rec.nfields == 1 && !rec.fields[0].len) {
			r->out->blank++;
		} else if (accept(r, rec.line, err) < 0) {
			return -1;
		}
	}
	return read_end(r, rc, first, err);
}

/*
 * The extract's JSON form (jsonarray.h): each object becomes the record
 * the text form's line would be, fields in the header's order, so header()
 * and row() do the rest.  The header is the first well-formed object's
 * keys in its order (the Commission writes every key, null or not, in
 * every object); a later object's key the first lacked is ignored, a key
 * it lacks reads as null.  Values in the text form's spelling: a string as
 * it is (dates "2019-05-13T00:00:00" too), a number as its digits
 * ("2345678", "45210.5"), true and false as "True" and "False", null as
 * empty.  An object or array as a value, or a number too large to write,
 * rejects the object.
 */
static int json_value(struct reader *r, const char *key, const struct jnode *v, char *why,
		      size_t whysz)
{
	const char *str = jnode_string(v), *what = NULL;
	char num[64], q[80];
	double d;
	int b;

	if (jnode_is_object(v) || jnode_is_array(v))
		what = jnode_is_object(v) ? "an object" : "an array";
	else if (!str && jnode_boolean(v, &b) == 0)
		str = b ? "True" : "False";
	else if (!str && jnode_number(v, &d) == 0) {
		if (jnode_number_text(v, num, sizeof(num)) < 0)
			what = "a number too large to write";
		else
			str = num;
	}
	if (what) {
		diag_quote(q, sizeof(q), key, strlen(key), 40);
		snprintf(why, whysz, "%s is %s, not a value the register's text form has", q, what);
		return -1;
	}
	for (; str && *str; str++)        /* null: empty */
		put(&r->t, *str);
	end_field(&r->t);
	return 0;
}

static void json_start(struct tsv *t, unsigned long line)
{
	buf_reset(&t->text);
	t->nfields = 0;
	t->off[0] = 0;
	t->toobig = t->has_nul = t->unterminated = t->in_escape = 0;
	t->rec_line = line;
}

/* t.text's fields (t.off[0..nfields]) as t.fields, as next_record() leaves them. */
static void json_fields(struct tsv *t)
{
	size_t i;

	if (t->toobig)
		t->nfields = 0;
	for (i = 0; i < t->nfields; i++) {
		t->fields[i].p = t->text.s + t->off[i];
		t->fields[i].len = t->off[i + 1] - 1 - t->off[i];
		t->fields[i].quoted = 0;
	}
}

/* The first object's keys as the header line, kept in r->keys; -1 when header() refuses them. */
static int json_header(struct reader *r, const struct jnode *obj, unsigned long line,
		       struct diag *err)
{
	void *iter = NULL;
	const char *key;
	const struct jnode *v;
	char was[DIAG_MSG_MAX];

	json_start(&r->t, line);
	while (jnode_object_next(obj, &iter, &key, &v)) {
		for (; *key; key++)
			put(&r->t, *key);
		end_field(&r->t);
	}
	json_fields(&r->t);
	if (header(r, err) < 0) {
		snprintf(was, sizeof(was), "%s", err ? err->msg : "");
		return diag_set(err, CW_INPUT, "%s (in the JSON form, the keys of its first object, "
				"line %lu)", was, line);
	}
	buf_add(&r->keys, r->t.text.s, r->t.text.len);
	r->key_off = xcalloc(MAX_FIELDS + 1, sizeof(*r->key_off));
	memcpy(r->key_off, r->t.off, (r->t.nfields + 1) * sizeof(*r->key_off));
	r->nkeys = r->t.nfields;
	return 0;
}

static int json_object(void *ctx, const struct jnode *obj, unsigned long line, struct diag *err)
{
	struct reader *r = ctx;
	const char *key;
	char why[200];
	size_t i;

	r->object++;
	if (!r->key_off && json_header(r, obj, line, err) < 0)
		return -1;
	r->out->records++;
	json_start(&r->t, line);
	for (i = 0; i < r->nkeys; i++) {
		key = r->keys.s + r->key_off[i];
		if (json_value(r, key, jnode_get(obj, key), why, sizeof(why)) < 0)
			return reject(r, line, why), 0;
	}
	json_fields(&r->t);
	return row(r, err);
}

static void json_reject(void *ctx, unsigned long line, const char *reason)
{
	struct reader *r = ctx;

	r->object++;
	r->out->records++;
	reject(r, line, reason);
}

/*
 * The sink the row builder sees in the JSON form: the caller's, a reject's
 * reason saying which object of the array it was (a file on one line has
 * one line number for all).
 */
static int json_sink_row(void *ctx, const struct charity_row *x, struct diag *err)
{
	struct reader *r = ctx;

	return r->user->row ? r->user->row(r->user->ctx, x, err) : 0;
}

static void json_sink_reject(void *ctx, unsigned long line, const char *reason)
{
	struct reader *r = ctx;
	char more[DIAG_MSG_MAX + 64];

	snprintf(more, sizeof(more), "%s (object %lu of the array)", reason, r->object);
	if (r->user->reject)
		r->user->reject(r->user->ctx, line, more);
}

static int read_json(struct reader *r, struct diag *err)
{
	static const struct jarray_limits lim = { CHARITIES_MAX_RECORD, 0, 4 * MAX_FIELDS };
	struct jarray_sink sink = { json_object, json_reject, r };
	struct charities_sink wrap = { json_sink_row, json_sink_reject, r };
	struct jarray_stats st;
	int ret;

	r->user = r->sink;
	r->sink = &wrap;
	buf_init(&r->keys, 0);
	if (r->t.fd >= 0)
		ret = jarray_read_fd(r->t.fd, r->t.p, r->t.n, r->name, &lim, &sink, &st, err);
	else
		ret = jarray_read_mem(r->t.p, r->t.n, r->name, &lim, &sink, &st, err);
	r->out->bytes = st.bytes;
	r->sink = r->user;
	if (!ret && !st.objects)
		return diag_set(err, CW_INPUT, "'%s' is an empty JSON array: no charity in it", r->name);
	if (!ret && !r->key_off)         /* no header: what the file is, nothing says */
		return diag_set(err, CW_INPUT, "'%s': none of its %lu objects is well-formed, so "
				"none gives the extract's columns", r->name, st.objects);
	return ret;
}

/* Whether p[0..n) starts, after a UTF-8 BOM and spaces, with '[': the extract's JSON form. */
static int json_form(const char *p, size_t n)
{
	size_t i = n >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3) ? 3 : 0;

	while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
		i++;
	return i < n && p[i] == '[';
}

/* cr: the CSV reader (borrowed) for OSCR's or CCNI's file, NULL for the extract's text. */
static int run(struct reader *r, const char *name, const struct charities_sink *sink,
	       struct charities_file *out, struct csv_reader *cr, struct diag *err)
{
	int ret = -1;

	memset(out, 0, sizeof(*out));
	r->name = name;
	r->sink = sink;
	r->out = out;
	r->t.line = 1;
	buf_init(&r->t.text, 0);
	buf_init(&r->clean, 0);
	buf_init(&r->tmp, 0);
	r->t.off = xcalloc(MAX_FIELDS + 1, sizeof(*r->t.off));
	r->t.fields = xcalloc(MAX_FIELDS, sizeof(*r->t.fields));
	if ((r->cp1252 = decoder_new(ENC_CP1252, err)) != NULL)
		ret = cr ? read_csv(r, cr, err) : r->json ? read_json(r, err) : read_all(r, err);
	decoder_free(r->cp1252);
	buf_release(&r->keys);
	free(r->key_off);
	free(r->t.off);
	free(r->t.fields);
	free(r->t.chunk);
	buf_release(&r->t.text);
	buf_release(&r->clean);
	buf_release(&r->tmp);
	return ret;
}

/* Whether the first line of p[0..n) has a TAB: the extract's text form, not a CSV. */
static int tab_separated(const char *p, size_t n)
{
	const char *nl = memchr(p, '\n', n);

	return memchr(p, '\t', nl ? (size_t)(nl - p) : n) != NULL;
}

static const struct csv_limits csv_lim = { 0, CHARITIES_MAX_RECORD, MAX_FIELDS };

int charities_read_fd(int fd, const char *name, const struct charities_sink *sink,
		      struct charities_file *out, struct diag *err)
{
	struct reader r;
	struct csv_reader *cr;
	struct buf all;
	off_t start = lseek(fd, 0, SEEK_CUR);
	ssize_t got = 0;
	size_t n = 0;
	int ret;

	memset(&r, 0, sizeof(r));
	memset(out, 0, sizeof(*out));
	r.t.fd = fd;
	r.t.chunk = xmalloc(CHUNK);
	/* the first line decides which register: read up to its end */
	while (n < CHUNK && !memchr(r.t.chunk, '\n', n)) {
		do
			got = read(fd, r.t.chunk + n, CHUNK - n);
		while (got < 0 && errno == EINTR);
		if (got <= 0)
			break;
		n += (size_t)got;
	}
	if (got < 0) {
		free(r.t.chunk);
		return diag_set(err, CW_INPUT, "%s: read error: %s", name, strerror(errno));
	}
	if ((r.json = json_form(r.t.chunk, n)) || tab_separated(r.t.chunk, n)) {
		r.t.p = r.t.chunk;
		r.t.n = n;
		return run(&r, name, sink, out, NULL, err);
	}
	/* a CSV: read again from its start, or (a pipe) from memory */
	buf_init(&all, 0);
	if (start >= 0 && lseek(fd, start, SEEK_SET) == start) {
		cr = csv_reader_fd(fd, &csv_lim, NULL, NULL);
	} else {
		buf_add(&all, r.t.chunk, n);
		while (got > 0) {
			char tmp[65536];

			do
				got = read(fd, tmp, sizeof(tmp));
			while (got < 0 && errno == EINTR);
			if (got > 0)
				buf_add(&all, tmp, (size_t)got);
		}
		if (got < 0) {
			free(r.t.chunk);
			buf_release(&all);
			return diag_set(err, CW_INPUT, "%s: read error: %s", name, strerror(errno));
		}
		cr = csv_reader_mem(all.s ? all.s : "", all.len, &csv_lim);
	}
	ret = run(&r, name, sink, out, cr, err);
	csv_reader_free(cr);
	buf_release(&all);
	return ret;
}

int charities_read_mem(const char *p, size_t n, const char *name,
		       const struct charities_sink *sink, struct charities_file *out,
		       struct diag *err)
{
	struct reader r;
	struct csv_reader *cr;
	int ret;

	memset(&r, 0, sizeof(r));
	r.t.fd = -1;
	r.t.p = p;
	r.t.n = n;
	if (!n || (r.json = json_form(p, n)) || tab_separated(p, n))
		return run(&r, name, sink, out, NULL, err);
	cr = csv_reader_mem(p, n, &csv_lim);
	ret = run(&r, name, sink, out, cr, err);
	csv_reader_free(cr);
	return ret;
}
