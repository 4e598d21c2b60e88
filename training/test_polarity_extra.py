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


class SilverspanItemsTest(unittest.TestCase):
    def test_cases(self):
        def f(text, trips, want, drop=None):
            items, d = X.silverspan_items({"id": "t", "text": text, "triplets": trips})
            self.assertEqual([(t[s:e], s, y) for t, s, e, y in items], want, text)
            self.assertTrue(all(t == text for t, *_ in items))
            if drop is not None:
                self.assertEqual(dict(d), drop, text)
        T = lambda a, o, p, **k: {"aspect": a, "opinion": o, "polarity": p, **k}  # noqa: E731
        # one item per explicit aspect, first occurrence, its polarity
        f("物流太慢了，包装倒是很结实", [T("物流", "太慢", "negative"), T("包装", "很结实", "positive")],
          [("包装", 6, 2), ("物流", 0, 0)], {})
        # implicit aspect and wish skipped
        f("很好吃，希望包装好一点", [T("", "很好吃", "positive"), T("包装", "好一点", "negative", wish=True)],
          [], {"implicit": 1, "wish": 1})
        # two opinions of one aspect with one polarity: one item
        f("菜量很足，菜量真的多", [T("菜量", "很足", "positive"), T("菜量", "真的多", "positive")], [("菜量", 0, 2)])
        # aspect_at names the second occurrence: both spans kept when both are labelled
        f("房间小，另一间房间大", [T("房间", "小", "negative"), T("房间", "大", "positive", aspect_at=7)],
          [], {"conflict": 2})
        f("送餐员说送餐员迟到了", [T("送餐员", "迟到", "negative", aspect_at=4)], [("送餐员", 4, 0)])
        # conflicting polarities of one aspect in one text: skipped; the others stay
        f("味道一般般但味道香，服务好", [T("味道", "一般般", "neutral"), T("味道", "香", "positive"),
                                   T("服务", "好", "positive")], [("服务", 10, 2)], {"conflict": 1})
        # an aspect not at its offset, or a bad polarity: dropped
        f("屏幕清晰", [T("屏幕", "清晰", "positive", aspect_at=1)], [], {"not_in_text": 1})
        f("屏幕清晰", [T("屏幕", "清晰", "good")], [], {"bad_polarity": 1})
        f("没有评价", [], [], {})

    def test_load(self):
        with tempfile.TemporaryDirectory() as d:
            p = os.path.join(d, "silverspan_x.jsonl")
            with open(p, "w", encoding="utf-8") as fh:
                fh.write(json.dumps({"id": "a", "text": "网点服务很好", "triplets": [
                    {"aspect": "网点服务", "opinion": "很好", "polarity": "positive"}]}, ensure_ascii=False) + "\n")
                fh.write(json.dumps({"id": "b", "text": "无语", "triplets": []}, ensure_ascii=False) + "\n\n")
            groups, drop = X.load_silverspan([p])
            self.assertEqual(groups, [("网点服务很好", [("网点服务很好", 0, 4, 2)])])
            with open(p, "a", encoding="utf-8") as fh:
                fh.write("{bad\n")
            with self.assertRaisesRegex(ValueError, "silverspan_x.jsonl:4"):
                X.load_silverspan([p])

    def test_real_files(self):
        import glob
        paths = sorted(glob.glob(os.path.join(ROOT, "training", "data", "silverspan_*.jsonl")))
        if not paths:
            self.skipTest("no silverspan files")
        groups, drop = X.load_silverspan(paths)
        n = sum(len(it) for _, it in groups)
        self.assertGreater(n, 5000)
        self.assertLess(drop["not_in_text"], n // 100)
        for text, items in groups:
            for t, s, e, y in items:
                self.assertEqual(t, text)
                self.assertTrue(0 <= s < e <= len(t))
                self.assertIn(y, (0, 1, 2))


if __name__ == "__main__":
    unittest.main()
