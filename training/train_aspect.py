#!/usr/bin/python3
"""Train, evaluate and export the aspect-zh model (aspect/opinion/polarity triplets).

Model: compact char embedding -> gated dilated CNN (masked) -> three heads
  aspect_probs  [batch, seq, 3]      O/B/I of aspect terms
  opinion_probs [batch, seq, 3]      O/B/I of opinion terms
  pair_probs    [batch, seq, seq, 4] none/negative/neutral/positive for
                (row = aspect start, 0 = implicit aspect; column = opinion start)
Decoding: training/aste_data.py decode() == engine/aspect Decoder.

Usage (repo root, Debian python with torch 1.13 CPU):
  /usr/bin/python3 training/train_aspect.py --data ../shared/datasets --out models/aspect-zh
Multi-domain (the shipped model; data, partial labels and validation carves in
training/aspect_multi.py; commands in bench/results/models.md):
  /usr/bin/python3 training/train_aspect.py --data ../shared/datasets --multi --init-onnx PREV.onnx \
      --hidden 128 --pair-dim 32 --emb 96 --full-vocab --lr 1e-3 --minutes 24 --out /tmp/aspect-multi
  then --from-ckpt /tmp/aspect_ckpt_<seed>_<pid>.pt --bare-aspects 1 --out models/aspect-zh to export.
CPU, one thread. Deterministic given --seed (single thread).
"""

import argparse
import collections
import glob
import json
import os
import random
import shutil
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import aspect_multi as M  # noqa: E402
import aste_data as A  # noqa: E402
import tz  # noqa: E402

POL_INDEX = {"negative": 1, "neutral": 2, "positive": 3}


class AspectModel(nn.Module):
    """Char CNN encoder (channel-first so every matmul is an MKL-DNN/ORT Conv).

    Padding never changes outputs at real positions: activations are multiplied by the
    mask after every layer, so padded positions hold exact zeros, the same values the
    convolutions' own zero padding supplies for an unpadded sequence."""

    def __init__(self, remap, n_compact, emb=128, hidden=192, layers=5, pair_dim=64, dropout=0.2,
                 dilations=(1, 2, 4, 8, 1), bigram_buckets=0, bigram_dim=0, gru=0):
        super().__init__()
        self.register_buffer("remap", remap)
        self.emb = nn.Embedding(n_compact, emb, padding_idx=0)
        self.bigram = tz.BigramHash(bigram_buckets, bigram_dim) if bigram_buckets > 0 else None
        self.inp = nn.Conv1d(emb + (bigram_dim if self.bigram is not None else 0), hidden, 1)
        self.convs = nn.ModuleList()
        for i in range(layers):
            d = dilations[i % len(dilations)]
            self.convs.append(nn.Conv1d(hidden, 2 * hidden, 3, padding=d, dilation=d))
        self.drop = nn.Dropout(dropout)
        self.gru = gru
        if gru > 0:
            # BiGRU on top of the CNN, added residually: gout starts at zero, so a model
            # initialised from a CNN-only aspect-zh starts with exactly its outputs.
            self.gfwd = nn.GRU(hidden, gru, batch_first=True)
            self.gbwd = nn.GRU(hidden, gru, batch_first=True)
            self.gout = nn.Conv1d(2 * gru, hidden, 1)
            nn.init.zeros_(self.gout.weight)
            nn.init.zeros_(self.gout.bias)
        self.asp = nn.Conv1d(hidden, 3, 1)
        self.op = nn.Conv1d(hidden, 3, 1)
        self.pa = nn.Conv1d(hidden, pair_dim, 1)
        self.po = nn.Conv1d(hidden, pair_dim, 1, bias=False)
        self.pair = nn.Conv2d(pair_dim, 4, 1)

    def logits(self, input_ids, attention_mask):
        m = attention_mask.to(torch.float32).unsqueeze(1)  # [B,1,L]
        x = self.emb(self.remap[input_ids])
        if self.bigram is not None:
            x = torch.cat([x, self.bigram(input_ids)], dim=-1)
        x = x.transpose(1, 2)  # [B,E(+bigram),L]
        x = self.inp(self.drop(x)) * m
        for conv in self.convs:
            y = F.glu(conv(x), dim=1)
            x = (x + self.drop(y)) * m
        if self.gru > 0:
            # The backward GRU runs over each sequence reversed within its length (it starts
            # at the last real token, never on padding); the forward one never sees padding
            # before a real position. Padding therefore never changes real positions.
            lengths = attention_mask.sum(dim=1)
            h = x.transpose(1, 2)  # [B,L,H]
            hf, _ = self.gfwd(h)
            hb, _ = self.gbwd(tz.reverse_within_length(h, lengths))
            g = torch.cat([hf, tz.reverse_within_length(hb, lengths)], dim=-1).transpose(1, 2)
            x = (x + self.gout(self.drop(g))) * m
        a = self.asp(x).transpose(1, 2)  # [B,L,3]
        o = self.op(x).transpose(1, 2)
        pa = self.pa(x)  # [B,P,L]
        po = self.po(x)
        g = F.relu(pa.unsqueeze(3) + po.unsqueeze(2))  # [B,P,L(aspect),L(opinion)]
        p = self.pair(g).permute(0, 2, 3, 1)  # [B,L,L,4]
        return a, o, p

    def forward(self, input_ids, attention_mask):
        a, o, p = self.logits(input_ids, attention_mask)
        return torch.softmax(a, -1), torch.softmax(o, -1), torch.softmax(p, -1)


def build_remap(examples, min_count, tok):
    cnt = collections.Counter(i for ex in examples for i in ex["ids"])
    remap = torch.full((len(tok.vocab),), 1, dtype=torch.int64)  # 1 = [UNK]
    remap[tok.pad] = 0
    nxt = 2
    for i in sorted(cnt):
        if i in (tok.pad, tok.unk):
            continue
        if cnt[i] >= min_count or i in (tok.cls, tok.sep):
            remap[i] = nxt
            nxt += 1
    return remap, nxt


def tensorize(batch, max_len=None, mask_tails=False):
    L = max(len(ex["ids"]) for ex in batch)
    B = len(batch)
    ids = torch.zeros(B, L, dtype=torch.int64)
    mask = torch.zeros(B, L, dtype=torch.int64)
    tag_a = torch.full((B, L), -100, dtype=torch.int64)
    tag_o = torch.full((B, L), -100, dtype=torch.int64)
    pair = torch.full((B, L, L), -100, dtype=torch.int64)
    for b, ex in enumerate(batch):
        n = len(ex["ids"])
        ids[b, :n] = torch.tensor(ex["ids"])
        mask[b, :n] = 1
        tag_a[b, 1:n - 1] = 0
        tag_o[b, 1:n - 1] = 0
        pair[b, 0:n - 1, 1:n - 1] = 0
        for (as_, ae, os_, oe, pol) in ex.get("triplets", []):
            if as_ > 0:
                tag_a[b, as_] = 1
                if ae > as_ + 1:
                    tag_a[b, as_ + 1:ae] = 2
            tag_o[b, os_] = 1
            if oe > os_ + 1:
                tag_o[b, os_ + 1:oe] = 2
        for (as_, ae, os_, oe, pol) in ex.get("triplets", []):
            pair[b, max(as_, 0), os_] = POL_INDEX[pol]
        # Partial labels (training/aspect_multi.py): extra aspect terms with no opinion, the
        # opinion tags or the pair grid masked where a set does not label them.
        for (as_, ae, _pol) in ex.get("aspects", []):
            tag_a[b, as_] = 1
            if ae > as_ + 1:
                tag_a[b, as_ + 1:ae] = 2
        for (os_, oe) in ex.get("opinions", []):
            tag_o[b, os_] = 1
            if oe > os_ + 1:
                tag_o[b, os_ + 1:oe] = 2
        if ex.get("mask_opinion"):
            tag_o[b, :] = -100
            pair[b] = -100
        if ex.get("mask_pair"):
            pair[b] = -100
        for (r, c) in ex.get("mask_cells", []):  # silverspan wish pairs: no polarity taught
            pair[b, r, c] = -100
        if mask_tails:  # silverspan: where its opinion ends before the clause, no O is taught
            for (e, ce) in ex.get("opinion_tails", []):
                tag_o[b, e:ce] = -100
    return ids, mask, tag_a, tag_o, pair


def tag_loss(logits, tags):
    """Mean cross-entropy of the BIO tags; 0 (not NaN) when a batch has every tag masked
    (a batch of APC sentences has no opinion tags)."""
    if not bool((tags != -100).any()):
        return logits.new_zeros(())
    return F.cross_entropy(logits.reshape(-1, 3), tags.reshape(-1), ignore_index=-100)


def mil_loss(p, batch):
    """Multiple-instance pair loss for a term with a known polarity and an unknown opinion
    (APC): in the term's row, the real-token column the model finds most related (lowest
    p(none), chosen without gradient) is trained towards the gold polarity."""
    terms = []
    for b, ex in enumerate(batch):
        n = len(ex["ids"])
        for (row, pol) in ex.get("mil", []):
            terms.append((b, row, n, POL_INDEX[pol]))
    if not terms:
        return p.new_zeros(())
    cells = []
    for b, row, n, _ in terms:
        r = p[b, row, 1:n - 1]  # [n-2, 4]
        with torch.no_grad():
            j = int(torch.argmin(torch.softmax(r, -1)[:, 0]))
        cells.append(r[j])
    tgt = torch.tensor([t[3] for t in terms])
    return F.cross_entropy(torch.stack(cells), tgt, reduction="sum") / len(batch)


def batches(examples, bs, shuffle, rng):
    idx = sorted(range(len(examples)), key=lambda i: len(examples[i]["ids"]))
    bl = [idx[i:i + bs] for i in range(0, len(idx), bs)]
    if shuffle:
        rng.shuffle(bl)
    return [[examples[i] for i in b] for b in bl]


def epoch_examples(train, other_frac, rng):
    """One epoch's sentences: every silverspan line (with its repeats) and a random other_frac
    of the rest (all of them at 1.0)."""
    if other_frac >= 1.0:
        return train
    ss = [ex for ex in train if ex.get("domain", "").startswith("silverspan_")]
    rest = [ex for ex in train if not ex.get("domain", "").startswith("silverspan_")]
    return ss + rng.sample(rest, int(round(len(rest) * other_frac)))


def run_model(model, examples, bs=64):
    """Yields (example, asp_probs, op_probs, pair_probs, seq_len) with numpy arrays."""
    model.eval()
    with torch.no_grad():
        for b in batches(examples, bs, False, None):
            ids, mask, *_ = tensorize(b)
            a, o, p = model(ids, mask)
            for k, ex in enumerate(b):
                n = len(ex["ids"])
                yield ex, a[k, :n].numpy(), o[k, :n].numpy(), p[k, :n, :n].numpy(), n


def evaluate(model, examples):
    preds, golds = [], []
    for ex, a, o, p, n in run_model(model, examples):
        preds.append([t[:5] for t in A.decode(a, o, p, n)])
        golds.append(ex["triplets"])
    return A.f1(preds, golds)


def breakdown(model, examples):
    """Error breakdown on dev: span F1 of aspects and opinions, and triplet F1 when the
    pair grid is read at the gold spans (the pair head alone)."""
    pa, ga, po, go, pg, gt = [], [], [], [], [], []
    for ex, a, o, p, n in run_model(model, examples):
        pa.append(A.bio_spans([A._argmax(x) for x in a], n))
        ga.append({(t[0], t[1]) for t in ex["triplets"] if t[0] > 0})
        po.append(A.bio_spans([A._argmax(x) for x in o], n))
        go.append({(t[2], t[3]) for t in ex["triplets"]})
        gold_o = sorted({(t[2], t[3]) for t in ex["triplets"]})
        gold_a = sorted({(t[0], t[1]) for t in ex["triplets"] if t[0] > 0})
        pr = []
        for (os_, oe) in gold_o:
            for (as_, ae) in [(-1, -1)] + gold_a:
                k = A._argmax(p[max(as_, 0)][os_])
                if k:
                    pr.append((as_, ae, os_, oe, A.PAIR_LABELS[k]))
        pg.append(pr)
        gt.append(ex["triplets"])
    return {"aspect_span_f1": A.f1(pa, ga)[2], "opinion_span_f1": A.f1(po, go)[2],
            "triplet_f1_given_gold_spans": A.f1(pg, gt)[2]}


def span_sets(model, examples):
    """Per example: (predicted aspect spans, predicted opinion spans, decoded triplets)."""
    out = []
    for ex, a, o, p, n in run_model(model, examples):
        out.append((ex, A.bio_spans([A._argmax(x) for x in a], n), A.bio_spans([A._argmax(x) for x in o], n),
                    [t[:5] for t in A.decode(a, o, p, n)], p, n))
    return out


def eval_multi(model, val):
    """Validation of the multi-domain model, per set (training/aspect_multi.py splits):
    aste and zhijiang triplet F1 (full labels), apc and coqe aspect-span F1 (exact spans;
    APC names every term of a sentence, COQE the compared aspects). Also, for APC, the
    share of gold terms that a decoded triplet's aspect overlaps (what becomes a model
    mention in analyze) and the polarity accuracy of the pair row. score = the mean of the
    four per-set F1s, and silverspan's triplet F1 when that set is used (the selection criterion)."""
    res = {}
    for name, exs in val.items():
        if not exs:
            continue
        rows = span_sets(model, exs)
        if name in ("aste", "zhijiang", "silverspan"):
            # a predicted triplet at a masked cell (a silverspan wish pair) is not scored
            preds = []
            for r in rows:
                masked = set(r[0].get("mask_cells", []))
                preds.append([t for t in r[3] if (max(t[0], 0), t[2]) not in masked])
            res[name + "_triplet_f1"] = A.f1(preds, [r[0]["triplets"] for r in rows])[2]
            res[name + "_aspect_f1"] = A.f1([r[1] for r in rows],
                                            [{(t[0], t[1]) for t in r[0]["triplets"] if t[0] > 0} |
                                             {(x[0], x[1]) for x in r[0].get("aspects", [])} for r in rows])[2]
        else:
            res[name + "_aspect_f1"] = A.f1([r[1] for r in rows], [{(x[0], x[1]) for x in r[0]["aspects"]} for r in rows])[2]
        if name == "apc":
            cov = pol_ok = tot = 0
            for ex, asp, _, trips, p, n in rows:
                for (s, e, pol) in ex["aspects"]:
                    if pol is None:
                        continue
                    tot += 1
                    if any(t[0] < e and s < t[1] for t in trips if t[0] > 0):
                        cov += 1
                    if A.aspect_polarity(p, s, n) == pol:
                        pol_ok += 1
            res["apc_term_triplet_recall"] = cov / max(1, tot)
            res["apc_pair_polarity_acc"] = pol_ok / max(1, tot)
    keys = ["aste_triplet_f1", "apc_aspect_f1", "zhijiang_triplet_f1", "coqe_aspect_f1", "silverspan_triplet_f1"]
    present = [res[k] for k in keys if k in res]
    res["score"] = sum(present) / max(1, len(present))
    return res


def eval_apc(model, examples):
    ok = 0
    for ex, a, o, p, n in run_model(model, examples):
        if A.aspect_polarity(p, ex["aspect"][0], n) == ex["polarity"]:
            ok += 1
    return ok / max(1, len(examples))


def admissible(vr, init_vr, max_aste_drop):
    """Whether an epoch's validation may be chosen: with max_aste_drop >= 0 and a starting
    model's validation init_vr, its ASTE triplet F1 (the train carve) must not fall below the
    start's by more than max_aste_drop. A negative max_aste_drop (or no start) admits all."""
    if max_aste_drop < 0 or init_vr is None or "aste_triplet_f1" not in init_vr:
        return True
    return vr.get("aste_triplet_f1", -1.0) >= init_vr["aste_triplet_f1"] - max_aste_drop - 1e-12


def choose_epoch(log, max_aste_drop):
    """The epoch to keep from a training log (entries {"epoch", "val", "dev_f1"}; an entry with
    epoch "init" is the starting model): the highest dev_f1 among the admissible entries
    (see admissible), the earliest on ties. None when no entry is admissible."""
    init = next((r["val"] for r in log if r["epoch"] == "init" and "val" in r), None)
    best = None
    for r in log:
        if "val" in r and not admissible(r["val"], init, max_aste_drop):
            continue
        if best is None or r["dev_f1"] > best["dev_f1"]:
            best = r
    return None if best is None else best["epoch"]


def l2_to(model, start):
    """Sum of squared differences between the model's parameters and the starting ones."""
    tot = None
    for n, p in model.named_parameters():
        d = ((p - start[n]) ** 2).sum()
        tot = d if tot is None else tot + d
    return tot


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="../shared/datasets")
    ap.add_argument("--out", default="models/aspect-zh")
    ap.add_argument("--epochs", type=int, default=30)
    ap.add_argument("--minutes", type=float, default=22.0, help="training time budget")
    ap.add_argument("--emb", type=int, default=128)
    ap.add_argument("--hidden", type=int, default=192)
    ap.add_argument("--layers", type=int, default=5)
    ap.add_argument("--gru", type=int, default=0, help="width per direction of a BiGRU added residually on top of the CNN (0 = none)")
    ap.add_argument("--o-shift", type=float, default=0.0,
                    help="subtracted from the aspect head's O logit (bias) before evaluation and export: a lower "
                         "aspect-tag threshold baked into the graph, the decoding contract unchanged")
    ap.add_argument("--pair-dim", type=int, default=64)
    ap.add_argument("--dropout", type=float, default=0.2)
    tz.add_bigram_args(ap)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--bs", type=int, default=32)
    ap.add_argument("--decay", type=int, default=1, help="1: lr decays linearly over the --minutes budget")
    ap.add_argument("--min-count", type=int, default=2)
    tz.add_word_drop_arg(ap, 0.05)
    ap.add_argument("--pair-weight", type=float, default=3.0, help="loss weight of non-none pair cells")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--full-vocab", action="store_true", help="one embedding row per bert-base-chinese id instead of the compact train vocabulary")
    ap.add_argument("--init-emb", default="", help="initialise the char embedding from this sentiment-zh model.onnx (net.enc.emb.weight; needs --emb equal to its width)")
    ap.add_argument("--init-ckpt", default="", help="start training from this checkpoint's weights")
    ap.add_argument("--from-ckpt", default="", help="skip training: evaluate/export this checkpoint")
    ap.add_argument("--max-len", type=int, default=128)
    ap.add_argument("--apc-holdout", type=float, default=1.0,
                    help="fraction of each APC file held out for evaluation (rest unused)")
    ap.add_argument("--multi", action="store_true",
                    help="multi-domain training (training/aspect_multi.py): ASTE train, the APC train part, zhijiang makeup, "
                         "COQE; epochs chosen on validation carves of those train parts; ASTE dev only reported")
    ap.add_argument("--sets", default="aste,apc,zhijiang,coqe", help="with --multi: the sets used")
    ap.add_argument("--apc-repeat", type=int, default=1, help="with --multi: each APC training sentence this many times per epoch")
    ap.add_argument("--silverspan", default="training/data/silverspan_*.jsonl",
                    help="with --multi and silverspan in --sets: glob of the silverspan files (relative to the repo root)")
    ap.add_argument("--silverspan-repeat", type=int, default=1,
                    help="with --multi: each silverspan training line this many times per epoch")
    ap.add_argument("--silverspan-opinion-tail", choices=["o", "mask"], default="o",
                    help="silverspan opinions that stop before their clause does: o = the rest of the clause is taught O; "
                         "mask = not taught (ASTE's opinions run to the clause end: the two conventions then never conflict)")
    ap.add_argument("--other-frac", type=float, default=1.0,
                    help="with --multi: each epoch trains on this seeded random fraction of the non-silverspan sentences "
                         "(all silverspan lines every epoch)")
    ap.add_argument("--init-o-shift", type=float, default=0.0,
                    help="added back to the aspect head's O bias after --init-onnx (undoes the --o-shift baked into "
                         "the starting model, so training and validation see the trained logits)")
    ap.add_argument("--mil-weight", type=float, default=1.0, help="weight of the APC multiple-instance pair loss")
    ap.add_argument("--bare-aspects", type=int, default=0,
                    help="1: the card's decoding.bare_aspects is true (aspect spans without an opinion are returned too; "
                         "reference.jsonl decoded the same way)")
    ap.add_argument("--limit", type=int, default=0, help="smoke test: this many training sentences")
    ap.add_argument("--init-onnx", default="", help="start from the weights of this aspect-zh model.onnx (same architecture)")
    ap.add_argument("--l2-init", type=float, default=0.0,
                    help="weight of an L2 pull toward the starting weights (sum of squared differences; 0 = none)")
    ap.add_argument("--max-aste-drop", type=float, default=-1.0,
                    help="with --multi --init-onnx: refuse epochs whose ASTE validation triplet F1 (the train carve) "
                         "is below the starting model's by more than this (negative = no constraint)")
    ap.add_argument("--save-epochs", default="",
                    help="write each epoch's checkpoint (the --from-ckpt format) to this folder as epoch_N.pt")
    args = ap.parse_args()
    reads = tz.DataReads(args.data).start()  # every dataset file read from here on: the card's data_sha256

    torch.set_num_threads(1)
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    absa = os.path.join(args.data, "aspect", "absadatasets_zh")
    vocab_path = os.path.join(args.data, "tokenizer", "bert-base-chinese_vocab.txt")
    tok = A.BertTok(vocab_path)
    train = A.load_aste(os.path.join(absa, "aste_chinese_zhang.train.txt"), tok, args.max_len)
    dev = A.load_aste(os.path.join(absa, "aste_chinese_zhang.dev.txt"), tok, args.max_len)
    apc = []
    for f in sorted(glob.glob(os.path.join(absa, "apc_*.train.txt"))):
        exs = A.load_apc(f, tok, args.max_len)
        if args.multi:
            # reported only: the held-out APC test part (bench.APCBucket < 15)
            apc.extend(ex for ex in exs if tz.apc_split(ex["text"]) == "test")
            continue
        r = random.Random(f"{args.seed}-{os.path.basename(f)}")
        r.shuffle(exs)
        apc.extend(exs[: int(round(len(exs) * args.apc_holdout))])
    val, counts = None, None
    if args.multi:
        root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        use_ss = "silverspan" in args.sets.split(",")
        ss_paths = sorted(glob.glob(os.path.join(root, args.silverspan))) if use_ss else []
        if use_ss and not ss_paths:
            raise SystemExit(f"--sets names silverspan but {args.silverspan} matches no file")
        train, val, counts = M.build(args.data, tok, args.max_len, tuple(args.sets.split(",")), ss_paths)
        if ss_paths:
            counts["silverspan"]["sha256"] = {os.path.relpath(pth, root): tz.sha256_file(pth) for pth in ss_paths}
        print("multi-domain sets", json.dumps(counts, ensure_ascii=False), flush=True)
        if args.apc_repeat > 1:
            train += [ex for ex in train if ex["domain"].startswith("apc_")] * (args.apc_repeat - 1)
        if args.silverspan_repeat > 1:
            train += [ex for ex in train if ex["domain"].startswith("silverspan_")] * (args.silverspan_repeat - 1)
        if args.limit:  # smoke test only
            train = random.Random(args.seed).sample(train, min(args.limit, len(train)))
            val = {k: v[: args.limit // 4] for k, v in val.items()}
            dev, apc = dev[: args.limit // 4], apc[: args.limit // 4]
    print(f"train {len(train)} dev {len(dev)} apc-eval {len(apc)}", flush=True)

    if args.full_vocab:
        # Every bert-base-chinese id keeps its own row (no compact vocabulary): with
        # --init-emb, characters never seen in the restaurant reviews still carry what the
        # sentiment model learned about them instead of collapsing to [UNK].
        n_compact = len(tok.vocab)
        remap = torch.arange(n_compact, dtype=torch.int64)
    else:
        remap, n_compact = build_remap(train, args.min_count, tok)
    print(f"compact vocab {n_compact}", flush=True)
    model = AspectModel(remap, n_compact, args.emb, args.hidden, args.layers, args.pair_dim, args.dropout,
                        bigram_buckets=args.bigram_buckets, bigram_dim=args.bigram_dim, gru=args.gru)
    if args.init_emb:
        src = tz.onnx_weights(args.init_emb)["net.enc.emb.weight"]  # [21128, E]
        if src.shape[1] != args.emb:
            raise SystemExit(f"--init-emb {args.init_emb}: embedding width {src.shape[1]} != --emb {args.emb}")
        with torch.no_grad():
            n_init = 0
            for bert_id in range(src.shape[0]):
                c = int(remap[bert_id])
                if c > 1:  # not padding, not [UNK]
                    model.emb.weight[c] = src[bert_id]
                    n_init += 1
        print(f"embedding rows initialised from {args.init_emb}: {n_init}", flush=True)
    if args.init_onnx:
        w = tz.onnx_weights(args.init_onnx)
        own = model.state_dict()
        missing = [k for k in own if k not in w]
        if missing and not all(k.startswith(("gfwd.", "gbwd.", "gout.")) for k in missing):
            raise SystemExit(f"--init-onnx {args.init_onnx}: no weights for {missing}")
        model.load_state_dict({k: w[k] if k in w else own[k] for k in own})
        print(f"init from {args.init_onnx} ({len(w)} tensors; new, not from it: {missing})", flush=True)
        if args.init_o_shift:
            with torch.no_grad():
                model.asp.bias[0] += args.init_o_shift
            print(f"aspect O logit of the starting model raised by {args.init_o_shift} (its baked-in shift undone)", flush=True)
    if args.init_ckpt:
        ck = torch.load(args.init_ckpt)
        model.load_state_dict(ck["state"])
        init_argv = ck.get("argv", [])
        print(f"init from {args.init_ckpt} (trained by: {' '.join(init_argv)})", flush=True)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    start = {n: p.detach().clone() for n, p in model.named_parameters()} if args.l2_init > 0 else None
    pw = torch.tensor([1.0, args.pair_weight, args.pair_weight, args.pair_weight])
    t0 = t_run = time.time()
    train_chain = [sys.argv[1:]]
    if args.init_ckpt:
        train_chain = ck.get("chain", [ck.get("argv", [])]) + train_chain
        t0 -= ck.get("train_seconds", 0)
    best, best_state, best_ep = -1.0, None, -1
    log = []
    if args.multi and args.init_onnx:
        # The starting model is a candidate too: a retrained model ships only when
        # validation says it is better.
        vr = eval_multi(model, val)
        print(f"init val {json.dumps({k: round(v, 4) for k, v in vr.items()})}", flush=True)
        log.append({"run": 0, "epoch": "init", "val": vr, "dev_f1": vr["score"]})
        best, best_ep = vr["score"], "init"
        best_state = {k: v.clone() for k, v in model.state_dict().items()}
    if args.init_ckpt:
        log = list(ck.get("log", []))
        best = max([r["dev_f1"] for r in log] + [-1.0])
        best_state, best_ep = ck["state"], "init"
    if args.from_ckpt:
        ck = torch.load(args.from_ckpt)
        best_state, log = ck["state"], ck.get("log", [])
        best_ep = ck.get("best_epoch", -1)
        args.epochs = 0
        train_chain = ck.get("chain", [ck.get("argv", ["(training command not recorded in checkpoint)"])])
        t0 -= ck.get("train_seconds", 0)
    for ep in range(args.epochs):
        model.train()
        tot = 0.0
        for b in batches(epoch_examples(train, args.other_frac, rng), args.bs, True, rng):
            ids, mask, ta, to, pr = tensorize(b, mask_tails=args.silverspan_opinion_tail == "mask")
            ids = tz.char_dropout(ids, args.word_drop, tok.unk)
            if args.decay:
                frac = min(1.0, (time.time() - t_run) / 60 / args.minutes)
                for g in opt.param_groups:
                    g["lr"] = args.lr * max(0.05, 1.0 - frac)
            a, o, p = model.logits(ids, mask)
            loss = tag_loss(a, ta) + tag_loss(o, to)
            lp = F.cross_entropy(p.reshape(-1, 4), pr.reshape(-1), weight=pw, ignore_index=-100,
                                 reduction="sum") / len(b) / 10.0
            loss = loss + lp
            if args.multi and args.mil_weight > 0:
                loss = loss + args.mil_weight * mil_loss(p, b)
            if start is not None:
                loss = loss + args.l2_init * l2_to(model, start)
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            opt.step()
            tot += loss.item()
        if args.multi:
            vr = eval_multi(model, val)
            f = vr["score"]
            el = (time.time() - t_run) / 60
            print(f"epoch {ep} loss {tot:.1f} val {json.dumps({k: round(v, 4) for k, v in vr.items()})} ({el:.1f} min)", flush=True)
            log.append({"run": len(train_chain), "epoch": ep, "val": vr, "dev_f1": f})
        else:
            prec, rec, f = evaluate(model, dev)
            el = (time.time() - t_run) / 60
            print(f"epoch {ep} loss {tot:.1f} dev P {prec:.4f} R {rec:.4f} F1 {f:.4f} ({el:.1f} min)", flush=True)
            log.append({"run": len(train_chain), "epoch": ep, "dev_p": prec, "dev_r": rec, "dev_f1": f})
        ok = not args.multi or admissible(log[-1]["val"], log[0]["val"] if log[0]["epoch"] == "init" else None,
                                          args.max_aste_drop)
        if not ok:
            print(f"epoch {ep} refused: ASTE validation triplet F1 more than {args.max_aste_drop} below the start's", flush=True)
        if ok and f > best:
            best, best_ep = f, ep
            best_state = {k: v.clone() for k, v in model.state_dict().items()}
        if args.save_epochs:
            os.makedirs(args.save_epochs, exist_ok=True)
            torch.save({"state": model.state_dict(), "args": vars(args), "n_compact": n_compact, "log": list(log),
                        "best_epoch": ep, "train_seconds": time.time() - t0, "argv": sys.argv[1:],
                        "chain": train_chain}, os.path.join(args.save_epochs, f"epoch_{ep}.pt"))
        if el > args.minutes:
            print("time budget reached", flush=True)
            break
    model.load_state_dict(best_state)
    if args.o_shift:
        with torch.no_grad():
            model.asp.bias[0] -= args.o_shift
        print(f"aspect O logit shifted by -{args.o_shift}", flush=True)
    prec, rec, f = evaluate(model, dev)
    apc_acc = eval_apc(model, apc)
    bd = breakdown(model, dev)
    print("breakdown", bd, flush=True)
    print(f"best epoch {best_ep}: dev P {prec:.4f} R {rec:.4f} F1 {f:.4f}; APC polarity acc {apc_acc:.4f} on {len(apc)}",
          flush=True)

    os.makedirs(args.out, exist_ok=True)
    if not args.from_ckpt:
        torch.save({"state": best_state, "args": vars(args), "n_compact": n_compact, "log": log,
                    "best_epoch": best_ep, "train_seconds": time.time() - t0, "argv": sys.argv[1:],
                    "chain": train_chain},
                   os.path.join("/tmp", f"aspect_ckpt_{args.seed}_{os.getpid()}.pt"))
    export(model, tok, args, dev, os.path.join(args.out))
    metrics = {"n_train": len(train), "n_dev": len(dev), "n_dev_triplets": sum(len(e["triplets"]) for e in dev),
               "dev_p": prec, "dev_r": rec, "dev_f1": f, "apc_acc": apc_acc, "apc_n": len(apc),
               "best_epoch": best_ep, "epochs_run": len(log), "n_compact": n_compact,
               "train_minutes": (time.time() - t0) / 60, "log": log, "breakdown": bd,
               "train_cmd": " && ".join("/usr/bin/python3 training/train_aspect.py " + " ".join(a) for a in train_chain)}
    if args.multi:
        metrics["val"] = eval_multi(model, val)
        metrics["val_init"] = log[0]["val"] if log and log[0]["epoch"] == "init" else None
        metrics["sets"] = counts
        print("chosen val", json.dumps(metrics["val"]), flush=True)
    with open(os.path.join(args.out, "train_log.json"), "w") as fo:
        json.dump(metrics, fo, indent=1)
    with open(os.path.join(args.out, "metrics.json"), "w") as fo:
        json.dump({k: v for k, v in metrics.items() if k != "log"}, fo, indent=1, ensure_ascii=False)
    shutil.copy(vocab_path, os.path.join(args.out, "vocab.txt"))
    write_card(args, metrics, model, os.path.join(args.out, "model.yaml"))
    tz.set_data_sha256(os.path.join(args.out, "model.yaml"), reads.sha256())


def write_card(args, metrics, model, path):
    n_params = sum(p.numel() for p in model.parameters())
    size = os.path.getsize(os.path.join(os.path.dirname(path), "model.onnx"))
    cmd = "/usr/bin/python3 training/train_aspect.py " + " ".join(sys.argv[1:])
    if getattr(args, "full_vocab", False):
        vocab_desc = f"all {metrics['n_compact']} bert-base-chinese ids, one embedding row each (no compact vocabulary)"
    else:
        vocab_desc = (f"bert-base-chinese ids remapped in-graph to a {metrics['n_compact']}-entry compact vocabulary "
                      f"(ids seen >= {args.min_count} times in ASTE train; the rest -> [UNK])")
    if getattr(args, "init_onnx", ""):
        init_desc = (f"Every weight{' but the GRU layers (new; their output conv starts at zero)' if getattr(args, 'gru', 0) else ''} "
                     f"initialised from {args.init_onnx} (the previous aspect-zh), then trained on the data below; "
                     "no external pretrained weights.")
    elif getattr(args, "init_emb", ""):
        init_desc = (f"Char embedding initialised from {args.init_emb} (net.enc.emb.weight, trained by this project on "
                     "the sentiment data), everything else from scratch; no external pretrained weights.")
    else:
        init_desc = "Trained from scratch, no pretrained weights."
    bigram_desc = ""
    if getattr(args, "bigram_buckets", 0) > 0:
        bigram_desc = (f" concatenated with a hashed char-bigram embedding {args.bigram_dim} "
                       f"({tz.BIGRAM_RULE}, buckets {args.bigram_buckets}, computed in the graph)")
    gru_desc = ""
    if getattr(args, "gru", 0) > 0:
        gru_desc = (f" -> a forward GRU ({args.gru}) and a backward GRU ({args.gru}) that runs over each sequence reversed "
                    f"within its length (it starts at the last real token), their concatenation through a 1x1 conv "
                    f"added to the CNN output (residual, masked)")
    oshift_desc = ""
    if getattr(args, "o_shift", 0.0):
        oshift_desc = (f" The aspect head's O bias is lowered by {args.o_shift:g} after training (a lower aspect-tag "
                       f"threshold, chosen on the validation carves through the pipeline; the decoding is unchanged).")

    def q(x):
        return json.dumps(x, ensure_ascii=False)

    if getattr(args, "multi", False):
        c = metrics["sets"]
        v = metrics["val"]
        v0 = metrics.get("val_init") or {}
        vl = "\n".join(f"    {k}: {{chosen: {v[k]:.4f}{(', start: %.4f' % v0[k]) if k in v0 else ''}}}" for k in sorted(v))
        ss_desc = ""
        if "silverspan" in c:
            sc = c["silverspan"]
            drops = ", ".join(f"{k[len('dropped_'):]} {v}" for k, v in sorted(sc.items()) if k.startswith("dropped_") and k != "dropped_apc_heldout")
            ss_desc = f"""
    - file: {q(", ".join("training/data/" + f for f in sc.get("files", [])) + " (this repository)")}
      labels: {q(f"full triplets written as strings (aspect or implicit, opinion, polarity), {sc['lines']} lines, {sc['triplets']} triplets; a wish pair keeps its span tags with its pair cell masked ({sc['wish_masked']}); triplets dropped: {drops or 'none'}; unreadable lines {sc['bad_lines']}")}
      split: {q(f"validation = sha1('silverspan:' + norm_key) bucket < 10 ({sc['val']}); train {sc['train']} (x{getattr(args, 'silverspan_repeat', 1)} per epoch); dropped (APC val/test sentence) {sc['dropped_apc_heldout']}")}
      sha256: {q(sc.get("sha256", {}))}
      source: "e-commerce and food-delivery reviews of the silver rounds (training/data/README.md), spans labelled by reading (helpers spanA, spanB, session 13); never an evaluation set\""""
        data_desc = f"""  data:  # {metrics['n_train']} training sentences in all (training/aspect_multi.py)
    - file: "aspect/absadatasets_zh/aste_chinese_zhang.train.txt"
      labels: "full triplets"
      split: {q(f"validation = sha1('aste:' + norm_key) bucket < 5 ({c['aste']['val']}); train {c['aste']['train']}; dropped (APC val/test sentence) {c['aste']['dropped_apc_heldout']}")}
      source: "yangheng95/ABSADatasets datasets/acos_datasets/505.Chinese_Zhang; licence MIT (repository), origin of the texts unclear"
    - file: "aspect/absadatasets_zh/apc_*.train.txt (camera, car, hair, mooc, notebook, phone)"
      labels: "aspect terms + polarity, no opinion span (partial: opinion tags masked; pair grid masked except a multiple-instance term in the term's row)"
      split: {q(f"sha1('apc:' + norm_key(sentence)) bucket < 15 = held-out test (bench.APCBucket; never read for training or choosing), 15-24 = validation ({c['apc']['val']} sentences), rest = train ({c['apc']['train']} sentences); polarity-zh's split")}
      source: "yangheng95/ABSADatasets; licence MIT (repository), origin of the texts unclear"
    - file: {q(f"extra/zhijiang2019_makeup_absa/Train_{{reviews,labels}}.csv (cosmetics)")}
      labels: "full (aspect or implicit, opinion, polarity)"
      split: {q(f"validation = sha1('zhijiang:' + norm_key) bucket < 10 ({c['zhijiang']['val']}); train {c['zhijiang']['train']}; reviews with a misaligned label skipped {c['zhijiang'].get('skipped_misaligned', 0)}")}
      source: "xmxoxo/Text-Opinion-Mining (之江杯 2019); licence UNKNOWN (competition data) - retrain with --sets aste,apc,coqe to drop it"
    - file: {q(f"extra/coqe_car_ele_cn/{{Car,Ele}}-COQE_train.txt (comparative sentences only)")}
      labels: "aspect and opinion spans (the preference is no polarity: pair grid masked)"
      split: {q(f"train {c['coqe']['train']}; validation = the set's own dev files ({c['coqe']['val']}); test files not read")}
      source: "NUSTM/COQE; licence UNKNOWN (COAE-derived) - retrain with --sets aste,apc,zhijiang to drop it"{ss_desc}
  not_used: "COTE and CFSC (their targets are named entities - shops, places, companies - one per sentence)"
  not_used_for_training_or_choosing: "aste_chinese_zhang.dev.txt (reported only), the APC test part (reported only)"
  init: "{args.init_onnx or 'none'}"
  validation:  # selection score = mean of aste_triplet_f1, apc_aspect_f1, zhijiang_triplet_f1, coqe_aspect_f1{', silverspan_triplet_f1' if 'silverspan' in c else ''}
{vl}"""
    else:
        data_desc = f"""  data:
    - file: aspect/absadatasets_zh/aste_chinese_zhang.train.txt ({metrics['n_train']} sentences)
      source: yangheng95/ABSADatasets datasets/acos_datasets/505.Chinese_Zhang
      licence: MIT (repository); origin of the texts unclear
  not_used_for_training: aste_chinese_zhang.dev.txt (model selection + metric), apc_*.train.txt (metric only)"""
    apc_desc = ("the APC held-out test part (sha1 bucket < 15 of all six apc_*.train.txt files; never trained on nor "
                "used to choose)." if getattr(args, "multi", False) else
                "all six apc_*.train.txt files (camera, car, hair, mooc, notebook, phone), never trained on "
                "(out of domain: ASTE is restaurant reviews).")
    card = f"""# aspect-zh model card (written by training/train_aspect.py; numbers measured by that run)
name: aspect-zh
version: "{time.strftime('%Y-%m-%d')}-cnn{args.layers}x{args.hidden}{('-bigru' + str(args.gru)) if getattr(args, 'gru', 0) else ''}{'-fullvocab' if getattr(args, 'full_vocab', False) else ''}{'-sentemb' if getattr(args, 'init_emb', '') else ''}{'-multidomain' if getattr(args, 'multi', False) else ''}"
task: aspect-opinion-polarity triplet extraction (ASTE) for Chinese reviews
model: model.onnx
vocab: vocab.txt
max_len: {args.max_len}
size_bytes: {size}
parameters: {n_params}
architecture: >-
  {vocab_desc} -> char embedding {args.emb}{bigram_desc}
  -> 1x1 conv to {args.hidden} -> {args.layers} gated dilated Conv1d residual blocks (k=3) masked after
  every block (right padding never changes outputs at real positions){gru_desc} -> BIO heads and a pair grid
  (relu(Wa h_i + Wo h_j) -> 4 classes).{oshift_desc} {init_desc}
inputs:
  - name: input_ids
    dtype: int64
    shape: [batch, seq]
    description: "[CLS] tokens [SEP] from vocab.txt WordPiece, padded with 0 to the longest in the batch"
  - name: attention_mask
    dtype: int64
    shape: [batch, seq]
    description: 1 = real token, 0 = padding
outputs:
  - name: aspect_probs
    dtype: float32
    shape: [batch, seq, 3]
    labels: [O, B, I]
    description: per-token softmax, BIO tags of aspect terms (positions 0 and seq_len-1 are [CLS]/[SEP], ignored)
  - name: opinion_probs
    dtype: float32
    shape: [batch, seq, 3]
    labels: [O, B, I]
    description: per-token softmax, BIO tags of opinion terms
  - name: pair_probs
    dtype: float32
    shape: [batch, seq, seq, 4]
    labels: [none, negative, neutral, positive]
    description: >-
      softmax per cell [b, i, j]: relation between the aspect term starting at token i and the
      opinion term starting at token j; row i = 0 ([CLS]) is the implicit (empty) aspect
decoding:
  aspect_output: aspect_probs
  opinion_output: opinion_probs
  pair_output: pair_probs
  tag_labels: [O, B, I]
  pair_labels: [none, negative, neutral, positive]
  implicit_row: 0
  min_score: 0.0
  bare_aspects: {'true' if getattr(args, 'bare_aspects', 0) else 'false'}
  method: >-
    argmax BIO over positions 1..seq_len-2 (a span starts at B, or at I not continuing a span);
    for every opinion span and every candidate aspect (the implicit row 0 first, then aspect spans
    in order) take the cell [aspect start, opinion start]; emit a triplet when its argmax is not
    "none" and its probability >= min_score. Spans are token positions, [CLS] = 0, ends exclusive;
    implicit aspect = (-1, -1). With bare_aspects, every aspect span no emitted triplet uses
    follows as (aspect start, aspect end, -1, -1, no polarity, mean probability of its decoded tags): an
    aspect term whose opinion and polarity the mention policy reads from its clause.
    Implemented identically in training/aste_data.py decode() and engine/aspect Decoder.Decode.
training:
{data_desc}
  span_convention: ASTE spans are 0-based token indices with inclusive ends; aspect (-1,-1) = implicit
  command: "{metrics['train_cmd']}"
  seconds: {metrics['train_minutes'] * 60:.0f}
  epochs_run: {metrics['epochs_run']}
  best_epoch: {metrics['best_epoch']}
  hardware: shared 2-core CPU, torch 1.13 (Debian), torch.set_num_threads(1)
metrics:
  triplet_f1_aste_dev:  # reported only{' (the --init-onnx model chose its epoch on it)' if getattr(args, 'init_onnx', '') else ''}
    value: {metrics['dev_f1']:.4f}
    precision: {metrics['dev_p']:.4f}
    recall: {metrics['dev_r']:.4f}
    definition: >-
      exact match of (aspect span, opinion span, polarity) in model-token positions over
      aste_chinese_zhang.dev.txt ({metrics['n_dev_triplets']} gold triplets, {metrics['n_dev']} sentences),
      micro-averaged; implicit aspects count as span (-1,-1)
  dev_breakdown:
    aspect_span_f1: {metrics['breakdown']['aspect_span_f1']:.4f}
    opinion_span_f1: {metrics['breakdown']['opinion_span_f1']:.4f}
    triplet_f1_given_gold_spans: {metrics['breakdown']['triplet_f1_given_gold_spans']:.4f}
  aspect_polarity_accuracy_apc:
    value: {metrics['apc_acc']:.4f}
    n: {metrics['apc_n']}
    definition: >-
      {apc_desc} For the given aspect term starting at token a,
      take the cell of row a of pair_probs with the lowest p(none) over the real tokens, predict the
      argmax over negative/neutral/positive there (training/aste_data.py aspect_polarity()).
  command: "{cmd}"
"""
    with open(path, "w", encoding="utf-8") as fo:
        fo.write(card)


REFERENCE_SENTENCES = [
    "物流太慢了，包装倒是很结实",
    "太贵了",
    "服务员态度很好，菜的味道一般，价格也不便宜。",
    "环境不错，就是停车不方便。",
    "这款手机屏幕很清晰，但是电池不耐用。",
    "五福拼盘不喜欢，都是肉有点油腻。",
    "点的团购，味道一如继往的好。",
    "还会来支持你们的。",
    "油耗偏高，动力还可以，内饰做工粗糙。",
    "老师讲得很清楚，课程内容有点少。",
]


def export(model, tok, args, dev, out_dir):
    model.eval()
    path = os.path.join(out_dir, "model.onnx")
    ids = torch.tensor([[tok.cls] + tok.encode_text("物流太慢了，包装倒是很结实") + [tok.sep]] * 2)
    mask = torch.ones_like(ids)
    mask[1, -3:] = 0
    torch.onnx.export(model, (ids, mask), path, opset_version=17,
                      input_names=["input_ids", "attention_mask"],
                      output_names=["aspect_probs", "opinion_probs", "pair_probs"],
                      dynamic_axes={"input_ids": {0: "batch", 1: "seq"}, "attention_mask": {0: "batch", 1: "seq"},
                                    "aspect_probs": {0: "batch", 1: "seq"}, "opinion_probs": {0: "batch", 1: "seq"},
                                    "pair_probs": {0: "batch", 1: "seq", 2: "seq"}})
    print(f"exported {path} ({os.path.getsize(path)} bytes)", flush=True)
    # reference.jsonl: one padded batch of real sentences, raw outputs + decoded triplets.
    sents = REFERENCE_SENTENCES
    enc = [[tok.cls] + tok.encode_text(s)[: args.max_len - 2] + [tok.sep] for s in sents]
    L = max(len(e) for e in enc)
    ids = torch.zeros(len(enc), L, dtype=torch.int64)
    mask = torch.zeros(len(enc), L, dtype=torch.int64)
    for i, e in enumerate(enc):
        ids[i, :len(e)] = torch.tensor(e)
        mask[i, :len(e)] = 1
    with torch.no_grad():
        a, o, p = model(ids, mask)
    with open(os.path.join(out_dir, "reference.jsonl"), "w", encoding="utf-8") as fo:
        for i, s in enumerate(sents):
            n = len(enc[i])
            trips = A.decode(a[i, :n].numpy(), o[i, :n].numpy(), p[i, :n, :n].numpy(), n, bare=bool(args.bare_aspects))
            rec = {
                "text": s,
                "input_ids": ids[i].tolist(), "attention_mask": mask[i].tolist(), "seq_len": n,
                "outputs": {
                    "aspect_probs": {"shape": [L, 3], "data": [float(v) for v in a[i].flatten().tolist()]},
                    "opinion_probs": {"shape": [L, 3], "data": [float(v) for v in o[i].flatten().tolist()]},
                    "pair_probs": {"shape": [L, L, 4], "data": [float(v) for v in p[i].flatten().tolist()]},
                },
                "triplets": [{"aspect_start": t[0], "aspect_end": t[1], "opinion_start": t[2], "opinion_end": t[3],
                              "polarity": t[4], "score": t[5],
                              "aspect": "" if t[0] < 0 else tok_text(tok, ids[i], t[0], t[1]),
                              "opinion": "" if t[2] < 0 else tok_text(tok, ids[i], t[2], t[3])} for t in trips],
            }
            fo.write(json.dumps(rec, ensure_ascii=False) + "\n")
            print(s, [(r["aspect"], r["opinion"], r["polarity"], round(r["score"], 3)) for r in rec["triplets"]])


_INV = {}


def tok_text(tok, ids, s, e):
    if not _INV:
        _INV.update({v: k for k, v in tok.vocab.items()})
    return "".join(_INV[int(i)].replace("##", "") for i in ids[s:e])


if __name__ == "__main__":
    main()
