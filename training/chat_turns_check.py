#!/usr/bin/python3
"""Validate the labelled chat-turn sets (bench/testdata/chat_turns_{dev,test}.jsonl):
every line parses with the documented fields, labels and kinds are in the allowed sets,
system/card items are neutral, ids are unique, no session and no normalised text
(tz.norm_key) is in both parts, and no text is in sentiment-zh's training data
(reproduced by training/chat_turns_sample.py). Prints counts per label and kind.
chat_turns_train2.jsonl (training data only) may share sessions with dev and dev2 (training
data of sentiment-chat v2 too), never with dev3 or test; its texts are unique like the rest.
chat_turns_dev4.jsonl (dev side of the split only) may share sessions with dev, dev2, dev3 and train2, never test.
  /usr/bin/python3 training/chat_turns_check.py --data-dir ../shared/datasets [dev.jsonl [dev2.jsonl [dev3.jsonl [test.jsonl [train2.jsonl]]]]]"""

import argparse
import collections
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tz  # noqa: E402
import chat_turns_sample as cs  # noqa: E402

LABELS = {"negative", "neutral", "positive"}
KINDS = {"card", "closing", "complaint", "question", "other"}
ROLES = {"customer", "system"}
# Pairs of files that may share sessions (both are training data; texts still unique).
# chat_turns_dev4.jsonl (session 15) is drawn from the dev side's sessions, which dev, dev2, dev3
# and train2 (all used-up tuning sets by then) had drawn from too; never test's.
SHARE_SESSIONS = {frozenset(p) for p in (("chat_turns_train2.jsonl", "chat_turns_dev.jsonl"), ("chat_turns_train2.jsonl", "chat_turns_dev2.jsonl"))}
SHARE_SESSIONS |= {frozenset(("chat_turns_dev4.jsonl", f"chat_turns_{p}.jsonl")) for p in ("dev", "dev2", "dev3", "train2")}
FIELDS = {"id", "session", "turn", "role", "text", "label", "kind", "note"}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data-dir", default="../shared/datasets")
    ap.add_argument("files", nargs="*", default=["bench/testdata/chat_turns_dev.jsonl", "bench/testdata/chat_turns_dev2.jsonl", "bench/testdata/chat_turns_dev3.jsonl", "bench/testdata/chat_turns_test.jsonl", "bench/testdata/chat_turns_train2.jsonl", "bench/testdata/chat_turns_dev4.jsonl"])
    args = ap.parse_args()
    keys, _ = cs.training_keys(args.data_dir)
    errs = []
    ids, texts, sessions = set(), {}, {}
    for path in args.files:
        if not os.path.exists(path):
            print(f"{path}: absent, skipped")
            continue
        part = os.path.basename(path)
        lab = collections.Counter()
        kind = collections.Counter()
        cross = collections.Counter()
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                where = f"{path}:{n}"
                try:
                    r = json.loads(line)
                except ValueError as e:
                    errs.append(f"{where}: {e}")
                    continue
                if not FIELDS >= set(r) or not (FIELDS - {"note"}) <= set(r):
                    errs.append(f"{where}: fields {sorted(r)}")
                    continue
                if r["label"] not in LABELS or r["kind"] not in KINDS or r["role"] not in ROLES:
                    errs.append(f"{where}: label/kind/role {r['label']}/{r['kind']}/{r['role']}")
                if not isinstance(r["turn"], int) or not isinstance(r["text"], str) or not r["text"].strip():
                    errs.append(f"{where}: turn/text")
                if (r["role"] == "system" or r["kind"] == "card") and (r["label"] != "neutral" or r["kind"] != "card"):
                    errs.append(f"{where}: system lines and cards must be neutral, kind card")
                if r["id"] in ids:
                    errs.append(f"{where}: duplicate id {r['id']}")
                ids.add(r["id"])
                k = tz.norm_key(r["text"])
                if k in keys or tz.norm_key(cs.substituted(r["text"])) in keys:
                    errs.append(f"{where}: text in sentiment-zh training data")
                if k in texts:
                    errs.append(f"{where}: text also at {texts[k]}")
                texts[k] = where
                for other in sorted(sessions.setdefault(r["session"], {part: where})):
                    if other != part and frozenset((other, part)) not in SHARE_SESSIONS:
                        errs.append(f"{where}: session {r['session']} also in {other}")
                sessions[r["session"]].setdefault(part, where)
                lab[r["label"]] += 1
                kind[r["kind"]] += 1
                cross[(r["kind"], r["label"])] += 1
        print(f"{path}: {sum(lab.values())} items; labels {dict(sorted(lab.items()))}; kinds {dict(sorted(kind.items()))}")
        for kd in sorted(KINDS):
            print(f"  {kd:9s} " + " ".join(f"{l}={cross[(kd, l)]}" for l in sorted(LABELS)))
    for e in errs:
        print("ERROR", e)
    if errs:
        sys.exit(1)
    print("ok")


if __name__ == "__main__":
    main()
