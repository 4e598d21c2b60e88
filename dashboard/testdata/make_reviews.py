"""Rebuild reviews.jsonl, the dashboard tests' real dated reviews (see README.md).

python3 make_reviews.py /work/shared/datasets/extra/digital_product_reviews_2011
"""
import json, sys, zlib

src = sys.argv[1]
FROM, TO = "2011-07-18", "2011-08-14"  # four weeks, Monday to Sunday
CHANNELS = ["app", "网页", "400热线"]
BRANDS = ["本品牌", "竞品A", "竞品B"]
out = []
for corpus, prefix in (("mobile", "m"), ("notebook", "n")):
    seen = set()
    with open(f"{src}/{corpus}.corpus", encoding="utf-8") as f:
        for ln, line in enumerate(f, 1):
            parts = line.rstrip("\n").split("**")
            if len(parts) != 4:
                continue
            pid, score, when, text = parts
            text = text.strip()
            if not (FROM <= when[:10] <= TO) or not 8 <= len(text) <= 120 or text in seen:
                continue
            try:
                stars = round(float(score))
            except ValueError:
                continue
            # every review of 1-3 stars, one in eight of 4-5 stars (the corpus is 92% 4-5 stars)
            if stars >= 4 and ln % 8:
                continue
            seen.add(text)
            out.append({"id": f"{prefix}{ln}", "time": when, "channel": CHANNELS[ln % 3],
                        "brand": BRANDS[zlib.crc32(pid.encode()) % 3], "product": pid,
                        "stars": stars, "text": text})
out.sort(key=lambda r: (r["time"], r["id"]))
with open("reviews.jsonl", "w", encoding="utf-8") as f:
    for r in out:
        f.write(json.dumps(r, ensure_ascii=False) + "\n")
print(len(out), "reviews")
