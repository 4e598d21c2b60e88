#!/usr/bin/python3
"""The SHA-256 of every dataset file a shipped model's recipe reads, kept in its model card
(`data_sha256`), so a retraining can show it used the same data.

  /usr/bin/python3 training/data_sha256.py --data-dir ../shared/datasets [--write] [MODEL ...]

For each model (default: all five trained here) it runs the data loading of the recipe in the
card's command (sentiment-zh: the arguments in its metrics.json), with the trainer's own
functions, under tz.DataReads, which records every file under --data-dir opened for reading. Without --write it compares with the card and exits
1 on any difference; --write puts the block into models/MODEL/model.yaml (tz.set_data_sha256:
the rest of the card is left as it is). Models given as weights (--init-from, --init-onnx,
--init-emb: other models' model.onnx) are not dataset files and are not listed.
"""

import argparse
import glob
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tz  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def sentiment_zh(data_dir, model_dir):
    """train_sentiment.py main with the arguments in the model's metrics.json: the vocabulary,
    build_splits (labelled sets, lexicon filter, neutral candidates) and, when the model was
    trained with --dialogue-data, the dialogue rows."""
    import json

    import numpy as np
    import train_sentiment as ts

    with open(os.path.join(model_dir, "metrics.json"), encoding="utf-8") as f:
        a = json.load(f)["args"]
    args = argparse.Namespace(**dict(a, data_dir=data_dir))
    tok = tz.BertTokenizer(os.path.join(data_dir, "tokenizer/bert-base-chinese_vocab.txt"))
    ts.build_splits(args, tok)
    if a.get("dialogue_data"):
        groups, _ = ts.group_labelled(ts.load_labelled(data_dir))
        ts.add_dialogue_rows(args, tok, groups, [], np.zeros(0, dtype=np.int64))


def category_car(data_dir, model_dir):
    """train_car.py main: the vocabulary and the CCF 2018 car file (tz.car_data)."""
    tz.BertTokenizer(os.path.join(data_dir, "tokenizer/bert-base-chinese_vocab.txt"))
    tz.load_car(os.path.join(data_dir, "aspect/ccf2018_car_train85.csv"))


def polarity_zh(data_dir, model_dir):
    """train_polarity.py main with the card's flags (ASTE and car on, --init-emb default): the
    vocabulary, every APC train file, category-car's split, ASTE train, and the sentiment
    texts whose characters --init-emb keeps (sentiment_char_ids)."""
    import train_polarity as tp

    tok = tz.BertTokenizer(os.path.join(data_dir, "tokenizer", "bert-base-chinese_vocab.txt"))
    absa = os.path.join(data_dir, "aspect", "absadatasets_zh")
    for f in sorted(glob.glob(os.path.join(absa, "apc_*.train.txt"))):
        tp.load_apc(f)
    tp.car_splits(data_dir)
    tp.load_aste(os.path.join(absa, "aste_chinese_zhang.train.txt"))
    tp.sentiment_char_ids(data_dir, tok)


def aspect_zh(data_dir, model_dir):
    """train_aspect.py main with --multi (default --sets aste,apc,zhijiang,coqe, --max-len 128):
    the vocabulary, ASTE train and dev, every APC train file, and aspect_multi.build."""
    import aspect_multi as M
    import aste_data as A

    tok = A.BertTok(os.path.join(data_dir, "tokenizer", "bert-base-chinese_vocab.txt"))
    absa = os.path.join(data_dir, "aspect", "absadatasets_zh")
    A.load_aste(os.path.join(absa, "aste_chinese_zhang.train.txt"), tok, 128)
    A.load_aste(os.path.join(absa, "aste_chinese_zhang.dev.txt"), tok, 128)
    for f in sorted(glob.glob(os.path.join(absa, "apc_*.train.txt"))):
        A.load_apc(f, tok, 128)
    M.build(data_dir, tok, 128, ("aste", "apc", "zhijiang", "coqe"))


RECIPES = {"sentiment-zh": sentiment_zh, "sentiment-chat": sentiment_zh, "category-car": category_car, "polarity-zh": polarity_zh, "aspect-zh": aspect_zh}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", default=os.path.join(ROOT, "../shared/datasets"))
    ap.add_argument("--models", default=os.path.join(ROOT, "models"))
    ap.add_argument("--write", action="store_true", help="write the block into the cards instead of checking")
    ap.add_argument("model", nargs="*", help="default: " + " ".join(RECIPES))
    args = ap.parse_args()
    bad = 0
    for name in args.model or list(RECIPES):
        if name not in RECIPES:
            sys.exit("data_sha256: unknown model %r (known: %s)" % (name, ", ".join(RECIPES)))
        with tz.DataReads(args.data_dir) as reads:
            RECIPES[name](args.data_dir, os.path.join(args.models, name))
        got = reads.sha256()
        card = os.path.join(args.models, name, "model.yaml")
        if args.write:
            tz.set_data_sha256(card, got)
            print("%s: %d files written to %s" % (name, len(got), card))
            continue
        have = tz.read_data_sha256(card)
        if have == got:
            print("%s: %d files, same as the card" % (name, len(got)))
            continue
        bad += 1
        for rel in sorted(set(have) | set(got)):
            if have.get(rel) != got.get(rel):
                print("%s: %s card %s, files %s" % (name, rel, have.get(rel, "-"), got.get(rel, "-")))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
