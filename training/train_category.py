#!/usr/bin/python3
"""Train a pack's sentence-level indicator classifier (category-<industry>) from its labelled
jsonl: for each of the pack's indicators with enough labels the probabilities of
absent / negative / neutral / positive, output `probs` [batch, D, 4] with the inputs and
outputs of category-car (train_car.py's CarCNN with its head; only the vocabulary is
pruned: ids outside the kept characters read as [UNK] through a remap table in the graph,
so the Go tokenizer and vocab.txt are category-car's). Writes model.onnx, vocab.txt,
model.yaml, reference.jsonl and metrics.json into --out.

Input lines (training/data/silver_<industry>.jsonl, the hand-checked sets' format):
  {"id": "...", "text": "...", "industry": "ecommerce",
   "gold": [{"indicator": "delivery_time", "point": "pain", "polarity": "negative"}, ...]}
An empty gold list is a sentence about none of the pack's indicators. A bad line is reported
with its file and line number and left out; the run goes on (metrics.json counts them).

Epochs, temperature and the presence threshold are chosen on a validation carve of the
training file (a SHA-1 bucket of the normalised text, --val-pct), never on the hand sets.

  OMP_NUM_THREADS=1 /usr/bin/python3 training/train_category.py --industry ecommerce \\
      --data training/data/silver_ecommerce.jsonl --out /tmp/cat/ecommerce \\
      --init-from models/sentiment-zh/model.onnx --data-dir /work/shared/datasets
"""

import argparse
import collections
import json
import os
import random
import shutil
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tz  # noqa: E402

STATES = ["absent", "negative", "neutral", "positive"]
POLARITY_STATE = {"negative": 1, "neutral": 2, "positive": 3}
POINT_POLARITY = {"pain": "negative", "itch": "negative", "pleasure": "positive", "": "neutral"}
# Corpora whose character frequencies fill the kept vocabulary beyond the training text
# (sentiment-zh's training files: reviews of shops and of food delivery).
FREQ_CORPORA = ["sentiment/online_shopping_9_cats.csv", "sentiment/waimai_train80.csv"]


class LabelError(ValueError):
    """A bad line of a labelled jsonl file: its file, line number and what is wrong."""


def parse_line(line, where, industry=None):
    """One labelled line -> (text, {indicator: polarity}). Raises LabelError naming where."""
    try:
        rec = json.loads(line)
    except json.JSONDecodeError as e:
        raise LabelError("%s: not JSON (%s)" % (where, e.msg)) from None
    if not isinstance(rec, dict):
        raise LabelError("%s: want a JSON object, got %s" % (where, type(rec).__name__))
    text = rec.get("text")
    if not isinstance(text, str) or not text.strip():
        raise LabelError("%s: no text" % where)
    if industry and rec.get("industry", industry) != industry:
        raise LabelError("%s: industry %r, want %r" % (where, rec.get("industry"), industry))
    gold = rec.get("gold", [])
    if not isinstance(gold, list):
        raise LabelError("%s: gold is not a list" % where)
    votes = collections.defaultdict(list)
    for k, g in enumerate(gold):
        if not isinstance(g, dict) or not isinstance(g.get("indicator"), str) or not g["indicator"]:
            raise LabelError("%s: gold[%d] has no indicator" % (where, k))
        point = g.get("point", "")
        if point not in POINT_POLARITY:
            raise LabelError("%s: gold[%d] point %r (pain, itch, pleasure or empty)" % (where, k, point))
        pol = g.get("polarity") or POINT_POLARITY[point]
        if pol not in POLARITY_STATE:
            raise LabelError("%s: gold[%d] polarity %r (negative, neutral or positive)" % (where, k, pol))
        votes[g["indicator"]].append(pol)
    # One polarity per indicator: the most frequent; a tie goes to the first written.
    labels = {ind: max(pols, key=lambda p: (pols.count(p), -pols.index(p))) for ind, pols in votes.items()}
    return text, labels


def read_labelled(path, industry=None):
    """Every good line of a labelled jsonl file and the errors of the bad ones (LabelError
    messages, file:line first); blank lines are skipped."""
    rows, errors = [], []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                rows.append(parse_line(line, "%s:%d" % (path, n), industry))
            except LabelError as e:
                errors.append(str(e))
    return rows, errors


def choose_dimensions(rows, min_labels):
    """Indicators labelled in at least min_labels sentences, most labelled first (ties by id)."""
    c = collections.Counter(ind for _, labs in rows for ind in labs)
    return [ind for ind, n in sorted(c.items(), key=lambda x: (-x[1], x[0])) if n >= min_labels], dict(c)


def carve(rows, val_pct, salt="cat:"):
    """Validation carve of the training file: SHA-1 bucket of the normalised text < val_pct."""
    tr, va = [], []
    for r in rows:
        (va if tz.hbucket(tz.norm_key(r[0]), salt) < val_pct else tr).append(r)
    return tr, va


def kept_tokens(tok, texts, freq_texts, n_freq):
    """Token ids the model keeps: the specials, every id in texts, and the n_freq most frequent
    ids of freq_texts. Sorted."""
    keep = {0, tok.vocab["[UNK]"], tok.vocab["[CLS]"], tok.vocab["[SEP]"]}
    for t in texts:
        keep.update(tok.encode(t, 10 ** 6))
    c = collections.Counter()
    for t in freq_texts:
        c.update(tok.encode(t, 10 ** 6)[1:-1])
    keep.update(i for i, _ in c.most_common(n_freq))
    return sorted(keep)


def read_freq_texts(data_dir):
    """The frequency corpora's texts (the last column of each CSV row)."""
    import csv

    out = []
    for rel in FREQ_CORPORA:
        path = os.path.join(data_dir, rel)
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8", newline="") as f:
            for row in csv.reader(f):
                if row:
                    out.append(row[-1])
    return out


def build(args, keep, n_dims):
    """CarCNN over the kept vocabulary behind a remap table (an id outside keep reads as [UNK])."""
    import torch
    import torch.nn as nn

    import train_car

    class Remapped(nn.Module):
        def __init__(self, net, remap):
            super().__init__()
            self.net = net
            self.register_buffer("remap", remap)

        def forward(self, input_ids, attention_mask):
            return self.net(self.remap[input_ids], attention_mask)

    arch = getattr(args, "arch", "cnn")
    if arch == "cnn":
        net = train_car.CarCNN(args.emb_dim, args.channels, [int(k) for k in args.kernels.split(",")], args.dropout,
                               n_dims=n_dims, vocab_size=len(keep))
    else:
        import catarch

        if arch == "flex":
            enc = catarch.FlexCNN(len(keep), args.emb_dim, catarch.parse_branches(args.branches), args.dropout)
        elif arch == "ngram":
            enc = catarch.NgramBag(len(keep), args.emb_dim, [int(n) for n in args.ngram_orders.split(",")],
                                   args.ngram_buckets, args.ngram_hidden, args.dropout)
        else:
            raise SystemExit("--arch: cnn, flex or ngram, not %r" % arch)
        net = catarch.head_net(enc, args.dropout, n_dims)
    unk = keep.index(100) if 100 in keep else 1
    remap = torch.full((21128,), unk, dtype=torch.long)
    remap[torch.tensor(keep)] = torch.arange(len(keep))
    return Remapped(net, remap)


def _mean_probs():
    import torch
    import torch.nn as nn

    class MeanProbs(nn.Module):
        """The mean of the members' calibrated probs [B, D, 4], one graph."""

        def __init__(self, members):
            super().__init__()
            self.members = nn.ModuleList(members)

        def forward(self, input_ids, attention_mask):
            return torch.stack([m(input_ids, attention_mask) for m in self.members]).mean(dim=0)

    return MeanProbs


def MeanProbs(members):
    return _mean_probs()(members)


def init_embedding(model, onnx_path, keep):
    import torch

    w = tz.onnx_weights(onnx_path)["net.enc.emb.weight"]
    emb = model.net.enc.emb.weight
    rows = torch.as_tensor(w)[torch.tensor(keep)].float()
    if w.shape[1] == emb.shape[1]:
        with torch.no_grad():
            emb.copy_(rows)
        return "%s (emb.weight rows of the %d kept ids)" % (onnx_path, len(keep))
    if emb.shape[1] > w.shape[1]:
        raise SystemExit("--init-from %s: embedding dim %d < --emb-dim %d" % (onnx_path, w.shape[1], emb.shape[1]))
    # A smaller embedding: the kept rows projected on their top principal directions (SVD of
    # the uncentred rows, so the [PAD] row stays zero).
    _, _, v = torch.linalg.svd(rows, full_matrices=False)
    with torch.no_grad():
        emb.copy_(rows @ v[:emb.shape[1]].t())
    return "%s (emb.weight rows of the %d kept ids, projected on their top %d singular directions)" % (onnx_path, len(keep), emb.shape[1])


def encode(tok, rows, dims, max_len):
    import numpy as np

    idx = {d: j for j, d in enumerate(dims)}
    y = np.zeros((len(rows), len(dims)), dtype=np.int64)
    for i, (_, labs) in enumerate(rows):
        for ind, pol in labs.items():
            if ind in idx:
                y[i, idx[ind]] = POLARITY_STATE[pol]
    return [tok.encode(t, max_len) for t, _ in rows], y


def train(args, model, seqs, y, va_seqs, va_y, rng):
    import numpy as np
    import torch
    import torch.nn.functional as F

    import train_car

    opt = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=args.lr)
    lengths = [len(s) for s in seqs]
    steps = len(tz.length_batches(lengths, args.batch_size, random.Random(0))) * args.epochs
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, total_steps=steps, pct_start=0.1)
    cls_w = torch.tensor([args.absent_weight, 1.0, 1.0, 1.0])
    best = (-1.0, None, 0)
    log = []
    for ep in range(args.epochs):
        model.train()
        tot, n = 0.0, 0
        for b in tz.length_batches(lengths, args.batch_size, rng):
            ids, mask = tz.pad_batch([seqs[i] for i in b])
            ids = tz.char_dropout(ids, args.word_drop)
            logits = model(ids, mask)
            loss = F.cross_entropy(logits.reshape(-1, 4), torch.from_numpy(y[b]).reshape(-1), weight=cls_w)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            tot, n = tot + loss.item() * len(b), n + len(b)
        va_p = torch.softmax(torch.from_numpy(tz.predict(model, va_seqs)), -1).numpy()
        f, thr = train_car.best_threshold(va_p, va_y, False)
        log.append({"epoch": ep + 1, "loss": round(tot / max(n, 1), 4), "val_micro_f1": round(f, 4), "threshold": thr})
        print("epoch %d: loss %.4f val micro-F1 %.4f (thr %s)" % (ep + 1, tot / max(n, 1), f, thr), flush=True)
        if f > best[0]:
            best = (f, {k: v.clone() for k, v in model.state_dict().items()}, ep + 1)
    model.load_state_dict(best[1])
    return best[2], log, np


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--industry", required=True)
    ap.add_argument("--data", required=True, help="labelled jsonl (the hand-checked sets' format); several: comma-separated, read in order")
    ap.add_argument("--data-dir", default="../shared/datasets", help="datasets: the tokenizer vocab and the frequency corpora")
    ap.add_argument("--vocab", default="", help="vocab.txt (default DATA_DIR/tokenizer/bert-base-chinese_vocab.txt)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--name", default="", help="model name (default category-<industry>)")
    ap.add_argument("--min-labels", type=int, default=12, help="an indicator is a dimension when labelled in this many training sentences")
    ap.add_argument("--val-pct", type=int, default=15, help="validation carve: SHA-1 bucket of the normalised text below this")
    ap.add_argument("--freq-chars", type=int, default=3000, help="kept ids beyond the training text: the most frequent of the frequency corpora")
    ap.add_argument("--init-from", default="models/sentiment-zh/model.onnx", help="model.onnx whose embedding rows initialise ours ('' none)")
    ap.add_argument("--epochs", type=int, default=25)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--emb-dim", type=int, default=96)
    ap.add_argument("--channels", type=int, default=128)
    ap.add_argument("--kernels", default="1,2,3")
    ap.add_argument("--arch", default="cnn", help="cnn (train_car.CarCNN), flex (catarch.FlexCNN, --branches) or ngram (catarch.NgramBag)")
    ap.add_argument("--branches", default="1:16,2:16,3:16", help="--arch flex: k:C[:dD][:s] per branch (width, channels, dilation, depthwise-separable)")
    ap.add_argument("--ngram-orders", default="1,2,3", help="--arch ngram: the n-gram orders (1 = the character embedding, always on)")
    ap.add_argument("--ngram-buckets", type=int, default=20000, help="--arch ngram: rows of each hashed n-gram table")
    ap.add_argument("--ngram-hidden", type=int, default=0, help="--arch ngram: a 1x1 ReLU projection to this many channels (0: none)")
    ap.add_argument("--dropout", type=float, default=0.3)
    ap.add_argument("--word-drop", type=float, default=0.1)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--absent-weight", type=float, default=0.5)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--max-len", type=int, default=128)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--members", type=int, default=1, help="train N members (init seeds SEED..SEED+N-1) and export the mean of their calibrated probs")
    ap.add_argument("--freeze-emb", action="store_true", help="keep the --init-from embedding fixed (members then share one table)")
    ap.add_argument("--save-state", default="", help="also write the trained members (args, kept ids, dimensions, temperatures, state dicts) to this torch file, for training/cat_combine.py")
    args = ap.parse_args(argv)

    import numpy as np
    import torch

    import train_car

    reads = tz.DataReads(args.data_dir).start()
    torch.set_num_threads(args.threads)
    tz.set_seed(args.seed)
    t0 = time.time()
    name = args.name or "category-" + args.industry
    data_files = [p for p in args.data.split(",") if p]
    rows, errors = [], []
    for p in data_files:
        r, e = read_labelled(p, args.industry)
        rows, errors = rows + r, errors + e
    for e in errors:
        print("bad line: " + e, file=sys.stderr)
    tr_rows, va_rows = carve(rows, args.val_pct)
    dims, counts = choose_dimensions(tr_rows, args.min_labels)
    if not dims or not va_rows:
        raise SystemExit("%s: %d training rows, %d validation rows, %d indicators with >= %d labels: too little to train"
                         % (args.data, len(tr_rows), len(va_rows), len(dims), args.min_labels))
    vocab = args.vocab or os.path.join(args.data_dir, "tokenizer/bert-base-chinese_vocab.txt")
    tok = tz.BertTokenizer(vocab)
    keep = kept_tokens(tok, [t for t, _ in rows], read_freq_texts(args.data_dir), args.freq_chars)
    tr_seqs, tr_y = encode(tok, tr_rows, dims, args.max_len)
    va_seqs, va_y = encode(tok, va_rows, dims, args.max_len)
    print(json.dumps({"rows": len(rows), "bad_lines": len(errors), "train": len(tr_rows), "val": len(va_rows),
                      "dims": dims, "kept_ids": len(keep)}, ensure_ascii=False), flush=True)
    t_train = time.time()
    members, best_epoch, log, T, shared = [], [], [], [], None
    for k in range(args.members):  # members differ in initialisation and batch order only
        tz.set_seed(args.seed + k)
        model = build(args, keep, len(dims))
        init_note = init_embedding(model, args.init_from, keep) if args.init_from else "random"
        if args.freeze_emb:
            model.net.enc.emb.weight.requires_grad_(False)
            if shared is None:
                shared = model.net.enc.emb
            model.net.enc.emb = shared  # one table in the exported graph
            init_note += ", frozen, shared by the members"
        be, lg, _ = train(args, model, tr_seqs, tr_y, va_seqs, va_y, random.Random(args.seed + k))
        va_logits = torch.from_numpy(tz.predict(model, va_seqs))
        T.append(tz.fit_temperature(va_logits, torch.from_numpy(va_y)))
        members.append(tz.Calibrated(model, T[-1]).eval())
        best_epoch.append(be)
        log.append(lg)
    train_s = time.time() - t_train
    if args.save_state:
        torch.save({"args": vars(args), "keep": keep, "dims": dims, "T": T, "data_files": data_files,
                    "states": [m.state_dict() for m in members]}, args.save_state)
    cal = members[0] if len(members) == 1 else MeanProbs(members).eval()
    if len(members) == 1:
        best_epoch, log, T = best_epoch[0], log[0], T[0]
    model = cal
    va_p = tz.predict(cal, va_seqs)
    f1, thr = train_car.best_threshold(va_p, va_y, False)
    val = train_car.micro_f1(train_car.decode(va_p, thr, False), va_y)
    per_dim = {}
    for j, d in enumerate(dims):
        sub = va_p[:, j:j + 1, :]
        per_dim[d] = {"train_labels": counts[d], "val_labels": int((va_y[:, j] != 0).sum()),
                      "val_f1": round(train_car.micro_f1(train_car.decode(sub, thr, False), va_y[:, j:j + 1])["f1"], 4)}
    os.makedirs(args.out, exist_ok=True)
    onnx_path = os.path.join(args.out, "model.onnx")
    ops = tz.export_onnx(cal, onnx_path)
    shutil.copyfile(vocab, os.path.join(args.out, "vocab.txt"))
    ref_texts = [t for t, _ in va_rows[:8]] + ["好", "物流太慢了，包装倒是很结实", max((t for t, _ in va_rows), key=len)]
    ref_diff = tz.write_reference(cal, tok, ref_texts, args.max_len, os.path.join(args.out, "reference.jsonl"))
    metrics = {
        "name": name, "industry": args.industry, "dimensions": dims, "label_counts_train": {d: counts[d] for d in dims},
        "rows": len(rows), "bad_lines": len(errors), "sizes": {"train": len(tr_rows), "val": len(va_rows)},
        "kept_ids": len(keep), "params": tz.count_params(model), "onnx_bytes": os.path.getsize(onnx_path), "onnx_ops": ops,
        "best_epoch": best_epoch, "epochs_log": log, "temperature": T, "threshold": thr,
        "val_micro_f1": val, "val_per_dimension": per_dim,
        "val_ece_after_T": tz.ece(va_p.reshape(-1, 4), va_y.reshape(-1)),
        "pad_invariance_max_abs_diff": tz.padding_invariance_check(cal, va_seqs[:64]),
        "reference_pad_vs_alone_max_abs_diff": ref_diff,
        "train_seconds_one_cpu_thread": round(train_s, 1), "total_seconds": round(time.time() - t0, 1),
        "init": init_note, "data": args.data, "data_file_sha256": tz.sha256_file(args.data) if len(data_files) == 1 else None,
        "data_files": [{"file": p, "sha256": tz.sha256_file(p), "rows": read_labelled(p, args.industry)[0].__len__()} for p in data_files], "args": vars(args), "command": tz.command_line(),
    }
    with open(os.path.join(args.out, "metrics.json"), "w", encoding="utf-8") as f:
        json.dump(metrics, f, ensure_ascii=False, indent=1)
    write_card(args, metrics, dims, thr, T)
    tz.set_data_sha256(os.path.join(args.out, "model.yaml"), reads.sha256())
    print(json.dumps({k: metrics[k] for k in ("dimensions", "best_epoch", "threshold", "val_micro_f1", "onnx_bytes", "train_seconds_one_cpu_thread")},
                     ensure_ascii=False), flush=True)
    return metrics


def arch_card(args, m):
    """The card's architecture block for --arch flex and ngram (training/catarch.py)."""
    common = {"embedding_dim": args.emb_dim,
              "kept_ids": "every id of the training file's text, [PAD]/[UNK]/[CLS]/[SEP], and the %d most frequent ids of %s" % (args.freq_chars, ", ".join(FREQ_CORPORA)),
              "initialised_from": m["init"], "params": m["params"], "onnx_bytes": m["onnx_bytes"], "onnx_opset": 17, "onnx_ops": m["onnx_ops"]}
    head = "per-dimension masked attention pooling + shared masked max pooling; per-dimension 4-way head (train_car.CarCNN's)"
    remap = "behind an id remap table: bert-base-chinese ids outside the %d kept ids read as [UNK]" % m["kept_ids"]
    if args.arch == "flex":
        return {"type": "training/catarch.py FlexCNN (embedding + single-layer 1-D conv branches, each its own width, channels, dilation, optionally depthwise-separable); %s; %s" % (head, remap),
                "branches": args.branches, **common}
    return {"type": "training/catarch.py NgramBag (character embedding + hashed character n-gram embeddings summed per position%s); %s; %s" % (
                ", then a 1x1 ReLU projection to %d channels" % args.ngram_hidden if args.ngram_hidden else "", head, remap),
            "ngram_orders": [int(n) for n in args.ngram_orders.split(",")], "ngram_buckets": args.ngram_buckets,
            "ngram_hash": "row = (..(id_t * 21128 + id_t+1) * 21128 + ..) mod buckets over the remapped ids, ids past the end read as 0 ([PAD])",
            "hidden": args.ngram_hidden, **common}


def write_card(args, m, dims, thr, T):
    card = {
        "name": m["name"],
        "task": "category",
        "domain": args.industry,
        "industry": args.industry,
        "category_role": "add",
        "version": 1,
        "language": "zh",
        "files": {"model": "model.onnx", "vocab": "vocab.txt", "reference": "reference.jsonl", "metrics": "metrics.json"},
        "dimensions": dims,
        "dimension_kind": "indicator ids of the %s pack (knowledge-graph/industries)" % args.industry,
        "states": STATES,
        "labels": STATES,
        "max_len": args.max_len,
        "tokenizer": tz.tokenizer_card(args.max_len),
        **tz.io_card(["batch", len(dims), len(STATES)], "axes", {"1": dims, "2": STATES}),
        "decoding": {
            "rule": "dimension d is present when 1 - probs[d][absent] >= threshold; its polarity is argmax over negative/neutral/positive",
            "threshold": thr,
            "threshold_tuned_on": "the validation carve of the training file, for micro-F1 of (sentence, indicator, polarity)",
            "role": "add: the mention policy (mention/categoryadd.go) adds an indicator no mention covers where the model is sure (Policy.CategoryAddPresence, CategoryAddPolarity)",
        },
        "architecture": arch_card(args, m) if getattr(args, "arch", "cnn") != "cnn" else {
            "type": "training/train_car.py CarCNN (embedding + multi-kernel 1-D CNN; per-dimension masked attention pooling + shared masked max pooling; per-dimension 4-way head) behind an id remap table: bert-base-chinese ids outside the %d kept ids read as [UNK]%s" % (
                m["kept_ids"], "" if args.members == 1 else "; the mean of the calibrated probs of %d members (init seeds %d..%d) in one graph" % (args.members, args.seed, args.seed + args.members - 1)),
            "embedding_dim": args.emb_dim, "channels_per_kernel": args.channels, "kernel_sizes": [int(k) for k in args.kernels.split(",")],
            "kept_ids": "every id of the training file's text, [PAD]/[UNK]/[CLS]/[SEP], and the %d most frequent ids of %s" % (args.freq_chars, ", ".join(FREQ_CORPORA)),
            "initialised_from": m["init"], "params": m["params"], "onnx_bytes": m["onnx_bytes"], "onnx_opset": 17, "onnx_ops": m["onnx_ops"],
        },
        "calibration": {"method": "one temperature over all logits fitted on the validation carve, folded into the graph", "temperature": T},
        "training": {
            "command": m["command"], "seed": args.seed, "epochs": args.epochs, "best_epoch": m["best_epoch"], "threads": args.threads,
            "train_seconds_one_cpu_thread": m["train_seconds_one_cpu_thread"],
            "data": {**({"file": args.data, "sha256": m["data_file_sha256"]} if m["data_file_sha256"] else {"files": m["data_files"]}),
                     "rows": m["rows"], "bad_lines": m["bad_lines"],
                     "labels": "the gold list of each line: per indicator its polarity (the most frequent of its labels); indicators labelled in fewer than %d training sentences are not dimensions" % args.min_labels},
            "splits": {"rule": "SHA-1 bucket of 'cat:' + norm_key(text) < %d: validation carve, else train" % args.val_pct, "sizes": m["sizes"]},
            "loss": "cross-entropy per dimension over 4 states, weight %g on 'absent'; character dropout %g" % (args.absent_weight, args.word_drop),
        },
        "metrics": {
            "definition": "micro-F1 over (sentence, indicator, polarity) on the validation carve (the carve chose the epoch and the threshold: optimistic)",
            "val": m["val_micro_f1"], "val_per_dimension": m["val_per_dimension"],
            "through_analyze": "bench/results/pipeline-accuracy.md, catmodel session 11; bench/results/models.md, catcap session 12",
        },
        "limitations": [
            "Trained on %d silver sentences (%s, labelled by reading with the hand-checked sets' rules, one reading per line, not a gold set); indicators labelled in fewer than %d training sentences are not dimensions." % (m["rows"], ", ".join(d["file"] for d in m["data_files"]), args.min_labels),
            "The validation carve is small; its numbers chose epoch and threshold and are optimistic.",
        ],
    }
    tz.write_card(os.path.join(args.out, "model.yaml"), card)


if __name__ == "__main__":
    main()
