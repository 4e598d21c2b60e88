package bench

import (
	"fmt"
	"html"
	"io"
	"math"
	"strings"
)

// WriteAccuracyMarkdown writes the side-by-side table of all results, then each result's
// per-class scores and confusion matrix.
func WriteAccuracyMarkdown(w io.Writer, rs []*AccuracyResult) {
	fmt.Fprintln(w, "| model | data | format | n | metric | score | accuracy | macro-F1 | P | R | texts/s (eval, batch) |")
	fmt.Fprintln(w, "|---|---|---|---:|---|---:|---:|---:|---:|---:|---:|")
	for _, r := range rs {
		acc, mf, p, rc := "", "", "", ""
		if r.Confusion != nil {
			acc, mf = f4(r.Accuracy), f4(r.MacroF1)
		}
		if r.Set != nil {
			p, rc = f4(r.Set.Precision), f4(r.Set.Recall)
		}
		fmt.Fprintf(w, "| %s | %s | %s | %d | %s | %s | %s | %s | %s | %s | %.0f (%d) |\n", r.Model, r.Data, r.Format, r.N, r.Metric, f4(r.Score), acc, mf, p, rc, r.TextsPerSec, r.Batch)
	}
	for _, r := range rs {
		if r.Set != nil {
			fmt.Fprintf(w, "\n%s on %s: tp %d, predicted %d, gold %d → P %s R %s F1 %s\n", r.Model, r.Data, r.Set.TP, r.Set.Predicted, r.Set.Gold, f4(r.Set.Precision), f4(r.Set.Recall), f4(r.Set.F1))
			continue
		}
		if r.Confusion == nil {
			continue
		}
		fmt.Fprintf(w, "\n%s on %s — per class:\n\n| class | precision | recall | F1 | support | predicted |\n|---|---:|---:|---:|---:|---:|\n", r.Model, r.Data)
		for _, c := range r.Classes {
			fmt.Fprintf(w, "| %s | %s | %s | %s | %d | %d |\n", c.Label, f4(c.Precision), f4(c.Recall), f4(c.F1), c.Support, c.Predicted)
		}
		writeConfusionMarkdown(w, r.Confusion)
	}
}

// writeConfusionMarkdown writes c as a markdown table, rows gold, columns predicted.
func writeConfusionMarkdown(w io.Writer, c *Confusion) {
	fmt.Fprintf(w, "\nconfusion (rows gold, columns predicted):\n\n| gold \\ pred | %s |\n|---|%s\n", strings.Join(c.Labels, " | "), strings.Repeat("---:|", len(c.Labels)))
	for _, g := range c.Labels {
		cells := make([]string, len(c.Labels))
		for k, p := range c.Labels {
			cells[k] = fmt.Sprint(c.Get(g, p))
		}
		fmt.Fprintf(w, "| %s | %s |\n", g, strings.Join(cells, " | "))
	}
}

// WriteSpeedMarkdown writes one row per speed result.
func WriteSpeedMarkdown(w io.Writer, rs []*SpeedResult) {
	fmt.Fprintln(w, "| model | input | threads | batch | seq | batches | texts/s | tokens/s | p50 ms | p95 ms | p99 ms | peak RSS MiB |")
	fmt.Fprintln(w, "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, r := range rs {
		seq := "real"
		if r.SeqLen > 0 {
			seq = fmt.Sprint(r.SeqLen)
		}
		fmt.Fprintf(w, "| %s | %s | %d | %d | %s | %d | %.1f | %.0f | %.2f | %.2f | %.2f | %.0f |\n", r.Model, r.Input, r.Threads, r.Batch, seq, r.Batches, r.TextsPerSec, r.TokensPerSec, r.P50ms, r.P95ms, r.P99ms, r.PeakRSSMB)
	}
}

// WritePipelineMarkdown writes the stage table.
func WritePipelineMarkdown(w io.Writer, p *PipelineResult) {
	fmt.Fprintf(w, "%d texts, %d bytes, fastest of %d rounds per stage: Analyze %.1f ms (%.0f texts/s). Stages are measured inside Analyze (engine.Stats); map is Analyze minus the other stages.\n\n", p.Texts, p.Bytes, p.Rounds, p.TotalMs, p.TextsPerSec)
	fmt.Fprintln(w, "| stage | ms | share of Analyze | µs/text | what |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---|")
	for _, s := range p.Stages {
		fmt.Fprintf(w, "| %s | %.1f | %.1f %% | %.1f | %s |\n", s.Stage, s.Millis, 100*s.Share, s.PerText, s.Note)
	}
}

func f4(x float64) string { return fmt.Sprintf("%.4f", x) }

// ChartPoint is one model on the chart.
type ChartPoint struct {
	Label      string
	Score      float64 // y: 0..1
	Throughput float64 // x: texts/s, log scale
}

// WriteChartSVG draws score against throughput (log x axis), one labelled point per model.
func WriteChartSVG(w io.Writer, title, yLabel string, pts []ChartPoint) error {
	const W, H, L, R, T, B = 720.0, 440.0, 70.0, 30.0, 40.0, 60.0
	lo, hi := math.Inf(1), math.Inf(-1)
	ylo, yhi := 1.0, 0.0
	for _, p := range pts {
		if p.Throughput > 0 {
			lo, hi = math.Min(lo, p.Throughput), math.Max(hi, p.Throughput)
		}
		ylo, yhi = math.Min(ylo, p.Score), math.Max(yhi, p.Score)
	}
	if math.IsInf(lo, 1) {
		lo, hi = 1, 10
	}
	x0, x1 := math.Floor(math.Log10(lo)), math.Ceil(math.Log10(hi))
	if x1 <= x0 {
		x1 = x0 + 1
	}
	y0, y1 := math.Max(0, math.Floor(ylo*10-0.5)/10), math.Min(1, math.Ceil(yhi*10+0.5)/10)
	if y1 <= y0 {
		y0, y1 = 0, 1
	}
	px := func(v float64) float64 { return L + (math.Log10(math.Max(v, 1e-9))-x0)/(x1-x0)*(W-L-R) }
	py := func(v float64) float64 { return H - B - (v-y0)/(y1-y0)*(H-T-B) }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%.0f" height="%.0f" viewBox="0 0 %.0f %.0f" font-family="sans-serif" font-size="12">`+"\n", W, H, W, H)
	fmt.Fprintf(&b, `<rect width="100%%" height="100%%" fill="white"/>`+"\n")
	fmt.Fprintf(&b, `<text x="%.0f" y="22" text-anchor="middle" font-size="14">%s</text>`+"\n", W/2, html.EscapeString(title))
	fmt.Fprintf(&b, `<line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" stroke="black"/>`+"\n", L, H-B, W-R, H-B)
	fmt.Fprintf(&b, `<line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" stroke="black"/>`+"\n", L, T, L, H-B)
	for e := x0; e <= x1; e++ {
		x := px(math.Pow(10, e))
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.0f" x2="%.1f" y2="%.0f" stroke="#ddd"/><text x="%.1f" y="%.0f" text-anchor="middle">%g</text>`+"\n", x, T, x, H-B, x, H-B+16, math.Pow(10, e))
	}
	for k := 0; k <= 5; k++ {
		v := y0 + (y1-y0)*float64(k)/5
		y := py(v)
		fmt.Fprintf(&b, `<line x1="%.0f" y1="%.1f" x2="%.0f" y2="%.1f" stroke="#ddd"/><text x="%.0f" y="%.1f" text-anchor="end">%.2f</text>`+"\n", L, y, W-R, y, L-6, y+4, v)
	}
	fmt.Fprintf(&b, `<text x="%.0f" y="%.0f" text-anchor="middle">throughput, texts/s (log scale)</text>`+"\n", (L+W-R)/2, H-B+40)
	fmt.Fprintf(&b, `<text x="18" y="%.0f" text-anchor="middle" transform="rotate(-90 18 %.0f)">%s</text>`+"\n", (T+H-B)/2, (T+H-B)/2, html.EscapeString(yLabel))
	colors := []string{"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"}
	for i, p := range pts {
		x, y := px(p.Throughput), py(p.Score)
		c := colors[i%len(colors)]
		anchor, tx := "start", x+9
		if x > L+(W-L-R)/2 { // right half: label to the left of the point
			anchor, tx = "end", x-9
		}
		fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="6" fill="%s"/><text x="%.1f" y="%.1f" fill="%s" text-anchor="%s">%s</text>`+"\n", x, y, c, tx, y-8, c, anchor, html.EscapeString(fmt.Sprintf("%s (%.3f, %.0f/s)", p.Label, p.Score, p.Throughput)))
	}
	b.WriteString("</svg>\n")
	_, err := io.WriteString(w, b.String())
	return err
}
