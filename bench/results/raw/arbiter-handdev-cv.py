import json,sys,collections
import numpy as np
sys.path.insert(0,'/work/wt/arbiter/training')
import train_arbiter as A
R=[json.loads(l) for l in open('/tmp/arb/hd-feats.jsonl')]
R=[r for r in R if r['features']]
X=np.array([r['features'] for r in R]); y=np.array([A.CLASSES.index(r['gold']) for r in R])
rule=np.array([A.CLASSES.index(r['rule']) for r in R])
print('n',len(R),'rule acc',(rule==y).mean())
for l2 in (0.001,0.01,0.1):
  pred=np.zeros(len(R),int)
  for k in range(10):
    te=np.arange(len(R))%10==k
    W,b=A.fit(X[~te],y[~te],np.ones((~te).sum()),l2,800)
    pred[te]=A.predict(W,b,X[te])
  print('l2',l2,'10-fold CV acc on hand DEV',(pred==y).mean(), 'changed', (pred!=rule).sum())
