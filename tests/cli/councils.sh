#!/bin/sh
# Councils kept apart in one database, outputs that follow the commit,
# review decisions no scan overwrites, and the export -> import round trip.
# Usage: LC_ALL=C sh tests/cli/councils.sh build/chainwatch   (from the repository root)
. tests/cli/lib.sh

K=$T/councils
mkdir -p "$K"
KDB=$K/cw.db
D=tests/data/store
EPOCH=1767225600
# three councils whose supplier ID S001 is three different companies
printf 'Supplier Name,Supplier ID,Amount,Payment Date\nBeta Cleaning Services Ltd,S001,61000.00,09/01/2026\n' >"$K/b.csv"
for c in A:one-council C:other-council B:b; do
	name=${c%%:*} file=${c#*:}
	[ -f "$D/$file.csv" ] && f=$D/$file.csv || f=$K/$file.csv
	SOURCE_DATE_EPOCH=$EPOCH expect 0 "councils-scan-$name" -- "$BIN" scan --spend "$f" \
		--council "Council $name" --db "$KDB" --out "$K/o$name" --quiet
done
want councils-suppliers "$(sql "$KDB" "select group_concat(council || '=' || name, '; ') from (select council, name from suppliers where key = 'id:S001' order by council)")" \
	"Council A=Blorptech Ltd; Council B=Beta Cleaning Services Ltd; Council C=Zarnic Holdings Ltd"
want councils-aliases "$(sql "$KDB" "select count(distinct council) from supplier_aliases where supplier_key = 'id:S001' and kind = 'name'")" 3
want councils-flag-ids "$(sql "$KDB" "select count(distinct id) = count(*) from flags")" 1
FA=$(grep ',id:S001,' "$K/oA/flags.csv" | head -1 | cut -d, -f1)
FB=$(grep ',id:S001,' "$K/oB/flags.csv" | head -1 | cut -d, -f1)
[ -n "$FA" ] && [ -n "$FB" ] && [ "$FA" != "$FB" ] && ok || bad "councils: S001's flags '$FA' '$FB'"

# council B's export, decided and imported: council A's flag is untouched
expect 0 councils-export-b -- "$BIN" review export --council "Council B" --db "$KDB" --out "$K/b-review.csv"
$PY - "$K/b-review.csv" "$K/b-edited.csv" <<'PY' && ok || bad "councils: could not edit the export"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
h = rows[0]
for r in rows[1:]:
    r[h.index("Review status")] = "cleared"
    r[h.index("Reviewer")] = "B. Officer"
csv.writer(open(sys.argv[2], "w", newline="")).writerows(rows)
PY
expect 0 councils-import-b -- "$BIN" review import "$K/b-edited.csv" --db "$KDB"
want councils-import-b-applied "$(sql "$KDB" "select review_status from flags where id = '$FB'")" cleared
want councils-import-a-kept "$(sql "$KDB" "select review_status from flags where id = '$FA'")" open
# a row of council B's presented as council A's is refused
sed "s/,Council B,/,Council A,/" "$K/b-edited.csv" | sed 's/^\(F[0-9a-f]*\),[^,]*,/\1,,/' >"$K/b-as-a.csv"
expect 3 councils-import-wrong-council -- "$BIN" review import "$K/b-as-a.csv" --db "$KDB"
grep_err councils-import-wrong-council "is Council B's, not Council A's"

# commands that act on one council refuse to guess among three
expect 2 councils-scan-ambiguous -- "$BIN" scan --spend "$K/b.csv" --db "$KDB" --out "$K/ox"
grep_err councils-scan-ambiguous "holds 3 councils ('Council A', 'Council B', 'Council C'): say which with --council"
[ ! -e "$K/ox" ] && ok || bad "councils-scan-ambiguous: wrote outputs"
expect 2 councils-charter-ambiguous -- "$BIN" charter --year 2025-26 --db "$KDB" --out "$K/ch"
grep_err councils-charter-ambiguous "say which with --council"
expect 2 councils-override-ambiguous -- "$BIN" registry override id:S001 --is 01234567 --by X --db "$KDB"
grep_err councils-override-ambiguous "say which with --council"
expect 0 councils-override -- "$BIN" registry override id:S001 --is 01234567 --by X --council "Council C" --db "$KDB"
want councils-override-council "$(sql "$KDB" "select council from statement_overrides")" "Council C"
expect 0 councils-review-set -- "$BIN" review set "$FA" --status escalated --by "A. Officer" --db "$KDB"
want councils-review-set-a "$(sql "$KDB" "select review_status from flags where id = '$FA'")" escalated
want councils-review-set-b "$(sql "$KDB" "select review_status from flags where id = '$FB'")" cleared

# --- a version 5 database of one council migrates without loss ---
$PY -c "import sqlite3,sys; sqlite3.connect(sys.argv[2]).executescript(open(sys.argv[1]).read())" \
	"$D/v5-one-council.sql" "$K/v5.db"
expect 0 councils-migrate -- "$BIN" review list --format csv --db "$K/v5.db"
want councils-migrate-version "$(sql "$K/v5.db" "pragma user_version")" 11
want councils-migrate-suppliers "$(sql "$K/v5.db" "select count(*) from suppliers where council = 'Council A'")" 3
want councils-migrate-decision "$(sql "$K/v5.db" "select review_status || ' / ' || review_note from flags where supplier_key = 'id:S002'")" "cleared / - phoned supplier"
want councils-migrate-audit "$(sql "$K/v5.db" "select count(*) from review_audit a join flags f on f.id = a.flag_id and f.council = a.council")" 1
# the same month scanned again finds the migrated flag by its new id: still cleared
SOURCE_DATE_EPOCH=$EPOCH expect 0 councils-migrate-rescan -- "$BIN" scan --spend "$D/one-council.csv" \
	--council "Council A" --db "$K/v5.db" --out "$K/ov5" --quiet
grep_file councils-migrate-rescan "$K/ov5/flags.csv" ",id:S002,.*,cleared"
want councils-migrate-one-flag "$(sql "$K/v5.db" "select count(*) from flags where supplier_key = 'id:S002'")" 1
# ... and one whose supplier IDs two councils shared is refused, untouched
$PY -c "import sqlite3,sys; sqlite3.connect(sys.argv[2]).executescript(open(sys.argv[1]).read())" \
	"$D/v5-merged-ids.sql" "$K/v5m.db"
expect 5 councils-migrate-refused -- "$BIN" review list --db "$K/v5m.db"
grep_err councils-migrate-refused "cannot be split into councils safely: the supplier ID id:S001 is in the runs of 2 councils"
want councils-migrate-refused-version "$(sql "$K/v5m.db" "pragma user_version")" 5

# --- outputs follow the commit ---
O=$K/out
FDB=$K/fault.db
cp "$D/one-council.csv" "$K/v1.csv"
{ cat "$D/one-council.csv"; echo "Another Firm Ltd,S004,1200.00,15/01/2026"; } >"$K/v2.csv"
{ cat "$K/v2.csv"; echo "A Third Firm Ltd,S005,1300.00,16/01/2026"; } >"$K/v3.csv"
run_id() { json "$O/manifest.json" 'd["run_id"]'; }
stored_run() { sql "$FDB" "select id from runs"; }
# every output's sha256 is the manifest's, and the manifest's run is the database's
set_ok() {
	$PY - "$O" <<'PY' && ok || bad "$1: the outputs are not one run's set"
import hashlib, json, os, sys
d = sys.argv[1]
m = json.load(open(os.path.join(d, "manifest.json")))
for o in m["outputs"]:
    h = hashlib.sha256(open(os.path.join(d, o["path"]), "rb").read()).hexdigest()
    if h != o["sha256"]:
        sys.exit("%s differs from the manifest" % o["path"])
PY
	want "$1-run" "$(run_id)" "$(stored_run)"
}
stages() { ls -A "$O" | grep -c '^\.chainwatch-stage\.' ; }
expect 0 commit-first -- "$BIN" scan --spend "$K/v1.csv" --council A --db "$FDB" --out "$O" --quiet
R1=$(run_id)
set_ok commit-first
sha_before=$(cat "$O"/* | sha256sum)
# another writer holds the database: refused, the outputs as they were
hold_lock "$FDB" 6
expect 5 commit-locked -- "$BIN" scan --spend "$K/v2.csv" --council A --db "$FDB" --out "$O" --quiet
kill $lockpid 2>/dev/null; wait $lockpid 2>/dev/null
want commit-locked-outputs "$(cat "$O"/* | sha256sum)" "$sha_before"
want commit-locked-stage "$(stages)" 0
# killed with every output staged, before the commit: nothing changed
CHAINWATCH_FAULT=commit expect 137 commit-killed-before -- "$BIN" scan --spend "$K/v2.csv" --council A --db "$FDB" --out "$O" --quiet
want commit-killed-before-outputs "$(cat "$O"/* | sha256sum)" "$sha_before"
want commit-killed-before-run "$(stored_run)" "$R1"
# killed after the commit, one output put in place: the next run finishes the set
CHAINWATCH_FAULT=publish expect 137 commit-killed-publish -- "$BIN" scan --spend "$K/v2.csv" --council A --db "$FDB" --out "$O" --quiet
R2=$(stored_run)
[ "$R2" != "$R1" ] && ok || bad "commit-killed-publish: the run was not committed"
want commit-killed-publish-stages "$(stages)" 1      # the dead unmarked stage swept, the marked one kept
CHAINWATCH_FAULT=commit expect 137 commit-killed-next -- "$BIN" scan --spend "$K/v3.csv" --council A --db "$FDB" --out "$O" --quiet
want commit-rolled-forward "$(run_id)" "$R2"
set_ok commit-rolled-forward
# a full disk under the database: exit 5, the outputs as they were
sha_before=$(cat "$O"/* | sha256sum)
mkdir -p "$K/tinydb"
if mount -t tmpfs -o size=200k tmpfs "$K/tinydb" 2>/dev/null; then
	$PY -c "import sqlite3,sys; sqlite3.connect(sys.argv[2]).executescript(open(sys.argv[1]).read())" \
		"$D/v5-one-council.sql" "$K/tinydb/cw.db"
	head -c 150000 /dev/zero >"$K/tinydb/filler" 2>/dev/null
	expect 5 commit-disk-full -- "$BIN" scan --spend "$K/v3.csv" --council A --db "$K/tinydb/cw.db" --out "$O" --quiet
	want commit-disk-full-outputs "$(cat "$O"/* | sha256sum)" "$sha_before"
	umount "$K/tinydb"
else
	echo "cli: cannot mount a tmpfs here; the database's full disk is not tested" >&2
fi
# stale temporaries of dead processes go; a complete run leaves none
touch "$O/.supplier-risk-2026-01.xlsx.tmp.4194301" "$O/.flags.csv.tmp.4194302"
expect 0 commit-clean -- "$BIN" scan --spend "$K/v3.csv" --council A --db "$FDB" --out "$O" --quiet
set_ok commit-clean
want commit-clean-leftovers "$(ls -A "$O" | grep -c '^\.')" 0

# --- a decision made while a scan runs is never overwritten ---
RDB2=$K/race.db
printf 'Supplier Name,Supplier ID,Amount,Payment Date\nBlorptech Ltd,S001,30000.00,05/01/2026\n' >"$K/m1.csv"
printf 'Supplier Name,Supplier ID,Amount,Payment Date\nBlorptech Ltd,S001,300000.00,05/02/2026\n' >"$K/m2.csv"
expect 0 race-month1 -- "$BIN" scan --spend "$K/m1.csv" --council A --db "$RDB2" --out "$K/r1" --quiet
RF=$(grep ',id:S001,' "$K/r1/flags.csv" | head -1 | cut -d, -f1)
expect 0 race-clear -- "$BIN" review set "$RF" --status cleared --by "A. Officer" --db "$RDB2"
# month 2 reads the cleared decision, then holds (its spend rose: it reopens the flag)
CHAINWATCH_FAULT=history:sleep=2500 "$BIN" scan --spend "$K/m2.csv" --council A --db "$RDB2" \
	--out "$K/r2" --quiet >"$K/race.out" 2>&1 &
scanpid=$!
# wait until the scan holds the write lock (it takes it before reading the decisions)
$PY - "$RDB2" <<'PY' && ok || bad "race: the scan never took the write lock"
import sqlite3, sys, time
for _ in range(200):
    c = sqlite3.connect(sys.argv[1], timeout=0, isolation_level=None)
    try:
        c.execute("BEGIN IMMEDIATE")
        c.execute("ROLLBACK")
    except sqlite3.OperationalError:
        sys.exit(0)
    finally:
        c.close()
    time.sleep(0.05)
sys.exit(1)
PY
expect 0 race-decide -- "$BIN" review set "$RF" --status escalated --by "B. Officer" --note "called in" --db "$RDB2"
wait $scanpid && ok || { bad "race: the scan failed"; cat "$K/race.out" >&2; }
want race-kept "$(sql "$RDB2" "select review_status || ' / ' || reviewer from flags where id = '$RF'")" "escalated / B. Officer"
want race-audit-order "$(sql "$RDB2" "select group_concat(source || ':' || old_status || '>' || new_status, ' ') from (select * from review_audit order by seq)")" \
	"command line:open>cleared scan:cleared>open command line:open>escalated"

# --- review export -> import, untouched: nothing changes ---
expect 0 roundtrip-set -- "$BIN" review set "$RF" --status "under review" --by "=Boss" --note "- phoned supplier" \
	--evidence "@intranet/case/1" --db "$RDB2"
expect 0 roundtrip-export -- "$BIN" review export --db "$RDB2" --out "$K/rt.csv"
grep_file roundtrip-export "$K/rt.csv" "'- phoned supplier"
audit_before=$(sql "$RDB2" "select count(*) from review_audit")
expect 0 roundtrip-import -- "$BIN" review import "$K/rt.csv" --db "$RDB2"
grep_err roundtrip-import "0 decisions applied, 1 unchanged"
want roundtrip-note "$(sql "$RDB2" "select review_note || '|' || reviewer || '|' || evidence_link from flags where id = '$RF'")" "- phoned supplier|=Boss|@intranet/case/1"
want roundtrip-audit "$(sql "$RDB2" "select count(*) from review_audit")" "$audit_before"

# --- names and reviewers with terminal escapes are shown, not obeyed ---
expect 0 terminal-set -- "$BIN" review set "$RF" --status "under review" --by "$(printf 'Eve\033[2J\033]0;pwned\007')" --db "$RDB2"
if grep -q "$(printf '\033')" "$T/err"; then bad "terminal-set: an escape reached the terminal"; else ok; fi
grep_err terminal-set "by Eve?\[2J?\]0;pwned?"
expect 0 terminal-list -- "$BIN" review list --db "$RDB2"
if grep -q "$(printf '\033')" "$T/out"; then bad "terminal-list: an escape reached the terminal"; else ok; fi

# --- issue 18: without --council, the council the spend file names ---
expect 0 body-devon -- "$BIN" scan --spend "$SAMPLE" --db "$K/body1.db" --out "$K/ob1"
grep_err body-devon "council: 'Devon County Council' from the file's 'Name of Body' column"
want body-devon-manifest "$(json "$K/ob1/manifest.json" 'd["council"]')" "Devon County Council"
want body-devon-db "$(sql "$K/body1.db" "select group_concat(distinct council) from runs")" "Devon County Council"
# the most frequent value wins; Trafford's URI "Body" is not a name
printf 'Body,Body Name,Supplier Name,Amount,Payment Date\nhttp://statistics.data.gov.uk/id/E08000009,Craven District Council,Acme Ltd,100.00,01/03/2025\nhttp://statistics.data.gov.uk/id/E08000009,Craven District Council,Beta Ltd,50.00,02/03/2025\nhttp://statistics.data.gov.uk/id/E08000009,Harrogate Borough Council,Gamma Ltd,25.00,03/03/2025\n' >"$K/body-mixed.csv"
expect 0 body-most-frequent -- "$BIN" scan --spend "$K/body-mixed.csv" --db "$K/body2.db" --out "$K/ob2"
grep_err body-most-frequent "council: 'Craven District Council' from the file's 'Body Name' column"
# a body column of codes or URIs only names no council
printf 'Body,Supplier Name,Amount,Payment Date\n18,Acme Ltd,100.00,01/03/2025\nhttp://x.example/E1,Beta Ltd,50.00,02/03/2025\n' >"$K/body-codes.csv"
expect 0 body-codes -- "$BIN" scan --spend "$K/body-codes.csv" --db "$K/body3.db" --out "$K/ob3"
want body-codes-unnamed "$(json "$K/ob3/manifest.json" 'd["council"]')" "Unnamed council"
grep -q "council:" "$T/err" && bad "body-codes: a council said" || ok
# --council wins, silently; a database's only council is kept, and the file's name said
expect 0 body-given -- "$BIN" scan --spend "$SAMPLE" --council "Devon CC" --db "$K/body4.db" --out "$K/ob4"
grep -q "council:" "$T/err" && bad "body-given: the file's council said over --council" || ok
expect 0 body-db-only -- "$BIN" scan --spend "$K/body-mixed.csv" --db "$K/body4.db" --out "$K/ob5"
grep_err body-db-only "council: 'Devon CC', the database's only council, although the file's 'Body Name' column says 'Craven District Council'"
want body-db-only-manifest "$(json "$K/ob5/manifest.json" 'd["council"]')" "Devon CC"
# a database of several councils still needs --council
expect 0 body-second -- "$BIN" scan --spend "$K/body-mixed.csv" --council "Craven" --db "$K/body4.db" --out "$K/ob6"
expect 2 body-several -- "$BIN" scan --spend "$SAMPLE" --db "$K/body4.db" --out "$K/ob7"
grep_err body-several "holds 2 councils"
# a name with a terminal escape is never taken
printf 'Body Name,Supplier Name,Amount,Payment Date\n\033]0;pwned\007Council,Acme Ltd,100.00,01/03/2025\n' >"$K/body-esc.csv"
expect 0 body-escape -- "$BIN" scan --spend "$K/body-esc.csv" --db "$K/body5.db" --out "$K/ob8"
if grep -q "$(printf '\033')" "$T/err"; then bad "body-escape: an escape reached the terminal"; else ok; fi

finish
