"""Text keys for de-duplication and split assignment. Standard library only (no torch)."""

import re
import unicodedata

_DEDUP_DROP = re.compile(r"[\s\W_]+", re.UNICODE)


def norm_key(text):
    """Key for de-duplication: NFKC, lowercase, drop whitespace/punctuation."""
    t = unicodedata.normalize("NFKC", text).lower()
    return _DEDUP_DROP.sub("", t)

