/*
 * charityclass.c: the Charity Commission's classification codes (charities.h):
 * their names, a name back to its code, and OSCR's purposes, beneficiaries
 * and activities read across to them.
 */
#include <string.h>
#include <strings.h>

#include "chainwatch/ascii.h"
#include "chainwatch/charities.h"

/*
 * The Charity Commission's classification codes and their names, as its
 * register download gives them (the list: drkane_classification_ccew.csv
 * in ../shared/data/orgs/charities/).
 */
static const struct {
	int code;
	const char *name;
} class_names[] = {
	{ 101, "General Charitable Purposes" },
	{ 102, "Education Training" },
	{ 103, "The Advancement Of Health Or Saving Of Lives" },
	{ 104, "Disability" },
	{ 105, "The Prevention Or Relief Of Poverty" },
	{ 106, "Overseas Aid Famine Relief" },
	{ 107, "Accommodation Housing" },
	{ 108, "Religious Activities" },
	{ 109, "Arts Culture Heritage Science" },
	{ 110, "Amateur Sport" },
	{ 111, "Animals" },
	{ 112, "Environment Conservation Heritage" },
	{ 113, "Economic Community Development Employment" },
	{ 114, "Armed Forces Emergency Service Efficiency" },
	{ 115, "Human Rights Religious Or Racial Harmony Equality Or Diversity" },
	{ 116, "Recreation" },
	{ 117, "Other Charitable Purposes" },
	{ 201, "Children Young People" },
	{ 202, "Elderly Old People" },
	{ 203, "People With Disabilities" },
	{ 204, "People Of A Particular Ethnic Or Racial Origin" },
	{ 205, "Other Charities Or Voluntary Bodies" },
	{ 206, "Other Defined Groups" },
	{ 207, "The General Public Mankind" },
	{ 301, "Makes Grants To Individuals" },
	{ 302, "Makes Grants To Organisations" },
	{ 303, "Provides Other Finance" },
	{ 304, "Provides Human Resources" },
	{ 305, "Provides Buildings Facilities Open Space" },
	{ 306, "Provides Services" },
	{ 307, "Provides Advocacy Advice Information" },
	{ 308, "Sponsors Or Undertakes Research" },
	{ 309, "Acts As An Umbrella Or Resource Body" },
	{ 310, "Other Charitable Activities" },
};

const char *charity_class_name(int code)
{
	size_t i;

	for (i = 0; i < sizeof(class_names) / sizeof(class_names[0]); i++)
		if (class_names[i].code == code)
			return class_names[i].name;
	return NULL;
}

/*
 * OSCR's purposes, beneficiaries and activities read across to the
 * Charity Commission's codes: the labels of
 * sectors/charity-oscr-readacross.csv (from David Kane's
 * drkane_ccew-oscr-activities-readacross.csv, ODbL; test_charities checks
 * the two agree) that read across to one code.  A label with several
 * ("Any other purpose ...": 101, 107, 114, 117; "The relief of those in
 * need ...": 104, 106; "The advancement of the arts, heritage, culture or
 * science": 109, 112; "It carries out activities or services itself":
 * 303..309) is left out.
 */
static const struct {
	const char *group, *label;
	int code;
} oscr_codes[] = {
	{ "beneficiaries", "Children / young people", 201 },
	{ "beneficiaries", "Older people", 202 },
	{ "beneficiaries", "People with disabilities or health problems", 203 },
	{ "beneficiaries", "People of a particular ethnic or racial origin", 204 },
	{ "beneficiaries", "Other charities / voluntary bodies", 205 },
	{ "beneficiaries", "Other defined groups", 206 },
	{ "beneficiaries", "No specific group, or for the benefit of the community", 207 },
	{ "purposes", "The advancement of education", 102 },
	{ "purposes", "The advancement of health", 103 },
	{ "purposes", "The saving of lives", 103 },
	{ "purposes", "The prevention or relief of poverty", 105 },
	{ "purposes", "The advancement of religion", 108 },
	{ "purposes", "The advancement of public participation in sport", 110 },
	{ "purposes", "The advancement of animal welfare", 111 },
	{ "purposes", "The advancement of environmental protection or improvement", 112 },
	{ "purposes", "The advancement of citizenship or community development", 113 },
	{ "purposes", "The advancement of human rights, conflict resolution or reconciliation", 115 },
	{ "purposes", "The promotion of religious or racial harmony", 115 },
	{ "purposes", "The promotion of equality and diversity", 115 },
	{ "purposes", "The provision of recreational facilities, or the organisation of recreational "
	  "activities, with the object of improving the conditions of life for the persons for "
	  "whom the facilities or activities are primarily intended", 116 },
	{ "activities", "It makes grants, donations, loans, gifts or pensions to individuals", 301 },
	{ "activities", "It makes grants, donations or gifts to organisations", 302 },
	{ "activities", "It does none of these", 310 },
};

/* s folded: ASCII letters and digits upper-cased, every other run one space, none at the ends. */
static void fold_label(const char *s, char *out, size_t n)
{
	size_t k = 0;
	int gap = 0;

	for (; *s && k + 2 < n; s++) {
		unsigned char c = (unsigned char)*s;

		if (ascii_digit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
			if (gap && k)
				out[k++] = ' ';
			gap = 0;
			out[k++] = (char)(c >= 'a' && c <= 'z' ? c - 32 : c);
		} else {
			gap = 1;
		}
	}
	out[k] = '\0';
}

int charity_class_code(const char *label)
{
	char want[400], have[400];
	size_t i;

	fold_label(label, want, sizeof(want));
	for (i = 0; *want && i < sizeof(class_names) / sizeof(class_names[0]); i++) {
		fold_label(class_names[i].name, have, sizeof(have));
		if (!strcmp(want, have))
			return class_names[i].code;
	}
	return 0;
}

int charity_oscr_code(const char *group, const char *label)
{
	char want[400], have[400];
	size_t i;

	fold_label(label, want, sizeof(want));
	for (i = 0; i < sizeof(oscr_codes) / sizeof(oscr_codes[0]); i++) {
		if (strcasecmp(group, oscr_codes[i].group))
			continue;
		fold_label(oscr_codes[i].label, have, sizeof(have));
		if (!strcmp(want, have))
			return oscr_codes[i].code;
	}
	return 0;
}
