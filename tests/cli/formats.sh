#!/bin/sh
# CLI tests of the file formats.
# Usage: LC_ALL=C sh tests/cli/formats.sh build/chainwatch   (from the repository root)
. tests/cli/lib.sh
# Inputs: tests/data/intake/<case>/ (see each README and make.py).
IN=tests/data/intake

# inputs[*] of the last manifest: "name records accepted skipped rejected pence" a line
inputs() {
	json "$1" '"\n".join("%s %d %d %d %d %d" % (i["path"].split("/")[-1], i["records"], i["accepted"], i["skipped"], i["rejected"], i["accepted_pence"]) for i in d["inputs"])'
}

# a monthly workbook: a section per visible spend sheet, the notes and hidden sheets skipped
expect 0 xlsx-sheets -- "$BIN" scan --spend "$IN/xlsx-sheets-dates-hidden/input.xlsx" --out "$T/fx1" --db "$T/fx1.db" --council F
printf 'input.xlsx!Jan 2026 4 4 0 0 10000183485\ninput.xlsx!Feb 2026 4 4 0 0 10000183485\n' >"$T/want"
inputs "$T/fx1/manifest.json" >"$T/got"
same xlsx-sheets-inputs "$T/want" "$T/got"
r=$(json "$T/fx1/manifest.json" '" | ".join(s["path"].split("!")[1] + ": " + s["reason"][:12] for s in d["skipped_inputs"])')
[ "$r" = "Notes: no header ro | Lookup: hidden sheet | Dec 2025: hidden sheet" ] && ok || bad "xlsx-sheets: skipped_inputs '$r'"
grep_err xlsx-sheets "input.xlsx!Lookup: skipped: hidden sheet (the visible sheets hold the spend)"
[ "$(json "$T/fx1/manifest.json" 'd["period"]')" = "2026-01_2026-02" ] && ok || bad "xlsx-sheets: period from the date cells"
grep_file xlsx-sheets-dates "$T/fx1/suppliers.csv" "Acme Cleaning Ltd"

# a hidden sheet that is the only spend is read
expect 0 xlsx-only-hidden -- "$BIN" scan --spend "$IN/xlsx-only-hidden-spend/input.xlsx" --out "$T/fx2" --db "$T/fx2.db" --council F --quiet
[ "$(inputs "$T/fx2/manifest.json")" = "input.xlsx!Data 1 1 0 0 25001" ] && ok || bad "xlsx-only-hidden: $(inputs "$T/fx2/manifest.json")"

# legacy .xls through our own BIFF reader
expect 0 xls-sheets -- "$BIN" scan --spend "$IN/xls-sheets-dates/input.xls" --out "$T/fx3" --db "$T/fx3.db" --council F --quiet
[ "$(inputs "$T/fx3/manifest.json")" = "input.xls!Payments >£250 3 3 0 0 176480" ] && ok || bad "xls-sheets: $(inputs "$T/fx3/manifest.json")"

# a damaged or password-protected .xls is a located error, never a crash
expect 3 xls-damaged -- "$BIN" scan --spend tests/data/xls/fat-cycle.xls --out "$T/fx9" --db "$T/fx9.db" --council F
grep_err xls-damaged "fat-cycle.xls: compound file: Workbook: its chain loops at sector 2"
expect 3 xls-password -- "$BIN" scan --spend tests/data/xls/password.xls --out "$T/fx9" --db "$T/fx9.db" --council F
grep_err xls-password "password.xls: password-protected workbook: save it without a password"

# .ods: values from the attributes, a repeated row counted twice, the hidden lookup skipped
expect 0 ods-sheets -- "$BIN" scan --spend "$IN/ods-sheets-repeats-hidden/input.ods" --out "$T/fx4" --db "$T/fx4.db" --council F --quiet --max-reject-rate 20
[ "$(inputs "$T/fx4/manifest.json")" = "input.ods!Spend 7 3 3 1 223456" ] && ok || bad "ods-sheets: $(inputs "$T/fx4/manifest.json")"
expect 3 ods-bomb -- "$BIN" scan --spend "$IN/ods-repeat-bomb/input.ods" --out "$T/fx5" --db "$T/fx5.db" --council F
grep_err ods-bomb "input.ods: sheet 'Bomb': row 1: more than 16777216 cells"

# gzip, whatever the name
expect 0 gzip-csv -- "$BIN" scan --spend "$IN/gzip-named-csv/input.csv" --out "$T/fx6" --db "$T/fx6.db" --council F --quiet
[ "$(inputs "$T/fx6/manifest.json")" = "input.csv 2 2 0 0 124456" ] && ok || bad "gzip-csv: $(inputs "$T/fx6/manifest.json")"

# not spend files: exit 3 saying what they are
expect 3 html-page -- "$BIN" scan --spend "$IN/html-403-page/input.csv" --out "$T/fx7" --db "$T/fx7.db" --council F
grep_err html-page "input.csv: is an HTML page, not a spend file: it looks like an error page ('403 - Access denied | A Council') saved in place of the download"
expect 3 pdf-file -- "$BIN" scan --spend "$IN/pdf-document/input.csv" --out "$T/fx7" --db "$T/fx7.db" --council F
grep_err pdf-file "input.csv: is a PDF document, not a spend file"
expect 3 png-file -- "$BIN" scan --spend "$IN/png-image/input.xls" --out "$T/fx7" --db "$T/fx7.db" --council F
grep_err png-file "input.xls: is a PNG image, not a spend file"
expect 3 zip-file -- "$BIN" scan --spend "$IN/zip-not-workbook/input.xlsx" --out "$T/fx7" --db "$T/fx7.db" --council F
grep_err zip-file "input.xlsx: is a zip archive that is not a workbook"
# a workbook with no spend sheet names each sheet and why
expect 3 no-spend-sheet -- "$BIN" scan --spend "$IN/ods-mimetype-not-first/input.ods" --out "$T/fx7" --db "$T/fx7.db" --council F
grep_err no-spend-sheet "input.ods: no sheet of this OpenDocument spreadsheet (.ods) holds spend data ('Sheet1': "

# inspect: the format and a section per sheet
expect 0 inspect-xlsx -- "$BIN" inspect "$IN/xlsx-sheets-dates-hidden/input.xlsx"
grep_file inspect-xlsx "$T/out" "format       Excel workbook (.xlsx)"
grep_file inspect-xlsx "$T/out" "sheet        Lookup (hidden)"
grep_file inspect-xlsx "$T/out" "line 2: supplier_name 'Acme Cleaning Ltd' amount '1234.56' date '2026-01-05'"
expect 3 inspect-html -- "$BIN" inspect "$IN/html-403-page/input.csv"
grep_file inspect-html "$T/out" "cannot be read as spend: .*is an HTML page"

# a sheet is streamed through a temporary file: no writable $TMPDIR is an output failure
expect 6 tmpdir-missing -- env TMPDIR="$T/no-such-dir" "$BIN" scan --spend "$IN/xlsx-sheets-dates-hidden/input.xlsx" --out "$T/fx8" --db "$T/fx8.db" --council F
grep_err tmpdir-missing "input.xlsx: cannot make a temporary file in $T/no-such-dir: No such file or directory"


# a supplier master as a workbook (a cover sheet first) joins as the CSV does
$PY - "$MASTER" "$T/master.xlsx" <<'PY'
import csv, sys
from openpyxl import Workbook
wb = Workbook()
wb.active.title = "Cover"
wb.active["A1"] = "Supplier master, exported for chainwatch"
ws = wb.create_sheet("Suppliers")
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    for row in csv.reader(f):
        ws.append(row)     # every cell text, as the CSV has it
wb.save(sys.argv[2])
PY
expect 0 master-csv -- "$BIN" scan --spend "$SAMPLE" --suppliers "$MASTER" --out "$T/fm1" --db "$T/fm1.db" --council F --quiet
expect 0 master-xlsx -- "$BIN" scan --spend "$SAMPLE" --suppliers "$T/master.xlsx" --out "$T/fm2" --db "$T/fm2.db" --council F --quiet
same master-xlsx-suppliers "$T/fm1/suppliers.csv" "$T/fm2/suppliers.csv"
[ "$(json "$T/fm2/manifest.json" 'd["inputs"][0]["path"].split("/")[-1] + " " + str(d["inputs"][0]["accepted"])')" = "master.xlsx!Suppliers 604" ] && ok || bad "master-xlsx: $(json "$T/fm2/manifest.json" 'd["inputs"][0]')"

finish
