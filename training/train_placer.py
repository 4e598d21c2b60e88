#!/usr/bin/env python3
"""Train the mention placer (mention/placer.go): a softmax over a pack's indicators with hashed
(industry, indicator, feature) weights, fitted on the placer features that
`tingzhen bench verifier-samples` traces for every counted term mention of silver TRAINING files
(training/data/silver_*.jsonl; never r9, never a hand file). Issue 13, remap14, session 14;
rule: bench/results/notes/remap14-s14-shiprule.md.

Target of a mention on indicator e: e when e is a gold indicator of its text (any point);
else the text's gold indicators with the mention's point that no mention of another term
names (uniform); else e.

Choice (--carve): train on the files not carved, simulate the carve's (indicator, point) set
F1 per text for a grid of (min_prob, margin) and print it; the verifier is simulated as traced
(an unmoved mention is kept when its traced P(right) >= --vthr; a moved one is kept).
Final (--out): train on every file given and write the weights with --min-prob/--margin.

Usage:
  /usr/bin/python3 training/train_placer.py --samples S.jsonl --silver F1,F2,... --carve r8,food_r5-basenames
  /usr/bin/python3 training/train_placer.py --samples S.jsonl --silver F1,... --min-prob P --margin M --out mention/placer/weights.json
  [--eval E.jsonl]  samples of a tuning file (r9, hand DEV): simulated F1 before/after, reported only
"""
import argparse
import json
import os
import sys
from collections import defaultdict

import numpy as np
import torch
import yaml

torch.set_num_threads(1)
PACKS = "knowledge-graph/industries"
TERM_SOURCES = {"model", "kg", "model+kg"}
# Files a shipped category model trained on (their cards): the category input is zeroed there,
# so the placer never learns those models' in-sample overconfidence (as train_verifier.py's
# --leaky-mode mask).
LEAKY = {"silver_ecommerce.jsonl", "silver_ecommerce_r4.jsonl", "silver_ecommerce_r5.jsonl",
         "silver_food_delivery.jsonl", "silver_food_delivery_r4.jsonl"}


def fnv32a(s):
    h = 0x811C9DC5
    for b in s.encode("utf-8"):
        h ^= b
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def load_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def pack_indicators(industry):
    with open(os.path.join(PACKS, industry + ".yaml"), encoding="utf-8") as f:
        p = yaml.safe_load(f)
    has_aspect = {a["indicator"] for a in p.get("aspects") or []}
    return [i["id"] for i in p["indicators"] if i["id"] in has_aspect]


def group(rows):
    """Per (set, id): gold pairs (from the first row) and rows with an index."""
    T = defaultdict(lambda: {"gold": set(), "rows": []})
    for r in rows:
        t = T[(r["set"], r["id"])]
        if r.get("gold"):
            t["gold"].update(r["gold"])
        if r.get("index", -1) >= 0:
            t["rows"].append(r)
    return T


def cat_vec(r, ids):
    """The category presence of each candidate (zeroed on LEAKY files)."""
    c = r.get("placer_category") or {}
    if r["set"] in LEAKY:
        c = {}
    return np.array([c.get(a, 0.0) for a in ids], dtype=np.float32)


def placeable(r):
    return r.get("in_scope") and r["term"] and r["source"] in TERM_SOURCES and r.get("placer_features")


def examples(T, gold_all, inds):
    """(industry, features, target distribution over inds[industry], text key, row) per placeable row."""
    out = []
    for k, t in T.items():
        g_all = gold_all.get(k, {x.split("|")[0] for x in t["gold"]})
        for r in t["rows"]:
            if not placeable(r) or r["industry"] not in inds:
                continue
            ids = inds[r["industry"]]
            e = r["indicator"]
            y = np.zeros(len(ids), dtype=np.float32)
            if e in g_all or e not in ids:
                tgt = [e]
            else:
                others = {o["indicator"] for o in t["rows"] if o["term"] != r["term"]}
                tgt = [x.split("|")[0] for x in t["gold"] if x.endswith("|" + r["point"])]
                tgt = [a for a in tgt if a != e and a not in others and a in ids] or [e]
            for a in tgt:
                if a in ids:
                    y[ids.index(a)] = 1.0 / len(tgt)
            out.append((r["industry"], r["placer_features"], y, k, r, cat_vec(r, ids)))
    return out


class Model:
    def __init__(self, buckets, inds):
        self.B = buckets
        self.inds = inds
        self.ha = {ind: np.array([fnv32a(ind + "\x00" + a) for a in ids], dtype=np.uint64) for ind, ids in inds.items()}
        self.hcache = {}
        self.w = torch.zeros(buckets, dtype=torch.float32, requires_grad=True)
        self.cat = torch.zeros(1, dtype=torch.float32, requires_grad=True)

    def hf(self, fs):
        out = np.empty(len(fs), dtype=np.uint64)
        for i, f in enumerate(fs):
            h = self.hcache.get(f)
            if h is None:
                h = self.hcache[f] = fnv32a(f)
            out[i] = h
        return out

    def index(self, ind, fs):
        """[K, nF] bucket indices."""
        return ((self.hf(fs)[None, :] ^ self.ha[ind][:, None]) % self.B).astype(np.int64)

    def logits(self, idx, c):
        return self.w[torch.from_numpy(idx)].sum(dim=1) + self.cat * torch.from_numpy(c)

    def probs(self, ind, fs, c):
        with torch.no_grad():
            return torch.softmax(self.logits(self.index(ind, fs), c), 0).numpy()


def train(exs, inds, buckets, epochs, l2, lr, seed=7):
    m = Model(buckets, inds)
    idxs = [m.index(ex[0], ex[1]) for ex in exs]
    opt = torch.optim.Adam([m.w, m.cat], lr=lr)
    rng = np.random.default_rng(seed)
    n = len(exs)
    for ep in range(epochs):
        order = rng.permutation(n)
        tot = 0.0
        for s in range(0, n, 256):
            opt.zero_grad()
            loss = 0.0
            for j in order[s:s + 256]:
                lp = torch.log_softmax(m.logits(idxs[j], exs[j][5]), 0)
                loss = loss - (torch.from_numpy(exs[j][2]) * lp).sum()
            loss = loss / len(order[s:s + 256]) + l2 * (m.w ** 2).sum()
            loss.backward()
            opt.step()
            tot += float(loss)
        print("epoch %d loss %.4f cat %.3f" % (ep, tot / ((n + 255) // 256), float(m.cat)), file=sys.stderr)
    return m


def choose(m, ind, e, fs, c, min_prob, margin):
    ids = m.inds[ind]
    p = m.probs(ind, fs, c)
    b = int(p.argmax())
    pe = p[ids.index(e)] if e in ids else 0.0
    if ids[b] == e or p[b] < min_prob or p[b] - pe < margin:
        return None
    return ids[b]


def sim(m, T, keys, min_prob, margin, vthr, inds):
    """Set F1 of (indicator, point) over texts keys: before and after placement."""
    res = {}
    for mode in ("before", "after"):
        tp = pred = gold = 0
        moved = moved_right = 0
        for k in keys:
            t = T[k]
            gold += len(t["gold"])
            P = set()
            for r in t["rows"]:
                ind = r["indicator"]
                kept = not (r.get("in_scope") and r.get("prob", 1.0) < vthr)
                if mode == "after" and placeable(r) and r["industry"] in inds:
                    a = choose(m, r["industry"], ind, r["placer_features"], cat_vec(r, m.inds[r["industry"]]), min_prob, margin)
                    if a:
                        ind, kept = a, True
                        moved += 1
                        moved_right += (a + "|" + r["point"]) in t["gold"]
                if kept:
                    P.add(ind + "|" + r["point"])
            pred += len(P)
            tp += len(P & t["gold"])
        p = tp / pred if pred else 0
        rc = tp / gold if gold else 0
        res[mode] = (2 * p * rc / (p + rc) if p + rc else 0, moved, moved_right)
    return res


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--samples", required=True)
    ap.add_argument("--silver", required=True)
    ap.add_argument("--industries", default="ecommerce,food_delivery")
    ap.add_argument("--carve", help="comma-separated silver base names held out for the choice")
    ap.add_argument("--eval", help="verifier-samples of a tuning file (r9, hand DEV), reported only")
    ap.add_argument("--buckets", type=int, default=1 << 16)
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--l2", type=float, default=1e-6)
    ap.add_argument("--lr", type=float, default=0.05)
    ap.add_argument("--vthr", type=float, default=0.15)
    ap.add_argument("--min-prob", type=float, default=0.5)
    ap.add_argument("--margin", type=float, default=0.2)
    ap.add_argument("--out")
    a = ap.parse_args()
    silver = a.silver.split(",")
    for s in silver:
        b = os.path.basename(s)
        if not b.startswith("silver_") or "_r9" in b:
            raise SystemExit("--silver %s: only silver training files, never r9 or a hand file" % s)
    gold_all = {}
    for s in silver:
        base = os.path.basename(s)
        for it in load_jsonl(s):
            gold_all[(base, it["id"])] = {x["indicator"] for x in it.get("gold") or []}
    inds = {ind: pack_indicators(ind) for ind in a.industries.split(",")}
    rows = [r for r in load_jsonl(a.samples) if r["set"] in {os.path.basename(s) for s in silver}]
    T = group(rows)
    grid = [(p, mg) for p in (0.4, 0.5, 0.6, 0.7, 0.8) for mg in (0.0, 0.2, 0.4)]
    if a.carve:
        carve = set(a.carve.split(","))
        tr = {k: v for k, v in T.items() if k[0] not in carve}
        te = [k for k in T if k[0] in carve]
        m = train(examples(tr, gold_all, inds), inds, a.buckets, a.epochs, a.l2, a.lr)
        print("carve: %d texts" % len(te))
        for p, mg in grid:
            r = sim(m, T, te, p, mg, a.vthr, inds)
            print("min_prob %.2f margin %.2f: F1 %.4f -> %.4f (%+.4f), moved %d, right %d" % (
                p, mg, r["before"][0], r["after"][0], r["after"][0] - r["before"][0], r["after"][1], r["after"][2]))
        if a.out:  # the carve's model, to measure the carve through the pipeline (--placer FILE)
            write(a, m, inds, silver, len(tr))
        return
    exs = examples(T, gold_all, inds)
    m = train(exs, inds, a.buckets, a.epochs, a.l2, a.lr)
    if a.eval:
        E = group(load_jsonl(a.eval))
        for st in sorted({k[0] for k in E}):
            keys = [k for k in E if k[0] == st]
            r = sim(m, E, keys, a.min_prob, a.margin, a.vthr, inds)
            print("%s: F1 %.4f -> %.4f (%+.4f), moved %d, right %d" % (
                st, r["before"][0], r["after"][0], r["after"][0] - r["before"][0], r["after"][1], r["after"][2]))
    if a.out:
        write(a, m, inds, silver, len(exs))


def write(a, m, inds, silver, n):
    if True:
        w = [round(float(x), 4) for x in m.w.detach().numpy()]
        w = [0 if x == 0 else x for x in w]
        doc = {"buckets": a.buckets, "weights": w, "indicators": inds, "category": round(float(m.cat), 4),
               "min_prob": a.min_prob, "margin": a.margin,
               "note": "training/train_placer.py --buckets %d --epochs %d --l2 %g --lr %g --min-prob %g --margin %g; samples %s; silver %s" % (
                   a.buckets, a.epochs, a.l2, a.lr, a.min_prob, a.margin, os.path.basename(a.samples),
                   ",".join(os.path.basename(s) for s in silver)),
               "metrics": {"train_samples": float(n)}}
        if a.carve:
            doc["note"] += "; carve held out: " + a.carve
        with open(a.out, "w", encoding="utf-8") as f:
            json.dump(doc, f, ensure_ascii=False, separators=(",", ":"))
            f.write("\n")


if __name__ == "__main__":
    main()
