#!/bin/sh
# CLI tests of the run's period: from the file name or the payment
# dates, and periods that share months with stored runs.
# Usage: LC_ALL=C sh tests/cli/period.sh build/chainwatch   (from the repository root)
. tests/cli/lib.sh

# --- period from the file name when there are no dates ---
expect 0 aggregate -- "$BIN" scan --spend tests/data/spend/lambeth-2011-aggregate/input.csv --period 2011-01 --out "$T/o12" --db "$T/db12" --quiet
expect 2 aggregate-no-period -- "$BIN" scan --spend tests/data/spend/lambeth-2011-aggregate/input.csv --out "$T/o13" --db "$T/db13"
grep_err aggregate-no-period "give --period"
cp tests/data/spend/lambeth-2011-aggregate/input.csv "$T/2011-01-payments.csv"
expect 0 aggregate-name -- "$BIN" scan --spend "$T/2011-01-payments.csv" --db "$T/db14" --quiet --out "$T/o14"
[ "$(json "$T/o14/manifest.json" 'd["period"]')" = 2011-01 ] && ok || bad "aggregate-name: period not from file name"

# --- the period from each file's months ---
# months: "YYYY-MM:ROWS ..." -> a spend file with that many rows dated in each month
spend_months() {
	out=$1
	shift
	echo "Supplier Name,Amount,Payment Date" >"$out"
	for mr in "$@"; do
		y=${mr%%-*} m=${mr#*-} n=${mr#*:} i=0
		while [ "$i" -lt "$n" ]; do
			echo "Supplier $((i % 7)) Ltd,$((100 + i)).00,$((i % 28 + 1))/${m%%:*}/$y" >>"$out"
			i=$((i + 1))
		done
	done
}
period_of() { json "$1/manifest.json" 'd["period"]'; }
runs_in() { $PY -c "import sqlite3,sys; print(' '.join(r[0] for r in sqlite3.connect(sys.argv[1]).execute('SELECT period FROM runs ORDER BY period')))" "$1"; }
# a year whose busiest month has twice the rows of the others is still the year
spend_months "$T/year.csv" 2025-01:40 2025-02:40 2025-03:80 2025-04:40 2025-05:40 2025-06:40 \
	2025-07:40 2025-08:40 2025-09:40 2025-10:40 2025-11:40 2025-12:40
expect 0 period-year -- "$BIN" scan --spend "$T/year.csv" --out "$T/py" --db "$T/dbp1" --quiet
[ "$(period_of "$T/py")" = 2025-01_2025-12 ] && ok || bad "period-year: $(period_of "$T/py")"
# a June file with late May and older postings is June
spend_months "$T/june.csv" 2024-11:1 2025-04:3 2025-05:15 2025-06:100
expect 0 period-late -- "$BIN" scan --spend "$T/june.csv" --out "$T/pl" --db "$T/dbp2" --quiet
[ "$(period_of "$T/pl")" = 2025-06 ] && ok || bad "period-late: $(period_of "$T/pl")"
# files of different sizes: each counts, a small month as much as a big one
spend_months "$T/small.csv" 2025-07:3
expect 0 period-files -- "$BIN" scan --spend "$T/june.csv" --spend "$T/small.csv" --out "$T/pf" --db "$T/dbp3" --quiet
[ "$(period_of "$T/pf")" = 2025-06_2025-07 ] && ok || bad "period-files: $(period_of "$T/pf")"
# an undated file counts its file name's month beside a dated file
spend_months "$T/feb.csv" 2011-02:5
expect 0 period-named -- "$BIN" scan --spend "$T/2011-01-payments.csv" --spend "$T/feb.csv" --out "$T/pn" --db "$T/dbp4" --quiet
[ "$(period_of "$T/pn")" = 2011-01_2011-02 ] && ok || bad "period-named: $(period_of "$T/pn")"
# a quarter in the name of a file with no dates (Windsor and Maidenhead's 2009_q1)
cp tests/data/spend/lambeth-2011-aggregate/input.csv "$T/wandm_supplier_payments_2009_q1.csv"
expect 0 period-quarter -- "$BIN" scan --spend "$T/wandm_supplier_payments_2009_q1.csv" --out "$T/pq" --db "$T/dbp5"
[ "$(period_of "$T/pq")" = 2009-01_2009-03 ] && ok || bad "period-quarter: $(period_of "$T/pq")"
grep_err period-quarter "wandm_supplier_payments_2009_q1.csv: read supplier_name 'Supplier Name' (header and content"
grep_err period-quarter "; period 2009-01_2009-03 from the file name"
[ "$(json "$T/pq/manifest.json" 'd["inputs"][0]["period_source"] + " " + d["inputs"][0]["column_evidence"]["amount"]')" = "file name header and content" ] && ok || bad "period-quarter: manifest lacks the period's source or the mapping's evidence"
# a month range in the name wins over dates that run back (Oxford's jan-mar-2014)
spend_months "$T/expenditure-over-500-jan-mar-2014.csv" 2013-11:2 2014-01:30 2014-02:3
expect 0 period-range -- "$BIN" scan --spend "$T/expenditure-over-500-jan-mar-2014.csv" --out "$T/pr" --db "$T/dbp6" --quiet
[ "$(period_of "$T/pr")" = 2014-01_2014-03 ] && ok || bad "period-range: $(period_of "$T/pr")"
# a monthly file whose dates run back several months is its named month, so the next
# month's file does not overlap it
spend_months "$T/payments-sep15.csv" 2015-07:20 2015-08:30 2015-09:40
spend_months "$T/payments-oct15.csv" 2015-09:30 2015-10:40
expect 0 period-monthly-1 -- "$BIN" scan --spend "$T/payments-sep15.csv" --out "$T/pm1" --db "$T/dbp7" --quiet
expect 0 period-monthly-2 -- "$BIN" scan --spend "$T/payments-oct15.csv" --out "$T/pm2" --db "$T/dbp7" --quiet
[ "$(runs_in "$T/dbp7")" = "2015-09 2015-10" ] && ok || bad "period-monthly: runs $(runs_in "$T/dbp7")"
# a name whose month most dates fall outside gives way to the dates
spend_months "$T/spend-march-2019.csv" 2020-06:30
expect 0 period-name-wrong -- "$BIN" scan --spend "$T/spend-march-2019.csv" --out "$T/pw" --db "$T/dbp8"
[ "$(period_of "$T/pw")" = 2020-06 ] && ok || bad "period-name-wrong: $(period_of "$T/pw")"
grep_err period-name-wrong "period 2020-06 from the payment dates (most fall outside the declared period)"

# --- a period sharing months with stored runs: refused, or replaces them when asked ---
expect 0 overlap-month -- "$BIN" scan --spend "$T/june.csv" --out "$T/po1" --db "$T/dbo" --quiet
expect 0 overlap-next -- "$BIN" scan --spend "$T/small.csv" --out "$T/po2" --db "$T/dbo" --quiet
expect 2 overlap-refused -- "$BIN" scan --spend "$T/year.csv" --out "$T/po3" --db "$T/dbo"
grep_err overlap-refused "2025-01_2025-12 shares months with the runs already stored for 2025-06, 2025-07: its spend would be counted twice"
grep_err overlap-refused "replace-overlapping"
[ ! -e "$T/po3" ] && ok || bad "overlap-refused: wrote outputs"
[ "$(runs_in "$T/dbo")" = "2025-06 2025-07" ] && ok || bad "overlap-refused: runs $(runs_in "$T/dbo")"
expect 0 overlap-rerun -- "$BIN" scan --spend "$T/june.csv" --out "$T/po1" --db "$T/dbo" --quiet
expect 0 overlap-replace -- "$BIN" scan --spend "$T/year.csv" --out "$T/po3" --db "$T/dbo" --replace-overlapping --quiet
[ "$(runs_in "$T/dbo")" = "2025-01_2025-12" ] && ok || bad "overlap-replace: runs $(runs_in "$T/dbo")"


finish
