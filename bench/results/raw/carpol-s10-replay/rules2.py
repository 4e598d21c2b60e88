from rules import *
import sim
def bias(delta, W=None, dims=None):
    def dec(d,m,ms,R):
        if W is not None:
            p=d['Probs']; s=p[1]+p[2]+p[3]; m=[p[j+1]/s for j in range(3)]
            cp=(R.get('CategoryPolarity') or {}).get(d['Name'])
            if cp: m=[W*m[j]+(1-W)*cp[j] for j in range(3)]
        dl=delta if dims is None else dims.get(d['Name'],0)
        mm=[m[0]+dl,m[1],m[2]+dl]
        return PN[max(range(3),key=lambda j:mm[j])]
    return dec
def bm(delta, alpha, srcs=None):
    def dec(d,m,ms,R):
        x=mvote(ms,srcs)
        mm=[m[0]+delta,m[1],m[2]+delta]
        if x: mm[PN.index(x)]+=alpha
        return PN[max(range(3),key=lambda j:mm[j])]
    return dec
for h in (None,0,1):
    sel=None if h is None else half(h)
    print('half',h,'base',f1(base,sel))
    print('  bias', [(dl,f1(bias(dl),sel)[0]) for dl in (0.05,0.1,0.15,0.2,0.25,0.3)])
    print('  W', [(W,f1(bias(0,W),sel)[0]) for W in (0,0.25,0.5,0.6,0.75,0.9,1)])
    print('  th', [(th,f1(base,sel,th)[0]) for th in (0.6,0.65,0.7,0.75,0.8,0.85)])
    for dl in (0,0.05,0.1,0.15):
        print('  bias+mention',dl,[(a,f1(bm(dl,a),sel)[0]) for a in (0.05,0.1,0.15,0.2,0.3)], 'm+kg',[(a,f1(bm(dl,a,{'model+kg'}),sel)[0]) for a in (0.05,0.1,0.15,0.2,0.3)])
