import csv,collections,json
POL={'-1':'negative','0':'neutral','1':'positive'}
DIMS=["动力","价格","内饰","配置","安全性","外观","操控","油耗","空间","舒适性"]
held=set()
for l in open('/work/wt/auto16/bench/testdata/car_split_ids.tsv'):
    a=l.rstrip('\n').split('\t')
    if len(a)==2 and a[1] in ('val','test'): held.add(a[0])
posts=collections.OrderedDict(); words=collections.defaultdict(collections.Counter)
for row in csv.DictReader(open('/work/shared/datasets/aspect/ccf2018_car_train85.csv',encoding='utf-8-sig')):
    if row['content_id'] in held: continue
    p=posts.setdefault(row['content_id'],{'text':row['content'],'gold':{}})
    p['gold'][row['subject']]=POL[row['sentiment_value']]
    w=row['sentiment_word'].strip()
    if w: words[row['subject']][w]+=1
# candidate cues: per subject, sentiment words of length>=2 seen >=3 times
def stats(minlen=2,mincount=3):
    out={}
    for s in DIMS:
        for w,c in words[s].items():
            if len(w)<minlen or c<mincount: continue
            dist=collections.Counter()
            for p in posts.values():
                if s in p['gold'] and w in p['text']: dist[p['gold'][s]]+=1
            out[(s,w)]=dist
    return out
if __name__=='__main__':
    print(len(posts))
    st=stats()
    for (s,w),d in sorted(st.items(),key=lambda x:-sum(x[1].values())):
        n=sum(d.values()); best=max(d,key=d.get)
        if best!='neutral' and d[best]/n>=0.6: print(s,w,dict(d),round(d[best]/n,2))
