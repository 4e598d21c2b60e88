#!/usr/bin/python3
"""Pack every text and split that training/gpu_distill.py needs into one folder of token ids,
so that a GPU machine without the datasets (and without this tokenizer's speed problems) can
pretrain, fine-tune and distil in one short run.

  /usr/bin/python3 training/gpu_prep.py --data-dir ../shared/datasets --out .device/data

Written (all ids are bert-base-chinese vocabulary ids, tz.BertTokenizer.encode: [CLS] .. [SEP]):
  t128.npz   the unique sequences at max_len 128 (flat int16 ids + int64 offsets)
  t256.npz   the unique sequences at max_len 256 (category-car posts and car text)
  sets.npz   for every set NAME: NAME.idx (rows of t128 or t256) and, where labelled, NAME.y
  sets.json  what each set is, its table, its size, and the exclusions applied

Sets:
  mlm                 the masked-LM corpus: pretrain_mlm.build_corpus (no labelled sentiment text of
                      any leave-one-domain-out domain, none of the five scored extra sets), less every
                      string of bench/testdata/*.jsonl and of the read-through samples
                      (bench/results/raw/read80*-sample.jsonl, readdev*): no report or tuning text is
                      in the pretraining or the distillation transfer set.
  full.*              the shipped sentiment-zh recipe (train_sentiment.py flags of models/sentiment-zh):
                      train (train + train_waimai x5 + neu_train), val, val_waimai, test_os,
                      test_waimai, test_xdomain, neu_test
  lodo.<d>.*          the leave-one-domain-out fold d (tz.lodo_fold_splits, same flags): train, val,
                      test (every labelled text of d), neu_test
  chat.train          full.train + the sentiment-chat recipe's dialogue rows (cped, conv, 20,000) +
                      bench/testdata/chat_turns_adapt_train.jsonl x3
  chat.dev3           bench/testdata/chat_turns_dev3.jsonl (raw turn text; tuning set)
  car.train/val/test  category-car's split (train_car.py, seed 13), y [N,10] states
  car.transfer        pretrain_mlm.car_corpus (no car val/test post, no bench/testdata text)
"""

import argparse
import glob
import json
import os
import random
import sys
import time
from types import SimpleNamespace

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tz  # noqa: E402
import pretrain_mlm as pm  # noqa: E402
import dialogue_data  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LABEL = {"negative": 0, "neutral": 1, "positive": 2}


class Table:
    def __init__(self, tok, max_len):
        self.tok, self.max_len, self.rows, self.index, self.cache = tok, max_len, [], {}, {}

    def add(self, text):
        i = self.cache.get(text)
        if i is not None:
            return i
        return self.add_ids(self.tok.encode(text, self.max_len), text)

    def add_ids(self, ids, text=None):
        key = tuple(ids)
        i = self.index.get(key)
        if i is None:
            i = self.index[key] = len(self.rows)
            self.rows.append(ids)
        if text is not None:
            self.cache[text] = i
        return i

    def save(self, path):
        off = np.zeros(len(self.rows) + 1, dtype=np.int64)
        off[1:] = np.cumsum([len(r) for r in self.rows])
        flat = np.fromiter((x for r in self.rows for x in r), dtype=np.int16, count=int(off[-1]))
        np.savez_compressed(path, ids=flat, off=off)


def held_keys():
    """Every string of the hand-checked, chat-turn and read-through files: never pretraining
    or transfer text."""
    keys = set()
    paths = glob.glob(os.path.join(REPO, "bench/testdata/*.jsonl")) + glob.glob(os.path.join(REPO, "bench/results/raw/read*-sample*.jsonl"))
    for p in paths:
        with open(p, encoding="utf-8") as f:
            for line in f:
                try:
                    keys |= {tz.norm_key(t) for t in pm.strings(json.loads(line)) if len(t) >= 4}
                except ValueError:
                    continue
    return keys, [os.path.relpath(p, REPO) for p in sorted(paths)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data-dir", default="../shared/datasets")
    ap.add_argument("--out", default=".device/data")
    ap.add_argument("--small", type=int, default=0, help="smoke test: at most N rows per set")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    t0 = time.time()
    tok = tz.BertTokenizer(os.path.join(a.data_dir, "tokenizer/bert-base-chinese_vocab.txt"))
    t128, t256 = Table(tok, 128), Table(tok, 256)
    sets, meta = {}, {}

    def put(name, table, idx, y=None, note=""):
        idx = list(idx)
        if a.small:
            idx = idx[: a.small]
            y = None if y is None else y[: a.small]
        sets[name + ".idx"] = np.asarray(idx, dtype=np.int64)
        if y is not None:
            sets[name + ".y"] = np.asarray(y, dtype=np.int64)
        meta[name] = {"table": "t128" if table is t128 else "t256", "n": len(idx), "note": note}

    held, held_files = held_keys()
    texts, per_file, n_excl = pm.build_corpus(a.data_dir)
    texts = [t for t in texts if tz.norm_key(t) not in held]
    rng = random.Random(13)
    rng.shuffle(texts)
    put("mlm", t128, (t128.add(t) for t in texts), note="pretrain_mlm.build_corpus less bench/testdata and read-through texts")
    print("mlm", len(texts), round(time.time() - t0), flush=True)

    args = SimpleNamespace(data_dir=a.data_dir, seed=13, leave_out_cat="平板", atec_max=8000, max_len=128,
                           neu_min_chars=4, neu_max_chars=40)
    enc, info = tz.build_splits(args, tok)
    for name in enc:
        for ids, t in zip(enc[name][0], enc[name][2]):
            if t not in t128.cache:
                t128.add_ids(ids, t)

    def ids_of(name):
        return [t128.cache[t] for t in enc[name][2]]

    k = 5
    tr = ids_of("train") + ids_of("train_waimai") * k + ids_of("neu_train")
    ty = np.concatenate([enc["train"][1]] + [enc["train_waimai"][1]] * k + [enc["neu_train"][1]])
    put("full.train", t128, tr, ty, "train + train_waimai x5 + neu_train (shipped recipe, seed 13)")
    va = ids_of("val") + ids_of("val_waimai") + ids_of("neu_val")
    vy = np.concatenate([enc["val"][1], enc["val_waimai"][1], enc["neu_val"][1]])
    put("full.val", t128, va, vy, "val + val_waimai + neu_val")
    for name in ("val_waimai", "test_os", "test_waimai", "test_xdomain", "neu_test"):
        put("full." + name, t128, ids_of(name), enc[name][1])
    print("full", len(tr), round(time.time() - t0), flush=True)

    items = tz.load_labelled(a.data_dir)
    groups, order = tz.group_labelled(items)
    domains = tz.lodo_domains(groups)
    for d in domains:
        sp = tz.lodo_fold_splits(args, groups, order, d)
        idx = {n: [t128.add(t) for t, _ in exs] for n, exs in sp.items()}
        lab = {n: np.array([l for _, l in exs], dtype=np.int64) for n, exs in sp.items()}
        dn = "waimai" if d == "外卖" else d
        put("lodo.%s.train" % dn, t128, idx["train"] + idx["train_waimai"] * k + idx["neu_train"],
            np.concatenate([lab["train"]] + [lab["train_waimai"]] * k + [lab["neu_train"]]))
        put("lodo.%s.val" % dn, t128, idx["val"] + idx["val_waimai"] + idx["neu_val"],
            np.concatenate([lab["val"], lab["val_waimai"], lab["neu_val"]]))
        put("lodo.%s.test" % dn, t128, idx["test_lodo"], lab["test_lodo"], "every labelled text of the domain")
        put("lodo.%s.neu_test" % dn, t128, idx["neu_test"], lab["neu_test"])
    meta["lodo_domains"] = ["waimai" if d == "外卖" else d for d in domains]
    print("lodo", round(time.time() - t0), flush=True)

    rows, stats = dialogue_data.dialogue_rows(a.data_dir, ["cped", "conv"], groups.keys(), 20000, 13)
    adapt = [json.loads(l) for l in open(os.path.join(REPO, "bench/testdata/chat_turns_adapt_train.jsonl"), encoding="utf-8") if l.strip()]
    ci = tr + [t128.add(t) for t, _ in rows] + [t128.add(r["text"]) for r in adapt] * 3
    cy = np.concatenate([ty, np.array([y for _, y in rows], dtype=np.int64), np.array([LABEL[r["label"]] for r in adapt] * 3, dtype=np.int64)])
    put("chat.train", t128, ci, cy, "full.train + cped,conv dialogue rows (20,000) + chat_turns_adapt_train x3")
    dev3 = [json.loads(l) for l in open(os.path.join(REPO, "bench/testdata/chat_turns_dev3.jsonl"), encoding="utf-8") if l.strip()]
    put("chat.dev3", t128, [t128.add(r["text"]) for r in dev3], [LABEL[r["label"]] for r in dev3], "raw turn text")
    meta["chat_dialogue_stats"] = stats

    data = tz.load_car(os.path.join(a.data_dir, "aspect/ccf2018_car_train85.csv"))
    crng = random.Random(13)
    split = {"train": [], "val": [], "test": []}
    for (t, lab), sp in zip(data, tz.car_data.split_posts([t for t, _ in data], crng)):
        split[sp].append((t256.add(t), lab))
    for s, v in split.items():
        put("car." + s, t256, [i for i, _ in v], np.array([l for _, l in v], dtype=np.int64).reshape(len(v), 10))
    ctexts, _, _ = pm.car_corpus(a.data_dir, os.path.join(REPO, "bench/testdata/car_split_ids.tsv"))
    ctexts = [t for t in ctexts if tz.norm_key(t) not in held]
    put("car.transfer", t256, (t256.add(t) for t in ctexts), note="pretrain_mlm.car_corpus less held texts")
    print("car", round(time.time() - t0), flush=True)

    t128.save(os.path.join(a.out, "t128.npz"))
    t256.save(os.path.join(a.out, "t256.npz"))
    np.savez_compressed(os.path.join(a.out, "sets.npz"), **sets)
    meta["_tables"] = {"t128": len(t128.rows), "t256": len(t256.rows)}
    meta["_held_files"] = held_files
    meta["_mlm_per_file"] = per_file
    with open(os.path.join(a.out, "sets.json"), "w", encoding="utf-8") as f:
        json.dump(meta, f, ensure_ascii=False, indent=1)
    print(json.dumps({k: v for k, v in meta.items() if not k.startswith("_mlm")}, ensure_ascii=False)[:3000])
    print("done", round(time.time() - t0), "s", flush=True)


if __name__ == "__main__":
    main()
