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


DATA_SHA256_NOTE = ("# data_sha256: SHA-256 of every dataset file the recipe reads (paths under its data dir),\n"
                    "# recorded by tz.DataReads; `/usr/bin/python3 training/data_sha256.py` checks them.\n")


def set_data_sha256(path, sha):
    """Writes {dataset path: sha256} as the top-level `data_sha256` block at the end of the
    model card at path, replacing the one there; every other line stays as it is."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines(keepends=True)
    note = DATA_SHA256_NOTE.splitlines(keepends=True)
    out, i = [], 0
    while i < len(lines):
        if lines[i : i + len(note)] == note:
            i += len(note)
            continue
        if lines[i].startswith("data_sha256:"):
            i += 1
            while i < len(lines) and (lines[i].startswith((" ", "\t")) or not lines[i].strip()):
                i += 1
            continue
        out.append(lines[i])
        i += 1
    if out and not out[-1].endswith("\n"):
        out[-1] += "\n"
    out.append(DATA_SHA256_NOTE)
    out.append("data_sha256:\n")
    for rel in sorted(sha):
        out.append("  %s: %s\n" % (rel, sha[rel]))
    with open(path, "w", encoding="utf-8") as f:
        f.write("".join(out))


def read_data_sha256(path):
    """The `data_sha256` block of a model card as {dataset path: sha256} ({} when absent).
    Standard library only: reads the block set_data_sha256 writes."""
    out, inside = {}, False
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("data_sha256:"):
                inside = True
                continue
            if inside:
                if not line.startswith("  "):
                    if line.strip():
                        break
                    continue
                rel, _, h = line.strip().rpartition(": ")
                out[rel] = h
    return out
