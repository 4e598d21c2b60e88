#!/usr/bin/python3
"""Tests for lodo_analyze.py's scoring (no datasets, no engine needed).
Run: /usr/bin/python3 -m unittest discover -s training -p 'test_*.py'"""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lodo_analyze as A  # noqa: E402


def res(label, neg, pos, long_=False):
    r = {"sentiment": {"label": label, "probs": {"negative": neg, "neutral": 1 - neg - pos, "positive": pos}}}
    if long_:
        r["warnings"] = ["long_text: 300 tokens read over 3 sentences"]
    return r


class ScoreTest(unittest.TestCase):
    def test_score(self):
        rows = [("好看", 2), ("难看", 0), ("一般般吧，还行，不推荐", 0), ("坏", 0)]
        results = [
            res("positive", 0.1, 0.9),
            res("neutral", 0.4, 0.2, True),  # 3-way wrong (neutral), binary right
            res("positive", 0.3, 0.6, True),  # both wrong
            {"id": "t3", "error": {"code": "empty", "message": "x"}},
        ]
        s = A.score(rows, results)
        self.assertEqual(s["errors"], 1)
        self.assertEqual(s["all"], {"n": 3, "acc_3way": 1 / 3, "acc_binary": 2 / 3})
        self.assertEqual(s["long"], {"n": 2, "acc_3way": 0.0, "acc_binary": 0.5})
        self.assertEqual(s["short"], {"n": 1, "acc_3way": 1.0, "acc_binary": 1.0})

    def test_score_window(self):
        rows = [("好看", 2), ("难看", 0)]
        results = [res("positive", 0.1, 0.9), res("positive", 0.3, 0.6, True)]
        window = {"好看": [0.6, 0.1, 0.3], "难看": [0.5, 0.0, 0.5]}  # a tie is not positive
        s = A.score(rows, results, window)
        self.assertEqual(s["all"], {"n": 2, "acc_3way": 0.5, "acc_binary": 0.5})
        self.assertEqual(s["window"]["all"], {"n": 2, "acc_3way": 0.5, "acc_binary": 0.5})
        self.assertEqual(s["window"]["long"], {"n": 1, "acc_3way": 1.0, "acc_binary": 1.0})
        self.assertEqual(s["window"]["short"], {"n": 1, "acc_3way": 0.0, "acc_binary": 0.0})

    def test_score_empty_part(self):
        s = A.score([("好", 2)], [res("positive", 0.0, 1.0)])
        self.assertEqual(s["long"], {"n": 0, "acc_3way": None, "acc_binary": None})


if __name__ == "__main__":
    unittest.main()
