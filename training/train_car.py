#!/usr/bin/python3
"""Train the category-car model: for each of ten car dimensions the
probabilities of absent / negative / neutral / positive, output `probs`
[batch, 10, 4]. Writes model.onnx, vocab.txt, model.yaml (via
write_cards.py), reference.jsonl and metrics.json into --out.

One command, fixed seed, one CPU thread:
  /usr/bin/python3 training/train_car.py --data-dir ../shared/datasets \
      --out models/category-car --init-from models/sentiment-zh/model.onnx --epochs 20 --seed 13
"""

import argparse
import json
import os
import random
import shutil
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tz  # noqa: E402

from tz.car_data import DIMS, POL_TO_STATE, STATES, load_car  # noqa: E402,F401  (also tc.<name>)


class CarCNN(nn.Module):
    """Shared encoder (CNN, BiGRU or BiGRU + CNN); per-dimension masked attention pooling
    plus a shared masked max pool; per-dimension 4-way classifier."""

    def __init__(self, emb_dim, channels, kernels, dropout, n_dims=10, n_states=4, bigram_buckets=0, bigram_dim=0,
                 arch="cnn", hidden=128, vocab_size=21128, ngram_orders="1,2,3", ngram_buckets=20000, ngram_hidden=0,
                 branches="1:64,2:64,3:64"):
        super().__init__()
        if arch in ("ngram", "flex"):  # training/catarch.py encoders (helper catcap), under this head
            import catarch
            if arch == "ngram":
                self.enc = catarch.NgramBag(vocab_size, emb_dim, [int(n) for n in str(ngram_orders).split(",")],
                                            ngram_buckets, ngram_hidden, dropout)
            else:
                self.enc = catarch.FlexCNN(vocab_size, emb_dim, catarch.parse_branches(branches), dropout)
        elif arch == "cnn":
            self.enc = tz.CNNEncoder(vocab_size, emb_dim, channels, kernels, dropout, bigram_buckets, bigram_dim)
        elif arch == "bigru":
            self.enc = tz.GRUEncoder(vocab_size, emb_dim, hidden, dropout)
        elif arch == "bigru-cnn":
            self.enc = tz.GRUEncoder(vocab_size, emb_dim, hidden, dropout, channels, kernels)
        else:
            raise SystemExit("--arch: cnn, bigru, bigru-cnn, ngram or flex, not %r" % arch)
        d = self.enc.out_dim
        self.att = nn.Linear(d, n_dims)
        self.drop = nn.Dropout(dropout)
        self.w = nn.Parameter(torch.randn(n_dims, 2 * d, n_states) * (1.0 / (2 * d) ** 0.5))
        self.b = nn.Parameter(torch.zeros(n_dims, n_states))

    def forward(self, input_ids, attention_mask):
        h, m = self.enc(input_ids, attention_mask)  # [B,L,D], [B,L]
        scores = self.att(h) + ((1.0 - m) * -1e4).unsqueeze(-1)  # [B,L,10]
        alpha = torch.softmax(scores, dim=1)
        pooled = torch.matmul(alpha.transpose(1, 2), h)  # [B,10,D]
        mx = (h + ((1.0 - m) * -1e4).unsqueeze(-1)).max(dim=1).values  # [B,D]
        feat = torch.cat([pooled, mx.unsqueeze(1).expand_as(pooled)], dim=-1)  # [B,10,2D]
        feat = self.drop(feat)
        # One batched MatMul per dimension ([B,10,1,2D] @ [10,2D,4]); the earlier
        # (feat.unsqueeze(-1) * w).sum(2) exported as a Mul that materialised [B,10,2D,4].
        return torch.matmul(feat.unsqueeze(2), self.w).squeeze(2) + self.b  # [B,10,4]


class Ensemble(nn.Module):
    """The exported graph of --ensemble: the mean of its members' calibrated probs [B,10,4]."""

    def __init__(self, members):
        super().__init__()
        # Members whose embeddings are equal (trained with --freeze-emb from the same table)
        # share one module, so the exported graph holds the [21128, E] table once.
        for m in members[1:]:
            for first in members:
                if first is m:
                    break
                if torch.equal(first.net.enc.emb.weight, m.net.enc.emb.weight):
                    m.net.enc.emb = first.net.enc.emb
                    break
        self.members = nn.ModuleList(members)

    def forward(self, input_ids, attention_mask):
        return torch.stack([m(input_ids, attention_mask) for m in self.members]).mean(dim=0)


def load_exported(path):
    """A CNN category-car model.onnx exported by this script (the shipped one) as a
    Calibrated(CarCNN): the encoder's weights by name, the head's by shape (the export
    renames the attention MatMul and the per-dimension MatMul weights)."""
    w = tz.onnx_weights(path)
    convs = sorted(k for k in w if k.startswith("net.enc.convs.") and k.endswith(".weight"))
    a = {"emb_dim": w["net.enc.emb.weight"].shape[1], "channels": w[convs[0]].shape[0],
         "kernels": ",".join(str(w[k].shape[2]) for k in convs), "dropout": 0.0, "arch": "cnn"}
    net = build_model(a)
    own = net.state_dict()
    for k in own:
        if "net." + k in w:
            own[k] = w["net." + k]
    d = net.enc.out_dim
    for k, t in w.items():
        if k.startswith("onnx::") and tuple(t.shape) == (d, 10):
            own["att.weight"] = t.t().contiguous()
        elif k.startswith("onnx::") and tuple(t.shape) == (10, 2 * d, 4):
            own["w"] = t
    net.load_state_dict(own)
    return tz.Calibrated(net, 1.0 / float(w["inv_t"])).eval(), a


def build_model(a):
    return CarCNN(a["emb_dim"], a["channels"], [int(k) for k in str(a["kernels"]).split(",")], a["dropout"],
                  bigram_buckets=a.get("bigram_buckets", 0), bigram_dim=a.get("bigram_dim", 0),
                  arch=a.get("arch", "cnn"), hidden=a.get("hidden", 128), ngram_orders=a.get("ngram_orders", "1,2,3"),
                  ngram_buckets=a.get("ngram_buckets", 20000), ngram_hidden=a.get("ngram_hidden", 0),
                  branches=a.get("branches", "1:64,2:64,3:64"))


def decode(probs, threshold, at_least_one):
    """probs [N,10,4] -> set of (i, dim, state) predictions. A dimension is
    present when 1 - p(absent) >= threshold; its polarity is the argmax over
    negative/neutral/positive. at_least_one: if nothing passes, take the
    dimension with the highest presence."""
    present = 1.0 - probs[:, :, 0]
    pol = probs[:, :, 1:].argmax(-1) + 1
    out = set()
    for i in range(len(probs)):
        sel = np.where(present[i] >= threshold)[0]
        if len(sel) == 0 and at_least_one:
            sel = [int(present[i].argmax())]
        for d in sel:
            out.add((i, int(d), int(pol[i, d])))
    return out


def micro_f1(pred, labels):
    gold = {(i, d, int(labels[i, d])) for i in range(len(labels)) for d in range(labels.shape[1]) if labels[i, d] != 0}
    tp = len(pred & gold)
    p = tp / max(len(pred), 1)
    r = tp / max(len(gold), 1)
    f = 0.0 if p + r == 0 else 2 * p * r / (p + r)
    return {"precision": p, "recall": r, "f1": f, "n_pred": len(pred), "n_gold": len(gold)}


def subject_f1(pred, labels):
    pred_s = {(i, d) for i, d, _ in pred}
    gold = {(i, d) for i in range(len(labels)) for d in range(labels.shape[1]) if labels[i, d] != 0}
    tp = len(pred_s & gold)
    p, r = tp / max(len(pred_s), 1), tp / max(len(gold), 1)
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def best_threshold(probs, labels, at_least_one):
    best = (0.0, 0.5)
    for thr in np.arange(0.05, 0.99, 0.025):
        f = micro_f1(decode(probs, thr, at_least_one), labels)["f1"]
        if f > best[0]:
            best = (f, float(round(thr, 3)))
    return best


def init_from_onnx(model, onnx_path, whole_encoder):
    """Copy the [21128, E] embedding (and with whole_encoder every
    net.enc.* tensor: the CNN too) from an exported sentiment-zh model."""
    own = model.enc.state_dict()
    copied = []
    for name, a in tz.onnx_weights(onnx_path).items():
        if not name.startswith("net.enc."):
            continue
        key = name[len("net.enc."):]
        if key != "emb.weight" and not whole_encoder:
            continue
        if key not in own or own[key].shape != a.shape:
            raise SystemExit(f"--init-from {onnx_path}: {name} {tuple(a.shape)} does not fit this model")
        own[key] = a
        copied.append(key)
    if "emb.weight" not in copied:
        raise SystemExit(f"no net.enc.emb.weight in {onnx_path}")
    model.enc.load_state_dict(own)
    return "%s (%s)" % (onnx_path, ", ".join(copied))


def init_from_mlm(model, path, keep_emb):
    """Copy a pretrain_mlm.py --arch bigru encoder (tz.GRUEncoder's state dict) into
    model.enc: the GRUs, and the embedding unless keep_emb (an --init-from table stays)."""
    st = torch.load(path)
    own = model.enc.state_dict()
    keys = [k for k in st if k != "emb.weight" or not keep_emb]
    for k in keys:
        if k not in own or own[k].shape != st[k].shape:
            raise SystemExit(f"--init-mlm {path}: {k} does not fit this model")
        own[k] = st[k]
    if not any(k.startswith("fwd.") for k in keys):
        raise SystemExit(f"--init-mlm {path}: no GRU weights (want pretrain_mlm.py --arch bigru)")
    model.enc.load_state_dict(own)
    return "%s (%s)" % (path, ", ".join(keys))


def reconstruct_command(a):
    if a.get("ensemble"):  # trains nothing: only what the ensembling run reads
        return "/usr/bin/python3 training/train_car.py --data-dir %s --out %s --seed %s --max-len %s --ensemble %s" % (
            a["data_dir"], a["out"], a["seed"], a["max_len"], a["ensemble"])
    keys = ["data_dir", "out", "init_from", "epochs", "seed", "emb_dim", "channels", "kernels", "dropout", "lr", "absent_weight", "batch_size", "max_len", "bigram_buckets", "bigram_dim", "word_drop",
            "arch", "hidden", "ngram_orders", "ngram_buckets", "ngram_hidden", "branches", "pol_weights", "label_smoothing", "init_seed", "init_mlm", "ensemble"]
    parts = ["/usr/bin/python3 training/train_car.py"]
    for k in keys:
        if a.get(k) not in ("", None):
            parts.append("--" + k.replace("_", "-") + " " + str(a[k]))
    if a.get("init_encoder"):
        parts.append("--init-encoder")
    if a.get("freeze_emb"):
        parts.append("--freeze-emb")
    if a.get("hold_polarity_carve"):
        parts.append("--hold-polarity-carve")
    return " ".join(parts)


ENCODERS = {
    "cnn": "embedding + multi-kernel 1-D CNN (ReLU)",
    "bigru": "embedding + BiGRU (forward GRU, and a backward GRU over each sequence reversed within its length)",
    "bigru-cnn": "embedding + BiGRU (backward GRU reversed within each length) beside a multi-kernel 1-D CNN (ReLU), concatenated",
    "ngram": "training/catarch.py NgramBag: character embedding + hashed character n-gram embeddings summed per position (optionally a 1x1 ReLU projection)",
    "flex": "training/catarch.py FlexCNN: embedding + single-layer 1-D conv branches of their own width, channels, dilation",
}
HEAD = "per-dimension masked attention pooling + shared masked max pooling; per-dimension 4-way linear head"


def arch_text(m):
    ens = m["data"].get("ensemble")
    if not ens:
        return ENCODERS[m["args"].get("arch", "cnn")] + "; " + HEAD
    kinds = ", ".join("%s (init seed %s)" % (e["args"].get("arch", "cnn"), e["args"].get("init_seed")) for e in ens)
    return "mean of the calibrated probs of %d members in one graph: %s; each: encoder; %s" % (len(ens), kinds, HEAD)


def member_card(a):
    """One member's encoder settings (the card of a mixed --ensemble)."""
    arch = a.get("arch", "cnn")
    c = {"encoder": arch, "embedding_dim": a["emb_dim"]}
    if arch in ("bigru", "bigru-cnn"):
        c["gru_hidden_per_direction"] = a.get("hidden")
    if arch in ("cnn", "bigru-cnn"):
        c["channels_per_kernel"], c["kernel_sizes"] = a["channels"], [int(k) for k in str(a["kernels"]).split(",")]
    if arch == "ngram":
        c["ngram_orders"], c["ngram_buckets"], c["ngram_hidden"] = a.get("ngram_orders"), a.get("ngram_buckets"), a.get("ngram_hidden")
    if arch == "flex":
        c["branches"] = a.get("branches")
    return c


def write_car_card(out, m):
    a = m["args"]
    ens = m["data"].get("ensemble") or []
    # members of one architecture: theirs (the ensembling command's own --arch etc. are unused)
    mixed = bool(ens) and len({(e["args"].get("arch", "cnn"), e["args"].get("hidden")) for e in ens}) > 1
    arch_a = ens[0]["args"] if ens and not mixed else a
    card = {
        "name": "category-car",
        "task": "category",
        "domain": "car",
        "industry": "automotive",
        "version": 1,
        "language": "zh",
        "files": {"model": "model.onnx", "vocab": "vocab.txt", "reference": "reference.jsonl", "metrics": "metrics.json"},
        "dimensions": DIMS,
        "states": STATES,
        "labels": STATES,
        "max_len": a["max_len"],
        "tokenizer": tz.tokenizer_card(a["max_len"]),
        **tz.io_card(["batch", len(DIMS), len(STATES)], "axes", {"1": DIMS, "2": STATES}),
        "decoding": {
            "rule": "dimension d is mentioned when 1 - probs[d][absent] >= threshold; its polarity is argmax over negative/neutral/positive",
            "threshold": m["threshold_plain"],
            "threshold_at_least_one": m["threshold_at_least_one"],
            "at_least_one": "the competition data has >= 1 dimension per text; with at_least_one decoding the dimension with the highest presence is taken when none passes threshold_at_least_one (use only for text known to be about a car)",
            "thresholds_tuned_on": "validation split, for micro-F1",
        },
        "architecture": {
            "type": arch_text(m),
            "encoder": "mixed" if mixed else arch_a.get("arch", "cnn"),
            "member_encoders": [member_card(e["args"]) for e in ens] if mixed else None,
            "gru_hidden_per_direction": arch_a.get("hidden") if arch_a.get("arch", "cnn") != "cnn" else None,
            "embedding_dim": arch_a["emb_dim"],
            "channels_per_kernel": arch_a["channels"] if arch_a.get("arch", "cnn") != "bigru" else None,
            "kernel_sizes": [int(k) for k in str(arch_a["kernels"]).split(",")] if arch_a.get("arch", "cnn") != "bigru" else None,
            "bigram_hash": tz.bigram_card(arch_a),
            "initialised_from": m["data"].get("embedding_init") or "; ".join(e["init_note"] for e in ens) or "random",
            "params": m["params"],
            "onnx_bytes": m.get("onnx_bytes"),
            "onnx_opset": 17,
            "onnx_ops": m.get("onnx_ops"),
            "padding": "padded positions are zeroed and masked out of attention and pooling (max abs diff alone vs padded batch %.2g in PyTorch)" % m["pad_invariance_max_abs_diff"],
        },
        "calibration": {
            "method": "one temperature over all 40 logits fitted on the validation split, folded into the graph: probs = softmax(logits / T) per dimension",
            "temperature": m["temperature"],
            "val_ece_before": m["val_ece_before_T"],
            "val_ece_after": m["val_ece_after_T"],
            "note": "ECE over all 10x4 cells is dominated by easy 'absent' cells",
        },
        "training": {
            "command": reconstruct_command(a),
            "members": [{"command": reconstruct_command(e["args"]) + " --save-state " + e["file"], "best_epoch": e["best_epoch"],
                         "temperature": e["temperature"], "train_seconds": e["train_seconds"], "init": e["init_note"]}
                        for e in m["data"].get("ensemble", [])] or None,
            "init_note": m.get("init_note", ""),
            "seed": a["seed"],
            "epochs": a["epochs"],
            "best_epoch": m["best_epoch"],
            "threads": 1,
            "train_seconds_one_cpu_thread": m["train_seconds"],
            "data": [{"file": "aspect/ccf2018_car_train85.csv", "source": "Losstie/DF-car_theme_emotionRecognition data/train.csv (85 % of posts), CCF BDCI 2018", "licence": "competition data, research only"}],
            "labels": "rows of one content_id merged into one multi-label example (no content has two polarities for one dimension)",
            "splits": {"rule": "by content_id (identical normalised texts kept together), random.Random(seed): 10% test, 10% val, 80% train", "sizes": m["data"]["sizes"]},
            "loss": "cross-entropy per dimension over 4 states, weight %g on 'absent', %s on negative,neutral,positive, label smoothing %g" % (
                a["absent_weight"], a.get("pol_weights", "1,1,1"), a.get("label_smoothing", 0.0)),
        },
        "metrics": {
            "definition": "micro-F1 over (content, dimension, polarity) triples on the held-out test split: a prediction counts only if both dimension and polarity are right",
            "test_plain_threshold": m.get("test_plain_threshold", "not scored (--val-only)"),
            "test_at_least_one": m.get("test_at_least_one", "not scored (--val-only)"),
            "test_subject_only_f1_at_least_one": m.get("test_subject_only_f1_at_least_one", "not scored (--val-only)"),
            "test_ece_4way_all_cells": m.get("test_ece_4way_all_cells", "not scored (--val-only)"),
            "pytorch_cpu_1thread_us_per_text": {"value": m["pytorch_1thread_us_per_text_b32"], "how": "test texts (mean %.1f tokens), batches of 32, process CPU time" % m["mean_tokens_test"]},
            "reference": "CCF BDCI 2018 winners with pretrained models: about 0.70-0.72 on the official test set (not comparable split)",
            "command": reconstruct_command(a),
        },
        "ort_check": m.get("ort_check", "not run"),
        "int8": "not shipped: no onnxruntime in the training Python here to quantise and measure accuracy of an int8 graph",
        "limitations": [
            "Small training set (about 5.6k posts) from car forums in 2018; trained from scratch (embedding initialised from sentiment-zh).",
            "Neutral polarity dominates the data (67 % of labels); negative/positive recall is lower.",
            "Training data is research-only (CCF BDCI 2018 competition).",
        ],
    }
    tz.write_card(os.path.join(out, "model.yaml"), card)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", default="../shared/datasets")
    ap.add_argument("--vocab", default=None)
    ap.add_argument("--out", default="models/category-car")
    ap.add_argument("--init-from", default="", help="model.onnx whose [21128,E] embedding initialises ours")
    ap.add_argument("--init-encoder", action="store_true", help="with --init-from: copy the CNN weights too, not only the embedding")
    ap.add_argument("--epochs", type=int, default=20)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--emb-dim", type=int, default=96)
    ap.add_argument("--channels", type=int, default=128)
    ap.add_argument("--kernels", default="1,2,3,5")
    ap.add_argument("--dropout", type=float, default=0.3)
    tz.add_word_drop_arg(ap, 0.0)
    tz.add_bigram_args(ap)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--absent-weight", type=float, default=0.5)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--max-len", type=int, default=256)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--arch", default="cnn", choices=["cnn", "bigru", "bigru-cnn", "ngram", "flex"],
                    help="encoder: the CNN, a BiGRU (--hidden per direction), both side by side over one embedding, "
                         "or training/catarch.py's hashed n-gram bag (ngram) / conv branches (flex)")
    ap.add_argument("--ngram-orders", default="1,2,3", help="--arch ngram: n-gram orders (1 = the character embedding, always on)")
    ap.add_argument("--ngram-buckets", type=int, default=20000, help="--arch ngram: rows of each hashed n-gram table")
    ap.add_argument("--ngram-hidden", type=int, default=0, help="--arch ngram: a 1x1 ReLU projection to this many channels (0: none)")
    ap.add_argument("--branches", default="1:64,2:64,3:64", help="--arch flex: k:C[:dD][:s] per branch")
    ap.add_argument("--hidden", type=int, default=128, help="GRU width per direction (--arch bigru, bigru-cnn)")
    ap.add_argument("--pol-weights", default="1,1,1", help="loss weights of negative,neutral,positive (absent: --absent-weight)")
    ap.add_argument("--label-smoothing", type=float, default=0.0, help="label smoothing of the 4-state cross-entropy")
    ap.add_argument("--init-seed", type=int, default=None,
                    help="seed of the initialisation and batch order only (the split stays --seed's): ensemble members")
    ap.add_argument("--init-mlm", default="",
                    help="--arch bigru: a pretrain_mlm.py --arch bigru encoder (.pt) whose GRUs initialise ours, and its embedding "
                         "too unless --init-from gives one")
    ap.add_argument("--freeze-emb", action="store_true", help="keep the --init-from embedding fixed (members of one --ensemble then share it)")
    ap.add_argument("--save-state", default="", help="write the kept weights, temperature and args here (torch.save), for --ensemble")
    ap.add_argument("--ensemble", default="",
                    help="comma-separated --save-state files: no training; export the mean of their calibrated probs as one graph")
    ap.add_argument("--hold-polarity-carve", action="store_true",
                    help="leave polarity-zh's car validation carve (train posts with hbucket(norm_key(text), 'car:') < 10) out of "
                         "training, so it is unseen by both models (to fit the record-indicator policy's polarity mix on it)")
    ap.add_argument("--val-only", action="store_true", help="leave the test part's scores out of the output and metrics (while choosing)")
    ap.add_argument("--no-export", action="store_true")
    ap.add_argument("--card-only", action="store_true", help="rewrite OUT/model.yaml from OUT/metrics.json")
    args = ap.parse_args()
    reads = tz.DataReads(args.data_dir).start()  # every dataset file read from here on: the card's data_sha256
    if args.card_only:
        with open(os.path.join(args.out, "metrics.json"), encoding="utf-8") as f:
            write_car_card(args.out, json.load(f))
        return
    torch.set_num_threads(args.threads)
    tz.set_seed(args.seed)
    vocab = args.vocab or os.path.join(args.data_dir, "tokenizer/bert-base-chinese_vocab.txt")
    tok = tz.BertTokenizer(vocab)
    t_start = time.time()

    data = load_car(os.path.join(args.data_dir, "aspect/ccf2018_car_train85.csv"))
    # Split by content_id; identical normalised texts go to the same split.
    rng = random.Random(args.seed)
    splits = {"train": [], "val": [], "test": []}
    for (t, lab), sp in zip(data, tz.car_data.split_posts([t for t, _ in data], rng)):
        splits[sp].append((t, lab))
    if args.hold_polarity_carve:
        splits["carve"] = [x for x in splits["train"] if tz.hbucket(tz.norm_key(x[0]), "car:") < 10]
        splits["train"] = [x for x in splits["train"] if tz.hbucket(tz.norm_key(x[0]), "car:") >= 10]
    enc = {s: ([tok.encode(t, args.max_len) for t, _ in v], np.array([l for _, l in v], dtype=np.int64), [t for t, _ in v]) for s, v in splits.items()}
    info = {"contents": len(data), "sizes": {s: len(v) for s, v in splits.items()}}
    print(json.dumps(info, ensure_ascii=False), flush=True)

    if args.ensemble:
        members, metas = [], []
        for path in args.ensemble.split(","):
            if path.endswith(".onnx"):  # an exported CNN model (the shipped one): its card is beside it
                cal_m, a = load_exported(path)
                with open(os.path.join(os.path.dirname(path), "metrics.json"), encoding="utf-8") as f:
                    mm = json.load(f)
                members.append(cal_m)
                metas.append({"file": path, "args": {**mm["args"], **a}, "temperature": 1.0 / float(cal_m.inv_t),
                              "best_epoch": mm["best_epoch"], "train_seconds": mm["train_seconds"],
                              "val_micro_f1_at_least_one": mm.get("val_micro_f1_at_least_one"), "init_note": mm["data"].get("embedding_init", "")})
                continue
            st = torch.load(path)
            if st["args"]["seed"] != args.seed or st["args"]["max_len"] != args.max_len:
                raise SystemExit(f"--ensemble {path}: trained with another split seed or max_len")
            net = build_model(st["args"])
            net.load_state_dict(st["state"])
            members.append(tz.Calibrated(net, st["temperature"]).eval())
            metas.append({"file": path, "args": st["args"], "temperature": st["temperature"], "best_epoch": st["best_epoch"],
                          "train_seconds": st["train_seconds"], "val_micro_f1_at_least_one": st["val_micro_f1_at_least_one"],
                          "init_note": st.get("init_note", "")})
        # One member: its own calibrated graph (this re-scores and exports a --save-state run).
        cal = members[0] if len(members) == 1 else Ensemble(members).eval()
        model = cal
        T = metas[0]["temperature"] if len(members) == 1 else [m["temperature"] for m in metas]
        va_logits, train_s = None, sum(m["train_seconds"] for m in metas)
        best = (None, None, metas[0]["best_epoch"] if len(members) == 1 else [m["best_epoch"] for m in metas])
        if args.init_from or args.epochs != 20:
            raise SystemExit("--ensemble trains nothing: --init-from and --epochs belong to the members")
        info["ensemble"] = metas
    else:
        model, cal, T, va_logits, best, train_s = train(args, enc, info, rng)
    finish(args, tok, vocab, enc, info, reads, t_start, model, cal, T, va_logits, best, train_s)


def train(args, enc, info, rng):
    if args.init_seed is not None:
        tz.set_seed(args.init_seed)
        rng = random.Random(args.init_seed)
    model = build_model(vars(args))
    if args.init_from:
        info["embedding_init"] = init_from_onnx(model, args.init_from, args.init_encoder)
    if args.init_mlm:
        info["encoder_init"] = init_from_mlm(model, args.init_mlm, keep_emb=bool(args.init_from))
    if args.freeze_emb:
        model.enc.emb.weight.requires_grad_(False)
        info["embedding_init"] = info.get("embedding_init", "random") + ", frozen"
    opt = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=args.lr)
    tr_seqs, tr_y = enc["train"][0], enc["train"][1]
    lengths = [len(s) for s in tr_seqs]
    steps = len(tz.length_batches(lengths, args.batch_size, random.Random(0))) * args.epochs
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, total_steps=steps, pct_start=0.1)
    cls_w = torch.tensor([args.absent_weight] + [float(w) for w in args.pol_weights.split(",")])
    best = (-1.0, None, 0)
    t_train = time.time()
    for ep in range(args.epochs):
        model.train()
        tot, n = 0.0, 0
        for b in tz.length_batches(lengths, args.batch_size, rng):
            ids, mask = tz.pad_batch([tr_seqs[i] for i in b])
            ids = tz.char_dropout(ids, args.word_drop)
            y = torch.from_numpy(tr_y[b])
            logits = model(ids, mask)
            loss = F.cross_entropy(logits.reshape(-1, 4), y.reshape(-1), weight=cls_w, label_smoothing=args.label_smoothing)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            tot += loss.item() * len(b)
            n += len(b)
        va = tz.predict(model, enc["val"][0])
        va_p = torch.softmax(torch.from_numpy(va), -1).numpy()
        f, thr = best_threshold(va_p, enc["val"][1], True)
        print(f"epoch {ep + 1}: loss {tot / n:.4f} val micro-F1 {f:.4f} (thr {thr}) {time.time() - t_train:.0f}s", flush=True)
        if f > best[0]:
            best = (f, {k: v.clone() for k, v in model.state_dict().items()}, ep + 1)
    train_s = time.time() - t_train
    model.load_state_dict(best[1])

    va_logits = torch.from_numpy(tz.predict(model, enc["val"][0]))
    T = tz.fit_temperature(va_logits, torch.from_numpy(enc["val"][1]))
    cal = tz.Calibrated(model, T).eval()
    if args.save_state:
        torch.save({"state": model.state_dict(), "temperature": T, "args": vars(args), "best_epoch": best[2],
                    "train_seconds": round(train_s, 1), "val_micro_f1_at_least_one": best[0],
                    "init_note": info.get("embedding_init", "")}, args.save_state)
    return model, cal, T, va_logits, best, train_s


def finish(args, tok, vocab, enc, info, reads, t_start, model, cal, T, va_logits, best, train_s):
    va_p = tz.predict(cal, enc["val"][0])
    f1_val, thr = best_threshold(va_p, enc["val"][1], True)
    f1_val_plain, thr_plain = best_threshold(va_p, enc["val"][1], False)
    te_p = tz.predict(cal, enc["test"][0])
    te_y = enc["test"][1]
    pred = decode(te_p, thr, True)
    pred_plain = decode(te_p, thr_plain, False)
    print(f"val micro-F1 at-least-one {f1_val:.4f} (thr {thr}), plain {f1_val_plain:.4f} (thr {thr_plain})", flush=True)
    metrics = {
        "params": tz.count_params(model),
        "best_epoch": best[2],
        "train_seconds": round(train_s, 1),
        "temperature": T,
        "threshold_at_least_one": thr,
        "threshold_plain": thr_plain,
        "val_micro_f1_at_least_one": f1_val,
        "val_micro_f1_plain": f1_val_plain,
        "test_at_least_one": micro_f1(pred, te_y),
        "test_plain_threshold": micro_f1(pred_plain, te_y),
        "test_subject_only_f1_at_least_one": subject_f1(pred, te_y),
        "test_ece_4way_all_cells": tz.ece(te_p.reshape(-1, 4), te_y.reshape(-1)),
        "val_ece_before_T": None if va_logits is None else tz.ece(torch.softmax(va_logits, -1).numpy().reshape(-1, 4), enc["val"][1].reshape(-1)),
        "val_ece_after_T": tz.ece(va_p.reshape(-1, 4), enc["val"][1].reshape(-1)),
        "pad_invariance_max_abs_diff": tz.padding_invariance_check(cal, enc["test"][0][:64]),
        "pytorch_1thread_us_per_text_b32": round(tz.latency_us(cal, enc["test"][0], 32), 1),
        "mean_tokens_test": float(np.mean([len(s) for s in enc["test"][0]])),
        "data": info,
        "args": vars(args),
    }
    metrics["total_seconds"] = round(time.time() - t_start, 1)
    if args.val_only:  # choosing: the test part is neither printed nor written
        metrics = {k: v for k, v in metrics.items() if not k.startswith("test_")}
    print(json.dumps(metrics, ensure_ascii=False, indent=1), flush=True)
    os.makedirs(args.out, exist_ok=True)
    tag = "" if not args.no_export else f".e{args.emb_dim}-c{args.channels}"
    with open(os.path.join(args.out, f"metrics{tag}.json"), "w", encoding="utf-8") as f:
        json.dump(metrics, f, ensure_ascii=False, indent=1)
    if args.no_export:
        return
    onnx_path = os.path.join(args.out, "model.onnx")
    metrics["onnx_ops"] = tz.export_onnx(cal, onnx_path)
    metrics["onnx_bytes"] = os.path.getsize(onnx_path)
    shutil.copyfile(vocab, os.path.join(args.out, "vocab.txt"))
    ref_texts = [
        "油耗还可以，就是动力有点肉",
        "价格便宜",
        "内饰做工一般，空间很大，坐着舒服",
        "开了2万公里，百公里油耗7.5L左右，满意😊",
        "这车的安全性怎么样？",
        "好",
    ] + enc["test"][2][:5] + [max(enc["test"][2], key=len)]
    metrics["reference_pad_vs_alone_max_abs_diff"] = tz.write_reference(cal, tok, ref_texts, args.max_len, os.path.join(args.out, "reference.jsonl"))
    with open(os.path.join(args.out, "metrics.json"), "w", encoding="utf-8") as f:
        json.dump(metrics, f, ensure_ascii=False, indent=1)
    write_car_card(args.out, metrics)
    tz.set_data_sha256(os.path.join(args.out, "model.yaml"), reads.sha256())
    print("exported", onnx_path, metrics["onnx_bytes"], "bytes", flush=True)


if __name__ == "__main__":
    main()
