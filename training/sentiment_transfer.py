#!/usr/bin/python3
"""Leave-one-domain-out runs of two sentiment-recipe variants (issue 19), written in the same
JSON-line format as train_sentiment.py --leave-out-domain (training/lodo_table.py reads both):

  --variant cnn      the shipped recipe exactly as train_sentiment.py's run_lodo trains it
                     (same seed, splits, batches); with --save-dir the fold's weights are kept
                     as a distillation teacher.
  --variant mtl      multi-task: the same CNN encoder and sentiment head, plus an
                     aspect-polarity head (sentence + marked aspect -> negative/neutral/
                     positive) trained on polarity-zh's training data, sharing the encoder.
                     The exported sentiment graph would be the shipped CNN's (the polarity head
                     is dropped), so its speed is the shipped CNN's.
  --variant distill  a student of the shipped CNN's size trained on the fold's training rows
                     with the hard labels and the averaged probabilities of the teachers named
                     by --teachers (saved fold weights of earlier cnn / mtl runs), plus
                     --unlabelled texts (soft labels only) from ../shared/datasets aspect/ and
                     extra/ (never a labelled sentiment text, so never a text of the left-out
                     domain; never dialog/, where the chat-turn sets come from).

Every variant: the recipe's flags (defaults = the shipped recipe), the fold's 5 % validation
carve of the training domains chooses the epoch (sentiment 3-way accuracy), the left-out
domain chooses nothing.

  OMP_NUM_THREADS=1 flock /work/wt/long2.lock /usr/bin/python3 training/sentiment_transfer.py \
      --variant mtl --leave-out-domain waimai,书籍,蒙牛,计算机 --epochs 3 \
      --variant-name "multi-task + aspect polarity, 3 ep" --lodo-out bench/results/lodo/mtl_3ep.jsonl \
      --save-dir /tmp/mtl/teach_mtl
"""

import argparse
import collections
import glob
import json
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
import train_sentiment as ts  # noqa: E402

# ---------------------------------------------------------------------------
# Aspect-polarity data: polarity-zh's training set and validation parts
# (train_polarity.py main, without its optional augmentations).
# ---------------------------------------------------------------------------


def polarity_sets(data_dir):
    """{train, apc_val, car_val, aste_val: [(text, start, end, label)]}: the same split rules as
    train_polarity.py (APC sha1 buckets, ASTE 'aste:' bucket < 5 minus APC held-out sentences,
    car: category-car's train posts, 'car:' bucket < 10 = validation). APC test, category-car's
    validation/test posts and the ASTE dev file are not loaded."""
    import train_polarity as tp

    absa = os.path.join(data_dir, "aspect", "absadatasets_zh")
    sets = collections.defaultdict(list)
    for fpath in sorted(glob.glob(os.path.join(absa, "apc_*.train.txt"))):
        for ex in tp.load_apc(fpath):
            sets["apc_" + tz.apc_split(ex[0])].append(ex)
    held = {tz.norm_key(ex[0]) for k in ("apc_val", "apc_test") for ex in sets[k]}
    car, _ = tp.car_splits(data_dir)
    for ex in car["train"]:
        key = tz.norm_key(ex[0][ex[2] + 1:])
        sets["car_val" if tz.hbucket(key, "car:") < 10 else "car_train"].append(ex)
    for ex in tp.load_aste(os.path.join(absa, "aste_chinese_zhang.train.txt")):
        key = tz.norm_key(ex[0])
        if key in held:
            continue
        sets["aste_val" if tz.hbucket(key, "aste:") < 5 else "aste_train"].append(ex)
    return {"train": sets["apc_train"] + sets["aste_train"] + sets["car_train"],
            "apc_val": sets["apc_val"], "car_val": sets["car_val"], "aste_val": sets["aste_val"]}


class MultiTaskCNN(nn.Module):
    """SentimentCNN (same encoder and head, same parameter names: enc.*, fc.*) plus an
    aspect-polarity head: [mean of the encoder features over the marked span (markers
    included); masked max; masked mean] -> dropout -> linear 3."""

    def __init__(self, args):
        super().__init__()
        self.sent = ts.build_model(args)
        d = self.sent.enc.out_dim
        self.pol_drop = nn.Dropout(args.dropout)
        self.pol_fc = nn.Linear(3 * d, 3)

    def forward(self, ids, mask):
        return self.sent(ids, mask)

    def polarity(self, ids, mask):
        h, m = self.sent.enc(ids, mask)
        c1 = torch.cumsum((ids == 1).to(torch.float32), dim=1)  # 1 from [unused1] on
        c2 = torch.cumsum((ids == 2).to(torch.float32), dim=1)  # 1 from [unused2] on
        span = (c1 - c2 + (ids == 2).to(torch.float32)).clamp(0, 1) * m
        asp = (h * span.unsqueeze(-1)).sum(1) / span.sum(1, keepdim=True).clamp(min=1.0)
        return self.pol_fc(self.pol_drop(torch.cat([asp, tz.masked_max_mean(h, m)], dim=-1)))


def predict_fn(fn, seqs, bs=256):
    """fn(ids, mask) over seqs in length-sorted batches (as tz.predict), original order."""
    order = sorted(range(len(seqs)), key=lambda i: len(seqs[i]))
    out = np.zeros((len(seqs), 3), dtype=np.float32)
    with torch.no_grad():
        for s in range(0, len(order), bs):
            b = order[s:s + bs]
            ids, mask = tz.pad_batch([seqs[i] for i in b])
            out[b] = fn(ids, mask).numpy()
    return out


def train_mtl(args, model, tr_seqs, tr_labels, va_seqs, va_labels, cls_w, pol, name, history):
    """train_sentiment.train_model's loop (Adam, one-cycle LR, char dropout, class-weighted CE,
    best epoch by sentiment validation 3-way accuracy) with polarity batches interleaved:
    every epoch runs all sentiment batches and all polarity batches in a shuffled order, one
    optimiser step each; polarity loss weight --pol-weight."""
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    rng = random.Random(args.seed)
    lengths = [len(s) for s in tr_seqs]
    p_seqs, p_lab = pol["train"]
    p_lengths = [len(s) for s in p_seqs]
    n_s = len(tz.length_batches(lengths, args.batch_size, random.Random(0)))
    n_p = len(tz.length_batches(p_lengths, args.batch_size, random.Random(0)))
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, total_steps=(n_s + n_p) * args.epochs, pct_start=0.1)
    best = (-1.0, None, None)
    t0 = time.time()
    for ep in range(args.epochs):
        model.train()
        plan = [("s", b) for b in tz.length_batches(lengths, args.batch_size, rng)]
        plan += [("p", b) for b in tz.length_batches(p_lengths, args.batch_size, rng)]
        rng.shuffle(plan)
        tot = {"s": 0.0, "p": 0.0}
        cnt = {"s": 0, "p": 0}
        for kind, b in plan:
            if kind == "s":
                ids, mask = tz.pad_batch([tr_seqs[i] for i in b])
                ids = tz.char_dropout(ids, args.word_drop)
                loss = F.cross_entropy(model(ids, mask), torch.from_numpy(tr_labels[b]), weight=cls_w)
            else:
                ids, mask = tz.pad_batch([p_seqs[i] for i in b])
                ids = char_dropout_keep(ids, args.word_drop)
                loss = args.pol_weight * F.cross_entropy(model.polarity(ids, mask), torch.from_numpy(p_lab[b]))
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            tot[kind] += loss.item() * len(b)
            cnt[kind] += len(b)
        model.eval()
        va_acc = float((predict_fn(model, va_seqs).argmax(1) == va_labels).mean())
        pv = {k: float((predict_fn(model.polarity, pol[k][0]).argmax(1) == pol[k][1]).mean()) for k in ("apc_val", "car_val", "aste_val")}
        print(f"{name} epoch {ep + 1}: sent loss {tot['s'] / cnt['s']:.4f} pol loss {tot['p'] / cnt['p']:.4f} "
              f"val acc {va_acc:.4f} pol val {json.dumps({k: round(v, 4) for k, v in pv.items()})} ({time.time() - t0:.0f}s)", flush=True)
        history.append({"val": va_acc, "pol": pv})
        if va_acc > best[0]:
            best = (va_acc, {k: v.clone() for k, v in model.state_dict().items()}, pv)
    model.load_state_dict(best[1])
    return best[0], best[2]


def char_dropout_keep(ids, p, unk_id=100):
    """tz.char_dropout that never drops the aspect markers [unused1]/[unused2]."""
    out = tz.char_dropout(ids, p, unk_id)
    keep = (ids == 1) | (ids == 2)
    return torch.where(keep, ids, out)




def train_student(args, model, tr_seqs, tr_labels, soft, va_seqs, va_labels, cls_w, name, history):
    """train_sentiment.train_model with soft targets for every row and rows without a hard
    label (label -100: unlabelled text): loss = (1-a)*CE(hard rows) + a*T^2*KL(soft||student/T)."""
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    rng = random.Random(args.seed)
    lengths = [len(s) for s in tr_seqs]
    steps = len(tz.length_batches(lengths, args.batch_size, random.Random(0)))
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, total_steps=steps * args.epochs, pct_start=0.1)
    a, T = args.distill_alpha, args.distill_t
    best = (-1.0, None)
    t0 = time.time()
    for ep in range(args.epochs):
        model.train()
        tot, n = 0.0, 0
        for b in tz.length_batches(lengths, args.batch_size, rng):
            ids, mask = tz.pad_batch([tr_seqs[i] for i in b])
            ids = tz.char_dropout(ids, args.word_drop)
            y = torch.from_numpy(tr_labels[b])
            logits = model(ids, mask)
            if (y >= 0).any():
                ce = F.cross_entropy(logits, y, weight=cls_w, ignore_index=-100)
            else:
                ce = logits.sum() * 0.0
            kl = F.kl_div(F.log_softmax(logits / T, -1), torch.from_numpy(soft[b]), reduction="batchmean") * (T * T)
            loss = (1 - a) * ce + a * kl
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            tot += loss.item() * len(b)
            n += len(b)
        model.eval()
        va_acc = float((predict_fn(model, va_seqs).argmax(1) == va_labels).mean())
        print(f"{name} epoch {ep + 1}: train loss {tot / n:.4f} val acc {va_acc:.4f} ({time.time() - t0:.0f}s)", flush=True)
        history.append(va_acc)
        if va_acc > best[0]:
            best = (va_acc, {k: v.clone() for k, v in model.state_dict().items()})
    model.load_state_dict(best[1])
    return best[0]


def unlabelled_texts(args, cache):
    """--unlabelled N texts (random.Random(seed)) from pretrain_mlm's corpus files under aspect/
    and extra/ (not dialog/), same cleaning and exclusions (every labelled sentiment key and the
    five sets sentiment_extra.py scores)."""
    if os.path.exists(cache):
        with open(cache, encoding="utf-8") as f:
            d = json.load(f)
        if d["n"] >= args.unlabelled and d["seed"] == args.seed:
            return d["texts"], dict(d["stats"])
    import pretrain_mlm as pm

    excl = set(ts.group_labelled(ts.load_labelled(args.data_dir))[0].keys())
    for n in pm.sx.SETS:
        excl |= {tz.norm_key(t) for t, _ in pm.sx.load_set(args.data_dir, n)}
    seen, texts, per = set(), [], collections.Counter()
    for p in pm.corpus_files(args.data_dir):
        rel = os.path.relpath(p, args.data_dir)
        if rel.startswith("dialog"):
            continue
        for raw in pm.file_texts(p):
            t = pm.clean(raw)
            if t is None:
                continue
            k = tz.norm_key(t)
            if len(k) < 2 or k in seen or k in excl:
                continue
            seen.add(k)
            texts.append((t, rel.split(os.sep)[1] if rel.startswith("extra") else rel.split(os.sep)[0]))
    pick = random.Random(args.seed).sample(texts, min(max(args.unlabelled, 20000), len(texts)))
    per.update(s for _, s in pick)
    stats = {"pool": len(texts), "used": len(pick), "by_source": dict(per)}
    out = [t for t, _ in pick]
    os.makedirs(os.path.dirname(cache) or ".", exist_ok=True)
    with open(cache, "w", encoding="utf-8") as f:
        json.dump({"n": len(out), "seed": args.seed, "texts": out, "stats": stats}, f, ensure_ascii=False)
    return out, stats


def load_teacher(args, path):
    m = ts.build_model(args)
    state = torch.load(path)
    state = {k[len("sent."):] if k.startswith("sent.") else k: v for k, v in state.items() if not k.startswith("pol_")}
    m.load_state_dict(state)
    return m.eval()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--variant", required=True, help="comma list of cnn, mtl, distill: run in this order inside each fold (a distill run can use the weights an earlier variant of the same fold saved)")
    ap.add_argument("--data-dir", default="/work/shared/datasets")
    ap.add_argument("--leave-out-domain", required=True)
    ap.add_argument("--lodo-out", default="", help="comma list, one file per variant: append one JSON line per fold")
    ap.add_argument("--variant-name", default="", help="';'-separated list, one name per variant")
    ap.add_argument("--save-dir", default="", help="comma list, one folder per variant (may be empty): keep each fold's weights as DIR/<domain>.pt")
    # the shipped recipe (bench/results/models.md, v3) as defaults
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--arch", default="cnn")
    ap.add_argument("--emb-dim", type=int, default=96)
    ap.add_argument("--channels", type=int, default=128)
    ap.add_argument("--kernels", default="1,2,3,5")
    ap.add_argument("--dropout", type=float, default=0.3)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--max-len", type=int, default=128)
    ap.add_argument("--atec-max", type=int, default=8000)
    ap.add_argument("--waimai-oversample", type=int, default=5)
    ap.add_argument("--neu-min-chars", type=int, default=4)
    ap.add_argument("--neu-max-chars", type=int, default=40)
    tz.add_word_drop_arg(ap, 0.1)
    tz.add_bigram_args(ap)
    # multi-task
    ap.add_argument("--pol-weight", type=float, default=1.0, help="mtl: weight of the polarity loss")
    ap.add_argument("--pol-max", type=int, default=0, help="mtl: at most this many polarity training items (random sample, the same in every fold); 0 = all")
    ap.add_argument("--pol-max-len", type=int, default=64, help="mtl: polarity items are windowed to this many pieces around the aspect")
    # distillation
    ap.add_argument("--teachers", default="", help="distill: comma list of --save-dir folders of earlier runs")
    ap.add_argument("--unlabelled", type=int, default=20000, help="distill: unlabelled texts with soft labels only (the first N of a fixed random sample of 20,000)")
    ap.add_argument("--unlabelled-cache", default="/tmp/mtl/unlabelled.json")
    ap.add_argument("--distill-alpha", type=float, default=0.5)
    ap.add_argument("--distill-t", type=float, default=2.0)
    ap.add_argument("--dialogue-data", default="", help="as train_sentiment.py: labelled dialogue sets appended to each fold's training rows (after --max-train)")
    ap.add_argument("--dialogue-max", type=int, default=0)
    ap.add_argument("--max-train", type=int, default=0, help="at most this many sentiment training rows per fold (random.Random(seed) sample of the recipe's rows, as train_sentiment.py --max-train; the same rows for every variant)")
    args = ap.parse_args()
    args.init_encoder = ""

    torch.set_num_threads(1)
    tok = tz.BertTokenizer(os.path.join(args.data_dir, "tokenizer/bert-base-chinese_vocab.txt"))
    items = ts.load_labelled(args.data_dir)
    groups, order = ts.group_labelled(items)
    domains = ts.lodo_domains(groups)
    want = [ts.LODO_ALIASES.get(d, d) for d in args.leave_out_domain.split(",")]
    for d in want:
        if d not in domains:
            raise SystemExit("unknown --leave-out-domain %s" % d)
    encode = tz.cached_encoder(tok, args.max_len)

    pol_raw = None
    variants = args.variant.split(",")
    n = len(variants)

    def per_variant(v, what, sep=","):
        xs = v.split(sep) if v else [""] * n
        if len(xs) != n or any(x not in ("cnn", "mtl", "distill") for x in variants):
            raise SystemExit("--variant is a comma list of cnn, mtl, distill; --%s needs one item per variant" % what)
        return xs

    names, outs, saves = per_variant(args.variant_name, "variant-name", ";"), per_variant(args.lodo_out, "lodo-out"), per_variant(args.save_dir, "save-dir")
    if "mtl" in variants:
        import train_polarity as tp

        pol_raw = polarity_sets(args.data_dir)
        pol_enc = {k: ([tp.encode(tok, t, s, e, args.pol_max_len) for t, s, e, _ in v], np.array([y for *_, y in v], dtype=np.int64))
                   for k, v in pol_raw.items()}
        print("polarity sets " + json.dumps({k: len(v) for k, v in pol_raw.items()}), flush=True)
    unlab = None
    if "distill" in variants:
        texts, ustats = unlabelled_texts(args, args.unlabelled_cache)
        unlab = [tok.encode(t, args.max_len) for t in texts[: args.unlabelled]]
        ustats["used"] = len(unlab)
        print("unlabelled " + json.dumps(ustats, ensure_ascii=False), flush=True)

    for d in want:
        dname = "waimai" if d == "外卖" else d
        t_fold = time.time()
        sp = tz.lodo_fold_splits(args, groups, order, d)
        enc = {name: encode(exs) for name, exs in sp.items()}
        tr_seqs, tr_labels, va_seqs, va_labels = tz.recipe_rows(enc, args.waimai_oversample)
        tr_seqs, tr_labels = tz.subsample_rows(tr_seqs, tr_labels, args.max_train, args.seed)
        n_recipe_rows = len(tr_seqs)
        tr_seqs, tr_labels = ts.add_dialogue_rows(args, tok, groups, tr_seqs, tr_labels)
        counts = np.bincount(tr_labels, minlength=3).astype(np.float64)
        cls_w = torch.tensor(counts.sum() / (3 * counts), dtype=torch.float32)
        test_keys = {tz.norm_key(t) for t, _ in sp["test_lodo"]}
        prep_s = time.time() - t_fold
        for vi, variant in enumerate(variants):
            vname, vout, vsave = names[vi], outs[vi], saves[vi]
            tz.set_seed(args.seed)
            extra = {}
            hist = []
            t_train = time.time()
            if variant == "cnn":
                model = ts.build_model(args)
                best = ts.train_model(args, model, tr_seqs, tr_labels, va_seqs, va_labels, cls_w, args.seed, "lodo " + d, history=hist)
                best_epoch = int(np.argmax(hist)) + 1
            elif variant == "mtl":
                model = MultiTaskCNN(args)
                drop = [i for i, (t, *_) in enumerate(pol_raw["train"]) if tz.norm_key(t) in test_keys]
                keep = np.array(sorted(set(range(len(pol_raw["train"]))) - set(drop)), dtype=np.int64)
                if args.pol_max and args.pol_max < len(keep):
                    keep = np.array(sorted(random.Random(args.seed).sample(list(keep), args.pol_max)), dtype=np.int64)
                pol = {kk: v for kk, v in pol_enc.items()}
                pol["train"] = ([pol_enc["train"][0][i] for i in keep], pol_enc["train"][1][keep])
                best, pv = train_mtl(args, model, tr_seqs, tr_labels, va_seqs, va_labels, cls_w, pol, "mtl " + d, hist)
                best_epoch = int(np.argmax([h["val"] for h in hist])) + 1
                extra["polarity_val_at_best_epoch"] = pv
                extra["polarity_val_by_epoch"] = [h["pol"] for h in hist]
                extra["polarity_train_items"] = len(keep)
                extra["polarity_train_dropped_as_test_text"] = len(drop)
                hist = [h["val"] for h in hist]
            else:
                teachers = [load_teacher(args, os.path.join(tdir, dname + ".pt")) for tdir in args.teachers.split(",")]
                all_seqs = tr_seqs + unlab
                T = args.distill_t
                tp_ = [torch.softmax(torch.from_numpy(predict_fn(tm, all_seqs)) / T, -1).numpy() for tm in teachers]
                soft = np.mean(tp_, axis=0).astype(np.float32)
                ens = {}
                for name, seqs, labs in (("test", enc["test_lodo"][0], enc["test_lodo"][1]), ("val", va_seqs, va_labels)):
                    ps = [torch.softmax(torch.from_numpy(predict_fn(tm, seqs)), -1).numpy() for tm in teachers]
                    ens[name] = ts.eval_set(np.mean(ps, axis=0), labs)
                    ens[name + "_members_acc_3way"] = [float((p.argmax(1) == labs).mean()) for p in ps]
                extra["teacher_ensemble"] = ens
                extra["teachers"] = args.teachers
                extra["unlabelled_rows"] = len(unlab)
                extra["teacher_seconds"] = round(time.time() - t_train, 1)
                print("teacher ensemble " + json.dumps(ens, ensure_ascii=False), flush=True)
                del teachers
                labels_all = np.concatenate([tr_labels, np.full(len(unlab), -100, dtype=np.int64)])
                tz.set_seed(args.seed)
                model = ts.build_model(args)
                best = train_student(args, model, all_seqs, labels_all, soft, va_seqs, va_labels, cls_w, "student " + d, hist)
                best_epoch = int(np.argmax(hist)) + 1
            train_s = time.time() - t_train
            model.eval()
            rec = {
                "domain": dname,
                "variant": vname,
                "val_acc_3way": best,
                "val_by_epoch": [round(x, 4) for x in hist],
                "best_epoch": best_epoch,
                "test": ts.eval_set(torch.softmax(torch.from_numpy(predict_fn(model, enc["test_lodo"][0])), -1).numpy(), enc["test_lodo"][1]),
                "neu_test": ts.eval_set(torch.softmax(torch.from_numpy(predict_fn(model, enc["neu_test"][0])), -1).numpy(), enc["neu_test"][1]),
                "sizes": {name: len(v) for name, v in sp.items()},
                "train_rows": len(tr_seqs),
                "recipe_train_rows": n_recipe_rows,
                "dialogue_data": getattr(args, "dialogue_stats", None),
                "train_seconds": round(train_s, 1),
                "fold_seconds": round(prep_s + time.time() - t_train, 1),
                "prep_seconds": round(prep_s, 1),
                "load_avg": os.getloadavg()[0],
                "command": tz.command_line(),
                **extra,
            }
            print("lodo_fold " + json.dumps(rec, ensure_ascii=False), flush=True)
            if vout:
                with open(vout, "a", encoding="utf-8") as f:
                    f.write(json.dumps(rec, ensure_ascii=False) + "\n")
            if vsave:
                os.makedirs(vsave, exist_ok=True)
                torch.save(model.state_dict(), os.path.join(vsave, dname + ".pt"))
            del model


if __name__ == "__main__":
    main()
