#!/usr/bin/python3
"""Tests for cat_combine.py: folding a presence threshold t into the probabilities (the
absent-odds factor) gives exactly the add-only policy's verdicts at t under the policy's 0.9,
and the verdict rule matches mention/categoryadd.go's dimVerdict on hand-made cases.
Run: /usr/bin/python3 -m unittest discover -s training -p 'test_*.py'"""

import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cat_combine as C  # noqa: E402


class VerdictTest(unittest.TestCase):
    def test_rule(self):
        def f(p, presence, want):
            self.assertEqual(C.verdicts([[p]], presence), {(0, 0, want)} if want else set())
        f([0.05, 0.8, 0.1, 0.05], 0.9, "negative")   # present, negative 0.84 of the polarity mass
        f([0.2, 0.8, 0.0, 0.0], 0.9, None)           # presence 0.8 < 0.9
        f([0.2, 0.8, 0.0, 0.0], 0.8, "negative")     # presence exactly at the threshold counts
        f([0.05, 0.1, 0.05, 0.8], 0.9, "positive")
        f([0.05, 0.3, 0.3, 0.35], 0.9, None)         # no polarity reaches 0.7
        f([0.0, 0.1, 0.8, 0.1], 0.9, None)           # neutral is never added
        f([0.0, 0.0, 0.0, 0.0], 0.9, None)           # no polarity mass

    def test_fold_is_exact(self):
        import torch
        torch.manual_seed(0)
        p = torch.softmax(torch.randn(400, 5, 4) * 3, -1)
        for t in (0.8, 0.85, 0.9, 0.93, 0.97, 0.99):
            k = C.absent_factor(t)
            q = p * torch.tensor([k, 1.0, 1.0, 1.0])
            q = q / q.sum(-1, keepdim=True)
            self.assertEqual(C.verdicts(q.numpy(), 0.9), C.verdicts(p.numpy(), t), t)
        self.assertAlmostEqual(C.absent_factor(0.9), 1.0)


class CombineTest(unittest.TestCase):
    def test_two_members_folded(self):
        """Two tiny n-gram members (--save-state) combined with a folded t: the card records t,
        the export is padding-invariant, and the carve verdicts at 0.9 equal the mean's at t."""
        try:
            import onnx  # noqa: F401
            import torch  # noqa: F401
            import yaml
        except ImportError:
            self.skipTest("torch, onnx or yaml not installed (make deps-py)")
        import train_category as TC

        root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        texts = [("物流太慢了，等了一周", "delivery_time", "pain", "negative"), ("发货很快，第二天就到了", "delivery_time", "pleasure", "positive"),
                 ("价格太贵了", "price", "pain", "negative"), ("价格实惠，很划算", "price", "pleasure", "positive")]
        with tempfile.TemporaryDirectory() as d:
            data = os.path.join(d, "silver.jsonl")
            with open(data, "w", encoding="utf-8") as fh:
                for i in range(10):
                    for t, ind, pt, pol in texts:
                        fh.write(json.dumps({"text": "%s，第%d单" % (t, i), "gold": [{"indicator": ind, "point": pt, "polarity": pol}]}, ensure_ascii=False) + "\n")
            states = []
            for seed in (13, 14):
                out = os.path.join(d, "m%d" % seed)
                states.append(out + ".pt")
                TC.main(["--industry", "ecommerce", "--data", data, "--out", out, "--data-dir", os.path.join(d, "none"),
                         "--vocab", os.path.join(root, "models/category-car/vocab.txt"), "--init-from", "", "--epochs", "2",
                         "--min-labels", "3", "--val-pct", "30", "--emb-dim", "16", "--arch", "ngram", "--ngram-buckets", "97",
                         "--seed", str(seed), "--save-state", states[-1]])
            out = os.path.join(d, "combined")
            C.main(["--states", ",".join(states), "--ref", os.path.join(d, "m13"), "--out", out, "--data-dir", os.path.join(d, "none"),
                    "--threshold", "0.95"])
            with open(os.path.join(out, "model.yaml"), encoding="utf-8") as fh:
                card = yaml.safe_load(fh)
            self.assertEqual(card["decoding"]["presence_folded"]["t"], 0.95)
            self.assertIn("2 members", card["architecture"]["members"])
            m = json.load(open(os.path.join(out, "metrics.json"), encoding="utf-8"))
            self.assertEqual(m["presence_threshold"]["reference_reload_max_abs_diff"], 0.0)
            self.assertLess(m["reference_pad_vs_alone_max_abs_diff"], 1e-5)
            self.assertLess(m["pad_invariance_max_abs_diff"], 1e-5)
            pt = m["presence_threshold"]
            self.assertEqual((pt["folded_carve_at_0.9"]["tp"], pt["folded_carve_at_0.9"]["pred"]),
                             (pt["candidate_carve_curve"]["0.95"]["tp"], pt["candidate_carve_curve"]["0.95"]["pred"]))


if __name__ == "__main__":
    unittest.main()
