#!/usr/bin/env bash
# bench/scale.sh — tingzhen worker on NATS JetStream against `job run`, side by side, on one
# machine: throughput with 1 and 2 local workers (one lane each) and the worker's CPU per
# record against `job run --workers 1` on the same input. CPU seconds are user+sys from
# getrusage (GNU time, wait4) of each process; `uptime` is written beside every run.
#
#   bench/scale.sh [INPUT...]     default input: ../shared/datasets/sentiment/waimai_train80.csv
#   OUT=/tmp/tz-scale-bench PORT=14322 bench/scale.sh
#
# The engine loads once per process (job run, each worker): its CPU is in both sides.
# Throughput is records / seconds from `job submit` starting to `job collect` done, with the
# workers already started (models loaded).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-/tmp/tz-scale-bench}
PORT=${PORT:-14322}
URL=nats://127.0.0.1:$PORT
if [ $# -gt 0 ]; then IN=("$@"); else IN=(../shared/datasets/sentiment/waimai_train80.csv); fi
export TINGZHEN_ORT_LIB=${TINGZHEN_ORT_LIB:-$PWD/third_party/ort/libonnxruntime.so.1.29.0}
rm -rf "$OUT" && mkdir -p "$OUT"
go build -o "$OUT/tz" ./cmd/tingzhen
go build -o "$OUT/nats-server" github.com/nats-io/nats-server/v2
TZ_=$OUT/tz
now() { date +%s.%N; }
cpu() { awk '{printf "%.2f", $2+$3}' "$1"; }   # user+sys of a GNU time -f '%e %U %S' file
load() { uptime | sed 's/.*load average: //'; }

echo "# $(date -u +%FT%TZ) commit $(git rev-parse --short HEAD) input ${IN[*]}"
echo "# nproc $(nproc)"

# 1. job run, one lane (the reference for CPU per record); and two lanes.
for L in 1 2; do
  l0=$(load)
  /usr/bin/time -f '%e %U %S' -o "$OUT/jobrun$L.time" "$TZ_" job run --progress none --workers $L --input "${IN[@]}" --output "$OUT/jobrun$L" >/dev/null 2>"$OUT/jobrun$L.log" || true
  recs=$(wc -l < "$OUT/jobrun$L/results.jsonl")
  wall=$(awk '{print $1}' "$OUT/jobrun$L.time")
  echo "job-run lanes=$L records=$recs wall_s=$wall rec_per_s=$(awk -v r=$recs -v w=$wall 'BEGIN{printf "%.1f", r/w}') cpu_s=$(cpu "$OUT/jobrun$L.time") load_before=[$l0] load_after=[$(load)]"
done

# 2. NATS: W local workers (one lane each), submit, collect.
for W in 1 2; do
  rm -rf "$OUT/js$W"
  /usr/bin/time -f '%e %U %S' -o "$OUT/server$W.time" "$OUT/nats-server" -js -sd "$OUT/js$W" -a 127.0.0.1 -p "$PORT" >"$OUT/server$W.log" 2>&1 &
  spid=$!
  sleep 1
  wpids=()
  for i in $(seq 1 $W); do
    /usr/bin/time -f '%e %U %S' -o "$OUT/worker$W-$i.time" "$TZ_" worker --nats "$URL" --lanes 1 --name "w$i" >"$OUT/worker$W-$i.log" 2>&1 &
    wpids+=($!)
  done
  for i in $(seq 1 $W); do   # wait until each worker has loaded its engine and connected
    until grep -q '^worker:' "$OUT/worker$W-$i.log"; do sleep 0.2; done
  done
  l0=$(load)
  t0=$(now)
  /usr/bin/time -f '%e %U %S' -o "$OUT/submit$W.time" "$TZ_" job submit --nats "$URL" --job bench$W --input "${IN[@]}" >/dev/null 2>"$OUT/submit$W.log"
  /usr/bin/time -f '%e %U %S' -o "$OUT/collect$W.time" "$TZ_" job collect --nats "$URL" --job bench$W --output "$OUT/nats$W" >/dev/null 2>"$OUT/collect$W.log" || true
  t1=$(now)
  l1=$(load)
  if [ "$W" = 1 ]; then  # the aggregator: the counters' one writer, over the same results
    /usr/bin/time -f '%e %U %S' -o "$OUT/aggregate.time" "$TZ_" aggregate --nats "$URL" --data "$OUT/data" --once 2>"$OUT/aggregate.log" || true
    echo "aggregate $(grep '^aggregate:' "$OUT/aggregate.log" | sed 's/^aggregate: //') process_cpu_s=$(cpu "$OUT/aggregate.time") load=[$(load)]"
  fi
  for p in "${wpids[@]}"; do kill -TERM "$(pgrep -P "$p")"; done
  for p in "${wpids[@]}"; do wait "$p" || true; done
  kill -TERM "$(pgrep -P "$spid")"; wait "$spid" || true
  recs=$(wc -l < "$OUT/nats$W/results.jsonl")
  wcpu=0; for i in $(seq 1 $W); do wcpu=$(awk -v a=$wcpu -v b=$(cpu "$OUT/worker$W-$i.time") 'BEGIN{print a+b}'); done
  same=$(cmp -s "$OUT/jobrun1/results.jsonl" "$OUT/nats$W/results.jsonl" && echo yes || echo NO)
  wrun=$(for i in $(seq 1 $W); do grep -o '[0-9.]* CPU-s after the engine loaded' "$OUT/worker$W-$i.log" | awk '{print $1}'; done | paste -sd+ | bc)
  echo "nats workers=$W records=$recs worker_cpu_after_engine_load_s=$wrun wall_s=$(awk -v a=$t0 -v b=$t1 'BEGIN{printf "%.1f", b-a}') rec_per_s=$(awk -v r=$recs -v a=$t0 -v b=$t1 'BEGIN{printf "%.1f", r/(b-a)}') worker_cpu_s=$wcpu server_cpu_s=$(cpu "$OUT/server$W.time") submit_cpu_s=$(cpu "$OUT/submit$W.time") collect_cpu_s=$(cpu "$OUT/collect$W.time") results_identical_to_job_run=$same load_before=[$l0] load_after=[$l1]"
done

# 3. Overhead per CPU-second: the workers' CPU against job run --workers 1 (same records).
jr=$(cpu "$OUT/jobrun1.time")
for W in 1 2; do
  wcpu=0; for i in $(seq 1 $W); do wcpu=$(awk -v a=$wcpu -v b=$(cpu "$OUT/worker$W-$i.time") 'BEGIN{print a+b}'); done
  all=$(awk -v w=$wcpu -v s=$(cpu "$OUT/server$W.time") -v u=$(cpu "$OUT/submit$W.time") -v c=$(cpu "$OUT/collect$W.time") 'BEGIN{print w+s+u+c}')
  echo "overhead workers=$W worker_cpu_vs_job_run=$(awk -v w=$wcpu -v j=$jr 'BEGIN{printf "%+.1f%%", 100*(w-j)/j}') all_processes_vs_job_run=$(awk -v a=$all -v j=$jr 'BEGIN{printf "%+.1f%%", 100*(a-j)/j}') (engine loads: job run 1, workers $W)"
done
