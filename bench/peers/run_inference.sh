#!/bin/sh
# CPU inference, tingzhen vs onnxruntime-node 1.29.0 (same ORT build), same model, same texts,
# same batch sizes, 1 ORT thread each (ours: --threads 1 = 1 intra-op thread and no batches side
# by side, GOMAXPROCS=1), end to end including tokenization. Alternates ours/theirs per setting.
# Usage: bench/peers/run_inference.sh MODEL_DIR "BATCHES" DURATION_S [SEQ_LEN]   (after install.sh)
set -eu
cd "$(dirname "$0")/../.."
MODEL=${1:-models/sentiment-zh}
BATCHES=${2:-1,8,32}
DUR=${3:-10}
SEQ=${4:-0}
[ -x bin/tingzhen-bench ] || go build -o bin/tingzhen-bench ./cmd/tingzhen
export TINGZHEN_ORT_LIB=${TINGZHEN_ORT_LIB:-$PWD/third_party/ort/libonnxruntime.so.1.29.0}
SEQFLAG=""
[ "$SEQ" = 0 ] || SEQFLAG="--seq-len $SEQ"
for B in $(echo "$BATCHES" | tr ',' ' '); do
	GOMAXPROCS=1 bin/tingzhen-bench bench speed --model "$MODEL" --threads 1 --batch "$B" $SEQFLAG --duration "${DUR}s" --json 2>/dev/null | tr -d '\n '; echo
	node bench/peers/ort_node.js --model "$MODEL" --batch "$B" --duration "$DUR" $SEQFLAG
done
