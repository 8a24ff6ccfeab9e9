#!/usr/bin/python3
"""Make the .xls fixtures of tests/unit/test_xlsread.c (and the xls fuzz seeds).

Two kinds:
  - written by Debian's python3-xlwt, a real BIFF8 writer: several sheets,
    a hidden one, a shared-string table over 8,224 bytes (so split over
    CONTINUE records by xlwt), an empty shared string (xlwt writes "" as a
    blank, so the cell is put in by hand), dates, the 1904 date system;
  - put together here record by record, with a small compound file writer,
    for what xlwt never writes: a shared-string table split every few
    bytes (inside strings, both compressed and UTF-16, and just after a
    string's header), rich-text runs and extended data, MULRK, cached
    formula results (number, the STRING record, boolean, empty string,
    error), cells out of row order, a chart inside a sheet, a chart sheet,
    custom and time formats, an Excel 5 (BIFF5) workbook in windows-1252,
    a stream small enough for the mini stream; and hostile files: a FAT
    chain that loops, a sector past the end of the file, a record cut
    short, a shared-string count of 4 billion, a password, no Workbook
    stream.

    /usr/bin/python3 tests/data/xls/make.py   (from anywhere)
"""
import datetime
import os
import shutil
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
SEEDS = os.path.join(HERE, "..", "..", "fuzz", "corpus", "xls")
END, FREE, FATSECT, NOSTREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF


def path(name):
    return os.path.join(HERE, name)


# --- compound file -------------------------------------------------------

def cfb(streams, mutate=None):
    """A version 3 compound file (512-byte sectors) holding streams
    [(name, bytes)]; streams under 4096 bytes go in the mini stream.
    mutate(fat, header, dir_entries) may break things before writing."""
    S = 512
    sectors, fat = [], []

    def chain(data):
        n = (len(data) + S - 1) // S
        if not n:
            return END
        start = len(sectors)
        for i in range(n):
            sectors.append(data[i * S:(i + 1) * S].ljust(S, b"\0"))
            fat.append(start + i + 1 if i < n - 1 else END)
        return start

    mini, minifat, placed = b"", [], []
    for name, data in streams:
        if len(data) < 4096:
            n = (len(data) + 63) // 64
            start = len(minifat) if n else END
            for i in range(n):
                minifat.append(len(minifat) + 1 if i < n - 1 else END)
            mini += data.ljust(n * 64, b"\0")
            placed.append((name, start, len(data)))
        else:
            placed.append((name, chain(data), len(data)))
    mini_start = chain(mini)
    minifat_start = chain(b"".join(struct.pack("<I", x) for x in minifat)) if minifat else END
    entries = [("Root Entry", 5, mini_start if mini else END, len(mini))]
    entries += [(name, 2, start, size) for name, start, size in placed]
    dir_start = len(sectors)
    ndir_sectors = (len(entries) * 128 + S - 1) // S
    for i in range(ndir_sectors):
        sectors.append(b"")
        fat.append(dir_start + i + 1 if i < ndir_sectors - 1 else END)
    nfat = 1
    while (len(sectors) + nfat) > nfat * 128:
        nfat += 1
    fat_ids = list(range(len(sectors), len(sectors) + nfat))
    for _ in fat_ids:
        sectors.append(b"")
        fat.append(FATSECT)
    header = {"dir": dir_start, "minifat": minifat_start, "nminifat": 1 if minifat else 0,
              "fat_ids": fat_ids}
    if mutate:
        mutate(fat, header, entries)

    def dirent(i, name, kind, start, size):
        u = name.encode("utf-16-le")
        child = 1 if kind == 5 and len(entries) > 1 else NOSTREAM
        right = i + 1 if kind == 2 and i + 1 < len(entries) else NOSTREAM
        return (u.ljust(64, b"\0") + struct.pack("<HBBIII", len(u) + 2, kind, 1, NOSTREAM,
                                                  right, child)
                + b"\0" * 36 + struct.pack("<III", start & 0xFFFFFFFF, size, 0))
    d = b"".join(dirent(i, *e) for i, e in enumerate(entries)).ljust(ndir_sectors * S, b"\0")
    for i in range(ndir_sectors):
        sectors[dir_start + i] = d[i * S:(i + 1) * S]
    fatbytes = b"".join(struct.pack("<I", x) for x in fat).ljust(nfat * S, b"\xff")
    for k, s in enumerate(fat_ids):
        sectors[s] = fatbytes[k * S:(k + 1) * S]
    difat = (header["fat_ids"] + [FREE] * 109)[:109]
    h = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
         + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
         + struct.pack("<IIIIIIIII", 0, nfat, header["dir"], 0, 4096, header["minifat"],
                       header["nminifat"], END, 0)
         + b"".join(struct.pack("<I", x) for x in difat))
    assert len(h) == 512
    return h + b"".join(sectors)


# --- BIFF records ----------------------------------------------------------

def rec(t, data=b""):
    return struct.pack("<HH", t, len(data)) + data


def ustr(s, lenfmt="<H"):
    """An XLUnicodeString: compressed when it is Latin-1, UTF-16 otherwise."""
    try:
        return struct.pack(lenfmt, len(s)) + b"\0" + s.encode("latin-1")
    except UnicodeEncodeError:
        u = s.encode("utf-16-le")
        return struct.pack(lenfmt, len(u) // 2) + b"\1" + u


def sst(strings, size):
    """SST + CONTINUE records of at most `size` bytes, split as Excel does:
    a string's header is never split (a new record starts before it), its
    characters may be (the next record starts with the flag byte), its runs
    and extended data may be anywhere.  strings: str or (str, runs, ext)."""
    recs, cur = [], bytearray(struct.pack("<II", len(strings), len(strings)))

    def flush():
        recs.append(bytes(cur))
        cur.clear()
    for s in strings:
        runs, ext = (s[1], s[2]) if isinstance(s, tuple) else (0, b"")
        s = s[0] if isinstance(s, tuple) else s
        try:
            s.encode("latin-1")
            high, w = 0, 1
        except UnicodeEncodeError:
            high, w = 1, 2
        flags = high | (8 if runs else 0) | (4 if ext else 0)
        head = struct.pack("<HB", len(s), flags) + (struct.pack("<H", runs) if runs else b"") \
            + (struct.pack("<I", len(ext)) if ext else b"")
        if len(cur) + len(head) > size:
            flush()
        cur += head
        for ch in s:
            b = ch.encode("utf-16-le") if high else ch.encode("latin-1")
            if len(cur) + len(b) > size:
                flush()
                cur.append(high)
            cur += b
        for b in bytes(4 * runs) + ext:
            if len(cur) + 1 > size:
                flush()
            cur.append(b)
    flush()
    return rec(0x00FC, recs[0]) + b"".join(rec(0x003C, r) for r in recs[1:])


def bof(kind, version=0x0600):
    if version == 0x0600:
        return rec(0x0809, struct.pack("<HHHHII", version, kind, 0x0DBB, 1996, 0, 6))
    return rec(0x0809, struct.pack("<HHHH", version, kind, 0x0DBB, 1996))


def xf(fmt):
    return rec(0x00E0, struct.pack("<HHHBBBBIIH", 0, fmt, 1, 0x20, 0, 0, 0, 0, 0, 0x20C0))


def cell(t, row, col, xfi, data):
    return rec(t, struct.pack("<HHH", row, col, xfi) + data)


def rk_num(v):
    """An RK value: an integer (x100 when it has pence) or a double's top 30 bits."""
    for mult, flag in ((1, 0), (100, 1)):
        x = v * mult
        if x == int(x) and -(1 << 29) <= int(x) < (1 << 29):
            return ((int(x) << 2) | 2 | flag) & 0xFFFFFFFF
    u = struct.unpack("<Q", struct.pack("<d", v))[0]
    assert u & 0xFFFFFFFF == 0, v
    return u >> 32


def formula(row, col, xfi, result):
    """A FORMULA record with its cached result (the expression: a constant 1)."""
    expr = b"\x1e\x01\x00"
    if isinstance(result, float):
        r = struct.pack("<d", result)
    else:
        kind, val = result
        r = struct.pack("<BBBBBBH", kind, 0, val, 0, 0, 0, 0xFFFF)
    return cell(0x0006, row, col, xfi, r + struct.pack("<HIH", 0, 0, len(expr)) + expr)


def workbook(globals_recs, sheets, version=0x0600):
    """The workbook stream: BOF, globals, BOUNDSHEETs (offsets filled in), EOF, sheets.
    sheets: [(name, hidden, kind, body records)]; kind 0 worksheet, 2 chart."""
    def boundsheet(off, name, hidden, kind):
        n = ustr(name, "<B") if version == 0x0600 else struct.pack("<B", len(name)) + \
            name.encode("cp1252")
        return rec(0x0085, struct.pack("<IBB", off, hidden, kind) + n)
    head = bof(5, version) + b"".join(globals_recs)
    size = len(head) + sum(len(boundsheet(0, n, h, k)) for n, h, k, _ in sheets) + 4
    offs, bodies = [], b""
    for name, hidden, kind, body in sheets:
        offs.append(size + len(bodies))
        bodies += bof(0x10 if kind == 0 else 0x20, version) + body + rec(0x000A)
    bs = b"".join(boundsheet(o, n, h, k) for o, (n, h, k, _) in zip(offs, sheets))
    return head + bs + rec(0x000A) + bodies


def std_globals(extra=b"", strings=None, size=8224, datemode=0):
    g = [rec(0x0042, struct.pack("<H", 1200)), rec(0x0022, struct.pack("<H", datemode)),
         rec(0x041E, struct.pack("<H", 164) + ustr("dd/mm/yyyy")),
         rec(0x041E, struct.pack("<H", 165) + ustr('"Day "0')),
         rec(0x041E, struct.pack("<H", 166) + ustr("hh:mm")),
         rec(0x041E, struct.pack("<H", 167) + ustr('[$-809]d\\ mmmm\\ yyyy;@')),
         # XF 0 general, 1 built-in date 14, 2 custom date, 3 "Day "0, 4 hh:mm, 5 locale date
         xf(0), xf(14), xf(164), xf(165), xf(166), xf(167)]
    if strings is not None:
        g.append(sst(strings, size))
    return g + ([extra] if extra else [])


def features():
    long_latin = "".join(chr(ord("a") + i % 26) for i in range(70))
    strings = ["Supplier", "Amount", "Date", "", "Acme Cleaning Ltd",
               long_latin, "Zürich € Ünïcödé split across records",
               ("Rich Text Ltd", 2, b"\x01\x02\x03\x04\x05\x06"), "", "Last"]
    spend = b"".join([
        cell(0x00FD, 0, 0, 0, struct.pack("<I", 0)),
        cell(0x00FD, 0, 1, 0, struct.pack("<I", 1)),
        cell(0x00FD, 0, 2, 0, struct.pack("<I", 2)),
        cell(0x00FD, 0, 3, 0, struct.pack("<I", 3)),
        # row 3 before row 2: handed over in row order
        cell(0x00FD, 2, 0, 0, struct.pack("<I", 5)),
        rec(0x00BD, struct.pack("<HH", 2, 1) + struct.pack("<HI", 0, rk_num(250))
            + struct.pack("<HI", 0, rk_num(12.34)) + struct.pack("<HI", 2, rk_num(42005))
            + struct.pack("<H", 3)),
        cell(0x00FD, 1, 0, 0, struct.pack("<I", 4)),
        cell(0x0203, 1, 1, 0, struct.pack("<d", 1234.56)),
        cell(0x027E, 1, 2, 1, struct.pack("<I", rk_num(42278))),
        cell(0x00FD, 1, 3, 0, struct.pack("<I", 6)),
        cell(0x00FD, 3, 0, 0, struct.pack("<I", 7)),
        formula(3, 1, 0, 99.5),
        formula(3, 2, 0, (0, 0)), rec(0x04BC, b"\0" * 10), rec(0x0207, ustr("Formula text")),
        formula(3, 3, 0, (1, 1)),
        formula(3, 4, 0, (3, 0)),
        formula(3, 5, 0, (2, 7)),
        cell(0x0205, 4, 0, 0, struct.pack("<BB", 1, 0)),
        cell(0x0205, 4, 1, 0, struct.pack("<BB", 0x2A, 1)),
        cell(0x0204, 4, 2, 0, ustr("Inline Café")),
        cell(0x0201, 4, 3, 0, b""),
        rec(0x00BE, struct.pack("<HHHHHH", 4, 4, 0, 0, 0, 6)),
        cell(0x0203, 4, 4, 3, struct.pack("<d", 3.0)),
        cell(0x0203, 4, 5, 4, struct.pack("<d", 0.5)),
        cell(0x0203, 4, 6, 5, struct.pack("<d", 42369.0)),
        cell(0x00FD, 4, 7, 0, struct.pack("<I", 8)),
        cell(0x00FD, 4, 8, 0, struct.pack("<I", 9)),
        # a chart inside the sheet: its records are not cells of the sheet
        bof(0x20), cell(0x0203, 9, 9, 0, struct.pack("<d", 7.0)), rec(0x000A),
        # the later of two cells in one place wins
        cell(0x0203, 5, 0, 0, struct.pack("<d", 1.0)),
        cell(0x0203, 5, 0, 0, struct.pack("<d", 2.0)),
    ])
    lookup = cell(0x0204, 0, 0, 0, ustr("Hidden lookup"))
    notes = cell(0x0204, 0, 0, 0, ustr("Notes"))
    return workbook(std_globals(strings=strings, size=24),
                    [("Spend", 0, 0, spend), ("Lookup", 1, 0, lookup),
                     ("Chart1", 0, 2, b""), ("Notes £", 0, 0, notes)])


def date1904():
    body = (cell(0x0203, 0, 0, 1, struct.pack("<d", 0.0))
            + cell(0x027E, 0, 1, 2, struct.pack("<I", rk_num(40000)))
            + cell(0x0203, 0, 2, 0, struct.pack("<d", 40000.0)))
    return workbook(std_globals(datemode=1), [("Dates", 0, 0, body)])


def biff5():
    g = [rec(0x0042, struct.pack("<H", 1252)),
         rec(0x041E, struct.pack("<HB", 164, 10) + b"dd/mm/yyyy"),
         xf(0), xf(164)]
    body = (cell(0x0204, 0, 0, 0, struct.pack("<H", 11) + b"\xa3250 \x80 caf\xe9")
            + cell(0x0203, 0, 1, 1, struct.pack("<d", 42005.0))
            + cell(0x027E, 0, 2, 0, struct.pack("<I", rk_num(-7))))
    return workbook(g, [("Old \xa3", 0, 0, body)], version=0x0500)


def xlwt_book(dates_1904=False):
    import xlwt
    from xlwt.Cell import StrCell
    wb = xlwt.Workbook(encoding="utf-8")
    wb.dates_1904 = dates_1904
    date = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    ws = wb.add_sheet("Payments")
    for c, h in enumerate(["Supplier Name", "Amount", "Date", "Note"]):
        ws.write(0, c, h)
    for r in range(1, 401):
        ws.write(r, 0, "Supplier number %d with a longish name" % r)
        ws.write(r, 1, r * 1.25)
        ws.write(r, 2, datetime.date(2015, 9, 1) + datetime.timedelta(days=r % 30), date)
    # an empty shared string, as council files have (xlwt would write a blank)
    empty = wb.add_str("")
    ws.row(1).insert_cell(3, StrCell(1, 3, 0x0F, empty))
    ws.write(2, 3, "ﬁnal – “quoted”")
    hidden = wb.add_sheet("Codes")
    hidden.visibility = 1
    hidden.write(0, 0, "hidden")
    third = wb.add_sheet("Summary")
    third.write(0, 0, "Total")
    third.write(0, 1, 500.5)
    return wb


def write(name, data):
    open(path(name), "wb").write(data)


def main():
    write("features.xls", cfb([("Workbook", features())]))
    write("date1904.xls", cfb([("Workbook", date1904())]))
    write("biff5.xls", cfb([("Book", biff5())]))
    xlwt_book().save(path("xlwt-sheets.xls"))
    xlwt_book(True).save(path("xlwt-1904.xls"))
    big = features().ljust(5000, b"\0")
    write("big-sectors.xls", cfb([("Workbook", big)]))

    # hostile files
    def loop(fat, header, entries):
        fat[entries[1][2] + 4] = entries[1][2] + 2      # the stream's chain loops
    write("fat-cycle.xls", cfb([("Workbook", big)], loop))

    def past(fat, header, entries):
        header["dir"] = 9999
    write("sector-past-end.xls", cfb([("Workbook", big)], past))
    # the last sheet's LABEL cut short, its EOF gone
    write("truncated-record.xls", cfb([("Workbook", features()[:-8])]))
    huge = workbook(std_globals() + [rec(0x00FC, struct.pack("<II", 0xFFFFFFF0, 0xFFFFFFF0))],
                    [("S", 0, 0, b"")])
    write("huge-sst.xls", cfb([("Workbook", huge)]))
    pw = workbook([rec(0x002F, b"\x01\x00" + b"\0" * 52)] + std_globals(), [("S", 0, 0, b"")])
    write("password.xls", cfb([("Workbook", pw)]))
    write("no-workbook.xls", cfb([("WordDocument", b"\xec\xa5" + b"\0" * 600)]))
    # 2,000 sheets over one sheet's 100 records: reading them all would be quadratic
    body = b"".join(cell(0x0201, r, 0, 0, b"") for r in range(100))
    head = bof(5) + b"".join(std_globals())
    sheet_at = len(head) + 2000 * len(rec(0x0085, struct.pack("<IBB", 0, 0, 0) + ustr("S0000", "<B"))) + 4
    bs = b"".join(rec(0x0085, struct.pack("<IBB", sheet_at, 0, 0) + ustr("S%04d" % i, "<B"))
                  for i in range(2000))
    write("overlapping-sheets.xls", cfb([("Workbook", head + bs + rec(0x000A) + bof(0x10)
                                          + body + rec(0x000A))]))
    os.makedirs(SEEDS, exist_ok=True)
    for n in ("features.xls", "date1904.xls", "biff5.xls", "big-sectors.xls",
              "truncated-record.xls", "huge-sst.xls", "password.xls", "fat-cycle.xls"):
        shutil.copy(path(n), os.path.join(SEEDS, n))
    # bare Workbook streams: the harness wraps them in a compound file
    for n, data in (("features.biff", features()), ("date1904.biff", date1904()),
                    ("biff5.biff", biff5())):
        open(os.path.join(SEEDS, n), "wb").write(data)


main()
