#!/usr/bin/python3
"""Tests for arbiter_samples_join.py. Run: /usr/bin/python3 -m unittest discover -s training -p 'test_*.py'"""

import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import arbiter_samples_join as J  # noqa: E402


class JoinTest(unittest.TestCase):
    def write(self, name, rows):
        d = tempfile.mkdtemp()
        path = os.path.join(d, name)
        with open(path, "w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        return path

    def test_sets_follow_the_file(self):
        f = lambda name, got, want: self.assertEqual(J.set_of(name, got), want, name)  # noqa: E731
        f("s_silver_ecommerce_r8.jsonl", "hand", "ecommerce")
        f("s_silver_food_delivery_r4.jsonl", "hand", "food")
        f("s_silver_telecom.jsonl", "hand", "other")
        f("apcaste.jsonl", "apc", "apc")
        f("apcaste.jsonl", "car", "car")

    def test_join(self):
        a = self.write("apcaste.jsonl", [{"set": "aste", "text": "菜很好吃", "gold": "positive"}])
        b = self.write("s_silver_ecommerce_r7.jsonl", [{"set": "hand", "text": "物流太慢了", "gold": "negative"}])
        out = os.path.join(tempfile.mkdtemp(), "joint.jsonl")
        J.main(["--out", out, a, b])
        got = [json.loads(line) for line in open(out, encoding="utf-8")]
        self.assertEqual([r["set"] for r in got], ["aste", "ecommerce"])
        self.assertEqual(got[1]["text"], "物流太慢了")

    def test_r9_is_refused(self):
        r9 = self.write("s_silver_ecommerce_r9.jsonl", [{"set": "hand", "text": "好", "gold": "positive"}])
        with self.assertRaises(SystemExit):
            J.main(["--out", os.devnull, r9])


if __name__ == "__main__":
    unittest.main()
