/*
 * chapi.c: the Companies House API's company profile and search results,
 * read through the JSON module (chapi.h).
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "chainwatch/chapi.h"
#include "chainwatch/identity.h"
#include "chainwatch/json.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* The API's company types, as the bulk product names them. */
static const struct {
	const char *type, *category;
} types[] = {
	{ "ltd", "Private Limited Company" },
	{ "plc", "Public Limited Company" },
	{ "llp", "Limited Liability Partnership" },
	{ "private-unlimited", "Private Unlimited Company" },
	{ "private-unlimited-nsc", "Private Unlimited Company" },
	{ "private-limited-guarant-nsc",
	  "PRI/LTD BY GUAR/NSC (Private, limited by guarantee, no share capital)" },
	{ "private-limited-guarant-nsc-limited-exemption",
	  "PRI/LBG/NSC (Private, Limited by guarantee, no share capital, use of 'Limited' exemption)" },
	{ "private-limited-shares-section-30-exemption",
	  "PRIV LTD SECT. 30 (Private limited company, section 30 of the Companies Act)" },
	{ "charitable-incorporated-organisation", "Charitable Incorporated Organisation" },
	{ "scottish-charitable-incorporated-organisation",
	  "Scottish Charitable Incorporated Organisation" },
	{ "limited-partnership", "Limited Partnership" },
	{ "scottish-partnership", "Scottish Partnership" },
	{ "registered-society-non-jurisdictional", "Registered Society" },
	{ "industrial-and-provident-society", "Industrial and Provident Society" },
	{ "royal-charter", "Royal Charter Company" },
	{ "oversea-company", "Overseas Entity" },
	{ "uk-establishment", "UK Establishment" },
	{ "european-public-limited-liability-company-se", "European Public Limited-Liability Company (SE)" },
	{ "other", "Other company type" },
};

/* src (NUL-terminated) into dst, cut to fit, control bytes as spaces. */
static void copy_text(char *dst, size_t dstsz, const char *src)
{
	size_t i;

	for (i = 0; src && src[i] && i + 1 < dstsz; i++)
		dst[i] = (unsigned char)src[i] < 0x20 ? ' ' : src[i];
	/* never end inside a UTF-8 sequence */
	if (src && src[i])
		while (i > 0 && ((unsigned char)dst[i - 1] & 0xC0) == 0x80)
			i--;
	if (src && src[i] && i > 0 && (unsigned char)dst[i - 1] >= 0xC0)
		i--;
	dst[i] = '\0';
}

/* "voluntary-arrangement" -> "Voluntary Arrangement" (upper 0), "VOLUNTARY ARRANGEMENT" (upper 1). */
static void enum_words(char *dst, size_t dstsz, const char *src, int upper)
{
	size_t i;
	int start = 1;

	for (i = 0; src && src[i] && i + 1 < dstsz; i++) {
		unsigned char c = (unsigned char)src[i];

		if (c == '-' || c == '_' || c < 0x20) {
			dst[i] = ' ';
			start = 1;
			continue;
		}
		dst[i] = (char)(upper || start ? toupper(c) : c);
		start = 0;
	}
	dst[i] = '\0';
}

/* "1991-01-30" -> 19910130; 0 when not a date in that form. */
static int32_t read_date(const char *s)
{
	int32_t v = 0;
	int i;

	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (i = 0; i < 10; i++) {
		if (i == 4 || i == 7)
			continue;
		if (!isdigit((unsigned char)s[i]))
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	if (v % 100 < 1 || v % 100 > 31 || v / 100 % 100 < 1 || v / 100 % 100 > 12)
		return 0;
	return v;
}

/* A company number as the register writes it (identity.h); 1 and out set, 0 when not one. */
static int company_number(const char *s, char out[9])
{
	return s && company_number_normalise(s, strlen(s), out) == 0;
}

static const char *member_string(const struct jnode *obj, const char *key)
{
	return jnode_string(jnode_get(obj, key));
}

int chapi_read_profile(const char *p, size_t n, const char *name, struct chapi_company *out,
		       struct diag *err)
{
	struct jdoc *doc = NULL;
	const struct jnode *root, *sic, *acc;
	struct chapi_company c;
	const char *type, *s;
	size_t i, len = 0;
	int ret = -1;

	if (jdoc_load_mem(p, n, name, &doc, err) < 0)
		return -1;
	root = jdoc_root(doc);
	memset(&c, 0, sizeof(c));
	if (!jnode_is_object(root)) {
		diag_set(err, CW_INPUT, "%s: a company profile is an object", name);
		goto out;
	}
	if (!company_number(member_string(root, "company_number"), c.number)) {
		diag_set(err, CW_INPUT, "%s: no valid company_number", name);
		goto out;
	}
	if (!(s = member_string(root, "company_name")) || !*s) {
		diag_set(err, CW_INPUT, "%s: no company_name", name);
		goto out;
	}
	copy_text(c.name, sizeof(c.name), s);
	enum_words(c.status, sizeof(c.status), member_string(root, "company_status"), 0);
	if ((type = member_string(root, "type")) != NULL) {
		for (i = 0; i < COUNT(types) && strcmp(types[i].type, type); i++)
			;
		copy_text(c.category, sizeof(c.category), i < COUNT(types) ? types[i].category : type);
	}
	acc = jnode_get(jnode_get(root, "accounts"), "last_accounts");
	s = member_string(acc, "type");
	if (s && strcmp(s, "null") && strcmp(s, "no-accounts-type-available"))
		enum_words(c.accounts_category, sizeof(c.accounts_category), s, 1);
	c.incorporated = read_date(member_string(root, "date_of_creation"));
	c.dissolved = read_date(member_string(root, "date_of_cessation"));
	sic = jnode_get(root, "sic_codes");
	for (i = 0; i < jnode_array_size(sic); i++) {
		const char *code = jnode_string(jnode_array_at(sic, i));
		size_t k;

		if (!code || strlen(code) != 5 || len + 6 + 1 > sizeof(c.sic))
			continue;
		for (k = 0; k < 5 && isdigit((unsigned char)code[k]); k++)
			;
		if (k < 5)
			continue;
		len += (size_t)snprintf(c.sic + len, sizeof(c.sic) - len, "%s%s", len ? " " : "", code);
	}
	copy_text(c.country, sizeof(c.country),
		  member_string(jnode_get(root, "registered_office_address"), "country"));
	*out = c;
	ret = 0;
out:
	jdoc_free(doc);
	return ret;
}

int chapi_read_search(const char *p, size_t n, const char *name, struct chapi_hits *out,
		      struct diag *err)
{
	struct jdoc *doc = NULL;
	const struct jnode *items;
	struct chapi_hits *h = NULL;
	size_t i;
	int ret = -1;

	if (jdoc_load_mem(p, n, name, &doc, err) < 0)
		return -1;
	items = jnode_get(jdoc_root(doc), "items");
	if (!items && jnode_is_object(jdoc_root(doc)) &&
	    jnode_get(jdoc_root(doc), "total_results")) {
		out->n = 0;             /* nothing found: the API may leave items out */
		ret = 0;
		goto out;
	}
	if (!jnode_is_array(items)) {
		diag_set(err, CW_INPUT, "%s: search results have no items array", name);
		goto out;
	}
	h = out;
	h->n = 0;
	for (i = 0; i < jnode_array_size(items) && h->n < CHAPI_MAX_HITS; i++) {
		const struct jnode *it = jnode_array_at(items, i);
		struct chapi_hit *x = &h->item[h->n];
		const char *title = member_string(it, "title");

		if (!title || !*title || !company_number(member_string(it, "company_number"),
							       x->number))
			continue;
		copy_text(x->title, sizeof(x->title), title);
		enum_words(x->status, sizeof(x->status), member_string(it, "company_status"), 0);
		h->n++;
	}
	ret = 0;
out:
	jdoc_free(doc);
	return ret;
}
