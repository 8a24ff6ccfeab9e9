#include <stdint.h>
#include <string.h>

#include "chainwatch/period.h"
#include "testutil.h"

struct name_case {
	const char *name;
	const char *period;      /* NULL: the name declares none */
};

static const struct name_case names[] = {
	/* the file names of ../shared/data/spend */
	{ "devon/DCCSpendingOver500_201407.csv", "2014-07" },
	{ "lambeth/2011-01-payments.csv", "2011-01" },
	{ "warwickshire/all-april-2016.csv", "2016-04" },
	{ "warwickshire/new-december-2011.csv", "2011-12" },
	{ "bedford/payments-over-250-sep15.csv", "2015-09" },
	{ "bolton/expenditure-over-500-for-december-2010.csv", "2010-12" },
	{ "oxford/expenditure-over-500-jan-mar-2014.csv", "2014-01_2014-03" },
	{ "oxford/procurement-card-spending-february-2018.csv", "2018-02" },
	{ "windsor-maidenhead/wandm_supplier_payments_2009_q1.csv", "2009-01_2009-03" },
	{ "windsor-maidenhead/wandm_supplier_payments_2009_q4.csv", "2009-10_2009-12" },
	{ "isle-of-wight/iw-published-format-jan-2014.csv", "2014-01" },
	{ "east-riding/500-and-over-local-transparency-oct-2015.xlsx", "2015-10" },
	{ "dsit/dsit-spending-over-25000-march-2025.csv", "2025-03" },
	/* other shapes */
	{ "Q3 2019 spend.csv", "2019-07_2019-09" },
	{ "spend-2019-qtr4.csv", "2019-10_2019-12" },
	{ "SpendingMarch2017.csv", "2017-03" },
	{ "spend_2018_feb.csv", "2018-02" },
	{ "spend-Sept-2019.csv", "2019-09" },
	{ "payments-nov-jan-2015.csv", "2014-11_2015-01" },
	{ "/a/2014-07/spend.csv", NULL },                       /* directories are not read */
	{ "payments-over-500.csv", NULL },
	{ "2012-13-P8-250.csv", NULL },                         /* a financial year, not a month */
	{ "marketing-2015.csv", NULL },                         /* "mar" only as a whole word */
	{ "q5-2019.csv", NULL },
	{ "spend-may.csv", NULL },
	{ "", NULL },
};

START_TEST(period_from_filename_reads_each_shape)
{
	const struct name_case *c = &names[_i];
	int32_t first = -1, last = -1;
	char buf[16];
	int r = period_from_filename(c->name, &first, &last);

	if (!c->period) {
		ck_assert_msg(r == -1, "'%s' gave %s", c->name, period_format(first, last, buf));
		ck_assert_int_eq(first, -1);
		return;
	}
	ck_assert_msg(r == 0, "'%s': no period", c->name);
	ck_assert_str_eq(period_format(first, last, buf), c->period);
}
END_TEST

static Suite *period_suite(void)
{
	Suite *s = suite_create("period");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, period_from_filename_reads_each_shape, 0,
			    (int)(sizeof(names) / sizeof(names[0])));
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(period_suite)
