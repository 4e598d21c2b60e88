#!/usr/bin/python3
"""Tests for gpu_distill.py (the GPU lease's pretraining, teacher and distillation), on CPU with a
tiny transformer: the attention fallback equals PyTorch's fused kernel where it exists, padding
does not change a text's output, masking spares special tokens, and (where the datasets are)
gpu_prep.py's packed data runs through every stage and job.
Run: /usr/bin/python3 -m unittest discover -s training -p 'test_*.py'"""

import json
import os
import subprocess
import sys
import tempfile
import unittest

try:
    import numpy as np
    import torch
except ImportError:
    raise unittest.SkipTest("torch not installed (make deps-py)")

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gpu_distill as G  # noqa: E402

DATA = os.environ.get("TINGZHEN_DATASETS", os.path.join(HERE, "..", "..", "shared", "datasets"))
# [CLS] 油 耗 很 高 [SEP], [CLS] 好 [SEP]
A, B = [101, 3779, 5450, 2523, 7770, 102], [101, 1962, 102]


class TransformerTest(unittest.TestCase):
    def test_padding_does_not_change_output(self):
        torch.manual_seed(0)
        m = G.Classifier(G.Encoder(**G.TEACHER["tiny"]), (3,)).eval()
        alone = m(torch.tensor([B]), torch.ones(1, 3, dtype=torch.long))
        ids = torch.tensor([A, B + [0, 0, 0]])
        mask = (ids != 0).long()
        both = m(ids, mask)
        self.assertLess(float((both[1] - alone[0]).abs().max()), 1e-5)

    def test_attention_fallback_matches_softmax_attention(self):
        torch.manual_seed(1)
        q, k, v = (torch.randn(2, 2, 4, 8) for _ in range(3))
        keep = torch.tensor([[1, 1, 1, 1], [1, 1, 0, 0]], dtype=torch.bool)[:, None, None, :]
        got = G.attention(q, k, v, keep, 0.0)
        s = (q @ k.transpose(-1, -2)) / 8 ** 0.5
        want = torch.softmax(s.masked_fill(~keep, -1e9), -1) @ v
        self.assertLess(float((got - want).abs().max()), 1e-5)

    def test_masking_spares_special_and_padding_tokens(self):
        g = torch.Generator().manual_seed(3)
        ids = torch.tensor([A + [0, 0]] * 64)
        out, sel = G.mask_ids(ids, 0.5, g)
        self.assertTrue(sel.any())
        self.assertFalse(sel[:, 0].any() or sel[:, 5:].any())  # [CLS], [SEP], padding never chosen
        self.assertTrue(torch.equal(out[~sel], ids[~sel]))

    def test_lr_schedule_warms_up_and_decays_to_zero(self):
        f = lambda frac: G.lr_at(frac, 1.0, 0.1)  # noqa: E731
        self.assertAlmostEqual(f(0.05), 0.5)
        self.assertAlmostEqual(f(0.1), 1.0)
        self.assertAlmostEqual(f(1.0), 0.0)


@unittest.skipUnless(os.path.isdir(os.path.join(DATA, "sentiment")), "datasets absent")
class EndToEndTest(unittest.TestCase):
    """gpu_prep.py on the real datasets (sets cut to 300 rows), then every stage with a tiny
    teacher and three steps per loop: what gpu_run.sh runs on the GPU machine."""

    def test_prep_mlm_jobs_student(self):
        py = sys.executable
        with tempfile.TemporaryDirectory() as d:
            data, out = os.path.join(d, "data"), os.path.join(d, "out")
            subprocess.run([py, os.path.join(HERE, "gpu_prep.py"), "--data-dir", DATA, "--out", data, "--small", "300"],
                           check=True, capture_output=True)
            meta = json.load(open(os.path.join(data, "sets.json"), encoding="utf-8"))
            self.assertEqual(len(meta["lodo_domains"]), 10)
            run = lambda *a: subprocess.run([py, os.path.join(HERE, "gpu_distill.py"), *a, "--data", data, "--out", out],  # noqa: E731
                                            capture_output=True, text=True)
            r = run("mlm", "--size", "tiny", "--max-steps", "3", "--batch", "16")
            self.assertEqual(r.returncode, 0, r.stderr[-2000:])
            for job in ("full", "car", "lodo:书籍"):
                r = run("job", "--job", job, "--max-steps", "2", "--transfer-max", "100", "--ft-epochs", "1", "--st-epochs", "1")
                self.assertEqual(r.returncode, 0, r.stderr[-2000:])
                rec = json.load(open(os.path.join(out, "rec_%s.json" % job.replace(":", "_")), encoding="utf-8"))
                self.assertTrue(rec["ok"])
                self.assertIn("val", rec["teacher"])
                self.assertIn("val", rec["student"])
            z = np.load(os.path.join(out, "probs_full.npz"))
            self.assertEqual(z["teacher.train"].shape, (len(z["teacher.train_rows"]), 3))
            r = run("student", "--job", "full", "--soft", os.path.join(out, "probs_full.npz"), "--init",
                    os.path.join(out, "student_full.pt"), "--max-steps", "2", "--st-epochs", "1")
            self.assertEqual(r.returncode, 0, r.stderr[-2000:])
            # the saved student loads into the shipped architecture
            st = torch.load(os.path.join(out, "student_full.pt"))
            import train_sentiment as ts

            ts.SentimentCNN(21128, 96, 128, [1, 2, 3, 5], 0.3).load_state_dict(st)


if __name__ == "__main__":
    unittest.main()
