#!/bin/sh
# Installs the peer runtimes of tingzhen bench into bench/peers/node_modules (git-ignored):
#   @node-rs/jieba (jieba-rs), onnxruntime-node 1.29.0 (--ignore-scripts: its postinstall
#   downloads CUDA files and fails offline), and Python jieba from Debian.
set -eu
cd "$(dirname "$0")"
npm install --ignore-scripts --no-audit --no-fund --no-package-lock
if ! /usr/bin/python3 -c 'import jieba' 2>/dev/null; then
	echo "Python jieba missing: apt-get install -y python3-jieba" >&2
	if [ "$(id -u)" = 0 ]; then apt-get install -y python3-jieba; fi
fi
