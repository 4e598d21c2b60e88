#!/usr/bin/env python3
"""Draws the candidate texts of the silver TRAINING sets (training/data/silver_<pack>.jsonl).

Run from the repository root: python3 training/silver_sample.py PACK [out.jsonl]
(default /tmp/silver/<pack>_candidates.jsonl). Each pack has its own draw function below,
written by the helper who labels that pack (ecommerce: helper silverE, seed 20261205;
ecommerce_r2, a second ecommerce round with ids silver-ecommerce-r2-N: helper silverE2,
seed 20261210; food_delivery: helper silverF, seed 20261206 (its second round, helper silverF2,
continues the same order); food_delivery_dp, COTE Dianping restaurant sentences for the
food_delivery file with ids silver-food_delivery-dp-N: helper silverF2, seed 20261211; hotel_travel: helper silverH, seed 20261209;
banking: helper silverB, seed 20261207; telecom: helper silverB, seed 20261208); they
share only the exclusion list and the `key` normalisation of training/handchecked_val_sample.py.

Candidates are 6-120 characters, de-duplicated by normalised text (`key`), and exclude by
normalised text every text of the hand-checked parts
(bench/testdata/handchecked_*.jsonl: TEST, DEV, VALIDATION, the val2 and val3 CONFIRMATION parts and
the val draws' candidates; val2 and the candidates were added after round 3, val3 after round 5), kg/testdata/mapping_*.jsonl, every
read-through sample (bench/results/raw/read80*-sample*.jsonl, readdev*-sample*.jsonl),
bench/testdata/shop_industry.jsonl, bench/testdata/chat_turns_*.jsonl and
golden/testdata/reviews.jsonl. The list is read by glob at run time, so a file added later
(e.g. bench/testdata/chat_turns_train2.jsonl) changes a later rerun's draw: rerun a pack at
the commit its README section names to get the same candidates. The labels were written by reading (see training/data/README.md);
this script only draws the texts. The output is TRAINING data, never an evaluation set.
"""
import csv, glob, json, os, random, re, sys, unicodedata

D = '/work/shared/datasets/'
X = D + 'extra/'


def key(s):
    return ''.join(c for c in unicodedata.normalize('NFKC', s).lower() if unicodedata.category(c)[0] in 'LNM')


EXCLUDE = (sorted(glob.glob('bench/testdata/handchecked_*.jsonl'))  # test, dev, val, val2, val3, val candidates
           + ['bench/testdata/shop_industry.jsonl',
            'golden/testdata/reviews.jsonl']
           + glob.glob('kg/testdata/mapping_*.jsonl')
           + glob.glob('bench/results/raw/read80*-sample*.jsonl')
           + glob.glob('bench/results/raw/readdev*-sample*.jsonl')
           + glob.glob('bench/testdata/chat_turns_*.jsonl'))


def load_excluded():
    excluded = set()
    for f in EXCLUDE:
        if not os.path.exists(f):
            print('warning: exclusion file missing:', f, file=sys.stderr)
            continue
        for l in open(f, encoding='utf-8'):
            if l.strip():
                t = json.loads(l).get('text')
                if t:
                    excluded.add(key(t))
    return excluded


class Picker:
    """Draws texts of 6-120 characters, not excluded, never the same normalised text twice."""

    def __init__(self, seed, excluded, lo=6, hi=120):
        self.rng = random.Random(seed)
        self.excluded = excluded
        self.seen = set()
        self.lo, self.hi = lo, hi

    def ok(self, t):
        return self.lo <= len(t) <= self.hi and len(key(t)) >= 4 and key(t) not in self.excluded

    def pick(self, pool, n):
        pool = [t.strip() for t in pool]
        pool = [t for t in pool if self.ok(t)]
        self.rng.shuffle(pool)
        out = []
        for t in pool:
            k = key(t)
            if k in self.seen:
                continue
            self.seen.add(k)
            out.append(t)
            if len(out) == n:
                break
        return out


def per_category(p, n):
    """(source, text) of up to n online_shopping_9_cats reviews per category, drawn by p in
    the categories' sorted order."""
    osr = list(csv.DictReader(open(D + 'sentiment/online_shopping_9_cats.csv', encoding='utf-8')))
    out = []
    for c in sorted({r['cat'] for r in osr}):
        out.extend(('online_shopping_9_cats.csv#' + c, t) for t in p.pick([r['review'] for r in osr if r['cat'] == c], n))
    return out


def jddc_customer_turns(p, n):
    """(source, text) of n JDDC customer turns (field 2 == '0', text field 6), no keyword filter."""
    jd = [l.rstrip('\n').split('\t') for l in open(D + 'dialog/jddc_chat_0.1per.txt', encoding='utf-8')]
    return [('jddc_chat_0.1per.txt', t) for t in p.pick([x[6] for x in jd if len(x) > 6 and x[2] == '0'], n)]


def rounds_keys(*files):
    """Normalised keys of the texts of the named silver files (the earlier rounds a round excludes,
    named one by one so that a later round's file does not change an earlier round's draw)."""
    out = set()
    for f in files:
        out |= labelled_keys(f)
    return out


def labelled_keys(pattern, own_prefix=None):
    """Normalised keys of the texts in the silver files matching pattern (earlier rounds),
    leaving out lines whose id starts with own_prefix (a round appended to the same file keeps
    its own draw)."""
    out = set()
    for f in glob.glob(pattern):
        for l in open(f, encoding='utf-8'):
            r = json.loads(l) if l.strip() else None
            if r and not (own_prefix and r['id'].startswith(own_prefix)):
                out.add(key(r['text']))
    return out


# ---------------- ecommerce (helper silverE, seed 20261205) ----------------
def draw_ecommerce(excluded):
    p = Picker(20261205, excluded)
    C = []  # (source, text)
    # online_shopping_9_cats.csv: 700 spread evenly over its 9 categories (78 each, 702).
    C.extend(per_category(p, 78))
    # JDDC customer turns: 200.
    C.extend(jddc_customer_turns(p, 200))
    # FewCLUE EPRSTMT train file: 100 asked; of its 160 lines 96 pass the length and exclusion
    # filters (57 lines are texts of the excluded files), 80 of them distinct: all 80 drawn.
    ep = [json.loads(l)['sentence'] for l in open(X + 'fewclue_eprstmt/train_few_all.json', encoding='utf-8') if l.strip()]
    C.extend(('fewclue_eprstmt/train_few_all.json', t) for t in p.pick(ep, 100))
    # One seeded order over all sources, so that any prefix (labelled first) mixes them.
    p.rng.shuffle(C)
    return C


# ---------------- ecommerce round 2 (helper silverE2, seed 20261210) ----------------
def digital_2011():
    """(source, text) of extra/digital_product_reviews_2011 (title。content, as
    training/industry_data.py); lines with undecodable bytes (U+FFFD) are left out."""
    out = []
    for name in ('mobile', 'notebook', 'mP3_mp4'):
        for l in open(X + 'digital_product_reviews_2011/%s.corpus' % name, encoding='utf-8', errors='replace'):
            p = l.rstrip('\n').split('**')
            if len(p) >= 4 and '\ufffd' not in l:
                out.append(('digital_product_reviews_2011/%s.corpus' % name, '**'.join(p[3:])))
    return out


def draw_ecommerce_r2(excluded):
    """Second ecommerce round (pack name ecommerce_r2; ids silver-ecommerce-r2-N): the sources
    of draw_ecommerce (which is unchanged) and the same exclusion list, plus every text of
    training/data/silver_ecommerce.jsonl (the first round), plus the 2011 digital reviews."""
    # the first round only, so that appending round 2 keeps its draw
    excluded = set(excluded) | labelled_keys('training/data/silver_ecommerce.jsonl', 'silver-ecommerce-r2-')
    p = Picker(20261210, excluded)
    C = []
    # online_shopping_9_cats.csv: 1,100 spread evenly over its 9 categories (123 each, 1,107).
    C.extend(per_category(p, 123))
    # JDDC customer turns: 300.
    C.extend(jddc_customer_turns(p, 300))
    # 2011 phone / notebook / MP3-MP4 reviews: 100 (the hand DEV part's 15 are excluded by the list).
    C.extend(pick_sourced(p, digital_2011(), 100))
    # One seeded order over all sources, so that any prefix (labelled first) mixes them.
    p.rng.shuffle(C)
    return C


# ---------------- ecommerce round 3 (lead, session 11, seed 20261213) ----------------
def draw_ecommerce_r3(excluded):
    """Third ecommerce round (pack name ecommerce_r3; ids silver-ecommerce-r3-N): up to 334
    online_shopping_9_cats reviews per category (2,958 in all at d9d483c: some categories run
    short after the exclusions), excluding the usual list plus every text
    already in training/data/silver_ecommerce.jsonl whose id is not of round 3 (so appending
    round 3 keeps its own draw). Two labellers label positions 0-1478 and 1479-2957."""
    excluded = set(excluded) | labelled_keys('training/data/silver_ecommerce.jsonl', 'silver-ecommerce-r3-')
    p = Picker(20261213, excluded)
    C = per_category(p, 334)
    p.rng.shuffle(C)  # one seeded order, so that each half mixes the categories
    return C


# ---------------- round 4 (lead, session 11, seeds 20261217 / 20261218) ----------------
def draw_ecommerce_r4(excluded):
    """Fourth ecommerce round, written to its own file training/data/silver_ecommerce_r4.jsonl
    (ids silver-ecommerce-r4-N; the shipped category-ecommerce model's card names the 5,447-line
    silver_ecommerce.jsonl by its sha256, so that file stays as it is): up to 223
    online_shopping_9_cats reviews per category and 300 JDDC customer turns, excluding the usual
    list (every handchecked_*.jsonl included) and every text of training/data/silver_ecommerce*.jsonl."""
    excluded = set(excluded) | rounds_keys('training/data/silver_ecommerce.jsonl')
    p = Picker(20261217, excluded)
    C = per_category(p, 223) + jddc_customer_turns(p, 300)
    p.rng.shuffle(C)
    return C


def draw_food_delivery_r4(excluded):
    """Fourth food_delivery round, in its own file training/data/silver_food_delivery_r4.jsonl
    (ids silver-food_delivery-r4-N): waimai_train80 reviews in a new seeded order, excluding the
    usual list and every text of training/data/silver_food_delivery*.jsonl (the earlier rounds'
    positional continuation no longer reproduces once val2 joined the exclusions)."""
    excluded = set(excluded) | rounds_keys('training/data/silver_food_delivery.jsonl')
    p = Picker(20261218, excluded)
    wm = [r['review'] for r in csv.DictReader(open(D + 'sentiment/waimai_train80.csv', encoding='utf-8'))]
    return [('waimai_train80.csv', t) for t in p.pick(wm, 1600)]


# ---------------- round 5 (lead, session 12, seeds 20261221 / 20261222) ----------------
def ecommerce_round(excluded, seed, earlier):
    """An ecommerce round drawn as round 5 is: up to 223 online_shopping_9_cats reviews per
    category and 300 JDDC customer turns in the seeded order of seed, excluding the usual list
    and every text of the first earlier files of ECOMMERCE_ROUND_FILES (rounds 1-3, 4, 5, …)."""
    excluded = set(excluded) | rounds_keys(*ECOMMERCE_ROUND_FILES[:earlier])
    p = Picker(seed, excluded)
    C = per_category(p, 223) + jddc_customer_turns(p, 300)
    p.rng.shuffle(C)
    return C


# The ecommerce silver files in round order (silver_ecommerce.jsonl holds rounds 1-3).
ECOMMERCE_ROUND_FILES = ['training/data/silver_ecommerce.jsonl'] + ['training/data/silver_ecommerce_r%d.jsonl' % r for r in range(4, 9)]


def draw_ecommerce_r5(excluded):
    """Fifth ecommerce round, in its own file training/data/silver_ecommerce_r5.jsonl (ids
    silver-ecommerce-r5-N): up to 223 online_shopping_9_cats reviews per category and 300 JDDC
    customer turns in a new seeded order, excluding the usual list and every text of
    training/data/silver_ecommerce*.jsonl (rounds 1-4)."""
    return ecommerce_round(excluded, 20261221, 2)


def draw_food_delivery_r5(excluded):
    """Fifth food_delivery round, in its own file training/data/silver_food_delivery_r5.jsonl
    (ids silver-food_delivery-r5-N): waimai_train80 reviews in a new seeded order, excluding the
    usual list and every text of training/data/silver_food_delivery*.jsonl (rounds 1-4)."""
    excluded = set(excluded) | rounds_keys('training/data/silver_food_delivery.jsonl', 'training/data/silver_food_delivery_r4.jsonl')
    p = Picker(20261222, excluded)
    wm = [r['review'] for r in csv.DictReader(open(D + 'sentiment/waimai_train80.csv', encoding='utf-8'))]
    return [('waimai_train80.csv', t) for t in p.pick(wm, 1200)]


def draw_ecommerce_r6(excluded):
    """Sixth ecommerce round (lead, session 12, seed 20261225), in its own file
    training/data/silver_ecommerce_r6.jsonl (ids silver-ecommerce-r6-N): as round 5, excluding the
    usual list and every text of training/data/silver_ecommerce*.jsonl (rounds 1-5)."""
    return ecommerce_round(excluded, 20261225, 3)


def draw_ecommerce_r7(excluded):
    """Seventh ecommerce round (lead, session 13, seed 20261301), in its own file
    training/data/silver_ecommerce_r7.jsonl (ids silver-ecommerce-r7-N): as round 5, excluding the
    usual list and every text of training/data/silver_ecommerce*.jsonl (rounds 1-6). The shipped
    category models (session 12) did not train on it."""
    return ecommerce_round(excluded, 20261301, 4)


def draw_ecommerce_r8(excluded):
    """Eighth ecommerce round (lead, session 13, seed 20261302), in its own file
    training/data/silver_ecommerce_r8.jsonl (ids silver-ecommerce-r8-N): as round 5, excluding the
    usual list and every text of training/data/silver_ecommerce*.jsonl (rounds 1-7)."""
    return ecommerce_round(excluded, 20261302, 5)


def draw_ecommerce_r9(excluded):
    """Ninth ecommerce round (lead, session 14, seed 20261401), in its own file
    training/data/silver_ecommerce_r9.jsonl (ids silver-ecommerce-r9-N): as round 5, excluding the
    usual list and every text of training/data/silver_ecommerce*.jsonl (rounds 1-8). No shipped
    model (category, verifier) trained on it: session 14 uses it as a fresh tuning set."""
    return ecommerce_round(excluded, 20261401, 6)


# ---------------- food_delivery (helper silverF, seed 20261206) ----------------
def nlpcc2014_sc():
    """(source, text) of extra/nlpcc2014_sc_cn/nlpcc2014_sc.tsv (label TAB text; the label is
    not the silver label)."""
    rows = [l.rstrip('\n').split('\t', 1) for l in open(X + 'nlpcc2014_sc_cn/nlpcc2014_sc.tsv', encoding='utf-8')][1:]
    return [('nlpcc2014_sc_cn/nlpcc2014_sc.tsv', r[1]) for r in rows if len(r) == 2]


def draw_ecommerce_r10(excluded):
    """Tenth ecommerce round (lead, session 15, seed 20261501), in its own file
    training/data/silver_ecommerce_r10.jsonl (ids silver-ecommerce-r10-N): the sources of the
    read-through's population that no silver round drew yet, 900 NLPCC 2014 SC product reviews
    (books, media, electronics) and 700 2011 phone / notebook / MP3 reviews, excluding the usual
    list (every read80*/readdev* sample included) and every text of
    training/data/silver_ecommerce*.jsonl (rounds 1-9). FewCLUE EPRSTMT test_public stays for
    the read-through samples. No shipped model trained on it: session 15's fresh tuning set."""
    excluded = set(excluded) | rounds_keys(*(ECOMMERCE_ROUND_FILES + ['training/data/silver_ecommerce_r9.jsonl']))
    p = Picker(20261501, excluded)
    C = pick_sourced(p, nlpcc2014_sc(), 900) + pick_sourced(p, digital_2011(), 700)
    p.rng.shuffle(C)
    return C


def draw_food_delivery(excluded):
    # waimai_train80.csv, both sentiment labels (the file's label is not the silver label): the
    # whole pool in seeded order; the labeller labelled its first 1,000 candidates, then more.
    p = Picker(20261206, excluded)
    wm = [r['review'] for r in csv.DictReader(open(D + 'sentiment/waimai_train80.csv', encoding='utf-8'))]
    return [('waimai_train80.csv', t) for t in p.pick(wm, None)]


def draw_food_delivery_dp(excluded):
    """COTE Dianping restaurant sentences for the food_delivery file (pack name food_delivery_dp;
    ids silver-food_delivery-dp-N; helper silverF2, seed 20261211): 150 from
    extra/cote_opinion_targets/dianping_test.nohotel.jsonl (the only Dianping file there), no
    keyword filter, through the same exclusion list (the hand sets draw from it too)."""
    p = Picker(20261211, excluded)
    dp = [json.loads(l)['s'] for l in open(X + 'cote_opinion_targets/dianping_test.nohotel.jsonl', encoding='utf-8') if l.strip()]
    return [('cote dianping_test', t) for t in p.pick(dp, 150)]


# ---------------- hotel_travel (helper silverH, seed 20261209) ----------------
# Weibo posts: a keyword filter selects CANDIDATES only (hotel, stay, scenic-spot, ticket, guide,
# travel-agency and trip-transport words); the labels are written by reading, and most posts
# are marketing or chatter (empty gold).
HOTEL_TRAVEL_KW = ('酒店', '宾馆', '民宿', '客栈', '客房', '前台', '入住', '退房', '房间', '景区', '景点',
                   '门票', '导游', '旅行社', '旅游', '旅行', '度假', '航班', '机票', '登机', '火车票',
                   '高铁', '动车', '古镇', '自由行', '跟团')


def draw_hotel_travel(excluded):
    p = Picker(20261209, excluded)
    kw = lambda pool: [t for t in pool if any(w in t for w in HOTEL_TRAVEL_KW)]
    C = []  # (source, text)
    wb = [l.split('\t', 1)[1] for l in open(X + 'weibo_senti_100k_split/weibo_senti_union.tsv', encoding='utf-8') if '\t' in l][1:]
    C.extend(('weibo_senti_union.tsv', t) for t in p.pick(kw(wb), 300))
    nl = [r[1] for r in csv.reader(open(X + 'nlpcc_weibo_emotion_sent/Training_data_for_Emotion_Classification.csv', encoding='utf-8')) if len(r) > 1]
    C.extend(('nlpcc_weibo_emotion_sent', t) for t in p.pick(kw(nl), 80))
    # SMP2020-EWECT: usual_* and virus_train only, never a *_test_* file. 60 asked from each; the
    # keyword filter leaves 25 (usual_eval) and 104 (virus_train) posts, of which 21 and 51 pass the
    # length, exclusion and de-duplication filters: all of those drawn.
    for f in ['usual_eval_labeled.json', 'virus_train.json']:
        sm = [r['content'] for r in json.load(open(X + 'smp2020_ewect/' + f, encoding='utf-8'))]
        C.extend(('smp2020_ewect/' + f, t) for t in p.pick(kw(sm), 60))
    # covid19_weibo_emotion: 60 asked; 94 keyword matches, 50 pass the filters: all 50 drawn.
    cv = [r['review'] for r in csv.DictReader(open(X + 'covid19_weibo_emotion/labeledData.dedup.csv', encoding='utf-8'))]
    C.extend(('covid19_weibo_emotion', t) for t in p.pick(kw(cv), 60))
    # COTE Mafengwo (test file; the hand sets draw from it too: the exclusion list removes theirs), no filter.
    mf = [json.loads(l)['s'] for l in open(X + 'cote_opinion_targets/mafengwo_test.nohotel.jsonl', encoding='utf-8') if l.strip()]
    C.extend(('cote mafengwo_test', t) for t in p.pick(mf, 200))
    # One seeded order over all sources, so that any prefix (labelled first) mixes them.
    p.rng.shuffle(C)
    return C



# ---------------- Weibo posts shared by banking and telecom (helper silverB) ----------------
def weibo_posts():
    """(source, text) of the Weibo files named in the brief; reposted tails (//@...) cut as in
    training/handchecked_sample.py. smp2020_ewect: usual_eval_labeled and virus_train only
    (never a *_test_* file)."""
    out = []
    for l in list(open(X + 'weibo_senti_100k_split/weibo_senti_union.tsv', encoding='utf-8'))[1:]:
        if '\t' in l:
            out.append(('weibo_senti_union.tsv', l.split('\t', 1)[1]))
    for r in csv.reader(open(X + 'nlpcc_weibo_emotion_sent/Training_data_for_Emotion_Classification.csv', encoding='utf-8')):
        if len(r) >= 2:
            out.append(('nlpcc_weibo_emotion_sent', r[1]))
    for f in ('usual_eval_labeled.json', 'virus_train.json'):
        for r in json.load(open(X + 'smp2020_ewect/' + f, encoding='utf-8')):
            out.append(('smp2020_ewect/' + f, r['content']))
    rows = list(csv.reader(open(X + 'covid19_weibo_emotion/labeledData.dedup.csv', encoding='utf-8')))[1:]
    out.extend(('covid19_weibo_emotion', r[0]) for r in rows if r)
    return [(s, re.sub(r'//@.*', '', t).strip()) for s, t in out]


def pick_sourced(p, pool, n):
    """Picks n texts of a [(source, text)] pool, keeping each text's source."""
    src = {}
    for s, t in pool:
        src.setdefault(t.strip(), s)
    return [(src[t], t) for t in p.pick([t for _, t in pool], n)]


# ---------------- banking (helper silverB, seed 20261207) ----------------
BANK_WORDS = '银行|信用卡|手机银行|网银|柜台|ATM|取款机|贷款|房贷|利息|利率|手续费|存款|理财|还款|花呗|借呗|银联|储蓄卡|信用卡中心'


def draw_banking(excluded):
    p = Picker(20261207, excluded)
    C = []
    # ATEC questions (both sides of each pair), no keyword filter: 250.
    at = []
    for l in open(D + 'dialog/atec_nlp_sim_train.csv', encoding='utf-8'):
        x = l.rstrip('\n').split('\t')
        if len(x) >= 3:
            at += [x[1], x[2]]
    C.extend(('atec_nlp_sim_train.csv', t) for t in p.pick(at, 250))
    # Weibo posts naming banks, cards, ATMs, loans (candidates only; labels by reading): 250.
    wb = [(s, t) for s, t in weibo_posts() if re.search(BANK_WORDS, t)]
    C.extend(pick_sourced(p, wb, 250))
    # CFSC-ABSA finance news test.json sentences naming banking words: 100.
    cf = [r['sentence'] for r in json.load(open(X + 'cfsc_absa_finance/test.json', encoding='utf-8'))]
    cf = [t for t in cf if re.search('银行|贷款|利率|信用卡|理财|存款|利息', t)]
    C.extend(('cfsc_absa_finance/test.json', t) for t in p.pick(cf, 100))
    p.rng.shuffle(C)
    # Second round (drawn after the first, which stays unchanged: ids 0-461): BANK_WORDS leave
    # only 112 Weibo posts, so posts naming a bank by its short name, 刷卡, 取钱/存钱, 转账/汇款,
    # 借钱/网贷/分期/欠款 or 支付宝 are added, appended after the first round in their own order.
    wb2 = [(s, t) for s, t in weibo_posts() if re.search(BANK_WORDS2, t)]
    R2 = pick_sourced(p, wb2, 250 - 112)
    p.rng.shuffle(R2)
    return C + R2


BANK_WORDS2 = ('工行|建行|招行|农行|中行|交行|浦发|邮储|工商银行|建设银行|农业银行|招商银行|交通银行'
               '|刷卡|取钱|存钱|取款|转账|汇款|借钱|网贷|分期|欠款|支付宝')


# ---------------- telecom (helper silverB, seed 20261208) ----------------
# The operator words of the brief give only 139 candidates (the hand sets used most of
# weibo_senti_union), so the filter also takes posts naming 移动, 短信, 网络, 上网, wifi, 手机号,
# 停机/欠费, 漫游, 彩铃, 运营商: more candidates and more traps (短信 of a friend, 网络 culture),
# labelled by reading like the rest.
TEL_WORDS = ('中国移动|移动公司|联通|电信|10086|10010|10000|信号|流量|宽带|话费|套餐|营业厅|4G|3G|5G|手机卡|携号转网|网速'
             '|运营商|停机|欠费|彩铃|漫游|打不通|手机号|上网|wifi|WiFi|WIFI|无线网|网络|短信|移动')


def draw_telecom(excluded):
    # Weibo posts matching TEL_WORDS: 500 asked (the whole pool, fewer).
    p = Picker(20261208, excluded)
    wb = [(s, t) for s, t in weibo_posts() if re.search(TEL_WORDS, t)]
    C = pick_sourced(p, wb, 500)
    p.rng.shuffle(C)
    return C


DRAW = {'ecommerce_r10': draw_ecommerce_r10, 'ecommerce_r9': draw_ecommerce_r9, 'ecommerce_r8': draw_ecommerce_r8, 'ecommerce_r7': draw_ecommerce_r7, 'ecommerce_r6': draw_ecommerce_r6, 'ecommerce_r5': draw_ecommerce_r5, 'food_delivery_r5': draw_food_delivery_r5, 'ecommerce_r4': draw_ecommerce_r4, 'food_delivery_r4': draw_food_delivery_r4, 'ecommerce': draw_ecommerce, 'ecommerce_r2': draw_ecommerce_r2, 'ecommerce_r3': draw_ecommerce_r3, 'food_delivery': draw_food_delivery,
        'food_delivery_dp': draw_food_delivery_dp,
        'hotel_travel': draw_hotel_travel,
        'banking': draw_banking, 'telecom': draw_telecom}


# Extra draws appended to an existing pack file: (id prefix, industry).
ROUNDS = {'ecommerce_r10': ('silver-ecommerce-r10-', 'ecommerce'), 'ecommerce_r9': ('silver-ecommerce-r9-', 'ecommerce'), 'ecommerce_r8': ('silver-ecommerce-r8-', 'ecommerce'), 'ecommerce_r7': ('silver-ecommerce-r7-', 'ecommerce'), 'ecommerce_r6': ('silver-ecommerce-r6-', 'ecommerce'), 'ecommerce_r5': ('silver-ecommerce-r5-', 'ecommerce'), 'food_delivery_r5': ('silver-food_delivery-r5-', 'food_delivery'),
          'ecommerce_r4': ('silver-ecommerce-r4-', 'ecommerce'), 'food_delivery_r4': ('silver-food_delivery-r4-', 'food_delivery'),
          'ecommerce_r2': ('silver-ecommerce-r2-', 'ecommerce'), 'ecommerce_r3': ('silver-ecommerce-r3-', 'ecommerce'),
          'food_delivery_dp': ('silver-food_delivery-dp-', 'food_delivery')}


def main():
    if not sys.argv[1:] or sys.argv[1] not in DRAW:
        sys.exit('usage: silver_sample.py PACK [out.jsonl]; packs: ' + ', '.join(sorted(DRAW)))
    pack = sys.argv[1]
    out = sys.argv[2] if len(sys.argv) > 2 else '/tmp/silver/%s_candidates.jsonl' % pack
    os.makedirs(os.path.dirname(out) or '.', exist_ok=True)
    excluded = load_excluded()
    C = DRAW[pack](excluded)
    with open(out, 'w', encoding='utf-8') as f:
        for i, (src, t) in enumerate(C):
            prefix, industry = ROUNDS.get(pack, ('silver-%s-' % pack, pack))
            f.write(json.dumps({'id': prefix + str(i), 'industry': industry, 'source': src, 'text': t}, ensure_ascii=False) + '\n')
    n = {}
    for src, _ in C:
        n[src.split('#')[0]] = n.get(src.split('#')[0], 0) + 1
    print(out, len(C), n, 'excluded texts:', len(excluded))


if __name__ == '__main__':
    main()
