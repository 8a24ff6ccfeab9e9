#!/bin/sh
# Lists the public declarations (include/chainwatch/*.h) that return a
# pointer or fill one (a `**` parameter, a `struct ... *out` parameter other
# than the caller's struct buf) with no word
# on ownership, lifetime or release in their comment (the comment just
# above, with no blank line between, or at the end of the line).
#
#   sh scripts/ownership.sh [-q] [HEADER...]
#
# Prints "header:line: name" for each, then "ownership: N of M undocumented".
# -q prints only the count line.  Exits 0: a count to watch, not a gate.
quiet=0
[ "$1" = "-q" ] && { quiet=1; shift; }
[ $# -gt 0 ] || set -- include/chainwatch/*.h
awk -v quiet="$quiet" '
function flush_decl(   d, name, ret, params, fills, doc, i, n, p) {
	d = decl; decl = ""
	if (d ~ /^[ \t]*(typedef|extern|static|#)/ || d !~ /\(/)
		return
	gsub(/__attribute__\(\([^)]*\)\)/, "", d)
	if (!match(d, /[A-Za-z_][A-Za-z_0-9]*[ \t]*\(/))
		return
	name = substr(d, RSTART, RLENGTH); sub(/[ \t]*\($/, "", name)
	ret = substr(d, 1, RSTART - 1)
	params = substr(d, RSTART + RLENGTH)
	fills = 0
	n = split(params, p, ",")
	for (i = 1; i <= n; i++)
		if (p[i] ~ /\*\*/ || (p[i] ~ /^[ \t]*struct[ \t]/ && p[i] !~ /struct[ \t]+buf[ \t]/ && p[i] ~ /\*[ \t]*(out|res|result)[ \t\[)]/))
			fills = 1
	if (ret !~ /\*/ && !fills)
		return
	total++
	doc = tolower(comment " " trail)
	if (doc ~ /own|caller|free|releas|borrow|valid|lives|lifetime|static|detach|take|belong|points? (in)?to|until|as long as|storage|copy|copied|same pointer|not (to be )?freed/)
		return
	missing++
	if (!quiet)
		printf "%s:%d: %s\n", FILENAME, declline, name
}
FNR == 1 { comment = ""; incomment = 0; depth = 0; decl = ""; trail = "" }
{
	line = $0
	if (incomment) {
		comment = comment " " line
		if (line ~ /\*\//) incomment = 0
		next
	}
	if (line ~ /^[ \t]*\/\*/) {
		if (decl == "") comment = ""
		comment = comment " " line
		if (line !~ /\*\//) incomment = 1
		next
	}
	if (line ~ /^[ \t]*$/) { comment = ""; next }
	if (line ~ /^[ \t]*#/) { comment = ""; next }
	t = line
	trail = ""
	if (match(t, /\/\*.*$/)) { trail = substr(t, RSTART); t = substr(t, 1, RSTART - 1) }
	if (depth > 0 || t ~ /^(struct|union|enum)[^;(]*\{/ || t ~ /^static inline/) {
		o = gsub(/\{/, "{", t); c = gsub(/\}/, "}", t)
		depth += o - c
		if (depth <= 0) { depth = 0; comment = "" }
		next
	}
	if (decl == "") declline = FNR
	decl = decl " " t
	if (t ~ /;[ \t]*$/) flush_decl()
}
END { printf "ownership: %d of %d undocumented\n", missing, total }
' "$@"
