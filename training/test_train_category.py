#!/usr/bin/python3
"""Tests for train_category.py: the labelled-jsonl reader (clear per-line errors, fuzzed
lines never crash it) and a smoke run on a tiny slice (torch and onnx only; skips without).
Run: /usr/bin/python3 -m unittest discover -s training -p 'test_*.py'"""

import json
import os
import random
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import train_category as C  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def line(text, *gold, industry="ecommerce"):
    return json.dumps({"id": "x", "text": text, "industry": industry,
                       "gold": [dict(zip(("indicator", "point", "polarity"), g)) for g in gold]}, ensure_ascii=False)


class ReaderTest(unittest.TestCase):
    def test_good_lines(self):
        f = lambda ln, want: self.assertEqual(C.parse_line(ln, "f:1", "ecommerce"), want)
        f(line("物流太慢了", ("delivery_time", "pain", "negative")), ("物流太慢了", {"delivery_time": "negative"}))
        f(line("包装很结实，价格也便宜", ("packaging", "pleasure", "positive"), ("price", "pleasure", "positive")),
          ("包装很结实，价格也便宜", {"packaging": "positive", "price": "positive"}))
        f(line("东西收到了"), ("东西收到了", {}))
        # polarity from the point when absent; an itch is negative; no point is neutral
        f(json.dumps({"text": "希望发货快一点", "gold": [{"indicator": "delivery_time", "point": "itch"}]}, ensure_ascii=False),
          ("希望发货快一点", {"delivery_time": "negative"}))
        f(json.dumps({"text": "客服回复了", "gold": [{"indicator": "service", "point": ""}]}, ensure_ascii=False),
          ("客服回复了", {"service": "neutral"}))
        # one polarity per indicator: the most frequent, a tie to the first written
        f(line("物流慢，快递员态度好", ("delivery_time", "pain", "negative"), ("delivery_time", "pleasure", "positive")),
          ("物流慢，快递员态度好", {"delivery_time": "negative"}))

    def test_bad_lines(self):
        def f(ln, want):
            with self.assertRaises(C.LabelError) as cm:
                C.parse_line(ln, "silver.jsonl:7", "ecommerce")
            self.assertTrue(str(cm.exception).startswith("silver.jsonl:7: "), str(cm.exception))
            self.assertIn(want, str(cm.exception))
        f("{not json", "not JSON")
        f("[1, 2]", "want a JSON object")
        f(json.dumps({"gold": []}), "no text")
        f(json.dumps({"text": "  "}), "no text")
        f(line("外卖凉了", industry="food_delivery"), "industry 'food_delivery'")
        f(json.dumps({"text": "好", "gold": {"indicator": "price"}}), "gold is not a list")
        f(json.dumps({"text": "好", "gold": [{"point": "pain"}]}), "gold[0] has no indicator")
        f(json.dumps({"text": "好", "gold": [{"indicator": "price", "point": "bad"}]}), "point 'bad'")
        f(json.dumps({"text": "好", "gold": [{"indicator": "price", "point": "pain", "polarity": "angry"}]}), "polarity 'angry'")

    def test_read_labelled_goes_on(self):
        with tempfile.TemporaryDirectory() as d:
            p = os.path.join(d, "s.jsonl")
            with open(p, "w", encoding="utf-8") as f:
                f.write(line("物流太慢了", ("delivery_time", "pain", "negative")) + "\n\n{oops\n" + line("价格便宜", ("price", "pleasure", "positive")) + "\n")
            rows, errs = C.read_labelled(p, "ecommerce")
        self.assertEqual([r[0] for r in rows], ["物流太慢了", "价格便宜"])
        self.assertEqual(len(errs), 1)
        self.assertTrue(errs[0].startswith(p + ":3: not JSON"), errs[0])

    def test_fuzz_only_label_errors(self):
        # mutated good lines and random strings: parsed or a LabelError, nothing else
        rng = random.Random(7)
        seeds = [line("物流太慢了，包装倒是很结实", ("delivery_time", "pain", "negative"), ("packaging", "pleasure", "positive")),
                 '{"text": 1}', '{"text": "好", "gold": [1, null, {}]}', "null", '""']
        alphabet = '{}[]":,\\ 0123456789abcdeflnrstu物流好差' + "\x00\ud7ff"
        for _ in range(3000):
            s = list(rng.choice(seeds))
            for _ in range(rng.randint(1, 4)):
                op, k = rng.random(), rng.randrange(len(s) + 1)
                if op < 0.4 and s:
                    del s[min(k, len(s) - 1)]
                elif op < 0.8:
                    s.insert(k, rng.choice(alphabet))
                elif s:
                    s[min(k, len(s) - 1)] = rng.choice(alphabet)
            try:
                C.parse_line("".join(s), "f:1", "ecommerce")
            except C.LabelError:
                pass

    def test_dimensions_and_carve(self):
        rows = [("a%d" % i, {"price": "negative"}) for i in range(12)] + [("b%d" % i, {"gifts": "positive"}) for i in range(11)]
        dims, counts = C.choose_dimensions(rows, 12)
        self.assertEqual(dims, ["price"])
        self.assertEqual(counts["gifts"], 11)
        tr, va = C.carve(rows, 30)
        self.assertEqual(len(tr) + len(va), len(rows))
        self.assertEqual(C.carve(rows, 30), (tr, va))  # a hash split: the same every time


class SmokeTest(unittest.TestCase):
    def test_tiny_slice(self):
        try:
            import onnx  # noqa: F401
            import torch  # noqa: F401
        except ImportError:
            self.skipTest("torch or onnx not installed (make deps-py)")
        texts = [("物流太慢了，等了一周", "delivery_time", "pain", "negative"), ("发货很快，第二天就到了", "delivery_time", "pleasure", "positive"),
                 ("价格太贵了", "price", "pain", "negative"), ("价格实惠，很划算", "price", "pleasure", "positive"),
                 ("包装破了", "packaging", "pain", "negative"), ("包装很结实", "packaging", "pleasure", "positive")]
        with tempfile.TemporaryDirectory() as d:
            data = os.path.join(d, "silver.jsonl")
            with open(data, "w", encoding="utf-8") as f:
                for i in range(8):
                    for t, ind, pt, pol in texts:
                        f.write(line("%s，第%d单" % (t, i), (ind, pt, pol)) + "\n")
                    f.write(line("收到了，还没用%d次" % i) + "\n")
                f.write("not json\n")
            out = os.path.join(d, "out")
            m = C.main(["--industry", "ecommerce", "--data", data, "--out", out, "--data-dir", os.path.join(d, "none"),
                        "--vocab", os.path.join(ROOT, "models/category-car/vocab.txt"), "--init-from", "", "--epochs", "2",
                        "--min-labels", "3", "--val-pct", "30", "--channels", "8", "--emb-dim", "16", "--kernels", "1,2"])
            self.assertEqual(m["bad_lines"], 1)
            self.assertEqual(sorted(m["dimensions"]), ["delivery_time", "packaging", "price"])
            for f in ("model.onnx", "vocab.txt", "model.yaml", "reference.jsonl", "metrics.json"):
                self.assertTrue(os.path.exists(os.path.join(out, f)), f)
            self.assertLess(os.path.getsize(os.path.join(out, "model.onnx")), 4 << 20)
            import yaml

            with open(os.path.join(out, "model.yaml"), encoding="utf-8") as f:
                card = yaml.safe_load(f)
            self.assertEqual((card["industry"], card["category_role"], card["task"]), ("ecommerce", "add", "category"))
            self.assertEqual(card["outputs"][0]["shape"], ["batch", 3, 4])
            with open(os.path.join(out, "reference.jsonl"), encoding="utf-8") as f:
                refs = [json.loads(x) for x in f]
            self.assertGreaterEqual(len(refs), 3)
            self.assertEqual(len(refs[0]["probs"]), 3)
            self.assertLess(m["reference_pad_vs_alone_max_abs_diff"], 1e-5)

    def test_archs_and_two_files(self):
        """--arch flex and --arch ngram (catarch.py) on two data files: the card lists both
        files with their sha256, the model is padding-invariant and has the card's shape."""
        try:
            import onnx  # noqa: F401
            import torch  # noqa: F401
            import yaml
        except ImportError:
            self.skipTest("torch, onnx or yaml not installed (make deps-py)")
        texts = [("物流太慢了，等了一周", "delivery_time", "pain", "negative"), ("发货很快，第二天就到了", "delivery_time", "pleasure", "positive"),
                 ("价格太贵了", "price", "pain", "negative"), ("价格实惠，很划算", "price", "pleasure", "positive")]

        def f(extra, want_type):
            with tempfile.TemporaryDirectory() as d:
                files = []
                for k in range(2):
                    files.append(os.path.join(d, "silver%d.jsonl" % k))
                    with open(files[-1], "w", encoding="utf-8") as fh:
                        for i in range(5):
                            for t, ind, pt, pol in texts:
                                fh.write(line("%s，第%d单%d" % (t, i, k), (ind, pt, pol)) + "\n")
                out = os.path.join(d, "out")
                m = C.main(["--industry", "ecommerce", "--data", ",".join(files), "--out", out, "--data-dir", os.path.join(d, "none"),
                            "--vocab", os.path.join(ROOT, "models/category-car/vocab.txt"), "--init-from", "", "--epochs", "2",
                            "--min-labels", "3", "--val-pct", "30", "--emb-dim", "16"] + extra)
                self.assertEqual(m["rows"], 40)
                self.assertEqual([x["rows"] for x in m["data_files"]], [20, 20])
                with open(os.path.join(out, "model.yaml"), encoding="utf-8") as fh:
                    card = yaml.safe_load(fh)
                self.assertEqual([x["file"] for x in card["training"]["data"]["files"]], files)
                self.assertEqual(card["training"]["data"]["files"][1]["sha256"], C.tz.sha256_file(files[1]))
                self.assertIn(want_type, card["architecture"]["type"])
                self.assertEqual(card["outputs"][0]["shape"], ["batch", 2, 4])
                self.assertLess(m["reference_pad_vs_alone_max_abs_diff"], 1e-5)
                self.assertLess(m["pad_invariance_max_abs_diff"], 1e-5)
        f(["--arch", "ngram", "--ngram-buckets", "97", "--ngram-hidden", "8"], "NgramBag")
        f(["--arch", "ngram", "--ngram-buckets", "97", "--ngram-orders", "1,2,3,4"], "NgramBag")
        f(["--arch", "flex", "--branches", "1:4,3:8:d2,5:8:s"], "FlexCNN")

    def test_parse_branches(self):
        import catarch

        f = lambda spec, want: self.assertEqual(catarch.parse_branches(spec), want)
        f("1:16", [(1, 16, 1, False)])
        f("1:8,3:32:d2,5:16:s", [(1, 8, 1, False), (3, 32, 2, False), (5, 16, 1, True)])
        f("3:8:s:d3", [(3, 8, 3, True)])
        for bad in ("3", "3:8:x"):
            with self.assertRaises(SystemExit):
                catarch.parse_branches(bad)


if __name__ == "__main__":
    unittest.main()
