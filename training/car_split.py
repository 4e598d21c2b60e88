#!/usr/bin/env python3
"""Writes the content_ids of the category-car model's validation and test splits.

It applies training/train_car.py's split (tz.car_data: load_car's content order, tz.norm_key,
random.Random(seed): r < 0.10 test, r < 0.20 val, else train) without torch, so the
pipeline evaluation (tingzhen bench accuracy --pipeline) can score the part the car model
never trained on: test is reported, val is the dev split.

    python3 training/car_split.py --data ../shared/datasets/aspect/ccf2018_car_train85.csv \
        --seed 13 --out bench/testdata/car_split_ids.tsv
"""
import argparse
import csv
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tz  # noqa: E402  (tz.car_data: standard library only, no torch)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    text, order = {}, []
    with open(a.data, encoding="utf-8") as f:
        for r in csv.DictReader(f):
            cid = r["content_id"]
            if cid not in text:
                text[cid] = r["content"].strip()
                order.append(cid)
    sizes = {"train": 0, "val": 0, "test": 0}
    rows = []
    for cid, s in zip(order, tz.car_data.split_posts([text[cid] for cid in order], random.Random(a.seed))):
        sizes[s] += 1
        if s != "train":
            rows.append((cid, s))
    with open(a.out, "w", encoding="utf-8") as f:
        f.write("# content_id\tsplit  (training/car_split.py --seed %d; sizes %s)\n" % (a.seed, sizes))
        for cid, s in rows:
            f.write("%s\t%s\n" % (cid, s))
    print(sizes)


if __name__ == "__main__":
    main()
