#!/usr/bin/env python3
"""Derive data/sample/devon-suppliers.csv from the Devon spend sample.

A supplier master extract as a finance system exports it: one row per
supplier ID with the name, VAT number and creditor type Devon publishes.
Country is GB except the suppliers Devon files under "DCC International",
whose country is read from the legal form in the name (APS: Denmark,
IRELAND ... LIMITED: Ireland).  Company numbers are left blank: Devon does
not publish them and this sample invents no identifiers.

Usage: scripts/make-sample-suppliers.py data/sample/devon-spend-2025-12.csv > data/sample/devon-suppliers.csv
"""
import csv
import sys

INTERNATIONAL = {"APS": "DK", "IRELAND": "IE", "GMBH": "DE", "BV": "NL", "AB": "SE", "AS": "NO"}

def country(name, creditor_type):
    if "International" not in creditor_type:
        return "GB"
    for word in name.upper().replace(",", " ").split():
        if word in INTERNATIONAL:
            return INTERNATIONAL[word]
    return ""

def main():
    seen = {}
    with open(sys.argv[1], encoding="utf-8-sig", newline="") as f:
        rows = csv.reader(f)
        header = [h.strip() for h in next(rows)]
        col = {h: i for i, h in enumerate(header)}
        for r in rows:
            if len(r) < len(header) or not r[col["Supplier ID"]].strip():
                continue
            sid = r[col["Supplier ID"]].strip()
            if sid not in seen:
                seen[sid] = (r[col["Supplier name"]].strip(), r[col["VAT reg no"]].strip(),
                             r[col["Creditor type"]].strip())
    out = csv.writer(sys.stdout, lineterminator="\r\n")
    out.writerow(["Supplier Number", "Supplier Name", "Company Registration No", "VAT Number",
                  "Creditor Type", "Country"])
    for sid in sorted(seen, key=int):
        name, vat, ctype = seen[sid]
        out.writerow([sid, name, "", vat, ctype, country(name, ctype)])

main()
