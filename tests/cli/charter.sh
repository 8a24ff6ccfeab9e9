#!/bin/sh
# The annual Charter report: a year of scans, the evidence file, both
# templates; golden outputs.
# Usage: LC_ALL=C sh tests/cli/charter.sh build/chainwatch   (from the repository root)
. tests/cli/lib.sh

C=$T/charter
mkdir -p "$C"
CDB=$C/cw.db
EV=data/sample/evidence-2025-26.json
# usage
expect 2 charter-no-year -- "$BIN" charter --db "$CDB"
grep_err charter-no-year "--year YYYY-YY is required"
expect 2 charter-bad-year -- "$BIN" charter --year 2025-27 --db "$CDB"
grep_err charter-bad-year "is not a financial year"
expect 5 charter-no-db -- "$BIN" charter --year 2025-26 --db "$C/none.db"
grep_err charter-no-db "run the year's scans first"
# a year of scans: the sample month as five months of 2025-26 and one of 2024-25, with bids
# and a registry; then a decision recorded
for p in 2025-03 2025-04 2025-05 2025-06 2025-12 2026-01; do
	SOURCE_DATE_EPOCH=1767225600 "$BIN" scan --spend "$SAMPLE" --suppliers "$MASTER" \
		--tenders data/sample/bids-2025-26.csv --council "Devon County Council" \
		--period "$p" --db "$CDB" --out "$C/run-$p" --quiet || bad "charter: scan $p failed"
done
F=$(sed -n 2p "$C/run-2026-01/flags.csv" | cut -d, -f1)
SOURCE_DATE_EPOCH=1767225600 "$BIN" review set "$F" --status cleared --by "J. Smith" --db "$CDB" --quiet
SOURCE_DATE_EPOCH=1767225600 expect 0 charter -- "$BIN" charter --year 2025-26 --evidence "$EV" \
	--council "Devon County Council" --db "$CDB" --out "$C/out"
grep_err charter "charter 2025-26 for Devon County Council: 5 scans, 5 months covered"
H=$C/out/charter-2025-26.html
M=$C/out/charter-2025-26.md
[ -s "$H" ] && [ -s "$M" ] && ok || bad "charter: no report written"
[ "$(grep -c '<h1' "$H")" = 1 ] && ok || bad "charter: not exactly one h1"
grep -q '<html lang="en-GB">' "$H" && ok || bad "charter: no lang attribute"
grep -q '<th scope="col">' "$H" && grep -q '<th scope="row">' "$H" && ok || bad "charter: th without scope"
grep -q '<caption>' "$H" && ok || bad "charter: tables without captions"
grep -q '<svg[^>]*role="img"[^>]*aria-labelledby' "$H" && grep -q '<title id="chart-tier-title">' "$H" && ok || bad "charter: chart without title"
grep -q '@media print' "$H" && ok || bad "charter: no print stylesheet"
grep -qi 'slavery-free\|slavery free\|non-compliant' "$H" "$M" && bad "charter: forbidden wording" || ok
grep -q 'Compared with 2024-25' "$M" && ok || bad "charter: no year-on-year comparison"
# without the evidence file every supplied figure says "not supplied", never 0
SOURCE_DATE_EPOCH=1767225600 expect 0 charter-no-evidence -- "$BIN" charter --year 2025-26 \
	--council "Devon County Council" --db "$CDB" --out "$C/bare" --quiet
grep -q '| Procurement staff trained | \*not supplied\* |' "$C/bare/charter-2025-26.md" && ok || bad "charter: missing figure not 'not supplied'"
# every problem of a broken evidence file is listed, located, and nothing is written
expect 3 charter-bad-evidence -- "$BIN" charter --year 2025-26 --council "Devon County Council" \
	--db "$CDB" --out "$C/bade" --evidence tests/data/evidence/many-problems/evidence.json
grep_err charter-bad-evidence "many-problems/evidence.json:4:11: /year: '2025'"
grep_err charter-bad-evidence "evidence.json:20:87: /commitments/C9/metrics/referrals/glaa"
grep_err charter-bad-evidence "4 problems (above); nothing written"
[ ! -e "$C/bade/charter-2025-26.html" ] && ok || bad "charter-bad-evidence: a report was written"
# a broken template names the template and line
mkdir -p "$C/tpl"
cp templates/charter.md "$C/tpl/"
printf '<html lang="en">\n<body>\n{{#commitments}}\n<p>{{id}}</p>\n</body>\n' >"$C/tpl/charter.html"
expect 3 charter-bad-template -- "$BIN" charter --year 2025-26 --council "Devon County Council" \
	--db "$CDB" --out "$C/badt" --templates "$C/tpl"
grep_err charter-bad-template "charter.html:3: unclosed section 'commitments'"
# scans crossing the year's start or end are named: their spend is counted where they start
for p in 2025-02_2025-04 2026-02_2026-04; do
	"$BIN" scan --spend "$SAMPLE" --council Crossing --period "$p" --db "$C/cross.db" \
		--out "$C/cross-$p" --quiet || bad "charter: scan $p failed"
done
expect 0 charter-crossing -- "$BIN" charter --year 2025-26 --council Crossing --db "$C/cross.db" \
	--out "$C/cross"
grep_file charter-crossing "$C/cross/charter-2025-26.html" "cross the start or end of the year (2025-02_2025-04, 2026-02_2026-04) are counted whole in the year where they start"
# golden: CW_UPDATE_GOLDEN=1 rewrites them; review the diff
for f in charter-2025-26.md charter-2025-26.html; do
	if [ -n "${CW_UPDATE_GOLDEN:-}" ]; then cp "$C/out/$f" "tests/data/charter/$f"; fi
	same "golden $f" "tests/data/charter/$f" "$C/out/$f"
done
# C2 says on what evidence a supplier is in scope: turnover, or council spend alone (issue 16)
# (on the registry suite's database: both registry extracts, Testshire's January 2022
# scanned with its supplier master, one supplier matched by an override)
RDB=$C/registry.db
RSPEND=tests/data/registry/spend-2022-01.csv
RMASTER=tests/data/registry/suppliers-2022-01.csv
{ "$BIN" registry import data/sample/registry/StatementSummaries2022.csv \
	tests/data/registry/StatementSummaries2023.csv --db "$RDB" --quiet &&
  "$BIN" scan --spend "$RSPEND" --suppliers "$RMASTER" --db "$RDB" --out "$C/reg1" \
	--council Testshire --quiet &&
  "$BIN" registry override id:S005 --is 01624297 --by "A. Manager" --db "$RDB" --quiet &&
  "$BIN" scan --spend "$RSPEND" --suppliers "$RMASTER" --db "$RDB" --out "$C/reg2" \
	--council Testshire --quiet; } >"$C/reg.log" 2>&1 || { bad "charter: the registry database"; sed 's/^/  | /' "$C/reg.log" >&2; }
expect 0 charter-c2-scope -- "$BIN" charter --year 2021-22 --council Testshire --db "$RDB" \
	--out "$C/c2"
grep_file charter-c2-turnover "$C/c2/charter-2021-22.md" "| Suppliers in scope of the Act on their turnover (£36m or more on the registry or in the supplier master) | [1-9]"
grep_file charter-c2-spend "$C/c2/charter-2021-22.md" "| Suppliers likely in scope on council spend or group membership alone (turnover unknown) | [1-9]"
grep -q "likely in scope of the Act (turnover £36m or more)" "$C/c2/charter-2021-22.md" && bad "charter: C2 still says turnover £36m or more for spend alone" || ok
# --- issue 17: what the open registers found - a Companies House register in the real
# 55-column format, a scan of payees named as councils print them, one company_not_active
# flag cleared; a supplier's name with markup in it ---
RG=$C/registers.db
RSP=$C/registers-spend.csv
{ cat tests/data/companies/spend-register-names.csv &&
  printf '12/12/2025,<b>Evil & Co</b> <script>x</script>,,Stationery,100.00\n'; } >"$RSP"
{ "$BIN" companies import tests/data/companies/register-scan.csv --db "$RG" --quiet &&
  SOURCE_DATE_EPOCH=1767225600 "$BIN" scan --spend "$RSP" --council "Test Council" \
	--db "$RG" --out "$C/reg-run" --quiet; } >"$C/registers.log" 2>&1 ||
	{ bad "charter: the registers' database"; sed 's/^/  | /' "$C/registers.log" >&2; }
F=$(grep ',company_not_active,' "$C/reg-run/flags.csv" | grep 'GONE AWAY' | cut -d, -f1)
SOURCE_DATE_EPOCH=1767225600 "$BIN" review set "$F" --status cleared --by "J. Smith" --db "$RG" \
	--quiet || bad "charter: review set $F failed"
SOURCE_DATE_EPOCH=1767225600 expect 0 charter-registers -- "$BIN" charter --year 2025-26 \
	--council "Test Council" --db "$RG" --out "$C/reg"
RM=$C/reg/charter-2025-26.md
RH=$C/reg/charter-2025-26.html
grep_file charter-reg-coverage "$RM" "13 suppliers paid in the year, 9 suppliers (£109,700, 94.3% of the spend with suppliers) were identified on an official register"
grep_file charter-reg-unidentified "$RM" "3 suppliers (£6,100, 5.2%) could not be identified on any register"
grep_file charter-reg-dates "$RM" "Registers used: the Companies House register of 1 June 2025; the register of public bodies"
grep_file charter-reg-table "$RM" "| Companies House register | 8 | £100,700 | 86.6% |"
grep_file charter-reg-table "$RM" "| Register of public bodies (councils, NHS, government, police, universities) | 1 | £9,000 | 7.7% |"
grep_file charter-reg-table "$RM" "| Individuals (people paid; never named) | 1 | £500 | 0.4% |"
grep_file charter-reg-table "$RM" "| Not identified on any register | 3 | £6,100 | 5.2% |"
grep_file charter-reg-scope "$RM" "The registers put 5 suppliers outside that duty"
grep_file charter-reg-scope "$RM" "| Micro-entity accounts at Companies House | not required | 2 |"
grep_file charter-reg-scope "$RM" "| Small-company accounts at Companies House (small, total exemption, abridged) | not required | 2 |"
grep_file charter-reg-scope "$RM" "| Dormant company accounts at Companies House | not required | 1 |"
grep_file charter-reg-c2 "$RM" "| Suppliers outside the duty on the Companies House or charity registers (small, micro-entity or dormant accounts; charity income under £36m) | 5 |"
grep_file charter-reg-inactive "$RM" "3 flags were raised in the year for a company the council paid while the register showed it dissolved"
grep_file charter-reg-inactive "$RM" "£17,700 paid to them in the year"
grep_file charter-reg-decisions "$RM" "| Open (not yet reviewed) | 2 |"
grep_file charter-reg-decisions "$RM" "| Cleared | 1 |"
grep_file charter-reg-html "$RH" '<h2 id="registers">Who the suppliers are: the official registers</h2>'
grep_file charter-reg-html "$RH" '<tr role="row"><th scope="row" role="rowheader">Companies House register</th><td class="num" role="cell" data-label="Suppliers">8</td>'
grep_file charter-reg-html "$RH" '<tr><th scope="row">Cleared</th><td class="num">1</td></tr>'
grep -q "No Companies House or charity register was used" "$RM" "$RH" && bad "charter-registers: says no register was used" || ok
# the report names no supplier, and markup in a name never reaches it
grep -q "Evil\|<script\|GONE AWAY\|Jane Smith" "$RM" "$RH" && bad "charter-registers: a supplier named" || ok
# golden: CW_UPDATE_GOLDEN=1 rewrites them; review the diff
for f in charter-2025-26.md charter-2025-26.html; do
	if [ -n "${CW_UPDATE_GOLDEN:-}" ]; then cp "$C/reg/$f" "tests/data/charter/registers-$f"; fi
	same "golden registers-$f" "tests/data/charter/registers-$f" "$C/reg/$f"
done
# the charity registers (England and Wales's extract, OSCR's CSV), imported after the
# year's first scan: that scan's payees count as not identified, and the section says so
CR=$C/charities.db
sed '8,10d' tests/data/charities/publicextract.charity.txt >"$C/ew.txt"
sed '6,8d' tests/data/charities/CharityExport-OSCR.csv >"$C/oscr.csv"
printf 'Date,Supplier Name,Expense Type,Amount\n03/11/2025,Exeter Food Bank CIO,Grants,2500.00\n04/11/2025,Glasgow Community Food Trust,Grants,1500.00\n05/11/2025,Acme Widgets Ltd,Stationery,300.00\n' >"$C/nov.csv"
printf 'Date,Supplier Name,Expense Type,Amount\n03/12/2025,Devon Community Hospice Trust,Grants,2500.00\n04/12/2025,Glasgow Community Food Trust,Grants,1500.00\n05/12/2025,Acme Widgets Ltd,Stationery,300.00\n' >"$C/dec.csv"
{ SOURCE_DATE_EPOCH=1767225600 "$BIN" scan --spend "$C/nov.csv" --council "Charity Council" \
	--db "$CR" --out "$C/ch-nov" --quiet &&
  "$BIN" charities import "$C/ew.txt" "$C/oscr.csv" --db "$CR" --quiet &&
  SOURCE_DATE_EPOCH=1767225600 "$BIN" scan --spend "$C/dec.csv" --council "Charity Council" \
	--db "$CR" --out "$C/ch-dec" --quiet; } >"$C/charities.log" 2>&1 ||
	{ bad "charter: the charities' database"; sed 's/^/  | /' "$C/charities.log" >&2; }
SOURCE_DATE_EPOCH=1767225600 expect 0 charter-charities -- "$BIN" charter --year 2025-26 \
	--db "$CR" --out "$C/ch"
CM=$C/ch/charter-2025-26.md
grep_file charter-ch-dates "$CM" "Registers used: the charity registers of 1 December 2026; the register of public bodies"
grep_file charter-ch-partial "$CM" "1 of the year's 2 scans looked in a Companies House or charity register"
grep_file charter-ch-ew "$CM" "| Charity Commission register (England and Wales) | 1 | £2,500 | 29.1% |"
grep_file charter-ch-oscr "$CM" "| Scottish Charity Register (OSCR) | 1 | £3,000 | 34.9% |"
grep_file charter-ch-none "$CM" "| Not identified on any register | 2 | £3,100 | 36.0% |"
grep_file charter-ch-scope "$CM" "| Charity income under £36 million | not required | 2 |"
grep_file charter-ch-no-companies "$CM" "Not available: the year's scans used no Companies House register"
grep -q "| Companies House register |" "$CM" && bad "charter-charities: a Companies House row with no register" || ok
grep -q "No company the council paid" "$CM" && bad "charter-charities: says no company was inactive without the register" || ok
# a year with no register data: one sentence says so, and no registers section
for f in "$M" "$H"; do
	grep_file charter-no-registers "$f" "No Companies House or charity register was used: suppliers were identified from their names and the council.*s own records only."
	grep -q "official registers\|Companies no longer active" "$f" && bad "charter-no-registers: $f has a registers section" || ok
done
# --- issue 18: the Charter report publishes no wrong facts (keep this block last) ---
# an evidence file for another year or council is refused, saying which; nothing written
expect 2 charter-evidence-year -- "$BIN" charter --year 2024-25 --evidence "$EV" \
	--council "Devon County Council" --db "$CDB" --out "$C/i18-year"
grep_err charter-evidence-year "evidence-2025-26.json' is for 2025-26, not 2024-25"
[ ! -e "$C/i18-year/charter-2024-25.html" ] && ok || bad "charter-evidence-year: a report was written"
"$BIN" scan --spend "$SAMPLE" --council "Somerset Council" --period 2025-12 --db "$C/two.db" \
	--out "$C/i18-somerset" --quiet || bad "charter: Somerset scan failed"
"$BIN" scan --spend "$SAMPLE" --council "Devon County Council" --period 2025-12 \
	--db "$C/two.db" --out "$C/i18-devon" --quiet || bad "charter: Devon scan failed"
expect 2 charter-evidence-council -- "$BIN" charter --year 2025-26 --evidence "$EV" \
	--council "Somerset Council" --db "$C/two.db" --out "$C/i18-council"
grep_err charter-evidence-council "is for 'Devon County Council', not 'Somerset Council'"
[ ! -e "$C/i18-council/charter-2025-26.html" ] && ok || bad "charter-evidence-council: a report was written"
# a council the database does not hold is refused, naming those it holds, with a close match
expect 2 charter-unknown-council -- "$BIN" charter --year 2025-26 --council "Devon CC" \
	--db "$C/two.db" --out "$C/i18-unknown"
grep_err charter-unknown-council "holds no council 'Devon CC' (did you mean 'Devon County Council'?); it holds 'Devon County Council', 'Somerset Council'"
expect 2 charter-misspelt-council -- "$BIN" charter --year 2025-26 --council "Devn County Council" \
	--db "$CDB" --out "$C/i18-unknown"
grep_err charter-misspelt-council "did you mean 'Devon County Council'?"
expect 2 charter-no-such-council -- "$BIN" charter --year 2025-26 --council "Rutland" \
	--db "$CDB" --out "$C/i18-unknown"
grep_err charter-no-such-council "holds no council 'Rutland'; it holds 'Devon County Council'"
[ ! -e "$C/i18-unknown/charter-2025-26.html" ] && ok || bad "charter-unknown-council: a report was written"
expect 2 charter-which-council -- "$BIN" charter --year 2025-26 --db "$C/two.db" --out "$C/i18-which"
grep_err charter-which-council "holds 2 councils ('Devon County Council', 'Somerset Council'): say which with --council"
# case and spacing are not a different council: the database's spelling is used
expect 0 charter-council-case -- "$BIN" charter --year 2025-26 --council "devon county  council" \
	--evidence "$EV" --db "$CDB" --out "$C/i18-case"
grep_err charter-council-case "charter 2025-26 for Devon County Council:"
# a year with no scans: unknown reads "not available", with the reason, never 0 or £0
SOURCE_DATE_EPOCH=1767225600 expect 0 charter-no-scans -- "$BIN" charter --year 2023-24 \
	--council "Devon County Council" --db "$CDB" --out "$C/i18-none"
grep_err charter-no-scans "no scans of Devon County Council are recorded for 2023-24"
for f in "$C/i18-none/charter-2023-24.md" "$C/i18-none/charter-2023-24.html"; do
	# (0 scans and 0 of 12 months are known, not unknown)
	grep -v "Monthly scans run\|Months of spend covered" "$f" | grep -q '£0\|| 0 |\|>0<' &&
		bad "charter-no-scans: $f prints 0 for unknown" || ok
	grep_file charter-no-scans "$f" "not available: no scans of the council.*s spend are recorded for 2023-24"
	grep -q '<svg' "$f" && bad "charter-no-scans: $f draws a chart of nothing" || ok
done
grep_file charter-no-scans "$C/i18-none/charter-2023-24.md" "| Spend reviewed | \*not available: no scans"
# C3 with no bid file checked: not available, not "Bids to investigate 0"
"$BIN" scan --spend "$SAMPLE" --council "Devon County Council" --period 2025-12 --db "$C/nobids.db" \
	--out "$C/i18-nobids-run" --quiet || bad "charter: scan without bids failed"
expect 0 charter-no-bids -- "$BIN" charter --year 2025-26 --evidence "$EV" --db "$C/nobids.db" \
	--out "$C/i18-nobids"
grep_file charter-no-bids "$C/i18-nobids/charter-2025-26.md" "| Bids checked for abnormally low prices | \*not available: no bid file was checked in the year"
grep -q "Bids to investigate" "$C/i18-nobids/charter-2025-26.md" && bad "charter-no-bids: bids to investigate printed" || ok
grep_file charter-no-bids "$C/i18-nobids/charter-2025-26.md" "Not checked: staff say 6 bidders were asked to explain"
# supplied claims set against computed figures, with the difference
grep_file charter-check-c3 "$M" "Supplied and computed figures differ by 3: staff say 6 bidders were asked to explain a low price; the bid files checked flag 3 bids"
grep_file charter-check-c7 "$M" 'the status above is "met", but the scans cover 5 of the 12 months'
grep_file charter-check-c7 "$H" "Status (supplied): met (not borne out by the computed figures"
grep_file charter-c2-source "$C/c2/charter-2021-22.md" "Computed from the registry check of the year's latest scan"
# the registry was loaded but the year's scans did not check it: no contradiction
grep -q "Statements were checked against" "$M" && bad "charter: says statements were checked when C2 says not" || ok
# paragraphs kept, labels for ids, the note, the registry entry, words not "scan(s)" nor pence
grep_file charter-paragraphs "$H" "<p>Contract managers outside the procurement team"
grep -q "high_risk_sector\|unmatched_high_spend\|scan(s)" "$H" "$M" && bad "charter: raw ids or scan(s) in the report" || ok
grep_file charter-labels "$H" '<th scope="row"[^>]*>High-risk sector</th>'
grep -q '£[0-9,]*\.[0-9][0-9]' "$H" "$M" && bad "charter: pence on report figures" || ok
for f in "$H" "$M"; do
	grep_file charter-note "$f" "every figure, date, name of a body and web address in this file is made up"
	grep_file charter-registry-url "$f" "modern-slavery-statement-registry.example.org/statements/devon-2025-26"
	grep_file charter-published "$f" "15 July 2026"
done
# the Markdown has every section the HTML has
for s in "The year in brief" "Progress on each commitment" "Flags by kind" "six statement areas" "Compared with 2024-25" "Governance and approval" "About the data"; do
	grep_file charter-md-parity "$M" "## .*$s"
done
for s in "Who the suppliers are: the official registers" "Who must publish a statement" "Companies no longer active"; do
	grep_file charter-md-parity "$RM" "##.* $s"
	grep_file charter-html-parity "$RH" ">$s</h[23]>"
done
grep -q "and their sectors" "$H" && bad "charter: the six areas promise a sector breakdown" || ok
# reflow: no fixed-width chart, tables scroll in their own focusable box
grep -q '<svg[^>]*viewBox' "$H" && grep -q 'figure svg { max-width: 100%; height: auto; }' "$H" && ok || bad "charter: charts do not scale"
grep -q 'min-width: 24rem' "$H" && bad "charter: tables wider than a phone" || ok
grep -q '<div class="table" role="region" tabindex="0" aria-label=' "$H" && ok || bad "charter: tables do not scroll in their own box"
# a registry loaded after the year's scans: C2 and "About the data" say the same thing
"$BIN" scan --spend "$SAMPLE" --council "Devon County Council" --period 2025-12 --db "$C/late.db" \
	--out "$C/i18-late-run" --quiet || bad "charter: scan before the registry failed"
"$BIN" registry import data/sample/registry/StatementSummaries2022.csv --db "$C/late.db" --quiet ||
	bad "charter: registry import failed"
expect 0 charter-late-registry -- "$BIN" charter --year 2025-26 --db "$C/late.db" --out "$C/i18-late"
grep_file charter-late-registry "$C/i18-late/charter-2025-26.md" "not available: the year's scans ran before the registry was loaded"
grep_file charter-late-registry "$C/i18-late/charter-2025-26.md" "are in the database, but the year's scans ran before they were loaded"
grep -q "Statements were checked against" "$C/i18-late/charter-2025-26.md" && bad "charter-late-registry: says statements were checked" || ok
# on a phone the many-column and text tables stack, each cell named; web addresses break
grep -q '<table class="stack" role="table">' "$H" && grep -q 'data-label="Raised this year"' "$H" && ok || bad "charter: tables do not stack"
grep -q '<a class="url" href="https://council.example.org/modern-slavery/statement-2025-26">' "$H" && ok || bad "charter: statement address not a link"

finish
