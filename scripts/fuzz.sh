#!/bin/sh
# make fuzz: run each libFuzzer harness in DIR/fuzz/ (built by `make fuzz`
# with clang, ASan and UBSan) for FUZZ_SECONDS (60) each, starting from its
# seeds in tests/fuzz/corpus/<name>/ (the files at the top of
# tests/fuzz/corpus/ for a harness without a folder) and, when there is
# one, the dictionary tests/fuzz/dict/<name>.dict.  New inputs go to
# DIR/corpus/<name>/, kept between runs; a crash stops the run, its input
# saved as DIR/crash-<name>-*.  Usage: scripts/fuzz.sh DIR (build/libfuzzer).
set -eu
dir=${1:-build/libfuzzer}
secs=${FUZZ_SECONDS:-60}
case $secs in '' | *[!0-9]*) echo "FUZZ_SECONDS must be a whole number of seconds, not '$secs'" >&2; exit 2 ;; esac
for f in "$dir"/fuzz/fuzz_*; do
	case $f in *.d) continue ;; esac
	[ -x "$f" ] || continue
	name=$(basename "$f")
	short=${name#fuzz_}
	seeds=tests/fuzz/corpus/$short
	[ -d "$seeds" ] || seeds=tests/fuzz/corpus
	dict=
	[ -f "tests/fuzz/dict/$short.dict" ] && dict=-dict=tests/fuzz/dict/$short.dict
	mkdir -p "$dir/corpus/$short"
	echo "fuzz: $name for ${secs}s" >&2
	# shellcheck disable=SC2086
	"$f" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$dir/crash-$name-" $dict "$dir/corpus/$short" "$seeds"
done
echo "fuzz: every harness ran ${secs}s without a crash" >&2
