#!/usr/bin/env python3
"""Train the polarity arbiter of the mention policy (mention/arbiter.go).

A multinomial logistic regression (negative / neutral / positive) over the features
mention.Policy.ArbiterTrace gives for each mention analyze emits, fitted to the gold aspect
polarity of training data only. The samples come from

    bin/tingzhen bench arbiter-samples --datasets /work/shared/datasets --out samples.jsonl

(APC buckets >= 25, the ASTE train file outside the val carve, the car train part; see
bench/arbiter.go). A carve of the samples (sha1 of the text, bucket < --val-buckets of 100) is
held out to choose the L2 strength among --l2; the final weights are refitted on all samples
with the chosen strength. Each set (apc, aste, car) gets the same total weight unless
--no-balance, so the large ASTE set does not decide alone.

Writes the arbiter JSON (features, classes, weights, bias, note, metrics) that
mention.ParseArbiter reads; --out mention/arbiter/weights.json is the embedded default.

Pure numpy (full-batch gradient descent with Adam on the mean weighted cross-entropy plus
l2 * |W|^2; the bias is not penalised): /usr/bin/python3 has numpy.
"""
import argparse
import json
import sys

import numpy as np

import tz

CLASSES = ["negative", "neutral", "positive"]


def bucket(text):
    """The sample's carve bucket 0..99: tz.hbucket of the text as is (not norm_key), salt "arbiter:"."""
    return tz.hbucket(text, "arbiter:")


def load(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            s = json.loads(line)
            if s.get("gold") not in CLASSES:
                raise ValueError(f"{path}:{n}: gold {s.get('gold')!r} is not one of {CLASSES}")
            rows.append(s)
    return rows


def arrays(rows):
    x = np.array([r["features"] for r in rows], dtype=np.float64)
    y = np.array([CLASSES.index(r["gold"]) for r in rows])
    return x, y


def weights_of(rows, balance):
    w = np.ones(len(rows))
    if balance:
        sets = sorted({r["set"] for r in rows})
        for s in sets:
            idx = [i for i, r in enumerate(rows) if r["set"] == s]
            w[idx] = len(rows) / (len(sets) * len(idx))
    return w


def fit(x, y, w, l2, steps=3000, lr=0.05):
    n, d = x.shape
    W = np.zeros((3, d))
    b = np.zeros(3)
    mW, vW, mb, vb = np.zeros_like(W), np.zeros_like(W), np.zeros(3), np.zeros(3)
    Y = np.eye(3)[y]
    ws = w / w.sum()
    for t in range(1, steps + 1):
        z = x @ W.T + b
        z -= z.max(1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(1, keepdims=True)
        g = (p - Y) * ws[:, None]
        gW = g.T @ x + 2 * l2 * W
        gb = g.sum(0)
        for P, G, M, V in ((W, gW, mW, vW), (b, gb, mb, vb)):
            M *= 0.9
            M += 0.1 * G
            V *= 0.999
            V += 0.001 * G * G
            P -= lr * (M / (1 - 0.9 ** t)) / (np.sqrt(V / (1 - 0.999 ** t)) + 1e-8)
    return W, b


def predict(W, b, x):
    return (x @ W.T + b).argmax(1)


def per_set(rows, pred):
    out = {}
    for s in sorted({r["set"] for r in rows}):
        idx = [i for i, r in enumerate(rows) if r["set"] == s]
        out[s] = float(np.mean([pred[i] == CLASSES.index(rows[i]["gold"]) for i in idx]))
    return out


def rule_pred(rows):
    return np.array([CLASSES.index(r["rule"]) if r["rule"] in CLASSES else 1 for r in rows])


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    ap.add_argument("--samples", required=True)
    ap.add_argument("--features", required=True, help="feature names, comma-separated (mention.ArbiterFeatureNames order)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--l2", default="0.0001,0.001,0.01", help="L2 strengths to try (comma-separated)")
    ap.add_argument("--val-buckets", type=int, default=20)
    ap.add_argument("--no-balance", action="store_true")
    ap.add_argument("--steps", type=int, default=3000)
    ap.add_argument("--sets", default="apc,aste,car", help="sample sets to train on (comma-separated)")
    ap.add_argument("--scope", default="all", choices=["all", "no_model_polarity", "sign"],
                    help="which mentions the arbiter decides (mention.Arbiter.Scope); the samples are cut to match: "
                         "no_model_polarity keeps those with no aspect-model polarity (tm_neg/tm_neu/tm_pos all 0), "
                         "sign those whose gold and rule polarity are both non-neutral")
    ap.add_argument("--industries", default="",
                    help="comma-separated industry ids the arbiter is limited to (mention.Arbiter.Industries; "
                         "default: every industry)")
    ap.add_argument("--note", default="", help="what the samples are (written into the file's note instead of the default)")
    a = ap.parse_args(argv)
    names = a.features.split(",")
    keep = set(a.sets.split(","))
    rows = [r for r in load(a.samples) if r["set"] in keep]
    if a.scope == "no_model_polarity":
        tm = [names.index(n) for n in ("tm_neg", "tm_neu", "tm_pos")]
        rows = [r for r in rows if not any(r["features"][i] for i in tm)]
    elif a.scope == "sign":
        rows = [r for r in rows if r["gold"] != "neutral" and r["rule"] in ("negative", "positive")]
    for r in rows:
        if len(r["features"]) != len(names):
            raise SystemExit(f"a sample has {len(r['features'])} features, --features names {len(names)}")
    tr = [r for r in rows if bucket(r["text"]) >= a.val_buckets]
    va = [r for r in rows if bucket(r["text"]) < a.val_buckets]
    xt, yt = arrays(tr)
    xv, yv = arrays(va)
    wt = weights_of(tr, not a.no_balance)
    rule_v = per_set(va, rule_pred(va))
    print(f"train {len(tr)}, carve {len(va)}; rules on the carve {rule_v} (mean {np.mean(list(rule_v.values())):.4f})", file=sys.stderr)
    best = None
    for l2 in [float(v) for v in a.l2.split(",")]:
        W, b = fit(xt, yt, wt, l2, a.steps)
        acc = per_set(va, predict(W, b, xv))
        score = float(np.mean(list(acc.values())))
        print(f"l2 {l2}: carve per set {acc} mean {score:.4f}", file=sys.stderr)
        if best is None or score > best[0]:
            best = (score, l2, acc)
    score, l2, acc = best
    xa, ya = arrays(rows)
    W, b = fit(xa, ya, weights_of(rows, not a.no_balance), l2, a.steps)
    metrics = {"samples": len(rows), "carve": len(va), "l2": l2, "carve_mean_acc": round(score, 4),
               "carve_rule_mean_acc": round(float(np.mean(list(rule_v.values()))), 4)}
    for s, v in acc.items():
        metrics["carve_acc_" + s] = round(v, 4)
    for s, v in rule_v.items():
        metrics["carve_rule_acc_" + s] = round(v, 4)
    out = {
        "features": names,
        "classes": CLASSES,
        "weights": [[round(float(v), 6) for v in row] for row in W],
        "bias": [round(float(v), 6) for v in b],
        "scope": a.scope,
        "note": (a.note + f"; sets {a.sets}; l2 {l2} chosen on a sha1 carve of the samples (bucket < {a.val_buckets})") if a.note else
                "training/train_arbiter.py --samples (bench arbiter-samples: APC buckets >= 25, ASTE train outside the val carve, car train part); sets " + a.sets
                + (" sets balanced" if not a.no_balance else "") + f"; l2 {l2} chosen on a sha1 carve of the samples (bucket < {a.val_buckets})",
        "metrics": metrics,
    }
    if a.industries:
        out["industries"] = a.industries.split(",")
    with open(a.out, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(f"chose l2 {l2}; wrote {a.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
