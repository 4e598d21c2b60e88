from cK import *
import random, zlib
grid2=[(t,t) for t in (0.75,0.8,0.85,0.9,0.93,0.95)]
out=[]
for seed in range(10):
    rng=random.Random(seed); hs={r['cid']:rng.random()<0.5 for r in recs}
    A=[r for r in recs if hs[r['cid']]]; B=[r for r in recs if not hs[r['cid']]]
    tot=[0,0,0]; ch=[]
    for fit,held in ((A,B),(B,A)):
        best=max(grid2,key=lambda g:(f1(fit,mk(g))[0],-g[0]))
        s=f1(held,mk(best)); tot=[tot[0]+s[1],tot[1]+s[2],tot[2]+s[3]]; ch.append(best[0])
    out.append(2*tot[0]/(tot[1]+tot[2])); print(seed,ch,round(out[-1],4),tot)
print('mean xfit',sum(out)/len(out))
