#!/usr/bin/env python3
"""Synthetic Companies House BasicCompanyData for `make bench` (BENCH_REGISTERS=1).

Usage: gen_companies.py ROWS OUT_DIR [--seed S]

Writes OUT_DIR/BasicCompanyData-2026-12-01.csv: ROWS companies in the real
format (the 55-column header of the real file, leading spaces included,
every value quoted, CRLF, DD/MM/YYYY dates, "62020 - ..." SIC texts), about
the real file's 470 bytes a row (5.5 million rows come to about 2.6 GB).
Names are made of the words real company names are made of; about a third
come in families of siblings ("X LIMITED", "X HOLDINGS LIMITED", "X GROUP
PLC", "X (SOUTH WEST) LIMITED", "X SERVICES LTD"), one in eight has
previous names, and a few names repeat across an LLP and a company.

And OUT_DIR/suppliers.txt: 20,000 lines "payee<TAB>company number", the
payee as a council prints it and the company it is ("cut:NUMBER" when the
name was cut at 30 characters): two thirds are register
companies written the council way (upper case, LTD for LIMITED or no legal
form, " - DESCRIPTOR", "(REF 1234)", cut at 30 characters, a previous
name), the rest names the register does not hold (no number).
The output is the same for the same ROWS and seed.
"""
import os, random, sys

HEADER = ("CompanyName, CompanyNumber,RegAddress.CareOf,RegAddress.POBox,RegAddress.AddressLine1,"
          " RegAddress.AddressLine2,RegAddress.PostTown,RegAddress.County,RegAddress.Country,"
          "RegAddress.PostCode,CompanyCategory,CompanyStatus,CountryOfOrigin,DissolutionDate,"
          "IncorporationDate,Accounts.AccountRefDay,Accounts.AccountRefMonth,Accounts.NextDueDate,"
          "Accounts.LastMadeUpDate,Accounts.AccountCategory,Returns.NextDueDate,"
          "Returns.LastMadeUpDate,Mortgages.NumMortCharges,Mortgages.NumMortOutstanding,"
          "Mortgages.NumMortPartSatisfied,Mortgages.NumMortSatisfied,SICCode.SicText_1,"
          "SICCode.SicText_2,SICCode.SicText_3,SICCode.SicText_4,"
          "LimitedPartnerships.NumGenPartners,LimitedPartnerships.NumLimPartners,URI,"
          + ",".join("PreviousName_%d.CONDATE, PreviousName_%d.CompanyName" % (i, i)
                     for i in range(1, 11))
          + ",ConfStmtNextDueDate, ConfStmtLastMadeUpDate")

FIRST = ("ABBEY ACORN ADVANCE ALPHA ANCHOR APEX ARROW ASHFORD ATLAS AVON BAKER BEACON BEDFORD "
         "BELL BIRCH BLUE BRIDGE BRIGHT BRISTOL BROOK CALDER CAMBRIAN CASTLE CEDAR CENTRAL "
         "CHESTER CITY CLEAR COASTAL COUNTY CREST CROWN DALE DART DELTA DERWENT DEVON DIAMOND "
         "DOVE EAGLE EAST EDEN ELITE ELM EXE FALCON FERN FIRST FOREST FOX GATEWAY GLOBAL "
         "GOLDEN GRANGE GREEN HALL HARBOUR HAWK HERITAGE HIGH HILL HORIZON IRIS IVY JUBILEE "
         "KESTREL KING LAKE LARK LINK LION LONDON LOTUS MAPLE MARSH MEADOW MERCURY MILL "
         "MOORLAND NATIONAL NEW NORTH NOVA OAK OCEAN ORBIT ORCHARD PARK PEAK PHOENIX PINE "
         "PIONEER PREMIER PRIME QUAY QUEST RAVEN RED REGAL RIVER ROCK ROSE ROYAL SAGE "
         "SAXON SHIRE SILVER SMART SOLAR SOUTH SPRING STAR STONE SUMMIT SUN SWAN TAMAR "
         "THAMES TOWER TRINITY UNITED VALLEY VANGUARD VICTORIA VISTA WEST WILLOW WINDSOR "
         "YORK ZENITH").split()
SURNAMES = ("SMITH JONES TAYLOR BROWN WILLIAMS WILSON JOHNSON DAVIES ROBINSON WRIGHT THOMPSON "
            "EVANS WALKER WHITE ROBERTS GREEN HALL WOOD JACKSON CLARKE PATEL KHAN LEWIS JAMES "
            "PHILLIPS MASON MITCHELL ROSE DAVIS RODRIGUEZ COX ALEXANDER MORGAN MOORE MARTIN "
            "PRICE COOPER WARD TURNER HILL WATSON KING BAKER HARRIS SCOTT ALLEN YOUNG").split()
TRADE = ("ACCOUNTANCY BUILDERS CARE CATERING CLEANING CONSTRUCTION CONSULTING CONTRACTORS "
         "DESIGN ELECTRICAL ENGINEERING ENVIRONMENTAL ESTATES FACILITIES FINANCE FOODS "
         "GARDENS HEALTHCARE HOMES INTERIORS INVESTMENTS LANDSCAPES LOGISTICS MAINTENANCE "
         "MANAGEMENT MEDIA MOTORS NURSERY PLUMBING PROPERTIES PROPERTY RECRUITMENT ROOFING "
         "SECURITY SERVICES SOLUTIONS STAFFING SUPPLIES SYSTEMS TECHNOLOGY TRADING TRANSPORT "
         "TRAVEL VENTURES WASTE").split()
SECOND = ("ASSOCIATES BROTHERS COMMERCIAL COMMUNITY CREATIVE DIGITAL DOMESTIC GENERAL "
          "INDUSTRIAL INTERNATIONAL LOCAL MEDICAL MOBILE MODERN PROFESSIONAL REGIONAL "
          "RESIDENTIAL SPECIALIST STRATEGIC TECHNICAL").split()
SIBLING = ["HOLDINGS", "GROUP", "(SOUTH WEST)", "(UK)", "SERVICES", "(NORTHERN)", "(2015)",
           "INVESTMENTS", "TRADING"]
TOWNS = "LONDON BRISTOL EXETER PLYMOUTH LEEDS MANCHESTER BIRMINGHAM CARDIFF GLASGOW TRURO".split()
SICS = ["62020 - Information technology consultancy activities", "41201 - Construction of commercial buildings",
        "81210 - General cleaning of buildings", "87100 - Residential nursing care facilities",
        "88100 - Social work activities without accommodation for the elderly and disabled",
        "56101 - Licensed restaurants", "68209 - Other letting and operating of own or leased real estate",
        "70229 - Management consultancy activities other than financial management",
        "43220 - Plumbing, heat and air-conditioning installation", "99999 - Dormant Company",
        "49410 - Freight transport by road", "78200 - Temporary employment agency activities"]
ACCOUNTS = ["TOTAL EXEMPTION FULL", "MICRO ENTITY", "DORMANT", "SMALL", "FULL", "NO ACCOUNTS FILED",
            "UNAUDITED ABRIDGED", "GROUP", "MEDIUM"]
DESCRIPTORS = ["PAYROLL", "ACCOUNT", "DOMICILIARY CARE", "HIGHWAYS", "SCHOOLS", "TRANSPORT",
               "FOSTERING", "ADULT SOCIAL CARE"]


def date(rnd, y0, y1):
    return "%02d/%02d/%04d" % (rnd.randint(1, 28), rnd.randint(1, 12), rnd.randint(y0, y1))


def base_name(i, rnd):
    """A distinct base name for family i (mixed radix over the word lists)."""
    a = FIRST[i % len(FIRST)]
    i //= len(FIRST)
    b = TRADE[i % len(TRADE)]
    i //= len(TRADE)
    c = SURNAMES[i % len(SURNAMES)]
    i //= len(SURNAMES)
    d = SECOND[i % len(SECOND)]
    i //= len(SECOND)
    words = [a, c, d, b] if i % 2 else [c, a, b, d]
    if i >= 2:
        words.append(str(i))
    return " ".join(words)


def families(rows, rnd):
    """Yield (name, status, previous names) until rows are out."""
    n = 0
    fam = 0
    while n < rows:
        base = base_name(fam, rnd)
        fam += 1
        names = [base + (" LIMITED" if rnd.random() < 0.8 else " LTD")]
        if rnd.random() < 0.33:
            for s in rnd.sample(SIBLING, rnd.randint(1, 3)):
                names.append("%s %s %s" % (base, s, "PLC" if s == "GROUP" and rnd.random() < 0.5
                                           else "LIMITED"))
        if rnd.random() < 0.01:
            names.append(base + " LLP")
        for nm in names:
            if n >= rows:
                return
            prev = []
            if rnd.random() < 0.125:
                # another word order than current names: a former name is rarely a current one
                prev = ["%s %s %s %s LIMITED" % (rnd.choice(FIRST), rnd.choice(SECOND),
                                                 rnd.choice(SURNAMES), rnd.choice(TRADE))
                        for _ in range(rnd.randint(1, 3))]
            status = "Active" if rnd.random() < 0.93 else rnd.choice(
                ["Active - Proposal to Strike off", "Liquidation", "In Administration"])
            yield nm, status, prev
            n += 1


def council_way(name, rnd):
    """A register name written as a council's finance system prints it."""
    r = rnd.random()
    up = name.upper()
    if r < 0.25:
        return up.replace(" LIMITED", " LTD")
    if r < 0.40:
        return up.replace(" LIMITED", "").replace(" LTD", "")
    if r < 0.50:
        return up.replace(" LIMITED", " LTD") + " - " + rnd.choice(DESCRIPTORS)
    if r < 0.58:
        return "%s (REF %d)" % (up, rnd.randint(1000, 99999))
    if r < 0.66:
        return "\x00" + up[:30]       # marked: cut, see main()
    if r < 0.72:
        return name.title()
    return up


def main():
    rows, out = int(sys.argv[1]), sys.argv[2]
    seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 11
    rnd = random.Random(seed)
    os.makedirs(out, exist_ok=True)
    picks = []           # names to print as payees
    want = 20000 * 2 // 3
    every = max(1, rows // (want * 2))
    with open(os.path.join(out, "BasicCompanyData-2026-12-01.csv"), "w", encoding="utf-8",
              newline="") as f:
        f.write(HEADER + "\r\n")
        buf = []
        for i, (name, status, prev) in enumerate(families(rows, rnd)):
            num = "%08d" % (1000000 + i) if i % 40 else "SC%06d" % (i % 1000000)
            inc = date(rnd, 1960, 2026)
            town = TOWNS[i % len(TOWNS)]
            sics = rnd.sample(SICS, 1 + (i % 7 == 0) + (i % 13 == 0))
            prevs = []
            for p in prev:
                prevs += [date(rnd, 1990, 2025), p]
            prevs += [""] * (20 - len(prevs))
            fields = [name, num, "", "", "%d %s STREET" % (i % 300 + 1, rnd.choice(FIRST)),
                      "UNIT %d" % (i % 50) if i % 3 == 0 else "", town, "", "UNITED KINGDOM",
                      "%s%d %dAB" % (town[:2], i % 20 + 1, i % 9 + 1),
                      "Private Limited Company" if not name.endswith("LLP")
                      else "Limited Liability Partnership", status, "United Kingdom", "", inc,
                      "31", "3", date(rnd, 2026, 2027), date(rnd, 2024, 2025),
                      ACCOUNTS[i % len(ACCOUNTS)], date(rnd, 2016, 2017), "", "0", "0", "0", "0"]
            fields += sics + [""] * (4 - len(sics))
            fields += ["0", "0", "http://business.data.gov.uk/id/company/" + num]
            fields += prevs
            fields += [date(rnd, 2026, 2027), date(rnd, 2025, 2026)]
            buf.append('"' + '","'.join(fields) + '"\r\n')
            if len(buf) >= 10000:
                f.write("".join(buf))
                buf = []
            if i % every == 0 and len(picks) < want:
                picks.append((prev[0] if prev and rnd.random() < 0.3 else name, num))
        f.write("".join(buf))
    with open(os.path.join(out, "suppliers.txt"), "w", encoding="utf-8") as f:
        for nm, num in picks:
            payee = council_way(nm, rnd)
            if payee.startswith("\x00"):
                # cut at 30 characters: it may now read as another company's name,
                # or the start of several; the bench counts those apart
                payee, num = payee[1:], "cut:" + num
            f.write("%s\t%s\n" % (payee, num))
        for k in range(20000 - len(picks)):
            f.write("%s %s %s\t\n" % (rnd.choice(SURNAMES), rnd.choice(SECOND),
                                      rnd.choice(TRADE)) if k % 2 else
                    "%s %s LTD\t\n" % (rnd.choice(FIRST), rnd.choice(SURNAMES)))


if __name__ == "__main__":
    main()
