"""Lower (or raise) the O-tag bias of aspect-zh's aspect and opinion heads in an fp32 ONNX.

aspect-zh tags aspect and opinion spans with 1x1 heads `asp` and `op` (classes O, B, I); decoding
takes the argmax, so the O logit's bias is a decoding threshold: lowering it by s makes the head tag
more positions. training/train_aspect.py `--o-shift` bakes such a shift into the aspect head at export;
this script re-chooses the shifts of an already exported fp32 graph without retraining:

  /usr/bin/python3 training/shift_aspect_heads.py --src run2.onnx --out shifted.onnx \
      --aspect-o -0.5 --opinion-o 0.5

--aspect-o D lowers asp.bias[0] by D (negative D raises it); --opinion-o likewise for op.bias[0].
Everything else in the graph is copied unchanged. The int8 model is then written from the output with
training/quantize_aspect.py (which keeps the heads fp32, so the edited biases survive as they are).
"""
import argparse
import sys

import numpy as np
import onnx
from onnx import numpy_helper

HEADS = {"aspect": "asp.bias", "opinion": "op.bias"}


def shift_heads(model, aspect_o=0.0, opinion_o=0.0):
    """Lower the O bias (index 0) of asp.bias by aspect_o and of op.bias by opinion_o, in place.

    Returns {initializer name: (old O bias, new O bias)}. Raises ValueError when a head's bias is
    missing or is not a 3-class fp32 vector (O, B, I)."""
    want = {HEADS["aspect"]: aspect_o, HEADS["opinion"]: opinion_o}
    found = {}
    for init in model.graph.initializer:
        if init.name not in want:
            continue
        a = numpy_helper.to_array(init)
        if a.dtype != np.float32 or a.shape != (3,):
            raise ValueError(f"{init.name}: want a float32 [3] bias (O, B, I), got {a.dtype} {list(a.shape)}")
        b = a.copy()
        b[0] = np.float32(b[0] - np.float32(want[init.name]))
        init.CopyFrom(numpy_helper.from_array(b, init.name))
        found[init.name] = (float(a[0]), float(b[0]))
    missing = sorted(set(want) - set(found))
    if missing:
        raise ValueError(f"no initializer {missing}: not an aspect-zh graph")
    return found


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--src", required=True, help="fp32 aspect-zh ONNX")
    ap.add_argument("--out", required=True, help="where the shifted fp32 ONNX is written")
    ap.add_argument("--aspect-o", type=float, default=0.0, help="lower the aspect head's O bias by this")
    ap.add_argument("--opinion-o", type=float, default=0.0, help="lower the opinion head's O bias by this")
    args = ap.parse_args(argv)
    m = onnx.load(args.src)
    try:
        got = shift_heads(m, args.aspect_o, args.opinion_o)
    except ValueError as e:
        raise SystemExit(f"{args.src}: {e}")
    onnx.checker.check_model(m)
    onnx.save(m, args.out)
    for name, (old, new) in sorted(got.items()):
        print(f"{name}[O]: {old:.6f} -> {new:.6f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
