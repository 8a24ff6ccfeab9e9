#!/usr/bin/env python3
"""Check a chainwatch supplier risk workbook.

Usage: check_xlsx.py BOOK.xlsx [--statements] [--expect-string TEXT]... [--expect-id TEXT]...

Prints the sheet names, then asserts what SPEC section 7 promises:
  * the sheets Read me, Summary, Suppliers, Flags, Data quality, Rejected
    rows, Reference, in that order;
  * the Suppliers and Flags header rows, frozen below row 1, with an
    autofilter; Data quality and Rejected rows frozen and filtered too;
  * no cell anywhere is a formula; every cell in the Suppliers text columns
    is a string (so a supplier named "=1+1" stays text);
  * when the suppliers were assessed (a Tier is filled in): the Tier cell
    has a fill and sits just left of its Reasons, Summary carries charts;
  * each flag row has a review status from the drop-down list, which is a
    list data validation over the Review status column, and the review
    dates have date validation;
  * with --statements: the Statements sheet has one row per supplier, each
    with a known status in a RAG-filled cell, s54 duty and its reasons;
  * each --expect-string value appears as a string cell on Suppliers,
    each --expect-id value appears as a string cell in Supplier IDs or
    Company number (leading zeros kept).
Exit status: 0 when all checks pass, 1 on a failed check, 77 when
openpyxl is not installed (the automake "skip" code).
"""

import sys

try:
    import openpyxl
except ImportError:
    print("check_xlsx: skipped, python3 openpyxl is not installed", file=sys.stderr)
    sys.exit(77)

SHEETS = ["Read me", "Summary", "Suppliers", "Flags", "Changes", "Tenders", "Statements",
          "Data quality",
          "Rejected rows", "Reference"]
SUPPLIER_HEADER = [
    "Supplier key", "Name", "Supplier IDs", "Names seen", "Company number", "VAT number",
    "Spend (\u00a3)", "Transactions", "In supplier master", "Matched by",
    "Sector", "Sector score", "Mapped by", "Country", "Geography score", "Goods score",
    "Risk score", "Priority", "Tier", "Reasons", "Statement status", "s54 duty",
    "Entity", "Entity ID", "Entity evidence",
]
# 1-based: key .. VAT, in master, match, sector, mapped by, country, tier, reasons
TEXT_COLUMNS = {1, 2, 3, 4, 5, 6, 9, 10, 11, 13, 14, 19, 20, 21, 22, 23, 24, 25}
ENTITY_COL = 23
TIER_COL, REASONS_COL = 19, 20
TIERS = {"High", "Medium", "Low", "Grey"}
FLAG_HEADER = [
    "Flag ID", "Run", "Supplier key", "Supplier", "Kind", "Severity", "Summary", "Evidence",
    "First seen", "Last seen", "Reopened", "Review status", "Reviewer", "Review date", "Note",
    "Next review date", "Evidence link",
]
STATEMENT_STATUSES = {"found current", "found stale", "not found", "ambiguous",
                      "not applicable"}
REVIEW_STATUSES = ["open", "under review", "cleared", "action plan", "escalated", "referred"]


def fail(msg):
    print("check_xlsx: " + msg, file=sys.stderr)
    sys.exit(1)


def check_flags(ws):
    header = [c.value for c in ws[1]]
    if header != FLAG_HEADER:
        fail("Flags header is %r" % header)
    if ws.freeze_panes is None or not ws.freeze_panes.endswith("2"):
        fail("Flags panes frozen at %r, expected below row 1" % ws.freeze_panes)
    if not ws.auto_filter.ref or not ws.auto_filter.ref.startswith("A1:"):
        fail("Flags has no autofilter over its header")
    rows = [r for r in ws.iter_rows(min_row=2) if r[0].value and r[0].value.startswith("F")]
    if not rows:
        return
    status_col = FLAG_HEADER.index("Review status")
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    want = '"%s"' % ",".join(REVIEW_STATUSES)
    for r in rows:
        cell = r[status_col]
        if cell.value not in REVIEW_STATUSES:
            fail("Flags!%s review status is %r" % (cell.coordinate, cell.value))
        if not any(cell.coordinate in dv.sqref and dv.formula1 == want for dv in lists):
            fail("Flags!%s has no review status drop-down" % cell.coordinate)
    if not ws.protection.sheet:
        fail("Flags is not protected")
    for name in FLAG_HEADER[FLAG_HEADER.index("Review status"):]:
        cell = rows[0][FLAG_HEADER.index(name)]
        if cell.protection.locked:
            fail("Flags!%s (%s) is locked: reviewers cannot edit it" % (cell.coordinate, name))
    if not rows[0][0].protection.locked:
        fail("Flags!%s (Flag ID) is not locked" % rows[0][0].coordinate)
    dates = [dv for dv in ws.data_validations.dataValidation if dv.type == "date"]
    for name in ("Review date", "Next review date"):
        cell = rows[0][FLAG_HEADER.index(name)]
        if not any(cell.coordinate in dv.sqref for dv in dates):
            fail("Flags!%s (%s) has no date validation" % (cell.coordinate, name))


def check_statements(ws, nsuppliers):
    header = [c.value for c in ws[1]]
    if header[:7] != ["Supplier key", "Supplier", "Company number", "Spend (\u00a3)",
                      "Statement status", "s54 duty", "Why (s54 duty)"]:
        fail("Statements header is %r" % header)
    if not ws.freeze_panes or not ws.auto_filter.ref:
        fail("Statements has no frozen, filtered header")
    rows = [r for r in ws.iter_rows(min_row=2) if r[0].value]
    if len(rows) != nsuppliers:
        fail("Statements has %d rows for %d suppliers" % (len(rows), nsuppliers))
    for r in rows:
        if r[4].value not in STATEMENT_STATUSES:
            fail("Statements!%s status is %r" % (r[4].coordinate, r[4].value))
        if r[4].fill is None or r[4].fill.fill_type != "solid":
            fail("Statements!%s status has no RAG fill" % r[4].coordinate)
        if r[5].value not in ("required", "likely", "unknown", "not required") or not r[6].value:
            fail("Statements!%s s54 duty %r without its reasons" % (r[5].coordinate, r[5].value))


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    path = argv[1]
    strings, ids = [], []
    statements = False
    i = 2
    while i < len(argv):
        if argv[i] == "--statements":
            statements = True
            i += 1
            continue
        if argv[i] == "--expect-string" and i + 1 < len(argv):
            strings.append(argv[i + 1])
        elif argv[i] == "--expect-id" and i + 1 < len(argv):
            ids.append(argv[i + 1])
        else:
            fail("unknown argument '%s'" % argv[i])
        i += 2

    wb = openpyxl.load_workbook(path)
    for name in wb.sheetnames:
        print(name)
    if wb.sheetnames != SHEETS:
        fail("sheets are %r, expected %r" % (wb.sheetnames, SHEETS))

    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f" or (isinstance(c.value, str) and c.data_type != "s"):
                    fail("%s!%s is a formula: %r" % (ws.title, c.coordinate, c.value))

    sup = wb["Suppliers"]
    header = [c.value for c in sup[1]]
    if header != SUPPLIER_HEADER:
        fail("Suppliers header is %r" % header)
    if sup.freeze_panes not in ("A2", "B2", "C2"):
        fail("Suppliers panes frozen at %r, expected below row 1" % sup.freeze_panes)
    if not sup.auto_filter.ref or not sup.auto_filter.ref.startswith("A1:"):
        fail("Suppliers has no autofilter over its header")
    check_flags(wb["Flags"])
    for name in ("Data quality", "Rejected rows"):
        ws = wb[name]
        if not ws.freeze_panes:
            fail("%s has no frozen header" % name)
        if not ws.auto_filter.ref:
            fail("%s has no autofilter" % name)

    assessed = 0
    seen, seen_ids = set(), set()
    for row in sup.iter_rows(min_row=2):
        for c in row:
            if c.column in TEXT_COLUMNS and c.value is not None:
                if c.data_type != "s":
                    fail("Suppliers!%s is not a string cell (%s)" % (c.coordinate, c.data_type))
                seen.add(c.value)
                if c.column in (3, 5):
                    seen_ids.update(v.strip() for v in c.value.split(";"))
        tier = row[TIER_COL - 1]
        if tier.value is not None:
            if tier.value not in TIERS:
                fail("Suppliers!%s tier is %r" % (tier.coordinate, tier.value))
            if tier.fill is None or tier.fill.fill_type != "solid":
                fail("Suppliers!%s tier has no RAG fill" % tier.coordinate)
            if not row[REASONS_COL - 1].value:
                fail("Suppliers!%s tier without reasons beside it" % tier.coordinate)
            # issue 16: a public body or a person is never High or Medium
            entity = row[ENTITY_COL - 1].value
            if entity not in ("Company", "Charity", "Public body", "Individual", "Unknown"):
                fail("Suppliers!%s entity is %r" % (row[ENTITY_COL - 1].coordinate, entity))
            if entity in ("Public body", "Individual") and tier.value in ("High", "Medium"):
                fail("Suppliers!%s: a %s in the %s tier" % (tier.coordinate, entity.lower(),
                                                            tier.value))
            assessed += 1
        spend = row[6]
        if spend.value is not None and not isinstance(spend.value, (int, float)):
            fail("Suppliers!%s spend is not a number" % spend.coordinate)
    if assessed and len(wb["Summary"]._charts) < 2:
        fail("Summary has %d charts, expected the tier and sector charts"
             % len(wb["Summary"]._charts))
    if statements:
        check_statements(wb["Statements"], sup.max_row - 1)
    for s in strings:
        if s not in seen:
            fail("no string cell %r on Suppliers" % s)
    for s in ids:
        if s not in seen_ids:
            fail("no ID %r kept as text on Suppliers" % s)
    print("check_xlsx: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
