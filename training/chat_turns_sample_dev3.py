#!/usr/bin/python3
"""Sample a third chat-turn DEV set, rich in complaints (issue 19), to be labelled by reading
(bench/testdata/chat_turns.md, "chat_turns_dev3.jsonl").

Same candidates, training-overlap removal, deduplication and strata as
training/chat_turns_sample.py (whose functions it imports), restricted to
sessions that have NO item in chat_turns_dev.jsonl, chat_turns_dev2.jsonl or
chat_turns_test.jsonl, and to texts whose key (tz.norm_key, as is or with the
placeholder substitution) is in none of them. Every complaint-like line left (20)
is drawn; the rest of the 200 are closing-like (20) and the rest stratum (160),
where calm complaints without the sampler's words hide. The existing files are only read for their
session ids and text keys, compared programmatically; no text is printed.

Writes OUT/chat_turns_dev3.unlabelled.jsonl. One command, fixed seed:
  /usr/bin/python3 training/chat_turns_sample_dev3.py --data-dir ../shared/datasets --out /tmp/chatturns3
"""

import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import chat_turns_sample as cs  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
EXISTING = [os.path.join(HERE, "..", "bench", "testdata", f"chat_turns_{p}.jsonl") for p in ("dev", "dev2", "test")]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", default="../shared/datasets")
    ap.add_argument("--out", default="/tmp/chatturns3")
    ap.add_argument("--seed", type=int, default=2929)
    ap.add_argument("--want", default="card=35,closing=20,complaint=140,rest=160")
    args = ap.parse_args()
    stats = cs.sample_more(args.data_dir, args.out, args.seed, args.want, EXISTING, "dev3")
    print(json.dumps(stats, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
