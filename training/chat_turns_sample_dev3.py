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
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tz  # noqa: E402
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

    used_sess, used_keys = set(), set()
    for p in EXISTING:
        with open(p, encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                used_sess.add(r["session"])
                used_keys.add(tz.norm_key(r["text"]))
                used_keys.add(tz.norm_key(cs.substituted(r["text"])))

    keys, tstats = cs.training_keys(args.data_dir)
    turns = cs.load_turns(args.data_dir)
    stats = {"turns": len(turns), "existing_sessions": len(used_sess), "training_overlap_dropped": 0,
             "existing_session_dropped": 0, "existing_text_dropped": 0, "duplicate_dropped": 0, "too_short": 0}
    stats.update(tstats)
    kept = []
    for x in cs.unique_turns(turns, keys, stats):
        if x["session"] in used_sess:
            stats["existing_session_dropped"] += 1
            continue
        if tz.norm_key(x["text"]) in used_keys or tz.norm_key(cs.substituted(x["text"])) in used_keys:
            stats["existing_text_dropped"] += 1
            continue
        kept.append(x)
    stats["unique_kept"] = len(kept)
    stats["sessions_kept"] = len({x["session"] for x in kept})

    rng = random.Random(args.seed)
    want = {k: int(v) for k, v in (s.split("=") for s in args.want.split(","))}
    by = {}
    for x in kept:
        by.setdefault(cs.stratum(x["text"]), []).append(x)
    chosen = []
    for s in ("card", "closing", "complaint", "rest"):
        pool = by.get(s, [])
        n = min(want.get(s, 0), len(pool))
        stats[f"{s}_pool"], stats[f"{s}_sampled"] = len(pool), n
        chosen += [dict(x, stratum=s) for x in rng.sample(pool, n)]
    rng.shuffle(chosen)
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "chat_turns_dev3.unlabelled.jsonl"), "w", encoding="utf-8") as f:
        for j, x in enumerate(chosen):
            rec = {"id": f"dev3-{j:03d}", "session": x["session"], "turn": x["turn"], "role": x["role"], "text": x["text"], "stratum": x["stratum"]}
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(json.dumps(stats, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
