#!/usr/bin/python3
"""Masked-LM pretraining of a small character transformer, fine-tuning it as a teacher, and
distilling it into the shipped CPU architectures (issue 19: "a small transformer", "masked-LM
pretraining on the unlabelled text", "distillation into one fast model"; issue 13: category-car).
Written for one GPU machine and a short lease; runs on CPU too (the smoke test).

  # pack the data here (no datasets on the GPU machine)
  /usr/bin/python3 training/gpu_prep.py --data-dir ../shared/datasets --out .device/data
  # there: pretrain, then the jobs side by side (training/gpu_run.sh does both)
  python3 training/gpu_distill.py mlm --data .device/data --out OUT --seconds 210
  python3 training/gpu_distill.py job --data .device/data --out OUT --job lodo:书籍 --seconds 250

Jobs:
  full         teacher fine-tuned on the shipped sentiment-zh recipe's rows, soft labels on those
               rows and on the transfer text, student = train_sentiment.SentimentCNN (the shipped
               graph's architecture: emb 96, 128 channels, kernels 1,2,3,5); saves the student's
               state dict and the teacher's logits on every set
  chat         the same on chat.train (the recipe + dialogue rows + the chat adapt turns)
  lodo:<d>     the same on leave-one-domain-out fold d; scores teacher and student on every
               labelled text of d (the fold's test), epochs chosen on the fold's validation carve
  car          teacher with a [10 x 4] head on category-car's train part, student =
               train_car.CarCNN --arch bigru --hidden 128 (a shipped member's shape), distilled on
               the train posts and the car transfer text; chosen on the val part; the test part's
               teacher and student probabilities are saved unscored
Distillation loss: labelled rows (1 - alpha) * CE + alpha * T^2 * KL(teacher_T || student_T);
transfer rows T^2 * KL only (alpha 0.5, T 2). Every stage stops at its share of --seconds and keeps
the best epoch so far.
"""

import argparse
import json
import math
import os
import random
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tz  # noqa: E402

PAD, CLS, SEP, MASK, FIRST = 0, 101, 102, 103, 106
VOCAB = 21128
DEV = torch.device("cuda" if torch.cuda.is_available() else "cpu")
AMP = dict(device_type="cuda", dtype=torch.bfloat16) if DEV.type == "cuda" else dict(device_type="cpu", enabled=False)


# ---------------------------------------------------------------------------
# data
# ---------------------------------------------------------------------------

class Table:
    def __init__(self, path):
        z = np.load(path)
        self.ids, self.off = z["ids"].astype(np.int64), z["off"]
        self.len = np.diff(self.off)

    def seq(self, i):
        return self.ids[self.off[i]:self.off[i + 1]]

    def batch(self, rows, max_len=None):
        lens = self.len[rows]
        L = int(lens.max()) if max_len is None else min(int(lens.max()), max_len)
        out = np.zeros((len(rows), L), dtype=np.int64)
        for j, i in enumerate(rows):
            s = self.seq(i)
            if len(s) > L:
                s = np.concatenate([s[:L - 1], [SEP]])
            out[j, :len(s)] = s
        ids = torch.from_numpy(out)
        return ids, (ids != PAD).long()


def length_batches(lens, bs, rng, shuffle=True):
    """Indices into lens, grouped by similar length (chunks of 50 batches sorted), batches shuffled."""
    order = list(range(len(lens)))
    if shuffle:
        rng.shuffle(order)
    out = []
    chunk = bs * 50
    for c in range(0, len(order), chunk):
        part = sorted(order[c:c + chunk], key=lambda i: lens[i])
        out += [part[j:j + bs] for j in range(0, len(part), bs)]
    if shuffle:
        rng.shuffle(out)
    return out


class Data:
    def __init__(self, d):
        self.t = {"t128": Table(os.path.join(d, "t128.npz")), "t256": Table(os.path.join(d, "t256.npz"))}
        z = np.load(os.path.join(d, "sets.npz"))
        self.sets = {k: z[k] for k in z.files}
        with open(os.path.join(d, "sets.json"), encoding="utf-8") as f:
            self.meta = json.load(f)

    def get(self, name):
        return self.sets[name + ".idx"], self.sets.get(name + ".y"), self.t[self.meta[name]["table"]]


# ---------------------------------------------------------------------------
# the teacher: a pre-LN character transformer
# ---------------------------------------------------------------------------

def attention(q, k, v, keep, drop):
    """softmax(q k^T / sqrt(d)) v over the kept keys; PyTorch's fused kernel where it has one
    (torch >= 2.0, the GPU machine), the same arithmetic by hand on Debian's torch 1.13."""
    if hasattr(F, "scaled_dot_product_attention"):
        return F.scaled_dot_product_attention(q, k, v, attn_mask=keep, dropout_p=drop)
    s = (q @ k.transpose(-1, -2)) / math.sqrt(q.shape[-1])
    s = s.masked_fill(~keep, float("-inf"))
    return F.dropout(torch.softmax(s, -1), drop) @ v


class Block(nn.Module):
    def __init__(self, d, h, ff, drop):
        super().__init__()
        self.h, self.drop = h, drop
        self.ln1, self.ln2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.qkv, self.o = nn.Linear(d, 3 * d), nn.Linear(d, d)
        self.f1, self.f2 = nn.Linear(d, ff), nn.Linear(ff, d)

    def forward(self, x, keep):
        B, L, D = x.shape
        q, k, v = self.qkv(self.ln1(x)).view(B, L, 3, self.h, D // self.h).permute(2, 0, 3, 1, 4)
        a = attention(q, k, v, keep, self.drop if self.training else 0.0)
        x = x + F.dropout(self.o(a.transpose(1, 2).reshape(B, L, D)), self.drop, self.training)
        return x + F.dropout(self.f2(F.gelu(self.f1(self.ln2(x)))), self.drop, self.training)


class Encoder(nn.Module):
    def __init__(self, d=384, layers=6, heads=6, ff=1536, max_pos=256, drop=0.1):
        super().__init__()
        self.cfg = dict(d=d, layers=layers, heads=heads, ff=ff, max_pos=max_pos, drop=drop)
        self.emb = nn.Embedding(VOCAB, d, padding_idx=PAD)
        self.pos = nn.Embedding(max_pos, d)
        self.ln0, self.lnf = nn.LayerNorm(d), nn.LayerNorm(d)
        self.blocks = nn.ModuleList(Block(d, heads, ff, drop) for _ in range(layers))
        self.drop = drop
        nn.init.normal_(self.emb.weight, std=0.02)
        nn.init.normal_(self.pos.weight, std=0.02)

    def forward(self, ids, mask):
        L = ids.shape[1]
        x = self.emb(ids) + self.pos(torch.arange(L, device=ids.device))[None]
        x = F.dropout(self.ln0(x), self.drop, self.training)
        keep = mask.bool()[:, None, None, :]
        for b in self.blocks:
            x = b(x, keep)
        return self.lnf(x)


class MLMHead(nn.Module):
    def __init__(self, enc):
        super().__init__()
        d = enc.cfg["d"]
        self.enc, self.dense, self.ln = enc, nn.Linear(d, d), nn.LayerNorm(d)
        self.bias = nn.Parameter(torch.zeros(VOCAB))

    def forward(self, ids, mask, pos):
        h = self.enc(ids, mask)[pos]
        return self.ln(F.gelu(self.dense(h))) @ self.enc.emb.weight.t() + self.bias


class Classifier(nn.Module):
    """[CLS] state and masked mean -> out logits (reshaped to shape)."""

    def __init__(self, enc, shape):
        super().__init__()
        self.enc, self.shape = enc, shape
        self.fc = nn.Linear(2 * enc.cfg["d"], int(np.prod(shape)))

    def forward(self, ids, mask):
        h = self.enc(ids, mask)
        m = mask.unsqueeze(-1).to(h.dtype)
        mean = (h * m).sum(1) / m.sum(1).clamp(min=1)
        z = torch.cat([h[:, 0], mean], -1)
        return self.fc(F.dropout(z, 0.1, self.training)).view(-1, *self.shape)


def mask_ids(ids, rate, g):
    cand = ids >= FIRST
    sel = (torch.rand(ids.shape, generator=g) < rate) & cand
    r = torch.rand(ids.shape, generator=g)
    out = ids.clone()
    out[sel & (r < 0.8)] = MASK
    rnd = sel & (r >= 0.8) & (r < 0.9)
    out[rnd] = torch.randint(FIRST, VOCAB, (int(rnd.sum()),), generator=g)
    return out, sel


def lr_at(frac, peak, warm=0.06):
    return peak * (frac / warm if frac < warm else max(0.0, (1 - frac) / (1 - warm)))


def run_mlm(a, data):
    t0 = time.time()
    idx, _, tab = data.get("mlm")
    torch.manual_seed(13)
    g = torch.Generator().manual_seed(13)
    enc = Encoder(**TEACHER[a.size]).to(DEV)
    model = MLMHead(enc).to(DEV)
    opt = torch.optim.AdamW(model.parameters(), lr=a.lr, betas=(0.9, 0.98), weight_decay=0.01)
    rng = random.Random(13)
    # a held-out 2,000 texts for the masked-character accuracy
    n_held = min(2000, len(idx) // 10)
    held, idx = idx[:n_held], idx[n_held:]
    if len(idx) == 0:
        raise SystemExit("mlm: no text")
    lens = tab.len[idx]
    step, ep, log = 0, 0, []
    done = False
    while not done:
        ep += 1
        for b in length_batches(lens, a.batch, rng):
            frac = (time.time() - t0) / a.seconds
            if frac >= 1 or (a.max_steps and step >= a.max_steps):
                done = True
                break
            for pg in opt.param_groups:
                pg["lr"] = lr_at(frac, a.lr)
            ids, mask = tab.batch(idx[b], 128)
            inp, sel = mask_ids(ids, 0.15, g)
            if not sel.any():
                continue
            inp, mask, sel, tgt = inp.to(DEV), mask.to(DEV), sel.to(DEV), ids.to(DEV)
            with torch.autocast(**AMP):
                logits = model(inp, mask, sel)
            loss = F.cross_entropy(logits.float(), tgt[sel])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            step += 1
            if step % 200 == 0:
                log.append({"step": step, "loss": round(loss.item(), 4), "s": round(time.time() - t0, 1)})
                print("mlm", json.dumps(log[-1]), flush=True)
    acc = mlm_acc(model, tab, held)
    rec = {"stage": "mlm", "size": a.size, "cfg": enc.cfg, "steps": step, "passes": ep, "texts": len(idx), "batch": a.batch,
           "heldout_masked_char_acc": acc, "seconds": round(time.time() - t0, 1), "log": log,
           "params": sum(p.numel() for p in enc.parameters())}
    torch.save({"cfg": enc.cfg, "state": {k: v.detach().cpu() for k, v in enc.state_dict().items()}}, os.path.join(a.out, "mlm_enc.pt"))
    return rec


@torch.no_grad()
def mlm_acc(model, tab, held):
    model.eval()
    g = torch.Generator().manual_seed(7)
    hit = n = 0
    for j in range(0, len(held), 256):
        ids, mask = tab.batch(held[j:j + 256], 128)
        inp, sel = mask_ids(ids, 0.15, g)
        if not sel.any():
            continue
        with torch.autocast(**AMP):
            logits = model(inp.to(DEV), mask.to(DEV), sel.to(DEV))
        hit += int((logits.argmax(-1).cpu() == ids[sel]).sum())
        n += int(sel.sum())
    model.train()
    return round(hit / max(n, 1), 4)


TEACHER = {
    "base": dict(d=384, layers=6, heads=6, ff=1536, max_pos=256, drop=0.1),
    "tiny": dict(d=32, layers=1, heads=2, ff=64, max_pos=256, drop=0.1),
}


# ---------------------------------------------------------------------------
# jobs
# ---------------------------------------------------------------------------

@torch.no_grad()
def predict(model, tab, rows, max_len, bs=512, amp=True):
    """Logits (float32 numpy) of model on the rows of tab, in length-sorted batches."""
    model.eval()
    order = np.argsort(tab.len[rows], kind="stable")
    out = [None] * len(rows)
    for j in range(0, len(order), bs):
        sel = order[j:j + bs]
        ids, mask = tab.batch(rows[sel], max_len)
        if amp:
            with torch.autocast(**AMP):
                z = model(ids.to(DEV), mask.to(DEV))
        else:
            z = model(ids.to(DEV), mask.to(DEV))
        z = z.float().cpu().numpy()
        for k, i in enumerate(sel):
            out[i] = z[k]
    model.train()
    return np.stack(out).astype(np.float32) if out else np.zeros((0,), np.float32)


def sent_eval(logits, y):
    p = torch.softmax(torch.from_numpy(logits), -1).numpy()
    res = {"n": int(len(y)), "acc_3way": round(float((p.argmax(1) == y).mean()), 4)}
    if len(y) and (y != 1).all():
        pred2 = np.where(p[:, 2] > p[:, 0], 2, 0)
        res["acc_binary"] = round(float((pred2 == y).mean()), 4)
        for lab, nm in ((2, "pos"), (0, "neg")):
            if (y == lab).any():
                res["recall_binary_" + nm] = round(float((pred2[y == lab] == lab).mean()), 4)
    return res


def car_score(logits, y):
    import train_car as tc

    p = torch.softmax(torch.from_numpy(logits), -1).numpy()
    f, thr = tc.best_threshold(p, y, True)
    return round(float(f), 4), thr


class Task:
    """What a job trains: the sets, the output shape, the loss, the score."""

    def __init__(self, a, data):
        self.kind = "car" if a.job == "car" else "sent"
        pre = {"full": "full", "chat": "chat"}.get(a.job) or ("lodo." + a.job.split(":", 1)[1] if a.job.startswith("lodo:") else "car")
        self.pre = pre
        if self.kind == "car":
            self.train, self.val = data.get("car.train"), data.get("car.val")
            self.shape, self.max_len = (10, 4), 256
            self.cls_w = torch.tensor([0.5, 1.0, 1.0, 1.0])
            self.transfer = data.get("car.transfer")
            self.extra = {"test": data.get("car.test")}
        else:
            self.train = data.get(pre + ".train")
            self.val = data.get("full.val") if pre == "chat" else data.get(pre + ".val")
            self.shape, self.max_len = (3,), 128
            y = self.train[1]
            c = np.bincount(y, minlength=3).astype(np.float64)
            self.cls_w = torch.tensor(c.sum() / (3 * c), dtype=torch.float32)
            self.transfer = data.get("mlm")
            names = {"full": ["val_waimai", "test_os", "test_waimai", "test_xdomain", "neu_test"],
                     "chat": ["val_waimai", "test_os", "test_waimai", "test_xdomain", "neu_test"]}.get(pre, ["test", "neu_test"])
            src = "full" if pre == "chat" else pre
            self.extra = {n: data.get(src + "." + n) for n in names}
            if pre == "chat":
                self.extra["dev3"] = data.get("chat.dev3")

    def loss(self, logits, y):
        return F.cross_entropy(logits.float().reshape(-1, self.shape[-1]), y.reshape(-1), weight=self.cls_w.to(logits.device))

    def score(self, logits, y):
        if self.kind == "car":
            return car_score(logits, y)[0]
        return float((logits.argmax(-1) == y).mean())

    def report(self, logits, y):
        if self.kind == "car":
            f, thr = car_score(logits, y)
            return {"n": int(len(y)), "micro_f1": f, "thr": thr}
        return sent_eval(logits, y)


def epoch_end(a, task, model, who, ep, step, stop, t0, best, log):
    """Scores model on the validation rows after an epoch (the teacher under autocast), logs it
    and returns best, (score, weights, epoch), updated when the epoch is better."""
    vidx, vy, vtab = task.val
    v = task.score(predict(model, vtab, vidx, task.max_len, amp=who == "teacher"), vy)
    log.append({who + "_epoch": ep + 1, "val": round(v, 4), "steps": step, "complete": not stop, "s": round(time.time() - t0, 1)})
    print(a.job, json.dumps(log[-1], ensure_ascii=False), flush=True)
    if v > best[0]:
        best = (v, {k: t.detach().clone() for k, t in model.state_dict().items()}, ep + 1)
    return best


def finetune(a, task, t_end, log):
    """Teacher: the pretrained encoder + a head, AdamW, linear warm-up/decay over the planned
    epochs, best validation epoch kept (in memory)."""
    ck = torch.load(a.enc or os.path.join(a.out, "mlm_enc.pt"), map_location="cpu")
    enc = Encoder(**ck["cfg"])
    enc.load_state_dict(ck["state"])
    model = Classifier(enc, task.shape).to(DEV)
    idx, y, tab = task.train
    opt = torch.optim.AdamW(model.parameters(), lr=a.ft_lr, weight_decay=0.01)
    rng = random.Random(13)
    lens = tab.len[idx]
    n_b = math.ceil(len(idx) / a.ft_batch)
    total = n_b * a.ft_epochs
    best, step, t0 = (-1.0, None, 0), 0, time.time()
    for ep in range(a.ft_epochs):
        stop = False
        for b in length_batches(lens, a.ft_batch, rng):
            if time.time() > t_end or (a.max_steps and step >= a.max_steps * (ep + 1)):
                stop = True
                break
            for pg in opt.param_groups:
                pg["lr"] = lr_at(step / total, a.ft_lr, 0.1)
            ids, mask = tab.batch(idx[b], task.max_len)
            with torch.autocast(**AMP):
                logits = model(ids.to(DEV), mask.to(DEV))
            loss = task.loss(logits, torch.from_numpy(y[b]).to(DEV))
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            step += 1
        best = epoch_end(a, task, model, "teacher", ep, step, stop, t0, best, log)
        if stop:
            break
    model.load_state_dict(best[1])
    return model, best[0], best[2]


def build_student(task):
    if task.kind == "car":
        import train_car as tc

        return tc.build_model({"emb_dim": 96, "channels": 128, "kernels": "1,2,3,5", "dropout": 0.3, "arch": "bigru", "hidden": 128})
    import train_sentiment as ts

    return ts.SentimentCNN(VOCAB, 96, 128, [1, 2, 3, 5], 0.3)


def distil(a, task, soft_lab, soft_tr, t_end, log, init=None):
    """Student on the labelled rows (hard + soft) and the transfer rows (soft only)."""
    torch.manual_seed(13)
    model = build_student(task)
    if init is not None:
        model.load_state_dict(init)
    model = model.to(DEV)
    idx, y, tab = task.train
    tidx, _, ttab = task.transfer
    assert ttab is tab, "transfer rows must come from the training rows' table"
    rows = np.concatenate([idx, tidx])
    ys = np.concatenate([y, np.full((len(tidx),) + y.shape[1:], -1, dtype=np.int64)])
    soft = np.concatenate([soft_lab, soft_tr])
    T, alpha = a.distill_t, a.alpha
    opt = torch.optim.Adam(model.parameters(), lr=a.st_lr)
    rng = random.Random(13)
    lens = tab.len[rows]
    n_b = math.ceil(len(rows) / a.st_batch)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=a.st_lr, total_steps=n_b * a.st_epochs + 1, pct_start=0.1)
    best, t0, step = (-1.0, None, 0), time.time(), 0
    for ep in range(a.st_epochs):
        stop = False
        for b in length_batches(lens, a.st_batch, rng):
            if time.time() > t_end or (a.max_steps and step >= a.max_steps * (ep + 1)):
                stop = True
                break
            ids, mask = tab.batch(rows[b], task.max_len)
            ids = tz.char_dropout(ids, 0.1) if task.kind == "sent" else ids
            logits = model(ids.to(DEV), mask.to(DEV)).float()
            st = torch.softmax(torch.from_numpy(soft[b]).to(DEV) / T, -1)
            kl = F.kl_div(F.log_softmax(logits / T, -1), st, reduction="none").sum(-1)
            if kl.dim() > 1:
                kl = kl.mean(-1)
            yb = torch.from_numpy(ys[b]).to(DEV)
            lab = (yb.reshape(len(b), -1)[:, 0] >= 0)
            loss = (T * T) * (kl * torch.where(lab, alpha, 1.0)).mean()
            if lab.any():
                loss = loss + (1 - alpha) * task.loss(logits[lab], yb[lab]) * lab.float().mean()
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
            step += 1
        best = epoch_end(a, task, model, "student", ep, step, stop, t0, best, log)
        if stop:
            break
    model.load_state_dict(best[1])
    return model, best[0], best[2]


def scores(task, model, amp):
    """The model's report on every scored set of the task and on its validation rows (the car
    test part is left unscored: it is a report set, scored once elsewhere)."""
    out = {n: task.report(predict(model, s[2], s[0], task.max_len, amp=amp), s[1])
           for n, s in task.extra.items() if n != "test" or task.kind != "car"}
    out["val"] = task.report(predict(model, task.val[2], task.val[0], task.max_len, amp=amp), task.val[1])
    return out


def run_job(a, data):
    t0 = time.time()
    t_end = t0 + a.seconds
    task = Task(a, data)
    log = []
    rec = {"stage": "job", "job": a.job, "train_rows": int(len(task.train[0])), "transfer_rows": int(len(task.transfer[0]))}
    teacher, tv, tep = finetune(a, task, t0 + a.seconds * a.teacher_share, log)
    rec.update(teacher_val=round(tv, 4), teacher_epoch=tep, teacher_s=round(time.time() - t0, 1))
    # soft labels: the training rows and a random part of the transfer rows
    tidx, _, ttab = task.transfer
    if a.transfer_max and len(tidx) > a.transfer_max:
        tidx = np.sort(np.random.default_rng(13).choice(tidx, a.transfer_max, replace=False))
        task.transfer = (tidx, None, ttab)
    t1 = time.time()
    soft_lab = predict(teacher, task.train[2], task.train[0], task.max_len)
    soft_tr = predict(teacher, ttab, tidx, task.max_len)
    rec["label_s"] = round(time.time() - t1, 1)
    rec["teacher"] = scores(task, teacher, amp=True)
    keep = {}
    if a.job in ("full", "chat", "car"):
        for n, s in list(task.extra.items()) + [("val", task.val)]:
            keep["teacher." + n] = predict(teacher, s[2], s[0], task.max_len).astype(np.float16)
        keep["teacher.train_rows"] = task.train[0]
        keep["teacher.train"] = soft_lab.astype(np.float16)
        keep["teacher.transfer_rows"] = tidx
        keep["teacher.transfer"] = soft_tr.astype(np.float16)
    del teacher
    if DEV.type == "cuda":
        torch.cuda.empty_cache()
    student, sv, sep = distil(a, task, soft_lab, soft_tr, t_end - a.reserve, log)
    rec.update(student_val=round(sv, 4), student_epoch=sep)
    rec["student"] = scores(task, student, amp=False)
    if a.job in ("full", "chat", "car"):
        for n, s in list(task.extra.items()) + [("val", task.val)]:
            keep["student." + n] = predict(student, s[2], s[0], task.max_len, amp=False)
        torch.save({k: v.detach().cpu() for k, v in student.state_dict().items()}, os.path.join(a.out, "student_%s.pt" % a.job))
        np.savez_compressed(os.path.join(a.out, "probs_%s.npz" % a.job), **keep)
    rec["log"] = log
    rec["seconds"] = round(time.time() - t0, 1)
    return rec


def run_student(a, data):
    """stage student: the distillation alone, from a job's saved teacher logits (probs_<job>.npz:
    the training rows' and the transfer rows'), optionally starting from a state dict (a job's
    student_<job>.pt) or an exported model.onnx of the same shape (the shipped model); the
    teacher is not needed, so this runs on CPU after the GPU lease."""
    t0 = time.time()
    task = Task(a, data)
    z = np.load(a.soft)
    if not np.array_equal(z["teacher.train_rows"], task.train[0]):
        raise SystemExit("--soft %s: its training rows are not this job's" % a.soft)
    task.transfer = (z["teacher.transfer_rows"], None, task.train[2])
    init = None
    if a.init.endswith(".pt"):
        init = torch.load(a.init, map_location="cpu")
    elif a.init.endswith(".onnx"):
        w = tz.onnx_weights(a.init)
        init = {k[len("net."):]: torch.as_tensor(v) for k, v in w.items() if k.startswith("net.")}
    log = []
    student, sv, sep = distil(a, task, z["teacher.train"].astype(np.float32), z["teacher.transfer"].astype(np.float32),
                              t0 + a.seconds, log, init=init)
    rec = {"stage": "student", "job": a.job, "init": a.init, "student_val": round(sv, 4), "student_epoch": sep, "log": log}
    rec["student"] = scores(task, student, amp=False)
    torch.save({k: v.detach().cpu() for k, v in student.state_dict().items()}, os.path.join(a.out, "student_%s.pt" % a.job))
    rec["seconds"] = round(time.time() - t0, 1)
    return rec


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("stage", choices=["mlm", "job", "student"])
    ap.add_argument("--soft", default="", help="student: a job's probs_<job>.npz")
    ap.add_argument("--init", default="", help="student: start from this student_<job>.pt or exported model.onnx")
    ap.add_argument("--data", default=".device/data")
    ap.add_argument("--out", required=True)
    ap.add_argument("--enc", default="", help="job: the pretrained encoder (default OUT/mlm_enc.pt)")
    ap.add_argument("--job", default="full")
    ap.add_argument("--seconds", type=float, default=200)
    ap.add_argument("--size", default="base", choices=sorted(TEACHER))
    ap.add_argument("--batch", type=int, default=256, help="mlm batch")
    ap.add_argument("--lr", type=float, default=5e-4, help="mlm peak lr")
    ap.add_argument("--max-steps", type=int, default=0, help="smoke test: stop every loop after this many steps")
    ap.add_argument("--ft-lr", type=float, default=1e-4)
    ap.add_argument("--ft-batch", type=int, default=64)
    ap.add_argument("--ft-epochs", type=int, default=2)
    ap.add_argument("--teacher-share", type=float, default=0.45)
    ap.add_argument("--transfer-max", type=int, default=150000)
    ap.add_argument("--st-lr", type=float, default=2e-3)
    ap.add_argument("--st-batch", type=int, default=128)
    ap.add_argument("--st-epochs", type=int, default=3)
    ap.add_argument("--alpha", type=float, default=0.5)
    ap.add_argument("--distill-t", type=float, default=2.0)
    ap.add_argument("--reserve", type=float, default=12, help="seconds kept for the final scoring and saving")
    a = ap.parse_args()
    torch.set_num_threads(1)
    os.makedirs(a.out, exist_ok=True)
    data = Data(a.data)
    t0 = time.time()
    try:
        rec = {"mlm": run_mlm, "job": run_job, "student": run_student}[a.stage](a, data)
        rec["ok"] = True
    except Exception as e:  # the record says what broke; the other jobs go on
        import traceback

        traceback.print_exc()
        rec = {"stage": a.stage, "job": a.job, "ok": False, "error": repr(e)}
    rec["device"] = torch.cuda.get_device_name(0) if DEV.type == "cuda" else "cpu"
    rec["wall_s"] = round(time.time() - t0, 1)
    rec["args"] = vars(a)
    name = "mlm" if a.stage == "mlm" else ("student_" if a.stage == "student" else "") + a.job.replace(":", "_")
    with open(os.path.join(a.out, "rec_%s.json" % name), "w", encoding="utf-8") as f:
        json.dump(rec, f, ensure_ascii=False, indent=1, default=str)
    print("record", name, "ok" if rec["ok"] else "FAILED", flush=True)
    sys.exit(0 if rec["ok"] else 1)


if __name__ == "__main__":
    main()
