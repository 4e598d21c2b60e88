#!/usr/bin/python3
"""Tests for train_arbiter.py (the polarity arbiter of mention/arbiter.go). Run:
/usr/bin/python3 -m unittest discover -s training -p 'test_*.py'
Skips without numpy."""

import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
try:
    import train_arbiter as A  # noqa: E402
except ImportError:  # no numpy
    A = None


@unittest.skipIf(A is None, "numpy not installed")
class TrainArbiterTest(unittest.TestCase):
    def write(self, rows):
        fd, path = tempfile.mkstemp(suffix=".jsonl")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        self.addCleanup(os.remove, path)
        return path

    def test_learns_the_feature_that_decides(self):
        # gold follows feature "b" (-1, 0, 1 → negative, neutral, positive); "a" is noise;
        # the rules' verdict is always positive.
        rows = []
        for i in range(300):
            b = (i % 3) - 1
            rows.append({"set": ["apc", "aste", "car"][i % 3 if i % 7 else 0], "text": f"句子{i}", "rule": "positive",
                         "gold": A.CLASSES[b + 1], "features": [((i * 37) % 11) / 10.0, float(b)]})
        out = tempfile.mktemp(suffix=".json")
        self.addCleanup(lambda: os.path.exists(out) and os.remove(out))
        A.main(["--samples", self.write(rows), "--features", "a,b", "--out", out, "--steps", "400", "--l2", "0.001"])
        got = json.load(open(out, encoding="utf-8"))
        self.assertEqual(got["features"], ["a", "b"])
        self.assertEqual(got["classes"], A.CLASSES)
        self.assertEqual(len(got["weights"]), 3)
        self.assertTrue(all(len(r) == 2 for r in got["weights"]))
        w = got["weights"]
        self.assertLess(w[0][1], w[1][1])  # b pushes away from negative …
        self.assertLess(w[1][1], w[2][1])  # … towards positive
        self.assertGreater(got["metrics"]["carve_mean_acc"], got["metrics"]["carve_rule_mean_acc"])

    def test_industries_and_note_are_written(self):
        rows = [{"set": "ecommerce", "text": f"句子{i}", "rule": "neutral", "gold": A.CLASSES[i % 3],
                 "features": [float(i % 3)]} for i in range(60)]
        out = tempfile.mktemp(suffix=".json")
        self.addCleanup(lambda: os.path.exists(out) and os.remove(out))
        A.main(["--samples", self.write(rows), "--features", "a", "--out", out, "--steps", "50", "--l2", "0.001",
                "--sets", "ecommerce", "--industries", "ecommerce,food_delivery", "--note", "silver 样本"])
        got = json.load(open(out, encoding="utf-8"))
        self.assertEqual(got["industries"], ["ecommerce", "food_delivery"])
        self.assertTrue(got["note"].startswith("silver 样本; sets ecommerce"))
        A.main(["--samples", self.write(rows), "--features", "a", "--out", out, "--steps", "50", "--l2", "0.001",
                "--sets", "ecommerce"])
        self.assertNotIn("industries", json.load(open(out, encoding="utf-8")))

    def test_bad_gold_is_an_error(self):
        path = self.write([{"set": "apc", "text": "好", "rule": "positive", "gold": "good", "features": [1.0]}])
        with self.assertRaises(ValueError):
            A.load(path)

    def test_wrong_feature_count_is_an_error(self):
        path = self.write([{"set": "apc", "text": "好", "rule": "positive", "gold": "positive", "features": [1.0]}])
        with self.assertRaises(SystemExit):
            A.main(["--samples", path, "--features", "a,b", "--out", os.devnull])

    def test_bucket_is_stable(self):
        self.assertEqual(A.bucket("物流太慢了"), A.bucket("物流太慢了"))
        self.assertTrue(0 <= A.bucket("包装很结实") < 100)


if __name__ == "__main__":
    unittest.main()
