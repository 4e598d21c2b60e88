#!/usr/bin/python3
"""Diagnostic (hand DEV only, never shipped): how far could a logistic regression of the
arbiter's features go on hand DEV itself? 10-fold cross-validated accuracy against the rules,
and polarity-zh's argmax alone where the span was scored. Input: the samples of
`tingzhen bench arbiter-samples --hand bench/testdata/handchecked_dev.jsonl [--scores-all]`."""
import json, sys
import numpy as np
sys.path.insert(0, 'training')
import train_arbiter as A

R = [r for r in (json.loads(l) for l in open(sys.argv[1], encoding='utf-8')) if r['features']]
X = np.array([r['features'] for r in R]); y = np.array([A.CLASSES.index(r['gold']) for r in R])
rule = np.array([A.CLASSES.index(r['rule']) for r in R])
print(f'n {len(R)}, rules {(rule == y).mean():.4f}')
for l2 in (0.001, 0.01, 0.1):
    pred = np.zeros(len(R), int)
    for k in range(10):
        te = np.arange(len(R)) % 10 == k
        W, b = A.fit(X[~te], y[~te], np.ones((~te).sum()), l2, 800)
        pred[te] = A.predict(W, b, X[te])
    print(f'l2 {l2}: 10-fold CV accuracy {(pred == y).mean():.4f}, {(pred != rule).sum()} changed')
pz = [i for i, r in enumerate(R) if r['features'][13]]
if pz:
    acc = np.mean([np.argmax(R[i]['features'][14:17]) == y[i] for i in pz])
    print(f'polarity-zh argmax alone on the {len(pz)} scored: {acc:.4f} (rules on them {np.mean(rule[pz] == y[pz]):.4f})')
