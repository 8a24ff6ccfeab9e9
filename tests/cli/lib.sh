# The CLI suites' shared helpers and setup.  Each suite starts with
#   . tests/cli/lib.sh
# and ends with `finish`; it runs alone from the repository root:
#   LC_ALL=C sh tests/cli/entity.sh build/chainwatch
# Sets BIN (the program, absolute), TOP (the repository root), T (this
# suite's own temporary directory, removed on exit), SAMPLE, MASTER and PY;
# `finish` prints "cli-SUITE: N passed, M failed" and exits 1 on any failure.
set -u
if [ $# -lt 1 ] || [ ! -x "$1" ]; then
	echo "usage: LC_ALL=C sh $0 BUILD_DIR/chainwatch   (from the repository root)" >&2
	exit 2
fi
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
TOP=$(pwd)
SUITE=$(basename "$0" .sh)
T=$(mktemp -d "/tmp/cw-cli-$SUITE.XXXXXX")
trap 'rm -rf "$T"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
pass=0
fail=0
SAMPLE=data/sample/devon-spend-2025-12.csv
MASTER=data/sample/devon-suppliers.csv

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }

# expect CODE NAME -- command...   (stdout/stderr kept in $T/out, $T/err)
expect() {
	want=$1 name=$2
	shift 3
	"$@" >"$T/out" 2>"$T/err"
	got=$?
	if [ "$got" = "$want" ]; then ok; else bad "$name: exit $got, wanted $want"; sed 's/^/  | /' "$T/err" >&2; fi
}
# grep_err NAME PATTERN: stderr of the last command matches
grep_err() { if grep -q -- "$2" "$T/err"; then ok; else bad "$1: stderr lacks '$2'"; sed 's/^/  | /' "$T/err" >&2; fi; }
grep_file() { if grep -q -- "$3" "$2"; then ok; else bad "$1: $2 lacks '$3'"; fi; }
# Debian's python3 (which sees python3-openpyxl) over any other on PATH
PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3
json() { $PY -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$@"; }
same() { if cmp -s "$2" "$3"; then ok; else bad "$1: $2 and $3 differ"; fi; }
# sql DB QUERY: the first column of the first row
sql() { $PY -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])" "$@"; }
# want NAME GOT WANTED
want() { if [ "$2" = "$3" ]; then ok; else bad "$1: got '$2', wanted '$3'"; fi; }
# the value of column COL for the supplier named NAME in suppliers.csv FILE
supcol() { $PY -c "import csv,sys
for r in csv.DictReader(open(sys.argv[1], encoding='utf-8-sig')):
    if r['name'] == sys.argv[2]: print(r[sys.argv[3]])" "$@"; }
# hold_lock DB SECONDS: another writer holds DB's write lock; $lockpid is it
hold_lock() {
	rm -f "$T/locked"
	$PY - "$1" "$T/locked" "$2" <<'PY' &
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN EXCLUSIVE")
open(sys.argv[2], "w").close()
time.sleep(float(sys.argv[3]))
PY
	lockpid=$!
	i=0; while [ ! -f "$T/locked" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
}

# finish: the suite's one summary line; exit 1 on any failure
finish() {
	echo "cli-$SUITE: $pass passed, $fail failed"
	[ "$fail" = 0 ]
	exit
}
