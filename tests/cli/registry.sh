#!/bin/sh
# The Modern Slavery Statement Registry: import, update (file:// and a
# loopback server this script starts), matching, overrides and flags.
# Usage: LC_ALL=C sh tests/cli/registry.sh build/chainwatch   (from the repository root)
. tests/cli/lib.sh

REG22=data/sample/registry/StatementSummaries2022.csv
REG23=tests/data/registry/StatementSummaries2023.csv
RSPEND=tests/data/registry/spend-2022-01.csv
RMASTER=tests/data/registry/suppliers-2022-01.csv
RDB=$T/registry.db

# --- usage ---
expect 0 registry-help -- "$BIN" registry --help
grep_file registry-help "$T/out" "registry update"
expect 2 registry-no-sub -- "$BIN" registry
grep_err registry-no-sub "expected import, update"
expect 2 registry-import-nothing -- "$BIN" registry import --db "$RDB"
grep_err registry-import-nothing "no FILE given"
expect 2 registry-bad-year -- "$BIN" registry update --year 22 --db "$RDB"
grep_err registry-bad-year "is not a year"
expect 2 registry-year-on-import -- "$BIN" registry import "$REG22" --year 2022 --db "$RDB"
grep_err registry-year-on-import "are for 'registry update'"
expect 2 override-needs-by -- "$BIN" registry override id:S001 --is 02174990 --db "$RDB"
grep_err override-needs-by "--by NAME is required"

# --- import: the real 2022 extract, every row accounted for ---
expect 0 registry-import -- "$BIN" registry import "$REG22" "$REG23" --db "$RDB"
grep_err registry-import "registry 2022: 282 rows (90 statements), 0 rejected"
grep_err registry-import "StatementSummaries2023.csv:[0-9]*: rejected: OrganisationName is empty"
grep_err registry-import "registry 2023: 35 rows (35 statements), 1 rejected"
want registry-rows "$(sql "$RDB" 'select count(*) from registry_rows where year = 2022')" 282
want registry-blank-numbers "$(sql "$RDB" 'select count(*) from registry_rows where year = 2022 and company_number is null')" 33
want registry-tab-name "$(sql "$RDB" "select count(*) from registry_rows where org_name = '+365 Medicines GmbH'")" 1
want registry-br-number "$(sql "$RDB" "select company_number from registry_rows where org_name = 'AMBER FOODS LIMITED'")" BR010617
want registry-areas "$(sql "$RDB" "select areas from registry_rows where org_name = 'SOFTCAT PLC'")" 31
want registry-band "$(sql "$RDB" "select turnover from registry_rows where org_name = 'SOFTCAT PLC'")" 5
want registry-multiline "$(sql "$RDB" "select count(*) from registry_rows where year = 2023 and org_name = 'ABC CLEANING LIMITED'")" 2
expect 0 registry-status -- "$BIN" registry status --db "$RDB"
grep_file registry-status "$T/out" "^2022	282	90	0	"
grep_file registry-status "$T/out" "^2023	35	35	1	"
# importing the same year again replaces it, never doubles it
expect 0 registry-reimport -- "$BIN" registry import "$REG22" --db "$RDB" --quiet
want registry-reimport-rows "$(sql "$RDB" 'select count(*) from registry_rows where year = 2022')" 282

# files that are not usable leave the database as it was
printf 'hello,world\n1,2\n' >"$T/notreg.csv"
expect 3 registry-not-registry -- "$BIN" registry import "$T/notreg.csv" --db "$RDB"
grep_err registry-not-registry "is not a registry StatementSummaries file: no StatementYear column"
head -c 100000 "$REG22" >"$T/cut.csv"
expect 3 registry-cut-off -- "$BIN" registry import "$T/cut.csv" --db "$RDB"
grep_err registry-cut-off "cut.csv:[0-9]*: .*the file was cut off"
want registry-cut-kept "$(sql "$RDB" 'select count(*) from registry_rows where year = 2022')" 282
expect 3 registry-missing -- "$BIN" registry import "$T/none.csv" --db "$RDB"
grep_err registry-missing "cannot read"

# --- matching the suppliers of a January 2022 scan ---
expect 0 registry-scan -- "$BIN" scan --spend "$RSPEND" --suppliers "$RMASTER" --db "$RDB" \
	--out "$T/reg1" --council Testshire --quiet
S=$T/reg1/suppliers.csv
# name: "Softcat Ltd" is the registry's SOFTCAT PLC (legal forms differ)
want softcat-status "$(supcol "$S" 'Softcat Ltd' statement_status)" "found current"
want softcat-method "$(supcol "$S" 'Softcat Ltd' match_method)" name
want softcat-scope "$(supcol "$S" 'Softcat Ltd' in_scope)" required
want softcat-areas "$(supcol "$S" 'Softcat Ltd' statement_areas)" 5
# "(UK)" and Ltd: a group member covered by its parent's group statement
want arcadis-method "$(supcol "$S" 'Arcadis Consulting (UK) Ltd' match_method)" name
supcol "$S" 'Arcadis Consulting (UK) Ltd' reasons | grep -q "covered by the group statement of ARCADIS UK (HOLDINGS) LIMITED" && ok || bad "arcadis: group coverage not said"
# number only: a master company number with zeros lost, a name the registry never saw
want number-method "$(supcol "$S" 'Acme Trading Name' match_method)" "company number"
supcol "$S" 'Acme Trading Name' reasons | grep -q "2 SISTERS FOOD GROUP LIMITED" && ok || bad "number: wrong organisation"
# a company number that contradicts the registry's: never taken by name
want contradiction "$(supcol "$S" 'Microsoft Ltd' statement_status)" "not found"
# two organisations behind one name: ambiguous, with both candidates, never taken
want ambiguous "$(supcol "$S" 'ABC Cleaning Ltd' statement_status)" ambiguous
supcol "$S" 'ABC Cleaning Ltd' reasons | grep -q "11111111.*22222222\|22222222.*11111111" && ok || bad "ambiguous: candidates not listed"
# fuzzy: HOME CARE / HOMECARE
want fuzzy "$(supcol "$S" 'Northampton Home Care Services Ltd' match_method)" "fuzzy name"
# in scope: master turnover, spend level, public body
want scope-turnover "$(supcol "$S" 'Devon Care Homes Ltd' in_scope)" required
want scope-small "$(supcol "$S" 'Small Caterers Ltd' in_scope)" "not required"
want scope-spend "$(supcol "$S" 'Big Spend Builders Ltd' in_scope)" likely
want public-body "$(supcol "$S" 'Cornwall County Council' statement_status)" "not applicable"
# flags: the registry's wording, never "non-compliant"
grep -q "Devon Care Homes Ltd: no statement found on the registry for year 2023" "$T/reg1/flags.csv" && ok || bad "no_statement flag wording"
grep -q ",Small Caterers Ltd,no_statement," "$T/reg1/flags.csv" && bad "no_statement raised for a small supplier" || ok
grep -q ",Softcat Ltd,statement_incomplete," "$T/reg1/flags.csv" && ok || bad "incomplete flag (5 of 6 areas)"
grep -qi "non-compliant" "$T/reg1/flags.csv" "$S" && bad "'non-compliant' written" || ok
want manifest-registry "$(json "$T/reg1/manifest.json" 'len(d["registry"])')" 2
want db-statement "$(sql "$RDB" "select statement_status from run_suppliers where supplier_key = 'id:S001'")" "found current"
$PY tests/cli/check_xlsx.py "$T/reg1/supplier-risk-2022-01.xlsx" --statements >"$T/xl" 2>&1 && ok || { bad "Statements sheet"; sed 's/^/  | /' "$T/xl" >&2; }

# the same statements two years on are stale
expect 0 registry-stale -- "$BIN" scan --spend "$RSPEND" --suppliers "$RMASTER" --db "$RDB" \
	--out "$T/reg2" --council Testshire --period 2024-01 --quiet
want stale "$(supcol "$T/reg2/suppliers.csv" 'Softcat Ltd' statement_status)" "found stale"
grep -q ",Softcat Ltd,statement_stale," "$T/reg2/flags.csv" && ok || bad "stale flag"

# --- overrides: kept in the database, followed by the next scan ---
expect 2 override-unknown-supplier -- "$BIN" registry override id:NOPE --is 01624297 --by "A. Manager" --db "$RDB"
grep_err override-unknown-supplier "no supplier 'id:NOPE'"
expect 0 override-is -- "$BIN" registry override id:S005 --is 01624297 --by "A. Manager" \
	--note "confirmed with the supplier" --db "$RDB"
expect 0 override-is-not -- "$BIN" registry override id:S001 --is-not "Softcat PLC" --by "A. Manager" --db "$RDB"
expect 0 overrides-list -- "$BIN" registry overrides --db "$RDB"
grep_file overrides-list "$T/out" "	id:S005	is	01624297	A. Manager	"
grep_file overrides-list "$T/out" "	id:S001	is not	Softcat PLC	"
expect 0 registry-scan-overridden -- "$BIN" scan --spend "$RSPEND" --suppliers "$RMASTER" --db "$RDB" \
	--out "$T/reg3" --council Testshire --quiet
want override-taken "$(supcol "$T/reg3/suppliers.csv" 'Microsoft Ltd' match_method)" override
supcol "$T/reg3/suppliers.csv" 'Microsoft Ltd' reasons | grep -q "MICROSOFT LIMITED" && ok || bad "override: wrong organisation"
want override-refused "$(supcol "$T/reg3/suppliers.csv" 'Softcat Ltd' statement_status)" "not found"
expect 0 override-clear -- "$BIN" registry override id:S001 --clear --db "$RDB"
grep_err override-clear "1 override of 'id:S001' removed"

# --- update: file:// and a loopback server; nothing leaves this machine ---
mkdir -p "$T/www"
cp "$REG22" "$T/www/StatementSummaries2022.csv"
UDB=$T/update.db
# a download killed half way left its temporary file: the next update removes it
touch "$T/.registry-download.Ab12Cd.tmp.4194300" "$T/.registry-download.Ab12Ce"
expect 0 update-file -- "$BIN" registry update --year 2022 --url "file://$TOP/$(dirname "$REG22")" --db "$UDB"
grep_err update-file "registry 2022: 282 rows"
[ ! -e "$T/.registry-download.Ab12Cd.tmp.4194300" ] && ok || bad "update-file: a dead download's temporary file is left"
[ -e "$T/.registry-download.Ab12Ce" ] && ok || bad "update-file: removed a file no dead process owned"
expect 4 update-file-missing -- "$BIN" registry update --year 2021 --url "file://$T/www" --db "$UDB"
grep_err update-file-missing "registry 2021: .*no snapshot of that year is held"
if command -v "$PY" >/dev/null 2>&1; then
	HTTPD_LOG=$T/httpd.log $PY tests/cli/httpd.py "$T/www" >"$T/port" </dev/null 2>/dev/null &
	hpid=$!
	i=0
	while [ ! -s "$T/port" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	URL=http://127.0.0.1:$(head -1 "$T/port")
	HDB=$T/http.db
	expect 0 update-http -- "$BIN" registry update --year 2022 --url "$URL/ok" --db "$HDB"
	grep_err update-http "registry 2022: 282 rows"
	[ -n "$(sql "$HDB" 'select etag from registry_snapshots where year = 2022')" ] && ok || bad "update-http: no ETag kept"
	expect 0 update-304 -- "$BIN" registry update --year 2022 --url "$URL/ok" --db "$HDB"
	grep_err update-304 "not modified since"
	grep -q "inm=1" "$T/httpd.log" && ok || bad "update-304: no If-None-Match sent"
	grep -q "ua=chainwatch/" "$T/httpd.log" && ok || bad "update: User-Agent does not name chainwatch"
	loaded=$(sql "$HDB" 'select loaded from registry_snapshots where year = 2022')
	expect 4 update-404 -- "$BIN" registry update --year 2022 --url "$URL/missing" --db "$HDB"
	grep_err update-404 "HTTP 404"
	grep_err update-404 "kept the snapshot loaded $loaded"
	expect 4 update-truncated -- "$BIN" registry update --year 2022 --url "$URL/truncated" --retries 0 --db "$HDB"
	grep_err update-truncated "cut off"
	expect 4 update-garbage -- "$BIN" registry update --year 2022 --url "$URL/garbage" --db "$HDB"
	grep_err update-garbage "not a registry StatementSummaries file"
	grep_err update-garbage "kept the snapshot"
	expect 4 update-stall -- "$BIN" registry update --year 2022 --url "$URL/stall" --timeout 2 --retries 0 --db "$HDB"
	grep_err update-stall "registry 2022: "
	expect 4 update-file-redirect -- "$BIN" registry update --year 2022 --url "$URL/fileredirect" --db "$HDB"
	grep_err update-file-redirect "refused redirect to a non-HTTP(S) URL 'file:///etc/passwd' (HTTP 302)"
	if grep -q "libcurl" "$T/err"; then bad "update-file-redirect: libcurl's words"; else ok; fi
	expect 4 update-huge -- "$BIN" registry update --year 2022 --url "$URL/huge" --retries 0 --db "$HDB"
	want update-kept-rows "$(sql "$HDB" 'select count(*) from registry_rows where year = 2022')" 282
	want update-kept-loaded "$(sql "$HDB" 'select loaded from registry_snapshots where year = 2022')" "$loaded"
	# a file of another year, and one far smaller than the snapshot it would replace
	cp "$REG23" "$T/www/StatementSummaries2022.csv"
	expect 4 update-wrong-year -- "$BIN" registry update --year 2022 --url "$URL/redirect" --db "$HDB"
	grep_err update-wrong-year "holds statements for 2023, not 2022"
	head -c 20000 "$REG22" | $PY -c "import sys; d=sys.stdin.buffer.read(); sys.stdout.buffer.write(d[:d.rfind(b'\n2022,')+1])" >"$T/www/StatementSummaries2022.csv"
	expect 4 update-shrunk -- "$BIN" registry update --year 2022 --url "$URL/flaky" --db "$HDB"
	grep_err update-shrunk "too few to be the whole registry"
	want update-shrunk-kept "$(sql "$HDB" 'select count(*) from registry_rows where year = 2022')" 282
	kill "$hpid" 2>/dev/null
	wait "$hpid" 2>/dev/null
else
	echo "cli: no python3: the loopback download cases are covered by test_download only" >&2
fi

# --- a real Devon month against the real registry, when ../shared is beside the checkout ---
SHARED=${CHAINWATCH_SHARED:-$TOP/../shared}
DEVON=$SHARED/data/spend/devon/DCCSpendingOver500_202107.csv
if [ -f "$DEVON" ]; then
	expect 0 devon-registry -- "$BIN" scan --spend "$DEVON" --db "$RDB" --out "$T/devon-reg" \
		--council "Devon County Council" --quiet
	S=$T/devon-reg/suppliers.csv
	# LIMITED vs PLC; a bare "UK" vs "(UK)"; "&" vs AND with a word between: only a candidate
	want devon-softcat "$(supcol "$S" 'SOFTCAT LIMITED' match_method)" name
	want devon-arcadis "$(supcol "$S" 'ARCADIS CONSULTING UK LTD' statement_status)" "found current"
	want devon-rac "$(supcol "$S" 'RAC MOTORING SERVICES' in_scope)" required
	want devon-city-guilds "$(supcol "$S" 'CITY & GUILDS INSTITUTE' statement_status)" ambiguous
fi

finish
