#!/usr/bin/env python3
"""Side-by-side table of `tingzhen bench accuracy --pipeline --json` reports.

    python3 scripts/compare_pipeline_accuracy.py A.json B.json [C.json ...] [--names a,b,c]

One Markdown table per task: each (source, metric) row of any report with every report's score.
"""
import argparse
import json


def fmt(r):
    if r is None:
        return "—"
    s = "%.3f" % r["score"]
    if r.get("set"):
        x = r["set"]
        s += " (P %.3f R %.3f)" % (x["precision"], x["recall"])
    elif r.get("n"):
        s += " (%d/%d)" % (r.get("right", 0), r["n"])
    return s


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("reports", nargs="+")
    ap.add_argument("--names", default="")
    a = ap.parse_args()
    names = a.names.split(",") if a.names else [f.rsplit("/", 1)[-1] for f in a.reports]
    reps = [{r["task"]: r for r in json.load(open(f, encoding="utf-8"))} for f in a.reports]
    for task in ["car", "aste", "apc", "apc-named", "handchecked"]:
        have = [r[task] for r in reps if task in r]
        if not have:
            continue
        print("\n#### %s (%s, n = %d)\n" % (task, have[-1]["split"], have[-1]["n"]))
        print("| source | metric | " + " | ".join(names) + " |")
        print("|---|---|" + "---:|" * len(names))
        keys = []
        for rep in have:
            for r in rep["rows"]:
                k = (r["source"], r["metric"])
                if k not in keys:
                    keys.append(k)
        idx = [{(r["source"], r["metric"]): r for r in rep[task]["rows"]} if task in rep else {} for rep in reps]
        for k in keys:
            print("| %s | %s | %s |" % (k[0], k[1], " | ".join(fmt(i.get(k)) for i in idx)))


if __name__ == "__main__":
    main()
