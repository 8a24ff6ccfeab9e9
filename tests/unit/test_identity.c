#include <string.h>

#include "chainwatch/identity.h"
#include "testutil.h"

struct text_case {
	const char *in;
	const char *out;
};

/* --- text_clean --------------------------------------------------------- */

static const struct text_case clean[] = {
	{ "", "" },
	{ "   ", "" },
	{ "Acme Ltd", "Acme Ltd" },
	{ "  Acme   Ltd  ", "Acme Ltd" },
	{ "Acme\tLtd\r\n", "Acme Ltd" },
	/* devon/DCCSpendingOver500_202512.csv: NBSP inside a supplier name */
	{ "Cap\xC2\xA0+ Stone Limited", "Cap + Stone Limited" },
	{ "\xC2\xA0\xC2\xA0" "Acme\xC2\xA0\xC2\xA0Ltd\xC2\xA0", "Acme Ltd" },
	/* devon/DCCSpendingOver500_202107.csv: soft hyphen in an invoice number */
	{ "DVN\xC2\xAD" "00048207", "DVN00048207" },
	{ "Care\xC2\xAD Home", "Care Home" },
	{ "Zero\xE2\x80\x8BWidth\xE2\x80\x8D", "ZeroWidth" },
	{ "\xEF\xBB\xBFSupplier", "Supplier" },
	/* lambeth/2012-06-payments.csv: "Report Date:† 02/07/2012† 16:59:18" */
	{ "Report Date:\xE2\x80\xA0 02/07/2012\xE2\x80\xA0 16:59:18",
	  "Report Date: 02/07/2012 16:59:18" },
	{ "To:\xE2\x80\xA0\xE2\x80\xA0\xE2\x80\xA0\xE2\x80\xA0\xE2\x80\xA0 30-JUN-2012",
	  "To: 30-JUN-2012" },
	{ "Caf\xC3\xA9 Ltd", "Caf\xC3\xA9 Ltd" },      /* letters untouched */
	{ "a\xE2\x80\xAF" "b", "a b" },                  /* narrow NBSP */
	{ "\xC2\xAD", "" },
};

START_TEST(text_clean_normalises_spaces_and_invisibles)
{
	const struct text_case *c = &clean[_i];
	struct buf b;

	buf_init(&b, 0);
	ck_assert_int_eq(text_clean(c->in, strlen(c->in), &b), 0);
	ck_assert_str_eq(b.s, c->out);
	ck_assert_uint_eq(b.len, strlen(c->out));
	buf_release(&b);
}
END_TEST

START_TEST(text_clean_appends_without_reset)
{
	struct buf b;

	buf_init(&b, 0);
	buf_adds(&b, "x=");
	ck_assert_int_eq(text_clean(" a  b ", 6, &b), 0);
	ck_assert_str_eq(b.s, "x=a b");
	buf_release(&b);
}
END_TEST

START_TEST(text_clean_fails_when_buffer_full)
{
	struct buf b;

	buf_init(&b, 8);
	buf_adds(&b, "12345");
	ck_assert_int_eq(text_clean("abcd", 4, &b), -1);
	ck_assert_str_eq(b.s, "12345");               /* unchanged */
	/* fits once cleaned although the raw text does not */
	ck_assert_int_eq(text_clean("  a      b  ", 12, &b), 0);
	ck_assert_str_eq(b.s, "12345a b");
	buf_release(&b);
}
END_TEST

/* --- name_key ----------------------------------------------------------- */

static const struct text_case keys[] = {
	{ "Acme Services (UK) Ltd.", "ACME SERVICES" },
	{ "ACME SERVICES LIMITED", "ACME SERVICES" },
	{ "The Acme Co. Limited", "ACME" },
	{ "ACME CO LTD", "ACME" },
	{ "A & B Ltd", "A AND B" },
	{ "A AND B LIMITED", "A AND B" },
	{ "A&B LTD", "A AND B" },
	/* lambeth/2011-01-payments.csv */
	{ "Veolia ES (UK) Ltd", "VEOLIA ES" },
	{ "VEOLIA ES (UK) LIMITED", "VEOLIA ES" },
	/* the brief's example; warwickshire files have the same shape */
	{ "1st Care Ltd t/a Acorn Care Home", "1ST CARE" },
	{ "Crosscrown Ltd T/A The Chimneys", "CROSSCROWN" },   /* warwickshire/all-february-2022.csv */
	{ "Atkins Ltd  t/a Faithful Gould", "ATKINS" },
	{ "Mid Warks Mencap T/A Way Ahead  (****8285)", "MID WARKS MENCAP" },
	{ "Acme Ltd trading as Acorn", "ACME" },
	{ "Acme Ltd (t/a Acorn)", "ACME" },
	{ "T/A Acorn Care", "ACORN CARE" },
	/* devon/DCCSpendingOver500_201407.csv: LTD in the middle stays */
	{ "AAA ELDERLY CARE LTD/ST SAVIOURS", "AAA ELDERLY CARE LTD ST SAVIOURS" },
	/* devon/DCCSpendingOver500_202512.csv */
	{ "Cap\xC2\xA0+ Stone Limited", "CAP STONE" },
	{ "CAP + STONE LTD", "CAP STONE" },
	{ "Care\xC2\xAD" "watch Ltd", "CAREWATCH" },
	{ "Children's Society", "CHILDRENS SOCIETY" },
	{ "Childrens Society", "CHILDRENS SOCIETY" },
	{ "Children\xE2\x80\x99s Society", "CHILDRENS SOCIETY" },
	{ "Member\xC2\xB4s Expenses", "MEMBERS EXPENSES" },   /* cp850 apostrophe, decoded */
	{ "Smith & Co Ltd", "SMITH AND" },
	{ "SMITH AND CO LIMITED", "SMITH AND" },
	{ "Acme Company Ltd", "ACME COMPANY" },              /* COMPANY is kept */
	{ "Acme Holdings PLC", "ACME HOLDINGS" },
	{ "Acme LLP", "ACME" },
	{ "Acme CIC", "ACME" },
	{ "Acme Inc", "ACME" },
	{ "Acme Corp.", "ACME" },
	{ "Acme Partners LP", "ACME PARTNERS" },
	{ "Limited", "LIMITED" },                           /* never empties a name */
	{ "Co Ltd", "CO" },
	{ "The", "THE" },
	{ "The Theatre Ltd", "THEATRE" },
	{ "Theatre Royal", "THEATRE ROYAL" },
	{ "UK Power Networks", "UK POWER NETWORKS" },       /* a bare UK word stays */
	{ "BMW (UK) Ltd", "BMW" },
	{ "Abbey Fire ( uk ) Ltd", "ABBEY FIRE" },
	{ "  spaced   out \t name ", "SPACED OUT NAME" },
	{ "Amazon.Co.Uk*an0106635", "AMAZON CO UK AN0106635" },  /* warwickshire p-card */
	{ "Caf\xC3\xA9 N\xC3\xA9ro Ltd", "CAF\xC3\xA9 N\xC3\xA9RO" },
	{ "Acme \xE2\x80\x93 Services", "ACME SERVICES" },  /* en dash */
	{ "SPEEDADMIN APS", "SPEEDADMIN APS" },
	{ "Costa Coffee", "COSTA COFFEE" },                 /* "ta" is not T/A */
	{ "", "" },
	{ "---", "" },
};

START_TEST(name_key_normalises_names)
{
	const struct text_case *c = &keys[_i];
	struct buf b;

	buf_init(&b, 0);
	ck_assert_int_eq(name_key(c->in, strlen(c->in), &b), 0);
	ck_assert_msg(strcmp(b.s, c->out) == 0, "'%s' -> '%s', want '%s'", c->in, b.s, c->out);
	ck_assert_uint_eq(b.len, strlen(b.s));
	buf_release(&b);
}
END_TEST

START_TEST(name_key_joins_spellings_of_one_company)
{
	static const char *const same[][2] = {
		{ "A & B Ltd", "A AND B LIMITED" },
		{ "The Acme Co. Limited", "ACME CO LTD" },
		{ "Veolia ES (UK) Ltd", "VEOLIA ES LIMITED" },
		{ "Cap\xC2\xA0+ Stone Limited", "Cap + Stone Ltd" },
	};
	size_t i;

	for (i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		struct buf a, b;

		buf_init(&a, 0);
		buf_init(&b, 0);
		name_key(same[i][0], strlen(same[i][0]), &a);
		name_key(same[i][1], strlen(same[i][1]), &b);
		ck_assert_str_eq(a.s, b.s);
		buf_release(&a);
		buf_release(&b);
	}
}
END_TEST

START_TEST(name_key_appends_and_fails_cleanly)
{
	struct buf b;

	/* room for the key before THE and LTD are dropped */
	buf_init(&b, 16);
	buf_adds(&b, "k:");
	ck_assert_int_eq(name_key("The Acme Ltd", 12, &b), 0);
	ck_assert_str_eq(b.s, "k:ACME");
	ck_assert_int_eq(name_key("A very long name indeed", 23, &b), -1);
	ck_assert_str_eq(b.s, "k:ACME");
	buf_release(&b);
}
END_TEST

/* --- name_trading_as ---------------------------------------------------- */

static const struct text_case trading[] = {
	{ "1st Care Ltd t/a Acorn Care Home", "Acorn Care Home" },
	{ "Crosscrown Ltd T/A The Chimneys", "The Chimneys" },
	{ "Casa Care Ltd t/a Carewatch (South Warwickshire)", "Carewatch (South Warwickshire)" },
	{ "Acme Ltd trading as Acorn", "Acorn" },
	{ "Acme Ltd Trading  As  Acorn ", "Acorn" },
	{ "Acme Ltd T/AS Acorn", "Acorn" },
	{ "Acme Ltd t/a: Acorn", "Acorn" },
	{ "Acme Ltd (t/a Acorn) Branch", "Acorn" },
	{ "T/A Acorn", "Acorn" },
};

START_TEST(name_trading_as_finds_the_trading_name)
{
	const struct text_case *c = &trading[_i];
	const char *t;
	size_t len = 0;

	t = name_trading_as(c->in, strlen(c->in), &len);
	ck_assert_ptr_nonnull(t);
	ck_assert_msg(len == strlen(c->out) && memcmp(t, c->out, len) == 0,
		      "'%s' gave '%.*s'", c->in, (int)len, t);
	ck_assert(t >= c->in && t + len <= c->in + strlen(c->in));
}
END_TEST

START_TEST(name_trading_as_is_null_without_marker)
{
	static const char *const none[] = {
		"Acme Ltd", "Costa Coffee", "DATA/AUDIT", "Trading Standards Institute",
		"Acme Ltd t/a", "Acme Ltd t/a   ", "TA Group", "Acme Trading Ltd", "",
	};
	size_t i, len = 99;

	for (i = 0; i < sizeof(none) / sizeof(none[0]); i++)
		ck_assert_msg(name_trading_as(none[i], strlen(none[i]), &len) == NULL,
			      "'%s' has a trading name", none[i]);
	ck_assert_uint_eq(len, 99);
}
END_TEST

/* --- company numbers ---------------------------------------------------- */

static const struct text_case company_ok[] = {
	{ "1166449", "01166449" },     /* Kirklees: leading zero lost */
	{ "01166449", "01166449" },
	{ "1", "00000001" },
	{ "SC123456", "SC123456" },
	{ "SC12345", "SC012345" },
	{ "sc 12345", "SC012345" },
	{ "NI012345", "NI012345" },
	{ "OC301234", "OC301234" },
	{ "R0000123", "R0000123" },    /* R0 keeps 6 digits */
	{ "r0123", "R0000123" },
	{ "FC 0123", "FC000123" },
	{ "LP1", "LP000001" },
	{ " 0 1 1 6 6 4 4 9 ", "01166449" },
	{ "\xC2\xA0" "1166449", "01166449" },
	{ "CE000001", "CE000001" },
};

/* Charity numbers as councils print them: the prefix decides the register, never the digits. */
static const struct {
	const char *in, *scheme, *number;
} charity_numbers[] = {
	{ "1090095", "", "1090095" },
	{ "100019", "", "100019" },              /* England and Wales's or Northern Ireland's */
	{ "NIC100019", "GB-NIC", "100019" },
	{ "NI100019", "GB-NIC", "100019" },
	{ "nic 100019", "GB-NIC", "100019" },
	{ "GB-NIC-100019", "GB-NIC", "100019" },
	{ "SC042386", "GB-SC", "SC042386" },
	{ "sc 042386", "GB-SC", "SC042386" },
	{ "GB-SC-SC042386", "GB-SC", "SC042386" },
	{ "1090095-1", "", "1090095" },          /* a linked charity: the registered one */
	{ "1090095/12", "", "1090095" },
	{ "GB-CHC-1090095", "GB-CHC", "1090095" },
	{ "CHC 1090095", "GB-CHC", "1090095" },
	{ "gb-chc-1090095-2", "GB-CHC", "1090095" },
	{ "N/A", NULL, NULL }, { "0", NULL, NULL }, { "00000", NULL, NULL },
	{ "1234", NULL, NULL }, { "123456789", NULL, NULL }, { "SC42386", NULL, NULL },
	{ "GB-SC-1090095", NULL, NULL }, { "GB-COH-09506232", NULL, NULL }, { "", NULL, NULL },
	{ "1090095 and 1090096", NULL, NULL },
};

START_TEST(charity_number_parse_reads_the_forms_councils_print)
{
	char scheme[8] = "x", number[16] = "y";
	const char *in = charity_numbers[_i].in;
	int rc = charity_number_parse(in, strlen(in), scheme, number);

	if (!charity_numbers[_i].scheme) {
		ck_assert_msg(rc == -1, "'%s' read as %s %s", in, scheme, number);
		ck_assert_str_eq(scheme, "x");
		return;
	}
	ck_assert_msg(rc == 0, "'%s' refused", in);
	ck_assert_str_eq(scheme, charity_numbers[_i].scheme);
	ck_assert_str_eq(number, charity_numbers[_i].number);
}
END_TEST

START_TEST(company_number_normalise_pads_and_keeps_prefix)
{
	const struct text_case *c = &company_ok[_i];
	char out[9];

	memset(out, 'x', sizeof(out));
	ck_assert_msg(company_number_normalise(c->in, strlen(c->in), out) == 0,
		      "'%s' rejected", c->in);
	ck_assert_str_eq(out, c->out);
}
END_TEST

START_TEST(company_number_normalise_rejects_non_numbers)
{
	static const char *const bad[] = {
		"", "   ", "ABC", "123456789", "00000000", "0", "SC000000", "SC", "SC1234567",
		"XX123456", "S1234567", "SC12345A", "12-345", "01166449.0", "N/A", "R1234567",
		"GB123456789",
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char out[9] = "unchang";

		ck_assert_msg(company_number_normalise(bad[i], strlen(bad[i]), out) == -1,
			      "'%s' accepted as '%s'", bad[i], out);
		ck_assert_str_eq(out, "unchang");
	}
}
END_TEST

/* --- VAT numbers -------------------------------------------------------- */

static const struct text_case vat_ok[] = {
	{ "GB 123 4567 89", "123456789" },
	{ "785421021", "785421021" },          /* devon/DCCSpendingOver500_202107.csv */
	{ "GB166099927", "166099927" },        /* Trafford */
	{ "gb166099927", "166099927" },
	{ "123456789012", "123456789012" },    /* branch */
	{ "GB123456789012", "123456789012" },
	{ "GD123", "GD123" },
	{ "GBHA456", "HA456" },
	{ "\xC2\xA0" "643700261 ", "643700261" },
};

START_TEST(vat_normalise_reads_registrations)
{
	const struct text_case *c = &vat_ok[_i];
	char out[16];

	ck_assert_msg(vat_normalise(c->in, strlen(c->in), out) == 0, "'%s' rejected", c->in);
	ck_assert_str_eq(out, c->out);
}
END_TEST

START_TEST(vat_normalise_rejects_non_registrations)
{
	static const char *const bad[] = {
		"", "12345678", "1234567890", "GB", "GB12345678X", "GD12", "GD1234", "XX123",
		"000000000", "N/A", "123-456-789", "12345678901234567890",
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char out[16] = "unchanged";

		ck_assert_msg(vat_normalise(bad[i], strlen(bad[i]), out) == -1,
			      "'%s' accepted as '%s'", bad[i], out);
		ck_assert_str_eq(out, "unchanged");
	}
}
END_TEST

/* --- redaction ---------------------------------------------------------- */

static const char *const redacted[] = {
	/* every placeholder in shared/data/spend (grep -ai redact) */
	"REDACTED UNDER DP ACT",       /* all four devon files, 9534 fields */
	"Redacted",                    /* warwickshire/all-may-2013.csv, all-april-2016.csv */
	"REDACTED",                    /* warwickshire/new-december-2011.csv, all-february-2022.csv */
	/* documented elsewhere */
	"Redacted Personal Information",
	"REDACTED - PERSONAL DATA",    /* bench/gen_spend.py */
	"*Redact - Personal Information",  /* Stockport */
	"REDACTED DATA",               /* Kirklees */
	"PERSONAL DATA",
	"PERSONAL INFORMATION",
	"WITHHELD",
	"DATA PROTECTION",
	"NAME WITHHELD",
	"PRIVATE INDIVIDUAL",
	"  redacted  ",
	"Redacted\xC2\xA0under DP Act",
	"REDACTED-PERSONAL DATA",
	"[REDACTED]",
	"REDAC\xC2\xAD" "TED",
	/* the whole built-in list, in alternating case */
	"CONFIDENTIAL",
	"Data protection",
	"DATA PROTECTION ACT",
	"Data protection redacted",
	"INDIVIDUAL",
	"Name redacted",
	"NAME WITHHELD",
	"Not disclosed",
	"PERSONAL DATA",
	"Personal data redacted",
	"PERSONAL DETAILS",
	"Personal details redacted",
	"PERSONAL INFORMATION",
	"Personal information redacted",
	"PRIVATE INDIVIDUAL",
	"Private individuals",
	"REDACT",
	"Redact personal data",
	"REDACT PERSONAL INFORMATION",
	"Redacted",
	"REDACTED DATA",
	"Redacted data protection",
	"REDACTED DP ACT",
	"Redacted dpa",
	"REDACTED GDPR",
	"Redacted individual",
	"REDACTED NAME",
	"Redacted payee",
	"REDACTED PERSONAL DATA",
	"Redacted personal details",
	"REDACTED PERSONAL INFORMATION",
	"Redacted supplier",
	"REDACTED UNDER DATA PROTECTION",
	"Redacted under data protection act",
	"REDACTED UNDER DP ACT",
	"Redacted under dpa",
	"REDACTED UNDER GDPR",
	"Supplier name redacted",
	"SUPPLIER NAME WITHHELD",
	"Supplier redacted",
	"UNDISCLOSED",
	"Withheld",
	"WITHHELD DATA PROTECTION",
};

START_TEST(payee_is_redacted_knows_placeholders)
{
	const char *s = redacted[_i];

	ck_assert_msg(payee_is_redacted(s, strlen(s)), "'%s' not recognised", s);
}
END_TEST

static const char *const not_redacted[] = {
	"Redactive Publishing Ltd",
	"PERSONAL TOUCH EMBROIDERY CO LTD",
	"Personal Best Life Coaching",
	"Orange Personal Communications Services Ltd",
	"TUTTIET MARTYN PERSONAL ADVISOR",
	"Data Protection Consultants Ltd",
	"REDACTED UNDER DP ACT LTD",
	"Private Individual Care Ltd",
	"REDACTEDX",
	"",
	"   ",
	"Acme Ltd",
	"\xC3\xA9",
};

START_TEST(payee_is_redacted_never_matches_substrings)
{
	const char *s = not_redacted[_i];

	ck_assert_msg(!payee_is_redacted(s, strlen(s)), "'%s' taken as redacted", s);
}
END_TEST

START_TEST(payee_is_redacted_uses_only_n_bytes)
{
	ck_assert(payee_is_redacted("REDACTED,Acme", 8));
	ck_assert(!payee_is_redacted("REDACTED", 7));
}
END_TEST

static Suite *identity_suite(void)
{
	Suite *s = suite_create("identity");
	TCase *tc = tcase_create("core");

#define LOOP(t, table) tcase_add_loop_test(tc, t, 0, (int)(sizeof(table) / sizeof(table[0])))
	LOOP(text_clean_normalises_spaces_and_invisibles, clean);
	tcase_add_test(tc, text_clean_appends_without_reset);
	tcase_add_test(tc, text_clean_fails_when_buffer_full);
	LOOP(name_key_normalises_names, keys);
	tcase_add_test(tc, name_key_joins_spellings_of_one_company);
	tcase_add_test(tc, name_key_appends_and_fails_cleanly);
	LOOP(name_trading_as_finds_the_trading_name, trading);
	tcase_add_test(tc, name_trading_as_is_null_without_marker);
	LOOP(company_number_normalise_pads_and_keeps_prefix, company_ok);
	tcase_add_test(tc, company_number_normalise_rejects_non_numbers);
	tcase_add_loop_test(tc, charity_number_parse_reads_the_forms_councils_print, 0,
			    (int)(sizeof(charity_numbers) / sizeof(charity_numbers[0])));
	LOOP(vat_normalise_reads_registrations, vat_ok);
	tcase_add_test(tc, vat_normalise_rejects_non_registrations);
	LOOP(payee_is_redacted_knows_placeholders, redacted);
	LOOP(payee_is_redacted_never_matches_substrings, not_redacted);
	tcase_add_test(tc, payee_is_redacted_uses_only_n_bytes);
#undef LOOP
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(identity_suite)
