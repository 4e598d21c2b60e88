#!/usr/bin/python3
"""Tests for the torch parts of the tz library (padding invariance, hashed bigrams, character
dropout) and the shipped model folders' reference files. Skipped as a whole when torch is not
installed (`make deps-py` installs Debian's python3-torch). The tokenizer's tests are in
test_tz.py. Run: /usr/bin/python3 -m unittest discover -s training -p 'test_*.py'
Tests that need ../shared/datasets or the model folders skip when absent."""

import json
import os
import sys
import unittest

try:
    import torch
except ImportError:
    raise unittest.SkipTest("torch not installed (make deps-py)")

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tz  # noqa: E402
from test_tz import vocab_path  # noqa: E402  (the committed or the dataset vocabulary, None when neither)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class PaddingInvarianceTest(unittest.TestCase):
    def test_cnn_pooling_ignores_padding(self):
        for buckets in (0, 97):
            with self.subTest(bigram_buckets=buckets):
                torch.manual_seed(buckets)
                self.check_encoder(tz.CNNEncoder(50, 8, 6, [1, 2, 3, 5], 0.0, buckets, 4).eval())

    def test_gru_encoder_ignores_padding(self):
        for channels in (0, 6):
            with self.subTest(channels=channels):
                torch.manual_seed(channels)
                self.check_encoder(tz.GRUEncoder(50, 8, 5, 0.0, channels, [1, 3]).eval())

    def test_reverse_within_length(self):
        x = torch.arange(10.0).reshape(2, 5, 1)
        got = tz.reverse_within_length(x, torch.tensor([3, 5]))
        self.assertEqual(got[:, :, 0].tolist(), [[2.0, 1.0, 0.0, 3.0, 4.0], [9.0, 8.0, 7.0, 6.0, 5.0]])
        self.assertTrue(torch.equal(tz.reverse_within_length(got, torch.tensor([3, 5])), x))

    def test_bigram_rows(self):
        bg = tz.BigramHash(97, 4)
        ids = torch.tensor([[101, 6206, 3837, 102, 0]])
        got = bg(ids)
        for i, (a, b) in enumerate([(101, 6206), (6206, 3837), (3837, 102), (102, 0), (0, 0)]):
            self.assertTrue(torch.equal(got[0, i], bg.emb.weight[(a * 21128 + b) % 97]))

    def test_char_dropout_keeps_specials(self):
        torch.manual_seed(1)
        ids = torch.tensor([[101, 6206, 3837, 100, 102, 0, 0]] * 200)
        got = tz.char_dropout(ids, 0.5)
        self.assertTrue(torch.equal(got[:, [0, 3, 4, 5, 6]], ids[:, [0, 3, 4, 5, 6]]))
        frac = (got[:, 1:3] == 100).float().mean().item()
        self.assertGreater(frac, 0.4)
        self.assertLess(frac, 0.6)
        self.assertTrue(torch.equal(tz.char_dropout(ids, 0.0), ids))

    def check_encoder(self, enc):
        class M(torch.nn.Module):
            def __init__(self):
                super().__init__()
                self.enc = enc

            def forward(self, ids, mask):
                return tz.masked_max_mean(*self.enc(ids, mask))

        seqs = [[1, 5, 7, 2], [1, 9, 2], [1] + list(range(3, 40)) + [2], [1, 2]]
        self.assertLess(tz.padding_invariance_check(M(), seqs), 1e-5)


class ShippedModelTest(unittest.TestCase):
    def test_reference_files(self):
        for name, shape in (("sentiment-zh", (3,)), ("category-car", (10, 4))):
            d = os.path.join(ROOT, "models", name)
            ref = os.path.join(d, "reference.jsonl")
            if not os.path.exists(ref):
                continue
            with open(ref, encoding="utf-8") as f:
                recs = [json.loads(line) for line in f]
            self.assertGreaterEqual(len(recs), 10)
            p = vocab_path()
            tok = tz.BertTokenizer(os.path.join(d, "vocab.txt")) if os.path.exists(os.path.join(d, "vocab.txt")) else (tz.BertTokenizer(p) if p else None)
            lengths = set()
            for r in recs:
                probs = torch.tensor(r["probs"])
                self.assertEqual(tuple(probs.shape), shape)
                self.assertTrue(torch.allclose(probs.sum(-1), torch.ones(shape[:-1], dtype=probs.dtype), atol=1e-5))
                self.assertEqual(len(r["input_ids"]), len(r["attention_mask"]))
                lengths.add(len(r["input_ids"]))
                if tok is not None:
                    self.assertEqual(tok.encode(r["text"], 10**6)[: len(r["input_ids"])][:-1], r["input_ids"][:-1])
            self.assertGreater(len(lengths), 3, "reference texts must differ in length")


if __name__ == "__main__":
    unittest.main()
