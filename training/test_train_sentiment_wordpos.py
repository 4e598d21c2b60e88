#!/usr/bin/python3
"""Tests for train_sentiment_wordpos.py (no datasets, no Go needed).
Run: /usr/bin/python3 -m unittest discover -s training -p 'test_*.py'"""

import os
import sys
import unittest

try:
    import torch
except ImportError:
    raise unittest.SkipTest("torch not installed (make deps-py)")

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import train_sentiment_wordpos as W  # noqa: E402

# [CLS] 物 流 很 快 [SEP] with jieba tags (物流|很快): SPECIAL B E B E SPECIAL
IDS = [101, 4289, 3837, 2523, 2571, 102]
TAGS = [1, 2, 4, 2, 4, 1]


class WordPosTest(unittest.TestCase):
    def test_pack_roundtrip(self):
        ids, tags = W.unpack(torch.tensor([W.pack(IDS, TAGS)]))
        self.assertEqual(ids[0].tolist(), IDS)
        self.assertEqual(tags[0].tolist(), TAGS)

    def test_reverse_within_length(self):
        x = torch.arange(2 * 5, dtype=torch.float32).view(2, 5, 1)
        r = W.reverse_within_length(x, torch.tensor([3, 5]))
        self.assertEqual(r[0, :, 0].tolist(), [2.0, 1.0, 0.0, 3.0, 4.0])  # padding stays in place
        self.assertEqual(r[1, :, 0].tolist(), [9.0, 8.0, 7.0, 6.0, 5.0])
        self.assertTrue(torch.equal(W.reverse_within_length(r, torch.tensor([3, 5])), x))

    def test_padding_invariance(self):
        # a text's probabilities alone and inside a longer padded batch are the same
        nets = {
            "bigru": lambda: W.BiGRUWordPos(16, 4, 8, 0.0, 0.0),
            "cnn": lambda: W.CNNWordPos(16, 4, 8, [1, 2, 3], 0.0, 0.0),
            "transformer": lambda: W.TransformerWordPos(16, 4, 16, 4, 32, 2, 128, 0.0, 0.0),
        }
        for arch, net in nets.items():
            torch.manual_seed(0)
            m = net().eval()
            g = W.Exported(m)
            long_ids = IDS[:-1] + [1962, 102]
            ids = torch.tensor([IDS + [0], long_ids])
            tags = torch.tensor([TAGS + [0], TAGS[:-1] + [5, 1]])
            mask = (ids > 0).long()
            with torch.no_grad():
                batch = g(ids, mask, tags)
                alone = g(ids[:1, :6], mask[:1, :6], tags[:1, :6])
            self.assertLess(float((batch[0] - alone[0]).abs().max()), 1e-6, arch)

    def test_tags_change_the_output(self):
        torch.manual_seed(0)
        g = W.Exported(W.BiGRUWordPos(16, 4, 8, 0.0, 0.0)).eval()
        ids = torch.tensor([IDS])
        mask = torch.ones_like(ids)
        with torch.no_grad():
            a = g(ids, mask, torch.tensor([TAGS]))
            b = g(ids, mask, torch.tensor([[1, 5, 5, 5, 5, 1]]))
        self.assertGreater(float((a - b).abs().max()), 0.0)

    def test_char_dropout_keeps_tags(self):
        torch.manual_seed(0)
        m = W.BiGRUWordPos(16, 4, 8, 0.0, 1.0).train()  # every character dropped
        seen = {}
        m.core = lambda ids, tags, mask: seen.update(ids=ids, tags=tags)
        m(torch.tensor([W.pack(IDS, TAGS)]), torch.ones(1, 6, dtype=torch.long))
        self.assertEqual(seen["ids"][0].tolist(), [101, 100, 100, 100, 100, 102])
        self.assertEqual(seen["tags"][0].tolist(), TAGS)

    def test_exported_no_tags_is_the_shipped_interface(self):
        # --tag-dim 0 exports (input_ids, attention_mask) -> probs, the same numbers as the
        # three-input graph with zero tags
        torch.manual_seed(0)
        m = W.TransformerWordPos(16, 0, 16, 4, 32, 2, 128, 0.0, 0.0).eval()
        ids = torch.tensor([IDS])
        mask = torch.ones_like(ids)
        with torch.no_grad():
            a = W.ExportedNoTags(m)(ids, mask)
            b = W.Exported(m)(ids, mask, torch.zeros_like(ids))
        self.assertEqual(a.shape, (1, 3))
        self.assertLess(float((a - b).abs().max()), 1e-7)

    def test_init_encoder_from_mlm(self):
        # pretrain_mlm.py --arch transformer saves every encoder parameter but the head;
        # --init-encoder loads them and the features match, the head keeps its own init
        import tempfile

        import pretrain_mlm as P

        torch.manual_seed(0)
        mlm = P.TransformerMLM(16, 16, 4, 32, 2, 128, 0.0, [106, 107, 108])
        state = mlm.encoder_state()
        self.assertFalse(any(k.startswith("fc.") for k in state))
        torch.manual_seed(1)
        net = W.TransformerWordPos(16, 0, 16, 4, 32, 2, 128, 0.0, 0.0).eval()
        fc0 = net.fc.weight.clone()
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "enc.pt")
            torch.save(state, path)
            W.init_encoder(net, path)
        ids = torch.tensor([IDS])
        m = torch.ones(1, 6)
        with torch.no_grad():
            mlm.eval()
            want = mlm.enc.hidden(ids, torch.zeros_like(ids), m)
            got = net.hidden(ids, torch.zeros_like(ids), m)
        self.assertTrue(torch.equal(want, got))
        self.assertTrue(torch.equal(net.fc.weight, fc0))
        # a state dict of another shape is refused
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "enc.pt")
            torch.save({k: v for k, v in state.items() if not k.startswith("layers.1.")}, path)
            with self.assertRaises(SystemExit):
                W.init_encoder(W.TransformerWordPos(16, 0, 16, 4, 32, 2, 128, 0.0, 0.0), path)


if __name__ == "__main__":
    unittest.main()
