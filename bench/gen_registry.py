#!/usr/bin/env python3
"""Synthetic Modern Slavery Statement Registry download for `make bench`.

Usage: gen_registry.py SUPPLIERS.csv ROWS OUT.csv [--seed S]

Writes ROWS registry rows in the 2022 column layout.  About a fifth are the
bench suppliers themselves: some under their company number with another
name, some under their name (legal form changed), some under a misspelt
name; the rest are other organisations built from the same vocabulary, so
the fuzzy index meets many near-alike names (its worst case).  Group
statements repeat their fields once per member, as the real file does.
"""
import csv, random, sys

def main():
    sup_path, rows, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 7
    rnd = random.Random(seed)
    sups = list(csv.DictReader(open(sup_path, encoding="utf-8")))
    hdr = open(sys.argv[0].replace("gen_registry.py", "registry-header.txt")).read().strip().split(",")
    words = sorted({w for s in sups for w in s["Supplier Name"].replace(",", " ").split() if w.isalpha()})
    bands = ["Under £36 million", "£36 million to £60 million", "£60 million to £100 million",
             "£100 million to £500 million", "Over £500 million"]
    with open(out, "w", newline="", encoding="utf-8-sig") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(hdr)
        n = 0
        while n < rows:
            group = rnd.random() < 0.6
            members = rnd.randint(2, 12) if group else 1
            sid = "%08x" % rnd.getrandbits(32)
            band = rnd.choice(bands)
            parent = ""
            for m in range(members):
                r = rnd.random()
                if r < 0.07 and sups:
                    s = rnd.choice(sups)
                    name, cn = "Renamed " + s["Supplier Name"], s["Company Registration No"]
                elif r < 0.16 and sups:
                    s = rnd.choice(sups)
                    name = s["Supplier Name"].upper().replace(" LTD", " LIMITED")
                    cn = s["Company Registration No"] if rnd.random() < 0.5 else ""
                elif r < 0.20 and sups:
                    s = rnd.choice(sups)
                    nm = s["Supplier Name"]
                    i = rnd.randrange(1, max(2, len(nm) - 1))
                    name, cn = nm[:i] + nm[i + 1:], ""
                else:
                    name = " ".join(rnd.choice(words) for _ in range(rnd.randint(2, 4))) + " Limited"
                    cn = "%08d" % rnd.randrange(10**6, 10**8) if rnd.random() < 0.89 else ""
                if m == 0 and group:
                    parent = name
                row = dict.fromkeys(hdr, "")
                row.update({"StatementYear": "2026", "OrganisationName": name, "CompanyNumber": cn,
                            "GroupSubmission": "Yes" if group else "No",
                            "ParentName": parent if group and m else "",
                            "StatementURL": "https://example.org/%s" % sid,
                            "StatementSummaryURL": "https://modern-slavery-statement-registry.service.gov.uk/statement-summary/%s/2026" % sid,
                            "StatementStartDate": "01/04/2025", "StatementEndDate": "31/03/2026",
                            "ApprovingPerson": "A Director (CEO)", "DateApproved": "30/09/2026",
                            "Turnover": band, "SectorType": "Private",
                            "Address": "1 Street\nTown\nAB1 2CD"})
                for k in hdr:
                    if k.startswith("StatementIncludes"):
                        row[k] = "Yes" if rnd.random() < 0.8 else "No"
                w.writerow([row[k] for k in hdr])
                n += 1
                if n >= rows:
                    break

if __name__ == "__main__":
    main()
