#!/usr/bin/env python3
"""dup15 proxy for the read-through (bench/results/notes/dup15-s15-shiprule.md).

usage: dup15_proxy.py GOLD.jsonl ANALYZE_OUT.jsonl [--pairs] [--examples N]

Prints the dup count (per 100 records), mention precision (right once per duplicate
group) and the plain share. With --pairs, lists duplicate pairs by class with how often
each member is right against the gold (tuning sets only).
"""
import collections
import json
import sys


def load_gold(path):
    gold = {}
    for l in open(path):
        it = json.loads(l)
        pairs, nopoint = set(), set()
        for g in it.get('gold') or []:
            if g.get('point'):
                pairs.add((g['indicator'], g['point']))
            else:
                nopoint.add(g['indicator'])
        gold[it['id']] = (it.get('industry'), pairs, nopoint, it['text'])
    return gold


def foot(a):
    s = set(range(a['start'], a['end']))
    if a.get('opinion_end', 0) > a.get('opinion_start', 0):
        s |= set(range(a['opinion_start'], a['opinion_end']))
    return s


def ind(a):
    kg = a.get('kg')
    return kg['ids'].get('indicator') if kg else None


def right_plain(a, g):
    industry, pairs, nopoint, _ = g
    kg = a.get('kg')
    if not kg or kg['ids'].get('industry') != industry:
        return False
    if a.get('point'):
        return (ind(a), a['point']) in pairs
    return ind(a) in nopoint


def groups(asp):
    n = len(asp)
    fs = [foot(a) for a in asp]
    parent = list(range(n))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x
    edges = []
    for i in range(n):
        for j in range(i + 1, n):
            if fs[i] & fs[j]:
                parent[find(i)] = find(j)
                edges.append((i, j))
    return [find(i) for i in range(n)], edges


def kind(a):
    if a['source'] == 'category':
        return 'cat'
    if a['term'] == '':
        return 'noterm'
    return 'term'


def relation(a, b):
    ka, kb = kind(a), kind(b)
    if 'cat' in (ka, kb):
        other = kb if ka == 'cat' else ka
        return 'cat+' + other if ka != kb else 'cat+cat'
    if 'noterm' in (ka, kb):
        return 'noterm+' + (kb if ka == 'noterm' else ka)
    if (a['start'], a['end']) == (b['start'], b['end']):
        return 'same term span'
    oa, ob = (a['opinion_start'], a['opinion_end']), (b['opinion_start'], b['opinion_end'])
    if oa == ob and oa[1] > oa[0]:
        return 'same opinion'
    ta, tb = set(range(a['start'], a['end'])), set(range(b['start'], b['end']))
    if ta & tb:
        return 'terms overlap'
    if ta & set(range(*ob)) or tb & set(range(*oa)):
        return 'term in other opinion'
    return 'opinions overlap'


def placement(a, b):
    ia, ib = ind(a), ind(b)
    if ia is None and ib is None:
        return 'both unplaced'
    if ia is None or ib is None:
        return 'one unplaced'
    if ia == ib:
        return 'same ind' + ('' if a.get('point') == b.get('point') else ' other point')
    return 'other ind'


def main():
    gold = load_gold(sys.argv[1])
    pairs = '--pairs' in sys.argv
    nex = int(sys.argv[sys.argv.index('--examples') + 1]) if '--examples' in sys.argv else 3
    recs = dups = total = right = plain = 0
    tp = npred = ngold = 0
    cls = collections.defaultdict(lambda: [0, 0, 0, 0, []])  # n, a right, b right, both
    for l in open(sys.argv[2]):
        r = json.loads(l)
        g = gold[r['id']]
        asp = r.get('aspects') or []
        recs += 1
        total += len(asp)
        roots, edges = groups(asp)
        dups += len(asp) - len(set(roots))
        counted = set()
        # the hand scorer's all-mentions (indicator, point) sets (bench.ScoreHand)
        pred = {(ind(a), a['point']) for a in asp if a.get('kg') and a.get('point') and a['kg']['ids'].get('industry') == g[0]}
        tp += len(pred & g[1])
        npred += len(pred)
        ngold += len(g[1])
        for i, a in enumerate(asp):
            rp = right_plain(a, g)
            plain += rp
            key = (roots[i], ind(a), a.get('point'))
            if rp and key not in counted:
                counted.add(key)
                right += 1
        if pairs:
            for i, j in edges:
                a, b = asp[i], asp[j]
                # order: for cat/noterm pairs, the cat/noterm member second
                if kind(a) != 'term' and kind(b) == 'term' or kind(a) == 'cat' and kind(b) == 'noterm':
                    a, b = b, a
                c = (relation(a, b), placement(a, b))
                ra, rb = right_plain(a, g), right_plain(b, g)
                x = cls[c]
                x[0] += 1
                x[1] += ra
                x[2] += rb
                x[3] += ra and rb
                if len(x[4]) < nex:
                    def show(m):
                        return '%s/%s %s %s%s' % (m['term'] or '-', m.get('opinion', ''), m['source'], ind(m), '+' if right_plain(m, g) else '')
                    x[4].append('%s | %s  <%s>' % (show(a), show(b), r['id']))
    P, R = tp / max(npred, 1), tp / max(ngold, 1)
    print('records %d mentions %d dup %d (%.1f per 100) precision %.4f (%d) plain %.4f (%d) | F1 %.4f (%d/%d/%d)' % (
        recs, total, dups, 100.0 * dups / max(recs, 1), right / max(total, 1), right, plain / max(total, 1), plain,
        2 * P * R / max(P + R, 1e-9), tp, npred, ngold))
    if pairs:
        print('%-24s %-22s %5s %6s %6s %5s' % ('relation', 'placement', 'n', 'a ok', 'b ok', 'both'))
        for c, x in sorted(cls.items(), key=lambda kv: -kv[1][0]):
            print('%-24s %-22s %5d %6d %6d %5d' % (c[0], c[1], x[0], x[1], x[2], x[3]))
            for e in x[4]:
                print('      ', e)


if __name__ == '__main__':
    main()
