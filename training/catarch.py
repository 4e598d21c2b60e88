"""Encoders for train_category.py's --arch flex and --arch ngram (helper catcap, session 12):
cheaper ways than CarCNN's three equal-width convolutions to buy a category model capacity.
Both keep CarCNN's head (per-dimension masked attention pooling + shared masked max pool +
per-dimension 4-way classifier) and its padding invariance: padded positions are zeroed after
the embedding, every window starts at its position and reads right padding as zeros, and the
head masks padded positions out; the id after the last position is 0 ([PAD]), the value
right padding supplies, so a real position's features never depend on how far a batch is padded.

flex:  one single-layer branch per spec "k:C[:dD][:s]" (kernel width k, C channels, dilation
       D, s = depthwise-separable: a depthwise conv of width k over the embedding followed by
       a 1x1 conv to C channels); the branches' ReLU outputs are concatenated.
ngram: fastText-like hashed character n-grams: the embedding of each position's character
       plus, per order n in 2..N, a row of an n-gram table chosen by a hash of the n ids that
       start at the position ((..(id_t * 21128 + id_t+1) * 21128 ..) mod buckets); summed,
       optionally followed by a 1x1 ReLU projection to `hidden` channels. Its cost per token
       is table lookups (plus hidden x E multiply-adds when hidden > 0).
"""

import torch
import torch.nn as nn
import torch.nn.functional as F

VOCAB = 21128


def parse_branches(spec):
    """'1:16,2:64:d2,3:32:s' -> [(k, C, dilation, separable)]."""
    out = []
    for part in spec.split(","):
        f = part.strip().split(":")
        if len(f) < 2:
            raise SystemExit("--branches %r: each branch is k:C[:dD][:s]" % spec)
        k, c, dil, sep = int(f[0]), int(f[1]), 1, False
        for x in f[2:]:
            if x == "s":
                sep = True
            elif x.startswith("d"):
                dil = int(x[1:])
            else:
                raise SystemExit("--branches %r: unknown option %r" % (spec, x))
        out.append((k, c, dil, sep))
    return out


class FlexCNN(nn.Module):
    """Embedding + single-layer conv branches of their own width, channels, dilation."""

    def __init__(self, vocab_size, emb_dim, branches, dropout):
        super().__init__()
        self.emb = nn.Embedding(vocab_size, emb_dim, padding_idx=0)
        self.branches = list(branches)
        self.convs = nn.ModuleList()
        for k, c, dil, sep in self.branches:
            if sep and k > 1:
                self.convs.append(nn.Sequential(nn.Conv1d(emb_dim, emb_dim, k, dilation=dil, groups=emb_dim, bias=False),
                                                nn.Conv1d(emb_dim, c, 1)))
            else:
                self.convs.append(nn.Conv1d(emb_dim, c, k, dilation=dil))
        self.drop = nn.Dropout(dropout)
        self.out_dim = sum(c for _, c, _, _ in self.branches)

    def forward(self, input_ids, attention_mask):
        m = attention_mask.to(torch.float32)
        x = self.emb(input_ids) * m.unsqueeze(-1)
        x = self.drop(x).transpose(1, 2)  # [B, E, L]
        feats = []
        for (k, _, dil, _), conv in zip(self.branches, self.convs):
            span = (k - 1) * dil
            xi = F.pad(x, (0, span)) if span > 0 else x
            feats.append(F.relu(conv(xi)))
        return torch.cat(feats, dim=1).transpose(1, 2), m


class NgramBag(nn.Module):
    """Character embedding + hashed 2..N-gram embeddings, summed per position."""

    def __init__(self, vocab_size, emb_dim, orders, buckets, hidden, dropout):
        super().__init__()
        self.emb = nn.Embedding(vocab_size, emb_dim, padding_idx=0)
        self.orders = [n for n in orders if n > 1]
        self.buckets = int(buckets)
        self.tables = nn.ModuleList([nn.Embedding(self.buckets, emb_dim) for _ in self.orders])
        for t in self.tables:
            nn.init.normal_(t.weight, std=0.05)
        self.drop = nn.Dropout(dropout)
        self.proj = nn.Conv1d(emb_dim, hidden, 1) if hidden > 0 else None
        self.out_dim = hidden if hidden > 0 else emb_dim

    def forward(self, input_ids, attention_mask):
        m = attention_mask.to(torch.float32)
        x = self.emb(input_ids)
        L = input_ids.shape[1]
        nmax = max(self.orders) if self.orders else 1
        padded = torch.cat([input_ids, torch.zeros_like(input_ids[:, :1]).expand(-1, nmax - 1)], dim=1) if nmax > 1 else input_ids
        for n, table in zip(self.orders, self.tables):
            h = padded[:, 0:L]
            for j in range(1, n):
                h = h * VOCAB + padded[:, j:j + L]
            x = x + table(torch.remainder(h, self.buckets))
        x = self.drop(x * m.unsqueeze(-1))
        if self.proj is not None:
            x = F.relu(self.proj(x.transpose(1, 2))).transpose(1, 2)
        return x, m


def head_net(enc, dropout, n_dims, n_states=4):
    """CarCNN's head over enc (train_car.CarCNN's forward, its own encoder)."""
    import train_car

    class CatNet(train_car.CarCNN):
        def __init__(self):
            nn.Module.__init__(self)
            self.enc = enc
            d = enc.out_dim
            self.att = nn.Linear(d, n_dims)
            self.drop = nn.Dropout(dropout)
            self.w = nn.Parameter(torch.randn(n_dims, 2 * d, n_states) * (1.0 / (2 * d) ** 0.5))
            self.b = nn.Parameter(torch.zeros(n_dims, n_states))

    return CatNet()
