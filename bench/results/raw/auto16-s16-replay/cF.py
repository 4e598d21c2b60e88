from cand import *
from cB import has_m, SRC_SETS
def mk(g):
    t2,t3,ss=g
    def predf2(r):
        ds=sorted(r['cat'],key=lambda d:d['Probs'][0])
        out=set()
        for i,d in enumerate(ds):
            pres=1-d['Probs'][0]
            if i==0: th=0.75
            else: th = t3 if has_m(r,d['Name'],SRC_SETS[ss]) else t2
            p=base_dec(r,d,thr=th)
            if p: out.add(d['Name']+'|'+p)
        for x in r['inds']:
            if x['id']=='price_transparency': out.add('价格|'+x['polarity'])
        return out
    return predf2
grid=[(t2,t3,ss) for t2 in (0.75,0.85,0.9,0.93,0.95) for t3 in (0.6,0.7,0.75,0.8,0.85,0.9) for ss in ('mk','mkk','any') if t3<=t2]
sc=f1
res=[(g,sc(recs,mk(g)),sc(H[0],mk(g)),sc(H[1],mk(g))) for g in grid]
for x in sorted(res,key=lambda x:-x[1][0])[:10]: print(x[0],x[1],x[2][1:3],x[3][1:3])
tot=[0,0,0]
for h in (0,1):
    best=max(res,key=lambda x:x[2+(1-h)][0]); s=best[2+h]; print(h,best[0],s)
    tot=[tot[0]+s[1],tot[1]+s[2],tot[2]+s[3]]
print('xfit',2*tot[0]/(tot[1]+tot[2]),tot)
