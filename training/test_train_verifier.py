#!/usr/bin/python3
"""Tests for train_verifier.py (the mention verifier of mention/verifier.go). Run:
/usr/bin/python3 -m unittest discover -s training -p 'test_*.py'
Skips without numpy."""

import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
try:
    import train_verifier as V  # noqa: E402
except ImportError:  # no numpy
    V = None

NAMES = ["cat_has", "cat_present", "cat_pol", "cat_max", "cat_n", "noise", "implicit"]


@unittest.skipIf(V is None, "numpy not installed")
class TrainVerifierTest(unittest.TestCase):
    def write(self, rows, suffix=".jsonl"):
        fd, path = tempfile.mkstemp(suffix=suffix)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        self.addCleanup(os.remove, path)
        return path

    def samples(self, n, leaky_set=None):
        # One mention per text; it is right when cat_present is high. Half the texts also
        # have a second, always-right gold pair no mention finds (recall < 1).
        rows = []
        for i in range(n):
            right = i % 3 != 0
            f = [1.0, 0.9 if right else 0.1, 0.5, 0.9, 0.7, ((i * 37) % 11) / 10.0, 0.0]
            gold = ["a|pain"] if right else ["b|pain"]
            if i % 2:
                gold.append("c|pleasure")
            rows.append({"set": leaky_set or "silver_x.jsonl", "id": "t%d" % i, "industry": "ecommerce", "index": 0,
                         "indicator": "a", "point": "pain", "in_scope": True, "label": int(right), "features": f,
                         "gold": gold})
        return rows

    def train(self, rows, *extra):
        names = tempfile.mktemp(suffix=".json")
        with open(names, "w") as f:
            json.dump(NAMES, f)
        self.addCleanup(os.remove, names)
        out = tempfile.mktemp(suffix=".json")
        self.addCleanup(lambda: os.path.exists(out) and os.remove(out))
        V.main(["--samples", self.write(rows), "--names", names, "--out", out, "--leaky", "silver_leak.jsonl"] + list(extra))
        return json.load(open(out, encoding="utf-8"))

    def test_learns_the_feature_that_decides_and_a_threshold_that_helps(self):
        got = self.train(self.samples(300))
        w = dict(zip(got["features"], got["weights"]))
        self.assertGreater(w["cat_present"], 1.0)
        self.assertGreater(abs(w["cat_present"]), abs(w["noise"]))
        self.assertGreater(got["threshold"], 0.0)
        self.assertGreater(got["metrics"]["folds_f1"], got["metrics"]["folds_base_f1"])

    def test_set_f1_keeps_out_of_scope_pairs(self):
        g = V.texts([{"set": "s", "id": "1", "index": 0, "in_scope": True, "indicator": "a", "point": "pain",
                      "label": 0, "features": [], "gold": ["b|pain"]},
                     {"set": "s", "id": "1", "index": 1, "in_scope": False, "indicator": "b", "point": "pain",
                      "label": 1, "features": []}])
        import numpy as np
        f, p, r = V.set_f1(g, {("s", "1"): np.array([0.1])}, 0.5)
        self.assertEqual((f, p, r), (1.0, 1.0, 1.0))
        f, p, r = V.set_f1(g, {("s", "1"): np.array([0.9])}, 0.5)
        self.assertEqual((p, r), (0.5, 1.0))

    def test_leaky_files_lose_their_category_features(self):
        rows = self.samples(10, leaky_set="silver_leak.jsonl")
        V.mask(rows, NAMES, {"silver_leak.jsonl"})
        for r in rows:
            self.assertEqual(r["features"][:5], [0.0] * 5)
        clean = self.samples(10)
        V.mask(clean, NAMES, {"silver_leak.jsonl"})
        self.assertEqual(clean[0]["features"][:5], [1.0, 0.1, 0.5, 0.9, 0.7])

    def test_skip_implicit_and_scope_are_written(self):
        got = self.train(self.samples(120), "--skip-implicit", "--industries", "ecommerce", "--zero", "noise")
        self.assertTrue(got["skip_implicit"])
        self.assertEqual(got["industries"], ["ecommerce"])
        self.assertEqual(dict(zip(got["features"], got["weights"]))["noise"], 0.0)

    def test_group_of_also_train_and_fold_out(self):
        # telecom texts are scored; ecommerce ones only join the training. The result is written
        # as a group of a file whose own weights read ecommerce, which stay as they were.
        rows = self.samples(120)
        for r in rows[:60]:
            r["industry"], r["set"] = "telecom", "silver_telecom.jsonl"
        top = {"features": NAMES, "weights": [0.5] * len(NAMES), "bias": 0.25, "threshold": 0.15,
               "industries": ["ecommerce"]}
        fd, topf = tempfile.mkstemp(suffix=".json")
        with os.fdopen(fd, "w") as f:
            json.dump(top, f)
        self.addCleanup(os.remove, topf)
        prefix = tempfile.mkdtemp() + "/f"
        got = self.train(rows, "--industries", "telecom", "--also-train", "ecommerce", "--group-of", topf,
                         "--fold-out", prefix, "--drop")
        self.assertEqual((got["weights"], got["bias"], got["industries"]), (top["weights"], top["bias"], ["ecommerce"]))
        self.assertEqual(len(got["groups"]), 1)
        g = got["groups"][0]
        self.assertEqual(g["industries"], ["telecom"])
        self.assertTrue(g["drop"])
        self.assertNotIn("features", g)
        self.assertIn("--also-train ecommerce", g["note"])
        ids = []
        for k in range(5):
            fold = json.load(open("%s%d.json" % (prefix, k)))
            self.assertEqual(fold["groups"][0]["threshold"], g["threshold"])
            ids += [line.split("\t")[1].strip() for line in open("%s%d.ids" % (prefix, k))]
        self.assertEqual(sorted(ids), sorted("t%d" % i for i in range(60)))  # every telecom text once, no ecommerce one


if __name__ == "__main__":
    unittest.main()
