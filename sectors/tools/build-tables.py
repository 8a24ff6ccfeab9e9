import csv, io, re, statistics
import sys
D=sys.argv[1].rstrip('/')+'/'  # the shared data/ folder (see README.md)
OUT=sys.argv[2].rstrip('/')+'/' if len(sys.argv) > 2 else './'
iso=list(csv.DictReader(open(D+'countries/iso3166_all.csv',encoding='utf-8')))
ali=list(csv.DictReader(open(D+'countries/country_name_aliases.csv',encoding='utf-8')))
gsi=list(csv.DictReader(open(D+'gsi/Global_Slavery_Index_2023_prevalence.csv',encoding='utf-8')))
tv=list(csv.DictReader(open(D+'tvpra/tvpra_goods_by_country_flat.csv',encoding='utf-8')))
def key(s): return re.sub(r'[^0-9A-Za-z\x80-\uffff]','',s).upper()
by={}
for r in iso: by[r['alpha-2']]=dict(a2=r['alpha-2'],a3=r['alpha-3'],name=r['name'],aliases=[],prev=None,region='')
by['XK']=dict(a2='XK',a3='XKX',name='Kosovo',aliases=[],prev=None,region='')
name2={key(v['name']):k for k,v in by.items()}
for a in ali: name2[key(a['alias'])]=a['alpha2']
def resolve(n):
    k=key(n)
    if k in name2: return name2[k]
    raise SystemExit('unresolved '+n)
def addalias(a2,n):
    c=by[a2]
    if key(n)!=key(c['name']) and all(key(n)!=key(x) for x in c['aliases']): c['aliases'].append(n)
for a in ali: addalias(a['alpha2'],a['alias'])
for n in ["UK","United Kingdom","Great Britain","England","Scotland","Wales","Northern Ireland","Britain"]: addalias('GB',n)
gk=[k for k in gsi[0] if k.startswith('Estimated prevalence')][0]
for r in gsi:
    a2=resolve(r['Country '].strip()); addalias(a2,r['Country '].strip())
    by[a2]['region']=r['Region'].strip()
    v=r[gk].strip()
    by[a2]['prev']=float(v) if v else None
for r in tv: addalias(resolve(r['country']),r['country'])
est=[c['prev'] for c in by.values() if c['prev'] is not None]
N=len(est)
uk=by['GB']['prev']; p_uk=100*sum(1 for x in est if x<uk)/(N-1)
G_UK=15.8
def G(p):
    pp=100*sum(1 for x in est if x<p)/(N-1)
    return 100-(100-G_UK)*(100-pp)/(100-p_uk), pp
for c in by.values():
    if c['prev'] is not None:
        g,pp=G(c['prev']); c['score']=int(g+0.5); c['basis']='GSI 2023 prevalence percentile %.1f'%pp
regmed={}
for reg in set(c['region'] for c in by.values() if c['region']):
    regmed[reg]=int(statistics.median([c['score'] for c in by.values() if c['region']==reg and c['prev'] is not None])+0.5)
for c in by.values():
    if c['prev'] is None:
        if c['region']: c['score']=regmed[c['region']]; c['basis']='no GSI estimate: median of GSI region %s'%c['region']
        else: c['score']=60; c['basis']='not in GSI 2023: method default 60'
#print('N',N,'UK lower',sum(1 for x in est if x<uk),'p_uk',p_uk,'UK',by['GB']['score'],'KP',by['KP']['score'],'MY',by['MY']['score'],'CN',by['CN']['score'],'DK',by['DK']['score'],regmed)
out=io.StringIO(); w=csv.writer(out,lineterminator='\n')
out.write('# version: chainwatch-countries 1 (2026-11); GSI 2023; ISO 3166 (lukes/ISO-3166-Countries-with-Regional-Codes 99cdae1)\n')
out.write('# source: ISO 3166-1 names and codes (CC BY-SA 4.0, lukes/ISO-3166-Countries-with-Regional-Codes all/all.csv) + XK Kosovo; aliases from shared country_name_aliases.csv, GSI and TVPRA names; prevalence from Walk Free Global Slavery Index 2023 (Kaggle extract, jjenkins111/Dorbit b05a015); score = geography G, see README.md\n')
w.writerow(['alpha2','alpha3','name','aliases','gsi_prevalence_per_1000','score','gsi_region','score_basis'])
for c in sorted(by.values(),key=lambda c:c['a2']):
    w.writerow([c['a2'],c['a3'],c['name'],'|'.join(c['aliases']),'' if c['prev'] is None else ('%.1f'%c['prev']),c['score'],c['region'],c['basis']])
open(OUT+'countries.csv','w',encoding='utf-8').write(out.getvalue())
out=io.StringIO(); w=csv.writer(out,lineterminator='\n')
out.write('# version: TVPRA 2022 list (US DOL ILAB Sweat & Toil goods_2021.xml, 2023-08-23)\n')
out.write('# source: US Department of Labor ILAB, List of Goods Produced by Child Labor or Forced Labor (public domain), via USDepartmentofLabor/Child-Labor-Android app/src/main/assets/goods_2021.xml commit 52f4b8f; one row per good x country\n')
w.writerow(['good','country','alpha2','forced_labour','child_labour','forced_child_labour','derived'])
yn=lambda b:'yes' if b else 'no'
for r in tv:
    fl=r['forced_labor']=='Yes' or r['forced_child_labor']=='Yes'
    cl=r['child_labor']=='Yes' or r['forced_child_labor']=='Yes'
    w.writerow([r['good'],r['country'],resolve(r['country']),yn(fl),yn(cl),yn(r['forced_child_labor']=='Yes'),'no' if r['derived_country']=='No' else r['derived_country']])
open(OUT+'goods.csv','w',encoding='utf-8').write(out.getvalue())
# SIC and CPV with version lines
sic=open(D+'sic/SIC07_CH_condensed_list_en.csv','rb').read()
open(OUT+'sic2007.csv','wb').write(b'# version: SIC 2007 (Companies House condensed list)\n# source: Companies House SIC 2007 condensed list (Crown copyright, OGL v3), via beastapple/uk-companies-analysis SIC07_CH_condensed_list_en.csv commit 367cbc0\n'+sic.replace(b'\r\n', b'\n'))
cpv=open(D+'cpv/cpv_2008_codes_en.csv','rb').read()
assert cpv.startswith(b'\xef\xbb\xbf')
open(OUT+'cpv2008.csv','wb').write(b'# version: CPV 2008 (Regulation (EC) No 213/2008)\n# source: EU Common Procurement Vocabulary 2008, English (EU Publications Office, reuse authorised), via WB-PIDA-Data-Science-Shop/procuR.github.io cpv_codes.csv commit 1d897cb\n'+cpv[3:])
