#!/usr/bin/python3
"""Sample a second chat-turn DEV set (issue 19), to be labelled by reading
(bench/testdata/chat_turns.md, "chat_turns_dev2.jsonl").

Same candidates, training-overlap removal, deduplication and strata as
training/chat_turns_sample.py (whose functions it imports), restricted to
sessions that have NO item in chat_turns_dev.jsonl or chat_turns_test.jsonl,
and to texts whose key (tz.norm_key, as is or with the placeholder
substitution) is in neither file. The existing files are only read for their
session ids and text keys, compared programmatically; no text is printed.

Writes OUT/chat_turns_dev2.unlabelled.jsonl. One command, fixed seed:
  /usr/bin/python3 training/chat_turns_sample_dev2.py --data-dir ../shared/datasets --out /tmp/chatturns2
"""

import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import chat_turns_sample as cs  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
EXISTING = [os.path.join(HERE, "..", "bench", "testdata", f"chat_turns_{p}.jsonl") for p in ("dev", "test")]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", default="../shared/datasets")
    ap.add_argument("--out", default="/tmp/chatturns2")
    ap.add_argument("--seed", type=int, default=1919)
    ap.add_argument("--want", default="card=35,closing=40,complaint=80,rest=120")
    args = ap.parse_args()
    stats = cs.sample_more(args.data_dir, args.out, args.seed, args.want, EXISTING, "dev2")
    print(json.dumps(stats, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
