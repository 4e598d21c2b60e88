package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBenchGPU: `bench gpu --from` turns the dry run's real JSON into the Markdown report;
// without --from, or with a file that is not a report, it stops with exit 2 / 1 and a reason.
func TestBenchGPU(t *testing.T) {
	out := filepath.Join(t.TempDir(), "gpu.md")
	f := func(args []string, wantCode int, wantErr string) {
		t.Helper()
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), append([]string{"bench", "gpu"}, args...), &stdout, &stderr)
		if code != wantCode || !strings.Contains(stderr.String(), wantErr) {
			t.Fatalf("bench gpu %v: exit %d, stderr %q; want exit %d with %q", args, code, stderr.String(), wantCode, wantErr)
		}
	}
	f([]string{"--from", "../../bench/testdata/gpu-dry.json", "--out", out}, exitOK, "")
	md, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"# GPU inference", "**DRY RUN on cpu**", "| bert-base-random |", "| sentiment-zh |"} {
		if !strings.Contains(string(md), want) {
			t.Errorf("report lacks %q", want)
		}
	}
	f(nil, exitUsage, "--from FILE is required")
	f([]string{"--from", "../../go.mod"}, exitUsage, "parse GPU report")
}
