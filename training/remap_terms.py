#!/usr/bin/env python3
"""Data-driven term -> indicator remap of the industry packs, learnt from silver TRAINING labels
(issue 13, helper remap14, session 14; rule: bench/results/notes/remap14-s14-shiprule.md).

Input: `tingzhen bench verifier-samples` of silver training files (training/data/silver_*.jsonl;
never r9, never a hand file), which traces every counted mention analyze emits (an indicator of
the record's industry and a point) before the verifier unplaces any, and the silver files
themselves (their gold, every indicator with or without a point).

For every (industry, term, emitted indicator e), over term mentions (source model, kg or
model+kg) whose term is a `terms` entry of an aspect of e in the pack, counted once per text:
  N        texts where the term emits e;
  right_e  share of them where e is a gold indicator of the text (any point, "" included);
  free_a   for each other indicator a of the pack, share of them where a is gold with a point
           and no counted mention of another term in the text emits a.
The term is remapped e -> a (a = the largest free_a, then pack order) when, for the chosen
candidate:
  A (strict): N >= 8, right_e <= 0.35, free_a >= 0.50, free_a - right_e >= 0.25
  B (looser): N >= 6, right_e <= 0.45, free_a >= 0.40, free_a - right_e >= 0.15
C: A's thresholds, and model terms that the graph places on e through a pack term inside them
(送餐人员 through 送餐) count too: such a term joins `terms` of a's first aspect as a new pack term.
A remap takes the term out of `terms` of every aspect of e; when no aspect of a holds it, it joins
`terms` of a's first aspect in pack order (shared terms are then decided by context words, as any).

Usage:
  /usr/bin/python3 training/remap_terms.py --samples S.jsonl --silver F1,F2,... --cand A \
      [--table OUT.md] [--apply]   (--apply edits knowledge-graph/industries/<pack>.yaml, bumps version)
"""
import argparse
import json
import os
import re
import sys
from collections import defaultdict

import yaml

CANDS = {
    "A": dict(n=8, right=0.35, free=0.50, margin=0.25),
    "B": dict(n=6, right=0.45, free=0.40, margin=0.15),
    # C: A's thresholds; model terms placed on e through a pack term inside them count too
    "C": dict(n=8, right=0.35, free=0.50, margin=0.25, inner=True),
}
TERM_SOURCES = {"model", "kg", "model+kg"}
PACKS = "knowledge-graph/industries"


def fold(s):
    """ASCII case and full-width folding, as the matcher compares terms."""
    out = []
    for ch in s:
        o = ord(ch)
        if 0xFF01 <= o <= 0xFF5E:
            ch = chr(o - 0xFEE0)
        out.append(ch.lower())
    return "".join(out)


def load_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def load_pack(industry):
    with open(os.path.join(PACKS, industry + ".yaml"), encoding="utf-8") as f:
        p = yaml.safe_load(f)
    inds = [i["id"] for i in p["indicators"]]
    terms = defaultdict(set)  # indicator -> folded terms of its aspects
    first = {}                # indicator -> its first aspect id
    for a in p.get("aspects") or []:
        first.setdefault(a["indicator"], a["id"])
        for t in a.get("terms") or []:
            terms[a["indicator"]].add(fold(str(t)))
    return inds, terms, first


def tabulate(samples, silver):
    gold = {}  # (set, id) -> (all gold indicators, gold indicators with a point)
    for path in silver:
        base = os.path.basename(path)
        for it in load_jsonl(path):
            g = it.get("gold") or []
            gold[(base, it["id"])] = ({x["indicator"] for x in g}, {x["indicator"] for x in g if x.get("point")})
    by_text = defaultdict(list)
    for r in samples:
        if r.get("index", -1) < 0:
            continue
        by_text[(r["set"], r["id"])].append(r)
    stats = {}  # (industry, term, e) -> {"n", "right", "free": {a: count}}
    missing = 0
    for k, rows in by_text.items():
        if k not in gold:
            missing += 1
            continue
        g_all, g_pt = gold[k]
        seen = set()
        for r in rows:
            if r["source"] not in TERM_SOURCES or not r["term"]:
                continue
            key = (r["industry"], fold(r["term"]), r["indicator"])
            if key in seen:
                continue
            seen.add(key)
            others = {o["indicator"] for o in rows if fold(o["term"] or "") != key[1]}
            s = stats.setdefault(key, {"n": 0, "right": 0, "free": defaultdict(int)})
            s["n"] += 1
            s["right"] += r["indicator"] in g_all
            for a in g_pt:
                if a != r["indicator"] and a not in others:
                    s["free"][a] += 1
    if missing:
        print("warning: %d sample texts not in the silver files given" % missing, file=sys.stderr)
    return stats


def decide(stats, cand):
    c = CANDS[cand]
    packs = {}
    out = []
    for (ind, term, e), s in sorted(stats.items()):
        if s["n"] < c["n"]:
            continue
        if ind not in packs:
            packs[ind] = load_pack(ind)
        inds, terms, first = packs[ind]
        own = term in terms.get(e, ())
        inner = not own and c.get("inner") and any(len(t) < len(term) and t in term for t in terms.get(e, ()))
        if not own and not inner:  # the pack's own terms of e (C: or a model term holding one)
            continue
        n = s["n"]
        right = s["right"] / n
        if right > c["right"]:
            continue
        best, bf = None, -1.0
        for a in inds:  # pack order breaks ties
            if a == e or a not in first:
                continue
            f = s["free"].get(a, 0) / n
            if f > bf:
                best, bf = a, f
        if best is None or bf < c["free"] or bf - right < c["margin"]:
            continue
        out.append({"industry": ind, "term": term, "from": e, "to": best, "n": n,
                    "right_e": round(right, 3), "free_a": round(bf, 3),
                    "to_has": term in terms.get(best, ()), "to_aspect": first[best], "new": bool(inner)})
    return out


def split_flow(inner):
    """Top-level comma split of a YAML flow list's inside (terms hold no brackets)."""
    return [t.strip() for t in inner.split(",") if t.strip()]


def scalar(tok):
    v = yaml.safe_load("x: " + tok)["x"]
    return fold(str(v))


def emit(term):
    if re.search(r"[:#,\[\]{}'\"&*!|>%@`]", term) or term != term.strip():
        return json.dumps(term, ensure_ascii=False)
    return term


def apply(changes):
    by_pack = defaultdict(list)
    for ch in changes:
        by_pack[ch["industry"]].append(ch)
    for ind, chs in by_pack.items():
        path = os.path.join(PACKS, ind + ".yaml")
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
        # aspect blocks: (id, indicator, terms line index)
        blocks, cur, in_aspects = [], None, False
        for i, ln in enumerate(lines):
            if re.match(r"^[a-z_]+:", ln):
                in_aspects = ln.startswith("aspects:")
                cur = None
                continue
            if not in_aspects:
                continue
            m = re.match(r"^  - id: (\S+)", ln)
            if m:
                cur = {"id": m.group(1), "indicator": None, "terms": None}
                blocks.append(cur)
                continue
            if cur is None:
                continue
            m = re.match(r"^    indicator: (\S+)", ln)
            if m:
                cur["indicator"] = m.group(1)
            if re.match(r"^    terms: \[.*\]\s*$", ln):
                cur["terms"] = i
        for ch in chs:
            t = ch["term"]
            for b in blocks:
                if b["indicator"] != ch["from"] or b["terms"] is None:
                    continue
                ln = lines[b["terms"]]
                inner = ln[ln.index("[") + 1:ln.rindex("]")]
                toks = [x for x in split_flow(inner) if scalar(x) != t]
                lines[b["terms"]] = ln[:ln.index("[") + 1] + ", ".join(toks) + "]"
            if not ch["to_has"]:
                b = next(b for b in blocks if b["id"] == ch["to_aspect"])
                if b["terms"] is None:
                    raise SystemExit("%s: aspect %s has no one-line terms list" % (path, b["id"]))
                ln = lines[b["terms"]]
                inner = ln[ln.index("[") + 1:ln.rindex("]")].rstrip()
                lines[b["terms"]] = ln[:ln.index("[") + 1] + (inner + ", " if inner else "") + emit(t) + "]"
        for i, ln in enumerate(lines):
            m = re.match(r"^version: (\d+)\s*$", ln)
            if m:
                lines[i] = "version: %d" % (int(m.group(1)) + 1)
                break
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(lines))


def table(changes, cand, stats_n, args):
    out = ["# Term → indicator remap learnt from silver training labels (remap14, session 14)", "",
           "Generated by `training/remap_terms.py --cand %s` (rule: bench/results/notes/remap14-s14-shiprule.md)." % cand,
           "Samples: `%s`; silver: %s; %d (industry, term, indicator) triples traced." % (
               os.path.basename(args.samples), ", ".join(os.path.basename(s) for s in args.silver.split(",")), stats_n),
           "N: texts where the term emits `from`; right: share where `from` is gold; free: share where `to` is",
           "gold with a point and no other term's mention emits it. `joins`: the aspect the term joins (— : an",
           "aspect of `to` already holds it; \"new\": a model term, not a pack term before).", "",
           "| industry | term | from | to | N | right(from) | free(to) | joins |",
           "|---|---|---|---|---:|---:|---:|---|"]
    for c in changes:
        out.append("| %s | %s | %s | %s | %d | %.3f | %.3f | %s |" % (
            c["industry"], c["term"], c["from"], c["to"], c["n"], c["right_e"], c["free_a"],
            ("—" if c["to_has"] else c["to_aspect"]) + (" (new)" if c.get("new") else "")))
    out.append("")
    out.append("%d changes." % len(changes))
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--samples", required=True)
    ap.add_argument("--silver", required=True, help="comma-separated silver files the samples came from")
    ap.add_argument("--cand", choices=sorted(CANDS), default="A")
    ap.add_argument("--table", help="write the Markdown table here")
    ap.add_argument("--apply", action="store_true", help="edit the packs")
    args = ap.parse_args()
    for s in args.silver.split(","):
        b = os.path.basename(s)
        if not b.startswith("silver_") or "_r9" in b:
            raise SystemExit("--silver %s: only silver training files, never r9 or a hand file" % s)
    stats = tabulate(load_jsonl(args.samples), args.silver.split(","))
    changes = decide(stats, args.cand)
    txt = table(changes, args.cand, len(stats), args)
    if args.table:
        with open(args.table, "w", encoding="utf-8") as f:
            f.write(txt)
    else:
        sys.stdout.write(txt)
    if args.apply:
        apply(changes)


if __name__ == "__main__":
    main()
