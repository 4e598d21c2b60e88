#!/usr/bin/env python3
"""Char n-gram logistic regression for the industry of a record (issue 13).

Trained on the train split of training/industry_data.py only; the exported file is
mention/industrymodel/ngrams.tsv.gz, read by mention.IndustryModel (the Go side computes the
same features: NFKC, lower case, letters/numbers/marks only, the first MaxRunes runes, char
1..3-grams; logits = bias + (1/N) Σ w[gram] over the N gram positions, grams not in the file
count in N with weight 0).

  /usr/bin/python3 training/train_industry.py --data /tmp/industry/industry_set.jsonl \
      --out mention/industrymodel/ngrams.tsv.gz
"""
import argparse, gzip, json, os, random, sys
from collections import Counter

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from industry_data import key  # noqa: E402  (the set's de-duplication key: NFKC, lower case, letters/numbers/marks)

MAX_RUNES = 256
ORDERS = (1, 2, 3)


def norm(s):
    return key(s)[:MAX_RUNES]


def grams(s):
    out = []
    for n in ORDERS:
        out += [s[i:i + n] for i in range(len(s) - n + 1)]
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--data', default='/tmp/industry/industry_set.jsonl')
    ap.add_argument('--out', default='mention/industrymodel/ngrams.tsv.gz')
    ap.add_argument('--cap', type=int, default=5000, help='train records per source at most')
    ap.add_argument('--mindf', type=int, default=3)
    ap.add_argument('--epochs', type=int, default=6)
    ap.add_argument('--l2', type=float, default=1e-7)
    ap.add_argument('--keep', type=int, default=40000, help='n-grams kept in the export')
    ap.add_argument('--seed', type=int, default=13)
    ap.add_argument('--cw-power', type=float, default=1.0,
                    help='class weight = (balanced weight) ** power; 1 = each industry weighs the same, 0 = none')
    args = ap.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    rows = [json.loads(l) for l in open(args.data, encoding='utf-8')]
    by = {}
    for r in rows:
        if r['split'] == 'train':
            by.setdefault(r['source'], []).append(r)
    train = []
    for s in sorted(by):
        xs = by[s]
        rng.shuffle(xs)
        train += xs[:args.cap]
    dev = [r for r in rows if r['split'] == 'dev']
    classes = sorted({r['industry'] for r in train})  # industries with training text
    ci = {c: i for i, c in enumerate(classes)}
    # class weights: each industry weighs the same in the loss
    cc = Counter(r['industry'] for r in train)
    cw = torch.tensor([(len(train) / (len(classes) * max(cc[c], 1))) ** args.cw_power for c in classes])
    df = Counter()
    tg = []
    for r in train:
        g = grams(norm(r['text']))
        tg.append(g)
        df.update(set(g))
    vocab = {g: i for i, g in enumerate(sorted(g for g, n in df.items() if n >= args.mindf))}
    print('train', len(train), 'classes', classes, dict(cc), 'vocab', len(vocab))

    def batch(items):
        idx, off, wts = [], [], []
        for g in items:
            off.append(len(idx))
            ids = [vocab[x] for x in g if x in vocab]
            idx += ids
            wts += [1.0 / max(len(g), 1)] * len(ids)
        return torch.tensor(idx, dtype=torch.long), torch.tensor(off, dtype=torch.long), torch.tensor(wts)

    emb = torch.nn.EmbeddingBag(len(vocab), len(classes), mode='sum')
    torch.nn.init.zeros_(emb.weight)
    bias = torch.nn.Parameter(torch.zeros(len(classes)))
    opt = torch.optim.Adam(list(emb.parameters()) + [bias], lr=0.05)
    y = torch.tensor([ci[r['industry']] for r in train])
    order = list(range(len(train)))
    for ep in range(args.epochs):
        rng.shuffle(order)
        tot = 0.0
        for s in range(0, len(order), 256):
            b = order[s:s + 256]
            i, o, w = batch([tg[k] for k in b])
            logit = emb(i, o, per_sample_weights=w) + bias
            loss = torch.nn.functional.cross_entropy(logit, y[b], weight=cw) + args.l2 * emb.weight.pow(2).sum()
            opt.zero_grad()
            loss.backward()
            opt.step()
            tot += loss.item() * len(b)
        print('epoch', ep, 'loss %.4f' % (tot / len(train)), flush=True)
    W = emb.weight.detach()
    W = W - W.mean(1, keepdim=True)  # softmax-invariant per gram; pruning then drops near-zero rows
    mag = W.abs().max(1).values
    keep = torch.argsort(mag, descending=True)[:args.keep]
    inv = {i: g for g, i in vocab.items()}
    kept = {inv[int(k)]: W[int(k)] for k in keep}

    def predict(text, table):
        g = grams(norm(text))
        z = bias.detach().clone()
        for x in g:
            v = table.get(x)
            if v is not None:
                z += v / len(g)
        return classes[int(z.argmax())]
    per = {}
    for r in dev:
        d = per.setdefault(r['industry'], [0, 0, 0])
        d[2] += 1
        d[0] += predict(r['text'], kept) == r['industry']
    for c in classes:
        d = per.get(c, [0, 0, 1])
        print('dev %-14s %.3f (%d)' % (c, d[0] / d[2], d[2]))
    print('dev macro (pruned to %d) %.3f' % (len(kept), sum(per[c][0] / per[c][2] for c in per) / len(per)))
    with gzip.open(args.out, 'wt', encoding='utf-8', compresslevel=9) as f:
        f.write('# char n-gram industry model; training/train_industry.py; orders %s max_runes %d\n' % (','.join(map(str, ORDERS)), MAX_RUNES))
        f.write('classes\t' + '\t'.join(classes) + '\n')
        f.write('bias\t' + '\t'.join('%.4f' % v for v in bias.detach().tolist()) + '\n')
        for g in sorted(kept):
            f.write(g + '\t' + '\t'.join('%.4f' % v for v in kept[g].tolist()) + '\n')


if __name__ == '__main__':
    main()
