#!/usr/bin/env python3
"""Writes a BERT-base-shaped sentiment model with RANDOM weights for speed comparisons only.

12 layers, hidden 768, 12 heads, FFN 3072, bert-base-chinese vocabulary (21,128 ids), 512
positions, [CLS] -> linear -> softmax over 3 labels ("probs"), like models/sentiment-zh, so
`tingzhen bench speed --model DIR` runs it through the engine unchanged. Attention is written
by hand (no nn.MultiheadAttention / TransformerEncoder; see ../shared/notes/dependencies.md),
exported with ONNX opset 17. The output folder holds model.onnx (~410 MB: never commit it;
the default folder tmp/ is git-ignored), vocab.txt and model.yaml.

Usage: /usr/bin/python3 training/make_bert_base.py [--out tmp/bert-base-random] [--seed 1]
"""

import argparse
import inspect
import math
import os
import shutil

import torch
from torch import nn

VOCAB, HIDDEN, LAYERS, HEADS, FFN, POSITIONS, LABELS = 21128, 768, 12, 12, 3072, 512, 3


class Layer(nn.Module):
    def __init__(self):
        super().__init__()
        self.qkv = nn.Linear(HIDDEN, 3 * HIDDEN)
        self.out = nn.Linear(HIDDEN, HIDDEN)
        self.ln1 = nn.LayerNorm(HIDDEN, eps=1e-12)
        self.ff1 = nn.Linear(HIDDEN, FFN)
        self.ff2 = nn.Linear(FFN, HIDDEN)
        self.ln2 = nn.LayerNorm(HIDDEN, eps=1e-12)

    def forward(self, x, bias):
        b, s, _ = x.shape
        q, k, v = self.qkv(x).view(b, s, 3, HEADS, HIDDEN // HEADS).permute(2, 0, 3, 1, 4)
        att = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(HIDDEN // HEADS) + bias
        ctx = torch.matmul(torch.softmax(att, dim=-1), v).transpose(1, 2).reshape(b, s, HIDDEN)
        x = self.ln1(x + self.out(ctx))
        return self.ln2(x + self.ff2(nn.functional.gelu(self.ff1(x))))


class Bert(nn.Module):
    def __init__(self):
        super().__init__()
        self.tok = nn.Embedding(VOCAB, HIDDEN)
        self.pos = nn.Embedding(POSITIONS, HIDDEN)
        self.typ = nn.Embedding(2, HIDDEN)
        self.ln = nn.LayerNorm(HIDDEN, eps=1e-12)
        self.layers = nn.ModuleList([Layer() for _ in range(LAYERS)])
        self.pool = nn.Linear(HIDDEN, HIDDEN)
        self.head = nn.Linear(HIDDEN, LABELS)

    def forward(self, input_ids, attention_mask):
        s = input_ids.shape[1]
        pos = torch.arange(s, device=input_ids.device).unsqueeze(0)
        x = self.ln(self.tok(input_ids) + self.pos(pos) + self.typ.weight[0])
        bias = (1.0 - attention_mask.to(x.dtype))[:, None, None, :] * -10000.0
        for layer in self.layers:
            x = layer(x, bias)
        pooled = torch.tanh(self.pool(x[:, 0]))
        return torch.softmax(self.head(pooled), dim=-1)


CARD = """# BERT-base-shaped model with RANDOM weights, written by training/make_bert_base.py.
# For speed comparisons only: its predictions mean nothing.
name: bert-base-random
task: sentiment
version: random-seed-{seed}
files:
  model: model.onnx
  vocab: vocab.txt
labels: [negative, neutral, positive]
max_len: 512
tokenizer:
  type: bert-wordpiece
  vocab: vocab.txt
  lowercase: true
inputs:
- name: input_ids
  dtype: int64
  shape: [batch, seq]
- name: attention_mask
  dtype: int64
  shape: [batch, seq]
outputs:
- name: probs
  dtype: float32
  shape: [batch, 3]
architecture:
  type: BERT-base encoder (12 layers, hidden 768, 12 heads, FFN 3072, vocab 21128, 512 positions), hand-written attention
  params: {params}
  onnx_opset: 17
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default="tmp/bert-base-random")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--vocab", default="models/sentiment-zh/vocab.txt", help="bert-base-chinese vocab.txt")
    args = ap.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(args.seed)
    model = Bert().eval()
    for p in model.parameters():  # BERT's initialiser scale
        if p.dim() > 1:
            nn.init.normal_(p, std=0.02)
    os.makedirs(args.out, exist_ok=True)
    ids = torch.randint(1000, 8000, (2, 16), dtype=torch.int64)
    mask = torch.ones(2, 16, dtype=torch.int64)
    mask[1, 10:] = 0
    path = os.path.join(args.out, "model.onnx")
    # torch >= 2.9 exports through dynamo by default; the TorchScript exporter keeps the
    # dynamic_axes below and needs no onnxscript (torch 1.13 here has no such argument).
    # If a later torch has dropped that exporter, the dynamo one (needs onnxscript) is tried.
    has_dynamo = "dynamo" in inspect.signature(torch.onnx.export).parameters
    kw = dict(input_names=["input_ids", "attention_mask"], output_names=["probs"],
              dynamic_axes={"input_ids": {0: "batch", 1: "seq"},
                            "attention_mask": {0: "batch", 1: "seq"}, "probs": {0: "batch"}})
    with torch.no_grad():
        try:
            torch.onnx.export(model, (ids, mask), path, opset_version=17, **({"dynamo": False} if has_dynamo else {}), **kw)
        except Exception as e:  # noqa: BLE001
            if not has_dynamo:
                raise
            print(f"TorchScript exporter failed ({e}); trying dynamo=True")
            torch.onnx.export(model, (ids, mask), path, opset_version=18, dynamo=True, **kw)
    shutil.copyfile(args.vocab, os.path.join(args.out, "vocab.txt"))
    n = sum(p.numel() for p in model.parameters())
    with open(os.path.join(args.out, "model.yaml"), "w", encoding="utf-8") as f:
        f.write(CARD.format(seed=args.seed, params=n))
    print(f"wrote {path} ({os.path.getsize(path) / 1e6:.0f} MB, {n} parameters)")


if __name__ == "__main__":
    main()
