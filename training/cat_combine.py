"""Combine trained add-only category members and fold a presence threshold chosen on the
silver carve into the exported graph.

Input: one or more `train_category.py --save-state` files of one industry (same data files,
same kept ids and dimensions); the reference model (main's shipped model.onnx of that industry,
reloaded into PyTorch from its initializers and checked against its reference.jsonl).

1. The candidate is the mean of the members' calibrated probabilities (one member: itself).
2. On the training files' own validation carve (SHA-1 bucket of 'cat:' + norm_key(text) < 15,
   fixed by the text before training), both models are read with the add-only policy
   (mention/categoryadd.go: 1 − P(absent) ≥ t, polarity renormalised over the three
   polarities negative or positive, ≥ POLARITY and the largest); micro precision / recall / F1
   of (sentence, indicator, polarity) against the carve's negative and positive labels.
3. The reference's precision at t = 0.9 is the target; the candidate's t is the smallest in
   0.80..0.99 whose precision reaches it (the highest-precision t when none does).
4. t is folded into the graph: P(absent)'s odds times k = t / (9 (1 − t)), renormalised, so
   the policy's presence threshold 0.9 acts exactly as t on the trained model; the three
   polarity probabilities keep their ratios (the polarity rule is untouched).

    /usr/bin/python3 training/cat_combine.py --states a.pt,b.pt --ref models/category-ecommerce \
        --out DIR --data-dir /work/shared/datasets
"""

import argparse
import json
import os
import shutil
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import tz  # noqa: E402

POLICY_PRESENCE = 0.9  # mention.Policy.CategoryAddPresence (the shipped default)
POLARITY = 0.7  # mention.Policy.CategoryAddPolarity


def absent_factor(t):
    """k such that 1 − P'(absent) ≥ 0.9 exactly when 1 − P(absent) ≥ t, P' the odds-scaled probs."""
    return t * (1.0 - POLICY_PRESENCE) / (POLICY_PRESENCE * (1.0 - t))


def verdicts(probs, presence, polarity=POLARITY):
    """{(row, dim index, 'negative'|'positive')} the add-only policy emits (dimVerdict)."""
    import numpy as np

    p = np.asarray(probs, dtype=np.float64)
    pres = 1.0 - p[:, :, 0]
    s = p[:, :, 1:].sum(-1)
    s[s <= 0] = 1e-30
    neg, neu, pos = p[:, :, 1] / s, p[:, :, 2] / s, p[:, :, 3] / s
    out = set()
    ok = pres >= presence
    for i, j in zip(*np.nonzero(ok & (neg >= pos) & (neg >= polarity) & (neg > neu))):
        out.add((int(i), int(j), "negative"))
    for i, j in zip(*np.nonzero(ok & (pos > neg) & (pos >= polarity) & (pos > neu))):
        out.add((int(i), int(j), "positive"))
    return out


def score(probs, dims, gold, presence):
    """Micro P / R / F1 of the policy's verdicts against gold {(row, indicator, polarity)}."""
    pred = {(i, dims[j], pol) for i, j, pol in verdicts(probs, presence)}
    tp = len(pred & gold)
    p = tp / len(pred) if pred else 0.0
    r = tp / len(gold) if gold else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0, "tp": tp, "pred": len(pred), "gold": len(gold)}


def _modules():
    import torch
    import torch.nn as nn

    class AbsentOdds(nn.Module):
        """probs with P(absent)'s odds times k, renormalised (the policy's 0.9 acts as t)."""

        def __init__(self, inner, k):
            super().__init__()
            self.inner = inner
            self.register_buffer("w", torch.tensor([k, 1.0, 1.0, 1.0], dtype=torch.float32))

        def forward(self, input_ids, attention_mask):
            q = self.inner(input_ids, attention_mask) * self.w
            return q / q.sum(dim=-1, keepdim=True)

    return AbsentOdds


def load_members(paths):
    import torch

    import train_category as tc

    members, meta = [], None
    for path in paths:
        st = torch.load(path)
        if meta is None:
            meta = st
        elif st["dims"] != meta["dims"] or st["keep"] != meta["keep"] or st["data_files"] != meta["data_files"]:
            raise SystemExit("%s: other dimensions, kept ids or data files than %s" % (path, paths[0]))
        a = argparse.Namespace(**st["args"])
        for state, T in zip(st["states"], st["T"]):
            m = tz.Calibrated(tc.build(a, st["keep"], len(st["dims"])), T)
            m.load_state_dict(state)
            members.append(m.eval())
    return members, meta


def load_reference(ref_dir):
    """main's shipped model rebuilt in PyTorch from its model.onnx initializers; checked
    against its reference.jsonl (max abs diff returned)."""
    import numpy as np
    import torch

    import train_category as tc

    m = json.load(open(os.path.join(ref_dir, "metrics.json"), encoding="utf-8"))
    a = argparse.Namespace(**m["args"])
    w = tz.onnx_weights(os.path.join(ref_dir, "model.onnx"))
    keep = list(range(m["kept_ids"]))
    model = tz.Calibrated(tc.build(a, keep, len(m["dimensions"])), m["temperature"])
    sd = model.state_dict()
    new, used = {}, set()
    for k, v in sd.items():
        if k in w and tuple(w[k].shape) == tuple(v.shape):
            new[k], _ = w[k].to(v.dtype), used.add(k)
    for k, v in sd.items():
        if k in new:
            continue
        cand = [n for n in w if n not in used and n not in sd and tuple(w[n].shape) == tuple(v.shape[::-1])]
        if len(cand) != 1:
            raise SystemExit("reference %s: cannot place %s %s" % (ref_dir, k, tuple(v.shape)))
        new[k] = w[cand[0]].t().contiguous().to(v.dtype)
        used.add(cand[0])
    model.load_state_dict(new)
    model.eval()
    diff = 0.0
    with open(os.path.join(ref_dir, "reference.jsonl"), encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            ids = torch.tensor([r["input_ids"]])
            with torch.no_grad():
                p = model(ids, torch.ones_like(ids)).numpy()[0]
            diff = max(diff, float(np.abs(p - np.asarray(r["probs"])).max()))
    return model, m["dimensions"], diff


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--states", required=True, help="train_category.py --save-state files, comma-separated")
    ap.add_argument("--ref", required=True, help="main's model folder of the same industry (the precision target)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--data-dir", default="../shared/datasets")
    ap.add_argument("--threshold", type=float, default=0.0, help="fold this t instead of choosing one on the carve")
    args = ap.parse_args(argv)

    import numpy as np
    import torch

    import train_category as tc

    torch.set_num_threads(1)
    reads = tz.DataReads(args.data_dir).start()
    paths = [p for p in args.states.split(",") if p]
    members, meta = load_members(paths)
    dims, a = meta["dims"], argparse.Namespace(**meta["args"])
    rows = []
    for p in meta["data_files"]:
        rows += tc.read_labelled(p, a.industry)[0]
    _, va_rows = tc.carve(rows, a.val_pct)
    tok = tz.BertTokenizer(a.vocab or os.path.join(a.data_dir, "tokenizer/bert-base-chinese_vocab.txt"))
    va_seqs = [tok.encode(t, a.max_len) for t, _ in va_rows]
    gold = {(i, ind, pol) for i, (_, labs) in enumerate(va_rows) for ind, pol in labs.items() if pol in ("negative", "positive")}

    cand = members[0] if len(members) == 1 else tc.MeanProbs(members).eval()
    cand_p = tz.predict(cand, va_seqs)
    ref, ref_dims, ref_diff = load_reference(args.ref)
    ref_p = tz.predict(ref, va_seqs)
    target = score(ref_p, ref_dims, gold, POLICY_PRESENCE)
    grid = [round(0.80 + 0.01 * i, 2) for i in range(20)]
    curve = {t: score(cand_p, dims, gold, t) for t in grid}
    if args.threshold:
        t = args.threshold
        curve.setdefault(t, score(cand_p, dims, gold, t))
    else:
        ok = [t for t in grid if curve[t]["p"] >= target["p"]]
        t = ok[0] if ok else max(grid, key=lambda x: (curve[x]["p"], -x))
    k = absent_factor(t)
    model = _modules()(cand, k).eval()
    out_p = tz.predict(model, va_seqs)
    folded = score(out_p, dims, gold, POLICY_PRESENCE)
    if (folded["tp"], folded["pred"]) != (curve[t]["tp"], curve[t]["pred"]):
        raise SystemExit("folding t=%g changed the verdicts: %s vs %s" % (t, folded, curve[t]))

    src = os.path.splitext(paths[0])[0]  # the first member's training folder: card, metrics, vocab
    os.makedirs(args.out, exist_ok=True)
    for f in ("vocab.txt",):
        shutil.copyfile(os.path.join(src, f), os.path.join(args.out, f))
    onnx_path = os.path.join(args.out, "model.onnx")
    ops = tz.export_onnx(model, onnx_path)
    ref_texts = [t_ for t_, _ in va_rows[:8]] + ["好", "物流太慢了，包装倒是很结实", max((t_ for t_, _ in va_rows), key=len)]
    ref_diff_out = tz.write_reference(model, tok, ref_texts, a.max_len, os.path.join(args.out, "reference.jsonl"))
    m = json.load(open(os.path.join(src, "metrics.json"), encoding="utf-8"))
    members_note = [{"state": p, "seeds": [torch.load(p)["args"]["seed"]]} for p in paths]
    m.update({
        "onnx_bytes": os.path.getsize(onnx_path), "onnx_ops": ops, "params": tz.count_params(model),
        "members": members_note,
        "presence_threshold": {
            "t": t, "absent_odds_factor": k,
            "rule": "the smallest t in 0.80..0.99 whose carve precision of the add-only policy (polarity %g) reaches the reference's at 0.9" % POLARITY,
            "reference": args.ref, "reference_reload_max_abs_diff": ref_diff, "reference_carve_at_0.9": target,
            "candidate_carve_curve": {str(x): curve[x] for x in sorted(curve)}, "folded_carve_at_0.9": folded,
        },
        "reference_pad_vs_alone_max_abs_diff": ref_diff_out,
        "pad_invariance_max_abs_diff": tz.padding_invariance_check(model, va_seqs[:64]),
        "combine_command": tz.command_line(), "combine_seconds": None,
    })
    with open(os.path.join(args.out, "metrics.json"), "w", encoding="utf-8") as f:
        json.dump(m, f, ensure_ascii=False, indent=1)

    orig = tz.write_card

    def card_with_extras(path, card):
        card["architecture"]["members"] = ("the mean of the calibrated probabilities of %d members (seeds %s), one graph" % (
            len(members), ", ".join(str(x["seeds"][0]) for x in members_note))) if len(members) > 1 else "one member"
        card["decoding"]["presence_folded"] = {
            "t": t, "absent_odds_factor": round(k, 6),
            "rule": "P(absent)'s odds are multiplied by k and the four states renormalised, so the policy's presence 0.9 acts exactly as t on the trained model; the polarity ratios are unchanged",
            "chosen_on": "the silver validation carve: the smallest t in 0.80..0.99 whose add-only precision (polarity %g) reaches main's previous model's at 0.9 (%.4f); never on hand-checked sets" % (POLARITY, target["p"]),
            "carve_at_t": curve[t], "previous_model_carve_at_0.9": target,
        }
        card["training"]["combine_command"] = m["combine_command"]
        return orig(path, card)

    sha = tz.read_data_sha256(os.path.join(src, "model.yaml"))  # the training run's dataset reads
    sha.update(reads.sha256())
    a.out = args.out
    tz.write_card = card_with_extras
    try:
        tc.write_card(a, m, dims, m["threshold"], m["temperature"])
    finally:
        tz.write_card = orig
    tz.set_data_sha256(os.path.join(args.out, "model.yaml"), sha)
    print(json.dumps({"t": t, "k": round(k, 4), "target": target, "at_t": curve[t], "at_0.9": curve[0.9],
                      "ref_reload_diff": ref_diff, "onnx_bytes": m["onnx_bytes"]}), flush=True)


if __name__ == "__main__":
    main()
