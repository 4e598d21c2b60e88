#!/bin/bash
# alternating scaling pairs on the 22,780-record subset, lead's session 2
cd /work/main
export TINGZHEN_ORT_LIB=$PWD/third_party/ort/libonnxruntime.so.1.29.0 GOMAXPROCS=2
D=../shared/datasets
SUB="/tmp/os_q.csv $D/sentiment/waimai_train80.csv"
for i in 1 2 3; do
  for w in 1 2; do
    rm -rf /tmp/sc/o_${w}_$i; echo "== round $i workers $w load $(cut -d' ' -f1 /proc/loadavg) $(date -u +%T)"
    /usr/bin/time -f "wall %e user %U sys %S maxrss_kb %M" /tmp/tz2 job run --progress none --workers $w --input $SUB --output /tmp/sc/o_${w}_$i 2>&1 | tail -1
    python3 -c "import json;s=json.load(open('/tmp/sc/o_${w}_$i/summary.json'));j=s['job'];print('records/s',j.get('records_per_second'),'records',j.get('records'))"
  done
  echo "== round $i two independent 1-lane jobs load $(cut -d' ' -f1 /proc/loadavg) $(date -u +%T)"
  rm -rf /tmp/sc/pa_$i /tmp/sc/pb_$i
  /tmp/tz2 job run --progress none --workers 1 --input $SUB --output /tmp/sc/pa_$i >/dev/null 2>&1 &
  /tmp/tz2 job run --progress none --workers 1 --input $SUB --output /tmp/sc/pb_$i >/dev/null 2>&1 & wait
  python3 -c "import json;a=json.load(open('/tmp/sc/pa_$i/summary.json'))['job']['records_per_second'];b=json.load(open('/tmp/sc/pb_$i/summary.json'))['job']['records_per_second'];print('pair records/s',a,b,a+b)"
done
