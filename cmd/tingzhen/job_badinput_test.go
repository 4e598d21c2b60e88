package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestJobRunSpecialFiles: `job run` over a folder holding a FIFO, a dangling symbolic link
// and a good CSV finishes (it used to hang on the FIFO, or stop on the link before reading
// anything), analyses the CSV, names both bad files on stderr and exits with
// exitRecordFails.
func TestJobRunSpecialFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "in")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	csv := "id,评论\nr1,快递太慢了，包装也破了\nr2,客服回复很及时，问题解决了\n"
	if err := os.WriteFile(filepath.Join(dir, "good.csv"), []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.csv"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "missing.jsonl"), filepath.Join(dir, "link.jsonl")); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "out")
	code, stderr := runJobWithin(t, []string{"job", "run", "--home", "../..", "--progress", "none", "--workers", "1", "--input", dir, "--output", out}, time.Minute)
	if code != exitRecordFails {
		t.Errorf("exit %d, want %d (some input failed): %s", code, exitRecordFails, stderr)
	}
	for _, want := range []string{"2 input file(s) could not be read", "pipe.csv", "not_regular_file", "link.jsonl", "broken_symlink", "job: 2 records, 0 failed"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
}

// runJobWithin runs the CLI and fails the test when it does not return in time.
func runJobWithin(t *testing.T, args []string, d time.Duration) (int, string) {
	t.Helper()
	var out, errb bytes.Buffer
	done := make(chan int, 1)
	go func() { done <- run(context.Background(), args, &out, &errb) }()
	select {
	case code := <-done:
		return code, errb.String()
	case <-time.After(d):
		t.Fatalf("%v did not return within %v", args, d)
		return 0, ""
	}
}

// TestJobRunOnlyInputUnreadable: `job run` whose only input is a dangling symbolic link
// (named directly) used to stop before reading anything; then, once it read on, it exited
// 0 with "0 failed". It must finish, say the file could not be read, and exit 1.
func TestJobRunOnlyInputUnreadable(t *testing.T) {
	link := filepath.Join(t.TempDir(), "reviews.jsonl")
	if err := os.Symlink(link+".missing", link); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "out")
	code, stderr := runJobWithin(t, []string{"job", "run", "--home", "../..", "--progress", "none", "--workers", "1", "--input", link, "--output", out}, time.Minute)
	if code != exitRecordFails {
		t.Errorf("exit %d, want %d: %s", code, exitRecordFails, stderr)
	}
	for _, want := range []string{"job: 0 records, 0 failed", "1 input file(s) could not be read", "broken_symlink"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	html, err := os.ReadFile(filepath.Join(out, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(html), "失败文件") {
		t.Error("report.html does not show the failed file")
	}
}
