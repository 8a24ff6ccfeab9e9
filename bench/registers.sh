#!/bin/sh
# The Companies House register at national scale (make bench-registers, or
# make bench with BENCH_REGISTERS=1): generate BENCH_COMPANIES (5,500,000)
# companies in the real BasicCompanyData format with bench/gen_companies.py
# (about 2.6 GB; kept in build/bench/ for the next run), import them into a
# fresh database, then match 20,000 council-style payee names against them.
# Prints wall time, peak resident memory (the child's rusage) and the
# database's size against the targets: import <= 90 s, < 256 MiB,
# < 2 GiB; matching <= 2 s.
# Usage: bench/registers.sh BUILD_DIR
set -eu
B=${1:-build}
rows=${BENCH_COMPANIES:-5500000}
top=$(cd "$(dirname "$0")/.." && pwd)
bin=$B/bench/companies_bench
PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3
work=$top/$B/bench
data=$work/companies-$rows
if [ ! -f "$data/suppliers.txt" ]; then
	echo "generating $rows companies ..." >&2
	rm -rf "$data"
	$PY "$top/bench/gen_companies.py" "$rows" "$data"
fi
db=$work/companies.db
rm -f "$db" "$db-wal" "$db-shm" "$db-journal"
# an empty database first, so growth is the register's alone
$bin match "$db" /dev/null >/dev/null
before=$(stat -c %s "$db")
$PY - "$bin" "$db" "$data" "$before" "$rows" <<'PY'
import os, resource, subprocess, sys, time
bin, db, data, before, rows = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])

def run(args):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    p = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode:
        sys.stderr.write(p.stderr)
        sys.exit("command failed: %d" % p.returncode)
    # ru_maxrss of the children is the largest of any child so far
    return wall, r1.ru_maxrss / 1024.0, r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime, p.stdout.strip()

csv = os.path.join(data, "BasicCompanyData-2026-12-01.csv")
size = os.path.getsize(csv)
wall, rss, cpu, out = run([bin, "import", db, csv])
files = [db + s for s in ("", "-wal", "-journal") if os.path.exists(db + s)]
grown = sum(os.path.getsize(f) for f in files) - before
print("register: %d companies, %.2f GB of CSV" % (rows, size / 1e9))
print("  import: %.1f s wall (%.1f s CPU), peak %.1f MiB, database +%.2f GiB   "
      "(targets: <= 90 s, < 256 MiB, < 2 GiB)" % (wall, cpu, rss, grown / 2**30))
print("  " + out)
wall, rss2, cpu, out = run([bin, "match", db, os.path.join(data, "suppliers.txt")])
print("  matching 20,000 suppliers: %.2f s wall (%.2f s CPU)   (target: <= 2 s)" % (wall, cpu))
print("  " + out)
PY
