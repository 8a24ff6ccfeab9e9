#!/bin/sh
# make fuzz: run each tests/fuzz/fuzz_*.c harness under libFuzzer for FUZZ_SECONDS (60).
set -eu
command -v clang >/dev/null 2>&1 || { echo "make fuzz needs clang (apt-get install clang)" >&2; exit 2; }
secs=${FUZZ_SECONDS:-60}
mkdir -p build/libfuzzer
flags=$(pkg-config --cflags --libs xlsxwriter libcurl jansson sqlite3)
for h in tests/fuzz/fuzz_*.c; do
	name=$(basename "$h" .c)
	# shellcheck disable=SC2086
	clang -std=c11 -g -O1 -Iinclude -D_DEFAULT_SOURCE -fsanitize=fuzzer,address,undefined \
		-o "build/libfuzzer/$name" "$h" $(ls src/*.c | grep -v src/main.c) $flags -lm
	mkdir -p "build/libfuzzer/$name.corpus"
	"build/libfuzzer/$name" -max_total_time="$secs" "build/libfuzzer/$name.corpus" tests/fuzz/corpus
done
