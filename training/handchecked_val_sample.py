#!/usr/bin/env python3
"""Draws the candidate sentences of bench/testdata/handchecked_val.jsonl (seed 20261202).

Run from the repository root: python3 training/handchecked_val_sample.py [out.jsonl] [--round2 out2.jsonl] [--val2 out3.jsonl] [--val3 out4.jsonl]
(default /tmp/label11/val_candidates.jsonl). With --round2 it also writes the second draw
(seed 20261204, ids val2-<pack>-<n>, helper label11b): the same sources and keyword filters in
1.1 times the first draw's numbers (a pool that runs dry is topped up from the pack's other
source), excluding everything the first draw excludes plus every
text the first draw returned (kept or dropped). The first draw is unchanged by it. The VALIDATION part is drawn like the TEST part
(training/handchecked_sample.py: the same sources, keyword filters and roughly its proportions),
except that automotive uses the car set's VAL split (bench/testdata/car_split_ids.tsv '\tval'),
never its test split. Excluded by normalised text: the TEST and DEV parts
(bench/testdata/handchecked_{test,dev}.jsonl), kg/testdata/mapping_*.jsonl, every read-through
sample (bench/results/raw/read80*-sample*.jsonl, readdev*-sample*.jsonl),
bench/testdata/shop_industry.jsonl and bench/testdata/chat_turns_*.jsonl. Which candidates were
kept, and their labels, were decided by reading; see bench/testdata/HANDCHECKED.md.

With --val2 it also writes the candidates of the CONFIRMATION part
bench/testdata/handchecked_val2.jsonl (helper label11c; seed 20261215, ids val3-<pack>-<n>): the
same pools and keyword filters in 2.05 times the first draw's numbers (459 drawn, 443 after
removing 16 earlier candidates), excluding everything the first draw excludes, all candidates of
both earlier draws (kept or dropped; bench/testdata/handchecked_val_candidates.jsonl, see below),
and every text of training/data/silver_*.jsonl and bench/testdata/chat_turns_*.jsonl.
Reproducible with the files of main 9ac9a5d under the exclusion globs (read-through samples,
chat-turn and silver sets shape the pools, so a file added to them later changes the draw); the
silver rounds merged after 9ac9a5d took 44 of its candidates, whose lines were then removed from
handchecked_val2.jsonl (see HANDCHECKED.md).
The Weibo hotel/bank/operator pools are nearly used up (silver labellers drew from them): a dry
pool is topped up from the pack's other source as in the second draw; telecom has no other
source and stays short. The earlier draws are unchanged by it.

With --val3 it also writes the candidates of the second CONFIRMATION part
bench/testdata/handchecked_val3.jsonl (helper label12, session 12; seed 20261223, ids
val4-<pack>-<n>: "val3-" ids are already taken by handchecked_val2.jsonl, whose draw was the
third): the same pools and keyword filters in about 1.55 times the first draw's numbers (420
asked, 384 drawn; see the code for each pool's number and the top-ups of the used-up waimai,
Weibo bank and Weibo operator pools), excluding by normalised text every text of bench/testdata/handchecked_*.jsonl (TEST, DEV, VALIDATION, its
candidates, val2; not handchecked_val3.jsonl itself), training/data/silver_*.jsonl (all rounds), training/data/silvercheck_s11.jsonl,
the round-5 silver CANDIDATE files /tmp/s12/e5.jsonl and /tmp/s12/f5.jsonl where present (they
were being labelled while this part was drawn), kg/testdata/mapping_*.jsonl, every read-through
sample, bench/testdata/shop_industry.jsonl, bench/testdata/chat_turns_*.jsonl and
golden/testdata/reviews.jsonl. It does not depend on the earlier draws' randomness (they are
in the files above; val2's dropped candidates were never committed and are not excluded).
Reproducible at commit cc2a5fa of branch label12 with the /tmp/s12 files present (not on later
main: any file added under the exclusion globs reshuffles the pools); one kept line was deleted
from handchecked_val3.jsonl by hand afterwards (see HANDCHECKED.md). Candidates whose text is
in /tmp/s12/e6.jsonl (drawn before this part reached main) or occurs verbatim in another
git-tracked file are removed afterwards and replaced by a top-up draw (seed 20261224). Run it without --round2
and --val2 (they add their own draws to the exclusions): the command of handchecked_val3.jsonl
is `python3 training/handchecked_val_sample.py /tmp/val1.jsonl --val3 OUT4`.
"""
import csv, glob, json, os, random, re, sys, unicodedata

D = '/work/shared/datasets/'
X = D + 'extra/'
ARGS = sys.argv[1:]
OUT2 = OUT3 = OUT4 = None
if '--val3' in ARGS:
    i = ARGS.index('--val3')
    OUT4 = ARGS[i + 1]
    del ARGS[i:i + 2]
if '--val2' in ARGS:
    i = ARGS.index('--val2')
    OUT3 = ARGS[i + 1]
    del ARGS[i:i + 2]
if '--round2' in ARGS:
    i = ARGS.index('--round2')
    OUT2 = ARGS[i + 1]
    del ARGS[i:i + 2]
OUT = ARGS[0] if ARGS else '/tmp/label11/val_candidates.jsonl'
os.makedirs(os.path.dirname(OUT) or '.', exist_ok=True)


def key(s):
    return ''.join(c for c in unicodedata.normalize('NFKC', s).lower() if unicodedata.category(c)[0] in 'LNM')


EXCLUDE = (['bench/testdata/handchecked_test.jsonl', 'bench/testdata/handchecked_dev.jsonl',
            'bench/testdata/shop_industry.jsonl']
           + glob.glob('kg/testdata/mapping_*.jsonl')
           + glob.glob('bench/results/raw/read80*-sample*.jsonl')
           + glob.glob('bench/results/raw/readdev*-sample*.jsonl')
           + glob.glob('bench/testdata/chat_turns_*.jsonl'))
excluded = set()
for f in EXCLUDE:
    for l in open(f, encoding='utf-8'):
        if l.strip():
            t = json.loads(l).get('text')
            if t:
                excluded.add(key(t))

rng = random.Random(20261202)
seen = set()


def ok(t, lo=8, hi=90):
    t = t.strip()
    return lo <= len(t) <= hi and key(t) not in excluded and len(key(t)) >= 4


def pick(pool, n):
    pool = [t.strip() for t in pool if ok(t)]
    rng.shuffle(pool)
    out = []
    for t in pool:
        k = key(t)
        if k in seen:
            continue
        seen.add(k)
        out.append(t)
        if len(out) == n:
            break
    return out


# The pools, in the order the first draw picks from them: (industry, source, texts, n of the first draw).
ids = {l.split('\t')[0] for l in open('bench/testdata/car_split_ids.tsv', encoding='utf-8') if l.rstrip('\n').endswith('\tval')}
car = {}
for r in csv.DictReader(open(D + 'aspect/ccf2018_car_train85.csv', encoding='utf-8')):
    if r['content_id'] in ids:  # automotive: the car set's VAL split (never its test split).
        car[r['content_id']] = r['content'].strip()
osr = list(csv.DictReader(open(D + 'sentiment/online_shopping_9_cats.csv', encoding='utf-8')))
jd = [l.rstrip('\n').split('\t') for l in open(D + 'dialog/jddc_chat_0.1per.txt', encoding='utf-8')]
cust = [x[6] for x in jd if len(x) > 6 and x[2] == '0' and re.search('慢|快|差|好|坏|破|烂|假|退|没收到|怎么还|太', x[6])]
wm = [r['review'] for r in csv.DictReader(open(D + 'sentiment/waimai_train80.csv', encoding='utf-8'))]
dp = [json.loads(l)['s'] for l in open(X + 'cote_opinion_targets/dianping_test.nohotel.jsonl', encoding='utf-8')]
# Weibo posts by keyword (retweet chains cut), as the TEST part.
wb = [l.split('\t', 1)[1].strip() for l in open(X + 'weibo_senti_100k_split/weibo_senti_union.tsv', encoding='utf-8') if '\t' in l][1:]
wb = [re.sub(r'//@.*', '', t).strip() for t in wb]


def kw(p):
    return [t for t in wb if re.search(p, t)]


mf = [json.loads(l)['s'] for l in open(X + 'cote_opinion_targets/mafengwo_test.nohotel.jsonl', encoding='utf-8')]
at = []
for l in open(D + 'dialog/atec_nlp_sim_train.csv', encoding='utf-8'):
    x = l.rstrip('\n').split('\t')
    if len(x) >= 3:
        at += [x[1], x[2]]
POOLS = [
    ('automotive', 'ccf2018_car_train85.csv#val', list(car.values()), 36),
    ('ecommerce', 'online_shopping_9_cats.csv', [r['review'] for r in osr], 40),
    ('ecommerce', 'jddc_chat_0.1per.txt', cust, 18),
    ('food_delivery', 'waimai_train80.csv', wm, 40),
    ('food_delivery', 'cote dianping_test', dp, 14),
    ('hotel_travel', 'weibo_senti_union.tsv', kw('酒店|宾馆|民宿|前台|入住|退房|客房'), 26),
    ('hotel_travel', 'cote mafengwo_test', mf, 10),
    ('banking', 'atec_nlp_sim_train.csv', at, 16),
    ('banking', 'weibo_senti_union.tsv', kw('银行|信用卡|手机银行|柜台|ATM|取款机|贷款|利息|手续费'), 24),
    ('telecom', 'weibo_senti_union.tsv', kw('中国移动|联通|电信|10086|信号|流量|宽带|话费|套餐|营业厅|4G|3G'), 50),
]


def draw(scale):
    C = []  # (industry, source, text)
    short = []
    for ind, src, pool, n in POOLS:
        got = pick(pool, round(n * scale))
        C.extend((ind, src, t) for t in got)
        if len(got) < round(n * scale):
            short.append((ind, round(n * scale) - len(got)))
    # A pool that ran dry (the second draw's Weibo bank posts) is topped up from the pack's
    # other source, so that the pack keeps its share; a pack with one source stays short.
    for ind, k in short:
        for ind2, src, pool, _ in POOLS:
            if ind2 == ind and k > 0:
                got = pick(pool, k)
                C.extend((ind, src, t) for t in got)
                k -= len(got)
    return C


def write(path, prefix, C):
    with open(path, 'w', encoding='utf-8') as f:
        n = {}
        for ind, src, t in C:
            n[ind] = n.get(ind, 0) + 1
            f.write(json.dumps({'id': '%s-%s-%d' % (prefix, ind, n[ind] - 1), 'industry': ind, 'source': src, 'text': t}, ensure_ascii=False) + '\n')
    print(path, len(C), n, 'excluded texts:', len(excluded))


C1 = draw(1)
write(OUT, 'val', C1)
if OUT2 or OUT3:
    # Second draw (label11b): a new seed, the first draw's texts excluded as well.
    excluded |= {key(t) for _, _, t in C1}
    rng = random.Random(20261204)
    seen = set()
    C2 = draw(1.1)
    if OUT2:
        write(OUT2, 'val2', C2)
if OUT3:
    # Third draw (label11c, the CONFIRMATION part): both earlier draws and every silver and
    # chat-turn text excluded as well.
    excluded |= {key(t) for _, _, t in C2}
    for f in sorted(glob.glob('training/data/silver_*.jsonl') + glob.glob('bench/testdata/chat_turns_*.jsonl')):
        for l in open(f, encoding='utf-8'):
            if l.strip():
                t = json.loads(l).get('text')
                if t:
                    excluded.add(key(t))
    rng = random.Random(20261215)
    seen = set()
    C3 = draw(2.05)
    # The pools above depend on the exclusion globs, which grew after the earlier draws (new
    # read-through samples and chat-turn sets), so redrawing them here no longer returns their
    # candidates exactly. The candidates as they were drawn (label11's 274 and label11b's 268,
    # kept or dropped) are in bench/testdata/handchecked_val_candidates.jsonl: any text of them,
    # or of the VALIDATION file itself, is removed from the third draw afterwards (not replaced).
    earlier = set()
    for f in ('bench/testdata/handchecked_val_candidates.jsonl', 'bench/testdata/handchecked_val.jsonl'):
        for l in open(f, encoding='utf-8'):
            if l.strip():
                earlier.add(key(json.loads(l)['text']))
    n = len(C3)
    C3 = [c for c in C3 if key(c[2]) not in earlier]
    print('third draw: %d drawn, %d removed as earlier candidates' % (n, n - len(C3)))
    write(OUT3, 'val3', C3)

if OUT4:
    # Fourth draw (label12, the second CONFIRMATION part, handchecked_val3.jsonl): a fresh
    # seed; everything any hand part, silver set, silver candidate file, sample or fixture
    # holds is excluded.
    extra = ([f for f in sorted(glob.glob('bench/testdata/handchecked_*.jsonl'))
              if os.path.basename(f) != 'handchecked_val3.jsonl']  # not the part it draws
             + sorted(glob.glob('training/data/silver_*.jsonl'))
             + ['training/data/silvercheck_s11.jsonl', 'golden/testdata/reviews.jsonl']
             + [f for f in ('/tmp/s12/e5.jsonl', '/tmp/s12/f5.jsonl') if os.path.exists(f)])
    for f in extra:
        for l in open(f, encoding='utf-8'):
            if l.strip():
                t = json.loads(l).get('text')
                if t:
                    excluded.add(key(t))
    print('fourth draw excludes', len(extra), 'more files:', ' '.join(extra))
    # Its own numbers (about 1.55 times the first draw's; 420 asked, 384 drawn: telecom finds
    # 4). The waimai, Weibo bank and Weibo operator pools are used up (silver rounds and earlier parts): waimai's share is
    # topped up from COTE Dianping, the bank posts' from ATEC, and the operator posts' from the
    # other Weibo files the silver sampler reads for telecom (nlpcc_weibo_emotion_sent training
    # data, smp2020_ewect usual_eval_labeled and virus_train, covid19_weibo_emotion; never a
    # test file), with the same operator keyword filter.
    tel = '中国移动|联通|电信|10086|信号|流量|宽带|话费|套餐|营业厅|4G|3G'
    nl = [r[1] for r in csv.reader(open(X + 'nlpcc_weibo_emotion_sent/Training_data_for_Emotion_Classification.csv', encoding='utf-8')) if len(r) >= 2]
    sm = [r['content'] for f in ('usual_eval_labeled.json', 'virus_train.json') for r in json.load(open(X + 'smp2020_ewect/' + f, encoding='utf-8'))]
    cv = [r[0] for r in list(csv.reader(open(X + 'covid19_weibo_emotion/labeledData.dedup.csv', encoding='utf-8')))[1:] if r]
    other = lambda ts: [t for t in (re.sub(r'//@.*', '', x).strip() for x in ts) if re.search(tel, t)]
    n4 = {'ccf2018_car_train85.csv#val': 60, 'online_shopping_9_cats.csv': 70, 'jddc_chat_0.1per.txt': 30,
          'waimai_train80.csv': 66, 'cote dianping_test': 24, 'cote mafengwo_test': 20, 'atec_nlp_sim_train.csv': 33}
    wn = {'hotel_travel': 40, 'banking': 37, 'telecom': 40}
    POOLS = [(ind, src, pool, n4.get(src, wn.get(ind))) for ind, src, pool, _ in POOLS] + [
        ('telecom', 'nlpcc_weibo_emotion_sent', other(nl), 0),
        ('telecom', 'smp2020_ewect', other(sm), 0),
        ('telecom', 'covid19_weibo_emotion', other(cv), 0)]
    for ind, src, pool, n in POOLS:
        print('  pool %s %s: %d texts left, %d asked' % (ind, src, len({key(t) for t in pool if ok(t)}), n))
    rng = random.Random(20261223)
    seen = set()
    C4 = draw(1)
    n = {}
    C4 = [(ind, src, t, n.setdefault(ind, []).append(1) or len(n[ind]) - 1) for ind, src, t in C4]
    # Removed afterwards (kept or dropped; ids are not reused): a candidate whose text is in
    # /tmp/s12/e6.jsonl (the round-6 ecommerce silver candidates, drawn before this part reached
    # main) or occurs verbatim in any other file tracked by git (test fixtures, per-item result
    # and miss files such as bench/results/raw/carpol-s10-val-misses.md). Each removed candidate
    # is replaced from its own pool by a top-up draw (seed 20261224) under the same exclusions;
    # the top-up candidates get the next ids of their pack.
    import subprocess
    tracked = []
    for f in subprocess.run(['git', 'ls-files', '-z'], capture_output=True, text=True, check=True).stdout.split('\0'):
        if f and os.path.basename(f) != 'handchecked_val3.jsonl' and os.path.isfile(f) and os.path.getsize(f) < 50 << 20:
            try:
                tracked.append(open(f, encoding='utf-8').read())
            except UnicodeDecodeError:
                pass
    e6 = set()
    if os.path.exists('/tmp/s12/e6.jsonl'):
        e6 = {key(json.loads(l)['text']) for l in open('/tmp/s12/e6.jsonl', encoding='utf-8') if l.strip()}

    def bad(t):
        return key(t) in e6 or any(t in s for s in tracked)
    removed = [c for c in C4 if bad(c[2])]
    C4 = [c for c in C4 if not bad(c[2])]
    print('fourth draw: %d removed afterwards (round-6 candidates or text in a tracked file): %s'
          % (len(removed), ' '.join('%s-%d' % (c[0], c[3]) for c in removed)))
    excluded |= {key(c[2]) for c in removed}
    rng = random.Random(20261224)
    for ind, src, _, _ in removed:
        pool = next(p for i2, s2, p, _ in POOLS if i2 == ind and s2 == src)
        while True:
            got = pick(pool, 1)
            if not got:
                break
            if not bad(got[0]):
                C4.append((ind, src, got[0], len(n[ind])))
                n[ind].append(1)
                break
            excluded.add(key(got[0]))
    with open(OUT4, 'w', encoding='utf-8') as f:
        for ind, src, t, i in C4:
            f.write(json.dumps({'id': 'val4-%s-%d' % (ind, i), 'industry': ind, 'source': src, 'text': t}, ensure_ascii=False) + '\n')
    print(OUT4, len(C4), {k: len(v) for k, v in n.items()})
