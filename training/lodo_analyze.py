#!/usr/bin/python3
"""Score a leave-one-domain-out fold's model through the engine (`tingzhen analyze`), the
product's measure (issue 19): long texts are read over sentences and a document's label
comes from its clauses with the overall judgement weighted (package feeling), not from
the first 128 tokens as in the training script's test.

The fold's test texts are every labelled text of the left-out domain (tz.lodo_splits'
test_lodo, the same list the training scripts score). The model is the fold's export
(train_sentiment.py / train_sentiment_wordpos.py --fold-export DIR -> DIR/<domain>/model.onnx,
the shipped graph's inputs and output); it is put in a model folder with the shipped card
(models/sentiment-zh/model.yaml: tokenizer, labels, inputs) and read with
`tingzhen analyze --no-aspects --sentiment-model FOLDER --input texts.jsonl`.

  /usr/bin/python3 training/lodo_analyze.py --data-dir ../shared/datasets --domain 书籍 \
      --fold-model /tmp/lodo8/cnn_folds/书籍 --variant-name "CNN 30k" --out bench/results/lodo/s8_analyze.jsonl

Accuracy: 3-way = the document label (sentiment.label) equals the gold label; binary =
probs.positive > probs.negative. Reported for all texts and split by whether the engine
read the text as longer than the model window (a long_text warning).
"""

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tz import sentiment_data as sd  # noqa: E402
import tz  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LABELS = ["negative", "neutral", "positive"]


def domain_texts(data_dir, domain, seed=13):
    items = sd.load_labelled(data_dir)
    groups, order = sd.group_labelled(items)
    d = sd.LODO_ALIASES.get(domain, domain)
    return [ex for ex, split in sd.lodo_splits(groups, order, random.Random(seed), d) if split == "test_lodo"]


def model_folder(fold_model, base, out):
    """A model folder the engine loads: the fold's model.onnx and vocab.txt with base's card."""
    os.makedirs(out, exist_ok=True)
    shutil.copyfile(os.path.join(base, "model.yaml"), os.path.join(out, "model.yaml"))
    for f in ("model.onnx", "vocab.txt"):
        shutil.copyfile(os.path.join(fold_model, f), os.path.join(out, f))
    return out


def score(rows, results):
    tot = {"all": [0, 0, 0], "long": [0, 0, 0], "short": [0, 0, 0]}
    errors = 0
    for (text, y), r in zip(rows, results):
        if "error" in r:
            errors += 1
            continue
        s = r["sentiment"]
        long_ = any(w.startswith("long_text:") for w in r.get("warnings") or [])
        ok3 = LABELS.index(s["label"]) == y
        p = s["probs"]
        ok2 = (p["positive"] > p["negative"]) == (y == 2)
        for k in ("all", "long" if long_ else "short"):
            tot[k][0] += 1
            tot[k][1] += ok3
            tot[k][2] += ok2
    out = {k: {"n": n, "acc_3way": a3 / n if n else None, "acc_binary": a2 / n if n else None} for k, (n, a3, a2) in tot.items()}
    out["errors"] = errors
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", default="../shared/datasets")
    ap.add_argument("--domain", required=True)
    ap.add_argument("--fold-model", required=True, help="a --fold-export folder (model.onnx, vocab.txt)")
    ap.add_argument("--base", default=os.path.join(REPO, "models/sentiment-zh"), help="folder whose card (model.yaml) the fold model gets")
    ap.add_argument("--tingzhen", default=os.path.join(REPO, "bin/tingzhen"))
    ap.add_argument("--variant-name", default="")
    ap.add_argument("--max-texts", type=int, default=0, help="smoke tests: the first N texts")
    ap.add_argument("--out", default="", help="append one JSON line here")
    args = ap.parse_args()

    rows = domain_texts(args.data_dir, args.domain)
    if args.max_texts:
        rows = rows[: args.max_texts]
    with tempfile.TemporaryDirectory() as tmp:
        folder = model_folder(args.fold_model, args.base, os.path.join(tmp, "model"))
        inp, outp = os.path.join(tmp, "in.jsonl"), os.path.join(tmp, "out.jsonl")
        with open(inp, "w", encoding="utf-8") as f:
            for i, (t, _) in enumerate(rows):
                f.write(json.dumps({"id": "t%d" % i, "text": t}, ensure_ascii=False) + "\n")
        t0, c0 = time.time(), os.times()
        res = subprocess.run([args.tingzhen, "analyze", "--no-aspects", "--threads", "1", "--sentiment-model", folder,
                              "--input", inp, "--output", outp], stderr=subprocess.PIPE)
        c1 = os.times()
        if res.returncode not in (0, 1):
            raise SystemExit("tingzhen analyze: exit %d: %s" % (res.returncode, res.stderr.decode()[-2000:]))
        with open(outp, encoding="utf-8") as f:
            results = [json.loads(line) for line in f]
    if len(results) != len(rows):
        raise SystemExit("tingzhen analyze: %d results for %d texts" % (len(results), len(rows)))
    rec = {"domain": args.domain, "variant": args.variant_name, "fold_model": args.fold_model, "path": "tingzhen analyze (document label)",
           **score(rows, results), "seconds": round(time.time() - t0, 1),
           "child_cpu_seconds": round((c1.children_user + c1.children_system) - (c0.children_user + c0.children_system), 1),
           "load_avg": os.getloadavg()[0], "command": tz.command_line()}
    print(json.dumps(rec, ensure_ascii=False), flush=True)
    if args.out:
        with open(args.out, "a", encoding="utf-8") as f:
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
