from cand import *
def mk(g):
    t1,t2=g
    def predf2(r):
        ds=sorted(r['cat'],key=lambda d:d['Probs'][0])
        out=set()
        for i,d in enumerate(ds):
            p=base_dec(r,d,thr=(t1 if i==0 else t2))
            if p: out.add(d['Name']+'|'+p)
        for x in r['inds']:
            if x['id']=='price_transparency': out.add('价格|'+x['polarity'])
        return out
    return predf2
grid=[(t1,t2) for t1 in (0.6,0.7,0.75) for t2 in (0.75,0.8,0.85,0.9,0.93,0.95,0.97)]
def sc(rs,pf): return f1(rs,pf)
for g in grid: print(g, sc(recs,mk(g)), sc(H[0],mk(g))[1:3], sc(H[1],mk(g))[1:3])
tot=[0,0,0]
for h in (0,1):
    best=max(grid,key=lambda g:sc(H[1-h],mk(g))[0]); s=sc(H[h],mk(best)); print(h,best,s)
    tot=[tot[0]+s[1],tot[1]+s[2],tot[2]+s[3]]
print('xfit',2*tot[0]/(tot[1]+tot[2]),tot)
