from sent import *
import numpy as np, math
def feats(d,m,ms,R):
    cp=(R.get('CategoryPolarity') or {}).get(d['Name']) or [1/3]*3
    w=collections.Counter()
    for x in ms:
        p=x.get('polarity','neutral')
        if p!='neutral' and x.get('source')=='model+kg': w[p]+=max(x.get('confidence',0),0.1)
    wk=collections.Counter()
    for x in ms:
        p=x.get('polarity','neutral')
        if p!='neutral' and x.get('source')=='kg': wk[p]+=max(x.get('confidence',0),0.1)
    lab,sc=R['_rs']; s= (sc if lab=='positive' else -sc if lab=='negative' else 0)
    p=d['Probs']
    return [math.log(max(m[0],1e-6)/max(m[1],1e-6)), math.log(max(m[2],1e-6)/max(m[1],1e-6)),
            math.log(max(cp[0],1e-6)/max(cp[1],1e-6)), math.log(max(cp[2],1e-6)/max(cp[1],1e-6)),
            min(w['negative'],2), min(w['positive'],2), min(wk['negative'],2), min(wk['positive'],2), s, 1.0]
def data(sel):
    X=[];Y=[]
    for i,rec in enumerate(recs):
        cid=ids[i]
        if not sel(cid): continue
        R=rec['rec']; ms=ment_by_subj(R)
        gs={g.split('|')[0]:g.split('|')[1] for g in gold[cid]}
        for d in R['Category']:
            if 1-d['Probs'][0]<0.75 or d['Name'] not in gs: continue
            X.append(feats(d,mix_of(R,d),ms.get(d['Name'],[]),R)); Y.append(PN.index(gs[d['Name']]))
    return np.array(X),np.array(Y)
def fit(X,Y,l2=1.0,it=3000,lr=0.1):
    W=np.zeros((X.shape[1],3))
    for _ in range(it):
        Z=X@W; Z-=Z.max(1,keepdims=True); P=np.exp(Z); P/=P.sum(1,keepdims=True)
        G=X.T@(P-np.eye(3)[Y])/len(Y)+l2*W/len(Y)
        W-=lr*G
    return W
def lrdec(W,bias=0.0):
    def dec(d,m,ms,R):
        z=np.array(feats(d,m,ms,R))@W
        z[1]+=bias
        return PN[int(np.argmax(z))]
    return dec
for h in (0,1):
    X,Y=data(half(h)); W=fit(X,Y)
    print('fit',h,'n',len(Y),'weights\n',np.round(W,2).T)
    for b in (0,0.2,-0.2):
        print('  bias',b,'fit-half',f1(lrdec(W,b),half(h))[1],'vs',f1(base,half(h))[1],' other',f1(lrdec(W,b),half(1-h))[1],'vs',f1(base,half(1-h))[1])
