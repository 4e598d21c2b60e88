from cand import *
def mk(g):
    lo,tau=g
    def dec(r,d):
        pres=1-d['Probs'][0]
        if pres<lo: return None
        m=mix_of(r,d); k=max(range(3),key=lambda j:m[j]); pol=PN[k]
        if pol=='neutral': pol=overneutral(r,d,m)
        if pres*m[PN.index(pol)]<tau: return None
        return pol
    return dec
grid=[(lo,t) for lo in (0.6,0.65,0.7,0.75) for t in (0,0.3,0.35,0.4,0.45,0.5,0.55)]
for g in grid:
    s=score(recs,mk(g)); print(g,s,score(H[0],mk(g))[1:3],score(H[1],mk(g))[1:3])
xfit(mk,grid,'D')
