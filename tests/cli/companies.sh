#!/bin/sh
# The open registers (issue 17): `companies import | status | match` on
# real Companies House sample rows, a cut zip refused with the snapshot
# kept, usage errors; `charities import | status`, a file with too many
# bad rows refused, the extract's JSON form read and refused cut off.
# Usage: LC_ALL=C sh tests/cli/companies.sh build/chainwatch   (from the repository root)
. tests/cli/lib.sh

K=$T/companies
mkdir -p "$K"
KDB=$K/cw.db
CH=tests/data/companies

expect 0 companies-status-none -- "$BIN" companies status --db "$KDB"
grep_file companies-status-none "$T/out" "no Companies House snapshot"
expect 0 companies-import -- "$BIN" companies import "$CH/BasicCompanyData-2020-06-01-part6_7.zip" \
	"$CH/basic-sample-2021-01.csv" --db "$KDB"
grep_err companies-import "companies: [0-9]* companies ([0-9]* names), 0 rejected, register of 2020-06-01"
expect 0 companies-status -- "$BIN" companies status --db "$KDB"
grep_file companies-status "$T/out" "register date   2020-06-01 (from the file name)"
n=$(sed -n 's/^companies *\([0-9]*\) .*/\1/p' "$T/out")
[ -n "$n" ] && [ "$n" -gt 100 ] && ok || bad "companies-status: count '$n'"

# a payee name as a council prints it matches the company, not a near name
expect 0 companies-match -- "$BIN" companies match "UNIQ FINANCE GROUP" "Universal Bars Ltd" \
	"NOBODY AT ALL LTD" --db "$KDB"
grep_file companies-match "$T/out" "matched: 11990344 UNIQ FINANCE GROUP LTD (exact name"
grep_file companies-match "$T/out" "matched: SC416208 UNIVERSAL BARS LIMITED"
grep_file companies-match "$T/out" "incorporated 2012-02-06"
grep_file companies-match "$T/out" "^  unmatched"

# a zip cut off half way: exit 3, the snapshot in use stays
head -c 3000 "$CH/BasicCompanyData-2020-06-01-part6_7.zip" >"$K/cut.zip"
expect 3 companies-cut-zip -- "$BIN" companies import "$K/cut.zip" --db "$KDB"
grep_err companies-cut-zip "cut.zip: not a complete zip"
expect 0 companies-status-kept -- "$BIN" companies status --db "$KDB"
grep_file companies-status-kept "$T/out" "^companies *$n "

# usage
expect 2 companies-no-file -- "$BIN" companies import --db "$KDB"
grep_err companies-no-file "companies import: no FILE given"
expect 2 companies-unknown -- "$BIN" companies frob --db "$KDB"
grep_err companies-unknown "unknown subcommand 'frob'"
expect 2 companies-status-arg -- "$BIN" companies status extra --db "$KDB"
grep_err companies-status-arg "unexpected argument 'extra'"

# the Charity Commission extract: the fixture's three bad rows are over 5%, so refused
CX=tests/data/charities/publicextract.charity.txt
expect 3 charities-too-many-rejects -- "$BIN" charities import "$CX" --db "$KDB"
grep_err charities-too-many-rejects "3 of 9 rows rejected, more than 5%: the register was not replaced"
grep_err charities-too-many-rejects "publicextract.charity.txt:8: rejected:"
expect 0 charities-status-none -- "$BIN" charities status --db "$KDB"
grep_file charities-status-none "$T/out" "no Charity Commission snapshot"
sed '8,10d' "$CX" >"$K/publicextract.charity.txt"
expect 0 charities-import -- "$BIN" charities import "$K/publicextract.charity.txt" --db "$KDB"
grep_err charities-import "charities: [0-9]* charities"
expect 0 charities-status -- "$BIN" charities status --db "$KDB"
grep_file charities-status "$T/out" "^charities  "
expect 2 charities-no-file -- "$BIN" charities import --db "$KDB"
grep_err charities-no-file "charities import: no FILE given"

# a scan with the charity register: a registered charity's name is its entity and its
# income its s54 scope; a removed charity is not taken
printf 'Supplier Name,Amount,Payment Date,Expense Type\nDevon Community Hospice Trust,12500.00,03/03/2026,Care Spot - Private (3rd)\nEXETER FOOD BANK CIO,800.00,04/03/2026,Grants\nOld Plymouth Almshouses,900.00,05/03/2026,Grants\n' >"$K/charity-spend.csv"
expect 0 charities-scan -- "$BIN" scan --spend "$K/charity-spend.csv" --council Testshire --db "$KDB" \
	--out "$K/cs"
grep_err charities-scan "Charity Commission register: 2 of 3 suppliers found by name"
want charities-scan-hospice "$(supcol "$K/cs/suppliers.csv" "Devon Community Hospice Trust" entity_id)" "GB-CHC-200001"
want charities-scan-cio "$(supcol "$K/cs/suppliers.csv" "EXETER FOOD BANK CIO" entity_id)" "GB-CHC-1180001"
want charities-scan-removed "$(supcol "$K/cs/suppliers.csv" "Old Plymouth Almshouses" entity_id)" ""
grep_file charities-scan-income "$K/cs/suppliers.csv" "charity 200001's latest income on the Charity Commission register is £2,345,678.00, under £36 million"

# the three registers in one import: England and Wales's extract, OSCR's and CCNI's CSVs,
# told apart by their headers; ids GB-CHC-, GB-SC-, GB-NIC-
sed '6,8d' tests/data/charities/CharityExport-OSCR.csv >"$K/oscr.csv"
sed '6d' tests/data/charities/CCNI-export.csv >"$K/ccni.csv"
expect 0 charities-three -- "$BIN" charities import "$K/publicextract.charity.txt" "$K/oscr.csv" \
	"$K/ccni.csv" --db "$KDB"
grep_err charities-three "charities: 13 charities (5 England and Wales, 5 Scotland, 3 Northern Ireland; 2 linked left out), 8 classifications, 0 other names, 0 rejected"
expect 0 charities-three-status -- "$BIN" charities status --db "$KDB"
grep_file charities-three-status "$T/out" "^  Scotland *5 (GB-SC-)"
grep_file charities-three-status "$T/out" "^  Northern Ireland *3 (GB-NIC-)"
grep_file charities-three-status "$T/out" "^  England and Wales *5 (GB-CHC-)"
# a cut-off OSCR file among good ones: refused, the three-register snapshot kept
head -c 1500 "$K/oscr.csv" >"$K/oscr-cut.csv"
expect 3 charities-cut -- "$BIN" charities import "$K/ccni.csv" "$K/oscr-cut.csv" --db "$KDB"
grep_err charities-cut "oscr-cut.csv:[0-9]*: .*cut off"
expect 0 charities-cut-status -- "$BIN" charities status --db "$KDB"
grep_file charities-cut-status "$T/out" "^  Scotland *5 (GB-SC-)"
# the extract's classification and other-names tables, told by their headers (not their names),
# in the same import as the main table; alone they are refused and the snapshot is kept
grep -v 'X1' tests/data/charities/publicextract.charity_classification.txt >"$K/table-a.txt"
sed '7d' tests/data/charities/publicextract.charity_other_names.txt >"$K/table-b.txt"
expect 2 charities-tables-alone -- "$BIN" charities import "$K/table-a.txt" "$K/table-b.txt" --db "$KDB"
grep_err charities-tables-alone "table-a.txt' is a table of the Charity Commission's extract: import it with the extract's main table"
expect 0 charities-tables-alone-status -- "$BIN" charities status --db "$KDB"
grep_file charities-tables-alone-status "$T/out" "^  Scotland *5 (GB-SC-)"
grep_file charities-tables-alone-status "$T/out" "^classifications 8$"
expect 0 charities-tables -- "$BIN" charities import "$K/table-b.txt" "$K/publicextract.charity.txt" \
	"$K/table-a.txt" "$K/oscr.csv" "$K/ccni.csv" --db "$KDB"
grep_err charities-tables "charities: 13 charities (5 England and Wales, 5 Scotland, 3 Northern Ireland; 4 linked left out), 16 classifications, 3 other names, 0 rejected"
expect 0 charities-tables-status -- "$BIN" charities status --db "$KDB"
grep_file charities-tables-status "$T/out" "^classifications 16$"
grep_file charities-tables-status "$T/out" "^other names     3 (working and previous names)$"
# a classification table cut off mid-row: refused, the snapshot with its tables kept
head -c 500 "$K/table-a.txt" >"$K/table-cut.txt"
expect 3 charities-tables-cut -- "$BIN" charities import "$K/publicextract.charity.txt" "$K/table-cut.txt" --db "$KDB"
grep_err charities-tables-cut "table-cut.txt:[0-9]*: .*cut off"
expect 0 charities-tables-cut-status -- "$BIN" charities status --db "$KDB"
grep_file charities-tables-cut-status "$T/out" "^classifications 16$"
# charities match: a working name, a previous name, numbers as councils print them
expect 0 charities-match -- "$BIN" charities match "Exeter Foodbank" "Devon Hospice Care Trust" \
	NIC100019 "1180001-1" "No Such Charity" --db "$KDB"
cp "$T/out" "$K/match-text.out"
grep_file charities-match "$T/out" "^  matched: GB-CHC-1180001 Exeter Food Bank CIO (other name (working name) 'Exeter Foodbank', Registered, confidence 0.95)"
grep_file charities-match "$T/out" "^  classification: 105 207 306$"
grep_file charities-match "$T/out" "^  matched: GB-CHC-200001 DEVON COMMUNITY HOSPICE TRUST (other name (previous name)"
grep_file charities-match "$T/out" "^  matched: GB-NIC-100019 Belfast Community Advice Centre (charity number"
grep_file charities-match "$T/out" "^1180001-1$"
grep_file charities-match "$T/out" "^  unmatched$"
# a scan: a working name, a council's prefixed number for a name the register does not hold,
# a bare 6-digit number on two registers told by the name; the method in the evidence
printf 'Supplier Name,Charity Number,Amount,Payment Date,Expense Type\nExeter Foodbank,,300.00,03/03/2026,Grants\nBCAC Belfast,NIC100019,400.00,04/03/2026,Grants\nDevon Hospice Care Trust,,500.00,05/03/2026,Grants\nBelfast Community Advice Centre,100019,600.00,06/03/2026,Grants\n' >"$K/other-spend.csv"
expect 0 charities-scan-other -- "$BIN" scan --spend "$K/other-spend.csv" --council Testshire --db "$KDB" \
	--out "$K/ocs"
grep_err charities-scan-other "4 of 4 suppliers found by name or number"
want charities-scan-working "$(supcol "$K/ocs/suppliers.csv" "Exeter Foodbank" entity_id)" "GB-CHC-1180001"
want charities-scan-nic-number "$(supcol "$K/ocs/suppliers.csv" "BCAC Belfast" entity_id)" "GB-NIC-100019"
want charities-scan-previous "$(supcol "$K/ocs/suppliers.csv" "Devon Hospice Care Trust" entity_id)" "GB-CHC-200001"
# a bare 100019: the council's number, on the register whose entry has the payee's name
want charities-scan-bare-number "$(supcol "$K/ocs/suppliers.csv" "Belfast Community Advice Centre" entity_id)" "GB-NIC-100019"
grep_file charities-scan-working-how "$K/ocs/suppliers.csv" "Charity Commission register: other name (working name) 0.95 (Exeter Food Bank CIO, charity 1180001)"
# the charity's classification decides its sector over the expense type, both in the reasons
printf 'Supplier Name,Amount,Payment Date,Expense Type\nDevon Community Hospice Trust,12500.00,03/03/2026,Consultancy\n' >"$K/class-spend.csv"
expect 0 charities-scan-class -- "$BIN" scan --spend "$K/class-spend.csv" --council Testshire --db "$KDB" \
	--out "$K/ccs"
want charities-scan-class-rule "$(supcol "$K/ccs/suppliers.csv" "Devon Community Hospice Trust" sector_rule)" "charity classification"
want charities-scan-class-sector "$(supcol "$K/ccs/suppliers.csv" "Devon Community Hospice Trust" sector_id)" "domiciliary_care"
grep_file charities-scan-class-also "$K/ccs/suppliers.csv" "expense type 'Consultancy' (Consultancy and professional services), which the charity's classification outranks"
grep_file charities-scan-number-how "$K/ocs/suppliers.csv" "charity number GB-NIC-100019 in the council's file, on the Charity Commission for Northern Ireland register"
printf 'Supplier Name,Amount,Payment Date,Expense Type\nGlasgow Community Food Trust,700.00,03/03/2026,Grants\nBelfast Community Advice Centre,650.00,04/03/2026,Grants\nOld Leith Almshouses,900.00,05/03/2026,Grants\n' >"$K/uk-charity-spend.csv"
expect 0 charities-scan-uk -- "$BIN" scan --spend "$K/uk-charity-spend.csv" --council Testshire --db "$KDB" \
	--out "$K/ucs"
grep_err charities-scan-uk "charity registers (5 England and Wales, 5 Scotland, 3 Northern Ireland): 2 of 3 suppliers found by name"
want charities-scan-sc "$(supcol "$K/ucs/suppliers.csv" "Glasgow Community Food Trust" entity_id)" "GB-SC-SC012345"
want charities-scan-nic "$(supcol "$K/ucs/suppliers.csv" "Belfast Community Advice Centre" entity_id)" "GB-NIC-100019"
want charities-scan-sc-removed "$(supcol "$K/ucs/suppliers.csv" "Old Leith Almshouses" entity_id)" ""
grep_file charities-scan-sc-income "$K/ucs/suppliers.csv" "charity SC012345's latest income on the Scottish Charity Register (OSCR) is £123,456.00, under £36 million"

# a cross-border Scottish entry (also on England and Wales's register) of an English
# charity's name is that charity, the English id stands; a Scottish namesake that is not
# cross-border makes the name ambiguous, and nothing is taken
oscr_head=$(head -1 tests/data/charities/CharityExport-OSCR.csv)
commas=',,,,,,,,,,,,,,,,,,,,,,,,,,,,,'
printf '%s\r\nSC088888,Devon Community Hospice Trust,01/01/2001,,Active,,EX1 1AA%sCross Border\r\n' \
	"$oscr_head" "$commas" >"$K/oscr-cross.csv"
expect 0 charities-cross -- "$BIN" charities import "$K/publicextract.charity.txt" "$K/oscr-cross.csv" --db "$KDB"
grep_err charities-cross "charities: 6 charities (5 England and Wales, 1 Scotland"
printf 'Supplier Name,Amount,Payment Date,Expense Type\nDevon Community Hospice Trust,12500.00,03/03/2026,Care Spot - Private (3rd)\n' >"$K/cross-spend.csv"
expect 0 charities-cross-scan -- "$BIN" scan --spend "$K/cross-spend.csv" --council Testshire --db "$KDB" \
	--out "$K/xcs"
want charities-cross-id "$(supcol "$K/xcs/suppliers.csv" "Devon Community Hospice Trust" entity_id)" "GB-CHC-200001"
sed 's/Cross Border/Standard/' "$K/oscr-cross.csv" >"$K/oscr-namesake.csv"
expect 0 charities-namesake -- "$BIN" charities import "$K/publicextract.charity.txt" "$K/oscr-namesake.csv" --db "$KDB"
expect 0 charities-namesake-scan -- "$BIN" scan --spend "$K/cross-spend.csv" --council Testshire --db "$KDB" \
	--out "$K/ncs"
want charities-namesake-id "$(supcol "$K/ncs/suppliers.csv" "Devon Community Hospice Trust" entity_id)" ""
grep_err charities-namesake-scan "charity registers: 1 suppliers' names fit several charities - left unmatched"
grep_file charities-namesake-why "$K/ncs/suppliers.csv" "Charity registers: the name fits several charities (DEVON COMMUNITY HOSPICE TRUST (GB-CHC-200001); Devon Community Hospice Trust (GB-SC-SC088888)) - left unmatched"
expect 0 charities-match-ambiguous -- "$BIN" charities match "Devon Community Hospice Trust" --db "$KDB"
grep_file charities-match-ambiguous "$T/out" "^  ambiguous: GB-CHC-200001 DEVON COMMUNITY HOSPICE TRUST (Registered); GB-SC-SC088888 Devon Community Hospice Trust (Active)$"

# the extract's JSON form (publicextract.charity.json), told by its '[': the same charities
# as the text form; cut off, it is refused and the snapshot it would replace stays
sed '7,8d' tests/data/charities/publicextract.charity.json >"$K/publicextract.charity.json"
expect 0 charities-json -- "$BIN" charities import "$K/publicextract.charity.json" "$K/oscr.csv" --db "$KDB"
grep_err charities-json "charities: 10 charities (5 England and Wales, 5 Scotland, 0 Northern Ireland; 1 linked left out), 4 classifications, 0 other names, 0 rejected"
head -c 2500 "$K/publicextract.charity.json" >"$K/json-cut.json"
expect 3 charities-json-cut -- "$BIN" charities import "$K/json-cut.json" --db "$KDB"
grep_err charities-json-cut "json-cut.json:[0-9]*: the file ends inside the object that starts here: it was cut off"
expect 0 charities-json-cut-status -- "$BIN" charities status --db "$KDB"
grep_file charities-json-cut-status "$T/out" "^  England and Wales *5 (GB-CHC-)"
grep_file charities-json-cut-status "$T/out" "^  Scotland *5 (GB-SC-)"
# the classification and other-names tables in their JSON form, with the JSON main table:
# the same snapshot as their text forms give
$PY scripts/ccew-json.py convert "$K/table-a.txt" "$K/table-a.json" 2>/dev/null
$PY scripts/ccew-json.py convert "$K/table-b.txt" "$K/table-b.json" 2>/dev/null
expect 0 charities-json-tables -- "$BIN" charities import "$K/table-b.json" \
	"$K/publicextract.charity.json" "$K/table-a.json" "$K/oscr.csv" "$K/ccni.csv" --db "$KDB"
grep_err charities-json-tables "charities: 13 charities (5 England and Wales, 5 Scotland, 3 Northern Ireland; 4 linked left out), 16 classifications, 3 other names, 0 rejected"
expect 0 charities-json-tables-match -- "$BIN" charities match "Exeter Foodbank" \
	"Devon Hospice Care Trust" NIC100019 "1180001-1" "No Such Charity" --db "$KDB"
same charities-json-tables-same "$T/out" "$K/match-text.out"

finish
