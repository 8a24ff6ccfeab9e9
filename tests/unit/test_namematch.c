#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "chainwatch/namematch.h"
#include "testutil.h"

#define N_(a) (sizeof(a) / sizeof((a)[0]))

/* --- synthetic registry names: many share common words ------------------- */

static const char *const places[] = {
	"LONDON", "DEVON", "EXETER", "PLYMOUTH", "BRISTOL", "TORBAY", "CORNWALL", "SOMERSET",
	"DORSET", "BATH", "LEEDS", "YORK", "DERBY", "KENT", "ESSEX", "NORFOLK", "NORTHERN",
	"SOUTHERN", "WESSEX", "MIDLANDS", "THAMES", "SEVERN", "PENNINE", "SOLENT",
};
static const char *const surnames[] = {
	"SMITH", "JONES", "TAYLOR", "BROWN", "WILLIAMS", "WILSON", "JOHNSON", "DAVIES", "ROBINSON",
	"WRIGHT", "THOMPSON", "EVANS", "WALKER", "WHITE", "ROBERTS", "GREEN", "HALL", "WOOD",
	"JACKSON", "CLARKE", "PATEL", "HARRIS", "LEWIS", "MARTIN", "COOPER", "KING", "BAKER",
	"BARKER", "HARRISON", "MORGAN", "ALLEN", "JAMES", "SCOTT", "PRICE", "BENNETT", "YOUNG",
};
static const char *const trades[] = {
	"CARE", "CLEANING", "CONSTRUCTION", "BUILDERS", "PLUMBING", "ELECTRICAL", "ROOFING",
	"HOME CARE", "HEALTHCARE", "TRANSPORT", "LOGISTICS", "FOODS", "CATERING", "SECURITY",
	"FACILITIES", "ENGINEERING", "CONSULTING", "RECRUITMENT", "TRAINING", "SOFTWARE",
	"PRINTING", "TEXTILES", "WASTE", "ENVIRONMENTAL", "PROPERTY", "MOTORS", "TRAVEL",
};
static const char *const suffixes[] = {
	"SERVICES", "GROUP", "HOLDINGS", "SOLUTIONS", "UK", "SERVICES UK", "GROUP HOLDINGS",
	"SUPPLIES", "SYSTEMS", "INTERNATIONAL", "ASSOCIATES", "PARTNERS", "AND SONS", "TRADING",
};
static const char *const syllables[] = {
	"AR", "BEL", "CO", "DRA", "EX", "FAL", "GEN", "HAR", "IN", "JO", "KAL", "LO", "MAR",
	"NO", "OR", "PEL", "QUA", "RO", "SAN", "TEK", "UL", "VER", "WIN", "ZEN", "TRI", "VO",
};

static uint32_t rnd(uint64_t *state, size_t n)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return (uint32_t)((*state >> 11) % n);
}

static void word(char *b, const char *w)
{
	if (*b)
		strcat(b, " ");
	strcat(b, w);
}

/* A name like "SMITH CLEANING SERVICES" or "ARBELCO TORBAY GROUP" into b[128]. */
static void synth_name(uint64_t *st, char *b)
{
	b[0] = '\0';
	switch (rnd(st, 5)) {
	case 0: {
		char brand[16] = "";
		int k = 2 + (int)rnd(st, 2);

		while (k--)
			strcat(brand, syllables[rnd(st, N_(syllables))]);
		word(b, brand);
		word(b, rnd(st, 2) ? trades[rnd(st, N_(trades))] : places[rnd(st, N_(places))]);
		break;
	}
	case 1:
		word(b, surnames[rnd(st, N_(surnames))]);
		word(b, trades[rnd(st, N_(trades))]);
		break;
	case 2:
		word(b, places[rnd(st, N_(places))]);
		word(b, trades[rnd(st, N_(trades))]);
		break;
	case 3:
		word(b, surnames[rnd(st, N_(surnames))]);
		word(b, "AND");
		word(b, surnames[rnd(st, N_(surnames))]);
		break;
	default:
		word(b, places[rnd(st, N_(places))]);
		word(b, surnames[rnd(st, N_(surnames))]);
		word(b, trades[rnd(st, N_(trades))]);
		break;
	}
	if (rnd(st, 2))
		word(b, suffixes[rnd(st, N_(suffixes))]);
}

#define BACKGROUND_ID 1000000u

/* n synthetic names with ids from BACKGROUND_ID, so that word weights are realistic. */
static void add_background(struct name_index *ix, size_t n)
{
	uint64_t st = 88172645463325252ULL;
	char b[128];
	size_t i;

	for (i = 0; i < n; i++) {
		synth_name(&st, b);
		name_index_add(ix, b, BACKGROUND_ID + (uint32_t)i);
	}
}

/* --- name_similarity ----------------------------------------------------- */

#define ACCEPT NAME_MATCH_ACCEPT
#define CANDIDATE NAME_MATCH_CANDIDATE
#define ALIKE 0.999             /* alike, not the same */

struct sim_case {
	const char *a, *b;
	double lo, hi;          /* lo <= score <= hi */
};

static const struct sim_case sims[] = {
	{ "ACME SERVICES", "ACME SERVICES", 1.0, 1.0 },
	{ "VEOLIA ES UK", "VEOLIA ENVIRONMENTAL SERVICES UK", CANDIDATE, 1.0 },
	{ "BIFFA WASTE SERVICES", "BIFFA WASTE SERVICES UK", ACCEPT, ALIKE },
	{ "MITIE CLEANING AND ENVIRONMENTAL SERVICES", "MITIE CLEANING AND ENVIROMENTAL SERVICES",
	  ACCEPT, ALIKE },
	{ "ABC CARE SERVICES", "XYZ CARE SERVICES", 0.0, 0.5 },
	{ "SERVICES", "SERVICES UK", 0.0, 0.6 },
	{ "SERVICES", "ABC SERVICES", 0.0, 0.5 },
	{ "SERVICES", "CARE SERVICES", 0.0, 0.6 },
	{ "SMITH CLEANING", "CLEANING SMITH", ACCEPT, ALIKE },
	{ "GLENDINNING E AND J W", "E AND J W GLENDINNING", ACCEPT, ALIKE },
	{ "HOMECARE SOLUTIONS", "HOME CARE SOLUTIONS", ACCEPT, ALIKE },
	{ "WH SMITH TRAVEL", "W H SMITH TRAVEL", ACCEPT, ALIKE },
	{ "ANALYTICAL SERVICES INTERNATIONAL", "ANALYTICAL SERVICES INTERNATIONA", ACCEPT, ALIKE },
	{ "SOUTH WEST COAST PATH ASSOCIATION", "SOUTH WEST COAST PATH ASSOC", CANDIDATE, ALIKE },
	/* one supplier written two ways in Devon's and Warwickshire's spend files */
	{ "ITEC CONNECT", "I T E C CONNECT", ACCEPT, ALIKE },
	{ "FIVE RIVERS CHILDCARE", "FIVE RIVERS CHILD CARE", ACCEPT, ALIKE },
	{ "BRAIN INJURY REHABITITATION TRST", "BRAIN INJURY REHABILITATION TRST", ACCEPT, ALIKE },
	{ "TEIGN TREES AND LANDSCAPES SW", "TEIGN TREES AND LANDSCAPES SOUTH WEST",
	  ACCEPT, ALIKE },
	{ "EXETER CITY COUNCL FINANCE", "EXETER CITY COUNCIL FINANCE", ACCEPT, ALIKE },
	{ "PHILIP DENNIS FROZEN FOODS", "DENNIS PHILIP FROZEN FOODS", ACCEPT, ALIKE },
	/* and different ones */
	{ "GLOUCESTERSHIRE COUNTY COUNCIL", "WORCESTERSHIRE COUNTY COUNCIL", 0, CANDIDATE - 0.05 },
	{ "HARTLEY HOUSE CARE HOME", "HARTLEY HOME CARE", 0.0, ACCEPT - 0.05 },
	{ "AGILISYS B2B", "AGILISYS B2C", 0.0, CANDIDATE - 0.05 },
	{ "121222 HOLDCO", "121223 HOLDCO", 0.0, CANDIDATE - 0.05 },
	{ "CSC DIRECTORS NO 1", "CSC DIRECTORS NO 2", 0.0, ACCEPT - 0.05 },
	{ "BRITVIC SOFT DRINKS", "ROBINSONS SOFT DRINKS", 0.0, CANDIDATE - 0.05 },
	{ "DEELEY CONSTRUCTION", "DEELEY HOMES", 0.0, CANDIDATE },
	{ "BIFFA", "BIFFA", 1.0, 1.0 },
	{ "BIFFA", "BIFFA UK", CANDIDATE, ALIKE },
	{ "BIFFA", "VEOLIA", 0.0, 0.1 },
	{ "A", "B", 0.0, 0.0 },
	{ "SODEXO SANT\xC3\x89", "SODEXO SANT\xC3\x89", 1.0, 1.0 },
	{ "SODEXO SANT\xC3\x89", "SODEXO SANTE", 0.3, ACCEPT },
	{ "\xC3\x89" "COLE DU LOUVRE", "\xC3\x89" "COLE DU LOUVRE PARIS", CANDIDATE, ALIKE },
	{ "", "", 0.0, 0.0 },
	{ "", "ACME", 0.0, 0.0 },
	{ "   ", "ACME", 0.0, 0.0 },
};

START_TEST(name_similarity_scores_known_pairs)
{
	const struct sim_case *c = &sims[_i];
	double s = name_similarity(c->a, c->b);

	ck_assert_msg(s >= c->lo && s <= c->hi, "'%s' / '%s': %.3f not in [%.2f, %.2f]",
		      c->a, c->b, s, c->lo, c->hi);
}
END_TEST

START_TEST(name_similarity_is_symmetric)
{
	size_t i, j;

	for (i = 0; i < N_(sims); i++)
		for (j = 0; j < N_(sims); j++) {
			const char *a = sims[i].a, *b = sims[j].b;

			ck_assert_msg(name_similarity(a, b) == name_similarity(b, a),
				      "'%s' / '%s'", a, b);
		}
}
END_TEST

START_TEST(name_similarity_takes_null_as_empty)
{
	ck_assert(name_similarity(NULL, NULL) == 0.0);
	ck_assert(name_similarity(NULL, "ACME") == 0.0);
}
END_TEST

/* "WORD0001 WORD0002 ..." of about n bytes into a new string. */
static char *long_key(size_t n, unsigned salt)
{
	char *s = malloc(n + 16);
	size_t len = 0;
	unsigned i;

	ck_assert_ptr_nonnull(s);
	for (i = 0; len < n; i++)
		len += (size_t)sprintf(s + len, "%sW%04uX%u", len ? " " : "", i, salt);
	return s;
}

START_TEST(name_similarity_handles_very_long_keys)
{
	char *a = long_key(10240, 1), *b = long_key(10240, 1), *c = long_key(10240, 2);
	double s;

	ck_assert(name_similarity(a, b) == 1.0);
	b[5000] = b[5000] == 'W' ? 'V' : 'W';
	s = name_similarity(a, b);
	ck_assert_msg(s > NAME_MATCH_ACCEPT && s < 1.0, "%.3f", s);
	s = name_similarity(a, c);
	ck_assert_msg(s < NAME_MATCH_CANDIDATE, "%.3f", s);
	free(a), free(b), free(c);
}
END_TEST

/* --- the index ----------------------------------------------------------- */

START_TEST(name_index_empty_finds_nothing)
{
	struct name_index *ix = name_index_new();
	struct name_candidate out[4];

	ck_assert_uint_eq(name_index_query(ix, "ACME", 0.0, out, 4), 0);      /* not built */
	name_index_build(ix);
	ck_assert_uint_eq(name_index_query(ix, "ACME", 0.0, out, 4), 0);
	ck_assert_uint_eq(name_index_query(ix, "", 0.0, out, 4), 0);
	ck_assert_uint_eq(name_index_query(NULL, "ACME", 0.0, out, 4), 0);
	name_index_free(ix);
	name_index_free(NULL);
	name_index_build(NULL);
	name_index_add(NULL, "ACME", 1);
}
END_TEST

START_TEST(name_index_ignores_empty_keys_and_queries)
{
	struct name_index *ix = name_index_new();
	struct name_candidate out[4];

	name_index_add(ix, "", 1);
	name_index_add(ix, "   ", 2);
	name_index_add(ix, NULL, 3);
	name_index_add(ix, "ACME", 4);
	name_index_build(ix);
	ck_assert_uint_eq(name_index_query(ix, "", 0.0, out, 4), 0);
	ck_assert_uint_eq(name_index_query(ix, "  ", 0.0, out, 4), 0);
	ck_assert_uint_eq(name_index_query(ix, NULL, 0.0, out, 4), 0);
	ck_assert_uint_eq(name_index_query(ix, "ACME", 0.0, out, 0), 0);
	ck_assert_uint_eq(name_index_query(ix, "ACME", 0.0, out, 4), 1);
	ck_assert_uint_eq(out[0].id, 4);
	name_index_free(ix);
}
END_TEST

START_TEST(name_index_returns_every_id_of_an_equal_key)
{
	struct name_index *ix = name_index_new();
	struct name_candidate out[8];
	size_t n;

	add_background(ix, 500);
	name_index_add(ix, "BIFFA WASTE SERVICES", 9);
	name_index_add(ix, "BIFFA WASTE SERVICES", 3);
	name_index_add(ix, "BIFFA WASTE SERVICES", 5);
	name_index_add(ix, "BIFFA WASTE SERVICES", 3);                 /* twice: once */
	name_index_build(ix);
	n = name_index_query(ix, "BIFFA WASTE SERVICES", NAME_MATCH_ACCEPT, out, 8);
	ck_assert_uint_eq(n, 3);
	ck_assert_uint_eq(out[0].id, 3);
	ck_assert_uint_eq(out[1].id, 5);
	ck_assert_uint_eq(out[2].id, 9);
	ck_assert(out[0].score == 1.0 && out[2].score == 1.0);
	ck_assert_uint_eq(name_index_query(ix, "BIFFA WASTE SERVICES", 0.0, out, 2), 2);  /* max */
	ck_assert_uint_eq(out[0].id, 3);
	ck_assert_uint_eq(out[1].id, 5);
	name_index_free(ix);
}
END_TEST

START_TEST(name_index_orders_best_first_then_by_id)
{
	struct name_index *ix = name_index_new();
	struct name_candidate out[16];
	size_t n, i;

	add_background(ix, 2000);
	name_index_add(ix, "BIFFA WASTE SERVICES UK", 40);
	name_index_add(ix, "BIFFA WASTE SERVICES", 30);
	name_index_add(ix, "BIFFA", 20);
	name_index_add(ix, "BIFFA WASTE SERVICES", 10);
	name_index_add(ix, "BIFFA GROUP", 50);
	name_index_build(ix);
	n = name_index_query(ix, "BIFFA WASTE SERVICES", 0.0, out, 16);
	ck_assert_uint_ge(n, 5);
	ck_assert_uint_eq(out[0].id, 10);
	ck_assert_uint_eq(out[1].id, 30);
	ck_assert_uint_eq(out[2].id, 40);
	for (i = 1; i < n; i++)
		ck_assert(out[i - 1].score > out[i].score ||
			  (out[i - 1].score == out[i].score && out[i - 1].id < out[i].id));
	name_index_free(ix);
}
END_TEST

START_TEST(name_index_respects_min_score_and_max)
{
	struct name_index *ix = name_index_new();
	struct name_candidate out[64];
	size_t n, i;

	add_background(ix, 3000);
	name_index_add(ix, "SMITH CLEANING SERVICES UK", 1);
	name_index_add(ix, "SMITH CLEANING", 2);
	name_index_add(ix, "SMITH CLEANING GROUP", 3);
	name_index_add(ix, "SMITH CLEANING SERVICES", 4);
	name_index_build(ix);
	n = name_index_query(ix, "SMITH CLEANING SERVICES", 0.5, out, 16);
	ck_assert_uint_ge(n, 4);
	ck_assert_uint_gt(n, 0);
	for (i = 0; i < n; i++)
		ck_assert(out[i].score >= 0.5);
	ck_assert_uint_eq(name_index_query(ix, "SMITH CLEANING SERVICES", 0.5, out + 16, 3),
			  (n < 3 ? n : 3));
	for (i = 0; i < n && i < 3; i++)            /* the first of them */
		ck_assert(out[16 + i].id == out[i].id && out[16 + i].score == out[i].score);
	n = name_index_query(ix, "SMITH CLEANING SERVICES", 0.999, out, 64);
	for (i = 0; i < n; i++)
		ck_assert(out[i].score == 1.0);
	ck_assert_uint_eq(name_index_query(ix, "SMITH CLEANING SERVICES", 1.5, out, 64), 0);
	name_index_free(ix);
}
END_TEST

/* The score of id for key in ix, -1 if not among the first 32 with score >= 0. */
static double score_of(const struct name_index *ix, const char *key, uint32_t id)
{
	struct name_candidate out[32];
	size_t n = name_index_query(ix, key, 0.0, out, 32), i;

	for (i = 0; i < n; i++)
		if (out[i].id == id)
			return out[i].score;
	return -1.0;
}

struct index_case {
	const char *query, *indexed;
	double lo, hi;          /* the indexed name scores lo..hi; -1 = not found */
};

static const struct index_case index_cases[] = {
	{ "VEOLIA ES UK", "VEOLIA ENVIRONMENTAL SERVICES UK", CANDIDATE, ALIKE },
	{ "BIFFA WASTE SERVICES", "BIFFA WASTE SERVICES UK", ACCEPT, ALIKE },
	{ "MITIE CLEANING AND ENVIROMENTAL SERVICES", "MITIE CLEANING AND ENVIRONMENTAL SERVICES",
	  ACCEPT, ALIKE },
	{ "MITIE CLEANING AND ENVIRONMENTAL SERVICES", "MITIE CLEANING AND ENVIROMENTAL SERVICES",
	  ACCEPT, ALIKE },
	{ "MITEI CLEANING", "MITIE CLEANING", CANDIDATE, ALIKE },
	{ "ABC CARE SERVICES", "XYZ CARE SERVICES", -1.0, 0.55 },
	{ "SERVICES", "SERVICES UK", -1.0, 0.6 },
	{ "CLEANING SERVICES", "SMITH CLEANING SERVICES", -1.0, ACCEPT - 0.05 },
	{ "TORBAY SMITH CLEANING", "SMITH TORBAY CLEANING", ACCEPT, ALIKE },
	{ "ARBELCO HOMECARE", "ARBELCO HOME CARE", ACCEPT, ALIKE },
	{ "QUAVERTEK", "QUAVER TEK", ACCEPT, ALIKE },
	{ "BAKER TEXTILES TRADING", "BARKER TEXTILES TRADING", -1.0, CANDIDATE - 0.05 },
	{ "AGILISYS B2B", "AGILISYS B2C", -1.0, CANDIDATE - 0.05 },
	{ "RICOH CAPITAL", "RICOH CAPITA", -1.0, CANDIDATE - 0.05 },  /* both words are common */
	{ "SMITH CLEANING SERVICES", "SMIHT CLEANING SERVICES", CANDIDATE, ALIKE },
	{ "I T E C CONNECT", "ITEC CONNECT", ACCEPT, ALIKE },
};

START_TEST(name_index_scores_with_word_weights)
{
	const struct index_case *c = &index_cases[_i];
	struct name_index *ix = name_index_new();
	double s;

	add_background(ix, 5000);
	name_index_add(ix, "CAPITA", 2);        /* CAPITA and CAPITAL are known words, not typos */
	name_index_add(ix, "CAPITA BUSINESS SERVICES", 3);
	name_index_add(ix, "CAPITA IT SERVICES", 4);
	name_index_add(ix, "CAPITAL HOMES", 5);
	name_index_add(ix, "CAPITAL CARE", 6);
	name_index_add(ix, "CAPITAL LOGISTICS", 7);
	name_index_add(ix, c->indexed, 1);
	name_index_build(ix);
	s = score_of(ix, c->query, 1);
	ck_assert_msg(s >= c->lo && s <= c->hi, "'%s' / '%s': %.3f not in [%.2f, %.2f]", c->query,
		      c->indexed, s, c->lo, c->hi);
	name_index_free(ix);
}
END_TEST

/* Organisation names from the Modern Slavery Statement Registry 2022, as keys. */
static const char *const registry[] = {
	"WH SMITH", "WH SMITH TRAVEL", "WH SMITH TRAVEL HOLDINGS", "WH SMITH TRAVEL 2008",
	"WH SMITH HIGH STREET", "WH SMITH HIGH STREET HOLDINGS", "WH SMITH HOSPITALS",
	"WH SMITH HOSPITALS HOLDINGS", "WH SMITH RETAIL HOLDINGS", "WH SMITH US RETAIL HOLDINGS",
	"W H SMITH INTERNATIONAL", "RAC", "RAC GROUP", "RAC GROUP HOLDINGS",
	"RAC MOTORING SERVICES",
	"RAC FINANCIAL SERVICES", "AGILISYS", "AGILISYS HOLDINGS", "AGILISYS GROUP HOLDINGS",
	"AGILISYS SERVICES HOLDINGS", "AGILISYS MANAGED SERVICES", "AGILISYS B2B", "AGILISYS B2C",
	"PRIORITY FREIGHT", "PRIORITY FREIGHT HOLDINGS", "PRIORITY FREIGHT LHR",
	"PRIORITY FREIGHT MIDLANDS", "DB CARGO", "DB CARGO SERVICES", "DB CARGO INTERNATIONAL",
	"DB CARGO MAINTENANCE", "BRITVIC", "BRITVIC SOFT DRINKS", "BRITANNIA SOFT DRINKS",
	"ROBINSONS SOFT DRINKS", "CSC DIRECTORS NO 1", "CSC DIRECTORS NO 2",
	"CORPORATION SERVICE COMPANY", "CORPORATION SERVICE COMPANY EUROPE", "DEELEY GROUP",
	"DEELEY HOMES", "DEELEY CONSTRUCTION", "DEELEY PROPERTIES", "W AND R BARNETT HOLDINGS",
	"W AND R BARNETT TRADING", "W AND R BARNETT", "ABACUS MEDICINE",
	"ABACUS MEDICINE PHARMA SERVICES", "ABACUS MEDICIN IRELAND", "SOFTCAT",
	"SOFTCAT US HOLDINGS",
};

START_TEST(name_index_ranks_the_equal_registry_name_first)
{
	struct name_index *ix = name_index_new();
	struct name_candidate out[4];
	uint32_t i;

	add_background(ix, 3000);
	for (i = 0; i < N_(registry); i++)
		name_index_add(ix, registry[i], i);
	name_index_build(ix);
	for (i = 0; i < N_(registry); i++) {
		size_t n = name_index_query(ix, registry[i], 0.0, out, 4);

		ck_assert_uint_ge(n, 2);
		ck_assert_msg(out[0].id == i && out[0].score == 1.0, "'%s' first: '%s' %.3f",
			      registry[i], out[0].id < N_(registry) ? registry[out[0].id] : "?",
			      out[0].score);
		ck_assert_msg(out[1].score < 1.0, "'%s'", registry[i]);
	}
	name_index_free(ix);
}
END_TEST

START_TEST(name_index_scores_indexed_keys_symmetrically)
{
	struct name_index *ix = name_index_new();
	struct name_candidate out[64];
	uint32_t i, j;
	size_t n, k, pairs = 0;
	double back;

	add_background(ix, 3000);
	for (i = 0; i < N_(registry); i++)
		name_index_add(ix, registry[i], i);
	name_index_build(ix);
	for (i = 0; i < N_(registry); i++) {
		n = name_index_query(ix, registry[i], NAME_MATCH_CANDIDATE, out, 64);
		for (k = 0; k < n; k++) {
			j = out[k].id;
			if (j >= N_(registry) || (back = score_of(ix, registry[j], i)) < 0.0)
				continue;       /* not among the first 32 the other way */
			ck_assert_msg(back == out[k].score, "'%s' / '%s'", registry[i],
				      registry[j]);
			pairs += i != j;
		}
	}
	ck_assert_uint_gt(pairs, 20);
	name_index_free(ix);
}
END_TEST

struct registry_case {
	const char *query, *first;
	int accept;             /* first scores >= ACCEPT with a MARGIN lead */
};

static const struct registry_case registry_cases[] = {
	{ "WH SMITH TRAVL HOLDINGS", "WH SMITH TRAVEL HOLDINGS", 0 },
	{ "W H SMITH TRAVEL HOLDINGS", "WH SMITH TRAVEL HOLDINGS", 1 },
	{ "WHSMITH TRAVEL HOLDINGS", "WH SMITH TRAVEL HOLDINGS", 1 },
	{ "HOLDINGS WH SMITH TRAVEL", "WH SMITH TRAVEL HOLDINGS", 0 },
	{ "PRIORITY FREIGHT HLDGS", "PRIORITY FREIGHT", 0 },
	{ "DB CARGO INTERNATIONA", "DB CARGO INTERNATIONAL", 1 },
	{ "CORPORATION SERVICE CO EUROPE", "CORPORATION SERVICE COMPANY EUROPE", 0 },
	{ "ABACUS MEDICINE IRELAND", "ABACUS MEDICIN IRELAND", 0 },
	{ "SOFTCAT US HOLDING", "SOFTCAT US HOLDINGS", 0 },
	{ "BRITVIC SOFT DRINK", "BRITVIC SOFT DRINKS", 0 },
};

START_TEST(name_index_finds_registry_variants)
{
	const struct registry_case *c = &registry_cases[_i];
	struct name_index *ix = name_index_new();
	struct name_candidate out[4];
	const char *first;
	uint32_t i;
	size_t n;

	add_background(ix, 3000);
	for (i = 0; i < N_(registry); i++)
		name_index_add(ix, registry[i], i);
	name_index_build(ix);
	n = name_index_query(ix, c->query, NAME_MATCH_CANDIDATE, out, 4);
	first = n && out[0].id < N_(registry) ? registry[out[0].id] : "-";
	ck_assert_msg(strcmp(first, c->first) == 0, "'%s' first: '%s'", c->query, first);
	if (c->accept)
		ck_assert_msg(out[0].score >= NAME_MATCH_ACCEPT &&
			      (n < 2 || out[0].score - out[1].score >= NAME_MATCH_MARGIN),
			      "'%s': %.3f then %.3f", c->query, out[0].score,
			      n > 1 ? out[1].score : 0.0);
	name_index_free(ix);
}
END_TEST

START_TEST(name_index_handles_long_and_utf8_keys)
{
	struct name_index *ix = name_index_new();
	struct name_candidate out[4];
	char *a = long_key(10240, 1), *b = long_key(10240, 1);

	add_background(ix, 500);
	name_index_add(ix, a, 1);
	name_index_add(ix, "SODEXO SANT\xC3\x89", 2);
	name_index_add(ix, "\xC3\x89" "COLE \xC3\x80 PARIS", 3);
	name_index_add(ix, "\xFF\xFE\x80", 4);
	name_index_build(ix);
	ck_assert_uint_ge(name_index_query(ix, a, 0.0, out, 4), 1);
	ck_assert_uint_eq(out[0].id, 1);
	ck_assert(out[0].score == 1.0);
	b[5000] = b[5000] == 'W' ? 'V' : 'W';
	ck_assert_uint_ge(name_index_query(ix, b, 0.0, out, 4), 1);
	ck_assert_uint_eq(out[0].id, 1);
	ck_assert_uint_ge(name_index_query(ix, "SODEXO SANT\xC3\x89", 0.0, out, 4), 1);
	ck_assert_uint_eq(out[0].id, 2);
	ck_assert_uint_ge(name_index_query(ix, "\xC3\x89" "COLE \xC3\x80 PARIS", 0.0, out, 4), 1);
	ck_assert_uint_eq(out[0].id, 3);
	ck_assert_uint_ge(name_index_query(ix, "\xFF\xFE\x80", 0.0, out, 4), 1);
	ck_assert_uint_eq(out[0].id, 4);
	free(a), free(b);
	name_index_free(ix);
}
END_TEST

START_TEST(name_index_add_after_build_needs_a_new_build)
{
	struct name_index *ix = name_index_new();
	struct name_candidate out[4];

	name_index_add(ix, "ACME", 1);
	name_index_build(ix);
	ck_assert_uint_eq(name_index_query(ix, "BIFFA", 0.5, out, 4), 0);
	name_index_add(ix, "BIFFA", 2);
	ck_assert_uint_eq(name_index_query(ix, "ACME", 0.5, out, 4), 0);
	name_index_build(ix);
	ck_assert_uint_eq(name_index_query(ix, "BIFFA", 0.5, out, 4), 1);
	ck_assert_uint_eq(out[0].id, 2);
	ck_assert_uint_eq(name_index_query(ix, "ACME", 0.5, out, 4), 1);
	ck_assert_uint_eq(out[0].id, 1);
	name_index_free(ix);
}
END_TEST

/* --- many names: a smoke test of the inverted index at size ---------------- */

#define MANY_NAMES 30000
#define MANY_QUERIES 5000

struct query_job {
	const struct name_index *ix;
	char (*names)[128];     /* the indexed names, by id - BACKGROUND_ID */
	size_t asked;           /* variants of indexed names queried */
	size_t found;           /* of them, found their name */
	size_t results;         /* candidates returned in all */
};

/* Variants of indexed names (a word dropped, a typo, words swapped, " UK" added) and new names. */
static void *run_queries(void *arg)
{
	struct query_job *job = arg;
	uint64_t st = 7;
	struct name_candidate out[8];
	char q[160], t[160];
	size_t i, j, n;

	for (i = 0; i < MANY_QUERIES; i++) {
		const char *orig = job->names[rnd(&st, MANY_NAMES)];
		char *sp;

		strcpy(q, orig);
		switch (rnd(&st, 5)) {
		case 0:
			if ((sp = strrchr(q, ' ')) && sp != strchr(q, ' '))
				*sp = '\0';
			break;
		case 1:
			for (sp = q + rnd(&st, strlen(q)); *sp == ' '; sp++)
				;
			*sp = *sp == 'Q' ? 'X' : 'Q';
			break;
		case 2:
			if ((sp = strchr(q, ' '))) {
				snprintf(t, sizeof(t), "%s %.*s", sp + 1, (int)(sp - q), q);
				strcpy(q, t);
			}
			break;
		case 3:
			strcat(q, " UK");
			break;
		default:
			synth_name(&st, q);
			orig = NULL;
			break;
		}
		n = name_index_query(job->ix, q, NAME_MATCH_CANDIDATE, out, 8);
		job->results += n;
		job->asked += orig != NULL;
		for (j = 0; orig && j < n; j++)
			if (strcmp(job->names[out[j].id - BACKGROUND_ID], orig) == 0) {
				job->found++;
				break;
			}
	}
	return NULL;
}

START_TEST(name_index_answers_many_queries)
{
	struct name_index *ix = name_index_new();
	char (*names)[128] = calloc(MANY_NAMES, sizeof(*names));
	struct query_job one = { ix, names, 0, 0, 0 };
	struct query_job two[2] = { { ix, names, 0, 0, 0 }, { ix, names, 0, 0, 0 } };
	uint64_t st = 88172645463325252ULL;
	pthread_t t;
	size_t i;

	ck_assert_ptr_nonnull(names);
	for (i = 0; i < MANY_NAMES; i++)    /* as add_background() makes them */
		synth_name(&st, names[i]);
	add_background(ix, MANY_NAMES);
	name_index_build(ix);
	run_queries(&one);
	ck_assert_msg(one.found > one.asked * 8 / 10, "%zu of %zu", one.found, one.asked);
	/* the same queries on two threads at once: the same answers */
	ck_assert_int_eq(pthread_create(&t, NULL, run_queries, &two[0]), 0);
	run_queries(&two[1]);
	ck_assert_int_eq(pthread_join(t, NULL), 0);
	for (i = 0; i < 2; i++) {
		ck_assert_uint_eq(two[i].found, one.found);
		ck_assert_uint_eq(two[i].results, one.results);
	}
	free(names);
	name_index_free(ix);
}
END_TEST

static Suite *namematch_suite(void)
{
	Suite *s = suite_create("namematch");
	TCase *tc = tcase_create("core"), *big = tcase_create("many");

#define LOOP(t, table) tcase_add_loop_test(tc, t, 0, (int)N_(table))
	LOOP(name_similarity_scores_known_pairs, sims);
	tcase_add_test(tc, name_similarity_is_symmetric);
	tcase_add_test(tc, name_similarity_takes_null_as_empty);
	tcase_add_test(tc, name_similarity_handles_very_long_keys);
	tcase_add_test(tc, name_index_empty_finds_nothing);
	tcase_add_test(tc, name_index_ignores_empty_keys_and_queries);
	tcase_add_test(tc, name_index_returns_every_id_of_an_equal_key);
	tcase_add_test(tc, name_index_orders_best_first_then_by_id);
	tcase_add_test(tc, name_index_respects_min_score_and_max);
	LOOP(name_index_scores_with_word_weights, index_cases);
	tcase_add_test(tc, name_index_ranks_the_equal_registry_name_first);
	tcase_add_test(tc, name_index_scores_indexed_keys_symmetrically);
	LOOP(name_index_finds_registry_variants, registry_cases);
	tcase_add_test(tc, name_index_handles_long_and_utf8_keys);
	tcase_add_test(tc, name_index_add_after_build_needs_a_new_build);
#undef LOOP
	tcase_set_timeout(tc, 60);
	tcase_add_test(big, name_index_answers_many_queries);
	tcase_set_timeout(big, 120);
	suite_add_tcase(s, tc);
	suite_add_tcase(s, big);
	return s;
}

TEST_MAIN(namematch_suite)
