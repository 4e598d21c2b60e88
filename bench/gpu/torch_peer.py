#!/usr/bin/env python3
"""PyTorch eager peer for bench/gpu/run.sh: the same BERT-base-shaped model as
training/make_bert_base.py (same class, same seed), run on random token ids at the same
batch sizes and sequence length as the engine's runs, timed with CUDA synchronisation.

Precisions: fp32, fp16 (model.half(), eager) and fp16-autocast (torch.autocast float16 over
an fp32 model, the anchor the issue quotes). Excludes tokenization (the engine's numbers
include it). Writes a JSON list of runs.

Usage: python3 bench/gpu/torch_peer.py --device cuda --batch 1,32,128 --seq-len 128
       --duration 3 --precision fp32,fp16,fp16-autocast --out FILE
"""

import argparse
import json
import os
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "training"))
import make_bert_base  # noqa: E402


def run(model, device, batch, seq, precision, duration, warmup):
    g = torch.Generator().manual_seed(batch * 1000 + seq)
    ids = torch.randint(1000, 8000, (batch, seq), dtype=torch.int64, generator=g).to(device)
    mask = torch.ones(batch, seq, dtype=torch.int64, device=device)
    sync = torch.cuda.synchronize if device == "cuda" else (lambda: None)
    auto = precision == "fp16-autocast"

    def step():
        if auto:
            with torch.autocast(device_type=device, dtype=torch.float16):
                return model(ids, mask)
        return model(ids, mask)

    with torch.inference_mode():
        for _ in range(warmup):
            step()
        sync()
        lat = []
        t0 = time.perf_counter()
        while time.perf_counter() - t0 < duration:
            s = time.perf_counter()
            out = step()
            out.float().sum().item()  # read back like the engine does (forces sync)
            lat.append(time.perf_counter() - s)
        total = time.perf_counter() - t0
    lat.sort()
    pct = lambda q: 1000 * lat[min(len(lat) - 1, int(q * len(lat)))]  # noqa: E731
    return {"runtime": "pytorch-eager", "device": device, "model": "bert-base-random", "precision": precision,
            "batch": batch, "seq_len": seq, "batches": len(lat), "texts": len(lat) * batch, "seconds": total,
            "texts_per_sec": len(lat) * batch / total, "p50_ms": pct(0.5), "p95_ms": pct(0.95), "p99_ms": pct(0.99),
            "torch": torch.__version__}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--device", default="cuda")
    ap.add_argument("--batch", default="1,32,128")
    ap.add_argument("--seq-len", type=int, default=128)
    ap.add_argument("--duration", type=float, default=3.0)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--precision", default="fp32,fp16,fp16-autocast")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    if a.device == "cpu":
        torch.set_num_threads(1)
    torch.manual_seed(1)
    base = make_bert_base.Bert().eval()
    for p in base.parameters():
        if p.dim() > 1:
            torch.nn.init.normal_(p, std=0.02)
    base = base.to(a.device)
    runs = []
    for prec in a.precision.split(","):
        model = base
        if prec == "fp16":
            model = make_bert_base.Bert().eval()
            model.load_state_dict(base.state_dict())
            model = model.to(a.device).half()
        for b in [int(x) for x in a.batch.split(",")]:
            r = run(model, a.device, b, a.seq_len, prec, a.duration, a.warmup)
            print("torch %s batch %d seq %d: %.1f texts/s" % (prec, b, a.seq_len, r["texts_per_sec"]), file=sys.stderr, flush=True)
            runs.append(r)
        if prec == "fp16":
            del model
    with open(a.out, "w") as f:
        json.dump(runs, f, indent=1)


if __name__ == "__main__":
    main()
