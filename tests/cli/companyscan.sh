#!/bin/sh
# What the Companies House register tells the scan (issue 17 part 4): a
# register in the real format imported, then payees named the way councils
# print them matched to the right company and not its siblings; the entity
# id, the sector from the register's SIC codes beside the expense type, the
# s54 scope from the accounts category, the company_not_active flag, the
# registered office abroad, a new company paid a large sum, an ambiguous
# name listed.  Without a snapshot the outputs are those of a scan before
# the register was used (byte for byte).
# Usage: LC_ALL=C sh tests/cli/companyscan.sh build/chainwatch   (from the repository root)
. tests/cli/lib.sh

C=$T/companyscan
mkdir -p "$C"
CH=tests/data/companies
SP=$CH/spend-register-names.csv
export SOURCE_DATE_EPOCH=1767225600

# without a snapshot: as before, byte for byte
expect 0 companyscan-none -- "$BIN" scan --spend "$SP" --council "Test Council" --db "$C/none.db" \
	--out "$C/none" --quiet
same companyscan-none-suppliers "$C/none/suppliers.csv" "$CH/scan-without-register/suppliers.csv"
same companyscan-none-flags "$C/none/flags.csv" "$CH/scan-without-register/flags.csv"

# with a register (and a statement registry, so the s54 column is filled)
expect 0 companyscan-import -- "$BIN" companies import "$CH/register-scan.csv" --db "$C/cw.db"
expect 0 companyscan-registry -- "$BIN" registry import tests/data/registry/StatementSummaries2023.csv \
	--db "$C/cw.db"
expect 0 companyscan-scan -- "$BIN" scan --spend "$SP" --council "Test Council" --db "$C/cw.db" \
	--out "$C/o"
grep_err companyscan-summary "Companies House register of 2025-06-01: 8 of 10 suppliers found (1 by company number, 7 by name), 1 ambiguous"
S=$C/o/suppliers.csv
F=$C/o/flags.csv

# the company as printed, not its HOLDINGS sibling; its SIC decides, the expense type shown too
want companyscan-entity "$(supcol "$S" "ORCHARD HOME CARE LTD" entity_id)" GB-COH-20000001
want companyscan-evidence "$(supcol "$S" "ORCHARD HOME CARE LTD" entity_evidence)" \
	"Companies House: exact name 1.00 (ORCHARD HOME CARE LIMITED)"
want companyscan-rule "$(supcol "$S" "ORCHARD HOME CARE LTD" sector_rule)" sic
r=$(supcol "$S" "ORCHARD HOME CARE LTD" reasons)
case $r in *"SIC 87100 from Companies House (exact name match, 1.00)"*"expense type 'Consultancy' (Consultancy and professional services), which the register's SIC outranks"*) ok ;;
	*) bad "companyscan-sector: $r" ;; esac
case $r in *"accounts FULL"*"s54 duty unknown (its latest accounts on the Companies House register are FULL, which leave its size open"*) ok ;;
	*) bad "companyscan-full: $r" ;; esac
# a sibling the register does not hold is not taken for its parent
want companyscan-sibling "$(supcol "$S" "ORCHARD HOME CARE (DEVON) LTD" entity_id)" ""
case $(supcol "$S" "ORCHARD HOME CARE (DEVON) LTD" reasons) in *"Companies House"*) bad "companyscan-sibling-reasons" ;; *) ok ;; esac
# a descriptor after the name, a former name, the council's own number
want companyscan-descriptor "$(supcol "$S" "SWIFTCLEAN SERVICES LTD - CONTRACT 44" entity_id)" GB-COH-20000003
want companyscan-previous "$(supcol "$S" "VALLEY ROOFING AND SCAFFOLDING LTD" entity_evidence)" \
	"Companies House: previous name 0.95 (VALLEY ROOFING LIMITED)"
want companyscan-number "$(supcol "$S" "NUMBERED SUPPLIES" entity_evidence)" \
	"company number 20000010 in the council's file"
# s54 scope from the accounts category
want companyscan-small "$(supcol "$S" "SWIFTCLEAN SERVICES LTD - CONTRACT 44" in_scope)" "not required"
case $(supcol "$S" "SWIFTCLEAN SERVICES LTD - CONTRACT 44" reasons) in
	*"TOTAL EXEMPTION FULL, for companies within the small-company limits (two of: turnover £10.2m"*"£15m, £7.5m and 50 from 6 April 2025)"*) ok ;;
	*) bad "companyscan-small-reasons" ;; esac
want companyscan-micro "$(supcol "$S" "VALLEY ROOFING AND SCAFFOLDING LTD" in_scope)" "not required"
want companyscan-dormant "$(supcol "$S" "DORMANT NOMINEES LTD" in_scope)" "not required"
case $(supcol "$S" "DORMANT NOMINEES LTD" reasons) in *"DORMANT, for a company with no significant transactions"*) ok ;;
	*) bad "companyscan-dormant-reasons" ;; esac
# ambiguous: listed, not matched
want companyscan-ambiguous "$(supcol "$S" TWINLAKE entity_id)" ""
case $(supcol "$S" TWINLAKE reasons) in *"fits several companies (TWINLAKE LIMITED (20000008); TWINLAKE LLP (OC000009)) - left unmatched"*) ok ;;
	*) bad "companyscan-ambiguous-reasons" ;; esac
# a registered office abroad scores its country
want companyscan-abroad "$(supcol "$S" "KUALA GLOVES SDN BHD" geography_score)" 58
grep_file companyscan-abroad-flag "$F" "KUALA GLOVES SDN BHD,high_risk_geography"
# a company incorporated six months before a £40,000 payment: a line in the reasons, no flag
case $(supcol "$S" "BRAND NEW LOGISTICS LIMITED" reasons) in
	*"incorporated less than 12 months before its largest payment, £40,000.00 on 2025-12-10"*) ok ;;
	*) bad "companyscan-new-company" ;; esac
# people and public bodies are not looked up
want companyscan-person "$(supcol "$S" "Mrs Jane Smith" entity_type)" individual
want companyscan-council "$(supcol "$S" "Plymouth City Council" entity_id)" GB-LAE-PLY

# company_not_active: the dissolved company (high, with its date), liquidation, strike-off
kind() { $PY - "$F" "$1" <<'PY'
import csv, sys
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")):
    if r["supplier_name"] == sys.argv[2] and r["kind"] == "company_not_active":
        print(r["severity"] + "|" + r["summary"])
PY
}
want companyscan-dissolved "$(kind "GONE AWAY TRADING LTD")" \
	"high|GONE AWAY TRADING LTD: Companies House shows the company dissolved (dissolution date 2025-09-15) while the council paid it £5,000.00 this period - indicator for review"
case $(kind "SWIFTCLEAN SERVICES LTD - CONTRACT 44") in "medium|"*"in liquidation"*) ok ;; *) bad "companyscan-liquidation" ;; esac
case $(kind "NUMBERED SUPPLIES") in "medium|"*"to be struck off"*) ok ;; *) bad "companyscan-strike-off" ;; esac
want companyscan-active "$(kind "ORCHARD HOME CARE LTD")" ""
want companyscan-flag-count "$(grep -c ',company_not_active,' "$F")" 3

# a contract manager says which company the ambiguous name is: the register's facts follow
expect 0 companyscan-entity-set -- "$BIN" entity set nm:TWINLAKE --type company --id GB-COH-OC000009 \
	--by "A. Officer" --council "Test Council" --db "$C/cw.db"
expect 0 companyscan-rescan -- "$BIN" scan --spend "$SP" --council "Test Council" --db "$C/cw.db" \
	--out "$C/r" --replace-overlapping --quiet
want companyscan-override-id "$(supcol "$C/r/suppliers.csv" TWINLAKE entity_id)" GB-COH-OC000009
case $(supcol "$C/r/suppliers.csv" TWINLAKE reasons) in
	*"Companies House: TWINLAKE LLP OC000009 (override 1.00), Active"*"SIC 43390 from Companies House (override, 1.00)"*) ok ;;
	*) bad "companyscan-override-reasons: $(supcol "$C/r/suppliers.csv" TWINLAKE reasons)" ;; esac
want companyscan-override-scope "$(supcol "$C/r/suppliers.csv" TWINLAKE in_scope)" "not required"

finish
