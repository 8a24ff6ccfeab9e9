#!/bin/sh
# Replay every fuzz harness built with tests/fuzz/replay.c over its seeds
# (tests/fuzz/corpus/<name>/ for build/fuzz/fuzz_<name>; the files at the top
# of tests/fuzz/corpus/ for a harness without a folder) and a few thousand
# inputs made from them.  Usage: scripts/fuzz-replay.sh DIR (build/fuzz).
# Prints one line per harness; exits 1 when any harness crashed.
set -u
dir=${1:-build/fuzz}
bad=0
for f in "$dir"/fuzz_*; do
	case $f in *.d) continue ;; esac
	[ -x "$f" ] || continue
	name=$(basename "$f")
	seeds=tests/fuzz/corpus/${name#fuzz_}
	[ -d "$seeds" ] || seeds=tests/fuzz/corpus
	"$f" "$seeds" || { echo "fuzz: $name crashed (exit $?)" >&2; bad=1; }
done
exit $bad
