#!/bin/sh
# CLI tests over every real council file, when ../shared is beside the
# checkout (or CHAINWATCH_SHARED names it).
# Usage: LC_ALL=C sh tests/cli/real.sh build/chainwatch   (from the repository root)
. tests/cli/lib.sh

# --- every real council file, when ../shared is beside the checkout ---
# (a database each: they are many councils, and Oxford's January-March file
# shares February with its card file)
SHARED=${CHAINWATCH_SHARED:-$TOP/../shared}
# Every file, whatever its format: spend files exit 0 and every input section
# (a sheet each for workbooks) reconciles; an HTML page exits 3 saying what it is.
if [ -d "$SHARED/data/spend" ]; then
	for f in "$SHARED"/data/spend/*/*; do
		case "$f" in */README*) continue ;; esac
		b=$(basename "$f")
		o="$T/real/$b"
		case "$(head -c 512 "$f" | tr 'A-Z' 'a-z')" in
		*"<!doctype html"*|*"<html"*)
			expect 3 "real $b" -- "$BIN" scan --spend "$f" --out "$o" --db "$o.db" --council Real --quiet
			grep_err "real $b" "$b: is an HTML page, not a spend file: it looks like an error page"
			continue ;;
		esac
		"$BIN" scan --spend "$f" --out "$o" --db "$o.db" --council Real --quiet >"$T/out" 2>"$T/err"
		rc=$?
		[ $rc = 0 ] && ok || { bad "real $b: exit $rc, wanted 0"; sed 's/^/  | /' "$T/err" >&2; continue; }
		r=$(json "$o/manifest.json" '"ok" if d["inputs"] and all(i["records"] == i["accepted"] + i["skipped"] + i["rejected"] and 100 * i["rejected"] < i["records"] for i in d["inputs"]) else [(i["path"], i["records"], i["accepted"], i["skipped"], i["rejected"]) for i in d["inputs"]]' 2>/dev/null)
		[ "$r" = ok ] && ok || bad "real $b: does not reconcile or rejects 1% or more ($r)"
	done
else
	echo "cli: $SHARED/data/spend not found; real council files not scanned" >&2
fi

finish
