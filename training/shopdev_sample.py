#!/usr/bin/env python3
"""The shop-review industry sample (issue 13, session 10): real shop reviews of products the
industry training sources (training/industry_data.py) do not cover, for the record industry
(mention.Policy.Industry) of a record that names none.

Drawn, seed 1013, 10..120 characters, deduplicated by the normalised key:
  70 from FewCLUE EPRSTMT train_few_all.json + dev_few_all.json pooled (e-commerce reviews,
     mostly earphones / phones / small electronics; test_public.json, the read80 pool, is not drawn),
  130 from NLPCC 2014 SC (nlpcc2014_sc.tsv: books, films/music, phones, electronics; many
     from Amazon.cn / 卓越).
Never drawn (by the normalised key): every text of the read80* and readdev samples
(bench/results/raw/read80*-sample.jsonl, readdev-sample.jsonl: the report sets are read here
as keys only), the hand TEST texts (bench/testdata/handchecked_test.jsonl), and every text of
the industry set (training/industry_data.py's output, all splits, so the TEST split too).
Split by the md5 bucket of the key (industry_data.bucket): < 60 dev (tune on it), else test
(run once at the end). Labels (field "industry") are written by reading, before any model
output was looked at: bench/testdata/shop_industry.jsonl.

Run from the repository root:
  python3 training/industry_data.py --out /tmp/shopind/industry_set.jsonl
  python3 training/shopdev_sample.py --industry-set /tmp/shopind/industry_set.jsonl --out /tmp/shopind/shop_draw.jsonl
"""
import argparse, glob, json, os, random, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from industry_data import key, bucket  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--seed', type=int, default=1013)
    ap.add_argument('--datasets', default='/work/shared/datasets')
    ap.add_argument('--industry-set', required=True)
    ap.add_argument('--out', required=True)
    args = ap.parse_args()
    D = args.datasets.rstrip('/') + '/extra/'
    seen = set()
    for p in sorted(glob.glob('bench/results/raw/read80*-sample.jsonl')) + ['bench/results/raw/readdev-sample.jsonl', 'bench/testdata/handchecked_test.jsonl']:
        for l in open(p, encoding='utf-8'):
            if l.strip():
                seen.add(key(json.loads(l)['text']))
    for l in open(args.industry_set, encoding='utf-8'):
        seen.add(key(json.loads(l)['text']))
    few = []
    for name in ['train_few_all.json', 'dev_few_all.json']:
        few += [json.loads(l)['sentence'].strip() for l in open(D + 'fewclue_eprstmt/' + name, encoding='utf-8') if l.strip()]
    nl = [l.rstrip('\n').split('\t', 1)[1].strip() for l in open(D + 'nlpcc2014_sc_cn/nlpcc2014_sc.tsv', encoding='utf-8')][1:]
    rng = random.Random(args.seed)
    out = []
    for pool, n, src, pre in [(few, 70, 'fewclue_eprstmt', 'f'), (nl, 130, 'nlpcc2014_sc', 'n')]:
        pool = sorted(set(t for t in pool if 10 <= len(t) <= 120))
        rng.shuffle(pool)
        k = 0
        for t in pool:
            if key(t) in seen:
                continue
            seen.add(key(t))
            out.append({'id': '%s%03d' % (pre, k), 'text': t, 'source': src, 'split': 'dev' if bucket(key(t)) < 60 else 'test'})
            k += 1
            if k == n:
                break
    with open(args.out, 'w', encoding='utf-8') as f:
        for o in out:
            f.write(json.dumps(o, ensure_ascii=False) + '\n')
    print(len(out), sum(o['split'] == 'dev' for o in out), 'dev')


if __name__ == '__main__':
    main()
