#!/usr/bin/python3
"""Tests for the parts of the tz library that need no torch (tokenizer, text keys, hash
splits, dataset-read recording) and for car_split.py. They run with any python3 (no torch,
no numpy); `make test` runs them. Run: python3 -m unittest discover -s training -p 'test_*.py'"""

import hashlib
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import tz  # noqa: E402

ROOT = os.path.dirname(HERE)
VOCAB_CANDIDATES = [
    os.path.join(ROOT, "models/sentiment-zh/vocab.txt"),
    os.path.join(ROOT, "../shared/datasets/tokenizer/bert-base-chinese_vocab.txt"),
]


def vocab_path():
    for p in VOCAB_CANDIDATES:
        if os.path.exists(p):
            return p
    return None


class ImportTest(unittest.TestCase):
    def test_stdlib_parts_load_without_torch(self):
        code = ("import sys; sys.path.insert(0, %r); import tz; "
                "tz.BertTokenizer, tz.norm_key, tz.apc_split, tz.DataReads, tz.write_card, tz.load_labelled, tz.car_data.split_posts; "
                "assert 'torch' not in sys.modules and 'numpy' not in sys.modules, 'heavy import'" % HERE)
        r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_unknown_name(self):
        with self.assertRaises(AttributeError):
            tz.no_such_helper  # noqa: B018


class TokenizerTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        p = vocab_path()
        if p is None:
            raise unittest.SkipTest("no vocab.txt")
        cls.tok = tz.BertTokenizer(p)
        cls.inv = {v: k for k, v in cls.tok.vocab.items()}

    def test_cases(self):
        f = lambda text, want: self.assertEqual([self.inv[i] for i in self.tok.tokenize_ids(text)], want, text)
        f("请问什么时候发货", ["请", "问", "什", "么", "时", "候", "发", "货"])
        f("iPhone 14 Pro的屏幕", ["iphone", "14", "pro", "的", "屏", "幕"])
        f("hello,world!!", ["hello", ",", "world", "!", "!"])
        f("café", ["cafe"])  # lowercase + accent stripping
        f("unaffable", ["u", "##na", "##ff", "##able"])  # WordPiece continuation
        f("𠀀", ["[UNK]"])  # CJK ext-B char not in vocab
        f("好评\u3000很好", ["好", "评", "很", "好"])  # ideographic space is whitespace
        f("a\u200bb", ["ab"])  # zero-width space (Cf) is dropped as a control char
        f("", [])

    def test_encode_special_tokens_and_truncation(self):
        ids = self.tok.encode("好" * 300, 128)
        self.assertEqual(len(ids), 128)
        self.assertEqual(ids[0], self.tok.cls_id)
        self.assertEqual(ids[-1], self.tok.sep_id)


class TextSplitTest(unittest.TestCase):
    def test_norm_key(self):  # the same cases as bench TestAPCHeldOutAndNormKey (Go NormKey)
        f = lambda text, want: self.assertEqual(tz.norm_key(text), want, text)
        f("外观 很 漂亮！", "外观很漂亮")
        f("Mate 20 Pro，拍照好", "mate20pro拍照好")
        f("ＡＰＰ_很卡～", "app很卡")
        f("！？。", "")

    def test_apc_bucket_and_split(self):  # buckets as bench TestAPCHeldOutAndNormKey (Go APCBucket)
        f = lambda text, bucket, split: self.assertEqual((tz.hbucket(tz.norm_key(text), "apc:"), tz.apc_split(text)), (bucket, split), text)
        f("外观很漂亮", 0, "test")
        f("外观 很 漂亮！", 0, "test")
        f("电池不耐用", 61, "train")
        f("ＡＰＰ_很卡～", 4, "test")

    def test_hbucket_is_sha1(self):
        for key, salt in (("物流很快", "aste:"), ("", "car:"), ("x", "")):
            want = int(hashlib.sha1((salt + key).encode("utf-8")).hexdigest()[:8], 16) % 100
            self.assertEqual(tz.hbucket(key, salt), want)


class DataReadsTest(unittest.TestCase):
    def test_records_reads_under_root_only(self):
        with tempfile.TemporaryDirectory() as d:
            root = os.path.join(d, "datasets")
            os.makedirs(os.path.join(root, "sentiment"))
            for rel, body in (("sentiment/a.csv", "label,review\n1,好评\n"), ("sentiment/b.csv", "0,差评\n"), ("unread.txt", "x")):
                with open(os.path.join(root, rel), "w", encoding="utf-8") as f:
                    f.write(body)
            outside = os.path.join(d, "outside.txt")
            with open(outside, "w", encoding="utf-8") as f:
                f.write("不在数据目录里")
            with open(os.path.join(root, "sentiment/b.csv"), encoding="utf-8") as f:
                f.read()  # before the recorder: not recorded
            with tz.DataReads(root) as reads:
                with open(os.path.join(root, "sentiment", "a.csv"), encoding="utf-8") as f:
                    f.read()
                with open(os.path.join(root, "sentiment/../sentiment/a.csv"), "rb") as f:
                    f.read()  # the same file by another spelling
                with open(outside, encoding="utf-8") as f:
                    f.read()
                with open(os.path.join(root, "written.txt"), "w", encoding="utf-8") as f:
                    f.write("输出")  # written, not read
                fd = os.open(os.path.join(root, "unread.txt"), os.O_WRONLY)
                os.close(fd)
            with open(os.path.join(root, "sentiment/b.csv"), encoding="utf-8") as f:
                f.read()  # after: not recorded
            self.assertEqual(reads.relative(), ["sentiment/a.csv"])
            want = hashlib.sha256("label,review\n1,好评\n".encode("utf-8")).hexdigest()
            self.assertEqual(reads.sha256(), {"sentiment/a.csv": want})
            self.assertEqual(tz.sha256_file(os.path.join(root, "sentiment/a.csv")), want)


def datasets_dir():
    for d in (os.environ.get("TINGZHEN_DATASETS", ""), os.path.join(ROOT, "../shared/datasets")):
        if d and os.path.isdir(d):
            return d
    return None


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


class CardDataSHA256Test(unittest.TestCase):
    def test_set_replaces_only_its_block(self):
        with tempfile.TemporaryDirectory() as d:
            card = os.path.join(d, "model.yaml")
            head = "name: sentiment-zh\nlabels:\n- negative\n- positive\nlimitations:\n- 只在中文评论上训练\n"
            with open(card, "w", encoding="utf-8") as f:
                f.write(head)
            tz.set_data_sha256(card, {"sentiment/b.csv": "bb", "lexicon/hownet/正面情感词语（中文）.utf8.txt": "aa"})
            first = read(card)
            self.assertTrue(first.startswith(head), first)
            self.assertEqual(tz.read_data_sha256(card), {"sentiment/b.csv": "bb", "lexicon/hownet/正面情感词语（中文）.utf8.txt": "aa"})
            tz.set_data_sha256(card, {"tokenizer/vocab.txt": "cc"})
            second = read(card)
            self.assertTrue(second.startswith(head), second)
            self.assertEqual(second.count("data_sha256:\n"), 1)
            self.assertEqual(tz.read_data_sha256(card), {"tokenizer/vocab.txt": "cc"})
            tz.set_data_sha256(card, {"tokenizer/vocab.txt": "cc"})
            self.assertEqual(read(card), second)  # idempotent
            try:
                import yaml
            except ImportError:
                return
            with open(card, encoding="utf-8") as f:
                doc = yaml.safe_load(f)
            self.assertEqual(doc["data_sha256"], {"tokenizer/vocab.txt": "cc"})
            self.assertEqual(doc["limitations"], ["只在中文评论上训练"])

    def test_shipped_cards_match_the_datasets(self):
        for name in ("sentiment-zh", "sentiment-chat", "category-car", "polarity-zh", "aspect-zh"):
            card = os.path.join(ROOT, "models", name, "model.yaml")
            if not os.path.exists(card):
                continue
            sha = tz.read_data_sha256(card)
            self.assertIn("tokenizer/bert-base-chinese_vocab.txt", sha, name)
            self.assertGreaterEqual(len(sha), 2, name)
            data = datasets_dir()
            if data is None:
                continue  # the recorded hashes are checked where the datasets are
            for rel, want in sha.items():
                with self.subTest(model=name, file=rel):
                    self.assertEqual(tz.sha256_file(os.path.join(data, rel)), want)


class CarDataTest(unittest.TestCase):
    def test_split_posts_one_draw_per_new_text(self):
        import random
        texts = ["油耗有点高", "油耗有点高！", "空间很大", "动力 不错", "动力不错。"]
        rng, ref = random.Random(13), random.Random(13)
        got = tz.car_data.split_posts(texts, rng)
        draws = [ref.random() for _ in range(3)]  # three different norm_keys
        want = ["test" if r < 0.10 else ("val" if r < 0.20 else "train") for r in draws]
        self.assertEqual(got, [want[0], want[0], want[1], want[2], want[2]])
        self.assertEqual(rng.random(), ref.random())  # the caller's rng goes on from the same state

    def test_load_car_merges_rows_of_a_post(self):
        with tempfile.TemporaryDirectory() as d:
            p = os.path.join(d, "car.csv")
            with open(p, "w", encoding="utf-8") as f:
                f.write("content_id,content,subject,sentiment_value,sentiment_word\n"
                        "a, 油耗高，动力好 ,油耗,-1,高\na, 油耗高，动力好 ,动力,1,好\nb,空间一般,空间,0,\n")
            got = tz.load_car(p)
        lab = [0] * 10
        lab[tz.car_data.DIMS.index("油耗")], lab[tz.car_data.DIMS.index("动力")] = 1, 3
        self.assertEqual(got[0], ("油耗高，动力好", lab))
        self.assertEqual(got[1][0], "空间一般")
        self.assertEqual(got[1][1][tz.car_data.DIMS.index("空间")], 2)


class CarSplitTest(unittest.TestCase):
    def test_split_file(self):
        with tempfile.TemporaryDirectory() as d:
            csv_path, out = os.path.join(d, "car.csv"), os.path.join(d, "ids.tsv")
            rows = ["content_id,content,subject,sentiment_value,sentiment_word"]
            for i in range(200):
                rows.append("c%d,第%d条：油耗有点高,油耗,-1,高" % (i, i))
            rows.append("c0,第0条：油耗有点高,动力,1,")  # a second label row of c0: one post
            rows.append("dup,第1条 油耗有点高！,油耗,-1,高")  # same norm_key as c1: same split
            with open(csv_path, "w", encoding="utf-8") as f:
                f.write("\n".join(rows) + "\n")
            r = subprocess.run([sys.executable, os.path.join(HERE, "car_split.py"), "--data", csv_path, "--seed", "13", "--out", out],
                               capture_output=True, text=True)
            self.assertEqual(r.returncode, 0, r.stderr)
            with open(out, encoding="utf-8") as f:
                lines = f.read().splitlines()
            self.assertTrue(lines[0].startswith("# content_id\tsplit  (training/car_split.py --seed 13; sizes "), lines[0])
            split = dict(l.split("\t") for l in lines[1:])
            self.assertEqual(split.get("dup"), split.get("c1"))
            self.assertTrue(set(split.values()) <= {"val", "test"})
            n = len(split)
            self.assertTrue(20 <= n <= 70, n)  # about 20 % of 200 posts are val or test


if __name__ == "__main__":
    unittest.main()
