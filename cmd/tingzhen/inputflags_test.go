package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestInputFlags: job run and job submit share their input flags, and a bad value is a usage
// error (exit 2) naming the flag before anything is opened (no engine, no NATS server).
func TestInputFlags(t *testing.T) {
	f := func(want string, args ...string) {
		t.Helper()
		var out, errb bytes.Buffer
		code := run(context.Background(), args, &out, &errb)
		if code != exitUsage || !strings.Contains(errb.String(), want) {
			t.Fatalf("%q: exit %d, stderr %q; want exit %d and %q", args, code, errb.String(), exitUsage, want)
		}
	}
	f("--encoding", "job", "run", "--output", t.TempDir(), "--encoding", "big5", "testdata/x.jsonl")
	f("--encoding", "job", "submit", "--nats", "nats://127.0.0.1:1", "--encoding", "big5", "testdata/x.jsonl")
	f("--industry-mode", "job", "run", "--output", t.TempDir(), "--industry-mode", "majority", "testdata/x.jsonl")
	f("--industry-mode", "job", "submit", "--nats", "nats://127.0.0.1:1", "--industry-mode", "majority", "testdata/x.jsonl")
	f("channel", "job", "submit", "--nats", "nats://127.0.0.1:1", "--field", "colour=颜色", "testdata/x.jsonl")
}
