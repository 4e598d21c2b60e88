package main

import (
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
