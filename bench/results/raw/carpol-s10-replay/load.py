import json, csv, collections
POL={-1:'negative',0:'neutral',1:'positive'}
SUBJ={"power": "动力", "price": "价格", "price_transparency": "价格", "interior": "内饰", "features": "配置",
	"safety": "安全性", "exterior": "外观", "handling": "操控", "fuel_consumption": "油耗",
	"space": "空间", "comfort": "舒适性"}
def load():
    val=set()
    for l in open('/work/wt/carpol/bench/testdata/car_split_ids.tsv'):
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
    recs=[json.loads(l) for l in open('/tmp/carpol_dump.jsonl')]
    return gold,text,recs,val
