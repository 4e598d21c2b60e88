#!/usr/bin/python3
"""Markdown tables of sentiment_transfer.py runs (bench/results/models.md, issue 19):
the distillation teachers' ensemble per fold, the multi-task polarity head on polarity-zh's
validation parts, and seconds per fold with the load, for any --lodo-out files.

  /usr/bin/python3 training/transfer_table.py bench/results/lodo/cut30k_cnn_3ep.jsonl \
      bench/results/lodo/cut30k_mtl_3ep.jsonl bench/results/lodo/cut30k_distill_3ep.jsonl
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lodo_table import load  # noqa: E402  (one --lodo-out file: domain -> its JSON line)


def main():
    paths = sys.argv[1:]
    runs = [load(p) for p in paths]
    names = [next(iter(r.values()))["variant"] or p for r, p in zip(runs, paths)]
    common = [d for d in runs[0] if all(d in r for r in runs)]

    print("Seconds per fold (training; in brackets the whole fold with data preparation), load average at the fold's end:\n")
    head = ["domain"] + names
    print("| " + " | ".join(head) + " |\n|" + "---|" * len(head))
    for d in common:
        row = [d]
        for r in runs:
            x = r[d]
            row.append(f'{x["train_seconds"]:.0f} ({x["fold_seconds"]:.0f}), load {x["load_avg"]:.1f}')
        print("| " + " | ".join(row) + " |")

    for r, n in zip(runs, names):
        if any("teacher_ensemble" in r[d] for d in common):
            print(f"\n{n}: the teachers per fold (3-way accuracy on the left-out domain; validation 3-way):\n")
            print("| domain | teacher 1 | teacher 2 | ensemble (mean of probabilities) | ensemble binary | ensemble val | student | student val |\n|---|---|---|---|---|---|---|---|")
            for d in common:
                e = r[d]["teacher_ensemble"]
                m = e["test_members_acc_3way"]
                print(f'| {d} | {m[0]:.3f} | {m[1]:.3f} | {e["test"]["acc_3way"]:.3f} | {e["test"]["acc_binary"]:.3f} | {e["val"]["acc_3way"]:.4f} | {r[d]["test"]["acc_3way"]:.3f} | {r[d]["val_acc_3way"]:.4f} |')
            ens = [r[d]["teacher_ensemble"]["test"]["acc_3way"] for d in common]
            st = [r[d]["test"]["acc_3way"] for d in common]
            print(f"| **mean** | | | **{sum(ens) / len(ens):.3f}** | | | **{sum(st) / len(st):.3f}** | |")
        if any("polarity_val_at_best_epoch" in r[d] for d in common):
            print(f"\n{n}: the aspect-polarity head at the epoch chosen by sentiment validation (3-way accuracy on polarity-zh's validation parts):\n")
            print("| domain | APC val (1,293) | car val (674) | ASTE val (1,151) | mean(APC, car) | polarity training items |\n|---|---|---|---|---|---|")
            for d in common:
                p = r[d]["polarity_val_at_best_epoch"]
                print(f'| {d} | {p["apc_val"]:.3f} | {p["car_val"]:.3f} | {p["aste_val"]:.3f} | {(p["apc_val"] + p["car_val"]) / 2:.3f} | {r[d]["polarity_train_items"]} |')


if __name__ == "__main__":
    main()
