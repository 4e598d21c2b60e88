#!/usr/bin/python3
"""Tests for the silverspan set of aspect-zh's multi-domain recipe (training/aspect_multi.py):
character spans written as strings become model token spans, wish pairs are masked, bad
triplets and lines are dropped and counted; the trainer masks the wish cells and scores
the set. Run: /usr/bin/python3 -m unittest discover -s training -p 'test_aspect_silverspan.py'
(the trainer's parts skip without torch)."""

import json
import os
import random
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import aspect_multi as M  # noqa: E402
import aste_data as A  # noqa: E402

try:
    import torch  # noqa: F401
    import train_aspect as T  # noqa: E402
except ImportError:  # pragma: no cover
    T = None

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOK = A.BertTok(os.path.join(ROOT, "models", "aspect-zh", "vocab.txt"))
INV = {v: k for k, v in TOK.vocab.items()}


def tri(aspect, opinion, polarity="negative", **kw):
    return dict(aspect=aspect, opinion=opinion, polarity=polarity, **kw)


def ex_of(text, *trips):
    ex, dropped = M.silverspan_example({"id": "t", "text": text, "triplets": list(trips)}, TOK, 128, "silverspan_t")
    return ex, dropped


def piece_text(ex, s, e):
    return "".join(INV[i].replace("##", "") for i in ex["ids"][s:e])


class LocateTest(unittest.TestCase):
    def test_locate(self):
        def f(text, asp, a_at, op, o_at, want):
            self.assertEqual(M._locate(text, asp, a_at, op, o_at), want)
        f("物流太慢了，包装很结实", "物流", None, "太慢", None, (0, 2))
        f("物流太慢了，包装很结实", "", None, "很结实", None, (None, 8))
        f("物流太慢了，包装很结实", "包装", None, "", None, (6, None))
        # without an offset the first occurrence is meant (the labellers' convention)
        f("味道不错，但今天的味道一般", "味道", None, "一般", None, (0, 11))
        # a right offset wins, for either span
        f("味道不错，但今天的味道一般", "味道", 9, "一般", None, (9, 11))
        f("好味道，价格好", "价格", None, "好", 6, (4, 6))
        # a wrong offset (not the substring there) falls back to the first occurrence
        f("味道不错，但今天的味道一般", "味道", 3, "一般", 99, (0, 11))
        f("味道不错", "价格", None, "不错", None, (None, 2))
        f("味道不错", "味道", None, "很差", None, (0, None))


class ExampleTest(unittest.TestCase):
    def test_spans(self):
        ex, dropped = ex_of("物流太慢了，包装很结实", tri("物流", "太慢"), tri("包装", "很结实", "positive"))
        self.assertEqual(dropped, {})
        # [CLS] = 0, one piece per character, ends exclusive
        self.assertEqual(ex["triplets"], [(1, 3, 3, 5, "negative"), (7, 9, 9, 12, "positive")])
        self.assertEqual([piece_text(ex, 7, 9), piece_text(ex, 9, 12)], ["包装", "很结实"])
        self.assertEqual((ex["aspects"], ex["opinions"], ex["mask_cells"]), ([], [], []))
        self.assertEqual(len(ex["ids"]), len("物流太慢了，包装很结实") + 2)

    def test_implicit_and_bare(self):
        ex, _ = ex_of("太贵了，客服也在", tri("", "太贵"), tri("客服", "", ""))
        self.assertEqual(ex["triplets"], [(-1, -1, 1, 3, "negative")])
        self.assertEqual(ex["aspects"], [(5, 7, None)])

    def test_latin_tokens(self):
        # a run of Latin letters is one pre-token (word-pieced); the span after it still lands on 屏幕
        ex, _ = ex_of("iPhone的屏幕很清晰", tri("屏幕", "很清晰", "positive"), tri("iPhone", "", ""))
        (as_, ae, os_, oe, _), = ex["triplets"]
        self.assertEqual((piece_text(ex, as_, ae), piece_text(ex, os_, oe)), ("屏幕", "很清晰"))
        (s, e, _), = ex["aspects"]
        self.assertEqual(piece_text(ex, s, e), "iphone")

    def test_wish_masked(self):
        ex, _ = ex_of("希望包装再结实一点", tri("包装", "再结实一点", "negative", wish=True))
        self.assertEqual(ex["triplets"], [])
        self.assertEqual(ex["aspects"], [(3, 5, None)])
        self.assertEqual(ex["opinions"], [(5, 10)])
        self.assertEqual(ex["mask_cells"], [(3, 5)])
        # an implicit wish masks row 0
        ex, _ = ex_of("希望再便宜点", tri("", "再便宜点", wish=True))
        self.assertEqual((ex["aspects"], ex["mask_cells"]), ([], [(0, 3)]))

    def test_opinion_tails(self):
        # 很结实 ends at the clause break (，): no tail; 慢 stops before 了: tail 了 up to 。
        ex, _ = ex_of("包装很结实，物流慢了。", tri("包装", "很结实", "positive"), tri("物流", "慢"))
        self.assertEqual(ex["triplets"], [(1, 3, 3, 6, "positive"), (7, 9, 9, 10, "negative")])
        self.assertEqual(ex["opinion_tails"], [(10, 11)])
        # the last clause without punctuation ends at [SEP]
        ex, _ = ex_of("价格有点贵啊", tri("价格", "有点贵"))
        self.assertEqual(ex["opinion_tails"], [(6, 7)])

    def test_one_aspect_two_opinions(self):
        ex, _ = ex_of("屏幕大而且清晰", tri("屏幕", "大", "positive"), tri("屏幕", "清晰", "positive"))
        self.assertEqual(ex["triplets"], [(1, 3, 3, 4, "positive"), (1, 3, 6, 8, "positive")])
        self.assertEqual(ex["aspects"], [])

    def test_dropped(self):
        def f(text, trips, want_dropped, want_n):
            ex, dropped = ex_of(text, *trips)
            self.assertEqual(dropped, want_dropped)
            self.assertEqual(len(ex["triplets"]), want_n)
        f("味道不错", [tri("价格", "不错")], {"aspect_not_found": 1}, 0)
        f("味道不错", [tri("味道", "很差")], {"opinion_not_found": 1}, 0)
        f("味道不错", [tri("", "")], {"empty": 1}, 0)
        f("味道不错", [tri("味道", "不错", "great")], {"polarity": 1}, 0)
        # a span overlapping a different span of the same head: the later triplet goes
        f("羊肉串很好吃", [tri("羊肉串", "很好吃", "positive"), tri("肉串", "好吃", "positive")], {"overlap": 1}, 1)
        f("味道不错", [tri("味道", "不错", "positive")], {}, 1)
        # beyond max_len: the span has no model position
        long = "很" * 200 + "味道不错"
        f(long, [tri("味道", "不错", "positive")], {"outside_max_len": 1}, 0)


class LoadTest(unittest.TestCase):
    def test_file(self):
        with tempfile.TemporaryDirectory() as d:
            p = os.path.join(d, "silverspan_food_delivery.jsonl")
            with open(p, "w", encoding="utf-8") as fo:
                fo.write(json.dumps({"id": "a", "text": "送餐很快，饭菜凉了", "triplets": [
                    tri("送餐", "很快", "positive"), tri("饭菜", "凉了"), tri("汤", "洒了")]}, ensure_ascii=False) + "\n")
                fo.write("\n")
                fo.write("{not json\n")
                fo.write(json.dumps({"id": "b", "text": ""}) + "\n")
                fo.write(json.dumps({"id": "c", "text": "还行吧", "triplets": []}, ensure_ascii=False) + "\n")
            exs, counts = M.load_silverspan([p], TOK, 128)
        self.assertEqual([e["domain"] for e in exs], ["silverspan_food_delivery"] * 2)
        self.assertEqual(counts, {"lines": 2, "bad_lines": 2, "triplets": 2, "wish_masked": 0,
                                  "dropped_aspect_not_found": 1})
        self.assertEqual(exs[1]["triplets"], [])  # a text with no aspect stays: all O

    def test_fuzz_never_crashes(self):
        rng = random.Random(7)
        text = "物流太慢了，包装很结实，iPhone屏幕好"
        keys = ["aspect", "opinion", "polarity", "aspect_at", "opinion_at", "wish"]
        vals = ["", "物流", "太慢", "很", "屏幕", "好", "x", None, -1, 3, 99, "2", 1.5, True, [], {}]
        for _ in range(500):
            t = {k: rng.choice(vals) for k in keys if rng.random() < 0.8}
            ex, _ = ex_of(text, t)
            n = len(ex["ids"])
            for (as_, ae, os_, oe, pol) in ex["triplets"]:
                self.assertTrue(as_ == -1 or 0 < as_ < ae <= n - 1)
                self.assertTrue(0 < os_ < oe <= n - 1)
                self.assertIn(pol, A.POLARITIES)


@unittest.skipIf(T is None, "torch missing")
class TrainerTest(unittest.TestCase):
    def test_tensorize_masks_wish_cell(self):
        ex, _ = ex_of("包装很结实，希望物流快点", tri("包装", "很结实", "positive"), tri("物流", "快点", wish=True))
        _, _, ta, to, pr = T.tensorize([ex])
        self.assertEqual(int(pr[0, 1, 3]), T.POL_INDEX["positive"])
        self.assertEqual(int(pr[0, 9, 11]), -100)  # 物流 x 快点: masked
        self.assertEqual(int(pr[0, 9, 3]), 0)  # 物流 x 很结实: none
        self.assertEqual(int(pr[0, 0, 11]), 0)  # implicit x 快点: none
        self.assertEqual(ta[0, 9:11].tolist(), [1, 2])  # the wish aspect is tagged
        self.assertEqual(to[0, 11:13].tolist(), [1, 2])  # and its opinion

    def test_tensorize_masks_opinion_tail(self):
        ex, _ = ex_of("物流慢了，包装好", tri("物流", "慢"), tri("包装", "好", "positive"))
        _, _, _, to, _ = T.tensorize([ex])
        self.assertEqual(to[0, 1:9].tolist(), [0, 0, 1, 0, 0, 0, 0, 1])
        _, _, _, to, _ = T.tensorize([ex], mask_tails=True)
        self.assertEqual(to[0, 1:9].tolist(), [0, 0, 1, -100, 0, 0, 0, 1])

    def test_epoch_examples(self):
        train = [{"domain": "silverspan_e", "i": i} for i in range(3)] + [{"domain": "aste", "i": i} for i in range(10)]
        self.assertIs(T.epoch_examples(train, 1.0, random.Random(1)), train)
        got = T.epoch_examples(train, 0.5, random.Random(1))
        self.assertEqual(sum(e["domain"] == "silverspan_e" for e in got), 3)
        self.assertEqual(sum(e["domain"] == "aste" for e in got), 5)


@unittest.skipIf(T is None, "torch missing")
class SelectionTest(unittest.TestCase):
    def test_choose_epoch_aste_constraint(self):
        def e(ep, aste, score):
            return {"epoch": ep, "val": {"aste_triplet_f1": aste, "score": score}, "dev_f1": score}
        log = [e("init", 0.3714, 0.30), e(0, 0.3700, 0.33), e(1, 0.3600, 0.38), e(2, 0.3684, 0.35), e(3, 0.3683, 0.36)]
        f = lambda drop, want: self.assertEqual(T.choose_epoch(log, drop), want)  # noqa: E731
        f(-1.0, 1)       # no constraint: the highest score
        f(0.003, 2)      # epoch 1 (-0.0114) and 3 (-0.0031) refused; 2 is exactly -0.0030
        f(0.0, "init")   # nothing at or above the start's ASTE
        f(0.02, 1)
        self.assertEqual(T.choose_epoch([e(0, 0.1, 0.2), e(1, 0.1, 0.3)], 0.003), 1)  # no start: no constraint
        self.assertIsNone(T.choose_epoch([], 0.003))
        ties = [e("init", 0.37, 0.30), e(0, 0.37, 0.31), e(1, 0.37, 0.31)]
        self.assertEqual(T.choose_epoch(ties, 0.003), 0)  # earliest on ties

    def test_admissible(self):
        init = {"aste_triplet_f1": 0.5}
        f = lambda vr, drop, want: self.assertEqual(T.admissible(vr, init, drop), want)  # noqa: E731
        f({"aste_triplet_f1": 0.497}, 0.003, True)
        f({"aste_triplet_f1": 0.4969}, 0.003, False)
        f({"aste_triplet_f1": 0.1}, -1.0, True)
        f({}, 0.003, False)  # an epoch without an ASTE number is refused under the constraint
        self.assertTrue(T.admissible({"aste_triplet_f1": 0.1}, None, 0.003))

    def test_l2_to(self):
        m = torch.nn.Linear(2, 1)
        start = {n: p.detach().clone() for n, p in m.named_parameters()}
        self.assertEqual(float(T.l2_to(m, start)), 0.0)
        with torch.no_grad():
            m.bias += 0.5
            m.weight[0, 0] -= 1.0
        got = T.l2_to(m, start)
        self.assertAlmostEqual(float(got), 1.25, places=5)
        got.backward()
        self.assertAlmostEqual(float(m.bias.grad[0]), 1.0, places=5)


if __name__ == "__main__":
    unittest.main()
