#!/usr/bin/python3
"""Sample the held-out chat-turn sets (issue 19): real JD customer-service
turns, to be labelled by reading (bench/testdata/chat_turns.md).

Writes two UNLABELLED files (label/kind are filled in by hand afterwards and
the labelled sets are committed as bench/testdata/chat_turns_{dev,test}.jsonl):
  OUT/chat_turns_dev.unlabelled.jsonl, OUT/chat_turns_test.unlabelled.jsonl

One command, fixed seed:
  /usr/bin/python3 training/chat_turns_sample.py --data-dir ../shared/datasets --out /tmp/chatturns

A further DEV part from the dev side of the same session split (--dev-side NAME; session 15's
chat_turns_dev4.jsonl, see chat_turns.md):
  /usr/bin/python3 training/chat_turns_sample.py --data-dir ../shared/datasets --out /tmp/chatturns4 \
      --dev-side dev4 --seed 20261504
draws, per stratum as --want says, from the turns of the dev side's sessions (step 4 with seed
19, whatever --seed is) whose key (as is or substituted) is the key of no text of any
bench/testdata/chat_turns_*.jsonl other than chat_turns_NAME.jsonl itself, nor of any
bench/testdata/handchecked_*.jsonl (those files are read in code for keys only), and writes
OUT/chat_turns_NAME.unlabelled.jsonl (ids NAME-000 ...). No test-side session can be drawn.

Steps:
 1. Turns: every customer turn (role 0) of dialog/jddc_chat_0.1per.txt and every
    customer line (context Q and <Qk>) of dialog/jddc_dev_question.txt, plus the
    agent-side product/order cards (agent lines carrying "[商品快照]", or a dev
    context answer starting with a SKU number) as role "system". Text is kept
    exactly as in the source; NULL and empty lines are skipped.
 2. Training overlap: sentiment-zh's neutral class was built from JDDC customer
    turns by training/train_sentiment.py. Its selection is reproduced here with
    its own functions (same defaults as models/sentiment-zh: seed 13, 4-40
    characters, ATEC cap 8000) and every turn whose tz.norm_key, of the text as
    is or with the script's placeholder substitution, equals the key of any kept
    neutral text (train, val or test split) or of any labelled polar text is
    dropped.
 3. One copy per normalised text (tz.norm_key): the first seen, in file order.
 4. Sessions are split at random (seed) into dev (1/3) and test (2/3), so no
    session is in both; texts are unique across both parts.
 5. Each part is sampled stratified by a rough surface guess (card-like,
    closing-like, complaint-like, rest), so that cards, closings and complaints
    are frequent enough to measure; the guess only drives sampling, the kinds
    written in the labelled files are read, not guessed.
"""

import argparse
import json
import os
import random
import re
import sys
import types

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tz  # noqa: E402
from tz import sentiment_data as sd  # noqa: E402  (sentiment-zh's splits; no torch)

CARD_RE = re.compile(r"订单编号[:：]|咨询订单号[:：]|订单金额[:：]|下单时间[:：]|商品快照|商品编号[:：]|用户发起转人工|顾客通过点击|您选择了一个订单进行咨询|^\s*\d{5,}\s")
CLOSING_RE = re.compile(r"谢谢|感谢|多谢|没了|没有了|没有啦|没有呢|没事|麻烦你|麻烦您|不好意思|好的|好滴|好嘞|好吧|再见|拜拜|辛苦|^(ok|OK|嗯+|恩+|行)[!！~。]*$")
COMPLAINT_RE = re.compile(r"投诉|太慢|差|坑|骗|垃圾|不行|破损|坏|生气|无语|怎么回事|什么情况|态度|一直|几天|到底|不满意|失望|假|少了|错了|不能用|没收到|还没|怎么还|为什么|退货|退款|催|烂|失误|不靠谱|耽误|浪费|气死|郁闷|麻烦死|差评|问题|故障|漏|晚|慢")

# The polite closings issue 19 names (normalised keys).
NAMED_CLOSINGS = {tz.norm_key(t) for t in ("没了", "没有啦😊", "没事，麻烦你了", "不好意思", "好的谢谢")}


def training_keys(data_dir, seed=13, neu_min=4, neu_max=40, atec_max=8000):
    """Keys (tz.norm_key) of every text sentiment-zh saw in its splits, reproducing
    train_sentiment.build_splits' selection with its own functions. Returns (keys, stats)."""
    items = sd.load_labelled(data_dir)
    groups, order = sd.group_labelled(items)
    rng = random.Random(seed)
    for _ in sd.polar_splits(groups, order, rng, "平板"):
        pass  # consumes the rng exactly as build_splits does
    recipe = types.SimpleNamespace(data_dir=data_dir, neu_min_chars=neu_min, neu_max_chars=neu_max, atec_max=atec_max)
    neu, stats, _ = sd.neutral_splits(recipe, groups, rng)  # build_splits' neutral selection itself
    keys = {tz.norm_key(t) for part in neu.values() for t, _ in part} | set(groups.keys())
    return keys, {"kept_jddc": stats["kept_jddc"], "kept_atec": stats["kept_atec"], "labelled_keys": len(groups)}


def substituted(t):
    for k, v in sd.PLACEHOLDER_SUB.items():
        t = t.replace(k, v)
    return t


def load_turns(data_dir):
    """All candidate turns in file order: dicts with session, turn, role, text, src."""
    out = []
    path = os.path.join(data_dir, "dialog/jddc_chat_0.1per.txt")
    idx = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            if len(p) < 7:
                continue
            sess = "chat:" + p[0]
            i = idx.get(sess, 0)
            idx[sess] = i + 1
            t = p[6]
            if not t.strip() or t.strip() == "NULL":
                continue
            if p[2] == "0":
                out.append({"session": sess, "turn": i, "role": "customer", "text": t})
            elif "[商品快照]" in t:
                out.append({"session": sess, "turn": i, "role": "system", "text": t})
    path = os.path.join(data_dir, "dialog/jddc_dev_question.txt")
    sess = None
    i = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            m = re.match(r"^<session (\S+)>$", line)
            if m:
                sess, i = "dev:" + m.group(1), 0
                continue
            if sess is None or line.startswith("</session") or line in ("<context>", "</context>"):
                continue
            if line.startswith("Q:\t") or line.startswith("A:\t"):
                t = line[3:]
                if line.startswith("Q:\t"):
                    if t.strip() and t.strip() != "NULL":
                        out.append({"session": sess, "turn": i, "role": "customer", "text": t})
                else:
                    first = t.split("<sep>")[0]
                    if re.match(r"^\s*\d{5,}\s", first) or "[商品快照]" in first:
                        out.append({"session": sess, "turn": i, "role": "system", "text": first})
                i += 1
                continue
            m = re.match(r"^<Q(\d+)>(.*)</Q\d+>$", line)
            if m:
                k = int(m.group(1))
                t = m.group(2)
                if t.strip() and t.strip() != "NULL":
                    # each <Qk> is followed by the agent's answer (jddc_dev_answer.txt line k)
                    out.append({"session": sess, "turn": i + 2 * (k - 1), "role": "customer", "text": t})
    return out


def unique_turns(turns, keys, stats):
    """The turns in order, less those whose key (tz.norm_key, as is or with the placeholder
    substitution) is a training key, empty keys and repeats of a kept key; stats counts
    training_overlap_dropped, too_short and duplicate_dropped."""
    seen = set()
    kept = []
    for x in turns:
        k = tz.norm_key(x["text"])
        if k in keys or tz.norm_key(substituted(x["text"])) in keys:
            stats["training_overlap_dropped"] += 1
            continue
        if len(k) < 1:
            stats["too_short"] += 1
            continue
        if k in seen:
            stats["duplicate_dropped"] += 1
            continue
        seen.add(k)
        kept.append(x)
    return kept


def stratum(t):
    if CARD_RE.search(t):
        return "card"
    k = tz.norm_key(t)
    if len(k) <= 14 and CLOSING_RE.search(t) and "?" not in t and "？" not in t and "吗" not in t:
        return "closing"
    if COMPLAINT_RE.search(t):
        return "complaint"
    return "rest"


def sample_more(data_dir, out, seed, want, existing, name):
    """Another set of turns (chat_turns_sample_dev2.py, _dev3.py): the candidates of
    unique_turns, less every turn of a session that has an item in one of the existing
    labelled files and every text whose key (tz.norm_key, as is or with the placeholder
    substitution) is one of theirs (the files are only read for session ids and keys), drawn
    per stratum as want says ("card=N,closing=N,complaint=N,rest=N"; seeded). Writes
    OUT/chat_turns_<name>.unlabelled.jsonl (ids <name>-000 …) and returns the stats."""
    used_sess, used_keys = set(), set()
    for p in existing:
        with open(p, encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                used_sess.add(r["session"])
                used_keys.add(tz.norm_key(r["text"]))
                used_keys.add(tz.norm_key(substituted(r["text"])))

    keys, tstats = training_keys(data_dir)
    turns = load_turns(data_dir)
    stats = {"turns": len(turns), "existing_sessions": len(used_sess), "training_overlap_dropped": 0,
             "existing_session_dropped": 0, "existing_text_dropped": 0, "duplicate_dropped": 0, "too_short": 0}
    stats.update(tstats)
    kept = []
    for x in unique_turns(turns, keys, stats):
        if x["session"] in used_sess:
            stats["existing_session_dropped"] += 1
            continue
        if tz.norm_key(x["text"]) in used_keys or tz.norm_key(substituted(x["text"])) in used_keys:
            stats["existing_text_dropped"] += 1
            continue
        kept.append(x)
    stats["unique_kept"] = len(kept)
    stats["sessions_kept"] = len({x["session"] for x in kept})

    rng = random.Random(seed)
    want = {k: int(v) for k, v in (s.split("=") for s in want.split(","))}
    by = {}
    for x in kept:
        by.setdefault(stratum(x["text"]), []).append(x)
    chosen = []
    for s in ("card", "closing", "complaint", "rest"):
        pool = by.get(s, [])
        n = min(want.get(s, 0), len(pool))
        stats[f"{s}_pool"], stats[f"{s}_sampled"] = len(pool), n
        chosen += [dict(x, stratum=s) for x in rng.sample(pool, n)]
    rng.shuffle(chosen)
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, f"chat_turns_{name}.unlabelled.jsonl"), "w", encoding="utf-8") as f:
        for j, x in enumerate(chosen):
            rec = {"id": f"{name}-{j:03d}", "session": x["session"], "turn": x["turn"], "role": x["role"], "text": x["text"], "stratum": x["stratum"]}
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return stats


SPLIT_SEED = 19  # the seed of the dev/test session split (step 4) that chat_turns_{dev,test} used


def split_sessions(kept, seed=SPLIT_SEED):
    """The dev side's session ids of step 4's split (a third of the shuffled sessions)."""
    rng = random.Random(seed)
    sessions = sorted({x["session"] for x in kept})
    rng.shuffle(sessions)
    return set(sessions[: len(sessions) // 3]), rng


def file_keys(paths):
    """Session ids and text keys (tz.norm_key, as is and substituted) of JSONL files with "text"."""
    sess, keys = set(), set()
    for p in paths:
        with open(p, encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                r = json.loads(line)
                if "session" in r:
                    sess.add(r["session"])
                keys.add(tz.norm_key(r["text"]))
                keys.add(tz.norm_key(substituted(r["text"])))
    return sess, keys


def sample_dev_side(data_dir, out, seed, want, name):
    """A further DEV part NAME drawn only from the dev side's sessions of step 4's split (see the
    module doc); returns the stats. The test file's sessions are checked to be on the test side."""
    import glob
    td = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bench", "testdata")
    chat = sorted(p for p in glob.glob(os.path.join(td, "chat_turns_*.jsonl")) if os.path.basename(p) != f"chat_turns_{name}.jsonl")
    hand = sorted(glob.glob(os.path.join(td, "handchecked_*.jsonl")))
    _, used_keys = file_keys(chat + hand)
    test_sess, _ = file_keys([os.path.join(td, "chat_turns_test.jsonl")])
    keys, tstats = training_keys(data_dir)
    turns = load_turns(data_dir)
    stats = {"turns": len(turns), "training_overlap_dropped": 0, "duplicate_dropped": 0, "too_short": 0}
    stats.update(tstats)
    kept = unique_turns(turns, keys, stats)
    dev_sess, _ = split_sessions(kept)
    if dev_sess & test_sess:
        raise SystemExit(f"{len(dev_sess & test_sess)} sessions of chat_turns_test.jsonl on the dev side")
    stats["dev_side_sessions"] = len(dev_sess)
    stats["existing_files"] = [os.path.basename(p) for p in chat + hand]
    pool = []
    for x in kept:
        if x["session"] not in dev_sess:
            stats["test_side_dropped"] = stats.get("test_side_dropped", 0) + 1
        elif tz.norm_key(x["text"]) in used_keys or tz.norm_key(substituted(x["text"])) in used_keys:
            stats["existing_text_dropped"] = stats.get("existing_text_dropped", 0) + 1
        else:
            pool.append(x)
    stats["pool"] = len(pool)
    rng = random.Random(seed)
    want = {k: int(v) for k, v in (s.split("=") for s in want.split(","))}
    by = {}
    for x in pool:
        by.setdefault(stratum(x["text"]), []).append(x)
    chosen = []
    for s in ("card", "closing", "complaint", "rest"):
        p = by.get(s, [])
        n = min(want.get(s, 0), len(p))
        stats[f"{s}_pool"], stats[f"{s}_sampled"] = len(p), n
        chosen += [dict(x, stratum=s) for x in rng.sample(p, n)]
    rng.shuffle(chosen)
    assert not {x["session"] for x in chosen} & test_sess
    stats["sessions_drawn"] = len({x["session"] for x in chosen})
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, f"chat_turns_{name}.unlabelled.jsonl"), "w", encoding="utf-8") as f:
        for j, x in enumerate(chosen):
            rec = {"id": f"{name}-{j:03d}", "session": x["session"], "turn": x["turn"], "role": x["role"], "text": x["text"], "stratum": x["stratum"]}
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return stats


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", default="../shared/datasets")
    ap.add_argument("--out", default="/tmp/chatturns")
    ap.add_argument("--seed", type=int, default=19)
    ap.add_argument("--dev", default="card=30,closing=30,complaint=60,rest=100")
    ap.add_argument("--test", default="card=1000,closing=60,complaint=120,rest=160")
    ap.add_argument("--dev-side", metavar="NAME", help="draw only a further dev part NAME from the dev side's sessions (module doc)")
    ap.add_argument("--want", default="card=60,closing=80,complaint=120,rest=190", help="strata for --dev-side")
    args = ap.parse_args()
    if args.dev_side:
        print(json.dumps(sample_dev_side(args.data_dir, args.out, args.seed, args.want, args.dev_side), ensure_ascii=False, indent=1))
        return

    keys, tstats = training_keys(args.data_dir)
    turns = load_turns(args.data_dir)
    stats = {"turns": len(turns), "training_overlap_dropped": 0, "duplicate_dropped": 0, "too_short": 0}
    stats.update(tstats)
    kept = unique_turns(turns, keys, stats)
    stats["unique_kept"] = len(kept)

    rng = random.Random(args.seed)
    sessions = sorted({x["session"] for x in kept})
    rng.shuffle(sessions)
    dev_sess = set(sessions[: len(sessions) // 3])
    parts = {"dev": [x for x in kept if x["session"] in dev_sess], "test": [x for x in kept if x["session"] not in dev_sess]}
    os.makedirs(args.out, exist_ok=True)
    for name, spec in (("dev", args.dev), ("test", args.test)):
        want = {k: int(v) for k, v in (s.split("=") for s in spec.split(","))}
        by = {}
        for x in parts[name]:
            by.setdefault(stratum(x["text"]), []).append(x)
        chosen = []
        for s in ("card", "closing", "complaint", "rest"):
            pool = by.get(s, [])
            n = min(want.get(s, 0), len(pool))
            stats[f"{name}_{s}_pool"] = len(pool)
            stats[f"{name}_{s}_sampled"] = n
            for x in rng.sample(pool, n):
                chosen.append(dict(x, stratum=s))
        rng.shuffle(chosen)
        # The closings issue 19 names are always in (their one deduplicated copy, in
        # whichever part its session fell); appended after the random draw, so adding
        # them changed no other item.
        have = {tz.norm_key(x["text"]) for x in chosen}
        for x in parts[name]:
            k = tz.norm_key(x["text"])
            if k in NAMED_CLOSINGS and k not in have:
                chosen.append(dict(x, stratum="named"))
                stats[f"{name}_named_added"] = stats.get(f"{name}_named_added", 0) + 1
        with open(os.path.join(args.out, f"chat_turns_{name}.unlabelled.jsonl"), "w", encoding="utf-8") as f:
            for j, x in enumerate(chosen):
                rec = {"id": f"{name}-{j:03d}", "session": x["session"], "turn": x["turn"], "role": x["role"], "text": x["text"], "stratum": x["stratum"]}
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")
        stats[f"{name}_sessions"] = len({x["session"] for x in parts[name]})
    print(json.dumps(stats, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
