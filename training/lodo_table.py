#!/usr/bin/python3
"""Markdown table of leave-one-domain-out runs (train_sentiment.py --leave-out-domain ...
--lodo-out FILE), one column pair per run, domains as rows; the mean and the minimum over
the domains every run has (the same folds for every column).

  /usr/bin/python3 training/lodo_table.py bench/results/lodo/base.jsonl bench/results/lodo/mlm.jsonl
  /usr/bin/python3 training/lodo_table.py --seconds A.jsonl B.jsonl   (training rows, seconds of
      training and of the fold, and the 1-minute load average at its end, instead of accuracy)
  /usr/bin/python3 training/lodo_table.py --compact A.jsonl B.jsonl   (one column per run:
      "3-way / binary (best epoch)", with the mean validation 3-way and neutral-test rows)
"""

import json
import sys


def load(path):
    runs = {}
    for line in open(path, encoding="utf-8"):
        if line.strip():
            r = json.loads(line)
            runs[r["domain"]] = r
    return runs


def seconds_table(runs, names, common):
    """Per fold and run: training rows, seconds of training / of the whole fold (data, training,
    scoring), and the 1-minute load average when the fold ended."""
    head = ["domain"] + [f"{n}: rows, train s / fold s (load)" for n in names]
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for d in common:
        row = [d]
        for r in runs:
            x = r[d]
            row.append(f'{x.get("train_rows", "")}, {x["train_seconds"]:.0f} / {x["fold_seconds"]:.0f} ({x["load_avg"]:.1f})')
        out.append("| " + " | ".join(row) + " |")
    return "\n".join(out)


def compact_table(runs, names, common):
    """One column per run: 3-way / binary (best epoch) per fold; mean, min, mean validation
    3-way accuracy (what chose the epoch) and mean neutral-test 3-way accuracy."""
    out = ["| domain | n | " + " | ".join(names) + " |", "|---|---|" + "---|" * len(names)]
    for d in common:
        row = [d, str(runs[0][d]["test"]["n"])]
        for r in runs:
            t = r[d]["test"]
            row.append(f'{t["acc_3way"]:.3f} / {t["acc_binary"]:.3f} ({r[d]["best_epoch"]})')
        out.append("| " + " | ".join(row) + " |")

    def mean(xs):
        return sum(xs) / len(xs)

    rows = (
        (f"**mean** ({len(common)} domains)", lambda r: f'**{mean([r[d]["test"]["acc_3way"] for d in common]):.3f} / {mean([r[d]["test"]["acc_binary"] for d in common]):.3f}**'),
        ("**min**", lambda r: f'{min(r[d]["test"]["acc_3way"] for d in common):.3f} / {min(r[d]["test"]["acc_binary"] for d in common):.3f}'),
        ("mean validation 3-way (chooses)", lambda r: f'{mean([r[d]["val_acc_3way"] for d in common]):.4f}'),
        ("mean neutral test 3-way (981)", lambda r: f'{mean([r[d]["neu_test"]["acc_3way"] for d in common]):.3f}'),
    )
    for label, f in rows:
        out.append("| " + label + " | | " + " | ".join(f(r) for r in runs) + " |")
    return "\n".join(out)


def main():
    args = sys.argv[1:]
    seconds = "--seconds" in args
    compact = "--compact" in args
    paths = [a for a in args if a not in ("--seconds", "--compact")]
    runs = [load(p) for p in paths]
    common = [d for d in runs[0] if all(d in r for r in runs)]
    names = [next(iter(r.values()))["variant"] or p for r, p in zip(runs, paths)]
    if seconds:
        print(seconds_table(runs, names, common))
        return
    if compact:
        print(compact_table(runs, names, common))
        return
    head = ["domain", "n"] + [f"{n}: {m}" for n in names for m in ("3-way", "binary", "best ep")]
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for d in common:
        row = [d, str(runs[0][d]["test"]["n"])]
        for r in runs:
            t = r[d]["test"]
            row += [f'{t["acc_3way"]:.3f}', f'{t["acc_binary"]:.3f}', str(r[d]["best_epoch"])]
        out.append("| " + " | ".join(row) + " |")
    for label, f in (("mean", lambda xs: sum(xs) / len(xs)), ("min", min)):
        row = [f"**{label}** ({len(common)} domains)", ""]
        for r in runs:
            row += [f'**{f([r[d]["test"]["acc_3way"] for d in common]):.3f}**', f'**{f([r[d]["test"]["acc_binary"] for d in common]):.3f}**', ""]
        out.append("| " + " | ".join(row) + " |")
    print("\n".join(out))


if __name__ == "__main__":
    main()
