#!/usr/bin/python3
"""Leave-one-domain-out folds of sentiment models that see word boundaries (issue 19).

Every token of the sentiment tokenizer also gets the position of its characters in the
jieba word they belong to (B/M/E/S, engine/wordpos; computed by the Go helper
cmd/wordtags with the engine's own tokenizer and gojieba dictionaries, so an engine path can
reproduce the input exactly). Architectures:
  bigru        char embedding (+ tag embedding) -> forward GRU and backward GRU (the
               backward one runs over each sequence reversed within its length, so the
               output does not depend on batch padding) -> masked max+mean -> linear
  cnn          the shipped char-CNN (tz.CNNEncoder's convolutions) with the tag embedding
               concatenated to the char embedding
  transformer  char (+ tag) embedding -> linear to --d-model + learned positions -> --layers
               post-norm self-attention layers (padded keys masked) -> masked max+mean -> linear
--tag-dim 0 turns the tags off (ablation).

The folds, splits, validation carve, epoch choice and --max-train subsample are those of
train_sentiment.py --leave-out-domain (its functions are called, not copied), so a fold here
and a fold there with the same --seed/--max-train see the same texts.

  OMP_NUM_THREADS=1 flock /work/wt/long.lock /usr/bin/python3 training/train_sentiment_wordpos.py \
      --data-dir ../shared/datasets --arch bigru --leave-out-domain waimai,书籍,蒙牛,计算机 \
      --epochs 3 --max-train 20000 --lodo-out bench/results/lodo/bigru_wordpos.jsonl

--export DIR writes the first fold's trained model as DIR/model.onnx (inputs input_ids,
attention_mask, word_tags; output probs) with DIR/vocab.txt, for speed measurements.
"""

import argparse
import copy
import json
import math
import os
import random
import shutil
import subprocess
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import train_sentiment as ts  # noqa: E402
import tz  # noqa: E402

VOCAB = 21128  # bert-base-chinese; packed input = tag * VOCAB + id
N_TAGS = 6  # engine/wordpos: 0 pad, 1 special, 2 B, 3 M, 4 E, 5 S
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


# ---------------------------------------------------------------------------
# Word tags from the Go side
# ---------------------------------------------------------------------------


def go_word_tags(texts, vocab, max_len, binary):
    """{text: (ids, tags)} from cmd/wordtags (built into binary when absent)."""
    if not os.path.exists(binary):
        subprocess.run(["go", "build", "-o", binary, "./cmd/wordtags"], cwd=REPO, check=True)
    uniq = list(dict.fromkeys(texts))
    inp = "".join(json.dumps(t, ensure_ascii=False) + "\n" for t in uniq).encode("utf-8")
    res = subprocess.run([binary, "-vocab", vocab, "-max-len", str(max_len)], input=inp, stdout=subprocess.PIPE, check=True)
    lines = res.stdout.decode("utf-8").splitlines()
    if len(lines) != len(uniq):
        raise SystemExit("wordtags: %d lines for %d texts" % (len(lines), len(uniq)))
    out = {}
    for t, line in zip(uniq, lines):
        r = json.loads(line)
        if "error" in r:
            raise SystemExit("wordtags: %s" % r["error"])
        out[t] = (r["ids"], r["tags"])
    return out


def pack(ids, tags):
    return [t * VOCAB + i for i, t in zip(ids, tags)]


def unpack(packed):
    return torch.remainder(packed, VOCAB), torch.div(packed, VOCAB, rounding_mode="floor")


# ---------------------------------------------------------------------------
# Models: forward(packed ids, mask) for training; core(ids, tags, mask) for export
# ---------------------------------------------------------------------------


class WordPosNet(nn.Module):
    def __init__(self, emb_dim, tag_dim, dropout, word_drop):
        super().__init__()
        self.emb = nn.Embedding(VOCAB, emb_dim, padding_idx=0)
        self.tag_emb = nn.Embedding(N_TAGS, tag_dim, padding_idx=0) if tag_dim > 0 else None
        self.in_dim = emb_dim + tag_dim
        self.drop = nn.Dropout(dropout)
        self.word_drop = word_drop

    def forward(self, packed, attention_mask):
        ids, tags = unpack(packed)
        if self.training:
            # tz.char_dropout's rule on the character id only: the word tag stays.
            ids = tz.char_dropout(ids, self.word_drop)
        return self.core(ids, tags, attention_mask)

    def embed(self, ids, tags, m):
        x = self.emb(ids)
        if self.tag_emb is not None:
            x = torch.cat([x, self.tag_emb(tags)], dim=-1)
        return self.drop(x * m.unsqueeze(-1))


# x[b, len_b-1-t] for t < len_b, padding in place (its own inverse): one home, tz.nn.
reverse_within_length = tz.reverse_within_length


class BiGRUWordPos(WordPosNet):
    def __init__(self, emb_dim, tag_dim, hidden, dropout, word_drop):
        super().__init__(emb_dim, tag_dim, dropout, word_drop)
        self.fwd = nn.GRU(self.in_dim, hidden, batch_first=True)
        self.bwd = nn.GRU(self.in_dim, hidden, batch_first=True)
        self.fc = nn.Linear(4 * hidden, 3)

    def core(self, ids, tags, attention_mask):
        m = attention_mask.to(torch.float32)
        lengths = attention_mask.sum(dim=1)
        x = self.embed(ids, tags, m)
        hf, _ = self.fwd(x)
        hb, _ = self.bwd(reverse_within_length(x, lengths))
        h = torch.cat([hf, reverse_within_length(hb, lengths)], dim=-1)
        return self.fc(self.drop(tz.masked_max_mean(h, m)))


class CNNWordPos(WordPosNet):
    def __init__(self, emb_dim, tag_dim, channels, kernels, dropout, word_drop):
        super().__init__(emb_dim, tag_dim, dropout, word_drop)
        self.kernels = list(kernels)
        self.convs = nn.ModuleList([nn.Conv1d(self.in_dim, channels, k) for k in self.kernels])
        self.fc = nn.Linear(2 * channels * len(self.kernels), 3)

    def core(self, ids, tags, attention_mask):
        m = attention_mask.to(torch.float32)
        x = self.embed(ids, tags, m).transpose(1, 2)
        feats = []
        for k, conv in zip(self.kernels, self.convs):
            xi = F.pad(x, (0, k - 1)) if k > 1 else x
            feats.append(F.relu(conv(xi)))
        h = torch.cat(feats, dim=1).transpose(1, 2)
        return self.fc(self.drop(tz.masked_max_mean(h, m)))


class EncoderLayer(nn.Module):
    """Post-norm transformer layer written out (multi-head self-attention with padded keys
    masked, ReLU feed-forward), so the exported graph is plain MatMul/Softmax/LayerNorm."""

    def __init__(self, d, heads, ff, dropout):
        super().__init__()
        self.h = heads
        self.qkv = nn.Linear(d, 3 * d)
        self.out = nn.Linear(d, d)
        self.ff1 = nn.Linear(d, ff)
        self.ff2 = nn.Linear(ff, d)
        self.n1 = nn.LayerNorm(d)
        self.n2 = nn.LayerNorm(d)
        self.drop = nn.Dropout(dropout)

    def forward(self, x, key_bias):
        B, L, D = x.shape
        q, k, v = self.qkv(x).view(B, L, 3, self.h, D // self.h).permute(2, 0, 3, 1, 4)  # 3 x [B, h, L, dh]
        att = torch.matmul(q, k.transpose(-1, -2)) * (1.0 / math.sqrt(D // self.h)) + key_bias  # [B, h, L, L]
        a = torch.matmul(torch.softmax(att, dim=-1), v).transpose(1, 2).reshape(B, L, D)
        x = self.n1(x + self.drop(self.out(a)))
        return self.n2(x + self.drop(self.ff2(F.relu(self.ff1(x)))))


class TransformerWordPos(WordPosNet):
    """char ⊕ tag embedding -> linear to d, + learned positions -> layers -> masked max+mean."""

    def __init__(self, emb_dim, tag_dim, d, heads, ff, layers, max_len, dropout, word_drop):
        super().__init__(emb_dim, tag_dim, dropout, word_drop)
        self.proj = nn.Linear(self.in_dim, d)
        self.pos = nn.Embedding(max_len, d)
        self.layers = nn.ModuleList([EncoderLayer(d, heads, ff, dropout) for _ in range(layers)])
        self.fc = nn.Linear(2 * d, 3)

    def hidden(self, ids, tags, m):
        """[B, L, d] features (pretrain_mlm.py --arch transformer trains these)."""
        L = ids.shape[1]
        x = self.proj(self.embed(ids, tags, m)) + self.pos(torch.arange(L, device=ids.device)).unsqueeze(0)
        key_bias = ((1.0 - m) * -1e9).unsqueeze(1).unsqueeze(1)  # [B, 1, 1, L]
        for layer in self.layers:
            x = layer(x, key_bias)
        return x

    def core(self, ids, tags, attention_mask):
        m = attention_mask.to(torch.float32)
        return self.fc(self.drop(tz.masked_max_mean(self.hidden(ids, tags, m), m)))


class ExportedNoTags(nn.Module):
    """--tag-dim 0: the shipped sentiment graph's interface, (input_ids, attention_mask) ->
    softmax(logits / T), so the engine loads it like models/sentiment-zh."""

    def __init__(self, net, temperature=1.0):
        super().__init__()
        self.net = net
        self.register_buffer("inv_t", torch.tensor(1.0 / temperature, dtype=torch.float32))

    def forward(self, input_ids, attention_mask):
        return torch.softmax(self.net.core(input_ids, torch.zeros_like(input_ids), attention_mask) * self.inv_t, dim=-1)


def init_encoder(model, path):
    """--init-encoder: every parameter but the head (fc) from a state dict that
    pretrain_mlm.py --arch transformer saved; the shapes must match."""
    state = torch.load(path)
    missing, unexpected = model.load_state_dict(state, strict=False)
    missing = [k for k in missing if not k.startswith("fc.")]
    if missing or unexpected:
        raise SystemExit("init encoder %s: missing %s unexpected %s" % (path, missing, unexpected))


def export_fold(model, out_dir, args):
    """--fold-export (needs --tag-dim 0): DIR/<domain>/model.onnx with the shipped graph's
    inputs and output, and vocab.txt."""
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, "model.onnx")
    g = ExportedNoTags(model).eval()
    ops = tz.export_onnx(g, path)
    vocab = args.vocab or os.path.join(args.data_dir, "tokenizer/bert-base-chinese_vocab.txt")
    shutil.copyfile(vocab, os.path.join(out_dir, "vocab.txt"))
    # reference.jsonl: PyTorch probabilities of the fixed texts, each alone (engine/wordpos's
    # benchmark checks ONNX Runtime against them)
    tok = tz.BertTokenizer(vocab)
    with torch.no_grad(), open(os.path.join(out_dir, "reference.jsonl"), "w", encoding="utf-8") as f:
        for t in ts.REF_TEXTS:
            i = tok.encode(t, args.max_len)
            p = g(torch.tensor([i]), torch.ones(1, len(i), dtype=torch.long))[0]
            f.write(json.dumps({"text": t, "input_ids": i, "probs": p.tolist()}, ensure_ascii=False) + "\n")
    return {"dir": out_dir, "ops": ops, "bytes": os.path.getsize(path)}


class Exported(nn.Module):
    """The graph for ONNX: (input_ids, attention_mask, word_tags) -> softmax(logits / T)."""

    def __init__(self, net, temperature=1.0):
        super().__init__()
        self.net = net
        self.register_buffer("inv_t", torch.tensor(1.0 / temperature, dtype=torch.float32))

    def forward(self, input_ids, attention_mask, word_tags):
        return torch.softmax(self.net.core(input_ids, word_tags, attention_mask) * self.inv_t, dim=-1)


def build(args):
    if args.arch == "bigru":
        return BiGRUWordPos(args.emb_dim, args.tag_dim, args.hidden, args.dropout, args.word_drop)
    if args.arch == "cnn":
        return CNNWordPos(args.emb_dim, args.tag_dim, args.channels, [int(k) for k in args.kernels.split(",")], args.dropout, args.word_drop)
    if args.arch == "transformer":
        return TransformerWordPos(args.emb_dim, args.tag_dim, args.d_model, args.heads, args.ff, args.layers, args.max_len, args.dropout, args.word_drop)
    raise SystemExit("unknown --arch " + args.arch)


def export(model, T, out_dir, vocab, args):
    """DIR/model.onnx, vocab.txt, state.pt (PyTorch weights) and reference.jsonl: for
    train_sentiment.REF_TEXTS, the Go helper's ids and tags and the PyTorch probabilities
    of each text alone (engine/wordpos's benchmark checks ONNX Runtime against them)."""
    os.makedirs(out_dir, exist_ok=True)
    torch.save(model.state_dict(), os.path.join(out_dir, "state.pt"))
    g = Exported(model, T).eval()
    ids = torch.tensor([[101, 4289, 3837, 2523, 2571, 102], [101, 1962, 102, 0, 0, 0]], dtype=torch.long)
    mask = (ids > 0).long()
    tags = torch.tensor([[1, 2, 4, 2, 4, 1], [1, 5, 1, 0, 0, 0]], dtype=torch.long)
    path = os.path.join(out_dir, "model.onnx")
    torch.onnx.export(g, (ids, mask, tags), path, input_names=["input_ids", "attention_mask", "word_tags"], output_names=["probs"],
                      dynamic_axes={"input_ids": {0: "batch", 1: "seq"}, "attention_mask": {0: "batch", 1: "seq"},
                                    "word_tags": {0: "batch", 1: "seq"}, "probs": {0: "batch"}},
                      opset_version=17, do_constant_folding=True)
    import onnx

    m = onnx.load(path)
    onnx.checker.check_model(m)
    shutil.copyfile(vocab, os.path.join(out_dir, "vocab.txt"))
    with torch.no_grad():
        batch = g(ids, mask, tags)
        alone = g(ids[1:, :3], mask[1:, :3], tags[1:, :3])
        ref = go_word_tags(ts.REF_TEXTS, vocab, args.max_len, args.wordtags_bin)
        with open(os.path.join(out_dir, "reference.jsonl"), "w", encoding="utf-8") as f:
            for t in ts.REF_TEXTS:
                i, tg = ref[t]
                if args.tag_dim == 0:
                    tg = [0] * len(i)
                p = g(torch.tensor([i]), torch.ones(1, len(i), dtype=torch.long), torch.tensor([tg]))[0]
                f.write(json.dumps({"text": t, "input_ids": i, "word_tags": tg, "probs": p.tolist()}, ensure_ascii=False) + "\n")
    return {"ops": sorted({n.op_type for n in m.graph.node}), "bytes": os.path.getsize(path),
            "pad_invariance_max_abs_diff": float((batch[1] - alone[0]).abs().max())}


# ---------------------------------------------------------------------------
# Folds
# ---------------------------------------------------------------------------


def run(args):
    vocab = args.vocab or os.path.join(args.data_dir, "tokenizer/bert-base-chinese_vocab.txt")
    tok = tz.BertTokenizer(vocab)
    items = ts.load_labelled(args.data_dir)
    groups, order = ts.group_labelled(items)
    domains = ts.lodo_domains(groups)
    want = [ts.LODO_ALIASES.get(d, d) for d in args.leave_out_domain.split(",")]
    for d in want:
        if d not in domains:
            raise SystemExit("unknown --leave-out-domain %s (have waimai, %s)" % (d, ", ".join(domains)))
    tagged = None
    mismatch = {"texts": 0, "checked": 0}
    train_args = copy.copy(args)
    train_args.word_drop = 0.0  # the model drops characters itself (keeping their tags)

    for fold_i, d in enumerate(want):
        t_fold = time.time()
        sp = tz.lodo_fold_splits(args, groups, order, d)
        if tagged is None:
            t0 = time.time()
            texts = [t for exs in sp.values() for t, _ in exs]
            tagged = go_word_tags(texts, vocab, args.max_len, args.wordtags_bin)
            tag_s = time.time() - t0
            print("word tags for %d texts in %.1fs" % (len(tagged), tag_s), flush=True)

        def encode(exs):
            out = []
            for t, _ in exs:
                ids, tags = tagged[t]
                py = tok.encode(t, args.max_len)
                mismatch["checked"] += 1
                if py != ids:  # the Go and Python tokenizers must agree; count, use Python's ids
                    mismatch["texts"] += 1
                    ids, tags = py, [1] + [5] * (len(py) - 2) + [1]
                out.append(pack(ids, tags if args.tag_dim > 0 else [0] * len(ids)))
            return out, np.array([l for _, l in exs], dtype=np.int64)

        enc = {name: encode(exs) for name, exs in sp.items()}
        tr_seqs, tr_labels, va_seqs, va_labels = tz.recipe_rows(enc, args.waimai_oversample)
        tr_seqs, tr_labels = tz.subsample_rows(tr_seqs, tr_labels, args.max_train, args.seed)
        counts = np.bincount(tr_labels, minlength=3).astype(np.float64)
        cls_w = torch.tensor(counts.sum() / (3 * counts), dtype=torch.float32)
        tz.set_seed(args.seed)
        model = build(args)
        if args.init_encoder:
            init_encoder(model, args.init_encoder)
        hist = []
        t_train = time.time()
        best = ts.train_model(train_args, model, tr_seqs, tr_labels, va_seqs, va_labels, cls_w, args.seed, "lodo " + d, history=hist)
        train_s = time.time() - t_train
        probs = lambda seqs: torch.softmax(torch.from_numpy(tz.predict(model, seqs)), -1).numpy()  # noqa: E731
        rec = {
            "domain": "waimai" if d == "外卖" else d,
            "variant": args.variant_name,
            "val_acc_3way": best,
            "val_by_epoch": [round(x, 4) for x in hist],
            "best_epoch": int(np.argmax(hist)) + 1,
            "test": ts.eval_set(probs(enc["test_lodo"][0]), enc["test_lodo"][1]),
            "neu_test": ts.eval_set(probs(enc["neu_test"][0]), enc["neu_test"][1]),
            "sizes": {name: len(v) for name, v in sp.items()},
            "train_rows": len(tr_seqs),
            "params": tz.count_params(model),
            "tokenizer_mismatch": dict(mismatch),
            "train_seconds": round(train_s, 1),
            "fold_seconds": round(time.time() - t_fold, 1),
            "load_avg": os.getloadavg()[0],
            "command": tz.command_line(),
        }
        if args.export and fold_i == 0:
            rec["export"] = dict(export(model, 1.0, args.export, vocab, args), dir=args.export, fold=rec["domain"])
        if args.fold_export:
            rec["fold_export"] = export_fold(model, os.path.join(args.fold_export, rec["domain"]), args)
            tz.write_window_probs(os.path.join(args.fold_export, rec["domain"]), sp["test_lodo"], probs(enc["test_lodo"][0]))
        print("lodo_fold " + json.dumps(rec, ensure_ascii=False), flush=True)
        if args.lodo_out:
            with open(args.lodo_out, "a", encoding="utf-8") as f:
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")
        del model


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", default="../shared/datasets")
    ap.add_argument("--vocab", default=None, help="default: DATA_DIR/tokenizer/bert-base-chinese_vocab.txt")
    ap.add_argument("--wordtags-bin", default=os.path.join(REPO, "bin/wordtags"), help="cmd/wordtags binary (built when absent)")
    ap.add_argument("--arch", default="bigru", choices=["bigru", "cnn", "transformer"])
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--emb-dim", type=int, default=96)
    ap.add_argument("--tag-dim", type=int, default=16, help="word-tag embedding width; 0 = no word tags (ablation)")
    ap.add_argument("--hidden", type=int, default=64, help="bigru: GRU width per direction")
    ap.add_argument("--channels", type=int, default=128, help="cnn: channels per kernel")
    ap.add_argument("--kernels", default="1,2,3,5", help="cnn: kernel sizes")
    ap.add_argument("--d-model", type=int, default=128, help="transformer: width")
    ap.add_argument("--heads", type=int, default=4, help="transformer: attention heads")
    ap.add_argument("--ff", type=int, default=256, help="transformer: feed-forward width")
    ap.add_argument("--layers", type=int, default=2, help="transformer: layers")
    ap.add_argument("--dropout", type=float, default=0.3)
    tz.add_word_drop_arg(ap, 0.1)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--max-len", type=int, default=128)
    ap.add_argument("--neu-min-chars", type=int, default=4)
    ap.add_argument("--neu-max-chars", type=int, default=40)
    ap.add_argument("--atec-max", type=int, default=8000)
    ap.add_argument("--waimai-oversample", type=int, default=5)
    ap.add_argument("--max-train", type=int, default=0, help="subsample the training rows as train_sentiment.py --max-train does")
    ap.add_argument("--leave-out-domain", required=True, help="comma list of domains (waimai or online_shopping categories)")
    ap.add_argument("--lodo-out", default="")
    ap.add_argument("--variant-name", default="")
    ap.add_argument("--export", default="", help="write the first fold's model here (model.onnx, vocab.txt)")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--init-encoder", default="", help="start every parameter but the head from this state dict (pretrain_mlm.py --arch transformer)")
    ap.add_argument("--fold-export", default="", help="export each fold's model to DIR/<domain>/ with the shipped graph's inputs (needs --tag-dim 0)")
    args = ap.parse_args()
    if args.fold_export and args.tag_dim:
        raise SystemExit("--fold-export needs --tag-dim 0 (the engine's sentiment graph has no word_tags input)")
    # train_sentiment.train_model reads these
    args.distill_alpha, args.distill_t = 0.5, 2.0
    torch.set_num_threads(args.threads)
    tz.set_seed(args.seed)
    run(args)


if __name__ == "__main__":
    main()
