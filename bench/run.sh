#!/bin/sh
# make bench: chainwatch scan against the pandas peer on the same synthetic
# 1,000,000-row extract, in one run.  Needs ../shared/bench (the generator
# and the peer script) and Debian's python3-pandas and python3-openpyxl.
set -eu
bin=${1:-build/chainwatch}
rows=${BENCH_ROWS:-1000000}
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
data=$work/data-$rows
if [ ! -f "$data/spend.csv" ]; then
	echo "generating $rows rows ..." >&2
	rm -rf "$data"
	$PY "$shared/gen_spend.py" "$rows" "$data"
fi
rm -rf "$work/out" "$work/cw.db"
# measure LOG CMD...: wall time and peak resident memory of the child, from
# Python's rusage; its stderr goes to LOG
measure() {
	$PY - "$@" <<'PY'
import resource, subprocess, sys, time
t = time.perf_counter()
p = subprocess.run(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
wall = time.perf_counter() - t
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0
open(sys.argv[1], "wb").write(p.stderr)
if p.returncode:
    sys.stderr.write(p.stderr.decode(errors="replace"))
    sys.exit("command failed: %d" % p.returncode)
print("%.3f %.1f" % (wall, rss))
PY
}
echo "chainwatch scan on $rows rows ..." >&2
cw=$(measure "$work/steps" "$bin" scan --spend "$data/spend.csv" --suppliers "$data/suppliers.csv" \
	--council Bench --out "$work/out" --db "$work/cw.db" --verbose)
echo "pandas peer on $rows rows ..." >&2
pd=$(measure /dev/null $PY "$shared/peer_pandas.py" "$data/spend.csv" "$data/suppliers.csv" "$work/peer.xlsx")
$PY - "$rows" $cw $pd "$work/steps" "$work/out" <<'PY'
import glob, re, sys, time, zipfile, zlib
rows, cw_t, cw_m, pd_t, pd_m = int(sys.argv[1]), *map(float, sys.argv[2:6])
print("%-12s %10s %12s" % ("", "wall (s)", "peak (MiB)"))
print("%-12s %10.3f %12.1f" % ("chainwatch", cw_t, cw_m))
print("%-12s %10.3f %12.1f" % ("pandas peer", pd_t, pd_m))
print("chainwatch is %.1fx faster and uses %.1f%% of the peer's peak memory (targets: >= 20x, <= 10%%)"
      % (pd_t / cw_t, 100.0 * cw_m / pd_m))
steps = re.findall(r"chainwatch: (\w+) +([0-9.]+) s", open(sys.argv[6]).read())
print("  steps: " + ", ".join("%s %s s" % kv for kv in steps))
# The floor the workbook sets: libxlsxwriter deflates every part at zlib's
# default level (6), on one thread.  Deflate the same XML the same way.
book = glob.glob(sys.argv[7] + "/supplier-risk-*.xlsx")[0]
with zipfile.ZipFile(book) as z:
    parts = [z.read(n) for n in z.namelist()]
best = None
for _ in range(3):
    t = time.perf_counter()
    for d in parts:
        c = zlib.compressobj(6, zlib.DEFLATED, -15)
        c.compress(d)
        c.flush()
    t = time.perf_counter() - t
    best = t if best is None else min(best, t)
print("  the workbook's %.0f MB of XML takes %.3f s to deflate at libxlsxwriter's level;"
      " 20x the peer leaves %.3f s for the whole scan"
      % (sum(map(len, parts)) / 1e6, best, pd_t / 20))
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
imp_t, imp_m = map(float, sys.argv[1].split())
steps = dict(re.findall(r"chainwatch: (\w+) +([0-9.]+) s", open(sys.argv[2]).read()))
st = json.load(open(sys.argv[3]))["totals"]["statements"]
print("registry import of 300,000 rows: %.3f s, peak %.1f MiB" % (imp_t, imp_m))
print("matching 50,000 suppliers: load and index %.3f s, match %.3f s" %
      (float(steps.get("registry", 0)), float(steps.get("statement", 0))))
print("  " + ", ".join("%s %d" % kv for kv in st.items()))
PY
