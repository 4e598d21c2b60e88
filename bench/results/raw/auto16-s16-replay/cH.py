from cand import *
def sentbest(r,name):
    best=None
    for sd in (r.get('sentdims') or []):
        for d in sd:
            if d['Name']==name and (best is None or d['Probs'][0]<best[0]): best=d['Probs']
    return best
def mk(g):
    alpha,pmode,beta=g
    def dec(r,d):
        sb=sentbest(r,d['Name'])
        p=list(d['Probs'])
        if sb is not None:
            if pmode=='max': p0=min(p[0],sb[0])
            elif pmode=='mean': p0=(p[0]+sb[0])/2
            else: p0=p[0]
            # polarity: blend renormalised polarity
            s1=sum(p[1:]); s2=sum(sb[1:])
            pol=[(1-alpha)*p[j]/s1+alpha*sb[j]/max(s2,1e-9) for j in (1,2,3)]
            p=[p0]+pol
        dd={'Name':d['Name'],'Probs':p}
        if 1-p[0]<r['thr']*beta if False else 1-p[0]<r['thr']: return None
        m=mix_of(r,dd); k=max(range(3),key=lambda j:m[j]); po=PN[k]
        if po=='neutral': po=overneutral(r,dd,m)
        return po
    return dec
grid=[(a,pm,1) for a in (0,0.2,0.35,0.5) for pm in ('rec','max','mean')]
res=[(g,f1(recs,predf(mk(g))),f1(H[0],predf(mk(g))),f1(H[1],predf(mk(g)))) for g in grid]
for x in res: print(x[0],x[1],x[2][1:3],x[3][1:3])
tot=[0,0,0]
for h in (0,1):
    best=max(res,key=lambda x:x[2+(1-h)][0]); s=best[2+h]; print(h,best[0],s)
    tot=[tot[0]+s[1],tot[1]+s[2],tot[2]+s[3]]
print('xfit',2*tot[0]/(tot[1]+tot[2]),tot)
