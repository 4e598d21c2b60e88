#!/usr/bin/env python3
"""Per-mention polarity on hand DEV, as bench accuracy --pipeline scores it (a mention counts
when its KG indicator is one the sentence's gold labels), from `tingzhen analyze` outputs;
broken down by mention source, and, for the mentions of the default run, whether the
every-span policy's polarity (VerdictForModelTerms and VerdictWithoutOpinion true, a scratch
build) fixes or breaks them. Usage: handdev_mentions.py GOLD.jsonl DEFAULT.jsonl NAME=OUT.jsonl..."""
import collections
import json
import sys

gold = {}
for line in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(line)
    gold[r["id"]] = {g["indicator"]: g["polarity"] for g in r["gold"]}


def load(f):
    return {json.loads(l)["id"]: json.loads(l) for l in open(f, encoding="utf-8")}


def scored(r, gid):
    out = []
    for m in r["aspects"] or []:
        if m.get("kg") and m["kg"]["ids"]["indicator"] in gold[gid]:
            out.append(((m.get("term"), m["start"], m["end"]), m["polarity"], gold[gid][m["kg"]["ids"]["indicator"]], m["source"]))
    return out


runs = [("default", load(sys.argv[2]))] + [(a.split("=", 1)[0], load(a.split("=", 1)[1])) for a in sys.argv[3:]]
for name, run in runs:
    right = n = 0
    by, wrong = collections.Counter(), collections.Counter()
    for gid, r in run.items():
        for _, p, g, src in scored(r, gid):
            n += 1
            right += p == g
            by[src] += 1
            wrong[src] += p != g
    print(f"{name}: {right}/{n} = {right / n:.4f}; mentions by source {dict(by)}; wrong by source {dict(wrong)}")
base = runs[0][1]
for name, run in runs[1:]:
    same = fix = brk = 0
    for gid, r in base.items():
        e = {k: p for k, p, _, _ in scored(run[gid], gid)}
        for k, p, g, _ in scored(r, gid):
            if k in e:
                same += 1
                fix += p != g and e[k] == g
                brk += p == g and e[k] != g
    print(f"{name} vs default on the default's mentions: {same} matched, {fix} fixed, {brk} broken")
c = collections.Counter((g, p) for gid, r in base.items() for _, p, g, _ in scored(r, gid) if p != g)
print("default wrong (gold -> predicted):", {f"{g}->{p}": v for (g, p), v in sorted(c.items())})
