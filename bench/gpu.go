package bench

// The GPU report: bench/gpu/run.sh (on a device machine) writes one JSON, ReadGPUReport parses
// it and WriteGPUMarkdown writes bench/results/gpu.md with the two comparisons: the
// engine against PyTorch eager fp16 on a BERT-base-shaped model, and the shipped models on the
// GPU against one CPU core.

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
)

// GPUReportSchema is the schema tag bench/gpu/collect.py writes.
const GPUReportSchema = "tingzhen-gpu-bench/1"

// GPURun is one measured setting: the engine (runtime "tingzhen", bench speed's fields) or
// PyTorch ("pytorch-eager").
type GPURun struct {
	Runtime     string  `json:"runtime"`
	Device      string  `json:"device"`
	Model       string  `json:"model"`
	Precision   string  `json:"precision"` // fp32, fp16, fp16-autocast
	Threads     int     `json:"threads"`
	Batch       int     `json:"batch"`
	SeqLen      int     `json:"seq_len"`
	Texts       int     `json:"texts"`
	Seconds     float64 `json:"seconds"`
	TextsPerSec float64 `json:"texts_per_sec"`
	P50ms       float64 `json:"p50_ms"`
	P95ms       float64 `json:"p95_ms"`
	P99ms       float64 `json:"p99_ms"`
}

// GPUReport is what bench/gpu/run.sh writes.
type GPUReport struct {
	Schema   string   `json:"schema"`
	DryRun   bool     `json:"dry_run"`
	Device   string   `json:"device"`
	Started  string   `json:"started"`
	Finished string   `json:"finished"`
	Duration string   `json:"duration"`
	Host     string   `json:"host"`
	Version  string   `json:"tingzhen_version"`
	Runs     []GPURun `json:"runs"`
	Errors   []string `json:"errors"`
}

// ReadGPUReport parses and checks a report: the schema tag, and every run with a runtime,
// model, precision, positive batch and a throughput that is a number of texts per second.
func ReadGPUReport(r io.Reader) (*GPUReport, error) {
	var rep GPUReport
	dec := json.NewDecoder(r)
	if err := dec.Decode(&rep); err != nil {
		return nil, fmt.Errorf("parse GPU report: %w", err)
	}
	if rep.Schema != GPUReportSchema {
		return nil, fmt.Errorf("GPU report: schema %q, want %q (written by bench/gpu/run.sh)", rep.Schema, GPUReportSchema)
	}
	for i, g := range rep.Runs {
		if g.Runtime == "" || g.Model == "" || g.Precision == "" || g.Batch <= 0 || g.TextsPerSec < 0 || g.Seconds < 0 {
			return nil, fmt.Errorf("GPU report: run %d (%s %s %s batch %d) lacks runtime, model, precision or a positive batch", i, g.Runtime, g.Model, g.Precision, g.Batch)
		}
	}
	return &rep, nil
}

// find returns the run matching all of runtime, device, model, precision and batch.
func (rep *GPUReport) find(runtime, device, model, precision string, batch int) (GPURun, bool) {
	for _, g := range rep.Runs {
		if g.Runtime == runtime && g.Device == device && g.Model == model && g.Precision == precision && g.Batch == batch {
			return g, true
		}
	}
	return GPURun{}, false
}

func gpuCell(g GPURun, ok bool) string {
	if !ok {
		return "—"
	}
	return groupDigits(g.TextsPerSec)
}

// groupDigits writes a throughput: one decimal under 100, else whole with thousands commas.
func groupDigits(v float64) string {
	if v < 99.95 {
		return fmt.Sprintf("%.1f", v)
	}
	s := fmt.Sprintf("%.0f", v)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

func speedup(a, b float64) string {
	if a <= 0 || b <= 0 {
		return "—"
	}
	return fmt.Sprintf("%.2f×", a/b)
}

// WriteGPUMarkdown writes the report: where and when, the BERT-base comparison with PyTorch,
// the shipped models against one CPU core, every run, and the errors.
func WriteGPUMarkdown(w io.Writer, rep *GPUReport) {
	dev := rep.Device
	fmt.Fprint(w, "# GPU inference: tingzhen (Go + ONNX Runtime CUDA) vs PyTorch eager\n\n")
	if rep.DryRun {
		fmt.Fprintf(w, "**DRY RUN on %s**: `bench/gpu/run.sh --dry-run` checks files, shapes and this report; its numbers are not GPU numbers.\n\n", dev)
	}
	fmt.Fprintf(w, "Written by `bench/gpu/run.sh` (%s → %s, %s per setting after 3 warm-up batches), turned into this file by `tingzhen bench gpu --from gpu.json`.\n", rep.Started, rep.Finished, rep.Duration)
	fmt.Fprintf(w, "The engine's texts/s include tokenization and reading the outputs back; PyTorch's start from token ids already on the device.\n\n")
	if rep.Host != "" {
		fmt.Fprintf(w, "```\n%s\n```\n\n", rep.Host)
	}
	if rep.Version != "" {
		fmt.Fprintf(w, "```\n%s\n```\n\n", rep.Version)
	}
	var batches []int
	seen := map[int]bool{}
	for _, g := range rep.Runs {
		if !seen[g.Batch] {
			seen[g.Batch] = true
			batches = append(batches, g.Batch)
		}
	}
	sort.Ints(batches)

	const bert = "bert-base-random"
	fmt.Fprintf(w, "## BERT-base-shaped (12 layers, hidden 768, random weights), sequence length 128, texts/s on %s\n\n", dev)
	fmt.Fprintln(w, "Target: the engine ≥ 1.5× PyTorch eager fp16.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| batch | tingzhen fp32 | tingzhen fp16 | PyTorch fp32 | PyTorch fp16 | PyTorch fp16 autocast | best tingzhen / best PyTorch fp16 |")
	fmt.Fprintln(w, "|---:|---:|---:|---:|---:|---:|---:|")
	for _, b := range batches {
		t32, ok32 := rep.find("tingzhen", dev, bert, "fp32", b)
		t16, ok16 := rep.find("tingzhen", dev, bert, "fp16", b)
		p32, okp32 := rep.find("pytorch-eager", dev, bert, "fp32", b)
		p16, okp16 := rep.find("pytorch-eager", dev, bert, "fp16", b)
		pa, okpa := rep.find("pytorch-eager", dev, bert, "fp16-autocast", b)
		if !ok32 && !ok16 && !okp32 && !okp16 && !okpa {
			continue
		}
		fmt.Fprintf(w, "| %d | %s | %s | %s | %s | %s | %s |\n", b, gpuCell(t32, ok32), gpuCell(t16, ok16), gpuCell(p32, okp32), gpuCell(p16, okp16), gpuCell(pa, okpa),
			speedup(max(t32.TextsPerSec, t16.TextsPerSec), max(p16.TextsPerSec, pa.TextsPerSec)))
	}
	fmt.Fprintln(w)

	var shipped []string
	for _, g := range rep.Runs {
		if g.Runtime == "tingzhen" && g.Model != bert && !slices.Contains(shipped, g.Model) {
			shipped = append(shipped, g.Model)
		}
	}
	sort.Strings(shipped)
	fmt.Fprintf(w, "## Shipped models, sequence length 128, texts/s\n\n")
	fmt.Fprintf(w, "Target: %s ≥ 10× one CPU core (`--device cpu --threads 1`, batch 32, same machine).\n\n", dev)
	fmt.Fprintf(w, "| model | batch | %s fp32 | %s fp16 | one CPU core fp32, batch 32 | best %s / CPU core |\n", dev, dev, dev)
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|")
	for _, m := range shipped {
		cpu, okc := rep.find("tingzhen", "cpu", m, "fp32", 32)
		for _, b := range batches {
			t32, ok32 := rep.find("tingzhen", dev, m, "fp32", b)
			t16, ok16 := rep.find("tingzhen", dev, m, "fp16", b)
			if !ok32 && !ok16 {
				continue
			}
			base := "—"
			if okc && dev != "cpu" {
				base = gpuCell(cpu, okc)
			} else {
				cpu.TextsPerSec = 0
			}
			fmt.Fprintf(w, "| %s | %d | %s | %s | %s | %s |\n", m, b, gpuCell(t32, ok32), gpuCell(t16, ok16), base, speedup(max(t32.TextsPerSec, t16.TextsPerSec), cpu.TextsPerSec))
		}
	}
	fmt.Fprintln(w)

	fmt.Fprintln(w, "## Every run")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| runtime | device | model | precision | batch | seq | texts | seconds | texts/s | p50 / p95 / p99 ms |")
	fmt.Fprintln(w, "|---|---|---|---|---:|---:|---:|---:|---:|---|")
	for _, g := range rep.Runs {
		fmt.Fprintf(w, "| %s | %s | %s | %s | %d | %d | %d | %.2f | %.1f | %.2f / %.2f / %.2f |\n", g.Runtime, g.Device, g.Model, g.Precision, g.Batch, g.SeqLen, g.Texts, g.Seconds, g.TextsPerSec, g.P50ms, g.P95ms, g.P99ms)
	}
	fmt.Fprintln(w)
	if len(rep.Errors) > 0 {
		fmt.Fprintln(w, "## Steps that failed")
		fmt.Fprintln(w)
		for _, e := range rep.Errors {
			fmt.Fprintf(w, "- %s\n", strings.TrimSpace(e))
		}
		fmt.Fprintln(w)
	}
}
