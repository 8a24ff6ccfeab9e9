#!/bin/sh
# What each payee is (issue 16): entity columns in suppliers.csv and the
# database, public bodies and individuals outside High/Medium and unflagged,
# the council's type and charity columns, and overrides kept per council.
# Usage: LC_ALL=C sh tests/cli/entity.sh build/chainwatch   (from the repository root)
. tests/cli/lib.sh

N=$T/entity
mkdir -p "$N"
NDB=$N/cw.db
ES=tests/data/entity/spend-with-types.csv
for c in A B; do
	SOURCE_DATE_EPOCH=1767225600 expect 0 "entity-scan-$c" -- "$BIN" scan --spend "$ES" \
		--council "Council $c" --period 2026-01 --db "$NDB" --out "$N/o$c" --quiet
done
col() { $PY - "$1" "$2" "$3" <<'PY'
import csv, sys
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")):
    if r["supplier_key"] == sys.argv[2]:
        print(r[sys.argv[3]])
PY
}
want entity-council-type "$(col "$N/oA/suppliers.csv" id:E001 entity_type)" public_body
want entity-council-id "$(col "$N/oA/suppliers.csv" id:E001 entity_id)" GB-LAE-EDE
want entity-council-tier "$(col "$N/oA/suppliers.csv" id:E001 tier)" Low
want entity-council-rule "$(col "$N/oA/suppliers.csv" id:E001 sector_rule)" entity
want entity-nhs-id "$(col "$N/oA/suppliers.csv" id:E002 entity_id)" GB-NHS-RBZ
want entity-nhs-tier "$(col "$N/oA/suppliers.csv" id:E002 tier)" Low
want entity-person "$(col "$N/oA/suppliers.csv" id:E003 entity_type)/$(col "$N/oA/suppliers.csv" id:E003 tier)/$(col "$N/oA/suppliers.csv" id:E003 risk_score)" individual/Low/0
want entity-title "$(col "$N/oA/suppliers.csv" id:E004 entity_type)/$(col "$N/oA/suppliers.csv" id:E004 sector_id)" individual/
want entity-charity-word "$(col "$N/oA/suppliers.csv" id:E005 entity_type)" charity
want entity-charity-number "$(col "$N/oA/suppliers.csv" id:E006 entity_id)" GB-CHC-1090095
want entity-wga "$(col "$N/oA/suppliers.csv" id:E007 entity_type)" public_body
want entity-company "$(col "$N/oA/suppliers.csv" id:E008 entity_type)/$(col "$N/oA/suppliers.csv" id:E008 tier)" company/High
grep -q "^[^,]*,[^,]*,id:E00[1234]," "$N/oA/flags.csv" && bad "entity: a public body or person was flagged" || ok
grep_file entity-flags "$N/oA/flags.csv" ",id:E008,"
want entity-db "$(sql "$NDB" "select group_concat(entity_type, ' ') from (select rs.entity_type from run_suppliers rs join runs r on r.id = rs.run_id where r.council = 'Council A' and rs.supplier_key in ('id:E001', 'id:E003', 'id:E006') order by rs.supplier_key)")" "public_body individual charity"

# a contract manager's correction, for council A only
expect 2 entity-set-bad-type -- "$BIN" entity set id:E008 --type sole-trader --by "A. Officer" --council "Council A" --db "$NDB"
grep_err entity-set-bad-type "--type 'sole-trader' is not company, charity, public_body, individual or unknown"
expect 2 entity-set-no-by -- "$BIN" entity set id:E008 --type charity --council "Council A" --db "$NDB"
grep_err entity-set-no-by "--by NAME is required"
expect 2 entity-set-unknown -- "$BIN" entity set id:NOPE --type charity --by "A. Officer" --council "Council A" --db "$NDB"
grep_err entity-set-unknown "no supplier 'id:NOPE' of Council A"
expect 2 entity-set-bad-id -- "$BIN" entity set id:E008 --type charity --id 1090095 --by "A. Officer" --council "Council A" --db "$NDB"
expect 2 entity-set-which-council -- "$BIN" entity set id:E008 --type charity --by "A. Officer" --db "$NDB"
expect 0 entity-set -- "$BIN" entity set id:E003 --type company --id GB-COH-01234567 --by "A. Officer" --note "trades as a care agency" --council "Council A" --db "$NDB"
for c in A B; do
	SOURCE_DATE_EPOCH=1767225600 expect 0 "entity-rescan-$c" -- "$BIN" scan --spend "$ES" \
		--council "Council $c" --period 2026-01 --db "$NDB" --out "$N/r$c" --quiet
done
want entity-override-a "$(col "$N/rA/suppliers.csv" id:E003 entity_type)/$(col "$N/rA/suppliers.csv" id:E003 entity_id)" company/GB-COH-01234567
grep_file entity-override-evidence "$N/rA/suppliers.csv" "set by A. Officer on .*: trades as a care agency"
want entity-override-b "$(col "$N/rB/suppliers.csv" id:E003 entity_type)" individual
expect 0 entity-list -- "$BIN" entity list --db "$NDB"
want entity-list-rows "$(sql "$NDB" "select council || ' ' || supplier_key || ' ' || entity_type from entity_overrides")" "Council A id:E003 company"
expect 0 entity-clear -- "$BIN" entity clear id:E003 --council "Council A" --db "$NDB"
want entity-cleared "$(sql "$NDB" "select count(*) from entity_overrides")" 0
# the manifest counts the payees by what they are: individual payees apart
want entity-manifest "$(json "$N/oA/manifest.json" 'd["totals"]["suppliers_by_entity"]["individual"]["suppliers"], d["totals"]["suppliers_by_entity"]["public_body"]["spend_pence"]')" "(2, 40100000)"
# ... and from the supplier master: its charity number and supplier type ("N/A" is no number)
SOURCE_DATE_EPOCH=1767225600 expect 0 entity-master -- "$BIN" scan --spend "$ES" \
	--suppliers tests/data/entity/suppliers-with-types.csv --council "Council M" \
	--period 2026-01 --db "$N/m.db" --out "$N/oM" --quiet
want entity-master-charity "$(col "$N/oM/suppliers.csv" id:E005 entity_id)" GB-CHC-1059131
want entity-master-type "$(col "$N/oM/suppliers.csv" id:E008 entity_type)/$(col "$N/oM/suppliers.csv" id:E008 entity_evidence)" "company/the council's supplier type 'Company'"

finish
