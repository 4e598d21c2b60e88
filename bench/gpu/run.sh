#!/usr/bin/env bash
# The prepared GPU check (issue 20): runs on the device machine (no Go, no internet) from the
# repository root, with .device/ prepared here as bench/gpu/README.md says. Writes one JSON,
# $OUT/gpu.json, that `bin/tingzhen bench gpu --from gpu.json --out bench/results/gpu.md` turns
# into the report. About 4-5 minutes on an H100/H200; every step has its own timeout and a
# failed step is recorded in the JSON's errors, the others go on.
#
#   bench/gpu/run.sh [--dry-run] [--out DIR]
#
# Steps: ORT CUDA bundle unpacked from .device/ort (make-cuda-bundle.sh's files) and the CUDA 13
# and cuDNN 9 libraries found (pip's nvidia/* folders, /usr/local/cuda*) for LD_LIBRARY_PATH;
# `tingzhen version` (devices line); fp16 variants of the shipped models and a BERT-base-shaped
# model (training/make_bert_base.py) made on the spot; `tingzhen bench speed` at batches
# 1/32/128, sequence length 128, fp32 and fp16 on cuda; the shipped models on one CPU core at
# batch 32 (the 10x baseline); PyTorch eager (fp32, fp16, fp16 autocast) on the BERT shapes.
#
# --dry-run: the same steps on this CPU machine (--device cpu, batches 1,2, 1 s per setting,
# PyTorch fp32 only, the ORT library from third_party/ort): checks files, shapes and the JSON.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"
dry=0
out="${OUT:-$root/tmp/gpu-out}"
recv="$root/tmp/device-recv" # git-ignored: kept on the warm machine between calls
receive=0
while [ $# -gt 0 ]; do
	case $1 in
	--dry-run) dry=1 ;;
	--receive) receive=1 ;;
	--out) out=$2; shift ;;
	*) echo "usage: bench/gpu/run.sh [--dry-run] [--receive] [--out DIR]" >&2; exit 2 ;;
	esac
	shift
done
# --receive: keep the .device parts this call carried (bench/gpu/prepare.sh), say what is
# still missing, and print what the machine has (GPU, Python, torch, CUDA libraries).
if [ $receive = 1 ]; then
	mkdir -p "$recv"
	cp .device/MANIFEST .device/part.* "$recv/" 2>/dev/null
	(cd "$recv" && grep ' part\.' MANIFEST | sha256sum -c --quiet --ignore-missing) || { echo "receive: a part failed its SHA-256" >&2; exit 1; }
	missing=$(cd "$recv" && grep ' part\.' MANIFEST | awk '{print $2}' | while read -r p; do [ -f "$p" ] || echo "$p"; done)
	echo "receive: have $(ls "$recv" | grep -c '^part\.') parts; missing: $(echo ${missing:-none})"
	command -v nvidia-smi >/dev/null && nvidia-smi -L
	python3 -c 'import torch, sys; print("python", sys.version.split()[0], "torch", torch.__version__, "cuda", torch.version.cuda, torch.cuda.is_available())' 2>&1 | tail -1
	exit 0
fi
# Unpack the received payload into .device/ (ort/*.xz, tingzhen) once all parts are there.
if [ $dry = 0 ] && [ ! -f .device/ort/libonnxruntime.so.xz ] && [ -f "$recv/MANIFEST" ]; then
	(cd "$recv" && cat $(grep ' part\.' MANIFEST | awk '{print $2}') >payload.tar.xz && grep ' payload.tar.xz' MANIFEST | sha256sum -c --quiet) &&
		mkdir -p .device && tar -C .device -xJf "$recv/payload.tar.xz" && rm -f "$recv/payload.tar.xz" ||
		echo "receive: the payload in $recv is incomplete or fails its SHA-256" >&2
fi
work=$(mktemp -d /tmp/tz-gpu.XXXXXX)
mkdir -p "$out"
py=python3
[ -x /usr/bin/python3 ] && [ $dry = 1 ] && py=/usr/bin/python3 # Debian's torch + onnx here
errs="$work/errors.txt"
: >"$errs"
log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }
# step NAME TIMEOUT CMD...: runs CMD with a timeout, records a failure in errors.txt.
budget=${BUDGET:-480} # seconds for all steps: the JSON is written even when they run out
step() {
	local name=$1 t=$2
	shift 2
	local left=$((budget - SECONDS))
	if [ $left -lt 10 ]; then
		echo "$name: skipped, the ${budget}s budget was spent" >>"$errs"
		return 1
	fi
	[ $t -gt $left ] && t=$left
	log "$name"
	timeout "$t" "$@" 2>>"$work/$name.log"
	local rc=$?
	if [ $rc -ne 0 ]; then
		echo "$name: exit $rc: $(tail -n 3 "$work/$name.log" | tr '\n' ' ' | cut -c1-400)" >>"$errs"
		log "$name failed (exit $rc)"
	fi
	return $rc
}

if [ $dry = 1 ]; then
	device=cpu batches=1,2 dur=1s tdur=1 precisions=fp32 threads=1
	lib="$root/third_party/ort/libonnxruntime.so.1.29.0"
else
	device=cuda batches=1,32,128 dur=3s tdur=3 precisions=fp32,fp16,fp16-autocast threads=1
	lib=/tmp/ort/libonnxruntime.so.1.29.0
	mkdir -p /tmp/ort
	if [ -f .device/ort/libonnxruntime.so.xz ]; then
		for f in .device/ort/*.xz; do xz -dc "$f" >"/tmp/ort/$(basename "$f" .xz)"; done
		cp .device/ort/libonnxruntime_providers_shared.so /tmp/ort/
		mv /tmp/ort/libonnxruntime.so /tmp/ort/libonnxruntime.so.1.29.0
	else
		echo "ort: .device/ort/libonnxruntime.so.xz missing (see bench/gpu/README.md)" >>"$errs"
	fi
	# The CUDA 13 / cuDNN 9 runtime: pip's nvidia packages (torch's) or a CUDA toolkit.
	roots=$($py -c 'import site, sys; print(" ".join(site.getsitepackages() + [site.getusersitepackages()] + [p for p in sys.path if p.endswith("-packages")]))' 2>/dev/null)
	roots=$(for r in $roots; do [ -d "$r" ] && echo "$r"; done | sort -u | tr '\n' ' ')
	for l in libcudart.so.13 libcublas.so.13 libcublasLt.so.13 libcurand.so.10 libcudnn.so.9; do
		d=$(find $roots /usr/local/cuda* /usr/lib/x86_64-linux-gnu -name "$l" -print -quit 2>/dev/null)
		if [ -n "$d" ]; then
			case ":${LD_LIBRARY_PATH:-}:" in *":$(dirname "$d"):"*) ;; *) LD_LIBRARY_PATH="$(dirname "$d"):${LD_LIBRARY_PATH:-}" ;; esac
		else
			echo "cuda-libs: $l not found under $roots /usr/local/cuda* /usr/lib/x86_64-linux-gnu" >>"$errs"
		fi
	done
	export LD_LIBRARY_PATH
fi
bin="$root/.device/tingzhen" # built here by bench/gpu/prepare.sh
[ $dry = 1 ] && bin="$root/bin/tingzhen"
started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
{
	echo "uname: $(uname -srm)"
	echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), nproc $(nproc)"
	command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | sed 's/^/gpu: /'
	echo "python: $($py --version 2>&1), torch $($py -c 'import torch; print(torch.__version__, "cuda", torch.version.cuda)' 2>/dev/null)"
	echo "LD_LIBRARY_PATH: ${LD_LIBRARY_PATH:-}"
	echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$work/host.txt" 2>&1
TINGZHEN_ORT_LIB="$lib" "$bin" --version >"$work/version.txt" 2>&1
step version 60 "$bin" version --home "$root" --ort-lib "$lib" --no-aspects >>"$work/version.txt"

# Models: the shipped ones and their fp16 variants, a BERT-base-shaped one and its fp16.
models="sentiment-zh aspect-zh category-car polarity-zh"
mdir="$work/models"
mkdir -p "$mdir"
for m in $models; do
	cp -r "models/$m" "$mdir/$m"
	step "fp16-$m" 120 $py scripts/onnx_fp16.py "models/$m" "$mdir/$m-fp16" >/dev/null
done
step bert-export 240 $py training/make_bert_base.py --out "$mdir/bert-base-random" >/dev/null &&
	step bert-fp16 180 $py scripts/onnx_fp16.py "$mdir/bert-base-random" "$mdir/bert-base-random-fp16" >/dev/null

# tingzhen on the device: every model, fp32 and fp16, batches x seq 128.
for m in $models bert-base-random; do
	for p in fp32 fp16; do
		d="$mdir/$m"
		[ $p = fp16 ] && d="$mdir/$m-fp16"
		[ -f "$d/model.onnx" ] || continue
		step "speed-$device-$p-$m" 240 "$bin" bench speed --home "$root" --ort-lib "$lib" --device "$device" --threads $threads \
			--model "$d" --batch $batches --seq-len 128 --duration $dur --warmup 3 --json --out "$work/speed__${device}__${p}__$m.json"
	done
done
# One CPU core, batch 32: the baseline of the "GPU >= 10x one core" target (shipped models).
if [ $dry = 0 ]; then
	for m in $models; do
		step "speed-cpu-fp32-$m" 120 "$bin" bench speed --home "$root" --ort-lib "$lib" --device cpu --threads 1 \
			--model "$mdir/$m" --batch 32 --seq-len 128 --duration $dur --warmup 3 --json --out "$work/speed__cpu__fp32__$m.json"
	done
fi
# PyTorch eager, same shapes.
step torch 240 $py bench/gpu/torch_peer.py --device $device --batch $batches --seq-len 128 --duration $tdur \
	--precision $precisions --out "$work/torch.json"

printf '{"dry_run": %s, "device": "%s", "started": "%s", "finished": "%s", "batches": "%s", "seq_len": 128, "duration": "%s"}\n' \
	"$([ $dry = 1 ] && echo true || echo false)" "$device" "$started" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$batches" "$dur" >"$work/meta.json"
$py bench/gpu/collect.py "$work" "$out/gpu.json"
tar -C "$work" -czf "$out/logs.tgz" --exclude=models . 2>/dev/null
log "wrote $out/gpu.json"
rm -rf "$work"
