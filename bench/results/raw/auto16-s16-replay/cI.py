from cand import *
import itertools
def mk(g):
    t2,w,mg,rs=g
    def predf2(r):
        ds=sorted(r['cat'],key=lambda d:d['Probs'][0])
        out=set()
        for i,d in enumerate(ds):
            th=r['thr'] if i==0 else t2
            if 1-d['Probs'][0]<th: continue
            m=mix_of(r,d,w); k=max(range(3),key=lambda j:m[j]); pol=PN[k]
            if pol=='neutral': pol=overneutral(r,d,m,margin=mg,rs=rs)
            out.add(d['Name']+'|'+pol)
        for x in r['inds']:
            if x['id']=='price_transparency': out.add('价格|'+x['polarity'])
        return out
    return predf2
grid=list(itertools.product((0.75,0.85,0.9,0.93),(0.6,0.75,0.9),(0.2,0.3,0.4),(0.85,0.9,0.95)))
res=[(g,f1(recs,mk(g)),f1(H[0],mk(g)),f1(H[1],mk(g))) for g in grid]
for x in sorted(res,key=lambda x:-x[1][0])[:8]: print(x[0],x[1],x[2][1:3],x[3][1:3])
tot=[0,0,0]
for h in (0,1):
    best=max(res,key=lambda x:x[2+(1-h)][0]); s=best[2+h]; print(h,best[0],s)
    tot=[tot[0]+s[1],tot[1]+s[2],tot[2]+s[3]]
print('xfit',2*tot[0]/(tot[1]+tot[2]),tot)
