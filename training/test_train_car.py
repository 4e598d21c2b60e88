#!/usr/bin/python3
"""Tests for train_car.py's --init-mlm (pretrain_mlm.py --arch bigru's encoder) and
pretrain_mlm.py's car corpus (no datasets, no Go needed).
Run: /usr/bin/python3 -m unittest discover -s training -p 'test_*.py'"""

import csv
import os
import sys
import tempfile
import unittest

try:
    import torch
except ImportError:
    raise unittest.SkipTest("torch not installed (make deps-py)")

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pretrain_mlm as P  # noqa: E402
import train_car as C  # noqa: E402
import tz  # noqa: E402

# [CLS] 油 耗 很 高 [SEP]
IDS = [101, 3779, 5450, 2523, 7770, 102]


def car_args(**kw):
    a = {"emb_dim": 16, "channels": 8, "kernels": "1,2", "dropout": 0.0, "arch": "bigru", "hidden": 8}
    a.update(kw)
    return a


class InitMLMTest(unittest.TestCase):
    def save(self, d, state):
        path = os.path.join(d, "enc.pt")
        torch.save(state, path)
        return path

    def test_gru_mlm_loads_into_car_model(self):
        # the MLM's encoder (GRUs and embedding) becomes the car model's: same features
        torch.manual_seed(0)
        mlm = P.GRUMLM(16, 8, 0.0, [106, 107, 108]).eval()
        torch.manual_seed(1)
        net = C.build_model(car_args()).eval()
        with tempfile.TemporaryDirectory() as d:
            note = C.init_from_mlm(net, self.save(d, mlm.enc.state_dict()), keep_emb=False)
        self.assertIn("fwd.weight_ih_l0", note)
        ids, m = torch.tensor([IDS]), torch.ones(1, len(IDS), dtype=torch.long)
        with torch.no_grad():
            want, _ = mlm.enc(ids, m)
            got, _ = net.enc(ids, m)
        self.assertTrue(torch.equal(want, got))

    def test_keep_emb(self):
        # with an --init-from table the embedding stays, the GRUs are the MLM's
        torch.manual_seed(0)
        mlm = P.GRUMLM(16, 8, 0.0, [106])
        torch.manual_seed(1)
        net = C.build_model(car_args())
        emb0 = net.enc.emb.weight.detach().clone()
        with tempfile.TemporaryDirectory() as d:
            C.init_from_mlm(net, self.save(d, mlm.enc.state_dict()), keep_emb=True)
        self.assertTrue(torch.equal(net.enc.emb.weight, emb0))
        self.assertTrue(torch.equal(net.enc.bwd.weight_hh_l0, mlm.enc.bwd.weight_hh_l0))

    def test_refuses_other_shapes(self):
        with tempfile.TemporaryDirectory() as d:
            f = lambda state: self.assertRaises(SystemExit, C.init_from_mlm, C.build_model(car_args()), self.save(d, state), False)
            f(P.GRUMLM(16, 12, 0.0, [106]).enc.state_dict())  # another GRU width
            f({"emb.weight": torch.zeros(21128, 16)})  # a table alone: no GRU

    def test_car_corpus_leaves_out_held_parts(self):
        # car_corpus drops the posts of the split file's parts, the texts of testdata/*.jsonl and
        # apc_car's instances outside the APC train split
        with tempfile.TemporaryDirectory() as d:
            os.makedirs(os.path.join(d, "aspect", "absadatasets_zh"))
            os.makedirs(os.path.join(d, "extra", "coqe_car_ele_cn"))
            os.makedirs(os.path.join(d, "testdata"))
            with open(os.path.join(d, "aspect", "ccf2018_car_train85.csv"), "w", encoding="utf-8", newline="") as f:
                w = csv.writer(f)
                w.writerow(["content_id", "content", "subject", "sentiment_value", "sentiment_word"])
                w.writerow(["a1", "这车油耗真的很高啊", "油耗", "-1", "高"])
                w.writerow(["a2", "内饰做工还算可以吧", "内饰", "0", ""])
                w.writerow(["a3", "空间比想象的大很多", "空间", "1", "大"])
                w.writerow(["a3", "空间比想象的大很多", "空间", "1", "大"])
            with open(os.path.join(d, "extra", "coqe_car_ele_cn", "Car-COQE_train.txt"), "w", encoding="utf-8") as f:
                f.write("速腾的方向盘比腾腾重一些\t1\n[[];[];[];[];[]]\n")
            with open(os.path.join(d, "aspect", "absadatasets_zh", "apc_car.train.txt"), "w", encoding="utf-8") as f:
                f.write("$T$ 十 分 先 进\n激 光 焊 接 技 术\nPositive\n")  # APC test split: left out
                f.write("$T$ 反 应 很 灵 敏\n刹 车 系 统\nPositive\n")  # APC train split
            split = os.path.join(d, "testdata", "car_split_ids.tsv")
            with open(split, "w", encoding="utf-8") as f:
                f.write("# content_id\tsplit\na2\tval\n")
            with open(os.path.join(d, "testdata", "hand.jsonl"), "w", encoding="utf-8") as f:
                f.write('{"text": "空间比想象的大很多"}\n')
            texts, per_file, _ = P.car_corpus(d, split)
        self.assertEqual(sorted(texts), sorted(["这车油耗真的很高啊", "速腾的方向盘比腾腾重一些", "反应很灵敏", "刹车系统"]))
        self.assertEqual(per_file["aspect/ccf2018_car_train85.csv"], 1)


class CatarchMemberTest(unittest.TestCase):
    """--arch ngram / flex (training/catarch.py encoders under the car head): shapes, padding
    invariance, members sharing a frozen table in one --ensemble graph, the mixed card."""

    def test_arch_shapes_and_padding(self):
        f = lambda **kw: C.build_model(car_args(emb_dim=8, **kw)).eval()
        ids = torch.tensor([IDS, IDS[:3] + [0, 0, 0]])
        m = (ids != 0).long()
        for net in (f(arch="ngram", ngram_orders="1,2,3", ngram_buckets=97, ngram_hidden=0),
                    f(arch="ngram", ngram_orders="1,2,3,4", ngram_buckets=97, ngram_hidden=12),
                    f(arch="flex", branches="1:4,3:4:d2,5:4:s")):
            with torch.no_grad():
                both = net(ids, m)
                alone = net(ids[1:, :3], m[1:, :3])
            self.assertEqual(tuple(both.shape), (2, 10, 4))
            self.assertLess(float((both[1] - alone[0]).abs().max()), 1e-5)

    def test_unknown_arch(self):
        self.assertRaises(SystemExit, C.build_model, car_args(arch="lstm"))

    def test_ensemble_shares_equal_tables(self):
        torch.manual_seed(0)
        g = C.build_model(car_args())
        n = C.build_model(car_args(arch="ngram", ngram_buckets=97))
        n.enc.emb.weight.data.copy_(g.enc.emb.weight.data)
        ens = C.Ensemble([tz.Calibrated(g, 1.0), tz.Calibrated(n, 1.2)]).eval()
        self.assertIs(ens.members[0].net.enc.emb, ens.members[1].net.enc.emb)
        ids, m = torch.tensor([IDS]), torch.ones(1, len(IDS), dtype=torch.long)
        with torch.no_grad():
            p = ens(ids, m)
        self.assertLess(float((p.sum(-1) - 1).abs().max()), 1e-5)

    def test_member_card(self):
        f = lambda a, want: self.assertEqual(C.member_card(car_args(**a)), want)
        f({}, {"encoder": "bigru", "embedding_dim": 16, "gru_hidden_per_direction": 8})
        f({"arch": "ngram", "ngram_orders": "1,2,3", "ngram_buckets": 6000, "ngram_hidden": 0},
          {"encoder": "ngram", "embedding_dim": 16, "ngram_orders": "1,2,3", "ngram_buckets": 6000, "ngram_hidden": 0})
        f({"arch": "flex", "branches": "1:64,2:64"}, {"encoder": "flex", "embedding_dim": 16, "branches": "1:64,2:64"})
        f({"arch": "cnn"}, {"encoder": "cnn", "embedding_dim": 16, "channels_per_kernel": 8, "kernel_sizes": [1, 2]})


if __name__ == "__main__":
    unittest.main()
