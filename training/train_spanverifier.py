#!/usr/bin/env python3
"""Train the span verifier (mention.Policy.SpanVerifier, mention/verifier.go): the same logistic
regression over the same features as train_verifier.py, but its label says whether a term
mention's term is an aspect the text evaluates: 1 when it overlaps a gold aspect span of
training/data/silverspan_*.jsonl, or the opinion of a triplet with an implicit aspect
(`tingzhen bench verifier-samples --span-files ...`). A term mention below the threshold is
dropped.

The span files are texts of silver_ecommerce.jsonl and silver_food_delivery.jsonl, which the
category models trained on: their category features (cat_*) are zeroed. Out-of-fold predictions
(--folds, sha1 of the text id) give the aspect F1 gain of each (l2, threshold) (kept term mentions
on a gold span / kept term mentions / gold spans); with --dev (verifier-samples of hand DEV,
traced with the shipped (indicator, point) verifier on) the hand DEV all-mentions gain with both
verifiers is added, and the best sum is chosen.

Usage:
  /usr/bin/python3 training/train_spanverifier.py --samples SPAN.jsonl --dev DEV.jsonl --names N.json
      --pair mention/verifier/weights.json --out W.json
"""
import argparse
import json
import sys

import numpy as np

import train_verifier as tv

SCOPE = ("model", "kg", "model+kg")


def aspect_f1(groups, probs, t):
    tp = pred = gold = 0
    for k, g in groups.items():
        gold += g["gold"]
        for r, p in zip(g["rows"], probs[k]):
            if p >= t:
                pred += 1
                tp += r["span_label"]
    p = tp / pred if pred else 0.0
    rc = tp / gold if gold else 0.0
    return 2 * p * rc / (p + rc) if p + rc else 0.0


def span_texts(rows):
    out = {}
    for r in rows:
        g = out.setdefault((r["set"], r["id"]), {"gold": 0, "rows": []})
        g["gold"] += r.get("span_gold", 0)
        if r.get("index", -1) >= 0 and r.get("term") and r["source"] in SCOPE:
            g["rows"].append(r)
    return out


def dev_f1(dev, pair, inds, wts, b, t):
    """Hand DEV all-mentions F1 with the pair verifier (as traced: prob) and the span verifier."""
    groups = {}
    for r in dev:
        g = groups.setdefault((r["set"], r["id"]), {"gold": set(), "pred": set()})
        if r.get("gold"):
            g["gold"].update(r["gold"])
        if r.get("index", -1) < 0 or not r.get("counted", True):
            continue
        keep = True
        if r["industry"] in inds and r.get("term") and r["source"] in SCOPE:
            keep = 1 / (1 + np.exp(-(np.array(r["features"]) @ wts + b))) >= t
        if keep and r.get("in_scope") and r["industry"] in pair["industries"]:
            keep = r.get("prob", 0.0) >= pair["threshold"]
        if keep:
            g["pred"].add(r["indicator"] + "|" + r["point"])
    tp = sum(len(g["pred"] & g["gold"]) for g in groups.values())
    pr = sum(len(g["pred"]) for g in groups.values())
    gd = sum(len(g["gold"]) for g in groups.values())
    p, rc = (tp / pr if pr else 0.0), (tp / gd if gd else 0.0)
    return 2 * p * rc / (p + rc) if p + rc else 0.0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--samples", required=True)
    ap.add_argument("--dev")
    ap.add_argument("--names", required=True)
    ap.add_argument("--pair", required=True, help="the shipped (indicator, point) verifier's weights (its threshold and industries)")
    ap.add_argument("--industries", default="ecommerce,food_delivery")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--l2", default="0.3,1,3,10,30")
    ap.add_argument("--threshold", type=float, default=None)
    ap.add_argument("--out", required=True)
    a = ap.parse_args(argv)
    names = json.load(open(a.names))
    pair = json.load(open(a.pair))
    inds = set(a.industries.split(","))
    rows = [r for r in tv.load(a.samples) if r["industry"] in inds]
    cat = [names.index(c) for c in tv.CAT]
    for r in rows:
        if r.get("index", -1) >= 0:
            for i in cat:
                r["features"][i] = 0.0
    groups = span_texts(rows)
    fold = {k: tv.fold_of(k[0] + "/" + k[1], a.folds) for k in groups}
    parts = []
    for f in range(a.folds):
        tr = [r for k, g in groups.items() if fold[k] != f for r in g["rows"]]
        parts.append((f, np.array([r["features"] for r in tr], dtype=float), np.array([r["span_label"] for r in tr], dtype=float)))
    n = sum(len(g["rows"]) for g in groups.values())
    ones = {k: np.ones(len(g["rows"])) for k, g in groups.items()}
    base = aspect_f1(groups, ones, 0.5)
    dev = tv.load(a.dev) if a.dev else None
    d0 = dev_f1(dev, pair, set(), None, None, 0) if dev else 0.0
    print("%d term mentions in %d texts; out-of-fold aspect F1 base %.4f; hand DEV base (pair verifier on) %.4f" % (
        n, len(groups), base, d0), file=sys.stderr)
    ts = [round(0.05 * i, 2) for i in range(1, 12)]
    best = None
    for l2 in [float(x) for x in a.l2.split(",")]:
        pc, fits = {}, []
        for f, X, y in parts:
            w, b = tv.fit(X, y, np.ones(len(y)), l2)
            fits.append((w, b))
            pc.update(tv.predict({k: g for k, g in groups.items() if fold[k] == f}, names, w, b))
        wm = np.mean([w for w, _ in fits], axis=0)
        bm = float(np.mean([b for _, b in fits]))
        line = []
        for t in ts:
            g1 = aspect_f1(groups, pc, t) - base
            g2 = dev_f1(dev, pair, inds, wm, bm, t) - d0 if dev else 0.0
            line.append("%.2f:%+.4f/%+.4f" % (t, g1, g2))
            if best is None or g1 + g2 > best[0] + 1e-9:
                best = (g1 + g2, l2, t, g1, g2)
        print("l2 %g: gain (folds/DEV) %s" % (l2, " ".join(line)), file=sys.stderr)
    _, l2, t, g1, g2 = best
    if a.threshold is not None:
        t = a.threshold
    allr = [r for g in groups.values() for r in g["rows"]]
    w, b = tv.fit(np.array([r["features"] for r in allr], dtype=float), np.array([r["span_label"] for r in allr], dtype=float),
                  np.ones(len(allr)), l2)
    d1 = dev_f1(dev, pair, inds, w, b, t) if dev else 0.0
    print("chosen l2 %g threshold %.2f (folds %+.4f, DEV %+.4f); refit hand DEV %.4f -> %.4f" % (l2, t, g1, g2, d0, d1),
          file=sys.stderr)
    out = {"features": names, "weights": [round(float(x), 6) for x in w], "bias": round(float(b), 6), "threshold": t,
           "industries": sorted(inds), "drop": True,
           "note": "training/train_spanverifier.py --l2 %s%s; samples %s" % (
               a.l2, "" if a.threshold is None else " --threshold %g" % a.threshold, a.samples.split("/")[-1]),
           "metrics": {"l2": l2, "threshold": t, "folds_gain": round(g1, 4), "dev_base_f1": round(d0, 4), "dev_f1": round(d1, 4)}}
    with open(a.out, "w", encoding="utf-8") as fo:
        json.dump(out, fo, ensure_ascii=False, indent=1)
        fo.write("\n")


if __name__ == "__main__":
    main()
