#!/usr/bin/env python3
"""Check an industry pack (knowledge-graph/industries/*.yaml) and its hand-checked sentences.

Usage:
  /usr/bin/python3 scripts/check_pack.py knowledge-graph/industries/ecommerce.yaml \
      [kg/testdata/mapping_ecommerce.jsonl]

Pack checks: YAML parses; ids are lower_snake_case and unique within the pack; every
reference (touchpoint.stage/department, indicator.touchpoint/department/parent,
aspect.indicator, rule.indicator/route_to) resolves; no indicator parent cycle; enums
(point, severity, compliance kind) valid; prints term counts.

Sentence checks (jsonl, one object per line): fields present; industry == pack id;
point in pain/itch/pleasure; the indicator NAME exists; a non-empty term occurs in the
text and is listed under an aspect of that indicator (or of one of its descendants);
an empty term means implicit: some implicit phrase of such an aspect occurs in the text.
Exit status 1 on any error.
"""
import json
import re
import sys

import yaml

ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
POINTS = {"pain", "itch", "pleasure"}
SEVERITIES = {"low", "medium", "high", "critical"}
KINDS = {"required_start", "required_end", "required_on_complaint", "forbidden", "identity"}


def check_pack(path):
    errs = []
    with open(path, encoding="utf-8") as f:
        p = yaml.safe_load(f)
    for key in ("id", "name", "version", "detect", "departments", "stages", "touchpoints",
                "indicators", "aspects", "rules", "compliance"):
        if key not in p:
            errs.append(f"missing top-level key {key}")
    seen = {}

    def reg(kind, obj):
        i = obj.get("id")
        if not isinstance(i, str) or not ID_RE.match(i):
            errs.append(f"{kind}: bad id {i!r}")
        key = (kind, i)
        if key in seen:
            errs.append(f"{kind}: duplicate id {i}")
        seen[key] = obj
        if not obj.get("name") and kind not in ("rule",):
            errs.append(f"{kind} {i}: missing name")

    for kind, lst in (("department", p.get("departments", [])), ("stage", p.get("stages", [])),
                      ("touchpoint", p.get("touchpoints", [])), ("indicator", p.get("indicators", [])),
                      ("aspect", p.get("aspects", [])), ("rule", p.get("rules", [])),
                      ("compliance", p.get("compliance", []))):
        for o in lst:
            reg(kind, o)
    ids = {k: {i for (kk, i) in seen if kk == k} for k in
           ("department", "stage", "touchpoint", "indicator", "aspect")}
    orders = [s.get("order") for s in p.get("stages", [])]
    if len(set(orders)) != len(orders):
        errs.append("stage orders not unique")
    for t in p.get("touchpoints", []):
        if t.get("stage") not in ids["stage"]:
            errs.append(f"touchpoint {t['id']}: stage {t.get('stage')} unknown")
        if t.get("department") not in ids["department"]:
            errs.append(f"touchpoint {t['id']}: department {t.get('department')} unknown")
    parents = {}
    for i in p.get("indicators", []):
        if i.get("touchpoint") not in ids["touchpoint"]:
            errs.append(f"indicator {i['id']}: touchpoint {i.get('touchpoint')} unknown")
        if i.get("department") not in ids["department"]:
            errs.append(f"indicator {i['id']}: department {i.get('department')} unknown")
        par = i.get("parent") or ""
        if par and par not in ids["indicator"]:
            errs.append(f"indicator {i['id']}: parent {par} unknown")
        parents[i["id"]] = par
    for start in parents:
        cur, hops = start, 0
        while parents.get(cur):
            cur = parents[cur]
            hops += 1
            if hops > len(parents):
                errs.append(f"indicator parent cycle through {start}")
                break
    names = [i["name"] for i in p.get("indicators", [])]
    if len(set(names)) != len(names):
        errs.append("indicator names not unique")
    terms_all, impl_all = [], []
    for a in p.get("aspects", []):
        if a.get("indicator") not in ids["indicator"]:
            errs.append(f"aspect {a['id']}: indicator {a.get('indicator')} unknown")
        ts = a.get("terms") or []
        if not ts:
            errs.append(f"aspect {a['id']}: no terms")
        for t in ts + (a.get("implicit") or []) + (a.get("context") or []):
            if not isinstance(t, str) or not t.strip():
                errs.append(f"aspect {a['id']}: non-string or empty entry {t!r}")
        if len(set(ts)) != len(ts):
            errs.append(f"aspect {a['id']}: duplicate terms {[t for t in ts if ts.count(t) > 1]}")
        terms_all += [t for t in ts if isinstance(t, str)]
        impl_all += [t for t in (a.get("implicit") or []) if isinstance(t, str)]
    for r in p.get("rules", []):
        if r.get("indicator") not in ids["indicator"]:
            errs.append(f"rule {r['id']}: indicator {r.get('indicator')} unknown")
        if r.get("route_to") not in ids["department"]:
            errs.append(f"rule {r['id']}: route_to {r.get('route_to')} unknown")
        if r.get("point") not in POINTS:
            errs.append(f"rule {r['id']}: point {r.get('point')}")
        if r.get("severity") not in SEVERITIES:
            errs.append(f"rule {r['id']}: severity {r.get('severity')}")
    for c in p.get("compliance", []):
        if c.get("kind") not in KINDS:
            errs.append(f"compliance {c['id']}: kind {c.get('kind')}")
        if not c.get("phrases"):
            errs.append(f"compliance {c['id']}: no phrases")
    for d in p.get("detect", []):
        if not isinstance(d, str):
            errs.append(f"detect: non-string {d!r}")
    stats = {
        "detect": len(p.get("detect", [])),
        "departments": len(p.get("departments", [])),
        "stages": len(p.get("stages", [])),
        "touchpoints": len(p.get("touchpoints", [])),
        "indicators": len(p.get("indicators", [])),
        "aspects": len(p.get("aspects", [])),
        "term_entries": len(terms_all),
        "distinct_terms": len(set(terms_all)),
        "shared_terms": sum(1 for t in set(terms_all) if terms_all.count(t) > 1),
        "implicit_distinct": len(set(impl_all)),
        "rules": len(p.get("rules", [])),
        "compliance": len(p.get("compliance", [])),
    }
    return p, errs, stats


def check_sentences(p, path):
    errs = []
    by_name = {i["name"]: i["id"] for i in p["indicators"]}
    parent = {i["id"]: (i.get("parent") or "") for i in p["indicators"]}

    def under(ind, root):
        while ind:
            if ind == root:
                return True
            ind = parent.get(ind, "")
        return False

    counts = {"lines": 0, "pain": 0, "itch": 0, "pleasure": 0, "implicit": 0, "shared": 0}
    term_aspects = {}
    for a in p["aspects"]:
        for t in a["terms"]:
            term_aspects.setdefault(t, set()).add(a["indicator"])
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            counts["lines"] += 1
            try:
                o = json.loads(line)
            except json.JSONDecodeError as e:
                errs.append(f"{path}:{n}: bad json: {e}")
                continue
            for k in ("text", "industry", "term", "indicator", "point", "source"):
                if k not in o:
                    errs.append(f"{path}:{n}: missing {k}")
            if o.get("industry") != p["id"]:
                errs.append(f"{path}:{n}: industry {o.get('industry')} != {p['id']}")
            if o.get("point") not in POINTS:
                errs.append(f"{path}:{n}: point {o.get('point')}")
            else:
                counts[o["point"]] += 1
            ind = by_name.get(o.get("indicator"))
            if ind is None:
                errs.append(f"{path}:{n}: indicator name {o.get('indicator')!r} not in pack")
                continue
            aspects = [a for a in p["aspects"] if under(a["indicator"], ind)]
            text, term = o.get("text", ""), o.get("term", "")
            if term:
                if term not in text:
                    errs.append(f"{path}:{n}: term {term!r} not in text")
                if not any(term in a["terms"] for a in aspects):
                    errs.append(f"{path}:{n}: term {term!r} not a term of an aspect under {o['indicator']}")
                if len(term_aspects.get(term, ())) > 1:
                    counts["shared"] += 1
            else:
                counts["implicit"] += 1
                if not any(ph in text for a in aspects for ph in (a.get("implicit") or [])):
                    errs.append(f"{path}:{n}: implicit: no implicit phrase of {o['indicator']} in text: {text}")
    return errs, counts


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    p, errs, stats = check_pack(argv[1])
    print(argv[1], json.dumps(stats, ensure_ascii=False))
    if len(argv) > 2 and not errs:
        serrs, counts = check_sentences(p, argv[2])
        print(argv[2], json.dumps(counts, ensure_ascii=False))
        errs += serrs
    for e in errs:
        print("ERROR", e)
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
