#!/bin/sh
# The Companies House API with a key (issue 17 part 5), against the
# loopback stand-in of tests/cli/httpd.py: what the bulk snapshot did not
# resolve is found online (by name through the search, taking only the
# result whose name key is the payee's; by the council's company number),
# cached in the database (a second scan sends no request), a refused key
# or a failing API is a warning and the scan goes on, the key never shows
# in an output, and without a key nothing is sent.
# Usage: LC_ALL=C sh tests/cli/chapi.sh build/chainwatch   (from the repository root)
. tests/cli/lib.sh

C=$T/chapi
mkdir -p "$C/www"
cp tests/data/chapi/*.json "$C/www/"
SP=$C/spend.csv
cp tests/data/companies/spend-register-names.csv "$SP"
printf '12/12/2025,HILLSIDE NURSERY,00123456,Childcare,900.00\n' >>"$SP"
KEY=k3y-Secret-0bda5e
export SOURCE_DATE_EPOCH=1767225600
unset CHAINWATCH_CH_KEY CHAINWATCH_CH_API_URL

HTTPD_CH_KEY=$KEY HTTPD_LOG=$C/httpd.log $PY tests/cli/httpd.py "$C/www" >"$C/port" </dev/null 2>/dev/null &
hpid=$!
trap 'kill $hpid 2>/dev/null; rm -rf "$T"' EXIT
i=0
while [ ! -s "$C/port" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
export CHAINWATCH_CH_API_URL=http://127.0.0.1:$(head -1 "$C/port")/ch
requests() { if [ -f "$C/httpd.log" ]; then wc -l <"$C/httpd.log" | tr -d ' '; else echo 0; fi; }

expect 0 chapi-import -- "$BIN" companies import tests/data/companies/register-scan.csv --db "$C/cw.db"

# offline without a key: no request
expect 0 chapi-offline -- "$BIN" scan --spend "$SP" --council "Test Council" --db "$C/cw.db" \
	--out "$C/off"
want chapi-offline-requests "$(requests)" 0
want chapi-offline-entity "$(supcol "$C/off/suppliers.csv" "ORCHARD HOME CARE (DEVON) LTD" entity_id)" ""
case $(cat "$T/err") in *"Companies House API"*) bad "chapi-offline: mentions the API" ;; *) ok ;; esac

# with the key: the payee the snapshot lacks is found by name, the numbered one by number
expect 0 chapi-online -- "$BIN" scan --spend "$SP" --council "Test Council" --db "$C/cw.db" \
	--out "$C/on" --companies-house-key "$KEY"
cp "$T/err" "$C/online.err"
grep_err chapi-online-summary "Companies House API: 2 of 2 suppliers the snapshot did not resolve found (3 requests, 0 answers from the cache)"
S=$C/on/suppliers.csv
want chapi-entity "$(supcol "$S" "ORCHARD HOME CARE (DEVON) LTD" entity_id)" GB-COH-30000001
want chapi-evidence "$(supcol "$S" "ORCHARD HOME CARE (DEVON) LTD" entity_evidence)" \
	"Companies House: Companies House API 1.00 (ORCHARD HOME CARE (DEVON) LIMITED)"
want chapi-rule "$(supcol "$S" "ORCHARD HOME CARE (DEVON) LTD" sector_rule)" sic
r=$(supcol "$S" "ORCHARD HOME CARE (DEVON) LTD" reasons)
case $r in *"Companies House: ORCHARD HOME CARE (DEVON) LIMITED 30000001 (Companies House API 1.00), Active, incorporated 2012-04-02, accounts FULL, SIC 87100"*) ok ;;
	*) bad "chapi-reasons: $r" ;; esac
case $r in *"SIC 87100 from Companies House"*) ok ;; *) bad "chapi-sector: $r" ;; esac
want chapi-number "$(supcol "$S" "HILLSIDE NURSERY" entity_id)" GB-COH-00123456
case $(supcol "$S" "HILLSIDE NURSERY" reasons) in *"HILLSIDE NURSERY LIMITED 00123456 (Companies House API 1.00), Active, incorporated 2001-09-14, accounts MICRO ENTITY, SIC 88910"*) ok ;;
	*) bad "chapi-micro: $(supcol "$S" "HILLSIDE NURSERY" reasons)" ;; esac
# the snapshot's answers stand: the parent is still the snapshot's
want chapi-parent "$(supcol "$S" "ORCHARD HOME CARE LTD" entity_evidence)" \
	"Companies House: exact name 1.00 (ORCHARD HOME CARE LIMITED)"
want chapi-requests "$(requests)" 3
grep -q "GET /ch/search/companies?q=ORCHARD%20HOME%20CARE%20%28DEVON%29%20LTD&items_per_page=5 " "$C/httpd.log" && ok ||
	bad "chapi-search: $(cat "$C/httpd.log")"
grep -q "GET /ch/company/00123456 inm=0 ua=chainwatch/.* auth=1$" "$C/httpd.log" && ok || bad "chapi-profile-request"
want chapi-cache-rows "$(sql "$C/cw.db" "select count(*) from ch_api_cache where fetched_on = date('now')")" 3

# a second scan: every answer from the cache, no request
expect 0 chapi-cached -- "$BIN" scan --spend "$SP" --council "Test Council" --db "$C/cw.db" \
	--out "$C/on2" --companies-house-key "$KEY"
cp "$T/err" "$C/cached.err"
grep_err chapi-cached-summary "(0 requests, 2 answers from the cache)"
want chapi-cached-requests "$(requests)" 3
want chapi-cached-entity "$(supcol "$C/on2/suppliers.csv" "ORCHARD HOME CARE (DEVON) LTD" entity_id)" GB-COH-30000001

# the key from the environment, a cache older than 30 days is asked again
$PY -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(\"update ch_api_cache set fetched_on = date('now', '-31 days')\"); c.commit()" "$C/cw.db"
CHAINWATCH_CH_KEY=$KEY expect 0 chapi-env -- "$BIN" scan --spend "$SP" --council "Test Council" \
	--db "$C/cw.db" --out "$C/env"
cp "$T/err" "$C/env.err"
grep_err chapi-env-summary "(3 requests, 0 answers from the cache)"
want chapi-env-requests "$(requests)" 6

# the key from a --config file, a database without a snapshot: every supplier not a
# public body or a person is asked for (11: 9 by name, 2 by number, and one profile)
printf 'companies-house-key = %s\n' "$KEY" >"$C/council.conf"
expect 0 chapi-config -- "$BIN" scan --spend "$SP" --council "Test Council" --db "$C/conf.db" \
	--out "$C/conf" --config "$C/council.conf"
cp "$T/err" "$C/config.err"
grep_err chapi-config-summary "Companies House API: 2 of 11 suppliers the snapshot did not resolve found (12 requests, 0 answers from the cache)"
want chapi-config-requests "$(requests)" 18
want chapi-config-entity "$(supcol "$C/conf/suppliers.csv" "ORCHARD HOME CARE (DEVON) LTD" entity_id)" GB-COH-30000001
want chapi-config-parent "$(supcol "$C/conf/suppliers.csv" "ORCHARD HOME CARE LTD" entity_id)" ""

# a wrong key: said once, the scan goes on offline
expect 0 chapi-badkey -- "$BIN" scan --spend "$SP" --council "Test Council" --db "$C/bad.db" \
	--out "$C/bad" --companies-house-key wrong-key
cp "$T/err" "$C/bad.err"
grep_err chapi-badkey-warn "the key was refused (HTTP 401)"
want chapi-badkey-once "$(grep -c "Companies House API: the key was refused" "$C/bad.err")" 1
want chapi-badkey-entity "$(supcol "$C/bad/suppliers.csv" "ORCHARD HOME CARE (DEVON) LTD" entity_id)" ""
want chapi-badkey-cache "$(sql "$C/bad.db" "select count(*) from ch_api_cache")" 0

# the API failing (500) or refusing (429 twice): warnings, the scan goes on
echo 500 >"$C/www/ch-status"
expect 0 chapi-500 -- "$BIN" scan --spend "$SP" --council "Test Council" --db "$C/e500.db" \
	--out "$C/e500" --companies-house-key "$KEY"
cp "$T/err" "$C/e500.err"
grep_err chapi-500-warn "HTTP 500; the scan goes on without online lookups"
echo 429 >"$C/www/ch-status"
expect 0 chapi-429 -- "$BIN" scan --spend "$SP" --council "Test Council" --db "$C/e429.db" \
	--out "$C/e429" --companies-house-key "$KEY"
cp "$T/err" "$C/e429.err"
grep_err chapi-429-wait "too many requests (HTTP 429), waiting 1 s"
grep_err chapi-429-warn "still too many requests (HTTP 429) after waiting"
rm -f "$C/www/ch-status"

# nothing listening: a warning, the scan goes on
kill $hpid 2>/dev/null
wait $hpid 2>/dev/null
expect 0 chapi-down -- "$BIN" scan --spend "$SP" --council "Test Council" --db "$C/down.db" \
	--out "$C/down" --companies-house-key "$KEY"
cp "$T/err" "$C/down.err"
grep_err chapi-down-warn "the scan goes on without online lookups"

# the key never shows: not in an output, a message or the database
if grep -rl -- "$KEY" "$C/off" "$C/on" "$C/on2" "$C/env" "$C/bad" "$C/e500" "$C/e429" "$C/down" \
	"$C/conf" "$C"/*.err "$C/cw.db" "$C/conf.db" "$C/e500.db" 2>/dev/null; then bad "chapi-key-leaked"; else ok; fi

finish
