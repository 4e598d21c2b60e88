from cand import *
import json, math
NG=json.load(open('/tmp/auto16/ngram_val.json'))
def pol_of(r,d,beta=0.0):
    m=mix_of(r,d)
    ng=NG.get(r['cid']+'|'+d['Name'])
    if ng and beta:
        m=[(1-beta)*m[j]+beta*ng[j] for j in range(3)]
    k=max(range(3),key=lambda j:m[j]); pol=PN[k]
    if pol=='neutral': pol=overneutral(r,d,m)
    return pol
n=c=cn=0
for r in recs:
    gm={p.split('|')[0]:p.split('|')[1] for p in r['gold']}
    for d in r['cat']:
        if d['Name'] in gm:
            n+=1; c+= pol_of(r,d)==gm[d['Name']]; 
            ng=NG[r['cid']+'|'+d['Name']]; cn+= PN[max(range(3),key=lambda j:ng[j])]==gm[d['Name']]
print('all gold subjects: blend acc',c/n,'ngram acc',cn/n,n)
# stacking: only rows whose gold subject present AND predicted present use ng (ng exists only for gold subjects!) -> leak; so measure among right subjects only
for beta in (0,0.1,0.2,0.3,0.4,0.5):
    tp=[0,0]
    for r in recs:
        gm={p.split('|')[0]:p.split('|')[1] for p in r['gold']}
        for d in r['cat']:
            if d['Name'] in gm and 1-d['Probs'][0]>=r['thr']:
                tp[half(r)]+= pol_of(r,d,beta)==gm[d['Name']]
    print(beta,tp,sum(tp))
