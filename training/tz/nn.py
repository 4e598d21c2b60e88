"""The PyTorch building blocks the trainers share: seeding, padding to the batch's longest
sequence, the padding-invariant CNN encoder with its hashed-bigram embedding, masked pooling,
character dropout, the calibrated export wrapper, length-bucketed batches and prediction.
"""

import random

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def set_seed(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def pad_batch(seqs, pad_id=0):
    """Pad to the longest in the batch (as the Go engine does)."""
    n = max(len(s) for s in seqs)
    ids = np.full((len(seqs), n), pad_id, dtype=np.int64)
    mask = np.zeros((len(seqs), n), dtype=np.int64)
    for i, s in enumerate(seqs):
        ids[i, : len(s)] = s
        mask[i, : len(s)] = 1
    return torch.from_numpy(ids), torch.from_numpy(mask)


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


def reverse_within_length(x, lengths):
    """x[b, len_b-1-t] for t < len_b, x[b, t] (padding) after: its own inverse. A backward
    GRU run over reverse_within_length(x) starts at each sequence's last real token, not at
    padding."""
    L = x.shape[1]
    pos = torch.arange(L, device=x.device).unsqueeze(0)
    ln = lengths.unsqueeze(1)
    idx = torch.where(pos < ln, ln - 1 - pos, pos)
    return torch.gather(x, 1, idx.unsqueeze(-1).expand(-1, -1, x.shape[2]))


class GRUEncoder(nn.Module):
    """Embedding + bidirectional GRU (a forward GRU and a backward GRU run over each sequence
    reversed within its length), optionally beside CNNEncoder's convolutions over the same
    embedded input. Padding invariance: padded positions are zeroed after the embedding, the
    forward GRU reaches them only after every real token, the backward one only after its
    sequence's first token, and the convolution windows start at a position; the features at
    padded positions are not zero and must be masked by whoever pools them (the mask is
    returned). Returns [B, L, 2*hidden (+ channels*len(kernels))] and the float mask [B, L]."""

    def __init__(self, vocab_size, emb_dim, hidden, dropout, channels=0, kernels=()):
        super().__init__()
        self.emb = nn.Embedding(vocab_size, emb_dim, padding_idx=0)
        self.fwd = nn.GRU(emb_dim, hidden, batch_first=True)
        self.bwd = nn.GRU(emb_dim, hidden, batch_first=True)
        self.kernels = list(kernels) if channels > 0 else []
        self.convs = nn.ModuleList([nn.Conv1d(emb_dim, channels, k) for k in self.kernels])
        self.drop = nn.Dropout(dropout)
        self.out_dim = 2 * hidden + channels * len(self.kernels)

    def forward(self, input_ids, attention_mask):
        m = attention_mask.to(torch.float32)
        lengths = attention_mask.sum(dim=1)
        x = self.drop(self.emb(input_ids) * m.unsqueeze(-1))  # [B, L, E]
        hf, _ = self.fwd(x)
        hb, _ = self.bwd(reverse_within_length(x, lengths))
        feats = [hf, reverse_within_length(hb, lengths)]
        if self.convs:
            xt = x.transpose(1, 2)
            for k, conv in zip(self.kernels, self.convs):
                xi = F.pad(xt, (0, k - 1)) if k > 1 else xt
                feats.append(F.relu(conv(xi)).transpose(1, 2))
        return torch.cat(feats, dim=-1), m


def masked_max_mean(h, m):
    """Max and mean over real positions only. h [B,L,C], m [B,L] float."""
    neg = (1.0 - m).unsqueeze(-1) * -1e4
    mx = (h + neg).max(dim=1).values
    mean = (h * m.unsqueeze(-1)).sum(dim=1) / m.sum(dim=1, keepdim=True).clamp(min=1.0)
    return torch.cat([mx, mean], dim=-1)


def count_params(model):
    return sum(p.numel() for p in model.parameters())


class Calibrated(nn.Module):
    """Exported graph: softmax(net(input_ids, attention_mask) / T)."""

    def __init__(self, net, temperature):
        super().__init__()
        self.net = net
        self.register_buffer("inv_t", torch.tensor(1.0 / temperature, dtype=torch.float32))

    def forward(self, input_ids, attention_mask):
        return torch.softmax(self.net(input_ids, attention_mask) * self.inv_t, dim=-1)


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
