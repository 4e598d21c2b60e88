"""Agreement check of the silver training labels (helper silvercheck, session 11).

sample: draws a seeded random sample (seed 20261216) of 120 lines from each of
training/data/silver_ecommerce.jsonl and silver_food_delivery.jsonl, stratified by
labelling round (id prefix / range) in proportion to the round's size (largest
remainder), and writes them WITHOUT their gold labels, for a blind second reading.

compare: compares the second reading (training/data/silvercheck_s11.jsonl) with the
existing labels and prints the agreement measures of the README subsection.

  python3 training/silvercheck_s11.py sample OUT.jsonl
  python3 training/silvercheck_s11.py compare [training/data/silvercheck_s11.jsonl]
"""
import collections
import json
import random
import sys

SEED = 20261216
N = 120
FILES = {
    "ecommerce": "training/data/silver_ecommerce.jsonl",
    "food_delivery": "training/data/silver_food_delivery.jsonl",
}


def round_of(pack, id_):
    """The labelling round of a line, from its id (see training/data/README.md)."""
    tail = id_.rsplit("-", 1)[1]
    n = int(tail)
    if pack == "ecommerce":
        if id_.startswith("silver-ecommerce-r3-"):
            return "r3a silverE3a" if n <= 1478 else "r3b silverE3b"
        if id_.startswith("silver-ecommerce-r2-"):
            return "r2 silverE2"
        return "r1 silverE"
    if id_.startswith("silver-food_delivery-dp-"):
        return "r2dp silverF2"
    if n <= 1299:
        return "r1 silverF"
    if n <= 2849:
        return "r2 silverF2"
    if n <= 4349:
        return "r3a silverF3a"
    return "r3b silverF3b"


def load(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(l) for l in f if l.strip()]


def sample(pack):
    lines = load(FILES[pack])
    strata = collections.OrderedDict()
    for d in lines:
        strata.setdefault(round_of(pack, d["id"]), []).append(d)
    total = len(lines)
    quota = {k: N * len(v) // total for k, v in strata.items()}
    rem = sorted(strata, key=lambda k: -(N * len(strata[k]) / total - quota[k]))
    for k in rem[: N - sum(quota.values())]:
        quota[k] += 1
    rng = random.Random(f"{SEED}-{pack}")
    out = []
    for k, v in strata.items():
        out.extend(rng.sample(v, quota[k]))
    return out, quota


def pairs(gold):
    return {(g["indicator"], g["point"]) for g in gold if g.get("point")}


def f1(a, b):
    tp = len(a & b)
    p = tp / len(b) if b else 0.0
    r = tp / len(a) if a else 0.0
    return (2 * p * r / (p + r) if p + r else 0.0), tp, len(a), len(b)


def compare(path):
    mine = {d["id"]: d for d in load(path)}
    for pack, fpath in FILES.items():
        theirs = {d["id"]: d for d in load(fpath)}
        ids = [i for i in mine if i in theirs and mine[i]["industry"] == pack]
        by_round = collections.defaultdict(list)
        for i in ids:
            by_round[round_of(pack, i)].append(i)
        kinds = collections.Counter()
        print(f"== {pack}: {len(ids)} lines")

        def measure(sel):
            exact = sum(pairs(mine[i]["gold"]) == pairs(theirs[i]["gold"]) for i in sel)
            ind = sum({x[0] for x in pairs(mine[i]["gold"])} == {x[0] for x in pairs(theirs[i]["gold"])} for i in sel)
            emp = sum(bool(pairs(mine[i]["gold"])) == bool(pairs(theirs[i]["gold"])) for i in sel)
            A = {(i,) + p for i in sel for p in pairs(theirs[i]["gold"])}
            B = {(i,) + p for i in sel for p in pairs(mine[i]["gold"])}
            F, tp, na, nb = f1(A, B)
            Ai = {(i, p[0]) for i in sel for p in pairs(theirs[i]["gold"])}
            Bi = {(i, p[0]) for i in sel for p in pairs(mine[i]["gold"])}
            Fi, _, _, _ = f1(Ai, Bi)
            return exact, ind, emp, F, tp, na, nb, Fi

        def show(name, sel):
            e, ind, emp, F, tp, na, nb, Fi = measure(sel)
            n = len(sel)
            print(f"{name:16s} n={n:3d} exact={e}/{n} ({100*e/n:.1f}%) indicator-set={ind}/{n} ({100*ind/n:.1f}%) "
                  f"empty-agree={emp}/{n} ({100*emp/n:.1f}%) pairF1={F:.3f} (tp {tp}, theirs {na}, mine {nb}) indicatorF1={Fi:.3f}")

        show("all", ids)
        both_e = sum(not pairs(mine[i]["gold"]) and not pairs(theirs[i]["gold"]) for i in ids)
        only_t = sum(not pairs(mine[i]["gold"]) and bool(pairs(theirs[i]["gold"])) for i in ids)
        only_m = sum(bool(pairs(mine[i]["gold"])) and not pairs(theirs[i]["gold"]) for i in ids)
        print(f"empty (no pair with a point): both {both_e}, theirs only-nonempty {only_t}, mine only-nonempty {only_m}, both non-empty {len(ids)-both_e-only_t-only_m}")
        ne = [i for i in ids if pairs(mine[i]["gold"]) or pairs(theirs[i]["gold"])]
        ex = sum(pairs(mine[i]["gold"]) == pairs(theirs[i]["gold"]) for i in ne)
        print(f"exact among lines non-empty for either: {ex}/{len(ne)} ({100*ex/len(ne):.1f}%)")
        A0 = {(i, g["indicator"], g["point"]) for i in ids for g in theirs[i]["gold"]}
        B0 = {(i, g["indicator"], g["point"]) for i in ids for g in mine[i]["gold"]}
        F0, tp0, na0, nb0 = f1(A0, B0)
        print(f"all pairs, points \"\" included: F1={F0:.3f} (tp {tp0}, theirs {na0}, mine {nb0})")
        per = collections.defaultdict(lambda: [0, 0, 0])
        for i in ids:
            a, b = pairs(theirs[i]["gold"]), pairs(mine[i]["gold"])
            for x in a & b:
                per[x[0]][0] += 1
            for x in a - b:
                per[x[0]][1] += 1
            for x in b - a:
                per[x[0]][2] += 1
        print("per indicator (both / theirs only / mine only):",
              ", ".join(f"{k} {v[0]}/{v[1]}/{v[2]}" for k, v in sorted(per.items(), key=lambda kv: -sum(kv[1]))))
        for r in sorted(by_round):
            show(r, by_round[r])
        # disagreement kinds
        for i in ids:
            a, b = pairs(theirs[i]["gold"]), pairs(mine[i]["gold"])
            onlyA, onlyB = a - b, b - a
            usedA, usedB = set(), set()
            for x in sorted(onlyA):
                for y in sorted(onlyB):
                    if y in usedB:
                        continue
                    if x[0] == y[0]:
                        kinds[f"point {x[0]}: {x[1]} (theirs) vs {y[1]} (mine)"] += 1
                        usedA.add(x); usedB.add(y); break
            for x in sorted(onlyA - usedA):
                for y in sorted(onlyB - usedB):
                    if x[1] == y[1]:
                        kinds[f"indicator {x[0]} (theirs) vs {y[0]} (mine)"] += 1
                        usedA.add(x); usedB.add(y); break
            for x in onlyA - usedA:
                kinds[f"only theirs: {x[0]} {x[1]}"] += 1
            for y in onlyB - usedB:
                kinds[f"only mine: {y[0]} {y[1]}"] += 1
        print("disagreement kinds:")
        for k, c in kinds.most_common(25):
            print(f"  {c:3d} {k}")
        print("differing lines:")
        for i in ids:
            a, b = pairs(theirs[i]["gold"]), pairs(mine[i]["gold"])
            if a != b:
                print(f"  {i}: theirs {sorted(a)} mine {sorted(b)} | {theirs[i]['text'][:80]}")


def main():
    if sys.argv[1] == "sample":
        with open(sys.argv[2], "w", encoding="utf-8") as f:
            for pack in FILES:
                out, quota = sample(pack)
                print(pack, dict(quota), file=sys.stderr)
                for d in out:
                    f.write(json.dumps({"id": d["id"], "text": d["text"], "industry": d["industry"],
                                        "source": d["source"]}, ensure_ascii=False) + "\n")
    else:
        compare(sys.argv[2] if len(sys.argv) > 2 else "training/data/silvercheck_s11.jsonl")


if __name__ == "__main__":
    main()
