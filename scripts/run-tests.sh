#!/bin/sh
# Run every test and close with one line "tests: N passed, M failed".
# Usage: scripts/run-tests.sh BUILD_DIR [unit] [cli] [fuzz]   (from the repository root)
# The unit test binaries, the CLI suites (tests/cli/*.sh but lib.sh) and the
# fuzz corpus replays run as parallel jobs, JOBS at a time (default: nproc),
# after the unit binaries with tests timed against the clock, which run one
# at a time.  Each job's output goes to its own log, printed whole when the
# job ends.
set -u
B=${1:-build}
[ $# -gt 0 ] && shift
kinds=${*:-cli unit fuzz}
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}
L=$(mktemp -d /tmp/cw-tests.XXXXXX)
trap 'rm -rf "$L"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# the job lists, one "KIND PATH" a line; the CLI suites first, the slowest
# (the real council files, then the longest suites) ahead of the rest
: >"$L/jobs"
: >"$L/alone"
for k in $kinds; do
	case $k in
	cli)
		for s in real review charter scan registry councils period formats tenders entity; do
			[ -f "tests/cli/$s.sh" ] && echo "cli tests/cli/$s.sh"
		done >>"$L/jobs"
		for s in tests/cli/*.sh; do
			case $s in */lib.sh) continue ;; esac
			grep -q " $s\$" "$L/jobs" || echo "cli $s" >>"$L/jobs"
		done ;;
	fuzz)
		for f in "$B"/fuzz/fuzz_*; do
			case $f in *.d) continue ;; esac
			[ -x "$f" ] && echo "fuzz $f"
		done >>"$L/jobs" ;;
	unit)
		# a Check case named "scale" is timed against the clock: its
		# binary runs alone, before the others (see below)
		for t in "$B"/tests/test_*; do
			case $t in *.d) continue ;; esac
			[ -x "$t" ] || continue
			if grep -q 'tcase_create("scale")' "tests/unit/$(basename "$t").c" 2>/dev/null; then
				echo "unit $t" >>"$L/alone"
			else
				echo "unit $t" >>"$L/jobs"
			fi
		done ;;
	*)
		echo "run-tests: unknown kind '$k' (unit, cli or fuzz)" >&2
		exit 2 ;;
	esac
done

run_job() {
	case $1 in
	unit) CK_FORK=yes LC_ALL=C "$2" ;;
	cli) LC_ALL=C sh "$2" "$B/chainwatch" ;;
	fuzz)
		seeds=tests/fuzz/corpus/$(basename "$2" | sed 's/^fuzz_//')
		[ -d "$seeds" ] || seeds=tests/fuzz/corpus
		"$2" "$seeds" ;;
	esac
}

# worker LIST: take the next job of LIST ("alone" or "jobs") no other worker
# has claimed (mkdir is atomic), run it into its log, print the log whole
# under a lock
worker() {
	n=0
	while read -r kind path; do
		n=$((n + 1))
		mkdir "$L/claim.$1.$n" 2>/dev/null || continue
		run_job "$kind" "$path" </dev/null >"$L/log.$1.$n" 2>&1
		echo $? >"$L/rc.$1.$n"
		until mkdir "$L/print.lock" 2>/dev/null; do sleep 0.05; done
		cat "$L/log.$1.$n"
		rmdir "$L/print.lock"
	done <"$L/$1"
}
worker alone
i=0
while [ "$i" -lt "$JOBS" ]; do
	worker jobs &
	i=$((i + 1))
done
wait

# the sum, job by job
passed=0
failed=0
for list in alone jobs; do
	n=0
	while read -r kind path; do
		n=$((n + 1))
		log=$L/log.$list.$n
		rc=$(cat "$L/rc.$list.$n" 2>/dev/null || echo died)
		case $kind in
		unit)
			# Check's summary: "100%: Checks: 12, Failures: 0, Errors: 0"
			set -- $(sed -n 's/.*Checks: \([0-9]*\), Failures: \([0-9]*\), Errors: \([0-9]*\).*/\1 \2 \3/p' "$log" 2>/dev/null)
			if [ $# -eq 3 ]; then
				passed=$((passed + $1 - $2 - $3))
				failed=$((failed + $2 + $3))
			fi
			[ "$rc" = 0 ] || [ $# -eq 3 ] || { failed=$((failed + 1)); echo "tests: $path died (exit $rc)" >&2; } ;;
		cli)
			set -- $(sed -n 's/^cli-[a-z0-9_-]*: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' "$log" 2>/dev/null)
			if [ $# -eq 2 ]; then
				passed=$((passed + $1))
				failed=$((failed + $2))
				[ "$rc" = 0 ] || [ "$2" != 0 ] || { failed=$((failed + 1)); echo "tests: $path exited $rc" >&2; }
			else
				failed=$((failed + 1))
				echo "tests: $path died without its summary line (exit $rc)" >&2
			fi ;;
		fuzz)
			if [ "$rc" = 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi ;;
		esac
	done <"$L/$list"
done

echo "tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
