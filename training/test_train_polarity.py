#!/usr/bin/python3
"""Tests for train_polarity.py: the aspect marking and windowing (mirrored by
engine/polaritymodel.go) and the car split (category-car's). Run:
/usr/bin/python3 -m unittest discover -s training -p 'test_*.py'
Parts that need ../shared/datasets or the model folders skip when absent."""

import json
import os
import sys
import unittest

try:
    import torch  # noqa: F401  (the module under test needs it)
except ImportError:
    raise unittest.SkipTest("torch not installed (make deps-py)")

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import train_polarity as P  # noqa: E402
import tz  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.environ.get("TINGZHEN_DATASETS", os.path.join(ROOT, "../shared/datasets"))


class WindowTest(unittest.TestCase):
    def test_cases(self):
        # same cases as engine TestPolarityWindow: (n, a, b, width) -> (first, len)
        for n, a, b, w, first, ln in [(10, 2, 4, 10, 0, 10), (20, 0, 3, 10, 0, 10), (20, 16, 19, 10, 10, 10),
                                      (20, 8, 10, 10, 5, 10), (20, 2, 15, 10, 2, 10)]:
            got = P.window(list(range(n)), a, b, w)
            self.assertEqual((got[0], len(got)), (first, ln), (n, a, b, w))


class EncodeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        p = os.path.join(ROOT, "models/sentiment-zh/vocab.txt")
        if not os.path.exists(p):
            raise unittest.SkipTest("no vocab.txt")
        cls.tok = tz.BertTokenizer(p)

    def test_markers(self):
        ids = P.encode(self.tok, "物流太慢了，包装倒是很结实", 6, 8, 128)
        self.assertEqual(ids[0], self.tok.cls_id)
        self.assertEqual(ids[-1], self.tok.sep_id)
        a, b = ids.index(P.M1), ids.index(P.M2)
        self.assertEqual((a, b), (7, 10))
        self.assertEqual(ids[a + 1:b], self.tok.tokenize_ids("包装"))

    def test_long_is_windowed(self):
        text = "很好" * 200 + "物流" + "不错" * 200
        ids = P.encode(self.tok, text, 400, 402, 128)
        self.assertEqual(len(ids), 128)
        self.assertEqual(ids.count(P.M1), 1)
        self.assertEqual(ids.count(P.M2), 1)

    def test_reference_ids(self):
        ref = os.path.join(ROOT, "models/polarity-zh/reference.jsonl")
        if not os.path.exists(ref):
            self.skipTest("no models/polarity-zh")
        with open(ref, encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                self.assertEqual(P.encode(self.tok, r["text"], r["start"], r["end"], 128), r["input_ids"])


class NetTest(unittest.TestCase):
    def test_padding_never_changes_outputs(self):
        # both encoders: a marked sequence alone and in a batch padded to a longer one agree
        torch.manual_seed(0)
        remap = torch.arange(200) % 40  # ids up to [SEP] (102) -> 40 compact rows
        seqs = [[101, 7, P.M1, 9, 10, P.M2, 11, 12, 102], [101, P.M1, 5, P.M2, 6, 102],
                [101, 3, 4, 8, P.M1, 13, 14, P.M2, 15, 16, 17, 18, 19, 102]]
        for enc in ("gcnn", "gru"):
            net = P.PolarityNet(remap, 40, emb=8, hidden=6, layers=2, encoder=enc, gru_hidden=5, maxpool=False).eval()
            self.assertLess(tz.padding_invariance_check(net, seqs), 1e-5, enc)
            with torch.no_grad():
                ids, mask = tz.pad_batch(seqs)
                self.assertEqual(tuple(net(ids, mask).shape), (3, 3), enc)


class CarSplitTest(unittest.TestCase):
    def test_same_as_category_car(self):
        if not os.path.exists(os.path.join(DATA, "aspect/ccf2018_car_train85.csv")):
            self.skipTest("no datasets")
        with open(os.path.join(ROOT, "models/category-car/metrics.json"), encoding="utf-8") as f:
            sizes = json.load(f)["data"]["sizes"]
        sp, posts = P.car_splits(DATA)
        self.assertEqual(posts, sizes)  # posts per split, as category-car's metrics.json
        self.assertEqual(len(sp["test"]), 832)  # category-car's test gold pairs (model card n_gold)


if __name__ == "__main__":
    unittest.main()
