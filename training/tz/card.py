"""Model-card pieces every trainer writes: the command line, the tokenizer and I/O blocks, and
the YAML writer (floats to 6 significant digits). Standard library (+ yaml when writing)."""


def command_line():
    """The exact command that ran this script (for the model card)."""
    import shlex
    import sys

    return "/usr/bin/python3 " + " ".join(shlex.quote(a) for a in sys.argv)


def tokenizer_card(max_len):
    return {
        "type": "bert-wordpiece",
        "vocab": "vocab.txt",
        "vocab_source": "bert-base-chinese vocab.txt (21,128 entries, Apache-2.0)",
        "lowercase": True,
        "strip_accents": True,
        "tokenize_chinese_chars": True,
        "unk_token": "[UNK]",
        "sequence": "[CLS] tokens [SEP]",
        "pad_token_id": 0,
        "padding": "to the longest sequence of the batch",
        "max_len": max_len,
        "reference_implementation": "training/tz/tokenizer.py BertTokenizer (port of google-research/bert tokenization.py)",
    }


def io_card(out_shape, out_labels_key, out_labels):
    return {
        "inputs": [
            {"name": "input_ids", "dtype": "int64", "shape": ["batch", "seq"]},
            {"name": "attention_mask", "dtype": "int64", "shape": ["batch", "seq"]},
        ],
        "outputs": [{"name": "probs", "dtype": "float32", "shape": out_shape, out_labels_key: out_labels}],
    }


def write_card(path, card):
    import yaml

    def rnd(x):
        if isinstance(x, float):
            return float(f"{x:.6g}")
        if isinstance(x, dict):
            return {k: rnd(v) for k, v in x.items()}
        if isinstance(x, (list, tuple)):
            return [rnd(v) for v in x]
        return x

    with open(path, "w", encoding="utf-8") as f:
        f.write("# Model card, written by the training script; numbers measured by it.\n")
        yaml.safe_dump(rnd(card), f, allow_unicode=True, sort_keys=False, width=100)
