from rules import *
def recsent(rec):
    ss=[s.get('sentiment') for s in rec.get('sents') or [] if s.get('sentiment')]
    if not ss: return None,0
    labs={s['label'] for s in ss}
    if len(labs)!=1: return None,0
    return ss[0]['label'], min(s['score'] for s in ss)
for i,r in enumerate(recs): r['_rs']=recsent(r)
def srule(smin, margin, ndim_max=10, alsom=False):
    def dec(d,m,ms,R):
        k=max(range(3),key=lambda j:m[j]); pol=PN[k]
        if pol!='neutral': return pol
        lab,sc=R['_rs']
        if lab is None or sc<smin: return pol
        j=PN.index(lab)
        if m[1]-m[j]>margin: return pol
        return lab
    return dec
# attach
for r in recs: r['rec']['_rs']=r['_rs']
# tally on classifier-neutral present pairs
t=collections.Counter()
for i,rec in enumerate(recs):
    R=rec['rec']; lab,sc=R['_rs']
    for d in R['Category']:
        if 1-d['Probs'][0]<0.75: continue
        m=mix_of(R,d)
        if PN[max(range(3),key=lambda j:m[j])]!='neutral' or lab is None: continue
        gp=[g.split('|')[1] for g in gold[ids[i]] if g.split('|')[0]==d['Name']]
        g=gp[0] if gp else 'absent'
        b='>=.99' if sc>=0.99 else '>=.95' if sc>=0.95 else '>=.8' if sc>=0.8 else '<.8'
        t[(lab,b,'same' if g==lab else g if g in ('neutral','absent') else 'opp')]+=1
for k in sorted(t): print(k,t[k])
for h in (None,0,1):
    sel=None if h is None else half(h)
    print('half',h,'base',f1(base,sel)[1])
    for smin in (0.9,0.95,0.99):
        print('   ',smin,[(mg,f1(srule(smin,mg),sel)[1]) for mg in (0.1,0.2,0.3,0.5)])
