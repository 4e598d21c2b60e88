from rules import *
import sim
def f1alo(decide, th, sel=None, fb=True):
    tp=P=G=0
    for i,rec in enumerate(recs):
        cid=ids[i]
        if sel and not sel(cid): continue
        R=rec['rec']; ms=ment_by_subj(R)
        pred=set()
        pres=[d for d in R['Category'] if 1-d['Probs'][0]>=th]
        if not pres and fb:
            pres=[min(R['Category'],key=lambda d:d['Probs'][0])]
        for d in pres:
            pred.add(d['Name']+'|'+decide(d,mix_of(R,d),ms.get(d['Name'],[]),R))
        gg=gold[cid]; tp+=len(pred&gg); P+=len(pred); G+=len(gg)
    pr=tp/max(P,1); rc=tp/max(G,1)
    return round(2*pr*rc/max(pr+rc,1e-9),4),tp,P,G
print('empty records', sum(1 for r in recs if not any(1-d['Probs'][0]>=0.75 for d in r['rec']['Category'])))
for h in (None,0,1):
    sel=None if h is None else half(h)
    print('half',h,'base',f1(base,sel), [(th,f1alo(base,th,sel)) for th in (0.75,0.8,0.85,0.9)])
