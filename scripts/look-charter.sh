#!/bin/sh
# make look: the sample's Charter report as a person sees it, at a phone's
# 320 px and a desktop's 1280 px, in headless Chromium: PNGs to look at.
# Usage: scripts/look-charter.sh REPORT.html [OUTDIR]   (default build/look); LOOK_HEIGHT
# (16000) is how much of the page is taken, in px
set -eu
page=$1
out=${2:-build/look}
chrome=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chrome" ]; then
	echo "look: chromium is not installed (apt-get install chromium)" >&2
	exit 1
fi
mkdir -p "$out"
out=$(cd "$out" && pwd)
name=$(basename "$page" .html)
for width in 320 1280; do
	"$chrome" --headless --no-sandbox --disable-gpu --hide-scrollbars \
		--window-size=$width,${LOOK_HEIGHT:-16000} \
		--screenshot="$out/$name-$width.png" "file://$(cd "$(dirname "$page")" && pwd)/$(basename "$page")" \
		>/dev/null 2>&1 || { echo "look: chromium failed at $width px" >&2; exit 1; }
	echo "look: $out/$name-$width.png"
done
