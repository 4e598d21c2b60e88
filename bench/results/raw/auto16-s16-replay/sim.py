from load import *
import collections
PN=['negative','neutral','positive']
DIMS=["动力","价格","内饰","配置","安全性","外观","操控","油耗","空间","舒适性"]
IND={'动力':'power','价格':'price','内饰':'interior','配置':'features','安全性':'safety','外观':'exterior','操控':'handling','油耗':'fuel_consumption','空间':'space','舒适性':'comfort'}
def recsent(ss):
    if not ss: return '',0
    l=ss[0]['Label']; sc=ss[0]['Score']
    for s in ss[1:]:
        if s['Label']!=l: return '',0
        sc=min(sc,s['Score'])
    return l,sc
def mix_of(r,d,w=0.75):
    p=d['Probs']; s=p[1]+p[2]+p[3]
    m=[p[j+1]/max(s,1e-9) for j in range(3)]
    cp=(r['catpol'] or {}).get(d['Name'])
    if cp: m=[w*m[j]+(1-w)*cp[j] for j in range(3)]
    return m
def ind_mentions(r,dim):
    x=[i for i in r['inds'] if i['id']==IND[dim]]
    if not x: return []
    return [r['ms'][k] for k in x[0]['mentions']]
def overneutral(r,d,m,margin=0.3,rs=0.9,ms=None):
    near=lambda pol: PN.index(pol)!=1 and m[1]-m[PN.index(pol)]<=margin
    bys='neutral'
    l,sc=recsent(r['sents'])
    if l and sc>=rs and near(l): bys=l
    bym='neutral'
    cp=(r['catpol'] or {}).get(d['Name'])
    if cp:
        w=[0,0,0]
        for x in (ms if ms is not None else ind_mentions(r,d['Name'])):
            if x['source']=='model+kg' and x['polarity'] in ('negative','positive'):
                w[PN.index(x['polarity'])]+=max(x['confidence'],0.1)
        v='neutral'
        if w[0]>w[2]: v='negative'
        elif w[2]>w[0]: v='positive'
        am=max(range(3),key=lambda j:cp[j])
        if v!='neutral' and PN.index(v)==am and near(v): bym=v
    if bys!='neutral' and bym!='neutral' and bys!=bym: return 'neutral'
    if bys!='neutral': return bys
    return bym
def base_dec(r,d,thr=None):
    thr=thr or r['thr']
    if 1-d['Probs'][0]<thr: return None
    m=mix_of(r,d); k=max(range(3),key=lambda j:m[j])
    pol=PN[k]
    if pol=='neutral': pol=overneutral(r,d,m)
    return pol
def predf(dec):
    def f(r):
        out=set()
        for d in r['cat']:
            p=dec(r,d)
            if p: out.add(d['Name']+'|'+p)
        for x in r['inds']:
            if x['id']=='price_transparency': out.add('价格|'+x['polarity'])
        return out
    return f
if __name__=='__main__':
    recs=load()
    print(f1(recs,predf(base_dec)), f1(recs,pred_of))
    n=0
    for r in recs:
        if predf(base_dec)(r)!=pred_of(r): n+=1; print(predf(base_dec)(r),pred_of(r))
    print('diff',n)
