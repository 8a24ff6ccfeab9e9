#!/usr/bin/env python3
"""The Charity Commission's register extract (main table) in its JSON form.

  scripts/ccew-json.py convert IN.txt OUT.json
      The text form (TAB-separated, backslash escapes, a BOM) as the JSON
      form: one array of objects with the header's keys in its order, a UTF-8
      BOM, numbers for the number columns, true/false for the flags, null for
      empty, dates as "2019-05-13T00:00:00".  A row shorter than the header
      has no JSON form and is left out (said on stderr).  One object a line.

  scripts/ccew-json.py generate MB DIR
      Realistic made-up rows until the JSON form is about MB megabytes:
      DIR/publicextract.charity.txt and DIR/publicextract.charity.json, the
      same rows in both forms (for measuring `charities import`; not data to
      commit).
"""
import json
import random
import sys

NUMBERS = {"organisation_number", "registered_charity_number", "linked_charity_number",
           "latest_income", "latest_expenditure"}
FLAGS = {"charity_insolvent", "charity_in_administration", "charity_previously_excepted",
         "charity_is_cdf_or_cif", "charity_is_cio", "cio_is_dissolved", "charity_gift_aid",
         "charity_has_land"}
FIELDS = ("date_of_extract organisation_number registered_charity_number linked_charity_number "
          "charity_name charity_type charity_registration_status date_of_registration "
          "date_of_removal charity_reporting_status latest_acc_fin_period_start_date "
          "latest_acc_fin_period_end_date latest_income latest_expenditure "
          "charity_contact_address1 charity_contact_address2 charity_contact_address3 "
          "charity_contact_address4 charity_contact_address5 charity_contact_postcode "
          "charity_contact_phone charity_contact_email charity_contact_web "
          "charity_company_registration_number charity_insolvent charity_in_administration "
          "charity_previously_excepted charity_is_cdf_or_cif charity_is_cio cio_is_dissolved "
          "date_cio_dissolution_notice charity_activities charity_gift_aid "
          "charity_has_land").split()


def records(data):
    """The text form's records, each a list of unescaped fields."""
    rec, field, esc = [], [], False
    for ch in data:
        if esc:
            field.append(ch)
            esc = False
        elif ch == "\\":
            esc = True
        elif ch == "\t":
            rec.append("".join(field))
            field = []
        elif ch == "\n":
            f = "".join(field)
            rec.append(f[:-1] if f.endswith("\r") else f)
            yield rec
            rec, field = [], []
        else:
            field.append(ch)
    if field or rec:
        rec.append("".join(field))
        yield rec


def value(key, text):
    if text == "":
        return None
    if key in NUMBERS:
        try:
            v = float(text)
            return int(v) if v == int(v) else v
        except ValueError:
            return text
    if key in FLAGS and text in ("True", "False"):
        return text == "True"
    if key.startswith("date") or key.endswith("_date"):
        if len(text) >= 19 and text[4] == "-" and text[10] == " ":
            return text[:10] + "T" + text[11:]
    return text


def to_json(head, row):
    return json.dumps({k: value(k, v) for k, v in zip(head, row)}, ensure_ascii=False,
                      separators=(",", ":"))


def convert(src, dst):
    with open(src, encoding="utf-8-sig", newline="") as fh:
        recs = list(records(fh.read()))
    head, rows = recs[0], recs[1:]
    with open(dst, "w", encoding="utf-8", newline="\n") as out:
        out.write("\ufeff[\n")
        first = True
        for n, row in enumerate(rows, 2):
            if len(row) < len(head):
                print("record %d: %d fields, the header has %d: left out" % (n, len(row), len(head)),
                      file=sys.stderr)
                continue
            out.write(("" if first else ",\n") + to_json(head, row))
            first = False
        out.write("\n]\n")


def escape(text):
    return text.replace("\\", "\\\\").replace("\t", "\\\t").replace("\n", "\\\n")


def generate(mb, outdir):
    rnd = random.Random(17)
    words = ("Community Trust Fund Hospice Food Bank Church Parish Village Hall Almshouses "
             "Scouts Youth Club Arts Music Festival Heritage Railway Society Foundation Friends "
             "Hospital School Academy Association Care Animal Rescue Sanctuary Mission Relief "
             "Educational Trust Benevolent Fund Memorial Garden Playgroup Pre-School").split()
    towns = "Exeter Plymouth Leeds York Bristol Bath Derby Luton Hull Ely Wells Truro".split()
    target = mb * 1000 * 1000
    with open(outdir + "/publicextract.charity.txt", "w", encoding="utf-8", newline="") as txt, \
         open(outdir + "/publicextract.charity.json", "w", encoding="utf-8", newline="") as js:
        txt.write("\ufeff" + "\t".join(FIELDS) + "\r\n")
        js.write("\ufeff[")
        size, n = 0, 0
        while size < target:
            n += 1
            linked = 0 if rnd.random() < 0.9 else rnd.randint(1, 9)
            removed = rnd.random() < 0.4
            name = " ".join(rnd.choice(words) for _ in range(rnd.randint(2, 5)))
            town = rnd.choice(towns)
            row = {
                "date_of_extract": "2026-12-01 00:00:00",
                "organisation_number": str(n),
                "registered_charity_number": str(200000 + n),
                "linked_charity_number": str(linked),
                "charity_name": (town + " " + name).upper() if n % 3 else town + " " + name,
                "charity_type": rnd.choice(["Trust", "CIO", "Charitable company", "Other"]),
                "charity_registration_status": "Removed" if removed else "Registered",
                "date_of_registration": "%04d-%02d-%02d 00:00:00" % (rnd.randint(1961, 2025),
                                                                     rnd.randint(1, 12),
                                                                     rnd.randint(1, 28)),
                "date_of_removal": "2019-03-31 00:00:00" if removed else "",
                "charity_reporting_status": "Submission Received",
                "latest_acc_fin_period_start_date": "2024-04-01 00:00:00",
                "latest_acc_fin_period_end_date": "2025-03-31 00:00:00",
                "latest_income": str(rnd.randint(0, 5000000)) + rnd.choice(["", ".00"]),
                "latest_expenditure": str(rnd.randint(0, 5000000)),
                "charity_contact_address1": "%d %s Road" % (rnd.randint(1, 300), rnd.choice(words)),
                "charity_contact_address2": town,
                "charity_contact_address3": "", "charity_contact_address4": "",
                "charity_contact_address5": "",
                "charity_contact_postcode": "EX%d %dAA" % (rnd.randint(1, 39), rnd.randint(1, 9)),
                "charity_contact_phone": "01392 %06d" % rnd.randint(0, 999999),
                "charity_contact_email": "info@example.org",
                "charity_contact_web": "www.example.org",
                "charity_company_registration_number": "%08d" % rnd.randint(1, 9999999)
                if rnd.random() < 0.3 else "",
                "charity_insolvent": "False", "charity_in_administration": "False",
                "charity_previously_excepted": "", "charity_is_cdf_or_cif": "",
                "charity_is_cio": rnd.choice(["True", "False"]), "cio_is_dissolved": "",
                "date_cio_dissolution_notice": "",
                "charity_activities": " ".join(rnd.choice(words).lower()
                                               for _ in range(rnd.randint(10, 80))) + ".",
                "charity_gift_aid": rnd.choice(["True", "False", ""]),
                "charity_has_land": rnd.choice(["True", "False", ""]),
            }
            txt.write("\t".join(escape(row[k]) for k in FIELDS) + "\r\n")
            obj = ("," if n > 1 else "") + to_json(FIELDS, [row[k] for k in FIELDS])
            js.write(obj)
            size += len(obj.encode("utf-8"))
        js.write("]")
    print("%d rows" % n)


def main(argv):
    if len(argv) == 4 and argv[1] == "convert":
        convert(argv[2], argv[3])
    elif len(argv) == 4 and argv[1] == "generate":
        generate(int(argv[2]), argv[3])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
