#!/bin/bash
# Side-by-side CPU time of `tingzhen analyze --input` with several builds, alternating, so a
# speed claim is a ratio measured in one run (issue 13's and 18's speed checks, session 7).
# Usage: ROUNDS=5 INPUT=reviews.jsonl scripts/analyze_cpu.sh NAME=BINARY:HOME [NAME=BINARY:HOME ...]
# Each build runs on its own models (--home). Prints user, sys and wall seconds per round.
set -u
R=${ROUNDS:-5}
IN=${INPUT:?INPUT=records.jsonl}
OUT=${OUTDIR:-$(mktemp -d)}
mkdir -p "$OUT" || exit 1
set -o pipefail
uptime
for r in $(seq 1 "$R"); do
  for spec in "$@"; do
    name=${spec%%=*}; rest=${spec#*=}; bin=${rest%%:*}; home=${rest#*:}
    /usr/bin/time -f "$name round $r user %U sys %S wall %e" "$bin" analyze --home "$home" \
      --input "$IN" --output "$OUT/$name.jsonl" 2>&1 >/dev/null | grep " round " ||
      { echo "$name round $r: analyze failed (rerun: $bin analyze --home $home --input $IN --output $OUT/$name.jsonl)" >&2; exit 1; }
  done
done
uptime
