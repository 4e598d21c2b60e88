#!/usr/bin/python3
"""Tests for complaint_signal.py (chat12's learned complaint signal, tried and not shipped:
bench/results/feeling.md). Run:
/usr/bin/python3 -m unittest discover -s training -p 'test_*.py'
Skips without torch."""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
try:
    import complaint_signal as C  # noqa: E402
except ImportError:  # no torch
    C = None


@unittest.skipIf(C is None, "torch not installed")
class ComplaintSignalTest(unittest.TestCase):
    def test_norm(self):
        f = lambda text, want: self.assertEqual(C.norm(text), want, text)
        f("[数字x]天了还没到", "□天了还没到")
        f("订单号 [订单x]  VG3 催", "订单号 □ vg0 催")
        f("  好的 ", "好的")
        f("[数字]个", "[数字]个")  # no mask: it does not end in x]

    def test_grams(self):
        g = C.grams("还没 到")
        for want in ["还", "没", "到", "还没", "没 到"]:
            self.assertIn(want, g)
        self.assertNotIn(" ", g)
        self.assertNotIn("没 ", g)  # no n-gram starts or ends with a space

    def test_learns_a_separating_gram(self):
        complaints = ["怎么还没到啊", "还没到货", "快递还没到", "都三天了还没到", "为什么还没到"]
        others = ["请问怎么开发票", "发票怎么开", "能开发票吗", "开发票要多久", "请问发票抬头"]
        m = C.fit([{"rest": t, "label": "negative"} for t in complaints] +
                  [{"rest": t, "label": "neutral"} for t in others], [])
        self.assertGreater(C.score(m, "包裹还没到"), 0.5)
        self.assertLess(C.score(m, "怎么开发票呢"), 0.5)


if __name__ == "__main__":
    unittest.main()
