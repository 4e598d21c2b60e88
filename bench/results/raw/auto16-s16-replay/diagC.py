from sim import *
recs=load()
import collections
bad=sum(1 for r in recs if len(r['sents'])!=len(r['starts'])); print('len mismatch',bad)
def sent_of(r,pos):
    k=0
    for i,s in enumerate(r['starts']):
        if s<=pos: k=i
    return k
def local(r,dim,srcs=('model+kg','kg','model')):
    ind=IND[dim]; ks=set()
    for m in r['ms']:
        k=m.get('kg') or {}
        if (k.get('ids') or {}).get('indicator')==ind and m['source'] in srcs and m.get('term'):
            ks.add(sent_of(r,m['start']))
    return [r['sents'][k] for k in sorted(ks) if k<len(r['sents'])]
tab=collections.Counter(); tabp=collections.Counter()
for r in recs:
    gm={p.split('|')[0]:p.split('|')[1] for p in r['gold']}
    for d in r['cat']:
        p=base_dec(r,d)
        if p is None or d['Name'] not in gm: continue
        L=local(r,d['Name'])
        if not L: key=('nolocal','')
        else:
            labs=set(x['Label'] for x in L); sc=min(x['Score'] for x in L)
            key=('/'.join(sorted(labs)), 'hi' if sc>=0.8 else 'mid' if sc>=0.65 else 'lo')
        (tab if p=='neutral' else tabp)[(key,gm[d['Name']][:3])]+=1
for k in sorted(tab,key=str): print('NEUTRAL-ANS',k,tab[k])
for k in sorted(tabp,key=str): print('POLAR-ANS',k,tabp[k])
