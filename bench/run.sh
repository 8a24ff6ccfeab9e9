#!/bin/sh
# make bench: chainwatch scan against two peers on the same synthetic
# extract, in one run (issue 19):
#   - end to end, every output, against the pandas peer
#     (../shared/bench/peer_pandas.py) on 1,000,000 rows;
#   - the read step alone (parse, decode, reconcile, aggregate per
#     supplier) against DuckDB's read_csv + GROUP BY (bench/peer_duckdb.mjs,
#     @duckdb/node-api from npm, installed into build/bench/node_modules);
#   - a year of a large council, 250,000 rows, end to end;
#   - with BENCH_BIG=1, 10,000,000 rows, for memory flat in rows.
# Every figure is the median of BENCH_RUNS runs (default 3).  Needs
# ../shared/bench (the generator and the pandas peer) and Debian's
# python3-pandas and python3-openpyxl; node and npm for the DuckDB peer,
# which is skipped, saying so, when they or the package cannot be had.
set -eu
bin=${1:-build/chainwatch}
rows=${BENCH_ROWS:-1000000}
runs=${BENCH_RUNS:-3}
year_rows=250000
big_rows=10000000
top=$(cd "$(dirname "$0")/.." && pwd)
shared=${CHAINWATCH_SHARED:-$top/../shared}/bench
if [ ! -f "$shared/gen_spend.py" ] || [ ! -f "$shared/peer_pandas.py" ]; then
	echo "make bench: $shared not found." >&2
	echo "The benchmark needs shared/bench/gen_spend.py and peer_pandas.py beside this" >&2
	echo "checkout (set CHAINWATCH_SHARED to their parent).  Nothing was measured." >&2
	exit 0
fi
sh "$top/scripts/deps.sh" python3 python3-pandas python3-openpyxl
# Debian's python3, which sees python3-pandas, over any other on PATH
PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3
work=$top/build/bench
mkdir -p "$work"
cores=$(nproc 2>/dev/null || echo 1)

gen() {     # gen ROWS: the synthetic extract of ROWS rows, once
	if [ ! -f "$work/data-$1/spend.csv" ]; then
		echo "generating $1 rows ..." >&2
		rm -rf "$work/data-$1"
		$PY "$shared/gen_spend.py" "$1" "$work/data-$1"
	fi
}

# measure LOG CMD...: one line "wall cpu peak" - wall seconds, the child's
# user+sys CPU seconds and its peak resident MiB, from Python's rusage; the
# child's stdout and stderr go to LOG
measure() {
	$PY - "$@" <<'PY'
import resource, subprocess, sys, time
t = time.perf_counter()
p = subprocess.run(sys.argv[2:], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
wall = time.perf_counter() - t
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
open(sys.argv[1], "wb").write(p.stdout)
if p.returncode:
    sys.stderr.write(p.stdout.decode(errors="replace"))
    sys.exit("command failed: %d" % p.returncode)
print("%.3f %.3f %.1f" % (wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024.0))
PY
}

# scan ROWS TAG: BENCH_RUNS scans of data-ROWS, each line "wall cpu peak
# read-seconds read-peak" into $work/TAG.runs; the step lines of the last
# run stay in $work/TAG.steps
scan() {
	: >"$work/$2.runs"
	i=0
	while [ "$i" -lt "$runs" ]; do
		i=$((i + 1))
		rm -rf "$work/out-$2" "$work/$2.db" "$work/$2.db-wal" "$work/$2.db-shm"
		m=$(measure "$work/$2.steps" "$bin" scan --spend "$work/data-$1/spend.csv" \
			--suppliers "$work/data-$1/suppliers.csv" --council Bench \
			--out "$work/out-$2" --db "$work/$2.db" --verbose)
		rd=$(sed -n 's/^chainwatch: read  *\([0-9.]*\) s, peak memory \([0-9]*\) MiB$/\1 \2/p' \
			"$work/$2.steps")
		echo "$m ${rd:-0 0}" >>"$work/$2.runs"
	done
}

# peer TAG CMD...: BENCH_RUNS runs of a peer, each line "wall cpu peak" (and
# for the DuckDB peer its own query time) into $work/TAG.runs
peer() {
	tag=$1
	shift
	: >"$work/$tag.runs"
	i=0
	while [ "$i" -lt "$runs" ]; do
		i=$((i + 1))
		m=$(measure "$work/$tag.log" "$@") || return 1
		echo "$m $(head -c 200 "$work/$tag.log" | tr '\n' ' ')" >>"$work/$tag.runs"
	done
}

# The DuckDB peer: @duckdb/node-api from the npm registry, with node and npm
# from Debian when they are missing.  0 when it can run.
duckdb_ready() {
	command -v node >/dev/null 2>&1 || sh "$top/scripts/deps.sh" nodejs || return 1
	[ -d "$work/node_modules/@duckdb/node-api" ] && return 0
	command -v npm >/dev/null 2>&1 || sh "$top/scripts/deps.sh" npm || return 1
	echo "installing @duckdb/node-api with npm into $work/node_modules ..." >&2
	npm install --prefix "$work" --no-audit --no-fund --no-save \
		"@duckdb/node-api@${DUCKDB_NODE_VERSION:-1.5.6-r.1}" >"$work/npm.log" 2>&1 || return 1
	[ -d "$work/node_modules/@duckdb/node-api" ]
}

gen "$rows"
gen "$year_rows"
echo "chainwatch scan on $rows rows, $runs runs ..." >&2
scan "$rows" cw
echo "chainwatch scan on $year_rows rows, $runs runs ..." >&2
scan "$year_rows" year
echo "pandas peer on $rows rows, $runs runs ..." >&2
peer pandas $PY "$shared/peer_pandas.py" "$work/data-$rows/spend.csv" \
	"$work/data-$rows/suppliers.csv" "$work/peer.xlsx"
: >"$work/duckdb.runs"
if duckdb_ready; then
	echo "DuckDB peer on $rows rows, $cores threads, $runs runs ..." >&2
	# the script beside node_modules, where node resolves the package
	cp "$top/bench/peer_duckdb.mjs" "$work/peer_duckdb.mjs"
	peer duckdb node "$work/peer_duckdb.mjs" "$work/data-$rows/spend.csv" "$cores" || {
		echo "make bench: the DuckDB peer failed (see $work/duckdb.log): DuckDB was NOT" \
			"measured" >&2
		: >"$work/duckdb.runs"
	}
else
	echo "make bench: DuckDB was NOT measured: node, npm or @duckdb/node-api could not be" >&2
	echo "installed (see $work/npm.log); the rest is measured without it." >&2
fi
: >"$work/big.runs"
if [ "${BENCH_BIG:-0}" = 1 ]; then
	gen "$big_rows"
	echo "chainwatch scan on $big_rows rows, $runs runs ..." >&2
	scan "$big_rows" big
fi
$PY - "$rows" "$year_rows" "$big_rows" "$work" "$cores" <<'PY'
import statistics, sys
rows, year_rows, big_rows, work, cores = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]

def runs(tag):
    out = []
    for line in open("%s/%s.runs" % (work, tag)):
        f = line.split()
        nums = []
        for x in f[:5]:
            try:
                nums.append(float(x))
            except ValueError:
                break
        if nums:
            out.append(nums)
    return out

def med(rs, i):
    return statistics.median(r[i] for r in rs)

def verdict(ok):
    return "PASS" if ok else "FAIL"

cw, year, pd, dk, big = runs("cw"), runs("year"), runs("pandas"), runs("duckdb"), runs("big")
print("medians of %d runs on %s cores" % (len(cw), cores))
print("%-30s %9s %9s %11s" % ("", "wall (s)", "cpu (s)", "peak (MiB)"))
def row(name, rs, i=0, j=1, k=2):
    print("%-30s %9.3f %9.3f %11.1f" % (name, med(rs, i), med(rs, j), med(rs, k)))
row("chainwatch scan, %s rows" % rows, cw)
row("pandas peer", pd)
print("%-30s %9.3f %9s %11.1f  (from --verbose: the read step, peak at its end)"
      % ("chainwatch read step", med(cw, 3), "-", med(cw, 4)))
if dk:
    print("%-30s %9.3f %9.3f %11.1f  (process; its query alone %.3f s)" %
          ("DuckDB peer, %s threads" % cores, med(dk, 0), med(dk, 1), med(dk, 2), med(dk, 3)))
row("chainwatch scan, %s rows" % year_rows, year)
if big:
    row("chainwatch scan, %s rows" % big_rows, big)
steps = {}
import re
for k, v in re.findall(r"chainwatch: (\w+) +([0-9.]+) s", open(work + "/cw.steps").read()):
    steps[k] = v
print("steps (last run): " + ", ".join("%s %s s" % kv for kv in steps.items()))
print("targets:")
sp, mem = med(pd, 0) / med(cw, 0), 100.0 * med(cw, 2) / med(pd, 2)
print("  end to end vs pandas: %.1fx faster (target >= 5x) %s; %.1f%% of its peak memory"
      " (target <= 10%%) %s" % (sp, verdict(sp >= 5), mem, verdict(mem <= 10)))
# wall time moves with whatever else the machine runs; CPU time much less
print("    (user+sys CPU: chainwatch %.3f s, pandas %.3f s, %.1fx; on %s cores chainwatch's"
      " floor is its CPU / %s = %.3f s)" % (med(cw, 1), med(pd, 1), med(pd, 1) / med(cw, 1),
                                            cores, cores, med(cw, 1) / float(cores)))
if dk:
    # the read step against DuckDB's query time (its process start and node's
    # own start-up left out), memory against the whole node process
    t, m = med(cw, 3), 100.0 * med(cw, 4) / med(dk, 2)
    print("  read step vs DuckDB: %.3f s against %.3f s (target: no slower) %s; %.1f%% of its"
          " peak memory (target <= 25%%) %s" % (t, med(dk, 3), verdict(t <= med(dk, 3)),
                                              m, verdict(m <= 25)))
else:
    print("  read step vs DuckDB: NOT MEASURED - node, npm or @duckdb/node-api could not be"
          " had (see build/bench/npm.log)")
y = med(year, 0)
print("  a year of a large council (%s rows) end to end: %.3f s (target < 0.5 s) %s"
      % (year_rows, y, verdict(y < 0.5)))
if big:
    r = med(big, 2) / med(cw, 2)
    print("  memory flat in rows: %s rows peak %.1f MiB = %.2fx the %s-row peak"
          " (target <= 1.2x) %s" % (big_rows, med(big, 2), r, rows, verdict(r <= 1.2)))
else:
    print("  memory flat in rows: not measured (BENCH_BIG=1 make bench runs %s rows;"
          " the file is 1.3 GB and takes minutes to generate)" % big_rows)
PY

# --- statement matching: 50,000 suppliers against 300,000 registry rows ---
rdata=$work/registry-50000
if [ ! -f "$rdata/registry.csv" ]; then
	echo "generating 50,000 suppliers and 300,000 registry rows ..." >&2
	rm -rf "$rdata"
	$PY "$shared/gen_spend.py" 200000 "$rdata" --suppliers 50000
	$PY "$top/bench/gen_registry.py" "$rdata/suppliers.csv" 300000 "$rdata/registry.csv"
fi
rm -rf "$work/reg.db" "$work/reg.db-wal" "$work/reg.db-shm" "$work/reg-out"
echo "registry import and matching ..." >&2
imp=$(measure /dev/null "$bin" registry import "$rdata/registry.csv" --db "$work/reg.db" --quiet)
"$bin" scan --spend "$rdata/spend.csv" --suppliers "$rdata/suppliers.csv" --council Bench \
	--out "$work/reg-out" --db "$work/reg.db" --verbose 2>"$work/reg-steps" >/dev/null ||
	{ cat "$work/reg-steps" >&2; exit 1; }
$PY - "$imp" "$work/reg-steps" "$work/reg-out/manifest.json" <<'PY'
import json, re, sys
imp_t, imp_cpu, imp_m = map(float, sys.argv[1].split())
steps = dict(re.findall(r"chainwatch: (\w+) +([0-9.]+) s", open(sys.argv[2]).read()))
st = json.load(open(sys.argv[3]))["totals"]["statements"]
print("registry import of 300,000 rows: %.3f s, peak %.1f MiB" % (imp_t, imp_m))
print("matching 50,000 suppliers: load and index %.3f s, match %.3f s" %
      (float(steps.get("registry", 0)), float(steps.get("statement", 0))))
print("  " + ", ".join("%s %d" % kv for kv in st.items()))
PY
