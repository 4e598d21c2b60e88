#!/usr/bin/env python3
"""Train the mention verifier (mention/verifier.go): a logistic regression over the features
`tingzhen bench verifier-samples` traces for every counted mention (an indicator of the
record's industry and a point), labelled 1 when the mention's (indicator, point) is one of its
text's gold pairs (what the hand sets' all-mentions F1 counts right).

Data: samples of silver training files (training/data/silver_*.jsonl). Files a shipped
category model trained on (--leaky, by base name) are either left out or kept with the
category features (cat_*) zeroed, so the model never learns the in-sample overconfidence of
those models. Out-of-fold predictions on the clean files (--folds folds by sha1 of the text
id; each fold predicted by a model fitted on the rest) choose the L2 strength and the
threshold: the pair that maximises the gain in set F1 of (indicator, point) pairs per text
(mentions outside the verifier's scope always kept), plus, with --dev (samples of
bench/testdata/handchecked_dev.jsonl, a tuning set), the gain on hand DEV.

Usage:
  /usr/bin/python3 training/train_verifier.py --samples S.jsonl [--dev D.jsonl] --out W.json
"""
import argparse
import hashlib
import json
import sys

import numpy as np

CAT = ("cat_has", "cat_present", "cat_pol", "cat_max", "cat_n")


def load(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def fold_of(text_id, folds):
    h = int(hashlib.sha1(("verifier:" + text_id).encode("utf-8")).hexdigest()[:8], 16)
    return h % folds


def texts(rows):
    """Group rows by (set, id): gold pairs, in-scope samples and always-kept pairs."""
    out = {}
    for r in rows:
        k = (r["set"], r["id"])
        t = out.setdefault(k, {"gold": set(), "rows": [], "kept": []})
        if r.get("gold"):
            t["gold"].update(r["gold"])
        if r.get("index", -1) < 0:
            continue
        if r.get("in_scope"):
            t["rows"].append(r)
        else:
            t["kept"].append(r["indicator"] + "|" + r["point"])
    return out


def set_f1(groups, probs, t):
    """Micro F1 of (indicator, point) pairs over texts, keeping in-scope rows with p >= t.
    probs: per text key, an array aligned with its rows."""
    tp = pred = gold = 0
    for k, g in groups.items():
        ps = set(g["kept"])
        for r, p in zip(g["rows"], probs[k]):
            if p >= t:
                ps.add(r["indicator"] + "|" + r["point"])
        tp += len(ps & g["gold"])
        pred += len(ps)
        gold += len(g["gold"])
    p = tp / pred if pred else 0.0
    rc = tp / gold if gold else 0.0
    return (2 * p * rc / (p + rc) if p + rc else 0.0), p, rc


def fit(X, y, w, l2, iters=60):
    """L2-regularised logistic regression by Newton's method (bias unpenalised)."""
    n, d = X.shape
    Xb = np.hstack([X, np.ones((n, 1))])
    beta = np.zeros(d + 1)
    reg = np.full(d + 1, l2)
    reg[-1] = 0.0
    for _ in range(iters):
        z = Xb @ beta
        p = 1 / (1 + np.exp(-z))
        g = Xb.T @ (w * (p - y)) + reg * beta
        s = w * p * (1 - p)
        H = (Xb.T * s) @ Xb + np.diag(reg + 1e-9)
        step = np.linalg.solve(H, g)
        beta -= step
        if np.max(np.abs(step)) < 1e-7:
            break
    return beta[:-1], beta[-1]


def predict(groups, names, wts, bias):
    out = {}
    for k, g in groups.items():
        if not g["rows"]:
            out[k] = np.zeros(0)
            continue
        X = np.array([r["features"] for r in g["rows"]], dtype=float)
        out[k] = 1 / (1 + np.exp(-(X @ wts + bias)))
    return out


def write(a, path, names, inds, wts, b, t, note, metrics):
    """Write one verifier file (as a group of --group-of's file when given)."""
    out = {"features": names, "weights": [round(float(x), 6) for x in wts], "bias": round(float(b), 6),
           "threshold": t, "note": note, "metrics": {k: round(v, 4) for k, v in metrics.items()}}
    if inds:
        out["industries"] = sorted(inds)
    if a.skip_implicit:
        out["skip_implicit"] = True
    if a.drop:
        out["drop"] = True
    if a.group_of:
        if not inds:
            sys.exit("--group-of needs --industries")
        with open(a.group_of, encoding="utf-8") as f:
            top = json.load(f)
        if not top.get("industries") or set(top["industries"]) & inds:
            sys.exit("--group-of %s: its own weights already read %s" % (a.group_of, ",".join(sorted(inds))))
        del out["features"]
        top["groups"] = [g for g in top.get("groups") or [] if set(g.get("industries") or []) != inds] + [out]
        out = top
    with open(path, "w", encoding="utf-8") as fo:
        json.dump(out, fo, ensure_ascii=False, indent=1)
        fo.write("\n")


def mask(rows, names, leaky):
    idx = [names.index(c) for c in CAT]
    for r in rows:
        if r["set"] in leaky and r.get("index", -1) >= 0:
            f = r["features"]
            for i in idx:
                f[i] = 0.0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--samples", required=True, help="verifier-samples JSONL of silver files")
    ap.add_argument("--dev", help="verifier-samples JSONL of hand DEV (reported only)")
    ap.add_argument("--names", required=True, help="feature names, JSON list (tingzhen's mention.VerifierFeatureNames)")
    ap.add_argument("--leaky", default="silver_ecommerce.jsonl,silver_ecommerce_r4.jsonl,silver_ecommerce_r5.jsonl,"
                    "silver_food_delivery.jsonl,silver_food_delivery_r4.jsonl",
                    help="files a shipped category model trained on (base names)")
    ap.add_argument("--leaky-mode", choices=["drop", "mask"], default="drop")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--l2", default="0.3,1,3,10,30")
    ap.add_argument("--industries", default="", help="comma list: the verifier reads only these industries")
    ap.add_argument("--also-train", default="", help="comma list: industries whose samples join every fold's training and the refit but are "
                    "never scored (e.g. ecommerce,food_delivery beside --industries telecom,banking,hotel_travel)")
    ap.add_argument("--group-of", help="write the output as this verifier file with the new verifier as its group "
                    "(Verifier.Groups: read for the industries the file's own weights do not read), replacing a group of the same industries")
    ap.add_argument("--fold-out", help="also write the cross-fitting's fold models at the chosen l2 and threshold "
                    "(PREFIX<k>.json, fitted without fold k) and each fold's text ids (PREFIX<k>.ids: set, id)")
    ap.add_argument("--drop", action="store_true", help="the verifier drops a term mention it finds wrong instead of unplacing it")
    ap.add_argument("--skip-implicit", action="store_true", help="implicit mentions (no term) are outside the scope: always kept")
    ap.add_argument("--zero", default="", help="comma list of features the model must not read (weight 0)")
    ap.add_argument("--threshold", type=float, default=None,
                    help="use this threshold instead of the chosen one (a constraint the folds do not see, e.g. readdev3's)")
    ap.add_argument("--out", required=True)
    a = ap.parse_args(argv)
    names = json.load(open(a.names))
    leaky = set(x for x in a.leaky.split(",") if x)
    rows = load(a.samples)
    if a.leaky_mode == "drop":
        rows = [r for r in rows if r["set"] not in leaky]
    else:
        mask(rows, names, leaky)
    zero = [names.index(x) for x in a.zero.split(",") if x]
    for r in rows:
        if r.get("index", -1) >= 0:
            for i in zero:
                r["features"][i] = 0.0
    if a.skip_implicit:
        imp = names.index("implicit")
        for r in rows:
            if r.get("index", -1) >= 0 and r["features"][imp] > 0:
                r["in_scope"] = False
    inds = set(x for x in a.industries.split(",") if x)
    extra = set(x for x in a.also_train.split(",") if x) - inds
    if inds:
        rows = [r for r in rows if r["industry"] in inds or r["industry"] in extra]
    for r in rows:
        if r.get("index", -1) >= 0 and len(r["features"]) != len(names):
            sys.exit("sample with %d features, want %d" % (len(r["features"]), len(names)))
    # Out-of-fold predictions: the clean files' texts are cut into --folds folds (sha1 of the
    # text id); each fold is predicted by a model fitted on the other folds and the leaky files.
    fold = lambda r: fold_of(r["set"] + "/" + r["id"], a.folds) if r["set"] not in leaky and r["industry"] not in extra else -1
    cg = texts([r for r in rows if fold(r) >= 0])
    parts = []
    for k in range(a.folds):
        tr = [r for r in rows if fold(r) != k and r.get("index", -1) >= 0 and r.get("in_scope")]
        parts.append((k, np.array([r["features"] for r in tr], dtype=float), np.array([r["label"] for r in tr], dtype=float)))
    fold_of_text = {key: fold_of(key[0] + "/" + key[1], a.folds) for key in cg}
    print("%d samples in scope; %d clean texts in %d folds" % (
        sum(1 for r in rows if r.get("index", -1) >= 0 and r.get("in_scope")), len(cg), a.folds), file=sys.stderr)
    ts = [round(0.05 * i, 2) for i in range(0, 16)]
    ones = lambda gs: {k: np.ones(len(g["rows"])) for k, g in gs.items()}
    base_f1 = set_f1(cg, ones(cg), 0.5)
    print("clean texts (out of fold) base F1 %.4f P %.4f R %.4f" % base_f1, file=sys.stderr)
    dg, d0 = None, None
    if a.dev:
        drows = load(a.dev)
        if a.skip_implicit:
            for r in drows:
                if r.get("index", -1) >= 0 and r["features"][names.index("implicit")] > 0:
                    r["in_scope"] = False
        dg = texts(drows)
        d0 = set_f1(dg, ones(dg), 0.5)

    def dev_probs(wts, b):
        pd = predict(dg, names, wts, b)
        for k, g in dg.items():  # outside the scope every mention is kept
            if inds and g["rows"] and g["rows"][0]["industry"] not in inds:
                pd[k] = np.ones(len(g["rows"]))
        return pd

    # Choice: the (l2, threshold) with the largest out-of-fold F1 gain, plus the hand DEV gain
    # (the fold models' mean probability) when --dev is given.
    best = None
    for l2 in [float(x) for x in a.l2.split(",")]:
        pc, pdev = {}, None
        for k, X, y in parts:
            wts, b = fit(X, y, np.ones(len(y)), l2)
            sub = {key: g for key, g in cg.items() if fold_of_text[key] == k}
            pc.update(predict(sub, names, wts, b))
            if dg:
                pk = dev_probs(wts, b)
                pdev = pk if pdev is None else {key: pdev[key] + pk[key] for key in pk}
        if dg:
            pdev = {key: v / a.folds for key, v in pdev.items()}
        line = []
        for t in ts:
            fc = set_f1(cg, pc, t)
            gain = fc[0] - base_f1[0]
            dgain = set_f1(dg, pdev, t)[0] - d0[0] if dg else 0.0
            line.append("%.2f:%+.4f/%+.4f" % (t, fc[0] - base_f1[0], dgain))
            if best is None or gain + dgain > best[0] + 1e-9:
                best = (gain + dgain, l2, t, fc, pc)
        print("l2 %g: gain (folds/DEV) by threshold %s" % (l2, " ".join(line[1:10])), file=sys.stderr)
    gain, l2, t, full, best_pc = best
    f = full[0]
    if a.threshold is not None:
        t = a.threshold
        full = set_f1(cg, best_pc, t)
        f = full[0]
        print("threshold %.2f given (--threshold): out-of-fold F1 %.4f" % (t, f), file=sys.stderr)
    print("chosen l2 %g threshold %.2f: gain %+.4f, out-of-fold F1 %.4f (P %.4f R %.4f)" % (l2, t, gain, f, full[1], full[2]),
          file=sys.stderr)
    # Refit on all rows with the chosen l2.
    allg = texts(rows)
    ar = [r for g in allg.values() for r in g["rows"]]
    Xa = np.array([r["features"] for r in ar], dtype=float)
    ya = np.array([r["label"] for r in ar], dtype=float)
    wts, b = fit(Xa, ya, np.ones(len(ya)), l2)
    metrics = {"train_samples": float(len(ya)), "l2": l2, "threshold": t, "folds_f1": f,
               "folds_base_f1": base_f1[0]}
    if dg:
        d1 = set_f1(dg, dev_probs(wts, b), t)
        print("hand DEV (sim, refit) F1 %.4f -> %.4f (P %.4f R %.4f)" % (d0[0], d1[0], d1[1], d1[2]), file=sys.stderr)
        metrics.update({"dev_base_f1": d0[0], "dev_f1": d1[0]})
    note = "training/train_verifier.py --leaky-mode %s --folds %d --industries %s --zero %s%s --l2 %s%s; samples %s" % (
        a.leaky_mode, a.folds, a.industries, a.zero, " --skip-implicit" if a.skip_implicit else "", a.l2,
        "" if a.threshold is None else " --threshold %g" % a.threshold, a.samples.split("/")[-1])
    if a.also_train:
        note += " --also-train " + a.also_train
    if a.drop:
        note += " --drop"
    write(a, a.out, names, inds, wts, b, t, note, metrics)
    if a.fold_out:
        # The cross-fitting's own models (fold k: fitted without fold k's texts) at the chosen
        # l2 and threshold, and each fold's text ids, to score the folds through the binary.
        for k, X, y in parts:
            fw, fb = fit(X, y, np.ones(len(y)), l2)
            write(a, "%s%d.json" % (a.fold_out, k), names, inds, fw, fb, t, note + " (fold %d held out)" % k, {"l2": l2, "threshold": t})
            with open("%s%d.ids" % (a.fold_out, k), "w", encoding="utf-8") as fo:
                for key in sorted(key for key in cg if fold_of_text[key] == k):
                    fo.write("%s\t%s\n" % key)
    for n, x in sorted(zip(names, wts), key=lambda p: -abs(p[1]))[:15]:
        print("  %-14s %+.3f" % (n, x), file=sys.stderr)


if __name__ == "__main__":
    main()
