#!/usr/bin/env bash
# fp16 vs fp32 accuracy of the shipped models, on CPU (ONNX Runtime's CPU provider runs the
# fp16 graphs of scripts/onnx_fp16.py: float32 in/out, float16 inside), same data, same binary.
#   scripts/fp16_accuracy.sh [DATASETS_DIR] [OUT_DIR]    (default ../shared/datasets, tmp/fp16)
# Writes OUT_DIR/MODEL (the fp16 folders) and OUT_DIR/acc-PRECISION-MODEL.md / .json.
# Data: sentiment-zh on waimai_train80.csv (its held-out waimai test split is inside, with
# training texts); aspect-zh on ASTE dev (held out: not trained on); category-car on its held-out
# test split (705 posts, ids in bench/testdata/car_split_ids.tsv). polarity-zh needs the aspect
# marked in the text: `bench accuracy` has no such format, so only its speed is compared.
set -euo pipefail
D=${1:-../shared/datasets}
out=${2:-tmp/fp16}
bin=${BIN:-bin/tingzhen}
py=/usr/bin/python3
mkdir -p "$out"
for m in sentiment-zh aspect-zh category-car polarity-zh; do
	[ "$out/$m/model.onnx" -nt "models/$m/model.onnx" ] || $py scripts/onnx_fp16.py "models/$m" "$out/$m"
done
# category-car's held-out test split (content_id is the unquoted first CSV field).
awk -F, 'NR==FNR { if ($2 == "test") ids[$1] = 1; next } FNR == 1 || ($1 in ids)' \
	FS='\t' bench/testdata/car_split_ids.tsv FS=, "$D/aspect/ccf2018_car_train85.csv" >"$out/car_test.csv"
run() { # MODEL DATA FORMAT
	for p in fp32 fp16; do
		dir="models/$1"
		[ $p = fp16 ] && dir="$out/$1"
		GOMAXPROCS=1 "$bin" bench accuracy --threads 1 --model "$dir" --data "$2" --format "$3" --out "$out/acc-$p-$1.md"
		GOMAXPROCS=1 "$bin" bench accuracy --threads 1 --model "$dir" --data "$2" --format "$3" --json --out "$out/acc-$p-$1.json"
	done
}
run sentiment-zh "$D/sentiment/waimai_train80.csv" csv
run aspect-zh "$D/aspect/absadatasets_zh/aste_chinese_zhang.dev.txt" aste
run category-car "$out/car_test.csv" car
grep -h '^| [a-z-]* | ' "$out"/acc-*.md | grep -v '^| class\|^| gold' || true
