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
    "Supplier", "Tier", "Priority", "Spend (\u00a3)", "Open flags", "Flags", "Main reason",
    "Owner", "Status", "Next action", "Due date", "Review note",
    "Supplier key", "Supplier IDs", "Company number", "VAT number", "Transactions",
    "In supplier master", "Matched by", "Sector", "Sector score", "Mapped by", "Country",
    "Geography score", "Goods score", "Risk score", "Statement status", "s54 duty",
    "Entity", "Entity ID", "Entity evidence", "Names seen", "Reasons in full", "Run",
]
SUP = {name: i + 1 for i, name in enumerate(SUPPLIER_HEADER)}   # 1-based
TEXT_COLUMNS = {SUP[n] for n in (
    "Supplier", "Tier", "Flags", "Main reason", "Supplier key", "Supplier IDs",
    "Company number", "VAT number", "In supplier master", "Matched by", "Sector", "Mapped by",
    "Country", "Statement status", "s54 duty", "Entity", "Entity ID", "Entity evidence",
    "Names seen", "Reasons in full", "Run")}
ENTITY_COL = SUP["Entity"]
TIER_COL, REASONS_COL = SUP["Tier"], SUP["Main reason"]
ID_COLUMNS = (SUP["Supplier IDs"], SUP["Company number"])
SPEND_COL = SUP["Spend (\u00a3)"]
SUPPLIER_REVIEW = ["Owner", "Status", "Next action", "Due date", "Review note"]
TIERS = {"High", "Medium", "Low", "Grey"}
FLAG_HEADER = [
    "Flag ID", "Supplier", "Tier", "Spend (\u00a3)", "Kind", "Severity", "Summary", "Evidence",
    "First seen", "Last seen", "Reopened", "Review status", "Reviewer", "Review date", "Note",
    "Next review date", "Evidence link", "Supplier key", "Run",
]
FLAG_KINDS = {"High-risk sector", "High-risk country", "High-risk goods",
              "High spend, sector unknown", "No statement found", "Statement out of date",
              "Statement incomplete", "Abnormally low tender"}
SEVERITY_RANK = {"Low": 1, "Medium": 2, "High": 3}
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
    # issue 18: kinds in words; a flag's severity never below its supplier's tier
    col = {n: i for i, n in enumerate(FLAG_HEADER)}
    for r in rows:
        if r[col["Kind"]].value not in FLAG_KINDS:
            fail("Flags!%s kind is %r" % (r[col["Kind"]].coordinate, r[col["Kind"]].value))
        tier, sev = r[col["Tier"]].value, r[col["Severity"]].value
        if sev not in SEVERITY_RANK:
            fail("Flags!%s severity is %r" % (r[col["Severity"]].coordinate, sev))
        if tier in SEVERITY_RANK and SEVERITY_RANK[sev] < SEVERITY_RANK[tier]:
            fail("Flags!%s: a %s-tier supplier's flag shown %s" %
                 (r[col["Severity"]].coordinate, tier, sev))
        if not isinstance(r[col["Spend (\u00a3)"]].value, (int, float)):
            fail("Flags!%s spend is not a number" % r[col["Spend (\u00a3)"]].coordinate)
    run_letter = openpyxl.utils.get_column_letter(col["Run"] + 1)
    if not ws.column_dimensions[run_letter].hidden:
        fail("Flags: the Run column %s is shown on every row" % run_letter)
    for name in FLAG_HEADER[FLAG_HEADER.index("Review status"):FLAG_HEADER.index("Supplier key")]:
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


def check_supplier_rows(ws):
    """Issue 18: a working list - one line a row, review columns, Run hidden."""
    run_letter = openpyxl.utils.get_column_letter(SUP["Run"])
    if not ws.column_dimensions[run_letter].hidden:
        fail("Suppliers: the Run column %s is not hidden" % run_letter)
    if not ws.protection.sheet:
        fail("Suppliers is not protected")
    for r, dim in ws.row_dimensions.items():
        if r > 1 and dim.height and dim.height > 15:
            fail("Suppliers row %d is %s pt tall: rows keep one line" % (r, dim.height))
    # an empty review cell is an input cell by its column's format
    for name in SUPPLIER_REVIEW:
        dim = ws.column_dimensions[openpyxl.utils.get_column_letter(SUP[name])]
        if dim.protection.locked or dim.fill.fill_type != "solid":
            fail("Suppliers: the %s column is not an unlocked input column" % name)
    rows = [r for r in ws.iter_rows(min_row=2) if r[0].value]
    if rows and not rows[0][SUP["Run"] - 1].value:
        fail("Suppliers: no run on the first row")
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    want = '"%s"' % ",".join(REVIEW_STATUSES)
    for r in rows:
        for c in r:
            if isinstance(c.value, str) and "\n" in c.value:
                fail("Suppliers!%s has a line break" % c.coordinate)
            if c.alignment is not None and c.alignment.wrap_text:
                fail("Suppliers!%s wraps" % c.coordinate)
        status = r[SUP["Status"] - 1]    # blank: not reviewed yet
        if status.value is not None and status.value not in REVIEW_STATUSES:
            fail("Suppliers!%s status is %r" % (status.coordinate, status.value))
        if not any(status.coordinate in dv.sqref and dv.formula1 == want for dv in lists):
            fail("Suppliers!%s has no status drop-down" % status.coordinate)
        for name in SUPPLIER_REVIEW:
            cell = r[SUP[name] - 1]
            if cell.value is not None and cell.protection.locked:
                fail("Suppliers!%s (%s) is locked" % (cell.coordinate, name))
        if not r[0].protection.locked:
            fail("Suppliers!%s (Supplier) is not locked" % r[0].coordinate)
        tier = r[TIER_COL - 1].value
        if tier is not None and not r[SUP["Reasons in full"] - 1].value:
            fail("Suppliers!%s: a tier without its reasons in full" % r[0].coordinate)
        nopen, flags = r[SUP["Open flags"] - 1].value, r[SUP["Flags"] - 1].value
        if (nopen is None) != (flags is None):
            fail("Suppliers!%s: open flags %r beside flags %r" % (r[0].coordinate, nopen, flags))


def check_summary(wb):
    """Issue 18: the Summary starts with what to do; charts carry alt text."""
    ws = wb["Summary"]
    text = [c for r in ws.iter_rows(values_only=True) for c in r if isinstance(c, str)]
    for want in ("Start here", "Open flags, suppliers and spend by tier", "Top 10 to review",
                 "What changed"):
        if want not in text:
            fail("Summary has no %r" % want)
    order = [text.index(t) for t in ("Start here", "Top 10 to review", "What changed",
                                     "Spend by sector")]
    if order != sorted(order):
        fail("Summary does not start with what to do: %r" % order)
    for r in ws.iter_rows():
        if r[0].value is None and r[1].value == "Sector" and r[1].fill.fill_type == "solid":
            fail("Summary!%s: the sector table's first column has no header" % r[0].coordinate)


def check_alt_text(path):
    """Every chart has a text alternative (descr on its frame in the drawing)."""
    import re
    import zipfile
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/drawings/drawing") and name.endswith(".xml"):
                xml = z.read(name).decode("utf-8")
                for frame in re.findall(r"<xdr:graphicFrame.*?</xdr:graphicFrame>", xml, re.S):
                    m = re.search(r'descr="([^"]*)"', frame)
                    if not m or len(m.group(1)) < 20:
                        fail("%s: a chart without alt text" % name)


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
    check_supplier_rows(sup)
    if sup.max_row > 1 and sup.cell(row=2, column=TIER_COL).value is not None:
        check_summary(wb)
        check_alt_text(path)
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
                if c.column in ID_COLUMNS:
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
        spend = row[SPEND_COL - 1]
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
