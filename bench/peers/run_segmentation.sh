#!/bin/sh
# Segmentation speed, same corpus, same HMM setting, one process at a time (each one thread):
# tingzhen (engine/segment = gojieba), Python jieba, jieba-rs (@node-rs/jieba).
# Usage: bench/peers/run_segmentation.sh [HMM 1|0] [ROUNDS]  (after bench/peers/install.sh)
set -eu
cd "$(dirname "$0")/../.."
HMM=${1:-1}
ROUNDS=${2:-3}
CORPUS=tmp/seg_corpus.txt
[ -f "$CORPUS" ] || bench/peers/make_corpus.sh "$CORPUS"
[ -x bin/tingzhen-bench ] || go build -o bin/tingzhen-bench ./cmd/tingzhen
if [ "$HMM" = 1 ]; then H=true; else H=false; fi
GOMAXPROCS=1 bin/tingzhen-bench bench segment --texts "$CORPUS" --hmm=$H --rounds "$ROUNDS" --json | tr -d '\n'; echo
/usr/bin/python3 bench/peers/jieba_py.py "$CORPUS" --hmm "$HMM" --rounds "$ROUNDS" 2>/dev/null
NODE_PATH=bench/peers/node_modules node bench/peers/jieba_rs.js "$CORPUS" "$HMM" "$ROUNDS"
