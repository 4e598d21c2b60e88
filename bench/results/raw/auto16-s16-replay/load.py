import json, csv, collections
POL={-1:'negative',0:'neutral',1:'positive'}
SUBJ={"power": "动力", "price": "价格", "price_transparency": "价格", "interior": "内饰", "features": "配置",
	"safety": "安全性", "exterior": "外观", "handling": "操控", "fuel_consumption": "油耗",
	"space": "空间", "comfort": "舒适性"}
def load(dump='/tmp/auto16/dump.jsonl'):
    val=set()
    for l in open('/work/wt/auto16/bench/testdata/car_split_ids.tsv'):
        if l.startswith('#'): continue
        a=l.rstrip('\n').split('\t')
        if len(a)==2 and a[1]=='val': val.add(a[0])
    gold=collections.OrderedDict(); text={}
    with open('/work/shared/datasets/aspect/ccf2018_car_train85.csv',encoding='utf-8-sig') as f:
        for row in csv.DictReader(f):
            cid=row['content_id']
            if cid not in val: continue
            gold.setdefault(cid,set()).add(row['subject']+'|'+POL[int(row['sentiment_value'])])
            text[cid]=row['content']
    recs={}
    for l in open(dump):
        r=json.loads(l); recs[int(r['id'])]=r
    cids=list(gold)
    out=[]
    for i,cid in enumerate(cids):
        r=recs[i]
        assert r['text'].strip()==text[cid].strip() or r['text'][:10]==text[cid][:10], (i,cid)
        r['cid']=cid; r['gold']=gold[cid]
        out.append(r)
    return out
def pred_of(r):
    return set(SUBJ[x['id']]+'|'+x['polarity'] for x in r['inds'] if x['id'] in SUBJ)
def f1(recs,predf):
    tp=pr=go=0
    for r in recs:
        p=predf(r); g=r['gold']
        tp+=len(p&g); pr+=len(p); go+=len(g)
    P=tp/pr if pr else 0; R=tp/go
    return (2*P*R/(P+R) if P+R else 0), tp, pr, go
def half(r): return ord(r['cid'][-1])%2
