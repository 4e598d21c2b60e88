from sim import *
def half(h): return lambda cid: ord(cid[-1])%2==h
def mvote(ms, srcs=None, minconf=0.0):
    w=collections.Counter()
    for x in ms:
        p=x.get('polarity','neutral')
        if p=='neutral': continue
        if srcs and x.get('source') not in srcs: continue
        if x.get('confidence',0)<minconf: continue
        w[p]+=max(x.get('confidence',0),0.1)
    if not w: return None
    if len(w)==2 and abs(w['positive']-w['negative'])<1e-9: return None
    return w.most_common(1)[0][0]
def rule(margin, srcs=None, minconf=0.0, mode='vote'):
    def dec(d,m,ms,R):
        k=max(range(3),key=lambda j:m[j]); pol=PN[k]
        if pol!='neutral': return pol
        if mode=='vote':
            x=mvote(ms,srcs,minconf)
            if x is None: return pol
            j=PN.index(x)
            if m[1]-m[j] <= margin: return x
        return pol
    return dec
# pair-level tally: classifier neutral + polar mention
t=collections.Counter()
for i,rec in enumerate(recs):
    R=rec['rec']; ms=ment_by_subj(R)
    for d in R['Category']:
        if 1-d['Probs'][0]<0.75: continue
        m=mix_of(R,d)
        if PN[max(range(3),key=lambda j:m[j])]!='neutral': continue
        x=mvote(ms.get(d['Name'],[]))
        if x is None: continue
        gp=[g.split('|')[1] for g in gold[ids[i]] if g.split('|')[0]==d['Name']]
        g=gp[0] if gp else 'absent'
        t[(x==g) and 'same' or (g=='neutral' and 'gold neutral') or (g=='absent' and 'gold absent') or 'opposite']+=1
print('neutral-answered w/ polar mention vote, gold:',t)
for h in (None,0,1):
    sel=None if h is None else half(h)
    print('half',h,'base',f1(base,sel))
    for mg in (0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,1.0):
        print('  vote margin',mg,f1(rule(mg),sel), 'model+kg only', f1(rule(mg,{'model+kg'}),sel))
