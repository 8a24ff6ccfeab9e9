/*
 * entityname.c: the rules that type a payee (entity.h) - identifiers and
 * the council's supplier type, business and charity forms, the register,
 * public-body patterns, charity words and a person's name.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chainwatch/entity.h"
#include "chainwatch/identity.h"
#include "entity_private.h"

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

static int all_letters(const char *w)
{
	for (; *w; w++)
		if (*w < 'A' || *w > 'Z')
			return 0;
	return 1;
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
		if (i > first && i + 1 < last && (strlen(tk->t[i]) == 1 || entity_is_given(r, tk->t[i])))
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
		if (entity_is_place(r, tk->t[i]))
			return 0;
	if (strlen(tk->t[tk->n - 1]) == 1 && strlen(tk->t[0]) > 1 && initials <= 2 &&
	    (tk->n - initials == 1 || entity_is_given(r, tk->t[1]))) {
		*why = "initials after the surname";
		*word = tk->t[tk->n - 1];
		return 1;
	}
	if (strlen(tk->t[0]) == 1 || (tk->n > 2 && !mid_ok))
		return 0;
	if (entity_is_given(r, tk->t[0]) || entity_is_given(r, tk->t[tk->n - 1])) {
		*why = "given name";
		*word = entity_is_given(r, tk->t[0]) ? tk->t[0] : tk->t[tk->n - 1];
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
	entity_fold_tokens(name ? name : "", &tk, 0, 1);
	entity_fold_tokens(name ? name : "", &all, 1, 0);   /* "Jo Bloggs (Riri's Nursery Ltd)" */
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

		entity_fold_tokens(name, &raw, 0, 0);
		if (person(r, &raw, &why, &word)) {
			set(e, ENTITY_INDIVIDUAL, NULL, "a person's name (%s '%s'), no business form "
			    "or trade word", why, word);
			return;
		}
	}
	if (r && (b = entity_register_lookup(r, &tk, &how))) {
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

/*
 * A charity number -> its org-id: with `scheme` (a register's prefix,
 * "GB-NIC" for a bare Northern Irish number) that scheme, else as the
 * council printed it: SC... is Scotland's, NIC... Northern Ireland's,
 * the rest England and Wales's.
 */
static void charity_id(const char *num, const char *scheme, char *out, size_t n)
{
	char d[16], sch[8], parsed[16];
	size_t k = 0;
	const char *p;

	/* a council's number: its prefix says the register; a bare one is England and Wales's */
	if (!scheme && charity_number_parse(num, strlen(num), sch, parsed) == 0) {
		snprintf(out, n, "%s-%s", *sch ? sch : "GB-CHC", parsed);
		return;
	}
	for (p = num; *p && k + 1 < sizeof(d); p++)
		if ((*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'))
			d[k++] = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
	d[k] = '\0';
	if (scheme && *scheme && !strcmp(scheme, "GB-NIC") && !strncmp(d, "NIC", 3))
		snprintf(out, n, "GB-NIC-%s", d + 3);
	else if (scheme && *scheme)
		snprintf(out, n, "%s-%s", scheme, d);
	else if (!strncmp(d, "SC", 2))
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

	entity_fold_tokens(text, &tk, 1, 0);
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
		if (s->charity && !s->charity->ambiguous && !strcmp(s->charity->method, "charity number")) {
			/* found on its register by that number: the register says which it is */
			charity_id(s->charity->number, s->charity->scheme, e->id, sizeof(e->id));
			snprintf(e->evidence, sizeof(e->evidence), "charity number %.15s in the council's "
				 "file, on the %.63s", s->charity_number, s->charity->source);
			return;
		}
		charity_id(s->charity_number, NULL, e->id, sizeof(e->id));
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
	if (s->charity && !s->charity->ambiguous) {
		/* found on a charity register by name (the scan's lookup) */
		e->type = ENTITY_CHARITY;
		charity_id(s->charity->number, s->charity->scheme, e->id, sizeof(e->id));
		snprintf(e->evidence, sizeof(e->evidence), "%.63s: %.39s %.2f (%.90s, charity %.11s)",
			 s->charity->source[0] ? s->charity->source : "Charity Commission register",
			 s->charity->method, s->charity->confidence > 0 ? s->charity->confidence : 1.0,
			 s->charity->name, s->charity->number);
		return;
	}
	if (s->company && !s->company->ambiguous && s->company->number[0]) {
		/* found on the Companies House register by name (the scan's match) */
		const struct company_facts *c = s->company;
		int cio = !strncmp(c->number, "CE", 2) || !strncmp(c->number, "CS", 2);

		e->type = cio ? ENTITY_CHARITY : ENTITY_COMPANY;
		snprintf(e->id, sizeof(e->id), "GB-COH-%s", c->number);
		snprintf(e->evidence, sizeof(e->evidence), "Companies House: %s %.2f (%.120s)%s",
			 c->method, c->confidence, c->name,
			 cio ? ", a charitable incorporated organisation" : "");
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

const char *entity_register_of(const struct supplier *s, enum entity_type type, const char *id,
			       const char *evidence)
{
	const struct company_facts *c = s->company;

	if (!id)
		id = "";
	if (type == ENTITY_CHARITY && s->charity)
		return !strcmp(s->charity->scheme, "GB-SC") ? "charity_sc"
		       : !strcmp(s->charity->scheme, "GB-NIC") ? "charity_ni" : "charity_ew";
	if ((type == ENTITY_COMPANY || type == ENTITY_CHARITY) && c && !c->ambiguous &&
	    c->number[0] && !strncmp(id, "GB-COH-", 7) && !strcmp(id + 7, c->number))
		return !strcmp(c->method, "Companies House API") ? "companies_house_api"
								 : "companies_house";
	/* the register's id, not a contract manager's correction */
	if (type == ENTITY_PUBLIC_BODY && *id && evidence &&
	    strncmp(evidence, ENTITY_SET_BY, strlen(ENTITY_SET_BY)) != 0)
		return "public_bodies";
	return NULL;
}
