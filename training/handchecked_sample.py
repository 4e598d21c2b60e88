#!/usr/bin/env python3
"""Draws the candidate sentences of bench/testdata/handchecked_test.jsonl (seed 20261130).

Run from the repository root: python3 training/handchecked_sample.py → /tmp/eval/candidates.jsonl.
The texts in kg/testdata/mapping_*.jsonl (the dev part) are excluded by
normalised text. Which candidates were kept and their labels were decided by reading; see
bench/testdata/HANDCHECKED.md.
"""
import csv, json, random, re, unicodedata, glob, sys
D='/work/shared/datasets/'
def key(s): return ''.join(c for c in unicodedata.normalize('NFKC',s).lower() if unicodedata.category(c)[0] in 'LNM')
dev=set()
for f in glob.glob('kg/testdata/mapping_*.jsonl'):
    for l in open(f,encoding='utf-8'):
        dev.add(key(json.loads(l)['text']))
rng=random.Random(20261130)
def ok(t,lo=8,hi=90):
    t=t.strip(); return lo<=len(t)<=hi and key(t) not in dev
def pick(pool,n):
    pool=[t for t in pool if ok(t)]
    seen=set(); out=[]
    rng.shuffle(pool)
    for t in pool:
        k=key(t)
        if k in seen: continue
        seen.add(k); out.append(t)
        if len(out)==n: break
    return out
C={}
# automotive: ccf test split
ids={l.split('\t')[0] for l in open('bench/testdata/car_split_ids.tsv') if l.strip().endswith('\ttest')}
car={}
for r in csv.DictReader(open(D+'aspect/ccf2018_car_train85.csv',encoding='utf-8')):
    if r['content_id'] in ids: car[r['content_id']]=r['content'].strip()
C['automotive']=[('ccf2018_car_train85.csv#test',t) for t in pick(list(car.values()),60)]
# ecommerce
os_=[r for r in csv.DictReader(open(D+'sentiment/online_shopping_9_cats.csv',encoding='utf-8'))]
C['ecommerce']=[('online_shopping_9_cats.csv',t) for t in pick([r['review'] for r in os_],45)]
jd=[l.rstrip('\n').split('\t') for l in open(D+'dialog/jddc_chat_0.1per.txt',encoding='utf-8')]
cust=[x[6] for x in jd if len(x)>6 and x[2]=='0' and re.search('慢|快|差|好|坏|破|烂|假|退|没收到|怎么还|太',x[6])]
C['ecommerce']+= [('jddc_chat_0.1per.txt',t) for t in pick(cust,20)]
# food
wm=[r['review'] for r in csv.DictReader(open(D+'sentiment/waimai_train80.csv',encoding='utf-8'))]
C['food_delivery']=[('waimai_train80.csv',t) for t in pick(wm,45)]
dp=[json.loads(l)['s'] for l in open(D+'extra/cote_opinion_targets/dianping_test.nohotel.jsonl',encoding='utf-8')]
C['food_delivery']+=[('cote dianping_test',t) for t in pick(dp,15)]
# weibo
wb=[l.split('\t',1)[1].strip() for l in open(D+'extra/weibo_senti_100k_split/weibo_senti_union.tsv',encoding='utf-8') if '\t' in l][1:]
wb=[re.sub(r'//@.*','',t).strip() for t in wb]
def kw(p): return [t for t in wb if re.search(p,t)]
C['hotel_travel']=[('weibo_senti_union.tsv',t) for t in pick(kw('酒店|宾馆|民宿|前台|入住|退房|客房'),40)]
mf=[json.loads(l)['s'] for l in open(D+'extra/cote_opinion_targets/mafengwo_test.nohotel.jsonl',encoding='utf-8')]
C['hotel_travel']+=[('cote mafengwo_test',t) for t in pick(mf,15)]
at=[]
for l in open(D+'dialog/atec_nlp_sim_train.csv',encoding='utf-8'):
    x=l.rstrip('\n').split('\t')
    if len(x)>=3: at+= [x[1],x[2]]
C['banking']=[('atec_nlp_sim_train.csv',t) for t in pick(at,25)]
C['banking']+=[('weibo_senti_union.tsv',t) for t in pick(kw('银行|信用卡|手机银行|柜台|ATM|取款机|贷款|利息|手续费'),35)]
C['telecom']=[('weibo_senti_union.tsv',t) for t in pick(kw('中国移动|联通|电信|10086|信号|流量|宽带|话费|套餐|营业厅|4G|3G'),70)]
with open('/tmp/eval/candidates.jsonl','w',encoding='utf-8') as f:
    for ind,L in C.items():
        for i,(src,t) in enumerate(L):
            f.write(json.dumps({'cid':f'{ind}-{i}','industry':ind,'source':src,'text':t},ensure_ascii=False)+'\n')
for ind,L in C.items(): print(ind,len(L))
