#!/usr/bin/env python3
"""Python jieba (Debian python3-jieba) speed on a corpus: jieba.lcut per line, best of N rounds.
Usage: /usr/bin/python3 bench/peers/jieba_py.py FILE [--hmm 1|0] [--rounds 3] -> one JSON line."""
import argparse
import json
import time

import jieba

ap = argparse.ArgumentParser()
ap.add_argument("file")
ap.add_argument("--hmm", type=int, default=1)
ap.add_argument("--rounds", type=int, default=3)
a = ap.parse_args()
lines = [l.strip() for l in open(a.file, encoding="utf-8") if l.strip()]
nbytes = sum(len(l.encode()) for l in lines)
jieba.initialize()
for l in lines[:1000]:
    jieba.lcut(l, HMM=bool(a.hmm))
best, words = None, 0
for _ in range(max(a.rounds, 1)):
    t0 = time.perf_counter()
    words = sum(len(jieba.lcut(l, HMM=bool(a.hmm))) for l in lines)
    s = time.perf_counter() - t0
    best = s if best is None or s < best else best
print(json.dumps({"tool": "Python jieba %s (Debian python3-jieba)" % jieba.__version__, "hmm": bool(a.hmm),
                  "lines": len(lines), "bytes": nbytes, "words": words, "rounds": a.rounds,
                  "seconds": best, "mb_per_s": nbytes / 1e6 / best}, ensure_ascii=False))
