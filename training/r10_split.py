"""Split silver round r10 into its train and check parts (session 15, issue 13).

Rule (fixed for every helper): a line is in the check part when
int(hashlib.sha1(id.encode()).hexdigest(), 16) % 10 < 3, else in the train part.
Only the train part may be trained on; the check part is a tuning/measure set.

usage: python3 training/r10_split.py [--src training/data/silver_ecommerce_r10.jsonl] --train OUT --check OUT
Lines are copied byte for byte, in file order.
"""
import argparse
import hashlib
import json


def is_check(rid: str) -> bool:
    return int(hashlib.sha1(rid.encode()).hexdigest(), 16) % 10 < 3


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--src", default="training/data/silver_ecommerce_r10.jsonl")
    ap.add_argument("--train", required=True)
    ap.add_argument("--check", required=True)
    a = ap.parse_args()
    n = {"train": 0, "check": 0}
    with open(a.src, encoding="utf-8") as f, open(a.train, "w", encoding="utf-8") as tr, open(a.check, "w", encoding="utf-8") as ck:
        for line in f:
            if not line.strip():
                continue
            part = "check" if is_check(json.loads(line)["id"]) else "train"
            (ck if part == "check" else tr).write(line if line.endswith("\n") else line + "\n")
            n[part] += 1
    print(json.dumps(n))


if __name__ == "__main__":
    main()
