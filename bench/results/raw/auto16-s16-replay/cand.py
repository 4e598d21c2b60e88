from sim import *
import itertools
recs=load()
H=[[r for r in recs if half(r)==h] for h in (0,1)]
def score(rs,dec): return f1(rs,predf(dec))
def xfit(make, grid, name):
    # choose param on one half, score on the other
    tot=[0,0,0]; details=[]
    for h in (0,1):
        best=max(grid,key=lambda g:(score(H[1-h],make(g))[0], -grid.index(g)))
        s=score(H[h],make(best)); b=score(H[h],base_dec)
        details.append((h,best,s[1],s[2],'base',b[1],b[2]))
        tot[0]+=s[1]; tot[1]+=s[2]; tot[2]+=s[3]
    F=2*tot[0]/(tot[1]+tot[2])
    print(name,'xfit F1 %.4f tp %d pred %d'%(F,tot[0],tot[1]),details)
    full=max(grid,key=lambda g:(score(recs,make(g))[0], -grid.index(g)))
    print('   full-val best',full,score(recs,make(full)))
