#!/bin/sh
# The Charity Commission extract's two forms side by side (issue 17): generate
# BENCH_CCEW_MB (200) megabytes of made-up rows in the JSON form and the same
# rows in the text form with scripts/ccew-json.py (kept in
# build/bench/ccew-MB/ for the next run), import each into a fresh database
# and print wall time and peak resident memory (GNU time's %M): the JSON
# form's memory must stay flat, as the text form's does.
# Usage: bench/charities-json.sh BUILD_DIR
set -eu
B=${1:-build}
mb=${BENCH_CCEW_MB:-200}
top=$(cd "$(dirname "$0")/.." && pwd)
work=$top/$B/bench/ccew-$mb
if [ ! -f "$work/publicextract.charity.json" ]; then
	mkdir -p "$work"
	python3 "$top/scripts/ccew-json.py" generate "$mb" "$work" >&2
fi
[ -x /usr/bin/time ] || { echo "bench/charities-json.sh needs GNU time (apt-get install time)" >&2; exit 2; }
for form in txt json; do
	f=$work/publicextract.charity.$form
	db=$work/$form.db
	rm -f "$db" "$db-wal" "$db-shm" "$db-journal"
	/usr/bin/time -f "$form: $(du -m "$f" | cut -f1) MB, %e s wall, %U s user, %M KB peak" \
		"$top/$B/chainwatch" charities import "$f" --db "$db" 2>&1 >/dev/null | grep -v '^chainwatch:'
done
