#!/bin/sh
# Charity matching on real names (issue 17): payee names as councils printed them in the
# shared spend files (tests/data/charities/real/payees.txt: the 46 that are charities of
# the register below, and a tenth of the payees whose names share two or more words with
# one of its charities without being it: care homes, pre-schools, "Barnardos North East",
# "Leonard Cheshire", "Age Concern") against a register of 2,110 real charity names and
# numbers (register.txt, from David Kane's charity-lookups, ODbL: see its README).  The
# outcome of every name is kept in match.out, reviewed by hand: the charity itself through
# a bracketed branch, a descriptor or a cut-off name, never a regional branch or a
# namesake with a word more or less.  CW_UPDATE_GOLDEN=1 rewrites it; review the diff.
# Usage: LC_ALL=C sh tests/cli/charityreal.sh build/chainwatch   (from the repository root)
. tests/cli/lib.sh

R=tests/data/charities/real
expect 0 charityreal-import -- "$BIN" charities import "$R/register.txt" --db "$T/cw.db"
grep_err charityreal-import "charities: 2110 charities (2110 England and Wales"
tr '\n' '\0' <"$R/payees.txt" | xargs -0 "$BIN" charities match --db "$T/cw.db" >"$T/match.out" 2>"$T/err" &&
	ok || bad "charityreal-match: charities match failed"
if [ -n "${CW_UPDATE_GOLDEN:-}" ]; then cp "$T/match.out" "$R/match.out"; fi
same charityreal-outcomes "$T/match.out" "$R/match.out"
want charityreal-matched "$(grep -c '^  matched: ' "$T/match.out")" 46
want charityreal-unmatched "$(grep -c '^  unmatched$' "$T/match.out")" 95

finish
