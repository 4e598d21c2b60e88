"""Write an int8 aspect-zh: the five gated convolutions as u8 x s8 integer matrix products.

aspect-zh's trunk (models/aspect-zh/model.onnx) is five gated dilated Conv1d blocks (k=3,
128 -> 256 channels), the largest single cost of `tingzhen analyze`. This script rewrites the
graph, with the same weights, in a [batch, seq, channels] layout:

  h -> QuantizeLinear(scale_i, zero_i) (u8, static: one scale per block input, calibrated)
    -> Pad (with zero_i) / 3 Slices / Concat  (im2col of the dilated k=3 window, in u8)
    -> com.microsoft.MatMulIntegerToFloat(W_i s8 per output column, bias) -> GLU, residual, mask

and the 1x1 heads (inp, asp, op, pa, po) as fp32 MatMul. The pair grid keeps the original
nodes and names (Unsqueeze/Add/Relu/Conv/Transpose/Softmax over pa, po as [batch, C, seq]), so
model/pairsplit.go still cuts it at the cells the decoder reads.

The activation scale is static (fixed per block, from calibration texts), not dynamic: a text's
outputs then never depend on the other texts of its batch (DynamicQuantizeMatMul takes one
scale per batch tensor). Weights are symmetric s8 per output column (zero point 0), within [-63, 63] (WMAX: no int16
saturation in the AVX2 kernel, so every x86-64 CPU computes the same outputs).

Calibration texts: training/data/silver_{ecommerce,food_delivery}.jsonl (training data; no
report or DEV set). Choices (--mode, --range, --fp32-blocks) were compared on DEV through
analyze; bench/results/models.md "quant12, session 12".

reference.jsonl is recomputed with a NumPy emulation of the written graph (QuantizeLinear
round-half-even and saturate, exact integer products, fp32 scale and bias), decoded with
training/aste_data.py decode().

  /usr/bin/python3 training/quantize_aspect.py --src models/aspect-zh/model.onnx --out /tmp/q/a
"""
import argparse
import hashlib
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import aste_data as A  # noqa: E402

DILATIONS = [1, 2, 4, 8, 1]
CALIB_FILES = ["training/data/silver_ecommerce.jsonl", "training/data/silver_food_delivery.jsonl"]


def load_weights(path):
    m = onnx.load(path)
    return m, {i.name: numpy_helper.to_array(i) for i in m.graph.initializer}


def check_source(m, W):
    """The rewrite knows one architecture: refuse any other graph."""
    convs = [n for n in m.graph.node if n.op_type == "Conv"]
    names = [n.input[1] for n in convs]
    want = ["inp.weight"] + [f"convs.{i}.weight" for i in range(5)] + ["asp.weight", "op.weight", "pa.weight", "po.weight", "pair.weight"]
    if names != want:
        raise SystemExit(f"unexpected Conv weights {names}")
    for i, d in enumerate(DILATIONS):
        n = convs[1 + i]
        at = {a.name: helper.get_attribute_value(a) for a in n.attribute}
        if list(at["dilations"]) != [d] or list(at["pads"]) != [d, d] or list(at["kernel_shape"]) != [3] or W[f"convs.{i}.weight"].shape != (256, 128, 3):
            raise SystemExit(f"block {i}: unexpected conv {at}")


def im2col(h, d):
    """[B, L, C] -> [B, L, 3C]: for k in 0..2, the token at l + (k-1)*d (0 outside)."""
    B, L, C = h.shape
    p = np.zeros((B, L + 2 * d, C), h.dtype)
    p[:, d:d + L] = h
    return np.concatenate([p[:, k * d:k * d + L] for k in range(3)], axis=2)


def wcol(w):
    """Conv weight [O, C, 3] -> [3C, O] matching im2col's k*C + c."""
    return np.ascontiguousarray(w.transpose(2, 1, 0).reshape(-1, w.shape[0])).astype(np.float32)


# WMAX bounds the s8 weights to [-WMAX, WMAX]. ONNX Runtime's u8 x s8 kernel on x86-64 CPUs
# without AVX-512 VNNI (AVX2: vpmaddubsw) adds each two adjacent u8 x s8 products into a
# saturating int16: 255 * 127 * 2 = 64,770 overflows it, so the same model gave different
# outputs on an AVX2-only CPU than on a VNNI one (session 16: TestAspectReferenceParity and the
# golden outputs failed on an AMD EPYC without VNNI). With |w| <= 63, 255 * 63 * 2 = 32,130 fits,
# every kernel computes the exact integer product and the outputs are the same on every CPU
# (the 7-bit weight range of ONNX Runtime's own reduce_range option).
WMAX = 63


def quant_weight(w2, wmax=WMAX):
    sc = (np.abs(w2).max(0) / float(wmax)).astype(np.float32)
    sc[sc == 0] = 1
    q = np.clip(np.rint(w2 / sc), -wmax, wmax).astype(np.int8)
    return q, sc


def forward(W, ids, mask, q=None):
    """NumPy forward of the graph. q: per block None (fp32) or (scale, zero, wq, wsc).
    Returns aspect, opinion, pair probs and the block inputs."""
    m3 = mask.astype(np.float32)[:, :, None]
    emb = W["emb.weight"][W["remap"][ids]]
    h = (emb @ W["inp.weight"][:, :, 0].T + W["inp.bias"]) * m3
    h = h.astype(np.float32)
    ins = []
    for i, d in enumerate(DILATIONS):
        ins.append(h)
        b = W[f"convs.{i}.bias"].astype(np.float32)
        if q is None or q[i] is None:
            y = im2col(h, d) @ wcol(W[f"convs.{i}.weight"]) + b
        else:
            scale, zero, wq, wsc = q[i]
            hq = np.clip(np.rint(h / np.float32(scale)) + zero, 0, 255).astype(np.int64)
            col = im2col(hq - zero, d)
            acc = (col @ wq.astype(np.int64)).astype(np.float32)
            y = acc * (np.float32(scale) * wsc).astype(np.float32) + b
        y = y.astype(np.float32)
        a, g = y[..., :128], y[..., 128:]
        h = ((h + a * (1 / (1 + np.exp(-np.clip(g, -80, 80))))) * m3).astype(np.float32)

    def head(name, bias=True):
        y = h @ W[name + ".weight"][:, :, 0].T
        return y + W[name + ".bias"] if bias else y

    def softmax(x):
        e = np.exp(x - x.max(-1, keepdims=True))
        return e / e.sum(-1, keepdims=True)
    pa, po = head("pa"), head("po", False)  # [B, L, 32]
    grid = np.maximum(pa[:, :, None, :] + po[:, None, :, :], 0)  # [B, i, j, 32]
    pair = grid @ W["pair.weight"][:, :, 0, 0].T + W["pair.bias"]
    return softmax(head("asp")), softmax(head("op")), softmax(pair), ins


def calib_ids(tok, n, max_len=128):
    texts = []
    for f in CALIB_FILES:
        with open(f, encoding="utf-8") as fh:
            for k, line in enumerate(fh):
                if k >= n // len(CALIB_FILES):
                    break
                texts.append(json.loads(line)["text"])
    return [[tok.cls] + tok.encode_text(t)[: max_len - 2] + [tok.sep] for t in texts]


def batches(encs, size=64):
    encs = sorted(encs, key=len)
    for s in range(0, len(encs), size):
        part = encs[s:s + size]
        L = max(len(e) for e in part)
        ids = np.zeros((len(part), L), np.int64)
        mask = np.zeros((len(part), L), np.int64)
        for i, e in enumerate(part):
            ids[i, :len(e)] = e
            mask[i, :len(e)] = 1
        yield ids, mask


def calibrate(W, encs, mode, rng):
    """Per block input: (scale, zero) of its u8 quantisation over real tokens' values."""
    vals = [[] for _ in DILATIONS]
    for ids, mask in batches(encs):
        _, _, _, ins = forward(W, ids, mask)
        real = mask.astype(bool)
        for i, h in enumerate(ins):
            vals[i].append(h[real].ravel())
    out = []
    for v in vals:
        v = np.concatenate(v)
        if rng == "max":
            lo, hi = float(v.min()), float(v.max())
        else:
            p = float(rng)
            lo, hi = float(np.percentile(v, 100 - p)), float(np.percentile(v, p))
        lo, hi = min(lo, 0.0), max(hi, 0.0)
        if mode == "sym":
            m = max(-lo, hi)
            scale, zero = m / 127.0, 128
        else:
            scale = (hi - lo) / 255.0
            zero = int(np.clip(np.rint(-lo / scale), 0, 255))
        out.append((np.float32(scale), zero))
    return out


def build(src, W, qparams, fp32_blocks, wmax=WMAX):
    nodes, inits = [], []

    def C(name, arr):
        inits.append(numpy_helper.from_array(np.ascontiguousarray(arr), name))
        return name

    def N(op, ins, outs, **kw):
        nodes.append(helper.make_node(op, ins, outs, **kw))
        return outs[0] if len(outs) == 1 else outs

    C("remap", W["remap"])
    C("emb.weight", W["emb.weight"])
    N("Cast", ["attention_mask"], ["q/maskf"], to=TensorProto.FLOAT)
    N("Unsqueeze", ["q/maskf", C("q/ax2", np.array([2], np.int64))], ["q/mask3"])
    N("Gather", ["remap", "input_ids"], ["q/ids"], axis=0)
    N("Gather", ["emb.weight", "q/ids"], ["q/emb"])
    y = N("MatMul", ["q/emb", C("inp.wt", W["inp.weight"][:, :, 0].T.astype(np.float32))], ["q/inp.mm"])
    y = N("Add", [y, C("inp.bias", W["inp.bias"])], ["q/inp"])
    h = N("Mul", [y, "q/mask3"], ["q/h0"])
    C("q/ax1", np.array([1], np.int64))
    for i, d in enumerate(DILATIONS):
        p = f"q/b{i}"
        w2 = wcol(W[f"convs.{i}.weight"])
        bias = W[f"convs.{i}.bias"].astype(np.float32)
        quant = i not in fp32_blocks
        if quant:
            scale, zero = qparams[i]
            x = N("QuantizeLinear", [h, C(p + ".scale", np.array(scale, np.float32)), C(p + ".zero", np.array(zero, np.uint8))], [p + ".q"])
            pad_val = C(p + ".padv", np.array(zero, np.uint8))
        else:
            x, pad_val = h, None
        xp = N("Pad", [x, C(p + ".pads", np.array([0, d, 0, 0, d, 0], np.int64))] + ([pad_val] if pad_val else []), [p + ".pad"])
        sl = []
        for k in range(3):
            st, en = k * d, (k * d - 2 * d if k < 2 else 2 ** 62)
            sl.append(N("Slice", [xp, C(p + f".st{k}", np.array([st], np.int64)), C(p + f".en{k}", np.array([en], np.int64)), "q/ax1"], [p + f".sl{k}"]))
        col = N("Concat", sl, [p + ".col"], axis=2)
        if quant:
            wq, wsc = quant_weight(w2, wmax)
            y = N("MatMulIntegerToFloat", [col, C(p + ".wq", wq), p + ".scale", C(p + ".wsc", wsc), p + ".zero", C(p + ".wzp", np.zeros(256, np.int8)), C(p + ".bias", bias)],
                  [p + ".y"], domain="com.microsoft")
        else:
            y = N("MatMul", [col, C(p + ".w", w2)], [p + ".mm"])
            y = N("Add", [y, C(p + ".bias", bias)], [p + ".y"])
        a, g = N("Split", [y, C(p + ".sp", np.array([128, 128], np.int64))], [p + ".a", p + ".g"], axis=2)
        s = N("Sigmoid", [g], [p + ".sig"])
        mu = N("Mul", [a, s], [p + ".glu"])
        r = N("Add", [h, mu], [p + ".res"])
        h = N("Mul", [r, "q/mask3"], [p + ".out"])
    # The 1x1 heads in one fp32 MatMul: asp 3, op 3, pa 32, po 32 (no bias).
    hw = np.concatenate([W[n + ".weight"][:, :, 0] for n in ("asp", "op", "pa", "po")], 0).T.astype(np.float32)
    hb = np.concatenate([W["asp.bias"], W["op.bias"], W["pa.bias"], np.zeros(32, np.float32)]).astype(np.float32)
    y = N("MatMul", [h, C("heads.w", hw)], ["q/heads.mm"])
    y = N("Add", [y, C("heads.b", hb)], ["q/heads"])
    asp, op, pa, po = N("Split", [y, C("heads.sp", np.array([3, 3, 32, 32], np.int64))], ["q/asp", "q/op", "q/pa", "q/po"], axis=2)
    N("Softmax", [asp], ["aspect_probs"], axis=-1)
    N("Softmax", [op], ["opinion_probs"], axis=-1)
    N("Transpose", [pa], ["/pa/Conv_output_0"], perm=[0, 2, 1])
    N("Transpose", [po], ["/po/Conv_output_0"], perm=[0, 2, 1])
    # The pair grid: the original nodes from the Unsqueezes of pa/po on, unchanged.
    keep = False
    for n in src.graph.node:
        if n.op_type == "Constant" and n.output[0] == "/Constant_1_output_0":
            keep = True
        if keep and n.output[0] not in ("aspect_probs", "opinion_probs"):
            nodes.append(n)
    C("pair.weight", W["pair.weight"])
    C("pair.bias", W["pair.bias"])
    g = helper.make_graph(nodes, "aspect_zh_int8", list(src.graph.input), list(src.graph.output), inits)
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid("com.microsoft", 1)])
    m.ir_version = src.ir_version
    m.producer_name = "training/quantize_aspect.py"
    onnx.checker.check_model(m)
    return m


def tok_text(tok, ids, s, e):
    """The text of tokens [s, e) (training/train_aspect.py tok_text)."""
    inv = {v: k for k, v in tok.vocab.items()}
    return "".join(inv[int(i)].replace("##", "") for i in ids[s:e])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--src", default="models/aspect-zh/model.onnx")
    ap.add_argument("--out", required=True, help="folder: model.onnx, reference.jsonl, quant.json")
    ap.add_argument("--mode", choices=["sym", "asym"], default="asym")
    ap.add_argument("--range", default="max", help="max, or a percentile such as 99.99 (of all real-token values)")
    ap.add_argument("--fp32-blocks", default="", help="comma-separated blocks (0-4) left fp32")
    ap.add_argument("--calib", type=int, default=2000, help="calibration texts")
    ap.add_argument("--vocab", default="models/aspect-zh/vocab.txt")
    ap.add_argument("--ref", default="models/aspect-zh/reference.jsonl", help="the fp32 reference (its texts and ids)")
    ap.add_argument("--wmax", type=int, default=WMAX,
                    help="weight range [-wmax, wmax]; above 63 the u8 x s8 products saturate on CPUs without AVX-512 VNNI (see WMAX)")
    args = ap.parse_args()
    if not 1 <= args.wmax <= 127:
        raise SystemExit(f"--wmax {args.wmax}: want 1..127")
    os.makedirs(args.out, exist_ok=True)
    src, W = load_weights(args.src)
    check_source(src, W)
    tok = A.BertTok(args.vocab)
    fp32 = {int(x) for x in args.fp32_blocks.split(",") if x != ""}
    qp = calibrate(W, calib_ids(tok, args.calib), args.mode, args.range)
    m = build(src, W, qp, fp32, args.wmax)
    path = os.path.join(args.out, "model.onnx")
    onnx.save(m, path)
    qemu = [None if i in fp32 else (qp[i][0], qp[i][1]) + quant_weight(wcol(W[f"convs.{i}.weight"]), args.wmax) for i in range(5)]
    refs = [json.loads(x) for x in open(args.ref, encoding="utf-8")]
    ids = np.array([r["input_ids"] for r in refs], np.int64)
    mask = np.array([r["attention_mask"] for r in refs], np.int64)
    a, o, p, _ = forward(W, ids, mask, qemu)
    _, _, pf, _ = forward(W, ids, mask)
    L = ids.shape[1]
    with open(os.path.join(args.out, "reference.jsonl"), "w", encoding="utf-8") as fo:
        for i, r in enumerate(refs):
            n = r["seq_len"]
            trips = A.decode(a[i, :n], o[i, :n], p[i, :n, :n], n, bare=True)

            out = [{"aspect_start": t[0], "aspect_end": t[1], "opinion_start": t[2], "opinion_end": t[3],
                    "polarity": t[4], "score": float(t[5]),
                    "aspect": "" if t[0] < 0 else tok_text(tok, ids[i], t[0], t[1]),
                    "opinion": "" if t[2] < 0 else tok_text(tok, ids[i], t[2], t[3])} for t in trips]
            r["outputs"] = {
                "aspect_probs": {"shape": [L, 3], "data": [float(v) for v in a[i].ravel()]},
                "opinion_probs": {"shape": [L, 3], "data": [float(v) for v in o[i].ravel()]},
                "pair_probs": {"shape": [L, L, 4], "data": [float(v) for v in p[i].ravel()]},
            }
            r["triplets"] = out
            fo.write(json.dumps(r, ensure_ascii=False) + "\n")
    info = {"src_sha256": hashlib.sha256(open(args.src, "rb").read()).hexdigest(),
            "sha256": hashlib.sha256(open(path, "rb").read()).hexdigest(), "size_bytes": os.path.getsize(path),
            "mode": args.mode, "range": args.range, "wmax": args.wmax, "fp32_blocks": sorted(fp32), "calib_texts": args.calib,
            "calib_files": CALIB_FILES,
            "blocks": [{"scale": float(s), "zero": int(z), "int8": i not in fp32} for i, (s, z) in enumerate(qp)],
            "reference_max_abs_diff_vs_fp32": {"aspect_probs": float(np.abs(a - forward(W, ids, mask)[0]).max()),
                                               "pair_probs": float(np.abs(p - pf).max())}}
    with open(os.path.join(args.out, "quant.json"), "w") as fo:
        json.dump(info, fo, indent=1)
    print(json.dumps(info))


if __name__ == "__main__":
    main()
