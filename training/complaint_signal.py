#!/usr/bin/python3
"""The learned complaint signal of package feeling (issue 19, chat12 session 12): a character
1-3-gram logistic regression that says whether a customer's turn that the sentiment model and
the turn rules leave neutral is a complaint (gold label negative).

  /usr/bin/python3 training/complaint_signal.py --eligible DIR [--game CSV] --crossfit OUT.json
  /usr/bin/python3 training/complaint_signal.py --eligible DIR [--game CSV] --out feeling/complaint_signal.tsv

DIR holds elig_<set>.jsonl for dev, dev2, dev3, train2 ({"id","rest","kind","closing"}: the
turn's words after feeling's machine-text cut, its machine kind, whether it is a closing), the
labels come from bench/testdata/chat_turns_<set>.jsonl. Training rows: customer turns that are
no machine text and no closing. --crossfit scores every dev3 and train2 turn with a signal that
did not see it (train2: its 5 session folds, training/chat_turns_folds.py's assignment, seed
20261203; dev3: trained on dev+dev2+train2). --out trains on all four sets and writes the
weights (n-gram TAB weight; the first line is the bias) that feeling embeds.

Features (feeling/signal.go must match): the text normalised (an anonymisation mask [..x] one
symbol □, ASCII digits 0, ASCII letters lower-cased, whitespace runs one space, trimmed), its
character 1-, 2- and 3-grams, binary; vocabulary = n-grams in >= 2 training rows. L2-regularised
logistic regression with sklearn's default C = 1 (loss = sum of log-losses + ||w||^2 / 2), no
class weighting; the decision threshold 0.5 is fixed (bench/results/notes/chat12-s12-shiprule.md).
Game rows (extra/game_feedback_complaint, label 0 = complaint) weigh n_turns / n_game each."""

import argparse
import csv
import json
import random
import re

import torch

SETS = ["dev", "dev2", "dev3", "train2"]
MASK = re.compile(r"\[[^\[\]]{1,6}x\]")


def norm(t):
    t = MASK.sub("□", t)
    out = []
    for ch in t:
        if "0" <= ch <= "9":
            out.append("0")
        elif "A" <= ch <= "Z":
            out.append(ch.lower())
        elif ch.isspace():
            if out and out[-1] != " ":
                out.append(" ")
        else:
            out.append(ch)
    return "".join(out).strip()


def grams(t):
    t = norm(t)
    g = set()
    for n in (1, 2, 3):
        for i in range(len(t) - n + 1):
            s = t[i:i + n]
            if s.strip() == s or n == 1:
                g.add(s)
    g.discard(" ")
    return g


def load(dirp):
    rows = {}
    for s in SETS:
        el = {json.loads(l)["id"]: json.loads(l) for l in open(f"{dirp}/elig_{s}.jsonl", encoding="utf-8")}
        for l in open(f"bench/testdata/chat_turns_{s}.jsonl", encoding="utf-8"):
            r = json.loads(l)
            e = el[r["id"]]
            r["set"] = s
            r["eligible"] = r["role"] == "customer" and e["kind"] == "" and not e["closing"]
            r["rest"] = e["rest"]
            rows[r["id"]] = r
    return rows


def folds(rows, k=5, seed=20261203):
    t2 = [r for r in rows.values() if r["set"] == "train2"]
    sessions = sorted({r["session"] for r in t2})
    random.Random(seed).shuffle(sessions)
    f = {s: i % k for i, s in enumerate(sessions)}
    return {r["id"]: f[r["session"]] for r in t2}


def train(texts, ys, ws):
    feats = [grams(t) for t in texts]
    df = {}
    for g in feats:
        for x in g:
            df[x] = df.get(x, 0) + 1
    vocab = sorted(x for x, c in df.items() if c >= 2)
    idx = {x: i for i, x in enumerate(vocab)}
    flat, offs = [], []
    for g in feats:
        offs.append(len(flat))
        flat.extend(idx[x] for x in g if x in idx)
    torch.manual_seed(13)
    emb = torch.nn.EmbeddingBag(len(vocab), 1, mode="sum")
    torch.nn.init.zeros_(emb.weight)
    b = torch.zeros(1, requires_grad=True)
    inp, off = torch.tensor(flat, dtype=torch.long), torch.tensor(offs, dtype=torch.long)
    y, w = torch.tensor(ys, dtype=torch.float32), torch.tensor(ws, dtype=torch.float32)
    opt = torch.optim.LBFGS(list(emb.parameters()) + [b], lr=1, max_iter=500, tolerance_grad=1e-6,
                            tolerance_change=1e-9, history_size=20, line_search_fn="strong_wolfe")

    def closure():
        opt.zero_grad()
        z = emb(inp, off).squeeze(1) + b
        loss = (w * torch.nn.functional.binary_cross_entropy_with_logits(z, y, reduction="none")).sum() \
            + 0.5 * (emb.weight ** 2).sum()
        loss.backward()
        return loss

    opt.step(closure)
    return {x: float(emb.weight[i, 0]) for x, i in idx.items()}, float(b[0])


def score(model, t):
    wts, b = model
    z = b + sum(wts.get(x, 0.0) for x in grams(t))
    return 1 / (1 + torch.exp(torch.tensor(-z)).item())


def game_rows(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["review"] and r["label"] in ("0", "1"):
                out.append((r["review"], 1.0 if r["label"] == "0" else 0.0))
    return out


def fit(train_rows, game):
    texts = [r["rest"] for r in train_rows]
    ys = [1.0 if r["label"] == "negative" else 0.0 for r in train_rows]
    ws = [1.0] * len(texts)
    if game:
        gw = len(texts) / len(game)
        texts += [t for t, _ in game]
        ys += [y for _, y in game]
        ws += [gw] * len(game)
    return train(texts, ys, ws)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--eligible", required=True)
    ap.add_argument("--game")
    ap.add_argument("--crossfit")
    ap.add_argument("--out")
    a = ap.parse_args()
    torch.set_num_threads(1)
    rows = load(a.eligible)
    game = game_rows(a.game) if a.game else []
    elig = [r for r in rows.values() if r["eligible"]]
    if a.crossfit:
        fo = folds(rows)
        scores = {}
        parts = [("dev3", lambda r: r["set"] == "dev3")] + \
            [(f"train2 fold {f}", (lambda f: lambda r: fo.get(r["id"]) == f)(f)) for f in range(5)]
        for name, held in parts:
            m = fit([r for r in elig if not held(r)], game)
            for r in rows.values():
                if held(r):
                    scores[r["id"]] = score(m, r["rest"])
            print(name, "vocab", len(m[0]), flush=True)
        json.dump(scores, open(a.crossfit, "w"), ensure_ascii=False)
    if a.out:
        wts, b = fit(elig, game)
        with open(a.out, "w", encoding="utf-8") as w:
            w.write(f"\t{b:.6g}\n")
            for x in sorted(wts):
                if abs(wts[x]) >= 1e-4:
                    w.write(f"{x}\t{wts[x]:.6g}\n")


if __name__ == "__main__":
    main()
