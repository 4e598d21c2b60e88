"""category-car's data: the CCF BDCI 2018 car file read one post per content_id (rows of one
content_id merged, ten dimensions, four states), and its post split. Shared by train_car.py,
train_polarity.py (category-car's split, per aspect) and car_split.py (the split's ids for the
Go pipeline evaluation; bench.ParseCarSplit). Standard library only.
"""

import csv

from .text import norm_key

DIMS = ["动力", "价格", "内饰", "配置", "安全性", "外观", "操控", "油耗", "空间", "舒适性"]
STATES = ["absent", "negative", "neutral", "positive"]
POL_TO_STATE = {"-1": 1, "0": 2, "1": 3}


def load_car(path):
    """Returns list of (content, label[10]) with label in 0..3, one per
    content_id (rows of one content_id are merged: multi-label)."""
    by = {}
    order = []
    with open(path, encoding="utf-8") as f:
        for r in csv.DictReader(f):
            cid = r["content_id"]
            if cid not in by:
                by[cid] = {"text": r["content"].strip(), "lab": [0] * len(DIMS)}
                order.append(cid)
            by[cid]["lab"][DIMS.index(r["subject"].strip())] = POL_TO_STATE[r["sentiment_value"].strip()]
    return [(by[c]["text"], by[c]["lab"]) for c in order]


def split_posts(texts, rng):
    """The split of each post, in order: one rng.random() per new normalised text (norm_key),
    < 0.10 test, < 0.20 val, else train; a text seen before takes its first split. rng goes on
    from here (train_car.py batches with the same one)."""
    split_of, out = {}, []
    for t in texts:
        k = norm_key(t)
        if k not in split_of:
            r = rng.random()
            split_of[k] = "test" if r < 0.10 else ("val" if r < 0.20 else "train")
        out.append(split_of[k])
    return out
