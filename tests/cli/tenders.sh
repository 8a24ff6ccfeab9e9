#!/bin/sh
# Abnormally low tenders: scan --tenders and the tenders command.
# Usage: LC_ALL=C sh tests/cli/tenders.sh build/chainwatch   (from the repository root)
. tests/cli/lib.sh

# the registry suite's January 2022 spend and supplier master
RSPEND=tests/data/registry/spend-2022-01.csv
RMASTER=tests/data/registry/suppliers-2022-01.csv

BIDS=data/sample/bids-2025-26.csv
PP=tests/data/tenders/bids-price-pressure.csv

# --- usage ---
expect 0 tenders-help -- "$BIN" tenders --help
grep_file tenders-help "$T/out" "abnormally low"
expect 2 tenders-no-file -- "$BIN" tenders
grep_err tenders-no-file "expected one bid FILE"
expect 3 tenders-missing -- "$BIN" tenders "$T/none.csv" --db "$T/tn.db" --out "$T/tn"
grep_err tenders-missing "cannot open"
printf 'a,b\n1,2\n' >"$T/notbids.csv"
expect 3 tenders-not-bids -- "$BIN" tenders "$T/notbids.csv" --db "$T/tn.db" --out "$T/tn"
grep_err tenders-not-bids "not a bid file"

# --- the sample bid return, on its own ---
expect 0 tenders-sample -- "$BIN" tenders "$BIDS" --db "$T/tn.db" --out "$T/tn" --council Devon
grep_err tenders-sample "31 bids, 0 rejected; 3 to investigate"
for f in tenders.csv rejected-rows.csv tender-check.xlsx; do
	[ -s "$T/tn/$f" ] && ok || bad "tenders-sample: no $f"
done
# (a reader that stops early, grep -q or head, ends it quietly)
tcol() { $PY -c "import csv,signal,sys
signal.signal(signal.SIGPIPE, signal.SIG_DFL)
for r in csv.DictReader(open(sys.argv[1], encoding='utf-8-sig')):
    if r['bidder'] == sys.argv[2]: print(r[sys.argv[3]])" "$@"; }
T1=$T/tn/tenders.csv
want l1-red "$(tcol "$T1" 'Example Homecare Services Ltd' L1)" red
want l1-labour-law "$(tcol "$T1" 'Example Homecare Services Ltd' labour_law_escalation)" yes
tcol "$T1" 'Example Homecare Services Ltd' reasons | grep -q "£12.21 an hour" && ok || bad "L1: the 2025-26 NLW not named"
tcol "$T1" 'Example Homecare Services Ltd' questions | grep -q "regulation 69(1)" && ok || bad "questions: no reg. 69 wording"
want e1-only "$(tcol "$T1" 'Illustrative Night Care Ltd' E1),$(tcol "$T1" 'Illustrative Night Care Ltd' L3)" "red,pass"
want single-bid-g1 "$(tcol "$T1" 'Illustrative Night Care Ltd' G1)" "not assessable"
want m1-red "$(tcol "$T1" 'Sample School Kitchens Ltd' M1)" red
want withdrawn "$(tcol "$T1" 'ABA Groundcare LLP' verdict)" "no flag"
want tenders-db "$(sql "$T/tn.db" "select count(*) from tender_bids where council = 'Devon'")" 31
want tenders-db-investigate "$(sql "$T/tn.db" "select count(*) from tender_bids where verdict = 'investigate'")" 3
$PY - "$T/tn/tender-check.xlsx" <<'PY' && ok || bad "tender-check.xlsx sheets"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
assert wb.sheetnames == ["Read me", "Tenders", "Rejected rows"], wb.sheetnames
ws = wb["Tenders"]
assert ws.freeze_panes and ws.auto_filter.ref
rows = [r for r in ws.iter_rows(min_row=2) if r[0].value]
assert len(rows) == 31, len(rows)
for r in rows:
    v = r[22]
    assert v.value in ("no flag", "note", "investigate"), v.value
    assert v.fill.fill_type == "solid"
PY

# --- OCDS JSON Lines with the bids extension, when the fixtures are present ---
if [ -f tests/data/ocds/cardinal/R058.jsonl ]; then
	expect 0 tenders-ocds -- "$BIN" tenders tests/data/ocds/cardinal/R058.jsonl --db "$T/tn.db" --out "$T/tno"
	grep_err tenders-ocds "bids"
	head -1 "$T/tno/tenders.csv" | grep -q "^$(printf '\357\273\277')tender_id,lot" && ok || bad "tenders-ocds: tenders.csv header"
fi

# --- a scan with bids: rejected bids, price pressure, the flag ---
expect 0 scan-tenders -- "$BIN" scan --spend "$RSPEND" --suppliers "$RMASTER" --tenders "$PP" \
	--db "$T/tp.db" --out "$T/tp" --council Testshire
grep_err scan-tenders "bids-price-pressure.csv:7: rejected: "
grep -q "bids-price-pressure.csv,8," "$T/tp/rejected-rows.csv" && ok || bad "scan-tenders: bad price not in rejected-rows.csv"
S=$T/tp/suppliers.csv
supcol "$S" 'Devon Care Homes Ltd' reasons | grep -q "+ 20 (price pressure: a bid below the statutory wage and on-cost floor)" && ok || bad "price pressure +20 (L2)"
supcol "$S" 'Big Spend Builders Ltd' reasons | grep -q "+ 10 (price pressure" && ok || bad "price pressure +10 (E1)"
want l2-not-l1 "$(tcol "$T/tp/tenders.csv" 'Devon Care Homes Ltd' L1),$(tcol "$T/tp/tenders.csv" 'Devon Care Homes Ltd' L2)" "pass,red"
grep -q ",Big Spend Builders Ltd,abnormally_low_tender,high," "$T/tp/flags.csv" && ok || bad "abnormally_low_tender flag"
want manifest-tenders "$(json "$T/tp/manifest.json" 'd["tenders"]["accepted"], d["tenders"]["rejected"]')" "(5, 2)"
want db-tender-supplier "$(sql "$T/tp.db" "select supplier_key from tender_bids where bidder = 'Big Spend Builders Ltd'")" "id:S009"
$PY tests/cli/check_xlsx.py "$T/tp/supplier-risk-2022-01.xlsx" >"$T/xl" 2>&1 && ok || { bad "workbook with tenders"; sed 's/^/  | /' "$T/xl" >&2; }

# --- settings: a threshold by option and by config file; a wrong one is a usage error ---
expect 0 tender-setting -- "$BIN" tenders "$BIDS" --db "$T/tn.db" --out "$T/ts" --tender-setting e1-amber=0.03 --quiet
want tender-setting-more "$(tcol "$T/ts/tenders.csv" 'Evergreen Services (Devon) Ltd' E1 | head -1)" amber
printf 'tender-g1-amber = 0.99\n' >"$T/t.conf"
expect 0 tender-setting-config -- "$BIN" tenders "$BIDS" --db "$T/tn.db" --out "$T/tc" --config "$T/t.conf"
grep_err tender-setting-config "noted"
expect 2 tender-setting-unknown -- "$BIN" tenders "$BIDS" --db "$T/tn.db" --out "$T/tx" --tender-setting e9=1
grep_err tender-setting-unknown "unknown tender setting 'e9'"
expect 2 tender-setting-range -- "$BIN" tenders "$BIDS" --db "$T/tn.db" --out "$T/tx" --tender-setting g1-red=7
grep_err tender-setting-range "is not a number from 0 to 1"

# --- golden: the whole tenders.csv for the sample and for Cardinal's R058 fixture ---
# CW_UPDATE_GOLDEN=1 rewrites the expected files; review the diff.
for g in sample:"$BIDS" ocds-r058:tests/data/ocds/cardinal/R058.jsonl; do
	name=${g%%:*} in=${g#*:}
	[ -f "$in" ] || continue
	SOURCE_DATE_EPOCH=1764547200 "$BIN" tenders "$in" --db "$T/tg.db" --out "$T/tg-$name" --quiet
	want=tests/data/tenders/golden/$name.tenders.csv
	if [ -n "${CW_UPDATE_GOLDEN:-}" ]; then cp "$T/tg-$name/tenders.csv" "$want"; fi
	same "golden $name" "$want" "$T/tg-$name/tenders.csv"
done

finish
