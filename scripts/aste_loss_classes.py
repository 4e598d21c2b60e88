#!/usr/bin/env python3
"""Class the ASTE train-carve triplets the aspect model alone gets right and analyze loses.

Input: dumps written by bench's TestASTECarveDump (one JSON object a line: text, gold triplet
keys, the model's triplets, analyze's mentions), tuning split only (--aste-part val's carve):

  TINGZHEN_ASTE_DUMP=before.jsonl go test ./bench -run TestASTECarveDump        # a build
  TINGZHEN_ASTE_DUMP=v.jsonl TINGZHEN_ASTE_VARIANT=s9 go test ./bench -run TestASTECarveDump

  python3 scripts/aste_loss_classes.py before.jsonl [NAME=variant.jsonl ...]

Prints each loss class of BEFORE with its count and, per variant given (in order), how many of
the class that variant recovers first; with -e N, N examples per (class, variant).
"""
import collections
import json
import sys


def key(m):
    a = f"{m.get('start', 0)}-{m.get('end', 0)}" if m.get('term') else '-'
    return f"{a}|{m.get('opinion_start', 0)}-{m.get('opinion_end', 0)}|{m['polarity']}"


def span(m):
    return f"{m.get('start', 0)}-{m.get('end', 0)}"


def classify(r, g):
    a, o, _ = g.split('|')
    model_ops = [f"{m['opinion_start']}-{m['opinion_end']}" for m in r['model'] or [] if m.get('term') and span(m) == a]
    if a == '-':
        same = [m for m in r['product'] or [] if not m.get('term')]
    else:
        same = [m for m in r['product'] or [] if m.get('term') and span(m) == a]
    if not same:
        if a == '-':
            return 'aspect missing: implicit opinion dropped (the pack cannot place it)'
        s, e = map(int, a.split('-'))
        if any(m.get('term') and m['start'] < e and s < m['end'] for m in r['product'] or []):
            return 'aspect missing: term widened (graph term / jieba)'
        return 'aspect missing: no mention'
    ops = [f"{m.get('opinion_start', 0)}-{m.get('opinion_end', 0)}" for m in same]
    if o in ops:
        return 'polarity changed'
    if any(p in model_ops for p in ops):
        return "opinion: another of the model's opinions of the term kept, this one dropped"
    gs, ge = map(int, o.split('-'))
    if any(int(p.split('-')[0]) < ge and gs < int(p.split('-')[1]) for p in ops):
        return 'opinion: span edited (particles, punctuation, snapping)'
    return 'opinion: a lexicon opinion replaced it'


def load(p):
    with open(p, encoding='utf-8') as f:
        return [json.loads(line) for line in f]


def main(argv):
    n_ex = 0
    if len(argv) > 2 and argv[1] == '-e':
        n_ex = int(argv[2])
        argv = argv[:1] + argv[3:]
    if len(argv) < 2:
        sys.exit(__doc__)
    before = load(argv[1])
    variants = []
    for a in argv[2:]:
        name, path = a.split('=', 1)
        variants.append((name, load(path)))
    table = collections.defaultdict(collections.Counter)
    examples = collections.defaultdict(list)
    for i, r in enumerate(before):
        mk = {key(m) for m in r['model'] or []}
        pk = {key(m) for m in r['product'] or []}
        for g in r['gold']:
            if g not in mk or g in pk:
                continue
            c = classify(r, g)
            fix = 'still lost'
            for name, d in variants:
                if d[i]['text'] != r['text']:
                    sys.exit('dumps of different sets')
                if g in {key(m) for m in d[i]['product'] or []}:
                    fix = name
                    break
            table[c][fix] += 1
            t = next(m for m in r['model'] if key(m) == g)
            examples[(c, fix)].append(f"{t.get('term') or '-'} / {t['opinion']} / {t['polarity']} — {r['text'][:60]}")
    total = 0
    for c in sorted(table, key=lambda c: -sum(table[c].values())):
        n = sum(table[c].values())
        total += n
        print(f"{n:4d}  {c}: " + ', '.join(f"{k} {v}" for k, v in table[c].most_common()))
    print(f"{total:4d}  lost in all")
    if n_ex:
        for (c, fix), xs in examples.items():
            print(f"== {c} [{fix}] {len(xs)}")
            for x in xs[:n_ex]:
                print('   ', x)


if __name__ == '__main__':
    main(sys.argv)
