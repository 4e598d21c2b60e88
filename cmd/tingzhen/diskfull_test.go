package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestJobRunLowDisk: `job run` with a --min-free-disk above the output disk's free space
// (the check a full disk trips) refuses in one sentence naming the flag and exits non-zero,
// writing nothing; a bad --max-output size is a usage error.
func TestJobRunLowDisk(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.csv")
	if err := os.WriteFile(in, []byte("id,评论\nr1,快递太慢了，包装也破了\nr2,客服回复很及时，问题解决了\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	code, stderr := runJobWithin(t, []string{"job", "run", "--home", "../..", "--progress", "none", "--min-free-disk", "1000TiB", "--input", in, "--output", out}, time.Minute)
	if code == exitOK || !strings.Contains(stderr, "min-free-disk") || !strings.Contains(stderr, "refused") {
		t.Errorf("exit %d, stderr %q; want a refusal naming --min-free-disk", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "results.jsonl")); err == nil {
		t.Error("a refused job wrote results.jsonl")
	}
	if code, _ := runJobWithin(t, []string{"job", "run", "--home", "../..", "--progress", "none", "--min-free-disk", "1000TiB", "--max-output", "12 parsecs", "--input", in, "--output", out}, time.Minute); code != exitUsage {
		t.Errorf("a bad --max-output: exit %d, want %d", code, exitUsage)
	}
}

// TestKGLowDisk: `kg add-term` on a store whose disk is under --min-free-disk opens it
// read-only and refuses the term in one sentence naming the flag, exit non-zero; reads
// (`kg candidates`) still work under the same reserve.
func TestKGLowDisk(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	if code, _, stderr := runPlain("kg", "candidates", "--home", "../..", "--data", data); code != exitOK {
		t.Fatalf("create the store: exit %d %s", code, stderr)
	}
	code, _, stderr := runPlain("kg", "add-term", "--home", "../..", "--data", data, "--min-free-disk", "1000TiB", "--industry", "ecommerce", "--aspect", "overall_quality", "掉漆快")
	if code == exitOK || !strings.Contains(stderr, "refused") || !strings.Contains(stderr, "min-free-disk") {
		t.Errorf("add-term on a full disk: exit %d, stderr %q", code, stderr)
	}
	if code, _, stderr := runPlain("kg", "candidates", "--home", "../..", "--data", data, "--min-free-disk", "1000TiB"); code != exitOK {
		t.Errorf("read on a full disk: exit %d %s", code, stderr)
	}
}

// runPlain runs the CLI with exactly these arguments.
func runPlain(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}
