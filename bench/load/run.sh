#!/usr/bin/env bash
# The server load benchmark behind bench/results/server.md. Run from the repo root after
# `make build`: bench/load/run.sh [OUT]. It measures, on the same 1,000 real reviews:
#   1. the engine's offline texts/s (Engine.Analyze in batches of 64, and of 1, no HTTP);
#   2. bin/tingzhen serve with micro-batching at concurrency 1, 8, 64 (closed loop);
#   3. the same server open loop at half of the highest closed-loop req/s (p99 target);
#   4. the same with --batch-workers 2, and 5. with --batching=false (same rate for 3).
# Both servers and the offline run use THREADS ONNX Runtime intra-op threads (default 1: the
# machine is shared; ORT's spinning pool threads are slowed badly when the cores are
# oversubscribed) and record knowledge-graph counters in a fresh Badger directory, like
# `make run`.
set -euo pipefail
OUT=${1:-/tmp/tingzhen-server-bench.txt}
ADDR=${ADDR:-127.0.0.1:18090}
DUR=${DUR:-10s}
CONC=${CONC:-1,8,64}
THREADS=${THREADS:-1}
export GOMAXPROCS=${GOMAXPROCS:-2}
go build -o /tmp/tingzhen-load ./bench/load
: > "$OUT"
log() { echo "$@" | tee -a "$OUT"; }
log "## $(date -u +%FT%TZ) $(uname -srm), $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
log "## load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
log "\$ /tmp/tingzhen-load --offline --passes 3 --threads $THREADS"
/tmp/tingzhen-load --offline --passes 3 --threads "$THREADS" 2>/dev/null | tee -a "$OUT"
log "\$ /tmp/tingzhen-load --offline --passes 2 --batch 1 --threads $THREADS   # one text per Analyze call, for the engine's own batching gain"
/tmp/tingzhen-load --offline --passes 2 --batch 1 --threads "$THREADS" 2>/dev/null | tee -a "$OUT"

serve() { # $@: extra serve flags
  rm -rf /tmp/tingzhen-bench-data
  bin/tingzhen serve --addr "$ADDR" --data /tmp/tingzhen-bench-data --threads "$THREADS" --log-level warn "$@" 2>>/tmp/tingzhen-bench-serve.log &
  SERVER=$!
  for _ in $(seq 100); do curl -sf "http://$ADDR/readyz" >/dev/null && return; sleep 0.2; done
  echo "server did not become ready" >&2; exit 1
}
stop() { kill -TERM "$SERVER"; wait "$SERVER" || true; }

log ""
log "\$ bin/tingzhen serve --addr $ADDR --data /tmp/tingzhen-bench-data --threads $THREADS   # micro-batching on (default), 1 batch worker"
serve
log "versions: $(curl -s "http://$ADDR/readyz")"
log "\$ /tmp/tingzhen-load --addr $ADDR --concurrency $CONC --duration $DUR"
/tmp/tingzhen-load --addr "$ADDR" --concurrency "$CONC" --duration "$DUR" | tee -a "$OUT"
MAX=$(grep '^| [0-9]' "$OUT" | grep 'closed loop' | awk -F'|' '{print $5}' | sort -n | tail -1)
HALF=$(awk -v m="$MAX" 'BEGIN{printf "%.0f", m/2}')
log "\$ /tmp/tingzhen-load --addr $ADDR --concurrency 64 --rate $HALF --duration $DUR   # half of max $MAX req/s"
/tmp/tingzhen-load --addr "$ADDR" --concurrency 64 --rate "$HALF" --duration "$DUR" | tail -1 | tee -a "$OUT"
log "metrics: $(curl -s "http://$ADDR/metrics" | grep -E '^tingzhen_(batch_size|model_run_seconds)_(sum|count)' | tr '\n' ' ')"
stop

log ""
log "\$ bin/tingzhen serve --addr $ADDR --data /tmp/tingzhen-bench-data --threads $THREADS --batch-workers 2"
serve --batch-workers 2
log "\$ /tmp/tingzhen-load --addr $ADDR --concurrency $CONC --duration $DUR"
/tmp/tingzhen-load --addr "$ADDR" --concurrency "$CONC" --duration "$DUR" | tail -n +4 | tee -a "$OUT"
log "\$ /tmp/tingzhen-load --addr $ADDR --concurrency 64 --rate $HALF --duration $DUR"
/tmp/tingzhen-load --addr "$ADDR" --concurrency 64 --rate "$HALF" --duration "$DUR" | tail -1 | tee -a "$OUT"
log "metrics: $(curl -s "http://$ADDR/metrics" | grep -E '^tingzhen_(batch_size|model_run_seconds)_(sum|count)' | tr '\n' ' ')"
stop

log ""
log "\$ bin/tingzhen serve --addr $ADDR --data /tmp/tingzhen-bench-data --threads $THREADS --batching=false"
serve --batching=false
log "\$ /tmp/tingzhen-load --addr $ADDR --concurrency $CONC --duration $DUR"
/tmp/tingzhen-load --addr "$ADDR" --concurrency "$CONC" --duration "$DUR" | tail -n +4 | tee -a "$OUT"
log "\$ /tmp/tingzhen-load --addr $ADDR --concurrency 64 --rate $HALF --duration $DUR   # same rate, batching off"
/tmp/tingzhen-load --addr "$ADDR" --concurrency 64 --rate "$HALF" --duration "$DUR" | tail -1 | tee -a "$OUT"
stop
log "## load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
