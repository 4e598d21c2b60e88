from cand import *
# (A) per-subject presence threshold, coordinate ascent from 0.75
TH=[0.5,0.55,0.6,0.65,0.7,0.75,0.8,0.85,0.9,0.95]
def mk(ths):
    return lambda r,d: base_dec(r,d,thr=ths.get(d['Name'],0.75))
def fitA(rs):
    ths={}
    for it in range(2):
        for s in DIMS:
            best=max(TH,key=lambda t:(score(rs,mk({**ths,s:t}))[0], -abs(t-0.75)))
            ths[s]=best
    return ths
tot=[0,0,0]
for h in (0,1):
    ths=fitA(H[1-h]); s=score(H[h],mk(ths)); b=score(H[h],base_dec)
    print('half',h,'ths',ths,'held',s,'base',b, 'fit-half',score(H[1-h],mk(ths)),score(H[1-h],base_dec))
    tot=[tot[0]+s[1],tot[1]+s[2],tot[2]+s[3]]
print('xfit',2*tot[0]/(tot[1]+tot[2]),tot)
# global threshold
for t in TH: print(t,score(recs,mk({s:t for s in DIMS})))
