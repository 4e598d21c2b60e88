"""Agreement check of the session-12 silver training labels (helper silvercheck12).

sample: draws a seeded random sample (seed 20261230) of 60 lines from each labeller's
part of the session-12 silver rounds and writes them WITHOUT their gold labels, for a
blind second reading:
  silver_ecommerce_r5.jsonl       silverE5a (positions 0-1041), silverE5b (1042-2083)
  silver_ecommerce_r6.jsonl       silverE6a (positions 0-1041), silverE6b (1042-2083)
  silver_food_delivery_r5.jsonl   silverF5  (positions 0-507)
The position is the number after the last '-' of the id (the candidate's position in
its draw). Each part is sampled with random.Random(f"{SEED}-{part}").

compare: compares the second reading (training/data/silvercheck_s12.jsonl) with the
silver labels and prints the agreement measures of the README subsection
"Agreement check, session 12" (pair F1 on (indicator, point) with a point, as
bench.ScoreHand scores them; indicator-only F1; per labeller, per round, per file).

  python3 training/silvercheck_s12.py sample OUT.jsonl
  python3 training/silvercheck_s12.py compare [training/data/silvercheck_s12.jsonl]
"""
import collections
import json
import random
import sys

SEED = 20261230
N = 60
FILES = {
    "ecommerce_r5": ("ecommerce", "training/data/silver_ecommerce_r5.jsonl"),
    "ecommerce_r6": ("ecommerce", "training/data/silver_ecommerce_r6.jsonl"),
    "food_delivery_r5": ("food_delivery", "training/data/silver_food_delivery_r5.jsonl"),
}
# Sample lines whose text (or its deciding phrase) the README's round sections quote with
# their label as a stated choice, so their second reading was not blind in effect.
README_QUOTED = {"silver-ecommerce-r5-976", "silver-ecommerce-r6-1926", "silver-ecommerce-r6-499",
                 "silver-ecommerce-r6-917", "silver-food_delivery-r5-109"}
PARTS = ["silverE5a", "silverE5b", "silverE6a", "silverE6b", "silverF5"]


def part_of(id_):
    """The labeller of a line, from its id (see training/data/README.md)."""
    n = int(id_.rsplit("-", 1)[1])
    if id_.startswith("silver-ecommerce-r5-"):
        return "silverE5a" if n <= 1041 else "silverE5b"
    if id_.startswith("silver-ecommerce-r6-"):
        return "silverE6a" if n <= 1041 else "silverE6b"
    if id_.startswith("silver-food_delivery-r5-"):
        return "silverF5"
    raise ValueError(f"not a session-12 silver id: {id_}")


def round_of(part):
    return {"silverE5a": "ecommerce_r5", "silverE5b": "ecommerce_r5", "silverE6a": "ecommerce_r6",
            "silverE6b": "ecommerce_r6", "silverF5": "food_delivery_r5"}[part]


def load(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(l) for l in f if l.strip()]


def all_lines():
    out = {}
    for name, (_, path) in FILES.items():
        for d in load(path):
            out[d["id"]] = d
    return out


def sample():
    by_part = collections.defaultdict(list)
    for name, (_, path) in FILES.items():
        for d in load(path):
            by_part[part_of(d["id"])].append(d)
    out = []
    for p in PARTS:
        lines = sorted(by_part[p], key=lambda d: int(d["id"].rsplit("-", 1)[1]))
        rng = random.Random(f"{SEED}-{p}")
        picked = rng.sample(lines, N)
        print(p, len(lines), "lines, sampled", len(picked), file=sys.stderr)
        out.extend(picked)
    return out


def pairs(gold):
    return {(g["indicator"], g["point"]) for g in gold if g.get("point")}


def f1(a, b):
    tp = len(a & b)
    p = tp / len(b) if b else 0.0
    r = tp / len(a) if a else 0.0
    return (2 * p * r / (p + r) if p + r else 0.0), tp, len(a), len(b)


def measure(sel, mine, theirs):
    exact = sum(pairs(mine[i]["gold"]) == pairs(theirs[i]["gold"]) for i in sel)
    ind = sum({x[0] for x in pairs(mine[i]["gold"])} == {x[0] for x in pairs(theirs[i]["gold"])} for i in sel)
    emp = sum(bool(pairs(mine[i]["gold"])) == bool(pairs(theirs[i]["gold"])) for i in sel)
    A = {(i,) + p for i in sel for p in pairs(theirs[i]["gold"])}
    B = {(i,) + p for i in sel for p in pairs(mine[i]["gold"])}
    F, tp, na, nb = f1(A, B)
    Ai = {(i, p[0]) for i in sel for p in pairs(theirs[i]["gold"])}
    Bi = {(i, p[0]) for i in sel for p in pairs(mine[i]["gold"])}
    Fi, tpi, nai, nbi = f1(Ai, Bi)
    A0 = {(i, g["indicator"], g["point"]) for i in sel for g in theirs[i]["gold"]}
    B0 = {(i, g["indicator"], g["point"]) for i in sel for g in mine[i]["gold"]}
    F0, _, _, _ = f1(A0, B0)
    return dict(n=len(sel), exact=exact, ind=ind, emp=emp, F=F, tp=tp, theirs=na, mine=nb,
                Fi=Fi, tpi=tpi, theirsi=nai, minei=nbi, F0=F0)


def boot(sel, mine, theirs, reps=2000):
    """95 % percentile interval of the pair F1, resampling lines (seeded)."""
    rng = random.Random(f"{SEED}-boot")
    sel = list(sel)
    vals = []
    for _ in range(reps):
        s = [rng.choice(sel) for _ in sel]
        tp = na = nb = 0
        for i in s:
            a, b = pairs(theirs[i]["gold"]), pairs(mine[i]["gold"])
            tp += len(a & b); na += len(a); nb += len(b)
        vals.append(2 * tp / (na + nb) if na + nb else 0.0)
    vals.sort()
    return vals[int(0.025 * reps)], vals[int(0.975 * reps) - 1]


def show(name, m):
    n = m["n"]
    print(f"{name:18s} n={n:3d} exact={m['exact']}/{n} ({100*m['exact']/n:.1f}%) "
          f"indicator-set={m['ind']}/{n} empty-agree={m['emp']}/{n} "
          f"pairF1={m['F']:.3f} (tp {m['tp']}, theirs {m['theirs']}, mine {m['mine']}) "
          f"indicatorF1={m['Fi']:.3f} (tp {m['tpi']}, theirs {m['theirsi']}, mine {m['minei']}) "
          f"F1-with-\"\"={m['F0']:.3f}")


def kinds_of(ids, mine, theirs):
    kinds = collections.Counter()
    for i in ids:
        a, b = pairs(theirs[i]["gold"]), pairs(mine[i]["gold"])
        onlyA, onlyB = a - b, b - a
        usedA, usedB = set(), set()
        for x in sorted(onlyA):
            for y in sorted(onlyB):
                if y not in usedB and x[0] == y[0]:
                    kinds[f"point {x[0]}: {x[1]} (theirs) vs {y[1]} (mine)"] += 1
                    usedA.add(x); usedB.add(y); break
        for x in sorted(onlyA - usedA):
            for y in sorted(onlyB - usedB):
                if y not in usedB and x[1] == y[1]:
                    kinds[f"indicator {x[0]} (theirs) vs {y[0]} (mine)"] += 1
                    usedA.add(x); usedB.add(y); break
        for x in onlyA - usedA:
            kinds[f"only theirs: {x[0]} {x[1]}"] += 1
        for y in onlyB - usedB:
            kinds[f"only mine: {y[0]} {y[1]}"] += 1
    return kinds


def compare(path):
    mine = {d["id"]: d for d in load(path)}
    theirs = all_lines()
    ids = [i for i in mine if i in theirs]
    missing = [i for i in mine if i not in theirs]
    if missing:
        print("not in the silver files:", missing)
    by_part = collections.defaultdict(list)
    by_round = collections.defaultdict(list)
    by_pack = collections.defaultdict(list)
    for i in ids:
        p = part_of(i)
        by_part[p].append(i)
        by_round[round_of(p)].append(i)
        by_pack[FILES[round_of(p)][0]].append(i)
    show("all", measure(ids, mine, theirs))
    for k in ("ecommerce", "food_delivery"):
        show(k, measure(by_pack[k], mine, theirs))
        lo, hi = boot(by_pack[k], mine, theirs)
        print(f"{k:18s} pair F1 bootstrap 95% interval (2,000 line resamples): {lo:.3f}-{hi:.3f}")
    for k in FILES:
        lo, hi = boot(by_round[k], mine, theirs)
        print(f"{k:18s} pair F1 bootstrap 95% interval: {lo:.3f}-{hi:.3f}")
    for k in FILES:
        show(k, measure(by_round[k], mine, theirs))
    for k in PARTS:
        show(k, measure(by_part[k], mine, theirs))
    for k, sel in sorted(by_pack.items()):
        both_e = sum(not pairs(mine[i]["gold"]) and not pairs(theirs[i]["gold"]) for i in sel)
        only_t = sum(not pairs(mine[i]["gold"]) and bool(pairs(theirs[i]["gold"])) for i in sel)
        only_m = sum(bool(pairs(mine[i]["gold"])) and not pairs(theirs[i]["gold"]) for i in sel)
        print(f"{k} empty (no pair with a point): both {both_e}, non-empty only theirs {only_t}, "
              f"only mine {only_m}, both non-empty {len(sel)-both_e-only_t-only_m}")
        per = collections.defaultdict(lambda: [0, 0, 0])
        for i in sel:
            a, b = pairs(theirs[i]["gold"]), pairs(mine[i]["gold"])
            for x in a & b:
                per[x[0]][0] += 1
            for x in a - b:
                per[x[0]][1] += 1
            for x in b - a:
                per[x[0]][2] += 1
        print(f"{k} per indicator (both / theirs only / mine only):",
              ", ".join(f"{n} {v[0]}/{v[1]}/{v[2]}" for n, v in sorted(per.items(), key=lambda kv: -sum(kv[1]))))
        print(f"{k} disagreement kinds (automatic pairing):")
        for kk, c in kinds_of(sel, mine, theirs).most_common(40):
            print(f"  {c:3d} {kk}")
    quoted = [i for i in ids if i in README_QUOTED]
    show("not README-quoted", measure([i for i in ids if i not in README_QUOTED], mine, theirs))
    print(f"README-quoted lines in the sample ({len(quoted)}), same pair set:",
          sum(pairs(mine[i]["gold"]) == pairs(theirs[i]["gold"]) for i in quoted))
    print("differing lines:")
    for i in ids:
        a, b = pairs(theirs[i]["gold"]), pairs(mine[i]["gold"])
        if a != b:
            print(f"  {i} [{part_of(i)}]: theirs {sorted(a)} mine {sorted(b)} | {theirs[i]['text'][:90]}")


def main():
    if sys.argv[1] == "sample":
        with open(sys.argv[2], "w", encoding="utf-8") as f:
            for d in sample():
                f.write(json.dumps({"id": d["id"], "text": d["text"], "industry": d["industry"],
                                    "source": d["source"]}, ensure_ascii=False) + "\n")
    else:
        compare(sys.argv[2] if len(sys.argv) > 2 else "training/data/silvercheck_s12.jsonl")


if __name__ == "__main__":
    main()
