#!/usr/bin/env bash
# Installs the ONNX Runtime CPU shared library into third_party/ort (git-ignored), taken from the
# npm package onnxruntime-node at one pinned version. Idempotent: does nothing when present.
# Usage: scripts/fetch_ort.sh [DEST_DIR] (default third_party/ort); ORT_VERSION overrides the pin.
set -euo pipefail
ver="${ORT_VERSION:-1.29.0}"
dest="${1:-third_party/ort}"
lib="$dest/libonnxruntime.so.$ver"
if [ -f "$lib" ] && [ -L "$dest/libonnxruntime.so" ]; then exit 0; fi
command -v npm >/dev/null || { echo "fetch_ort: npm is required to download onnxruntime-node@$ver (install Node.js/npm)" >&2; exit 1; }
mkdir -p "$dest"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "fetch_ort: downloading onnxruntime-node@$ver from the npm registry" >&2
(cd "$tmp" && npm pack --silent "onnxruntime-node@$ver" >/dev/null)
tar -xzf "$tmp/onnxruntime-node-$ver.tgz" -C "$tmp" package/bin/napi-v6/linux/x64/libonnxruntime.so.1
cp "$tmp/package/bin/napi-v6/linux/x64/libonnxruntime.so.1" "$lib.part"
mv "$lib.part" "$lib"
ln -sf "libonnxruntime.so.$ver" "$dest/libonnxruntime.so"
echo "$ver" > "$dest/VERSION"
echo "fetch_ort: installed $lib" >&2
