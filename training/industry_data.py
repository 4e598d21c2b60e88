#!/usr/bin/env python3
"""Real texts whose source fixes the industry, for the record-industry measure (issue 13).

Run from the repository root:
  python3 training/industry_data.py --out /tmp/industry/industry_set.jsonl
Each line: {"text", "industry", "source", "split"} with split train / dev / test by md5 of
the normalised text (buckets 0-59 train, 60-79 dev, 80-99 test). Texts of the DEV sets that
existed before (the first 2,000 usable records of each TestIndustryModeDEV source,
kg/testdata/mapping_*.jsonl, bench/testdata/handchecked_dev.jsonl, the readdev sample) never
go to test: the mapping sets, hand DEV and readdev are dev only (never trained on, the guards'
sets); the others go to train by their bucket when < 60, else dev. Never used at all: the hand TEST texts
(bench/testdata/handchecked_test.jsonl, by normalised text), the car test split
(bench/testdata/car_split_ids.tsv), the read80 sources (FewCLUE EPRSTMT, NLPCC 2014 SC) and
the APC sets (their low buckets are a report set).

Sources → industry (the packs in knowledge-graph/industries):
  online_shopping_9_cats (all 9 categories; it has no 酒店) → ecommerce
  digital_product_reviews_2011 (phones, MP3, notebooks)      → ecommerce
  zhijiang2019_makeup_absa (cosmetics reviews)                → ecommerce
  Ele-COQE (electronics comparisons)                          → ecommerce
  waimai_train80                                              → food_delivery
  COTE dianping (restaurant reviews; the pack is 外卖餐饮)     → food_delivery
  ccf2018_car_train85 train+val ids, Car-COQE                 → automotive
  ATEC (Alipay 花呗/借呗 customer questions; the pack covers consumer credit) → banking
  COTE mafengwo (travel notes)                                → hotel_travel
  kg/testdata/mapping_<industry>.jsonl                        → its industry (dev only)
  bench/testdata/handchecked_dev.jsonl (by its industry field) → its industry (dev only)
telecom has no real text here beyond mapping_telecom.jsonl (hand-written sentences), so it is
in dev only. cfsc_absa_finance is finance news (no customer's voice): left out.

--silver (off by default: it did not pass its ship rule, bench/results/pipeline-accuracy.md
"indsilver, session 11") adds training/data/silver_<pack>.jsonl as train-only rows after the
set is built (the set's rows and splits stay exactly as without it; see silver_rows). Most
silver texts come from sources already wholly in the set (online_shopping, waimai, ATEC, COTE,
digital_product_reviews): those are either train rows already or dev/test rows (excluded), so
the option adds only the silver texts of other sources (JDDC chats, Weibo posts with a gold).
"""
import argparse, csv, glob, hashlib, json, os, random, unicodedata
from collections import Counter


def key(s):
    return ''.join(c for c in unicodedata.normalize('NFKC', s).lower() if unicodedata.category(c)[0] in 'LNM')


def bucket(k):
    return int(hashlib.md5(k.encode('utf-8')).hexdigest()[:8], 16) % 100


SILVER_PACKS = ['ecommerce', 'food_delivery', 'banking', 'telecom', 'hotel_travel']
# Sources whose every text is of the file's industry (a shop, delivery, travel-note or Alipay
# set): all their silver lines count. Elsewhere (Weibo posts, CFSC finance news) a line counts
# only when its gold names at least one of the pack's indicators: an empty gold there is
# chatter, news or a trap (爱心银行, 苹果柜台), not a text of that industry.
SILVER_WHOLE = ('online_shopping_9_cats', 'jddc_chat', 'digital_product_reviews_2011', 'waimai_train80',
                'cote ', 'atec_nlp_sim')
SILVER_NEVER = ('fewclue_eprstmt',)  # a read80 source: never used (as the docstring says)


def silver_rows(rows, seen, held, minlen, stats):
    """SILVER: train-only rows from training/data/silver_<pack>.jsonl (texts labelled by reading,
    per pack; their industry field is the pack). Never a text of the set's dev or test split,
    of bench/testdata/shop_industry.jsonl (both parts), of the hand files (dev, test, val*),
    of the readdev / read80* samples, nor one already in the set (train rows stay as they are:
    the silver line adds nothing new there). Source name 'silver_<pack> <origin>', so that
    train_industry.py's per-source cap applies per origin."""
    excl = {key(r['text']) for r in rows if r['split'] != 'train'}
    paths = ['bench/testdata/shop_industry.jsonl'] + sorted(glob.glob('bench/testdata/handchecked_*.jsonl')) + \
        sorted(glob.glob('bench/results/raw/read*-sample.jsonl'))
    for p in paths:
        for l in open(p, encoding='utf-8'):
            if l.strip():
                excl.add(key(json.loads(l)['text']))
    out = []
    for pack in SILVER_PACKS:
        p = 'training/data/silver_%s.jsonl' % pack
        if not os.path.exists(p):
            continue
        for l in open(p, encoding='utf-8'):
            if not l.strip():
                continue
            r = json.loads(l)
            src = r['source']
            origin = src.split('/')[-1].split('#')[0].split('.')[0] if '/' in src else src.split('.')[0]
            origin = origin.split('#')[0]
            k = key(r['text'])
            if src.startswith(SILVER_NEVER) or '/fewclue' in src:
                stats['silver never-source'] += 1
                continue
            if not r['gold'] and not any(w in src for w in SILVER_WHOLE):
                stats['silver empty gold (not whole-source)'] += 1
                continue
            if len(k) < minlen or k in held or k in excl:
                stats['silver excluded (dev/test/shop/hand/read)'] += 1
                continue
            if k in seen:
                stats['silver already in set (same industry)' if seen[k] == r['industry'] else 'silver in set as another industry'] += 1
                continue
            seen[k] = r['industry']
            name = 'silver_%s %s' % (r['industry'], origin)
            out.append({'text': r['text'], 'industry': r['industry'], 'source': name, 'split': 'train'})
            stats[(name, 'train')] += 1
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--datasets', default='/work/shared/datasets')
    ap.add_argument('--out', default='/tmp/industry/industry_set.jsonl')
    ap.add_argument('--minlen', type=int, default=4)
    ap.add_argument('--silver', action=argparse.BooleanOptionalAction, default=False,
                    help='add training/data/silver_*.jsonl as train-only sources (see SILVER below)')
    args = ap.parse_args()
    D = args.datasets.rstrip('/') + '/'

    held = set()
    for l in open('bench/testdata/handchecked_test.jsonl', encoding='utf-8'):
        if l.strip():
            held.add(key(json.loads(l)['text']))
    split_of = {}
    for l in open('bench/testdata/car_split_ids.tsv', encoding='utf-8'):
        p = l.rstrip('\n').split('\t')
        if len(p) == 2 and not l.startswith('#'):
            split_of[p[0]] = p[1]

    src = {}  # source → (industry, [texts]) in file order

    def add(name, ind, texts):
        src[name] = (ind, [t.strip() for t in texts if t and t.strip()])

    shop = {}
    with open(D + 'sentiment/online_shopping_9_cats.csv', encoding='utf-8', newline='') as f:
        for r in csv.DictReader(f):
            shop.setdefault(r['cat'], []).append(r['review'])
    for c in shop:
        add('online_shopping ' + c, 'ecommerce', shop[c])
    dig = []
    for name in ['mobile', 'mP3_mp4', 'notebook']:
        with open(D + 'extra/digital_product_reviews_2011/%s.corpus' % name, encoding='utf-8', errors='replace') as f:
            for l in f:
                p = l.rstrip('\n').split('**')
                if len(p) >= 4:
                    dig.append('**'.join(p[3:]))
    add('digital_product_reviews_2011', 'ecommerce', dig)
    with open(D + 'extra/zhijiang2019_makeup_absa/Train_reviews.csv', encoding='utf-8', newline='') as f:
        add('zhijiang_makeup', 'ecommerce', [r['Reviews'] for r in csv.DictReader(f)])

    def coqe(prefix):
        out = []
        for part in ['train', 'dev', 'test']:
            for l in open(D + 'extra/coqe_car_ele_cn/%s-COQE_%s.txt' % (prefix, part), encoding='utf-8'):
                if l.startswith('[') or not l.strip():
                    continue
                out.append(l.rsplit('\t', 1)[0])
        return out
    add('Ele-COQE', 'ecommerce', coqe('Ele'))
    add('Car-COQE', 'automotive', coqe('Car'))
    with open(D + 'sentiment/waimai_train80.csv', encoding='utf-8', newline='') as f:
        add('waimai_train80', 'food_delivery', [r[-1] for r in list(csv.reader(f))[1:]])
    for name, ind in [('dianping', 'food_delivery'), ('mafengwo', 'hotel_travel')]:
        add('cote ' + name, ind, [json.loads(l)['s'] for l in open(D + 'extra/cote_opinion_targets/%s_test.nohotel.jsonl' % name, encoding='utf-8') if l.strip()])
    car, seen = [], set()
    with open(D + 'aspect/ccf2018_car_train85.csv', encoding='utf-8', newline='') as f:
        for r in csv.DictReader(f):
            i = r['content_id']
            if split_of.get(i) == 'test' or i in seen:
                continue
            seen.add(i)
            car.append(r['content'])
    add('ccf2018_car (train+val)', 'automotive', car)
    atec = []
    for l in open(D + 'dialog/atec_nlp_sim_train.csv', encoding='utf-8'):
        p = l.rstrip('\n').split('\t')
        if len(p) == 4:
            atec += [p[1], p[2]]
    add('atec', 'banking', atec)

    # The DEV sets that existed before: never test.
    old_dev = set()
    for name in list(src):
        ind, texts = src[name]
        if name.startswith('online_shopping') or name in ('waimai_train80', 'ccf2018_car (train+val)', 'cote mafengwo'):
            ks, s2 = [], set()
            for t in texts:
                k = t.strip()
                if k in s2 or key(k) in held:
                    continue
                s2.add(k)
                ks.append(key(k))
                if len(ks) == 2000:
                    break
            old_dev.update(ks)
    never_train = set()  # the guards' DEV sets: dev only, so that the model has not seen them
    for p in ['bench/testdata/handchecked_dev.jsonl', 'bench/results/raw/readdev-sample.jsonl']:
        for l in open(p, encoding='utf-8'):
            if l.strip():
                never_train.add(key(json.loads(l)['text']))
    old_dev |= never_train
    mapping = {}
    for p in sorted(glob.glob('kg/testdata/mapping_*.jsonl')):
        ind = os.path.basename(p)[len('mapping_'):-len('.jsonl')]
        mapping['mapping_' + ind] = (ind, [json.loads(l)['text'] for l in open(p, encoding='utf-8') if l.strip()])
        for t in mapping['mapping_' + ind][1]:
            old_dev.add(key(t))

    hand = {}
    for l in open('bench/testdata/handchecked_dev.jsonl', encoding='utf-8'):
        if l.strip():
            r = json.loads(l)
            hand.setdefault(r['industry'], []).append(r['text'])
    for ind in sorted(hand):  # hand DEV, labelled by reading: dev only (a guard)
        mapping['handchecked_dev ' + ind] = (ind, hand[ind])

    os.makedirs(os.path.dirname(args.out) or '.', exist_ok=True)
    seen, stats = {}, Counter()
    rows = []
    for name, (ind, texts) in list(src.items()) + list(mapping.items()):
        for t in texts:
            k = key(t)
            if len(k) < args.minlen or k in held:
                continue
            if k in seen:
                if seen[k] != ind:
                    stats['conflict'] += 1
                continue
            seen[k] = ind
            b = bucket(k)
            sp = 'train' if b < 60 else 'dev' if b < 80 else 'test'
            if name.startswith(('mapping_', 'handchecked_dev')) or k in never_train or (sp == 'test' and k in old_dev):
                sp = 'dev'
            rows.append({'text': t, 'industry': ind, 'source': name, 'split': sp})
            stats[(name, sp)] += 1
    if args.silver:
        rows += silver_rows(rows, seen, held, args.minlen, stats)
    with open(args.out, 'w', encoding='utf-8') as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + '\n')
    names = sorted({n for n in stats if isinstance(n, tuple)}, key=lambda x: x[0])
    for n in sorted({n[0] for n in names}):
        ind = (src.get(n) or mapping.get(n) or (n.split()[0][len('silver_'):],))[0]
        print('%-30s %-14s train %6d dev %6d test %6d' % (n, ind, stats[(n, 'train')], stats[(n, 'dev')], stats[(n, 'test')]))
    for k in sorted(k for k in stats if isinstance(k, str) and k.startswith('silver')):
        print(k, stats[k])
    print('cross-industry duplicates dropped:', stats['conflict'], 'rows:', len(rows))


if __name__ == '__main__':
    main()
