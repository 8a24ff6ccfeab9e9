/*
 * Header finder: the header row and the column roles from the header text
 * and the contents below it.  Rows are written as CSV-ish lines split on
 * '|' (cells are already decoded in real use).
 */
#include <stdlib.h>
#include <string.h>

#include "chainwatch/headerfind.h"
#include "chainwatch/xalloc.h"
#include "testutil.h"

#define MAXROWS 64
#define MAXCELLS 16

struct grid {
	struct hf_record recs[MAXROWS];
	const char *cells[MAXROWS][MAXCELLS];
	char *text[MAXROWS];
	size_t n;
};

static void grid_init(struct grid *g, const char *const *lines)
{
	size_t i, k;

	memset(g, 0, sizeof(*g));
	for (i = 0; lines[i]; i++) {
		char *p;

		g->text[i] = xstrdup(lines[i]);
		p = g->text[i];
		for (k = 0; k < MAXCELLS; k++) {
			char *bar = strchr(p, '|');

			g->cells[i][k] = p;
			if (!bar) {
				k++;
				break;
			}
			*bar = '\0';
			p = bar + 1;
		}
		g->recs[i].line = (unsigned long)i + 1;
		g->recs[i].nfields = k;
		g->recs[i].cells = g->cells[i];
	}
	g->n = i;
}

static void grid_release(struct grid *g)
{
	size_t i;

	for (i = 0; i < g->n; i++)
		free(g->text[i]);
}

/* Bolton 2010: the amount is headed "Invoiced"; only its contents say it is money. */
START_TEST(header_find_takes_the_column_of_money_as_amount)
{
	static const char *const lines[] = {
		"Invoice ID|Supplier|PaidDate|Subjective Code|Invoiced",
		"2054077|24/7 Minibuses|20101223|34402|\xC2\xA3" "972.00",
		"2039147|24/7 Minibuses|20101206|34402|\xC2\xA3" "1,782.00",
		"2054082|3D Private Hire|20101223|34402|\xC2\xA3" "2,935.02",
		"2054083|A B Health Ltd|20101223|34402|\xC2\xA3" "500.00",
		NULL
	};
	struct grid g;
	struct hf_result r;

	grid_init(&g, lines);
	ck_assert_int_eq(header_find(g.recs, g.n, -1, INPUT_SPEND, NULL, &r), 0);
	ck_assert_uint_eq(r.header, 0);
	ck_assert_int_eq(r.col[COL_AMOUNT], 4);
	ck_assert_int_eq(r.ev[COL_AMOUNT], EV_CONTENT);
	ck_assert_uint_eq(r.hits[COL_AMOUNT], 4);
	ck_assert_int_eq(r.col[COL_SUPPLIER_NAME], 1);
	ck_assert_int_eq(r.ev[COL_SUPPLIER_NAME], EV_BOTH);
	ck_assert_int_eq(r.col[COL_DATE], 2);
	/* the IDs and codes are numbers, not money */
	ck_assert_int_ne(r.col[COL_AMOUNT], 0);
	grid_release(&g);
}
END_TEST

/* Net beats gross (even gross named by a synonym), and a VAT column is never the amount. */
START_TEST(header_find_prefers_net_money_and_never_vat)
{
	static const char *const lines[] = {
		"Payee|VAT|Gross|Net Value Paid",
		"Acme Ltd|20.00|120.00|100.00",
		"Bolt plc|2.00|12.00|10.00",
		"Crane Ltd|4.00|24.00|20.00",
		NULL
	};
	static const char *const vat_only[] = {
		"Payee|VAT",
		"Acme Ltd|20.00",
		"Bolt plc|2.00",
		"Crane Ltd|4.00",
		NULL
	};
	struct grid g;
	struct hf_result r;

	grid_init(&g, lines);
	ck_assert_int_eq(header_find(g.recs, g.n, -1, INPUT_SPEND, NULL, &r), 0);
	ck_assert_int_eq(r.col[COL_AMOUNT], 3);
	grid_release(&g);
	grid_init(&g, vat_only);
	ck_assert_int_eq(header_find(g.recs, g.n, -1, INPUT_SPEND, NULL, &r), -1);
	grid_release(&g);
}
END_TEST

/* Two unnamed columns of money: not guessed. */
START_TEST(header_find_does_not_guess_between_unnamed_money)
{
	static const char *const lines[] = {
		"Supplier Name|Col A|Col B",
		"Acme Ltd|20.00|120.00",
		"Bolt plc|2.00|12.00",
		"Crane Ltd|4.00|24.00",
		NULL
	};
	struct grid g;
	struct hf_result r;

	grid_init(&g, lines);
	ck_assert_int_eq(header_find(g.recs, g.n, -1, INPUT_SPEND, NULL, &r), -1);
	grid_release(&g);
}
END_TEST

/* A title and a data row above the real header are not headers. */
START_TEST(header_find_skips_titles_and_data_rows)
{
	static const char *const lines[] = {
		"Payments over \xC2\xA3" "500 for March 2019",
		"Supplier|1.00|01/03/2019",
		"Body Name|Service Area|Expense Type|Payment Date|Invoice Distribution Amount|Supplier Name",
		"Bolton MBC|Adult Services|Client Support|30-Mar-2020|1035.00|Ash Cleaning Services",
		"Bolton MBC|Adult Services|Agency|12-Mar-2020|4490.85|Astley Grange Homes",
		"Bolton MBC|Adult Services|Agency|12-Mar-2020|4490.85|Astley Grange Homes",
		"Bolton MBC|Adult Services|Agency|13-Mar-2020|90.85|Backup North West",
		NULL
	};
	struct grid g;
	struct hf_result r;

	grid_init(&g, lines);
	ck_assert_int_eq(header_find(g.recs, g.n, -1, INPUT_SPEND, NULL, &r), 0);
	ck_assert_uint_eq(r.header, 2);
	ck_assert_int_eq(r.col[COL_AMOUNT], 4);
	ck_assert_int_eq(r.col[COL_SUPPLIER_NAME], 5);
	ck_assert_int_eq(r.col[COL_DATE], 3);
	grid_release(&g);
}
END_TEST

/* Bedford: "Supplier" holds codes beside "Supplier Name"; codes become the ID. */
START_TEST(header_find_makes_a_supplier_column_of_codes_the_id)
{
	static const char *const lines[] = {
		"Directorate|Supplier|Supplier Name|TransNo|Amount|Trans.date",
		"ADCHILD||Cartwright King Solicitors|10507048|264.00|01/09/2015",
		"ADCHILD|121C01|121 Cars|10507049|1404.00|02/09/2015",
		"ADCHILD|24SE01|24 Seven Fostering|10507050|3000.00|03/09/2015",
		"ADCHILD|A1CA01|A1 Cars|10507051|450.00|04/09/2015",
		NULL
	};
	struct grid g;
	struct hf_result r;

	grid_init(&g, lines);
	ck_assert_int_eq(header_find(g.recs, g.n, -1, INPUT_SPEND, NULL, &r), 0);
	ck_assert_int_eq(r.col[COL_SUPPLIER_NAME], 2);
	ck_assert_int_eq(r.col[COL_SUPPLIER_ID], 1);
	ck_assert_int_eq(r.col[COL_DATE], 5);
	grid_release(&g);
}
END_TEST

/*
 * Craven: "Account Code" twice, codes then their text; the text is the
 * expense type.  A second code column, or a different header, is not.
 */
START_TEST(header_find_takes_a_code_columns_description_beside_it)
{
	static const char *const craven[] = {
		"Supplier Name|Payment Date|Account Code|Account Code|Amount",
		"Brenntag Uk Ltd|24/03/2017|1740|Chlorination and Purification|696.06",
		"F G Marshall Ltd|31/03/2017|1130|Artwork Services (B of R)|665.52",
		"North Yorkshire County Council|29/03/2017|4410|Software & Licensing|3051.00",
		"Acme Cleaning Ltd|29/03/2017|2210|Cleaning Contract|800.00",
		NULL
	}, *const codes[] = {
		"Supplier Name|Payment Date|Account Code|Account Code|Amount",
		"Brenntag Uk Ltd|24/03/2017|1740|R255|696.06",
		"F G Marshall Ltd|31/03/2017|1130|R190|665.52",
		"North Yorkshire County Council|29/03/2017|4410|D105|3051.00",
		NULL
	}, *const other[] = {
		"Supplier Name|Payment Date|Account Code|Cost Centre|Amount",
		"Brenntag Uk Ltd|24/03/2017|1740|Swimming Pool|696.06",
		"F G Marshall Ltd|31/03/2017|1130|Bereavement Services|665.52",
		"North Yorkshire County Council|29/03/2017|4410|Development Control|3051.00",
		NULL
	};
	struct grid g;
	struct hf_result r;

	grid_init(&g, craven);
	ck_assert_int_eq(header_find(g.recs, g.n, -1, INPUT_SPEND, NULL, &r), 0);
	ck_assert_int_eq(r.col[COL_EXPENSE_CODE], 2);
	ck_assert_int_eq(r.col[COL_EXPENSE_TYPE], 3);
	ck_assert_int_eq(r.ev[COL_EXPENSE_TYPE], EV_CONTENT);
	grid_release(&g);
	grid_init(&g, codes);
	ck_assert_int_eq(header_find(g.recs, g.n, -1, INPUT_SPEND, NULL, &r), 0);
	ck_assert_int_eq(r.col[COL_EXPENSE_TYPE], -1);
	grid_release(&g);
	grid_init(&g, other);
	ck_assert_int_eq(header_find(g.recs, g.n, -1, INPUT_SPEND, NULL, &r), 0);
	ck_assert_int_ne(r.col[COL_EXPENSE_TYPE], 3);
	grid_release(&g);
}
END_TEST

/* A column that names a role but is empty below gives way to another naming it. */
START_TEST(header_find_passes_over_an_empty_named_column)
{
	static const char *const lines[] = {
		"Supplier|Supplier Name|Amount",
		"|Acme Ltd|10.00",
		"|Bolt plc|12.00",
		"|Crane Ltd|14.00",
		NULL
	};
	struct grid g;
	struct hf_result r;

	grid_init(&g, lines);
	ck_assert_int_eq(header_find(g.recs, g.n, -1, INPUT_SPEND, NULL, &r), 0);
	ck_assert_int_eq(r.col[COL_SUPPLIER_NAME], 1);
	grid_release(&g);
}
END_TEST

/* A date column only under a date word ("Updated"); a column of dates headed otherwise is left. */
START_TEST(header_find_takes_dates_under_a_date_word)
{
	static const char *const lines[] = {
		"Directorate|Updated|Supplier Name|Amount|Reviewed By",
		"Adult|10/7/2009|Pertemps|1592.66|01/01/2010",
		"Adult|10/9/2009|Railex|515|01/01/2010",
		"Adult|11/17/2009|Ricoh|1349.00|01/01/2010",
		NULL
	};
	struct grid g;
	struct hf_result r;

	grid_init(&g, lines);
	ck_assert_int_eq(header_find(g.recs, g.n, -1, INPUT_SPEND, NULL, &r), 0);
	ck_assert_int_eq(r.col[COL_DATE], 1);
	ck_assert_int_eq(r.ev[COL_DATE], EV_CONTENT);
	grid_release(&g);
}
END_TEST

/* The first row whose text alone names supplier and amount wins, as before. */
START_TEST(header_find_keeps_the_first_complete_header)
{
	static const char *const lines[] = {
		"Supplier Name|Amount",
		"Acme Ltd|10.00",
		"Supplier Name|Amount",
		NULL
	};
	struct grid g;
	struct hf_result r;

	grid_init(&g, lines);
	ck_assert_int_eq(header_find(g.recs, g.n, -1, INPUT_SPEND, NULL, &r), 0);
	ck_assert_uint_eq(r.header, 0);
	ck_assert_int_eq(r.col[COL_AMOUNT], 1);
	ck_assert_int_eq(header_find(g.recs, g.n, 2, INPUT_SPEND, NULL, &r), 0);
	ck_assert_uint_eq(r.header, 2);
	ck_assert_int_eq(header_find(g.recs, g.n, 3, INPUT_SPEND, NULL, &r), -1);
	grid_release(&g);
}
END_TEST

/* Issue 15's wordings: "Name", "Total", stars and capitals, "Invoice Value (net of VAT)". */
START_TEST(header_find_reads_other_councils_wordings)
{
	static const char *const name_total[] = {
		"Name|Total|Date Paid",
		"Acme Ltd|1,200.00|01/03/2019",
		"Bolt plc|15.50|02/03/2019",
		"Crane Ltd|99.99|03/03/2019",
		NULL
	};
	static const char *const stars[] = {
		"**SUPPLIER NAME**||**AMOUNT (\xC2\xA3)**||PAYMENT DATE:",
		"Acme Ltd||1200.00||01/03/2019",
		"Bolt plc||15.50||02/03/2019",
		"Crane Ltd||99.99||03/03/2019",
		NULL
	};
	static const char *const net_of_vat[] = {
		"Report|Spend over 500",
		"Beneficiary Name|Invoice Value (net of VAT)|VAT|Clearing Date",
		"Acme Ltd|1000.00|200.00|01/03/2019",
		"Bolt plc|10.00|2.00|02/03/2019",
		"Crane Ltd|5.00|1.00|03/03/2019",
		NULL
	};
	struct grid g;
	struct hf_result r;

	grid_init(&g, name_total);
	ck_assert_int_eq(header_find(g.recs, g.n, -1, INPUT_SPEND, NULL, &r), 0);
	ck_assert_int_eq(r.col[COL_SUPPLIER_NAME], 0);
	ck_assert_int_eq(r.ev[COL_SUPPLIER_NAME], EV_CONTENT);
	ck_assert_int_eq(r.col[COL_AMOUNT], 1);
	grid_release(&g);
	grid_init(&g, stars);
	ck_assert_int_eq(header_find(g.recs, g.n, -1, INPUT_SPEND, NULL, &r), 0);
	ck_assert_int_eq(r.col[COL_SUPPLIER_NAME], 0);
	ck_assert_int_eq(r.col[COL_AMOUNT], 2);
	ck_assert_int_eq(r.col[COL_DATE], 4);
	grid_release(&g);
	grid_init(&g, net_of_vat);
	ck_assert_int_eq(header_find(g.recs, g.n, -1, INPUT_SPEND, NULL, &r), 0);
	ck_assert_uint_eq(r.header, 1);
	ck_assert_int_eq(r.col[COL_AMOUNT], 1);
	ck_assert_int_eq(r.col[COL_DATE], 3);
	grid_release(&g);
}
END_TEST

START_TEST(col_evidence_names)
{
	ck_assert_str_eq(col_evidence_name(EV_NONE), "none");
	ck_assert_str_eq(col_evidence_name(EV_PROFILE), "profile");
	ck_assert_str_eq(col_evidence_name(EV_HEADER), "header");
	ck_assert_str_eq(col_evidence_name(EV_CONTENT), "content");
	ck_assert_str_eq(col_evidence_name(EV_BOTH), "header and content");
}
END_TEST

static Suite *headerfind_suite(void)
{
	Suite *s = suite_create("headerfind");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, header_find_takes_the_column_of_money_as_amount);
	tcase_add_test(tc, header_find_prefers_net_money_and_never_vat);
	tcase_add_test(tc, header_find_does_not_guess_between_unnamed_money);
	tcase_add_test(tc, header_find_skips_titles_and_data_rows);
	tcase_add_test(tc, header_find_makes_a_supplier_column_of_codes_the_id);
	tcase_add_test(tc, header_find_passes_over_an_empty_named_column);
	tcase_add_test(tc, header_find_takes_a_code_columns_description_beside_it);
	tcase_add_test(tc, header_find_takes_dates_under_a_date_word);
	tcase_add_test(tc, header_find_keeps_the_first_complete_header);
	tcase_add_test(tc, header_find_reads_other_councils_wordings);
	tcase_add_test(tc, col_evidence_names);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(headerfind_suite)
