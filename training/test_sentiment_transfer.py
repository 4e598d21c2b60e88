#!/usr/bin/python3
"""Tests for the multi-task model and the student loss (sentiment_transfer.py) and the
dialogue-data cleaning (dialogue_data.py). No datasets needed.
Run: /usr/bin/python3 -m unittest discover -s training -p 'test_*.py'"""

import argparse
import os
import sys
import unittest

try:
    import numpy as np
    import torch
except ImportError:
    raise unittest.SkipTest("torch not installed (make deps-py)")

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dialogue_data as D  # noqa: E402
import sentiment_transfer as T  # noqa: E402
import tz  # noqa: E402


def small_args(**kw):
    a = argparse.Namespace(arch="cnn", emb_dim=8, channels=4, kernels="1,2", dropout=0.0, bigram_buckets=0, bigram_dim=0,
                           lr=1e-2, batch_size=4, epochs=2, seed=13, word_drop=0.0, pol_weight=1.0, distill_alpha=0.5, distill_t=2.0)
    for k, v in kw.items():
        setattr(a, k, v)
    return a


class MultiTaskTest(unittest.TestCase):
    def test_sentiment_graph_is_the_shipped_cnn(self):
        # The sentiment part has the shipped CNN's parameter names and shapes, so a fold's
        # weights load into train_sentiment.build_model (what load_teacher and export use).
        a = small_args()
        torch.manual_seed(0)
        m = T.MultiTaskCNN(a)
        plain = T.ts.build_model(a)
        sent = {k[len("sent."):]: v for k, v in m.state_dict().items() if k.startswith("sent.")}
        self.assertEqual({k: tuple(v.shape) for k, v in sent.items()}, {k: tuple(v.shape) for k, v in plain.state_dict().items()})
        plain.load_state_dict(sent)
        ids, mask = tz.pad_batch([[101, 3300, 3221, 102], [101, 2523, 102]])
        m.eval()
        plain.eval()
        self.assertTrue(torch.allclose(m(ids, mask), plain(ids, mask)))

    def test_polarity_depends_on_the_marked_span(self):
        # Same characters, the markers around a different word: the aspect vector changes.
        a = small_args()
        torch.manual_seed(0)
        m = T.MultiTaskCNN(a).eval()
        x = [101, 1, 3300, 2, 3221, 5130, 102]
        y = [101, 3300, 3221, 1, 5130, 2, 102]
        ids, mask = tz.pad_batch([x, y, [101, 2523, 1, 3300, 2, 3221, 5130, 4638, 102]])
        out = m.polarity(ids, mask)
        self.assertEqual(tuple(out.shape), (3, 3))
        self.assertFalse(torch.allclose(out[0], out[1]))
        alone = m.polarity(*tz.pad_batch([x]))
        self.assertTrue(torch.allclose(out[0], alone[0], atol=1e-5))  # batch padding changes nothing

    def test_char_dropout_keeps_markers(self):
        ids = torch.tensor([[101, 1, 3300, 2, 3221, 102]])
        out = T.char_dropout_keep(ids, 1.0)
        self.assertEqual(out[0, 1].item(), 1)
        self.assertEqual(out[0, 3].item(), 2)
        self.assertEqual(out[0, 2].item(), 100)


class StudentTest(unittest.TestCase):
    def test_unlabelled_rows_learn_from_soft_targets(self):
        # Rows with label -100 only have soft targets; the student must move towards them.
        a = small_args(epochs=30, batch_size=8)
        torch.manual_seed(0)
        m = T.ts.build_model(a)
        seqs = [[101, 3300 + i % 4, 102] for i in range(16)]
        labels = np.array([-100] * 16, dtype=np.int64)
        soft = np.tile(np.array([[0.05, 0.05, 0.9]], dtype=np.float32), (16, 1))
        hist = []
        T.train_student(a, m, seqs, labels, soft, seqs, np.full(16, 2, dtype=np.int64), torch.ones(3), "t", hist)
        self.assertEqual(hist[-1], 1.0)


class DialogueTest(unittest.TestCase):
    def test_segmentation_spaces(self):
        f = lambda raw, want: self.assertEqual(D.SEG_SPACE.sub("", raw), want, raw)
        f("AP 好 任性", "AP好任性")
        f("a 甜心 一手 货源 招 代理  这个 骗子", "a甜心一手货源招代理这个骗子")
        f("iPhone 14 Pro", "iPhone 14 Pro")


if __name__ == "__main__":
    unittest.main()
