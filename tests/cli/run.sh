#!/bin/sh
# CLI tests: run the built program and check exit codes, messages and outputs.
# Usage: tests/cli/run.sh build/chainwatch   (from the repository root, LC_ALL=C)
set -u
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
TOP=$(pwd)
T=$(mktemp -d /tmp/cw-cli.XXXXXX)
trap 'rm -rf "$T"' EXIT INT TERM
pass=0
fail=0
SAMPLE=data/sample/devon-spend-2025-12.csv
MASTER=data/sample/devon-suppliers.csv

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }

# expect CODE NAME -- command...   (stdout/stderr kept in $T/out, $T/err)
expect() {
	want=$1 name=$2
	shift 3
	"$@" >"$T/out" 2>"$T/err"
	got=$?
	if [ "$got" = "$want" ]; then ok; else bad "$name: exit $got, wanted $want"; sed 's/^/  | /' "$T/err" >&2; fi
}
# grep_err NAME PATTERN: stderr of the last command matches
grep_err() { if grep -q -- "$2" "$T/err"; then ok; else bad "$1: stderr lacks '$2'"; sed 's/^/  | /' "$T/err" >&2; fi; }
grep_file() { if grep -q -- "$3" "$2"; then ok; else bad "$1: $2 lacks '$3'"; fi; }
# Debian's python3 (which sees python3-openpyxl) over any other on PATH
PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3
json() { $PY -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$@"; }
same() { if cmp -s "$2" "$3"; then ok; else bad "$1: $2 and $3 differ"; fi; }

# --- usage ---
expect 0 help -- "$BIN" --help
grep_file help "$T/out" "usage: chainwatch COMMAND"
expect 0 scan-help -- "$BIN" scan --help
grep_file scan-help "$T/out" "--max-reject-rate"
expect 0 version -- "$BIN" --version
grep_file version "$T/out" "^chainwatch [0-9]"
expect 2 no-command -- "$BIN"
grep_err no-command "no command given"
expect 2 unknown-command -- "$BIN" frobnicate
grep_err unknown-command "unknown command 'frobnicate'"
expect 2 scan-no-spend -- "$BIN" scan
grep_err scan-no-spend "no --spend file given"
expect 2 scan-unknown-option -- "$BIN" scan --spend x --bogus
grep_err scan-unknown-option "unknown option '--bogus'"
expect 2 scan-bad-period -- "$BIN" scan --spend "$SAMPLE" --period 2025-13 --out "$T/o" --db "$T/db"
grep_err scan-bad-period "is not YYYY-MM"
expect 2 scan-bad-rate -- "$BIN" scan --spend "$SAMPLE" --max-reject-rate lots
grep_err scan-bad-rate "is not a percentage"
expect 2 scan-no-profile -- "$BIN" scan --spend "$SAMPLE" --profile no-such-profile --out "$T/o" --db "$T/db"
grep_err scan-no-profile "no profile named 'no-such-profile'"

# --- reference data ---
expect 0 reference-check -- "$BIN" reference check
grep_err reference-check "reference data is valid"
expect 2 reference-usage -- "$BIN" reference frob
grep_err reference-usage "expected 'reference check'"
mkdir -p "$T/badref"
cp -r sectors/. "$T/badref/"
sed 's/"score": 100,/"score": 130,/' sectors/sectors.json >"$T/badref/sectors.json"
expect 3 reference-bad -- "$BIN" reference check --sectors "$T/badref"
grep_err reference-bad "sectors.json:[0-9]*"
grep_err reference-bad "problem"
expect 3 reference-missing -- "$BIN" scan --spend "$SAMPLE" --sectors "$T/nowhere" --out "$T/o" --db "$T/db"

# --- input errors ---
expect 3 missing-file -- "$BIN" scan --spend "$T/nope.csv" --out "$T/o" --db "$T/db"
grep_err missing-file "$T/nope.csv: cannot open: No such file or directory"
printf 'hello,world\n1,2\n' >"$T/nohead.csv"
expect 3 no-header -- "$BIN" scan --spend "$T/nohead.csv" --out "$T/o" --db "$T/db"
grep_err no-header "nohead.csv: no header row found"
: >"$T/empty.csv"
expect 3 empty-file -- "$BIN" scan --spend "$T/empty.csv" --out "$T/o" --db "$T/db"
grep_err empty-file "empty.csv: file is empty"
expect 3 directory -- "$BIN" scan --spend "$T" --out "$T/o" --db "$T/db"
grep_err directory "not a regular file"

# --- the sample ---
SOURCE_DATE_EPOCH=1764547200 expect 0 sample -- "$BIN" scan --spend "$SAMPLE" --suppliers "$MASTER" \
	--council "Devon County Council" --out "$T/run1" --db "$T/cw.db"
grep_err sample "Devon County Council 2025-12: 2165 records"
for f in suppliers.csv flags.csv rejected-rows.csv manifest.json supplier-risk-2025-12.xlsx; do
	if [ -s "$T/run1/$f" ]; then ok; else bad "sample: no $f"; fi
done
if [ "$(json "$T/run1/manifest.json" 'd["inputs"][1]["records"] == d["inputs"][1]["accepted"] + d["inputs"][1]["skipped"] + d["inputs"][1]["rejected"]')" = True ]; then ok; else bad "sample: manifest does not reconcile"; fi
if [ "$(json "$T/run1/manifest.json" 'd["inputs"][1]["skipped_reasons"]["total"]')" = 1 ]; then ok; else bad "sample: grand total row not skipped"; fi
if [ "$(json "$T/run1/manifest.json" 'd["inputs"][1]["accepted_pence"]')" = 3836052629 ]; then ok; else bad "sample: accepted pence differ from Devon's own total"; fi
r=$(json "$T/run1/manifest.json" '"%d %d %d" % (d["inputs"][1]["skipped_pence_by_kind"]["total"], d["inputs"][1]["rejected_pence"], d["inputs"][1]["rejected_without_amount"])')
[ "$r" = "3836052629 0 0" ] && ok || bad "sample: the grand-total line's pence, rejected pence and rejected without amount are '$r', not Devon's total and 0 0"
if [ "$(json "$T/run1/manifest.json" 'd["inputs"][0]["kind"]')" = suppliers ]; then ok; else bad "sample: master not in manifest"; fi
head -1 "$T/run1/suppliers.csv" | grep -q '^supplier_key,name,supplier_ids' && ok || bad "sample: suppliers.csv header"
for f in suppliers.csv flags.csv rejected-rows.csv manifest.json supplier-risk-2025-12.xlsx; do
	sha=$(sha256sum "$T/run1/$f" | cut -c1-64)
	[ "$f" = manifest.json ] && continue
	grep -q "$sha" "$T/run1/manifest.json" && ok || bad "sample: manifest lacks the sha256 of $f"
done

# same inputs, same SOURCE_DATE_EPOCH: byte-identical outputs; re-running replaces the run
SOURCE_DATE_EPOCH=1764547200 expect 0 rerun -- "$BIN" scan --spend "$SAMPLE" --suppliers "$MASTER" \
	--council "Devon County Council" --out "$T/run2" --db "$T/cw.db" --quiet
for f in suppliers.csv flags.csv rejected-rows.csv manifest.json supplier-risk-2025-12.xlsx; do
	same reproducible "$T/run1/$f" "$T/run2/$f"
done
if [ -s "$T/err" ]; then bad "quiet: stderr not empty"; else ok; fi
n=$($PY -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from runs').fetchone()[0])" "$T/cw.db")
[ "$n" = 1 ] && ok || bad "rerun: $n runs stored, wanted 1"

# the risk model on the real Devon month: flags persist with their first sighting
head -1 "$T/run1/flags.csv" | grep -q '^flag_id,supplier_key,supplier_name,kind,severity,summary,evidence,first_seen,last_seen,review_status' && ok || bad "flags.csv header"
grep -q ',high_risk_sector,' "$T/run1/flags.csv" && ok || bad "sample: no high-risk sector flags"
n=$($PY -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from flags').fetchone()[0])" "$T/cw.db")
m=$(($(wc -l <"$T/run1/flags.csv") - 1))
[ "$n" = "$m" ] && ok || bad "flags: $n in the database, $m in flags.csv"
[ "$($PY -c "import json,sys; d=json.load(open(sys.argv[1])); print(len(d['reference_files']) >= 3)" "$T/run1/manifest.json")" = True ] && ok || bad "manifest: reference files missing"

# default output directory output/<period> under CHAINWATCH_OUT
CHAINWATCH_OUT="$T/root" expect 0 default-out -- "$BIN" scan --spend "$SAMPLE" --db "$T/cw2.db" --quiet
[ -f "$T/root/2025-12/manifest.json" ] && ok || bad "default-out: no $T/root/2025-12/manifest.json"

# --- output and database failures ---
expect 6 out-under-file -- "$BIN" scan --spend "$SAMPLE" --out "$SAMPLE/x" --db "$T/db3"
grep_err out-under-file "cannot"
expect 6 out-dev-full -- "$BIN" scan --spend "$SAMPLE" --out /dev/full/x --db "$T/db4"
# a really full disk, when this machine lets us mount a tiny tmpfs
mkdir -p "$T/tiny"
if mount -t tmpfs -o size=64k tmpfs "$T/tiny" 2>/dev/null; then
	expect 6 disk-full -- "$BIN" scan --spend "$SAMPLE" --out "$T/tiny/out" --db "$T/db-full"
	grep_err disk-full "suppliers.csv': No space left on device"
	if [ -z "$(ls -A "$T/tiny/out")" ]; then ok; else bad "disk-full: partial files left: $(ls -A "$T/tiny/out")"; fi
	umount "$T/tiny"
else
	echo "cli: cannot mount a tmpfs here; the full-disk case is covered by the outfile unit test" >&2
fi
echo "not a database, just text" >"$T/text.db"
expect 5 not-a-db -- "$BIN" scan --spend "$SAMPLE" --out "$T/o5" --db "$T/text.db"
grep_err not-a-db "text.db"
# hold_lock DB SECONDS: another writer holds DB's write lock; $lockpid is it
hold_lock() {
	rm -f "$T/locked"
	$PY - "$1" "$T/locked" "$2" <<'PY' &
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN EXCLUSIVE")
open(sys.argv[2], "w").close()
time.sleep(float(sys.argv[3]))
PY
	lockpid=$!
	i=0; while [ ! -f "$T/locked" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
}
hold_lock "$T/cw.db" 8
expect 5 locked-db -- "$BIN" scan --spend "$SAMPLE" --out "$T/o6" --db "$T/cw.db"
grep_err locked-db "is busy"
kill $lockpid 2>/dev/null; wait $lockpid 2>/dev/null

# --- the same file twice would count its spend twice ---
cp "$SAMPLE" "$T/copy.csv"
expect 2 same-file-twice -- "$BIN" scan --spend "$SAMPLE" --spend "$T/copy.csv" --out "$T/o15" --db "$T/db15"
grep_err same-file-twice "has the same content as"

# --- rejects ---
printf 'Supplier,Amount,Date\nA Ltd,1.00,01/01/2026\nB Ltd,zz,01/01/2026\n' >"$T/rej.csv"
expect 3 reject-rate -- "$BIN" scan --spend "$T/rej.csv" --out "$T/o7" --db "$T/db7"
grep_err reject-rate "1 of 2 rows rejected, over the 5.00% limit"
grep_err reject-rate "rej.csv:3: rejected: amount 'zz' is not a number"
grep_file reject-rate "$T/o7/rejected-rows.csv" "amount 'zz' is not a number"
expect 0 reject-rate-raised -- "$BIN" scan --spend "$T/rej.csv" --out "$T/o8" --db "$T/db8" --max-reject-rate 60
expect 3 strict -- "$BIN" scan --spend "$T/rej.csv" --out "$T/o9" --db "$T/db9" --max-reject-rate 60 --strict
grep_err strict "--strict"

# --- skipped and rejected rows keep their money: the file reconciles in pence ---
printf 'Supplier,Amount,Date\nA Ltd,1.00,01/01/2026\nB Ltd,2.50,02/01/2026\nC Ltd,4.00,01/2026\nD Ltd,zz,01/01/2026\nTotal,3.50,\n' >"$T/money.csv"
expect 0 money -- "$BIN" scan --spend "$T/money.csv" --out "$T/o17" --db "$T/db17" --max-reject-rate 60 --quiet
r=$(json "$T/o17/manifest.json" '"%d %d %d %d %d %d" % (d["inputs"][0]["accepted_pence"], d["inputs"][0]["skipped_pence"], d["inputs"][0]["skipped_pence_by_kind"]["total"], d["inputs"][0]["skipped_pence_by_kind"]["blank"], d["inputs"][0]["rejected_pence"], d["inputs"][0]["rejected_without_amount"])' 2>&1)
[ "$r" = "350 350 350 0 400 1" ] && ok || bad "money: manifest accepted, skipped, skipped total, blank, rejected pence and rejected without amount are '$r'"
if $PY -c 'import openpyxl' 2>/dev/null; then
	r=$($PY -c "
import openpyxl, sys
ws = openpyxl.load_workbook(sys.argv[1])['Data quality']
h = [c.value for c in ws[1]]
row = [c.value for c in ws[2]]
print(row[h.index('Skipped totals (\u00a3)')], row[h.index('Rejected spend (\u00a3)')], row[h.index('Rejected without amount')])
" "$T/o17/supplier-risk-2026-01.xlsx" 2>&1)
	[ "$r" = "3.5 4 1" ] && ok || bad "money: Data quality sheet skipped totals, rejected spend, without amount: '$r'"
fi

# --- hostile names stay text ---
printf 'Supplier,Amount,Date\n"=HYPERLINK(""http://x"")",1.00,01/01/2026\n"+44 1234",2.00,01/01/2026\n<b>bold</b> Ltd,3.00,01/01/2026\n' >"$T/evil.csv"
expect 0 injection -- "$BIN" scan --spend "$T/evil.csv" --out "$T/o10" --db "$T/db10" --quiet
grep_file injection "$T/o10/suppliers.csv" "^nm:HYPERLINK HTTP X,\"'=HYPERLINK"
grep_file injection "$T/o10/suppliers.csv" "'+44 1234"
if $PY -c 'import openpyxl' 2>/dev/null; then
	$PY "$TOP/tests/cli/check_xlsx.py" "$T/o10/supplier-risk-2026-01.xlsx" --expect-string '=HYPERLINK("http://x")' >"$T/xl" 2>&1 && ok || { bad "injection: workbook check"; cat "$T/xl" >&2; }
	$PY "$TOP/tests/cli/check_xlsx.py" "$T/run1/supplier-risk-2025-12.xlsx" --expect-id 375383 >"$T/xl" 2>&1 && ok || { bad "sample: workbook check"; cat "$T/xl" >&2; }
else
	bad "python3-openpyxl is not installed: the workbook cannot be checked"
fi

# --- a file name that is not UTF-8: manifest.json is still valid UTF-8 JSON, U+FFFD in its place ---
ffname=$(printf '%s/spend-\377.csv' "$T")
cp "$T/evil.csv" "$ffname"
expect 0 path-invalid-utf8 -- "$BIN" scan --spend "$ffname" --out "$T/o16" --db "$T/db16" --quiet
r=$($PY -c "import json,sys; d=json.load(open(sys.argv[1], encoding='utf-8', errors='strict')); print(d['inputs'][0]['path'].endswith('spend-\ufffd.csv'))" "$T/o16/manifest.json" 2>&1)
[ "$r" = True ] && ok || bad "path-invalid-utf8: manifest.json is not valid UTF-8 JSON with U+FFFD for the byte: $r"

# --- the Data quality sheet says how each file was read, doubts in red ---
DQ=tests/data/spend/oxford-2014-transaction-supplier-ids/input.csv
expect 0 dq-reading -- "$BIN" scan --spend "$DQ" --period 2014-01 --out "$T/odq" --db "$T/dbdq"
grep_err dq-reading "supplier ID not a key on 5 rows, keyed by name"
if $PY -c 'import openpyxl' 2>/dev/null; then
	$PY - "$T/odq/supplier-risk-2014-01.xlsx" "$DQ" <<'PY' && ok || bad "dq-reading: Data quality sheet"
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["Data quality"]
cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
head = [c.row for c in cells if c.value == "How each file was read"]
line = [c for c in cells if c.value.startswith(sys.argv[2] + ": supplier_name 'supplier_name'")]
assert head and line and line[0].row > head[0], "no reading line under its heading"
assert "supplier ID not a key on 5 rows" in line[0].value, line[0].value
assert line[0].fill.fgColor.rgb not in (None, "00000000"), "a doubtful reading is not highlighted"
PY
fi

# --- config file and environment ---
printf '# settings\ncouncil = Config Council\nmax-reject-rate = 60\n' >"$T/cw.conf"
expect 0 config -- "$BIN" scan --config "$T/cw.conf" --spend "$T/rej.csv" --out "$T/o11" --db "$T/db11"
grep_err config "Config Council 2026-01"
printf 'colour = blue\n' >"$T/bad.conf"
expect 2 config-bad -- "$BIN" scan --config "$T/bad.conf" --spend "$T/rej.csv"
grep_err config-bad "bad.conf:1: unknown setting 'colour'"

# --- inspect: how a file is read, and a profile saved from it ---
expect 0 inspect -- "$BIN" inspect tests/data/spend/bolton-2010-invoiced-crcrlf/input.csv
cp "$T/out" "$T/insp.txt"
grep_file inspect "$T/insp.txt" "amount             'Invoiced' (content: 9 of 9 values below)"
grep_file inspect "$T/insp.txt" "date               'PaidDate' (header and content"
grep_file inspect "$T/insp.txt" "line 3: supplier_name '24/7 Minibuses' amount '.*972.00' date '20101223'"
grep_file inspect "$T/insp.txt" "19 records: 9 accepted, 10 skipped (10 blank, 0 total, 0 report control), 0 rejected"
mkdir -p "$T/insp-prof"
expect 0 inspect-save -- env CHAINWATCH_PROFILES="$T/insp-prof" "$BIN" inspect tests/data/spend/bolton-2010-invoiced-crcrlf/input.csv --save-profile bolton
[ "$(json "$T/insp-prof/bolton.json" 'd["columns"]["amount"] + " " + d["encoding"]')" = "Invoiced windows-1252" ] && ok || bad "inspect-save: profile"
expect 0 inspect-profile-scan -- env CHAINWATCH_PROFILES="$T/insp-prof" "$BIN" scan --spend tests/data/spend/bolton-2010-invoiced-crcrlf/input.csv --profile bolton --period 2010-12 --out "$T/oinsp" --db "$T/dbinsp"
grep_err inspect-profile-scan "amount 'Invoiced' (profile)"
expect 2 inspect-save-exists -- env CHAINWATCH_PROFILES="$T/insp-prof" "$BIN" inspect tests/data/spend/bolton-2010-invoiced-crcrlf/input.csv --save-profile bolton
grep_err inspect-save-exists "bolton.json exists"
expect 2 inspect-save-two -- "$BIN" inspect "$SAMPLE" "$SAMPLE" --save-profile x
expect 3 inspect-missing -- "$BIN" inspect "$T/nonexistent.csv"
grep_err inspect-missing "nonexistent.csv: cannot open"

# --- redaction wordings as data (sectors/redactions.txt) ---
printf 'Supplier Name,Amount,Payment Date\nAcme Ltd,100.00,01/03/2025\nDetails redacted,50.00,02/03/2025\nRedacted - Commerical Confidentiality,25.00,03/03/2025\nRedactive Publishing,10.00,04/03/2025\n' >"$T/red.csv"
expect 0 redaction-wordings -- "$BIN" scan --spend "$T/red.csv" --period 2025-03 --out "$T/ored" --db "$T/dbred" --quiet
[ "$(json "$T/ored/manifest.json" '"%d %d %s" % (d["inputs"][0]["redacted"], d["inputs"][0]["redacted_pence"], sorted(d["inputs"][0]["redaction_wordings"].items()))')" = "2 7500 [('~ REDACTED', 2)]" ] && ok || bad "redaction-wordings: manifest counts"
cp -r sectors "$T/sect-bad"
echo "REDACTED WITHOUT A SIGN" >>"$T/sect-bad/redactions.txt"
expect 3 redaction-bad-file -- "$BIN" scan --spend "$T/red.csv" --period 2025-03 --sectors "$T/sect-bad" --out "$T/ored2" --db "$T/dbred2"
grep_err redaction-bad-file "redactions.txt:$(wc -l <"$T/sect-bad/redactions.txt" | tr -d ' '): expected '= wording' or '~ wording'"

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

# --- every real council file, when ../shared is beside the checkout ---
# (a database each: they are many councils, and Oxford's January-March file
# shares February with its card file)
SHARED=${CHAINWATCH_SHARED:-$TOP/../shared}
# Every file, whatever its format: spend files exit 0 and every input section
# (a sheet each for workbooks) reconciles; an HTML page exits 3 saying what it is.
if [ -d "$SHARED/data/spend" ]; then
	for f in "$SHARED"/data/spend/*/*; do
		case "$f" in */README*) continue ;; esac
		b=$(basename "$f")
		o="$T/real/$b"
		case "$(head -c 512 "$f" | tr 'A-Z' 'a-z')" in
		*"<!doctype html"*|*"<html"*)
			expect 3 "real $b" -- "$BIN" scan --spend "$f" --out "$o" --db "$o.db" --council Real --quiet
			grep_err "real $b" "$b: is an HTML page, not a spend file: it looks like an error page"
			continue ;;
		esac
		"$BIN" scan --spend "$f" --out "$o" --db "$o.db" --council Real --quiet >"$T/out" 2>"$T/err"
		rc=$?
		[ $rc = 0 ] && ok || { bad "real $b: exit $rc, wanted 0"; sed 's/^/  | /' "$T/err" >&2; continue; }
		r=$(json "$o/manifest.json" '"ok" if d["inputs"] and all(i["records"] == i["accepted"] + i["skipped"] + i["rejected"] and 100 * i["rejected"] < i["records"] for i in d["inputs"]) else [(i["path"], i["records"], i["accepted"], i["skipped"], i["rejected"]) for i in d["inputs"]]' 2>/dev/null)
		[ "$r" = ok ] && ok || bad "real $b: does not reconcile or rejects 1% or more ($r)"
	done
else
	echo "cli: $SHARED/data/spend not found; real council files not scanned" >&2
fi

. tests/cli/formats.sh
. tests/cli/registry.sh
. tests/cli/councils.sh
. tests/cli/entity.sh
. tests/cli/tenders.sh
. tests/cli/review.sh
. tests/cli/charter.sh

echo "cli: $pass passed, $fail failed"
[ "$fail" = 0 ]
