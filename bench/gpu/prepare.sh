#!/usr/bin/env bash
# Prepares .device/ (git-ignored) for bench/gpu/run.sh on a GPU machine that has no Go and no
# internet, in parts small enough to travel: the device tool sends the tracked tree (about
# 46 MiB) plus carried paths, at most 64 MiB a call, so the ~50 MB CUDA bundle and the binary
# go over in several calls (bench/gpu/README.md lists them; this script prints them).
#
#   bench/gpu/prepare.sh BUNDLE_DIR [PART_MIB]
#
# BUNDLE_DIR: made by ../shared/gpu/make-cuda-bundle.sh BUNDLE_DIR 90 (sm_90: H100/H200).
# PART_MIB: size of one part (default 15).
# Writes .device/part.NN and .device/MANIFEST (SHA-256 of the payload and of every part).
set -euo pipefail
bundle=${1:?usage: bench/gpu/prepare.sh BUNDLE_DIR [PART_MIB]}
mib=${2:-15}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
for f in libonnxruntime.so.xz libonnxruntime_providers_cuda.so.xz libonnxruntime_providers_shared.so; do
	[ -f "$bundle/$f" ] || { echo "prepare: $bundle/$f missing: run ../shared/gpu/make-cuda-bundle.sh $bundle 90" >&2; exit 1; }
done
rm -rf .device && mkdir -p .device/stage/ort
cp "$bundle"/libonnxruntime.so.xz "$bundle"/libonnxruntime_providers_cuda.so.xz "$bundle"/libonnxruntime_providers_shared.so .device/stage/ort/
CGO_ENABLED=1 go build -trimpath -ldflags "-s -w -X github.com/tingzhen/tingzhen/engine.BuildVersion=$(git describe --always --dirty 2>/dev/null || echo dev)" \
	-o .device/stage/tingzhen ./cmd/tingzhen
tar -C .device/stage -cf - . | xz -T0 -6 >.device/payload.tar.xz
rm -rf .device/stage
(cd .device && split -b "${mib}M" -d -a 2 payload.tar.xz part. && sha256sum payload.tar.xz part.* >MANIFEST && rm payload.tar.xz)
n=$(ls .device/part.* | wc -l)
echo "prepare: $(du -ch .device/part.* | tail -1 | cut -f1) in $n parts under .device/. Device calls (one machine, back to back):" >&2
for p in .device/part.*; do
	if [ "$p" = "$(ls .device/part.* | tail -1)" ]; then
		echo "  run command='bench/gpu/run.sh --receive && bench/gpu/run.sh --out \$OUT' carry=['$p', '.device/MANIFEST'] timeout_s=570" >&2
	else
		echo "  run command='bench/gpu/run.sh --receive' carry=['$p', '.device/MANIFEST'] timeout_s=120" >&2
	fi
done
