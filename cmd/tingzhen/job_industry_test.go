package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// `job run --industry-mode`: dominant (the default) names the industry it chose on stderr;
// record says nothing of one; an unknown mode is a usage error before any work.
func TestJobRunIndustryMode(t *testing.T) {
	in := "../../jobs/testdata/industry/fruit_reviews.jsonl"
	f := func(mode string, wantCode int, want, notWant string) {
		t.Helper()
		args := []string{"job", "run", "--home", "../..", "--progress", "none", "--workers", "1", "--input", in, "--output", filepath.Join(t.TempDir(), "out")}
		if mode != "" {
			args = append(args, "--industry-mode", mode)
		}
		code, stderr := runJobWithin(t, args, time.Minute)
		if code != wantCode || !strings.Contains(stderr, want) || notWant != "" && strings.Contains(stderr, notWant) {
			t.Errorf("--industry-mode %q: exit %d (want %d), stderr:\n%s\nwant %q, not %q", mode, code, wantCode, stderr, want, notWant)
		}
	}
	f("", 0, "job: industry ecommerce for records naming none (", "")
	f("record", 0, "job: 41 records, 0 failed", "job: industry")
	f("majority", exitUsage, "--industry-mode", "job: 41 records")
}
