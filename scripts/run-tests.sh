#!/bin/sh
# Run every test and close with one line "tests: N passed, M failed".
# Usage: scripts/run-tests.sh BUILD_DIR   (from the repository root)
set -u
B=${1:-build}
log=$(mktemp /tmp/cw-tests.XXXXXX)
trap 'rm -f "$log"' EXIT INT TERM
passed=0
failed=0

for t in "$B"/tests/test_*; do
	case $t in *.d) continue ;; esac
	CK_FORK=yes LC_ALL=C "$t" >"$log" 2>&1
	rc=$?
	cat "$log"
	# Check's summary: "100%: Checks: 12, Failures: 0, Errors: 0"
	set -- $(sed -n 's/.*Checks: \([0-9]*\), Failures: \([0-9]*\), Errors: \([0-9]*\).*/\1 \2 \3/p' "$log")
	if [ $# -eq 3 ]; then
		passed=$((passed + $1 - $2 - $3))
		failed=$((failed + $2 + $3))
	fi
	[ $rc -eq 0 ] || [ $# -eq 3 ] || failed=$((failed + 1))
done

LC_ALL=C sh tests/cli/run.sh "$B/chainwatch" >"$log" 2>&1
cat "$log"
set -- $(sed -n 's/^cli: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' "$log")
if [ $# -eq 2 ]; then
	passed=$((passed + $1))
	failed=$((failed + $2))
else
	failed=$((failed + 1))
fi

for f in "$B"/fuzz/fuzz_*; do
	case $f in *.d) continue ;; esac
	seeds=tests/fuzz/corpus/$(basename "$f" | sed 's/^fuzz_//')
	[ -d "$seeds" ] || seeds=tests/fuzz/corpus
	if "$f" "$seeds"; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done

echo "tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
