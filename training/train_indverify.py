#!/usr/bin/env python3
"""Train the record-level indicator verifier of the mention policy (mention/indverify.go).

A binary logistic regression (is this (indicator, point) entry right?) over the features
mention.Policy.IndVerifyTrace gives for every indicator entry with a point that analyze
emits and every sub-threshold add-only category candidate. The samples come from

    bin/tingzhen bench indverify-samples --home $PWD --files FILE,... --out samples.jsonl

on silver files that no model of the engine was trained on (training/data/README.md; the
category models' cards name the files they read). Labels: 1 when the entry's (indicator,
point) is one of the text's gold pairs with a point (bench.ScoreHand's indicators row).

The text's id decides its fold (tz.hbucket(set + id, "indverify:") % --folds). Out-of-fold
predictions choose the L2 strength (log-loss) and then the decision: the keep threshold for
emitted entries, the add threshold and candidate floor (presence, polarity) for candidates,
and the industries where it runs (those whose own out-of-fold micro-F1 of (indicator, point)
rises by at least --min-gain), all to maximise the pooled micro-F1 of the (indicator, point)
pairs, with the gold counts read from the --gold files (gold pairs no entry names are the
misses). The "prior" feature is the smoothed share of right samples of the (industry,
indicator), out of fold while choosing; the final weights are refitted on all samples.

Pure numpy (full-batch Adam on the mean cross-entropy plus l2 * |w|^2 over standardised
features; the weights are written back in the raw feature scale): /usr/bin/python3 has numpy.
"""
import argparse
import json
import math
import sys

import numpy as np

import tz

PRIOR_ALPHA = 10.0


def load_samples(path, names):
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            s = json.loads(line)
            if s.get("label") not in (0, 1):
                raise ValueError(f"{path}:{n}: label {s.get('label')!r}, want 0 or 1")
            if len(s["features"]) != len(names):
                raise ValueError(f"{path}:{n}: {len(s['features'])} features, want {len(names)}")
            rows.append(s)
    return rows


def gold_counts(paths):
    """(set, id) → number of distinct gold (indicator, point) pairs with a point; set is the file's base name."""
    out = {}
    for p in paths:
        base = p.rsplit("/", 1)[-1]
        with open(p, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if not line:
                    continue
                d = json.loads(line)
                out[(base, d["id"], d["industry"])] = len({(g["indicator"], g["point"]) for g in d.get("gold", []) if g.get("point")})
    return out


def fold_of(r, k):
    return tz.hbucket(r["set"] + "/" + r["id"], "indverify:") % k


def priors(rows, y):
    """(industry/indicator) → smoothed share of right samples, and per-industry means."""
    by, ind = {}, {}
    for r, t in zip(rows, y):
        k = r["industry"] + "/" + r["indicator"]
        a = by.setdefault(k, [0, 0])
        a[0] += t
        a[1] += 1
        b = ind.setdefault(r["industry"], [0, 0])
        b[0] += t
        b[1] += 1
    mean = {i: (v[0] + 1) / (v[1] + 2) for i, v in ind.items()}
    glob = (sum(y) + 1) / (len(y) + 2)
    out = {}
    for k, (pos, n) in by.items():
        m = mean[k.split("/", 1)[0]]
        out[k] = (pos + PRIOR_ALPHA * m) / (n + PRIOR_ALPHA)
    return out, mean, glob


def logit(p):
    p = min(max(p, 1e-3), 1 - 1e-3)
    return math.log(p / (1 - p))


def with_prior(x, rows, names, table, mean, glob):
    x = x.copy()
    j = names.index("prior")
    for i, r in enumerate(rows):
        k = r["industry"] + "/" + r["indicator"]
        x[i, j] = logit(table.get(k, mean.get(r["industry"], glob)))
    return x


def fit(x, y, l2, steps=1500, lr=0.05):
    mu, sd = x.mean(0), x.std(0)
    sd[sd < 1e-9] = 1.0
    z = (x - mu) / sd
    n, d = z.shape
    w, b = np.zeros(d), 0.0
    mw, vw, mb, vb = np.zeros(d), np.zeros(d), 0.0, 0.0
    for t in range(1, steps + 1):
        p = 1 / (1 + np.exp(-(z @ w + b)))
        g = (p - y) / n
        gw = z.T @ g + 2 * l2 * w
        gb = g.sum()
        mw = 0.9 * mw + 0.1 * gw
        vw = 0.999 * vw + 0.001 * gw * gw
        w -= lr * (mw / (1 - 0.9 ** t)) / (np.sqrt(vw / (1 - 0.999 ** t)) + 1e-8)
        mb = 0.9 * mb + 0.1 * gb
        vb = 0.999 * vb + 0.001 * gb * gb
        b -= lr * (mb / (1 - 0.9 ** t)) / (math.sqrt(vb / (1 - 0.999 ** t)) + 1e-8)
    return w / sd, float(b - np.sum(w * mu / sd))


def prob(w, b, x):
    return 1 / (1 + np.exp(-(x @ w + b)))


def oof(x, y, rows, names, folds, l2, steps):
    p = np.zeros(len(rows))
    fo = np.array([fold_of(r, folds) for r in rows])
    for k in range(folds):
        tr, te = fo != k, fo == k
        sub = [r for r, m in zip(rows, tr) if m]
        table, mean, glob = priors(sub, y[tr])
        xa = with_prior(x, rows, names, table, mean, glob)
        w, b = fit(xa[tr], y[tr], l2, steps)
        p[te] = prob(w, b, xa[te])
    return p


def f1(tp, pred, gold):
    pr = tp / pred if pred else 0.0
    rc = tp / gold if gold else 0.0
    return 2 * pr * rc / (pr + rc) if pr + rc else 0.0


def decide(rows, y, p, x, names, gold, industries, keep, add, cpres, cpol):
    """micro (tp, predicted, gold) over the texts of industries[0], with the verifier deciding
    where the row's industry is in industries[1] and the entries as voted elsewhere."""
    ind = np.array([r["industry"] for r in rows])
    among = np.isin(ind, list(industries[0]))
    on = np.isin(ind, list(industries[1]))
    cand = x[:, names.index("cand")] != 0
    pres = x[:, names.index("dim_presence")]
    pol = np.maximum(x[:, names.index("dim_neg")], x[:, names.index("dim_pos")])
    emit = ~cand & (~on | (p >= keep))
    addm = cand & on & (pres >= cpres) & (pol >= cpol) & (p >= add)
    sel = among & (emit | addm)
    g = sum(v for (s, _, i), v in gold.items() if i in industries[0])
    return int(y[sel].sum()), int(sel.sum()), g


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    ap.add_argument("--samples", required=True)
    ap.add_argument("--gold", required=True, help="the labelled files the samples came from (comma-separated), for the gold counts")
    ap.add_argument("--features-from", default="mention/indverify/weights.json", help="a verifier JSON whose features list names the samples' columns")
    ap.add_argument("--out", required=True)
    ap.add_argument("--l2", default="0.0003,0.003,0.03")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--steps", type=int, default=1500)
    ap.add_argument("--min-gain", type=float, default=0.005, help="an industry is in scope when its own out-of-fold micro-F1 rises by at least this")
    ap.add_argument("--no-add", action="store_true", help="never add a candidate (add 2): the verifier only drops entries")
    ap.add_argument("--keep", type=float, default=None, help="a fixed keep threshold for every industry in --industries (chosen elsewhere, e.g. on hand DEV); the scope is then --industries as given")
    ap.add_argument("--industries", default="", help="restrict the scope to these industries (comma-separated; default: all the samples have)")
    a = ap.parse_args(argv)
    with open(a.features_from, encoding="utf-8") as f:
        names = json.load(f)["features"]
    rows = load_samples(a.samples, names)
    gold = gold_counts(a.gold.split(","))
    x = np.array([r["features"] for r in rows], dtype=np.float64)
    y = np.array([r["label"] for r in rows], dtype=np.float64)
    all_ind = sorted({r["industry"] for r in rows})
    allowed = set(a.industries.split(",")) if a.industries else set(all_ind)
    print(f"{len(rows)} samples, {int(y.sum())} right; industries {all_ind}", file=sys.stderr)
    best = None
    for l2 in [float(v) for v in a.l2.split(",")]:
        p = oof(x, y, rows, names, a.folds, l2, a.steps)
        ll = float(-np.mean(y * np.log(p + 1e-9) + (1 - y) * np.log(1 - p + 1e-9)))
        print(f"l2 {l2}: out-of-fold log-loss {ll:.4f}", file=sys.stderr)
        if best is None or ll < best[0]:
            best = (ll, l2, p)
    ll, l2, p = best
    keeps = [0.0] + [round(v, 2) for v in np.arange(0.05, 0.71, 0.05)]
    adds = [2.0] if a.no_add else [2.0] + [round(v, 2) for v in np.arange(0.3, 0.96, 0.05)]
    if a.keep is not None:
        keeps = [a.keep]
    cands = [(cp, cq) for cp in (0.2, 0.3, 0.5, 0.7) for cq in (0.5, 0.6, 0.7)]

    def search(scope, among):
        top = None
        for kp in keeps:
            for ad in adds:
                for cp, cq in (cands if ad <= 1 else [(0.5, 0.6)]):
                    tp, pr, g = decide(rows, y, p, x, names, gold, (among, scope), kp, ad, cp, cq)
                    s = f1(tp, pr, g)
                    if top is None or s > top[0] + 1e-12:
                        top = (s, kp, ad, cp, cq)
        return top

    base, th = {}, {}
    for ind in all_ind:
        tp, pr, g = decide(rows, y, p, x, names, gold, ({ind}, set()), 0, 2, 1, 1)
        base[ind] = f1(tp, pr, g)
        if ind not in allowed:
            continue
        s, kp, ad, cp, cq = search({ind}, {ind})
        print(f"{ind}: as voted {base[ind]:.4f}, verified {s:.4f} (keep {kp}, add {ad}, cand {cp}/{cq})", file=sys.stderr)
        if s - base[ind] >= a.min_gain or a.keep is not None:
            th[ind] = {"keep": kp, "add": ad, "cand_presence": cp, "cand_polarity": cq}
    metrics = {"samples": len(rows), "right": int(y.sum()), "l2": l2, "oof_logloss": round(ll, 4)}
    tps = prs = gs = tb = pb = 0
    for ind in all_ind:
        t = th.get(ind, {"keep": 0, "add": 2, "cand_presence": 1, "cand_polarity": 1})
        tp, pr, g = decide(rows, y, p, x, names, gold, ({ind}, {ind} if ind in th else set()), t["keep"], t["add"], t["cand_presence"], t["cand_polarity"])
        metrics["oof_f1_" + ind] = round(f1(tp, pr, g), 4)
        metrics["oof_f1_as_voted_" + ind] = round(base[ind], 4)
        tps, prs, gs = tps + tp, prs + pr, gs + g
        tp0, pr0, _ = decide(rows, y, p, x, names, gold, ({ind}, set()), 0, 2, 1, 1)
        tb, pb = tb + tp0, pb + pr0
    metrics["oof_f1_as_voted"] = round(f1(tb, pb, gs), 4)
    metrics["oof_f1_verified"] = round(f1(tps, prs, gs), 4)
    print(f"scope {sorted(th)}: pooled out-of-fold F1 {metrics['oof_f1_as_voted']} → {metrics['oof_f1_verified']}", file=sys.stderr)
    table, mean, glob = priors(rows, y)
    xa = with_prior(x, rows, names, table, mean, glob)
    w, b = fit(xa, y, l2, a.steps)
    sets = sorted({r["set"] for r in rows})
    out = {
        "features": names,
        "weights": [round(float(v), 6) for v in w],
        "bias": round(b, 6),
        "industries": th if th else {"none": {"keep": 0, "add": 2, "cand_presence": 1, "cand_polarity": 1}},
        "prior": {k: round(v, 4) for k, v in sorted(table.items())},
        "prior_default": round(glob, 4),
        "note": "training/train_indverify.py on bench indverify-samples of " + ", ".join(sets) + (f"; l2 {l2} as given (--l2); " if len(a.l2.split(",")) == 1 else f"; l2 {l2} chosen on {a.folds}-fold out-of-fold log-loss; ")
                + (f"keep {a.keep} for {sorted(th)} as given (--keep)" if a.keep is not None else "thresholds and scope (per industry) chosen on out-of-fold predictions")
                + ("; adds nothing (--no-add)" if a.no_add else ""),
        "metrics": metrics,
    }
    with open(a.out, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(f"wrote {a.out}", file=sys.stderr)
    return out


if __name__ == "__main__":
    main()
