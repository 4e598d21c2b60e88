#!/usr/bin/python3
"""Tests for polarity_extra.py (extra training items of polarity-zh). Run:
/usr/bin/python3 -m unittest discover -s training -p 'test_*.py'
Parts that need ../shared/datasets skip when absent."""

import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import polarity_extra as X  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.environ.get("TINGZHEN_DATASETS", os.path.join(ROOT, "../shared/datasets"))


class FindTermsTest(unittest.TestCase):
    def test_cases(self):
        terms = sorted(["物流", "物流速度", "包装", "速度"], key=lambda t: (-len(t), t))

        def f(text, want):
            self.assertEqual([text[s:e] for s, e in X.find_terms(text, terms)], want, text)
        f("物流速度很快，包装很好", ["物流速度", "包装"])  # longest first, no overlap
        f("速度还行", ["速度"])
        f("东西不错", [])
        f("包装包装", ["包装", "包装"])


class WeakItemsTest(unittest.TestCase):
    def test_cases(self):
        terms = ["包装", "物流"]

        def f(text, y, want):
            items, _ = X.weak_items([(text, y)], terms, 10, 1)
            self.assertEqual([(t[s:e], t, lab) for t, s, e, lab in items], want, text)
        # one term: the sentence holding it, the review's label
        f("收到了。包装太烂了！下次不买", 0, [("包装", "包装太烂了", 0)])
        f("物流很快，很满意", 2, [("物流", "物流很快，很满意", 2)])
        # two terms, or none: no item
        f("物流很快，包装也好", 2, [])
        f("很满意", 2, [])
        # too short a sentence: no item
        f("包装。挺好的东西", 2, [])

    def test_balanced(self):
        texts = [("包装很好很好%d" % i, 2) for i in range(10)] + [("包装很差很差%d" % i, 0) for i in range(3)]
        items, cand = X.weak_items(texts, ["包装"], 4, 1)
        self.assertEqual(cand, {0: 3, 2: 10})
        self.assertEqual(sorted(t[3] for t in items), [0, 0, 2, 2])


class ExclusionTest(unittest.TestCase):
    def test_cases(self):
        ex = X.Exclusion(["这家店的外卖送得太慢了，等了两个小时才到，饭都凉了", "屏幕很清晰"])

        def f(text, want):
            self.assertEqual(ex.hit(text), want, text)
        f("这家店的外卖送得太慢了，等了两个小时才到", True)  # a shared 16-character run
        f("外卖送得太慢了！", True)  # short: inside an excluded text
        f("屏幕很清晰", True)
        f("屏幕很清晰，电池也耐用，总之这台手机很不错值得买", False)  # the short key is under 8 characters
        f("电池不耐用", False)


class CfscTest(unittest.TestCase):
    def test_window_and_labels(self):
        long = "甲" * 200 + "凯赛生物" + "乙" * 200
        rows = [{"sentence": "凯赛生物股价大涨\n", "term": "凯赛生物", "polarity": "positive", "from": 0, "to": 4},
                {"sentence": long, "term": "凯赛生物", "polarity": "negative", "from": 200, "to": 204},
                {"sentence": "错位的标注", "term": "凯赛", "polarity": "neutral", "from": 0, "to": 2},
                {"sentence": "中性的句子", "term": "句子", "polarity": "neutral", "from": 3, "to": 5}]
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as fh:
            json.dump(rows, fh, ensure_ascii=False)
        try:
            items, bad = X.load_cfsc(fh.name, max_chars=40)
        finally:
            os.unlink(fh.name)
        self.assertEqual(bad, 1)
        self.assertEqual([(t[s:e], y, len(t) <= 40) for t, s, e, y in items],
                         [("凯赛生物", 2, True), ("凯赛生物", 0, True), ("句子", 1, True)])


class ZhijiangTest(unittest.TestCase):
    def test_real_file(self):
        root = os.path.join(DATA, "extra", "zhijiang2019_makeup_absa")
        if not os.path.isdir(root):
            self.skipTest("no zhijiang2019_makeup_absa")
        items, body, bad = X.load_zhijiang(root, categories=True)
        self.assertEqual(len(items), len(body))
        self.assertEqual(bad, 0)
        cats = [t for t in items if t[0][t[2]:t[2] + 1] == "：" and t[1] == 0 and t[0][:t[2]] in
                ("包装", "成分", "尺寸", "服务", "功效", "价格", "气味", "使用体验", "物流", "新鲜度", "真伪")]
        self.assertGreater(len(cats), 1000)
        for (t, s, e, y), b in zip(items, body):
            self.assertIn(y, (0, 1, 2))
            self.assertTrue(0 <= s < e <= len(t))
            self.assertTrue(t == b or t.endswith("：" + b))


class GraphTermsTest(unittest.TestCase):
    def test_packs(self):
        terms = X.graph_terms(ROOT)
        self.assertIn("物流", terms)
        self.assertTrue(all(len(t) >= 2 for t in terms))
        self.assertEqual(terms, sorted(terms, key=lambda t: (-len(t), t)))


if __name__ == "__main__":
    unittest.main()
