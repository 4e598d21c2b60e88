#!/usr/bin/env python3
"""Diagnostic (hand DEV only): which input the rules followed on each wrong hand DEV mention,
from `tingzhen bench arbiter-samples --hand bench/testdata/handchecked_dev.jsonl --out F`
(feature order: mention.ArbiterFeatureNames). Usage: arbiter-handdev-errors.py F"""
import collections, json, sys

C = ["negative", "neutral", "positive"]
N = ["src_model", "src_model_kg", "src_kg", "implicit", "rule_neg", "rule_pos", "rule_conf", "pre_neg_neg", "pre_neg_pos",
     "tm_neg", "tm_neu", "tm_pos", "tm_conf", "pz_has", "pz_neg", "pz_neu", "pz_pos", "opinion", "lex_score", "lex_neg",
     "lex_pos", "term_neg", "term_pos", "sent_neg", "sent_neu", "sent_pos", "direction", "scope_neg", "scope_pos",
     "question", "inquiry", "complaint", "disappointed", "itch", "negator", "contrast", "speaks", "cands",
     "tm_agrees_sent", "lex_agrees_sent"]
kinds, n, wrong = collections.Counter(), 0, 0
for line in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(line)
    f = dict(zip(N, r["features"]))
    n += 1
    if r["rule"] == r["gold"]:
        continue
    wrong += 1
    tm = "negative" if f["tm_neg"] else "neutral" if f["tm_neu"] else "positive" if f["tm_pos"] else ""
    lex = "negative" if f["lex_neg"] else "positive" if f["lex_pos"] else ""
    pre = "negative" if f["pre_neg_neg"] else "positive" if f["pre_neg_pos"] else "neutral"
    if f["direction"]:
        k = "pack direction"
    elif pre != r["rule"]:
        k = "negation scope / cue changed it"
    elif tm and tm == r["rule"]:
        k = "aspect-model polarity followed"
    elif tm:
        k = "aspect-model polarity overridden (lexicon / sentence)"
    elif f["opinion"] and lex == r["rule"]:
        k = "opinion's lexicon polarity"
    elif f["opinion"] and r["rule"] == "neutral":
        k = "opinion found, lexicon neutral"
    elif not f["opinion"] and r["rule"] == "neutral":
        k = "no opinion found: neutral"
    elif not f["opinion"]:
        k = "term words / sentence polarity"
    else:
        k = "other"
    kinds[(k, r["gold"][:3] + "->" + r["rule"][:3])] += 1
print(f"{wrong} wrong of {n}")
for (k, g), v in sorted(kinds.items(), key=lambda x: (-x[1], x[0])):
    print(f"  {v:3d}  {k}  ({g})")
