#!/bin/sh
# Writes the segmentation corpus: real reviews of ../shared/datasets/sentiment (waimai_train80.csv
# then online_shopping_9_cats.csv, review column, whitespace collapsed, one per line) up to
# about 3 MB, to tmp/seg_corpus.txt (git-ignored). Usage: bench/peers/make_corpus.sh [OUT] [BYTES]
set -eu
cd "$(dirname "$0")/../.."
OUT=${1:-tmp/seg_corpus.txt}
LIMIT=${2:-3000000}
mkdir -p "$(dirname "$OUT")"
/usr/bin/python3 - "$OUT" "$LIMIT" <<'PY'
import csv, sys
out, limit = sys.argv[1], int(sys.argv[2])
n = 0
lines = []
for f in ("waimai_train80.csv", "online_shopping_9_cats.csv"):
    with open("../shared/datasets/sentiment/" + f, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            t = " ".join((row.get("review") or "").split())
            if not t:
                continue
            lines.append(t)
            n += len(t.encode()) + 1
            if n >= limit:
                break
    if n >= limit:
        break
with open(out, "w", encoding="utf-8") as fh:
    fh.write("\n".join(lines) + "\n")
print(f"{out}: {len(lines)} lines, {n} bytes")
PY
