#!/bin/sh
# Contract managers' review workflow: decisions by command and by the
# workbook round trip, carried to the next month, reopened on worse
# evidence, audited; bad imports refused.
# Usage: LC_ALL=C sh tests/cli/review.sh build/chainwatch   (from the repository root)
. tests/cli/lib.sh

V=$T/review
mkdir -p "$V"
VDB=$V/cw.db
# month 1: the sample
expect 0 review-month1 -- "$BIN" scan --spend "$SAMPLE" --suppliers "$MASTER" --council Devon \
	--db "$VDB" --out "$V/m1" --quiet
fid() { grep ",$1,$2," "$3" | head -1 | cut -d, -f1; }
SECTOR=$(fid 'A M CARE' high_risk_sector "$V/m1/flags.csv")
GOODS=$(fid 'A M CARE' high_risk_goods "$V/m1/flags.csv")
MGROUP=$(fid 'M Group Highways Limited' high_risk_sector "$V/m1/flags.csv")
[ -n "$SECTOR" ] && [ -n "$GOODS" ] && [ -n "$MGROUP" ] && ok || bad "review: fixture flags not found"

# --- usage and set ---
expect 2 review-no-sub -- "$BIN" review --db "$VDB"
grep_err review-no-sub "expected list, set, export or import"
expect 2 review-set-no-by -- "$BIN" review set "$MGROUP" --status cleared --db "$VDB"
grep_err review-set-no-by "expected FLAG_ID --status S --by NAME"
expect 2 review-set-bad-status -- "$BIN" review set "$MGROUP" --status done --by X --db "$VDB"
grep_err review-set-bad-status "is not one of open, under review"
expect 2 review-set-unknown -- "$BIN" review set F0000000000 --status cleared --by X --db "$VDB"
grep_err review-set-unknown "no flag 'F0000000000'"
expect 5 review-no-db -- "$BIN" review list --db "$V/none.db"
grep_err review-no-db "run a scan first"
expect 0 review-set -- "$BIN" review set "$MGROUP" --status "Under Review" --by "A. Manager" \
	--note "asked for the staffing plan" --next-review 2026-03-31 --db "$VDB"
grep_err review-set "open -> under review by A. Manager"
expect 0 review-list-status -- "$BIN" review list --status "under review" --format csv --db "$VDB"
grep_file review-list-status "$T/out" "^$MGROUP,.*,under review,A. Manager,.*,asked for the staffing plan,2026-03-31,"
expect 0 review-list-json -- "$BIN" review list --supplier "m group" --format json --db "$VDB"
grep_file review-list-json "$T/out" '"next_review": "2026-03-31"'
expect 0 review-list-tier -- "$BIN" review list --tier high --format csv --db "$VDB"
grep_file review-list-tier "$T/out" "^$MGROUP,"

# --- the workbook round trip: a person edits the Flags sheet in Excel ---
$PY - "$V/m1/supplier-risk-2025-12.xlsx" "$V/edited.xlsx" "$SECTOR" "$GOODS" <<'PY' && ok || bad "review: could not edit the workbook"
import datetime, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["Flags"]
head = [c.value for c in ws[1]]
col = {name: head.index(name) for name in head}
for row in ws.iter_rows(min_row=2):
    if row[0].value == sys.argv[3]:
        row[col["Review status"]].value = "cleared"
        row[col["Reviewer"]].value = "J. Smith"
        row[col["Review date"]].value = datetime.date(2026, 1, 12)
        row[col["Note"]].value = "Care equipment from a UK wholesaler; no labour concern"
    if row[0].value == sys.argv[4]:
        row[col["Review status"]].value = "action plan"
        row[col["Reviewer"]].value = "J. Smith"
        row[col["Next review date"]].value = datetime.date(2026, 4, 1)
        row[col["Evidence link"]].value = "https://intranet.example/contracts/169807"
wb.save(sys.argv[2])
PY
expect 0 review-import-xlsx -- "$BIN" review import "$V/edited.xlsx" --db "$VDB"
grep_err review-import-xlsx "2 decisions applied"
want review-audit "$(sql "$VDB" "select count(*) from review_audit where source = 'workbook import'")" 2
want review-imported "$(sql "$VDB" "select review_status || '|' || reviewer || '|' || review_date from flags where id = '$SECTOR'")" "cleared|J. Smith|20260112"
want review-imported-link "$(sql "$VDB" "select evidence_link || '|' || next_review from flags where id = '$GOODS'")" "https://intranet.example/contracts/169807|20260401"
# importing the same workbook again changes nothing
expect 0 review-import-again -- "$BIN" review import "$V/edited.xlsx" --db "$VDB"
grep_err review-import-again "0 decisions applied"

# --- month 2: decisions carried; A M CARE moves to India, so its tier rises ---
sed 's/^\(169807,A M CARE,.*\),GB\(.\{0,1\}\)$/\1,IN\2/' "$MASTER" >"$V/master2.csv"
expect 0 review-month2 -- "$BIN" scan --spend "$SAMPLE" --suppliers "$V/master2.csv" --council Devon \
	--db "$VDB" --out "$V/m2" --period 2026-01 --quiet
# flags.csv's column COL (default review_status) for flag FLAG_ID
status_of() { $PY -c "import csv,sys
for r in csv.DictReader(open(sys.argv[2], encoding='utf-8-sig')):
    if r['flag_id'] == sys.argv[1]: print(r[sys.argv[3]])" "$1" "$2" "${3:-review_status}"; }
want carried-under-review "$(status_of "$MGROUP" "$V/m2/flags.csv")" "under review"
want carried-action-plan "$(status_of "$GOODS" "$V/m2/flags.csv")" "action plan"
want reopened "$(status_of "$SECTOR" "$V/m2/flags.csv")" "open"
want reopen-audit "$(sql "$VDB" "select source || '|' || old_status || '|' || new_status || '|' || detail from review_audit where flag_id = '$SECTOR' order by seq desc limit 1")" "scan|cleared|open|evidence rose: tier High (cleared on tier Medium)"
$PY - "$V/m2/supplier-risk-2026-01.xlsx" "$SECTOR" <<'PY' && ok || bad "month 2 workbook: reopening not shown, or the decision not pre-filled"
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["Flags"]
head = [c.value for c in ws[1]]
for row in ws.iter_rows(min_row=2, values_only=True):
    if row[0] == sys.argv[2]:
        assert row[head.index("Review status")] == "open", row
        assert "tier High" in row[head.index("Reopened")], row
        assert row[head.index("Reviewer")] == "J. Smith", row
        assert row[head.index("Run")].startswith("2026-01-"), row
        break
else:
    raise SystemExit("flag not on the sheet")
PY

# a reopened flag keeps its note, and its audit says so: month 2's untouched workbook, imported
# after a later decision on that flag, is skipped, not a conflict (on a copy of the database)
cp "$VDB" "$V/reopen.db"
expect 0 reopen-later-decision -- "$BIN" review set "$SECTOR" --status "under review" --by "K. Lee" \
	--db "$V/reopen.db"
expect 0 reopen-untouched-import -- "$BIN" review import "$V/m2/supplier-risk-2026-01.xlsx" \
	--db "$V/reopen.db"
grep -q "conflict" "$T/err" && bad "reopen-untouched-import: an untouched row is a conflict" || ok
want reopen-later-kept "$(sql "$V/reopen.db" "select review_status from flags where id = '$SECTOR'")" "under review"

# --- conflicts: month 1's workbook, after those flags changed, is refused ---
$PY - "$V/m1/supplier-risk-2025-12.xlsx" "$V/stale.xlsx" "$MGROUP" <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["Flags"]
head = [c.value for c in ws[1]]
for row in ws.iter_rows(min_row=2):
    if row[0].value == sys.argv[3]:
        row[head.index("Review status")].value = "cleared"
        row[head.index("Reviewer")].value = "Someone Else"
wb.save(sys.argv[2])
PY
expect 3 review-conflict -- "$BIN" review import "$V/stale.xlsx" --db "$VDB"
grep_err review-conflict "stale.xlsx: Flags!L[0-9]*: conflict: flag $MGROUP was reviewed again"
grep_err review-conflict "nothing was applied"
want conflict-kept "$(sql "$VDB" "select review_status from flags where id = '$MGROUP'")" "under review"

# --- a CSV with every kind of mistake: nothing applied unless --partial ---
expect 0 review-export -- "$BIN" review export --out "$V/export.csv" --db "$VDB" --quiet
head -1 "$V/export.csv" | grep -q "^$(printf '\357\273\277')Flag ID,Run,Council," && ok || bad "review export header"
{
	head -1 "$V/export.csv"
	echo "F0000000000,,Devon,,,,,,,cleared,X,,,,,,,"
	echo "$MGROUP,,Devon,,,,,,,finished,X,,,,,,,"
	echo "$GOODS,,Devon,,,,,,,cleared,X,31/02/2026,,,,,,"
	echo "$SECTOR,,Devon,,,,,,,escalated,K. Lee,2026-01-20,Referred to the GLAA,,,,,"
	echo "$SECTOR,,Devon,,,,,,,cleared,K. Lee,,,,,,,"
} >"$V/bad.csv"
expect 3 review-import-bad -- "$BIN" review import "$V/bad.csv" --db "$VDB"
grep_err review-import-bad "bad.csv:2: unknown flag id 'F0000000000'"
grep_err review-import-bad "bad.csv:3: status 'finished' is not one of"
grep_err review-import-bad "bad.csv:4: review date '31/02/2026' is not a date"
grep_err review-import-bad "bad.csv:6: flag $SECTOR is on two rows"
want bad-nothing-applied "$(sql "$VDB" "select review_status from flags where id = '$SECTOR'")" "open"
expect 0 review-import-partial -- "$BIN" review import "$V/bad.csv" --partial --db "$VDB"
grep_err review-import-partial "1 decision applied"
want partial-applied "$(sql "$VDB" "select review_status || '|' || review_note from flags where id = '$SECTOR'")" "escalated|Referred to the GLAA"
want audit-csv "$(sql "$VDB" "select count(*) from review_audit where source = 'csv import'")" 1
# the audit is append-only
if $PY -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('delete from review_audit'); c.commit()" "$VDB" 2>/dev/null; then
	bad "review_audit rows could be deleted"
else
	ok
fi
expect 3 review-import-notflags -- "$BIN" review import "$SAMPLE" --db "$VDB"
grep_err review-import-notflags "no 'Flag ID' column"

# hostile workbooks, read a row at a time in a few MB: one 64 KB shared
# string in 3,000 cells (192 MB if each cell had its own copy), 2,000,000
# cells of a number (a 60 KB file), and the string in 100,000 cells (6.4 GB
# of text), refused at the cell where the text passes the cap
$PY - "$V" <<'PY' && ok || bad "review: could not write the hostile workbooks"
import sys, zipfile
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
def book(name, nrows, row):
    with zipfile.ZipFile(sys.argv[1] + "/" + name, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", f'<workbook xmlns="{NS}" xmlns:r="{RNS}"><sheets>'
                   '<sheet name="Flags" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels",
                   '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                   f'relationships"><Relationship Id="rId1" Type="{RNS}/worksheet" '
                   f'Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{RNS}/'
                   'sharedStrings" Target="sharedStrings.xml"/></Relationships>')
        z.writestr("xl/sharedStrings.xml", f'<sst xmlns="{NS}"><si><t>{"A" * 65536}</t></si></sst>')
        with z.open("xl/worksheets/sheet1.xml", "w") as f:
            f.write(f'<worksheet xmlns="{NS}"><sheetData>'.encode())
            for r in range(nrows):
                f.write(row.encode())
            f.write(b'</sheetData></worksheet>')
book("repeat-3k.xlsx", 30, '<row>' + '<c t="s"><v>0</v></c>' * 100 + '</row>')
book("repeat-100k.xlsx", 1000, '<row>' + '<c t="s"><v>0</v></c>' * 100 + '</row>')
book("cells-2m.xlsx", 2000, '<row>' + '<c><v>1</v></c>' * 1000 + '</row>')
PY
for f in repeat-3k cells-2m; do
	$PY - "$BIN" "$V/$f.xlsx" "$VDB" "$T/err" <<'PY' && ok || bad "review: $f.xlsx took over 96 MB"
import resource, subprocess, sys
with open(sys.argv[4], "w") as err:
    rc = subprocess.call([sys.argv[1], "review", "import", sys.argv[2], "--db", sys.argv[3]],
                         stdout=subprocess.DEVNULL, stderr=err)
kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
sys.exit(0 if rc == 3 and kb < 96 * 1024 else 1)
PY
	grep_err "review-import-$f" "$f.xlsx: no 'Flag ID' column"
done
printf 'Flags of a run\nFlag ID,Note\n%s,x\n' "$SECTOR" >"$V/nostatus.csv"
expect 3 review-import-nostatus -- "$BIN" review import "$V/nostatus.csv" --db "$VDB"
grep_err review-import-nostatus "nostatus.csv: no 'Review status' column beside 'Flag ID'"
expect 3 review-import-expanded -- "$BIN" review import "$V/repeat-100k.xlsx" --db "$VDB"
grep_err review-import-expanded "repeat-100k.xlsx: sheet 'Flags' cell CS41: the cells' text comes to more than 268435456 bytes"

# --- Changes: month 2 against month 1 ---
head -1 "$V/m2/changes.csv" | grep -q "^$(printf '\357\273\277')kind,supplier_key,supplier_name,flag_id,before,after,spend_before_pence,spend_before,spend_after_pence,spend_after,description" && ok || bad "changes.csv header"
grep -q '^tier_up,id:169807,A M CARE,,Medium,High,' "$V/m2/changes.csv" && ok || bad "changes: A M CARE tier up"
grep -q '^flag_reopened,id:169807,A M CARE,' "$V/m2/changes.csv" && ok || bad "changes: reopened flag"
grep -q '^flag_new,id:169807,A M CARE,' "$V/m2/changes.csv" && ok || bad "changes: new geography flag"
[ "$(wc -l <"$V/m1/changes.csv")" -eq 1 ] && ok || bad "changes: the first run lists changes"
$PY - "$V/m2/supplier-risk-2026-01.xlsx" <<'PY' && ok || bad "Changes sheet / Summary counts"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["Changes"]
# issue 18: the note on top, the header below it, the kinds in words
assert ws["A1"].value.startswith("Compared with the previous run"), ws["A1"].value
assert ws["A2"].value == "Change", ws["A2"].value
kinds = [r[0] for r in ws.iter_rows(min_row=3, values_only=True) if r[0]]
assert "Tier up" in kinds and "Flag reopened" in kinds, kinds
text = [c for r in wb["Summary"].iter_rows(values_only=True) for c in r if isinstance(c, str)]
assert any(t.startswith("Changes since 2025-12") for t in text), text[-10:]
PY

# --- issue 18: flags.csv carries the decisions, changes.csv its amounts as numbers ---
want flags-csv-reviewer "$(status_of "$MGROUP" "$V/m2/flags.csv" reviewer)" "A. Manager"
want flags-csv-note "$(status_of "$MGROUP" "$V/m2/flags.csv" review_note)" "asked for the staffing plan"
want flags-csv-next "$(status_of "$MGROUP" "$V/m2/flags.csv" next_review)" "2026-03-31"
want flags-csv-link "$(status_of "$GOODS" "$V/m2/flags.csv" evidence_link)" "https://intranet.example/contracts/169807"
want flags-csv-reopened "$(status_of "$SECTOR" "$V/m2/flags.csv" reopened)" "evidence rose: tier High (cleared on tier Medium)"
want flags-csv-open-reviewer "$(status_of "$SECTOR" "$V/m1/flags.csv" reviewer)" ""
$PY - "$V/m2/changes.csv" <<'PY' && ok || bad "changes.csv: amounts not numbers"
import csv, re, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
assert rows, "no changes"
for r in rows:
    for side in ("before", "after"):
        p, v = r["spend_%s_pence" % side], r["spend_" + side]
        assert (p == v == "") or (re.fullmatch(r"-?\d+", p) and re.fullmatch(r"-?\d+\.\d\d", v)), r
        assert p == "" or int(p) == round(float(v) * 100), r
        assert "\u00a3" not in r[side], r
t = [r for r in rows if r["kind"] == "tier_up" and r["supplier_key"] == "id:169807"][0]
assert t["spend_before_pence"] == t["spend_after_pence"] != "", t
f = [r for r in rows if r["kind"] == "flag_reopened"][0]
assert f["flag_id"].startswith("F"), f
PY
# a new supplier's amount: in the spend columns, not as "£" text in 'after'
printf 'Supplier Name,Amount,Payment Date\nNew Cleaning Co Ltd,1234.50,03/02/2026\n' >"$V/feb.csv"
expect 0 changes-new-supplier -- "$BIN" scan --spend "$V/feb.csv" --council Devon --db "$VDB" --out "$V/m3" --quiet
grep -q '^new_supplier,nm:[^,]*,New Cleaning Co Ltd,,,,,,123450,1234.50,' "$V/m3/changes.csv" && ok || bad "changes.csv: new supplier's spend: $(grep new_supplier "$V/m3/changes.csv")"
grep -q '^supplier_gone,id:169807,A M CARE,,,,[0-9]*,[0-9]*\.[0-9][0-9],,,' "$V/m3/changes.csv" && ok || bad "changes.csv: gone supplier's spend"
# review export to a file carries the BOM (for Excel), and imports back as it is
expect 0 export-bom -- "$BIN" review export --db "$VDB" --council Devon --out "$V/export.csv"
[ "$(head -c 3 "$V/export.csv" | od -An -tx1 | tr -d ' ')" = efbbbf ] && ok || bad "review export --out: no BOM"
expect 0 export-stdout-no-bom -- "$BIN" review export --db "$VDB" --council Devon
[ "$(head -c 4 "$T/out")" = "Flag" ] && ok || bad "review export to stdout: starts with a BOM"
expect 0 import-bom -- "$BIN" review import "$V/export.csv" --db "$VDB"
grep_err import-bom "0 decisions applied"

# --- issue 18: a supplier's own review (owner, status, next action, due date, note) ---
expect 0 review-month3 -- "$BIN" scan --spend "$SAMPLE" --suppliers "$V/master2.csv" --council Devon \
	--db "$VDB" --out "$V/m3" --period 2026-02 --quiet
$PY - "$V/m3/supplier-risk-2026-02.xlsx" "$V/sup.xlsx" "$V/sup-bad.xlsx" "$V/sup-only.xlsx" <<'PY' && ok || bad "review: could not edit the Suppliers sheet"
import datetime, sys, openpyxl
def edit(dst, status, due, no_flags=False):
    wb = openpyxl.load_workbook(sys.argv[1])
    ws = wb["Suppliers"]
    head = [c.value for c in ws[1]]
    col = {name: head.index(name) for name in head}
    for row in ws.iter_rows(min_row=2):
        if row[col["Supplier key"]].value == "id:169807":
            row[col["Owner"]].value = "P. Okafor"
            row[col["Status"]].value = status
            row[col["Next action"]].value = "Ask for the MSAT and the agency-staff list"
            row[col["Due date"]].value = due
            row[col["Review note"]].value = "=not a formula"
            row[col["Review note"]].data_type = "s"     # typed as text, not a formula
    if no_flags:
        wb["Flags"].delete_rows(2, wb["Flags"].max_row)
    wb.save(dst)
edit(sys.argv[2], "action plan", datetime.date(2026, 3, 31))
edit(sys.argv[3], "done", "31/02/2026")
edit(sys.argv[4], "action plan", datetime.date(2026, 3, 31), no_flags=True)
PY
expect 3 review-supplier-bad -- "$BIN" review import "$V/sup-bad.xlsx" --db "$VDB"
grep_err review-supplier-bad "sup-bad.xlsx: Suppliers!I[0-9]*: status 'done' is not one of"
grep_err review-supplier-bad "sup-bad.xlsx: Suppliers!K[0-9]*: due date '31/02/2026' is not a date"
expect 3 review-supplier-other-council -- "$BIN" review import "$V/sup-only.xlsx" --council Elsewhere --db "$VDB"
grep_err review-supplier-other-council "Suppliers!AH[0-9]*: this row is Devon's, not --council Elsewhere"
want review-supplier-none-yet "$(sql "$VDB" "select count(*) from supplier_reviews")" 0
expect 0 review-supplier-import -- "$BIN" review import "$V/sup.xlsx" --db "$VDB"
grep_err review-supplier-import "0 decisions applied, 1 supplier review applied"
want review-supplier-row "$(sql "$VDB" "select status || '|' || owner || '|' || next_action || '|' || due_date || '|' || note from supplier_reviews where council = 'Devon' and supplier_key = 'id:169807'")" "action plan|P. Okafor|Ask for the MSAT and the agency-staff list|20260331|=not a formula"
want review-supplier-audit "$(sql "$VDB" "select source || '|' || by || '|' || coalesce(old_status, '-') || '|' || new_status || '|' || detail from supplier_review_audit")" "workbook import|P. Okafor|-|action plan|owner P. Okafor; next action Ask for the MSAT and the agency-staff list; due 2026-03-31"
expect 0 review-supplier-again -- "$BIN" review import "$V/sup.xlsx" --db "$VDB"
grep_err review-supplier-again "0 supplier reviews applied"
want review-supplier-audit-once "$(sql "$VDB" "select count(*) from supplier_review_audit")" 1
want review-supplier-append-only "$(sql "$VDB" "delete from supplier_review_audit" 2>&1 | grep -c 'append-only')" 1
# the same month-3 workbook edited again after that import: a conflict, nothing overwritten
$PY - "$V/m3/supplier-risk-2026-02.xlsx" "$V/sup-stale.xlsx" <<'PY' && ok || bad "review: could not edit the stale workbook"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["Suppliers"]
head = [c.value for c in ws[1]]
for row in ws.iter_rows(min_row=2):
    if row[head.index("Supplier key")].value == "id:169807":
        row[head.index("Owner")].value = "Someone Else"
        row[head.index("Status")].value = "escalated"
wb.save(sys.argv[2])
PY
expect 3 review-supplier-conflict -- "$BIN" review import "$V/sup-stale.xlsx" --db "$VDB"
grep_err review-supplier-conflict "Suppliers!I[0-9]*: conflict: supplier id:169807 was reviewed again after this workbook's run"
want review-supplier-conflict-kept "$(sql "$VDB" "select status || '|' || owner from supplier_reviews where supplier_key = 'id:169807'")" "action plan|P. Okafor"
# the next scan shows the review in the supplier's row
expect 0 review-month4 -- "$BIN" scan --spend "$SAMPLE" --suppliers "$V/master2.csv" --council Devon \
	--db "$VDB" --out "$V/m4" --period 2026-03 --quiet
$PY - "$V/m4/supplier-risk-2026-03.xlsx" <<'PY' && ok || bad "month 4: the supplier review is not pre-filled"
import datetime, sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["Suppliers"]
head = [c.value for c in ws[1]]
for row in ws.iter_rows(min_row=2, values_only=True):
    if row[head.index("Supplier key")] == "id:169807":
        assert row[head.index("Owner")] == "P. Okafor", row
        assert row[head.index("Status")] == "action plan", row
        assert row[head.index("Due date")] == datetime.datetime(2026, 3, 31), row
        assert row[head.index("Review note")] == "=not a formula", row
        break
else:
    raise SystemExit("supplier not on the sheet")
PY
$PY tests/cli/check_xlsx.py "$V/m4/supplier-risk-2026-03.xlsx" --expect-string "A M CARE" >"$T/xl" 2>&1 && ok || { bad "month 4: workbook check (the imported note stays text)"; sed 's/^/  | /' "$T/xl" >&2; }

# --- issue 18: Changes legible - a new supplier is one row, kinds and flags in words ---
awk 'NR == 1 || NR % 2 == 0' "$SAMPLE" | sed 's#/12/2025,#/11/2025,#' >"$V/half-11.csv"
expect 0 changes-half -- "$BIN" scan --spend "$V/half-11.csv" --suppliers "$MASTER" --council Halves \
	--db "$V/halves.db" --out "$V/h1" --quiet
expect 0 changes-full -- "$BIN" scan --spend "$SAMPLE" --suppliers "$MASTER" --council Halves \
	--db "$V/halves.db" --out "$V/h2" --quiet
$PY - "$V/h2/supplier-risk-2025-12.xlsx" "$V/h2/changes.csv" <<'PY' && ok || bad "Changes sheet: new suppliers not one row each, or raw ids"
import csv, re, sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["Changes"]
assert ws["A1"].value.startswith("Compared with"), ws["A1"].value
rows = list(ws.iter_rows(min_row=3, values_only=True))
head = [c.value for c in ws[2]]
kind, key = head.index("Change"), head.index("Supplier key")
new = [r[key] for r in rows if r[kind] == "New supplier"]
listed = list(csv.DictReader(open(sys.argv[2], encoding="utf-8-sig")))
assert len(new) == len(set(new)) == sum(1 for c in listed if c["kind"] == "new_supplier"), len(new)
assert new, "no new suppliers"
for r in rows:
    assert r[kind] != "New flag" or r[key] not in new, r
    for v in (r[kind], r[head.index("Before")], r[head.index("After")]):
        assert not (isinstance(v, str) and re.match(r"^[a-z]+(_[a-z]+)+", v)), r
assert len(rows) < len(listed), (len(rows), len(listed))
for r in ws.iter_rows(min_row=3):
    assert not r[head.index("Supplier")].alignment.wrap_text, r[0].coordinate
PY

finish
