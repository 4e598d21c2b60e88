from lr import *
from grid import gen
import itertools
def combo(smin,mg,mg2,needcp,srcs=('model+kg',)):
    A=srule(smin,mg) if smin else None
    B=gen(set(srcs),0,mg2,needcp,0) if mg2 else None
    def dec(d,m,ms,R):
        k=max(range(3),key=lambda j:m[j]); pol=PN[k]
        if pol!='neutral': return pol
        a=A(d,m,ms,R) if A else 'neutral'
        b=B(d,m,ms,R) if B else 'neutral'
        if a!='neutral' and b!='neutral' and a!=b: return pol
        return a if a!='neutral' else b
    return dec
res=[]
for g in itertools.product([None,0.8,0.9,0.95],[0.2,0.3,0.4],[None,0.2,0.3,0.5],[False,True]):
    if g[0] is None and g[2] is None: continue
    dec=combo(*g); res.append((f1(dec,half(0))[1],f1(dec,half(1))[1],f1(dec)[1],g))
for r in sorted(res,key=lambda r:(-r[0]))[:10]: print('by h0',r[0]-249,r[1]-275,r[2]-524,r[3])
for r in sorted(res,key=lambda r:(-r[1]))[:6]: print('by h1',r[0]-249,r[1]-275,r[2]-524,r[3])
