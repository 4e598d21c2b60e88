#!/bin/bash
# One GPU lease, start to end (issue 19 and 13, session 10): a smoke test of every code path
# with a tiny model, masked-LM pretraining of the teacher transformer, then every job of
# training/gpu_distill.py side by side on the one GPU; what comes back is packed under $OUT.
#   run from the repo root with .device/data (training/gpu_prep.py) and .device/gpu_distill.py
set -u
MLM_S=${MLM_S:-200}
JOB_S=${JOB_S:-240}
MLM_ARGS=${MLM_ARGS:-}   # local end-to-end test: MLM_ARGS="--size tiny --max-steps 3" JOB_ARGS="--max-steps 3 --transfer-max 2000"
JOB_ARGS=${JOB_ARGS:-}
OUTDIR=${OUT:-/tmp/out}
D=.device/data
W=/tmp/w
mkdir -p $W/smoke $W/run $OUTDIR
cp .device/gpu_distill.py training/gpu_distill.py
export PYTHONUNBUFFERED=1
T0=$(date +%s)
nvidia-smi --query-gpu=name,memory.used,memory.total,clocks.sm --format=csv > $W/run/nvidia.txt 2>&1
python3 -c "import torch; print(torch.__version__, torch.cuda.get_device_name(0))" >> $W/run/nvidia.txt 2>&1

python3 training/gpu_distill.py mlm --data $D --out $W/smoke --size tiny --max-steps 3 --seconds 30 > $W/smoke_mlm.log 2>&1
for j in full car lodo:书籍; do
  timeout 120 python3 training/gpu_distill.py job --job $j --data $D --out $W/smoke --max-steps 3 --transfer-max 2000 --seconds 60 > "$W/smoke_$j.log" 2>&1 &
done
wait
if grep -l FAILED $W/smoke*.log || [ $(ls $W/smoke/rec_*.json | wc -l) -lt 4 ]; then
  tail -30 $W/smoke*.log; exit 3
fi
echo "smoke ok at $(( $(date +%s) - T0 )) s"

timeout $((MLM_S + 60)) python3 training/gpu_distill.py mlm --data $D --out $W/run --seconds $MLM_S --batch 512 --lr 7e-4 $MLM_ARGS > $W/run/mlm.log 2>&1 || { tail -30 $W/run/mlm.log; exit 4; }
echo "mlm done at $(( $(date +%s) - T0 )) s"; tail -2 $W/run/mlm.log

E=$W/run/mlm_enc.pt
timeout $((JOB_S + 50)) python3 training/gpu_distill.py job --job car --enc $E --data $D --out $W/run --seconds $JOB_S --ft-epochs 8 --st-epochs 15 --st-batch 64 $JOB_ARGS > $W/run/job_car.log 2>&1 &
for j in full chat; do
  timeout $((JOB_S + 50)) python3 training/gpu_distill.py job --job $j --enc $E --data $D --out $W/run --seconds $JOB_S $JOB_ARGS > $W/run/job_$j.log 2>&1 &
done
for d in $(python3 -c "import json; print(' '.join(json.load(open('$D/sets.json'))['lodo_domains']))"); do
  timeout $((JOB_S + 50)) python3 training/gpu_distill.py job --job lodo:$d --enc $E --data $D --out $W/run --seconds $JOB_S $JOB_ARGS > "$W/run/job_lodo_$d.log" 2>&1 &
done
nvidia-smi --query-gpu=utilization.gpu,memory.used --format=csv >> $W/run/nvidia.txt 2>&1
sleep 60; nvidia-smi --query-gpu=utilization.gpu,memory.used --format=csv >> $W/run/nvidia.txt 2>&1
wait
echo "jobs done at $(( $(date +%s) - T0 )) s"
grep -h "^record" $W/run/*.log

# pack: records, logs and probabilities in one tar; students as they are; the encoder in fp16 parts
cd $W/run && tar czf $OUTDIR/results.tgz rec_*.json *.log nvidia.txt probs_*.npz ../smoke*.log 2>/dev/null; cd - >/dev/null
cp $W/run/student_*.pt $OUTDIR/ 2>/dev/null
python3 - <<PY
import torch
ck = torch.load("$W/run/mlm_enc.pt", map_location="cpu")
st = {k: v.half() for k, v in ck["state"].items()}
keys = sorted(st, key=lambda k: -st[k].numel())
parts = [{}, {}, {}]
size = [0, 0, 0]
for k in keys:
    i = size.index(min(size)); parts[i][k] = st[k]; size[i] += st[k].numel() * 2
for i, p in enumerate(parts):
    torch.save({"cfg": ck["cfg"], "state": p, "part": i}, "$OUTDIR/mlm_enc_fp16_%d.pt" % i)
print("encoder parts", [round(s / 2**20, 1) for s in size], "MiB")
PY
ls -la $OUTDIR
echo "total $(( $(date +%s) - T0 )) s"
