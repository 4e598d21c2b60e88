from rules import *
def rev(margin, fwd=None):
    def dec(d,m,ms,R):
        k=max(range(3),key=lambda j:m[j]); pol=PN[k]
        if pol=='neutral':
            return fwd(d,m,ms,R) if fwd else pol
        x=mvote(ms)
        if x!=pol and m[k]-m[1]<margin: return 'neutral'
        return pol
    return dec
for h in (None,0,1):
    sel=None if h is None else half(h)
    print('half',h,'base',f1(base,sel)[1],[(mg,f1(rev(mg),sel)[1]) for mg in (0.05,0.1,0.2,0.3,0.5)])
