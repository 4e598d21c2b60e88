#!/usr/bin/python3
"""Adapt a shipped sentiment model (models/sentiment-zh) to a customer's labelled texts and
write a model folder the engine loads like the shipped one (model.onnx, vocab.txt,
model.yaml, metrics.json, reference.jsonl). `tingzhen adapt` runs this after validating
the customer's CSV; it can also be run by hand:

  OMP_NUM_THREADS=1 /usr/bin/python3 training/adapt_sentiment.py --base models/sentiment-zh \
      --train train.jsonl [--test test.jsonl] [--unlabelled texts.jsonl] --out DIR [--seed 13] [--meta meta.json]

--train / --test are JSON lines {"text": ..., "label": "negative"|"neutral"|"positive"}.
The base weights are read from the base folder's ONNX initializers into the same PyTorch
module training/train_sentiment.py trains (SentimentCNN), so nothing else of the base
training is needed.

Recipe (the default, chosen on nlpcc2014_sc_cn's selection part among 19 variants by the
mean gain over 50/100/200/400 labels, bench/results/adapt.md): three fine-tunes from the base
weights (seeds seed, seed+1, seed+2), each with the character embeddings frozen, the
convolutions and the head trained for 10 epochs with Adam at lr 1e-3 (batch 16) on every
training label, an L2 pull toward the base weights (L2-SP, 0.01 x squared distance) and
character dropout 0.1; their weights are averaged into one model (a "soup": the same size and
speed as the base, less of one run's luck); the base's temperature is kept.

With --unlabelled (the customer's unlabelled texts) the default also self-trains, softly
(recipe st_soft, the default since session 11, bench/results/adapt.md "adapt11"): the model
above is a teacher whose probabilities over up to 2,000 of those texts are the targets of a
student soup of 3, fine-tuned from the base for 3 epochs on them plus the labels (repeated to
about a third of each epoch). On nlpcc2014_sc_cn's selection part it gained +1.90 points
(mean over 50/100/200/400 labels) against +1.16 for the labels-only recipe. Without
--unlabelled nothing changes.

Opt-in (session 9, "adapt9"): recipe self_train > 0 keeps hard pseudo-labels instead (st_soft
false); recipe bag > 0 adds a residual lexical head (hashed character uni+bigram weights)
trained with the CNN fixed. A folder with the lexical head loads in the engine like any other
but cannot itself be a --base (its graph is not a bare SentimentCNN). Session 11 (opt-in, not
chosen): prior match|em, a class-prior correction on the unlabelled texts folded into the
head's bias; lp_steps, a linear probe before the fine-tune.

The variant with a validation part (recipe val_frac > 0): carve a stratified part of the
training labels, score it after every epoch (epoch 0 = the base, so the base can be kept),
then refit from the base on all labels for the chosen number of epochs, with the
temperature refit on the part's logits when it holds 30 texts or more. It lost to the fixed
10 epochs on the selection part (a few dozen validation texts choose epochs noisily).
"""

import argparse
import json
import os
import random
import shutil
import sys
import time
import warnings

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tz  # noqa: E402
import train_sentiment as ts  # noqa: E402  (the model definition: SentimentCNN, Calibrated)

LABELS = ts.LABELS
LABEL_ID = {name: i for i, name in enumerate(LABELS)}

# The default recipe (see the module doc); adapt_curve.py compares variants of it.
DEFAULT_RECIPE = {
    "lr": 1e-3,
    "max_epochs": 10,
    "batch_size": 16,
    "l2sp": 0.01,
    "freeze_embeddings": True,
    "head_only": False,
    "word_drop": 0.1,
    "dropout": 0.3,
    "val_frac": 0.0,
    "refit": True,
    "min_val_for_temperature": 30,
    "soup": 3,
    "class_weight": "none",
    # Self-training on the customer's unlabelled texts (--unlabelled; off when 0 or none given):
    # the model above is the teacher; it labels up to st_max_unlabelled of them; self_train is the
    # share kept as pseudo-labels (the teacher's most confident per label, in proportion to the
    # labels' counts), or with st_soft every one with the teacher's probabilities as its target;
    # a student soup is fine-tuned from the base on labels + pseudo-labels for st_epochs.
    "self_train": 0.0,
    # On by default since session 11 (adapt11, chosen on nlpcc2014_sc_cn's selection part by the
    # rule of bench/results/notes/adapt11-s11-shiprule.md): it acts only when --unlabelled
    # texts are given; without them the labels-only recipe above is the whole recipe.
    "st_soft": True,
    "st_epochs": 3,
    "st_max_unlabelled": 2000,
    # st_unfreeze: the student also trains the character embeddings (it sees more texts).
    "st_unfreeze": False,
    # A lexical residual head (0 = none): hashed character uni+bigram weights (bag buckets for
    # the bigrams, one row per character) whose masked mean is added to the CNN's logits;
    # trained after the CNN, with the CNN fixed, on the labels (and, when self-training
    # ran, the pseudo-labels), Adam bag_lr for bag_epochs full passes, L2 bag_l2.
    "bag": 0,
    "bag_lr": 0.05,
    "bag_epochs": 60,
    "bag_l2": 1e-4,
    # Session 11 (adapt11): class-prior correction on the customer's unlabelled texts (needs
    # --unlabelled; "none" without them): "match" shifts the output bias so that the model's mean
    # predicted distribution over the unlabelled texts equals the labels' (add-one smoothed)
    # shares; "em" re-estimates the prior by EM (Saerens et al. 2002) from the labels' shares and
    # shifts the bias by log(new / labels'). Only the labels present in the draw are moved.
    "prior": "none",
    "prior_iters": 100,
    # A linear probe before the fine-tune (LP-FT): the head alone, full-batch Adam at lp_lr for
    # lp_steps on the frozen features of the labels (L2 toward the base head, l2sp), then each
    # soup fine-tune starts from (and is pulled toward) the probed head. 0 = off.
    "lp_steps": 0,
    "lp_lr": 1e-2,
}

REF_TEXTS = ts.REF_TEXTS


class AdaptError(Exception):
    pass


def read_jsonl(path):
    texts, labels = [], []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            rec = json.loads(line)
            if rec.get("label") not in LABEL_ID or not str(rec.get("text", "")).strip():
                raise AdaptError(f"{path}:{n}: want text and a label among {LABELS}")
            texts.append(rec["text"])
            labels.append(LABEL_ID[rec["label"]])
    return texts, np.array(labels, dtype=np.int64)


def read_unlabelled(path):
    texts = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            t = str(json.loads(line).get("text", "")).strip()
            if not t:
                raise AdaptError(f"{path}:{n}: want a text")
            texts.append(t)
    return texts


class Base:
    """A base sentiment model folder read back into PyTorch."""

    def __init__(self, folder):
        import yaml

        self.folder = folder
        card_path = os.path.join(folder, "model.yaml")
        try:
            with open(card_path, encoding="utf-8") as f:
                self.card = yaml.safe_load(f) or {}
        except OSError as e:
            raise AdaptError(f"base model {folder}: {e}")
        if self.card.get("task", "sentiment") != "sentiment" or list(self.card.get("labels", LABELS)) != LABELS:
            raise AdaptError(f"base model {folder}: not a 3-way sentiment model (task {self.card.get('task')}, labels {self.card.get('labels')})")
        arch = self.card.get("architecture", {})
        if not str(arch.get("type", "embedding + multi-kernel 1-D CNN")).startswith("embedding + multi-kernel 1-D CNN"):
            raise AdaptError(f"base model {folder}: architecture {arch.get('type')!r} is not the SentimentCNN this script adapts")
        files = self.card.get("files", {})
        self.onnx_path = os.path.join(folder, files.get("model", "model.onnx"))
        self.vocab_path = os.path.join(folder, files.get("vocab", "vocab.txt"))
        self.max_len = int(self.card.get("max_len", 128))
        self.emb_dim = int(arch.get("embedding_dim", 96))
        self.channels = int(arch.get("channels_per_kernel", 128))
        self.kernels = [int(k) for k in arch.get("kernel_sizes", [1, 2, 3, 5])]
        bh = arch.get("bigram_hash", "none")
        self.bigram_buckets, self.bigram_dim = (0, 0)
        if isinstance(bh, dict):
            self.bigram_buckets, self.bigram_dim = int(bh.get("buckets", 0)), int(bh.get("dim", 0))
        self.weights = tz.onnx_weights(self.onnx_path)
        if "inv_t" not in self.weights:
            raise AdaptError(f"base model {self.onnx_path}: no inv_t initializer (not a calibrated sentiment-zh export)")
        self.temperature = 1.0 / float(self.weights["inv_t"])
        self.state = {k[len("net."):]: v for k, v in self.weights.items() if k.startswith("net.")}
        self.tok = tz.BertTokenizer(self.vocab_path)
        self.onnx_sha256 = tz.sha256_file(self.onnx_path)
        self.net(0.0)  # fail now, with a clear message, when the weights do not fit

    def net(self, dropout):
        net = ts.SentimentCNN(21128, self.emb_dim, self.channels, self.kernels, dropout,
                              bigram_buckets=self.bigram_buckets, bigram_dim=self.bigram_dim)
        try:
            net.load_state_dict(self.state)
        except RuntimeError as e:
            raise AdaptError(f"base model {self.onnx_path}: its weights do not fit SentimentCNN(emb {self.emb_dim}, channels {self.channels}, kernels {self.kernels}): {e}")
        return net

    def encode(self, texts):
        return [self.tok.encode(t, self.max_len) for t in texts]


def stratified_split(labels, frac, rng):
    """Indices (rest, part): frac of each class (rounded, at least one when the class has
    two or more items) go to part."""
    rest, part = [], []
    for c in sorted(set(int(x) for x in labels)):
        idx = [i for i, y in enumerate(labels) if y == c]
        rng.shuffle(idx)
        k = int(round(len(idx) * frac))
        if len(idx) >= 2:
            k = min(max(k, 1), len(idx) - 1)
        else:
            k = 0
        part += idx[:k]
        rest += idx[k:]
    return sorted(rest), sorted(part)


def logits_of(net, seqs):
    return tz.predict(net, seqs)


def acc_of(logits, labels):
    return float((logits.argmax(1) == labels).mean()) if len(labels) else float("nan")


def train_epochs(base, recipe, seqs, labels, epochs, seed, val=None, init=None):
    """Fine-tune from the base weights (with init, a dict of parameters replacing some of
    them, e.g. a probed head) for `epochs` epochs. With val=(seqs, labels) the
    validation accuracy and NLL after each epoch (0 = the base) are returned with a copy
    of each epoch's state."""
    tz.set_seed(seed)
    net = base.net(recipe["dropout"])
    if init:
        net.load_state_dict(dict(net.state_dict(), **init))
    ref = {k: v.detach().clone() for k, v in net.named_parameters()}
    if recipe["freeze_embeddings"]:
        net.enc.emb.weight.requires_grad_(False)
    if recipe["head_only"]:
        for p in net.enc.parameters():
            p.requires_grad_(False)
    params = [p for p in net.parameters() if p.requires_grad]
    opt = torch.optim.Adam(params, lr=recipe["lr"])
    rng = random.Random(seed)
    lengths = [len(s) for s in seqs]
    history = []
    cls_w = None
    if recipe["class_weight"] == "balanced":
        # As the base was trained: each label present weighs n / (labels present x its count).
        counts = np.bincount(labels, minlength=3).astype(np.float64)
        present = counts > 0
        w = np.zeros(3)
        w[present] = counts.sum() / (present.sum() * counts[present])
        cls_w = torch.tensor(w, dtype=torch.float32)
        if labels.ndim != 1:
            raise AdaptError("recipe: class_weight balanced is for hard labels (not with st_soft)")
    elif recipe["class_weight"] != "none":
        raise AdaptError(f"recipe class_weight {recipe['class_weight']!r}: want none or balanced")

    def score(ep):
        if val is None:
            return
        lg = logits_of(net, val[0])
        nll = float(F.cross_entropy(torch.from_numpy(lg), torch.from_numpy(val[1])).item())
        history.append({"epoch": ep, "val_acc": acc_of(lg, val[1]), "val_nll": nll,
                        "state": {k: v.clone() for k, v in net.state_dict().items()}, "logits": lg})

    score(0)
    for ep in range(1, epochs + 1):
        net.train()
        for b in tz.length_batches(lengths, recipe["batch_size"], rng):
            ids, mask = tz.pad_batch([seqs[i] for i in b])
            ids = tz.char_dropout(ids, recipe["word_drop"])
            loss = F.cross_entropy(net(ids, mask), torch.from_numpy(labels[b]), weight=cls_w)
            if recipe["l2sp"] > 0:
                loss = loss + recipe["l2sp"] * sum(((p - ref[k]) ** 2).sum() for k, p in net.named_parameters() if p.requires_grad)
            opt.zero_grad()
            loss.backward()
            opt.step()
        score(ep)
    net.eval()
    return net, history


class BagResidual(torch.nn.Module):
    """logits = net(ids, mask) + masked mean over positions of uni[id_i] + bi[hash(id_i, id_i+1)]
    (the bigram hash of tz.BigramHash; the id after the last position is [PAD], as right
    padding supplies, so a real position's row never depends on the batch's padding)."""

    def __init__(self, net, buckets):
        super().__init__()
        self.net = net
        self.uni = torch.nn.Embedding(21128, 3)
        self.bi = tz.BigramHash(buckets, 3)
        torch.nn.init.zeros_(self.uni.weight)
        torch.nn.init.zeros_(self.bi.emb.weight)

    def bag(self, input_ids, attention_mask):
        m = attention_mask.to(torch.float32).unsqueeze(-1)
        x = (self.uni(input_ids) + self.bi(input_ids)) * m
        return x.sum(dim=1) / m.sum(dim=1).clamp(min=1.0)

    def forward(self, input_ids, attention_mask):
        return self.net(input_ids, attention_mask) + self.bag(input_ids, attention_mask)


def train_bag(net, recipe, seqs, targets, seed):
    """The residual head on a fixed CNN: full-batch Adam on soft/one-hot targets."""
    tz.set_seed(seed)
    model = BagResidual(net, recipe["bag"])
    net.eval()
    for p in net.parameters():
        p.requires_grad_(False)
    with torch.no_grad():
        base_logits = torch.from_numpy(tz.predict(net, seqs))
    ids, mask = tz.pad_batch(seqs)
    tgt = torch.from_numpy(np.asarray(targets, dtype=np.float32))
    params = list(model.uni.parameters()) + list(model.bi.parameters())
    opt = torch.optim.Adam(params, lr=recipe["bag_lr"])
    for _ in range(recipe["bag_epochs"]):
        logits = base_logits + model.bag(ids, mask)
        loss = F.cross_entropy(logits, tgt) + recipe["bag_l2"] * sum((p ** 2).sum() for p in params)
        opt.zero_grad()
        loss.backward()
        opt.step()
    for p in net.parameters():
        p.requires_grad_(True)
    return model.eval()


def soup_train(base, recipe, seqs, targets, epochs, seed):
    """recipe["soup"] fine-tunes from the base (seeds seed..seed+soup-1), weights averaged."""
    states = [train_epochs(base, recipe, seqs, targets, epochs, seed + k)[0].state_dict() for k in range(max(1, recipe["soup"]))]
    net = base.net(recipe["dropout"])
    net.load_state_dict({k: sum(st[k] for st in states) / len(states) for k in states[0]})
    return net.eval()


def pseudo_labels(probs, tr_labels, recipe):
    """The teacher's probabilities over the unlabelled texts -> (indices, N x 3 targets).
    Only the labels present in tr_labels can be given (the rest's probability is moved
    pro rata onto them). Hard (st_soft false): a text goes to its argmax label; per label
    the most confident round(self_train x unlabelled x that label's smoothed share of the
    labels) are kept, one-hot. Soft: every text, the renormalised probabilities."""
    present = sorted(set(int(x) for x in tr_labels))
    p = np.zeros_like(probs, dtype=np.float32)
    p[:, present] = probs[:, present]
    p /= np.maximum(p.sum(1, keepdims=True), 1e-9)
    if recipe["st_soft"]:
        return np.arange(len(p)), p
    arg = p.argmax(1)
    counts = np.bincount(tr_labels, minlength=3).astype(np.float64)
    share = (counts + 1) / (counts[present].sum() + len(present))
    keep = []
    for c in present:
        idx = np.where(arg == c)[0]
        k = min(len(idx), int(round(recipe["self_train"] * len(p) * share[c])))
        keep += sorted(idx[np.argsort(-p[idx, c], kind="stable")[:k]].tolist())
    keep = np.array(sorted(keep), dtype=np.int64)
    t = np.zeros((len(keep), 3), dtype=np.float32)
    t[np.arange(len(keep)), arg[keep]] = 1.0
    return keep, t


def fresh_unlabelled(tr_texts, unl_texts, cap, rng):
    """The unlabelled texts that are no labelled text (by norm_key; a labelled text is not
    pseudo-labelled), each once, in order; a sample of cap of them (rng) when there are more."""
    seen = set(tz.norm_key(t) for t in tr_texts)
    u = []
    for t in unl_texts:
        k = tz.norm_key(t)
        if k and k not in seen:
            seen.add(k)
            u.append(t)
    if len(u) > cap:
        u = rng.sample(u, cap)
    return u


def self_train(base, teacher, tr_texts, tr_labels, unl_texts, recipe, seed, info):
    """Student soup from the base on the labels (one-hot, repeated so they are about a third
    of each epoch) + the teacher's pseudo-labels of the unlabelled texts."""
    t0 = time.time()
    seqs = base.encode(tr_texts)
    u = fresh_unlabelled(tr_texts, unl_texts, recipe["st_max_unlabelled"], random.Random(seed + 7919))
    useqs = base.encode(u)
    probs = tz.predict(teacher, useqs)
    keep, targets = pseudo_labels(probs, tr_labels, recipe)
    onehot = np.zeros((len(seqs), 3), dtype=np.float32)
    onehot[np.arange(len(seqs)), tr_labels] = 1.0
    rep = max(1, int(round(len(keep) / (2 * len(seqs)))))
    all_seqs = seqs * rep + [useqs[i] for i in keep]
    all_t = np.concatenate([np.tile(onehot, (rep, 1)), targets]) if len(keep) else np.tile(onehot, (rep, 1))
    st_recipe = dict(recipe, freeze_embeddings=recipe["freeze_embeddings"] and not recipe["st_unfreeze"])
    student = soup_train(base, st_recipe, all_seqs, all_t, recipe["st_epochs"], seed + 101)
    if recipe["bag"] > 0:
        student = train_bag(student, recipe, all_seqs, all_t, seed + 202)
    pl = targets.argmax(1) if len(keep) else np.array([], dtype=np.int64)
    info["self_training"] = {
        "unlabelled_given": len(unl_texts), "unlabelled_used": len(u), "pseudo_labelled": int(len(keep)),
        "pseudo_label_counts": {LABELS[c]: int((pl == c).sum()) for c in range(3) if (pl == c).any()},
        "labels_repeated": rep, "student_epochs": recipe["st_epochs"], "soft": bool(recipe["st_soft"]),
        "seconds": round(time.time() - t0, 1)}
    info["train_seconds"] = round(info["train_seconds"] + time.time() - t0, 1)
    return ts.Calibrated(student, info["temperature"]).eval(), info


def linear_probe(base, recipe, seqs, labels, seed):
    """LP of LP-FT: the base head refit alone on the frozen (eval-mode) pooled features of the
    labels, full-batch Adam; returns {"fc.weight", "fc.bias"}."""
    tz.set_seed(seed)
    net = base.net(0.0).eval()
    feats = []
    with torch.no_grad():
        order = list(range(len(seqs)))
        for s0 in range(0, len(order), 256):
            ids, mask = tz.pad_batch([seqs[i] for i in order[s0:s0 + 256]])
            h, m = net.enc(ids, mask)
            feats.append(tz.masked_max_mean(h, m))
    x = torch.cat(feats)
    y = torch.from_numpy(labels)
    w0, b0 = net.fc.weight.detach().clone(), net.fc.bias.detach().clone()
    w, b = w0.clone().requires_grad_(True), b0.clone().requires_grad_(True)
    opt = torch.optim.Adam([w, b], lr=recipe["lp_lr"])
    for _ in range(recipe["lp_steps"]):
        loss = F.cross_entropy(x @ w.t() + b, y) + recipe["l2sp"] * (((w - w0) ** 2).sum() + ((b - b0) ** 2).sum())
        opt.zero_grad()
        loss.backward()
        opt.step()
    return {"fc.weight": w.detach(), "fc.bias": b.detach()}


def head_of(model):
    """The final Linear of a Calibrated SentimentCNN (or of the CNN under a BagResidual)."""
    net = model.net
    return net.net.fc if isinstance(net, BagResidual) else net.fc


def prior_shift(model, base, tr_texts, tr_labels, unl_texts, recipe, seed, info):
    """Class-prior correction on the customer's unlabelled texts (recipe prior match|em),
    folded into the head's bias (the exported graph is unchanged in shape)."""
    t0 = time.time()
    if recipe["prior"] not in ("match", "em"):
        raise AdaptError(f"recipe prior {recipe['prior']!r}: want none, match or em")
    u = fresh_unlabelled(tr_texts, unl_texts, recipe["st_max_unlabelled"], random.Random(seed + 4243))
    if not u:
        info["prior"] = {"method": recipe["prior"], "skipped": "no unlabelled text left after removing the labelled ones"}
        return model, info
    present = sorted(set(int(x) for x in tr_labels))
    counts = np.bincount(tr_labels, minlength=3).astype(np.float64)[present]
    pi_lab = (counts + 1) / (counts.sum() + len(present))
    probs = tz.predict(model, base.encode(u)).astype(np.float64)[:, present]
    logp = np.log(np.maximum(probs / probs.sum(1, keepdims=True), 1e-12))
    delta = np.zeros(len(present))
    if recipe["prior"] == "match":
        target = pi_lab
        for _ in range(recipe["prior_iters"]):
            q = np.exp(logp + delta)
            q /= q.sum(1, keepdims=True)
            delta += np.log(target / q.mean(0))
    else:
        pi = pi_lab.copy()
        for _ in range(recipe["prior_iters"]):
            q = np.exp(logp) * (pi / pi_lab)
            q /= q.sum(1, keepdims=True)
            pi = q.mean(0)
        target = pi
        delta = np.log(pi / pi_lab)
    delta -= delta.mean()  # only the present labels' differences move; the others' share stays about as it was
    T = 1.0 / float(model.inv_t)
    with torch.no_grad():
        fc = head_of(model)
        for j, c in enumerate(present):
            fc.bias[c] += float(T * delta[j])
    mean_before = np.exp(logp).mean(0)
    info["prior"] = {"method": recipe["prior"], "unlabelled_used": len(u),
                     "labels_share": {LABELS[c]: round(float(pi_lab[j]), 4) for j, c in enumerate(present)},
                     "target_share": {LABELS[c]: round(float(target[j]), 4) for j, c in enumerate(present)},
                     "mean_predicted_before": {LABELS[c]: round(float(mean_before[j]), 4) for j, c in enumerate(present)},
                     "logit_shift": {LABELS[c]: round(float(delta[j]), 4) for j, c in enumerate(present)}}
    info["train_seconds"] = round(info["train_seconds"] + time.time() - t0, 1)
    return model, info


def adapt(base, tr_texts, tr_labels, recipe, seed, log=print, unl_texts=None):
    """Returns (Calibrated model, info). With recipe self_train > 0 (or st_soft) and
    unlabelled texts, the labels-only model is the teacher of a self-trained student; with
    recipe prior match|em and unlabelled texts the result's class prior is corrected."""
    model, info = adapt_core(base, tr_texts, tr_labels, recipe, seed, log, unl_texts)
    if recipe["prior"] != "none":
        if unl_texts:
            return prior_shift(model, base, tr_texts, tr_labels, unl_texts, recipe, seed, info)
        info["prior"] = {"method": recipe["prior"], "skipped": "no unlabelled texts given"}
    return model, info


def adapt_core(base, tr_texts, tr_labels, recipe, seed, log=print, unl_texts=None):
    model, info = adapt_labels(base, tr_texts, tr_labels, recipe, seed, log)
    if unl_texts and (recipe["self_train"] > 0 or recipe["st_soft"]):
        if recipe["val_frac"] > 0:
            raise AdaptError("recipe: self-training is for val_frac 0 (fixed epochs)")
        return self_train(base, model, tr_texts, tr_labels, unl_texts, recipe, seed, info)
    if recipe["bag"] > 0:
        t0 = time.time()
        seqs = base.encode(tr_texts)
        onehot = np.zeros((len(seqs), 3), dtype=np.float32)
        onehot[np.arange(len(seqs)), tr_labels] = 1.0
        model = ts.Calibrated(train_bag(model.net, recipe, seqs, onehot, seed + 202), info["temperature"]).eval()
        info["train_seconds"] = round(info["train_seconds"] + time.time() - t0, 1)
    return model, info


def adapt_labels(base, tr_texts, tr_labels, recipe, seed, log=print):
    seqs = base.encode(tr_texts)
    rng = random.Random(seed)
    if recipe["soup"] > 1 and recipe["val_frac"] > 0:
        raise AdaptError("recipe: soup > 1 is for val_frac 0 (fixed epochs)")
    if recipe["val_frac"] <= 0:
        # No validation part: max_epochs on every training label, the base's temperature.
        t0 = time.time()
        init = linear_probe(base, recipe, seqs, tr_labels, seed) if recipe["lp_steps"] > 0 else None
        net, _ = train_epochs(base, recipe, seqs, tr_labels, recipe["max_epochs"], seed, init=init)
        if recipe["soup"] > 1:
            # Weight average of soup fine-tunes from the same base (seeds seed..seed+soup-1):
            # one model at inference, less of one run's luck.
            states = [net.state_dict()] + [train_epochs(base, recipe, seqs, tr_labels, recipe["max_epochs"], seed + k, init=init)[0].state_dict()
                                           for k in range(1, recipe["soup"])]
            net.load_state_dict({k: sum(st[k] for st in states) / len(states) for k in states[0]})
            net.eval()
        info = {"n_train": len(seqs), "n_val": 0, "val_curve": [], "chosen_epochs": recipe["max_epochs"],
                "val_acc_base": None, "val_acc_chosen": None, "temperature": base.temperature,
                "temperature_source": "kept the base's (no validation part)", "train_seconds": round(time.time() - t0, 1)}
        return ts.Calibrated(net, base.temperature).eval(), info
    rest, vpart = stratified_split(tr_labels, recipe["val_frac"], rng)
    if not vpart or not rest:
        raise AdaptError(f"{len(tr_labels)} training labels are too few to carve a validation part")
    tr_s, tr_y = [seqs[i] for i in rest], tr_labels[rest]
    va_s, va_y = [seqs[i] for i in vpart], tr_labels[vpart]
    t0 = time.time()
    _, hist = train_epochs(base, recipe, tr_s, tr_y, recipe["max_epochs"], seed, val=(va_s, va_y))
    # Best validation accuracy; ties go to the lower validation NLL.
    best = max(hist, key=lambda h: (h["val_acc"], -h["val_nll"]))
    for h in hist:
        log(f"epoch {h['epoch']}: val acc {h['val_acc']:.4f} nll {h['val_nll']:.4f}")
    info = {
        "n_train": len(rest), "n_val": len(vpart),
        "val_curve": [{"epoch": h["epoch"], "acc": round(h["val_acc"], 4), "nll": round(h["val_nll"], 4)} for h in hist],
        "chosen_epochs": best["epoch"],
        "val_acc_base": hist[0]["val_acc"], "val_acc_chosen": best["val_acc"],
    }
    # Temperature from the chosen model's validation logits (before any refit on them).
    if len(vpart) >= recipe["min_val_for_temperature"] and best["epoch"] > 0:
        T = tz.fit_temperature(torch.from_numpy(best["logits"]), torch.from_numpy(va_y))
        T = float(min(max(T, 0.5), 5.0))
        info["temperature_source"] = f"refit on the validation part ({len(vpart)} texts), clamped to [0.5, 5]"
    else:
        T = base.temperature
        info["temperature_source"] = "kept the base's" + (" (validation part under %d texts)" % recipe["min_val_for_temperature"] if best["epoch"] > 0 else " (base weights kept)")
    if best["epoch"] == 0:
        net = base.net(recipe["dropout"]).eval()
        info["kept_base"] = True
    elif recipe["refit"]:
        net, _ = train_epochs(base, recipe, seqs, tr_labels, best["epoch"], seed)
        info["refit_on_all"] = len(seqs)
    else:
        net = base.net(recipe["dropout"])
        net.load_state_dict(best["state"])
        net.eval()
    info["temperature"] = T
    info["train_seconds"] = round(time.time() - t0, 1)
    return ts.Calibrated(net, T).eval(), info


def evaluate(model, base, texts, labels):
    """3-way accuracy (argmax equals the label), and binary accuracy (p_pos > p_neg) when
    the labels are only negative/positive."""
    if not len(labels):
        return {"n": 0}
    p = tz.predict(model, base.encode(texts))
    pred = p.argmax(1)
    out = {"n": int(len(labels)), "acc_3way": float((pred == labels).mean())}
    present = sorted(set(labels.tolist()))
    out["recall"] = {LABELS[c]: float((pred[labels == c] == c).mean()) for c in present}
    out["balanced_acc"] = float(np.mean(list(out["recall"].values())))
    if (labels != ts.NEU).all():
        pred2 = np.where(p[:, ts.POS] > p[:, ts.NEG], ts.POS, ts.NEG)
        out["acc_binary"] = float((pred2 == labels).mean())
    return out


def write_folder(out, base, model, info, meta, recipe, seed, tr_labels, test_res, tr_texts):
    os.makedirs(out, exist_ok=True)
    onnx_path = os.path.join(out, "model.onnx")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch.onnx's constant-folding notes on Slice
        ops = tz.export_onnx(model, onnx_path)
    shutil.copyfile(base.vocab_path, os.path.join(out, "vocab.txt"))
    ref = REF_TEXTS + list(tr_texts[:3])
    pad_diff = tz.write_reference(model, base.tok, ref, base.max_len, os.path.join(out, "reference.jsonl"))
    counts = {LABELS[c]: int((tr_labels == c).sum()) for c in range(3) if (tr_labels == c).any()}
    base_name = base.card.get("name", os.path.basename(os.path.normpath(base.folder)))
    base_version = str(base.card.get("version", "?"))
    metrics = {
        "base": {"folder": base.folder, "name": base_name, "version": base_version, "onnx_sha256": base.onnx_sha256,
                 "temperature": base.temperature},
        "data": meta,
        "train_label_counts": counts,
        "recipe": recipe,
        "seed": seed,
        "training": info,
        "heldout_pytorch": test_res,
        "onnx_ops": ops,
        "onnx_bytes": os.path.getsize(onnx_path),
        "reference_pad_vs_alone_max_abs_diff": pad_diff,
    }
    with open(os.path.join(out, "metrics.json"), "w", encoding="utf-8") as f:
        json.dump(metrics, f, ensure_ascii=False, indent=1)
    card = {
        "name": base_name + "-adapted",
        "task": "sentiment",
        "version": "%s+adapt.%s" % (base_version, str(meta.get("data_sha256", "nodata"))[:12]),
        "language": "zh",
        "files": {"model": "model.onnx", "vocab": "vocab.txt", "reference": "reference.jsonl", "metrics": "metrics.json"},
        "labels": LABELS,
        "max_len": base.max_len,
        "tokenizer": base.card.get("tokenizer", tz.tokenizer_card(base.max_len)),
        **tz.io_card(["batch", 3], "labels", LABELS),
        "architecture": base.card.get("architecture", {}),
        "calibration": {"method": "softmax(logits / T) folded into the graph", "temperature": info["temperature"],
                        "source": info["temperature_source"]},
        "adaptation": {
            "base_model": {"name": base_name, "version": base_version, "folder": base.folder, "onnx_sha256": base.onnx_sha256},
            "data": meta,
            "train_label_counts": counts,
            "recipe": dict(recipe, description="soup fine-tunes (seeds seed..seed+soup-1) averaged into one; each from the base weights: frozen character embeddings (freeze_embeddings), Adam at lr, batch batch_size, "
                           "L2 pull toward the base weights (l2sp), character dropout word_drop; val_frac 0: max_epochs on all training labels, the base's temperature; "
                           "val_frac > 0: epochs chosen on a stratified validation part (epoch 0 = the base), then refit on all labels (refit); "
                           "with unlabelled texts and st_soft (or self_train > 0): that model is the teacher of a student soup fine-tuned from the base for st_epochs on the labels plus its (soft, or hard) pseudo-labels of up to st_max_unlabelled texts; "
                           "prior match|em: the output bias shifted on the unlabelled texts"),
            "seed": seed,
            "validation": {k: info[k] for k in ("n_train", "n_val", "val_curve", "chosen_epochs", "val_acc_base", "val_acc_chosen")},
            "train_seconds_one_cpu_thread": info["train_seconds"],
            "command": " ".join(["/usr/bin/python3"] + sys.argv),
        },
        "metrics": {
            "heldout_pytorch": test_res,
            "definitions": {
                "acc_3way": "argmax over negative/neutral/positive equals the label",
                "acc_binary": "labels negative/positive only: predicted positive iff p(positive) > p(negative)",
                "balanced_acc": "mean over the gold labels present of each label's recall (always answering the majority label scores 1/number of labels)",
            },
        },
        "limitations": [
            "Adapted on %d labelled texts of one customer; accuracy outside that data is not measured here." % len(tr_labels),
            "Labels without neutral texts teach the model nothing new about neutral inquiries: it keeps what the base knew, pulled toward the base weights." if "neutral" not in counts else "",
        ],
    }
    card["limitations"] = [x for x in card["limitations"] if x]
    tz.write_card(os.path.join(out, "model.yaml"), card)
    return metrics


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", default="models/sentiment-zh")
    ap.add_argument("--train", required=True, help="JSON lines {text, label}")
    ap.add_argument("--test", default="", help="held-out JSON lines {text, label}, scored base vs adapted")
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--meta", default="", help="JSON object about the customer's file (path, sha256, rows), copied into the card")
    ap.add_argument("--unlabelled", default="", help="JSON lines {text}: the customer's unlabelled texts, for the recipe's self-training")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--recipe", default="", help="JSON object overriding DEFAULT_RECIPE keys")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    try:
        recipe = dict(DEFAULT_RECIPE)
        if args.recipe:
            over = json.loads(args.recipe)
            unknown = set(over) - set(recipe)
            if unknown:
                raise AdaptError(f"--recipe: unknown keys {sorted(unknown)}")
            recipe.update(over)
        meta = {}
        if args.meta:
            with open(args.meta, encoding="utf-8") as f:
                meta = json.load(f)
        else:
            meta = {"train_file": args.train, "data_sha256": tz.sha256_file(args.train)}
        base = Base(args.base)
        tr_texts, tr_labels = read_jsonl(args.train)
        if len(set(tr_labels.tolist())) < 2:
            raise AdaptError("the training labels hold one class only")
        te_texts, te_labels = read_jsonl(args.test) if args.test else ([], np.array([], dtype=np.int64))
        unl = read_unlabelled(args.unlabelled) if args.unlabelled else None
        model, info = adapt(base, tr_texts, tr_labels, recipe, args.seed, log=lambda s: print(s, file=sys.stderr, flush=True), unl_texts=unl)
        test_res = {}
        if len(te_labels):
            test_res = {"base": evaluate(ts.Calibrated(base.net(0.0), base.temperature).eval(), base, te_texts, te_labels),
                        "adapted": evaluate(model, base, te_texts, te_labels)}
        metrics = write_folder(args.out, base, model, info, meta, recipe, args.seed, tr_labels, test_res, tr_texts)
    except AdaptError as e:
        print("adapt: " + str(e), file=sys.stderr)
        sys.exit(2)
    print(json.dumps({"out": args.out, "training": {k: v for k, v in metrics["training"].items()},
                      "heldout_pytorch": metrics["heldout_pytorch"]}, ensure_ascii=False))


if __name__ == "__main__":
    main()
