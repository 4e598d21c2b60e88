from cand import *
def has_m(r,dim,srcs):
    ind=IND[dim]
    for m in r['ms']:
        k=m.get('kg') or {}
        if (k.get('ids') or {}).get('indicator')==ind and m['source'] in srcs: return True
    return False
SRC_SETS={'mk':('model+kg',),'mkk':('model+kg','kg'),'any':('model+kg','kg','model')}
grid=[]
for ss in SRC_SETS:
    for lo in (0.4,0.5,0.6,0.7,0.75):
        for hi in (0.75,0.8,0.85,0.9):
            grid.append((ss,lo,hi))
def mk(g):
    ss,lo,hi=g
    def dec(r,d):
        t = lo if has_m(r,d['Name'],SRC_SETS[ss]) else hi
        return base_dec(r,d,thr=t)
    return dec
for g in grid:
    s=score(recs,mk(g))
    if s[0]>0.664: print(g,s, score(H[0],mk(g))[1], score(H[1],mk(g))[1])
xfit(mk,grid,'B')
