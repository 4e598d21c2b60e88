from cand import *
from cues import posts as TRP
import collections, itertools
# co-occurrence in train gold: P(B in gold | A in gold)
na=collections.Counter(); nab=collections.Counter()
for p in TRP.values():
    g=list(p['gold'])
    for a in g:
        na[a]+=1
        for b in g:
            if a!=b: nab[(a,b)]+=1
def cond(a,b): return nab[(a,b)]/max(na[a],1)
print(sorted(((round(cond(a,b),3),a,b) for a in DIMS for b in DIMS if a!=b),reverse=True)[:12])
def mk(g):
    t2,rho=g
    def predf2(r):
        ds=sorted(r['cat'],key=lambda d:d['Probs'][0])
        out=set(); kept=[]
        for i,d in enumerate(ds):
            pres=1-d['Probs'][0]
            if pres<r['thr']: continue
            if kept and pres<t2 and all(cond(k,d['Name'])<rho for k in kept): continue
            kept.append(d['Name'])
            out.add(d['Name']+'|'+base_dec(r,d))
        for x in r['inds']:
            if x['id']=='price_transparency': out.add('价格|'+x['polarity'])
        return out
    return predf2
grid=list(itertools.product((0.8,0.85,0.9,0.93,0.95,0.97,0.99),(0,0.05,0.08,0.1,0.12,0.15,0.2,1.01)))
res=[(g,f1(recs,mk(g)),f1(H[0],mk(g)),f1(H[1],mk(g))) for g in grid]
for x in sorted(res,key=lambda x:-x[1][0])[:8]: print(x[0],x[1],x[2][1:3],x[3][1:3])
tot=[0,0,0]
for h in (0,1):
    best=max(res,key=lambda x:x[2+(1-h)][0]); s=best[2+h]; print(h,best[0],s)
    tot=[tot[0]+s[1],tot[1]+s[2],tot[2]+s[3]]
print('xfit',2*tot[0]/(tot[1]+tot[2]),tot)
