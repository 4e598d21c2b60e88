"""Multi-domain training data for aspect-zh (training/train_aspect.py --multi).

Sources, their splits and what each labels (partial labels are masked, never invented):

* ASTE (aste_chinese_zhang.train.txt, restaurants): full triplets. Validation = sentences
  whose sha1('aste:' + norm_key) bucket < 5 (the carve training/train_polarity.py uses).
  The ASTE dev file is never read here (it is the reported split).
* APC (apc_*.train.txt: camera, car, hair, mooc, notebook, phone): aspect term + polarity,
  no opinion span. Split exactly as polarity-zh (tz.apc_split, training/tz/splits.py):
  sha1('apc:' + norm_key(sentence)) bucket < 15 = held-out TEST (never read for training
  or choosing; bench.APCBucket), 15-24 = validation, the rest = train. Items of one
  sentence are merged: every named term is tagged B/I, the rest of the sentence O; the
  opinion tags are masked; the pair grid is masked except a multiple-instance term: in the
  term's row, the column the model itself finds most related (lowest p(none)) is trained
  towards the gold polarity (the opinion's position is unknown, so none is invented).
* zhijiang2019 makeup (cosmetics e-commerce): full quadruples (aspect or implicit,
  opinion, polarity). Validation = sha1('zhijiang:' + norm_key) bucket < 10.
* COQE Car/Ele (comparative sentences, cars and electronics): aspect and opinion spans of
  comparative sentences (is_comparative = 1, at least one quintuple with an aspect); the
  preference is not a sentiment polarity, so the pair grid is masked. Train file for
  training, the set's own dev file for validation; its test file is not read.
* silverspan (training/data/silverspan_*.jsonl, session 13: e-commerce and food-delivery
  reviews of the silver rounds, labelled by reading): full triplets written as strings,
  {"id","text","triplets":[{"aspect","opinion","polarity"[,"aspect_at","opinion_at","wish"]}]}
  (aspect "" = implicit; *_at = the character offset of the substring when given, otherwise
  its first occurrence, as the labellers wrote them). Character spans become model
  token spans with encode_chars (the tokenizer the other sets use). A wish triplet (希望…,
  an itch) keeps its aspect and opinion tags but its pair cell is masked: the sets disagree
  on which polarity a wish is, so none is taught, and its cell is not scored in validation.
  A triplet whose span cannot be found, or whose span overlaps a different span of the same
  head, is dropped (counted); an opinion "" tags the aspect only. Validation = sha1(
  'silverspan:' + norm_key) bucket < 10. Texts with no triplet stay (all O, pair none).

Not used: COTE (one opinion target per sentence, mostly a named entity: a shop, a place,
a person; the other aspects of the sentence are unlabelled) and CFSC (finance news: the
terms are company and place names). Both would teach the aspect head named entities,
which are not the product and service aspects analyze's mentions are.

Any training sentence whose norm_key is in the APC validation or test part is dropped.
"""

import csv
import glob
import json
import os
import random

import aste_data as A
import tz

_POL_ZH = {"正面": "positive", "中性": "neutral", "负面": "negative"}


def char_tokens(text):
    """Split raw text into pre-tokens the way BasicTokenizer would cut it (CJK and
    punctuation one per character, runs of other characters together) and return
    (tokens, char_to_token) where char_to_token[i] is the token index of character i
    (-1 for whitespace)."""
    toks, c2t = [], []
    cur = ""
    for ch in text:
        cp = ord(ch)
        if tz.tokenizer.is_whitespace(ch) or cp == 0 or cp == 0xFFFD or tz.tokenizer.is_control(ch):
            if cur:
                toks.append(cur)
                cur = ""
            c2t.append(-1)
        elif tz.tokenizer.is_chinese_char(cp) or tz.tokenizer.is_punctuation(ch):
            if cur:
                toks.append(cur)
                cur = ""
            c2t.append(len(toks))
            toks.append(ch)
        else:
            c2t.append(len(toks))
            cur += ch
    if cur:
        toks.append(cur)
    return toks, c2t


def encode_chars(tok, text, max_len):
    """ids ([CLS] … [SEP]) of text and a function (char start, char end) -> model span
    (exclusive end) or None when the span falls outside the kept pieces."""
    toks, c2t = char_tokens(text)
    pieces, spans = tok.encode_tokens(toks)
    pieces = pieces[: max_len - 2]
    n = len(pieces)

    def m(cs, ce):
        if cs < 0 or ce > len(c2t) or ce <= cs:
            return None
        ts = [c2t[i] for i in range(cs, ce) if c2t[i] >= 0]
        if not ts:
            return None
        ps, pe = spans[ts[0]][0], spans[ts[-1]][1]
        if pe <= ps or pe > n:
            return None
        return ps + 1, pe + 1

    return [tok.cls] + pieces + [tok.sep], m


def load_apc_grouped(absa, tok, max_len):
    """{split: [example]} of the APC files, one example per sentence with all its terms.
    Example: ids, text, domain, aspects [(s, e, polarity)], mask_opinion, mil."""
    out = {"train": [], "val": []}
    for f in sorted(glob.glob(os.path.join(absa, "apc_*.train.txt"))):
        dom = os.path.basename(f)[4:-10]
        by_text = {}
        for ex in A.load_apc(f, tok, max_len):
            sp = tz.apc_split(ex["text"])
            if sp == "test":
                continue
            g = by_text.setdefault(ex["text"], {"ids": ex["ids"], "text": ex["text"], "domain": "apc_" + dom,
                                                 "split": sp, "aspects": {}})
            if g["ids"] != ex["ids"]:
                continue  # same text tokenised differently (should not happen)
            g["aspects"].setdefault(ex["aspect"], set()).add(ex["polarity"])
        for g in by_text.values():
            asp = []
            for (s, e), ps in sorted(g["aspects"].items()):
                asp.append((s, e, next(iter(ps)) if len(ps) == 1 else None))
            # overlapping terms: keep the first (longest-first would need a rule; rare)
            kept, last = [], 0
            for s, e, p in asp:
                if s >= last:
                    kept.append((s, e, p))
                    last = e
            out[g["split"]].append({"ids": g["ids"], "text": g["text"], "domain": g["domain"], "triplets": [],
                                    "aspects": kept, "mask_opinion": True,
                                    "mil": [(s, p) for s, e, p in kept if p is not None]})
    return out


def load_zhijiang(root, tok, max_len):
    reviews = {}
    with open(os.path.join(root, "Train_reviews.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            reviews[row["id"]] = row["Reviews"]
    labels = {}
    with open(os.path.join(root, "Train_labels.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            labels.setdefault(row["id"], []).append(row)
    out = []
    skipped = 0
    for rid, text in reviews.items():
        ids, m = encode_chars(tok, text, max_len)
        trips, asp = set(), set()
        bad = False
        for r in labels.get(rid, []):
            pol = _POL_ZH.get(r["Polarities"].strip())
            a = None
            if r["AspectTerms"].strip() != "_":
                try:
                    a = m(int(r["A_start"]), int(r["A_end"]))
                except ValueError:
                    a = None
                if a is None or text[int(r["A_start"]):int(r["A_end"])] != r["AspectTerms"]:
                    bad = True
                    continue
                asp.add(a)
            if r["OpinionTerms"].strip() == "_":
                continue  # an aspect with no opinion: tagged as an aspect only
            try:
                o = m(int(r["O_start"]), int(r["O_end"]))
            except ValueError:
                o = None
            if o is None or pol is None or text[int(r["O_start"]):int(r["O_end"])] != r["OpinionTerms"]:
                bad = True
                continue
            trips.add((a[0] if a else -1, a[1] if a else -1, o[0], o[1], pol))
        if bad:
            skipped += 1
            continue
        out.append({"ids": ids, "text": text, "domain": "zhijiang_makeup", "triplets": sorted(trips),
                    "aspects": sorted((s, e, None) for s, e in asp if not any(t[0] == s for t in trips))})
    return out, skipped


def _coqe_span(field):
    """'5&幸 6&福' -> (char start, char end exclusive, text) or None."""
    field = field.strip()
    if not field:
        return None
    idx, chars = [], []
    for part in field.split(" "):
        if "&" not in part:
            return None
        i, c = part.split("&", 1)
        idx.append(int(i))
        chars.append(c)
    return min(idx), max(idx) + 1, "".join(chars)


def load_coqe(path, tok, max_len, domain):
    out, skipped = [], 0
    with open(path, encoding="utf-8") as f:
        lines = [l.rstrip("\n") for l in f]
    i = 0
    while i < len(lines):
        if "\t" not in lines[i]:
            i += 1
            continue
        text, comp = lines[i].rsplit("\t", 1)
        i += 1
        quints = []
        while i < len(lines) and lines[i].startswith("[["):
            quints.append(lines[i])
            i += 1
        if comp.strip() != "1":
            continue
        ids, m = encode_chars(tok, text, max_len)
        asp, ops, bad = set(), set(), False
        for q in quints:
            parts = q[2:-2].split("];[")
            if len(parts) != 5:
                bad = True
                break
            for k, dst in ((2, asp), (3, ops)):
                sp = _coqe_span(parts[k])
                if sp is None:
                    continue
                s, e, txt = sp
                if text[s:e].replace(" ", "") != txt.replace(" ", "") or m(s, e) is None:
                    bad = True
                    continue
                dst.add(m(s, e))
        if bad or not asp:
            skipped += bad
            continue
        out.append({"ids": ids, "text": text, "domain": domain, "triplets": [],
                    "aspects": sorted((s, e, None) for s, e in _nonoverlap(asp)),
                    "opinions": sorted(_nonoverlap(ops)), "mask_pair": True})
    return out, skipped


_POL_ANY = {"negative": "negative", "neutral": "neutral", "positive": "positive",
            "NEG": "negative", "NEU": "neutral", "POS": "positive", **_POL_ZH}


def _at(text, sub, at):
    """at as an int when sub really starts there, else None."""
    if at is None or isinstance(at, bool):
        return None
    try:
        at = int(at)
    except (TypeError, ValueError):
        return None
    return at if at >= 0 and text[at:at + len(sub)] == sub else None


def _locate(text, asp, a_at, op, o_at):
    """(aspect char start, opinion char start) of one triplet: the given offset when the
    substring really starts there, otherwise its first occurrence (the labellers' convention:
    an offset is written only where the first occurrence is not the one meant; training/data/
    README.md). None for "" or not found."""
    ac = _at(text, asp, a_at) if asp else None
    oc = _at(text, op, o_at) if op else None
    if asp and ac is None:
        ac = text.find(asp)
        ac = ac if ac >= 0 else None
    if op and oc is None:
        oc = text.find(op)
        oc = oc if oc >= 0 else None
    return ac, oc


def clause_ends(tok, ids):
    """For each position of ids ([CLS] … [SEP]), the position of the next clause break at or
    after it: a punctuation token or [SEP]."""
    inv = getattr(tok, "_inv_vocab", None)
    if inv is None:
        inv = {v: k for k, v in tok.vocab.items()}
        tok._inv_vocab = inv
    n = len(ids)
    out = [n - 1] * n
    nxt = n - 1
    for i in range(n - 1, -1, -1):
        t = inv.get(ids[i], "")
        if i == n - 1 or (len(t) == 1 and tz.tokenizer.is_punctuation(t)):
            nxt = i
        out[i] = nxt
    return out


def opinion_tails(tok, ex):
    """(end, clause break) per opinion span of ex that stops before its clause does: the
    positions where ASTE's convention (an opinion runs to the end of its clause) and a shorter
    span disagree. training/train_aspect.py masks them with --silverspan-opinion-tail mask."""
    ce = clause_ends(tok, ex["ids"])
    spans = {(t[2], t[3]) for t in ex["triplets"]} | set(ex.get("opinions", []))
    return sorted((e, ce[e]) for s, e in spans if e < len(ex["ids"]) and ce[e] > e)


def silverspan_example(line, tok, max_len, domain):
    """One silverspan line -> (example, {dropped reason: count}). Example as the other sets:
    ids, text, domain, triplets [(as, ae, os, oe, pol)] (model positions, aspect (-1, -1) =
    implicit), aspects [(s, e, None)] named without an opinion, opinions [(s, e)] of wish
    pairs, mask_cells [(row, col)] (pair cells never taught: wish pairs)."""
    text = line["text"]
    ids, m = encode_chars(tok, text, max_len)
    dropped = {}

    def drop(why):
        dropped[why] = dropped.get(why, 0) + 1

    a_spans, o_spans = set(), set()

    def fits(sp, spans):
        return all(sp == x or x[1] <= sp[0] or sp[1] <= x[0] for x in spans)

    trips, bare, wish_ops, masks = set(), set(), set(), set()
    for t in line.get("triplets") or []:
        if not isinstance(t, dict):
            drop("bad_triplet")
            continue
        asp, op = (t.get("aspect") or ""), (t.get("opinion") or "")
        if not isinstance(asp, str) or not isinstance(op, str):
            drop("bad_triplet")
            continue
        pol = _POL_ANY.get(str(t.get("polarity", "")).strip())
        wish = bool(t.get("wish"))
        if not asp and not op:
            drop("empty")
            continue
        if op and pol is None and not wish:
            drop("polarity")
            continue
        ac, oc = _locate(text, asp, t.get("aspect_at"), op, t.get("opinion_at"))
        if asp and ac is None:
            drop("aspect_not_found")
            continue
        if op and oc is None:
            drop("opinion_not_found")
            continue
        a = m(ac, ac + len(asp)) if asp else (-1, -1)
        o = m(oc, oc + len(op)) if op else None
        if a is None or (op and o is None):
            drop("outside_max_len")
            continue
        if asp and not fits(a, a_spans):
            drop("overlap")
            continue
        if o is not None and not fits(o, o_spans):
            drop("overlap")
            continue
        if asp:
            a_spans.add(a)
        if o is None:
            bare.add(a)
            continue
        o_spans.add(o)
        if wish:
            wish_ops.add(o)
            masks.add((max(a[0], 0), o[0]))
            if asp:
                bare.add(a)
            continue
        trips.add((a[0], a[1], o[0], o[1], pol))
    starts = {x[0] for x in trips}
    ex = {"ids": ids, "text": text, "domain": domain, "triplets": sorted(trips),
          "aspects": sorted((s, e, None) for s, e in bare if s not in starts),
          "opinions": sorted(wish_ops), "mask_cells": sorted(masks)}
    ex["opinion_tails"] = opinion_tails(tok, ex)
    return ex, dropped


def load_silverspan(paths, tok, max_len):
    """Examples of every silverspan file (domain silverspan_<file suffix>) and the counts of
    dropped triplets and unreadable lines."""
    out, counts = [], {"lines": 0, "bad_lines": 0, "triplets": 0, "wish_masked": 0}
    for path in paths:
        dom = os.path.basename(path)[len("silverspan_"):-len(".jsonl")] if os.path.basename(path).startswith("silverspan_") else os.path.basename(path)
        with open(path, encoding="utf-8") as f:
            for raw in f:
                raw = raw.strip()
                if not raw:
                    continue
                try:
                    line = json.loads(raw)
                    text = line["text"]
                    if not isinstance(text, str) or not text:
                        raise ValueError("no text")
                    if not isinstance(line.get("triplets") or [], list):
                        raise ValueError("triplets not a list")
                except (ValueError, KeyError, TypeError):
                    counts["bad_lines"] += 1
                    continue
                counts["lines"] += 1
                ex, dropped = silverspan_example(line, tok, max_len, "silverspan_" + dom)
                for k, v in dropped.items():
                    counts["dropped_" + k] = counts.get("dropped_" + k, 0) + v
                counts["triplets"] += len(ex["triplets"])
                counts["wish_masked"] += len(ex["mask_cells"])
                out.append(ex)
    return out, counts


def _nonoverlap(spans):
    kept, last = [], 0
    for s, e in sorted(spans):
        if s >= last:
            kept.append((s, e))
            last = e
    return kept


def build(data_dir, tok, max_len, use=("aste", "apc", "zhijiang", "coqe"), silverspan=()):
    """Returns (train examples, {val set name: examples}, counts). silverspan: the paths of
    the silverspan files (used when "silverspan" is in use)."""
    absa = os.path.join(data_dir, "aspect", "absadatasets_zh")
    apc = load_apc_grouped(absa, tok, max_len)
    # APC val/test keys: no training sentence from any source may be one of them.
    held = set()
    for f in sorted(glob.glob(os.path.join(absa, "apc_*.train.txt"))):
        for ex in A.load_apc(f, tok, max_len):
            if tz.apc_split(ex["text"]) != "train":
                held.add(tz.norm_key(ex["text"]))
    train, val, counts = [], {}, {}

    def add(name, exs, salt=None, bucket=0, val_exs=None):
        tr, va, dropped = [], [], 0
        for ex in exs:
            k = tz.norm_key(ex["text"])
            if k in held:
                dropped += 1
                continue
            if salt is not None and tz.hbucket(k, salt) < bucket:
                va.append(ex)
            else:
                tr.append(ex)
        if val_exs is not None:
            va = val_exs
        train.extend(tr)
        val[name] = va
        counts[name] = {"train": len(tr), "val": len(va), "dropped_apc_heldout": dropped}

    if "aste" in use:
        aste = A.load_aste(os.path.join(absa, "aste_chinese_zhang.train.txt"), tok, max_len)
        for ex in aste:
            ex["domain"] = "aste"
        add("aste", aste, "aste:", 5)
    if "apc" in use:
        add("apc", apc["train"], val_exs=apc["val"])
    extra = os.path.join(data_dir, "extra")
    if "zhijiang" in use:
        zj, sk = load_zhijiang(os.path.join(extra, "zhijiang2019_makeup_absa"), tok, max_len)
        add("zhijiang", zj, "zhijiang:", 10)
        counts["zhijiang"]["skipped_misaligned"] = sk
    if "coqe" in use:
        tr, va = [], []
        for dom in ("Car", "Ele"):
            t, _ = load_coqe(os.path.join(extra, "coqe_car_ele_cn", f"{dom}-COQE_train.txt"), tok, max_len, "coqe_" + dom.lower())
            v, _ = load_coqe(os.path.join(extra, "coqe_car_ele_cn", f"{dom}-COQE_dev.txt"), tok, max_len, "coqe_" + dom.lower())
            tr += t
            va += v
        add("coqe", tr, val_exs=va)
    if "silverspan" in use:
        ss, sc = load_silverspan(silverspan, tok, max_len)
        add("silverspan", ss, "silverspan:", 10)
        counts["silverspan"].update(sc)
        counts["silverspan"]["files"] = [os.path.basename(p) for p in silverspan]
    return train, val, counts


def shuffle_seeded(xs, seed):
    random.Random(seed).shuffle(xs)
    return xs
