#!/usr/bin/python3
"""Long labelled reviews from sentiment-zh's own TEST splits (issue 19: a document's label
from its clauses, the overall judgement weighted), for `tingzhen bench accuracy --long`.

The splits of training/train_sentiment.py are reproduced with its own functions and the
card's seed and left-out category (models/sentiment-zh/model.yaml: seed 13, 平板), so no
training or validation text of the model is used: only test_os, test_waimai and
test_xdomain (the left-out category, never trained on).

Kept: every review of those splits by default (--min-clauses / --min-chars filter further).
The harness decides which reviews are long (at least 3 clauses: pieces between
，,。！？!?；;~ and spaces with at least two letters) and mixed (both polarities among the
model's clause readings). Each review goes to part "val" (choose weights there) or "test"
(report) by a stable hash of its text: val when md5(text)[0] % 10 < 4.

One command, no torch run (only the split functions), fixed seed:
  /usr/bin/python3 training/long_reviews.py --data-dir ../shared/datasets --out /tmp/long_reviews.tsv
  tingzhen bench accuracy --long /tmp/long_reviews.tsv
Output: TSV part, split, label (negative|positive, neutral with --neutral), text (tabs and newlines in text become spaces).
"""

import argparse
import hashlib
import os
import random
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tz import sentiment_data as sd  # noqa: E402  (sentiment-zh's splits; no torch)

CLAUSE = re.compile(r"[，,。！？!?；;~～\s]+")
LETTER = re.compile(r"[A-Za-z\u4e00-\u9fff]")


def clauses(t):
    return [c for c in CLAUSE.split(t) if len(LETTER.findall(c)) >= 2]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data-dir", default="../shared/datasets")
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=13, help="models/sentiment-zh/model.yaml training.seed")
    ap.add_argument("--leave-out-cat", default="平板", help="the card's --leave-out-cat")
    ap.add_argument("--min-clauses", type=int, default=0)
    ap.add_argument("--min-chars", type=int, default=0)
    ap.add_argument("--neutral", action="store_true", help="also write the neutral test split (neu_test: ATEC and JDDC inquiries), label neutral")
    ap.add_argument("--atec-max", type=int, default=8000, help="the card's --atec-max")
    ap.add_argument("--neu-min-chars", type=int, default=4)
    ap.add_argument("--neu-max-chars", type=int, default=40)
    a = ap.parse_args()
    items = sd.load_labelled(a.data_dir)
    groups, order = sd.group_labelled(items)
    rng = random.Random(a.seed)
    n = {"val": 0, "test": 0}
    with open(a.out, "w", encoding="utf-8") as f:
        def emit(text, label, split):
            t = re.sub(r"[\t\r\n]+", " ", text).strip()
            if len(t) < a.min_chars or len(clauses(t)) < a.min_clauses:
                return
            part = "val" if hashlib.md5(t.encode("utf-8")).digest()[0] % 10 < 4 else "test"
            n[part] += 1
            f.write("%s\t%s\t%s\t%s\n" % (part, split, label, t))

        for (text, lab), split in sd.polar_splits(groups, order, rng, a.leave_out_cat):
            if split in ("test_os", "test_waimai", "test_xdomain"):
                emit(text, "positive" if lab == sd.POS else "negative", split)
        if a.neutral:
            # train_sentiment.build_splits' neutral split itself, on the same rng after the polar draws.
            neu, _, _ = sd.neutral_splits(a, groups, rng)
            for t, _ in neu["neu_test"]:
                emit(t, "neutral", "neu_test")
    print(n, file=sys.stderr)


if __name__ == "__main__":
    main()
