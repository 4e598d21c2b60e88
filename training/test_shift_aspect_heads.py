#!/usr/bin/python3
"""Tests for shift_aspect_heads.py. Run:
/usr/bin/python3 -m unittest discover -s training -p 'test_shift_aspect_heads.py'
Skips without numpy/onnx."""

import os
import sys
import tempfile
import unittest

try:
    import numpy as np
    import onnx
    from onnx import TensorProto, helper, numpy_helper
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import shift_aspect_heads as S  # noqa: E402
except ImportError:  # pragma: no cover
    S = None

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def heads_graph(asp_bias=(-0.39, -0.52, -0.62), op_bias=(0.27, -0.53, -0.14), bias_shape=(3,)):
    """A [1, C, L] trunk output through aspect-zh's two 1x1 tag heads (Conv asp, op) and Softmax."""
    rng = np.random.default_rng(7)
    inits = [numpy_helper.from_array(rng.standard_normal((3, 4, 1)).astype(np.float32), "asp.weight"),
             numpy_helper.from_array(np.array(asp_bias, np.float32).reshape(bias_shape), "asp.bias"),
             numpy_helper.from_array(rng.standard_normal((3, 4, 1)).astype(np.float32), "op.weight"),
             numpy_helper.from_array(np.array(op_bias, np.float32).reshape(bias_shape), "op.bias")]
    nodes = [helper.make_node("Conv", ["h", "asp.weight", "asp.bias"], ["al"]),
             helper.make_node("Softmax", ["al"], ["aspect_probs"], axis=1),
             helper.make_node("Conv", ["h", "op.weight", "op.bias"], ["ol"]),
             helper.make_node("Softmax", ["ol"], ["opinion_probs"], axis=1)]
    g = helper.make_graph(nodes, "heads", [helper.make_tensor_value_info("h", TensorProto.FLOAT, [1, 4, 5])],
                          [helper.make_tensor_value_info("aspect_probs", TensorProto.FLOAT, [1, 3, 5]),
                           helper.make_tensor_value_info("opinion_probs", TensorProto.FLOAT, [1, 3, 5])], inits)
    return helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)])


def bias(m, name):
    return next(numpy_helper.to_array(i) for i in m.graph.initializer if i.name == name)


@unittest.skipIf(S is None, "numpy/onnx missing")
class ShiftTest(unittest.TestCase):
    def test_shifts_only_the_o_bias(self):
        f = lambda a, p, want_asp, want_op: self._check(a, p, want_asp, want_op)
        f(0.0, 0.0, -0.39, 0.27)
        f(-1.0, 0.0, 0.61, 0.27)   # raise the aspect O bias by 1 (undo a baked --o-shift 1.0)
        f(0.5, 0.5, -0.89, -0.23)
        f(-0.5, 1.0, 0.11, -0.73)

    def _check(self, a, p, want_asp, want_op):
        m = heads_graph()
        before = {i.name: numpy_helper.to_array(i).copy() for i in m.graph.initializer}
        got = S.shift_heads(m, a, p)
        self.assertAlmostEqual(float(bias(m, "asp.bias")[0]), want_asp, places=5)
        self.assertAlmostEqual(float(bias(m, "op.bias")[0]), want_op, places=5)
        self.assertAlmostEqual(got["asp.bias"][1], want_asp, places=5)
        # B and I biases and every other tensor are untouched; the graph stays valid.
        for name in ("asp.bias", "op.bias"):
            np.testing.assert_array_equal(bias(m, name)[1:], before[name][1:])
        for name in ("asp.weight", "op.weight"):
            np.testing.assert_array_equal(bias(m, name), before[name])
        onnx.checker.check_model(m)

    def test_lower_o_bias_tags_more(self):
        # Decoding is the argmax over (O, B, I): lowering O by s turns positions whose O margin is < s into tags.
        m = heads_graph()
        w, b0 = bias(m, "asp.weight")[:, :, 0], bias(m, "asp.bias").copy()
        h = np.random.default_rng(3).standard_normal((4, 200)).astype(np.float32)
        S.shift_heads(m, 1.0, 0.0)
        b1 = bias(m, "asp.bias")
        tags0 = ((w @ h + b0[:, None]).argmax(0) != 0).sum()
        tags1 = ((w @ h + b1[:, None]).argmax(0) != 0).sum()
        self.assertGreater(tags1, tags0)

    def test_refuses_other_graphs(self):
        with self.assertRaisesRegex(ValueError, "float32 \\[3\\]"):
            S.shift_heads(heads_graph(bias_shape=(3, 1)), 1.0, 0.0)
        m = heads_graph()
        for i in m.graph.initializer:
            if i.name == "op.bias":
                i.name = "op.b"
        with self.assertRaisesRegex(ValueError, "op.bias"):
            S.shift_heads(m, 0.0, 0.5)
        # The shipped int8 model fuses its heads into one MatMul: it is not a source for this script.
        shipped = os.path.join(ROOT, "models", "aspect-zh", "model.onnx")
        if os.path.exists(shipped):
            with self.assertRaisesRegex(ValueError, "not an aspect-zh graph"):
                S.shift_heads(onnx.load(shipped), 1.0, 0.0)

    def test_main_writes_file(self):
        with tempfile.TemporaryDirectory() as d:
            src, out = os.path.join(d, "src.onnx"), os.path.join(d, "out.onnx")
            onnx.save(heads_graph(), src)
            self.assertEqual(S.main(["--src", src, "--out", out, "--aspect-o", "-0.5", "--opinion-o", "0.5"]), 0)
            m = onnx.load(out)
            self.assertAlmostEqual(float(bias(m, "asp.bias")[0]), 0.11, places=5)
            self.assertAlmostEqual(float(bias(m, "op.bias")[0]), -0.23, places=5)
            with self.assertRaises(SystemExit):
                S.main(["--src", os.path.join(ROOT, "models", "aspect-zh", "model.onnx"), "--out", out])


if __name__ == "__main__":
    unittest.main()
