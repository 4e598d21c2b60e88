#!/bin/sh
# fetch_echarts.sh VERSION SHA256 DEST: take dist/echarts.min.js from the npm package
# echarts@VERSION (npm pack: the registry's tarball, checked by npm against its integrity
# hash), check the file's SHA-256 against the pinned one, and install it at DEST (the
# dashboard's embed folder). Idempotent; nothing is left in node_modules.
set -eu
version=$1 want=$2 dest=$3
if [ -f "$dest" ] && [ "$(sha256sum "$dest" | cut -d' ' -f1)" = "$want" ]; then
	exit 0
fi
command -v npm >/dev/null || { echo "fetch_echarts: npm is needed to fetch echarts@$version (the dashboard's charts)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "echarts@$version" >/dev/null)
tar -xzf "$tmp/echarts-$version.tgz" -C "$tmp" package/dist/echarts.min.js
got=$(sha256sum "$tmp/package/dist/echarts.min.js" | cut -d' ' -f1)
if [ "$got" != "$want" ]; then
	echo "fetch_echarts: echarts@$version dist/echarts.min.js has SHA-256 $got, want $want (pinned in the Makefile)" >&2
	exit 1
fi
mkdir -p "$(dirname "$dest")"
cp "$tmp/package/dist/echarts.min.js" "$dest.tmp" && mv "$dest.tmp" "$dest"
echo "fetch_echarts: installed echarts@$version at $dest"
