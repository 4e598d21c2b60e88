#!/usr/bin/env bash
# Installs ONNX Runtime's CUDA execution provider beside the CPU library in DEST_DIR (default
# third_party/ort, git-ignored), from npm packages at pinned versions, and verifies it:
#   - the core library must be onnxruntime-node@1.29.0's libonnxruntime.so.1 (it has the CUDA
#     provider bridge); scripts/fetch_ort.sh installs it, and its SHA-256 is checked here;
#   - libonnxruntime_providers_shared.so and libonnxruntime_providers_cuda.so come from
#     com.github.asus4.onnxruntime.linux-x64-gpu@0.4.9, the official ORT 1.29.0 CUDA 13 build;
#   - each file's SHA-256 must equal the pin below, the shared bridge must have soname
#     libonnxruntime_providers_shared.so and export Provider_GetHost/Provider_SetHost, the
#     CUDA provider must export GetProvider and need libcudart.so.13.
# Idempotent: with the verified files already there it only re-checks them and prints the line.
# Usage: scripts/fetch_ort_cuda.sh [DEST_DIR]        (called by `make deps-cuda`)
# Not part of `make deps`: the provider is 230 MB and only useful on an NVIDIA GPU machine.
set -euo pipefail
ver=1.29.0
gpu_pkg=com.github.asus4.onnxruntime.linux-x64-gpu
gpu_ver=0.4.9
core_sha=89688f5cf51c7e31befbb7b9101bc027799009b18d1baa9a5b1146a72e69538d
shared_sha=c6a12593396095f5670160e284c35d1700b7708cf3037b7042e2a5200ccae772
cuda_sha=56cf3254b118ad837ccc4ed8f6d1b23504bbf7ef91b34cbc0b289cb7f10b3037
dest="${1:-third_party/ort}"
here=$(cd "$(dirname "$0")" && pwd)
die() { echo "deps-cuda: $*" >&2; exit 1; }

for tool in sha256sum readelf tar; do
	command -v "$tool" >/dev/null || die "$tool is required (coreutils, binutils, tar)"
done

ORT_VERSION=$ver "$here/fetch_ort.sh" "$dest"
core="$dest/libonnxruntime.so.$ver"
got=$(sha256sum "$core" | cut -d' ' -f1)
[ "$got" = "$core_sha" ] || die "$core has SHA-256 $got, want $core_sha (onnxruntime-node@$ver's libonnxruntime.so.1, the build with the CUDA provider bridge): remove it and run make deps-cuda again"

# verify FILE SHA256: checksum, then what the loader and ORT need from the file.
verify() {
	local f=$1 want=$2 got
	[ -f "$f" ] || return 1
	got=$(sha256sum "$f" | cut -d' ' -f1)
	[ "$got" = "$want" ] || { echo "deps-cuda: $f has SHA-256 $got, want $want" >&2; return 1; }
	case "$(basename "$f")" in
	libonnxruntime_providers_shared.so)
		readelf -d "$f" | grep -q 'Library soname: \[libonnxruntime_providers_shared.so\]' || { echo "deps-cuda: $f: soname is not libonnxruntime_providers_shared.so" >&2; return 1; }
		for s in Provider_GetHost Provider_SetHost; do
			readelf --dyn-syms -W "$f" | grep -q " $s@" || { echo "deps-cuda: $f does not export $s (the provider bridge)" >&2; return 1; }
		done ;;
	libonnxruntime_providers_cuda.so)
		readelf --dyn-syms -W "$f" | grep -q ' GetProvider@' || { echo "deps-cuda: $f does not export GetProvider" >&2; return 1; }
		readelf -d "$f" | grep -q 'Shared library: \[libcudart.so.13\]' || { echo "deps-cuda: $f does not need libcudart.so.13 (not the CUDA 13 build)" >&2; return 1; } ;;
	esac
}

shared="$dest/libonnxruntime_providers_shared.so"
cuda="$dest/libonnxruntime_providers_cuda.so"
if ! verify "$shared" "$shared_sha" 2>/dev/null || ! verify "$cuda" "$cuda_sha" 2>/dev/null; then
	command -v npm >/dev/null || die "npm is required to download $gpu_pkg@$gpu_ver (install Node.js/npm)"
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	echo "deps-cuda: downloading $gpu_pkg@$gpu_ver (about 180 MB) from the npm registry" >&2
	(cd "$tmp" && npm pack --silent "$gpu_pkg@$gpu_ver" >/dev/null)
	tar -xzf "$tmp/$gpu_pkg-$gpu_ver.tgz" -C "$tmp" \
		package/Plugins/Linux/x64/libonnxruntime_providers_shared.so \
		package/Plugins/Linux/x64/libonnxruntime_providers_cuda.so
	for f in libonnxruntime_providers_shared.so libonnxruntime_providers_cuda.so; do
		src="$tmp/package/Plugins/Linux/x64/$f"
		case $f in *shared*) want=$shared_sha ;; *) want=$cuda_sha ;; esac
		verify "$src" "$want" || die "the downloaded $f failed verification; nothing installed"
		chmod 0755 "$src"
		mv "$src" "$dest/$f.part"
		mv "$dest/$f.part" "$dest/$f"
	done
fi
verify "$shared" "$shared_sha" || die "$shared failed verification"
verify "$cuda" "$cuda_sha" || die "$cuda failed verification"
echo "deps-cuda: ONNX Runtime $ver CUDA execution provider ($gpu_pkg@$gpu_ver, SHA-256 checked) installed in $dest beside $(basename "$core"); at run time it needs the NVIDIA driver (libcuda.so.1), CUDA 13 (libcudart.so.13, libcublas.so.13, libcublasLt.so.13, libcurand.so.10) and cuDNN 9 (libcudnn.so.9) on LD_LIBRARY_PATH or in $dest"
