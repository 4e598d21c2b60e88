#!/usr/bin/python3
"""Session-grouped folds of a labelled chat-turn file, to measure by cross-validation what its
labels add to the chat model (bench/results/models.md, chatlabel session 11).

  /usr/bin/python3 training/chat_turns_folds.py --labelled bench/testdata/chat_turns_train2.jsonl \
      --model-text MODELTEXT.jsonl --base-train bench/testdata/chat_turns_adapt_train.jsonl --k 5 --out DIR

MODELTEXT.jsonl: the labelled file as the engine feeds the chat model ({"id","label","text"}, one
line per item that has such text; ids as in --labelled). For fold f (sessions shuffled with
--seed, dealt round-robin) it writes DIR/fold<f>.eval.jsonl (the fold's labelled turns, the
schema bench accuracy --chat reads) and DIR/fold<f>.train.jsonl (--base-train's lines, then the
model text of every item outside the fold), for training/adapt_sentiment.py --train."""

import argparse
import json
import os
import random


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--labelled", required=True)
    ap.add_argument("--model-text", required=True)
    ap.add_argument("--base-train", required=True)
    ap.add_argument("--k", type=int, default=5)
    ap.add_argument("--seed", type=int, default=20261203)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    rows = [json.loads(l) for l in open(args.labelled, encoding="utf-8") if l.strip()]
    mt = {}
    for l in open(args.model_text, encoding="utf-8"):
        if l.strip():
            r = json.loads(l)
            mt[r["id"]] = l if l.endswith("\n") else l + "\n"
    base = [l if l.endswith("\n") else l + "\n" for l in open(args.base_train, encoding="utf-8") if l.strip()]
    sessions = sorted({r["session"] for r in rows})
    random.Random(args.seed).shuffle(sessions)
    fold_of = {s: i % args.k for i, s in enumerate(sessions)}
    os.makedirs(args.out, exist_ok=True)
    for f in range(args.k):
        ev = [r for r in rows if fold_of[r["session"]] == f]
        with open(os.path.join(args.out, f"fold{f}.eval.jsonl"), "w", encoding="utf-8") as w:
            for r in ev:
                w.write(json.dumps(r, ensure_ascii=False) + "\n")
        tr = base + [mt[r["id"]] for r in rows if fold_of[r["session"]] != f and r["id"] in mt]
        with open(os.path.join(args.out, f"fold{f}.train.jsonl"), "w", encoding="utf-8") as w:
            w.writelines(tr)
        print(f"fold {f}: eval {len(ev)}, train {len(tr)}")


if __name__ == "__main__":
    main()
