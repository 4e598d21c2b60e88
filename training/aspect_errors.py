#!/usr/bin/python3
"""Where aspect-zh's opinion spans go wrong on the ASTE dev split, and how consistent the
gold boundaries are. Reproduces the numbers in bench/results/models.md (aspect-zh).

  /usr/bin/python3 training/aspect_errors.py --ckpt /tmp/aspect_ckpt_14_1025.pt

--ckpt is a checkpoint written by training/train_aspect.py (it saves one per run to /tmp);
without it only the gold-annotation statistics are printed.
"""

import argparse
import ast
import collections
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import aste_data as A  # noqa: E402


def gold_stats(absa):
    """Opinion spans that start with 也 vs spans that start right after a 也 (the same
    construction annotated both ways)."""
    inc = exc = 0
    for name in ("aste_chinese_zhang.train.txt", "aste_chinese_zhang.dev.txt"):
        with open(os.path.join(absa, name), encoding="utf-8-sig") as f:
            for line in f:
                s, t = line.rstrip("\n").split("####")
                toks = s.split(" ")
                for (_, o, _) in ast.literal_eval(t):
                    if toks[o[0]] == "也":
                        inc += 1
                    elif o[0] > 0 and toks[o[0] - 1] == "也":
                        exc += 1
    return {"opinion_starts_with_也": inc, "opinion_starts_right_after_也": exc}


def model_errors(ckpt_path, data):
    import torch
    import train_aspect as T

    torch.set_num_threads(1)
    ck = torch.load(ckpt_path)
    a = ck["args"]
    tok = A.BertTok(os.path.join(data, "tokenizer", "bert-base-chinese_vocab.txt"))
    absa = os.path.join(data, "aspect", "absadatasets_zh")
    train = A.load_aste(os.path.join(absa, "aste_chinese_zhang.train.txt"), tok, a["max_len"])
    dev = A.load_aste(os.path.join(absa, "aste_chinese_zhang.dev.txt"), tok, a["max_len"])
    remap, n = T.build_remap(train, a["min_count"], tok)
    m = T.AspectModel(remap, n, a["emb"], a["hidden"], a["layers"], a["pair_dim"], a["dropout"],
                      bigram_buckets=a.get("bigram_buckets", 0), bigram_dim=a.get("bigram_dim", 0))
    m.load_state_dict(ck["state"])
    c = collections.Counter()
    for ex, _, op, _, n in T.run_model(m, dev):
        pred = A.bio_spans([A._argmax(x) for x in op], n)
        gold = {(t[2], t[3]) for t in ex["triplets"]}
        for g in gold:
            c["gold"] += 1
            if g in pred:
                c["exact"] += 1
            elif any(p[1] == g[1] for p in pred):
                c["right_end_wrong_start"] += 1
            elif any(p[0] == g[0] for p in pred):
                c["right_start_wrong_end"] += 1
            elif any(p[0] < g[1] and g[0] < p[1] for p in pred):
                c["overlap_only"] += 1
            else:
                c["missed"] += 1
        c["predicted_not_overlapping_any_gold"] += sum(
            1 for p in pred if p not in gold and not any(p[0] < g[1] and g[0] < p[1] for g in gold))
    return dict(c)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default="../shared/datasets")
    ap.add_argument("--ckpt", default="")
    args = ap.parse_args()
    print("gold:", gold_stats(os.path.join(args.data, "aspect", "absadatasets_zh")))
    if args.ckpt:
        print("dev opinion spans (unique per sentence):", model_errors(args.ckpt, args.data))


if __name__ == "__main__":
    main()
