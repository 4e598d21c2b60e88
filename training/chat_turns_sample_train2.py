#!/usr/bin/python3
"""Sample more labelled chat turns to TRAIN on (issue 19, session 11): sentiment-chat v3's
second training file, bench/testdata/chat_turns_train2.jsonl (see chat_turns.md).

Same candidates, training-overlap removal, deduplication and strata as
training/chat_turns_sample.py (whose functions it imports). Dropped:
  * every turn of a session that has an item in chat_turns_test.jsonl (held out) or
    chat_turns_dev3.jsonl (the validation set), so no conversation is shared with them;
  * every text whose key (tz.norm_key, as is or with the placeholder substitution) is the key
    of any text of chat_turns_test.jsonl, chat_turns_dev.jsonl, chat_turns_dev2.jsonl,
    chat_turns_dev3.jsonl or chat_turns_adapt_train.jsonl.
Sessions of dev and dev2 (already training data of sentiment-chat v2) may be drawn from.
The existing files are only read for their session ids and text keys, compared in code;
no text of them is printed. Strata as dev's (card-like, closing-like, complaint-like, rest):
every card-like and complaint-like line left, then closing-like and rest.

Writes OUT/chat_turns_train2.unlabelled.jsonl (ids train2-000 ...; 540 items, of which 13 were later
dropped from the labelled file for sharing a text with handchecked_val.jsonl). One command, fixed seed:
  /usr/bin/python3 training/chat_turns_sample_train2.py --data-dir ../shared/datasets --out /tmp/chatturns_t2
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
TD = os.path.join(HERE, "..", "bench", "testdata")
HELD_SESSIONS = [os.path.join(TD, f"chat_turns_{p}.jsonl") for p in ("test", "dev3")]
KEYS_FROM = [os.path.join(TD, f"chat_turns_{p}.jsonl") for p in ("test", "dev", "dev2", "dev3", "adapt_train")]


def read_used(paths, sessions):
    """Session ids (when sessions) and text keys of the given files."""
    sess, keys = set(), set()
    for p in paths:
        with open(p, encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                r = json.loads(line)
                if sessions:
                    sess.add(r["session"])
                keys.add(tz.norm_key(r["text"]))
                keys.add(tz.norm_key(cs.substituted(r["text"])))
    return sess, keys


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", default="../shared/datasets")
    ap.add_argument("--out", default="/tmp/chatturns_t2")
    ap.add_argument("--seed", type=int, default=20261203)
    ap.add_argument("--want", default="card=1000,closing=100,complaint=1000,rest=376")
    args = ap.parse_args()

    held_sess, _ = read_used(HELD_SESSIONS, True)
    _, used_keys = read_used(KEYS_FROM, False)
    keys, tstats = cs.training_keys(args.data_dir)
    turns = cs.load_turns(args.data_dir)
    stats = {"turns": len(turns), "held_sessions": len(held_sess), "training_overlap_dropped": 0,
             "held_session_dropped": 0, "existing_text_dropped": 0, "duplicate_dropped": 0, "too_short": 0}
    stats.update(tstats)
    kept = []
    for x in cs.unique_turns(turns, keys, stats):
        if tz.norm_key(x["text"]) in used_keys or tz.norm_key(cs.substituted(x["text"])) in used_keys:
            stats["existing_text_dropped"] += 1
            continue
        if x["session"] in held_sess:
            stats["held_session_dropped"] += 1
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
    stats["sessions_sampled"] = len({x["session"] for x in chosen})
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "chat_turns_train2.unlabelled.jsonl"), "w", encoding="utf-8") as f:
        for j, x in enumerate(chosen):
            rec = {"id": f"train2-{j:03d}", "session": x["session"], "turn": x["turn"], "role": x["role"], "text": x["text"], "stratum": x["stratum"]}
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(json.dumps(stats, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
