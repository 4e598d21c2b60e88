#!/usr/bin/env python3
"""Merges what bench/gpu/run.sh wrote in WORK into one JSON (schema tingzhen-gpu-bench/1),
which `tingzhen bench gpu --from FILE` turns into bench/results/gpu.md.

WORK holds: speed__DEVICE__PRECISION__MODEL.json (tingzhen bench speed --json lists),
torch.json (bench/gpu/torch_peer.py), version.txt, host.txt, errors.txt, meta.json.
Usage: python3 bench/gpu/collect.py WORK OUT.json
"""

import glob
import json
import os
import sys


def read(path, default=""):
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except OSError:
        return default


def main():
    work, out = sys.argv[1], sys.argv[2]
    meta = json.loads(read(os.path.join(work, "meta.json"), "{}"))
    runs = []
    for p in sorted(glob.glob(os.path.join(work, "speed__*.json"))):
        _, device, precision, model = os.path.basename(p)[:-5].split("__", 3)
        try:
            rows = json.loads(read(p)) or []
        except ValueError as e:
            meta.setdefault("errors", []).append("%s: %s" % (os.path.basename(p), e))
            continue
        for r in rows:
            r.update(runtime="tingzhen", device=device, precision=precision, model=model)
            runs.append(r)
    try:
        runs += json.loads(read(os.path.join(work, "torch.json"), "[]"))
    except ValueError as e:
        meta.setdefault("errors", []).append("torch.json: %s" % e)
    errors = meta.pop("errors", []) + [l for l in read(os.path.join(work, "errors.txt")).splitlines() if l.strip()]
    doc = {"schema": "tingzhen-gpu-bench/1", **meta, "host": read(os.path.join(work, "host.txt")).strip(),
           "tingzhen_version": read(os.path.join(work, "version.txt")).strip(), "runs": runs, "errors": errors}
    with open(out, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=1, ensure_ascii=False)
    print("collect: %d runs, %d errors -> %s" % (len(runs), len(errors), out), file=sys.stderr)


if __name__ == "__main__":
    main()
