#ifndef CHAINWATCH_PERIOD_H
#define CHAINWATCH_PERIOD_H

/*
 * Periods: the months a run covers, written "2014-07" for one month and
 * "2014-01_2014-03" for a span (period_format); every module that reads
 * or compares one does it here.  Then the period a file's name declares.  Councils name their publications by
 * month, month range or quarter; the name is read as words and numbers
 * (letters and digits split apart, camel case split), and the first of
 * these shapes wins:
 *
 *   201407, 2014-07, 2014_07                  one month
 *   december-2010, sep15, apr-2015, 2018-feb  a month name (in full, three
 *                                             letters or "sept") with a
 *                                             4-digit year beside it or a
 *                                             2-digit one right after it
 *   jan-mar-2014                              a range of month names
 *   2009_q1, Q1 2009, 2009-qtr1               a calendar quarter (Q1 is
 *                                             January to March)
 *
 * A month is held as yyyymm (201407).  Numbers that are not a year
 * ("over-500", "payments-over-250") are never read as one.
 */

#include <stddef.h>
#include <stdint.h>

/*
 * The period in the base name of `path` (directories ignored): 0 with the
 * first and last month in *first and *last (equal for one month), or -1
 * when the name declares none (outputs untouched).
 */
int period_from_filename(const char *path, int32_t *first, int32_t *last);

/*
 * The period a line of text declares: a title or a report parameter above
 * the header ("Invoices paid in March 2019", "Invoice Approval Date From:
 * 01-JUN-2012"), with the shapes above; "October 2019 to December 2019"
 * is a range.  Numeric dates ("Report Date: 02/07/2012") are not read:
 * a report's run date is not its period.  0 or -1 as above.
 */
int period_from_text(const char *text, int32_t *first, int32_t *last);

/* Rows per month (yyyymm) of one file's payment dates. */
struct month_rows {
	int32_t month;
	unsigned long rows;
};

/*
 * One file's period: the one its name declares, else the one its title
 * line declares (title_first..title_last, 0 when none), wins over the
 * spread of its payment dates (months[0..n), any order), which in a
 * monthly publication run back to late invoices, unless the dates'
 * busiest month lies outside it.  Otherwise the months the dates fall in,
 * leaving out those with fewer than a fifth of the busiest month's rows.
 * Returns where it came from ("file name", "title line", "payment
 * dates", ...; static) with *first and *last, or NULL when nothing tells
 * (outputs untouched).
 */
const char *period_of_file(const char *path, int32_t title_first, int32_t title_last,
			   const struct month_rows *months, size_t n, int32_t *first, int32_t *last);

/* "2014-07" or "2014-01_2014-03" into the caller's out (>= 16 bytes).  Returns out. */
char *period_format(int32_t first, int32_t last, char *out);

/*
 * Read a period as period_format() writes it, strictly: "YYYY-MM", or
 * "YYYY-MM_YYYY-MM" with the first month before the last; years 1000 to
 * 9999, months 01 to 12, nothing before or after.  0 with the first and
 * last month (yyyymm) in *first and *last (either may be NULL), or -1 when
 * `text` is not one (outputs untouched).
 */
int period_parse(const char *text, int32_t *first, int32_t *last);

/* The month after yyyymm (202512 -> 202601). */
int32_t period_next_month(int32_t month);

/* The last day of month yyyymm as yyyymmdd (202402 -> 20240229); 0 when it is not a month. */
int32_t period_month_end(int32_t month);

/*
 * The same months in SQL, for a period column or parameter `p` the store
 * compares (the first and the last 7 characters of what period_format()
 * writes).  SQL text only: the store's queries use them, so the months of
 * a stored period are read the one way period_parse() reads them.
 */
#define PERIOD_SQL_FIRST_MONTH(p) "substr(" p ", 1, 7)"
#define PERIOD_SQL_LAST_MONTH(p) "substr(" p ", length(" p ") - 6)"

#endif
