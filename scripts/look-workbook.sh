#!/bin/sh
# make look: the sample's workbook rendered to look at - every sheet to PDF
# with LibreOffice (headless), each page to a PNG with pdftoppm.
#   sh scripts/look-workbook.sh build/chainwatch OUTDIR
# A November run (every other payment of the sample, dated a month earlier)
# comes first, so the Changes sheet has something to show.  Needs soffice
# (libreoffice-calc-nogui) and pdftoppm (poppler-utils).
set -eu
bin=${1:-build/chainwatch}
out=${2:-build/look}
for tool in soffice pdftoppm; do
	command -v "$tool" >/dev/null 2>&1 || {
		echo "look: $tool is missing (apt-get install libreoffice-calc-nogui poppler-utils)" >&2
		exit 2
	}
done
rm -rf "$out"
mkdir -p "$out/in"
out=$(cd "$out" && pwd)      # LibreOffice wants absolute paths
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1767225600}
s=data/sample
awk 'NR == 1 || NR % 2 == 0' "$s/devon-spend-2025-12.csv" | sed 's#/12/2025,#/11/2025,#' \
	>"$out/in/devon-spend-2025-11.csv"
"$bin" registry import "$s/registry/StatementSummaries2022.csv" --db "$out/look.db" --quiet
"$bin" scan --spend "$out/in/devon-spend-2025-11.csv" --suppliers "$s/devon-suppliers.csv" \
	--council "Devon County Council" --db "$out/look.db" --out "$out/2025-11" --quiet
"$bin" scan --spend "$s/devon-spend-2025-12.csv" --suppliers "$s/devon-suppliers.csv" \
	--tenders "$s/bids-2025-26.csv" --council "Devon County Council" --db "$out/look.db" \
	--out "$out/2025-12" --quiet
book=$out/2025-12/supplier-risk-2025-12.xlsx
# LibreOffice keeps its profile in HOME: a private one, so a desktop session is not disturbed
HOME=$out/home soffice --headless --convert-to pdf --outdir "$out" "$book" >"$out/soffice.log" 2>&1 || {
	echo "look: soffice failed (see $out/soffice.log)" >&2
	exit 1
}
pdftoppm -png -r 60 "$out/supplier-risk-2025-12.pdf" "$out/page"
echo "look: $(ls "$out"/page-*.png | wc -l) pages in $out/page-*.png"
