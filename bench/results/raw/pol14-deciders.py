#!/usr/bin/env python3
# pol14, session 14: per-decider polarity errors from `bench arbiter-samples --hand FILE` (rules) and the same with --scores-all. Usage: pol14-deciders.py RULES.jsonl [SCORES_ALL.jsonl [EXAMPLES]]
"""Per-decider polarity error table from bench arbiter-samples --hand (rule file) + --scores-all file."""
import collections, json, sys
C = ["negative", "neutral", "positive"]
N = ["src_model", "src_model_kg", "src_kg", "implicit", "rule_neg", "rule_pos", "rule_conf", "pre_neg_neg", "pre_neg_pos",
     "tm_neg", "tm_neu", "tm_pos", "tm_conf", "pz_has", "pz_neg", "pz_neu", "pz_pos", "opinion", "lex_score", "lex_neg",
     "lex_pos", "term_neg", "term_pos", "sent_neg", "sent_neu", "sent_pos", "direction", "scope_neg", "scope_pos",
     "question", "inquiry", "complaint", "disappointed", "itch", "negator", "contrast", "speaks", "cands",
     "tm_agrees_sent", "lex_agrees_sent"]
def decider(f, rule):
    tm = "negative" if f["tm_neg"] else "neutral" if f["tm_neu"] else "positive" if f["tm_pos"] else ""
    lex = "negative" if f["lex_neg"] else "positive" if f["lex_pos"] else ""
    pre = "negative" if f["pre_neg_neg"] else "positive" if f["pre_neg_pos"] else "neutral"
    if f["direction"]: return "pack direction edge"
    if pre != rule: return "negation scope / cue"
    if tm and tm == rule: return "aspect-model pair polarity"
    if tm: return "aspect-model overridden (lexicon/sentence)"
    if f["pz_has"] and rule == C[max(range(3), key=lambda k: f["pz_"+C[k][:3]])]: return "polarity-zh (rules asked)"
    if f["opinion"] and lex == rule: return "opinion lexicon"
    if f["opinion"] and rule == "neutral": return "opinion found, lexicon neutral"
    if not f["opinion"] and rule == "neutral": return "no opinion in clause: neutral"
    if not f["opinion"]: return "term words / sentence"
    return "other"
def main(rulef, allf, examples=0):
    R = [json.loads(l) for l in open(rulef, encoding="utf-8")]
    A = [json.loads(l) for l in open(allf, encoding="utf-8")] if allf else None
    if A: assert len(A) == len(R) and all(a["text"] == r["text"] and a["term"] == r["term"] for a, r in zip(A, R))
    tot, wr = collections.Counter(), collections.Counter(); conf = collections.defaultdict(collections.Counter)
    ex = collections.defaultdict(list)
    pz_ok = pz_n = 0; sent_ok = 0; tm_ok = tm_n = 0
    for i, r in enumerate(R):
        f = dict(zip(N, r["features"])); d = decider(f, r["rule"])
        tot[d] += 1
        if r["rule"] != r["gold"]:
            wr[d] += 1; conf[d][r["gold"][:3] + "->" + r["rule"][:3]] += 1
            if len(ex[d]) < examples: ex[d].append(f'{r["text"][:60]} | {r["term"]} gold {r["gold"][:3]} got {r["rule"][:3]}')
        if A:
            fa = dict(zip(N, A[i]["features"]))
            if fa["pz_has"]:
                pz_n += 1; pz_ok += C[max(range(3), key=lambda k: fa["pz_"+C[k][:3]])] == r["gold"]
        s = max(C, key=lambda c: f["sent_"+c[:3]]) if any(f["sent_"+c[:3]] for c in C) else "neutral"
        sent_ok += s == r["gold"]
    n = len(R); w = sum(wr.values())
    print(f"{rulef}: {n} samples, rules right {n-w} ({(n-w)/n:.3f})")
    for d in sorted(tot, key=lambda d: -tot[d]):
        print(f"  {d:45s} decides {tot[d]:5d}  wrong {wr[d]:4d} ({wr[d]/tot[d]:.3f})  {dict(conf[d].most_common(4))}")
        for e in ex[d]: print("      e.g.", e)
    if A: print(f"  polarity-zh argmax on every span: {pz_ok}/{pz_n} = {pz_ok/max(pz_n,1):.3f};  sentence sentiment argmax: {sent_ok/n:.3f}")
if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None, int(sys.argv[3]) if len(sys.argv) > 3 else 0)
