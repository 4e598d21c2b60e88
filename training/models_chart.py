#!/usr/bin/python3
"""Write the accuracy-vs-speed chart (SVG, hand-written, no matplotlib) and the
architecture table for bench/results/models.md from bench/results/models_data.json.

  /usr/bin/python3 training/models_chart.py bench/results/models_data.json bench/results

models_data.json: list of runs, each
  {"name", "task", "params", "onnx_bytes", "train_seconds", "pytorch_us", "ort_us",
   "metrics": {label: value, ...}, "chart_metric": label, "shipped": bool}
"""

import html
import json
import os
import sys


def svg_chart(runs, metric_label, title, path):
    pts = [r for r in runs if r.get("ort_us") and metric_label in r["metrics"]]
    W, H, L, R, T, B = 640, 400, 70, 20, 40, 60
    xs = [r["ort_us"] for r in pts]
    ys = [r["metrics"][metric_label] for r in pts]
    x0, x1 = 0.0, max(xs) * 1.15
    y0 = min(ys) - 0.02
    y1 = max(ys) + 0.02

    def px(x):
        return L + (x - x0) / (x1 - x0) * (W - L - R)

    def py(y):
        return H - B - (y - y0) / (y1 - y0) * (H - T - B)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="12">']
    out.append(f'<rect width="{W}" height="{H}" fill="white"/>')
    out.append(f'<text x="{W / 2}" y="22" text-anchor="middle" font-size="14">{html.escape(title)}</text>')
    out.append(f'<line x1="{L}" y1="{H - B}" x2="{W - R}" y2="{H - B}" stroke="black"/>')
    out.append(f'<line x1="{L}" y1="{T}" x2="{L}" y2="{H - B}" stroke="black"/>')
    for i in range(6):
        xv = x0 + (x1 - x0) * i / 5
        out.append(f'<line x1="{px(xv):.1f}" y1="{H - B}" x2="{px(xv):.1f}" y2="{H - B + 5}" stroke="black"/>')
        out.append(f'<text x="{px(xv):.1f}" y="{H - B + 18}" text-anchor="middle">{xv:.0f}</text>')
        yv = y0 + (y1 - y0) * i / 5
        out.append(f'<line x1="{L - 5}" y1="{py(yv):.1f}" x2="{L}" y2="{py(yv):.1f}" stroke="black"/>')
        out.append(f'<line x1="{L}" y1="{py(yv):.1f}" x2="{W - R}" y2="{py(yv):.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{L - 8}" y="{py(yv) + 4:.1f}" text-anchor="end">{yv:.3f}</text>')
    out.append(f'<text x="{(L + W - R) / 2}" y="{H - 18}" text-anchor="middle">ONNX Runtime CPU µs per text (1 thread, batch 32, lower is faster)</text>')
    out.append(f'<text x="16" y="{(T + H - B) / 2}" text-anchor="middle" transform="rotate(-90 16 {(T + H - B) / 2})">{html.escape(metric_label)}</text>')
    placed = []  # label positions so far: a label that would overlap one moves down a line
    for r, x, y in zip(pts, xs, ys):
        color = "#d62728" if r.get("shipped") else "#1f77b4"
        out.append(f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="5" fill="{color}"/>')
        lx, ly = px(x) + 8, py(y) - 6
        while any(abs(ly - qy) < 13 and abs(lx - qx) < 150 for qx, qy in placed):
            ly += 13
        placed.append((lx, ly))
        out.append(f'<text x="{lx:.1f}" y="{ly:.1f}">{html.escape(r["name"])}</text>')
    out.append(f'<text x="{W - R}" y="{T}" text-anchor="end" fill="#d62728">red = shipped</text>')
    out.append("</svg>")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


def table(runs):
    labels = []
    for r in runs:
        for k in r["metrics"]:
            if k not in labels:
                labels.append(k)
    head = ["model", "params", "ONNX MB", "train s (1 thread)", "PyTorch µs/text", "ORT µs/text"] + labels
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in runs:
        row = [
            ("**%s**" % r["name"]) if r.get("shipped") else r["name"],
            f'{r["params"] / 1e6:.2f} M',
            f'{r["onnx_bytes"] / 1e6:.1f}' if r.get("onnx_bytes") else "—",
            f'{r["train_seconds"]:.0f}',
            f'{r["pytorch_us"]:.0f}' if r.get("pytorch_us") else "—",
            f'{r["ort_us"]:.0f}' if r.get("ort_us") else "—",
        ] + [f'{r["metrics"][k]:.3f}' if k in r["metrics"] else "—" for k in labels]
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def main():
    data_path, out_dir = sys.argv[1], sys.argv[2]
    with open(data_path, encoding="utf-8") as f:
        runs = json.load(f)
    for task in sorted({r["task"] for r in runs}):
        rs = [r for r in runs if r["task"] == task]
        metric = rs[0]["chart_metric"]
        svg_chart(rs, metric, f"{task}: {metric} vs ONNX Runtime CPU time", os.path.join(out_dir, f"models_{task}.svg"))
        with open(os.path.join(out_dir, f"models_{task}_table.md"), "w", encoding="utf-8") as f:
            f.write(table(rs) + "\n")
        print(table(rs))


if __name__ == "__main__":
    main()
