#!/usr/bin/python3
"""Tests for r10_split.py: the session-15 split of silver round r10 (check part = sha1(id) % 10 < 3).
Run: /usr/bin/python3 -m unittest discover -s training -p 'test_*.py'"""

import hashlib
import json
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import r10_split as S  # noqa: E402

R10 = os.path.join(HERE, "data", "silver_ecommerce_r10.jsonl")


class SplitTest(unittest.TestCase):
    def test_rule(self):
        for rid in ["silver-ecommerce-r10-0", "silver-ecommerce-r10-1", "silver-ecommerce-r10-1599", "x"]:
            want = int(hashlib.sha1(rid.encode()).hexdigest(), 16) % 10 < 3
            self.assertEqual(S.is_check(rid), want, rid)

    @unittest.skipUnless(os.path.exists(R10), "round 10 not present")
    def test_round10_parts(self):
        with tempfile.TemporaryDirectory() as d:
            tr, ck = os.path.join(d, "train.jsonl"), os.path.join(d, "check.jsonl")
            subprocess.run([sys.executable, os.path.join(HERE, "r10_split.py"), "--src", R10, "--train", tr, "--check", ck],
                           check=True, capture_output=True)
            src = open(R10, encoding="utf-8").read().splitlines()
            a = open(tr, encoding="utf-8").read().splitlines()
            b = open(ck, encoding="utf-8").read().splitlines()
            self.assertEqual(len(a) + len(b), len([x for x in src if x.strip()]))
            self.assertTrue(all(S.is_check(json.loads(x)["id"]) for x in b))
            self.assertFalse(any(S.is_check(json.loads(x)["id"]) for x in a))
            self.assertEqual(set(a) | set(b), set(x for x in src if x.strip()))
            if len(src) == 1600:  # the round as drawn in session 15
                self.assertEqual((len(a), len(b)), (1125, 475))


if __name__ == "__main__":
    unittest.main()
