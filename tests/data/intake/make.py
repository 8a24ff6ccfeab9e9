#!/usr/bin/python3
"""Make the inputs of tests/data/intake/<case>/ (tests/unit/test_intake.c).

Each case is a small file of one format or quirk met in councils'
published spend (see each case's README).  Workbooks are written by
Debian's python3-openpyxl (.xlsx) and python3-xlwt (.xls); the .ods files
are written here by hand, as LibreOffice lays them out (a stored
"mimetype" entry first, then content.xml), because no Debian Python
package writes them.  Zip dates are fixed so every run gives the same bytes.

    /usr/bin/python3 tests/data/intake/make.py   (from anywhere)
"""
import datetime
import gzip
import io
import os
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
FIXED = (2026, 1, 5, 9, 30, 0)


def out(case, name):
    d = os.path.join(HERE, case)
    os.makedirs(d, exist_ok=True)
    return os.path.join(d, name)


def fixed_zip(data):
    """Rewrite a zip with fixed dates and order, so the bytes do not change."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, FIXED)
            zi.compress_type = info.compress_type
            zi.external_attr = info.external_attr
            z.writestr(zi, src.read(info.filename))
    return buf.getvalue()


def xlsx_sheets():
    """A monthly workbook: a notes sheet, two visible months, a hidden lookup and a hidden old month."""
    from openpyxl import Workbook
    wb = Workbook()
    notes = wb.active
    notes.title = "Notes"
    notes["A1"] = "Payments over 500 - read me"
    notes["A2"] = "One sheet per month; the Lookup sheet maps cost centres."
    for title, day in (("Jan 2026", 1), ("Feb 2026", 2)):
        ws = wb.create_sheet(title)
        ws.append(["Payment Date", "Supplier Name", "Net Amount", "Expense Type"])
        ws.append([datetime.date(2026, day, 5), "Acme Cleaning Ltd", 1234.56, "Cleaning"])
        ws.append([datetime.datetime(2026, day, 6, 14, 30), "Bright Care, Homes", 0.1 + 0.2, "Care"])
        ws.append([datetime.date(2026, day, 7), "Line\nBreak Ltd", 99999999.99, "Agency staff"])
        ws.append([datetime.date(2026, day, 8), "Whole Pounds Ltd", 600, "Fees"])
        for r in range(2, 6):
            ws.cell(r, 3).number_format = "#,##0.00"
        ws.cell(3, 1).number_format = "dd/mm/yyyy hh:mm"
        ws.cell(4, 1).number_format = "[$-809]d mmmm yyyy;@"
    lk = wb.create_sheet("Lookup")
    lk.append(["Cost Centre", "Name"])
    lk.append(["C100", "Adult Care"])
    lk.sheet_state = "hidden"
    old = wb.create_sheet("Dec 2025")
    old.append(["Payment Date", "Supplier Name", "Net Amount"])
    old.append([datetime.date(2025, 12, 1), "Old Supplier Ltd", 10.5])
    old.sheet_state = "hidden"
    buf = io.BytesIO()
    wb.properties.created = wb.properties.modified = datetime.datetime(*FIXED)
    wb.save(buf)
    open(out("xlsx-sheets-dates-hidden", "input.xlsx"), "wb").write(fixed_zip(buf.getvalue()))


def xlsx_only_hidden():
    """The spend is on a hidden sheet and nowhere else: it is read."""
    from openpyxl import Workbook
    wb = Workbook()
    ws = wb.active
    ws.title = "Cover"
    ws["A1"] = "Spend over 250, March 2026"
    sp = wb.create_sheet("Data")
    sp.append(["Date", "Supplier", "Amount"])
    sp.append([datetime.date(2026, 3, 2), "Hidden Spend Ltd", 250.01])
    sp.sheet_state = "hidden"
    buf = io.BytesIO()
    wb.properties.created = wb.properties.modified = datetime.datetime(*FIXED)
    wb.save(buf)
    open(out("xlsx-only-hidden-spend", "input.xlsx"), "wb").write(fixed_zip(buf.getvalue()))


def xls_sheets():
    import xlwt
    wb = xlwt.Workbook(encoding="utf-8")
    opts = wb.add_sheet("_options")
    opts.write(0, 0, "* This sheet is manipulated by the 'Options...' dialog")
    ws = wb.add_sheet("Payments >£250")
    date = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    for c, h in enumerate(["Supplier Name", "Amount", "Trans.date"]):
        ws.write(0, c, h)
    rows = [("Acme Cleaning Ltd", 264.0, datetime.date(2015, 9, 1)),
            ("Café Supplies", 1500.5, datetime.date(2015, 9, 8)),
            ("Pennies Ltd", 0.1 + 0.2, datetime.date(2015, 9, 30))]
    for r, (name, amt, d) in enumerate(rows, 1):
        ws.write(r, 0, name)
        ws.write(r, 1, amt)
        ws.write(r, 2, d, date)
    wb.save(out("xls-sheets-dates", "input.xls"))


ODS_HEAD = ('<?xml version="1.0" encoding="UTF-8"?>'
            '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
            ' xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"'
            ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
            ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
            ' office:version="1.2">'
            '<office:automatic-styles>'
            '<style:style style:name="ta1" style:family="table"><style:table-properties table:display="true"/></style:style>'
            '<style:style style:name="ta2" style:family="table"><style:table-properties table:display="false"/></style:style>'
            '</office:automatic-styles><office:body><office:spreadsheet>')
ODS_TAIL = '</office:spreadsheet></office:body></office:document-content>'


def ods_file(path, body, mimetype_first=True):
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                '</manifest:manifest>')
    with zipfile.ZipFile(path, "w") as z:
        entries = [("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED),
                   ("content.xml", ODS_HEAD + body + ODS_TAIL, zipfile.ZIP_DEFLATED),
                   ("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)]
        if not mimetype_first:
            entries = entries[1:] + entries[:1]
        for name, data, how in entries:
            zi = zipfile.ZipInfo(name, FIXED)
            zi.compress_type = how
            z.writestr(zi, data)


def text(s):
    return '<table:table-cell office:value-type="string"><text:p>%s</text:p></table:table-cell>' % s


def ods_sheets():
    """Values from the attributes, not the shown text; repeats; a hidden lookup; a note."""
    spend = ('<table:table table:name="Spend" table:style-name="ta1">'
             '<table:table-column table:number-columns-repeated="4"/>'
             '<table:table-row>' + text("Payment Date") + text("Supplier Name") + text("Amount")
             + text("Notes") + '</table:table-row>'
             '<table:table-row>'
             '<table:table-cell office:value-type="date" office:date-value="2019-03-04T00:00:00"><text:p>04/03/19</text:p></table:table-cell>'
             '<table:table-cell office:value-type="string"><text:p>Acme<text:s text:c="2"/>Cleaning</text:p><text:p>Ltd</text:p>'
             '<office:annotation><text:p>checked</text:p></office:annotation></table:table-cell>'
             '<table:table-cell office:value-type="currency" office:currency="GBP" office:value="1234.5599999999999"><text:p>£1,234.56</text:p></table:table-cell>'
             '<table:table-cell table:number-columns-repeated="1021"/>'
             '</table:table-row>'
             '<table:table-row table:number-rows-repeated="2">'
             '<table:table-cell office:value-type="date" office:date-value="2019-03-05"><text:p>05/03/19</text:p></table:table-cell>'
             '<table:table-cell office:value-type="string"><text:p>Same Row Twice Ltd</text:p></table:table-cell>'
             '<table:table-cell office:value-type="float" office:value="500"><text:p>500.00</text:p></table:table-cell>'
             '</table:table-row>'
             '<table:table-row table:number-rows-repeated="3"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
             '<table:table-row>'
             '<table:table-cell table:number-columns-repeated="2"/>'
             '<table:table-cell office:value-type="percentage" office:value="0.2"><text:p>20%</text:p></table:table-cell>'
             '<table:table-cell office:value-type="boolean" office:boolean-value="true"><text:p>TRUE</text:p></table:table-cell>'
             '</table:table-row>'
             '<table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
             '</table:table>')
    lookup = ('<table:table table:name="Lookup" table:style-name="ta2"><table:table-row>'
              + text("Code") + text("Name") + '</table:table-row></table:table>')
    ods_file(out("ods-sheets-repeats-hidden", "input.ods"), spend + lookup)


def ods_bomb():
    """One value repeated over every cell of a sheet: refused before it is expanded."""
    body = ('<table:table table:name="Bomb"><table:table-row table:number-rows-repeated="1048576">'
            '<table:table-cell office:value-type="string" table:number-columns-repeated="16384">'
            '<text:p>AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA</text:p>'
            '</table:table-cell></table:table-row></table:table>')
    ods_file(out("ods-repeat-bomb", "input.ods"), body)


def ods_mimetype_last():
    """A notes-only .ods with its mimetype entry last: read as .ods, no spend sheet."""
    body = ('<table:table table:name="Sheet1"><table:table-row>' + text("Read me: payments over 500")
            + '</table:table-row><table:table-row>' + text("Published monthly.")
            + '</table:table-row></table:table>')
    ods_file(out("ods-mimetype-not-first", "input.ods"), body, mimetype_first=False)


def gzip_csv():
    data = b"Date,Supplier Name,Amount\n05/01/2026,Acme Cleaning Ltd,1234.56\n06/01/2026,Bright Care,10.00\n"
    with open(out("gzip-named-csv", "input.csv"), "wb") as f:
        f.write(gzip.compress(data, mtime=0))


def gzip_bomb():
    """20 MB of one byte in a 20 KB gzip file: refused at 200 times the file, before 20 MB."""
    with open(out("gzip-bomb", "input.csv.gz"), "wb") as f:
        f.write(gzip.compress(b"Supplier,Amount\n" + b"0" * (20 << 20), mtime=0))


def not_spend():
    open(out("html-403-page", "input.csv"), "w").write(
        "\n<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<title>403 - Access\n  denied | A Council</title>\n</head>\n<body><h1>Access denied</h1>"
        "<p>You are not authorised to access this page.</p></body>\n</html>\n")
    open(out("html-landing-page", "input.xlsx"), "w").write(
        "<html><head><title>Spending over 500 | A Council</title></head>"
        "<body><a href=\"spend.csv\">Download</a></body></html>\n")
    open(out("pdf-document", "input.csv"), "wb").write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n")
    open(out("png-image", "input.xls"), "wb").write(
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        zi = zipfile.ZipInfo("spend.csv", FIXED)
        z.writestr(zi, "Supplier,Amount\nA,1.00\n")
    open(out("zip-not-workbook", "input.xlsx"), "wb").write(buf.getvalue())
    for case, parts in (("docx-named-xlsx", ("[Content_Types].xml", "word/document.xml")),
                        ("xlsb-binary-workbook", ("[Content_Types].xml", "xl/workbook.bin"))):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            for name in parts:
                z.writestr(zipfile.ZipInfo(name, FIXED), "<x/>" if name.endswith(".xml") else "\0\1")
        open(out(case, "input.xlsx"), "wb").write(buf.getvalue())


if __name__ == "__main__":
    xlsx_sheets()
    xlsx_only_hidden()
    xls_sheets()
    ods_sheets()
    ods_bomb()
    ods_mimetype_last()
    gzip_csv()
    gzip_bomb()
    not_spend()
