"""Hash splits any language can recompute (bench/pipelineacc.go APCBucket mirrors them):
a sentence's bucket 0..99 is the SHA-1 of a salt and its norm_key. Standard library only."""

import hashlib

from .text import norm_key


def hbucket(key, salt):
    """0..99 from the SHA-1 of salt + key: a split that any language can recompute."""
    return int(hashlib.sha1((salt + key).encode("utf-8")).hexdigest()[:8], 16) % 100


def apc_split(text):
    """APC split of a sentence (polarity-zh's, and aspect-zh's held-out APC part): test if its
    "apc:" bucket < 15, val if < 25, else train."""
    b = hbucket(norm_key(text), "apc:")
    return "test" if b < 15 else ("val" if b < 25 else "train")
