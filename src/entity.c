/*
 * entity.c: what each payee is (entity.h) - identifiers, the bundled
 * register of public bodies, name patterns and person's names.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chainwatch/buf.h"
#include "chainwatch/csv.h"
#include "chainwatch/entity.h"
#include "chainwatch/outfile.h"
#include "chainwatch/xalloc.h"

#define FOLD_MAX 256
#define MAX_TOKENS 24

struct body {
	char *key;            /* folded name */
	char *id, *kind, *name;
};

struct entity_register {
	struct body *bodies;
	size_t nbodies, cap;
	char **given;         /* upper case, sorted */
	size_t ngiven, given_cap;
	char **places;        /* words of councils' names ("DEVON"), sorted, unique */
	size_t nplaces, places_cap;
};

static const char *const type_names[] = {
	[ENTITY_UNKNOWN] = "unknown",
	[ENTITY_COMPANY] = "company",
	[ENTITY_CHARITY] = "charity",
	[ENTITY_PUBLIC_BODY] = "public_body",
	[ENTITY_INDIVIDUAL] = "individual",
};

const char *entity_type_name(enum entity_type t)
{
	if ((unsigned)t >= sizeof(type_names) / sizeof(type_names[0]))
		return "unknown";
	return type_names[t];
}

int entity_type_parse(const char *s, enum entity_type *out)
{
	size_t i;

	for (i = 0; i < sizeof(type_names) / sizeof(type_names[0]); i++)
		if (!strcmp(s, type_names[i]) ||
		    (i == ENTITY_PUBLIC_BODY && !strcmp(s, "public-body"))) {
			*out = (enum entity_type)i;
			return 0;
		}
	return -1;
}

/* ---- folding ----------------------------------------------------------- */

struct tokens {
	char t[MAX_TOKENS][40];
	size_t n;
};

/* Finance-system abbreviations, anywhere in a name. */
static const char *const abbrev[][2] = {
	{ "COUN", "COUNCIL" }, { "COUNC", "COUNCIL" }, { "CNCL", "COUNCIL" }, { "CNL", "COUNCIL" },
	{ "COUNCL", "COUNCIL" }, { "CNCIL", "COUNCIL" }, { "DIST", "DISTRICT" },
	{ "DISTR", "DISTRICT" }, { "BORO", "BOROUGH" }, { "BORGH", "BOROUGH" },
	{ "CTY", "COUNTY" }, { "NTH", "NORTH" }, { "STH", "SOUTH" }, { "UNIV", "UNIVERSITY" },
	{ "UNI", "UNIVERSITY" }, { "HOSP", "HOSPITAL" }, { "HOSPS", "HOSPITALS" },
	{ "MET", "METROPOLITAN" }, { "GOVT", "GOVERNMENT" }, { "DEPT", "DEPARTMENT" },
	{ "AUTH", "AUTHORITY" }, { "CONSTAB", "CONSTABULARY" }, { "LIMITED", "LTD" },
};

/* Abbreviations only at the end of a name ("Doncaster MBC"). */
static const char *const abbrev_end[][2] = {
	{ "MBC", "METROPOLITAN BOROUGH COUNCIL" }, { "BC", "BOROUGH COUNCIL" },
	{ "DC", "DISTRICT COUNCIL" }, { "CC", "COUNTY COUNCIL" }, { "FT", "FOUNDATION TRUST" },
	{ "LBC", "LONDON BOROUGH COUNCIL" },
};

/* Words a finance system adds around a payee's name. */
static const char *const noise_lead[][2] = { { "DD", NULL }, { "THE", NULL },
					     { "DIRECT", "DEBIT" } };
static const char *const noise_tail[][2] = { { "DD", NULL }, { "DIRECT", "DEBIT" },
					     { "INCOME", NULL }, { "REFUND", NULL },
					     { "REFUNDS", NULL }, { "ACCOUNT", NULL },
					     { "PAYMENTS", NULL }, { "CREDITOR", NULL } };

static void tok_push(struct tokens *tk, const char *s, size_t n)
{
	if (tk->n >= MAX_TOKENS || !n)
		return;
	if (n >= sizeof(tk->t[0]))
		n = sizeof(tk->t[0]) - 1;
	memcpy(tk->t[tk->n], s, n);
	tk->t[tk->n][n] = '\0';
	tk->n++;
}

/* Push a word, or the words an abbreviation stands for. */
static void tok_word(struct tokens *tk, const char *w, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof(abbrev) / sizeof(abbrev[0]); i++)
		if (strlen(abbrev[i][0]) == n && !memcmp(abbrev[i][0], w, n)) {
			tok_push(tk, abbrev[i][1], strlen(abbrev[i][1]));
			return;
		}
	tok_push(tk, w, n);
}

static void tok_expand_last(struct tokens *tk)
{
	const char *full, *p;
	size_t i;

	if (tk->n < 2)
		return;
	for (i = 0; i < sizeof(abbrev_end) / sizeof(abbrev_end[0]); i++)
		if (!strcmp(tk->t[tk->n - 1], abbrev_end[i][0]))
			break;
	if (i == sizeof(abbrev_end) / sizeof(abbrev_end[0]))
		return;
	tk->n--;
	for (full = abbrev_end[i][1]; *full; full = *p ? p + 1 : p) {
		p = strchr(full, ' ');
		if (!p)
			p = full + strlen(full);
		tok_push(tk, full, (size_t)(p - full));
	}
}

static int tok_is(const struct tokens *tk, size_t i, const char *w)
{
	return i < tk->n && !strcmp(tk->t[i], w);
}

static void tok_drop(struct tokens *tk, size_t i, size_t k)
{
	memmove(tk->t[i], tk->t[i + k], (tk->n - i - k) * sizeof(tk->t[0]));
	tk->n -= k;
}

/* Strip the noise words around the name, keeping at least two words. */
static void tok_trim(struct tokens *tk)
{
	size_t i, k, again = 1;

	while (again) {
		again = 0;
		for (i = 0; i < sizeof(noise_lead) / sizeof(noise_lead[0]); i++) {
			k = noise_lead[i][1] ? 2 : 1;
			if (tk->n >= k + 2 && tok_is(tk, 0, noise_lead[i][0]) &&
			    (k == 1 || tok_is(tk, 1, noise_lead[i][1]))) {
				tok_drop(tk, 0, k);
				again = 1;
			}
		}
		for (i = 0; i < sizeof(noise_tail) / sizeof(noise_tail[0]); i++) {
			k = noise_tail[i][1] ? 2 : 1;
			if (tk->n >= k + 2 && tok_is(tk, tk->n - k, noise_tail[i][0]) &&
			    (k == 1 || tok_is(tk, tk->n - 1, noise_tail[i][1]))) {
				tk->n -= k;
				again = 1;
			}
		}
	}
}

/*
 * Upper case, bracketed text dropped, "&" and "+" as AND, apostrophes
 * dropped, other punctuation as spaces, abbreviations spelt out.
 */
static void fold_tokens_opt(const char *name, struct tokens *tk, int keep_brackets, int expand)
{
	char w[64];
	size_t wn = 0;
	int depth = 0;
	const unsigned char *p;

	tk->n = 0;
	for (p = (const unsigned char *)name;; p++) {
		unsigned c = *p;

		if (keep_brackets && (c == '(' || c == '[' || c == '{' || c == ')' || c == ']' ||
				      c == '}')) {
			c = ' ';
		} else if (c == '(' || c == '[' || c == '{') {
			depth++;
			c = ' ';
		} else if (depth && (c == ')' || c == ']' || c == '}')) {
			depth--;
			continue;
		} else if (depth && c) {
			continue;
		}
		if (c == '\'' || c == 0x60)
			continue;
		if (c >= 'a' && c <= 'z')
			c -= 32;
		if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
			if (wn < sizeof(w))
				w[wn++] = (char)c;
			continue;
		}
		if (wn) {
			tok_word(tk, w, wn);
			wn = 0;
		}
		if (c == '&' || c == '+')
			tok_push(tk, "AND", 3);
		if (!c)
			break;
	}
	if (expand)
		tok_expand_last(tk);
	tok_trim(tk);
}

static void fold_tokens(const char *name, struct tokens *tk)
{
	fold_tokens_opt(name, tk, 0, 1);
}

/* The key: the tokens without THE and NHS, space-joined. */
static void tokens_key(const struct tokens *tk, size_t upto, char *out, size_t n)
{
	size_t i, len = 0;

	out[0] = '\0';
	for (i = 0; i < upto && i < tk->n; i++) {
		size_t k = strlen(tk->t[i]);

		if (!strcmp(tk->t[i], "THE") || !strcmp(tk->t[i], "NHS"))
			continue;
		if (len + k + 2 > n)
			break;
		if (len)
			out[len++] = ' ';
		memcpy(out + len, tk->t[i], k + 1);
		len += k;
	}
}

void entity_fold(const char *name, char *out, size_t n)
{
	struct tokens tk;

	fold_tokens(name, &tk);
	tokens_key(&tk, tk.n, out, n);
}

/* ---- loading ----------------------------------------------------------- */

static int cmp_body(const void *a, const void *b)
{
	const struct body *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	return c ? c : strcmp(x->id, y->id);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int open_file(const char *dir, const char *name, char **path, int *fd, struct diag *err)
{
	struct buf b;

	buf_init(&b, 0);
	buf_printf(&b, "%s/%s", dir, name);
	*path = buf_detach(&b, NULL);
	*fd = open(*path, O_RDONLY);
	if (*fd < 0)
		return diag_set(err, CW_INPUT, "%s: %s", *path, strerror(errno));
	return 0;
}

static void add_body(struct entity_register *r, const char *id, const char *kind, const char *name)
{
	struct body *b;
	char key[FOLD_MAX];

	entity_fold(name, key, sizeof(key));
	if (!*key)
		return;
	if (r->nbodies == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 1024;
		r->bodies = xreallocarray(r->bodies, r->cap, sizeof(*r->bodies));
	}
	b = &r->bodies[r->nbodies++];
	b->key = xstrdup(key);
	b->id = xstrdup(id);
	b->kind = xstrdup(kind);
	b->name = xstrdup(name);
}

/* Words of a council's name that are not the words of any council's name. */
static const char *const council_words[] = {
	"COUNCIL", "COUNTY", "CITY", "OF", "AND", "BOROUGH", "DISTRICT", "METROPOLITAN",
	"ROYAL", "NORTH", "SOUTH", "EAST", "WEST", "MID", "UPON", "ON", "THE", "GREATER", "LEA",
	"COMBINED", "AUTHORITY", "ISLANDS", "ISLE", "ST", "SAINT", "NEW", "CENTRAL", "UNDER",
	"IN", "LE", "NORTHERN", "SOUTHERN", "EASTERN", "WESTERN", "GREAT", "CORPORATION",
};

static void add_place(struct entity_register *r, const char *w, size_t n)
{
	size_t i;

	if (n < 3)
		return;
	for (i = 0; i < sizeof(council_words) / sizeof(council_words[0]); i++)
		if (strlen(council_words[i]) == n && !memcmp(council_words[i], w, n))
			return;
	if (r->nplaces == r->places_cap) {
		r->places_cap = r->places_cap ? r->places_cap * 2 : 1024;
		r->places = xreallocarray(r->places, r->places_cap, sizeof(*r->places));
	}
	r->places[r->nplaces] = xmalloc(n + 1);
	memcpy(r->places[r->nplaces], w, n);
	r->places[r->nplaces++][n] = '\0';
}

static void collect_places(struct entity_register *r)
{
	size_t i, j;

	for (i = 0; i < r->nbodies; i++) {
		const char *p = r->bodies[i].key, *sp;

		if (strcmp(r->bodies[i].kind, "local authority"))
			continue;
		for (; *p; p = *sp ? sp + 1 : sp) {
			sp = strchr(p, ' ');
			if (!sp)
				sp = p + strlen(p);
			add_place(r, p, (size_t)(sp - p));
		}
	}
	qsort(r->places, r->nplaces, sizeof(*r->places), cmp_str);
	for (i = j = 0; i < r->nplaces; i++) {
		if (j && !strcmp(r->places[j - 1], r->places[i])) {
			free(r->places[i]);
			continue;
		}
		r->places[j++] = r->places[i];
	}
	r->nplaces = j;
}

static int load_bodies(struct entity_register *r, const char *dir, struct diag *err)
{
	struct csv_reader *cr = NULL;
	struct csv_record rec;
	char *path = NULL;
	int fd = -1, ret = -1, k, header = 0;

	if (open_file(dir, "public-bodies.csv", &path, &fd, err) < 0)
		goto out;
	cr = csv_reader_fd(fd, NULL, NULL, NULL);
	while ((k = csv_next(cr, &rec, err)) > 0) {
		if (rec.nfields && rec.fields[0].p[0] == '#')
			continue;
		if (rec.nfields != 3 || rec.toobig) {
			diag_set(err, CW_INPUT, "%s:%lu: expected 3 fields (id, kind, name)", path,
				 rec.line);
			goto out;
		}
		if (!header++) {
			if (strcmp(rec.fields[0].p, "id") || strcmp(rec.fields[2].p, "name")) {
				diag_set(err, CW_INPUT, "%s:%lu: header is not 'id,kind,name'", path,
					 rec.line);
				goto out;
			}
			continue;
		}
		add_body(r, rec.fields[0].p, rec.fields[1].p, rec.fields[2].p);
	}
	if (k < 0)
		goto out;
	qsort(r->bodies, r->nbodies, sizeof(*r->bodies), cmp_body);
	collect_places(r);
	ret = 0;
out:
	csv_reader_free(cr);
	if (fd >= 0)
		close(fd);
	free(path);
	return ret;
}

static int load_given(struct entity_register *r, const char *dir, struct diag *err)
{
	char *path = NULL, line[128];
	FILE *fp = NULL;
	int fd = -1, ret = -1;

	if (open_file(dir, "given-names.txt", &path, &fd, err) < 0)
		goto out;
	fp = fdopen(fd, "r");
	if (!fp) {
		diag_set(err, CW_INPUT, "%s: %s", path, strerror(errno));
		goto out;
	}
	fd = -1;
	while (fgets(line, sizeof(line), fp)) {
		size_t n = strcspn(line, "\r\n");

		line[n] = '\0';
		if (!n || line[0] == '#')
			continue;
		if (r->ngiven == r->given_cap) {
			r->given_cap = r->given_cap ? r->given_cap * 2 : 4096;
			r->given = xreallocarray(r->given, r->given_cap, sizeof(*r->given));
		}
		r->given[r->ngiven++] = xstrdup(line);
	}
	if (ferror(fp)) {
		diag_set(err, CW_INPUT, "%s: read error", path);
		goto out;
	}
	qsort(r->given, r->ngiven, sizeof(*r->given), cmp_str);
	ret = 0;
out:
	if (fp)
		fclose(fp);
	if (fd >= 0)
		close(fd);
	free(path);
	return ret;
}

int entity_register_load(const char *dir, struct entity_register **out, struct diag *err)
{
	struct entity_register *r = xcalloc(1, sizeof(*r));
	char *d = NULL;
	int ret = -1;

	if (!dir) {
		char *s = data_dir("sectors", "sectors.json");
		struct buf b;

		buf_init(&b, 0);
		buf_printf(&b, "%s/orgs", s);
		free(s);
		d = buf_detach(&b, NULL);
		dir = d;
	}
	if (load_bodies(r, dir, err) < 0 || load_given(r, dir, err) < 0)
		goto out;
	*out = r;
	r = NULL;
	ret = 0;
out:
	entity_register_free(r);
	free(d);
	return ret;
}

void entity_register_free(struct entity_register *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->nbodies; i++) {
		free(r->bodies[i].key);
		free(r->bodies[i].id);
		free(r->bodies[i].kind);
		free(r->bodies[i].name);
	}
	for (i = 0; i < r->ngiven; i++)
		free(r->given[i]);
	for (i = 0; i < r->nplaces; i++)
		free(r->places[i]);
	free(r->bodies);
	free(r->given);
	free(r->places);
	free(r);
}

size_t entity_register_count(const struct entity_register *r)
{
	return r ? r->nbodies : 0;
}

/* ---- the rules --------------------------------------------------------- */

static int in_list(const char *w, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(w, list[i]))
			return 1;
	return 0;
}

#define IN(w, list) in_list((w), (list), sizeof(list) / sizeof(list[0]))

/* Business forms: the payee is an incorporated or trading business. */
static const char *const company_forms[] = {
	"LTD", "PLC", "LLP", "INC", "LLC", "CIC", "GMBH", "PTY", "INCORPORATED", "SONS", "BROS",
	"LIMTED", "LTDA", "SARL", "BV", "NV", "AG", "SPA", "COMPANY", "PARTNERSHIP", "LLC",
	"HOLDINGS", "PLC",
};

/* A business form cut short by the field width, as the last word: "... HOMES-MINEHEAD LT". */
static const char *const company_forms_cut[] = { "LT", "LIM", "LIMI", "LIMIT", "LIMITE", "LTD" };

/* Charity forms and words. */
static const char *const charity_forms[] = { "CIO", "SCIO" };
static const char *const charity_words[] = {
	"CHARITY", "CHARITABLE", "HOSPICE", "TRUST", "FOUNDATION", "ALMSHOUSES", "ALMSHOUSE",
	"CHARITIES", "TRUSTEES",
};

/* Titles before a person's name. */
static const char *const titles[] = {
	"MR", "MRS", "MS", "MISS", "MX", "DR", "REV", "REVD", "PROF", "SIR", "DAME", "LADY", "LORD",
	"MASTER", "CLLR", "COUNCILLOR",
};

/*
 * Words that make a name a business, a place or an organisation, never a
 * person's: trades, premises, places, organisation words.
 */
static const char *const not_person[] = {
	"AND", "OF", "FOR", "AT", "IN", "ON", "TO", "BY", "WITH", "THE", "VILLA", "BROTHERS", "COURT",
	"PUBLISHERS", "CRUISES", "HOMECARE", "ENABLING", "GLOBAL", "ENERGY", "ADVERTISING",
	"ORCHESTRA", "PRESCHOOL", "PLAYGROUP", "ENTERTAINMENTS", "KITCHEN", "COMMUNITIES",
	"COUNCILS", "WORLDWIDE", "ROOM", "DINING", "PUBLICATIONS", "ENVIRONMENTAL",
	"ORGANISATION", "ORGANIZATION", "NEWS", "COMMUNICATIONS", "EXECUTIVE", "COMMERCIALS",
	"SETTLEMENT", "CHANCE", "BIRCHES", "CARPET", "MINIMIX", "SPECIALS", "TRANSPORTATION",
	"DATA", "ACCOUNT", "SCHOOLS", "PLAYSCHOOL", "PRE", "BAND", "CHOIR", "PLAYERS",
	"SINGERS", "PARTNERSHIP", "SURGICAL", "PHARMACEUTICALS", "LABS", "LABORATORIES",
	"INVESTMENTS", "CAPITAL", "PHOTO", "VIDEO", "PRODUCTS", "ELECTRONICS", "PACKAGING",
	"PAYMENTS", "PAYMENT", "GRANT", "GRANTS", "EXCLUSIVES", "LITERACY", "ROSE", "EDGE",
	"ACADEMY", "ACCOUNTANCY", "ACCOUNTANTS", "ADVICE", "AGENCY", "AIR", "ALARMS", "ANIMAL",
	"AQUATICS", "ARCHITECTS", "ARCHITECTURE", "ART", "ARTS", "ASSOCIATES", "ASSOCIATION",
	"AUDIO", "AUTO", "AUTOS", "BAKERY", "BANK", "BAR", "BARRISTERS", "BEAUTY", "BOARD",
	"BOOKS", "BUILDER", "BUILDERS", "BUILDING", "BUREAU", "BUS", "BUSES",
	"BUSINESS", "CABS", "CAFE", "CARE", "CARPENTRY", "CARPETS", "CARS", "CATERING", "CENTRE",
	"CENTER", "CHURCH", "CIRCLE", "CITY", "CLEANING", "CLINIC", "CLUB", "COACHES",
	"COACHING", "COLLECTIVE", "COLLEGE", "COMMUNITY", "COMPUTERS", "CONSTRUCTION",
	"CONSULTANCY", "CONSULTANTS", "CONSULTING", "CONTRACTORS", "CONTRACTING", "COTTAGE",
	"COUNCIL", "COUNTY", "COURIERS", "CREATIVE", "CREW", "DANCE", "DENTAL", "DESIGN",
	"DESIGNS", "DIGITAL", "DIRECT", "DISTRICT", "DOMESTIC", "DRAINAGE", "DRIVING",
	"EDUCATION", "ELECTRICAL", "ELECTRICS", "ENGINEERING", "ENGINEERS", "ENTERPRISE",
	"ENTERPRISES", "ENTERTAINMENT", "ESTATE", "ESTATES", "EVENTS", "FARM", "FARMS", "FENCING",
	"FIELD", "FILMS", "FINANCE", "FITNESS", "FLOORING", "FLORIST", "FOOD", "FOODS",
	"FOSTERING", "FUND", "FUNERAL", "FURNITURE", "GALLERY", "GARAGE", "GARDEN", "GARDENS",
	"GARDENING", "GLASS", "GLAZING", "GROUNDWORKS", "GROUP", "GUEST", "HAIR",
	"HANDYMAN", "HAULAGE", "HEALTH", "HEALTHCARE", "HEATING", "HIRE", "HOLIDAYS",
	"HOME", "HOMES", "HOSPITAL", "HOTEL", "HOUSE", "HOUSING", "INSTITUTE", "INSURANCE",
	"INTERIORS", "INTERNATIONAL", "JOINERY", "KENNELS", "KITCHENS", "LANDSCAPES",
	"LANDSCAPING", "LAW", "LEARNING", "LEGAL", "LEISURE", "LETTINGS", "LIBRARY",
	"LOCKSMITHS", "LODGE", "MAINTENANCE", "MANAGEMENT", "MANOR", "MARKET", "MARKETING",
	"MEDIA", "MEDICAL", "MOTORS", "MUSIC", "NETWORK", "NURSERY", "NURSING",
	"OFFICE", "OPTICIANS", "PAINTING", "PARTNERS", "PHARMACY", "PHOTOGRAPHY",
	"PHYSIOTHERAPY", "PLACE", "PLUMBING", "POWER", "PRACTICE", "PRESS", "PRINT", "PRINTING",
	"PRINTERS", "PRODUCTIONS", "PROJECT", "PROJECTS", "PROPERTIES", "PROPERTY", "PSYCHOLOGY",
	"RAIL", "RECOVERY", "RECRUITMENT", "REMOVALS", "RENTALS", "REPAIRS", "RESIDENTIAL",
	"RESOURCES", "RETAIL", "ROAD", "ROOFING", "SAFETY", "SALES", "SCAFFOLDING", "SCHOOL",
	"SECURITY", "SERVICE", "SERVICES", "SOCIETY", "SOLICITORS", "SOLUTIONS", "SOUND",
	"SPORT", "SPORTS", "STORES", "STUDIO", "STUDIOS", "SUPPLIES", "SUPPORT",
	"SURGEONS", "SURGERY", "SURVEYORS", "SYSTEMS", "TAXI", "TAXIS", "TECHNOLOGY",
	"TECHNOLOGIES", "THERAPY", "THEATRE", "TIMBER", "TOURS", "TOWER", "TRADING", "TRAINING",
	"TRANSPORT", "TRAVEL", "TREE", "TREES", "TUITION", "TYRES", "UK", "UNITED", "UNIVERSITY",
	"VALLEY", "VETS", "VETERINARY", "VIEW", "VILLAGE", "WASTE", "WATER", "WELLBEING",
	"WEST", "WINDOWS", "WORKS", "WORKSHOP", "YOUTH",
};

/* The first token that is in `list`, or -1. */
static int find_tok(const struct tokens *tk, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < tk->n; i++)
		if (in_list(tk->t[i], list, n))
			return (int)i;
	return -1;
}

#define FIND(tk, list) find_tok((tk), (list), sizeof(list) / sizeof(list[0]))

static int has_seq(const struct tokens *tk, const char *a, const char *b)
{
	size_t i;

	for (i = 0; i + 1 < tk->n; i++)
		if (!strcmp(tk->t[i], a) && !strcmp(tk->t[i + 1], b))
			return 1;
	return 0;
}

static int has_tok(const struct tokens *tk, const char *w)
{
	size_t i;

	for (i = 0; i < tk->n; i++)
		if (!strcmp(tk->t[i], w))
			return 1;
	return 0;
}

static int last_is(const struct tokens *tk, const char *w)
{
	return tk->n && !strcmp(tk->t[tk->n - 1], w);
}

/* "T/A", "t/as", "trading as": a sole trader's or partnership's trading name. */
static int trading_as(const char *name, const struct tokens *tk)
{
	const char *p;

	for (p = name; *p; p++)
		if ((p[0] == 'T' || p[0] == 't') && p[1] == '/' && (p[2] == 'A' || p[2] == 'a') &&
		    (p == name || p[-1] == ' '))
			return 1;
	return has_seq(tk, "TRADING", "AS");
}

static void set(struct entity *e, enum entity_type t, const char *id, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void set(struct entity *e, enum entity_type t, const char *id, const char *fmt, ...)
{
	va_list ap;

	e->type = t;
	snprintf(e->id, sizeof(e->id), "%s", id ? id : "");
	va_start(ap, fmt);
	vsnprintf(e->evidence, sizeof(e->evidence), fmt, ap);
	va_end(ap);
}

/* ---- the register ------------------------------------------------------ */

/* The first body whose key is >= key. */
static size_t lower_bound(const struct entity_register *r, const char *key)
{
	size_t lo = 0, hi = r->nbodies;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(r->bodies[mid].key, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static const struct body *find_exact(const struct entity_register *r, const char *key)
{
	size_t i = lower_bound(r, key);

	return i < r->nbodies && !strcmp(r->bodies[i].key, key) ? &r->bodies[i] : NULL;
}

#define TRUNCATED_MIN 20      /* a folded name this long may be a truncated register name */

static const struct body *register_lookup(const struct entity_register *r,
					  const struct tokens *tk, int *how)
{
	const struct body *b;
	char key[FOLD_MAX], alt[FOLD_MAX];
	size_t i, klen, upto;

	*how = 0;
	tokens_key(tk, tk->n, key, sizeof(key));
	if (!*key)
		return NULL;
	if ((b = find_exact(r, key)))
		return b;
	klen = strlen(key);
	/* "CC" is a county council or a city council */
	if (klen > 14 && !strcmp(key + klen - 14, "COUNTY COUNCIL")) {
		snprintf(alt, sizeof(alt), "%.*sCITY COUNCIL", (int)(klen - 14), key);
		if ((b = find_exact(r, alt)))
			return b;
	}
	/* a name cut short by the finance system's field width */
	if (klen >= TRUNCATED_MIN) {
		i = lower_bound(r, key);
		if (i < r->nbodies && !strncmp(r->bodies[i].key, key, klen)) {
			*how = 1;
			return &r->bodies[i];
		}
	}
	/* a register name with words after it ("... County Council Pension Fund") */
	for (upto = tk->n - 1; upto >= 3; upto--) {
		tokens_key(tk, upto, alt, sizeof(alt));
		if ((b = find_exact(r, alt))) {
			*how = 2;
			return b;
		}
	}
	return NULL;
}

/* ---- public-body and person patterns ----------------------------------- */

static const char *public_pattern(const struct tokens *tk)
{
	static const char *const school_before[] = {
		"PRIMARY", "INFANT", "INFANTS", "JUNIOR", "SECONDARY", "HIGH", "GRAMMAR",
		"COMMUNITY", "NURSERY", "SPECIAL", "CE", "COFE", "RC", "VA", "VC", "ACADEMY",
		"FOUNDATION", "FEDERATION", "C",
	};

	if (!tk->n)
		return NULL;
	if (has_tok(tk, "NHS") || has_tok(tk, "CCG") || has_tok(tk, "ICB") ||
	    has_seq(tk, "INTEGRATED", "CARE"))
		return "NHS";
	if (last_is(tk, "TRUST") && (has_tok(tk, "HOSPITAL") || has_tok(tk, "HOSPITALS") ||
				     has_seq(tk, "PRIMARY", "CARE") || has_seq(tk, "MENTAL", "HEALTH") ||
				     has_tok(tk, "HEALTHCARE") || has_seq(tk, "HEALTH", "AND") ||
				     has_seq(tk, "FOUNDATION", "TRUST") ||
				     has_seq(tk, "AMBULANCE", "SERVICE")))
		return "NHS trust";
	if (last_is(tk, "COUNCIL"))
		return "council";
	if (has_tok(tk, "CONSTABULARY") || has_tok(tk, "POLICE"))
		return "police";
	if (has_seq(tk, "FIRE", "AND") || has_seq(tk, "FIRE", "AUTHORITY") ||
	    has_seq(tk, "FIRE", "RESCUE"))
		return "fire and rescue";
	if (tk->n >= 2 && (last_is(tk, "AUTHORITY") || last_is(tk, "COMMISSIONER")))
		return "authority";
	if (!strcmp(tk->t[0], "HM") || has_seq(tk, "HER", "MAJESTYS") ||
	    has_seq(tk, "HIS", "MAJESTYS") || has_seq(tk, "DEPARTMENT", "FOR") ||
	    has_seq(tk, "DEPARTMENT", "OF") || has_seq(tk, "MINISTRY", "OF") ||
	    has_seq(tk, "OFFICE", "FOR") || (!strcmp(tk->t[0], "OFFICE") && has_tok(tk, "OF")))
		return "central government";
	if (has_tok(tk, "UNIVERSITY") && !has_tok(tk, "TECHNICAL"))
		return "university";
	if (tk->n >= 2 && last_is(tk, "COLLEGE"))
		return "college";
	if (tk->n >= 2 && (last_is(tk, "SCHOOL") || last_is(tk, "SCHOOLS")) &&
	    IN(tk->t[tk->n - 2], school_before))
		return "school";
	if (has_seq(tk, "ACADEMY", "TRUST") || has_seq(tk, "ACADEMIES", "TRUST") ||
	    has_seq(tk, "SCHOOLS", "TRUST") || has_seq(tk, "SCHOOL", "TRUST") ||
	    has_seq(tk, "LEARNING", "TRUST"))
		return "academy trust";
	return NULL;
}

static int is_given(const struct entity_register *r, const char *w)
{
	return r && r->ngiven && bsearch(&w, r->given, r->ngiven, sizeof(*r->given), cmp_str);
}

static int all_letters(const char *w)
{
	for (; *w; w++)
		if (*w < 'A' || *w > 'Z')
			return 0;
	return 1;
}

static int is_place(const struct entity_register *r, const char *w)
{
	return r && r->nplaces && bsearch(&w, r->places, r->nplaces, sizeof(*r->places), cmp_str);
}

/*
 * A person's name, two to five words, every one letters only and none a
 * trade, place or organisation word, and one of:
 *   a title first or last ("MR F HOSANEE", "REES JAMES MR");
 *   initials last, as finance systems print people ("BAKER M J");
 *   two to four words, a given name first or last and, with three or
 *   four, a given name or initial between ("CHRIS DRAKE", "BOWEN JANE",
 *   "MONICA Y ZAPATA LOPEZ"), none of them a council's place name.
 */
static int person(const struct entity_register *r, const struct tokens *tk, const char **why,
		  const char **word)
{
	size_t i, first = 0, last = tk->n, initials = 0, mid_ok = 0;

	if (tk->n < 2 || tk->n > 5)
		return 0;
	if (IN(tk->t[0], titles))
		first = 1;
	else if (IN(tk->t[tk->n - 1], titles))
		last = tk->n - 1;
	for (i = first; i < last; i++) {
		if (!all_letters(tk->t[i]) || IN(tk->t[i], not_person) ||
		    IN(tk->t[i], company_forms) || IN(tk->t[i], charity_words) ||
		    IN(tk->t[i], titles))
			return 0;
		initials += strlen(tk->t[i]) == 1;
		if (i > first && i + 1 < last && (strlen(tk->t[i]) == 1 || is_given(r, tk->t[i])))
			mid_ok = 1;
	}
	if (initials == last - first)
		return 0;                  /* "A B C": letters, not a name */
	if (first || last < tk->n) {
		*why = "title";
		*word = tk->t[first ? 0 : tk->n - 1];
		return 1;
	}
	if (tk->n > 4)
		return 0;
	for (i = 0; i < tk->n; i++)
		if (is_place(r, tk->t[i]))
			return 0;
	if (strlen(tk->t[tk->n - 1]) == 1 && strlen(tk->t[0]) > 1 && initials <= 2 &&
	    (tk->n - initials == 1 || is_given(r, tk->t[1]))) {
		*why = "initials after the surname";
		*word = tk->t[tk->n - 1];
		return 1;
	}
	if (strlen(tk->t[0]) == 1 || (tk->n > 2 && !mid_ok))
		return 0;
	if (is_given(r, tk->t[0]) || is_given(r, tk->t[tk->n - 1])) {
		*why = "given name";
		*word = is_given(r, tk->t[0]) ? tk->t[0] : tk->t[tk->n - 1];
		return 1;
	}
	return 0;
}

void entity_classify_name(const struct entity_register *r, const char *name, struct entity *e)
{
	struct tokens tk, all;
	const struct body *b;
	const char *why, *word;
	int i, how;

	memset(e, 0, sizeof(*e));
	fold_tokens(name ? name : "", &tk);
	fold_tokens_opt(name ? name : "", &all, 1, 0);   /* "Jo Bloggs (Riri's Nursery Ltd)" */
	if (!tk.n) {
		set(e, ENTITY_UNKNOWN, NULL, "no name");
		return;
	}
	if ((i = FIND(&all, company_forms)) >= 0) {
		set(e, ENTITY_COMPANY, NULL, "business form '%s' in the name", all.t[i]);
		return;
	}
	/* "NEDCARE CIO"; a brand that starts with the letters ("SCIO HEALTHCARE") is not one */
	if (IN(tk.t[tk.n - 1], charity_forms)) {
		set(e, ENTITY_CHARITY, NULL, "charity form '%s' in the name", tk.t[tk.n - 1]);
		return;
	}
	if (tk.n >= 3 && IN(tk.t[tk.n - 1], company_forms_cut)) {
		set(e, ENTITY_COMPANY, NULL, "business form '%s' (cut short) in the name",
		    tk.t[tk.n - 1]);
		return;
	}
	if (trading_as(name, &tk) || has_seq(&tk, "AND", "CO")) {
		set(e, ENTITY_COMPANY, NULL, "business form '%s' in the name",
		    has_seq(&tk, "AND", "CO") ? "& Co" : "T/A");
		return;
	}
	if (IN(all.t[0], titles) && FIND(&all, not_person) < 0) {
		struct tokens raw;

		fold_tokens_opt(name, &raw, 0, 0);
		if (person(r, &raw, &why, &word)) {
			set(e, ENTITY_INDIVIDUAL, NULL, "a person's name (%s '%s'), no business form "
			    "or trade word", why, word);
			return;
		}
	}
	if (r && (b = register_lookup(r, &tk, &how))) {
		char kind[64];

		snprintf(kind, sizeof(kind), "%s", b->kind);
		set(e, ENTITY_PUBLIC_BODY, b->id, "register of public bodies (%s): '%s'", kind,
		    b->name);
		if (how && strlen(e->evidence) + 40 < sizeof(e->evidence))
			strcat(e->evidence, how == 1 ? ", the name cut short" :
				", with words after it");
		return;
	}
	if ((why = public_pattern(&tk))) {
		set(e, ENTITY_PUBLIC_BODY, NULL, "public-body name pattern (%s)", why);
		return;
	}
	if ((i = FIND(&tk, charity_words)) >= 0) {
		set(e, ENTITY_CHARITY, NULL, "charity word '%s' in the name", tk.t[i]);
		return;
	}
	if (FIND(&all, not_person) < 0 && person(r, &tk, &why, &word)) {
		set(e, ENTITY_INDIVIDUAL, NULL, "a person's name (%s '%s'), no business form or "
		    "trade word", why, word);
		return;
	}
	set(e, ENTITY_UNKNOWN, NULL, "no identifier, register entry or name rule decided");
}

/* A charity number as the council printed it -> its org-id. */
static void charity_id(const char *num, char *out, size_t n)
{
	char d[16];
	size_t k = 0;
	const char *p;

	for (p = num; *p && k + 1 < sizeof(d); p++)
		if ((*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'))
			d[k++] = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
	d[k] = '\0';
	if (!strncmp(d, "SC", 2))
		snprintf(out, n, "GB-SC-%s", d);
	else if (!strncmp(d, "NIC", 3))
		snprintf(out, n, "GB-NIC-%s", d + 3);
	else
		snprintf(out, n, "GB-CHC-%s", d);
}

/*
 * The council's own supplier type column ("Creditor Type", "Supplier
 * Type"): Devon's WGA (a body in the Whole of Government Accounts), INDV,
 * CHTY, LTD; others' "VCSE", "Individual", "Public Sector".  Codes that say
 * nothing of the payee ("B", "BUSN", "Vendor", "Grant") decide nothing.
 */
static enum entity_type creditor_type(const char *text)
{
	static const struct { const char *word; enum entity_type t; } words[] = {
		{ "WGA", ENTITY_PUBLIC_BODY }, { "PUBLIC", ENTITY_PUBLIC_BODY },
		{ "GOVERNMENT", ENTITY_PUBLIC_BODY }, { "AUTHORITY", ENTITY_PUBLIC_BODY },
		{ "NHS", ENTITY_PUBLIC_BODY }, { "COUNCIL", ENTITY_PUBLIC_BODY },
		{ "INDV", ENTITY_INDIVIDUAL }, { "INDIVIDUAL", ENTITY_INDIVIDUAL },
		{ "PERSON", ENTITY_INDIVIDUAL }, { "EMPLOYEE", ENTITY_INDIVIDUAL },
		{ "CHTY", ENTITY_CHARITY }, { "CHARITY", ENTITY_CHARITY },
		{ "CHARITIES", ENTITY_CHARITY }, { "VCSE", ENTITY_CHARITY },
		{ "VOLUNTARY", ENTITY_CHARITY }, { "LTD", ENTITY_COMPANY },
		{ "LIMITED", ENTITY_COMPANY }, { "PLC", ENTITY_COMPANY }, { "CIC", ENTITY_COMPANY },
		{ "LLP", ENTITY_COMPANY }, { "COMPANY", ENTITY_COMPANY },
	};
	struct tokens tk;
	size_t i, j;

	fold_tokens_opt(text, &tk, 1, 0);
	/*
	 * A sole trader is a person trading: the name decides whether as a
	 * business (a trade word) or as a person.  So does a type that lists
	 * several kinds ("Business Entities (Sole Trade, Partnership, Ltd)").
	 */
	for (i = 0; i < tk.n; i++)
		if (!strcmp(tk.t[i], "SOLE") || !strcmp(tk.t[i], "BUSN"))
			return ENTITY_UNKNOWN;
	for (i = 0; i < tk.n; i++)
		for (j = 0; j < sizeof(words) / sizeof(words[0]); j++)
			if (!strcmp(tk.t[i], words[j].word))
				return words[j].t;
	return ENTITY_UNKNOWN;
}

void entity_classify(const struct entity_register *r, const struct supplier *s, struct entity *e)
{
	enum entity_type ct;

	size_t i;

	memset(e, 0, sizeof(*e));
	if (s->charity_number[0]) {
		e->type = ENTITY_CHARITY;
		charity_id(s->charity_number, e->id, sizeof(e->id));
		snprintf(e->evidence, sizeof(e->evidence), "charity number %s in the council's file",
			 s->charity_number);
		return;
	}
	if (s->company_number[0]) {
		int cio = !strncmp(s->company_number, "CE", 2) || !strncmp(s->company_number, "CS", 2);

		e->type = cio ? ENTITY_CHARITY : ENTITY_COMPANY;
		snprintf(e->id, sizeof(e->id), "GB-COH-%s", s->company_number);
		snprintf(e->evidence, sizeof(e->evidence), "company number %s in the council's file%s",
			 s->company_number, cio ? " (a charitable incorporated organisation)" : "");
		return;
	}
	if (s->creditor_type[0] && (ct = creditor_type(s->creditor_type)) != ENTITY_UNKNOWN) {
		struct entity byname;

		e->type = ct;
		entity_classify_name(r, s->name, &byname);
		if (byname.type == ct)         /* the register's identifier, when it agrees */
			memcpy(e->id, byname.id, sizeof(e->id));
		if (ct == ENTITY_PUBLIC_BODY && byname.type == ENTITY_COMPANY) {
			/* a council-owned or public-sector company: its business form wins */
			snprintf(e->evidence, sizeof(e->evidence), "%.120s, over the council's "
				 "supplier type '%s' (a publicly owned company?)", byname.evidence,
				 s->creditor_type);
			e->type = ENTITY_COMPANY;
			return;
		}
		snprintf(e->evidence, sizeof(e->evidence), "the council's supplier type '%s'",
			 s->creditor_type);
		if (byname.type != ct && byname.type != ENTITY_UNKNOWN)
			snprintf(e->evidence + strlen(e->evidence),
				 sizeof(e->evidence) - strlen(e->evidence),
				 ", over the name (%.100s)", byname.evidence);
		return;
	}
	entity_classify_name(r, s->name, e);
	for (i = 0; e->type == ENTITY_UNKNOWN && i < s->nnames; i++)
		if (s->names[i] != s->name)
			entity_classify_name(r, s->names[i], e);
}
