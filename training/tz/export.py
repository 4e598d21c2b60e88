"""ONNX export and the checks written beside it: reference.jsonl (PyTorch outputs alone and in
a padded batch), padding invariance, CPU latency, reading an exported graph's weights back."""

import json
import math
import os
import time

import numpy as np
import torch

from .nn import pad_batch


def export_onnx(model, path, output_name="probs", opset=17):
    model.eval()
    ids = torch.tensor([[101, 2769, 102], [101, 1962, 102]], dtype=torch.long)
    mask = torch.ones_like(ids)
    torch.onnx.export(
        model,
        (ids, mask),
        path,
        input_names=["input_ids", "attention_mask"],
        output_names=[output_name],
        dynamic_axes={
            "input_ids": {0: "batch", 1: "seq"},
            "attention_mask": {0: "batch", 1: "seq"},
            output_name: {0: "batch"},
        },
        opset_version=opset,
        do_constant_folding=True,
    )
    import onnx

    m = onnx.load(path)
    onnx.checker.check_model(m)
    return sorted({n.op_type for n in m.graph.node})


def write_reference(model, tok, texts, max_len, path):
    """reference.jsonl: per text its ids, mask (unpadded), and PyTorch probs
    computed (a) alone and (b) inside one padded batch of all texts; both are
    recorded and must agree (padding invariance)."""
    model.eval()
    seqs = [tok.encode(t, max_len) for t in texts]
    with torch.no_grad():
        ids, mask = pad_batch(seqs)
        batch_out = model(ids, mask).double().numpy()
        alone = [model(*pad_batch([s])).double().numpy()[0] for s in seqs]
    max_diff = 0.0
    with open(path, "w", encoding="utf-8") as f:
        for t, s, b, a in zip(texts, seqs, batch_out, alone):
            max_diff = max(max_diff, float(np.abs(a - b).max()))
            rec = {
                "text": t,
                "input_ids": s,
                "attention_mask": [1] * len(s),
                "probs": a.tolist(),
            }
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return max_diff


def padding_invariance_check(model, seqs, n=64):
    """Max abs diff between outputs computed alone and in a padded batch."""
    model.eval()
    seqs = seqs[:n]
    with torch.no_grad():
        ids, mask = pad_batch(seqs)
        batch_out = model(ids, mask).numpy()
        diff = 0.0
        for i, s in enumerate(seqs):
            a = model(*pad_batch([s])).numpy()[0]
            diff = max(diff, float(np.abs(a - batch_out[i]).max()))
    return diff


@torch.no_grad()
def latency_us(model, seqs, batch_size=32, reps=3):
    """PyTorch CPU (1 thread) microseconds of process CPU time per text
    (CPU time, not wall time: the build machine is shared), batches padded
    to the longest."""
    model.eval()
    best = math.inf
    for _ in range(reps):
        t0 = time.process_time()
        for s in range(0, len(seqs), batch_size):
            model(*pad_batch(seqs[s : s + batch_size]))
        best = min(best, time.process_time() - t0)
    return best / len(seqs) * 1e6


def onnx_weights(path):
    """The initializers of an exported graph as {name: torch tensor}. torch.onnx.export
    keeps the PyTorch parameter names for weights it does not fold (net.enc.emb.weight,
    net.fc.weight, ...), so a model can be reloaded or partly initialised from them."""
    import onnx
    from onnx import numpy_helper

    return {i.name: torch.from_numpy(numpy_helper.to_array(i).copy()) for i in onnx.load(path).graph.initializer}


def file_size_mb(path):
    return os.path.getsize(path) / 1e6


def write_window_probs(out_dir, exs, probs):
    """DIR/test_window.jsonl: a leave-one-domain-out fold's test texts with the label and the
    model's probabilities on the first max_len tokens (the training scripts' test reading),
    for training/lodo_analyze.py to compare with the engine's reading of the same texts."""
    with open(os.path.join(out_dir, "test_window.jsonl"), "w", encoding="utf-8") as f:
        for (t, y), p in zip(exs, probs):
            f.write(json.dumps({"text": t, "label": int(y), "probs": [round(float(x), 6) for x in p]}, ensure_ascii=False) + "\n")
