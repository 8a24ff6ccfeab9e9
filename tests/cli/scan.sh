#!/bin/sh
# CLI tests of the command line and the scan: usage, reference data, input
# errors, the sample, output and database failures, rejects, hostile names,
# config, inspect and redaction wordings.
# Usage: LC_ALL=C sh tests/cli/scan.sh build/chainwatch   (from the repository root)
. tests/cli/lib.sh

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
head -1 "$T/run1/suppliers.csv" | grep -q "^$(printf '\357\273\277')supplier_key,name,supplier_ids" && ok || bad "sample: suppliers.csv header"
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
head -1 "$T/run1/flags.csv" | grep -q "^$(printf '\357\273\277')flag_id,supplier_key,supplier_name,kind,severity,summary,evidence,first_seen,last_seen,review_status,reviewer,review_date,review_note,next_review,evidence_link,reopened" && ok || bad "flags.csv header"
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


# --- the command table and the message module ---
expect 0 help-scan -- "$BIN" help scan
cp "$T/out" "$T/help-scan.txt"
expect 0 scan-help-again -- "$BIN" scan --help
same help-scan "$T/help-scan.txt" "$T/out"
expect 0 help-lists-commands -- "$BIN" --help
for c in scan inspect registry tenders review entity charter reference; do
	grep -q "^  $c " "$T/out" && ok || bad "help-lists-commands: no '$c'"
done
expect 0 scan-quiet -- "$BIN" scan --spend "$SAMPLE" --out "$T/oq" --db "$T/dbq" --quiet
[ ! -s "$T/err" ] && ok || { bad "scan-quiet: stderr not empty"; sed 's/^/  | /' "$T/err" >&2; }
expect 0 scan-verbose -- "$BIN" scan --spend "$SAMPLE" --out "$T/ov" --db "$T/dbv" --verbose
for step in read assess csv workbook database; do grep_err "scan-verbose-$step" "chainwatch: $step *[0-9.]* s"; done
printf 'max-reject-rate = abc\n' >"$T/tbad.conf"
expect 2 tenders-config-bad -- "$BIN" tenders --config "$T/tbad.conf" data/sample/bids-2025-26.csv --out "$T/otc"
grep_err tenders-config-bad "tbad.conf:1: --max-reject-rate 'abc' is not a percentage"

# --- issue 18: the CSV files for Excel users start with a UTF-8 BOM; the rest do not ---
bom() { [ "$(head -c 3 "$1" | od -An -tx1 | tr -d ' ')" = efbbbf ]; }
expect 0 scan-bom -- "$BIN" scan --spend "$SAMPLE" --tenders data/sample/bids-2025-26.csv --council Devon \
	--out "$T/obom" --db "$T/dbbom" --quiet
for f in suppliers.csv flags.csv changes.csv tenders.csv rejected-rows.csv; do
	bom "$T/obom/$f" && ok || bad "scan-bom: $f has no BOM"
done
bom "$T/obom/manifest.json" && bad "scan-bom: manifest.json has a BOM" || ok
[ "$($PY -c "import csv,sys; print(next(csv.reader(open(sys.argv[1], encoding='utf-8-sig')))[0])" "$T/obom/suppliers.csv")" = supplier_key ] && ok || bad "scan-bom: utf-8-sig header"
# --- every --help ends with examples ---
"$BIN" --help | sed -n '/^commands:$/,/^$/s/^  \([a-z]*\) .*/\1/p' >"$T/commands"
[ "$(wc -l <"$T/commands")" -ge 10 ] && ok || bad "help-examples: --help lists too few commands"
for c in $(cat "$T/commands"); do
	expect 0 "help-examples-$c" -- "$BIN" "$c" --help
	grep -A1 '^examples:$' "$T/out" | grep -q "^  chainwatch $c " && ok || bad "help-examples-$c: no examples"
done
expect 0 help-examples -- "$BIN" --help
grep -A1 '^examples:$' "$T/out" | grep -q '^  chainwatch scan --spend' && ok || bad "help-examples: the program's --help has none"

# --- issue 18: the progress line, on a terminal only, cleared at the end ---
expect 0 progress-not-a-terminal -- "$BIN" scan --spend "$SAMPLE" --council P --out "$T/op0" --db "$T/dbp0"
if grep -q "$(printf '\r')" "$T/err" || grep -q "^reading\|writing " "$T/err"; then bad "progress-not-a-terminal: a progress line on a pipe"; else ok; fi
if command -v script >/dev/null 2>&1; then
	# script(1) gives the scan a terminal; its output is what the terminal got
	script -qc "'$BIN' scan --spend '$SAMPLE' --council P --out '$T/op1' --db '$T/dbp1'" /dev/null >"$T/tty.txt" 2>&1 </dev/null
	tr '\r' '\n' <"$T/tty.txt" >"$T/tty-lines.txt"
	grep_file progress-rows "$T/tty-lines.txt" "^reading $SAMPLE: 2165 rows, 0.5 of 0.5 MB"
	grep_file progress-steps "$T/tty-lines.txt" "^assessing 604 suppliers \.\.\."
	grep_file progress-writing "$T/tty-lines.txt" "^writing supplier-risk-2025-12.xlsx \.\.\."
	# cleared (blanks, then \r) before the summary, which starts a clean line
	$PY - "$T/tty.txt" <<'PY' && ok || bad "progress-cleared: the last progress line is not cleared"
import re, sys
t = open(sys.argv[1], "rb").read()
i = t.index(b"chainwatch: P 2025-12:")
assert re.search(rb"\r +\r$", t[:i]), t[max(0, i - 120):i]
PY
	script -qc "'$BIN' scan --spend '$SAMPLE' --council P --out '$T/op2' --db '$T/dbp2' --quiet" /dev/null >"$T/tty-quiet.txt" 2>&1 </dev/null
	[ ! -s "$T/tty-quiet.txt" ] && ok || bad "progress-quiet: --quiet printed on a terminal"
	same progress-same-outputs "$T/op0/suppliers.csv" "$T/op1/suppliers.csv"
else
	echo "scan.sh: no script(1): the progress line on a terminal not tested" >&2
fi

# a scan that downloads nothing never loads libcurl and the libraries it
# brings (download.c loads it for a transfer): the dynamic loader's own
# list of what it mapped says so
expect 0 scan-no-libcurl -- env LD_DEBUG=files "$BIN" scan --spend "$SAMPLE" --council L \
	--out "$T/ol" --db "$T/dbl" --quiet
if grep -q "file=libc.so" "$T/err"; then
	if grep -q "libcurl" "$T/err"; then bad "scan-no-libcurl: the scan loaded libcurl"; else ok; fi
else
	echo "scan.sh: LD_DEBUG gave no list: libcurl loading not tested" >&2
fi

finish
