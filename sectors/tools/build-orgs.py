# Rebuild sectors/orgs/public-bodies.csv and sectors/orgs/given-names.txt from the
# copied sources in sectors/orgs/sources/ (see sectors/orgs/README.md).  Provenance,
# not part of the build:  python3 sectors/tools/build-orgs.py sectors/orgs
import csv, json, re, sys

D = sys.argv[1].rstrip('/') + '/'
S = D + 'sources/'
rows = {}          # (name, id) -> kind


def add(name, oid, kind):
    name = re.sub(r'\s+', ' ', name.replace('\u2019', "'").replace('\u2018', "'")).strip()
    if len(name) >= 3 and oid:
        rows.setdefault((name.upper(), oid), (kind, name))


# local authorities: every spelling mySociety knows, current and former
nation = {'England': 'GB-LAE-', 'Scotland': 'GB-LAS-', 'Wales': 'GB-PLA-',
          'Northern Ireland': 'GB-LANI-'}
la = {}
for r in csv.DictReader(open(S + 'mysociety_uk_local_authorities_future.csv', encoding='utf-8')):
    la[r['local-authority-code']] = nation.get(r['nation'], 'GB-LAE-') + r['local-authority-code']
    kind = 'combined authority' if r['local-authority-type'] in ('COMB', 'CA') else 'local authority'
    add(r['official-name'], la[r['local-authority-code']], kind)
for r in csv.DictReader(open(S + 'mysociety_lookup_name_to_registry.csv', encoding='utf-8')):
    c = r['local-authority-code']
    if c in la and 'ï¿½' not in r['la-name']:
        n = r['la-name']
        # a bare place name ("Devon") is a council only with "council" after it
        if not re.search(r'council|authority|corporation|city of london', n, re.I):
            n += ' Council'
        add(n, la[c], 'local authority')

# NHS trusts, CCGs, sub-ICB locations (ODS, headerless), ICBs (ONS)
for f, kind in (('etr.csv', 'NHS trust'), ('eccg.csv', 'NHS commissioner')):
    for r in csv.reader(open(S + f, encoding='utf-8')):
        add(r[1], 'GB-NHS-' + r[0], kind)
for r in csv.DictReader(open(S + 'icb_names_codes_dec_2024.csv', encoding='utf-8-sig')):
    add(r['ICB24NM'], 'GB-NHS-' + r['ICB24CDH'], 'NHS integrated care board')

# central government: departments, agencies, NDPBs, courts, public corporations
keep = {'Ministerial department', 'Non-ministerial department', 'Executive agency',
        'Executive non-departmental public body', 'Advisory non-departmental public body',
        'Public corporation', 'Court', 'Tribunal', 'Special health authority',
        'Independent monitoring body', 'Devolved government', 'Other', 'Civil service',
        'Executive office'}
for r in csv.DictReader(open(S + 'govuk_organisations_flat.csv', encoding='utf-8')):
    if r['format'] not in keep or not r['analytics_identifier']:
        continue
    oid = 'GB-GOR-' + r['analytics_identifier']
    add(r['title'], oid, 'central government')
    a = r['abbreviation'].strip()
    if len(a) >= 3 and a.upper() != r['title'].upper() and ' ' not in a:
        add(a, oid, 'central government')

# police forces
for r in csv.DictReader(open(S + 'openregister_police-force.tsv', encoding='utf-8'), delimiter='\t'):
    add(r['name'], 'GB-POLICE-' + r['police-force'], 'police')

# universities and HE colleges (HESA institution codes)
for r in csv.DictReader(open(S + 'dfe_hesa_degree_institutions.csv', encoding='utf-8')):
    add(r['Label'], 'GB-HESA-' + r['Code'], 'university or college')

with open(D + 'public-bodies.csv', 'w', encoding='utf-8', newline='') as f:
    f.write('# version: chainwatch-public-bodies 1 (2026-12)\n')
    f.write('# source: mySociety uk_local_authority_names_and_codes (CC BY 4.0); NHS ODS etr/eccg, '
            'ONS ICB names, GOV.UK organisations, data.police.uk forces (OGL v3); HESA codes via DfE\n')
    w = csv.writer(f, lineterminator='\n')
    w.writerow(['id', 'kind', 'name'])
    for (_, oid), (kind, name) in sorted(rows.items(), key=lambda x: (x[0][1], x[0][0])):
        w.writerow([oid, kind, name])

# given names: ONS England and Wales 1996-2020 given to 100 or more babies, and the
# top 100 of every decade 1904-1994 (the names of today's older adults)
names = {}
for r in csv.DictReader(open(S + 'ons_ew_forenames_1996_2020_aggregated.csv', encoding='utf-8')):
    n = r['name'].strip().upper()
    if re.fullmatch(r"[A-Z][A-Z'-]+", n):
        names[n] = names.get(n, 0) + int(r['total_count_1996_2020'])
given = {n for n, c in names.items() if c >= 100}
for r in csv.DictReader(open(S + 'ukbabynames_rankings_ew_top100_1904_1994.csv', encoding='utf-8')):
    n = r['name'].strip().upper()
    if re.fullmatch(r"[A-Z][A-Z'-]+", n):
        given.add(n)
with open(D + 'given-names.txt', 'w', encoding='utf-8') as f:
    f.write('# version: chainwatch-given-names 1 (2026-12)\n')
    f.write('# source: ONS baby names England and Wales 1996-2020 (100 or more) and top 100 '
            '1904-1994, via ukbabynames (OGL v3)\n')
    for n in sorted(given):
        f.write(n + '\n')
