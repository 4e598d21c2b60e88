package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tingzhen/tingzhen/model/infer"
)

// benchCLI runs `tingzhen bench SUB --home ../.. ARGS...`.
func benchCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	full := []string{"bench"}
	if len(args) > 0 {
		full = append(full, args[0])
		if !strings.HasPrefix(args[0], "-") {
			full = append(full, "--home", "../..")
		}
		full = append(full, args[1:]...)
	}
	code := run(context.Background(), full, &out, &errb)
	return code, out.String(), errb.String()
}

func TestBenchUsageErrors(t *testing.T) {
	cases := [][]string{
		{"nosuch"},
		{"accuracy", "--model", "../../models/sentiment-zh"},                // no --data
		{"speed", "--batch", "0", "--model", "../../models/sentiment-zh"},   // bad batch
		{"speed", "--seq-len", "x", "--model", "../../models/sentiment-zh"}, // bad seq-len
		{"accuracy", "--model", "../../models/sentiment-zh", "--data", "no/such/file.csv"},
		{"accuracy", "--model", "../../models/sentiment-zh", "--data", "../../bench/testdata/sample.jsonl", "--format", "xml"},
	}
	if code, out, _ := benchCLI(t); code != exitUsage || !strings.Contains(out, "bench accuracy") {
		t.Errorf("bare bench: exit %d, usage %q", code, out)
	}
	for _, args := range cases {
		code, _, stderr := benchCLI(t, args...)
		if code != exitUsage || stderr == "" {
			t.Errorf("%v: exit %d, want %d (stderr %s)", args, code, exitUsage, stderr)
		}
	}
}

// bench accuracy on a small real-review JSONL writes the table, the JSON and the chart.
func TestBenchAccuracyCLI(t *testing.T) {
	if _, err := infer.FindLibrary("", "../.."); err != nil {
		t.Skipf("no ONNX Runtime library: %v", err)
	}
	dir := t.TempDir()
	chart := filepath.Join(dir, "c.svg")
	code, out, stderr := benchCLI(t, "accuracy", "--model", "../../models/sentiment-zh", "--data", "../../bench/testdata/sample.jsonl", "--chart", chart)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(out, "| sentiment-zh | sample.jsonl | jsonl | 4 | accuracy |") {
		t.Errorf("table missing the row:\n%s", out)
	}
	if b, err := os.ReadFile(chart); err != nil || !strings.Contains(string(b), "<svg") {
		t.Errorf("chart: %v", err)
	}
	code, out, stderr = benchCLI(t, "accuracy", "--json", "--model", "../../models/sentiment-zh", "--data", "../../bench/testdata/sample.jsonl")
	var res []struct {
		Model    string  `json:"model"`
		N        int     `json:"n"`
		Accuracy float64 `json:"accuracy"`
	}
	if code != exitOK || json.Unmarshal([]byte(out), &res) != nil || len(res) != 1 || res[0].N != 4 {
		t.Fatalf("exit %d, output %s, stderr %s", code, out, stderr)
	}
	if res[0].Accuracy < 0.75 {
		t.Errorf("accuracy %v on four plain reviews", res[0].Accuracy)
	}
}
