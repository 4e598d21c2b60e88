"""Shared helpers for the tingzhen model-training scripts.

One job: things both train_sentiment.py and train_car.py need —
  * a faithful pure-Python port of BERT's BasicTokenizer + WordpieceTokenizer
    (google-research/bert tokenization.py, as used by HF `BertTokenizer`
    with do_lower_case=True, tokenize_chinese_chars=True), driven by vocab.txt;
  * text normalisation for de-duplication;
  * the CNN text encoder whose pooling ignores padding;
  * temperature scaling, ECE, ONNX export and reference-file writing.

Runs with Debian's /usr/bin/python3 (torch 1.13 CPU, numpy, onnx 1.12).
"""

import json
import math
import os
import random
import re
import time
import unicodedata

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

# ---------------------------------------------------------------------------
# Tokenizer (port of google-research/bert tokenization.py, uncased)
# ---------------------------------------------------------------------------


def _is_whitespace(ch):
    if ch in (" ", "\t", "\n", "\r"):
        return True
    return unicodedata.category(ch) == "Zs"


def _is_control(ch):
    if ch in ("\t", "\n", "\r"):
        return False
    return unicodedata.category(ch) in ("Cc", "Cf")


def _is_punctuation(ch):
    cp = ord(ch)
    if (33 <= cp <= 47) or (58 <= cp <= 64) or (91 <= cp <= 96) or (123 <= cp <= 126):
        return True
    return unicodedata.category(ch).startswith("P")


def _is_chinese_char(cp):
    return (
        (0x4E00 <= cp <= 0x9FFF)
        or (0x3400 <= cp <= 0x4DBF)
        or (0x20000 <= cp <= 0x2A6DF)
        or (0x2A700 <= cp <= 0x2B73F)
        or (0x2B740 <= cp <= 0x2B81F)
        or (0x2B820 <= cp <= 0x2CEAF)
        or (0xF900 <= cp <= 0xFAFF)
        or (0x2F800 <= cp <= 0x2FA1F)
    )


class BertTokenizer:
    """BERT uncased tokenizer: BasicTokenizer (clean, CJK split, lowercase,
    strip accents, punctuation split) then greedy longest-match WordPiece."""

    def __init__(self, vocab_path, max_input_chars_per_word=100):
        self.vocab = {}
        with open(vocab_path, encoding="utf-8") as f:
            for i, line in enumerate(f):
                tok = line.rstrip("\n")
                if tok not in self.vocab:
                    self.vocab[tok] = i
        self.unk_id = self.vocab["[UNK]"]
        self.cls_id = self.vocab["[CLS]"]
        self.sep_id = self.vocab["[SEP]"]
        self.pad_id = self.vocab["[PAD]"]
        self.max_chars = max_input_chars_per_word
        self._wp_cache = {}

    # --- basic tokenizer ---
    @staticmethod
    def _clean_text(text):
        out = []
        for ch in text:
            cp = ord(ch)
            if cp == 0 or cp == 0xFFFD or _is_control(ch):
                continue
            out.append(" " if _is_whitespace(ch) else ch)
        return "".join(out)

    @staticmethod
    def _tokenize_chinese_chars(text):
        out = []
        for ch in text:
            if _is_chinese_char(ord(ch)):
                out.extend((" ", ch, " "))
            else:
                out.append(ch)
        return "".join(out)

    @staticmethod
    def _strip_accents(text):
        text = unicodedata.normalize("NFD", text)
        return "".join(ch for ch in text if unicodedata.category(ch) != "Mn")

    @staticmethod
    def _split_on_punc(text):
        out, cur = [], []
        for ch in text:
            if _is_punctuation(ch):
                if cur:
                    out.append("".join(cur))
                    cur = []
                out.append(ch)
            else:
                cur.append(ch)
        if cur:
            out.append("".join(cur))
        return out

    def basic_tokenize(self, text):
        text = self._clean_text(text)
        text = self._tokenize_chinese_chars(text)
        split = []
        for tok in text.strip().split():
            tok = self._strip_accents(tok.lower())
            split.extend(self._split_on_punc(tok))
        return " ".join(split).split()

    # --- wordpiece ---
    def _wordpiece(self, token):
        hit = self._wp_cache.get(token)
        if hit is not None:
            return hit
        chars = list(token)
        if len(chars) > self.max_chars:
            res = [self.unk_id]
        else:
            res = []
            start = 0
            while start < len(chars):
                end = len(chars)
                cur = None
                while start < end:
                    sub = "".join(chars[start:end])
                    if start > 0:
                        sub = "##" + sub
                    if sub in self.vocab:
                        cur = self.vocab[sub]
                        break
                    end -= 1
                if cur is None:
                    res = [self.unk_id]
                    break
                res.append(cur)
                start = end
        if len(self._wp_cache) < 500000:
            self._wp_cache[token] = res
        return res

    def tokenize_ids(self, text):
        ids = []
        for tok in self.basic_tokenize(text):
            ids.extend(self._wordpiece(tok))
        return ids

    def encode(self, text, max_len):
        """[CLS] ids [SEP], truncated so the total is <= max_len."""
        ids = self.tokenize_ids(text)[: max_len - 2]
        return [self.cls_id] + ids + [self.sep_id]


def pad_batch(seqs, pad_id=0):
    """Pad to the longest in the batch (as the Go engine does)."""
    n = max(len(s) for s in seqs)
    ids = np.full((len(seqs), n), pad_id, dtype=np.int64)
    mask = np.zeros((len(seqs), n), dtype=np.int64)
    for i, s in enumerate(seqs):
        ids[i, : len(s)] = s
        mask[i, : len(s)] = 1
    return torch.from_numpy(ids), torch.from_numpy(mask)


# ---------------------------------------------------------------------------
# Normalisation for de-duplication
# ---------------------------------------------------------------------------

_DEDUP_DROP = re.compile(r"[\s\W_]+", re.UNICODE)


def norm_key(text):
    """Key for de-duplication: NFKC, lowercase, drop whitespace/punctuation."""
    t = unicodedata.normalize("NFKC", text).lower()
    return _DEDUP_DROP.sub("", t)


def set_seed(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


# ---------------------------------------------------------------------------
# Model
# ---------------------------------------------------------------------------


class BigramHash(nn.Module):
    """Hashed character-bigram embedding, computed inside the graph from input_ids.

    Position i gets row (id_i * 21128 + id_{i+1}) mod buckets, a fastText-style hashed
    n-gram: it lets a char model memorise two-character words (物流, 味道, 不错) without a
    word segmenter, and the Go side still feeds only input_ids. The id after the last
    position is 0 ([PAD]), the same value right padding supplies, so the row at a real
    position never depends on how far the batch is padded.
    """

    VOCAB = 21128

    def __init__(self, buckets, dim):
        super().__init__()
        self.buckets = int(buckets)
        self.emb = nn.Embedding(self.buckets, dim)
        nn.init.normal_(self.emb.weight, std=0.1)

    def forward(self, input_ids):
        nxt = torch.cat([input_ids[:, 1:], torch.zeros_like(input_ids[:, :1])], dim=1)
        return self.emb(torch.remainder(input_ids * self.VOCAB + nxt, self.buckets))


def char_dropout(ids, p, unk_id=100):
    """Training-time input noise: each character id (> 102, so not [PAD], [UNK], [CLS]
    or [SEP] of the bert-base-chinese vocabulary) becomes [UNK] with probability p."""
    if p <= 0:
        return ids
    return torch.where((torch.rand(ids.shape) < p) & (ids > 102), torch.full_like(ids, unk_id), ids)


def add_word_drop_arg(ap, default):
    """--word-drop, the probability char_dropout uses while training."""
    ap.add_argument("--word-drop", type=float, default=default,
                    help="training only: replace each character by [UNK] with this probability")


def add_bigram_args(ap):
    """--bigram-buckets / --bigram-dim, the flags every trainer with a BigramHash takes."""
    ap.add_argument("--bigram-buckets", type=int, default=0,
                    help="hashed char-bigram embedding with this many rows (0 = off), computed in the graph")
    ap.add_argument("--bigram-dim", type=int, default=32, help="width of the hashed bigram embedding")


BIGRAM_RULE = "row (id_i * 21128 + id_(i+1)) mod buckets, id 0 after the last position"


def bigram_card(args):
    """Model-card entry for a BigramHash built from --bigram-buckets/--bigram-dim."""
    if not args.get("bigram_buckets", 0):
        return "none"
    return {"buckets": args["bigram_buckets"], "dim": args["bigram_dim"],
            "rule": BIGRAM_RULE + "; concatenated to the char embedding, computed inside the graph from input_ids"}


class CNNEncoder(nn.Module):
    """Embedding + multi-kernel 1-D CNN.

    Padding invariance: padded positions are zeroed after the embedding and
    each conv window *starts* at a position (right zero-padding of k-1), so
    the feature at a real position sees the same values whether the batch is
    padded or not; pooling then masks padded positions out.
    Returns per-position features [B, L, C] and the float mask [B, L].
    """

    def __init__(self, vocab_size, emb_dim, channels, kernels, dropout, bigram_buckets=0, bigram_dim=0):
        super().__init__()
        self.emb = nn.Embedding(vocab_size, emb_dim, padding_idx=0)
        self.bigram = BigramHash(bigram_buckets, bigram_dim) if bigram_buckets > 0 else None
        in_dim = emb_dim + (bigram_dim if self.bigram is not None else 0)
        self.kernels = list(kernels)
        self.convs = nn.ModuleList([nn.Conv1d(in_dim, channels, k) for k in self.kernels])
        self.drop = nn.Dropout(dropout)
        self.out_dim = channels * len(self.kernels)

    def forward(self, input_ids, attention_mask):
        m = attention_mask.to(torch.float32)  # [B, L]
        x = self.emb(input_ids)
        if self.bigram is not None:
            x = torch.cat([x, self.bigram(input_ids)], dim=-1)
        x = x * m.unsqueeze(-1)  # [B, L, E(+bigram)]
        x = self.drop(x).transpose(1, 2)  # [B, E, L]
        feats = []
        for k, conv in zip(self.kernels, self.convs):
            xi = F.pad(x, (0, k - 1)) if k > 1 else x
            feats.append(F.relu(conv(xi)))  # [B, C, L]
        h = torch.cat(feats, dim=1).transpose(1, 2)  # [B, L, C*]
        return h, m


def masked_max_mean(h, m):
    """Max and mean over real positions only. h [B,L,C], m [B,L] float."""
    neg = (1.0 - m).unsqueeze(-1) * -1e4
    mx = (h + neg).max(dim=1).values
    mean = (h * m.unsqueeze(-1)).sum(dim=1) / m.sum(dim=1, keepdim=True).clamp(min=1.0)
    return torch.cat([mx, mean], dim=-1)


def count_params(model):
    return sum(p.numel() for p in model.parameters())


# ---------------------------------------------------------------------------
# Calibration
# ---------------------------------------------------------------------------


def fit_temperature(logits, labels, dim_classes=-1):
    """Fit one temperature T minimising NLL of softmax(logits / T).
    logits: tensor [..., C]; labels: long tensor with matching leading shape."""
    logits = logits.detach().reshape(-1, logits.shape[-1])
    labels = labels.reshape(-1)
    log_t = torch.zeros(1, requires_grad=True)
    opt = torch.optim.LBFGS([log_t], lr=0.1, max_iter=200)

    def closure():
        opt.zero_grad()
        loss = F.cross_entropy(logits / log_t.exp(), labels)
        loss.backward()
        return loss

    opt.step(closure)
    return float(log_t.exp().item())


def ece(probs, labels, n_bins=15):
    """Expected calibration error (top-label), probs np [N,C], labels np [N]."""
    conf = probs.max(axis=1)
    pred = probs.argmax(axis=1)
    acc = (pred == labels).astype(np.float64)
    bins = np.linspace(0.0, 1.0, n_bins + 1)
    total = 0.0
    for lo, hi in zip(bins[:-1], bins[1:]):
        sel = (conf > lo) & (conf <= hi)
        if sel.any():
            total += sel.mean() * abs(acc[sel].mean() - conf[sel].mean())
    return float(total)


# ---------------------------------------------------------------------------
# Batching helpers
# ---------------------------------------------------------------------------


def length_batches(lengths, batch_size, rng, shuffle=True):
    """Bucket by length: sort indices within random chunks, yield batches."""
    idx = list(range(len(lengths)))
    if shuffle:
        rng.shuffle(idx)
    chunk = batch_size * 50
    batches = []
    for s in range(0, len(idx), chunk):
        part = sorted(idx[s : s + chunk], key=lambda i: lengths[i])
        for b in range(0, len(part), batch_size):
            batches.append(part[b : b + batch_size])
    if shuffle:
        rng.shuffle(batches)
    return batches


@torch.no_grad()
def predict(model, seqs, batch_size=256):
    """Run model over token-id sequences in length-sorted batches; returns
    np.float32 array of outputs in the original order."""
    model.eval()
    order = sorted(range(len(seqs)), key=lambda i: len(seqs[i]))
    out = [None] * len(seqs)
    for s in range(0, len(order), batch_size):
        b = order[s : s + batch_size]
        ids, mask = pad_batch([seqs[i] for i in b])
        y = model(ids, mask).numpy()
        for j, i in enumerate(b):
            out[i] = y[j]
    return np.stack(out).astype(np.float32)


# ---------------------------------------------------------------------------
# Export
# ---------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------
# Model card
# ---------------------------------------------------------------------------


def command_line():
    """The exact command that ran this script (for the model card)."""
    import shlex
    import sys

    return "/usr/bin/python3 " + " ".join(shlex.quote(a) for a in sys.argv)


def tokenizer_card(max_len):
    return {
        "type": "bert-wordpiece",
        "vocab": "vocab.txt",
        "vocab_source": "bert-base-chinese vocab.txt (21,128 entries, Apache-2.0)",
        "lowercase": True,
        "strip_accents": True,
        "tokenize_chinese_chars": True,
        "unk_token": "[UNK]",
        "sequence": "[CLS] tokens [SEP]",
        "pad_token_id": 0,
        "padding": "to the longest sequence of the batch",
        "max_len": max_len,
        "reference_implementation": "training/tz_common.py BertTokenizer (port of google-research/bert tokenization.py)",
    }


def io_card(out_shape, out_labels_key, out_labels):
    return {
        "inputs": [
            {"name": "input_ids", "dtype": "int64", "shape": ["batch", "seq"]},
            {"name": "attention_mask", "dtype": "int64", "shape": ["batch", "seq"]},
        ],
        "outputs": [{"name": "probs", "dtype": "float32", "shape": out_shape, out_labels_key: out_labels}],
    }


def write_card(path, card):
    import yaml

    def rnd(x):
        if isinstance(x, float):
            return float(f"{x:.6g}")
        if isinstance(x, dict):
            return {k: rnd(v) for k, v in x.items()}
        if isinstance(x, (list, tuple)):
            return [rnd(v) for v in x]
        return x

    with open(path, "w", encoding="utf-8") as f:
        f.write("# Model card, written by the training script; numbers measured by it.\n")
        yaml.safe_dump(rnd(card), f, allow_unicode=True, sort_keys=False, width=100)
