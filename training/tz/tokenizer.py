"""BertTokenizer: a faithful pure-Python port of BERT's BasicTokenizer + WordpieceTokenizer
(google-research/bert tokenization.py, as used by HF `BertTokenizer` with do_lower_case=True,
tokenize_chinese_chars=True), driven by vocab.txt. The Go engine's tokenizer
(engine/tokenize) gives the same ids; every shipped model's reference.jsonl checks it.

Standard library only (no torch): sampling and checking scripts use it too.
"""

import unicodedata

# ---------------------------------------------------------------------------
# Tokenizer (port of google-research/bert tokenization.py, uncased). The character classes are
# public: aspect_multi.py cuts raw text into tokens with them.
# ---------------------------------------------------------------------------


def is_whitespace(ch):
    if ch in (" ", "\t", "\n", "\r"):
        return True
    return unicodedata.category(ch) == "Zs"


def is_control(ch):
    if ch in ("\t", "\n", "\r"):
        return False
    return unicodedata.category(ch) in ("Cc", "Cf")


def is_punctuation(ch):
    cp = ord(ch)
    if (33 <= cp <= 47) or (58 <= cp <= 64) or (91 <= cp <= 96) or (123 <= cp <= 126):
        return True
    return unicodedata.category(ch).startswith("P")


def is_chinese_char(cp):
    return (
        (0x4E00 <= cp <= 0x9FFF)
        or (0x3400 <= cp <= 0x4DBF)
        or (0x20000 <= cp <= 0x2A6DF)
        or (0x2A700 <= cp <= 0x2B73F)
        or (0x2B740 <= cp <= 0x2B81F)
        or (0x2B820 <= cp <= 0x2CEAF)
        or (0xF900 <= cp <= 0xFAFF)
        or (0x2F800 <= cp <= 0x2FA1F)
    )


class BertTokenizer:
    """BERT uncased tokenizer: BasicTokenizer (clean, CJK split, lowercase,
    strip accents, punctuation split) then greedy longest-match WordPiece."""

    def __init__(self, vocab_path, max_input_chars_per_word=100):
        self.vocab = {}
        with open(vocab_path, encoding="utf-8") as f:
            for i, line in enumerate(f):
                tok = line.rstrip("\n")
                if tok not in self.vocab:
                    self.vocab[tok] = i
        self.unk_id = self.vocab["[UNK]"]
        self.cls_id = self.vocab["[CLS]"]
        self.sep_id = self.vocab["[SEP]"]
        self.pad_id = self.vocab["[PAD]"]
        self.max_chars = max_input_chars_per_word
        self._wp_cache = {}

    # --- basic tokenizer ---
    @staticmethod
    def _clean_text(text):
        out = []
        for ch in text:
            cp = ord(ch)
            if cp == 0 or cp == 0xFFFD or is_control(ch):
                continue
            out.append(" " if is_whitespace(ch) else ch)
        return "".join(out)

    @staticmethod
    def _tokenize_chinese_chars(text):
        out = []
        for ch in text:
            if is_chinese_char(ord(ch)):
                out.extend((" ", ch, " "))
            else:
                out.append(ch)
        return "".join(out)

    @staticmethod
    def _strip_accents(text):
        text = unicodedata.normalize("NFD", text)
        return "".join(ch for ch in text if unicodedata.category(ch) != "Mn")

    @staticmethod
    def _split_on_punc(text):
        out, cur = [], []
        for ch in text:
            if is_punctuation(ch):
                if cur:
                    out.append("".join(cur))
                    cur = []
                out.append(ch)
            else:
                cur.append(ch)
        if cur:
            out.append("".join(cur))
        return out

    def basic_tokenize(self, text):
        text = self._clean_text(text)
        text = self._tokenize_chinese_chars(text)
        split = []
        for tok in text.strip().split():
            tok = self._strip_accents(tok.lower())
            split.extend(self._split_on_punc(tok))
        return " ".join(split).split()

    # --- wordpiece ---
    def _wordpiece(self, token):
        hit = self._wp_cache.get(token)
        if hit is not None:
            return hit
        chars = list(token)
        if len(chars) > self.max_chars:
            res = [self.unk_id]
        else:
            res = []
            start = 0
            while start < len(chars):
                end = len(chars)
                cur = None
                while start < end:
                    sub = "".join(chars[start:end])
                    if start > 0:
                        sub = "##" + sub
                    if sub in self.vocab:
                        cur = self.vocab[sub]
                        break
                    end -= 1
                if cur is None:
                    res = [self.unk_id]
                    break
                res.append(cur)
                start = end
        if len(self._wp_cache) < 500000:
            self._wp_cache[token] = res
        return res

    def tokenize_ids(self, text):
        ids = []
        for tok in self.basic_tokenize(text):
            ids.extend(self._wordpiece(tok))
        return ids

    def encode(self, text, max_len):
        """[CLS] ids [SEP], truncated so the total is <= max_len."""
        ids = self.tokenize_ids(text)[: max_len - 2]
        return [self.cls_id] + ids + [self.sep_id]
