#!/usr/bin/env python3
"""The module graph from #include lines: its cycles and its upward folder edges.

Usage: scripts/include-graph.py [--graph]     (from the repository root; make layers)

A module is a header's base name (include/chainwatch/NAME.h, or a header
private to one folder, NAME_private.h and NAME_data.h counting as NAME) with
its sources: NAME.c, and NAMEsomething.c in the same folder when no module
is named so (scanread.c and scanout.c are "scan").  Every #include "..." of a
module's header or source is an edge to the included header's module.

Two checks, each violation printed on one line:
  cycle: a -> b -> a               modules that include each other, directly or not
  upward: src/X/f.c: Y.h (folder)  a file including a header of a later stage

Folders rank by the data flow, lower first; a file may include its own
folder's headers and those of lower ranks, never a higher rank nor a
sibling of the same rank (store and write are siblings: neither reads the
other).  --graph prints the module edges too.

A violation README.md's Layout section accepts, on a line
  - allowed `upward: src/X/f.c: Y.h`: why   or   - allowed `cycle: a b`: why
(a cycle named by its modules, sorted; * and ? match as in file names),
is printed as "allowed:" instead.
Exit status 1 on any other violation, or an allowance that no longer
matches one (so the README's list stays true).
"""
import fnmatch
import os
import re
import sys

RANK = {"util": 0, "read": 1, "identify": 2, "judge": 3, "store": 4, "write": 4, "cmd": 5}
# headers with no source of their own name: the folder they belong to
HOME = {"ascii": "util", "version": "util", "charteryear": "judge"}

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
ALLOWED = re.compile(r'^- allowed `([^`]+)`', re.M)


def module_of_header(name):
    base = os.path.basename(name)[:-2]
    for suffix in ("_private", "_data"):
        if base.endswith(suffix):
            base = base[: -len(suffix)]
    return base


def main():
    show_graph = "--graph" in sys.argv[1:]
    sources = []  # (folder, path)
    for folder in sorted(os.listdir("src")):
        d = os.path.join("src", folder)
        if not os.path.isdir(d):
            continue
        if folder not in RANK:
            print("include-graph: src/%s/ has no rank (add it to RANK)" % folder)
            return 1
        for f in sorted(os.listdir(d)):
            if f.endswith((".c", ".h")):
                sources.append((folder, os.path.join(d, f)))

    # each module's folder: where its NAME.c or private header is
    home = dict(HOME)
    for folder, path in sources:
        home.setdefault(module_of_header(path), folder)
    public = sorted(f for f in os.listdir("include/chainwatch") if f.endswith(".h"))
    for h in public:
        m = module_of_header(h)
        if m not in home:
            print("include-graph: include/chainwatch/%s has no source (add it to HOME)" % h)
            return 1

    def module_of_source(folder, path):
        base = module_of_header(path) if path.endswith(".h") else os.path.basename(path)[:-2]
        if base in home and home[base] == folder:
            return base
        best = base
        for m, f in home.items():
            if f == folder and base.startswith(m) and len(m) > len(best if best != base else ""):
                best = m
        return best

    files = [(home[module_of_header(h)], "include/chainwatch/" + h, module_of_header(h))
             for h in public]
    files += [(folder, path, module_of_source(folder, path)) for folder, path in sources]

    edges = {}
    upward = []
    for folder, path, mod in files:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        for inc in INCLUDE.findall(text):
            target = module_of_header(inc)
            tfolder = home.get(target)
            if tfolder is None:
                continue
            if target != mod:
                edges.setdefault(mod, set()).add(target)
            if tfolder != folder and RANK[tfolder] >= RANK[folder]:
                upward.append(("upward: %s: %s" % (path, os.path.basename(inc)),
                               " (%s/ from %s/)" % (tfolder, folder)))

    # strongly connected components (Tarjan, iterative)
    index, low, onstack, stack, comps = {}, {}, set(), [], []
    counter = [0]
    nodes = sorted(set(edges) | {t for ts in edges.values() for t in ts})
    for root in nodes:
        if root in index:
            continue
        work = [(root, iter(sorted(edges.get(root, ()))))]
        index[root] = low[root] = counter[0]
        counter[0] += 1
        stack.append(root)
        onstack.add(root)
        while work:
            v, it = work[-1]
            w = next(it, None)
            if w is not None:
                if w not in index:
                    index[w] = low[w] = counter[0]
                    counter[0] += 1
                    stack.append(w)
                    onstack.add(w)
                    work.append((w, iter(sorted(edges.get(w, ())))))
                elif w in onstack:
                    low[v] = min(low[v], index[w])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    onstack.discard(w)
                    comp.append(w)
                    if w == v:
                        break
                if len(comp) > 1:
                    comps.append(sorted(comp))

    def path_in(comp, a, b):
        """A shortest path a -> ... -> b inside comp."""
        prev, queue = {a: None}, [a]
        for v in queue:
            for w in sorted(edges.get(v, ())):
                if w in comp and w not in prev:
                    prev[w] = v
                    queue.append(w)
        out, v = [], b
        while v is not None:
            out.append(v)
            v = prev[v]
        return out[::-1]

    if show_graph:
        for m in sorted(edges):
            print("%s/%s -> %s" % (home.get(m, "?"), m, " ".join(sorted(edges[m]))))
    cycles = []
    for comp in sorted(comps):
        first = comp[0]
        for nxt in sorted(edges[first]):
            if nxt in comp:
                cycle = [first] + path_in(set(comp), nxt, first)
                break
        cycles.append(("cycle: %s" % " ".join(comp), "   (%s)" % " -> ".join(cycle)))

    with open("README.md", encoding="utf-8") as fh:
        readme = fh.read()
    layout = readme[readme.find("\n## Layout"):]
    allowed = ALLOWED.findall(layout)
    unused = set(allowed)
    bad = 0
    for key, detail in cycles + sorted(upward):
        hits = [a for a in allowed if fnmatch.fnmatchcase(key, a)]
        if hits:
            unused.difference_update(hits)
            print("allowed: " + key + detail)
        else:
            bad += 1
            print(key + detail)
    for key in sorted(unused):
        bad += 1
        print("stale: README allows `%s`, which no longer happens" % key)
    print("include-graph: %d modules, %d edges, %d cycles, %d upward includes, %d not allowed"
          % (len(nodes), sum(len(t) for t in edges.values()), len(cycles), len(upward), bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
