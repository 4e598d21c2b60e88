#!/usr/bin/python3
"""Tests for remap_terms.py (the silver-learnt term -> indicator remap of the packs) and
train_placer.py (the mention placer's trainer): the remap's decision rule and its pack edit, the
placer's target rule, and the FNV-1a hash shared with mention/placer.go (TestPlacerHash pins
the same values). Run: /usr/bin/python3 -m unittest discover -s training -p 'test_*.py'"""

import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import remap_terms as R  # noqa: E402

PACK = """id: shop
name: 店
version: 3
indicators:
  - id: quality
    name: 质量
    touchpoint: use
  - id: repair
    name: 维修
    touchpoint: use
aspects:
  - id: overall
    name: 总体
    indicator: quality
    terms: [质量, 售后服务, "a:b"]
  - id: fix
    name: 修
    indicator: repair
    terms: [维修]
rules: []
"""


class RemapTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.old = os.getcwd()
        os.chdir(self.dir.name)
        os.makedirs(R.PACKS)
        with open(os.path.join(R.PACKS, "shop.yaml"), "w", encoding="utf-8") as f:
            f.write(PACK)

    def tearDown(self):
        os.chdir(self.old)
        self.dir.cleanup()

    def test_decide(self):
        def f(n, right, free, cand, want):
            st = {("shop", "售后服务", "quality"): {"n": n, "right": right, "free": {"repair": free}}}
            got = [(c["term"], c["from"], c["to"]) for c in R.decide(st, cand)]
            self.assertEqual(got, [("售后服务", "quality", "repair")] if want else [])
        f(10, 2, 6, "A", True)    # right 0.2, free 0.6
        f(7, 1, 5, "A", False)    # N below A's 8
        f(7, 1, 5, "B", True)
        f(10, 4, 8, "A", False)   # right 0.4 above A's 0.35
        f(10, 3, 5, "A", False)   # margin 0.2 below 0.25
        f(10, 0, 4, "A", False)   # free 0.4 below 0.5
        # not a pack term of its indicator: only C takes a model term holding one
        st = {("shop", "质量好", "quality"): {"n": 10, "right": 0, "free": {"repair": 9}}}
        self.assertEqual(R.decide(st, "A"), [])
        self.assertEqual([c["new"] for c in R.decide(st, "C")], [True])

    def test_apply(self):
        R.apply([{"industry": "shop", "term": "售后服务", "from": "quality", "to": "repair", "to_has": False, "to_aspect": "fix"},
                 {"industry": "shop", "term": "新词", "from": "quality", "to": "repair", "to_has": False, "to_aspect": "fix"}])
        with open(os.path.join(R.PACKS, "shop.yaml"), encoding="utf-8") as f:
            out = f.read()
        self.assertIn("version: 4", out)
        self.assertIn('terms: [质量, "a:b"]', out)
        self.assertIn("terms: [维修, 售后服务, 新词]", out)

    def test_tabulate(self):
        import json
        silver = os.path.join(self.dir.name, "silver_x.jsonl")
        with open(silver, "w", encoding="utf-8") as f:
            f.write(json.dumps({"id": "1", "gold": [{"indicator": "repair", "point": "pain"}]}) + "\n")
            f.write(json.dumps({"id": "2", "gold": [{"indicator": "quality", "point": ""}, {"indicator": "repair", "point": "pain"}]}) + "\n")
        rows = [
            {"set": "silver_x.jsonl", "id": "1", "index": 0, "industry": "shop", "term": "售后服务", "source": "kg", "indicator": "quality"},
            {"set": "silver_x.jsonl", "id": "2", "index": 0, "industry": "shop", "term": "售后服务", "source": "model", "indicator": "quality"},
            {"set": "silver_x.jsonl", "id": "2", "index": 1, "industry": "shop", "term": "维修", "source": "kg", "indicator": "repair"},
            {"set": "silver_x.jsonl", "id": "2", "index": 2, "industry": "shop", "term": "", "source": "category", "indicator": "quality"},
        ]
        st = R.tabulate(rows, [silver])
        s = st[("shop", "售后服务", "quality")]
        # text 2: quality is gold (point ""), repair is named by 维修 so not free
        self.assertEqual((s["n"], s["right"], dict(s["free"])), (2, 1, {"repair": 1}))


class PlacerTest(unittest.TestCase):
    def setUp(self):
        try:
            import torch  # noqa: F401
        except ImportError:
            self.skipTest("no torch")
        import train_placer
        self.T = train_placer

    def test_hash(self):
        f = self.T.fnv32a
        self.assertEqual(f(""), 0x811C9DC5)
        self.assertEqual(f("foobar"), 0xBF9CF968)
        self.assertEqual(f("t:时间"), 3228141602)
        self.assertEqual(f("ecommerce\x00delivery_time"), 2913703635)

    def test_targets(self):
        inds = {"shop": ["quality", "repair", "price"]}

        def row(i, term, ind, point="pain", gold=None):
            r = {"set": "silver_x.jsonl", "id": "t", "index": i, "industry": "shop", "term": term, "source": "kg",
                 "indicator": ind, "point": point, "in_scope": True, "placer_features": ["bias"]}
            if gold is not None:
                r["gold"] = gold
            return r

        def f(rows, gold_all, want):
            T = self.T.group(rows)
            ex = self.T.examples(T, {("silver_x.jsonl", "t"): set(gold_all)}, inds)
            self.assertEqual([list(e[2]) for e in ex], want)
        # its own indicator is gold (any point): stay
        f([row(0, "售后", "quality", gold=["repair|pain"])], ["quality", "repair"], [[1, 0, 0]])
        # not gold: the free gold indicators with its point, uniform
        f([row(0, "售后", "quality", gold=["repair|pain", "price|pain"])], ["repair", "price"], [[0, 0.5, 0.5]])
        # another term names repair: only price is free; a gold of another point is not a target
        f([row(0, "售后", "quality", gold=["repair|pain", "price|pleasure"]), row(1, "维修", "repair")], ["repair", "price"],
          [[1, 0, 0], [0, 1, 0]])


if __name__ == "__main__":
    unittest.main()
