#!/usr/bin/env python3
"""Writes an fp16 variant of an ONNX model folder (model.onnx + its card and vocab), for the GPU.

Only the `onnx` package is needed (Debian's python3-onnx 1.12 here; the GPU machine's onnx
too); onnxconverter-common is not used. What changes in the graph:
  - every float32 initializer, Constant, ConstantOfShape value and Cast(to=FLOAT) becomes
    float16; values beyond fp16's range are clamped to +-65504 (mask constants such as -1e9);
  - the graph's inputs and outputs keep their types (int64 ids and mask in, float32 out):
    a float32 output gets a Cast from the fp16 value computed inside, so the engine's Go side
    (engine/infer: float32 outputs) runs the fp16 model unchanged;
  - intermediate value_info is dropped, so ONNX Runtime infers the new types itself.
The folder's other files (model.yaml, vocab.txt, ...) are copied; model.yaml gets a comment
line saying it is the fp16 variant of which file.

Usage: /usr/bin/python3 scripts/onnx_fp16.py MODEL_DIR OUT_DIR
"""

import os
import shutil
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

FP16_MAX = 65504.0


def to_fp16(t):
    """A float32 TensorProto as float16 (clamped to fp16's range), same name."""
    a = numpy_helper.to_array(t).astype(np.float32)
    a = np.clip(a, -FP16_MAX, FP16_MAX).astype(np.float16)
    out = numpy_helper.from_array(a, t.name)
    return out


def convert_graph(g, top):
    for i, t in enumerate(g.initializer):
        if t.data_type == TensorProto.FLOAT:
            g.initializer[i].CopyFrom(to_fp16(t))
    for n in g.node:
        for a in n.attribute:
            if a.type == onnx.AttributeProto.TENSOR and a.t.data_type == TensorProto.FLOAT:
                a.t.CopyFrom(to_fp16(a.t))
            elif a.type == onnx.AttributeProto.GRAPH:
                convert_graph(a.g, False)
            elif a.type == onnx.AttributeProto.GRAPHS:
                for sg in a.graphs:
                    convert_graph(sg, False)
        if n.op_type == "Cast":
            for a in n.attribute:
                if a.name == "to" and a.i == TensorProto.FLOAT:
                    a.i = TensorProto.FLOAT16
    del g.value_info[:]
    if not top:
        return
    # Float32 graph inputs: cast to fp16 on the way in.
    casts_in = []
    for inp in g.input:
        if inp.type.tensor_type.elem_type != TensorProto.FLOAT:
            continue
        if any(t.name == inp.name for t in g.initializer):
            continue
        new = inp.name + "__fp16"
        for n in g.node:
            for i, x in enumerate(n.input):
                if x == inp.name:
                    n.input[i] = new
        casts_in.append(helper.make_node("Cast", [inp.name], [new], to=TensorProto.FLOAT16, name=new + "_cast"))
    # Float32 graph outputs: computed in fp16 under a new name, cast back to float32.
    casts_out = []
    for out in g.output:
        if out.type.tensor_type.elem_type != TensorProto.FLOAT:
            continue
        inner = out.name + "__fp16"
        for n in g.node:
            for i, x in enumerate(n.output):
                if x == out.name:
                    n.output[i] = inner
            for i, x in enumerate(n.input):
                if x == out.name:
                    n.input[i] = inner
        casts_out.append(helper.make_node("Cast", [inner], [out.name], to=TensorProto.FLOAT, name=out.name + "_cast"))
    nodes = casts_in + list(g.node) + casts_out
    del g.node[:]
    g.node.extend(nodes)


def convert(src, dst):
    m = onnx.load(src)
    convert_graph(m.graph, True)
    onnx.checker.check_model(m)
    onnx.save(m, dst)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    src_dir, out_dir = sys.argv[1], sys.argv[2]
    os.makedirs(out_dir, exist_ok=True)
    for f in os.listdir(src_dir):
        p = os.path.join(src_dir, f)
        if f == "model.onnx" or not os.path.isfile(p):
            continue
        shutil.copyfile(p, os.path.join(out_dir, f))
    src = os.path.join(src_dir, "model.onnx")
    dst = os.path.join(out_dir, "model.onnx")
    convert(src, dst)
    card = os.path.join(out_dir, "model.yaml")
    if os.path.exists(card):
        with open(card, encoding="utf-8") as f:
            text = f.read()
        with open(card, "w", encoding="utf-8") as f:
            f.write("# fp16 variant of %s written by scripts/onnx_fp16.py (float32 in/out, float16 inside)\n" % src)
            f.write(text)
    print("wrote %s (%.1f MB, from %.1f MB)" % (dst, os.path.getsize(dst) / 1e6, os.path.getsize(src) / 1e6))


if __name__ == "__main__":
    main()
