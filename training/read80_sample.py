#!/usr/bin/env python3
# Run from anywhere: python3 training/read80_sample.py → /tmp/eval/read80.jsonl (a copy is bench/results/raw/read80-sample.jsonl).
# The 80-review read-through sample: seed 80, 40 from FewCLUE EPRSTMT test_public (e-commerce
# reviews) and 40 from NLPCC 2014 SC (product reviews), 10..120 characters, deduplicated; none
# of these sets was used to train, tune or label anything in tingzhen.
# Fresh held-out samples: --seed N --exclude FILE (a JSONL with "text"; those reviews, by the
# same normalised key, are not drawn again) --out PATH. With no options the output is the
# original seed-80 sample, unchanged:
#   python3 training/read80_sample.py --seed 81 --exclude bench/results/raw/read80-sample.jsonl \
#     --out bench/results/raw/read80b-sample.jsonl
import argparse, json, random, csv, unicodedata
def key(s): return ''.join(c for c in unicodedata.normalize('NFKC',s).lower() if unicodedata.category(c)[0] in 'LNM')
ap=argparse.ArgumentParser()
ap.add_argument('--seed',type=int,default=80)
ap.add_argument('--exclude',action='append',default=[],help='JSONL file of reviews (field "text") not to draw; repeatable')
ap.add_argument('--out',default='/tmp/eval/read80.jsonl')
args=ap.parse_args()
D='/work/shared/datasets/extra/'
rng=random.Random(args.seed)
a=[json.loads(l)['sentence'].strip() for l in open(D+'fewclue_eprstmt/test_public.json',encoding='utf-8')]
b=[l.rstrip('\n').split('\t',1)[1].strip() for l in open(D+'nlpcc2014_sc_cn/nlpcc2014_sc.tsv',encoding='utf-8')][1:]
out=[];seen=set()
for path in args.exclude:
    for l in open(path,encoding='utf-8'):
        if l.strip(): seen.add(key(json.loads(l)['text']))
for pool,n,src in [(a,40,'fewclue_eprstmt/test_public.json'),(b,40,'nlpcc2014_sc_cn/nlpcc2014_sc.tsv')]:
    pool=[t for t in pool if 10<=len(t)<=120]
    rng.shuffle(pool); k=0
    for t in pool:
        if key(t) in seen: continue
        seen.add(key(t)); out.append({'id':'r%02d'%len(out),'text':t,'source':src}); k+=1
        if k==n: break
with open(args.out,'w',encoding='utf-8') as f:
    for o in out: f.write(json.dumps({'id':o['id'],'text':o['text']},ensure_ascii=False)+'\n')
print(len(out))
