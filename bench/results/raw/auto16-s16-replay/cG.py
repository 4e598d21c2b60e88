from cand import *
import copy
def with_alt(variant, hows=('term','word')):
    out=[]
    for r in recs:
        r2=dict(r); cp=dict(r['catpol'] or {})
        for k,v in (r.get('alt') or {}).items():
            d,var,how=k.split('|')
            if var==variant and how in hows: cp[d]=v
        r2['catpol']=cp; out.append(r2)
    return out
VARS={'base':recs}
for v in ('from','sent','intext'):
    for hows in (('term',),('term','word')):
        VARS[v+'/'+'+'.join(hows)]=with_alt(v,hows)
def mkdec(w,margin):
    def dec(r,d):
        if 1-d['Probs'][0]<r['thr']: return None
        m=mix_of(r,d,w); k=max(range(3),key=lambda j:m[j]); pol=PN[k]
        if pol=='neutral': pol=overneutral(r,d,m,margin=margin)
        return pol
    return dec
res=[]
for name,rs in VARS.items():
    h0=[r for r in rs if half(r)==0]; h1=[r for r in rs if half(r)==1]
    for w in (0.5,0.6,0.75,0.9):
        for mg in (0.2,0.3,0.4):
            dec=mkdec(w,mg)
            res.append(((name,w,mg),f1(rs,predf(dec)),f1(h0,predf(dec)),f1(h1,predf(dec))))
for x in res:
    if x[0][1]==0.75 and x[0][2]==0.3: print(x[0],x[1],x[2][1],x[3][1])
print('top');[print(x[0],x[1],x[2][1],x[3][1]) for x in sorted(res,key=lambda x:-x[1][0])[:10]]
tot=[0,0,0]
for h in (0,1):
    best=max(res,key=lambda x:x[2+(1-h)][0]); s=best[2+h]; print(h,best[0],s)
    tot=[tot[0]+s[1],tot[1]+s[2],tot[2]+s[3]]
print('xfit',2*tot[0]/(tot[1]+tot[2]),tot)
