#!/usr/bin/env python3
"""Hand DEV misses by class: gold file + analyze output (same order)."""
import collections, json, sys
gold = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
out = {}
for l in open(sys.argv[2], encoding="utf-8"):
    r = json.loads(l); out[r["id"]] = r
cls = collections.Counter(); rows = collections.defaultdict(list)
fp = collections.Counter(); fprows = collections.defaultdict(list)
pol = collections.Counter(); polrows = collections.defaultdict(list)
for it in gold:
    r = out[it["id"]]; ind = it["industry"]
    ms = [m for m in r.get("aspects", []) if m.get("kg") and m["kg"]["ids"].get("industry") == ind]
    def desc(m): return f'{m["term"]}/{m.get("opinion","")}/{m["kg"]["ids"]["indicator"]}/{m.get("point","")}/{m["polarity"][:3]}/{m["source"]}'
    got = [desc(m) for m in ms]
    gp = {(g["indicator"], g["point"]) for g in it["gold"] if g["point"]}
    gi = {g["indicator"]: g for g in it["gold"]}
    pp = {(m["kg"]["ids"]["indicator"], m.get("point", "")) for m in ms if m.get("point")}
    for g in it["gold"]:
        if not g["point"]: continue
        k = (g["indicator"], g["point"])
        if k in pp: cls["right"] += 1; continue
        on = [m for m in ms if m["kg"]["ids"]["indicator"] == g["indicator"]]
        if on:
            m = on[0]
            if m["polarity"] == "neutral" and not m.get("opinion"):
                c = "on indicator, neutral, no opinion found"
            elif m["polarity"] == "neutral":
                c = "on indicator, neutral with opinion"
            elif m["polarity"] != g["polarity"]:
                c = f"on indicator, polarity {m['polarity'][:3]} not {g['polarity'][:3]}"
            else:
                c = f"on indicator, point {m.get('point') or '-'} not {g['point']}"
        elif ms:
            c = "mentions on other indicators only (mapping)"
        elif r.get("aspects"):
            c = "mentions only outside the industry"
        else:
            c = "no mention at all"
        cls[c] += 1
        rows[c].append(f'{it["id"]} | {g["indicator"]} {g["point"]} | {it["text"]} | {got}')
    for m in ms:
        i = m["kg"]["ids"]["indicator"]
        if i in gi:
            g = gi[i]
            if m["polarity"] != g["polarity"]:
                c = f'{g["polarity"][:3]}->{m["polarity"][:3]}' + (" (no opinion)" if not m.get("opinion") else "")
                pol[c] += 1
                polrows[c].append(f'{it["id"]} | {i} gold {g["polarity"][:3]} | {it["text"]} | {desc(m)}')
        if m.get("point") and (i, m["point"]) not in gp:
            if not it["gold"]: c = "FP on a sentence expecting nothing"
            elif i in gi: c = "FP: right indicator, other point"
            else: c = "FP: indicator not labelled (mapping / spurious)"
            fp[c] += 1
            fprows[c].append(f'{it["id"]} | {desc(m)} | {it["text"]} | gold {[(g["indicator"], g["point"]) for g in it["gold"]]}')
def dump(title, counter, rws):
    print(f"\n## {title}\n")
    for c, v in counter.most_common(): print(f"- {c}: {v}")
    for c, v in counter.most_common():
        if c == "right": continue
        print(f"\n### {c} ({v})\n")
        for x in rws[c]: print("- " + x)
dump("Gold (indicator, point) pairs", cls, rows)
dump("Per-mention polarity errors (mentions on a labelled indicator)", pol, polrows)
dump("False-positive (indicator, point) pairs", fp, fprows)
