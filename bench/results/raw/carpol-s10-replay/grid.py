from rules import *
import itertools
def gen(srcs, minconf, margin, needcp, alpha):
    def dec(d,m,ms,R):
        k=max(range(3),key=lambda j:m[j]); pol=PN[k]
        if pol!='neutral': return pol
        x=mvote(ms,srcs,minconf)
        if x is None: return pol
        j=PN.index(x)
        cp=(R.get('CategoryPolarity') or {}).get(d['Name'])
        if needcp and (not cp or max(range(3),key=lambda q:cp[q])!=j): return pol
        if m[1]-m[j]>margin: return pol
        return x
    return dec
grid=list(itertools.product([None,('model+kg',),('model+kg','kg')],[0,0.6,0.75],[0.1,0.2,0.3,0.5,1.0],[False,True],[0]))
res=[]
for g in grid:
    dec=gen(set(g[0]) if g[0] else None,*g[1:])
    res.append((f1(dec,half(0))[1],f1(dec,half(1))[1],f1(dec)[1],g))
b0,b1,bb=f1(base,half(0))[1],f1(base,half(1))[1],f1(base)[1]
print('base tp',b0,b1,bb)
for r in sorted(res,key=lambda r:-r[0])[:8]: print('by h0',r[0]-b0,r[1]-b1,r[2]-bb,r[3])
for r in sorted(res,key=lambda r:-r[1])[:8]: print('by h1',r[0]-b0,r[1]-b1,r[2]-bb,r[3])
