#!/usr/bin/env python3
# The DEV read-through sample (issue 13): 80 real reviews NOT from the read80 report sources
# (FewCLUE EPRSTMT and NLPCC 2014 SC are never drawn here). Seed 2026 by default:
#   6 from each of the 9 categories of online_shopping_9_cats.csv (书籍 平板 手机 计算机 衣服 水果
#   洗发水 热水器 蒙牛) = 54, 13 from digital_product_reviews_2011 (mobile, mP3_mp4, notebook
#   corpora pooled) and 13 from waimai_train80.csv; 10..120 characters, deduplicated.
# Run from the repo root:
#   python3 training/readdev_sample.py --out bench/results/raw/readdev-sample.jsonl
# The output holds id and text only (the category is in "source" of --meta, not given to analyze).
import argparse, json, random, csv, unicodedata
def key(s): return ''.join(c for c in unicodedata.normalize('NFKC',s).lower() if unicodedata.category(c)[0] in 'LNM')
ap=argparse.ArgumentParser()
ap.add_argument('--seed',type=int,default=2026)
ap.add_argument('--datasets',default='/work/shared/datasets')
ap.add_argument('--exclude',action='append',default=[],help='JSONL file of reviews (field "text") not to draw; repeatable')
ap.add_argument('--out',default='/tmp/readdev.jsonl')
ap.add_argument('--meta',default='',help='optional JSONL with id, source of each drawn review')
args=ap.parse_args()
D=args.datasets.rstrip('/')+'/'
rng=random.Random(args.seed)
pools=[]
shop={}
with open(D+'sentiment/online_shopping_9_cats.csv',encoding='utf-8',newline='') as f:
    for r in csv.DictReader(f): shop.setdefault(r['cat'],[]).append(r['review'].strip())
for cat in sorted(shop): pools.append((shop[cat],6,'online_shopping_9_cats/'+cat))
dig=[]
for name in ['mobile','mP3_mp4','notebook']:
    with open(D+'extra/digital_product_reviews_2011/%s.corpus'%name,encoding='utf-8',errors='replace') as f:
        for l in f:
            p=l.rstrip('\n').split('**')
            if len(p)>=4 and '\ufffd' not in p[3]: dig.append(p[3].strip())
pools.append((dig,13,'digital_product_reviews_2011'))
with open(D+'sentiment/waimai_train80.csv',encoding='utf-8',newline='') as f:
    wm=[r['review'].strip() for r in csv.DictReader(f)]
pools.append((wm,13,'waimai_train80'))
out=[];seen=set()
for path in args.exclude:
    for l in open(path,encoding='utf-8'):
        if l.strip(): seen.add(key(json.loads(l)['text']))
for pool,n,src in pools:
    pool=sorted(t for t in pool if 10<=len(t)<=120)
    rng.shuffle(pool); k=0
    for t in pool:
        if key(t) in seen: continue
        seen.add(key(t)); out.append({'id':'d%02d'%len(out),'text':t,'source':src}); k+=1
        if k==n: break
with open(args.out,'w',encoding='utf-8') as f:
    for o in out: f.write(json.dumps({'id':o['id'],'text':o['text']},ensure_ascii=False)+'\n')
if args.meta:
    with open(args.meta,'w',encoding='utf-8') as f:
        for o in out: f.write(json.dumps({'id':o['id'],'source':o['source']},ensure_ascii=False)+'\n')
print(len(out))
