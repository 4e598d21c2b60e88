from load import *
PN=['negative','neutral','positive']
gold,text,recs,val=load()
ids=list(gold.keys())
TH=0.725  # engine presence (check)
def mix_of(rec,d,W=0.75):
    p=d['Probs']; s=p[1]+p[2]+p[3]
    m=[p[j+1]/max(s,1e-9) for j in range(3)]
    cp=(rec.get('CategoryPolarity') or {}).get(d['Name'])
    if cp: m=[W*m[j]+(1-W)*cp[j] for j in range(3)]
    return m
def ment_by_subj(rec):
    out=collections.defaultdict(list)
    for m in rec['Mentions'] or []:
        k=m.get('kg') or {}
        ind=(k.get('ids') or {}).get('indicator')
        if (k.get('ids') or {}).get('industry')!='automotive': continue
        if ind in SUBJ: out[SUBJ[ind]].append(m)
    return out
def predict(rec, decide, th=None):
    th=th or rec['rec'].get('Threshold') or TH
    R=rec['rec']; ms=ment_by_subj(R)
    pred=set()
    for d in R['Category']:
        if 1-d['Probs'][0] < th: continue
        m=mix_of(R,d)
        pol=decide(d,m,ms.get(d['Name'],[]),R)
        pred.add(d['Name']+'|'+pol)
    return pred
def base(d,m,ms,R):
    return PN[max(range(3),key=lambda j:m[j])]
def f1(decide, sel=None, th=None):
    tp=P=G=0
    for i,rec in enumerate(recs):
        cid=ids[i]
        if sel and not sel(cid): continue
        p=predict(rec,decide,th); gg=gold[cid]
        tp+=len(p&gg); P+=len(p); G+=len(gg)
    pr=tp/max(P,1); rc=tp/max(G,1)
    return round(2*pr*rc/max(pr+rc,1e-9),4),tp,P,G
if __name__=='__main__':
    print(recs[0]['rec'].get('Threshold'))
    print('base',f1(base))
    print('neutral',f1(lambda d,m,ms,R:'neutral'))
