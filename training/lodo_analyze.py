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
read the text as longer than the model window (a long_text warning). Beside it, "window":
the same model's reading of the first 128 tokens (the training scripts' test), from the
fold's test_window.jsonl (written by --fold-export), or, for a CNN fold exported before
that file existed, recomputed in PyTorch from the graph's weights (--cnn-from-onnx).
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


def window_probs(fold_model, rows, data_dir, cnn_from_onnx):
    """{text: [p_neg, p_neu, p_pos]} of the model on the first 128 tokens, or None."""
    path = os.path.join(fold_model, "test_window.jsonl")
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            return {r["text"]: r["probs"] for r in map(json.loads, f)}
    if not cnn_from_onnx:
        return None
    import torch
    import train_sentiment as ts

    net = ts.SentimentCNN(21128, 96, 128, [1, 2, 3, 5], 0.3)
    w = tz.onnx_weights(os.path.join(fold_model, "model.onnx"))
    net.load_state_dict({k[len("net."):]: v for k, v in w.items() if k.startswith("net.")})
    net.eval()
    tok = tz.BertTokenizer(os.path.join(fold_model, "vocab.txt"))
    seqs = [tok.encode(t, 128) for t, _ in rows]
    p = torch.softmax(torch.from_numpy(tz.predict(net, seqs)) * float(w["inv_t"]), -1).numpy()
    return {t: list(map(float, q)) for (t, _), q in zip(rows, p)}


def score(rows, results, window=None):
    """Accuracy of the engine's document labels (and of window, {text: probs}, when given) on
    all texts and on those the engine read as long / short."""
    tot = {"all": [0, 0, 0], "long": [0, 0, 0], "short": [0, 0, 0]}
    win = {k: [0, 0, 0] for k in tot}
    errors = 0
    for (text, y), r in zip(rows, results):
        if "error" in r:
            errors += 1
            continue
        s = r["sentiment"]
        long_ = any(w.startswith("long_text:") for w in r.get("warnings") or [])
        if window is not None:
            q = window[text]
            for k in ("all", "long" if long_ else "short"):
                win[k][0] += 1
                win[k][1] += max(range(3), key=lambda i: q[i]) == y
                win[k][2] += (q[2] > q[0]) == (y == 2)
        ok3 = LABELS.index(s["label"]) == y
        p = s["probs"]
        ok2 = (p["positive"] > p["negative"]) == (y == 2)
        for k in ("all", "long" if long_ else "short"):
            tot[k][0] += 1
            tot[k][1] += ok3
            tot[k][2] += ok2
    def summary(counts):
        return {k: {"n": n, "acc_3way": a3 / n if n else None, "acc_binary": a2 / n if n else None} for k, (n, a3, a2) in counts.items()}

    out = summary(tot)
    if window is not None:
        out["window"] = summary(win)
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
    ap.add_argument("--cnn-from-onnx", action="store_true", help="no test_window.jsonl: recompute the window reading of a CNN fold (train_sentiment.py recipe shape) from model.onnx")
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
           **score(rows, results, window_probs(args.fold_model, rows, args.data_dir, args.cnn_from_onnx)), "seconds": round(time.time() - t0, 1),
           "child_cpu_seconds": round((c1.children_user + c1.children_system) - (c0.children_user + c0.children_system), 1),
           "load_avg": os.getloadavg()[0], "command": tz.command_line()}
    print(json.dumps(rec, ensure_ascii=False), flush=True)
    if args.out:
        with open(args.out, "a", encoding="utf-8") as f:
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
