#!/usr/bin/python3
"""Tests for train_indverify.py (the indicator verifier of mention/indverify.go). Run:
/usr/bin/python3 -m unittest discover -s training -p 'test_*.py'
Skips without numpy."""

import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
try:
    import train_indverify as V  # noqa: E402
except ImportError:  # no numpy
    V = None

NAMES = ["cand", "dim_presence", "dim_neg", "dim_pos", "noise", "prior"]


@unittest.skipIf(V is None, "numpy not installed")
class TrainIndVerifyTest(unittest.TestCase):
    def write(self, suffix, lines):
        fd, path = tempfile.mkstemp(suffix=suffix)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            for r in lines:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        self.addCleanup(os.remove, path)
        return path

    def data(self):
        # Emitted entries are right exactly when dim_presence >= 0.5; candidates never are.
        gold, samples = [], []
        for i in range(400):
            pres = (i * 37 % 100) / 100.0
            right = pres >= 0.5
            gold.append({"id": f"t{i}", "text": f"句子{i}", "industry": "ecommerce",
                         "gold": [{"indicator": "price", "point": "pain", "polarity": "negative"}] if right else []})
            samples.append({"set": "g.jsonl", "id": f"t{i}", "industry": "ecommerce", "indicator": "price", "point": "pain",
                            "candidate": False, "label": int(right), "features": [0, pres, 0.8, 0.1, (i * 13 % 7) / 7.0, 0]})
            if i % 4 == 0:
                samples.append({"set": "g.jsonl", "id": f"t{i}", "industry": "ecommerce", "indicator": "invoice", "point": "pain",
                                "candidate": True, "label": 0, "features": [1, 0.3, 0.7, 0.1, 0.5, 0]})
        return gold, samples

    def run_main(self, extra):
        gold, samples = self.data()
        gpath = os.path.join(tempfile.mkdtemp(), "g.jsonl")
        with open(gpath, "w", encoding="utf-8") as f:
            for g in gold:
                f.write(json.dumps(g, ensure_ascii=False) + "\n")
        self.addCleanup(os.remove, gpath)
        feats = self.write(".json", [{"features": NAMES}])
        out = tempfile.mktemp(suffix=".json")
        self.addCleanup(lambda: os.path.exists(out) and os.remove(out))
        V.main(["--samples", self.write(".jsonl", samples), "--gold", gpath, "--features-from", feats, "--out", out,
                "--steps", "400", "--l2", "0.001", "--folds", "4"] + extra)
        with open(out, encoding="utf-8") as f:
            return json.load(f)

    def test_learns_to_drop_what_the_feature_marks_wrong(self):
        got = self.run_main([])
        self.assertEqual(got["features"], NAMES)
        self.assertEqual(len(got["weights"]), len(NAMES))
        self.assertGreater(got["weights"][NAMES.index("dim_presence")], 0)
        t = got["industries"]["ecommerce"]
        self.assertGreater(t["keep"], 0)  # drops the entries below presence 0.5 …
        self.assertGreater(t["add"], 1)  # … and adds no candidate (none is right)
        self.assertGreater(got["metrics"]["oof_f1_verified"], got["metrics"]["oof_f1_as_voted"])
        self.assertIn("ecommerce/price", got["prior"])

    def test_fixed_keep_and_no_add(self):
        got = self.run_main(["--keep", "0.1", "--no-add", "--industries", "ecommerce"])
        self.assertEqual(got["industries"], {"ecommerce": {"keep": 0.1, "add": 2.0, "cand_presence": 0.5, "cand_polarity": 0.6}})

    def test_bad_label_is_an_error(self):
        path = self.write(".jsonl", [{"set": "g", "id": "1", "industry": "x", "indicator": "y", "point": "pain",
                                      "candidate": False, "label": 2, "features": [0] * len(NAMES)}])
        with self.assertRaises(ValueError):
            V.load_samples(path, NAMES)


if __name__ == "__main__":
    unittest.main()
