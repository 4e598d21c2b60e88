#!/usr/bin/env python3
"""Side-by-side table of two `tingzhen bench accuracy --pipeline --json` reports.

    python3 scripts/compare_pipeline_accuracy.py BEFORE.json AFTER.json [--names baseline,after]

One Markdown table per task: each (source, metric) row of either report with both scores.
"""
import argparse
import json


def fmt(r):
    if r is None:
        return "—"
    s = "%.4f" % r["score"]
    if r.get("set"):
        x = r["set"]
        s += " (P %.3f R %.3f)" % (x["precision"], x["recall"])
    elif r.get("n"):
        s += " (%d/%d)" % (r.get("right", 0), r["n"])
    return s


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("before")
    ap.add_argument("after")
    ap.add_argument("--names", default="baseline,after")
    a = ap.parse_args()
    nb, na = a.names.split(",")
    b = {r["task"]: r for r in json.load(open(a.before, encoding="utf-8"))}
    f = {r["task"]: r for r in json.load(open(a.after, encoding="utf-8"))}
    for task in [t for t in ["car", "aste", "apc", "handchecked"] if t in b or t in f]:
        rb, ra = b.get(task), f.get(task)
        any_ = ra or rb
        print("\n#### %s (%s, n = %d)\n" % (task, any_["split"], any_["n"]))
        print("| source | metric | %s | %s |" % (nb, na))
        print("|---|---|---:|---:|")
        keys = []
        for rep in (rb, ra):
            for r in (rep or {}).get("rows", []):
                k = (r["source"], r["metric"])
                if k not in keys:
                    keys.append(k)
        idx = lambda rep: {(r["source"], r["metric"]): r for r in (rep or {}).get("rows", [])}
        ib, ia = idx(rb), idx(ra)
        for k in keys:
            print("| %s | %s | %s | %s |" % (k[0], k[1], fmt(ib.get(k)), fmt(ia.get(k))))


if __name__ == "__main__":
    main()
