#!/usr/bin/python3
"""Make edited-by-openpyxl.xlsx for tests/unit/test_xlsxread.c.

A risk workbook as a contract manager sends it back after editing it:
Debian's python3-openpyxl (not libxlsxwriter) wrote it, so it has shared
strings, absolute relationship targets ("/xl/worksheets/sheet3.xml"),
xml:space="preserve", a comment, a formula with no cached value and cells
cleared to blanks that keep their formats.  The zip's dates are fixed so
the file is the same on every run.

    /usr/bin/python3 tests/data/xlsx/make.py   (from the repository root)
"""
import datetime
import os
import zipfile

from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "edited-by-openpyxl.xlsx")
FIXED = datetime.datetime(2026, 1, 5, 9, 30, 0)


def original(path):
    """The workbook as chainwatch wrote it (roughly)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Read me"
    ws["A1"] = "Supplier risk workbook"
    ws["A2"] = "Edit the Flags sheet and send it back."
    summary = wb.create_sheet("Summary")
    summary.append(["Suppliers", 3])
    flags = wb.create_sheet("Flags")
    flags.append(["Supplier", "Flag", "Status", "Review by", "Amount", "Checked", "Note"])
    flags.append(["Acme & Sons <Ltd>", "R024", "Open", None, 1234.5, False, None])
    flags.append(["Caf\u00e9 \u201cNo\u00ebl\u201d Ltd", "E1", "Open", None, 99, False, None])
    flags.append(["Zeta Care 'Homes'", "M2", "Open", None, 0.25, False, "old note"])
    wb.create_sheet("Lists").append(["Open", "Closed", "Accepted"])
    wb.save(path)


def edit(path):
    """What a person does in Excel: type, pick dates, tick, clear, comment."""
    wb = load_workbook(path)
    ws = wb["Flags"]
    ws["C2"] = "Closed"
    ws["D2"] = datetime.date(2026, 1, 31)
    ws["D2"].number_format = "dd/mm/yyyy"
    ws["F2"] = True
    ws["G2"] = "  spoke to them \u2014 fine  "
    ws["G2"].comment = Comment("checked by phone", "J. Smith")
    ws["C3"] = "Accepted"
    ws["D3"] = datetime.datetime(2026, 2, 14, 15, 30)
    ws["D3"].number_format = "dd/mm/yyyy hh:mm"
    ws["E3"] = 1e-3
    ws["G3"] = "line one\nline two"
    ws["G4"] = None                      # cleared: a styled blank stays
    ws["G4"].font = Font(bold=True)
    ws["E4"] = "=E2*2"                   # formula: openpyxl stores no result
    ws["A6"] = "New Supplier Ltd"        # a row added below a gap
    ws["C6"] = "Open"
    ws["H6"] = 42
    wb.properties.created = FIXED
    wb.properties.modified = FIXED
    wb.properties.lastModifiedBy = "J. Smith"
    wb.save(path)


def fix_dates(path):
    """Rewrite the zip with fixed entry dates, same order and contents."""
    with zipfile.ZipFile(path) as z:
        entries = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=FIXED.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)


if __name__ == "__main__":
    original(OUT)
    edit(OUT)
    fix_dates(OUT)
