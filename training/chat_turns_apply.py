#!/usr/bin/python3
"""Join hand labels to a sampled chat-turn file (training/chat_turns_sample.py):
  /usr/bin/python3 training/chat_turns_apply.py UNLABELLED.jsonl LABELS.tsv OUT.jsonl
LABELS.tsv: one line per item, written by a person reading the item:
  id-number <TAB> N|U|P <TAB> kind <TAB> note (may be empty)
N = negative, U = neutral, P = positive. Every sampled item must have a label."""

import json
import sys

LAB = {"N": "negative", "U": "neutral", "P": "positive"}
KINDS = {"card", "closing", "complaint", "question", "other"}


def main():
    src, tsv, out = sys.argv[1:4]
    labels = {}
    with open(tsv, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            p = line.rstrip("\n").split("\t")
            if len(p) < 3 or p[1] not in LAB or p[2] not in KINDS:
                sys.exit(f"{tsv}:{n}: bad label line {line!r}")
            if p[0] in labels:
                sys.exit(f"{tsv}:{n}: duplicate id {p[0]}")
            labels[p[0]] = (LAB[p[1]], p[2], p[3].strip() if len(p) > 3 else "")
    rows = []
    with open(src, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            num = r["id"].split("-")[1]
            if num not in labels:
                sys.exit(f"no label for {r['id']}")
            lab, kind, note = labels.pop(num)
            rec = {k: r[k] for k in ("id", "session", "turn", "role", "text")}
            rec["label"], rec["kind"] = lab, kind
            if note:
                rec["note"] = note
            rows.append(rec)
    if labels:
        sys.exit(f"labels without items: {sorted(labels)}")
    with open(out, "w", encoding="utf-8") as f:
        for rec in rows:
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(f"{out}: {len(rows)} items")


if __name__ == "__main__":
    main()
