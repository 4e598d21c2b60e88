#!/usr/bin/python3
"""Tests for quantize_aspect.py (the int8 aspect-zh). Run:
/usr/bin/python3 -m unittest discover -s training -p 'test_quantize_aspect.py'
Skips without numpy/onnx."""

import os
import sys
import unittest

try:
    import numpy as np
    import onnx
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import quantize_aspect as Q  # noqa: E402
except ImportError as e:  # pragma: no cover
    Q = None
    MISSING = str(e)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@unittest.skipIf(Q is None, "numpy/onnx missing")
class Im2colTest(unittest.TestCase):
    def test_matches_dilated_conv(self):
        # im2col @ wcol is Conv1d(k=3, dilation d, pads d) over [B, L, C], zeros outside.
        rng = np.random.default_rng(1)
        for d in (1, 2, 4, 8):
            h = rng.standard_normal((2, 11, 5)).astype(np.float32)
            w = rng.standard_normal((7, 5, 3)).astype(np.float32)
            got = Q.im2col(h, d) @ Q.wcol(w)
            want = np.zeros((2, 11, 7), np.float32)
            for l in range(11):
                for k in range(3):
                    j = l + (k - 1) * d
                    if 0 <= j < 11:
                        want[:, l] += h[:, j] @ w[:, :, k].T
            np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)


@unittest.skipIf(Q is None, "numpy/onnx missing")
class QuantWeightTest(unittest.TestCase):
    def test_per_column(self):
        def f(w2):
            q, sc = Q.quant_weight(w2)
            self.assertEqual(q.dtype, np.int8)
            self.assertTrue(np.all(np.abs(q.astype(int)) <= 127))
            self.assertTrue(np.all(np.abs(q * sc - w2) <= sc / 2 + 1e-7))
        f(np.array([[0.5, -2.0], [-0.25, 1.0]], np.float32))
        f(np.zeros((3, 2), np.float32))  # a zero column keeps scale 1
        f(np.random.default_rng(2).standard_normal((384, 16)).astype(np.float32))


@unittest.skipIf(Q is None, "numpy/onnx missing")
class ShippedGraphTest(unittest.TestCase):
    def test_shipped_model(self):
        # models/aspect-zh/model.onnx: five MatMulIntegerToFloat blocks, the pair grid's
        # original nodes kept (model/pairsplit.go cuts there), the card's three outputs.
        m = onnx.load(os.path.join(ROOT, "models", "aspect-zh", "model.onnx"))
        ops = [n.op_type for n in m.graph.node]
        self.assertEqual(ops.count("MatMulIntegerToFloat"), 5)
        self.assertEqual(ops.count("QuantizeLinear"), 5)
        self.assertNotIn("ConvInteger", ops)
        pair = [n for n in m.graph.node if n.output[0] == "pair_probs"][0]
        self.assertEqual(pair.op_type, "Softmax")
        self.assertIn("/pa/Conv_output_0", {i for n in m.graph.node for i in n.input})
        self.assertEqual([o.name for o in m.graph.output], ["aspect_probs", "opinion_probs", "pair_probs"])


if __name__ == "__main__":
    unittest.main()
