#!/bin/sh
# make a11y: axe-core, in Debian's headless Chromium, over an HTML report.
# Usage: scripts/a11y.sh REPORT.html [WORKDIR]
# axe-core comes from npm into WORKDIR (default build/a11y); exit 1 when
# axe reports any violation (WCAG 2.1 A and AA rules and best practices).
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
# the report with axe run over it once loaded; the result lands in the DOM
python3 - "$page" "$work/page.html" <<'PY'
import sys
html = open(sys.argv[1], encoding="utf-8").read()
probe = ('<script src="axe.min.js"></script><script>'
         'axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a",'
         ' "wcag21aa", "best-practice"]}}).then(function (r) {'
         'var p = document.createElement("pre"); p.id = "axe-result";'
         'p.textContent = JSON.stringify({violations: r.violations, passes: r.passes.length});'
         'document.body.appendChild(p); });</script>')
if "</body>" not in html:
    sys.exit("a11y: no </body> in " + sys.argv[1])
open(sys.argv[2], "w", encoding="utf-8").write(html.replace("</body>", probe + "</body>"))
PY
"$chrome" --headless --no-sandbox --disable-gpu --allow-file-access-from-files \
	--virtual-time-budget=15000 --dump-dom "file://$(cd "$work" && pwd)/page.html" \
	>"$work/dom.html" 2>"$work/chromium.log" || { cat "$work/chromium.log" >&2; exit 1; }
python3 - "$work/dom.html" "$page" <<'PY'
import html, json, re, sys
m = re.search(r'<pre id="axe-result">(.*?)</pre>', open(sys.argv[1], encoding="utf-8").read(), re.S)
if not m:
    sys.exit("a11y: axe did not run on " + sys.argv[2])
r = json.loads(html.unescape(m.group(1)))
for v in r["violations"]:
    print("a11y: %s: %s (%s): %d element(s), e.g. %s" % (sys.argv[2], v["id"], v["impact"],
          len(v["nodes"]), v["nodes"][0]["target"] if v["nodes"] else ""))
print("a11y: %s: %d rules passed, %d violated" % (sys.argv[2], r["passes"], len(r["violations"])))
sys.exit(1 if r["violations"] else 0)
PY
