from load import *
import collections
recs=load()
subjects=["动力","价格","内饰","配置","安全性","外观","操控","油耗","空间","舒适性"]
st=collections.defaultdict(lambda: collections.Counter())
conf=collections.Counter()
srcs=collections.Counter()
for r in recs:
    g={p.split('|')[0]:p.split('|')[1] for p in r['gold']}
    gm=collections.defaultdict(set)
    for p in r['gold']: gm[p.split('|')[0]].add(p.split('|')[1])
    pm=collections.defaultdict(set)
    for x in r['inds']:
        if x['id'] in SUBJ: pm[SUBJ[x['id']]].add(x['polarity']); srcs[(x['id'],x['source'])]+=1
    for s in subjects:
        if s in gm and s in pm:
            st[s]['both']+=1
            for gp in gm[s]:
                for pp in pm[s]:
                    conf[(gp,pp)]+=1; st[s][gp[:3]+'>'+pp[:3]]+=1
        elif s in gm: st[s]['miss']+=1; st[s]['miss_'+'/'.join(gm[s])[:3]]+=1
        elif s in pm: st[s]['spur']+=1
for s in subjects: print(s, dict(st[s]))
print(conf)
print(srcs)
gd=collections.Counter(p.split('|')[1] for r in recs for p in r['gold']); print(gd)
multi=sum(1 for r in recs for s in subjects if len([p for p in r['gold'] if p.startswith(s+'|')])>1); print('multi-pol gold subj',multi)
