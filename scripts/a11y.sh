#!/bin/sh
# make a11y: axe-core, in Debian's headless Chromium, over an HTML report.
# Usage: scripts/a11y.sh REPORT.html [WORKDIR]
# axe-core comes from npm into WORKDIR (default build/a11y); exit 1 when
# axe reports any violation (WCAG 2.1 A and AA rules and best practices),
# at a phone's 320 px (WCAG 1.4.10 reflow) and at 1280 px, or when at either
# width the page itself scrolls sideways (a wide table scrolls in its own
# box, a chart scales down).
set -eu
page=$1
work=${2:-build/a11y}
chrome=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chrome" ]; then
	echo "a11y: chromium is not installed (apt-get install chromium); nothing checked" >&2
	exit 0
fi
mkdir -p "$work"
if [ ! -f "$work/node_modules/axe-core/axe.min.js" ]; then
	(cd "$work" && npm install --no-audit --no-fund --silent axe-core@4 >/dev/null)
fi
cp "$work/node_modules/axe-core/axe.min.js" "$work/axe.min.js"
# the report with axe run over it once loaded; the result lands in the DOM,
# with the page's width and the width of its content
python3 - "$page" "$work/page.html" <<'PY'
import sys
html = open(sys.argv[1], encoding="utf-8").read()
probe = ('<script src="axe.min.js"></script><script>'
         'axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a",'
         ' "wcag21aa", "best-practice"]}}).then(function (r) {'
         'var p = document.createElement("pre"); p.id = "axe-result";'
         'p.textContent = JSON.stringify({violations: r.violations, passes: r.passes.length,'
         ' width: window.innerWidth, content: document.documentElement.scrollWidth});'
         'document.body.appendChild(p); });</script>')
if "</body>" not in html:
    sys.exit("a11y: no </body> in " + sys.argv[1])
open(sys.argv[2], "w", encoding="utf-8").write(html.replace("</body>", probe + "</body>"))
PY
status=0
for width in 320 1280; do
	# Chromium's window is never narrower than 500 px: the report goes in a
	# frame of the width wanted, and the frame's result is copied out
	cat >"$work/wrap-$width.html" <<HTML
<!DOCTYPE html><html lang="en"><head><title>a11y $width</title></head><body style="margin:0">
<iframe id="f" title="report" src="page.html" style="width:${width}px;height:2000px;border:0"></iframe>
<script>
function poll() {
  var d = document.getElementById("f").contentDocument, r = d && d.getElementById("axe-result");
  if (!r) { setTimeout(poll, 100); return; }
  var p = document.createElement("pre"); p.id = "axe-result"; p.textContent = r.textContent;
  document.body.appendChild(p);
}
poll();
</script></body></html>
HTML
	"$chrome" --headless --no-sandbox --disable-gpu --allow-file-access-from-files \
		--hide-scrollbars --window-size=1300,2100 --virtual-time-budget=15000 \
		--dump-dom "file://$(cd "$work" && pwd)/wrap-$width.html" \
		>"$work/dom-$width.html" 2>"$work/chromium.log" || { cat "$work/chromium.log" >&2; exit 1; }
	python3 - "$work/dom-$width.html" "$page" "$width" <<'PY' || status=1
import html, json, re, sys
m = re.search(r'<pre id="axe-result">(.*?)</pre>', open(sys.argv[1], encoding="utf-8").read(), re.S)
where = "%s at %s px" % (sys.argv[2], sys.argv[3])
if not m:
    sys.exit("a11y: axe did not run on " + where)
r = json.loads(html.unescape(m.group(1)))
for v in r["violations"]:
    print("a11y: %s: %s (%s): %d element(s), e.g. %s" % (where, v["id"], v["impact"],
          len(v["nodes"]), v["nodes"][0]["target"] if v["nodes"] else ""))
reflow = r["content"] <= r["width"]
if not reflow:
    print("a11y: %s: the page is %d px wide in a %d px window: it does not reflow (WCAG 1.4.10)"
          % (where, r["content"], r["width"]))
print("a11y: %s: %d rules passed, %d violated%s" % (where, r["passes"], len(r["violations"]),
      "" if reflow else ", does not reflow"))
sys.exit(1 if r["violations"] or not reflow else 0)
PY
done
exit $status
