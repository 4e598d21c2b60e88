"""Data loading, tokenisation and decoding shared by training/train_aspect.py.

Everything the aspect-zh model needs on the Python side, standard library only (and tz):

* BertTok: tz.BertTokenizer (bert-base-chinese BasicTokenizer + WordPiece, lowercase + accent
  stripping, one token per CJK character, the contract the Go engine uses at run time,
  models/README.md) with the names the aspect code uses.
* load_aste / load_apc: the ABSADatasets Chinese files. ASTE spans are 0-based
  token indices with INCLUSIVE ends, aspect (-1, -1) = implicit aspect.
  Each ASTE token (usually one character, sometimes "，5" or "300") is
  word-pieced on its own and spans are mapped to model positions where
  [CLS] is 0 and ends are exclusive.
* decode: the exact decoding that engine/aspect implements in Go.
"""

import ast

from tz.tokenizer import BertTokenizer

POLARITIES = ["negative", "neutral", "positive"]
PAIR_LABELS = ["none", "negative", "neutral", "positive"]
TAG_LABELS = ["O", "B", "I"]
_POL_MAP = {
    "NEG": "negative", "Negative": "negative",
    "NEU": "neutral", "Neutral": "neutral",
    "POS": "positive", "Positive": "positive",
}


class BertTok(BertTokenizer):
    """tz.BertTokenizer with the names the aspect code uses: cls/sep/pad/unk ids,
    encode_text (ids of a text) and encode_tokens (ids of pre-split tokens with their spans)."""

    def __init__(self, vocab_path):
        super().__init__(vocab_path)
        self.unk, self.cls, self.sep, self.pad = self.unk_id, self.cls_id, self.sep_id, self.pad_id

    def encode_text(self, text):
        return self.tokenize_ids(text)

    def encode_tokens(self, toks):
        """Word-piece each pre-split token; returns ids and per-token (first, last+1) piece index."""
        ids, spans = [], []
        for t in toks:
            s = len(ids)
            ids.extend(self.encode_text(t))
            spans.append((s, len(ids)))
        return ids, spans


def load_aste(path, tok, max_len=128):
    """Returns a list of dicts: ids ([CLS] … [SEP]), triplets [(as, ae, os, oe, pol)]
    in model positions ([CLS]=0, exclusive ends, aspect -1,-1 when implicit)."""
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            sent, lab = line.split("####")
            toks = sent.split(" ")
            pieces, spans = tok.encode_tokens(toks)
            pieces = pieces[: max_len - 2]
            n = len(pieces)
            ids = [tok.cls] + pieces + [tok.sep]
            trips = set()
            for a, o, p in ast.literal_eval(lab):
                pol = _POL_MAP[p]

                def m(s, e):
                    ps, pe = spans[s][0], spans[e][1]
                    if pe <= ps or pe > n:
                        return None
                    return ps + 1, pe + 1

                if o[0] < 0 or o[1] < o[0]:
                    continue
                ospan = m(o[0], o[1])
                if ospan is None:
                    continue
                if a[0] < 0:
                    aspan = (-1, -1)
                else:
                    if a[1] < a[0]:
                        continue
                    aspan = m(a[0], a[1])
                    if aspan is None:
                        continue
                trips.add((aspan[0], aspan[1], ospan[0], ospan[1], pol))
            out.append({"text": "".join(toks), "ids": ids, "triplets": sorted(trips)})
    return out


def load_apc(path, tok, max_len=128):
    """APC file: 3 lines per instance (sentence with $T$, aspect, polarity).
    Returns dicts: ids, aspect span (model positions, exclusive end), polarity."""
    out = []
    with open(path, encoding="utf-8") as f:
        lines = [l.rstrip("\n") for l in f]
    for i in range(0, len(lines) - 2, 3):
        sent, asp, pol = lines[i], lines[i + 1], lines[i + 2].strip()
        if "$T$" not in sent:
            continue
        left, right = sent.split("$T$", 1)
        lt = [t for t in left.split(" ") if t]
        at = [t for t in asp.split(" ") if t]
        rt = [t for t in right.replace("$T$", asp).split(" ") if t]
        lp, _ = tok.encode_tokens(lt)
        ap, _ = tok.encode_tokens(at)
        rp, _ = tok.encode_tokens(rt)
        if not ap:
            continue
        pieces = lp + ap + rp
        s = len(lp) + 1
        e = s + len(ap)
        if e > max_len - 1:
            continue
        pieces = pieces[: max_len - 2]
        out.append({"text": "".join(lt + at + rt), "ids": [tok.cls] + pieces + [tok.sep],
                    "aspect": (s, e), "polarity": _POL_MAP[pol]})
    return out


def bio_spans(tags, seq_len):
    """tags: per-position argmax tag index (0=O, 1=B, 2=I). Positions 1..seq_len-2.
    A span starts at B, or at I that does not continue a span; it continues over I."""
    spans = []
    start = -1
    for i in range(1, seq_len - 1):
        t = tags[i]
        if t == 1 or (t == 2 and start < 0):
            if start >= 0:
                spans.append((start, i))
            start = i
        elif t == 0:
            if start >= 0:
                spans.append((start, i))
            start = -1
    if start >= 0:
        spans.append((start, seq_len - 1))
    return spans


def _argmax(v):
    best = 0
    for k in range(1, len(v)):
        if v[k] > v[best]:
            best = k
    return best


def decode(asp_probs, op_probs, pair_probs, seq_len, min_score=0.0, bare=False):
    """Decode one sentence.

    asp_probs, op_probs: [seq][3] probabilities over O,B,I.
    pair_probs: [seq][seq][4] probabilities over none,negative,neutral,positive;
    row = aspect start position (0 = implicit aspect / [CLS]), column = opinion start.
    A pair is kept when its argmax is not "none" and its probability >= min_score.
    Returns triplets (as, ae, os, oe, polarity, score) sorted by (os, as). With bare
    (decoding.bare_aspects) the aspect spans no triplet uses follow in order as
    (as, ae, -1, -1, "", mean probability of the tags they were decoded from: B or I at the
    start, I after it).
    """
    aspects = bio_spans([_argmax(p) for p in asp_probs], seq_len)
    opinions = bio_spans([_argmax(p) for p in op_probs], seq_len)
    out = []
    for (os_, oe) in opinions:
        cands = [(-1, -1)] + aspects
        for (as_, ae) in cands:
            row = 0 if as_ < 0 else as_
            p = pair_probs[row][os_]
            k = _argmax(p)
            if k == 0 or float(p[k]) < min_score:
                continue
            out.append((as_, ae, os_, oe, PAIR_LABELS[k], float(p[k])))
    out.sort(key=lambda t: (t[2], t[0]))
    if bare:
        used = {t[0] for t in out}
        for (as_, ae) in aspects:
            if as_ in used:
                continue
            sc = max(float(asp_probs[as_][1]), float(asp_probs[as_][2])) + sum(float(asp_probs[i][2]) for i in range(as_ + 1, ae))
            out.append((as_, ae, -1, -1, "", sc / (ae - as_)))
    return out


def aspect_polarity(pair_probs, a_start, seq_len):
    """Polarity of a known aspect starting at a_start: the opinion column j (real
    token) with the lowest p(none) in row a_start, then argmax over the three
    polarities in that cell."""
    best_j, best = -1, 2.0
    for j in range(1, seq_len - 1):
        if pair_probs[a_start][j][0] < best:
            best, best_j = pair_probs[a_start][j][0], j
    cell = pair_probs[a_start][best_j]
    return POLARITIES[_argmax(cell[1:])]


def f1(pred, gold):
    """pred, gold: lists (per sentence) of collections of hashable triplets."""
    tp = npred = ngold = 0
    for p, g in zip(pred, gold):
        p, g = set(p), set(g)
        tp += len(p & g)
        npred += len(p)
        ngold += len(g)
    prec = tp / npred if npred else 0.0
    rec = tp / ngold if ngold else 0.0
    return prec, rec, (2 * prec * rec / (prec + rec) if prec + rec else 0.0)
