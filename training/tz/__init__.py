"""tz: the shared library of tingzhen's training and evaluation scripts (training/*.py).

Modules, one job each:
  tokenizer       BertTokenizer, the port of BERT's uncased WordPiece tokenizer (stdlib only)
  text            norm_key, the de-duplication and split key                 (stdlib only)
  splits          hbucket, apc_split: SHA-1 hash splits                       (stdlib only)
  datafiles       the dataset files a recipe reads and their SHA-256          (stdlib only)
  sentiment_data  sentiment-zh's data recipe: labelled sets, splits, lexicons (stdlib; numpy to encode)
  car_data        category-car's posts and their split                        (stdlib only)
  card            command line, tokenizer/IO blocks, the model-card writer    (stdlib; yaml to write)
  nn              seeding, padding, CNNEncoder, GRUEncoder, BigramHash, Calibrated, batches (torch)
  calibration     temperature scaling, ECE                                    (torch)
  export          ONNX export, reference.jsonl, padding/latency checks        (torch, onnx)

`import tz` loads nothing heavy: every module and every name above is also an attribute of the
package (tz.car_data, tz.BertTokenizer, tz.CNNEncoder, ...), imported on first use, so scripts
and tests that need no torch run where torch is not installed. (dir(tz) lists only what is
loaded, so that unittest discovery, which walks dir() of every package, imports nothing heavy;
__all__ lists every name.)
"""

import importlib

_MODULES = {
    "tokenizer": ["BertTokenizer"],
    "text": ["norm_key"],
    "splits": ["hbucket", "apc_split"],
    "datafiles": ["DataReads", "sha256_file"],
    "car_data": ["load_car"],
    "sentiment_data": ["load_labelled", "group_labelled", "polar_splits", "neutral_splits", "build_splits",
                       "lodo_domains", "lodo_splits", "lodo_fold_splits", "load_lexicon", "has_lexicon_word", "load_neutral_candidates",
                       "cached_encoder", "recipe_rows", "subsample_rows"],
    "card": ["command_line", "tokenizer_card", "io_card", "write_card", "set_data_sha256", "read_data_sha256"],
    "nn": ["set_seed", "pad_batch", "BigramHash", "char_dropout", "add_word_drop_arg", "add_bigram_args",
           "BIGRAM_RULE", "bigram_card", "CNNEncoder", "GRUEncoder", "reverse_within_length", "masked_max_mean", "count_params", "Calibrated",
           "length_batches", "predict"],
    "calibration": ["fit_temperature", "ece"],
    "export": ["export_onnx", "write_reference", "padding_invariance_check", "latency_us", "onnx_weights", "write_window_probs",
               "file_size_mb"],
}
_WHERE = {name: mod for mod, names in _MODULES.items() for name in names}
__all__ = sorted(_WHERE)


def __getattr__(name):
    if name in _MODULES:  # tz.car_data, tz.nn, ...: the module itself
        return importlib.import_module("." + name, __name__)
    mod = _WHERE.get(name)
    if mod is None:
        raise AttributeError("module 'tz' has no attribute %r" % name)
    return getattr(importlib.import_module("." + mod, __name__), name)
