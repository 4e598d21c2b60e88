#!/usr/bin/env python3
"""Join `tingzhen bench arbiter-samples` files into one training file of train_arbiter.py,
naming each sample's set after its file (so --sets and the per-set balance see them apart).

    bin/tingzhen bench arbiter-samples --home $PWD --datasets DIR --out apcaste.jsonl
    for f in training/data/silver_*.jsonl; do   # never r9 (session 14's tuning set)
      bin/tingzhen bench arbiter-samples --home $PWD --hand $f --out s_$(basename $f); done
    arbiter_samples_join.py --out joint.jsonl apcaste.jsonl s_silver_*.jsonl

A --hand file's samples (set "hand") are renamed: "ecommerce" when the file name holds
"ecommerce", "food" for "food_delivery", else "other"; the training-parts file keeps its own
sets (apc, aste, car). A file whose name holds "_r9" is refused.
"""
import argparse
import json
import os
import sys


def set_of(path, sample_set):
    if sample_set != "hand":
        return sample_set
    b = os.path.basename(path)
    if "ecommerce" in b:
        return "ecommerce"
    if "food_delivery" in b:
        return "food"
    return "other"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("files", nargs="+")
    a = ap.parse_args(argv)
    n = 0
    with open(a.out, "w", encoding="utf-8") as o:
        for p in a.files:
            if "_r9" in os.path.basename(p):
                raise SystemExit(f"{p}: round 9 is session 14's tuning set, never training data")
            with open(p, encoding="utf-8") as f:
                for line in f:
                    if not line.strip():
                        continue
                    s = json.loads(line)
                    s["set"] = set_of(p, s.get("set", ""))
                    o.write(json.dumps(s, ensure_ascii=False) + "\n")
                    n += 1
    print(f"{n} samples from {len(a.files)} files", file=sys.stderr)


if __name__ == "__main__":
    main()
