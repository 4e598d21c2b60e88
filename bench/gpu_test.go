package bench

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// TestGPUReportDryRun: the JSON a real `bench/gpu/run.sh --dry-run` wrote on CPU
// (testdata/gpu-dry.json) parses, and the Markdown shows its runs in the BERT and the
// shipped-model tables with the measured throughputs, marked as a dry run.
func TestGPUReportDryRun(t *testing.T) {
	data, err := os.ReadFile("testdata/gpu-dry.json")
	if err != nil {
		t.Fatal(err)
	}
	rep, err := ReadGPUReport(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if !rep.DryRun || rep.Device != "cpu" || len(rep.Runs) == 0 {
		t.Fatalf("dry run %v, device %q, %d runs", rep.DryRun, rep.Device, len(rep.Runs))
	}
	var b strings.Builder
	WriteGPUMarkdown(&b, rep)
	md := b.String()
	if !strings.Contains(md, "**DRY RUN on cpu**") {
		t.Errorf("report does not say it is a dry run:\n%s", md)
	}
	f := func(runtime, model, precision string, batch int) {
		t.Helper()
		g, ok := rep.find(runtime, "cpu", model, precision, batch)
		if !ok {
			t.Fatalf("no %s %s %s batch %d run in the dry-run JSON", runtime, model, precision, batch)
		}
		if g.TextsPerSec <= 0 || g.SeqLen != 128 {
			t.Errorf("%s %s %s batch %d: %.1f texts/s, seq %d", runtime, model, precision, batch, g.TextsPerSec, g.SeqLen)
		}
		if !strings.Contains(md, " "+groupDigits(g.TextsPerSec)+" |") {
			t.Errorf("report lacks %s %s %s batch %d's %s texts/s", runtime, model, precision, batch, groupDigits(g.TextsPerSec))
		}
	}
	for _, batch := range []int{1, 2} {
		f("tingzhen", "bert-base-random", "fp32", batch)
		f("tingzhen", "bert-base-random", "fp16", batch)
		f("pytorch-eager", "bert-base-random", "fp32", batch)
		for _, m := range []string{"sentiment-zh", "aspect-zh", "category-car", "polarity-zh"} {
			f("tingzhen", m, "fp32", batch)
			f("tingzhen", m, "fp16", batch)
		}
	}
}

// TestReadGPUReportErrors: what is not a report of bench/gpu/run.sh is refused with a reason.
func TestReadGPUReportErrors(t *testing.T) {
	f := func(in, want string) {
		t.Helper()
		_, err := ReadGPUReport(strings.NewReader(in))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ReadGPUReport(%q) = %v; want an error with %q", in, err, want)
		}
	}
	f(``, "parse GPU report")
	f(`[1,2]`, "parse GPU report")
	f(`{"schema":"other/1"}`, `schema "other/1"`)
	f(`{"schema":"tingzhen-gpu-bench/1","runs":[{"runtime":"tingzhen","model":"m","precision":"fp32","batch":0}]}`, "positive batch")
	f(`{"schema":"tingzhen-gpu-bench/1","runs":[{"model":"m","precision":"fp32","batch":1}]}`, "lacks runtime")
}

// TestGPUSpeedup: the ratio column and its missing cases.
func TestGPUSpeedup(t *testing.T) {
	f := func(a, b float64, want string) {
		t.Helper()
		if got := speedup(a, b); got != want {
			t.Errorf("speedup(%v, %v) = %q; want %q", a, b, got, want)
		}
	}
	f(5652, 8440, "0.67×")
	f(100, 10, "10.00×")
	f(0, 10, "—")
	f(10, 0, "—")
	g := func(v float64, want string) {
		t.Helper()
		if got := groupDigits(v); got != want {
			t.Errorf("groupDigits(%v) = %q; want %q", v, got, want)
		}
	}
	g(8440.4, "8,440")
	g(999.6, "1,000")
	g(12, "12.0")
	g(0.24, "0.2")
	g(99.97, "100")
	g(1234567, "1,234,567")
}

func FuzzReadGPUReport(f *testing.F) {
	if data, err := os.ReadFile("testdata/gpu-dry.json"); err == nil {
		f.Add(data)
	}
	f.Add([]byte(`{"schema":"tingzhen-gpu-bench/1","runs":[{"runtime":"tingzhen","device":"cuda","model":"m","precision":"fp16","batch":32,"texts_per_sec":1e9}],"errors":["x"]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		rep, err := ReadGPUReport(bytes.NewReader(data))
		if err != nil {
			return
		}
		var b strings.Builder
		WriteGPUMarkdown(&b, rep)
		if !strings.HasPrefix(b.String(), "# GPU inference") {
			t.Fatalf("report starts %q", b.String()[:min(40, b.Len())])
		}
	})
}
